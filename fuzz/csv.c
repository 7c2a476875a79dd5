/* Fuzzes the CSV reader: every row it returns has valid UTF-8 fields, and
 * errors always say where. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/csv.h"
#include "base/str.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    arena a;
    arena_init(&a, 256 << 20);
    csv_reader r;
    if (csv_open(&r, &a, (const char *)data, size, 0, CSV_ENC_AUTO) == 0) {
        csv_row row;
        int rc, last = 0;
        while ((rc = csv_next(&r, &row)) == 1) {
            assert(row.n >= 1 && row.n <= CSV_MAX_FIELDS);
            assert(row.line > last);
            last = row.line;
            for (int i = 0; i < row.n; i++) assert(str_utf8_valid(row.fields[i], strlen(row.fields[i])));
        }
        if (rc < 0) assert(strstr(r.error, "line ") != NULL || strstr(r.error, "memory") != NULL);
        else assert(r.pos == r.len);
    } else {
        assert(r.error[0] != '\0');
    }
    arena_free(&a);
    return 0;
}
