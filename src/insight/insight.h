/* insight: outcomes as events per cohort member, programme costs, and the
 * figures per programme and cohort (funnel, continuation against the target,
 * Kaplan-Meier retention with 95 % bands, dropout by phase and reason, cost
 * per participant and per person still working after 6 and 12 months),
 * charts as SVG rendered on the server, and the anonymised funder report
 * (HTML to print, PDF, CSV, XLSX) (issue 7). Schema: 006_guidance.sql.
 * Access: POLICY_OUTCOME (events), POLICY_INSIGHT (figures, report, costs). */
#ifndef INSTROOM_INSIGHT_INSIGHT_H
#define INSTROOM_INSIGHT_INSIGHT_H

#include <stdint.h>

#include "base/arena.h"
#include "db/db.h"
#include "http/http.h"

/* Route tables the app registers, each ending with {0}. */
extern const http_route insight_routes[];
extern const http_route insight_api_routes[];

/* Outcome kinds in the order of the funnel. */
typedef enum insight_event_kind {
    INSIGHT_STARTED,
    INSIGHT_PRETRACK_COMPLETED,
    INSIGHT_ENTERED_BBL,
    INSIGHT_DIPLOMA,
    INSIGHT_EMPLOYED,
    INSIGHT_DROPPED_OUT,
    INSIGHT_LEFT_SECTOR,
    INSIGHT_EVENT_COUNT
} insight_event_kind;

/* One step of a Kaplan-Meier curve: at `day` (days since the member started)
 * n_risk were at risk and n_event stopped; surv is S(day) after the step and
 * lower/upper its 95 % band (log-log, as R's survfit conf.type = "log-log"). */
typedef struct insight_km_step {
    double day;
    int n_risk, n_event, n_censor;
    double surv, std_err, lower, upper;
} insight_km_step;

typedef struct insight_count {
    const char *key;     /* reason key, or phase name */
    int64_t n;
} insight_count;

/* The figures of one programme (cohort_id 0) or one cohort, as of `today`.
 * Definitions (docs/insight.md holds them in words):
 * - funnel: applied = applications to the cohorts' campaigns; selected = those
 *   in a stage of kind 'selected'; the rest count members with at least one
 *   non-voided event of that kind.
 * - continuation: of the members with a decided pre-track (entered BBL, or
 *   dropped out or left before entering), the share that entered BBL;
 *   pending = started members not yet decided. target = the programme's
 *   'continue_pct' target, or -1.
 * - retention: time from started_on to the first dropped_out or left_sector
 *   event; members without one are censored at today.
 * - working_6m / working_12m: members whose start lies at least 6 / 12 months
 *   before today, employed by then and not dropped out or left by then
 *   (eligible_6m / eligible_12m: members whose start lies that far back).
 * - costs: the sum of the programme's costs (of the cohort, when one is given,
 *   else of all its cohorts and the programme as a whole); cost_per_* are
 *   costs_cents / count, or -1 when the count is 0. */
typedef struct insight_figures {
    int64_t programme_id, cohort_id;
    const char *programme_name, *cohort_name;  /* cohort_name NULL for a programme */
    int64_t applied, selected;
    int64_t members;
    int64_t reached[INSIGHT_EVENT_COUNT];       /* members with that outcome */
    int64_t continued, decided, pending;
    double target_pct;                          /* -1 when the programme has none */
    insight_km_step *km;                        /* in the arena */
    int nkm;
    insight_count *dropout_by_phase, *dropout_by_reason;
    int nphase, nreason;
    int64_t costs_cents;
    int64_t working_6m, eligible_6m, working_12m, eligible_12m;
    int64_t cost_per_member, cost_per_working_6m, cost_per_working_12m;  /* cents, or -1 */
} insight_figures;

/* Computes the figures from the database into *out (allocations in a).
 * today is 'YYYY-MM-DD'. Returns 0, or a negative db error. */
int insight_figures_load(db_conn *c, int64_t programme_id, int64_t cohort_id, const char *today, arena *a,
                         insight_figures *out);

/* Loads the demo's outcomes: past WelSlagen, Zorgrunner and zij-instroom
 * cohorts with members, outcome events over the last two years and the
 * programmes' costs, inside the caller's transaction, after the intake demo.
 * Deterministic and idempotent. */
int insight_demo_load(db_conn *c, int64_t now);

#endif
