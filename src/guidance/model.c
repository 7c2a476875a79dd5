/* guidance model: input checks, the BBL coaching plan and the early-warning
 * rules (see model.h). Pure: no I/O, no clock. */
#include "guidance/model.h"

#include <string.h>

#include "base/str.h"
#include "base/time.h"

static bool one_of(const char *s, const char *const *list)
{
    if (!s) return false;
    for (int i = 0; list[i]; i++)
        if (str_eq(s, list[i])) return true;
    return false;
}

bool guidance_coach_kind_valid(const char *s)
{
    static const char *const kinds[] = {"werkcoach", "jobcoach", "mentor", "buddy", "vitality", "digi", NULL};
    return one_of(s, kinds);
}

bool guidance_channel_valid(const char *s)
{
    static const char *const channels[] = {"meeting", "phone", "video", "message", "workplace", NULL};
    return one_of(s, channels);
}

bool guidance_need_kind_valid(const char *s)
{
    static const char *const kinds[] = {"debts", "childcare", "transport", "language", "housing", "health", NULL};
    return one_of(s, kinds);
}

bool guidance_need_status_valid(const char *s)
{
    static const char *const statuses[] = {"open", "referred", "in_progress", "resolved", "closed", NULL};
    return one_of(s, statuses);
}

bool guidance_need_status_final(const char *s)
{
    return str_eq(s, "resolved") || str_eq(s, "closed");
}

bool guidance_date_valid(const char *s)
{
    int y, m, d;
    return s && strlen(s) == 10 && time_parse_date(s, &y, &m, &d) == 0;
}

static int64_t day_number(const char *s)
{
    int y = 1970, m = 1, d = 1;
    time_parse_date(s, &y, &m, &d);
    return time_days_from_civil(y, m, d);
}

int64_t guidance_days_between(const char *a, const char *b)
{
    return day_number(b) - day_number(a);
}

int guidance_date_add(const char *d, int days, char out[11])
{
    if (!guidance_date_valid(d)) return -1;
    int64_t n = day_number(d) + days;
    /* Civil from days (Howard Hinnant's algorithm). */
    n += 719468;
    int64_t era = (n >= 0 ? n : n - 146096) / 146097;
    int64_t doe = n - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t dd = doy - (153 * mp + 2) / 5 + 1;
    int64_t mm = mp < 10 ? mp + 3 : mp - 9;
    if (mm <= 2) y++;
    if (y < 1 || y > 9999) return -1;
    out[0] = (char)('0' + y / 1000);
    out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10);
    out[3] = (char)('0' + y % 10);
    out[4] = '-';
    out[5] = (char)('0' + mm / 10);
    out[6] = (char)('0' + mm % 10);
    out[7] = '-';
    out[8] = (char)('0' + dd / 10);
    out[9] = (char)('0' + dd % 10);
    out[10] = 0;
    return 0;
}

static bool empty(const char *s)
{
    return !s || !*s;
}

/* Checks an optional (or required) text and adds the matching error. */
static void text_check(api_errors *e, const char *field, const char *s, bool required, size_t max, bool multiline)
{
    switch (api_text_check(s, required, max, multiline)) {
    case API_TEXT_OK: break;
    case API_TEXT_MISSING: api_errors_add(e, field, MSG_GUIDANCE_REQUIRED); break;
    case API_TEXT_TOO_LONG: api_errors_add(e, field, MSG_GUIDANCE_TOO_LONG); break;
    case API_TEXT_INVALID: api_errors_add(e, field, MSG_GUIDANCE_TEXT_INVALID); break;
    }
}

int guidance_link_validate(const guidance_link_input *in, api_errors *e)
{
    int before = e->n;
    if (in->coach_id == 0) api_errors_add(e, "coach_id", MSG_GUIDANCE_COACH_REQUIRED);
    else if (in->coach_id < 0) api_errors_add(e, "coach_id", MSG_GUIDANCE_COACH_UNKNOWN);
    if (empty(in->kind)) api_errors_add(e, "kind", MSG_GUIDANCE_REQUIRED);
    else if (!guidance_coach_kind_valid(in->kind)) api_errors_add(e, "kind", MSG_GUIDANCE_COACH_KIND_INVALID);
    if (empty(in->started_on)) api_errors_add(e, "started_on", MSG_GUIDANCE_REQUIRED);
    else if (!guidance_date_valid(in->started_on)) api_errors_add(e, "started_on", MSG_GUIDANCE_DATE_INVALID);
    if (!empty(in->ended_on)) {
        if (!guidance_date_valid(in->ended_on)) api_errors_add(e, "ended_on", MSG_GUIDANCE_DATE_INVALID);
        else if (guidance_date_valid(in->started_on) && strcmp(in->ended_on, in->started_on) < 0)
            api_errors_add(e, "ended_on", MSG_GUIDANCE_END_BEFORE_START);
    }
    return e->n - before;
}

int guidance_link_end_validate(const char *started_on, const char *ended_on, api_errors *e)
{
    int before = e->n;
    if (empty(ended_on)) api_errors_add(e, "ended_on", MSG_GUIDANCE_REQUIRED);
    else if (!guidance_date_valid(ended_on)) api_errors_add(e, "ended_on", MSG_GUIDANCE_DATE_INVALID);
    else if (started_on && strcmp(ended_on, started_on) < 0) api_errors_add(e, "ended_on", MSG_GUIDANCE_END_BEFORE_START);
    return e->n - before;
}

int guidance_contact_validate(const guidance_contact_input *in, const char *today, api_errors *e)
{
    int before = e->n;
    if (empty(in->on)) api_errors_add(e, "on", MSG_GUIDANCE_REQUIRED);
    else if (!guidance_date_valid(in->on)) api_errors_add(e, "on", MSG_GUIDANCE_DATE_INVALID);
    else if (today && strcmp(in->on, today) > 0) api_errors_add(e, "on", MSG_GUIDANCE_DATE_FUTURE);
    if (empty(in->channel)) api_errors_add(e, "channel", MSG_GUIDANCE_REQUIRED);
    else if (!guidance_channel_valid(in->channel)) api_errors_add(e, "channel", MSG_GUIDANCE_CHANNEL_INVALID);
    text_check(e, "notes", in->notes, false, GUIDANCE_TEXT_MAX, true);
    if (in->plan_id < 0) api_errors_add(e, "plan_id", MSG_GUIDANCE_PLAN_UNKNOWN);
    return e->n - before;
}

/* Parses a score 1..5; 0 when it is not one. */
static int score(const char *s)
{
    int64_t v;
    return s && str_to_int64(s, 1, 5, &v) == 0 ? (int)v : 0;
}

int guidance_checkin_validate(guidance_checkin_input *in, api_errors *e)
{
    int before = e->n;
    in->wellbeing_n = score(in->wellbeing);
    in->workload_n = score(in->workload);
    if (empty(in->wellbeing)) api_errors_add(e, "wellbeing", MSG_GUIDANCE_REQUIRED);
    else if (!in->wellbeing_n) api_errors_add(e, "wellbeing", MSG_GUIDANCE_SCORE_INVALID);
    if (empty(in->workload)) api_errors_add(e, "workload", MSG_GUIDANCE_REQUIRED);
    else if (!in->workload_n) api_errors_add(e, "workload", MSG_GUIDANCE_SCORE_INVALID);
    const char *t = in->thinking_of_stopping;
    if (empty(t)) api_errors_add(e, "thinking_of_stopping", MSG_GUIDANCE_REQUIRED);
    else if (str_eq(t, "yes") || str_eq(t, "1") || str_eq(t, "true")) in->stopping = true;
    else if (str_eq(t, "no") || str_eq(t, "0") || str_eq(t, "false")) in->stopping = false;
    else api_errors_add(e, "thinking_of_stopping", MSG_GUIDANCE_YESNO_INVALID);
    text_check(e, "note", in->note, false, GUIDANCE_TEXT_MAX, true);
    return e->n - before;
}

int guidance_need_validate(const guidance_need_input *in, const char *today, api_errors *e)
{
    int before = e->n;
    if (empty(in->kind)) api_errors_add(e, "kind", MSG_GUIDANCE_REQUIRED);
    else if (!guidance_need_kind_valid(in->kind)) api_errors_add(e, "kind", MSG_GUIDANCE_NEED_KIND_INVALID);
    text_check(e, "description", in->description, false, GUIDANCE_TEXT_MAX, true);
    text_check(e, "referral", in->referral, false, GUIDANCE_SHORT_MAX, false);
    if (!empty(in->status) && !guidance_need_status_valid(in->status))
        api_errors_add(e, "status", MSG_GUIDANCE_STATUS_INVALID);
    if (!empty(in->follow_up_on)) {
        if (!guidance_date_valid(in->follow_up_on)) api_errors_add(e, "follow_up_on", MSG_GUIDANCE_DATE_INVALID);
        else if (today && strcmp(in->follow_up_on, today) < 0)
            api_errors_add(e, "follow_up_on", MSG_GUIDANCE_FOLLOW_UP_PAST);
    }
    return e->n - before;
}

int guidance_bbl_plan(const char *entered_on, guidance_plan_moment out[GUIDANCE_BBL_MOMENTS])
{
    if (!guidance_date_valid(entered_on)) return -1;
    int n = 0;
    /* Weekly in the first 4 weeks ... */
    for (int w = 0; w < GUIDANCE_BBL_WEEKLY_WEEKS; w++) {
        if (guidance_date_add(entered_on, 7 * w, out[n].due_on) != 0) return -1;
        out[n++].topic = w == 0 ? "bbl_start" : "bbl_progress";
    }
    /* ... then every 2 weeks up to the end of week 13. */
    for (int w = GUIDANCE_BBL_WEEKLY_WEEKS + 1; w <= GUIDANCE_BBL_WEEKS; w += 2) {
        if (guidance_date_add(entered_on, 7 * w, out[n].due_on) != 0) return -1;
        out[n++].topic = w == GUIDANCE_BBL_WEEKS ? "bbl_evaluation" : "bbl_progress";
    }
    return n;
}

static void add(guidance_signal *out, int max, int *n, guidance_signal s)
{
    if (*n < max) out[(*n)++] = s;
}

int guidance_signals(const guidance_facts *f, guidance_signal *out, int max)
{
    int n = 0;
    if (f->days_since_checkin >= 0) {
        if (f->last_thinking_of_stopping)
            add(out, max, &n, (guidance_signal){.reason = "thinking_of_stopping", .severity = GUIDANCE_URGENT,
                                                .days = f->days_since_checkin});
        if (f->last_wellbeing >= 1 && f->last_wellbeing <= GUIDANCE_WELLBEING_LOW)
            add(out, max, &n, (guidance_signal){.reason = "low_wellbeing",
                                                .severity = f->last_wellbeing == 1 ? GUIDANCE_URGENT : GUIDANCE_WARNING,
                                                .count = f->last_wellbeing, .days = f->days_since_checkin});
        if (f->days_since_checkin >= GUIDANCE_CHECKIN_DUE_DAYS)
            add(out, max, &n, (guidance_signal){.reason = "checkin_overdue",
                                                .severity = f->days_since_checkin >= GUIDANCE_CHECKIN_LATE_DAYS
                                                                ? GUIDANCE_URGENT
                                                                : GUIDANCE_WARNING,
                                                .days = f->days_since_checkin});
    } else if (f->days_coached >= GUIDANCE_CHECKIN_GRACE_DAYS) {
        add(out, max, &n, (guidance_signal){.reason = "checkin_missing",
                                            .severity = f->days_coached >= GUIDANCE_CHECKIN_LATE_DAYS ? GUIDANCE_URGENT
                                                                                                      : GUIDANCE_WARNING,
                                            .days = f->days_coached});
    }
    for (int i = 0; i < f->nneeds; i++) {
        const guidance_need_fact *nf = &f->needs[i];
        if (!nf->follow_up_on || !guidance_date_valid(nf->follow_up_on) || !f->today) continue;
        int64_t late = guidance_days_between(nf->follow_up_on, f->today);
        if (late < 1) continue;
        add(out, max, &n, (guidance_signal){.reason = "need_overdue",
                                            .severity = late >= GUIDANCE_NEED_URGENT_DAYS ? GUIDANCE_URGENT
                                                                                          : GUIDANCE_WARNING,
                                            .need_id = nf->id, .need_kind = nf->kind, .days = (int)late});
    }
    if (f->absences >= GUIDANCE_ABSENCE_WARN)
        add(out, max, &n, (guidance_signal){.reason = "training_absence",
                                            .severity = f->absences >= GUIDANCE_ABSENCE_URGENT ? GUIDANCE_URGENT
                                                                                               : GUIDANCE_WARNING,
                                            .count = f->absences});
    if (f->missed_shifts >= GUIDANCE_SHIFTS_WARN)
        add(out, max, &n, (guidance_signal){.reason = "missed_shifts",
                                            .severity = f->missed_shifts >= GUIDANCE_SHIFTS_URGENT ? GUIDANCE_URGENT
                                                                                                   : GUIDANCE_WARNING,
                                            .count = f->missed_shifts});
    /* Most severe first; a stable insertion sort keeps the rules' order within a severity. */
    for (int i = 1; i < n; i++) {
        guidance_signal s = out[i];
        int j = i;
        while (j > 0 && out[j - 1].severity < s.severity) {
            out[j] = out[j - 1];
            j--;
        }
        out[j] = s;
    }
    return n;
}

int guidance_urgency(const guidance_signal *s, int n)
{
    int top = 0;
    for (int i = 0; i < n; i++)
        if ((int)s[i].severity > top) top = (int)s[i].severity;
    return top * 100 + (n < 100 ? n : 99);
}
