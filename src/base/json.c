#include "base/json.h"

#include <stdio.h>

#include "base/str.h"

#define JSON_MAX_DEPTH 64

/* Rejects deeper nesting before jansson recurses into it. */
static int json_depth_ok(const char *d, size_t n)
{
    int depth = 0, in_str = 0;
    for (size_t i = 0; i < n; i++) {
        char c = d[i];
        if (in_str) {
            if (c == '\\') i++;
            else if (c == '"') in_str = 0;
        } else if (c == '"') {
            in_str = 1;
        } else if (c == '[' || c == '{') {
            if (++depth > JSON_MAX_DEPTH) return 0;
        } else if (c == ']' || c == '}') {
            depth--;
        }
    }
    return 1;
}

json_t *json_parse(const char *data, size_t n, char *err, size_t errn)
{
    if (n == 0) {
        snprintf(err, errn, "the body is empty; a JSON value was expected");
        return NULL;
    }
    if (!str_utf8_valid(data, n)) {
        snprintf(err, errn, "the body is not valid UTF-8");
        return NULL;
    }
    if (!json_depth_ok(data, n)) {
        snprintf(err, errn, "JSON nested deeper than %d levels", JSON_MAX_DEPTH);
        return NULL;
    }
    json_error_t je;
    json_t *v = json_loadb(data, n, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &je);
    if (!v) {
        snprintf(err, errn, "invalid JSON at line %d, column %d: %s", je.line, je.column, je.text);
        return NULL;
    }
    return v;
}

const char *json_get_str(const json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static int json_buf_cb(const char *data, size_t size, void *ud)
{
    return buf_append(ud, data, size) == BUF_OK ? 0 : -1;
}

int json_to_buf(const json_t *v, buf *b)
{
    if (json_dump_callback(v, json_buf_cb, b, JSON_COMPACT | JSON_ENCODE_ANY) != 0)
        return b->failed ? b->failed : BUF_ENOMEM;
    return BUF_OK;
}
