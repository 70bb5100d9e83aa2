/* SPDX-License-Identifier: MIT */
/* budgetkit: convert, check and compile budget-disclosure data. */
#include "cli.h"
#include <signal.h>
#include <string.h>

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} command;

static const command COMMANDS[] = {
    {"convert", cmd_convert, "convert a document between formats"},
    {"info", cmd_info, "show a document's facts, tables, row counts and totals"},
    {"validate", cmd_validate, "check every arithmetic identity of the tables"},
    {"compile", cmd_compile, "compile finance-system line items into the standard tables"},
    {"formats", cmd_formats, "list the format plugins and their options"},
};

static void usage(FILE *f)
{
    fprintf(f, "usage: budgetkit COMMAND [ARGS...]\n\n"
               "budgetkit converts government budget-disclosure data (部门预算/决算公开) between\n"
               "finance-system exports and publication formats, and checks that the tables add up.\n\n"
               "commands:\n");
    for (size_t i = 0; i < sizeof COMMANDS / sizeof COMMANDS[0]; i++)
        fprintf(f, "  %-10s %s\n", COMMANDS[i].name, COMMANDS[i].summary);
    fprintf(f, "\n`budgetkit COMMAND --help` describes each command. Options: --help, --version.\n"
               "Exit codes: 0 ok, 1 findings, 2 usage, 3 input, 4 output, 5 format/plugin, 70 internal, 130 interrupted.\n");
}

int main(int argc, char **argv)
{
    /* A file-size limit (ulimit -f) must fail a write with EFBIG, not kill us
     * before the temporary file is removed. */
    signal(SIGXFSZ, SIG_IGN);
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return EXIT_OK;
    }
    if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
        printf("budgetkit %s (plugin ABI %d.%d)\n", bk_version(), BK_ABI_MAJOR, BK_ABI_MINOR);
        return EXIT_OK;
    }
    for (size_t i = 0; i < sizeof COMMANDS / sizeof COMMANDS[0]; i++)
        if (!strcmp(argv[1], COMMANDS[i].name)) return COMMANDS[i].run(argc - 1, argv + 1);
    fprintf(stderr, "budgetkit: error: unknown command '%s'\n\n", argv[1]);
    usage(stderr);
    return EXIT_USAGE;
}
