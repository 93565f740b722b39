/*
 * pcf — data quality: pedigree matrix → lognormal GSD (ecoinvent pedigree matrix: Weidema et al.
 * 2013; Muller et al. 2014). GPL-3.0-or-later; see LICENSE.
 */
#include "internal.h"

#include <math.h>

/*
 * ecoinvent v2 expert-judgement uncertainty factors (GSD² contributions), scores 1 → 5, as
 * stored in brightway-lca/pedigree_matrix data.py ("version_1") and given in Weidema et al. 2013
 * (ecoinvent data quality guideline). Two cells (geographical 4 = 1.02, technological 2 = 1.00) are
 * the values data.py stores where the original table may be blank; they want a check against
 * Weidema et al. 2013.
 */
static const double factors[6][5] = {
    {1.00, 1.05, 1.10, 1.20, 1.50}, /* reliability */
    {1.00, 1.02, 1.05, 1.10, 1.20}, /* completeness */
    {1.00, 1.03, 1.10, 1.20, 1.50}, /* temporal correlation */
    {1.00, 1.01, 1.02, 1.02, 1.10}, /* geographical correlation */
    {1.00, 1.00, 1.20, 1.50, 2.00}, /* further technological correlation */
    {1.00, 1.02, 1.05, 1.10, 1.20}, /* sample size */
};

static const char *const names[6] = {"reliability",
                                     "completeness",
                                     "temporal correlation",
                                     "geographical correlation",
                                     "further technological correlation",
                                     "sample size"};

const char *pcf_dq_indicator_name(pcf_dq_indicator indicator)
{
    if ((int)indicator < 0 || (int)indicator > PCF_DQ_SAMPLE_SIZE)
        return NULL;
    return names[indicator];
}

double pcf_dq_pedigree_factor(pcf_dq_indicator indicator, int score)
{
    if ((int)indicator < 0 || (int)indicator > PCF_DQ_SAMPLE_SIZE || score < 1 || score > 5)
        return NAN;
    return factors[indicator][score - 1];
}

pcf_status pcf_dq_pedigree_sigma(const int *scores, size_t count, double basic_uncertainty,
                                 double *out, pcf_error *err)
{
    if (out)
        *out = 0.0;
    if (!scores || !out)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_dq_pedigree_sigma: %s is NULL",
                          !scores ? "scores" : "out");
    if (count != 5 && count != 6)
        return pcf__error(err, PCF_ERR_INVALID_ARG,
                          "a pedigree score set has 5 scores (reliability, completeness, "
                          "temporal, geographical, technological) or 6 (with sample size), not "
                          "%zu",
                          count);
    if (!isfinite(basic_uncertainty) || basic_uncertainty < 1.0) {
        pcf__numbuf a;
        return pcf__error(err, PCF_ERR_INVALID_ARG,
                          "basic uncertainty %s is invalid: give it as a GSD² >= 1 (1 for none, "
                          "1.05 for electricity in the ecoinvent table)",
                          pcf__num(&a, basic_uncertainty));
    }
    double lb = log(basic_uncertainty), sum = lb * lb;
    for (size_t i = 0; i < count; i++) {
        if (scores[i] < 1 || scores[i] > 5)
            return pcf__error(err, PCF_ERR_INVALID_ARG,
                              "pedigree score %d for %s is out of range: scores run from 1 (best) "
                              "to 5 (worst)",
                              scores[i], names[i]);
        double l = log(factors[i][scores[i] - 1]);
        sum += l * l;
    }
    /* Muller et al. 2014, Eq. 2: σ_ln = ½ √Σ (ln U_i)², the U_i being GSD² contributions. */
    *out = 0.5 * sqrt(sum);
    return pcf__ok(err);
}

pcf_status pcf_dq_pedigree_gsd(const int *scores, size_t count, double basic_uncertainty,
                               double *out, pcf_error *err)
{
    if (!out)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_dq_pedigree_gsd: out is NULL");
    double sigma;
    pcf_status st = pcf_dq_pedigree_sigma(scores, count, basic_uncertainty, &sigma, err);
    *out = st == PCF_OK ? exp(sigma) : 0.0;
    return st;
}
