/*
 * pcf — the walk of a CBAM document's production processes: default values (from the database
 * or typed in), electricity, precursors and goods, each checked at its JSON path.
 * GPL-3.0-or-later; see LICENSE.
 */
#include "cbam_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- default values ---- */

/* Finds "key=NUMBER" or "key=null" in a database row's notes; 1 number, 0 null, -1 absent. */
static int note_value(const char *notes, const char *key, double *out)
{
    const char *p = notes;
    size_t k = strlen(key);
    while ((p = strstr(p, key)) != NULL) {
        if ((p == notes || p[-1] == ' ' || p[-1] == ';' || p[-1] == ',') && p[k] == '=') {
            p += k + 1;
            if (strncmp(p, "null", 4) == 0)
                return 0;
            char num[32];
            size_t n = 0;
            while (n < sizeof num - 1 &&
                   (p[n] == '.' || p[n] == '-' || (p[n] >= '0' && p[n] <= '9')))
                n++;
            memcpy(num, p, n);
            num[n] = '\0';
            return n && pcf_number_parse(num, out, NULL) == PCF_OK ? 1 : -1;
        }
        p += k;
    }
    return -1;
}

/* Reads a database default row into v (published direct and indirect, t CO2e per t). */
static void default_from_db(cx *c, const char *code, const char *path, cb_value *v)
{
    pcf_factor *f = NULL;
    pcf_error e;
    if (pcf_db_get_factor(c->db, code, &f, &e) != PCF_OK) {
        pcf__sink_add(&c->ds, PCF_SEVERITY_ERROR, (pcf_status)e.code, path, "default value %s: %s",
                      code, e.message);
        return;
    }
    if (strcmp(pcf_factor_category(f), "cbam_default") != 0) {
        BAD(c, path,
            "factor %s is in category \"%s\", not a CBAM default value (category "
            "\"cbam_default\"); name a cbam-cn-2026 row or give the default as {\"direct\", "
            "\"indirect\", \"source\"}",
            code, pcf_factor_category(f));
        pcf_factor_destroy(f);
        return;
    }
    const pcf_unit *u = pcf_factor_unit(f);
    double total = pcf_factor_kg_co2e(f) / pcf_unit_to_base(u); /* kg per kg = t per t */
    double d = 0, i = 0;
    int hd = note_value(pcf_factor_notes(f), "direct", &d);
    int hi = note_value(pcf_factor_notes(f), "indirect", &i);
    if (pcf_unit_dimension(u) != PCF_DIM_MASS || hd != 1 || hi < 0) {
        BAD(c, path,
            "default row %s gives no direct/indirect split per tonne (its notes must hold "
            "\"direct=…, indirect=…\"); give the default as {\"direct\", \"indirect\", \"source\"}",
            code);
        pcf_factor_destroy(f);
        return;
    }
    if (hi == 0) {
        i = 0;
        pcf__buf b;
        pcf__buf_init(&b);
        pcf__buf_printf(&b,
                        "Default value %s gives no indirect value; its indirect SEE is taken as 0 "
                        "(for iron and steel, aluminium and hydrogen only direct emissions count, "
                        "Regulation (EU) 2023/956, Annex II).",
                        code);
        char *t = pcf__buf_steal(&b);
        if (t)
            pcf__cbam_note(c, t);
        else
            c->ds.nomem = 1;
        free(t);
    }
    if (fabs(d + i - total) > 1e-9 * (1 + total)) {
        pcf__numbuf a, b;
        BAD(c, path, "default row %s: direct + indirect = %s differs from its value %s", code,
            pcf__num(&a, d + i), pcf__num(&b, total));
    }
    v->factor_code = pcf__cbam_dup(c, code);
    v->source = pcf__cbam_dup(c, pcf_factor_source(f));
    v->pub_dir = d;
    v->pub_ind = i;
    v->ind_given = hi == 1;
    pcf_factor_destroy(f);
}

/* "default": CODE | {"direct", "indirect", "source"}, with optional "markup"/"markup_source" in
 * holder. sector: the good's sector, for the mark-up. */
static void parse_default(cx *c, const json_t *holder, const char *path, int sector, cb_value *v)
{
    json_t *d = json_object_get(holder, "default");
    char p[128];
    pcf__cbam_sub(p, sizeof p, path, "default");
    if (json_is_string(d)) {
        if (c->use_db)
            default_from_db(c, json_string_value(d), p, v);
        else
            v->factor_code = pcf__cbam_dup(c, json_string_value(d));
    } else if (json_is_object(d)) {
        pcf__cbam_get_num(c, d, "direct", p, 1, &v->pub_dir);
        v->ind_given = pcf__cbam_get_num(c, d, "indirect", p, 0, &v->pub_ind);
        const char *src = pcf__cbam_get_text(c, d, "source", p, 1);
        v->source = pcf__cbam_dup(c, src);
    } else {
        BAD(c, p,
            "\"default\" must be a factor code (\"cbam-cn-2026:pig-iron\") or {\"direct\": t/t, "
            "\"indirect\": t/t, \"source\": text}");
    }
    if (json_object_get(holder, "markup")) {
        pcf__cbam_get_num(c, holder, "markup", path, 1, &v->markup);
        v->markup_source =
            pcf__cbam_dup(c, pcf__cbam_get_text(c, holder, "markup_source", path, 1));
        return;
    }
    if (sector < 0)
        return;
    pcf_error e;
    if (pcf_cbam_markup((pcf_cbam_sector)sector, c->year, &v->markup, &e) != PCF_OK) {
        pcf__sink_add(&c->ds, PCF_SEVERITY_ERROR, (pcf_status)e.code, p, "%s", e.message);
        return;
    }
    v->markup_source = pcf__cbam_dup(c, PCF__CBAM_MARKUP_SOURCE);
}

static void value_free(cb_value *v)
{
    free(v->factor_code);
    free(v->source);
    free(v->markup_source);
}

/* ---- the walk ---- */

static int cn_sector(cx *c, const char *cn, const char *path)
{
    pcf_cbam_sector s;
    pcf_error e;
    pcf_status st = pcf_cbam_sector_of_cn(cn, &s, &e);
    if (st != PCF_OK) {
        pcf__sink_add(&c->ds, PCF_SEVERITY_ERROR, st, path, "%s", e.message);
        return -1;
    }
    return (int)s;
}

static void parse_electricity(cx *c, const json_t *proc, cb_proc *p)
{
    json_t *el = json_object_get(proc, "electricity");
    if (!el)
        return;
    char path[96];
    pcf__cbam_sub(path, sizeof path, p->path, "electricity");
    if (!json_is_object(el)) {
        BAD(c, path, "\"electricity\" must be an object {\"mwh\", \"factor\" or \"ef_t_per_mwh\"}");
        return;
    }
    pcf__cbam_get_num(c, el, "mwh", path, 1, &p->el_mwh);
    const char *basis =
        json_object_get(el, "basis") ? pcf__cbam_get_text(c, el, "basis", path, 1) : "grid";
    p->el_basis = pcf__cbam_dup(c, basis ? basis : "grid");
    const char *code =
        json_object_get(el, "factor") ? pcf__cbam_get_text(c, el, "factor", path, 1) : NULL;
    int has_ef = json_object_get(el, "ef_t_per_mwh") != NULL;
    char fp[128];
    pcf__cbam_sub(fp, sizeof fp, path, "factor");
    if (basis && strcmp(basis, "grid") != 0 && strcmp(basis, "direct_link") != 0 &&
        strcmp(basis, "ppa") != 0) {
        char bp[128];
        pcf__cbam_sub(bp, sizeof bp, path, "basis");
        BAD(c, bp, "\"basis\" must be \"grid\", \"direct_link\" or \"ppa\"");
    }
    if (!!code == has_ef) {
        BAD(c, path,
            "give exactly one of \"factor\" (a database code) or \"ef_t_per_mwh\" with "
            "\"source\"");
        return;
    }
    if (basis && strcmp(basis, "grid") != 0) {
        /* A direct technical link or a PPA replaces the grid factor only with the actual
         * factor of the generating unit, and only with evidence (IR 2023/1773, Annex III). */
        if (code)
            BAD(c, fp,
                "with basis \"%s\" the factor is the generating installation's own: give "
                "\"ef_t_per_mwh\" and \"source\", not a grid factor code",
                basis);
        p->el_evidence = pcf__cbam_dup(c, pcf__cbam_get_text(c, el, "evidence", path, 1));
    }
    if (has_ef) {
        pcf__cbam_get_num(c, el, "ef_t_per_mwh", path, 1, &p->el_ef);
        p->el_source = pcf__cbam_dup(c, pcf__cbam_get_text(c, el, "source", path, 1));
        return;
    }
    p->el_factor_code = pcf__cbam_dup(c, code);
    if (!c->use_db || !code)
        return;
    pcf_factor *f = NULL;
    pcf_error e;
    if (pcf_db_get_factor(c->db, code, &f, &e) != PCF_OK) {
        pcf__sink_add(&c->ds, PCF_SEVERITY_ERROR, (pcf_status)e.code, fp, "%s", e.message);
        return;
    }
    const pcf_unit *u = pcf_factor_unit(f);
    if (strcmp(pcf_factor_category(f), "electricity") != 0 ||
        pcf_unit_dimension(u) != PCF_DIM_ENERGY) {
        BAD(c, fp, "factor %s is not an electricity factor per unit of energy", code);
    } else {
        p->el_ef = pcf_factor_kg_co2e(f) / pcf_unit_to_base(u); /* kg per kWh = t per MWh */
        pcf__buf b;
        pcf__buf_init(&b);
        pcf__buf_printf(&b, "%s (%s %s)", pcf_factor_name_en(f), pcf_factor_dataset_name(f),
                        pcf_factor_dataset_version(f));
        if (b.failed)
            c->ds.nomem = 1;
        free(p->el_source);
        p->el_source = pcf__buf_steal(&b);
    }
    pcf_factor_destroy(f);
}

/* A {"tj", "ef_t_per_tj"} or {"mwh", "ef_t_per_mwh"} pair. */
static void parse_pair(cx *c, const json_t *proc, const char *key, const char *amount,
                       const char *ef, const char *base, double *a, double *e)
{
    json_t *o = json_object_get(proc, key);
    if (!o)
        return;
    char path[96];
    pcf__cbam_sub(path, sizeof path, base, key);
    if (!json_is_object(o)) {
        BAD(c, path, "\"%s\" must be an object {\"%s\", \"%s\", \"source\"}", key, amount, ef);
        return;
    }
    pcf__cbam_get_num(c, o, amount, path, 1, a);
    pcf__cbam_get_num(c, o, ef, path, 1, e);
    pcf__cbam_get_text(c, o, "source", path, 1);
}

static void parse_precursor(cx *c, const json_t *pj, cb_prec *q, const char *path)
{
    snprintf(q->path, sizeof q->path, "%s", path);
    q->sector = -1;
    if (!json_is_object(pj)) {
        BAD(c, path, "a precursor must be an object");
        return;
    }
    pcf__cbam_get_num(c, pj, "mass_t", path, 1, &q->mass_t);
    q->name = pcf__cbam_dup(c, pcf__cbam_get_text(c, pj, "name", path, 0));
    const char *cn = pcf__cbam_get_text(c, pj, "cn_code", path, 0);
    q->cn_code = pcf__cbam_dup(c, cn);
    if (cn) {
        char cp[128];
        pcf__cbam_sub(cp, sizeof cp, path, "cn_code");
        q->sector = cn_sector(c, cn, cp);
    }
    int has_proc = json_object_get(pj, "process") != NULL;
    int has_act = json_object_get(pj, "see_direct") != NULL;
    int has_def = json_object_get(pj, "default") != NULL;
    if (has_proc + has_act + has_def != 1) {
        BAD(c, path,
            "a precursor gives exactly one of \"process\" (made in this installation), "
            "\"see_direct\" (the supplier's actual values) or \"default\"");
        return;
    }
    if (has_proc) {
        q->kind = PREC_PROCESS;
        q->process_ref = pcf__cbam_dup(c, pcf__cbam_get_text(c, pj, "process", path, 1));
    } else if (has_act) {
        q->kind = PREC_ACTUAL;
        pcf__cbam_get_num(c, pj, "see_direct", path, 1, &q->see_dir);
        pcf__cbam_get_num(c, pj, "see_indirect", path, 1, &q->see_ind);
        q->source = pcf__cbam_dup(c, pcf__cbam_get_text(c, pj, "source", path, 1));
        if (!cn)
            BAD(c, path, "\"cn_code\" is missing: a purchased precursor names its CN code");
    } else {
        q->kind = PREC_DEFAULT;
        if (!cn)
            BAD(c, path, "\"cn_code\" is missing: a default value is for a CN code");
        parse_default(c, pj, path, q->sector, &q->def);
        q->see_dir = q->def.pub_dir * (1 + q->def.markup);
        q->see_ind = q->def.pub_ind * (1 + q->def.markup);
    }
}

static const char *const actual_keys[] = {
    "direct_emissions_t", "electricity",          "precursors",           "heat_imported",
    "heat_exported",      "waste_gas_imported_t", "waste_gas_exported_t", "electricity_exported"};

void pcf__cbam_parse_process(cx *c, const json_t *pj, cb_proc *p, size_t index)
{
    pcf__cbam_sub_i(p->path, sizeof p->path, "$", "production_processes", index);
    p->sector = -1;
    if (!json_is_object(pj)) {
        BAD(c, p->path, "a production process must be an object");
        return;
    }
    p->id = pcf__cbam_dup(c, pcf__cbam_get_text(c, pj, "id", p->path, 1));
    p->name = pcf__cbam_dup(c, pcf__cbam_get_text(c, pj, "name", p->path, 0));
    p->category =
        pcf__cbam_dup(c, pcf__cbam_get_text(c, pj, "aggregated_goods_category", p->path, 1));
    p->route = pcf__cbam_dup(c, pcf__cbam_get_text(c, pj, "route", p->path, 0));
    if (json_object_get(pj, "transport")) {
        char tp[96];
        pcf__cbam_sub(tp, sizeof tp, p->path, "transport");
        BAD(c, tp,
            "transport is outside the CBAM boundary of a production process (IR (EU) 2023/1773, "
            "Annex II); leave it out");
    }
    const char *sec = pcf__cbam_get_text(c, pj, "sector", p->path, 0);
    if (sec) {
        p->sector = pcf__cbam_sector_parse(sec);
        if (p->sector < 0) {
            char sp[96];
            pcf__cbam_sub(sp, sizeof sp, p->path, "sector");
            BAD(c, sp, "\"sector\" must be cement, iron_steel, aluminium, fertilisers or hydrogen");
        }
    }
    json_t *goods = json_object_get(pj, "goods");
    char gp[96];
    pcf__cbam_sub(gp, sizeof gp, p->path, "goods");
    if (!json_is_array(goods) || json_array_size(goods) == 0)
        BAD(c, json_is_array(goods) ? gp : p->path,
            "\"goods\" must list the goods (CN codes) this process makes");
    for (size_t g = 0; json_is_array(goods) && g < json_array_size(goods); g++) {
        char path[128];
        pcf__cbam_sub_i(path, sizeof path, p->path, "goods", g);
        json_t *gj = json_array_get(goods, g);
        const char *cn = pcf__cbam_get_text(c, gj, "cn_code", path, 1);
        if (!cn)
            continue;
        char cp[160];
        pcf__cbam_sub(cp, sizeof cp, path, "cn_code");
        int s = cn_sector(c, cn, cp);
        if (s == PCF_CBAM_ELECTRICITY)
            pcf__sink_add(&c->ds, PCF_SEVERITY_ERROR, PCF_ERR_UNSUPPORTED, cp,
                          "electricity as a good (CN 2716) is not computed by pcf");
        else if (s >= 0 && p->sector < 0)
            p->sector = s;
        else if (s >= 0 && s != p->sector)
            BAD(c, cp,
                "CN code %s is in sector %s but the process is %s: one process makes goods of "
                "one aggregated goods category",
                cn, pcf__cbam_sector_names[s], pcf__cbam_sector_names[p->sector]);
        if (c->r) {
            cb_good *gd = &c->r->goods[c->r->n_goods++];
            char d[12];
            gd->cn_code = pcf__cbam_dup(c, pcf__cbam_cn_digits(cn, d) ? d : cn);
            gd->name = pcf__cbam_dup(c, pcf__cbam_get_text(c, gj, "name", path, 0));
            gd->proc = index;
        }
    }
    pcf__cbam_get_num(c, pj, "activity_level_t", p->path, 1, &p->al);
    if (json_object_get(pj, "activity_level_t") && p->al <= 0) {
        char ap[96];
        pcf__cbam_sub(ap, sizeof ap, p->path, "activity_level_t");
        BAD(c, ap, "\"activity_level_t\" (tonnes produced in the period) must be > 0");
    }
    if (json_object_get(pj, "default")) {
        p->is_default = 1;
        for (size_t k = 0; k < sizeof actual_keys / sizeof actual_keys[0]; k++)
            if (json_object_get(pj, actual_keys[k])) {
                char kp[96];
                pcf__cbam_sub(kp, sizeof kp, p->path, actual_keys[k]);
                BAD(c, kp,
                    "a process computed from a default value takes no actual data (\"%s\"): "
                    "drop one or the other",
                    actual_keys[k]);
            }
        parse_default(c, pj, p->path, p->sector, &p->def);
        return;
    }
    pcf__cbam_get_num(c, pj, "direct_emissions_t", p->path, 1, &p->direct);
    parse_pair(c, pj, "heat_imported", "tj", "ef_t_per_tj", p->path, &p->heat_imp_tj,
               &p->heat_imp_ef);
    parse_pair(c, pj, "heat_exported", "tj", "ef_t_per_tj", p->path, &p->heat_exp_tj,
               &p->heat_exp_ef);
    parse_pair(c, pj, "electricity_exported", "mwh", "ef_t_per_mwh", p->path, &p->el_exp_mwh,
               &p->el_exp_ef);
    pcf__cbam_get_num(c, pj, "waste_gas_imported_t", p->path, 0, &p->wg_imp);
    pcf__cbam_get_num(c, pj, "waste_gas_exported_t", p->path, 0, &p->wg_exp);
    parse_electricity(c, pj, p);
    json_t *precs = json_object_get(pj, "precursors");
    if (precs && !json_is_array(precs)) {
        char pp[96];
        pcf__cbam_sub(pp, sizeof pp, p->path, "precursors");
        BAD(c, pp, "\"precursors\" must be an array");
        return;
    }
    size_t n = json_array_size(precs);
    p->precs = n ? calloc(n, sizeof *p->precs) : NULL;
    if (n && !p->precs) {
        c->ds.nomem = 1;
        return;
    }
    p->n_precs = n;
    for (size_t i = 0; i < n; i++) {
        char path[96];
        pcf__cbam_sub_i(path, sizeof path, p->path, "precursors", i);
        parse_precursor(c, json_array_get(precs, i), &p->precs[i], path);
    }
}

void pcf__cbam_proc_free(cb_proc *p)
{
    free(p->id);
    free(p->name);
    free(p->category);
    free(p->route);
    free(p->el_basis);
    free(p->el_factor_code);
    free(p->el_source);
    free(p->el_evidence);
    value_free(&p->def);
    for (size_t i = 0; i < p->n_precs; i++) {
        cb_prec *q = &p->precs[i];
        free(q->name);
        free(q->cn_code);
        free(q->process_ref);
        free(q->source);
        value_free(&q->def);
    }
    free(p->precs);
}
