/*
 * pcf — product carbon footprints (ISO 14067, GB/T 24067-2024).
 * Copyright (C) 2026 the pcf authors. GPL-3.0-or-later; see LICENSE.
 */

/**
 * @file pcf/common.h
 * @brief Status codes, the caller-owned error record, diagnostics lists, versions and the export
 *        macro shared by every pcf module.
 *
 * Conventions that hold for the whole API:
 *
 * - Every fallible call returns a ::pcf_status and fills an optional, caller-owned ::pcf_error
 *   (pass NULL when the details are not wanted). There is no global or thread-local "last error".
 * - Out-parameters come after the inputs and before the error record. On failure every
 *   out-parameter is set to NULL or 0.
 * - Objects come in create/destroy pairs; every destroy accepts NULL.
 * - Memory the library hands to the caller is released with the matching destroy function, or with
 *   pcf_free() for strings and arrays; never with plain free().
 * - Strings are NUL-terminated UTF-8, in and out.
 * - The library never prints, never calls exit() or abort() on caller input, and keeps no mutable
 *   global state.
 */
#ifndef PCF_COMMON_H
#define PCF_COMMON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
#define PCF_BEGIN_DECLS extern "C" {
#define PCF_END_DECLS   }
#else
#define PCF_BEGIN_DECLS
#define PCF_END_DECLS
#endif

/** Marks a public symbol. Define PCF_STATIC when linking the static library on Windows. */
#if defined(PCF_STATIC)
#define PCF_API
#elif defined(_WIN32)
#if defined(PCF_BUILDING)
#define PCF_API __declspec(dllexport)
#else
#define PCF_API __declspec(dllimport)
#endif
#elif defined(__GNUC__) && __GNUC__ >= 4
#define PCF_API __attribute__((visibility("default")))
#else
#define PCF_API
#endif

/** A status whose value must be looked at. */
#if defined(__GNUC__) && __GNUC__ >= 4
#define PCF_NODISCARD __attribute__((warn_unused_result))
#else
#define PCF_NODISCARD
#endif

PCF_BEGIN_DECLS

/**
 * What a call achieved. Values are fixed for good: codes are never renumbered or reused, and new
 * codes are only appended.
 */
typedef enum pcf_status {
    PCF_OK = 0,               /**< Success. */
    PCF_ERR_INVALID_ARG = 1,  /**< An argument is NULL, out of range, NaN or infinite. */
    PCF_ERR_NOMEM = 2,        /**< Memory could not be allocated. */
    PCF_ERR_IO = 3,           /**< A file could not be opened, read or written. */
    PCF_ERR_NOT_FOUND = 4,    /**< A named thing (factor, unit, gas, region, key) does not exist. */
    PCF_ERR_PARSE = 5,        /**< Text (JSON, CSV, a number, a unit) is malformed. */
    PCF_ERR_UNIT = 6,         /**< Units of different dimensions were combined. */
    PCF_ERR_DATA_MISSING = 7, /**< Input needed for the calculation was not given. */
    PCF_ERR_CANCELLED = 8,    /**< A callback asked to stop. */
    PCF_ERR_INTERNAL = 9,     /**< A bug in pcf; please report it. */
    PCF_ERR_DATABASE = 10,    /**< The factor database failed (SQLite error, corrupt file). */
    PCF_ERR_VERSION = 11,     /**< A file was written by a newer, incompatible version. */
    PCF_ERR_INVALID_MODEL = 12, /**< A product model breaks a rule (shares, cycles, boundary). */
    PCF_ERR_READ_ONLY = 13,     /**< A write was attempted on something opened read-only. */
    PCF_ERR_UNSUPPORTED = 14    /**< The request is valid but this build or format cannot do it. */
} pcf_status;

/** Sizes of the text fields of ::pcf_error, fixed as part of the ABI. */
#define PCF_ERROR_MESSAGE_SIZE 1024
#define PCF_ERROR_FILE_SIZE    512
#define PCF_ERROR_PATH_SIZE    256

/**
 * What went wrong, and where. Owned by the caller, usually on the stack; every fallible call takes
 * an optional pointer to one. On success the record is reset to ::PCF_OK with empty strings.
 *
 * The layout is frozen: fields are never moved or resized (a test checks sizeof and offsetof).
 * Text that does not fit is cut at a UTF-8 character boundary.
 */
typedef struct pcf_error {
    int32_t code;   /**< A ::pcf_status value. */
    int32_t line;   /**< 1-based line in @ref file, or 0 when not known. */
    int32_t column; /**< 1-based column (in bytes) in @ref file, or 0 when not known. */
    int32_t reserved_;
    char message[PCF_ERROR_MESSAGE_SIZE]; /**< One English sentence: what failed and the fix. */
    char file[PCF_ERROR_FILE_SIZE];       /**< The input file, or "" when not from a file. */
    char path[PCF_ERROR_PATH_SIZE]; /**< A JSON path such as "$.stages.transport[2].distance". */
} pcf_error;

/**
 * A static English description of a status. Defined for any int, returning "unknown status" for
 * values that are not a ::pcf_status; never NULL.
 * Thread-safety: safe from any thread.
 * @since 0.1
 */
PCF_API const char *pcf_status_str(int status);

/**
 * A static, stable identifier of a status such as "PCF_ERR_UNIT", or "PCF_ERR_UNKNOWN".
 * @since 0.1
 */
PCF_API const char *pcf_status_name(int status);

/**
 * Resets @p err to ::PCF_OK with empty strings. Accepts NULL.
 * @since 0.1
 */
PCF_API void pcf_error_clear(pcf_error *err);

/**
 * Releases a string or array that a pcf function handed to the caller ("Ownership: caller owns,
 * release with pcf_free()"). Accepts NULL.
 * @since 0.1
 */
PCF_API void pcf_free(void *ptr);

/**
 * @p text as a JSON string literal, quotes included: '"', '\\' and control characters escaped,
 * UTF-8 kept as it is, a byte that is not valid UTF-8 replaced by \ufffd. The library's JSON
 * writers quote every string this way; a host writing its own JSON around pcf's uses it too.
 * @param[out] out the literal. Ownership: caller owns, release with pcf_free().
 * @return ::PCF_OK; ::PCF_ERR_INVALID_ARG for NULL; ::PCF_ERR_NOMEM.
 * Thread-safety: safe from any thread.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_json_quote(const char *text, char **out, pcf_error *err);

/**
 * A list of problems found in one pass, so that a model with ten errors reports all ten at once
 * (pcf_model_validate(), resolution of missing factors).
 * Thread-safety: one thread at a time.
 */
typedef struct pcf_diag pcf_diag;

/** Severity of a diagnostic. */
typedef enum pcf_severity {
    PCF_SEVERITY_ERROR = 0,   /**< The calculation cannot go on. */
    PCF_SEVERITY_WARNING = 1, /**< The calculation goes on, but a reviewer should look. */
    PCF_SEVERITY_NOTE = 2     /**< Information for the audit trail (a region fallback taken). */
} pcf_severity;

/**
 * Creates an empty diagnostics list.
 * @param[out] out the new list. Ownership: caller owns, release with pcf_diag_destroy().
 * @return ::PCF_OK, ::PCF_ERR_INVALID_ARG, ::PCF_ERR_NOMEM.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_diag_create(pcf_diag **out);

/** Releases a diagnostics list. Accepts NULL. @since 0.1 */
PCF_API void pcf_diag_destroy(pcf_diag *diag);

/** Number of entries in @p diag (0 for NULL). @since 0.1 */
PCF_API size_t pcf_diag_count(const pcf_diag *diag);

/** Number of entries of severity ::PCF_SEVERITY_ERROR (0 for NULL). @since 0.1 */
PCF_API size_t pcf_diag_error_count(const pcf_diag *diag);

/**
 * Entry @p index, or NULL when out of range.
 * Ownership: borrowed, valid until @p diag is modified or destroyed.
 * @since 0.1
 */
PCF_API const pcf_error *pcf_diag_at(const pcf_diag *diag, size_t index);

/** Severity of entry @p index (::PCF_SEVERITY_ERROR when out of range). @since 0.1 */
PCF_API pcf_severity pcf_diag_severity_at(const pcf_diag *diag, size_t index);

/**
 * Appends a copy of @p entry with @p severity.
 * @return ::PCF_OK, ::PCF_ERR_INVALID_ARG, ::PCF_ERR_NOMEM.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_diag_add(pcf_diag *diag, pcf_severity severity,
                                              const pcf_error *entry);

/** Removes every entry. Accepts NULL. @since 0.1 */
PCF_API void pcf_diag_clear(pcf_diag *diag);

/** The linked library's version as PCF_VERSION_NUMBER computes it (major*10000+minor*100+patch). */
PCF_API int pcf_version(void);

/** The linked library's version as a static string, e.g. "0.1.0". */
PCF_API const char *pcf_version_string(void);

PCF_END_DECLS

#endif /* PCF_COMMON_H */
