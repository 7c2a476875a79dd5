/* insight/survival: Kaplan-Meier as survival::survfit computes it. */
#include "insight/survival.h"

#include <assert.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct obs {
    double time;
    unsigned char event;
} obs;

static int obs_cmp(const void *x, const void *y)
{
    const obs *a = x, *b = y;
    return (a->time > b->time) - (a->time < b->time);
}

const char *insight_ci_name(insight_ci_type ci)
{
    switch (ci) {
    case INSIGHT_CI_LOGLOG: return "log-log";
    case INSIGHT_CI_LOG: return "log";
    case INSIGHT_CI_PLAIN: return "plain";
    }
    return "?";
}

void insight_km_band(double p, double se, insight_ci_type ci, double *lower, double *upper)
{
    /* survfit_confint in R's survival package, with logse = TRUE. */
    double z = INSIGHT_Z95;
    *lower = *upper = NAN;
    if (isnan(se) || isinf(se)) return;
    switch (ci) {
    case INSIGHT_CI_PLAIN: {
        double se2 = se * p * z;
        *lower = fmax(p - se2, 0.0);
        *upper = fmin(p + se2, 1.0);
        return;
    }
    case INSIGHT_CI_LOG:
        if (p == 0) return;
        *lower = exp(log(p) - z * se);
        *upper = fmin(exp(log(p) + z * se), 1.0);
        return;
    case INSIGHT_CI_LOGLOG: {
        if (p == 0 || p == 1) return;
        double lp = log(p);
        double se2 = z * se / lp;
        double ll = log(-lp);
        *lower = exp(-exp(ll - se2));
        *upper = exp(-exp(ll + se2));
        return;
    }
    }
}

int insight_km_fit_grouped(const double *times, const int *d, const int *c, int ntimes, insight_ci_type ci,
                           arena *a, insight_km_step **out, int *nout)
{
    assert(out && nout);
    *out = NULL;
    *nout = 0;
    if (ntimes < 0) return -1;
    int64_t total = 0;
    int nsteps = 0;
    for (int i = 0; i < ntimes; i++) {
        if (d[i] < 0 || c[i] < 0) return -1;
        if (i > 0 && !(times[i] > times[i - 1])) return -1;
        if (d[i] + c[i] > 0) nsteps++;
        total += d[i] + c[i];
    }
    if (nsteps == 0) return 0;
    if (total > INT32_MAX || !(times[0] >= 0)) return -1;
    insight_km_step *km = arena_calloc(a, (size_t)nsteps, sizeof *km);
    if (!km) return -1;
    double surv = 1.0, varhaz = 0.0;
    int at_risk = (int)total, k = 0;
    for (int i = 0; i < ntimes; i++) {
        if (d[i] + c[i] == 0) continue;
        insight_km_step *s = &km[k++];
        s->day = times[i];
        s->n_risk = at_risk;
        s->n_event = d[i];
        s->n_censor = c[i];
        if (d[i] > 0) {
            surv *= (double)(at_risk - d[i]) / (double)at_risk;
            if (at_risk > d[i])
                varhaz += (double)d[i] / ((double)at_risk * (double)(at_risk - d[i]));
            else
                varhaz = INFINITY;
        }
        s->surv = surv;
        s->std_err = sqrt(varhaz);
        insight_km_band(surv, s->std_err, ci, &s->lower, &s->upper);
        at_risk -= d[i] + c[i];
    }
    assert(k == nsteps && at_risk == 0);
    *out = km;
    *nout = k;
    return 0;
}

int insight_km_fit_sorted(const double *time, const unsigned char *event, int n, insight_ci_type ci, arena *a,
                          insight_km_step **out, int *nout)
{
    *out = NULL;
    *nout = 0;
    if (n < 0) return -1;
    if (n == 0) return 0;
    for (int i = 1; i < n; i++)
        if (!(time[i] >= time[i - 1])) return -1;  /* unsorted or NaN */
    if (!(time[0] >= 0) || isinf(time[n - 1])) return -1;
    double *t = malloc((size_t)n * sizeof *t);
    int *d = malloc((size_t)n * sizeof *d), *c = malloc((size_t)n * sizeof *c);
    int rc = -1, m = 0;
    if (!t || !d || !c) goto done;
    for (int i = 0; i < n; i++) {
        if (m == 0 || t[m - 1] != time[i]) {
            t[m] = time[i];
            d[m] = c[m] = 0;
            m++;
        }
        if (event[i]) d[m - 1]++;
        else c[m - 1]++;
    }
    rc = insight_km_fit_grouped(t, d, c, m, ci, a, out, nout);
done:
    free(t);
    free(d);
    free(c);
    return rc;
}

int insight_km_fit(const double *time, const unsigned char *event, int n, insight_ci_type ci, arena *a,
                   insight_km_step **out, int *nout)
{
    *out = NULL;
    *nout = 0;
    if (n < 0) return -1;
    if (n == 0) return 0;
    obs *o = malloc((size_t)n * sizeof *o);
    double *t = malloc((size_t)n * sizeof *t);
    unsigned char *e = malloc((size_t)n);
    int rc = -1;
    if (!o || !t || !e) goto done;
    for (int i = 0; i < n; i++) {
        if (!(time[i] >= 0) || isinf(time[i])) goto done;
        o[i].time = time[i];
        o[i].event = event[i] ? 1 : 0;
    }
    qsort(o, (size_t)n, sizeof *o, obs_cmp);
    for (int i = 0; i < n; i++) {
        t[i] = o[i].time;
        e[i] = o[i].event;
    }
    rc = insight_km_fit_sorted(t, e, n, ci, a, out, nout);
done:
    free(o);
    free(t);
    free(e);
    return rc;
}

double insight_km_at(const insight_km_step *km, int nkm, double t)
{
    int lo = 0, hi = nkm;  /* first step with day > t */
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (km[mid].day <= t) lo = mid + 1;
        else hi = mid;
    }
    return lo == 0 ? 1.0 : km[lo - 1].surv;
}
