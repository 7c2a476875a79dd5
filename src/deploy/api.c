/* deploy API (/api/v1): locations, shifts (one or a pattern), plans with
 * their hand changes and publishing, claims and cancellations, confirmed
 * hours and their export, a person's availability, documents and calendar
 * feed, the participant's own shifts, and the feed itself (/ical/TOKEN,
 * public). The same store and planner functions and policy decisions as the
 * pages: POLICY_DEPLOY_* through policy_enforce, asked before a row is read
 * wherever the request names the target (an organisation or a person). A
 * record the caller may not read answers 404; one they may read but not
 * change, 403. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "auth/audit.h"
#include "auth/auth.h"
#include "auth/policy.h"
#include "base/json.h"
#include "base/str.h"
#include "base/time.h"
#include "deploy/deploy.h"
#include "deploy/export.h"
#include "deploy/ical.h"
#include "deploy/model.h"
#include "deploy/planner.h"
#include "deploy/store.h"
#include "http/api.h"
#include "http/server.h"
#include "intake/intake.h"

#define MAX_PERSON_ORGS 32 /* linked organisations of a person the policy looks at */
#define HOURS_MAX_DAYS 366 /* longest period of one hours export */

/* ---- Answers ---- */

static int problem(http_request *req, http_response *res, int status, const char *detail)
{
    http_problem(req, res, status, detail, NULL, NULL);
    return 0;
}

/* A store code: DB_ENOTFOUND answers 404 (what), anything else is passed on. */
static int failed(http_request *req, http_response *res, int rc, const char *what)
{
    if (rc == DB_ENOTFOUND) return problem(req, res, 404, what);
    return api_fail(rc);
}

/* The 422 of a change or claim that breaks a rule: the field errors, and the
 * rule as "rule" (deploy_rule_name), "rule_text" (in the request's language)
 * and the other shift involved ("other_shift_id", "other_starts_at", or null). */
static int refused(http_request *req, http_response *res, const char *detail, const api_errors *e,
                   const deploy_refusal *why)
{
    api_problem_errors(req, res, 422, detail, e);
    if (why->rule == DEPLOY_RULE_OK) return 0;
    json_error_t je;
    json_t *p = json_loadb(res->body.data, res->body.len, 0, &je);
    if (!p) return DB_ENOMEM;
    json_object_set_new(p, "rule", json_string(deploy_rule_name(why->rule)));
    json_object_set_new(p, "rule_text", json_string(deploy_rule_text(req, why->rule)));
    json_object_set_new(p, "other_shift_id", api_id(why->other_shift));
    json_object_set_new(p, "other_starts_at", api_time(why->other_starts_at));
    buf_reset(&res->body);
    int rc = json_to_buf(p, &res->body);
    json_decref(p);
    return rc ? DB_ENOMEM : 0;
}

/* Why a write was refused, per resource (the 403's detail). */
static const char *refusal_detail(policy_resource kind)
{
    switch (kind) {
    case POLICY_DEPLOY_SHIFT: return "shifts and locations are posted by the organisation's recruiters and supervisors";
    case POLICY_DEPLOY_PLAN:
        return "plans are made by the organisation's recruiters and supervisors, the region's by the coordinator";
    case POLICY_DEPLOY_PROFILE:
        return "availability is kept by the person and the recruiters and supervisors of their organisations";
    case POLICY_DEPLOY_DOCUMENT:
        return "documents are recorded by the recruiters and supervisors of the person's organisations";
    case POLICY_DEPLOY_ROSTER:
        return "shifts are claimed and cancelled by the person, or by the organisation's recruiters and supervisors";
    case POLICY_DEPLOY_HOURS: return "hours are confirmed by the organisation's supervisors";
    default: return "not allowed";
    }
}

/* ---- Policy ---- */

/* Enforces op on kind for an organisation the request names (0: the region,
 * which only the coordinator plans); answers 403 and returns false when refused. */
static bool may_org(http_request *req, http_response *res, policy_op op, policy_resource kind, int64_t org_id,
                    int64_t person_id)
{
    policy_target t = {.kind = kind, .orgs = &org_id, .norgs = org_id > 0, .person_id = person_id};
    if (policy_enforce(req, op, &t, NULL)) return true;
    if (op == POLICY_WRITE) problem(req, res, 403, refusal_detail(kind));
    else if (org_id) problem(req, res, 403, "this organisation's deployment is for its own staff and the coordinator");
    else problem(req, res, 403, "the whole region's deployment is for the coordinator");
    return false;
}

/* Enforces op on the record t; when refused answers 404 (what) if the caller
 * may not even read it, else 403, and returns false. */
static bool may_record(http_request *req, http_response *res, policy_op op, const policy_target *t, const char *what)
{
    if (policy_enforce(req, op, t, NULL)) return true;
    if (op == POLICY_WRITE && policy_allows(auth_current(req), POLICY_READ, t, NULL))
        problem(req, res, 403, refusal_detail(t->kind));
    else
        problem(req, res, 404, what);
    return false;
}

/* Whether the caller may see the organisation's roster: its unpublished
 * and cancelled shifts and who works them (its staff and the coordinator). */
static bool staff_of(http_request *req, int64_t org_id)
{
    policy_target t = {.kind = POLICY_DEPLOY_ROSTER, .orgs = &org_id, .norgs = 1};
    return policy_allows(auth_current(req), POLICY_READ, &t, NULL);
}

/* Whether the caller sees shift s in a list: staff of its organisation see
 * every one; others whom the policy lets read shifts see published ones
 * that are not cancelled. */
static bool shift_visible(http_request *req, const deploy_posted *s)
{
    if (staff_of(req, s->org_id)) return true;
    int64_t org = s->org_id;
    policy_target t = {.kind = POLICY_DEPLOY_SHIFT, .id = s->id, .orgs = &org, .norgs = 1};
    return s->published_at && !s->cancelled_at && policy_allows(auth_current(req), POLICY_READ, &t, NULL);
}

/* The target of a person's deployment resource: the person and the
 * organisations they are linked with (orgs holds MAX_PERSON_ORGS). */
static int person_target(http_request *req, policy_resource kind, int64_t person_id, int64_t *orgs,
                         policy_target *t)
{
    int n = 0;
    int rc = person_id ? deploy_person_orgs(http_db(req), person_id, orgs, MAX_PERSON_ORGS, &n) : 0;
    *t = (policy_target){.kind = kind, .id = person_id, .orgs = orgs, .norgs = n, .person_id = person_id};
    return rc;
}

/* Opens /api/v1/people/{id}/... for op on kind: false when the answer is
 * written (404 for a person the caller may not see, 403) or *rc failed. */
static bool open_person(http_request *req, http_response *res, policy_op op, policy_resource kind, int64_t *person_id,
                        int *rc)
{
    int64_t orgs[MAX_PERSON_ORGS];
    policy_target t;
    *person_id = http_path_id(req, "id");
    *rc = 0;
    if (!*person_id) {
        problem(req, res, 404, "no such person");
        return false;
    }
    *rc = person_target(req, kind, *person_id, orgs, &t);
    if (*rc) {
        *rc = api_fail(*rc);
        return false;
    }
    return may_record(req, res, op, &t, "no such person");
}

/* ---- Query parameters ---- */

/* ?name as a positive id into *out (0 when absent); false with a 400 when it is not one. */
static bool query_id(http_request *req, http_response *res, const char *name, int64_t *out)
{
    const char *s = http_query(req, name);
    *out = 0;
    if (!s || !*s) return true;
    if (s[0] != '+' && str_to_int64(s, 1, INT64_MAX, out) == 0) return true;
    http_problem(req, res, 400, arena_printf(req->arena, "%s must be a positive whole number", name), name,
                 "must be a positive whole number");
    return false;
}

/* ?name as an Amsterdam day into *day (*given false when absent); false with a 400 when it is not a date. */
static bool query_day(http_request *req, http_response *res, const char *name, int64_t *day, bool *given)
{
    const char *s = http_query(req, name);
    *day = 0;
    *given = s && *s;
    if (!*given || deploy_parse_day(s, day) == 0) return true;
    http_problem(req, res, 400, arena_printf(req->arena, "%s must be a date as YYYY-MM-DD", name), name,
                 "must be a date as YYYY-MM-DD");
    return false;
}

/* ?name as true/false (1/0) into *out (false when absent); false with a 400 otherwise. */
static bool query_flag(http_request *req, http_response *res, const char *name, bool *out)
{
    const char *s = http_query(req, name);
    *out = false;
    if (!s || !*s || str_eq(s, "false") || str_eq(s, "0")) return true;
    if (str_eq(s, "true") || str_eq(s, "1")) {
        *out = true;
        return true;
    }
    http_problem(req, res, 400, arena_printf(req->arena, "%s must be true or false", name), name,
                 "must be true or false");
    return false;
}

/* ?from and ?to as a period (either may be absent, to not before from). */
static bool query_period(http_request *req, http_response *res, int64_t *from, bool *has_from, int64_t *to,
                         bool *has_to)
{
    if (!query_day(req, res, "from", from, has_from) || !query_day(req, res, "to", to, has_to)) return false;
    if (*has_from && *has_to && *to < *from) {
        http_problem(req, res, 400, "to is before from", "to", "must not be before from");
        return false;
    }
    return true;
}

/* ---- Members of JSON bodies ---- */

/* Reads an optional body: {} when there is none. false when the answer (400, 415) is written. */
static bool read_optional(http_request *req, http_response *res, json_t **body)
{
    if (req->body_len == 0) {
        *body = json_object();
        return *body != NULL;
    }
    return api_read_json(req, res, body) == 0;
}

/* An optional whole number member as text (NULL when absent or null). */
static void get_int_text(http_request *req, const json_t *body, const char *key, const char **out, api_errors *e)
{
    json_t *v = json_object_get(body, key);
    *out = NULL;
    if (!v || json_is_null(v)) return;
    if (json_is_integer(v)) *out = arena_printf(req->arena, "%lld", (long long)json_integer_value(v));
    else api_errors_add(e, key, MSG_DEPLOY_API_WHOLE_NUMBER);
}

/* An optional array of distinct positive ids (at most max) into out; *n gets how many. */
static void get_ids(const json_t *body, const char *key, int64_t *out, int max, int *n, api_errors *e)
{
    json_t *arr = json_object_get(body, key);
    *n = 0;
    if (!arr || json_is_null(arr)) return;
    if (!json_is_array(arr) || json_array_size(arr) > (size_t)max) {
        api_errors_add(e, key, MSG_DEPLOY_API_IDS_INVALID);
        return;
    }
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v) {
        int64_t id = json_is_integer(v) ? (int64_t)json_integer_value(v) : 0;
        for (int k = 0; k < *n && id > 0; k++)
            if (out[k] == id) id = 0;
        if (id <= 0) {
            api_errors_add(e, key, MSG_DEPLOY_API_IDS_INVALID);
            *n = 0;
            return;
        }
        out[(*n)++] = id;
    }
}

/* The days of the week by number (0 Monday): English, short, Dutch, short Dutch. */
static const char *const day_names[7][4] = {
    {"monday", "mon", "maandag", "ma"},   {"tuesday", "tue", "dinsdag", "di"}, {"wednesday", "wed", "woensdag", "wo"},
    {"thursday", "thu", "donderdag", "do"}, {"friday", "fri", "vrijdag", "vr"}, {"saturday", "sat", "zaterdag", "za"},
    {"sunday", "sun", "zondag", "zo"},
};

/* A day as JSON (0..6 or a name): its number, or -1. */
static int weekday_of(const json_t *v)
{
    if (json_is_integer(v)) {
        json_int_t d = json_integer_value(v);
        return d >= 0 && d <= 6 ? (int)d : -1;
    }
    const char *s = json_string_value(v);
    for (int d = 0; s && d < 7; d++)
        for (int k = 0; k < 4; k++)
            if (strcasecmp(s, day_names[d][k]) == 0) return d;
    return -1;
}

/* weekdays: an array of days into a bit set (bit 0 Monday); 0 when absent. */
static void get_weekdays(const json_t *body, int *bits, api_errors *e)
{
    json_t *arr = json_object_get(body, "weekdays");
    *bits = 0;
    if (!arr || json_is_null(arr)) return;
    if (!json_is_array(arr)) {
        api_errors_add(e, "weekdays", MSG_DEPLOY_API_WEEKDAYS_INVALID);
        return;
    }
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v) {
        int d = weekday_of(v);
        if (d < 0) {
            api_errors_add(e, "weekdays", MSG_DEPLOY_API_WEEKDAYS_INVALID);
            *bits = 0;
            return;
        }
        *bits |= 1 << d;
    }
}

/* ---- JSON of records ---- */

static void kid(jsonw *w, const char *key, int64_t id)
{
    jsonw_key(w, key);
    if (id) jsonw_int(w, id);
    else jsonw_null(w);
}

/* utc in Amsterdam time with fmt ("%Y-%m-%d", "%H:%M"). */
static void klocal(jsonw *w, const char *key, int64_t utc, const char *fmt)
{
    char s[32];
    time_format_ams(s, sizeof s, utc, fmt);
    jsonw_kstr(w, key, s);
}

/* minutes after midnight as "HH:MM" (a time past midnight as the next day's). */
static void kminutes(jsonw *w, const char *key, int minutes)
{
    char s[8];
    snprintf(s, sizeof s, "%02d:%02d", (minutes / 60) % 24, minutes % 60);
    jsonw_kstr(w, key, s);
}

static void write_location(jsonw *w, const deploy_location *l)
{
    jsonw_object_begin(w);
    jsonw_kint(w, "id", l->id);
    jsonw_kint(w, "org_id", l->org_id);
    jsonw_kstr(w, "org_name", l->org_name);
    jsonw_kstr(w, "name", l->name);
    jsonw_kstr(w, "address", l->address);
    jsonw_kstr(w, "postcode", l->postcode);
    jsonw_object_end(w);
}

/* The members of a shift (inside an object the caller opened). */
static void shift_members(jsonw *w, const deploy_posted *s)
{
    jsonw_kint(w, "id", s->id);
    jsonw_kint(w, "org_id", s->org_id);
    jsonw_kstr(w, "org_name", s->org_name);
    jsonw_kint(w, "location_id", s->location_id);
    jsonw_kstr(w, "location", s->location);
    jsonw_kstr(w, "postcode", s->postcode);
    jsonw_ktime(w, "starts_at", s->starts_at, false);
    jsonw_ktime(w, "ends_at", s->ends_at, false);
    klocal(w, "date", s->starts_at, "%Y-%m-%d");
    klocal(w, "start", s->starts_at, "%H:%M");
    klocal(w, "end", s->ends_at, "%H:%M");
    jsonw_kstr(w, "tasks", s->tasks);
    jsonw_kint(w, "headcount", s->headcount);
    jsonw_kstr(w, "priority", deploy_priority_name(s->priority));
    kid(w, "batch", s->batch);
    jsonw_ktime(w, "published_at", s->published_at, true);
    jsonw_ktime(w, "cancelled_at", s->cancelled_at, true);
    jsonw_kint(w, "placed", s->placed);
    jsonw_kint(w, "open", s->cancelled_at || s->placed >= s->headcount ? 0 : s->headcount - s->placed);
    jsonw_key(w, "skills");
    jsonw_array_begin(w);
    for (int i = 0; i < s->nskills; i++) {
        jsonw_object_begin(w);
        jsonw_kint(w, "id", s->skills[i].id);
        jsonw_kstr(w, "label_nl", s->skills[i].label_nl);
        jsonw_kstr(w, "label_en", s->skills[i].label_en);
        jsonw_object_end(w);
    }
    jsonw_array_end(w);
}

static void write_shift(jsonw *w, const deploy_posted *s)
{
    jsonw_object_begin(w);
    shift_members(w, s);
    jsonw_object_end(w);
}

/* One person on one shift: a proposed, published or cancelled assignment. */
static void write_rostered(jsonw *w, const deploy_rostered *r)
{
    jsonw_object_begin(w);
    jsonw_kint(w, "id", r->assignment_id);
    jsonw_kint(w, "shift_id", r->shift_id);
    jsonw_kint(w, "person_id", r->person_id);
    jsonw_kstr(w, "person_name", r->person_name);
    jsonw_kstr(w, "status", r->status);
    jsonw_kstr(w, "source", r->source);
    jsonw_kint(w, "org_id", r->org_id);
    jsonw_kstr(w, "org_name", r->org_name);
    jsonw_kstr(w, "location", r->location);
    jsonw_ktime(w, "starts_at", r->starts_at, false);
    jsonw_ktime(w, "ends_at", r->ends_at, false);
    klocal(w, "date", r->starts_at, "%Y-%m-%d");
    klocal(w, "start", r->starts_at, "%H:%M");
    klocal(w, "end", r->ends_at, "%H:%M");
    jsonw_key(w, "hours");
    if (r->hours_status) {
        jsonw_object_begin(w);
        jsonw_kstr(w, "status", r->hours_status);
        jsonw_kint(w, "worked_minutes", r->worked_minutes);
        jsonw_object_end(w);
    } else
        jsonw_null(w);
    jsonw_ktime(w, "updated_at", r->updated_at, true);
    jsonw_object_end(w);
}

static void plan_members(jsonw *w, const deploy_plan_row *p)
{
    jsonw_kint(w, "id", p->id);
    kid(w, "org_id", p->org_id);
    jsonw_kstr(w, "org_name", p->org_name);
    jsonw_kstr(w, "from", p->from_date);
    jsonw_kstr(w, "to", p->to_date);
    jsonw_kstr(w, "kind", p->kind);
    jsonw_kstr(w, "status", p->status);
    jsonw_kint(w, "needed", p->needed);
    jsonw_kint(w, "filled", p->filled);
    jsonw_kint(w, "objective", p->objective);
    jsonw_kint(w, "changes", p->changes);
    jsonw_key(w, "seconds");
    jsonw_real(w, p->seconds);
    jsonw_kstr(w, "cause", p->cause);
    jsonw_kstr(w, "created_by", p->created_by);
    jsonw_ktime(w, "created_at", p->created_at, false);
    jsonw_ktime(w, "published_at", p->published_at, true);
}

static void write_plan(jsonw *w, const deploy_plan_row *p)
{
    jsonw_object_begin(w);
    plan_members(w, p);
    jsonw_object_end(w);
}

/* A rule's key and text, and how many runners each rule keeps off (those above 0). */
static void rule_counts(jsonw *w, const char *key, const int counts[DEPLOY_RULE_COUNT])
{
    jsonw_key(w, key);
    jsonw_object_begin(w);
    for (int r = 1; r < DEPLOY_RULE_COUNT; r++)
        if (counts[r] > 0) jsonw_kint(w, deploy_rule_name((deploy_rule)r), counts[r]);
    jsonw_object_end(w);
}

/* The plan view: the plan, its coverage, assignments, unfilled places with
 * the reason and the counts per rule, and the hours of each person. */
static void write_view(http_request *req, jsonw *w, const deploy_plan_view *v)
{
    int open = 0, reasons[DEPLOY_RULE_COUNT] = {0};
    for (int i = 0; i < v->nunfilled; i++) {
        open += v->unfilled[i].open;
        reasons[v->unfilled[i].reason] += v->unfilled[i].open;
    }
    jsonw_object_begin(w);
    plan_members(w, &v->plan);
    jsonw_key(w, "coverage");
    jsonw_object_begin(w);
    jsonw_kint(w, "shifts", v->nshifts);
    jsonw_kint(w, "needed", v->nassigned + open);
    jsonw_kint(w, "filled", v->nassigned);
    jsonw_kint(w, "open", open);
    jsonw_kint(w, "unfilled_shifts", v->nunfilled);
    jsonw_object_end(w);
    /* unfilled places by the rule that keeps most runners off them ("ok": nobody is kept off) */
    jsonw_key(w, "reasons");
    jsonw_object_begin(w);
    for (int r = 0; r < DEPLOY_RULE_COUNT; r++)
        if (reasons[r] > 0) jsonw_kint(w, deploy_rule_name((deploy_rule)r), reasons[r]);
    jsonw_object_end(w);
    jsonw_key(w, "assignments");
    jsonw_array_begin(w);
    for (int i = 0; i < v->nassigned; i++) write_rostered(w, &v->assigned[i]);
    jsonw_array_end(w);
    jsonw_key(w, "unfilled");
    jsonw_array_begin(w);
    for (int i = 0; i < v->nunfilled; i++) {
        const deploy_unfilled *u = &v->unfilled[i];
        jsonw_object_begin(w);
        jsonw_key(w, "shift");
        write_shift(w, &u->shift);
        jsonw_kint(w, "open", u->open);
        jsonw_kstr(w, "reason", deploy_rule_name(u->reason));
        jsonw_kstr(w, "reason_text", deploy_rule_text(req, u->reason));
        rule_counts(w, "counts", u->counts);
        jsonw_object_end(w);
    }
    jsonw_array_end(w);
    jsonw_key(w, "people");
    jsonw_array_begin(w);
    for (int i = 0; i < v->npeople; i++) {
        const deploy_person_hours *h = &v->people[i];
        jsonw_object_begin(w);
        jsonw_kint(w, "person_id", h->person_id);
        jsonw_kstr(w, "name", h->name);
        jsonw_kint(w, "shifts", h->shifts);
        jsonw_kint(w, "minutes", h->minutes);
        jsonw_key(w, "hours");
        jsonw_real(w, h->minutes / 60.0);
        kid(w, "max_week_hours", h->max_week_hours);
        jsonw_object_end(w);
    }
    jsonw_array_end(w);
    jsonw_object_end(w);
}

static void write_window(jsonw *w, const deploy_window_row *x)
{
    jsonw_object_begin(w);
    jsonw_kint(w, "id", x->id);
    jsonw_kint(w, "weekday", x->weekday);
    jsonw_kstr(w, "weekday_name", x->weekday >= 0 && x->weekday < 7 ? day_names[x->weekday][0] : NULL);
    kminutes(w, "from", x->from_min);
    kminutes(w, "to", x->to_min);
    jsonw_kint(w, "from_min", x->from_min);
    jsonw_kint(w, "to_min", x->to_min);
    jsonw_object_end(w);
}

static void write_exception(jsonw *w, const deploy_exception_row *x)
{
    jsonw_object_begin(w);
    jsonw_kint(w, "id", x->id);
    jsonw_kstr(w, "from_date", x->from_date);
    jsonw_kstr(w, "to_date", x->to_date);
    jsonw_kstr(w, "reason", x->reason);
    jsonw_object_end(w);
}

static void write_ids(jsonw *w, const char *key, const int64_t *ids, int n)
{
    jsonw_key(w, key);
    jsonw_array_begin(w);
    for (int i = 0; i < n; i++) jsonw_int(w, ids[i]);
    jsonw_array_end(w);
}

/* A person's availability: limits, preferences, weekly pattern and exceptions (not the documents). */
static void write_profile(jsonw *w, const deploy_profile *p)
{
    jsonw_object_begin(w);
    jsonw_kint(w, "person_id", p->person_id);
    jsonw_kstr(w, "name", p->name);
    jsonw_kstr(w, "postcode", p->postcode);
    jsonw_kbool(w, "runner", p->exists);
    jsonw_kbool(w, "active", p->active);
    kid(w, "max_week_hours", p->max_week_hours);
    kid(w, "travel_km", p->travel_km);
    write_ids(w, "pref_orgs", p->pref_orgs, p->npref_orgs);
    write_ids(w, "pref_locations", p->pref_locations, p->npref_locations);
    jsonw_key(w, "windows");
    jsonw_array_begin(w);
    for (int i = 0; i < p->nwindows; i++) write_window(w, &p->windows[i]);
    jsonw_array_end(w);
    jsonw_key(w, "exceptions");
    jsonw_array_begin(w);
    for (int i = 0; i < p->nexceptions; i++) write_exception(w, &p->exceptions[i]);
    jsonw_array_end(w);
    jsonw_object_end(w);
}

static void write_document(jsonw *w, const deploy_document *d)
{
    jsonw_object_begin(w);
    jsonw_kint(w, "id", d->id);
    jsonw_kstr(w, "kind", d->kind);
    jsonw_kstr(w, "issued_on", d->issued_on);
    jsonw_kstr(w, "expires_on", d->expires_on);
    jsonw_kstr(w, "note", d->note);
    jsonw_kstr(w, "checked_by", d->checked_by);
    jsonw_ktime(w, "checked_at", d->checked_at, true);
    jsonw_object_end(w);
}

/* The parts of a profile that are added one by one. */
typedef enum { PART_WINDOW, PART_EXCEPTION, PART_DOCUMENT } profile_part;

/* 201 with the part just added (id), as the profile now holds it. */
static int reply_part(http_request *req, http_response *res, int64_t person, profile_part part, int64_t id)
{
    deploy_profile p;
    int rc = deploy_profile_load(http_db(req), req->arena, person, &p);
    if (rc) return api_fail(rc);
    jsonw w;
    api_json_begin(res, 201, &w);
    bool found = false;
    for (int k = 0; part == PART_WINDOW && k < p.nwindows && !found; k++)
        if ((found = p.windows[k].id == id)) write_window(&w, &p.windows[k]);
    for (int k = 0; part == PART_EXCEPTION && k < p.nexceptions && !found; k++)
        if ((found = p.exceptions[k].id == id)) write_exception(&w, &p.exceptions[k]);
    for (int k = 0; part == PART_DOCUMENT && k < p.ndocuments && !found; k++)
        if ((found = p.documents[k].id == id)) write_document(&w, &p.documents[k]);
    if (!found) jsonw_null(&w);
    return api_json_end(&w);
}

/* ---- Locations ---- */

static int api_locations_list(http_request *req, http_response *res)
{
    int64_t org;
    if (!query_id(req, res, "org_id", &org)) return 0;
    if (org && !may_org(req, res, POLICY_READ, POLICY_DEPLOY_SHIFT, org, 0)) return 0;
    deploy_location *list;
    int n;
    int rc = deploy_locations_of(http_db(req), req->arena, org, &list, &n);
    if (rc) return api_fail(rc);
    const auth_principal *p = auth_current(req);
    jsonw w;
    api_json_begin(res, 200, &w);
    api_list_begin(&w);
    for (int i = 0; i < n; i++) {
        policy_target t = {.kind = POLICY_DEPLOY_SHIFT, .orgs = &list[i].org_id, .norgs = 1};
        if (org || policy_allows(p, POLICY_READ, &t, NULL)) write_location(&w, &list[i]);
    }
    api_list_end(req, &w, 0);
    return api_json_end(&w);
}

static int api_locations_create(http_request *req, http_response *res)
{
    json_t *body;
    if (api_read_json(req, res, &body) != 0) return 0;
    api_errors e = {0};
    static const char *const keys[] = {"org_id", "name", "address", "postcode", NULL};
    api_reject_unknown(body, keys, &e);
    int64_t org = 0, id = 0;
    deploy_location_input in = {0};
    api_get_id(body, "org_id", &org, &e);
    api_get_string(body, "name", &in.name, &e);
    api_get_string(body, "address", &in.address, &e);
    api_get_string(body, "postcode", &in.postcode, &e);
    if (!org && !api_errors_has(&e, "org_id", NULL)) api_errors_add(&e, "org_id", MSG_DEPLOY_API_ORG_REQUIRED);
    int rc = 0;
    if (org && !may_org(req, res, POLICY_WRITE, POLICY_DEPLOY_SHIFT, org, 0)) goto done;
    if (e.n) {
        deploy_location_validate(&in, &e);
        rc = API_EINVALID;
    } else
        rc = deploy_location_save(req, org, &id, &in, &e);
    if (rc == API_EINVALID) {
        api_problem_errors(req, res, 422, "the location was not saved: see errors", &e);
        rc = 0;
        goto done;
    }
    deploy_location l;
    if (!rc) rc = deploy_location_load(http_db(req), req->arena, id, &l);
    if (rc) {
        rc = api_fail(rc);
        goto done;
    }
    jsonw w;
    api_json_begin(res, 201, &w);
    write_location(&w, &l);
    rc = api_json_end(&w);
done:
    json_decref(body);
    return rc;
}

/* ---- Shifts ---- */

static int api_shifts_list(http_request *req, http_response *res)
{
    int64_t org, from, to;
    bool has_from, has_to, open, cancelled;
    if (!query_id(req, res, "org_id", &org) || !query_period(req, res, &from, &has_from, &to, &has_to) ||
        !query_flag(req, res, "open", &open) || !query_flag(req, res, "cancelled", &cancelled))
        return 0;
    if (org && !may_org(req, res, POLICY_READ, POLICY_DEPLOY_SHIFT, org, 0)) return 0;
    deploy_shift_filter f = {.org_id = org, .from_day = has_from ? from : 0, .to_day = has_to ? to : 0,
                             .with_cancelled = cancelled, .open_only = open, .after = time_now()};
    deploy_posted *list;
    int n;
    int rc = deploy_shift_list(http_db(req), req->arena, &f, &list, &n);
    if (rc) return api_fail(rc);
    jsonw w;
    api_json_begin(res, 200, &w);
    api_list_begin(&w);
    for (int i = 0; i < n; i++)
        if (shift_visible(req, &list[i])) write_shift(&w, &list[i]);
    api_list_end(req, &w, 0);
    return api_json_end(&w);
}

static const char *const shift_keys[] = {"org_id",   "date",         "from_date", "to_date", "weekdays",
                                         "start",    "end",          "location_ids", "headcount", "priority",
                                         "tasks",    "skill_ids",    NULL};

static void shift_from_json(http_request *req, const json_t *body, deploy_shift_input *in, int64_t *org,
                            api_errors *e)
{
    memset(in, 0, sizeof *in);
    api_reject_unknown(body, shift_keys, e);
    api_get_id(body, "org_id", org, e);
    api_get_string(body, "date", &in->date, e);
    api_get_string(body, "from_date", &in->from_date, e);
    api_get_string(body, "to_date", &in->to_date, e);
    get_weekdays(body, &in->weekdays, e);
    api_get_string(body, "start", &in->start, e);
    api_get_string(body, "end", &in->end, e);
    get_ids(body, "location_ids", in->location_ids, DEPLOY_MAX_LOCATIONS, &in->nlocations, e);
    get_int_text(req, body, "headcount", &in->headcount, e);
    if (!in->headcount && !api_errors_has(e, "headcount", NULL)) in->headcount = "1";
    api_get_string(body, "priority", &in->priority, e);
    api_get_string(body, "tasks", &in->tasks, e);
    get_ids(body, "skill_ids", in->skill_ids, DEPLOY_MAX_SKILLS, &in->nskills, e);
}

/* POST /api/v1/deploy/shifts: one shift (date) or a pattern (from_date, to_date, weekdays). */
static int api_shifts_create(http_request *req, http_response *res)
{
    json_t *body;
    if (api_read_json(req, res, &body) != 0) return 0;
    api_errors e = {0};
    deploy_shift_input in;
    int64_t org = 0, first = 0;
    int n = 0, rc = 0;
    shift_from_json(req, body, &in, &org, &e);
    if (!org && !api_errors_has(&e, "org_id", NULL)) api_errors_add(&e, "org_id", MSG_DEPLOY_API_ORG_REQUIRED);
    if (org && !may_org(req, res, POLICY_WRITE, POLICY_DEPLOY_SHIFT, org, 0)) goto done;
    if (e.n) {
        deploy_shift_validate(&in, &e);
        rc = API_EINVALID;
    } else
        rc = deploy_shift_post(req, org, &in, &first, &n, &e);
    if (rc == API_EINVALID) {
        api_problem_errors(req, res, 422, "no shift was posted: see errors", &e);
        rc = 0;
        goto done;
    }
    if (rc) {
        rc = api_fail(rc);
        goto done;
    }
    /* the shifts just posted: the first and those of its batch, from its day on */
    deploy_posted s0, *list;
    int nlist = 0;
    rc = deploy_shift_load(http_db(req), req->arena, first, &s0);
    deploy_shift_filter f = {.org_id = org, .from_day = rc ? 0 : deploy_day_of(s0.starts_at)};
    if (!rc) rc = deploy_shift_list(http_db(req), req->arena, &f, &list, &nlist);
    if (rc) {
        rc = api_fail(rc);
        goto done;
    }
    http_set_header(req, res, "Location", arena_printf(req->arena, "/api/v1/deploy/shifts/%lld", (long long)first));
    jsonw w;
    api_json_begin(res, 201, &w);
    jsonw_object_begin(&w);
    jsonw_kint(&w, "count", n);
    jsonw_kint(&w, "first_id", first);
    for (int pass = 0; pass < 2; pass++) {
        jsonw_key(&w, pass ? "items" : "ids");
        jsonw_array_begin(&w);
        for (int i = 0; i < nlist; i++) {
            if (list[i].id != first && !(n > 1 && list[i].batch == first)) continue;
            if (pass) write_shift(&w, &list[i]);
            else jsonw_int(&w, list[i].id);
        }
        jsonw_array_end(&w);
    }
    jsonw_object_end(&w);
    rc = api_json_end(&w);
done:
    json_decref(body);
    return rc;
}

/* Loads the shift of the path for op: false when the answer is written. */
static bool open_shift(http_request *req, http_response *res, policy_op op, deploy_posted *s, int *rc)
{
    int64_t id = http_path_id(req, "id");
    *rc = id ? deploy_shift_load(http_db(req), req->arena, id, s) : DB_ENOTFOUND;
    if (*rc) {
        *rc = failed(req, res, *rc, "no such shift");
        return false;
    }
    int64_t org = s->org_id;
    policy_target t = {.kind = POLICY_DEPLOY_SHIFT, .id = id, .orgs = &org, .norgs = 1};
    if (!may_record(req, res, op, &t, "no such shift")) return false;
    if (op == POLICY_READ && !shift_visible(req, s)) {
        problem(req, res, 404, "no such shift");
        return false;
    }
    return true;
}

/* A shift, with its people (published and cancelled) for the organisation's staff. */
static int reply_shift(http_request *req, http_response *res, int status, int64_t id)
{
    deploy_posted s;
    int rc = deploy_shift_load(http_db(req), req->arena, id, &s);
    if (rc) return failed(req, res, rc, "no such shift");
    bool staff = staff_of(req, s.org_id);
    deploy_rostered *people = NULL;
    int n = 0;
    if (staff) rc = deploy_shift_people(http_db(req), req->arena, id, true, &people, &n);
    if (rc) return api_fail(rc);
    jsonw w;
    api_json_begin(res, status, &w);
    jsonw_object_begin(&w);
    shift_members(&w, &s);
    if (staff) {
        jsonw_key(&w, "people");
        jsonw_array_begin(&w);
        for (int i = 0; i < n; i++) write_rostered(&w, &people[i]);
        jsonw_array_end(&w);
    }
    jsonw_object_end(&w);
    return api_json_end(&w);
}

static int api_shift_show(http_request *req, http_response *res)
{
    deploy_posted s;
    int rc;
    if (!open_shift(req, res, POLICY_READ, &s, &rc)) return rc;
    return reply_shift(req, res, 200, s.id);
}

/* The optional reason of a cancellation; false when the answer is written. */
static bool read_reason(http_request *req, http_response *res, const char **reason)
{
    json_t *body;
    *reason = NULL;
    if (!read_optional(req, res, &body)) return false;
    api_errors e = {0};
    static const char *const keys[] = {"reason", NULL};
    api_reject_unknown(body, keys, &e);
    api_get_string(body, "reason", reason, &e);
    if (*reason) *reason = arena_strdup(req->arena, *reason);
    if (e.n) api_problem_errors(req, res, 422, "nothing was cancelled: see errors", &e);
    json_decref(body);
    return e.n == 0;
}

static int api_shift_cancel(http_request *req, http_response *res)
{
    deploy_posted s;
    int rc;
    const char *reason;
    if (!open_shift(req, res, POLICY_WRITE, &s, &rc)) return rc;
    if (!read_reason(req, res, &reason)) return 0;
    api_errors e = {0};
    rc = deploy_shift_cancel(req, s.id, reason, &e);
    if (rc == API_EINVALID) {
        api_problem_errors(req, res, 422, "the shift was not cancelled: see errors", &e);
        return 0;
    }
    if (rc) return failed(req, res, rc, "no such shift");
    return reply_shift(req, res, 200, s.id);
}

/* POST /api/v1/deploy/shifts/{id}/claim: the participant takes an open place for themself. */
static int api_shift_claim(http_request *req, http_response *res)
{
    const auth_principal *p = auth_current(req);
    if (!p || !p->person_id) return problem(req, res, 403, "only a participant claims a shift, for themself");
    policy_target t = {.kind = POLICY_DEPLOY_ROSTER, .person_id = p->person_id};
    if (!policy_enforce(req, POLICY_WRITE, &t, NULL)) return problem(req, res, 403, refusal_detail(t.kind));
    int64_t id = http_path_id(req, "id");
    deploy_posted s;
    int rc = id ? deploy_shift_load(http_db(req), req->arena, id, &s) : DB_ENOTFOUND;
    if (rc) return failed(req, res, rc, "no such shift");
    json_t *body;
    if (!read_optional(req, res, &body)) return 0;
    api_errors e = {0};
    static const char *const none[] = {NULL};
    api_reject_unknown(body, none, &e);
    if (e.n) {
        api_problem_errors(req, res, 422, "nothing was claimed: see errors", &e);
        json_decref(body);
        return 0;
    }
    json_decref(body);
    int64_t assignment = 0;
    deploy_refusal why;
    rc = deploy_claim(req, id, p->person_id, &assignment, &why, &e);
    if (rc == API_EINVALID) return refused(req, res, "the shift was not claimed: see errors", &e, &why);
    if (rc) return failed(req, res, rc, "no such shift");
    deploy_rostered r;
    rc = deploy_assignment_load(http_db(req), req->arena, assignment, &r);
    if (rc) return api_fail(rc);
    jsonw w;
    api_json_begin(res, 201, &w);
    write_rostered(&w, &r);
    return api_json_end(&w);
}

/* ---- Plans ---- */

static policy_target plan_target(const deploy_plan_row *p, const int64_t *org)
{
    return (policy_target){.kind = POLICY_DEPLOY_PLAN, .id = p->id, .orgs = org, .norgs = *org > 0};
}

static int api_plans_list(http_request *req, http_response *res)
{
    int64_t org;
    if (!query_id(req, res, "org_id", &org)) return 0;
    if (org && !may_org(req, res, POLICY_READ, POLICY_DEPLOY_PLAN, org, 0)) return 0;
    deploy_plan_row *list;
    int n;
    int rc = deploy_plan_list(http_db(req), req->arena, org, &list, &n);
    if (rc) return api_fail(rc);
    jsonw w;
    api_json_begin(res, 200, &w);
    api_list_begin(&w);
    for (int i = 0; i < n; i++) {
        policy_target t = plan_target(&list[i], &list[i].org_id);
        if (org || policy_allows(auth_current(req), POLICY_READ, &t, NULL)) write_plan(&w, &list[i]);
    }
    api_list_end(req, &w, 0);
    return api_json_end(&w);
}

static int reply_view(http_request *req, http_response *res, int status, int64_t id)
{
    deploy_plan_view v;
    int rc = deploy_plan_view_load(http_db(req), req->arena, id, &v);
    if (rc) return failed(req, res, rc, "no such plan");
    jsonw w;
    api_json_begin(res, status, &w);
    write_view(req, &w, &v);
    return api_json_end(&w);
}

/* POST /api/v1/deploy/plans {org_id or null for the region, from, to}: runs the engine. */
static int api_plans_create(http_request *req, http_response *res)
{
    json_t *body;
    if (api_read_json(req, res, &body) != 0) return 0;
    api_errors e = {0};
    static const char *const keys[] = {"org_id", "from", "to", NULL};
    api_reject_unknown(body, keys, &e);
    int64_t org = 0, id = 0;
    const char *from, *to;
    api_get_id(body, "org_id", &org, &e);
    api_get_string(body, "from", &from, &e);
    api_get_string(body, "to", &to, &e);
    int rc = 0;
    if (!api_errors_has(&e, "org_id", NULL) && !may_org(req, res, POLICY_WRITE, POLICY_DEPLOY_PLAN, org, 0))
        goto done;
    rc = e.n ? API_EINVALID : deploy_plan_create(req, org, from, to, &id, &e);
    if (rc == API_EINVALID) {
        api_problem_errors(req, res, 422, "no plan was made: see errors", &e);
        rc = 0;
        goto done;
    }
    if (rc) {
        rc = api_fail(rc);
        goto done;
    }
    http_set_header(req, res, "Location", arena_printf(req->arena, "/api/v1/deploy/plans/%lld", (long long)id));
    rc = reply_view(req, res, 201, id);
done:
    json_decref(body);
    return rc;
}

/* Loads the plan of the path for op: false when the answer is written. */
static bool open_plan(http_request *req, http_response *res, policy_op op, deploy_plan_row *p, int *rc)
{
    int64_t id = http_path_id(req, "id");
    *rc = id ? deploy_plan_load(http_db(req), req->arena, id, p) : DB_ENOTFOUND;
    if (*rc) {
        *rc = failed(req, res, *rc, "no such plan");
        return false;
    }
    policy_target t = plan_target(p, &p->org_id);
    return may_record(req, res, op, &t, "no such plan");
}

static int api_plan_show(http_request *req, http_response *res)
{
    deploy_plan_row p;
    int rc;
    if (!open_plan(req, res, POLICY_READ, &p, &rc)) return rc;
    return reply_view(req, res, 200, p.id);
}

/* POST /api/v1/deploy/plans/{id}/assignments {shift_id, person_id}: a hand change to a draft. */
static int api_plan_assign(http_request *req, http_response *res)
{
    deploy_plan_row p;
    int rc;
    if (!open_plan(req, res, POLICY_WRITE, &p, &rc)) return rc;
    json_t *body;
    if (api_read_json(req, res, &body) != 0) return 0;
    api_errors e = {0};
    static const char *const keys[] = {"shift_id", "person_id", NULL};
    api_reject_unknown(body, keys, &e);
    int64_t shift = 0, person = 0;
    api_get_id(body, "shift_id", &shift, &e);
    api_get_id(body, "person_id", &person, &e);
    deploy_refusal why = {0};
    rc = e.n ? API_EINVALID : deploy_plan_assign(req, p.id, shift, person, &why, &e);
    if (rc == API_EINVALID) {
        rc = refused(req, res, "the change was not made: see errors", &e, &why);
        json_decref(body);
        return rc;
    }
    json_decref(body);
    if (rc) return failed(req, res, rc, "no such plan");
    deploy_rostered *rows;
    int n;
    rc = deploy_plan_rows(http_db(req), req->arena, p.id, &rows, &n);
    if (!rc) rc = deploy_plan_load(http_db(req), req->arena, p.id, &p);
    if (rc) return api_fail(rc);
    jsonw w;
    api_json_begin(res, 201, &w);
    jsonw_object_begin(&w);
    jsonw_key(&w, "assignment");
    int k = 0;
    while (k < n && !(rows[k].shift_id == shift && rows[k].person_id == person)) k++;
    if (k < n) write_rostered(&w, &rows[k]);
    else jsonw_null(&w);
    jsonw_key(&w, "plan");
    write_plan(&w, &p);
    jsonw_object_end(&w);
    return api_json_end(&w);
}

static int api_plan_unassign(http_request *req, http_response *res)
{
    deploy_plan_row p;
    int rc;
    if (!open_plan(req, res, POLICY_WRITE, &p, &rc)) return rc;
    int64_t aid = http_path_id(req, "assignment_id");
    api_errors e = {0};
    rc = aid ? deploy_plan_unassign(req, p.id, aid, &e) : DB_ENOTFOUND;
    if (rc == DB_ENOTFOUND || (rc == API_EINVALID && api_errors_has(&e, "assignment_id", NULL)))
        return problem(req, res, 404, "no such assignment in this plan");
    if (rc == API_EINVALID) {
        api_problem_errors(req, res, 422, "the change was not made: see errors", &e);
        return 0;
    }
    if (rc) return api_fail(rc);
    res->status = 204;
    return 0;
}

static int api_plan_publish(http_request *req, http_response *res)
{
    deploy_plan_row p;
    int rc;
    if (!open_plan(req, res, POLICY_WRITE, &p, &rc)) return rc;
    api_errors e = {0};
    int added = 0, dropped = 0;
    rc = deploy_plan_publish(req, p.id, &added, &dropped, &e);
    if (rc == API_EINVALID) {
        api_problem_errors(req, res, 422, "the plan was not published: see errors", &e);
        return 0;
    }
    if (!rc) rc = deploy_plan_load(http_db(req), req->arena, p.id, &p);
    if (rc) return failed(req, res, rc, "no such plan");
    jsonw w;
    api_json_begin(res, 200, &w);
    jsonw_object_begin(&w);
    jsonw_kint(&w, "added", added);
    jsonw_kint(&w, "dropped", dropped);
    jsonw_key(&w, "plan");
    write_plan(&w, &p);
    jsonw_object_end(&w);
    return api_json_end(&w);
}

static int api_plan_discard(http_request *req, http_response *res)
{
    deploy_plan_row p;
    int rc;
    if (!open_plan(req, res, POLICY_WRITE, &p, &rc)) return rc;
    api_errors e = {0};
    rc = deploy_plan_discard(req, p.id, &e);
    if (rc == API_EINVALID) {
        api_problem_errors(req, res, 422, "the plan was not discarded: see errors", &e);
        return 0;
    }
    if (!rc) rc = deploy_plan_load(http_db(req), req->arena, p.id, &p);
    if (rc) return failed(req, res, rc, "no such plan");
    jsonw w;
    api_json_begin(res, 200, &w);
    write_plan(&w, &p);
    return api_json_end(&w);
}

/* ---- Assignments: cancellations and hours ---- */

/* Loads the assignment of the path for op on kind: false when the answer is written. */
static bool open_assignment(http_request *req, http_response *res, policy_op op, policy_resource kind,
                            deploy_rostered *r, int *rc)
{
    int64_t id = http_path_id(req, "id");
    *rc = id ? deploy_assignment_load(http_db(req), req->arena, id, r) : DB_ENOTFOUND;
    if (*rc) {
        *rc = failed(req, res, *rc, "no such assignment");
        return false;
    }
    policy_target t = {.kind = kind, .id = id, .orgs = &r->org_id, .norgs = 1, .person_id = r->person_id};
    return may_record(req, res, op, &t, "no such assignment");
}

static int reply_assignment(http_request *req, http_response *res, int64_t id, int64_t repair)
{
    deploy_rostered r;
    int rc = deploy_assignment_load(http_db(req), req->arena, id, &r);
    if (rc) return failed(req, res, rc, "no such assignment");
    jsonw w;
    api_json_begin(res, 200, &w);
    if (repair >= 0) {
        jsonw_object_begin(&w);
        jsonw_key(&w, "assignment");
    }
    write_rostered(&w, &r);
    if (repair >= 0) {
        kid(&w, "repair_plan_id", repair);
        jsonw_object_end(&w);
    }
    return api_json_end(&w);
}

/* POST /api/v1/deploy/assignments/{id}/cancel {reason}: the person (at least
 * DEPLOY_CANCEL_HOURS before the start) or the organisation's planners. */
static int api_assignment_cancel(http_request *req, http_response *res)
{
    deploy_rostered r;
    int rc;
    if (!open_assignment(req, res, POLICY_WRITE, POLICY_DEPLOY_ROSTER, &r, &rc)) return rc;
    const char *reason;
    if (!read_reason(req, res, &reason)) return 0;
    /* the organisation's planners cancel as the organisation, also their own shifts */
    const auth_principal *p = auth_current(req);
    policy_target org = {.kind = POLICY_DEPLOY_ROSTER, .id = r.assignment_id, .orgs = &r.org_id, .norgs = 1};
    bool by_person = p && p->person_id == r.person_id && !policy_allows(p, POLICY_WRITE, &org, NULL);
    api_errors e = {0};
    int64_t repair = 0;
    rc = deploy_cancel(req, r.assignment_id, by_person, reason, &repair, &e);
    if (rc == API_EINVALID) {
        api_problem_errors(req, res, 422, "the shift was not cancelled: see errors", &e);
        return 0;
    }
    if (rc) return failed(req, res, rc, "no such assignment");
    return reply_assignment(req, res, r.assignment_id, repair);
}

/* PUT /api/v1/deploy/assignments/{id}/hours {status, worked, note}: the supervisor. */
static int api_assignment_hours(http_request *req, http_response *res)
{
    deploy_rostered r;
    int rc;
    if (!open_assignment(req, res, POLICY_WRITE, POLICY_DEPLOY_HOURS, &r, &rc)) return rc;
    json_t *body;
    if (api_read_json(req, res, &body) != 0) return 0;
    api_errors e = {0};
    static const char *const keys[] = {"status", "worked", "note", NULL};
    api_reject_unknown(body, keys, &e);
    const char *status, *worked = NULL, *note;
    api_get_string(body, "status", &status, &e);
    api_get_string(body, "note", &note, &e);
    json_t *wv = json_object_get(body, "worked");
    if (json_is_integer(wv)) worked = arena_printf(req->arena, "%lld", (long long)json_integer_value(wv));
    else if (json_is_string(wv)) api_get_string(body, "worked", &worked, &e);
    else if (wv && !json_is_null(wv)) api_errors_add(&e, "worked", MSG_DEPLOY_API_WORKED_INVALID);
    rc = e.n ? API_EINVALID : deploy_hours_confirm(req, r.assignment_id, status, worked, note, &e);
    if (rc == API_EINVALID) api_problem_errors(req, res, 422, "the hours were not recorded: see errors", &e);
    json_decref(body);
    if (rc == API_EINVALID) return 0;
    if (rc) return failed(req, res, rc, "no such assignment");
    return reply_assignment(req, res, r.assignment_id, -1);
}

/* ---- Hours: the export for payroll ---- */

typedef struct hours_total {
    int64_t person_id, org_id;
    const char *person, *org;
    int shifts, planned, worked;
} hours_total;

/* Totals per person and organisation of the rows (in the arena); *n gets how many. */
static hours_total *hours_totals(arena *a, const deploy_hours_row *rows, int nrows, int *n)
{
    hours_total *t = arena_alloc(a, (size_t)(nrows + 1) * sizeof *t);
    *n = 0;
    if (!t) return NULL;
    for (int i = 0; i < nrows; i++) {
        int k = 0;
        while (k < *n && !(t[k].person_id == rows[i].person_id && t[k].org_id == rows[i].org_id)) k++;
        if (k == *n) t[(*n)++] = (hours_total){rows[i].person_id, rows[i].org_id, rows[i].person, rows[i].org, 0, 0, 0};
        t[k].shifts++;
        t[k].planned += rows[i].planned_minutes;
        t[k].worked += rows[i].worked_minutes;
    }
    return t;
}

static void write_hours_json(http_request *req, jsonw *w, const deploy_rostered *r, const deploy_hours_row *rows,
                             int n, const char *from, const char *to)
{
    jsonw_object_begin(w);
    jsonw_kstr(w, "from", from);
    jsonw_kstr(w, "to", to);
    jsonw_key(w, "items");
    jsonw_array_begin(w);
    for (int i = 0; i < n; i++) {
        const deploy_hours_row *h = &rows[i];
        jsonw_object_begin(w);
        jsonw_kint(w, "assignment_id", r[i].assignment_id);
        jsonw_kint(w, "shift_id", r[i].shift_id);
        jsonw_kint(w, "person_id", h->person_id);
        jsonw_kstr(w, "person", h->person);
        jsonw_kint(w, "org_id", h->org_id);
        jsonw_kstr(w, "org", h->org);
        jsonw_kstr(w, "location", h->location);
        jsonw_ktime(w, "starts_at", h->starts_at, false);
        jsonw_ktime(w, "ends_at", h->ends_at, false);
        klocal(w, "date", h->starts_at, "%Y-%m-%d");
        klocal(w, "start", h->starts_at, "%H:%M");
        klocal(w, "end", h->ends_at, "%H:%M");
        jsonw_kstr(w, "status", h->status);
        jsonw_kint(w, "planned_minutes", h->planned_minutes);
        jsonw_kint(w, "worked_minutes", h->worked_minutes);
        jsonw_object_end(w);
    }
    jsonw_array_end(w);
    int nt = 0;
    hours_total *t = hours_totals(req->arena, rows, n, &nt);
    jsonw_key(w, "totals");
    jsonw_array_begin(w);
    for (int i = 0; t && i < nt; i++) {
        jsonw_object_begin(w);
        jsonw_kint(w, "person_id", t[i].person_id);
        jsonw_kstr(w, "person", t[i].person);
        jsonw_kint(w, "org_id", t[i].org_id);
        jsonw_kstr(w, "org", t[i].org);
        jsonw_kint(w, "shifts", t[i].shifts);
        jsonw_kint(w, "planned_minutes", t[i].planned);
        jsonw_kint(w, "worked_minutes", t[i].worked);
        jsonw_object_end(w);
    }
    jsonw_array_end(w);
    jsonw_object_end(w);
}

/* GET /api/v1/deploy/hours?org_id=&person_id=&from=&to=&format=json|csv|xlsx */
static int api_hours(http_request *req, http_response *res)
{
    int64_t org, person, from, to;
    bool has_from, has_to;
    if (!query_id(req, res, "org_id", &org) || !query_id(req, res, "person_id", &person) ||
        !query_period(req, res, &from, &has_from, &to, &has_to))
        return 0;
    if (!has_from || !has_to) {
        const char *which = has_from ? "to" : "from";
        http_problem(req, res, 400, "from and to (YYYY-MM-DD) give the period", which, "required");
        return 0;
    }
    if (to - from + 1 > HOURS_MAX_DAYS) {
        http_problem(req, res, 400, "the period is at most 366 days", "to", "at most 366 days after from");
        return 0;
    }
    const char *format = http_query(req, "format");
    if (!format || !*format) format = "json";
    if (!str_eq(format, "json") && !str_eq(format, "csv") && !str_eq(format, "xlsx")) {
        http_problem(req, res, 400, "format is json, csv or xlsx", "format", "unknown format");
        return 0;
    }
    /* an organisation's hours for its staff, a person's own; without either the coordinator's */
    if (!may_org(req, res, POLICY_READ, POLICY_DEPLOY_HOURS, org, person)) return 0;
    deploy_rostered *r;
    int n;
    int rc = deploy_org_roster(http_db(req), req->arena, org, from, to, &r, &n);
    if (rc) return api_fail(rc);
    deploy_hours_row *rows = arena_alloc(req->arena, (size_t)(n + 1) * sizeof *rows);
    if (!rows) return DB_ENOMEM;
    int k = 0;
    for (int i = 0; i < n; i++) {
        if (person && r[i].person_id != person) continue;
        bool worked = str_eq(r[i].hours_status, "worked");
        r[k] = r[i];
        rows[k++] = (deploy_hours_row){.person_id = r[i].person_id,
                                       .person = r[i].person_name,
                                       .org_id = r[i].org_id,
                                       .org = r[i].org_name,
                                       .location = r[i].location,
                                       .starts_at = r[i].starts_at,
                                       .ends_at = r[i].ends_at,
                                       .status = r[i].hours_status ? r[i].hours_status : "open",
                                       .planned_minutes = (int)((r[i].ends_at - r[i].starts_at) / 60),
                                       .worked_minutes = worked ? r[i].worked_minutes : 0};
    }
    char f[11], t[11];
    deploy_format_day(from, f);
    deploy_format_day(to, t);
    if (str_eq(format, "json")) {
        jsonw w;
        api_json_begin(res, 200, &w);
        write_hours_json(req, &w, r, rows, k, f, t);
        return api_json_end(&w);
    }
    bool csv = str_eq(format, "csv");
    const char *lang = req->lang ? req->lang : "nl";
    rc = audit_request(req, "export", "hours", 0, org, "ok",
                       arena_printf(req->arena, "%s %s..%s, %d shifts", format, f, t, k));
    if (rc) return api_fail(rc);
    res->status = 200;
    res->content_type =
        csv ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    buf_reset(&res->body);
    if ((csv ? deploy_hours_csv(rows, k, lang, &res->body) : deploy_hours_xlsx(rows, k, lang, &res->body)) != 0)
        return DB_ENOMEM;
    http_set_header(req, res, "Content-Disposition",
                    arena_printf(req->arena, "attachment; filename=\"uren-%s-%s.%s\"", f, t, format));
    return 0;
}

/* ---- A person's availability ---- */

static int reply_profile(http_request *req, http_response *res, int status, int64_t person_id)
{
    deploy_profile p;
    int rc = deploy_profile_load(http_db(req), req->arena, person_id, &p);
    if (rc) return failed(req, res, rc, "no such person");
    jsonw w;
    api_json_begin(res, status, &w);
    write_profile(&w, &p);
    return api_json_end(&w);
}

static int api_availability_show(http_request *req, http_response *res)
{
    int64_t person;
    int rc;
    if (!open_person(req, res, POLICY_READ, POLICY_DEPLOY_PROFILE, &person, &rc)) return rc;
    return reply_profile(req, res, 200, person);
}

/* PUT /api/v1/people/{id}/availability: limits and preferences (the weekly
 * pattern and exceptions are sub-resources). */
static int api_availability_replace(http_request *req, http_response *res)
{
    int64_t person;
    int rc;
    if (!open_person(req, res, POLICY_WRITE, POLICY_DEPLOY_PROFILE, &person, &rc)) return rc;
    json_t *body;
    if (api_read_json(req, res, &body) != 0) return 0;
    api_errors e = {0};
    static const char *const keys[] = {"max_week_hours", "travel_km", "pref_orgs", "pref_locations", NULL};
    api_reject_unknown(body, keys, &e);
    deploy_profile_input in = {0};
    int64_t orgs[MAX_PERSON_ORGS], locs[MAX_PERSON_ORGS];
    int norgs = 0, nlocs = 0;
    get_int_text(req, body, "max_week_hours", &in.max_week_hours, &e);
    get_int_text(req, body, "travel_km", &in.travel_km, &e);
    get_ids(body, "pref_orgs", orgs, MAX_PERSON_ORGS, &norgs, &e);
    get_ids(body, "pref_locations", locs, MAX_PERSON_ORGS, &nlocs, &e);
    rc = e.n ? API_EINVALID : deploy_profile_save(req, person, &in, orgs, norgs, locs, nlocs, &e);
    if (rc == API_EINVALID) api_problem_errors(req, res, 422, "the availability was not saved: see errors", &e);
    json_decref(body);
    if (rc == API_EINVALID) return 0;
    if (rc) return failed(req, res, rc, "no such person");
    return reply_profile(req, res, 200, person);
}

static int api_window_create(http_request *req, http_response *res)
{
    int64_t person;
    int rc;
    if (!open_person(req, res, POLICY_WRITE, POLICY_DEPLOY_PROFILE, &person, &rc)) return rc;
    json_t *body;
    if (api_read_json(req, res, &body) != 0) return 0;
    api_errors e = {0};
    static const char *const keys[] = {"weekday", "from", "to", NULL};
    api_reject_unknown(body, keys, &e);
    deploy_window_input in = {0};
    json_t *wd = json_object_get(body, "weekday");
    int d = wd ? weekday_of(wd) : -1;
    if (d >= 0) in.weekday = arena_printf(req->arena, "%d", d);
    else if (wd && !json_is_null(wd)) api_errors_add(&e, "weekday", MSG_DEPLOY_API_WEEKDAY_INVALID);
    api_get_string(body, "from", &in.from, &e);
    api_get_string(body, "to", &in.to, &e);
    int64_t id = 0;
    int wdv, from, to;
    if (e.n) {
        deploy_window_validate(&in, &wdv, &from, &to, &e);
        rc = API_EINVALID;
    } else
        rc = deploy_window_add(req, person, &in, &id, &e);
    if (rc == API_EINVALID) api_problem_errors(req, res, 422, "the time was not added: see errors", &e);
    json_decref(body);
    if (rc == API_EINVALID) return 0;
    if (rc) return failed(req, res, rc, "no such person");
    return reply_part(req, res, person, PART_WINDOW, id);
}

/* DELETE a line of the weekly pattern (wid) or an exception (eid). */
static int delete_part(http_request *req, http_response *res, bool window)
{
    int64_t person;
    int rc;
    if (!open_person(req, res, POLICY_WRITE, POLICY_DEPLOY_PROFILE, &person, &rc)) return rc;
    int64_t id = http_path_id(req, window ? "wid" : "eid");
    rc = !id ? DB_ENOTFOUND : window ? deploy_window_delete(req, person, id) : deploy_exception_delete(req, person, id);
    if (rc) return failed(req, res, rc, window ? "no such time in the weekly pattern" : "no such exception");
    res->status = 204;
    return 0;
}

static int api_window_delete(http_request *req, http_response *res)
{
    return delete_part(req, res, true);
}

static int api_exception_create(http_request *req, http_response *res)
{
    int64_t person;
    int rc;
    if (!open_person(req, res, POLICY_WRITE, POLICY_DEPLOY_PROFILE, &person, &rc)) return rc;
    json_t *body;
    if (api_read_json(req, res, &body) != 0) return 0;
    api_errors e = {0};
    static const char *const keys[] = {"from_date", "to_date", "reason", NULL};
    api_reject_unknown(body, keys, &e);
    const char *from, *to, *reason;
    api_get_string(body, "from_date", &from, &e);
    api_get_string(body, "to_date", &to, &e);
    api_get_string(body, "reason", &reason, &e);
    int64_t id = 0;
    if (e.n) {
        deploy_exception_validate(from, to, reason, &e);
        rc = API_EINVALID;
    } else
        rc = deploy_exception_add(req, person, from, to, reason, &id, &e);
    if (rc == API_EINVALID) api_problem_errors(req, res, 422, "the exception was not added: see errors", &e);
    json_decref(body);
    if (rc == API_EINVALID) return 0;
    if (rc) return failed(req, res, rc, "no such person");
    return reply_part(req, res, person, PART_EXCEPTION, id);
}

static int api_exception_delete(http_request *req, http_response *res)
{
    return delete_part(req, res, false);
}

/* ---- Documents ---- */

/* GET /api/v1/people/{id}/documents: every read is audited (policy_enforce). */
static int api_documents_list(http_request *req, http_response *res)
{
    int64_t person;
    int rc;
    if (!open_person(req, res, POLICY_READ, POLICY_DEPLOY_DOCUMENT, &person, &rc)) return rc;
    deploy_profile p;
    rc = deploy_profile_load(http_db(req), req->arena, person, &p);
    if (rc) return failed(req, res, rc, "no such person");
    jsonw w;
    api_json_begin(res, 200, &w);
    api_list_begin(&w);
    for (int i = 0; i < p.ndocuments; i++) write_document(&w, &p.documents[i]);
    api_list_end(req, &w, 0);
    return api_json_end(&w);
}

static int api_documents_create(http_request *req, http_response *res)
{
    int64_t person;
    int rc;
    if (!open_person(req, res, POLICY_WRITE, POLICY_DEPLOY_DOCUMENT, &person, &rc)) return rc;
    json_t *body;
    if (api_read_json(req, res, &body) != 0) return 0;
    api_errors e = {0};
    static const char *const keys[] = {"kind", "issued_on", "expires_on", "note", NULL};
    api_reject_unknown(body, keys, &e);
    deploy_document_input in = {0};
    api_get_string(body, "kind", &in.kind, &e);
    api_get_string(body, "issued_on", &in.issued_on, &e);
    api_get_string(body, "expires_on", &in.expires_on, &e);
    api_get_string(body, "note", &in.note, &e);
    int64_t id = 0;
    if (e.n) {
        deploy_document_validate(&in, deploy_day_of(time_now()), &e);
        rc = API_EINVALID;
    } else
        rc = deploy_document_record(req, person, &in, &id, &e);
    if (rc == API_EINVALID) api_problem_errors(req, res, 422, "the document was not recorded: see errors", &e);
    json_decref(body);
    if (rc == API_EINVALID) return 0;
    if (rc) return failed(req, res, rc, "no such person");
    return reply_part(req, res, person, PART_DOCUMENT, id);
}

/* ---- The calendar feed ---- */

/* The host of the public URL, for the events' UIDs. */
static const char *feed_domain(arena *a)
{
    const char *u = intake_public_url();
    const char *s = strstr(u, "://");
    s = s ? s + 3 : u;
    size_t n = strcspn(s, ":/");
    return n ? arena_strndup(a, s, n) : "instroom";
}

static int api_feed_show(http_request *req, http_response *res)
{
    int64_t person, since = 0;
    int rc;
    if (!open_person(req, res, POLICY_READ, POLICY_DEPLOY_ROSTER, &person, &rc)) return rc;
    rc = deploy_feed_since(http_db(req), person, &since);
    if (rc) return api_fail(rc);
    jsonw w;
    api_json_begin(res, 200, &w);
    jsonw_object_begin(&w);
    jsonw_kbool(&w, "active", since != 0);
    jsonw_ktime(&w, "since", since, true);
    jsonw_object_end(&w);
    return api_json_end(&w);
}

/* POST /api/v1/people/{id}/calendar-feed: a new token (the old one stops); its URL is shown once. */
static int api_feed_create(http_request *req, http_response *res)
{
    int64_t person;
    int rc;
    if (!open_person(req, res, POLICY_WRITE, POLICY_DEPLOY_ROSTER, &person, &rc)) return rc;
    const char *token = NULL;
    rc = deploy_feed_token_new(req, person, &token);
    if (rc) return failed(req, res, rc, "no such person");
    jsonw w;
    api_json_begin(res, 201, &w);
    jsonw_object_begin(&w);
    jsonw_kstr(&w, "url", arena_printf(req->arena, "%s/ical/%s.ics", intake_public_url(), token));
    jsonw_kstr(&w, "token", token);
    jsonw_ktime(&w, "created_at", time_now(), false);
    jsonw_object_end(&w);
    return api_json_end(&w);
}

static int api_feed_revoke(http_request *req, http_response *res)
{
    int64_t person;
    int rc;
    if (!open_person(req, res, POLICY_WRITE, POLICY_DEPLOY_ROSTER, &person, &rc)) return rc;
    rc = deploy_feed_token_revoke(req, person);
    if (rc) return failed(req, res, rc, "this person has no calendar feed");
    res->status = 204;
    return 0;
}

/* GET /ical/{token}[.ics] (public): the person's published and cancelled
 * shifts as an iCalendar feed; 404 for an unknown or revoked token. */
static int ical_feed(http_request *req, http_response *res)
{
    const char *raw = http_path_param(req, "token");
    char *token = arena_strdup(req->arena, raw ? raw : "");
    if (!token) return DB_ENOMEM;
    size_t n = strlen(token);
    if (n > 4 && strcasecmp(token + n - 4, ".ics") == 0) token[n - 4] = '\0';
    int64_t person = 0;
    int rc = deploy_feed_person(http_db(req), token, &person);
    if (rc == DB_ENOTFOUND) {
        http_error(req, res, 404);
        return 0;
    }
    if (rc) return api_fail(rc);
    deploy_rostered *r;
    int nr;
    rc = deploy_person_roster(http_db(req), req->arena, person, 0, &r, &nr);
    if (rc) return api_fail(rc);
    deploy_ical_event *ev = arena_alloc(req->arena, (size_t)(nr + 1) * sizeof *ev);
    if (!ev) return DB_ENOMEM;
    for (int i = 0; i < nr; i++)
        ev[i] = (deploy_ical_event){.id = r[i].assignment_id,
                                    .starts_at = r[i].starts_at,
                                    .ends_at = r[i].ends_at,
                                    .summary = msg_fill(req, MSG_DEPLOY_ICAL_SUMMARY, r[i].org_name, NULL),
                                    .location = arena_printf(req->arena, "%s, %s", r[i].location, r[i].org_name),
                                    .updated_at = r[i].updated_at,
                                    .cancelled = str_eq(r[i].status, "cancelled")};
    res->status = 200;
    res->content_type = "text/calendar; charset=utf-8";
    buf_reset(&res->body);
    if (deploy_ical_write(&res->body, msg(req, MSG_DEPLOY_ICAL_CALNAME), feed_domain(req->arena), ev, nr,
                          time_now()) != 0)
        return DB_ENOMEM;
    http_set_header(req, res, "Cache-Control", "private, no-store");
    http_set_header(req, res, "Referrer-Policy", "no-referrer");
    return 0;
}

/* ---- The participant's own shifts ---- */

/* GET /api/v1/me/shifts?from=&to=: the caller's roster and the open shifts they might claim. */
static int api_me_shifts(http_request *req, http_response *res)
{
    const auth_principal *p = auth_current(req);
    if (!p || !p->person_id) return problem(req, res, 404, "this account is not a participant");
    int64_t from, to;
    bool has_from, has_to;
    if (!query_period(req, res, &from, &has_from, &to, &has_to)) return 0;
    int64_t now = time_now();
    if (!has_from) from = deploy_day_of(now);
    policy_target t = {.kind = POLICY_DEPLOY_ROSTER, .person_id = p->person_id};
    if (!policy_enforce(req, POLICY_READ, &t, NULL)) return problem(req, res, 403, refusal_detail(t.kind));
    deploy_rostered *mine;
    deploy_posted *open;
    int nmine, nopen;
    int rc = deploy_person_roster(http_db(req), req->arena, p->person_id, from, &mine, &nmine);
    deploy_shift_filter f = {.from_day = from, .to_day = has_to ? to : 0, .open_only = true, .after = now};
    if (!rc) rc = deploy_shift_list(http_db(req), req->arena, &f, &open, &nopen);
    if (rc) return api_fail(rc);
    jsonw w;
    api_json_begin(res, 200, &w);
    jsonw_object_begin(&w);
    jsonw_key(&w, "roster");
    jsonw_array_begin(&w);
    for (int i = 0; i < nmine; i++)
        if (!has_to || deploy_day_of(mine[i].starts_at) <= to) write_rostered(&w, &mine[i]);
    jsonw_array_end(&w);
    jsonw_key(&w, "open");
    jsonw_array_begin(&w);
    for (int i = 0; i < nopen; i++) {
        bool on = false;
        for (int k = 0; k < nmine && !on; k++)
            on = mine[k].shift_id == open[i].id && str_eq(mine[k].status, "published");
        if (!on) write_shift(&w, &open[i]);
    }
    jsonw_array_end(&w);
    jsonw_object_end(&w);
    return api_json_end(&w);
}

const http_route deploy_api_routes[] = {
    {"GET", "/api/v1/deploy/locations", api_locations_list, HTTP_API, "locations where shifts are worked"},
    {"POST", "/api/v1/deploy/locations", api_locations_create, HTTP_API, "add a location"},
    {"GET", "/api/v1/deploy/shifts", api_shifts_list, HTTP_API, "posted shifts (open=true: claimable ones)"},
    {"POST", "/api/v1/deploy/shifts", api_shifts_create, HTTP_API, "post a shift or a pattern of shifts"},
    {"GET", "/api/v1/deploy/shifts/{id}", api_shift_show, HTTP_API, "one shift, with its people for staff"},
    {"POST", "/api/v1/deploy/shifts/{id}/cancel", api_shift_cancel, HTTP_API, "cancel a shift"},
    {"POST", "/api/v1/deploy/shifts/{id}/claim", api_shift_claim, HTTP_API, "claim an open place (participant)"},
    {"GET", "/api/v1/deploy/plans", api_plans_list, HTTP_API, "plans (proposals and repairs)"},
    {"POST", "/api/v1/deploy/plans", api_plans_create, HTTP_API, "make a proposal (runs the roster engine)"},
    {"GET", "/api/v1/deploy/plans/{id}", api_plan_show, HTTP_API, "a plan with coverage, unfilled places and hours"},
    {"POST", "/api/v1/deploy/plans/{id}/assignments", api_plan_assign, HTTP_API, "put a person on a shift by hand"},
    {"DELETE", "/api/v1/deploy/plans/{id}/assignments/{assignment_id}", api_plan_unassign, HTTP_API,
     "take a person off a shift by hand"},
    {"POST", "/api/v1/deploy/plans/{id}/publish", api_plan_publish, HTTP_API, "publish a plan"},
    {"POST", "/api/v1/deploy/plans/{id}/discard", api_plan_discard, HTTP_API, "discard a plan"},
    {"POST", "/api/v1/deploy/assignments/{id}/cancel", api_assignment_cancel, HTTP_API,
     "cancel a published shift of a person"},
    {"PUT", "/api/v1/deploy/assignments/{id}/hours", api_assignment_hours, HTTP_API, "confirm or correct worked hours"},
    {"GET", "/api/v1/deploy/hours", api_hours, HTTP_API, "worked hours per person and organisation (JSON, CSV, XLSX)"},
    {"GET", "/api/v1/people/{id}/availability", api_availability_show, HTTP_API, "a person's availability"},
    {"PUT", "/api/v1/people/{id}/availability", api_availability_replace, HTTP_API,
     "a person's limits and preferences"},
    {"POST", "/api/v1/people/{id}/availability/windows", api_window_create, HTTP_API, "add to the weekly pattern"},
    {"DELETE", "/api/v1/people/{id}/availability/windows/{wid}", api_window_delete, HTTP_API,
     "delete from the weekly pattern"},
    {"POST", "/api/v1/people/{id}/availability/exceptions", api_exception_create, HTTP_API,
     "add days the person cannot work"},
    {"DELETE", "/api/v1/people/{id}/availability/exceptions/{eid}", api_exception_delete, HTTP_API,
     "delete an exception"},
    {"GET", "/api/v1/people/{id}/documents", api_documents_list, HTTP_API, "a person's documents (audited)"},
    {"POST", "/api/v1/people/{id}/documents", api_documents_create, HTTP_API, "record a checked document"},
    {"GET", "/api/v1/people/{id}/calendar-feed", api_feed_show, HTTP_API, "whether the person has a calendar feed"},
    {"POST", "/api/v1/people/{id}/calendar-feed", api_feed_create, HTTP_API, "a new calendar feed URL"},
    {"DELETE", "/api/v1/people/{id}/calendar-feed", api_feed_revoke, HTTP_API, "revoke the calendar feed"},
    {"GET", "/api/v1/me/shifts", api_me_shifts, HTTP_API, "my shifts and the open shifts (participant)"},
    {"GET", "/ical/{token}", ical_feed, HTTP_PUBLIC, "a personal calendar feed (token URL)"},
    {0},
};
