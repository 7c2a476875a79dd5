/* training API (/api/v1): courses, modules, sessions, enrolments,
 * attendance, assessments, the planner and the participant's own training.
 * The same store functions and policy decisions as the pages. */
#include <stdio.h>
#include <string.h>

#include "auth/audit.h"
#include "auth/auth.h"
#include "auth/policy.h"
#include "base/str.h"
#include "base/time.h"
#include "http/api.h"
#include "http/server.h"
#include "training/pages.h"
#include "training/planner.h"
#include "training/store.h"
#include "training/training.h"

#define href(req, fmt, id) arena_printf((req)->arena, fmt, (long long)(id))

static int not_found(http_request *req, http_response *res, const char *what)
{
    http_problem(req, res, 404, what, NULL, NULL);
    return 0;
}

static int forbidden(http_request *req, http_response *res)
{
    http_problem(req, res, 403, "training is changed by the school's trainers and the coordinator", NULL, NULL);
    return 0;
}

static int failed(http_request *req, http_response *res, int rc, const char *what)
{
    if (rc == DB_ENOTFOUND) return not_found(req, res, what);
    return api_fail(rc);
}

/* Reads an optional whole number as text (NULL when absent or null). */
static void get_int_text(http_request *req, const json_t *body, const char *key, const char **out, api_errors *e)
{
    json_t *v = json_object_get(body, key);
    *out = NULL;
    if (!v || json_is_null(v)) return;
    if (json_is_integer(v)) *out = arena_printf(req->arena, "%lld", (long long)json_integer_value(v));
    else api_errors_add(e, key, MSG_TRAINING_CAPACITY_INVALID);
}

/* ---- JSON of records ---- */

static json_t *course_json(const training_course *c)
{
    return json_pack("{s:I, s:s, s:I, s:s, s:o, s:o, s:s, s:o, s:o, s:o, s:i, s:i, s:i, s:i}", "id", (json_int_t)c->id,
                     "slug", c->slug, "org_id", (json_int_t)c->org_id, "org_name", c->org_name, "programme_id",
                     api_id(c->programme_id), "programme_name", api_string(c->programme_name), "name", c->name,
                     "description_nl", api_string(c->description_nl), "description_en", api_string(c->description_en),
                     "created_at", api_time(c->created_at), "modules", c->nmodules, "sessions", c->nsessions, "enrolled",
                     c->nenrolled, "completed", c->ncompleted);
}

static json_t *module_json(const training_module *m)
{
    json_t *skills = json_array();
    for (int i = 0; skills && i < m->nskills; i++)
        json_array_append_new(skills, json_pack("{s:I, s:s, s:s, s:o, s:i}", "skill_id", (json_int_t)m->skills[i].skill_id,
                                                "uri", m->skills[i].uri, "label_nl", m->skills[i].label_nl, "label_en",
                                                api_string(m->skills[i].label_en), "level", m->skills[i].level));
    return json_pack("{s:I, s:I, s:i, s:s, s:s, s:o, s:o, s:o}", "id", (json_int_t)m->id, "course_id",
                     (json_int_t)m->course_id, "position", m->position, "name_nl", m->name_nl, "name_en", m->name_en,
                     "dayparts", m->dayparts ? json_integer(m->dayparts) : json_null(), "weeks",
                     m->weeks ? json_integer(m->weeks) : json_null(), "skills", skills);
}

static json_t *session_json(const training_session *s)
{
    return json_pack("{s:I, s:I, s:o, s:o, s:I, s:s, s:s, s:o, s:o, s:o, s:i, s:i, s:o, s:o, s:i, s:i}", "id",
                     (json_int_t)s->id, "course_id", (json_int_t)s->course_id, "module_id", api_id(s->module_id),
                     "cohort_id", api_id(s->cohort_id), "org_id", (json_int_t)s->org_id, "org_name", s->org_name,
                     "location", s->location, "postcode", api_string(s->postcode), "starts_at", api_time(s->starts_at),
                     "ends_at", api_time(s->ends_at), "capacity", s->capacity, "placed", s->placed, "trainer_id",
                     api_id(s->trainer_id), "trainer_name", api_string(s->trainer_name), "weekday",
                     training_weekday(s->starts_at), "daypart", training_daypart(s->starts_at));
}

static json_t *enrolment_json(const training_enrolment *e)
{
    return json_pack("{s:I, s:I, s:s, s:o, s:I, s:s, s:s, s:i, s:i, s:o, s:o, s:i}", "id", (json_int_t)e->id,
                     "course_id", (json_int_t)e->course_id, "course_name", e->course_name, "cohort_id",
                     api_id(e->cohort_id), "person_id", (json_int_t)e->person_id, "person_name", e->person_name,
                     "status", e->status, "avail_days", e->avail_days, "avail_parts", e->avail_parts, "enrolled_at",
                     api_time(e->enrolled_at), "completed_at", api_time(e->completed_at), "modules_passed", e->npassed);
}

/* An enrolment with its assessments and sessions (attendance). */
static json_t *enrolment_detail_json(http_request *req, const training_enrolment *en, int *rc)
{
    training_assessment *as;
    training_attended *att;
    int nas, na;
    *rc = training_assessments_of(http_db(req), req->arena, en->id, &as, &nas);
    if (!*rc) *rc = training_attended_of(http_db(req), req->arena, en->id, &att, &na);
    if (*rc) return NULL;
    json_t *o = enrolment_json(en);
    json_t *ja = json_array(), *js = json_array();
    for (int i = 0; i < nas; i++)
        json_array_append_new(ja, json_pack("{s:I, s:s, s:o, s:o}", "module_id", (json_int_t)as[i].module_id, "result",
                                            as[i].result, "note", api_string(as[i].note), "assessed_at",
                                            api_time(as[i].assessed_at)));
    for (int i = 0; i < na; i++) {
        json_t *s = session_json(&att[i].session);
        json_object_set_new(s, "attendance", api_string(att[i].status));
        json_array_append_new(js, s);
    }
    json_object_set_new(o, "assessments", ja);
    json_object_set_new(o, "sessions", js);
    return o;
}

/* ---- Courses ---- */

static int api_courses_list(http_request *req, http_response *res)
{
    if (!training_may(req, POLICY_READ, 0, true)) return forbidden(req, res);
    training_course *list;
    int n;
    int rc = training_course_list(http_db(req), req->arena, &list, &n);
    if (rc) return api_fail(rc);
    json_t *items = json_array();
    for (int i = 0; i < n; i++) json_array_append_new(items, course_json(&list[i]));
    return api_reply(req, res, 200, api_list(req, items, 0));
}

static int reply_course(http_request *req, http_response *res, int status, int64_t id)
{
    training_course c;
    training_module *mods;
    training_session *sess;
    int nm, ns;
    int rc = training_course_load(http_db(req), req->arena, id, &c);
    if (!rc) rc = training_modules_of(http_db(req), req->arena, id, &mods, &nm);
    if (!rc) rc = training_sessions_of(http_db(req), req->arena, id, &sess, &ns);
    if (rc) return failed(req, res, rc, "no such course");
    json_t *o = course_json(&c);
    json_t *jm = json_array(), *js = json_array();
    for (int i = 0; i < nm; i++) json_array_append_new(jm, module_json(&mods[i]));
    for (int i = 0; i < ns; i++) json_array_append_new(js, session_json(&sess[i]));
    json_object_set_new(o, "module_list", jm);
    json_object_set_new(o, "session_list", js);
    return api_reply(req, res, status, o);
}

static const char *const course_keys[] = {"slug", "name", "description_nl", "description_en", "org_id", "programme_id",
                                          NULL};

static void course_from_json(const json_t *body, training_course_input *in, api_errors *e)
{
    memset(in, 0, sizeof *in);
    api_reject_unknown(body, course_keys, e);
    api_get_string(body, "slug", &in->slug, e);
    api_get_string(body, "name", &in->name, e);
    api_get_string(body, "description_nl", &in->description_nl, e);
    api_get_string(body, "description_en", &in->description_en, e);
    api_get_id(body, "org_id", &in->org_id, e);
    api_get_id(body, "programme_id", &in->programme_id, e);
}

/* Creates (id 0) or replaces a course from the JSON body. */
static int course_write(http_request *req, http_response *res, int64_t id)
{
    if (id) {
        training_course c;
        int rc = training_course_load(http_db(req), req->arena, id, &c);
        if (rc) return failed(req, res, rc, "no such course");
        if (!training_may(req, POLICY_WRITE, id, true)) return forbidden(req, res);
    }
    json_t *body;
    if (api_read_json(req, res, &body) != 0) return 0;
    training_course_input in;
    api_errors e = {0};
    course_from_json(body, &in, &e);
    int64_t orgs[1] = {in.org_id};
    policy_target t = {.kind = POLICY_TRAINING, .id = id, .orgs = orgs, .norgs = in.org_id > 0 ? 1 : 0};
    if ((in.org_id > 0 || !id) && !policy_enforce(req, POLICY_WRITE, &t, NULL)) {
        json_decref(body);
        return forbidden(req, res);
    }
    int rc;
    if (e.n) {
        training_course_validate(&in, &e);
        rc = API_EINVALID;
    } else rc = training_course_save(req, &id, &in, &e);
    if (rc == API_EINVALID) api_problem_errors(req, res, 422, "the course was not saved: see errors", &e);
    json_decref(body);
    if (rc == API_EINVALID) return 0;
    if (rc) return failed(req, res, rc, "no such course");
    bool created = !http_path_id(req, "id");
    if (created) http_set_header(req, res, "Location", href(req, "/api/v1/courses/%lld", id));
    return reply_course(req, res, created ? 201 : 200, id);
}

static int api_courses_create(http_request *req, http_response *res)
{
    return course_write(req, res, 0);
}

static int api_course_show(http_request *req, http_response *res)
{
    int64_t id = http_path_id(req, "id");
    training_course c;
    int rc = id ? training_course_load(http_db(req), req->arena, id, &c) : DB_ENOTFOUND;
    if (rc) return failed(req, res, rc, "no such course");
    if (!training_may(req, POLICY_READ, id, true)) return forbidden(req, res);
    return reply_course(req, res, 200, id);
}

static int api_course_replace(http_request *req, http_response *res)
{
    int64_t id = http_path_id(req, "id");
    if (!id) return not_found(req, res, "no such course");
    return course_write(req, res, id);
}

/* ---- Modules ---- */

static const char *const module_keys[] = {"position", "name_nl", "name_en", "dayparts", "weeks", "skills", NULL};

static void module_from_json(http_request *req, const json_t *body, training_module_input *in, api_errors *e)
{
    memset(in, 0, sizeof *in);
    api_reject_unknown(body, module_keys, e);
    get_int_text(req, body, "position", &in->position, e);
    api_get_string(body, "name_nl", &in->name_nl, e);
    api_get_string(body, "name_en", &in->name_en, e);
    get_int_text(req, body, "dayparts", &in->dayparts, e);
    get_int_text(req, body, "weeks", &in->weeks, e);
    json_t *arr = json_object_get(body, "skills");
    if (!arr || json_is_null(arr)) return;
    if (!json_is_array(arr) || json_array_size(arr) > TRAINING_MAX_MODULE_SKILLS) {
        api_errors_add(e, "skills", MSG_TRAINING_SKILLS_INVALID);
        return;
    }
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v) {
        json_t *id = json_object_get(v, "skill_id"), *uri = json_object_get(v, "uri"), *lv = json_object_get(v, "level");
        training_module_skill *k = &in->skills[in->nskills];
        if (!json_is_object(v) || !json_is_integer(lv) || (id && (!json_is_integer(id) || json_integer_value(id) <= 0)) ||
            (uri && !json_is_string(uri)) || (!id && !uri)) {
            api_errors_add(e, "skills", MSG_TRAINING_SKILLS_INVALID);
            return;
        }
        k->skill_id = id ? (int64_t)json_integer_value(id) : 0;
        k->ref = uri ? arena_strdup(req->arena, json_string_value(uri)) : NULL;
        json_int_t l = json_integer_value(lv);
        k->level = l >= 1 && l <= 4 ? (int)l : 0;
        in->nskills++;
    }
}

static int module_write(http_request *req, http_response *res, int64_t course_id, int64_t id)
{
    if (!training_may(req, POLICY_WRITE, course_id, true)) return forbidden(req, res);
    json_t *body;
    if (api_read_json(req, res, &body) != 0) return 0;
    training_module_input *in = arena_calloc(req->arena, 1, sizeof *in);
    if (!in) {
        json_decref(body);
        return DB_ENOMEM;
    }
    api_errors e = {0};
    module_from_json(req, body, in, &e);
    int rc;
    if (e.n) {
        training_module_validate(in, &e);
        rc = API_EINVALID;
    } else rc = training_module_save(req, course_id, &id, in, &e);
    if (rc == API_EINVALID) api_problem_errors(req, res, 422, "the module was not saved: see errors", &e);
    json_decref(body);
    if (rc == API_EINVALID) return 0;
    if (rc) return failed(req, res, rc, "no such module");
    training_module m;
    rc = training_module_load(http_db(req), req->arena, id, &m);
    if (rc) return api_fail(rc);
    return api_reply(req, res, 200, module_json(&m));
}

static int api_modules_create(http_request *req, http_response *res)
{
    int64_t cid = http_path_id(req, "id");
    training_course c;
    int rc = cid ? training_course_load(http_db(req), req->arena, cid, &c) : DB_ENOTFOUND;
    if (rc) return failed(req, res, rc, "no such course");
    rc = module_write(req, res, cid, 0);
    if (!rc && res->status == 200) res->status = 201;
    return rc;
}

static int api_module_replace(http_request *req, http_response *res)
{
    int64_t id = http_path_id(req, "id");
    training_module m;
    int rc = id ? training_module_load(http_db(req), req->arena, id, &m) : DB_ENOTFOUND;
    if (rc) return failed(req, res, rc, "no such module");
    return module_write(req, res, m.course_id, id);
}

/* ---- Sessions ---- */

static const char *const session_keys[] = {"module_id", "cohort_id", "org_id", "location", "postcode", "date",
                                           "start", "end", "capacity", "trainer_id", NULL};

static void session_from_json(http_request *req, const json_t *body, training_session_input *in, api_errors *e)
{
    memset(in, 0, sizeof *in);
    api_reject_unknown(body, session_keys, e);
    api_get_id(body, "module_id", &in->module_id, e);
    api_get_id(body, "cohort_id", &in->cohort_id, e);
    api_get_id(body, "org_id", &in->org_id, e);
    api_get_id(body, "trainer_id", &in->trainer_id, e);
    api_get_string(body, "location", &in->location, e);
    api_get_string(body, "postcode", &in->postcode, e);
    api_get_string(body, "date", &in->date, e);
    api_get_string(body, "start", &in->start, e);
    api_get_string(body, "end", &in->end, e);
    get_int_text(req, body, "capacity", &in->capacity, e);
}

static int reply_session(http_request *req, http_response *res, int status, int64_t id)
{
    training_session s;
    training_place *places;
    int np;
    int rc = training_session_load(http_db(req), req->arena, id, &s);
    if (!rc) rc = training_places_of(http_db(req), req->arena, id, &places, &np);
    if (rc) return failed(req, res, rc, "no such session");
    json_t *o = session_json(&s);
    json_t *jp = json_array();
    for (int i = 0; i < np; i++)
        json_array_append_new(jp, json_pack("{s:I, s:I, s:s, s:o, s:o}", "enrolment_id", (json_int_t)places[i].enrolment_id,
                                            "person_id", (json_int_t)places[i].person_id, "person_name",
                                            places[i].person_name, "attendance", api_string(places[i].attendance), "km",
                                            places[i].km >= 0 ? json_real(places[i].km) : json_null()));
    json_object_set_new(o, "places", jp);
    return api_reply(req, res, status, o);
}

static int session_write(http_request *req, http_response *res, int64_t course_id, int64_t id, int64_t old_org)
{
    if (!training_may(req, POLICY_WRITE, course_id, true)) return forbidden(req, res);
    json_t *body;
    if (api_read_json(req, res, &body) != 0) return 0;
    training_session_input in;
    api_errors e = {0};
    session_from_json(req, body, &in, &e);
    int64_t orgs[2] = {in.org_id, old_org};
    for (int i = 0; i < 2; i++) {
        if (orgs[i] <= 0) continue;
        policy_target t = {.kind = POLICY_TRAINING, .id = course_id, .orgs = &orgs[i], .norgs = 1};
        if (!policy_enforce(req, POLICY_WRITE, &t, NULL)) {
            json_decref(body);
            return forbidden(req, res);
        }
    }
    int rc;
    if (e.n) {
        training_session_validate(&in, &e);
        rc = API_EINVALID;
    } else rc = training_session_save(req, course_id, &id, &in, &e);
    if (rc == API_EINVALID) api_problem_errors(req, res, 422, "the session was not saved: see errors", &e);
    json_decref(body);
    if (rc == API_EINVALID) return 0;
    if (rc) return failed(req, res, rc, "no such session");
    return reply_session(req, res, old_org ? 200 : 201, id);
}

static int api_sessions_create(http_request *req, http_response *res)
{
    int64_t cid = http_path_id(req, "id");
    training_course c;
    int rc = cid ? training_course_load(http_db(req), req->arena, cid, &c) : DB_ENOTFOUND;
    if (rc) return failed(req, res, rc, "no such course");
    return session_write(req, res, cid, 0, 0);
}

static int api_session_show(http_request *req, http_response *res)
{
    int64_t id = http_path_id(req, "id");
    training_session s;
    int rc = id ? training_session_load(http_db(req), req->arena, id, &s) : DB_ENOTFOUND;
    if (rc) return failed(req, res, rc, "no such session");
    if (!training_may(req, POLICY_READ, s.course_id, true)) return forbidden(req, res);
    return reply_session(req, res, 200, id);
}

static int api_session_replace(http_request *req, http_response *res)
{
    int64_t id = http_path_id(req, "id");
    training_session s;
    int rc = id ? training_session_load(http_db(req), req->arena, id, &s) : DB_ENOTFOUND;
    if (rc) return failed(req, res, rc, "no such session");
    return session_write(req, res, s.course_id, id, s.org_id);
}

/* PUT /api/v1/sessions/{id}/attendance {"items": [{"enrolment_id", "status"}]} */
static int api_attendance(http_request *req, http_response *res)
{
    int64_t id = http_path_id(req, "id");
    training_session s;
    int rc = id ? training_session_load(http_db(req), req->arena, id, &s) : DB_ENOTFOUND;
    if (rc) return failed(req, res, rc, "no such session");
    int64_t orgs[32];
    int n = 0;
    rc = training_course_orgs(http_db(req), s.course_id, orgs, 32, &n);
    if (rc) return api_fail(rc);
    policy_target t = {.kind = POLICY_TRAINING_RECORD, .orgs = orgs, .norgs = n};
    if (!policy_enforce(req, POLICY_WRITE, &t, "attendance")) return forbidden(req, res);
    json_t *body;
    if (api_read_json(req, res, &body) != 0) return 0;
    api_errors e = {0};
    static const char *const keys[] = {"items", NULL};
    api_reject_unknown(body, keys, &e);
    json_t *items = json_object_get(body, "items");
    size_t count = json_is_array(items) ? json_array_size(items) : 0;
    if (!json_is_array(items) || count == 0 || count > 10000) api_errors_add(&e, "items", MSG_TRAINING_ATTENDANCE_INVALID);
    int64_t *ids = arena_calloc(req->arena, count + 1, sizeof *ids);
    const char **st = arena_calloc(req->arena, count + 1, sizeof *st);
    if (!ids || !st) {
        json_decref(body);
        return DB_ENOMEM;
    }
    size_t i;
    json_t *v;
    int k = 0;
    if (!e.n) json_array_foreach(items, i, v) {
            json_t *eid = json_object_get(v, "enrolment_id"), *status = json_object_get(v, "status");
            if (!json_is_integer(eid) || json_integer_value(eid) <= 0 || !json_is_string(status)) {
                api_errors_add(&e, "items", MSG_TRAINING_ATTENDANCE_INVALID);
                break;
            }
            ids[k] = (int64_t)json_integer_value(eid);
            st[k] = arena_strdup(req->arena, json_string_value(status));
            if (!training_attendance_status_valid(st[k])) api_errors_add(&e, "items", MSG_TRAINING_ATTENDANCE_INVALID);
            k++;
        }
    rc = e.n ? API_EINVALID : training_attendance_record(req, id, k, ids, st, &e);
    if (rc == API_EINVALID) {
        /* The store names the field "attendance"; the API calls it items. */
        api_errors ee = {0};
        for (int x = 0; x < e.n; x++) api_errors_add(&ee, "items", e.items[x].reason);
        api_problem_errors(req, res, 422, "no attendance was recorded: see errors", &ee);
    }
    json_decref(body);
    if (rc == API_EINVALID) return 0;
    if (rc) return api_fail(rc);
    return reply_session(req, res, 200, id);
}

/* ---- Enrolments ---- */

static int api_enrolments_list(http_request *req, http_response *res)
{
    int64_t cid = http_path_id(req, "id");
    training_course c;
    int rc = cid ? training_course_load(http_db(req), req->arena, cid, &c) : DB_ENOTFOUND;
    if (rc) return failed(req, res, rc, "no such course");
    if (!training_may(req, POLICY_READ, cid, true)) return forbidden(req, res);
    training_enrolment *list;
    int n;
    rc = training_enrolments_of(http_db(req), req->arena, cid, &list, &n);
    if (rc) return api_fail(rc);
    json_t *items = json_array();
    for (int i = 0; i < n; i++)
        if (training_may_record(req, POLICY_READ, &list[i], false)) json_array_append_new(items, enrolment_json(&list[i]));
    return api_reply(req, res, 200, api_list(req, items, 0));
}

static int api_enrolments_create(http_request *req, http_response *res)
{
    int64_t cid = http_path_id(req, "id");
    training_course c;
    int rc = cid ? training_course_load(http_db(req), req->arena, cid, &c) : DB_ENOTFOUND;
    if (rc) return failed(req, res, rc, "no such course");
    if (!training_may(req, POLICY_WRITE, cid, true)) return forbidden(req, res);
    json_t *body;
    if (api_read_json(req, res, &body) != 0) return 0;
    api_errors e = {0};
    static const char *const keys[] = {"cohort_id", "person_id", NULL};
    api_reject_unknown(body, keys, &e);
    int64_t cohort = 0, person = 0;
    api_get_id(body, "cohort_id", &cohort, &e);
    api_get_id(body, "person_id", &person, &e);
    json_decref(body);
    if (!e.n && !cohort && !person) {
        api_errors_add(&e, "cohort_id", MSG_TRAINING_ENROL_WHO);
        api_errors_add(&e, "person_id", MSG_TRAINING_ENROL_WHO);
    }
    int added = 0;
    int64_t eid = 0;
    if (e.n) rc = API_EINVALID;
    else if (person) {
        rc = training_enrol_person(req, cid, person, cohort, &eid, &e);
        added = 1;
    } else rc = training_enrol_cohort(req, cid, cohort, &added, &e);
    if (rc == API_EINVALID) {
        api_problem_errors(req, res, 422, "nobody was enrolled: see errors", &e);
        return 0;
    }
    if (rc) return api_fail(rc);
    return api_reply(req, res, 201, json_pack("{s:i, s:o}", "enrolled", added, "enrolment_id", api_id(eid)));
}

static int api_enrolment_show(http_request *req, http_response *res)
{
    int64_t id = http_path_id(req, "id");
    training_enrolment en;
    int rc = id ? training_enrolment_load(http_db(req), req->arena, id, &en) : DB_ENOTFOUND;
    if (rc) return failed(req, res, rc, "no such enrolment");
    if (!training_may_record(req, POLICY_READ, &en, true)) {
        http_problem(req, res, 403, "not your enrolment", NULL, NULL);
        return 0;
    }
    json_t *o = enrolment_detail_json(req, &en, &rc);
    if (rc) return api_fail(rc);
    return api_reply(req, res, 200, o);
}

/* PUT /api/v1/enrolments/{id}/assessments/{module_id} {"result", "note"} */
static int api_assessment(http_request *req, http_response *res)
{
    int64_t id = http_path_id(req, "id"), module = http_path_id(req, "module_id");
    training_enrolment en;
    int rc = id ? training_enrolment_load(http_db(req), req->arena, id, &en) : DB_ENOTFOUND;
    if (rc) return failed(req, res, rc, "no such enrolment");
    if (!training_may_record(req, POLICY_WRITE, &en, true)) return forbidden(req, res);
    json_t *body;
    if (api_read_json(req, res, &body) != 0) return 0;
    api_errors e = {0};
    static const char *const keys[] = {"result", "note", NULL};
    api_reject_unknown(body, keys, &e);
    const char *result = NULL, *note = NULL;
    api_get_string(body, "result", &result, &e);
    api_get_string(body, "note", &note, &e);
    result = result ? arena_strdup(req->arena, result) : NULL;
    note = note ? arena_strdup(req->arena, note) : NULL;
    json_decref(body);
    bool completed = false;
    if (!module) api_errors_add(&e, "module_id", MSG_TRAINING_MODULE_UNKNOWN);
    rc = e.n ? API_EINVALID : training_assess(req, id, module, result, note, &completed, &e);
    if (rc == API_EINVALID) {
        api_problem_errors(req, res, 422, "the assessment was not recorded: see errors", &e);
        return 0;
    }
    if (rc) return api_fail(rc);
    rc = training_enrolment_load(http_db(req), req->arena, id, &en);
    if (rc) return api_fail(rc);
    json_t *o = enrolment_detail_json(req, &en, &rc);
    if (rc) return api_fail(rc);
    json_object_set_new(o, "completed_now", json_boolean(completed));
    return api_reply(req, res, 200, o);
}

/* ---- The planner ---- */

static int api_plan(http_request *req, http_response *res)
{
    int64_t cid = http_path_id(req, "id");
    training_course c;
    int rc = cid ? training_course_load(http_db(req), req->arena, cid, &c) : DB_ENOTFOUND;
    if (rc) return failed(req, res, rc, "no such course");
    if (!training_may(req, POLICY_WRITE, cid, true)) return forbidden(req, res);
    int64_t cohort = 0;
    bool dry = false;
    if (req->body_len) {
        json_t *body;
        if (api_read_json(req, res, &body) != 0) return 0;
        api_errors e = {0};
        static const char *const keys[] = {"cohort_id", "dry_run", NULL};
        api_reject_unknown(body, keys, &e);
        api_get_id(body, "cohort_id", &cohort, &e);
        json_t *d = json_object_get(body, "dry_run");
        if (d && !json_is_boolean(d)) api_errors_add(&e, "dry_run", MSG_TRAINING_PLAN_DRY_RUN_INVALID);
        dry = d && json_is_true(d);
        json_decref(body);
        if (e.n) {
            api_problem_errors(req, res, 422, "nothing was planned: see errors", &e);
            return 0;
        }
    }
    const auth_principal *p = auth_current(req);
    db_conn *conn = http_db(req);
    training_plan_report rep;
    rc = db_begin(conn, true);
    if (!rc) {
        rc = training_plan_run(conn, req->arena, cid, cohort, p ? p->user_id : 0, time_now(), dry, NULL, &rep);
        if (!rc && !dry)
            rc = audit_request(req, "plan", "course", cid, c.org_id, "ok",
                               arena_printf(req->arena, "%d placed, %d not placed, %.1f km", rep.nplaced, rep.nunplaced,
                                            rep.total_km));
        if (!rc) rc = db_commit(conn);
        if (rc) db_rollback(conn);
    }
    if (rc) return failed(req, res, rc, "no such course");
    json_t *placed = json_array(), *unplaced = json_array();
    for (int i = 0; i < rep.nplaced; i++)
        json_array_append_new(placed, json_pack("{s:I, s:s, s:s, s:I, s:o, s:s, s:f}", "enrolment_id",
                                                (json_int_t)rep.placed[i].enrolment_id, "person_name",
                                                rep.placed[i].person_name, "module", rep.placed[i].module_name,
                                                "session_id", (json_int_t)rep.placed[i].session_id, "starts_at",
                                                api_time(rep.placed[i].starts_at), "location", rep.placed[i].location,
                                                "km", rep.placed[i].km));
    for (int i = 0; i < rep.nunplaced; i++)
        json_array_append_new(unplaced, json_pack("{s:I, s:s, s:s, s:s}", "enrolment_id",
                                                  (json_int_t)rep.unplaced[i].enrolment_id, "person_name",
                                                  rep.unplaced[i].person_name, "module", rep.unplaced[i].module_name,
                                                  "reason", msg(req, rep.unplaced[i].reason)));
    return api_reply(req, res, 200,
                     json_pack("{s:b, s:f, s:i, s:o, s:o}", "dry_run", dry, "total_km", rep.total_km, "kept", rep.kept,
                               "placed", placed, "unplaced", unplaced));
}

/* ---- The participant's own ---- */

static int api_me_training(http_request *req, http_response *res)
{
    const auth_principal *p = auth_current(req);
    if (!p || !p->person_id) return not_found(req, res, "this account is not a participant");
    training_enrolment *list;
    int n;
    int rc = training_enrolments_of_person(http_db(req), req->arena, p->person_id, &list, &n);
    if (rc) return api_fail(rc);
    json_t *items = json_array();
    for (int i = 0; i < n; i++) {
        if (!training_may_record(req, POLICY_READ, &list[i], true)) continue;
        json_t *o = enrolment_detail_json(req, &list[i], &rc);
        if (rc) {
            json_decref(items);
            return api_fail(rc);
        }
        json_array_append_new(items, o);
    }
    return api_reply(req, res, 200, api_list(req, items, 0));
}

const http_route training_api_routes[] = {
    {"GET", "/api/v1/courses", api_courses_list, HTTP_API, "list courses"},
    {"POST", "/api/v1/courses", api_courses_create, HTTP_API, "create a course"},
    {"GET", "/api/v1/courses/{id}", api_course_show, HTTP_API, "one course with modules and sessions"},
    {"PUT", "/api/v1/courses/{id}", api_course_replace, HTTP_API, "change a course"},
    {"POST", "/api/v1/courses/{id}/modules", api_modules_create, HTTP_API, "add a module"},
    {"PUT", "/api/v1/modules/{id}", api_module_replace, HTTP_API, "change a module"},
    {"POST", "/api/v1/courses/{id}/sessions", api_sessions_create, HTTP_API, "add a session"},
    {"GET", "/api/v1/sessions/{id}", api_session_show, HTTP_API, "one session with its places"},
    {"PUT", "/api/v1/sessions/{id}", api_session_replace, HTTP_API, "change a session"},
    {"PUT", "/api/v1/sessions/{id}/attendance", api_attendance, HTTP_API, "record attendance"},
    {"GET", "/api/v1/courses/{id}/enrolments", api_enrolments_list, HTTP_API, "enrolments of a course"},
    {"POST", "/api/v1/courses/{id}/enrolments", api_enrolments_create, HTTP_API, "enrol a cohort or a person"},
    {"GET", "/api/v1/enrolments/{id}", api_enrolment_show, HTTP_API, "one enrolment with assessments and sessions"},
    {"PUT", "/api/v1/enrolments/{id}/assessments/{module_id}", api_assessment, HTTP_API, "assess a module"},
    {"POST", "/api/v1/courses/{id}/plan", api_plan, HTTP_API, "plan sessions (the session planner)"},
    {"GET", "/api/v1/me/training", api_me_training, HTTP_API, "my training (participant)"},
    {0},
};
