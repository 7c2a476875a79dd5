/* insight API: /api/v1/insight/programmes/{id} and /api/v1/insight/cohorts/{id},
 * the same figures as the pages, as JSON. */
#include <math.h>
#include <string.h>

#include "http/api.h"
#include "http/server.h"
#include "insight/model.h"
#include "insight/pages.h"
#include "insight/survival.h"

/* A real, or null where it is not a finite number (survfit's NA and Inf). */
static json_t *real_or_null(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

static json_t *cents_or_null(int64_t v)
{
    return v >= 0 ? json_integer(v) : json_null();
}

static json_t *counts_json(const insight_count *c, int n, const char *key)
{
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, json_pack("{s:o, s:I}", key, c[i].key[0] ? json_string(c[i].key) : json_null(), "n",
                                           (json_int_t)c[i].n));
    return a;
}

/* The figures as the API and its documentation describe them. */
static json_t *figures_json(const insight_figures *f, const char *today)
{
    json_t *funnel = json_pack("{s:I, s:I}", "applied", (json_int_t)f->applied, "selected", (json_int_t)f->selected);
    for (int k = 0; k < INSIGHT_EVENT_COUNT; k++)
        json_object_set_new(funnel, insight_event_kind_key((insight_event_kind)k), json_integer(f->reached[k]));
    double rate = f->decided > 0 ? 100.0 * (double)f->continued / (double)f->decided : NAN;
    json_t *cont = json_pack("{s:I, s:I, s:I, s:o, s:o, s:o}", "continued", (json_int_t)f->continued, "decided",
                             (json_int_t)f->decided, "pending", (json_int_t)f->pending, "rate_pct", real_or_null(rate),
                             "target_pct", f->target_pct >= 0 ? json_real(f->target_pct) : json_null(), "target_met",
                             f->target_pct >= 0 && !isnan(rate) ? json_boolean(rate >= f->target_pct) : json_null());
    json_t *steps = json_array();
    for (int i = 0; i < f->nkm; i++) {
        const insight_km_step *s = &f->km[i];
        json_array_append_new(steps, json_pack("{s:f, s:i, s:i, s:i, s:f, s:o, s:o, s:o}", "day", s->day, "n_risk",
                                               s->n_risk, "n_event", s->n_event, "n_censor", s->n_censor, "surv",
                                               s->surv, "std_err", real_or_null(s->std_err), "lower",
                                               real_or_null(s->lower), "upper", real_or_null(s->upper)));
    }
    json_t *retention = json_pack("{s:s, s:f, s:o}", "conf_type", insight_ci_name(INSIGHT_CI_LOGLOG), "conf_level", 0.95,
                                  "steps", steps);
    json_t *dropout = json_pack("{s:o, s:o}", "by_phase", counts_json(f->dropout_by_phase, f->nphase, "phase"),
                                "by_reason", counts_json(f->dropout_by_reason, f->nreason, "reason"));
    json_t *working = json_pack("{s:I, s:I, s:I, s:I}", "eligible_6m", (json_int_t)f->eligible_6m, "working_6m",
                                (json_int_t)f->working_6m, "eligible_12m", (json_int_t)f->eligible_12m, "working_12m",
                                (json_int_t)f->working_12m);
    json_t *costs = json_pack("{s:I, s:o, s:o, s:o}", "total_cents", (json_int_t)f->costs_cents, "per_member_cents",
                              cents_or_null(f->cost_per_member), "per_working_6m_cents",
                              cents_or_null(f->cost_per_working_6m), "per_working_12m_cents",
                              cents_or_null(f->cost_per_working_12m));
    return json_pack("{s:I, s:s, s:o, s:o, s:s, s:I, s:o, s:o, s:o, s:o, s:o, s:o}", "programme_id",
                     (json_int_t)f->programme_id, "programme_name", f->programme_name, "cohort_id",
                     f->cohort_id ? json_integer(f->cohort_id) : json_null(), "cohort_name",
                     f->cohort_name ? json_string(f->cohort_name) : json_null(), "as_of", today, "members",
                     (json_int_t)f->members, "funnel", funnel, "continuation", cont, "retention", retention, "dropout",
                     dropout, "working", working, "costs", costs);
}

static int figures_reply(http_request *req, http_response *res, bool cohort)
{
    insight_figures f;
    const char *today;
    int rc;
    insight_scope_result r = insight_load_for_request(req, cohort, &f, &today, &rc);
    switch (r) {
    case INSIGHT_SCOPE_OK: return api_reply(req, res, 200, figures_json(&f, today));
    case INSIGHT_SCOPE_NOT_FOUND:
        http_problem(req, res, 404, cohort ? "no such cohort" : "no such programme", NULL, NULL);
        return 0;
    case INSIGHT_SCOPE_FORBIDDEN:
        http_problem(req, res, 403, "a programme's figures are read by staff of its partners and the coordinator", NULL,
                     NULL);
        return 0;
    case INSIGHT_SCOPE_BAD_DATE:
    case INSIGHT_SCOPE_FUTURE_DATE: {
        api_errors e = {0};
        api_errors_add(&e, "on", r == INSIGHT_SCOPE_BAD_DATE ? MSG_INSIGHT_DATE_INVALID : MSG_INSIGHT_DATE_FUTURE);
        api_problem_errors(req, res, 422, "the date is not valid: see errors", &e);
        return 0;
    }
    case INSIGHT_SCOPE_ERROR: break;
    }
    return api_fail(rc ? rc : DB_ERR);
}

static int api_insight_programme(http_request *req, http_response *res)
{
    return figures_reply(req, res, false);
}

static int api_insight_cohort(http_request *req, http_response *res)
{
    return figures_reply(req, res, true);
}

const http_route insight_api_routes[] = {
    {"GET", "/api/v1/insight/programmes/{id}", api_insight_programme, HTTP_API, "a programme's figures"},
    {"GET", "/api/v1/insight/cohorts/{id}", api_insight_cohort, HTTP_API, "a cohort's figures"},
    {0},
};
