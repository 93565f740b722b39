/*
 * Allocation-failure injection for the out-of-memory tests. A test program
 * links the static libpcf and tests/oom.c with -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc;
 * every allocation made by pcf's own code then passes through oom.c. jansson is a shared library
 * whose allocations the wrap does not see: oom_route_jansson() sends them through oom.c too.
 * The counters are atomic: threads may allocate while armed (each allocation gets its own index
 * and exactly one fails), but which allocation is the Nth then depends on their timing; arm and
 * disarm from one thread while no other allocates.
 * GPL-3.0-or-later.
 */
#ifndef PCF_TESTS_OOM_H
#define PCF_TESTS_OOM_H

#include <pcf/pcf.h>

/* Makes allocation n (0 = the next one) fail, and starts counting anew; -1 disarms, keeping the
 * counts of the last armed run for oom_failed() and oom_allocations(). */
void oom_fail_at(long n);

/* 1 when the armed allocation was made to fail since the last oom_fail_at(n >= 0). */
int oom_failed(void);

/* How many allocations were made while armed. */
long oom_allocations(void);

/* Routes jansson's allocations (json_set_alloc_funcs) through the same counter, so that the Nth
 * allocation fails whether pcf or jansson makes it. jansson's allocator is process-global: call
 * this first in main(), before any jansson value exists, and only once. */
void oom_route_jansson(void);

/* 1 when the allocation that was made to fail since the last oom_fail_at(n >= 0) was jansson's. */
int oom_failed_in_jansson(void);

/* An operation under test: what it made as text (malloc()'ed, *text NULL on failure). */
typedef pcf_status (*oom_text_op)(const void *ctx, char **text);

/* Runs op unhindered, then with allocation 0, 1, 2, ... failing in turn until a run makes no
 * more allocations than the index. Each run must return PCF_ERR_NOMEM (and no text), or PCF_OK
 * with exactly the text of the unhindered run: an allocation whose failure has a fallback may
 * succeed, never with something missing or changed. Fails the test (cmocka) otherwise; prints how
 * many allocations there were. */
void oom_sweep_text(oom_text_op op, const void *ctx, const char *what);

#endif
