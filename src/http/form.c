#include "http/form.h"

#include <string.h>

#include "base/str.h"

int form_parse_urlencoded(arena *a, const char *s, size_t n, http_kv **out, int *count,
                          const char **err)
{
    int fields = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] == '&') fields++;
    if (fields + 1 > FORM_MAX_FIELDS) {
        *err = "too many fields";
        return -1;
    }
    http_kv *kv = arena_calloc(a, (size_t)fields + 1, sizeof *kv);
    if (!kv) {
        *err = "out of memory";
        return -1;
    }
    int k = 0;
    size_t i = 0;
    while (i < n) {
        size_t end = i;
        while (end < n && s[end] != '&') end++;
        if (end > i) {
            size_t eq = i;
            while (eq < end && s[eq] != '=') eq++;
            char *name = str_url_decode(a, s + i, eq - i, true);
            char *value = eq < end ? str_url_decode(a, s + eq + 1, end - eq - 1, true)
                                   : arena_strdup(a, "");
            if (!name || !value) {
                *err = "a malformed percent escape or a NUL byte";
                return -1;
            }
            if (!str_utf8_valid(name, strlen(name)) || !str_utf8_valid(value, strlen(value))) {
                *err = "text that is not UTF-8";
                return -1;
            }
            kv[k].name = name;
            kv[k].value = value;
            kv[k].len = strlen(value);
            k++;
        }
        i = end + 1;
    }
    *out = kv;
    *count = k;
    return 0;
}

/* The value of parameter param in a header value like `form-data; name="x"`,
 * in the arena, or NULL. */
static char *header_param(arena *a, const char *h, size_t hlen, const char *param)
{
    size_t plen = strlen(param);
    size_t i = 0;
    while (i < hlen) {
        while (i < hlen && (h[i] == ';' || h[i] == ' ' || h[i] == '\t')) i++;
        size_t start = i;
        while (i < hlen && h[i] != '=' && h[i] != ';') i++;
        size_t name_end = i;
        if (i < hlen && h[i] == '=') {
            i++;
            const char *v;
            size_t vlen;
            if (i < hlen && h[i] == '"') {
                i++;
                size_t vs = i;
                while (i < hlen && h[i] != '"') i++;
                if (i >= hlen) return NULL; /* unterminated quote */
                v = h + vs;
                vlen = i - vs;
                i++;
            } else {
                size_t vs = i;
                while (i < hlen && h[i] != ';' && h[i] != ' ') i++;
                v = h + vs;
                vlen = i - vs;
            }
            if (name_end - start == plen && strncasecmp(h + start, param, plen) == 0)
                return arena_strndup(a, v, vlen);
        } else if (i < hlen) {
            i++;
        }
    }
    return NULL;
}

int form_parse_multipart(arena *a, const char *ctype, const char *body, size_t n, http_kv **out,
                         int *count, const char **err)
{
    const char *semi = strchr(ctype, ';');
    char *boundary = semi ? header_param(a, semi, strlen(semi), "boundary") : NULL;
    if (!boundary || !*boundary || strlen(boundary) > 70) {
        *err = "multipart body without a valid boundary";
        return -1;
    }
    char *delim = arena_printf(a, "\r\n--%s", boundary);
    size_t dlen = strlen(delim);
    /* The body starts with "--boundary" (the delimiter without its CRLF). */
    if (n < dlen - 2 || memcmp(body, delim + 2, dlen - 2) != 0) {
        *err = "multipart body does not start with its boundary";
        return -1;
    }
    int cap = 16, k = 0;
    http_kv *kv = arena_calloc(a, (size_t)cap, sizeof *kv);
    size_t pos = dlen - 2;
    for (;;) {
        if (n - pos >= 2 && body[pos] == '-' && body[pos + 1] == '-') break; /* closing delimiter */
        if (n - pos < 2 || body[pos] != '\r' || body[pos + 1] != '\n') {
            *err = "malformed multipart delimiter line";
            return -1;
        }
        pos += 2;
        const char *hdr_end = memmem(body + pos, n - pos, "\r\n\r\n", 4);
        if (!hdr_end) {
            *err = "a multipart part without the end of its headers";
            return -1;
        }
        char *name = NULL, *filename = NULL, *ptype = NULL;
        const char *h = body + pos;
        while (h < hdr_end) {
            const char *eol = memmem(h, (size_t)(hdr_end - h) + 2, "\r\n", 2);
            size_t llen = (size_t)(eol - h);
            if (llen > 20 && strncasecmp(h, "Content-Disposition:", 20) == 0) {
                name = header_param(a, h + 20, llen - 20, "name");
                filename = header_param(a, h + 20, llen - 20, "filename");
            } else if (llen > 13 && strncasecmp(h, "Content-Type:", 13) == 0) {
                const char *v = h + 13;
                while (*v == ' ') v++;
                ptype = arena_strndup(a, v, llen - (size_t)(v - h));
            }
            h = eol + 2;
        }
        if (!name) {
            *err = "a multipart part without a name";
            return -1;
        }
        size_t data = (size_t)(hdr_end - body) + 4;
        const char *end = memmem(body + data, n - data, delim, dlen);
        if (!end) {
            *err = "a multipart part without its closing boundary";
            return -1;
        }
        size_t vlen = (size_t)(end - body) - data;
        if (k == FORM_MAX_FIELDS) {
            *err = "too many fields";
            return -1;
        }
        if (k == cap) {
            http_kv *nk = arena_calloc(a, (size_t)cap * 2, sizeof *nk);
            if (!nk) {
                *err = "out of memory";
                return -1;
            }
            memcpy(nk, kv, (size_t)cap * sizeof *nk);
            kv = nk;
            cap *= 2;
        }
        char *value = arena_strndup(a, body + data, vlen);
        if (!value) {
            *err = "out of memory";
            return -1;
        }
        if (!filename && (!str_utf8_valid(value, vlen) || memchr(value, '\0', vlen))) {
            *err = "a text field that is not UTF-8";
            return -1;
        }
        kv[k++] = (http_kv){.name = name, .value = value, .len = vlen, .filename = filename,
                            .content_type = ptype};
        pos = (size_t)(end - body) + dlen;
    }
    *out = kv;
    *count = k;
    return 0;
}

int form_parse_body(arena *a, const char *ctype, const char *body, size_t n, http_kv **out,
                    int *count, const char **err)
{
    *out = NULL;
    *count = 0;
    if (n == 0) return 0;
    if (!ctype) {
        *err = "a body without a Content-Type";
        return -1;
    }
    if (strncasecmp(ctype, "application/x-www-form-urlencoded", 33) == 0)
        return form_parse_urlencoded(a, body, n, out, count, err);
    if (strncasecmp(ctype, "multipart/form-data", 19) == 0)
        return form_parse_multipart(a, ctype, body, n, out, count, err);
    *err = "a form body must be application/x-www-form-urlencoded or multipart/form-data";
    return -1;
}
