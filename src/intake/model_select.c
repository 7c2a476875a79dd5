/* intake selection rules: ranking, "select the best K", the funnel. Pure. */
#include "intake/model_select.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/str.h"

#define SCORE_EPSILON 1e-9

bool intake_score_valid(int64_t score)
{
    return score >= INTAKE_SCORE_MIN && score <= INTAKE_SCORE_MAX;
}

bool intake_weight_valid(double weight)
{
    return isfinite(weight) && weight > 0 && weight <= INTAKE_WEIGHT_MAX;
}

bool intake_select_k_valid(int64_t k)
{
    return k >= 1 && k <= INTAKE_SELECT_K_MAX;
}

msg_id intake_tie_label(intake_tie t)
{
    switch (t) {
    case INTAKE_TIE_REVIEWERS: return MSG_PIPE_TIE_REVIEWERS;
    case INTAKE_TIE_EARLIER: return MSG_PIPE_TIE_EARLIER;
    case INTAKE_TIE_ID: return MSG_PIPE_TIE_ID;
    case INTAKE_TIE_NONE: break;
    }
    return MSG_COUNT;
}

const char *intake_tie_key(intake_tie t)
{
    switch (t) {
    case INTAKE_TIE_REVIEWERS: return "more_reviewers";
    case INTAKE_TIE_EARLIER: return "earlier_application";
    case INTAKE_TIE_ID: return "lower_id";
    case INTAKE_TIE_NONE: break;
    }
    return NULL;
}

/* 0 complete, 1 missing criteria, 2 no scores at all. */
static int completeness(const intake_ranked *r, int ncrit)
{
    if (r->reviewers == 0 || r->nmissing == ncrit) return 2;
    return r->nmissing ? 1 : 0;
}

/* The rubric's size for the comparator (qsort has no context argument). */
static _Thread_local int tl_ncrit;

static int rank_cmp(const void *pa, const void *pb)
{
    const intake_ranked *a = pa, *b = pb;
    int ca = completeness(a, tl_ncrit), cb = completeness(b, tl_ncrit);
    if (ca != cb) return ca < cb ? -1 : 1;
    if (fabs(a->score - b->score) > SCORE_EPSILON) return a->score > b->score ? -1 : 1;
    if (a->reviewers != b->reviewers) return a->reviewers > b->reviewers ? -1 : 1;
    if (a->created_at != b->created_at) return a->created_at < b->created_at ? -1 : 1;
    if (a->application_id != b->application_id) return a->application_id < b->application_id ? -1 : 1;
    return 0;
}

/* How the order of a (above) and b (below), equal in class and score, was decided. */
static intake_tie tie_between(const intake_ranked *a, const intake_ranked *b)
{
    if (a->reviewers != b->reviewers) return INTAKE_TIE_REVIEWERS;
    if (a->created_at != b->created_at) return INTAKE_TIE_EARLIER;
    return INTAKE_TIE_ID;
}

static bool equal_place(const intake_ranked *a, const intake_ranked *b, int ncrit)
{
    int ca = completeness(a, ncrit);
    return ca != 2 && ca == completeness(b, ncrit) && fabs(a->score - b->score) <= SCORE_EPSILON;
}

static int index_of(const int64_t *ids, int n, int64_t id)
{
    for (int i = 0; i < n; i++)
        if (ids[i] == id) return i;
    return -1;
}

int intake_rank(arena *a, const intake_criterion *crit, int ncrit, const intake_candidate *cand, int ncand,
                const intake_score *scores, int nscores, intake_ranked **out)
{
    assert(ncrit >= 0 && ncand >= 0 && nscores >= 0);
    *out = NULL;
    size_t cells = (size_t)(ncand ? ncand : 1) * (size_t)(ncrit ? ncrit : 1);
    intake_ranked *r = arena_calloc(a, (size_t)(ncand ? ncand : 1), sizeof *r);
    double *sum = arena_calloc(a, cells, sizeof *sum);
    int *cnt = arena_calloc(a, cells, sizeof *cnt);
    int64_t *cand_ids = arena_calloc(a, (size_t)(ncand ? ncand : 1), sizeof *cand_ids);
    int64_t *crit_ids = arena_calloc(a, (size_t)(ncrit ? ncrit : 1), sizeof *crit_ids);
    /* reviewers per candidate: distinct ids among its scores */
    int64_t *seen = arena_calloc(a, (size_t)(nscores ? nscores : 1), sizeof *seen);
    int *seen_app = arena_calloc(a, (size_t)(nscores ? nscores : 1), sizeof *seen_app);
    if (!r || !sum || !cnt || !cand_ids || !crit_ids || !seen || !seen_app) return -1;
    for (int i = 0; i < ncand; i++) cand_ids[i] = cand[i].application_id;
    for (int j = 0; j < ncrit; j++) crit_ids[j] = crit[j].id;
    int nseen = 0;
    for (int s = 0; s < nscores; s++) {
        int i = index_of(cand_ids, ncand, scores[s].application_id);
        int j = index_of(crit_ids, ncrit, scores[s].criterion_id);
        if (i < 0 || j < 0 || !intake_score_valid(scores[s].score)) continue;
        sum[(size_t)i * (size_t)ncrit + (size_t)j] += scores[s].score;
        cnt[(size_t)i * (size_t)ncrit + (size_t)j]++;
        bool known = false;
        for (int k = 0; k < nseen && !known; k++) known = seen_app[k] == i && seen[k] == scores[s].reviewer_id;
        if (!known) {
            seen_app[nseen] = i;
            seen[nseen++] = scores[s].reviewer_id;
            r[i].reviewers++;
        }
    }
    for (int i = 0; i < ncand; i++) {
        intake_ranked *e = &r[i];
        e->application_id = cand[i].application_id;
        e->created_at = cand[i].created_at;
        e->criterion_means = arena_calloc(a, (size_t)(ncrit ? ncrit : 1), sizeof *e->criterion_means);
        e->missing = arena_calloc(a, (size_t)(ncrit ? ncrit : 1), sizeof *e->missing);
        if (!e->criterion_means || !e->missing) return -1;
        double wsum = 0, total = 0;
        for (int j = 0; j < ncrit; j++) {
            int c = cnt[(size_t)i * (size_t)ncrit + (size_t)j];
            if (!c) {
                e->missing[e->nmissing++] = j;
                continue;
            }
            double mean = sum[(size_t)i * (size_t)ncrit + (size_t)j] / c;
            e->criterion_means[j] = mean;
            total += crit[j].weight * mean;
            wsum += crit[j].weight;
        }
        e->score = wsum > 0 ? total / wsum : 0;
        if (wsum <= 0) e->reviewers = 0;
    }
    tl_ncrit = ncrit;
    if (ncand > 1) qsort(r, (size_t)ncand, sizeof *r, rank_cmp);
    int rank = 0;
    for (int i = 0; i < ncand; i++) {
        intake_ranked *e = &r[i];
        switch (completeness(e, ncrit)) {
        case 0:
            e->reason = MSG_PIPE_RANK_COMPLETE;
            e->reason_key = "complete";
            break;
        case 1:
            e->reason = MSG_PIPE_RANK_MISSING;
            e->reason_key = "missing_criteria";
            break;
        default:
            e->reason = MSG_PIPE_RANK_NO_SCORES;
            e->reason_key = "no_scores";
            e->rank = 0;
            continue;
        }
        e->rank = ++rank;
        if (i > 0 && equal_place(&r[i - 1], e, ncrit)) {
            e->tie = tie_between(&r[i - 1], e);
            e->tie_with = r[i - 1].application_id;
        } else if (i + 1 < ncand && equal_place(e, &r[i + 1], ncrit)) {
            e->tie = tie_between(e, &r[i + 1]);
            e->tie_with = r[i + 1].application_id;
        }
    }
    *out = r;
    return 0;
}

int intake_select_best(arena *a, const intake_ranked *ranked, int n, intake_partner_places *p, int np, int k,
                       intake_selection **out, int *nselected)
{
    assert(n >= 0 && np >= 0);
    *out = NULL;
    *nselected = 0;
    intake_selection *s = arena_calloc(a, (size_t)(n ? n : 1), sizeof *s);
    if (!s) return -1;
    int taken = 0;
    for (int i = 0; i < n; i++) {
        s[i].application_id = ranked[i].application_id;
        s[i].rank = ranked[i].rank;
        if (ranked[i].rank == 0) {
            s[i].pick = INTAKE_PICK_NO_SCORES;
            s[i].reason = MSG_PIPE_PICK_NO_SCORES;
            s[i].reason_key = "no_scores";
            continue;
        }
        if (ranked[i].rank > k) {
            s[i].pick = INTAKE_PICK_BELOW_K;
            s[i].reason = MSG_PIPE_PICK_BELOW_K;
            s[i].reason_key = "below_k";
            continue;
        }
        int best = -1;
        for (int j = 0; j < np; j++)
            if (p[j].places > 0 && (best < 0 || p[j].places > p[best].places)) best = j;
        if (best < 0) {
            s[i].pick = INTAKE_PICK_NO_PLACES;
            s[i].reason = MSG_PIPE_PICK_NO_PLACES;
            s[i].reason_key = "no_places";
            continue;
        }
        p[best].places--;
        s[i].pick = INTAKE_PICK_SELECTED;
        s[i].org_id = p[best].org_id;
        s[i].reason = MSG_PIPE_PICK_SELECTED;
        s[i].reason_key = "selected";
        taken++;
    }
    *out = s;
    *nselected = taken;
    return 0;
}

/* ---- The funnel ---- */

static const char *const source_names[INTAKE_SOURCES] = {"direct", "utm", "jobcoach", "via_via", "import"};

const char *intake_source_name(int i)
{
    return i >= 0 && i < INTAKE_SOURCES ? source_names[i] : NULL;
}

int intake_source_parse(const char *s)
{
    for (int i = 0; s && i < INTAKE_SOURCES; i++)
        if (str_eq(s, source_names[i])) return i;
    return -1;
}

static int cmp_int64(const void *pa, const void *pb)
{
    int64_t a = *(const int64_t *)pa, b = *(const int64_t *)pb;
    return a < b ? -1 : a > b;
}

static int cmp_move(const void *pa, const void *pb)
{
    const intake_funnel_move *a = pa, *b = pb;
    if (a->application_id != b->application_id) return a->application_id < b->application_id ? -1 : 1;
    if (a->at != b->at) return a->at < b->at ? -1 : 1;
    /* the arrival first at the same second */
    if ((a->from_stage == 0) != (b->from_stage == 0)) return a->from_stage == 0 ? -1 : 1;
    return 0;
}

static int stage_index(const intake_funnel_stage *stages, int n, int64_t id)
{
    for (int i = 0; i < n; i++)
        if (stages[i].id == id) return i;
    return -1;
}

int intake_funnel_compute(arena *a, const intake_funnel_stage *stages, int nstages, const intake_funnel_app *apps,
                          int napps, const intake_funnel_move *moves, int nmoves, intake_funnel *out)
{
    memset(out, 0, sizeof *out);
    size_t ns = (size_t)(nstages ? nstages : 1);
    out->nstages = nstages;
    out->count = arena_calloc(a, ns, sizeof *out->count);
    out->reached = arena_calloc(a, ns, sizeof *out->reached);
    out->conversion = arena_calloc(a, ns, sizeof *out->conversion);
    out->median_days = arena_calloc(a, ns, sizeof *out->median_days);
    out->stays = arena_calloc(a, ns, sizeof *out->stays);
    for (int s = 0; s < INTAKE_SOURCES; s++) out->reached_by_source[s] = arena_calloc(a, ns, sizeof(int));
    intake_funnel_move *m = arena_calloc(a, (size_t)(nmoves ? nmoves : 1), sizeof *m);
    int64_t *durations = arena_calloc(a, (size_t)(nmoves ? nmoves : 1), sizeof *durations);
    int *dur_stage = arena_calloc(a, (size_t)(nmoves ? nmoves : 1), sizeof *dur_stage);
    bool *ever = arena_calloc(a, ns, sizeof *ever);
    if (!out->count || !out->reached || !out->conversion || !out->median_days || !out->stays || !m || !durations ||
        !dur_stage || !ever)
        return -1;
    for (int s = 0; s < INTAKE_SOURCES; s++)
        if (!out->reached_by_source[s]) return -1;
    if (nmoves) memcpy(m, moves, (size_t)nmoves * sizeof *m);
    if (nmoves > 1) qsort(m, (size_t)nmoves, sizeof *m, cmp_move);
    int ndur = 0;
    for (int i = 0; i + 1 < nmoves; i++) {
        if (m[i].application_id != m[i + 1].application_id) continue;
        int si = stage_index(stages, nstages, m[i].to_stage);
        if (si < 0) continue;
        durations[ndur] = m[i + 1].at - m[i].at;
        dur_stage[ndur++] = si;
    }
    out->total = napps;
    for (int i = 0; i < napps; i++) {
        const intake_funnel_app *app = &apps[i];
        int src = intake_source_parse(app->source);
        if (src >= 0) out->per_source[src]++;
        int now = stage_index(stages, nstages, app->stage_id);
        if (now >= 0) out->count[now]++;
        memset(ever, 0, ns * sizeof *ever);
        if (now >= 0) ever[now] = true;
        /* moves are sorted by application: find its first one */
        int lo = 0, hi = nmoves;
        while (lo < hi) {
            int mid = lo + (hi - lo) / 2;
            if (m[mid].application_id < app->id) lo = mid + 1;
            else hi = mid;
        }
        for (int mi = lo; mi < nmoves && m[mi].application_id == app->id; mi++) {
            int t = stage_index(stages, nstages, m[mi].to_stage);
            if (t >= 0) ever[t] = true;
            int f = stage_index(stages, nstages, m[mi].from_stage);
            if (f >= 0) ever[f] = true;
        }
        int furthest = -1;
        for (int s = 0; s < nstages; s++)
            if (ever[s] && stages[s].progression) furthest = s;
        for (int s = 0; s < nstages; s++) {
            bool hit = stages[s].progression ? s <= furthest : ever[s];
            if (!hit) continue;
            out->reached[s]++;
            if (src >= 0) out->reached_by_source[src][s]++;
        }
    }
    int prev = -1;
    for (int s = 0; s < nstages; s++) {
        out->conversion[s] = -1;
        if (!stages[s].progression) continue;
        if (prev >= 0 && out->reached[prev] > 0) out->conversion[s] = (double)out->reached[s] / out->reached[prev];
        prev = s;
    }
    int64_t *sorted = arena_calloc(a, (size_t)(ndur ? ndur : 1), sizeof *sorted);
    if (!sorted) return -1;
    for (int s = 0; s < nstages; s++) {
        int k = 0;
        for (int d = 0; d < ndur; d++)
            if (dur_stage[d] == s) sorted[k++] = durations[d];
        out->stays[s] = k;
        out->median_days[s] = -1;
        if (!k) continue;
        qsort(sorted, (size_t)k, sizeof *sorted, cmp_int64);
        double med = k % 2 ? (double)sorted[k / 2] : ((double)sorted[k / 2 - 1] + (double)sorted[k / 2]) / 2.0;
        out->median_days[s] = med / 86400.0;
    }
    return 0;
}
