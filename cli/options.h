/* SPDX-License-Identifier: MIT */
/* The one table of the budgetkit command line (curl's habit): every command's
 * options, usage, description, exit status, examples and environment. `--help`,
 * the man page budgetkit.1 and the bash completion are all generated from it
 * (the last two by cli/gendoc.c at build time), so they cannot drift apart.
 * This module knows nothing of the library: gendoc links it alone. */
#ifndef BK_CLI_OPTIONS_H
#define BK_CLI_OPTIONS_H

#include <stdbool.h>
#include <stdio.h>

/* Exit codes; cli_exit_codes[] says what each means (README.md "Exit codes" is checked against it). */
enum {
    EXIT_OK = 0,        /* success */
    EXIT_FINDINGS = 1,  /* ran, but found errors (validation) or some items failed (compile --split-by) */
    EXIT_USAGE = 2,     /* bad command line or options */
    EXIT_INPUT = 3,     /* an input could not be read (missing, malformed, over a limit) */
    EXIT_OUTPUT = 4,    /* the output could not be written */
    EXIT_FORMAT = 5,    /* no plugin for the format, or the plugin was refused */
    EXIT_INTERNAL = 70, /* out of memory or a bug */
    EXIT_INTERRUPTED = 130
};

/** The commands; CLI_MAIN is `budgetkit` itself (--help, --version). */
typedef enum cli_cmd { CLI_CONVERT, CLI_INFO, CLI_VALIDATE, CLI_COMPILE, CLI_FORMATS, CLI_MAIN, CLI_N_CMDS } cli_cmd;

/** Bit of a command in cli_option.commands. */
#define CLI_IN(cmd) (1u << (cmd))
/** The commands that read documents (and so take --from, -o …). */
#define CLI_READERS (CLI_IN(CLI_CONVERT) | CLI_IN(CLI_INFO) | CLI_IN(CLI_VALIDATE) | CLI_IN(CLI_COMPILE))

/** What cli_next() returns besides an option id. */
enum {
    CLI_DONE = 0,  /**< no more arguments */
    CLI_ARG = -1,  /**< a positional argument, in cli_parser.arg */
    CLI_ERROR = -2 /**< a bad option; the error is printed */
};

/** Option ids: what a command switches on. One id may have several rows (one help text per command). */
typedef enum cli_opt_id {
    CLI_OPT_HELP = 1,
    CLI_OPT_VERSION,
    CLI_OPT_QUIET,
    CLI_OPT_FROM,
    CLI_OPT_TO,
    CLI_OPT_OPTION,     /* -o KEY=VALUE */
    CLI_OPT_IN_OPTION,  /* -i KEY=VALUE */
    CLI_OPT_OUT_OPTION, /* -O KEY=VALUE */
    CLI_OPT_PLUGIN_DIR,
    CLI_OPT_DEFINITIONS,
    CLI_OPT_VALIDATE,
    CLI_OPT_FORCE,
    CLI_OPT_OVERWRITE,
    CLI_OPT_APPEND,
    CLI_OPT_FORMAT,
    CLI_OPT_JOBS,
    CLI_OPT_DB,
    CLI_OPT_STRICT,
    CLI_OPT_TOLERANCE_WAN,
    CLI_OPT_TOLERANCE_PER_FIGURE,
    CLI_OPT_TOLERANCE_YUAN,
    CLI_OPT_NO_NARRATIVE,
    CLI_OPT_NO_REVIEW,
    CLI_OPT_ERRORS_ONLY,
    CLI_OPT_NO_CROSSDOC,
    CLI_OPT_ANNOTATE,
    CLI_OPT_SPLIT_BY,
    CLI_OPT_CHECK,
    CLI_OPT_OPTION_KEYS,
    CLI_OPT_KEY /* a documentation row: one -o KEY a command itself takes (never returned) */
} cli_opt_id;

/** Flags of a row. */
enum {
    CLI_F_COMMON = 1u << 0, /**< shared by several commands: the man page lists it once */
    CLI_F_EQ = 1u << 1,     /**< shown as --name=ARG (both forms are accepted) */
    CLI_F_DOC = 1u << 2     /**< documentation only (CLI_OPT_KEY): listed, not parsed */
};

/** How the bash completion completes an option's argument (or a command's operands). */
typedef enum cli_complete {
    CLI_C_NONE,
    CLI_C_FILE,
    CLI_C_DIR,
    CLI_C_FORMAT,  /**< a format name, from `budgetkit formats` */
    CLI_C_CHOICES, /**< one of the words of the argument name "a|b|c" */
    CLI_C_KEY      /**< a KEY= of the formats the command line names (`formats --option-keys`), of the
                        command's documentation rows, or limit. */
} cli_complete;

/** One row of the table. */
typedef struct cli_option {
    unsigned commands; /**< CLI_IN() bits of the commands that take it with this help text */
    cli_opt_id id;
    char short_name;       /**< 'o' for -o, 0 if none */
    const char *long_name; /**< "from" for --from, NULL if none */
    const char *arg;       /**< argument name ("FORMAT"), NULL for a flag */
    unsigned flags;
    cli_complete complete;
    const char *help; /**< lines separated by \n, each shown at the help column */
} cli_option;

/** An example: a command line and what it does. */
typedef struct cli_example {
    const char *line;
    const char *what; /**< lines separated by \n */
} cli_example;

/** One command's texts. */
typedef struct cli_command {
    const char *name;
    const char *summary;         /**< one line for `budgetkit --help` */
    const char *usage;           /**< synopsis lines without "budgetkit ", separated by \n */
    const char *description;     /**< paragraphs (blank-line separated), wrapped for a terminal */
    int column;                  /**< where an option's help starts in --help */
    cli_complete operands;       /**< what the positional arguments are */
    const char *exit_status;     /**< how this command uses the exit codes, or NULL */
    const cli_example *examples; /**< ends with {NULL} */
} cli_command;

/** An exit code and what it means (markdown: `code` spans). */
typedef struct cli_exit_code {
    int code;
    const char *name;    /**< one word, for `budgetkit --help` */
    const char *meaning; /**< the README's and the man page's text */
} cli_exit_code;

/** An environment variable or an installed file, for the man page. */
typedef struct cli_note {
    const char *name;
    const char *text;
} cli_note;

extern const cli_option cli_options[]; /**< ends with a row of commands 0 */
extern const cli_command cli_commands[CLI_N_CMDS];
extern const cli_exit_code cli_exit_codes[]; /**< ends with name NULL */
extern const cli_note cli_environment[];     /**< ends with name NULL */
extern const cli_note cli_files[];           /**< ends with name NULL */
extern const char cli_program_description[]; /**< what budgetkit is: `budgetkit --help`, DESCRIPTION */
extern const char cli_conventions[];         /**< what holds for every command (the man page) */
extern const char cli_see_also[];            /**< the man page's SEE ALSO */

/** The row of @p cmd for the long name @p name (length @p len) or, with len 0, the short name @p name[0]. */
const cli_option *cli_option_find(cli_cmd cmd, const char *name, size_t len);

/** getopt_long's loop without its global state: options in any order among the operands,
 * "--name VALUE", "--name=VALUE", "-x VALUE", "-xVALUE", bundled flags "-qx", and "--"
 * ending the options. "-" is an operand. */
typedef struct cli_parser {
    cli_cmd cmd;
    const char *prog; /**< for error messages */
    int argc;
    char **argv;
    int next;           /**< argv index of the next word */
    const char *bundle; /**< the rest of a word of short options */
    bool operands_only; /**< after "--" */
    const char *arg;    /**< the option's value, or the operand */
    char name[64];      /**< the option as given ("--jobs", "-j"), for messages */
} cli_parser;

/** Start parsing argv[1..argc-1] of command @p cmd. */
void cli_parser_init(cli_parser *p, cli_cmd cmd, const char *prog, int argc, char **argv);
/** The next option's id (its value in p->arg), CLI_ARG, CLI_DONE, or CLI_ERROR
 * (an unknown option, a missing value or a value given to a flag: printed, naming the option). */
int cli_next(cli_parser *p);

/** Print @p cmd's --help (CLI_MAIN: the list of commands). */
void cli_print_help(FILE *f, cli_cmd cmd);
/** The label of a row as --help shows it ("-j N, --jobs N"), into @p buf. */
const char *cli_option_label(const cli_option *o, char *buf, size_t cap);
/** Columns @p s takes on a terminal (CJK characters take two). */
size_t cli_text_width(const char *s);

#endif
