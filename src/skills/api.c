/* skills api: the JSON of /api/v1/skills (catalogue search, local skills,
 * matching) and /api/v1/people/{id}/skills (the profile). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "auth/auth.h"
#include "auth/policy.h"
#include "base/str.h"
#include "http/api.h"
#include "http/server.h"
#include "skills/store.h"

#define MATCH_PERSONS_MAX 200

static json_t *skill_json(const skills_skill *s)
{
    return json_pack("{s:I, s:s, s:o, s:s, s:s, s:o, s:o}", "id", (json_int_t)s->id, "uri", s->uri, "code",
                     api_string(s->code), "kind", s->kind, "label_nl", s->label_nl, "label_en", api_string(s->label_en),
                     "description_nl", api_string(s->description_nl));
}

static json_t *entry_json(const skills_entry *e)
{
    json_t *v = json_pack("{s:I, s:I, s:I, s:s, s:o, s:s, s:i, s:s, s:o, s:b, s:o, s:o, s:o, s:o, s:o}", "id",
                          (json_int_t)e->id, "person_id", (json_int_t)e->person_id, "skill_id", (json_int_t)e->skill_id,
                          "label_nl", e->label_nl, "label_en", api_string(e->label_en), "kind", e->kind, "level",
                          e->level, "source", e->source, "evidence", api_string(e->evidence), "verified",
                          e->verified_at != 0, "verified_by", api_id(e->verified_by), "verified_by_name",
                          api_string(e->verified_by_name), "verified_at", api_time(e->verified_at), "created_at",
                          api_time(e->created_at), "updated_at", api_time(e->updated_at));
    return v;
}

/* Answers a code from skills_open_profile or the store as a problem. */
static int problem(http_request *req, http_response *res, int rc)
{
    if (rc == 404 || rc == DB_ENOTFOUND) {
        http_problem(req, res, 404, "no such person or skill", NULL, NULL);
        return 0;
    }
    if (rc == 403) {
        http_problem(req, res, 403, "you may read these skills but not change them", NULL, NULL);
        return 0;
    }
    return api_fail(rc);
}

/* ---- GET/POST /api/v1/skills ---- */

static int api_skills_list(http_request *req, http_response *res)
{
    policy_target t = {.kind = POLICY_SKILL_CATALOGUE};
    if (!policy_enforce(req, POLICY_READ, &t, NULL)) {
        http_problem(req, res, 403, "the skills catalogue is for logged-in users", NULL, NULL);
        return 0;
    }
    const char *q = http_query(req, "q");
    if (q && api_text_check(q, false, SKILLS_QUERY_MAX, false) != API_TEXT_OK) {
        http_problem(req, res, 400, "q is at most 100 characters of text", "q", "invalid");
        return 0;
    }
    const char *kind = http_query(req, "kind");
    if (kind && !skills_kind_valid(kind)) {
        http_problem(req, res, 400, "kind is one of basic, transversal, digital, language, local", "kind", "invalid");
        return 0;
    }
    int64_t limit = 20;
    const char *ls = http_query(req, "limit");
    if (ls && str_to_int64(ls, 1, 200, &limit) != 0) {
        http_problem(req, res, 400, "limit is a whole number from 1 to 200", "limit", "invalid");
        return 0;
    }
    skills_skill *list;
    int n;
    int rc = skills_search(http_db(req), req->arena, q, kind, (int)limit, &list, &n);
    if (rc) return api_fail(rc);
    json_t *items = json_array();
    for (int i = 0; i < n; i++) json_array_append_new(items, skill_json(&list[i]));
    return api_reply(req, res, 200, json_pack("{s:o}", "items", items));
}

static int api_skills_create(http_request *req, http_response *res)
{
    policy_target t = {.kind = POLICY_SKILL_CATALOGUE};
    if (!policy_enforce(req, POLICY_WRITE, &t, NULL)) {
        http_problem(req, res, 403, "local skills are added by the coordinator", NULL, NULL);
        return 0;
    }
    json_t *body;
    if (api_read_json(req, res, &body) != 0) return 0;
    api_errors e = {0};
    static const char *const known[] = {"label_nl", "label_en", "description", NULL};
    api_reject_unknown(body, known, &e);
    const char *nl, *en, *desc;
    api_get_string(body, "label_nl", &nl, &e);
    api_get_string(body, "label_en", &en, &e);
    api_get_string(body, "description", &desc, &e);
    int64_t id = 0;
    int rc = skills_local_add(req, nl, en, desc, &id, &e); /* adds its own field errors to e */
    if (rc == API_EINVALID) api_problem_errors(req, res, 422, "the skill is not right: see errors", &e);
    json_decref(body); /* after the reply: the field names of unknown members live in body */
    if (rc == API_EINVALID) return 0;
    if (rc) return api_fail(rc);
    skills_skill s;
    rc = skills_get(http_db(req), req->arena, id, &s);
    if (rc) return api_fail(rc);
    return api_reply(req, res, 201, skill_json(&s));
}

/* ---- /api/v1/people/{id}/skills ---- */

static int api_profile_list(http_request *req, http_response *res)
{
    people_person p;
    bool self;
    int rc = skills_open_profile(req, http_path_id(req, "id"), POLICY_READ, &p, &self);
    if (rc) return problem(req, res, rc);
    skills_entry *list;
    int n;
    rc = skills_profile(http_db(req), req->arena, p.id, &list, &n);
    if (rc) return api_fail(rc);
    json_t *items = json_array();
    for (int i = 0; i < n; i++) json_array_append_new(items, entry_json(&list[i]));
    return api_reply(req, res, 200, json_pack("{s:I, s:o}", "person_id", (json_int_t)p.id, "items", items));
}

/* Reads level (an integer 1..4) and evidence of body into in. */
static void read_level_evidence(http_request *req, const json_t *body, skills_entry_input *in, api_errors *e)
{
    json_t *lv = json_object_get(body, "level");
    if (lv && !json_is_null(lv)) {
        if (!json_is_integer(lv)) api_errors_add(e, "level", MSG_SKILLS_ERR_LEVEL);
        else in->level = arena_printf(req->arena, "%lld", (long long)json_integer_value(lv));
    }
    if (json_object_get(body, "evidence")) api_get_string(body, "evidence", &in->evidence, e);
}

static int reply_entry(http_request *req, http_response *res, int status, int64_t id)
{
    skills_entry x;
    int rc = skills_entry_get(http_db(req), req->arena, id, &x);
    if (rc) return api_fail(rc);
    return api_reply(req, res, status, entry_json(&x));
}

static int api_profile_add(http_request *req, http_response *res)
{
    people_person p;
    bool self;
    int rc = skills_open_profile(req, http_path_id(req, "id"), POLICY_WRITE, &p, &self);
    if (rc) return problem(req, res, rc);
    json_t *body;
    if (api_read_json(req, res, &body) != 0) return 0;
    api_errors e = {0};
    static const char *const known[] = {"skill_id", "level", "source", "evidence", "verified", NULL};
    api_reject_unknown(body, known, &e);
    skills_entry_input in = {0};
    api_get_id(body, "skill_id", &in.skill_id, &e);
    read_level_evidence(req, body, &in, &e);
    api_get_string(body, "source", &in.source, &e);
    json_t *ver = json_object_get(body, "verified");
    if (ver && !json_is_null(ver) && !json_is_boolean(ver)) api_errors_add(&e, "verified", MSG_SKILLS_ERR_BOOLEAN);
    in.verify = ver && json_is_true(ver);
    if (self && in.verify) api_errors_add(&e, "verified", MSG_SKILLS_ERR_SELF_VERIFY);
    if (!e.n && !in.skill_id) api_errors_add(&e, "skill_id", MSG_SKILLS_ERR_REQUIRED);
    int64_t id = 0;
    rc = e.n ? API_EINVALID : skills_entry_add(req, p.id, &in, &id, &e);
    if (rc == API_EINVALID) api_problem_errors(req, res, 422, "the skill is not right: see errors", &e);
    json_decref(body); /* after the reply: the field names of unknown members live in body */
    if (rc == API_EINVALID) return 0;
    if (rc) return api_fail(rc);
    return reply_entry(req, res, 201, id);
}

/* Loads entry {sid} of person {id} for a change; 0 or a code for problem(). */
static int open_entry(http_request *req, bool *self, skills_entry *x)
{
    people_person p;
    int rc = skills_open_profile(req, http_path_id(req, "id"), POLICY_WRITE, &p, self);
    if (rc) return rc;
    int64_t sid = http_path_id(req, "sid");
    rc = sid ? skills_entry_get(http_db(req), req->arena, sid, x) : DB_ENOTFOUND;
    if (!rc && x->person_id != p.id) return 404;
    return rc;
}

static int refuse_change(http_request *req, http_response *res, const char *action, const skills_entry *x)
{
    audit_request(req, action, "person_skill", x->id, 0, "denied", "verified, or not added by the person");
    http_problem(req, res, 403, "you can change only your own skills that are not verified yet", NULL, NULL);
    return 0;
}

static int api_entry_patch(http_request *req, http_response *res)
{
    bool self;
    skills_entry x;
    int rc = open_entry(req, &self, &x);
    if (rc) return problem(req, res, rc);
    if (!skills_may_change(req, self, &x)) return refuse_change(req, res, "update", &x);
    json_t *body;
    if (api_read_json(req, res, &body) != 0) return 0;
    api_errors e = {0};
    static const char *const known[] = {"level", "evidence", NULL};
    api_reject_unknown(body, known, &e);
    skills_entry_input in = {.level = arena_printf(req->arena, "%d", x.level), .evidence = x.evidence};
    read_level_evidence(req, body, &in, &e);
    rc = e.n ? API_EINVALID : skills_entry_update(req, &x, &in, &e);
    if (rc == API_EINVALID) api_problem_errors(req, res, 422, "the change is not right: see errors", &e);
    json_decref(body); /* after the reply: the field names of unknown members live in body */
    if (rc == API_EINVALID) return 0;
    if (rc) return api_fail(rc);
    return reply_entry(req, res, 200, x.id);
}

static int api_entry_verify(http_request *req, http_response *res)
{
    bool self;
    skills_entry x;
    int rc = open_entry(req, &self, &x);
    if (rc) return problem(req, res, rc);
    if (self) {
        audit_request(req, "verify", "person_skill", x.id, 0, "denied", "own skill");
        http_problem(req, res, 403, "nobody verifies their own skills", NULL, NULL);
        return 0;
    }
    rc = skills_entry_verify(req, &x);
    if (rc) return api_fail(rc);
    return reply_entry(req, res, 200, x.id);
}

static int api_entry_delete(http_request *req, http_response *res)
{
    bool self;
    skills_entry x;
    int rc = open_entry(req, &self, &x);
    if (rc) return problem(req, res, rc);
    if (!skills_may_change(req, self, &x)) return refuse_change(req, res, "delete", &x);
    rc = skills_entry_delete(req, &x);
    if (rc) return api_fail(rc);
    res->status = 204;
    return 0;
}

/* ---- POST /api/v1/skills/match ---- */

typedef struct match_result {
    int64_t person_id;
    double score;
    skills_match_item *items;
} match_result;

static int by_score(const void *a, const void *b)
{
    const match_result *x = a, *y = b;
    if (x->score != y->score) return x->score < y->score ? 1 : -1;
    return x->person_id < y->person_id ? -1 : x->person_id > y->person_id;
}

/* Reads the requirements array of body; 0, or -1 with errors in e. */
static int read_requirements(http_request *req, const json_t *body, skills_requirement **out, int *n, api_errors *e)
{
    json_t *arr = json_object_get(body, "requirements");
    *out = NULL;
    *n = 0;
    if (!json_is_array(arr) || json_array_size(arr) == 0 || json_array_size(arr) > SKILLS_MATCH_MAX) {
        api_errors_add(e, "requirements", MSG_SKILLS_ERR_REQUIREMENTS);
        return -1;
    }
    int k = (int)json_array_size(arr);
    skills_requirement *r = arena_calloc(req->arena, (size_t)k, sizeof *r);
    if (!r) return DB_ENOMEM;
    for (int i = 0; i < k; i++) {
        json_t *o = json_array_get(arr, (size_t)i);
        json_t *sid = json_object_get(o, "skill_id"), *lv = json_object_get(o, "level"),
               *w = json_object_get(o, "weight"), *vo = json_object_get(o, "verified_only");
        if (!json_is_object(o) || !json_is_integer(sid) || !json_is_integer(lv) || (w && !json_is_number(w)) ||
            (vo && !json_is_boolean(vo))) {
            api_errors_add(e, "requirements", MSG_SKILLS_ERR_REQUIREMENTS);
            return -1;
        }
        json_int_t level = json_integer_value(lv);
        r[i] = (skills_requirement){
            .skill_id = (int64_t)json_integer_value(sid),
            .level = level < 0 || level > 100 ? 0 : (int)level,
            .weight = w ? json_number_value(w) : 1.0,
            .verified_only = vo && json_is_true(vo),
        };
    }
    int bad;
    const char *field;
    if (skills_requirements_check(r, k, &bad, &field) != 0) {
        api_errors_add(e, "requirements",
                       str_eq(field, "level")    ? MSG_SKILLS_ERR_LEVEL
                       : str_eq(field, "weight") ? MSG_SKILLS_ERR_WEIGHT
                                                 : MSG_SKILLS_ERR_UNKNOWN_SKILL);
        return -1;
    }
    *out = r;
    *n = k;
    return 0;
}

static int api_match(http_request *req, http_response *res)
{
    json_t *body;
    if (api_read_json(req, res, &body) != 0) return 0;
    api_errors e = {0};
    static const char *const known[] = {"requirements", "person_ids", NULL};
    api_reject_unknown(body, known, &e);
    skills_requirement *r = NULL;
    int nr = 0;
    int rc = read_requirements(req, body, &r, &nr, &e);
    if (rc < -1) {
        json_decref(body);
        return api_fail(rc);
    }
    json_t *ids = json_object_get(body, "person_ids");
    int np = json_is_array(ids) ? (int)json_array_size(ids) : 0;
    if (np == 0 || np > MATCH_PERSONS_MAX) api_errors_add(&e, "person_ids", MSG_SKILLS_ERR_PERSON_IDS);
    int64_t *pids = arena_calloc(req->arena, (size_t)(np ? np : 1), sizeof *pids);
    for (int i = 0; !e.n && pids && i < np; i++) {
        json_t *v = json_array_get(ids, (size_t)i);
        if (!json_is_integer(v) || json_integer_value(v) < 1) api_errors_add(&e, "person_ids", MSG_SKILLS_ERR_PERSON_IDS);
        else pids[i] = (int64_t)json_integer_value(v);
    }
    if (e.n) {
        api_problem_errors(req, res, 422, "the match request is not right: see errors", &e);
        json_decref(body);
        return 0;
    }
    json_decref(body);
    if (!pids) return DB_ENOMEM;
    /* The skill ids must exist: an unknown one is a mistake, not a "missing". */
    for (int i = 0; i < nr; i++) {
        skills_skill s;
        rc = skills_get(http_db(req), req->arena, r[i].skill_id, &s);
        if (rc == DB_ENOTFOUND) {
            api_errors_add(&e, "requirements", MSG_SKILLS_ERR_UNKNOWN_SKILL);
            api_problem_errors(req, res, 422, "a requirement names a skill that does not exist", &e);
            return 0;
        }
        if (rc) return api_fail(rc);
    }
    match_result *results = arena_calloc(req->arena, (size_t)np, sizeof *results);
    if (!results) return DB_ENOMEM;
    int nres = 0;
    json_t *unknown = json_array();
    for (int i = 0; i < np; i++) {
        bool dupe = false;
        for (int k = 0; k < i; k++) dupe = dupe || pids[k] == pids[i];
        if (dupe) continue;
        people_person p;
        bool self;
        rc = skills_open_profile(req, pids[i], POLICY_READ, &p, &self);
        if (rc == 404) { /* absent and unreadable look the same */
            json_array_append_new(unknown, json_integer(pids[i]));
            continue;
        }
        if (rc) {
            json_decref(unknown);
            return api_fail(rc);
        }
        skills_have *have;
        int nh;
        rc = skills_profile_have(http_db(req), req->arena, p.id, &have, &nh);
        if (rc) {
            json_decref(unknown);
            return api_fail(rc);
        }
        match_result *m = &results[nres++];
        m->person_id = p.id;
        m->items = arena_calloc(req->arena, (size_t)nr, sizeof *m->items);
        if (!m->items) {
            json_decref(unknown);
            return DB_ENOMEM;
        }
        m->score = skills_match(r, nr, have, nh, m->items);
    }
    qsort(results, (size_t)nres, sizeof *results, by_score);
    json_t *items = json_array();
    for (int i = 0; i < nres; i++) {
        json_t *expl = json_array();
        for (int k = 0; k < nr; k++) {
            const skills_match_item *it = &results[i].items[k];
            json_array_append_new(expl, json_pack("{s:I, s:s, s:i, s:i, s:f}", "skill_id", (json_int_t)it->skill_id,
                                                  "status", skills_match_status_name(it->status), "have", it->have,
                                                  "need", it->need, "credit", it->credit));
        }
        json_array_append_new(items, json_pack("{s:I, s:f, s:o}", "person_id", (json_int_t)results[i].person_id,
                                               "score", results[i].score, "requirements",
                                               expl));
    }
    return api_reply(req, res, 200, json_pack("{s:o, s:o}", "items", items, "not_found", unknown));
}

const http_route skills_api_routes[] = {
    {"GET", "/api/v1/skills", api_skills_list, HTTP_API, "skills matching q"},
    {"POST", "/api/v1/skills", api_skills_create, HTTP_API, "add a local skill"},
    {"POST", "/api/v1/skills/match", api_match, HTTP_API, "score people's skills against requirements"},
    {"GET", "/api/v1/people/{id}/skills", api_profile_list, HTTP_API, "a person's skills"},
    {"POST", "/api/v1/people/{id}/skills", api_profile_add, HTTP_API, "add a skill to a person's profile"},
    {"PATCH", "/api/v1/people/{id}/skills/{sid}", api_entry_patch, HTTP_API, "change a skill's level or evidence"},
    {"DELETE", "/api/v1/people/{id}/skills/{sid}", api_entry_delete, HTTP_API, "delete a skill from a profile"},
    {"POST", "/api/v1/people/{id}/skills/{sid}/verify", api_entry_verify, HTTP_API, "verify a skill"},
    {0},
};
