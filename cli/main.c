/* SPDX-License-Identifier: MIT */
/* budgetkit: convert, check and compile budget-disclosure data. */
#include "cli.h"
#include <signal.h>
#include <string.h>

/* Each command's entry, in the order of cli_cmd (its texts are in options.c). */
static int (*const RUN[CLI_MAIN])(int argc, char **argv) = {
    [CLI_CONVERT] = cmd_convert, [CLI_INFO] = cmd_info,       [CLI_VALIDATE] = cmd_validate,
    [CLI_COMPILE] = cmd_compile, [CLI_FORMATS] = cmd_formats,
};

int main(int argc, char **argv)
{
    /* A file-size limit (ulimit -f) must fail a write with EFBIG, not kill us
     * before the temporary file is removed. */
    signal(SIGXFSZ, SIG_IGN);
    if (argc < 2) {
        cli_print_help(stderr, CLI_MAIN);
        return EXIT_USAGE;
    }
    for (int i = 0; i < CLI_MAIN; i++)
        if (!strcmp(argv[1], cli_commands[i].name)) return RUN[i](argc - 1, argv + 1);
    if (!strcmp(argv[1], "help")) {
        cli_print_help(stdout, CLI_MAIN);
        return EXIT_OK;
    }
    if (argv[1][0] == '-' && argv[1][1] && strcmp(argv[1], "--")) {
        cli_parser p;
        cli_parser_init(&p, CLI_MAIN, "budgetkit", 2, argv);
        int id = cli_next(&p);
        if (id == CLI_OPT_VERSION) {
            printf("budgetkit %s (plugin ABI %d.%d)\n", bk_version(), BK_ABI_MAJOR, BK_ABI_MINOR);
            return EXIT_OK;
        }
        if (id == CLI_OPT_HELP) cli_print_help(stdout, CLI_MAIN);
        return id == CLI_OPT_HELP ? EXIT_OK : EXIT_USAGE; /* else the parser named the option */
    }
    fprintf(stderr, "budgetkit: error: unknown command '%s'\n\n", argv[1]);
    cli_print_help(stderr, CLI_MAIN);
    return EXIT_USAGE;
}
