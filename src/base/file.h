/* file: whole files into a buf, and output of libraries that write only to
 * a named file (libxlsxwriter) taken back into memory through a private
 * temporary file that never outlives the call. */
#ifndef INSTROOM_BASE_FILE_H
#define INSTROOM_BASE_FILE_H

#include "base/buf.h"

/* Appends the bytes of the file at path to out; 0, or -1 when it cannot be
 * opened or read or out is full. */
int file_read(const char *path, buf *out);
/* Creates an empty file only this user may read (mode 0600) named
 * PREFIX-XXXXXX in $TMPDIR (or /tmp), calls fill(path, ctx) to fill it,
 * appends what it holds to out and removes it. 0, or -1 when the file cannot
 * be made, fill returns non-zero, or reading fails; the file is removed in
 * every case. */
int file_via_temp(const char *prefix, int (*fill)(const char *path, void *ctx), void *ctx, buf *out);

#endif
