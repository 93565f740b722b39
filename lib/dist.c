/*
 * pcf — distribution descriptors (names, checks). No GSL here: the deterministic core (model,
 * db) validates distributions without linking the sampler (GSL stays inside mc/dq).
 * GPL-3.0-or-later; see LICENSE.
 */
#include "internal.h"

#include <math.h>

static const char *const names[] = {"fixed", "lognormal", "normal", "triangular", "uniform"};

const char *pcf_dist_name(pcf_dist kind)
{
    if ((int)kind < 0 || (size_t)kind >= sizeof names / sizeof names[0])
        return NULL;
    return names[kind];
}

pcf_status pcf_dist_parse(const char *text, pcf_dist *out, pcf_error *err)
{
    if (out)
        *out = PCF_DIST_FIXED;
    if (!text || !out)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_dist_parse: %s is NULL",
                          !text ? "text" : "out");
    if (text[0] == '\0' || pcf__ascii_casecmp(text, "none") == 0)
        return pcf__ok(err);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (pcf__ascii_casecmp(text, names[i]) == 0) {
            *out = (pcf_dist)i;
            return pcf__ok(err);
        }
    }
    return pcf__error(err, PCF_ERR_NOT_FOUND,
                      "unknown distribution \"%.40s\"; use fixed, lognormal, normal, triangular "
                      "or uniform",
                      text);
}

pcf_status pcf_dist_check(pcf_dist kind, double value, double p1, double p2, double p3,
                          pcf_error *err)
{
    pcf__numbuf a, b, c;
    if (!isfinite(value))
        return pcf__error(err, PCF_ERR_INVALID_ARG, "the value is not a finite number");
    switch (kind) {
    case PCF_DIST_FIXED:
        return pcf__ok(err);
    case PCF_DIST_LOGNORMAL:
        if (!isfinite(p1) || p1 < 1.0)
            return pcf__error(err, PCF_ERR_INVALID_ARG,
                              "lognormal GSD %s is invalid: the geometric standard deviation must "
                              "be a finite number >= 1 (1 means no spread)",
                              pcf__num(&a, p1));
        return pcf__ok(err);
    case PCF_DIST_NORMAL:
        if (!isfinite(p1) || p1 < 0.0)
            return pcf__error(err, PCF_ERR_INVALID_ARG,
                              "normal standard deviation %s is invalid: it must be a finite "
                              "number >= 0",
                              pcf__num(&a, p1));
        return pcf__ok(err);
    case PCF_DIST_TRIANGULAR:
        if (!isfinite(p1) || !isfinite(p2) || !isfinite(p3) || !(p1 <= p2 && p2 <= p3) ||
            !(p1 < p3))
            return pcf__error(err, PCF_ERR_INVALID_ARG,
                              "triangular (min %s, mode %s, max %s) is invalid: it needs "
                              "min <= mode <= max and min < max",
                              pcf__num(&a, p1), pcf__num(&b, p2), pcf__num(&c, p3));
        if (value < p1 || value > p3)
            return pcf__error(err, PCF_ERR_INVALID_ARG,
                              "the value %s lies outside its triangular range [%s, %s]",
                              pcf__num(&a, value), pcf__num(&b, p1), pcf__num(&c, p3));
        return pcf__ok(err);
    case PCF_DIST_UNIFORM:
        if (!isfinite(p1) || !isfinite(p2) || !(p1 < p2))
            return pcf__error(err, PCF_ERR_INVALID_ARG,
                              "uniform (min %s, max %s) is invalid: it needs min < max",
                              pcf__num(&a, p1), pcf__num(&b, p2));
        if (value < p1 || value > p2)
            return pcf__error(err, PCF_ERR_INVALID_ARG,
                              "the value %s lies outside its uniform range [%s, %s]",
                              pcf__num(&a, value), pcf__num(&b, p1), pcf__num(&c, p2));
        return pcf__ok(err);
    }
    return pcf__error(err, PCF_ERR_INVALID_ARG, "%d is not a pcf_dist value", (int)kind);
}
