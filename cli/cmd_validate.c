/* `budgetkit validate`: placeholder until the validator lands. */
#include "cli.h"
#include <string.h>

int cmd_validate(int argc, char **argv)
{
    if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
        printf("usage: budgetkit validate IN [options]\n\nCheck every arithmetic identity of the tables "
               "(not available in this build yet).\n");
        return EXIT_OK;
    }
    fprintf(stderr, "budgetkit validate: error: not available in this build yet\n");
    return EXIT_USAGE;
}
