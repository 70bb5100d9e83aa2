/* SPDX-License-Identifier: MIT */
/* read_records: a JSON array of flat objects, or NDJSON, streams as a header
 * record then one record per object, values as text (numbers with their own
 * text, null as empty), with line numbers; bad ledgers are located errors. */
#include <budgetkit/io.h>
#include <stdlib.h>
#include <unistd.h>
#include "check.h"

typedef struct collected {
    char text[4096]; /* "line:a|b|c\n" per record */
    size_t len;
    int n;
    int stop_at; /* stop with BK_ERR_VALUE at this record (1-based), 0 = never */
} collected;

static int on_record(void *ctx, const bk_record *rec)
{
    collected *c = ctx;
    c->n++;
    int w = snprintf(c->text + c->len, sizeof c->text - c->len, "%u:", rec->line);
    if (w > 0) c->len += (size_t)w;
    for (size_t i = 0; i < rec->n_fields; i++) {
        CHECK_INT(strlen(rec->fields[i]), rec->lens[i]);
        w = snprintf(c->text + c->len, sizeof c->text - c->len, "%s%s", i ? "|" : "", rec->fields[i]);
        if (w > 0) c->len += (size_t)w;
    }
    if (c->len + 1 < sizeof c->text) c->text[c->len++] = '\n';
    c->text[c->len] = '\0';
    return c->stop_at && c->n == c->stop_at ? BK_ERR_VALUE : 0;
}

static char path[64];

static void write_file(const char *content)
{
    snprintf(path, sizeof path, "/tmp/bk-json-rec-XXXXXX.json");
    int fd = mkstemps(path, 5);
    if (fd < 0) return;
    size_t n = strlen(content);
    CHECK(write(fd, content, n) == (ssize_t)n);
    close(fd);
}

/* Read @p content as records; returns the status and fills @p c and @p err. */
static int run(const bk_registry *r, const char *content, collected *c, bk_error *err)
{
    write_file(content);
    bk_record_sink sink = {.ctx = c, .record = on_record};
    bk_io_settings s = {.format = "json"};
    bk_error_clear(err);
    int rc = bk_read_records(r, path, &s, &sink, err);
    unlink(path);
    return rc;
}

static void expect_ok(const bk_registry *r, const char *what, const char *content, const char *want)
{
    collected c = {0};
    bk_error err;
    int rc = run(r, content, &c, &err);
    if (rc) fprintf(stderr, "%s: %u:%u %s\n", what, err.line, err.column, err.message);
    CHECK_INT(rc, BK_OK);
    if (strcmp(c.text, want) != 0) {
        fprintf(stderr, "%s: got\n%s---- expected\n%s----\n", what, c.text, want);
        check_failures++;
    }
}

static void expect_error(const bk_registry *r, const char *what, const char *content, unsigned line, unsigned column,
                         const char *fragment)
{
    collected c = {0};
    bk_error err;
    int rc = run(r, content, &c, &err);
    if (rc == BK_OK || err.line != line || (column && err.column != column) || !strstr(err.message, fragment)) {
        fprintf(stderr, "%s: rc=%d at %u:%u \"%s\"; expected %u:%u \"%s\"\n", what, rc, err.line, err.column,
                err.message, line, column, fragment);
        check_failures++;
    }
}

int main(void)
{
    bk_error err;
    bk_error_clear(&err);
    bk_registry *r = bk_registry_new();
    CHECK(bk_registry_load_default(r, NULL, &err) == BK_OK);
    const bk_plugin *p = bk_registry_find(r, "json", NULL);
    CHECK(p && (p->caps & BK_CAP_RECORDS));

    expect_ok(r, "array",
              "[\n"
              "  {\"单位编码\": \"305001\", \"金额\": 8261.00, \"备注\": null, \"ok\": true},\n"
              "  {\"单位编码\": \"305002\", \"金额\": 0.10, \"备注\": \"a\\\"b\", \"ok\": false},\n"
              "  {\"金额\": 1E2, \"单位编码\": \"007\"}\n"
              "]\n",
              "2:单位编码|金额|备注|ok\n"
              "2:305001|8261.00||true\n"
              "3:305002|0.10|a\"b|false\n"
              "4:007|1E2||\n");
    expect_ok(r, "ndjson", "{\"a\": 1, \"b\": \"x\"}\n{\"a\": -2.50, \"b\": \"中文\"}\n\n{\"b\": \"y\"}",
              "1:a|b\n1:1|x\n2:-2.50|中文\n4:|y\n");
    expect_ok(r, "one line array", "[{\"k\":1},{\"k\":2}]", "1:k\n1:1\n1:2\n");
    expect_ok(r, "bom", "\xEF\xBB\xBF[{\"k\": \"v\"}]", "1:k\n1:v\n");

    expect_error(r, "malformed", "[\n{\"a\": 1},\n{\"a\": 1.2.3}\n]", 3, 10, "malformed number");
    expect_error(r, "nested", "[{\"a\": 1},\n {\"a\": [1]}]", 2, 2, "nested");
    expect_error(r, "unknown key", "[{\"a\": 1},\n {\"b\": 1}]", 2, 2, "not in the header");
    expect_error(r, "duplicate", "[{\"a\": 1,\n \"a\": 2}]", 2, 2, "duplicate key \"a\"");
    expect_error(r, "not an object", "[{\"a\": 1}, 5]", 1, 12, "expected an object");
    expect_error(r, "missing comma", "[{\"a\": 1}\n {\"a\": 2}]", 2, 2, "expected ','");
    expect_error(r, "trailing comma", "[{\"a\": 1},\n]", 2, 1, "trailing comma");
    expect_error(r, "unterminated", "[{\"a\": 1}", 1, 0, "missing ']'");
    expect_error(r, "after array", "[{\"a\": 1}] x", 1, 12, "after the JSON array");
    expect_error(r, "scalar", "42", 1, 1, "array of objects");
    expect_error(r, "empty array", "[]", 1, 0, "no records");
    expect_error(r, "empty", "", 1, 1, "empty input");
    expect_error(r, "utf8", "[{\"a\": \"\xff\"}]", 1, 9, "invalid UTF-8");
    expect_error(r, "single quotes", "[{'a': 1}]", 1, 3, "double quotes");
    expect_error(r, "leading zero", "[{\"a\": -007}]", 1, 10, "leading zero");
    /* json-c would clamp it to 18446744073709551615: refused instead of silently changed */
    expect_error(r, "big integer", "[{\"code\": 123456789012345678901}]", 1, 11, "too large");
    expect_ok(r, "64-bit integers keep their text", "[{\"a\": 18446744073709551615, \"b\": -9223372036854775808}]",
              "1:a|b\n1:18446744073709551615|-9223372036854775808\n");
    expect_error(r, "nul", "[{\"a\": \"x\\u0000y\"}]", 1, 2, "NUL");

    /* a receiver that stops makes the read stop with its status, located at the record */
    collected c = {.stop_at = 3};
    int rc = run(r, "[{\"a\": 1},\n{\"a\": 2},\n{\"a\": 3}]", &c, &err);
    CHECK_INT(rc, BK_ERR_VALUE);
    CHECK_INT(c.n, 3);
    CHECK_INT(err.line, 2);

    /* limits: string_bytes and rows */
    bk_limits lim;
    bk_limits_default(&lim);
    lim.string_bytes = 8;
    lim.rows = 2;
    bk_io_settings s = {.format = "json", .limits = &lim};
    collected c2 = {0};
    bk_record_sink sink = {.ctx = &c2, .record = on_record};
    write_file("[{\"a\": \"short\"},\n{\"a\": \"much too long\"}]");
    rc = bk_read_records(r, path, &s, &sink, &err);
    unlink(path);
    CHECK_INT(rc, BK_ERR_LIMIT);
    CHECK_INT(err.line, 2);
    CHECK(strstr(err.message, "limit.string_bytes=8") != NULL);
    collected c3 = {0};
    sink.ctx = &c3;
    write_file("{\"a\": 1}\n{\"a\": 2}\n{\"a\": 3}\n");
    rc = bk_read_records(r, path, &s, &sink, &err);
    unlink(path);
    CHECK_INT(rc, BK_ERR_LIMIT);
    CHECK(strstr(err.message, "limit.rows=2") != NULL);

    bk_registry_free(r);
    return CHECK_DONE("json_records");
}
