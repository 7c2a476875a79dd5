/* Fuzzes the JSON body reader: it either parses or explains why not, and
 * what it parses can be written back out. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[256] = "";
    json_t *v = json_parse((const char *)data, size, err, sizeof err);
    if (!v) {
        assert(err[0] != '\0');
        return 0;
    }
    buf b;
    buf_init(&b, 0);
    assert(json_to_buf(v, &b) == BUF_OK);
    char err2[256];
    json_t *again = json_parse(b.data, b.len, err2, sizeof err2);
    assert(again != NULL);
    assert(json_equal(v, again));
    json_decref(again);
    buf_free(&b);
    json_decref(v);
    return 0;
}
