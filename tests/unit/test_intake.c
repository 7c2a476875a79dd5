#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/random.h"
#include "base/str.h"
#include "db/db.h"
#include "http/api.h"
#include "intake/intake.h"
#include "intake/model.h"

#define EXPECT_RC(expect, call)                                            \
    do {                                                                   \
        int rc_ = (call);                                                  \
        cr_assert_eq(rc_, (expect), "%s returned %d", #call, rc_);         \
    } while (0)

/* 2026-11-22 12:00 UTC */
#define NOW 1795348800LL

static char *repeat(const char *unit, int n)
{
    size_t len = strlen(unit);
    char *s = calloc((size_t)n * len + 1, 1);
    for (int i = 0; i < n; i++) memcpy(s + (size_t)i * len, unit, len);
    return s;
}

static intake_applicant good(void)
{
    return (intake_applicant){
        .given_name = "Fatima",
        .family_name = "Ouali",
        .email = "fatima@voorbeeld.nl",
        .phone = "0612345678",
        .birth_date = "2001-04-23",
        .postcode = "6711 AB",
        .motivation = "Ik wil graag met mensen werken.",
        .consent = true,
        .lang = "nl",
    };
}

static intake_campaign campaign(void)
{
    return (intake_campaign){.id = 1, .slug = "test", .title = "Test", .cohort_starts_on = "2027-03-01",
                             .opens_at = NOW - 86400, .closes_at = NOW + 86400, .cap = 2, .min_age = 16,
                             .max_age = 0};
}

/* ---- The model ---- */

Test(intake_model, stage_kinds_round_trip)
{
    for (int k = 0; k < INTAKE_STAGE_KIND_COUNT; k++)
        cr_assert_eq((int)intake_stage_kind_parse(intake_stage_kind_name((intake_stage_kind)k)), k);
    cr_assert_eq(intake_stage_kind_parse("closed"), INTAKE_STAGE_KIND_COUNT);
    cr_assert_eq(intake_stage_kind_parse(NULL), INTAKE_STAGE_KIND_COUNT);
    cr_assert_null(intake_stage_kind_name(INTAKE_STAGE_KIND_COUNT));
    cr_assert(intake_stage_kind_is_final(INTAKE_STAGE_REJECTED));
    cr_assert(intake_stage_kind_is_final(INTAKE_STAGE_WITHDRAWN));
    cr_assert_not(intake_stage_kind_is_final(INTAKE_STAGE_WAITLIST));
    cr_assert_not(intake_stage_kind_is_final(INTAKE_STAGE_SELECTED));
}

Test(intake_model, default_stages_are_the_seven_of_the_issue)
{
    const char *keys[] = {"aangemeld", "gescreend", "intakegesprek", "geselecteerd", "wachtlijst", "afgewezen",
                          "teruggetrokken"};
    const char *en[] = {"Applied", "Screened", "Interview", "Selected", "Waiting list", "Rejected", "Withdrawn"};
    for (int i = 0; i < INTAKE_DEFAULT_STAGE_COUNT; i++) {
        cr_assert_str_eq(intake_default_stages[i].key, keys[i]);
        cr_assert_str_eq(intake_default_stages[i].name_en, en[i]);
    }
    cr_assert_eq(intake_default_stages[0].kind, INTAKE_STAGE_OPEN);
    cr_assert_eq(intake_default_stages[3].kind, INTAKE_STAGE_SELECTED);
    cr_assert_eq(intake_default_stages[4].kind, INTAKE_STAGE_WAITLIST);
    cr_assert_eq(intake_default_stages[5].kind, INTAKE_STAGE_REJECTED);
    cr_assert_eq(intake_default_stages[6].kind, INTAKE_STAGE_WITHDRAWN);
}

Test(intake_model, window_and_cap)
{
    intake_campaign k = campaign();
    cr_assert_eq(intake_campaign_window(&k, k.opens_at - 1), INTAKE_WINDOW_BEFORE);
    cr_assert_eq(intake_campaign_window(&k, k.opens_at), INTAKE_WINDOW_OPEN);
    cr_assert_eq(intake_campaign_window(&k, k.closes_at - 1), INTAKE_WINDOW_OPEN);
    cr_assert_eq(intake_campaign_window(&k, k.closes_at), INTAKE_WINDOW_AFTER);
    k.applications = 1;
    cr_assert_not(intake_campaign_is_full(&k));
    k.applications = 2;
    cr_assert(intake_campaign_is_full(&k), "at the cap the next applicant waits");
    k.cap = 0;
    k.applications = 0;
    cr_assert(intake_campaign_is_full(&k), "a cap of 0 puts everyone on the waiting list");
}

Test(intake_model, duplicate_priority_email_phone_name)
{
    const char *why = "x";
    cr_assert_eq(intake_duplicate_pick(0, 0, 0, &why), 0);
    cr_assert_null(why);
    cr_assert_eq(intake_duplicate_pick(3, 4, 5, &why), 3);
    cr_assert_str_eq(why, "email");
    cr_assert_eq(intake_duplicate_pick(0, 4, 5, &why), 4);
    cr_assert_str_eq(why, "phone");
    cr_assert_eq(intake_duplicate_pick(0, 0, 5, &why), 5);
    cr_assert_str_eq(why, "name_birth");
}

Test(intake_model, postcodes)
{
    arena a;
    arena_init(&a, 0);
    cr_assert_str_eq(intake_postcode_normalise(&a, "1234ab"), "1234 AB");
    cr_assert_str_eq(intake_postcode_normalise(&a, "1234 AB"), "1234 AB");
    cr_assert_str_eq(intake_postcode_normalise(&a, " 3011  np "), "3011 NP");
    cr_assert_null(intake_postcode_normalise(&a, "0123 AB"), "no postcode starts with 0");
    cr_assert_null(intake_postcode_normalise(&a, "1234 SS"));
    cr_assert_null(intake_postcode_normalise(&a, "1234 SA"));
    cr_assert_null(intake_postcode_normalise(&a, "123 AB"));
    cr_assert_null(intake_postcode_normalise(&a, "12345 AB"));
    cr_assert_null(intake_postcode_normalise(&a, "1234 A"));
    cr_assert_null(intake_postcode_normalise(&a, "1234 ABC"));
    cr_assert_null(intake_postcode_normalise(&a, "12 34AB"));
    cr_assert_null(intake_postcode_normalise(&a, "AB 1234"));
    cr_assert_null(intake_postcode_normalise(&a, "1234-AB"));
    cr_assert_null(intake_postcode_normalise(&a, ""));
    arena_free(&a);
}

Test(intake_model, emails_and_phones)
{
    cr_assert(intake_email_valid("a.b@voorbeeld.nl"));
    cr_assert(intake_email_valid("fatima+zorg@mail.example.com"));
    cr_assert_not(intake_email_valid("geen-apenstaart.nl"));
    cr_assert_not(intake_email_valid("a@b"));
    cr_assert_not(intake_email_valid("a@@voorbeeld.nl"));
    cr_assert_not(intake_email_valid("a b@voorbeeld.nl"));
    cr_assert_not(intake_email_valid("@voorbeeld.nl"));
    cr_assert_not(intake_email_valid("a@voorbeeld..nl"));
    cr_assert_not(intake_email_valid("<a>@voorbeeld.nl"));
    cr_assert_not(intake_email_valid(NULL));
    char *longmail = repeat("a", 260);
    memcpy(longmail + 240, "@voorbeeld.nl", 14);
    cr_assert_not(intake_email_valid(longmail));
    free(longmail);
    arena a;
    arena_init(&a, 0);
    cr_assert_str_eq(intake_phone_normalise(&a, "06-123 456 78"), "0612345678");
    cr_assert_str_eq(intake_phone_normalise(&a, "+31 (0)6 1234.5678"), "+310612345678");
    cr_assert(intake_phone_valid("0612345678"));
    cr_assert(intake_phone_valid("+31612345678"));
    cr_assert_not(intake_phone_valid("06123"));
    cr_assert_not(intake_phone_valid("06x2345678"));
    cr_assert_not(intake_phone_valid("+"));
    cr_assert_not(intake_phone_valid("1234567890123456"));
    arena_free(&a);
}

Test(intake_model, ages_languages_sources)
{
    cr_assert_eq(intake_age_at("2001-04-23", "2027-04-22"), 25);
    cr_assert_eq(intake_age_at("2001-04-23", "2027-04-23"), 26);
    cr_assert_eq(intake_age_at("2008-02-29", "2026-02-28"), 17);
    cr_assert_eq(intake_age_at("2008-02-29", "2026-03-01"), 18);
    cr_assert_eq(intake_age_at("2001-02-30", "2027-01-01"), -1);
    cr_assert(intake_languages_valid(NULL));
    cr_assert(intake_languages_valid("nl"));
    cr_assert(intake_languages_valid("nl,en,ar"));
    cr_assert_not(intake_languages_valid("nl,nl"));
    cr_assert_not(intake_languages_valid("NL"));
    cr_assert_not(intake_languages_valid("nl,"));
    cr_assert_not(intake_languages_valid("nld"));
    cr_assert_not(intake_languages_valid("nl en"));
    cr_assert_str_eq(intake_source_of(7, true, "x", NULL, NULL), "jobcoach");
    cr_assert_str_eq(intake_source_of(0, true, "x", NULL, NULL), "via_via");
    cr_assert_str_eq(intake_source_of(0, false, NULL, NULL, "lente"), "utm");
    cr_assert_str_eq(intake_source_of(0, false, "", NULL, NULL), "direct");
    cr_assert(intake_source_valid("import"));
    cr_assert_not(intake_source_valid("facebook"));
    cr_assert_not(intake_rate_limited(9, 10));
    cr_assert(intake_rate_limited(10, 10));
    cr_assert_not(intake_rate_limited(1000, 0), "0 switches the limit off");
}

Test(intake_model, normalise_trims_and_cleans)
{
    arena a;
    arena_init(&a, 0);
    intake_applicant in = good();
    in.given_name = "  Fatima ";
    in.email = " Fatima@Voorbeeld.NL ";
    in.phone = "06 - 12 34 56 78";
    in.postcode = "6711ab";
    in.hobbies = "   ";
    in.current_study = "";
    intake_applicant_normalise(&a, &in);
    cr_assert_str_eq(in.given_name, "Fatima");
    cr_assert_str_eq(in.email, "fatima@voorbeeld.nl");
    cr_assert_str_eq(in.phone, "0612345678");
    cr_assert_str_eq(in.postcode, "6711 AB");
    cr_assert_null(in.hobbies);
    cr_assert_null(in.current_study);
    api_errors e = {0};
    intake_campaign k = campaign();
    cr_assert_eq(intake_applicant_validate(&k, &in, NOW, &e), 0);
    cr_assert_eq(e.n, 0);
    arena_free(&a);
}

Test(intake_model, every_field_is_checked)
{
    char *long_name = repeat("a", INTAKE_NAME_MAX + 1);
    char *long_motivation = repeat("é", INTAKE_MOTIVATION_MAX + 1);
    char *ok_motivation = repeat("é", INTAKE_MOTIVATION_MAX);
    struct {
        const char *what;
        intake_applicant in;
        const char *field;
        msg_id reason;
    } cases[] = {
        {"no given name", good(), "given_name", MSG_APPLY_GIVEN_NAME_REQUIRED},
        {"long family name", good(), "family_name", MSG_APPLY_NAME_TOO_LONG},
        {"no email", good(), "email", MSG_APPLY_EMAIL_REQUIRED},
        {"bad email", good(), "email", MSG_APPLY_EMAIL_INVALID},
        {"bad phone", good(), "phone", MSG_APPLY_PHONE_INVALID},
        {"no birth", good(), "birth_date", MSG_APPLY_BIRTH_REQUIRED},
        {"bad birth", good(), "birth_date", MSG_APPLY_BIRTH_INVALID},
        {"future birth", good(), "birth_date", MSG_APPLY_BIRTH_FUTURE},
        {"too young", good(), "birth_date", MSG_APPLY_TOO_YOUNG},
        {"no postcode", good(), "postcode", MSG_APPLY_POSTCODE_REQUIRED},
        {"bad postcode", good(), "postcode", MSG_APPLY_POSTCODE_INVALID},
        {"languages", good(), "languages", MSG_APPLY_LANGUAGES_INVALID},
        {"days", good(), "avail_days", MSG_APPLY_DAYS_INVALID},
        {"parts", good(), "avail_parts", MSG_APPLY_PARTS_INVALID},
        {"hours", good(), "avail_hours", MSG_APPLY_HOURS_INVALID},
        {"from", good(), "avail_from", MSG_APPLY_DATE_INVALID},
        {"until before from", good(), "avail_until", MSG_APPLY_UNTIL_BEFORE_FROM},
        {"long motivation", good(), "motivation", MSG_APPLY_MOTIVATION_TOO_LONG},
        {"control char in name", good(), "given_name", MSG_APPLY_TEXT_INVALID},
        {"no consent", good(), "consent", MSG_APPLY_CONSENT_REQUIRED},
        {"source", good(), "source", MSG_APPLY_SOURCE_INVALID},
        {"lang", good(), "lang", MSG_APPLY_LANG_INVALID},
    };
    cases[0].in.given_name = NULL;
    cases[1].in.family_name = long_name;
    cases[2].in.email = "";
    cases[3].in.email = "fatima@";
    cases[4].in.phone = "0612";
    cases[5].in.birth_date = NULL;
    cases[6].in.birth_date = "2001-02-30";
    cases[7].in.birth_date = "2030-01-01";
    cases[8].in.birth_date = "2012-01-01";
    cases[9].in.postcode = NULL;
    cases[10].in.postcode = "12345";
    cases[11].in.languages = "nl,xx1";
    cases[12].in.avail_days = 0x80;
    cases[13].in.avail_parts = 0x10;
    cases[14].in.avail_hours = 61;
    cases[15].in.avail_from = "morgen";
    cases[16].in.avail_from = "2027-03-01";
    cases[16].in.avail_until = "2027-02-01";
    cases[17].in.motivation = long_motivation;
    cases[18].in.given_name = "Fa\x01tima";
    cases[19].in.consent = false;
    cases[20].in.source = "facebook";
    cases[21].in.lang = "de";
    intake_campaign k = campaign();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        api_errors e = {0};
        cr_assert_eq(intake_applicant_validate(&k, &cases[i].in, NOW, &e), API_EINVALID, "%s", cases[i].what);
        msg_id why;
        cr_assert(api_errors_has(&e, cases[i].field, &why), "%s: no error on %s", cases[i].what, cases[i].field);
        cr_assert_eq(why, cases[i].reason, "%s: reason %d", cases[i].what, (int)why);
        cr_assert_eq(e.n, 1, "%s: only the wrong field is named (%d errors)", cases[i].what, e.n);
    }
    intake_applicant in = good();
    in.motivation = ok_motivation;
    in.birth_date = "2011-03-01"; /* exactly 16 at the cohort's start */
    api_errors e = {0};
    cr_assert_eq(intake_applicant_validate(&k, &in, NOW, &e), 0, "4000 characters and age 16 at the start pass");
    k.max_age = 25;
    in.birth_date = "2001-02-28"; /* 26 on 2027-03-01 */
    cr_assert_eq(intake_applicant_validate(&k, &in, NOW, &e), API_EINVALID);
    cr_assert(api_errors_has(&e, "birth_date", NULL));
    free(long_name);
    free(long_motivation);
    free(ok_motivation);
}

Test(intake_model, a_script_in_the_motivation_is_just_text)
{
    intake_applicant in = good();
    in.motivation = "<script>alert('hoi')</script>\nIk wil helpen.";
    api_errors e = {0};
    intake_campaign k = campaign();
    cr_assert_eq(intake_applicant_validate(&k, &in, NOW, &e), 0);
}

/* ---- The store, against a temporary database ---- */

static char dir[256];
static db *d;
static db_conn *c;
static arena A;
static int64_t campaign_id, programme_id;

static int64_t count(const char *sql)
{
    int64_t n = -1;
    cr_assert_eq(db_query_int(c, sql, DB_NOARGS, &n), 0, "%s", sql);
    return n;
}

static void exec(const char *sql)
{
    cr_assert_eq(db_exec(c, sql, DB_NOARGS), 0, "%s: %s", sql, db_errmsg(c));
}

static void setup(void)
{
    cr_assert_eq(random_init(), 0);
    snprintf(dir, sizeof dir, "/tmp/instroom-test-intake-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    char path[300], err[256];
    snprintf(path, sizeof path, "%s/t.db", dir);
    cr_assert_eq(db_open(path, NULL, &d, err, sizeof err), 0, "%s", err);
    cr_assert_geq(db_migrate(d, err, sizeof err), 0, "%s", err);
    arena_init(&A, 0);
    c = db_acquire(d);
    exec("INSERT INTO orgs(id, name, kind, region, created_at) VALUES (1, 'WZW', 'regional', 'Gelderland', 0),"
         " (2, 'Opella', 'care', 'Gelderland', 0), (3, 'ROC Rivor', 'school', 'Gelderland', 0)");
    exec("INSERT INTO programmes(id, slug, name, kind, owner_org, min_age, created_at)"
         " VALUES (1, 'zorgrunners', 'Zorgrunners', 'flexpool', 1, 16, 0)");
    exec("INSERT INTO programme_partners(programme_id, org_id, part) VALUES (1, 2, 'employer'), (1, 3, 'school')");
    exec("INSERT INTO cohorts(id, programme_id, name, starts_on, ends_on, capacity, created_at)"
         " VALUES (1, 1, '2027', '2027-03-01', '2027-09-01', 40, 0)");
    exec("INSERT INTO campaigns(id, cohort_id, slug, title, opens_at, closes_at, target, cap, retention_weeks,"
         " created_at) VALUES (1, 1, 'zr-2027', 'Zorgrunners 2027', 0, 4000000000, 3, 2, 6, 0)");
    campaign_id = 1;
    programme_id = 1;
    EXPECT_RC(0, db_begin(c, true));
    EXPECT_RC(0, intake_stages_create_default(c, campaign_id));
    EXPECT_RC(0, db_commit(c));
}

static void teardown(void)
{
    db_fault_inject(DB_FAULT_COMMIT, 0);
    db_fault_inject(DB_FAULT_STEP, 0);
    db_release(c);
    db_close(d);
    arena_free(&A);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}

TestSuite(intake_store, .init = setup, .fini = teardown);

static intake_created apply_as(intake_applicant in)
{
    intake_campaign k;
    EXPECT_RC(0, intake_campaign_get(c, &A, campaign_id, &k));
    intake_applicant_normalise(&A, &in);
    api_errors e = {0};
    cr_assert_eq(intake_applicant_validate(&k, &in, NOW, &e), 0);
    intake_created out;
    EXPECT_RC(0, db_begin(c, true));
    EXPECT_RC(0, intake_application_create(c, &k, &in, NOW, 0, &out));
    EXPECT_RC(0, db_commit(c));
    return out;
}

Test(intake_store, campaign_by_slug_with_programme_and_count)
{
    intake_campaign k;
    EXPECT_RC(0, intake_campaign_by_slug(c, &A, "zr-2027", &k));
    cr_assert_eq(k.id, campaign_id);
    cr_assert_eq(k.programme_id, programme_id);
    cr_assert_str_eq(k.programme_name, "Zorgrunners");
    cr_assert_str_eq(k.cohort_starts_on, "2027-03-01");
    cr_assert_eq(k.cap, 2);
    cr_assert_eq(k.retention_weeks, 6);
    cr_assert_eq(k.min_age, 16);
    cr_assert_eq(k.applications, 0);
    EXPECT_RC(DB_ENOTFOUND, intake_campaign_by_slug(c, &A, "nope", &k));
    EXPECT_RC(DB_ENOTFOUND, intake_campaign_get(c, &A, 99, &k));
    int64_t *orgs;
    int n;
    EXPECT_RC(0, intake_campaign_partners(c, &A, campaign_id, &orgs, &n));
    cr_assert_eq(n, 2);
    cr_assert_eq(orgs[0], 2);
    cr_assert_eq(orgs[1], 3);
    intake_stage *st;
    EXPECT_RC(0, intake_stages(c, &A, campaign_id, &st, &n));
    cr_assert_eq(n, 7);
    cr_assert_str_eq(st[0].key, "aangemeld");
    cr_assert_str_eq(st[4].name_en, "Waiting list");
    cr_assert_eq(st[4].kind, INTAKE_STAGE_WAITLIST);
    cr_assert_eq(st[6].position, 7);
}

Test(intake_store, an_application_is_stored_moved_and_mailed)
{
    intake_applicant in = good();
    in.motivation = "<script>alert(1)</script>";
    in.languages = "nl,ar";
    in.avail_days = 0x1f;
    in.source = "utm";
    in.utm_source = "instagram";
    intake_created out = apply_as(in);
    cr_assert_gt(out.application_id, 0);
    cr_assert_gt(out.person_id, 0);
    cr_assert_not(out.waitlisted);
    cr_assert_eq(out.duplicate_of, 0);
    cr_assert_eq(strlen(out.status_token), 22, "128 bits as base64url");
    cr_assert_eq(count("SELECT count(*) FROM applications WHERE motivation = '<script>alert(1)</script>'"), 1,
                 "stored as typed");
    cr_assert_eq(count("SELECT count(*) FROM applications a JOIN campaign_stages s ON s.id = a.stage_id"
                       " WHERE s.key = 'aangemeld' AND a.source = 'utm' AND a.utm_source = 'instagram'"),
                 1);
    cr_assert_eq(count("SELECT count(*) FROM application_moves WHERE from_stage IS NULL"), 1);
    cr_assert_eq(count("SELECT count(*) FROM person_orgs WHERE relation = 'applicant'"), 2,
                 "linked to both partners");
    cr_assert_eq(count("SELECT count(*) FROM outbox WHERE to_addr = 'fatima@voorbeeld.nl' AND kind ="
                       " 'application_received' AND sent_at IS NULL AND body LIKE '%/apply/status/%'"),
                 1);
    cr_assert_eq(count("SELECT count(*) FROM audit_log WHERE entity = 'application' AND action = 'create'"), 1);
    /* Only the token's hash is stored. */
    int64_t n = -1;
    EXPECT_RC(0, db_query_int(c, "SELECT count(*) FROM applications WHERE status_token_hash = ?",
                              DB_ARGS(db_text(out.status_token)), &n));
    cr_assert_eq(n, 0);
    intake_status st;
    EXPECT_RC(0, intake_status_by_token(c, &A, out.status_token, &st));
    cr_assert_eq(st.application_id, out.application_id);
    cr_assert_str_eq(st.stage_name_nl, "Aangemeld");
    cr_assert_str_eq(st.campaign_slug, "zr-2027");
    EXPECT_RC(DB_ENOTFOUND, intake_status_by_token(c, &A, "AAAAAAAAAAAAAAAAAAAAAA", &st));
    EXPECT_RC(DB_ENOTFOUND, intake_status_by_token(c, &A, "short", &st));
    /* A move records who, when and why. */
    int64_t selected = 0;
    EXPECT_RC(0, db_query_int(c, "SELECT id FROM campaign_stages WHERE key = 'geselecteerd'", DB_NOARGS, &selected));
    EXPECT_RC(0, db_begin(c, true));
    EXPECT_RC(0, intake_application_move(c, out.application_id, selected, 0, "sterke motivatie", NOW + 60));
    EXPECT_RC(0, db_commit(c));
    EXPECT_RC(0, intake_status_by_token(c, &A, out.status_token, &st));
    cr_assert_str_eq(st.stage_name_en, "Selected");
    cr_assert_eq(st.stage_kind, INTAKE_STAGE_SELECTED);
    cr_assert_eq(count("SELECT count(*) FROM application_moves WHERE reason = 'sterke motivatie' AND at = "
                       "1795348860"),
                 1);
    EXPECT_RC(DB_ENOTFOUND, intake_application_move(c, 999, selected, 0, NULL, NOW));
    /* A stage of another campaign is not there for this application. */
    exec("INSERT INTO campaigns(id, cohort_id, slug, title, opens_at, closes_at, target, cap, created_at)"
         " VALUES (2, 1, 'other', 'Other', 0, 10, 1, 1, 0)");
    EXPECT_RC(0, intake_stages_create_default(c, 2));
    int64_t foreign = 0;
    EXPECT_RC(0, db_query_int(c, "SELECT id FROM campaign_stages WHERE campaign_id = 2 LIMIT 1", DB_NOARGS, &foreign));
    EXPECT_RC(DB_ENOTFOUND, intake_application_move(c, out.application_id, foreign, 0, NULL, NOW));
}

Test(intake_store, duplicates_are_linked_never_merged)
{
    intake_created first = apply_as(good());
    intake_applicant same_mail = good();
    same_mail.email = "FATIMA@voorbeeld.nl";
    same_mail.phone = NULL;
    same_mail.given_name = "F.";
    intake_created second = apply_as(same_mail);
    cr_assert_neq(second.person_id, first.person_id, "never merged");
    cr_assert_eq(second.duplicate_of, first.person_id);
    cr_assert_str_eq(second.duplicate_reason, "email");
    intake_applicant same_phone = good();
    same_phone.email = "iemand.anders@voorbeeld.nl";
    same_phone.phone = "06-1234 5678";
    same_phone.given_name = "Anders";
    intake_created third = apply_as(same_phone);
    cr_assert_eq(third.duplicate_of, first.person_id);
    cr_assert_str_eq(third.duplicate_reason, "phone");
    intake_applicant same_name = good();
    same_name.email = "derde@voorbeeld.nl";
    same_name.phone = NULL;
    same_name.given_name = "fatima";
    intake_created fourth = apply_as(same_name);
    cr_assert_eq(fourth.duplicate_of, first.person_id);
    cr_assert_str_eq(fourth.duplicate_reason, "name_birth");
    intake_applicant other = good();
    other.email = "vierde@voorbeeld.nl";
    other.phone = NULL;
    other.birth_date = "1999-01-01";
    intake_created fifth = apply_as(other);
    cr_assert_eq(fifth.duplicate_of, 0);
    cr_assert_null(fifth.duplicate_reason);
    cr_assert_eq(count("SELECT count(*) FROM people"), 5);
    cr_assert_eq(count("SELECT count(*) FROM applications WHERE duplicate_of IS NOT NULL"), 3);
}

Test(intake_store, past_the_cap_applicants_wait)
{
    intake_applicant in = good();
    for (int i = 0; i < 4; i++) {
        char mail[64];
        snprintf(mail, sizeof mail, "p%d@voorbeeld.nl", i);
        in.email = arena_strdup(&A, mail);
        in.phone = NULL;
        in.birth_date = i % 2 ? "1990-01-01" : "1991-01-01";
        in.given_name = arena_strdup(&A, mail);
        intake_created out = apply_as(in);
        cr_assert_eq(out.waitlisted, i >= 2, "applicant %d", i);
        intake_status st;
        EXPECT_RC(0, intake_status_by_token(c, &A, out.status_token, &st));
        cr_assert_str_eq(st.stage_key, i >= 2 ? "wachtlijst" : "aangemeld");
        cr_assert_eq(st.waitlisted, i >= 2);
    }
    cr_assert_eq(count("SELECT count(*) FROM outbox WHERE body LIKE '%wachtlijst%'"), 2);
    cr_assert_eq(count("SELECT count(*) FROM application_moves WHERE reason = 'cap reached: waiting list'"), 2);
}

Test(intake_store, import_keys_and_given_tokens)
{
    intake_applicant in = good();
    in.import_key = "row-1";
    in.source = "import";
    intake_created a = apply_as(in);
    cr_assert_not(a.existed);
    intake_created b = apply_as(in);
    cr_assert(b.existed);
    cr_assert_eq(b.application_id, a.application_id);
    cr_assert_eq(count("SELECT count(*) FROM applications"), 1);
    intake_applicant t = good();
    t.email = "token@voorbeeld.nl";
    t.status_token = "abcdefghijklmnopqrstuv";
    intake_created ct = apply_as(t);
    cr_assert_str_eq(ct.status_token, "abcdefghijklmnopqrstuv");
    intake_status st;
    EXPECT_RC(0, intake_status_by_token(c, &A, "abcdefghijklmnopqrstuv", &st));
    /* The same token again is refused by the database (the form shows the first). */
    intake_campaign k;
    EXPECT_RC(0, intake_campaign_get(c, &A, campaign_id, &k));
    intake_created again;
    EXPECT_RC(0, db_begin(c, true));
    EXPECT_RC(DB_ECONSTRAINT, intake_application_create(c, &k, &t, NOW, 0, &again));
    db_rollback(c);
}

Test(intake_store, a_failing_step_stores_nothing)
{
    intake_campaign k;
    EXPECT_RC(0, intake_campaign_get(c, &A, campaign_id, &k));
    intake_applicant in = good();
    for (int nth = 1; nth <= 12; nth++) {
        intake_created out;
        EXPECT_RC(0, db_begin(c, true));
        db_fault_inject(DB_FAULT_STEP, nth);
        int rc = intake_application_create(c, &k, &in, NOW, 0, &out);
        db_fault_inject(DB_FAULT_STEP, 0);
        if (rc) db_rollback(c);
        else db_commit(c);
        if (rc) {
            cr_assert_eq(out.application_id, 0);
            cr_assert_eq(count("SELECT count(*) FROM applications"), count("SELECT count(*) FROM outbox"));
        }
    }
    cr_assert_eq(count("SELECT count(*) FROM applications"), count("SELECT count(*) FROM outbox"));
    cr_assert_eq(count("SELECT count(*) FROM applications"), count("SELECT count(*) FROM application_moves"));
}

Test(intake_store, attempts_are_counted_per_address)
{
    int64_t n = -1;
    for (int i = 0; i < 3; i++) {
        EXPECT_RC(0, intake_apply_attempt(c, "192.0.2.1", NOW + i, 600, &n));
        cr_assert_eq(n, i);
    }
    EXPECT_RC(0, intake_apply_attempt(c, "192.0.2.2", NOW, 600, &n));
    cr_assert_eq(n, 0, "another address has its own count");
    EXPECT_RC(0, intake_apply_attempt(c, "192.0.2.1", NOW + 700, 600, &n));
    cr_assert_eq(n, 0, "old attempts fall out of the window");
    EXPECT_RC(0, intake_apply_attempt(c, "192.0.2.1", NOW + 2 * 86400, 600, &n));
    cr_assert_eq(count("SELECT count(*) FROM apply_attempts WHERE ip = '192.0.2.1'"), 1, "a day later they are gone");
}

Test(intake_store, outbox_queue_refuses_missing_parts)
{
    EXPECT_RC(DB_ERR, intake_outbox_queue(c, NULL, "s", "b", "k", NULL, 0, NOW));
    EXPECT_RC(0, intake_outbox_queue(c, "a@b.nl", "s", "b", "k", NULL, 0, NOW));
    cr_assert_eq(count("SELECT count(*) FROM outbox WHERE next_try_at = 1795348800 AND attempts = 0"), 1);
}
