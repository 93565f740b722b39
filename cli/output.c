/*
 * pcf command line — output that fails loudly. A command whose output cannot be written (a full
 * disk, a closed pipe, /dev/full) must not exit 0, and a file it writes must never be left half
 * written: files are written under a temporary name beside their destination and renamed into
 * place only when complete.
 * GPL-3.0-or-later; see LICENSE.
 */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int cli_finish_stdout(int rc)
{
    /* fflush reports a failed write of what is still buffered, ferror one that happened earlier,
     * and fclose what only the close reveals (some file systems report ENOSPC there). */
    errno = 0;
    int bad = fflush(stdout) != 0;
    int saved = errno;
    bad |= ferror(stdout) != 0;
    if (fclose(stdout) != 0 && !bad) {
        bad = 1;
        saved = errno;
    }
    if (!bad)
        return rc;
    fprintf(stderr, "pcf: cannot write the output: %s\n", saved ? strerror(saved) : "write error");
    return rc == CLI_OK ? CLI_FAIL : rc;
}

FILE *cli_out_open(const char *path, char **tmp_out)
{
    *tmp_out = NULL;
    size_t n = strlen(path);
    char *tmp = malloc(n + sizeof ".tmp-XXXXXX");
    if (!tmp) {
        fprintf(stderr, "pcf: out of memory writing \"%s\"\n", path);
        return NULL;
    }
    memcpy(tmp, path, n);
    memcpy(tmp + n, ".tmp-XXXXXX", sizeof ".tmp-XXXXXX");
    int fd = mkstemp(tmp);
    /* mkstemp creates the file 0600; the file it becomes gets the mode any new file gets here
     * (0666 less the umask), as fopen(path, "w") would give it */
    mode_t mask = umask(0);
    umask(mask);
    if (fd >= 0 && fchmod(fd, 0666 & ~mask) != 0) {
        close(fd);
        remove(tmp);
        fd = -1;
    }
    FILE *f = fd >= 0 ? fdopen(fd, "wb") : NULL;
    if (!f) {
        fprintf(stderr, "pcf: cannot write \"%s\": %s\n", path, strerror(errno));
        if (fd >= 0) {
            close(fd);
            remove(tmp);
        }
        free(tmp);
        return NULL;
    }
    *tmp_out = tmp;
    return f;
}

int cli_out_close(FILE *f, char *tmp, const char *path, int ok)
{
    int bad = !ok || ferror(f) != 0;
    int saved = bad ? 0 : errno;
    if (fclose(f) != 0 && !bad) {
        bad = 1;
        saved = errno;
    }
    if (!bad && rename(tmp, path) != 0) {
        bad = 1;
        saved = errno;
    }
    if (bad) {
        remove(tmp);
        if (ok)
            fprintf(stderr, "pcf: cannot write \"%s\": %s; nothing was written\n", path,
                    saved ? strerror(saved) : "write error");
    }
    free(tmp);
    return bad ? CLI_FAIL : CLI_OK;
}
