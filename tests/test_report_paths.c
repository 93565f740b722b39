/*
 * The report writers' less travelled paths: the HTML helpers shared by the summary, study and
 * site reports (lib/report_html.c, internal header) on edge inputs, Chinese names of supplier
 * PCF parts, a Monte Carlo run whose ranked parameters have no names (pcf__mc_run_core, as the
 * batch runner makes it), and the text report of a product with a zero total, no gas split and
 * an activity the boundary excludes (lib/report.c). Linked statically for the internal calls.
 *
 * Models are written with ' for " to keep them readable; testutil_q() swaps them back. Amounts and
 * own factors are ILLUSTRATIVE test inputs, not data. GPL-3.0-or-later; see LICENSE.
 */
#include "testutil.h"

#include "../lib/mc_internal.h"
#include "../lib/report_html.h"
#include "../lib/system_internal.h"

#include <pcf/pcf.h>

static pcf_model *read_model(const char *text)
{
    char *json = testutil_q(text);
    pcf_model *m = NULL;
    pcf_error err;
    if (pcf_model_read_string(json, "paths.json", &m, &err) != PCF_OK)
        fail_msg("read: %s (%s)", err.message, err.path);
    free(json);
    return m;
}

static pcf_result *calc_text(const char *text)
{
    pcf_model *m = read_model(text);
    pcf_result *r = NULL;
    pcf_error err;
    if (pcf_model_calculate(m, NULL, PCF_GWP_AR6, NULL, &r, &err) != PCF_OK)
        fail_msg("calculate: %s (%s)", err.message, err.path);
    pcf_model_destroy(m);
    return r;
}

/* The text a buffer holds, compared and freed. */
static void assert_buf(pcf__buf *b, const char *expected)
{
    char *t = pcf__buf_steal(b);
    assert_non_null(t);
    assert_string_equal(t, expected);
    pcf_free(t);
}

/* Escaping: NULL writes nothing (and a buffer nothing was written to gives "", terminated:
 * pcf__buf_steal used to hand out its fresh allocation unterminated, which MALLOC_PERTURB_
 * showed here); control characters other than tab, line feed and carriage
 * return become spaces (XML 1.0 forbids them); the five markup characters become entities. */
static void html_escape(void **state)
{
    (void)state;
    pcf__buf b;
    pcf__buf_init(&b);
    pcf__html_esc(&b, NULL);
    pcf__html_esc_cut(&b, NULL, 3);
    assert_buf(&b, "");
    pcf__html_esc(&b, "a\x01z\tb\nc\rd<'&\">");
    assert_buf(&b, "a z\tb\nc\rd&lt;&#39;&amp;&quot;&gt;");
    /* three characters of "中文ab" and the ellipsis; 0 is no limit */
    pcf__html_esc_cut(&b, "中文ab", 3);
    pcf__html_esc_cut(&b, "<x>", 0);
    assert_buf(&b, "中文a…&lt;x&gt;");
}

/* Numbers and shapes: a value that is not finite is a dash in both number writers; a negative
 * width or height is drawn as 0 (one decimal, pcf__html_coord). */
static void html_numbers_and_shapes(void **state)
{
    (void)state;
    pcf__buf b;
    pcf__buf_init(&b);
    pcf__html_fixed(&b, NAN, 1);
    pcf__buf_puts(&b, "|");
    pcf__html_sig(&b, INFINITY, 4);
    pcf__buf_puts(&b, "|");
    pcf__html_fixed(&b, -2.25, 1); /* llround(-22.5) = -23: away from zero */
    assert_buf(&b, "–|–|-2.3");
    pcf__html_svg_rect(&b, 1, 2, -3, -4, "red");
    assert_buf(&b, "<rect x=\"1.0\" y=\"2.0\" width=\"0.0\" height=\"0.0\" fill=\"red\"/>\n");
}

/* A value written with its significant digits by pcf__html_sig(b, v, digits), worked by hand:
 * the digits after the point are digits - 1 - floor(log10 |v|), trailing zeros included (1.5 to
 * four digits is "1.500": the zeros are significant); when rounding carries into a new leading
 * digit, the carried value keeps `digits` digits: 9.9996 to four is "10.00" (not "10.000", five),
 * 0.099996 to three is "0.100", 999.96 to four is "1000". Zero of either sign is "0"; whole
 * numbers keep all their digits (123456.7 to four is "123457"); past 15 decimals (below 1e-12 at
 * four digits) and past 9e17 the shortest exact form (pcf_number_format: "1.234567e-13",
 * "1.5e+20"). */
static void html_sig_digits(void **state)
{
    (void)state;
    static const struct {
        double v;
        int digits;
        const char *want;
    } cases[] = {
        {1.5, 4, "1.500"},
        {2.73, 4, "2.730"},
        {0.01, 4, "0.01000"},
        {-1.5, 3, "-1.50"},
        {9.9996, 4, "10.00"},
        {-9.9996, 4, "-10.00"},
        {0.099996, 3, "0.100"},
        {999.96, 4, "1000"},
        {9.99949, 4, "9.999"}, /* no carry: 9999.49 rounds to 9999 */
        {0.0, 4, "0"},
        {-0.0, 4, "0"},
        {123456.7, 4, "123457"},
        {99999.7, 4, "100000"},
        {1e-12, 4, "0.000000000001000"},
        {9.99996e-13, 4, "0.000000000001000"}, /* carried to 1e-12: 15 decimals again */
        {1.234567e-13, 4, "1.234567e-13"},
        {1.5e20, 4, "1.5e+20"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        pcf__buf b;
        pcf__buf_init(&b);
        pcf__html_sig(&b, cases[i].v, cases[i].digits);
        char *t = pcf__buf_steal(&b);
        assert_non_null(t);
        if (strcmp(t, cases[i].want) != 0)
            fail_msg("pcf__html_sig(%.17g, %d) wrote \"%s\", not \"%s\"", cases[i].v,
                     cases[i].digits, t, cases[i].want);
        pcf_free(t);
    }
}

/* Estimated text widths (pcf__html_text_width: Latin capitals and digits 0.64 em, other ASCII
 * 0.56 em, two-byte UTF-8 0.6 em, three- and four-byte 1 em): at 10 px, NULL is 0; "é" (two
 * bytes) 6; "😀" (four bytes) 10; a three-byte lead cut short by the end of the string still
 * counts as one full-width character, 10. */
static void html_text_width(void **state)
{
    (void)state;
    assert_double_close(pcf__html_text_width(NULL, 10), 0, 0, 1e-12);
    assert_double_close(pcf__html_text_width("é", 10), 6, 1e-12, 0);
    assert_double_close(pcf__html_text_width("😀", 10), 10, 1e-12, 0);
    assert_double_close(pcf__html_text_width("\xE4\xB8", 10), 10, 1e-12, 0);
    assert_double_close(pcf__html_text_width("Aa1", 10), 6.4 + 5.6 + 6.4, 1e-12, 0);
    /* what fits in 25 px at 10 px with the 10 px ellipsis: "ééééé" (30 px) does not fit;
     * "éé" and the ellipsis are 10 + 6 + 6 = 22, a third é would make 28; "😀😀" has room for one (10
     * + 10 = 20, then 30); a lone four-byte lead (10 px) does not fit in 5 px with the ellipsis,
     * but one character is always shown */
    assert_int_equal(pcf__html_fit_chars("ééééé", 10, 25), 2);
    assert_int_equal(pcf__html_fit_chars("😀😀😀", 10, 25), 1);
    assert_int_equal(pcf__html_fit_chars("\xF0", 10, 5), 1);
    assert_int_equal(pcf__html_fit_chars("éé", 10, 12), 0); /* 12 px fits without a cut */
}

/* Roles and units in Chinese (the tables in report_html.c); what the tables do not list, and
 * every name in English, stays as given; NULL is "". */
static void html_role_and_unit_names(void **state)
{
    (void)state;
    assert_string_equal(pcf__html_role(&pcf__html_zh, "virgin"), "原生材料");
    assert_string_equal(pcf__html_role(&pcf__html_zh, "made up"), "made up");
    assert_string_equal(pcf__html_role(&pcf__html_en, "virgin"), "virgin");
    assert_string_equal(pcf__html_role(&pcf__html_zh, NULL), "");
    assert_string_equal(pcf__html_unit(&pcf__html_zh, "tkm"), "吨千米");
    assert_string_equal(pcf__html_unit(&pcf__html_zh, "furlong"), "furlong");
    assert_string_equal(pcf__html_unit(&pcf__html_en, "kg"), "kg");
    assert_string_equal(pcf__html_unit(&pcf__html_zh, NULL), "");
}

/* A supplier PCF of a 1-item part with every part of the figure: its lines are named
 * "part, supplier (key)" (lib/system_activity.c); in Chinese the key in the brackets is Chinese.
 * dluc 0.1 + aircraft 0.2 + fossil 0.3 = the 0.6 kg CO2e declared (biogenic parts 0). A
 * part's name is cut at 255 bytes, so a 300-character name loses its "(fossil)": that name
 * stays as it is. */
static void html_supplier_parts_chinese(void **state)
{
    (void)state;
    char text[2048], long_name[301];
    memset(long_name, 'n', 300);
    long_name[300] = '\0';
    snprintf(text, sizeof text,
             "{'pcf_model': 1, 'boundary': 'cradle-to-gate', 'products': [{'id': 'p',"
             " 'declared_unit': {'amount': 1, 'unit': 'item'}, 'stages': {},"
             " 'components': [{'name': 'chip', 'quantity': 1, 'unit': 'item', 'supplier_pcf':"
             "  {'kg_co2e': 0.6, 'declared_unit': 'item', 'fossil': 0.3, 'dluc': 0.1,"
             "   'aircraft': 0.2, 'supplier': 'C'}},"
             " {'name': '%s', 'quantity': 1, 'unit': 'item', 'supplier_pcf':"
             "  {'kg_co2e': 1, 'declared_unit': 'item', 'fossil': 1, 'supplier': 'C'}}]}]}",
             long_name);
    pcf_result *r = calc_text(text);
    assert_double_close(pcf_result_total_kg_co2e(r), 1.6, 1e-12, 0); /* 0.6 + 1 */
    char *t = NULL;
    pcf_error err;
    assert_int_equal(pcf_report_html(r, NULL, "zh", &t, &err), PCF_OK);
    assert_contains(t, "<td class=\"code\">chip, C（化石）<br>");
    assert_contains(t, "<td class=\"code\">chip, C（直接土地利用变化）<br>");
    assert_contains(t, "<td class=\"code\">chip, C（航空）<br>");
    /* 255 bytes: the 300 n's cut to 255 */
    char cut[300];
    snprintf(cut, sizeof cut, "<td class=\"code\">%.255s<br>", long_name);
    assert_contains(t, cut);
    pcf_free(t);
    pcf_result_destroy(r);
}

/* A model's calculation and a Monte Carlo run of it with the ranking of its parameters. */
typedef struct mc_case {
    pcf_model *m;
    pcf_system *sys;
    pcf_result *r;
    pcf_mc *mc;
} mc_case;

/* Runs `iterations` draws from `seed`; on_core runs it on the system's core (pcf__mc_run_core,
 * as the batch runner does, without the parameters' names). */
static mc_case mc_case_run(const char *model, size_t iterations, uint64_t seed, int on_core)
{
    mc_case c = {read_model(model), NULL, NULL, NULL};
    pcf_mc_options *o = NULL;
    pcf_error err;
    assert_int_equal(pcf_system_resolve(c.m, NULL, PCF_GWP_AR6, NULL, &c.sys, &err), PCF_OK);
    assert_int_equal(pcf_calculate(c.sys, &c.r, &err), PCF_OK);
    assert_int_equal(pcf_mc_options_create(&o, &err), PCF_OK);
    assert_int_equal(pcf_mc_options_set_iterations(o, iterations, &err), PCF_OK);
    assert_int_equal(pcf_mc_options_set_seed(o, seed, &err), PCF_OK);
    assert_int_equal(pcf_mc_options_set_sensitivity(o, 1, &err), PCF_OK);
    assert_int_equal(on_core ? pcf__mc_run_core(pcf__system_get_core(c.sys), o, &c.mc, &err)
                             : pcf_mc_run(c.sys, o, &c.mc, &err),
                     PCF_OK);
    pcf_mc_options_destroy(o);
    return c;
}

static void mc_case_free(mc_case *c)
{
    pcf_mc_destroy(c->mc);
    pcf_result_destroy(c->r);
    pcf_system_destroy(c->sys);
    pcf_model_destroy(c->m);
}

/* A Monte Carlo run made on the system's core (pcf__mc_run_core, as the batch runner makes it)
 * has no names for its ranked parameters: the reports name them by kind and index instead. One
 * activity of 2 kg with sd 0.1 (activity 0) and an own factor of 1 kg CO2e/kg with GSD 1.5
 * (factor 0): the factor's spread dominates (ln 1.5 ≈ 0.41 relative against 0.05), so it ranks
 * first. */
static void mc_unnamed_parameters(void **state)
{
    (void)state;
    mc_case c = mc_case_run(
        "{'pcf_model': 1, 'boundary': 'cradle-to-gate', 'products': [{'id': 'x',"
        " 'declared_unit': {'amount': 1, 'unit': 'item'}, 'stages': {'materials': ["
        "{'name': 'a', 'amount': 2, 'unit': 'kg', 'uncertainty': {'dist': 'normal', 'sd': 0.1},"
        " 'factor': {'value': 1, 'unit': 'kgCO2e/kg',"
        " 'uncertainty': {'dist': 'lognormal', 'gsd': 1.5}}}]}}]}",
        200, 5, 1);
    const pcf_result *r = c.r;
    const pcf_mc *mc = c.mc;
    pcf_error err;
    assert_double_close(pcf_result_total_kg_co2e(r), 2, 1e-12, 0); /* 2 kg × 1 */
    assert_int_equal(pcf_mc_sensitivity_count(mc), 2);
    assert_string_equal(pcf_mc_sensitivity_name(mc, 0), "");
    assert_int_equal(pcf_mc_sensitivity_kind(mc, 0), PCF_MC_PARAM_FACTOR);
    assert_int_equal(pcf_mc_sensitivity_label(mc, 0), 0);
    assert_int_equal(pcf_mc_sensitivity_label(mc, 1), 0);
    char *t = NULL;
    assert_int_equal(pcf_report_html(r, mc, "en", &t, &err), PCF_OK);
    assert_contains(t, "<tr><td class=\"num\">1</td><td>factor #0</td>");
    assert_contains(t, "<tr><td class=\"num\">2</td><td>amount #0</td>");
    pcf_free(t);
    assert_int_equal(pcf_report_html(r, mc, "zh", &t, &err), PCF_OK);
    assert_contains(t, "<tr><td class=\"num\">1</td><td>排放因子 #0</td>");
    assert_contains(t, "<tr><td class=\"num\">2</td><td>活动量 #0</td>");
    pcf_free(t);
    assert_int_equal(pcf_report_text_mc(r, mc, 0, &t, &err), PCF_OK);
    assert_contains(t, "  factor #0\n");
    assert_contains(t, "  amount of activity #0\n");
    pcf_free(t);
    mc_case_free(&c);
}

/* The text report's ranking of a run whose total hangs on one uncertain parameter alone: the
 * total is a monotone function of it, so its Spearman rho is exactly +1 (an amount times a
 * factor of 1) or -1 (times a factor of -1: the larger the amount, the lower the total), written
 * with three decimals as "+1.000" / "-1.000", and its share rho^2 / sum rho^2 is 100 %, "100.0%"
 * (fmt_fixed in lib/report.c, which writes the digits after the point itself). */
static void text_mc_rho_digits(void **state)
{
    (void)state;
    static const char *const factor[2] = {"1", "-1"};
    static const char *const line[2] = {
        "  1.  100.0%  rho +1.000  amount of a ($.products[0].stages.materials[0])\n",
        "  1.  100.0%  rho -1.000  amount of a ($.products[0].stages.materials[0])\n"};
    for (int i = 0; i < 2; i++) {
        char text[512];
        snprintf(text, sizeof text,
                 "{'pcf_model': 1, 'boundary': 'cradle-to-gate', 'products': [{'id': 'x',"
                 " 'declared_unit': {'amount': 1, 'unit': 'item'}, 'stages': {'materials': ["
                 "{'name': 'a', 'amount': 2, 'unit': 'kg', 'uncertainty': {'dist': 'normal',"
                 " 'sd': 0.1}, 'factor': {'value': %s, 'unit': 'kgCO2e/kg'}}]}}]}",
                 factor[i]);
        mc_case c = mc_case_run(text, 300, 1, 0);
        char *t = NULL;
        pcf_error err;
        assert_int_equal(pcf_report_text_mc(c.r, c.mc, 0, &t, &err), PCF_OK);
        assert_contains(t, line[i]);
        pcf_free(t);
        mc_case_free(&c);
    }
}

/* The ranking's digits after the point that are not all zeros: amounts a (2 kg, sd 0.1) and b
 * (1 kg, sd 0.05) at own factors of 1 and -1, so the total is a' - b' with spreads 0.1 and 0.05:
 * Pearson's r of a is 0.1 / sqrt(0.1^2 + 0.05^2) = 2/sqrt(5) = 0.894, of b -1/sqrt(5) = -0.447,
 * and for normal draws Spearman's rho is (6/pi) asin(r/2): +0.885 and -0.431, shares of about
 * 81 % and 19 % (the exact values depend on the draws). The expected lines are the library's
 * values written by the C library's printf ("%+.3f", "%.1f%%"), the reference for fmt_fixed in
 * lib/report.c. */
static void text_mc_rho_fraction(void **state)
{
    (void)state;
    mc_case c = mc_case_run(
        "{'pcf_model': 1, 'boundary': 'cradle-to-gate', 'products': [{'id': 'x',"
        " 'declared_unit': {'amount': 1, 'unit': 'item'}, 'stages': {'materials': ["
        "{'name': 'a', 'amount': 2, 'unit': 'kg', 'uncertainty': {'dist': 'normal', 'sd': 0.1},"
        " 'factor': {'value': 1, 'unit': 'kgCO2e/kg'}},"
        "{'name': 'b', 'amount': 1, 'unit': 'kg', 'uncertainty': {'dist': 'normal', 'sd': 0.05},"
        " 'factor': {'value': -1, 'unit': 'kgCO2e/kg'}}]}}]}",
        300, 1, 0);
    const pcf_mc *mc = c.mc;
    pcf_error err;
    assert_int_equal(pcf_mc_sensitivity_count(mc), 2);
    char *t = NULL;
    assert_int_equal(pcf_report_text_mc(c.r, mc, 0, &t, &err), PCF_OK);
    static const double about[2] = {0.885, -0.431}; /* a ranks first */
    for (size_t k = 0; k < 2; k++) {
        double rho = pcf_mc_sensitivity_spearman(mc, k);
        assert_double_close(rho, about[k], 0, 0.1);
        char share[16], line[160];
        snprintf(share, sizeof share, "%.1f%%", 100.0 * pcf_mc_sensitivity_share(mc, k));
        snprintf(line, sizeof line, "%3zu. %7s  rho %+.3f  %s\n", k + 1, share, rho,
                 pcf_mc_sensitivity_name(mc, k));
        assert_contains(t, line);
    }
    pcf_free(t);
    mc_case_free(&c);
}

/* Cradle-to-gate with a material of 1 kg × 1 kg CO2e/kg and a credit of 1 kg × -1 kg CO2e/kg
 * and an end-of-life route the boundary leaves out: the total is 1 - 1 = 0, so the shares are
 * blank and a contributor's share is "n/a"; the CO2e without a split is 0 and there is no gas,
 * so no table by gas; the end-of-life activity is listed as excluded. */
static void text_zero_total(void **state)
{
    (void)state;
    pcf_result *r =
        calc_text("{'pcf_model': 1, 'boundary': 'cradle-to-gate', 'products': [{'id': 'x',"
                  " 'declared_unit': {'amount': 1, 'unit': 'item'}, 'mass': 1, 'mass_unit': 'kg',"
                  " 'stages': {'materials': [{'name': 'a', 'amount': 1, 'unit': 'kg',"
                  " 'factor': {'value': 1, 'unit': 'kgCO2e/kg'}}, {'name': 'b', 'amount': 1,"
                  " 'unit': 'kg', 'factor': {'value': -1, 'unit': 'kgCO2e/kg'}}],"
                  " 'end_of_life': [{'name': 'tip', 'route': 'landfill', 'share': 1,"
                  "  'factor': {'value': 0.2, 'unit': 'kgCO2e/kg'}}]}}]}");
    assert_double_close(pcf_result_total_kg_co2e(r), 0, 0, 0);
    char *t = NULL;
    pcf_error err;
    assert_int_equal(pcf_report_text(r, 3, &t, &err), PCF_OK);
    assert_contains(t, "Materials                0        \n"); /* 13 + 2 + 11 columns, 8 blank */
    assert_contains(t, "End of life       excluded (boundary)\n");
    assert_contains(t, "Top 2 contributors:\n   1.          1    n/a%  materials   a\n"
                       "   2.         -1    n/a%  materials   b\n");
    assert_null(strstr(t, "By gas:"));
    assert_contains(t, "  [end_of_life] tip: excluded by the boundary\n");
    pcf_free(t);
    pcf_result_destroy(r);
}

/* The CSV and text writers refuse a missing result or output with their own names. */
static void writers_refuse_null_arguments(void **state)
{
    (void)state;
    pcf_result *r =
        calc_text("{'pcf_model': 1, 'boundary': 'cradle-to-gate', 'products': [{'id': 'x',"
                  " 'declared_unit': {'amount': 1, 'unit': 'item'}, 'stages': {'materials':"
                  " [{'name': 'a', 'amount': 1, 'unit': 'kg', 'factor': {'value': 1,"
                  " 'unit': 'kgCO2e/kg'}}]}}]}");
    pcf_error err;
    char *out = (char *)1;
    assert_int_equal(pcf_report_csv(NULL, &out, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_report_csv: NULL argument");
    assert_null(out);
    assert_int_equal(pcf_report_csv(r, NULL, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_report_csv: NULL argument");
    assert_int_equal(pcf_report_text(r, 3, NULL, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_report_text: NULL argument");
    assert_int_equal(pcf_report_text_write(r, NULL, 3, NULL, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_report_text_write: NULL argument");
    /* and the CSV itself: 1 kg × 1 kg CO2e/kg = 1, the total row last */
    assert_int_equal(pcf_report_csv(r, &out, &err), PCF_OK);
    assert_contains(out, ",1,kg,1,1,1\r\nx,total,,,,,,,,,,,,1,\r\n");
    pcf_free(out);
    pcf_result_destroy(r);
}

static const char *g_db; /* argv[1]: the built factors.db */

/* The HTML report with the database at hand (pcf_report_html_db). The grid factor asked for in
 * CN-FJ is served by CN (10 kWh × 0.6205 kg CO2e/kWh, MEE 2023 = 6.205; the region cell shows
 * "CN-FJ → CN"); EPA's natural gas (1 MMBtu = 53.1171 kg CO2e in AR6, as test_calc works it
 * out). Each database line carries the licence the database holds for its row, and the datasets
 * table the publisher of each dataset; an own factor's line has "–" for a licence. A dataset the
 * database does not hold (the report given no database) has the unknown-licence label. */
static void html_with_database(void **state)
{
    (void)state;
    pcf_db *db = NULL;
    pcf_error err;
    assert_int_equal(pcf_db_open(g_db, PCF_DB_READ_ONLY, &db, &err), PCF_OK);
    char *json =
        testutil_q("{'pcf_model': 1, 'boundary': 'cradle-to-gate', 'products': [{'id': 'x',"
                   " 'declared_unit': {'amount': 1, 'unit': 'item'}, 'stages': {'production': ["
                   "{'name': 'power', 'amount': 10, 'unit': 'kWh', 'factor': {'category':"
                   " 'electricity', 'name': 'China national average electricity carbon footprint"
                   " factor 2023 (life cycle)', 'region': 'CN-FJ'}},"
                   "{'name': 'gas', 'amount': 1, 'unit': 'MMBtu', 'factor':"
                   " 'epa-hub-2025:natural-gas-stationary-combustion'},"
                   "{'name': 'own', 'amount': 1, 'unit': 'kg', 'factor': {'value': 1,"
                   " 'unit': 'kgCO2e/kg'}}]}}]}");
    pcf_model *m = NULL;
    assert_int_equal(pcf_model_read_string(json, "db.json", &m, &err), PCF_OK);
    free(json);
    pcf_result *r = NULL;
    assert_int_equal(pcf_model_calculate(m, db, PCF_GWP_AR6, NULL, &r, &err), PCF_OK);
    assert_double_close(pcf_result_total_kg_co2e(r), 6.205 + 53.1171 + 1, 1e-12, 0);
    char *t = NULL;
    assert_int_equal(pcf_report_html_db(r, NULL, db, "en", &t, &err), PCF_OK);
    assert_contains(t, "<td class=\"nw\">CN-FJ → CN</td>");
    pcf_factor *f = NULL;
    assert_int_equal(
        pcf_db_get_factor(db, "epa-hub-2025:natural-gas-stationary-combustion", &f, &err), PCF_OK);
    assert_true(*pcf_factor_license(f) != '\0');
    char want[1024];
    snprintf(want, sizeof want, "<td class=\"lic\" title=\"%s\">", pcf_factor_license(f));
    pcf_factor_destroy(f);
    assert_contains(t, want);
    assert_contains(t, "<td class=\"lic\" title=\"–\">–</td>"); /* the own factor */
    const pcf_dataset_ref *d = pcf_result_dataset_at(r, 0);
    const pcf_dataset *ds = pcf__html_find_dataset(db, d->name, d->version);
    assert_non_null(ds);
    assert_ptr_equal(pcf__html_find_dataset(db, d->name, ""), ds); /* no version: the first */
    assert_null(pcf__html_find_dataset(db, d->name, "1066"));
    assert_null(pcf__html_find_dataset(db, NULL, NULL));
    assert_null(pcf__html_find_dataset(NULL, d->name, d->version));
    snprintf(want, sizeof want, "<tr><td>%s</td><td>%s</td><td class=\"num\">1</td><td>%s</td>",
             d->name, d->version, pcf_dataset_publisher(ds));
    assert_contains(t, want);
    pcf_free(t);
    assert_int_equal(pcf_report_html(r, NULL, "en", &t, &err), PCF_OK);
    assert_contains(t, "<td>not in the database</td>");
    pcf_free(t);
    pcf_result_destroy(r);
    pcf_model_destroy(m);
    pcf_db_close(db);
}

int main(int argc, char **argv)
{
    g_db = argc > 1 ? argv[1] : NULL;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(html_escape),
        cmocka_unit_test(html_numbers_and_shapes),
        cmocka_unit_test(html_sig_digits),
        cmocka_unit_test(html_text_width),
        cmocka_unit_test(html_role_and_unit_names),
        cmocka_unit_test(html_supplier_parts_chinese),
        cmocka_unit_test(mc_unnamed_parameters),
        cmocka_unit_test(text_mc_rho_digits),
        cmocka_unit_test(text_mc_rho_fraction),
        cmocka_unit_test(text_zero_total),
        cmocka_unit_test(html_with_database),
        cmocka_unit_test(writers_refuse_null_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
