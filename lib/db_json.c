/*
 * pcf — a factor as JSON (pcf_factor_to_json): the one writer behind `pcf factors ... --json` and
 * the Python binding's factor dictionaries. GPL-3.0-or-later; see LICENSE.
 */
#include "internal.h"

#include "pcf/db.h"
#include "pcf/regime.h"

static void key(pcf__buf *b, const char *k, int first)
{
    pcf__buf_puts(b, first ? "{" : ", ");
    pcf__buf_json_str(b, k);
    pcf__buf_puts(b, ": ");
}

static void text(pcf__buf *b, const char *k, const char *v)
{
    key(b, k, 0);
    pcf__buf_json_str(b, v);
}

static void number(pcf__buf *b, const char *k, double v)
{
    key(b, k, 0);
    pcf__buf_json_real(b, v);
}

static void boolean(pcf__buf *b, const char *k, int v)
{
    key(b, k, 0);
    pcf__buf_puts(b, v ? "true" : "false");
}

pcf_status pcf_factor_to_json(const pcf_factor *f, char **out, pcf_error *err)
{
    if (out)
        *out = NULL;
    if (!f || !out)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_factor_to_json: %s is NULL",
                          !f ? "the factor" : "out");
    pcf__buf b;
    pcf__buf_init(&b);
    key(&b, "code", 1);
    pcf__buf_json_str(&b, pcf_factor_code(f));
    text(&b, "name_en", pcf_factor_name_en(f));
    text(&b, "name_zh", pcf_factor_name_zh(f));
    text(&b, "category", pcf_factor_category(f));
    /* the regimes the row is valid in, as `pcf factors search` prints them (docs/regimes.md) */
    text(&b, "regimes", pcf_factor_regimes_text(f));
    text(&b, "region", pcf_factor_region(f));
    text(&b, "region_requested", pcf_factor_region_requested(f));
    boolean(&b, "fallback_taken", pcf_factor_fallback_taken(f));
    number(&b, "kg_co2e", pcf_factor_kg_co2e(f));
    text(&b, "unit", pcf_unit_symbol(pcf_factor_unit(f)));
    text(&b, "unit_qualifier", pcf_factor_unit_qualifier(f));
    boolean(&b, "co2_only", pcf_factor_co2_only(f));
    int gwp = pcf_factor_gwp_set(f);
    key(&b, "gwp_set", 0);
    if (gwp)
        pcf__buf_json_str(&b, pcf_gwp_set_name((pcf_gwp_set)gwp));
    else
        pcf__buf_puts(&b, "null");
    text(&b, "gwp_text", pcf_factor_gwp_text(f));
    key(&b, "gases", 0);
    pcf__buf_puts(&b, "{");
    for (size_t i = 0; i < pcf_factor_gas_count(f); i++) {
        pcf__buf_puts(&b, i ? ", " : "");
        pcf__buf_json_str(&b, pcf_gas_key(pcf_factor_gas_at(f, i)));
        pcf__buf_puts(&b, ": ");
        pcf__buf_json_real(&b, pcf_factor_gas_kg_at(f, i));
    }
    pcf__buf_puts(&b, "}");
    text(&b, "scope", pcf_factor_scope(f));
    key(&b, "year", 0);
    pcf__buf_printf(&b, "%d", pcf_factor_year(f));
    text(&b, "year_text", pcf_factor_year_text(f));
    text(&b, "published_value", pcf_factor_published_value(f));
    text(&b, "published_unit", pcf_factor_published_unit(f));
    pcf_dist kind;
    double p[3];
    pcf_factor_uncertainty(f, &kind, &p[0], &p[1], &p[2]);
    key(&b, "uncertainty", 0);
    pcf__buf_puts(&b, "{\"distribution\": ");
    pcf__buf_json_str(&b, pcf_dist_name(kind));
    for (int i = 0; i < 3; i++) {
        pcf__buf_printf(&b, ", \"p%d\": ", i + 1);
        pcf__buf_json_real(&b, p[i]);
    }
    pcf__buf_puts(&b, "}");
    text(&b, "dq", pcf_factor_dq(f));
    text(&b, "dataset", pcf_factor_dataset(f));
    text(&b, "dataset_name", pcf_factor_dataset_name(f));
    text(&b, "dataset_version", pcf_factor_dataset_version(f));
    text(&b, "license", pcf_factor_license(f));
    text(&b, "source", pcf_factor_source(f));
    text(&b, "notes", pcf_factor_notes(f));
    text(&b, "layer", pcf_factor_layer(f));
    pcf__buf_puts(&b, "}");
    *out = pcf__buf_steal(&b);
    if (!*out)
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory writing factor %.64s as JSON",
                          pcf_factor_code(f));
    return pcf__ok(err);
}
