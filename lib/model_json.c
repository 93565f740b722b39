/*
 * pcf — reading and writing product models as JSON (docs/model-format.md), a JSON writer with
 * locale-independent shortest-exact numbers, and a locator that turns a JSON path back into a
 * line and column of the source text. GPL-3.0-or-later; see LICENSE.
 */
#define _XOPEN_SOURCE 700 /* realpath() */
#include "model_internal.h"
#include "util.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define PCF__MODEL_FORMAT_VERSION 1

static pcf_status check_shape(const json_t *root, const char *file, pcf_error *err)
{
    if (!json_is_object(root)) {
        pcf__error(err, PCF_ERR_INVALID_MODEL,
                   "a pcf model is a JSON object with \"pcf_model\": 1 and \"products\"");
        pcf__error_where(err, file, "$", 0, 0);
        return PCF_ERR_INVALID_MODEL;
    }
    json_t *ver = json_object_get(root, "pcf_model");
    if (!ver) {
        pcf__error(err, PCF_ERR_INVALID_MODEL,
                   "this JSON is not a pcf model: it has no \"pcf_model\" key (add "
                   "\"pcf_model\": 1, see docs/model-format.md)");
        pcf__error_where(err, file, "$", 0, 0);
        return PCF_ERR_INVALID_MODEL;
    }
    if (!json_is_integer(ver) || json_integer_value(ver) < 1) {
        pcf__error(err, PCF_ERR_INVALID_MODEL, "\"pcf_model\" must be the integer 1");
        pcf__error_where(err, file, "$.pcf_model", 0, 0);
        return PCF_ERR_INVALID_MODEL;
    }
    if (json_integer_value(ver) > PCF__MODEL_FORMAT_VERSION) {
        pcf__error(err, PCF_ERR_VERSION,
                   "model format version %lld is newer than this pcf understands (%d); upgrade "
                   "pcf",
                   (long long)json_integer_value(ver), PCF__MODEL_FORMAT_VERSION);
        pcf__error_where(err, file, "$.pcf_model", 0, 0);
        return PCF_ERR_VERSION;
    }
    json_t *products = json_object_get(root, "products");
    if (!json_is_array(products)) {
        pcf__error(err, PCF_ERR_INVALID_MODEL,
                   "\"products\" must be an array of products (the first is the main product)");
        pcf__error_where(err, file, products ? "$.products" : "$", 0, 0);
        return PCF_ERR_INVALID_MODEL;
    }
    return PCF_OK;
}

pcf_status pcf__json_load_text(const char *text, size_t len, json_t **root_out, json_error_t *jerr)
{
    pcf_status st = pcf__json_parse(text, len, root_out);
    if (st != PCF_ERR_PARSE)
        return st;
    /* text our reader refused: jansson words the error (line, column, what is wrong) */
    *root_out = json_loadb(text, len, JSON_REJECT_DUPLICATES, jerr);
    if (*root_out)
        return PCF_OK;
    /* jansson leaves the text empty when an allocation failed before it saw the syntax error */
    if (!jerr->text[0] || json_error_code(jerr) == json_error_out_of_memory)
        return PCF_ERR_NOMEM;
    return PCF_ERR_PARSE;
}

/* Parses text[0..len) with duplicate keys refused; PCF_ERR_PARSE at the line and column. */
static pcf_status json_load(const char *text, size_t len, const char *file, json_t **root_out,
                            pcf_error *err)
{
    json_error_t jerr;
    pcf_status st = pcf__json_load_text(text, len, root_out, &jerr);
    if (st == PCF_ERR_NOMEM)
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory reading \"%.200s\"", file);
    if (st == PCF_ERR_PARSE) {
        pcf__error(err, PCF_ERR_PARSE, "malformed JSON: %s", jerr.text);
        pcf__error_where(err, file, NULL, jerr.line, jerr.column);
    }
    return st;
}

pcf_status pcf__json_text_parse(const char *text, const char *what, const char *file,
                                json_t **root_out, pcf_error *err)
{
    json_error_t jerr;
    pcf_status st = pcf__json_load_text(text, strlen(text), root_out, &jerr);
    if (st == PCF_ERR_NOMEM)
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory reading the %s", what);
    if (st == PCF_ERR_PARSE) {
        pcf__error(err, PCF_ERR_PARSE, "the %s is not valid JSON: %s", what, jerr.text);
        pcf__error_where(err, file, "$", jerr.line, jerr.column);
    }
    return st;
}

pcf_status pcf__json_doc_parse(const char *text, size_t len, const char *file, json_t **root_out,
                               char **source_out, pcf_error *err)
{
    *source_out = NULL;
    json_t *root;
    pcf_status st = json_load(text, len, file, &root, err);
    if (st != PCF_OK) {
        *root_out = NULL;
        return st;
    }
    char *source = malloc(len + 1);
    if (!source) {
        json_decref(root);
        *root_out = NULL;
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory reading \"%.200s\"", file);
    }
    memcpy(source, text, len);
    source[len] = '\0';
    *root_out = root;
    *source_out = source;
    return PCF_OK;
}

pcf_status pcf__json_doc_read(const char *path, const char *what, size_t max_bytes,
                              json_t **root_out, char **source_out, pcf_error *err)
{
    *root_out = NULL;
    *source_out = NULL;
    char *text;
    size_t len;
    pcf_status st = pcf__read_file(path, what, max_bytes, &text, &len, err);
    if (st != PCF_OK)
        return st;
    st = json_load(text, len, path, root_out, err);
    if (st != PCF_OK) {
        free(text);
        return st;
    }
    /* the document keeps the text it read (NUL-terminated) as its source instead of a copy */
    *source_out = text;
    return PCF_OK;
}

/* Makes the model of a parsed document (taking root and source, freed on failure). */
static pcf_status from_doc(json_t *root, char *source, const char *file, pcf_model **out,
                           pcf_error *err)
{
    pcf_status st = check_shape(root, file, err);
    if (st != PCF_OK) {
        json_decref(root);
        free(source);
        return st;
    }
    pcf_model *m = NULL;
    if ((st = pcf__model_wrap(root, file, &m, err)) != PCF_OK) {
        free(source);
        return st;
    }
    m->source = source;
    if (pcf__model_index(m) != PCF_OK) {
        pcf_model_destroy(m);
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory reading a model");
    }
    *out = m;
    return pcf__ok(err);
}

pcf_status pcf_model_read_string(const char *json, const char *filename, pcf_model **out,
                                 pcf_error *err)
{
    if (out)
        *out = NULL;
    if (!json || !out)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_model_read_string: NULL argument");
    const char *file = filename ? filename : "";
    json_t *root;
    char *source;
    pcf_status st = pcf__json_doc_parse(json, strlen(json), file, &root, &source, err);
    return st != PCF_OK ? st : from_doc(root, source, file, out, err);
}

/* The model read from path lets its text go: a diagnostic reads it again (pcf__sink_add). A
 * model of a million activities thus never holds its 100 MB of text beside its tree. Kept when
 * the file is not a regular one or its absolute path cannot be had. */
static void drop_source(pcf_model *m, const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return; /* a pipe cannot be read again */
    char *abs = realpath(path, NULL);
    if (!abs)
        return;
    m->source_len = strlen(m->source);
    m->source_hash = pcf__text_hash(m->source, m->source_len);
    m->source_file = abs;
    free(m->source);
    m->source = NULL;
}

void pcf__sink_of_model(pcf__diag_sink *s, const pcf_model *m)
{
    s->file = m->filename;
    s->source = m->source;
    s->reread_file = m->source ? NULL : m->source_file;
    s->reread_len = m->source_len;
    s->reread_hash = m->source_hash;
}

/* The sink's text read again from its file, when unchanged; NULL otherwise (no line then). */
static const char *sink_reread(pcf__diag_sink *s)
{
    const char *path = s->reread_file;
    s->reread_file = NULL; /* one try */
    char *text = NULL;
    size_t len = 0;
    pcf_status st = pcf__read_file(path, "model file", s->reread_len, &text, &len, NULL);
    if (st != PCF_OK) {
        if (st == PCF_ERR_NOMEM)
            s->nomem = 1; /* not a changed file: the caller reports it */
        return NULL;
    }
    if (len != s->reread_len || pcf__text_hash(text, len) != s->reread_hash) {
        free(text);
        return NULL;
    }
    s->owned = text;
    s->source = text;
    return text;
}

pcf_status pcf_model_read_file_max(const char *path, size_t max_bytes, pcf_model **out,
                                   pcf_error *err)
{
    if (out)
        *out = NULL;
    if (!path || !out)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_model_read_file: NULL argument");
    json_t *root;
    char *source;
    pcf_status st = pcf__json_doc_read(
        path, "model file", max_bytes ? max_bytes : PCF_MODEL_MAX_BYTES, &root, &source, err);
    if (st == PCF_OK && (st = from_doc(root, source, path, out, err)) == PCF_OK)
        drop_source(*out, path);
    return st;
}

pcf_status pcf_model_read_file(const char *path, pcf_model **out, pcf_error *err)
{
    return pcf_model_read_file_max(path, 0, out, err);
}

/* ---- a model file read for one resolution (pcf_system_resolve_file()) ---- */

pcf_status pcf_model_file_open(const char *path, pcf_model_file **out, pcf_error *err)
{
    if (out)
        *out = NULL;
    if (!path || !out)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_model_file_open: NULL argument");
    pcf_model_file *f = calloc(1, sizeof *f);
    if (!f)
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory reading \"%.200s\"", path);
    pcf_status st = pcf__read_file(path, "model file", PCF_MODEL_MAX_BYTES, &f->text, &f->len, err);
    json_t *root = NULL;
    if (st == PCF_OK) {
        st = pcf__json_parse_lazy(f->text, f->len, &root, &f->lazy);
        if (st == PCF_ERR_NOMEM)
            st = pcf__error(err, PCF_ERR_NOMEM, "out of memory reading \"%.200s\"", path);
        else if (st == PCF_ERR_PARSE) /* the whole reader words the error, as it always has */
            st = json_load(f->text, f->len, path, &root, err);
    }
    if (st == PCF_OK)
        st = check_shape(root, path, err);
    if (st == PCF_OK) {
        st = pcf__model_wrap(root, path, &f->model, err);
        root = NULL; /* taken, even on failure */
    }
    if (st == PCF_OK && pcf__model_index(f->model) != PCF_OK)
        st = pcf__error(err, PCF_ERR_NOMEM, "out of memory reading a model");
    json_decref(root);
    if (st != PCF_OK) {
        pcf_model_file_close(f);
        return st;
    }
    *out = f;
    return pcf__ok(err);
}

void pcf_model_file_close(pcf_model_file *f)
{
    if (!f)
        return;
    pcf_model_destroy(f->model);
    pcf__json_lazy_free(f->lazy);
    free(f->text);
    free(f);
}

pcf_regime pcf_model_file_regime(const pcf_model_file *f)
{
    /* the settings are in the tree: only the stage arrays stay in the text */
    return pcf_model_regime(f ? f->model : NULL);
}

pcf_status pcf_model_file_model(pcf_model_file *f, pcf_model **out, pcf_error *err)
{
    if (out)
        *out = NULL;
    if (!f || !out) {
        pcf_model_file_close(f);
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_model_file_model: NULL argument");
    }
    /* read in full as pcf_model_read_file() reads it (its settings, such as a regime written
     * since, are those of the text: the tree read before had the same) */
    const char *path = f->model->filename;
    json_t *root = NULL;
    pcf_status st = json_load(f->text, f->len, path, &root, err);
    if (st == PCF_OK) {
        st = from_doc(root, f->text, path, out, err);
        f->text = NULL; /* taken by from_doc, even on failure */
    }
    if (st == PCF_OK)
        drop_source(*out, path);
    pcf_model_file_close(f);
    return st;
}

/* ---- writing ---- */

static void put_indent(pcf__buf *b, int indent)
{
    if (indent < 0) /* compact */
        return;
    pcf__buf_append(b, "\n", 1);
    for (int i = 0; i < indent; i++)
        pcf__buf_append(b, "  ", 2);
}

/* Short arrays of scalars stay on one line. */
static int is_flat(const json_t *v)
{
    if (!json_is_array(v) || json_array_size(v) > 8)
        return 0;
    for (size_t i = 0; i < json_array_size(v); i++) {
        json_t *e = json_array_get(v, i);
        if (json_is_object(e) || json_is_array(e))
            return 0;
    }
    return 1;
}

static void write_value(pcf__buf *b, const json_t *v, int indent)
{
    int inner = indent < 0 ? indent : indent + 1; /* compact stays compact */
    switch (json_typeof(v)) {
    case JSON_OBJECT: {
        if (json_object_size(v) == 0) {
            pcf__buf_puts(b, "{}");
            break;
        }
        pcf__buf_puts(b, "{");
        const char *key;
        json_t *val;
        size_t i = 0;
        json_object_foreach((json_t *)v, key, val)
        {
            if (i++)
                pcf__buf_puts(b, ",");
            put_indent(b, inner);
            pcf__buf_json_str(b, key);
            pcf__buf_puts(b, indent < 0 ? ":" : ": ");
            write_value(b, val, inner);
        }
        put_indent(b, indent);
        pcf__buf_puts(b, "}");
        break;
    }
    case JSON_ARRAY: {
        if (json_array_size(v) == 0) {
            pcf__buf_puts(b, "[]");
            break;
        }
        int flat = is_flat(v);
        pcf__buf_puts(b, "[");
        for (size_t i = 0; i < json_array_size(v); i++) {
            if (i)
                pcf__buf_puts(b, flat && indent >= 0 ? ", " : ",");
            if (!flat)
                put_indent(b, inner);
            write_value(b, json_array_get(v, i), inner);
        }
        if (!flat)
            put_indent(b, indent);
        pcf__buf_puts(b, "]");
        break;
    }
    case JSON_STRING:
        pcf__buf_json_str(b, json_string_value(v));
        break;
    case JSON_INTEGER:
        pcf__buf_printf(b, "%lld", (long long)json_integer_value(v));
        break;
    case JSON_REAL:
        pcf__buf_json_real(b, json_real_value(v));
        break;
    case JSON_TRUE:
        pcf__buf_puts(b, "true");
        break;
    case JSON_FALSE:
        pcf__buf_puts(b, "false");
        break;
    case JSON_NULL:
        pcf__buf_puts(b, "null");
        break;
    }
}

json_t *pcf__json_num(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

pcf_status pcf__json_write(pcf__buf *b, const json_t *v, int indent)
{
    write_value(b, v, indent);
    return b->failed ? PCF_ERR_NOMEM : PCF_OK;
}

char *pcf__json_dumps(const json_t *v, int indent)
{
    pcf__buf b;
    pcf__buf_init(&b);
    write_value(&b, v, indent);
    return pcf__buf_steal(&b);
}

pcf_status pcf_model_write_string(const pcf_model *model, char **out, pcf_error *err)
{
    if (out)
        *out = NULL;
    if (!model || !out)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_model_write_string: NULL argument");
    pcf__buf b;
    pcf__buf_init(&b);
    pcf__json_write(&b, model->root, 0);
    pcf__buf_puts(&b, "\n");
    if (b.failed) {
        pcf__buf_free(&b);
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory writing the model");
    }
    *out = pcf__buf_steal(&b);
    return pcf__ok(err);
}

pcf_status pcf_model_write_file(const pcf_model *model, const char *path, pcf_error *err)
{
    if (!path)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_model_write_file: path is NULL");
    char *text = NULL;
    pcf_status st = pcf_model_write_string(model, &text, err);
    if (st != PCF_OK)
        return st;
    FILE *f = fopen(path, "wb");
    size_t len = strlen(text);
    int ok = f && fwrite(text, 1, len, f) == len;
    if (f && fclose(f) != 0)
        ok = 0;
    free(text);
    if (!ok) {
        pcf__error(err, PCF_ERR_IO, "cannot write the model file; check the directory exists");
        pcf__error_where(err, path, NULL, 0, 0);
        return PCF_ERR_IO;
    }
    return pcf__ok(err);
}

/* ---- locating a JSON path in the source text ---- */

typedef struct {
    const char *s;
    size_t i;
} scan;

static void skip_ws(scan *sc)
{
    while (sc->s[sc->i] == ' ' || sc->s[sc->i] == '\t' || sc->s[sc->i] == '\n' ||
           sc->s[sc->i] == '\r')
        sc->i++;
}

/* Skips a string starting at '"'; returns 0 on malformed text. */
static int skip_string(scan *sc)
{
    if (sc->s[sc->i] != '"')
        return 0;
    sc->i++;
    while (sc->s[sc->i] && sc->s[sc->i] != '"') {
        if (sc->s[sc->i] == '\\' && sc->s[sc->i + 1])
            sc->i++;
        sc->i++;
    }
    if (!sc->s[sc->i])
        return 0;
    sc->i++;
    return 1;
}

static int skip_value(scan *sc)
{
    skip_ws(sc);
    char c = sc->s[sc->i];
    if (c == '"')
        return skip_string(sc);
    if (c == '{' || c == '[') {
        int depth = 0;
        while (sc->s[sc->i]) {
            c = sc->s[sc->i];
            if (c == '"') {
                if (!skip_string(sc))
                    return 0;
                continue;
            }
            if (c == '{' || c == '[')
                depth++;
            if (c == '}' || c == ']') {
                depth--;
                if (depth == 0) {
                    sc->i++;
                    return 1;
                }
            }
            sc->i++;
        }
        return 0;
    }
    while (sc->s[sc->i] && !strchr(",}] \t\r\n", sc->s[sc->i]))
        sc->i++;
    return 1;
}

/* Moves to the value of key (string compare on the raw key text, which is fine for our ASCII
 * keys). */
static int enter_key(scan *sc, const char *key, size_t klen)
{
    skip_ws(sc);
    if (sc->s[sc->i] != '{')
        return 0;
    sc->i++;
    for (;;) {
        skip_ws(sc);
        if (sc->s[sc->i] != '"')
            return 0;
        size_t start = sc->i + 1;
        if (!skip_string(sc))
            return 0;
        size_t end = sc->i - 1;
        skip_ws(sc);
        if (sc->s[sc->i] != ':')
            return 0;
        sc->i++;
        skip_ws(sc);
        if (end - start == klen && strncmp(sc->s + start, key, klen) == 0)
            return 1;
        if (!skip_value(sc))
            return 0;
        skip_ws(sc);
        if (sc->s[sc->i] != ',')
            return 0;
        sc->i++;
    }
}

static int enter_index(scan *sc, size_t index)
{
    skip_ws(sc);
    if (sc->s[sc->i] != '[')
        return 0;
    sc->i++;
    for (size_t k = 0;; k++) {
        skip_ws(sc);
        if (k == index)
            return sc->s[sc->i] != ']';
        if (!skip_value(sc))
            return 0;
        skip_ws(sc);
        if (sc->s[sc->i] != ',')
            return 0;
        sc->i++;
    }
}

void pcf__json_locate(const char *text, const char *path, int *line, int *column)
{
    *line = 0;
    *column = 0;
    if (!text || !path || path[0] != '$')
        return;
    scan sc = {text, 0};
    const char *p = path + 1;
    while (*p) {
        if (*p == '.') {
            p++;
            size_t klen = strcspn(p, ".[");
            if (!enter_key(&sc, p, klen))
                return;
            p += klen;
        } else if (*p == '[') {
            char *end = NULL;
            unsigned long idx = 0;
            p++;
            while (*p >= '0' && *p <= '9')
                idx = idx * 10 + (unsigned long)(*p++ - '0');
            (void)end;
            if (*p != ']' || !enter_index(&sc, idx))
                return;
            p++;
        } else {
            return;
        }
    }
    skip_ws(&sc);
    int l = 1, c = 1;
    for (size_t i = 0; i < sc.i && text[i]; i++) {
        if (text[i] == '\n') {
            l++;
            c = 1;
        } else {
            c++;
        }
    }
    *line = l;
    *column = c;
}

/*
 * The same answer in linear time overall: one pass over the text records where every value
 * starts and the children of every object (sorted by key) and array, plus where every line
 * starts; a lookup then walks the path with a binary search per key and a direct index per
 * array element, and finds the line by binary search. Built on the first diagnostic that has a
 * path, so a clean model pays nothing.
 */
typedef struct {
    const char *key; /* raw key text in an object, NULL in an array */
    size_t klen;
    size_t node;
} loc_kid;

typedef struct {
    size_t off;   /* where the value starts */
    size_t first; /* its children: kids[first .. first + n) */
    size_t n;
    int object;
} loc_node;

struct pcf__json_loc {
    const char *text;
    loc_node *nodes;
    size_t n_nodes, cap_nodes;
    loc_kid *kids;  /* final, grouped per container */
    loc_kid *stack; /* children of the containers still open */
    size_t n_kids, cap_kids, n_stack, cap_stack;
    size_t *lines; /* offset where each line starts */
    size_t n_lines;
    int failed;
};

static int kid_cmp(const void *a, const void *b)
{
    const loc_kid *x = a, *y = b;
    size_t n = x->klen < y->klen ? x->klen : y->klen;
    int c = memcmp(x->key, y->key, n);
    return c ? c : (x->klen > y->klen) - (x->klen < y->klen);
}

static size_t loc_node_new(pcf__json_loc *L, size_t off)
{
    if (L->n_nodes == L->cap_nodes) {
        size_t cap = L->cap_nodes ? 2 * L->cap_nodes : 256;
        loc_node *n = realloc(L->nodes, cap * sizeof *n);
        if (!n) {
            L->failed = 1;
            return 0;
        }
        L->nodes = n;
        L->cap_nodes = cap;
    }
    L->nodes[L->n_nodes] = (loc_node){off, 0, 0, 0};
    return L->n_nodes++;
}

static void loc_push(pcf__json_loc *L, const char *key, size_t klen, size_t node)
{
    if (L->n_stack == L->cap_stack) {
        size_t cap = L->cap_stack ? 2 * L->cap_stack : 256;
        loc_kid *k = realloc(L->stack, cap * sizeof *k);
        if (!k) {
            L->failed = 1;
            return;
        }
        L->stack = k;
        L->cap_stack = cap;
    }
    L->stack[L->n_stack++] = (loc_kid){key, klen, node};
}

/* Parses the value at sc (after whitespace) into node records; 0 on malformed text. The depth
 * is bounded by jansson's own limit on the text it accepted, but guard anyway. */
static int loc_value(pcf__json_loc *L, scan *sc, int depth)
{
    skip_ws(sc);
    size_t me = loc_node_new(L, sc->i);
    if (L->failed || depth > 2048)
        return 0;
    char open = sc->s[sc->i];
    if (open != '{' && open != '[')
        return skip_value(sc);
    char close = open == '{' ? '}' : ']';
    size_t base = L->n_stack;
    sc->i++;
    skip_ws(sc);
    if (sc->s[sc->i] == close) {
        sc->i++;
    } else {
        for (;;) {
            const char *key = NULL;
            size_t klen = 0;
            skip_ws(sc);
            if (open == '{') {
                size_t start = sc->i + 1;
                if (!skip_string(sc))
                    return 0;
                key = sc->s + start;
                klen = sc->i - 1 - start;
                skip_ws(sc);
                if (sc->s[sc->i] != ':')
                    return 0;
                sc->i++;
            }
            size_t child = L->n_nodes;
            if (!loc_value(L, sc, depth + 1))
                return 0;
            loc_push(L, key, klen, child);
            if (L->failed)
                return 0;
            skip_ws(sc);
            if (sc->s[sc->i] == ',') {
                sc->i++;
                continue;
            }
            if (sc->s[sc->i] != close)
                return 0;
            sc->i++;
            break;
        }
    }
    size_t n = L->n_stack - base;
    if (n > L->cap_kids - L->n_kids)
        return 0;
    L->nodes[me].first = L->n_kids;
    L->nodes[me].n = n;
    L->nodes[me].object = open == '{';
    memcpy(L->kids + L->n_kids, L->stack + base, n * sizeof *L->kids);
    if (open == '{')
        qsort(L->kids + L->n_kids, n, sizeof *L->kids, kid_cmp);
    L->n_kids += n;
    L->n_stack = base;
    return 1;
}

void pcf__json_loc_free(pcf__json_loc *L)
{
    if (!L)
        return;
    free(L->nodes);
    free(L->kids);
    free(L->stack);
    free(L->lines);
    free(L);
}

/* NULL when out of memory or the text is not JSON (the caller then scans the slow way). */
static pcf__json_loc *loc_build(const char *text)
{
    pcf__json_loc *L = calloc(1, sizeof *L);
    if (!L)
        return NULL;
    L->text = text;
    size_t len = strlen(text), n_lines = 1;
    for (size_t i = 0; i < len; i++)
        n_lines += text[i] == '\n';
    /* Every value but the root is some container's child: kids never outnumber the bytes. */
    size_t max_kids = len / 2 + 1;
    L->lines = malloc(n_lines * sizeof *L->lines);
    L->kids = malloc(max_kids * sizeof *L->kids);
    L->cap_kids = max_kids;
    if (!L->lines || !L->kids) {
        pcf__json_loc_free(L);
        return NULL;
    }
    L->lines[L->n_lines++] = 0;
    for (size_t i = 0; i < len; i++)
        if (text[i] == '\n')
            L->lines[L->n_lines++] = i + 1;
    scan sc = {text, 0};
    if (!loc_value(L, &sc, 0)) {
        pcf__json_loc_free(L);
        return NULL;
    }
    free(L->stack);
    L->stack = NULL;
    return L;
}

/* Offset of the value at path, or (size_t)-1. */
static size_t loc_find(const pcf__json_loc *L, const char *path)
{
    size_t node = 0;
    const char *p = path + 1;
    while (*p) {
        const loc_node *nd = &L->nodes[node];
        const loc_kid *kids = L->kids + nd->first;
        if (*p == '.') {
            p++;
            size_t klen = strcspn(p, ".[");
            if (!nd->object)
                return (size_t)-1;
            loc_kid want = {p, klen, 0};
            const loc_kid *k = bsearch(&want, kids, nd->n, sizeof *kids, kid_cmp);
            if (!k)
                return (size_t)-1;
            node = k->node;
            p += klen;
        } else if (*p == '[') {
            size_t idx = 0;
            p++;
            while (*p >= '0' && *p <= '9')
                idx = idx * 10 + (size_t)(*p++ - '0');
            if (*p != ']' || nd->object || idx >= nd->n)
                return (size_t)-1;
            node = kids[idx].node;
            p++;
        } else {
            return (size_t)-1;
        }
    }
    return L->nodes[node].off;
}

void pcf__json_locate_fast(pcf__json_loc **cache, const char *text, const char *path, int *line,
                           int *column)
{
    *line = 0;
    *column = 0;
    if (!text || !path || path[0] != '$')
        return;
    if (!*cache || (*cache)->text != text) {
        pcf__json_loc_free(*cache);
        *cache = loc_build(text);
    }
    if (!*cache) {
        pcf__json_locate(text, path, line, column);
        return;
    }
    const pcf__json_loc *L = *cache;
    size_t off = loc_find(L, path);
    if (off == (size_t)-1)
        return;
    size_t lo = 0, hi = L->n_lines; /* last line start <= off */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (L->lines[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    *line = (int)(lo + 1);
    *column = (int)(off - L->lines[lo] + 1);
}

void pcf__sink_add(pcf__diag_sink *s, pcf_severity sev, pcf_status st, const char *path,
                   const char *fmt, ...)
{
    pcf_error e;
    va_list ap;
    va_start(ap, fmt);
    pcf__verror(&e, st, fmt, ap);
    va_end(ap);
    int line = 0, col = 0;
    if (path && !s->source && s->reread_file)
        sink_reread(s);
    if (path && s->source)
        pcf__json_locate_fast(&s->loc, s->source, path, &line, &col);
    pcf__error_where(&e, s->file, path, line, col);
    if (s->diag && pcf_diag_add(s->diag, sev, &e) != PCF_OK)
        s->nomem = 1;
    if (sev == PCF_SEVERITY_ERROR && s->n_errors++ == 0) {
        s->first = st;
        if (s->err)
            *s->err = e;
    }
}

void pcf__sink_free(pcf__diag_sink *s)
{
    pcf__json_loc_free(s->loc);
    s->loc = NULL;
    free(s->owned);
    s->owned = NULL;
}

/* ---- extension sections ---- */

static int section_key_ok(const char *key)
{
    return key && (strcmp(key, "pact") == 0 || (strncmp(key, "x-", 2) == 0 && key[2]));
}

pcf_status pcf_model_get_section(const pcf_model *model, const char *key, char **json_out,
                                 pcf_error *err)
{
    if (json_out)
        *json_out = NULL;
    if (!model || !json_out || !section_key_ok(key))
        return pcf__error(err, PCF_ERR_INVALID_ARG,
                          "pcf_model_get_section: a model, an out-pointer and the key \"pact\" or "
                          "\"x-...\" are needed");
    json_t *v = json_object_get(model->root, key);
    if (!v)
        return pcf__error(err, PCF_ERR_NOT_FOUND, "the model has no \"%s\" section", key);
    pcf__buf b;
    pcf__buf_init(&b);
    pcf__json_write(&b, v, 0);
    if (b.failed) {
        pcf__buf_free(&b);
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory writing a model section");
    }
    *json_out = pcf__buf_steal(&b);
    return pcf__ok(err);
}

/*
 * Parses any one JSON value (a section: an object, an array or a scalar), duplicate keys refused,
 * with pcf's reader: under an allocation failure jansson's json_loads dropped a digit of a long
 * number and still succeeded. pcf's reader takes an object or an array at the top, so it reads
 * [text], which is an array of exactly one element when text is one JSON value; text it refuses
 * goes to jansson for the wording (*jerr).
 */
static pcf_status parse_any(const char *text, json_t **out, json_error_t *jerr)
{
    *out = NULL;
    size_t n = strlen(text);
    char *wrapped = malloc(n + 3);
    if (!wrapped)
        return PCF_ERR_NOMEM;
    wrapped[0] = '[';
    memcpy(wrapped + 1, text, n);
    memcpy(wrapped + n + 1, "]", 2);
    json_t *a = NULL;
    pcf_status st = pcf__json_parse(wrapped, n + 2, &a);
    free(wrapped);
    if (st == PCF_OK && json_array_size(a) == 1)
        *out = json_incref(json_array_get(a, 0));
    json_decref(a);
    if (*out || st == PCF_ERR_NOMEM)
        return st;
    /* "" reads as [], one element short; jansson refuses both with its wording */
    json_t *v = json_loads(text, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, jerr);
    if (!v && (!jerr->text[0] || json_error_code(jerr) == json_error_out_of_memory))
        return PCF_ERR_NOMEM; /* jansson ran out of memory before it saw the syntax error */
    json_decref(v);
    return PCF_ERR_PARSE;
}

pcf_status pcf_model_set_section(pcf_model *model, const char *key, const char *json,
                                 pcf_error *err)
{
    if (!model || !section_key_ok(key))
        return pcf__error(err, PCF_ERR_INVALID_ARG,
                          "pcf_model_set_section: the key must be \"pact\" or start with \"x-\"");
    if (!json) {
        json_object_del(model->root, key);
        return pcf__ok(err);
    }
    json_error_t jerr;
    json_t *v = NULL;
    pcf_status st = parse_any(json, &v, &jerr);
    if (st == PCF_ERR_NOMEM)
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory editing the model");
    if (st != PCF_OK) {
        pcf__error(err, PCF_ERR_PARSE, "section \"%s\" is not JSON: %s", key, jerr.text);
        pcf__error_where(err, NULL, NULL, jerr.line, jerr.column);
        return PCF_ERR_PARSE;
    }
    if (json_object_set_new(model->root, key, v))
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory editing the model");
    return pcf__ok(err);
}
