/*
 * RFC 8785 JSON Canonicalization Scheme (JCS) over jansson values, for pcf-certify's signatures.
 * GPL-3.0-or-later; see LICENSE.
 */
#ifndef PCF_CERTIFY_JCS_H
#define PCF_CERTIFY_JCS_H

#include <jansson.h>
#include <stddef.h>

/*
 * The canonical text of @p value (RFC 8785): object members sorted by the UTF-16 code units of
 * their names, no whitespace, strings with only the escapes JSON requires, numbers as
 * ECMAScript's Number.prototype.toString writes an IEEE 754 double (shortest round trip).
 * Returns a malloc'ed NUL-terminated string, or NULL with the reason in @p why (a NaN or
 * infinite number, an integer beyond 2^53 that a double cannot hold, out of memory).
 */
char *jcs_canonical(const json_t *value, char *why, size_t why_size);

/* ECMAScript's text of a finite double @p x into @p buf (at least 32 bytes). Returns 0, or -1 for
 * a NaN or an infinity, which JSON cannot hold. */
int jcs_number(double x, char *buf, size_t size);

#endif
