/* badges api: the JSON of /api/v1/achievements and /api/v1/credentials.
 * Thin: policy decides, the store does. */
#include <string.h>

#include "auth/policy.h"
#include "badges/badges.h"
#include "badges/internal.h"
#include "base/str.h"
#include "base/time.h"
#include "http/server.h"
#include "intake/intake.h"

static const char *const achievement_fields[] = {"name_nl", "name_en", "description_nl", "description_en",
                                                 "criteria_nl", "criteria_en", "org_id", "course_id",
                                                 "valid_days", "skills", "archived", NULL};

void badges_achievement_json(jsonw *w, const badges_achievement *a)
{
    jsonw_object_begin(w);
    jsonw_kint(w, "id", a->id);
    jsonw_kstr(w, "slug", a->slug);
    jsonw_kint(w, "org_id", a->org_id);
    jsonw_kstr(w, "org_name", a->org_name);
    jsonw_key(w, "course_id");
    if (a->course_id) jsonw_int(w, a->course_id);
    else jsonw_null(w);
    jsonw_kstr(w, "name_nl", a->name_nl);
    jsonw_kstr(w, "name_en", a->name_en);
    jsonw_kstr(w, "description_nl", a->description_nl);
    jsonw_kstr(w, "description_en", a->description_en);
    jsonw_kstr(w, "criteria_nl", a->criteria_nl);
    jsonw_kstr(w, "criteria_en", a->criteria_en);
    jsonw_key(w, "valid_days");
    if (a->valid_days) jsonw_int(w, a->valid_days);
    else jsonw_null(w);
    jsonw_key(w, "skills");
    jsonw_array_begin(w);
    for (int i = 0; i < a->nskills; i++) {
        jsonw_object_begin(w);
        jsonw_kint(w, "id", a->skills[i].id);
        jsonw_kstr(w, "uri", a->skills[i].uri);
        jsonw_kstr(w, "label_nl", a->skills[i].label_nl);
        jsonw_kstr(w, "label_en", a->skills[i].label_en);
        jsonw_object_end(w);
    }
    jsonw_array_end(w);
    jsonw_kint(w, "issued", a->issued);
    jsonw_ktime(w, "created_at", a->created_at, false);
    jsonw_ktime(w, "archived_at", a->archived_at, true);
    jsonw_object_end(w);
}

const char *badges_verdict_name(badges_verdict v)
{
    switch (v) {
    case BADGES_VALID: return "valid";
    case BADGES_REVOKED: return "revoked";
    case BADGES_EXPIRED: return "expired";
    case BADGES_SIGNATURE_INVALID: return "signature_invalid";
    case BADGES_ERASED: return "erased";
    }
    return "?";
}

void badges_cred_json(http_request *req, jsonw *w, const badges_cred *c)
{
    jsonw_object_begin(w);
    jsonw_kint(w, "id", c->id);
    jsonw_kstr(w, "uuid", c->uuid);
    jsonw_kint(w, "achievement_id", c->achievement_id);
    jsonw_kstr(w, "achievement_name", c->achievement_name);
    jsonw_key(w, "person_id");
    if (c->person_id) jsonw_int(w, c->person_id);
    else jsonw_null(w);
    jsonw_kstr(w, "recipient_name", c->recipient_name);
    jsonw_ktime(w, "issued_at", c->issued_at, false);
    jsonw_ktime(w, "valid_until", c->valid_until, true);
    jsonw_ktime(w, "revoked_at", c->revoked_at, true);
    jsonw_kstr(w, "revoke_reason", c->revoke_reason);
    jsonw_kint(w, "status_index", c->status_index);
    jsonw_kstr(w, "status", badges_verdict_name(badges_verify(req->arena, c, time_now(), NULL)));
    jsonw_kstr(w, "verify_url", arena_printf(req->arena, "%s/badges/v/%s", intake_public_url(), c->token));
    jsonw_kstr(w, "jwt", c->jwt);
    jsonw_object_end(w);
}

policy_target badges_achievement_target(http_request *req, int64_t id, int64_t org_id)
{
    int64_t *orgs = arena_calloc(req->arena, 1, sizeof *orgs);
    if (orgs) orgs[0] = org_id;
    return (policy_target){.kind = POLICY_ACHIEVEMENT, .id = id, .orgs = orgs, .norgs = orgs && org_id ? 1 : 0};
}

policy_target badges_cred_target(http_request *req, const badges_cred *c, bool read)
{
    int64_t *porgs = NULL;
    int np = 0;
    if (read && c->person_id) badges_person_orgs(http_db(req), req->arena, c->person_id, &porgs, &np);
    int64_t *orgs = arena_calloc(req->arena, (size_t)np + 1, sizeof *orgs);
    int n = 0;
    if (orgs) {
        orgs[n++] = c->org_id;
        for (int i = 0; i < np; i++) orgs[n++] = porgs[i];
    }
    return (policy_target){.kind = POLICY_CREDENTIAL, .id = c->id, .orgs = orgs, .norgs = n,
                           .person_id = c->person_id};
}

static void problem(http_request *req, http_response *res, int status, const char *detail)
{
    http_problem(req, res, status, detail, NULL, NULL);
}

/* Reads an id member that may be absent (0), null (0), or a positive integer; -1 otherwise. */
static int64_t get_id(const json_t *body, const char *key)
{
    json_t *v = json_object_get(body, key);
    if (!v || json_is_null(v)) return 0;
    if (!json_is_integer(v) || json_integer_value(v) <= 0) return -1;
    return json_integer_value(v);
}

/* Fills in from body over what it holds already (PATCH keeps absent members). */
static void input_from_json(http_request *req, const json_t *body, badges_achievement_input *in, api_errors *e)
{
    static const char *const texts[] = {"name_nl", "name_en", "description_nl", "description_en",
                                        "criteria_nl", "criteria_en"};
    const char **fields[] = {&in->name_nl, &in->name_en, &in->description_nl, &in->description_en,
                             &in->criteria_nl, &in->criteria_en};
    for (int i = 0; i < 6; i++)
        if (json_object_get(body, texts[i])) api_get_string(body, texts[i], fields[i], e);
    if (json_object_get(body, "org_id")) in->org_id = get_id(body, "org_id");
    if (json_object_get(body, "course_id")) in->course_id = get_id(body, "course_id");
    if (json_object_get(body, "valid_days")) in->valid_days = get_id(body, "valid_days");
    json_t *sk = json_object_get(body, "skills");
    if (sk) {
        if (!json_is_array(sk) || json_array_size(sk) > 64) {
            api_errors_add(e, "skills", MSG_BADGES_SKILLS_LIST);
            return;
        }
        in->nskills = (int)json_array_size(sk);
        in->skills = arena_calloc(req->arena, (size_t)in->nskills + 1, sizeof *in->skills);
        for (int i = 0; in->skills && i < in->nskills; i++) {
            json_t *v = json_array_get(sk, (size_t)i);
            if (json_is_integer(v)) in->skills[i] = arena_printf(req->arena, "%lld", (long long)json_integer_value(v));
            else if (json_is_string(v)) in->skills[i] = json_string_value(v);
            else api_errors_add(e, "skills", MSG_BADGES_SKILLS_LIST);
        }
    }
}

static int reply_achievement(http_request *req, http_response *res, int status, int64_t id)
{
    badges_achievement a;
    int rc = badges_achievement_get(http_db(req), req->arena, id, &a);
    if (rc) return api_fail(rc);
    jsonw w;
    api_json_begin(res, status, &w);
    badges_achievement_json(&w, &a);
    return api_json_end(&w);
}

static int api_achievements_list(http_request *req, http_response *res)
{
    policy_target t = badges_achievement_target(req, 0, 0);
    if (!policy_enforce(req, POLICY_READ, &t, "achievement")) {
        problem(req, res, 403, "achievements are for staff");
        return 0;
    }
    badges_achievement *list;
    int n;
    int rc = badges_achievement_list(http_db(req), req->arena, str_eq(http_query(req, "archived"), "1"), &list, &n);
    if (rc) return api_fail(rc);
    jsonw w;
    api_json_begin(res, 200, &w);
    api_list_begin(&w);
    for (int i = 0; i < n; i++) {
        if (badges_achievement_load_skills(http_db(req), req->arena, &list[i]) != 0) return -1;
        badges_achievement_json(&w, &list[i]);
    }
    api_list_end(req, &w, 0);
    return api_json_end(&w);
}

static int api_achievements_create(http_request *req, http_response *res)
{
    json_t *body;
    if (api_read_json(req, res, &body) != 0) return 0;
    api_errors e = {0};
    api_reject_unknown(body, achievement_fields, &e);
    badges_achievement_input in = {0};
    input_from_json(req, body, &in, &e);
    policy_target t = badges_achievement_target(req, 0, in.org_id > 0 ? in.org_id : 0);
    if (!policy_enforce(req, POLICY_WRITE, &t, "achievement")) {
        json_decref(body);
        problem(req, res, 403, "achievements are made by the awarding school's trainers and the coordinator");
        return 0;
    }
    int64_t id = 0;
    int rc = badges_achievement_create(req, &in, &e, &id); /* validates and reports every field */
    if (rc == API_EINVALID) /* field names may point into body */
        api_problem_errors(req, res, 422, "the achievement was not created: see errors", &e);
    json_decref(body);
    if (rc == API_EINVALID) return 0;
    if (rc) return api_fail(rc);
    http_set_header(req, res, "Location", arena_printf(req->arena, "/api/v1/achievements/%lld", (long long)id));
    return reply_achievement(req, res, 201, id);
}

/* Loads the achievement of the path after policy allowed op on it; false
 * (the answer written) otherwise. */
static bool load_achievement(http_request *req, http_response *res, policy_op op, badges_achievement *a, int *rc)
{
    *rc = 0;
    int64_t id = http_path_id(req, "id");
    int r = id ? badges_achievement_get(http_db(req), req->arena, id, a) : DB_ENOTFOUND;
    if (r == DB_ENOTFOUND) {
        problem(req, res, 404, "no such achievement");
        return false;
    }
    if (r) {
        *rc = api_fail(r);
        return false;
    }
    policy_target t = badges_achievement_target(req, a->id, a->org_id);
    if (!policy_enforce(req, POLICY_READ, &t, "achievement")) {
        problem(req, res, 404, "no such achievement");
        return false;
    }
    if (op == POLICY_WRITE && !policy_enforce(req, POLICY_WRITE, &t, "achievement")) {
        problem(req, res, 403, "achievements are changed by the awarding school's trainers and the coordinator");
        return false;
    }
    return true;
}

static int api_achievements_show(http_request *req, http_response *res)
{
    badges_achievement a;
    int rc;
    if (!load_achievement(req, res, POLICY_READ, &a, &rc)) return rc;
    jsonw w;
    api_json_begin(res, 200, &w);
    badges_achievement_json(&w, &a);
    return api_json_end(&w);
}

static int api_achievements_update(http_request *req, http_response *res)
{
    badges_achievement a;
    int rc;
    if (!load_achievement(req, res, POLICY_WRITE, &a, &rc)) return rc;
    json_t *body;
    if (api_read_json(req, res, &body) != 0) return 0;
    api_errors e = {0};
    api_reject_unknown(body, achievement_fields, &e);
    badges_achievement_input in = {a.name_nl, a.name_en, a.description_nl, a.description_en, a.criteria_nl,
                                   a.criteria_en, a.org_id, a.course_id, a.valid_days, NULL, 0};
    in.skills = arena_calloc(req->arena, (size_t)a.nskills + 1, sizeof *in.skills);
    for (int i = 0; in.skills && i < a.nskills; i++) in.skills[i] = a.skills[i].uri;
    in.nskills = in.skills ? a.nskills : 0;
    input_from_json(req, body, &in, &e);
    int archive = -1;
    json_t *ar = json_object_get(body, "archived");
    if (ar && !json_is_boolean(ar)) api_errors_add(&e, "archived", MSG_API_NOT_A_BOOLEAN);
    else if (ar) archive = json_is_true(ar) ? 1 : 0;
    /* Moving it to another organisation needs the right to write there too. */
    policy_target t = badges_achievement_target(req, a.id, in.org_id > 0 ? in.org_id : a.org_id);
    if (in.org_id != a.org_id && !policy_enforce(req, POLICY_WRITE, &t, "achievement")) {
        json_decref(body);
        problem(req, res, 403, "you may not move the achievement to that organisation");
        return 0;
    }
    rc = badges_achievement_update(req, a.id, &in, archive, &e);
    if (rc == API_EINVALID) api_problem_errors(req, res, 422, "the achievement was not changed: see errors", &e);
    json_decref(body);
    if (rc == API_EINVALID) return 0;
    if (rc) return api_fail(rc);
    return reply_achievement(req, res, 200, a.id);
}

static const char *bulk_status_name(badges_bulk_status s)
{
    switch (s) {
    case BADGES_BULK_ISSUED: return "issued";
    case BADGES_BULK_ALREADY: return "already_holds";
    case BADGES_BULK_DUPLICATE: return "duplicate";
    case BADGES_BULK_INVALID: return "invalid";
    case BADGES_BULK_NOT_FOUND: return "not_found";
    case BADGES_BULK_AMBIGUOUS: return "ambiguous";
    }
    return "?";
}

static int api_credentials_issue(http_request *req, http_response *res)
{
    badges_achievement a;
    int rc;
    if (!load_achievement(req, res, POLICY_READ, &a, &rc)) return rc;
    badges_cred probe = {.org_id = a.org_id};
    policy_target t = badges_cred_target(req, &probe, false);
    if (!policy_enforce(req, POLICY_WRITE, &t, "credential")) {
        problem(req, res, 403, "badges are issued by the awarding school's trainers and the coordinator");
        return 0;
    }
    if (a.archived_at) {
        http_problem(req, res, 409, "the achievement is archived", NULL, NULL);
        return 0;
    }
    json_t *body;
    if (api_read_json(req, res, &body) != 0) return 0;
    static const char *const known[] = {"recipients", NULL};
    api_errors e = {0};
    api_reject_unknown(body, known, &e);
    json_t *list = json_object_get(body, "recipients");
    buf text;
    buf_init(&text, 1 << 20);
    if (!json_is_array(list) || json_array_size(list) == 0 || json_array_size(list) > BADGES_BULK_MAX_LINES)
        api_errors_add(&e, "recipients", MSG_BADGES_RECIPIENTS_LIST);
    size_t i;
    json_t *v;
    json_array_foreach(list, i, v) {
        if (json_is_integer(v) && json_integer_value(v) > 0) buf_printf(&text, "%lld\n", (long long)json_integer_value(v));
        else if (json_is_string(v) && !strpbrk(json_string_value(v), ",;\n\r#"))
            buf_printf(&text, "%s\n", json_string_value(v));
        else buf_puts(&text, "?\n"); /* reported as invalid on its own line */
    }
    if (e.n) {
        buf_free(&text);
        api_problem_errors(req, res, 422, "nothing was issued: see errors", &e);
        json_decref(body);
        return 0;
    }
    json_decref(body);
    badges_bulk_row *rows;
    int nrows, issued;
    rc = badges_bulk_issue(req, a.id, text.data ? text.data : "", text.len, &rows, &nrows, &issued);
    buf_free(&text);
    if (rc == -1) {
        problem(req, res, 503, "no issuer key is loaded: run 'instroom init' and restart the server");
        return 0;
    }
    if (rc == -2) {
        http_problem(req, res, 422, "recipients must be a list of person ids or e-mail addresses", "recipients",
                     "not a list");
        return 0;
    }
    if (rc && rc != API_EINVALID) return api_fail(rc);
    jsonw w;
    api_json_begin(res, rc == API_EINVALID ? 422 : 201, &w);
    jsonw_object_begin(&w);
    if (rc == API_EINVALID) {
        jsonw_kstr(&w, "type", "about:blank");
        jsonw_kstr(&w, "title", "Unprocessable Content");
        jsonw_kint(&w, "status", 422);
        jsonw_kstr(&w, "detail", "nothing was issued: some recipients are wrong (see lines)");
    }
    jsonw_kint(&w, "issued", issued);
    jsonw_key(&w, "lines");
    jsonw_array_begin(&w);
    for (int k = 0; k < nrows; k++) {
        jsonw_object_begin(&w);
        jsonw_kint(&w, "index", rows[k].line - 1);
        jsonw_kstr(&w, "recipient", rows[k].text);
        jsonw_kstr(&w, "status", bulk_status_name(rows[k].status));
        jsonw_key(&w, "person_id");
        if (rows[k].person_id) jsonw_int(&w, rows[k].person_id);
        else jsonw_null(&w);
        jsonw_key(&w, "credential_id");
        if (rows[k].credential_id) jsonw_int(&w, rows[k].credential_id);
        else jsonw_null(&w);
        jsonw_kstr(&w, "verify_url", rows[k].token ? arena_printf(req->arena, "%s/badges/v/%s", intake_public_url(),
                                                                  rows[k].token)
                                                   : NULL);
        jsonw_object_end(&w);
    }
    jsonw_array_end(&w);
    jsonw_object_end(&w);
    if (rc == API_EINVALID) res->content_type = "application/problem+json";
    return api_json_end(&w);
}

static int api_credentials_of_achievement(http_request *req, http_response *res)
{
    badges_achievement a;
    int rc;
    if (!load_achievement(req, res, POLICY_READ, &a, &rc)) return rc;
    badges_cred probe = {.org_id = a.org_id};
    policy_target t = badges_cred_target(req, &probe, false);
    if (!policy_enforce(req, POLICY_READ, &t, "credential")) {
        problem(req, res, 403, "the credentials of this achievement are for its school's staff and the coordinator");
        return 0;
    }
    badges_cred *list;
    int n;
    rc = badges_cred_list(http_db(req), req->arena, a.id, 0, 1000, &list, &n);
    if (rc) return api_fail(rc);
    jsonw w;
    api_json_begin(res, 200, &w);
    api_list_begin(&w);
    for (int i = 0; i < n; i++) badges_cred_json(req, &w, &list[i]);
    api_list_end(req, &w, 0);
    return api_json_end(&w);
}

/* Loads the credential of the path after policy allowed reading it. */
static bool load_cred(http_request *req, http_response *res, badges_cred *c, int *rc)
{
    *rc = 0;
    int64_t id = http_path_id(req, "id");
    int r = id ? badges_cred_get(http_db(req), req->arena, id, c) : DB_ENOTFOUND;
    if (r && r != DB_ENOTFOUND) {
        *rc = api_fail(r);
        return false;
    }
    policy_target t = r ? (policy_target){.kind = POLICY_CREDENTIAL} : badges_cred_target(req, c, true);
    if (r || !policy_enforce(req, POLICY_READ, &t, "credential")) {
        problem(req, res, 404, "no such credential");
        return false;
    }
    return true;
}

static int api_credential_show(http_request *req, http_response *res)
{
    badges_cred c;
    int rc;
    if (!load_cred(req, res, &c, &rc)) return rc;
    jsonw w;
    api_json_begin(res, 200, &w);
    badges_cred_json(req, &w, &c);
    return api_json_end(&w);
}

static int api_credential_revoke(http_request *req, http_response *res)
{
    badges_cred c;
    int rc;
    if (!load_cred(req, res, &c, &rc)) return rc;
    policy_target t = badges_cred_target(req, &c, false);
    if (!policy_enforce(req, POLICY_WRITE, &t, "credential")) {
        problem(req, res, 403, "badges are revoked by the awarding school's trainers and the coordinator");
        return 0;
    }
    json_t *body;
    if (api_read_json(req, res, &body) != 0) return 0;
    static const char *const known[] = {"reason", NULL};
    api_errors e = {0};
    api_reject_unknown(body, known, &e);
    const char *reason = NULL;
    api_get_string(body, "reason", &reason, &e);
    rc = e.n ? API_EINVALID : badges_revoke(req, c.id, reason, &e);
    if (rc == API_EINVALID) api_problem_errors(req, res, 422, "the credential was not revoked: see errors", &e);
    json_decref(body);
    if (rc == API_EINVALID) return 0;
    if (rc) return api_fail(rc);
    rc = badges_cred_get(http_db(req), req->arena, c.id, &c);
    if (rc) return api_fail(rc);
    jsonw w;
    api_json_begin(res, 200, &w);
    badges_cred_json(req, &w, &c);
    return api_json_end(&w);
}

static int api_my_credentials(http_request *req, http_response *res)
{
    const auth_principal *p = auth_current(req);
    jsonw w;
    api_json_begin(res, 200, &w);
    api_list_begin(&w);
    if (p && p->person_id) {
        badges_cred *list;
        int n;
        int rc = badges_cred_list(http_db(req), req->arena, 0, p->person_id, 500, &list, &n);
        if (rc) return api_fail(rc);
        for (int i = 0; i < n; i++) {
            policy_target t = badges_cred_target(req, &list[i], true);
            if (policy_allows(p, POLICY_READ, &t, NULL)) badges_cred_json(req, &w, &list[i]);
        }
    }
    api_list_end(req, &w, 0);
    return api_json_end(&w);
}

const http_route badges_api_routes[] = {
    {"GET", "/api/v1/achievements", api_achievements_list, HTTP_API, "list achievements (badge classes)"},
    {"POST", "/api/v1/achievements", api_achievements_create, HTTP_API, "create an achievement"},
    {"GET", "/api/v1/achievements/{id}", api_achievements_show, HTTP_API, "one achievement"},
    {"PATCH", "/api/v1/achievements/{id}", api_achievements_update, HTTP_API, "change an achievement"},
    {"GET", "/api/v1/achievements/{id}/credentials", api_credentials_of_achievement, HTTP_API,
     "credentials issued for an achievement"},
    {"POST", "/api/v1/achievements/{id}/credentials", api_credentials_issue, HTTP_API,
     "issue an achievement to a list of people (all or nothing)"},
    {"GET", "/api/v1/credentials/{id}", api_credential_show, HTTP_API, "one issued credential"},
    {"POST", "/api/v1/credentials/{id}/revoke", api_credential_revoke, HTTP_API, "revoke a credential"},
    {"GET", "/api/v1/me/credentials", api_my_credentials, HTTP_API, "the caller's own credentials"},
    {0},
};
