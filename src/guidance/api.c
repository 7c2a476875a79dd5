/* guidance API (/api/v1): a person's coaches, contact moments, check-ins,
 * support needs, coaching plan and signals, and the caller's caseload. The
 * same store functions and policy decisions as the pages (access.h): every
 * read of notes, check-ins and support needs is audited by policy_enforce. */
#include <string.h>

#include "auth/auth.h"
#include "auth/policy.h"
#include "base/str.h"
#include "base/time.h"
#include "guidance/access.h"
#include "guidance/guidance.h"
#include "guidance/store.h"
#include "http/api.h"
#include "http/server.h"

/* Checks access for the handler; on a refusal writes the problem and returns false. */
static bool may(http_request *req, http_response *res, policy_op op, policy_resource kind, int64_t person_id, int *rc)
{
    *rc = 0;
    switch (guidance_check(req, op, kind, person_id, NULL, rc)) {
    case GUIDANCE_ALLOWED: return true;
    case GUIDANCE_NOT_FOUND: http_problem(req, res, 404, "no such person", NULL, NULL); break;
    case GUIDANCE_FORBIDDEN:
        http_problem(req, res, 403, "guidance: the person's coaches, their jobcoach and the coordinator decide", NULL,
                     NULL);
        break;
    case GUIDANCE_FAILED: *rc = api_fail(*rc); break;
    }
    return false;
}

/* Ends a write: the 422 problem, 404, a failure, or the record as status. */
static int after_write(http_request *req, http_response *res, int rc, const api_errors *e, json_t *body,
                       const char *what)
{
    if (rc == API_EINVALID) {
        /* Field names of unknown members point into the body: free it after. */
        api_problem_errors(req, res, 422, arena_printf(req->arena, "the %s was not saved: see errors", what), e);
        json_decref(body);
        return 0;
    }
    json_decref(body);
    if (rc == DB_ENOTFOUND) {
        http_problem(req, res, 404, arena_printf(req->arena, "no such %s", what), NULL, NULL);
        return 0;
    }
    return api_fail(rc);
}

/* Reads an optional whole number member as text (NULL when absent or null). */
static void get_int_text(http_request *req, const json_t *body, const char *key, const char **out, api_errors *e)
{
    json_t *v = json_object_get(body, key);
    *out = NULL;
    if (!v || json_is_null(v)) return;
    if (json_is_integer(v)) *out = arena_printf(req->arena, "%lld", (long long)json_integer_value(v));
    else api_errors_add(e, key, MSG_GUIDANCE_SCORE_INVALID);
}

/* ---- JSON of records ---- */

static json_t *link_json(const guidance_link *l)
{
    return json_pack("{s:I, s:I, s:s, s:o, s:s, s:s, s:o, s:b}", "id", (json_int_t)l->id, "coach_id",
                     (json_int_t)l->coach_id, "coach_name", l->coach_name, "coach_email", api_string(l->coach_email),
                     "kind", l->kind, "started_on", l->started_on, "ended_on", api_string(l->ended_on), "active",
                     l->active);
}

static json_t *contact_json(const guidance_contact *k)
{
    return json_pack("{s:I, s:I, s:s, s:o, s:s, s:o}", "id", (json_int_t)k->id, "coach_id", (json_int_t)k->coach_id,
                     "coach_name", k->coach_name, "at", api_time(k->at), "channel", k->channel, "notes",
                     api_string(k->notes));
}

static json_t *checkin_json(const guidance_checkin *k)
{
    return json_pack("{s:I, s:o, s:o, s:o, s:i, s:i, s:b, s:o}", "id", (json_int_t)k->id, "by_user_id",
                     api_id(k->by_user_id), "by_name", api_string(k->by_name), "at", api_time(k->at), "wellbeing",
                     k->wellbeing, "workload", k->workload, "thinking_of_stopping", k->stopping, "note",
                     api_string(k->note));
}

static json_t *need_json(const guidance_need *n)
{
    return json_pack("{s:I, s:s, s:o, s:o, s:s, s:o, s:o, s:o, s:o}", "id", (json_int_t)n->id, "kind", n->kind,
                     "description", api_string(n->description), "referral", api_string(n->referral), "status",
                     n->status, "follow_up_on", api_string(n->follow_up_on), "created_at", api_time(n->created_at),
                     "updated_at", api_time(n->updated_at), "resolved_at", api_time(n->resolved_at));
}

static json_t *moment_json(const guidance_moment *m)
{
    return json_pack("{s:I, s:o, s:o, s:s, s:o, s:b, s:o, s:o}", "id", (json_int_t)m->id, "coach_id",
                     api_id(m->coach_id), "coach_name", api_string(m->coach_name), "due_on", m->due_on, "topic",
                     api_string(m->topic), "done", m->done_contact_id != 0, "done_contact_id",
                     api_id(m->done_contact_id), "reminded_at", api_time(m->reminded_at));
}

static json_t *signal_json(http_request *req, const guidance_signal *s)
{
    json_t *o = json_pack("{s:s, s:s, s:s}", "reason", s->reason, "severity",
                          s->severity == GUIDANCE_URGENT ? "urgent" : "warning", "text", guidance_signal_text(req, s));
    if (!o) return NULL;
    if (str_eq(s->reason, "need_overdue")) {
        json_object_set_new(o, "need_id", json_integer(s->need_id));
        json_object_set_new(o, "need_kind", api_string(s->need_kind));
        json_object_set_new(o, "days_overdue", json_integer(s->days));
    } else if (str_starts_with(s->reason, "checkin_") || str_eq(s->reason, "thinking_of_stopping")) {
        json_object_set_new(o, "days", json_integer(s->days));
    }
    if (str_eq(s->reason, "low_wellbeing")) json_object_set_new(o, "wellbeing", json_integer(s->count));
    if (str_eq(s->reason, "training_absence") || str_eq(s->reason, "missed_shifts"))
        json_object_set_new(o, "count", json_integer(s->count));
    return o;
}

/* ---- Coaches ---- */

static int reply_items(http_request *req, http_response *res, int status, json_t *items)
{
    return api_reply(req, res, status, api_list(req, items, 0));
}

static int reply_links(http_request *req, http_response *res, int status, int64_t person)
{
    guidance_link *list;
    int n;
    int rc = guidance_links_of(http_db(req), req->arena, person, time_ams_today(req->arena), &list, &n);
    if (rc) return api_fail(rc);
    json_t *items = json_array();
    for (int i = 0; i < n; i++) json_array_append_new(items, link_json(&list[i]));
    return reply_items(req, res, status, items);
}

static int api_coaches_list(http_request *req, http_response *res)
{
    int64_t person = http_path_id(req, "id");
    int rc;
    if (!may(req, res, POLICY_READ, POLICY_COACHING, person, &rc)) return rc;
    return reply_links(req, res, 200, person);
}

static const char *const link_keys[] = {"coach_id", "kind", "started_on", "ended_on", NULL};

static int api_coaches_create(http_request *req, http_response *res)
{
    int64_t person = http_path_id(req, "id");
    int rc;
    if (!may(req, res, POLICY_WRITE, POLICY_COACHING, person, &rc)) return rc;
    json_t *body;
    if (api_read_json(req, res, &body) != 0) return 0;
    api_errors e = {0};
    guidance_link_input in = {0};
    api_reject_unknown(body, link_keys, &e);
    api_get_id(body, "coach_id", &in.coach_id, &e);
    api_get_string(body, "kind", &in.kind, &e);
    api_get_string(body, "started_on", &in.started_on, &e);
    api_get_string(body, "ended_on", &in.ended_on, &e);
    if (!in.started_on && !json_object_get(body, "started_on")) in.started_on = time_ams_today(req->arena);
    int64_t id = 0;
    if (e.n) {
        guidance_link_validate(&in, &e);
        rc = API_EINVALID;
    } else rc = guidance_link_add(req, person, &in, &id, &e);
    if (rc) return after_write(req, res, rc, &e, body, "coach link");
    json_decref(body);
    http_set_header(req, res, "Location", arena_printf(req->arena, "/api/v1/people/%lld/coaches", (long long)person));
    return reply_links(req, res, 201, person);
}

static int api_coach_end(http_request *req, http_response *res)
{
    int64_t person = http_path_id(req, "id"), link = http_path_id(req, "link_id");
    int rc;
    if (!may(req, res, POLICY_WRITE, POLICY_COACHING, person, &rc)) return rc;
    json_t *body;
    if (api_read_json(req, res, &body) != 0) return 0;
    static const char *const keys[] = {"ended_on", NULL};
    api_errors e = {0};
    const char *ended = NULL;
    api_reject_unknown(body, keys, &e);
    api_get_string(body, "ended_on", &ended, &e);
    if (!ended && !json_object_get(body, "ended_on")) ended = time_ams_today(req->arena);
    rc = e.n ? API_EINVALID : guidance_link_end(req, person, link, ended, &e);
    if (rc) return after_write(req, res, rc, &e, body, "coach link");
    json_decref(body);
    return reply_links(req, res, 200, person);
}

/* ---- Contacts ---- */

static int api_contacts_list(http_request *req, http_response *res)
{
    int64_t person = http_path_id(req, "id");
    int rc;
    if (!may(req, res, POLICY_READ, POLICY_GUIDANCE_NOTE, person, &rc)) return rc;
    guidance_contact *list;
    int n;
    rc = guidance_contacts_of(http_db(req), req->arena, person, 0, &list, &n);
    if (rc) return api_fail(rc);
    json_t *items = json_array();
    for (int i = 0; i < n; i++) json_array_append_new(items, contact_json(&list[i]));
    return reply_items(req, res, 200, items);
}

static int api_contacts_create(http_request *req, http_response *res)
{
    int64_t person = http_path_id(req, "id");
    int rc;
    if (!may(req, res, POLICY_WRITE, POLICY_GUIDANCE_NOTE, person, &rc)) return rc;
    json_t *body;
    if (api_read_json(req, res, &body) != 0) return 0;
    static const char *const keys[] = {"on", "channel", "notes", "plan_id", NULL};
    api_errors e = {0};
    guidance_contact_input in = {0};
    api_reject_unknown(body, keys, &e);
    api_get_string(body, "on", &in.on, &e);
    api_get_string(body, "channel", &in.channel, &e);
    api_get_string(body, "notes", &in.notes, &e);
    api_get_id(body, "plan_id", &in.plan_id, &e);
    if (!in.on && !json_object_get(body, "on")) in.on = time_ams_today(req->arena);
    int64_t id = 0;
    if (e.n) {
        guidance_contact_validate(&in, time_ams_today(req->arena), &e);
        rc = API_EINVALID;
    } else rc = guidance_contact_add(req, person, &in, &id, &e);
    if (rc) return after_write(req, res, rc, &e, body, "contact moment");
    json_decref(body);
    guidance_contact *list;
    int n;
    rc = guidance_contacts_of(http_db(req), req->arena, person, id, &list, &n);
    if (rc) return api_fail(rc);
    return n == 1 ? api_reply(req, res, 201, contact_json(&list[0])) : api_fail(DB_ERR);
}

/* ---- Check-ins ---- */

static int api_checkins_list(http_request *req, http_response *res)
{
    int64_t person = http_path_id(req, "id");
    int rc;
    if (!may(req, res, POLICY_READ, POLICY_CHECKIN, person, &rc)) return rc;
    guidance_checkin *list;
    int n;
    rc = guidance_checkins_of(http_db(req), req->arena, person, 0, &list, &n);
    if (rc) return api_fail(rc);
    json_t *items = json_array();
    for (int i = 0; i < n; i++) json_array_append_new(items, checkin_json(&list[i]));
    return reply_items(req, res, 200, items);
}

static int api_checkins_create(http_request *req, http_response *res)
{
    int64_t person = http_path_id(req, "id");
    int rc;
    if (!may(req, res, POLICY_WRITE, POLICY_CHECKIN, person, &rc)) return rc;
    json_t *body;
    if (api_read_json(req, res, &body) != 0) return 0;
    static const char *const keys[] = {"wellbeing", "workload", "thinking_of_stopping", "note", NULL};
    api_errors e = {0};
    guidance_checkin_input in = {0};
    api_reject_unknown(body, keys, &e);
    get_int_text(req, body, "wellbeing", &in.wellbeing, &e);
    get_int_text(req, body, "workload", &in.workload, &e);
    json_t *stop = json_object_get(body, "thinking_of_stopping");
    if (json_is_boolean(stop)) in.thinking_of_stopping = json_is_true(stop) ? "yes" : "no";
    else if (stop && !json_is_null(stop)) api_errors_add(&e, "thinking_of_stopping", MSG_GUIDANCE_YESNO_INVALID);
    api_get_string(body, "note", &in.note, &e);
    int64_t id = 0;
    if (e.n) {
        guidance_checkin_validate(&in, &e);
        rc = API_EINVALID;
    } else rc = guidance_checkin_add(req, person, &in, &id, &e);
    if (rc) return after_write(req, res, rc, &e, body, "check-in");
    json_decref(body);
    guidance_checkin *list;
    int n;
    rc = guidance_checkins_of(http_db(req), req->arena, person, id, &list, &n);
    if (rc) return api_fail(rc);
    return n == 1 ? api_reply(req, res, 201, checkin_json(&list[0])) : api_fail(DB_ERR);
}

/* ---- Support needs ---- */

static int api_needs_list(http_request *req, http_response *res)
{
    int64_t person = http_path_id(req, "id");
    int rc;
    if (!may(req, res, POLICY_READ, POLICY_SUPPORT_NEED, person, &rc)) return rc;
    guidance_need *list;
    int n;
    rc = guidance_needs_of(http_db(req), req->arena, person, 0, &list, &n);
    if (rc) return api_fail(rc);
    json_t *items = json_array();
    for (int i = 0; i < n; i++) json_array_append_new(items, need_json(&list[i]));
    return reply_items(req, res, 200, items);
}

static const char *const need_keys[] = {"kind", "description", "referral", "status", "follow_up_on", NULL};

static void need_from_json(const json_t *body, guidance_need_input *in, api_errors *e)
{
    memset(in, 0, sizeof *in);
    api_reject_unknown(body, need_keys, e);
    api_get_string(body, "kind", &in->kind, e);
    api_get_string(body, "description", &in->description, e);
    api_get_string(body, "referral", &in->referral, e);
    api_get_string(body, "status", &in->status, e);
    api_get_string(body, "follow_up_on", &in->follow_up_on, e);
}

static int reply_need(http_request *req, http_response *res, int status, int64_t person, int64_t id)
{
    guidance_need *list;
    int n;
    int rc = id ? guidance_needs_of(http_db(req), req->arena, person, id, &list, &n) : (n = 0);
    if (rc) return api_fail(rc);
    if (n == 1) return api_reply(req, res, status, need_json(&list[0]));
    http_problem(req, res, 404, "no such support need", NULL, NULL);
    return 0;
}

static int api_needs_create(http_request *req, http_response *res)
{
    int64_t person = http_path_id(req, "id");
    int rc;
    if (!may(req, res, POLICY_WRITE, POLICY_SUPPORT_NEED, person, &rc)) return rc;
    json_t *body;
    if (api_read_json(req, res, &body) != 0) return 0;
    api_errors e = {0};
    guidance_need_input in;
    need_from_json(body, &in, &e);
    int64_t id = 0;
    if (e.n) {
        guidance_need_validate(&in, time_ams_today(req->arena), &e);
        rc = API_EINVALID;
    } else rc = guidance_need_add(req, person, &in, &id, &e);
    if (rc) return after_write(req, res, rc, &e, body, "support need");
    json_decref(body);
    http_set_header(req, res, "Location",
                    arena_printf(req->arena, "/api/v1/people/%lld/support-needs/%lld", (long long)person, (long long)id));
    return reply_need(req, res, 201, person, id);
}

static int api_need_replace(http_request *req, http_response *res)
{
    int64_t person = http_path_id(req, "id"), id = http_path_id(req, "need_id");
    int rc;
    if (!may(req, res, POLICY_WRITE, POLICY_SUPPORT_NEED, person, &rc)) return rc;
    json_t *body;
    if (api_read_json(req, res, &body) != 0) return 0;
    api_errors e = {0};
    guidance_need_input in;
    need_from_json(body, &in, &e);
    rc = e.n ? API_EINVALID : guidance_need_update(req, person, id, &in, &e);
    if (rc) return after_write(req, res, rc, &e, body, "support need");
    json_decref(body);
    return reply_need(req, res, 200, person, id);
}

/* ---- Coaching plan ---- */

static int reply_plan(http_request *req, http_response *res, int status, int64_t person)
{
    guidance_moment *list;
    int n;
    int rc = guidance_plan_of(http_db(req), req->arena, person, &list, &n);
    if (rc) return api_fail(rc);
    json_t *items = json_array();
    for (int i = 0; i < n; i++) json_array_append_new(items, moment_json(&list[i]));
    return reply_items(req, res, status, items);
}

static int api_plan_show(http_request *req, http_response *res)
{
    int64_t person = http_path_id(req, "id");
    int rc;
    if (!may(req, res, POLICY_READ, POLICY_COACHING, person, &rc)) return rc;
    return reply_plan(req, res, 200, person);
}

static int api_plan_create(http_request *req, http_response *res)
{
    int64_t person = http_path_id(req, "id");
    int rc;
    if (!may(req, res, POLICY_WRITE, POLICY_COACHING, person, &rc)) return rc;
    json_t *body;
    if (api_read_json(req, res, &body) != 0) return 0;
    static const char *const keys[] = {"entered_on", "coach_id", NULL};
    api_errors e = {0};
    const char *entered = NULL;
    int64_t coach = 0;
    api_reject_unknown(body, keys, &e);
    api_get_string(body, "entered_on", &entered, &e);
    api_get_id(body, "coach_id", &coach, &e);
    int added = 0;
    rc = e.n ? API_EINVALID : guidance_plan_add(req, person, entered, coach, &added, &e);
    if (rc) return after_write(req, res, rc, &e, body, "coaching plan");
    json_decref(body);
    return reply_plan(req, res, 201, person);
}

/* ---- Signals and caseload ---- */

static int api_signals(http_request *req, http_response *res)
{
    int64_t person = http_path_id(req, "id");
    int rc;
    if (!may(req, res, POLICY_READ, POLICY_GUIDANCE_NOTE, person, &rc)) return rc;
    guidance_signal sig[GUIDANCE_MAX_SIGNALS];
    int n;
    rc = guidance_signals_of(http_db(req), req->arena, person, time_ams_today(req->arena), sig, &n);
    if (rc) return api_fail(rc);
    json_t *items = json_array();
    for (int i = 0; i < n; i++) json_array_append_new(items, signal_json(req, &sig[i]));
    return reply_items(req, res, 200, items);
}

static int api_caseload(http_request *req, http_response *res)
{
    const auth_principal *p = auth_current(req);
    bool all = p && (p->roles & ROLE_BIT(ROLE_COORDINATOR));
    guidance_case *list;
    int n;
    int rc = guidance_caseload(http_db(req), req->arena, p ? p->user_id : 0, all, time_ams_today(req->arena), &list, &n);
    if (rc) return api_fail(rc);
    json_t *items = json_array();
    for (int i = 0; i < n; i++) {
        /* Signals are coaching information: each person's read is decided (and audited) on its own. */
        policy_target t;
        rc = guidance_target(req, POLICY_GUIDANCE_NOTE, list[i].person_id, &t);
        if (rc) return api_fail(rc);
        if (!policy_enforce(req, POLICY_READ, &t, "person.signals")) continue;
        json_t *sig = json_array();
        for (int k = 0; k < list[i].nsignals; k++) json_array_append_new(sig, signal_json(req, &list[i].signals[k]));
        json_array_append_new(items, json_pack("{s:I, s:s, s:s, s:o, s:o}", "person_id", (json_int_t)list[i].person_id,
                                               "name", list[i].name, "kinds", list[i].kinds ? list[i].kinds : "",
                                               "last_checkin_at", api_time(list[i].last_checkin_at), "signals", sig));
    }
    return reply_items(req, res, 200, items);
}

const http_route guidance_api_routes[] = {
    {"GET", "/api/v1/people/{id}/coaches", api_coaches_list, HTTP_API, "who coaches a person"},
    {"POST", "/api/v1/people/{id}/coaches", api_coaches_create, HTTP_API, "link a coach to a person"},
    {"POST", "/api/v1/people/{id}/coaches/{link_id}/end", api_coach_end, HTTP_API, "end a coach link"},
    {"GET", "/api/v1/people/{id}/contacts", api_contacts_list, HTTP_API, "contact moments with notes"},
    {"POST", "/api/v1/people/{id}/contacts", api_contacts_create, HTTP_API, "record a contact moment"},
    {"GET", "/api/v1/people/{id}/checkins", api_checkins_list, HTTP_API, "check-ins of a person"},
    {"POST", "/api/v1/people/{id}/checkins", api_checkins_create, HTTP_API, "record a check-in"},
    {"GET", "/api/v1/people/{id}/support-needs", api_needs_list, HTTP_API, "support needs of a person"},
    {"POST", "/api/v1/people/{id}/support-needs", api_needs_create, HTTP_API, "add a support need"},
    {"PUT", "/api/v1/people/{id}/support-needs/{need_id}", api_need_replace, HTTP_API, "change a support need"},
    {"GET", "/api/v1/people/{id}/coaching-plan", api_plan_show, HTTP_API, "the coaching plan"},
    {"POST", "/api/v1/people/{id}/coaching-plan", api_plan_create, HTTP_API, "make the BBL coaching plan"},
    {"GET", "/api/v1/people/{id}/signals", api_signals, HTTP_API, "early-warning signals of a person"},
    {"GET", "/api/v1/guidance/caseload", api_caseload, HTTP_API, "the caller's caseload with signals"},
    {0},
};
