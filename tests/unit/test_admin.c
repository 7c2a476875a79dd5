#include <criterion/criterion.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/admin.h"
#include "auth/audit.h"
#include "auth/auth.h"
#include "db/db.h"
#include "http/api.h"

#define EXPECT_RC(expect, call)                                            \
    do {                                                                   \
        int rc_ = (call);                                                  \
        cr_assert_eq(rc_, (expect), "%s returned %d", #call, rc_);         \
    } while (0)

/* ---- The rules of a new account ---- */

static users_input good(void)
{
    return (users_input){"Rianne Jansen", "rianne@opella.demo", "nl", "recruiter", 2, "twaalf tekens!"};
}

static void expect_error(users_input in, const char *field, msg_id reason, const char *what)
{
    api_errors e = {0};
    cr_assert_eq(users_validate(&in, &e), API_EINVALID, "%s", what);
    cr_assert_eq(e.n, 1, "%s: one error, got %d", what, e.n);
    cr_assert_str_eq(e.items[0].field, field, "%s", what);
    cr_assert_eq(e.items[0].reason, reason, "%s: reason %d", what, e.items[0].reason);
}

Test(users_model, every_field_is_checked)
{
    api_errors e = {0};
    users_input in = good();
    cr_assert_eq(users_validate(&in, &e), 0);
    in.lang = NULL;
    cr_assert_eq(users_validate(&in, &e), 0, "the language defaults to Dutch");

    in = good(), in.name = NULL;
    expect_error(in, "name", MSG_USERS_NAME_REQUIRED, "no name");
    in = good(), in.name = "";
    expect_error(in, "name", MSG_USERS_NAME_REQUIRED, "empty name");
    char n201[202];
    memset(n201, 'n', 201);
    n201[201] = '\0';
    in = good(), in.name = n201;
    expect_error(in, "name", MSG_USERS_NAME_TOO_LONG, "201 characters");
    char n200[401];
    for (int i = 0; i < 200; i++) memcpy(n200 + 2 * i, "\xc3\xab", 2); /* ë */
    n200[400] = '\0';
    in = good(), in.name = n200;
    e.n = 0;
    cr_assert_eq(users_validate(&in, &e), 0, "200 characters of two bytes each");
    in = good(), in.name = "A\x1b[31m";
    expect_error(in, "name", MSG_USERS_TEXT_INVALID, "control character");

    in = good(), in.email = "";
    expect_error(in, "email", MSG_USERS_EMAIL_REQUIRED, "empty e-mail");
    const char *bad_emails[] = {"rianne", "rianne@", "@opella.demo", "ri anne@opella.demo", "r@opella", "a@@b.nl"};
    for (size_t i = 0; i < sizeof bad_emails / sizeof bad_emails[0]; i++) {
        in = good(), in.email = bad_emails[i];
        expect_error(in, "email", MSG_USERS_EMAIL_INVALID, bad_emails[i]);
    }
    in = good(), in.lang = "de";
    expect_error(in, "lang", MSG_USERS_LANG_INVALID, "German");
    in = good(), in.role = NULL;
    expect_error(in, "role", MSG_USERS_ROLE_REQUIRED, "no role");
    in = good(), in.role = "admin";
    expect_error(in, "role", MSG_USERS_ROLE_INVALID, "admin");
    in = good(), in.org_id = 0;
    expect_error(in, "org_id", MSG_USERS_ORG_REQUIRED, "recruiter without organisation");
    in = good(), in.role = "participant";
    expect_error(in, "org_id", MSG_USERS_ORG_NOT_FOR_PARTICIPANT, "participant with organisation");
    in = good(), in.role = "participant", in.org_id = 0;
    e.n = 0;
    cr_assert_eq(users_validate(&in, &e), 0, "participant without organisation");
    in = good(), in.password = NULL;
    expect_error(in, "password", MSG_USERS_PASSWORD_REQUIRED, "no password");
    in = good(), in.password = "elf tekens!";
    expect_error(in, "password", MSG_USERS_PASSWORD_WEAK, "11 characters");
    char huge[1100];
    memset(huge, 'p', sizeof huge - 1);
    huge[sizeof huge - 1] = '\0';
    in = good(), in.password = huge;
    expect_error(in, "password", MSG_USERS_PASSWORD_TOO_LONG, "over 1024 bytes");
}

Test(users_model, normalising)
{
    arena a;
    arena_init(&a, 0);
    users_input in = {" Rianne ", " Rianne@Opella.DEMO ", "", "recruiter", 2, "twaalf tekens!"};
    users_input_normalise(&a, &in);
    cr_assert_str_eq(in.name, "Rianne");
    cr_assert_str_eq(in.email, "rianne@opella.demo");
    cr_assert_null(in.lang);
    cr_assert_str_eq(in.password, "twaalf tekens!", "passwords are kept as typed");
    arena_free(&a);
    cr_assert(audit_outcome_valid("ok"));
    cr_assert(audit_outcome_valid("denied"));
    cr_assert(audit_outcome_valid("failed"));
    cr_assert_not(audit_outcome_valid("OK"));
    cr_assert_not(audit_outcome_valid(NULL));
}

/* ---- The store, against a temporary database ---- */

static char dir[256];
static db *d;
static arena A;
static http_request req;
static int64_t wzw, opella, archived_org;
static auth_membership coord_m[] = {{0, ROLE_COORDINATOR}};
static auth_principal coordinator = {.user_id = 0, .name = "Carla", .memberships = coord_m, .nmemberships = 1,
                                     .roles = ROLE_BIT(ROLE_COORDINATOR)};

static int64_t add_org(const char *name, int64_t archived_at)
{
    int64_t id;
    EXPECT_RC(0, db_insert(http_db(&req), "INSERT INTO orgs(name, kind, region, created_at, archived_at) "
                                          "VALUES (?, 'care', 'R', 1, ?) RETURNING id",
                           DB_ARGS(db_text(name), archived_at ? db_int(archived_at) : db_null()), &id));
    return id;
}

static int64_t count(const char *sql)
{
    int64_t n = -1;
    cr_assert_eq(db_query_int(http_db(&req), sql, DB_NOARGS, &n), 0, "%s", sql);
    return n;
}

static void setup(void)
{
    cr_assert_geq(sodium_init(), 0);
    snprintf(dir, sizeof dir, "/tmp/instroom-test-admin-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    char path[300], err[256];
    snprintf(path, sizeof path, "%s/t.db", dir);
    cr_assert_eq(db_open(path, NULL, &d, err, sizeof err), 0, "%s", err);
    cr_assert_geq(db_migrate(d, err, sizeof err), 0, "%s", err);
    arena_init(&A, 0);
    http_request_init(&req, &A);
    req.db = d;
    req.method = "POST";
    req.path = "/users";
    req.remote_ip = "192.0.2.9";
    memcpy(req.id, "0000000000000009", 17);
    wzw = add_org("WZW", 0);
    opella = add_org("Opella", 0);
    archived_org = add_org("Oud", 5);
    coord_m[0].org_id = wzw;
    int64_t uid;
    EXPECT_RC(0, db_insert(http_db(&req), "INSERT INTO users(email, name, password_hash, created_at) "
                                          "VALUES ('carla@wzw.demo', 'Carla', 'x', 1) RETURNING id", DB_NOARGS, &uid));
    coordinator.user_id = uid;
    req.principal = &coordinator;
}

static void teardown(void)
{
    db_fault_inject(DB_FAULT_COMMIT, 0);
    http_db_release(&req);
    db_close(d);
    arena_free(&A);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}

TestSuite(users_store, .init = setup, .fini = teardown);
TestSuite(audit_store, .init = setup, .fini = teardown);

Test(users_store, create_with_a_role_and_an_audit_entry)
{
    users_input in = {"Rianne Jansen", "Rianne@Opella.demo", "en", "recruiter", opella, "twaalf tekens!"};
    api_errors e = {0};
    int64_t id = 0;
    EXPECT_RC(0, users_admin_create(&req, &in, &e, &id));
    users_user u;
    EXPECT_RC(0, users_get(http_db(&req), &A, id, &u));
    cr_assert_str_eq(u.email, "rianne@opella.demo");
    cr_assert_str_eq(u.lang, "en");
    cr_assert_eq(u.nmemberships, 1);
    cr_assert_eq(u.memberships[0].org_id, opella);
    cr_assert_str_eq(u.memberships[0].org_name, "Opella");
    cr_assert_eq(u.memberships[0].role, ROLE_RECRUITER);
    cr_assert_eq(u.disabled_at, 0);
    auth_principal *p = auth_load_principal(http_db(&req), &A, id);
    cr_assert_not_null(p, "the account works");
    cr_assert(auth_has_role(p, ROLE_RECRUITER, opella));
    char hash[256];
    db_stmt *s;
    EXPECT_RC(0, db_prepare(http_db(&req), "SELECT password_hash FROM users WHERE id = ?", DB_ARGS(db_int(id)), &s));
    cr_assert_eq(db_step(s), DB_ROW);
    snprintf(hash, sizeof hash, "%s", db_col_text(s, 0));
    db_finalize(s);
    cr_assert(auth_password_verify(hash, "twaalf tekens!"));
    cr_assert_eq(count("SELECT count(*) FROM audit_log WHERE action = 'create' AND entity = 'user' AND outcome = 'ok'"), 1);
    policy_target t = users_target(&A, &u);
    cr_assert_eq(t.norgs, 1);
    cr_assert_eq(t.orgs[0], opella);

    users_input again = {"Ander", "RIANNE@opella.demo", NULL, "mentor", opella, "twaalf tekens!"};
    e.n = 0;
    EXPECT_RC(API_EINVALID, users_admin_create(&req, &again, &e, &id));
    cr_assert_str_eq(e.items[0].field, "email");
    cr_assert_eq(e.items[0].reason, MSG_USERS_EMAIL_TAKEN);
    users_input unknown = {"Ander", "ander@opella.demo", NULL, "mentor", 9999, "twaalf tekens!"};
    e.n = 0;
    EXPECT_RC(API_EINVALID, users_admin_create(&req, &unknown, &e, &id));
    cr_assert_eq(e.items[0].reason, MSG_USERS_ORG_UNKNOWN);
    users_input old = {"Ander", "ander@opella.demo", NULL, "mentor", archived_org, "twaalf tekens!"};
    e.n = 0;
    EXPECT_RC(API_EINVALID, users_admin_create(&req, &old, &e, &id));
    cr_assert_eq(e.items[0].reason, MSG_USERS_ORG_ARCHIVED);
    cr_assert_eq(count("SELECT count(*) FROM users"), 2, "Carla and Rianne only");
    cr_assert_eq(count("SELECT count(*) FROM memberships"), 1);
}

Test(users_store, a_failing_commit_stores_nothing)
{
    users_input in = {"Rianne Jansen", "rianne@opella.demo", "nl", "recruiter", opella, "twaalf tekens!"};
    api_errors e = {0};
    int64_t id = 0;
    db_fault_inject(DB_FAULT_COMMIT, 1);
    int rc = users_admin_create(&req, &in, &e, &id);
    cr_assert_lt(rc, 0);
    cr_assert_neq(rc, API_EINVALID);
    cr_assert_eq(count("SELECT count(*) FROM users"), 1);
    cr_assert_eq(count("SELECT count(*) FROM memberships"), 0);
    cr_assert_eq(count("SELECT count(*) FROM audit_log"), 0);
}

Test(users_store, roles_are_added_and_removed)
{
    users_input in = {"Henk", "henk@laurens.demo", NULL, "mentor", opella, "twaalf tekens!"};
    api_errors e = {0};
    int64_t id = 0;
    EXPECT_RC(0, users_admin_create(&req, &in, &e, &id));
    EXPECT_RC(0, users_role_add(&req, id, "supervisor", opella, &e));
    EXPECT_RC(API_EINVALID, users_role_add(&req, id, "supervisor", opella, &e));
    cr_assert_eq(e.items[0].reason, MSG_USERS_ROLE_EXISTS);
    e.n = 0;
    EXPECT_RC(API_EINVALID, users_role_add(&req, id, "jobcoach", 0, &e));
    cr_assert_str_eq(e.items[0].field, "org_id");
    e.n = 0;
    EXPECT_RC(API_EINVALID, users_role_add(&req, id, "wizard", opella, &e));
    cr_assert_str_eq(e.items[0].field, "role");
    e.n = 0;
    EXPECT_RC(DB_ENOTFOUND, users_role_add(&req, 9999, "mentor", opella, &e));
    users_user u;
    EXPECT_RC(0, users_get(http_db(&req), &A, id, &u));
    cr_assert_eq(u.nmemberships, 2);
    int64_t mid = u.memberships[0].id;
    EXPECT_RC(DB_ENOTFOUND, users_role_remove(&req, coordinator.user_id, mid, &e));
    EXPECT_RC(0, users_role_remove(&req, id, mid, &e));
    EXPECT_RC(DB_ENOTFOUND, users_role_remove(&req, id, mid, &e));
    EXPECT_RC(0, users_get(http_db(&req), &A, id, &u));
    cr_assert_eq(u.nmemberships, 1);
    cr_assert_eq(count("SELECT count(*) FROM audit_log WHERE action IN ('role.add', 'role.remove')"), 2);
    EXPECT_RC(0, db_exec(http_db(&req), "INSERT INTO memberships(user_id, org_id, role) VALUES (?, ?, 'coordinator')",
                         DB_ARGS(db_int(coordinator.user_id), db_int(wzw))));
    int64_t own = 0;
    EXPECT_RC(0, db_query_int(http_db(&req), "SELECT id FROM memberships WHERE user_id = ?",
                              DB_ARGS(db_int(coordinator.user_id)), &own));
    e.n = 0;
    EXPECT_RC(API_EINVALID, users_role_remove(&req, coordinator.user_id, own, &e));
    cr_assert_eq(e.items[0].reason, MSG_USERS_CANNOT_REMOVE_OWN_COORDINATOR, "nobody locks themselves out");
    EXPECT_RC(0, db_exec(http_db(&req), "DELETE FROM memberships WHERE id = ?", DB_ARGS(db_int(own))));

    users_user *list;
    int n;
    int64_t total;
    users_query q = {.org_id = opella, .limit = 10};
    EXPECT_RC(0, users_list(http_db(&req), &A, &q, &list, &n, &total));
    cr_assert_eq(total, 1);
    q = (users_query){.role = "coordinator", .limit = 10};
    EXPECT_RC(0, users_list(http_db(&req), &A, &q, &list, &n, &total));
    cr_assert_eq(total, 0, "Carla has no membership in this database");
    q = (users_query){.org_id = wzw, .role = "mentor", .limit = 10};
    EXPECT_RC(0, users_list(http_db(&req), &A, &q, &list, &n, &total));
    cr_assert_eq(total, 0, "role and organisation are one membership");
    q = (users_query){.by_id = true, .limit = 1};
    EXPECT_RC(0, users_list(http_db(&req), &A, &q, &list, &n, &total));
    cr_assert_eq(n, 1);
    cr_assert_eq(total, 2);
    q.after = list[0].id;
    EXPECT_RC(0, users_list(http_db(&req), &A, &q, &list, &n, NULL));
    cr_assert_eq(list[0].id, id);
}

Test(users_store, disabling_ends_sessions_but_not_ones_own)
{
    users_input in = {"Sanne", "sanne@opella.demo", NULL, "supervisor", opella, "twaalf tekens!"};
    api_errors e = {0};
    int64_t id = 0;
    EXPECT_RC(0, users_admin_create(&req, &in, &e, &id));
    EXPECT_RC(0, db_exec(http_db(&req), "INSERT INTO sessions(token_hash, user_id, csrf, created_at, last_seen_at) "
                                        "VALUES (x'01', ?, 'c', 1, 1), (x'02', ?, 'c', 1, 1)",
                         DB_ARGS(db_int(id), db_int(id))));
    EXPECT_RC(API_EINVALID, users_disable(&req, coordinator.user_id, &e));
    cr_assert_str_eq(e.items[0].field, "user");
    cr_assert_eq(e.items[0].reason, MSG_USERS_CANNOT_DISABLE_SELF);
    EXPECT_RC(0, users_disable(&req, id, &e));
    cr_assert_eq(count("SELECT count(*) FROM sessions"), 0);
    cr_assert_null(auth_load_principal(http_db(&req), &A, id), "a disabled account loads no principal");
    EXPECT_RC(0, users_disable(&req, id, &e));
    cr_assert_eq(count("SELECT count(*) FROM audit_log WHERE action = 'disable'"), 1, "twice changes nothing");
    EXPECT_RC(DB_ENOTFOUND, users_disable(&req, 9999, &e));
}

Test(audit_store, filters_and_newest_first)
{
    audit_entry base = {.user_id = coordinator.user_id, .action = "read", .entity = "person", .outcome = "ok"};
    for (int i = 1; i <= 5; i++) {
        audit_entry e = base;
        e.entity_id = i;
        e.outcome = i % 2 ? "ok" : "denied";
        e.entity = i == 5 ? "org" : "person";
        e.org_id = i == 5 ? opella : 0;
        EXPECT_RC(0, audit_write(http_db(&req), &e));
    }
    EXPECT_RC(0, db_exec(http_db(&req), "UPDATE audit_log SET at = 1772353800 + id * 86400", DB_NOARGS));
    audit_row *rows;
    int n;
    int64_t total;
    audit_query q = {.limit = 10};
    EXPECT_RC(0, audit_list(http_db(&req), &A, &q, &rows, &n, &total));
    cr_assert_eq(total, 5);
    cr_assert_eq(rows[0].entity_id, 5, "newest first");
    cr_assert_str_eq(rows[0].org_name, "Opella");
    cr_assert_str_eq(rows[0].user_name, "Carla");
    q = (audit_query){.entity = "person", .outcome = "denied", .limit = 10};
    EXPECT_RC(0, audit_list(http_db(&req), &A, &q, &rows, &n, &total));
    cr_assert_eq(total, 2);
    q = (audit_query){.user_id = 9999, .limit = 10};
    EXPECT_RC(0, audit_list(http_db(&req), &A, &q, &rows, &n, &total));
    cr_assert_eq(total, 0);
    q = (audit_query){.from = 1772353800 + 2 * 86400, .to = 1772353800 + 4 * 86400, .limit = 10};
    EXPECT_RC(0, audit_list(http_db(&req), &A, &q, &rows, &n, &total));
    cr_assert_eq(total, 2, "from inclusive, to exclusive");
    q = (audit_query){.limit = 2};
    EXPECT_RC(0, audit_list(http_db(&req), &A, &q, &rows, &n, NULL));
    q.before = rows[1].id;
    EXPECT_RC(0, audit_list(http_db(&req), &A, &q, &rows, &n, NULL));
    cr_assert_eq(n, 2);
    cr_assert_eq(rows[0].entity_id, 3, "the next page continues below the last id");
    const char **entities;
    EXPECT_RC(0, audit_entities(http_db(&req), &A, &entities, &n));
    cr_assert_eq(n, 2);
    cr_assert_str_eq(entities[0], "org");
    json_t *j = audit_to_json(&rows[0]);
    cr_assert_str_eq(json_string_value(json_object_get(j, "at")), "2026-03-04T08:30:00Z");
    json_decref(j);
}
