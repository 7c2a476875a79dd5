#include "base/file.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int file_read(const char *path, buf *out)
{
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    char chunk[16384];
    size_t n;
    int rc = 0;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        if (buf_append(out, chunk, n) != 0) rc = -1;
    if (ferror(f)) rc = -1;
    fclose(f);
    return rc;
}

int file_via_temp(const char *prefix, int (*fill)(const char *path, void *ctx), void *ctx, buf *out)
{
    const char *dir = getenv("TMPDIR");
    char path[512];
    int len = snprintf(path, sizeof path, "%s/%s-XXXXXX", dir && *dir ? dir : "/tmp", prefix);
    if (len < 0 || (size_t)len >= sizeof path) return -1;
    int fd = mkstemp(path); /* mode 0600 */
    if (fd < 0) return -1;
    close(fd);
    int rc = fill(path, ctx) == 0 ? file_read(path, out) : -1;
    unlink(path);
    return rc;
}
