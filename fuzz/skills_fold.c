/* Fuzzes skills_fold on any bytes: the result is valid UTF-8, at most twice
 * as long, has no upper-case ASCII, no white space but single inner spaces,
 * and folding it again changes nothing. */
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
    arena_init(&a, 64 << 20);
    char *text = arena_strndup(&a, (const char *)data, size); /* up to the first NUL */
    const char *f = skills_fold(&a, text);
    if (f) {
        size_t n = strlen(f);
        assert(n <= 2 * strlen(text));
        assert(str_utf8_valid(f, n));
        for (size_t i = 0; i < n; i++) {
            assert(!(f[i] >= 'A' && f[i] <= 'Z'));
            assert(f[i] != '\t' && f[i] != '\n' && f[i] != '\r');
            if (f[i] == ' ') assert(i > 0 && i + 1 < n && f[i + 1] != ' ');
        }
        const char *again = skills_fold(&a, f);
        assert(again && strcmp(again, f) == 0);
    }
    arena_free(&a);
    return 0;
}
