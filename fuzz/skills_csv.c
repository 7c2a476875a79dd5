/* Fuzzes the ESCO skills collection reader (skills/model.c): rows have an
 * http(s) uri and a non-empty label of valid UTF-8, their search text and
 * code fold cleanly, and every error names the line. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/str.h"
#include "skills/model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    arena a;
    arena_init(&a, 256 << 20);
    skills_csv s;
    if (skills_csv_open(&s, &a, (const char *)data, size) == 0) {
        skills_csv_row row;
        int rc, last = 0;
        while ((rc = skills_csv_next(&s, &row)) == 1) {
            assert(row.line > last);
            last = row.line;
            assert(str_starts_with(row.uri, "http://") || str_starts_with(row.uri, "https://"));
            assert(row.label && *row.label && str_utf8_valid(row.label, strlen(row.label)));
            const char *search = skills_search_text(&a, row.label, NULL, row.alt_labels);
            assert(!search || str_utf8_valid(search, strlen(search)));
            const char *code = skills_code_from_label(&a, row.label);
            assert(!code || strlen(code) <= 60);
        }
        if (rc < 0) assert(strstr(s.error, "line ") != NULL || strstr(s.error, "memory") != NULL);
    } else {
        assert(s.error[0] != '\0');
    }
    arena_free(&a);
    return 0;
}
