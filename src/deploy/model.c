/* deploy model: pure input rules (see model.h). */
#include "deploy/model.h"

#include <assert.h>
#include <string.h>

#include "base/str.h"
#include "base/time.h"
#include "intake/model.h"

#define PERIOD_MAX_DAYS 366

int64_t deploy_day_of(int64_t utc)
{
    int64_t local = utc + time_ams_offset(utc);
    return local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
}

int deploy_weekday(int64_t day)
{
    return (int)(((day % 7) + 7 + 3) % 7); /* 1970-01-01 was a Thursday */
}

int deploy_parse_day(const char *s, int64_t *day)
{
    int y, m, d;
    if (time_parse_date(s, &y, &m, &d) != 0) return -1;
    *day = time_days_from_civil(y, m, d);
    return 0;
}

void deploy_format_day(int64_t day, char out[static 11])
{
    int y, m, d;
    time_civil_from_days(day, &y, &m, &d);
    if (y < 0 || y > 9999) {
        out[0] = '\0';
        return;
    }
    out[0] = (char)('0' + y / 1000);
    out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10);
    out[3] = (char)('0' + y % 10);
    out[4] = '-';
    out[5] = (char)('0' + m / 10);
    out[6] = (char)('0' + m % 10);
    out[7] = '-';
    out[8] = (char)('0' + d / 10);
    out[9] = (char)('0' + d % 10);
    out[10] = '\0';
}

int deploy_parse_hhmm(const char *s, int *minutes)
{
    if (!s) return -1;
    size_t n = strlen(s);
    if (n != 4 && n != 5) return -1;
    const char *m = s + n - 3; /* ":MM" */
    if (m[0] != ':') return -1;
    for (size_t i = 0; i < n; i++)
        if (s + i != m && (s[i] < '0' || s[i] > '9')) return -1;
    int h = n == 5 ? (s[0] - '0') * 10 + (s[1] - '0') : s[0] - '0';
    int mm = (m[1] - '0') * 10 + (m[2] - '0');
    if (h > 23 || mm > 59) return -1;
    *minutes = h * 60 + mm;
    return 0;
}

int64_t deploy_instant(int64_t day, int minutes)
{
    assert(minutes >= 0);
    day += minutes / 1440;
    minutes %= 1440;
    int y, m, d;
    time_civil_from_days(day, &y, &m, &d);
    int64_t t;
    if (time_ams_to_utc(y, m, d, minutes / 60, minutes % 60, 0, &t) != 0) return -1;
    return t;
}

static const char *const priority_names[] = {"low", "normal", "high"};

int deploy_priority_parse(const char *s)
{
    for (int p = 0; p < 3; p++)
        if (str_eq(s, priority_names[p])) return p;
    return -1;
}

const char *deploy_priority_name(int p)
{
    return p >= 0 && p < 3 ? priority_names[p] : NULL;
}

static bool given(const char *s)
{
    return s && *s;
}

/* Adds the error of a text field; true when it is fine. */
static bool text_ok(const char *field, const char *s, bool required, size_t max, bool multiline, api_errors *e)
{
    switch (api_text_check(s, required, max, multiline)) {
    case API_TEXT_OK: return true;
    case API_TEXT_MISSING: api_errors_add(e, field, MSG_DEPLOY_REQUIRED); break;
    case API_TEXT_TOO_LONG: api_errors_add(e, field, MSG_DEPLOY_TOO_LONG); break;
    case API_TEXT_INVALID: api_errors_add(e, field, MSG_DEPLOY_TEXT_INVALID); break;
    }
    return false;
}

/* Reads the required date of field into *day; true when it is one. */
static bool day_ok(const char *field, const char *s, int64_t *day, api_errors *e)
{
    if (!given(s)) api_errors_add(e, field, MSG_DEPLOY_REQUIRED);
    else if (deploy_parse_day(s, day) != 0) api_errors_add(e, field, MSG_DEPLOY_DATE_INVALID);
    else return true;
    return false;
}

/* Reads the required time of field into *min; true when it is one. */
static bool hhmm_ok(const char *field, const char *s, int *min, api_errors *e)
{
    if (!given(s)) api_errors_add(e, field, MSG_DEPLOY_REQUIRED);
    else if (deploy_parse_hhmm(s, min) != 0) api_errors_add(e, field, MSG_DEPLOY_TIME_INVALID);
    else return true;
    return false;
}

/* Checks that to (NULL: from) is not before from and the period at most
 * PERIOD_MAX_DAYS; errors go to to_field. */
static bool period_ok(const char *to_field, int64_t from, int64_t to, api_errors *e)
{
    if (to < from) api_errors_add(e, to_field, MSG_DEPLOY_PERIOD_ORDER);
    else if (to - from >= PERIOD_MAX_DAYS) api_errors_add(e, to_field, MSG_DEPLOY_PERIOD_TOO_LONG);
    else return true;
    return false;
}

/* Checks n ids (1..max of them when required, else 0..max): positive and
 * distinct. */
static bool ids_ok(const int64_t *ids, int n, int max)
{
    if (n < 0 || n > max) return false;
    for (int i = 0; i < n; i++) {
        if (ids[i] <= 0) return false;
        for (int k = 0; k < i; k++)
            if (ids[k] == ids[i]) return false;
    }
    return true;
}

/* The instants of a shift on day from start to end (minutes; an end not
 * after the start is on the next day), each from its own wall-clock time.
 * 0, or the field that is wrong in *field with *why. */
static int shift_instants(int64_t day, int start, int end, int64_t *starts_at, int64_t *ends_at,
                          const char **field, msg_id *why)
{
    *starts_at = deploy_instant(day, start);
    *ends_at = deploy_instant(day, end > start ? end : end + 1440);
    if (*starts_at < 0 || *ends_at < 0) {
        *field = *starts_at < 0 ? "start" : "end";
        *why = MSG_DEPLOY_TIME_GAP;
        return -1;
    }
    if (*ends_at - *starts_at > 86400) { /* over 23 wall-clock hours on the autumn night */
        *field = "end";
        *why = MSG_DEPLOY_SHIFT_TOO_LONG;
        return -1;
    }
    return 0;
}

/* The days of in: *first..*last, of which those with a weekday in *mask
 * (a single date: every weekday). False when the dates are wrong (errors
 * added). */
static bool shift_days(const deploy_shift_input *in, int64_t *first, int64_t *last, int *mask, api_errors *e)
{
    bool single = given(in->date);
    bool pattern = given(in->from_date) || given(in->to_date) || in->weekdays != 0;
    if (single == pattern) {
        api_errors_add(e, "date", MSG_DEPLOY_DATE_OR_PERIOD);
        return false;
    }
    if (single) {
        *mask = 0x7f;
        if (!day_ok("date", in->date, first, e)) return false;
        *last = *first;
        return true;
    }
    *mask = in->weekdays;
    bool from_ok = day_ok("from_date", in->from_date, first, e);
    bool to_ok = day_ok("to_date", in->to_date, last, e);
    bool mask_ok = in->weekdays > 0 && in->weekdays <= 0x7f;
    if (!mask_ok) api_errors_add(e, "weekdays", MSG_DEPLOY_WEEKDAYS_INVALID);
    return from_ok && to_ok && period_ok("to_date", *first, *last, e) && mask_ok;
}

int deploy_shift_validate(const deploy_shift_input *in, api_errors *e)
{
    int before = e->n;
    int64_t first = 0, last = -1;
    int mask = 0;
    bool days = shift_days(in, &first, &last, &mask, e);
    int start = 0, end = 0;
    bool start_ok = hhmm_ok("start", in->start, &start, e);
    bool end_ok = hhmm_ok("end", in->end, &end, e);
    if (start_ok && end_ok && start == end) {
        api_errors_add(e, "end", MSG_DEPLOY_TIME_EQUAL);
        end_ok = false;
    }
    if (days && start_ok && end_ok) {
        for (int64_t day = first; day <= last; day++) {
            if (!((mask >> deploy_weekday(day)) & 1)) continue;
            int64_t s, t;
            const char *field;
            msg_id why;
            if (shift_instants(day, start, end, &s, &t, &field, &why) != 0) {
                api_errors_add(e, field, why);
                break;
            }
        }
    }
    if (in->nlocations == 0) api_errors_add(e, "location_ids", MSG_DEPLOY_LOCATION_REQUIRED);
    else if (!ids_ok(in->location_ids, in->nlocations, DEPLOY_MAX_LOCATIONS))
        api_errors_add(e, "location_ids", MSG_DEPLOY_LOCATIONS_INVALID);
    int64_t headcount;
    if (!given(in->headcount)) api_errors_add(e, "headcount", MSG_DEPLOY_REQUIRED);
    else if (str_to_int64(in->headcount, 1, DEPLOY_MAX_HEADCOUNT, &headcount) != 0)
        api_errors_add(e, "headcount", MSG_DEPLOY_HEADCOUNT_INVALID);
    if (given(in->priority) && deploy_priority_parse(in->priority) < 0)
        api_errors_add(e, "priority", MSG_DEPLOY_PRIORITY_INVALID);
    text_ok("tasks", in->tasks, false, DEPLOY_TEXT_MAX, true, e);
    if (!ids_ok(in->skill_ids, in->nskills, DEPLOY_MAX_SKILLS)) api_errors_add(e, "skill_ids", MSG_DEPLOY_SKILLS_INVALID);
    return e->n - before;
}

int deploy_shift_expand(const deploy_shift_input *in, arena *a, deploy_shift_spec **out, int *n, api_errors *e)
{
    *out = NULL;
    *n = 0;
    if (deploy_shift_validate(in, e) != 0) return -1;
    int64_t first, last;
    int mask, start, end;
    shift_days(in, &first, &last, &mask, e);
    deploy_parse_hhmm(in->start, &start);
    deploy_parse_hhmm(in->end, &end);
    int64_t count = 0;
    for (int64_t day = first; day <= last; day++)
        if ((mask >> deploy_weekday(day)) & 1) count += in->nlocations;
    if (count == 0 || count > DEPLOY_MAX_PATTERN_SHIFTS) {
        api_errors_add(e, "to_date", count ? MSG_DEPLOY_PATTERN_TOO_MANY : MSG_DEPLOY_PATTERN_EMPTY);
        return -1;
    }
    deploy_shift_spec *specs = arena_calloc(a, (size_t)count, sizeof *specs);
    if (!specs) return -2;
    int k = 0;
    for (int64_t day = first; day <= last; day++) {
        if (!((mask >> deploy_weekday(day)) & 1)) continue;
        int64_t s, t;
        const char *field;
        msg_id why;
        int rc = shift_instants(day, start, end, &s, &t, &field, &why);
        assert(rc == 0); /* validated above */
        (void)rc;
        for (int l = 0; l < in->nlocations; l++)
            specs[k++] = (deploy_shift_spec){.location_id = in->location_ids[l], .starts_at = s, .ends_at = t};
    }
    assert(k == count);
    *out = specs;
    *n = k;
    return 0;
}

int deploy_location_validate(const deploy_location_input *in, api_errors *e)
{
    int before = e->n;
    text_ok("name", in->name, true, DEPLOY_NAME_MAX, false, e);
    text_ok("address", in->address, false, DEPLOY_NAME_MAX, false, e);
    if (given(in->postcode)) {
        /* intake's rule, in the form it writes ("1234 AB"). */
        arena tmp;
        arena_init(&tmp, 4096);
        const char *pc = intake_postcode_normalise(&tmp, in->postcode);
        if (!pc || strcmp(pc, in->postcode) != 0) api_errors_add(e, "postcode", MSG_DEPLOY_POSTCODE_INVALID);
        arena_free(&tmp);
    }
    return e->n - before;
}

/* Parses an optional whole number in [min, max] into *out (0 when empty);
 * false when it is not one. */
static bool optional_number(const char *s, int64_t min, int64_t max, int *out)
{
    *out = 0;
    if (!given(s)) return true;
    int64_t v;
    if (str_to_int64(s, min, max, &v) != 0) return false;
    *out = (int)v;
    return true;
}

int deploy_profile_validate(const deploy_profile_input *in, int *max_week_hours, int *travel_km, api_errors *e)
{
    int before = e->n;
    if (!optional_number(in->max_week_hours, 1, 60, max_week_hours))
        api_errors_add(e, "max_week_hours", MSG_DEPLOY_WEEK_HOURS_INVALID);
    if (!optional_number(in->travel_km, 1, 500, travel_km)) api_errors_add(e, "travel_km", MSG_DEPLOY_TRAVEL_INVALID);
    return e->n - before;
}

int deploy_window_validate(const deploy_window_input *in, int *weekday, int *from_min, int *to_min, api_errors *e)
{
    int before = e->n;
    int64_t wd = 0;
    if (!given(in->weekday)) api_errors_add(e, "weekday", MSG_DEPLOY_REQUIRED);
    else if (str_to_int64(in->weekday, 0, 6, &wd) != 0) api_errors_add(e, "weekday", MSG_DEPLOY_WEEKDAY_INVALID);
    *weekday = (int)wd;
    *from_min = *to_min = 0;
    bool from_ok = hhmm_ok("from", in->from, from_min, e);
    bool to_ok = hhmm_ok("to", in->to, to_min, e);
    if (from_ok && to_ok) {
        if (*to_min == *from_min) api_errors_add(e, "to", MSG_DEPLOY_TIME_EQUAL);
        else if (*to_min < *from_min) *to_min += 1440;
    }
    return e->n - before;
}

int deploy_exception_validate(const char *from_date, const char *to_date, const char *reason, api_errors *e)
{
    int before = e->n;
    int64_t from = 0, to = 0;
    bool from_ok = day_ok("from_date", from_date, &from, e);
    bool to_ok = true;
    if (given(to_date)) to_ok = day_ok("to_date", to_date, &to, e);
    else to = from;
    if (from_ok && to_ok) period_ok("to_date", from, to, e);
    text_ok("reason", reason, false, DEPLOY_NAME_MAX, false, e);
    return e->n - before;
}

int deploy_document_validate(const deploy_document_input *in, int64_t today, api_errors *e)
{
    int before = e->n;
    bool vog = str_eq(in->kind, "vog");
    if (!given(in->kind)) api_errors_add(e, "kind", MSG_DEPLOY_REQUIRED);
    else if (!vog && !str_eq(in->kind, "identity") && !str_eq(in->kind, "contract"))
        api_errors_add(e, "kind", MSG_DEPLOY_DOC_KIND_INVALID);
    int64_t issued = 0, expires = 0;
    bool issued_ok = day_ok("issued_on", in->issued_on, &issued, e);
    if (issued_ok && issued > today) {
        api_errors_add(e, "issued_on", MSG_DEPLOY_DOC_FUTURE);
        issued_ok = false;
    }
    if (given(in->expires_on)) {
        if (vog) api_errors_add(e, "expires_on", MSG_DEPLOY_VOG_NO_EXPIRY);
        else if (deploy_parse_day(in->expires_on, &expires) != 0)
            api_errors_add(e, "expires_on", MSG_DEPLOY_DATE_INVALID);
        else if (issued_ok && expires < issued) api_errors_add(e, "expires_on", MSG_DEPLOY_DOC_EXPIRY_ORDER);
    }
    text_ok("note", in->note, false, DEPLOY_TEXT_MAX, true, e);
    return e->n - before;
}

/* Parses worked time: "H:MM" or "HH:MM" up to 24:00, or whole minutes
 * 0..1440; -1 when it is neither. */
static int parse_worked(const char *s)
{
    int64_t v;
    if (str_to_int64(s, 0, 1440, &v) == 0) return (int)v;
    const char *colon = strchr(s, ':');
    if (!colon || colon == s || colon - s > 2 || strlen(colon) != 3) return -1;
    int h = 0;
    for (const char *p = s; p < colon; p++) {
        if (*p < '0' || *p > '9') return -1;
        h = h * 10 + (*p - '0');
    }
    if (colon[1] < '0' || colon[1] > '5' || colon[2] < '0' || colon[2] > '9') return -1;
    int m = h * 60 + (colon[1] - '0') * 10 + (colon[2] - '0');
    return m <= 1440 ? m : -1;
}

int deploy_hours_validate(const char *status, const char *worked, int *minutes, api_errors *e)
{
    int before = e->n;
    *minutes = 0;
    if (!given(status)) {
        api_errors_add(e, "status", MSG_DEPLOY_REQUIRED);
    } else if (str_eq(status, "worked")) {
        int m = given(worked) ? parse_worked(worked) : -1;
        if (!given(worked)) api_errors_add(e, "worked", MSG_DEPLOY_REQUIRED);
        else if (m < 0) api_errors_add(e, "worked", MSG_DEPLOY_WORKED_INVALID);
        else *minutes = m;
    } else if (!str_eq(status, "missed")) {
        api_errors_add(e, "status", MSG_DEPLOY_HOURS_STATUS_INVALID);
    }
    return e->n - before;
}
