/* `budgetkit compile`: placeholder until the ledger compiler lands. */
#include "cli.h"
#include <string.h>

int cmd_compile(int argc, char **argv)
{
    if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
        printf("usage: budgetkit compile LEDGER OUT [options]\n\nCompile finance-system line items into the "
               "standard tables (not available in this build yet).\n");
        return EXIT_OK;
    }
    fprintf(stderr, "budgetkit compile: error: not available in this build yet\n");
    return EXIT_USAGE;
}
