/*
 * Fuzz target for unit and number strings: the input is up to three lines A, B,
 * C. A goes through pcf_unit_parse, pcf_quantity_parse, pcf_unit_parse_rate and pcf_number_parse;
 * "A B C" is pcf_unit_convert(number A, unit B, unit C). What must hold: a parsed unit's symbol
 * parses back to the same unit; a parsed number formats and parses back to the same double; every
 * factor and conversion that succeeds is finite (an overflow is an error, never inf); a failure
 * always comes with a message.
 * GPL-3.0-or-later; see LICENSE.
 */
#include "fuzz.h"

#include <pcf/pcf.h>

#include <math.h>
#include <string.h>

/* the next line of *p (NUL-terminated in place), or "" past the end */
static const char *next_line(char **p)
{
    char *s = *p;
    if (!s)
        return "";
    char *nl = strchr(s, '\n');
    if (nl) {
        *nl = '\0';
        *p = nl + 1;
    } else {
        *p = NULL;
    }
    return s;
}

static void check_failed(pcf_status st, const pcf_error *err)
{
    if (st != PCF_OK && err->message[0] == '\0')
        abort(); /* every error says why */
}

static void units_of(const char *a)
{
    pcf_error err;
    const pcf_unit *u = NULL;
    pcf_status st = pcf_unit_parse(a, &u, &err);
    check_failed(st, &err);
    if (st == PCF_OK) {
        const pcf_unit *back = NULL;
        if (pcf_unit_parse(pcf_unit_symbol(u), &back, NULL) != PCF_OK || back != u)
            abort(); /* the canonical symbol names the same unit */
        double f = 0;
        if (pcf_unit_factor(u, pcf_dimension_base(pcf_unit_dimension(u)), &f, NULL) != PCF_OK ||
            !isfinite(f) || f <= 0)
            abort();
    }
    double v = 0;
    st = pcf_quantity_parse(a, &v, &u, &err);
    check_failed(st, &err);
    if (st == PCF_OK && (!isfinite(v) || !u))
        abort();
    double kg = 0;
    int co2 = 0;
    st = pcf_unit_parse_rate(a, &kg, &u, &co2, &err);
    check_failed(st, &err);
    if (st == PCF_OK && (!isfinite(kg) || kg <= 0 || !u))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    char *p = text;
    const char *a = next_line(&p), *b = next_line(&p), *c = next_line(&p);
    units_of(a);
    pcf_error err;
    double v = 0;
    pcf_status st = pcf_number_parse(a, &v, &err);
    check_failed(st, &err);
    if (st == PCF_OK) {
        char buf[32], big[64];
        size_t n = pcf_number_format(v, buf, sizeof buf);
        if (n >= sizeof buf || pcf_number_format(v, big, sizeof big) != n || strcmp(buf, big))
            abort(); /* 32 bytes always suffice */
        double back = 0;
        if (!isfinite(v) || pcf_number_parse(buf, &back, NULL) != PCF_OK || back != v)
            abort(); /* the shortest text reads back to the same double (-0 is written 0) */
        double out = 0;
        st = pcf_unit_convert(v, b, c, &out, &err);
        check_failed(st, &err);
        if (st == PCF_OK && !isfinite(out))
            abort(); /* overflow is an error, never inf */
    }
    free(text);
    return 0;
}

int fuzz_init(int argc, char **argv)
{
    (void)argv;
    return argc == 0 ? 0 : 2;
}
