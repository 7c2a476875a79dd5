/* guidance/store: the facts behind the early-warning signals, read from a
 * small database built here: missed shifts are the person's published
 * shifts of the last 28 days that the supervisor recorded as missed. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/time.h"
#include "db/db.h"
#include "guidance/store.h"

static db *d;
static db_conn *c;
static char dir[64];
static arena A;

/* Person 1 has four shifts recorded as missed (on 1 Oct, 20 Oct, 2 Nov and
 * 15 Nov 2026), one worked, one missed on a cancelled assignment and one
 * missed that belongs to person 2. */
static const char *FIXTURE =
    "INSERT INTO orgs (id, name, kind, region, created_at) VALUES (1, 'Opella', 'care', 'R', 0);"
    "INSERT INTO people (id, given_name, family_name, created_at, updated_at) VALUES (1, 'A', 'B', 0, 0),"
    " (2, 'C', 'D', 0, 0);"
    "INSERT INTO deploy_locations (id, org_id, name, created_at) VALUES (1, 1, 'Huis', 0);";

static void shift(int id, int person, const char *status, int y, int mo, int day, const char *hours)
{
    int64_t t = 0;
    cr_assert_eq(time_ams_to_utc(y, mo, day, 7, 30, 0, &t), 0);
    char sql[600];
    snprintf(sql, sizeof sql,
             "INSERT INTO deploy_shifts (id, org_id, location_id, starts_at, ends_at, headcount, created_at)"
             " VALUES (%d, 1, 1, %lld, %lld, 1, 0);"
             "INSERT INTO deploy_assignments (id, shift_id, person_id, status, source, created_at)"
             " VALUES (%d, %d, %d, '%s', 'engine', 0);"
             "INSERT INTO deploy_hours (assignment_id, status, minutes, confirmed_at) VALUES (%d, '%s', 0, 0);",
             id, (long long)t, (long long)t + 4 * 3600, id, id, person, status, id, hours);
    cr_assert_eq(db_exec_script(c, sql), 0, "%s", db_errmsg(c));
}

static void setup(void)
{
    snprintf(dir, sizeof dir, "/tmp/instroom-test-guidance-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    char path[300], err[256];
    snprintf(path, sizeof path, "%s/t.db", dir);
    cr_assert_eq(db_open(path, NULL, &d, err, sizeof err), 0, "%s", err);
    cr_assert_geq(db_migrate(d, err, sizeof err), 0, "%s", err);
    c = db_acquire(d);
    cr_assert_eq(db_exec_script(c, FIXTURE), 0, "%s", db_errmsg(c));
    shift(1, 1, "published", 2026, 10, 1, "missed");
    shift(2, 1, "published", 2026, 10, 20, "missed");
    shift(3, 1, "published", 2026, 11, 2, "missed");
    shift(4, 1, "published", 2026, 11, 15, "missed");
    shift(5, 1, "published", 2026, 11, 16, "worked");
    shift(6, 1, "cancelled", 2026, 11, 17, "missed");
    shift(7, 2, "published", 2026, 11, 18, "missed");
    arena_init(&A, 1u << 20);
}

static void teardown(void)
{
    arena_free(&A);
    db_release(c);
    db_close(d);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_assert_eq(system(cmd), 0);
}

TestSuite(guidance_store, .init = setup, .fini = teardown);

Test(guidance_store, missed_shifts_of_the_last_four_weeks)
{
    guidance_facts f;
    /* 23 Nov: the window starts on 26 Oct, so 2 and 15 Nov count */
    cr_assert_eq(guidance_facts_load(c, &A, 1, "2026-11-23", &f), 0);
    cr_expect_eq(f.missed_shifts, 2);
    /* 16 Nov: from 19 Oct on, so 20 Oct, 2 and 15 Nov count */
    cr_assert_eq(guidance_facts_load(c, &A, 1, "2026-11-16", &f), 0);
    cr_expect_eq(f.missed_shifts, 3);
    /* 10 Nov: from 14 Oct on, and 15 Nov is later than today: 20 Oct and 2 Nov */
    cr_assert_eq(guidance_facts_load(c, &A, 1, "2026-11-10", &f), 0);
    cr_expect_eq(f.missed_shifts, 2);
    cr_assert_eq(guidance_facts_load(c, &A, 2, "2026-11-23", &f), 0);
    cr_expect_eq(f.missed_shifts, 1);
    guidance_signal sig[GUIDANCE_MAX_SIGNALS];
    int n = 0;
    cr_assert_eq(guidance_signals_of(c, &A, 1, "2026-11-23", sig, &n), 0);
    int found = 0;
    for (int i = 0; i < n; i++)
        if (sig[i].reason && !strcmp(sig[i].reason, "missed_shifts")) found = sig[i].count;
    cr_expect_eq(found, 2, "the signal carries the count");
}
