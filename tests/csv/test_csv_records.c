/* SPDX-License-Identifier: MIT */
/* read_records of the csv plugin: delimiters, encodings, quoting, line numbers,
 * and located errors on bad input. Files are generated here from literal bytes. */
#include <budgetkit/budgetkit.h>
#include <budgetkit/io.h>
#include <budgetkit/limits.h>
#include "check.h"
#include "test_files.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct got {
    size_t n_records;
    size_t n_fields[16];
    char first[16][64];
    char last[16][64];
    uint32_t line[16];
} got;

static int on_record(void *ctx, const bk_record *rec)
{
    got *g = ctx;
    if (g->n_records >= 16) {
        snprintf(g->first[15], 64, "%s", rec->n_fields ? rec->fields[0] : "");
        snprintf(g->last[15], 64, "%s", rec->n_fields ? rec->fields[rec->n_fields - 1] : "");
    } else {
        g->n_fields[g->n_records] = rec->n_fields;
        snprintf(g->first[g->n_records], 64, "%s", rec->n_fields ? rec->fields[0] : "");
        snprintf(g->last[g->n_records], 64, "%s", rec->n_fields ? rec->fields[rec->n_fields - 1] : "");
        g->line[g->n_records] = rec->line;
    }
    g->n_records++;
    return 0;
}

static char dir[] = "/tmp/bk-csv-records.XXXXXX";

static const char *write_file(const char *name, const char *bytes, size_t n)
{
    return tf_write(dir, name, bytes, n);
}

static int run(bk_registry *reg, const char *path, const char *opt, got *g, bk_error *err)
{
    memset(g, 0, sizeof *g);
    bk_options *o = bk_options_new();
    if (opt) bk_options_parse(o, opt, NULL);
    bk_io_settings s;
    memset(&s, 0, sizeof s);
    s.format = "csv";
    bk_limits lim;
    bk_limits_default(&lim);
    if (opt && !strncmp(opt, "limit.", 6)) {
        bk_limits_from_options(&lim, o, NULL);
        bk_options_free(o);
        o = bk_options_new();
    }
    s.limits = &lim;
    s.options = o;
    bk_record_sink sink = {.ctx = g, .record = on_record};
    bk_error_clear(err);
    int rc = bk_read_records(reg, path, &s, &sink, err);
    bk_options_free(o);
    return rc;
}

int main(void)
{
    if (!mkdtemp(dir)) return 1;
    bk_registry *reg = bk_registry_new();
    bk_error err;
    bk_registry_load_default(reg, NULL, &err);
    if (!bk_registry_find(reg, "csv", NULL)) {
        fprintf(stderr, "csv plugin not found\n");
        return 1;
    }
    got g;

    /* comma, quotes with commas/newlines/"" and kept spaces; line numbers count the quoted newline */
    const char csv1[] = "a,b,c\n\"x,1\",\" sp \",\"two\nlines\"\n3,\"q\"\"q\",z\n";
    CHECK_INT(run(reg, write_file("q.csv", csv1, sizeof csv1 - 1), NULL, &g, &err), 0);
    CHECK_INT(g.n_records, 3);
    CHECK_STR(g.first[1], "x,1");
    CHECK_STR(g.last[1], "two\nlines");
    CHECK_INT(g.line[2], 4);
    CHECK_STR(g.last[2], "z");

    /* tab and semicolon are sniffed; BOM stripped; CRLF */
    const char tsv[] = "\xEF\xBB\xBF项目\t金额\r\n一、一般公共预算\t4000.70\r\n";
    CHECK_INT(run(reg, write_file("t.txt", tsv, sizeof tsv - 1), NULL, &g, &err), 0);
    CHECK_INT(g.n_records, 2);
    CHECK_STR(g.first[0], "项目");
    CHECK_STR(g.last[1], "4000.70");
    const char semi[] = "a;b;c\n1;2;3\n";
    CHECK_INT(run(reg, write_file("s.csv", semi, sizeof semi - 1), NULL, &g, &err), 0);
    CHECK_INT(g.n_fields[1], 3);

    /* GB18030 without BOM: 项目,金额 */
    const char gb[] = "\xCF\xEE\xC4\xBF,\xBD\xF0\xB6\xEE\n1,2\n";
    CHECK_INT(run(reg, write_file("gb.csv", gb, sizeof gb - 1), NULL, &g, &err), 0);
    CHECK_STR(g.first[0], "项目");
    CHECK_STR(g.last[0], "金额");
    /* GB18030 larger than one read chunk: characters split across chunks are carried over */
    {
        /* 11-byte lines: the first 256 KiB chunk ends after byte 3 of a line, inside 目 */
        static const char line[] = "\xCF\xEE\xC4\xBF\xC3\xFB\xB3\xC6,1\n"; /* 项目名称,1 */
        size_t ll = sizeof line - 1, n_lines = 50000;
        char *big = malloc(ll * n_lines);
        for (size_t i = 0; i < n_lines; i++) memcpy(big + i * ll, line, ll);
        big[(n_lines - 1) * ll + 9] = '9'; /* last line: 项目名称,9 */
        CHECK_INT(run(reg, write_file("gbbig.csv", big, ll * n_lines), NULL, &g, &err), 0);
        CHECK_INT(g.n_records, n_lines);
        CHECK_STR(g.first[15], "项目名称");
        CHECK_STR(g.last[15], "9");
        free(big);
    }
    /* forced utf-8 on GB bytes: located encoding error */
    CHECK_INT(run(reg, write_file("gb2.csv", gb, sizeof gb - 1), "encoding=utf-8", &g, &err), BK_ERR_ENCODING);
    CHECK_INT(err.line, 1);

    /* UTF-8 head, invalid byte later: error names the line */
    char late[9000];
    size_t n = 0;
    for (int i = 0; i < 500; i++) n += (size_t)snprintf(late + n, sizeof late - n, "行%d,1\n", i);
    n += (size_t)snprintf(late + n, sizeof late - n, "bad\xFF,1\n");
    CHECK_INT(run(reg, write_file("late.csv", late, n), NULL, &g, &err), BK_ERR_ENCODING);
    CHECK_INT(err.line, 501);
    CHECK_INT(err.column, 1);

    /* unbalanced quote, stray quote */
    const char unb[] = "a,b\n1,\"open\n2,3\n";
    CHECK_INT(run(reg, write_file("u.csv", unb, sizeof unb - 1), NULL, &g, &err), BK_ERR_PARSE);
    CHECK_INT(err.line, 2);
    const char stray[] = "a,b\n1,\"x\"y\n";
    CHECK_INT(run(reg, write_file("st.csv", stray, sizeof stray - 1), NULL, &g, &err), BK_ERR_PARSE);
    CHECK_INT(err.line, 2);
    CHECK_INT(err.column, 2);

    /* binary */
    const char bin[] = "PK\x03\x04\x00\x00\x01\x02";
    CHECK_INT(run(reg, write_file("b.csv", bin, sizeof bin - 1), NULL, &g, &err), BK_ERR_ENCODING);

    /* field and column limits */
    CHECK_INT(run(reg, write_file("l.csv", "a,bbbbbbbbbbbbbbbbbbbb\n", 23), "limit.string_bytes=8", &g, &err),
              BK_ERR_LIMIT);
    CHECK_INT(err.line, 1);
    CHECK_INT(err.column, 2);
    CHECK_INT(run(reg, write_file("c.csv", "1,2,3,4,5\n", 10), "limit.columns=4", &g, &err), BK_ERR_LIMIT);
    CHECK_INT(err.column, 5);

    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0) fprintf(stderr, "cannot remove %s\n", dir);
    bk_registry_free(reg);
    return CHECK_DONE("test_csv_records");
}
