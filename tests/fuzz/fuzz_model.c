/*
 * Fuzz target for the model reader, validation, resolution (without a database), calculation
 * and the writers. With libFuzzer (-DPCF_FUZZING) it is the usual
 * LLVMFuzzerTestOneInput; built normally, tests/fuzz/replay.c replays every file of a corpus
 * folder, every prefix of each file and single-byte mutations at every 11th position, so truncated
 * and damaged models run under ASan in `meson test`. A model pcf writes must read back.
 * GPL-3.0-or-later; see LICENSE.
 */
#include <pcf/pcf.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int fuzz_init(int argc, char **argv);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    pcf_model *m = NULL;
    pcf_diag *diag = NULL;
    if (pcf_model_read_string(text, "fuzz.json", &m, NULL) == PCF_OK &&
        pcf_diag_create(&diag) == PCF_OK) {
        pcf_status vs = pcf_model_validate(m, diag, NULL);
        (void)vs;
        pcf_diag_clear(diag);
        pcf_result *r = NULL;
        if (pcf_model_calculate(m, NULL, (pcf_gwp_set)0, diag, &r, NULL) == PCF_OK) {
            char *out = NULL;
            if (pcf_report_text(r, 5, &out, NULL) == PCF_OK)
                pcf_free(out);
            if (pcf_report_csv(r, &out, NULL) == PCF_OK)
                pcf_free(out);
            if (pcf_result_to_json(r, &out, NULL) == PCF_OK)
                pcf_free(out);
            pcf_result_destroy(r);
        }
        char *json = NULL;
        if (pcf_model_write_string(m, &json, NULL) == PCF_OK) {
            pcf_model *back = NULL;
            /* what pcf writes, pcf must read */
            if (pcf_model_read_string(json, NULL, &back, NULL) != PCF_OK)
                abort();
            pcf_model_destroy(back);
            pcf_free(json);
        }
    }
    pcf_diag_destroy(diag);
    pcf_model_destroy(m);
    free(text);
    return 0;
}

int fuzz_init(int argc, char **argv)
{
    (void)argv;
    return argc == 0 ? 0 : 2;
}
