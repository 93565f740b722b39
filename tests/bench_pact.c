/*
 * Benchmark: reading (validate + extract) a PACT v3 ProductFootprint and writing it as v2.3,
 * as an ERP importing many supplier footprints would. Prints the median of 7 runs.
 * GPL-3.0-or-later; see LICENSE.
 */
#include <pcf/pcf.h>

#include <stdio.h>
#include <stdlib.h>
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
