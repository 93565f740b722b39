/*
 * Allocation-failure injection (see oom.h). GPL-3.0-or-later; see LICENSE.
 */
#include "oom.h"

#include <jansson.h>
#include <stddef.h>
#include <stdlib.h>

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);

static long fail_index = -1; /* allocation to fail while armed; -1 disarmed */
static long seen;            /* allocations since arming */
static int failed;
static int failed_in_jansson;

void oom_fail_at(long n)
{
    fail_index = n;
    if (n >= 0) {
        seen = 0;
        failed = 0;
        failed_in_jansson = 0;
    }
}

int oom_failed(void)
{
    return failed;
}

long oom_allocations(void)
{
    return seen;
}

static int should_fail(void)
{
    if (fail_index < 0)
        return 0;
    if (seen++ != fail_index)
        return 0;
    failed = 1;
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

/* jansson's allocator: the same counter as pcf's malloc; free() is not wrapped. */
static void *jansson_malloc(size_t n)
{
    if (!should_fail())
        return __real_malloc(n);
    failed_in_jansson = 1;
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
    return failed_in_jansson;
}
