/*
 * pcf — internal: the site result shared by lib/site.c (reading, calculation, production
 * stage) and lib/site_report.c (JSON, text and HTML disclosure). Not installed.
 * GPL-3.0-or-later; see LICENSE.
 */
#ifndef PCF_SITE_INTERNAL_H
#define PCF_SITE_INTERNAL_H

#include "internal.h"
#include "util.h"

#include "pcf/site.h"

/* Kinds of site lines, in the order the disclosure lists them. */
typedef enum pcf__site_kind {
    PCF__SITE_FUEL = 0,
    PCF__SITE_REFRIGERANT = 1,
    PCF__SITE_GRID = 2,
    PCF__SITE_PV = 3,
    PCF__SITE_INSTRUMENT = 4, /* a renewable certificate or PPA (market-based only) */
    PCF__SITE_WASTE = 5
} pcf__site_kind;

#define PCF__SITE_KINDS 6

/* One computed line; strings live in the result's arena. */
typedef struct pcf__site_line {
    pcf__site_kind kind;
    const char *path;        /* "$.fuels[0]" */
    const char *name_en;     /* as typed, or the English name */
    const char *name_zh;     /* as typed, or the Chinese name */
    const char *what;        /* grid region, gas key, instrument kind + technology, ... */
    double amount;           /* as typed, in unit */
    const char *unit;        /* unit symbol */
    const char *code;        /* factor code, or "" (refrigerants, PV, instruments) */
    const char *factor_en;   /* factor name */
    const char *factor_zh;   /* factor name in Chinese */
    const char *factor_unit; /* the unit the factor is per */
    const char *dataset;     /* dataset name and version, for the licence lookup */
    const char *dataset_version;
    double factor;   /* kg CO2e (or CO2) per factor unit; GWP for a refrigerant */
    double quantity; /* amount in the factor's unit (kg of gas for a refrigerant) */
    double kg;       /* kg CO2e */
    int co2_only;
    int scope; /* 1, 2 or 3; 0 outside the scopes (a Montreal Protocol gas) */
} pcf__site_line;

typedef struct pcf__site_product {
    const char *id, *name_en, *name_zh, *path;
    double output;    /* in unit */
    const char *unit; /* unit symbol */
    double basis;     /* pieces, kg or revenue */
    double share, kg, per_unit;
} pcf__site_product;

struct pcf_site_result {
    pcf__arena arena;
    const char *filename, *name_en, *name_zh, *region;
    int year;
    pcf_gwp_set gwp;
    const char *basis; /* "units", "mass", "revenue" */
    double totals[6];  /* pcf_site_total */
    double grid_kwh, pv_kwh, instrument_kwh;
    int zh_names; /* the document names things in Chinese (the production stage's labels) */
    pcf__site_line *lines;
    size_t n_lines;
    pcf__site_product *products;
    size_t n_products;
};

#endif
