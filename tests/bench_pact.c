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

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: bench_pact DOC.json MODEL.json\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f)
        return 1;
    static char doc[1 << 16];
    size_t n = fread(doc, 1, sizeof doc - 1, f);
    fclose(f);
    doc[n] = '\0';
    enum { RUNS = 7, ITER = 5000 };
    double read_us[RUNS], write_us[RUNS];
    for (int r = 0; r < RUNS; r++) {
        double t0 = now(), tw = 0;
        for (int i = 0; i < ITER; i++) {
            pcf_pact_footprint *fp = NULL;
            if (pcf_pact_read(doc, NULL, &fp, NULL) != PCF_OK)
                return 1;
            double t1 = now();
            char *out = NULL;
            if (pcf_pact_footprint_to_json(fp, 3, &out, NULL) != PCF_OK)
                return 1;
            tw += now() - t1;
            pcf_free(out);
            pcf_pact_footprint_destroy(fp);
        }
        double total = now() - t0;
        read_us[r] = (total - tw) / ITER * 1e6;
        write_us[r] = tw / ITER * 1e6;
    }
    qsort(read_us, RUNS, sizeof read_us[0], cmp);
    qsort(write_us, RUNS, sizeof write_us[0], cmp);
    printf("pact read+validate: median %.1f us/document; write v3: median %.1f us/document "
           "(%d runs x %d documents, %zu bytes)\n",
           read_us[RUNS / 2], write_us[RUNS / 2], RUNS, ITER, n);

    /* A hostile document: 200,000 companyIds (the duplicate check used to compare each with all
     * before it: 2.6 s for 20,000, and 200,000 did not finish in 300 s). One id repeats, so the
     * check has a violation to report. */
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
        double t0 = now();
        pcf_status st = pcf_pact_validate(bigdoc, d, NULL);
        ids_s[r] = now() - t0;
        /* exactly the repeated id is reported */
        if (st != PCF_ERR_PARSE || pcf_diag_error_count(d) != 1)
            return 1;
        pcf_diag_destroy(d);
    }
    qsort(ids_s, 5, sizeof ids_s[0], cmp);
    printf("pcf_pact_validate with %d companyIds (one repeated): median %.3f s (5 runs, %zu "
           "bytes)\n",
           IDS, ids_s[2], strlen(bigdoc));
    free(bigdoc);

    /* Export of a calculated result: PACT v3 and the HTML report. */
    pcf_model *m = NULL;
    pcf_result *res = NULL;
    pcf_pact_options *o = NULL;
    f = fopen(argv[2], "rb");
    if (!f)
        return 1;
    static char model[1 << 16];
    n = fread(model, 1, sizeof model - 1, f);
    fclose(f);
    model[n] = '\0';
    if (pcf_model_read_string(model, argv[2], &m, NULL) != PCF_OK ||
        pcf_model_calculate(m, NULL, PCF_GWP_AR6, NULL, &res, NULL) != PCF_OK ||
        pcf_pact_options_create(&o) != PCF_OK ||
        pcf_pact_options_from_model_json(o, model, NULL, NULL) != PCF_OK)
        return 1;
    enum { EXPORTS = 2000 };
    double pact_us[RUNS], html_us[RUNS];
    for (int r = 0; r < RUNS; r++) {
        double t0 = now();
        for (int i = 0; i < EXPORTS; i++) {
            char *out = NULL;
            if (pcf_pact_write(res, o, 3, &out, NULL) != PCF_OK)
                return 1;
            pcf_free(out);
        }
        double t1 = now();
        for (int i = 0; i < EXPORTS; i++) {
            char *out = NULL;
            if (pcf_report_html(res, NULL, "en", &out, NULL) != PCF_OK)
                return 1;
            pcf_free(out);
        }
        pact_us[r] = (t1 - t0) / EXPORTS * 1e6;
        html_us[r] = (now() - t1) / EXPORTS * 1e6;
    }
    qsort(pact_us, RUNS, sizeof pact_us[0], cmp);
    qsort(html_us, RUNS, sizeof html_us[0], cmp);
    printf("pcf_pact_write v3 (with self-validation): median %.1f us; pcf_report_html: median "
           "%.1f us (%d runs x %d, %s)\n",
           pact_us[RUNS / 2], html_us[RUNS / 2], RUNS, EXPORTS, argv[2]);
    pcf_pact_options_destroy(o);
    pcf_result_destroy(res);
    pcf_model_destroy(m);
    return 0;
}
