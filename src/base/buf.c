#include "base/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void buf_init(buf *b, size_t max)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->max = max ? max : BUF_DEFAULT_MAX;
    b->failed = 0;
}

void buf_free(buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
    b->failed = 0;
}

void buf_reset(buf *b)
{
    b->len = 0;
    b->failed = 0;
    if (b->data) b->data[0] = '\0';
}

static int buf_reserve(buf *b, size_t extra)
{
    if (b->failed) return b->failed;
    if (extra > b->max || b->len > b->max - extra) return b->failed = BUF_ETOOBIG;
    size_t need = b->len + extra + 1;
    if (need <= b->cap) return BUF_OK;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < need) cap *= 2;
    if (cap > b->max + 1) cap = b->max + 1;
    char *p = realloc(b->data, cap);
    if (!p) return b->failed = BUF_ENOMEM;
    b->data = p;
    b->cap = cap;
    return BUF_OK;
}

int buf_append_slow(buf *b, const void *data, size_t n)
{
    int rc = buf_reserve(b, n);
    if (rc) return rc;
    if (n) memcpy(b->data + b->len, data, n);
    b->len += n;
    b->data[b->len] = '\0';
    return BUF_OK;
}

int buf_puts(buf *b, const char *s)
{
    return buf_append(b, s, strlen(s));
}

int buf_vprintf(buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0) return b->failed = BUF_ENOMEM;
    int rc = buf_reserve(b, (size_t)n);
    if (rc) return rc;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return BUF_OK;
}

int buf_printf(buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = buf_vprintf(b, fmt, ap);
    va_end(ap);
    return rc;
}

const char *buf_cstr(const buf *b)
{
    return b->data ? b->data : "";
}

char *buf_detach(buf *b, size_t *len)
{
    char *p = b->data;
    if (len) *len = b->len;
    if (!p) p = calloc(1, 1);
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}
