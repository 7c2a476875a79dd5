/* roster compile: turns the model into the solver's tables (internal.h). */
#include <assert.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "roster/internal.h"

static int gcd(int a, int b)
{
    while (b) {
        int t = a % b;
        a = b;
        b = t;
    }
    return a;
}

void rp_problem_free(rp_problem *p)
{
    free(p->len);
    free(p->allowed);
    free(p->cost);
    free(p->forb);
    free(p->succ);
    free(p->maxtype);
    free(p->maxmin);
    free(p->minmin);
    free(p->maxcons);
    free(p->mincons);
    free(p->minoff);
    free(p->maxwe);
    free(p->weekmax);
    free(p->target);
    free(p->weekend);
    free(p->week);
    free(p->req);
    free(p->under);
    free(p->over);
    memset(p, 0, sizeof(*p));
}

/* Keeps a linear cost within int32 (weights are capped, but many requests
 * on one cell, or a long trip at a high weight, could add up). */
static int32_t clamp_cost(int64_t c)
{
    const int64_t cap = 1000000000;
    return (int32_t)(c > cap ? cap : c < -cap ? -cap : c);
}

/* Whether the employee may work shift s on day d by the care rules. */
static int care_allows(const roster_instance *ins, int e, int d, int s)
{
    const roster_employee *em = &ins->employees[e];
    const roster_shift *sh = &ins->shifts[s];
    if (em->day_off[d]) return 0;
    if (em->max_shifts[s] == 0) return 0;
    if (sh->skills & ~em->skills) return 0;
    if (em->youth && (roster_shift_is_night(ins, s) || sh->minutes > ROSTER_YOUTH_MAX_SHIFT))
        return 0;
    if (sh->location != ROSTER_NONE && em->max_travel != ROSTER_NONE &&
        em->travel[sh->location] != ROSTER_NONE && em->travel[sh->location] > em->max_travel)
        return 0;
    if (em->has_windows) {
        int ok = 0;
        for (int i = 0; i < ins->nwindows && !ok; i++) {
            const roster_window *w = &ins->windows[i];
            if (w->employee != e || w->day != d) continue;
            ok = sh->start == ROSTER_NONE ||
                 (w->from <= sh->start && sh->start + sh->minutes <= w->to);
        }
        if (!ok) return 0;
    }
    return 1;
}

int rp_problem_build(rp_problem *p, const roster_instance *ins, const roster_solution *published,
                     int change_weight, char *err, size_t errlen)
{
    memset(p, 0, sizeof(*p));
    const int E = ins->nemployees, D = ins->ndays, S = ins->nshifts, V = S + 1;
    p->E = E;
    p->D = D;
    p->S = S;
    p->V = V;
    size_t cells = (size_t)E * (size_t)D * (size_t)V;
    if (cells > (size_t)64 * 1024 * 1024) {
        snprintf(err, errlen, "%s: too large to solve (%d employees x %d days x %d shifts)",
                 ins->name, E, D, S);
        return ROSTER_ELIMIT;
    }
    p->len = calloc((size_t)V, sizeof(int));
    p->allowed = calloc(cells, 1);
    p->cost = calloc(cells, sizeof(int32_t));
    p->forb = calloc((size_t)V * V, 1);
    p->succ = calloc((size_t)V * V, sizeof(int32_t));
    p->maxtype = calloc((size_t)E * V, sizeof(int));
    p->maxmin = calloc((size_t)E, sizeof(int));
    p->minmin = calloc((size_t)E, sizeof(int));
    p->maxcons = calloc((size_t)E, sizeof(int));
    p->mincons = calloc((size_t)E, sizeof(int));
    p->minoff = calloc((size_t)E, sizeof(int));
    p->maxwe = calloc((size_t)E, sizeof(int));
    p->weekmax = calloc((size_t)E, sizeof(int));
    p->target = calloc((size_t)E, sizeof(int));
    p->weekend = calloc((size_t)D, sizeof(int));
    p->week = calloc((size_t)D, sizeof(int));
    p->req = calloc((size_t)D * V, sizeof(int));
    p->under = calloc((size_t)D * V, sizeof(int));
    p->over = calloc((size_t)D * V, sizeof(int));
    if (!p->len || !p->allowed || !p->cost || !p->forb || !p->succ || !p->maxtype || !p->maxmin ||
        !p->minmin || !p->maxcons || !p->mincons || !p->minoff || !p->maxwe || !p->weekmax ||
        !p->target || !p->weekend || !p->week || !p->req || !p->under || !p->over) {
        rp_problem_free(p);
        snprintf(err, errlen, "out of memory");
        return ROSTER_ENOMEM;
    }
    int g = 0;
    for (int s = 0; s < S; s++) {
        p->len[s + 1] = ins->shifts[s].minutes;
        g = gcd(g, ins->shifts[s].minutes);
    }
    p->minutes_gcd = g ? g : 1;
    /* calendar */
    p->nweekends = 0;
    for (int d = 0; d < D; d++) {
        p->weekend[d] = roster_day_weekend(ins, d);
        if (p->weekend[d] + 1 > p->nweekends) p->nweekends = p->weekend[d] + 1;
        p->week[d] = roster_day_week(ins, d);
    }
    p->nweeks = p->week[D - 1] + 1;
    /* successions */
    for (int a = 0; a < S; a++)
        for (int b = 0; b < S; b++) {
            const roster_shift *sa = &ins->shifts[a], *sb = &ins->shifts[b];
            int f = ins->forbidden[a * ROSTER_MAX_SHIFTS + b];
            if (ins->min_rest > 0 && sa->start != ROSTER_NONE && sb->start != ROSTER_NONE) {
                if (1440 + sb->start - (sa->start + sa->minutes) < ins->min_rest) f = 1;
                if (2880 + sb->start - (sa->start + sa->minutes) < ins->min_rest) {
                    snprintf(err, errlen,
                             "%s: shift %s ends so late that the rest rule reaches two days on; "
                             "the solver does not support that",
                             ins->name, sa->id);
                    rp_problem_free(p);
                    return ROSTER_EINPUT;
                }
            }
            p->forb[(a + 1) * V + (b + 1)] = (uint8_t)f;
            if (ins->continuity_weight && sa->location != ROSTER_NONE &&
                sb->location != ROSTER_NONE && sa->location != sb->location) {
                p->succ[(a + 1) * V + (b + 1)] = ins->continuity_weight;
                p->has_succ = 1;
            }
        }
    /* employees */
    for (int e = 0; e < E; e++) {
        const roster_employee *em = &ins->employees[e];
        for (int s = 0; s < S; s++)
            p->maxtype[e * V + s + 1] = em->max_shifts[s] == ROSTER_NONE ? RP_INF : em->max_shifts[s];
        p->maxtype[e * V] = RP_INF;
        p->maxmin[e] = em->max_total_minutes == ROSTER_NONE ? RP_INF : em->max_total_minutes;
        p->minmin[e] = em->min_total_minutes == ROSTER_NONE ? 0 : em->min_total_minutes;
        p->maxcons[e] = em->max_consecutive == ROSTER_NONE ? RP_INF : em->max_consecutive;
        p->mincons[e] = em->min_consecutive == ROSTER_NONE ? 0 : em->min_consecutive;
        p->minoff[e] = em->min_consecutive_off == ROSTER_NONE ? 0 : em->min_consecutive_off;
        p->maxwe[e] = em->max_weekends == ROSTER_NONE ? RP_INF : em->max_weekends;
        int wm = em->max_week_minutes == ROSTER_NONE ? RP_INF : em->max_week_minutes;
        if (em->youth && wm > ROSTER_YOUTH_MAX_WEEK) wm = ROSTER_YOUTH_MAX_WEEK;
        p->weekmax[e] = wm;
        p->target[e] = em->target_minutes == ROSTER_NONE || ins->fair_weight == 0
                           ? -1
                           : em->target_minutes;
        for (int d = 0; d < D; d++) {
            size_t base = ((size_t)e * D + d) * V;
            p->allowed[base] = 1;
            for (int s = 0; s < S; s++) {
                p->allowed[base + s + 1] = (uint8_t)care_allows(ins, e, d, s);
                int loc = ins->shifts[s].location;
                if (loc != ROSTER_NONE && em->travel[loc] != ROSTER_NONE)
                    p->cost[base + s + 1] = clamp_cost((int64_t)p->cost[base + s + 1] +
                                                       (int64_t)ins->travel_weight * em->travel[loc]);
            }
            if (published) {
                int pv = published->shift[(size_t)e * D + d] + 1;
                for (int v = 0; v < V; v++)
                    if (v != pv) p->cost[base + v] = clamp_cost((int64_t)p->cost[base + v] + change_weight);
            }
        }
    }
    p->fairw = ins->fair_weight;
    /* requests */
    for (int i = 0; i < ins->nrequests; i++) {
        const roster_request *q = &ins->requests[i];
        int from = q->day == ROSTER_NONE ? 0 : q->day;
        int to = q->day == ROSTER_NONE ? D - 1 : q->day;
        for (int d = from; d <= to; d++) {
            size_t base = ((size_t)q->employee * D + d) * V;
            if (q->on) p->cost_const += q->weight;
            for (int s = 0; s < S; s++) {
                if (q->shift != ROSTER_NONE && q->shift != s) continue;
                p->cost[base + s + 1] =
                    clamp_cost((int64_t)p->cost[base + s + 1] + (q->on ? -q->weight : q->weight));
            }
        }
    }
    /* cover */
    for (int d = 0; d < D; d++)
        for (int s = 0; s < S; s++) {
            const roster_cover *c = &ins->cover[d * S + s];
            if (!c->set) continue;
            p->req[d * V + s + 1] = c->requirement;
            p->under[d * V + s + 1] = c->under_weight;
            p->over[d * V + s + 1] = c->over_weight;
        }
    return ROSTER_OK;
}
