/*
 * pcf — small containers for the files of lib/: an arena of strings, a string → index hash map
 * and growable arrays. Not installed. GPL-3.0-or-later; see LICENSE.
 */
#ifndef PCF_UTIL_H
#define PCF_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* Strings copied into chunks that are freed together. */
typedef struct pcf__arena {
    char **chunks;
    size_t n_chunks;
    size_t used, cap; /* of the last chunk */
} pcf__arena;

/* A copy of s ("" for NULL) that lives as long as the arena; NULL when out of memory. */
const char *pcf__arena_strdup(pcf__arena *a, const char *s);
void pcf__arena_free(pcf__arena *a);

/* A hash of text[0..len), eight bytes a step: a model's whole text (checked when read again), a
 * factor code per activity (pcf__smap). */
uint64_t pcf__text_hash(const char *text, size_t len);

/* A string → index hash map (open addressing); its keys live in an arena. */
typedef struct pcf__smap {
    const char **keys; /* in the arena */
    uint32_t *vals;
    uint32_t *tags; /* part of each key's hash: most probes that miss compare no text */
    size_t cap, n;
} pcf__smap;

/* 1 and *val when key is in the map, else 0. */
int pcf__smap_get(const pcf__smap *m, const char *key, uint32_t *val);
/* Adds key (copied into a) → val; 0 when out of memory. The key must not be in the map yet. */
int pcf__smap_put(pcf__smap *m, pcf__arena *a, const char *key, uint32_t val);
void pcf__smap_free(pcf__smap *m);

/* A block of bytes for free() and realloc(): from 2 MiB up aligned to 2 MiB, its size rounded up
 * to whole 2 MiB pages and advised to the kernel as transparent huge pages (madvise
 * MADV_HUGEPAGE where it exists: advice only, nothing changes when the kernel refuses); below
 * 2 MiB plain malloc. NULL when out of memory. Each 4 KiB page fresh memory is first written to
 * is a page fault, about 14 us on the project's VM; pcf__grow and pcf__reserve take their big
 * blocks from here. */
void *pcf__huge_alloc(size_t bytes);

/* Makes room for element n of the array ptr with capacity cap (doubling); 0 when out of memory. */
#define PCF__GROW(ptr, n, cap) ((n) < (cap) ? 1 : pcf__grow((void **)&(ptr), &(cap), sizeof *(ptr)))
int pcf__grow(void **ptr, size_t *cap, size_t elem);
/* Makes the capacity of the array ptr at least want at once (a writer that knows its size skips
 * the doublings and their copies); 0 when out of memory, the array unchanged. */
int pcf__reserve(void **ptr, size_t *cap, size_t elem, size_t want);
#define PCF__RESERVE(ptr, cap, want) pcf__reserve((void **)&(ptr), &(cap), sizeof *(ptr), (want))

#endif
