/*
 * pcf — libzip, loaded when a zip file is first read (the openLCA import), not linked. Linked,
 * it was loaded by every process using libpcf, and with it libcrypto (21,113 relocations),
 * libbz2 and zlib: 140 page faults, about 4 ms, of each start of `pcf calc`, which never reads a
 * zip (issue 17, docs/ARCHITECTURE.md). The functions are those <zip.h> declares, looked up by
 * name in the library whose soname the build found (PCF_LIBZIP_SONAME, lib/meson.build).
 * GPL-3.0-or-later; see LICENSE.
 */
#include "lci_zip.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#ifndef PCF_LIBZIP_SONAME
#define PCF_LIBZIP_SONAME "libzip.so.4"
#endif

static const struct {
    const char *name;
    size_t offset;
} zip_functions[] = {
    {"zip_open", offsetof(pcf__zip_api, open)},
    {"zip_discard", offsetof(pcf__zip_api, discard)},
    {"zip_get_num_entries", offsetof(pcf__zip_api, get_num_entries)},
    {"zip_get_name", offsetof(pcf__zip_api, get_name)},
    {"zip_stat_index", offsetof(pcf__zip_api, stat_index)},
    {"zip_fopen_index", offsetof(pcf__zip_api, fopen_index)},
    {"zip_fread", offsetof(pcf__zip_api, fread)},
    {"zip_fclose", offsetof(pcf__zip_api, fclose)},
    {"zip_strerror", offsetof(pcf__zip_api, strerror)},
    {"zip_file_strerror", offsetof(pcf__zip_api, file_strerror)},
    {"zip_error_init_with_code", offsetof(pcf__zip_api, error_init_with_code)},
    {"zip_error_strerror", offsetof(pcf__zip_api, error_strerror)},
    {"zip_error_fini", offsetof(pcf__zip_api, error_fini)},
};

pcf_status pcf__zip_load(const char *soname, pcf__zip_api *api, pcf_error *err)
{
    memset(api, 0, sizeof *api);
    void *lib = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        const char *why = dlerror();
        return pcf__error(err, PCF_ERR_UNSUPPORTED,
                          "reading a zip file needs libzip (%s), which could not be loaded (%s); "
                          "install it (Debian: libzip4), or unpack the zip and import its folder",
                          soname, why ? why : "no reason given");
    }
    for (size_t i = 0; i < sizeof zip_functions / sizeof zip_functions[0]; i++) {
        void *fn = dlsym(lib, zip_functions[i].name);
        if (!fn) {
            memset(api, 0, sizeof *api);
            dlclose(lib);
            return pcf__error(err, PCF_ERR_UNSUPPORTED,
                              "reading a zip file needs libzip, and %s has no function %s (too "
                              "old a libzip: 1.5 or later is needed); unpack the zip and import "
                              "its folder",
                              soname, zip_functions[i].name);
        }
        /* POSIX: a function's address from dlsym() converts to a function pointer. */
        memcpy((char *)api + zip_functions[i].offset, &fn, sizeof fn);
    }
    /* The library stays loaded for the life of the process (it is loaded once, below). */
    return PCF_OK;
}

static pthread_once_t zip_once = PTHREAD_ONCE_INIT;
static pcf__zip_api zip_api;
static pcf_status zip_status;
static pcf_error zip_err;

static void zip_load_once(void)
{
    zip_status = pcf__zip_load(PCF_LIBZIP_SONAME, &zip_api, &zip_err);
}

const pcf__zip_api *pcf__zip(pcf_error *err)
{
    pthread_once(&zip_once, zip_load_once);
    if (zip_status != PCF_OK) {
        pcf__error(err, zip_status, "%s", zip_err.message);
        return NULL;
    }
    return &zip_api;
}
