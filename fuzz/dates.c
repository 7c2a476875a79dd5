/* Fuzzes the date parsers that take outside text (?on=, form and JSON date
 * fields): time_parse_date and insight_day_parse accept or refuse without
 * crashing, agree with each other, and an accepted date formats back to the
 * same text; adding months (two years either way, inside the years 1900-9999
 * that the parser takes) stays a valid date that parses again. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/arena.h"
#include "base/time.h"
#include "insight/model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    arena a;
    arena_init(&a, 1 << 16);
    const char *text = arena_strndup(&a, (const char *)data, size); /* up to the first NUL */
    int y = 0, m = 0, d = 0;
    int ok = time_parse_date(text, &y, &m, &d) == 0;
    int32_t day = insight_day_parse(text);
    assert(ok == (day != INT32_MIN));
    if (ok) {
        assert(m >= 1 && m <= 12 && d >= 1 && d <= time_days_in_month(y, m));
        char back[11];
        insight_day_format(day, back);
        assert(strcmp(back, text) == 0);
        /* Dates are 1900-9999 (time_parse_date): stay two years inside. */
        for (int months = -24; y >= 1902 && y <= 9997 && months <= 24; months += 6) {
            char later[11];
            insight_day_format(insight_day_add_months(day, months), later);
            assert(insight_day_parse(later) != INT32_MIN);
        }
    }
    arena_free(&a);
    return 0;
}
