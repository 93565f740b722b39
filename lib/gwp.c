/*
 * pcf — greenhouse gases and GWP100 sets.
 * GPL-3.0-or-later; see LICENSE.
 *
 * The values are generated at build time from data/gwp.csv (tools/gen_gwp.py), so the CSV with
 * its per-row sources is the only place they are written down. Choices made there:
 *  - biogenic CO2 has GWP 1 like fossil CO2; it is reported apart, not weighted differently
 *    (ISO 14067 §6.4.9.2 asks for separate documentation, not a different factor);
 *  - biogenic methane uses the report's non-fossil CH4 value (AR6 WG1 Table 7.15: 27.0; AR5:
 *    28, the report's CH4 value, which counts no CO2 from oxidation); AR6's fossil methane (29.8)
 *    and AR5's (30) include the CO2 from its oxidation;
 *  - AR4 has no fossil methane value, so both kinds use its single CH4 value (25).
 */
#include "internal.h"

#include <math.h>
#include <string.h>

struct gwp_row {
    const char *key;
    const char *formula;
    const char *name;
    int biogenic;
    double value[3];       /* AR4, AR5, AR6 */
    const char *source[3]; /* same order */
};

#include "gwp_table.h"

#define GAS_COUNT (sizeof gwp_rows / sizeof gwp_rows[0])

static int valid_gas(pcf_gas gas)
{
    return (int)gas >= 0 && (size_t)gas < GAS_COUNT;
}

static int set_index(pcf_gwp_set set)
{
    switch (set) {
    case PCF_GWP_AR4:
        return 0;
    case PCF_GWP_AR5:
        return 1;
    case PCF_GWP_AR6:
        return 2;
    }
    return -1;
}

size_t pcf_gas_count(void)
{
    return GAS_COUNT;
}

const char *pcf_gas_key(pcf_gas gas)
{
    return valid_gas(gas) ? gwp_rows[gas].key : NULL;
}

const char *pcf_gas_formula(pcf_gas gas)
{
    return valid_gas(gas) ? gwp_rows[gas].formula : NULL;
}

const char *pcf_gas_name(pcf_gas gas)
{
    return valid_gas(gas) ? gwp_rows[gas].name : NULL;
}

int pcf_gas_is_biogenic(pcf_gas gas)
{
    return valid_gas(gas) ? gwp_rows[gas].biogenic : 0;
}

/* Compares a and b ignoring ASCII case and the separators ' ', '-', '_'. */
static int loose_equal(const char *a, const char *b)
{
    for (;;) {
        while (*a == ' ' || *a == '-' || *a == '_')
            a++;
        while (*b == ' ' || *b == '-' || *b == '_')
            b++;
        if (pcf__ascii_lower(*a) != pcf__ascii_lower(*b))
            return 0;
        if (*a == '\0')
            return 1;
        a++, b++;
    }
}

pcf_status pcf_gas_parse(const char *text, pcf_gas *out, pcf_error *err)
{
    if (out)
        *out = PCF_GAS_CO2_FOSSIL;
    if (!text || !out)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_gas_parse: %s is NULL",
                          !text ? "text" : "out");
    /* Spellings that name a fossil/biogenic kind without being a key. */
    static const struct {
        const char *text;
        pcf_gas gas;
    } extra[] = {
        {"CO2", PCF_GAS_CO2_FOSSIL},
        {"carbon dioxide", PCF_GAS_CO2_FOSSIL},
        {"CO2 fossil", PCF_GAS_CO2_FOSSIL},
        {"fossil CO2", PCF_GAS_CO2_FOSSIL},
        {"biogenic CO2", PCF_GAS_CO2_BIOGENIC},
        {"CO2 biogenic", PCF_GAS_CO2_BIOGENIC},
        {"CO2_bio", PCF_GAS_CO2_BIOGENIC},
        {"CH4", PCF_GAS_CH4_FOSSIL},
        {"methane", PCF_GAS_CH4_FOSSIL},
        {"fossil CH4", PCF_GAS_CH4_FOSSIL},
        {"biogenic CH4", PCF_GAS_CH4_BIOGENIC},
        {"CH4 non-fossil", PCF_GAS_CH4_BIOGENIC},
        {"CH4_bio", PCF_GAS_CH4_BIOGENIC},
        {"R-134a", PCF_GAS_HFC_134A},
        {"R-32", PCF_GAS_HFC_32},
        {"R-125", PCF_GAS_HFC_125},
        {"R-143a", PCF_GAS_HFC_143A},
        {"R-152a", PCF_GAS_HFC_152A},
        {"R-23", PCF_GAS_HFC_23},
        {"R-227ea", PCF_GAS_HFC_227EA},
        {"R-22", PCF_GAS_HCFC_22},
        {"CF4", PCF_GAS_PFC_14},
        {"R-11", PCF_GAS_CFC_11},
        {"R-12", PCF_GAS_CFC_12},
    };
    for (size_t i = 0; i < sizeof extra / sizeof extra[0]; i++) {
        if (loose_equal(text, extra[i].text)) {
            *out = extra[i].gas;
            return pcf__ok(err);
        }
    }
    for (size_t i = 0; i < GAS_COUNT; i++) {
        if (loose_equal(text, gwp_rows[i].key) || loose_equal(text, gwp_rows[i].name) ||
            (i > PCF_GAS_CH4_BIOGENIC && loose_equal(text, gwp_rows[i].formula))) {
            *out = (pcf_gas)i;
            return pcf__ok(err);
        }
    }
    return pcf__error(err, PCF_ERR_NOT_FOUND,
                      "unknown greenhouse gas \"%.80s\"; use a key such as co2_fossil, "
                      "co2_biogenic, ch4_fossil, ch4_biogenic, n2o, sf6, nf3 or hfc_134a",
                      text);
}

const char *pcf_gwp_set_name(pcf_gwp_set set)
{
    switch (set) {
    case PCF_GWP_AR4:
        return "AR4";
    case PCF_GWP_AR5:
        return "AR5";
    case PCF_GWP_AR6:
        return "AR6";
    }
    return NULL;
}

pcf_status pcf_gwp_set_parse(const char *text, pcf_gwp_set *out, pcf_error *err)
{
    if (out)
        *out = PCF_GWP_DEFAULT;
    if (!text || !out)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_gwp_set_parse: %s is NULL",
                          !text ? "text" : "out");
    static const pcf_gwp_set sets[] = {PCF_GWP_AR4, PCF_GWP_AR5, PCF_GWP_AR6};
    for (size_t i = 0; i < 3; i++) {
        if (pcf__ascii_casecmp(text, pcf_gwp_set_name(sets[i])) == 0) {
            *out = sets[i];
            return pcf__ok(err);
        }
    }
    return pcf__error(err, PCF_ERR_NOT_FOUND,
                      "unknown GWP set \"%.40s\"; use AR4, AR5 or AR6 (the default)", text);
}

pcf_status pcf_gwp_value(pcf_gwp_set set, pcf_gas gas, double *out, pcf_error *err)
{
    if (out)
        *out = 0.0;
    int s = set_index(set);
    if (!out)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_gwp_value: out is NULL");
    if (s < 0)
        return pcf__error(err, PCF_ERR_INVALID_ARG,
                          "pcf_gwp_value: %d is not a GWP set; use PCF_GWP_AR4, _AR5 or _AR6",
                          (int)set);
    if (!valid_gas(gas))
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_gwp_value: %d is not a pcf_gas value",
                          (int)gas);
    *out = gwp_rows[gas].value[s];
    return pcf__ok(err);
}

const char *pcf_gwp_source(pcf_gwp_set set, pcf_gas gas)
{
    int s = set_index(set);
    if (s < 0 || !valid_gas(gas))
        return NULL;
    return gwp_rows[gas].source[s];
}

pcf_status pcf_gwp_co2e(pcf_gwp_set set, const pcf_gas *gases, const double *kg, size_t n,
                        double *kg_co2e_out, pcf_error *err)
{
    if (kg_co2e_out)
        *kg_co2e_out = 0.0;
    if (!kg_co2e_out || (n > 0 && (!gases || !kg)))
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_gwp_co2e: %s is NULL",
                          !kg_co2e_out ? "kg_co2e_out"
                          : !gases     ? "gases"
                                       : "kg");
    int s = set_index(set);
    if (s < 0)
        return pcf__error(err, PCF_ERR_INVALID_ARG,
                          "pcf_gwp_co2e: %d is not a GWP set; use PCF_GWP_AR4, _AR5 or _AR6",
                          (int)set);
    double total = 0.0;
    for (size_t i = 0; i < n; i++) {
        if (!valid_gas(gases[i]))
            return pcf__error(err, PCF_ERR_INVALID_ARG,
                              "pcf_gwp_co2e: gases[%zu] = %d is not a pcf_gas value", i,
                              (int)gases[i]);
        if (!isfinite(kg[i]))
            return pcf__error(err, PCF_ERR_INVALID_ARG,
                              "pcf_gwp_co2e: kg[%zu] (%s) is not a finite number", i,
                              gwp_rows[gases[i]].key);
        total += kg[i] * gwp_rows[gases[i]].value[s];
    }
    *kg_co2e_out = total;
    return pcf__ok(err);
}
