/*
 * pcf — the in-memory product model, shared by model.c (builder, names), model_json.c (read,
 * write) and system.c (validation and resolution). Not installed. GPL-3.0-or-later; see LICENSE.
 *
 * The model IS its JSON document (a jansson tree): the C builder edits the tree, the reader
 * parses it, the writer prints it, and resolution walks it. So the C API and the file format
 * cannot drift apart, every problem has a JSON path even for a model built in C, and a round trip
 * is exact.
 */
#ifndef PCF_MODEL_INTERNAL_H
#define PCF_MODEL_INTERNAL_H

#include "internal.h"

#include <stdatomic.h>
#include <stdint.h>

#include <jansson.h>

/* Where an activity lives in the document (the index of pcf_model_add_activity()). */
typedef struct pcf__activity_ref {
    json_t *obj; /* borrowed from the tree */
    uint32_t product;
    int32_t stage; /* pcf_stage, or -1 for a purchased part (a component) */
    size_t index;  /* position in its stage's array (in "components" for a part) */
} pcf__activity_ref;

/* Bytes of one activity's JSON path in pcf_model.paths ("$.products[0].stages.materials[3]"). */
#define PCF__ACT_PATH_SIZE 96

struct pcf_model {
    json_t *root;
    char *filename; /* "" when built in memory */
    char *source;   /* the text it was read from (for line/column of later errors), or NULL */
    /* A model read from a file does not keep its text: source is NULL and these say where it is
     * and what it was, for pcf__diag_sink to read it again on the first located diagnostic
     * (lines and columns computed when a diagnostic is made). source_file NULL otherwise. */
    char *source_file; /* absolute path */
    size_t source_len;
    uint64_t source_hash;
    pcf__activity_ref *acts;
    size_t n_acts, cap_acts;
    /* pcf_model_activity_path()'s texts, PCF__ACT_PATH_SIZE bytes per activity, made on the
     * first call (a model of a million activities does not carry them otherwise); dropped when
     * the activities change */
    _Atomic(char *) paths;
};

/* A model file read for pcf_system_resolve_file(): its text, and its document without the
 * stage arrays, which stay in the text (lazy) to be read one activity at a time. The model
 * never leaves this struct: nothing but the resolver sees a tree without its activities. */
struct pcf_model_file {
    char *text; /* NUL-terminated */
    size_t len;
    pcf_model *model;
    struct pcf__json_lazy *lazy;
};

/* Re-indexes activities from the tree (after reading). PCF_OK or PCF_ERR_NOMEM. */
pcf_status pcf__model_index(pcf_model *m);

/* Creates an empty model around root (takes the reference). */
pcf_status pcf__model_wrap(json_t *root, const char *filename, pcf_model **out, pcf_error *err);

/*
 * Writes a JSON value with 2-space indentation, numbers through pcf_number_format() (shortest
 * exact, '.' whatever the locale), strings escaped as jansson escapes them. indent < 0 writes it
 * compact: the same text without the whitespace between tokens (pcf batch's records).
 */
pcf_status pcf__json_write(pcf__buf *b, const json_t *v, int indent);
/* pcf__json_write() of v (indent as there) into a new string (free()), with no final newline:
 * numbers in their shortest exact form, where json_dumps() prints reals with 17 significant
 * digits (1.6000000000000001). NULL when out of memory. */
char *pcf__json_dumps(const json_t *v, int indent);

/* Building a document that must come out whole: a member or element that could not be made
 * (NULL) or added marks *bad, so the writer reports out of memory instead of a document with
 * something missing (jansson takes the value either way). */
static inline void pcf__jset(int *bad, json_t *obj, const char *key, json_t *val)
{
    *bad |= json_object_set_new(obj, key, val) != 0;
}
static inline void pcf__japp(int *bad, json_t *arr, json_t *val)
{
    *bad |= json_array_append_new(arr, val) != 0;
}
/* A number as a JSON real, or null where it is not finite (JSON has no NaN or infinity). NULL
 * when out of memory. */
json_t *pcf__json_num(double v);

/* The result document of pcf_result_to_json() as a jansson object (new reference), NULL when out
 * of memory (lib/calc.c); the JSON reports add to it. */
json_t *pcf__result_json_tree(const pcf_result *r);

/* pcf_report_json_mc() (lib/report.c), compact when indent < 0 as pcf__result_json(). */
pcf_status pcf__report_json_mc(const pcf_result *r, const pcf_mc *mc, int indent, char **out,
                               pcf_error *err);
/* pcf_result_to_json(), compact (no whitespace between tokens, no final newline) when
 * indent < 0 (lib/calc.c). */
pcf_status pcf__result_json(const pcf_result *r, int indent, char **out, pcf_error *err);

/*
 * Finds the line and column (1-based) of the value at a JSON path such as
 * "$.products[0].stages.transport[2].distance" in text; 0 when not found.
 */
void pcf__json_locate(const char *text, const char *path, int *line, int *column);

/*
 * The same as pcf__json_locate() for many paths in one text: *cache (NULL at first, freed with
 * pcf__json_loc_free) holds an index of the text built on the first call, so n lookups cost
 * O(text + n log n) instead of O(text * n).
 */
typedef struct pcf__json_loc pcf__json_loc;
void pcf__json_locate_fast(pcf__json_loc **cache, const char *text, const char *path, int *line,
                           int *column);
void pcf__json_loc_free(pcf__json_loc *loc);

/*
 * Where the checks of a JSON document (the resolver, the battery and CBAM rules) put their
 * problems: each diagnostic names the JSON path and, located in the document's text through the
 * index of pcf__json_locate_fast(), its line and column; it goes to the diag list, and the first
 * error also to err. Zero-initialise, set file, source, diag and err; pcf__sink_free() at the end.
 */
typedef struct pcf__diag_sink {
    const char *file;   /* the document's file name, or NULL */
    const char *source; /* its text, for lines and columns, or NULL */
    pcf_diag *diag;     /* every diagnostic, or NULL */
    pcf_error *err;     /* the first error, or NULL */
    size_t n_errors;
    pcf_status first; /* the status of the first error */
    int nomem;        /* set when something could not be stored (callers set it too) */
    pcf__json_loc *loc;
    /* a text left in its file (pcf__sink_of_model): read again on the first diagnostic with a
     * path and used only when its length and hash are unchanged; owned frees it */
    const char *reread_file;
    size_t reread_len;
    uint64_t reread_hash;
    char *owned;
} pcf__diag_sink;

/* A sink for a model's diagnostics: its file name, and its text or where to read it again. */
void pcf__sink_of_model(pcf__diag_sink *s, const pcf_model *m);

void pcf__sink_add(pcf__diag_sink *s, pcf_severity sev, pcf_status st, const char *path,
                   const char *fmt, ...) PCF__PRINTF(5, 6);
void pcf__sink_free(pcf__diag_sink *s);

/* The battery declaration's rules (lib/battery.c) run into a caller's sink, so the resolver's
 * problem list and its located index of the model text serve both. */
void pcf__battery_check(const pcf_model *model, pcf__diag_sink *ds);

/*
 * The first step of reading a JSON document (a model, a CBAM document): parses text[0..len),
 * duplicate keys refused, PCF_ERR_PARSE naming `file` and the line and column of a syntax error;
 * *source_out gets a NUL-terminated copy of the text, for locating later diagnostics.
 */
pcf_status pcf__json_doc_parse(const char *text, size_t len, const char *file, json_t **root_out,
                               char **source_out, pcf_error *err);

/*
 * Parses text[0..len) into a jansson tree (*out, a new reference): accepts exactly what
 * json_loadb() with JSON_REJECT_DUPLICATES accepts and builds the same tree, in one pass
 * (lib/json_parse.c). PCF_ERR_PARSE on text jansson refuses (ask json_loadb for the wording),
 * PCF_ERR_NOMEM when out of memory; *out NULL then.
 */
pcf_status pcf__json_parse(const char *text, size_t len, json_t **out);

/*
 * pcf__json_parse() of a model document that leaves its stage arrays
 * ($.products[i].stages.<stage>) out of the tree: each is checked as the full parse would read
 * it (the same text accepted and refused) and recorded as a place in the text, for the resolver
 * to read one activity at a time (pcf__json_lazy_next). The text must outlive *lazy_out. Only
 * pcf_system_resolve_file() makes such a tree, and it never leaves that function.
 */
typedef struct pcf__json_lazy pcf__json_lazy;
pcf_status pcf__json_parse_lazy(const char *text, size_t len, json_t **out,
                                pcf__json_lazy **lazy_out);
void pcf__json_lazy_free(pcf__json_lazy *lazy);
/* The number of elements of all the recorded arrays. */
size_t pcf__json_lazy_total(const pcf__json_lazy *lazy);
/* 1 when the stage array of product (its index in "products") was recorded; *start then where
 * pcf__json_lazy_next() begins. */
int pcf__json_lazy_find(const pcf__json_lazy *lazy, size_t product, int stage, size_t *start);
/* The element at *pos of a recorded array (a new reference in *out, *pos moved past it), or
 * *out NULL at the array's end. PCF_ERR_NOMEM when it could not be made. */
pcf_status pcf__json_lazy_next(pcf__json_lazy *lazy, size_t *pos, json_t **out);

/* Parses text[0..len) with duplicate keys refused: PCF_OK, PCF_ERR_NOMEM, or PCF_ERR_PARSE with
 * jansson's wording, line and column in *jerr (lib/model_json.c). */
pcf_status pcf__json_load_text(const char *text, size_t len, json_t **root_out, json_error_t *jerr);

/*
 * Parses the NUL-terminated text of a JSON argument (a study, a PACT document) as
 * pcf__json_parse() does, duplicate keys refused: PCF_ERR_PARSE "the <what> is not valid JSON:
 * <jansson's wording>" at `file` (may be NULL), "$", line and column; PCF_ERR_NOMEM "out of
 * memory reading the <what>" when an allocation failed, whether in pcf's reader or in jansson's.
 */
pcf_status pcf__json_text_parse(const char *text, const char *what, const char *file,
                                json_t **root_out, pcf_error *err);

/* pcf__read_file(path, what, max_bytes) and then parses what it read as pcf__json_doc_parse()
 * does; *source_out is the text read itself (no copy). */
pcf_status pcf__json_doc_read(const char *path, const char *what, size_t max_bytes,
                              json_t **root_out, char **source_out, pcf_error *err);

/* Names of stages for the JSON keys, in pcf_stage order. */
extern const char *const pcf__stage_keys[6];

/* Validation-only walk over the model (implemented in system.c). */
pcf_status pcf__model_check(const pcf_model *model, pcf_diag *diag, pcf_error *err);

#endif
