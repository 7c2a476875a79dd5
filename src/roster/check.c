/* roster check: the independent validator. Written plainly, rule by rule,
 * from the model as the user gave it (never from the solver's compiled
 * tables), so that a bug in one is caught by the other. */
#include "roster/check.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const rule_names[ROSTER_RULE_COUNT] = {
    [ROSTER_RULE_DAY_OFF] = "day-off",
    [ROSTER_RULE_SUCCESSION] = "succession",
    [ROSTER_RULE_MAX_SHIFTS] = "max-shifts",
    [ROSTER_RULE_MAX_MINUTES] = "max-minutes",
    [ROSTER_RULE_MIN_MINUTES] = "min-minutes",
    [ROSTER_RULE_MAX_CONSECUTIVE] = "max-consecutive",
    [ROSTER_RULE_MIN_CONSECUTIVE] = "min-consecutive",
    [ROSTER_RULE_MIN_DAYS_OFF] = "min-days-off",
    [ROSTER_RULE_MAX_WEEKENDS] = "max-weekends",
    [ROSTER_RULE_SKILL] = "skill",
    [ROSTER_RULE_AVAILABILITY] = "availability",
    [ROSTER_RULE_REST] = "rest",
    [ROSTER_RULE_WEEK_MINUTES] = "week-minutes",
    [ROSTER_RULE_YOUTH_NIGHT] = "youth-night",
    [ROSTER_RULE_YOUTH_SHIFT] = "youth-shift-length",
    [ROSTER_RULE_YOUTH_WEEK] = "youth-week",
    [ROSTER_RULE_TRAVEL] = "travel-distance",
};

static const char *const soft_names[ROSTER_SOFT_COUNT] = {
    [ROSTER_SOFT_ON_REQUESTS] = "on-requests",
    [ROSTER_SOFT_OFF_REQUESTS] = "off-requests",
    [ROSTER_SOFT_UNDER] = "cover-under",
    [ROSTER_SOFT_OVER] = "cover-over",
    [ROSTER_SOFT_TRAVEL] = "travel",
    [ROSTER_SOFT_CONTINUITY] = "continuity",
    [ROSTER_SOFT_FAIRNESS] = "fairness",
};

const char *roster_rule_name(roster_rule rule)
{
    return rule >= 0 && rule < ROSTER_RULE_COUNT ? rule_names[rule] : "unknown";
}

const char *roster_soft_name(roster_soft part)
{
    return part >= 0 && part < ROSTER_SOFT_COUNT ? soft_names[part] : "unknown";
}

#define REPORT_CAP 10000

static int add(roster_report *rep, roster_rule rule, int e, int day, int amount)
{
    rep->nviolations++;
    rep->counts[rule]++;
    if (rep->nstored >= REPORT_CAP) return 0;
    if (rep->nstored == rep->cap) {
        int ncap = rep->cap ? rep->cap * 2 : 32;
        roster_violation *p = realloc(rep->violations, sizeof(*p) * (size_t)ncap);
        if (!p) return ROSTER_ENOMEM;
        rep->violations = p;
        rep->cap = ncap;
    }
    rep->violations[rep->nstored++] = (roster_violation){rule, e, day, amount};
    return 0;
}

void roster_report_free(roster_report *rep)
{
    free(rep->violations);
    memset(rep, 0, sizeof(*rep));
}

static int shift_at(const roster_solution *sol, int e, int d)
{
    return sol->shift[(size_t)e * (size_t)sol->ndays + (size_t)d];
}

/* Whether shift s on day d fits one of employee e's availability windows. */
static int in_window(const roster_instance *ins, int e, int d, int s)
{
    const roster_shift *sh = &ins->shifts[s];
    for (int i = 0; i < ins->nwindows; i++) {
        const roster_window *w = &ins->windows[i];
        if (w->employee != e || w->day != d) continue;
        if (sh->start == ROSTER_NONE) return 1;
        if (w->from <= sh->start && sh->start + sh->minutes <= w->to) return 1;
    }
    return 0;
}

/* The rules that concern one employee alone. */
static int check_employee(const roster_instance *ins, const roster_solution *sol, int e,
                          roster_report *rep)
{
    const roster_employee *em = &ins->employees[e];
    const int D = ins->ndays;
    int rc = 0;
    int total = 0;
    int *per_type = calloc((size_t)ins->nshifts, sizeof(int));
    int nweeks = roster_day_week(ins, D - 1) + 1;
    int *week = calloc((size_t)nweeks, sizeof(int));
    if (!per_type || !week) {
        free(per_type);
        free(week);
        return ROSTER_ENOMEM;
    }
    for (int d = 0; d < D; d++) {
        int s = shift_at(sol, e, d);
        if (s == ROSTER_NONE) continue;
        const roster_shift *sh = &ins->shifts[s];
        total += sh->minutes;
        per_type[s]++;
        week[roster_day_week(ins, d)] += sh->minutes;
        if (em->day_off[d]) rc |= add(rep, ROSTER_RULE_DAY_OFF, e, d, 1);
        if (sh->skills & ~em->skills) rc |= add(rep, ROSTER_RULE_SKILL, e, d, 1);
        if (em->has_windows && !in_window(ins, e, d, s))
            rc |= add(rep, ROSTER_RULE_AVAILABILITY, e, d, 1);
        if (em->youth && roster_shift_is_night(ins, s))
            rc |= add(rep, ROSTER_RULE_YOUTH_NIGHT, e, d, 1);
        if (em->youth && sh->minutes > ROSTER_YOUTH_MAX_SHIFT)
            rc |= add(rep, ROSTER_RULE_YOUTH_SHIFT, e, d, sh->minutes - ROSTER_YOUTH_MAX_SHIFT);
        if (sh->location != ROSTER_NONE && em->max_travel != ROSTER_NONE &&
            em->travel[sh->location] != ROSTER_NONE && em->travel[sh->location] > em->max_travel)
            rc |= add(rep, ROSTER_RULE_TRAVEL, e, d, em->travel[sh->location] - em->max_travel);
        /* successions and rest towards the next two days */
        for (int k = 1; k <= 2 && d + k < D; k++) {
            int t = shift_at(sol, e, d + k);
            if (t == ROSTER_NONE) continue;
            if (k == 1 && ins->forbidden[s * ROSTER_MAX_SHIFTS + t])
                rc |= add(rep, ROSTER_RULE_SUCCESSION, e, d, 1);
            const roster_shift *nx = &ins->shifts[t];
            if (ins->min_rest > 0 && sh->start != ROSTER_NONE && nx->start != ROSTER_NONE) {
                int rest = k * 1440 + nx->start - (sh->start + sh->minutes);
                if (rest < ins->min_rest)
                    rc |= add(rep, ROSTER_RULE_REST, e, d, ins->min_rest - rest);
            }
        }
    }
    for (int s = 0; s < ins->nshifts; s++)
        if (em->max_shifts[s] != ROSTER_NONE && per_type[s] > em->max_shifts[s])
            rc |= add(rep, ROSTER_RULE_MAX_SHIFTS, e, ROSTER_NONE, per_type[s] - em->max_shifts[s]);
    if (em->max_total_minutes != ROSTER_NONE && total > em->max_total_minutes)
        rc |= add(rep, ROSTER_RULE_MAX_MINUTES, e, ROSTER_NONE, total - em->max_total_minutes);
    if (em->min_total_minutes != ROSTER_NONE && total < em->min_total_minutes)
        rc |= add(rep, ROSTER_RULE_MIN_MINUTES, e, ROSTER_NONE, em->min_total_minutes - total);
    for (int w = 0; w < nweeks; w++) {
        int first = w * 7 - ins->first_weekday; /* first day of week w */
        if (first < 0) first = 0;
        if (em->max_week_minutes != ROSTER_NONE && week[w] > em->max_week_minutes)
            rc |= add(rep, ROSTER_RULE_WEEK_MINUTES, e, first, week[w] - em->max_week_minutes);
        if (em->youth && week[w] > ROSTER_YOUTH_MAX_WEEK)
            rc |= add(rep, ROSTER_RULE_YOUTH_WEEK, e, first, week[w] - ROSTER_YOUTH_MAX_WEEK);
    }
    /* runs of working days and of days off */
    for (int d = 0; d < D;) {
        int working = shift_at(sol, e, d) != ROSTER_NONE;
        int end = d;
        while (end + 1 < D && (shift_at(sol, e, end + 1) != ROSTER_NONE) == working) end++;
        int len = end - d + 1;
        int inner = d > 0 && end < D - 1;
        if (working) {
            if (em->max_consecutive != ROSTER_NONE && len > em->max_consecutive)
                rc |= add(rep, ROSTER_RULE_MAX_CONSECUTIVE, e, d, len - em->max_consecutive);
            if (inner && em->min_consecutive != ROSTER_NONE && len < em->min_consecutive)
                rc |= add(rep, ROSTER_RULE_MIN_CONSECUTIVE, e, d, em->min_consecutive - len);
        } else if (inner && em->min_consecutive_off != ROSTER_NONE &&
                   len < em->min_consecutive_off) {
            rc |= add(rep, ROSTER_RULE_MIN_DAYS_OFF, e, d, em->min_consecutive_off - len);
        }
        d = end + 1;
    }
    /* weekends: one Saturday and the Sunday after it, worked if either is */
    if (em->max_weekends != ROSTER_NONE) {
        int worked = 0;
        for (int d = 0; d < D; d++) {
            int wd = (ins->first_weekday + d) % 7;
            if (wd == 5 || (wd == 6 && d == 0)) {
                int sat = wd == 5 ? shift_at(sol, e, d) != ROSTER_NONE : 0;
                int sund = 0;
                int sunday = wd == 5 ? d + 1 : d;
                if (sunday < D) sund = shift_at(sol, e, sunday) != ROSTER_NONE;
                worked += sat || sund;
            }
        }
        if (worked > em->max_weekends)
            rc |= add(rep, ROSTER_RULE_MAX_WEEKENDS, e, ROSTER_NONE, worked - em->max_weekends);
    }
    /* soft: travel, continuity, fairness */
    for (int d = 0; d < D; d++) {
        int s = shift_at(sol, e, d);
        if (s == ROSTER_NONE) continue;
        int loc = ins->shifts[s].location;
        if (loc != ROSTER_NONE && em->travel[loc] != ROSTER_NONE)
            rep->soft[ROSTER_SOFT_TRAVEL] += (int64_t)ins->travel_weight * em->travel[loc];
        if (d + 1 < D) {
            int t = shift_at(sol, e, d + 1);
            if (t != ROSTER_NONE && loc != ROSTER_NONE && ins->shifts[t].location != ROSTER_NONE &&
                ins->shifts[t].location != loc)
                rep->soft[ROSTER_SOFT_CONTINUITY] += ins->continuity_weight;
        }
    }
    if (em->target_minutes != ROSTER_NONE) {
        int dev = total > em->target_minutes ? total - em->target_minutes
                                             : em->target_minutes - total;
        rep->soft[ROSTER_SOFT_FAIRNESS] += (int64_t)ins->fair_weight * (dev / 60);
    }
    free(per_type);
    free(week);
    return rc ? ROSTER_ENOMEM : 0;
}

int roster_check(const roster_instance *ins, const roster_solution *sol, roster_report *rep)
{
    assert(ins && sol && rep);
    memset(rep, 0, sizeof(*rep));
    if (sol->nemployees != ins->nemployees || sol->ndays != ins->ndays) return ROSTER_ERANGE;
    for (size_t i = 0; i < (size_t)sol->nemployees * (size_t)sol->ndays; i++)
        if (sol->shift[i] < ROSTER_NONE || sol->shift[i] >= ins->nshifts) return ROSTER_ERANGE;
    int rc = 0;
    for (int e = 0; e < ins->nemployees && !rc; e++) rc = check_employee(ins, sol, e, rep);
    /* requests */
    for (int i = 0; i < ins->nrequests; i++) {
        const roster_request *q = &ins->requests[i];
        int from = q->day == ROSTER_NONE ? 0 : q->day;
        int to = q->day == ROSTER_NONE ? ins->ndays - 1 : q->day;
        for (int d = from; d <= to; d++) {
            int s = shift_at(sol, q->employee, d);
            int match = s != ROSTER_NONE && (q->shift == ROSTER_NONE || q->shift == s);
            if (q->on && !match) rep->soft[ROSTER_SOFT_ON_REQUESTS] += q->weight;
            if (!q->on && match) rep->soft[ROSTER_SOFT_OFF_REQUESTS] += q->weight;
        }
    }
    /* cover */
    for (int d = 0; d < ins->ndays; d++)
        for (int s = 0; s < ins->nshifts; s++) {
            const roster_cover *c = &ins->cover[d * ins->nshifts + s];
            if (!c->set) continue;
            int n = 0;
            for (int e = 0; e < ins->nemployees; e++) n += shift_at(sol, e, d) == s;
            if (n < c->requirement)
                rep->soft[ROSTER_SOFT_UNDER] += (int64_t)c->under_weight * (c->requirement - n);
            if (n > c->requirement)
                rep->soft[ROSTER_SOFT_OVER] += (int64_t)c->over_weight * (n - c->requirement);
        }
    for (int k = 0; k < ROSTER_SOFT_COUNT; k++) rep->objective += rep->soft[k];
    return rc;
}

void roster_violation_describe(const roster_instance *ins, const roster_violation *v, char *out,
                               size_t outlen)
{
    const char *id = v->employee >= 0 && v->employee < ins->nemployees
                         ? ins->employees[v->employee].id
                         : "?";
    int a = v->amount;
    switch (v->rule) {
    case ROSTER_RULE_DAY_OFF:
        snprintf(out, outlen, "employee %s works on day %d, a day off", id, v->day);
        break;
    case ROSTER_RULE_SUCCESSION:
        snprintf(out, outlen, "employee %s works a forbidden shift on day %d after day %d", id,
                 v->day + 1, v->day);
        break;
    case ROSTER_RULE_MAX_SHIFTS:
        snprintf(out, outlen, "employee %s works %d shift%s of one type too many", id, a,
                 a == 1 ? "" : "s");
        break;
    case ROSTER_RULE_MAX_MINUTES:
        snprintf(out, outlen, "employee %s works %d minutes over the maximum", id, a);
        break;
    case ROSTER_RULE_MIN_MINUTES:
        snprintf(out, outlen, "employee %s works %d minutes under the minimum", id, a);
        break;
    case ROSTER_RULE_MAX_CONSECUTIVE:
        snprintf(out, outlen, "employee %s works %d day%s too many in a row from day %d", id, a,
                 a == 1 ? "" : "s", v->day);
        break;
    case ROSTER_RULE_MIN_CONSECUTIVE:
        snprintf(out, outlen, "employee %s works a run %d day%s too short from day %d", id, a,
                 a == 1 ? "" : "s", v->day);
        break;
    case ROSTER_RULE_MIN_DAYS_OFF:
        snprintf(out, outlen, "employee %s has a run of days off %d day%s too short from day %d",
                 id, a, a == 1 ? "" : "s", v->day);
        break;
    case ROSTER_RULE_MAX_WEEKENDS:
        snprintf(out, outlen, "employee %s works %d weekend%s too many", id, a, a == 1 ? "" : "s");
        break;
    case ROSTER_RULE_SKILL:
        snprintf(out, outlen, "employee %s lacks a skill for the shift on day %d", id, v->day);
        break;
    case ROSTER_RULE_AVAILABILITY:
        snprintf(out, outlen, "employee %s is not available for the shift on day %d", id, v->day);
        break;
    case ROSTER_RULE_REST:
        snprintf(out, outlen, "employee %s rests %d minutes too little after day %d", id, a,
                 v->day);
        break;
    case ROSTER_RULE_WEEK_MINUTES:
        snprintf(out, outlen, "employee %s works %d minutes over the contract in the week of day %d",
                 id, a, v->day);
        break;
    case ROSTER_RULE_YOUTH_NIGHT:
        snprintf(out, outlen, "employee %s (under 18) works a night shift on day %d", id, v->day);
        break;
    case ROSTER_RULE_YOUTH_SHIFT:
        snprintf(out, outlen, "employee %s (under 18) works %d minutes over 9 hours on day %d", id,
                 a, v->day);
        break;
    case ROSTER_RULE_YOUTH_WEEK:
        snprintf(out, outlen, "employee %s (under 18) works %d minutes over 40 hours in the week of day %d",
                 id, a, v->day);
        break;
    case ROSTER_RULE_TRAVEL:
        snprintf(out, outlen, "employee %s travels %d km over the maximum on day %d", id, a, v->day);
        break;
    default:
        snprintf(out, outlen, "employee %s breaks an unknown rule", id);
        break;
    }
}
