/*
 * pcf — the CBAM result: accessors and the writers of the communication template (JSON, CSV).
 * GPL-3.0-or-later; see LICENSE.
 */
#include "cbam_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- accessors ---- */

int pcf_cbam_result_year(const pcf_cbam_result *r)
{
    return r ? r->year : 0;
}

size_t pcf_cbam_result_process_count(const pcf_cbam_result *r)
{
    return r ? r->n_procs : 0;
}

#define PROC_FIELD(fn, field)                                                                      \
    double fn(const pcf_cbam_result *r, size_t i)                                                  \
    {                                                                                              \
        return r && i < r->n_procs ? r->procs[i].field : NAN;                                      \
    }

const char *pcf_cbam_result_process_id(const pcf_cbam_result *r, size_t i)
{
    return r && i < r->n_procs ? r->procs[i].id : NULL;
}

PROC_FIELD(pcf_cbam_result_see_direct, see_dir)
PROC_FIELD(pcf_cbam_result_see_indirect, see_ind)
PROC_FIELD(pcf_cbam_result_attributed_direct, attr_dir)
PROC_FIELD(pcf_cbam_result_attributed_indirect, attr_ind)
PROC_FIELD(pcf_cbam_result_default_share, default_share)

size_t pcf_cbam_result_good_count(const pcf_cbam_result *r)
{
    return r ? r->n_goods : 0;
}

const char *pcf_cbam_result_good_cn_code(const pcf_cbam_result *r, size_t i)
{
    return r && i < r->n_goods ? r->goods[i].cn_code : NULL;
}

size_t pcf_cbam_result_good_process(const pcf_cbam_result *r, size_t i)
{
    return r && i < r->n_goods ? r->goods[i].proc : (size_t)-1;
}

/* ---- writers ---- */

static json_t *str_or_null(const char *s)
{
    return s && *s ? json_string(s) : json_null();
}

/* Cement and fertilisers count direct and indirect emissions, iron and steel, aluminium and
 * hydrogen direct only (Regulation (EU) 2023/956, Annex II). */
static int counts_indirect(int sector)
{
    return sector == PCF_CBAM_CEMENT || sector == PCF_CBAM_FERTILISERS;
}

static json_t *value_json(const cb_value *v, int *bad)
{
    json_t *o = json_object();
    pcf__jset(bad, o, "factor_code", str_or_null(v->factor_code));
    pcf__jset(bad, o, "source", str_or_null(v->source));
    pcf__jset(bad, o, "published_direct", pcf__json_num(v->pub_dir));
    pcf__jset(bad, o, "published_indirect", v->ind_given ? pcf__json_num(v->pub_ind) : json_null());
    pcf__jset(bad, o, "markup", pcf__json_num(v->markup));
    pcf__jset(bad, o, "markup_source", str_or_null(v->markup_source));
    return o;
}

static const char *basis_of(const cb_proc *p)
{
    if (p->is_default)
        return "default";
    return p->default_em > 0 ? "actual with default precursors" : "actual";
}

/* A process's electricity; null when it declares none (zeros on a "grid" basis would read as a
 * declared consumption with a grid factor). */
static json_t *electricity_json(const cb_proc *p, int *bad)
{
    if (!p->el_basis)
        return json_null();
    json_t *e = json_object();
    pcf__jset(bad, e, "consumed_mwh", pcf__json_num(p->el_mwh));
    pcf__jset(bad, e, "emission_factor_t_per_mwh", pcf__json_num(p->el_ef));
    pcf__jset(bad, e, "basis", json_string(p->el_basis));
    pcf__jset(bad, e, "factor_code", str_or_null(p->el_factor_code));
    pcf__jset(bad, e, "source", str_or_null(p->el_source));
    pcf__jset(bad, e, "evidence", str_or_null(p->el_evidence));
    pcf__jset(bad, e, "specific_consumption_mwh_per_t", pcf__json_num(p->el_mwh / p->al));
    return e;
}

static json_t *process_json(const pcf_cbam_result *r, const cb_proc *p, int *bad)
{
    json_t *o = json_object();
    pcf__jset(bad, o, "id", json_string(p->id));
    pcf__jset(bad, o, "name", str_or_null(p->name));
    pcf__jset(bad, o, "sector", json_string(pcf__cbam_sector_names[p->sector]));
    pcf__jset(bad, o, "aggregated_goods_category", json_string(p->category));
    pcf__jset(bad, o, "route", str_or_null(p->route));
    pcf__jset(bad, o, "activity_level_t", pcf__json_num(p->al));
    pcf__jset(bad, o, "data_basis", json_string(basis_of(p)));
    if (p->is_default) {
        pcf__jset(bad, o, "default_value", value_json(&p->def, bad));
    } else {
        json_t *a = json_object();
        pcf__jset(bad, a, "direct_emissions_t", pcf__json_num(p->direct));
        pcf__jset(bad, a, "heat_imported_t", pcf__json_num(p->heat_imp_tj * p->heat_imp_ef));
        pcf__jset(bad, a, "heat_exported_t", pcf__json_num(p->heat_exp_tj * p->heat_exp_ef));
        pcf__jset(bad, a, "waste_gas_imported_t", pcf__json_num(p->wg_imp));
        pcf__jset(bad, a, "waste_gas_exported_t", pcf__json_num(p->wg_exp));
        pcf__jset(bad, a, "electricity_exported_t", pcf__json_num(p->el_exp_mwh * p->el_exp_ef));
        pcf__jset(bad, a, "attributed_direct_t", pcf__json_num(p->attr_dir));
        pcf__jset(bad, a, "attributed_indirect_t", pcf__json_num(p->attr_ind));
        pcf__jset(bad, o, "attributed_emissions", a);
        pcf__jset(bad, o, "electricity", electricity_json(p, bad));
    }
    json_t *precs = json_array();
    for (size_t k = 0; k < p->n_precs; k++) {
        const cb_prec *q = &p->precs[k];
        json_t *x = json_object();
        const char *nm = q->name;
        if ((!nm || !*nm) && q->kind == PREC_PROCESS)
            nm = r->procs[q->proc].name;
        pcf__jset(bad, x, "name", str_or_null(nm));
        pcf__jset(bad, x, "cn_code", str_or_null(q->cn_code));
        pcf__jset(bad, x, "process",
                  q->kind == PREC_PROCESS ? json_string(q->process_ref) : json_null());
        pcf__jset(bad, x, "mass_t", pcf__json_num(q->mass_t));
        pcf__jset(bad, x, "see_direct", pcf__json_num(q->see_dir));
        pcf__jset(bad, x, "see_indirect", pcf__json_num(q->see_ind));
        pcf__jset(bad, x, "data_basis",
                  json_string(q->kind == PREC_DEFAULT ? "default" : "actual"));
        pcf__jset(bad, x, "source", str_or_null(q->source));
        if (q->kind == PREC_DEFAULT)
            pcf__jset(bad, x, "default_value", value_json(&q->def, bad));
        pcf__japp(bad, precs, x);
    }
    pcf__jset(bad, o, "precursors", precs);
    pcf__jset(bad, o, "embedded_emissions_direct_t", pcf__json_num(p->emb_dir));
    pcf__jset(bad, o, "embedded_emissions_indirect_t", pcf__json_num(p->emb_ind));
    pcf__jset(bad, o, "see_direct", pcf__json_num(p->see_dir));
    pcf__jset(bad, o, "see_indirect", pcf__json_num(p->see_ind));
    pcf__jset(bad, o, "see_total", pcf__json_num(p->see_dir + p->see_ind));
    pcf__jset(bad, o, "default_share", pcf__json_num(p->default_share));
    return o;
}

pcf_status pcf_cbam_result_to_json(const pcf_cbam_result *r, char **out, pcf_error *err)
{
    if (out)
        *out = NULL;
    if (!r || !out)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_cbam_result_to_json: NULL argument");
    json_t *root = json_object();
    if (!root)
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory writing the CBAM result");
    int failed = 0, *bad = &failed;
    pcf__jset(bad, root, "pcf_cbam_communication", json_integer(1));
    pcf__jset(bad, root, "library_version", json_string(pcf_version_string()));
    pcf__jset(bad, root, "regime", json_string("cbam"));
    pcf__jset(bad, root, "year", json_integer(r->year));
    pcf__jset(bad, root, "reporting_period", r->period ? json_incref(r->period) : json_null());
    pcf__jset(bad, root, "installation", json_incref(r->installation));
    json_t *procs = json_array();
    for (size_t i = 0; i < r->n_procs; i++)
        pcf__japp(bad, procs, process_json(r, &r->procs[i], bad));
    pcf__jset(bad, root, "production_processes", procs);
    json_t *goods = json_array();
    for (size_t i = 0; i < r->n_goods; i++) {
        const cb_good *g = &r->goods[i];
        const cb_proc *p = &r->procs[g->proc];
        json_t *o = json_object();
        pcf__jset(bad, o, "cn_code", json_string(g->cn_code));
        pcf__jset(bad, o, "name", str_or_null(g->name));
        pcf__jset(bad, o, "process", json_string(p->id));
        pcf__jset(bad, o, "sector", json_string(pcf__cbam_sector_names[p->sector]));
        pcf__jset(bad, o, "aggregated_goods_category", json_string(p->category));
        pcf__jset(bad, o, "route", str_or_null(p->route));
        pcf__jset(bad, o, "see_direct", pcf__json_num(p->see_dir));
        pcf__jset(bad, o, "see_indirect", pcf__json_num(p->see_ind));
        pcf__jset(bad, o, "see_total", pcf__json_num(p->see_dir + p->see_ind));
        pcf__jset(bad, o, "emissions_counted",
                  json_string(counts_indirect(p->sector) ? "direct+indirect" : "direct"));
        pcf__jset(bad, o, "see_counted",
                  pcf__json_num(counts_indirect(p->sector) ? p->see_dir + p->see_ind : p->see_dir));
        pcf__jset(bad, o, "data_basis", json_string(basis_of(p)));
        pcf__jset(bad, o, "default_share", pcf__json_num(p->default_share));
        pcf__japp(bad, goods, o);
    }
    pcf__jset(bad, root, "goods", goods);
    json_t *notes = json_array();
    for (size_t i = 0; i < r->n_notes; i++)
        pcf__japp(bad, notes, json_string(r->notes[i]));
    pcf__jset(bad, root, "notes", notes);
    if (failed) { /* no document rather than one without a member */
        json_decref(root);
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory writing the CBAM result");
    }
    pcf__buf b;
    pcf__buf_init(&b);
    pcf__json_write(&b, root, 0);
    pcf__buf_puts(&b, "\n");
    json_decref(root);
    if (b.failed) {
        pcf__buf_free(&b);
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory writing the CBAM result");
    }
    *out = pcf__buf_steal(&b);
    return pcf__ok(err);
}

#undef SET
#undef APP

/* A CSV field, quoted when it holds a comma, quote or line break (RFC 4180). */
static void csv_text(pcf__buf *b, const char *s)
{
    s = s ? s : "";
    if (!strpbrk(s, ",\"\r\n")) {
        pcf__buf_puts(b, s);
        return;
    }
    pcf__buf_puts(b, "\"");
    for (; *s; s++) {
        pcf__buf_append(b, s, 1);
        if (*s == '"')
            pcf__buf_puts(b, "\"");
    }
    pcf__buf_puts(b, "\"");
}

static void csv_num(pcf__buf *b, double v)
{
    pcf__buf_puts(b, ",");
    if (isfinite(v))
        pcf__buf_num(b, v);
}

pcf_status pcf_cbam_result_to_csv(const pcf_cbam_result *r, char **out, pcf_error *err)
{
    if (out)
        *out = NULL;
    if (!r || !out)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_cbam_result_to_csv: NULL argument");
    pcf__buf b;
    pcf__buf_init(&b);
    pcf__buf_puts(&b, "year,installation,cn_code,good,process,sector,aggregated_goods_category,"
                      "route,activity_level_t,see_direct,see_indirect,see_total,"
                      "emissions_counted,see_counted,electricity_mwh_per_t,"
                      "electricity_factor_t_per_mwh,electricity_basis,data_basis,"
                      "default_share\n");
    const char *inst = json_string_value(json_object_get(r->installation, "name"));
    for (size_t i = 0; i < r->n_goods; i++) {
        const cb_good *g = &r->goods[i];
        const cb_proc *p = &r->procs[g->proc];
        pcf__buf_printf(&b, "%d,", r->year);
        csv_text(&b, inst);
        pcf__buf_puts(&b, ",");
        csv_text(&b, g->cn_code);
        pcf__buf_puts(&b, ",");
        csv_text(&b, g->name);
        pcf__buf_puts(&b, ",");
        csv_text(&b, p->id);
        pcf__buf_puts(&b, ",");
        csv_text(&b, pcf__cbam_sector_names[p->sector]);
        pcf__buf_puts(&b, ",");
        csv_text(&b, p->category);
        pcf__buf_puts(&b, ",");
        csv_text(&b, p->route);
        csv_num(&b, p->al);
        csv_num(&b, p->see_dir);
        csv_num(&b, p->see_ind);
        csv_num(&b, p->see_dir + p->see_ind);
        pcf__buf_puts(&b, counts_indirect(p->sector) ? ",direct+indirect" : ",direct");
        csv_num(&b, counts_indirect(p->sector) ? p->see_dir + p->see_ind : p->see_dir);
        /* electricity only where the process declares it (empty for a default value and for a
         * process without "electricity") */
        int el = !p->is_default && p->el_basis;
        csv_num(&b, el ? p->el_mwh / p->al : NAN);
        csv_num(&b, el ? p->el_ef : NAN);
        pcf__buf_puts(&b, ",");
        csv_text(&b, el ? p->el_basis : "");
        pcf__buf_puts(&b, ",");
        csv_text(&b, basis_of(p));
        csv_num(&b, p->default_share);
        pcf__buf_puts(&b, "\n");
    }
    if (b.failed) {
        pcf__buf_free(&b);
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory writing the CBAM CSV");
    }
    *out = pcf__buf_steal(&b);
    return pcf__ok(err);
}
