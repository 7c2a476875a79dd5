#include "http/html.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void html_markup_(buf *b, const char *lit, size_t n)
{
    buf_append(b, lit, n);
}

void html_textn(buf *b, const char *s, size_t n)
{
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        const char *rep;
        switch (s[i]) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default: continue;
        }
        buf_append(b, s + start, i - start);
        buf_puts(b, rep);
        start = i + 1;
    }
    buf_append(b, s + start, n - start);
}

void html_text(buf *b, const char *s)
{
    if (s) html_textn(b, s, strlen(s));
}

void html_textf(buf *b, const char *fmt, ...)
{
    char tmp[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    html_textn(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

void html_int(buf *b, int64_t v)
{
    buf_printf(b, "%lld", (long long)v);
}

void html_attr_(buf *b, const char *name, const char *value)
{
    buf_putc(b, ' ');
    buf_puts(b, name);
    buf_puts(b, "=\"");
    html_text(b, value ? value : "");
    buf_putc(b, '"');
}

void html_urlenc(buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '_' || *p == '.' || *p == '~') {
            buf_putc(b, (char)*p);
        } else {
            buf_putc(b, '%');
            buf_putc(b, hex[*p >> 4]);
            buf_putc(b, hex[*p & 15]);
        }
    }
}
