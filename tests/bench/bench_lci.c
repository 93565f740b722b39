/*
 * Benchmark of the LCI solver: pcf_lci_open() on an imported database — reading A and B from
 * SQLite, one UMFPACK factorisation and the transposed solves that give every process's result —
 * repeated RUNS times. Prints one line per run ("seconds S") and the peak resident memory; the
 * driver (compare_lci.py) takes medians and runs the SciPy peer. Never asserts on time.
 * Usage: bench_lci DB NAME RUNS
 * GPL-3.0-or-later; see LICENSE.
 */
#include <pcf/pcf.h>

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: bench_lci DB NAME RUNS\n");
        return 2;
    }
    pcf_error err;
    pcf_db *db = NULL;
    if (pcf_db_open(argv[1], PCF_DB_READ_ONLY, &db, &err) != PCF_OK) {
        fprintf(stderr, "bench_lci: %s\n", err.message);
        return 1;
    }
    int runs = atoi(argv[3]);
    double check = 0;
    for (int r = 0; r < runs; r++) {
        pcf_lci *lci = NULL;
        double t0 = now_s();
        if (pcf_lci_open(db, argv[2], PCF_GWP_AR6, &lci, &err) != PCF_OK) {
            fprintf(stderr, "bench_lci: %s\n", err.message);
            return 1;
        }
        double t = now_s() - t0;
        /* a checksum of all results, so the work cannot be skipped */
        for (size_t i = 0; i < pcf_lci_process_count(lci); i++)
            check += pcf_lci_co2e(lci, i, PCF_LCI_TOTAL);
        printf("seconds %.6f processes %zu nonzeros %zu\n", t, pcf_lci_process_count(lci),
               pcf_lci_matrix_nonzeros(lci));
        pcf_lci_destroy(lci);
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("peak_rss_kb %ld\nchecksum %.17g\n", ru.ru_maxrss, check);
    pcf_db_close(db);
    return 0;
}
