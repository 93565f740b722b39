/*
 * pcf — the one table of the model's keys (model_keys.h). docs/model-format.md describes each
 * key; tests/test_model_keys.c holds this table against docs/model.schema.json.
 * GPL-3.0-or-later; see LICENSE.
 */
#include "model_keys.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static const char *const boundary_values[] = {"cradle-to-grave", "cradle-to-gate", NULL};
static const char *const gwp_values[] = {"AR4", "AR5", "AR6", "ar4", "ar5", "ar6", NULL};
static const char *const method_values[] = {"cut-off", "avoided-burden", "50/50", "cff", NULL};
static const char *const basis_values[] = {"mass", "economic", "physical", NULL};
static const char *const flow_values[] = {"fossil", "biogenic", "dluc", "aircraft", NULL};
static const char *const mode_values[] = {"road", "rail",     "sea",   "inland_waterway",
                                          "air",  "pipeline", "other", NULL};
static const char *const scope_values[] = {"wtw", "ttw", NULL};
static const char *const route_values[] = {"recycling", "energy_recovery", "incineration",
                                           "landfill",  "other",           NULL};
static const char *const dist_values[] = {"fixed",      "none",    "lognormal", "normal",
                                          "triangular", "uniform", NULL};

/* Shorthands for the rows below. */
#define INF INFINITY
#define ACT PCF__IN_ACTIVITY
#define MAT PCF__IN_MATERIALS
#define TRN PCF__IN_TRANSPORT
#define EOL PCF__IN_END_OF_LIFE
/* a number in [lo, hi], (lo, hi], [lo, hi), (lo, hi) and any number */
#define NUM_CC(lo, hi) PCF__KEY_NUMBER, lo, hi, 0, 0, PCF_DIM_NONE, NULL
#define NUM_OC(lo, hi) PCF__KEY_NUMBER, lo, hi, 1, 0, PCF_DIM_NONE, NULL
#define NUM_CO(lo, hi) PCF__KEY_NUMBER, lo, hi, 0, 1, PCF_DIM_NONE, NULL
#define NUM_OO(lo, hi) PCF__KEY_NUMBER, lo, hi, 1, 1, PCF_DIM_NONE, NULL
#define NUM_ANY        NUM_OO(-INF, INF)
#define OF(type)       type, 0, 0, 0, 0, PCF_DIM_NONE, NULL
#define UNIT(dim)      PCF__KEY_UNIT, 0, 0, 0, 0, dim, NULL
#define ENUM(values)   PCF__KEY_ENUM, 0, 0, 0, 0, PCF_DIM_NONE, values

static const char *const regime_values[] = {"iso14067", "eu-battery", NULL};

const pcf__model_key pcf__model_keys[] = {
    /* the model */
    {"pcf_model", PCF__IN_TOP, PCF__KEY_INTEGER, 1, 1, 0, 0, PCF_DIM_NONE, NULL},
    {"description", PCF__IN_TOP | PCF__IN_PRODUCT | PCF__IN_FLOW_AMOUNT, OF(PCF__KEY_STRING)},
    {"boundary", PCF__IN_TOP, ENUM(boundary_values)},
    {"gwp", PCF__IN_TOP, ENUM(gwp_values)},
    {"region", PCF__IN_TOP | PCF__IN_LOOKUP, OF(PCF__KEY_STRING)},
    {"recycling_method", PCF__IN_TOP, ENUM(method_values)},
    {"products", PCF__IN_TOP, OF(PCF__KEY_ARRAY)},
    {"pact", PCF__IN_TOP, OF(PCF__KEY_OBJECT)},
    {"regime", PCF__IN_TOP, ENUM(regime_values)},
    {"allow_out_of_regime", PCF__IN_TOP, OF(PCF__KEY_BOOL)},
    {"battery", PCF__IN_TOP, OF(PCF__KEY_OBJECT)}, /* checked by lib/battery.c */
    /* a product */
    {"id", PCF__IN_PRODUCT, OF(PCF__KEY_STRING)},
    {"name", PCF__IN_PRODUCT, OF(PCF__KEY_NAME)},
    {"declared_unit", PCF__IN_PRODUCT, OF(PCF__KEY_OBJECT)},
    {"reference_flow", PCF__IN_PRODUCT, OF(PCF__KEY_OBJECT)},
    {"mass", PCF__IN_PRODUCT | TRN, NUM_CO(0, INF)},
    {"mass_unit", PCF__IN_PRODUCT | TRN, UNIT(PCF_DIM_MASS)},
    {"service_life", PCF__IN_PRODUCT, NUM_OO(0, INF)},
    {"service_life_unit", PCF__IN_PRODUCT, UNIT(PCF_DIM_TIME)},
    {"allocation", PCF__IN_PRODUCT, OF(PCF__KEY_OBJECT)},
    {"stages", PCF__IN_PRODUCT, OF(PCF__KEY_OBJECT)},
    {"components", PCF__IN_PRODUCT, OF(PCF__KEY_ARRAY)},
    /* declared unit, reference flow */
    {"amount", PCF__IN_FLOW_AMOUNT, NUM_OO(0, INF)},
    {"unit", PCF__IN_FLOW_AMOUNT | ACT | PCF__IN_PART, UNIT(PCF_DIM_NONE)},
    /* allocation and its co-products */
    {"basis", PCF__IN_ALLOCATION, ENUM(basis_values)},
    {"share", PCF__IN_ALLOCATION, NUM_OC(0, 1)},
    {"coproducts", PCF__IN_ALLOCATION, OF(PCF__KEY_ARRAY)},
    {"name", PCF__IN_COPRODUCT | ACT | PCF__IN_LOOKUP | PCF__IN_PART, OF(PCF__KEY_STRING)},
    {"quantity", PCF__IN_COPRODUCT | PCF__IN_SUBASSEMBLY | PCF__IN_PART, NUM_CO(0, INF)},
    /* the stages */
    {"materials", PCF__IN_STAGES, OF(PCF__KEY_ARRAY)},
    {"production", PCF__IN_STAGES, OF(PCF__KEY_ARRAY)},
    {"transport", PCF__IN_STAGES, OF(PCF__KEY_ARRAY)},
    {"storage", PCF__IN_STAGES, OF(PCF__KEY_ARRAY)},
    {"use", PCF__IN_STAGES, OF(PCF__KEY_ARRAY)},
    {"end_of_life", PCF__IN_STAGES, OF(PCF__KEY_ARRAY)},
    /* every activity */
    {"amount", ACT, NUM_CO(0, INF)},
    {"factor", ACT, OF(PCF__KEY_FACTOR)},
    {"gas", ACT, OF(PCF__KEY_STRING)},
    {"flow", ACT, ENUM(flow_values)},
    {"per", ACT, UNIT(PCF_DIM_TIME)},
    {"duration", ACT, NUM_CO(0, INF)},
    {"duration_unit", ACT, UNIT(PCF_DIM_TIME)},
    {"times", ACT, NUM_OO(0, INF)},
    {"primary", ACT | PCF__IN_OWN_FACTOR, OF(PCF__KEY_BOOL)},
    {"uncertainty", ACT | PCF__IN_OWN_FACTOR, OF(PCF__KEY_OBJECT)},
    {"comment", ACT | PCF__IN_SUBASSEMBLY | PCF__IN_PART, OF(PCF__KEY_STRING)},
    /* materials */
    {"loss_rate", MAT, NUM_CO(0, 1)},
    {"recycled_content", MAT, NUM_CC(0, 1)},
    {"recycled_factor", MAT, OF(PCF__KEY_FACTOR)},
    {"biogenic_carbon", MAT, NUM_CC(0, 1)},
    {"A", MAT | EOL, NUM_CC(0, 1)},
    {"quality", MAT | EOL, NUM_OC(0, 1)},
    /* transport */
    {"mode", TRN, ENUM(mode_values)},
    {"distance", TRN, NUM_CO(0, INF)},
    {"distance_unit", TRN, UNIT(PCF_DIM_LENGTH)},
    {"payload", TRN, NUM_OO(0, INF)},
    {"payload_unit", TRN, UNIT(PCF_DIM_MASS)},
    {"load_factor", TRN, NUM_OC(0, 1)},
    {"empty_running", TRN, NUM_CO(0, 1)},
    {"factor_scope", TRN, ENUM(scope_values)},
    {"wtt_factor", TRN, OF(PCF__KEY_FACTOR)},
    /* end of life */
    {"route", EOL, ENUM(route_values)},
    {"share", EOL, NUM_CC(0, 1)},
    {"credit_factor", EOL, OF(PCF__KEY_FACTOR)},
    {"credit_amount", EOL, NUM_CO(0, INF)},
    {"credit_unit", EOL, UNIT(PCF_DIM_NONE)},
    {"B", EOL, NUM_CC(0, 1)},
    /* a factor looked up by name */
    {"category", PCF__IN_LOOKUP, OF(PCF__KEY_STRING)},
    /* an own factor */
    {"value", PCF__IN_OWN_FACTOR, NUM_ANY},
    {"unit", PCF__IN_OWN_FACTOR, OF(PCF__KEY_RATE_UNIT)},
    {"source", PCF__IN_OWN_FACTOR | PCF__IN_SUPPLIER_PCF, OF(PCF__KEY_STRING)},
    {"gwp", PCF__IN_OWN_FACTOR, OF(PCF__KEY_STRING)},
    /* uncertainty */
    {"dist", PCF__IN_UNCERTAINTY, ENUM(dist_values)},
    {"pedigree", PCF__IN_UNCERTAINTY, OF(PCF__KEY_ARRAY)},
    {"basic_uncertainty", PCF__IN_UNCERTAINTY, NUM_CO(1, INF)},
    {"gsd", PCF__IN_UNCERTAINTY, NUM_CO(1, INF)},
    {"sd", PCF__IN_UNCERTAINTY, NUM_CO(0, INF)},
    {"min", PCF__IN_UNCERTAINTY, NUM_ANY},
    {"mode", PCF__IN_UNCERTAINTY, NUM_ANY},
    {"max", PCF__IN_UNCERTAINTY, NUM_ANY},
    /* a purchased part and its supplier PCF */
    {"supplier_pcf", PCF__IN_PART, OF(PCF__KEY_OBJECT)},
    {"kg_co2e", PCF__IN_SUPPLIER_PCF, NUM_ANY},
    {"declared_unit", PCF__IN_SUPPLIER_PCF, UNIT(PCF_DIM_NONE)},
    {"fossil", PCF__IN_SUPPLIER_PCF, NUM_CO(0, INF)},
    {"biogenic", PCF__IN_SUPPLIER_PCF, NUM_CO(0, INF)},
    {"biogenic_removal", PCF__IN_SUPPLIER_PCF, NUM_OC(-INF, 0)},
    {"dluc", PCF__IN_SUPPLIER_PCF, NUM_CO(0, INF)},
    {"aircraft", PCF__IN_SUPPLIER_PCF, NUM_CO(0, INF)},
    {"primary_data_share", PCF__IN_SUPPLIER_PCF, NUM_CC(0, 1)},
    {"supplier", PCF__IN_SUPPLIER_PCF, OF(PCF__KEY_STRING)},
    {"biogenic_carbon", PCF__IN_SUPPLIER_PCF, NUM_CO(0, INF)}, /* kg C per declared unit */
    /* a sub-assembly */
    {"product", PCF__IN_SUBASSEMBLY, OF(PCF__KEY_STRING)},
};

const size_t pcf__model_key_count = sizeof pcf__model_keys / sizeof pcf__model_keys[0];

/*
 * A hash index of the table, made once: the resolver looks up every key of every activity (a
 * scan of the table with strcmp was an eighth of resolving a big model). slot holds 1 + the first
 * row of a name, next the next row with the same name (in table order, so the first row that
 * matches both the name and the place is found, as a scan finds it), 0 ending a chain. The hash
 * reads the length and three bytes, not the whole name (jansson gives each key's length), and a
 * name is confirmed by its length and one memcmp.
 */
#define KEY_SLOTS 512 /* a power of two, well above the table's rows */
_Static_assert(sizeof pcf__model_keys / sizeof pcf__model_keys[0] <= PCF__MODEL_KEY_ROWS_MAX,
               "PCF__MODEL_KEY_ROWS_MAX (model_keys.h) is below the rows of the table");
static uint16_t key_slot[KEY_SLOTS];
static uint16_t key_next[sizeof pcf__model_keys / sizeof pcf__model_keys[0]];
static uint8_t key_len[sizeof pcf__model_keys / sizeof pcf__model_keys[0]];
static pthread_once_t key_once = PTHREAD_ONCE_INIT;

/* len >= 1: its first, middle and last bytes and the length; the table's names differ in these
 * but for a few pairs, which share a chain */
static uint32_t key_hash(const char *s, size_t len)
{
    uint32_t h = (uint32_t)len << 24 ^ (uint32_t)(unsigned char)s[0] << 16 ^
                 (uint32_t)(unsigned char)s[len / 2] << 8 ^ (uint32_t)(unsigned char)s[len - 1];
    return (h * 0x9E3779B1u) >> 23; /* the top 9 bits: KEY_SLOTS */
}

static void key_index_once(void)
{
    for (size_t i = pcf__model_key_count; i-- > 0;) { /* backwards: chains in table order */
        const char *name = pcf__model_keys[i].name;
        key_len[i] = (uint8_t)strlen(name); /* every name is short (test_model_keys) */
        for (uint32_t h = key_hash(name, key_len[i]);; h++) {
            uint16_t *slot = &key_slot[h & (KEY_SLOTS - 1)];
            if (*slot && strcmp(pcf__model_keys[*slot - 1].name, name) != 0)
                continue; /* another name: probe on */
            key_next[i] = *slot;
            *slot = (uint16_t)(i + 1);
            break;
        }
    }
}

int pcf__model_key_name_id_n(const char *name, size_t len)
{
    if (!name || len == 0 || len > UINT8_MAX)
        return -1; /* no row has an empty or a long name */
    pthread_once(&key_once, key_index_once);
    for (uint32_t h = key_hash(name, len);; h++) {
        uint16_t r = key_slot[h & (KEY_SLOTS - 1)];
        if (!r)
            return -1;
        if (key_len[r - 1] == len && memcmp(pcf__model_keys[r - 1].name, name, len) == 0)
            return r - 1;
    }
}

int pcf__model_key_name_id(const char *name)
{
    return name ? pcf__model_key_name_id_n(name, strlen(name)) : -1;
}

const pcf__model_key *pcf__model_key_of_id(int id, uint32_t where)
{
    if (id < 0 || (size_t)id >= pcf__model_key_count)
        return NULL;
    /* the index is made: the id came from pcf__model_key_name_id */
    for (uint16_t r = (uint16_t)(id + 1); r; r = key_next[r - 1])
        if (pcf__model_keys[r - 1].where & where)
            return &pcf__model_keys[r - 1];
    return NULL;
}

const pcf__model_key *pcf__model_key_find(const char *name, uint32_t where)
{
    return pcf__model_key_of_id(pcf__model_key_name_id(name), where);
}

int pcf__model_key_in_range(const pcf__model_key *k, double x)
{
    return isfinite(x) && (k->lo_open ? x > k->lo : x >= k->lo) &&
           (k->hi_open ? x < k->hi : x <= k->hi);
}

int pcf__model_key_value_ok(const pcf__model_key *k, const char *value)
{
    for (size_t i = 0; value && k->values && k->values[i]; i++)
        if (strcmp(k->values[i], value) == 0)
            return 1;
    return 0;
}

const char *pcf__model_key_values_text(const pcf__model_key *k, char *buf, size_t size)
{
    size_t n = 0;
    if (size)
        buf[0] = '\0';
    for (size_t i = 0; k->values && k->values[i] && n < size; i++) {
        int w = snprintf(buf + n, size - n, "%s%s", i ? ", " : "", k->values[i]);
        if (w < 0)
            break;
        n += (size_t)w;
    }
    return buf;
}
