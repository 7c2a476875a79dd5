/* auth api: /api/v1/me, /api/v1/users and /api/v1/audit. Thin: policy
 * decides, auth/admin_store.c does. */
#include <string.h>

#include "auth/admin.h"
#include "auth/policy.h"
#include "auth/users.h"
#include "base/str.h"
#include "http/api.h"
#include "http/server.h"
#include "http/ui.h"

static const policy_target users_list_target = {.kind = POLICY_USER_LIST, .id = 0, .orgs = NULL, .norgs = 0};
static const char *const user_fields[] = {"name", "email", "lang", "role", "org_id", "password", NULL};

static int api_me(http_request *req, http_response *res)
{
    const auth_principal *p = auth_current(req);
    users_user u;
    int rc = users_get(http_db(req), req->arena, p->user_id, &u);
    if (rc) return api_fail(rc);
    return api_reply(req, res, 200, users_to_json(&u));
}

static int api_users_list(http_request *req, http_response *res)
{
    if (!policy_enforce(req, POLICY_READ, &users_list_target, NULL)) {
        http_problem(req, res, 403, "the user administration is for the coordinator", NULL, NULL);
        return 0;
    }
    api_page pg;
    if (api_page_parse(req, res, &pg) != 0) return 0;
    users_query q = {.by_id = true, .after = pg.after, .limit = pg.limit + 1};
    const char *org = http_query(req, "org_id"), *role = http_query(req, "role");
    if (org && (org[0] == '+' || str_to_int64(org, 1, INT64_MAX, &q.org_id) != 0)) {
        http_problem(req, res, 400, "org_id must be the id of an organisation", "org_id", "not an id");
        return 0;
    }
    if (role && auth_role_parse(role) == ROLE_COUNT) {
        http_problem(req, res, 400, "role must be one of coordinator, recruiter, supervisor, trainer, jobcoach, mentor, participant",
                     "role", "unknown role");
        return 0;
    }
    q.role = role;
    users_user *list;
    int n;
    int rc = users_list(http_db(req), req->arena, &q, &list, &n, NULL);
    if (rc) return api_fail(rc);
    json_t *items = json_array();
    int shown = n > pg.limit ? pg.limit : n;
    for (int i = 0; i < shown; i++) json_array_append_new(items, users_to_json(&list[i]));
    return api_reply(req, res, 200, api_list(req, items, n > pg.limit ? list[shown - 1].id : 0));
}

static int reply_user(http_request *req, http_response *res, int status, int64_t id)
{
    users_user u;
    int rc = users_get(http_db(req), req->arena, id, &u);
    if (rc) return api_fail(rc);
    return api_reply(req, res, status, users_to_json(&u));
}

static int api_users_create(http_request *req, http_response *res)
{
    if (!policy_enforce(req, POLICY_WRITE, &users_list_target, NULL)) {
        http_problem(req, res, 403, "the user administration is for the coordinator", NULL, NULL);
        return 0;
    }
    json_t *body;
    if (api_read_json(req, res, &body) != 0) return 0;
    api_errors e = {0};
    users_input in = {0};
    api_reject_unknown(body, user_fields, &e);
    api_get_string(body, "name", &in.name, &e);
    api_get_string(body, "email", &in.email, &e);
    api_get_string(body, "lang", &in.lang, &e);
    api_get_string(body, "role", &in.role, &e);
    api_get_id(body, "org_id", &in.org_id, &e);
    api_get_string(body, "password", &in.password, &e);
    int64_t id = 0;
    int rc = e.n ? API_EINVALID : users_admin_create(req, &in, &e, &id);
    if (rc == API_EINVALID) {
        api_problem_errors(req, res, 422, "the user was not created: see errors", &e);
        json_decref(body);
        return 0;
    }
    json_decref(body);
    if (rc) return api_fail(rc);
    http_set_header(req, res, "Location", arena_printf(req->arena, "/api/v1/users/%lld", (long long)id));
    return reply_user(req, res, 201, id);
}

static int api_users_show(http_request *req, http_response *res)
{
    int64_t id = http_path_id(req, "id");
    users_user u;
    int rc = id ? users_get(http_db(req), req->arena, id, &u) : DB_ENOTFOUND;
    if (rc == DB_ENOTFOUND) {
        http_problem(req, res, 404, "no such user", NULL, NULL);
        return 0;
    }
    if (rc) return api_fail(rc);
    policy_target t = users_target(req->arena, &u);
    if (!policy_enforce(req, POLICY_READ, &t, NULL)) {
        http_problem(req, res, 404, "no such user", NULL, NULL);
        return 0;
    }
    return api_reply(req, res, 200, users_to_json(&u));
}

static int api_audit_list(http_request *req, http_response *res)
{
    policy_target t = {.kind = POLICY_AUDIT, .id = 0, .orgs = NULL, .norgs = 0};
    if (!policy_enforce(req, POLICY_READ, &t, NULL)) {
        http_problem(req, res, 403, "the audit log is for the coordinator", NULL, NULL);
        return 0;
    }
    api_page pg;
    if (api_page_parse(req, res, &pg) != 0) return 0;
    audit_query q = {.before = pg.after, .limit = pg.limit + 1};
    const char *entity = http_query(req, "entity"), *user = http_query(req, "user_id");
    const char *outcome = http_query(req, "outcome"), *from = http_query(req, "from"), *to = http_query(req, "to");
    if (entity && api_text_check(entity, true, 64, false) != API_TEXT_OK) {
        http_problem(req, res, 400, "entity must be 1 to 64 characters", "entity", "not an entity");
        return 0;
    }
    q.entity = entity;
    if (user && (user[0] == '+' || str_to_int64(user, 1, INT64_MAX, &q.user_id) != 0)) {
        http_problem(req, res, 400, "user_id must be the id of a user", "user_id", "not an id");
        return 0;
    }
    if (outcome && !audit_outcome_valid(outcome)) {
        http_problem(req, res, 400, "outcome must be ok, denied or failed", "outcome", "unknown outcome");
        return 0;
    }
    q.outcome = outcome;
    if (from && ui_date_to_utc(from, false, &q.from) != 0) {
        http_problem(req, res, 400, "from must be a date YYYY-MM-DD", "from", "not a date");
        return 0;
    }
    if (to && ui_date_to_utc(to, true, &q.to) != 0) {
        http_problem(req, res, 400, "to must be a date YYYY-MM-DD", "to", "not a date");
        return 0;
    }
    audit_row *rows;
    int n;
    int rc = audit_list(http_db(req), req->arena, &q, &rows, &n, NULL);
    if (rc) return api_fail(rc);
    json_t *items = json_array();
    int shown = n > pg.limit ? pg.limit : n;
    for (int i = 0; i < shown; i++) json_array_append_new(items, audit_to_json(&rows[i]));
    return api_reply(req, res, 200, api_list(req, items, n > pg.limit ? rows[shown - 1].id : 0));
}

const http_route admin_api_routes[] = {
    {"GET", "/api/v1/me", api_me, HTTP_API, "the logged-in user"},
    {"GET", "/api/v1/users", api_users_list, HTTP_API, "list users"},
    {"POST", "/api/v1/users", api_users_create, HTTP_API, "create a user"},
    {"GET", "/api/v1/users/{id}", api_users_show, HTTP_API, "one user"},
    {"GET", "/api/v1/audit", api_audit_list, HTTP_API, "the audit log, newest first"},
    {0},
};
