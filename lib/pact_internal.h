/*
 * pcf — PACT ProductFootprint record shared by the PACT files: pact.c (record, field syntax,
 * UUIDs), pact_validate.c, pact_read.c, pact_write.c, pact_options.c and pact_export.c (the
 * export of a calculated result). Not installed. GPL-3.0-or-later; see LICENSE.
 */
#ifndef PCF_PACT_INTERNAL_H
#define PCF_PACT_INTERNAL_H

#include "internal.h"

#include <stdint.h>

/* Text fields, named by their v3 names (pcf__pact_text_names[]). */
enum {
    PACT_T_ID,
    PACT_T_SPEC_VERSION,
    PACT_T_CREATED,
    PACT_T_STATUS,
    PACT_T_COMPANY_NAME,
    PACT_T_PRODUCT_DESCRIPTION,
    PACT_T_PRODUCT_NAME_COMPANY,
    PACT_T_PRODUCT_CATEGORY_CPC,
    PACT_T_COMMENT,
    PACT_T_VALIDITY_START,
    PACT_T_VALIDITY_END,
    PACT_T_DECLARED_UNIT,
    PACT_T_REF_START,
    PACT_T_REF_END,
    PACT_T_GEO_COUNTRY,
    PACT_T_GEO_SUBDIVISION,
    PACT_T_GEO_REGION,
    PACT_T_BOUNDARY,
    PACT_T_EXEMPTED_DESC,
    PACT_T_BIOGENIC_METHOD,
    PACT_T_ALLOCATION,
    PACT_T_UNCERTAINTY,
    PACT_T_COUNT
};

/* List fields. Secondary sources are two parallel lists (name, version). */
enum {
    PACT_L_COMPANY_IDS,
    PACT_L_PRODUCT_IDS,
    PACT_L_CLASSIFICATIONS,
    PACT_L_STANDARDS, /* v3 names: ISO14067, GHGP-Product, PACT-3.0 ... */
    PACT_L_IPCC,      /* AR5, AR6 */
    PACT_L_SOURCE_NAMES,
    PACT_L_SOURCE_VERSIONS,
    PACT_L_PRECEDING,
    PACT_L_COUNT
};

typedef struct pact_list {
    char **items;
    size_t n;
    size_t cap;
} pact_list;

struct pcf_pact_footprint {
    int major;       /* 2 or 3; 0 when not known yet */
    int64_t version; /* v2 "version"; -1 when not set */
    int packaging;   /* packagingEmissionsIncluded: -1 unset, 0, 1 */
    char *text[PACT_T_COUNT];
    pact_list list[PACT_L_COUNT];
    double val[PCF_PACT_VALUE_COUNT_];
    unsigned char has[PCF_PACT_VALUE_COUNT_];
    char source[64]; /* "PACT <id>" for the audit trail of an imported footprint */
};

struct pcf_pact_options {
    pcf_pact_footprint rec; /* the fields the caller or the model's "pact" object gave */
    uint8_t random[16];
    int has_random;
};

/* Field names: text fields by their v3 names, lists by their names in both versions. */
extern const char *const pcf__pact_text_names[PACT_T_COUNT];
extern const char *const pcf__pact_list_names[PACT_L_COUNT];

/* Where a number lives and how each version spells it. */
enum { PACT_IN_PCF = 0, PACT_IN_DQI = 1 };
enum pcf__pact_sign { PACT_SIGN_ANY, PACT_SIGN_NONNEG, PACT_SIGN_NONPOS, PACT_SIGN_POS };
typedef struct pcf__pact_value_spec {
    const char *v2;
    const char *v3;
    int where;
    enum pcf__pact_sign s2, s3;
} pcf__pact_value_spec;
extern const pcf__pact_value_spec pcf__pact_values[PCF_PACT_VALUE_COUNT_];

/* Declared units by their v3 names (NULL-terminated); v2.3 has the first seven. */
extern const char *const pcf__pact_units[];
#define PCF__PACT_UNITS_V2_COUNT 7

/* v3 standard names with their v2.3 crossSectoralStandards and deprecated
 * crossSectoralStandardsUsed spellings (NULL where v2 has none). */
typedef struct pcf__pact_standard {
    const char *v3, *v2, *v2_used;
} pcf__pact_standard;
extern const pcf__pact_standard pcf__pact_standards[];
extern const size_t pcf__pact_n_standards;

void pcf__pact_record_init(pcf_pact_footprint *r);
void pcf__pact_record_free(pcf_pact_footprint *r);
pcf_status pcf__pact_set_text(pcf_pact_footprint *r, int field, const char *value);
pcf_status pcf__pact_list_add(pcf_pact_footprint *r, int list, const char *value);
void pcf__pact_set_value(pcf_pact_footprint *r, pcf_pact_value v, double x);
/* dst = a deep copy of src, or an empty record when src is NULL. */
pcf_status pcf__pact_record_copy(pcf_pact_footprint *dst, const pcf_pact_footprint *src);

/* Field syntax (pact.c). */
int pcf__pact_is_digit(char c);
/* RFC 9562 text form: 8-4-4-4-12 hexadecimal digits. */
int pcf__pact_uuid_ok(const char *s);
/* RFC 8141: "urn:" NID ":" NSS. */
int pcf__pact_urn_ok(const char *s);
/* ^\d+\.\d+\.\d+(-\d{8})?$ ; *major gets the first number. */
int pcf__pact_spec_version_ok(const char *s, int *major);
/* Decimal string: v3 ^[+-]?\d+(\.\d+)?$ ; v2 has no '+'. */
int pcf__pact_decimal_ok(const char *s, int major);
/* RFC 3339 date-time; *secs in UTC. */
int pcf__pact_timestamp_ok(const char *s, int64_t *secs);
/* buf = base "." key; buf may be base. */
void pcf__pact_join(char *buf, size_t size, const char *base, const char *key);
/* buf = base "[" i "]"; buf may be base. */
void pcf__pact_join_index(char *buf, size_t size, const char *base, size_t i);

/*
 * Runs every rule of PACT on the document json (pact_validate.c), filling rec when not NULL.
 * Returns PCF_OK, PCF_ERR_PARSE (violations or bad JSON) or PCF_ERR_NOMEM.
 */
pcf_status pcf__pact_walk(const char *json, pcf_diag *diag, pcf_pact_footprint *rec,
                          pcf_error *err);

/* A decimal as PACT writes it: plain digits, no exponent, "-0" as "0" (pact_write.c). */
void pcf__pact_decimal_text(double v, char *buf, size_t size);

/*
 * Writes record r as a PACT document of major version 2 or 3. from_model selects how missing
 * fields are explained: 1 names the model key (pact.<field>) that supplies them, 0 says the
 * source document lacks them.
 */
pcf_status pcf__pact_write(const pcf_pact_footprint *r, int version, int from_model, char **out,
                           pcf_error *err);

/* How many declaredUnit(OfMeasurement)s the figures of @p fp are per: 1 in v2, declaredUnitAmount
 * in v3 (pact_read.c). */
double pcf__pact_per_units(const pcf_pact_footprint *fp);

#endif
