/* Unit tests of the funder report's rules (suppression at 0, 4 and 5, shares
 * and costs per head), exact money amounts, the outcome events' rules, and
 * the report built from figures filled by hand: no cell shows a count below 5. */
#include <criterion/criterion.h>
#include <string.h>

#include "insight/outcomes_model.h"
#include "insight/report.h"
#include "insight/report_model.h"

static const char *text(insight_cell c)
{
    static char out[64];
    return insight_cell_text(&c, "nl", false, out, sizeof out);
}

Test(insight_suppress, counts_at_0_4_5)
{
    cr_assert_eq(insight_suppress(INSIGHT_CELL_COUNT, 0, 0).state, INSIGHT_CELL_SMALL);
    cr_assert_str_eq(text(insight_suppress(INSIGHT_CELL_COUNT, 0, 0)), "<5");
    cr_assert_eq(insight_suppress(INSIGHT_CELL_COUNT, 4, 0).state, INSIGHT_CELL_SMALL);
    cr_assert_str_eq(text(insight_suppress(INSIGHT_CELL_COUNT, 4, 0)), "<5");
    cr_assert_eq(insight_suppress(INSIGHT_CELL_COUNT, 5, 0).state, INSIGHT_CELL_SHOWN);
    cr_assert_str_eq(text(insight_suppress(INSIGHT_CELL_COUNT, 5, 0)), "5");
    cr_assert_str_eq(text(insight_suppress(INSIGHT_CELL_COUNT, 1234, 0)), "1234");
}

Test(insight_suppress, shares_need_numerator_denominator_and_difference_of_5)
{
    /* 5 of 10: all three are 5: shown. */
    insight_cell c = insight_suppress(INSIGHT_CELL_PCT, 5, 10);
    cr_assert_eq(c.state, INSIGHT_CELL_SHOWN);
    cr_assert_eq(c.value, 500);
    cr_assert_str_eq(text(c), "50,0 %");
    cr_assert_eq(insight_suppress(INSIGHT_CELL_PCT, 4, 10).state, INSIGHT_CELL_WITHHELD);  /* numerator 4 */
    cr_assert_eq(insight_suppress(INSIGHT_CELL_PCT, 6, 10).state, INSIGHT_CELL_WITHHELD);  /* difference 4 */
    cr_assert_eq(insight_suppress(INSIGHT_CELL_PCT, 0, 0).state, INSIGHT_CELL_WITHHELD);   /* no denominator */
    cr_assert_eq(insight_suppress(INSIGHT_CELL_PCT, 0, 4).state, INSIGHT_CELL_WITHHELD);
    cr_assert_eq(insight_suppress(INSIGHT_CELL_PCT, 10, 10).state, INSIGHT_CELL_WITHHELD); /* 100 %: difference 0 */
    cr_assert_str_eq(text(insight_suppress(INSIGHT_CELL_PCT, 6, 10)), "—");
    c = insight_suppress(INSIGHT_CELL_PCT, 5, 8 + 8); /* 31.25 % rounds half up to 31.3 */
    cr_assert_eq(c.value, 313);
    char out[32];
    cr_assert_str_eq(insight_cell_text(&c, "en", true, out, sizeof out), "31.3");
}

Test(insight_suppress, cost_per_head_needs_5_heads)
{
    cr_assert_eq(insight_suppress(INSIGHT_CELL_PER_HEAD, 100000, 0).state, INSIGHT_CELL_WITHHELD);
    cr_assert_eq(insight_suppress(INSIGHT_CELL_PER_HEAD, 100000, 4).state, INSIGHT_CELL_WITHHELD);
    insight_cell c = insight_suppress(INSIGHT_CELL_PER_HEAD, 100001, 5);
    cr_assert_eq(c.state, INSIGHT_CELL_SHOWN);
    cr_assert_eq(c.value, 20000); /* 200.002 euros rounds to 200.00 */
    cr_assert_str_eq(text(c), "€ 200,00");
    /* Money about nobody is always shown. */
    cr_assert_str_eq(text(insight_suppress(INSIGHT_CELL_MONEY, 123456789, 0)), "€ 1.234.567,89");
    char out[32];
    cr_assert_str_eq(insight_money_text(123456789, "en", false, out, sizeof out), "€1,234,567.89");
    cr_assert_str_eq(insight_money_text(5, "en", true, out, sizeof out), "0.05");
}

Test(insight_money, parses_exactly)
{
    struct {
        const char *s;
        int64_t cents;
    } ok[] = {{"12", 1200},          {"12,5", 1250},        {"12.50", 1250},           {"1.234,56", 123456},
              {"1,234.56", 123456}, {"1.250", 125000},     {"€ 1.234.567,89", 123456789}, {"EUR 7", 700},
              {" 0,01 ", 1},         {"1 234,00", 123400}, {"€ 1 234 567", 123456700}, {"12 345,6\t", 1234560}, {"0.10", 10},             {"1000000000", 100000000000LL}};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        int64_t c = -1;
        cr_assert_eq(insight_money_parse(ok[i].s, &c), 0, "%s", ok[i].s);
        cr_assert_eq(c, ok[i].cents, "%s: %lld", ok[i].s, (long long)c);
    }
    const char *bad[] = {"", "€", "-5", "12.", ",50", "1,2345", "1.234.5678", "12,34,56", "1.2.3", "abc",
                         "1e5", "12,345.678", "0x10", "1..2", "1.23,45", "0,001", "0.500", "01.000", "00,100",
                         "12 34", "1 23", "1  234", "1 234.567,00", "1 ,50", "€ 1 2"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int64_t c = 0;
        cr_assert_eq(insight_money_parse(bad[i], &c), -1, "%s", bad[i]);
    }
    int64_t c;
    cr_assert_eq(insight_money_parse("1000000000,01", &c), -2);
    cr_assert_eq(insight_money_parse("99999999999999999999999", &c), -2);
}

/* ---- outcome events ---- */

static api_errors errs;

static bool has(const char *field)
{
    return api_errors_has(&errs, field, NULL);
}

static int check(const insight_event_input *in, const insight_event_fact *ev, int n)
{
    static const int64_t phases[] = {11, 12};
    insight_event_context ctx = {.today = "2026-05-01",
                                 .started_on = "2026-01-05",
                                 .events = ev,
                                 .nevents = n,
                                 .phases = phases,
                                 .nphases = 2};
    memset(&errs, 0, sizeof errs);
    arena a;
    arena_init(&a, 0);
    insight_event_valid v;
    int rc = insight_event_validate(&a, in, &ctx, &v, &errs);
    arena_free(&a);
    return rc;
}

static const insight_event_fact started[] = {{INSIGHT_STARTED, "2026-01-05", false}};

Test(insight_events, required_fields_per_kind)
{
    cr_assert_eq(check(&(insight_event_input){.kind = "entered_bbl", .on_date = "2026-03-01", .level = "3"}, started, 1), 0);
    cr_assert_eq(check(&(insight_event_input){.kind = "entered_bbl", .on_date = "2026-03-01"}, started, 1), API_EINVALID);
    cr_assert(has("level"));
    cr_assert_eq(check(&(insight_event_input){.kind = "entered_bbl", .on_date = "2026-03-01", .level = "4"}, started, 1),
                 API_EINVALID);
    cr_assert(has("level"));
    cr_assert_eq(check(&(insight_event_input){.kind = "employed", .on_date = "2026-03-01"}, started, 1), API_EINVALID);
    cr_assert(has("contract"));
    cr_assert_eq(check(&(insight_event_input){.kind = "employed", .on_date = "2026-03-01", .contract = "flex"}, started, 1), 0);
    cr_assert_eq(check(&(insight_event_input){.kind = "dropped_out", .on_date = "2026-03-01"}, started, 1), API_EINVALID);
    cr_assert(has("reason") && has("phase_id"));
    cr_assert_eq(check(&(insight_event_input){.kind = "dropped_out", .on_date = "2026-03-01", .reason = "finances",
                                              .phase_id = "13"},
                       started, 1),
                 API_EINVALID);
    cr_assert(has("phase_id") && !has("reason"));
    cr_assert_eq(check(&(insight_event_input){.kind = "dropped_out", .on_date = "2026-03-01", .reason = "finances",
                                              .phase_id = "12"},
                       started, 1),
                 0);
    cr_assert_eq(check(&(insight_event_input){.kind = "diploma", .on_date = "2026-03-01", .contract = "flex"}, started, 1),
                 API_EINVALID);
    cr_assert(has("contract"));
    cr_assert_eq(check(&(insight_event_input){.kind = "graduated", .on_date = "2026-03-01"}, started, 1), API_EINVALID);
    cr_assert(has("kind"));
}

Test(insight_events, dates)
{
    cr_assert_eq(check(&(insight_event_input){.kind = "diploma", .on_date = "2026-05-02"}, started, 1), API_EINVALID);
    cr_assert(has("on_date"));
    cr_assert_eq(check(&(insight_event_input){.kind = "diploma", .on_date = "2026-02-30"}, started, 1), API_EINVALID);
    cr_assert(has("on_date"));
    cr_assert_eq(check(&(insight_event_input){.kind = "diploma", .on_date = "2026-01-04"}, started, 1), API_EINVALID);
    cr_assert(has("on_date"));
    cr_assert_eq(check(&(insight_event_input){.kind = "diploma", .on_date = "2026-05-01"}, started, 1), 0);
}

Test(insight_events, nothing_after_a_stop_but_a_correction)
{
    insight_event_fact ev[] = {{INSIGHT_STARTED, "2026-01-05", false}, {INSIGHT_DROPPED_OUT, "2026-02-01", false}};
    cr_assert_eq(check(&(insight_event_input){.kind = "employed", .on_date = "2026-03-01", .contract = "flex"}, ev, 2),
                 API_EINVALID);
    cr_assert(has("on_date"));
    cr_assert_eq(check(&(insight_event_input){.kind = "left_sector", .on_date = "2026-01-20"}, ev, 2), API_EINVALID);
    cr_assert(has("kind"));
    /* Something before the stop may still be recorded. */
    cr_assert_eq(check(&(insight_event_input){.kind = "pretrack_completed", .on_date = "2026-01-20"}, ev, 2), 0);
    /* Once the stop is voided (the correction), the member goes on. */
    ev[1].voided = true;
    cr_assert_eq(check(&(insight_event_input){.kind = "employed", .on_date = "2026-03-01", .contract = "flex"}, ev, 2), 0);
    /* One start: a second one only after the first is voided. */
    cr_assert_eq(check(&(insight_event_input){.kind = "started", .on_date = "2026-01-06"}, ev, 2), API_EINVALID);
    cr_assert(has("kind"));
    ev[0].voided = true;
    cr_assert_eq(check(&(insight_event_input){.kind = "started", .on_date = "2026-01-06"}, ev, 2), 0);
}

Test(insight_events, void_and_start)
{
    arena a;
    arena_init(&a, 0);
    const char *r;
    api_errors e = {0};
    cr_assert_eq(insight_void_validate(&a, "  ", false, &r, &e), API_EINVALID);
    cr_assert(api_errors_has(&e, "reason", NULL));
    memset(&e, 0, sizeof e);
    cr_assert_eq(insight_void_validate(&a, "wrong person", true, &r, &e), API_EINVALID);
    cr_assert(api_errors_has(&e, "event", NULL));
    memset(&e, 0, sizeof e);
    cr_assert_eq(insight_void_validate(&a, " wrong person ", false, &r, &e), 0);
    cr_assert_str_eq(r, "wrong person");
    cr_assert_eq(insight_member_start_validate("2999-01-01", "2026-05-01", &e), API_EINVALID);
    cr_assert(api_errors_has(&e, "started_on", NULL));
    arena_free(&a);
}

Test(insight_costs, validate)
{
    arena a;
    arena_init(&a, 0);
    static const int64_t cohorts[] = {7};
    insight_cost_valid v;
    api_errors e = {0};
    insight_cost_input in = {.category = "coaching", .amount = "1.234,56", .spent_on = "2026-04-01", .cohort_id = "7"};
    cr_assert_eq(insight_cost_validate(&a, &in, "2026-05-01", cohorts, 1, &v, &e), 0);
    cr_assert_eq(v.amount_cents, 123456);
    cr_assert_eq(v.cohort_id, 7);
    in = (insight_cost_input){.category = "party", .amount = "12,345", .spent_on = "2026-06-01", .cohort_id = "8"};
    cr_assert_eq(insight_cost_validate(&a, &in, "2026-05-01", cohorts, 1, &v, &e), API_EINVALID);
    cr_assert(api_errors_has(&e, "category", NULL) && api_errors_has(&e, "spent_on", NULL) &&
              api_errors_has(&e, "cohort_id", NULL));
    cr_assert(!api_errors_has(&e, "amount", NULL)); /* 12,345 is twelve thousand three hundred and forty-five */
    memset(&e, 0, sizeof e);
    in = (insight_cost_input){.category = "other", .amount = "12,3456", .spent_on = "2026-04-01"};
    cr_assert_eq(insight_cost_validate(&a, &in, "2026-05-01", cohorts, 1, &v, &e), API_EINVALID);
    cr_assert(api_errors_has(&e, "amount", NULL));
    arena_free(&a);
}

/* ---- the report from figures filled by hand ---- */

Test(insight_report, no_cell_shows_a_count_below_5)
{
    insight_km_step km[] = {{.day = 30, .n_risk = 20, .n_event = 3, .surv = 0.85},
                            {.day = 100, .n_risk = 17, .n_event = 3, .surv = 0.70},
                            {.day = 200, .n_risk = 9, .n_event = 1, .surv = 0.622}};
    insight_count phases[] = {{"Voortraject", 4}, {"BBL", 3}};
    insight_count reasons[] = {{"finances", 5}, {"health", 2}};
    insight_figures f = {.programme_name = "WelSlagen",
                         .applied = 40,
                         .selected = 24,
                         .members = 20,
                         .reached = {20, 14, 12, 3, 8, 7, 0},
                         .continued = 12,
                         .decided = 15,
                         .pending = 5,
                         .target_pct = 75,
                         .km = km,
                         .nkm = 3,
                         .dropout_by_phase = phases,
                         .nphase = 2,
                         .dropout_by_reason = reasons,
                         .nreason = 2,
                         .costs_cents = 4000000,
                         .working_6m = 6,
                         .eligible_6m = 16,
                         .working_12m = 2,
                         .eligible_12m = 9};
    arena a;
    arena_init(&a, 0);
    insight_report r;
    cr_assert_eq(insight_report_build(&f, "nl", "2026-05-01", "voorjaar 2025", &a, &r), 0);
    char v[64];
    int small = 0, shown_pct = 0;
    for (int i = 0; i < r.n; i++) {
        const insight_cell *c = &r.rows[i].cell;
        const char *t = insight_report_value(&r.rows[i], v, sizeof v);
        if (c->kind == INSIGHT_CELL_COUNT) {
            if (c->state == INSIGHT_CELL_SHOWN) cr_assert_geq(c->value, 5, "%s", r.rows[i].measure);
            else {
                small++;
                cr_assert_str_eq(t, "<5");
            }
        }
        if (c->kind == INSIGHT_CELL_PCT && c->state == INSIGHT_CELL_SHOWN) shown_pct++;
    }
    cr_assert_geq(small, 10); /* diploma 3, left 0, phases 4 and 3, reasons 2 and the zeros, working_12m 2 */
    /* 12 of 15 into BBL: difference 3, so the rate is withheld; target shown. */
    for (int i = 0; i < r.n; i++) {
        const char *m = r.rows[i].measure;
        const char *t = insight_report_value(&r.rows[i], v, sizeof v);
        if (!strcmp(m, "rate")) cr_assert_str_eq(t, "—");
        if (!strcmp(m, "target")) cr_assert_str_eq(t, "75.0");
        if (!strcmp(m, "working_6m_pct")) cr_assert_str_eq(t, "37.5");
        if (!strcmp(m, "per_member")) cr_assert_str_eq(t, "2000.00");
        if (!strcmp(m, "per_working_12m")) cr_assert_str_eq(t, "—");
        if (!strcmp(m, "retained_3m")) cr_assert_str_eq(t, "—");     /* 3 events by day 91 */
        if (!strcmp(m, "retained_6m")) cr_assert_str_eq(t, "70.0");  /* 6 events, 14 without, 9 followed */
        if (!strcmp(m, "retained_12m")) cr_assert_str_eq(t, "—");    /* nobody followed past day 200 */
    }
    cr_assert(r.withheld);
    buf csv;
    buf_init(&csv, 1 << 20);
    insight_report_csv(&r, &csv);
    cr_assert(strstr(buf_cstr(&csv), "funnel,diploma,Bereikt: diploma,<5\r\n"));
    cr_assert(strstr(buf_cstr(&csv), "report,date,Stand per,2026-05-01\r\n"));
    buf_free(&csv);
    /* A name a spreadsheet would run as a formula is written as text. */
    f.programme_name = "=HYPERLINK(\"http://x\",\"klik\")";
    cr_assert_eq(insight_report_build(&f, "nl", "2026-05-01", "-1+1", &a, &r), 0);
    buf_init(&csv, 1 << 20);
    insight_report_csv(&r, &csv);
    cr_assert(strstr(buf_cstr(&csv), ",\"'=HYPERLINK(\"\"http://x\"\",\"\"klik\"\")\"\r\n"), "%s", buf_cstr(&csv));
    cr_assert(strstr(buf_cstr(&csv), ",'-1+1\r\n"));
    cr_assert_null(strstr(buf_cstr(&csv), ",=HYPERLINK"));
    buf_free(&csv);
    arena_free(&a);
}
