/*
 * pcf — PACT options: the fields of an exported footprint that a calculation cannot know, set
 * one by one or from a model's "pact" object. GPL-3.0-or-later; see LICENSE.
 */
#include "model_internal.h"
#include "pact_internal.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

pcf_status pcf_pact_options_create(pcf_pact_options **out)
{
    if (!out)
        return PCF_ERR_INVALID_ARG;
    *out = calloc(1, sizeof **out);
    if (!*out)
        return PCF_ERR_NOMEM;
    pcf__pact_record_init(&(*out)->rec);
    return PCF_OK;
}

void pcf_pact_options_destroy(pcf_pact_options *opts)
{
    if (!opts)
        return;
    pcf__pact_record_free(&opts->rec);
    free(opts);
}

/* Numbers an options object may carry, by name. */
static const struct {
    const char *name;
    pcf_pact_value value;
} option_values[] = {
    {"exemptedEmissionsPercent", PCF_PACT_EXEMPTED_EMISSIONS_PERCENT},
    {"fossilCarbonContent", PCF_PACT_FOSSIL_CARBON_CONTENT},
    {"biogenicCarbonContent", PCF_PACT_BIOGENIC_CARBON_CONTENT},
    {"landManagementGhgEmissions", PCF_PACT_LAND_MANAGEMENT_GHG_EMISSIONS},
    {"coveragePercent", PCF_PACT_DQI_COVERAGE_PERCENT},
    {"technologicalDQR", PCF_PACT_DQI_TECHNOLOGICAL},
    {"temporalDQR", PCF_PACT_DQI_TEMPORAL},
    {"geographicalDQR", PCF_PACT_DQI_GEOGRAPHICAL},
    {"completenessDQR", PCF_PACT_DQI_COMPLETENESS},
    {"reliabilityDQR", PCF_PACT_DQI_RELIABILITY},
    {"productMassPerDeclaredUnit", PCF_PACT_PRODUCT_MASS_KG}, /* for pcf pact convert */
};

pcf_status pcf_pact_options_set(pcf_pact_options *opts, const char *field, const char *value,
                                pcf_error *err)
{
    if (!opts || !field)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_pact_options_set: %s is NULL",
                          !opts ? "opts" : "field");
    pcf_pact_footprint *r = &opts->rec;
    if (strcmp(field, "version") == 0 || strcmp(field, "packagingEmissionsIncluded") == 0) {
        int is_version = field[0] == 'v';
        if (!value) {
            if (is_version)
                r->version = -1;
            else
                r->packaging = -1;
            return pcf__ok(err);
        }
        if (!is_version) {
            if (strcmp(value, "true") != 0 && strcmp(value, "false") != 0)
                return pcf__error(err, PCF_ERR_PARSE,
                                  "packagingEmissionsIncluded must be true or false, not \"%.40s\"",
                                  value);
            r->packaging = value[0] == 't';
            return pcf__ok(err);
        }
        double x;
        if (pcf_number_parse(value, &x, NULL) != PCF_OK || x != floor(x) || x < 0 ||
            x > 2147483647.0)
            return pcf__error(err, PCF_ERR_PARSE,
                              "version must be an integer between 0 and 2^31-1, not \"%.40s\"",
                              value);
        r->version = (int64_t)x;
        return pcf__ok(err);
    }
    for (size_t i = 0; i < sizeof option_values / sizeof option_values[0]; i++) {
        if (strcmp(field, option_values[i].name) != 0)
            continue;
        pcf_pact_value pv = option_values[i].value;
        if (!value) {
            r->has[pv] = 0;
            return pcf__ok(err);
        }
        double x;
        if (pcf_number_parse(value, &x, NULL) != PCF_OK || x < 0)
            return pcf__error(err, PCF_ERR_PARSE, "%s must be a number >= 0, not \"%.40s\"", field,
                              value);
        pcf__pact_set_value(r, pv, x);
        return pcf__ok(err);
    }
    int f = -1;
    for (int i = 0; i < PACT_T_COUNT; i++)
        if (strcmp(pcf__pact_text_names[i], field) == 0)
            f = i;
    if (f < 0 || f == PACT_T_SPEC_VERSION || f == PACT_T_DECLARED_UNIT)
        return pcf__error(err, PCF_ERR_NOT_FOUND,
                          "\"%.60s\" is not a PACT field pcf takes from the model's \"pact\" "
                          "object; see docs/model-format.md, PACT section",
                          field);
    if (value) {
        int64_t t;
        if (f == PACT_T_ID && !pcf__pact_uuid_ok(value))
            return pcf__error(
                err, PCF_ERR_PARSE,
                "id \"%.60s\" is not a UUID like 3fa85f64-5717-4562-b3fc-2c963f66afa6", value);
        if ((f == PACT_T_CREATED || f == PACT_T_REF_START || f == PACT_T_REF_END ||
             f == PACT_T_VALIDITY_START || f == PACT_T_VALIDITY_END) &&
            !pcf__pact_timestamp_ok(value, &t))
            return pcf__error(err, PCF_ERR_PARSE,
                              "%s \"%.40s\" is not an ISO 8601 UTC date-time; write it like "
                              "2025-01-01T00:00:00Z",
                              field, value);
        if (!pcf__utf8_valid(value, strlen(value)))
            return pcf__error(err, PCF_ERR_PARSE, "%s is not valid UTF-8", field);
    }
    if (pcf__pact_set_text(r, f, value) != PCF_OK)
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory");
    return pcf__ok(err);
}

pcf_status pcf_pact_options_add(pcf_pact_options *opts, const char *field, const char *value,
                                pcf_error *err)
{
    if (!opts || !field || !value)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_pact_options_add: an argument is NULL");
    int l = -1;
    for (int i = 0; i < PACT_L_COUNT; i++)
        if (i != PACT_L_SOURCE_NAMES && i != PACT_L_SOURCE_VERSIONS && i != PACT_L_IPCC &&
            strcmp(pcf__pact_list_names[i], field) == 0)
            l = i;
    if (l < 0)
        return pcf__error(err, PCF_ERR_NOT_FOUND,
                          "\"%.60s\" is not a PACT list pcf takes from the model's \"pact\" "
                          "object (companyIds, productIds, productClassifications, "
                          "crossSectoralStandards, precedingPfIds)",
                          field);
    if ((l == PACT_L_COMPANY_IDS || l == PACT_L_PRODUCT_IDS || l == PACT_L_CLASSIFICATIONS) &&
        !pcf__pact_urn_ok(value))
        return pcf__error(err, PCF_ERR_PARSE,
                          "%s entry \"%.60s\" is not a URN (RFC 8141); write it like "
                          "urn:pathfinder:company:customcode:vendor-assigned:acme",
                          field, value);
    if (l == PACT_L_PRECEDING && !pcf__pact_uuid_ok(value))
        return pcf__error(err, PCF_ERR_PARSE, "precedingPfIds entry \"%.60s\" is not a UUID",
                          value);
    if (!pcf__utf8_valid(value, strlen(value)))
        return pcf__error(err, PCF_ERR_PARSE, "%s entry is not valid UTF-8", field);
    const pact_list *lst = &opts->rec.list[l];
    for (size_t i = 0; i < lst->n; i++)
        if (strcmp(lst->items[i], value) == 0)
            return pcf__ok(err); /* PACT lists hold unique entries */
    if (pcf__pact_list_add(&opts->rec, l, value) != PCF_OK)
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory");
    return pcf__ok(err);
}

pcf_status pcf_pact_options_set_random(pcf_pact_options *opts, const uint8_t random[16],
                                       pcf_error *err)
{
    if (!opts || !random)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_pact_options_set_random: NULL argument");
    memcpy(opts->random, random, 16);
    opts->has_random = 1;
    return pcf__ok(err);
}

pcf_status pcf_pact_options_from_model_json(pcf_pact_options *opts, const char *model_json,
                                            const char *file, pcf_error *err)
{
    if (!opts || !model_json)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_pact_options_from_model_json: %s is NULL",
                          !opts ? "opts" : "model_json");
    json_t *root = NULL;
    pcf_status st0 = pcf__json_text_parse(model_json, "model", file, &root, err);
    if (st0 != PCF_OK)
        return st0;
    pcf_status st = PCF_OK;
    json_t *pact = json_object_get(root, "pact");
    if (pact && !json_is_object(pact)) {
        st = pcf__error(err, PCF_ERR_PARSE, "\"pact\" must be a JSON object of PACT fields");
        pcf__error_where(err, file, "$.pact", 0, 0);
    }
    const char *key;
    json_t *val;
    char path[PCF_ERROR_PATH_SIZE];
    json_object_foreach(pact, key, val)
    {
        if (st != PCF_OK) /* also when "pact" is not an object: then there is nothing to walk */
            break;
        pcf__pact_join(path, sizeof path, "$.pact", key);
        if (json_is_array(val)) {
            for (size_t i = 0; st == PCF_OK && i < json_array_size(val); i++) {
                json_t *it = json_array_get(val, i);
                if (!json_is_string(it))
                    st = pcf__error(err, PCF_ERR_PARSE, "%s entries must be JSON strings", key);
                else
                    st = pcf_pact_options_add(opts, key, json_string_value(it), err);
                if (st != PCF_OK) {
                    pcf__pact_join_index(path, sizeof path, path, i);
                    pcf__error_where(err, file, path, 0, 0);
                }
            }
            continue;
        }
        char num[512];
        const char *text = NULL;
        if (json_is_string(val)) {
            text = json_string_value(val);
        } else if (json_is_number(val)) {
            pcf__pact_decimal_text(json_number_value(val), num, sizeof num);
            text = num;
        } else if (json_is_boolean(val)) {
            text = json_is_true(val) ? "true" : "false";
        } else {
            st = pcf__error(err, PCF_ERR_PARSE, "%s must be a string, number, boolean or array",
                            key);
        }
        if (st == PCF_OK)
            st = pcf_pact_options_set(opts, key, text, err);
        if (st != PCF_OK)
            pcf__error_where(err, file, path, 0, 0);
    }
    /* The main product's description is the PACT productDescription unless "pact" gives one. */
    json_t *desc =
        json_object_get(json_array_get(json_object_get(root, "products"), 0), "description");
    if (st == PCF_OK && json_is_string(desc) && !opts->rec.text[PACT_T_PRODUCT_DESCRIPTION] &&
        pcf__pact_set_text(&opts->rec, PACT_T_PRODUCT_DESCRIPTION, json_string_value(desc)) !=
            PCF_OK)
        st = pcf__error(err, PCF_ERR_NOMEM, "out of memory");
    json_decref(root);
    return st == PCF_OK ? pcf__ok(err) : st;
}

pcf_status pcf_pact_options_from_model(pcf_pact_options *opts, const pcf_model *model,
                                       pcf_error *err)
{
    if (!opts || !model)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_pact_options_from_model: %s is NULL",
                          !opts ? "opts" : "model");
    /* The model is its JSON document, so its text carries the "pact" section as written. */
    char *text = NULL;
    pcf_status st = pcf_model_write_string(model, &text, err);
    if (st == PCF_OK) {
        const char *file = pcf_model_filename(model);
        st = pcf_pact_options_from_model_json(opts, text, file && *file ? file : NULL, err);
    }
    pcf_free(text);
    return st;
}
