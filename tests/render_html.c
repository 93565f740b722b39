/*
 * Test helper: writes the HTML report of a model (with a Monte Carlo run whose samples are kept,
 * so the histogram is drawn) to stdout. Used by check-html-render.py.
 * Usage: render_html MODEL LANG [FACTORS_DB]. GPL-3.0-or-later; see LICENSE.
 */
#include <pcf/pcf.h>

#include <stdio.h>

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: render_html MODEL LANG [FACTORS_DB]\n");
        return 2;
    }
    pcf_error err;
    pcf_model *m = NULL;
    pcf_db *db = NULL;
    pcf_result *r = NULL;
    pcf_system *sys = NULL;
    pcf_mc_options *mo = NULL;
    pcf_mc *mc = NULL;
    char *html = NULL;
    int rc = 1;
    if (pcf_model_read_file(argv[1], &m, &err) != PCF_OK)
        goto out;
    if (argc > 3 && pcf_db_open(argv[3], 0, &db, &err) != PCF_OK)
        goto out;
    if (pcf_model_calculate(m, db, pcf_model_gwp(m), NULL, &r, &err) != PCF_OK ||
        pcf_system_resolve(m, db, pcf_model_gwp(m), NULL, &sys, &err) != PCF_OK ||
        pcf_mc_options_create(&mo, &err) != PCF_OK ||
        pcf_mc_options_set_iterations(mo, 5000, &err) != PCF_OK ||
        pcf_mc_options_set_seed(mo, 7, &err) != PCF_OK ||
        pcf_mc_options_set_keep_samples(mo, 1, &err) != PCF_OK ||
        pcf_mc_run(sys, mo, &mc, &err) != PCF_OK ||
        pcf_report_html_db(r, mc, db, argv[2], &html, &err) != PCF_OK)
        goto out;
    fputs(html, stdout);
    rc = 0;
out:
    if (rc)
        fprintf(stderr, "render_html: %s %s\n", err.message, err.path);
    pcf_free(html);
    pcf_mc_destroy(mc);
    pcf_mc_options_destroy(mo);
    pcf_system_destroy(sys);
    pcf_result_destroy(r);
    pcf_db_close(db);
    pcf_model_destroy(m);
    return rc;
}
