/* orgs api: the JSON of /api/v1/orgs. Thin: policy decides, the store does. */
#include <string.h>

#include "auth/policy.h"
#include "base/str.h"
#include "http/api.h"
#include "http/server.h"
#include "orgs/orgs.h"

static const char *const org_fields[] = {"name", "kind", "region", "city", "website", NULL};
static const char *const patch_fields[] = {"name", "kind", "region", "city", "website", "archived", NULL};

static policy_target org_target(http_request *req, int64_t id)
{
    int64_t *orgs = arena_calloc(req->arena, 1, sizeof *orgs);
    if (orgs) orgs[0] = id;
    return (policy_target){.kind = POLICY_ORG, .id = id, .orgs = orgs, .norgs = orgs ? 1 : 0};
}

static void not_found(http_request *req, http_response *res)
{
    http_problem(req, res, 404, "no such organisation", NULL, NULL);
}

static void forbidden(http_request *req, http_response *res)
{
    http_problem(req, res, 403, "organisations are managed by the coordinator", NULL, NULL);
}

static int reply_org(http_request *req, http_response *res, int status, int64_t id)
{
    orgs_org o;
    int rc = orgs_get(http_db(req), req->arena, id, &o);
    if (rc) return api_fail(rc);
    jsonw w;
    api_json_begin(res, status, &w);
    orgs_write_json(&w, &o);
    return api_json_end(&w);
}

static int api_orgs_list(http_request *req, http_response *res)
{
    policy_target t = {.kind = POLICY_ORG_LIST, .id = 0, .orgs = NULL, .norgs = 0};
    if (!policy_enforce(req, POLICY_READ, &t, NULL)) {
        http_problem(req, res, 403, "the organisations are for staff", NULL, NULL);
        return 0;
    }
    api_page pg;
    if (api_page_parse(req, res, &pg) != 0) return 0;
    const char *kind = http_query(req, "kind"), *region = http_query(req, "region");
    const char *status = http_query(req, "status");
    if (kind && orgs_kind_parse(kind) == ORGS_KIND_COUNT) {
        http_problem(req, res, 400, "kind must be one of care, school, municipality, uwv, regional, advisory",
                     "kind", "unknown kind");
        return 0;
    }
    orgs_status st = orgs_status_parse(status);
    if (st == ORGS_STATUS_COUNT) {
        http_problem(req, res, 400, "status must be active, archived or all", "status", "unknown status");
        return 0;
    }
    if (region && api_text_check(region, true, ORGS_REGION_MAX, false) != API_TEXT_OK) {
        http_problem(req, res, 400, "region must be 1 to 100 characters of text", "region", "not a region");
        return 0;
    }
    orgs_query q = {.region = region, .kind = kind, .status = st, .sort = ORGS_SORT_ID, .after = pg.after,
                    .limit = pg.limit + 1};
    orgs_org *list;
    int n;
    int rc = orgs_list(http_db(req), req->arena, &q, &list, &n, NULL);
    if (rc) return api_fail(rc);
    int shown = n > pg.limit ? pg.limit : n;
    jsonw w;
    api_json_begin(res, 200, &w);
    api_list_begin(&w);
    for (int i = 0; i < shown; i++) orgs_write_json(&w, &list[i]);
    api_list_end(req, &w, n > pg.limit ? list[shown - 1].id : 0);
    return api_json_end(&w);
}

static int api_orgs_create(http_request *req, http_response *res)
{
    policy_target t = {.kind = POLICY_ORG, .id = 0, .orgs = NULL, .norgs = 0};
    if (!policy_enforce(req, POLICY_WRITE, &t, NULL)) {
        forbidden(req, res);
        return 0;
    }
    json_t *body;
    if (api_read_json(req, res, &body) != 0) return 0;
    api_errors e = {0};
    orgs_input in = {0};
    api_reject_unknown(body, org_fields, &e);
    api_get_string(body, "name", &in.name, &e);
    api_get_string(body, "kind", &in.kind, &e);
    api_get_string(body, "region", &in.region, &e);
    api_get_string(body, "city", &in.city, &e);
    api_get_string(body, "website", &in.website, &e);
    int64_t id = 0;
    int rc = e.n ? API_EINVALID : orgs_create(req, &in, &e, &id);
    if (rc == API_EINVALID) {
        api_problem_errors(req, res, 422, "the organisation was not created: see errors", &e);
        json_decref(body);
        return 0;
    }
    json_decref(body);
    if (rc) return api_fail(rc);
    http_set_header(req, res, "Location", arena_printf(req->arena, "/api/v1/orgs/%lld", (long long)id));
    return reply_org(req, res, 201, id);
}

static int api_orgs_show(http_request *req, http_response *res)
{
    int64_t id = http_path_id(req, "id");
    policy_target t = org_target(req, id);
    if (!id || !policy_enforce(req, POLICY_READ, &t, NULL)) {
        not_found(req, res);
        return 0;
    }
    orgs_org o;
    int rc = orgs_get(http_db(req), req->arena, id, &o);
    if (rc == DB_ENOTFOUND) {
        not_found(req, res);
        return 0;
    }
    if (rc) return api_fail(rc);
    jsonw w;
    api_json_begin(res, 200, &w);
    orgs_write_json(&w, &o);
    return api_json_end(&w);
}

/* Overrides *field with the string member key when the body has it (null clears it). */
static void patch_string(const json_t *body, const char *key, const char **field, api_errors *e)
{
    if (!json_object_get(body, key)) return;
    api_get_string(body, key, field, e);
}

static int api_orgs_update(http_request *req, http_response *res)
{
    int64_t id = http_path_id(req, "id");
    policy_target t = org_target(req, id);
    if (!id || !policy_enforce(req, POLICY_READ, &t, NULL)) {
        not_found(req, res);
        return 0;
    }
    orgs_org o;
    int rc = orgs_get(http_db(req), req->arena, id, &o);
    if (rc == DB_ENOTFOUND) {
        not_found(req, res);
        return 0;
    }
    if (rc) return api_fail(rc);
    if (!policy_enforce(req, POLICY_WRITE, &t, NULL)) {
        forbidden(req, res);
        return 0;
    }
    json_t *body;
    if (api_read_json(req, res, &body) != 0) return 0;
    api_errors e = {0};
    api_reject_unknown(body, patch_fields, &e);
    orgs_input in = {o.name, o.kind, o.region, o.city, o.website};
    patch_string(body, "name", &in.name, &e);
    patch_string(body, "kind", &in.kind, &e);
    patch_string(body, "region", &in.region, &e);
    patch_string(body, "city", &in.city, &e);
    patch_string(body, "website", &in.website, &e);
    int archive = -1;
    json_t *a = json_object_get(body, "archived");
    if (a && !json_is_boolean(a)) api_errors_add(&e, "archived", MSG_API_NOT_A_BOOLEAN);
    else if (a) archive = json_is_true(a) ? 1 : 0;
    rc = e.n ? API_EINVALID : orgs_update(req, id, &in, archive, &e);
    if (rc == API_EINVALID) {
        api_problem_errors(req, res, 422, "the organisation was not changed: see errors", &e);
        json_decref(body);
        return 0;
    }
    json_decref(body);
    if (rc == DB_ENOTFOUND) {
        not_found(req, res);
        return 0;
    }
    if (rc) return api_fail(rc);
    return reply_org(req, res, 200, id);
}

const http_route orgs_api_routes[] = {
    {"GET", "/api/v1/orgs", api_orgs_list, HTTP_API | HTTP_CACHE, "list organisations"},
    {"POST", "/api/v1/orgs", api_orgs_create, HTTP_API, "create an organisation"},
    {"GET", "/api/v1/orgs/{id}", api_orgs_show, HTTP_API | HTTP_CACHE, "one organisation"},
    {"PATCH", "/api/v1/orgs/{id}", api_orgs_update, HTTP_API, "change an organisation"},
    {0},
};
