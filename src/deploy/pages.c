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
#define UNFILLED_ALL 120   /* a plan shows all its open shifts up to this many, else those of the week shown */

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

static const char *clock_text(http_request *req, int64_t t)
{
    char s[8];
    time_format_ams(s, sizeof s, t, "%H:%M");
    return arena_strdup(req->arena, s);
}

/* A shift's time as "ma 06-07-2026 07:30–11:30". */
static const char *when_text(http_request *req, int64_t starts_at, int64_t ends_at)
{
    return arena_printf(req->arena, "%s %s–%s", day_text(req, deploy_day_of(starts_at)), clock_text(req, starts_at),
                        clock_text(req, ends_at));
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

/* A shift's day and times as a link to it, as the row's header cell (which does not wrap). */
static void shift_cell(http_request *req, buf *b, int64_t id, int64_t starts_at, int64_t ends_at)
{
    html_lit(b,
             "<th class=\"utrecht-table__header-cell\" scope=\"row\"><a class=\"utrecht-link utrecht-link--html-a\"");
    html_attr(b, "href", href(req, "/deploy/shifts/%lld", id));
    html_lit(b, ">");
    html_text(b, day_text(req, deploy_day_of(starts_at)));
    html_lit(b, "<br>");
    html_text(b, arena_printf(req->arena, "%s–%s", clock_text(req, starts_at), clock_text(req, ends_at)));
    html_lit(b, "</a></th>");
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

/* A one-button form that posts to action (with hidden fields name=value
 * pairs, NULL-terminated); more (if given) is added to the button's name
 * for screen readers only (": the person"). */
static void button_form(http_request *req, buf *b, const char *action, const char *label, const char *more,
                        bool primary, const char *const *fields)
{
    form_begin(req, b, action, "instroom-inline-form");
    for (int i = 0; fields && fields[i]; i += 2) hidden(b, fields[i], fields[i + 1]);
    if (primary) html_lit(b, "<button class=\"utrecht-button utrecht-button--primary-action\" type=\"submit\"");
    else html_lit(b, "<button class=\"utrecht-button utrecht-button--secondary-action\" type=\"submit\"");
    if (more) html_attr(b, "aria-label", arena_printf(req->arena, "%s: %s", label, more));
    html_lit(b, ">");
    html_text(b, label);
    html_lit(b, "</button></form>");
}

static void checkbox(buf *b, const char *id, const char *name, const char *value, bool checked, const char *label)
{
    html_lit(b,
             "<div class=\"utrecht-form-field utrecht-form-field--checkbox\"><div class=\"utrecht-form-field__input\">"
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
 * its field: the field's id is prefix + its name, or every link goes to
 * the element with id `to` when it is given. */
static void error_summary_to(http_request *req, buf *b, const char *head, const api_errors *e, const char *prefix,
                             const char *to)
{
    html_lit(
        b,
        "<div class=\"utrecht-alert utrecht-alert--error\" role=\"alert\" id=\"error-summary\">"
        "<div class=\"utrecht-alert__icon\" aria-hidden=\"true\"></div>"
        "<div class=\"utrecht-alert__content\"><div class=\"utrecht-alert__message\"><p class=\"utrecht-paragraph\">");
    html_text(b, head);
    html_lit(b, "</p>");
    if (e && e->n) {
        html_lit(b, "<ul class=\"utrecht-unordered-list\">");
        for (int i = 0; i < e->n; i++) {
            html_lit(b, "<li class=\"utrecht-unordered-list__item\">");
            ui_link(b,
                    to ? arena_printf(req->arena, "#%s", to)
                       : arena_printf(req->arena, "#%s%s", prefix, e->items[i].field),
                    msg(req, e->items[i].reason));
            html_lit(b, "</li>");
        }
        html_lit(b, "</ul>");
    }
    html_lit(b, "</div></div></div>");
}

static void error_summary(http_request *req, buf *b, const char *head, const api_errors *e, const char *prefix)
{
    error_summary_to(req, b, head, e, prefix, NULL);
}

/* A refused cancellation's message at its reason field: about the reason,
 * else about the shift itself (too late, already started, cancelled). */
static const char *cancel_error(http_request *req, const api_errors *e)
{
    const char *t = api_errors_text(req, e, "reason");
    return t ? t : e && e->n ? msg(req, e->items[0].reason) : NULL;
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
                                 clock_text(req, why->other_starts_at)));
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
              region ? msg(req, MSG_DEPLOY_UI_REGION) : msg(req, MSG_DEPLOY_UI_CHOOSE),
              sc->org ? num(req, sc->org) : "", NULL);
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
    if (!s->published_at) return msg(req, MSG_DEPLOY_UI_SHIFT_OPEN);
    return msg(req, s->placed >= s->headcount ? MSG_DEPLOY_UI_SHIFT_FILLED : MSG_DEPLOY_UI_SHIFT_GAPS);
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
    ui_table_begin(b, id, caption, false);
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
        shift_cell(req, b, s[i].id, s[i].starts_at, s[i].ends_at);
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
        /* Nothing in these weeks: offer the last weeks that had shifts (within a year). */
        deploy_shift_filter back = {.org_id = sc->org, .from_day = from - 366, .to_day = from - 1};
        deploy_posted *past;
        int np = 0;
        rc = deploy_shift_list(http_db(req), req->arena, &back, &past, &np);
        if (rc) return rc;
        if (np) {
            int64_t last = monday_of(deploy_day_of(past[np - 1].starts_at));
            page_empty(b, msg(req, MSG_DEPLOY_UI_NO_SHIFTS), msg(req, MSG_DEPLOY_UI_NO_SHIFTS_PAST),
                       arena_printf(req->arena, "/deploy?from=%s%s", iso_day(req, last - 7 * (OVERVIEW_WEEKS - 1)), o),
                       msg(req, MSG_DEPLOY_UI_LAST_WEEKS));
        } else {
            page_empty(b, msg(req, MSG_DEPLOY_UI_NO_SHIFTS), msg(req, MSG_DEPLOY_UI_NO_SHIFTS_TEXT),
                       sc->org ? href(req, "/deploy/shifts/new?org=%lld", sc->org) : NULL,
                       msg(req, MSG_DEPLOY_UI_POST_SHIFT));
        }
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
    page_field(b, "f-shift-date", "date", msg(req, MSG_DEPLOY_UI_ONE_DATE), "date",
               failed ? http_form(req, "date") : NULL, api_errors_text(req, e, "date"), NULL, NULL);
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
    html_lit(b, "<div class=\"instroom-form-grid\">");
    for (int d = 0; d < 7; d++)
        checkbox(b, arena_printf(req->arena, "f-shift-day-%d", d), "weekdays", num(req, d + 1),
                 has_id(days, nd, d + 1), msg(req, (msg_id)(MSG_DEPLOY_UI_MONDAY + d)));
    html_lit(b, "</div>");
    fieldset_end(b);
    fieldset_end(b);
    html_lit(b, "<div class=\"instroom-form-grid\">");
    page_field(b, "f-shift-start", "start", msg(req, MSG_DEPLOY_UI_START), "time",
               failed ? http_form(req, "start") : NULL, api_errors_text(req, e, "start"), NULL, NULL);
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
    page_field(b, "f-shift-tasks", "tasks", msg(req, MSG_DEPLOY_UI_TASKS), "textarea",
               failed ? http_form(req, "tasks") : NULL, api_errors_text(req, e, "tasks"),
               msg(req, MSG_DEPLOY_UI_TASKS_HINT), NULL);
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
        checkbox(b, arena_printf(req->arena, "f-shift-skill-%lld", (long long)sk_ids[i]), "skill_ids",
                 num(req, sk_ids[i]), has_id(sk_chosen, nsc, sk_ids[i]), sk_labels[i]);
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

/* The organisation takes one person off a published shift: a reason and a button. */
static void person_off_form(http_request *req, buf *b, const deploy_rostered *r, const api_errors *e)
{
    const char *rid = arena_printf(req->arena, "f-off-%lld-reason", (long long)r->assignment_id);
    const char *err = e && e->n ? cancel_error(req, e) : NULL;
    form_begin(req, b, href(req, "/deploy/assignments/%lld/cancel", r->assignment_id), "instroom-inline-form");
    html_lit(b, "<label class=\"instroom-visually-hidden\"");
    html_attr(b, "for", rid);
    html_lit(b, ">");
    html_text(b, msg_fill(req, MSG_DEPLOY_UI_OFF_REASON_OF, r->person_name, NULL));
    html_lit(b, "</label><input class=\"utrecht-textbox utrecht-textbox--html-input");
    if (err) html_lit(b, " utrecht-textbox--invalid");
    html_lit(b, "\" type=\"text\" size=\"16\" name=\"reason\"");
    html_attr(b, "id", rid);
    html_attr(b, "placeholder", msg(req, MSG_DEPLOY_UI_REASON));
    if (err) {
        html_attr(b, "value", http_form(req, "reason"));
        html_lit(b, " aria-invalid=\"true\"");
        html_attr(b, "aria-describedby", arena_printf(req->arena, "%s-error", rid));
    }
    html_lit(b, "><button class=\"utrecht-button utrecht-button--secondary-action\" type=\"submit\"");
    html_attr(b, "aria-label", arena_printf(req->arena, "%s: %s", msg(req, MSG_DEPLOY_UI_OFF), r->person_name));
    html_lit(b, ">");
    html_text(b, msg(req, MSG_DEPLOY_UI_OFF));
    html_lit(b, "</button>");
    if (err) {
        html_lit(b, "<div class=\"utrecht-form-field-error-message\"");
        html_attr(b, "id", arena_printf(req->arena, "%s-error", rid));
        html_lit(b, ">");
        html_text(b, err);
        html_lit(b, "</div>");
    }
    html_lit(b, "</form>");
}

/* A shift with its people. e: the errors of the form that failed, the
 * shift's cancel form, or (failed_row) the cancellation of one person. */
static int shift_page(http_request *req, http_response *res, const deploy_posted *s, int status, const api_errors *e,
                      int64_t failed_row)
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
    if (http_query(req, "person_cancelled")) page_alert(b, ALERT_OK, msg(req, MSG_DEPLOY_UI_PERSON_CANCEL_DONE));
    if (failed_row)
        error_summary_to(req, b, msg(req, MSG_DEPLOY_UI_NOT_CANCELLED), e, NULL,
                         arena_printf(req->arena, "f-off-%lld-reason", (long long)failed_row));
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
            bool off = s->starts_at > time_now() && !s->cancelled_at;
            if (off) ui_th(b, msg(req, MSG_DEPLOY_UI_ACTIONS));
            thead_end(b);
            for (int i = 0; i < nr; i++) {
                html_lit(b, "<tr class=\"utrecht-table__row\">");
                td_link(b, href(req, "/deploy/people/%lld", r[i].person_id), r[i].person_name);
                td_begin(b);
                ui_status_badge(b, str_eq(r[i].status, "cancelled") ? UI_BADGE_NEUTRAL : UI_BADGE_SUCCESS,
                                assignment_status_text(req, r[i].status));
                html_lit(b, "</td>");
                ui_td(b, source_text(req, r[i].source));
                ui_td(b, r[i].hours_status
                             ? arena_printf(req->arena, "%s, %s", hours_status_text(req, r[i].hours_status),
                                            hmm(req, r[i].worked_minutes))
                             : hours_status_text(req, NULL));
                if (off) {
                    td_begin(b);
                    policy_target rt = org_target(POLICY_DEPLOY_ROSTER, &s->org_id, r[i].assignment_id, r[i].person_id);
                    if (str_eq(r[i].status, "published") && policy_allows(auth_current(req), POLICY_WRITE, &rt, NULL))
                        person_off_form(req, b, &r[i], r[i].assignment_id == failed_row ? e : NULL);
                    html_lit(b, "</td>");
                }
                html_lit(b, "</tr>");
            }
            table_end(b);
        }
    }
    if (write && !s->cancelled_at && s->starts_at > time_now()) {
        ui_heading(b, 2, msg(req, MSG_DEPLOY_UI_CANCEL_SHIFT));
        if (!failed_row && e && e->n) error_summary_to(req, b, msg(req, MSG_DEPLOY_UI_NOT_CANCELLED), e, NULL, "f-cancel-reason");
        html_lit(b, "<div class=\"instroom-panel\">");
        form_begin(req, b, href(req, "/deploy/shifts/%lld/cancel", s->id), "instroom-form");
        ui_paragraph(b, msg(req, MSG_DEPLOY_UI_CANCEL_SHIFT_HINT));
        page_field(b, "f-cancel-reason", "reason", msg(req, MSG_DEPLOY_UI_REASON), "text",
                   !failed_row && e && e->n ? http_form(req, "reason") : NULL,
                   !failed_row && e && e->n ? cancel_error(req, e) : NULL, NULL, NULL);
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
    return shift_page(req, res, &s, 200, NULL, 0);
}

static int shift_cancel_submit(http_request *req, http_response *res)
{
    deploy_posted s;
    bool done;
    int rc = load_shift(req, res, POLICY_WRITE, &s, &done);
    if (rc || done) return rc;
    api_errors e = {0};
    rc = deploy_shift_cancel(req, s.id, str_trim(req->arena, http_form(req, "reason")), &e);
    if (rc == API_EINVALID) return shift_page(req, res, &s, 422, &e, 0);
    return page_after_write(req, res, rc, href(req, "/deploy/shifts/%lld?cancelled=1", s.id));
}

/* POST /deploy/assignments/{id}/cancel: the organisation takes a person off
 * a published shift; a repair is proposed and shown when there is one. */
static int person_off_submit(http_request *req, http_response *res)
{
    int64_t id = http_path_id(req, "id");
    deploy_rostered a;
    int rc = id ? deploy_assignment_load(http_db(req), req->arena, id, &a) : DB_ENOTFOUND;
    if (rc) return store_failed(req, res, rc);
    policy_target t = org_target(POLICY_DEPLOY_ROSTER, &a.org_id, a.assignment_id, a.person_id);
    if (!policy_enforce(req, POLICY_WRITE, &t, NULL)) return forbidden(req, res);
    deploy_posted s;
    rc = deploy_shift_load(http_db(req), req->arena, a.shift_id, &s);
    if (rc) return store_failed(req, res, rc);
    api_errors e = {0};
    int64_t repair = 0;
    rc = deploy_cancel(req, a.assignment_id, false, str_trim(req->arena, http_form(req, "reason")), &repair, &e);
    if (rc == API_EINVALID) return shift_page(req, res, &s, 422, &e, a.assignment_id);
    if (!rc && repair) return page_after_write(req, res, rc, href(req, "/deploy/plans/%lld?repair=1", repair));
    return page_after_write(req, res, rc, href(req, "/deploy/shifts/%lld?person_cancelled=1", s.id));
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
        page_field(b, "f-loc-name", "name", msg(req, MSG_DEPLOY_UI_NAME), "text",
                   failed ? http_form(req, "name") : NULL, api_errors_text(req, e, "name"), NULL, NULL);
        page_field(b, "f-loc-address", "address", msg(req, MSG_DEPLOY_UI_ADDRESS), "text",
                   failed ? http_form(req, "address") : NULL, api_errors_text(req, e, "address"),
                   msg(req, MSG_UI_OPTIONAL), NULL);
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

#define CHART_W 960 /* the viewBox width: at a page's width the 13 px labels stay about that size */

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
    const double label_w = 90, bar_x = 100, bar_max = 640, row = 28;
    int height = (int)(n * row + 16);
    char box[64];
    snprintf(box, sizeof box, "0 0 %d %d", CHART_W, height);
    const char *title = msg(req, MSG_DEPLOY_UI_COVERAGE_BY_WEEK);
    html_lit(b,
             "<figure class=\"instroom-chart\" id=\"chart-coverage\"><svg xmlns=\"http://www.w3.org/2000/svg\" "
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
                 needed[i]
                     ? arena_printf(req->arena, "%s (%d/%d)", pct(req, filled[i], needed[i]), filled[i], needed[i])
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

/* Places filled and needed in the plan's shifts as they are now (shifts
 * posted or cancelled since the proposal count too). */
static void plan_places(const deploy_plan_view *v, int *filled, int *needed)
{
    *filled = 0;
    *needed = 0;
    for (int i = 0; i < v->nassigned; i++) *filled += !str_eq(v->assigned[i].status, "cancelled");
    *needed = *filled;
    for (int i = 0; i < v->nunfilled; i++) *needed += v->unfilled[i].open;
}

static void plan_summary(http_request *req, buf *b, const deploy_plan_view *v)
{
    const deploy_plan_row *p = &v->plan;
    int filled, needed;
    plan_places(v, &filled, &needed);
    html_lit(b, "<ul class=\"instroom-tiles\"><li class=\"instroom-tile\"><h2 class=\"instroom-tile__title\">");
    html_text(b, msg(req, MSG_DEPLOY_UI_COVERAGE));
    html_lit(b, "</h2><p class=\"instroom-tile__figure\" id=\"plan-coverage\">");
    html_text(b, pct(req, filled, needed));
    html_lit(b, "</p><p class=\"instroom-tile__label\">");
    html_text(b, msg_fill(req, MSG_DEPLOY_UI_PLACES_OF, num(req, filled), num(req, needed)));
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
    html_lit(
        b,
        "</dt><dd class=\"utrecht-data-list__item-value utrecht-data-list__item-value--html-dd\" id=\"plan-status\">");
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

_Static_assert(MSG_DEPLOY_UI_RULE_FULL - MSG_DEPLOY_UI_RULE_OK == DEPLOY_RULE_FULL,
               "a short name per rule, in the order of deploy_rule");

/* How many runners each rule keeps off a shift, in short: "VOG 4 · rust 2". */
static const char *kept_off_text(http_request *req, const int counts[DEPLOY_RULE_COUNT])
{
    buf t;
    buf_init(&t, 1 << 12);
    for (int r = 1; r < DEPLOY_RULE_COUNT; r++) {
        if (!counts[r]) continue;
        if (t.len) buf_puts(&t, " · ");
        buf_printf(&t, "%s %d", msg(req, (msg_id)(MSG_DEPLOY_UI_RULE_OK + r)), counts[r]);
    }
    const char *out = t.len ? arena_strdup(req->arena, buf_cstr(&t)) : "—";
    buf_free(&t);
    return out ? out : "—";
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
    bool all = v->nunfilled <= UNFILLED_ALL;
    int shown = 0;
    for (int i = 0; i < v->nunfilled; i++) {
        const deploy_unfilled *u = &v->unfilled[i];
        if (!all && monday_of(deploy_day_of(u->shift.starts_at)) != week) continue;
        if (!shown++) {
            ui_table_begin(b, "unfilled-caption",
                           all ? msg(req, MSG_DEPLOY_UI_UNFILLED_ALL)
                               : msg_fill(req, MSG_DEPLOY_UI_UNFILLED_IN, week_text(req, week), NULL),
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
        shift_cell(req, b, u->shift.id, u->shift.starts_at, u->shift.ends_at);
        if (region) ui_td(b, u->shift.org_name);
        ui_td(b, u->shift.location);
        td_num(b, arena_printf(req->arena, "%d / %d", u->open, u->shift.headcount));
        ui_td(b,
              u->reason == DEPLOY_RULE_OK ? msg(req, MSG_DEPLOY_UI_NOBODY_KEPT_OFF) : deploy_rule_text(req, u->reason));
        ui_td(b, kept_off_text(req, u->counts));
        html_lit(b, "</tr>");
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
    th_num(b, msg(req, MSG_DEPLOY_UI_BUSIEST_WEEK));
    th_num(b, msg(req, MSG_DEPLOY_UI_MAX_HOURS));
    thead_end(b);
    for (int i = 0; i < v->npeople; i++) {
        const deploy_person_hours *h = &v->people[i];
        /* the most hours in one calendar week, to hold against the person's maximum */
        int busiest = 0;
        for (int k = 0; k < v->nassigned; k++) {
            const deploy_rostered *a = &v->assigned[k];
            if (a->person_id != h->person_id || str_eq(a->status, "cancelled")) continue;
            int64_t mon = monday_of(deploy_day_of(a->starts_at));
            int week = 0;
            for (int j = 0; j < v->nassigned; j++) {
                const deploy_rostered *x = &v->assigned[j];
                if (x->person_id == h->person_id && !str_eq(x->status, "cancelled") &&
                    monday_of(deploy_day_of(x->starts_at)) == mon)
                    week += (int)((x->ends_at - x->starts_at) / 60);
            }
            if (week > busiest) busiest = week;
        }
        html_lit(b, "<tr class=\"utrecht-table__row\">");
        td_link(b, href(req, "/deploy/people/%lld", h->person_id), h->name);
        td_num(b, num(req, h->shifts));
        td_num(b, hmm(req, h->minutes));
        td_num(b, hmm(req, busiest));
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
    html_lit(b, ">");
    for (int64_t w = monday_of(pf); w <= pt; w += 7) {
        char wk[4];
        time_format_ams(wk, sizeof wk, deploy_instant(w, 720), "%V");
        html_lit(b,
                 "<a class=\"utrecht-button-link utrecht-button-link--html-a utrecht-button-link--secondary-action\"");
        html_attr(b, "href", arena_printf(req->arena, "/deploy/plans/%lld?week=%s#assignments", (long long)plan_id,
                                          iso_day(req, w)));
        if (w == week) html_lit(b, " aria-current=\"page\"");
        html_lit(b, ">");
        html_text(b, msg_fill(req, MSG_DEPLOY_UI_WEEK_SHORT, wk[0] == '0' ? wk + 1 : wk, NULL));
        html_lit(b, "</a>");
    }
    html_lit(b, "</nav>");
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
        so[i] = (ui_option){num(req, s[i].id), arena_printf(req->arena, "%s · %s, %s (%d/%d)",
                                                            when_text(req, s[i].starts_at, s[i].ends_at), s[i].org_name,
                                                            s[i].location, in_plan, s[i].headcount)};
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
    ui_select(b, "f-assign-person_id", "person_id", msg(req, MSG_DEPLOY_UI_PERSON), po, nr,
              msg(req, MSG_DEPLOY_UI_CHOOSE), failed ? http_form(req, "person_id") : NULL, person_error);
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
                arena_printf(req->arena, "%s–%s", clock_text(req, a->starts_at), clock_text(req, a->ends_at)));
        ui_td(b, a->org_name);
        ui_td(b, a->location);
        td_link(b, href(req, "/deploy/people/%lld", a->person_id), a->person_name);
        ui_td(b, source_text(req, a->source));
        if (write) {
            td_begin(b);
            const char *fields[] = {"assignment_id", num(req, a->assignment_id), "week", iso_day(req, week), NULL};
            button_form(req, b, href(req, "/deploy/plans/%lld/unassign", p->id), msg(req, MSG_DEPLOY_UI_REMOVE_PERSON),
                        a->person_name, false, fields);
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
    if (http_query(req, "repair")) page_alert(b, ALERT_OK, msg(req, MSG_DEPLOY_UI_PERSON_CANCEL_REPAIR));
    if (str_eq(p->kind, "repair") && str_eq(p->status, "draft"))
        page_alert(b, ALERT_INFO, msg(req, MSG_DEPLOY_UI_REPAIR_HINT));
    if (st && st->form && !str_eq(st->form, "assign"))
        error_summary_to(req, b, msg(req, MSG_DEPLOY_UI_NOT_CHANGED), st->e, NULL,
                         str_eq(st->form, "unassign") ? "assignments" : "plan-status");
    if (st && st->form && str_eq(st->form, "assign")) {
        /* The refused hand change: the broken rule, linked to the field that shows it too. */
        html_lit(b,
                 "<div class=\"utrecht-alert utrecht-alert--error\" role=\"alert\" id=\"error-summary\">"
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
        button_form(req, b, href(req, "/deploy/plans/%lld/publish", p->id), msg(req, MSG_DEPLOY_UI_PUBLISH), NULL, true,
                    NULL);
        button_form(req, b, href(req, "/deploy/plans/%lld/discard", p->id), msg(req, MSG_DEPLOY_UI_DISCARD), NULL,
                    false, NULL);
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
                            arena_printf(req->arena, "/deploy/plans/%lld?published=1&added=%d&dropped=%d",
                                         (long long)p.id, added, dropped));
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

/* ---- Availability and documents: shared by the runner's page and /me/availability ---- */

static const char *window_text(http_request *req, const deploy_window_row *w)
{
    int to = w->to_min;
    const char *next = "";
    if (to > 1440) {
        to -= 1440;
        next = msg(req, MSG_DEPLOY_UI_NEXT_DAY);
    }
    return arena_printf(req->arena, "%s %02d:%02d–%02d:%02d%s", msg(req, (msg_id)(MSG_DEPLOY_UI_MONDAY + w->weekday)),
                        w->from_min / 60, w->from_min % 60, to / 60, to % 60, next);
}

static const char *exception_text(http_request *req, const deploy_exception_row *x)
{
    if (!x->to_date || str_eq(x->from_date, x->to_date)) return date_text(req, x->from_date);
    return arena_printf(req->arena, "%s – %s", date_text(req, x->from_date), date_text(req, x->to_date));
}

static void documents_table(http_request *req, buf *b, const deploy_profile *pr)
{
    static const char *const kinds[] = {"vog", "identity", "contract"};
    ui_table_begin(b, "documents-caption", msg(req, MSG_DEPLOY_UI_DOCUMENTS), false);
    thead_begin(b);
    ui_th(b, msg(req, MSG_DEPLOY_UI_DOC_KIND));
    ui_th(b, msg(req, MSG_DEPLOY_UI_STATUS));
    ui_th(b, msg(req, MSG_DEPLOY_UI_DOC_ISSUED));
    ui_th(b, msg(req, MSG_DEPLOY_UI_DOC_EXPIRES));
    ui_th(b, msg(req, MSG_DEPLOY_UI_DOC_CHECKED));
    ui_th(b, msg(req, MSG_DEPLOY_UI_NOTE));
    thead_end(b);
    char today[11];
    time_ams_date(time_now(), today);
    for (int k = 0; k < 3; k++) {
        const deploy_document *d = NULL;
        for (int i = 0; i < pr->ndocuments; i++)
            if (str_eq(pr->documents[i].kind, kinds[k])) d = &pr->documents[i];
        html_lit(b, "<tr class=\"utrecht-table__row\"");
        html_attr(b, "data-kind", kinds[k]);
        html_lit(b, ">");
        ui_td(b, doc_kind_text(req, kinds[k]));
        td_begin(b);
        bool expired = d && d->expires_on && strcmp(d->expires_on, today) < 0;
        if (!d) ui_status_badge(b, UI_BADGE_DANGER, msg(req, MSG_DEPLOY_UI_DOC_NONE));
        else if (expired) ui_status_badge(b, UI_BADGE_DANGER, msg(req, MSG_DEPLOY_UI_DOC_EXPIRED));
        else ui_status_badge(b, UI_BADGE_SUCCESS, msg(req, MSG_DEPLOY_UI_DOC_PRESENT));
        html_lit(b, "</td>");
        ui_td(b, d ? date_text(req, d->issued_on) : "—");
        ui_td(b, d && d->expires_on ? date_text(req, d->expires_on) : "—");
        ui_td(b,
              d ? arena_printf(req->arena, "%s, %s", d->checked_by ? d->checked_by : "—", ui_time(req, d->checked_at))
                : "—");
        ui_td(b, d && d->note ? d->note : "—");
        html_lit(b, "</tr>");
    }
    table_end(b);
    muted(b, msg(req, MSG_DEPLOY_UI_VOG_RULE));
}

/* ---- /deploy/people/{id}: a runner ---- */

static void roster_rows(http_request *req, buf *b, const char *id, const deploy_rostered *r, int n, bool links)
{
    ui_table_begin(b, id, msg(req, MSG_DEPLOY_UI_ROSTER), false);
    thead_begin(b);
    ui_th(b, msg(req, MSG_DEPLOY_UI_WHEN));
    ui_th(b, msg(req, MSG_DEPLOY_UI_ORG));
    ui_th(b, msg(req, MSG_DEPLOY_UI_LOCATION));
    ui_th(b, msg(req, MSG_DEPLOY_UI_STATUS));
    ui_th(b, msg(req, MSG_DEPLOY_UI_HOURS));
    thead_end(b);
    for (int i = 0; i < n; i++) {
        html_lit(b, "<tr class=\"utrecht-table__row\"");
        html_attr(b, "data-assignment", num(req, r[i].assignment_id));
        html_lit(b, ">");
        if (links) shift_cell(req, b, r[i].shift_id, r[i].starts_at, r[i].ends_at);
        else ui_td(b, when_text(req, r[i].starts_at, r[i].ends_at));
        ui_td(b, r[i].org_name);
        ui_td(b, r[i].location);
        td_begin(b);
        ui_status_badge(b, str_eq(r[i].status, "cancelled") ? UI_BADGE_NEUTRAL : UI_BADGE_SUCCESS,
                        assignment_status_text(req, r[i].status));
        html_lit(b, "</td>");
        ui_td(b, r[i].hours_status ? arena_printf(req->arena, "%s, %s", hours_status_text(req, r[i].hours_status),
                                                  hmm(req, r[i].worked_minutes))
                                   : "—");
        html_lit(b, "</tr>");
    }
    table_end(b);
}

static int person_page(http_request *req, http_response *res, int64_t person, const int64_t *orgs, int norgs,
                       int status, const api_errors *e)
{
    db_conn *c = http_db(req);
    deploy_profile pr;
    int rc = deploy_profile_load(c, req->arena, person, &pr);
    if (rc) return store_failed(req, res, rc);
    policy_target t = {.kind = POLICY_DEPLOY_DOCUMENT, .id = person, .orgs = orgs, .norgs = norgs, .person_id = person};
    bool documents = policy_enforce(req, POLICY_READ, &t, NULL);
    bool record = documents && policy_allows(auth_current(req), POLICY_WRITE, &t, NULL);
    deploy_rostered *r;
    int nr;
    rc = deploy_person_roster(c, req->arena, person, 0, &r, &nr);
    if (rc) return api_fail(rc);
    const char *title = pr.name ? pr.name : msg(req, MSG_DEPLOY_UI_RUNNER);
    page_begin(req, res, title);
    res->status = status;
    buf *b = &res->body;
    back_link(b, "/deploy", msg(req, MSG_DEPLOY_UI_TITLE));
    ui_heading(b, 1, title);
    if (http_query(req, "saved")) page_alert(b, ALERT_OK, msg(req, MSG_DEPLOY_UI_DOC_SAVED));
    if (!pr.exists) page_alert(b, ALERT_INFO, msg(req, MSG_DEPLOY_UI_NO_PROFILE));
    ui_data_begin(b);
    ui_data_row(b, msg(req, MSG_DEPLOY_UI_POSTCODE), pr.postcode);
    ui_data_row(b, msg(req, MSG_DEPLOY_UI_MAX_HOURS), pr.max_week_hours ? num(req, pr.max_week_hours) : NULL);
    ui_data_row(b, msg(req, MSG_DEPLOY_UI_TRAVEL),
                pr.travel_km ? msg_fill(req, MSG_DEPLOY_UI_KM, num(req, pr.travel_km), NULL) : NULL);
    buf pref;
    buf_init(&pref, 1 << 16);
    for (int i = 0; i < pr.npref_orgs; i++) {
        if (pref.len) buf_puts(&pref, ", ");
        buf_puts(&pref, org_name(req, pr.pref_orgs[i]));
    }
    for (int i = 0; i < pr.npref_locations; i++) {
        deploy_location l;
        if (deploy_location_load(c, req->arena, pr.pref_locations[i], &l) != 0) continue;
        if (pref.len) buf_puts(&pref, ", ");
        buf_printf(&pref, "%s (%s)", l.name, l.org_name ? l.org_name : "");
    }
    ui_data_row(b, msg(req, MSG_DEPLOY_UI_PREFERENCES), arena_strdup(req->arena, buf_cstr(&pref)));
    buf_free(&pref);
    ui_data_end(b);
    ui_heading(b, 2, msg(req, MSG_DEPLOY_UI_AVAILABILITY));
    if (!pr.nwindows) muted(b, msg(req, MSG_DEPLOY_UI_NO_WINDOWS));
    else {
        html_lit(b, "<ul class=\"utrecht-unordered-list\">");
        for (int i = 0; i < pr.nwindows; i++) {
            html_lit(b, "<li class=\"utrecht-unordered-list__item\">");
            html_text(b, window_text(req, &pr.windows[i]));
            html_lit(b, "</li>");
        }
        html_lit(b, "</ul>");
    }
    ui_heading(b, 3, msg(req, MSG_DEPLOY_UI_EXCEPTIONS));
    if (!pr.nexceptions) muted(b, msg(req, MSG_DEPLOY_UI_NO_EXCEPTIONS));
    else {
        html_lit(b, "<ul class=\"utrecht-unordered-list\">");
        for (int i = 0; i < pr.nexceptions; i++) {
            html_lit(b, "<li class=\"utrecht-unordered-list__item\">");
            html_text(b, pr.exceptions[i].reason
                             ? arena_printf(req->arena, "%s: %s", exception_text(req, &pr.exceptions[i]),
                                            pr.exceptions[i].reason)
                             : exception_text(req, &pr.exceptions[i]));
            html_lit(b, "</li>");
        }
        html_lit(b, "</ul>");
    }
    if (documents) {
        ui_heading(b, 2, msg(req, MSG_DEPLOY_UI_DOCUMENTS));
        documents_table(req, b, &pr);
    }
    if (record) {
        bool failed = e && e->n;
        ui_heading(b, 3, msg(req, MSG_DEPLOY_UI_DOC_RECORD));
        if (failed) error_summary(req, b, msg(req, MSG_UI_FORM_INVALID), e, "f-doc-");
        html_lit(b, "<div class=\"instroom-panel\">");
        form_begin(req, b, href(req, "/deploy/people/%lld/documents", person), "instroom-form");
        const ui_option kinds[] = {{"vog", msg(req, MSG_DEPLOY_UI_DOC_VOG)},
                                   {"identity", msg(req, MSG_DEPLOY_UI_DOC_IDENTITY)},
                                   {"contract", msg(req, MSG_DEPLOY_UI_DOC_CONTRACT)}};
        ui_select(b, "f-doc-kind", "kind", msg(req, MSG_DEPLOY_UI_DOC_KIND), kinds, 3, msg(req, MSG_DEPLOY_UI_CHOOSE),
                  failed ? http_form(req, "kind") : NULL, api_errors_text(req, e, "kind"));
        html_lit(b, "<div class=\"instroom-form-grid\">");
        page_field(b, "f-doc-issued_on", "issued_on", msg(req, MSG_DEPLOY_UI_DOC_ISSUED), "date",
                   failed ? http_form(req, "issued_on") : NULL, api_errors_text(req, e, "issued_on"),
                   msg(req, MSG_DEPLOY_UI_DOC_ISSUED_HINT), NULL);
        page_field(b, "f-doc-expires_on", "expires_on", msg(req, MSG_DEPLOY_UI_DOC_EXPIRES), "date",
                   failed ? http_form(req, "expires_on") : NULL, api_errors_text(req, e, "expires_on"),
                   msg(req, MSG_DEPLOY_UI_DOC_EXPIRES_HINT), NULL);
        html_lit(b, "</div>");
        page_field(b, "f-doc-note", "note", msg(req, MSG_DEPLOY_UI_NOTE), "text",
                   failed ? http_form(req, "note") : NULL, api_errors_text(req, e, "note"), msg(req, MSG_UI_OPTIONAL),
                   NULL);
        actions(b, msg(req, MSG_DEPLOY_UI_DOC_SAVE));
        html_lit(b, "</form></div>");
    }
    /* The roster: the shifts of organisations whose roster the user may read. */
    int shown = 0;
    for (int i = 0; i < nr; i++) {
        policy_target rt = org_target(POLICY_DEPLOY_ROSTER, &r[i].org_id, r[i].assignment_id, person);
        if (policy_allows(auth_current(req), POLICY_READ, &rt, NULL)) r[shown++] = r[i];
    }
    ui_heading(b, 2, msg(req, MSG_DEPLOY_UI_ROSTER));
    if (shown) roster_rows(req, b, "roster-caption", r, shown, true);
    else muted(b, msg(req, MSG_DEPLOY_UI_NO_ROSTER));
    page_end(req, res);
    return 0;
}

/* The person of the path, their organisations, and the policy's answer
 * for kind; *done when a page (404, 403) was written. */
static int load_person(http_request *req, http_response *res, policy_resource kind, policy_op op, int64_t *person,
                       int64_t *orgs, int *norgs, bool *done)
{
    *done = true;
    *person = http_path_id(req, "id");
    if (!*person) {
        http_error(req, res, 404);
        return 0;
    }
    int rc = deploy_person_orgs(http_db(req), *person, orgs, MAX_ORGS, norgs);
    if (rc) return store_failed(req, res, rc);
    policy_target t = {.kind = kind, .id = *person, .orgs = orgs, .norgs = *norgs, .person_id = *person};
    if (!policy_enforce(req, op, &t, NULL)) return forbidden(req, res);
    *done = false;
    return 0;
}

static int person_show(http_request *req, http_response *res)
{
    int64_t person, orgs[MAX_ORGS];
    int n;
    bool done;
    int rc = load_person(req, res, POLICY_DEPLOY_PROFILE, POLICY_READ, &person, orgs, &n, &done);
    if (rc || done) return rc;
    return person_page(req, res, person, orgs, n, 200, NULL);
}

static int document_submit(http_request *req, http_response *res)
{
    int64_t person, orgs[MAX_ORGS];
    int n;
    bool done;
    int rc = load_person(req, res, POLICY_DEPLOY_DOCUMENT, POLICY_WRITE, &person, orgs, &n, &done);
    if (rc || done) return rc;
    deploy_document_input in = {
        .kind = http_form(req, "kind"),
        .issued_on = str_trim(req->arena, http_form(req, "issued_on")),
        .expires_on = str_trim(req->arena, http_form(req, "expires_on")),
        .note = str_trim(req->arena, http_form(req, "note")),
    };
    if (in.expires_on && !*in.expires_on) in.expires_on = NULL;
    if (in.note && !*in.note) in.note = NULL;
    api_errors e = {0};
    int64_t id = 0;
    rc = deploy_document_record(req, person, &in, &id, &e);
    if (rc == API_EINVALID) return person_page(req, res, person, orgs, n, 422, &e);
    return page_after_write(req, res, rc, href(req, "/deploy/people/%lld?saved=1", person));
}

/* ---- /deploy/hours: confirm and export ---- */

typedef struct hours_query {
    page_scope sc;
    int64_t from, to;            /* Amsterdam days, inclusive */
    const char *from_text, *to_text;
    api_errors e;                /* a wrong period */
} hours_query;

#define HOURS_MAX_DAYS 366

/* Reads ?org, ?from and ?to (or the posted ones): the period defaults to the
 * last four weeks up to today. False when the user plans nowhere. */
static bool hours_query_read(http_request *req, hours_query *q)
{
    bool post = str_eq(req->method, "POST");
    const char *(*get)(http_request *, const char *) = post ? http_form : http_query;
    memset(q, 0, sizeof *q);
    if (!scope_read(req, get(req, "org"), &q->sc)) return false;
    int64_t today = deploy_day_of(time_now());
    q->from = day_param(get(req, "from"), monday_of(today) - 28);
    q->to = day_param(get(req, "to"), today);
    if (q->from < 0) api_errors_add(&q->e, "from", MSG_DEPLOY_UI_DATE_INVALID);
    if (q->to < 0) api_errors_add(&q->e, "to", MSG_DEPLOY_UI_DATE_INVALID);
    if (!q->e.n && q->to < q->from) api_errors_add(&q->e, "to", MSG_DEPLOY_UI_PERIOD_ORDER);
    if (!q->e.n && q->to - q->from >= HOURS_MAX_DAYS) api_errors_add(&q->e, "to", MSG_DEPLOY_UI_PERIOD_LONG);
    q->from_text = q->from >= 0 ? iso_day(req, q->from) : get(req, "from");
    q->to_text = q->to >= 0 ? iso_day(req, q->to) : get(req, "to");
    return true;
}

static const char *hours_params(http_request *req, const hours_query *q)
{
    return arena_printf(req->arena, "from=%s&to=%s%s", q->from_text, q->to_text,
                        q->sc.org ? href(req, "&org=%lld", q->sc.org) : "");
}

/* The confirm form of one row as four cells (worked or not, hours, note,
 * button); the controls belong to the form in the last cell through their
 * form attribute, so that the row stays one line. */
static void hours_row_form(http_request *req, buf *b, const hours_query *q, const deploy_rostered *r,
                           const api_errors *e)
{
    const char *id = num(req, r->assignment_id);
    const char *fid = arena_printf(req->arena, "hours-%s", id);
    bool failed = e && e->n;
    const char *who = arena_printf(req->arena, "%s, %s", r->person_name, day_text(req, deploy_day_of(r->starts_at)));
    const char *status = failed ? http_form(req, "status") : r->hours_status ? r->hours_status : "worked";
    const char *sid = arena_printf(req->arena, "f-hours-%s-status", id);
    td_begin(b);
    html_lit(b, "<label class=\"instroom-visually-hidden\"");
    html_attr(b, "for", sid);
    html_lit(b, ">");
    html_text(b, msg_fill(req, MSG_DEPLOY_UI_HOURS_STATUS_OF, who, NULL));
    html_lit(b, "</label><select class=\"utrecht-select utrecht-select--html-select\" name=\"status\"");
    html_attr(b, "id", sid);
    html_attr(b, "form", fid);
    html_lit(b, ">");
    static const char *const st[] = {"worked", "missed"};
    for (int k = 0; k < 2; k++) {
        html_lit(b, "<option");
        html_attr(b, "value", st[k]);
        if (str_eq(status, st[k])) html_lit(b, " selected");
        html_lit(b, ">");
        html_text(b, hours_status_text(req, st[k]));
        html_lit(b, "</option>");
    }
    html_lit(b, "</select></td>");
    const char *wid = arena_printf(req->arena, "f-hours-%s-worked", id);
    const char *werr = failed ? api_errors_text(req, e, "worked") : NULL;
    td_begin(b);
    html_lit(b, "<label class=\"instroom-visually-hidden\"");
    html_attr(b, "for", wid);
    html_lit(b, ">");
    html_text(b, msg_fill(req, MSG_DEPLOY_UI_HOURS_WORKED_OF, who, NULL));
    html_lit(b, "</label><input class=\"utrecht-textbox utrecht-textbox--html-input");
    if (werr) html_lit(b, " utrecht-textbox--invalid");
    html_lit(b, "\" type=\"text\" inputmode=\"numeric\" size=\"5\" name=\"worked\"");
    html_attr(b, "id", wid);
    html_attr(b, "form", fid);
    html_attr(b, "value", failed ? http_form(req, "worked")
                          : hmm(req, r->hours_status ? r->worked_minutes : (int)((r->ends_at - r->starts_at) / 60)));
    if (werr) {
        html_lit(b, " aria-invalid=\"true\"");
        html_attr(b, "aria-describedby", arena_printf(req->arena, "%s-error", wid));
    }
    html_lit(b, "></td>");
    const char *nid = arena_printf(req->arena, "f-hours-%s-note", id);
    td_begin(b);
    html_lit(b, "<label class=\"instroom-visually-hidden\"");
    html_attr(b, "for", nid);
    html_lit(b, ">");
    html_text(b, msg_fill(req, MSG_DEPLOY_UI_HOURS_NOTE_OF, who, NULL));
    html_lit(
        b,
        "</label><input class=\"utrecht-textbox utrecht-textbox--html-input\" type=\"text\" size=\"14\" name=\"note\"");
    html_attr(b, "id", nid);
    html_attr(b, "form", fid);
    if (failed) html_attr(b, "value", http_form(req, "note"));
    html_lit(b, "></td>");
    td_begin(b);
    html_lit(b, "<form class=\"instroom-inline-form instroom-hours-form\" method=\"post\" novalidate");
    html_attr(b, "id", fid);
    html_attr(b, "action", arena_printf(req->arena, "/deploy/hours/%s", id));
    html_lit(b, ">");
    page_csrf(req, b);
    hidden(b, "from", q->from_text);
    hidden(b, "to", q->to_text);
    if (q->sc.org) hidden(b, "org", num(req, q->sc.org));
    const char *label = msg(req, r->hours_status ? MSG_DEPLOY_UI_HOURS_CORRECT : MSG_DEPLOY_UI_HOURS_CONFIRM);
    html_lit(b, "<button class=\"utrecht-button utrecht-button--secondary-action\" type=\"submit\"");
    html_attr(b, "aria-label", arena_printf(req->arena, "%s: %s", label, who));
    html_lit(b, ">");
    html_text(b, label);
    html_lit(b, "</button>");
    for (int i = 0; failed && i < e->n; i++) {
        html_lit(b, "<div class=\"utrecht-form-field-error-message\"");
        if (str_eq(e->items[i].field, "worked")) html_attr(b, "id", arena_printf(req->arena, "%s-error", wid));
        html_lit(b, ">");
        html_text(b, msg(req, e->items[i].reason));
        html_lit(b, "</div>");
    }
    html_lit(b, "</form></td>");
}

static int hours_page(http_request *req, http_response *res, hours_query *q, int status, int64_t failed_row,
                      const api_errors *e)
{
    deploy_rostered *r = NULL;
    int n = 0;
    if (!q->e.n) {
        int rc = deploy_org_roster(http_db(req), req->arena, q->sc.org, q->from, q->to, &r, &n);
        if (rc) return api_fail(rc);
    }
    const char *title = msg(req, MSG_DEPLOY_UI_HOURS);
    page_begin(req, res, title);
    res->status = q->e.n ? 422 : status;
    buf *b = &res->body;
    back_link(b, arena_printf(req->arena, "/deploy%s", org_query(req, q->sc.org)), msg(req, MSG_DEPLOY_UI_TITLE));
    ui_heading(b, 1, title);
    intro(b, msg_fill(req, MSG_DEPLOY_UI_HOURS_INTRO, org_name(req, q->sc.org), NULL));
    if (http_query(req, "saved")) page_alert(b, ALERT_OK, msg(req, MSG_DEPLOY_UI_HOURS_SAVED));
    if (q->e.n) error_summary(req, b, msg(req, MSG_UI_FILTER_INVALID), &q->e, "f-period-");
    if (e && e->n) page_alert(b, ALERT_ERROR, msg(req, MSG_DEPLOY_UI_HOURS_NOT_SAVED));
    html_lit(
        b, "<div class=\"instroom-panel\"><form class=\"instroom-form-grid\" method=\"get\" action=\"/deploy/hours\"");
    html_attr(b, "aria-label", msg(req, MSG_DEPLOY_UI_PERIOD));
    html_lit(b, ">");
    int no;
    ui_option *o = org_options(req, &q->sc, &no);
    if (o && (q->sc.coordinator || no > 1))
        ui_select(b, "f-period-org", "org", msg(req, MSG_DEPLOY_UI_ORG), o, no,
                  q->sc.coordinator ? msg(req, MSG_DEPLOY_UI_REGION) : NULL, q->sc.org ? num(req, q->sc.org) : "",
                  NULL);
    else if (q->sc.org) hidden(b, "org", num(req, q->sc.org));
    page_field(b, "f-period-from", "from", msg(req, MSG_DEPLOY_UI_FROM), "date", q->from_text,
               api_errors_text(req, &q->e, "from"), NULL, NULL);
    page_field(b, "f-period-to", "to", msg(req, MSG_DEPLOY_UI_TO), "date", q->to_text,
               api_errors_text(req, &q->e, "to"), NULL, NULL);
    actions(b, msg(req, MSG_DEPLOY_UI_SHOW));
    html_lit(b, "</form></div>");
    if (q->e.n) {
        page_end(req, res);
        return 0;
    }
    html_lit(b, "<div class=\"instroom-toolbar instroom-toolbar--start\">");
    page_button_link(b, arena_printf(req->arena, "/deploy/hours.csv?%s", hours_params(req, q)),
                     msg(req, MSG_DEPLOY_UI_EXPORT_CSV), 0);
    page_button_link(b, arena_printf(req->arena, "/deploy/hours.xlsx?%s", hours_params(req, q)),
                     msg(req, MSG_DEPLOY_UI_EXPORT_XLSX), 0);
    html_lit(b, "</div>");
    if (!n) {
        page_empty(b, msg(req, MSG_DEPLOY_UI_NO_HOURS), msg(req, MSG_DEPLOY_UI_NO_HOURS_TEXT), NULL, NULL);
        page_end(req, res);
        return 0;
    }
    int planned = 0, worked = 0;
    for (int i = 0; i < n; i++) {
        planned += (int)((r[i].ends_at - r[i].starts_at) / 60);
        if (str_eq(r[i].hours_status, "worked")) worked += r[i].worked_minutes;
    }
    ui_paragraph(b, msg_fill(req, MSG_DEPLOY_UI_HOURS_TOTALS, hmm(req, planned), hmm(req, worked)));
    ui_table_begin(b, "hours-caption", title, false);
    thead_begin(b);
    ui_th(b, msg(req, MSG_DEPLOY_UI_PERSON));
    ui_th(b, msg(req, MSG_DEPLOY_UI_WHEN));
    if (!q->sc.org) ui_th(b, msg(req, MSG_DEPLOY_UI_ORG));
    ui_th(b, msg(req, MSG_DEPLOY_UI_LOCATION));
    th_num(b, msg(req, MSG_DEPLOY_UI_PLANNED));
    ui_th(b, msg(req, MSG_DEPLOY_UI_STATUS));
    ui_th(b, msg(req, MSG_DEPLOY_UI_WORKED_Q));
    ui_th(b, msg(req, MSG_DEPLOY_UI_HOURS_HMM));
    ui_th(b, msg(req, MSG_DEPLOY_UI_NOTE));
    ui_th(b, msg(req, MSG_DEPLOY_UI_ACTIONS));
    thead_end(b);
    int64_t now = time_now();
    for (int i = 0; i < n; i++) {
        html_lit(b, "<tr class=\"utrecht-table__row\"");
        html_attr(b, "id", arena_printf(req->arena, "row-%lld", (long long)r[i].assignment_id));
        html_lit(b, ">");
        td_link(b, href(req, "/deploy/people/%lld", r[i].person_id), r[i].person_name);
        ui_td(b, when_text(req, r[i].starts_at, r[i].ends_at));
        if (!q->sc.org) ui_td(b, r[i].org_name);
        ui_td(b, r[i].location);
        td_num(b, hmm(req, (int)((r[i].ends_at - r[i].starts_at) / 60)));
        td_begin(b);
        ui_status_badge(b, str_eq(r[i].hours_status, "worked")   ? UI_BADGE_SUCCESS
                           : str_eq(r[i].hours_status, "missed") ? UI_BADGE_DANGER
                                                                 : UI_BADGE_WARNING,
                        r[i].hours_status ? arena_printf(req->arena, "%s %s", hours_status_text(req, r[i].hours_status),
                                                         hmm(req, r[i].worked_minutes))
                                          : hours_status_text(req, NULL));
        html_lit(b, "</td>");
        policy_target t = org_target(POLICY_DEPLOY_HOURS, &r[i].org_id, r[i].assignment_id, r[i].person_id);
        if (r[i].starts_at <= now && policy_allows(auth_current(req), POLICY_WRITE, &t, NULL))
            hours_row_form(req, b, q, &r[i], r[i].assignment_id == failed_row ? e : NULL);
        else {
            html_lit(b, "<td class=\"utrecht-table__cell\" colspan=\"4\">");
            html_text(b, r[i].starts_at > now ? msg(req, MSG_DEPLOY_UI_NOT_YET_WORKED) : "—");
            html_lit(b, "</td>");
        }
        html_lit(b, "</tr>");
    }
    table_end(b);
    page_end(req, res);
    return 0;
}

static int hours_show(http_request *req, http_response *res)
{
    hours_query *q = arena_calloc(req->arena, 1, sizeof *q);
    if (!q) return DB_ENOMEM;
    if (!hours_query_read(req, q)) return forbidden(req, res);
    policy_target t = scope_target(POLICY_DEPLOY_HOURS, &q->sc);
    if (!policy_enforce(req, POLICY_READ, &t, NULL)) return forbidden(req, res);
    return hours_page(req, res, q, 200, 0, NULL);
}

static int hours_submit(http_request *req, http_response *res)
{
    hours_query *q = arena_calloc(req->arena, 1, sizeof *q);
    if (!q) return DB_ENOMEM;
    if (!hours_query_read(req, q)) return forbidden(req, res);
    int64_t id = http_path_id(req, "id");
    deploy_rostered a;
    int rc = id ? deploy_assignment_load(http_db(req), req->arena, id, &a) : DB_ENOTFOUND;
    if (rc) return store_failed(req, res, rc);
    policy_target t = org_target(POLICY_DEPLOY_HOURS, &a.org_id, a.assignment_id, a.person_id);
    if (!policy_enforce(req, POLICY_WRITE, &t, NULL)) return forbidden(req, res);
    api_errors e = {0};
    const char *note = str_trim(req->arena, http_form(req, "note"));
    rc = deploy_hours_confirm(req, a.assignment_id, http_form(req, "status"),
                              str_trim(req->arena, http_form(req, "worked")), note && *note ? note : NULL, &e);
    if (rc == API_EINVALID) {
        t = scope_target(POLICY_DEPLOY_HOURS, &q->sc);
        if (!policy_enforce(req, POLICY_READ, &t, NULL)) return forbidden(req, res);
        return hours_page(req, res, q, 422, a.assignment_id, &e);
    }
    return page_after_write(req, res, rc,
                            arena_printf(req->arena, "/deploy/hours?%s&saved=1#row-%lld", hours_params(req, q),
                                         (long long)a.assignment_id));
}

/* GET /deploy/hours.csv and .xlsx: the period's published shifts with their hours, for payroll. */
static int hours_export(http_request *req, http_response *res, bool xlsx)
{
    hours_query *q = arena_calloc(req->arena, 1, sizeof *q);
    if (!q) return DB_ENOMEM;
    if (!hours_query_read(req, q)) return forbidden(req, res);
    policy_target t = scope_target(POLICY_DEPLOY_HOURS, &q->sc);
    if (!policy_enforce(req, POLICY_READ, &t, NULL)) return forbidden(req, res);
    if (q->e.n) {
        http_error(req, res, 400);
        return 0;
    }
    deploy_rostered *r;
    int n;
    int rc = deploy_org_roster(http_db(req), req->arena, q->sc.org, q->from, q->to, &r, &n);
    if (rc) return api_fail(rc);
    deploy_hours_row *rows = arena_calloc(req->arena, (size_t)(n ? n : 1), sizeof *rows);
    if (!rows) return DB_ENOMEM;
    for (int i = 0; i < n; i++) {
        bool worked = str_eq(r[i].hours_status, "worked");
        rows[i] = (deploy_hours_row){
            .person_id = r[i].person_id,
            .person = r[i].person_name,
            .org_id = r[i].org_id,
            .org = r[i].org_name,
            .location = r[i].location,
            .starts_at = r[i].starts_at,
            .ends_at = r[i].ends_at,
            .status = r[i].hours_status ? r[i].hours_status : "open",
            .planned_minutes = (int)((r[i].ends_at - r[i].starts_at) / 60),
            .worked_minutes = worked ? r[i].worked_minutes : 0,
        };
    }
    rc = xlsx ? deploy_hours_xlsx(rows, n, req->lang, &res->body) : deploy_hours_csv(rows, n, req->lang, &res->body);
    if (rc) return DB_ENOMEM;
    rc = audit_request(
        req, "export", "hours", 0, q->sc.org, "ok",
        arena_printf(req->arena, "%s %s..%s, %d rows", xlsx ? "xlsx" : "csv", q->from_text, q->to_text, n));
    if (rc) return api_fail(rc);
    res->status = 200;
    res->content_type =
        xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv; charset=utf-8";
    http_set_header(req, res, "Content-Disposition",
                    arena_printf(req->arena, "attachment; filename=\"%s-%s-%s-%s.%s\"", is_en(req) ? "hours" : "uren",
                                 q->sc.org ? num(req, q->sc.org) : (is_en(req) ? "region" : "regio"), q->from_text,
                                 q->to_text, xlsx ? "xlsx" : "csv"));
    http_set_header(req, res, "Cache-Control", "no-store");
    return 0;
}

static int hours_csv_show(http_request *req, http_response *res)
{
    return hours_export(req, res, false);
}

static int hours_xlsx_show(http_request *req, http_response *res)
{
    return hours_export(req, res, true);
}

/* ---- /me/shifts: the participant's shifts, open shifts and calendar feed ---- */

typedef struct me_state {
    const char *form;            /* the form that failed: "claim" or "cancel", or NULL */
    int64_t id;                  /* its shift (claim) or assignment (cancel) */
    const api_errors *e;
    const deploy_refusal *why;   /* a refused claim */
    const char *feed_url;        /* a new calendar link, shown once */
} me_state;

/* The participant's person id, or 0 (then a 404 page was written). */
static int64_t me_person(http_request *req, http_response *res)
{
    const auth_principal *p = auth_current(req);
    if (!p || !p->person_id) {
        http_error(req, res, 404);
        return 0;
    }
    return p->person_id;
}

/* A shift's day and, below it, its times, as the row's header cell (which does not wrap). */
static void when_cell(http_request *req, buf *b, int64_t starts_at, int64_t ends_at)
{
    html_lit(b, "<th class=\"utrecht-table__header-cell\" scope=\"row\">");
    html_text(b, day_text(req, deploy_day_of(starts_at)));
    html_lit(b, "<br>");
    html_text(b, arena_printf(req->arena, "%s–%s", clock_text(req, starts_at), clock_text(req, ends_at)));
    html_lit(b, "</th>");
}

static bool failed_here(const me_state *st, const char *form, int64_t id)
{
    return st && st->form && str_eq(st->form, form) && st->id == id;
}

static void me_cancel_form(http_request *req, buf *b, const deploy_rostered *a, const me_state *st)
{
    bool failed = failed_here(st, "cancel", a->assignment_id);
    const char *rid = arena_printf(req->arena, "f-cancel-%lld-reason", (long long)a->assignment_id);
    form_begin(req, b, href(req, "/me/shifts/%lld/cancel", a->assignment_id), "instroom-form");
    page_field(b, rid, "reason", msg(req, MSG_DEPLOY_UI_CANCEL_REASON), "text",
               failed ? http_form(req, "reason") : NULL, failed ? cancel_error(req, st->e) : NULL, NULL, NULL);
    html_lit(b,
             "<div class=\"instroom-form__actions\"><button class=\"utrecht-button utrecht-button--secondary-action\" "
             "type=\"submit\">");
    html_text(b, msg(req, MSG_DEPLOY_UI_CANCEL_ME));
    html_lit(b, "</button></div></form>");
}

static void me_upcoming(http_request *req, buf *b, const deploy_rostered *r, int n, int64_t now, const me_state *st)
{
    ui_heading(b, 2, msg(req, MSG_DEPLOY_UI_ME_UPCOMING));
    int shown = 0;
    for (int i = 0; i < n; i++) {
        const deploy_rostered *a = &r[i];
        if (!str_eq(a->status, "published") || a->starts_at <= now) continue;
        shown++;
        html_lit(b, "<section class=\"instroom-panel instroom-shift\"");
        html_attr(b, "id", arena_printf(req->arena, "shift-%lld", (long long)a->assignment_id));
        html_attr(b, "data-assignment", num(req, a->assignment_id));
        html_lit(b, ">");
        ui_heading(b, 3, when_text(req, a->starts_at, a->ends_at));
        ui_paragraph(b, arena_printf(req->arena, "%s · %s", a->org_name, a->location));
        if (a->starts_at - now > (int64_t)DEPLOY_CANCEL_HOURS * 3600) me_cancel_form(req, b, a, st);
        else muted(b, msg_fill(req, MSG_DEPLOY_UI_CANCEL_TOO_LATE, num(req, DEPLOY_CANCEL_HOURS), a->org_name));
        html_lit(b, "</section>");
    }
    if (!shown) page_empty(b, msg(req, MSG_DEPLOY_UI_ME_NONE), msg(req, MSG_DEPLOY_UI_ME_NONE_TEXT), NULL, NULL);
}

static void me_open(http_request *req, buf *b, const deploy_posted *s, int n, const me_state *st)
{
    ui_heading(b, 2, msg(req, MSG_DEPLOY_UI_ME_OPEN));
    if (!n) {
        muted(b, msg(req, MSG_DEPLOY_UI_ME_NO_OPEN));
        return;
    }
    ui_paragraph(b, msg(req, MSG_DEPLOY_UI_ME_OPEN_HINT));
    ui_table_begin(b, "open-caption", msg(req, MSG_DEPLOY_UI_ME_OPEN), false);
    thead_begin(b);
    ui_th(b, msg(req, MSG_DEPLOY_UI_WHEN));
    ui_th(b, msg(req, MSG_DEPLOY_UI_WHERE));
    thead_end(b);
    for (int i = 0; i < n && i < OPEN_SHOWN; i++) {
        bool failed = failed_here(st, "claim", s[i].id);
        int left = s[i].headcount - s[i].placed;
        html_lit(b, "<tr class=\"utrecht-table__row\"");
        html_attr(b, "id", arena_printf(req->arena, "claim-%lld", (long long)s[i].id));
        html_attr(b, "data-shift", num(req, s[i].id));
        html_lit(b, ">");
        when_cell(req, b, s[i].starts_at, s[i].ends_at);
        /* two columns, so that a phone shows the button without scrolling sideways */
        td_begin(b);
        html_text(b, s[i].org_name);
        html_lit(b, "<br>");
        html_text(b, s[i].location);
        html_lit(b, "<br><span class=\"instroom-muted\">");
        html_text(b, left == 1 ? msg(req, MSG_DEPLOY_UI_ONE_PLACE_OPEN)
                               : msg_fill(req, MSG_DEPLOY_UI_PLACES_OPEN, num(req, left), NULL));
        html_lit(b, "</span>");
        if (failed) {
            html_lit(b, "<div class=\"utrecht-form-field-error-message\"");
            html_attr(b, "id", arena_printf(req->arena, "claim-%lld-error", (long long)s[i].id));
            html_lit(b, ">");
            html_text(b, st->why && st->why->rule != DEPLOY_RULE_OK ? refusal_text(req, st->why)
                         : st->e && st->e->n                        ? msg(req, st->e->items[0].reason)
                                                                    : "");
            html_lit(b, "</div>");
        }
        const char *fields[] = {"shift_id", num(req, s[i].id), NULL};
        button_form(req, b, "/me/shifts/claim", msg(req, MSG_DEPLOY_UI_CLAIM),
                    arena_printf(req->arena, "%s, %s", when_text(req, s[i].starts_at, s[i].ends_at), s[i].location),
                    false, fields);
        html_lit(b, "</td></tr>");
    }
    table_end(b);
    if (n > OPEN_SHOWN) muted(b, msg_fill(req, MSG_DEPLOY_UI_ME_OPEN_MORE, num(req, n - OPEN_SHOWN), NULL));
}

/* Past and cancelled shifts, newest first, with their hours. */
static void me_past(http_request *req, buf *b, const deploy_rostered *r, int n, int64_t now)
{
    deploy_rostered *past = arena_calloc(req->arena, (size_t)(n ? n : 1), sizeof *past);
    int m = 0;
    for (int i = n - 1; past && i >= 0; i--)
        if (!(str_eq(r[i].status, "published") && r[i].starts_at > now)) past[m++] = r[i];
    ui_heading(b, 2, msg(req, MSG_DEPLOY_UI_ME_PAST));
    if (!m) {
        muted(b, msg(req, MSG_DEPLOY_UI_ME_NO_PAST));
        return;
    }
    /* Two narrow columns (the status under the place), so that a phone shows them without scrolling sideways. */
    ui_table_begin(b, "past-caption", msg(req, MSG_DEPLOY_UI_ME_PAST), false);
    thead_begin(b);
    ui_th(b, msg(req, MSG_DEPLOY_UI_WHEN));
    ui_th(b, msg(req, MSG_DEPLOY_UI_WHERE));
    thead_end(b);
    for (int i = 0; i < m; i++) {
        const deploy_rostered *a = &past[i];
        html_lit(b, "<tr class=\"utrecht-table__row\"");
        html_attr(b, "data-assignment", num(req, a->assignment_id));
        html_lit(b, ">");
        when_cell(req, b, a->starts_at, a->ends_at);
        html_lit(b, "<td class=\"utrecht-table__cell\">");
        html_text(b, a->org_name);
        html_lit(b, "<br>");
        html_text(b, a->location);
        html_lit(b, "<br>");
        if (str_eq(a->status, "cancelled")) ui_status_badge(b, UI_BADGE_NEUTRAL, msg(req, MSG_DEPLOY_UI_ST_CANCELLED));
        else if (str_eq(a->hours_status, "worked"))
            ui_status_badge(b, UI_BADGE_SUCCESS, arena_printf(req->arena, "%s %s", msg(req, MSG_DEPLOY_UI_HOURS_WORKED),
                                                              hmm(req, a->worked_minutes)));
        else if (str_eq(a->hours_status, "missed"))
            ui_status_badge(b, UI_BADGE_DANGER, msg(req, MSG_DEPLOY_UI_HOURS_MISSED));
        else ui_status_badge(b, UI_BADGE_NEUTRAL, msg(req, MSG_DEPLOY_UI_ST_PUBLISHED));
        html_lit(b, "</td></tr>");
    }
    table_end(b);
}

static void me_feed(http_request *req, buf *b, int64_t since, const me_state *st)
{
    ui_heading(b, 2, msg(req, MSG_DEPLOY_UI_FEED));
    ui_paragraph(b, msg(req, MSG_DEPLOY_UI_FEED_TEXT));
    if (st && st->feed_url) {
        html_lit(
            b, "<div class=\"utrecht-alert utrecht-alert--ok\" role=\"status\"><div class=\"utrecht-alert__icon\" "
               "aria-hidden=\"true\"></div><div class=\"utrecht-alert__content\"><div class=\"utrecht-alert__message\">"
               "<p class=\"utrecht-paragraph\">");
        html_text(b, msg(req, MSG_DEPLOY_UI_FEED_NEW));
        html_lit(b, "</p>");
        page_field(b, "f-feed-url", "feed_url", msg(req, MSG_DEPLOY_UI_FEED_URL), "url", st->feed_url, NULL,
                   msg(req, MSG_DEPLOY_UI_FEED_ONCE), "off");
        html_lit(b, "</div></div></div>");
    } else if (since) {
        ui_paragraph(b, msg_fill(req, MSG_DEPLOY_UI_FEED_SINCE, ui_time(req, since), NULL));
    } else {
        muted(b, msg(req, MSG_DEPLOY_UI_FEED_NONE));
    }
    html_lit(b, "<div class=\"instroom-toolbar instroom-toolbar--start\">");
    button_form(req, b, "/me/shifts/feed",
                msg(req, since || (st && st->feed_url) ? MSG_DEPLOY_UI_FEED_RENEW : MSG_DEPLOY_UI_FEED_MAKE), NULL,
                false, NULL);
    if (since || (st && st->feed_url))
        button_form(req, b, "/me/shifts/feed/revoke", msg(req, MSG_DEPLOY_UI_FEED_REVOKE), NULL, false, NULL);
    html_lit(b, "</div>");
}

static int me_shifts_page(http_request *req, http_response *res, int64_t person, int status, const me_state *st)
{
    db_conn *c = http_db(req);
    int64_t now = time_now();
    deploy_rostered *r;
    deploy_posted *open = NULL;
    int nr, no = 0;
    int64_t since = 0;
    int rc = deploy_person_roster(c, req->arena, person, 0, &r, &nr);
    if (!rc) {
        policy_target t = {.kind = POLICY_DEPLOY_SHIFT};
        if (policy_allows(auth_current(req), POLICY_READ, &t, NULL)) {
            deploy_shift_filter f = {.from_day = deploy_day_of(now), .open_only = true, .after = now};
            rc = deploy_shift_list(c, req->arena, &f, &open, &no);
        }
    }
    if (!rc) rc = deploy_feed_since(c, person, &since);
    if (rc) return api_fail(rc);
    const char *title = msg(req, MSG_DEPLOY_UI_ME_TITLE);
    page_begin(req, res, title);
    res->status = status;
    buf *b = &res->body;
    ui_heading(b, 1, title);
    intro(b, msg(req, MSG_DEPLOY_UI_ME_INTRO));
    if (http_query(req, "claimed")) page_alert(b, ALERT_OK, msg(req, MSG_DEPLOY_UI_CLAIMED));
    if (http_query(req, "cancelled")) page_alert(b, ALERT_OK, msg(req, MSG_DEPLOY_UI_ME_CANCELLED));
    if (str_eq(http_query(req, "feed"), "revoked")) page_alert(b, ALERT_OK, msg(req, MSG_DEPLOY_UI_FEED_REVOKED));
    if (st && st->form && str_eq(st->form, "claim")) {
        html_lit(b,
                 "<div class=\"utrecht-alert utrecht-alert--error\" role=\"alert\" id=\"error-summary\">"
                 "<div class=\"utrecht-alert__icon\" aria-hidden=\"true\"></div><div class=\"utrecht-alert__content\">"
                 "<div class=\"utrecht-alert__message\"><p class=\"utrecht-paragraph\">");
        html_text(b, msg(req, MSG_DEPLOY_UI_CLAIM_REFUSED));
        html_lit(b, "</p><ul class=\"utrecht-unordered-list\"><li class=\"utrecht-unordered-list__item\">");
        ui_link(b, arena_printf(req->arena, "#claim-%lld", (long long)st->id),
                st->why && st->why->rule != DEPLOY_RULE_OK ? refusal_text(req, st->why)
                : st->e && st->e->n                        ? msg(req, st->e->items[0].reason)
                                                           : msg(req, MSG_DEPLOY_UI_CLAIM_REFUSED));
        html_lit(b, "</li></ul></div></div></div>");
    }
    if (st && st->form && str_eq(st->form, "cancel"))
        error_summary_to(req, b, msg(req, MSG_DEPLOY_UI_NOT_CANCELLED), st->e, NULL,
                         arena_printf(req->arena, "f-cancel-%lld-reason", (long long)st->id));
    me_upcoming(req, b, r, nr, now, st);
    me_open(req, b, open, no, st);
    me_past(req, b, r, nr, now);
    me_feed(req, b, since, st);
    page_end(req, res);
    return 0;
}

static bool me_may(http_request *req, policy_op op, int64_t person, const int64_t *org, int64_t id)
{
    int64_t none = 0;
    policy_target t = org_target(POLICY_DEPLOY_ROSTER, org ? org : &none, id, person);
    return policy_enforce(req, op, &t, NULL);
}

static int me_shifts_show(http_request *req, http_response *res)
{
    int64_t person = me_person(req, res);
    if (!person) return 0;
    if (!me_may(req, POLICY_READ, person, NULL, 0)) return forbidden(req, res);
    return me_shifts_page(req, res, person, 200, NULL);
}

static int me_claim_submit(http_request *req, http_response *res)
{
    int64_t person = me_person(req, res);
    if (!person) return 0;
    int64_t id = form_id(req, "shift_id");
    deploy_posted s;
    int rc = id > 0 ? deploy_shift_load(http_db(req), req->arena, id, &s) : DB_ENOTFOUND;
    if (rc) return store_failed(req, res, rc);
    if (!me_may(req, POLICY_WRITE, person, &s.org_id, 0)) return forbidden(req, res);
    api_errors e = {0};
    deploy_refusal why = {0};
    int64_t aid = 0;
    rc = deploy_claim(req, s.id, person, &aid, &why, &e);
    if (rc == API_EINVALID) {
        me_state st = {.form = "claim", .id = s.id, .e = &e, .why = &why};
        return me_shifts_page(req, res, person, 422, &st);
    }
    return page_after_write(req, res, rc, "/me/shifts?claimed=1");
}

static int me_cancel_submit(http_request *req, http_response *res)
{
    int64_t person = me_person(req, res);
    if (!person) return 0;
    int64_t id = http_path_id(req, "id");
    deploy_rostered a;
    int rc = id ? deploy_assignment_load(http_db(req), req->arena, id, &a) : DB_ENOTFOUND;
    if (rc) return store_failed(req, res, rc);
    if (a.person_id != person) { /* /me cancels one's own shifts only; the policy still has its say */
        http_error(req, res, 404);
        return 0;
    }
    if (!me_may(req, POLICY_WRITE, person, &a.org_id, a.assignment_id)) return forbidden(req, res);
    api_errors e = {0};
    int64_t repair = 0;
    rc = deploy_cancel(req, a.assignment_id, true, str_trim(req->arena, http_form(req, "reason")), &repair, &e);
    if (rc == API_EINVALID) {
        me_state st = {.form = "cancel", .id = a.assignment_id, .e = &e};
        return me_shifts_page(req, res, person, 422, &st);
    }
    return page_after_write(req, res, rc, "/me/shifts?cancelled=1");
}

/* A new calendar link: shown on this answer only (never in a URL that is logged). */
static int me_feed_submit(http_request *req, http_response *res)
{
    int64_t person = me_person(req, res);
    if (!person) return 0;
    if (!me_may(req, POLICY_WRITE, person, NULL, 0)) return forbidden(req, res);
    const char *token = NULL;
    int rc = deploy_feed_token_new(req, person, &token);
    if (rc) return store_failed(req, res, rc);
    me_state st = {.feed_url = arena_printf(req->arena, "%s/ical/%s.ics", intake_public_url(), token)};
    http_set_header(req, res, "Cache-Control", "no-store");
    return me_shifts_page(req, res, person, 200, &st);
}

static int me_feed_revoke_submit(http_request *req, http_response *res)
{
    int64_t person = me_person(req, res);
    if (!person) return 0;
    if (!me_may(req, POLICY_WRITE, person, NULL, 0)) return forbidden(req, res);
    return page_after_write(req, res, deploy_feed_token_revoke(req, person), "/me/shifts?feed=revoked");
}

/* ---- /me/availability ---- */

typedef struct avail_state {
    const char *form;            /* "profile", "window", "exception", or NULL */
    const api_errors *e;
} avail_state;

static bool avail_failed(const avail_state *st, const char *form)
{
    return st && st->form && str_eq(st->form, form);
}

static void avail_windows(http_request *req, buf *b, const deploy_profile *pr, const avail_state *st)
{
    bool failed = avail_failed(st, "window");
    const api_errors *e = failed ? st->e : NULL;
    ui_heading(b, 2, msg(req, MSG_DEPLOY_UI_WEEK_PATTERN));
    ui_paragraph(b, msg(req, MSG_DEPLOY_UI_WEEK_PATTERN_HINT));
    if (!pr->nwindows) muted(b, msg(req, MSG_DEPLOY_UI_NO_WINDOWS));
    else {
        html_lit(b, "<ul class=\"utrecht-unordered-list instroom-lines\">");
        for (int i = 0; i < pr->nwindows; i++) {
            html_lit(b, "<li class=\"utrecht-unordered-list__item\">");
            html_text(b, window_text(req, &pr->windows[i]));
            html_lit(b, " ");
            button_form(req, b, href(req, "/me/availability/windows/%lld/delete", pr->windows[i].id),
                        msg(req, MSG_DEPLOY_UI_DELETE), window_text(req, &pr->windows[i]), false, NULL);
            html_lit(b, "</li>");
        }
        html_lit(b, "</ul>");
    }
    if (failed) error_summary(req, b, msg(req, MSG_UI_FORM_INVALID), e, "f-window-");
    html_lit(b, "<div class=\"instroom-panel\">");
    ui_heading(b, 3, msg(req, MSG_DEPLOY_UI_ADD_WINDOW));
    form_begin(req, b, "/me/availability/windows", "instroom-form");
    ui_option days[7];
    for (int d = 0; d < 7; d++) days[d] = (ui_option){num(req, d), msg(req, (msg_id)(MSG_DEPLOY_UI_MONDAY + d))};
    ui_select(b, "f-window-weekday", "weekday", msg(req, MSG_DEPLOY_UI_WEEKDAY), days, 7,
              msg(req, MSG_DEPLOY_UI_CHOOSE), failed ? http_form(req, "weekday") : NULL,
              api_errors_text(req, e, "weekday"));
    html_lit(b, "<div class=\"instroom-form-grid\">");
    page_field(b, "f-window-from", "from", msg(req, MSG_DEPLOY_UI_FROM_TIME), "time",
               failed ? http_form(req, "from") : NULL, api_errors_text(req, e, "from"), NULL, NULL);
    page_field(b, "f-window-to", "to", msg(req, MSG_DEPLOY_UI_TO_TIME), "time", failed ? http_form(req, "to") : NULL,
               api_errors_text(req, e, "to"), msg(req, MSG_DEPLOY_UI_END_HINT), NULL);
    html_lit(b, "</div>");
    actions(b, msg(req, MSG_DEPLOY_UI_ADD));
    html_lit(b, "</form></div>");
}

static void avail_exceptions(http_request *req, buf *b, const deploy_profile *pr, const avail_state *st)
{
    bool failed = avail_failed(st, "exception");
    const api_errors *e = failed ? st->e : NULL;
    ui_heading(b, 2, msg(req, MSG_DEPLOY_UI_EXCEPTIONS));
    ui_paragraph(b, msg(req, MSG_DEPLOY_UI_EXCEPTIONS_HINT));
    if (!pr->nexceptions) muted(b, msg(req, MSG_DEPLOY_UI_NO_EXCEPTIONS));
    else {
        html_lit(b, "<ul class=\"utrecht-unordered-list instroom-lines\">");
        for (int i = 0; i < pr->nexceptions; i++) {
            const deploy_exception_row *x = &pr->exceptions[i];
            const char *text = x->reason ? arena_printf(req->arena, "%s: %s", exception_text(req, x), x->reason)
                                         : exception_text(req, x);
            html_lit(b, "<li class=\"utrecht-unordered-list__item\">");
            html_text(b, text);
            html_lit(b, " ");
            button_form(req, b, href(req, "/me/availability/exceptions/%lld/delete", x->id),
                        msg(req, MSG_DEPLOY_UI_DELETE), exception_text(req, x), false, NULL);
            html_lit(b, "</li>");
        }
        html_lit(b, "</ul>");
    }
    if (failed) error_summary(req, b, msg(req, MSG_UI_FORM_INVALID), e, "f-exception-");
    html_lit(b, "<div class=\"instroom-panel\">");
    ui_heading(b, 3, msg(req, MSG_DEPLOY_UI_ADD_EXCEPTION));
    form_begin(req, b, "/me/availability/exceptions", "instroom-form");
    html_lit(b, "<div class=\"instroom-form-grid\">");
    page_field(b, "f-exception-from_date", "from_date", msg(req, MSG_DEPLOY_UI_FROM), "date",
               failed ? http_form(req, "from_date") : NULL, api_errors_text(req, e, "from_date"), NULL, NULL);
    page_field(b, "f-exception-to_date", "to_date", msg(req, MSG_DEPLOY_UI_TO), "date",
               failed ? http_form(req, "to_date") : NULL, api_errors_text(req, e, "to_date"),
               msg(req, MSG_DEPLOY_UI_TO_DATE_HINT), NULL);
    html_lit(b, "</div>");
    page_field(b, "f-exception-reason", "reason", msg(req, MSG_DEPLOY_UI_REASON), "text",
               failed ? http_form(req, "reason") : NULL, api_errors_text(req, e, "reason"),
               msg(req, MSG_DEPLOY_UI_EXCEPTION_REASON_HINT), NULL);
    actions(b, msg(req, MSG_DEPLOY_UI_ADD));
    html_lit(b, "</form></div>");
}

static void avail_profile(http_request *req, buf *b, const deploy_profile *pr, const avail_state *st)
{
    db_conn *c = http_db(req);
    bool failed = avail_failed(st, "profile");
    const api_errors *e = failed ? st->e : NULL;
    ui_heading(b, 2, msg(req, MSG_DEPLOY_UI_LIMITS));
    if (failed) error_summary(req, b, msg(req, MSG_UI_FORM_INVALID), e, "f-profile-");
    html_lit(b, "<div class=\"instroom-panel\">");
    form_begin(req, b, "/me/availability/profile", "instroom-form");
    html_lit(b, "<div class=\"instroom-form-grid\">");
    page_field(b, "f-profile-max_week_hours", "max_week_hours", msg(req, MSG_DEPLOY_UI_MAX_HOURS), "number",
               failed ? http_form(req, "max_week_hours") : pr->max_week_hours ? num(req, pr->max_week_hours) : NULL,
               api_errors_text(req, e, "max_week_hours"), msg(req, MSG_DEPLOY_UI_MAX_HOURS_HINT), NULL);
    page_field(b, "f-profile-travel_km", "travel_km", msg(req, MSG_DEPLOY_UI_TRAVEL), "number",
               failed ? http_form(req, "travel_km") : pr->travel_km ? num(req, pr->travel_km) : NULL,
               api_errors_text(req, e, "travel_km"), msg(req, MSG_DEPLOY_UI_TRAVEL_HINT), NULL);
    html_lit(b, "</div>");
    int64_t porgs[MAX_IDS], plocs[MAX_IDS];
    int npo = 0, npl = 0;
    if (failed) {
        if (form_ids(req, "pref_orgs", porgs, MAX_IDS, &npo) != 0) npo = 0;
        if (form_ids(req, "pref_locations", plocs, MAX_IDS, &npl) != 0) npl = 0;
    } else {
        for (int i = 0; i < pr->npref_orgs && npo < MAX_IDS; i++) porgs[npo++] = pr->pref_orgs[i];
        for (int i = 0; i < pr->npref_locations && npl < MAX_IDS; i++) plocs[npl++] = pr->pref_locations[i];
    }
    orgs_query q = {.kind = "care", .status = ORGS_STATUS_ACTIVE, .sort = ORGS_SORT_NAME, .limit = 1000};
    orgs_org *orgs = NULL;
    int no = 0;
    if (orgs_list(c, req->arena, &q, &orgs, &no, NULL) != 0) no = 0;
    fieldset_begin(b, "f-profile-pref_orgs", msg(req, MSG_DEPLOY_UI_PREF_ORGS), api_errors_text(req, e, "pref_orgs"),
                   msg(req, MSG_DEPLOY_UI_PREF_HINT));
    html_lit(b, "<div class=\"instroom-form-grid\">");
    for (int i = 0; i < no; i++)
        checkbox(b, arena_printf(req->arena, "f-pref-org-%lld", (long long)orgs[i].id), "pref_orgs",
                 num(req, orgs[i].id), has_id(porgs, npo, orgs[i].id), orgs[i].name);
    html_lit(b, "</div>");
    fieldset_end(b);
    fieldset_begin(b, "f-profile-pref_locations", msg(req, MSG_DEPLOY_UI_PREF_LOCATIONS),
                   api_errors_text(req, e, "pref_locations"), NULL);
    html_lit(b, "<div class=\"instroom-form-grid\">");
    int nlocs = 0;
    for (int i = 0; i < no; i++) {
        deploy_location *l;
        int nl;
        if (deploy_locations_of(c, req->arena, orgs[i].id, &l, &nl) != 0) continue;
        for (int k = 0; k < nl; k++, nlocs++)
            checkbox(b, arena_printf(req->arena, "f-pref-loc-%lld", (long long)l[k].id), "pref_locations",
                     num(req, l[k].id), has_id(plocs, npl, l[k].id),
                     arena_printf(req->arena, "%s (%s)", l[k].name, orgs[i].name));
    }
    html_lit(b, "</div>");
    if (!nlocs) muted(b, msg(req, MSG_DEPLOY_UI_NO_LOCATIONS));
    fieldset_end(b);
    actions(b, msg(req, MSG_UI_SAVE));
    html_lit(b, "</form></div>");
}

static int avail_page(http_request *req, http_response *res, int64_t person, int status, const avail_state *st)
{
    deploy_profile pr;
    int rc = deploy_profile_load(http_db(req), req->arena, person, &pr);
    if (rc) return store_failed(req, res, rc);
    policy_target t = {.kind = POLICY_DEPLOY_DOCUMENT, .id = person, .person_id = person};
    bool documents = policy_enforce(req, POLICY_READ, &t, NULL);
    const char *title = msg(req, MSG_DEPLOY_UI_AVAIL_TITLE);
    page_begin(req, res, title);
    res->status = status;
    buf *b = &res->body;
    ui_heading(b, 1, title);
    intro(b, msg(req, MSG_DEPLOY_UI_AVAIL_INTRO));
    if (http_query(req, "saved")) page_alert(b, ALERT_OK, msg(req, MSG_DEPLOY_UI_SAVED));
    avail_windows(req, b, &pr, st);
    avail_exceptions(req, b, &pr, st);
    avail_profile(req, b, &pr, st);
    if (documents) {
        ui_heading(b, 2, msg(req, MSG_DEPLOY_UI_DOCUMENTS));
        ui_paragraph(b, msg(req, MSG_DEPLOY_UI_ME_DOCUMENTS_HINT));
        documents_table(req, b, &pr);
    }
    page_end(req, res);
    return 0;
}

/* The participant and the policy's answer about their own profile; 0 when a page was written. */
static int64_t avail_person(http_request *req, http_response *res, policy_op op)
{
    int64_t person = me_person(req, res);
    if (!person) return 0;
    policy_target t = {.kind = POLICY_DEPLOY_PROFILE, .id = person, .person_id = person};
    if (!policy_enforce(req, op, &t, NULL)) {
        forbidden(req, res);
        return 0;
    }
    return person;
}

static int avail_show(http_request *req, http_response *res)
{
    int64_t person = avail_person(req, res, POLICY_READ);
    return person ? avail_page(req, res, person, 200, NULL) : 0;
}

static int avail_profile_submit(http_request *req, http_response *res)
{
    int64_t person = avail_person(req, res, POLICY_WRITE);
    if (!person) return 0;
    deploy_profile_input in = {.max_week_hours = str_trim(req->arena, http_form(req, "max_week_hours")),
                               .travel_km = str_trim(req->arena, http_form(req, "travel_km"))};
    api_errors e = {0};
    int64_t porgs[MAX_IDS], plocs[MAX_IDS];
    int npo = 0, npl = 0;
    if (form_ids(req, "pref_orgs", porgs, MAX_IDS, &npo) != 0)
        api_errors_add(&e, "pref_orgs", MSG_DEPLOY_UI_CHOICE_INVALID);
    if (form_ids(req, "pref_locations", plocs, MAX_IDS, &npl) != 0)
        api_errors_add(&e, "pref_locations", MSG_DEPLOY_UI_CHOICE_INVALID);
    int rc;
    if (e.n) {
        int h, km;
        deploy_profile_validate(&in, &h, &km, &e);
        rc = API_EINVALID;
    } else rc = deploy_profile_save(req, person, &in, porgs, npo, plocs, npl, &e);
    if (rc == API_EINVALID) {
        avail_state st = {.form = "profile", .e = &e};
        return avail_page(req, res, person, 422, &st);
    }
    return page_after_write(req, res, rc, "/me/availability?saved=1");
}

static int avail_window_submit(http_request *req, http_response *res)
{
    int64_t person = avail_person(req, res, POLICY_WRITE);
    if (!person) return 0;
    deploy_window_input in = {
        .weekday = http_form(req, "weekday"), .from = http_form(req, "from"), .to = http_form(req, "to")};
    api_errors e = {0};
    int64_t id = 0;
    int rc = deploy_window_add(req, person, &in, &id, &e);
    if (rc == API_EINVALID) {
        avail_state st = {.form = "window", .e = &e};
        return avail_page(req, res, person, 422, &st);
    }
    return page_after_write(req, res, rc, "/me/availability?saved=1");
}

static int avail_window_delete_submit(http_request *req, http_response *res)
{
    int64_t person = avail_person(req, res, POLICY_WRITE);
    if (!person) return 0;
    int64_t id = http_path_id(req, "id");
    return page_after_write(req, res, id ? deploy_window_delete(req, person, id) : DB_ENOTFOUND,
                            "/me/availability?saved=1");
}

static int avail_exception_submit(http_request *req, http_response *res)
{
    int64_t person = avail_person(req, res, POLICY_WRITE);
    if (!person) return 0;
    const char *to = str_trim(req->arena, http_form(req, "to_date"));
    const char *reason = str_trim(req->arena, http_form(req, "reason"));
    api_errors e = {0};
    int64_t id = 0;
    int rc = deploy_exception_add(req, person, str_trim(req->arena, http_form(req, "from_date")), to && *to ? to : NULL,
                                  reason && *reason ? reason : NULL, &id, &e);
    if (rc == API_EINVALID) {
        avail_state st = {.form = "exception", .e = &e};
        return avail_page(req, res, person, 422, &st);
    }
    return page_after_write(req, res, rc, "/me/availability?saved=1");
}

static int avail_exception_delete_submit(http_request *req, http_response *res)
{
    int64_t person = avail_person(req, res, POLICY_WRITE);
    if (!person) return 0;
    int64_t id = http_path_id(req, "id");
    return page_after_write(req, res, id ? deploy_exception_delete(req, person, id) : DB_ENOTFOUND,
                            "/me/availability?saved=1");
}

const http_route deploy_routes[] = {
    {"GET", "/deploy", overview_show, 0, "deploy: shifts by week, plans and runners of an organisation or the region"},
    {"POST", "/deploy/plans", plan_create_submit, 0, "deploy: make a proposal (the roster engine) for a period"},
    {"GET", "/deploy/plans/{id}", plan_show, 0,
     "deploy: a plan with coverage, unfilled places, hours and hand changes"},
    {"POST", "/deploy/plans/{id}/assign", plan_assign_submit, 0, "deploy: put a person on a shift of a draft plan"},
    {"POST", "/deploy/plans/{id}/unassign", plan_unassign_submit, 0,
     "deploy: take a person off a shift of a draft plan"},
    {"POST", "/deploy/plans/{id}/publish", plan_publish_submit, 0, "deploy: publish a draft plan"},
    {"POST", "/deploy/plans/{id}/discard", plan_discard_submit, 0, "deploy: discard a draft plan"},
    {"GET", "/deploy/shifts/new", shift_new_show, 0, "deploy: post a shift or a pattern (form)"},
    {"POST", "/deploy/shifts", shift_create_submit, 0, "deploy: post a shift or a pattern"},
    {"GET", "/deploy/shifts/{id}", shift_show, 0, "deploy: a shift with the people rostered"},
    {"POST", "/deploy/shifts/{id}/cancel", shift_cancel_submit, 0, "deploy: cancel a shift (the organisation)"},
    {"POST", "/deploy/assignments/{id}/cancel", person_off_submit, 0, "deploy: take a person off a shift (the organisation)"},
    {"GET", "/deploy/locations", locations_show, 0, "deploy: an organisation's locations"},
    {"POST", "/deploy/locations", location_create_submit, 0, "deploy: add a location"},
    {"GET", "/deploy/people/{id}", person_show, 0, "deploy: a runner's availability, documents and roster"},
    {"POST", "/deploy/people/{id}/documents", document_submit, 0, "deploy: record a checked document"},
    {"GET", "/deploy/hours", hours_show, 0, "deploy: published shifts of a period with their hours"},
    {"POST", "/deploy/hours/{id}", hours_submit, 0, "deploy: confirm or correct the hours of a shift"},
    {"GET", "/deploy/hours.csv", hours_csv_show, 0, "deploy: hours of a period as CSV"},
    {"GET", "/deploy/hours.xlsx", hours_xlsx_show, 0, "deploy: hours of a period as XLSX"},
    {"GET", "/me/shifts", me_shifts_show, 0, "deploy: my shifts, open shifts and calendar link (participant)"},
    {"POST", "/me/shifts/claim", me_claim_submit, 0, "deploy: claim an open shift"},
    {"POST", "/me/shifts/{id}/cancel", me_cancel_submit, 0, "deploy: cancel one of my shifts"},
    {"POST", "/me/shifts/feed", me_feed_submit, 0, "deploy: make a new calendar link"},
    {"POST", "/me/shifts/feed/revoke", me_feed_revoke_submit, 0, "deploy: revoke my calendar link"},
    {"GET", "/me/availability", avail_show, 0, "deploy: my availability, limits, preferences and documents"},
    {"POST", "/me/availability/profile", avail_profile_submit, 0, "deploy: save my limits and preferences"},
    {"POST", "/me/availability/windows", avail_window_submit, 0, "deploy: add a line to my weekly pattern"},
    {"POST", "/me/availability/windows/{id}/delete", avail_window_delete_submit, 0, "deploy: delete a weekly line"},
    {"POST", "/me/availability/exceptions", avail_exception_submit, 0, "deploy: add days I cannot work"},
    {"POST", "/me/availability/exceptions/{id}/delete", avail_exception_delete_submit, 0,
     "deploy: delete an exception"},
    {0},
};
