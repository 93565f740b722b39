/*
 * pcf — the one table of the model's keys: for every key of the JSON format its type, its range
 * or allowed values, the kind of unit it takes, and the objects it may appear in. Read by the C
 * setters (model.c), by the resolver and so by `pcf validate` (system_*.c), and held against
 * docs/model.schema.json by tests/test_model_keys.c. Not installed. GPL-3.0-or-later; see LICENSE.
 */
#ifndef PCF_MODEL_KEYS_H
#define PCF_MODEL_KEYS_H

#include "internal.h"

#include <stdint.h>

/* The objects of a model a key may appear in (a bit set). The stage bits follow pcf_stage. */
enum {
    PCF__IN_TOP = 1u << 0,           /* the model object */
    PCF__IN_PRODUCT = 1u << 1,       /* $.products[i] */
    PCF__IN_FLOW_AMOUNT = 1u << 2,   /* a product's declared_unit and reference_flow */
    PCF__IN_ALLOCATION = 1u << 3,    /* a product's allocation */
    PCF__IN_COPRODUCT = 1u << 4,     /* an entry of allocation.coproducts */
    PCF__IN_STAGES = 1u << 5,        /* a product's stages */
    PCF__IN_MATERIALS = 1u << 6,     /* an activity of the materials stage; then production, ... */
    PCF__IN_PRODUCTION = 1u << 7,    /*   ... transport, storage, use, end_of_life: */
    PCF__IN_TRANSPORT = 1u << 8,     /*   PCF__IN_MATERIALS << stage */
    PCF__IN_STORAGE = 1u << 9,       /*   */
    PCF__IN_USE = 1u << 10,          /*   */
    PCF__IN_END_OF_LIFE = 1u << 11,  /*   */
    PCF__IN_LOOKUP = 1u << 12,       /* a factor looked up by {category, name, region} */
    PCF__IN_OWN_FACTOR = 1u << 13,   /* an own factor {value, unit, ...} */
    PCF__IN_UNCERTAINTY = 1u << 14,  /* an "uncertainty" object */
    PCF__IN_SUPPLIER_PCF = 1u << 15, /* a purchased part's supplier_pcf */
    PCF__IN_SUBASSEMBLY = 1u << 16,  /* a component naming a sub-assembly */
    PCF__IN_PART = 1u << 17,         /* a component that is a purchased part */
    PCF__IN_ACTIVITY = 0x3fu << 6    /* an activity of any stage */
};

/* The activity bit of a stage (pcf_stage). */
#define PCF__IN_STAGE(stage) (PCF__IN_MATERIALS << (stage))

typedef enum pcf__key_type {
    PCF__KEY_NUMBER,    /* a JSON number in [lo, hi] (open ends as flagged) */
    PCF__KEY_INTEGER,   /* a JSON integer in [lo, hi] */
    PCF__KEY_STRING,    /* free text */
    PCF__KEY_ENUM,      /* one of values */
    PCF__KEY_BOOL,      /* true or false */
    PCF__KEY_UNIT,      /* a unit symbol of dimension dim (PCF_DIM_NONE: any) */
    PCF__KEY_RATE_UNIT, /* an emission-rate unit such as kgCO2e/kWh */
    PCF__KEY_FACTOR,    /* a factor: a code, a lookup or an own value */
    PCF__KEY_NAME,      /* a string or {"en": ..., "zh": ...} */
    PCF__KEY_OBJECT,    /* an object with keys of its own (see where) */
    PCF__KEY_ARRAY      /* an array */
} pcf__key_type;

typedef struct pcf__model_key {
    const char *name;
    uint32_t where; /* PCF__IN_* bits */
    pcf__key_type type;
    double lo, hi;             /* numbers: the range (-inf, inf when unbounded) */
    int lo_open, hi_open;      /* numbers: 1 when the bound itself is excluded */
    pcf_dimension dim;         /* units: the dimension needed (PCF_DIM_NONE: any) */
    const char *const *values; /* enums: NULL-terminated */
} pcf__model_key;

extern const pcf__model_key pcf__model_keys[];
extern const size_t pcf__model_key_count;

/* The row of key in one of the objects where, or NULL when the key is not allowed there. */
const pcf__model_key *pcf__model_key_find(const char *name, uint32_t where);

/* An upper bound of the table's rows (checked where the table is defined). */
#define PCF__MODEL_KEY_ROWS_MAX 256

/* The id of a key name: the index of its first row, shared by every row of that name (a key may
 * have a row per kind of object); -1 when no row has that name. */
int pcf__model_key_name_id(const char *name);
/* The same for the len bytes at name (a key's text need not end there: jansson's keys may hold
 * \u0000, which no row's name has). */
int pcf__model_key_name_id_n(const char *name, size_t len);
/* The row of the name with id `id` (from pcf__model_key_name_id) in one of the objects where, or
 * NULL: pcf__model_key_find without hashing the name again. */
const pcf__model_key *pcf__model_key_of_id(int id, uint32_t where);

/* 1 when x lies in the row's range. */
int pcf__model_key_in_range(const pcf__model_key *k, double x);

/* 1 when value is one of the row's values (an enum). */
int pcf__model_key_value_ok(const pcf__model_key *k, const char *value);

/* The row's values as "a, b, c" into buf (for messages); returns buf. */
const char *pcf__model_key_values_text(const pcf__model_key *k, char *buf, size_t size);

#endif
