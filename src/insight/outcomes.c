/* insight outcomes: the pages (/cohorts/{id}/members, /members/{id},
 * /people/{id}/outcomes) and the API (/api/v1/cohorts/{id}/members,
 * /api/v1/members/{id}/events) of cohort members and outcome events. Thin:
 * the policy decides per member (POLICY_OUTCOME), outcomes_store.c does. */
#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "base/str.h"
#include "base/time.h"
#include "http/html.h"
#include "http/page.h"
#include "http/server.h"
#include "http/ui.h"
#include "insight/outcomes.h"
#include "intake/admin.h"
#include "people/model.h"
#include "people/people.h"

#define href(req, fmt, id) arena_printf((req)->arena, fmt, (long long)(id))

static const msg_id kind_labels[INSIGHT_EVENT_COUNT] = {
    MSG_OUTCOME_KIND_STARTED,  MSG_OUTCOME_KIND_PRETRACK, MSG_OUTCOME_KIND_BBL, MSG_OUTCOME_KIND_DIPLOMA,
    MSG_OUTCOME_KIND_EMPLOYED, MSG_OUTCOME_KIND_DROPPED,  MSG_OUTCOME_KIND_LEFT};
static const msg_id contract_labels[] = {MSG_OUTCOME_CONTRACT_PERMANENT, MSG_OUTCOME_CONTRACT_FIXED,
                                         MSG_OUTCOME_CONTRACT_FLEX, MSG_OUTCOME_CONTRACT_BBL,
                                         MSG_OUTCOME_CONTRACT_OTHER};
static const msg_id reason_labels[] = {
    MSG_OUTCOME_REASON_HEALTH,    MSG_OUTCOME_REASON_FINANCES,     MSG_OUTCOME_REASON_WORKLOAD,
    MSG_OUTCOME_REASON_CHILDCARE, MSG_OUTCOME_REASON_OTHER_JOB,    MSG_OUTCOME_REASON_STUDY,
    MSG_OUTCOME_REASON_NOT_SUITABLE, MSG_OUTCOME_REASON_PERSONAL, MSG_OUTCOME_REASON_MOVED,
    MSG_OUTCOME_REASON_UNKNOWN};

static const char *kind_text(http_request *req, insight_event_kind k)
{
    return k >= 0 && k < INSIGHT_EVENT_COUNT ? msg(req, kind_labels[k]) : "?";
}

static const char *list_text(http_request *req, const char *v, const char *const *names, const msg_id *labels)
{
    for (int i = 0; v && names[i]; i++)
        if (str_eq(v, names[i])) return msg(req, labels[i]);
    return v;
}

static ui_option *list_options(http_request *req, const char *const *names, const msg_id *labels, int *n)
{
    int k = 0;
    while (names[k]) k++;
    ui_option *o = arena_calloc(req->arena, (size_t)k, sizeof *o);
    for (int i = 0; o && i < k; i++) o[i] = (ui_option){names[i], msg(req, labels[i])};
    *n = o ? k : 0;
    return o;
}

static void back_link(buf *b, const char *to, const char *text)
{
    html_lit(b, "<p class=\"utrecht-paragraph\"><a class=\"utrecht-link utrecht-link--html-a\"");
    html_attr(b, "href", to);
    html_lit(b, ">");
    html_text(b, text);
    html_lit(b, "</a></p>");
}

static const char *num_text(http_request *req, int64_t n)
{
    return arena_printf(req->arena, "%lld", (long long)n);
}

static const char *member_name(http_request *req, const insight_member_row *m)
{
    return m->person_name ? m->person_name : msg(req, MSG_OUTCOME_ERASED);
}

/* ---- loading with the policy ---- */

/* Loads member {id} and checks op: 404 when it does not exist or may not be
 * read (the refusal is audited), 403 when it may be read but not changed. */
static int open_member(http_request *req, http_response *res, int64_t id, policy_op op, insight_member_row *m, bool *done)
{
    *done = true;
    int rc = id ? insight_member_load(http_db(req), req->arena, id, m) : DB_ENOTFOUND;
    if (rc == DB_ENOTFOUND) {
        http_error(req, res, 404);
        return 0;
    }
    if (rc) return api_fail(rc);
    policy_target t;
    rc = insight_member_target(req, m, &t);
    if (rc) return api_fail(rc);
    if (op == POLICY_WRITE && policy_allows(auth_current(req), POLICY_READ, &t, NULL)) {
        if (!policy_enforce(req, POLICY_WRITE, &t, "outcome")) {
            http_error(req, res, 403);
            return 0;
        }
    } else if (!policy_enforce(req, op, &t, "outcome")) {
        http_error(req, res, 404);
        return 0;
    }
    *done = false;
    return 0;
}

/* Loads cohort {id}: staff read cohorts (POLICY_PROGRAMME). */
static int open_cohort(http_request *req, http_response *res, intake_cohort *k, bool *done)
{
    *done = true;
    int64_t id = http_path_id(req, "id");
    policy_target any = {.kind = POLICY_PROGRAMME};
    if (!id || !policy_enforce(req, POLICY_READ, &any, NULL)) {
        http_error(req, res, 404);
        return 0;
    }
    int rc = intake_cohort_load(http_db(req), req->arena, id, k);
    if (rc == DB_ENOTFOUND) {
        http_error(req, res, 404);
        return 0;
    }
    if (rc) return api_fail(rc);
    *done = false;
    return 0;
}

/* May the principal add person_id (placed at org_id) to a cohort? Coordinator,
 * or a recorder of the person's own organisations (POLICY_OUTCOME write). The
 * placement asked for grants nothing: were it part of the target, anyone could
 * name their own organisation and so add (and then read) any person. A
 * placement outside the person's organisations also needs write there, since
 * it lets that organisation's staff read the member. */
static bool may_add(http_request *req, int64_t person_id, int64_t org_id, bool enforce)
{
    insight_member_row m = {.person_id = person_id};
    policy_target t;
    if (insight_member_target(req, &m, &t)) return false;
    bool linked = org_id == 0;
    for (int i = 0; !linked && i < t.norgs; i++) linked = t.orgs[i] == org_id;
    policy_target place = t;
    place.orgs = &org_id;
    place.norgs = 1;
    place.coach = false; /* coaching the person is no say over another organisation */
    if (!enforce)
        return policy_allows(auth_current(req), POLICY_WRITE, &t, NULL) &&
               (linked || policy_allows(auth_current(req), POLICY_WRITE, &place, NULL));
    return policy_enforce(req, POLICY_WRITE, &t, "outcome") &&
           (linked || policy_enforce(req, POLICY_WRITE, &place, "outcome"));
}

static bool may_read_member(http_request *req, const insight_member_row *m)
{
    policy_target t;
    if (insight_member_target(req, m, &t)) return false;
    return policy_allows(auth_current(req), POLICY_READ, &t, NULL);
}

/* A dropout's reason and an event's free text may say "health" or
 * "finances" about a named person: like support needs, they are for the
 * person's coaches, jobcoaches and the coordinator (POLICY_SUPPORT_NEED, an
 * allowed read audited); others see that the event happened. Members of
 * nobody (after an erasure) name no one. Blanks them in ev[0..n) otherwise. */
static void hide_reasons(http_request *req, const insight_member_row *m, insight_event_row *ev, int n)
{
    bool any = false;
    for (int i = 0; i < n && !any; i++) any = ev[i].reason || ev[i].note || ev[i].void_reason;
    if (!any || !m->person_id) return;
    policy_target t;
    bool see = insight_member_target(req, m, &t) == 0;
    if (see) {
        t.kind = POLICY_SUPPORT_NEED;
        t.id = t.person_id = m->person_id;
        see = policy_allows(auth_current(req), POLICY_READ, &t, NULL) &&
              policy_enforce(req, POLICY_READ, &t, "outcome.reason");
    }
    if (see) return;
    for (int i = 0; i < n; i++) ev[i].reason = ev[i].note = ev[i].void_reason = NULL;
}

/* ---- the cohort's members ---- */

typedef struct candidate {
    int64_t person_id;
    const char *name;
} candidate;

/* The cohort's applicants who are not members yet and whom the principal may
 * add (may_add), for the add form: no names of other organisations' people. */
static int candidates(http_request *req, int64_t cohort_id, candidate **out, int *n)
{
    *n = 0;
    *out = arena_calloc(req->arena, 500, sizeof **out);
    if (!*out) return DB_ENOMEM;
    db_stmt *s;
    int rc = db_prepare(http_db(req),
                        "SELECT DISTINCT p.id, p.given_name || ' ' || p.family_name FROM applications a"
                        " JOIN campaigns cp ON cp.id = a.campaign_id JOIN people p ON p.id = a.person_id"
                        " WHERE cp.cohort_id = ? AND a.erased_at IS NULL AND NOT EXISTS (SELECT 1 FROM"
                        " cohort_members m WHERE m.cohort_id = cp.cohort_id AND m.person_id = p.id)"
                        " ORDER BY p.family_name, p.given_name LIMIT 500",
                        DB_ARGS(db_int(cohort_id)), &s);
    if (rc) return rc;
    while ((rc = db_step(s)) == DB_ROW) {
        (*out)[*n].person_id = db_col_int(s, 0);
        (*out)[(*n)++].name = arena_strdup(req->arena, db_col_text(s, 1));
    }
    db_finalize(s);
    if (rc != DB_DONE) return rc;
    int kept = 0;
    for (int i = 0; i < *n; i++)
        if (may_add(req, (*out)[i].person_id, 0, false)) (*out)[kept++] = (*out)[i];
    *n = kept;
    return 0;
}

static ui_option *org_options(http_request *req, int *n)
{
    *n = 0;
    ui_option *o = arena_calloc(req->arena, 200, sizeof *o);
    db_stmt *s;
    if (!o || db_prepare(http_db(req), "SELECT id, name FROM orgs ORDER BY name LIMIT 200", DB_NOARGS, &s)) return o;
    while (db_step(s) == DB_ROW) {
        o[*n].value = arena_printf(req->arena, "%lld", (long long)db_col_int(s, 0));
        o[(*n)++].label = arena_strdup(req->arena, db_col_text(s, 1));
    }
    db_finalize(s);
    return o;
}

static void members_page(http_request *req, http_response *res, int status, const intake_cohort *k,
                         const api_errors *e, const char *person_v, const char *org_v, const char *start_v)
{
    insight_member_row *list = NULL;
    int n = 0;
    int rc = insight_member_list(http_db(req), req->arena, k->id, &list, &n);
    candidate *cands = NULL;
    int ncands = 0;
    if (!rc) rc = candidates(req, k->id, &cands, &ncands);
    if (rc) {
        http_error(req, res, 500);
        return;
    }
    const char *title = msg_fill(req, MSG_OUTCOME_MEMBERS_TITLE, k->name, NULL);
    page_begin(req, res, title);
    res->status = status;
    buf *b = &res->body;
    back_link(b, href(req, "/cohorts/%lld", k->id), k->name);
    ui_heading(b, 1, title);
    ui_paragraph(b, msg(req, MSG_OUTCOME_MEMBERS_INTRO));
    /* ?added= is a count this server wrote; anything else in it is not shown (no text from a link). */
    const char *added = http_query(req, "added");
    int64_t nadded;
    if (added && str_to_int64(added, 0, INT32_MAX, &nadded) == 0)
        page_alert(b, ALERT_OK, msg_fill(req, MSG_OUTCOME_ADDED, num_text(req, nadded), NULL));
    if (e && e->n) page_alert(b, ALERT_ERROR, msg(req, MSG_OUTCOME_ERRORS));
    int shown = 0;
    for (int i = 0; i < n; i++) shown += may_read_member(req, &list[i]);
    if (shown == 0) {
        page_empty(b, msg(req, MSG_OUTCOME_MEMBERS_EMPTY), msg(req, MSG_OUTCOME_MEMBERS_EMPTY_TEXT), NULL, NULL);
    } else {
        ui_table_begin(b, "members-caption", title, false);
        html_lit(b, "<thead class=\"utrecht-table__header\"><tr class=\"utrecht-table__row\">"
                    "<th class=\"utrecht-table__header-cell\" scope=\"col\">");
        html_text(b, msg(req, MSG_OUTCOME_PERSON));
        html_lit(b, "</th><th class=\"utrecht-table__header-cell\" scope=\"col\">");
        html_text(b, msg(req, MSG_OUTCOME_PLACEMENT));
        html_lit(b, "</th><th class=\"utrecht-table__header-cell\" scope=\"col\">");
        html_text(b, msg(req, MSG_OUTCOME_STARTED_ON));
        html_lit(b, "</th><th class=\"utrecht-table__header-cell\" scope=\"col\">");
        html_text(b, msg(req, MSG_OUTCOME_LATEST));
        html_lit(b, "</th></tr></thead><tbody class=\"utrecht-table__body\">");
        for (int i = 0; i < n; i++) {
            const insight_member_row *m = &list[i];
            if (!may_read_member(req, m)) continue;
            html_lit(b, "<tr class=\"utrecht-table__row\"><th class=\"utrecht-table__header-cell\" scope=\"row\">");
            ui_link(b, href(req, "/members/%lld", m->id), member_name(req, m));
            html_lit(b, "</th><td class=\"utrecht-table__cell\">");
            html_text(b, m->org_name ? m->org_name : "—");
            html_lit(b, "</td><td class=\"utrecht-table__cell\">");
            html_text(b, m->started_on);
            html_lit(b, "</td><td class=\"utrecht-table__cell\">");
            if (m->latest_kind) {
                html_text(b, kind_text(req, insight_outcome_kind_parse(m->latest_kind)));
                html_lit(b, " (");
                html_text(b, m->latest_on);
                html_lit(b, ")");
            }
            html_lit(b, "</td></tr>");
        }
        html_lit(b, "</tbody>");
        ui_table_end(b);
    }
    /* The forms, for whoever may add members here. */
    if (!policy_allows(auth_current(req), POLICY_WRITE, &(policy_target){.kind = POLICY_OUTCOME}, NULL) &&
        !(req->roles & (ROLE_BIT(ROLE_RECRUITER) | ROLE_BIT(ROLE_TRAINER) | ROLE_BIT(ROLE_JOBCOACH)))) {
        page_end(req, res);
        return;
    }
    const char *today = time_ams_today(req->arena);
    ui_heading(b, 2, msg(req, MSG_OUTCOME_ADD_MEMBER));
    html_lit(b, "<div class=\"instroom-panel\"><form class=\"instroom-form\" method=\"post\" novalidate");
    html_attr(b, "action", href(req, "/cohorts/%lld/members", k->id));
    html_lit(b, ">");
    page_csrf(req, b);
    ui_option *po = arena_calloc(req->arena, (size_t)(ncands ? ncands : 1), sizeof *po);
    for (int i = 0; po && i < ncands; i++)
        po[i] = (ui_option){arena_printf(req->arena, "%lld", (long long)cands[i].person_id), cands[i].name};
    ui_select(b, "f-person", "person_id", msg(req, MSG_OUTCOME_PERSON), po, ncands,
              msg(req, MSG_OUTCOME_CHOOSE_PERSON), person_v, api_errors_text(req, e, "person_id"));
    int norgs;
    ui_option *oo = org_options(req, &norgs);
    ui_select(b, "f-org", "org_id", msg(req, MSG_OUTCOME_PLACEMENT), oo, norgs, msg(req, MSG_OUTCOME_NO_ORG), org_v,
              api_errors_text(req, e, "org_id"));
    page_field(b, "f-started-on", "started_on", msg(req, MSG_OUTCOME_STARTED_ON), "date", start_v ? start_v : today,
               api_errors_text(req, e, "started_on"), NULL, NULL);
    html_lit(b, "<div class=\"instroom-form__actions\">");
    ui_submit(b, msg(req, MSG_OUTCOME_ADD_MEMBER));
    html_lit(b, "</div></form></div>");
    ui_heading(b, 2, msg(req, MSG_OUTCOME_ADD_SELECTED));
    html_lit(b, "<div class=\"instroom-panel\"><form class=\"instroom-form\" method=\"post\" novalidate");
    html_attr(b, "action", href(req, "/cohorts/%lld/members/selected", k->id));
    html_lit(b, ">");
    page_csrf(req, b);
    ui_paragraph(b, msg(req, MSG_OUTCOME_ADD_SELECTED_TEXT));
    page_field(b, "f-selected-on", "started_on", msg(req, MSG_OUTCOME_STARTED_ON), "date", today, NULL, NULL, NULL);
    html_lit(b, "<div class=\"instroom-form__actions\">");
    ui_submit(b, msg(req, MSG_OUTCOME_ADD_SELECTED));
    html_lit(b, "</div></form></div>");
    page_end(req, res);
}

static int members_show(http_request *req, http_response *res)
{
    intake_cohort k;
    bool done;
    int rc = open_cohort(req, res, &k, &done);
    if (rc || done) return rc;
    members_page(req, res, 200, &k, NULL, NULL, NULL, NULL);
    return 0;
}

static int members_add_submit(http_request *req, http_response *res)
{
    intake_cohort k;
    bool done;
    int rc = open_cohort(req, res, &k, &done);
    if (rc || done) return rc;
    const char *ps = http_form(req, "person_id"), *os = http_form(req, "org_id");
    const char *start = http_form(req, "started_on");
    api_errors e = {0};
    int64_t person = 0, org = 0;
    if (!ps || !*ps) api_errors_add(&e, "person_id", MSG_OUTCOME_ERR_REQUIRED);
    else if (str_to_int64(ps, 1, INT64_MAX, &person)) api_errors_add(&e, "person_id", MSG_OUTCOME_ERR_PERSON);
    if (os && *os && str_to_int64(os, 1, INT64_MAX, &org)) api_errors_add(&e, "org_id", MSG_OUTCOME_ERR_ORG);
    if (!e.n && !may_add(req, person, org, true)) {
        http_error(req, res, 403);
        return 0;
    }
    int64_t id = 0;
    rc = e.n ? API_EINVALID : insight_member_add(req, k.id, person, org, start, &id, &e);
    if (rc == API_EINVALID) {
        members_page(req, res, 422, &k, &e, ps, os, start);
        return 0;
    }
    return page_after_write(req, res, rc, href(req, "/cohorts/%lld/members?added=1", k.id));
}

/* Adding every selected applicant at once is the coordinator's. */
static bool enforce_bulk(http_request *req, int64_t cohort_id)
{
    policy_target t = {.kind = POLICY_OUTCOME, .id = 0};
    (void)cohort_id;
    return policy_enforce(req, POLICY_WRITE, &t, "outcome");
}

static int members_selected_submit(http_request *req, http_response *res)
{
    intake_cohort k;
    bool done;
    int rc = open_cohort(req, res, &k, &done);
    if (rc || done) return rc;
    if (!enforce_bulk(req, k.id)) {
        http_error(req, res, 403);
        return 0;
    }
    api_errors e = {0};
    int added = 0;
    rc = insight_members_add_selected(req, k.id, http_form(req, "started_on"), &added, &e);
    if (rc == API_EINVALID) {
        members_page(req, res, 422, &k, &e, NULL, NULL, http_form(req, "started_on"));
        return 0;
    }
    return page_after_write(req, res, rc, arena_printf(req->arena, "/cohorts/%lld/members?added=%d", (long long)k.id, added));
}

/* ---- one member: events, record, void ---- */

static void event_details(http_request *req, buf *b, const insight_event_row *ev)
{
    bool any = false;
    if (ev->level) {
        html_text(b, msg(req, MSG_OUTCOME_LEVEL));
        html_lit(b, " ");
        html_int(b, ev->level);
        any = true;
    }
    if (ev->contract) {
        html_text(b, list_text(req, ev->contract, insight_contracts, contract_labels));
        any = true;
    }
    if (ev->phase_name) {
        if (any) html_lit(b, "; ");
        html_text(b, ev->phase_name);
        any = true;
    }
    if (ev->reason) {
        if (any) html_lit(b, "; ");
        html_text(b, list_text(req, ev->reason, insight_reasons, reason_labels));
        any = true;
    }
    if (ev->note) {
        if (any) html_lit(b, " — ");
        html_text(b, ev->note);
    }
}

static void events_table(http_request *req, buf *b, const insight_member_row *m, const insight_event_row *ev, int n,
                         bool writer)
{
    ui_table_begin(b, "events-caption", msg(req, MSG_OUTCOME_EVENTS), false);
    html_lit(b, "<thead class=\"utrecht-table__header\"><tr class=\"utrecht-table__row\">"
                "<th class=\"utrecht-table__header-cell\" scope=\"col\">");
    html_text(b, msg(req, MSG_OUTCOME_DATE));
    html_lit(b, "</th><th class=\"utrecht-table__header-cell\" scope=\"col\">");
    html_text(b, msg(req, MSG_OUTCOME_KIND));
    html_lit(b, "</th><th class=\"utrecht-table__header-cell\" scope=\"col\">");
    html_text(b, msg(req, MSG_OUTCOME_DETAILS));
    html_lit(b, "</th><th class=\"utrecht-table__header-cell\" scope=\"col\">");
    html_text(b, msg(req, MSG_OUTCOME_STATUS));
    html_lit(b, "</th></tr></thead><tbody class=\"utrecht-table__body\">");
    for (int i = 0; i < n; i++) {
        html_lit(b, "<tr class=\"utrecht-table__row\"");
        html_attr(b, "id", arena_printf(req->arena, "event-%lld", (long long)ev[i].id));
        html_lit(b, "><td class=\"utrecht-table__cell\">");
        if (ev[i].voided_at) html_lit(b, "<del>");
        html_text(b, ev[i].on_date);
        if (ev[i].voided_at) html_lit(b, "</del>");
        html_lit(b, "</td><td class=\"utrecht-table__cell\">");
        if (ev[i].voided_at) html_lit(b, "<del>");
        html_text(b, kind_text(req, ev[i].kind));
        if (ev[i].voided_at) html_lit(b, "</del>");
        html_lit(b, "</td><td class=\"utrecht-table__cell\">");
        event_details(req, b, &ev[i]);
        html_lit(b, "</td><td class=\"utrecht-table__cell\">");
        if (ev[i].voided_at) {
            ui_status_badge(b, UI_BADGE_NEUTRAL,
                            msg_fill(req, MSG_OUTCOME_VOIDED, ui_time(req, ev[i].voided_at),
                                     ev[i].void_reason ? ev[i].void_reason : ""));
        } else {
            ui_status_badge(b, UI_BADGE_SUCCESS, msg(req, MSG_OUTCOME_VALID));
            if (writer) {
                html_lit(b, "<form class=\"instroom-inline-form\" method=\"post\"");
                html_attr(b, "action",
                          arena_printf(req->arena, "/members/%lld/events/%lld/void", (long long)m->id,
                                       (long long)ev[i].id));
                html_lit(b, ">");
                page_csrf(req, b);
                page_field(b, arena_printf(req->arena, "f-void-%lld", (long long)ev[i].id), "reason",
                           msg(req, MSG_OUTCOME_VOID_REASON), "text", NULL, NULL, NULL, NULL);
                html_lit(b, "<button type=\"submit\" class=\"utrecht-button utrecht-button--secondary-action\">");
                html_text(b, msg(req, MSG_OUTCOME_VOID));
                html_lit(b, "</button></form>");
            }
        }
        html_lit(b, "</td></tr>");
    }
    html_lit(b, "</tbody>");
    ui_table_end(b);
}

static void member_page(http_request *req, http_response *res, int status, const insight_member_row *m,
                        const api_errors *e, const insight_event_input *in)
{
    insight_event_row *ev = NULL;
    int n = 0, nphases = 0;
    int64_t *phases = NULL;
    const char **phase_names = NULL;
    int rc = insight_event_list(http_db(req), req->arena, m->id, &ev, &n);
    if (!rc) hide_reasons(req, m, ev, n);
    if (!rc) rc = insight_phase_list(http_db(req), req->arena, m->programme_id, &phases, &phase_names, &nphases);
    if (rc) {
        http_error(req, res, 500);
        return;
    }
    const char *title = msg_fill(req, MSG_OUTCOME_MEMBER_TITLE, member_name(req, m), m->cohort_name);
    page_begin(req, res, title);
    res->status = status;
    buf *b = &res->body;
    back_link(b, href(req, "/cohorts/%lld/members", m->cohort_id), msg(req, MSG_OUTCOME_BACK_TO_COHORT));
    ui_heading(b, 1, title);
    const char *ok = http_query(req, "saved");
    if (str_eq(ok, "1")) page_alert(b, ALERT_OK, msg(req, MSG_OUTCOME_SAVED));
    if (str_eq(ok, "void")) page_alert(b, ALERT_OK, msg(req, MSG_OUTCOME_VOIDED_OK));
    if (e && e->n) {
        page_alert(b, ALERT_ERROR, msg(req, MSG_OUTCOME_ERRORS));
        const char *ev_err = api_errors_text(req, e, "event");
        if (ev_err) page_alert(b, ALERT_ERROR, ev_err);
        const char *r_err = api_errors_text(req, e, "reason");
        if (r_err && !in) page_alert(b, ALERT_ERROR, r_err);
    }
    html_lit(b, "<div class=\"instroom-panel\">");
    ui_data_begin(b);
    if (m->person_id) ui_data_row_link(b, msg(req, MSG_OUTCOME_PERSON), href(req, "/people/%lld", m->person_id), member_name(req, m));
    else ui_data_row(b, msg(req, MSG_OUTCOME_PERSON), member_name(req, m));
    ui_data_row(b, msg(req, MSG_OUTCOME_COHORT), m->cohort_name);
    ui_data_row(b, msg(req, MSG_OUTCOME_PLACEMENT), m->org_name);
    ui_data_row(b, msg(req, MSG_OUTCOME_STARTED_ON), m->started_on);
    ui_data_end(b);
    html_lit(b, "</div>");
    policy_target t;
    bool writer = !insight_member_target(req, m, &t) && policy_allows(auth_current(req), POLICY_WRITE, &t, NULL);
    ui_heading(b, 2, msg(req, MSG_OUTCOME_EVENTS));
    events_table(req, b, m, ev, n, writer);
    if (writer) {
        ui_heading(b, 2, msg(req, MSG_OUTCOME_RECORD));
        html_lit(b, "<div class=\"instroom-panel\"><form class=\"instroom-form\" method=\"post\" novalidate");
        html_attr(b, "action", href(req, "/members/%lld/events", m->id));
        html_lit(b, ">");
        page_csrf(req, b);
        ui_paragraph(b, msg(req, MSG_OUTCOME_RECORD_HINT));
        ui_option ko[INSIGHT_EVENT_COUNT];
        for (int i = 0; i < INSIGHT_EVENT_COUNT; i++)
            ko[i] = (ui_option){insight_outcome_kind_name((insight_event_kind)i), kind_text(req, (insight_event_kind)i)};
        ui_select(b, "f-kind", "kind", msg(req, MSG_OUTCOME_KIND), ko, INSIGHT_EVENT_COUNT, "", in ? in->kind : NULL,
                  api_errors_text(req, e, "kind"));
        page_field(b, "f-on-date", "on_date", msg(req, MSG_OUTCOME_DATE), "date",
                   in ? in->on_date : time_ams_today(req->arena), api_errors_text(req, e, "on_date"), NULL, NULL);
        page_field(b, "f-level", "level", msg(req, MSG_OUTCOME_LEVEL), "text", in ? in->level : NULL,
                   api_errors_text(req, e, "level"), NULL, NULL);
        int nc, nr;
        ui_option *co = list_options(req, insight_contracts, contract_labels, &nc);
        ui_select(b, "f-contract", "contract", msg(req, MSG_OUTCOME_CONTRACT), co, nc, "", in ? in->contract : NULL,
                  api_errors_text(req, e, "contract"));
        ui_option *pho = arena_calloc(req->arena, (size_t)(nphases ? nphases : 1), sizeof *pho);
        for (int i = 0; pho && i < nphases; i++)
            pho[i] = (ui_option){arena_printf(req->arena, "%lld", (long long)phases[i]), phase_names[i]};
        ui_select(b, "f-phase", "phase_id", msg(req, MSG_OUTCOME_PHASE), pho, nphases, "", in ? in->phase_id : NULL,
                  api_errors_text(req, e, "phase_id"));
        ui_option *ro = list_options(req, insight_reasons, reason_labels, &nr);
        ui_select(b, "f-reason", "reason", msg(req, MSG_OUTCOME_REASON), ro, nr, "", in ? in->reason : NULL,
                  api_errors_text(req, e, "reason"));
        page_field(b, "f-note", "note", msg(req, MSG_OUTCOME_NOTE), "textarea", in ? in->note : NULL,
                   api_errors_text(req, e, "note"), msg(req, MSG_OUTCOME_NOTE_HINT), NULL);
        html_lit(b, "<div class=\"instroom-form__actions\">");
        ui_submit(b, msg(req, MSG_OUTCOME_RECORD));
        html_lit(b, "</div></form></div>");
    }
    page_end(req, res);
}

static int member_show(http_request *req, http_response *res)
{
    insight_member_row m;
    bool done;
    int rc = open_member(req, res, http_path_id(req, "id"), POLICY_READ, &m, &done);
    if (rc || done) return rc;
    member_page(req, res, 200, &m, NULL, NULL);
    return 0;
}

static void event_from_form(http_request *req, insight_event_input *in)
{
    *in = (insight_event_input){.kind = http_form(req, "kind"),
                                .on_date = http_form(req, "on_date"),
                                .level = http_form(req, "level"),
                                .contract = http_form(req, "contract"),
                                .phase_id = http_form(req, "phase_id"),
                                .reason = http_form(req, "reason"),
                                .note = http_form(req, "note")};
}

static int event_submit(http_request *req, http_response *res)
{
    insight_member_row m;
    bool done;
    int rc = open_member(req, res, http_path_id(req, "id"), POLICY_WRITE, &m, &done);
    if (rc || done) return rc;
    insight_event_input in;
    event_from_form(req, &in);
    api_errors e = {0};
    int64_t id = 0;
    rc = insight_event_record(req, &m, &in, &id, &e);
    if (rc == API_EINVALID) {
        member_page(req, res, 422, &m, &e, &in);
        return 0;
    }
    return page_after_write(req, res, rc, href(req, "/members/%lld?saved=1", m.id));
}

static int void_submit(http_request *req, http_response *res)
{
    insight_member_row m;
    bool done;
    int rc = open_member(req, res, http_path_id(req, "id"), POLICY_WRITE, &m, &done);
    if (rc || done) return rc;
    api_errors e = {0};
    rc = insight_event_void(req, &m, http_path_id(req, "event_id"), http_form(req, "reason"), &e);
    if (rc == API_EINVALID) {
        member_page(req, res, 422, &m, &e, NULL);
        return 0;
    }
    return page_after_write(req, res, rc, href(req, "/members/%lld?saved=void", m.id));
}

/* ---- a person's outcomes ---- */

static int person_outcomes_show(http_request *req, http_response *res)
{
    int64_t id = http_path_id(req, "id");
    people_person p;
    int rc = id ? people_get(http_db(req), req->arena, id, &p) : DB_ENOTFOUND;
    if (rc == DB_ENOTFOUND) {
        http_error(req, res, 404);
        return 0;
    }
    if (rc) return api_fail(rc);
    policy_target pt = people_target(req->arena, &p, POLICY_PERSON);
    if (!policy_enforce(req, POLICY_READ, &pt, NULL)) {
        http_error(req, res, 404);
        return 0;
    }
    insight_member_row *list;
    int n;
    rc = insight_person_members(http_db(req), req->arena, p.id, &list, &n);
    if (rc) return api_fail(rc);
    const char *name = people_full_name(req->arena, p.given_name, p.family_name);
    const char *title = msg_fill(req, MSG_OUTCOME_PERSON_TITLE, name, NULL);
    page_begin(req, res, title);
    buf *b = &res->body;
    back_link(b, href(req, "/people/%lld", p.id), name);
    ui_heading(b, 1, title);
    int shown = 0;
    for (int i = 0; i < n; i++) {
        policy_target t;
        rc = insight_member_target(req, &list[i], &t);
        if (rc) return api_fail(rc);
        if (!policy_enforce(req, POLICY_READ, &t, "outcome")) continue;
        insight_event_row *ev;
        int nev;
        rc = insight_event_list(http_db(req), req->arena, list[i].id, &ev, &nev);
        if (rc) return api_fail(rc);
        hide_reasons(req, &list[i], ev, nev);
        html_lit(b, "<h2 class=\"utrecht-heading-2\">");
        ui_link(b, href(req, "/members/%lld", list[i].id), list[i].cohort_name);
        html_lit(b, "</h2>");
        events_table(req, b, &list[i], ev, nev, false);
        shown++;
    }
    if (!shown) page_empty(b, msg(req, MSG_OUTCOME_PERSON_EMPTY), msg(req, MSG_OUTCOME_PERSON_EMPTY_TEXT), NULL, NULL);
    page_end(req, res);
    return 0;
}

/* ---- API ---- */

static json_t *member_json(const insight_member_row *m)
{
    return json_pack("{s:I, s:I, s:o, s:o, s:o, s:s, s:o, s:o, s:o}", "id", (json_int_t)m->id, "cohort_id",
                     (json_int_t)m->cohort_id, "person_id", api_id(m->person_id), "person_name",
                     api_string(m->person_name), "org_id", api_id(m->org_id), "started_on", m->started_on,
                     "latest_kind", api_string(m->latest_kind), "latest_on", api_string(m->latest_on), "created_at",
                     api_time(m->created_at));
}

static json_t *event_json(const insight_event_row *ev)
{
    return json_pack("{s:I, s:I, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "id", (json_int_t)ev->id,
                     "member_id", (json_int_t)ev->member_id, "kind", insight_outcome_kind_name(ev->kind), "on_date",
                     ev->on_date, "level", ev->level ? json_integer(ev->level) : json_null(), "contract",
                     api_string(ev->contract), "phase_id", api_id(ev->phase_id), "reason", api_string(ev->reason),
                     "note", api_string(ev->note), "created_at", api_time(ev->created_at), "voided_at",
                     api_time(ev->voided_at), "voided_by", api_id(ev->voided_by), "void_reason",
                     api_string(ev->void_reason));
}

static int api_cohort_open(http_request *req, http_response *res, intake_cohort *k)
{
    int64_t id = http_path_id(req, "id");
    policy_target any = {.kind = POLICY_PROGRAMME};
    if (!policy_enforce(req, POLICY_READ, &any, NULL)) {
        http_problem(req, res, 403, "cohorts are for staff", NULL, NULL);
        return 1;
    }
    int rc = id ? intake_cohort_load(http_db(req), req->arena, id, k) : DB_ENOTFOUND;
    if (rc == DB_ENOTFOUND) {
        http_problem(req, res, 404, "no such cohort", NULL, NULL);
        return 1;
    }
    return rc ? api_fail(rc) : 0;
}

static int api_members_list(http_request *req, http_response *res)
{
    intake_cohort k;
    int rc = api_cohort_open(req, res, &k);
    if (rc) return rc > 0 ? 0 : rc;
    insight_member_row *list;
    int n;
    rc = insight_member_list(http_db(req), req->arena, k.id, &list, &n);
    if (rc) return api_fail(rc);
    json_t *items = json_array();
    for (int i = 0; i < n; i++)
        if (may_read_member(req, &list[i])) json_array_append_new(items, member_json(&list[i]));
    return api_reply(req, res, 200, json_pack("{s:I, s:o}", "cohort_id", (json_int_t)k.id, "items", items));
}

static int api_members_create(http_request *req, http_response *res)
{
    intake_cohort k;
    int rc = api_cohort_open(req, res, &k);
    if (rc) return rc > 0 ? 0 : rc;
    json_t *body;
    if (api_read_json(req, res, &body) != 0) return 0;
    api_errors e = {0};
    static const char *const known[] = {"person_id", "org_id", "started_on", "from", NULL};
    api_reject_unknown(body, known, &e);
    int64_t person = 0, org = 0;
    const char *start = NULL, *from = NULL;
    api_get_id(body, "person_id", &person, &e);
    api_get_id(body, "org_id", &org, &e);
    api_get_string(body, "started_on", &start, &e);
    api_get_string(body, "from", &from, &e);
    if (from && !str_eq(from, "selected")) api_errors_add(&e, "from", MSG_OUTCOME_ERR_CHOICE);
    if (from && person) api_errors_add(&e, "person_id", MSG_OUTCOME_ERR_NOT_FOR_KIND);
    if (!from && !person && !api_errors_has(&e, "person_id", NULL))
        api_errors_add(&e, "person_id", MSG_OUTCOME_ERR_REQUIRED);
    start = start ? arena_strdup(req->arena, start) : NULL;
    bool bulk = from != NULL;
    if (e.n) {
        api_problem_errors(req, res, 422, "the member is not right: see errors", &e);
        json_decref(body);
        return 0;
    }
    json_decref(body);
    if (bulk ? !enforce_bulk(req, k.id) : !may_add(req, person, org, true)) {
        http_problem(req, res, 403, "you may not add this person to a cohort", NULL, NULL);
        return 0;
    }
    if (bulk) {
        int added = 0;
        rc = insight_members_add_selected(req, k.id, start, &added, &e);
        if (rc == API_EINVALID) {
            api_problem_errors(req, res, 422, "the start is not right: see errors", &e);
            return 0;
        }
        if (rc) return api_fail(rc);
        return api_reply(req, res, 201, json_pack("{s:I, s:i}", "cohort_id", (json_int_t)k.id, "added", added));
    }
    int64_t id = 0;
    rc = insight_member_add(req, k.id, person, org, start, &id, &e);
    if (rc == API_EINVALID) {
        api_problem_errors(req, res, 422, "the member is not right: see errors", &e);
        return 0;
    }
    if (rc) return api_fail(rc);
    insight_member_row m;
    rc = insight_member_load(http_db(req), req->arena, id, &m);
    if (rc) return api_fail(rc);
    return api_reply(req, res, 201, member_json(&m));
}

static int api_member_open(http_request *req, http_response *res, policy_op op, insight_member_row *m)
{
    int64_t id = http_path_id(req, "id");
    int rc = id ? insight_member_load(http_db(req), req->arena, id, m) : DB_ENOTFOUND;
    if (rc == DB_ENOTFOUND) {
        http_problem(req, res, 404, "no such member", NULL, NULL);
        return 1;
    }
    if (rc) return api_fail(rc);
    policy_target t;
    rc = insight_member_target(req, m, &t);
    if (rc) return api_fail(rc);
    bool reader = policy_allows(auth_current(req), POLICY_READ, &t, NULL);
    if (!policy_enforce(req, op, &t, "outcome")) {
        if (reader) http_problem(req, res, 403, "you may read these outcomes but not change them", NULL, NULL);
        else http_problem(req, res, 404, "no such member", NULL, NULL);
        return 1;
    }
    return 0;
}

static int api_events_list(http_request *req, http_response *res)
{
    insight_member_row m;
    int rc = api_member_open(req, res, POLICY_READ, &m);
    if (rc) return rc > 0 ? 0 : rc;
    insight_event_row *ev;
    int n;
    rc = insight_event_list(http_db(req), req->arena, m.id, &ev, &n);
    if (rc) return api_fail(rc);
    hide_reasons(req, &m, ev, n);
    json_t *items = json_array();
    for (int i = 0; i < n; i++) json_array_append_new(items, event_json(&ev[i]));
    return api_reply(req, res, 200, json_pack("{s:o, s:o}", "member", member_json(&m), "items", items));
}

/* A JSON member as text: strings as they are, integers written out. */
static const char *json_text(http_request *req, const json_t *body, const char *key, api_errors *e)
{
    json_t *v = json_object_get(body, key);
    if (!v || json_is_null(v)) return NULL;
    if (json_is_string(v)) return arena_strdup(req->arena, json_string_value(v));
    if (json_is_integer(v)) return arena_printf(req->arena, "%lld", (long long)json_integer_value(v));
    api_errors_add(e, key, MSG_OUTCOME_ERR_CHOICE);
    return NULL;
}

static int api_events_create(http_request *req, http_response *res)
{
    insight_member_row m;
    int rc = api_member_open(req, res, POLICY_WRITE, &m);
    if (rc) return rc > 0 ? 0 : rc;
    json_t *body;
    if (api_read_json(req, res, &body) != 0) return 0;
    api_errors e = {0};
    static const char *const known[] = {"kind", "on_date", "level", "contract", "phase_id", "reason", "note", NULL};
    api_reject_unknown(body, known, &e);
    insight_event_input in = {.kind = json_text(req, body, "kind", &e),
                              .on_date = json_text(req, body, "on_date", &e),
                              .level = json_text(req, body, "level", &e),
                              .contract = json_text(req, body, "contract", &e),
                              .phase_id = json_text(req, body, "phase_id", &e),
                              .reason = json_text(req, body, "reason", &e),
                              .note = json_text(req, body, "note", &e)};
    int64_t id = 0;
    rc = e.n ? API_EINVALID : insight_event_record(req, &m, &in, &id, &e);
    if (rc == API_EINVALID) api_problem_errors(req, res, 422, "the outcome is not right: see errors", &e);
    json_decref(body);
    if (rc == API_EINVALID) return 0;
    if (rc) return api_fail(rc);
    insight_event_row ev;
    rc = insight_event_load(http_db(req), req->arena, id, &ev);
    if (rc) return api_fail(rc);
    return api_reply(req, res, 201, event_json(&ev));
}

static int api_event_void(http_request *req, http_response *res)
{
    insight_member_row m;
    int rc = api_member_open(req, res, POLICY_WRITE, &m);
    if (rc) return rc > 0 ? 0 : rc;
    json_t *body;
    if (api_read_json(req, res, &body) != 0) return 0;
    api_errors e = {0};
    static const char *const known[] = {"reason", NULL};
    api_reject_unknown(body, known, &e);
    const char *reason = NULL;
    api_get_string(body, "reason", &reason, &e);
    reason = reason ? arena_strdup(req->arena, reason) : NULL;
    int64_t event_id = http_path_id(req, "event_id");
    rc = e.n ? API_EINVALID : insight_event_void(req, &m, event_id, reason, &e);
    if (rc == API_EINVALID) api_problem_errors(req, res, 422, "the void is not right: see errors", &e);
    json_decref(body);
    if (rc == API_EINVALID) return 0;
    if (rc == DB_ENOTFOUND) {
        http_problem(req, res, 404, "no such outcome of this member", NULL, NULL);
        return 0;
    }
    if (rc) return api_fail(rc);
    insight_event_row ev;
    rc = insight_event_load(http_db(req), req->arena, event_id, &ev);
    if (rc) return api_fail(rc);
    return api_reply(req, res, 200, event_json(&ev));
}

const http_route insight_outcome_routes[] = {
    {"GET", "/cohorts/{id}/members", members_show, 0, "outcomes: a cohort's members"},
    {"POST", "/cohorts/{id}/members", members_add_submit, 0, "outcomes: add a member"},
    {"POST", "/cohorts/{id}/members/selected", members_selected_submit, 0, "outcomes: add the selected applicants"},
    {"GET", "/members/{id}", member_show, 0, "outcomes: one member's events"},
    {"POST", "/members/{id}/events", event_submit, 0, "outcomes: record an event"},
    {"POST", "/members/{id}/events/{event_id}/void", void_submit, 0, "outcomes: void an event"},
    {"GET", "/people/{id}/outcomes", person_outcomes_show, 0, "outcomes: a person's outcomes"},
    {0},
};

const http_route insight_outcome_api_routes[] = {
    {"GET", "/api/v1/cohorts/{id}/members", api_members_list, HTTP_API, "a cohort's members"},
    {"POST", "/api/v1/cohorts/{id}/members", api_members_create, HTTP_API, "add a member, or the selected applicants"},
    {"GET", "/api/v1/members/{id}/events", api_events_list, HTTP_API, "a member's outcome events"},
    {"POST", "/api/v1/members/{id}/events", api_events_create, HTTP_API, "record an outcome event"},
    {"POST", "/api/v1/members/{id}/events/{event_id}/void", api_event_void, HTTP_API, "void an outcome event"},
    {0},
};
