/* buf: a growable byte buffer with a hard maximum size, so hostile input can
 * never make memory grow without bound. Always NUL-terminated when len > 0. */
#ifndef INSTROOM_BASE_BUF_H
#define INSTROOM_BASE_BUF_H

#include <stdarg.h>
#include <stddef.h>

#define BUF_DEFAULT_MAX (64u * 1024 * 1024)

typedef struct buf {
    char *data;  /* malloc'd, owned by the buf; NULL while empty */
    size_t len;  /* bytes in use, excluding the terminating NUL */
    size_t cap;  /* bytes allocated */
    size_t max;  /* hard cap on len; appends beyond it fail with BUF_ETOOBIG */
    int failed;  /* sticky: set by the first failed append */
} buf;

enum { BUF_OK = 0, BUF_ENOMEM = -1, BUF_ETOOBIG = -2 };

/* Initialises an empty buffer that may grow to max bytes (0 = BUF_DEFAULT_MAX). */
void buf_init(buf *b, size_t max);
/* Frees the data; the buf is empty afterwards and may be reused. */
void buf_free(buf *b);
/* Empties the buffer, keeping its memory and clearing the failed flag. */
void buf_reset(buf *b);
/* Appends n bytes; returns BUF_OK or a negative code (and sets failed). */
int buf_append_slow(buf *b, const void *data, size_t n);
static inline int buf_append(buf *b, const void *data, size_t n)
{
    /* Fast path: room for the bytes and the NUL already. */
    if (b->cap - b->len > n && !b->failed && b->len + n <= b->max) {
        if (n) __builtin_memcpy(b->data + b->len, data, n);
        b->len += n;
        b->data[b->len] = '\0';
        return BUF_OK;
    }
    return buf_append_slow(b, data, n);
}
/* Appends a NUL-terminated string. */
int buf_puts(buf *b, const char *s);
/* Appends one byte. */
static inline int buf_putc(buf *b, char c)
{
    return buf_append(b, &c, 1);
}
/* Appends formatted text. */
int buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int buf_vprintf(buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Returns the contents as a C string ("" when empty); still owned by b. */
const char *buf_cstr(const buf *b);
/* Hands the malloc'd data to the caller (who frees it) and empties b. */
char *buf_detach(buf *b, size_t *len);

#endif
