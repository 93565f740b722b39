/*
 * pcf — the result of a Monte Carlo run: statistics, percentiles, samples and the sensitivity
 * ranking, and its JSON.
 * GPL-3.0-or-later; see LICENSE.
 */
#include "mc_internal.h"

#include <gsl/gsl_sort_double.h>
#include <gsl/gsl_statistics_double.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *const pcf__mc_stage_keys[PCF__STAGE_COUNT] = {"materials", "production", "transport",
                                                          "storage",   "use",        "end_of_life"};

/* ---- the result ---- */

void pcf_mc_destroy(pcf_mc *mc)
{
    if (!mc)
        return;
    free(mc->percents);
    free(mc->pct);
    free(mc->samples);
    for (size_t k = 0; mc->sens && k < mc->n_sens; k++)
        free(mc->sens[k].name);
    free(mc->sens);
    free(mc);
}

/* ---- accessors ---- */

size_t pcf_mc_iterations(const pcf_mc *mc)
{
    return mc ? mc->iterations : 0;
}

uint64_t pcf_mc_seed(const pcf_mc *mc)
{
    return mc ? mc->seed : 0;
}

const char *pcf_mc_generator(const pcf_mc *mc)
{
    return mc ? "taus2" : NULL;
}

size_t pcf_mc_stage_count(const pcf_mc *mc)
{
    return mc ? PCF__STAGE_COUNT : 0;
}

static double stat_of(const pcf_mc *mc, size_t scope, pcf_mc_stat stat)
{
    if (!mc || (int)stat < 0 || (int)stat >= PCF__MC_STATS)
        return NAN;
    return mc->stat[scope][stat];
}

double pcf_mc_total_stat(const pcf_mc *mc, pcf_mc_stat stat)
{
    return stat_of(mc, PCF__MC_TOTAL, stat);
}

double pcf_mc_stage_stat(const pcf_mc *mc, size_t stage, pcf_mc_stat stat)
{
    if (stage >= PCF__STAGE_COUNT)
        return NAN;
    return stat_of(mc, stage, stat);
}

static pcf_status percentile_of(const pcf_mc *mc, size_t scope, double percent, double *out,
                                pcf_error *err)
{
    for (size_t q = 0; q < mc->n_percents; q++) {
        if (mc->percents[q] == percent) {
            *out = mc->pct[scope * mc->n_percents + q];
            return pcf__ok(err);
        }
    }
    if (mc->samples) {
        double *sorted = malloc(mc->iterations * sizeof *sorted);
        if (!sorted)
            return pcf__error(err, PCF_ERR_NOMEM, "out of memory sorting %zu samples",
                              mc->iterations);
        memcpy(sorted, mc->samples + scope * mc->iterations, mc->iterations * sizeof *sorted);
        gsl_sort(sorted, 1, mc->iterations);
        *out = gsl_stats_quantile_from_sorted_data(sorted, 1, mc->iterations, percent / 100.0);
        free(sorted);
        return pcf__ok(err);
    }
    pcf__numbuf a;
    return pcf__error(err, PCF_ERR_NOT_FOUND,
                      "the %s percentile was not computed: ask for it with "
                      "pcf_mc_options_set_percentiles() or keep the samples",
                      pcf__num(&a, percent));
}

pcf_status pcf_mc_total_percentile(const pcf_mc *mc, double percent, double *out, pcf_error *err)
{
    if (out)
        *out = 0.0;
    if (!mc || !out)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_mc_total_percentile: %s is NULL",
                          !mc ? "mc" : "out");
    if (!(percent >= 0.0 && percent <= 100.0)) {
        pcf__numbuf a;
        return pcf__error(err, PCF_ERR_INVALID_ARG,
                          "percentile %s is out of range: give a percent between 0 and 100",
                          pcf__num(&a, percent));
    }
    return percentile_of(mc, PCF__MC_TOTAL, percent, out, err);
}

pcf_status pcf_mc_stage_percentile(const pcf_mc *mc, size_t stage, double percent, double *out,
                                   pcf_error *err)
{
    if (out)
        *out = 0.0;
    if (!mc || !out)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_mc_stage_percentile: %s is NULL",
                          !mc ? "mc" : "out");
    if (stage >= PCF__STAGE_COUNT)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "stage %zu is out of range: use 0 to %d", stage,
                          PCF__STAGE_COUNT - 1);
    if (!(percent >= 0.0 && percent <= 100.0)) {
        pcf__numbuf a;
        return pcf__error(err, PCF_ERR_INVALID_ARG,
                          "percentile %s is out of range: give a percent between 0 and 100",
                          pcf__num(&a, percent));
    }
    return percentile_of(mc, stage, percent, out, err);
}

const double *pcf_mc_total_samples(const pcf_mc *mc)
{
    return mc && mc->samples ? mc->samples + PCF__MC_TOTAL * mc->iterations : NULL;
}

const double *pcf_mc_stage_samples(const pcf_mc *mc, size_t stage)
{
    if (!mc || !mc->samples || stage >= PCF__STAGE_COUNT)
        return NULL;
    return mc->samples + stage * mc->iterations;
}

size_t pcf_mc_sensitivity_count(const pcf_mc *mc)
{
    return mc ? mc->n_sens : 0;
}

size_t pcf_mc_sensitivity_param(const pcf_mc *mc, size_t rank)
{
    return mc && rank < mc->n_sens ? mc->sens[rank].param : SIZE_MAX;
}

pcf_mc_param_kind pcf_mc_sensitivity_kind(const pcf_mc *mc, size_t rank)
{
    if (mc && rank < mc->n_sens && mc->sens[rank].kind == PCF__PARAM_FACTOR)
        return PCF_MC_PARAM_FACTOR;
    return PCF_MC_PARAM_AMOUNT;
}

size_t pcf_mc_sensitivity_label(const pcf_mc *mc, size_t rank)
{
    return mc && rank < mc->n_sens ? mc->sens[rank].label : SIZE_MAX;
}

const char *pcf_mc_sensitivity_name(const pcf_mc *mc, size_t rank)
{
    if (!mc || rank >= mc->n_sens)
        return NULL;
    return mc->sens[rank].name ? mc->sens[rank].name : "";
}

double pcf_mc_sensitivity_spearman(const pcf_mc *mc, size_t rank)
{
    return mc && rank < mc->n_sens ? mc->sens[rank].rho : NAN;
}

double pcf_mc_sensitivity_share(const pcf_mc *mc, size_t rank)
{
    return mc && rank < mc->n_sens ? mc->sens[rank].share : NAN;
}

/* ---- JSON ---- */

static void json_num(pcf__buf *b, double v)
{
    if (isfinite(v))
        pcf__buf_num(b, v);
    else
        pcf__buf_puts(b, "null");
}

static void json_scope(pcf__buf *b, const pcf_mc *mc, size_t s)
{
    static const char *const keys[PCF__MC_STATS] = {"mean",  "sd", "median", "p2_5",
                                                    "p97_5", "cv", "min",    "max"};
    pcf__buf_puts(b, "{");
    for (size_t k = 0; k < PCF__MC_STATS; k++) {
        pcf__buf_printf(b, "%s\"%s\": ", k ? ", " : "", keys[k]);
        json_num(b, mc->stat[s][k]);
    }
    pcf__buf_puts(b, ", \"percentiles\": {");
    for (size_t q = 0; q < mc->n_percents; q++) {
        pcf__numbuf a;
        pcf__buf_printf(b, "%s\"%s\": ", q ? ", " : "", pcf__num(&a, mc->percents[q]));
        json_num(b, mc->pct[s * mc->n_percents + q]);
    }
    pcf__buf_puts(b, "}}");
}

static void json_array(pcf__buf *b, const double *x, size_t n)
{
    pcf__buf_puts(b, "[");
    for (size_t i = 0; i < n; i++) {
        if (i)
            pcf__buf_puts(b, ", ");
        json_num(b, x[i]);
    }
    pcf__buf_puts(b, "]");
}

pcf_status pcf_mc_to_json(const pcf_mc *mc, char **out, pcf_error *err)
{
    if (out)
        *out = NULL;
    if (!mc || !out)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_mc_to_json: %s is NULL",
                          !mc ? "mc" : "out");
    pcf__buf b;
    pcf__buf_init(&b);
    pcf__buf_printf(&b, "{\n  \"iterations\": %zu,\n  \"seed\": ", mc->iterations);
    if (mc->seed <= (UINT64_C(1) << 53))
        pcf__buf_printf(&b, "%llu", (unsigned long long)mc->seed);
    else
        pcf__buf_printf(&b, "\"%llu\"", (unsigned long long)mc->seed);
    pcf__buf_printf(&b,
                    ",\n  \"generator\": \"taus2\",\n  \"chunk_size\": %d,\n"
                    "  \"unit\": \"kgCO2e\",\n  \"total\": ",
                    PCF__MC_CHUNK);
    json_scope(&b, mc, PCF__MC_TOTAL);
    pcf__buf_puts(&b, ",\n  \"stages\": {");
    int first = 1;
    for (size_t s = 0; s < PCF__STAGE_COUNT; s++) {
        if (!mc->stage_used[s])
            continue;
        pcf__buf_printf(&b, "%s\n    \"%s\": ", first ? "" : ",", pcf__mc_stage_keys[s]);
        json_scope(&b, mc, s);
        first = 0;
    }
    pcf__buf_puts(&b, first ? "},\n" : "\n  },\n");
    pcf__buf_puts(&b, "  \"sensitivity\": {\"method\": \"spearman rank correlation with the "
                      "total; variance share = rho^2 / sum of rho^2\", \"params\": [");
    for (size_t k = 0; k < mc->n_sens; k++) {
        const pcf__mc_sens *e = &mc->sens[k];
        pcf__buf_printf(&b, "%s\n    {\"param\": %zu, \"kind\": \"%s\", \"label\": %u, ",
                        k ? "," : "", e->param, e->kind == PCF__PARAM_FACTOR ? "factor" : "amount",
                        (unsigned)e->label);
        if (e->name) {
            pcf__buf_puts(&b, "\"name\": ");
            pcf__buf_json_str(&b, e->name);
            pcf__buf_puts(&b, ", ");
        }
        pcf__buf_puts(&b, "\"spearman\": ");
        json_num(&b, e->rho);
        pcf__buf_puts(&b, ", \"variance_share\": ");
        json_num(&b, e->share);
        pcf__buf_puts(&b, "}");
    }
    pcf__buf_puts(&b, mc->n_sens ? "\n  ]}" : "]}");
    if (mc->samples) {
        pcf__buf_puts(&b, ",\n  \"samples\": {\n    \"total\": ");
        json_array(&b, mc->samples + PCF__MC_TOTAL * mc->iterations, mc->iterations);
        for (size_t s = 0; s < PCF__STAGE_COUNT; s++) {
            if (!mc->stage_used[s])
                continue;
            pcf__buf_printf(&b, ",\n    \"%s\": ", pcf__mc_stage_keys[s]);
            json_array(&b, mc->samples + s * mc->iterations, mc->iterations);
        }
        pcf__buf_puts(&b, "\n  }");
    }
    pcf__buf_puts(&b, "\n}\n");
    char *text = pcf__buf_steal(&b);
    if (!text)
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory writing the Monte Carlo JSON");
    *out = text;
    return pcf__ok(err);
}
