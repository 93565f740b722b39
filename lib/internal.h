/*
 * pcf — internal helpers shared between the files of lib/. Not installed.
 * GPL-3.0-or-later; see LICENSE.
 */
#ifndef PCF_INTERNAL_H
#define PCF_INTERNAL_H

#include "pcf/pcf.h"

#include <locale.h>
#include <stdarg.h>
#include <stddef.h>

#if defined(__GNUC__)
#define PCF__PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define PCF__PRINTF(fmt, args)
#endif

/*
 * Fills err (when not NULL) with code and a formatted message, and returns code, so that
 * `return pcf__error(err, PCF_ERR_UNIT, "...", ...);` reads naturally. The message is cut at a
 * UTF-8 boundary. Numbers must be formatted with pcf_number_format() first (%s), never %g, which
 * follows the process locale.
 */
pcf_status pcf__error(pcf_error *err, pcf_status code, const char *fmt, ...) PCF__PRINTF(3, 4);
pcf_status pcf__verror(pcf_error *err, pcf_status code, const char *fmt, va_list ap)
    PCF__PRINTF(3, 0);

/* Sets the location fields of err; any of them may be NULL/0 to leave it unchanged. */
void pcf__error_where(pcf_error *err, const char *file, const char *path, int line, int column);

/* Clears err and returns PCF_OK. */
pcf_status pcf__ok(pcf_error *err);

/* Copies src into dst[size] with truncation at a UTF-8 boundary; always NUL-terminates. */
void pcf__strlcpy_utf8(char *dst, const char *src, size_t size);

/* strdup without the POSIX dependency; NULL on NULL or on allocation failure. */
char *pcf__strdup(const char *s);

/* The C locale for numbers (LC_NUMERIC "C"), made once and shared by every thread; for
 * uselocale() around strtod. (locale_t)0 when out of memory (lib/units.c). */
locale_t pcf__c_numeric_locale(void);

/* 1 when s (len bytes) is valid UTF-8 without NUL bytes, else 0. */
int pcf__utf8_valid(const char *s, size_t len);

/* ASCII-only case-insensitive comparison, independent of the locale. */
int pcf__ascii_casecmp(const char *a, const char *b);
char pcf__ascii_lower(char c);

/* pcf_number_format's text by the printf loop that defines it (units.c); size >= 32. */
int pcf__number_format_printf(double value, char *buf, size_t size);

/* Formats a double into a short, round-trip exact, locale-independent string (static size 32). */
typedef struct pcf__numbuf {
    char s[32];
} pcf__numbuf;
const char *pcf__num(pcf__numbuf *buf, double v);

/* A growable byte buffer for building text. All functions return PCF_OK or PCF_ERR_NOMEM. */
typedef struct pcf__buf {
    char *data;
    size_t len;
    size_t cap;
    int failed; /* set once an allocation failed; later appends are no-ops */
} pcf__buf;
void pcf__buf_init(pcf__buf *b);
void pcf__buf_free(pcf__buf *b);
pcf_status pcf__buf_append(pcf__buf *b, const char *s, size_t len);
/* Makes room for `extra` more bytes (and the NUL) at once, for a writer that knows its size. */
pcf_status pcf__buf_reserve(pcf__buf *b, size_t extra);
pcf_status pcf__buf_puts(pcf__buf *b, const char *s);
pcf_status pcf__buf_printf(pcf__buf *b, const char *fmt, ...) PCF__PRINTF(2, 3);
pcf_status pcf__buf_num(pcf__buf *b, double v);
/* v as a JSON number that reads back as a real: pcf__buf_num's text, ".0" added to a whole
 * number ("2.0"), null for NaN and infinity. */
pcf_status pcf__buf_json_real(pcf__buf *b, double v);
/*
 * Reads the whole file at path into a NUL-terminated buffer (caller frees with free()); *len_out
 * gets its length without the NUL. `what` names the file in messages ("CSV file", "model file").
 * Files larger than max_bytes are refused (0 = no limit). Errors carry the file name.
 */
pcf_status pcf__read_file(const char *path, const char *what, size_t max_bytes, char **out,
                          size_t *len_out, pcf_error *err);

/* Appends s as a JSON string literal, escaped as jansson's json_dumps() escapes: '"', '\\' and
 * control characters (\b \f \n \r \t, others \u00XX), valid UTF-8 kept as it is; a byte that is
 * not UTF-8 is written as \ufffd. NULL is "".
 * The one JSON string escaper of the library (pcf_json_quote() gives it to callers). */
void pcf__buf_json_str(pcf__buf *b, const char *s);

/* Hands over the NUL-terminated text (caller frees with free()); the buffer is left empty. */
char *pcf__buf_steal(pcf__buf *b);

/*
 * The result's activities and audit lines, built on demand (lib/calc.c): a result keeps per
 * activity only its kg CO2e (and TTW part) and makes a record from the system it holds when
 * asked. The library's writers build each record into their own storage with these, so a
 * report of a million lines never makes the arrays pcf_result_activity_at() and
 * pcf_result_line_at() hand out (those are made once, on the first call). Each returns out, or
 * NULL when i is out of range.
 */
typedef struct pcf__activity_rec {
    pcf_activity_result a;
    char path[PCF_ERROR_PATH_SIZE]; /* a.path points here */
} pcf__activity_rec;
const pcf_activity_result *pcf__result_activity(const pcf_result *r, size_t i,
                                                pcf__activity_rec *out);
const pcf_audit_line *pcf__result_line(const pcf_result *r, size_t i, pcf_audit_line *out);
/* kg CO2e of activity i (0 when out of range), without building its record. */
double pcf__result_activity_kg(const pcf_result *r, size_t i);

#endif /* PCF_INTERNAL_H */
