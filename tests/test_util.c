/*
 * The small containers of lib/util.c (internal): the string arena, the string -> index map, the
 * text hash, growable arrays and blocks in huge pages. Each is used by the resolver on a million
 * activities; here each is held to what its header promises, across its chunk and block sizes.
 * Linked statically for the internal calls. GPL-3.0-or-later; see LICENSE.
 */
#include "testutil.h"

#include "../lib/util.h"

#include <stdint.h>
#include <stdlib.h>

#define HUGE_PAGE ((size_t)1 << 21)

/* Copies live until the arena is freed, across chunks (64 KiB, doubling to 4 MiB) and for a
 * string longer than any chunk. */
static void arena_copies(void **state)
{
    (void)state;
    pcf__arena a = {0};
    enum { N = 400000 }; /* "name 0" .. "name 399999": about 5 MB, every chunk size */
    const char **kept = malloc(N * sizeof *kept);
    assert_non_null(kept);
    for (size_t i = 0; i < N; i++) {
        char buf[32];
        snprintf(buf, sizeof buf, "name %zu", i);
        kept[i] = pcf__arena_strdup(&a, buf);
        assert_non_null(kept[i]);
        assert_ptr_not_equal(kept[i], buf);
    }
    size_t big = 5u << 20; /* 5 MiB, more than the largest chunk */
    char *s = malloc(big + 1);
    assert_non_null(s);
    memset(s, 'x', big);
    s[big] = '\0';
    const char *k = pcf__arena_strdup(&a, s);
    assert_non_null(k);
    assert_int_equal(strlen(k), big);
    assert_string_equal(pcf__arena_strdup(&a, NULL), "");
    for (size_t i = 0; i < N; i += 997) {
        char buf[32];
        snprintf(buf, sizeof buf, "name %zu", i);
        assert_string_equal(kept[i], buf);
    }
    assert_string_equal(kept[N - 1], "name 399999");
    assert_true(a.n_chunks > 7); /* 64 KiB .. 4 MiB and more */
    pcf__arena_free(&a);
    free(s);
    free(kept);
}

/* Keys in, values out, absent keys absent; codes that share long prefixes, as factor codes do. */
static void smap_keys(void **state)
{
    (void)state;
    pcf__smap m = {0};
    pcf__arena a = {0};
    enum { N = 50000 };
    char key[96];
    for (uint32_t i = 0; i < N; i++) {
        snprintf(key, sizeof key, "ademe-base-carbone-v22:material-%u", i);
        assert_int_equal(pcf__smap_put(&m, &a, key, i * 3u), 1);
    }
    assert_int_equal(m.n, N);
    for (uint32_t i = 0; i < N; i++) {
        uint32_t v = UINT32_MAX;
        snprintf(key, sizeof key, "ademe-base-carbone-v22:material-%u", i);
        assert_int_equal(pcf__smap_get(&m, key, &v), 1);
        assert_int_equal(v, i * 3u);
    }
    uint32_t v = 7;
    assert_int_equal(pcf__smap_get(&m, "ademe-base-carbone-v22:material-50000", &v), 0);
    assert_int_equal(pcf__smap_get(&m, "ademe-base-carbone-v22:material-", &v), 0);
    assert_int_equal(pcf__smap_get(&m, "", &v), 0);
    assert_int_equal(v, 7); /* untouched when absent */
    pcf__smap_free(&m);
    pcf__arena_free(&a);
}

/* Equal texts hash alike whatever their address and alignment; the tail (len % 8 bytes) counts. */
static void text_hash(void **state)
{
    (void)state;
    char a[64], b[72];
    const char *t = "kg CO2e per tonne-kilometre, 40 t lorry";
    size_t n = strlen(t);
    for (size_t off = 0; off < 8; off++) {
        memcpy(b + off, t, n);
        memcpy(a, t, n);
        assert_true(pcf__text_hash(a, n) == pcf__text_hash(b + off, n));
    }
    for (size_t len = 0; len < n; len++) /* every length, so every tail size, differs */
        assert_true(pcf__text_hash(t, len) != pcf__text_hash(t, len + 1));
    assert_true(pcf__text_hash("aluminium-virgin", 16) != pcf__text_hash("aluminium-virgio", 16));
}

/* Growing and reserving keep the elements, below and above the 2 MiB where blocks move to huge
 * pages; a reserve below the capacity changes nothing. */
static void growable_arrays(void **state)
{
    (void)state;
    double *x = NULL;
    size_t n = 0, cap = 0;
    for (; n < 600000; n++) { /* 4.8 MB */
        assert_int_equal(PCF__GROW(x, n, cap), 1);
        x[n] = (double)n * 0.5;
    }
    assert_true(cap >= n);
    for (size_t i = 0; i < n; i += 1009)
        assert_true(x[i] == (double)i * 0.5);
    double *before = x;
    size_t cap0 = cap;
    assert_int_equal(PCF__RESERVE(x, cap, 10), 1);
    assert_ptr_equal(x, before);
    assert_int_equal(cap, cap0);
    assert_int_equal(cap, 1048576); /* doubled from 64 */
    assert_int_equal(PCF__RESERVE(x, cap, 2000000), 1);
    assert_int_equal(cap, 2000000);
    assert_true(x[n - 1] == (double)(n - 1) * 0.5);
    assert_int_equal((uintptr_t)x % HUGE_PAGE, 0); /* a block of 16 MB: whole huge pages */
    free(x);
    /* a size that overflows is refused, the array left as it was */
    uint64_t *y = NULL;
    size_t ycap = 0;
    assert_int_equal(PCF__RESERVE(y, ycap, SIZE_MAX / 4), 0);
    assert_null(y);
    assert_int_equal(ycap, 0);
}

/* From 2 MiB, blocks start on a 2 MiB boundary and the whole rounded size is usable; they are
 * freed and reallocated as any malloc'd block. */
static void huge_blocks(void **state)
{
    (void)state;
    char *small = pcf__huge_alloc(1000);
    assert_non_null(small);
    memset(small, 1, 1000);
    free(small);
    free(pcf__huge_alloc(0)); /* a valid block of its own */
    size_t sizes[] = {HUGE_PAGE, HUGE_PAGE + 1, 3 * HUGE_PAGE - 5};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        char *p = pcf__huge_alloc(sizes[i]);
        assert_non_null(p);
        assert_int_equal((uintptr_t)p % HUGE_PAGE, 0);
        memset(p, 0x5a, sizes[i]);
        p[sizes[i] - 1] = 7;
        char *q = realloc(p, sizes[i] * 2);
        assert_non_null(q);
        assert_int_equal(q[sizes[i] - 1], 7);
        assert_int_equal(q[0], 0x5a);
        free(q);
    }
    assert_null(pcf__huge_alloc(SIZE_MAX - 10)); /* no size to round up to: refused */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(arena_copies), cmocka_unit_test(smap_keys),
        cmocka_unit_test(text_hash),    cmocka_unit_test(growable_arrays),
        cmocka_unit_test(huge_blocks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
