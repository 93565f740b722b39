/*
 * pcf — writers of a result: a readable text report, CSV (one row per audit line) and JSON.
 * Numbers go through pcf_number_format() (the C locale's '.' whatever the host set), rounded for
 * reading in the tables and exact in CSV and JSON. GPL-3.0-or-later; see LICENSE.
 */
#include "model_internal.h"
#include "report_html.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A number rounded to `sig` significant digits, locale-independent ("-0" shown as "0"). */
static const char *fmt_sig(char *buf, size_t size, double v, int sig)
{
    if (!isfinite(v)) {
        snprintf(buf, size, "n/a");
        return buf;
    }
    if (v == 0) {
        snprintf(buf, size, "0");
        return buf;
    }
    double mag = floor(log10(fabs(v)));
    double e = (double)sig - 1 - mag;
    /* divide or multiply by an exact power of ten so the rounded value prints short */
    double r =
        e >= 0 ? round(v * pow(10.0, e)) / pow(10.0, e) : round(v / pow(10.0, -e)) * pow(10.0, -e);
    if (r == 0)
        r = 0;
    pcf_number_format(r, buf, size);
    return buf;
}

/* Pads s (UTF-8) to width display columns, counting code points, not bytes. */
static void pad(pcf__buf *b, const char *s, size_t width, int right)
{
    size_t cols = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p & 0xC0) != 0x80)
            cols += (*p >= 0xE3 && *p <= 0xED) ? 2 : 1; /* CJK takes two columns */
    if (right)
        for (size_t i = cols; i < width; i++)
            pcf__buf_puts(b, " ");
    pcf__buf_puts(b, s);
    if (!right)
        for (size_t i = cols; i < width; i++)
            pcf__buf_puts(b, " ");
}

static const char *stage_label(pcf_stage s)
{
    static const char *const labels[] = {"Materials", "Production", "Transport",
                                         "Storage",   "Use",        "End of life"};
    return (int)s >= 0 && s < PCF_STAGE_COUNT ? labels[s] : "?";
}

/* Activities of sub-assemblies are shown as "product: activity". */
static const char *sub_prefix(const pcf_result *r, const pcf_activity_result *a)
{
    return strcmp(a->product_id, pcf_result_product_id(r)) != 0 ? a->product_id : "";
}

static const char *sub_sep(const pcf_result *r, const pcf_activity_result *a)
{
    return strcmp(a->product_id, pcf_result_product_id(r)) != 0 ? ": " : "";
}

/* Product, declared unit, the table by stage, the flows reported apart and the gases. */
static void text_head(pcf__buf *b, const pcf_result *r)
{
    char n1[40], n2[40], n3[40];
    double total = pcf_result_total_kg_co2e(r);
    const char *zh = pcf_result_product_name(r, "zh");
    const char *en = pcf_result_product_name(r, "en");
    pcf__buf_printf(b, "Product carbon footprint: %s", en);
    if (strcmp(zh, en) != 0)
        pcf__buf_printf(b, " (%s)", zh);
    pcf__buf_printf(b, "\nProduct id:     %s\n", pcf_result_product_id(r));
    pcf__buf_printf(b, "Declared unit:  %s %s",
                    fmt_sig(n1, sizeof n1, pcf_result_declared_amount(r), 6),
                    pcf_result_declared_unit(r));
    if (*pcf_result_declared_unit_description(r))
        pcf__buf_printf(b, " (%s)", pcf_result_declared_unit_description(r));
    pcf__buf_printf(b, "\nBoundary:       %s   GWP: %s (IPCC, 100 years)   Recycling: %s\n\n",
                    pcf_boundary_name(pcf_result_boundary(r)), pcf_gwp_set_name(pcf_result_gwp(r)),
                    pcf_recycling_method_name(pcf_result_recycling_method(r)));

    pcf__buf_puts(b, "Stage          kg CO2e      share\n");
    pcf__buf_puts(b, "-------------  -----------  ------\n");
    for (int s = 0; s < PCF_STAGE_COUNT; s++) {
        double v = pcf_result_stage_kg_co2e(r, (pcf_stage)s);
        pad(b, stage_label((pcf_stage)s), 13, 0);
        pcf__buf_puts(b, "  ");
        if (!pcf_result_stage_included(r, (pcf_stage)s)) {
            pcf__buf_puts(b, "   excluded (boundary)\n");
            continue;
        }
        pad(b, fmt_sig(n1, sizeof n1, v, 5), 11, 1);
        pcf__buf_puts(b, "  ");
        snprintf(n2, sizeof n2, "%s%%",
                 total != 0 ? fmt_sig(n3, sizeof n3, 100.0 * v / total, 3) : "n/a");
        pad(b, total != 0 ? n2 : "", 6, 1);
        pcf__buf_puts(b, "\n");
    }
    pcf__buf_puts(b, "-------------  -----------  ------\n");
    pad(b, "Total", 13, 0);
    pcf__buf_puts(b, "  ");
    pad(b, fmt_sig(n1, sizeof n1, total, 5), 11, 1);
    pcf__buf_printf(b, "  kg CO2e per %s %s\n\n",
                    fmt_sig(n2, sizeof n2, pcf_result_declared_amount(r), 6),
                    pcf_result_declared_unit(r));

    pcf__buf_puts(b, "Reported apart (ISO 14067 6.4.9, GB/T 24067, PACT), kg CO2e:\n");
    static const char *const flow_labels[] = {"fossil (excl. aircraft)", "biogenic emissions",
                                              "biogenic removals", "dLUC emissions",
                                              "aircraft emissions"};
    for (int f = 0; f < PCF_FLOW_COUNT; f++) {
        pcf__buf_puts(b, "  ");
        pad(b, flow_labels[f], 23, 0);
        pad(b, fmt_sig(n1, sizeof n1, pcf_result_flow_kg_co2e(r, (pcf_flow)f), 5), 11, 1);
        pcf__buf_puts(b, "\n");
    }
    pcf__buf_printf(b, "  excluding removals     %11s\n",
                    fmt_sig(n1, sizeof n1, pcf_result_total_excluding_removals_kg_co2e(r), 5));
    if (pcf_result_credits_kg_co2e(r) != 0)
        pcf__buf_printf(b, "  of which credits       %11s\n",
                        fmt_sig(n1, sizeof n1, pcf_result_credits_kg_co2e(r), 5));
    if (pcf_result_biogenic_carbon_kg(r) != 0)
        pcf__buf_printf(b, "  biogenic carbon content %s kg C\n",
                        fmt_sig(n1, sizeof n1, pcf_result_biogenic_carbon_kg(r), 5));
    pcf__buf_printf(b, "  primary data share     %10s%%\n\n",
                    fmt_sig(n1, sizeof n1, 100.0 * pcf_result_primary_data_share(r), 3));

    if (pcf_result_gas_count(r) || pcf_result_unspecified_kg_co2e(r) != 0) {
        pcf__buf_puts(b, "By gas:          kg of gas    kg CO2e\n");
        for (size_t i = 0; i < pcf_result_gas_count(r); i++) {
            const pcf_gas_result *g = pcf_result_gas_at(r, i);
            pcf__buf_puts(b, "  ");
            pad(b, pcf_gas_key(g->gas), 14, 0);
            pad(b, fmt_sig(n1, sizeof n1, g->kg, 5), 11, 1);
            pad(b, fmt_sig(n2, sizeof n2, g->kg_co2e, 5), 11, 1);
            pcf__buf_puts(b, "\n");
        }
        if (pcf_result_unspecified_kg_co2e(r) != 0) {
            pcf__buf_puts(b, "  ");
            pad(b, "CO2e, no split", 14, 0);
            pad(b, "", 11, 1);
            pad(b, fmt_sig(n1, sizeof n1, pcf_result_unspecified_kg_co2e(r), 5), 11, 1);
            pcf__buf_puts(b, "\n");
        }
        pcf__buf_puts(b, "\n");
    }
}

/* The top_n largest contributors. */
static void text_top(pcf__buf *b, const pcf_result *r, size_t top_n)
{
    char n1[40], n2[40];
    double total = pcf_result_total_kg_co2e(r);
    if (top_n > 0) {
        size_t *idx = calloc(top_n, sizeof *idx);
        if (!idx) {
            b->failed = 1;
            return;
        }
        size_t n = pcf_result_top_activities(r, top_n, idx);
        pcf__buf_printf(b, "Top %zu contributors:\n", n);
        for (size_t i = 0; i < n; i++) {
            pcf__activity_rec rec;
            const pcf_activity_result *a = pcf__result_activity(r, idx[i], &rec);
            pcf__buf_printf(b, "  %2zu. ", i + 1);
            pad(b, fmt_sig(n1, sizeof n1, a->kg_co2e, 4), 10, 1);
            pcf__buf_printf(b, "  %5s%%  %-11s %s%s%s\n",
                            total != 0 ? fmt_sig(n2, sizeof n2, 100.0 * a->kg_co2e / total, 3)
                                       : "n/a",
                            pcf_stage_name(a->stage), sub_prefix(r, a), sub_sep(r, a), a->name);
        }
        free(idx);
        pcf__buf_puts(b, "\n");
    }
}

/* v with exactly `decimals` digits after the point (pcf__fixed_text), or "n/a" past 9e15 in
 * units of the last digit. */
static const char *fmt_fixed(char buf[40], double v, int decimals)
{
    double scale = 1;
    for (int i = 0; i < decimals; i++)
        scale *= 10;
    if (fabs(v) * scale > 9e15 || !pcf__fixed_text(buf, v, decimals))
        snprintf(buf, 40, "n/a");
    return buf;
}

/* Four significant digits: the uncertainty of a footprint does not deserve more. */
static const char *fmt4(char buf[40], double v)
{
    return isnan(v) ? "-" : fmt_sig(buf, 40, v, 4);
}

/* One row of the uncertainty table: stage < 0 is the total. */
static void mc_row(pcf__buf *b, const char *name, double det, const pcf_mc *mc, int stage)
{
    static const pcf_mc_stat stats[6] = {PCF_MC_MEAN,   PCF_MC_SD,    PCF_MC_P2_5,
                                         PCF_MC_MEDIAN, PCF_MC_P97_5, PCF_MC_CV};
    static const int width[6] = {11, 10, 11, 11, 11, 7};
    char nb[40];
    pcf__buf_printf(b, "%-12s ", name);
    pad(b, fmt4(nb, det), 13, 1);
    for (int k = 0; k < 6; k++) {
        double v = stage < 0 ? pcf_mc_total_stat(mc, stats[k])
                             : pcf_mc_stage_stat(mc, (size_t)stage, stats[k]);
        char cv[48], pb[40];
        const char *t = fmt4(nb, v);
        if (stats[k] == PCF_MC_CV && !isnan(v)) {
            snprintf(cv, sizeof cv, "%s%%", fmt_fixed(pb, 100.0 * v, 1));
            t = cv;
        }
        pcf__buf_puts(b, " ");
        pad(b, t, (size_t)width[k], 1);
    }
    pcf__buf_puts(b, "\n");
}

/* The uncertainty of a Monte Carlo run beside the deterministic figures, and the ten
 * parameters that drive it. */
static void text_mc(pcf__buf *b, const pcf_result *r, const pcf_mc *mc)
{
    pcf__buf_printf(b,
                    "Uncertainty (Monte Carlo: %zu iterations, seed %llu, generator %s), "
                    "kg CO2e\n",
                    pcf_mc_iterations(mc), (unsigned long long)pcf_mc_seed(mc),
                    pcf_mc_generator(mc));
    pcf__buf_printf(b, "%-12s %13s %11s %10s %11s %11s %11s %7s\n", "stage", "deterministic",
                    "mean", "sd", "2.5%", "median", "97.5%", "CV");
    for (int s = 0; s < PCF_STAGE_COUNT && (size_t)s < pcf_mc_stage_count(mc); s++) {
        double det = pcf_result_stage_kg_co2e(r, (pcf_stage)s);
        /* a stage that carries nothing in either calculation is left out */
        if (det == 0.0 && pcf_mc_stage_stat(mc, (size_t)s, PCF_MC_SD) == 0.0 &&
            pcf_mc_stage_stat(mc, (size_t)s, PCF_MC_MEAN) == 0.0)
            continue;
        mc_row(b, pcf_stage_name((pcf_stage)s), det, mc, s);
    }
    mc_row(b, "total", pcf_result_total_kg_co2e(r), mc, -1);
    size_t n = pcf_mc_sensitivity_count(mc);
    if (n > 0) {
        pcf__buf_puts(b, "\nWhat drives the uncertainty (share of variance = rho^2 / sum rho^2; "
                         "rho = Spearman rank correlation with the total):\n");
        for (size_t k = 0; k < n && k < 10; k++) {
            const char *name = pcf_mc_sensitivity_name(mc, k);
            char s1[40], s2[40], sh[48];
            double rho = pcf_mc_sensitivity_spearman(mc, k);
            snprintf(sh, sizeof sh, "%s%%",
                     fmt_fixed(s1, 100.0 * pcf_mc_sensitivity_share(mc, k), 1));
            pcf__buf_printf(b, "%3zu. ", k + 1);
            pad(b, sh, 7, 1);
            pcf__buf_printf(b, "  rho %s%s  ", rho >= 0 ? "+" : "", fmt_fixed(s2, rho, 3));
            if (name && *name)
                pcf__buf_puts(b, name);
            else
                pcf__buf_printf(b, "%s #%zu",
                                pcf_mc_sensitivity_kind(mc, k) == PCF_MC_PARAM_FACTOR
                                    ? "factor"
                                    : "amount of activity",
                                pcf_mc_sensitivity_label(mc, k));
            pcf__buf_puts(b, "\n");
        }
        if (n > 10)
            pcf__buf_printf(b, "     (%zu more parameters in the JSON report)\n", n - 10);
    }
    pcf__buf_puts(b, "\n");
}

/* Hands what the buffer holds to fp (when writing to a stream) once it passes 64 KiB, so a
 * report of a million lines never sits in memory whole. */
static void drain(pcf__buf *b, FILE *fp, int force)
{
    if (!fp || b->failed || (!force && b->len < ((size_t)1 << 16)))
        return;
    if (b->len && fwrite(b->data, 1, b->len, fp) != b->len)
        b->failed = 2; /* a write error, told apart from out of memory */
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

/* One audit line in three text lines, written field by field (no format string to parse: this
 * runs once per line of a model that may have a million). */
static void audit_line(pcf__buf *b, const pcf_result *r, const pcf_audit_line *l)
{
    char n[40];
    pcf__activity_rec rec;
    const pcf_activity_result *a = pcf__result_activity(r, l->activity, &rec);
    pcf__buf_puts(b, "  [");
    pcf__buf_puts(b, pcf_stage_name(l->stage));
    pcf__buf_puts(b, "] ");
    if (strcmp(a->product_id, pcf_result_product_id(r)) != 0) {
        pcf__buf_puts(b, a->product_id);
        pcf__buf_puts(b, ": ");
    }
    pcf__buf_puts(b, a->name);
    pcf__buf_puts(b, " (");
    pcf__buf_puts(b, l->role);
    pcf__buf_puts(b, ")\n      ");
    pcf__buf_puts(b, fmt_sig(n, sizeof n, l->quantity, 6));
    pcf__buf_puts(b, " ");
    pcf__buf_puts(b, l->factor_unit);
    pcf__buf_puts(b, " x ");
    pcf__buf_puts(b, fmt_sig(n, sizeof n, l->factor_kg_co2e, 6));
    pcf__buf_puts(b, " kg CO2e/");
    pcf__buf_puts(b, l->factor_unit);
    pcf__buf_puts(b, " = ");
    pcf__buf_puts(b, fmt_sig(n, sizeof n, l->kg_co2e, 6));
    pcf__buf_puts(b, " kg CO2e\n      factor ");
    pcf__buf_puts(b, *l->factor_code ? l->factor_code : "-");
    if (*l->factor_name) {
        pcf__buf_puts(b, ": ");
        pcf__buf_puts(b, l->factor_name);
    }
    if (*l->dataset) {
        pcf__buf_puts(b, "; ");
        pcf__buf_puts(b, l->dataset);
        if (*l->dataset_version) {
            pcf__buf_puts(b, " ");
            pcf__buf_puts(b, l->dataset_version);
        }
    }
    if (*l->layer && strcmp(l->layer, "default") != 0) {
        pcf__buf_puts(b, "; layer ");
        pcf__buf_puts(b, l->layer);
    }
    if (*l->region_used) {
        pcf__buf_puts(b, "; region ");
        if (l->fallback_taken) {
            pcf__buf_puts(b, l->region_requested);
            pcf__buf_puts(b, " -> ");
            pcf__buf_puts(b, l->region_used);
            pcf__buf_puts(b, " (fallback)");
        } else {
            pcf__buf_puts(b, l->region_used);
        }
    }
    if (*l->gwp_basis) {
        pcf__buf_puts(b, "; ");
        pcf__buf_puts(b, l->gwp_basis);
    }
    pcf__buf_puts(b, l->primary ? "; primary data\n" : "\n");
}

/* The audit trail, one entry per line, then the datasets used and the notes. */
static void text_audit(pcf__buf *b, const pcf_result *r, FILE *fp)
{
    pcf__buf_puts(b, "Audit trail (quantity x factor = kg CO2e; per declared unit):\n");
    for (size_t i = 0; i < pcf_result_line_count(r); i++) {
        pcf_audit_line rec; /* each line built as it is written: no array of them all */
        audit_line(b, r, pcf__result_line(r, i, &rec));
        drain(b, fp, 0);
    }
    for (size_t i = 0; i < pcf_result_activity_count(r); i++) {
        pcf__activity_rec rec;
        const pcf_activity_result *a = pcf__result_activity(r, i, &rec);
        if (!a->included) {
            pcf__buf_printf(b, "  [%s] %s: excluded by the boundary\n", pcf_stage_name(a->stage),
                            a->name);
            drain(b, fp, 0);
        }
    }
    if (pcf_result_dataset_count(r)) {
        pcf__buf_puts(b, "\nDatasets used:\n");
        for (size_t i = 0; i < pcf_result_dataset_count(r); i++) {
            const pcf_dataset_ref *ds = pcf_result_dataset_at(r, i);
            pcf__buf_printf(b, "  %s%s%s (%zu line%s)\n", ds->name, *ds->version ? " " : "",
                            ds->version, ds->lines, ds->lines == 1 ? "" : "s");
        }
    }
    if (pcf_result_note_count(r)) {
        pcf__buf_puts(b, "\nNotes:\n");
        for (size_t i = 0; i < pcf_result_note_count(r); i++)
            pcf__buf_printf(b, "  - %s\n", pcf_result_note_at(r, i));
    }
}

/* The text report into *out, or (out NULL) written to fp as it is made. */
static pcf_status text_report(const char *fn, const pcf_result *r, const pcf_mc *mc, size_t top_n,
                              char **out, FILE *fp, pcf_error *err)
{
    if (out)
        *out = NULL;
    if (!r || (!out && !fp))
        return pcf__error(err, PCF_ERR_INVALID_ARG, "%s: NULL argument", fn);
    pcf__buf b;
    pcf__buf_init(&b);
    /* about 230 bytes per audit line (three text lines): one allocation in the common case */
    size_t lines = pcf_result_line_count(r);
    if (pcf__buf_reserve(&b, fp ? ((size_t)1 << 16) + 1024
                                : 4096 + (lines < SIZE_MAX / 512 ? lines * 256 : 0)) != PCF_OK)
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory writing the report");
    text_head(&b, r);
    text_top(&b, r, top_n);
    if (mc)
        text_mc(&b, r, mc);
    text_audit(&b, r, fp);
    drain(&b, fp, 1);
    if (b.failed) {
        int io = b.failed == 2;
        pcf__buf_free(&b);
        if (io)
            return pcf__error(err, PCF_ERR_IO,
                              "cannot write the report: the output refused it (disk full, or a "
                              "closed pipe or file)");
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory writing the report");
    }
    if (out)
        *out = pcf__buf_steal(&b);
    else
        pcf__buf_free(&b);
    return pcf__ok(err);
}

pcf_status pcf_report_text(const pcf_result *r, size_t top_n, char **out, pcf_error *err)
{
    return text_report("pcf_report_text", r, NULL, top_n, out, NULL, err);
}

pcf_status pcf_report_text_mc(const pcf_result *r, const pcf_mc *mc, size_t top_n, char **out,
                              pcf_error *err)
{
    return text_report("pcf_report_text_mc", r, mc, top_n, out, NULL, err);
}

pcf_status pcf_report_text_write(const pcf_result *r, const pcf_mc *mc, size_t top_n, FILE *fp,
                                 pcf_error *err)
{
    if (!fp)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_report_text_write: NULL argument");
    return text_report("pcf_report_text_write", r, mc, top_n, NULL, fp, err);
}

/* RFC 4180 field: quoted when it holds a comma, quote or line break. */
static void csv_field(pcf__buf *b, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        pcf__buf_puts(b, s);
        return;
    }
    pcf__buf_puts(b, "\"");
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            pcf__buf_puts(b, "\"\"");
        else
            pcf__buf_append(b, p, 1);
    }
    pcf__buf_puts(b, "\"");
}

static void csv_num(pcf__buf *b, double v)
{
    char n[40];
    if (isfinite(v))
        pcf_number_format(v, n, sizeof n);
    else
        n[0] = '\0';
    pcf__buf_puts(b, n);
}

pcf_status pcf_report_csv(const pcf_result *r, char **out, pcf_error *err)
{
    if (out)
        *out = NULL;
    if (!r || !out)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_report_csv: NULL argument");
    pcf__buf b;
    pcf__buf_init(&b);
    pcf__buf_puts(&b, "product,stage,activity,role,flow,factor_code,factor_name,dataset,"
                      "dataset_version,region_used,quantity,unit,factor_kg_co2e_per_unit,"
                      "kg_co2e,primary\r\n");
    for (size_t i = 0; i < pcf_result_line_count(r); i++) {
        pcf_audit_line lrec;
        pcf__activity_rec arec;
        const pcf_audit_line *l = pcf__result_line(r, i, &lrec);
        const pcf_activity_result *a = pcf__result_activity(r, l->activity, &arec);
        const char *fields[] = {a->product_id,
                                pcf_stage_name(l->stage),
                                a->name,
                                l->role,
                                pcf_flow_name(l->flow),
                                l->factor_code,
                                l->factor_name,
                                l->dataset,
                                l->dataset_version,
                                l->region_used};
        for (size_t k = 0; k < sizeof fields / sizeof fields[0]; k++) {
            csv_field(&b, fields[k]);
            pcf__buf_puts(&b, ",");
        }
        csv_num(&b, l->quantity);
        pcf__buf_puts(&b, ",");
        csv_field(&b, l->factor_unit);
        pcf__buf_puts(&b, ",");
        csv_num(&b, l->factor_kg_co2e);
        pcf__buf_puts(&b, ",");
        csv_num(&b, l->kg_co2e);
        pcf__buf_puts(&b, l->primary ? ",1\r\n" : ",0\r\n");
    }
    csv_field(&b, pcf_result_product_id(r));
    pcf__buf_puts(&b, ",total,,,,,,,,,,,,");
    csv_num(&b, pcf_result_total_kg_co2e(r));
    pcf__buf_puts(&b, ",\r\n");
    if (b.failed) {
        pcf__buf_free(&b);
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory writing the CSV");
    }
    *out = pcf__buf_steal(&b);
    return pcf__ok(err);
}

pcf_status pcf_report_json(const pcf_result *r, char **out, pcf_error *err)
{
    return pcf_result_to_json(r, out, err);
}

pcf_status pcf__report_json_mc(const pcf_result *r, const pcf_mc *mc, int indent, char **out,
                               pcf_error *err)
{
    if (out)
        *out = NULL;
    if (!r || !out)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_report_json_mc: NULL argument");
    if (!mc)
        return pcf__result_json(r, indent, out, err);
    char *mc_text = NULL;
    pcf_status st = pcf_mc_to_json(mc, &mc_text, err);
    if (st != PCF_OK)
        return st;
    /* The Monte Carlo document becomes the result document's last member. It is read back with
     * pcf's reader, which fails on an allocation failure: jansson's json_loads can go on past a
     * character its token buffer could not store and return a number missing a digit. The text
     * is pcf_mc_to_json's own, so reading it fails only for want of memory. */
    json_t *root = pcf__result_json_tree(r), *mcj = NULL;
    st = pcf__json_parse(mc_text, strlen(mc_text), &mcj);
    pcf_free(mc_text);
    if (!root || st != PCF_OK || json_object_set_new(root, "monte_carlo", mcj) != 0) {
        json_decref(root);
        if (!root)
            json_decref(mcj);
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory writing the result");
    }
    pcf__buf b;
    pcf__buf_init(&b);
    pcf__json_write(&b, root, indent);
    if (indent >= 0)
        pcf__buf_puts(&b, "\n");
    json_decref(root);
    *out = pcf__buf_steal(&b);
    if (!*out)
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory writing the result");
    return pcf__ok(err);
}

pcf_status pcf_report_json_mc(const pcf_result *r, const pcf_mc *mc, char **out, pcf_error *err)
{
    return pcf__report_json_mc(r, mc, 0, out, err);
}
