/* SPDX-License-Identifier: MIT */
/* xml: the canonical submission XML (schemas/budgetkit.xsd), read with
 * streaming XSD validation and written streaming; a province's own layout
 * through XSLT (-o xslt=FILE on write, -o xslt-in=FILE on read). */
#include <budgetkit/plugin.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxslt/xslt.h>

#include "xml_read.h"
#include "xml_schema.h"
#include "xml_write.h"

/* Does @p needle occur in the first @p n bytes of @p hay? */
static int xmlp_contains(const unsigned char *hay, size_t n, const char *needle)
{
    size_t m = strlen(needle);
    for (size_t i = 0; m <= n && i + m <= n; i++)
        if (hay[i] == (unsigned char)needle[0] && memcmp(hay + i, needle, m) == 0) return 1;
    return 0;
}

static int xmlp_ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    if (m > n) return 0;
    for (size_t i = 0; i < m; i++) {
        char c = s[n - m + i];
        if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
        if (c != suffix[i]) return 0;
    }
    return 1;
}

/* 95: our namespace in the head; 50: an .xml name; 40: looks like XML; else 0. */
static int xmlp_probe(const unsigned char *head, size_t head_len, const char *path)
{
    if (head && xmlp_contains(head, head_len, XMLP_NS)) return 95;
    if (path && xmlp_ends_with(path, ".xml")) return 50;
    if (!head) return 0;
    size_t i = 0;
    if (head_len >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF) i = 3;
    while (i < head_len && (head[i] == ' ' || head[i] == '\t' || head[i] == '\n' || head[i] == '\r')) i++;
    if (i + 5 <= head_len && memcmp(head + i, "<?xml", 5) == 0) return 40;
    return 0;
}

/* libxml2 frees its process-wide tables only if it was initialised explicitly
 * (see xmlp_unload); xmlInitParser() is idempotent. */
static int xmlp_read_entry(const bk_host *h, const bk_source *in, bk_document *doc, const bk_options *o, bk_error *err)
{
    xmlInitParser();
    xmlp_sandbox_install();
    return xmlp_read(h, in, doc, o, err);
}

static int xmlp_write_entry(const bk_host *h, const bk_document *doc, const bk_sink *out, const bk_options *o,
                            bk_error *err)
{
    xmlInitParser();
    xmlp_sandbox_install();
    return xmlp_write(h, doc, out, o, err);
}

static const char *const XMLP_EXTENSIONS[] = {"xml", NULL};

static const bk_option_spec XMLP_OPTIONS[] = {
    {"indent", BK_OPT_BOOL, BK_OPT_WRITE, "true", NULL, "indent the canonical XML (false: one line, smaller)"},
    {"schema", BK_OPT_STRING, BK_OPT_READ | BK_OPT_WRITE, NULL, NULL,
     "also validate the input (read) or the output (write) against this XSD file"},
    {"xslt", BK_OPT_STRING, BK_OPT_WRITE, NULL, NULL,
     "write the result of this XSLT stylesheet applied to the canonical XML (a province's layout)"},
    {"xslt-in", BK_OPT_STRING, BK_OPT_READ, NULL, NULL,
     "transform the input with this XSLT stylesheet into canonical XML before reading it"},
    {"xslt-allow-read", BK_OPT_STRING, BK_OPT_READ | BK_OPT_WRITE, NULL, NULL,
     "let the stylesheet's xsl:include/xsl:import read files in this folder, which must be its own (default: none)"},
    {NULL, BK_OPT_STRING, 0, NULL, NULL, NULL},
};

static const bk_plugin XMLP_PLUGIN = {
    .abi_major = BK_ABI_MAJOR,
    .abi_minor = BK_ABI_MINOR,
    .struct_size = sizeof(bk_plugin),
    .name = "xml",
    .description = "Canonical submission XML (schemas/budgetkit.xsd, validated while read); other layouts via XSLT",
    .extensions = XMLP_EXTENSIONS,
    .caps = BK_CAP_READ | BK_CAP_WRITE,
    .options = XMLP_OPTIONS,
    .probe = xmlp_probe,
    .read = xmlp_read_entry,
    .write = xmlp_write_entry,
    .read_records = NULL,
};

BK_PLUGIN_ENTRY(xml)
{
    return &XMLP_PLUGIN;
}

/* libxml2 and libxslt keep process-wide tables (encoding handlers, the
 * dictionary mutexes, extension registries) that they free only on request.
 * Release them when the plugin is unloaded: the registry dlcloses plugins,
 * and tables left behind by an unmapped library are leaks. Both libraries
 * initialise themselves again if another plugin still uses them. */
__attribute__((destructor)) static void xmlp_unload(void)
{
    xmlp_sandbox_remove();
    xsltCleanupGlobals();
    xmlCleanupParser();
    xmlp_memcap_remove(); /* last: the hooks are this plugin's code */
}

/* libxml2's allocator hooks are process-wide: set them once, when the plugin is
 * loaded, before any thread of ours is inside libxml2 (they pass through unless
 * the calling thread runs a capped step). */
__attribute__((constructor)) static void xmlp_load(void)
{
    xmlp_memcap_install();
}
