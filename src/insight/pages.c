/* insight pages: /insight (the programmes the principal may see, with key
 * figures), /insight/programmes/{id} and /insight/cohorts/{id} (the charts). */
#include "insight/pages.h"

#include <math.h>
#include <string.h>
#include <time.h>

#include "auth/auth.h"
#include "auth/policy.h"
#include "base/time.h"
#include "http/api.h"
#include "http/html.h"
#include "http/i18n.h"
#include "http/page.h"
#include "http/server.h"
#include "http/ui.h"
#include "insight/model.h"
#include "insight/outcomes.h"
#include "insight/store.h"
#include "insight/svg.h"

static policy_target insight_target(int64_t programme_id, const int64_t *orgs, int norgs)
{
    policy_target t = {.kind = POLICY_INSIGHT, .id = programme_id, .orgs = orgs, .norgs = norgs};
    return t;
}

insight_scope_result insight_load_for_request(http_request *req, bool cohort, insight_figures *f, const char **today,
                                              int *rc)
{
    *rc = 0;
    const char *on = http_query(req, "on");
    if (on && *on) {
        if (insight_day_parse(on) == INT32_MIN) return INSIGHT_SCOPE_BAD_DATE;
        /* A day after today has no events yet; one centuries on cannot be computed at all. */
        if (strcmp(on, time_ams_today(req->arena)) > 0) return INSIGHT_SCOPE_FUTURE_DATE;
        *today = on;
    } else {
        *today = time_ams_today(req->arena);
    }
    int64_t id = http_path_id(req, "id"), programme_id = id, cohort_id = 0;
    if (!id) return INSIGHT_SCOPE_NOT_FOUND;
    db_conn *c = http_db(req);
    if (cohort) {
        cohort_id = id;
        *rc = insight_cohort_programme(c, cohort_id, &programme_id);
        if (*rc == DB_ENOTFOUND) return INSIGHT_SCOPE_NOT_FOUND;
        if (*rc) return INSIGHT_SCOPE_ERROR;
    }
    int64_t *orgs;
    int norgs;
    *rc = insight_programme_orgs(c, programme_id, req->arena, &orgs, &norgs);
    if (*rc == DB_ENOTFOUND) return INSIGHT_SCOPE_NOT_FOUND;
    if (*rc) return INSIGHT_SCOPE_ERROR;
    policy_target t = insight_target(programme_id, orgs, norgs);
    if (!policy_enforce(req, POLICY_READ, &t, cohort ? "insight_cohort" : "insight_programme"))
        return INSIGHT_SCOPE_FORBIDDEN;
    *rc = insight_figures_load(c, programme_id, cohort_id, *today, req->arena, f);
    if (*rc == DB_ENOTFOUND) return INSIGHT_SCOPE_NOT_FOUND;
    if (*rc) return INSIGHT_SCOPE_ERROR;
    return INSIGHT_SCOPE_OK;
}

static double continuation_pct(const insight_figures *f)
{
    return f->decided > 0 ? 100.0 * (double)f->continued / (double)f->decided : NAN;
}

static const char *num(http_request *req, int64_t n)
{
    return arena_printf(req->arena, "%lld", (long long)n);
}

/* The key figures as a data list. */
static void key_figures(http_request *req, buf *b, const insight_figures *f)
{
    ui_heading(b, 2, msg(req, MSG_INSIGHT_FIGURES));
    ui_data_begin(b);
    ui_data_row(b, msg(req, MSG_INSIGHT_MEMBERS), num(req, f->members));
    double rate = continuation_pct(f);
    const char *cont = arena_printf(req->arena, "%s (%s)",
                                    msg_fill(req, MSG_INSIGHT_OF, num(req, f->continued), num(req, f->decided)),
                                    insight_fmt_pct(req, rate));
    ui_data_row(b, msg(req, MSG_INSIGHT_CONTINUATION), cont);
    if (f->target_pct >= 0) {
        const char *verdict = isnan(rate) ? msg(req, MSG_INSIGHT_NOT_YET)
                              : rate >= f->target_pct ? msg(req, MSG_INSIGHT_TARGET_MET)
                                                      : msg(req, MSG_INSIGHT_TARGET_MISSED);
        ui_data_row(b, msg(req, MSG_INSIGHT_TARGET),
                    arena_printf(req->arena, "%s – %s", insight_fmt_pct(req, f->target_pct), verdict));
    }
    ui_data_row(b, msg(req, MSG_INSIGHT_WORKING_6M),
                msg_fill(req, MSG_INSIGHT_OF_ELIGIBLE, num(req, f->working_6m), num(req, f->eligible_6m)));
    ui_data_row(b, msg(req, MSG_INSIGHT_WORKING_12M),
                msg_fill(req, MSG_INSIGHT_OF_ELIGIBLE12, num(req, f->working_12m), num(req, f->eligible_12m)));
    ui_data_row(b, msg(req, MSG_INSIGHT_TOTAL_COSTS), insight_fmt_money(req, f->costs_cents));
    ui_data_row(b, msg(req, MSG_INSIGHT_COST_MEMBER), insight_fmt_money(req, f->cost_per_member));
    ui_data_row(b, msg(req, MSG_INSIGHT_COST_6M), insight_fmt_money(req, f->cost_per_working_6m));
    ui_data_row(b, msg(req, MSG_INSIGHT_COST_12M), insight_fmt_money(req, f->cost_per_working_12m));
    ui_data_end(b);
}

/* Everything below the heading: figures, continuation, retention, funnel, dropout. */
static void charts(http_request *req, buf *b, const insight_figures *f, const insight_series *series, int nseries)
{
    key_figures(req, b, f);
    ui_heading(b, 2, msg(req, MSG_INSIGHT_CONTINUATION));
    if (f->target_pct < 0) ui_paragraph(b, msg(req, MSG_INSIGHT_NO_TARGET));
    insight_svg_continuation(req, b, f);
    ui_heading(b, 2, msg(req, MSG_INSIGHT_RETENTION));
    insight_svg_retention(req, b, "chart-retention", series, nseries);
    ui_heading(b, 2, msg(req, MSG_INSIGHT_FUNNEL));
    insight_svg_funnel(req, b, f);
    ui_heading(b, 2, msg(req, MSG_INSIGHT_DROPOUT_PHASE));
    insight_svg_dropout(req, b, f);
}

static int scope_failed(http_request *req, http_response *res, insight_scope_result r, int rc)
{
    switch (r) {
    case INSIGHT_SCOPE_NOT_FOUND: page_error(req, res, 404); return 0;
    case INSIGHT_SCOPE_FORBIDDEN: page_error(req, res, 403); return 0;
    case INSIGHT_SCOPE_BAD_DATE:
    case INSIGHT_SCOPE_FUTURE_DATE: page_error(req, res, 422); return 0;
    default: return api_fail(rc ? rc : DB_ERR);
    }
}

static void as_of(http_request *req, buf *b, const char *today)
{
    html_lit(b, "<p class=\"utrecht-paragraph instroom-muted\">");
    html_text(b, msg(req, MSG_INSIGHT_AS_OF));
    html_lit(b, " <time");
    html_attr(b, "datetime", today);
    html_lit(b, ">");
    html_text(b, today);
    html_lit(b, "</time></p>");
}

static int insight_programme_page(http_request *req, http_response *res)
{
    insight_figures f;
    const char *today;
    int rc;
    insight_scope_result r = insight_load_for_request(req, false, &f, &today, &rc);
    if (r != INSIGHT_SCOPE_OK) return scope_failed(req, res, r, rc);
    insight_cohort_row *cohorts;
    int ncohorts;
    if ((rc = insight_cohorts_of(http_db(req), f.programme_id, req->arena, &cohorts, &ncohorts))) return api_fail(rc);
    /* One curve per cohort with members. */
    insight_series *series = arena_calloc(req->arena, (size_t)ncohorts + 1, sizeof *series);
    if (!series) return api_fail(DB_ENOMEM);
    int nseries = 0;
    for (int i = 0; i < ncohorts; i++) {
        if (cohorts[i].members == 0) continue;
        insight_figures cf;
        if ((rc = insight_figures_load(http_db(req), f.programme_id, cohorts[i].id, today, req->arena, &cf)))
            return api_fail(rc);
        series[nseries++] = (insight_series){cohorts[i].name, cf.km, cf.nkm};
    }
    if (nseries == 0) series[nseries++] = (insight_series){msg(req, MSG_INSIGHT_ALL_COHORTS), f.km, f.nkm};
    page_begin(req, res, f.programme_name);
    buf *b = &res->body;
    ui_heading(b, 1, f.programme_name);
    as_of(req, b, today);
    ui_heading(b, 2, msg(req, MSG_INSIGHT_COHORTS));
    html_lit(b, "<ul class=\"utrecht-unordered-list\">");
    for (int i = 0; i < ncohorts; i++) {
        html_lit(b, "<li class=\"utrecht-unordered-list__item\">");
        ui_link(b, arena_printf(req->arena, "/insight/cohorts/%lld", (long long)cohorts[i].id), cohorts[i].name);
        html_lit(b, " (");
        html_text(b, cohorts[i].starts_on);
        html_lit(b, ", ");
        html_int(b, cohorts[i].members);
        html_lit(b, " ");
        html_text(b, msg(req, MSG_INSIGHT_MEMBERS));
        html_lit(b, ")</li>");
    }
    html_lit(b, "</ul>");
    charts(req, b, &f, series, nseries);
    page_end(req, res);
    return 0;
}

static int insight_cohort_page(http_request *req, http_response *res)
{
    insight_figures f;
    const char *today;
    int rc;
    insight_scope_result r = insight_load_for_request(req, true, &f, &today, &rc);
    if (r != INSIGHT_SCOPE_OK) return scope_failed(req, res, r, rc);
    const char *title = arena_printf(req->arena, "%s – %s", f.programme_name, f.cohort_name);
    page_begin(req, res, title);
    buf *b = &res->body;
    ui_heading(b, 1, title);
    html_lit(b, "<p class=\"utrecht-paragraph\">");
    ui_link(b, arena_printf(req->arena, "/insight/programmes/%lld", (long long)f.programme_id), f.programme_name);
    html_lit(b, "</p>");
    as_of(req, b, today);
    insight_series s = {f.cohort_name, f.km, f.nkm};
    charts(req, b, &f, &s, 1);
    page_end(req, res);
    return 0;
}

static int insight_index(http_request *req, http_response *res)
{
    const auth_principal *p = auth_current(req);
    if (!p || !(p->roles & ROLES_STAFF)) {
        page_error(req, res, 403);
        return 0;
    }
    insight_programme_row *list;
    int n, rc;
    if ((rc = insight_programmes_list(http_db(req), req->arena, &list, &n))) return api_fail(rc);
    const char *today = time_ams_today(req->arena);
    page_begin(req, res, msg(req, MSG_INSIGHT_TITLE));
    buf *b = &res->body;
    ui_heading(b, 1, msg(req, MSG_INSIGHT_TITLE));
    ui_paragraph(b, msg(req, MSG_INSIGHT_INTRO));
    as_of(req, b, today);
    int shown = 0;
    for (int i = 0; i < n; i++) {
        policy_target t = insight_target(list[i].id, list[i].orgs, list[i].norgs);
        if (!policy_allows(p, POLICY_READ, &t, NULL)) continue;
        insight_figures f;
        if ((rc = insight_figures_load(http_db(req), list[i].id, 0, today, req->arena, &f))) return api_fail(rc);
        if (!shown) {
            ui_table_begin(b, "insight-programmes", msg(req, MSG_INSIGHT_TITLE), false);
            html_lit(b, "<thead class=\"utrecht-table__header\"><tr class=\"utrecht-table__row\">");
            const msg_id heads[] = {MSG_INSIGHT_PROGRAMME, MSG_INSIGHT_COHORTS, MSG_INSIGHT_MEMBERS,
                                    MSG_INSIGHT_CONTINUATION, MSG_INSIGHT_TARGET, MSG_INSIGHT_WORKING_6M,
                                    MSG_INSIGHT_COST_MEMBER};
            for (size_t k = 0; k < sizeof heads / sizeof heads[0]; k++) {
                html_lit(b, "<th class=\"utrecht-table__header-cell\" scope=\"col\">");
                html_text(b, msg(req, heads[k]));
                html_lit(b, "</th>");
            }
            html_lit(b, "</tr></thead><tbody class=\"utrecht-table__body\">");
        }
        shown++;
        html_lit(b, "<tr class=\"utrecht-table__row\"><th class=\"utrecht-table__header-cell\" scope=\"row\">");
        ui_link(b, arena_printf(req->arena, "/insight/programmes/%lld", (long long)list[i].id), list[i].name);
        html_lit(b, "</th><td class=\"utrecht-table__cell\">");
        for (int k = 0; k < list[i].ncohorts; k++) {
            if (k) html_lit(b, ", ");
            ui_link(b, arena_printf(req->arena, "/insight/cohorts/%lld", (long long)list[i].cohorts[k].id),
                    list[i].cohorts[k].name);
        }
        html_lit(b, "</td><td class=\"utrecht-table__cell utrecht-table__cell--numeric-column\">");
        html_int(b, f.members);
        html_lit(b, "</td><td class=\"utrecht-table__cell utrecht-table__cell--numeric-column\">");
        html_text(b, insight_fmt_pct(req, continuation_pct(&f)));
        html_lit(b, "</td><td class=\"utrecht-table__cell utrecht-table__cell--numeric-column\">");
        html_text(b, f.target_pct >= 0 ? insight_fmt_pct(req, f.target_pct) : "–");
        html_lit(b, "</td><td class=\"utrecht-table__cell utrecht-table__cell--numeric-column\">");
        html_text(b, msg_fill(req, MSG_INSIGHT_OF, num(req, f.working_6m), num(req, f.eligible_6m)));
        html_lit(b, "</td><td class=\"utrecht-table__cell utrecht-table__cell--numeric-column\">");
        html_text(b, insight_fmt_money(req, f.cost_per_member));
        html_lit(b, "</td></tr>");
    }
    if (shown) {
        html_lit(b, "</tbody>");
        ui_table_end(b);
    } else {
        page_empty(b, msg(req, MSG_INSIGHT_EMPTY), msg(req, MSG_INSIGHT_EMPTY_TEXT), NULL, NULL);
    }
    page_end(req, res);
    return 0;
}

const http_route insight_routes[] = {
    {"GET", "/insight", insight_index, 0, "programmes with their key figures"},
    {"GET", "/insight/programmes/{id}", insight_programme_page, 0, "a programme's figures and charts"},
    {"GET", "/insight/cohorts/{id}", insight_cohort_page, 0, "a cohort's figures and charts"},
    {0},
};
