/* SPDX-License-Identifier: MIT */
/* Reading and writing documents through plugins; atomic output files. */
#include <budgetkit/io.h>
#include "model_internal.h"
#include <stdbool.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define HEAD_BYTES 4096
/* Longest output base name copied into a temporary name: ".NAME.tmp.XXXXXX" must fit NAME_MAX. */
#define TMP_BASE_MAX 200

static bool is_stdio(const char *path)
{
    return !path || strcmp(path, "-") == 0;
}

/* The process umask, read without changing it (umask(2) would race with threads). */
static mode_t current_umask(void)
{
    mode_t mask = 022;
    FILE *f = fopen("/proc/self/status", "r");
    if (!f) return mask;
    char line[256];
    while (fgets(line, sizeof line, f))
        if (strncmp(line, "Umask:", 6) == 0) mask = (mode_t)strtoul(line + 6, NULL, 8);
    fclose(f);
    return mask;
}

/* Bytes of @p base to copy into a temporary name: at most TMP_BASE_MAX, never splitting a UTF-8 character. */
static int tmp_base_len(const char *base)
{
    size_t n = strlen(base);
    if (n <= TMP_BASE_MAX) return (int)n;
    n = TMP_BASE_MAX;
    while (n > 0 && ((unsigned char)base[n] & 0xC0) == 0x80) n--;
    return (int)n;
}

/* How an output path is written. */
typedef enum out_kind {
    OUT_FILE,   /* absent or a regular file: a temporary file beside it, renamed on success */
    OUT_STREAM, /* stdout, a FIFO, a device, a socket: spooled, then copied into it on success */
    OUT_DIR     /* an existing directory: refused */
} out_kind;

/* Renaming over a FIFO or a device would replace it with a regular file (as root,
 * /dev/null itself), so anything that exists and is not a regular file is a stream. */
static out_kind output_kind(const char *path)
{
    if (is_stdio(path)) return OUT_STREAM;
    struct stat st;
    if (stat(path, &st) != 0) return OUT_FILE;
    if (S_ISDIR(st.st_mode)) return OUT_DIR;
    return S_ISREG(st.st_mode) ? OUT_FILE : OUT_STREAM;
}

static int dir_error(bk_error *err)
{
    return bk_error_set(err, BK_ERR_IO, 0, 0, NULL, "the output is a directory: give a file name");
}

int bk_atomic_begin(const char *path, char *tmp_path, size_t cap, FILE **fp, bk_error *err)
{
    *fp = NULL;
    int n;
    out_kind kind = output_kind(path);
    if (kind == OUT_DIR) return dir_error(err);
    if (kind == OUT_STREAM) {
        const char *tmpdir = getenv("TMPDIR");
        n = snprintf(tmp_path, cap, "%s/budgetkit-out.XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
    } else {
        /* Same directory as the target, so that rename() is atomic; hidden, so a
         * leftover (the process was SIGKILLed) is easy to recognise. */
        const char *slash = strrchr(path, '/');
        const char *base = slash ? slash + 1 : path;
        if (slash)
            n = snprintf(tmp_path, cap, "%.*s/.%.*s.tmp.XXXXXX", (int)(slash - path), path, tmp_base_len(base), base);
        else
            n = snprintf(tmp_path, cap, ".%.*s.tmp.XXXXXX", tmp_base_len(base), base);
    }
    if (n < 0 || (size_t)n >= cap) return bk_error_set(err, BK_ERR_INVALID_ARG, 0, 0, NULL, "output path is too long");
    int fd = mkstemp(tmp_path);
    if (fd < 0)
        return bk_error_set(err, BK_ERR_IO, 0, 0, NULL, "cannot create a temporary file beside the output: %s",
                            strerror(errno));
    struct stat st;
    mode_t mode = 0666 & ~current_umask();
    if (kind == OUT_FILE && stat(path, &st) == 0) mode = st.st_mode & 07777;
    if (fchmod(fd, mode) != 0) { /* not fatal: the file stays private */
    }
    *fp = fdopen(fd, "wb");
    if (!*fp) {
        int e = errno;
        close(fd);
        unlink(tmp_path);
        return bk_error_set(err, BK_ERR_IO, 0, 0, NULL, "cannot open the temporary file: %s", strerror(e));
    }
    return BK_OK;
}

void bk_atomic_abort(FILE *fp, const char *tmp_path)
{
    if (fp) fclose(fp);
    if (tmp_path && *tmp_path) unlink(tmp_path);
}

/* Open the stream @p path: no O_CREAT (it exists) and no O_TRUNC (a FIFO or device has no length).
 * A FIFO blocks here until a reader opens it; SIGINT interrupts the wait (EINTR). */
static int open_stream(const char *path, FILE **out, bk_error *err)
{
    *out = stdout;
    if (is_stdio(path)) return BK_OK;
    int fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        int e = errno;
        return bk_error_set(
            err, e == EINTR ? BK_ERR_INTERRUPTED : BK_ERR_IO, 0, 0, NULL, "cannot open the output%s: %s",
            e == ENXIO ? " (a socket, or a device with no driver, cannot be written)" : "", strerror(e));
    }
    if (!(*out = fdopen(fd, "wb"))) {
        int e = errno;
        close(fd);
        return bk_error_set(err, BK_ERR_IO, 0, 0, NULL, "cannot open the output: %s", strerror(e));
    }
    return BK_OK;
}

/* Copy the spooled output into the stream @p path. SIGPIPE is blocked meanwhile so that a
 * reader that went away is an error (EPIPE), not a silent death. */
static int copy_to_stream(const char *tmp_path, const char *path, bk_error *err)
{
    FILE *in = fopen(tmp_path, "rb");
    if (!in) return bk_error_set(err, BK_ERR_IO, 0, 0, NULL, "cannot reopen output: %s", strerror(errno));
    FILE *out;
    int rc = open_stream(path, &out, err);
    if (rc) {
        fclose(in);
        return rc;
    }
    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &set, &old);
    const char *what = is_stdio(path) ? "standard output" : "the output";
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        if (fwrite(buf, 1, n, out) != n) {
            rc = bk_error_set(err, BK_ERR_IO, 0, 0, NULL, "cannot write to %s: %s", what, strerror(errno));
            break;
        }
    if (rc == BK_OK && ferror(in)) rc = bk_error_set(err, BK_ERR_IO, 0, 0, NULL, "cannot read back the output");
    fclose(in);
    if (fflush(out) != 0 && rc == BK_OK)
        rc = bk_error_set(err, BK_ERR_IO, 0, 0, NULL, "cannot write to %s: %s", what, strerror(errno));
    if (out != stdout && fclose(out) != 0 && rc == BK_OK)
        rc = bk_error_set(err, BK_ERR_IO, 0, 0, NULL, "cannot write to %s: %s", what, strerror(errno));
    sigset_t pending;
    if (!sigismember(&old, SIGPIPE) && sigpending(&pending) == 0 && sigismember(&pending, SIGPIPE)) {
        struct timespec zero = {0, 0};
        (void)sigtimedwait(&set, NULL, &zero); /* consume the EPIPE's signal before unblocking */
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return rc;
}

/* Make the rename itself durable. Best effort: some file systems refuse fsync on directories. */
static void sync_parent_dir(const char *path)
{
    const char *slash = strrchr(path, '/');
    char dir[PATH_MAX];
    if (!slash)
        snprintf(dir, sizeof dir, ".");
    else if (slash == path)
        snprintf(dir, sizeof dir, "/");
    else
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd < 0) return;
    (void)fsync(fd);
    close(fd);
}

/* Flush and fsync the temporary file and close it. */
static int atomic_sync(FILE *fp, const char *tmp_path, bk_error *err)
{
    int rc = BK_OK;
    if (fp) {
        if (fflush(fp) != 0 || fsync(fileno(fp)) != 0)
            rc = bk_error_set(err, BK_ERR_IO, 0, 0, NULL, "cannot write output: %s", strerror(errno));
        if (fclose(fp) != 0 && rc == BK_OK)
            rc = bk_error_set(err, BK_ERR_IO, 0, 0, NULL, "cannot write output: %s", strerror(errno));
    } else {
        /* a plugin wrote the file by path: sync it through a fresh descriptor */
        int fd = open(tmp_path, O_RDONLY);
        if (fd < 0 || fsync(fd) != 0)
            rc = bk_error_set(err, BK_ERR_IO, 0, 0, NULL, "cannot sync output: %s", strerror(errno));
        if (fd >= 0) close(fd);
    }
    return rc;
}

/*
 * Sync, then rename over @p path. The interruption flag is checked once more
 * after the (possibly slow) fsync, right before the rename: a signal that
 * arrives later lets the conversion finish, so the result is always either
 * the old file (non-zero status) or the complete new one (BK_OK).
 */
static int atomic_commit(FILE *fp, const char *tmp_path, const char *path, const volatile int *interrupted,
                         bk_error *err)
{
    int rc = atomic_sync(fp, tmp_path, err);
    if (rc == BK_OK && interrupted && *interrupted)
        rc = bk_error_set(err, BK_ERR_INTERRUPTED, 0, 0, NULL, "interrupted; the previous output is untouched");
    if (rc == BK_OK) {
        out_kind kind = output_kind(path); /* again: the target may have changed meanwhile */
        if (kind == OUT_DIR)
            rc = dir_error(err);
        else if (kind == OUT_STREAM)
            rc = copy_to_stream(tmp_path, path, err);
        else if (rename(tmp_path, path) != 0)
            rc = bk_error_set(err, BK_ERR_IO, 0, 0, NULL, "cannot rename the output into place: %s", strerror(errno));
        else {
            sync_parent_dir(path);
            return BK_OK;
        }
    }
    unlink(tmp_path);
    return rc;
}

int bk_atomic_commit(FILE *fp, const char *tmp_path, const char *path, bk_error *err)
{
    return atomic_commit(fp, tmp_path, path, NULL, err);
}

/*
 * A write beyond RLIMIT_FSIZE raises SIGXFSZ, whose default action kills the
 * process and would leave the temporary file behind. While an output is
 * written the signal is blocked for this thread, so write() fails with EFBIG
 * and the error path removes the file; a signal left pending is consumed.
 */
static void xfsz_block(sigset_t *old)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGXFSZ);
    pthread_sigmask(SIG_BLOCK, &set, old);
}

static void xfsz_restore(const sigset_t *old)
{
    if (sigismember(old, SIGXFSZ)) return; /* the caller blocks it: leave its pending state alone */
    sigset_t pending, set;
    sigemptyset(&set);
    sigaddset(&set, SIGXFSZ);
    if (sigpending(&pending) == 0 && sigismember(&pending, SIGXFSZ)) {
        struct timespec zero = {0, 0};
        (void)sigtimedwait(&set, NULL, &zero);
    }
    pthread_sigmask(SIG_SETMASK, old, NULL);
}

/* Standard input for a reader that reads front to back: the head read for the probes,
 * then the rest of stdin, counted against limit.input_bytes. */
typedef struct stdin_stream {
    const unsigned char *head;
    size_t head_len, head_pos;
    uint64_t total, limit;
    bool over_limit;
    const volatile int *interrupted;
} stdin_stream;

/* An input opened for a plugin: the stream, its head, and for stdin a spool file or a stream. */
typedef struct input {
    FILE *fp;
    bool from_stdin;
    char spool[PATH_MAX];
    stdin_stream stream;
    unsigned char head[HEAD_BYTES];
    size_t head_len;
    uint64_t size;
} input;

static void input_close(input *in)
{
    if (in->fp && in->fp != stdin) fclose(in->fp);
    if (in->spool[0]) unlink(in->spool);
    memset(in, 0, sizeof *in);
}

static ssize_t stdin_stream_read(void *cookie, char *buf, size_t size)
{
    stdin_stream *st = cookie;
    if (st->head_pos < st->head_len) {
        size_t n = st->head_len - st->head_pos < size ? st->head_len - st->head_pos : size;
        memcpy(buf, st->head + st->head_pos, n);
        st->head_pos += n;
        return (ssize_t)n;
    }
    /* a signal without SA_RESTART cuts a blocked read short (EINTR): stop, or the
     * reader's fread would ask again and wait for more input */
    if (st->interrupted && *st->interrupted) {
        errno = EINTR;
        return -1;
    }
    size_t n = fread(buf, 1, size, stdin);
    if (n == 0 && ferror(stdin)) return -1;
    st->total += n;
    if (st->total > st->limit) {
        st->over_limit = true;
        errno = EFBIG;
        return -1;
    }
    return (ssize_t)n;
}

static int spool_stdin(input *in, const bk_limits *lim, const volatile int *interrupted, bk_error *err);

/* The first bytes of stdin, for the probes; the rest stays unread until a reader is chosen. */
static int stdin_head(input *in, const volatile int *interrupted, bk_error *err)
{
    while (in->head_len < sizeof in->head) {
        size_t n = fread(in->head + in->head_len, 1, sizeof in->head - in->head_len, stdin);
        in->head_len += n;
        /* a signal handler without SA_RESTART makes a blocked read fail with EINTR */
        if (n == 0 || ferror(stdin) || (interrupted && *interrupted)) break;
    }
    if (interrupted && *interrupted) return bk_error_set(err, BK_ERR_INTERRUPTED, 0, 0, NULL, "interrupted");
    if (ferror(stdin))
        return bk_error_set(err, BK_ERR_IO, 0, 0, NULL, "cannot read standard input: %s", strerror(errno));
    return BK_OK;
}

/*
 * stdin for the chosen plugin: streamed if it reads front to back (BK_CAP_READ_STREAM),
 * else copied into a temporary file that it can seek in or open by name.
 */
static int stdin_ready(input *in, const bk_plugin *p, const bk_limits *lim, const volatile int *interrupted,
                       bk_error *err)
{
    if ((p->caps & BK_CAP_READ_STREAM) && !(p->caps & BK_CAP_READ_PATH)) {
        in->stream = (stdin_stream){.head = in->head,
                                    .head_len = in->head_len,
                                    .total = in->head_len,
                                    .limit = lim->input_bytes,
                                    .interrupted = interrupted};
        cookie_io_functions_t io = {.read = stdin_stream_read};
        in->fp = fopencookie(&in->stream, "rb", io);
        if (!in->fp) return bk_error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
        if (in->head_len > lim->input_bytes)
            return bk_error_set(err, BK_ERR_LIMIT, 0, 0, NULL, "input is larger than limit.input_bytes=%llu",
                                (unsigned long long)lim->input_bytes);
        return BK_OK;
    }
    return spool_stdin(in, lim, interrupted, err);
}

/* Copy stdin (its head already read) into a temporary file: a seekable file for the reader. */
static int spool_stdin(input *in, const bk_limits *lim, const volatile int *interrupted, bk_error *err)
{
    const char *tmpdir = getenv("TMPDIR");
    snprintf(in->spool, sizeof in->spool, "%s/budgetkit-in.XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
    int fd = mkstemp(in->spool);
    if (fd < 0) {
        in->spool[0] = '\0';
        return bk_error_set(err, BK_ERR_IO, 0, 0, NULL, "cannot spool standard input: %s", strerror(errno));
    }
    FILE *f = fdopen(fd, "w+b");
    if (!f) {
        close(fd);
        return bk_error_set(err, BK_ERR_IO, 0, 0, NULL, "cannot spool standard input: %s", strerror(errno));
    }
    in->fp = f;
    in->size = in->head_len;
    if (in->size > lim->input_bytes)
        return bk_error_set(err, BK_ERR_LIMIT, 0, 0, NULL, "input is larger than limit.input_bytes=%llu",
                            (unsigned long long)lim->input_bytes);
    if (fwrite(in->head, 1, in->head_len, f) != in->head_len)
        return bk_error_set(err, BK_ERR_IO, 0, 0, NULL, "cannot spool standard input: %s", strerror(errno));
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, stdin)) > 0) {
        if (interrupted && *interrupted) break;
        in->size += n;
        if (in->size > lim->input_bytes)
            return bk_error_set(err, BK_ERR_LIMIT, 0, 0, NULL, "input is larger than limit.input_bytes=%llu",
                                (unsigned long long)lim->input_bytes);
        if (fwrite(buf, 1, n, f) != n)
            return bk_error_set(err, BK_ERR_IO, 0, 0, NULL, "cannot spool standard input: %s", strerror(errno));
    }
    /* a signal handler without SA_RESTART makes a blocked read fail with EINTR */
    if (interrupted && *interrupted) return bk_error_set(err, BK_ERR_INTERRUPTED, 0, 0, NULL, "interrupted");
    if (ferror(stdin))
        return bk_error_set(err, BK_ERR_IO, 0, 0, NULL, "cannot read standard input: %s", strerror(errno));
    if (fflush(f) != 0 || fseek(f, 0, SEEK_SET) != 0)
        return bk_error_set(err, BK_ERR_IO, 0, 0, NULL, "cannot spool standard input: %s", strerror(errno));
    return BK_OK;
}

static int input_open(input *in, const char *path, const bk_limits *lim, const volatile int *interrupted, bk_error *err)
{
    memset(in, 0, sizeof *in);
    if (is_stdio(path)) {
        in->from_stdin = true;
        return stdin_head(in, interrupted, err); /* the stream is made once a reader is chosen */
    } else {
        struct stat st;
        if (stat(path, &st) != 0)
            return bk_error_set(err, errno == ENOENT ? BK_ERR_NOT_FOUND : BK_ERR_IO, 0, 0, NULL, "cannot open: %s",
                                strerror(errno));
        if (S_ISDIR(st.st_mode)) return bk_error_set(err, BK_ERR_IO, 0, 0, NULL, "is a directory, not a file");
        in->fp = fopen(path, "rb");
        if (!in->fp) return bk_error_set(err, BK_ERR_IO, 0, 0, NULL, "cannot open: %s", strerror(errno));
        in->size = S_ISREG(st.st_mode) ? (uint64_t)st.st_size : 0;
        if (in->size > lim->input_bytes)
            return bk_error_set(err, BK_ERR_LIMIT, 0, 0, NULL, "file is %llu bytes, larger than limit.input_bytes=%llu",
                                (unsigned long long)in->size, (unsigned long long)lim->input_bytes);
    }
    in->head_len = fread(in->head, 1, sizeof in->head, in->fp);
    if (ferror(in->fp)) return bk_error_set(err, BK_ERR_IO, 0, 0, NULL, "cannot read: %s", strerror(errno));
    if (fseek(in->fp, 0, SEEK_SET) != 0)
        return bk_error_set(err, BK_ERR_IO, 0, 0, NULL, "cannot rewind the input: %s", strerror(errno));
    return BK_OK;
}

static const char *display(const char *path, const char *std)
{
    return is_stdio(path) ? std : path;
}

/* Choose and check the plugin for one side of a conversion. */
static int choose(const bk_registry *r, bk_io_settings *s, unsigned direction, const input *in, const char *path,
                  const bk_plugin **out, bk_error *err)
{
    const bk_plugin *p = NULL;
    uint32_t cap = direction == BK_OPT_READ ? BK_CAP_READ : BK_CAP_WRITE;
    if (s->format) {
        const char *reason = NULL;
        p = bk_registry_find(r, s->format, &reason);
        if (!p)
            return reason
                       ? bk_error_set(err, BK_ERR_PLUGIN, 0, 0, NULL, "format '%s' was refused: %s", s->format, reason)
                       : bk_error_set(err, BK_ERR_UNKNOWN_FORMAT, 0, 0, NULL,
                                      "unknown format '%s' (see `budgetkit formats`)", s->format);
        if (!(p->caps & cap))
            return bk_error_set(err, BK_ERR_UNSUPPORTED, 0, 0, NULL, "format '%s' cannot %s", s->format,
                                direction == BK_OPT_READ ? "read" : "write");
        if (direction == BK_OPT_READ && p->probe(in->head, in->head_len, is_stdio(path) ? NULL : path) <= 0)
            bk_diags_add(s->diags, BK_SEV_WARNING, 0, 0, NULL, "input does not look like %s; reading it as %s anyway",
                         p->name, p->name);
    } else if (direction == BK_OPT_READ) {
        int rc = bk_registry_pick_reader(r, in->head, in->head_len, is_stdio(path) ? NULL : path, &p, err);
        if (rc) return rc;
    } else {
        if (is_stdio(path))
            return bk_error_set(err, BK_ERR_INVALID_ARG, 0, 0, NULL, "writing to standard output needs --to FORMAT");
        int rc = bk_registry_pick_writer(r, path, &p, err);
        if (rc) return rc;
    }
    int rc = bk_options_check(s->options, p->options, direction, bk_limits_option_keys(), p->name, err);
    if (rc) return rc;
    s->chosen = p;
    *out = p;
    return BK_OK;
}

/* The options a plugin sees: this side's own, plus the shared ones it declares. */
static int effective_options(const bk_io_settings *s, const bk_plugin *p, unsigned direction, bk_options **out,
                             bk_error *err)
{
    *out = NULL;
    if (!s->shared_options || bk_options_count(s->shared_options) == 0) return BK_OK;
    bk_options *o = bk_options_new();
    if (!o) return bk_error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    for (size_t i = 0; i < bk_options_count(s->shared_options); i++) {
        const char *k = bk_options_key_at(s->shared_options, i);
        if (bk_option_specs_have(p->options, k, direction) &&
            bk_options_set(o, k, bk_options_get(s->shared_options, k), err)) {
            bk_options_free(o);
            return BK_ERR_NOMEM;
        }
    }
    for (size_t i = 0; i < bk_options_count(s->options); i++) {
        const char *k = bk_options_key_at(s->options, i);
        if (bk_options_set(o, k, bk_options_get(s->options, k), err)) {
            bk_options_free(o);
            return BK_ERR_NOMEM;
        }
    }
    int rc = bk_options_check(o, p->options, direction, bk_limits_option_keys(), p->name, err);
    if (rc) {
        bk_options_free(o);
        return rc;
    }
    *out = o;
    return BK_OK;
}

static void stamp(bk_error *err, const char *file, const bk_plugin *p)
{
    if (!err) return;
    bk_error_set_file(err, file);
    if (p && !err->plugin[0]) snprintf(err->plugin, sizeof err->plugin, "%s", p->name);
}

static void limits_for(const bk_io_settings *s, bk_limits *lim)
{
    if (s->limits)
        *lim = *s->limits;
    else
        bk_limits_default(lim);
}

typedef int (*read_fn)(const bk_plugin *p, const bk_source *src, const bk_options *o, void *ctx, bk_error *err);

/* Table streaming offered to a reader (bk_source.tables). */
typedef struct stream_offer {
    bk_document *tables;
    int (*ready)(void *ctx, bk_error *err);
    void *ctx;
} stream_offer;

/* Shared by document and record reads: open, choose, call, close. */
static int run_read(const bk_registry *r, const char *path, bk_io_settings *s, uint32_t need_cap, read_fn fn, void *ctx,
                    const uint64_t *range, const stream_offer *offer, bk_error *err)
{
    bk_io_settings none = {0};
    if (!s) s = &none;
    bk_limits lim;
    limits_for(s, &lim);
    const char *name = display(path, "<stdin>");
    if (range && is_stdio(path))
        return bk_error_set(err, BK_ERR_UNSUPPORTED, 0, 0, NULL, "standard input cannot be read in parts");
    input in;
    int rc = input_open(&in, path, &lim, s->interrupted, err);
    const bk_plugin *p = NULL;
    bk_diags *diags = s->diags;
    if (range && range[0] > 0) s->diags = NULL; /* a later part: the first one has said what choosing says */
    if (rc == BK_OK) rc = choose(r, s, BK_OPT_READ, &in, path, &p, err);
    s->diags = diags;
    if (rc == BK_OK && !(p->caps & need_cap))
        rc = bk_error_set(err, BK_ERR_UNSUPPORTED, 0, 0, NULL, "format '%s' cannot read %s", p->name,
                          need_cap == BK_CAP_RECORDS ? "flat records (a ledger)" : "documents");
    if (rc == BK_OK && range && !(p->caps & BK_CAP_RECORDS_RANGE))
        rc = bk_error_set(err, BK_ERR_UNSUPPORTED, 0, 0, NULL, "format '%s' cannot read a file in parts", p->name);
    if (rc == BK_OK && in.from_stdin) rc = stdin_ready(&in, p, &lim, s->interrupted, err);
    bk_options *merged = NULL;
    if (rc == BK_OK) rc = effective_options(s, p, BK_OPT_READ, &merged, err);
    if (rc == BK_OK) {
        bk_diags_set_file(s->diags, name);
        bk_source src = {
            .path = !is_stdio(path) ? path
                    : in.spool[0]   ? in.spool
                                    : NULL,
            .display_name = name,
            .fp = in.fp,
            .head = in.head,
            .head_len = in.head_len,
            .size = in.size,
            .limits = &lim,
            .diags = s->diags,
            .progress = s->progress,
            .progress_ctx = s->progress_ctx,
            .interrupted = s->interrupted,
            .range_begin = range ? range[0] : 0,
            .range_end = range ? range[1] : 0,
        };
        if (offer && (p->caps & BK_CAP_READ_TABLES)) {
            src.tables = offer->tables;
            src.tables_ready = offer->ready;
            src.tables_ctx = offer->ctx;
        }
        rc = fn(p, &src, merged ? merged : s->options, ctx, err);
        if (rc && in.stream.over_limit) /* the reader saw a read error: say which */
            rc = bk_error_set(err, BK_ERR_LIMIT, 0, 0, NULL, "input is larger than limit.input_bytes=%llu",
                              (unsigned long long)lim.input_bytes);
        if (s->interrupted && *s->interrupted && rc != BK_ERR_INTERRUPTED) /* a read cut by the signal fails too */
            rc = bk_error_set(err, BK_ERR_INTERRUPTED, 0, 0, NULL, "interrupted");
    }
    bk_options_free(merged);
    input_close(&in);
    if (rc) stamp(err, name, p);
    return rc;
}

static int read_document_fn(const bk_plugin *p, const bk_source *src, const bk_options *o, void *ctx, bk_error *err)
{
    return p->read(bk_host_api(), src, (bk_document *)ctx, o, err);
}

int bk_read_document(const bk_registry *r, const char *path, bk_io_settings *s, bk_document **out, bk_error *err)
{
    *out = NULL;
    bk_document *doc = bk_document_new();
    if (!doc) return bk_error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    int rc = run_read(r, path, s, BK_CAP_READ, read_document_fn, doc, NULL, NULL, err);
    if (rc) {
        bk_document_free(doc);
        return rc;
    }
    *out = doc;
    return BK_OK;
}

static int read_records_fn(const bk_plugin *p, const bk_source *src, const bk_options *o, void *ctx, bk_error *err)
{
    return p->read_records(bk_host_api(), src, o, (const bk_record_sink *)ctx, err);
}

int bk_read_records(const bk_registry *r, const char *path, bk_io_settings *s, const bk_record_sink *sink,
                    bk_error *err)
{
    return run_read(r, path, s, BK_CAP_RECORDS, read_records_fn, (void *)sink, NULL, NULL, err);
}

int bk_read_records_range(const bk_registry *r, const char *path, bk_io_settings *s, uint64_t begin, uint64_t end,
                          const bk_record_sink *sink, bk_error *err)
{
    const uint64_t range[2] = {begin, end};
    return run_read(r, path, s, BK_CAP_RECORDS, read_records_fn, (void *)sink, range, NULL, err);
}

/* One output being written: the plugin, its options and the temporary file. */
typedef struct out_session {
    const bk_plugin *p;
    bk_options *merged;
    const bk_options *opts; /* what the plugin sees */
    const char *path, *name;
    const volatile int *interrupted;
    char tmp[PATH_MAX];
    FILE *fp;
    sigset_t old_mask;
    bk_sink sink;
    bk_limits limits;
} out_session;

/* Choose the writer and open the temporary output. On failure nothing is left to end. */
static int out_begin(const bk_registry *r, const char *path, bk_io_settings *s, out_session *o, bk_error *err)
{
    memset(o, 0, sizeof *o);
    o->path = path;
    o->name = display(path, "<stdout>");
    o->interrupted = s->interrupted;
    int rc = choose(r, s, BK_OPT_WRITE, NULL, path, &o->p, err);
    if (!rc && s->findings && !(o->p->caps & BK_CAP_ANNOTATE))
        rc = bk_error_set(err, BK_ERR_UNSUPPORTED, 0, 0, NULL, "format '%s' cannot carry findings on its cells",
                          o->p->name);
    if (!rc) rc = effective_options(s, o->p, BK_OPT_WRITE, &o->merged, err);
    if (rc) {
        stamp(err, o->name, o->p);
        return rc;
    }
    o->opts = o->merged ? o->merged : s->options;
    xfsz_block(&o->old_mask);
    if ((rc = bk_atomic_begin(path, o->tmp, sizeof o->tmp, &o->fp, err))) {
        xfsz_restore(&o->old_mask);
        bk_options_free(o->merged);
        stamp(err, o->name, o->p);
        return rc;
    }
    if (o->p->caps & BK_CAP_WRITE_PATH) { /* the plugin writes the file by name */
        fclose(o->fp);
        o->fp = NULL;
    }
    o->sink = (bk_sink){
        .path = o->tmp,
        .display_name = o->name,
        .fp = o->fp,
        .diags = s->diags,
        .progress = s->progress,
        .progress_ctx = s->progress_ctx,
        .interrupted = s->interrupted,
        .findings = s->findings,
        .limits = &o->limits,
    };
    limits_for(s, &o->limits);
    return BK_OK;
}

/* After the plugin wrote with status @p rc: commit the output, or remove it. */
static int out_end(out_session *o, int rc, bk_error *err)
{
    bk_options_free(o->merged);
    o->merged = NULL;
    if (rc == BK_OK && o->fp && (fflush(o->fp) != 0 || ferror(o->fp)))
        rc = bk_error_set(err, BK_ERR_IO, 0, 0, NULL, "cannot write output: %s", strerror(errno));
    if (rc == BK_OK && o->interrupted && *o->interrupted)
        rc = bk_error_set(err, BK_ERR_INTERRUPTED, 0, 0, NULL, "interrupted; the previous output is untouched");
    if (rc == BK_OK) {
        rc = atomic_commit(o->fp, o->tmp, o->path, o->interrupted, err);
    } else {
        bk_atomic_abort(o->fp, o->tmp);
    }
    xfsz_restore(&o->old_mask);
    if (rc) stamp(err, o->name, o->p);
    return rc;
}

int bk_write_document(const bk_registry *r, const bk_document *doc, const char *path, bk_io_settings *s, bk_error *err)
{
    bk_io_settings none = {0};
    if (!s) s = &none;
    out_session o;
    int rc = out_begin(r, path, s, &o, err);
    if (rc) return rc;
    rc = o.p->write(bk_host_api(), doc, &o.sink, o.opts, err);
    return out_end(&o, rc, err);
}

/* ---- one document read and written in one pass ---- */

typedef struct stream_ctx {
    out_session *out;
    bk_document *tables;
    void *state; /* the writer's, between write_tables() calls */
    bool write_failed;
} stream_ctx;

/* A reader completed the tables in c->tables: hand them to the writer, then drop them. */
static int stream_tables_ready(void *ctx, bk_error *err)
{
    stream_ctx *c = ctx;
    if (c->tables->n_tables == 0) return BK_OK;
    int rc =
        c->out->p->write_tables(bk_host_api(), &c->state, c->tables, BK_TABLES_BATCH, &c->out->sink, c->out->opts, err);
    if (rc) { /* named now: the read that called us would name its input */
        c->write_failed = true;
        stamp(err, c->out->name, c->out->p);
        return rc;
    }
    if (bk_document_reset(c->tables)) return bk_error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    return BK_OK;
}

int bk_convert_document(const bk_registry *r, const char *in_path, bk_io_settings *rs, const char *out_path,
                        bk_io_settings *ws, bool *writing, bk_error *err)
{
    bk_io_settings none_r = {0}, none_w = {0};
    if (!rs) rs = &none_r;
    if (!ws) ws = &none_w;
    bool w_side = false;
    if (!writing) writing = &w_side;
    *writing = false;
    out_session o;
    int rc = out_begin(r, out_path, ws, &o, err);
    if (rc) {
        *writing = true;
        return rc;
    }
    bk_document *doc = bk_document_new();
    bool can_stream = (o.p->caps & BK_CAP_WRITE_TABLES) && o.p->write_tables;
    void *none_state = NULL; /* a query keeps it NULL */
    if (can_stream && (o.p->caps & BK_CAP_WRITE_TABLES_QUERY))
        can_stream =
            o.p->write_tables(bk_host_api(), &none_state, NULL, BK_TABLES_QUERY, &o.sink, o.opts, NULL) == BK_OK;
    stream_ctx sc = {.out = &o, .tables = can_stream ? bk_document_new() : NULL};
    bool streams = sc.tables != NULL;
    if (!doc || (can_stream && !sc.tables)) {
        rc = bk_error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    } else {
        stream_offer offer = {sc.tables, stream_tables_ready, &sc};
        rc = run_read(r, in_path, rs, BK_CAP_READ, read_document_fn, doc, NULL, streams ? &offer : NULL, err);
        if (rc && sc.write_failed) *writing = true; /* the writer failed, called during the read */
    }
    if (rc == BK_OK) {
        *writing = true;
        rc = streams ? o.p->write_tables(bk_host_api(), &sc.state, doc, BK_TABLES_FINISH, &o.sink, o.opts, err)
                     : o.p->write(bk_host_api(), doc, &o.sink, o.opts, err);
        sc.state = NULL; /* FINISH freed it */
    } else if (sc.state) {
        o.p->write_tables(bk_host_api(), &sc.state, NULL, BK_TABLES_ABORT, &o.sink, o.opts, err);
    }
    bk_document_free(sc.tables);
    bk_document_free(doc);
    if (!*writing) { /* a read failure: the output is removed, the error still names the input */
        bk_error keep;
        if (err) keep = *err;
        out_end(&o, rc, err);
        if (err) *err = keep;
        return rc;
    }
    return out_end(&o, rc, err);
}
