#include "base/jsonw.h"

#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "base/time.h"

void jsonw_init(jsonw *w, buf *out)
{
    memset(w, 0, sizeof *w);
    w->out = out;
    w->first[0] = true;
}

/* Writes the comma before a value or key where one is needed. */
static void sep(jsonw *w)
{
    if (w->after_key) {
        w->after_key = false;
        return;
    }
    if (!w->first[w->depth]) buf_putc(w->out, ',');
    w->first[w->depth] = false;
}

static void open(jsonw *w, char c)
{
    sep(w);
    if (w->depth + 1 >= JSONW_MAX_DEPTH) {
        w->failed = true;
        return;
    }
    buf_putc(w->out, c);
    w->first[++w->depth] = true;
}

static void close_(jsonw *w, char c)
{
    if (w->depth == 0 || w->after_key) {
        w->failed = true;
        return;
    }
    w->depth--;
    buf_putc(w->out, c);
}

void jsonw_object_begin(jsonw *w)
{
    open(w, '{');
}

void jsonw_object_end(jsonw *w)
{
    close_(w, '}');
}

void jsonw_array_begin(jsonw *w)
{
    open(w, '[');
}

void jsonw_array_end(jsonw *w)
{
    close_(w, ']');
}

/* Length of the valid UTF-8 sequence at s (at most n bytes), or 0. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    size_t len;
    unsigned cp;
    if (c >= 0xC2 && c <= 0xDF) len = 2, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF) len = 3, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4) len = 4, cp = c & 0x07;
    else return 0;
    if (n < len) return 0;
    for (size_t k = 1; k < len; k++) {
        if ((s[k] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (s[k] & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF))) return 0;
    if (cp >= 0xD800 && cp <= 0xDFFF) return 0;
    return len;
}

static void put_string(buf *b, const char *str, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *s = (const unsigned char *)str;
    buf_putc(b, '"');
    size_t start = 0, i = 0;
    while (i < n) {
        unsigned char c = s[i];
        if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
            i++;
            continue;
        }
        buf_append(b, str + start, i - start);
        if (c >= 0x80) {
            size_t len = utf8_seq(s + i, n - i);
            if (len) {
                buf_append(b, str + i, len);
                i += len;
            } else {
                buf_puts(b, "\\ufffd");
                i++;
            }
        } else {
            char esc[7] = {'\\', 0};
            switch (c) {
            case '"': esc[1] = '"'; break;
            case '\\': esc[1] = '\\'; break;
            case '\n': esc[1] = 'n'; break;
            case '\r': esc[1] = 'r'; break;
            case '\t': esc[1] = 't'; break;
            case '\b': esc[1] = 'b'; break;
            case '\f': esc[1] = 'f'; break;
            default:
                memcpy(esc, "\\u00", 4);
                esc[4] = hex[c >> 4];
                esc[5] = hex[c & 15];
                esc[6] = 0;
            }
            buf_puts(b, esc);
            i++;
        }
        start = i;
    }
    buf_append(b, str + start, n - start);
    buf_putc(b, '"');
}

void jsonw_key(jsonw *w, const char *key)
{
    if (w->depth == 0 || w->after_key) {
        w->failed = true;
        return;
    }
    sep(w);
    put_string(w->out, key, strlen(key));
    buf_putc(w->out, ':');
    w->after_key = true;
}

void jsonw_strn(jsonw *w, const char *s, size_t n)
{
    sep(w);
    put_string(w->out, s, n);
}

void jsonw_str(jsonw *w, const char *s)
{
    if (!s) jsonw_null(w);
    else jsonw_strn(w, s, strlen(s));
}

void jsonw_int(jsonw *w, int64_t v)
{
    sep(w);
    char tmp[24];
    char *p = tmp + sizeof tmp;
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    do *--p = (char)('0' + u % 10);
    while ((u /= 10) != 0);
    if (v < 0) *--p = '-';
    buf_append(w->out, p, (size_t)(tmp + sizeof tmp - p));
}

void jsonw_real(jsonw *w, double v)
{
    if (!isfinite(v)) {
        jsonw_null(w);
        return;
    }
    sep(w);
    /* The shortest of 15, 16 or 17 significant digits that reads back as
     * the same double: 0.8889, not 0.88890000000000002. */
    char tmp[32];
    int n = 0;
    for (int prec = 15; prec <= 17; prec++) {
        n = snprintf(tmp, sizeof tmp, "%.*g", prec, v);
        if (strtod(tmp, NULL) == v) break;
    }
    buf_append(w->out, tmp, (size_t)n);
}

void jsonw_bool(jsonw *w, bool v)
{
    sep(w);
    buf_puts(w->out, v ? "true" : "false");
}

void jsonw_null(jsonw *w)
{
    sep(w);
    buf_puts(w->out, "null");
}

void jsonw_time(jsonw *w, int64_t t, bool zero_is_null)
{
    if (t == 0 && zero_is_null) {
        jsonw_null(w);
        return;
    }
    char tmp[32];
    time_format_utc(tmp, sizeof tmp, t);
    jsonw_str(w, tmp);
}

void jsonw_kstr(jsonw *w, const char *key, const char *s)
{
    jsonw_key(w, key);
    jsonw_str(w, s);
}

void jsonw_kint(jsonw *w, const char *key, int64_t v)
{
    jsonw_key(w, key);
    jsonw_int(w, v);
}

void jsonw_kbool(jsonw *w, const char *key, bool v)
{
    jsonw_key(w, key);
    jsonw_bool(w, v);
}

void jsonw_ktime(jsonw *w, const char *key, int64_t t, bool zero_is_null)
{
    jsonw_key(w, key);
    jsonw_time(w, t, zero_is_null);
}

int jsonw_finish(jsonw *w)
{
    return (w->failed || w->depth != 0 || w->after_key || w->out->failed) ? -1 : 0;
}
