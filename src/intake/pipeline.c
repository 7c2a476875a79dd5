/* intake pipeline pages: campaigns, the funnel, list and board views with
 * filters and bulk actions, an application with its history and scores,
 * the rubric editor, the ranking and "select the best K". Thin: policy
 * decides (policy_enforce on every page), pipeline_store does. */
#include <stdio.h>
#include <string.h>

#include "auth/policy.h"
#include "base/str.h"
#include "base/time.h"
#include "http/html.h"
#include "http/i18n.h"
#include "http/page.h"
#include "http/server.h"
#include "http/ui.h"
#include "intake/pipeline.h"
#include "skills/skills.h"

static const char *num(http_request *req, int64_t v)
{
    return arena_printf(req->arena, "%lld", (long long)v);
}

static const char *campaign_href(http_request *req, int64_t id, const char *suffix)
{
    return arena_printf(req->arena, "/pipeline/campaigns/%lld%s", (long long)id, suffix ? suffix : "");
}

static const char *app_href(http_request *req, int64_t id, const char *suffix)
{
    return arena_printf(req->arena, "/pipeline/applications/%lld%s", (long long)id, suffix ? suffix : "");
}

static const char *stage_name(http_request *req, const intake_stage *s)
{
    if (!s) return "-";
    return str_eq(req->lang, "en") ? s->name_en : s->name_nl;
}

static const char *person_name(http_request *req, const intake_app_row *a)
{
    if (a->erased_at || !a->given_name) return msg(req, MSG_PIPE_ERASED);
    return arena_printf(req->arena, "%s %s", a->given_name, a->family_name ? a->family_name : "");
}

/* Loads campaign {id} after policy allowed op on its applications; 404 when
 * absent or not readable (the refusal is audited), 403 for a refused write. */
static int load_campaign(http_request *req, http_response *res, policy_op op, intake_campaign *k, bool *done)
{
    int rc = intake_pipeline_open_campaign(req, op, k);
    *done = rc != 0;
    if (rc < 0) return api_fail(rc);
    if (rc) http_error(req, res, rc);
    return 0;
}

static int load_application(http_request *req, http_response *res, policy_op op, intake_app_row *app,
                            intake_campaign *k, bool *done)
{
    int rc = intake_pipeline_open_application(req, op, app, k);
    *done = rc != 0;
    if (rc < 0) return api_fail(rc);
    if (rc) http_error(req, res, rc);
    return 0;
}

/* A tab of the campaign: a button link, marked as the current page when it is. */
static void campaign_tab(http_request *req, buf *b, const char *href, const char *label)
{
    html_lit(b, "<a class=\"utrecht-button-link utrecht-button-link--html-a utrecht-button-link--secondary-action\"");
    html_attr(b, "href", href);
    if (str_eq(req->path, href)) html_lit(b, " aria-current=\"page\"");
    html_lit(b, ">");
    html_text(b, label);
    html_lit(b, "</a>");
}

static void campaign_nav(http_request *req, buf *b, const intake_campaign *k)
{
    html_lit(b, "<nav class=\"instroom-toolbar instroom-toolbar--tabs\"");
    html_attr(b, "aria-label", msg(req, MSG_PIPE_CAMPAIGN_NAV));
    html_lit(b, ">");
    campaign_tab(req, b, campaign_href(req, k->id, NULL), msg(req, MSG_PIPE_FUNNEL));
    campaign_tab(req, b, campaign_href(req, k->id, "/applications"), msg(req, MSG_PIPE_LIST));
    campaign_tab(req, b, campaign_href(req, k->id, "/board"), msg(req, MSG_PIPE_BOARD));
    campaign_tab(req, b, campaign_href(req, k->id, "/rubric"), msg(req, MSG_PIPE_RUBRIC));
    campaign_tab(req, b, campaign_href(req, k->id, "/ranking"), msg(req, MSG_PIPE_RANKING));
    campaign_tab(req, b, campaign_href(req, k->id, "/selection"), msg(req, MSG_PIPE_SELECTION));
    /* the campaign's settings and import live under Programma's */
    static const policy_target programme = {.kind = POLICY_PROGRAMME};
    if (policy_allows(auth_current(req), POLICY_READ, &programme, NULL)) {
        html_lit(b, "<a class=\"utrecht-link utrecht-link--html-a instroom-toolbar__end\"");
        html_attr(b, "href", arena_printf(req->arena, "/campaigns/%lld", (long long)k->id));
        html_lit(b, ">");
        html_text(b, msg(req, MSG_PIPE_CAMPAIGN_ADMIN));
        html_lit(b, "</a>");
    }
    html_lit(b, "</nav>");
}

/* ---- GET /pipeline ---- */

static int campaigns_show(http_request *req, http_response *res)
{
    policy_target t = {.kind = POLICY_PROGRAMME};
    if (!policy_enforce(req, POLICY_READ, &t, NULL)) {
        http_error(req, res, 403);
        return 0;
    }
    intake_campaign_row *list;
    int n;
    int rc = intake_pipeline_campaigns(http_db(req), req->arena, &list, &n);
    if (rc) return api_fail(rc);
    page_begin(req, res, msg(req, MSG_PIPE_TITLE));
    buf *b = &res->body;
    ui_heading(b, 1, msg(req, MSG_PIPE_TITLE));
    ui_paragraph(b, msg(req, MSG_PIPE_INTRO));
    int shown = 0;
    for (int i = 0; i < n; i++) {
        policy_target ct;
        if (intake_pipeline_target(req, list[i].id, 0, 0, &ct) != 0) continue;
        /* a campaign of a programme the user's organisation is no partner of is not listed */
        if (!policy_allows(auth_current(req), POLICY_READ, &ct, NULL)) continue;
        if (!shown++) {
            ui_table_begin(b, "campaigns-caption", msg(req, MSG_PIPE_TITLE), false);
            html_lit(b, "<thead class=\"utrecht-table__header\"><tr class=\"utrecht-table__row\">");
            ui_th(b, msg(req, MSG_PIPE_CAMPAIGN));
            ui_th(b, msg(req, MSG_PIPE_PROGRAMME));
            ui_th(b, msg(req, MSG_PIPE_COHORT));
            ui_th(b, msg(req, MSG_PIPE_WINDOW));
            ui_th(b, msg(req, MSG_PIPE_APPLICATIONS));
            html_lit(b, "</tr></thead><tbody class=\"utrecht-table__body\">");
        }
        html_lit(b, "<tr class=\"utrecht-table__row\"><th class=\"utrecht-table__header-cell\" scope=\"row\">");
        ui_link(b, campaign_href(req, list[i].id, NULL), list[i].title);
        html_lit(b, "</th>");
        ui_td(b, list[i].programme_name);
        ui_td(b, list[i].cohort_name);
        ui_td(b, arena_printf(req->arena, "%s – %s", ui_time(req, list[i].opens_at), ui_time(req, list[i].closes_at)));
        ui_td(b, num(req, list[i].applications));
        html_lit(b, "</tr>");
    }
    if (shown) {
        html_lit(b, "</tbody>");
        ui_table_end(b);
    } else {
        page_empty(b, msg(req, MSG_PIPE_NO_CAMPAIGNS), msg(req, MSG_PIPE_NO_CAMPAIGNS_TEXT), NULL, NULL);
    }
    page_end(req, res);
    return 0;
}

/* ---- GET /pipeline/campaigns/{id}: the funnel ---- */

static void funnel_chart(http_request *req, buf *b, const intake_stage *st, int nst, const intake_funnel *f)
{
    int max = 1;
    for (int i = 0; i < nst; i++)
        if (f->reached[i] > max) max = f->reached[i];
    const int row = 32, label = 160, width = 420;
    html_lit(b, "<figure class=\"instroom-chart\"><svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\"");
    html_attr(b, "viewBox", arena_printf(req->arena, "0 0 %d %d", label + width + 60, row * nst + 8));
    html_lit(b, " aria-labelledby=\"funnel-title funnel-desc\"><title id=\"funnel-title\">");
    html_text(b, msg(req, MSG_PIPE_FUNNEL));
    html_lit(b, "</title><desc id=\"funnel-desc\">");
    html_text(b, msg(req, MSG_PIPE_FUNNEL_DESC));
    html_lit(b, "</desc>");
    for (int i = 0; i < nst; i++) {
        int y = 4 + i * row, w = f->reached[i] * width / max;
        html_lit(b, "<text font-size=\"14\" fill=\"currentColor\"");
        html_attr(b, "x", "0");
        html_attr(b, "y", num(req, y + 20));
        html_lit(b, ">");
        html_text(b, stage_name(req, &st[i]));
        html_lit(b, "</text><rect fill=\"#154273\"");
        html_attr(b, "x", num(req, label));
        html_attr(b, "y", num(req, y + 4));
        html_attr(b, "width", num(req, w > 0 ? w : 1));
        html_attr(b, "height", num(req, row - 10));
        html_lit(b, "></rect><text font-size=\"14\" fill=\"currentColor\"");
        html_attr(b, "x", num(req, label + (w > 0 ? w : 1) + 6));
        html_attr(b, "y", num(req, y + 20));
        html_lit(b, ">");
        html_int(b, f->reached[i]);
        html_lit(b, "</text>");
    }
    html_lit(b, "</svg><figcaption class=\"utrecht-paragraph\">");
    html_text(b, msg(req, MSG_PIPE_FUNNEL_CAPTION));
    html_lit(b, "</figcaption></figure>");
}

static void funnel_table(http_request *req, buf *b, const intake_stage *st, int nst, const intake_funnel *f)
{
    ui_table_begin(b, "funnel-caption", msg(req, MSG_PIPE_FUNNEL_TABLE), true);
    html_lit(b, "<thead class=\"utrecht-table__header\"><tr class=\"utrecht-table__row\">");
    ui_th(b, msg(req, MSG_PIPE_STAGE));
    ui_th(b, msg(req, MSG_PIPE_NOW));
    ui_th(b, msg(req, MSG_PIPE_REACHED));
    ui_th(b, msg(req, MSG_PIPE_CONVERSION));
    ui_th(b, msg(req, MSG_PIPE_MEDIAN_DAYS));
    for (int s = 0; s < INTAKE_SOURCES; s++) ui_th(b, msg(req, (msg_id)(MSG_PIPE_SOURCE_DIRECT + s)));
    html_lit(b, "</tr></thead><tbody class=\"utrecht-table__body\">");
    for (int i = 0; i < nst; i++) {
        html_lit(b, "<tr class=\"utrecht-table__row\"><th class=\"utrecht-table__header-cell\" scope=\"row\">");
        html_text(b, stage_name(req, &st[i]));
        html_lit(b, "</th>");
        ui_td(b, num(req, f->count[i]));
        ui_td(b, num(req, f->reached[i]));
        ui_td(b, f->conversion[i] >= 0 ? arena_printf(req->arena, "%.0f%%", f->conversion[i] * 100) : "–");
        ui_td(b, f->median_days[i] >= 0 ? arena_printf(req->arena, "%.1f", f->median_days[i]) : "–");
        for (int s = 0; s < INTAKE_SOURCES; s++) ui_td(b, num(req, f->reached_by_source[s][i]));
        html_lit(b, "</tr>");
    }
    html_lit(b, "</tbody>");
    ui_table_end(b);
}

static int campaign_show(http_request *req, http_response *res)
{
    intake_campaign k;
    bool done;
    int rc = load_campaign(req, res, POLICY_READ, &k, &done);
    if (rc || done) return rc;
    intake_stage *st;
    int nst;
    intake_funnel f;
    rc = intake_pipeline_funnel(http_db(req), req->arena, k.id, &st, &nst, &f);
    if (rc) return api_fail(rc);
    page_begin(req, res, k.title);
    buf *b = &res->body;
    html_lit(b, "<p class=\"utrecht-paragraph\">");
    ui_link(b, "/pipeline", msg(req, MSG_PIPE_BACK));
    html_lit(b, "</p>");
    ui_heading(b, 1, k.title);
    ui_paragraph(b, arena_printf(req->arena, "%s · %s · %s", k.programme_name, k.cohort_name,
                         msg_fill(req, MSG_PIPE_APPLICATIONS_N, num(req, k.applications), NULL)));
    campaign_nav(req, b, &k);
    ui_heading(b, 2, msg(req, MSG_PIPE_FUNNEL));
    funnel_chart(req, b, st, nst, &f);
    funnel_table(req, b, st, nst, &f);
    html_lit(b, "<p class=\"utrecht-paragraph\">");
    ui_link(b, campaign_href(req, k.id, "/funnel.csv"), msg(req, MSG_PIPE_CSV));
    html_lit(b, "</p>");
    page_end(req, res);
    return 0;
}

static int funnel_csv(http_request *req, http_response *res)
{
    intake_campaign k;
    bool done;
    int rc = load_campaign(req, res, POLICY_READ, &k, &done);
    if (rc || done) return rc;
    intake_stage *st;
    int nst;
    intake_funnel f;
    rc = intake_pipeline_funnel(http_db(req), req->arena, k.id, &st, &nst, &f);
    if (rc) return api_fail(rc);
    res->status = 200;
    res->content_type = "text/csv; charset=utf-8";
    http_set_header(req, res, "Content-Disposition", arena_printf(req->arena, "attachment; filename=\"funnel-%s.csv\"", k.slug));
    intake_funnel_csv(&res->body, st, nst, &f);
    return 0;
}

/* ---- Lists and the board ---- */

/* Every value of query (or form) field name. */
static int all_values(http_kv *kv, int n, const char *name, const char **out, int max)
{
    int k = 0;
    for (int i = 0; i < n && k < max; i++)
        if (str_eq(kv[i].name, name)) out[k++] = kv[i].value;
    return k;
}

static unsigned bits_of(http_request *req, const char *name, int max, api_errors *e)
{
    const char *v[16];
    http_query(req, name);
    int n = all_values(req->query, req->nquery, name, v, 16);
    unsigned bits = 0;
    for (int i = 0; i < n; i++) {
        int64_t d = 0;
        if (!*v[i]) continue;
        if (str_to_int64(v[i], 0, max - 1, &d) != 0) {
            api_errors_add(e, str_eq(name, "day") ? "days" : "parts",
                           str_eq(name, "day") ? MSG_PIPE_FILTER_DAYS : MSG_PIPE_FILTER_PARTS);
            continue;
        }
        bits |= 1u << d;
    }
    return bits;
}

static void read_page_filter(http_request *req, const intake_stage *st, int nst, intake_app_filter *f, api_errors *e)
{
    const char *stage = http_query(req, "stage");
    if (stage && *stage) {
        const intake_stage *s = intake_stage_find(st, nst, stage, 0);
        if (!s) api_errors_add(e, "stage", MSG_PIPE_STAGE_UNKNOWN);
        else f->stage_id = s->id;
    }
    const char *src = http_query(req, "source"), *area = http_query(req, "area"), *lang = http_query(req, "language");
    f->source = src && *src ? src : NULL;
    f->area = area && *area ? area : NULL;
    f->language = lang && *lang ? lang : NULL;
    int64_t v = 0;
    const char *amin = http_query(req, "age_min"), *amax = http_query(req, "age_max");
    if (amin && *amin && str_to_int64(amin, 0, 120, &v) != 0) api_errors_add(e, "age_min", MSG_PIPE_FILTER_AGE);
    f->age_min = amin && *amin ? (int)v : 0;
    v = 0;
    if (amax && *amax && str_to_int64(amax, 0, 120, &v) != 0) api_errors_add(e, "age_max", MSG_PIPE_FILTER_AGE);
    f->age_max = amax && *amax ? (int)v : 0;
    f->days = bits_of(req, "day", 7, e);
    f->parts = bits_of(req, "part", 4, e);
    intake_app_filter_skill(f, http_query(req, "skill"), http_query(req, "level"), http_query(req, "min"), e);
    char today[11];
    time_format_ams(today, sizeof today, time_now(), "%Y-%m-%d");
    f->today = arena_strdup(req->arena, today);
    if (!e->n) intake_app_filter_check(f, e);
}

static void checkbox(buf *b, const char *name, int value, const char *label, bool checked, const char *id)
{
    html_lit(b, "<span class=\"utrecht-form-field utrecht-form-field--checkbox\"><input class=\"utrecht-checkbox\" type=\"checkbox\"");
    html_attr(b, "id", id);
    html_attr(b, "name", name);
    html_lit(b, " value=\"");
    html_int(b, value);
    html_lit(b, "\"");
    if (checked) html_lit(b, " checked");
    html_lit(b, "><label class=\"utrecht-form-label utrecht-form-label--checkbox\"");
    html_attr(b, "for", id);
    html_lit(b, ">");
    html_text(b, label);
    html_lit(b, "</label></span>");
}

/* The skills filter: a basic or local skill, the level asked and the lowest score. */
static void skill_filter_fields(http_request *req, buf *b, const intake_app_filter *f, const api_errors *e)
{
    int64_t *ids = NULL;
    const char **labels = NULL;
    int n = 0;
    if (skills_filter_choices(http_db(req), req->arena, req->lang, &ids, &labels, &n) != 0) n = 0;
    ui_option *so = arena_calloc(req->arena, (size_t)(n ? n : 1), sizeof *so);
    for (int i = 0; so && i < n; i++) so[i] = (ui_option){num(req, ids[i]), labels[i]};
    ui_select(b, "f-skill", "skill", msg(req, MSG_SKILLS_FILTER_SKILL), so, so ? n : 0, msg(req, MSG_UI_ALL),
              f->skill_id ? num(req, f->skill_id) : NULL, api_errors_text(req, e, "skill"));
    static const ui_option levels[] = {{"1", "1"}, {"2", "2"}, {"3", "3"}, {"4", "4"}};
    ui_select(b, "f-skill-level", "level", msg(req, MSG_SKILLS_FILTER_LEVEL), levels, 4, NULL,
              f->skill_id ? num(req, f->skill_level) : "4", api_errors_text(req, e, "level"));
    page_field(b, "f-skill-min", "min", msg(req, MSG_SKILLS_FILTER_MIN_LABEL), "text", http_query(req, "min"),
               api_errors_text(req, e, "min"), msg(req, MSG_SKILLS_FILTER_MIN_HINT), "off");
}

static void filter_form(http_request *req, buf *b, const char *action, const intake_stage *st, int nst,
                        const intake_app_filter *f, const api_errors *e)
{
    html_lit(b, "<div class=\"instroom-panel\"><form class=\"instroom-form-grid\" method=\"get\"");
    html_attr(b, "action", action);
    html_attr(b, "aria-label", msg(req, MSG_UI_FILTERS));
    html_lit(b, ">");
    ui_option *so = arena_calloc(req->arena, (size_t)(nst ? nst : 1), sizeof *so);
    for (int i = 0; so && i < nst; i++) so[i] = (ui_option){st[i].key, stage_name(req, &st[i])};
    ui_select(b, "f-stage", "stage", msg(req, MSG_PIPE_STAGE), so, so ? nst : 0, msg(req, MSG_UI_ALL),
              http_query(req, "stage"), api_errors_text(req, e, "stage"));
    ui_option src[INTAKE_SOURCES];
    for (int s = 0; s < INTAKE_SOURCES; s++)
        src[s] = (ui_option){intake_source_name(s), msg(req, (msg_id)(MSG_PIPE_SOURCE_DIRECT + s))};
    ui_select(b, "f-source", "source", msg(req, MSG_PIPE_SOURCE), src, INTAKE_SOURCES, msg(req, MSG_UI_ALL),
              f->source, api_errors_text(req, e, "source"));
    page_field(b, "f-area", "area", msg(req, MSG_PIPE_AREA), "text", f->area, api_errors_text(req, e, "area"),
               msg(req, MSG_PIPE_AREA_HINT), NULL);
    page_field(b, "f-age-min", "age_min", msg(req, MSG_PIPE_AGE_MIN), "number", http_query(req, "age_min"),
               api_errors_text(req, e, "age_min"), NULL, NULL);
    page_field(b, "f-age-max", "age_max", msg(req, MSG_PIPE_AGE_MAX), "number", http_query(req, "age_max"),
               api_errors_text(req, e, "age_max"), NULL, NULL);
    page_field(b, "f-language", "language", msg(req, MSG_PIPE_LANGUAGE), "text", f->language,
               api_errors_text(req, e, "language"), msg(req, MSG_PIPE_LANGUAGE_HINT), NULL);
    html_lit(b, "<fieldset class=\"utrecht-form-fieldset\"><legend class=\"utrecht-form-fieldset__legend\">");
    html_text(b, msg(req, MSG_PIPE_DAYS));
    html_lit(b, "</legend>");
    for (int d = 0; d < 7; d++)
        checkbox(b, "day", d, msg(req, (msg_id)(MSG_PIPE_DAY_MON + d)), f->days & (1u << d),
                 arena_printf(req->arena, "f-day-%d", d));
    html_lit(b, "</fieldset><fieldset class=\"utrecht-form-fieldset\"><legend class=\"utrecht-form-fieldset__legend\">");
    html_text(b, msg(req, MSG_PIPE_PARTS));
    html_lit(b, "</legend>");
    for (int p = 0; p < 4; p++)
        checkbox(b, "part", p, msg(req, (msg_id)(MSG_PIPE_PART_MORNING + p)), f->parts & (1u << p),
                 arena_printf(req->arena, "f-part-%d", p));
    html_lit(b, "</fieldset>");
    skill_filter_fields(req, b, f, e);
    html_lit(b, "<div class=\"instroom-form__actions\">");
    ui_submit(b, msg(req, MSG_UI_FILTER));
    html_lit(b, "</div></form></div>");
}

static const char *age_of(http_request *req, const char *birth)
{
    int y, m, d, ty, tm, tdy;
    char today[11];
    time_format_ams(today, sizeof today, time_now(), "%Y-%m-%d");
    if (!birth || time_parse_date(birth, &y, &m, &d) != 0 || time_parse_date(today, &ty, &tm, &tdy) != 0) return "";
    int age = ty - y - ((tm < m || (tm == m && tdy < d)) ? 1 : 0);
    return num(req, age);
}

static int list_or_board(http_request *req, http_response *res, bool board)
{
    intake_campaign k;
    bool done;
    int rc = load_campaign(req, res, POLICY_READ, &k, &done);
    if (rc || done) return rc;
    intake_stage *st;
    int nst;
    rc = intake_stages(http_db(req), req->arena, k.id, &st, &nst);
    if (rc) return api_fail(rc);
    api_errors e = {0};
    intake_app_filter f = {0};
    read_page_filter(req, st, nst, &f, &e);
    int page = 1;
    if (ui_page_param(req, &page) != 0) api_errors_add(&e, "page", MSG_UI_BAD_PAGE);
    const char *title = msg_fill(req, board ? MSG_PIPE_BOARD_TITLE : MSG_PIPE_LIST_TITLE, k.title, NULL);
    page_begin(req, res, title);
    buf *b = &res->body;
    html_lit(b, "<p class=\"utrecht-paragraph\">");
    ui_link(b, campaign_href(req, k.id, NULL), k.title);
    html_lit(b, "</p>");
    ui_heading(b, 1, title);
    campaign_nav(req, b, &k);
    const char *action = campaign_href(req, k.id, board ? "/board" : "/applications");
    if (str_eq(http_query(req, "moved"), "1")) page_alert(b, ALERT_OK, msg(req, MSG_PIPE_MOVED_OK));
    if (e.n) {
        res->status = 400;
        page_alert(b, ALERT_ERROR, msg(req, MSG_UI_FILTER_INVALID));
        filter_form(req, b, action, st, nst, &f, &e);
        page_end(req, res);
        return 0;
    }
    filter_form(req, b, action, st, nst, &f, NULL);
    f.newest_first = true; /* a recruiter looks for who applied last */
    f.offset = (page - 1) * UI_PAGE_SIZE * (board ? 4 : 1);
    f.limit = UI_PAGE_SIZE * (board ? 4 : 1);
    intake_app_row *list;
    int n;
    int64_t total = 0;
    rc = intake_pipeline_applications(http_db(req), req->arena, k.id, &f, &list, &n, &total);
    if (rc) return api_fail(rc);
    if (n == 0) {
        page_empty(b, msg(req, MSG_PIPE_NO_APPLICATIONS), msg(req, MSG_PIPE_NO_APPLICATIONS_TEXT), NULL, NULL);
        page_end(req, res);
        return 0;
    }
    if (board) {
        html_lit(b, "<div class=\"instroom-board\">");
        for (int s = 0; s < nst; s++) {
            int in = 0;
            for (int i = 0; i < n; i++) in += list[i].stage_id == st[s].id;
            html_lit(b, "<section class=\"instroom-board__column\"");
            html_attr(b, "aria-label", stage_name(req, &st[s]));
            html_lit(b, "><h2 class=\"utrecht-heading-3\">");
            html_text(b, arena_printf(req->arena, "%s (%d)", stage_name(req, &st[s]), in));
            html_lit(b, "</h2><ul class=\"utrecht-unordered-list instroom-board__cards\">");
            for (int i = 0; i < n; i++) {
                if (list[i].stage_id != st[s].id) continue;
                html_lit(b, "<li class=\"utrecht-unordered-list__item instroom-card\">");
                ui_link(b, app_href(req, list[i].id, NULL), person_name(req, &list[i]));
                html_lit(b, "<br>");
                html_text(b, arena_printf(req->arena, "%s · %s", list[i].postcode ? list[i].postcode : "–",
                                          msg(req, (msg_id)(MSG_PIPE_SOURCE_DIRECT + (intake_source_parse(list[i].source) < 0 ? 0 : intake_source_parse(list[i].source))))));
                html_lit(b, "</li>");
            }
            html_lit(b, "</ul></section>");
        }
        html_lit(b, "</div>");
        ui_pagination(req, b, page, UI_PAGE_SIZE * 4, total);
        page_end(req, res);
        return 0;
    }
    /* the list, with a form for bulk actions around it */
    html_lit(b, "<form method=\"post\"");
    html_attr(b, "action", campaign_href(req, k.id, "/bulk"));
    html_lit(b, ">");
    page_csrf(req, b);
    ui_table_begin(b, "apps-caption", msg_fill(req, MSG_PIPE_APPLICATIONS_N, num(req, total), NULL), true);
    html_lit(b, "<thead class=\"utrecht-table__header\"><tr class=\"utrecht-table__row\">");
    ui_th(b, msg(req, MSG_PIPE_CHOOSE));
    ui_th(b, msg(req, MSG_PIPE_NAME));
    ui_th(b, msg(req, MSG_PIPE_STAGE));
    ui_th(b, msg(req, MSG_PIPE_SOURCE));
    ui_th(b, msg(req, MSG_PIPE_AREA));
    ui_th(b, msg(req, MSG_PIPE_AGE));
    ui_th(b, msg(req, MSG_PIPE_LANGUAGE));
    ui_th(b, msg(req, MSG_PIPE_APPLIED_AT));
    html_lit(b, "</tr></thead><tbody class=\"utrecht-table__body\">");
    for (int i = 0; i < n; i++) {
        const intake_app_row *a = &list[i];
        const char *cid = arena_printf(req->arena, "pick-%lld", (long long)a->id);
        html_lit(b, "<tr class=\"utrecht-table__row\"><td class=\"utrecht-table__cell\"><input class=\"utrecht-checkbox\" type=\"checkbox\" name=\"ids\"");
        html_attr(b, "id", cid);
        html_attr(b, "value", num(req, a->id));
        html_attr(b, "aria-label", msg_fill(req, MSG_PIPE_CHOOSE_ONE, person_name(req, a), NULL));
        html_lit(b, "></td><th class=\"utrecht-table__header-cell\" scope=\"row\">");
        ui_link(b, app_href(req, a->id, NULL), person_name(req, a));
        html_lit(b, "</th>");
        ui_td(b, stage_name(req, intake_stage_by_id(st, nst, a->stage_id)));
        int src = intake_source_parse(a->source);
        ui_td(b, msg(req, (msg_id)(MSG_PIPE_SOURCE_DIRECT + (src < 0 ? 0 : src))));
        ui_td(b, a->postcode);
        ui_td(b, age_of(req, a->birth_date));
        ui_td(b, a->languages);
        ui_td(b, ui_time(req, a->created_at));
        html_lit(b, "</tr>");
    }
    html_lit(b, "</tbody>");
    ui_table_end(b);
    ui_pagination(req, b, page, UI_PAGE_SIZE, total);
    html_lit(b, "<div class=\"instroom-panel\">");
    ui_heading(b, 2, msg(req, MSG_PIPE_BULK));
    ui_option *so = arena_calloc(req->arena, (size_t)(nst ? nst : 1), sizeof *so);
    for (int i = 0; so && i < nst; i++) so[i] = (ui_option){st[i].key, stage_name(req, &st[i])};
    ui_select(b, "bulk-stage", "stage", msg(req, MSG_PIPE_TO_STAGE), so, so ? nst : 0, msg(req, MSG_PIPE_CHOOSE_STAGE),
              NULL, NULL);
    page_field(b, "bulk-reason", "reason", msg(req, MSG_PIPE_REASON), "text", NULL, NULL, NULL, NULL);
    html_lit(b, "<div class=\"instroom-form__actions\"><button class=\"utrecht-button utrecht-button--primary-action\" type=\"submit\" name=\"action\" value=\"move\">");
    html_text(b, msg(req, MSG_PIPE_MOVE_SELECTED));
    html_lit(b, "</button><button class=\"utrecht-button utrecht-button--secondary-action\" type=\"submit\" name=\"action\" value=\"reject\">");
    html_text(b, msg(req, MSG_PIPE_REJECT_SELECTED));
    html_lit(b, "</button></div></div></form>");
    page_end(req, res);
    return 0;
}

static int list_show(http_request *req, http_response *res)
{
    return list_or_board(req, res, false);
}

static int board_show(http_request *req, http_response *res)
{
    return list_or_board(req, res, true);
}

/* A short page that says what was wrong with a form (422), with a way back. */
static int form_errors(http_request *req, http_response *res, const char *back, const api_errors *e)
{
    page_begin(req, res, msg(req, MSG_UI_FORM_INVALID));
    res->status = 422;
    buf *b = &res->body;
    ui_heading(b, 1, msg(req, MSG_UI_FORM_INVALID));
    html_lit(b, "<ul class=\"utrecht-unordered-list\">");
    for (int i = 0; i < e->n; i++) {
        html_lit(b, "<li class=\"utrecht-unordered-list__item\">");
        html_text(b, arena_printf(req->arena, "%s: %s", e->items[i].field, msg(req, e->items[i].reason)));
        html_lit(b, "</li>");
    }
    html_lit(b, "</ul><p class=\"utrecht-paragraph\">");
    ui_link(b, back, msg(req, MSG_UI_BACK));
    html_lit(b, "</p>");
    page_end(req, res);
    return 0;
}

static int bulk_submit(http_request *req, http_response *res)
{
    intake_campaign k;
    bool done;
    int rc = load_campaign(req, res, POLICY_WRITE, &k, &done);
    if (rc || done) return rc;
    intake_stage *st;
    int nst;
    rc = intake_stages(http_db(req), req->arena, k.id, &st, &nst);
    if (rc) return api_fail(rc);
    api_errors e = {0};
    bool reject = str_eq(http_form(req, "action"), "reject");
    const char *stage = http_form(req, "stage");
    const intake_stage *to = stage && *stage ? intake_stage_find(st, nst, stage, 0) : NULL;
    if (!reject && !to) api_errors_add(&e, "stage", MSG_PIPE_STAGE_UNKNOWN);
    const char *vals[INTAKE_BULK_MAX + 1];
    int n = all_values(req->form, req->nform, "ids", vals, INTAKE_BULK_MAX + 1);
    int64_t *ids = arena_calloc(req->arena, (size_t)(n ? n : 1), sizeof *ids);
    for (int i = 0; ids && i < n; i++)
        if (str_to_int64(vals[i], 1, INT64_MAX, &ids[i]) != 0) api_errors_add(&e, "ids", MSG_API_NOT_AN_ID);
    int mails = 0;
    rc = e.n ? API_EINVALID
             : intake_pipeline_move_bulk(req, &k, ids, n, to ? to->id : 0, reject, http_form(req, "reason"), &e, &mails);
    if (rc == API_EINVALID) return form_errors(req, res, campaign_href(req, k.id, "/applications"), &e);
    return page_after_write(req, res, rc, campaign_href(req, k.id, "/applications?moved=1"));
}

/* ---- GET /pipeline/applications/{id} ---- */

static void score_form(http_request *req, buf *b, const intake_app_row *a, const intake_criterion *crit, int ncrit,
                       const intake_score_row *sc, int nsc)
{
    ui_heading(b, 2, msg(req, MSG_PIPE_YOUR_SCORES));
    if (!ncrit) {
        ui_paragraph(b, msg(req, MSG_PIPE_NO_RUBRIC));
        return;
    }
    const auth_principal *p = auth_current(req);
    html_lit(b, "<div class=\"instroom-panel\"><form class=\"instroom-form\" method=\"post\"");
    html_attr(b, "action", app_href(req, a->id, "/scores"));
    html_lit(b, ">");
    page_csrf(req, b);
    ui_option opts[5];
    const char *labels[5] = {"1", "2", "3", "4", "5"};
    for (int i = 0; i < 5; i++) opts[i] = (ui_option){labels[i], labels[i]};
    for (int j = 0; j < ncrit; j++) {
        const char *mine = NULL;
        for (int i = 0; i < nsc; i++)
            if (p && sc[i].reviewer_id == p->user_id && sc[i].criterion_id == crit[j].id) mine = labels[sc[i].score - 1];
        ui_select(b, arena_printf(req->arena, "score-%lld", (long long)crit[j].id),
                  arena_printf(req->arena, "score_%lld", (long long)crit[j].id),
                  arena_printf(req->arena, "%s (%s %g)", crit[j].name, msg(req, MSG_PIPE_WEIGHT), crit[j].weight), opts, 5,
                  msg(req, MSG_PIPE_NO_SCORE), mine, NULL);
    }
    html_lit(b, "<div class=\"instroom-form__actions\">");
    ui_submit(b, msg(req, MSG_PIPE_SAVE_SCORES));
    html_lit(b, "</div></form></div>");
}

static int application_show(http_request *req, http_response *res)
{
    intake_app_row a;
    intake_campaign k;
    bool done;
    int rc = load_application(req, res, POLICY_READ, &a, &k, &done);
    if (rc || done) return rc;
    db_conn *c = http_db(req);
    intake_stage *st;
    int nst;
    intake_move_row *mv;
    int nmv;
    intake_score_row *sc;
    int nsc;
    intake_criterion *crit;
    int ncrit;
    rc = intake_stages(c, req->arena, k.id, &st, &nst);
    if (!rc) rc = intake_pipeline_moves(c, req->arena, a.id, &mv, &nmv);
    if (!rc) rc = intake_pipeline_scores(c, req->arena, a.id, &sc, &nsc);
    if (!rc) rc = intake_pipeline_rubric(c, req->arena, k.id, &crit, &ncrit);
    if (rc) return api_fail(rc);
    const char *name = person_name(req, &a);
    page_begin(req, res, name);
    buf *b = &res->body;
    html_lit(b, "<p class=\"utrecht-paragraph\">");
    ui_link(b, campaign_href(req, k.id, "/applications"), msg_fill(req, MSG_PIPE_LIST_TITLE, k.title, NULL));
    html_lit(b, "</p>");
    ui_heading(b, 1, name);
    if (str_eq(http_query(req, "moved"), "1")) page_alert(b, ALERT_OK, msg(req, MSG_PIPE_MOVED_OK));
    if (str_eq(http_query(req, "scored"), "1")) page_alert(b, ALERT_OK, msg(req, MSG_PIPE_SCORED_OK));
    if (a.duplicate_of) {
        html_lit(b, "<div class=\"utrecht-alert utrecht-alert--warning\" role=\"status\"><p class=\"utrecht-paragraph\">");
        html_text(b, msg_fill(req, MSG_PIPE_DUPLICATE, a.duplicate_reason, NULL));
        html_lit(b, " ");
        ui_link(b, arena_printf(req->arena, "/people/%lld", (long long)a.duplicate_of),
             a.duplicate_name ? a.duplicate_name : num(req, a.duplicate_of));
        html_lit(b, "</p></div>");
    }
    html_lit(b, "<div class=\"instroom-panel\">");
    ui_data_begin(b);
    ui_data_row(b, msg(req, MSG_PIPE_STAGE), stage_name(req, intake_stage_by_id(st, nst, a.stage_id)));
    ui_data_row(b, msg(req, MSG_PIPE_EMAIL), a.email);
    ui_data_row(b, msg(req, MSG_PIPE_PHONE), a.phone);
    ui_data_row(b, msg(req, MSG_PIPE_AREA), a.postcode);
    ui_data_row(b, msg(req, MSG_PIPE_AGE), age_of(req, a.birth_date));
    ui_data_row(b, msg(req, MSG_PIPE_STUDY), a.current_study);
    ui_data_row(b, msg(req, MSG_PIPE_OCCUPATION), a.prior_occupation_label);
    ui_data_row(b, msg(req, MSG_PIPE_HOBBIES), a.hobbies);
    ui_data_row(b, msg(req, MSG_PIPE_LANGUAGE), a.languages);
    ui_data_row(b, msg(req, MSG_PIPE_HOURS), a.avail_hours ? num(req, a.avail_hours) : NULL);
    ui_data_row(b, msg(req, MSG_PIPE_MOTIVATION), a.motivation);
    int src = intake_source_parse(a.source);
    ui_data_row(b, msg(req, MSG_PIPE_SOURCE), msg(req, (msg_id)(MSG_PIPE_SOURCE_DIRECT + (src < 0 ? 0 : src))));
    ui_data_row(b, msg(req, MSG_PIPE_APPLIED_AT), ui_time(req, a.created_at));
    ui_data_end(b);
    html_lit(b, "</div>");

    ui_heading(b, 2, msg(req, MSG_PIPE_MOVE));
    html_lit(b, "<div class=\"instroom-panel\"><form class=\"instroom-form\" method=\"post\"");
    html_attr(b, "action", app_href(req, a.id, "/move"));
    html_lit(b, ">");
    page_csrf(req, b);
    ui_option *so = arena_calloc(req->arena, (size_t)(nst ? nst : 1), sizeof *so);
    for (int i = 0; so && i < nst; i++) so[i] = (ui_option){st[i].key, stage_name(req, &st[i])};
    ui_select(b, "move-stage", "stage", msg(req, MSG_PIPE_TO_STAGE), so, so ? nst : 0, msg(req, MSG_PIPE_CHOOSE_STAGE),
              NULL, NULL);
    page_field(b, "move-reason", "reason", msg(req, MSG_PIPE_REASON), "textarea", NULL, NULL, msg(req, MSG_PIPE_REASON_HINT),
               NULL);
    html_lit(b, "<div class=\"instroom-form__actions\">");
    ui_submit(b, msg(req, MSG_PIPE_MOVE));
    html_lit(b, "</div></form></div>");

    ui_heading(b, 2, msg(req, MSG_PIPE_HISTORY));
    ui_table_begin(b, "history-caption", msg(req, MSG_PIPE_HISTORY), false);
    html_lit(b, "<thead class=\"utrecht-table__header\"><tr class=\"utrecht-table__row\">");
    ui_th(b, msg(req, MSG_PIPE_WHEN));
    ui_th(b, msg(req, MSG_PIPE_FROM));
    ui_th(b, msg(req, MSG_PIPE_TO));
    ui_th(b, msg(req, MSG_PIPE_WHO));
    ui_th(b, msg(req, MSG_PIPE_WHY));
    html_lit(b, "</tr></thead><tbody class=\"utrecht-table__body\">");
    for (int i = 0; i < nmv; i++) {
        html_lit(b, "<tr class=\"utrecht-table__row\">");
        ui_td(b, ui_time(req, mv[i].at));
        ui_td(b, mv[i].from_stage ? stage_name(req, intake_stage_by_id(st, nst, mv[i].from_stage)) : "–");
        ui_td(b, stage_name(req, intake_stage_by_id(st, nst, mv[i].to_stage)));
        ui_td(b, mv[i].user_id ? mv[i].user_name : msg(req, MSG_PIPE_SYSTEM));
        ui_td(b, mv[i].reason);
        html_lit(b, "</tr>");
    }
    html_lit(b, "</tbody>");
    ui_table_end(b);

    ui_heading(b, 2, msg(req, MSG_PIPE_SCORES));
    if (!nsc) ui_paragraph(b, msg(req, MSG_PIPE_NO_SCORES_YET));
    else {
        ui_table_begin(b, "scores-caption", msg(req, MSG_PIPE_SCORES), false);
        html_lit(b, "<thead class=\"utrecht-table__header\"><tr class=\"utrecht-table__row\">");
        ui_th(b, msg(req, MSG_PIPE_REVIEWER));
        ui_th(b, msg(req, MSG_PIPE_CRITERION));
        ui_th(b, msg(req, MSG_PIPE_SCORE));
        html_lit(b, "</tr></thead><tbody class=\"utrecht-table__body\">");
        for (int i = 0; i < nsc; i++) {
            const char *cname = "?";
            for (int j = 0; j < ncrit; j++)
                if (crit[j].id == sc[i].criterion_id) cname = crit[j].name;
            html_lit(b, "<tr class=\"utrecht-table__row\">");
            ui_td(b, sc[i].reviewer_name);
            ui_td(b, cname);
            ui_td(b, num(req, sc[i].score));
            html_lit(b, "</tr>");
        }
        html_lit(b, "</tbody>");
        ui_table_end(b);
    }
    score_form(req, b, &a, crit, ncrit, sc, nsc);
    page_end(req, res);
    return 0;
}

static int move_submit(http_request *req, http_response *res)
{
    intake_app_row a;
    intake_campaign k;
    bool done;
    int rc = load_application(req, res, POLICY_WRITE, &a, &k, &done);
    if (rc || done) return rc;
    intake_stage *st;
    int nst;
    rc = intake_stages(http_db(req), req->arena, k.id, &st, &nst);
    if (rc) return api_fail(rc);
    const char *key = http_form(req, "stage");
    const intake_stage *to = key && *key ? intake_stage_find(st, nst, key, 0) : NULL;
    api_errors e = {0};
    rc = intake_pipeline_move(req, &k, a.id, to ? to->id : 0, http_form(req, "reason"), &e);
    if (rc == API_EINVALID) return form_errors(req, res, app_href(req, a.id, NULL), &e);
    return page_after_write(req, res, rc, app_href(req, a.id, "?moved=1"));
}

static int scores_submit(http_request *req, http_response *res)
{
    intake_app_row a;
    intake_campaign k;
    bool done;
    int rc = load_application(req, res, POLICY_WRITE, &a, &k, &done);
    if (rc || done) return rc;
    intake_criterion *crit;
    int ncrit;
    rc = intake_pipeline_rubric(http_db(req), req->arena, k.id, &crit, &ncrit);
    if (rc) return api_fail(rc);
    int64_t *ids = arena_calloc(req->arena, (size_t)(ncrit ? ncrit : 1), sizeof *ids);
    int *scores = arena_calloc(req->arena, (size_t)(ncrit ? ncrit : 1), sizeof *scores);
    api_errors e = {0};
    for (int j = 0; ids && scores && j < ncrit; j++) {
        ids[j] = crit[j].id;
        const char *v = http_form(req, arena_printf(req->arena, "score_%lld", (long long)crit[j].id));
        int64_t s = 0;
        if (v && *v && (str_to_int64(v, INTAKE_SCORE_MIN, INTAKE_SCORE_MAX, &s) != 0))
            api_errors_add(&e, "score", MSG_PIPE_SCORE_RANGE);
        scores[j] = (int)s;
    }
    rc = e.n ? API_EINVALID : intake_pipeline_scores_save(req, &k, a.id, ids, scores, ncrit, &e);
    if (rc == API_EINVALID) return form_errors(req, res, app_href(req, a.id, NULL), &e);
    return page_after_write(req, res, rc, app_href(req, a.id, "?scored=1"));
}

/* ---- The rubric ---- */

static int rubric_show(http_request *req, http_response *res)
{
    intake_campaign k;
    bool done;
    int rc = load_campaign(req, res, POLICY_WRITE, &k, &done);
    if (rc || done) return rc;
    intake_criterion *crit;
    int ncrit;
    rc = intake_pipeline_rubric(http_db(req), req->arena, k.id, &crit, &ncrit);
    if (rc) return api_fail(rc);
    const char *title = msg_fill(req, MSG_PIPE_RUBRIC_TITLE, k.title, NULL);
    page_begin(req, res, title);
    buf *b = &res->body;
    ui_heading(b, 1, title);
    campaign_nav(req, b, &k);
    if (str_eq(http_query(req, "saved"), "1")) page_alert(b, ALERT_OK, msg(req, MSG_PIPE_RUBRIC_SAVED));
    ui_paragraph(b, msg(req, MSG_PIPE_RUBRIC_INTRO));
    html_lit(b, "<div class=\"instroom-panel\"><form class=\"instroom-form\" method=\"post\"");
    html_attr(b, "action", campaign_href(req, k.id, "/rubric"));
    html_lit(b, ">");
    page_csrf(req, b);
    for (int j = 0; j <= ncrit && j < INTAKE_CRITERIA_MAX; j++) {
        html_lit(b, "<fieldset class=\"utrecht-form-fieldset\"><legend class=\"utrecht-form-fieldset__legend\">");
        html_text(b, j < ncrit ? crit[j].name : msg(req, MSG_PIPE_NEW_CRITERION));
        html_lit(b, "</legend>");
        if (j < ncrit) {
            html_lit(b, "<input type=\"hidden\"");
            html_attr(b, "name", arena_printf(req->arena, "c%d_id", j));
            html_attr(b, "value", num(req, crit[j].id));
            html_lit(b, ">");
        }
        page_field(b, arena_printf(req->arena, "c%d-name", j), arena_printf(req->arena, "c%d_name", j),
                   msg(req, MSG_PIPE_CRITERION), "text", j < ncrit ? crit[j].name : NULL, NULL,
                   j < ncrit ? msg(req, MSG_PIPE_EMPTY_REMOVES) : msg(req, MSG_UI_OPTIONAL), NULL);
        page_field(b, arena_printf(req->arena, "c%d-weight", j), arena_printf(req->arena, "c%d_weight", j),
                   msg(req, MSG_PIPE_WEIGHT), "text", j < ncrit ? arena_printf(req->arena, "%g", crit[j].weight) : NULL,
                   NULL, NULL, NULL);
        html_lit(b, "</fieldset>");
    }
    html_lit(b, "<div class=\"instroom-form__actions\">");
    ui_submit(b, msg(req, MSG_UI_SAVE));
    html_lit(b, "</div></form></div>");
    page_end(req, res);
    return 0;
}

static int rubric_submit(http_request *req, http_response *res)
{
    intake_campaign k;
    bool done;
    int rc = load_campaign(req, res, POLICY_WRITE, &k, &done);
    if (rc || done) return rc;
    int64_t ids[INTAKE_CRITERIA_MAX];
    const char *names[INTAKE_CRITERIA_MAX];
    double weights[INTAKE_CRITERIA_MAX];
    int n = 0;
    api_errors e = {0};
    for (int j = 0; j <= INTAKE_CRITERIA_MAX; j++) {
        const char *name = http_form(req, arena_printf(req->arena, "c%d_name", j));
        const char *id = http_form(req, arena_printf(req->arena, "c%d_id", j));
        const char *weight = http_form(req, arena_printf(req->arena, "c%d_weight", j));
        name = name ? str_trim(req->arena, name) : NULL;
        if (!name || !*name) continue; /* an empty name removes the criterion */
        if (n == INTAKE_CRITERIA_MAX) {
            api_errors_add(&e, "criteria", MSG_PIPE_CRITERIA_TOO_MANY);
            break;
        }
        int64_t idv = 0;
        if (id && *id && str_to_int64(id, 1, INT64_MAX, &idv) != 0) api_errors_add(&e, "id", MSG_API_NOT_AN_ID);
        char *end = NULL;
        double w = weight && *weight ? strtod(weight, &end) : 0;
        if (!weight || !*weight || !end || *end) w = 0;
        ids[n] = idv;
        names[n] = name;
        weights[n++] = w;
    }
    rc = e.n ? API_EINVALID : intake_pipeline_rubric_save(req, &k, ids, names, weights, n, &e);
    if (rc == API_EINVALID) return form_errors(req, res, campaign_href(req, k.id, "/rubric"), &e);
    return page_after_write(req, res, rc, campaign_href(req, k.id, "/rubric?saved=1"));
}

/* ---- The ranking and "select the best K" ---- */

static const char *explanation(http_request *req, const intake_ranked *r, const intake_criterion *crit)
{
    buf b;
    buf_init(&b, 4096);
    for (int j = 0; r->rank && j < r->nmissing; j++) {
        if (j) buf_puts(&b, ", ");
        buf_puts(&b, crit[r->missing[j]].name);
    }
    const char *text = msg_fill(req, r->reason, buf_cstr(&b), NULL);
    buf_free(&b);
    if (r->tie != INTAKE_TIE_NONE)
        text = arena_printf(req->arena, "%s %s", text,
                            msg_fill(req, intake_tie_label(r->tie), arena_printf(req->arena, "#%lld", (long long)r->tie_with), NULL));
    return text;
}

static int ranking_show(http_request *req, http_response *res)
{
    intake_campaign k;
    bool done;
    int rc = load_campaign(req, res, POLICY_READ, &k, &done);
    if (rc || done) return rc;
    intake_criterion *crit;
    intake_ranked *r;
    int ncrit, n;
    rc = intake_pipeline_ranking(http_db(req), req->arena, k.id, &crit, &ncrit, &r, &n);
    if (rc) return api_fail(rc);
    const char *title = msg_fill(req, MSG_PIPE_RANKING_TITLE, k.title, NULL);
    page_begin(req, res, title);
    buf *b = &res->body;
    ui_heading(b, 1, title);
    campaign_nav(req, b, &k);
    ui_paragraph(b, msg(req, MSG_PIPE_RANKING_INTRO));
    if (!n) {
        page_empty(b, msg(req, MSG_PIPE_NO_APPLICATIONS), msg(req, MSG_PIPE_NO_APPLICATIONS_TEXT), NULL, NULL);
        page_end(req, res);
        return 0;
    }
    ui_table_begin(b, "ranking-caption", title, false);
    html_lit(b, "<thead class=\"utrecht-table__header\"><tr class=\"utrecht-table__row\">");
    ui_th(b, msg(req, MSG_PIPE_RANK));
    ui_th(b, msg(req, MSG_PIPE_APPLICATION));
    ui_th(b, msg(req, MSG_PIPE_SCORE));
    ui_th(b, msg(req, MSG_PIPE_REVIEWERS));
    ui_th(b, msg(req, MSG_PIPE_EXPLANATION));
    html_lit(b, "</tr></thead><tbody class=\"utrecht-table__body\">");
    for (int i = 0; i < n; i++) {
        html_lit(b, "<tr class=\"utrecht-table__row\">");
        ui_td(b, r[i].rank ? num(req, r[i].rank) : "–");
        html_lit(b, "<td class=\"utrecht-table__cell\">");
        ui_link(b, app_href(req, r[i].application_id, NULL), arena_printf(req->arena, "#%lld", (long long)r[i].application_id));
        html_lit(b, "</td>");
        ui_td(b, r[i].rank ? arena_printf(req->arena, "%.2f", r[i].score) : "–");
        ui_td(b, num(req, r[i].reviewers));
        ui_td(b, explanation(req, &r[i], crit));
        html_lit(b, "</tr>");
    }
    html_lit(b, "</tbody>");
    ui_table_end(b);
    page_end(req, res);
    return 0;
}

static void k_form(http_request *req, buf *b, const intake_campaign *k, const char *value, const char *error)
{
    html_lit(b, "<div class=\"instroom-panel\"><form class=\"instroom-form\" method=\"get\"");
    html_attr(b, "action", campaign_href(req, k->id, "/selection"));
    html_lit(b, ">");
    page_field(b, "f-k", "k", msg(req, MSG_PIPE_K), "number", value, error, msg(req, MSG_PIPE_K_HINT), NULL);
    html_lit(b, "<div class=\"instroom-form__actions\">");
    ui_submit(b, msg(req, MSG_PIPE_PROPOSE));
    html_lit(b, "</div></form></div>");
}

static int selection_page(http_request *req, http_response *res, const intake_campaign *k, const char *kval,
                          const api_errors *e, int status)
{
    const char *title = msg_fill(req, MSG_PIPE_SELECTION_TITLE, k->title, NULL);
    page_begin(req, res, title);
    res->status = status;
    buf *b = &res->body;
    ui_heading(b, 1, title);
    campaign_nav(req, b, k);
    if (str_eq(http_query(req, "applied"), "1"))
        page_alert(b, ALERT_OK, msg_fill(req, MSG_PIPE_SELECTED_OK, http_query(req, "n"), NULL));
    ui_paragraph(b, msg(req, MSG_PIPE_SELECTION_INTRO));
    k_form(req, b, k, kval, api_errors_text(req, e, "k"));
    int64_t kbest = 0;
    if (!kval || !*kval || (e && e->n) || str_to_int64(kval, 1, INTAKE_SELECT_K_MAX, &kbest) != 0) {
        page_end(req, res);
        return 0;
    }
    intake_ranked *ranked;
    intake_selection *sel;
    intake_partner_places *places;
    int n, nsel, nplaces;
    int rc = intake_pipeline_propose(http_db(req), req->arena, k, (int)kbest, &ranked, &sel, &n, &nsel, &places, &nplaces);
    if (rc) return api_fail(rc);
    ui_heading(b, 2, msg_fill(req, MSG_PIPE_PROPOSAL, num(req, nsel), kval));
    ui_table_begin(b, "places-caption", msg(req, MSG_PIPE_PLACES), true);
    html_lit(b, "<thead class=\"utrecht-table__header\"><tr class=\"utrecht-table__row\">");
    ui_th(b, msg(req, MSG_PIPE_PARTNER));
    ui_th(b, msg(req, MSG_PIPE_PLACES_LEFT));
    ui_th(b, msg(req, MSG_PIPE_PROPOSED));
    html_lit(b, "</tr></thead><tbody class=\"utrecht-table__body\">");
    for (int j = 0; j < nplaces; j++) {
        int taken = 0;
        for (int i = 0; i < n; i++) taken += sel[i].pick == INTAKE_PICK_SELECTED && sel[i].org_id == places[j].org_id;
        html_lit(b, "<tr class=\"utrecht-table__row\">");
        ui_td(b, places[j].name);
        ui_td(b, num(req, places[j].places));
        ui_td(b, num(req, taken));
        html_lit(b, "</tr>");
    }
    html_lit(b, "</tbody>");
    ui_table_end(b);
    ui_table_begin(b, "proposal-caption", msg(req, MSG_PIPE_PROPOSAL_TABLE), true);
    html_lit(b, "<thead class=\"utrecht-table__header\"><tr class=\"utrecht-table__row\">");
    ui_th(b, msg(req, MSG_PIPE_RANK));
    ui_th(b, msg(req, MSG_PIPE_APPLICATION));
    ui_th(b, msg(req, MSG_PIPE_DECISION));
    html_lit(b, "</tr></thead><tbody class=\"utrecht-table__body\">");
    for (int i = 0; i < n; i++) {
        const char *partner = "";
        for (int j = 0; j < nplaces; j++)
            if (places[j].org_id == sel[i].org_id) partner = places[j].name;
        html_lit(b, "<tr class=\"utrecht-table__row\">");
        ui_td(b, sel[i].rank ? num(req, sel[i].rank) : "–");
        html_lit(b, "<td class=\"utrecht-table__cell\">");
        ui_link(b, app_href(req, sel[i].application_id, NULL), arena_printf(req->arena, "#%lld", (long long)sel[i].application_id));
        html_lit(b, "</td>");
        ui_td(b, msg_fill(req, sel[i].reason, sel[i].pick == INTAKE_PICK_SELECTED ? partner : kval, NULL));
        html_lit(b, "</tr>");
    }
    html_lit(b, "</tbody>");
    ui_table_end(b);
    if (nsel) {
        html_lit(b, "<form method=\"post\"");
        html_attr(b, "action", campaign_href(req, k->id, "/selection"));
        html_lit(b, ">");
        page_csrf(req, b);
        html_lit(b, "<input type=\"hidden\" name=\"k\"");
        html_attr(b, "value", kval);
        html_lit(b, "><div class=\"instroom-form__actions\">");
        ui_submit(b, msg_fill(req, MSG_PIPE_APPLY, num(req, nsel), NULL));
        html_lit(b, "</div></form>");
    }
    page_end(req, res);
    return 0;
}

static int selection_show(http_request *req, http_response *res)
{
    intake_campaign k;
    bool done;
    int rc = load_campaign(req, res, POLICY_WRITE, &k, &done);
    if (rc || done) return rc;
    const char *kval = http_query(req, "k");
    api_errors e = {0};
    int64_t v = 0;
    if (kval && *kval && (str_to_int64(kval, INT64_MIN, INT64_MAX, &v) != 0 || !intake_select_k_valid(v)))
        api_errors_add(&e, "k", MSG_PIPE_K_INVALID);
    return selection_page(req, res, &k, kval, &e, e.n ? 422 : 200);
}

static int selection_submit(http_request *req, http_response *res)
{
    intake_campaign k;
    bool done;
    int rc = load_campaign(req, res, POLICY_WRITE, &k, &done);
    if (rc || done) return rc;
    const char *kval = http_form(req, "k");
    api_errors e = {0};
    int64_t v = 0;
    if (!kval || str_to_int64(kval, INT64_MIN, INT64_MAX, &v) != 0 || !intake_select_k_valid(v))
        api_errors_add(&e, "k", MSG_PIPE_K_INVALID);
    int nsel = 0;
    rc = e.n ? API_EINVALID : intake_pipeline_select(req, &k, (int)v, &e, &nsel);
    if (rc == API_EINVALID) return selection_page(req, res, &k, kval, &e, 422);
    return page_after_write(req, res, rc,
                            arena_printf(req->arena, "/pipeline/campaigns/%lld/selection?applied=1&n=%d", (long long)k.id, nsel));
}

const http_route intake_pipeline_routes[] = {
    {"GET", "/pipeline", campaigns_show, 0, "recruitment: campaigns"},
    {"GET", "/pipeline/campaigns/{id}", campaign_show, 0, "recruitment: a campaign and its funnel"},
    {"GET", "/pipeline/campaigns/{id}/funnel.csv", funnel_csv, 0, "recruitment: the funnel as CSV"},
    {"GET", "/pipeline/campaigns/{id}/applications", list_show, 0, "recruitment: applications (list)"},
    {"GET", "/pipeline/campaigns/{id}/board", board_show, 0, "recruitment: applications (board)"},
    {"POST", "/pipeline/campaigns/{id}/bulk", bulk_submit, 0, "recruitment: move or reject in bulk"},
    {"GET", "/pipeline/campaigns/{id}/rubric", rubric_show, 0, "recruitment: the rubric"},
    {"POST", "/pipeline/campaigns/{id}/rubric", rubric_submit, 0, "recruitment: save the rubric"},
    {"GET", "/pipeline/campaigns/{id}/ranking", ranking_show, 0, "recruitment: the ranking"},
    {"GET", "/pipeline/campaigns/{id}/selection", selection_show, 0, "recruitment: select the best K (proposal)"},
    {"POST", "/pipeline/campaigns/{id}/selection", selection_submit, 0, "recruitment: apply the selection"},
    {"GET", "/pipeline/applications/{id}", application_show, 0, "recruitment: an application"},
    {"POST", "/pipeline/applications/{id}/move", move_submit, 0, "recruitment: move an application"},
    {"POST", "/pipeline/applications/{id}/scores", scores_submit, 0, "recruitment: score an application"},
    {0},
};
