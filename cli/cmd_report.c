/*
 * pcf report — the CFP study report of a model (pcf_report_study_html), as HTML or as PDF.
 * GPL-3.0-or-later; see LICENSE.
 *
 * The PDF is Chromium's print of the HTML: the CLI runs `chromium --headless --print-to-pdf` as
 * a child process on a private temporary copy (the library itself never starts a process).
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* mkdtemp, nftw, fork/exec */
#endif
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700 /* nftw */
#endif
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static void report_usage(FILE *f)
{
    fputs("usage: pcf report MODEL [--lang en|zh] [--format html|pdf] [--output FILE]\n"
          "                  [--study FILE] [--mc N [--seed S]] [--gwp SET] [--db FILE]\n"
          "                  [--layer FILE]...\n\n"
          "Writes the carbon footprint study report of MODEL (ISO 14067:2018 clause 7,\n"
          "GB/T 24067-2024): general information, goal, scope with a system-boundary diagram,\n"
          "inventory and data quality, results by stage and by gas, interpretation with a\n"
          "contribution tree and, with --mc, Monte Carlo uncertainty and sensitivity,\n"
          "limitations, verification and the audit trail. A battery model under the\n"
          "eu-battery regime adds the declaration's section (kg CO2e per kWh per stage).\n\n"
          "  --lang en|zh     language of the report (default en); zh is Chinese throughout\n"
          "  --format html    one self-contained HTML file (default; to stdout without --output)\n"
          "  --format pdf     A4 PDF printed by headless Chromium (needs --output; the\n"
          "                   chromium binary is $PCF_CHROMIUM, else chromium on PATH)\n"
          "  --study FILE     JSON object of what only the study's authors know: report_id,\n"
          "                   date, commissioner, practitioner, goal, intended_application,\n"
          "                   audience, functional_unit, cut_off_criteria, cut_off_excluded,\n"
          "                   allocation, time_period, geography, pcr, limitations,\n"
          "                   verification {verifier, statement, certificate_id,\n"
          "                   key_fingerprint, date}; texts are strings or {\"en\", \"zh\"}\n"
          "  --mc N, --seed S Monte Carlo iterations and seed for the uncertainty section\n"
          "                   (--threads T, --mc-memory BYTES as for pcf calc; --quiet: no\n"
          "                   progress bar)\n",
          f);
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path) == 0 ? 0 : 0; /* best effort: keep removing the rest */
}

static int write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    size_t n = strlen(text);
    int ok = fwrite(text, 1, n, f) == n;
    if (fclose(f) != 0)
        ok = 0;
    return ok ? 0 : -1;
}

/* Prints @p html_path to @p pdf_path with headless Chromium. CLI_OK or CLI_FAIL (printed). */
static int print_pdf(const char *dir, const char *html_path, const char *pdf_path)
{
    const char *chromium = getenv("PCF_CHROMIUM");
    if (!chromium || !*chromium)
        chromium = "chromium";
    char profile[4400], print_opt[4400], url[4400];
    snprintf(profile, sizeof profile, "--user-data-dir=%s/profile", dir);
    snprintf(print_opt, sizeof print_opt, "--print-to-pdf=%s", pdf_path);
    snprintf(url, sizeof url, "file://%s", html_path);
    /* execvp takes char *const[]: writable copies of the fixed arguments */
    char a_headless[] = "--headless", a_sandbox[] = "--no-sandbox", a_gpu[] = "--disable-gpu",
         a_footer[] = "--no-pdf-header-footer";
    char *const args[] = {(char *)chromium, a_headless, a_sandbox, a_gpu, profile,
                          a_footer,         print_opt,  url,       NULL};
    pid_t pid = fork();
    if (pid < 0) {
        fprintf(stderr, "pcf report: cannot start %s: %s\n", chromium, strerror(errno));
        return CLI_FAIL;
    }
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        if (null >= 0) {
            dup2(null, STDOUT_FILENO);
            dup2(null, STDERR_FILENO);
        }
        execvp(chromium, args);
        _exit(127);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    struct stat st;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
        fprintf(stderr,
                "pcf report: cannot run \"%s\": install Chromium (apt-get install chromium) or "
                "set PCF_CHROMIUM to its path\n",
                chromium);
        return CLI_FAIL;
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || stat(pdf_path, &st) != 0 ||
        st.st_size == 0) {
        fprintf(stderr, "pcf report: %s did not print %s (exit status %d)\n", chromium, pdf_path,
                WIFEXITED(status) ? WEXITSTATUS(status) : -1);
        return CLI_FAIL;
    }
    return CLI_OK;
}

/* Writes the HTML to a private temporary directory and prints it to @p out as PDF. */
static int write_pdf(const char *html, const char *out)
{
    const char *tmp = getenv("TMPDIR");
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/pcf-report-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir)) {
        fprintf(stderr, "pcf report: cannot make a temporary directory: %s\n", strerror(errno));
        return CLI_FAIL;
    }
    char html_path[4200], pdf_abs[4200];
    snprintf(html_path, sizeof html_path, "%s/report.html", dir);
    snprintf(pdf_abs, sizeof pdf_abs, "%s/report.pdf", dir);
    int rc = CLI_FAIL;
    if (write_file(html_path, html) != 0)
        fprintf(stderr, "pcf report: cannot write %s\n", html_path);
    else
        rc = print_pdf(dir, html_path, pdf_abs);
    if (rc == CLI_OK) {
        /* copy, not rename: the output may be on another file system */
        FILE *in = fopen(pdf_abs, "rb"), *o = fopen(out, "wb");
        char buf[65536];
        size_t n;
        int ok = in && o;
        while (ok && (n = fread(buf, 1, sizeof buf, in)) > 0)
            ok = fwrite(buf, 1, n, o) == n;
        if (in)
            fclose(in);
        if (o && fclose(o) != 0)
            ok = 0;
        if (!ok) {
            fprintf(stderr, "pcf report: cannot write %s\n", out);
            rc = CLI_FAIL;
        }
    }
    nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    return rc;
}

enum { OPT_LANG = CLI_OPT_FIRST_FREE, OPT_FORMAT, OPT_STUDY, OPT_GWP };

int cmd_report(int argc, char **argv)
{
    static const struct option longopts[] = {{"lang", required_argument, NULL, OPT_LANG},
                                             {"format", required_argument, NULL, OPT_FORMAT},
                                             {"output", required_argument, NULL, 'o'},
                                             {"study", required_argument, NULL, OPT_STUDY},
                                             {"gwp", required_argument, NULL, OPT_GWP},
                                             {"quiet", no_argument, NULL, 'q'},
                                             CLI_HELP_OPTION,
                                             CLI_DB_OPTIONS,
                                             CLI_MC_OPTIONS,
                                             CLI_END_OPTIONS};
    const char *lang = "en", *format = "html", *out = NULL, *study_path = NULL;
    pcf_gwp_set gwp = (pcf_gwp_set)0;
    cli_db_args dba = {0};
    cli_mc_args mca = {0};
    int quiet = 0, c;
    while ((c = cli_getopt_db("report", argc, argv, "ho:q", longopts, &dba)) != -1) {
        if (c == '?')
            return CLI_USAGE;
        int taken = cli_mc_option("report", c, optarg, &mca);
        if (taken < 0)
            return CLI_USAGE;
        if (taken)
            continue;
        switch (c) {
        case 'h':
            report_usage(stdout);
            return CLI_OK;
        case 'q':
            quiet = 1;
            break;
        case OPT_LANG:
            lang = optarg;
            if (strcmp(lang, "en") && strcmp(lang, "zh"))
                return cli_usage_error("report", "--lang takes en or zh, not \"%s\"", lang);
            break;
        case OPT_FORMAT:
            format = optarg;
            if (strcmp(format, "html") && strcmp(format, "pdf"))
                return cli_usage_error("report", "--format takes html or pdf, not \"%s\"", format);
            break;
        case 'o':
            out = optarg;
            break;
        case OPT_STUDY:
            study_path = optarg;
            break;
        default: { /* OPT_GWP */
            pcf_error err;
            if (pcf_gwp_set_parse(optarg, &gwp, &err) != PCF_OK)
                return cli_usage_error("report", "--gwp: %s", err.message);
            break;
        }
        }
    }
    if (optind >= argc)
        return cli_usage_error("report", "which model? pcf report MODEL");
    if (optind + 1 < argc)
        return cli_usage_error("report", "one model at a time (got \"%s\" too)", argv[optind + 1]);
    const char *model_path = argv[optind];
    int pdf = strcmp(format, "pdf") == 0;
    if (pdf && !out)
        return cli_usage_error("report", "--format pdf needs --output FILE.pdf");
    if (cli_mc_check("report", &mca) != CLI_OK)
        return CLI_USAGE;

    pcf_error err;
    char *study = NULL;
    if (study_path && !(study = cli_read_file(study_path, &err)))
        return cli_report("cannot read the study", &err);
    pcf_model *model = NULL;
    if (pcf_model_read_file(model_path, &model, &err) != PCF_OK) {
        free(study);
        return cli_report("cannot read the model", &err);
    }
    pcf_db *db = NULL;
    pcf_system *sys = NULL;
    pcf_result *result = NULL;
    pcf_mc *mc = NULL;
    char *html = NULL;
    int rc = cli_open_db(&dba, &db);
    if (rc == CLI_OK && pcf_system_resolve(model, db, gwp, NULL, &sys, &err) != PCF_OK)
        rc = cli_report("cannot resolve the model (pcf validate MODEL lists every problem)", &err);
    if (rc == CLI_OK && pcf_calculate(sys, &result, &err) != PCF_OK)
        rc = cli_report("cannot calculate", &err);
    if (rc == CLI_OK && mca.iterations > 0) {
        mca.samples_path = ""; /* keep the samples: the histogram needs them */
        rc = cli_mc_run(sys, db, &mca, quiet, &mc);
    }
    /* a battery under the eu-battery regime: the declaration's section follows the results */
    pcf_battery_decl *decl = NULL;
    if (rc == CLI_OK && pcf_model_regime(model) == PCF_REGIME_EU_BATTERY &&
        pcf_battery_declare(model, result, db, NULL, &decl, &err) != PCF_OK)
        rc = cli_report("eu-battery declaration", &err);
    if (rc == CLI_OK &&
        pcf_report_study_html_decl(result, mc, db, study, decl, lang, &html, &err) != PCF_OK)
        rc = cli_report(study_path ? study_path : "cannot write the report", &err);
    pcf_battery_decl_destroy(decl);
    if (rc == CLI_OK) {
        if (pdf) {
            rc = write_pdf(html, out);
        } else if (out) {
            if (write_file(out, html) != 0) {
                fprintf(stderr, "pcf report: cannot write %s\n", out);
                rc = CLI_FAIL;
            }
        } else if (fputs(html, stdout) < 0 || fflush(stdout) != 0) {
            fprintf(stderr, "pcf report: cannot write the output\n");
            rc = CLI_FAIL;
        }
    }
    pcf_free(html);
    pcf_mc_destroy(mc);
    pcf_result_destroy(result);
    pcf_system_destroy(sys);
    pcf_db_close(db);
    pcf_model_destroy(model);
    free(study);
    return rc;
}
