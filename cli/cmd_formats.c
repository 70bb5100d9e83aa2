#include "cli.h"
#include <string.h>

static const char HELP[] =
    "usage: budgetkit formats [NAME] [--plugin-dir DIR]...\n\n"
    "List the format plugins found on the search path (--plugin-dir, BUDGETKIT_PLUGIN_PATH,\n"
    "then beside the program), with capabilities and extensions, and the plugins that were\n"
    "refused with the reason. With NAME, describe that format's options.\n";

static void caps_text(uint32_t caps, char *buf, size_t n)
{
    snprintf(buf, n, "%s%s%s", (caps & BK_CAP_READ) ? "read" : "", (caps & BK_CAP_READ) && (caps & BK_CAP_WRITE) ? "," : "",
             (caps & BK_CAP_WRITE) ? "write" : "");
    if (caps & BK_CAP_RECORDS) strncat(buf, ",records", n - strlen(buf) - 1);
}

static void describe(const bk_plugin *p, const char *path)
{
    char caps[96];
    caps_text(p->caps, caps, sizeof caps);
    if (p->caps & BK_CAP_RECORDS_RANGE) strncat(caps, ",parts", sizeof caps - strlen(caps) - 1);
    if (p->caps & BK_CAP_READ_STREAM) strncat(caps, ",stream", sizeof caps - strlen(caps) - 1);
    if (p->caps & BK_CAP_WRITE_MANY) strncat(caps, ",many", sizeof caps - strlen(caps) - 1);
    printf("%s: %s\n  capabilities: %s\n  extensions:", p->name, p->description ? p->description : "", caps);
    for (const char *const *e = p->extensions; e && *e; e++) printf(" .%s", *e);
    printf("\n");
    if (p->caps & BK_CAP_RECORDS_RANGE)
        printf("  parts: a large ledger is read in parts on several threads (compile -j N)\n");
    if (p->caps & BK_CAP_READ_STREAM) printf("  stream: standard input is read as it comes, without a temporary copy\n");
    if (p->caps & BK_CAP_WRITE_MANY)
        printf("  many: several documents go into one output (convert IN… OUT, --append, validate --db)\n");
    printf("  plugin ABI: %u.%u\n  file: %s\n", p->abi_major, p->abi_minor, path);
    if (!p->options || !p->options[0].name) {
        printf("  options: none\n");
        return;
    }
    printf("  options:\n");
    for (const bk_option_spec *o = p->options; o->name; o++) {
        const char *dir = o->direction == (BK_OPT_READ | BK_OPT_WRITE) ? "read/write"
                          : o->direction == BK_OPT_READ                ? "read"
                                                                       : "write";
        printf("    %s=%s  (%s%s%s) %s\n", o->name,
               o->type == BK_OPT_ENUM && o->choices ? o->choices : o->type == BK_OPT_BOOL ? "true|false"
                                                                : o->type == BK_OPT_INT    ? "N"
                                                                                           : "TEXT",
               dir, o->default_value ? ", default " : "", o->default_value ? o->default_value : "",
               o->help ? o->help : "");
    }
}

int cmd_formats(int argc, char **argv)
{
    cli_common c;
    int rc = cli_common_init(&c, "budgetkit formats");
    const char *name = NULL;
    for (int i = 1; rc == EXIT_OK && i < argc; i++) {
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            printf("%s", HELP);
            cli_common_free(&c);
            return EXIT_OK;
        }
        int k = cli_common_arg(&c, argc, argv, &i);
        if (k < 0) rc = EXIT_USAGE;
        else if (k == 0 && argv[i][0] != '-' && !name) name = argv[i];
        else if (k == 0) {
            fprintf(stderr, "%s: error: unexpected argument '%s' (see --help)\n", c.prog, argv[i]);
            rc = EXIT_USAGE;
        }
    }
    if (rc == EXIT_OK) rc = cli_load_plugins(&c);
    if (rc == EXIT_OK && name) {
        const char *reason = NULL;
        const bk_plugin *p = bk_registry_find(c.reg, name, &reason);
        if (!p) {
            fprintf(stderr, "%s: error: format '%s' %s%s\n", c.prog, name, reason ? "was refused: " : "is not known",
                    reason ? reason : "");
            rc = EXIT_FORMAT;
        } else {
            for (size_t i = 0; i < bk_registry_count(c.reg); i++) {
                const bk_plugin_info *info = bk_registry_at(c.reg, i);
                if (info->plugin == p) describe(p, info->path);
            }
        }
    } else if (rc == EXIT_OK) {
        size_t n = bk_registry_count(c.reg), refused = 0;
        printf("%-10s %-20s %-16s %s\n", "FORMAT", "CAPABILITIES", "EXTENSIONS", "DESCRIPTION");
        for (size_t i = 0; i < n; i++) {
            const bk_plugin_info *info = bk_registry_at(c.reg, i);
            if (!info->plugin) {
                refused++;
                continue;
            }
            char caps[64], exts[64] = "";
            caps_text(info->plugin->caps, caps, sizeof caps);
            for (const char *const *e = info->plugin->extensions; e && *e; e++) {
                strncat(exts, ".", sizeof exts - strlen(exts) - 1);
                strncat(exts, *e, sizeof exts - strlen(exts) - 1);
                strncat(exts, " ", sizeof exts - strlen(exts) - 1);
            }
            printf("%-10s %-20s %-16s %s\n", info->plugin->name, caps, exts,
                   info->plugin->description ? info->plugin->description : "");
        }
        if (refused) {
            printf("\nrefused plugins:\n");
            for (size_t i = 0; i < n; i++) {
                const bk_plugin_info *info = bk_registry_at(c.reg, i);
                if (!info->plugin) printf("  %s: %s\n", info->path, info->reason);
            }
        }
        if (n == refused) {
            fprintf(stderr, "%s: warning: no usable plugins found (use --plugin-dir or BUDGETKIT_PLUGIN_PATH)\n", c.prog);
        }
    }
    cli_common_free(&c);
    return rc;
}
