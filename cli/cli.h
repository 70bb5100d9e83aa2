/* SPDX-License-Identifier: MIT */
/* Shared pieces of the budgetkit command: common options, the plugin
 * registry, error printing, exit codes, progress and signals. */
#ifndef BK_CLI_H
#define BK_CLI_H

#include <budgetkit/budgetkit.h>
#include <budgetkit/validate.h>
#include "options.h"
#include <stdbool.h>
#include <stdio.h>

/* Options every command accepts. */
typedef struct cli_common {
    const char *prog;
    const char *plugin_dirs[16];
    size_t n_plugin_dirs;
    const char *definition_dirs[16]; /* --definitions, in order: a later one overrides */
    size_t n_definition_dirs;
    const char *from, *to;
    bk_options *in_opts, *out_opts; /* -i and -O: strictly for one side */
    bk_options *shared_opts;        /* -o: to each side whose plugin declares the key */
    bool quiet;
    bool progress; /* stderr is a terminal and not --quiet */
    bool help;     /* --help was given and printed: the command stops */
    bk_limits limits;
    bk_registry *reg;
} cli_common;

/* The next option of the command line (cli_next) that is not a common one: the common
 * ones (--from, -o, --plugin-dir, -q …) are applied to @p c, and --help prints the help
 * and ends the loop with c->help set. Returns an option id, CLI_ARG (p->arg), CLI_DONE,
 * or CLI_ERROR (printed). */
int cli_next_option(cli_common *c, cli_parser *p);
/* Print that option @p id of the table has no case in its command (a bug); EXIT_INTERNAL. */
int cli_unhandled_option(const cli_common *c, const cli_parser *p);
int cli_common_init(cli_common *c, const char *prog);
/* Load the definitions (default path, BUDGETKIT_DEFINITIONS, --definitions), then the plugins
 * (after options are parsed). Prints and returns an exit code on failure. */
int cli_load_plugins(cli_common *c);
void cli_common_free(cli_common *c);
/* Check that every -o key was declared by one of the plugins used (NULL = side not used). */
int cli_check_shared_options(const cli_common *c, const bk_plugin *in, const bk_plugin *out);

/* Read @p path with the command's input settings, print warnings and errors, and check the
 * -o keys against the reader and @p writer (NULL if none). Returns an exit code; *doc is
 * the document on EXIT_OK (caller frees), NULL otherwise. */
int cli_read_document(cli_common *c, const char *path, const bk_plugin *writer, bk_document **doc);
/* The same, its messages into @p msgs. */
int cli_read_document_to(FILE *msgs, cli_common *c, const char *path, const bk_plugin *writer, bk_document **doc);
/* Print "file:line:col: error: context: message [plugin]". */
void cli_print_error(const cli_common *c, const bk_error *err);
/* The same into @p out (a worker's message buffer; stderr clears the progress line first). */
void cli_fprint_error(FILE *out, const cli_common *c, const bk_error *err);
/* Print warnings collected during a read or write. */
void cli_print_diags(const cli_common *c, const bk_diags *d);
void cli_fprint_diags(FILE *out, const cli_common *c, const bk_diags *d);
/* Exit code for a status from a read (input) or write (output) phase. */
int cli_exit_for(int status, bool output_side);
/* Settings for one side, wired to progress and signals. */
void cli_settings(cli_common *c, bk_io_settings *s, bool output_side, bk_diags *diags, const char *label);
/* Draw "VERB [#####     ] done/total" over the current stderr line (batch runs on a terminal). */
void cli_progress_bar(const char *verb, size_t done, size_t total);
/* Clear a progress line if one is showing. */
void cli_progress_done(void);
/* Install SIGINT/SIGTERM handlers that set the returned flag. */
const volatile int *cli_install_signals(void);

/* Refuse to replace an existing output without --overwrite (ogr2ogr's habit): a regular
 * file at @p path, or with @p is_dir a directory that is not empty. "-", FIFOs and devices
 * are written into, not replaced, so they pass. Prints and returns EXIT_OUTPUT, else EXIT_OK. */
int cli_check_overwrite(const char *path, bool overwrite, bool is_dir);

/* -j N of a command: 1 to 256 into *jobs, else printed and EXIT_USAGE. */
int cli_parse_jobs(const cli_common *c, const char *v, int *jobs);
/* The default of -j: the CPUs online, at most 64. */
int cli_default_jobs(void);

/* Several documents into one output through a BK_CAP_WRITE_MANY writer (cmd_convert.c):
 * begin makes a temporary file beside @p path (with BK_WRITE_APPEND in @p flags, a copy
 * of the existing file), each write hands the writer one chunk (one transaction), commit
 * renames it over @p path. All print their errors and return an exit code. */
typedef struct cli_many cli_many;
int cli_many_begin(cli_common *c, const bk_plugin *w, const char *path, unsigned flags, cli_many **out);
int cli_many_write(cli_common *c, cli_many *m, const bk_batch_item *items, size_t n);
int cli_many_commit(cli_common *c, cli_many *m);
void cli_many_abort(cli_many *m);

/* The inputs of a run over many documents (inputs.c): each file named, and every regular
 * file under each folder named (recursively, in name order, symbolic links to folders not
 * followed; depth and count bounded). root: the folder it was found under (an argument),
 * NULL when it was named itself. */
typedef struct cli_input {
    char *path;
    const char *root;
} cli_input;
typedef struct cli_inputs {
    cli_input *v;
    size_t n, cap;
    size_t folders; /* arguments that were folders */
} cli_inputs;
/* Collect @p args into @p in (freed with cli_inputs_free, also on failure). Prints errors. */
int cli_inputs_collect(const cli_common *c, const char *const *args, size_t n, cli_inputs *in);
void cli_inputs_free(cli_inputs *in);
/* Whether a reader claims the file @p path found in a folder (its first bytes and name; with
 * --from, any file): those it does not are skipped. A file named is read whatever it holds. */
bool cli_file_claimed(const cli_common *c, const char *path);

/* Print validation findings as text, grouped by table, summary last (cmd_validate.c). */
int cli_validate_print_text(FILE *out, const char *path, const bk_document *doc, const bk_findings *fs, bool strict);

/* Commands. */
int cmd_convert(int argc, char **argv);
int cmd_info(int argc, char **argv);
int cmd_formats(int argc, char **argv);
int cmd_validate(int argc, char **argv);
int cmd_compile(int argc, char **argv);

#endif
