/*
 * pcf command line — text for a terminal. Names, descriptions and messages come from files other
 * people wrote (models, PACT footprints, layer databases), and a control character in them would
 * reach the terminal: an escape sequence can clear the screen, retitle the window or hide text.
 * When stdout or stderr is a terminal it is written through a filter that shows every control
 * character (C0 but tab, newline and carriage return; DEL; the C1 range U+0080..U+009F) as
 * visible text, "\x1B" or "\u009B". Output to a file or a pipe is left as it is.
 * GPL-3.0-or-later; see LICENSE.
 */
#define _GNU_SOURCE /* fopencookie */
#include "cli.h"

#include <stdio.h>
#include <unistd.h>

typedef struct esc_cookie {
    FILE *real;
    int c2; /* a 0xC2 byte is waiting: it may start a C1 control */
} esc_cookie;

static FILE *g_raw_stderr;
/* one cookie each for stdout and stderr, static: they live as long as the process */
static esc_cookie g_cookies[2];

static int esc_byte(esc_cookie *e, unsigned char ch)
{
    if (e->c2) {
        e->c2 = 0;
        if (ch >= 0x80 && ch <= 0x9F)
            return fprintf(e->real, "\\u%04X", (unsigned)ch) < 0 ? -1 : 0;
        if (fputc(0xC2, e->real) == EOF)
            return -1;
    }
    if (ch == 0xC2) {
        e->c2 = 1;
        return 0;
    }
    if ((ch < 0x20 && ch != '\n' && ch != '\t' && ch != '\r') || ch == 0x7F)
        return fprintf(e->real, "\\x%02X", (unsigned)ch) < 0 ? -1 : 0;
    return fputc(ch, e->real) == EOF ? -1 : 0;
}

static ssize_t esc_write(void *cookie, const char *buf, size_t size)
{
    esc_cookie *e = cookie;
    for (size_t i = 0; i < size; i++)
        if (esc_byte(e, (unsigned char)buf[i]) != 0)
            return -1;
    return fflush(e->real) == 0 ? (ssize_t)size : -1;
}

static int esc_close(void *cookie)
{
    esc_cookie *e = cookie;
    int bad = e->c2 && fputc(0xC2, e->real) == EOF;
    bad |= fclose(e->real) != 0;
    return bad ? -1 : 0;
}

/* f filtered, or f itself when it is not a terminal or the filter cannot be made */
static FILE *filtered(FILE *f, esc_cookie *e, int mode)
{
    if (!isatty(fileno(f)))
        return f;
    cookie_io_functions_t io = {NULL, esc_write, NULL, esc_close};
    e->real = f;
    e->c2 = 0;
    FILE *out = fopencookie(e, "w", io);
    if (!out)
        return f;
    setvbuf(out, NULL, mode, BUFSIZ);
    return out;
}

void cli_term_filter(void)
{
    g_raw_stderr = stderr;
    stdout = filtered(stdout, &g_cookies[0], _IOLBF);
    stderr = filtered(stderr, &g_cookies[1], _IONBF);
}

FILE *cli_raw_stderr(void)
{
    return g_raw_stderr ? g_raw_stderr : stderr;
}
