/*
 * Fuzz target for the model reader, validation, resolution (without a database), calculation
 * and the writers (STYLE.md rule 36). With libFuzzer (-DPCF_FUZZING) it is the usual
 * LLVMFuzzerTestOneInput; built normally, main() replays every file of a corpus folder, every
 * prefix of each file and single-byte mutations at every 11th position, so truncated and damaged
 * models run under ASan in `meson test`. A model pcf writes must read back.
 * GPL-3.0-or-later; see LICENSE.
 */
#include <pcf/pcf.h>

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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

#ifndef PCF_FUZZING
int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: fuzz_model CORPUS_DIR\n");
        return 2;
    }
    DIR *d = opendir(argv[1]);
    if (!d) {
        fprintf(stderr, "fuzz_model: cannot open %s\n", argv[1]);
        return 1;
    }
    struct dirent *e;
    size_t files = 0, runs = 0;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", argv[1], e->d_name);
        FILE *f = fopen(path, "rb");
        if (!f)
            continue;
        static uint8_t buf[1 << 16];
        size_t n = fread(buf, 1, sizeof buf, f);
        fclose(f);
        files++;
        for (size_t len = 0; len <= n; len++, runs++)
            LLVMFuzzerTestOneInput(buf, len);
        static const uint8_t subst[] = {'-', '0', '"', '}', ']', 'e', 0xff};
        for (size_t i = 0; i < n; i += 11) {
            uint8_t keep = buf[i];
            for (size_t k = 0; k < sizeof subst; k++, runs++) {
                buf[i] = subst[k];
                LLVMFuzzerTestOneInput(buf, n);
            }
            buf[i] = keep;
        }
    }
    closedir(d);
    printf("fuzz_model: %zu files, %zu runs\n", files, runs);
    return files ? 0 : 1;
}
#endif
