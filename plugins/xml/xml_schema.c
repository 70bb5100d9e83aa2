/* The XML plugin's safety layer: error capture, safe parsing, schemas, XSLT. */
#include "xml_schema.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxml/SAX2.h>
#include <libxml/xmlreader.h>
#include <libxslt/security.h>
#include <libxslt/transform.h>
#include <libxslt/xsltutils.h>

void xmlp_errbuf_init(xmlp_errbuf *eb, const bk_host *h, bk_diags *diags, const char *what)
{
    memset(eb, 0, sizeof *eb);
    eb->h = h;
    eb->diags = diags;
    eb->what = what;
}

void xmlp_errscope_enter(xmlp_errscope *s, xmlp_errbuf *eb)
{
    s->fn = xmlStructuredError;
    s->ctx = xmlStructuredErrorContext;
    xmlSetStructuredErrorFunc(eb, xmlp_on_structured_error);
}

void xmlp_errscope_leave(const xmlp_errscope *s) { xmlSetStructuredErrorFunc(s->ctx, s->fn); }

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
    if (eb->what && *eb->what)
        return h->error_set(err, code, eb->line, eb->column, context, "%s: %s", eb->what, msg);
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
    (void)name; (void)ext_id; (void)sys_id;
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
    (void)localname; (void)prefix; (void)uri; (void)nb_namespaces; (void)namespaces;
    (void)nb_attributes; (void)nb_defaulted; (void)attributes;
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

xmlDocPtr xmlp_parse_tree(FILE *fp, const char *path, const char *display, uint64_t max_depth,
                          xmlp_errbuf *eb)
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

/* ---- schemas ---- */

xmlSchemaPtr xmlp_schema_embedded(xmlp_errbuf *eb)
{
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
    xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(path);
    if (!pc) {
        xmlp_errbuf_set(eb, 0, 0, "out of memory");
        return NULL;
    }
    xmlSchemaSetParserStructuredErrors(pc, xmlp_on_structured_error, eb);
    xmlSchemaPtr s = xmlSchemaParse(pc);
    xmlSchemaFreeParserCtxt(pc);
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
    int rc = xmlSchemaValidateDoc(vc, doc);
    xmlSchemaFreeValidCtxt(vc);
    if (rc != 0) {
        xmlp_errbuf_set(eb, 0, 0, "the document is not valid");
        return -1;
    }
    return 0;
}

int xmlp_validate_stream(xmlSchemaPtr schema, FILE *fp, const char *display, uint64_t max_depth,
                         xmlp_errbuf *eb)
{
    if (xmlp_refuse_doctype(fp, display, eb) != 0) return -1;
    xmlTextReaderPtr r = xmlReaderForIO(read_fp, close_nothing, fp, display, NULL, XMLP_SAFE_OPTIONS);
    xmlSchemaValidCtxtPtr vc = r ? xmlSchemaNewValidCtxt(schema) : NULL;
    if (!r || !vc) {
        if (vc) xmlSchemaFreeValidCtxt(vc);
        if (r) xmlFreeTextReader(r);
        xmlp_errbuf_set(eb, 0, 0, "out of memory");
        return -1;
    }
    eb->reader = r;
    xmlp_errscope scope;
    xmlp_errscope_enter(&scope, eb);
    xmlSchemaSetValidStructuredErrors(vc, xmlp_on_structured_error, eb);
    int rc = xmlTextReaderSchemaValidateCtxt(r, vc, 0);
    while (rc == 0 && !eb->have && (rc = xmlTextReaderRead(r)) == 1) {
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
    xmlp_errscope_leave(&scope);
    if (!valid) {
        xmlp_errbuf_set(eb, 0, 0, "the document is not valid");
        return -1;
    }
    return 0;
}

/* ---- XSLT ---- */

xsltStylesheetPtr xmlp_xslt_load(const char *path, xmlp_errbuf *eb)
{
    FILE *probe = fopen(path, "rb");
    if (!probe) {
        xmlp_errbuf_set(eb, 0, 0, "cannot open '%s': %s", path, strerror(errno));
        return NULL;
    }
    fclose(probe);
    xmlDocPtr doc = xmlp_parse_tree(NULL, path, path, 256, eb);
    if (!doc) return NULL;
    xmlp_errscope scope; /* XPath compilation errors */
    xmlp_errscope_enter(&scope, eb);
    /* Stylesheet compilation reports only through libxslt's process-wide
     * generic error hook: borrow it for this one call, then put it back. */
    xmlGenericErrorFunc saved_fn = xsltGenericError;
    void *saved_ctx = xsltGenericErrorContext;
    xsltSetGenericErrorFunc(eb, xmlp_on_generic_error);
    xsltStylesheetPtr style = xsltParseStylesheetDoc(doc);
    xsltSetGenericErrorFunc(saved_ctx, saved_fn);
    xmlp_errscope_leave(&scope);
    if (!style) {
        xmlFreeDoc(doc); /* still ours when compilation fails */
        xmlp_errbuf_set(eb, 0, 0, "stylesheet '%s' does not compile", path);
        return NULL;
    }
    if (style->errors > 0) {
        xsltFreeStylesheet(style);
        xmlp_errbuf_set(eb, 0, 0, "stylesheet '%s' has errors", path);
        return NULL;
    }
    return style;
}

xmlDocPtr xmlp_xslt_apply(xsltStylesheetPtr style, xmlDocPtr doc, xmlp_errbuf *eb)
{
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
        xmlp_errscope scope; /* XPath evaluation errors */
        xmlp_errscope_enter(&scope, eb);
        res = xsltApplyStylesheetUser(style, doc, NULL, NULL, NULL, tc);
        xmlp_errscope_leave(&scope);
        if (tc->state == XSLT_STATE_ERROR || tc->state == XSLT_STATE_STOPPED || !res) {
            if (res) xmlFreeDoc(res);
            res = NULL;
            xmlp_errbuf_set(eb, 0, 0, "the XSLT transformation failed");
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
