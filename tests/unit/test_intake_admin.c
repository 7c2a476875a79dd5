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

Test(intake_admin_model, instants_are_amsterdam_or_rfc3339)
{
    int64_t t;
    EXPECT_RC(0, intake_instant_parse("2026-03-01T09:00", &t));
    cr_assert_eq(t, 1772352000, "09:00 CET is 08:00 UTC");
    EXPECT_RC(0, intake_instant_parse("2026-04-12T23:59", &t));
    cr_assert_eq(t, 1776031140, "summer time: UTC+2");
    EXPECT_RC(0, intake_instant_parse("2026-03-01T08:00:00Z", &t));
    cr_assert_eq(t, 1772352000);
    EXPECT_RC(0, intake_instant_parse("2026-03-01T10:00:00+02:00", &t));
    cr_assert_eq(t, 1772352000);
    EXPECT_RC(-1, intake_instant_parse("2026-02-30T09:00", &t));
    EXPECT_RC(-1, intake_instant_parse("1-3-2026 09:00", &t));
    EXPECT_RC(-1, intake_instant_parse("2026-03-01T09:00+2", &t));
    arena a;
    arena_init(&a, 0);
    cr_assert_str_eq(intake_instant_local(&a, 1772352000), "2026-03-01T09:00");
    arena_free(&a);
}

Test(intake_admin_model, programme_fields_are_checked_each)
{
    intake_programme_input in = {.slug = "Welslagen!", .name = "", .kind = "bakery", .owner_org = 0,
                                 .min_age = "12", .max_age = "x"};
    in.targets[in.ntargets++] = (intake_target){"continue_pct", 175, "too much"};
    in.phases[in.nphases++] = (intake_phase){"", 3};
    in.partners[in.npartners++] = (intake_partner){.org_id = 3, .part = "owner"};
    api_errors e = {0};
    EXPECT_RC(API_EINVALID, intake_programme_validate(&in, &e));
    const char *fields[] = {"slug", "name", "kind", "owner_org", "min_age", "max_age", "partners", "phases", "targets"};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        cr_assert(api_errors_has(&e, fields[i], NULL), "%s", fields[i]);
    intake_programme_input ok = {.slug = "welslagen", .name = "WelSlagen", .kind = "pre_track", .owner_org = 1,
                                 .min_age = "18", .max_age = "67"};
    ok.targets[ok.ntargets++] = (intake_target){"continue_pct", 75, "at least 75 % continue into BBL"};
    e.n = 0;
    EXPECT_RC(0, intake_programme_validate(&ok, &e));
    ok.min_age = "70";
    EXPECT_RC(API_EINVALID, intake_programme_validate(&ok, &e));
    cr_assert(api_errors_has(&e, "max_age", NULL), "min above max");
}

Test(intake_admin_model, phase_and_target_lines)
{
    arena a;
    arena_init(&a, 0);
    intake_programme_input in = {0};
    api_errors e = {0};
    EXPECT_RC(0, intake_phases_parse(&a, "Voortraject; 20\n\n  BBL niveau 2 \nBBL niveau 3; 0\n", &in, &e));
    cr_assert_eq(in.nphases, 3);
    cr_assert_str_eq(in.phases[0].name, "Voortraject");
    cr_assert_eq(in.phases[0].weeks, 20);
    cr_assert_str_eq(in.phases[1].name, "BBL niveau 2");
    cr_assert_eq(in.phases[1].weeks, 0);
    EXPECT_RC(API_EINVALID, intake_phases_parse(&a, "Voortraject; twintig", &in, &e));
    cr_assert(api_errors_has(&e, "phases", NULL));
    e.n = 0;
    EXPECT_RC(0, intake_targets_parse(&a, "continue_pct; 75; door naar BBL\ncapacity; 24,5; plaatsen", &in, &e));
    cr_assert_eq(in.ntargets, 2);
    cr_assert_float_eq(in.targets[1].value, 24.5, 1e-9);
    EXPECT_RC(API_EINVALID, intake_targets_parse(&a, "happiness; 10; veel", &in, &e));
    EXPECT_RC(API_EINVALID, intake_targets_parse(&a, "capacity; 10", &in, &e));
    arena_free(&a);
}

Test(intake_admin_model, places_may_not_exceed_capacity)
{
    intake_cohort_input in = {.programme_id = 1, .name = "Groep 1", .starts_on = "2026-09-01", .ends_on = "2027-01-31",
                              .capacity = "24"};
    in.places[in.nplaces++] = (intake_place){.org_id = 1, .places = 12};
    in.places[in.nplaces++] = (intake_place){.org_id = 2, .places = 12};
    api_errors e = {0};
    EXPECT_RC(0, intake_cohort_validate(&in, &e));
    in.places[1].places = 13;
    EXPECT_RC(API_EINVALID, intake_cohort_validate(&in, &e));
    cr_assert(api_errors_has(&e, "places", NULL));
    cr_assert_eq(e.items[0].reason, MSG_INTAKE_ADMIN_PLACES_OVER_CAPACITY);
    intake_cohort_input bad = {.programme_id = 1, .name = "G", .starts_on = "2026-09-01", .ends_on = "2026-08-01",
                               .capacity = "-1"};
    e.n = 0;
    EXPECT_RC(API_EINVALID, intake_cohort_validate(&bad, &e));
    cr_assert(api_errors_has(&e, "ends_on", NULL));
    cr_assert(api_errors_has(&e, "capacity", NULL));
}

Test(intake_admin_model, campaign_window_and_numbers)
{
    intake_campaign_input in = {.cohort_id = 1, .slug = "zorgrunners-2026", .title = "Zorgrunners 2026",
                                .opens_at = "2026-03-01T00:00", .closes_at = "2026-04-12T23:59", .target = "100",
                                .cap = "600"};
    api_errors e = {0};
    int64_t o, c;
    EXPECT_RC(0, intake_campaign_validate(&in, &e, &o, &c));
    cr_assert_lt(o, c);
    in.closes_at = "2026-02-01T00:00";
    in.cap = "veel";
    in.retention_weeks = "1000";
    EXPECT_RC(API_EINVALID, intake_campaign_validate(&in, &e, &o, &c));
    cr_assert(api_errors_has(&e, "closes_at", NULL));
    cr_assert(api_errors_has(&e, "cap", NULL));
    cr_assert(api_errors_has(&e, "retention_weeks", NULL));
}

/* ---- Against a database ---- */

static char dir[256];
static db *d;
static arena A;
static http_request req;
static auth_principal coordinator = {.user_id = 1, .name = "Carla", .roles = ROLE_BIT(ROLE_COORDINATOR)};
static int64_t org_a, org_b, programme, cohort, campaign;
static const int64_t NOW = 1775000000; /* 2026-03-31: the campaign is open */

static int64_t count(const char *sql)
{
    int64_t n = -1;
    cr_assert_eq(db_query_int(http_db(&req), sql, DB_NOARGS, &n), 0, "%s", sql);
    return n;
}

static void exec(const char *sql)
{
    cr_assert_eq(db_exec_script(http_db(&req), sql), 0, "%s: %s", sql, db_errmsg(http_db(&req)));
}

static void setup(void)
{
    cr_assert_eq(random_init(), 0);
    snprintf(dir, sizeof dir, "/tmp/instroom-test-intake-admin-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    char path[300], err[256];
    snprintf(path, sizeof path, "%s/t.db", dir);
    cr_assert_eq(db_open(path, NULL, &d, err, sizeof err), 0, "%s", err);
    cr_assert_geq(db_migrate(d, err, sizeof err), 0, "%s", err);
    arena_init(&A, 0);
    http_request_init(&req, &A);
    req.db = d;
    req.method = "POST";
    req.path = "/programmes";
    req.remote_ip = "192.0.2.1";
    memcpy(req.id, "00000000deadbeef", 17);
    req.principal = &coordinator;
    exec("INSERT INTO users(id, email, name, password_hash, created_at) VALUES (1, 'c@x.demo', 'Carla', 'x', 0);"
         "INSERT INTO orgs(id, name, kind, region, created_at) VALUES (1, 'Gemeente Rotterdam', 'municipality', 'Rotterdam', 0),"
         " (2, 'Laurens', 'care', 'Rotterdam', 0), (3, 'Albeda', 'school', 'Rotterdam', 0), (4, 'Opella', 'care', 'Gelderland', 0);");
    org_a = 2;
    org_b = 3;
    intake_programme_input in = {.slug = "welslagen", .name = "WelSlagen", .kind = "pre_track", .owner_org = 1,
                                 .min_age = "18"};
    in.partners[in.npartners++] = (intake_partner){.org_id = 2, .part = "employer"};
    in.partners[in.npartners++] = (intake_partner){.org_id = 3, .part = "school"};
    in.partners[in.npartners++] = (intake_partner){.org_id = 1, .part = "referrer"};
    in.phases[in.nphases++] = (intake_phase){"Voortraject", 20};
    in.targets[in.ntargets++] = (intake_target){"continue_pct", 75, "minstens 75 % door naar BBL"};
    api_errors e = {0};
    programme = 0;
    EXPECT_RC(0, intake_programme_save(&req, &programme, &in, &e));
    intake_cohort_input k = {.programme_id = programme, .name = "Groep 1", .starts_on = "2026-09-01",
                             .ends_on = "2027-01-31", .capacity = "24"};
    k.places[k.nplaces++] = (intake_place){.org_id = 2, .places = 12};
    k.places[k.nplaces++] = (intake_place){.org_id = 3, .places = 12};
    cohort = 0;
    EXPECT_RC(0, intake_cohort_save(&req, &cohort, &k, &e));
    intake_campaign_input c = {.cohort_id = cohort, .slug = "welslagen-1", .title = "WelSlagen groep 1",
                               .opens_at = "2026-03-01T00:00", .closes_at = "2026-04-12T23:59", .target = "30",
                               .cap = "100"};
    campaign = 0;
    EXPECT_RC(0, intake_campaign_save(&req, &campaign, &c, &e));
}

static void teardown(void)
{
    db_fault_inject(DB_FAULT_COMMIT, 0);
    db_fault_inject(DB_FAULT_STEP, 0);
    http_db_release(&req);
    db_close(d);
    arena_free(&A);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}

TestSuite(intake_admin_store, .init = setup, .fini = teardown);

Test(intake_admin_store, programme_cohort_campaign_are_stored_and_audited)
{
    intake_programme p;
    EXPECT_RC(0, intake_programme_load(http_db(&req), &A, programme, &p));
    cr_assert_str_eq(p.name, "WelSlagen");
    cr_assert_eq(p.npartners, 3);
    cr_assert_eq(p.nphases, 1);
    cr_assert_eq(p.phases[0].weeks, 20);
    cr_assert_eq(p.ntargets, 1);
    cr_assert_eq(p.min_age, 18);
    cr_assert_eq(p.max_age, 0);
    intake_cohort k;
    EXPECT_RC(0, intake_cohort_load(http_db(&req), &A, cohort, &k));
    cr_assert_eq(k.nplaces, 2);
    intake_campaign_row c;
    EXPECT_RC(0, intake_campaign_load(http_db(&req), &A, campaign, &c));
    cr_assert_eq(c.retention_weeks, 4, "the default");
    cr_assert_eq(c.opens_at, 1772319600, "2026-03-01 00:00 in Amsterdam is 23:00 UTC the day before");
    cr_assert_eq(count("SELECT count(*) FROM campaign_stages WHERE campaign_id = 1"), 7, "the default stages");
    cr_assert_eq(count("SELECT count(*) FROM audit_log WHERE action = 'create' AND entity IN ('programme', 'cohort', 'campaign')"), 3);
}

Test(intake_admin_store, bad_input_changes_nothing)
{
    api_errors e = {0};
    intake_campaign_input c = {.cohort_id = cohort, .slug = "welslagen-1", .title = "Dubbel", .opens_at = "2026-03-01T00:00",
                               .closes_at = "2026-04-12T23:59", .target = "30", .cap = "100"};
    int64_t id = 0;
    EXPECT_RC(API_EINVALID, intake_campaign_save(&req, &id, &c, &e));
    cr_assert(api_errors_has(&e, "slug", NULL), "a taken slug");
    intake_cohort_input k = {.programme_id = programme, .name = "Groep 2", .starts_on = "2027-03-01",
                             .ends_on = "2027-07-31", .capacity = "24"};
    k.places[k.nplaces++] = (intake_place){.org_id = 4, .places = 2}; /* Opella is no partner */
    e.n = 0;
    EXPECT_RC(API_EINVALID, intake_cohort_save(&req, &id, &k, &e));
    cr_assert(api_errors_has(&e, "places", NULL));
    cr_assert_eq(count("SELECT count(*) FROM cohorts"), 1);
    cr_assert_eq(count("SELECT count(*) FROM campaigns"), 1);
    cr_assert_eq(count("SELECT count(*) FROM audit_log"), 3);
    /* A programme may not drop a partner that has places. */
    intake_programme p;
    EXPECT_RC(0, intake_programme_load(http_db(&req), &A, programme, &p));
    intake_programme_input in = {.slug = p.slug, .name = p.name, .kind = p.kind, .owner_org = p.owner_org};
    in.partners[in.npartners++] = (intake_partner){.org_id = 1, .part = "referrer"};
    e.n = 0;
    EXPECT_RC(API_EINVALID, intake_programme_save(&req, &programme, &in, &e));
    cr_assert(api_errors_has(&e, "partners", NULL));
    cr_assert_eq(count("SELECT count(*) FROM programme_partners"), 3, "rolled back");
}

Test(intake_admin_store, a_failing_commit_stores_no_campaign_and_no_stages)
{
    db_fault_inject(DB_FAULT_COMMIT, 1);
    api_errors e = {0};
    intake_campaign_input c = {.cohort_id = cohort, .slug = "welslagen-2", .title = "Groep 2", .opens_at = "2026-09-01T00:00",
                               .closes_at = "2026-10-01T00:00", .target = "30", .cap = "100"};
    int64_t id = 0;
    cr_assert_lt(intake_campaign_save(&req, &id, &c, &e), 0);
    cr_assert_eq(count("SELECT count(*) FROM campaigns"), 1);
    cr_assert_eq(count("SELECT count(*) FROM campaign_stages"), 7);
}

/* ---- Import ---- */

static intake_campaign load_campaign(void)
{
    intake_campaign k;
    EXPECT_RC(0, intake_campaign_get(http_db(&req), &A, campaign, &k));
    return k;
}

static const char good_csv[] =
    "voornaam;achternaam;e-mail;telefoon;geboortedatum;postcode;toestemming\r\n"
    "Anouk;Willems;anouk@voorbeeld.demo;06 12345678;12-04-1978;3011np;ja\r\n"
    "Rachid;Bouzid;rachid@voorbeeld.demo;;1985-12-01;3021 QR;ja\r\n"
    "Priya;Ramdin;PRIYA@voorbeeld.demo;0612345679;14-02-1991;3051UV;ja\r\n";

static int import_text(const char *csv, size_t n, bool consent, intake_import_parsed *p, intake_import_result *r)
{
    intake_campaign k = load_campaign();
    int rc = intake_import_parse(&A, &k, csv, n, consent, NOW, p);
    if (rc) return rc;
    return intake_import_store(http_db(&req), &k, p, "lijst.csv", csv, n, 1, "192.0.2.1", "x", NOW, NULL, NULL, r);
}

Test(intake_admin_store, a_good_file_imports_every_row_and_twice_adds_nothing)
{
    intake_import_parsed p;
    intake_import_result r;
    EXPECT_RC(0, import_text(good_csv, sizeof good_csv - 1, false, &p, &r));
    cr_assert_eq(p.sep, ';');
    cr_assert_eq(r.added, 3);
    cr_assert_eq(count("SELECT count(*) FROM applications WHERE source = 'import' AND import_id IS NOT NULL"), 3);
    cr_assert_eq(count("SELECT count(*) FROM people WHERE birth_date = '1978-04-12' AND postcode = '3011 NP'"), 1,
                 "DD-MM-YYYY and postcodes normalised");
    cr_assert_eq(count("SELECT count(*) FROM imports WHERE added = 3 AND rows = 3"), 1);
    cr_assert_eq(count("SELECT count(*) FROM audit_log WHERE action = 'import' AND entity = 'campaign'"), 1);
    EXPECT_RC(0, import_text(good_csv, sizeof good_csv - 1, false, &p, &r));
    cr_assert_eq(r.added, 0);
    cr_assert_eq(r.existed, 3);
    cr_assert_eq(count("SELECT count(*) FROM applications"), 3, "the same file twice adds nothing");
    cr_assert_eq(count("SELECT count(*) FROM people"), 3);
    cr_assert_eq(count("SELECT count(*) FROM imports"), 2, "both imports are recorded");
}

Test(intake_admin_store, three_bad_rows_import_nothing_and_are_all_named)
{
    static const char csv[] =
        "given_name,family_name,email,birth_date,postcode,consent\n"
        "Anouk,Willems,anouk@voorbeeld.demo,1978-04-12,3011 NP,yes\n"
        "Rachid,Bouzid,not-an-email,1985-12-01,3021 QR,yes\n"
        "Priya,Ramdin,priya@voorbeeld.demo,31-02-1991,3051 UV,yes\n"
        "Ingrid,Kok,ingrid@voorbeeld.demo,1969-06-25,ABCD,yes\n"
        "Esra,Demir,esra@voorbeeld.demo,1996-10-19,2312 YZ,yes\n";
    intake_import_parsed p;
    intake_import_result r;
    EXPECT_RC(API_EINVALID, import_text(csv, sizeof csv - 1, false, &p, &r));
    cr_assert_eq(p.nerrors, 3);
    cr_assert_eq(p.errors[0].line, 3);
    cr_assert_str_eq(p.errors[0].field, "email");
    cr_assert_eq(p.errors[0].column, 3);
    cr_assert_eq(p.errors[1].line, 4);
    cr_assert_str_eq(p.errors[1].field, "birth_date");
    cr_assert_eq(p.errors[2].line, 5);
    cr_assert_str_eq(p.errors[2].field, "postcode");
    cr_assert_eq(count("SELECT count(*) FROM applications"), 0);
    cr_assert_eq(count("SELECT count(*) FROM imports"), 0);
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    intake_import_report(f, "en", &p);
    fclose(f);
    cr_assert(strstr(text, "line 3, column 3 (email)") != NULL, "%s", text);
    cr_assert(strstr(text, "line 5, column 5 (postcode)") != NULL, "%s", text);
    free(text);
}

Test(intake_admin_store, windows_1252_and_comma_files_and_header_problems)
{
    /* "Doğan" cannot be cp1252; "Zoë" and "Müller" can: 0xEB and 0xFC. */
    static const char csv[] = "Voornaam,Achternaam,E-mail,Geboortedatum,Postcode\r\n"
                              "Zo\xeb,M\xfcller,zoe@voorbeeld.demo,01-01-1990,6711 AB\r\n";
    intake_import_parsed p;
    intake_import_result r;
    EXPECT_RC(API_EINVALID, import_text(csv, sizeof csv - 1, false, &p, &r));
    cr_assert_eq(p.nerrors, 1, "no consent column and no declaration");
    cr_assert_str_eq(p.errors[0].field, "consent");
    EXPECT_RC(0, import_text(csv, sizeof csv - 1, true, &p, &r));
    cr_assert_str_eq(p.encoding, "windows-1252");
    cr_assert_eq(p.sep, ',');
    cr_assert_eq(r.added, 1);
    cr_assert_eq(count("SELECT count(*) FROM people WHERE given_name = 'Zo\xc3\xab' AND family_name = 'M\xc3\xbcller'"), 1);

    static const char bad_header[] = "voornaam;achternaam;e-mail;schoenmaat;postcode;voornaam\n"
                                     "A;B;a@b.nl;42;1234 AB;A\n";
    intake_campaign k = load_campaign();
    EXPECT_RC(API_EINVALID, intake_import_parse(&A, &k, bad_header, sizeof bad_header - 1, true, NOW, &p));
    cr_assert_eq(p.nerrors, 3, "unknown, duplicate, and the missing birth date column");
    cr_assert_eq(p.errors[0].column, 4);
    cr_assert_eq(p.errors[1].column, 6);
    cr_assert_str_eq(p.errors[2].field, "birth_date");
    static const char dates[] = "voornaam;achternaam;e-mail;geboortedatum;postcode\n"
                                "A;B;a@b.nl;12-04-1978-5;1234 AB\nC;D;c@d.nl;1-2-19900;1234 AB\nE;F;e@f.nl;12--1978;1234 AB\n"
                                "G;H;g@h.nl;1.2.1990;1234 AB\n";
    EXPECT_RC(API_EINVALID, intake_import_parse(&A, &k, dates, sizeof dates - 1, true, NOW, &p));
    cr_assert_eq(p.nerrors, 3, "three unreadable dates (the fuzzer found the first); 1.2.1990 is fine");
    for (int i = 0; i < 3; i++) cr_assert_eq(p.errors[i].reason, MSG_INTAKE_IMPORT_BAD_DATE);
    cr_assert_eq(p.nrows, 1);
    cr_assert_str_eq(p.rows[0].in.birth_date, "1990-02-01");
    static const char empty[] = "";
    EXPECT_RC(API_EINVALID, intake_import_parse(&A, &k, empty, 0, true, NOW, &p));
    static const char dup_rows[] = "voornaam;achternaam;e-mail;geboortedatum;postcode\n"
                                   "A;B;a@b.nl;1990-01-01;1234 AB\nA;B;A@B.NL;01-01-1990;1234ab\n";
    EXPECT_RC(API_EINVALID, intake_import_parse(&A, &k, dup_rows, sizeof dup_rows - 1, true, NOW, &p));
    cr_assert_eq(p.nerrors, 1);
    cr_assert_eq(p.errors[0].line, 3);
    cr_assert_eq(p.errors[0].reason, MSG_INTAKE_IMPORT_DUPLICATE_ROW);
}

Test(intake_admin_store, a_failing_row_in_the_store_undoes_the_whole_import)
{
    intake_campaign k = load_campaign();
    intake_import_parsed p;
    EXPECT_RC(0, intake_import_parse(&A, &k, good_csv, sizeof good_csv - 1, false, NOW, &p));
    intake_import_result r;
    db_fault_inject(DB_FAULT_COMMIT, 1);
    cr_assert_lt(intake_import_store(http_db(&req), &k, &p, "x.csv", good_csv, sizeof good_csv - 1, 1, NULL, NULL, NOW,
                                     NULL, NULL, &r),
                 0);
    cr_assert_eq(count("SELECT count(*) FROM applications"), 0);
    cr_assert_eq(count("SELECT count(*) FROM people"), 0);
    cr_assert_eq(count("SELECT count(*) FROM imports"), 0);
}

/* ---- Privacy ---- */

static int64_t stage(const char *key)
{
    int64_t id = 0;
    EXPECT_RC(0, db_query_int(http_db(&req), "SELECT id FROM campaign_stages WHERE campaign_id = ? AND key = ?",
                              DB_ARGS(db_int(campaign), db_text(key)), &id));
    return id;
}

static int64_t app_of(const char *email)
{
    int64_t id = 0;
    EXPECT_RC(0, db_query_int(http_db(&req), "SELECT a.id FROM applications a JOIN people p ON p.id = a.person_id WHERE p.email = ?",
                              DB_ARGS(db_text(email)), &id));
    return id;
}

Test(intake_admin_store, retention_erases_rejected_and_withdrawn_after_the_weeks)
{
    intake_import_parsed p;
    intake_import_result r;
    EXPECT_RC(0, import_text(good_csv, sizeof good_csv - 1, false, &p, &r));
    int64_t anouk = app_of("anouk@voorbeeld.demo"), rachid = app_of("rachid@voorbeeld.demo"),
            priya = app_of("priya@voorbeeld.demo");
    EXPECT_RC(0, intake_application_move(http_db(&req), anouk, stage("afgewezen"), 1, "past niet", NOW));
    EXPECT_RC(0, intake_application_move(http_db(&req), rachid, stage("teruggetrokken"), 1, NULL, NOW));
    EXPECT_RC(0, db_exec(http_db(&req), "UPDATE applications SET consent_keep = 1, motivation = 'graag' WHERE id = ?",
                         DB_ARGS(db_int(rachid))));
    intake_campaign k = load_campaign();
    int64_t closes = k.closes_at;
    intake_retention_result rr;
    EXPECT_RC(0, intake_retention_run(http_db(&req), closes + 4 * 7 * 86400 - 1, false, &rr));
    cr_assert_eq(rr.applications, 0, "not yet: four weeks after closing");
    EXPECT_RC(0, intake_retention_run(http_db(&req), closes + 4 * 7 * 86400, true, &rr));
    cr_assert_eq(rr.applications, 1, "a dry run counts");
    cr_assert_eq(count("SELECT count(*) FROM applications WHERE erased_at IS NOT NULL"), 0, "and changes nothing");
    EXPECT_RC(0, intake_retention_run(http_db(&req), closes + 4 * 7 * 86400, false, &rr));
    cr_assert_eq(rr.applications, 1);
    cr_assert_eq(rr.people, 1);
    cr_assert_eq(count("SELECT count(*) FROM people WHERE email = 'anouk@voorbeeld.demo'"), 0);
    cr_assert_eq(count("SELECT count(*) FROM people"), 2, "the person is gone");
    cr_assert_eq(count("SELECT count(*) FROM applications WHERE person_id IS NULL"), 1, "the application stays");
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM applications WHERE id = %lld AND erased_at IS NOT NULL"
                              " AND import_key IS NULL AND stage_id IS NOT NULL", (long long)anouk);
    cr_assert_eq(count(sql), 1, "the application remains for the counts");
    cr_assert_eq(count("SELECT count(*) FROM application_moves WHERE reason = 'past niet'"), 0);
    cr_assert_eq(count("SELECT count(*) FROM outbox WHERE to_addr = 'anouk@voorbeeld.demo'"), 0);
    cr_assert_eq(count("SELECT count(*) FROM person_orgs po JOIN applications a ON a.person_id = po.person_id"
                       " WHERE a.erased_at IS NOT NULL"), 0);
    cr_assert_eq(count("SELECT count(*) FROM audit_log WHERE action = 'erase' AND detail = 'retention'"), 2);
    cr_assert_eq(count("SELECT count(*) FROM job_runs WHERE name = 'retention'"), 1);
    cr_assert_eq(count("SELECT count(*) FROM applications WHERE erased_at IS NULL"), 2,
                 "Rachid consented to be kept a year; Priya is still open");
    EXPECT_RC(0, intake_retention_run(http_db(&req), closes + 365 * 86400, false, &rr));
    cr_assert_eq(rr.applications, 1);
    cr_assert_eq(count("SELECT count(*) FROM applications WHERE motivation = 'graag'"), 0);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM applications WHERE id = %lld AND erased_at IS NULL", (long long)priya);
    cr_assert_eq(count(sql), 1, "an open application is never erased");
    EXPECT_RC(0, intake_retention_run(http_db(&req), closes + 2 * 365 * 86400, false, &rr));
    cr_assert_eq(rr.applications, 0, "running again erases nothing more");
}

Test(intake_admin_store, a_person_linked_elsewhere_keeps_the_record_but_loses_the_answers)
{
    intake_import_parsed p;
    intake_import_result r;
    EXPECT_RC(0, import_text(good_csv, sizeof good_csv - 1, false, &p, &r));
    int64_t anouk = app_of("anouk@voorbeeld.demo");
    exec("INSERT INTO person_orgs(person_id, org_id, relation, since) SELECT person_id, 2, 'placed', 0 FROM applications"
         " WHERE id = 1");
    EXPECT_RC(0, db_exec(http_db(&req), "UPDATE applications SET id = id WHERE id = ?", DB_ARGS(db_int(anouk))));
    EXPECT_RC(0, intake_application_move(http_db(&req), 1, stage("afgewezen"), 1, NULL, NOW));
    intake_campaign k = load_campaign();
    intake_retention_result rr;
    EXPECT_RC(0, intake_retention_run(http_db(&req), k.closes_at + 5 * 7 * 86400, false, &rr));
    cr_assert_eq(rr.applications, 1);
    cr_assert_eq(rr.people, 0, "placed with Laurens: the person stays");
}

Test(intake_admin_store, export_has_everything_and_erasure_on_request)
{
    intake_import_parsed p;
    intake_import_result r;
    EXPECT_RC(0, import_text(good_csv, sizeof good_csv - 1, false, &p, &r));
    int64_t person = 0;
    EXPECT_RC(0, db_query_int(http_db(&req), "SELECT id FROM people WHERE email = 'anouk@voorbeeld.demo'", DB_NOARGS,
                              &person));
    buf b;
    buf_init(&b, 0);
    jsonw w;
    jsonw_init(&w, &b);
    EXPECT_RC(0, intake_person_export(http_db(&req), &A, person, &w));
    cr_assert_eq(jsonw_finish(&w), 0);
    json_error_t err;
    json_t *j = json_loadb(b.data, b.len, 0, &err);
    cr_assert_not_null(j, "%s", err.text);
    cr_assert_str_eq(json_string_value(json_object_get(json_object_get(j, "person"), "email")), "anouk@voorbeeld.demo");
    cr_assert_eq(json_array_size(json_object_get(j, "applications")), 1);
    json_t *app = json_array_get(json_object_get(j, "applications"), 0);
    cr_assert_str_eq(json_string_value(json_object_get(app, "stage")), "aangemeld");
    cr_assert(json_is_true(json_object_get(app, "waitlisted")) || json_is_false(json_object_get(app, "waitlisted")));
    cr_assert_eq(json_array_size(json_object_get(j, "moves")), 1);
    cr_assert_eq(json_array_size(json_object_get(j, "mail")), 1, "the confirmation in the outbox");
    cr_assert_geq(json_array_size(json_object_get(j, "links")), 1);
    cr_assert_geq(json_array_size(json_object_get(j, "audit")), 1);
    json_decref(j);
    buf_free(&b);
    buf_init(&b, 0);
    jsonw_init(&w, &b);
    EXPECT_RC(DB_ENOTFOUND, intake_person_export(http_db(&req), &A, 9999, &w));
    buf_free(&b);

    intake_retention_result rr;
    EXPECT_RC(0, intake_person_erase(http_db(&req), person, 1, "192.0.2.1", "x", NOW, &rr));
    cr_assert_eq(rr.applications, 1);
    cr_assert_eq(count("SELECT count(*) FROM people WHERE email = 'anouk@voorbeeld.demo' OR given_name = 'Anouk'"), 0);
    cr_assert_eq(count("SELECT count(*) FROM applications WHERE erased_at IS NOT NULL"), 1);
    cr_assert_eq(count("SELECT count(*) FROM applications"), 3, "the counts still add up");
    cr_assert_eq(count("SELECT count(*) FROM audit_log WHERE action = 'erase' AND entity = 'person' AND user_id = 1"), 1);
    EXPECT_RC(DB_ENOTFOUND, intake_person_erase(http_db(&req), 9999, 1, NULL, NULL, NOW, &rr));
}
