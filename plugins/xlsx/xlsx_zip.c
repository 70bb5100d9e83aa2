/* Safe access to XLSX parts: minizip + xmlTextReader with every size checked. */
#include "xlsx_zip.h"

#include <minizip/unzip.h>
#include <libxml/xmlerror.h>
#include <stdlib.h>
#include <string.h>

/* Parts smaller than this are not ratio-checked: tiny XML compresses very well. */
#define XLSXP_RATIO_FLOOR (1u << 20)
/* A workbook has a handful of parts per sheet; more entries than this is not a workbook. */
#define XLSXP_ENTRY_FACTOR 8u
#define XLSXP_ENTRY_BASE 256u
/* How often (in nodes) a long parse looks at the interrupt flag. */
#define XLSXP_INTERRUPT_EVERY 65536u

/* One entry of the directory index: minizip's own lookup re-reads the
 * central directory from disk on every call (quadratic over 1,000+ sheets). */
typedef struct xlsxp_entry {
    char *name;                /* lower-cased, for case-insensitive lookup */
    unz64_file_pos pos;
} xlsxp_entry;

struct xlsxp_zip {
    const bk_host *h;
    const bk_source *in;
    unzFile uf;
    bool part_open;
    xlsxp_entry *entries;      /* sorted by name */
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

struct xlsxp_xml {
    xlsxp_zip *zip;
    xmlTextReaderPtr reader;
    char part[256];
    uint64_t declared;      /* uncompressed size from the zip header */
    uint64_t cap;           /* the most we let it inflate */
    uint64_t inflated;      /* bytes actually produced */
    int io_status;          /* BK_OK, or why the read callback stopped */
    char io_message[200];
    char xml_message[300];  /* the last libxml2 error, captured */
    uint32_t xml_line;
    uint64_t nodes;
    int type;               /* node type of the current node */
};

static int zip_error(const xlsxp_zip *z, bk_error *err, int code, const char *part, const char *fmt,
                     const char *detail)
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

/* xmlInputReadCallback: inflate, counting what is really produced. */
static int part_read(void *ctx, char *buf, int len)
{
    xlsxp_xml *x = ctx;
    if (x->io_status) return -1;
    int n = unzReadCurrentFile(x->zip->uf, buf, (unsigned)len);
    if (n < 0) {
        x->io_status = BK_ERR_PARSE;
        snprintf(x->io_message, sizeof x->io_message, "the compressed data is corrupt (zip error %d)", n);
        return -1;
    }
    x->inflated += (uint64_t)n;
    if (x->inflated > x->cap) {
        x->io_status = BK_ERR_LIMIT;
        snprintf(x->io_message, sizeof x->io_message,
                 "inflates past %llu bytes although its header declares %llu (zip bomb?)",
                 (unsigned long long)x->cap, (unsigned long long)x->declared);
        return -1;
    }
    return n;
}

static int part_close(void *ctx)
{
    (void)ctx; /* the entry is closed (and its CRC checked) by xlsxp_xml_close */
    return 0;
}

#if LIBXML_VERSION >= 21200
static void capture_xml_error(void *ctx, const xmlError *e)
#else
static void capture_xml_error(void *ctx, xmlErrorPtr e)
#endif
{
    xlsxp_xml *x = ctx;
    if (!e || x->xml_message[0]) return; /* keep the first: later ones are consequences */
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
                               (unsigned long long)fi.uncompressed_size,
                               (unsigned long long)lim->zip_entry_bytes);
    if (fi.uncompressed_size > XLSXP_RATIO_FLOOR &&
        fi.uncompressed_size / (fi.compressed_size ? fi.compressed_size : 1) > lim->zip_ratio)
        return z->h->error_set(err, BK_ERR_LIMIT, 0, 0, x->part,
                               "compression ratio %llu:1 is above the limit %llu:1 (zip bomb?; limit.zip_ratio)",
                               (unsigned long long)(fi.uncompressed_size /
                                                    (fi.compressed_size ? fi.compressed_size : 1)),
                               (unsigned long long)lim->zip_ratio);
    if (fi.compression_method != 0 && fi.compression_method != Z_DEFLATED)
        return z->h->error_set(err, BK_ERR_UNSUPPORTED, 0, 0, x->part,
                               "unsupported zip compression method %lu", (unsigned long)fi.compression_method);
    x->cap = fi.uncompressed_size;
    return BK_OK;
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
    /* NONET: no network; no NOENT (entities are not substituted), no DTDLOAD, no HUGE. */
    x->reader = xmlReaderForIO(part_read, part_close, x, x->part, NULL, XML_PARSE_NONET | XML_PARSE_NOCDATA);
    if (!x->reader) {
        xlsxp_xml_close(x, false, NULL);
        return z->h->error_set(err, BK_ERR_NOMEM, 0, 0, name, "cannot create an XML reader");
    }
    xmlTextReaderSetStructuredErrorHandler(x->reader, capture_xml_error, x);
    *out = x;
    return BK_OK;
}

xmlTextReaderPtr xlsxp_xml_reader(xlsxp_xml *x) { return x->reader; }
int xlsxp_xml_type(const xlsxp_xml *x) { return x->type; }
const char *xlsxp_xml_part(const xlsxp_xml *x) { return x->part; }

uint32_t xlsxp_xml_line(xlsxp_xml *x)
{
    int line = xmlTextReaderGetParserLineNumber(x->reader);
    return line > 0 ? (uint32_t)line : 0;
}

static int fail_read(xlsxp_xml *x, bk_error *err)
{
    const bk_host *h = x->zip->h;
    if (x->io_status) return -h->error_set(err, x->io_status, 0, 0, x->part, "%s", x->io_message);
    const char *msg = x->xml_message[0] ? x->xml_message : "malformed XML";
    uint32_t line = x->xml_line ? x->xml_line : xlsxp_xml_line(x);
    if (strstr(msg, "huge text node")) /* libxml2's own cap (10,000,000 bytes), hit before ours is checked */
        return -h->error_set(err, BK_ERR_LIMIT, line, 0, x->part,
                             "a text of more than 10,000,000 bytes (limit.string_bytes is %llu)",
                             (unsigned long long)x->zip->in->limits->string_bytes);
    return -h->error_set(err, BK_ERR_PARSE, line, 0, x->part, "%s", msg);
}

int xlsxp_xml_next(xlsxp_xml *x, bk_error *err)
{
    const bk_host *h = x->zip->h;
    int r = xmlTextReaderRead(x->reader);
    if (r < 0 || x->io_status) return fail_read(x, err);
    if (r == 0) return 0;
    int type = x->type = xmlTextReaderNodeType(x->reader);
    if (type == XML_READER_TYPE_DOCUMENT_TYPE || type == XML_READER_TYPE_ENTITY_REFERENCE ||
        type == XML_READER_TYPE_ENTITY)
        return -h->error_set(err, BK_ERR_PARSE, xlsxp_xml_line(x), 0, x->part,
                             "a DTD or entity reference is not allowed in a workbook part");
    int depth = xmlTextReaderDepth(x->reader);
    if (depth >= 0 && (uint64_t)depth > x->zip->in->limits->xml_depth)
        return -h->error_set(err, BK_ERR_LIMIT, xlsxp_xml_line(x), 0, x->part,
                             "elements nested deeper than %llu (limit.xml_depth)",
                             (unsigned long long)x->zip->in->limits->xml_depth);
    if (++x->nodes % XLSXP_INTERRUPT_EVERY == 0 && x->zip->in->interrupted && *x->zip->in->interrupted)
        return -h->error_set(err, BK_ERR_INTERRUPTED, 0, 0, x->part, "interrupted");
    return 1;
}

int xlsxp_xml_close(xlsxp_xml *x, bool check, bk_error *err)
{
    if (!x) return BK_OK;
    if (x->reader) xmlFreeTextReader(x->reader);
    int zr = unzCloseCurrentFile(x->zip->uf);
    x->zip->part_open = false;
    int rc = BK_OK;
    if (check && zr == UNZ_CRCERROR)
        rc = x->zip->h->error_set(err, BK_ERR_PARSE, 0, 0, x->part, "CRC mismatch (corrupt workbook)");
    free(x);
    return rc;
}

const char *xlsxp_xml_local(xlsxp_xml *x)
{
    const xmlChar *n = xmlTextReaderConstLocalName(x->reader);
    return n ? (const char *)n : "";
}

char *xlsxp_xml_attr(xlsxp_xml *x, const char *name)
{
    return (char *)xmlTextReaderGetAttribute(x->reader, (const xmlChar *)name);
}

char *xlsxp_xml_attr_any_ns(xlsxp_xml *x, const char *local)
{
    if (xmlTextReaderMoveToFirstAttribute(x->reader) != 1) return NULL;
    char *found = NULL;
    do {
        const xmlChar *ln = xmlTextReaderConstLocalName(x->reader);
        if (ln && strcmp((const char *)ln, local) == 0 && xmlTextReaderConstPrefix(x->reader)) {
            found = (char *)xmlTextReaderValue(x->reader);
            break;
        }
    } while (xmlTextReaderMoveToNextAttribute(x->reader) == 1);
    xmlTextReaderMoveToElement(x->reader);
    return found;
}
