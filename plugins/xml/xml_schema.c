/* SPDX-License-Identifier: MIT */
/* The XML plugin's safety layer: error capture, safe parsing, schemas, XSLT. */
#include "xml_schema.h"
#include "xml_strip.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/xmlreader.h>
#include <libxslt/documents.h>
#include <libxslt/security.h>
#include <libxslt/transform.h>
#include <libxslt/xsltutils.h>

/* Bounds of one transformation (libxslt's own defaults are 3000 and 15000; the op count is unbounded). */
#define XMLP_XSLT_MAX_OPS   200000000ul /* XPath operations */
#define XMLP_XSLT_MAX_DEPTH 3000        /* template recursion */
#define XMLP_XSLT_MAX_VARS  15000       /* live variables */
#define XMLP_XSLT_MAX_NODES 50000000ul  /* nodes of the result tree */
#define XMLP_INCLUDE_DEPTH  256         /* nesting of an included stylesheet */

void xmlp_errbuf_init(xmlp_errbuf *eb, const bk_host *h, bk_diags *diags, const char *what)
{
    memset(eb, 0, sizeof *eb);
    eb->h = h;
    eb->diags = diags;
    eb->what = what;
    eb->mem_cap = XMLP_MEMCAP_DEFAULT;
}

/* After a capped step: a refused allocation is the limit's error, not libxml2's "out of memory". */
static void memcap_report(xmlp_errbuf *eb, const xmlp_memcap *m, const char *step)
{
    if (!m->hit) return;
    eb->have = 0;
    eb->message[0] = '\0';
    eb->code = BK_ERR_LIMIT;
    xmlp_errbuf_set(eb, 0, 0, "%s needed more than %llu bytes of memory (limit.xslt_memory)", step,
                    (unsigned long long)m->cap);
}

void xmlp_errscope_enter(xmlp_errscope *s, xmlp_errbuf *eb)
{
    s->fn = xmlStructuredError;
    s->ctx = xmlStructuredErrorContext;
    s->generic_fn = xmlGenericError;
    s->generic_ctx = xmlGenericErrorContext;
    xmlSetStructuredErrorFunc(eb, xmlp_on_structured_error);
    xmlSetGenericErrorFunc(eb, xmlp_on_generic_error);
}

void xmlp_errscope_leave(const xmlp_errscope *s)
{
    xmlSetStructuredErrorFunc(s->ctx, s->fn);
    xmlSetGenericErrorFunc(s->generic_ctx, s->generic_fn);
}

/* Copy a libxml2 message onto one line: newlines become "; ", the trailing one goes. */
static void copy_one_line(char *dst, size_t cap, size_t used, const char *src)
{
    size_t j = used;
    for (size_t i = 0; src && src[i] && j + 3 < cap; i++) {
        char c = src[i];
        if (c == '\n' || c == '\r') {
            if (src[i + 1] == '\0') break;
            if (j > 0 && dst[j - 1] != ' ') {
                dst[j++] = ';';
                dst[j++] = ' ';
            }
        } else {
            dst[j++] = c;
        }
    }
    while (j > 0 && (dst[j - 1] == ' ' || dst[j - 1] == ';')) j--;
    dst[j] = '\0';
}

void xmlp_on_structured_error(void *ctx, xmlErrorPtr e)
{
    xmlp_errbuf *eb = ctx;
    if (!eb || !e) return;
    if (e->code == XML_ERR_NO_MEMORY) eb->code = BK_ERR_NOMEM;
    uint32_t line = e->line > 0 ? (uint32_t)e->line : 0;
    uint32_t column = e->int2 > 0 ? (uint32_t)e->int2 : 0;
    if (e->level == XML_ERR_WARNING) {
        if (eb->h && eb->diags) {
            char msg[400];
            copy_one_line(msg, sizeof msg, 0, e->message);
            eb->h->diags_add(eb->diags, BK_SEV_WARNING, line, column, eb->what, "%s", msg);
        }
        return;
    }
    if (eb->have) return; /* the first error is the cause; later ones are mostly its echoes */
    /* schema errors carry only a line: the parser stands at the end of the offending token */
    if (column == 0 && eb->reader && line > 0 &&
        (uint32_t)xmlTextReaderGetParserLineNumber((xmlTextReaderPtr)eb->reader) == line)
        column = (uint32_t)xmlTextReaderGetParserColumnNumber((xmlTextReaderPtr)eb->reader);
    eb->have = 1;
    eb->line = line;
    eb->column = column;
    copy_one_line(eb->message, sizeof eb->message, 0, e->message && *e->message ? e->message : "XML error");
}

void xmlp_on_generic_error(void *ctx, const char *fmt, ...)
{
    xmlp_errbuf *eb = ctx;
    if (!eb) return;
    char piece[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(piece, sizeof piece, fmt, ap);
    va_end(ap);
    /* libxslt reports one error in several pieces: keep appending until full. */
    size_t used = strlen(eb->message);
    if (used > 0 && used + 2 < sizeof eb->message && eb->message[used - 1] != ' ') {
        eb->message[used++] = ' ';
        eb->message[used] = '\0';
    }
    copy_one_line(eb->message, sizeof eb->message, used, piece);
    eb->have = 1;
    if (strstr(piece, "out of memory") || strstr(piece, "malloc failed") || strstr(piece, "Memory allocation"))
        eb->code = BK_ERR_NOMEM;
}

void xmlp_errbuf_set(xmlp_errbuf *eb, uint32_t line, uint32_t column, const char *fmt, ...)
{
    if (eb->have) return;
    eb->have = 1;
    eb->line = line;
    eb->column = column;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(eb->message, sizeof eb->message, fmt, ap);
    va_end(ap);
}

int xmlp_errbuf_raise(const xmlp_errbuf *eb, const bk_host *h, bk_error *err, int code, const char *context)
{
    const char *msg = eb->have && eb->message[0] ? eb->message : "XML error";
    if (eb->code) code = eb->code;
    if (eb->what && *eb->what) return h->error_set(err, code, eb->line, eb->column, context, "%s: %s", eb->what, msg);
    return h->error_set(err, code, eb->line, eb->column, context, "%s", msg);
}

/* ---- safe tree parsing ---- */

static int read_fp(void *ctx, char *buf, int len)
{
    FILE *fp = ctx;
    size_t n = fread(buf, 1, (size_t)len, fp);
    if (n == 0 && ferror(fp)) return -1;
    return (int)n;
}

static int close_nothing(void *ctx)
{
    (void)ctx; /* the core owns the stream */
    return 0;
}

/* Parser errors arrive with the parser context; our errbuf rides in its _private. */
static void on_parser_error(void *ctx, xmlErrorPtr e)
{
    xmlParserCtxtPtr pc = ctx;
    if (pc) xmlp_on_structured_error(pc->_private, e);
}

/* ---- the DOCTYPE gate ---- */

typedef struct prolog_state {
    xmlParserCtxtPtr pc;
    int doctype;
    uint32_t line;
    int done;
} prolog_state;

static void prolog_on_dtd(void *ctx, const xmlChar *name, const xmlChar *ext_id, const xmlChar *sys_id)
{
    (void)name;
    (void)ext_id;
    (void)sys_id;
    prolog_state *st = ctx;
    st->doctype = 1;
    st->done = 1;
    st->line = (uint32_t)xmlSAX2GetLineNumber(st->pc);
    xmlStopParser(st->pc);
}

static void prolog_on_root(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri,
                           int nb_namespaces, const xmlChar **namespaces, int nb_attributes, int nb_defaulted,
                           const xmlChar **attributes)
{
    (void)localname;
    (void)prefix;
    (void)uri;
    (void)nb_namespaces;
    (void)namespaces;
    (void)nb_attributes;
    (void)nb_defaulted;
    (void)attributes;
    prolog_state *st = ctx;
    st->done = 1;
    xmlStopParser(st->pc);
}

static void prolog_on_error(void *ctx, xmlErrorPtr e)
{
    (void)e; /* a broken prolog is reported by the real parse */
    ((prolog_state *)ctx)->done = 1;
}

int xmlp_refuse_doctype(FILE *fp, const char *display, xmlp_errbuf *eb)
{
    xmlSAXHandler sax;
    memset(&sax, 0, sizeof sax);
    sax.initialized = XML_SAX2_MAGIC;
    sax.internalSubset = prolog_on_dtd;
    sax.startElementNs = prolog_on_root;
    sax.serror = prolog_on_error;
    prolog_state st = {0};
    st.pc = xmlCreatePushParserCtxt(&sax, &st, NULL, 0, display);
    if (!st.pc) {
        xmlp_errbuf_set(eb, 0, 0, "out of memory");
        return -1;
    }
    xmlCtxtUseOptions(st.pc, XMLP_SAFE_OPTIONS);
    char buf[4096];
    while (!st.done) {
        size_t n = fread(buf, 1, sizeof buf, fp);
        int end = n < sizeof buf;
        if (xmlParseChunk(st.pc, buf, (int)n, end) != 0 || end) break;
    }
    xmlFreeParserCtxt(st.pc);
    clearerr(fp);
    if (fseek(fp, 0, SEEK_SET) != 0) {
        xmlp_errbuf_set(eb, 0, 0, "cannot rewind the input");
        return -1;
    }
    if (st.doctype) {
        xmlp_errbuf_set(eb, st.line, 0,
                        "a DOCTYPE is not allowed: DTDs and entities are refused (no external entities, no "
                        "entity expansion)");
        return -1;
    }
    return 0;
}

/* Nesting depth of the tree under @p root (root = 1), walked without recursion. */
static uint64_t tree_depth(xmlNodePtr root)
{
    uint64_t depth = 0, max = 0;
    xmlNodePtr n = root;
    while (n) {
        if (n->type == XML_ELEMENT_NODE) {
            depth++;
            if (depth > max) max = depth;
            if (n->children) {
                n = n->children;
                continue;
            }
            depth--;
        }
        while (n && !n->next) {
            n = n->parent;
            if (!n || n->type == XML_DOCUMENT_NODE) return max;
            depth--;
        }
        if (n) n = n->next;
    }
    return max;
}

xmlDocPtr xmlp_parse_tree(FILE *fp, const char *path, const char *display, uint64_t max_depth, xmlp_errbuf *eb)
{
    if (fp && xmlp_refuse_doctype(fp, display, eb) != 0) return NULL;
    xmlParserCtxtPtr pc = xmlNewParserCtxt();
    if (!pc) {
        xmlp_errbuf_set(eb, 0, 0, "out of memory");
        return NULL;
    }
    pc->_private = eb;
    pc->sax->serror = on_parser_error;
    xmlDocPtr doc = fp ? xmlCtxtReadIO(pc, read_fp, close_nothing, fp, display, NULL, XMLP_SAFE_OPTIONS)
                       : xmlCtxtReadFile(pc, path, NULL, XMLP_SAFE_OPTIONS);
    int well_formed = pc->wellFormed;
    xmlFreeParserCtxt(pc);
    if (doc && !well_formed) {
        xmlFreeDoc(doc);
        doc = NULL;
    }
    if (!doc) {
        xmlp_errbuf_set(eb, 0, 0, "cannot parse %s", display ? display : path);
        return NULL;
    }
    if (doc->intSubset || doc->extSubset) {
        xmlNodePtr dtd = (xmlNodePtr)(doc->intSubset ? doc->intSubset : doc->extSubset);
        xmlp_errbuf_set(eb, (uint32_t)(dtd->line > 0 ? dtd->line : 1), 0,
                        "a DOCTYPE is not allowed (no DTDs, no entities)");
        xmlFreeDoc(doc);
        return NULL;
    }
    xmlNodePtr root = xmlDocGetRootElement(doc);
    if (root && tree_depth(root) > max_depth) {
        xmlp_errbuf_set(eb, 0, 0, "elements are nested deeper than the limit of %llu (limit.xml_depth)",
                        (unsigned long long)max_depth);
        xmlFreeDoc(doc);
        return NULL;
    }
    return doc;
}

/* ---- the sandbox: what a load may reach ---- */

/* What the current call on this thread allows libxml2 and libxslt to load. */
typedef struct xmlp_policy {
    const char *main_path;    /* the one file the call opens by name (a schema), or NULL */
    char allow_dir[PATH_MAX]; /* resolved folder includes may come from; "" = none */
    xmlp_errbuf *eb;          /* where a refusal is reported */
} xmlp_policy;

static _Thread_local xmlp_policy *t_policy; /* set and cleared within one call */

#define INCLUDES_OFF    "includes are off (-o xslt-allow-read=DIR allows the stylesheet's own folder)"
#define OUTSIDE_ALLOWED "outside the folder -o xslt-allow-read allows"

static pthread_once_t g_sandbox_once = PTHREAD_ONCE_INIT;
static xmlExternalEntityLoader g_prev_entity_loader;
static xsltSecurityPrefsPtr g_default_prefs;

static void refuse(const char *what, const char *url, const char *why)
{
    xmlp_policy *p = t_policy;
    if (p && p->eb) xmlp_errbuf_set(p->eb, 0, 0, "%s '%s' refused: %s", what, url ? url : "", why);
}

/* A local path for @p url ("file:///x" → "/x"), or NULL for a URL with another scheme. */
static const char *local_path(const char *url)
{
    if (!url) return NULL;
    if (strncmp(url, "file://localhost/", 17) == 0) return url + 16;
    if (strncmp(url, "file:///", 8) == 0) return url + 7;
    if (strstr(url, "://") || strncmp(url, "file:", 5) == 0) return NULL;
    return url;
}

/* Whether @p path resolves (symlinks too) to a file inside the allowed folder. */
static int inside_allowed(const xmlp_policy *p, const char *path)
{
    char real[PATH_MAX];
    if (!p || !p->allow_dir[0] || !path || !realpath(path, real)) return 0;
    size_t n = strlen(p->allow_dir);
    return strncmp(real, p->allow_dir, n) == 0 && real[n] == '/';
}

/* libxml2's loader for every URL it opens (schema imports, DTDs, entities): only the call's own file. */
static xmlParserInputPtr entity_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
    (void)id;
    xmlp_policy *p = t_policy;
    const char *path = local_path(url);
    if (p && p->main_path && url && strcmp(url, p->main_path) == 0) return xmlNewInputFromFile(ctxt, url);
    refuse("loading", url,
           path ? "no file but the one given is read (no imports, includes, DTDs or entities)" : "no network access");
    return NULL;
}

/* Security check for file reads: only inside the folder xslt-allow-read allowed, at compile time. */
static int check_read_file(xsltSecurityPrefsPtr sec, xsltTransformContextPtr ctxt, const char *value)
{
    (void)sec;
    const xmlp_policy *p = t_policy;
    if (ctxt) {
        refuse("document()", value, "a stylesheet reads no other document");
        return 0;
    }
    if (!p || !p->allow_dir[0]) {
        refuse("xsl:include/xsl:import of", value, INCLUDES_OFF);
        return 0;
    }
    if (!inside_allowed(p, local_path(value))) {
        refuse("xsl:include/xsl:import of", value, OUTSIDE_ALLOWED);
        return 0;
    }
    return 1;
}

/* Network checks: refused, and said so. */
static int check_network(xsltSecurityPrefsPtr sec, xsltTransformContextPtr ctxt, const char *value)
{
    (void)sec;
    (void)ctxt;
    refuse("loading", value, "no network access");
    return 0;
}

/* Parse one included stylesheet as safely as the main one, sharing the stylesheet's dictionary. */
static xmlDocPtr parse_included(const char *path, xmlDictPtr dict, xmlp_errbuf *eb)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        xmlp_errbuf_set(eb, 0, 0, "cannot open '%s': %s", path, strerror(errno));
        return NULL;
    }
    xmlDocPtr doc = NULL;
    xmlParserCtxtPtr pc = xmlp_refuse_doctype(fp, path, eb) == 0 ? xmlNewParserCtxt() : NULL;
    if (pc) {
        if (dict) {
            if (pc->dict) xmlDictFree(pc->dict);
            pc->dict = dict;
            xmlDictReference(dict);
        }
        pc->_private = eb;
        pc->sax->serror = on_parser_error;
        doc = xmlCtxtReadIO(pc, read_fp, close_nothing, fp, path, NULL, XMLP_SAFE_OPTIONS);
        if (doc && (!pc->wellFormed || doc->intSubset || doc->extSubset ||
                    tree_depth(xmlDocGetRootElement(doc)) > XMLP_INCLUDE_DEPTH)) {
            xmlp_errbuf_set(eb, 0, 0, "included stylesheet '%s' is not well-formed, has a DOCTYPE or nests too deep",
                            path);
            xmlFreeDoc(doc);
            doc = NULL;
        }
        xmlFreeParserCtxt(pc);
    }
    fclose(fp);
    return doc;
}

/* libxslt's loader: xsl:include/xsl:import only inside the allowed folder; document() never. */
static xmlDocPtr xslt_loader(const xmlChar *uri, xmlDictPtr dict, int options, void *ctxt, xsltLoadType type)
{
    (void)options;
    (void)ctxt;
    xmlp_policy *p = t_policy;
    const char *url = (const char *)uri;
    const char *path = local_path(url);
    if (type != XSLT_LOAD_STYLESHEET) {
        refuse("document()", url, "a stylesheet reads no other document");
        return NULL;
    }
    if (!path) {
        refuse("xsl:include/xsl:import of", url, "no network access");
        return NULL;
    }
    if (!p || !p->allow_dir[0]) {
        refuse("xsl:include/xsl:import of", url, INCLUDES_OFF);
        return NULL;
    }
    if (!inside_allowed(p, path)) {
        refuse("xsl:include/xsl:import of", url, OUTSIDE_ALLOWED);
        return NULL;
    }
    return parse_included(path, dict, p->eb);
}

static void sandbox_install_once(void)
{
    g_prev_entity_loader = xmlGetExternalEntityLoader();
    xmlSetExternalEntityLoader(entity_loader);
    xsltSetLoaderFunc(xslt_loader);
    /* libxslt checks these defaults (not a context's) for xsl:include/xsl:import */
    xsltSecurityPrefsPtr sec = xsltNewSecurityPrefs();
    if (sec) {
        xsltSetSecurityPrefs(sec, XSLT_SECPREF_READ_FILE, check_read_file);
        xsltSetSecurityPrefs(sec, XSLT_SECPREF_WRITE_FILE, xsltSecurityForbid);
        xsltSetSecurityPrefs(sec, XSLT_SECPREF_CREATE_DIRECTORY, xsltSecurityForbid);
        xsltSetSecurityPrefs(sec, XSLT_SECPREF_READ_NETWORK, check_network);
        xsltSetSecurityPrefs(sec, XSLT_SECPREF_WRITE_NETWORK, check_network);
        xsltSetDefaultSecurityPrefs(sec);
        g_default_prefs = sec;
    }
}

void xmlp_sandbox_install(void)
{
    pthread_once(&g_sandbox_once, sandbox_install_once);
}

void xmlp_sandbox_remove(void)
{
    if (!g_default_prefs) return;
    xsltSetDefaultSecurityPrefs(NULL);
    xsltFreeSecurityPrefs(g_default_prefs);
    g_default_prefs = NULL;
    xsltSetLoaderFunc(NULL);
    xmlSetExternalEntityLoader(g_prev_entity_loader);
}

/* ---- schemas ---- */

xmlSchemaPtr xmlp_schema_embedded(xmlp_errbuf *eb)
{
    xmlp_sandbox_install();
    xmlSchemaParserCtxtPtr pc = xmlSchemaNewMemParserCtxt((const char *)xmlp_schema_xsd, (int)xmlp_schema_xsd_len);
    if (!pc) {
        xmlp_errbuf_set(eb, 0, 0, "out of memory");
        return NULL;
    }
    xmlSchemaSetParserStructuredErrors(pc, xmlp_on_structured_error, eb);
    xmlSchemaPtr s = xmlSchemaParse(pc);
    xmlSchemaFreeParserCtxt(pc);
    if (!s) xmlp_errbuf_set(eb, 0, 0, "the embedded schema does not compile");
    return s;
}

xmlSchemaPtr xmlp_schema_file(const char *path, xmlp_errbuf *eb)
{
    FILE *probe = fopen(path, "rb");
    if (!probe) {
        xmlp_errbuf_set(eb, 0, 0, "cannot open schema '%s': %s", path, strerror(errno));
        return NULL;
    }
    fclose(probe);
    xmlp_sandbox_install();
    xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(path);
    if (!pc) {
        xmlp_errbuf_set(eb, 0, 0, "out of memory");
        return NULL;
    }
    xmlSchemaSetParserStructuredErrors(pc, xmlp_on_structured_error, eb);
    xmlp_policy policy = {.main_path = path, .eb = eb}; /* the schema itself, no import or include */
    xmlp_errscope scope;                                /* I/O warnings reach only the generic hook */
    xmlp_errscope_enter(&scope, eb);
    t_policy = &policy;
    xmlp_memcap cap;
    xmlp_memcap_begin(&cap, eb->mem_cap, NULL);
    xmlSchemaPtr s = xmlSchemaParse(pc);
    xmlp_memcap_end(&cap);
    t_policy = NULL;
    xmlp_errscope_leave(&scope);
    xmlSchemaFreeParserCtxt(pc);
    memcap_report(eb, &cap, "compiling the schema");
    if (s && eb->have) { /* a refused import: not the schema the user meant */
        xmlSchemaFree(s);
        s = NULL;
    }
    if (!s) xmlp_errbuf_set(eb, 0, 0, "schema '%s' does not compile", path);
    return s;
}

int xmlp_schema_validate_tree(xmlSchemaPtr schema, xmlDocPtr doc, xmlp_errbuf *eb)
{
    xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schema);
    if (!vc) {
        xmlp_errbuf_set(eb, 0, 0, "out of memory");
        return -1;
    }
    xmlSchemaSetValidStructuredErrors(vc, xmlp_on_structured_error, eb);
    xmlp_memcap cap;
    xmlp_memcap_begin(&cap, eb->mem_cap, NULL);
    int rc = xmlSchemaValidateDoc(vc, doc);
    xmlp_memcap_end(&cap);
    xmlSchemaFreeValidCtxt(vc);
    memcap_report(eb, &cap, "validation");
    if (rc != 0) {
        xmlp_errbuf_set(eb, 0, 0, "the document is not valid");
        return -1;
    }
    return 0;
}

int xmlp_validate_stream(xmlSchemaPtr schema, FILE *fp, const char *display, uint64_t max_depth, xmlp_errbuf *eb)
{
    if (xmlp_refuse_doctype(fp, display, eb) != 0) return -1;
    /* comments and PIs are dropped first, as by the canonical reader (xml_strip.h) */
    xmlp_strip *strip = malloc(sizeof *strip);
    if (strip) xmlp_strip_init(strip, fp);
    xmlTextReaderPtr r =
        strip ? xmlReaderForIO(xmlp_strip_read, close_nothing, strip, display, NULL, XMLP_SAFE_OPTIONS) : NULL;
    xmlSchemaValidCtxtPtr vc = r ? xmlSchemaNewValidCtxt(schema) : NULL;
    if (!r || !vc) {
        if (vc) xmlSchemaFreeValidCtxt(vc);
        if (r) xmlFreeTextReader(r);
        free(strip);
        xmlp_errbuf_set(eb, 0, 0, "out of memory");
        return -1;
    }
    eb->reader = r;
    xmlp_errscope scope;
    xmlp_errscope_enter(&scope, eb);
    xmlSchemaSetValidStructuredErrors(vc, xmlp_on_structured_error, eb);
    xmlp_memcap cap;
    xmlp_memcap_begin(&cap, eb->mem_cap, NULL);
    int rc = xmlTextReaderSchemaValidateCtxt(r, vc, 0);
    while (rc == 0 && !eb->have && !cap.hit && (rc = xmlTextReaderRead(r)) == 1) {
        int type = xmlTextReaderNodeType(r);
        if (type == XML_READER_TYPE_DOCUMENT_TYPE || type == XML_READER_TYPE_ENTITY_REFERENCE)
            xmlp_errbuf_set(eb, (uint32_t)xmlTextReaderGetParserLineNumber(r),
                            (uint32_t)xmlTextReaderGetParserColumnNumber(r),
                            "a DOCTYPE or entity reference is not allowed");
        else if (type == XML_READER_TYPE_ELEMENT && (uint64_t)xmlTextReaderDepth(r) >= max_depth)
            xmlp_errbuf_set(eb, (uint32_t)xmlTextReaderGetParserLineNumber(r), 0,
                            "elements are nested deeper than the limit of %llu (limit.xml_depth)",
                            (unsigned long long)max_depth);
        rc = 0;
    }
    int valid = !eb->have && rc == 0 && xmlTextReaderIsValid(r) == 1;
    eb->reader = NULL;
    xmlFreeTextReader(r);
    xmlSchemaFreeValidCtxt(vc);
    xmlp_memcap_end(&cap);
    free(strip);
    xmlp_errscope_leave(&scope);
    memcap_report(eb, &cap, "validation");
    if (!valid) {
        xmlp_errbuf_set(eb, 0, 0, "the document is not valid");
        return -1;
    }
    return 0;
}

/* ---- XSLT ---- */

/* xslt-allow-read=DIR: only the stylesheet's own folder (resolved) may be named. */
static int allowed_folder(const char *path, const char *allow_read, char *out, size_t cap, xmlp_errbuf *eb)
{
    out[0] = '\0';
    if (!allow_read || !*allow_read) return 0;
    char own[PATH_MAX], dir[PATH_MAX], given[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (!slash)
        snprintf(dir, sizeof dir, ".");
    else if (slash == dir)
        dir[1] = '\0';
    else
        *slash = '\0';
    if (!realpath(dir, own) || !realpath(allow_read, given) || strcmp(own, given) != 0) {
        xmlp_errbuf_set(eb, 0, 0, "xslt-allow-read=%s: only the stylesheet's own folder may be allowed", allow_read);
        return -1;
    }
    snprintf(out, cap, "%s", strcmp(own, "/") == 0 ? "" : own);
    if (!out[0]) { /* "/" itself would allow every file */
        xmlp_errbuf_set(eb, 0, 0, "xslt-allow-read=%s: the root folder cannot be allowed", allow_read);
        return -1;
    }
    return 0;
}

xsltStylesheetPtr xmlp_xslt_load(const char *path, const char *allow_read, xmlp_errbuf *eb)
{
    xmlp_sandbox_install();
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        xmlp_errbuf_set(eb, 0, 0, "cannot open '%s': %s", path, strerror(errno));
        return NULL;
    }
    xmlp_policy policy = {.eb = eb};
    if (allowed_folder(path, allow_read, policy.allow_dir, sizeof policy.allow_dir, eb) != 0) {
        fclose(fp);
        return NULL;
    }
    xmlDocPtr doc = xmlp_parse_tree(fp, path, path, 256, eb);
    fclose(fp);
    if (!doc) return NULL;
    xmlp_errscope scope; /* XPath compilation errors */
    xmlp_errscope_enter(&scope, eb);
    /* Stylesheet compilation reports only through libxslt's process-wide
     * generic error hook: borrow it for this one call, then put it back. */
    xmlGenericErrorFunc saved_fn = xsltGenericError;
    void *saved_ctx = xsltGenericErrorContext;
    xsltSetGenericErrorFunc(eb, xmlp_on_generic_error);
    t_policy = &policy;
    xsltStylesheetPtr style = xsltParseStylesheetDoc(doc);
    t_policy = NULL;
    xsltSetGenericErrorFunc(saved_ctx, saved_fn);
    xmlp_errscope_leave(&scope);
    if (!style) {
        xmlFreeDoc(doc); /* still ours when compilation fails */
        xmlp_errbuf_set(eb, 0, 0, "stylesheet '%s' does not compile", path);
        return NULL;
    }
    if (style->errors > 0 || eb->have) {
        xsltFreeStylesheet(style);
        xmlp_errbuf_set(eb, 0, 0, "stylesheet '%s' has errors", path);
        return NULL;
    }
    return style;
}

/* libxslt's generic hook while a transformation runs: after the first error only
 * the debugger's dump follows (xsltDebug: the template and variable stacks), so drop it. */
static void on_apply_generic_error(void *ctx, const char *fmt, ...)
{
    xmlp_errbuf *eb = ctx;
    if (!eb || eb->have) return;
    char piece[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(piece, sizeof piece, fmt, ap);
    va_end(ap);
    xmlp_on_generic_error(eb, "%s", piece);
}

/* Nodes of a tree, counted without recursion, up to @p max + 1. */
static unsigned long count_nodes(xmlNodePtr n, unsigned long max)
{
    unsigned long count = 0;
    while (n && count <= max) {
        count++;
        if (n->children) {
            n = n->children;
            continue;
        }
        while (n && !n->next) {
            n = n->parent;
            if (!n || n->type == XML_DOCUMENT_NODE) return count;
        }
        if (n) n = n->next;
    }
    return count;
}

xmlDocPtr xmlp_xslt_apply(xsltStylesheetPtr style, xmlDocPtr doc, xmlp_errbuf *eb)
{
    xmlp_sandbox_install();
    xsltSecurityPrefsPtr sec = xsltNewSecurityPrefs();
    xsltTransformContextPtr tc = sec ? xsltNewTransformContext(style, doc) : NULL;
    if (!tc) {
        xsltFreeSecurityPrefs(sec);
        xmlp_errbuf_set(eb, 0, 0, "out of memory");
        return NULL;
    }
    /* A transformation may only compute: no files written, no directories,
     * no network, and no document() reads of other files. */
    int bad = xsltSetSecurityPrefs(sec, XSLT_SECPREF_READ_FILE, xsltSecurityForbid);
    bad |= xsltSetSecurityPrefs(sec, XSLT_SECPREF_WRITE_FILE, xsltSecurityForbid);
    bad |= xsltSetSecurityPrefs(sec, XSLT_SECPREF_CREATE_DIRECTORY, xsltSecurityForbid);
    bad |= xsltSetSecurityPrefs(sec, XSLT_SECPREF_READ_NETWORK, xsltSecurityForbid);
    bad |= xsltSetSecurityPrefs(sec, XSLT_SECPREF_WRITE_NETWORK, xsltSecurityForbid);
    bad |= xsltSetCtxtSecurityPrefs(sec, tc);
    xmlDocPtr res = NULL;
    if (bad) {
        xmlp_errbuf_set(eb, 0, 0, "cannot set the XSLT security preferences");
    } else {
        xsltSetTransformErrorFunc(tc, eb, xmlp_on_generic_error);
        tc->opLimit = XMLP_XSLT_MAX_OPS;
        tc->maxTemplateDepth = XMLP_XSLT_MAX_DEPTH;
        tc->maxTemplateVars = XMLP_XSLT_MAX_VARS;
        xmlp_errscope scope; /* XPath evaluation errors */
        xmlp_errscope_enter(&scope, eb);
        xmlp_policy policy = {.eb = eb}; /* nothing may be loaded while it runs */
        t_policy = &policy;
        /* errors without a context (and the recursion dump) go to the process-wide hook: borrow it */
        xmlGenericErrorFunc saved_fn = xsltGenericError;
        void *saved_ctx = xsltGenericErrorContext;
        xsltSetGenericErrorFunc(eb, on_apply_generic_error);
        xmlp_memcap cap;
        xmlp_memcap_begin(&cap, eb->mem_cap, tc);
        res = xsltApplyStylesheetUser(style, doc, NULL, NULL, NULL, tc);
        xmlp_memcap_end(&cap);
        xsltSetGenericErrorFunc(saved_ctx, saved_fn);
        t_policy = NULL;
        xmlp_errscope_leave(&scope);
        if (cap.hit) {
            if (res) xmlFreeDoc(res);
            res = NULL;
            memcap_report(eb, &cap, "the transformation");
        } else if (tc->state == XSLT_STATE_ERROR || tc->state == XSLT_STATE_STOPPED || !res ||
                   eb->code == BK_ERR_NOMEM) {
            /* out of memory may leave a "successful" but truncated result: never use it */
            if (res) xmlFreeDoc(res);
            res = NULL;
            xmlp_errbuf_set(eb, 0, 0, "the XSLT transformation failed");
        } else if (count_nodes(res->children, XMLP_XSLT_MAX_NODES) > XMLP_XSLT_MAX_NODES) {
            xmlFreeDoc(res);
            res = NULL;
            eb->code = BK_ERR_LIMIT;
            eb->have = 0;
            xmlp_errbuf_set(eb, 0, 0, "the transformation made more than %lu nodes", XMLP_XSLT_MAX_NODES);
        } else if (eb->have) {
            /* xsl:message without terminate: a note, not a failure */
            if (eb->h && eb->diags) eb->h->diags_add(eb->diags, BK_SEV_WARNING, 0, 0, eb->what, "%s", eb->message);
            eb->have = 0;
            eb->message[0] = '\0';
        }
    }
    xsltFreeTransformContext(tc);
    xsltFreeSecurityPrefs(sec);
    return res;
}
