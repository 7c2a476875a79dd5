/* training model: pure rules (see model.h). */
#include "training/model.h"

#include <string.h>

#include "base/str.h"
#include "base/time.h"

int training_weekday(int64_t utc)
{
    struct tm t;
    time_ams_local(utc, &t);
    return (t.tm_wday + 6) % 7; /* tm_wday: 0 Sunday */
}

int training_daypart(int64_t utc)
{
    struct tm t;
    time_ams_local(utc, &t);
    if (t.tm_hour < 12) return TRAINING_MORNING;
    if (t.tm_hour < 18) return TRAINING_AFTERNOON;
    return TRAINING_EVENING;
}

void training_avail_from_application(int64_t app_days, int64_t app_parts, int *days, int *parts)
{
    if (app_days & TRAINING_ALL_DAYS) *days = (int)(app_days & TRAINING_ALL_DAYS);
    if (app_parts & TRAINING_ALL_PARTS) *parts = (int)(app_parts & TRAINING_ALL_PARTS);
}

bool training_slug_valid(const char *s)
{
    if (!s) return false;
    size_t n = strlen(s);
    if (n == 0 || n > 60 || s[0] == '-' || s[n - 1] == '-') return false;
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-')) return false;
    }
    return true;
}

/* Adds the error of a text field; true when it is fine. */
static bool text_ok(const char *field, const char *s, bool required, size_t max, bool multiline, api_errors *e)
{
    switch (api_text_check(s, required, max, multiline)) {
    case API_TEXT_OK: return true;
    case API_TEXT_MISSING: api_errors_add(e, field, MSG_TRAINING_REQUIRED); break;
    case API_TEXT_TOO_LONG: api_errors_add(e, field, MSG_TRAINING_TOO_LONG); break;
    case API_TEXT_INVALID: api_errors_add(e, field, MSG_TRAINING_TEXT_INVALID); break;
    }
    return false;
}

int training_course_validate(const training_course_input *in, api_errors *e)
{
    int before = e->n;
    if (text_ok("slug", in->slug, true, 60, false, e) && !training_slug_valid(in->slug))
        api_errors_add(e, "slug", MSG_TRAINING_SLUG_INVALID);
    text_ok("name", in->name, true, TRAINING_NAME_MAX, false, e);
    text_ok("description_nl", in->description_nl, false, TRAINING_TEXT_MAX, true, e);
    text_ok("description_en", in->description_en, false, TRAINING_TEXT_MAX, true, e);
    if (in->org_id <= 0) api_errors_add(e, "org_id", MSG_TRAINING_ORG_REQUIRED);
    if (in->programme_id < 0) api_errors_add(e, "programme_id", MSG_TRAINING_PROGRAMME_UNKNOWN);
    return e->n - before;
}

/* Parses an optional whole number in [min, max]: 0 (none) or the number;
 * -1 when it is not one. */
static int optional_number(const char *s, int64_t min, int64_t max, int *out)
{
    *out = 0;
    if (!s || !*s) return 0;
    int64_t v;
    if (str_to_int64(s, min, max, &v) != 0) return -1;
    *out = (int)v;
    return 0;
}

void training_module_skills_parse(arena *a, const char *text, training_module_input *in, api_errors *e)
{
    in->nskills = 0;
    if (!text) return;
    const char *p = text;
    while (*p) {
        size_t n = strcspn(p, "\n;,");
        char *line = str_trim(a, arena_strndup(a, p, n));
        p += n;
        if (*p) p++;
        if (!line || !*line) continue;
        char *sp = line + strcspn(line, " \t");
        int64_t level = 0;
        if (!*sp || str_to_int64(str_trim(a, sp), 1, 4, &level) != 0) {
            api_errors_add(e, "skills", MSG_TRAINING_SKILLS_INVALID);
            return;
        }
        *sp = '\0';
        if (in->nskills == TRAINING_MAX_MODULE_SKILLS) {
            api_errors_add(e, "skills", MSG_TRAINING_SKILLS_INVALID);
            return;
        }
        in->skills[in->nskills++] = (training_module_skill){.ref = line, .level = (int)level};
    }
}

int training_module_validate(training_module_input *in, api_errors *e)
{
    int before = e->n;
    int64_t pos = 0;
    if (!in->position || !*in->position) api_errors_add(e, "position", MSG_TRAINING_REQUIRED);
    else if (str_to_int64(in->position, 1, 999, &pos) != 0) api_errors_add(e, "position", MSG_TRAINING_POSITION_INVALID);
    in->position_n = (int)pos;
    text_ok("name_nl", in->name_nl, true, TRAINING_NAME_MAX, false, e);
    text_ok("name_en", in->name_en, true, TRAINING_NAME_MAX, false, e);
    if (optional_number(in->dayparts, 1, 100, &in->dayparts_n) != 0)
        api_errors_add(e, "dayparts", MSG_TRAINING_DAYPARTS_INVALID);
    if (optional_number(in->weeks, 1, 520, &in->weeks_n) != 0) api_errors_add(e, "weeks", MSG_TRAINING_WEEKS_INVALID);
    for (int i = 0; i < in->nskills; i++) {
        if (in->skills[i].level < 1 || in->skills[i].level > 4 || (!in->skills[i].skill_id && !in->skills[i].ref))
            api_errors_add(e, "skills", MSG_TRAINING_SKILLS_INVALID);
        for (int k = 0; k < i; k++) {
            bool same = in->skills[i].skill_id ? in->skills[i].skill_id == in->skills[k].skill_id
                                               : str_eq(in->skills[i].ref, in->skills[k].ref);
            if (same) api_errors_add(e, "skills", MSG_TRAINING_SKILLS_DUPLICATE);
        }
    }
    return e->n - before;
}

int training_clock_parse(const char *s)
{
    if (!s || strlen(s) != 5 || s[2] != ':') return -1;
    for (int i = 0; i < 5; i++)
        if (i != 2 && (s[i] < '0' || s[i] > '9')) return -1;
    int h = (s[0] - '0') * 10 + (s[1] - '0');
    int m = (s[3] - '0') * 10 + (s[4] - '0');
    if (h > 23 || m > 59) return -1;
    return h * 60 + m;
}

int training_session_times(const char *date, const char *start, const char *end, int64_t *starts_at,
                           int64_t *ends_at)
{
    int y, mo, d;
    if (!date || time_parse_date(date, &y, &mo, &d) != 0) return -1;
    int a = training_clock_parse(start), b = training_clock_parse(end);
    if (a < 0 || b < 0) return -1;
    if (time_ams_to_utc(y, mo, d, a / 60, a % 60, 0, starts_at) != 0) return -1;
    if (time_ams_to_utc(y, mo, d, b / 60, b % 60, 0, ends_at) != 0) return -1;
    return *ends_at > *starts_at ? 0 : -2;
}

bool training_postcode_valid(const char *s)
{
    if (!s) return false;
    size_t n = strlen(s);
    if (n != 6 && n != 7) return false;
    if (s[0] < '1' || s[0] > '9') return false;
    for (int i = 1; i < 4; i++)
        if (s[i] < '0' || s[i] > '9') return false;
    const char *l = s + 4;
    if (n == 7) {
        if (*l != ' ') return false;
        l++;
    }
    for (int i = 0; i < 2; i++) {
        char ch = l[i];
        if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z'))) return false;
    }
    return true;
}

int training_session_validate(training_session_input *in, api_errors *e)
{
    int before = e->n;
    if (in->org_id <= 0) api_errors_add(e, "org_id", MSG_TRAINING_ORG_REQUIRED);
    text_ok("location", in->location, true, TRAINING_NAME_MAX, false, e);
    if (in->postcode && *in->postcode && !training_postcode_valid(in->postcode))
        api_errors_add(e, "postcode", MSG_TRAINING_POSTCODE_INVALID);
    int y, mo, d;
    bool date_ok = false;
    if (!in->date || !*in->date) api_errors_add(e, "date", MSG_TRAINING_REQUIRED);
    else if (time_parse_date(in->date, &y, &mo, &d) != 0) api_errors_add(e, "date", MSG_TRAINING_DATE_INVALID);
    else date_ok = true;
    bool start_ok = training_clock_parse(in->start) >= 0, end_ok = training_clock_parse(in->end) >= 0;
    if (!start_ok) api_errors_add(e, "start", MSG_TRAINING_TIME_INVALID);
    if (!end_ok) api_errors_add(e, "end", MSG_TRAINING_TIME_INVALID);
    if (date_ok && start_ok && end_ok) {
        int rc = training_session_times(in->date, in->start, in->end, &in->starts_at, &in->ends_at);
        if (rc == -2) api_errors_add(e, "end", MSG_TRAINING_TIME_ORDER);
        else if (rc) api_errors_add(e, "start", MSG_TRAINING_TIME_INVALID);
    }
    int64_t cap = 0;
    if (!in->capacity || !*in->capacity) api_errors_add(e, "capacity", MSG_TRAINING_REQUIRED);
    else if (str_to_int64(in->capacity, 0, 10000, &cap) != 0) api_errors_add(e, "capacity", MSG_TRAINING_CAPACITY_INVALID);
    in->capacity_n = (int)cap;
    return e->n - before;
}

bool training_attendance_status_valid(const char *s)
{
    return str_eq(s, "present") || str_eq(s, "absent") || str_eq(s, "excused");
}

bool training_result_valid(const char *s)
{
    return str_eq(s, "passed") || str_eq(s, "failed");
}

bool training_is_complete(int nmodules, int npassed)
{
    return nmodules > 0 && npassed >= nmodules;
}

int training_cohort_ref_parse(arena *a, const char *s, int64_t *id, const char **slug, const char **name)
{
    *id = 0;
    *slug = *name = NULL;
    if (!s || !*s) return -1;
    if (str_to_int64(s, 1, INT64_MAX, id) == 0) return 0;
    *id = 0;
    const char *slash = strchr(s, '/');
    if (!slash || slash == s || !slash[1]) return -1;
    char *sl = arena_strndup(a, s, (size_t)(slash - s));
    if (!sl || !training_slug_valid(sl)) return -1;
    *slug = sl;
    *name = arena_strdup(a, slash + 1);
    return *name ? 0 : -1;
}
