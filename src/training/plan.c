#include "training/plan.h"

#include <assert.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "assign/assign.h"
#include "base/geo.h"

/* How a participant stands to a session. */
enum { PAIR_NOT_AT_TIME, PAIR_TOO_FAR, PAIR_ALLOWED };

static bool valid_input(int np, const plan_person *people, int ns, const plan_session *sessions)
{
    if (np < 0 || ns < 0 || (np > 0 && !people) || (ns > 0 && !sessions)) return false;
    for (int p = 0; p < np; p++) {
        const plan_person *x = &people[p];
        if (x->available & ~PLAN_ALL_TIMES) return false;
        if (x->located && !(isfinite(x->lat) && isfinite(x->lon) && fabs(x->lat) <= 90 && fabs(x->lon) <= 180))
            return false;
    }
    for (int s = 0; s < ns; s++) {
        const plan_session *x = &sessions[s];
        if (x->capacity < 0 || x->weekday < 0 || x->weekday > 6 || x->daypart < PLAN_MORNING ||
            x->daypart > PLAN_EVENING)
            return false;
        if (!(isfinite(x->lat) && isfinite(x->lon) && fabs(x->lat) <= 90 && fabs(x->lon) <= 180)) return false;
        if (!(isfinite(x->max_km) && x->max_km >= 0)) return false;
    }
    return true;
}

const char *plan_reason_name(plan_reason r)
{
    switch (r) {
    case PLAN_PLACED: return "placed";
    case PLAN_NO_SESSIONS: return "no_sessions";
    case PLAN_NOT_AVAILABLE: return "not_available";
    case PLAN_OUT_OF_REACH: return "out_of_reach";
    case PLAN_FULL: return "full";
    }
    return "unknown";
}

int plan_module(int np, const plan_person *people, int ns, const plan_session *sessions, int *session_of,
                plan_reason *reason, double *km, plan_summary *summary)
{
    if (!valid_input(np, people, ns, sessions) || (np > 0 && (!session_of || !reason))) return -1;
    plan_summary sum = {0};
    if (np == 0) {
        if (summary) *summary = sum;
        return 0;
    }
    size_t pairs = (size_t)np * (size_t)(ns ? ns : 1);
    unsigned char *pair = malloc(pairs);
    double *dist = malloc(pairs * sizeof *dist);
    int *row_person = malloc((size_t)np * sizeof *row_person);
    int *wanted = calloc((size_t)(ns ? ns : 1), sizeof *wanted);
    int rc = -1;
    double *cost = NULL;
    int *slot_session = NULL, *sol = NULL;
    if (!pair || !dist || !row_person || !wanted) goto out;

    /* Who may go where, and how far it is. */
    double unknown_km = 0; /* see below */
    bool any_known = false;
    for (int p = 0; p < np; p++)
        for (int s = 0; s < ns; s++) {
            const plan_person *x = &people[p];
            const plan_session *y = &sessions[s];
            size_t k = (size_t)p * (size_t)ns + (size_t)s;
            dist[k] = 0;
            if (!(x->available & PLAN_BIT(y->weekday, y->daypart))) {
                pair[k] = PAIR_NOT_AT_TIME;
                continue;
            }
            if (x->located) {
                dist[k] = geo_km(x->lat, x->lon, y->lat, y->lon);
                if (y->max_km > 0 && dist[k] > y->max_km) {
                    pair[k] = PAIR_TOO_FAR;
                    continue;
                }
                if (dist[k] > unknown_km) unknown_km = dist[k];
                any_known = true;
            }
            pair[k] = PAIR_ALLOWED;
            wanted[s]++;
        }
    /* An unknown postcode counts at one km beyond the farthest allowed known
     * distance, so that a missing postcode never takes a place from someone
     * whose travel is known (not even in a tie). */
    if (unknown_km > 0 || any_known) unknown_km += 1;
    sum.unlocated_km = unknown_km;

    /* The reasons of those who cannot go anywhere; the others are rows. */
    int rows = 0;
    double bound = 0; /* more than any plan's total cost in km */
    for (int p = 0; p < np; p++) {
        bool at_time = false, allowed = false;
        double worst = 0;
        for (int s = 0; s < ns; s++) {
            size_t k = (size_t)p * (size_t)ns + (size_t)s;
            at_time |= pair[k] != PAIR_NOT_AT_TIME;
            if (pair[k] == PAIR_ALLOWED) {
                allowed = true;
                double c = people[p].located ? dist[k] : unknown_km;
                if (c > worst) worst = c;
            }
        }
        session_of[p] = -1;
        if (km) km[p] = 0;
        if (allowed) {
            reason[p] = PLAN_FULL; /* until placed */
            row_person[rows++] = p;
            bound += worst;
        } else {
            reason[p] = ns == 0 ? PLAN_NO_SESSIONS : at_time ? PLAN_OUT_OF_REACH : PLAN_NOT_AVAILABLE;
        }
    }

    if (rows > 0) {
        /* One column per place (no more places than participants who may
         * come), then one "not placed" column per row. */
        int slots = 0;
        for (int s = 0; s < ns; s++) slots += sessions[s].capacity < wanted[s] ? sessions[s].capacity : wanted[s];
        int cols = slots + rows;
        slot_session = malloc((size_t)(slots ? slots : 1) * sizeof *slot_session);
        sol = malloc((size_t)rows * sizeof *sol);
        cost = malloc((size_t)rows * (size_t)cols * sizeof *cost);
        if (!slot_session || !sol || !cost) goto out;
        for (int s = 0, k = 0; s < ns; s++) {
            int places = sessions[s].capacity < wanted[s] ? sessions[s].capacity : wanted[s];
            for (int q = 0; q < places; q++) slot_session[k++] = s;
        }
        double unplaced = bound + 1, forbidden = 2 * unplaced;
        for (int r = 0; r < rows; r++) {
            int p = row_person[r];
            double *row = cost + (size_t)r * (size_t)cols;
            for (int k = 0; k < slots; k++) {
                size_t pk = (size_t)p * (size_t)ns + (size_t)slot_session[k];
                row[k] = pair[pk] != PAIR_ALLOWED ? forbidden : people[p].located ? dist[pk] : unknown_km;
            }
            for (int k = slots; k < cols; k++) row[k] = unplaced;
        }
        if (assign_solve(rows, cols, cost, sol, NULL) != 0) goto out;
        for (int r = 0; r < rows; r++) {
            if (sol[r] >= slots) continue;
            int p = row_person[r], s = slot_session[sol[r]];
            size_t pk = (size_t)p * (size_t)ns + (size_t)s;
            assert(pair[pk] == PAIR_ALLOWED);
            session_of[p] = s;
            reason[p] = PLAN_PLACED;
            if (people[p].located) {
                if (km) km[p] = dist[pk];
                sum.total_km += dist[pk];
            } else {
                sum.placed_unlocated++;
            }
        }
    }
    for (int p = 0; p < np; p++) {
        if (session_of[p] >= 0) sum.placed++;
        else sum.unplaced++;
    }
    if (summary) *summary = sum;
    rc = 0;
out:
    free(pair);
    free(dist);
    free(row_person);
    free(wanted);
    free(cost);
    free(slot_session);
    free(sol);
    return rc;
}

int plan_modules(int ngroups, plan_group *groups)
{
    if (ngroups < 0 || (ngroups > 0 && !groups)) return -1;
    for (int g = 0; g < ngroups; g++) {
        plan_group *x = &groups[g];
        if (plan_module(x->np, x->people, x->ns, x->sessions, x->session_of, x->reason, x->km, &x->summary) != 0)
            return -1;
    }
    return 0;
}
