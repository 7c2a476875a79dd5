#include "base/csv.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/str.h"

/* Windows-1252 bytes 0x80..0x9F as Unicode code points (0 = undefined). */
static const unsigned short cp1252_high[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

static void put_utf8(buf *b, unsigned cp)
{
    char t[3];
    if (cp < 0x80) {
        buf_putc(b, (char)cp);
    } else if (cp < 0x800) {
        t[0] = (char)(0xC0 | (cp >> 6));
        t[1] = (char)(0x80 | (cp & 0x3F));
        buf_append(b, t, 2);
    } else {
        t[0] = (char)(0xE0 | (cp >> 12));
        t[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        t[2] = (char)(0x80 | (cp & 0x3F));
        buf_append(b, t, 3);
    }
}

/* Converts Windows-1252 to UTF-8 into the arena; -1 on an undefined byte. */
static int from_cp1252(csv_reader *r, const unsigned char *s, size_t n)
{
    buf b;
    buf_init(&b, n * 3 + 1);
    int line = 1;
    for (size_t i = 0; i < n; i++) {
        unsigned c = s[i];
        if (c == '\n') line++;
        if (c < 0x80) buf_putc(&b, (char)c);
        else if (c >= 0xA0) put_utf8(&b, c);
        else if (cp1252_high[c - 0x80]) put_utf8(&b, cp1252_high[c - 0x80]);
        else {
            snprintf(r->error, sizeof r->error, "line %d: byte 0x%02X is not a character in Windows-1252", line, c);
            buf_free(&b);
            return -1;
        }
    }
    char *out = b.failed ? NULL : arena_strndup(r->arena, buf_cstr(&b), b.len);
    size_t len = b.len;
    buf_free(&b);
    if (!out) {
        snprintf(r->error, sizeof r->error, "out of memory");
        return -1;
    }
    r->data = out;
    r->len = len;
    return 0;
}

/* The separator that occurs most on the first line outside quotes. */
static char detect_sep(const char *s, size_t n)
{
    int comma = 0, semi = 0, tab = 0, quoted = 0;
    for (size_t i = 0; i < n && (quoted || (s[i] != '\n' && s[i] != '\r')); i++) {
        if (s[i] == '"') quoted = !quoted;
        else if (!quoted && s[i] == ',') comma++;
        else if (!quoted && s[i] == ';') semi++;
        else if (!quoted && s[i] == '\t') tab++;
    }
    if (semi > comma && semi >= tab) return ';';
    if (tab > comma && tab > semi) return '\t';
    return ',';
}

int csv_open(csv_reader *r, arena *a, const char *data, size_t n, char sep, csv_encoding enc)
{
    memset(r, 0, sizeof *r);
    r->arena = a;
    r->line = 1;
    if (memchr(data, '\0', n)) {
        const char *z = memchr(data, '\0', n);
        int line = 1;
        for (const char *p = data; p < z; p++)
            if (*p == '\n') line++;
        snprintf(r->error, sizeof r->error, "line %d: a NUL byte (is this a text file?)", line);
        return -1;
    }
    if (n >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) { /* UTF-8 byte order mark */
        data += 3;
        n -= 3;
        if (enc == CSV_ENC_AUTO) enc = CSV_ENC_UTF8;
    }
    bool utf8 = str_utf8_valid(data, n);
    if (enc == CSV_ENC_AUTO) enc = utf8 ? CSV_ENC_UTF8 : CSV_ENC_CP1252;
    r->encoding = enc;
    if (enc == CSV_ENC_UTF8) {
        if (!utf8) {
            snprintf(r->error, sizeof r->error, "the file is not valid UTF-8");
            return -1;
        }
        r->data = data;
        r->len = n;
    } else if (from_cp1252(r, (const unsigned char *)data, n) != 0) {
        return -1;
    }
    r->sep = sep ? sep : detect_sep(r->data, r->len);
    return 0;
}

int csv_next(csv_reader *r, csv_row *row)
{
    const char *s = r->data;
    size_t n = r->len;
    /* Skip blank lines. */
    while (r->pos < n && (s[r->pos] == '\n' || s[r->pos] == '\r')) {
        if (s[r->pos] == '\n') r->line++;
        r->pos++;
    }
    if (r->pos >= n) return 0;
    const char *fields[CSV_MAX_FIELDS];
    int nf = 0;
    row->line = r->line;
    size_t line_start = r->pos;
    buf f;
    buf_init(&f, CSV_MAX_FIELD);
    for (;;) {
        buf_reset(&f);
        size_t i = r->pos;
        int col = (int)(i - line_start) + 1;
        if (i < n && s[i] == '"') {
            int open_line = r->line;
            i++;
            for (;;) {
                if (i >= n) {
                    snprintf(r->error, sizeof r->error,
                             "line %d, column %d: a quoted field is never closed", open_line, col);
                    buf_free(&f);
                    return -1;
                }
                if (s[i] == '"') {
                    if (i + 1 < n && s[i + 1] == '"') {
                        buf_putc(&f, '"');
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                if (s[i] == '\n') {
                    r->line++;
                    line_start = i + 1;
                }
                buf_putc(&f, s[i++]);
            }
            if (i < n && s[i] != r->sep && s[i] != '\n' && s[i] != '\r') {
                snprintf(r->error, sizeof r->error,
                         "line %d, column %d: text after the closing quote of a field", r->line,
                         (int)(i - line_start) + 1);
                buf_free(&f);
                return -1;
            }
        } else {
            while (i < n && s[i] != r->sep && s[i] != '\n' && s[i] != '\r') {
                if (s[i] == '"') {
                    snprintf(r->error, sizeof r->error,
                             "line %d, column %d: a quote inside a field that does not start with one",
                             r->line, (int)(i - line_start) + 1);
                    buf_free(&f);
                    return -1;
                }
                buf_putc(&f, s[i++]);
            }
        }
        if (f.failed) {
            snprintf(r->error, sizeof r->error, "line %d, column %d: a field longer than %d bytes", r->line,
                     col, CSV_MAX_FIELD);
            buf_free(&f);
            return -1;
        }
        if (nf == CSV_MAX_FIELDS) {
            snprintf(r->error, sizeof r->error, "line %d: more than %d fields", r->line, CSV_MAX_FIELDS);
            buf_free(&f);
            return -1;
        }
        fields[nf++] = arena_strndup(r->arena, f.len ? f.data : "", f.len);
        r->pos = i;
        if (i < n && s[i] == r->sep) {
            r->pos++;
            continue;
        }
        /* End of the row: CRLF, LF, CR or the end of the data. */
        if (i < n && s[i] == '\r') r->pos++;
        if (r->pos < n && s[r->pos] == '\n') r->pos++;
        r->line++;
        break;
    }
    buf_free(&f);
    row->n = nf;
    row->fields = arena_calloc(r->arena, (size_t)nf, sizeof *row->fields);
    if (!row->fields) {
        snprintf(r->error, sizeof r->error, "out of memory");
        return -1;
    }
    memcpy(row->fields, fields, (size_t)nf * sizeof *fields);
    for (int k = 0; k < nf; k++)
        if (!row->fields[k]) {
            snprintf(r->error, sizeof r->error, "out of memory");
            return -1;
        }
    return 1;
}

int csv_put_field(buf *out, const char *s, int flags)
{
    if (!s) s = "";
    bool formula = s[0] && strchr("=+-@\t\r", s[0]);
    bool quote = (flags & CSV_QUOTE_ALWAYS) || strpbrk(s, ",\"\r\n");
    if (quote) buf_putc(out, '"');
    if (formula) buf_putc(out, '\'');
    if (!quote) {
        buf_puts(out, s);
        return out->failed;
    }
    for (const char *q; (q = strchr(s, '"')) != NULL; s = q + 1) {
        buf_append(out, s, (size_t)(q - s + 1));
        buf_putc(out, '"');
    }
    buf_puts(out, s);
    buf_putc(out, '"');
    return out->failed;
}

int csv_put_row(buf *out, const char *const *fields, int n, int flags)
{
    for (int i = 0; i < n; i++) {
        if (i) buf_putc(out, ',');
        csv_put_field(out, fields[i], flags);
    }
    buf_puts(out, "\r\n");
    return out->failed;
}
