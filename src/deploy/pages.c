/* deploy pages: the staff pages under /deploy (the overview of shifts,
 * plans and runners; posting shifts; locations; a shift; a plan with its
 * coverage, unfilled places, hours and hand changes; a runner with
 * availability, documents and roster; hours with their confirmation and
 * export) and the participant's /me/shifts and /me/availability. Thin: the
 * policy decides (POLICY_DEPLOY_*), store.c and planner.c do. */
#include <stdio.h>
#include <string.h>

#include "auth/audit.h"
#include "auth/auth.h"
#include "auth/policy.h"
#include "base/str.h"
#include "base/time.h"
#include "deploy/deploy.h"
#include "deploy/export.h"
#include "deploy/model.h"
#include "deploy/planner.h"
#include "deploy/store.h"
#include "http/html.h"
#include "http/i18n.h"
#include "http/page.h"
#include "http/server.h"
#include "http/ui.h"
#include "intake/intake.h"
#include "orgs/orgs.h"
#include "skills/skills.h"

#define href(req, fmt, id) arena_printf((req)->arena, fmt, (long long)(id))
#define MAX_ORGS 32
#define PLANNERS (ROLE_BIT(ROLE_RECRUITER) | ROLE_BIT(ROLE_SUPERVISOR))
#define OVERVIEW_WEEKS 8   /* weeks the overview sums up */
#define OPEN_SHOWN 40      /* open shifts offered on /me/shifts */
#define MAX_IDS 64         /* ids a form may post under one name */

/* ---- Small helpers ---- */

static const char *num(http_request *req, int64_t v)
{
    return arena_printf(req->arena, "%lld", (long long)v);
}

/* Minutes as "H:MM". */
static const char *hmm(http_request *req, int minutes)
{
    if (minutes < 0) minutes = 0;
    return arena_printf(req->arena, "%d:%02d", minutes / 60, minutes % 60);
}

static const char *pct(http_request *req, int part, int whole)
{
    return arena_printf(req->arena, "%d %%", whole > 0 ? (int)((200LL * part + whole) / (2LL * whole)) : 0);
}

static bool is_en(const http_request *req)
{
    return str_eq(req->lang, "en");
}

/* Seconds with one decimal, with a decimal comma in Dutch. */
static const char *seconds_text(http_request *req, double s)
{
    char *t = arena_printf(req->arena, "%.1f", s);
    for (char *q = t; q && *q && !is_en(req); q++)
        if (*q == '.') *q = ',';
    return t ? t : "";
}

static const char *day_name(http_request *req, int64_t day)
{
    return msg(req, (msg_id)(MSG_DEPLOY_UI_MON + deploy_weekday(day)));
}

/* A day as "ma 06-07-2026". */
static const char *day_text(http_request *req, int64_t day)
{
    char iso[11];
    deploy_format_day(day, iso);
    return arena_printf(req->arena, "%s %.2s-%.2s-%.4s", day_name(req, day), iso + 8, iso + 5, iso);
}

/* A stored date "YYYY-MM-DD" as "06-07-2026"; other text as it is. */
static const char *date_text(http_request *req, const char *iso)
{
    int y, m, d;
    if (!iso || time_parse_date(iso, &y, &m, &d) != 0) return iso;
    return arena_printf(req->arena, "%02d-%02d-%04d", d, m, y);
}

static const char *clock(http_request *req, int64_t t)
{
    char s[8];
    time_format_ams(s, sizeof s, t, "%H:%M");
    return arena_strdup(req->arena, s);
}

/* A shift's time as "ma 06-07-2026 07:30–11:30". */
static const char *when_text(http_request *req, int64_t starts_at, int64_t ends_at)
{
    return arena_printf(req->arena, "%s %s–%s", day_text(req, deploy_day_of(starts_at)), clock(req, starts_at),
                        clock(req, ends_at));
}

static const char *iso_day(http_request *req, int64_t day)
{
    char iso[11];
    deploy_format_day(day, iso);
    return arena_strdup(req->arena, iso);
}

static int64_t monday_of(int64_t day)
{
    return day - deploy_weekday(day);
}

/* "Week 28 (06-07 – 12-07)". */
static const char *week_text(http_request *req, int64_t monday)
{
    char wk[4], a[11], z[11];
    time_format_ams(wk, sizeof wk, deploy_instant(monday, 720), "%V");
    deploy_format_day(monday, a);
    deploy_format_day(monday + 6, z);
    return msg_fill(req, MSG_DEPLOY_UI_WEEK, wk[0] == '0' ? wk + 1 : wk,
                    arena_printf(req->arena, "%.2s-%.2s – %.2s-%.2s", a + 8, a + 5, z + 8, z + 5));
}

/* A date query or form value as a day; dflt when empty, -1 when it is not a date. */
static int64_t day_param(const char *v, int64_t dflt)
{
    if (!v || !*v) return dflt;
    int64_t day;
    return deploy_parse_day(v, &day) == 0 ? day : -1;
}

/* An id form field: 0 when empty, -1 when it is not a positive number. */
static int64_t form_id(http_request *req, const char *name)
{
    const char *v = http_form(req, name);
    if (!v || !*v) return 0;
    int64_t id;
    return str_to_int64(v, 1, INT64_MAX, &id) == 0 ? id : -1;
}

/* Every value of the form field name as ids into out (at most max); -1 when
 * one is not a positive number or there are more than max. */
static int form_ids(http_request *req, const char *name, int64_t *out, int max, int *n)
{
    http_form(req, name); /* parses the body */
    *n = 0;
    for (int i = 0; i < req->nform; i++) {
        if (!str_eq(req->form[i].name, name) || !*req->form[i].value) continue;
        int64_t id;
        if (str_to_int64(req->form[i].value, 1, INT64_MAX, &id) != 0 || *n == max) return -1;
        out[(*n)++] = id;
    }
    return 0;
}

static bool has_id(const int64_t *ids, int n, int64_t id)
{
    for (int i = 0; i < n; i++)
        if (ids[i] == id) return true;
    return false;
}

static int store_failed(http_request *req, http_response *res, int rc)
{
    if (rc == DB_ENOTFOUND) {
        http_error(req, res, 404);
        return 0;
    }
    return api_fail(rc);
}

static int forbidden(http_request *req, http_response *res)
{
    http_error(req, res, 403);
    return 0;
}

/* ---- Markup ---- */

static void back_link(buf *b, const char *to, const char *text)
{
    html_lit(b, "<p class=\"utrecht-paragraph\">");
    ui_link(b, to, text);
    html_lit(b, "</p>");
}

static void intro(buf *b, const char *text)
{
    html_lit(b, "<p class=\"utrecht-paragraph instroom-page-intro\">");
    html_text(b, text);
    html_lit(b, "</p>");
}

static void muted(buf *b, const char *text)
{
    html_lit(b, "<p class=\"utrecht-paragraph instroom-muted\">");
    html_text(b, text);
    html_lit(b, "</p>");
}

static void thead_begin(buf *b)
{
    html_lit(b, "<thead class=\"utrecht-table__header\"><tr class=\"utrecht-table__row\">");
}

static void thead_end(buf *b)
{
    html_lit(b, "</tr></thead><tbody class=\"utrecht-table__body\">");
}

static void th_num(buf *b, const char *text)
{
    html_lit(b, "<th class=\"utrecht-table__header-cell utrecht-table__header-cell--numeric-column\" scope=\"col\">");
    html_text(b, text);
    html_lit(b, "</th>");
}

static void td_num(buf *b, const char *text)
{
    html_lit(b, "<td class=\"utrecht-table__cell utrecht-table__cell--numeric-data\">");
    html_text(b, text);
    html_lit(b, "</td>");
}

static void td_begin(buf *b)
{
    html_lit(b, "<td class=\"utrecht-table__cell\">");
}

static void td_link(buf *b, const char *to, const char *text)
{
    td_begin(b);
    ui_link(b, to, text);
    html_lit(b, "</td>");
}

static void table_end(buf *b)
{
    html_lit(b, "</tbody>");
    ui_table_end(b);
}

static void form_begin(http_request *req, buf *b, const char *action, const char *cls)
{
    html_lit(b, "<form method=\"post\" novalidate");
    html_attr(b, "class", cls);
    html_attr(b, "action", action);
    html_lit(b, ">");
    page_csrf(req, b);
}

static void hidden(buf *b, const char *name, const char *value)
{
    if (!value) return;
    html_lit(b, "<input type=\"hidden\"");
    html_attr(b, "name", name);
    html_attr(b, "value", value);
    html_lit(b, ">");
}

static void actions(buf *b, const char *label)
{
    html_lit(b, "<div class=\"instroom-form__actions\">");
    ui_submit(b, label);
    html_lit(b, "</div>");
}

/* A one-button form that posts to action (with hidden fields name=value pairs, NULL-terminated). */
static void button_form(http_request *req, buf *b, const char *action, const char *label, bool primary,
                        const char *const *fields)
{
    form_begin(req, b, action, "instroom-inline-form");
    for (int i = 0; fields && fields[i]; i += 2) hidden(b, fields[i], fields[i + 1]);
    if (primary) html_lit(b, "<button class=\"utrecht-button utrecht-button--primary-action\" type=\"submit\">");
    else html_lit(b, "<button class=\"utrecht-button utrecht-button--secondary-action\" type=\"submit\">");
    html_text(b, label);
    html_lit(b, "</button></form>");
}

static void checkbox(buf *b, const char *id, const char *name, const char *value, bool checked, const char *label)
{
    html_lit(b, "<div class=\"utrecht-form-field utrecht-form-field--checkbox\"><div class=\"utrecht-form-field__input\">"
                "<input class=\"utrecht-checkbox utrecht-checkbox--html-input\" type=\"checkbox\"");
    html_attr(b, "id", id);
    html_attr(b, "name", name);
    html_attr(b, "value", value);
    if (checked) html_lit(b, " checked");
    html_lit(b, "></div><div class=\"utrecht-form-field__label\"><label class=\"utrecht-form-label "
                "utrecht-form-label--checkbox\"");
    html_attr(b, "for", id);
    html_lit(b, ">");
    html_text(b, label);
    html_lit(b, "</label></div></div>");
}

/* Opens a fieldset of checkboxes with its legend and, when given, its error. */
static void fieldset_begin(buf *b, const char *id, const char *legend, const char *error, const char *hint)
{
    html_lit(b, "<fieldset class=\"utrecht-form-fieldset");
    if (error) html_lit(b, " utrecht-form-fieldset--invalid");
    html_lit(b, "\"");
    html_attr(b, "id", id);
    if (error) html_lit(b, " aria-invalid=\"true\"");
    html_lit(b, "><legend class=\"utrecht-form-fieldset__legend\">");
    html_text(b, legend);
    html_lit(b, "</legend>");
    if (hint) {
        html_lit(b, "<div class=\"utrecht-form-field-description\">");
        html_text(b, hint);
        html_lit(b, "</div>");
    }
    if (error) {
        html_lit(b, "<div class=\"utrecht-form-field-error-message\">");
        html_text(b, error);
        html_lit(b, "</div>");
    }
}

static void fieldset_end(buf *b)
{
    html_lit(b, "</fieldset>");
}

/* The error alert above a form: head, then each field error as a link to
 * its field (the field's id is prefix + its name). */
static void error_summary(http_request *req, buf *b, const char *head, const api_errors *e, const char *prefix)
{
    html_lit(b, "<div class=\"utrecht-alert utrecht-alert--error\" role=\"alert\" id=\"error-summary\">"
                "<div class=\"utrecht-alert__icon\" aria-hidden=\"true\"></div>"
                "<div class=\"utrecht-alert__content\"><div class=\"utrecht-alert__message\"><p class=\"utrecht-paragraph\">");
    html_text(b, head);
    html_lit(b, "</p>");
    if (e && e->n) {
        html_lit(b, "<ul class=\"utrecht-unordered-list\">");
        for (int i = 0; i < e->n; i++) {
            html_lit(b, "<li class=\"utrecht-unordered-list__item\">");
            ui_link(b, arena_printf(req->arena, "#%s%s", prefix, e->items[i].field), msg(req, e->items[i].reason));
            html_lit(b, "</li>");
        }
        html_lit(b, "</ul>");
    }
    html_lit(b, "</div></div></div>");
}

/* ---- Texts of stored values ---- */

static const char *priority_text(http_request *req, int p)
{
    return msg(req, p >= 2 ? MSG_DEPLOY_UI_PRIO_HIGH : p == 0 ? MSG_DEPLOY_UI_PRIO_LOW : MSG_DEPLOY_UI_PRIO_NORMAL);
}

static const char *assignment_status_text(http_request *req, const char *s)
{
    if (str_eq(s, "proposed")) return msg(req, MSG_DEPLOY_UI_ST_PROPOSED);
    if (str_eq(s, "cancelled")) return msg(req, MSG_DEPLOY_UI_ST_CANCELLED);
    return msg(req, MSG_DEPLOY_UI_ST_PUBLISHED);
}

static const char *source_text(http_request *req, const char *s)
{
    if (str_eq(s, "hand")) return msg(req, MSG_DEPLOY_UI_SRC_HAND);
    if (str_eq(s, "claim")) return msg(req, MSG_DEPLOY_UI_SRC_CLAIM);
    if (str_eq(s, "repair")) return msg(req, MSG_DEPLOY_UI_SRC_REPAIR);
    return msg(req, MSG_DEPLOY_UI_SRC_ENGINE);
}

static const char *plan_status_text(http_request *req, const char *s)
{
    if (str_eq(s, "published")) return msg(req, MSG_DEPLOY_UI_PLAN_PUBLISHED);
    if (str_eq(s, "discarded")) return msg(req, MSG_DEPLOY_UI_PLAN_DISCARDED);
    return msg(req, MSG_DEPLOY_UI_PLAN_DRAFT);
}

static ui_badge plan_badge(const char *s)
{
    if (str_eq(s, "published")) return UI_BADGE_SUCCESS;
    if (str_eq(s, "discarded")) return UI_BADGE_NEUTRAL;
    return UI_BADGE_WARNING;
}

static const char *doc_kind_text(http_request *req, const char *k)
{
    if (str_eq(k, "vog")) return msg(req, MSG_DEPLOY_UI_DOC_VOG);
    if (str_eq(k, "identity")) return msg(req, MSG_DEPLOY_UI_DOC_IDENTITY);
    if (str_eq(k, "contract")) return msg(req, MSG_DEPLOY_UI_DOC_CONTRACT);
    return k;
}

static const char *hours_status_text(http_request *req, const char *s)
{
    if (str_eq(s, "worked")) return msg(req, MSG_DEPLOY_UI_HOURS_WORKED);
    if (str_eq(s, "missed")) return msg(req, MSG_DEPLOY_UI_HOURS_MISSED);
    return msg(req, MSG_DEPLOY_UI_HOURS_OPEN);
}

static const char *plan_scope_text(http_request *req, const deploy_plan_row *p)
{
    return p->org_id && p->org_name ? p->org_name : msg(req, MSG_DEPLOY_UI_REGION);
}

static const char *plan_title(http_request *req, const deploy_plan_row *p)
{
    return msg_fill(req, str_eq(p->kind, "repair") ? MSG_DEPLOY_UI_REPAIR_TITLE : MSG_DEPLOY_UI_PLAN_TITLE,
                    plan_scope_text(req, p),
                    arena_printf(req->arena, "%s – %s", date_text(req, p->from_date), date_text(req, p->to_date)));
}

/* What a refused change broke, in words, with the other shift when there is one. */
static const char *refusal_text(http_request *req, const deploy_refusal *why)
{
    const char *rule = deploy_rule_text(req, why->rule);
    if (!why->other_shift || !why->other_starts_at) return rule;
    return msg_fill(req, MSG_DEPLOY_UI_REFUSED_OTHER, rule,
                    arena_printf(req->arena, "%s %s", day_text(req, deploy_day_of(why->other_starts_at)),
                                 clock(req, why->other_starts_at)));
}

/* ---- Who plans where ---- */

typedef struct page_scope {
    bool coordinator;        /* plans for the region: every organisation */
    int64_t mine[MAX_ORGS];  /* organisations where the user is a recruiter or supervisor */
    int nmine;
    int64_t org;             /* the organisation shown; 0: the region (the coordinator) */
} page_scope;

/* Reads the user's organisations and the one asked for (asked: ?org= or the
 * form's org_id; empty: the first of the user's, the region for the
 * coordinator). False when the user plans nowhere or asked for no id.
 * Whether the user may see the organisation asked for is the policy's. */
static bool scope_read(http_request *req, const char *asked, page_scope *sc)
{
    const auth_principal *p = auth_current(req);
    memset(sc, 0, sizeof *sc);
    if (!p) return false;
    sc->coordinator = (p->roles & ROLE_BIT(ROLE_COORDINATOR)) != 0;
    for (int i = 0; i < p->nmemberships && sc->nmine < MAX_ORGS; i++) {
        const auth_membership *m = &p->memberships[i];
        if (!m->org_id || !(ROLE_BIT(m->role) & PLANNERS) || has_id(sc->mine, sc->nmine, m->org_id)) continue;
        sc->mine[sc->nmine++] = m->org_id;
    }
    if (!sc->coordinator && !sc->nmine) return false;
    int64_t org = 0;
    if (asked && *asked && str_to_int64(asked, 1, INT64_MAX, &org) != 0) return false;
    if (!org && !sc->coordinator) org = sc->mine[0];
    sc->org = org;
    return true;
}

/* A policy target for the scope's organisation (none for the region). */
static policy_target scope_target(policy_resource kind, const page_scope *sc)
{
    return (policy_target){.kind = kind, .orgs = &sc->org, .norgs = sc->org ? 1 : 0};
}

static policy_target org_target(policy_resource kind, const int64_t *org, int64_t id, int64_t person)
{
    return (policy_target){.kind = kind, .id = id, .orgs = org, .norgs = *org ? 1 : 0, .person_id = person};
}

/* The organisations a user may pick: every care organisation for the
 * coordinator, else the user's own. */
static ui_option *org_options(http_request *req, const page_scope *sc, int *n)
{
    *n = 0;
    if (sc->coordinator) {
        orgs_query q = {.kind = "care", .status = ORGS_STATUS_ACTIVE, .sort = ORGS_SORT_NAME, .limit = 1000};
        orgs_org *list;
        int m;
        if (orgs_list(http_db(req), req->arena, &q, &list, &m, NULL) != 0) return NULL;
        ui_option *o = arena_calloc(req->arena, (size_t)(m ? m : 1), sizeof *o);
        for (int i = 0; o && i < m; i++) o[(*n)++] = (ui_option){num(req, list[i].id), list[i].name};
        return o;
    }
    ui_option *o = arena_calloc(req->arena, (size_t)sc->nmine, sizeof *o);
    for (int i = 0; o && i < sc->nmine; i++) {
        orgs_org g;
        if (orgs_get(http_db(req), req->arena, sc->mine[i], &g) == 0) o[(*n)++] = (ui_option){num(req, g.id), g.name};
    }
    return o;
}

static const char *org_name(http_request *req, int64_t org)
{
    orgs_org g;
    if (!org) return msg(req, MSG_DEPLOY_UI_REGION);
    return orgs_get(http_db(req), req->arena, org, &g) == 0 ? g.name : "";
}

/* A GET form that picks the organisation (and keeps extra query fields). */
static void org_picker(http_request *req, buf *b, const page_scope *sc, const char *action, bool region,
                       const char *const *keep)
{
    int n;
    ui_option *o = org_options(req, sc, &n);
    if (!o || (!sc->coordinator && n < 2)) return;
    html_lit(b, "<form class=\"instroom-form-grid\" method=\"get\"");
    html_attr(b, "action", action);
    html_attr(b, "aria-label", msg(req, MSG_DEPLOY_UI_ORG));
    html_lit(b, ">");
    for (int i = 0; keep && keep[i]; i++) hidden(b, keep[i], http_query(req, keep[i]));
    ui_select(b, "f-pick-org", "org", msg(req, MSG_DEPLOY_UI_ORG), o, n,
              region ? msg(req, MSG_DEPLOY_UI_REGION) : msg(req, MSG_DEPLOY_UI_CHOOSE), sc->org ? num(req, sc->org) : "",
              NULL);
    actions(b, msg(req, MSG_DEPLOY_UI_SHOW));
    html_lit(b, "</form>");
}

/* "?org=N" or "" for the region. */
static const char *org_query(http_request *req, int64_t org)
{
    return org ? href(req, "?org=%lld", org) : "";
}

/* ---- /deploy: the overview ---- */

static void plan_form(http_request *req, buf *b, const page_scope *sc, const api_errors *e)
{
    bool failed = e && e->n;
    int64_t today = deploy_day_of(time_now());
    int64_t from = monday_of(today) + 7;
    ui_heading(b, 3, msg(req, MSG_DEPLOY_UI_NEW_PLAN));
    if (failed) error_summary(req, b, msg(req, MSG_DEPLOY_UI_PLAN_NOT_MADE), e, "f-plan-");
    html_lit(b, "<div class=\"instroom-panel\">");
    form_begin(req, b, "/deploy/plans", "instroom-form");
    ui_paragraph(b, msg(req, MSG_DEPLOY_UI_NEW_PLAN_HINT));
    html_lit(b, "<div class=\"instroom-form-grid\">");
    page_field(b, "f-plan-from", "from", msg(req, MSG_DEPLOY_UI_FROM), "date",
               failed ? http_form(req, "from") : iso_day(req, from), api_errors_text(req, e, "from"), NULL, NULL);
    page_field(b, "f-plan-to", "to", msg(req, MSG_DEPLOY_UI_TO), "date",
               failed ? http_form(req, "to") : iso_day(req, from + 7 * OVERVIEW_WEEKS - 1),
               api_errors_text(req, e, "to"), NULL, NULL);
    html_lit(b, "</div>");
    int n;
    ui_option *o = org_options(req, sc, &n);
    const char *org = failed ? http_form(req, "org_id") : sc->org ? num(req, sc->org) : "";
    if (o && (sc->coordinator || n > 1))
        ui_select(b, "f-plan-org_id", "org_id", msg(req, MSG_DEPLOY_UI_PLAN_FOR), o, n,
                  sc->coordinator ? msg(req, MSG_DEPLOY_UI_REGION) : NULL, org, api_errors_text(req, e, "org_id"));
    else hidden(b, "org_id", org);
    actions(b, msg(req, MSG_DEPLOY_UI_MAKE_PLAN));
    html_lit(b, "</form></div>");
}

static void plans_table(http_request *req, buf *b, const deploy_plan_row *plans, int n)
{
    ui_table_begin(b, "plans-caption", msg(req, MSG_DEPLOY_UI_PLANS), false);
    thead_begin(b);
    ui_th(b, msg(req, MSG_DEPLOY_UI_PERIOD));
    ui_th(b, msg(req, MSG_DEPLOY_UI_PLAN_FOR));
    ui_th(b, msg(req, MSG_DEPLOY_UI_STATUS));
    th_num(b, msg(req, MSG_DEPLOY_UI_COVERAGE));
    ui_th(b, msg(req, MSG_DEPLOY_UI_MADE));
    thead_end(b);
    for (int i = 0; i < n; i++) {
        const deploy_plan_row *p = &plans[i];
        html_lit(b, "<tr class=\"utrecht-table__row\">");
        td_link(b, href(req, "/deploy/plans/%lld", p->id),
                arena_printf(req->arena, "%s – %s%s", date_text(req, p->from_date), date_text(req, p->to_date),
                             str_eq(p->kind, "repair") ? msg(req, MSG_DEPLOY_UI_REPAIR_MARK) : ""));
        ui_td(b, plan_scope_text(req, p));
        td_begin(b);
        ui_status_badge(b, plan_badge(p->status), plan_status_text(req, p->status));
        html_lit(b, "</td>");
        td_num(b, arena_printf(req->arena, "%d / %d (%s)", p->filled, p->needed, pct(req, p->filled, p->needed)));
        ui_td(b, arena_printf(req->arena, "%s, %s", p->created_by ? p->created_by : "—", ui_time(req, p->created_at)));
        html_lit(b, "</tr>");
    }
    table_end(b);
}

static const char *shift_status_text(http_request *req, const deploy_posted *s)
{
    if (s->cancelled_at) return msg(req, MSG_DEPLOY_UI_SHIFT_CANCELLED);
    if (s->published_at) return msg(req, MSG_DEPLOY_UI_SHIFT_PUBLISHED);
    return msg(req, MSG_DEPLOY_UI_SHIFT_OPEN);
}

static void shift_badge(http_request *req, buf *b, const deploy_posted *s)
{
    ui_badge k = s->cancelled_at ? UI_BADGE_NEUTRAL
                 : !s->published_at ? UI_BADGE_WARNING
                 : s->placed >= s->headcount ? UI_BADGE_SUCCESS : UI_BADGE_DANGER;
    ui_status_badge(b, k, shift_status_text(req, s));
}

static void shifts_table(http_request *req, buf *b, const char *id, const char *caption, const deploy_posted *s, int n,
                         bool with_org)
{
    ui_table_begin(b, id, caption, true);
    thead_begin(b);
    ui_th(b, msg(req, MSG_DEPLOY_UI_WHEN));
    if (with_org) ui_th(b, msg(req, MSG_DEPLOY_UI_ORG));
    ui_th(b, msg(req, MSG_DEPLOY_UI_LOCATION));
    ui_th(b, msg(req, MSG_DEPLOY_UI_TASKS));
    th_num(b, msg(req, MSG_DEPLOY_UI_PLACES));
    ui_th(b, msg(req, MSG_DEPLOY_UI_PRIORITY));
    ui_th(b, msg(req, MSG_DEPLOY_UI_STATUS));
    thead_end(b);
    for (int i = 0; i < n; i++) {
        html_lit(b, "<tr class=\"utrecht-table__row\"");
        html_attr(b, "data-shift", num(req, s[i].id));
        html_lit(b, ">");
        td_link(b, href(req, "/deploy/shifts/%lld", s[i].id), when_text(req, s[i].starts_at, s[i].ends_at));
        if (with_org) ui_td(b, s[i].org_name);
        ui_td(b, s[i].location);
        ui_td(b, s[i].tasks ? s[i].tasks : "—");
        td_num(b, arena_printf(req->arena, "%d / %d", s[i].placed, s[i].headcount));
        ui_td(b, priority_text(req, s[i].priority));
        td_begin(b);
        shift_badge(req, b, &s[i]);
        html_lit(b, "</td></tr>");
    }
    table_end(b);
}

/* The shifts of OVERVIEW_WEEKS weeks from the Monday of ?from: a line per
 * week (shifts, places filled of needed) and the shifts of ?week. */
static int shifts_by_week(http_request *req, buf *b, const page_scope *sc)
{
    int64_t today = deploy_day_of(time_now());
    int64_t from = day_param(http_query(req, "from"), today);
    if (from < 0) from = today;
    from = monday_of(from);
    int64_t to = from + 7 * OVERVIEW_WEEKS - 1;
    deploy_shift_filter f = {.org_id = sc->org, .from_day = from, .to_day = to, .with_cancelled = true};
    deploy_posted *s;
    int n;
    int rc = deploy_shift_list(http_db(req), req->arena, &f, &s, &n);
    if (rc) return rc;
    ui_heading(b, 2, msg(req, MSG_DEPLOY_UI_SHIFTS_BY_WEEK));
    html_lit(b, "<div class=\"instroom-toolbar\">");
    html_lit(b, "<form class=\"instroom-inline-form\" method=\"get\" action=\"/deploy\">");
    if (sc->org) hidden(b, "org", num(req, sc->org));
    page_field(b, "f-weeks-from", "from", msg(req, MSG_DEPLOY_UI_WEEKS_FROM), "date", iso_day(req, from), NULL, NULL,
               NULL);
    ui_submit(b, msg(req, MSG_DEPLOY_UI_SHOW));
    html_lit(b, "</form><p class=\"utrecht-paragraph\">");
    const char *o = sc->org ? href(req, "&org=%lld", sc->org) : "";
    ui_link(b, arena_printf(req->arena, "/deploy?from=%s%s", iso_day(req, from - 7 * OVERVIEW_WEEKS), o),
            msg(req, MSG_DEPLOY_UI_EARLIER));
    html_lit(b, " · ");
    ui_link(b, arena_printf(req->arena, "/deploy?from=%s%s", iso_day(req, from + 7 * OVERVIEW_WEEKS), o),
            msg(req, MSG_DEPLOY_UI_LATER));
    html_lit(b, "</p></div>");
    if (!n) {
        page_empty(b, msg(req, MSG_DEPLOY_UI_NO_SHIFTS), msg(req, MSG_DEPLOY_UI_NO_SHIFTS_TEXT),
                   sc->org ? href(req, "/deploy/shifts/new?org=%lld", sc->org) : NULL, msg(req, MSG_DEPLOY_UI_POST_SHIFT));
        return 0;
    }
    int64_t week = day_param(http_query(req, "week"), 0);
    if (week > 0) week = monday_of(week);
    if (week < from || week > to) week = monday_of(deploy_day_of(s[0].starts_at));
    ui_table_begin(b, "weeks-caption", msg(req, MSG_DEPLOY_UI_SHIFTS_BY_WEEK), false);
    thead_begin(b);
    ui_th(b, msg(req, MSG_DEPLOY_UI_WEEK_COL));
    th_num(b, msg(req, MSG_DEPLOY_UI_SHIFTS));
    th_num(b, msg(req, MSG_DEPLOY_UI_PLACES_FILLED));
    th_num(b, msg(req, MSG_DEPLOY_UI_COVERAGE));
    thead_end(b);
    for (int w = 0; w < OVERVIEW_WEEKS; w++) {
        int64_t mon = from + 7 * w;
        int shifts = 0, needed = 0, filled = 0;
        for (int i = 0; i < n; i++) {
            if (s[i].cancelled_at || monday_of(deploy_day_of(s[i].starts_at)) != mon) continue;
            shifts++;
            needed += s[i].headcount;
            filled += s[i].placed < s[i].headcount ? s[i].placed : s[i].headcount;
        }
        html_lit(b, "<tr class=\"utrecht-table__row\">");
        td_begin(b);
        if (shifts && mon != week)
            ui_link(b, arena_printf(req->arena, "/deploy?from=%s&week=%s%s", iso_day(req, from), iso_day(req, mon), o),
                    week_text(req, mon));
        else html_text(b, week_text(req, mon));
        html_lit(b, "</td>");
        td_num(b, num(req, shifts));
        td_num(b, arena_printf(req->arena, "%d / %d", filled, needed));
        td_num(b, needed ? pct(req, filled, needed) : "—");
        html_lit(b, "</tr>");
    }
    table_end(b);
    int first = -1, count = 0;
    for (int i = 0; i < n; i++)
        if (monday_of(deploy_day_of(s[i].starts_at)) == week) {
            if (first < 0) first = i;
            count++;
        }
    if (count) {
        ui_heading(b, 3, week_text(req, week));
        shifts_table(req, b, "week-caption", week_text(req, week), s + first, count, sc->org == 0);
    }
    return 0;
}

static void runners_table(http_request *req, buf *b, const deploy_runner *r, int n, bool documents)
{
    ui_table_begin(b, "runners-caption", msg(req, MSG_DEPLOY_UI_RUNNERS), false);
    thead_begin(b);
    ui_th(b, msg(req, MSG_DEPLOY_UI_NAME));
    if (documents) ui_th(b, msg(req, MSG_DEPLOY_UI_DOCUMENTS));
    th_num(b, msg(req, MSG_DEPLOY_UI_MAX_HOURS));
    th_num(b, msg(req, MSG_DEPLOY_UI_UPCOMING));
    thead_end(b);
    for (int i = 0; i < n; i++) {
        html_lit(b, "<tr class=\"utrecht-table__row\">");
        td_link(b, href(req, "/deploy/people/%lld", r[i].person_id), r[i].name);
        if (documents) {
            td_begin(b);
            const struct {
                bool ok;
                msg_id label;
            } docs[] = {{r[i].vog, MSG_DEPLOY_UI_DOC_VOG},
                        {r[i].identity, MSG_DEPLOY_UI_DOC_ID_SHORT},
                        {r[i].contract, MSG_DEPLOY_UI_DOC_CONTRACT_SHORT}};
            for (int k = 0; k < 3; k++) {
                ui_status_badge(b, docs[k].ok ? UI_BADGE_SUCCESS : UI_BADGE_DANGER,
                                msg_fill(req, docs[k].ok ? MSG_DEPLOY_UI_DOC_OK : MSG_DEPLOY_UI_DOC_MISSING,
                                         msg(req, docs[k].label), NULL));
                html_lit(b, " ");
            }
            html_lit(b, "</td>");
        }
        td_num(b, r[i].max_week_hours ? num(req, r[i].max_week_hours) : "—");
        td_num(b, num(req, r[i].upcoming));
        html_lit(b, "</tr>");
    }
    table_end(b);
}

static int overview_page(http_request *req, http_response *res, const page_scope *sc, int status,
                         const api_errors *plan_errors)
{
    db_conn *c = http_db(req);
    policy_target t = scope_target(POLICY_DEPLOY_PLAN, sc);
    bool plans = policy_allows(auth_current(req), POLICY_READ, &t, NULL);
    t = scope_target(POLICY_DEPLOY_DOCUMENT, sc);
    bool documents = policy_enforce(req, POLICY_READ, &t, "runners.documents");
    t = scope_target(POLICY_DEPLOY_HOURS, sc);
    bool hours = policy_allows(auth_current(req), POLICY_READ, &t, NULL);
    deploy_plan_row *pl = NULL;
    deploy_runner *rn = NULL;
    int np = 0, nr = 0;
    int rc = plans ? deploy_plan_list(c, req->arena, sc->org, &pl, &np) : 0;
    if (!rc) rc = deploy_runner_list(c, req->arena, sc->org, &rn, &nr);
    if (rc) return api_fail(rc);
    const char *title = msg(req, MSG_DEPLOY_UI_TITLE);
    page_begin(req, res, title);
    res->status = status;
    buf *b = &res->body;
    ui_heading(b, 1, title);
    intro(b, msg_fill(req, MSG_DEPLOY_UI_INTRO, org_name(req, sc->org), NULL));
    const char *posted = http_query(req, "posted");
    if (posted) page_alert(b, ALERT_OK, msg_fill(req, MSG_DEPLOY_UI_POSTED_N, posted, NULL));
    html_lit(b, "<div class=\"instroom-toolbar instroom-toolbar--start\">");
    page_button_link(b, arena_printf(req->arena, "/deploy/shifts/new%s", org_query(req, sc->org)),
                     msg(req, MSG_DEPLOY_UI_POST_SHIFT), 1);
    page_button_link(b, arena_printf(req->arena, "/deploy/locations%s", org_query(req, sc->org)),
                     msg(req, MSG_DEPLOY_UI_LOCATIONS), 0);
    if (hours)
        page_button_link(b, arena_printf(req->arena, "/deploy/hours%s", org_query(req, sc->org)),
                         msg(req, MSG_DEPLOY_UI_HOURS), 0);
    html_lit(b, "</div>");
    static const char *const keep[] = {"from", NULL};
    org_picker(req, b, sc, "/deploy", true, keep);
    if (plans) {
        ui_heading(b, 2, msg(req, MSG_DEPLOY_UI_PLANS));
        if (np) plans_table(req, b, pl, np);
        else muted(b, msg(req, MSG_DEPLOY_UI_NO_PLANS));
        t = scope_target(POLICY_DEPLOY_PLAN, sc);
        if (policy_allows(auth_current(req), POLICY_WRITE, &t, NULL)) plan_form(req, b, sc, plan_errors);
    }
    rc = shifts_by_week(req, b, sc);
    if (rc) return api_fail(rc);
    ui_heading(b, 2, msg(req, MSG_DEPLOY_UI_RUNNERS));
    if (nr) runners_table(req, b, rn, nr, documents);
    else page_empty(b, msg(req, MSG_DEPLOY_UI_NO_RUNNERS), msg(req, MSG_DEPLOY_UI_NO_RUNNERS_TEXT), NULL, NULL);
    page_end(req, res);
    return 0;
}

static int overview_show(http_request *req, http_response *res)
{
    page_scope sc;
    if (!scope_read(req, http_query(req, "org"), &sc)) return forbidden(req, res);
    policy_target t = scope_target(POLICY_DEPLOY_SHIFT, &sc);
    if (!policy_enforce(req, POLICY_READ, &t, NULL)) return forbidden(req, res);
    return overview_page(req, res, &sc, 200, NULL);
}

static int plan_create_submit(http_request *req, http_response *res)
{
    page_scope sc;
    if (!scope_read(req, http_form(req, "org_id"), &sc)) return forbidden(req, res);
    policy_target t = scope_target(POLICY_DEPLOY_PLAN, &sc);
    if (!policy_enforce(req, POLICY_WRITE, &t, NULL)) return forbidden(req, res);
    api_errors e = {0};
    int64_t id = 0;
    int rc = deploy_plan_create(req, sc.org, http_form(req, "from"), http_form(req, "to"), &id, &e);
    if (rc == DB_ENOTFOUND) { /* no shifts in the period */
        api_errors_add(&e, "from", MSG_DEPLOY_UI_PLAN_NO_SHIFTS);
        rc = API_EINVALID;
    }
    if (rc == API_EINVALID) return overview_page(req, res, &sc, 422, &e);
    return page_after_write(req, res, rc, href(req, "/deploy/plans/%lld", id));
}

/* ---- /deploy/shifts/new: one shift or a pattern ---- */

/* The first error of any of the names (NULL-terminated), for fields posted under several names. */
static const char *any_error(http_request *req, const api_errors *e, const char *const *names)
{
    for (int i = 0; names[i]; i++) {
        const char *t = api_errors_text(req, e, names[i]);
        if (t) return t;
    }
    return NULL;
}

static void shift_form(http_request *req, http_response *res, int status, const page_scope *sc, const api_errors *e)
{
    db_conn *c = http_db(req);
    bool failed = e && e->n;
    const char *title = msg(req, MSG_DEPLOY_UI_POST_SHIFT);
    page_begin(req, res, title);
    res->status = status;
    buf *b = &res->body;
    back_link(b, arena_printf(req->arena, "/deploy%s", org_query(req, sc->org)), msg(req, MSG_DEPLOY_UI_TITLE));
    ui_heading(b, 1, title);
    if (!sc->org) { /* the coordinator picks the organisation first */
        intro(b, msg(req, MSG_DEPLOY_UI_PICK_ORG_FIRST));
        org_picker(req, b, sc, "/deploy/shifts/new", false, NULL);
        page_end(req, res);
        return;
    }
    intro(b, msg_fill(req, MSG_DEPLOY_UI_POST_SHIFT_INTRO, org_name(req, sc->org), NULL));
    deploy_location *locs = NULL;
    int nl = 0;
    if (deploy_locations_of(c, req->arena, sc->org, &locs, &nl) != 0) nl = 0;
    if (!nl) {
        page_empty(b, msg(req, MSG_DEPLOY_UI_NO_LOCATIONS), msg(req, MSG_DEPLOY_UI_NO_LOCATIONS_FIRST),
                   href(req, "/deploy/locations?org=%lld", sc->org), msg(req, MSG_DEPLOY_UI_LOCATIONS));
        page_end(req, res);
        return;
    }
    if (failed) error_summary(req, b, msg(req, MSG_UI_FORM_INVALID), e, "f-shift-");
    html_lit(b, "<div class=\"instroom-panel\">");
    form_begin(req, b, "/deploy/shifts", "instroom-form");
    hidden(b, "org_id", num(req, sc->org));
    /* When: one date, or a pattern of weekdays over a period. */
    fieldset_begin(b, "f-shift-when", msg(req, MSG_DEPLOY_UI_WHEN), NULL, msg(req, MSG_DEPLOY_UI_WHEN_HINT));
    page_field(b, "f-shift-date", "date", msg(req, MSG_DEPLOY_UI_ONE_DATE), "date", failed ? http_form(req, "date") : NULL,
               api_errors_text(req, e, "date"), NULL, NULL);
    html_lit(b, "<div class=\"instroom-form-grid\">");
    page_field(b, "f-shift-from_date", "from_date", msg(req, MSG_DEPLOY_UI_PATTERN_FROM), "date",
               failed ? http_form(req, "from_date") : NULL, api_errors_text(req, e, "from_date"), NULL, NULL);
    page_field(b, "f-shift-to_date", "to_date", msg(req, MSG_DEPLOY_UI_PATTERN_TO), "date",
               failed ? http_form(req, "to_date") : NULL, api_errors_text(req, e, "to_date"), NULL, NULL);
    html_lit(b, "</div>");
    int64_t days[7];
    int nd = 0;
    if (failed && form_ids(req, "weekdays", days, 7, &nd) != 0) nd = 0;
    fieldset_begin(b, "f-shift-weekdays", msg(req, MSG_DEPLOY_UI_WEEKDAYS), api_errors_text(req, e, "weekdays"), NULL);
    for (int d = 0; d < 7; d++)
        checkbox(b, arena_printf(req->arena, "f-shift-day-%d", d), "weekdays", num(req, d + 1),
                 has_id(days, nd, d + 1), msg(req, (msg_id)(MSG_DEPLOY_UI_MONDAY + d)));
    fieldset_end(b);
    fieldset_end(b);
    html_lit(b, "<div class=\"instroom-form-grid\">");
    page_field(b, "f-shift-start", "start", msg(req, MSG_DEPLOY_UI_START), "time", failed ? http_form(req, "start") : NULL,
               api_errors_text(req, e, "start"), NULL, NULL);
    page_field(b, "f-shift-end", "end", msg(req, MSG_DEPLOY_UI_END), "time", failed ? http_form(req, "end") : NULL,
               api_errors_text(req, e, "end"), msg(req, MSG_DEPLOY_UI_END_HINT), NULL);
    html_lit(b, "</div>");
    int64_t chosen[MAX_IDS];
    int nc = 0;
    if (failed && form_ids(req, "location_ids", chosen, MAX_IDS, &nc) != 0) nc = 0;
    static const char *const loc_fields[] = {"location_ids", "location_id", "locations", NULL};
    fieldset_begin(b, "f-shift-location_ids", msg(req, MSG_DEPLOY_UI_LOCATIONS), any_error(req, e, loc_fields), NULL);
    for (int i = 0; i < nl; i++)
        checkbox(b, arena_printf(req->arena, "f-shift-loc-%lld", (long long)locs[i].id), "location_ids",
                 num(req, locs[i].id), has_id(chosen, nc, locs[i].id) || (!failed && nl == 1), locs[i].name);
    fieldset_end(b);
    html_lit(b, "<div class=\"instroom-form-grid\">");
    page_field(b, "f-shift-headcount", "headcount", msg(req, MSG_DEPLOY_UI_HEADCOUNT), "number",
               failed ? http_form(req, "headcount") : "1", api_errors_text(req, e, "headcount"), NULL, NULL);
    const ui_option prio[] = {{"low", msg(req, MSG_DEPLOY_UI_PRIO_LOW)},
                              {"normal", msg(req, MSG_DEPLOY_UI_PRIO_NORMAL)},
                              {"high", msg(req, MSG_DEPLOY_UI_PRIO_HIGH)}};
    ui_select(b, "f-shift-priority", "priority", msg(req, MSG_DEPLOY_UI_PRIORITY), prio, 3, NULL,
              failed ? http_form(req, "priority") : "normal", api_errors_text(req, e, "priority"));
    html_lit(b, "</div>");
    page_field(b, "f-shift-tasks", "tasks", msg(req, MSG_DEPLOY_UI_TASKS), "textarea", failed ? http_form(req, "tasks") : NULL,
               api_errors_text(req, e, "tasks"), msg(req, MSG_DEPLOY_UI_TASKS_HINT), NULL);
    int64_t *sk_ids = NULL;
    const char **sk_labels = NULL;
    int ns = 0;
    if (skills_filter_choices(c, req->arena, req->lang, &sk_ids, &sk_labels, &ns) != 0) ns = 0;
    int64_t sk_chosen[MAX_IDS];
    int nsc = 0;
    if (failed && form_ids(req, "skill_ids", sk_chosen, MAX_IDS, &nsc) != 0) nsc = 0;
    static const char *const skill_fields[] = {"skill_ids", "skill_id", "skills", NULL};
    fieldset_begin(b, "f-shift-skill_ids", msg(req, MSG_DEPLOY_UI_SKILLS), any_error(req, e, skill_fields),
                   msg(req, MSG_DEPLOY_UI_SKILLS_HINT));
    html_lit(b, "<div class=\"instroom-form-grid\">");
    for (int i = 0; i < ns; i++)
        checkbox(b, arena_printf(req->arena, "f-shift-skill-%lld", (long long)sk_ids[i]), "skill_ids", num(req, sk_ids[i]),
                 has_id(sk_chosen, nsc, sk_ids[i]), sk_labels[i]);
    html_lit(b, "</div>");
    fieldset_end(b);
    html_lit(b, "<div class=\"instroom-form__actions\">");
    ui_submit(b, msg(req, MSG_DEPLOY_UI_POST_SHIFT));
    page_button_link(b, arena_printf(req->arena, "/deploy%s", org_query(req, sc->org)), msg(req, MSG_UI_CANCEL), 0);
    html_lit(b, "</div></form></div>");
    page_end(req, res);
}

static int shift_new_show(http_request *req, http_response *res)
{
    page_scope sc;
    if (!scope_read(req, http_query(req, "org"), &sc)) return forbidden(req, res);
    if (sc.org) {
        policy_target t = scope_target(POLICY_DEPLOY_SHIFT, &sc);
        if (!policy_enforce(req, POLICY_WRITE, &t, NULL)) return forbidden(req, res);
    }
    shift_form(req, res, 200, &sc, NULL);
    return 0;
}

static int shift_create_submit(http_request *req, http_response *res)
{
    page_scope sc;
    if (!scope_read(req, http_form(req, "org_id"), &sc) || !sc.org) return forbidden(req, res);
    policy_target t = scope_target(POLICY_DEPLOY_SHIFT, &sc);
    if (!policy_enforce(req, POLICY_WRITE, &t, NULL)) return forbidden(req, res);
    deploy_shift_input in = {
        .date = http_form(req, "date"),
        .from_date = http_form(req, "from_date"),
        .to_date = http_form(req, "to_date"),
        .start = http_form(req, "start"),
        .end = http_form(req, "end"),
        .headcount = http_form(req, "headcount"),
        .priority = http_form(req, "priority"),
        .tasks = http_form(req, "tasks"),
    };
    if (in.date && !*in.date) in.date = NULL;
    if (in.from_date && !*in.from_date) in.from_date = NULL;
    if (in.to_date && !*in.to_date) in.to_date = NULL;
    if (in.tasks && !*in.tasks) in.tasks = NULL;
    api_errors e = {0};
    int64_t ids[MAX_IDS];
    int n = 0;
    if (form_ids(req, "weekdays", ids, 7, &n) != 0) api_errors_add(&e, "weekdays", MSG_DEPLOY_UI_WEEKDAYS_INVALID);
    for (int i = 0; i < n; i++) {
        if (ids[i] > 7) api_errors_add(&e, "weekdays", MSG_DEPLOY_UI_WEEKDAYS_INVALID);
        else in.weekdays |= 1 << (ids[i] - 1);
    }
    if (form_ids(req, "location_ids", in.location_ids, DEPLOY_MAX_LOCATIONS, &in.nlocations) != 0)
        api_errors_add(&e, "location_ids", MSG_DEPLOY_UI_TOO_MANY_LOCATIONS);
    if (form_ids(req, "skill_ids", in.skill_ids, DEPLOY_MAX_SKILLS, &in.nskills) != 0)
        api_errors_add(&e, "skill_ids", MSG_DEPLOY_UI_TOO_MANY_SKILLS);
    int64_t first = 0;
    int made = 0;
    int rc;
    if (e.n) {
        deploy_shift_validate(&in, &e);
        rc = API_EINVALID;
    } else rc = deploy_shift_post(req, sc.org, &in, &first, &made, &e);
    if (rc == API_EINVALID) {
        shift_form(req, res, 422, &sc, &e);
        return 0;
    }
    if (!rc && made == 1) return page_after_write(req, res, rc, href(req, "/deploy/shifts/%lld?posted=1", first));
    deploy_posted s = {0};
    if (!rc && deploy_shift_load(http_db(req), req->arena, first, &s) != 0) s.starts_at = time_now();
    return page_after_write(req, res, rc,
                            arena_printf(req->arena, "/deploy?org=%lld&from=%s&posted=%d", (long long)sc.org,
                                         iso_day(req, deploy_day_of(s.starts_at)), made));
}

/* ---- /deploy/shifts/{id} ---- */

static int shift_page(http_request *req, http_response *res, const deploy_posted *s, int status, const api_errors *e)
{
    db_conn *c = http_db(req);
    policy_target t = org_target(POLICY_DEPLOY_ROSTER, &s->org_id, 0, 0);
    bool people = policy_allows(auth_current(req), POLICY_READ, &t, NULL);
    deploy_rostered *r = NULL;
    int nr = 0;
    int rc = people ? deploy_shift_people(c, req->arena, s->id, true, &r, &nr) : 0;
    if (rc) return api_fail(rc);
    t = org_target(POLICY_DEPLOY_SHIFT, &s->org_id, s->id, 0);
    bool write = policy_allows(auth_current(req), POLICY_WRITE, &t, NULL);
    const char *title = msg_fill(req, MSG_DEPLOY_UI_SHIFT_TITLE, s->location, when_text(req, s->starts_at, s->ends_at));
    page_begin(req, res, title);
    res->status = status;
    buf *b = &res->body;
    back_link(b, arena_printf(req->arena, "/deploy?org=%lld&from=%s&week=%s", (long long)s->org_id,
                              iso_day(req, monday_of(deploy_day_of(s->starts_at))),
                              iso_day(req, monday_of(deploy_day_of(s->starts_at)))),
              msg(req, MSG_DEPLOY_UI_TITLE));
    ui_heading(b, 1, title);
    if (http_query(req, "posted")) page_alert(b, ALERT_OK, msg(req, MSG_DEPLOY_UI_POSTED_ONE));
    if (http_query(req, "cancelled")) page_alert(b, ALERT_OK, msg(req, MSG_DEPLOY_UI_SHIFT_CANCEL_DONE));
    const char *repair = http_query(req, "repair");
    if (repair) {
        html_lit(b, "<p class=\"utrecht-paragraph\">");
        ui_link(b, arena_printf(req->arena, "/deploy/plans/%s", repair), msg(req, MSG_DEPLOY_UI_SEE_REPAIR));
        html_lit(b, "</p>");
    }
    ui_data_begin(b);
    ui_data_row(b, msg(req, MSG_DEPLOY_UI_ORG), s->org_name);
    ui_data_row(b, msg(req, MSG_DEPLOY_UI_LOCATION),
                s->postcode ? arena_printf(req->arena, "%s (%s)", s->location, s->postcode) : s->location);
    ui_data_row(b, msg(req, MSG_DEPLOY_UI_WHEN), when_text(req, s->starts_at, s->ends_at));
    ui_data_row(b, msg(req, MSG_DEPLOY_UI_PLACES), arena_printf(req->arena, "%d / %d", s->placed, s->headcount));
    ui_data_row(b, msg(req, MSG_DEPLOY_UI_PRIORITY), priority_text(req, s->priority));
    ui_data_row(b, msg(req, MSG_DEPLOY_UI_TASKS), s->tasks);
    buf sk;
    buf_init(&sk, 1 << 16);
    for (int i = 0; i < s->nskills; i++) {
        if (i) buf_puts(&sk, ", ");
        buf_puts(&sk, is_en(req) && s->skills[i].label_en ? s->skills[i].label_en : s->skills[i].label_nl);
    }
    ui_data_row(b, msg(req, MSG_DEPLOY_UI_SKILLS), arena_strdup(req->arena, buf_cstr(&sk)));
    buf_free(&sk);
    html_lit(b, "<div class=\"utrecht-data-list__item\"><dt class=\"utrecht-data-list__item-key\">");
    html_text(b, msg(req, MSG_DEPLOY_UI_STATUS));
    html_lit(b, "</dt><dd class=\"utrecht-data-list__item-value utrecht-data-list__item-value--html-dd\">");
    shift_badge(req, b, s);
    html_lit(b, "</dd></div>");
    ui_data_end(b);
    if (people) {
        ui_heading(b, 2, msg(req, MSG_DEPLOY_UI_ROSTERED));
        if (!nr) muted(b, msg(req, MSG_DEPLOY_UI_NOBODY_YET));
        else {
            ui_table_begin(b, "rostered-caption", msg(req, MSG_DEPLOY_UI_ROSTERED), false);
            thead_begin(b);
            ui_th(b, msg(req, MSG_DEPLOY_UI_NAME));
            ui_th(b, msg(req, MSG_DEPLOY_UI_STATUS));
            ui_th(b, msg(req, MSG_DEPLOY_UI_SOURCE));
            ui_th(b, msg(req, MSG_DEPLOY_UI_HOURS));
            thead_end(b);
            for (int i = 0; i < nr; i++) {
                html_lit(b, "<tr class=\"utrecht-table__row\">");
                td_link(b, href(req, "/deploy/people/%lld", r[i].person_id), r[i].person_name);
                td_begin(b);
                ui_status_badge(b, str_eq(r[i].status, "cancelled") ? UI_BADGE_NEUTRAL : UI_BADGE_SUCCESS,
                                assignment_status_text(req, r[i].status));
                html_lit(b, "</td>");
                ui_td(b, source_text(req, r[i].source));
                ui_td(b, r[i].hours_status ? arena_printf(req->arena, "%s, %s", hours_status_text(req, r[i].hours_status),
                                                          hmm(req, r[i].worked_minutes))
                                           : hours_status_text(req, NULL));
                html_lit(b, "</tr>");
            }
            table_end(b);
        }
    }
    if (write && !s->cancelled_at && s->starts_at > time_now()) {
        ui_heading(b, 2, msg(req, MSG_DEPLOY_UI_CANCEL_SHIFT));
        if (e && e->n) error_summary(req, b, msg(req, MSG_DEPLOY_UI_NOT_CANCELLED), e, "f-cancel-");
        html_lit(b, "<div class=\"instroom-panel\">");
        form_begin(req, b, href(req, "/deploy/shifts/%lld/cancel", s->id), "instroom-form");
        ui_paragraph(b, msg(req, MSG_DEPLOY_UI_CANCEL_SHIFT_HINT));
        page_field(b, "f-cancel-reason", "reason", msg(req, MSG_DEPLOY_UI_REASON), "text",
                   e && e->n ? http_form(req, "reason") : NULL, api_errors_text(req, e, "reason"), NULL, NULL);
        actions(b, msg(req, MSG_DEPLOY_UI_CANCEL_SHIFT));
        html_lit(b, "</form></div>");
    }
    page_end(req, res);
    return 0;
}

/* Loads the shift of the path and asks the policy; *done when a page (404, 403) was written. */
static int load_shift(http_request *req, http_response *res, policy_op op, deploy_posted *s, bool *done)
{
    *done = true;
    int64_t id = http_path_id(req, "id");
    int rc = id ? deploy_shift_load(http_db(req), req->arena, id, s) : DB_ENOTFOUND;
    if (rc) return store_failed(req, res, rc);
    policy_target t = org_target(POLICY_DEPLOY_SHIFT, &s->org_id, s->id, 0);
    if (!policy_enforce(req, op, &t, NULL)) return forbidden(req, res);
    *done = false;
    return 0;
}

static int shift_show(http_request *req, http_response *res)
{
    deploy_posted s;
    bool done;
    int rc = load_shift(req, res, POLICY_READ, &s, &done);
    if (rc || done) return rc;
    return shift_page(req, res, &s, 200, NULL);
}

static int shift_cancel_submit(http_request *req, http_response *res)
{
    deploy_posted s;
    bool done;
    int rc = load_shift(req, res, POLICY_WRITE, &s, &done);
    if (rc || done) return rc;
    api_errors e = {0};
    int64_t repair = 0;
    rc = deploy_shift_cancel(req, s.id, str_trim(req->arena, http_form(req, "reason")), &repair, &e);
    if (rc == API_EINVALID) return shift_page(req, res, &s, 422, &e);
    if (!rc && repair) return page_after_write(req, res, rc, href(req, "/deploy/plans/%lld?repair=1", repair));
    return page_after_write(req, res, rc, href(req, "/deploy/shifts/%lld?cancelled=1", s.id));
}

/* ---- /deploy/locations ---- */

static int locations_page(http_request *req, http_response *res, const page_scope *sc, int status, const api_errors *e)
{
    deploy_location *locs = NULL;
    int n = 0;
    if (sc->org) {
        int rc = deploy_locations_of(http_db(req), req->arena, sc->org, &locs, &n);
        if (rc) return api_fail(rc);
    }
    const char *title = msg(req, MSG_DEPLOY_UI_LOCATIONS);
    page_begin(req, res, title);
    res->status = status;
    buf *b = &res->body;
    back_link(b, arena_printf(req->arena, "/deploy%s", org_query(req, sc->org)), msg(req, MSG_DEPLOY_UI_TITLE));
    ui_heading(b, 1, title);
    if (http_query(req, "saved")) page_alert(b, ALERT_OK, msg(req, MSG_DEPLOY_UI_SAVED));
    org_picker(req, b, sc, "/deploy/locations", false, NULL);
    if (!sc->org) {
        intro(b, msg(req, MSG_DEPLOY_UI_PICK_ORG_FIRST));
        page_end(req, res);
        return 0;
    }
    intro(b, msg_fill(req, MSG_DEPLOY_UI_LOCATIONS_INTRO, org_name(req, sc->org), NULL));
    if (n) {
        ui_table_begin(b, "locations-caption", title, false);
        thead_begin(b);
        ui_th(b, msg(req, MSG_DEPLOY_UI_NAME));
        ui_th(b, msg(req, MSG_DEPLOY_UI_ADDRESS));
        ui_th(b, msg(req, MSG_DEPLOY_UI_POSTCODE));
        thead_end(b);
        for (int i = 0; i < n; i++) {
            html_lit(b, "<tr class=\"utrecht-table__row\">");
            ui_td(b, locs[i].name);
            ui_td(b, locs[i].address ? locs[i].address : "—");
            ui_td(b, locs[i].postcode ? locs[i].postcode : "—");
            html_lit(b, "</tr>");
        }
        table_end(b);
    } else page_empty(b, msg(req, MSG_DEPLOY_UI_NO_LOCATIONS), msg(req, MSG_DEPLOY_UI_NO_LOCATIONS_TEXT), NULL, NULL);
    policy_target t = scope_target(POLICY_DEPLOY_SHIFT, sc);
    if (policy_allows(auth_current(req), POLICY_WRITE, &t, NULL)) {
        bool failed = e && e->n;
        ui_heading(b, 2, msg(req, MSG_DEPLOY_UI_NEW_LOCATION));
        if (failed) error_summary(req, b, msg(req, MSG_UI_FORM_INVALID), e, "f-loc-");
        html_lit(b, "<div class=\"instroom-panel\">");
        form_begin(req, b, "/deploy/locations", "instroom-form");
        hidden(b, "org_id", num(req, sc->org));
        page_field(b, "f-loc-name", "name", msg(req, MSG_DEPLOY_UI_NAME), "text", failed ? http_form(req, "name") : NULL,
                   api_errors_text(req, e, "name"), NULL, NULL);
        page_field(b, "f-loc-address", "address", msg(req, MSG_DEPLOY_UI_ADDRESS), "text",
                   failed ? http_form(req, "address") : NULL, api_errors_text(req, e, "address"), msg(req, MSG_UI_OPTIONAL),
                   NULL);
        page_field(b, "f-loc-postcode", "postcode", msg(req, MSG_DEPLOY_UI_POSTCODE), "text",
                   failed ? http_form(req, "postcode") : NULL, api_errors_text(req, e, "postcode"),
                   msg(req, MSG_DEPLOY_UI_POSTCODE_HINT), "postal-code");
        actions(b, msg(req, MSG_DEPLOY_UI_ADD_LOCATION));
        html_lit(b, "</form></div>");
    }
    page_end(req, res);
    return 0;
}

static int locations_show(http_request *req, http_response *res)
{
    page_scope sc;
    if (!scope_read(req, http_query(req, "org"), &sc)) return forbidden(req, res);
    if (sc.org) {
        policy_target t = scope_target(POLICY_DEPLOY_SHIFT, &sc);
        if (!policy_enforce(req, POLICY_READ, &t, NULL)) return forbidden(req, res);
    }
    return locations_page(req, res, &sc, 200, NULL);
}

static int location_create_submit(http_request *req, http_response *res)
{
    page_scope sc;
    if (!scope_read(req, http_form(req, "org_id"), &sc) || !sc.org) return forbidden(req, res);
    policy_target t = scope_target(POLICY_DEPLOY_SHIFT, &sc);
    if (!policy_enforce(req, POLICY_WRITE, &t, NULL)) return forbidden(req, res);
    deploy_location_input in = {
        .name = str_trim(req->arena, http_form(req, "name")),
        .address = str_trim(req->arena, http_form(req, "address")),
        .postcode = str_trim(req->arena, http_form(req, "postcode")),
    };
    if (in.address && !*in.address) in.address = NULL;
    if (in.postcode && !*in.postcode) in.postcode = NULL;
    api_errors e = {0};
    int64_t id = 0;
    int rc = deploy_location_save(req, sc.org, &id, &in, &e);
    if (rc == API_EINVALID) return locations_page(req, res, &sc, 422, &e);
    return page_after_write(req, res, rc, href(req, "/deploy/locations?org=%lld&saved=1", sc.org));
}

/* ---- Charts (as insight/svg.h draws them: an SVG with a title, a
 * description and text labels, and a table with the same numbers) ---- */

#define CHART_W 640

/* Appends ` name="v"` with v to one decimal; name must be a literal. */
#define attr_num(b, name, v)                              \
    do {                                                  \
        char num_[32];                                    \
        snprintf(num_, sizeof num_, "%.1f", (double)(v)); \
        html_attr((b), name, num_);                       \
    } while (0)

static void svg_text(buf *b, double x, double y, const char *anchor, const char *text)
{
    html_lit(b, "<text");
    attr_num(b, "x", x);
    attr_num(b, "y", y);
    html_attr(b, "text-anchor", anchor);
    html_lit(b, " fill=\"#1a1a1a\">");
    html_text(b, text);
    html_lit(b, "</text>");
}

static void svg_rect(buf *b, double x, double y, double w, double h, const char *fill)
{
    html_lit(b, "<rect");
    attr_num(b, "x", x);
    attr_num(b, "y", y);
    attr_num(b, "width", w < 0 ? 0 : w);
    attr_num(b, "height", h);
    html_attr(b, "fill", fill);
    html_lit(b, "/>");
}

/* Coverage per week as horizontal bars (places filled of needed, 0–100 %). */
static void coverage_chart(http_request *req, buf *b, const char *const *labels, const int *filled, const int *needed,
                           int n)
{
    const double label_w = 150, bar_x = 160, bar_max = 330, row = 28;
    int height = (int)(n * row + 16);
    char box[64];
    snprintf(box, sizeof box, "0 0 %d %d", CHART_W, height);
    const char *title = msg(req, MSG_DEPLOY_UI_COVERAGE_BY_WEEK);
    html_lit(b, "<figure class=\"instroom-chart\" id=\"chart-coverage\"><svg xmlns=\"http://www.w3.org/2000/svg\" "
                "class=\"instroom-chart__svg\" role=\"img\" aria-labelledby=\"chart-coverage-title chart-coverage-desc\"");
    html_attr(b, "viewBox", box);
    html_lit(b, " preserveAspectRatio=\"xMinYMin meet\" font-family=\"sans-serif\" font-size=\"13\">"
                "<title id=\"chart-coverage-title\">");
    html_text(b, title);
    html_lit(b, "</title><desc id=\"chart-coverage-desc\">");
    html_text(b, msg(req, MSG_DEPLOY_UI_COVERAGE_DESC));
    html_lit(b, "</desc>");
    for (int i = 0; i < n; i++) {
        double y = 8 + i * row;
        double w = needed[i] > 0 ? bar_max * (double)filled[i] / (double)needed[i] : 0;
        html_lit(b, "<g>");
        svg_text(b, label_w, y + 17, "end", labels[i]);
        svg_rect(b, bar_x, y + 3, bar_max, row - 8, "#e6e6e6");
        svg_rect(b, bar_x, y + 3, w, row - 8, filled[i] >= needed[i] ? "#2e7d32" : "#1f5f99");
        svg_text(b, bar_x + bar_max + 6, y + 17, "start",
                 needed[i] ? arena_printf(req->arena, "%s (%d/%d)", pct(req, filled[i], needed[i]), filled[i], needed[i])
                           : "—");
        html_lit(b, "</g>");
    }
    html_lit(b, "</svg>");
    ui_table_begin(b, "coverage-caption", title, true);
    thead_begin(b);
    ui_th(b, msg(req, MSG_DEPLOY_UI_WEEK_COL));
    th_num(b, msg(req, MSG_DEPLOY_UI_PLACES_FILLED));
    th_num(b, msg(req, MSG_DEPLOY_UI_COVERAGE));
    thead_end(b);
    for (int i = 0; i < n; i++) {
        html_lit(b, "<tr class=\"utrecht-table__row\">");
        ui_td(b, labels[i]);
        td_num(b, arena_printf(req->arena, "%d / %d", filled[i], needed[i]));
        td_num(b, needed[i] ? pct(req, filled[i], needed[i]) : "—");
        html_lit(b, "</tr>");
    }
    table_end(b);
    html_lit(b, "</figure>");
}

/* ---- /deploy/plans/{id}: a proposal ---- */

typedef struct plan_state {
    const api_errors *e;          /* a refused form's errors, or NULL */
    const deploy_refusal *why;    /* a refused hand change, or NULL */
    const char *form;             /* "assign", "unassign", "publish", "discard" */
} plan_state;

/* The week of the plan shown: ?week (or the posted week), else the plan's first. */
static int64_t plan_week(http_request *req, int64_t pf, int64_t pt)
{
    const char *v = str_eq(req->method, "POST") ? http_form(req, "week") : http_query(req, "week");
    int64_t w = day_param(v, 0);
    if (w <= 0) return monday_of(pf);
    w = monday_of(w);
    return w < monday_of(pf) || w > pt ? monday_of(pf) : w;
}

static void plan_summary(http_request *req, buf *b, const deploy_plan_view *v)
{
    const deploy_plan_row *p = &v->plan;
    html_lit(b, "<ul class=\"instroom-tiles\"><li class=\"instroom-tile\"><h2 class=\"instroom-tile__title\">");
    html_text(b, msg(req, MSG_DEPLOY_UI_COVERAGE));
    html_lit(b, "</h2><p class=\"instroom-tile__figure\" id=\"plan-coverage\">");
    html_text(b, pct(req, p->filled, p->needed));
    html_lit(b, "</p><p class=\"instroom-tile__label\">");
    html_text(b, msg_fill(req, MSG_DEPLOY_UI_PLACES_OF, num(req, p->filled), num(req, p->needed)));
    html_lit(b, "</p></li><li class=\"instroom-tile\"><h2 class=\"instroom-tile__title\">");
    html_text(b, msg(req, MSG_DEPLOY_UI_SHIFTS));
    html_lit(b, "</h2><p class=\"instroom-tile__figure\">");
    html_int(b, v->nshifts);
    html_lit(b, "</p><p class=\"instroom-tile__label\">");
    html_text(b, msg_fill(req, MSG_DEPLOY_UI_SHIFTS_UNFILLED, num(req, v->nunfilled), NULL));
    html_lit(b, "</p></li><li class=\"instroom-tile\"><h2 class=\"instroom-tile__title\">");
    html_text(b, msg(req, MSG_DEPLOY_UI_PEOPLE));
    html_lit(b, "</h2><p class=\"instroom-tile__figure\">");
    html_int(b, v->npeople);
    html_lit(b, "</p><p class=\"instroom-tile__label\">");
    html_text(b, msg(req, MSG_DEPLOY_UI_PEOPLE_IN_PLAN));
    html_lit(b, "</p></li></ul>");
    ui_data_begin(b);
    html_lit(b, "<div class=\"utrecht-data-list__item\"><dt class=\"utrecht-data-list__item-key\">");
    html_text(b, msg(req, MSG_DEPLOY_UI_STATUS));
    html_lit(b, "</dt><dd class=\"utrecht-data-list__item-value utrecht-data-list__item-value--html-dd\" id=\"plan-status\">");
    ui_status_badge(b, plan_badge(p->status), plan_status_text(req, p->status));
    html_lit(b, "</dd></div>");
    ui_data_row(b, msg(req, MSG_DEPLOY_UI_PLAN_FOR), plan_scope_text(req, p));
    ui_data_row(b, msg(req, MSG_DEPLOY_UI_PERIOD),
                arena_printf(req->arena, "%s – %s", date_text(req, p->from_date), date_text(req, p->to_date)));
    if (p->cause) ui_data_row(b, msg(req, MSG_DEPLOY_UI_CAUSE), p->cause);
    if (str_eq(p->kind, "repair")) ui_data_row(b, msg(req, MSG_DEPLOY_UI_CHANGES), num(req, p->changes));
    ui_data_row(b, msg(req, MSG_DEPLOY_UI_MADE),
                arena_printf(req->arena, "%s, %s", p->created_by ? p->created_by : "—", ui_time(req, p->created_at)));
    ui_data_row(b, msg(req, MSG_DEPLOY_UI_ENGINE_TIME),
                msg_fill(req, MSG_DEPLOY_UI_SECONDS, seconds_text(req, p->seconds),
                         NULL));
    if (p->published_at) ui_data_row(b, msg(req, MSG_DEPLOY_UI_PUBLISHED_AT), ui_time(req, p->published_at));
    ui_data_end(b);
}

static void plan_coverage(http_request *req, buf *b, const deploy_plan_view *v, int64_t pf, int64_t pt)
{
    int nw = (int)((monday_of(pt) - monday_of(pf)) / 7) + 1;
    if (nw < 1 || nw > 60) return;
    const char **labels = arena_calloc(req->arena, (size_t)nw, sizeof *labels);
    int *filled = arena_calloc(req->arena, (size_t)nw, sizeof *filled);
    int *needed = arena_calloc(req->arena, (size_t)nw, sizeof *needed);
    if (!labels || !filled || !needed) return;
    for (int w = 0; w < nw; w++) {
        char wk[4];
        time_format_ams(wk, sizeof wk, deploy_instant(monday_of(pf) + 7 * w, 720), "%V");
        labels[w] = msg_fill(req, MSG_DEPLOY_UI_WEEK_SHORT, wk[0] == '0' ? wk + 1 : wk, NULL);
    }
    for (int i = 0; i < v->nassigned; i++) {
        if (str_eq(v->assigned[i].status, "cancelled")) continue;
        int w = (int)((monday_of(deploy_day_of(v->assigned[i].starts_at)) - monday_of(pf)) / 7);
        if (w >= 0 && w < nw) filled[w]++, needed[w]++;
    }
    for (int i = 0; i < v->nunfilled; i++) {
        int w = (int)((monday_of(deploy_day_of(v->unfilled[i].shift.starts_at)) - monday_of(pf)) / 7);
        if (w >= 0 && w < nw) needed[w] += v->unfilled[i].open;
    }
    ui_heading(b, 2, msg(req, MSG_DEPLOY_UI_COVERAGE_BY_WEEK));
    coverage_chart(req, b, labels, filled, needed, nw);
}

/* Why places stay open: the places and shifts per main reason over the
 * whole plan, then the open shifts of the week shown with every count. */
static void plan_unfilled(http_request *req, buf *b, const deploy_plan_view *v, int64_t week, bool region)
{
    ui_heading(b, 2, msg(req, MSG_DEPLOY_UI_UNFILLED));
    if (!v->nunfilled) {
        ui_paragraph(b, msg(req, MSG_DEPLOY_UI_ALL_FILLED));
        return;
    }
    int places[DEPLOY_RULE_COUNT] = {0}, shifts[DEPLOY_RULE_COUNT] = {0};
    for (int i = 0; i < v->nunfilled; i++) {
        deploy_rule r = v->unfilled[i].reason;
        if ((int)r < 0 || r >= DEPLOY_RULE_COUNT) r = DEPLOY_RULE_OK;
        places[r] += v->unfilled[i].open;
        shifts[r]++;
    }
    ui_table_begin(b, "reasons-caption", msg(req, MSG_DEPLOY_UI_REASONS), true);
    thead_begin(b);
    ui_th(b, msg(req, MSG_DEPLOY_UI_REASON_MAIN));
    th_num(b, msg(req, MSG_DEPLOY_UI_SHIFTS));
    th_num(b, msg(req, MSG_DEPLOY_UI_OPEN_PLACES));
    thead_end(b);
    for (int r = 0; r < DEPLOY_RULE_COUNT; r++) {
        if (!shifts[r]) continue;
        html_lit(b, "<tr class=\"utrecht-table__row\"");
        html_attr(b, "data-rule", deploy_rule_name((deploy_rule)r));
        html_lit(b, ">");
        ui_td(b, r == DEPLOY_RULE_OK ? msg(req, MSG_DEPLOY_UI_NOBODY_KEPT_OFF) : deploy_rule_text(req, (deploy_rule)r));
        td_num(b, num(req, shifts[r]));
        td_num(b, num(req, places[r]));
        html_lit(b, "</tr>");
    }
    table_end(b);
    int shown = 0;
    for (int i = 0; i < v->nunfilled; i++) {
        const deploy_unfilled *u = &v->unfilled[i];
        if (monday_of(deploy_day_of(u->shift.starts_at)) != week) continue;
        if (!shown++) {
            ui_table_begin(b, "unfilled-caption", msg_fill(req, MSG_DEPLOY_UI_UNFILLED_IN, week_text(req, week), NULL),
                           true);
            thead_begin(b);
            ui_th(b, msg(req, MSG_DEPLOY_UI_WHEN));
            if (region) ui_th(b, msg(req, MSG_DEPLOY_UI_ORG));
            ui_th(b, msg(req, MSG_DEPLOY_UI_LOCATION));
            th_num(b, msg(req, MSG_DEPLOY_UI_OPEN_PLACES));
            ui_th(b, msg(req, MSG_DEPLOY_UI_REASON_MAIN));
            ui_th(b, msg(req, MSG_DEPLOY_UI_KEPT_OFF));
            thead_end(b);
        }
        html_lit(b, "<tr class=\"utrecht-table__row\"");
        html_attr(b, "data-shift", num(req, u->shift.id));
        html_lit(b, ">");
        td_link(b, href(req, "/deploy/shifts/%lld", u->shift.id), when_text(req, u->shift.starts_at, u->shift.ends_at));
        if (region) ui_td(b, u->shift.org_name);
        ui_td(b, u->shift.location);
        td_num(b, arena_printf(req->arena, "%d / %d", u->open, u->shift.headcount));
        ui_td(b, u->reason == DEPLOY_RULE_OK ? msg(req, MSG_DEPLOY_UI_NOBODY_KEPT_OFF) : deploy_rule_text(req, u->reason));
        td_begin(b);
        bool any = false;
        for (int r = 1; r < DEPLOY_RULE_COUNT; r++) {
            if (!u->counts[r]) continue;
            if (!any) html_lit(b, "<ul class=\"utrecht-unordered-list\">");
            any = true;
            html_lit(b, "<li class=\"utrecht-unordered-list__item\">");
            html_text(b, msg_fill(req, MSG_DEPLOY_UI_COUNT_RULE, num(req, u->counts[r]), deploy_rule_text(req, (deploy_rule)r)));
            html_lit(b, "</li>");
        }
        if (any) html_lit(b, "</ul>");
        else html_text(b, "—");
        html_lit(b, "</td></tr>");
    }
    if (shown) table_end(b);
    else muted(b, msg_fill(req, MSG_DEPLOY_UI_NONE_OPEN_IN, week_text(req, week), NULL));
}

static void plan_people(http_request *req, buf *b, const deploy_plan_view *v)
{
    ui_heading(b, 2, msg(req, MSG_DEPLOY_UI_HOURS_PER_PERSON));
    if (!v->npeople) {
        muted(b, msg(req, MSG_DEPLOY_UI_NOBODY_YET));
        return;
    }
    ui_table_begin(b, "people-caption", msg(req, MSG_DEPLOY_UI_HOURS_PER_PERSON), false);
    thead_begin(b);
    ui_th(b, msg(req, MSG_DEPLOY_UI_NAME));
    th_num(b, msg(req, MSG_DEPLOY_UI_SHIFTS));
    th_num(b, msg(req, MSG_DEPLOY_UI_HOURS));
    th_num(b, msg(req, MSG_DEPLOY_UI_MAX_HOURS));
    thead_end(b);
    for (int i = 0; i < v->npeople; i++) {
        const deploy_person_hours *h = &v->people[i];
        html_lit(b, "<tr class=\"utrecht-table__row\">");
        td_link(b, href(req, "/deploy/people/%lld", h->person_id), h->name);
        td_num(b, num(req, h->shifts));
        td_num(b, hmm(req, h->minutes));
        td_num(b, h->max_week_hours ? num(req, h->max_week_hours) : "—");
        html_lit(b, "</tr>");
    }
    table_end(b);
}

/* Links to each week of the plan; the week shown is marked current. */
static void week_nav(http_request *req, buf *b, int64_t plan_id, int64_t pf, int64_t pt, int64_t week)
{
    html_lit(b, "<nav class=\"instroom-toolbar instroom-toolbar--tabs\"");
    html_attr(b, "aria-label", msg(req, MSG_DEPLOY_UI_WEEKS));
    html_lit(b, "><ul class=\"utrecht-nav-list\">");
    for (int64_t w = monday_of(pf); w <= pt; w += 7) {
        char wk[4];
        time_format_ams(wk, sizeof wk, deploy_instant(w, 720), "%V");
        html_lit(b, "<li class=\"utrecht-nav-list__item\"><a class=\"utrecht-link utrecht-link--html-a\"");
        html_attr(b, "href", arena_printf(req->arena, "/deploy/plans/%lld?week=%s#assignments", (long long)plan_id,
                                          iso_day(req, w)));
        if (w == week) html_lit(b, " aria-current=\"page\"");
        html_lit(b, ">");
        html_text(b, msg_fill(req, MSG_DEPLOY_UI_WEEK_SHORT, wk[0] == '0' ? wk + 1 : wk, NULL));
        html_lit(b, "</a></li>");
    }
    html_lit(b, "</ul></nav>");
}

static int plan_changes(http_request *req, buf *b, const deploy_plan_view *v, int64_t week, int64_t pf, int64_t pt,
                        const plan_state *st)
{
    db_conn *c = http_db(req);
    const deploy_plan_row *p = &v->plan;
    int64_t from = week < pf ? pf : week, to = week + 6 > pt ? pt : week + 6;
    deploy_shift_filter f = {.org_id = p->org_id, .from_day = from, .to_day = to};
    deploy_posted *s;
    deploy_runner *r;
    int ns, nr;
    int rc = deploy_shift_list(c, req->arena, &f, &s, &ns);
    if (!rc) rc = deploy_runner_list(c, req->arena, p->org_id, &r, &nr);
    if (rc) return rc;
    bool failed = st && st->form && str_eq(st->form, "assign");
    ui_option *so = arena_calloc(req->arena, (size_t)(ns ? ns : 1), sizeof *so);
    ui_option *po = arena_calloc(req->arena, (size_t)(nr ? nr : 1), sizeof *po);
    if (!so || !po) return DB_ENOMEM;
    for (int i = 0; i < ns; i++) {
        int in_plan = 0;
        for (int k = 0; k < v->nassigned; k++)
            in_plan += v->assigned[k].shift_id == s[i].id && !str_eq(v->assigned[k].status, "cancelled");
        so[i] = (ui_option){num(req, s[i].id),
                            arena_printf(req->arena, "%s · %s, %s (%d/%d)", when_text(req, s[i].starts_at, s[i].ends_at),
                                         s[i].org_name, s[i].location, in_plan, s[i].headcount)};
    }
    for (int i = 0; i < nr; i++) po[i] = (ui_option){num(req, r[i].person_id), r[i].name};
    html_lit(b, "<div class=\"instroom-panel\" id=\"assign\">");
    ui_heading(b, 3, msg(req, MSG_DEPLOY_UI_HAND_CHANGE));
    form_begin(req, b, href(req, "/deploy/plans/%lld/assign", p->id), "instroom-form");
    ui_paragraph(b, msg(req, MSG_DEPLOY_UI_HAND_CHANGE_HINT));
    hidden(b, "week", iso_day(req, week));
    ui_select(b, "f-assign-shift_id", "shift_id", msg(req, MSG_DEPLOY_UI_SHIFT), so, ns, msg(req, MSG_DEPLOY_UI_CHOOSE),
              failed ? http_form(req, "shift_id") : NULL, failed ? api_errors_text(req, st->e, "shift_id") : NULL);
    const char *person_error = NULL;
    if (failed) {
        person_error = st->why && st->why->rule != DEPLOY_RULE_OK ? refusal_text(req, st->why)
                                                                  : api_errors_text(req, st->e, "person_id");
    }
    ui_select(b, "f-assign-person_id", "person_id", msg(req, MSG_DEPLOY_UI_PERSON), po, nr, msg(req, MSG_DEPLOY_UI_CHOOSE),
              failed ? http_form(req, "person_id") : NULL, person_error);
    actions(b, msg(req, MSG_DEPLOY_UI_ASSIGN));
    html_lit(b, "</form></div>");
    return 0;
}

static void plan_assignments(http_request *req, buf *b, const deploy_plan_view *v, int64_t week, bool write)
{
    const deploy_plan_row *p = &v->plan;
    int64_t day = -1;
    bool open = false;
    int shown = 0;
    for (int i = 0; i < v->nassigned; i++) {
        const deploy_rostered *a = &v->assigned[i];
        int64_t d = deploy_day_of(a->starts_at);
        if (monday_of(d) != week || str_eq(a->status, "cancelled")) continue;
        if (d != day) {
            if (open) table_end(b);
            day = d;
            ui_heading(b, 3, day_text(req, d));
            ui_table_begin(b, arena_printf(req->arena, "day-%s-caption", iso_day(req, d)), day_text(req, d), false);
            thead_begin(b);
            ui_th(b, msg(req, MSG_DEPLOY_UI_TIME));
            ui_th(b, msg(req, MSG_DEPLOY_UI_ORG));
            ui_th(b, msg(req, MSG_DEPLOY_UI_LOCATION));
            ui_th(b, msg(req, MSG_DEPLOY_UI_PERSON));
            ui_th(b, msg(req, MSG_DEPLOY_UI_SOURCE));
            if (write) ui_th(b, msg(req, MSG_DEPLOY_UI_ACTIONS));
            thead_end(b);
            open = true;
        }
        shown++;
        html_lit(b, "<tr class=\"utrecht-table__row\"");
        html_attr(b, "data-assignment", num(req, a->assignment_id));
        html_attr(b, "data-person", num(req, a->person_id));
        html_attr(b, "data-shift", num(req, a->shift_id));
        html_lit(b, ">");
        td_link(b, href(req, "/deploy/shifts/%lld", a->shift_id),
                arena_printf(req->arena, "%s–%s", clock(req, a->starts_at), clock(req, a->ends_at)));
        ui_td(b, a->org_name);
        ui_td(b, a->location);
        td_link(b, href(req, "/deploy/people/%lld", a->person_id), a->person_name);
        ui_td(b, source_text(req, a->source));
        if (write) {
            td_begin(b);
            const char *fields[] = {"assignment_id", num(req, a->assignment_id), "week", iso_day(req, week), NULL};
            button_form(req, b, href(req, "/deploy/plans/%lld/unassign", p->id),
                        msg_fill(req, MSG_DEPLOY_UI_REMOVE_PERSON, a->person_name, NULL), false, fields);
            html_lit(b, "</td>");
        }
        html_lit(b, "</tr>");
    }
    if (open) table_end(b);
    if (!shown) muted(b, msg_fill(req, MSG_DEPLOY_UI_NOBODY_IN_WEEK, week_text(req, week), NULL));
}

static int plan_page(http_request *req, http_response *res, int64_t id, int status, const plan_state *st)
{
    deploy_plan_view v;
    int rc = deploy_plan_view_load(http_db(req), req->arena, id, &v);
    if (rc) return store_failed(req, res, rc);
    const deploy_plan_row *p = &v.plan;
    int64_t pf, pt;
    if (deploy_parse_day(p->from_date, &pf) != 0 || deploy_parse_day(p->to_date, &pt) != 0 || pt < pf)
        return api_fail(DB_ERR);
    int64_t week = plan_week(req, pf, pt);
    policy_target t = org_target(POLICY_DEPLOY_PLAN, &p->org_id, p->id, 0);
    bool write = str_eq(p->status, "draft") && policy_allows(auth_current(req), POLICY_WRITE, &t, NULL);
    const char *title = plan_title(req, p);
    page_begin(req, res, title);
    res->status = status;
    buf *b = &res->body;
    back_link(b, arena_printf(req->arena, "/deploy%s", org_query(req, p->org_id)), msg(req, MSG_DEPLOY_UI_TITLE));
    ui_heading(b, 1, title);
    if (http_query(req, "published"))
        page_alert(b, ALERT_OK, msg_fill(req, MSG_DEPLOY_UI_PUBLISHED_DONE, http_query(req, "added"),
                                         http_query(req, "dropped")));
    if (http_query(req, "discarded")) page_alert(b, ALERT_INFO, msg(req, MSG_DEPLOY_UI_DISCARDED_DONE));
    if (http_query(req, "assigned")) page_alert(b, ALERT_OK, msg(req, MSG_DEPLOY_UI_ASSIGNED_DONE));
    if (http_query(req, "removed")) page_alert(b, ALERT_OK, msg(req, MSG_DEPLOY_UI_REMOVED_DONE));
    if (str_eq(p->kind, "repair") && str_eq(p->status, "draft")) page_alert(b, ALERT_INFO, msg(req, MSG_DEPLOY_UI_REPAIR_HINT));
    if (st && st->form && !str_eq(st->form, "assign"))
        error_summary(req, b, msg(req, MSG_DEPLOY_UI_NOT_CHANGED), st->e, "f-plan-");
    if (st && st->form && str_eq(st->form, "assign")) {
        /* The refused hand change: the broken rule, linked to the field that shows it too. */
        html_lit(b, "<div class=\"utrecht-alert utrecht-alert--error\" role=\"alert\" id=\"error-summary\">"
                    "<div class=\"utrecht-alert__icon\" aria-hidden=\"true\"></div><div class=\"utrecht-alert__content\">"
                    "<div class=\"utrecht-alert__message\"><p class=\"utrecht-paragraph\">");
        html_text(b, msg(req, MSG_DEPLOY_UI_CHANGE_REFUSED));
        html_lit(b, "</p><ul class=\"utrecht-unordered-list\">");
        bool person = false;
        for (int i = 0; st->e && i < st->e->n; i++) {
            bool is_person = str_eq(st->e->items[i].field, "person_id");
            if (is_person && person) continue;
            person |= is_person;
            html_lit(b, "<li class=\"utrecht-unordered-list__item\">");
            ui_link(b, arena_printf(req->arena, "#f-assign-%s", st->e->items[i].field),
                    is_person && st->why && st->why->rule != DEPLOY_RULE_OK ? refusal_text(req, st->why)
                                                                            : msg(req, st->e->items[i].reason));
            html_lit(b, "</li>");
        }
        if (!person && st->why && st->why->rule != DEPLOY_RULE_OK) {
            html_lit(b, "<li class=\"utrecht-unordered-list__item\">");
            ui_link(b, "#f-assign-person_id", refusal_text(req, st->why));
            html_lit(b, "</li>");
        }
        html_lit(b, "</ul></div></div></div>");
    }
    if (write) {
        html_lit(b, "<div class=\"instroom-toolbar instroom-toolbar--start\">");
        button_form(req, b, href(req, "/deploy/plans/%lld/publish", p->id), msg(req, MSG_DEPLOY_UI_PUBLISH), true, NULL);
        button_form(req, b, href(req, "/deploy/plans/%lld/discard", p->id), msg(req, MSG_DEPLOY_UI_DISCARD), false, NULL);
        html_lit(b, "</div>");
        muted(b, msg(req, MSG_DEPLOY_UI_PUBLISH_HINT));
    }
    plan_summary(req, b, &v);
    plan_coverage(req, b, &v, pf, pt);
    plan_unfilled(req, b, &v, week, p->org_id == 0);
    plan_people(req, b, &v);
    html_lit(b, "<section id=\"assignments\">");
    ui_heading(b, 2, msg(req, MSG_DEPLOY_UI_ASSIGNMENTS));
    week_nav(req, b, p->id, pf, pt, week);
    ui_heading(b, 3, week_text(req, week));
    if (write) {
        rc = plan_changes(req, b, &v, week, pf, pt, st);
        if (rc) return api_fail(rc);
    }
    plan_assignments(req, b, &v, week, write);
    html_lit(b, "</section>");
    page_end(req, res);
    return 0;
}

/* Loads the plan of the path and asks the policy; *done when a page (404, 403) was written. */
static int load_plan(http_request *req, http_response *res, policy_op op, deploy_plan_row *p, bool *done)
{
    *done = true;
    int64_t id = http_path_id(req, "id");
    int rc = id ? deploy_plan_load(http_db(req), req->arena, id, p) : DB_ENOTFOUND;
    if (rc) return store_failed(req, res, rc);
    policy_target t = org_target(POLICY_DEPLOY_PLAN, &p->org_id, p->id, 0);
    if (!policy_enforce(req, op, &t, NULL)) return forbidden(req, res);
    *done = false;
    return 0;
}

static int plan_show(http_request *req, http_response *res)
{
    deploy_plan_row p;
    bool done;
    int rc = load_plan(req, res, POLICY_READ, &p, &done);
    if (rc || done) return rc;
    return plan_page(req, res, p.id, 200, NULL);
}

static const char *plan_back(http_request *req, int64_t id, const char *what)
{
    const char *week = http_form(req, "week");
    int64_t w;
    if (week && deploy_parse_day(week, &w) == 0)
        return arena_printf(req->arena, "/deploy/plans/%lld?week=%s&%s=1#assignments", (long long)id, week, what);
    return arena_printf(req->arena, "/deploy/plans/%lld?%s=1", (long long)id, what);
}

static int plan_assign_submit(http_request *req, http_response *res)
{
    deploy_plan_row p;
    bool done;
    int rc = load_plan(req, res, POLICY_WRITE, &p, &done);
    if (rc || done) return rc;
    int64_t shift = form_id(req, "shift_id"), person = form_id(req, "person_id");
    api_errors e = {0};
    deploy_refusal why = {0};
    if (shift <= 0) api_errors_add(&e, "shift_id", MSG_DEPLOY_UI_CHOOSE_SHIFT);
    if (person <= 0) api_errors_add(&e, "person_id", MSG_DEPLOY_UI_CHOOSE_PERSON);
    rc = e.n ? API_EINVALID : deploy_plan_assign(req, p.id, shift, person, &why, &e);
    if (rc == API_EINVALID) {
        plan_state st = {.e = &e, .why = &why, .form = "assign"};
        return plan_page(req, res, p.id, 422, &st);
    }
    return page_after_write(req, res, rc, plan_back(req, p.id, "assigned"));
}

static int plan_unassign_submit(http_request *req, http_response *res)
{
    deploy_plan_row p;
    bool done;
    int rc = load_plan(req, res, POLICY_WRITE, &p, &done);
    if (rc || done) return rc;
    int64_t a = form_id(req, "assignment_id");
    api_errors e = {0};
    rc = a > 0 ? deploy_plan_unassign(req, p.id, a, &e) : DB_ENOTFOUND;
    if (rc == API_EINVALID) {
        plan_state st = {.e = &e, .form = "unassign"};
        return plan_page(req, res, p.id, 422, &st);
    }
    return page_after_write(req, res, rc, plan_back(req, p.id, "removed"));
}

static int plan_publish_submit(http_request *req, http_response *res)
{
    deploy_plan_row p;
    bool done;
    int rc = load_plan(req, res, POLICY_WRITE, &p, &done);
    if (rc || done) return rc;
    api_errors e = {0};
    int added = 0, dropped = 0;
    rc = deploy_plan_publish(req, p.id, &added, &dropped, &e);
    if (rc == API_EINVALID) {
        plan_state st = {.e = &e, .form = "publish"};
        return plan_page(req, res, p.id, 422, &st);
    }
    return page_after_write(req, res, rc,
                            arena_printf(req->arena, "/deploy/plans/%lld?published=1&added=%d&dropped=%d", (long long)p.id,
                                         added, dropped));
}

static int plan_discard_submit(http_request *req, http_response *res)
{
    deploy_plan_row p;
    bool done;
    int rc = load_plan(req, res, POLICY_WRITE, &p, &done);
    if (rc || done) return rc;
    api_errors e = {0};
    rc = deploy_plan_discard(req, p.id, &e);
    if (rc == API_EINVALID) {
        plan_state st = {.e = &e, .form = "discard"};
        return plan_page(req, res, p.id, 422, &st);
    }
    return page_after_write(req, res, rc, href(req, "/deploy/plans/%lld?discarded=1", p.id));
}
