/* SPDX-License-Identifier: MIT */
/* Reading a ledger in parts (bk_read_records_range, bk_compiler_read_parallel) gives
 * exactly what one sequential read gives: the same records with the same line numbers,
 * the same compiled documents, byte for byte, and the same errors. Ledgers are made
 * here: plain, BOM + CRLF, quoted fields with commas, doubled quotes and line breaks
 * (so that cuts fall inside them), GB18030, a bad amount and a stray quote deep inside. */
#include <budgetkit/budgetkit.h>
#include <budgetkit/compile.h>
#include <budgetkit/io.h>
#include <budgetkit/registry.h>

#include <iconv.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "test_files.h"

static char dir[] = "/tmp/bk_parts_XXXXXX";

typedef struct text {
    char *s;
    size_t n, cap;
} text;

static void put(text *t, const char *s, size_t n)
{
    if (t->n + n + 1 > t->cap) {
        t->cap = (t->n + n + 1) * 2;
        t->s = realloc(t->s, t->cap);
    }
    memcpy(t->s + t->n, s, n);
    t->n += n;
    t->s[t->n] = '\0';
}

static void puts_(text *t, const char *s)
{
    put(t, s, strlen(s));
}

enum { PLAIN = 0, CRLF = 1, QUOTED = 2, UNNAMED_FIRST = 4 /* each department's first line has no 部门名称 */ };

/* A ledger of @p lines lines over 20 departments; flags: CRLF (and a BOM), QUOTED names. */
static void make_ledger(text *t, int lines, unsigned flags, int bad_amount_at, int stray_quote_at)
{
    static const char *const funcs[][2] = {{"2010101", "行政运行"},
                                           {"2010350", "事业运行"},
                                           {"2080501", "行政单位离退休"},
                                           {"2130104", "事业运行"},
                                           {"2296002", "用于社会福利的彩票公益金支出"}};
    const char *eol = flags & CRLF ? "\r\n" : "\n";
    if (flags & CRLF) puts_(t, "\xEF\xBB\xBF");
    puts_(t, "年度,部门编码,部门名称,单位编码,单位名称,单位类型,功能分类科目编码,功能分类科目名称,部门经济分类编码,"
             "部门经济分类名称,政府经济分类编码,资金性质,指标来源,支出类型,项目类别,项目名称,金额");
    puts_(t, eol);
    uint64_t x = 2024;
    char line[1024];
    bool named[20] = {false};
    for (int i = 0; i < lines; i++) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        unsigned r = (unsigned)(x >> 33);
        int dept = 101 + (int)(r % 20), unit = 1 + (int)(r / 20 % 3), f = (int)(r / 60 % 5);
        int project = r / 300 % 3 == 0, carry = r / 900 % 7 == 0;
        const char *fund = f == 4 ? "政府性基金预算" : r / 6300 % 5 == 0 ? "单位资金" : "一般公共预算";
        char name[160];
        if (!project)
            snprintf(name, sizeof name, "%s", "");
        else if ((flags & QUOTED) && r % 3 == 0)
            snprintf(name, sizeof name, "\"项目%u,\"\"甲\"\"%s续%u\"", r % 40, eol, r % 7);
        else
            snprintf(name, sizeof name, "项目%u", r % 40);
        char amount[32];
        if (i == bad_amount_at)
            snprintf(amount, sizeof amount, "12.3.4");
        else
            snprintf(amount, sizeof amount, "%u.%02u", r % 100000, r / 7 % 100);
        char dept_name[32] = "";
        if (!(flags & UNNAMED_FIRST) || named[dept - 101]) snprintf(dept_name, sizeof dept_name, "部门%d", dept);
        named[dept - 101] = true;
        snprintf(line, sizeof line, "2024,%d,%s,%d%03d,单位%d-%d,行政单位,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s%s,%s%s", dept,
                 dept_name, dept, unit, dept, unit, funcs[f][0], funcs[f][1],
                 project ? "30227"
                 : r % 2 ? "30101"
                         : "30201",
                 project ? "委托业务费"
                 : r % 2 ? "基本工资"
                         : "办公费",
                 project ? "50205"
                 : r % 2 ? "50101"
                         : "50201",
                 fund, carry ? "上年结转" : "当年预算", project ? "项目支出" : "基本支出",
                 project ? "特定目标类"
                 : r % 2 ? "人员类"
                         : "公用经费",
                 name, i == stray_quote_at ? "x\"y" : "", amount, eol);
        puts_(t, line);
    }
}

static const char *write_file(const char *name, const char *bytes, size_t n)
{
    return tf_write(dir, name, bytes, n);
}

static text convert(const text *t, const char *to)
{
    text out = {0};
    iconv_t cd = iconv_open(to, "UTF-8");
    out.cap = t->n * 4 + 16;
    out.s = malloc(out.cap);
    char *ip = t->s, *op = out.s;
    size_t il = t->n, ol = out.cap;
    iconv(cd, &ip, &il, &op, &ol);
    iconv_close(cd);
    out.n = (size_t)(op - out.s);
    return out;
}

/* ---- the range contract: consecutive ranges deliver every record once, with its line ---- */

typedef struct seen {
    text log; /* "line:field|field|...\n" per record */
} seen;

static int log_record(void *ctx, const bk_record *rec)
{
    seen *s = ctx;
    char head[32];
    snprintf(head, sizeof head, "%u:", (unsigned)rec->line);
    puts_(&s->log, head);
    for (size_t i = 0; i < rec->n_fields; i++) {
        put(&s->log, rec->fields[i], rec->lens[i]);
        puts_(&s->log, "|");
    }
    puts_(&s->log, "\n");
    return 0;
}

static void check_ranges(const bk_registry *reg, const char *path, size_t size, size_t step)
{
    seen whole = {0}, cut = {0};
    bk_record_sink ws = {.ctx = &whole, .record = log_record}, cs = {.ctx = &cut, .record = log_record};
    bk_io_settings io = {0};
    bk_error err;
    CHECK_INT(bk_read_records(reg, path, &io, &ws, &err), BK_OK);
    int rc = BK_OK;
    for (size_t at = 0; rc == BK_OK && at < size; at += step)
        rc = bk_read_records_range(reg, path, &io, at, at + step < size ? at + step : 0, &cs, &err);
    CHECK_INT(rc, BK_OK);
    CHECK(whole.log.n > 1000 && cut.log.n == whole.log.n && memcmp(whole.log.s, cut.log.s, whole.log.n) == 0);
    free(whole.log.s);
    free(cut.log.s);
}

/* A random CSV file that libcsv accepts in strict mode: quoted fields with "", commas, LF,
 * CRLF and CJK inside; bare fields; LF, CRLF and blank lines between records; maybe a BOM. */
static void make_random_csv(text *t, uint64_t x, size_t bytes)
{
#define RND() (x = x * 6364136223846793005ULL + 1442695040888963407ULL, (unsigned)(x >> 33))
    static const char *const bare[] = {"abc", "123.45", "民政局", " sp ", "2080201", "-"};
    static const char *const inside[] = {"x", "\"\"", ",", "\n", "\r\n", "民", "  ", "\r"};
    if (RND() % 4 == 0) puts_(t, "\xEF\xBB\xBF");
    size_t cols = 2 + RND() % 6;
    while (t->n < bytes) {
        for (size_t c = 0; c < cols; c++) {
            if (c) puts_(t, ",");
            unsigned kind = RND() % 6;
            if (kind == 0) continue;
            if (kind == 1) {
                puts_(t, "\"");
                for (unsigned k = RND() % 6; k > 0; k--) puts_(t, inside[RND() % 8]);
                puts_(t, "\"");
            } else {
                puts_(t, bare[RND() % 6]);
            }
        }
        unsigned e = RND() % 10;
        puts_(t, e < 6 ? "\n" : e < 9 ? "\r\n" : "\n\n");
    }
#undef RND
}

/* ---- compiled documents, sequential vs parallel ---- */

typedef struct outcome {
    int rc;
    bool fell_back; /* the parallel read said it read the ledger again on one thread */
    uint32_t line;
    char message[512];
    text docs; /* every group: code, status, error or JSON */
} outcome;

static const bk_limits *test_limits; /* NULL: the defaults */

static void compile(const bk_registry *reg, const char *path, unsigned parts, outcome *o)
{
    memset(o, 0, sizeof *o);
    bk_compile_settings cs = {.split = BK_SPLIT_DEPARTMENT};
    bk_compiler *c = NULL;
    bk_error err;
    bk_error_clear(&err);
    if (bk_compiler_new(&cs, &c, &err)) {
        o->rc = -1;
        return;
    }
    bk_io_settings io = {.diags = bk_diags_new(0), .limits = test_limits};
    o->rc = parts == 1 ? bk_read_records(reg, path, &io, bk_compiler_sink(c), &err)
                       : bk_compiler_read_parallel(c, reg, path, &io, parts, &err);
    for (size_t i = 0; i < io.diags->count; i++) o->fell_back |= strstr(io.diags->items[i].message, "again") != NULL;
    bk_diags_free(io.diags);
    if (o->rc == BK_OK) o->rc = bk_compiler_finish(c, &err);
    o->line = err.line;
    snprintf(o->message, sizeof o->message, "%s", err.message);
    char out[600];
    snprintf(out, sizeof out, "%s/doc.json", dir);
    for (size_t i = 0; o->rc == BK_OK && i < bk_compiler_group_count(c); i++) {
        bk_document *doc = NULL;
        bk_error_clear(&err);
        int st = bk_compile_group(c, i, &doc, NULL, &err);
        char head[700];
        snprintf(head, sizeof head, "== %s %s lines=%llu st=%d line=%u %s\n", bk_compiler_group_code(c, i),
                 bk_compiler_group_name(c, i), (unsigned long long)bk_compiler_group_lines(c, i), st,
                 (unsigned)err.line, err.message);
        puts_(&o->docs, head);
        if (st == BK_OK) {
            bk_io_settings w = {.format = "json"};
            if (bk_write_document(reg, doc, out, &w, &err) == BK_OK) {
                FILE *f = fopen(out, "rb");
                char buf[65536];
                size_t n;
                while ((n = fread(buf, 1, sizeof buf, f)) > 0) put(&o->docs, buf, n);
                fclose(f);
            }
        }
        bk_document_free(doc);
    }
    bk_compiler_free(c);
}

static void check_same(const bk_registry *reg, const char *path, const char *what, bool expect_fallback)
{
    outcome seq, par;
    compile(reg, path, 1, &seq);
    for (unsigned parts = 2; parts <= 5; parts += 3) {
        compile(reg, path, parts, &par);
        if (par.rc != seq.rc || par.line != seq.line || strcmp(par.message, seq.message) != 0 ||
            par.docs.n != seq.docs.n || (seq.docs.n && memcmp(par.docs.s, seq.docs.s, seq.docs.n) != 0)) {
            fprintf(stderr, "%s, %u parts: differs from one sequential read (rc %d/%d, line %u/%u, '%s' / '%s')\n",
                    what, parts, par.rc, seq.rc, par.line, seq.line, par.message, seq.message);
            check_failures++;
        }
        if (par.fell_back != expect_fallback) {
            fprintf(stderr, "%s, %u parts: %s\n", what, parts,
                    expect_fallback ? "no fallback to one thread" : "fell back to one thread");
            check_failures++;
        }
        free(par.docs.s);
    }
    free(seq.docs.s);
}

static outcome last;

static const char *compile_message(const bk_registry *reg, const char *path, unsigned parts)
{
    free(last.docs.s);
    compile(reg, path, parts, &last);
    return last.docs.s ? last.docs.s : last.message;
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

    /* the contract, on small files cut every few hundred bytes (inside fields, quotes, CRLF) */
    for (unsigned flags = 0; flags <= (CRLF | QUOTED); flags++) {
        text t = {0};
        make_ledger(&t, 400, flags, -1, -1);
        check_ranges(reg, write_file("small.csv", t.s, t.n), t.n, 97 + flags * 50);
        text gb = convert(&t, "GB18030");
        check_ranges(reg, write_file("small-gb.csv", gb.s, gb.n), gb.n, 89);
        free(gb.s);
        free(t.s);
    }

    /* random files that libcsv accepts, in UTF-8 and GB18030, cut at random steps */
    for (uint64_t seed = 1; seed <= 24; seed++) {
        text t = {0};
        make_random_csv(&t, seed * 7919, 20000 + seed * 1000);
        size_t step = 37 + (size_t)(seed * 131 % 400);
        check_ranges(reg, write_file("random.csv", t.s, t.n), t.n, step);
        if (seed % 3 == 0) {
            text gb = convert(&t, "GB18030");
            check_ranges(reg, write_file("random-gb.csv", gb.s, gb.n), gb.n, step + 11);
            free(gb.s);
        }
        free(t.s);
    }

    /* whole ledgers (≈1.5 MB, 2 and 5 parts) compile to the same documents */
    static const char *const names[] = {"plain", "BOM + CRLF", "quoted", "quoted + BOM + CRLF"};
    for (unsigned flags = 0; flags <= (CRLF | QUOTED); flags++) {
        text t = {0};
        make_ledger(&t, 9000, flags, -1, -1);
        check_same(reg, write_file("big.csv", t.s, t.n), names[flags], false);
        if (flags == QUOTED) {
            text gb = convert(&t, "GB18030");
            check_same(reg, write_file("big-gb.csv", gb.s, gb.n), "quoted, GB18030", false);
            free(gb.s);
        }
        free(t.s);
    }

    /* a department whose first line has no name is named as one read names it (after its unit) */
    {
        text u = {0};
        make_ledger(&u, 9000, UNNAMED_FIRST, -1, -1);
        check_same(reg, write_file("unnamed.csv", u.s, u.n), "unnamed first lines", false);
        free(u.s);
    }

    /* limit.rows counts every record of the file, whichever part reads it */
    {
        text u = {0};
        puts_(&u, "2024年部门预算项目明细\n单位：元\n"); /* title rows: records too, but no ledger lines */
        make_ledger(&u, 9000, PLAIN, -1, -1);
        const char *p = write_file("rows.csv", u.s, u.n);
        bk_limits lim;
        bk_limits_default(&lim);
        lim.rows = 9002; /* two titles, the header and 9000 lines: one record too many */
        test_limits = &lim;
        check_same(reg, p, "limit.rows", true);
        compile_message(reg, p, 2);
        CHECK_INT(last.rc, BK_ERR_LIMIT);
        lim.rows = 9003;
        check_same(reg, p, "limit.rows exactly met", false);
        test_limits = NULL;
        free(u.s);
    }

    /* a bad amount deep in the file fails its department with the same line; the others compile */
    text t = {0};
    make_ledger(&t, 9000, QUOTED, 7000, -1);
    const char *bad = write_file("bad-amount.csv", t.s, t.n);
    check_same(reg, bad, "bad amount", false);
    CHECK(strstr(compile_message(reg, bad, 2), "12.3.4") != NULL);
    free(t.s);

    /* a stray quote deep in the file: the parallel read falls back and reports the same parse error */
    memset(&t, 0, sizeof t);
    make_ledger(&t, 9000, PLAIN, -1, 8000);
    const char *stray = write_file("stray.csv", t.s, t.n);
    check_same(reg, stray, "stray quote", true);
    compile_message(reg, stray, 2);
    CHECK_INT(last.rc, BK_ERR_PARSE);
    CHECK(last.line > 8000);

    /* inputs that are not cut: UTF-16, and a small file */
    text u16 = convert(&t, "UTF-16");
    compile_message(reg, write_file("u16.csv", u16.s, u16.n), 2);
    CHECK_INT(last.rc, BK_ERR_UNSUPPORTED);
    free(u16.s);
    compile_message(reg, write_file("tiny.csv", t.s, 4096), 2);
    CHECK_INT(last.rc, BK_ERR_UNSUPPORTED);
    free(t.s);
    free(last.docs.s);

    bk_registry_free(reg);
    const char *files[] = {"small.csv",  "small-gb.csv",   "random.csv", "random-gb.csv", "big.csv",
                           "big-gb.csv", "bad-amount.csv", "stray.csv",  "u16.csv",       "tiny.csv",
                           "doc.json",   "unnamed.csv",    "rows.csv"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        char p[600];
        snprintf(p, sizeof p, "%s/%s", dir, files[i]);
        unlink(p);
    }
    rmdir(dir);
    return CHECK_DONE("test_compile_parts");
}
