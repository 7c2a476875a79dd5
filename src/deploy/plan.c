#include "deploy/plan.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/geo.h"
#include "base/time.h"
#include "roster/check.h"
#include "roster/model.h"
#include "roster/solution.h"
#include "roster/solve.h"

#define DAY_SECONDS 86400
#define REST_SECONDS ((int64_t)DEPLOY_REST_MINUTES * 60)
#define YOUTH_SHIFT_SECONDS ((int64_t)ROSTER_YOUTH_MAX_SHIFT * 60)
#define YOUTH_WEEK_SECONDS ((int64_t)ROSTER_YOUTH_MAX_WEEK * 60)
#define NO_LIMIT INT64_MAX

/* The weights of the roster the engine is given (see deploy_plan_solve). An
 * empty place costs by the shift's priority, so that one high place is worth
 * more than three normal ones and a normal one as much as three low; a person too
 * many on a shift kind, or on a kind that has no shift that day, costs the
 * most a weight may be, as does a (person, day, kind) the availability
 * windows cannot rule out. The soft wishes stay well below one place: 1 per
 * km travelled, 30 for each of organisation and location not preferred, 2
 * per hour away from the fair share. In repair mode each changed (person,
 * day) costs 50: any empty place is worth one change, a high or normal place
 * a chain of two. */
#define WEIGHT_LOW 100
#define WEIGHT_NORMAL 300
#define WEIGHT_HIGH 1000
#define WEIGHT_OVER ROSTER_MAX_WEIGHT
#define WEIGHT_FORBID ROSTER_MAX_WEIGHT
#define WEIGHT_PREFERENCE 30
#define WEIGHT_TRAVEL 1
#define WEIGHT_FAIR 2
#define WEIGHT_CHANGE 50

const char *deploy_rule_name(deploy_rule r)
{
    switch (r) {
    case DEPLOY_RULE_OK: return "ok";
    case DEPLOY_RULE_VOG: return "vog";
    case DEPLOY_RULE_IDENTITY: return "identity";
    case DEPLOY_RULE_CONTRACT: return "contract";
    case DEPLOY_RULE_SKILL: return "skill";
    case DEPLOY_RULE_AVAILABILITY: return "availability";
    case DEPLOY_RULE_EXCEPTION: return "exception";
    case DEPLOY_RULE_TRAVEL: return "travel";
    case DEPLOY_RULE_YOUTH_NIGHT: return "youth_night";
    case DEPLOY_RULE_YOUTH_SHIFT: return "youth_shift";
    case DEPLOY_RULE_SAME_DAY: return "same_day";
    case DEPLOY_RULE_REST: return "rest";
    case DEPLOY_RULE_WEEK_HOURS: return "week_hours";
    case DEPLOY_RULE_YOUTH_WEEK: return "youth_week";
    case DEPLOY_RULE_FULL: return "full";
    case DEPLOY_RULE_COUNT: break;
    }
    return "unknown";
}

void deploy_plan_options_init(deploy_plan_options *o)
{
    assert(o);
    memset(o, 0, sizeof(*o));
    o->time_limit = 5;
    o->seed = 1;
}

void deploy_plan_result_free(deploy_plan_result *r)
{
    if (!r) return;
    free(r->assigned);
    memset(r, 0, sizeof(*r));
}

/* ---- calendar ------------------------------------------------------------ */

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* The Amsterdam day (days since 1970-01-01) of the instant utc. */
static int64_t ams_day(int64_t utc)
{
    return floor_div(utc + time_ams_offset(utc), DAY_SECONDS);
}

/* 0 Monday .. 6 Sunday; 1970-01-01 was a Thursday. */
static int weekday_of(int64_t day)
{
    return (int)(((day + 3) % 7 + 7) % 7);
}

/* The civil date of a day count (the inverse of time_days_from_civil). */
static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
    z += 719468;
    int64_t era = floor_div(z, 146097);
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

/* Days this far from 1970 keep every year within int. */
#define SANE_DAY(d) ((d) > -100000000 && (d) < 100000000)

/* The day `months` calendar months before day, at the same day of the month
 * or the month's last day when it is shorter (31 May less 3 months is 28 or
 * 29 February). */
static int64_t months_before(int64_t day, int months)
{
    if (!SANE_DAY(day)) return day;
    int64_t y;
    int m, d;
    civil_from_days(day, &y, &m, &d);
    m -= months;
    while (m < 1) {
        m += 12;
        y--;
    }
    int last = time_days_in_month((int)y, m);
    return time_days_from_civil((int)y, m, d < last ? d : last);
}

/* The day the person born on birth_day turns 18; born on 29 February, on
 * 1 March in a year without it. */
static int64_t adult_day(int64_t birth_day)
{
    if (!SANE_DAY(birth_day)) return birth_day;
    int64_t y;
    int m, d;
    civil_from_days(birth_day, &y, &m, &d);
    y += 18;
    if (m == 2 && d == 29 && time_days_in_month((int)y, 2) == 28) {
        m = 3;
        d = 1;
    }
    return time_days_from_civil((int)y, m, d);
}

static bool minor_on(const deploy_person *p, int64_t day)
{
    return p->birth_day != DEPLOY_NO_DAY && day < adult_day(p->birth_day);
}

/* Where a shift lies in Amsterdam local time. */
typedef struct when {
    int64_t day;      /* Amsterdam day of the start */
    int64_t sod;      /* local second of that day at which it starts */
    int64_t wall_end; /* local wall-clock end, seconds after that day's midnight */
    int weekday;      /* of day, 0 Monday */
} when;

static void when_of(const deploy_shift *s, when *w)
{
    int64_t start = s->starts_at + time_ams_offset(s->starts_at);
    w->day = floor_div(start, DAY_SECONDS);
    w->sod = start - w->day * DAY_SECONDS;
    w->wall_end = s->ends_at + time_ams_offset(s->ends_at) - w->day * DAY_SECONDS;
    w->weekday = weekday_of(w->day);
}

/* Any wall-clock minute between 23:00 and 06:00 ([23:00, 06:00) of any of
 * the days the shift touches). */
static bool is_night(const when *w)
{
    for (int64_t k = 0; k <= 2; k++) {
        int64_t from = k * DAY_SECONDS - 3600, to = k * DAY_SECONDS + 6 * 3600;
        if (w->sod < to && from < w->wall_end) return true;
    }
    return false;
}

/* ---- the rules of one person on one shift ---------------------------------- */

static bool has_id(const int64_t *ids, int n, int64_t id)
{
    for (int i = 0; i < n; i++)
        if (ids[i] == id) return true;
    return false;
}

/* Inside one window of the start's weekday, or of the weekday before when
 * that window passes midnight (Friday 22:00-30:00 holds a shift on Saturday
 * 01:00-05:00). Wall-clock times: on the night the clocks go back a shift
 * 22:00-07:00 lasts ten hours and fits a window 22:00-31:00. */
static bool inside_week(const deploy_person *p, const when *w)
{
    int before = (w->weekday + 6) % 7;
    for (int i = 0; i < p->nweek; i++) {
        const deploy_window *x = &p->week[i];
        int64_t from = (int64_t)x->from_min * 60, to = (int64_t)x->to_min * 60;
        if (x->weekday == w->weekday && from <= w->sod && w->wall_end <= to) return true;
        if (x->weekday == before && from <= w->sod + DAY_SECONDS && w->wall_end + DAY_SECONDS <= to)
            return true;
    }
    return false;
}

/* The VOG counts from the first deployed day: p->first_day when it is
 * known, else the shift's own day. The latter is the conservative reading
 * for someone not deployed before: every shift then needs a VOG issued at
 * most 3 months before it, although only the first one would. */
static bool vog_valid(const deploy_person *p, int64_t day)
{
    if (p->vog_day == DEPLOY_NO_DAY || p->vog_day > day) return false;
    int64_t first = p->first_day != DEPLOY_NO_DAY ? p->first_day : day;
    return p->vog_day >= months_before(first, DEPLOY_VOG_MONTHS);
}

static deploy_rule eligible_at(const deploy_person *p, const deploy_shift *s, const when *w)
{
    int64_t d = w->day;
    if (!vog_valid(p, d)) return DEPLOY_RULE_VOG;
    if (p->identity_until == DEPLOY_NO_DAY || p->identity_until < d) return DEPLOY_RULE_IDENTITY;
    if (p->contract_from == DEPLOY_NO_DAY || p->contract_from > d || p->contract_until < d)
        return DEPLOY_RULE_CONTRACT;
    for (int i = 0; i < s->nskills; i++)
        if (!has_id(p->skills, p->nskills, s->skills[i])) return DEPLOY_RULE_SKILL;
    if (!inside_week(p, w)) return DEPLOY_RULE_AVAILABILITY;
    for (int i = 0; i < p->nexceptions; i++)
        if (p->exceptions[i].from_day <= d && d <= p->exceptions[i].to_day) return DEPLOY_RULE_EXCEPTION;
    if (has_id(p->refused, p->nrefused, s->id)) return DEPLOY_RULE_EXCEPTION;
    if (p->travel_km >= 0 && p->located && s->located &&
        geo_km(p->lat, p->lon, s->lat, s->lon) > (double)p->travel_km)
        return DEPLOY_RULE_TRAVEL;
    if (minor_on(p, d)) {
        if (is_night(w)) return DEPLOY_RULE_YOUTH_NIGHT;
        if (s->ends_at - s->starts_at > YOUTH_SHIFT_SECONDS) return DEPLOY_RULE_YOUTH_SHIFT;
    }
    return DEPLOY_RULE_OK;
}

deploy_rule deploy_eligible(const deploy_person *p, const deploy_shift *s)
{
    assert(p && s);
    when w;
    when_of(s, &w);
    return eligible_at(p, s, &w);
}

/* ---- the rules between shifts ---------------------------------------------- */

/* A shift the person works: one of the roster's (shift >= 0) or a busy one. */
typedef struct item {
    int64_t start, end;
    int64_t day;     /* Amsterdam day of the start */
    int64_t monday;  /* first day of its calendar week */
    int person;
    int shift;       /* index, or -1 for a busy shift */
} item;

static item item_make(int64_t start, int64_t end, int person, int shift)
{
    item it = {start, end, ams_day(start), 0, person, shift};
    it.monday = it.day - weekday_of(it.day);
    return it;
}

static int item_cmp(const void *a, const void *b)
{
    const item *x = a, *y = b;
    if (x->person != y->person) return x->person < y->person ? -1 : 1;
    if (x->start != y->start) return x->start < y->start ? -1 : 1;
    if (x->shift != y->shift) return x->shift < y->shift ? -1 : 1;
    return 0;
}

typedef struct sink {
    deploy_violation *out;
    int max;
    int count;
} sink;

static void report(sink *k, deploy_rule rule, int person, int shift, int other)
{
    if (k->count < k->max) k->out[k->count] = (deploy_violation){rule, person, shift, other};
    k->count++;
}

/* The pair rules of one person's items (sorted by start): a second item on
 * the same day, or one starting less than 11 hours after another ends (or
 * before it ends). Two busy shifts are not this roster's business. */
static void check_pairs(const item *it, int n, sink *k)
{
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++) {
            bool same = it[j].day == it[i].day;
            if (!same && it[j].start >= it[i].end + REST_SECONDS) break;
            if (it[i].shift < 0 && it[j].shift < 0) continue;
            deploy_rule r = same ? DEPLOY_RULE_SAME_DAY : DEPLOY_RULE_REST;
            if (it[j].shift < 0)
                report(k, r, it[i].person, it[i].shift, -1);
            else
                report(k, r, it[j].person, it[j].shift, it[i].shift);
        }
}

/* The week rules of one person's items (sorted by start, so by week): real
 * elapsed time counts, busy shifts included; a week breaks a rule only when
 * it holds one of the roster's shifts, which is named (the week's last). */
static void check_weeks(const deploy_person *p, const item *it, int n, sink *k)
{
    for (int i = 0; i < n;) {
        int j = i;
        int64_t total = 0;
        int last = -1;
        for (; j < n && it[j].monday == it[i].monday; j++) {
            total += it[j].end - it[j].start;
            if (it[j].shift >= 0) last = j;
        }
        if (last >= 0) {
            if (p->max_week_minutes >= 0 && total > (int64_t)p->max_week_minutes * 60)
                report(k, DEPLOY_RULE_WEEK_HOURS, it[last].person, it[last].shift, -1);
            if (minor_on(p, it[i].monday) && total > YOUTH_WEEK_SECONDS)
                report(k, DEPLOY_RULE_YOUTH_WEEK, it[last].person, it[last].shift, -1);
        }
        i = j;
    }
}

static bool valid_roster(const deploy_problem *pb, const deploy_assignment *a, int n)
{
    if (!pb || n < 0 || (n > 0 && !a) || pb->nshifts < 0 || pb->npeople < 0) return false;
    if ((pb->nshifts > 0 && !pb->shifts) || (pb->npeople > 0 && !pb->people)) return false;
    for (int i = 0; i < n; i++)
        if (a[i].shift < 0 || a[i].shift >= pb->nshifts || a[i].person < 0 || a[i].person >= pb->npeople)
            return false;
    return true;
}

int deploy_plan_check(const deploy_problem *pb, const deploy_assignment *a, int n, deploy_violation *out, int max)
{
    if (!valid_roster(pb, a, n) || max < 0 || (max > 0 && !out)) return -1;
    sink k = {out, max, 0};
    for (int i = 0; i < n; i++) {
        deploy_rule r = deploy_eligible(&pb->people[a[i].person], &pb->shifts[a[i].shift]);
        if (r != DEPLOY_RULE_OK) report(&k, r, a[i].person, a[i].shift, -1);
    }
    /* the roster's items sorted by person and start; each person's busy
     * shifts merged in */
    int maxbusy = 0;
    for (int p = 0; p < pb->npeople; p++)
        if (pb->people[p].nbusy > maxbusy) maxbusy = pb->people[p].nbusy;
    item *all = malloc(((size_t)n + 1) * sizeof(item));
    item *mine = malloc(((size_t)n + (size_t)maxbusy + 1) * sizeof(item));
    int *taken = calloc((size_t)pb->nshifts + 1, sizeof(int));
    if (!all || !mine || !taken) {
        free(all);
        free(mine);
        free(taken);
        return -1;
    }
    for (int i = 0; i < n; i++) {
        const deploy_shift *s = &pb->shifts[a[i].shift];
        all[i] = item_make(s->starts_at, s->ends_at, a[i].person, a[i].shift);
    }
    qsort(all, (size_t)n, sizeof(item), item_cmp);
    for (int i = 0, p = 0; p < pb->npeople; p++) {
        const deploy_person *x = &pb->people[p];
        int m = 0;
        for (; i < n && all[i].person == p; i++) mine[m++] = all[i];
        if (m == 0) continue;
        for (int b = 0; b < x->nbusy; b++) mine[m++] = item_make(x->busy[b].starts_at, x->busy[b].ends_at, p, -1);
        qsort(mine, (size_t)m, sizeof(item), item_cmp);
        check_pairs(mine, m, &k);
        check_weeks(x, mine, m, &k);
    }
    for (int i = 0; i < n; i++)
        if (++taken[a[i].shift] > pb->shifts[a[i].shift].headcount)
            report(&k, DEPLOY_RULE_FULL, a[i].person, a[i].shift, -1);
    free(all);
    free(mine);
    free(taken);
    return k.count;
}

/* The first rule among same day, rest, week hours, youth week that adding
 * person p to shift s breaks against the roster a and p's busy shifts. */
static deploy_rule fits_roster(const deploy_problem *pb, const deploy_assignment *a, int n, int p, int s)
{
    const deploy_person *x = &pb->people[p];
    const deploy_shift *sh = &pb->shifts[s];
    item c = item_make(sh->starts_at, sh->ends_at, p, s);
    bool same = false, rest = false;
    int64_t week = c.end - c.start;
    for (int i = 0; i < n + x->nbusy; i++) {
        item o;
        if (i < n) {
            if (a[i].person != p) continue;
            const deploy_shift *t = &pb->shifts[a[i].shift];
            o = item_make(t->starts_at, t->ends_at, p, a[i].shift);
        } else {
            o = item_make(x->busy[i - n].starts_at, x->busy[i - n].ends_at, p, -1);
        }
        if (o.day == c.day) same = true;
        else if (o.start <= c.start ? c.start < o.end + REST_SECONDS : o.start < c.end + REST_SECONDS)
            rest = true;
        if (o.monday == c.monday) week += o.end - o.start;
    }
    if (same) return DEPLOY_RULE_SAME_DAY;
    if (rest) return DEPLOY_RULE_REST;
    if (x->max_week_minutes >= 0 && week > (int64_t)x->max_week_minutes * 60) return DEPLOY_RULE_WEEK_HOURS;
    if (minor_on(x, c.monday) && week > YOUTH_WEEK_SECONDS) return DEPLOY_RULE_YOUTH_WEEK;
    return DEPLOY_RULE_OK;
}

deploy_rule deploy_plan_explain(const deploy_problem *pb, const deploy_assignment *a, int n, int s,
                                int counts[DEPLOY_RULE_COUNT])
{
    assert(counts);
    memset(counts, 0, sizeof(int) * DEPLOY_RULE_COUNT);
    if (!valid_roster(pb, a, n) || s < 0 || s >= pb->nshifts) return DEPLOY_RULE_OK;
    const deploy_shift *sh = &pb->shifts[s];
    int taken = 0;
    for (int i = 0; i < n; i++) taken += a[i].shift == s;
    for (int p = 0; p < pb->npeople; p++) {
        bool on = false;
        for (int i = 0; i < n && !on; i++) on = a[i].shift == s && a[i].person == p;
        if (on) continue;
        deploy_rule r = deploy_eligible(&pb->people[p], sh);
        if (r == DEPLOY_RULE_OK) r = fits_roster(pb, a, n, p, s);
        if (r == DEPLOY_RULE_OK && taken >= sh->headcount) r = DEPLOY_RULE_FULL;
        counts[r]++;
    }
    deploy_rule best = DEPLOY_RULE_OK;
    for (int r = 1; r < DEPLOY_RULE_COUNT; r++)
        if (counts[r] > 0 && (best == DEPLOY_RULE_OK || counts[r] > counts[best])) best = (deploy_rule)r;
    return best;
}

/* ---- planning on the roster engine --------------------------------------------- */

/* The person's week limit in seconds for the week starting on monday: their
 * own maximum, and 40 hours when under 18 on its Monday (the youth week
 * rule above); NO_LIMIT when neither. */
static int64_t week_limit(const deploy_person *p, int64_t monday)
{
    int64_t limit = p->max_week_minutes >= 0 ? (int64_t)p->max_week_minutes * 60 : NO_LIMIT;
    if (minor_on(p, monday) && YOUTH_WEEK_SECONDS < limit) limit = YOUTH_WEEK_SECONDS;
    return limit;
}

/* A kind of shift: what the engine's shift type stands for. Shifts of one
 * kind start at the same local time, last as long, are at the same location
 * of the same organisation, need the same skills and have the same
 * priority, so that on any day everyone may work either of two shifts of a
 * kind or neither (but for a shift they refused, and busy shifts are the
 * same for both). */
typedef struct kind {
    int64_t sod, len;         /* local start (second of the day) and length, seconds */
    int64_t location_id, org_id;
    int priority;
    int first;                /* its first shift: its skills, place and night stand for the kind */
    int start, minutes;       /* in the engine: whole minutes that hold the shift */
    int night;                /* 1 when any of its shifts is a night shift */
    int loc;                  /* the engine's location */
} kind;

typedef struct planner {
    const deploy_problem *pb;
    char *err;
    size_t errlen;
    when *at;                 /* [nshifts] */
    int64_t *skills;          /* the shifts' skill sets, sorted, without repeats, one after another */
    int *skill_from;          /* [nshifts + 1]: shift s's are skills[skill_from[s] .. skill_from[s + 1]) */
    int *kind_of;             /* [nshifts] */
    kind *kinds;
    int nkinds, cap_kinds;
    int64_t first_day, last_day;
    int ndays;
    int *occ_of;              /* [ndays * nkinds]: the occurrence of kind k on day d, or -1 */
    int nocc;
    int *occ_day, *occ_kind;  /* [nocc] */
    int *occ_from;            /* [nocc + 1]: its shifts are occ_shift[occ_from[i] .. occ_from[i + 1]) */
    int *occ_shift;           /* [nshifts], by index within an occurrence */
    uint8_t *able;            /* [npeople * nshifts]: eligible and clear of the person's busy shifts */
    uint8_t *allowed;         /* [npeople * nocc]: able for some shift of the occurrence */
    roster_instance *ins;
} planner;

static int fail(planner *pl, int rc, const char *msg)
{
    snprintf(pl->err, pl->errlen, "%s", msg);
    return rc;
}

static int int64_cmp(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

static int under_weight(int priority)
{
    return priority >= 2 ? WEIGHT_HIGH : priority == 1 ? WEIGHT_NORMAL : WEIGHT_LOW;
}

static bool valid_problem(const deploy_problem *pb, const deploy_plan_options *o, char *err, size_t errlen)
{
    if (pb->nshifts < 0 || pb->npeople < 0 || (pb->nshifts > 0 && !pb->shifts) || (pb->npeople > 0 && !pb->people)) {
        snprintf(err, errlen, "the problem's arrays do not match their counts");
        return false;
    }
    for (int i = 0; i < pb->nshifts; i++) {
        const deploy_shift *s = &pb->shifts[i];
        const char *why = NULL;
        if (s->ends_at <= s->starts_at) why = "ends before it starts";
        else if (s->ends_at - s->starts_at > DAY_SECONDS) why = "lasts more than 24 hours";
        else if (s->headcount < 1 || s->headcount > ROSTER_MAX_WEIGHT) why = "has no places";
        else if (s->priority < 0 || s->priority > 2) why = "has a priority other than 0, 1 or 2";
        else if (s->nskills < 0 || (s->nskills > 0 && !s->skills)) why = "has a bad list of skills";
        if (why) {
            snprintf(err, errlen, "shift %lld %s", (long long)s->id, why);
            return false;
        }
    }
    for (int i = 0; i < pb->npeople; i++) {
        const deploy_person *p = &pb->people[i];
        if (p->nskills < 0 || p->npref_orgs < 0 || p->npref_locations < 0 || p->nweek < 0 || p->nexceptions < 0 ||
            p->nbusy < 0 || p->nrefused < 0 || (p->nskills && !p->skills) || (p->npref_orgs && !p->pref_orgs) ||
            (p->npref_locations && !p->pref_locations) || (p->nweek && !p->week) ||
            (p->nexceptions && !p->exceptions) || (p->nbusy && !p->busy) || (p->nrefused && !p->refused)) {
            snprintf(err, errlen, "person %lld has a list that does not match its count", (long long)p->id);
            return false;
        }
    }
    if (o->npublished < 0 || (o->npublished > 0 && !o->published)) {
        snprintf(err, errlen, "the published roster does not match its count");
        return false;
    }
    for (int i = 0; i < o->npublished; i++) {
        const deploy_assignment *a = &o->published[i];
        if (a->shift < 0 || a->shift >= pb->nshifts || a->person < 0 || a->person >= pb->npeople) {
            snprintf(err, errlen, "published assignment %d names no shift or person of the problem", i);
            return false;
        }
    }
    return true;
}

static bool same_kind(const planner *pl, int s, const kind *k)
{
    const deploy_shift *a = &pl->pb->shifts[s];
    if (pl->at[s].sod != k->sod || a->ends_at - a->starts_at != k->len || a->location_id != k->location_id ||
        a->org_id != k->org_id || a->priority != k->priority)
        return false;
    int na = pl->skill_from[s + 1] - pl->skill_from[s], nb = pl->skill_from[k->first + 1] - pl->skill_from[k->first];
    return na == nb &&
           !memcmp(pl->skills + pl->skill_from[s], pl->skills + pl->skill_from[k->first], (size_t)na * sizeof(int64_t));
}

static int occ_of_shift(const planner *pl, int s)
{
    return pl->occ_of[(size_t)(pl->at[s].day - pl->first_day) * (size_t)pl->nkinds + (size_t)pl->kind_of[s]];
}

/* The shifts' times, skill sets, kinds, the horizon and the occurrences
 * (kind, day) in it. */
static int plan_shifts(planner *pl)
{
    const deploy_problem *pb = pl->pb;
    const int S = pb->nshifts;
    size_t nsk = 0;
    for (int s = 0; s < S; s++) nsk += (size_t)pb->shifts[s].nskills;
    pl->at = malloc((size_t)S * sizeof(when));
    pl->skills = malloc((nsk + 1) * sizeof(int64_t));
    pl->skill_from = malloc(((size_t)S + 1) * sizeof(int));
    pl->kind_of = malloc((size_t)S * sizeof(int));
    if (!pl->at || !pl->skills || !pl->skill_from || !pl->kind_of) return fail(pl, ROSTER_ENOMEM, "out of memory");
    int at = 0;
    for (int s = 0; s < S; s++) {
        const deploy_shift *x = &pb->shifts[s];
        when_of(x, &pl->at[s]);
        pl->skill_from[s] = at;
        if (x->nskills > 0) memcpy(pl->skills + at, x->skills, (size_t)x->nskills * sizeof(int64_t));
        qsort(pl->skills + at, (size_t)x->nskills, sizeof(int64_t), int64_cmp);
        int n = 0;
        for (int i = 0; i < x->nskills; i++)
            if (n == 0 || pl->skills[at + i] != pl->skills[at + n - 1]) pl->skills[at + n++] = pl->skills[at + i];
        at += n;
    }
    pl->skill_from[S] = at;
    pl->first_day = pl->last_day = pl->at[0].day;
    for (int s = 0; s < S; s++) {
        if (pl->at[s].day < pl->first_day) pl->first_day = pl->at[s].day;
        if (pl->at[s].day > pl->last_day) pl->last_day = pl->at[s].day;
        int k = 0;
        while (k < pl->nkinds && !same_kind(pl, s, &pl->kinds[k])) k++;
        if (k == pl->nkinds) {
            if (pl->nkinds == pl->cap_kinds) {
                int cap = pl->cap_kinds ? 2 * pl->cap_kinds : 16;
                kind *grown = realloc(pl->kinds, (size_t)cap * sizeof(kind));
                if (!grown) return fail(pl, ROSTER_ENOMEM, "out of memory");
                pl->kinds = grown;
                pl->cap_kinds = cap;
            }
            const deploy_shift *x = &pb->shifts[s];
            kind *nk = &pl->kinds[pl->nkinds++];
            memset(nk, 0, sizeof(*nk));
            nk->sod = pl->at[s].sod;
            nk->len = x->ends_at - x->starts_at;
            nk->location_id = x->location_id;
            nk->org_id = x->org_id;
            nk->priority = x->priority;
            nk->first = s;
            nk->start = (int)(nk->sod / 60);
            nk->minutes = (int)((nk->sod % 60 + nk->len + 59) / 60);
        }
        pl->kind_of[s] = k;
        if (is_night(&pl->at[s])) pl->kinds[k].night = 1;
    }
    if (pl->nkinds > ROSTER_MAX_SHIFTS) {
        snprintf(pl->err, pl->errlen,
                 "the shifts come in %d kinds (start time, length, location, organisation, skills, priority); "
                 "the roster engine plans at most %d at once: plan a shorter period or fewer organisations",
                 pl->nkinds, ROSTER_MAX_SHIFTS);
        return ROSTER_ELIMIT;
    }
    if (pl->last_day - pl->first_day + 1 > ROSTER_MAX_DAYS) {
        snprintf(pl->err, pl->errlen, "the shifts span %lld days; the roster engine plans at most %d",
                 (long long)(pl->last_day - pl->first_day + 1), ROSTER_MAX_DAYS);
        return ROSTER_ELIMIT;
    }
    pl->ndays = (int)(pl->last_day - pl->first_day + 1);
    const size_t cells = (size_t)pl->ndays * (size_t)pl->nkinds;
    pl->occ_of = malloc(cells * sizeof(int));
    pl->occ_day = malloc((size_t)S * sizeof(int));
    pl->occ_kind = malloc((size_t)S * sizeof(int));
    pl->occ_from = calloc((size_t)S + 2, sizeof(int));
    pl->occ_shift = malloc((size_t)S * sizeof(int));
    if (!pl->occ_of || !pl->occ_day || !pl->occ_kind || !pl->occ_from || !pl->occ_shift)
        return fail(pl, ROSTER_ENOMEM, "out of memory");
    /* occurrences numbered by day, then kind: the cells with a shift are
     * marked (-2), then numbered in order */
    for (size_t i = 0; i < cells; i++) pl->occ_of[i] = -1;
    for (int s = 0; s < S; s++)
        pl->occ_of[(size_t)(pl->at[s].day - pl->first_day) * (size_t)pl->nkinds + (size_t)pl->kind_of[s]] = -2;
    for (size_t c = 0; c < cells; c++)
        if (pl->occ_of[c] == -2) {
            pl->occ_day[pl->nocc] = (int)(c / (size_t)pl->nkinds);
            pl->occ_kind[pl->nocc] = (int)(c % (size_t)pl->nkinds);
            pl->occ_of[c] = pl->nocc++;
        }
    for (int s = 0; s < S; s++) pl->occ_from[occ_of_shift(pl, s) + 1]++;
    for (int i = 0; i < pl->nocc; i++) pl->occ_from[i + 1] += pl->occ_from[i];
    int *fill = malloc(((size_t)pl->nocc + 1) * sizeof(int));
    if (!fill) return fail(pl, ROSTER_ENOMEM, "out of memory");
    memcpy(fill, pl->occ_from, (size_t)pl->nocc * sizeof(int));
    for (int s = 0; s < S; s++) pl->occ_shift[fill[occ_of_shift(pl, s)]++] = s;
    free(fill);
    return 0;
}

/* Whether shift s keeps the same-day and rest rules against the person's
 * busy shifts, and the week rules with them (the shift alone in its week
 * but for them); as deploy_plan_check counts them. */
static bool clear_of_busy(const deploy_person *p, const deploy_shift *s, const when *w)
{
    int64_t monday = w->day - w->weekday, week = s->ends_at - s->starts_at;
    for (int b = 0; b < p->nbusy; b++) {
        const deploy_busy *x = &p->busy[b];
        int64_t day = ams_day(x->starts_at);
        if (day == w->day) return false;
        if (x->starts_at <= s->starts_at ? s->starts_at < x->ends_at + REST_SECONDS
                                         : x->starts_at < s->ends_at + REST_SECONDS)
            return false;
        if (day - weekday_of(day) == monday) week += x->ends_at - x->starts_at;
    }
    return week <= week_limit(p, monday);
}

/* Who may work which shift, and which occurrence. */
static int plan_people(planner *pl)
{
    const deploy_problem *pb = pl->pb;
    const int P = pb->npeople, S = pb->nshifts;
    pl->able = calloc((size_t)P * (size_t)S, 1);
    pl->allowed = calloc((size_t)P * (size_t)pl->nocc, 1);
    if (!pl->able || !pl->allowed) return fail(pl, ROSTER_ENOMEM, "out of memory");
    for (int p = 0; p < P; p++)
        for (int s = 0; s < S; s++) {
            const deploy_person *x = &pb->people[p];
            if (eligible_at(x, &pb->shifts[s], &pl->at[s]) != DEPLOY_RULE_OK ||
                !clear_of_busy(x, &pb->shifts[s], &pl->at[s]))
                continue;
            pl->able[(size_t)p * S + s] = 1;
            pl->allowed[(size_t)p * pl->nocc + occ_of_shift(pl, s)] = 1;
        }
    return 0;
}

static int engine_fail(planner *pl, int rc, const char *what)
{
    if (rc == ROSTER_ENOMEM) return fail(pl, rc, "out of memory");
    snprintf(pl->err, pl->errlen, "the roster engine refused %s (code %d)", what, rc);
    return rc;
}

/* Sorts kinds (by the engine's start, then end) in place; a handful. */
static void sort_by_start(const planner *pl, int *ks, int n)
{
    for (int i = 1; i < n; i++) {
        int v = ks[i], j = i;
        const kind *kv = &pl->kinds[v];
        while (j > 0) {
            const kind *kp = &pl->kinds[ks[j - 1]];
            if (kp->start < kv->start ||
                (kp->start == kv->start && kp->start + kp->minutes <= kv->start + kv->minutes))
                break;
            ks[j] = ks[j - 1];
            j--;
        }
        ks[j] = v;
    }
}

/* Whether a kind of xs (n) lies within [from, to] (engine minutes). */
static bool holds_any(const planner *pl, const int *xs, int n, int from, int to)
{
    for (int i = 0; i < n; i++) {
        if (xs[i] < 0) continue;
        const kind *k = &pl->kinds[xs[i]];
        if (k->start >= from && k->start + k->minutes <= to) return true;
    }
    return false;
}

/* Person p's day d: the kinds they may work that day (as) and those with
 * shifts that day they may not (xs, of kinds they may work on other days).
 * A kind of xs that lies within a kind of as is forbidden by an off-request
 * of prohibitive weight; the rest by windows that hold kinds of as and no
 * kind of xs (greedy from the earliest start). */
static int day_windows(planner *pl, int p, int d, int *as, int na, int *xs, int nx)
{
    for (int i = 0; i < nx; i++)
        for (int j = 0; j < na; j++) {
            const kind *x = &pl->kinds[xs[i]], *a = &pl->kinds[as[j]];
            if (x->start >= a->start && x->start + x->minutes <= a->start + a->minutes) {
                int rc = roster_request_add(pl->ins, p, d, xs[i], WEIGHT_FORBID, 0);
                if (rc) return engine_fail(pl, rc, "an off-request");
                xs[i] = -1;
                break;
            }
        }
    sort_by_start(pl, as, na);
    int from = pl->kinds[as[0]].start, to = from + pl->kinds[as[0]].minutes;
    for (int j = 1; j <= na; j++) {
        if (j < na) {
            const kind *a = &pl->kinds[as[j]];
            int wider = a->start + a->minutes > to ? a->start + a->minutes : to;
            if (!holds_any(pl, xs, nx, from, wider)) {
                to = wider;
                continue;
            }
        }
        int rc = roster_window_add(pl->ins, p, d, from, to);
        if (rc) return engine_fail(pl, rc, "an availability window");
        if (j < na) {
            from = pl->kinds[as[j]].start;
            to = from + pl->kinds[as[j]].minutes;
        }
    }
    return 0;
}

/* The engine's employee p: what they may work (kinds never, days off,
 * windows), week limit, youth, travel, fair share and preferences. */
static int plan_employee(planner *pl, int p, int64_t share)
{
    const deploy_person *x = &pl->pb->people[p];
    roster_instance *ins = pl->ins;
    roster_employee *em = &ins->employees[p];
    const int K = pl->nkinds, D = pl->ndays;
    const uint8_t *al = pl->allowed + (size_t)p * (size_t)pl->nocc;
    int *ever = calloc((size_t)K, sizeof(int));
    int *as = malloc((size_t)K * sizeof(int)), *xs = malloc((size_t)K * sizeof(int));
    int64_t *busy = NULL;
    uint8_t *closed = NULL;
    int rc = 0;
    if (!ever || !as || !xs) {
        rc = fail(pl, ROSTER_ENOMEM, "out of memory");
        goto out;
    }
    /* the week limits (their own, 40 hours under 18, less the hours of
     * busy shifts). The engine has one limit for every week: a week in
     * which even the longest shift of each day they may work stays within
     * its limit needs none, a week in which not even the shortest fits is
     * closed (days off), and the engine's limit is the tightest of the
     * other weeks (conservative for the looser ones). */
    int64_t monday0 = pl->first_day - weekday_of(pl->first_day);
    int nweeks = (int)((pl->last_day - monday0) / 7 + 1);
    busy = calloc((size_t)nweeks, sizeof(int64_t));
    closed = calloc((size_t)D, 1);
    if (!busy || !closed) {
        rc = fail(pl, ROSTER_ENOMEM, "out of memory");
        goto out;
    }
    for (int b = 0; b < x->nbusy; b++) {
        int64_t day = ams_day(x->busy[b].starts_at);
        int64_t w = floor_div(day - monday0, 7);
        if (w >= 0 && w < nweeks) busy[w] += x->busy[b].ends_at - x->busy[b].starts_at;
    }
    int64_t cap = NO_LIMIT;
    for (int w = 0; w < nweeks; w++) {
        int64_t limit = week_limit(x, monday0 + 7 * w);
        if (limit == NO_LIMIT) continue;
        limit -= busy[w];
        int64_t most = 0, least = NO_LIMIT;
        int d0 = (int)(monday0 + 7 * w - pl->first_day);
        for (int d = d0 < 0 ? 0 : d0; d < d0 + 7 && d < D; d++) {
            int64_t longest = 0;
            for (int k = 0; k < K; k++) {
                int occ = pl->occ_of[(size_t)d * K + k];
                if (occ < 0 || !al[occ]) continue;
                if (pl->kinds[k].len > longest) longest = pl->kinds[k].len;
                if (pl->kinds[k].len < least) least = pl->kinds[k].len;
            }
            most += longest;
        }
        if (most <= limit) continue;
        if (least > limit) {
            for (int d = d0 < 0 ? 0 : d0; d < d0 + 7 && d < D; d++) closed[d] = 1;
            continue;
        }
        if (limit < cap) cap = limit;
    }
    if (cap != NO_LIMIT) em->max_week_minutes = (int)(cap / 60);
    /* kinds the person may never work: the engine's hard limit of 0 */
    for (int i = 0; i < pl->nocc; i++)
        if (al[i] && !closed[pl->occ_day[i]]) ever[pl->occ_kind[i]] = 1;
    bool active = false;
    for (int k = 0; k < K; k++) {
        if (!ever[k]) em->max_shifts[k] = 0;
        active |= ever[k] != 0;
    }
    /* days off, or the windows of every working day when some day allows
     * only some of its kinds */
    bool windows = false;
    for (int d = 0; d < D && !windows; d++) {
        bool some = false, not_all = false;
        for (int k = 0; k < K && !closed[d]; k++) {
            int occ = pl->occ_of[(size_t)d * K + k];
            if (occ < 0 || !ever[k]) continue;
            if (al[occ]) some = true;
            else not_all = true;
        }
        windows = some && not_all;
    }
    for (int d = 0; d < D; d++) {
        int na = 0, nx = 0;
        for (int k = 0; k < K && !closed[d]; k++) {
            int occ = pl->occ_of[(size_t)d * K + k];
            if (occ < 0 || !ever[k]) continue;
            if (al[occ]) as[na++] = k;
            else xs[nx++] = k;
        }
        if (na == 0) rc = roster_day_off_add(ins, p, d);
        else if (windows && nx == 0) rc = roster_window_add(ins, p, d, 0, 2 * 1440);
        else if (windows && (rc = day_windows(pl, p, d, as, na, xs, nx)) != 0) goto out;
        if (rc) {
            rc = engine_fail(pl, rc, "a day off or window");
            goto out;
        }
    }
    em->youth = minor_on(x, pl->last_day);
    /* travel: km rounded up, so that the engine's limit says what
     * deploy_eligible says (km > limit exactly when ceil(km) > limit) */
    em->max_travel = x->travel_km >= 0 ? x->travel_km : ROSTER_NONE;
    for (int k = 0; k < K; k++) {
        const deploy_shift *s = &pl->pb->shifts[pl->kinds[k].first];
        if (!x->located || !s->located) continue;
        double km = ceil(geo_km(x->lat, x->lon, s->lat, s->lon));
        em->travel[pl->kinds[k].loc] = km < ROSTER_MAX_WEIGHT ? (int)km : ROSTER_MAX_WEIGHT;
    }
    /* the fair share: an even share of the demand, within the week limit */
    if (active) {
        int64_t target = share;
        if (em->max_week_minutes != ROSTER_NONE && (int64_t)em->max_week_minutes * nweeks < target)
            target = (int64_t)em->max_week_minutes * nweeks;
        em->target_minutes = (int)(target < ROSTER_MAX_WEIGHT ? target : ROSTER_MAX_WEIGHT);
    }
    /* preferences: kinds of other organisations and locations */
    for (int k = 0; k < K && rc == 0; k++) {
        if (!ever[k]) continue;
        int w = 0;
        if (x->npref_orgs > 0 && !has_id(x->pref_orgs, x->npref_orgs, pl->kinds[k].org_id)) w += WEIGHT_PREFERENCE;
        if (x->npref_locations > 0 && !has_id(x->pref_locations, x->npref_locations, pl->kinds[k].location_id))
            w += WEIGHT_PREFERENCE;
        if (w > 0 && (rc = roster_request_add(ins, p, ROSTER_NONE, k, w, 0)) != 0)
            rc = engine_fail(pl, rc, "a preference");
    }
out:
    free(ever);
    free(as);
    free(xs);
    free(busy);
    free(closed);
    return rc;
}

static int occ_places(const planner *pl, int occ)
{
    int64_t n = 0;
    for (int i = pl->occ_from[occ]; i < pl->occ_from[occ + 1]; i++) n += pl->pb->shifts[pl->occ_shift[i]].headcount;
    return (int)(n < ROSTER_MAX_WEIGHT ? n : ROSTER_MAX_WEIGHT);
}

/* The roster_instance: a day per Amsterdam day of the horizon, a shift type
 * per kind, an employee per person, a cover line per day and kind. */
static int build_instance(planner *pl)
{
    const deploy_problem *pb = pl->pb;
    const int K = pl->nkinds, D = pl->ndays, P = pb->npeople;
    char id[48];
    roster_instance *ins = pl->ins = roster_instance_create("deployment", D);
    if (!ins) return fail(pl, ROSTER_ENOMEM, "out of memory");
    ins->first_weekday = weekday_of(pl->first_day);
    /* the 11 hours are the forbidden successions below: the engine's own
     * rest rule would refuse a kind whose rest reaches two days on */
    ins->min_rest = 0;
    ins->travel_weight = WEIGHT_TRAVEL;
    ins->fair_weight = WEIGHT_FAIR;
    ins->continuity_weight = 0;
    for (int k = 0; k < K; k++) {
        snprintf(id, sizeof id, "L%lld", (long long)pl->kinds[k].location_id);
        int l = roster_location_find(ins, id);
        if (l < 0) l = roster_location_add(ins, id);
        if (l < 0) return engine_fail(pl, l, "a location");
        pl->kinds[k].loc = l;
    }
    for (int k = 0; k < K; k++) {
        snprintf(id, sizeof id, "K%d", k);
        int t = roster_shift_add(ins, id, pl->kinds[k].minutes);
        if (t < 0) return engine_fail(pl, t, "a kind of shift");
        ins->shifts[t].start = pl->kinds[k].start;
        ins->shifts[t].night = pl->kinds[k].night;
        ins->shifts[t].location = pl->kinds[k].loc;
    }
    for (int a = 0; a < K; a++)
        for (int b = 0; b < K; b++) {
            const kind *ka = &pl->kinds[a], *kb = &pl->kinds[b];
            if (1440 + kb->start - (ka->start + ka->minutes) < DEPLOY_REST_MINUTES) roster_succession_forbid(ins, a, b);
        }
    for (int p = 0; p < P; p++) {
        snprintf(id, sizeof id, "P%d", p);
        int e = roster_employee_add(ins, id);
        if (e < 0) return engine_fail(pl, e, "a person");
    }
    /* the fair share of each person who may work at all */
    int64_t demand = 0;
    int active = 0;
    for (int i = 0; i < pl->nocc; i++) demand += (int64_t)occ_places(pl, i) * pl->kinds[pl->occ_kind[i]].minutes;
    for (int p = 0; p < P; p++) {
        const uint8_t *al = pl->allowed + (size_t)p * (size_t)pl->nocc;
        int i = 0;
        while (i < pl->nocc && !al[i]) i++;
        active += i < pl->nocc;
    }
    int64_t share = active ? demand / active : 0;
    for (int p = 0; p < P; p++) {
        int rc = plan_employee(pl, p, share);
        if (rc) return rc;
    }
    for (int d = 0; d < D; d++)
        for (int k = 0; k < K; k++) {
            int occ = pl->occ_of[(size_t)d * K + k];
            int rc = roster_cover_set(ins, d, k, occ < 0 ? 0 : occ_places(pl, occ),
                                      under_weight(pl->kinds[k].priority), WEIGHT_OVER);
            if (rc) return engine_fail(pl, rc, "a cover line");
        }
    return 0;
}

static void planner_free(planner *pl)
{
    free(pl->at);
    free(pl->skills);
    free(pl->skill_from);
    free(pl->kind_of);
    free(pl->kinds);
    free(pl->occ_of);
    free(pl->occ_day);
    free(pl->occ_kind);
    free(pl->occ_from);
    free(pl->occ_shift);
    free(pl->able);
    free(pl->allowed);
    roster_instance_free(pl->ins);
}

/* The people the engine put on one occurrence, matched to its shifts
 * (places = headcount, a person only where able). */
typedef struct group {
    const planner *pl;
    const int *people;  /* [np] */
    int np;
    const int *shifts;  /* [ns], the occurrence's, by index */
    int ns;
    int *first;         /* [np]: the shift (into shifts) to try first, or -1 */
    int *to;            /* [np]: the shift (into shifts) matched, or -1 */
    int *load;          /* [ns] */
    uint8_t *seen;      /* [ns] */
} group;

static bool group_able(const group *g, int i, int t)
{
    return g->pl->able[(size_t)g->people[i] * (size_t)g->pl->pb->nshifts + (size_t)g->shifts[t]] != 0;
}

/* An augmenting path from person i (Kuhn): a free place on a shift they
 * may work, their first shift first, else one freed by moving its holder. */
static bool augment(group *g, int i)
{
    for (int k = -1; k < g->ns; k++) {
        int t = k < 0 ? g->first[i] : k;
        if (t < 0 || (k >= 0 && t == g->first[i]) || g->seen[t] || !group_able(g, i, t)) continue;
        g->seen[t] = 1;
        if (g->load[t] < g->pl->pb->shifts[g->shifts[t]].headcount) {
            g->load[t]++;
            g->to[i] = t;
            return true;
        }
        for (int j = 0; j < g->np; j++)
            if (j != i && g->to[j] == t && augment(g, j)) {
                g->to[i] = t;
                return true;
            }
    }
    return false;
}

/* The engine's roster back on shifts: on each day, the people it put on a
 * kind go to that day's shifts of the kind in index order, each to the
 * shift they were published on when they may (a maximum matching that
 * moves a published person only when someone else could not be placed
 * otherwise). Someone left over (the engine over-filled, or put a person
 * on a kind without a shift that day) is dropped. */
static int map_back(const planner *pl, const roster_solution *sol, const deploy_plan_options *o,
                    deploy_assignment **asg, int *nasg)
{
    const deploy_problem *pb = pl->pb;
    const int P = pb->npeople, D = pl->ndays, K = pl->nkinds, N = pl->nocc;
    int rc = ROSTER_ENOMEM;
    int *from = calloc((size_t)N + 2, sizeof(int));
    int *pub_from = calloc((size_t)P + 2, sizeof(int));
    int *pub_shift = malloc(((size_t)o->npublished + 1) * sizeof(int));
    int *who = NULL, *fill = NULL, *first = NULL, *to = NULL, *load = NULL;
    uint8_t *seen = NULL;
    deploy_assignment *out = NULL;
    if (!from || !pub_from || !pub_shift) goto out;
    for (int e = 0; e < P; e++)
        for (int d = 0; d < D; d++) {
            int v = roster_solution_get(sol, e, d);
            int occ = v == ROSTER_NONE ? -1 : pl->occ_of[(size_t)d * K + v];
            if (occ >= 0) from[occ + 1]++;
        }
    for (int i = 0; i < N; i++) from[i + 1] += from[i];
    int total = from[N], widest = 0;
    who = malloc(((size_t)total + 1) * sizeof(int));
    fill = malloc(((size_t)(N > P ? N : P) + 1) * sizeof(int));
    out = malloc(((size_t)total + 1) * sizeof(deploy_assignment));
    if (!who || !fill || !out) goto out;
    memcpy(fill, from, (size_t)N * sizeof(int));
    for (int e = 0; e < P; e++)
        for (int d = 0; d < D; d++) {
            int v = roster_solution_get(sol, e, d);
            int occ = v == ROSTER_NONE ? -1 : pl->occ_of[(size_t)d * K + v];
            if (occ >= 0) who[fill[occ]++] = e;
        }
    for (int i = 0; i < N; i++) {
        if (from[i + 1] - from[i] > widest) widest = from[i + 1] - from[i];
        if (pl->occ_from[i + 1] - pl->occ_from[i] > widest) widest = pl->occ_from[i + 1] - pl->occ_from[i];
    }
    /* each person's published shifts */
    for (int i = 0; i < o->npublished; i++) pub_from[o->published[i].person + 1]++;
    for (int p = 0; p < P; p++) pub_from[p + 1] += pub_from[p];
    memcpy(fill, pub_from, (size_t)P * sizeof(int));
    for (int i = 0; i < o->npublished; i++) pub_shift[fill[o->published[i].person]++] = o->published[i].shift;
    first = malloc(((size_t)widest + 1) * sizeof(int));
    to = malloc(((size_t)widest + 1) * sizeof(int));
    load = malloc(((size_t)widest + 1) * sizeof(int));
    seen = malloc((size_t)widest + 1);
    if (!first || !to || !load || !seen) goto out;
    int n = 0;
    for (int i = 0; i < N; i++) {
        group g = {pl, who + from[i], from[i + 1] - from[i], pl->occ_shift + pl->occ_from[i],
                   pl->occ_from[i + 1] - pl->occ_from[i], first, to, load, seen};
        memset(load, 0, (size_t)g.ns * sizeof(int));
        for (int j = 0; j < g.np; j++) {
            int p = g.people[j];
            g.first[j] = -1;
            g.to[j] = -1;
            for (int q = pub_from[p]; q < pub_from[p + 1] && g.first[j] < 0; q++)
                for (int t = 0; t < g.ns; t++)
                    if (g.shifts[t] == pub_shift[q]) g.first[j] = t;
        }
        /* the published first, then the others */
        for (int pass = 0; pass < 2; pass++)
            for (int j = 0; j < g.np; j++) {
                if ((g.first[j] >= 0) != (pass == 0)) continue;
                memset(seen, 0, (size_t)g.ns);
                augment(&g, j);
            }
        for (int j = 0; j < g.np; j++)
            if (g.to[j] >= 0) out[n++] = (deploy_assignment){g.shifts[g.to[j]], g.people[j]};
    }
    *asg = out;
    *nasg = n;
    out = NULL;
    rc = 0;
out:
    free(from);
    free(pub_from);
    free(pub_shift);
    free(who);
    free(fill);
    free(first);
    free(to);
    free(load);
    free(seen);
    free(out);
    return rc;
}

/* Drops, one at a time, the assignment a violation names until the roster
 * keeps every rule. The instance is exact but for the corners its days of
 * 1440 minutes cannot hold (the rest across the night the clocks go
 * forward, a rest that reaches two days on after a long late shift), which
 * this catches. Returns how many it dropped, or -1 when out of memory. */
static int drop_violations(const deploy_problem *pb, deploy_assignment *a, int *n)
{
    int dropped = 0;
    for (;;) {
        deploy_violation v;
        int nv = deploy_plan_check(pb, a, *n, &v, 1);
        if (nv < 0) return -1;
        if (nv == 0) return dropped;
        int i = 0;
        while (i < *n && !(a[i].shift == v.shift && a[i].person == v.person)) i++;
        assert(i < *n);
        memmove(a + i, a + i + 1, (size_t)(*n - i - 1) * sizeof(*a));
        (*n)--;
        dropped++;
    }
}

static int assignment_cmp(const void *x, const void *y)
{
    const deploy_assignment *a = x, *b = y;
    if (a->shift != b->shift) return a->shift < b->shift ? -1 : 1;
    return (a->person > b->person) - (a->person < b->person);
}

/* Assignments in a not in b, both sorted and without repeats. */
static int count_missing(const deploy_assignment *a, int na, const deploy_assignment *b, int nb)
{
    int missing = 0;
    for (int i = 0, j = 0; i < na; i++) {
        while (j < nb && assignment_cmp(&b[j], &a[i]) < 0) j++;
        if (j == nb || assignment_cmp(&b[j], &a[i]) != 0) missing++;
    }
    return missing;
}

/* Sorts a by shift and person and drops repeats; returns the new count. */
static int sort_unique(deploy_assignment *a, int n)
{
    qsort(a, (size_t)n, sizeof(*a), assignment_cmp);
    int m = 0;
    for (int i = 0; i < n; i++)
        if (m == 0 || assignment_cmp(&a[m - 1], &a[i]) != 0) a[m++] = a[i];
    return m;
}

/* The engine's objective of the roster a, by its independent checker. */
static int roster_objective(const planner *pl, const deploy_assignment *a, int n, int64_t *objective)
{
    roster_solution *sol = roster_solution_create(pl->ins);
    if (!sol) return ROSTER_ENOMEM;
    for (int i = 0; i < n; i++)
        roster_solution_set(sol, a[i].person, (int)(pl->at[a[i].shift].day - pl->first_day), pl->kind_of[a[i].shift]);
    roster_report rep;
    int rc = roster_check(pl->ins, sol, &rep);
    if (rc == 0) {
        *objective = rep.objective;
        roster_report_free(&rep);
    }
    roster_solution_free(sol);
    return rc;
}

/* Repair mode: the published roster in the engine's terms (a person's
 * first published shift of a day, when they have two), without what they
 * may no longer work (a cancellation, an expired document): the engine
 * starts from it, and would otherwise have to find such a cell among all
 * when it is forbidden by a request only (see day_windows). The changes
 * are counted against o->published itself. */
static roster_solution *published_solution(const planner *pl, const deploy_plan_options *o)
{
    roster_solution *pub = roster_solution_create(pl->ins);
    if (!pub) return NULL;
    for (int i = 0; i < o->npublished; i++) {
        int s = o->published[i].shift, p = o->published[i].person;
        int d = (int)(pl->at[s].day - pl->first_day);
        if (roster_solution_get(pub, p, d) == ROSTER_NONE &&
            pl->allowed[(size_t)p * (size_t)pl->nocc + (size_t)occ_of_shift(pl, s)])
            roster_solution_set(pub, p, d, pl->kind_of[s]);
    }
    return pub;
}

int deploy_plan_solve(const deploy_problem *pb, const deploy_plan_options *o, deploy_plan_result *out, char *err,
                      size_t errlen)
{
    const int64_t t0 = time_mono_ms();
    char none[1];
    if (!err || errlen == 0) {
        err = none;
        errlen = sizeof none;
    }
    err[0] = '\0';
    assert(out);
    memset(out, 0, sizeof(*out));
    if (!pb || !o) {
        snprintf(err, errlen, "no problem or no options");
        return ROSTER_EINPUT;
    }
    if (!valid_problem(pb, o, err, errlen)) return ROSTER_EINPUT;
    if (o->time_limit <= 0 && o->iterations == 0) {
        snprintf(err, errlen, "give a time limit or an iteration limit");
        return ROSTER_ERANGE;
    }
    if (pb->npeople > ROSTER_MAX_EMPLOYEES) {
        snprintf(err, errlen, "%d people; the roster engine plans at most %d", pb->npeople, ROSTER_MAX_EMPLOYEES);
        return ROSTER_ELIMIT;
    }
    for (int s = 0; s < pb->nshifts; s++) {
        out->needed += pb->shifts[s].headcount;
        out->objective += (int64_t)pb->shifts[s].headcount * under_weight(pb->shifts[s].priority);
    }
    if (pb->nshifts == 0 || pb->npeople == 0) {
        /* nobody to plan, or nothing: every place stays empty (and nothing
         * can have been published) */
        out->seconds = (double)(time_mono_ms() - t0) / 1000.0;
        return 0;
    }
    out->objective = 0;
    planner pl = {.pb = pb, .err = err, .errlen = errlen};
    roster_solution *pub = NULL;
    roster_solve_result res;
    bool solved = false;
    deploy_assignment *a = NULL, *before = NULL;
    int n = 0;
    int rc = plan_shifts(&pl);
    if (!rc) rc = plan_people(&pl);
    if (!rc) rc = build_instance(&pl);
    if (!rc && o->published && !(pub = published_solution(&pl, o))) rc = fail(&pl, ROSTER_ENOMEM, "out of memory");
    if (rc) goto out;
    roster_solve_options so;
    roster_solve_options_init(&so);
    so.time_limit = o->time_limit;
    so.iterations = o->iterations;
    so.seed = o->seed;
    so.stop = o->stop;
    so.published = pub;
    so.change_weight = WEIGHT_CHANGE;
    rc = roster_solve(pl.ins, &so, &res, err, errlen);
    if (rc) goto out;
    solved = true;
    rc = map_back(&pl, res.solution, o, &a, &n);
    if (!rc && drop_violations(pb, a, &n) < 0) rc = ROSTER_ENOMEM;
    for (int e = 0; e < pb->npeople; e++)
        for (int d = 0; d < pl.ndays; d++) out->dropped += roster_solution_get(res.solution, e, d) != ROSTER_NONE;
    out->dropped -= n;
    if (!rc) rc = roster_objective(&pl, a, n, &out->objective);
    if (rc) {
        fail(&pl, rc, "out of memory");
        goto out;
    }
    n = sort_unique(a, n);
    if (o->published) {
        before = malloc(((size_t)o->npublished + 1) * sizeof(*before));
        if (!before) {
            rc = fail(&pl, ROSTER_ENOMEM, "out of memory");
            goto out;
        }
        memcpy(before, o->published, (size_t)o->npublished * sizeof(*before));
        int nb = sort_unique(before, o->npublished);
        out->changes = count_missing(a, n, before, nb) + count_missing(before, nb, a, n);
    }
    out->assigned = a;
    out->nassigned = out->filled = n;
    a = NULL;
out:
    if (rc) {
        free(out->assigned);
        memset(out, 0, sizeof(*out));
    }
    out->seconds = (double)(time_mono_ms() - t0) / 1000.0;
    free(a);
    free(before);
    if (solved) roster_solve_result_free(&res);
    roster_solution_free(pub);
    planner_free(&pl);
    return rc;
}
