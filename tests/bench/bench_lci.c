/*
 * Benchmark of the LCI solver: pcf_lci_open() on an imported database — reading A and B from
 * SQLite, one KLU factorisation and the transposed solves that give every process's result —
 * repeated RUNS times. Prints one line per run ("seconds S cpu C": wall and process CPU time) and
 * the peak resident memory; the driver (compare_lci.py) takes medians and runs the SciPy peer.
 * Never asserts on time.
 * With PROCESS ITERATIONS THREADS it opens the database once and times pcf_lci_mc() instead:
 * ITERATIONS Monte Carlo iterations on PROCESS, RUNS times ("mc_seconds S mean M cpu C").
 * Usage: bench_lci DB NAME RUNS [PROCESS ITERATIONS THREADS]
 * GPL-3.0-or-later; see LICENSE.
 */
#include <pcf/pcf.h>

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>
#include "benchutil.h"

static double clock_s(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* CPU time of the process (all threads): on a shared machine the wall time also counts the
 * time other people's work held the cores. */
static double cpu_s(void)
{
    return clock_s(CLOCK_PROCESS_CPUTIME_ID);
}

static void peak(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("peak_rss_kb %ld\n", ru.ru_maxrss);
}

static int bench_mc(pcf_db *db, const char *name, int runs, const char *process, size_t iterations,
                    size_t threads)
{
    pcf_error err;
    pcf_lci *lci = NULL;
    size_t p = 0;
    double *x = malloc(iterations * sizeof *x);
    if (!x || pcf_lci_open(db, name, PCF_GWP_AR6, &lci, &err) != PCF_OK ||
        pcf_lci_find(lci, process, &p, &err) != PCF_OK) {
        fprintf(stderr, "bench_lci: %s\n", x ? err.message : "out of memory");
        return 1;
    }
    for (int r = 0; r < runs; r++) {
        double t0 = bench_now(), c0 = cpu_s();
        if (pcf_lci_mc(lci, p, iterations, 1 + (uint64_t)r, threads, x, &err) != PCF_OK) {
            fprintf(stderr, "bench_lci: %s\n", err.message);
            return 1;
        }
        double t = bench_now() - t0, c = cpu_s() - c0, mean = 0;
        for (size_t i = 0; i < iterations; i++)
            mean += x[i];
        printf("mc_seconds %.6f mean %.17g parameters %zu cpu %.6f\n", t, mean / (double)iterations,
               pcf_lci_mc_parameter_count(lci), c);
    }
    peak();
    free(x);
    pcf_lci_destroy(lci);
    pcf_db_close(db);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 4 && argc != 7) {
        fprintf(stderr, "usage: bench_lci DB NAME RUNS [PROCESS ITERATIONS THREADS]\n");
        return 2;
    }
    pcf_error err;
    pcf_db *db = NULL;
    if (pcf_db_open(argv[1], PCF_DB_READ_ONLY, &db, &err) != PCF_OK) {
        fprintf(stderr, "bench_lci: %s\n", err.message);
        return 1;
    }
    int runs = atoi(argv[3]);
    if (argc == 7)
        return bench_mc(db, argv[2], runs, argv[4], (size_t)atol(argv[5]), (size_t)atol(argv[6]));
    double check = 0;
    for (int r = 0; r < runs; r++) {
        pcf_lci *lci = NULL;
        double t0 = bench_now(), c0 = cpu_s();
        if (pcf_lci_open(db, argv[2], PCF_GWP_AR6, &lci, &err) != PCF_OK) {
            fprintf(stderr, "bench_lci: %s\n", err.message);
            return 1;
        }
        double t = bench_now() - t0, c = cpu_s() - c0;
        /* a checksum of all results, so the work cannot be skipped */
        for (size_t i = 0; i < pcf_lci_process_count(lci); i++)
            check += pcf_lci_co2e(lci, i, PCF_LCI_TOTAL);
        printf("seconds %.6f processes %zu nonzeros %zu cpu %.6f\n", t, pcf_lci_process_count(lci),
               pcf_lci_matrix_nonzeros(lci), c);
        pcf_lci_destroy(lci);
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("peak_rss_kb %ld\nchecksum %.17g\n", ru.ru_maxrss, check);
    pcf_db_close(db);
    return 0;
}
