/*
 * pcf — status codes, error records, diagnostics lists, version.
 * GPL-3.0-or-later; see LICENSE.
 */
#include "internal.h"
#include "util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One list generates both the names and the descriptions (libuv's UV_ERRNO_MAP). */
#define PCF__STATUS_MAP(X)                                                                         \
    X(PCF_OK, "success")                                                                           \
    X(PCF_ERR_INVALID_ARG, "invalid argument")                                                     \
    X(PCF_ERR_NOMEM, "out of memory")                                                              \
    X(PCF_ERR_IO, "input/output error")                                                            \
    X(PCF_ERR_NOT_FOUND, "not found")                                                              \
    X(PCF_ERR_PARSE, "malformed input")                                                            \
    X(PCF_ERR_UNIT, "unit mismatch")                                                               \
    X(PCF_ERR_DATA_MISSING, "required data missing")                                               \
    X(PCF_ERR_CANCELLED, "cancelled")                                                              \
    X(PCF_ERR_INTERNAL, "internal error")                                                          \
    X(PCF_ERR_DATABASE, "factor database error")                                                   \
    X(PCF_ERR_VERSION, "incompatible version")                                                     \
    X(PCF_ERR_INVALID_MODEL, "invalid product model")                                              \
    X(PCF_ERR_READ_ONLY, "read-only")                                                              \
    X(PCF_ERR_UNSUPPORTED, "unsupported")

const char *pcf_status_str(int status)
{
    switch (status) {
#define X(code, text)                                                                              \
    case code:                                                                                     \
        return text;
        PCF__STATUS_MAP(X)
#undef X
    default:
        return "unknown status";
    }
}

const char *pcf_status_name(int status)
{
    switch (status) {
#define X(code, text)                                                                              \
    case code:                                                                                     \
        return #code;
        PCF__STATUS_MAP(X)
#undef X
    default:
        return "PCF_ERR_UNKNOWN";
    }
}

void pcf_error_clear(pcf_error *err)
{
    if (!err)
        return;
    err->code = PCF_OK;
    err->line = 0;
    err->column = 0;
    err->reserved_ = 0;
    err->message[0] = '\0';
    err->file[0] = '\0';
    err->path[0] = '\0';
}

pcf_status pcf__ok(pcf_error *err)
{
    pcf_error_clear(err);
    return PCF_OK;
}

void pcf_free(void *ptr)
{
    free(ptr);
}

/* Length of the longest prefix of s, at most max bytes, that does not cut a UTF-8 sequence. */
static size_t utf8_prefix(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n <= max)
        return n;
    n = max;
    /* Step back over continuation bytes, then drop the lead byte if its sequence was cut. */
    size_t i = n;
    while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
        i--;
    return i;
}

void pcf__strlcpy_utf8(char *dst, const char *src, size_t size)
{
    if (!dst || size == 0)
        return;
    if (!src) {
        dst[0] = '\0';
        return;
    }
    size_t n = utf8_prefix(src, size - 1);
    memcpy(dst, src, n);
    dst[n] = '\0';
}

/* Length of the valid UTF-8 sequence at p (1..4), or 0 when it is invalid. */
static size_t utf8_seq(const unsigned char *p)
{
    if (p[0] < 0x80)
        return 1;
    size_t need = (p[0] & 0xE0) == 0xC0   ? 1
                  : (p[0] & 0xF0) == 0xE0 ? 2
                  : (p[0] & 0xF8) == 0xF0 ? 3
                                          : 0;
    if (need == 0)
        return 0;
    for (size_t k = 1; k <= need; k++)
        if ((p[k] & 0xC0) != 0x80)
            return 0;
    return pcf__utf8_valid((const char *)p, need + 1) ? need + 1 : 0;
}

/*
 * Replaces every byte that does not start a valid UTF-8 sequence with '?'. Messages quote user
 * text with a length limit ("%.80s"), which can cut a character in two; the record must still
 * be valid UTF-8 for the caller (and for Python, which decodes it strictly).
 */
static void utf8_repair(char *s)
{
    unsigned char *p = (unsigned char *)s;
    while (*p) {
        size_t n = utf8_seq(p);
        if (n == 0) {
            *p++ = '?';
            continue;
        }
        p += n;
    }
}

pcf_status pcf__verror(pcf_error *err, pcf_status code, const char *fmt, va_list ap)
{
    if (!err)
        return code;
    pcf_error_clear(err);
    err->code = (int32_t)code;
    char tmp[PCF_ERROR_MESSAGE_SIZE * 2];
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    if (n < 0)
        tmp[0] = '\0';
    utf8_repair(tmp);
    pcf__strlcpy_utf8(err->message, tmp, sizeof err->message);
    return code;
}

pcf_status pcf__error(pcf_error *err, pcf_status code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    pcf__verror(err, code, fmt, ap);
    va_end(ap);
    return code;
}

void pcf__error_where(pcf_error *err, const char *file, const char *path, int line, int column)
{
    if (!err)
        return;
    if (file)
        pcf__strlcpy_utf8(err->file, file, sizeof err->file);
    if (path)
        pcf__strlcpy_utf8(err->path, path, sizeof err->path);
    if (line > 0)
        err->line = line;
    if (column > 0)
        err->column = column;
}

char *pcf__strdup(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

int pcf__utf8_valid(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        unsigned char c = p[i];
        size_t need;
        unsigned int cp;
        if (c == 0)
            return 0;
        if (c < 0x80) {
            i++;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            need = 1;
            cp = c & 0x1Fu;
        } else if ((c & 0xF0) == 0xE0) {
            need = 2;
            cp = c & 0x0Fu;
        } else if ((c & 0xF8) == 0xF0) {
            need = 3;
            cp = c & 0x07u;
        } else {
            return 0;
        }
        if (i + need >= len) /* the sequence runs past the end */
            return 0;
        for (size_t k = 1; k <= need; k++) {
            if ((p[i + k] & 0xC0) != 0x80)
                return 0;
            cp = (cp << 6) | (p[i + k] & 0x3Fu);
        }
        /* Overlong forms, surrogates and values past U+10FFFF are invalid. */
        if ((need == 1 && cp < 0x80) || (need == 2 && cp < 0x800) || (need == 3 && cp < 0x10000) ||
            cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        i += need + 1;
    }
    return 1;
}

char pcf__ascii_lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

int pcf__ascii_casecmp(const char *a, const char *b)
{
    for (;; a++, b++) {
        char ca = pcf__ascii_lower(*a), cb = pcf__ascii_lower(*b);
        if (ca != cb || ca == '\0')
            return (unsigned char)ca - (unsigned char)cb;
    }
}

const char *pcf__num(pcf__numbuf *buf, double v)
{
    pcf_number_format(v, buf->s, sizeof buf->s);
    return buf->s;
}

/* ---- growable buffer ---- */

void pcf__buf_init(pcf__buf *b)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->failed = 0;
}

void pcf__buf_free(pcf__buf *b)
{
    free(b->data);
    pcf__buf_init(b);
}

pcf_status pcf__buf_reserve(pcf__buf *b, size_t extra)
{
    if (b->failed)
        return PCF_ERR_NOMEM;
    if (b->len + extra + 1 <= b->cap)
        return PCF_OK;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1) {
        if (cap > SIZE_MAX / 2) {
            b->failed = 1;
            return PCF_ERR_NOMEM;
        }
        cap *= 2;
    }
    char *p = realloc(b->data, cap);
    if (!p) {
        b->failed = 1;
        return PCF_ERR_NOMEM;
    }
    b->data = p;
    b->cap = cap;
    return PCF_OK;
}

pcf_status pcf__buf_append(pcf__buf *b, const char *s, size_t len)
{
    if (pcf__buf_reserve(b, len) != PCF_OK)
        return PCF_ERR_NOMEM;
    if (len)
        memcpy(b->data + b->len, s, len);
    b->len += len;
    b->data[b->len] = '\0';
    return PCF_OK;
}

pcf_status pcf__buf_puts(pcf__buf *b, const char *s)
{
    return pcf__buf_append(b, s, strlen(s));
}

pcf_status pcf__buf_printf(pcf__buf *b, const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        va_end(ap2);
        b->failed = 1;
        return PCF_ERR_NOMEM;
    }
    if (pcf__buf_reserve(b, (size_t)n) != PCF_OK) {
        va_end(ap2);
        return PCF_ERR_NOMEM;
    }
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    b->len += (size_t)n;
    return PCF_OK;
}

pcf_status pcf__buf_num(pcf__buf *b, double v)
{
    pcf__numbuf nb;
    return pcf__buf_puts(b, pcf__num(&nb, v));
}

pcf_status pcf__buf_json_real(pcf__buf *b, double v)
{
    if (!isfinite(v))
        return pcf__buf_puts(b, "null");
    pcf__numbuf nb;
    const char *t = pcf__num(&nb, v);
    pcf__buf_puts(b, t);
    /* keep it a JSON real ("2.0", not "2") so that it reads back as one */
    return strpbrk(t, ".eE") ? pcf__buf_puts(b, "") : pcf__buf_puts(b, ".0");
}

char *pcf__buf_steal(pcf__buf *b)
{
    if (b->failed) {
        pcf__buf_free(b);
        return NULL;
    }
    if (!b->data) { /* nothing was written: an empty string, terminated */
        if (pcf__buf_reserve(b, 0) != PCF_OK)
            return NULL;
        b->data[0] = '\0';
    }
    char *p = b->data;
    pcf__buf_init(b);
    return p;
}

pcf_status pcf__read_file(const char *path, const char *what, size_t max_bytes, char **out,
                          size_t *len_out, pcf_error *err)
{
    *out = NULL;
    *len_out = 0;
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        pcf__error(err, PCF_ERR_IO, "cannot open the %s \"%.200s\"; check the path", what, path);
        pcf__error_where(err, path, NULL, 0, 0);
        return PCF_ERR_IO;
    }
    pcf__buf b;
    pcf__buf_init(&b);
    /* a regular file's size is known: one allocation, no copies while it grows (a pipe, which
     * cannot seek, grows the buffer as it comes) */
    if (fseek(fp, 0, SEEK_END) == 0) {
        long size = ftell(fp);
        if (fseek(fp, 0, SEEK_SET) != 0) {
            fclose(fp);
            pcf__error(err, PCF_ERR_IO, "cannot read the %s \"%.200s\"", what, path);
            pcf__error_where(err, path, NULL, 0, 0);
            return PCF_ERR_IO;
        }
        /* a big model: one block in 2 MiB pages, not 4 KiB faults (pcf__huge_alloc) */
        if (size > 0 && (!max_bytes || (unsigned long)size <= max_bytes) &&
            (unsigned long)size < SIZE_MAX) {
            b.data = pcf__huge_alloc((size_t)size + 1);
            b.cap = b.data ? (size_t)size + 1 : 0;
            b.failed = !b.data; /* reported below, as any allocation that fails */
        }
    }
    /* read straight into the buffer while it has room (a file whose size was known), else
     * through a chunk that is appended */
    char chunk[65536];
    for (;;) {
        size_t room = b.cap > b.len + 1 && !b.failed ? b.cap - 1 - b.len : 0;
        char *to = room >= 4096 ? b.data + b.len : chunk;
        size_t got = fread(to, 1, to == chunk ? sizeof chunk : room, fp);
        if (got == 0)
            break;
        if (max_bytes && b.len + got > max_bytes) {
            fclose(fp);
            pcf__buf_free(&b);
            pcf__error(err, PCF_ERR_IO,
                       "the %s \"%.200s\" is larger than the limit of %zu bytes; pass a higher "
                       "limit if the file is genuine",
                       what, path, max_bytes);
            pcf__error_where(err, path, NULL, 0, 0);
            return PCF_ERR_IO;
        }
        if (to != chunk) {
            b.len += got;
            b.data[b.len] = '\0';
        } else if (pcf__buf_append(&b, chunk, got) != PCF_OK) {
            break; /* out of memory: stop reading, report below */
        }
    }
    int failed = !b.failed && ferror(fp);
    fclose(fp);
    pcf__buf_append(&b, "", 0); /* make sure there is a buffer, even for an empty file */
    if (failed || b.failed) {
        pcf__buf_free(&b);
        if (failed)
            pcf__error(err, PCF_ERR_IO, "cannot read the %s \"%.200s\"", what, path);
        else
            pcf__error(err, PCF_ERR_NOMEM, "out of memory reading the %s \"%.200s\"", what, path);
        pcf__error_where(err, path, NULL, 0, 0);
        return failed ? PCF_ERR_IO : PCF_ERR_NOMEM;
    }
    *len_out = b.len;
    *out = pcf__buf_steal(&b);
    return PCF_OK;
}

/* ---- diagnostics list ---- */

/* An entry is stored compactly: its numbers and three strings in one growing text arena (the
 * file, the same for most entries, is stored once while it repeats). The full pcf_error that
 * pcf_diag_at() hands out (1.8 kB) is made only when asked for, so adding is a few short copies
 * and a list of 100,000 entries takes a few MB, not 180. */
typedef struct {
    int32_t code, line, column;
    pcf_severity sev;
    size_t message, file, path; /* offsets into the arena */
} diag_entry;

struct pcf_diag {
    diag_entry *items;
    size_t count;
    size_t cap;
    size_t errors; /* entries of severity error */
    char *text;    /* the arena: NUL-terminated strings */
    size_t text_len, text_cap;
    size_t last_file; /* offset of the last file stored, or SIZE_MAX */
    pcf_error **full; /* [cap]: the entries handed out by pcf_diag_at(), NULL until asked */
};

pcf_status pcf_diag_create(pcf_diag **out)
{
    if (!out)
        return PCF_ERR_INVALID_ARG;
    *out = calloc(1, sizeof **out);
    if (*out)
        (*out)->last_file = SIZE_MAX;
    return *out ? PCF_OK : PCF_ERR_NOMEM;
}

static void diag_free_full(pcf_diag *diag)
{
    for (size_t i = 0; diag->full && i < diag->count; i++) {
        free(diag->full[i]);
        diag->full[i] = NULL;
    }
}

void pcf_diag_destroy(pcf_diag *diag)
{
    if (!diag)
        return;
    diag_free_full(diag);
    free(diag->full);
    free(diag->items);
    free(diag->text);
    free(diag);
}

size_t pcf_diag_count(const pcf_diag *diag)
{
    return diag ? diag->count : 0;
}

size_t pcf_diag_error_count(const pcf_diag *diag)
{
    return diag ? diag->errors : 0;
}

const pcf_error *pcf_diag_at(const pcf_diag *diag, size_t index)
{
    if (!diag || index >= diag->count)
        return NULL;
    /* Made on first use and kept until the list changes, so a pointer handed out stays valid
     * as documented; the list itself is unchanged (hence the cast). */
    pcf_diag *d = (pcf_diag *)diag;
    if (!d->full) {
        d->full = calloc(d->cap, sizeof *d->full);
        if (!d->full)
            return NULL;
    }
    if (!d->full[index]) {
        const diag_entry *e = &d->items[index];
        pcf_error *x = malloc(sizeof *x);
        if (!x)
            return NULL;
        x->code = e->code;
        x->line = e->line;
        x->column = e->column;
        x->reserved_ = 0;
        snprintf(x->message, sizeof x->message, "%s", d->text + e->message);
        snprintf(x->file, sizeof x->file, "%s", d->text + e->file);
        snprintf(x->path, sizeof x->path, "%s", d->text + e->path);
        d->full[index] = x;
    }
    return d->full[index];
}

pcf_severity pcf_diag_severity_at(const pcf_diag *diag, size_t index)
{
    if (!diag || index >= diag->count)
        return PCF_SEVERITY_ERROR;
    return diag->items[index].sev;
}

/* Appends the first max bytes of s (up to its NUL) to the arena; its offset, or SIZE_MAX when out
 * of memory. */
static size_t diag_put(pcf_diag *diag, const char *s, size_t max)
{
    size_t n = strnlen(s, max - 1);
    if (diag->text_cap - diag->text_len < n + 1) {
        size_t cap = diag->text_cap ? diag->text_cap : 4096;
        while (cap - diag->text_len < n + 1)
            cap *= 2;
        /* from 2 MiB in huge pages (pcf__reserve): 200,000 messages are 30 MB */
        if (!PCF__RESERVE(diag->text, diag->text_cap, cap))
            return SIZE_MAX;
    }
    size_t at = diag->text_len;
    memcpy(diag->text + at, s, n);
    diag->text[at + n] = '\0';
    diag->text_len += n + 1;
    return at;
}

pcf_status pcf_diag_add(pcf_diag *diag, pcf_severity severity, const pcf_error *entry)
{
    if (!diag || !entry || (int)severity < 0 || severity > PCF_SEVERITY_NOTE)
        return PCF_ERR_INVALID_ARG;
    if (diag->count == diag->cap) {
        size_t cap = diag->cap ? diag->cap * 2 : 8, items_cap = diag->cap;
        if (!PCF__RESERVE(diag->items, items_cap, cap))
            return PCF_ERR_NOMEM;
        if (diag->full) {
            pcf_error **full = realloc(diag->full, cap * sizeof *full);
            if (!full)
                return PCF_ERR_NOMEM;
            memset(full + diag->cap, 0, (cap - diag->cap) * sizeof *full);
            diag->full = full;
        }
        diag->cap = cap;
    }
    size_t keep = diag->text_len;
    diag_entry e = {entry->code, entry->line, entry->column, severity, 0, 0, 0};
    e.message = diag_put(diag, entry->message, sizeof entry->message);
    if (diag->last_file != SIZE_MAX &&
        strncmp(diag->text + diag->last_file, entry->file, sizeof entry->file - 1) == 0)
        e.file = diag->last_file;
    else
        e.file = diag->last_file = diag_put(diag, entry->file, sizeof entry->file);
    e.path = diag_put(diag, entry->path, sizeof entry->path);
    if (e.message == SIZE_MAX || e.file == SIZE_MAX || e.path == SIZE_MAX) {
        diag->text_len = keep; /* nothing of this entry stays */
        if (diag->last_file >= keep)
            diag->last_file = SIZE_MAX;
        return PCF_ERR_NOMEM;
    }
    diag->items[diag->count++] = e;
    diag->errors += severity == PCF_SEVERITY_ERROR;
    return PCF_OK;
}

void pcf_diag_clear(pcf_diag *diag)
{
    if (!diag)
        return;
    diag_free_full(diag);
    diag->count = 0;
    diag->errors = 0;
    diag->text_len = 0;
    diag->last_file = SIZE_MAX;
}

int pcf_version(void)
{
    return PCF_VERSION_NUMBER;
}

const char *pcf_version_string(void)
{
    return PCF_VERSION_STRING;
}

void pcf__buf_json_str(pcf__buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    pcf__buf_append(b, "\"", 1);
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    while (*p) {
        /* the longest run that needs no escape goes in one append */
        const unsigned char *run = p;
        while (*p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\')
            p++;
        if (p > run)
            pcf__buf_append(b, (const char *)run, (size_t)(p - run));
        if (!*p)
            break;
        if (*p >= 0x80) {
            size_t n = utf8_seq(p);
            if (n)
                pcf__buf_append(b, (const char *)p, n);
            else
                pcf__buf_puts(b, "\\ufffd"); /* a byte that is not UTF-8: the replacement char */
            p += n ? n : 1;
            continue;
        }
        char esc[7] = {'\\', 0, 0, 0, 0, 0, 0};
        switch (*p) {
        case '"':
        case '\\':
            esc[1] = (char)*p;
            break;
        case '\n':
            esc[1] = 'n';
            break;
        case '\r':
            esc[1] = 'r';
            break;
        case '\t':
            esc[1] = 't';
            break;
        case '\b':
            esc[1] = 'b';
            break;
        case '\f':
            esc[1] = 'f';
            break;
        default:
            memcpy(esc + 1, "u00", 3);
            esc[4] = hex[*p >> 4];
            esc[5] = hex[*p & 15];
        }
        pcf__buf_puts(b, esc);
        p++;
    }
    pcf__buf_append(b, "\"", 1);
}

pcf_status pcf_json_quote(const char *text, char **out, pcf_error *err)
{
    if (out)
        *out = NULL;
    if (!text || !out)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_json_quote: %s is NULL",
                          !text ? "text" : "out");
    pcf__buf b;
    pcf__buf_init(&b);
    pcf__buf_json_str(&b, text);
    *out = pcf__buf_steal(&b);
    if (!*out)
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory quoting a JSON string");
    return pcf__ok(err);
}
