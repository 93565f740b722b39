/*
 * Benchmark of diagnostics on big models: a generated model of 100,000 activities,
 * each with an unknown unit (an error) and an unknown key (a warning), is validated; every one of
 * the 200,000 diagnostics carries its line and column in the model text. Prints the median of 5
 * runs of pcf_model_validate (wall and CPU time) and checks that the count and the position of
 * the last diagnostic are what the generator wrote. Run by `meson test -C build --benchmark`; no
 * timing assertions. Optional argument: the number of activities.
 * GPL-3.0-or-later; see LICENSE.
 */
#include <pcf/pcf.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "benchutil.h"

#define RUNS 5

static double clock_s(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* One activity a line, from line 6 on (see the header below). */
static char *generate(long n)
{
    const char *head =
        "{\n"
        "  \"pcf_model\": 1,\n"
        "  \"products\": [\n"
        "    {\"id\": \"a\", \"declared_unit\": {\"amount\": 1, \"unit\": \"item\"},\n"
        "     \"stages\": {\"materials\": [\n";
    size_t cap = strlen(head) + (size_t)n * 100 + 64, len = 0;
    char *text = malloc(cap);
    if (!text)
        return NULL;
    len += (size_t)snprintf(text + len, cap - len, "%s", head);
    for (long k = 0; k < n; k++)
        len += (size_t)snprintf(text + len, cap - len,
                                "      {\"name\": \"m%ld\", \"amount\": 1, \"unit\": \"furlong\", "
                                "\"factor\": \"s\", \"colour\": \"red\"}%s\n",
                                k, k + 1 < n ? "," : "");
    snprintf(text + len, cap - len, "     ]}}\n  ]\n}\n");
    return text;
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? strtol(argv[1], NULL, 10) : 100000;
    if (n < 1)
        n = 1;
    char *text = generate(n);
    pcf_model *m = NULL;
    pcf_error err;
    if (!text || pcf_model_read_string(text, "big.json", &m, &err) != PCF_OK) {
        fprintf(stderr, "bench_diag: cannot build the model\n");
        free(text);
        return 1;
    }
    double wall[RUNS], cpu[RUNS];
    size_t count = 0;
    int last_line = 0;
    for (int r = 0; r < RUNS; r++) {
        pcf_diag *d = NULL;
        if (pcf_diag_create(&d) != PCF_OK)
            return 1;
        double w0 = clock_s(CLOCK_MONOTONIC), c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
        pcf_status st = pcf_model_validate(m, d, &err);
        wall[r] = clock_s(CLOCK_MONOTONIC) - w0;
        cpu[r] = clock_s(CLOCK_PROCESS_CPUTIME_ID) - c0;
        count = pcf_diag_count(d);
        last_line = 0;
        for (size_t i = 0; i < count; i++)
            if (pcf_diag_at(d, i)->line > last_line)
                last_line = pcf_diag_at(d, i)->line;
        pcf_diag_destroy(d);
        if (st != PCF_ERR_INVALID_MODEL) {
            fprintf(stderr, "bench_diag: validation gave %s\n", pcf_status_name(st));
            return 1;
        }
    }
    qsort(wall, RUNS, sizeof *wall, bench_cmp_double);
    qsort(cpu, RUNS, sizeof *cpu, bench_cmp_double);
    /* Two diagnostics an activity (its unit and its unknown key); the last activity is on
     * line 5 + n. */
    int ok = count >= (size_t)(2 * n) && last_line == (int)(5 + n);
    printf("diagnostics: %ld activities, %zu diagnostics with line/column; validate median of %d: "
           "%.3f s wall, %.3f s CPU (%.0f diagnostics/s CPU)%s\n",
           n, count, RUNS, wall[RUNS / 2], cpu[RUNS / 2],
           cpu[RUNS / 2] > 0 ? (double)count / cpu[RUNS / 2] : 0.0,
           ok ? "" : " -- UNEXPECTED COUNT OR POSITION");
    pcf_model_destroy(m);
    free(text);
    return ok ? 0 : 1;
}
