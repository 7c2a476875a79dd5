/* roster construct: a fast greedy first roster. Day by day, each shift's
 * missing people are taken from the employees who are free, allowed and
 * within their limits, preferring those who asked for the shift and those
 * furthest behind their minimum minutes. The result may break minimum rules
 * (runs, minutes); the search repairs them. */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "roster/internal.h"
#include "roster/linedp.h"

int rp_construct_greedy(const rp_problem *p, uint8_t *x)
{
    const int E = p->E, D = p->D, V = p->V;
    int *mins = calloc((size_t)E, sizeof(int));
    int *cnt = calloc((size_t)E * V, sizeof(int));
    int *run = calloc((size_t)E, sizeof(int));   /* working days in a row up to d-1 */
    int *nwe = calloc((size_t)E, sizeof(int));
    int *wkmin = calloc((size_t)E * p->nweeks, sizeof(int));
    if (!mins || !cnt || !run || !nwe || !wkmin) {
        free(mins);
        free(cnt);
        free(run);
        free(nwe);
        free(wkmin);
        return ROSTER_ENOMEM;
    }
    memset(x, 0, (size_t)E * D);
    for (int d = 0; d < D; d++) {
        for (int v = 1; v < V; v++) {
            int need = p->req[d * V + v];
            while (need > 0) {
                int best = -1;
                int64_t best_score = INT64_MIN;
                for (int e = 0; e < E; e++) {
                    uint8_t *xe = x + (size_t)e * D;
                    if (xe[d]) continue;
                    if (!p->allowed[((size_t)e * D + d) * V + v]) continue;
                    int pv = d > 0 ? xe[d - 1] : 0;
                    if (pv && p->forb[pv * V + v]) continue;
                    if (run[e] + 1 > p->maxcons[e]) continue;
                    if (mins[e] + p->len[v] > p->maxmin[e]) continue;
                    if (cnt[e * V + v] + 1 > p->maxtype[e * V + v]) continue;
                    if (wkmin[(size_t)e * p->nweeks + p->week[d]] + p->len[v] > p->weekmax[e])
                        continue;
                    int wk = p->weekend[d];
                    int new_we = wk >= 0 && !(d > 0 && p->weekend[d - 1] == wk && pv);
                    if (new_we && nwe[e] + 1 > p->maxwe[e]) continue;
                    /* a short day off before would break the minimum days off */
                    int off_run = 0;
                    for (int k = d - 1; k >= 0 && !xe[k]; k--) off_run++;
                    if (off_run > 0 && off_run < p->minoff[e] && off_run < d) continue;
                    /* score: own cost, behind on minutes (pro rata), continuing a
                     * run shorter than the minimum */
                    int64_t score = -(int64_t)p->cost[((size_t)e * D + d) * V + v] * 50;
                    int64_t target = p->minmin[e] > 0 ? p->minmin[e] : (p->maxmin[e] < RP_INF ? p->maxmin[e] : 0);
                    score += (target * (d + 1) / D - mins[e]) / 10;
                    if (pv && run[e] < p->mincons[e]) score += 1000;
                    if (new_we) score -= 100;
                    if (score > best_score) {
                        best_score = score;
                        best = e;
                    }
                }
                if (best < 0) break;
                x[(size_t)best * D + d] = (uint8_t)v;
                mins[best] += p->len[v];
                cnt[best * V + v]++;
                wkmin[(size_t)best * p->nweeks + p->week[d]] += p->len[v];
                int wk = p->weekend[d];
                if (wk >= 0 && !(d > 0 && p->weekend[d - 1] == wk && x[(size_t)best * D + d - 1]))
                    nwe[best]++;
                need--;
            }
        }
        for (int e = 0; e < E; e++) run[e] = x[(size_t)e * D + d] ? run[e] + 1 : 0;
    }
    free(mins);
    free(cnt);
    free(run);
    free(nwe);
    free(wkmin);
    return ROSTER_OK;
}
