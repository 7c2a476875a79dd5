/* Fuzzes insight_money_parse on any bytes: it accepts or refuses without
 * crashing; an accepted amount lies in 0..INSIGHT_MONEY_MAX_CENTS, and the
 * plain text of the amount ("1234.56") parses back to the same cents. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/arena.h"
#include "insight/report_model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    arena a;
    arena_init(&a, 1 << 20);
    char *text = arena_strndup(&a, (const char *)data, size); /* up to the first NUL */
    int64_t cents = -1;
    int rc = insight_money_parse(text, &cents);
    assert(rc == 0 || rc == -1 || rc == -2);
    if (rc == 0) {
        assert(cents >= 0 && cents <= INSIGHT_MONEY_MAX_CENTS);
        char plain[64];
        insight_money_text(cents, "en", true, plain, sizeof plain);
        int64_t again = -1;
        assert(insight_money_parse(plain, &again) == 0 && again == cents);
        char nl[64];
        insight_money_text(cents, "nl", false, nl, sizeof nl);
        assert(insight_money_parse(nl, &again) == 0 && again == cents);
    }
    arena_free(&a);
    return 0;
}
