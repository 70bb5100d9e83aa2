/* SPDX-License-Identifier: MIT */
/* The option table of the budgetkit command, its parser and its --help printer.
 * A new option is one row here and one case in its command's switch; --help, the
 * man page and the bash completion follow (tests/cli/cli_options.sh checks them). */
#include "options.h"
#include <string.h>

#define CONVERT  CLI_IN(CLI_CONVERT)
#define INFO     CLI_IN(CLI_INFO)
#define VALIDATE CLI_IN(CLI_VALIDATE)
#define COMPILE  CLI_IN(CLI_COMPILE)
#define FORMATS  CLI_IN(CLI_FORMATS)
#define MAIN     CLI_IN(CLI_MAIN)

/* Rows are listed in --help in this order: each command's own, then the common ones. */
const cli_option cli_options[] = {
    /* convert */
    {CONVERT, CLI_OPT_VALIDATE, 0, "validate", NULL, 0, CLI_C_NONE,
     "check each document first; refuse to write one with errors"},
    {CONVERT, CLI_OPT_FORCE, 0, "force", NULL, 0, CLI_C_NONE,
     "with --validate, write even if there are errors\n"
     "(a format for publication, such as fdp, is always validated first)"},
    {CONVERT, CLI_OPT_OVERWRITE, 0, "overwrite", NULL, 0, CLI_C_NONE,
     "replace an existing output file (into a directory: files of\n"
     "the same name); with --append, replace a document the\n"
     "database already holds instead of refusing it"},
    {CONVERT, CLI_OPT_APPEND, 0, "append", NULL, 0, CLI_C_NONE,
     "add the documents to an existing database (a copy of it is\n"
     "written and renamed over it on success)"},
    {CONVERT, CLI_OPT_JOBS, 'j', "jobs", "N", 0, CLI_C_NONE,
     "documents read and written at once with several inputs\n"
     "(default: the CPUs); messages come in input order"},

    /* validate */
    {VALIDATE, CLI_OPT_FORMAT, 0, "format", "text|json|csv", 0, CLI_C_CHOICES,
     "output format (default text). json: one document\n"
     "{\"findings\", \"summary\"}; several {\"documents\": [...],\n"
     "\"summary\"}. csv: one row per finding with its document"},
    {VALIDATE, CLI_OPT_JOBS, 'j', "jobs", "N", 0, CLI_C_NONE, "documents validated at once (default: the CPUs)"},
    {VALIDATE, CLI_OPT_DB, 0, "db", "FILE", 0, CLI_C_FILE,
     "also store the documents and their findings in the\n"
     "database FILE (sqlite; created, or added to)"},
    {VALIDATE, CLI_OPT_STRICT, 0, "strict", NULL, 0, CLI_C_NONE, "count rounding findings as errors"},
    {VALIDATE, CLI_OPT_TOLERANCE_WAN, 0, "tolerance-wan", "X", CLI_F_EQ, CLI_C_NONE,
     "minimum tolerance in 万元 tables (default 0.02)"},
    {VALIDATE, CLI_OPT_TOLERANCE_PER_FIGURE, 0, "tolerance-per-figure", "X", CLI_F_EQ, CLI_C_NONE,
     "tolerance per figure summed in 万元 tables (default 0.005)"},
    {VALIDATE, CLI_OPT_TOLERANCE_YUAN, 0, "tolerance-yuan", "X", CLI_F_EQ, CLI_C_NONE,
     "tolerance in 元 tables and forms (default 1)"},
    {VALIDATE, CLI_OPT_NO_NARRATIVE, 0, "no-narrative", NULL, 0, CLI_C_NONE,
     "do not check the figures the text sections quote"},
    {VALIDATE, CLI_OPT_NO_REVIEW, 0, "no-review", NULL, 0, CLI_C_NONE,
     "do not run the examiner's review (R1-R10: required\n"
     "tables and sections, text against tables, years,\n"
     "department, placeholders, template instructions)"},
    {VALIDATE, CLI_OPT_ERRORS_ONLY, 0, "errors-only", NULL, 0, CLI_C_NONE,
     "show only the errors (the summary still counts all)"},
    {VALIDATE, CLI_OPT_NO_CROSSDOC, 0, "no-crossdoc", NULL, 0, CLI_C_NONE,
     "several documents: do not check related documents\n"
     "against each other (X1 部门 = Σ 单位, X2 claims about\n"
     "last year, X3 决算 预算数 against the 预算)"},
    {VALIDATE, CLI_OPT_QUIET, 'q', "quiet", NULL, 0, CLI_C_NONE,
     "text: only the summary line (json/csv: unchanged);\n"
     "no progress display and no warnings"},
    {VALIDATE, CLI_OPT_ANNOTATE, 0, "annotate", "OUT.xlsx", 0, CLI_C_FILE,
     "also write the publication workbook with each finding on\n"
     "its cell (comment, fill by severity) and a 检查结果 sheet\n"
     "linking to them (one document; --overwrite replaces OUT)"},
    {VALIDATE, CLI_OPT_OVERWRITE, 0, "overwrite", NULL, 0, CLI_C_NONE, "with --annotate, replace an existing OUT.xlsx"},

    /* compile: its own -o keys (the -o row below parses them) */
    {COMPILE, CLI_OPT_KEY, 'o', NULL, "unit=万元|元", CLI_F_DOC, CLI_C_NONE,
     "unit of the tables (default 万元, 2 decimals)"},
    {COMPILE, CLI_OPT_KEY, 'o', NULL, "ledger_unit=元|万元", CLI_F_DOC, CLI_C_NONE,
     "unit of the ledger amounts (default: from the amount header, else 元)"},
    {COMPILE, CLI_OPT_KEY, 'o', NULL, "map=COLUMN:field[,COLUMN:field]", CLI_F_DOC, CLI_C_NONE,
     "name columns the alias list does not know\n"
     "(fields: year, dept_code, dept_name, unit_code, unit_name, unit_type,\n"
     "func_code, func_name, dep_econ_code, dep_econ_name, gov_econ_code,\n"
     "gov_econ_name, fund, carryover, exp_type, pro_category, pro_code,\n"
     "pro_name, amount)"},
    {COMPILE, CLI_OPT_KEY, 'o', NULL, "codebook=FILE", CLI_F_DOC, CLI_C_NONE,
     "CSV code,name (or TSV): names for codes, over the ledger's and the\n"
     "shipped definitions/codebook.tsv (docs/compile.md: a full 科目 list)"},
    {COMPILE, CLI_OPT_KEY, 'o', NULL, "year=YYYY", CLI_F_DOC, CLI_C_NONE,
     "fiscal year (default: the ledger's 年度 column)"},
    {COMPILE, CLI_OPT_SPLIT_BY, 0, "split-by", "department|unit", 0, CLI_C_CHOICES,
     "one output per department (部门编码/名称, else the first 3 digits\n"
     "of the unit code) or per unit; OUT is then a directory and the\n"
     "files are named CODE-NAME.EXT (EXT from --to, default xlsx)"},
    {COMPILE, CLI_OPT_JOBS, 'j', "jobs", "N", 0, CLI_C_NONE,
     "threads (default: the CPUs). With 2 or more, a CSV ledger over\n"
     "576 KiB is read in N parts at once (other inputs: reading and\n"
     "summing overlap), and N outputs are compiled and written at once.\n"
     "The result is the same for every N."},
    {COMPILE, CLI_OPT_OVERWRITE, 0, "overwrite", NULL, 0, CLI_C_NONE,
     "replace an existing OUT; with --split-by, write into a\n"
     "directory that is not empty (files of the same name are\n"
     "replaced). Without it, either is refused (exit 4)."},

    /* formats */
    {FORMATS, CLI_OPT_CHECK, 0, "check", NULL, 0, CLI_C_NONE,
     "load each plugin file in a child process of its own and name\n"
     "any that crashes while loading (exit 5 if one does); the others\n"
     "are listed as ok or refused, with the reason"},
    {FORMATS, CLI_OPT_OPTION_KEYS, 0, "option-keys", "read|write|both", CLI_F_EQ, CLI_C_CHOICES,
     "print the -o keys of format NAME (or of the format of the file\n"
     "NAME, by its extension) that apply when reading, writing or\n"
     "both, one KEY= a line: what the bash completion offers after -o"},

    /* budgetkit itself */
    {MAIN, CLI_OPT_HELP, 'h', "help", NULL, 0, CLI_C_NONE, "list the commands (also `budgetkit help`)"},
    {MAIN, CLI_OPT_VERSION, 'V', "version", NULL, 0, CLI_C_NONE, "print the release and the plugin ABI"},

    /* common to the commands */
    {CLI_READERS, CLI_OPT_FROM, 0, "from", "FORMAT", CLI_F_COMMON, CLI_C_FORMAT,
     "input format (default: chosen by probing the input)"},
    {CLI_READERS, CLI_OPT_TO, 0, "to", "FORMAT", CLI_F_COMMON, CLI_C_FORMAT,
     "output format (default: chosen by the output's extension)"},
    {CLI_READERS, CLI_OPT_OPTION, 'o', NULL, "KEY=VALUE", CLI_F_COMMON, CLI_C_KEY,
     "format option, given to each side whose format declares KEY\n"
     "(see `budgetkit formats NAME`); also limit.NAME=N resource limits"},
    {CLI_READERS, CLI_OPT_IN_OPTION, 'i', NULL, "KEY=VALUE", CLI_F_COMMON, CLI_C_KEY, "input-only format option"},
    {CLI_READERS, CLI_OPT_OUT_OPTION, 'O', NULL, "KEY=VALUE", CLI_F_COMMON, CLI_C_KEY, "output-only format option"},
    {CLI_READERS | FORMATS, CLI_OPT_PLUGIN_DIR, 0, "plugin-dir", "DIR", CLI_F_COMMON, CLI_C_DIR,
     "look for plugins in DIR first (repeatable)"},
    {CLI_READERS | FORMATS, CLI_OPT_DEFINITIONS, 0, "definitions", "DIR", CLI_F_COMMON, CLI_C_DIR,
     "read the template definitions (*.json) of DIR too, over the\n"
     "installed ones (repeatable; see docs/definitions.md)"},
    {(CLI_READERS | FORMATS) & ~VALIDATE, CLI_OPT_QUIET, 'q', "quiet", NULL, CLI_F_COMMON, CLI_C_NONE,
     "no progress display and no warnings"},
    {CLI_READERS | FORMATS, CLI_OPT_HELP, 'h', "help", NULL, CLI_F_COMMON, CLI_C_NONE, "show this help"},
    {0, 0, 0, NULL, NULL, 0, CLI_C_NONE, NULL},
};

static const cli_example CONVERT_EXAMPLES[] = {
    {"budgetkit convert doc.xlsx doc.csv -o excel=true",
     "CSV for Excel (UTF-8 BOM, CRLF; no 乱码 on\nChinese Windows)"},
    {"budgetkit convert doc.xlsx fig.csv -o layout=figures", "one row per figure, for\npandas.read_csv(f, dtype=str)"},
    {"budgetkit convert old.xls doc.json",
     ".xls (BIFF8) in; .ods: convert it first with\nsoffice --headless --convert-to xlsx FILE"},
    {"budgetkit convert a.xlsx b.xlsx all.sqlite", "several documents into one database"},
    {"budgetkit convert -j 4 2024/ out/ --to json", "every document under 2024/, four at a time,\ninto out/ as JSON"},
    {NULL, NULL},
};

static const cli_example INFO_EXAMPLES[] = {
    {"budgetkit info doc.xlsx", "year, department, tables and their totals"},
    {NULL, NULL},
};

static const cli_example VALIDATE_EXAMPLES[] = {
    {"budgetkit validate doc.xlsx", "the findings, errors first, and a summary line"},
    {"budgetkit validate -q --strict 2024/", "a folder's documents: the summary only, rounding\ncounted as errors"},
    {"budgetkit validate doc.xlsx --annotate checked.xlsx", "the workbook with each finding on its cell"},
    {NULL, NULL},
};

static const cli_example COMPILE_EXAMPLES[] = {
    {"budgetkit compile ledger.csv doc.xlsx", "the standard tables of one document"},
    {"budgetkit compile ledger.csv out/ --split-by department", "one workbook per department"},
    {NULL, NULL},
};

static const cli_example FORMATS_EXAMPLES[] = {
    {"budgetkit formats xlsx", "the xlsx format's capabilities and -o options"},
    {"budgetkit formats --check", "name a plugin that crashes while loading"},
    {NULL, NULL},
};

static const cli_example NO_EXAMPLES[] = {{NULL, NULL}};

const cli_command cli_commands[CLI_N_CMDS] = {
    [CLI_CONVERT] = {"convert", "convert a document between formats",
                     "convert IN OUT [options]\n"
                     "convert IN… DIR --to FORMAT [options]\n"
                     "convert IN… DB.sqlite [--append] [options]",
                     "Read IN in any supported format and write OUT. `-` is standard input or output\n"
                     "(standard output needs --to). OUT is written to a temporary file and renamed on\n"
                     "success, so a failure never leaves a partial or clobbered file. An existing OUT\n"
                     "is refused (exit 4) unless --overwrite.\n"
                     "\n"
                     "With several inputs, or when OUT is a directory (or ends in /), each input is\n"
                     "written to OUT/NAME.EXT (NAME: the input's file name without its extension; EXT\n"
                     "from --to). An input that is a folder stands for every file under it that a\n"
                     "format claims (others are skipped), written to OUT/PATH/NAME.EXT, PATH its folder\n"
                     "below the one given. A format that holds many documents (sqlite) writes them all\n"
                     "into the one file OUT instead, in one transaction. Into a directory every input\n"
                     "is tried and the exit code is the first failure's; into a database an input that\n"
                     "cannot be read stops the run and the database is not written.",
                     24, CLI_C_FILE, NULL, CONVERT_EXAMPLES},
    [CLI_INFO] = {"info", "show a document's facts, tables, row counts and totals", "info IN [options]",
                  "Print what a document holds: fiscal year, kind, department and units; each table\n"
                  "with its kind, unit, columns, row count and its total row; the performance-target\n"
                  "forms and the text sections; then everything the definitions did not recognise and\n"
                  "kept as printed: custom tables, unmapped columns, rows that are none of a table's items.",
                  24, CLI_C_FILE, NULL, INFO_EXAMPLES},
    [CLI_VALIDATE] = {"validate", "check every arithmetic identity of the tables", "validate IN… [options]",
                      "Check every arithmetic identity within and across the tables of IN (any input\n"
                      "format) and the shares, growth rates and totals its text quotes. Findings are\n"
                      "`error` (an identity does not hold), `rounding` (it holds within the rounding\n"
                      "tolerance) or `warning` (a soft rule), printed errors first. Identities whose\n"
                      "tables are absent are skipped and counted. Then review the disclosure as an\n"
                      "examiner does (the rules of its template family: a required table missing is\n"
                      "an error). See docs/validate.md for the rules.\n"
                      "\n"
                      "IN may be several files and folders (searched recursively; a file there that no\n"
                      "format claims is skipped with a note). With more than one document: one block\n"
                      "per document, then a summary table; a document that cannot be read is reported\n"
                      "and the others still run.",
                      28, CLI_C_FILE,
                      "exit status: 0 no errors (rounding allowed unless --strict), 1 some document has\n"
                      "errors, 2 usage, 3 an input could not be read (and none has errors), 5 no plugin\n"
                      "for the format (one document).",
                      VALIDATE_EXAMPLES},
    [CLI_COMPILE] = {"compile", "compile finance-system line items into the standard tables",
                     "compile LEDGER OUT [options]",
                     "Compile finance-system line items (a long ledger: unit × 功能分类 × 经济分类 ×\n"
                     "fund × 基本/项目 × project × amount, in CSV, XLSX or JSON) into the standard\n"
                     "tables: 收支总表, 收入总表, 支出总表, 财政拨款收支总表, 一般公共预算支出表,\n"
                     "基本支出经济分类表, 政府性基金/国有资本经营预算支出表, 三公, 机关运行经费, 项目支出表.\n"
                     "A table the ledger cannot support is left out, with a note saying why.\n"
                     "Sums are exact; each printed figure is rounded on its own from the exact sum.\n"
                     "Columns are found by header name (docs/compile.md lists the aliases).",
                     24, CLI_C_FILE,
                     "Exit status: 0 all written; 1 some departments failed (the others are written);\n"
                     "otherwise as for every command (3 input, 4 output, ...).",
                     COMPILE_EXAMPLES},
    [CLI_FORMATS] = {"formats", "list the format plugins and their options",
                     "formats [NAME] [--check] [--option-keys=SIDE] [--plugin-dir DIR]...",
                     "List the format plugins found on the search path (--plugin-dir, BUDGETKIT_PLUGIN_PATH,\n"
                     "then beside the program), with capabilities and extensions, and the plugins that were\n"
                     "refused with the reason. With NAME, describe that format's options.",
                     24, CLI_C_FORMAT, NULL, FORMATS_EXAMPLES},
    [CLI_MAIN] = {"budgetkit", "convert, check and compile budget-disclosure data (部门预算/决算公开)",
                  "COMMAND [ARGS...]", NULL, 24, CLI_C_NONE, NULL, NO_EXAMPLES},
};

const char cli_program_description[] =
    "budgetkit converts government budget-disclosure data (部门预算/决算公开) between\n"
    "finance-system exports and publication formats, and checks that the tables add up.";

const char cli_conventions[] =
    "Every command has --help. `-` stands for standard input or output. An output is written to a\n"
    "temporary file and renamed on success; an existing one is replaced only with --overwrite.\n"
    "Errors print as `file:line:column: error: context: message [plugin]`.";

const char cli_see_also[] =
    "The README and docs/ of the source: docs/validate.md (rules, tolerances, JSON schema), docs/compile.md "
    "(ledger columns, codebook), docs/limits.md (resource limits), docs/definitions.md (template definitions), "
    "docs/library.md (libbudgetkit).";

const cli_exit_code cli_exit_codes[] = {
    {EXIT_OK, "ok", "success (validate: no errors; rounding findings allowed unless `--strict`)"},
    {EXIT_FINDINGS, "findings",
     "the command ran but found errors: validation errors (of any document of a `validate` run), or some "
     "departments of `compile --split-by` failed"},
    {EXIT_USAGE, "usage", "bad command line or option"},
    {EXIT_INPUT, "input",
     "an input could not be read: missing, malformed, wrong encoding, over a limit (a `validate` run over many "
     "documents: some could not be read and none has errors; the others are still reported)"},
    {EXIT_OUTPUT, "output",
     "the output could not be written, or it exists and `--overwrite` was not given (the previous file, if any, "
     "is untouched)"},
    {EXIT_FORMAT, "format/plugin", "no plugin for the format, an ambiguous format, or the plugin was refused"},
    {EXIT_INTERNAL, "internal", "out of memory or an internal error"},
    {EXIT_INTERRUPTED, "interrupted", "interrupted (SIGINT/SIGTERM); the previous output, if any, is untouched"},
    {0, NULL, NULL},
};

const cli_note cli_environment[] = {
    {"BUDGETKIT_PLUGIN_PATH",
     "folders, separated by `:`, searched for format plugins after `--plugin-dir` and before the installed ones"},
    {"BUDGETKIT_DEFINITIONS",
     "folders, separated by `:`, of template definitions (`*.json`) read over the installed ones and under "
     "`--definitions`"},
    {"BUDGETKIT_LIMIT_NAME",
     "a resource limit, as `-o limit.NAME=N` (for example `BUDGETKIT_LIMIT_ROWS=1000000`; docs/limits.md)"},
    {"TMPDIR", "where a reader that needs a temporary copy of its input (xls, standard input) writes it"},
    {NULL, NULL},
};

const cli_note cli_files[] = {
    {"PREFIX/lib/budgetkit/plugins/*.so",
     "the format plugins, found beside the library (`budgetkit formats` lists them)"},
    {"PREFIX/share/budgetkit/definitions/",
     "the template definitions (`*.json`) and the codebook `codebook.tsv` that `compile` names codes from"},
    {NULL, NULL},
};

/* ---- the parser ---- */

const cli_option *cli_option_find(cli_cmd cmd, const char *name, size_t len)
{
    for (const cli_option *o = cli_options; o->commands; o++) {
        if (!(o->commands & CLI_IN(cmd)) || (o->flags & CLI_F_DOC)) continue;
        if (len ? o->long_name && strlen(o->long_name) == len && !memcmp(o->long_name, name, len)
                : o->short_name && o->short_name == name[0])
            return o;
    }
    return NULL;
}

void cli_parser_init(cli_parser *p, cli_cmd cmd, const char *prog, int argc, char **argv)
{
    memset(p, 0, sizeof *p);
    p->cmd = cmd;
    p->prog = prog;
    p->argc = argc;
    p->argv = argv;
    p->next = 1;
}

static int parse_error(cli_parser *p, const char *what)
{
    fprintf(stderr, "%s: error: %s '%s' (see --help)\n", p->prog, what, p->name);
    return CLI_ERROR;
}

/* The value of option @p o: the rest of the word (@p inline_value), else the next word. */
static int take_value(cli_parser *p, const cli_option *o, const char *inline_value)
{
    if (!o->arg) {
        if (inline_value) {
            fprintf(stderr, "%s: error: %s takes no value\n", p->prog, p->name);
            return CLI_ERROR;
        }
        return o->id;
    }
    if (inline_value)
        p->arg = inline_value;
    else if (p->next < p->argc)
        p->arg = p->argv[p->next++];
    else {
        fprintf(stderr, "%s: error: %s needs a value\n", p->prog, p->name);
        return CLI_ERROR;
    }
    return o->id;
}

/* The next of the bundled short options "-qj4" (p->bundle points after the dash). */
static int next_short(cli_parser *p, bool word_start)
{
    char c = *p->bundle++;
    const cli_option *o = cli_option_find(p->cmd, &c, 0);
    if (!o) {
        /* "-frob": name the word the user typed; "-qx": the letter that is wrong */
        if (word_start)
            snprintf(p->name, sizeof p->name, "-%s", p->bundle - 1);
        else
            snprintf(p->name, sizeof p->name, "-%c", c);
        p->bundle = NULL;
        return parse_error(p, "unknown option");
    }
    snprintf(p->name, sizeof p->name, "-%c", c);
    const char *rest = *p->bundle ? p->bundle : NULL;
    if (o->arg || !rest) p->bundle = NULL;
    return take_value(p, o, o->arg ? rest : NULL);
}

int cli_next(cli_parser *p)
{
    p->arg = NULL;
    if (p->bundle) return next_short(p, false);
    if (p->next >= p->argc) return CLI_DONE;
    const char *a = p->argv[p->next++];
    if (p->operands_only || a[0] != '-' || a[1] == '\0') {
        p->arg = a;
        return CLI_ARG;
    }
    if (a[1] != '-') {
        p->bundle = a + 1;
        return next_short(p, true);
    }
    if (a[2] == '\0') { /* "--": the rest are operands */
        p->operands_only = true;
        return cli_next(p);
    }
    const char *eq = strchr(a + 2, '=');
    size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
    snprintf(p->name, sizeof p->name, "--%.*s", (int)(len < 60 ? len : 60), a + 2);
    const cli_option *o = len ? cli_option_find(p->cmd, a + 2, len) : NULL;
    if (!o) return parse_error(p, "unknown option");
    return take_value(p, o, eq ? eq + 1 : NULL);
}

/* ---- --help ---- */

size_t cli_text_width(const char *s)
{
    size_t w = 0;
    for (const unsigned char *u = (const unsigned char *)s; *u; u++) {
        if ((*u & 0xC0) == 0x80) continue;    /* a continuation byte */
        w += *u >= 0xE3 && *u < 0xF0 ? 2 : 1; /* U+3000 and up (CJK) take two columns */
    }
    return w;
}

const char *cli_option_label(const cli_option *o, char *buf, size_t cap)
{
    const char *arg = o->arg ? o->arg : "";
    const char *sep = !o->arg ? "" : (o->flags & CLI_F_EQ) ? "=" : " ";
    if (o->short_name && o->long_name)
        snprintf(buf, cap, "-%c%s%s, --%s%s%s", o->short_name, *arg ? " " : "", arg, o->long_name, sep, arg);
    else if (o->short_name)
        snprintf(buf, cap, "-%c%s%s", o->short_name, *arg ? " " : "", arg);
    else
        snprintf(buf, cap, "--%s%s%s", o->long_name, sep, arg);
    return buf;
}

/* "  LABEL  help line 1\n" then the help's further lines at @p column; a label too wide
 * for the column puts the help on the next line. */
static void print_row(FILE *f, const char *label, const char *help, int column)
{
    size_t w = 2 + cli_text_width(label);
    fprintf(f, "  %s", label);
    if (w + 2 > (size_t)column) {
        fputc('\n', f);
        w = 0;
    }
    for (const char *line = help; line;) {
        const char *nl = strchr(line, '\n');
        fprintf(f, "%*s%.*s\n", (int)((size_t)column - w), "", nl ? (int)(nl - line) : (int)strlen(line), line);
        w = 0;
        line = nl ? nl + 1 : NULL;
    }
}

static void print_usage_lines(FILE *f, const char *usage)
{
    const char *lead = "usage: ";
    for (const char *line = usage; line;) {
        const char *nl = strchr(line, '\n');
        fprintf(f, "%sbudgetkit %.*s\n", lead, nl ? (int)(nl - line) : (int)strlen(line), line);
        lead = "       ";
        line = nl ? nl + 1 : NULL;
    }
}

static void print_main_help(FILE *f)
{
    print_usage_lines(f, cli_commands[CLI_MAIN].usage);
    fprintf(f, "\n%s\n\ncommands:\n", cli_program_description);
    for (int i = 0; i < CLI_MAIN; i++) fprintf(f, "  %-10s %s\n", cli_commands[i].name, cli_commands[i].summary);
    fprintf(f, "\n`budgetkit COMMAND --help` describes each command. Options:");
    const char *sep = " ";
    for (const cli_option *o = cli_options; o->commands; o++)
        if (o->commands & CLI_IN(CLI_MAIN)) {
            fprintf(f, "%s--%s", sep, o->long_name);
            sep = ", ";
        }
    fprintf(f, ".\nExit codes:");
    sep = " ";
    for (const cli_exit_code *e = cli_exit_codes; e->name; e++) {
        fprintf(f, "%s%d %s", sep, e->code, e->name);
        sep = ", ";
    }
    fprintf(f, ".\n");
}

void cli_print_help(FILE *f, cli_cmd cmd)
{
    if (cmd == CLI_MAIN) {
        print_main_help(f);
        return;
    }
    const cli_command *c = &cli_commands[cmd];
    print_usage_lines(f, c->usage);
    fprintf(f, "\n%s\n\noptions:\n", c->description);
    char label[128];
    for (const cli_option *o = cli_options; o->commands; o++)
        if (o->commands & CLI_IN(cmd)) print_row(f, cli_option_label(o, label, sizeof label), o->help, c->column);
    if (c->exit_status) fprintf(f, "\n%s\n", c->exit_status);
    if (c->examples[0].line) {
        size_t wide = 0;
        for (const cli_example *e = c->examples; e->line; e++)
            if (cli_text_width(e->line) > wide) wide = cli_text_width(e->line);
        fprintf(f, "\nexamples:\n");
        for (const cli_example *e = c->examples; e->line; e++) print_row(f, e->line, e->what, (int)wide + 4);
    }
}
