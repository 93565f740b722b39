/*
 * pcf command line — the process heap in transparent huge pages before a big model is read.
 * GPL-3.0-or-later; see LICENSE.
 *
 * Reading a model builds its JSON tree out of millions of small allocations from the heap, and
 * every 4 KiB page the heap grows by costs a page fault, which on a virtual machine is expensive
 * (a quarter of `pcf calc` at a million activities went to page faults). Where transparent huge
 * pages are "madvise" (many distributions' default), the heap gets them only when asked. So,
 * before reading a model file larger than CLI_HEAP_MIN_FILE, the CLI grows the heap once by what
 * the model will need (CLI_HEAP_PER_BYTE times the file's size: virtual memory, resident only
 * when touched) and marks that range MADV_HUGEPAGE; the allocations that follow fault it in
 * 2 MiB at a time. This is the application tuning its own process (the library never touches
 * malloc's settings); where any step is unavailable or refused, the heap stays as it was.
 */
#define _DEFAULT_SOURCE /* sbrk, madvise */

#include "cli.h"

#include <limits.h>
#include <stdint.h>
#include <sys/stat.h>

#if defined(__linux__) && defined(__GLIBC__)
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

/* Smaller models: their few page faults do not pay for the extra system calls. */
#define CLI_HEAP_MIN_FILE (4u << 20)
/* Heap bytes per byte of model text: the JSON tree of a generated model takes about 5, the
 * resolved system about 3 more (docs/ARCHITECTURE.md, whole `pcf calc`). More than is used
 * is only address space. */
#define CLI_HEAP_PER_BYTE 10
#define CLI_HUGE_PAGE     ((uintptr_t)2 << 20)

#if defined(__linux__) && defined(__GLIBC__) && defined(MADV_HUGEPAGE)
/* glibc's M_TOP_PAD and M_TRIM_THRESHOLD when nobody set them (mallopt(3)) */
#define CLI_DEFAULT_TOP_PAD        (128 * 1024)
#define CLI_DEFAULT_TRIM_THRESHOLD (128 * 1024)

static int trim_held; /* M_TRIM_THRESHOLD is raised until cli_heap_after_model() */

void cli_heap_for_model(const char *path)
{
    struct stat st;
    if (!path || stat(path, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < CLI_HEAP_MIN_FILE)
        return;
    uintmax_t want = (uintmax_t)st.st_size * CLI_HEAP_PER_BYTE;
    if (want > INT_MAX)
        want = INT_MAX; /* mallopt's argument is an int */
    /* the grown top must stay while the model is read: no trimming until then */
    if (!mallopt(M_TRIM_THRESHOLD, INT_MAX))
        return;
    trim_held = 1;
    if (!mallopt(M_TOP_PAD, (int)want))
        return;
    char *before = sbrk(0);
    /* small blocks until the heap has grown (the first one the top cannot hold grows it by
     * want more); under another allocator (a sanitizer's) the heap never moves */
    void *probe[16];
    size_t n = 0;
    while (n < sizeof probe / sizeof *probe && (char *)sbrk(0) == before &&
           (probe[n] = malloc(32 * 1024)) != NULL)
        n++;
    char *after = sbrk(0);
    while (n > 0)
        free(probe[--n]);
    mallopt(M_TOP_PAD, CLI_DEFAULT_TOP_PAD);
    if (before == (char *)-1 || after == (char *)-1 || after <= before)
        return;
    uintptr_t lo = ((uintptr_t)before + CLI_HUGE_PAGE - 1) & ~(CLI_HUGE_PAGE - 1);
    uintptr_t hi = (uintptr_t)after & ~(CLI_HUGE_PAGE - 1);
    if (hi > lo)
        (void)madvise((void *)lo, hi - lo, MADV_HUGEPAGE); /* advice: refusal changes nothing */
}

void cli_heap_after_model(void)
{
    /* the tree is in the reserve: the rest of it goes back to the system at the next free at
     * the top, as before (holding it made the peak of a million activities 45 MB higher) */
    if (trim_held)
        mallopt(M_TRIM_THRESHOLD, CLI_DEFAULT_TRIM_THRESHOLD);
    trim_held = 0;
}
#else
void cli_heap_for_model(const char *path)
{
    (void)path;
}

void cli_heap_after_model(void)
{
}
#endif
