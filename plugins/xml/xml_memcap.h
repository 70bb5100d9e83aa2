/* SPDX-License-Identifier: MIT */
/**
 * @file xml_memcap.h
 * @brief A per-thread memory cap for what libxml2 and libxslt allocate while
 *        one untrusted step runs (an XSLT transformation, a user's XSD).
 *
 * libxml2's allocator hooks are process-wide, so they are installed once,
 * when the plugin is loaded, and pass every call straight to malloc/free
 * unless the calling thread is inside xmlp_memcap_begin()/xmlp_memcap_end().
 * There they count the bytes held (malloc_usable_size); the first allocation
 * that takes the count above the cap marks the step and stops a
 * transformation (at its next instruction), and the caller reports the limit.
 * Allocations fail only past twice the cap: libxml2 2.9 does not survive
 * every failed allocation, so failing at the cap itself could crash.
 */
#ifndef BK_XMLP_MEMCAP_H
#define BK_XMLP_MEMCAP_H

#include <stdint.h>
#include <libxslt/xsltInternals.h>

/** The default of limit.xslt_memory (core/limits.c). */
#define XMLP_MEMCAP_DEFAULT (1ull << 30)

/** One capped step on one thread (on the caller's stack). */
typedef struct xmlp_memcap {
    uint64_t cap;               /**< bytes allowed; 0 = no cap */
    int64_t used;               /**< net bytes allocated since begin (frees of older blocks count down) */
    uint64_t peak;              /**< highest @c used seen */
    int hit;                    /**< non-zero once an allocation was refused */
    xsltTransformContextPtr tc; /**< stopped when the cap is hit (may be NULL) */
    struct xmlp_memcap *outer;  /**< the step this one is nested in, if any */
} xmlp_memcap;

/**
 * Install the counting hooks (once per process, idempotent). They are only
 * installed if libxml2 still uses the C library's allocator; otherwise no
 * cap is enforced and xmlp_memcap_active() says so.
 */
void xmlp_memcap_install(void);
/** Put the previous allocator hooks back (the plugin's unload). */
void xmlp_memcap_remove(void);
/** Whether the hooks are in place. */
int xmlp_memcap_active(void);

/** Start counting this thread's libxml2 allocations against @p cap bytes (0 = no cap). */
void xmlp_memcap_begin(xmlp_memcap *m, uint64_t cap, xsltTransformContextPtr tc);
/** Stop counting. Returns @c m->hit. */
int xmlp_memcap_end(xmlp_memcap *m);

#endif
