/* insight/model: the programme figures from arrays (see model.h). */
#include "insight/model.h"

#include <assert.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/time.h"

static const char *const kind_keys[INSIGHT_EVENT_COUNT] = {
    "started", "pretrack_completed", "entered_bbl", "diploma", "employed", "dropped_out", "left_sector",
};

static const char *const reason_keys[INSIGHT_REASON_COUNT] = {
    "health", "finances", "workload", "childcare", "other_job", "study", "not_suitable", "personal", "moved",
    "unknown",
};

const char *insight_event_kind_key(insight_event_kind k)
{
    return (unsigned)k < INSIGHT_EVENT_COUNT ? kind_keys[k] : "?";
}

int insight_event_kind_parse(const char *s)
{
    for (int i = 0; s && i < INSIGHT_EVENT_COUNT; i++)
        if (strcmp(s, kind_keys[i]) == 0) return i;
    return -1;
}

const char *insight_reason_key(insight_reason r)
{
    return (unsigned)r < INSIGHT_REASON_COUNT ? reason_keys[r] : "?";
}

int insight_reason_parse(const char *s)
{
    for (int i = 0; s && i < INSIGHT_REASON_COUNT; i++)
        if (strcmp(s, reason_keys[i]) == 0) return i;
    return -1;
}

int32_t insight_day_parse(const char *s)
{
    int y, m, d;
    if (time_parse_date(s, &y, &m, &d) != 0) return INT32_MIN;
    return (int32_t)time_days_from_civil(y, m, d);
}

/* Howard Hinnant's civil_from_days. */
static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

int32_t insight_day_add_months(int32_t day, int months)
{
    int y, m, d;
    civil_from_days(day, &y, &m, &d);
    int total = y * 12 + (m - 1) + months;
    int ny = total / 12, nm = total % 12 + 1;
    int last = time_days_in_month(ny, nm);
    return (int32_t)time_days_from_civil(ny, nm, d > last ? last : d);
}

void insight_day_format(int32_t day, char out[static 11])
{
    int y, m, d;
    civil_from_days(day, &y, &m, &d);
    if (y < 0 || y > 9999) y = 0;
    out[0] = (char)('0' + y / 1000);
    out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10);
    out[3] = (char)('0' + y % 10);
    out[4] = '-';
    out[5] = (char)('0' + m / 10);
    out[6] = (char)('0' + m % 10);
    out[7] = '-';
    out[8] = (char)('0' + d / 10);
    out[9] = (char)('0' + d % 10);
    out[10] = '\0';
}

#define NONE INT32_MAX

/* Per member: the first day of each kind and the first dropout's phase and reason. */
typedef struct member_state {
    int32_t first[INSIGHT_EVENT_COUNT];
    int32_t drop_event;   /* index of the first dropped_out event, or -1 */
} member_state;

static int64_t per_head(int64_t cents, int64_t n)
{
    if (n <= 0) return -1;
    return (cents + n / 2) / n;
}

static int count_desc(const void *x, const void *y)
{
    const insight_count *a = x, *b = y;
    if (a->n != b->n) return a->n > b->n ? -1 : 1;
    return strcmp(a->key, b->key);
}

int insight_compute(const insight_input *in, insight_ci_type ci, arena *a, insight_figures *out)
{
    assert(in && out);
    int n = in->nmembers;
    if (n < 0 || in->nevents < 0 || in->nphases < 0 || in->nphases > INT16_MAX) return -1;
    member_state *ms = malloc((size_t)(n ? n : 1) * sizeof *ms);
    if (!ms) return -1;
    int rc = -1;
    int *d = NULL, *c = NULL;
    int64_t *phase_n = NULL;
    double *times = NULL;
    for (int i = 0; i < n; i++) {
        for (int k = 0; k < INSIGHT_EVENT_COUNT; k++) ms[i].first[k] = NONE;
        ms[i].drop_event = -1;
    }
    for (int e = 0; e < in->nevents; e++) {
        const insight_event *ev = &in->events[e];
        if (ev->member < 0 || ev->member >= n || ev->kind >= INSIGHT_EVENT_COUNT) goto done;
        if (ev->day > in->today) continue;  /* not yet happened as of today */
        member_state *m = &ms[ev->member];
        if (ev->day < m->first[ev->kind]) {
            m->first[ev->kind] = ev->day;
            if (ev->kind == INSIGHT_DROPPED_OUT) m->drop_event = e;
        }
    }

    out->members = n;
    memset(out->reached, 0, sizeof out->reached);
    out->applied = in->applied;
    out->selected = in->selected;
    out->continued = out->decided = out->pending = 0;
    out->target_pct = in->target_pct;
    out->working_6m = out->eligible_6m = out->working_12m = out->eligible_12m = 0;

    int64_t reason_n[INSIGHT_REASON_COUNT] = {0};
    int64_t no_phase = 0;
    phase_n = calloc((size_t)in->nphases + 1, sizeof *phase_n);
    if (!phase_n) goto done;

    int32_t today = in->today, min_start = today;
    for (int i = 0; i < n; i++)
        if (in->members[i].start < min_start) min_start = in->members[i].start;
    int64_t range = (int64_t)today - min_start + 1;
    if (range > 400 * 366) goto done;  /* starts centuries back: not a date this program stores */
    d = calloc((size_t)range, sizeof *d);
    c = calloc((size_t)range, sizeof *c);
    if (!d || !c) goto done;

    for (int i = 0; i < n; i++) {
        const member_state *m = &ms[i];
        int32_t start = in->members[i].start;
        for (int k = 0; k < INSIGHT_EVENT_COUNT; k++)
            if (m->first[k] != NONE) out->reached[k]++;
        int32_t stop = m->first[INSIGHT_DROPPED_OUT] < m->first[INSIGHT_LEFT_SECTOR] ? m->first[INSIGHT_DROPPED_OUT]
                                                                                     : m->first[INSIGHT_LEFT_SECTOR];
        bool entered = m->first[INSIGHT_ENTERED_BBL] != NONE;
        if (entered) out->continued++;
        if (entered || stop != NONE) out->decided++;
        else if (m->first[INSIGHT_STARTED] != NONE) out->pending++;

        if (m->drop_event >= 0) {
            const insight_event *ev = &in->events[m->drop_event];
            if (ev->phase >= 0 && ev->phase < in->nphases) phase_n[ev->phase]++;
            else no_phase++;
            reason_n[ev->reason >= 0 && ev->reason < INSIGHT_REASON_COUNT ? ev->reason : INSIGHT_REASON_UNKNOWN]++;
        }

        if (start <= today) {
            bool stopped = stop != NONE && stop <= today;
            int32_t t = (stopped ? stop : today) - start;
            if (t < 0) t = 0;  /* an event dated before the start counts on day 0 */
            if (stopped) d[t]++;
            else c[t]++;
        }
        int32_t m6 = insight_day_add_months(start, 6), m12 = insight_day_add_months(start, 12);
        if (m6 <= today) {
            out->eligible_6m++;
            if (m->first[INSIGHT_EMPLOYED] <= m6 && !(stop <= m6)) out->working_6m++;
        }
        if (m12 <= today) {
            out->eligible_12m++;
            if (m->first[INSIGHT_EMPLOYED] <= m12 && !(stop <= m12)) out->working_12m++;
        }
    }

    /* Only the days with someone on them become times. */
    int ndays = 0;
    for (int64_t t = 0; t < range; t++)
        if (d[t] + c[t]) ndays++;
    times = malloc((size_t)(ndays ? ndays : 1) * sizeof *times);
    if (!times) goto done;
    int k = 0;
    for (int64_t t = 0; t < range; t++)
        if (d[t] + c[t]) {
            times[k] = (double)t;
            d[k] = d[t];
            c[k] = c[t];
            k++;
        }
    if (insight_km_fit_grouped(times, d, c, ndays, ci, a, &out->km, &out->nkm) != 0) goto done;

    out->nphase = in->nphases + (no_phase > 0);
    out->dropout_by_phase = arena_calloc(a, (size_t)(out->nphase ? out->nphase : 1), sizeof(insight_count));
    if (!out->dropout_by_phase) goto done;
    for (int p = 0; p < in->nphases; p++) {
        out->dropout_by_phase[p].key = in->phases[p];
        out->dropout_by_phase[p].n = phase_n[p];
    }
    if (no_phase) {
        out->dropout_by_phase[in->nphases].key = "";
        out->dropout_by_phase[in->nphases].n = no_phase;
    }
    out->nreason = 0;
    out->dropout_by_reason = arena_calloc(a, INSIGHT_REASON_COUNT, sizeof(insight_count));
    if (!out->dropout_by_reason) goto done;
    for (int r = 0; r < INSIGHT_REASON_COUNT; r++)
        if (reason_n[r]) {
            out->dropout_by_reason[out->nreason].key = reason_keys[r];
            out->dropout_by_reason[out->nreason].n = reason_n[r];
            out->nreason++;
        }
    qsort(out->dropout_by_reason, (size_t)out->nreason, sizeof(insight_count), count_desc);

    out->costs_cents = in->costs_cents;
    out->cost_per_member = per_head(in->costs_cents, n);
    out->cost_per_working_6m = per_head(in->costs_cents, out->working_6m);
    out->cost_per_working_12m = per_head(in->costs_cents, out->working_12m);
    rc = 0;
done:
    free(ms);
    free(d);
    free(c);
    free(times);
    free(phase_n);
    return rc;
}
