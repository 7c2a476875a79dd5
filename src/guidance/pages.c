/* guidance pages: /guidance (the caseload of a coach: their people with
 * signals, most urgent first), /people/{id}/guidance (a person's coaches,
 * coaching plan, contact moments, check-ins, support needs and signals, each
 * section only when the policy allows it, with its forms), and the
 * participant's /me/checkin. Thin: the policy decides (access.h), store.c
 * does; every read of notes, check-ins and support needs is audited. */
#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "auth/policy.h"
#include "base/str.h"
#include "base/time.h"
#include "guidance/access.h"
#include "guidance/guidance.h"
#include "guidance/store.h"
#include "http/html.h"
#include "http/i18n.h"
#include "http/page.h"
#include "http/server.h"
#include "http/ui.h"

#define href(req, fmt, id) arena_printf((req)->arena, fmt, (long long)(id))

static void thead_begin(buf *b)
{
    html_lit(b, "<thead class=\"utrecht-table__header\"><tr class=\"utrecht-table__row\">");
}

static void thead_end(buf *b)
{
    html_lit(b, "</tr></thead><tbody class=\"utrecht-table__body\">");
}

static void form_begin(http_request *req, buf *b, const char *action)
{
    html_lit(b, "<form class=\"instroom-form\" method=\"post\" novalidate");
    html_attr(b, "action", action);
    html_lit(b, ">");
    page_csrf(req, b);
}

static void form_end(buf *b, const char *label)
{
    html_lit(b, "<div class=\"instroom-form__actions\">");
    ui_submit(b, label);
    html_lit(b, "</div></form>");
}

/* The value of a field to show: what was posted when this form failed, else dflt. */
static const char *val(http_request *req, bool failed, const char *name, const char *dflt)
{
    return failed ? http_form(req, name) : dflt;
}

static const char *err(http_request *req, bool failed, const api_errors *e, const char *field)
{
    return failed ? api_errors_text(req, e, field) : NULL;
}

/* An id form field: 0 when empty, -1 when it is not a positive number. */
static int64_t form_id(http_request *req, const char *name)
{
    const char *v = http_form(req, name);
    if (!v || !*v) return 0;
    int64_t id;
    return str_to_int64(v, 1, INT64_MAX, &id) == 0 ? id : -1;
}

static void signals_list(http_request *req, buf *b, const guidance_signal *s, int n)
{
    if (!n) {
        ui_status_badge(b, UI_BADGE_SUCCESS, msg(req, MSG_GUIDANCE_NO_SIGNALS));
        return;
    }
    html_lit(b, "<ul class=\"utrecht-unordered-list instroom-signals\">");
    for (int i = 0; i < n; i++) {
        html_lit(b, "<li class=\"utrecht-unordered-list__item\"");
        html_attr(b, "data-reason", s[i].reason);
        html_lit(b, ">");
        ui_status_badge(b, s[i].severity == GUIDANCE_URGENT ? UI_BADGE_DANGER : UI_BADGE_WARNING,
                        msg(req, s[i].severity == GUIDANCE_URGENT ? MSG_GUIDANCE_URGENT : MSG_GUIDANCE_WARNING));
        html_lit(b, " ");
        html_text(b, guidance_signal_text(req, &s[i]));
        html_lit(b, "</li>");
    }
    html_lit(b, "</ul>");
}

/* "jobcoach,mentor" as "Jobcoach, Mentor". */
static const char *kinds_text(http_request *req, const char *kinds)
{
    buf t;
    buf_init(&t, 4096);
    const char *p = kinds ? kinds : "";
    while (*p) {
        const char *e = strchr(p, ',');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        char *k = arena_strndup(req->arena, p, n);
        if (t.len) buf_puts(&t, ", ");
        buf_puts(&t, guidance_kind_text(req, k));
        p += n + (e ? 1 : 0);
    }
    const char *s = arena_strdup(req->arena, buf_cstr(&t));
    buf_free(&t);
    return s ? s : "";
}

/* ---- The caseload ---- */

static int caseload_show(http_request *req, http_response *res)
{
    const auth_principal *p = auth_current(req);
    if (!p || !(p->roles & ROLES_STAFF)) {
        http_error(req, res, 403);
        return 0;
    }
    bool all = (p->roles & ROLE_BIT(ROLE_COORDINATOR)) != 0;
    guidance_case *list;
    int n;
    int rc = guidance_caseload(http_db(req), req->arena, p->user_id, all, time_ams_today(req->arena), &list, &n);
    if (rc) return api_fail(rc);
    const char *title = msg(req, all ? MSG_GUIDANCE_CASELOAD_ALL_TITLE : MSG_GUIDANCE_CASELOAD_TITLE);
    page_begin(req, res, title);
    buf *b = &res->body;
    ui_heading(b, 1, title);
    html_lit(b, "<p class=\"utrecht-paragraph instroom-page-intro\">");
    html_text(b, msg(req, MSG_GUIDANCE_CASELOAD_INTRO));
    html_lit(b, "</p>");
    int shown = 0;
    for (int i = 0; i < n; i++) {
        policy_target t;
        rc = guidance_target(req, POLICY_GUIDANCE_NOTE, list[i].person_id, &t);
        if (rc) return api_fail(rc);
        /* Signals come from notes, check-ins and needs: each person's read is audited. */
        if (!policy_enforce(req, POLICY_READ, &t, "person.signals")) continue;
        if (!shown++) {
            ui_table_begin(b, "caseload-caption", title, false);
            thead_begin(b);
            ui_th(b, msg(req, MSG_GUIDANCE_COL_NAME));
            ui_th(b, msg(req, MSG_GUIDANCE_COL_ROLES));
            ui_th(b, msg(req, MSG_GUIDANCE_COL_SIGNALS));
            ui_th(b, msg(req, MSG_GUIDANCE_COL_LAST_CHECKIN));
            thead_end(b);
        }
        html_lit(b, "<tr class=\"utrecht-table__row\"");
        html_attr(b, "data-person", arena_printf(req->arena, "%lld", (long long)list[i].person_id));
        html_lit(b, "><td class=\"utrecht-table__cell\">");
        ui_link(b, href(req, "/people/%lld/guidance", list[i].person_id), list[i].name);
        html_lit(b, "</td>");
        ui_td(b, kinds_text(req, list[i].kinds));
        html_lit(b, "<td class=\"utrecht-table__cell\">");
        signals_list(req, b, list[i].signals, list[i].nsignals);
        html_lit(b, "</td>");
        ui_td(b, list[i].last_checkin_at ? ui_time(req, list[i].last_checkin_at) : msg(req, MSG_GUIDANCE_NEVER));
        html_lit(b, "</tr>");
    }
    if (shown) {
        html_lit(b, "</tbody>");
        ui_table_end(b);
    } else {
        page_empty(b, msg(req, MSG_GUIDANCE_CASELOAD_EMPTY), msg(req, MSG_GUIDANCE_CASELOAD_EMPTY_TEXT), NULL, NULL);
    }
    page_end(req, res);
    return 0;
}

/* ---- A person's guidance page ---- */

/* What went wrong in which form, to show it again with the posted values. */
typedef struct page_state {
    const char *form;      /* "coach", "contact", "checkin", "need", "need-<id>", "plan", "end-<id>" or NULL */
    const api_errors *e;
} page_state;

static bool failed(const page_state *st, const char *form)
{
    return st && st->form && str_eq(st->form, form);
}

static ui_option *options_of(http_request *req, const char *const *keys, const char *(*text)(http_request *, const char *),
                             int n)
{
    ui_option *o = arena_calloc(req->arena, (size_t)n, sizeof *o);
    for (int i = 0; o && i < n; i++) o[i] = (ui_option){keys[i], text(req, keys[i])};
    return o;
}

static const char *const coach_kinds[] = {"werkcoach", "jobcoach", "mentor", "buddy", "vitality", "digi"};
static const char *const channels[] = {"meeting", "phone", "video", "message", "workplace"};
static const char *const need_kinds[] = {"debts", "childcare", "transport", "language", "housing", "health"};
static const char *const statuses[] = {"open", "referred", "in_progress", "resolved", "closed"};

static const char *plain(http_request *req, const char *s)
{
    (void)req;
    return s;
}

static void section_coaches(http_request *req, buf *b, int64_t person, const guidance_link *links, int n, bool write,
                            const page_state *st)
{
    ui_heading(b, 2, msg(req, MSG_GUIDANCE_COACHES));
    if (!n) page_empty(b, msg(req, MSG_GUIDANCE_COACHES_EMPTY), msg(req, MSG_GUIDANCE_COACHES_EMPTY_TEXT), NULL, NULL);
    else {
        ui_table_begin(b, "coaches-caption", msg(req, MSG_GUIDANCE_COACHES), false);
        thead_begin(b);
        ui_th(b, msg(req, MSG_GUIDANCE_FIELD_COACH));
        ui_th(b, msg(req, MSG_GUIDANCE_FIELD_KIND));
        ui_th(b, msg(req, MSG_GUIDANCE_FIELD_STARTED));
        ui_th(b, msg(req, MSG_GUIDANCE_FIELD_ENDED));
        ui_th(b, msg(req, MSG_GUIDANCE_FIELD_STATE));
        thead_end(b);
        for (int i = 0; i < n; i++) {
            html_lit(b, "<tr class=\"utrecht-table__row\">");
            ui_td(b, links[i].coach_name);
            ui_td(b, guidance_kind_text(req, links[i].kind));
            ui_td(b, links[i].started_on);
            ui_td(b, links[i].ended_on ? links[i].ended_on : "–");
            html_lit(b, "<td class=\"utrecht-table__cell\">");
            ui_status_badge(b, links[i].active ? UI_BADGE_SUCCESS : UI_BADGE_NEUTRAL,
                            msg(req, links[i].active ? MSG_GUIDANCE_ACTIVE : MSG_GUIDANCE_ENDED));
            const char *end_form = arena_printf(req->arena, "end-%lld", (long long)links[i].id);
            if (write && links[i].active && !links[i].ended_on) {
                form_begin(req, b, arena_printf(req->arena, "/people/%lld/guidance/coaches/%lld/end", (long long)person,
                                                (long long)links[i].id));
                html_lit(b, "<input type=\"hidden\" name=\"ended_on\"");
                html_attr(b, "value", time_ams_today(req->arena));
                html_lit(b, ">");
                if (failed(st, end_form)) page_alert(b, ALERT_ERROR, api_errors_text(req, st->e, "ended_on"));
                html_lit(b, "<button class=\"utrecht-button utrecht-button--secondary-action\" type=\"submit\">");
                html_text(b, msg(req, MSG_GUIDANCE_END_LINK));
                html_lit(b, "</button></form>");
            }
            html_lit(b, "</td></tr>");
        }
        html_lit(b, "</tbody>");
        ui_table_end(b);
    }
    if (!write) return;
    bool f = failed(st, "coach");
    const api_errors *e = st ? st->e : NULL;
    guidance_choice *coaches;
    int nc = 0;
    if (guidance_coach_choices(http_db(req), req->arena, &coaches, &nc) != 0) nc = 0;
    ui_option *opts = arena_calloc(req->arena, (size_t)(nc ? nc : 1), sizeof *opts);
    for (int i = 0; opts && i < nc; i++)
        opts[i] = (ui_option){arena_printf(req->arena, "%lld", (long long)coaches[i].id), coaches[i].label};
    html_lit(b, "<details class=\"instroom-panel\"");
    if (f) html_lit(b, " open");
    html_lit(b, "><summary>");
    html_text(b, msg(req, MSG_GUIDANCE_ADD_COACH));
    html_lit(b, "</summary>");
    form_begin(req, b, href(req, "/people/%lld/guidance/coaches", person));
    ui_select(b, "c-coach", "coach_id", msg(req, MSG_GUIDANCE_FIELD_COACH), opts, nc, msg(req, MSG_GUIDANCE_CHOOSE),
              val(req, f, "coach_id", NULL), err(req, f, e, "coach_id"));
    ui_select(b, "c-kind", "kind", msg(req, MSG_GUIDANCE_FIELD_KIND), options_of(req, coach_kinds, guidance_kind_text, 6),
              6, msg(req, MSG_GUIDANCE_CHOOSE), val(req, f, "kind", NULL), err(req, f, e, "kind"));
    page_field(b, "c-started", "started_on", msg(req, MSG_GUIDANCE_FIELD_STARTED), "date",
               val(req, f, "started_on", time_ams_today(req->arena)), err(req, f, e, "started_on"), NULL, NULL);
    page_field(b, "c-ended", "ended_on", msg(req, MSG_GUIDANCE_FIELD_ENDED), "date", val(req, f, "ended_on", NULL),
               err(req, f, e, "ended_on"), msg(req, MSG_GUIDANCE_FIELD_ENDED_HINT), NULL);
    form_end(b, msg(req, MSG_GUIDANCE_ADD_COACH));
    html_lit(b, "</details>");
}

static void section_plan(http_request *req, buf *b, int64_t person, const guidance_moment *m, int n,
                         const guidance_link *links, int nlinks, bool write, const page_state *st)
{
    ui_heading(b, 2, msg(req, MSG_GUIDANCE_PLAN));
    html_lit(b, "<p class=\"utrecht-paragraph\">");
    html_text(b, msg(req, MSG_GUIDANCE_PLAN_INTRO));
    html_lit(b, "</p>");
    const char *today = time_ams_today(req->arena);
    if (!n) page_empty(b, msg(req, MSG_GUIDANCE_PLAN_EMPTY), msg(req, MSG_GUIDANCE_PLAN_EMPTY_TEXT), NULL, NULL);
    else {
        ui_table_begin(b, "plan-caption", msg(req, MSG_GUIDANCE_PLAN), false);
        thead_begin(b);
        ui_th(b, msg(req, MSG_GUIDANCE_FIELD_DUE));
        ui_th(b, msg(req, MSG_GUIDANCE_FIELD_TOPIC));
        ui_th(b, msg(req, MSG_GUIDANCE_FIELD_COACH));
        ui_th(b, msg(req, MSG_GUIDANCE_FIELD_STATE));
        thead_end(b);
        for (int i = 0; i < n; i++) {
            html_lit(b, "<tr class=\"utrecht-table__row\">");
            ui_td(b, m[i].due_on);
            ui_td(b, guidance_topic_text(req, m[i].topic));
            ui_td(b, m[i].coach_name ? m[i].coach_name : "–");
            html_lit(b, "<td class=\"utrecht-table__cell\">");
            bool done = m[i].done_contact_id != 0, late = !done && strcmp(m[i].due_on, today) < 0;
            ui_status_badge(b, done ? UI_BADGE_SUCCESS : late ? UI_BADGE_WARNING : UI_BADGE_NEUTRAL,
                            msg(req, done ? MSG_GUIDANCE_DONE : late ? MSG_GUIDANCE_LATE : MSG_GUIDANCE_PLANNED));
            html_lit(b, "</td></tr>");
        }
        html_lit(b, "</tbody>");
        ui_table_end(b);
    }
    if (!write) return;
    bool f = failed(st, "plan");
    const api_errors *e = st ? st->e : NULL;
    ui_option *opts = arena_calloc(req->arena, (size_t)(nlinks ? nlinks : 1), sizeof *opts);
    int no = 0;
    for (int i = 0; opts && i < nlinks; i++)
        if (links[i].active)
            opts[no++] = (ui_option){arena_printf(req->arena, "%lld", (long long)links[i].coach_id),
                                     arena_printf(req->arena, "%s (%s)", links[i].coach_name,
                                                  guidance_kind_text(req, links[i].kind))};
    html_lit(b, "<details class=\"instroom-panel\"");
    if (f) html_lit(b, " open");
    html_lit(b, "><summary>");
    html_text(b, msg(req, MSG_GUIDANCE_PLAN_MAKE));
    html_lit(b, "</summary>");
    form_begin(req, b, href(req, "/people/%lld/guidance/plan", person));
    page_field(b, "p-entered", "entered_on", msg(req, MSG_GUIDANCE_FIELD_ENTERED_BBL), "date",
               val(req, f, "entered_on", NULL), err(req, f, e, "entered_on"), NULL, NULL);
    ui_select(b, "p-coach", "coach_id", msg(req, MSG_GUIDANCE_FIELD_COACH), opts, no, msg(req, MSG_GUIDANCE_CHOOSE),
              val(req, f, "coach_id", NULL), err(req, f, e, "coach_id"));
    form_end(b, msg(req, MSG_GUIDANCE_PLAN_MAKE));
    html_lit(b, "</details>");
}

static void section_contacts(http_request *req, buf *b, int64_t person, const guidance_contact *k, int n,
                             const guidance_moment *m, int nm, bool write, const page_state *st)
{
    ui_heading(b, 2, msg(req, MSG_GUIDANCE_CONTACTS));
    if (write) {
        bool f = failed(st, "contact");
        const api_errors *e = st ? st->e : NULL;
        ui_option *opts = arena_calloc(req->arena, (size_t)(nm ? nm : 1), sizeof *opts);
        int no = 0;
        for (int i = 0; opts && i < nm; i++)
            if (!m[i].done_contact_id)
                opts[no++] = (ui_option){arena_printf(req->arena, "%lld", (long long)m[i].id),
                                         arena_printf(req->arena, "%s · %s", m[i].due_on,
                                                      guidance_topic_text(req, m[i].topic))};
        html_lit(b, "<details class=\"instroom-panel\"");
        if (f) html_lit(b, " open");
        html_lit(b, "><summary>");
        html_text(b, msg(req, MSG_GUIDANCE_ADD_CONTACT));
        html_lit(b, "</summary>");
        form_begin(req, b, href(req, "/people/%lld/guidance/contacts", person));
        page_field(b, "k-on", "on", msg(req, MSG_GUIDANCE_FIELD_ON), "date", val(req, f, "on", time_ams_today(req->arena)),
                   err(req, f, e, "on"), NULL, NULL);
        ui_select(b, "k-channel", "channel", msg(req, MSG_GUIDANCE_FIELD_CHANNEL),
                  options_of(req, channels, guidance_channel_text, 5), 5, msg(req, MSG_GUIDANCE_CHOOSE),
                  val(req, f, "channel", NULL), err(req, f, e, "channel"));
        if (no)
            ui_select(b, "k-plan", "plan_id", msg(req, MSG_GUIDANCE_FIELD_PLAN_MOMENT), opts, no,
                      msg(req, MSG_GUIDANCE_NONE), val(req, f, "plan_id", NULL), err(req, f, e, "plan_id"));
        page_field(b, "k-notes", "notes", msg(req, MSG_GUIDANCE_FIELD_NOTES), "textarea", val(req, f, "notes", NULL),
                   err(req, f, e, "notes"), NULL, NULL);
        form_end(b, msg(req, MSG_GUIDANCE_ADD_CONTACT));
        html_lit(b, "</details>");
    }
    if (!n) {
        page_empty(b, msg(req, MSG_GUIDANCE_CONTACTS_EMPTY), msg(req, MSG_GUIDANCE_CONTACTS_EMPTY_TEXT), NULL, NULL);
        return;
    }
    ui_table_begin(b, "contacts-caption", msg(req, MSG_GUIDANCE_CONTACTS), false);
    thead_begin(b);
    ui_th(b, msg(req, MSG_GUIDANCE_COL_WHEN));
    ui_th(b, msg(req, MSG_GUIDANCE_FIELD_COACH));
    ui_th(b, msg(req, MSG_GUIDANCE_FIELD_CHANNEL));
    ui_th(b, msg(req, MSG_GUIDANCE_FIELD_NOTES));
    thead_end(b);
    for (int i = 0; i < n; i++) {
        html_lit(b, "<tr class=\"utrecht-table__row\">");
        ui_td(b, ui_time(req, k[i].at));
        ui_td(b, k[i].coach_name);
        ui_td(b, guidance_channel_text(req, k[i].channel));
        ui_td(b, k[i].notes ? k[i].notes : "");
        html_lit(b, "</tr>");
    }
    html_lit(b, "</tbody>");
    ui_table_end(b);
}

static const char *score_options_keys[] = {"1", "2", "3", "4", "5"};

static void checkin_form(http_request *req, buf *b, const char *action, bool f, const api_errors *e, const char *label)
{
    form_begin(req, b, action);
    ui_select(b, "i-wellbeing", "wellbeing", msg(req, MSG_GUIDANCE_FIELD_WELLBEING),
              options_of(req, score_options_keys, plain, 5), 5, msg(req, MSG_GUIDANCE_CHOOSE),
              val(req, f, "wellbeing", NULL), err(req, f, e, "wellbeing"));
    html_lit(b, "<p class=\"utrecht-paragraph instroom-hint\">");
    html_text(b, msg(req, MSG_GUIDANCE_FIELD_WELLBEING_HINT));
    html_lit(b, "</p>");
    ui_select(b, "i-workload", "workload", msg(req, MSG_GUIDANCE_FIELD_WORKLOAD),
              options_of(req, score_options_keys, plain, 5), 5, msg(req, MSG_GUIDANCE_CHOOSE),
              val(req, f, "workload", NULL), err(req, f, e, "workload"));
    html_lit(b, "<p class=\"utrecht-paragraph instroom-hint\">");
    html_text(b, msg(req, MSG_GUIDANCE_FIELD_WORKLOAD_HINT));
    html_lit(b, "</p>");
    ui_option yesno[2] = {{"no", msg(req, MSG_GUIDANCE_NO)}, {"yes", msg(req, MSG_GUIDANCE_YES)}};
    ui_select(b, "i-stopping", "thinking_of_stopping", msg(req, MSG_GUIDANCE_FIELD_STOPPING), yesno, 2,
              msg(req, MSG_GUIDANCE_CHOOSE), val(req, f, "thinking_of_stopping", NULL),
              err(req, f, e, "thinking_of_stopping"));
    page_field(b, "i-note", "note", msg(req, MSG_GUIDANCE_FIELD_NOTE), "textarea", val(req, f, "note", NULL),
               err(req, f, e, "note"), NULL, NULL);
    form_end(b, label);
}

static void checkins_table(http_request *req, buf *b, const guidance_checkin *k, int n, const char *caption)
{
    ui_table_begin(b, "checkins-caption", caption, false);
    thead_begin(b);
    ui_th(b, msg(req, MSG_GUIDANCE_COL_WHEN));
    ui_th(b, msg(req, MSG_GUIDANCE_COL_WELLBEING));
    ui_th(b, msg(req, MSG_GUIDANCE_COL_WORKLOAD));
    ui_th(b, msg(req, MSG_GUIDANCE_COL_STOPPING));
    ui_th(b, msg(req, MSG_GUIDANCE_COL_BY));
    ui_th(b, msg(req, MSG_GUIDANCE_FIELD_NOTE));
    thead_end(b);
    for (int i = 0; i < n; i++) {
        html_lit(b, "<tr class=\"utrecht-table__row\">");
        ui_td(b, ui_time(req, k[i].at));
        ui_td(b, arena_printf(req->arena, "%d", k[i].wellbeing));
        ui_td(b, arena_printf(req->arena, "%d", k[i].workload));
        html_lit(b, "<td class=\"utrecht-table__cell\">");
        if (k[i].stopping) ui_status_badge(b, UI_BADGE_DANGER, msg(req, MSG_GUIDANCE_YES));
        else html_text(b, msg(req, MSG_GUIDANCE_NO));
        html_lit(b, "</td>");
        ui_td(b, k[i].by_name ? k[i].by_name : "–");
        ui_td(b, k[i].note ? k[i].note : "");
        html_lit(b, "</tr>");
    }
    html_lit(b, "</tbody>");
    ui_table_end(b);
}

static void section_checkins(http_request *req, buf *b, int64_t person, const guidance_checkin *k, int n, bool write,
                             const page_state *st)
{
    ui_heading(b, 2, msg(req, MSG_GUIDANCE_CHECKINS));
    if (write) {
        bool f = failed(st, "checkin");
        html_lit(b, "<details class=\"instroom-panel\"");
        if (f) html_lit(b, " open");
        html_lit(b, "><summary>");
        html_text(b, msg(req, MSG_GUIDANCE_ADD_CHECKIN));
        html_lit(b, "</summary>");
        checkin_form(req, b, href(req, "/people/%lld/guidance/checkins", person), f, st ? st->e : NULL,
                     msg(req, MSG_GUIDANCE_ADD_CHECKIN));
        html_lit(b, "</details>");
    }
    if (!n) page_empty(b, msg(req, MSG_GUIDANCE_CHECKINS_EMPTY), msg(req, MSG_GUIDANCE_CHECKINS_EMPTY_TEXT), NULL, NULL);
    else checkins_table(req, b, k, n, msg(req, MSG_GUIDANCE_CHECKINS));
}

static void need_fields(http_request *req, buf *b, const char *prefix, bool with_kind, bool f, const api_errors *e,
                        const guidance_need *cur)
{
    const char *id = arena_printf(req->arena, "%s-kind", prefix);
    if (with_kind)
        ui_select(b, id, "kind", msg(req, MSG_GUIDANCE_FIELD_NEED_KIND),
                  options_of(req, need_kinds, guidance_need_kind_text, 6), 6, msg(req, MSG_GUIDANCE_CHOOSE),
                  val(req, f, "kind", cur ? cur->kind : NULL), err(req, f, e, "kind"));
    page_field(b, arena_printf(req->arena, "%s-description", prefix), "description",
               msg(req, MSG_GUIDANCE_FIELD_DESCRIPTION), "textarea",
               val(req, f, "description", cur ? cur->description : NULL), err(req, f, e, "description"), NULL, NULL);
    page_field(b, arena_printf(req->arena, "%s-referral", prefix), "referral", msg(req, MSG_GUIDANCE_FIELD_REFERRAL),
               "text", val(req, f, "referral", cur ? cur->referral : NULL), err(req, f, e, "referral"), NULL, NULL);
    ui_select(b, arena_printf(req->arena, "%s-status", prefix), "status", msg(req, MSG_GUIDANCE_FIELD_STATUS),
              options_of(req, statuses, guidance_status_text, 5), 5, NULL,
              val(req, f, "status", cur ? cur->status : "open"), err(req, f, e, "status"));
    page_field(b, arena_printf(req->arena, "%s-follow-up", prefix), "follow_up_on", msg(req, MSG_GUIDANCE_FIELD_FOLLOW_UP),
               "date", val(req, f, "follow_up_on", cur ? cur->follow_up_on : NULL), err(req, f, e, "follow_up_on"), NULL,
               NULL);
}

static void section_needs(http_request *req, buf *b, int64_t person, const guidance_need *nd, int n, bool write,
                          const page_state *st)
{
    ui_heading(b, 2, msg(req, MSG_GUIDANCE_NEEDS));
    const api_errors *e = st ? st->e : NULL;
    if (write) {
        bool f = failed(st, "need");
        html_lit(b, "<details class=\"instroom-panel\"");
        if (f) html_lit(b, " open");
        html_lit(b, "><summary>");
        html_text(b, msg(req, MSG_GUIDANCE_ADD_NEED));
        html_lit(b, "</summary>");
        form_begin(req, b, href(req, "/people/%lld/guidance/support-needs", person));
        need_fields(req, b, "n", true, f, e, NULL);
        form_end(b, msg(req, MSG_GUIDANCE_ADD_NEED));
        html_lit(b, "</details>");
    }
    if (!n) {
        page_empty(b, msg(req, MSG_GUIDANCE_NEEDS_EMPTY), msg(req, MSG_GUIDANCE_NEEDS_EMPTY_TEXT), NULL, NULL);
        return;
    }
    const char *today = time_ams_today(req->arena);
    html_lit(b, "<ul class=\"instroom-needs\">");
    for (int i = 0; i < n; i++) {
        const guidance_need *x = &nd[i];
        html_lit(b, "<li class=\"instroom-panel\"");
        html_attr(b, "data-need", x->kind);
        html_lit(b, ">");
        ui_heading(b, 3, guidance_need_kind_text(req, x->kind));
        bool late = x->follow_up_on && !guidance_need_status_final(x->status) && strcmp(x->follow_up_on, today) < 0;
        ui_status_badge(b, guidance_need_status_final(x->status) ? UI_BADGE_SUCCESS : late ? UI_BADGE_DANGER : UI_BADGE_NEUTRAL,
                        guidance_status_text(req, x->status));
        ui_data_begin(b);
        ui_data_row(b, msg(req, MSG_GUIDANCE_FIELD_DESCRIPTION), x->description);
        ui_data_row(b, msg(req, MSG_GUIDANCE_FIELD_REFERRAL), x->referral);
        ui_data_row(b, msg(req, MSG_GUIDANCE_FIELD_FOLLOW_UP),
                    late ? arena_printf(req->arena, "%s (%s)", x->follow_up_on, msg(req, MSG_GUIDANCE_LATE)) : x->follow_up_on);
        ui_data_end(b);
        const char **hist;
        int nh = 0;
        if (guidance_need_history(http_db(req), req->arena, x->id, &hist, &nh) == 0 && nh) {
            html_lit(b, "<details><summary>");
            html_text(b, msg(req, MSG_GUIDANCE_HISTORY));
            html_lit(b, "</summary><ul class=\"utrecht-unordered-list\">");
            for (int h = 0; h < nh; h++) {
                html_lit(b, "<li class=\"utrecht-unordered-list__item\">");
                html_text(b, hist[h]);
                html_lit(b, "</li>");
            }
            html_lit(b, "</ul></details>");
        }
        if (write) {
            const char *form = arena_printf(req->arena, "need-%lld", (long long)x->id);
            bool f = failed(st, form);
            html_lit(b, "<details");
            if (f) html_lit(b, " open");
            html_lit(b, "><summary>");
            html_text(b, msg(req, MSG_GUIDANCE_CHANGE_NEED));
            html_lit(b, "</summary>");
            form_begin(req, b, arena_printf(req->arena, "/people/%lld/guidance/support-needs/%lld", (long long)person,
                                            (long long)x->id));
            need_fields(req, b, arena_printf(req->arena, "n%lld", (long long)x->id), false, f, e, x);
            form_end(b, msg(req, MSG_GUIDANCE_SAVE));
            html_lit(b, "</details>");
        }
        html_lit(b, "</li>");
    }
    html_lit(b, "</ul>");
}

/* The whole page; status 200, or 422 with st saying which form failed. */
static int person_page(http_request *req, http_response *res, int64_t person, int status, const page_state *st)
{
    policy_target t;
    int rc = guidance_target(req, POLICY_COACHING, person, &t);
    if (rc == DB_ENOTFOUND) {
        http_error(req, res, 404);
        return 0;
    }
    if (rc) return api_fail(rc);
    /* The page itself: whoever may see who coaches the person. */
    if (!policy_enforce(req, POLICY_READ, &t, NULL)) {
        policy_target p = t;
        p.kind = POLICY_PERSON;
        http_error(req, res, policy_allows(auth_current(req), POLICY_READ, &p, NULL) ? 403 : 404);
        return 0;
    }
    db_conn *c = http_db(req);
    const char *today = time_ams_today(req->arena);
    char *name = NULL;
    db_stmt *s;
    if (db_prepare(c, "SELECT given_name || ' ' || family_name FROM people WHERE id = ?", DB_ARGS(db_int(person)), &s) == 0) {
        if (db_step(s) == DB_ROW) name = arena_strdup(req->arena, db_col_text(s, 0));
        db_finalize(s);
    }
    if (!name) return api_fail(DB_ERR);
    /* Each sensitive section: policy_allows first (a section the user may not
     * see is no attempt to read it), then policy_enforce audits the read. */
    bool see_notes = guidance_allowed(&t, POLICY_READ, POLICY_GUIDANCE_NOTE, req);
    bool see_checkins = guidance_allowed(&t, POLICY_READ, POLICY_CHECKIN, req);
    bool see_needs = guidance_allowed(&t, POLICY_READ, POLICY_SUPPORT_NEED, req);
    policy_target tt = t;
    tt.kind = POLICY_GUIDANCE_NOTE;
    if (see_notes) see_notes = policy_enforce(req, POLICY_READ, &tt, NULL);
    tt.kind = POLICY_CHECKIN;
    if (see_checkins) see_checkins = policy_enforce(req, POLICY_READ, &tt, NULL);
    tt.kind = POLICY_SUPPORT_NEED;
    if (see_needs) see_needs = policy_enforce(req, POLICY_READ, &tt, NULL);
    guidance_link *links = NULL;
    guidance_moment *plan = NULL;
    guidance_contact *contacts = NULL;
    guidance_checkin *checkins = NULL;
    guidance_need *needs = NULL;
    guidance_signal sig[GUIDANCE_MAX_SIGNALS];
    int nl = 0, np = 0, nk = 0, nc = 0, nn = 0, ns = 0;
    rc = guidance_links_of(c, req->arena, person, today, &links, &nl);
    if (!rc) rc = guidance_plan_of(c, req->arena, person, &plan, &np);
    if (!rc && see_notes) rc = guidance_contacts_of(c, req->arena, person, 0, &contacts, &nk);
    if (!rc && see_notes) rc = guidance_signals_of(c, req->arena, person, today, sig, &ns);
    if (!rc && see_checkins) rc = guidance_checkins_of(c, req->arena, person, 0, &checkins, &nc);
    if (!rc && see_needs) rc = guidance_needs_of(c, req->arena, person, 0, &needs, &nn);
    if (rc) return api_fail(rc);
    const char *title = msg_fill(req, MSG_GUIDANCE_PERSON_TITLE, name, NULL);
    page_begin(req, res, title);
    res->status = status;
    buf *b = &res->body;
    html_lit(b, "<p class=\"utrecht-paragraph\">");
    ui_link(b, href(req, "/people/%lld", person), msg_fill(req, MSG_GUIDANCE_BACK_TO_PERSON, name, NULL));
    html_lit(b, "</p>");
    ui_heading(b, 1, title);
    if (st && st->e && st->e->n) page_alert(b, ALERT_ERROR, msg(req, MSG_UI_FORM_INVALID));
    else if (http_query(req, "saved")) page_alert(b, ALERT_OK, msg(req, MSG_GUIDANCE_SAVED));
    if (see_notes) {
        html_lit(b, "<section aria-labelledby=\"signals-h\"><h2 class=\"utrecht-heading-2\" id=\"signals-h\">");
        html_text(b, msg(req, MSG_GUIDANCE_SIGNALS));
        html_lit(b, "</h2>");
        signals_list(req, b, sig, ns);
        html_lit(b, "</section>");
    }
    bool write_coaching = guidance_allowed(&t, POLICY_WRITE, POLICY_COACHING, req);
    section_coaches(req, b, person, links, nl, write_coaching, st);
    section_plan(req, b, person, plan, np, links, nl, write_coaching, st);
    if (see_notes)
        section_contacts(req, b, person, contacts, nk, plan, np,
                         guidance_allowed(&t, POLICY_WRITE, POLICY_GUIDANCE_NOTE, req), st);
    if (see_checkins)
        section_checkins(req, b, person, checkins, nc, guidance_allowed(&t, POLICY_WRITE, POLICY_CHECKIN, req), st);
    if (see_needs)
        section_needs(req, b, person, needs, nn, guidance_allowed(&t, POLICY_WRITE, POLICY_SUPPORT_NEED, req), st);
    page_end(req, res);
    return 0;
}

static int person_show(http_request *req, http_response *res)
{
    return person_page(req, res, http_path_id(req, "id"), 200, NULL);
}

/* Checks a write for a form handler; false when a page (403/404) was written. */
static bool may_write(http_request *req, http_response *res, policy_resource kind, int64_t person, int *rc)
{
    *rc = 0;
    switch (guidance_check(req, POLICY_WRITE, kind, person, NULL, rc)) {
    case GUIDANCE_ALLOWED: return true;
    case GUIDANCE_NOT_FOUND: http_error(req, res, 404); break;
    case GUIDANCE_FORBIDDEN: http_error(req, res, 403); break;
    case GUIDANCE_FAILED: *rc = api_fail(*rc); break;
    }
    return false;
}

/* After a form's write: the page again with the errors (422), or back to it. */
static int after_form(http_request *req, http_response *res, int64_t person, int rc, const char *form,
                      const api_errors *e)
{
    if (rc == API_EINVALID) {
        page_state st = {form, e};
        return person_page(req, res, person, 422, &st);
    }
    return page_after_write(req, res, rc, href(req, "/people/%lld/guidance?saved=1", person));
}

static int coach_submit(http_request *req, http_response *res)
{
    int64_t person = http_path_id(req, "id");
    int rc;
    if (!may_write(req, res, POLICY_COACHING, person, &rc)) return rc;
    guidance_link_input in = {.coach_id = form_id(req, "coach_id"), .kind = http_form(req, "kind"),
                              .started_on = http_form(req, "started_on"), .ended_on = http_form(req, "ended_on")};
    api_errors e = {0};
    int64_t id = 0;
    rc = guidance_link_add(req, person, &in, &id, &e);
    return after_form(req, res, person, rc, "coach", &e);
}

static int coach_end_submit(http_request *req, http_response *res)
{
    int64_t person = http_path_id(req, "id"), link = http_path_id(req, "link_id");
    int rc;
    if (!may_write(req, res, POLICY_COACHING, person, &rc)) return rc;
    api_errors e = {0};
    const char *ended = http_form(req, "ended_on");
    rc = guidance_link_end(req, person, link, ended && *ended ? ended : time_ams_today(req->arena), &e);
    return after_form(req, res, person, rc, arena_printf(req->arena, "end-%lld", (long long)link), &e);
}

static int contact_submit(http_request *req, http_response *res)
{
    int64_t person = http_path_id(req, "id");
    int rc;
    if (!may_write(req, res, POLICY_GUIDANCE_NOTE, person, &rc)) return rc;
    guidance_contact_input in = {.on = http_form(req, "on"), .channel = http_form(req, "channel"),
                                 .notes = http_form(req, "notes"), .plan_id = form_id(req, "plan_id")};
    api_errors e = {0};
    int64_t id = 0;
    rc = guidance_contact_add(req, person, &in, &id, &e);
    return after_form(req, res, person, rc, "contact", &e);
}

static void checkin_from_form(http_request *req, guidance_checkin_input *in)
{
    memset(in, 0, sizeof *in);
    in->wellbeing = http_form(req, "wellbeing");
    in->workload = http_form(req, "workload");
    in->thinking_of_stopping = http_form(req, "thinking_of_stopping");
    in->note = http_form(req, "note");
}

static int checkin_submit(http_request *req, http_response *res)
{
    int64_t person = http_path_id(req, "id");
    int rc;
    if (!may_write(req, res, POLICY_CHECKIN, person, &rc)) return rc;
    guidance_checkin_input in;
    checkin_from_form(req, &in);
    api_errors e = {0};
    int64_t id = 0;
    rc = guidance_checkin_add(req, person, &in, &id, &e);
    return after_form(req, res, person, rc, "checkin", &e);
}

static void need_from_form(http_request *req, guidance_need_input *in)
{
    memset(in, 0, sizeof *in);
    in->kind = http_form(req, "kind");
    in->description = http_form(req, "description");
    in->referral = http_form(req, "referral");
    in->status = http_form(req, "status");
    in->follow_up_on = http_form(req, "follow_up_on");
}

static int need_submit(http_request *req, http_response *res)
{
    int64_t person = http_path_id(req, "id");
    int rc;
    if (!may_write(req, res, POLICY_SUPPORT_NEED, person, &rc)) return rc;
    guidance_need_input in;
    need_from_form(req, &in);
    api_errors e = {0};
    int64_t id = 0;
    rc = guidance_need_add(req, person, &in, &id, &e);
    return after_form(req, res, person, rc, "need", &e);
}

static int need_update_submit(http_request *req, http_response *res)
{
    int64_t person = http_path_id(req, "id"), need = http_path_id(req, "need_id");
    int rc;
    if (!may_write(req, res, POLICY_SUPPORT_NEED, person, &rc)) return rc;
    guidance_need_input in;
    need_from_form(req, &in);
    in.kind = NULL; /* the form changes everything but the kind */
    api_errors e = {0};
    rc = guidance_need_update(req, person, need, &in, &e);
    return after_form(req, res, person, rc, arena_printf(req->arena, "need-%lld", (long long)need), &e);
}

static int plan_submit(http_request *req, http_response *res)
{
    int64_t person = http_path_id(req, "id");
    int rc;
    if (!may_write(req, res, POLICY_COACHING, person, &rc)) return rc;
    api_errors e = {0};
    int added = 0;
    rc = guidance_plan_add(req, person, http_form(req, "entered_on"), form_id(req, "coach_id"), &added, &e);
    return after_form(req, res, person, rc, "plan", &e);
}

/* ---- The participant's own check-in ---- */

static int me_page(http_request *req, http_response *res, int status, const api_errors *e)
{
    const auth_principal *p = auth_current(req);
    const char *title = msg(req, MSG_GUIDANCE_ME_TITLE);
    page_begin(req, res, title);
    res->status = status;
    buf *b = &res->body;
    ui_heading(b, 1, title);
    if (!p || !p->person_id) {
        page_empty(b, msg(req, MSG_GUIDANCE_ME_NONE), msg(req, MSG_GUIDANCE_ME_NONE_TEXT), NULL, NULL);
        page_end(req, res);
        return 0;
    }
    policy_target t;
    int rc = guidance_target(req, POLICY_CHECKIN, p->person_id, &t);
    if (rc) return api_fail(rc);
    if (e && e->n) page_alert(b, ALERT_ERROR, msg(req, MSG_UI_FORM_INVALID));
    else if (http_query(req, "saved")) page_alert(b, ALERT_OK, msg(req, MSG_GUIDANCE_ME_THANKS));
    html_lit(b, "<p class=\"utrecht-paragraph instroom-page-intro\">");
    html_text(b, msg(req, MSG_GUIDANCE_ME_INTRO));
    html_lit(b, "</p>");
    /* Who coaches me (POLICY_COACHING: own coaches). */
    ui_heading(b, 2, msg(req, MSG_GUIDANCE_ME_COACHES));
    policy_target tc = t;
    tc.kind = POLICY_COACHING;
    guidance_link *links = NULL;
    int nl = 0, shown = 0;
    if (policy_enforce(req, POLICY_READ, &tc, NULL)) {
        rc = guidance_links_of(http_db(req), req->arena, p->person_id, time_ams_today(req->arena), &links, &nl);
        if (rc) return api_fail(rc);
    }
    for (int i = 0; i < nl; i++) {
        if (!links[i].active) continue;
        if (!shown++) html_lit(b, "<ul class=\"utrecht-unordered-list\" id=\"my-coaches\">");
        html_lit(b, "<li class=\"utrecht-unordered-list__item\">");
        html_text(b, arena_printf(req->arena, "%s · %s", links[i].coach_name, guidance_kind_text(req, links[i].kind)));
        html_lit(b, "</li>");
    }
    if (shown) html_lit(b, "</ul>");
    else page_empty(b, msg(req, MSG_GUIDANCE_ME_NO_COACHES), msg(req, MSG_GUIDANCE_ME_NO_COACHES_TEXT), NULL, NULL);
    html_lit(b, "<div class=\"instroom-panel\">");
    checkin_form(req, b, "/me/checkin", e != NULL, e, msg(req, MSG_GUIDANCE_ME_SEND));
    html_lit(b, "</div>");
    if (policy_enforce(req, POLICY_READ, &t, NULL)) {
        guidance_checkin *k;
        int nk = 0;
        rc = guidance_checkins_of(http_db(req), req->arena, p->person_id, 0, &k, &nk);
        if (rc) return api_fail(rc);
        if (nk) {
            ui_heading(b, 2, msg(req, MSG_GUIDANCE_ME_PREVIOUS));
            checkins_table(req, b, k, nk, msg(req, MSG_GUIDANCE_ME_PREVIOUS));
        }
    }
    page_end(req, res);
    return 0;
}

static int me_show(http_request *req, http_response *res)
{
    return me_page(req, res, 200, NULL);
}

static int me_submit(http_request *req, http_response *res)
{
    const auth_principal *p = auth_current(req);
    if (!p || !p->person_id) {
        http_error(req, res, 403);
        return 0;
    }
    int rc;
    if (!may_write(req, res, POLICY_CHECKIN, p->person_id, &rc)) return rc;
    guidance_checkin_input in;
    checkin_from_form(req, &in);
    api_errors e = {0};
    int64_t id = 0;
    rc = guidance_checkin_add(req, p->person_id, &in, &id, &e);
    if (rc == API_EINVALID) return me_page(req, res, 422, &e);
    return page_after_write(req, res, rc, "/me/checkin?saved=1");
}

/* ---- For the person page (guidance.h) ---- */

void guidance_person_link(http_request *req, buf *b, int64_t person_id)
{
    policy_target t;
    if (guidance_target(req, POLICY_COACHING, person_id, &t) != 0) return;
    if (!policy_allows(auth_current(req), POLICY_READ, &t, NULL)) return;
    ui_heading(b, 2, msg(req, MSG_GUIDANCE_NAV));
    html_lit(b, "<p class=\"utrecht-paragraph\">");
    ui_link(b, href(req, "/people/%lld/guidance", person_id), msg(req, MSG_GUIDANCE_PERSON_LINK));
    html_lit(b, "</p>");
}

int guidance_dashboard_counts(http_request *req, int64_t *people, int64_t *with_signals)
{
    const auth_principal *p = auth_current(req);
    *people = *with_signals = 0;
    if (!p) return 0;
    guidance_case *list;
    int n;
    int rc = guidance_caseload(http_db(req), req->arena, p->user_id, false, time_ams_today(req->arena), &list, &n);
    if (rc) return rc;
    *people = n;
    for (int i = 0; i < n; i++)
        if (list[i].nsignals) (*with_signals)++;
    return 0;
}

const http_route guidance_routes[] = {
    {"GET", "/guidance", caseload_show, 0, "guidance: my people with their signals"},
    {"GET", "/people/{id}/guidance", person_show, 0, "guidance: a person's coaches, contacts, check-ins, needs"},
    {"POST", "/people/{id}/guidance/coaches", coach_submit, 0, "guidance: link a coach"},
    {"POST", "/people/{id}/guidance/coaches/{link_id}/end", coach_end_submit, 0, "guidance: end a coach link"},
    {"POST", "/people/{id}/guidance/contacts", contact_submit, 0, "guidance: record a contact moment"},
    {"POST", "/people/{id}/guidance/checkins", checkin_submit, 0, "guidance: record a check-in"},
    {"POST", "/people/{id}/guidance/support-needs", need_submit, 0, "guidance: add a support need"},
    {"POST", "/people/{id}/guidance/support-needs/{need_id}", need_update_submit, 0, "guidance: change a support need"},
    {"POST", "/people/{id}/guidance/plan", plan_submit, 0, "guidance: make the BBL coaching plan"},
    {"GET", "/me/checkin", me_show, 0, "my check-in and my coaches"},
    {"POST", "/me/checkin", me_submit, 0, "send my check-in"},
    {0},
};
