#include <criterion/criterion.h>

#include "base/json.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "db/db.h"
#include "http/api.h"
#include "orgs/model.h"
#include "orgs/orgs.h"

/* Criterion's macros split their arguments on commas, so calls with DB_ARGS
 * are evaluated into a variable first. */
#define EXPECT_RC(expect, call)                                            \
    do {                                                                   \
        int rc_ = (call);                                                  \
        cr_assert_eq(rc_, (expect), "%s returned %d", #call, rc_);         \
    } while (0)

/* ---- The model ---- */

static char *repeat(const char *unit, int n)
{
    size_t len = strlen(unit);
    char *s = calloc((size_t)n * len + 1, 1);
    for (int i = 0; i < n; i++) memcpy(s + (size_t)i * len, unit, len);
    return s;
}

static orgs_input good(void)
{
    return (orgs_input){"Opella", "care", "Gelderland", "Ede", "https://www.opella.nl"};
}

Test(orgs_model, kinds_round_trip_with_dutch_names)
{
    for (int k = 0; k < ORGS_KIND_COUNT; k++) cr_assert_eq((int)orgs_kind_parse(orgs_kind_name((orgs_kind)k)), k);
    cr_assert_eq(orgs_kind_parse("bakery"), ORGS_KIND_COUNT);
    cr_assert_eq(orgs_kind_parse(NULL), ORGS_KIND_COUNT);
    cr_assert_eq(orgs_kind_parse("Care"), ORGS_KIND_COUNT, "kinds are case-sensitive codes");
    cr_assert_null(orgs_kind_name(ORGS_KIND_COUNT));
    cr_assert_str_eq(msg_in("nl", orgs_kind_label(ORGS_CARE)), "Zorgaanbieder");
    cr_assert_str_eq(msg_in("nl", orgs_kind_label(ORGS_SCHOOL)), "School (mbo)");
    cr_assert_str_eq(msg_in("nl", orgs_kind_label(ORGS_MUNICIPALITY)), "Gemeente");
    cr_assert_str_eq(msg_in("nl", orgs_kind_label(ORGS_UWV)), "UWV");
    cr_assert_str_eq(msg_in("nl", orgs_kind_label(ORGS_REGIONAL)), "Regionaal samenwerkingsverband");
    cr_assert_str_eq(msg_in("nl", orgs_kind_label(ORGS_ADVISORY)), "Adviesbureau");
    cr_assert_str_eq(msg_in("en", orgs_kind_label(ORGS_CARE)), "Care provider");
    cr_assert_eq(orgs_kind_label(ORGS_KIND_COUNT), MSG_ORGS_KIND_UNKNOWN);
}

Test(orgs_model, a_good_organisation_passes)
{
    orgs_input in = good();
    api_errors e = {0};
    cr_assert_eq(orgs_validate(&in, &e), 0);
    cr_assert_eq(e.n, 0);
    in.city = NULL;
    in.website = NULL;
    cr_assert_eq(orgs_validate(&in, &e), 0, "city and website are optional");
}

Test(orgs_model, every_field_is_checked)
{
    struct {
        orgs_input in;
        const char *field;
        msg_id reason;
    } cases[] = {
        {{NULL, "care", "R", NULL, NULL}, "name", MSG_ORGS_NAME_REQUIRED},
        {{"", "care", "R", NULL, NULL}, "name", MSG_ORGS_NAME_REQUIRED},
        {{"A\tB", "care", "R", NULL, NULL}, "name", MSG_ORGS_TEXT_INVALID},
        {{"A\nB", "care", "R", NULL, NULL}, "name", MSG_ORGS_TEXT_INVALID},
        {{"\xff\xfe", "care", "R", NULL, NULL}, "name", MSG_ORGS_TEXT_INVALID},
        {{"A", NULL, "R", NULL, NULL}, "kind", MSG_ORGS_KIND_REQUIRED},
        {{"A", "", "R", NULL, NULL}, "kind", MSG_ORGS_KIND_REQUIRED},
        {{"A", "bakery", "R", NULL, NULL}, "kind", MSG_ORGS_KIND_INVALID},
        {{"A", "care", NULL, NULL, NULL}, "region", MSG_ORGS_REGION_REQUIRED},
        {{"A", "care", "", NULL, NULL}, "region", MSG_ORGS_REGION_REQUIRED},
        {{"A", "care", "R", "x\x01y", NULL}, "city", MSG_ORGS_TEXT_INVALID},
        {{"A", "care", "R", NULL, "www.opella.nl"}, "website", MSG_ORGS_WEBSITE_INVALID},
        {{"A", "care", "R", NULL, "ftp://opella.nl"}, "website", MSG_ORGS_WEBSITE_INVALID},
        {{"A", "care", "R", NULL, "https://"}, "website", MSG_ORGS_WEBSITE_INVALID},
        {{"A", "care", "R", NULL, "https://opella .nl"}, "website", MSG_ORGS_WEBSITE_INVALID},
        {{"A", "care", "R", NULL, "javascript:alert(1)"}, "website", MSG_ORGS_WEBSITE_INVALID},
        {{"A", "care", "R", NULL, "https://\"><script>"}, "website", MSG_ORGS_WEBSITE_INVALID},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        api_errors e = {0};
        cr_assert_eq(orgs_validate(&cases[i].in, &e), API_EINVALID, "case %zu", i);
        cr_assert_eq(e.n, 1, "case %zu: one error, got %d", i, e.n);
        cr_assert_str_eq(e.items[0].field, cases[i].field, "case %zu", i);
        cr_assert_eq(e.items[0].reason, cases[i].reason, "case %zu: reason %d", i, e.items[0].reason);
    }
}

Test(orgs_model, lengths_count_characters_not_bytes)
{
    api_errors e = {0};
    char *n200 = repeat("\xc3\xa9", 200); /* 200 x é: 400 bytes */
    char *n201 = repeat("a", 201);
    orgs_input in = good();
    in.name = n200;
    cr_assert_eq(orgs_validate(&in, &e), 0, "200 characters are fine, whatever their bytes");
    in.name = n201;
    cr_assert_eq(orgs_validate(&in, &e), API_EINVALID);
    cr_assert_str_eq(e.items[0].field, "name");
    cr_assert_eq(e.items[0].reason, MSG_ORGS_NAME_TOO_LONG);

    char *r100 = repeat("\xe2\x82\xac", 100), *r101 = repeat("r", 101); /* euro signs: 3 bytes each */
    in = good();
    in.region = r100;
    e.n = 0;
    cr_assert_eq(orgs_validate(&in, &e), 0);
    in.region = r101;
    cr_assert_eq(orgs_validate(&in, &e), API_EINVALID);
    cr_assert_eq(e.items[0].reason, MSG_ORGS_REGION_TOO_LONG);

    in = good();
    in.city = r101;
    e.n = 0;
    cr_assert_eq(orgs_validate(&in, &e), API_EINVALID);
    cr_assert_eq(e.items[0].reason, MSG_ORGS_CITY_TOO_LONG);

    char *w = repeat("a", 300);
    memcpy(w, "https://", 8);
    in = good();
    in.website = w;
    e.n = 0;
    cr_assert_eq(orgs_validate(&in, &e), 0, "300 characters of address are fine");
    char *w2 = repeat("a", 301);
    memcpy(w2, "https://", 8);
    in.website = w2;
    cr_assert_eq(orgs_validate(&in, &e), API_EINVALID);
    cr_assert_eq(e.items[0].reason, MSG_ORGS_WEBSITE_TOO_LONG);
    free(n200);
    free(n201);
    free(r100);
    free(r101);
    free(w);
    free(w2);
}

Test(orgs_model, all_wrong_fields_are_named_at_once)
{
    orgs_input in = {"", "bakery", "", "c\x7f", "nope"};
    api_errors e = {0};
    cr_assert_eq(orgs_validate(&in, &e), API_EINVALID);
    cr_assert_eq(e.n, 5);
    const char *fields[] = {"name", "kind", "region", "city", "website"};
    for (int i = 0; i < 5; i++) cr_assert(api_errors_has(&e, fields[i], NULL), "%s", fields[i]);
}

Test(orgs_model, normalising_trims_and_drops_empty_optionals)
{
    arena a;
    arena_init(&a, 0);
    orgs_input in = {"  Opella \t", " care", " Gelderland ", "   ", " https://opella.nl "};
    orgs_input_normalise(&a, &in);
    cr_assert_str_eq(in.name, "Opella");
    cr_assert_str_eq(in.kind, "care");
    cr_assert_str_eq(in.region, "Gelderland");
    cr_assert_null(in.city);
    cr_assert_str_eq(in.website, "https://opella.nl");
    orgs_input blank = {"   ", NULL, NULL, NULL, NULL};
    orgs_input_normalise(&a, &blank);
    api_errors e = {0};
    cr_assert_eq(orgs_validate(&blank, &e), API_EINVALID);
    cr_assert_eq(e.items[0].reason, MSG_ORGS_NAME_REQUIRED, "white space alone is no name");
    arena_free(&a);
}

Test(orgs_model, status_filter)
{
    cr_assert_eq(orgs_status_parse(NULL), ORGS_STATUS_ACTIVE);
    cr_assert_eq(orgs_status_parse(""), ORGS_STATUS_ACTIVE);
    cr_assert_eq(orgs_status_parse("active"), ORGS_STATUS_ACTIVE);
    cr_assert_eq(orgs_status_parse("archived"), ORGS_STATUS_ARCHIVED);
    cr_assert_eq(orgs_status_parse("all"), ORGS_STATUS_ALL);
    cr_assert_eq(orgs_status_parse("deleted"), ORGS_STATUS_COUNT);
}

/* ---- The store, against a temporary database ---- */

static char dir[256];
static db *d;
static arena A;
static http_request req;
static auth_principal coordinator = {.user_id = 1, .name = "Carla", .roles = ROLE_BIT(ROLE_COORDINATOR)};

static void setup(void)
{
    snprintf(dir, sizeof dir, "/tmp/instroom-test-orgs-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    char path[300], err[256];
    snprintf(path, sizeof path, "%s/t.db", dir);
    cr_assert_eq(db_open(path, NULL, &d, err, sizeof err), 0, "%s", err);
    cr_assert_geq(db_migrate(d, err, sizeof err), 0, "%s", err);
    arena_init(&A, 0);
    http_request_init(&req, &A);
    req.db = d;
    req.method = "POST";
    req.path = "/orgs";
    req.remote_ip = "192.0.2.1";
    memcpy(req.id, "00000000deadbeef", 17);
    req.principal = &coordinator;
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

static int64_t count(const char *sql)
{
    int64_t n = -1;
    cr_assert_eq(db_query_int(http_db(&req), sql, DB_NOARGS, &n), 0, "%s", sql);
    return n;
}

static int64_t create(const char *name, const char *kind, const char *region)
{
    orgs_input in = {name, kind, region, NULL, NULL};
    api_errors e = {0};
    int64_t id = 0;
    EXPECT_RC(0, orgs_create(&req, &in, &e, &id));
    cr_assert_gt(id, 0);
    return id;
}

TestSuite(orgs_store, .init = setup, .fini = teardown);

Test(orgs_store, create_stores_and_audits_in_one_go)
{
    orgs_input in = {" Opella ", "care", "Gelderland", "Ede", "https://www.opella.nl"};
    api_errors e = {0};
    int64_t id = 0;
    EXPECT_RC(0, orgs_create(&req, &in, &e, &id));
    orgs_org o;
    EXPECT_RC(0, orgs_get(http_db(&req), &A, id, &o));
    cr_assert_str_eq(o.name, "Opella", "trimmed");
    cr_assert_str_eq(o.kind, "care");
    cr_assert_str_eq(o.city, "Ede");
    cr_assert_gt(o.created_at, 0);
    cr_assert_eq(o.archived_at, 0);
    db_stmt *s;
    EXPECT_RC(0, db_prepare(http_db(&req), "SELECT user_id, action, entity, entity_id, outcome, ip, request_id "
                                           "FROM audit_log", DB_NOARGS, &s));
    cr_assert_eq(db_step(s), DB_ROW);
    cr_assert_eq(db_col_int(s, 0), 1);
    cr_assert_str_eq(db_col_text(s, 1), "create");
    cr_assert_str_eq(db_col_text(s, 2), "org");
    cr_assert_eq(db_col_int(s, 3), id);
    cr_assert_str_eq(db_col_text(s, 4), "ok");
    cr_assert_str_eq(db_col_text(s, 5), "192.0.2.1");
    cr_assert_str_eq(db_col_text(s, 6), "00000000deadbeef");
    cr_assert_eq(db_step(s), DB_DONE);
    db_finalize(s);
    EXPECT_RC(DB_ENOTFOUND, orgs_get(http_db(&req), &A, id + 100, &o));
}

Test(orgs_store, bad_input_and_taken_names_change_nothing)
{
    create("Opella", "care", "Gelderland");
    orgs_input in = {"OPELLA", "care", "Gelderland", NULL, NULL};
    api_errors e = {0};
    int64_t id = 0;
    EXPECT_RC(API_EINVALID, orgs_create(&req, &in, &e, &id));
    cr_assert(api_errors_has(&e, "name", NULL));
    cr_assert_eq(e.items[0].reason, MSG_ORGS_NAME_TAKEN, "names are unique regardless of case");
    orgs_input bad = {"Zinzia", "bakery", "Gelderland", NULL, NULL};
    e.n = 0;
    EXPECT_RC(API_EINVALID, orgs_create(&req, &bad, &e, &id));
    cr_assert_str_eq(e.items[0].field, "kind");
    cr_assert_eq(count("SELECT count(*) FROM orgs"), 1);
    cr_assert_eq(count("SELECT count(*) FROM audit_log"), 1, "only the first create");
}

Test(orgs_store, a_failing_commit_stores_nothing)
{
    db_fault_inject(DB_FAULT_COMMIT, 1);
    orgs_input in = good();
    api_errors e = {0};
    int64_t id = 0;
    int rc = orgs_create(&req, &in, &e, &id);
    cr_assert_lt(rc, 0);
    cr_assert_neq(rc, API_EINVALID);
    cr_assert_eq(count("SELECT count(*) FROM orgs"), 0);
    cr_assert_eq(count("SELECT count(*) FROM audit_log"), 0);
    cr_assert_not(db_in_transaction(http_db(&req)));
    in = good();
    EXPECT_RC(0, orgs_create(&req, &in, &e, &id));
    cr_assert_eq(count("SELECT count(*) FROM orgs"), 1, "and the next one works");
}

Test(orgs_store, a_failing_audit_write_undoes_the_change)
{
    /* Steps of a create: the name check, the insert, the audit entry. */
    db_fault_inject(DB_FAULT_STEP, 3);
    orgs_input in = good();
    api_errors e = {0};
    int64_t id = 0;
    cr_assert_lt(orgs_create(&req, &in, &e, &id), 0);
    cr_assert_eq(count("SELECT count(*) FROM orgs"), 0, "no change without its audit entry");
    cr_assert_eq(count("SELECT count(*) FROM audit_log"), 0);
}

Test(orgs_store, update_names_the_changed_fields)
{
    int64_t id = create("Opella", "care", "Gelderland");
    orgs_input in = {"Opella Zorg", "care", "Gelderland", "Ede", NULL};
    api_errors e = {0};
    EXPECT_RC(0, orgs_update(&req, id, &in, -1, &e));
    orgs_org o;
    EXPECT_RC(0, orgs_get(http_db(&req), &A, id, &o));
    cr_assert_str_eq(o.name, "Opella Zorg");
    cr_assert_str_eq(o.city, "Ede");
    db_stmt *s;
    EXPECT_RC(0, db_prepare(http_db(&req), "SELECT action, detail FROM audit_log ORDER BY id DESC LIMIT 1", DB_NOARGS, &s));
    cr_assert_eq(db_step(s), DB_ROW);
    cr_assert_str_eq(db_col_text(s, 0), "update");
    cr_assert_str_eq(db_col_text(s, 1), "name, city");
    db_finalize(s);

    int64_t other = create("Zinzia", "care", "Gelderland");
    orgs_input clash = {"opella zorg", "care", "Gelderland", NULL, NULL};
    e.n = 0;
    EXPECT_RC(API_EINVALID, orgs_update(&req, other, &clash, -1, &e));
    cr_assert_eq(e.items[0].reason, MSG_ORGS_NAME_TAKEN);
    orgs_input same = {"Zinzia", "care", "Leiden", NULL, NULL};
    EXPECT_RC(0, orgs_update(&req, other, &same, -1, &e)); /* keeping one's own name is fine */
    orgs_input ok = good();
    EXPECT_RC(DB_ENOTFOUND, orgs_update(&req, 9999, &ok, -1, &e));
    orgs_input invalid = {"", "care", "R", NULL, NULL};
    e.n = 0;
    EXPECT_RC(API_EINVALID, orgs_update(&req, id, &invalid, -1, &e));
    EXPECT_RC(0, orgs_get(http_db(&req), &A, id, &o));
    cr_assert_str_eq(o.name, "Opella Zorg", "unchanged");
}

Test(orgs_store, archive_restore_and_list_filters)
{
    int64_t opella = create("Opella", "care", "Gelderland");
    create("ROC Rivor", "school", "Gelderland");
    create("Laurens", "care", "Rotterdam");
    create("Albeda", "school", "Rotterdam");
    create("UWV", "uwv", "Rotterdam");
    EXPECT_RC(0, orgs_set_archived(&req, opella, true));
    EXPECT_RC(0, orgs_set_archived(&req, opella, true));
    cr_assert_eq(count("SELECT count(*) FROM audit_log WHERE action = 'archive'"), 1, "twice changes nothing");
    EXPECT_RC(DB_ENOTFOUND, orgs_set_archived(&req, 9999, true));

    orgs_org *list;
    int n;
    int64_t total;
    orgs_query q = {.limit = 10};
    EXPECT_RC(0, orgs_list(http_db(&req), &A, &q, &list, &n, &total));
    cr_assert_eq(total, 4, "archived ones are left out by default");
    cr_assert_str_eq(list[0].name, "Albeda", "sorted by name");
    q.status = ORGS_STATUS_ARCHIVED;
    EXPECT_RC(0, orgs_list(http_db(&req), &A, &q, &list, &n, &total));
    cr_assert_eq(n, 1);
    cr_assert_str_eq(list[0].name, "Opella");
    q = (orgs_query){.status = ORGS_STATUS_ALL, .kind = "care", .limit = 10};
    EXPECT_RC(0, orgs_list(http_db(&req), &A, &q, &list, &n, &total));
    cr_assert_eq(n, 2);
    q = (orgs_query){.region = "Rotterdam", .sort = ORGS_SORT_KIND, .desc = true, .limit = 10};
    EXPECT_RC(0, orgs_list(http_db(&req), &A, &q, &list, &n, &total));
    cr_assert_eq(n, 3);
    cr_assert_str_eq(list[0].kind, "uwv");
    cr_assert_str_eq(list[2].kind, "care");
    q = (orgs_query){.status = ORGS_STATUS_ALL, .sort = ORGS_SORT_ID, .limit = 2};
    EXPECT_RC(0, orgs_list(http_db(&req), &A, &q, &list, &n, NULL));
    cr_assert_eq(n, 2);
    q.after = list[1].id;
    EXPECT_RC(0, orgs_list(http_db(&req), &A, &q, &list, &n, NULL));
    cr_assert_eq(n, 2);
    cr_assert_str_eq(list[0].name, "Laurens", "keyset continues after the last id");
    q = (orgs_query){.offset = 3, .limit = 2};
    EXPECT_RC(0, orgs_list(http_db(&req), &A, &q, &list, &n, &total));
    cr_assert_eq(n, 1);
    cr_assert_eq(total, 4);

    EXPECT_RC(0, orgs_set_archived(&req, opella, false));
    orgs_org o;
    EXPECT_RC(0, orgs_get(http_db(&req), &A, opella, &o));
    cr_assert_eq(o.archived_at, 0);
    orgs_input in = {"Opella", "care", "Gelderland", NULL, NULL};
    api_errors e = {0};
    EXPECT_RC(0, orgs_update(&req, opella, &in, 1, &e));
    EXPECT_RC(0, orgs_get(http_db(&req), &A, opella, &o));
    cr_assert_gt(o.archived_at, 0, "an update can archive in the same transaction");

    const char **regions;
    EXPECT_RC(0, orgs_regions(http_db(&req), &A, &regions, &n));
    cr_assert_eq(n, 2);
    cr_assert_str_eq(regions[0], "Gelderland");
    cr_assert_str_eq(regions[1], "Rotterdam");
}

Test(orgs_store, json_has_rfc3339_times_and_nulls)
{
    int64_t id = create("Opella", "care", "Gelderland");
    orgs_org o;
    EXPECT_RC(0, orgs_get(http_db(&req), &A, id, &o));
    o.created_at = 1772353800; /* 2026-03-01 08:30:00 UTC */
    buf b;
    buf_init(&b, 0);
    jsonw w;
    jsonw_init(&w, &b);
    orgs_write_json(&w, &o);
    cr_assert_eq(jsonw_finish(&w), 0);
    char err[128];
    json_t *j = json_parse(b.data, b.len, err, sizeof err);
    buf_free(&b);
    cr_assert_not_null(j, "%s", err);
    cr_assert_str_eq(json_string_value(json_object_get(j, "created_at")), "2026-03-01T08:30:00Z");
    cr_assert(json_is_null(json_object_get(j, "archived_at")));
    cr_assert(json_is_null(json_object_get(j, "city")));
    cr_assert_eq(json_integer_value(json_object_get(j, "id")), id);
    json_decref(j);
}
