/*
 * pcf calc --mc: Monte Carlo options, run with a progress bar, text table, JSON and samples file.
 * cmd_calc.c calls these; they use only the public API (<pcf/pcf.h>).
 * GPL-3.0-or-later; see LICENSE.
 */
#include "cli.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const stage_label[6] = {"materials", "production", "transport",
                                           "storage",   "use",        "end_of_life"};

static int parse_u64(const char *s, uint64_t *out)
{
    if (!s || !*s || *s == '-' || *s == '+')
        return 0;
    char *end = NULL;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || !end || *end)
        return 0;
    *out = (uint64_t)v;
    return 1;
}

int cli_mc_option(const char *cmd, int opt, const char *val, cli_mc_args *a)
{
    const char *name = opt == CLI_OPT_MC        ? "--mc"
                       : opt == CLI_OPT_SEED    ? "--seed"
                       : opt == CLI_OPT_THREADS ? "--threads"
                       : opt == CLI_OPT_SAMPLES ? "--samples"
                                                : NULL;
    if (!name)
        return 0;
    uint64_t v = 0;
    if (opt == CLI_OPT_SAMPLES) {
        a->samples_path = val;
        return 1;
    }
    if (!parse_u64(val, &v)) {
        cli_usage_error(cmd, "%s expects a whole number >= 0, not \"%s\"", name, val);
        return -1;
    }
    if (opt == CLI_OPT_MC) {
        if (v < 2 || v > pcf_mc_max_iterations()) {
            cli_usage_error(cmd, "--mc %s is out of range: use 2 to %zu (10000 is usual)", val,
                            pcf_mc_max_iterations());
            return -1;
        }
        a->iterations = (size_t)v;
    } else if (opt == CLI_OPT_SEED) {
        a->seed = v;
        a->seed_given = 1;
    } else {
        if (v < 1 || v > pcf_mc_max_threads()) {
            cli_usage_error(cmd, "--threads %s is out of range: use 1 to %zu", val,
                            pcf_mc_max_threads());
            return -1;
        }
        a->threads = (size_t)v;
    }
    return 1;
}

int cli_mc_check(const char *cmd, const cli_mc_args *a)
{
    if (a->iterations == 0 && (a->seed_given || a->threads || a->samples_path))
        return cli_usage_error(cmd, "--seed, --threads and --samples need --mc N");
    return CLI_OK;
}

/* A bar on stderr, redrawn when the whole percent changes. */
typedef struct bar {
    int last;
} bar;

static int on_progress(size_t done, size_t total, void *userdata)
{
    bar *b = userdata;
    int pct = total ? (int)(100.0 * (double)done / (double)total) : 100;
    if (pct == b->last)
        return 0;
    b->last = pct;
    int filled = pct * 30 / 100;
    fprintf(stderr, "\rMonte Carlo [%.*s%*s] %3d%%", filled, "##############################",
            30 - filled, "", pct);
    if (done == total)
        fprintf(stderr, "\n");
    fflush(stderr);
    return 0;
}

int cli_mc_run(const pcf_system *sys, const cli_mc_args *a, int quiet, pcf_mc **out)
{
    pcf_mc_options *o = NULL;
    pcf_error err;
    bar b = {-1};
    *out = NULL;
    if (pcf_mc_options_create(&o, &err) != PCF_OK ||
        pcf_mc_options_set_iterations(o, a->iterations, &err) != PCF_OK ||
        pcf_mc_options_set_seed(o, a->seed_given ? a->seed : 1, &err) != PCF_OK ||
        pcf_mc_options_set_threads(o, a->threads ? a->threads : 1, &err) != PCF_OK ||
        pcf_mc_options_set_keep_samples(o, a->samples_path ? 1 : 0, &err) != PCF_OK ||
        (!quiet && isatty(fileno(stderr)) &&
         pcf_mc_options_set_progress(o, on_progress, &b, &err) != PCF_OK)) {
        pcf_mc_options_destroy(o);
        return cli_report("monte carlo", &err);
    }
    /* The ranking keeps 8 bytes per parameter and iteration; past ~400 MB skip it and say so. */
    size_t np = pcf_system_param_count(sys);
    if (np > 0 && a->iterations > (size_t)50000000 / np) {
        if (!quiet)
            fprintf(stderr,
                    "pcf: note: no sensitivity ranking: %zu parameters x %zu iterations would need "
                    "%zu MB; run fewer iterations to get it\n",
                    np, a->iterations, np / 1000 * a->iterations * 8 / 1000 + 1);
        if (pcf_mc_options_set_sensitivity(o, 0, &err) != PCF_OK) {
            pcf_mc_options_destroy(o);
            return cli_report("monte carlo", &err);
        }
    }
    pcf_status st = pcf_mc_run(sys, o, out, &err);
    pcf_mc_options_destroy(o);
    if (st != PCF_OK)
        return cli_report("monte carlo", &err);
    return CLI_OK;
}

/* Four significant digits: the uncertainty of a footprint does not deserve more. */
static const char *fmt4(double v, char buf[32])
{
    if (isnan(v))
        snprintf(buf, 32, "-");
    else
        snprintf(buf, 32, "%.4g", v);
    return buf;
}

static void row(FILE *f, const char *name, double det, const pcf_mc *mc, int stage)
{
    char b[8][32];
    double mean, sd, lo, med, hi, cv;
    if (stage < 0) {
        mean = pcf_mc_total_stat(mc, PCF_MC_MEAN);
        sd = pcf_mc_total_stat(mc, PCF_MC_SD);
        lo = pcf_mc_total_stat(mc, PCF_MC_P2_5);
        med = pcf_mc_total_stat(mc, PCF_MC_MEDIAN);
        hi = pcf_mc_total_stat(mc, PCF_MC_P97_5);
        cv = pcf_mc_total_stat(mc, PCF_MC_CV);
    } else {
        mean = pcf_mc_stage_stat(mc, (size_t)stage, PCF_MC_MEAN);
        sd = pcf_mc_stage_stat(mc, (size_t)stage, PCF_MC_SD);
        lo = pcf_mc_stage_stat(mc, (size_t)stage, PCF_MC_P2_5);
        med = pcf_mc_stage_stat(mc, (size_t)stage, PCF_MC_MEDIAN);
        hi = pcf_mc_stage_stat(mc, (size_t)stage, PCF_MC_P97_5);
        cv = pcf_mc_stage_stat(mc, (size_t)stage, PCF_MC_CV);
    }
    char cvs[32];
    if (!isnan(cv))
        snprintf(cvs, sizeof cvs, "%.1f%%", 100.0 * cv);
    else
        snprintf(cvs, sizeof cvs, "-");
    fprintf(f, "%-12s %13s %11s %10s %11s %11s %11s %7s\n", name, fmt4(det, b[0]), fmt4(mean, b[1]),
            fmt4(sd, b[2]), fmt4(lo, b[3]), fmt4(med, b[4]), fmt4(hi, b[5]), cvs);
}

void cli_mc_print_text(FILE *f, const pcf_mc *mc, const double det_stage[6], double det_total)
{
    fprintf(f,
            "\nUncertainty (Monte Carlo: %zu iterations, seed %" PRIu64 ", generator %s), "
            "kg CO2e\n",
            pcf_mc_iterations(mc), pcf_mc_seed(mc), pcf_mc_generator(mc));
    fprintf(f, "%-12s %13s %11s %10s %11s %11s %11s %7s\n", "stage", "deterministic", "mean", "sd",
            "2.5%", "median", "97.5%", "CV");
    for (int s = 0; s < 6; s++) {
        /* Skip stages that carry nothing in either calculation. */
        if (det_stage[s] == 0.0 && pcf_mc_stage_stat(mc, (size_t)s, PCF_MC_SD) == 0.0 &&
            pcf_mc_stage_stat(mc, (size_t)s, PCF_MC_MEAN) == 0.0)
            continue;
        row(f, stage_label[s], det_stage[s], mc, s);
    }
    row(f, "total", det_total, mc, -1);
    size_t n = pcf_mc_sensitivity_count(mc);
    if (n == 0)
        return;
    fprintf(f, "\nWhat drives the uncertainty (share of variance = rho^2 / sum rho^2; rho = "
               "Spearman rank correlation with the total):\n");
    for (size_t k = 0; k < n && k < 10; k++) {
        pcf_mc_param_kind kind = pcf_mc_sensitivity_kind(mc, k);
        size_t label = pcf_mc_sensitivity_label(mc, k);
        const char *name = pcf_mc_sensitivity_name(mc, k);
        char what[600];
        if (name && *name)
            snprintf(what, sizeof what, "%s", name);
        else
            snprintf(what, sizeof what, "%s #%zu",
                     kind == PCF_MC_PARAM_FACTOR ? "factor" : "amount of activity", label);
        fprintf(f, "%3zu. %6.1f%%  rho %+.3f  %s\n", k + 1, 100.0 * pcf_mc_sensitivity_share(mc, k),
                pcf_mc_sensitivity_spearman(mc, k), what);
    }
    if (n > 10)
        fprintf(f, "     (%zu more parameters in --format json)\n", n - 10);
}

char *cli_mc_merge_json(const char *result_json, const pcf_mc *mc)
{
    char *mj = NULL;
    pcf_error err;
    if (pcf_mc_to_json(mc, &mj, &err) != PCF_OK) {
        cli_report("monte carlo", &err);
        return NULL;
    }
    /* Splice {"monte_carlo": ...} into the result object before its closing brace. */
    const char *end = result_json ? strrchr(result_json, '}') : NULL;
    size_t head = end ? (size_t)(end - result_json) : 0;
    while (head > 0 && (result_json[head - 1] == '\n' || result_json[head - 1] == ' '))
        head--;
    size_t mlen = strlen(mj);
    while (mlen > 0 && (mj[mlen - 1] == '\n' || mj[mlen - 1] == ' '))
        mlen--;
    size_t cap = head + mlen + 64;
    char *out = malloc(cap);
    if (!out) {
        pcf_free(mj);
        fprintf(stderr, "pcf: out of memory\n");
        return NULL;
    }
    if (end) {
        int empty = head > 0 && result_json[head - 1] == '{';
        snprintf(out, cap, "%.*s%s\n  \"monte_carlo\": %.*s\n}\n", (int)head, result_json,
                 empty ? "" : ",", (int)mlen, mj);
    } else {
        snprintf(out, cap, "{\n  \"monte_carlo\": %.*s\n}\n", (int)mlen, mj);
    }
    pcf_free(mj);
    return out;
}

int cli_mc_write_samples(const pcf_mc *mc, const char *path)
{
    char *tmp;
    FILE *f = cli_out_open(path, &tmp);
    if (!f)
        return CLI_FAIL;
    const double *tot = pcf_mc_total_samples(mc);
    const double *st[6];
    for (size_t s = 0; s < 6; s++)
        st[s] = pcf_mc_stage_samples(mc, s);
    fprintf(f, "iteration,total_kg_co2e");
    for (size_t s = 0; s < 6; s++)
        fprintf(f, ",%s_kg_co2e", stage_label[s]);
    fprintf(f, "\n");
    char nb[32];
    for (size_t i = 0; tot && i < pcf_mc_iterations(mc); i++) {
        fprintf(f, "%zu,%s", i, cli_num(tot[i], nb));
        for (size_t s = 0; s < 6; s++)
            fprintf(f, ",%s", st[s] ? cli_num(st[s][i], nb) : "");
        fprintf(f, "\n");
    }
    return cli_out_close(f, tmp, path, 1);
}
