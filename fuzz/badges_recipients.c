/* Fuzzes the bulk recipient list parser (badges_recipients_parse): every
 * accepted entry has a line number within the input, a person id > 0 or a
 * lower-case e-mail address with one '@', or is marked invalid. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "badges/model.h"
#include "base/str.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    arena a;
    arena_init(&a, 256 << 20);
    badges_recipient_line *l;
    int n;
    int rc = badges_recipients_parse(&a, (const char *)data, size, &l, &n);
    assert(rc == 0 || rc == -1);
    if (rc == 0) {
        int lines = 1;
        for (size_t i = 0; i < size; i++) lines += data[i] == '\n';
        assert(n <= BADGES_BULK_MAX_LINES);
        for (int i = 0; i < n; i++) {
            assert(l[i].line >= 1 && l[i].line <= lines);
            assert(l[i].text && *l[i].text);
            if (l[i].kind == BADGES_LINE_PERSON) assert(l[i].person_id > 0);
            if (l[i].kind == BADGES_LINE_EMAIL) {
                assert(strchr(l[i].email, '@') == strrchr(l[i].email, '@'));
                for (const char *p = l[i].email; *p; p++) assert(!(*p >= 'A' && *p <= 'Z'));
            }
        }
    }
    arena_free(&a);
    return 0;
}
