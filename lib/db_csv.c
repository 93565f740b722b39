/*
 * pcf — CSV import into and export from the factor database.
 *
 * Import is all or nothing: the file is read into memory and its rows are parsed, checked and
 * inserted one at a time inside one transaction, which a bad row rolls back, so the database file
 * is left byte-for-byte as it was. Only the row being imported is held parsed (a parsed file took
 * about 30 times its size). Every error names the file, line and column (in bytes, 1-based) and
 * the column's header.
 * GPL-3.0-or-later; see LICENSE.
 */
#include "db_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Larger CSV files are refused rather than read into memory. */
#define CSV_MAX_BYTES ((size_t)256 * 1024 * 1024)

/* ---- per-gas amounts ---------------------------------------------------------------------- */

pcf_status pcf__db_parse_gases(const char *text, pcf_gas **gases_out, double **kg_out,
                               size_t *n_out, pcf_error *err)
{
    *gases_out = NULL;
    *kg_out = NULL;
    *n_out = 0;
    if (!text || !text[0])
        return PCF_OK;
    size_t cap = 1;
    for (const char *p = text; *p; p++)
        cap += *p == ';';
    pcf_gas *gases = malloc(cap * sizeof *gases);
    double *kg = malloc(cap * sizeof *kg);
    if (!gases || !kg) {
        free(gases);
        free(kg);
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory reading per-gas amounts");
    }
    size_t n = 0;
    const char *p = text;
    pcf_status s = PCF_OK;
    while (*p && s == PCF_OK) {
        const char *end = strchr(p, ';');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        char item[128];
        if (len == 0 || len >= sizeof item) {
            s = pcf__error(err, PCF_ERR_PARSE,
                           "per-gas item \"%.*s\" is empty or too long; write items like "
                           "\"ch4_fossil=1 g\" separated by ';'",
                           (int)(len > 60 ? 60 : len), p);
            break;
        }
        memcpy(item, p, len);
        item[len] = '\0';
        char *eq = strchr(item, '=');
        if (!eq) {
            s = pcf__error(err, PCF_ERR_PARSE,
                           "per-gas item \"%s\" has no '='; write it like \"ch4_fossil=1 g\"",
                           item);
            break;
        }
        *eq = '\0';
        pcf_gas gas;
        double amount;
        const pcf_unit *unit;
        pcf_error inner;
        if (pcf_gas_parse(item, &gas, &inner) != PCF_OK) {
            s = pcf__error(err, PCF_ERR_PARSE, "in per-gas amounts: %s", inner.message);
            break;
        }
        if (pcf_quantity_parse(eq + 1, &amount, &unit, &inner) != PCF_OK) {
            s = pcf__error(err, PCF_ERR_PARSE, "in per-gas amount of %s: %s", item, inner.message);
            break;
        }
        if (pcf_unit_dimension(unit) != PCF_DIM_MASS || amount < 0) {
            s = pcf__error(err, PCF_ERR_PARSE,
                           "per-gas amount \"%s\" of %s must be a mass of zero or more, like "
                           "\"1 g\" or \"0.5 kg\"",
                           eq + 1, item);
            break;
        }
        gases[n] = gas;
        kg[n] = amount * pcf_unit_to_base(unit);
        if (!isfinite(kg[n])) {
            s = pcf__error(err, PCF_ERR_PARSE,
                           "per-gas amount \"%s\" of %s is too large: in kg it is beyond the "
                           "range of a double; check the unit",
                           eq + 1, item);
            break;
        }
        n++;
        p += len;
        if (*p == ';')
            p++;
    }
    if (s != PCF_OK) {
        free(gases);
        free(kg);
        return s;
    }
    *gases_out = gases;
    *kg_out = kg;
    *n_out = n;
    return PCF_OK;
}

/* ---- CSV reading -------------------------------------------------------------------------- */

typedef struct csv_field {
    char *text;
    int line, col;
} csv_field;

typedef struct csv_row {
    csv_field *f;
    size_t n;
    int line;
    int end_col; /* column just past the last field, for "missing column" errors */
} csv_row;

static void row_free(csv_row *r)
{
    for (size_t i = 0; i < r->n; i++)
        free(r->f[i].text);
    free(r->f);
    memset(r, 0, sizeof *r);
}

static pcf_status at(pcf_error *err, pcf_status code, const char *file, int line, int col,
                     const char *fmt, ...) PCF__PRINTF(6, 7);

static pcf_status at(pcf_error *err, pcf_status code, const char *file, int line, int col,
                     const char *fmt, ...)
{
    char detail[PCF_ERROR_MESSAGE_SIZE];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    pcf__error(err, code, "line %d, column %d: %s", line, col, detail);
    pcf__error_where(err, file, NULL, line, col);
    return code;
}

/* Finds the first byte that is not valid UTF-8 (or a NUL); returns len when all is valid. */
static size_t utf8_bad_at(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
        if (i + n > len || !pcf__utf8_valid(s + i, n))
            return i;
        i += n;
    }
    return len;
}

/* PCF_OK when buf[from..len) is valid UTF-8, else PCF_ERR_PARSE at the line and column of the
 * first bad byte. */
static pcf_status check_utf8(const char *file, const char *buf, size_t len, size_t from,
                             pcf_error *err)
{
    size_t bad = utf8_bad_at(buf + from, len - from) + from;
    if (bad >= len)
        return PCF_OK;
    int line = 1;
    size_t line_start = 0;
    for (size_t k = 0; k < bad; k++)
        if (buf[k] == '\n') {
            line++;
            line_start = k + 1;
        }
    return at(err, PCF_ERR_PARSE, file, line, (int)(bad - line_start + 1),
              "byte 0x%02X is not valid UTF-8; save the file as UTF-8", (unsigned char)buf[bad]);
}

/* Where the reader is in the text, and the field being read. */
typedef struct csv_scan {
    const char *file, *buf;
    size_t len, i, line_start;
    int line;
    pcf__buf fb;
} csv_scan;

/* Reads a quoted field starting at the '"' at s->i into s->fb; fld gives its start for errors. */
static pcf_status scan_quoted(csv_scan *s, const csv_field *fld, pcf_error *err)
{
    const char *buf = s->buf;
    size_t len = s->len;
    s->i++;
    for (;;) {
        if (s->i >= len)
            return at(err, PCF_ERR_PARSE, s->file, fld->line, fld->col,
                      "a quoted field is never closed; add the closing '\"'");
        if (buf[s->i] == '"') {
            if (s->i + 1 < len && buf[s->i + 1] == '"') {
                pcf__buf_append(&s->fb, "\"", 1);
                s->i += 2;
                continue;
            }
            s->i++;
            break;
        }
        if (buf[s->i] == '\n') {
            s->line++;
            s->line_start = s->i + 1;
        }
        pcf__buf_append(&s->fb, buf + s->i, 1);
        s->i++;
    }
    if (s->i < len && buf[s->i] != ',' && buf[s->i] != '\n' && buf[s->i] != '\r')
        return at(err, PCF_ERR_PARSE, s->file, s->line, (int)(s->i - s->line_start + 1),
                  "unexpected text after a closing quote; put the whole field in "
                  "quotes and double any '\"' inside it");
    return PCF_OK;
}

/* Reads the field at s->i into s->fb (quotes taken off), up to the ',' or line end after it. */
static pcf_status scan_field(csv_scan *s, const csv_field *fld, pcf_error *err)
{
    const char *buf = s->buf;
    size_t len = s->len;
    s->fb.len = 0;
    pcf__buf_append(&s->fb, "", 0);
    if (s->i < len && buf[s->i] == '"')
        return scan_quoted(s, fld, err);
    while (s->i < len && buf[s->i] != ',' && buf[s->i] != '\n' && buf[s->i] != '\r') {
        if (buf[s->i] == '"')
            return at(err, PCF_ERR_PARSE, s->file, s->line, (int)(s->i - s->line_start + 1),
                      "a '\"' inside an unquoted field; put the field in quotes and "
                      "double the '\"'");
        pcf__buf_append(&s->fb, buf + s->i, 1);
        s->i++;
    }
    return PCF_OK;
}

/* Appends fld to row (fcap: its capacity); 0, with fld.text freed, when out of memory. */
static int push_field(csv_row *row, size_t *fcap, csv_field fld)
{
    if (row->n == *fcap) {
        *fcap = *fcap ? *fcap * 2 : 24;
        csv_field *p = realloc(row->f, *fcap * sizeof *p);
        if (!p) {
            free(fld.text);
            return 0;
        }
        row->f = p;
    }
    row->f[row->n++] = fld;
    return 1;
}

/* Reads the fields of one row from s->i to the end of its line into row. */
static pcf_status scan_row(csv_scan *s, csv_row *row, pcf_error *err)
{
    const char *buf = s->buf;
    size_t len = s->len;
    memset(row, 0, sizeof *row);
    row->line = s->line;
    size_t fcap = 0;
    for (;;) {
        csv_field fld = {NULL, s->line, (int)(s->i - s->line_start + 1)};
        pcf_status st = scan_field(s, &fld, err);
        if (st != PCF_OK)
            return st;
        if (s->fb.failed || !(fld.text = pcf__strdup(s->fb.data ? s->fb.data : "")) ||
            !push_field(row, &fcap, fld))
            return PCF_ERR_NOMEM;
        if (s->i < len && buf[s->i] == ',') {
            s->i++;
            continue;
        }
        row->end_col = (int)(s->i - s->line_start + 1);
        if (s->i < len && buf[s->i] == '\r')
            s->i++;
        if (s->i < len && buf[s->i] == '\n')
            s->i++;
        s->line++;
        s->line_start = s->i;
        return PCF_OK;
    }
}

/* Reads the next non-empty row at s->i into row (its old fields freed): *got is 0 at the end of
 * the text. */
static pcf_status next_row(csv_scan *s, csv_row *row, int *got, pcf_error *err)
{
    const char *buf = s->buf;
    size_t len = s->len;
    row_free(row);
    *got = 0;
    while (s->i < len &&
           (buf[s->i] == '\n' || (buf[s->i] == '\r' && s->i + 1 < len && buf[s->i + 1] == '\n'))) {
        s->i += buf[s->i] == '\r' ? 2 : 1; /* an empty line */
        s->line++;
        s->line_start = s->i;
    }
    if (s->i >= len)
        return PCF_OK;
    *got = 1;
    pcf_status st = scan_row(s, row, err);
    if (st == PCF_ERR_NOMEM)
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory parsing \"%s\"", s->file);
    return st;
}

/* ---- import ------------------------------------------------------------------------------- */

/* The factor columns, in the order export writes them and the factors table stores them. */
static const char *const factor_cols[] = {"code",   "dataset", "category",    "name_en", "name_zh",
                                          "region", "value",   "unit",        "scope",   "gwp_set",
                                          "year",   "gases",   "uncertainty", "unc_p1",  "unc_p2",
                                          "unc_p3", "dq",      "source",      "license", "notes"};
#define N_FCOLS 20
enum {
    C_CODE,
    C_DATASET,
    C_CATEGORY,
    C_NAME_EN,
    C_NAME_ZH,
    C_REGION,
    C_VALUE,
    C_UNIT,
    C_SCOPE,
    C_GWP,
    C_YEAR,
    C_GASES,
    C_UNC,
    C_UP1,
    C_UP2,
    C_UP3,
    C_DQ,
    C_SOURCE,
    C_LICENSE,
    C_NOTES
};
static const int factor_required[] = {C_CODE,  C_CATEGORY, C_NAME_EN, C_REGION,
                                      C_VALUE, C_UNIT,     C_SOURCE,  C_LICENSE};

static const char *const dataset_cols[] = {"dataset", "name", "version", "publisher",
                                           "license", "url",  "date",    "attribution"};
#define N_DCOLS 8
static const char *const region_cols[] = {"region", "parent", "name_en", "name_zh"};
#define N_RCOLS 4

typedef enum csv_kind { KIND_FACTORS, KIND_DATASETS, KIND_REGIONS } csv_kind;

/* A checked row, ready to insert. */
typedef struct prep_row {
    const csv_row *row;
    const char *col[N_FCOLS]; /* borrowed from the CSV; "" for absent columns */
    double kg_co2e;
    const pcf_unit *unit;
    char qualifier[128];
    int co2_only, gwp, year;
    pcf_dist dist;
    double p1, p2, p3;
    char *gas_kg;
} prep_row;

typedef struct import_ctx {
    pcf_db *db;
    const char *file;
    csv_kind kind;
    int map[N_FCOLS]; /* canonical column -> index in the CSV, or -1 */
    size_t ncols;     /* columns in the header */
    const csv_row *header;
    csv_scan data; /* the scanner at the first data row (its fb unused) */
    sqlite3_stmt *ins, *fts, *find;
} import_ctx;

static const char *cell(const import_ctx *c, const csv_row *r, int canon)
{
    int k = c->map[canon];
    return k < 0 ? "" : r->f[k].text;
}

static const csv_field *cell_field(const import_ctx *c, const csv_row *r, int canon)
{
    int k = c->map[canon];
    return k < 0 ? &r->f[0] : &r->f[k];
}

static pcf_status bad_cell(const import_ctx *c, const csv_row *r, int canon, const char *name,
                           pcf_error *err, pcf_status code, const char *detail)
{
    const csv_field *f = cell_field(c, r, canon);
    return at(err, code, c->file, f->line, f->col, "column \"%s\": %s", name, detail);
}

int pcf__db_is_region_code(const char *s)
{
    if (!s[0] || strlen(s) >= 64)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '-'))
            return 0;
    return 1;
}

/* Parses an emission-rate unit with an optional qualifier: "kgCO2e/kWh (net CV)" or
 * "tCO2e/tonne product" -> "kgCO2e/kWh" + "net CV", "tCO2e/tonne" + "product". Dropped trailing
 * words must not contain digits, so "kgCO2e per 28 kWh battery pack" is refused rather than read
 * as something it is not. */
static pcf_status parse_rate_q(const char *text, double *kg, const pcf_unit **per, int *co2,
                               char *qual, size_t qsz, pcf_error *err)
{
    qual[0] = '\0';
    pcf_status first = pcf_unit_parse_rate(text, kg, per, co2, err);
    if (first == PCF_OK)
        return PCF_OK;
    pcf_error keep;
    if (err)
        keep = *err;
    char base[160];
    size_t n = strlen(text);
    if (n >= sizeof base)
        return first;
    memcpy(base, text, n + 1);
    while (n && base[n - 1] == ' ')
        base[--n] = '\0';
    if (n && base[n - 1] == ')') {
        char *open = strrchr(base, '(');
        if (open && open > base) {
            base[n - 1] = '\0';
            snprintf(qual, qsz, "%s", open + 1);
            *open = '\0';
            for (size_t m = strlen(base); m && base[m - 1] == ' ';)
                base[--m] = '\0';
            if (pcf_unit_parse_rate(base, kg, per, co2, NULL) == PCF_OK)
                return pcf__ok(err);
        }
    } else {
        const char *slash = strchr(base, '/');
        for (int words = 1; words <= 4; words++) {
            char *sp = strrchr(base, ' ');
            if (!sp || !slash || sp < slash)
                break;
            for (const char *q = sp; *q; q++)
                if (*q >= '0' && *q <= '9')
                    goto fail;
            *sp = '\0';
            if (pcf_unit_parse_rate(base, kg, per, co2, NULL) == PCF_OK) {
                snprintf(qual, qsz, "%s", text + (sp - base) + 1);
                return pcf__ok(err);
            }
        }
    }
fail:
    qual[0] = '\0';
    *kg = 0;
    *per = NULL;
    *co2 = 0;
    if (err)
        *err = keep;
    return first;
}

static int gwp_of(const char *text)
{
    if ((text[0] == 'A' || text[0] == 'a') && (text[1] == 'R' || text[1] == 'r') &&
        text[2] >= '4' && text[2] <= '6' && !(text[3] >= '0' && text[3] <= '9'))
        return text[2] - '0';
    return 0;
}

static int year_of(const char *text)
{
    for (int i = 0; i < 4; i++)
        if (text[i] < '0' || text[i] > '9')
            return 0;
    if (text[4] >= '0' && text[4] <= '9')
        return 0;
    return (text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10 + text[3] - '0';
}

/* Checks the text cells of a factor row: code, category, English name, region, source, licence. */
static pcf_status check_text_cells(import_ctx *c, const csv_row *r, prep_row *p, pcf_error *err)
{
    const char *code = p->col[C_CODE];
    if (!code[0] || strlen(code) > 200)
        return bad_cell(c, r, C_CODE, "code", err, PCF_ERR_PARSE,
                        "the code is empty or longer than 200 bytes; give every factor a "
                        "stable code such as \"acme:steel-sheet-2025\"");
    for (const char *q = code; *q; q++)
        if ((unsigned char)*q <= ' ')
            return bad_cell(c, r, C_CODE, "code", err, PCF_ERR_PARSE,
                            "the code contains a space or control character; use letters, "
                            "digits and punctuation such as ':', '-' and '_'");
    const char *cat = p->col[C_CATEGORY];
    int cat_ok = cat[0] != '\0';
    for (const char *q = cat; *q; q++)
        cat_ok &= (*q >= 'a' && *q <= 'z') || (*q >= '0' && *q <= '9') || *q == '_';
    if (!cat_ok)
        return bad_cell(c, r, C_CATEGORY, "category", err, PCF_ERR_PARSE,
                        "the category must be lower-case letters, digits or '_', like "
                        "\"electricity\" or \"material\"");
    if (!p->col[C_NAME_EN][0])
        return bad_cell(c, r, C_NAME_EN, "name_en", err, PCF_ERR_PARSE,
                        "the English name is empty");
    if (!pcf__db_is_region_code(p->col[C_REGION]))
        return bad_cell(c, r, C_REGION, "region", err, PCF_ERR_PARSE,
                        "the region must be an upper-case code of letters, digits and '-', "
                        "like \"CN-FJ\", \"GB\" or \"GLO\"");
    if (!p->col[C_SOURCE][0])
        return bad_cell(c, r, C_SOURCE, "source", err, PCF_ERR_PARSE,
                        "the source is empty; every factor must name where its value comes from");
    if (!p->col[C_LICENSE][0])
        return bad_cell(c, r, C_LICENSE, "license", err, PCF_ERR_PARSE,
                        "the licence is empty; every factor must state its licence");
    return PCF_OK;
}

/* Checks value and unit and sets p->unit, p->co2_only, p->qualifier and p->kg_co2e; *kg_num is
 * the kg CO2e of one unit of value. */
static pcf_status check_value(import_ctx *c, const csv_row *r, prep_row *p, double *kg_num,
                              pcf_error *err)
{
    char detail[PCF_ERROR_MESSAGE_SIZE];
    double value;
    pcf_error inner;
    if (pcf_number_parse(p->col[C_VALUE], &value, &inner) != PCF_OK) {
        snprintf(detail, sizeof detail,
                 "\"%.60s\" is not a number; write it with a '.' decimal mark, like \"0.5703\"",
                 p->col[C_VALUE]);
        return bad_cell(c, r, C_VALUE, "value", err, PCF_ERR_PARSE, detail);
    }
    if (value < 0) {
        snprintf(detail, sizeof detail,
                 "%.60s is negative; an emission factor is kg CO2e emitted per unit, zero or "
                 "more (model removals and credits as such, not as factors)",
                 p->col[C_VALUE]);
        return bad_cell(c, r, C_VALUE, "value", err, PCF_ERR_PARSE, detail);
    }
    if (parse_rate_q(p->col[C_UNIT], kg_num, &p->unit, &p->co2_only, p->qualifier,
                     sizeof p->qualifier, &inner) != PCF_OK)
        return bad_cell(c, r, C_UNIT, "unit", err, PCF_ERR_PARSE, inner.message);
    p->kg_co2e = value * *kg_num;
    if (!isfinite(p->kg_co2e) || p->kg_co2e > PCF__DB_MAX_KG_CO2E) {
        snprintf(detail, sizeof detail,
                 "%.60s %.60s is more than %g kg CO2e per %s; no real emission factor is that "
                 "large, so check the value and its unit",
                 p->col[C_VALUE], p->col[C_UNIT], PCF__DB_MAX_KG_CO2E, pcf_unit_symbol(p->unit));
        return bad_cell(c, r, C_VALUE, "value", err, PCF_ERR_PARSE, detail);
    }
    return PCF_OK;
}

/* Parses the gases cell into p->gas_kg, the stored "gas=kg" list. */
static pcf_status gas_list(import_ctx *c, const csv_row *r, prep_row *p, pcf_error *err)
{
    pcf_error inner;
    pcf_gas *gases;
    double *gkg;
    size_t ng;
    if (pcf__db_parse_gases(p->col[C_GASES], &gases, &gkg, &ng, &inner) != PCF_OK)
        return bad_cell(c, r, C_GASES, "gases", err,
                        inner.code == PCF_ERR_NOMEM ? PCF_ERR_NOMEM : PCF_ERR_PARSE, inner.message);
    pcf__buf gb;
    pcf__buf_init(&gb);
    for (size_t k = 0; k < ng; k++) {
        pcf__numbuf nb;
        pcf__buf_printf(&gb, "%s%s=%s kg", k ? ";" : "", pcf_gas_key(gases[k]),
                        pcf__num(&nb, gkg[k]));
    }
    free(gases);
    free(gkg);
    pcf__buf_append(&gb, "", 0);
    if (gb.failed) {
        pcf__buf_free(&gb);
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory importing \"%s\"", c->file);
    }
    p->gas_kg = pcf__buf_steal(&gb);
    if (!p->gas_kg)
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory importing \"%s\"", c->file);
    return PCF_OK;
}

/* Checks the distribution and its parameters (converted to kg CO2e per unit by kg_num) and sets
 * p->dist and p->p1..p3. */
static pcf_status check_uncertainty(import_ctx *c, const csv_row *r, prep_row *p, double kg_num,
                                    pcf_error *err)
{
    char detail[PCF_ERROR_MESSAGE_SIZE];
    pcf_error inner;
    p->dist = PCF_DIST_FIXED;
    const char *unc = p->col[C_UNC];
    if (!unc[0]) {
        if (p->col[C_UP1][0] || p->col[C_UP2][0] || p->col[C_UP3][0])
            return bad_cell(c, r, C_UNC, "uncertainty", err, PCF_ERR_PARSE,
                            "uncertainty parameters are given without a distribution; name it "
                            "(lognormal, normal, triangular or uniform)");
        return PCF_OK;
    }
    if (pcf_dist_parse(unc, &p->dist, &inner) != PCF_OK)
        return bad_cell(c, r, C_UNC, "uncertainty", err, PCF_ERR_PARSE, inner.message);
    double prm[3] = {0, 0, 0};
    int need = p->dist == PCF_DIST_TRIANGULAR ? 3
               : p->dist == PCF_DIST_UNIFORM  ? 2
               : p->dist == PCF_DIST_FIXED    ? 0
                                              : 1;
    for (int k = 0; k < 3; k++) {
        const char *t = p->col[C_UP1 + k];
        if (k >= need) {
            if (t[0])
                return bad_cell(c, r, C_UP1 + k, factor_cols[C_UP1 + k], err, PCF_ERR_PARSE,
                                "this distribution takes fewer parameters; leave it empty");
            continue;
        }
        if (pcf_number_parse(t, &prm[k], &inner) != PCF_OK) {
            snprintf(detail, sizeof detail,
                     "parameter \"%.40s\" of the %s distribution is not a "
                     "number",
                     t, pcf_dist_name(p->dist));
            return bad_cell(c, r, C_UP1 + k, factor_cols[C_UP1 + k], err, PCF_ERR_PARSE, detail);
        }
        /* Parameters are in the unit of value; a lognormal's GSD has no unit. */
        if (!(p->dist == PCF_DIST_LOGNORMAL && k == 0))
            prm[k] *= kg_num;
        if (!isfinite(prm[k]))
            return bad_cell(c, r, C_UP1 + k, factor_cols[C_UP1 + k], err, PCF_ERR_PARSE,
                            "the parameter is too large: converted to kg CO2e per unit it is "
                            "beyond the range of a double");
    }
    if (pcf_dist_check(p->dist, p->kg_co2e, prm[0], prm[1], prm[2], &inner) != PCF_OK)
        return bad_cell(c, r, C_UNC, "uncertainty", err, PCF_ERR_PARSE, inner.message);
    p->p1 = prm[0];
    p->p2 = prm[1];
    p->p3 = prm[2];
    return PCF_OK;
}

static pcf_status check_factor(import_ctx *c, const csv_row *r, prep_row *p, pcf_error *err)
{
    memset(p, 0, sizeof *p);
    p->row = r;
    for (int k = 0; k < N_FCOLS; k++)
        p->col[k] = cell(c, r, k);
    double kg_num;
    pcf_status st;
    if ((st = check_text_cells(c, r, p, err)) != PCF_OK ||
        (st = check_value(c, r, p, &kg_num, err)) != PCF_OK)
        return st;
    p->gwp = gwp_of(p->col[C_GWP]);
    p->year = year_of(p->col[C_YEAR]);
    if ((st = gas_list(c, r, p, err)) != PCF_OK)
        return st;
    return check_uncertainty(c, r, p, kg_num, err);
}

/* Prepares the statements of the import: the table's INSERT, the full-text INSERT for factors
 * and the look-up of a key. */
static pcf_status prepare_import(import_ctx *c, pcf_error *err)
{
    static const char *const ins[] = {
        "INSERT INTO main.factors (code, dataset, category, name_en, name_zh, region, value, "
        "unit, scope, gwp_set, year, gases, uncertainty, unc_p1, unc_p2, unc_p3, dq, source, "
        "license, notes, kg_co2e, per_unit, per_dim, unit_qualifier, co2_only, gwp, year_num, "
        "dist, p1, p2, p3, gas_kg) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
        "?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, "
        "?30, ?31, ?32)",
        /* in parentheses: one statement on two lines (clang -Wstring-concatenation) */
        ("INSERT INTO main.datasets (dataset, name, version, publisher, license, url, date, "
         "attribution) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"),
        "INSERT INTO main.regions (region, parent, name_en, name_zh) VALUES (?1, ?2, ?3, ?4)"};
    static const char *const find[] = {"SELECT 1 FROM main.factors WHERE code = ?1",
                                       "SELECT 1 FROM main.datasets WHERE dataset = ?1",
                                       "SELECT 1 FROM main.regions WHERE region = ?1"};
    sqlite3 *h = c->db->sql;
    int rc = sqlite3_prepare_v2(h, ins[c->kind], -1, &c->ins, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(h, find[c->kind], -1, &c->find, NULL);
    if (rc == SQLITE_OK && c->kind == KIND_FACTORS)
        rc = sqlite3_prepare_v2(h,
                                "INSERT INTO main.factors_fts (code, name_en, name_zh) "
                                "VALUES (?1, ?2, ?3)",
                                -1, &c->fts, NULL);
    return rc == SQLITE_OK ? PCF_OK : pcf__db_sql_error(c->db, rc, err, "preparing import");
}

/* The line of the first data row before line `before` whose column k holds key, read again
 * from the text (only on the error path, so that no row is kept for it): 0 when there is none,
 * -1 when out of memory. The rows before `before` were read once already, so only memory can
 * fail. */
static int first_line_of(const import_ctx *c, int k, const char *key, int before)
{
    csv_scan s = c->data;
    pcf__buf_init(&s.fb);
    csv_row row = {0};
    int got = 1, line = 0;
    pcf_error ignored;
    while (!line && s.line < before) {
        if (next_row(&s, &row, &got, &ignored) != PCF_OK) {
            line = -1;
            break;
        }
        if (!got)
            break;
        if (row.line < before && strcmp(row.f[k].text, key) == 0)
            line = row.line;
    }
    row_free(&row);
    pcf__buf_free(&s.fb);
    return line;
}

/* Refuses a row whose key (canonical column keycol, header name) is stored already: earlier in
 * this file (found again in the text before the row) or before the import. */
static pcf_status check_new_key(const import_ctx *c, const csv_row *r, int keycol, const char *name,
                                pcf_error *err)
{
    const char *key = cell(c, r, keycol);
    sqlite3_bind_text(c->find, 1, key, -1, SQLITE_STATIC);
    int rc = sqlite3_step(c->find);
    sqlite3_reset(c->find);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return pcf__db_sql_error(c->db, rc, err, "checking for existing rows");
    if (rc == SQLITE_DONE)
        return PCF_OK;
    const csv_field *dup = cell_field(c, r, keycol);
    int first = first_line_of(c, c->map[keycol], key, r->line);
    if (first < 0)
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory importing \"%s\"", c->file);
    if (first > 0)
        return at(err, PCF_ERR_PARSE, c->file, dup->line, dup->col,
                  "column \"%s\": \"%.120s\" is already used on line %d; every %s must be "
                  "unique",
                  name, key, first, name);
    if (c->kind == KIND_FACTORS)
        return bad_cell(c, r, C_CODE, "code", err, PCF_ERR_PARSE,
                        "this code is already in the database; every code must be unique "
                        "(export, edit and rebuild to change a factor)");
    char detail[256];
    snprintf(detail, sizeof detail, "\"%.120s\" is already in the database", key);
    return bad_cell(c, r, keycol, name, err, PCF_ERR_PARSE, detail);
}

static pcf_status map_header(import_ctx *c, const csv_row *h, pcf_error *err)
{
    const char *const *cols;
    size_t ncols;
    int has_code = 0, has_dataset = 0, has_region = 0;
    for (size_t i = 0; i < h->n; i++) {
        has_code |= strcmp(h->f[i].text, "code") == 0;
        has_dataset |= strcmp(h->f[i].text, "dataset") == 0;
        has_region |= strcmp(h->f[i].text, "region") == 0;
    }
    if (has_code) {
        c->kind = KIND_FACTORS;
        cols = factor_cols;
        ncols = N_FCOLS;
    } else if (has_dataset) {
        c->kind = KIND_DATASETS;
        cols = dataset_cols;
        ncols = N_DCOLS;
    } else if (has_region) {
        c->kind = KIND_REGIONS;
        cols = region_cols;
        ncols = N_RCOLS;
    } else {
        return at(err, PCF_ERR_PARSE, c->file, h->line, 1,
                  "the header needs a \"code\" column (factors), \"dataset\" (datasets) or "
                  "\"region\" (regions); it starts with \"%.60s\"",
                  h->f[0].text);
    }
    for (size_t k = 0; k < N_FCOLS; k++)
        c->map[k] = -1;
    for (size_t i = 0; i < h->n; i++) {
        size_t k = 0;
        while (k < ncols && strcmp(cols[k], h->f[i].text) != 0)
            k++;
        if (k == ncols)
            return at(err, PCF_ERR_PARSE, c->file, h->line, h->f[i].col,
                      "unknown column \"%.60s\" in the header; see pcf_db_import_csv() in "
                      "pcf/db.h for the columns",
                      h->f[i].text);
        if (c->map[k] >= 0)
            return at(err, PCF_ERR_PARSE, c->file, h->line, h->f[i].col,
                      "column \"%s\" appears twice in the header", cols[k]);
        c->map[k] = (int)i;
    }
    if (c->kind == KIND_FACTORS) {
        for (size_t k = 0; k < sizeof factor_required / sizeof factor_required[0]; k++)
            if (c->map[factor_required[k]] < 0)
                return at(err, PCF_ERR_PARSE, c->file, h->line, 1,
                          "the header has no \"%s\" column, which every factor needs",
                          factor_cols[factor_required[k]]);
    } else {
        /* datasets: dataset, name, license; regions: region */
        static const int dreq[] = {0, 1, 4};
        size_t nreq = c->kind == KIND_DATASETS ? 3 : 1;
        for (size_t k = 0; k < nreq; k++)
            if (c->map[dreq[k]] < 0)
                return at(err, PCF_ERR_PARSE, c->file, h->line, 1,
                          "the header has no \"%s\" column", cols[dreq[k]]);
    }
    c->ncols = h->n;
    c->header = h;
    return PCF_OK;
}

static pcf_status exec_sql(pcf_db *db, const char *sql, pcf_error *err)
{
    int rc = sqlite3_exec(db->sql, sql, NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        return pcf__db_sql_error(db, rc, err, sql);
    return PCF_OK;
}

static pcf_status step_done(pcf_db *db, sqlite3_stmt *st, const char *what, pcf_error *err)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (rc != SQLITE_DONE)
        return pcf__db_sql_error(db, rc, err, what);
    return PCF_OK;
}

static pcf_status insert_factor(const import_ctx *c, const prep_row *p, pcf_error *err)
{
    sqlite3_stmt *ins = c->ins, *fts = c->fts;
    for (int k = 0; k < N_FCOLS; k++)
        sqlite3_bind_text(ins, k + 1, p->col[k], -1, SQLITE_STATIC);
    sqlite3_bind_double(ins, 21, p->kg_co2e);
    sqlite3_bind_text(ins, 22, pcf_unit_symbol(p->unit), -1, SQLITE_STATIC);
    sqlite3_bind_int(ins, 23, (int)pcf_unit_dimension(p->unit));
    sqlite3_bind_text(ins, 24, p->qualifier, -1, SQLITE_STATIC);
    sqlite3_bind_int(ins, 25, p->co2_only);
    sqlite3_bind_int(ins, 26, p->gwp);
    sqlite3_bind_int(ins, 27, p->year);
    sqlite3_bind_int(ins, 28, (int)p->dist);
    sqlite3_bind_double(ins, 29, p->p1);
    sqlite3_bind_double(ins, 30, p->p2);
    sqlite3_bind_double(ins, 31, p->p3);
    sqlite3_bind_text(ins, 32, p->gas_kg, -1, SQLITE_STATIC);
    pcf_status s = step_done(c->db, ins, "inserting a factor", err);
    if (s != PCF_OK)
        return s;
    sqlite3_bind_text(fts, 1, p->col[C_CODE], -1, SQLITE_STATIC);
    sqlite3_bind_text(fts, 2, p->col[C_NAME_EN], -1, SQLITE_STATIC);
    sqlite3_bind_text(fts, 3, p->col[C_NAME_ZH], -1, SQLITE_STATIC);
    return step_done(c->db, fts, "indexing a factor", err);
}

/* Checks a dataset or region row's cells (the key's uniqueness apart). */
static pcf_status check_simple(const import_ctx *c, const csv_row *row, pcf_error *err)
{
    const char *key = cell(c, row, 0);
    if (c->kind == KIND_DATASETS) {
        if (!key[0])
            return bad_cell(c, row, 0, "dataset", err, PCF_ERR_PARSE, "the dataset key is empty");
        if (!cell(c, row, 1)[0])
            return bad_cell(c, row, 1, "name", err, PCF_ERR_PARSE, "the dataset name is empty");
        if (!cell(c, row, 4)[0])
            return bad_cell(c, row, 4, "license", err, PCF_ERR_PARSE,
                            "the licence is empty; every dataset must state its licence");
        return PCF_OK;
    }
    if (!pcf__db_is_region_code(key))
        return bad_cell(c, row, 0, "region", err, PCF_ERR_PARSE,
                        "the region must be an upper-case code like \"CN-FJ\"");
    const char *parent = cell(c, row, 1);
    if (parent[0] && !pcf__db_is_region_code(parent))
        return bad_cell(c, row, 1, "parent", err, PCF_ERR_PARSE,
                        "the parent must be an upper-case region code or empty");
    return PCF_OK;
}

/* Checks and inserts one data row. */
static pcf_status import_row(import_ctx *c, const csv_row *row, pcf_error *err)
{
    if (row->n != c->ncols) {
        int col = row->n > c->ncols ? row->f[c->ncols].col : row->end_col;
        return at(err, PCF_ERR_PARSE, c->file, row->line, col,
                  "the row has %zu columns but the header has %zu; quote fields that contain "
                  "commas",
                  row->n, c->ncols);
    }
    pcf_status s;
    if (c->kind != KIND_FACTORS) {
        const char *name = c->kind == KIND_DATASETS ? "dataset" : "region";
        int ncols = c->kind == KIND_DATASETS ? N_DCOLS : N_RCOLS;
        if ((s = check_simple(c, row, err)) != PCF_OK ||
            (s = check_new_key(c, row, 0, name, err)) != PCF_OK)
            return s;
        for (int k = 0; k < ncols; k++)
            sqlite3_bind_text(c->ins, k + 1, cell(c, row, k), -1, SQLITE_STATIC);
        return step_done(c->db, c->ins, "inserting a row", err);
    }
    prep_row p;
    s = check_factor(c, row, &p, err);
    if (s == PCF_OK)
        s = check_new_key(c, row, C_CODE, "code", err);
    if (s == PCF_OK)
        s = insert_factor(c, &p, err);
    free(p.gas_kg);
    return s;
}

/* Imports the data rows after the header, one at a time; *n_rows counts them. */
static pcf_status import_rows(import_ctx *c, size_t *n_rows, pcf_error *err)
{
    csv_scan s = c->data;
    pcf__buf_init(&s.fb);
    csv_row row = {0};
    int got = 1;
    pcf_status st = prepare_import(c, err);
    while (st == PCF_OK && (st = next_row(&s, &row, &got, err)) == PCF_OK && got) {
        st = import_row(c, &row, err);
        (*n_rows)++;
    }
    row_free(&row);
    pcf__buf_free(&s.fb);
    sqlite3_finalize(c->ins);
    sqlite3_finalize(c->fts);
    sqlite3_finalize(c->find);
    c->ins = c->fts = c->find = NULL;
    return st;
}

pcf_status pcf_db_import_csv(pcf_db *db, const char *path, size_t *rows_out, pcf_error *err)
{
    if (rows_out)
        *rows_out = 0;
    if (!db || !path)
        return pcf__error(err, PCF_ERR_INVALID_ARG,
                          "pcf_db_import_csv: db and path must not be "
                          "NULL");
    if (db->read_only)
        return pcf__error(err, PCF_ERR_READ_ONLY,
                          "the factor database \"%s\" was opened read-only; open it with "
                          "PCF_DB_READ_WRITE to import \"%s\"",
                          db->path, path);
    char *buf = NULL;
    size_t len = 0;
    pcf_status s = pcf__read_file(path, "CSV file", CSV_MAX_BYTES, &buf, &len, err);
    if (s != PCF_OK)
        return s;
    s = pcf__db_import_csv_text(db, path, buf, len, 0, rows_out, err);
    free(buf);
    return s;
}

/* Reads the header (UTF-8 checked over the whole text first) and sets c->kind, c->map and
 * c->data, the scanner at the first data row. */
static pcf_status read_header(import_ctx *c, const char *buf, size_t len, csv_row *header,
                              pcf_error *err)
{
    csv_scan s = {.file = c->file, .buf = buf, .len = len, .line = 1};
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        s.i = 3; /* a UTF-8 byte-order mark */
    pcf_status st = check_utf8(c->file, buf, len, s.i, err);
    if (st != PCF_OK)
        return st;
    int got = 0;
    pcf__buf_init(&s.fb);
    st = next_row(&s, header, &got, err);
    pcf__buf_free(&s.fb);
    if (st != PCF_OK)
        return st;
    if (!got)
        return at(err, PCF_ERR_PARSE, c->file, 1, 1, "the file is empty; it needs a header row");
    c->data = s;
    return map_header(c, header, err);
}

pcf_status pcf__db_import_csv_text(pcf_db *db, const char *path, const char *buf, size_t len,
                                   int in_transaction, size_t *rows_out, pcf_error *err)
{
    if (rows_out)
        *rows_out = 0;
    import_ctx c;
    memset(&c, 0, sizeof c);
    c.db = db;
    c.file = path;
    csv_row header = {0};
    size_t n_rows = 0;
    pcf_status s = read_header(&c, buf, len, &header, err);
    if (s == PCF_OK) {
        s = in_transaction ? PCF_OK : exec_sql(db, "BEGIN IMMEDIATE", err);
        if (s == PCF_OK) {
            s = import_rows(&c, &n_rows, err);
            /* The dataset and region lists are read back before COMMIT: once the rows are
             * committed the import has succeeded, and a read failing after it must not report
             * a failed import for rows that are in the file. */
            if (s == PCF_OK && !in_transaction)
                s = pcf__db_reload(db, err);
            if (s == PCF_OK && !in_transaction)
                s = exec_sql(db, "COMMIT", err);
            if (s != PCF_OK && !in_transaction) {
                sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
                /* the lists as they are again without the rows (best effort: a list that cannot
                 * be read is left empty, and the error already returned says what failed) */
                (void)pcf__db_reload(db, NULL);
            }
        }
        if (s != PCF_OK && err && !err->file[0])
            pcf__error_where(err, path, NULL, 0, 0);
    }
    row_free(&header);
    if (s != PCF_OK)
        return s;
    if (rows_out)
        *rows_out = n_rows;
    return pcf__ok(err);
}

/* ---- export ------------------------------------------------------------------------------- */

static void csv_put(pcf__buf *b, const char *s)
{
    int quote = s[0] == ' ' || (s[0] && s[strlen(s) - 1] == ' ');
    for (const char *p = s; *p && !quote; p++)
        quote = *p == ',' || *p == '"' || *p == '\n' || *p == '\r';
    if (!quote) {
        pcf__buf_puts(b, s);
        return;
    }
    pcf__buf_puts(b, "\"");
    for (const char *p = s; *p; p++)
        pcf__buf_append(b, *p == '"' ? "\"\"" : p, *p == '"' ? 2 : 1);
    pcf__buf_puts(b, "\"");
}

pcf_status pcf_db_export_table_csv(pcf_db *db, pcf_db_table table, char **out, pcf_error *err)
{
    if (out)
        *out = NULL;
    if (!db || !out)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_db_export_csv: an argument is NULL");
    const char *const *cols;
    int ncols;
    const char *sql;
    switch (table) {
    case PCF_DB_TABLE_FACTORS:
        cols = factor_cols;
        ncols = N_FCOLS;
        sql = "SELECT code, dataset, category, name_en, name_zh, region, value, unit, scope, "
              "gwp_set, year, gases, uncertainty, unc_p1, unc_p2, unc_p3, dq, source, license, "
              "notes FROM main.factors ORDER BY code";
        break;
    case PCF_DB_TABLE_DATASETS:
        cols = dataset_cols;
        ncols = N_DCOLS;
        sql = "SELECT dataset, name, version, publisher, license, url, date, attribution "
              "FROM main.datasets ORDER BY dataset";
        break;
    case PCF_DB_TABLE_REGIONS:
        cols = region_cols;
        ncols = N_RCOLS;
        sql = "SELECT region, parent, name_en, name_zh FROM main.regions ORDER BY region";
        break;
    default:
        return pcf__error(err, PCF_ERR_INVALID_ARG,
                          "pcf_db_export_table_csv: unknown table %d; use PCF_DB_TABLE_FACTORS, "
                          "_DATASETS or _REGIONS",
                          (int)table);
    }
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL);
    if (rc != SQLITE_OK)
        return pcf__db_sql_error(db, rc, err, "exporting a table");
    pcf__buf b;
    pcf__buf_init(&b);
    for (int k = 0; k < ncols; k++) {
        pcf__buf_puts(&b, k ? "," : "");
        pcf__buf_puts(&b, cols[k]);
    }
    pcf__buf_puts(&b, "\n");
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        for (int k = 0; k < ncols; k++) {
            const unsigned char *t = sqlite3_column_text(st, k);
            if (k)
                pcf__buf_puts(&b, ",");
            csv_put(&b, t ? (const char *)t : "");
        }
        pcf__buf_puts(&b, "\n");
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        pcf__buf_free(&b);
        return pcf__db_sql_error(db, rc, err, "exporting a table");
    }
    if (b.failed) {
        pcf__buf_free(&b);
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory exporting a table");
    }
    *out = pcf__buf_steal(&b);
    return pcf__ok(err);
}

pcf_status pcf_db_export_csv(pcf_db *db, char **out, pcf_error *err)
{
    return pcf_db_export_table_csv(db, PCF_DB_TABLE_FACTORS, out, err);
}
