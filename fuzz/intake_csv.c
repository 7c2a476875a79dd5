/* Fuzzes the applicant importer's parsing and mapping (intake_import_parse):
 * never a database. Every row it accepts passed validation and has an import
 * key; every error names a line and a field; a refused file has errors. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/str.h"
#include "intake/admin.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    arena a;
    arena_init(&a, 256 << 20);
    intake_campaign k = {.id = 1, .slug = "fuzz", .title = "Fuzz", .cohort_starts_on = "2026-09-01", .min_age = 16,
                         .cap = 100, .retention_weeks = 4};
    intake_import_parsed p;
    bool consent = size > 0 && (data[0] & 1);
    int rc = intake_import_parse(&a, &k, (const char *)data, size, consent, 1775000000, &p);
    assert(rc == 0 || rc == API_EINVALID || rc < 0);
    if (rc == 0) {
        assert(p.nerrors == 0 && p.nrows > 0);
        for (int i = 0; i < p.nrows; i++) {
            assert(p.rows[i].in.import_key && strlen(p.rows[i].in.import_key) == 32);
            assert(p.rows[i].in.consent);
            assert(str_utf8_valid(p.rows[i].in.given_name, strlen(p.rows[i].in.given_name)));
        }
    } else if (rc == API_EINVALID) {
        assert(p.nerrors > 0);
        for (int i = 0; i < p.nerrors; i++) assert(p.errors[i].field && p.errors[i].line >= 0);
    }
    arena_free(&a);
    return 0;
}
