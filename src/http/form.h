/* form: parsers for application/x-www-form-urlencoded (bodies and query
 * strings) and multipart/form-data. Outside input: fuzzed in fuzz/form.c. */
#ifndef INSTROOM_HTTP_FORM_H
#define INSTROOM_HTTP_FORM_H

#include "http/http.h"

#define FORM_MAX_FIELDS 1000

/* Parses n bytes of urlencoded text into fields in the arena. Returns 0, or -1
 * with *err naming the problem (a bad escape, too many fields, bad UTF-8). */
int form_parse_urlencoded(arena *a, const char *s, size_t n, http_kv **out, int *count,
                          const char **err);
/* Parses a multipart/form-data body whose Content-Type header is ctype.
 * Text fields must be UTF-8; file parts are kept as bytes. 0 or -1 with *err. */
int form_parse_multipart(arena *a, const char *ctype, const char *body, size_t n, http_kv **out,
                         int *count, const char **err);
/* Dispatches on the Content-Type: urlencoded, multipart, or an error. */
int form_parse_body(arena *a, const char *ctype, const char *body, size_t n, http_kv **out,
                    int *count, const char **err);

#endif
