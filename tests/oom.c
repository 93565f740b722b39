/*
 * Allocation-failure injection (see oom.h). GPL-3.0-or-later; see LICENSE.
 */
#include "testutil.h"
#include "oom.h"

#include <jansson.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdlib.h>

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
void *__real_aligned_alloc(size_t align, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);
void *__wrap_aligned_alloc(size_t align, size_t n);

/* Atomic, so that threads may allocate while armed (a batch run's workers, a Monte Carlo run
 * at several threads): each allocation takes its own index, and exactly one is made to fail.
 * Which allocation that is may then depend on the threads' timing; every failure must still give
 * PCF_ERR_NOMEM. */
static atomic_long fail_index = -1; /* allocation to fail while armed; -1 disarmed */
static atomic_long seen;            /* allocations since arming */
static atomic_int failed;
static atomic_int failed_in_jansson;

void oom_fail_at(long n)
{
    if (n >= 0) {
        atomic_store(&seen, 0);
        atomic_store(&failed, 0);
        atomic_store(&failed_in_jansson, 0);
    }
    atomic_store(&fail_index, n);
}

int oom_failed(void)
{
    return atomic_load(&failed);
}

long oom_allocations(void)
{
    return atomic_load(&seen);
}

static int should_fail(void)
{
    long at = atomic_load(&fail_index);
    if (at < 0)
        return 0;
    if (atomic_fetch_add(&seen, 1) != at)
        return 0;
    atomic_store(&failed, 1);
    return 1;
}

void *__wrap_malloc(size_t n)
{
    return should_fail() ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t size)
{
    return should_fail() ? NULL : __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t n)
{
    return should_fail() ? NULL : __real_realloc(p, n);
}

/* blocks in huge pages (pcf__huge_alloc), the Monte Carlo sample block */
void *__wrap_aligned_alloc(size_t align, size_t n)
{
    return should_fail() ? NULL : __real_aligned_alloc(align, n);
}

/* jansson's allocator: the same counter as pcf's malloc; free() is not wrapped. */
static void *jansson_malloc(size_t n)
{
    if (!should_fail())
        return __real_malloc(n);
    atomic_store(&failed_in_jansson, 1);
    return NULL;
}

static void jansson_free(void *p)
{
    free(p);
}

void oom_route_jansson(void)
{
    json_set_alloc_funcs(jansson_malloc, jansson_free);
}

int oom_failed_in_jansson(void)
{
    return atomic_load(&failed_in_jansson);
}

void oom_sweep_text(oom_text_op op, const void *ctx, const char *what)
{
    char *want = NULL, *got = NULL;
    oom_fail_at(-1);
    pcf_status st = op(ctx, &want);
    if (st != PCF_OK)
        fail_msg("%s: fails without an allocation failure (%s)", what, pcf_status_name(st));
    long n;
    for (n = 0;; n++) {
        oom_fail_at(n);
        st = op(ctx, &got);
        long used = oom_allocations();
        oom_fail_at(-1);
        if (used <= n)
            break;
        if (st == PCF_OK && strcmp(got, want) != 0)
            fail_msg("%s: allocation %ld failed%s and the call succeeded with\n%s\ninstead of\n%s",
                     what, n, oom_failed_in_jansson() ? " (in jansson)" : "", got, want);
        if (st != PCF_OK && st != PCF_ERR_NOMEM)
            fail_msg("%s: allocation %ld failed but the call returned %s", what, n,
                     pcf_status_name(st));
        if (st != PCF_OK && got)
            fail_msg("%s: allocation %ld failed and the call returned text with %s", what, n,
                     pcf_status_name(st));
        free(got);
        got = NULL;
    }
    if (st != PCF_OK)
        fail_msg("%s: failed with %s without an allocation failure", what, pcf_status_name(st));
    assert_string_equal(got, want);
    print_message("%s: %ld allocations, each failed once\n", what, n);
    free(got);
    free(want);
}
