/* Fuzzes the form parsers: the first line of the input is the Content-Type,
 * the rest the body. Parsed fields must hold valid UTF-8 names. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/str.h"
#include "http/form.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nl = memchr(data, '\n', size);
    size_t tlen = nl ? (size_t)(nl - data) : 0;
    arena a;
    arena_init(&a, 64 << 20);
    char *ctype = arena_strndup(&a, (const char *)data, tlen);
    const char *body = (const char *)data + (nl ? tlen + 1 : 0);
    size_t blen = size - (nl ? tlen + 1 : 0);
    char *copy = arena_strndup(&a, body, blen);
    http_kv *kv = NULL;
    int n = 0;
    const char *err = NULL;
    if (form_parse_body(&a, ctype, copy, blen, &kv, &n, &err) == 0) {
        assert(n >= 0 && n <= FORM_MAX_FIELDS);
        for (int i = 0; i < n; i++) {
            assert(kv[i].name && kv[i].value);
            if (!kv[i].filename) assert(str_utf8_valid(kv[i].value, kv[i].len));
        }
    } else {
        assert(err != NULL);
    }
    kv = NULL;
    if (form_parse_urlencoded(&a, copy, blen, &kv, &n, &err) == 0)
        for (int i = 0; i < n; i++) assert(str_utf8_valid(kv[i].value, strlen(kv[i].value)));
    arena_free(&a);
    return 0;
}
