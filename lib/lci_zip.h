/*
 * pcf — libzip loaded on first use (lib/lci_zip.c): the functions of <zip.h> the openLCA import
 * calls, through pointers. Not installed. GPL-3.0-or-later; see LICENSE.
 */
#ifndef PCF_LCI_ZIP_H
#define PCF_LCI_ZIP_H

#include "internal.h"

#include <zip.h>

typedef struct pcf__zip_api {
    zip_t *(*open)(const char *, int, int *);
    void (*discard)(zip_t *);
    zip_int64_t (*get_num_entries)(zip_t *, zip_flags_t);
    const char *(*get_name)(zip_t *, zip_uint64_t, zip_flags_t);
    int (*stat_index)(zip_t *, zip_uint64_t, zip_flags_t, zip_stat_t *);
    zip_file_t *(*fopen_index)(zip_t *, zip_uint64_t, zip_flags_t);
    zip_int64_t (*fread)(zip_file_t *, void *, zip_uint64_t);
    int (*fclose)(zip_file_t *);
    const char *(*strerror)(zip_t *);
    const char *(*file_strerror)(zip_file_t *);
    void (*error_init_with_code)(zip_error_t *, int);
    const char *(*error_strerror)(zip_error_t *);
    void (*error_fini)(zip_error_t *);
} pcf__zip_api;

/* Loads the library `soname` and looks every function of pcf__zip_api up in it (the library
 * stays loaded). PCF_ERR_UNSUPPORTED saying what to do when it is missing or lacks a function. */
pcf_status pcf__zip_load(const char *soname, pcf__zip_api *api, pcf_error *err);

/* libzip (PCF_LIBZIP_SONAME), loaded on the first call by any thread; NULL with the reason in
 * err when it cannot be loaded (the same on every later call). */
const pcf__zip_api *pcf__zip(pcf_error *err);

#endif /* PCF_LCI_ZIP_H */
