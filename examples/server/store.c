/*
 * pcf-pact-server — footprints from certificate records, and list filters. See store.h.
 * GPL-3.0-or-later; see LICENSE.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include "store.h"

#include <ctype.h>
#include <dirent.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

/* ---- time ---------------------------------------------------------------------------------- */

static long long days_from_civil(long long y, unsigned m, unsigned d)
{
    /* Howard Hinnant's days_from_civil: days since 1970-01-01 of a proleptic Gregorian date. */
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? (unsigned)-3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (long long)doe - 719468;
}

long long parse_time(const char *s, int *ok)
{
    int y, mo, d, h, mi, sec = 0, n = 0;
    *ok = 0;
    if (!s || sscanf(s, "%4d-%2d-%2dT%2d:%2d%n", &y, &mo, &d, &h, &mi, &n) != 5 || n != 16)
        return 0;
    const char *p = s + n;
    if (*p == ':') {
        if (!isdigit((unsigned char)p[1]) || !isdigit((unsigned char)p[2]))
            return 0;
        sec = (p[1] - '0') * 10 + (p[2] - '0');
        p += 3;
        if (*p == '.') {
            p++;
            if (!isdigit((unsigned char)*p))
                return 0;
            while (isdigit((unsigned char)*p))
                p++;
        }
    }
    long long off = 0;
    if (*p == 'Z' || *p == 'z') {
        p++;
    } else if (*p == '+' || *p == '-') {
        int oh, om;
        if (sscanf(p + 1, "%2d:%2d", &oh, &om) != 2 || strlen(p) != 6)
            return 0;
        off = (*p == '+' ? 1 : -1) * (oh * 3600LL + om * 60LL);
        p += 6;
    } else {
        return 0;
    }
    if (*p || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
        return 0;
    *ok = 1;
    return days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600LL + mi * 60LL + sec -
           off;
}

/* ---- loading ------------------------------------------------------------------------------- */

static char *join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", dir, name);
    return p;
}

static int is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* The record's model: as recorded (absolute, or relative to where pcf-certify ran), else
 * relative to the record's folder, else its file name beside the record (pcf-certify --verify
 * looks in the same places). */
static char *model_of(const char *dir, const char *model)
{
    if (!model)
        return NULL;
    if (model[0] == '/' || is_file(model))
        return strdup(model);
    char *p = join(dir, model);
    if (p && is_file(p))
        return p;
    free(p);
    const char *slash = strrchr(model, '/');
    p = join(dir, slash ? slash + 1 : model);
    if (p && is_file(p))
        return p;
    free(p);
    return NULL;
}

/* A vendor-assigned product URN from the model's product id (RFC 8141: unreserved characters
 * kept, others percent-encoded). */
static char *product_urn(const char *id)
{
    static const char prefix[] = "urn:pathfinder:product:customcode:vendor-assigned:";
    size_t n = strlen(id);
    char *u = malloc(sizeof prefix + 3 * n);
    if (!u)
        return NULL;
    char *q = u + sprintf(u, "%s", prefix);
    for (const unsigned char *p = (const unsigned char *)id; *p; p++) {
        if (isalnum(*p) || strchr("-._", *p))
            *q++ = (char)*p;
        else
            q += sprintf(q, "%%%02X", *p);
    }
    *q = '\0';
    return u;
}

static int hexval(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

typedef struct loaded {
    json_t *record;
    pcf_model *model;
    pcf_result *result;
    pcf_pact_options *opts;
} loaded;

static void loaded_free(loaded *l)
{
    json_decref(l->record);
    pcf_model_destroy(l->model);
    pcf_result_destroy(l->result);
    pcf_pact_options_destroy(l->opts);
}

/* Reads, recomputes and checks one record; fills l. NULL on success, else why it is skipped. */
static const char *load_record(const char *dir, const char *path, pcf_db *db, const char *site_text,
                               const char *site_path, loaded *l, pcf_error *err)
{
    json_error_t je;
    pcf_error_clear(err);
    l->record = json_load_file(path, 0, &je);
    if (!l->record)
        return "not JSON";
    /* version 2 (signed records, more digests) keeps every field version 1 had */
    json_int_t format = json_integer_value(json_object_get(l->record, "pcf_certificate"));
    if (format != 1 && format != 2)
        return "not a version 1 or 2 certificate record";
    const char *seal =
        json_string_value(json_object_get(json_object_get(l->record, "digest"), "record_sha256"));
    if (!seal || strlen(seal) != 64)
        return "no digest.record_sha256";
    char *model_path = model_of(dir, json_string_value(json_object_get(l->record, "model_file")));
    if (!model_path)
        return "its model_file is not found (as recorded, nor beside the record)";
    pcf_status st = pcf_model_read_file(model_path, &l->model, err);
    free(model_path);
    pcf_gwp_set gwp = (pcf_gwp_set)0;
    if (st == PCF_OK)
        st = pcf_gwp_set_parse(json_string_value(json_object_get(l->record, "gwp")), &gwp, err);
    if (st == PCF_OK)
        st = pcf_model_calculate(l->model, db, gwp, NULL, &l->result, err);
    if (st != PCF_OK)
        return "its model cannot be recomputed";
    double want = json_number_value(json_object_get(l->record, "total_kg_co2e"));
    double got = pcf_result_total_kg_co2e(l->result);
    /* records keep 15 significant digits */
    if (!(fabs(got - want) <= 1e-13 * fmax(fabs(want), 1e-300) + 1e-300))
        return "its total differs from the recomputed one (the record does not verify)";

    uint8_t random[16];
    for (int i = 0; i < 16; i++)
        random[i] = (uint8_t)(hexval(seal[2 * i]) * 16 + hexval(seal[2 * i + 1]));
    st = pcf_pact_options_create(&l->opts);
    if (st == PCF_OK && site_text)
        st = pcf_pact_options_from_model_json(l->opts, site_text, site_path, err);
    if (st == PCF_OK)
        st = pcf_pact_options_from_model(l->opts, l->model, err);
    if (st == PCF_OK)
        st = pcf_pact_options_set_random(l->opts, random, err);
    char *section = NULL;
    json_t *pact = NULL;
    if (st == PCF_OK && pcf_model_get_section(l->model, "pact", &section, NULL) == PCF_OK)
        pact = json_loads(section, 0, NULL);
    pcf_free(section);
    if (st == PCF_OK && !json_object_get(pact, "productIds")) {
        char *urn = product_urn(pcf_result_product_id(l->result));
        st = urn ? pcf_pact_options_add(l->opts, "productIds", urn, err) : PCF_ERR_NOMEM;
        free(urn);
    }
    struct stat fst;
    int has_created = json_object_get(pact, "created") != NULL;
    json_decref(pact);
    if (st == PCF_OK && !has_created && stat(path, &fst) == 0) {
        char when[32];
        struct tm tm;
        time_t t = fst.st_mtime;
        strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&t, &tm));
        st = pcf_pact_options_set(l->opts, "created", when, err);
    }
    return st == PCF_OK ? NULL : "its PACT fields are incomplete";
}

static int add_entry(store *s, loaded *l, const char *path, FILE *log)
{
    fp_entry e;
    memset(&e, 0, sizeof e);
    for (int v = 0; v < 2; v++) {
        char *text = NULL;
        pcf_error err;
        if (pcf_pact_write(l->result, l->opts, v + 2, &text, &err) != PCF_OK) {
            fprintf(log, "pcf-pact-server: %s: no PACT v%s footprint: %s\n", path,
                    v ? "3.0" : "2.3", err.message);
            continue;
        }
        e.doc[v] = json_loads(text, 0, NULL);
        pcf_free(text);
        e.text[v] =
            e.doc[v]
                ? json_dumps(e.doc[v], JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17))
                : NULL;
        const char *id = json_string_value(json_object_get(e.doc[v], "id"));
        if (id)
            snprintf(e.id, sizeof e.id, "%s", id);
    }
    if (!e.text[0] && !e.text[1])
        return 0;
    fp_entry *grown = realloc(s->items, (s->n + 1) * sizeof *grown);
    if (!grown) {
        for (int v = 0; v < 2; v++) {
            free(e.text[v]);
            json_decref(e.doc[v]);
        }
        return -1;
    }
    s->items = grown;
    s->items[s->n++] = e;
    return 1;
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int store_load(store *s, const char *dir, pcf_db *db, const char *site_fields, FILE *log)
{
    memset(s, 0, sizeof *s);
    char *site_text = NULL;
    if (site_fields) {
        FILE *f = fopen(site_fields, "rb");
        long n = -1;
        if (f && fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
            (site_text = calloc(1, (size_t)n + 1)) &&
            fread(site_text, 1, (size_t)n, f) != (size_t)n)
            n = -1;
        if (f)
            fclose(f);
        if (n < 0 || !site_text) {
            fprintf(log, "pcf-pact-server: cannot read %s\n", site_fields);
            free(site_text);
            return -1;
        }
    }
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(log, "pcf-pact-server: cannot open the records folder %s\n", dir);
        free(site_text);
        return -1;
    }
    char **names = NULL;
    size_t nn = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        size_t len = strlen(de->d_name);
        if (len > 10 && strcmp(de->d_name + len - 10, ".cert.json") == 0) {
            char **g = realloc(names, (nn + 1) * sizeof *g);
            if (!g)
                break;
            names = g;
            names[nn++] = strdup(de->d_name);
        }
    }
    closedir(d);
    qsort(names, nn, sizeof *names, cmp_name); /* the same order at every start */
    int skipped = 0;
    for (size_t i = 0; i < nn; i++) {
        char *path = join(dir, names[i]);
        loaded l = {0};
        pcf_error err;
        const char *why =
            path ? load_record(dir, path, db, site_text, site_fields, &l, &err) : "out of memory";
        if (!why && add_entry(s, &l, path, log) <= 0)
            why = "no footprint could be written";
        if (why) {
            fprintf(log, "pcf-pact-server: skipping %s: %s%s%s\n", path ? path : names[i], why,
                    err.message[0] ? ": " : "", err.message);
            skipped++;
        }
        loaded_free(&l);
        free(path);
        free(names[i]);
    }
    free(names);
    free(site_text);
    return skipped;
}

void store_free(store *s)
{
    for (size_t i = 0; i < s->n; i++)
        for (int v = 0; v < 2; v++) {
            free(s->items[i].text[v]);
            json_decref(s->items[i].doc[v]);
        }
    free(s->items);
    memset(s, 0, sizeof *s);
}

const fp_entry *store_find(const store *s, const char *id)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcasecmp(s->items[i].id, id) == 0)
            return &s->items[i];
    return NULL;
}

/* ---- filters ------------------------------------------------------------------------------- */

enum { OP_EQ, OP_NE, OP_GT, OP_GE, OP_LT, OP_LE, OP_ANY };
enum { C_PRODUCT, C_COMPANY, C_GEO, C_CLASS, C_VALID_ON, C_VALID_AFTER, C_VALID_BEFORE, C_STATUS };

typedef struct clause {
    int v2;      /* a v2 $filter clause, else a v3 criterion */
    char *path;  /* v2: slash path; v3: unused */
    int op;      /* v2 */
    int crit;    /* v3 */
    char **vals; /* v2: one value; v3: the values of one criterion (OR) */
    size_t nvals;
    long long t; /* v3 dates */
} clause;

struct fp_filter {
    clause *c;
    size_t n;
};

void filter_free(fp_filter *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->n; i++) {
        free(f->c[i].path);
        for (size_t k = 0; k < f->c[i].nvals; k++)
            free(f->c[i].vals[k]);
        free(f->c[i].vals);
    }
    free(f->c);
    free(f);
}

static clause *new_clause(fp_filter **f)
{
    if (!*f && !(*f = calloc(1, sizeof **f)))
        return NULL;
    clause *g = realloc((*f)->c, ((*f)->n + 1) * sizeof *g);
    if (!g)
        return NULL;
    (*f)->c = g;
    memset(&g[(*f)->n], 0, sizeof *g);
    return &g[(*f)->n++];
}

static int add_val(clause *c, const char *v, size_t n)
{
    char **g = realloc(c->vals, (c->nvals + 1) * sizeof *g);
    if (!g)
        return -1;
    c->vals = g;
    if (!(g[c->nvals] = strndup(v, n)))
        return -1;
    c->nvals++;
    return 0;
}

static const char *skip_ws(const char *p)
{
    while (*p == ' ')
        p++;
    return p;
}

/* A quoted OData literal ('' is a quote); *end after it. */
static int literal(const char *p, char **out, const char **end)
{
    if (*p != '\'')
        return -1;
    size_t cap = strlen(p), n = 0;
    char *s = malloc(cap);
    if (!s)
        return -1;
    for (p++; *p; p++) {
        if (*p == '\'') {
            if (p[1] != '\'')
                break;
            p++;
        }
        s[n++] = *p;
    }
    if (*p != '\'') {
        free(s);
        return -1;
    }
    s[n] = '\0';
    *out = s;
    *end = p + 1;
    return 0;
}

fp_filter *filter_v2(const char *text, const char **why)
{
    fp_filter *f = NULL;
    const char *p = skip_ws(text);
    static const char *ops[] = {"eq", "ne", "gt", "ge", "lt", "le"};
    for (;;) {
        clause *c = new_clause(&f);
        if (!c)
            goto bad;
        c->v2 = 1;
        size_t n = strspn(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/");
        if (!n)
            goto bad;
        c->path = strndup(p, n);
        p = skip_ws(p + n);
        char *val = NULL;
        size_t plen = strlen(c->path);
        if (plen > 4 && strcmp(c->path + plen - 4, "/any") == 0) {
            /* companyIds/any(x:(x eq 'v')) */
            c->path[plen - 4] = '\0';
            c->op = OP_ANY;
            if (*p++ != '(')
                goto bad;
            size_t vn = strspn(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");
            if (!vn || p[vn] != ':' || p[vn + 1] != '(' || strncmp(p + vn + 2, p, vn) != 0)
                goto bad;
            p = skip_ws(p + 2 * vn + 2);
            if (strncmp(p, "eq ", 3) != 0)
                goto bad;
            if (literal(skip_ws(p + 3), &val, &p) != 0)
                goto bad;
            if (strncmp(p, "))", 2) != 0) {
                free(val);
                goto bad;
            }
            p += 2;
        } else {
            int op = -1;
            for (int k = 0; k < 6; k++)
                if (strncmp(p, ops[k], 2) == 0 && p[2] == ' ')
                    op = k;
            if (op < 0 || literal(skip_ws(p + 3), &val, &p) != 0)
                goto bad;
            c->op = op;
        }
        int r = add_val(c, val, strlen(val));
        free(val);
        if (r)
            goto bad;
        p = skip_ws(p);
        if (!*p)
            return f;
        if (strncmp(p, "and ", 4) != 0)
            goto bad;
        p = skip_ws(p + 4);
    }
bad:
    *why = "$filter: only clauses like pcf/geographyCountry eq 'DE', created ge "
           "'2024-01-01T00:00:00Z' or productIds/any(p:(p eq 'urn:...')), joined by \"and\", "
           "are supported";
    filter_free(f);
    return NULL;
}

int filter_v3_add(fp_filter **f, const char *name, const char *value, const char **why)
{
    static const char *names[] = {"productid", "companyid",  "geography",   "classification",
                                  "validon",   "validafter", "validbefore", "status"};
    int crit = -1;
    for (int k = 0; k < 8; k++)
        if (strcasecmp(name, names[k]) == 0)
            crit = k;
    if (crit < 0) {
        *why = "unknown query parameter; the filters are productId, companyId, geography, "
               "classification, validOn, validAfter, validBefore and status (and x-... ones)";
        return -1;
    }
    clause *c = NULL;
    for (size_t i = 0; *f && i < (*f)->n; i++)
        if ((*f)->c[i].crit == crit)
            c = &(*f)->c[i];
    if (c && crit >= C_VALID_ON && crit <= C_STATUS) {
        *why = "validOn, validAfter, validBefore and status take one value";
        return -1;
    }
    if (!c && (c = new_clause(f)))
        c->crit = crit;
    if (!c || add_val(c, value, strlen(value))) {
        *why = "out of memory";
        return -1;
    }
    int ok = 1;
    if (crit >= C_VALID_ON && crit <= C_VALID_BEFORE)
        c->t = parse_time(value, &ok);
    if (!ok) {
        *why = "validOn, validAfter and validBefore take an RFC 3339 date-time such as "
               "2025-06-01T00:00:00Z";
        return -1;
    }
    if (crit == C_STATUS && strcasecmp(value, "Active") && strcasecmp(value, "Deprecated")) {
        *why = "status is Active or Deprecated";
        return -1;
    }
    return 0;
}

static const json_t *at_path(const json_t *doc, const char *path)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", path);
    const json_t *v = doc;
    for (char *save = NULL, *k = strtok_r(buf, "/", &save); k && v; k = strtok_r(NULL, "/", &save))
        v = json_object_get(v, k);
    return v;
}

static int compare(const char *a, const char *b)
{
    int ok1, ok2;
    long long ta = parse_time(a, &ok1), tb = parse_time(b, &ok2);
    if (ok1 && ok2)
        return (ta > tb) - (ta < tb);
    char *e1, *e2;
    double x = strtod(a, &e1), y = strtod(b, &e2);
    if (*a && *b && !*e1 && !*e2)
        return (x > y) - (x < y);
    return strcmp(a, b);
}

static int match_v2(const clause *c, const json_t *doc)
{
    const json_t *v = at_path(doc, c->path);
    if (c->op == OP_ANY) {
        size_t i;
        json_t *e;
        json_array_foreach(v, i, e) if (json_is_string(e) &&
                                        strcmp(json_string_value(e), c->vals[0]) == 0) return 1;
        return 0;
    }
    const char *s = json_string_value(v);
    char num[64];
    if (!s && json_is_number(v)) {
        snprintf(num, sizeof num, "%.17g", json_number_value(v));
        s = num;
    }
    if (!s)
        return c->op == OP_NE;
    int r = compare(s, c->vals[0]);
    switch (c->op) {
    case OP_EQ:
        return r == 0;
    case OP_NE:
        return r != 0;
    case OP_GT:
        return r > 0;
    case OP_GE:
        return r >= 0;
    case OP_LT:
        return r < 0;
    default:
        return r <= 0;
    }
}

/* Any value of the criterion equals (case-insensitively) any string of the list or value. */
static int any_of(const clause *c, const json_t *v)
{
    for (size_t k = 0; k < c->nvals; k++) {
        if (json_is_string(v) && strcasecmp(json_string_value(v), c->vals[k]) == 0)
            return 1;
        size_t i;
        json_t *e;
        json_array_foreach(v, i, e) if (json_is_string(e) &&
                                        strcasecmp(json_string_value(e), c->vals[k]) == 0) return 1;
    }
    return 0;
}

/* The validity period: validityPeriodStart/End, else from referencePeriodEnd for 3 years. */
static void validity(const json_t *doc, long long *start, long long *end)
{
    int ok;
    const json_t *pcf = json_object_get(doc, "pcf");
    long long ref = parse_time(json_string_value(json_object_get(pcf, "referencePeriodEnd")), &ok);
    long long s = parse_time(json_string_value(json_object_get(doc, "validityPeriodStart")), &ok);
    *start = ok ? s : ref;
    long long e = parse_time(json_string_value(json_object_get(doc, "validityPeriodEnd")), &ok);
    *end = ok ? e : ref + 3LL * 365 * 86400 + 86400; /* 3 years, one of them a leap year */
}

static int match_v3(const clause *c, const json_t *doc)
{
    long long start, end;
    const json_t *pcf = json_object_get(doc, "pcf");
    switch (c->crit) {
    case C_PRODUCT:
        return any_of(c, json_object_get(doc, "productIds"));
    case C_COMPANY:
        return any_of(c, json_object_get(doc, "companyIds"));
    case C_CLASS:
        return any_of(c, json_object_get(doc, "productClassifications"));
    case C_GEO:
        return any_of(c, json_object_get(pcf, "geographyCountry")) ||
               any_of(c, json_object_get(pcf, "geographyRegionOrSubregion")) ||
               any_of(c, json_object_get(pcf, "geographyCountrySubdivision"));
    case C_STATUS:
        return any_of(c, json_object_get(doc, "status"));
    case C_VALID_ON:
        validity(doc, &start, &end);
        return start <= c->t && c->t <= end;
    case C_VALID_AFTER:
        validity(doc, &start, &end);
        return start > c->t;
    default:
        validity(doc, &start, &end);
        return end < c->t;
    }
}

int filter_match(const fp_filter *f, const json_t *doc, int v3)
{
    for (size_t i = 0; f && i < f->n; i++)
        if (!(f->c[i].v2 ? match_v2(&f->c[i], doc) : v3 ? match_v3(&f->c[i], doc) : 1))
            return 0;
    return 1;
}
