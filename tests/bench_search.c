/*
 * Benchmark of factor search and matching (issues 14 and 15): a search of 20,000 words (refused
 * at once with the limit named, instead of 81 s), the largest search accepted (64 different
 * words), a one-word search, and pcf_factor_suggest() on BOM-like lines. Prints medians of 7 runs
 * and never asserts on time. Usage: bench_search FACTORS_DB
 * GPL-3.0-or-later; see LICENSE.
 */
#include <pcf/pcf.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "benchutil.h"

#define RUNS 7

static double median(double *v)
{
    qsort(v, RUNS, sizeof v[0], bench_cmp_double);
    return v[RUNS / 2];
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: bench_search FACTORS_DB\n");
        return 2;
    }
    pcf_error err;
    pcf_db *db = NULL;
    if (pcf_db_open(argv[1], PCF_DB_READ_ONLY, &db, &err) != PCF_OK) {
        fprintf(stderr, "bench_search: %s\n", err.message);
        return 1;
    }
    /* 20,000 different words: a query this long once took 81 s and 388 MB. */
    char *big = malloc(20000 * 8 + 1);
    char *p = big;
    for (int i = 0; i < 20000; i++)
        p += sprintf(p, "w%05d ", i);
    /* 64 different words, the most a search takes, each a word of the synonym table (so every
     * word carries its list of alternatives): the costliest search that is accepted. */
    static const char *const many =
        "transport freight truck lorry road van sea ship rail train air flight plane water tap PP "
        "PE HDPE LDPE LLDPE PET PVC PS EPS ABS PC PA POM PMMA nylon plastic film bag bottle glass "
        "steel stainless aluminium copper brass paper carton cardboard label packaging pallet wood "
        "tea electricity power grid solar diesel petrol gasoline LPG coal steam waste landfill "
        "virgin recycled natural logistics";
    static const char *const lines[] = {
        "PP颗粒 注塑级", "ABS 外壳", "纸箱 五层瓦楞", "PE袋",   "卡车运输",
        "海运 集装箱",   "电",       "柴油",          "说明书", "不锈钢 螺丝"};
    double t_big[RUNS], t_many[RUNS], t_one[RUNS], t_sug[RUNS];
    const int n_one = 200, n_sug = 200;
    size_t total = 0;
    for (int r = 0; r < RUNS; r++) {
        pcf_factor_list *l = NULL;
        double t0 = bench_now();
        pcf_status st = pcf_db_search(db, big, NULL, NULL, PCF_DIM_NONE, 0, &l, &err);
        double t1 = bench_now();
        if (st != PCF_ERR_INVALID_ARG) {
            fprintf(stderr, "bench_search: the 20,000-word search was not refused\n");
            return 1;
        }
        if (pcf_db_search(db, many, NULL, NULL, PCF_DIM_NONE, 0, &l, &err) != PCF_OK) {
            fprintf(stderr, "bench_search: %s\n", err.message);
            return 1;
        }
        pcf_factor_list_destroy(l);
        double t2 = bench_now();
        for (int i = 0; i < n_one; i++) {
            if (pcf_db_search(db, "PP", NULL, NULL, PCF_DIM_NONE, 50, &l, &err) != PCF_OK)
                return 1;
            total += pcf_factor_list_total(l);
            pcf_factor_list_destroy(l);
        }
        double t3 = bench_now();
        for (int i = 0; i < n_sug; i++) {
            pcf_suggestion_list *s = NULL;
            if (pcf_factor_suggest(db, lines[i % 10], NULL, "CN-FJ", NULL, 3, &s, &err) != PCF_OK) {
                fprintf(stderr, "bench_search: %s\n", err.message);
                return 1;
            }
            pcf_suggestion_list_destroy(s);
        }
        double t4 = bench_now();
        t_big[r] = t1 - t0;
        t_many[r] = t2 - t1;
        t_one[r] = (t3 - t2) / n_one;
        t_sug[r] = (t4 - t3) / n_sug;
    }
    printf("search of 20,000 words (refused, limit named): median %.6f s\n", median(t_big));
    printf("search of %d different words (the limit):    median %.6f s\n", PCF_SEARCH_MAX_TERMS,
           median(t_many));
    printf("search \"PP\" (first 50 of %zu):                median %.6f s\n",
           total / (size_t)(RUNS * n_one), median(t_one));
    printf("suggest for one BOM line (10 kinds of line):  median %.6f s\n", median(t_sug));
    free(big);
    pcf_db_close(db);
    return 0;
}
