/* roster dayflow: the best reassignment of every employee on one day, all
 * other days fixed, as a min-cost flow. Each employee takes exactly one value
 * (a shift or off) at the cost of changing their own line on that day; each
 * shift's cover penalty is convex in the number of people, so it becomes a
 * pair of parallel arcs to the sink (requirement at -under each, the rest at
 * +over each). Successive shortest paths (Bellman-Ford with a queue, since
 * costs may be negative) give the optimum exactly. */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "roster/internal.h"
#include "roster/linedp.h"

#define FL_INF (INT64_MAX / 4)

typedef struct arc {
    int to;
    int cap;
    int64_t cost;
} arc;

struct rp_flow {
    int cap_nodes, cap_arcs;
    arc *arcs;       /* arcs[2k] forward, arcs[2k + 1] its reverse */
    int *head;       /* [nodes] first arc index, -1 = none */
    int *next;       /* [arcs] */
    int64_t *dist;
    int *pred;       /* [nodes] arc used to reach the node */
    int *queue;
    uint8_t *inq;
    int64_t *delta;  /* [E * V] employee cost of each value */
    int ncap_delta;
    int narcs;
    uint64_t work;
};

rp_flow *rp_flow_create(void)
{
    return calloc(1, sizeof(rp_flow));
}

void rp_flow_free(rp_flow *f)
{
    if (!f) return;
    free(f->arcs);
    free(f->head);
    free(f->next);
    free(f->dist);
    free(f->pred);
    free(f->queue);
    free(f->inq);
    free(f->delta);
    free(f);
}

static int flow_reserve(rp_flow *f, int nodes, int arcs, int ndelta)
{
    if (nodes > f->cap_nodes) {
        free(f->head);
        free(f->dist);
        free(f->pred);
        free(f->queue);
        free(f->inq);
        f->head = malloc(sizeof(int) * (size_t)nodes);
        f->dist = malloc(sizeof(int64_t) * (size_t)nodes);
        f->pred = malloc(sizeof(int) * (size_t)nodes);
        f->queue = malloc(sizeof(int) * (size_t)nodes);
        f->inq = malloc((size_t)nodes);
        if (!f->head || !f->dist || !f->pred || !f->queue || !f->inq) {
            f->cap_nodes = 0;
            return -1;
        }
        f->cap_nodes = nodes;
    }
    if (arcs > f->cap_arcs) {
        free(f->arcs);
        free(f->next);
        f->arcs = malloc(sizeof(arc) * (size_t)arcs);
        f->next = malloc(sizeof(int) * (size_t)arcs);
        if (!f->arcs || !f->next) {
            f->cap_arcs = 0;
            return -1;
        }
        f->cap_arcs = arcs;
    }
    if (ndelta > f->ncap_delta) {
        free(f->delta);
        f->delta = malloc(sizeof(int64_t) * (size_t)ndelta);
        if (!f->delta) {
            f->ncap_delta = 0;
            return -1;
        }
        f->ncap_delta = ndelta;
    }
    return 0;
}

static void add_arc(rp_flow *f, int from, int to, int cap, int64_t cost)
{
    int k = f->narcs;
    f->arcs[k] = (arc){to, cap, cost};
    f->next[k] = f->head[from];
    f->head[from] = k;
    f->arcs[k + 1] = (arc){from, 0, -cost};
    f->next[k + 1] = f->head[to];
    f->head[to] = k + 1;
    f->narcs += 2;
}

int rp_flow_day(rp_flow *f, const rp_state *st, int d, uint8_t *nv, int64_t *gain)
{
    const rp_problem *p = st->p;
    const int E = p->E, D = p->D, V = p->V;
    /* nodes: 0 source, 1..E employees, E+1..E+V values, E+V+1 sink */
    const int src = 0, sink = E + V + 1, nodes = E + V + 2;
    const int arcs = 2 * (E + E * V + 2 * V);
    if (flow_reserve(f, nodes, arcs, E * V)) return -1;
    f->work = (uint64_t)E * (uint64_t)arcs;
    for (int i = 0; i < nodes; i++) f->head[i] = -1;
    f->narcs = 0;
    /* each employee's own cost of every value on day d */
    for (int e = 0; e < E; e++) {
        int cur = st->x[(size_t)e * D + d];
        const uint8_t *al = p->allowed + ((size_t)e * D + d) * V;
        int64_t *de = f->delta + (size_t)e * V;
        for (int v = 0; v < V; v++) {
            if (v == cur) {
                de[v] = 0;
            } else if (!al[v]) {
                de[v] = FL_INF;
            } else {
                uint8_t one = (uint8_t)v;
                int64_t ds, dh;
                rp_employee_delta(st, e, d, d, &one, &ds, &dh);
                de[v] = ds + st->hw * dh;
            }
        }
        add_arc(f, src, 1 + e, 1, 0);
        for (int v = 0; v < V; v++)
            if (de[v] < FL_INF) add_arc(f, 1 + e, 1 + E + v, 1, de[v]);
    }
    add_arc(f, 1 + E, sink, E, 0); /* days off: free */
    for (int v = 1; v < V; v++) {
        int i = d * V + v;
        int req = p->req[i] < E ? p->req[i] : E;
        if (req > 0) add_arc(f, 1 + E + v, sink, req, -(int64_t)p->under[i]);
        add_arc(f, 1 + E + v, sink, E, p->over[i]);
    }
    /* successive shortest paths, one unit each */
    for (int it = 0; it < E; it++) {
        for (int i = 0; i < nodes; i++) {
            f->dist[i] = FL_INF;
            f->inq[i] = 0;
            f->pred[i] = -1;
        }
        int qh = 0, qt = 0, qn = 0;
        f->dist[src] = 0;
        f->queue[qt] = src;
        qt = (qt + 1) % nodes;
        qn++;
        f->inq[src] = 1;
        while (qn) {
            int u = f->queue[qh];
            qh = (qh + 1) % nodes;
            qn--;
            f->inq[u] = 0;
            for (int k = f->head[u]; k >= 0; k = f->next[k]) {
                const arc *a = &f->arcs[k];
                if (a->cap <= 0) continue;
                int64_t nd = f->dist[u] + a->cost;
                if (nd < f->dist[a->to]) {
                    f->dist[a->to] = nd;
                    f->pred[a->to] = k;
                    if (!f->inq[a->to]) {
                        f->inq[a->to] = 1;
                        f->queue[qt] = a->to;
                        qt = (qt + 1) % nodes;
                        qn++;
                    }
                }
            }
        }
        if (f->dist[sink] >= FL_INF) return -2; /* an employee has no value at all */
        for (int v = sink; v != src;) {
            int k = f->pred[v];
            f->arcs[k].cap--;
            f->arcs[k ^ 1].cap++;
            v = f->arcs[k ^ 1].to;
        }
    }
    /* read the assignment: the employee arc that carries flow */
    int64_t own = 0;
    int *count = (int *)f->queue; /* reuse: V <= nodes */
    for (int v = 0; v < V; v++) count[v] = 0;
    for (int e = 0; e < E; e++) {
        nv[e] = st->x[(size_t)e * D + d];
        for (int k = f->head[1 + e]; k >= 0; k = f->next[k]) {
            const arc *a = &f->arcs[k];
            if ((k & 1) == 0 && a->to > E && a->to <= E + V && a->cap == 0) {
                nv[e] = (uint8_t)(a->to - 1 - E);
                break;
            }
        }
        own += f->delta[(size_t)e * V + nv[e]];
        count[nv[e]]++;
    }
    int64_t cover = 0;
    for (int v = 1; v < V; v++)
        cover += rp_cover_pen(p, d, v, count[v]) - rp_cover_pen(p, d, v, st->cov[d * V + v]);
    if (gain) *gain = own + cover;
    return 0;
}

uint64_t rp_flow_work(const rp_flow *f)
{
    return f->work;
}
