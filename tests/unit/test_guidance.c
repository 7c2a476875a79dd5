/* guidance: the model (every validation error path, the BBL plan, each
 * early-warning rule at its thresholds), the reminder job (one mail per
 * moment, never twice) and erasure (guidance rows go with the person). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/random.h"
#include "base/time.h"
#include "db/db.h"
#include "guidance/guidance.h"
#include "guidance/model.h"
#include "guidance/store.h"
#include "intake/admin.h"
#include "intake/intake.h"

static bool has(const api_errors *e, const char *field, msg_id why)
{
    msg_id r;
    return api_errors_has(e, field, &r) && r == why;
}

Test(guidance_model, keys_and_dates)
{
    cr_assert(guidance_coach_kind_valid("digi"));
    cr_assert_not(guidance_coach_kind_valid("coach"));
    cr_assert_not(guidance_coach_kind_valid(NULL));
    cr_assert(guidance_channel_valid("workplace"));
    cr_assert_not(guidance_channel_valid("pigeon"));
    cr_assert(guidance_need_kind_valid("debts"));
    cr_assert_not(guidance_need_kind_valid("gambling"));
    cr_assert(guidance_need_status_valid("in_progress"));
    cr_assert_not(guidance_need_status_valid("done"));
    cr_assert(guidance_need_status_final("closed"));
    cr_assert_not(guidance_need_status_final("referred"));
    cr_assert(guidance_date_valid("2028-02-29"));
    cr_assert_not(guidance_date_valid("2027-02-29"));
    cr_assert_not(guidance_date_valid("2027-1-01"));
    cr_assert_not(guidance_date_valid(""));
    char d[11];
    cr_assert_eq(guidance_date_add("2026-12-25", 7, d), 0);
    cr_assert_str_eq(d, "2027-01-01");
    cr_assert_eq(guidance_date_add("2028-02-28", 1, d), 0);
    cr_assert_str_eq(d, "2028-02-29");
    cr_assert_eq(guidance_date_add("nope", 1, d), -1);
    cr_assert_eq(guidance_days_between("2026-12-25", "2027-01-01"), 7);
}

Test(guidance_model, link_validation)
{
    api_errors e = {0};
    guidance_link_input in = {0};
    cr_assert_eq(guidance_link_validate(&in, &e), 3);
    cr_assert(has(&e, "coach_id", MSG_GUIDANCE_COACH_REQUIRED));
    cr_assert(has(&e, "kind", MSG_GUIDANCE_REQUIRED));
    cr_assert(has(&e, "started_on", MSG_GUIDANCE_REQUIRED));
    e = (api_errors){0};
    in = (guidance_link_input){.coach_id = -1, .kind = "boss", .started_on = "2026-13-01", .ended_on = "x"};
    cr_assert_eq(guidance_link_validate(&in, &e), 4);
    cr_assert(has(&e, "coach_id", MSG_GUIDANCE_COACH_UNKNOWN));
    cr_assert(has(&e, "kind", MSG_GUIDANCE_COACH_KIND_INVALID));
    cr_assert(has(&e, "started_on", MSG_GUIDANCE_DATE_INVALID));
    cr_assert(has(&e, "ended_on", MSG_GUIDANCE_DATE_INVALID));
    e = (api_errors){0};
    in = (guidance_link_input){.coach_id = 5, .kind = "mentor", .started_on = "2026-06-01", .ended_on = "2026-05-31"};
    cr_assert_eq(guidance_link_validate(&in, &e), 1);
    cr_assert(has(&e, "ended_on", MSG_GUIDANCE_END_BEFORE_START));
    e = (api_errors){0};
    in.ended_on = "2026-06-01";
    cr_assert_eq(guidance_link_validate(&in, &e), 0);
    cr_assert_eq(guidance_link_end_validate("2026-06-01", "", &e), 1);
    cr_assert(has(&e, "ended_on", MSG_GUIDANCE_REQUIRED));
    e = (api_errors){0};
    cr_assert_eq(guidance_link_end_validate("2026-06-01", "2026-05-01", &e), 1);
    cr_assert(has(&e, "ended_on", MSG_GUIDANCE_END_BEFORE_START));
    e = (api_errors){0};
    cr_assert_eq(guidance_link_end_validate("2026-06-01", "01-06-2026", &e), 1);
    cr_assert(has(&e, "ended_on", MSG_GUIDANCE_DATE_INVALID));
}

Test(guidance_model, contact_validation)
{
    api_errors e = {0};
    guidance_contact_input in = {0};
    cr_assert_eq(guidance_contact_validate(&in, "2026-11-22", &e), 2);
    cr_assert(has(&e, "on", MSG_GUIDANCE_REQUIRED));
    cr_assert(has(&e, "channel", MSG_GUIDANCE_REQUIRED));
    e = (api_errors){0};
    in = (guidance_contact_input){.on = "2026-11-23", .channel = "fax", .notes = "a\x01", .plan_id = -1};
    cr_assert_eq(guidance_contact_validate(&in, "2026-11-22", &e), 4);
    cr_assert(has(&e, "on", MSG_GUIDANCE_DATE_FUTURE));
    cr_assert(has(&e, "channel", MSG_GUIDANCE_CHANNEL_INVALID));
    cr_assert(has(&e, "notes", MSG_GUIDANCE_TEXT_INVALID));
    cr_assert(has(&e, "plan_id", MSG_GUIDANCE_PLAN_UNKNOWN));
    e = (api_errors){0};
    char *long_notes = malloc(GUIDANCE_TEXT_MAX + 2);
    memset(long_notes, 'x', GUIDANCE_TEXT_MAX + 1);
    long_notes[GUIDANCE_TEXT_MAX + 1] = 0;
    in = (guidance_contact_input){.on = "2026-11-3", .channel = "phone", .notes = long_notes};
    cr_assert_eq(guidance_contact_validate(&in, "2026-11-22", &e), 2);
    cr_assert(has(&e, "on", MSG_GUIDANCE_DATE_INVALID));
    cr_assert(has(&e, "notes", MSG_GUIDANCE_TOO_LONG));
    long_notes[GUIDANCE_TEXT_MAX] = 0;
    e = (api_errors){0};
    in = (guidance_contact_input){.on = "2026-11-22", .channel = "phone", .notes = long_notes};
    cr_assert_eq(guidance_contact_validate(&in, "2026-11-22", &e), 0, "today and exactly the maximum are fine");
    free(long_notes);
}

Test(guidance_model, checkin_validation)
{
    api_errors e = {0};
    guidance_checkin_input in = {0};
    cr_assert_eq(guidance_checkin_validate(&in, &e), 3);
    cr_assert(has(&e, "wellbeing", MSG_GUIDANCE_REQUIRED));
    cr_assert(has(&e, "workload", MSG_GUIDANCE_REQUIRED));
    cr_assert(has(&e, "thinking_of_stopping", MSG_GUIDANCE_REQUIRED));
    e = (api_errors){0};
    in = (guidance_checkin_input){.wellbeing = "0", .workload = "6", .thinking_of_stopping = "maybe", .note = "\x02"};
    cr_assert_eq(guidance_checkin_validate(&in, &e), 4);
    cr_assert(has(&e, "wellbeing", MSG_GUIDANCE_SCORE_INVALID));
    cr_assert(has(&e, "workload", MSG_GUIDANCE_SCORE_INVALID));
    cr_assert(has(&e, "thinking_of_stopping", MSG_GUIDANCE_YESNO_INVALID));
    cr_assert(has(&e, "note", MSG_GUIDANCE_TEXT_INVALID));
    e = (api_errors){0};
    in = (guidance_checkin_input){.wellbeing = "1", .workload = "5", .thinking_of_stopping = "yes", .note = "regel 1\nregel 2"};
    cr_assert_eq(guidance_checkin_validate(&in, &e), 0);
    cr_assert_eq(in.wellbeing_n, 1);
    cr_assert_eq(in.workload_n, 5);
    cr_assert(in.stopping);
    in.thinking_of_stopping = "0";
    cr_assert_eq(guidance_checkin_validate(&in, &e), 0);
    cr_assert_not(in.stopping);
    in.wellbeing = "3.5";
    cr_assert_eq(guidance_checkin_validate(&in, &e), 1);
}

Test(guidance_model, need_validation)
{
    api_errors e = {0};
    guidance_need_input in = {0};
    cr_assert_eq(guidance_need_validate(&in, "2026-11-22", &e), 1);
    cr_assert(has(&e, "kind", MSG_GUIDANCE_REQUIRED));
    e = (api_errors){0};
    char ref[GUIDANCE_SHORT_MAX + 2];
    memset(ref, 'r', sizeof ref - 1);
    ref[sizeof ref - 1] = 0;
    in = (guidance_need_input){.kind = "gambling", .description = "\x03", .referral = ref, .status = "done",
                               .follow_up_on = "2026-11-21"};
    cr_assert_eq(guidance_need_validate(&in, "2026-11-22", &e), 5);
    cr_assert(has(&e, "kind", MSG_GUIDANCE_NEED_KIND_INVALID));
    cr_assert(has(&e, "description", MSG_GUIDANCE_TEXT_INVALID));
    cr_assert(has(&e, "referral", MSG_GUIDANCE_TOO_LONG));
    cr_assert(has(&e, "status", MSG_GUIDANCE_STATUS_INVALID));
    cr_assert(has(&e, "follow_up_on", MSG_GUIDANCE_FOLLOW_UP_PAST));
    e = (api_errors){0};
    in = (guidance_need_input){.kind = "debts", .referral = "Kredietbank\nRotterdam", .follow_up_on = "22-11-2026"};
    cr_assert_eq(guidance_need_validate(&in, "2026-11-22", &e), 2);
    cr_assert(has(&e, "referral", MSG_GUIDANCE_TEXT_INVALID), "a referral is one line");
    cr_assert(has(&e, "follow_up_on", MSG_GUIDANCE_DATE_INVALID));
    e = (api_errors){0};
    in = (guidance_need_input){.kind = "debts", .follow_up_on = "2026-11-22", .status = "referred"};
    cr_assert_eq(guidance_need_validate(&in, "2026-11-22", &e), 0, "today is not before today");
}

Test(guidance_model, bbl_plan_weekly_then_every_two_weeks)
{
    guidance_plan_moment m[GUIDANCE_BBL_MOMENTS];
    cr_assert_eq(guidance_bbl_plan("2027-2-01", m), -1);
    int n = guidance_bbl_plan("2027-02-01", m);
    cr_assert_eq(n, 9);
    static const char *const want[] = {"2027-02-01", "2027-02-08", "2027-02-15", "2027-02-22", "2027-03-08",
                                       "2027-03-22", "2027-04-05", "2027-04-19", "2027-05-03"};
    for (int i = 0; i < n; i++) cr_assert_str_eq(m[i].due_on, want[i], "moment %d", i);
    cr_assert_str_eq(m[0].topic, "bbl_start");
    cr_assert_str_eq(m[4].topic, "bbl_progress");
    cr_assert_str_eq(m[8].topic, "bbl_evaluation");
    cr_assert_eq(guidance_days_between(m[0].due_on, m[8].due_on), 7 * GUIDANCE_BBL_WEEKS, "ends after 13 weeks");
}

static guidance_facts quiet(void)
{
    return (guidance_facts){.today = "2026-11-22", .days_coached = 30, .days_since_checkin = 3, .last_wellbeing = 4};
}

static int signals(const guidance_facts *f, guidance_signal *s)
{
    return guidance_signals(f, s, GUIDANCE_MAX_SIGNALS);
}

Test(guidance_model, no_signals_when_all_is_well)
{
    guidance_signal s[GUIDANCE_MAX_SIGNALS];
    guidance_facts f = quiet();
    cr_assert_eq(signals(&f, s), 0);
    cr_assert_eq(guidance_urgency(s, 0), 0);
}

Test(guidance_model, checkin_rules_at_their_thresholds)
{
    guidance_signal s[GUIDANCE_MAX_SIGNALS];
    guidance_facts f = quiet();
    f.days_since_checkin = GUIDANCE_CHECKIN_DUE_DAYS - 1;
    cr_assert_eq(signals(&f, s), 0);
    f.days_since_checkin = GUIDANCE_CHECKIN_DUE_DAYS;
    cr_assert_eq(signals(&f, s), 1);
    cr_assert_str_eq(s[0].reason, "checkin_overdue");
    cr_assert_eq(s[0].severity, GUIDANCE_WARNING);
    cr_assert_eq(s[0].days, GUIDANCE_CHECKIN_DUE_DAYS);
    f.days_since_checkin = GUIDANCE_CHECKIN_LATE_DAYS;
    cr_assert_eq(signals(&f, s), 1);
    cr_assert_eq(s[0].severity, GUIDANCE_URGENT);
    /* Never checked in: only after the grace period. */
    f = quiet();
    f.days_since_checkin = -1;
    f.days_coached = GUIDANCE_CHECKIN_GRACE_DAYS - 1;
    cr_assert_eq(signals(&f, s), 0);
    f.days_coached = GUIDANCE_CHECKIN_GRACE_DAYS;
    cr_assert_eq(signals(&f, s), 1);
    cr_assert_str_eq(s[0].reason, "checkin_missing");
    cr_assert_eq(s[0].severity, GUIDANCE_WARNING);
    f.days_coached = GUIDANCE_CHECKIN_LATE_DAYS;
    cr_assert_eq(signals(&f, s), 1);
    cr_assert_eq(s[0].severity, GUIDANCE_URGENT);
    f.days_coached = -1;
    cr_assert_eq(signals(&f, s), 0, "not coached: nobody expects a check-in");
}

Test(guidance_model, wellbeing_and_stopping)
{
    guidance_signal s[GUIDANCE_MAX_SIGNALS];
    guidance_facts f = quiet();
    f.last_wellbeing = GUIDANCE_WELLBEING_LOW + 1;
    cr_assert_eq(signals(&f, s), 0);
    f.last_wellbeing = GUIDANCE_WELLBEING_LOW;
    cr_assert_eq(signals(&f, s), 1);
    cr_assert_str_eq(s[0].reason, "low_wellbeing");
    cr_assert_eq(s[0].severity, GUIDANCE_WARNING);
    cr_assert_eq(s[0].count, GUIDANCE_WELLBEING_LOW);
    f.last_wellbeing = 1;
    cr_assert_eq(signals(&f, s), 1);
    cr_assert_eq(s[0].severity, GUIDANCE_URGENT);
    f.last_wellbeing = 2;
    f.last_thinking_of_stopping = true;
    cr_assert_eq(signals(&f, s), 2);
    cr_assert_str_eq(s[0].reason, "thinking_of_stopping", "urgent first");
    cr_assert_eq(s[0].severity, GUIDANCE_URGENT);
    cr_assert_str_eq(s[1].reason, "low_wellbeing");
    cr_assert_gt(guidance_urgency(s, 2), guidance_urgency(s + 1, 1));
}

Test(guidance_model, needs_past_their_follow_up)
{
    guidance_signal s[GUIDANCE_MAX_SIGNALS];
    guidance_need_fact needs[] = {
        {1, "debts", "2026-11-22"},  /* today: not late */
        {2, "childcare", NULL},      /* no follow-up */
        {3, "transport", "2026-11-21"},
        {4, "housing", "2026-11-08"}, /* 14 days */
    };
    guidance_facts f = quiet();
    f.needs = needs;
    f.nneeds = 4;
    cr_assert_eq(signals(&f, s), 2);
    cr_assert_str_eq(s[0].reason, "need_overdue");
    cr_assert_eq(s[0].need_id, 4);
    cr_assert_eq(s[0].days, GUIDANCE_NEED_URGENT_DAYS);
    cr_assert_eq(s[0].severity, GUIDANCE_URGENT);
    cr_assert_eq(s[1].need_id, 3);
    cr_assert_str_eq(s[1].need_kind, "transport");
    cr_assert_eq(s[1].days, 1);
    cr_assert_eq(s[1].severity, GUIDANCE_WARNING);
}

Test(guidance_model, training_absence_and_missed_shifts)
{
    guidance_signal s[GUIDANCE_MAX_SIGNALS];
    guidance_facts f = quiet();
    f.absences = GUIDANCE_ABSENCE_WARN - 1;
    cr_assert_eq(signals(&f, s), 0);
    f.absences = GUIDANCE_ABSENCE_WARN;
    cr_assert_eq(signals(&f, s), 1);
    cr_assert_str_eq(s[0].reason, "training_absence");
    cr_assert_eq(s[0].severity, GUIDANCE_WARNING);
    f.absences = GUIDANCE_ABSENCE_URGENT;
    cr_assert_eq(signals(&f, s), 1);
    cr_assert_eq(s[0].severity, GUIDANCE_URGENT);
    f = quiet();
    f.missed_shifts = GUIDANCE_SHIFTS_WARN;
    cr_assert_eq(signals(&f, s), 1);
    cr_assert_str_eq(s[0].reason, "missed_shifts");
    cr_assert_eq(s[0].severity, GUIDANCE_WARNING);
    f.missed_shifts = GUIDANCE_SHIFTS_URGENT;
    cr_assert_eq(signals(&f, s), 1);
    cr_assert_eq(s[0].severity, GUIDANCE_URGENT);
    cr_assert_eq(guidance_signals(&f, s, 0), 0, "max is respected");
}

/* ---- The reminder job and erasure, against a temporary database ---- */

static char dir[256];
static db *d;
static db_conn *c;

static void exec(const char *sql)
{
    cr_assert_eq(db_exec(c, sql, DB_NOARGS), 0, "%s: %s", sql, db_errmsg(c));
}

static int64_t count(const char *sql)
{
    int64_t n = -1;
    cr_assert_eq(db_query_int(c, sql, DB_NOARGS, &n), 0, "%s", sql);
    return n;
}

static void setup(void)
{
    cr_assert_eq(random_init(), 0);
    snprintf(dir, sizeof dir, "/tmp/instroom-test-guidance-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    char path[300], err[256];
    snprintf(path, sizeof path, "%s/t.db", dir);
    cr_assert_eq(db_open(path, NULL, &d, err, sizeof err), 0, "%s", err);
    cr_assert_geq(db_migrate(d, err, sizeof err), 0, "%s", err);
    c = db_acquire(d);
    exec("INSERT INTO orgs(id, name, kind, region, created_at) VALUES (1, 'Gemeente Rotterdam', 'municipality', 'R', 0)");
    exec("INSERT INTO people(id, given_name, family_name, created_at, updated_at) VALUES (1, 'Anouk', 'Willems', 0, 0),"
         " (2, 'Rachid', 'Bouzid', 0, 0)");
    exec("INSERT INTO users(id, email, name, password_hash, lang, created_at) VALUES"
         " (10, 'coach@x.demo', 'Coach', 'x', 'nl', 0), (11, 'en@x.demo', 'English Coach', 'x', 'en', 0)");
}

static void teardown(void)
{
    db_release(c);
    db_close(d);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_assert_eq(system(cmd), 0);
}

Test(guidance_store, reminders_one_per_due_moment_never_twice, .init = setup, .fini = teardown)
{
    int64_t now = time_now();
    char today[11], in2[11], in3[11], past[11];
    time_ams_date(now, today);
    guidance_date_add(today, 2, in2);
    guidance_date_add(today, 3, in3);
    guidance_date_add(today, -1, past);
    char sql[1024];
    snprintf(sql, sizeof sql,
             "INSERT INTO coaching_plan(id, person_id, coach_id, due_on, topic, created_at) VALUES"
             " (1, 1, 10, '%s', 'bbl_start', 0), (2, 1, 10, '%s', 'bbl_progress', 0),"
             " (3, 1, 10, '%s', 'bbl_progress', 0), (4, 1, 10, '%s', 'bbl_progress', 0),"
             " (5, 2, 11, '%s', 'bbl_evaluation', 0), (6, 2, NULL, '%s', 'bbl_progress', 0)",
             today, in2, in3, past, today, today);
    exec(sql);
    exec("INSERT INTO coach_links(person_id, coach_id, kind, started_on, created_at) VALUES"
         " (1, 10, 'jobcoach', '2020-01-01', 0), (2, 11, 'mentor', '2020-01-01', 0)");
    exec("INSERT INTO coach_contacts(id, person_id, coach_id, at, channel, created_at) VALUES (1, 1, 10, 0, 'phone', 0)");
    exec("UPDATE coaching_plan SET done_contact_id = 1 WHERE id = 2"); /* done: no reminder */
    int queued = -1;
    cr_assert_eq(guidance_reminders_run(d, now, 2, &queued), 0);
    cr_assert_eq(queued, 2, "today's moments of both coaches; not the done one, the later one, the past one, "
                            "the one without a coach");
    cr_assert_eq(count("SELECT count(*) FROM outbox WHERE kind = 'coaching_reminder'"), 2);
    cr_assert_eq(count("SELECT count(*) FROM outbox WHERE entity = 'coaching_plan' AND entity_id = 1"
                       " AND to_addr = 'coach@x.demo' AND subject LIKE 'Herinnering: coachingsmoment met Anouk Willems%'"),
                 1);
    cr_assert_eq(count("SELECT count(*) FROM outbox WHERE entity_id = 5 AND subject LIKE 'Reminder:%'"), 1,
                 "in the coach's language");
    cr_assert_eq(count("SELECT count(*) FROM coaching_plan WHERE reminded_at IS NOT NULL"), 2);
    cr_assert_eq(guidance_reminders_run(d, now, 2, &queued), 0);
    cr_assert_eq(queued, 0, "never twice");
    cr_assert_eq(guidance_reminders_run(d, now + 86400, 2, &queued), 0);
    cr_assert_eq(queued, 1, "the next day the moment 3 days ahead comes within reach");
    cr_assert_eq(count("SELECT count(*) FROM outbox WHERE kind = 'coaching_reminder'"), 3);
    cr_assert_eq(count("SELECT count(*) FROM job_runs WHERE name = 'coaching_reminders'"), 1);
}

Test(guidance_store, reminders_only_to_a_coach_of_the_person_now, .init = setup, .fini = teardown)
{
    int64_t now = time_now();
    char today[11], yesterday[11], tomorrow[11];
    time_ams_date(now, today);
    guidance_date_add(today, -1, yesterday);
    guidance_date_add(today, 1, tomorrow);
    char sql[1024];
    /* Coach 10's link with Anouk ended yesterday; coach 11's with Rachid starts tomorrow. */
    snprintf(sql, sizeof sql,
             "INSERT INTO coach_links(person_id, coach_id, kind, started_on, ended_on, created_at) VALUES"
             " (1, 10, 'jobcoach', '2020-01-01', '%s', 0), (2, 11, 'mentor', '%s', NULL, 0);"
             "INSERT INTO coaching_plan(id, person_id, coach_id, due_on, topic, created_at) VALUES"
             " (1, 1, 10, '%s', 'bbl_start', 0), (2, 2, 11, '%s', 'bbl_start', 0)",
             yesterday, tomorrow, today, today);
    cr_assert_eq(db_exec_script(c, sql), 0, "%s", db_errmsg(c));
    int queued = -1;
    cr_assert_eq(guidance_reminders_run(d, now, 2, &queued), 0);
    cr_assert_eq(queued, 0, "no mail naming the person to someone who does not coach them today");
    cr_assert_eq(count("SELECT count(*) FROM outbox WHERE kind = 'coaching_reminder'"), 0);
    exec("UPDATE coach_links SET ended_on = NULL WHERE coach_id = 10");
    cr_assert_eq(guidance_reminders_run(d, now, 2, &queued), 0);
    cr_assert_eq(queued, 1, "the link goes on: the reminder is sent");
}

Test(guidance_store, facts_and_signals_from_the_tables, .init = setup, .fini = teardown)
{
    int64_t now = time_now();
    char today[11], started[11], late[11];
    time_ams_date(now, today);
    guidance_date_add(today, -40, started);
    guidance_date_add(today, -3, late);
    char sql[1024];
    snprintf(sql, sizeof sql,
             "INSERT INTO coach_links(person_id, coach_id, kind, started_on, created_at) VALUES (1, 10, 'jobcoach', '%s', 0);"
             "INSERT INTO support_needs(id, person_id, kind, status, follow_up_on, created_at, updated_at) VALUES"
             " (7, 1, 'debts', 'referred', '%s', 0, 0), (8, 1, 'housing', 'resolved', '%s', 0, 0)",
             started, late, late);
    cr_assert_eq(db_exec_script(c, sql), 0, "%s", db_errmsg(c));
    cr_assert(guidance_is_coach(c, 10, 1, today));
    cr_assert_not(guidance_is_coach(c, 11, 1, today));
    cr_assert_not(guidance_is_coach(c, 10, 2, today));
    arena a;
    arena_init(&a, 0);
    guidance_signal s[GUIDANCE_MAX_SIGNALS];
    int n = 0;
    cr_assert_eq(guidance_signals_of(c, &a, 1, today, s, &n), 0);
    cr_assert_eq(n, 2);
    cr_assert_str_eq(s[0].reason, "checkin_missing");
    cr_assert_eq(s[0].days, 40);
    cr_assert_str_eq(s[1].reason, "need_overdue");
    cr_assert_eq(s[1].need_id, 7);
    cr_assert_eq(s[1].days, 3);
    snprintf(sql, sizeof sql, "UPDATE coach_links SET ended_on = '%s'", late);
    exec(sql);
    cr_assert_not(guidance_is_coach(c, 10, 1, today), "an ended link no longer counts");
    arena_free(&a);
}

Test(guidance_store, erasure_takes_the_guidance_rows_along, .init = setup, .fini = teardown)
{
    cr_assert_eq(db_exec_script(c,
                                "INSERT INTO coach_links(person_id, coach_id, kind, started_on, created_at)"
                                " VALUES (1, 10, 'mentor', '2026-01-01', 0), (2, 10, 'mentor', '2026-01-01', 0);"
                                "INSERT INTO coach_contacts(id, person_id, coach_id, at, channel, notes, created_at)"
                                " VALUES (1, 1, 10, 0, 'phone', 'notes', 0);"
                                "INSERT INTO checkins(person_id, at, wellbeing, workload, thinking_of_stopping, created_at)"
                                " VALUES (1, 0, 3, 3, 1, 0);"
                                "INSERT INTO support_needs(person_id, kind, status, created_at, updated_at)"
                                " VALUES (1, 'debts', 'open', 0, 0), (2, 'health', 'open', 0, 0);"
                                "INSERT INTO coaching_plan(person_id, coach_id, due_on, done_contact_id, created_at)"
                                " VALUES (1, 10, '2026-01-01', 1, 0)"),
                 0, "%s", db_errmsg(c));
    intake_retention_result r;
    cr_assert_eq(intake_person_erase(c, 1, 0, NULL, NULL, time_now(), &r), 0, "%s", db_errmsg(c));
    cr_assert_eq(count("SELECT count(*) FROM people WHERE id = 1"), 0);
    const char *tables[] = {"coach_links", "coach_contacts", "checkins", "support_needs", "coaching_plan"};
    char sql[200];
    for (int i = 0; i < 5; i++) {
        snprintf(sql, sizeof sql, "SELECT count(*) FROM %s WHERE person_id = 1", tables[i]);
        cr_assert_eq(count(sql), 0, "%s", tables[i]);
    }
    cr_assert_eq(count("SELECT count(*) FROM coach_links WHERE person_id = 2"), 1, "other people keep theirs");
    cr_assert_eq(count("SELECT count(*) FROM support_needs WHERE person_id = 2"), 1);
}
