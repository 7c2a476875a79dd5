/* json: helpers around jansson for request bodies and responses. */
#ifndef INSTROOM_BASE_JSON_H
#define INSTROOM_BASE_JSON_H

#include <jansson.h>
#include <stddef.h>

#include "base/buf.h"

/* Parses n bytes of JSON (must be valid UTF-8, one value, nesting at most 64).
 * Returns a new reference or NULL with a message naming line, column and the
 * problem in err. */
json_t *json_parse(const char *data, size_t n, char *err, size_t errn);
/* The string member key of object o, or NULL when absent or not a string. */
const char *json_get_str(const json_t *o, const char *key);
/* Appends the compact encoding of v to b; 0 or a negative buf code. */
int json_to_buf(const json_t *v, buf *b);

#endif
