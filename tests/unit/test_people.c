#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "auth/policy.h"
#include "db/db.h"
#include "http/api.h"
#include "people/model.h"
#include "people/people.h"

#define EXPECT_RC(expect, call)                                            \
    do {                                                                   \
        int rc_ = (call);                                                  \
        cr_assert_eq(rc_, (expect), "%s returned %d", #call, rc_);         \
    } while (0)

/* ---- The model ---- */

Test(people_model, names_and_relations)
{
    arena a;
    arena_init(&a, 0);
    cr_assert_str_eq(people_full_name(&a, "Daan", "Smit"), "Daan Smit");
    cr_assert_str_eq(people_full_name(&a, "Daan", NULL), "Daan");
    cr_assert_str_eq(people_full_name(&a, "", "Smit"), "Smit");
    cr_assert_str_eq(people_full_name(&a, NULL, NULL), "");
    cr_assert_str_eq(msg_in("nl", people_relation_label("placed")), "geplaatst");
    cr_assert_str_eq(msg_in("nl", people_relation_label("client")), "cliënt");
    cr_assert_eq(people_relation_label("friend"), MSG_PEOPLE_REL_LINKED);
    cr_assert(people_relation_is_sensitive("client"), "a client of a municipality or UWV is on benefits");
    cr_assert_not(people_relation_is_sensitive("placed"));
    cr_assert_not(people_relation_is_sensitive(NULL));
    arena_free(&a);
}

Test(people_model, search_query)
{
    arena a;
    arena_init(&a, 0);
    const char *q;
    api_errors e = {0};
    cr_assert_eq(people_search_normalise(&a, NULL, &q, &e), 0);
    cr_assert_null(q);
    cr_assert_eq(people_search_normalise(&a, "   ", &q, &e), 0);
    cr_assert_null(q, "blank is no search");
    cr_assert_eq(people_search_normalise(&a, " de Groot ", &q, &e), 0);
    cr_assert_str_eq(q, "de Groot");
    char long_q[202];
    memset(long_q, 'x', 101);
    long_q[101] = '\0';
    cr_assert_eq(people_search_normalise(&a, long_q, &q, &e), API_EINVALID);
    cr_assert_str_eq(e.items[0].field, "q");
    cr_assert_eq(e.items[0].reason, MSG_PEOPLE_SEARCH_TOO_LONG);
    long_q[100] = '\0';
    e.n = 0;
    cr_assert_eq(people_search_normalise(&a, long_q, &q, &e), 0, "100 characters are fine");
    cr_assert_eq(people_search_normalise(&a, "a\x01", &q, &e), API_EINVALID);
    cr_assert_eq(e.items[0].reason, MSG_PEOPLE_SEARCH_INVALID);
    cr_assert_str_eq(people_like_pattern(&a, "50%_a\\b"), "%50\\%\\_a\\\\b%");
    arena_free(&a);
}

/* ---- The store, against a temporary database ---- */

static char dir[256];
static db *d;
static arena A;
static http_request req;
static int64_t opella, zinzia, rotterdam, daan, sophie, anouk;

static auth_membership recruiter_m[] = {{0, ROLE_RECRUITER}};
static auth_principal recruiter = {.user_id = 2, .name = "Rianne", .memberships = recruiter_m, .nmemberships = 1,
                                   .roles = ROLE_BIT(ROLE_RECRUITER)};
static auth_membership jobcoach_m[] = {{0, ROLE_JOBCOACH}};
static auth_principal jobcoach = {.user_id = 6, .name = "Jamila", .memberships = jobcoach_m, .nmemberships = 1,
                                  .roles = ROLE_BIT(ROLE_JOBCOACH)};

static int64_t add_org(const char *name, const char *kind)
{
    int64_t id;
    EXPECT_RC(0, db_insert(http_db(&req), "INSERT INTO orgs(name, kind, region, created_at) VALUES (?, ?, 'R', 1) RETURNING id",
                           DB_ARGS(db_text(name), db_text(kind)), &id));
    return id;
}

static int64_t add_person(const char *given, const char *family, const char *benefit)
{
    int64_t id;
    EXPECT_RC(0, db_insert(http_db(&req), "INSERT INTO people(given_name, family_name, email, benefit_status, created_at, updated_at)"
                                          " VALUES (?, ?, 'x@voorbeeld.demo', ?, 1, 1) RETURNING id",
                           DB_ARGS(db_text(given), db_text(family), db_text(benefit)), &id));
    return id;
}

static void link(int64_t person, int64_t org, const char *relation)
{
    EXPECT_RC(0, db_exec(http_db(&req), "INSERT INTO person_orgs(person_id, org_id, relation, since) VALUES (?, ?, ?, 1772353800)",
                         DB_ARGS(db_int(person), db_int(org), db_text(relation))));
}

static void setup(void)
{
    snprintf(dir, sizeof dir, "/tmp/instroom-test-people-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    char path[300], err[256];
    snprintf(path, sizeof path, "%s/t.db", dir);
    cr_assert_eq(db_open(path, NULL, &d, err, sizeof err), 0, "%s", err);
    cr_assert_geq(db_migrate(d, err, sizeof err), 0, "%s", err);
    arena_init(&A, 0);
    http_request_init(&req, &A);
    req.db = d;
    req.method = "GET";
    req.path = "/people";
    req.remote_ip = "192.0.2.7";
    memcpy(req.id, "0000000000000007", 17);
    opella = add_org("Opella", "care");
    zinzia = add_org("Zinzia", "care");
    rotterdam = add_org("Gemeente Rotterdam", "municipality");
    daan = add_person("Daan", "Smit", NULL);
    sophie = add_person("Sophie", "de Groot", NULL);
    anouk = add_person("Anouk", "Willems", "bijstand");
    link(daan, opella, "placed");
    link(sophie, zinzia, "placed");
    link(anouk, rotterdam, "client");
    link(anouk, opella, "placed");
    recruiter_m[0].org_id = opella;
    jobcoach_m[0].org_id = rotterdam;
}

static void teardown(void)
{
    http_db_release(&req);
    db_close(d);
    arena_free(&A);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}

TestSuite(people_store, .init = setup, .fini = teardown);

Test(people_store, a_list_shows_only_the_viewers_organisations)
{
    people_person *list;
    int n;
    int64_t total;
    int64_t scope[] = {opella};
    people_query q = {.orgs = scope, .norgs = 1, .limit = 10};
    EXPECT_RC(0, people_list(http_db(&req), &A, &q, &list, &n, &total));
    cr_assert_eq(total, 2);
    cr_assert_str_eq(list[0].family_name, "Smit", "by family name");
    cr_assert_str_eq(list[1].family_name, "Willems");
    cr_assert_eq(list[1].nlinks, 2, "with every link, for the policy target");
    q.norgs = 0;
    EXPECT_RC(0, people_list(http_db(&req), &A, &q, &list, &n, &total));
    cr_assert_eq(total, 0, "no organisations, nobody");
    q.everyone = true;
    EXPECT_RC(0, people_list(http_db(&req), &A, &q, &list, &n, &total));
    cr_assert_eq(total, 3);
    q.search = "de gro";
    EXPECT_RC(0, people_list(http_db(&req), &A, &q, &list, &n, &total));
    cr_assert_eq(total, 1);
    cr_assert_eq(list[0].id, sophie);
    q.search = "%";
    EXPECT_RC(0, people_list(http_db(&req), &A, &q, &list, &n, &total));
    cr_assert_eq(total, 0, "%% is a character, not a wildcard");
    q = (people_query){.everyone = true, .by_id = true, .limit = 2};
    EXPECT_RC(0, people_list(http_db(&req), &A, &q, &list, &n, NULL));
    cr_assert_eq(n, 2);
    q.after = list[1].id;
    EXPECT_RC(0, people_list(http_db(&req), &A, &q, &list, &n, NULL));
    cr_assert_eq(n, 1);
    cr_assert_eq(list[0].id, anouk);
}

Test(people_store, the_ordinary_record_never_holds_the_sensitive_part)
{
    people_person p;
    EXPECT_RC(0, people_get(http_db(&req), &A, anouk, &p));
    cr_assert_str_eq(p.given_name, "Anouk");
    cr_assert_eq(p.nlinks, 2);
    json_t *j = people_to_json(&p, NULL);
    char *text = json_dumps(j, 0);
    cr_assert_null(strstr(text, "bijstand"));
    cr_assert_null(strstr(text, "sensitive"));
    cr_assert_null(strstr(text, "client"), "the client link hints at benefits");
    cr_assert_null(strstr(text, "Gemeente Rotterdam"));
    free(text);
    json_decref(j);
    people_sensitive s = {0};
    EXPECT_RC(0, people_get_sensitive(http_db(&req), &A, anouk, &s));
    cr_assert_str_eq(s.benefit_status, "bijstand");
    j = people_to_json(&p, &s);
    cr_assert_str_eq(json_string_value(json_object_get(json_object_get(j, "sensitive"), "benefit_status")), "bijstand");
    cr_assert_eq(json_array_size(json_object_get(j, "orgs")), 2);
    json_decref(j);
    EXPECT_RC(DB_ENOTFOUND, people_get(http_db(&req), &A, 9999, &p));
    EXPECT_RC(DB_ENOTFOUND, people_get_sensitive(http_db(&req), &A, 9999, &s));
    int64_t linked = 0;
    EXPECT_RC(0, people_count_linked(http_db(&req), opella, &linked));
    cr_assert_eq(linked, 2);
}

Test(people_store, policy_targets_list_the_linked_organisations)
{
    people_person p;
    EXPECT_RC(0, people_get(http_db(&req), &A, anouk, &p));
    policy_target t = people_target(&A, &p, POLICY_PERSON);
    cr_assert_eq(t.kind, POLICY_PERSON);
    cr_assert_eq(t.id, anouk);
    cr_assert_eq(t.norgs, 2);
    cr_assert(policy_allows(&recruiter, POLICY_READ, &t, NULL), "Anouk is placed at Opella");
    policy_target st = people_target(&A, &p, POLICY_PERSON_SENSITIVE);
    cr_assert_not(policy_allows(&recruiter, POLICY_READ, &st, NULL), "a recruiter never sees benefits");
    cr_assert(policy_allows(&jobcoach, POLICY_READ, &st, NULL), "her jobcoach does");
    EXPECT_RC(0, people_get(http_db(&req), &A, sophie, &p));
    t = people_target(&A, &p, POLICY_PERSON);
    cr_assert_not(policy_allows(&recruiter, POLICY_READ, &t, NULL), "Sophie is at Zinzia");
}

Test(people_store, refused_and_sensitive_reads_are_audited)
{
    people_person p;
    EXPECT_RC(0, people_get(http_db(&req), &A, sophie, &p));
    req.principal = &recruiter;
    policy_target t = people_target(&A, &p, POLICY_PERSON);
    cr_assert_not(policy_enforce(&req, POLICY_READ, &t, NULL));
    EXPECT_RC(0, people_get(http_db(&req), &A, anouk, &p));
    req.principal = &jobcoach;
    policy_target st = people_target(&A, &p, POLICY_PERSON_SENSITIVE);
    cr_assert(policy_enforce(&req, POLICY_READ, &st, "person.sensitive"));
    db_stmt *s;
    EXPECT_RC(0, db_prepare(http_db(&req), "SELECT user_id, action, entity, entity_id, outcome, detail FROM audit_log ORDER BY id",
                            DB_NOARGS, &s));
    cr_assert_eq(db_step(s), DB_ROW);
    cr_assert_eq(db_col_int(s, 0), 2);
    cr_assert_str_eq(db_col_text(s, 2), "person");
    cr_assert_eq(db_col_int(s, 3), sophie);
    cr_assert_str_eq(db_col_text(s, 4), "denied");
    cr_assert_eq(db_step(s), DB_ROW);
    cr_assert_eq(db_col_int(s, 0), 6);
    cr_assert_str_eq(db_col_text(s, 1), "read");
    cr_assert_str_eq(db_col_text(s, 2), "person.sensitive");
    cr_assert_eq(db_col_int(s, 3), anouk);
    cr_assert_str_eq(db_col_text(s, 4), "ok");
    cr_assert_null(strstr(db_col_text(s, 5), "bijstand"), "the log never holds the value");
    cr_assert_eq(db_step(s), DB_DONE);
    db_finalize(s);
}

Test(people_store, the_viewers_organisations_come_from_the_principal)
{
    const int64_t *orgs;
    int n;
    EXPECT_RC(0, people_viewer_orgs(&req, &orgs, &n));
    cr_assert_eq(n, 0, "nobody logged in");
    auth_membership ms[] = {{opella, ROLE_RECRUITER}, {opella, ROLE_SUPERVISOR}, {zinzia, ROLE_MENTOR}, {0, ROLE_PARTICIPANT}};
    auth_principal p = {.user_id = 3, .memberships = ms, .nmemberships = 4};
    req.principal = &p;
    EXPECT_RC(0, people_viewer_orgs(&req, &orgs, &n));
    cr_assert_eq(n, 2, "each organisation once, none for the participant role");
    cr_assert_eq(orgs[0], opella);
    cr_assert_eq(orgs[1], zinzia);
}
