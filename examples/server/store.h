/*
 * pcf-pact-server — the footprints it serves (store.c): PACT ProductFootprints made from the
 * certificate records of pcf-certify, and the list filters of PACT v2 ($filter) and v3 (query
 * parameters). GPL-3.0-or-later; see LICENSE.
 */
#ifndef PCF_SERVER_STORE_H
#define PCF_SERVER_STORE_H

#include <pcf/pcf.h>

#include <jansson.h>
#include <stdio.h>

/* One footprint in the two data models: index 0 is PACT v2.3, 1 is v3.0. A version that cannot
 * express the product has NULL there and is left out of that version's lists. */
typedef struct fp_entry {
    char id[40];
    char *text[2]; /* compact JSON */
    json_t *doc[2];
} fp_entry;

typedef struct store {
    fp_entry *items;
    size_t n;
} store;

/* Loads every *.cert.json of records_dir: finds each record's model (as recorded, else beside
 * the record), recomputes it with db and checks the total against the record (a record that does
 * not verify is skipped, and said so on log), then writes its footprints with the PACT fields of
 * site_fields (a JSON file {"pact": {...}}: company and reference period) under the model's own
 * "pact" section. The footprint id is made from the record's seal, so it is the same at every
 * start. Returns the number of records skipped, or -1 when nothing could be loaded at all. */
int store_load(store *s, const char *records_dir, pcf_db *db, const char *site_fields, FILE *log);

void store_free(store *s);

/* The footprint with this id (case-insensitive UUID), or NULL. */
const fp_entry *store_find(const store *s, const char *id);

/* A compiled list filter. */
typedef struct fp_filter fp_filter;

/* v2: an OData $filter of the subset the PACT v2 specification lists: clauses joined by "and",
 * each `path op 'literal'` (path like pcf/geographyCountry or created; op eq ne gt ge lt le) or
 * `companyIds/any(c:(c eq 'urn:...'))` (also productIds). NULL with *why set on a syntax error. */
fp_filter *filter_v2(const char *text, const char **why);

/* v3: adds one query parameter (productId, companyId, geography, classification, validOn,
 * validAfter, validBefore, status): 0, or -1 with *why set (unknown name, bad date or status). */
int filter_v3_add(fp_filter **f, const char *name, const char *value, const char **why);

/* 1 when the footprint document matches (a NULL filter matches everything). */
int filter_match(const fp_filter *f, const json_t *doc, int v3);

void filter_free(fp_filter *f);

/* Seconds since 1970 of an RFC 3339 date-time ("2025-01-01T00:00:00Z", fractions and offsets
 * allowed); 0 with *ok = 0 when malformed. */
long long parse_time(const char *s, int *ok);

#endif
