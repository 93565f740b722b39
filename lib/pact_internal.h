/*
 * pcf — PACT ProductFootprint record shared by lib/pact.c (read, validate, write) and the export
 * of a calculated result. Not installed. GPL-3.0-or-later; see LICENSE.
 */
#ifndef PCF_PACT_INTERNAL_H
#define PCF_PACT_INTERNAL_H

#include "internal.h"

#include <stdint.h>

/* Text fields, named by their v3 names (pact__text_name()). */
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

const char *pact__text_name(int field);
void pact__record_free(pcf_pact_footprint *r);
pcf_status pact__set_text(pcf_pact_footprint *r, int field, const char *value);
pcf_status pact__list_add(pcf_pact_footprint *r, int list, const char *value);
void pact__set_value(pcf_pact_footprint *r, pcf_pact_value v, double x);
/* dst = a deep copy of src, or an empty record when src is NULL. */
pcf_status pact__record_copy(pcf_pact_footprint *dst, const pcf_pact_footprint *src);

/*
 * Writes record r as a PACT document of major version 2 or 3. from_model selects how missing
 * fields are explained: 1 names the model key (pact.<field>) that supplies them, 0 says the
 * source document lacks them.
 */
pcf_status pact__write(const pcf_pact_footprint *r, int version, int from_model, char **out,
                       pcf_error *err);

#endif
