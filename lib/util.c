/*
 * pcf — small containers the resolver uses: an arena of strings, a string → index hash map
 * (open addressing) and growable arrays. Not installed. GPL-3.0-or-later; see LICENSE.
 */
/* madvise(MADV_HUGEPAGE) is outside POSIX: see pcf__huge_alloc */
#define _DEFAULT_SOURCE
#include "util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* ---- arena ---- */

const char *pcf__arena_strdup(pcf__arena *a, const char *s)
{
    if (!s)
        s = "";
    size_t len = strlen(s) + 1;
    if (a->n_chunks == 0 || a->used + len > a->cap) {
        /* 64 KiB, then twice the last up to 4 MiB: a million activities' names take a few dozen
         * chunks, those of 2 MiB and more in whole huge pages (pcf__huge_alloc) */
        size_t cap = (size_t)65536 << (a->n_chunks < 6 ? a->n_chunks : 6);
        if (cap < len)
            cap = len;
        char **chunks = realloc(a->chunks, (a->n_chunks + 1) * sizeof *chunks);
        if (!chunks)
            return NULL;
        a->chunks = chunks;
        char *c = pcf__huge_alloc(cap);
        if (!c)
            return NULL;
        a->chunks[a->n_chunks++] = c;
        a->used = 0;
        a->cap = cap;
    }
    char *dst = a->chunks[a->n_chunks - 1] + a->used;
    memcpy(dst, s, len);
    a->used += len;
    return dst;
}

void pcf__arena_free(pcf__arena *a)
{
    for (size_t i = 0; i < a->n_chunks; i++)
        free(a->chunks[i]);
    free(a->chunks);
    a->chunks = NULL;
    a->n_chunks = 0;
}

/* ---- a small string → index hash map (open addressing) ---- */

uint64_t pcf__text_hash(const char *text, size_t len)
{
    uint64_t h = 1469598103934665603ull ^ len;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) { /* eight bytes a step: this runs over the whole model */
        uint64_t w;
        memcpy(&w, text + i, 8);
        h = (h ^ w) * 0x100000001b3ull;
        h ^= h >> 29;
    }
    uint64_t w = 0; /* the last 0-7 bytes as one word */
    memcpy(&w, text + i, len - i);
    h = (h ^ w) * 0xc4ceb9fe1a85ec53ull;
    return h ^ (h >> 29);
}

/* The slot's tag: the hash's high half, so a probe compares text only when the tags agree. */
#define TAG(h) ((uint32_t)((h) >> 32))

int pcf__smap_get(const pcf__smap *m, const char *key, uint32_t *val)
{
    if (!m->cap)
        return 0;
    uint64_t h = pcf__text_hash(key, strlen(key));
    for (size_t i = h & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        if (!m->keys[i])
            return 0;
        if (m->tags[i] == TAG(h) && strcmp(m->keys[i], key) == 0) {
            *val = m->vals[i];
            return 1;
        }
    }
}

/* Puts key (kept elsewhere) with hash h into slot arrays of capacity cap (a free slot exists). */
static void smap_place(const char **keys, uint32_t *vals, uint32_t *tags, size_t cap,
                       const char *key, uint64_t h, uint32_t val)
{
    size_t i = h & (cap - 1);
    while (keys[i])
        i = (i + 1) & (cap - 1);
    keys[i] = key;
    vals[i] = val;
    tags[i] = TAG(h);
}

int pcf__smap_put(pcf__smap *m, pcf__arena *a, const char *key, uint32_t val)
{
    if ((m->n + 1) * 2 > m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 64;
        const char **keys = calloc(cap, sizeof *keys);
        uint32_t *vals = calloc(cap, sizeof *vals);
        uint32_t *tags = calloc(cap, sizeof *tags);
        if (!keys || !vals || !tags) {
            free(keys);
            free(vals);
            free(tags);
            return 0;
        }
        for (size_t i = 0; i < m->cap; i++)
            if (m->keys[i])
                smap_place(keys, vals, tags, cap, m->keys[i],
                           pcf__text_hash(m->keys[i], strlen(m->keys[i])), m->vals[i]);
        free(m->keys);
        free(m->vals);
        free(m->tags);
        m->keys = keys;
        m->vals = vals;
        m->tags = tags;
        m->cap = cap;
    }
    const char *k = pcf__arena_strdup(a, key);
    if (!k)
        return 0;
    smap_place(m->keys, m->vals, m->tags, m->cap, k, pcf__text_hash(k, strlen(k)), val);
    m->n++;
    return 1;
}

void pcf__smap_free(pcf__smap *m)
{
    free(m->keys);
    free(m->vals);
    free(m->tags);
}

/* ---- growable arrays ---- */

void *pcf__huge_alloc(size_t bytes)
{
    const size_t huge = (size_t)1 << 21;
    if (bytes > SIZE_MAX - huge)
        return NULL; /* more than any address space holds */
    if (bytes < huge)
        return malloc(bytes ? bytes : 1);
    size_t size = (bytes + huge - 1) / huge * huge; /* aligned_alloc wants a multiple */
    void *p = aligned_alloc(huge, size);
#ifdef MADV_HUGEPAGE
    if (p)
        (void)madvise(p, size, MADV_HUGEPAGE); /* advice: refused, it costs speed */
#endif
    return p;
}

/* The array *ptr of *cap elements moved to a block of want elements. A block of 2 MiB or more is
 * advised before the old elements are copied into it: realloc would copy them first, into fresh
 * 4 KiB pages, one fault each. */
static int resize(void **ptr, size_t *cap, size_t elem, size_t want)
{
    if (want > SIZE_MAX / elem)
        return 0;
    size_t bytes = want * elem;
    void *p;
    if (bytes >= ((size_t)1 << 21)) {
        p = pcf__huge_alloc(bytes);
        if (!p)
            return 0;
        if (*ptr)
            memcpy(p, *ptr, *cap * elem);
        free(*ptr);
    } else {
        p = realloc(*ptr, bytes);
        if (!p)
            return 0;
    }
    *ptr = p;
    *cap = want;
    return 1;
}

int pcf__reserve(void **ptr, size_t *cap, size_t elem, size_t want)
{
    return want <= *cap || resize(ptr, cap, elem, want);
}

int pcf__grow(void **ptr, size_t *cap, size_t elem)
{
    return resize(ptr, cap, elem, *cap ? *cap * 2 : 64);
}
