/* insight report: the funder report's rows from insight_figures, the CSV,
 * and the pages and API that serve it in every format. */
#include "insight/report.h"

#include <stdio.h>
#include <stdbool.h>
#include <string.h>

#include "auth/auth.h"
#include "base/csv.h"
#include "base/str.h"
#include "base/time.h"
#include "http/html.h"
#include "http/i18n.h"
#include "http/page.h"
#include "http/server.h"
#include "http/ui.h"
#include "insight/outcomes.h"
#include "insight/store.h"
#include "intake/admin.h"

#define MAX_ROWS 96

typedef struct builder {
    insight_report *r;
    arena *a;
    const char *section, *section_label;
} builder;

static void add(builder *b, const char *measure, const char *label, insight_cell cell)
{
    if (b->r->n >= MAX_ROWS) return;
    b->r->rows[b->r->n++] = (insight_report_row){.section = b->section,
                                                 .section_label = b->section_label,
                                                 .measure = measure,
                                                 .label = label,
                                                 .cell = cell};
    if (cell.state == INSIGHT_CELL_WITHHELD) b->r->withheld = true;
}

static void section(builder *b, const char *key, msg_id label)
{
    b->section = key;
    b->section_label = msg_in(b->r->lang, label);
}

static const msg_id kind_labels[INSIGHT_EVENT_COUNT] = {
    MSG_OUTCOME_KIND_STARTED,  MSG_OUTCOME_KIND_PRETRACK, MSG_OUTCOME_KIND_BBL, MSG_OUTCOME_KIND_DIPLOMA,
    MSG_OUTCOME_KIND_EMPLOYED, MSG_OUTCOME_KIND_DROPPED,  MSG_OUTCOME_KIND_LEFT};
static const msg_id reason_labels[] = {
    MSG_OUTCOME_REASON_HEALTH,    MSG_OUTCOME_REASON_FINANCES,     MSG_OUTCOME_REASON_WORKLOAD,
    MSG_OUTCOME_REASON_CHILDCARE, MSG_OUTCOME_REASON_OTHER_JOB,    MSG_OUTCOME_REASON_STUDY,
    MSG_OUTCOME_REASON_NOT_SUITABLE, MSG_OUTCOME_REASON_PERSONAL, MSG_OUTCOME_REASON_MOVED,
    MSG_OUTCOME_REASON_UNKNOWN};

/* Replaces {1} in the message with arg. */
static const char *fill(builder *b, msg_id id, const char *arg)
{
    const char *t = msg_in(b->r->lang, id);
    const char *at = strstr(t, "{1}");
    if (!at) return t;
    return arena_printf(b->a, "%.*s%s%s", (int)(at - t), t, arg, at + 3);
}

/* The Kaplan-Meier retention at day d: shown only when the events by then,
 * the members without one and the members still followed after d are each
 * at least 5 (else the share could give a small count away). */
static insight_cell retention_at(const insight_figures *f, double d)
{
    int64_t events = 0, risk_after = 0;
    double surv = 1.0;
    bool after = false;
    for (int i = 0; i < f->nkm; i++) {
        if (f->km[i].day <= d) {
            events += f->km[i].n_event;
            surv = f->km[i].surv;
        } else if (!after) {
            risk_after = f->km[i].n_risk;
            after = true;
        }
    }
    insight_cell c = insight_suppress(INSIGHT_CELL_PCT, f->members - events, f->members);
    if (c.state == INSIGHT_CELL_SHOWN && risk_after < INSIGHT_MIN_CELL) c.state = INSIGHT_CELL_WITHHELD;
    if (c.state == INSIGHT_CELL_SHOWN) c.value = (int64_t)(surv * 1000.0 + 0.5);
    return c;
}

int insight_report_build(const insight_figures *f, const char *lang, const char *date, const char *cohorts, arena *a,
                         insight_report *out)
{
    memset(out, 0, sizeof *out);
    out->lang = lang && strcmp(lang, "en") == 0 ? "en" : "nl";
    out->programme = f->programme_name;
    out->cohorts = cohorts;
    out->date = date;
    out->rows = arena_calloc(a, MAX_ROWS, sizeof *out->rows);
    if (!out->rows) return -1;
    builder b = {.r = out, .a = a};
    const char *L = out->lang;

    section(&b, "funnel", MSG_REPORT_SEC_FUNNEL);
    add(&b, "applied", msg_in(L, MSG_REPORT_APPLIED), insight_suppress(INSIGHT_CELL_COUNT, f->applied, 0));
    add(&b, "selected", msg_in(L, MSG_REPORT_SELECTED), insight_suppress(INSIGHT_CELL_COUNT, f->selected, 0));
    add(&b, "members", msg_in(L, MSG_REPORT_MEMBERS), insight_suppress(INSIGHT_CELL_COUNT, f->members, 0));
    static const char *const kind_keys[INSIGHT_EVENT_COUNT] = {
        "started", "pretrack_completed", "entered_bbl", "diploma", "employed", "dropped_out", "left_sector"};
    for (int k = 1; k < INSIGHT_EVENT_COUNT; k++)
        add(&b, kind_keys[k], fill(&b, MSG_REPORT_REACHED, msg_in(L, kind_labels[k])),
            insight_suppress(INSIGHT_CELL_COUNT, f->reached[k], 0));

    section(&b, "continuation", MSG_REPORT_SEC_CONTINUATION);
    add(&b, "decided", msg_in(L, MSG_REPORT_DECIDED), insight_suppress(INSIGHT_CELL_COUNT, f->decided, 0));
    add(&b, "continued", msg_in(L, MSG_REPORT_CONTINUED), insight_suppress(INSIGHT_CELL_COUNT, f->continued, 0));
    add(&b, "pending", msg_in(L, MSG_REPORT_PENDING), insight_suppress(INSIGHT_CELL_COUNT, f->pending, 0));
    add(&b, "rate", msg_in(L, MSG_REPORT_RATE), insight_suppress(INSIGHT_CELL_PCT, f->continued, f->decided));
    /* The target is the programme's setting, about nobody. */
    insight_cell target = {.kind = INSIGHT_CELL_PCT, .state = INSIGHT_CELL_NONE};
    if (f->target_pct >= 0) {
        target.state = INSIGHT_CELL_SHOWN;
        target.value = (int64_t)(f->target_pct * 10.0 + 0.5);
    }
    add(&b, "target", msg_in(L, MSG_REPORT_TARGET), target);

    section(&b, "retention", MSG_REPORT_SEC_RETENTION);
    static const struct {
        const char *key, *months;
        double days;
    } at[] = {{"retained_3m", "3", 91}, {"retained_6m", "6", 182}, {"retained_12m", "12", 365}};
    for (int i = 0; i < 3; i++) add(&b, at[i].key, fill(&b, MSG_REPORT_RETAINED, at[i].months), retention_at(f, at[i].days));

    /* Every phase and every reason, also those at 0, so that "<5" never tells 0 from 1-4. */
    section(&b, "dropout_phase", MSG_REPORT_SEC_PHASE);
    bool no_phase = false;
    for (int i = 0; i < f->nphase; i++) {
        const insight_count *c = &f->dropout_by_phase[i];
        bool unknown = !c->key || !*c->key;
        no_phase |= unknown;
        add(&b, unknown ? "(none)" : c->key, unknown ? msg_in(L, MSG_REPORT_NO_PHASE) : c->key,
            insight_suppress(INSIGHT_CELL_COUNT, c->n, 0));
    }
    if (!no_phase) add(&b, "(none)", msg_in(L, MSG_REPORT_NO_PHASE), insight_suppress(INSIGHT_CELL_COUNT, 0, 0));
    section(&b, "dropout_reason", MSG_REPORT_SEC_REASON);
    for (int r = 0; insight_reasons[r]; r++) {
        int64_t n = 0;
        for (int i = 0; i < f->nreason; i++)
            if (f->dropout_by_reason[i].key && strcmp(f->dropout_by_reason[i].key, insight_reasons[r]) == 0)
                n = f->dropout_by_reason[i].n;
        add(&b, insight_reasons[r], msg_in(L, reason_labels[r]), insight_suppress(INSIGHT_CELL_COUNT, n, 0));
    }

    section(&b, "working", MSG_REPORT_SEC_WORKING);
    add(&b, "eligible_6m", fill(&b, MSG_REPORT_ELIGIBLE, "6"), insight_suppress(INSIGHT_CELL_COUNT, f->eligible_6m, 0));
    add(&b, "working_6m", fill(&b, MSG_REPORT_WORKING_N, "6"), insight_suppress(INSIGHT_CELL_COUNT, f->working_6m, 0));
    add(&b, "working_6m_pct", fill(&b, MSG_REPORT_WORKING_PCT, "6"),
        insight_suppress(INSIGHT_CELL_PCT, f->working_6m, f->eligible_6m));
    add(&b, "eligible_12m", fill(&b, MSG_REPORT_ELIGIBLE, "12"),
        insight_suppress(INSIGHT_CELL_COUNT, f->eligible_12m, 0));
    add(&b, "working_12m", fill(&b, MSG_REPORT_WORKING_N, "12"),
        insight_suppress(INSIGHT_CELL_COUNT, f->working_12m, 0));
    add(&b, "working_12m_pct", fill(&b, MSG_REPORT_WORKING_PCT, "12"),
        insight_suppress(INSIGHT_CELL_PCT, f->working_12m, f->eligible_12m));

    section(&b, "costs", MSG_REPORT_SEC_COSTS);
    add(&b, "total", msg_in(L, MSG_REPORT_COSTS_TOTAL), insight_suppress(INSIGHT_CELL_MONEY, f->costs_cents, 0));
    add(&b, "per_member", msg_in(L, MSG_REPORT_COST_MEMBER),
        insight_suppress(INSIGHT_CELL_PER_HEAD, f->costs_cents, f->members));
    add(&b, "per_working_6m", fill(&b, MSG_REPORT_COST_WORKING, "6"),
        insight_suppress(INSIGHT_CELL_PER_HEAD, f->costs_cents, f->working_6m));
    add(&b, "per_working_12m", fill(&b, MSG_REPORT_COST_WORKING, "12"),
        insight_suppress(INSIGHT_CELL_PER_HEAD, f->costs_cents, f->working_12m));
    return out->n < MAX_ROWS ? 0 : -1;
}

const char *insight_report_value(const insight_report_row *row, char *out, size_t n)
{
    return insight_cell_text(&row->cell, "en", true, out, n);
}

/* One CSV line (csv_put_row: a name a spreadsheet would run as a formula,
 * "=HYPERLINK(...)", is written as text; the figures never start like one). */
static void csv_line(buf *out, const char *a, const char *b, const char *c, const char *d)
{
    const char *f[4] = {a, b, c, d};
    csv_put_row(out, f, 4, 0);
}

void insight_report_csv(const insight_report *r, buf *out)
{
    const char *L = r->lang;
    csv_line(out, "section", "measure", "label", "value");
    csv_line(out, "report", "programme", msg_in(L, MSG_REPORT_PROGRAMME), r->programme);
    csv_line(out, "report", "cohorts", msg_in(L, MSG_REPORT_COHORTS), r->cohorts);
    csv_line(out, "report", "date", msg_in(L, MSG_REPORT_DATE), r->date);
    csv_line(out, "report", "rule", msg_in(L, MSG_REPORT_RULE_TITLE), msg_in(L, MSG_REPORT_RULE));
    char v[64];
    for (int i = 0; i < r->n; i++)
        csv_line(out, r->rows[i].section, r->rows[i].measure, r->rows[i].label, insight_report_value(&r->rows[i], v, sizeof v));
}

/* ---- pages and API ---- */

typedef struct report_req {
    intake_programme p;
    int64_t cohort_id;
    insight_report r;
} report_req;

/* Loads the programme, checks POLICY_INSIGHT read (refusals audited), reads
 * ?cohort and builds the report. Answers the error itself and sets *done. */
static int report_open(http_request *req, http_response *res, report_req *q, bool api, bool *done)
{
    *done = true;
    int64_t id = http_path_id(req, "id");
    int rc = id ? intake_programme_load(http_db(req), req->arena, id, &q->p) : DB_ENOTFOUND;
    policy_target t;
    if (!rc) rc = insight_programme_target(req, id, &t);
    if (rc == DB_ENOTFOUND) {
        if (api) http_problem(req, res, 404, "no such programme", NULL, NULL);
        else http_error(req, res, 404);
        return 0;
    }
    if (rc) return api_fail(rc);
    if (!policy_enforce(req, POLICY_READ, &t, "insight_report")) {
        if (api) http_problem(req, res, 404, "no such programme", NULL, NULL);
        else http_error(req, res, 404);
        return 0;
    }
    q->cohort_id = 0;
    const char *cs = http_query(req, "cohort");
    if (cs && *cs) {
        int64_t prog = 0;
        if (str_to_int64(cs, 1, INT64_MAX, &q->cohort_id) != 0 ||
            insight_cohort_programme(http_db(req), q->cohort_id, &prog) != 0 || prog != q->p.id) {
            if (api) http_problem(req, res, 400, "cohort is a cohort of this programme", "cohort", "invalid");
            else http_error(req, res, 404);
            return 0;
        }
    }
    const char *today = time_ams_today(req->arena);
    insight_figures f;
    rc = insight_figures_load(http_db(req), q->p.id, q->cohort_id, today, req->arena, &f);
    if (rc) return api_fail(rc);
    insight_cohort_row *ks;
    int nk;
    rc = insight_cohorts_of(http_db(req), q->p.id, req->arena, &ks, &nk);
    if (rc) return api_fail(rc);
    buf names;
    buf_init(&names, 1 << 16);
    for (int i = 0; i < nk; i++) {
        if (q->cohort_id && ks[i].id != q->cohort_id) continue;
        if (names.len) buf_puts(&names, ", ");
        buf_puts(&names, ks[i].name);
    }
    const char *cohorts = arena_strdup(req->arena, names.len ? buf_cstr(&names) : msg(req, MSG_REPORT_NONE));
    buf_free(&names);
    if (insight_report_build(&f, req->lang, today, cohorts, req->arena, &q->r)) return DB_ENOMEM;
    *done = false;
    return 0;
}

static const char *file_name(http_request *req, const report_req *q, const char *ext)
{
    if (q->cohort_id)
        return arena_printf(req->arena, "rapportage-%s-cohort-%lld-%s.%s", q->p.slug, (long long)q->cohort_id,
                            q->r.date, ext);
    return arena_printf(req->arena, "rapportage-%s-%s.%s", q->p.slug, q->r.date, ext);
}

static void attach(http_request *req, http_response *res, const char *type, const char *name)
{
    res->status = 200;
    res->content_type = type;
    http_set_header(req, res, "Content-Disposition", arena_printf(req->arena, "attachment; filename=\"%s\"", name));
    http_set_header(req, res, "Cache-Control", "no-store");
}

static const char *query_suffix(http_request *req, const report_req *q)
{
    return q->cohort_id ? arena_printf(req->arena, "?cohort=%lld", (long long)q->cohort_id) : "";
}

static int report_show(http_request *req, http_response *res)
{
    report_req q;
    bool done;
    int rc = report_open(req, res, &q, false, &done);
    if (rc || done) return rc;
    const insight_report *r = &q.r;
    const char *title = msg(req, MSG_REPORT_TITLE);
    page_begin(req, res, arena_printf(req->arena, "%s: %s", title, q.p.name));
    buf *b = &res->body;
    html_lit(b, "<style>@media print{header,nav,footer,.instroom-no-print,.utrecht-page-header,.utrecht-page-footer"
                "{display:none!important}body{font-size:10.5pt}.instroom-report table{page-break-inside:auto}"
                ".instroom-report tr{page-break-inside:avoid}.instroom-report h2{page-break-after:avoid}}"
                ".instroom-report td.instroom-figure{text-align:right;font-variant-numeric:tabular-nums}</style>");
    html_lit(b, "<div class=\"instroom-no-print\"><p class=\"utrecht-paragraph\"><a class=\"utrecht-link utrecht-link--html-a\"");
    html_attr(b, "href", arena_printf(req->arena, "/programmes/%lld", (long long)q.p.id));
    html_lit(b, ">");
    html_text(b, q.p.name);
    html_lit(b, "</a></p></div><article class=\"instroom-report\">");
    ui_heading(b, 1, arena_printf(req->arena, "%s: %s", title, q.p.name));
    ui_data_begin(b);
    ui_data_row(b, msg(req, MSG_REPORT_PROGRAMME), r->programme);
    ui_data_row(b, msg(req, MSG_REPORT_COHORTS), r->cohorts);
    ui_data_row(b, msg(req, MSG_REPORT_DATE), r->date);
    ui_data_end(b);
    page_alert(b, ALERT_INFO, msg(req, MSG_REPORT_RULE));
    html_lit(b, "<div class=\"instroom-toolbar instroom-no-print\"><p class=\"utrecht-paragraph\">");
    html_text(b, msg(req, MSG_REPORT_PRINT_HINT));
    html_lit(b, " ");
    html_text(b, msg(req, MSG_REPORT_DOWNLOADS));
    html_lit(b, ":</p>");
    static const char *const exts[] = {"pdf", "csv", "xlsx"};
    for (int i = 0; i < 3; i++)
        page_button_link(b,
                         arena_printf(req->arena, "/programmes/%lld/report.%s%s", (long long)q.p.id, exts[i],
                                      query_suffix(req, &q)),
                         arena_printf(req->arena, "%c%s", exts[i][0] - 32, exts[i] + 1), i == 0);
    html_lit(b, "</div>");
    char v[64];
    for (int i = 0; i < r->n;) {
        const char *sec = r->rows[i].section;
        ui_heading(b, 2, r->rows[i].section_label);
        ui_table_begin(b, arena_printf(req->arena, "report-%s", sec), r->rows[i].section_label, false);
        html_lit(b, "<thead class=\"utrecht-table__header\"><tr class=\"utrecht-table__row\">"
                    "<th class=\"utrecht-table__header-cell\" scope=\"col\">");
        html_text(b, msg(req, MSG_REPORT_MEASURE));
        html_lit(b, "</th><th class=\"utrecht-table__header-cell utrecht-table__header-cell--numeric\" scope=\"col\">");
        html_text(b, msg(req, MSG_REPORT_VALUE));
        html_lit(b, "</th></tr></thead><tbody class=\"utrecht-table__body\">");
        for (; i < r->n && str_eq(r->rows[i].section, sec); i++) {
            html_lit(b, "<tr class=\"utrecht-table__row\"><th class=\"utrecht-table__header-cell\" scope=\"row\">");
            html_text(b, r->rows[i].label);
            html_lit(b, "</th><td class=\"utrecht-table__cell instroom-figure\"");
            html_attr(b, "data-figure", arena_printf(req->arena, "%s.%s", sec, r->rows[i].measure));
            html_lit(b, ">");
            html_text(b, insight_cell_text(&r->rows[i].cell, r->lang, false, v, sizeof v));
            if (r->rows[i].cell.state == INSIGHT_CELL_WITHHELD) html_lit(b, "<sup>*</sup>");
            html_lit(b, "</td></tr>");
        }
        html_lit(b, "</tbody>");
        ui_table_end(b);
    }
    if (r->withheld) {
        html_lit(b, "<p class=\"utrecht-paragraph\"><small>* ");
        html_text(b, msg(req, MSG_REPORT_FOOTNOTE));
        html_lit(b, "</small></p>");
    }
    ui_heading(b, 2, msg(req, MSG_REPORT_DEFINITIONS));
    static const msg_id defs[] = {MSG_REPORT_DEF_FUNNEL, MSG_REPORT_DEF_CONTINUATION, MSG_REPORT_DEF_RETENTION,
                                  MSG_REPORT_DEF_WORKING, MSG_REPORT_DEF_COSTS};
    html_lit(b, "<ul class=\"utrecht-unordered-list\">");
    for (size_t i = 0; i < sizeof defs / sizeof defs[0]; i++) {
        html_lit(b, "<li class=\"utrecht-unordered-list__item\">");
        html_text(b, msg(req, defs[i]));
        html_lit(b, "</li>");
    }
    html_lit(b, "</ul></article>");
    page_end(req, res);
    return 0;
}

static int report_csv(http_request *req, http_response *res)
{
    report_req q;
    bool done;
    int rc = report_open(req, res, &q, false, &done);
    if (rc || done) return rc;
    attach(req, res, "text/csv; charset=utf-8", file_name(req, &q, "csv"));
    insight_report_csv(&q.r, &res->body);
    return res->body.failed ? DB_ENOMEM : 0;
}

static int report_xlsx(http_request *req, http_response *res)
{
    report_req q;
    bool done;
    int rc = report_open(req, res, &q, false, &done);
    if (rc || done) return rc;
    attach(req, res, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", file_name(req, &q, "xlsx"));
    return insight_report_xlsx(&q.r, &res->body) ? DB_ERR : 0;
}

static int report_pdf(http_request *req, http_response *res)
{
    report_req q;
    bool done;
    int rc = report_open(req, res, &q, false, &done);
    if (rc || done) return rc;
    attach(req, res, "application/pdf", file_name(req, &q, "pdf"));
    return insight_report_pdf(&q.r, &res->body) ? DB_ERR : 0;
}

static int api_report(http_request *req, http_response *res)
{
    report_req q;
    bool done;
    const char *format = http_query(req, "format");
    if (format && !str_eq(format, "json") && !str_eq(format, "csv") && !str_eq(format, "xlsx") && !str_eq(format, "pdf")) {
        http_problem(req, res, 400, "format is json, csv, xlsx or pdf", "format", "invalid");
        return 0;
    }
    int rc = report_open(req, res, &q, true, &done);
    if (rc || done) return rc;
    if (str_eq(format, "csv")) {
        attach(req, res, "text/csv; charset=utf-8", file_name(req, &q, "csv"));
        insight_report_csv(&q.r, &res->body);
        return res->body.failed ? DB_ENOMEM : 0;
    }
    if (str_eq(format, "xlsx")) {
        attach(req, res, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", file_name(req, &q, "xlsx"));
        return insight_report_xlsx(&q.r, &res->body) ? DB_ERR : 0;
    }
    if (str_eq(format, "pdf")) {
        attach(req, res, "application/pdf", file_name(req, &q, "pdf"));
        return insight_report_pdf(&q.r, &res->body) ? DB_ERR : 0;
    }
    json_t *rows = json_array();
    char v[64];
    for (int i = 0; i < q.r.n; i++)
        json_array_append_new(rows, json_pack("{s:s, s:s, s:s, s:s}", "section", q.r.rows[i].section, "measure",
                                              q.r.rows[i].measure, "label", q.r.rows[i].label, "value",
                                              insight_report_value(&q.r.rows[i], v, sizeof v)));
    return api_reply(req, res, 200,
                     json_pack("{s:I, s:o, s:s, s:s, s:s, s:i, s:o}", "programme_id", (json_int_t)q.p.id, "cohort_id",
                               api_id(q.cohort_id), "programme", q.r.programme, "cohorts", q.r.cohorts, "date",
                               q.r.date, "min_cell", INSIGHT_MIN_CELL, "rows", rows));
}

const http_route insight_report_routes[] = {
    {"GET", "/programmes/{id}/report", report_show, 0, "report: the funder report, made to print"},
    {"GET", "/programmes/{id}/report.csv", report_csv, 0, "report: the funder report as CSV"},
    {"GET", "/programmes/{id}/report.xlsx", report_xlsx, 0, "report: the funder report as XLSX"},
    {"GET", "/programmes/{id}/report.pdf", report_pdf, 0, "report: the funder report as PDF"},
    {0},
};

const http_route insight_report_api_routes[] = {
    {"GET", "/api/v1/programmes/{id}/report", api_report, HTTP_API, "the anonymised funder report's figures"},
    {0},
};
