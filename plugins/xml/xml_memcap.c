/* SPDX-License-Identifier: MIT */
/* Per-thread memory cap over libxml2's allocator hooks (see xml_memcap.h). */
#include "xml_memcap.h"

#include <malloc.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/xmlmemory.h>

/* The step running on each thread, or NULL. A pthread key, not _Thread_local: the
 * hooks run on every libxml2 allocation, also while the plugin is unloaded, and
 * LeakSanitizer's scan of the dynamic TLS of a dlclosed module crashes. */
static pthread_key_t g_key;
static int g_have_key;

static xmlp_memcap *current(void)
{
    return g_have_key ? pthread_getspecific(g_key) : NULL;
}

static pthread_once_t g_once = PTHREAD_ONCE_INIT;
static int g_installed;
static xmlFreeFunc g_prev_free;
static xmlMallocFunc g_prev_malloc, g_prev_atomic;
static xmlReallocFunc g_prev_realloc;
static xmlStrdupFunc g_prev_strdup;

/* Whether an allocation of @p more bytes is refused. Past the cap the step is
 * marked and a transformation stopped, but the allocation still succeeds:
 * libxml2 2.9 and libxslt 1.1 do not survive every failed allocation (a NULL
 * in xmlSchemaParse() crashes), so failure is kept for past twice the cap,
 * where it is no worse than the system running out of memory. */
static int refuse(xmlp_memcap *m, size_t more)
{
    if (m->cap == 0 || m->used < 0) return 0;
    uint64_t after = (uint64_t)m->used + more;
    if (after <= m->cap) return 0;
    if (!m->hit) {
        m->hit = 1;
        /* libxslt checks the state between instructions: the transformation ends soon after */
        if (m->tc) m->tc->state = XSLT_STATE_STOPPED;
    }
    uint64_t hard = m->cap > UINT64_MAX / 2 ? UINT64_MAX : m->cap * 2;
    return after > hard;
}

static void count(xmlp_memcap *m, int64_t delta)
{
    m->used += delta;
    if (m->used > 0 && (uint64_t)m->used > m->peak) m->peak = (uint64_t)m->used;
}

static void *cap_malloc(size_t n)
{
    xmlp_memcap *m = current();
    if (!m) return malloc(n);
    if (refuse(m, n)) return NULL;
    void *p = malloc(n);
    if (p) count(m, (int64_t)malloc_usable_size(p));
    return p;
}

static void *cap_realloc(void *p, size_t n)
{
    xmlp_memcap *m = current();
    if (!m) return realloc(p, n);
    size_t old = p ? malloc_usable_size(p) : 0;
    if (n > old && refuse(m, n - old)) return NULL; /* the old block stays valid, as after a failed realloc */
    void *q = realloc(p, n);
    if (q)
        count(m, (int64_t)malloc_usable_size(q) - (int64_t)old);
    else if (n == 0)
        count(m, -(int64_t)old); /* glibc's realloc(p, 0) frees p */
    return q;
}

static void cap_free(void *p)
{
    xmlp_memcap *m = current();
    if (m && p) count(m, -(int64_t)malloc_usable_size(p));
    free(p);
}

static char *cap_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = cap_malloc(n);
    if (d) memcpy(d, s, n);
    return d;
}

static void install_once(void)
{
    if (xmlGcMemGet(&g_prev_free, &g_prev_malloc, &g_prev_atomic, &g_prev_realloc, &g_prev_strdup) != 0) return;
    /* Counting needs malloc_usable_size() on every block libxml2 frees: only
     * over the C library's allocator (an application may have put its own). */
    if (g_prev_free != free || g_prev_malloc != malloc || g_prev_realloc != realloc) return;
    if (pthread_key_create(&g_key, NULL) != 0) return;
    g_have_key = 1;
    if (xmlGcMemSetup(cap_free, cap_malloc, cap_malloc, cap_realloc, cap_strdup) == 0) g_installed = 1;
}

void xmlp_memcap_install(void)
{
    pthread_once(&g_once, install_once);
}

void xmlp_memcap_remove(void)
{
    if (!g_installed) return;
    /* the hooks live in this plugin: after dlclose they would be unmapped */
    xmlGcMemSetup(g_prev_free, g_prev_malloc, g_prev_atomic, g_prev_realloc, g_prev_strdup);
    g_installed = 0;
}

int xmlp_memcap_active(void)
{
    return g_installed;
}

void xmlp_memcap_begin(xmlp_memcap *m, uint64_t cap, xsltTransformContextPtr tc)
{
    memset(m, 0, sizeof *m);
    m->cap = cap;
    m->tc = tc;
    m->outer = current();
    if (g_have_key) pthread_setspecific(g_key, m);
}

int xmlp_memcap_end(xmlp_memcap *m)
{
    if (g_have_key) pthread_setspecific(g_key, m->outer);
    if (m->outer) { /* what the inner step still holds counts for the outer one */
        m->outer->used += m->used;
        if (m->hit) m->outer->hit = 1;
    }
    return m->hit;
}
