/*
 * Benchmark: reading (validate + extract) a PACT v3 ProductFootprint and writing it as v2.3,
 * as an ERP importing many supplier footprints would. Prints the median of 7 runs.
 * GPL-3.0-or-later; see LICENSE.
 */
#include <pcf/pcf.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "benchutil.h"

enum { RUNS = 7 };

/* Reads a whole file (up to 64 KiB) into buf; its length, or -1. */
static long read_small(const char *path, char *buf, size_t size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    size_t n = fread(buf, 1, size - 1, f);
    fclose(f);
    buf[n] = '\0';
    return (long)n;
}

/* Reading (validate + extract) and writing as v3 of the document. 0, or 1 on failure. */
static int bench_read_write(const char *doc, size_t n)
{
    enum { ITER = 5000 };
    double read_us[RUNS], write_us[RUNS];
    for (int r = 0; r < RUNS; r++) {
        double t0 = bench_now(), tw = 0;
        for (int i = 0; i < ITER; i++) {
            pcf_pact_footprint *fp = NULL;
            if (pcf_pact_read(doc, NULL, &fp, NULL) != PCF_OK)
                return 1;
            double t1 = bench_now();
            char *out = NULL;
            if (pcf_pact_footprint_to_json(fp, 3, &out, NULL) != PCF_OK)
                return 1;
            tw += bench_now() - t1;
            pcf_free(out);
            pcf_pact_footprint_destroy(fp);
        }
        double total = bench_now() - t0;
        read_us[r] = (total - tw) / ITER * 1e6;
        write_us[r] = tw / ITER * 1e6;
    }
    qsort(read_us, RUNS, sizeof read_us[0], bench_cmp_double);
    qsort(write_us, RUNS, sizeof write_us[0], bench_cmp_double);
    printf("pact read+validate: median %.1f us/document; write v3: median %.1f us/document "
           "(%d runs x %d documents, %zu bytes)\n",
           read_us[RUNS / 2], write_us[RUNS / 2], RUNS, ITER, n);
    return 0;
}

/* A hostile document: 200,000 companyIds (the duplicate check used to compare each with all
 * before it: 2.6 s for 20,000, and 200,000 did not finish in 300 s). One id repeats, so the
 * check has a violation to report. 0, or 1 on failure. */
static int bench_many_ids(const char *doc)
{
    json_error_t jerr;
    json_t *big = json_loads(doc, 0, &jerr);
    if (!big)
        return 1;
    enum { IDS = 200000 };
    json_t *ids = json_array();
    for (int i = 0; i < IDS; i++) {
        char urn[96];
        snprintf(urn, sizeof urn, "urn:pathfinder:company:customcode:buyer-assigned:c%06d",
                 i == IDS - 1 ? 17 : i);
        json_array_append_new(ids, json_string(urn));
    }
    json_object_set_new(big, "companyIds", ids);
    char *bigdoc = json_dumps(big, JSON_COMPACT);
    json_decref(big);
    if (!bigdoc)
        return 1;
    double ids_s[5];
    for (int r = 0; r < 5; r++) {
        pcf_diag *d = NULL;
        if (pcf_diag_create(&d) != PCF_OK)
            return 1;
        double t0 = bench_now();
        pcf_status st = pcf_pact_validate(bigdoc, d, NULL);
        ids_s[r] = bench_now() - t0;
        /* exactly the repeated id is reported */
        if (st != PCF_ERR_PARSE || pcf_diag_error_count(d) != 1)
            return 1;
        pcf_diag_destroy(d);
    }
    qsort(ids_s, 5, sizeof ids_s[0], bench_cmp_double);
    printf("pcf_pact_validate with %d companyIds (one repeated): median %.3f s (5 runs, %zu "
           "bytes)\n",
           IDS, ids_s[2], strlen(bigdoc));
    free(bigdoc);
    return 0;
}

/* Export of a calculated result: PACT v3 and the HTML report. 0, or 1 on failure. */
static int bench_export(const char *path)
{
    pcf_model *m = NULL;
    pcf_result *res = NULL;
    pcf_pact_options *o = NULL;
    static char model[1 << 16];
    if (read_small(path, model, sizeof model) < 0)
        return 1;
    if (pcf_model_read_string(model, path, &m, NULL) != PCF_OK ||
        pcf_model_calculate(m, NULL, PCF_GWP_AR6, NULL, &res, NULL) != PCF_OK ||
        pcf_pact_options_create(&o) != PCF_OK ||
        pcf_pact_options_from_model_json(o, model, NULL, NULL) != PCF_OK)
        return 1;
    enum { EXPORTS = 2000 };
    double pact_us[RUNS], html_us[RUNS];
    for (int r = 0; r < RUNS; r++) {
        double t0 = bench_now();
        for (int i = 0; i < EXPORTS; i++) {
            char *out = NULL;
            if (pcf_pact_write(res, o, 3, &out, NULL) != PCF_OK)
                return 1;
            pcf_free(out);
        }
        double t1 = bench_now();
        for (int i = 0; i < EXPORTS; i++) {
            char *out = NULL;
            if (pcf_report_html(res, NULL, "en", &out, NULL) != PCF_OK)
                return 1;
            pcf_free(out);
        }
        pact_us[r] = (t1 - t0) / EXPORTS * 1e6;
        html_us[r] = (bench_now() - t1) / EXPORTS * 1e6;
    }
    qsort(pact_us, RUNS, sizeof pact_us[0], bench_cmp_double);
    qsort(html_us, RUNS, sizeof html_us[0], bench_cmp_double);
    printf("pcf_pact_write v3 (with self-validation): median %.1f us; pcf_report_html: median "
           "%.1f us (%d runs x %d, %s)\n",
           pact_us[RUNS / 2], html_us[RUNS / 2], RUNS, EXPORTS, path);
    pcf_pact_options_destroy(o);
    pcf_result_destroy(res);
    pcf_model_destroy(m);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: bench_pact DOC.json MODEL.json\n");
        return 2;
    }
    static char doc[1 << 16];
    long n = read_small(argv[1], doc, sizeof doc);
    if (n < 0)
        return 1;
    if (bench_read_write(doc, (size_t)n) || bench_many_ids(doc) || bench_export(argv[2]))
        return 1;
    return 0;
}
