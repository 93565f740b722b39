/*
 * pcf — resolver: reading values and keys from the model's JSON, each problem reported with its
 * JSON path (the diag list), and the uncertainty of an amount or own factor. GPL-3.0-or-later;
 * see LICENSE.
 */
#include "system_resolve.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* snprintf through va_list: truncation of a path or message is fine here (and expected by
 * nobody), so gcc's -Wformat-truncation has nothing to say. */
void pcf__res_fmt(char *out, size_t size, const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    vsnprintf(out, size, f, ap);
    va_end(ap);
}

void pcf__res_sub(char *out, size_t size, const char *path, const char *key)
{
    pcf__res_fmt(out, size, "%s.%s", path, key);
}

/* Appends text[0..n) to out[*len..size), truncating as snprintf does. */
static void put_text(char *out, size_t size, size_t *len, const char *text, size_t n)
{
    if (*len + 1 >= size)
        return;
    if (n > size - 1 - *len)
        n = size - 1 - *len;
    memcpy(out + *len, text, n);
    *len += n;
    out[*len] = '\0';
}

void pcf__res_index(char *out, size_t size, const char *path, size_t k)
{
    if (size == 0)
        return;
    char digits[24];
    size_t nd = sizeof digits;
    digits[--nd] = ']';
    do
        digits[--nd] = (char)('0' + k % 10);
    while ((k /= 10) != 0);
    digits[--nd] = '[';
    size_t len = 0;
    out[0] = '\0';
    put_text(out, size, &len, path, strlen(path));
    put_text(out, size, &len, digits + nd, sizeof digits - nd);
}

void pcf__res_ipath_start(pcf__res_ipath *p, const char *base)
{
    /* room for 20 digits, the brackets and the NUL: a longer base is cut, the index kept */
    size_t n = strlen(base);
    if (n > sizeof p->text - 23)
        n = sizeof p->text - 23;
    memcpy(p->text, base, n);
    memcpy(p->text + n, "[0]", 4);
    p->open = n;
    p->close = n + 2;
}

void pcf__res_ipath_next(pcf__res_ipath *p)
{
    /* add one to the decimal digits between '[' and ']' */
    for (size_t i = p->close; i-- > p->open + 1;) {
        if (p->text[i] != '9') {
            p->text[i]++;
            return;
        }
        p->text[i] = '0';
    }
    /* all nines: one digit more, "1" then the zeros */
    size_t first = p->open + 1;
    memmove(p->text + first + 1, p->text + first, p->close - first + 2); /* zeros, ']', NUL */
    p->text[first] = '1';
    p->close++;
}

const char *pcf__res_keep(pcf__res_ctx *c, const char *s)
{
    const char *r = pcf__arena_strdup(&c->d->strings, s);
    if (!r)
        c->ds.nomem = 1;
    return r ? r : "";
}

int pcf__res_key_id_slow(pcf__res_ctx *c, const char *key)
{
    if (!key)
        return -1;
    const size_t n = sizeof c->key_ids / sizeof c->key_ids[0];
    size_t h = PCF__RES_KEY_SLOT(key), j = 0;
    for (; j < 8 && c->key_ids[(h + j) & (n - 1)].key; j++) /* probes: no two keys evict */
        if (c->key_ids[(h + j) & (n - 1)].key == key) {
            int id = c->key_ids[(h + j) & (n - 1)].id;
            assert(strcmp(pcf__model_keys[id].name, key) == 0);
            return id;
        }
    int id = pcf__model_key_name_id(key);
    if (id >= 0) {
        size_t at = (h + (j < 8 ? j : 0)) & (n - 1); /* the first free slot, else the home one */
        c->key_ids[at].key = key;
        c->key_ids[at].id = id;
    }
    return id;
}

void pcf__res_scan_end(pcf__res_ctx *c)
{
    for (size_t i = 0; i < c->scan.n_set; i++)
        c->scan.val[c->scan.set[i]] = NULL;
    c->scan.n_set = 0;
    c->scan.obj = NULL;
}

/* ---- typed getters that report problems ---- */

void pcf__res_missing(pcf__res_ctx *c, const char *key, const char *path)
{
    ERR(c, PCF_ERR_INVALID_MODEL, path, "\"%s\" is required here", key);
}

int pcf__res_num_of(pcf__res_ctx *c, json_t *v, const char *key, uint32_t where, const char *path,
                    double *out)
{
    /* most numbers asked are absent: the id is asked again (a cache hit) only for those given */
    const pcf__model_key *k = pcf__model_key_of_id(pcf__res_key_id(c, key), where);
    if (!k || k->type != PCF__KEY_NUMBER) {
        ERR(c, PCF_ERR_INTERNAL, path, "the key table has no number \"%s\" here", key);
        return 0;
    }
    double lo = k->lo, hi = k->hi, x = json_is_number(v) ? json_number_value(v) : NAN;
    int lo_open = k->lo_open, hi_open = k->hi_open;
    if (json_is_number(v) && pcf__model_key_in_range(k, x)) {
        *out = x;
        return 1;
    }
    /* the path is built only for a problem: this runs for every number of every activity */
    char p[PCF_ERROR_PATH_SIZE];
    pcf__res_sub(p, sizeof p, path, key);
    pcf__numbuf b1, b2, b3;
    if (!json_is_number(v))
        ERR(c, PCF_ERR_INVALID_MODEL, p, "\"%s\" must be a number", key);
    else if (!isfinite(x))
        ERR(c, PCF_ERR_INVALID_ARG, p, "\"%s\" is not a finite number", key);
    else if (lo == 0 && x < 0 && !lo_open)
        ERR(c, PCF_ERR_INVALID_ARG, p, "\"%s\" is negative (%s); amounts must be >= 0", key,
            pcf__num(&b1, x));
    else
        ERR(c, PCF_ERR_INVALID_ARG, p, "\"%s\" = %s is outside %c%s, %s%c", key, pcf__num(&b1, x),
            lo_open ? '(' : '[', pcf__num(&b2, lo), isinf(hi) ? "inf" : pcf__num(&b3, hi),
            hi_open ? ')' : ']');
    return 0;
}

const char *pcf__res_not_string(pcf__res_ctx *c, const char *key, const char *path)
{
    char p[PCF_ERROR_PATH_SIZE];
    pcf__res_sub(p, sizeof p, path, key);
    ERR(c, PCF_ERR_INVALID_MODEL, p, "\"%s\" must be a string", key);
    return NULL;
}

const pcf_unit *pcf__res_unit_text(pcf__res_ctx *c, const char *s, const char *key,
                                   const char *path, pcf_dimension dim)
{
    const pcf_unit *u = NULL;
    pcf_status st = PCF_OK;
    const char *message = NULL;
    size_t i = 0;
    for (; i < 8; i++)
        if (c->units[i].text[0] && strcmp(c->units[i].text, s) == 0)
            break;
    if (i < 8) {
        u = c->units[i].unit;
        st = c->units[i].st;
        message = c->units[i].message;
    } else {
        /* parsed once per spelling while it repeats: a model that writes an unknown unit on
         * every activity asks for the suggestions (a scan of every unit) once, not each time */
        pcf_error e;
        st = pcf_unit_parse(s, &u, &e);
        if (st != PCF_OK) {
            st = e.code == PCF_ERR_NOT_FOUND ? PCF_ERR_UNIT : (pcf_status)e.code;
            message = pcf__res_keep(c, e.message);
        }
        size_t len = strlen(s);
        if (len < sizeof c->units[0].text) {
            unsigned at = c->next_unit++ % 8;
            memcpy(c->units[at].text, s, len + 1);
            c->units[at].unit = u;
            c->units[at].st = st;
            c->units[at].message = message;
        }
    }
    if (st == PCF_OK && (dim == PCF_DIM_NONE || pcf_unit_dimension(u) == dim))
        return u;
    char p[PCF_ERROR_PATH_SIZE];
    pcf__res_sub(p, sizeof p, path, key);
    if (st != PCF_OK)
        ERR(c, st, p, "%s", message);
    else
        ERR(c, PCF_ERR_UNIT, p, "\"%s\" is a unit of %s; %s needs a unit of %s", s,
            pcf_dimension_name(pcf_unit_dimension(u)), key, pcf_dimension_name(dim));
    return NULL;
}

double pcf__res_conv(const pcf_unit *from, const pcf_unit *to)
{
    double f = 0;
    if (pcf_unit_factor(from, to, &f, NULL) != PCF_OK)
        return NAN;
    return f;
}

const pcf_unit *pcf__res_unit_of(const char *sym)
{
    const pcf_unit *u = NULL;
    if (pcf_unit_parse(sym, &u, NULL) != PCF_OK)
        return NULL;
    return u;
}

void pcf__res_check_keys(pcf__res_ctx *c, json_t *obj, const char *path, uint32_t where)
{
    int scan = (where & ~PCF__IN_ACTIVITY) == 0;
    if (scan) {
        pcf__res_scan_end(c);
        c->scan.obj = obj;
    }
    for (void *it = json_object_iter(obj); it; it = json_object_iter_next(obj, it)) {
        const char *key = json_object_iter_key(it);
        size_t len = json_object_iter_key_len(it);
        json_t *v = json_object_iter_value(it);
        int id = pcf__model_key_name_id_n(key, len);
        /* names are unique in an object (jansson's keys), so each id comes once; the test keeps
         * c->scan.set within its bounds whatever comes */
        if (scan && id >= 0 && !c->scan.val[id]) {
            c->scan.val[id] = v;
            c->scan.set[c->scan.n_set++] = (uint16_t)id;
        }
        if (pcf__model_key_of_id(id, where) || (key[0] == 'x' && key[1] == '-'))
            continue;
        char p[PCF_ERROR_PATH_SIZE];
        pcf__res_sub(p, sizeof p, path, key);
        const pcf__model_key *other =
            (where & PCF__IN_ACTIVITY) ? pcf__model_key_find(key, PCF__IN_ACTIVITY) : NULL;
        if (other) {
            char stages[128];
            size_t n = 0;
            stages[0] = '\0';
            for (int s = 0; s < PCF_STAGE_COUNT && n < sizeof stages; s++)
                if (other->where & PCF__IN_STAGE(s)) {
                    int w = snprintf(stages + n, sizeof stages - n, "%s%s", n ? ", " : "",
                                     pcf__stage_keys[s]);
                    n += w > 0 ? (size_t)w : 0;
                }
            WARN(c, p, "\"%s\" belongs to activities of %s, so it is ignored here", key, stages);
            continue;
        }
        WARN(c, p,
             "unknown key \"%s\" is ignored (a typo? see docs/model-format.md; prefix "
             "your own keys with \"x-\")",
             key);
    }
}

/* Reads "uncertainty" into dist + parameters (checked around value). */
void pcf__res_get_uncertainty(pcf__res_ctx *c, json_t *obj, const char *path, double value,
                              pcf_dist *dist, double p[3])
{
    *dist = PCF_DIST_FIXED;
    p[0] = p[1] = p[2] = 0;
    json_t *u = pcf__res_member(c, obj, "uncertainty");
    if (!u)
        return;
    char up[PCF_ERROR_PATH_SIZE];
    pcf__res_sub(up, sizeof up, path, "uncertainty");
    if (!json_is_object(u)) {
        ERR(c, PCF_ERR_INVALID_MODEL, up,
            "\"uncertainty\" must be an object such as "
            "{\"dist\": \"lognormal\", \"gsd\": 1.2}");
        return;
    }
    /* Pedigree scores stand for a lognormal whose GSD they give (ecoinvent pedigree matrix, Weidema
     * et al. 2013), so "dist" may be left out with them. */
    json_t *ped = json_object_get(u, "pedigree");
    const char *name = pcf__res_get_str(c, u, "dist", up, !ped);
    if (!name && !ped)
        return;
    if (!name)
        name = "lognormal";
    pcf_error e;
    pcf_dist d;
    if (pcf_dist_parse(name, &d, &e) != PCF_OK) {
        char dp[PCF_ERROR_PATH_SIZE];
        pcf__res_sub(dp, sizeof dp, up, "dist");
        ERR(c, PCF_ERR_INVALID_MODEL, dp, "%s", e.message);
        return;
    }
    pcf__res_check_keys(c, u, up, PCF__IN_UNCERTAINTY);
    if (ped || json_object_get(u, "basic_uncertainty")) {
        char pp[PCF_ERROR_PATH_SIZE];
        pcf__res_sub(pp, sizeof pp, up, ped ? "pedigree" : "basic_uncertainty");
        if (d != PCF_DIST_LOGNORMAL || json_object_get(u, "gsd") || !ped) {
            ERR(c, PCF_ERR_INVALID_MODEL, pp,
                "pedigree scores give the GSD of a lognormal: write {\"dist\": \"lognormal\", "
                "\"pedigree\": [reliability, completeness, temporal, geographical, "
                "technological], \"basic_uncertainty\": U_b} without \"gsd\"");
            return;
        }
        int scores[6];
        size_t n = json_is_array(ped) ? json_array_size(ped) : 0;
        int ok = n == 5 || n == 6;
        for (size_t i = 0; ok && i < n; i++) {
            json_t *v = json_array_get(ped, i);
            ok = json_is_integer(v) && json_integer_value(v) >= 1 && json_integer_value(v) <= 5;
            if (ok)
                scores[i] = (int)json_integer_value(v);
        }
        if (!ok) {
            ERR(c, PCF_ERR_INVALID_MODEL, pp,
                "\"pedigree\" must be 5 scores from 1 to 5 (reliability, completeness, temporal, "
                "geographical, technological correlation), or 6 with sample size");
            return;
        }
        double ub = 1.0;
        json_t *bu = json_object_get(u, "basic_uncertainty");
        if (bu && !json_is_number(bu)) {
            char bp[PCF_ERROR_PATH_SIZE];
            pcf__res_sub(bp, sizeof bp, up, "basic_uncertainty");
            ERR(c, PCF_ERR_INVALID_MODEL, bp,
                "\"basic_uncertainty\" must be a number >= 1 (U_b as a GSD squared, e.g. 1.05)");
            return;
        }
        if (bu)
            ub = json_number_value(bu);
        if (pcf_dq_pedigree_gsd(scores, n, ub, &p[0], &e) != PCF_OK) {
            ERR(c, PCF_ERR_INVALID_ARG, pp, "%s", e.message);
            return;
        }
        *dist = PCF_DIST_LOGNORMAL;
        return;
    }
    const char *k[3] = {NULL, NULL, NULL};
    switch (d) {
    case PCF_DIST_FIXED:
        break;
    case PCF_DIST_LOGNORMAL:
        k[0] = "gsd";
        break;
    case PCF_DIST_NORMAL:
        k[0] = "sd";
        break;
    case PCF_DIST_TRIANGULAR:
        k[0] = "min", k[1] = "mode", k[2] = "max";
        break;
    case PCF_DIST_UNIFORM:
        k[0] = "min", k[1] = "max";
        break;
    }
    for (int i = 0; i < 3; i++) {
        if (!k[i])
            continue;
        json_t *v = json_object_get(u, k[i]);
        if (!json_is_number(v)) {
            ERR(c, PCF_ERR_INVALID_MODEL, up, "a %s distribution needs a number \"%s\"", name,
                k[i]);
            return;
        }
        p[i] = json_number_value(v);
    }
    if (pcf_dist_check(d, value, p[0], p[1], p[2], &e) != PCF_OK) {
        ERR(c, PCF_ERR_INVALID_ARG, up, "%s", e.message);
        return;
    }
    *dist = d;
}
