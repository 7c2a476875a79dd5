/* intake admin: programmes, cohorts and campaigns (model and store), the CSV
 * import (parsing and storing) and privacy (retention, export, erasure). */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "base/random.h"
#include "db/db.h"
#include "http/api.h"
#include "intake/admin.h"
#include "intake/intake.h"

#define EXPECT_RC(expect, call)                                            \
    do {                                                                   \
        int rc_ = (call);                                                  \
        cr_assert_eq(rc_, (expect), "%s returned %d", #call, rc_);         \
    } while (0)

Test(intake_admin_model, slugs)
{
    cr_assert(intake_slug_valid("zorgrunners-2026"));
    cr_assert_not(intake_slug_valid("Zorgrunners"));
    cr_assert_not(intake_slug_valid("-a"));
    cr_assert_not(intake_slug_valid(""));
}
