/* SPDX-License-Identifier: MIT */
/* Reading a large ledger in parts on several threads.
 *
 * The file is cut into byte ranges (bk_read_records_range); each part is summed by its
 * own compiler and the parts are merged in file order, which gives what one thread
 * reading line by line gives: sums are exact integers, and whatever a line fixes first
 * (names, a group's first error) comes from the earliest part. The first 64 KiB are read
 * alone, so that every part starts from the ledger's header. Anything unexpected in a
 * part (a parse error, a limit, a fatal error) makes the whole ledger be read again on
 * one thread: errors are then reported exactly as a sequential read reports them. */
#include <budgetkit/compile.h>
#include <budgetkit/io.h>

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "compile_internal.h"

#define PREFIX_BYTES   (64u * 1024u)  /* read alone first: the header is in there */
#define MIN_PART_BYTES (256u * 1024u) /* smaller parts cost more in threads than they save */
#define MAX_PARTS      8              /* each part scans the file up to its start: more parts re-read more */

typedef struct reading reading;

typedef struct part {
    reading *rd;
    uint64_t begin, end; /* byte range; end 0 = to the end of the file */
    bk_compiler *comp;
    bk_diags *diags; /* private: merged into the caller's in file order */
    bk_io_settings io;
    bk_error err;
    int status;
    uint64_t done; /* progress, bytes */
} part;

struct reading {
    const bk_registry *reg;
    const char *path;
    const bk_io_settings *user;
    pthread_mutex_t lock; /* serialises the caller's progress callback */
    part *parts;
    size_t n_parts;
    uint64_t size;
    uint64_t base; /* bytes done before the parts: the first 64 KiB */
};

static void part_progress(void *ctx, uint64_t done, uint64_t total)
{
    part *p = ctx;
    reading *rd = p->rd;
    pthread_mutex_lock(&rd->lock);
    p->done = done;
    uint64_t sum = rd->base;
    for (size_t i = 0; i < rd->n_parts; i++) sum += rd->parts[i].done;
    if (total && sum > total) sum = total;
    rd->user->progress(rd->user->progress_ctx, sum, total);
    pthread_mutex_unlock(&rd->lock);
}

static void part_init(part *p, reading *rd, uint64_t begin, uint64_t end)
{
    memset(p, 0, sizeof *p);
    p->rd = rd;
    p->begin = begin;
    p->end = end;
    p->io = *rd->user;
    p->io.chosen = NULL;
    p->diags = bk_diags_new(rd->user->diags ? rd->user->diags->limit : 0);
    p->io.diags = p->diags;
    if (rd->user->progress) {
        p->io.progress = part_progress;
        p->io.progress_ctx = p;
    }
    bk_error_clear(&p->err);
}

static void part_read(part *p)
{
    reading *rd = p->rd;
    p->status = p->diags ? bk_read_records_range(rd->reg, rd->path, &p->io, p->begin, p->end, bk_compiler_sink(p->comp),
                                                 &p->err)
                         : bk_error_set(&p->err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
}

static void *part_thread(void *arg)
{
    part_read(arg);
    return NULL;
}

static void diags_append(bk_diags *dst, const bk_diags *src)
{
    if (!dst || !src) return;
    for (size_t i = 0; i < src->count; i++) {
        const bk_diag *d = &src->items[i];
        bk_diags_add(dst, d->severity, d->line, d->column, d->context, "%s", d->message);
    }
    dst->dropped += src->dropped;
}

static void parts_free(reading *rd)
{
    for (size_t i = 0; i < rd->n_parts; i++) {
        bk_compiler_free(rd->parts[i].comp);
        bk_diags_free(rd->parts[i].diags);
    }
    free(rd->parts);
    rd->parts = NULL;
    rd->n_parts = 0;
}

/* Part 0 continues the compiler that read the prefix; the others are forks of it.
 * -1 when memory runs out: one thread may still manage. */
static int parts_make(reading *rd, bk_compiler *head, size_t n, bk_error *err)
{
    rd->parts = calloc(n, sizeof *rd->parts);
    if (!rd->parts) {
        bk_compiler_free(head);
        return -1;
    }
    uint64_t span = rd->size - PREFIX_BYTES;
    for (size_t i = 0; i < n; i++) {
        uint64_t begin = PREFIX_BYTES + span / n * i, end = i + 1 < n ? PREFIX_BYTES + span / n * (i + 1) : 0;
        part_init(&rd->parts[i], rd, begin, end);
        rd->n_parts = i + 1;
        if (i == 0)
            rd->parts[0].comp = head;
        else if (bk_compiler_fork(head, &rd->parts[i].comp, err))
            return -1;
    }
    return BK_OK;
}

/* Run every part, the first on this thread. */
static void parts_run(reading *rd)
{
    pthread_t *threads = calloc(rd->n_parts, sizeof *threads);
    bool *started = calloc(rd->n_parts, sizeof *started);
    for (size_t i = 1; threads && started && i < rd->n_parts; i++)
        started[i] = pthread_create(&threads[i], NULL, part_thread, &rd->parts[i]) == 0;
    part_read(&rd->parts[0]);
    for (size_t i = 1; i < rd->n_parts; i++) {
        if (started && started[i])
            pthread_join(threads[i], NULL);
        else
            part_read(&rd->parts[i]); /* no thread: read it here, in order */
    }
    free(threads);
    free(started);
}

/* The parts' outcome: BK_OK, an interruption to pass on, or -1 = read the ledger again on one thread. */
static int parts_outcome(reading *rd, bk_error *err)
{
    for (size_t i = 0; i < rd->n_parts; i++)
        if (rd->parts[i].status == BK_ERR_INTERRUPTED) {
            *err = rd->parts[i].err;
            return BK_ERR_INTERRUPTED;
        }
    for (size_t i = 0; i < rd->n_parts; i++)
        if (rd->parts[i].status || bk_compiler_fatal(rd->parts[i].comp)) return -1;
    bk_compiler *head = rd->parts[0].comp;
    for (size_t i = 1; i < rd->n_parts; i++) {
        bk_compiler *p = rd->parts[i].comp;
        rd->parts[i].comp = NULL;
        if (bk_compiler_absorb(head, p)) return -1;
    }
    return BK_OK;
}

static bool fresh(const bk_compiler *c)
{
    return !bk_compiler_has_header(c) && bk_compiler_lines(c) == 0 && bk_compiler_group_count(c) == 0 &&
           !bk_compiler_fatal(c);
}

/* The prefix, alone: it holds the header the parts start from. -1 = read the ledger again on one thread. */
static int read_prefix(reading *rd, part *prefix, bk_compiler *head, bk_error *err)
{
    part_init(prefix, rd, 0, PREFIX_BYTES);
    prefix->comp = head;
    rd->parts = prefix;
    rd->n_parts = 1;
    part_read(prefix);
    rd->parts = NULL;
    rd->n_parts = 0;
    prefix->comp = NULL;
    int rc = prefix->status;
    if (rc == BK_ERR_UNSUPPORTED || rc == BK_ERR_INTERRUPTED) {
        *err = prefix->err; /* not read, or not to be read again */
        return rc;
    }
    return rc || bk_compiler_fatal(head) || !bk_compiler_has_header(head) ? -1 : BK_OK;
}

int bk_compiler_read_parallel(bk_compiler *c, const bk_registry *r, const char *path, bk_io_settings *s, unsigned parts,
                              bk_error *err)
{
    struct stat st;
    if (parts < 2 || !path || !strcmp(path, "-") || stat(path, &st) != 0 || !S_ISREG(st.st_mode) ||
        (uint64_t)st.st_size < PREFIX_BYTES + 2 * (uint64_t)MIN_PART_BYTES)
        return bk_error_set(err, BK_ERR_UNSUPPORTED, 0, 0, NULL, "this input is not read in parts");
    if (!fresh(c)) return bk_error_set(err, BK_ERR_INVALID_ARG, 0, 0, NULL, "the compiler has read records already");
    reading rd = {.reg = r, .path = path, .user = s, .size = (uint64_t)st.st_size};
    uint64_t most = (rd.size - PREFIX_BYTES) / MIN_PART_BYTES;
    size_t n = parts > MAX_PARTS ? MAX_PARTS : parts;
    if (n > most) n = (size_t)most;
    bk_limits lim;
    if (s->limits)
        lim = *s->limits;
    else
        bk_limits_default(&lim);
    if (pthread_mutex_init(&rd.lock, NULL)) return bk_error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");

    part prefix;
    memset(&prefix, 0, sizeof prefix);
    bk_compiler *head = NULL;
    int rc = bk_compiler_fork(c, &head, err);
    if (rc == BK_OK) rc = read_prefix(&rd, &prefix, head, err);
    rd.base = PREFIX_BYTES;
    if (rc == BK_OK)
        rc = parts_make(&rd, head, n, err); /* the parts own head from here */
    else
        bk_compiler_free(head);
    if (rc == BK_OK) {
        parts_run(&rd);
        rc = parts_outcome(&rd, err);
    }
    if (rc == BK_OK && bk_compiler_records(rd.parts[0].comp) > lim.rows)
        rc = -1; /* limit.rows, which each part checked only for itself: one thread names the line */
    if (rc == BK_OK) {
        s->chosen = prefix.io.chosen;
        bk_diags_set_file(s->diags, path);
        diags_append(s->diags, prefix.diags);
        for (size_t i = 0; i < rd.n_parts; i++) diags_append(s->diags, rd.parts[i].diags);
        bk_compiler_take(c, rd.parts[0].comp); /* c has read nothing: the result moves in */
        rd.parts[0].comp = NULL;
    }
    bk_diags_free(prefix.diags);
    parts_free(&rd);
    pthread_mutex_destroy(&rd.lock);
    if (rc == -1) {
        bk_diags_add(s->diags, BK_SEV_NOTE, 0, 0, NULL, "%s",
                     "reading in parts did not work out: read again on one thread");
        return bk_read_records(r, path, s, bk_compiler_sink(c), err);
    }
    return rc;
}
