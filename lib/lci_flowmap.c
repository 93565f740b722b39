/*
 * pcf — which LCI elementary flows are greenhouse gases: the shipped flow map
 * (data/lci-flowmap.csv, compiled in) and the name test `pcf lci info` uses to list flows that
 * look like greenhouse gases but have no row.
 * GPL-3.0-or-later; see LICENSE.
 */
#include "lci_internal.h"

#include <string.h>

struct flowmap_row {
    const char *name;        /* white space collapsed */
    const char *compartment; /* air, water, soil, resource, unspecified */
    const char *uuid;        /* "" when the row matches by name and compartment */
    const char *gas;         /* pcf_gas_key(), "" for nogwp and none */
    pcf__lci_kind kind;
};

#include "lci_flowmap.h"

/* Compares a (trimmed, white space collapsed, ASCII case folded) with b (already collapsed). */
static int name_equal(const char *a, const char *b)
{
    while (*a == ' ' || *a == '\t')
        a++;
    for (;;) {
        if (*a == ' ' || *a == '\t') {
            while (*a == ' ' || *a == '\t')
                a++;
            if (!*a)
                return *b == '\0';
            if (*b != ' ')
                return 0;
            b++;
            continue;
        }
        if (!*a || !*b)
            return !*a && !*b;
        if (pcf__ascii_lower(*a) != pcf__ascii_lower(*b))
            return 0;
        a++;
        b++;
    }
}

static int segment_is(const char *s, size_t n, const char *word)
{
    size_t w = strlen(word);
    if (n == w && strncmp(s, word, n) == 0)
        return 1;
    /* "Emission to air", "Emissions to water" */
    return n > w + 3 && strncmp(s + n - w - 3, "to ", 3) == 0 && strncmp(s + n - w, word, w) == 0;
}

const char *pcf__lci_compartment(const char *category)
{
    static const char *const words[] = {"air", "water", "soil"};
    char low[512];
    size_t n = 0;
    for (; category && category[n] && n + 1 < sizeof low; n++)
        low[n] = pcf__ascii_lower(category[n]);
    low[n] = '\0';
    for (const char *s = low; *s;) {
        size_t len = strcspn(s, "/");
        if (strncmp(s, "resource", 8) == 0)
            return "resource";
        s += len + (s[len] == '/');
    }
    for (const char *s = low; *s;) {
        size_t len = strcspn(s, "/");
        for (size_t w = 0; w < 3; w++)
            if (segment_is(s, len, words[w]))
                return words[w];
        s += len + (s[len] == '/');
    }
    return "unspecified";
}

pcf__lci_kind pcf__lci_classify(const char *id, const char *name, const char *category,
                                pcf_gas *gas)
{
    const char *comp = pcf__lci_compartment(category);
    /* Rows with a UUID first (they match that flow only), then by name and compartment. */
    for (size_t i = 0; i < 2 * (sizeof flowmap_rows / sizeof flowmap_rows[0]); i++) {
        size_t n = sizeof flowmap_rows / sizeof flowmap_rows[0];
        const struct flowmap_row *r = &flowmap_rows[i % n];
        if (i < n ? !r->uuid[0] || strcmp(r->uuid, id) != 0
                  : r->uuid[0] || strcmp(r->compartment, comp) != 0 || !name_equal(name, r->name))
            continue;
        if (r->gas[0] && pcf_gas_parse(r->gas, gas, NULL) != PCF_OK)
            return PCF__LCI_UNMAPPED; /* the generator checks the keys; never reached */
        return r->kind;
    }
    return PCF__LCI_UNMAPPED;
}

int pcf__lci_looks_ghg(const char *name, const char *category)
{
    static const char *const words[] = {"carbon dioxide",
                                        "methane",
                                        "nitrous oxide",
                                        "dinitrogen monoxide",
                                        "hexafluoride",
                                        "nitrogen trifluoride",
                                        "hfc",
                                        "pfc",
                                        "cfc",
                                        "fluoro",
                                        "halon"};
    const char *comp = pcf__lci_compartment(category);
    if (strcmp(comp, "water") == 0 || strcmp(comp, "soil") == 0)
        return 0;
    char low[512];
    size_t n = 0;
    for (; name[n] && n + 1 < sizeof low; n++)
        low[n] = pcf__ascii_lower(name[n]);
    low[n] = '\0';
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strstr(low, words[i]))
            return 1;
    return 0;
}
