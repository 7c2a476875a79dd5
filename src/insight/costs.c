/* insight costs: what a programme costs, entered by the coordinator
 * (POLICY_INSIGHT write) and read by its partners: the SQL, the page
 * /programmes/{id}/costs and the API /api/v1/programmes/{id}/costs.
 * Amounts are whole cents, parsed exactly (insight_money_parse). */
#include <string.h>

#include "auth/audit.h"
#include "auth/auth.h"
#include "base/str.h"
#include "base/time.h"
#include "http/html.h"
#include "http/page.h"
#include "http/server.h"
#include "http/ui.h"
#include "insight/outcomes.h"
#include "insight/report_model.h"
#include "intake/admin.h"

#define href(req, fmt, id) arena_printf((req)->arena, fmt, (long long)(id))

static const msg_id category_labels[] = {MSG_COST_CAT_COACHING,   MSG_COST_CAT_TRAINING, MSG_COST_CAT_MENTORING,
                                         MSG_COST_CAT_RECRUITMENT, MSG_COST_CAT_ALLOWANCE, MSG_COST_CAT_SUPPORT,
                                         MSG_COST_CAT_OVERHEAD,   MSG_COST_CAT_OTHER};

int insight_programme_target(http_request *req, int64_t programme_id, policy_target *t)
{
    *t = (policy_target){.kind = POLICY_INSIGHT, .id = programme_id};
    int64_t *orgs = arena_calloc(req->arena, 129, sizeof *orgs);
    if (!orgs) return DB_ENOMEM;
    int n = 0;
    db_stmt *s;
    int rc = db_prepare(http_db(req),
                        "SELECT owner_org FROM programmes WHERE id = ?"
                        " UNION SELECT org_id FROM programme_partners WHERE programme_id = ?",
                        DB_ARGS(db_int(programme_id), db_int(programme_id)), &s);
    if (rc) return rc;
    while ((rc = db_step(s)) == DB_ROW && n < 129) orgs[n++] = db_col_int(s, 0);
    db_finalize(s);
    if (rc != DB_DONE && rc != DB_ROW) return rc;
    t->orgs = orgs;
    t->norgs = n;
    return 0;
}

static void cost_row(db_stmt *s, arena *a, void *element)
{
    *(insight_cost *)element = (insight_cost){.id = db_col_int(s, 0),
                                              .programme_id = db_col_int(s, 1),
                                              .cohort_id = db_col_int(s, 2),
                                              .cohort_name = db_col_dup(a, s, 3),
                                              .category = db_col_dup(a, s, 4),
                                              .amount_cents = db_col_int(s, 5),
                                              .spent_on = db_col_dup(a, s, 6),
                                              .description = db_col_dup(a, s, 7),
                                              .created_at = db_col_int(s, 8)};
}

int insight_cost_list(db_conn *c, arena *a, int64_t programme_id, int64_t cohort_id, insight_cost **out, int *n,
                      int64_t *total_cents)
{
    void *list;
    int rc = db_rows(c, a,
                     "SELECT pc.id, pc.programme_id, pc.cohort_id, k.name, pc.category, pc.amount_cents,"
                     " pc.spent_on, pc.description, pc.created_at FROM programme_costs pc"
                     " LEFT JOIN cohorts k ON k.id = pc.cohort_id WHERE pc.programme_id = ?"
                     " AND (? = 0 OR pc.cohort_id = ?) ORDER BY pc.spent_on DESC, pc.id DESC",
                     DB_ARGS(db_int(programme_id), db_int(cohort_id), db_int(cohort_id)), sizeof **out, cost_row,
                     &list, n);
    *out = list;
    *total_cents = 0;
    for (int i = 0; i < *n; i++) *total_cents += (*out)[i].amount_cents;
    return rc;
}

int insight_cost_add(http_request *req, int64_t programme_id, const insight_cost_input *in, int64_t *id,
                     api_errors *e)
{
    intake_cohort *cohorts;
    int nk;
    int rc = intake_cohort_list(http_db(req), req->arena, programme_id, 0, 1000, &cohorts, &nk);
    if (rc) return rc;
    int64_t *ids = arena_calloc(req->arena, (size_t)(nk ? nk : 1), sizeof *ids);
    if (!ids) return DB_ENOMEM;
    for (int i = 0; i < nk; i++) ids[i] = cohorts[i].id;
    insight_cost_valid v;
    rc = insight_cost_validate(req->arena, in, time_ams_today(req->arena), ids, nk, &v, e);
    if (rc) return rc;
    db_conn *c = http_db(req);
    rc = db_begin(c, true);
    if (rc) return rc;
    const auth_principal *p = auth_current(req);
    rc = db_insert(c,
                   "INSERT INTO programme_costs(programme_id, cohort_id, category, amount_cents, spent_on, description,"
                   " created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                   DB_ARGS(db_int(programme_id), db_id_or_null(v.cohort_id), db_text(v.category),
                           db_int(v.amount_cents), db_text(v.spent_on), db_text(v.description),
                           db_id_or_null(p ? p->user_id : 0), db_int(time_now())),
                   id);
    if (!rc)
        rc = audit_request(req, "create", "programme_cost", *id, 0, "ok",
                           arena_printf(req->arena, "programme %lld: %s %lld cents", (long long)programme_id,
                                        v.category, (long long)v.amount_cents));
    if (!rc) rc = db_commit(c);
    if (rc) db_rollback(c);
    return rc;
}

/* Loads programme {id} and checks op on its figures: 404 for a reader who
 * may not see them (audited), 403 for a write by a reader. */
static int open_programme(http_request *req, http_response *res, policy_op op, intake_programme *p, bool api,
                          bool *done)
{
    *done = true;
    int64_t id = http_path_id(req, "id");
    int rc = id ? intake_programme_load(http_db(req), req->arena, id, p) : DB_ENOTFOUND;
    policy_target t;
    if (!rc) rc = insight_programme_target(req, id, &t);
    if (rc == DB_ENOTFOUND) {
        if (api) http_problem(req, res, 404, "no such programme", NULL, NULL);
        else http_error(req, res, 404);
        return 0;
    }
    if (rc) return api_fail(rc);
    bool reader = policy_allows(auth_current(req), POLICY_READ, &t, NULL);
    if (!policy_enforce(req, op, &t, "programme_cost")) {
        int status = reader ? 403 : 404;
        if (api) http_problem(req, res, status, reader ? "costs are entered by the coordinator" : "no such programme",
                              NULL, NULL);
        else http_error(req, res, status);
        return 0;
    }
    *done = false;
    return 0;
}

static void costs_page(http_request *req, http_response *res, int status, const intake_programme *p,
                       const insight_cost_input *in, const api_errors *e)
{
    insight_cost *list;
    int n;
    int64_t total;
    intake_cohort *cohorts;
    int nk;
    int rc = insight_cost_list(http_db(req), req->arena, p->id, 0, &list, &n, &total);
    if (!rc) rc = intake_cohort_list(http_db(req), req->arena, p->id, 0, 1000, &cohorts, &nk);
    if (rc) {
        http_error(req, res, 500);
        return;
    }
    const char *lang = req->lang;
    const char *title = msg_fill(req, MSG_COST_TITLE, p->name, NULL);
    page_begin(req, res, title);
    res->status = status;
    buf *b = &res->body;
    html_lit(b, "<p class=\"utrecht-paragraph\"><a class=\"utrecht-link utrecht-link--html-a\"");
    html_attr(b, "href", href(req, "/programmes/%lld", p->id));
    html_lit(b, ">");
    html_text(b, p->name);
    html_lit(b, "</a></p>");
    ui_heading(b, 1, title);
    ui_paragraph(b, msg(req, MSG_COST_INTRO));
    if (str_eq(http_query(req, "saved"), "1")) page_alert(b, ALERT_OK, msg(req, MSG_COST_SAVED));
    if (e && e->n) page_alert(b, ALERT_ERROR, msg(req, MSG_OUTCOME_ERRORS));
    char money[64];
    if (n == 0) {
        page_empty(b, msg(req, MSG_COST_EMPTY), msg(req, MSG_COST_EMPTY_TEXT), NULL, NULL);
    } else {
        ui_table_begin(b, "costs-caption", title, false);
        html_lit(b, "<thead class=\"utrecht-table__header\"><tr class=\"utrecht-table__row\">"
                    "<th class=\"utrecht-table__header-cell\" scope=\"col\">");
        html_text(b, msg(req, MSG_COST_SPENT_ON));
        html_lit(b, "</th><th class=\"utrecht-table__header-cell\" scope=\"col\">");
        html_text(b, msg(req, MSG_COST_COHORT));
        html_lit(b, "</th><th class=\"utrecht-table__header-cell\" scope=\"col\">");
        html_text(b, msg(req, MSG_COST_CATEGORY));
        html_lit(b, "</th><th class=\"utrecht-table__header-cell\" scope=\"col\">");
        html_text(b, msg(req, MSG_COST_DESCRIPTION));
        html_lit(b, "</th><th class=\"utrecht-table__header-cell utrecht-table__header-cell--numeric\" scope=\"col\">");
        html_text(b, msg(req, MSG_COST_AMOUNT));
        html_lit(b, "</th></tr></thead><tbody class=\"utrecht-table__body\">");
        for (int i = 0; i < n; i++) {
            html_lit(b, "<tr class=\"utrecht-table__row\"><td class=\"utrecht-table__cell\">");
            html_text(b, list[i].spent_on);
            html_lit(b, "</td><td class=\"utrecht-table__cell\">");
            html_text(b, list[i].cohort_name ? list[i].cohort_name : msg(req, MSG_COST_WHOLE));
            html_lit(b, "</td><td class=\"utrecht-table__cell\">");
            for (int k = 0; insight_cost_categories[k]; k++)
                if (str_eq(list[i].category, insight_cost_categories[k])) html_text(b, msg(req, category_labels[k]));
            html_lit(b, "</td><td class=\"utrecht-table__cell\">");
            html_text(b, list[i].description);
            html_lit(b, "</td><td class=\"utrecht-table__cell utrecht-table__cell--numeric\">");
            html_text(b, insight_money_text(list[i].amount_cents, lang, false, money, sizeof money));
            html_lit(b, "</td></tr>");
        }
        html_lit(b, "</tbody><tfoot class=\"utrecht-table__footer\"><tr class=\"utrecht-table__row\">"
                    "<th class=\"utrecht-table__header-cell\" scope=\"row\" colspan=\"4\">");
        html_text(b, msg(req, MSG_COST_TOTAL));
        html_lit(b, "</th><td class=\"utrecht-table__cell utrecht-table__cell--numeric\" id=\"costs-total\">");
        html_text(b, insight_money_text(total, lang, false, money, sizeof money));
        html_lit(b, "</td></tr></tfoot>");
        ui_table_end(b);
    }
    policy_target t;
    if (insight_programme_target(req, p->id, &t) || !policy_allows(auth_current(req), POLICY_WRITE, &t, NULL)) {
        page_end(req, res);
        return;
    }
    ui_heading(b, 2, msg(req, MSG_COST_ADD));
    html_lit(b, "<div class=\"instroom-panel\"><form class=\"instroom-form\" method=\"post\" novalidate");
    html_attr(b, "action", href(req, "/programmes/%lld/costs", p->id));
    html_lit(b, ">");
    page_csrf(req, b);
    ui_option *ko = arena_calloc(req->arena, (size_t)(nk ? nk : 1), sizeof *ko);
    for (int i = 0; ko && i < nk; i++)
        ko[i] = (ui_option){arena_printf(req->arena, "%lld", (long long)cohorts[i].id), cohorts[i].name};
    ui_select(b, "f-cohort", "cohort_id", msg(req, MSG_COST_COHORT), ko, nk, msg(req, MSG_COST_WHOLE),
              in ? in->cohort_id : NULL, api_errors_text(req, e, "cohort_id"));
    ui_option co[8];
    for (int i = 0; i < 8; i++) co[i] = (ui_option){insight_cost_categories[i], msg(req, category_labels[i])};
    ui_select(b, "f-category", "category", msg(req, MSG_COST_CATEGORY), co, 8, "", in ? in->category : NULL,
              api_errors_text(req, e, "category"));
    page_field(b, "f-amount", "amount", msg(req, MSG_COST_AMOUNT), "text", in ? in->amount : NULL,
               api_errors_text(req, e, "amount"), msg(req, MSG_COST_AMOUNT_HINT), "off");
    page_field(b, "f-spent-on", "spent_on", msg(req, MSG_COST_SPENT_ON), "date",
               in ? in->spent_on : time_ams_today(req->arena), api_errors_text(req, e, "spent_on"), NULL, NULL);
    page_field(b, "f-description", "description", msg(req, MSG_COST_DESCRIPTION), "text", in ? in->description : NULL,
               api_errors_text(req, e, "description"), NULL, NULL);
    html_lit(b, "<div class=\"instroom-form__actions\">");
    ui_submit(b, msg(req, MSG_COST_ADD));
    html_lit(b, "</div></form></div>");
    page_end(req, res);
}

static int costs_show(http_request *req, http_response *res)
{
    intake_programme p;
    bool done;
    int rc = open_programme(req, res, POLICY_READ, &p, false, &done);
    if (rc || done) return rc;
    costs_page(req, res, 200, &p, NULL, NULL);
    return 0;
}

static int costs_submit(http_request *req, http_response *res)
{
    intake_programme p;
    bool done;
    int rc = open_programme(req, res, POLICY_WRITE, &p, false, &done);
    if (rc || done) return rc;
    insight_cost_input in = {.cohort_id = http_form(req, "cohort_id"),
                             .category = http_form(req, "category"),
                             .amount = http_form(req, "amount"),
                             .spent_on = http_form(req, "spent_on"),
                             .description = http_form(req, "description")};
    api_errors e = {0};
    int64_t id;
    rc = insight_cost_add(req, p.id, &in, &id, &e);
    if (rc == API_EINVALID) {
        costs_page(req, res, 422, &p, &in, &e);
        return 0;
    }
    return page_after_write(req, res, rc, href(req, "/programmes/%lld/costs?saved=1", p.id));
}

static json_t *cost_json(const insight_cost *k)
{
    char money[64];
    return json_pack("{s:I, s:I, s:o, s:s, s:I, s:s, s:s, s:o, s:o}", "id", (json_int_t)k->id, "programme_id",
                     (json_int_t)k->programme_id, "cohort_id", api_id(k->cohort_id), "category", k->category,
                     "amount_cents", (json_int_t)k->amount_cents, "amount",
                     insight_money_text(k->amount_cents, "en", true, money, sizeof money), "spent_on", k->spent_on,
                     "description", api_string(k->description), "created_at", api_time(k->created_at));
}

static int api_costs_list(http_request *req, http_response *res)
{
    intake_programme p;
    bool done;
    int rc = open_programme(req, res, POLICY_READ, &p, true, &done);
    if (rc || done) return rc;
    insight_cost *list;
    int n;
    int64_t total;
    rc = insight_cost_list(http_db(req), req->arena, p.id, 0, &list, &n, &total);
    if (rc) return api_fail(rc);
    json_t *items = json_array();
    for (int i = 0; i < n; i++) json_array_append_new(items, cost_json(&list[i]));
    return api_reply(req, res, 200,
                     json_pack("{s:I, s:o, s:I}", "programme_id", (json_int_t)p.id, "items", items, "total_cents",
                               (json_int_t)total));
}

static int api_costs_create(http_request *req, http_response *res)
{
    intake_programme p;
    bool done;
    int rc = open_programme(req, res, POLICY_WRITE, &p, true, &done);
    if (rc || done) return rc;
    json_t *body;
    if (api_read_json(req, res, &body) != 0) return 0;
    api_errors e = {0};
    static const char *const known[] = {"cohort_id", "category", "amount", "spent_on", "description", NULL};
    api_reject_unknown(body, known, &e);
    insight_cost_input in = {0};
    int64_t cohort = 0;
    api_get_id(body, "cohort_id", &cohort, &e);
    if (cohort) in.cohort_id = arena_printf(req->arena, "%lld", (long long)cohort);
    api_get_string(body, "category", &in.category, &e);
    api_get_string(body, "amount", &in.amount, &e);
    api_get_string(body, "spent_on", &in.spent_on, &e);
    api_get_string(body, "description", &in.description, &e);
    int64_t id = 0;
    rc = e.n ? API_EINVALID : insight_cost_add(req, p.id, &in, &id, &e);
    if (rc == API_EINVALID) api_problem_errors(req, res, 422, "the cost is not right: see errors", &e);
    json_decref(body);
    if (rc == API_EINVALID) return 0;
    if (rc) return api_fail(rc);
    insight_cost *list;
    int n;
    int64_t total;
    rc = insight_cost_list(http_db(req), req->arena, p.id, 0, &list, &n, &total);
    if (rc) return api_fail(rc);
    for (int i = 0; i < n; i++)
        if (list[i].id == id) return api_reply(req, res, 201, cost_json(&list[i]));
    return api_fail(DB_ERR);
}

const http_route insight_cost_routes[] = {
    {"GET", "/programmes/{id}/costs", costs_show, 0, "costs: a programme's costs"},
    {"POST", "/programmes/{id}/costs", costs_submit, 0, "costs: add a cost"},
    {0},
};

const http_route insight_cost_api_routes[] = {
    {"GET", "/api/v1/programmes/{id}/costs", api_costs_list, HTTP_API, "a programme's costs and their total"},
    {"POST", "/api/v1/programmes/{id}/costs", api_costs_create, HTTP_API, "add a programme cost"},
    {0},
};
