/*
 * pcf — internals of the LCI engine shared by lib/lci_import.c, lib/lci.c and lib/lci_flowmap.c.
 * Not installed. GPL-3.0-or-later; see LICENSE.
 */
#ifndef PCF_LCI_INTERNAL_H
#define PCF_LCI_INTERNAL_H

#include "db_internal.h"

#include "pcf/lci.h"

/* How an elementary flow counts (data/lci-flowmap.csv, column `kind`). */
typedef enum pcf__lci_kind {
    PCF__LCI_UNMAPPED = 0, /* no row: not counted; listed by info when it looks like a GHG */
    PCF__LCI_FOSSIL,
    PCF__LCI_BIOGENIC,
    PCF__LCI_DLUC,
    PCF__LCI_REMOVAL,
    PCF__LCI_NOGWP, /* a greenhouse gas without a GWP100 in data/gwp.csv: not counted */
    PCF__LCI_NONE   /* looks like a greenhouse gas by its name but is not one */
} pcf__lci_kind;

/* Classifies an elementary flow by its @id (rows with a UUID), else its name and category path
 * ("air/unspecified"): the kind, and for counted kinds the gas. Name comparison ignores ASCII
 * case, leading and trailing white space, and runs of white space. */
pcf__lci_kind pcf__lci_classify(const char *id, const char *name, const char *category,
                                pcf_gas *gas);

/* The compartment of a category path: "air", "water", "soil", "resource" or "unspecified". */
const char *pcf__lci_compartment(const char *category);

/* 1 when an elementary flow's name looks like a greenhouse gas (the test `pcf lci info` uses to
 * list unmapped flows), else 0. Water and soil flows never do. */
int pcf__lci_looks_ghg(const char *name, const char *category);

/* Checks the name of an imported database (letters, digits, '-', '_'; 1..32). */
pcf_status pcf__lci_check_name(const char *name, pcf_error *err);

/* 1 when the connection's main schema has the lci tables (schema version 2 or later). */
int pcf__lci_has_tables(pcf_db *db);

#endif /* PCF_LCI_INTERNAL_H */
