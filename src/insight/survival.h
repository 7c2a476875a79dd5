/* insight/survival: the Kaplan-Meier estimator with Greenwood's variance and
 * 95 % confidence bands, computed exactly as R's survival::survfit does
 * (ties: all events at a time count before the censorings at that time, and
 * those censored at t are at risk at t; one step per distinct time, event or
 * censoring). Pure: depends on base only. */
#ifndef INSTROOM_INSIGHT_SURVIVAL_H
#define INSTROOM_INSIGHT_SURVIVAL_H

#include "base/arena.h"
#include "insight/insight.h"

/* How the band is drawn, as survfit's conf.type. */
typedef enum insight_ci_type {
    INSIGHT_CI_LOGLOG,   /* "log-log" (the default here): exp(-exp(log(-log S) -/+ z se / log S)) */
    INSIGHT_CI_LOG,      /* "log" (survfit's default): S exp(-/+ z se), upper at most 1 */
    INSIGHT_CI_PLAIN,    /* "plain": S (1 -/+ z se), within [0, 1] */
} insight_ci_type;

/* The normal quantile for a two-sided 95 % band, qnorm(0.975). */
#define INSIGHT_Z95 1.959963984540054

/* Fits the curve to n observations: time[i] >= 0 and event[i] (1 stopped,
 * 0 censored). Writes the steps in increasing time to *out (in a) and their
 * number to *nout; n == 0 gives no steps. std_err is survfit's std.err: the
 * standard error of -log S (Greenwood), +Inf once S reaches 0, as in R.
 * Where survfit gives NA or NaN for a bound (S = 0 or S = 1 for log-log,
 * S = 0 for log, an infinite std.err for plain) lower and upper are NaN. Returns 0, or -1 when the arena is full or an input is invalid. */
int insight_km_fit(const double *time, const unsigned char *event, int n, insight_ci_type ci, arena *a,
                   insight_km_step **out, int *nout);

/* The same, on times already sorted ascending (no copy or sort): the fast
 * path for large inputs. */
int insight_km_fit_sorted(const double *time, const unsigned char *event, int n, insight_ci_type ci, arena *a,
                          insight_km_step **out, int *nout);

/* The same on grouped data: at times[i] (strictly increasing) d[i] stopped
 * and c[i] were censored; times with d[i] + c[i] == 0 are skipped. */
int insight_km_fit_grouped(const double *times, const int *d, const int *c, int ntimes, insight_ci_type ci,
                           arena *a, insight_km_step **out, int *nout);

/* S(t) from a fitted curve: the survival after the last step at or before t
 * (1 before the first step). */
double insight_km_at(const insight_km_step *km, int nkm, double t);

/* The band around S and its std err, as survfit_confint computes it. */
void insight_km_band(double surv, double std_err, insight_ci_type ci, double *lower, double *upper);

/* The band type's name as survfit spells it ("log-log", "log", "plain"). */
const char *insight_ci_name(insight_ci_type ci);

#endif
