/* intake selection rules (src/intake/model.c) with hand-computed
 * figures: the rubric's weighted means, the explained ranking, "select the
 * best K" under places per partner, and the funnel. */
#include <criterion/criterion.h>

#include <math.h>
#include <string.h>

#include "base/arena.h"
#include "http/i18n.h"
#include "intake/model.h"

static arena A;

static void setup(void)
{
    arena_init(&A, 16u << 20);
}

static void teardown(void)
{
    arena_free(&A);
}

TestSuite(intake_select, .init = setup, .fini = teardown);

#define NEAR(x, y) (fabs((x) - (y)) < 1e-9)

/* Rubric: motivation (weight 2), availability (1), languages (1). */
static const intake_criterion crit[] = {{101, "motivatie", 2}, {102, "beschikbaarheid", 1}, {103, "talen", 1}};

static const intake_candidate cand[] = {
    {1, 100}, {2, 200}, {3, 50}, {4, 300}, {5, 300}, {6, 10}, {7, 150}, {8, 120},
};

static const intake_score scores[] = {
    /* 1: means 4.5, 3, 4 -> (9 + 3 + 4) / 4 = 4.0, two reviewers */
    {1, 101, 10, 4}, {1, 102, 10, 3}, {1, 103, 10, 5},
    {1, 101, 11, 5}, {1, 102, 11, 3}, {1, 103, 11, 3},
    /* 2: 4.0 with one reviewer: ties with 1, fewer reviewers */
    {2, 101, 10, 4}, {2, 102, 10, 4}, {2, 103, 10, 4},
    /* 3: no "talen": (10 + 5) / 3 = 5.0 but incomplete */
    {3, 101, 10, 5}, {3, 102, 10, 5},
    /* 4 and 5: 3.0, two reviewers, same time: the lower id first */
    {4, 101, 11, 3}, {4, 102, 11, 3}, {4, 103, 11, 3}, {4, 101, 12, 3}, {4, 102, 12, 3}, {4, 103, 12, 3},
    {5, 101, 10, 3}, {5, 102, 10, 3}, {5, 103, 10, 3}, {5, 101, 11, 3}, {5, 102, 11, 3}, {5, 103, 11, 3},
    /* 7 and 8: (4 + 5 + 5) / 4 = 3.5, one reviewer each: 8 applied earlier */
    {7, 101, 12, 2}, {7, 102, 12, 5}, {7, 103, 12, 5},
    {8, 101, 11, 2}, {8, 102, 11, 5}, {8, 103, 11, 5},
    /* ignored: an unknown application, an unknown criterion, out-of-range scores */
    {99, 101, 10, 5}, {6, 999, 10, 5}, {6, 101, 10, 0}, {6, 102, 10, 6},
};

static const intake_ranked *find(const intake_ranked *r, int n, int64_t id)
{
    for (int i = 0; i < n; i++)
        if (r[i].application_id == id) return &r[i];
    cr_assert_fail("application %lld not in the ranking", (long long)id);
    return NULL;
}

Test(intake_select, weighted_means_over_criteria_of_means_over_reviewers)
{
    intake_ranked *r;
    cr_assert_eq(intake_rank(&A, crit, 3, cand, 8, scores, (int)(sizeof scores / sizeof scores[0]), &r), 0);
    const intake_ranked *e = find(r, 8, 1);
    cr_assert(NEAR(e->criterion_means[0], 4.5));
    cr_assert(NEAR(e->criterion_means[1], 3.0));
    cr_assert(NEAR(e->criterion_means[2], 4.0));
    cr_assert(NEAR(e->score, 4.0), "score %f", e->score);
    cr_assert_eq(e->reviewers, 2);
    cr_assert(NEAR(find(r, 8, 7)->score, 3.5));
    cr_assert(NEAR(find(r, 8, 3)->score, 5.0), "weights renormalised over the scored criteria");
    cr_assert_eq(find(r, 8, 4)->reviewers, 2);
    cr_assert_eq(find(r, 8, 6)->reviewers, 0, "out-of-range and unknown scores are ignored");
}

Test(intake_select, ranking_order_and_its_explanations)
{
    intake_ranked *r;
    cr_assert_eq(intake_rank(&A, crit, 3, cand, 8, scores, (int)(sizeof scores / sizeof scores[0]), &r), 0);
    const int64_t order[] = {1, 2, 8, 7, 4, 5, 3, 6};
    for (int i = 0; i < 8; i++)
        cr_assert_eq(r[i].application_id, order[i], "place %d: %lld", i, (long long)r[i].application_id);
    for (int i = 0; i < 7; i++) cr_assert_eq(r[i].rank, i + 1);
    cr_assert_eq(r[7].rank, 0, "no scores: no rank");

    cr_assert_eq(r[0].tie, INTAKE_TIE_REVIEWERS);
    cr_assert_eq(r[0].tie_with, 2);
    cr_assert_eq(r[1].tie, INTAKE_TIE_REVIEWERS);
    cr_assert_eq(r[1].tie_with, 1);
    cr_assert_str_eq(intake_tie_key(r[1].tie), "more_reviewers");
    cr_assert_eq(r[2].tie, INTAKE_TIE_EARLIER);
    cr_assert_eq(r[3].tie_with, 8);
    cr_assert_str_eq(intake_tie_key(r[3].tie), "earlier_application");
    cr_assert_eq(r[4].tie, INTAKE_TIE_ID);
    cr_assert_eq(r[5].tie, INTAKE_TIE_ID);
    cr_assert_eq(r[5].tie_with, 4);
    cr_assert_eq(r[6].tie, INTAKE_TIE_NONE, "5.0 incomplete ties with nobody");
    cr_assert_null(intake_tie_key(INTAKE_TIE_NONE));

    cr_assert_str_eq(r[0].reason_key, "complete");
    cr_assert_eq(r[0].reason, MSG_PIPE_RANK_COMPLETE);
    cr_assert_str_eq(r[6].reason_key, "missing_criteria");
    cr_assert_eq(r[6].nmissing, 1);
    cr_assert_eq(r[6].missing[0], 2, "talen is missing");
    cr_assert_str_eq(r[7].reason_key, "no_scores");
    cr_assert_eq(r[7].reason, MSG_PIPE_RANK_NO_SCORES);
    cr_assert_eq(intake_tie_label(INTAKE_TIE_EARLIER), MSG_PIPE_TIE_EARLIER);
    cr_assert_str_eq(msg_in("en", intake_tie_label(INTAKE_TIE_REVIEWERS)),
                     "Same score as {1}; decided by the number of reviewers (more comes first).");
}

Test(intake_select, empty_inputs)
{
    intake_ranked *r;
    cr_assert_eq(intake_rank(&A, crit, 3, NULL, 0, NULL, 0, &r), 0);
    const intake_candidate one[] = {{42, 1}};
    cr_assert_eq(intake_rank(&A, NULL, 0, one, 1, scores, 3, &r), 0);
    cr_assert_eq(r[0].rank, 0, "a rubric without criteria ranks nobody");
    cr_assert_str_eq(r[0].reason_key, "no_scores");
}

/* WelSlagen: 30 pre-selected, 24 places over Laurens (10), Albeda (8), Calibris (6). */
static intake_ranked *welslagen(int n)
{
    intake_candidate *c = arena_calloc(&A, (size_t)n, sizeof *c);
    intake_score *s = arena_calloc(&A, (size_t)n, sizeof *s);
    const intake_criterion one[] = {{1, "geschiktheid", 1}};
    for (int i = 0; i < n; i++) {
        c[i] = (intake_candidate){i + 1, 1000 + i};
        s[i] = (intake_score){i + 1, 1, 7, 5 - (i * 4) / n}; /* 5,5,...,2: ties broken by the earlier one */
    }
    intake_ranked *r;
    cr_assert_eq(intake_rank(&A, one, 1, c, n, s, n - 1, &r), 0); /* the last one is not scored */
    return r;
}

Test(intake_select, best_k_respects_places_per_partner)
{
    intake_ranked *r = welslagen(31);
    for (int i = 0; i < 30; i++) cr_assert_eq(r[i].application_id, i + 1);
    intake_partner_places p[] = {{11, "Laurens", 10}, {12, "Albeda", 8}, {13, "Calibris", 6}};
    intake_selection *s;
    int nsel = 0;
    cr_assert_eq(intake_select_best(&A, r, 31, p, 3, 24, &s, &nsel), 0);
    cr_assert_eq(nsel, 24);
    int per[3] = {0};
    for (int i = 0; i < 24; i++) {
        cr_assert_eq(s[i].pick, INTAKE_PICK_SELECTED, "rank %d", i + 1);
        per[s[i].org_id - 11]++;
    }
    cr_assert_eq(per[0], 10);
    cr_assert_eq(per[1], 8);
    cr_assert_eq(per[2], 6);
    /* most places left first, the first listed of equals: L L L A L A L A C ... */
    const int64_t first[] = {11, 11, 11, 12, 11, 12, 11, 12, 13, 11, 12, 13};
    for (int i = 0; i < 12; i++) cr_assert_eq(s[i].org_id, first[i], "rank %d goes to %lld", i + 1, (long long)s[i].org_id);
    for (int i = 24; i < 30; i++) {
        cr_assert_eq(s[i].pick, INTAKE_PICK_BELOW_K);
        cr_assert_str_eq(s[i].reason_key, "below_k");
        cr_assert_eq(s[i].org_id, 0);
    }
    cr_assert_eq(s[30].pick, INTAKE_PICK_NO_SCORES);
    cr_assert_eq(s[30].reason, MSG_PIPE_PICK_NO_SCORES);
    for (int j = 0; j < 3; j++) cr_assert_eq(p[j].places, 0, "every place taken");
}

Test(intake_select, k_above_the_places_says_no_places_left)
{
    intake_ranked *r = welslagen(31);
    intake_partner_places p[] = {{11, "Laurens", 10}, {12, "Albeda", 8}, {13, "Calibris", 6}};
    intake_selection *s;
    int nsel = 0;
    cr_assert_eq(intake_select_best(&A, r, 31, p, 3, 28, &s, &nsel), 0);
    cr_assert_eq(nsel, 24);
    for (int i = 24; i < 28; i++) {
        cr_assert_eq(s[i].pick, INTAKE_PICK_NO_PLACES, "rank %d", i + 1);
        cr_assert_str_eq(s[i].reason_key, "no_places");
    }
    cr_assert_eq(s[28].pick, INTAKE_PICK_BELOW_K, "rank 29 is after the best 28");
    cr_assert_eq(s[29].pick, INTAKE_PICK_BELOW_K);
    /* places already taken count: Laurens has 2 left */
    intake_partner_places q[] = {{11, "Laurens", 2}, {12, "Albeda", 0}};
    cr_assert_eq(intake_select_best(&A, r, 31, q, 2, 5, &s, &nsel), 0);
    cr_assert_eq(nsel, 2);
    cr_assert_eq(s[0].org_id, 11);
    cr_assert_eq(s[1].org_id, 11);
    cr_assert_eq(s[2].pick, INTAKE_PICK_NO_PLACES);
    cr_assert_eq(s[5].pick, INTAKE_PICK_BELOW_K);
}

Test(intake_select, input_rules)
{
    cr_assert(!intake_score_valid(0));
    cr_assert(intake_score_valid(1));
    cr_assert(intake_score_valid(5));
    cr_assert(!intake_score_valid(6));
    cr_assert(!intake_weight_valid(0));
    cr_assert(!intake_weight_valid(-1));
    cr_assert(!intake_weight_valid(NAN));
    cr_assert(!intake_weight_valid(101));
    cr_assert(intake_weight_valid(0.5));
    cr_assert(!intake_select_k_valid(-1));
    cr_assert(!intake_select_k_valid(0));
    cr_assert(intake_select_k_valid(24));
    cr_assert(!intake_select_k_valid(INTAKE_SELECT_K_MAX + 1));
    cr_assert_eq(intake_source_parse("via_via"), 3);
    cr_assert_eq(intake_source_parse("radio"), -1);
    cr_assert_str_eq(intake_source_name(4), "import");
    cr_assert_null(intake_source_name(5));
}

#define DAY 86400

Test(intake_select, funnel_counts_conversion_medians_and_sources)
{
    const intake_funnel_stage st[] = {{1, true}, {2, true}, {3, true}, {4, true}, {5, false}, {6, false}};
    const intake_funnel_app apps[] = {
        {1, 4, "direct"}, {2, 6, "direct"}, {3, 6, "utm"}, {4, 3, "jobcoach"}, {5, 1, "utm"},
    };
    const intake_funnel_move mv[] = {
        {1, 3, 4, 6 * DAY}, {1, 0, 1, 0}, {1, 1, 2, 2 * DAY}, {1, 2, 3, 5 * DAY},
        {2, 0, 1, 0}, {2, 1, 2, 4 * DAY}, {2, 2, 6, 5 * DAY},
        {3, 0, 1, 0}, {3, 1, 6, 1 * DAY},
        {4, 0, 1, 0}, {4, 1, 3, 3 * DAY},
        {5, 0, 1, 0},
    };
    intake_funnel f;
    cr_assert_eq(intake_funnel_compute(&A, st, 6, apps, 5, mv, (int)(sizeof mv / sizeof mv[0]), &f), 0);
    const int count[] = {1, 0, 1, 1, 0, 2}, reached[] = {5, 3, 2, 1, 0, 2};
    for (int s = 0; s < 6; s++) {
        cr_assert_eq(f.count[s], count[s], "count of stage %d", s + 1);
        cr_assert_eq(f.reached[s], reached[s], "reached of stage %d", s + 1);
    }
    cr_assert(NEAR(f.conversion[0], -1));
    cr_assert(NEAR(f.conversion[1], 0.6));
    cr_assert(NEAR(f.conversion[2], 2.0 / 3.0));
    cr_assert(NEAR(f.conversion[3], 0.5));
    cr_assert(NEAR(f.conversion[4], -1));
    cr_assert(NEAR(f.median_days[0], 2.5), "stays 1, 2, 3, 4 days: %f", f.median_days[0]);
    cr_assert_eq(f.stays[0], 4);
    cr_assert(NEAR(f.median_days[1], 2.0), "stays 3 and 1 days");
    cr_assert(NEAR(f.median_days[2], 1.0));
    cr_assert(NEAR(f.median_days[3], -1), "nobody left geselecteerd");
    cr_assert_eq(f.total, 5);
    cr_assert_eq(f.per_source[0], 2);
    cr_assert_eq(f.per_source[1], 2);
    cr_assert_eq(f.per_source[2], 1);
    cr_assert_eq(f.per_source[3], 0);
    cr_assert_eq(f.reached_by_source[1][0], 2);
    cr_assert_eq(f.reached_by_source[1][1], 0);
    cr_assert_eq(f.reached_by_source[0][1], 2);
    cr_assert_eq(f.reached_by_source[2][1], 1, "skipping gescreend still passes it");
    cr_assert_eq(f.reached_by_source[2][2], 1);
}

Test(intake_select, funnel_of_nothing)
{
    const intake_funnel_stage st[] = {{1, true}, {2, true}};
    intake_funnel f;
    cr_assert_eq(intake_funnel_compute(&A, st, 2, NULL, 0, NULL, 0, &f), 0);
    cr_assert_eq(f.reached[0], 0);
    cr_assert(NEAR(f.conversion[1], -1), "0 of 0 is no conversion");
    cr_assert(NEAR(f.median_days[0], -1));
}
