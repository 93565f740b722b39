/*
 * pcf — units of measure, and locale-independent numbers.
 * GPL-3.0-or-later; see LICENSE.
 */
#include "internal.h"

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct pcf_unit {
    const char *symbol;
    const char *name;
    pcf_dimension dim;
    double to_base;
    /* Further spellings, NULL-terminated. Compared after normalisation (see normalise()). */
    const char *aliases[12];
};

/*
 * Exact conversion constants, by definition unless noted:
 *  - 1 lb = 0.45359237 kg (International Yard and Pound Agreement, 1959).
 *  - 1 short ton = 2000 lb = 907.18474 kg; 1 long ton = 2240 lb = 1016.0469088 kg.
 *  - 1 mi = 1.609344 km; 1 nmi = 1.852 km.
 *  - 1 US gal = 3.785411784 L; 1 imperial gal = 4.54609 L; 1 oil barrel = 42 US gal.
 *  - 1 ft = 0.3048 m, so 1 ft3 = 0.028316846592 m3 and 1 ft2 = 0.09290304 m2.
 *  - 1 kWh = 3.6 MJ; 1 Btu (International Table) = 1055.05585262 J; 1 therm = 100 000 Btu;
 *    1 MMBtu = 10^6 Btu; 1 kcal (IT) = 4186.8 J.
 *  - 1 kgce (kilogram of standard coal equivalent) = 29 307.6 kJ (GB/T 2589-2020).
 *  - A year is 365 days (8760 h): service lives and annual energy use are counted in calendar
 *    years of 365 days.
 */
#define J_PER_KWH    3.6e6
#define BTU_J        1055.05585262
#define FT_M         0.3048
#define SHORT_TON_KG 907.18474
#define MILE_KM      1.609344

static const struct pcf_unit units[] = {
    /* mass, base kg */
    {"mg", "milligram", PCF_DIM_MASS, 1e-6, {"milligram", "milligrams"}},
    {"g", "gram", PCF_DIM_MASS, 1e-3, {"gram", "grams", "gramme", "grammes"}},
    {"kg", "kilogram", PCF_DIM_MASS, 1.0, {"kilogram", "kilograms", "kgs", "kilo", "kilos"}},
    {"t",
     "tonne",
     PCF_DIM_MASS,
     1000.0,
     {"tonne", "tonnes", "metric ton", "metric tons", "metric tonne", "ton (metric)"}},
    {"kt", "kilotonne", PCF_DIM_MASS, 1e6, {"kilotonne", "kilotonnes"}},
    {"lb", "pound", PCF_DIM_MASS, 0.45359237, {"lbs", "pound", "pounds"}},
    {"oz", "ounce", PCF_DIM_MASS, 0.45359237 / 16.0, {"ounce", "ounces"}},
    {"short ton",
     "short ton (US)",
     PCF_DIM_MASS,
     SHORT_TON_KG,
     {"short tons", "US ton", "US tons", "ton (US)", "tons (US)"}},
    {"long ton", "long ton (UK)", PCF_DIM_MASS, 1016.0469088, {"long tons", "UK ton", "UK tons"}},

    /* energy, base kWh */
    {"Wh", "watt-hour", PCF_DIM_ENERGY, 1e-3, {"watt-hour", "watt-hours", "watt hour"}},
    {"kWh",
     "kilowatt-hour",
     PCF_DIM_ENERGY,
     1.0,
     {"kilowatt-hour", "kilowatt-hours", "kilowatt hour", "kilowatt hours", "kW·h", "kWhe"}},
    {"MWh", "megawatt-hour", PCF_DIM_ENERGY, 1e3, {"megawatt-hour", "megawatt-hours"}},
    {"GWh", "gigawatt-hour", PCF_DIM_ENERGY, 1e6, {"gigawatt-hour", "gigawatt-hours"}},
    {"J", "joule", PCF_DIM_ENERGY, 1.0 / J_PER_KWH, {"joule", "joules"}},
    {"kJ", "kilojoule", PCF_DIM_ENERGY, 1e3 / J_PER_KWH, {"kilojoule", "kilojoules"}},
    {"MJ", "megajoule", PCF_DIM_ENERGY, 1e6 / J_PER_KWH, {"megajoule", "megajoules"}},
    {"GJ", "gigajoule", PCF_DIM_ENERGY, 1e9 / J_PER_KWH, {"gigajoule", "gigajoules"}},
    {"TJ", "terajoule", PCF_DIM_ENERGY, 1e12 / J_PER_KWH, {"terajoule", "terajoules"}},
    {"Btu", "British thermal unit", PCF_DIM_ENERGY, BTU_J / J_PER_KWH, {"BTU", "Btu (IT)"}},
    {"MMBtu",
     "million Btu",
     PCF_DIM_ENERGY,
     1e6 * BTU_J / J_PER_KWH,
     {"mmBtu", "MMBTU", "million Btu", "mmbtu"}},
    {"therm", "therm", PCF_DIM_ENERGY, 1e5 * BTU_J / J_PER_KWH, {"therms", "thm"}},
    {"kcal", "kilocalorie", PCF_DIM_ENERGY, 4186.8 / J_PER_KWH, {"kilocalorie", "kilocalories"}},
    {"kgce",
     "kilogram of standard coal equivalent",
     PCF_DIM_ENERGY,
     29307.6e3 / J_PER_KWH,
     {"kg ce", "kgsce"}},
    {"tce",
     "tonne of standard coal equivalent",
     PCF_DIM_ENERGY,
     29307.6e6 / J_PER_KWH,
     {"t ce", "tsce"}},

    /* volume, base m3 */
    {"mL", "millilitre", PCF_DIM_VOLUME, 1e-6, {"ml", "millilitre", "milliliter", "millilitres"}},
    {"L", "litre", PCF_DIM_VOLUME, 1e-3, {"l", "litre", "litres", "liter", "liters", "ltr", "lt"}},
    {"m3",
     "cubic metre",
     PCF_DIM_VOLUME,
     1.0,
     {"m³", "m^3", "cubic metre", "cubic metres", "cubic meter", "cubic meters", "cbm"}},
    {"gal",
     "US gallon",
     PCF_DIM_VOLUME,
     3.785411784e-3,
     {"gallon", "gallons", "US gal", "US gallon", "US gallons", "gal (US)"}},
    {"imp gal", "imperial gallon", PCF_DIM_VOLUME, 4.54609e-3, {"imperial gallon", "UK gallon"}},
    {"bbl", "oil barrel", PCF_DIM_VOLUME, 42.0 * 3.785411784e-3, {"barrel", "barrels"}},
    {"ft3",
     "cubic foot",
     PCF_DIM_VOLUME,
     FT_M *FT_M *FT_M,
     {"ft³", "cubic foot", "cubic feet", "scf", "standard cubic foot", "standard cubic feet"}},

    /* length, base km */
    {"mm", "millimetre", PCF_DIM_LENGTH, 1e-6, {"millimetre", "millimeter"}},
    {"cm", "centimetre", PCF_DIM_LENGTH, 1e-5, {"centimetre", "centimeter"}},
    {"m", "metre", PCF_DIM_LENGTH, 1e-3, {"metre", "metres", "meter", "meters"}},
    {"km",
     "kilometre",
     PCF_DIM_LENGTH,
     1.0,
     {"kilometre", "kilometres", "kilometer", "kilometers"}},
    {"mi", "mile", PCF_DIM_LENGTH, MILE_KM, {"mile", "miles", "statute mile"}},
    {"nmi", "nautical mile", PCF_DIM_LENGTH, 1.852, {"nautical mile", "nautical miles", "NM"}},

    /* freight transport work, base tkm */
    {"tkm",
     "tonne-kilometre",
     PCF_DIM_FREIGHT,
     1.0,
     {"t·km", "t*km", "t km", "tonne-km", "tonne km", "tonne.km", "tonne-kilometre",
      "tonne kilometre", "ton kilometer", "tonne-kilometres"}},
    {"kgkm", "kilogram-kilometre", PCF_DIM_FREIGHT, 1e-3, {"kg·km", "kg*km", "kg km", "kg-km"}},
    {"tmi", "tonne-mile", PCF_DIM_FREIGHT, MILE_KM, {"tonne-mile", "tonne mile", "t·mi"}},
    {"short ton-mile",
     "short ton-mile (US)",
     PCF_DIM_FREIGHT,
     SHORT_TON_KG / 1000.0 * MILE_KM,
     {"short ton mile", "short ton-miles", "ton-mile", "ton-miles", "ton mile", "ton miles"}},

    /* passenger transport, base pkm */
    {"pkm",
     "passenger-kilometre",
     PCF_DIM_PASSENGER_DISTANCE,
     1.0,
     {"p·km", "p.km", "passenger-km", "passenger km", "passenger.km", "passenger-kilometre",
      "passenger kilometre", "passenger kilometres"}},
    {"pmi",
     "passenger-mile",
     PCF_DIM_PASSENGER_DISTANCE,
     MILE_KM,
     {"passenger-mile", "passenger mile", "passenger miles"}},

    /* vehicle distance, base vkm */
    {"vkm",
     "vehicle-kilometre",
     PCF_DIM_VEHICLE_DISTANCE,
     1.0,
     {"v·km", "vehicle-km", "vehicle km", "vehicle-kilometre", "vehicle kilometre"}},
    {"vmi", "vehicle-mile", PCF_DIM_VEHICLE_DISTANCE, MILE_KM, {"vehicle-mile", "vehicle mile"}},

    /* count, base item */
    {"item",
     "item",
     PCF_DIM_ITEMS,
     1.0,
     {"items", "piece", "pieces", "pc", "pcs", "unit", "units", "each", "ea", "个", "件"}},
    {"dozen", "dozen", PCF_DIM_ITEMS, 12.0, {"doz"}},
    {"thousand items", "thousand items", PCF_DIM_ITEMS, 1000.0, {"kpcs", "1000 pcs"}},

    /* area, base m2 */
    {"cm2", "square centimetre", PCF_DIM_AREA, 1e-4, {"cm²", "cm^2", "square centimetre"}},
    {"m2",
     "square metre",
     PCF_DIM_AREA,
     1.0,
     {"m²", "m^2", "sqm", "square metre", "square metres", "square meter", "square meters"}},
    {"ft2",
     "square foot",
     PCF_DIM_AREA,
     FT_M *FT_M,
     {"ft²", "square foot", "square feet", "sq ft"}},
    {"ha", "hectare", PCF_DIM_AREA, 1e4, {"hectare", "hectares"}},
    {"km2", "square kilometre", PCF_DIM_AREA, 1e6, {"km²", "km^2", "square kilometre"}},

    /* time, base h */
    {"s", "second", PCF_DIM_TIME, 1.0 / 3600.0, {"sec", "second", "seconds"}},
    {"min", "minute", PCF_DIM_TIME, 1.0 / 60.0, {"minute", "minutes"}},
    {"h", "hour", PCF_DIM_TIME, 1.0, {"hr", "hrs", "hour", "hours"}},
    {"day", "day", PCF_DIM_TIME, 24.0, {"d", "days"}},
    {"week", "week", PCF_DIM_TIME, 168.0, {"wk", "weeks"}},
    {"year", "year (365 days)", PCF_DIM_TIME, 8760.0, {"a", "yr", "yrs", "years", "annum"}},
};

#define UNIT_COUNT (sizeof units / sizeof units[0])

static const char *const dim_names[] = {
    "unknown",
    "mass",
    "energy",
    "volume",
    "length",
    "freight transport work",
    "passenger distance",
    "vehicle distance",
    "count",
    "area",
    "time",
};
static const char *const dim_base[] = {NULL,  "kg",  "kWh",  "m3", "km", "tkm",
                                       "pkm", "vkm", "item", "m2", "h"};

size_t pcf_unit_count(void)
{
    return UNIT_COUNT;
}

const pcf_unit *pcf_unit_at(size_t index)
{
    return index < UNIT_COUNT ? &units[index] : NULL;
}

const char *pcf_unit_symbol(const pcf_unit *unit)
{
    return unit ? unit->symbol : "";
}

const char *pcf_unit_name(const pcf_unit *unit)
{
    return unit ? unit->name : "";
}

pcf_dimension pcf_unit_dimension(const pcf_unit *unit)
{
    return unit ? unit->dim : PCF_DIM_NONE;
}

double pcf_unit_to_base(const pcf_unit *unit)
{
    return unit ? unit->to_base : 0.0;
}

size_t pcf_dimension_count(void)
{
    return sizeof dim_names / sizeof dim_names[0] - 1; /* dim_names[0] is PCF_DIM_NONE's */
}

const char *pcf_dimension_name(pcf_dimension dim)
{
    if ((int)dim < 0 || (size_t)dim >= sizeof dim_names / sizeof dim_names[0])
        return "unknown";
    return dim_names[dim];
}

const pcf_unit *pcf_dimension_base(pcf_dimension dim)
{
    if ((int)dim <= 0 || (size_t)dim >= sizeof dim_base / sizeof dim_base[0])
        return NULL;
    for (size_t i = 0; i < UNIT_COUNT; i++)
        if (units[i].dim == dim && strcmp(units[i].symbol, dim_base[dim]) == 0)
            return &units[i];
    return NULL;
}

/*
 * Normalises a spelling for comparison: drops ASCII spaces and the separators "·" (U+00B7),
 * "*", "-", "." and "_", and turns "³"/"²" into "3"/"2". "t·km", "t km" and "tonne-km" thus
 * compare as "tkm"/"tonnekm". Returns 0 when the result does not fit.
 */
static int normalise(const char *in, char *out, size_t size)
{
    size_t o = 0;
    const unsigned char *p = (const unsigned char *)in;
    while (*p) {
        if (*p == ' ' || *p == '\t' || *p == '*' || *p == '-' || *p == '.' || *p == '_') {
            p++;
            continue;
        }
        if (p[0] == 0xC2 && (p[1] == 0xB7 || p[1] == 0xB3 || p[1] == 0xB2)) {
            if (p[1] != 0xB7) {
                if (o + 1 >= size)
                    return 0;
                out[o++] = p[1] == 0xB3 ? '3' : '2';
            }
            p += 2;
            continue;
        }
        if (o + 1 >= size)
            return 0;
        out[o++] = (char)*p++;
    }
    out[o] = '\0';
    return 1;
}

/*
 * Short symbols are case-sensitive (mWh would be a milliwatt-hour, Mg a megagram); longer words
 * are not ("Tonnes", "KILOGRAM"). A spelling counts as a word from three characters on, unless it
 * ends in a symbol-like capital (MWh, GWh, MJ).
 */
static int case_folds(const char *norm)
{
    size_t n = strlen(norm);
    if (n < 4)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (norm[i] >= 'A' && norm[i] <= 'Z' && i > 0)
            return 0;
    return 1;
}

/* Every symbol and alias of the table, normalised once (a unit is parsed for every activity of
 * every model; normalising some 400 spellings each time was most of the cost). */
enum { KEY_SIZE = 48, KEYS_PER_UNIT = 1 + sizeof units[0].aliases / sizeof units[0].aliases[0] };
static char unit_keys[UNIT_COUNT][KEYS_PER_UNIT][KEY_SIZE];
static pthread_once_t unit_keys_once = PTHREAD_ONCE_INIT;

static void make_unit_keys(void)
{
    for (size_t i = 0; i < UNIT_COUNT; i++)
        for (size_t a = 0; a < KEYS_PER_UNIT; a++) {
            const char *s = a == 0 ? units[i].symbol : units[i].aliases[a - 1];
            if (!s)
                break;
            /* a spelling too long for a key (none is) stays "" and matches nothing */
            if (!normalise(s, unit_keys[i][a], KEY_SIZE))
                unit_keys[i][a][0] = '\0';
        }
}

static const pcf_unit *lookup(const char *norm, int fold)
{
    pthread_once(&unit_keys_once, make_unit_keys);
    for (size_t i = 0; i < UNIT_COUNT; i++) {
        for (size_t a = 0; a < KEYS_PER_UNIT; a++) {
            const char *key = unit_keys[i][a];
            if (a > 0 && !units[i].aliases[a - 1])
                break;
            if (!key[0])
                continue;
            if (fold ? pcf__ascii_casecmp(key, norm) == 0 : strcmp(key, norm) == 0)
                return &units[i];
        }
    }
    return NULL;
}

pcf_status pcf_unit_parse(const char *text, const pcf_unit **out, pcf_error *err)
{
    if (out)
        *out = NULL;
    if (!text || !out)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_unit_parse: %s is NULL",
                          !text ? "text" : "out");
    char norm[96];
    if (!normalise(text, norm, sizeof norm) || norm[0] == '\0')
        return pcf__error(err, PCF_ERR_NOT_FOUND,
                          "unknown unit \"%.80s\"; give a unit such as kg, kWh, L, km, tkm or item",
                          text);
    const pcf_unit *u = lookup(norm, 0);
    if (!u && case_folds(norm))
        u = lookup(norm, 1);
    if (u) {
        *out = u;
        return pcf__ok(err);
    }
    const pcf_unit *near = lookup(norm, 1);
    if (near)
        return pcf__error(err, PCF_ERR_NOT_FOUND,
                          "unknown unit \"%.80s\"; did you mean \"%s\" (%s)? Unit symbols are "
                          "case-sensitive",
                          text, near->symbol, near->name);
    return pcf__error(err, PCF_ERR_NOT_FOUND,
                      "unknown unit \"%.80s\"; known units include kg, t, lb, kWh, MJ, L, m3, km, "
                      "tkm, pkm, item, m2, h, year (`pcf units` lists them all)",
                      text);
}

pcf_status pcf_unit_factor(const pcf_unit *from, const pcf_unit *to, double *out, pcf_error *err)
{
    if (out)
        *out = 0.0;
    if (!from || !to || !out)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_unit_factor: %s is NULL",
                          !from ? "from"
                          : !to ? "to"
                                : "out");
    if (from->dim != to->dim)
        return pcf__error(err, PCF_ERR_UNIT,
                          "cannot convert \"%s\" (%s) to \"%s\" (%s): the units measure different "
                          "quantities",
                          from->symbol, pcf_dimension_name(from->dim), to->symbol,
                          pcf_dimension_name(to->dim));
    *out = from == to ? 1.0 : from->to_base / to->to_base;
    return pcf__ok(err);
}

pcf_status pcf_unit_convert(double value, const char *from, const char *to, double *out,
                            pcf_error *err)
{
    if (out)
        *out = 0.0;
    if (!from || !to || !out)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_unit_convert: %s is NULL",
                          !from ? "from"
                          : !to ? "to"
                                : "out");
    if (!isfinite(value))
        return pcf__error(err, PCF_ERR_INVALID_ARG,
                          "pcf_unit_convert: the value is not a finite number");
    const pcf_unit *uf, *ut;
    pcf_status st = pcf_unit_parse(from, &uf, err);
    if (st != PCF_OK)
        return st;
    st = pcf_unit_parse(to, &ut, err);
    if (st != PCF_OK)
        return st;
    double f;
    st = pcf_unit_factor(uf, ut, &f, err);
    if (st != PCF_OK)
        return st;
    double v = value * f;
    if (!isfinite(v)) {
        pcf__numbuf a;
        return pcf__error(err, PCF_ERR_INVALID_ARG,
                          "%s %s is beyond the range of a double in %s; use a larger unit",
                          pcf__num(&a, value), from, to);
    }
    *out = v;
    return pcf__ok(err);
}

/* ---- numbers ---- */

/*
 * strtod follows LC_NUMERIC; an ERP host may have set a decimal comma. uselocale() switches only
 * the calling thread to the C locale for the duration of the call (POSIX.1-2008), so parsing is
 * both locale-independent and thread-safe.
 */
/*
 * The C locale object for numbers, made once and shared by every thread (uselocale() only
 * swaps a per-thread pointer, so using it is cheap). Made again on a later call when the first
 * attempt ran out of memory; NULL then.
 */
static _Atomic(locale_t) c_numeric;

static locale_t c_locale(void)
{
    locale_t c = atomic_load(&c_numeric);
    if (c != (locale_t)0)
        return c;
    c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    if (c == (locale_t)0)
        return c;
    locale_t none = (locale_t)0;
    if (!atomic_compare_exchange_strong(&c_numeric, &none, c)) {
        freelocale(c); /* another thread made it first */
        c = none;
    }
    return c;
}

static pcf_status c_strtod(const char *s, double *out, char **end)
{
    locale_t c = c_locale();
    if (c == (locale_t)0)
        return PCF_ERR_NOMEM;
    locale_t old = uselocale(c);
    errno = 0;
    *out = strtod(s, end); /* allowed: runs under the C locale (see check-banned) */
    int e = errno;
    uselocale(old);
    return e == ERANGE && (*out == HUGE_VAL || *out == -HUGE_VAL) ? PCF_ERR_PARSE : PCF_OK;
}

/* Accepts only [+-]digits[.digits][(e|E)[+-]digits]: no hex, no inf/nan, no leading '.'. */
static size_t scan_decimal(const char *s)
{
    size_t i = 0, digits = 0;
    if (s[i] == '+' || s[i] == '-')
        i++;
    while (s[i] >= '0' && s[i] <= '9')
        i++, digits++;
    if (s[i] == '.') {
        i++;
        while (s[i] >= '0' && s[i] <= '9')
            i++, digits++;
    }
    if (digits == 0)
        return 0;
    if (s[i] == 'e' || s[i] == 'E') {
        size_t j = i + 1, ed = 0;
        if (s[j] == '+' || s[j] == '-')
            j++;
        while (s[j] >= '0' && s[j] <= '9')
            j++, ed++;
        if (ed)
            i = j;
    }
    return i;
}

/* Parses a number at the start of s; *len gets its length (0 when there is none). */
static pcf_status parse_number_prefix(const char *s, double *out, size_t *len)
{
    *out = 0.0;
    *len = scan_decimal(s);
    if (*len == 0)
        return PCF_ERR_PARSE;
    char tmp[128];
    if (*len >= sizeof tmp)
        return PCF_ERR_PARSE;
    memcpy(tmp, s, *len);
    tmp[*len] = '\0';
    char *end;
    pcf_status st = c_strtod(tmp, out, &end);
    if (st != PCF_OK)
        return st;
    if (*end != '\0' || !isfinite(*out))
        return PCF_ERR_PARSE;
    return PCF_OK;
}

pcf_status pcf_number_parse(const char *text, double *out, pcf_error *err)
{
    if (out)
        *out = 0.0;
    if (!text || !out)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_number_parse: %s is NULL",
                          !text ? "text" : "out");
    const char *p = text;
    while (*p == ' ' || *p == '\t')
        p++;
    size_t len;
    double v;
    pcf_status st = parse_number_prefix(p, &v, &len);
    if (st == PCF_ERR_NOMEM)
        return pcf__error(err, st, "out of memory while parsing a number");
    if (st == PCF_OK) {
        const char *q = p + len;
        while (*q == ' ' || *q == '\t')
            q++;
        if (*q == '\0') {
            *out = v;
            return pcf__ok(err);
        }
    }
    return pcf__error(err, PCF_ERR_PARSE,
                      "\"%.80s\" is not a finite decimal number; write it like 1.5 or 2e-3, with "
                      "a '.' as decimal mark",
                      text);
}

/*
 * The definition of pcf_number_format's text, for a finite non-zero value: the first of %.15g,
 * %.16g and %.17g that reads back exactly. number_format.c computes the same text without
 * printf and asks this loop only when its arithmetic cannot tell (exact ties and edges).
 * snprintf's decimal mark follows LC_NUMERIC, so the text is made under the C locale.
 */
int pcf__number_format_printf(double value, char *buf, size_t size)
{
    locale_t c = c_locale();
    locale_t old = c ? uselocale(c) : (locale_t)0;
    int n = 0;
    for (int prec = 15; prec <= 17; prec++) {
        n = snprintf(buf, size, "%.*g", prec, value);
        if (strtod(buf, NULL) == value) /* allowed: C locale (or the text of the current one) */
            break;
    }
    if (c) {
        uselocale(old);
    } else {
        /* No locale object (out of memory): patch a decimal comma by hand. */
        for (char *q = buf; *q; q++)
            if (*q == ',')
                *q = '.';
    }
    return n < 0 ? 0 : n;
}

pcf_status pcf_quantity_parse(const char *text, double *value_out, const pcf_unit **unit_out,
                              pcf_error *err)
{
    if (value_out)
        *value_out = 0.0;
    if (unit_out)
        *unit_out = NULL;
    if (!text || !value_out || !unit_out)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_quantity_parse: %s is NULL",
                          !text        ? "text"
                          : !value_out ? "value_out"
                                       : "unit_out");
    const char *p = text;
    while (*p == ' ' || *p == '\t')
        p++;
    double v;
    size_t len;
    pcf_status st = parse_number_prefix(p, &v, &len);
    if (st != PCF_OK)
        return pcf__error(
            err, st == PCF_ERR_NOMEM ? st : PCF_ERR_PARSE,
            "\"%.80s\" is not a quantity; write a number then a unit, like \"1.5 kg\"", text);
    p += len;
    while (*p == ' ' || *p == '\t')
        p++;
    if (*p == '\0')
        return pcf__error(err, PCF_ERR_PARSE,
                          "\"%.80s\" has no unit; write a number then a unit, like \"1.5 kg\"",
                          text);
    const pcf_unit *u;
    st = pcf_unit_parse(p, &u, err);
    if (st != PCF_OK)
        return st;
    *value_out = v;
    *unit_out = u;
    return pcf__ok(err);
}

/* Mass units allowed in the numerator of an emission rate, longest first. */
static const struct {
    const char *prefix;
    double kg;
} rate_mass[] = {
    {"kg", 1.0},  {"lb", 0.45359237}, {"Mt", 1e9}, {"kt", 1e6},
    {"mg", 1e-6}, {"g", 1e-3},        {"t", 1e3},
};

pcf_status pcf_unit_parse_rate(const char *text, double *kg_out, const pcf_unit **per_out,
                               int *co2_only, pcf_error *err)
{
    if (kg_out)
        *kg_out = 0.0;
    if (per_out)
        *per_out = NULL;
    if (co2_only)
        *co2_only = 0;
    if (!text || !kg_out || !per_out || !co2_only)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_unit_parse_rate: an argument is NULL");

    /* Split at '/' or at the word "per". */
    const char *slash = strchr(text, '/');
    size_t num_len, per_at;
    if (slash) {
        num_len = (size_t)(slash - text);
        per_at = num_len + 1;
    } else {
        const char *per = strstr(text, " per ");
        if (!per)
            goto malformed;
        num_len = (size_t)(per - text);
        per_at = num_len + 5;
    }
    char num[48];
    {
        size_t o = 0;
        for (size_t i = 0; i < num_len; i++) {
            if (text[i] == ' ' || text[i] == '\t')
                continue;
            if (o + 1 >= sizeof num)
                goto malformed;
            num[o++] = text[i];
        }
        num[o] = '\0';
    }
    double kg = 0.0;
    const char *rest = NULL;
    for (size_t i = 0; i < sizeof rate_mass / sizeof rate_mass[0]; i++) {
        size_t n = strlen(rate_mass[i].prefix);
        if (strncmp(num, rate_mass[i].prefix, n) == 0) {
            kg = rate_mass[i].kg;
            rest = num + n;
            break;
        }
    }
    if (!rest)
        goto malformed;
    if (pcf__ascii_casecmp(rest, "CO2e") == 0 || pcf__ascii_casecmp(rest, "CO2eq") == 0 ||
        pcf__ascii_casecmp(rest, "CO2-eq") == 0)
        *co2_only = 0;
    else if (pcf__ascii_casecmp(rest, "CO2") == 0)
        *co2_only = 1;
    else
        goto malformed;

    const char *per = text + per_at;
    while (*per == ' ')
        per++;
    pcf_status st = pcf_unit_parse(per, per_out, err);
    if (st != PCF_OK) {
        if (err) {
            char inner[PCF_ERROR_MESSAGE_SIZE];
            pcf__strlcpy_utf8(inner, err->message, sizeof inner);
            pcf__error(err, st, "in the emission-rate unit \"%.80s\": %s", text, inner);
        }
        *co2_only = 0;
        return st;
    }
    *kg_out = kg;
    return pcf__ok(err);

malformed:
    *co2_only = 0;
    return pcf__error(err, PCF_ERR_PARSE,
                      "\"%.80s\" is not an emission-rate unit; write it like \"kgCO2e/kWh\" or "
                      "\"tCO2e/t\" (mass of CO2e or CO2, a slash, then the activity unit)",
                      text);
}
