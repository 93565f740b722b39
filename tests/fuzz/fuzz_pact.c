/*
 * Fuzz target for the PACT reader. With libFuzzer (-DPCF_FUZZING) it is the
 * usual LLVMFuzzerTestOneInput; built normally, tests/fuzz/replay.c replays every file of a corpus
 * folder and every prefix of each file, so truncated documents are exercised under ASan in `meson
 * test`. GPL-3.0-or-later; see LICENSE.
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
    pcf_diag *diag = NULL;
    if (pcf_diag_create(&diag) != PCF_OK) {
        free(text);
        return 0;
    }
    pcf_pact_footprint *fp = NULL;
    if (pcf_pact_read(text, diag, &fp, NULL) == PCF_OK) {
        for (int v = 2; v <= 3; v++) {
            char *out = NULL;
            if (pcf_pact_footprint_to_json(fp, v, &out, NULL) == PCF_OK) {
                /* What pcf writes, pcf must accept. */
                if (pcf_pact_validate(out, NULL, NULL) != PCF_OK)
                    abort();
                pcf_free(out);
            }
        }
        double x;
        if (pcf_pact_footprint_scale(fp, PCF_PACT_PCF_EXCLUDING_BIOGENIC, 2, "kg", &x, NULL) !=
            PCF_OK)
            x = 0;
        (void)x;
        pcf_pact_footprint_destroy(fp);
    }
    pcf_diag_destroy(diag);
    free(text);
    return 0;
}

int fuzz_init(int argc, char **argv)
{
    (void)argv;
    return argc == 0 ? 0 : 2;
}
