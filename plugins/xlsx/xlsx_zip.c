/* SPDX-License-Identifier: MIT */
/* Safe access to XLSX parts: minizip + a libxml2 SAX2 push parser with every size checked. */
#include "xlsx_zip.h"

#include <minizip/unzip.h>
#include <libxml/xmlerror.h>
#include <libxml/parser.h>
#include <libxml/SAX2.h>
#include <libxml/entities.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Parts smaller than this are not ratio-checked: tiny XML compresses very well. */
#define XLSXP_RATIO_FLOOR (1u << 20)
/* A workbook has a handful of parts per sheet; more entries than this is not a workbook. */
#define XLSXP_ENTRY_FACTOR 8u
#define XLSXP_ENTRY_BASE   256u

/* One entry of the directory index: minizip's own lookup re-reads the
 * central directory from disk on every call (quadratic over 1,000+ sheets). */
typedef struct xlsxp_entry {
    char *name; /* lower-cased, for case-insensitive lookup */
    unz64_file_pos pos;
} xlsxp_entry;

struct xlsxp_zip {
    const bk_host *h;
    const bk_source *in;
    unzFile uf;
    bool part_open;
    uint64_t inflated;    /* bytes inflated from every part so far (limit.inflated_bytes) */
    xlsxp_entry *entries; /* sorted by name */
    size_t n_entries;
};

static int entry_cmp(const void *a, const void *b)
{
    return strcmp(((const xlsxp_entry *)a)->name, ((const xlsxp_entry *)b)->name);
}

static void lower_ascii(char *s)
{
    for (; *s; s++)
        if (*s >= 'A' && *s <= 'Z') *s = (char)(*s - 'A' + 'a');
}

/* Walk the central directory once and index it. */
static int index_entries(xlsxp_zip *z, uint64_t count, bk_error *err)
{
    z->entries = calloc(count ? count : 1, sizeof *z->entries);
    if (!z->entries) return z->h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    int r = unzGoToFirstFile(z->uf);
    while (r == UNZ_OK && z->n_entries < count) {
        char name[512];
        unz_file_info64 fi;
        if (unzGetCurrentFileInfo64(z->uf, &fi, name, sizeof name, NULL, 0, NULL, 0) != UNZ_OK) break;
        xlsxp_entry *e = &z->entries[z->n_entries];
        if (fi.size_filename < sizeof name && unzGetFilePos64(z->uf, &e->pos) == UNZ_OK) {
            if (!(e->name = strdup(name))) return z->h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
            lower_ascii(e->name);
            z->n_entries++;
        }
        r = unzGoToNextFile(z->uf);
    }
    if (r != UNZ_OK && r != UNZ_END_OF_LIST_OF_FILE)
        return z->h->error_set(err, BK_ERR_PARSE, 0, 0, NULL, "the zip directory is corrupt");
    qsort(z->entries, z->n_entries, sizeof *z->entries, entry_cmp);
    return BK_OK;
}

/* Make @p name the current entry. Returns false if the package has no such part. */
static bool locate(xlsxp_zip *z, const char *name)
{
    char key[512];
    snprintf(key, sizeof key, "%s", name);
    lower_ascii(key);
    xlsxp_entry probe = {.name = key};
    const xlsxp_entry *e = bsearch(&probe, z->entries, z->n_entries, sizeof *e, entry_cmp);
    return e && unzGoToFilePos64(z->uf, &e->pos) == UNZ_OK;
}

/* One parse event, as the pull interface hands it out. Strings live in the
 * part's event store (x->store), valid until the next xlsxp_xml_next(). */
typedef struct xlsxp_event {
    int type;   /* XML_READER_TYPE_ELEMENT, _END_ELEMENT or _TEXT */
    bool empty; /* <a/>: no END_ELEMENT follows */
    uint32_t line;
    size_t local;          /* offset of the local name in the store */
    size_t text, text_len; /* TEXT: the characters */
    size_t attr0, n_attrs; /* ELEMENT: its attributes in x->attrs */
} xlsxp_event;

typedef struct xlsxp_attr {
    size_t local, value, value_len;
    bool prefixed; /* r:id, xml:space … */
} xlsxp_attr;

/* A growable byte or item array (bounded by what one inflated chunk produces). */
typedef struct xlsxp_vec {
    void *p;
    size_t n, cap;
} xlsxp_vec;

/* Inflated bytes fed to the parser at a time: the parser's own buffer and the
 * events of one chunk are what a part costs in memory, whatever its size. */
#define XLSXP_CHUNK (64u * 1024u)

struct xlsxp_xml {
    xlsxp_zip *zip;
    xmlParserCtxtPtr ctxt;
    char part[256];
    uint64_t declared; /* uncompressed size from the zip header */
    uint64_t cap;      /* the most we let it inflate */
    uint64_t inflated; /* bytes actually produced */
    int io_status;     /* BK_OK, or why the read stopped */
    char io_message[200];
    char xml_message[300]; /* the first libxml2 error, captured */
    uint32_t xml_line;
    int sax_status; /* BK_OK, or what a SAX handler refused (DTD, entity, depth) */
    char sax_message[200];
    uint32_t sax_line;
    uint64_t nodes;
    bool eof; /* the whole part was fed */
    /* the queue of events parsed from the last chunk */
    xlsxp_vec events; /* xlsxp_event */
    xlsxp_vec attrs;  /* xlsxp_attr */
    xlsxp_vec store;  /* char: names, values, texts */
    size_t next;      /* next event to hand out */
    const xlsxp_event *cur;
    /* the text node being parsed: whitespace-only text is held back (and
     * dropped, as xmlTextReader types it as WHITESPACE) unless xml:space="preserve" */
    xlsxp_vec blank; /* char: held-back whitespace, at most limit.string_bytes + 1 */
    bool text_open;  /* the last queued event is this text node's TEXT */
    bool text_nonblank;
    uint64_t depth;
    unsigned char preserve[128]; /* xml:space="preserve" in scope, per depth (capped by xml_depth) */
    bool last_start;             /* the last queued event is an ELEMENT with nothing after it yet */
    unsigned char chunk[XLSXP_CHUNK];
};

static int vec_reserve(xlsxp_vec *v, size_t more, size_t elem)
{
    if (v->n + more <= v->cap) return 0;
    size_t ncap = v->cap ? v->cap : 64;
    while (ncap < v->n + more) {
        if (ncap > SIZE_MAX / 2 / elem) return -1;
        ncap *= 2;
    }
    void *np = realloc(v->p, ncap * elem);
    if (!np) return -1;
    v->p = np;
    v->cap = ncap;
    return 0;
}

static void sax_fail(xlsxp_xml *x, int code, const char *msg)
{
    if (x->sax_status) return;
    x->sax_status = code;
    snprintf(x->sax_message, sizeof x->sax_message, "%s", msg);
    x->sax_line = (uint32_t)xmlSAX2GetLineNumber(x->ctxt);
    xmlStopParser(x->ctxt);
}

static void sax_nomem(xlsxp_xml *x)
{
    sax_fail(x, BK_ERR_NOMEM, "out of memory");
}

/* Copy @p n bytes (NUL-terminated) into the store; offset, or SIZE_MAX on OOM. */
static size_t store_put(xlsxp_xml *x, const char *s, size_t n)
{
    if (vec_reserve(&x->store, n + 1, 1)) return SIZE_MAX;
    char *d = (char *)x->store.p + x->store.n;
    memcpy(d, s, n);
    d[n] = '\0';
    size_t at = x->store.n;
    x->store.n += n + 1;
    return at;
}

static xlsxp_event *push_event(xlsxp_xml *x, int type)
{
    if (vec_reserve(&x->events, 1, sizeof(xlsxp_event))) return NULL;
    xlsxp_event *e = (xlsxp_event *)x->events.p + x->events.n++;
    memset(e, 0, sizeof *e);
    e->type = type;
    e->line = (uint32_t)xmlSAX2GetLineNumber(x->ctxt);
    return e;
}

static bool is_blank_char(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Append text to the open TEXT event (or a new one). */
static void emit_text(xlsxp_xml *x, const char *s, size_t n)
{
    if (!n) return;
    xlsxp_event *e = x->text_open && x->events.n ? (xlsxp_event *)x->events.p + x->events.n - 1 : NULL;
    if (e && e->text + e->text_len + 1 == x->store.n) { /* the text is the store's last string: extend it */
        if (vec_reserve(&x->store, n, 1)) return sax_nomem(x);
        char *d = (char *)x->store.p + x->store.n - 1;
        memcpy(d, s, n);
        d[n] = '\0';
        x->store.n += n;
        e->text_len += n;
        return;
    }
    if (!(e = push_event(x, XML_READER_TYPE_TEXT))) return sax_nomem(x);
    e->text = store_put(x, s, n);
    if (e->text == SIZE_MAX) return sax_nomem(x);
    e->text_len = n;
    x->text_open = true;
    x->last_start = false;
}

/* The text node ends at any markup. */
static void end_text(xlsxp_xml *x)
{
    x->text_open = false;
    x->text_nonblank = false;
    x->blank.n = 0;
}

static void sax_characters(void *ctx, const xmlChar *ch, int len)
{
    xlsxp_xml *x = ((xmlParserCtxtPtr)ctx)->_private;
    if (x->sax_status || len <= 0) return;
    const char *s = (const char *)ch;
    size_t n = (size_t)len;
    bool keep = x->text_nonblank || (x->depth > 0 && x->preserve[(x->depth - 1) % sizeof x->preserve]);
    if (!keep) {
        size_t i = 0;
        while (i < n && is_blank_char((unsigned char)s[i])) i++;
        if (i == n) { /* still only whitespace: hold it back, bounded */
            uint64_t room = x->zip->in->limits->string_bytes + 1;
            size_t take = x->blank.n >= room ? 0 : (size_t)(room - x->blank.n < n ? room - x->blank.n : n);
            if (take && vec_reserve(&x->blank, take, 1)) return sax_nomem(x);
            if (take) memcpy((char *)x->blank.p + x->blank.n, s, take);
            x->blank.n += take;
            return;
        }
        x->text_nonblank = true;
        emit_text(x, x->blank.p, x->blank.n); /* the whitespace before belongs to the text */
        x->blank.n = 0;
    }
    emit_text(x, s, n);
}

static void sax_start(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *URI, int nb_namespaces,
                      const xmlChar **namespaces, int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
    (void)prefix;
    (void)URI;
    (void)nb_namespaces;
    (void)namespaces;
    (void)nb_defaulted;
    xlsxp_xml *x = ((xmlParserCtxtPtr)ctx)->_private;
    if (x->sax_status) return;
    end_text(x);
    const bk_limits *lim = x->zip->in->limits;
    if (x->depth > lim->xml_depth) {
        char msg[96];
        snprintf(msg, sizeof msg, "elements nested deeper than %llu (limit.xml_depth)",
                 (unsigned long long)lim->xml_depth);
        return sax_fail(x, BK_ERR_LIMIT, msg);
    }
    xlsxp_event *e = push_event(x, XML_READER_TYPE_ELEMENT);
    if (!e) return sax_nomem(x);
    e->local = store_put(x, (const char *)localname, strlen((const char *)localname));
    e->attr0 = x->attrs.n;
    bool preserve = x->depth > 0 && x->preserve[(x->depth - 1) % sizeof x->preserve];
    if (nb_attributes > 0 && vec_reserve(&x->attrs, (size_t)nb_attributes, sizeof(xlsxp_attr))) return sax_nomem(x);
    for (int i = 0; i < nb_attributes; i++) {
        const xmlChar **a = &attributes[i * 5]; /* localname, prefix, URI, value, end */
        size_t vlen = (size_t)(a[4] - a[3]);
        xlsxp_attr *at = (xlsxp_attr *)x->attrs.p + x->attrs.n++;
        at->local = store_put(x, (const char *)a[0], strlen((const char *)a[0]));
        at->value = store_put(x, (const char *)a[3], vlen);
        at->value_len = vlen;
        at->prefixed = a[1] != NULL;
        if (at->local == SIZE_MAX || at->value == SIZE_MAX) return sax_nomem(x);
        if (a[1] && !strcmp((const char *)a[1], "xml") && !strcmp((const char *)a[0], "space"))
            preserve = vlen == 8 && !memcmp(a[3], "preserve", 8);
    }
    if (e->local == SIZE_MAX) return sax_nomem(x);
    e->n_attrs = x->attrs.n - e->attr0;
    x->preserve[x->depth % sizeof x->preserve] = preserve;
    x->depth++;
    x->last_start = true;
}

static void sax_end(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *URI)
{
    (void)prefix;
    (void)URI;
    xlsxp_xml *x = ((xmlParserCtxtPtr)ctx)->_private;
    if (x->sax_status) return;
    end_text(x);
    if (x->depth) x->depth--;
    if (x->last_start) { /* <a/> (or <a></a>): one empty ELEMENT, as xmlTextReader reports it */
        ((xlsxp_event *)x->events.p)[x->events.n - 1].empty = true;
        x->last_start = false;
        return;
    }
    xlsxp_event *e = push_event(x, XML_READER_TYPE_END_ELEMENT);
    if (!e) return sax_nomem(x);
    e->local = store_put(x, (const char *)localname, strlen((const char *)localname));
    if (e->local == SIZE_MAX) return sax_nomem(x);
}

static void sax_dtd(void *ctx, const xmlChar *name, const xmlChar *ext, const xmlChar *sys)
{
    (void)name;
    (void)ext;
    (void)sys;
    sax_fail(((xmlParserCtxtPtr)ctx)->_private, BK_ERR_PARSE,
             "a DTD or entity reference is not allowed in a workbook part");
}

static void sax_reference(void *ctx, const xmlChar *name)
{
    (void)name;
    sax_fail(((xmlParserCtxtPtr)ctx)->_private, BK_ERR_PARSE,
             "a DTD or entity reference is not allowed in a workbook part");
}

/* No entity is ever defined: a reference to one is a well-formedness error. */
static xmlEntityPtr sax_get_entity(void *ctx, const xmlChar *name)
{
    (void)ctx;
    return xmlGetPredefinedEntity(name);
}

static void sax_quiet(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg; /* errors arrive through the structured handler */
}

static int zip_error(const xlsxp_zip *z, bk_error *err, int code, const char *part, const char *fmt, const char *detail)
{
    return z->h->error_set(err, code, 0, 0, part, fmt, detail);
}

int xlsxp_zip_open(const bk_host *h, const bk_source *in, xlsxp_zip **out, bk_error *err)
{
    *out = NULL;
    if (!in->path)
        return h->error_set(err, BK_ERR_INVALID_ARG, 0, 0, NULL, "an XLSX workbook must be read from a file");
    xlsxp_zip *z = calloc(1, sizeof *z);
    if (!z) return h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    z->h = h;
    z->in = in;
    z->uf = unzOpen64(in->path);
    if (!z->uf) {
        free(z);
        return h->error_set(err, BK_ERR_PARSE, 0, 0, NULL,
                            "not a readable zip archive (truncated or not an XLSX workbook)");
    }
    unz_global_info64 gi;
    if (unzGetGlobalInfo64(z->uf, &gi) != UNZ_OK) {
        xlsxp_zip_close(z);
        return h->error_set(err, BK_ERR_PARSE, 0, 0, NULL, "the zip directory cannot be read");
    }
    uint64_t max_entries = in->limits->tables * XLSXP_ENTRY_FACTOR + XLSXP_ENTRY_BASE;
    if (gi.number_entry > max_entries) {
        xlsxp_zip_close(z);
        return h->error_set(err, BK_ERR_LIMIT, 0, 0, NULL,
                            "the zip has %llu entries; at most %llu are accepted (limit.tables=%llu)",
                            (unsigned long long)gi.number_entry, (unsigned long long)max_entries,
                            (unsigned long long)in->limits->tables);
    }
    int rc = index_entries(z, gi.number_entry, err);
    if (rc) {
        xlsxp_zip_close(z);
        return rc;
    }
    *out = z;
    return BK_OK;
}

void xlsxp_zip_close(xlsxp_zip *z)
{
    if (!z) return;
    if (z->uf) unzClose(z->uf);
    for (size_t i = 0; i < z->n_entries; i++) free(z->entries[i].name);
    free(z->entries);
    free(z);
}

static const char *strip_slash(const char *name)
{
    while (*name == '/') name++;
    return name;
}

bool xlsxp_zip_has(xlsxp_zip *z, const char *name)
{
    return !z->part_open && locate(z, strip_slash(name));
}

/* Inflate up to @p len bytes, counting what is really produced against the
 * part's declared size and the archive's total (limit.inflated_bytes). */
static int part_read(xlsxp_xml *x, unsigned char *buf, unsigned len)
{
    if (x->io_status) return -1;
    int n = unzReadCurrentFile(x->zip->uf, buf, len);
    if (n < 0) {
        x->io_status = BK_ERR_PARSE;
        snprintf(x->io_message, sizeof x->io_message, "the compressed data is corrupt (zip error %d)", n);
        return -1;
    }
    x->inflated += (uint64_t)n;
    x->zip->inflated += (uint64_t)n;
    if (x->inflated > x->cap) {
        x->io_status = BK_ERR_LIMIT;
        snprintf(x->io_message, sizeof x->io_message,
                 "inflates past %llu bytes although its header declares %llu (zip bomb?)", (unsigned long long)x->cap,
                 (unsigned long long)x->declared);
        return -1;
    }
    uint64_t total = x->zip->in->limits->inflated_bytes;
    if (x->zip->inflated > total) {
        x->io_status = BK_ERR_LIMIT;
        snprintf(x->io_message, sizeof x->io_message,
                 "the workbook inflates past %llu bytes in all (zip bomb?; limit.inflated_bytes)",
                 (unsigned long long)total);
        return -1;
    }
    return n;
}

#if LIBXML_VERSION >= 21200
static void capture_xml_error(void *ctx, const xmlError *e)
#else
static void capture_xml_error(void *ctx, xmlErrorPtr e)
#endif
{
    xlsxp_xml *x = ((xmlParserCtxtPtr)ctx)->_private;
    if (!e || x->xml_message[0]) return; /* keep the first: later ones are consequences */
    if (e->level == XML_ERR_WARNING) return;
    const char *msg = e->message ? e->message : "malformed XML";
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' ')) n--;
    snprintf(x->xml_message, sizeof x->xml_message, "%.*s", (int)n, msg);
    x->xml_line = e->line > 0 ? (uint32_t)e->line : 0;
}

static int check_entry(xlsxp_zip *z, xlsxp_xml *x, bk_error *err)
{
    unz_file_info64 fi;
    if (unzGetCurrentFileInfo64(z->uf, &fi, NULL, 0, NULL, 0, NULL, 0) != UNZ_OK)
        return zip_error(z, err, BK_ERR_PARSE, x->part, "cannot read the zip entry of %s", x->part);
    const bk_limits *lim = z->in->limits;
    x->declared = fi.uncompressed_size;
    if (fi.uncompressed_size > lim->zip_entry_bytes)
        return z->h->error_set(err, BK_ERR_LIMIT, 0, 0, x->part,
                               "part declares %llu bytes uncompressed; the limit is %llu (limit.zip_entry_bytes)",
                               (unsigned long long)fi.uncompressed_size, (unsigned long long)lim->zip_entry_bytes);
    if (fi.uncompressed_size > XLSXP_RATIO_FLOOR &&
        fi.uncompressed_size / (fi.compressed_size ? fi.compressed_size : 1) > lim->zip_ratio)
        return z->h->error_set(
            err, BK_ERR_LIMIT, 0, 0, x->part,
            "compression ratio %llu:1 is above the limit %llu:1 (zip bomb?; limit.zip_ratio)",
            (unsigned long long)(fi.uncompressed_size / (fi.compressed_size ? fi.compressed_size : 1)),
            (unsigned long long)lim->zip_ratio);
    if (z->inflated + fi.uncompressed_size > lim->inflated_bytes)
        return z->h->error_set(err, BK_ERR_LIMIT, 0, 0, x->part,
                               "part declares %llu bytes uncompressed, past the %llu the workbook may inflate in all "
                               "(%llu inflated before it; limit.inflated_bytes)",
                               (unsigned long long)fi.uncompressed_size, (unsigned long long)lim->inflated_bytes,
                               (unsigned long long)z->inflated);
    if (fi.compression_method != 0 && fi.compression_method != Z_DEFLATED)
        return z->h->error_set(err, BK_ERR_UNSUPPORTED, 0, 0, x->part, "unsupported zip compression method %lu",
                               (unsigned long)fi.compression_method);
    x->cap = fi.uncompressed_size;
    return BK_OK;
}

static void free_part(xlsxp_xml *x)
{
    if (x->ctxt) {
        if (x->ctxt->myDoc) xmlFreeDoc(x->ctxt->myDoc);
        xmlFreeParserCtxt(x->ctxt);
    }
    free(x->events.p);
    free(x->attrs.p);
    free(x->store.p);
    free(x->blank.p);
    free(x);
}

int xlsxp_xml_open(xlsxp_zip *z, const char *name, xlsxp_xml **out, bk_error *err)
{
    *out = NULL;
    if (z->part_open) return z->h->error_set(err, BK_ERR_INTERNAL, 0, 0, name, "two parts open at once");
    xlsxp_xml *x = calloc(1, sizeof *x);
    if (!x) return z->h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    x->zip = z;
    snprintf(x->part, sizeof x->part, "%s", strip_slash(name));
    if (!locate(z, x->part)) {
        int rc = z->h->error_set(err, BK_ERR_PARSE, 0, 0, x->part, "the workbook has no part %s", x->part);
        free(x);
        return rc;
    }
    int rc = check_entry(z, x, err);
    if (rc == BK_OK && unzOpenCurrentFile(z->uf) != UNZ_OK)
        rc = zip_error(z, err, BK_ERR_PARSE, x->part, "cannot open the zip entry of %s", x->part);
    if (rc) {
        free(x);
        return rc;
    }
    z->part_open = true;
    /* SAX2 over the inflated stream: no tree is built, nothing of a part is kept
     * but the parser's window and the events of one chunk. */
    xmlSAXHandler sax;
    memset(&sax, 0, sizeof sax);
    sax.initialized = XML_SAX2_MAGIC;
    sax.startElementNs = sax_start;
    sax.endElementNs = sax_end;
    sax.characters = sax_characters;
    sax.ignorableWhitespace = sax_characters;
    sax.internalSubset = sax_dtd;
    sax.externalSubset = sax_dtd;
    sax.reference = sax_reference;
    sax.getEntity = sax_get_entity;
    sax.serror = capture_xml_error;
    sax.warning = sax_quiet;
    sax.error = sax_quiet;
    sax.fatalError = sax_quiet;
    x->ctxt = xmlCreatePushParserCtxt(&sax, NULL, NULL, 0, x->part);
    if (!x->ctxt) {
        xlsxp_xml_close(x, false, NULL);
        return z->h->error_set(err, BK_ERR_NOMEM, 0, 0, name, "cannot create an XML parser");
    }
    x->ctxt->_private = x;
    x->ctxt->userData = x->ctxt; /* handlers get the context (line numbers), which leads to x */
    /* NONET: no network; no NOENT (entities are not substituted), no DTDLOAD, no HUGE;
     * NOCDATA: CDATA arrives as characters. */
    xmlCtxtUseOptions(x->ctxt, XML_PARSE_NONET | XML_PARSE_NOCDATA);
    *out = x;
    return BK_OK;
}

int xlsxp_xml_type(const xlsxp_xml *x)
{
    return x->cur ? x->cur->type : 0;
}
const char *xlsxp_xml_part(const xlsxp_xml *x)
{
    return x->part;
}

uint32_t xlsxp_xml_line(xlsxp_xml *x)
{
    if (x->cur) return x->cur->line;
    int line = x->ctxt ? xmlSAX2GetLineNumber(x->ctxt) : 0;
    return line > 0 ? (uint32_t)line : 0;
}

bool xlsxp_xml_is_empty(const xlsxp_xml *x)
{
    return x->cur && x->cur->empty;
}

const char *xlsxp_xml_text(const xlsxp_xml *x, size_t *len)
{
    if (!x->cur || x->cur->type != XML_READER_TYPE_TEXT) {
        *len = 0;
        return NULL;
    }
    *len = x->cur->text_len;
    return (const char *)x->store.p + x->cur->text;
}

static int fail_read(xlsxp_xml *x, bk_error *err)
{
    const bk_host *h = x->zip->h;
    if (x->io_status) return -h->error_set(err, x->io_status, 0, 0, x->part, "%s", x->io_message);
    if (x->sax_status) return -h->error_set(err, x->sax_status, x->sax_line, 0, x->part, "%s", x->sax_message);
    const char *msg = x->xml_message[0] ? x->xml_message : "malformed XML";
    uint32_t line = x->xml_line ? x->xml_line : xlsxp_xml_line(x);
    if (strstr(msg, "huge text node") || strstr(msg, "Huge input lookup")) /* libxml2's own 10,000,000-byte cap */
        return -h->error_set(err, BK_ERR_LIMIT, line, 0, x->part,
                             "a text of more than 10,000,000 bytes (limit.string_bytes is %llu)",
                             (unsigned long long)x->zip->in->limits->string_bytes);
    return -h->error_set(err, BK_ERR_PARSE, line, 0, x->part, "%s", msg);
}

/* Inflate one chunk and parse it into the event queue (which is empty). */
static int feed(xlsxp_xml *x, bk_error *err)
{
    x->events.n = x->attrs.n = x->store.n = 0;
    x->next = 0;
    x->cur = NULL;
    x->text_open = false; /* the store is reset: a text goes on in a new event */
    x->last_start = false;
    int n = part_read(x, x->chunk, sizeof x->chunk);
    if (n < 0) return fail_read(x, err);
    if (n == 0) x->eof = true;
    int rc = xmlParseChunk(x->ctxt, (const char *)x->chunk, n, n == 0);
    if (x->io_status || x->sax_status || rc || !x->ctxt->wellFormed || x->xml_message[0]) return fail_read(x, err);
    if (x->zip->in->interrupted && *x->zip->in->interrupted)
        return -x->zip->h->error_set(err, BK_ERR_INTERRUPTED, 0, 0, x->part, "interrupted");
    return 1;
}

int xlsxp_xml_next(xlsxp_xml *x, bk_error *err)
{
    while (x->next == x->events.n) {
        if (x->eof) {
            x->cur = NULL;
            return 0;
        }
        int r = feed(x, err);
        if (r <= 0) return r;
    }
    x->cur = (const xlsxp_event *)x->events.p + x->next++;
    x->nodes++;
    return 1;
}

int xlsxp_xml_close(xlsxp_xml *x, bool check, bk_error *err)
{
    if (!x) return BK_OK;
    int zr = unzCloseCurrentFile(x->zip->uf);
    x->zip->part_open = false;
    int rc = BK_OK;
    if (check && zr == UNZ_CRCERROR)
        rc = x->zip->h->error_set(err, BK_ERR_PARSE, 0, 0, x->part, "CRC mismatch (corrupt workbook)");
    free_part(x);
    return rc;
}

static const xlsxp_attr *attr_at(const xlsxp_xml *x, size_t i)
{
    return (const xlsxp_attr *)x->attrs.p + x->cur->attr0 + i;
}
static const char *str_at(const xlsxp_xml *x, size_t off)
{
    return (const char *)x->store.p + off;
}

const char *xlsxp_xml_local(xlsxp_xml *x)
{
    return x->cur && x->cur->type != XML_READER_TYPE_TEXT ? str_at(x, x->cur->local) : "";
}

static const xlsxp_attr *attr_find(xlsxp_xml *x, const char *local, bool prefixed)
{
    if (!x->cur || x->cur->type != XML_READER_TYPE_ELEMENT) return NULL;
    for (size_t i = 0; i < x->cur->n_attrs; i++) {
        const xlsxp_attr *a = attr_at(x, i);
        if (a->prefixed == prefixed && strcmp(str_at(x, a->local), local) == 0) return a;
    }
    return NULL;
}

static char *find_attr(xlsxp_xml *x, const char *local, bool prefixed)
{
    const xlsxp_attr *a = attr_find(x, local, prefixed);
    return a ? (char *)xmlStrndup((const xmlChar *)str_at(x, a->value), (int)a->value_len) : NULL;
}

const char *xlsxp_xml_attr_peek(xlsxp_xml *x, const char *name)
{
    const xlsxp_attr *a = attr_find(x, name, false);
    return a ? str_at(x, a->value) : NULL;
}

char *xlsxp_xml_attr(xlsxp_xml *x, const char *name)
{
    return find_attr(x, name, false);
}

char *xlsxp_xml_attr_any_ns(xlsxp_xml *x, const char *local)
{
    return find_attr(x, local, true);
}
