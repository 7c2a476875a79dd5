/* insight outcomes model: members, outcome events and costs, the rules. Pure. */
#include "insight/outcomes_model.h"

#include <string.h>

#include "base/str.h"
#include "base/time.h"
#include "insight/report_model.h"

static const char *const kind_names[INSIGHT_EVENT_COUNT] = {
    "started", "pretrack_completed", "entered_bbl", "diploma", "employed", "dropped_out", "left_sector"};
const char *const insight_contracts[] = {"permanent", "fixed_term", "flex", "bbl", "other", NULL};
const char *const insight_reasons[] = {"health",   "finances", "workload", "childcare", "other_job", "study",
                                       "not_suitable", "personal", "moved", "unknown", NULL};
const char *const insight_cost_categories[] = {"coaching",  "training", "mentoring", "recruitment",
                                               "allowance", "support",  "overhead",  "other", NULL};

static bool in_list(const char *s, const char *const *list)
{
    for (int i = 0; s && list[i]; i++)
        if (str_eq(s, list[i])) return true;
    return false;
}

bool insight_contract_valid(const char *s) { return in_list(s, insight_contracts); }
bool insight_reason_valid(const char *s) { return in_list(s, insight_reasons); }
bool insight_cost_category_valid(const char *s) { return in_list(s, insight_cost_categories); }

const char *insight_outcome_kind_name(insight_event_kind kind)
{
    return kind >= 0 && kind < INSIGHT_EVENT_COUNT ? kind_names[kind] : NULL;
}

insight_event_kind insight_outcome_kind_parse(const char *s)
{
    for (int i = 0; s && i < INSIGHT_EVENT_COUNT; i++)
        if (str_eq(s, kind_names[i])) return (insight_event_kind)i;
    return INSIGHT_EVENT_COUNT;
}

/* s trimmed, or NULL when absent or blank. */
static const char *trimmed(arena *a, const char *s)
{
    if (!s) return NULL;
    char *t = str_trim(a, s);
    return t && *t ? t : NULL;
}

static bool check_text(api_errors *e, const char *field, const char *s, bool required, size_t max, bool multiline)
{
    switch (api_text_check(s, required, max, multiline)) {
    case API_TEXT_MISSING: api_errors_add(e, field, MSG_OUTCOME_ERR_REQUIRED); return false;
    case API_TEXT_TOO_LONG: api_errors_add(e, field, MSG_OUTCOME_ERR_TOO_LONG); return false;
    case API_TEXT_INVALID: api_errors_add(e, field, MSG_OUTCOME_ERR_TEXT); return false;
    case API_TEXT_OK: break;
    }
    return true;
}

/* A real day "YYYY-MM-DD" not after today; an error on field otherwise. */
static bool check_day(api_errors *e, const char *field, const char *s, const char *today)
{
    int y, m, d;
    if (!s) {
        api_errors_add(e, field, MSG_OUTCOME_ERR_REQUIRED);
        return false;
    }
    if (time_parse_date(s, &y, &m, &d) != 0) {
        api_errors_add(e, field, MSG_OUTCOME_ERR_DATE);
        return false;
    }
    if (today && strcmp(s, today) > 0) {
        api_errors_add(e, field, MSG_OUTCOME_ERR_FUTURE);
        return false;
    }
    return true;
}

static bool stop_kind(insight_event_kind k)
{
    return k == INSIGHT_DROPPED_OUT || k == INSIGHT_LEFT_SECTOR;
}

int insight_member_start_validate(const char *started_on, const char *today, api_errors *e)
{
    return check_day(e, "started_on", started_on, today) ? 0 : API_EINVALID;
}

int insight_event_validate(arena *a, const insight_event_input *in, const insight_event_context *ctx,
                           insight_event_valid *out, api_errors *e)
{
    memset(out, 0, sizeof *out);
    int before = e->n;
    const char *kind_s = trimmed(a, in->kind);
    insight_event_kind kind = insight_outcome_kind_parse(kind_s);
    if (!kind_s) api_errors_add(e, "kind", MSG_OUTCOME_ERR_REQUIRED);
    else if (kind == INSIGHT_EVENT_COUNT) api_errors_add(e, "kind", MSG_OUTCOME_ERR_KIND);
    const char *on = trimmed(a, in->on_date);
    bool day_ok = check_day(e, "on_date", on, ctx->today);
    const char *level = trimmed(a, in->level), *contract = trimmed(a, in->contract);
    const char *phase = trimmed(a, in->phase_id), *reason = trimmed(a, in->reason);
    const char *note = trimmed(a, in->note);
    check_text(e, "note", note, false, INSIGHT_NOTE_MAX, true);
    if (kind == INSIGHT_EVENT_COUNT) return API_EINVALID;

    /* The fields of the kind, and no others. */
    int64_t lv = 0;
    if (kind == INSIGHT_ENTERED_BBL || kind == INSIGHT_DIPLOMA) {
        bool bbl = kind == INSIGHT_ENTERED_BBL;
        if (!level) {
            if (bbl) api_errors_add(e, "level", MSG_OUTCOME_ERR_LEVEL_BBL);
        } else if (str_to_int64(level, bbl ? 2 : 1, bbl ? 3 : 4, &lv) != 0) {
            api_errors_add(e, "level", bbl ? MSG_OUTCOME_ERR_LEVEL_BBL : MSG_OUTCOME_ERR_LEVEL);
        }
    } else if (level) {
        api_errors_add(e, "level", MSG_OUTCOME_ERR_NOT_FOR_KIND);
    }
    if (kind == INSIGHT_EMPLOYED) {
        if (!contract) api_errors_add(e, "contract", MSG_OUTCOME_ERR_REQUIRED);
        else if (!insight_contract_valid(contract)) api_errors_add(e, "contract", MSG_OUTCOME_ERR_CHOICE);
    } else if (contract) {
        api_errors_add(e, "contract", MSG_OUTCOME_ERR_NOT_FOR_KIND);
    }
    int64_t phase_id = 0;
    if (kind == INSIGHT_DROPPED_OUT) {
        if (!reason) api_errors_add(e, "reason", MSG_OUTCOME_ERR_REQUIRED);
        else if (!insight_reason_valid(reason)) api_errors_add(e, "reason", MSG_OUTCOME_ERR_CHOICE);
        if (!phase) {
            if (ctx->nphases > 0) api_errors_add(e, "phase_id", MSG_OUTCOME_ERR_REQUIRED);
        } else {
            bool found = false;
            if (str_to_int64(phase, 1, INT64_MAX, &phase_id) == 0)
                for (int i = 0; i < ctx->nphases; i++) found |= ctx->phases[i] == phase_id;
            if (!found) api_errors_add(e, "phase_id", MSG_OUTCOME_ERR_PHASE);
        }
    } else {
        if (reason) api_errors_add(e, "reason", MSG_OUTCOME_ERR_NOT_FOR_KIND);
        if (phase) api_errors_add(e, "phase_id", MSG_OUTCOME_ERR_NOT_FOR_KIND);
    }

    /* The sequence: one start, nothing before it, one stop, nothing after it. */
    const char *start = ctx->started_on, *stop = NULL, *first_other = NULL;
    bool has_start = false;
    for (int i = 0; i < ctx->nevents; i++) {
        const insight_event_fact *f = &ctx->events[i];
        if (f->voided) continue;
        if (f->kind == INSIGHT_STARTED) {
            has_start = true;
            start = f->on_date;
        } else if (!first_other || strcmp(f->on_date, first_other) < 0) {
            first_other = f->on_date;
        }
        if (stop_kind(f->kind)) stop = f->on_date;
    }
    if (kind == INSIGHT_STARTED) {
        if (has_start) api_errors_add(e, "kind", MSG_OUTCOME_ERR_STARTED_TWICE);
        else if (day_ok && first_other && strcmp(on, first_other) > 0)
            api_errors_add(e, "on_date", MSG_OUTCOME_ERR_AFTER_OTHERS);
    } else {
        if (day_ok && start && strcmp(on, start) < 0) api_errors_add(e, "on_date", MSG_OUTCOME_ERR_BEFORE_START);
        if (stop && stop_kind(kind)) api_errors_add(e, "kind", MSG_OUTCOME_ERR_STOPPED);
        else if (stop && day_ok && strcmp(on, stop) > 0) api_errors_add(e, "on_date", MSG_OUTCOME_ERR_AFTER_STOP);
    }
    if (e->n > before) return API_EINVALID;
    *out = (insight_event_valid){.kind = kind,
                                 .on_date = on,
                                 .level = (int)lv,
                                 .contract = kind == INSIGHT_EMPLOYED ? contract : NULL,
                                 .phase_id = phase_id,
                                 .reason = kind == INSIGHT_DROPPED_OUT ? reason : NULL,
                                 .note = note};
    return 0;
}

int insight_void_validate(arena *a, const char *reason, bool already_voided, const char **out_reason, api_errors *e)
{
    int before = e->n;
    const char *r = trimmed(a, reason);
    if (already_voided) api_errors_add(e, "event", MSG_OUTCOME_ERR_VOIDED);
    check_text(e, "reason", r, true, INSIGHT_VOID_REASON_MAX, false);
    *out_reason = r;
    return e->n > before ? API_EINVALID : 0;
}

int insight_cost_validate(arena *a, const insight_cost_input *in, const char *today, const int64_t *cohorts,
                          int ncohorts, insight_cost_valid *out, api_errors *e)
{
    memset(out, 0, sizeof *out);
    int before = e->n;
    const char *cohort = trimmed(a, in->cohort_id);
    if (cohort) {
        bool found = false;
        int64_t id = 0;
        if (str_to_int64(cohort, 1, INT64_MAX, &id) == 0)
            for (int i = 0; i < ncohorts; i++) found |= cohorts[i] == id;
        if (!found) api_errors_add(e, "cohort_id", MSG_COST_ERR_COHORT);
        else out->cohort_id = id;
    }
    const char *category = trimmed(a, in->category);
    if (!category) api_errors_add(e, "category", MSG_OUTCOME_ERR_REQUIRED);
    else if (!insight_cost_category_valid(category)) api_errors_add(e, "category", MSG_OUTCOME_ERR_CHOICE);
    out->category = category;
    const char *amount = trimmed(a, in->amount);
    if (!amount) {
        api_errors_add(e, "amount", MSG_OUTCOME_ERR_REQUIRED);
    } else {
        int rc = insight_money_parse(amount, &out->amount_cents);
        if (rc == -2) api_errors_add(e, "amount", MSG_COST_ERR_TOO_LARGE);
        else if (rc) api_errors_add(e, "amount", MSG_COST_ERR_AMOUNT);
    }
    out->spent_on = trimmed(a, in->spent_on);
    check_day(e, "spent_on", out->spent_on, today);
    out->description = trimmed(a, in->description);
    check_text(e, "description", out->description, false, INSIGHT_COST_DESCRIPTION_MAX, false);
    return e->n > before ? API_EINVALID : 0;
}
