/*
 * pcf factors suggest — candidate factors for one line of a bill of materials, ranked, with the
 * score and the reason (pcf_factor_suggest, docs/matching.md).
 * GPL-3.0-or-later; see LICENSE.
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static void suggest_usage(FILE *f)
{
    fprintf(f, "usage: pcf factors suggest TEXT [--unit U] [--region R] [--category C[,C...]]\n"
               "                               [--limit N] [--lang en|zh] [--json]\n"
               "                               [--db FILE] [--layer FILE]...\n\n"
               "Ranks the factors that fit one line of a bill of materials (\"PP颗粒 注塑级\",\n"
               "\"卡车运输\", \"tap water\"): each with a score from 0 to 1 and the reason. Words\n"
               "are read with the synonym table (data/synonyms.csv); --unit keeps factors per a\n"
               "unit of its dimension; --region ranks nearer regions of its fallback chain first.\n"
               "The first line says whether the best candidate is a clear match (what `pcf init`\n"
               "binds by itself). Default --limit 5; 0 lists all.\n");
}

int cmd_factors_suggest(int argc, char **argv)
{
    enum { OPT_UNIT = CLI_OPT_FIRST_FREE, OPT_REGION, OPT_CATEGORY, OPT_LIMIT, OPT_LANG, OPT_JSON };
    static const struct option longopts[] = {CLI_HELP_OPTION,
                                             CLI_DB_OPTIONS,
                                             {"unit", required_argument, NULL, OPT_UNIT},
                                             {"region", required_argument, NULL, OPT_REGION},
                                             {"category", required_argument, NULL, OPT_CATEGORY},
                                             {"limit", required_argument, NULL, OPT_LIMIT},
                                             {"lang", required_argument, NULL, OPT_LANG},
                                             {"json", no_argument, NULL, OPT_JSON},
                                             CLI_END_OPTIONS};
    const char *unit = NULL, *region = NULL, *category = NULL, *lang = "en";
    size_t limit = 5;
    int json = 0;
    cli_db_args dba = {0};
    int c;
    while ((c = cli_getopt_db("factors suggest", argc, argv, "h", longopts, &dba)) != -1) {
        switch (c) {
        case '?':
            return CLI_USAGE;
        case OPT_UNIT:
            unit = optarg;
            break;
        case OPT_REGION:
            region = optarg;
            break;
        case OPT_CATEGORY:
            category = optarg;
            break;
        case OPT_LIMIT: {
            char *end;
            unsigned long v = strtoul(optarg, &end, 10);
            if (*end || end == optarg || optarg[0] == '-' || optarg[0] == '+')
                return cli_usage_error("factors suggest",
                                       "--limit needs a whole number, not \"%s\"", optarg);
            limit = (size_t)v;
            break;
        }
        case OPT_LANG:
            if (strcmp(optarg, "en") != 0 && strcmp(optarg, "zh") != 0)
                return cli_usage_error("factors suggest", "--lang is en or zh, not \"%s\"", optarg);
            lang = optarg;
            break;
        case OPT_JSON:
            json = 1;
            break;
        case 'h':
            suggest_usage(stdout);
            return CLI_OK;
        default:
            return cli_usage_error("factors suggest", "unexpected option");
        }
    }
    if (optind != argc - 1)
        return cli_usage_error("factors suggest", "needs exactly one TEXT");
    const char *text = argv[optind];
    pcf_db *db = NULL;
    if (cli_open_db(&dba, &db) != CLI_OK)
        return CLI_FAIL;
    pcf_error err;
    pcf_suggestion_list *list = NULL;
    if (pcf_factor_suggest(db, text, unit, region, category, limit, &list, &err) != PCF_OK) {
        pcf_db_close(db);
        return cli_report("suggest failed", &err);
    }
    size_t n = pcf_suggestion_count(list);
    int zh = strcmp(lang, "zh") == 0;
    char nb[32];
    if (json) {
        printf("{\"clear\": %s, \"candidates\": [", pcf_suggestion_clear(list) ? "true" : "false");
        for (size_t i = 0; i < n; i++) {
            const pcf_factor *f = pcf_suggestion_factor(list, i);
            printf("%s\n  {\"code\": ", i ? "," : "");
            cli_json_str(stdout, pcf_factor_code(f));
            printf(", \"name_en\": ");
            cli_json_str(stdout, pcf_factor_name_en(f));
            printf(", \"name_zh\": ");
            cli_json_str(stdout, pcf_factor_name_zh(f));
            printf(", \"region\": ");
            cli_json_str(stdout, pcf_factor_region(f));
            printf(", \"score\": %s, \"proxy\": %s, \"reason\": ",
                   cli_num(pcf_suggestion_score(list, i), nb),
                   pcf_suggestion_is_proxy(list, i) ? "true" : "false");
            cli_json_str(stdout, pcf_suggestion_reason(list, i, lang));
            printf("}");
        }
        printf("%s]}\n", n ? "\n" : "");
    } else if (n) {
        if (pcf_suggestion_clear(list))
            printf(zh ? "明确匹配:%s\n" : "clear match: %s\n",
                   pcf_factor_code(pcf_suggestion_factor(list, 0)));
        else
            printf(zh ? "无明确匹配:请从下列候选中选择\n"
                      : "no clear match: choose one of these\n");
        for (size_t i = 0; i < n; i++) {
            const pcf_factor *f = pcf_suggestion_factor(list, i);
            double sc = pcf_suggestion_score(list, i);
            printf("%zu. %.2f %s%s  %s", i + 1, sc, pcf_factor_code(f),
                   pcf_suggestion_is_proxy(list, i) ? (zh ? " [代用]" : " [proxy]") : "",
                   zh && pcf_factor_name_zh(f)[0] ? pcf_factor_name_zh(f) : pcf_factor_name_en(f));
            printf(" (%s)\n   %s\n", pcf_factor_region(f), pcf_suggestion_reason(list, i, lang));
        }
    } else {
        fprintf(stderr,
                zh ? "pcf: 没有因子与 \"%s\" 相符;可在公司数据层中添加(pcf db build)\n"
                   : "pcf: no factor fits \"%s\"; add one in a company layer (pcf db build)\n",
                text);
    }
    pcf_suggestion_list_destroy(list);
    pcf_db_close(db);
    return n ? CLI_OK : CLI_FAIL;
}
