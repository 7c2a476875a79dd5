/* intake admin model: the rules of programmes, cohorts and campaigns. Pure. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "base/time.h"
#include "intake/admin.h"

static const char *const programme_kinds[] = {"flexpool", "lateral_entry", "pre_track", "orientation",
                                              "accelerated", NULL};
static const char *const partner_parts[] = {"employer", "school", "referrer", "funder", "adviser", "coordinator", NULL};
static const char *const target_metrics[] = {"applicants", "selected", "capacity", "continue_pct", "retention_pct",
                                             "other", NULL};

static bool in_list(const char *s, const char *const *list)
{
    for (int i = 0; s && list[i]; i++)
        if (str_eq(s, list[i])) return true;
    return false;
}

bool intake_programme_kind_valid(const char *s) { return in_list(s, programme_kinds); }
bool intake_partner_part_valid(const char *s) { return in_list(s, partner_parts); }
bool intake_target_metric_valid(const char *s) { return in_list(s, target_metrics); }

bool intake_slug_valid(const char *s)
{
    if (!s || !*s) return false;
    size_t n = strlen(s);
    if (n > INTAKE_SLUG_MAX || s[0] == '-' || s[n - 1] == '-') return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-')) return false;
    return true;
}

static const char *trim(arena *a, const char *s, bool optional)
{
    if (!s) return NULL;
    char *t = str_trim(a, s);
    if (optional && t && !*t) return NULL;
    return t;
}

/* Adds the error of a text check for field; 1 when there was one. */
static int check_text(api_errors *e, const char *field, const char *s, bool required, size_t max, bool multiline)
{
    switch (api_text_check(s, required, max, multiline)) {
    case API_TEXT_MISSING: api_errors_add(e, field, MSG_INTAKE_ADMIN_REQUIRED); return 1;
    case API_TEXT_TOO_LONG: api_errors_add(e, field, MSG_INTAKE_ADMIN_TOO_LONG); return 1;
    case API_TEXT_INVALID: api_errors_add(e, field, MSG_INTAKE_ADMIN_TEXT_INVALID); return 1;
    case API_TEXT_OK: break;
    }
    return 0;
}

/* Parses an optional whole number in [min, max] as typed: 0 with *out (0
 * when absent), or 1 after adding an error on field. */
static int check_int(api_errors *e, const char *field, const char *s, bool required, int64_t min, int64_t max,
                     msg_id reason, int *out)
{
    *out = 0;
    if (!s || !*s) {
        if (!required) return 0;
        api_errors_add(e, field, MSG_INTAKE_ADMIN_REQUIRED);
        return 1;
    }
    int64_t v;
    if (str_to_int64(s, min, max, &v) != 0) {
        api_errors_add(e, field, reason);
        return 1;
    }
    *out = (int)v;
    return 0;
}

void intake_programme_normalise(arena *a, intake_programme_input *in)
{
    in->slug = trim(a, in->slug, false);
    in->name = trim(a, in->name, false);
    in->kind = trim(a, in->kind, false);
    in->description = trim(a, in->description, true);
    in->min_age = trim(a, in->min_age, true);
    in->max_age = trim(a, in->max_age, true);
    for (int i = 0; i < in->npartners; i++) in->partners[i].note = trim(a, in->partners[i].note, true);
    for (int i = 0; i < in->nphases; i++) in->phases[i].name = trim(a, in->phases[i].name, false);
    for (int i = 0; i < in->ntargets; i++)
        in->targets[i].description = trim(a, in->targets[i].description, false);
}

int intake_programme_validate(const intake_programme_input *in, api_errors *e)
{
    int bad = 0;
    if (!in->slug || !*in->slug) {
        api_errors_add(e, "slug", MSG_INTAKE_ADMIN_REQUIRED);
        bad++;
    } else if (!intake_slug_valid(in->slug)) {
        api_errors_add(e, "slug", MSG_INTAKE_ADMIN_SLUG_INVALID);
        bad++;
    }
    bad += check_text(e, "name", in->name, true, INTAKE_ADMIN_NAME_MAX, false);
    if (!in->kind || !*in->kind) {
        api_errors_add(e, "kind", MSG_INTAKE_ADMIN_REQUIRED);
        bad++;
    } else if (!intake_programme_kind_valid(in->kind)) {
        api_errors_add(e, "kind", MSG_INTAKE_ADMIN_KIND_INVALID);
        bad++;
    }
    bad += check_text(e, "description", in->description, false, INTAKE_ADMIN_TEXT_MAX, true);
    if (in->owner_org <= 0) {
        api_errors_add(e, "owner_org", MSG_INTAKE_ADMIN_OWNER_REQUIRED);
        bad++;
    }
    int min = 0, max = 0;
    bad += check_int(e, "min_age", in->min_age, false, 14, 99, MSG_INTAKE_ADMIN_AGE_INVALID, &min);
    bad += check_int(e, "max_age", in->max_age, false, 14, 99, MSG_INTAKE_ADMIN_AGE_INVALID, &max);
    if (min && max && min > max) {
        api_errors_add(e, "max_age", MSG_INTAKE_ADMIN_AGE_ORDER);
        bad++;
    }
    for (int i = 0; i < in->npartners; i++) {
        const intake_partner *p = &in->partners[i];
        bool dup = false;
        for (int k = 0; k < i; k++) dup = dup || in->partners[k].org_id == p->org_id;
        if (p->org_id <= 0 || !intake_partner_part_valid(p->part) || dup ||
            check_text(e, "partners", p->note, false, INTAKE_ADMIN_NAME_MAX, false)) {
            api_errors_add(e, "partners", MSG_INTAKE_ADMIN_PARTNER_INVALID);
            bad++;
            break;
        }
    }
    for (int i = 0; i < in->nphases; i++) {
        const intake_phase *p = &in->phases[i];
        if (api_text_check(p->name, true, INTAKE_ADMIN_NAME_MAX, false) != API_TEXT_OK || p->weeks < 0 || p->weeks > 520) {
            api_errors_add(e, "phases", MSG_INTAKE_ADMIN_PHASE_INVALID);
            bad++;
            break;
        }
    }
    for (int i = 0; i < in->ntargets; i++) {
        const intake_target *t = &in->targets[i];
        bool pct = str_eq(t->metric, "continue_pct") || str_eq(t->metric, "retention_pct");
        if (!intake_target_metric_valid(t->metric) || !isfinite(t->value) || t->value < 0 ||
            (pct && t->value > 100) || t->value > 1e9 ||
            api_text_check(t->description, true, INTAKE_ADMIN_NAME_MAX, false) != API_TEXT_OK) {
            api_errors_add(e, "targets", MSG_INTAKE_ADMIN_TARGET_INVALID);
            bad++;
            break;
        }
    }
    return bad ? API_EINVALID : 0;
}

/* Splits text into lines and each line into up to nf ';'-separated, trimmed
 * fields; calls back per non-blank line. -1 when a callback refused. */
typedef int (*line_fn)(arena *a, char **f, int nf, void *ctx);
static int each_line(arena *a, const char *text, int nmax, line_fn fn, void *ctx)
{
    if (!text) return 0;
    const char *p = text;
    while (*p) {
        size_t len = strcspn(p, "\n");
        char *line = arena_strndup(a, p, len);
        p += len;
        if (*p == '\n') p++;
        if (!line) return -1;
        char *t = str_trim(a, line);
        if (!t || !*t) continue;
        char *f[4] = {0};
        int nf = 0;
        char *s = t;
        while (nf < nmax) {
            char *semi = nf < nmax - 1 ? strchr(s, ';') : NULL;
            if (semi) *semi = '\0';
            f[nf++] = str_trim(a, s);
            if (!semi) break;
            s = semi + 1;
        }
        if (fn(a, f, nf, ctx) != 0) return -1;
    }
    return 0;
}

static int phase_line(arena *a, char **f, int nf, void *ctx)
{
    intake_programme_input *in = ctx;
    if (in->nphases == INTAKE_MAX_PHASES || !f[0] || !*f[0]) return -1;
    int64_t weeks = 0;
    if (nf > 1 && f[1] && *f[1] && str_to_int64(f[1], 0, 520, &weeks) != 0) return -1;
    in->phases[in->nphases++] = (intake_phase){.name = f[0], .weeks = (int)weeks};
    (void)a;
    return 0;
}

int intake_phases_parse(arena *a, const char *text, intake_programme_input *in, api_errors *e)
{
    in->nphases = 0;
    if (each_line(a, text, 2, phase_line, in) != 0) {
        api_errors_add(e, "phases", MSG_INTAKE_ADMIN_PHASE_INVALID);
        return API_EINVALID;
    }
    return 0;
}

static int target_line(arena *a, char **f, int nf, void *ctx)
{
    intake_programme_input *in = ctx;
    (void)a;
    if (in->ntargets == INTAKE_MAX_TARGETS || nf < 3 || !intake_target_metric_valid(f[0])) return -1;
    char *end = NULL;
    const char *v = f[1];
    for (char *c = f[1]; *c; c++)
        if (*c == ',') *c = '.'; /* 7,5 as Dutch people write it */
    double d = strtod(v, &end);
    if (!*v || !end || *end) return -1;
    in->targets[in->ntargets++] = (intake_target){.metric = f[0], .value = d, .description = f[2]};
    return 0;
}

int intake_targets_parse(arena *a, const char *text, intake_programme_input *in, api_errors *e)
{
    in->ntargets = 0;
    if (each_line(a, text, 3, target_line, in) != 0) {
        api_errors_add(e, "targets", MSG_INTAKE_ADMIN_TARGET_INVALID);
        return API_EINVALID;
    }
    return 0;
}

/* ---- Cohorts ---- */

void intake_cohort_normalise(arena *a, intake_cohort_input *in)
{
    in->name = trim(a, in->name, false);
    in->starts_on = trim(a, in->starts_on, false);
    in->ends_on = trim(a, in->ends_on, false);
    in->capacity = trim(a, in->capacity, false);
    for (int i = 0; i < in->nplaces; i++) in->places_text[i] = trim(a, in->places_text[i], true);
}

static int check_date(api_errors *e, const char *field, const char *s, int64_t *days)
{
    int y, m, d;
    if (!s || !*s) {
        api_errors_add(e, field, MSG_INTAKE_ADMIN_REQUIRED);
        return 1;
    }
    if (strlen(s) != 10 || time_parse_date(s, &y, &m, &d) != 0 || y < 2000 || y > 2100) {
        api_errors_add(e, field, MSG_INTAKE_ADMIN_DATE_INVALID);
        return 1;
    }
    *days = time_days_from_civil(y, m, d);
    return 0;
}

int intake_cohort_validate(intake_cohort_input *in, api_errors *e)
{
    int bad = 0;
    if (in->programme_id <= 0) {
        api_errors_add(e, "programme_id", MSG_INTAKE_ADMIN_PROGRAMME_REQUIRED);
        bad++;
    }
    bad += check_text(e, "name", in->name, true, INTAKE_ADMIN_NAME_MAX, false);
    int64_t from = 0, to = 0;
    int dates = check_date(e, "starts_on", in->starts_on, &from);
    dates += check_date(e, "ends_on", in->ends_on, &to);
    if (!dates && to < from) {
        api_errors_add(e, "ends_on", MSG_INTAKE_ADMIN_DATE_ORDER);
        dates++;
    }
    bad += dates;
    int capacity = 0;
    int cap_bad = check_int(e, "capacity", in->capacity, true, 0, 100000, MSG_INTAKE_ADMIN_NUMBER_INVALID, &capacity);
    bad += cap_bad;
    int64_t sum = 0;
    bool places_bad = false;
    for (int i = 0; i < in->nplaces; i++) {
        if (in->places_text[i]) {
            int64_t v;
            if (str_to_int64(in->places_text[i], 0, 100000, &v) != 0) {
                places_bad = true;
                continue;
            }
            in->places[i].places = (int)v;
        }
        if (in->places[i].places < 0 || in->places[i].org_id <= 0) places_bad = true;
        for (int k = 0; k < i; k++)
            if (in->places[k].org_id == in->places[i].org_id) places_bad = true;
        sum += in->places[i].places;
    }
    if (places_bad) {
        api_errors_add(e, "places", MSG_INTAKE_ADMIN_PLACES_INVALID);
        bad++;
    } else if (!cap_bad && sum > capacity) {
        api_errors_add(e, "places", MSG_INTAKE_ADMIN_PLACES_OVER_CAPACITY);
        bad++;
    }
    return bad ? API_EINVALID : 0;
}

/* ---- Campaigns ---- */

/* Reads exactly n digits at s into *v; false when they are not there. */
static bool digits(const char *s, int n, int *v)
{
    int x = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return false;
        x = x * 10 + (s[i] - '0');
    }
    *v = x;
    return true;
}

int intake_instant_parse(const char *s, int64_t *out)
{
    if (!s) return -1;
    size_t n = strlen(s);
    int y, mo, d, h, mi, se = 0;
    if (n < 16 || !digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &mo) || s[7] != '-' ||
        !digits(s + 8, 2, &d) || (s[10] != 'T' && s[10] != ' ') || !digits(s + 11, 2, &h) || s[13] != ':' ||
        !digits(s + 14, 2, &mi))
        return -1;
    const char *rest = s + 16;
    if (*rest == ':') {
        if (!digits(rest + 1, 2, &se)) return -1;
        rest += 3;
    }
    if (y < 2000 || y > 2100 || mo < 1 || mo > 12 || d < 1 || d > time_days_in_month(y, mo) || h > 23 || mi > 59 ||
        se > 59)
        return -1;
    if (!*rest) return time_ams_to_utc(y, mo, d, h, mi, se, out);
    int offset = 0;
    if (str_eq(rest, "Z")) offset = 0;
    else {
        int oh, om;
        if ((rest[0] != '+' && rest[0] != '-') || strlen(rest) != 6 || !digits(rest + 1, 2, &oh) || rest[3] != ':' ||
            !digits(rest + 4, 2, &om) || oh > 14 || om > 59)
            return -1;
        offset = (oh * 60 + om) * 60 * (rest[0] == '-' ? -1 : 1);
    }
    *out = time_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se - offset;
    return 0;
}

char *intake_instant_local(arena *a, int64_t utc)
{
    char out[32];
    time_format_ams(out, sizeof out, utc, "%Y-%m-%dT%H:%M");
    return arena_strdup(a, out);
}

void intake_campaign_normalise(arena *a, intake_campaign_input *in)
{
    in->slug = trim(a, in->slug, false);
    in->title = trim(a, in->title, false);
    in->intro_nl = trim(a, in->intro_nl, true);
    in->intro_en = trim(a, in->intro_en, true);
    in->opens_at = trim(a, in->opens_at, false);
    in->closes_at = trim(a, in->closes_at, false);
    in->target = trim(a, in->target, false);
    in->cap = trim(a, in->cap, false);
    in->retention_weeks = trim(a, in->retention_weeks, true);
    in->reject_message_nl = trim(a, in->reject_message_nl, true);
    in->reject_message_en = trim(a, in->reject_message_en, true);
}

int intake_campaign_validate(const intake_campaign_input *in, api_errors *e, int64_t *opens, int64_t *closes)
{
    int bad = 0;
    if (in->cohort_id <= 0) {
        api_errors_add(e, "cohort_id", MSG_INTAKE_ADMIN_COHORT_REQUIRED);
        bad++;
    }
    if (!in->slug || !*in->slug) {
        api_errors_add(e, "slug", MSG_INTAKE_ADMIN_REQUIRED);
        bad++;
    } else if (!intake_slug_valid(in->slug)) {
        api_errors_add(e, "slug", MSG_INTAKE_ADMIN_SLUG_INVALID);
        bad++;
    }
    bad += check_text(e, "title", in->title, true, INTAKE_ADMIN_NAME_MAX, false);
    bad += check_text(e, "intro_nl", in->intro_nl, false, INTAKE_ADMIN_TEXT_MAX, true);
    bad += check_text(e, "intro_en", in->intro_en, false, INTAKE_ADMIN_TEXT_MAX, true);
    bad += check_text(e, "reject_message_nl", in->reject_message_nl, false, INTAKE_ADMIN_TEXT_MAX, true);
    bad += check_text(e, "reject_message_en", in->reject_message_en, false, INTAKE_ADMIN_TEXT_MAX, true);
    *opens = *closes = 0;
    int window = 0;
    if (!in->opens_at || !*in->opens_at) {
        api_errors_add(e, "opens_at", MSG_INTAKE_ADMIN_REQUIRED);
        window++;
    } else if (intake_instant_parse(in->opens_at, opens) != 0) {
        api_errors_add(e, "opens_at", MSG_INTAKE_ADMIN_INSTANT_INVALID);
        window++;
    }
    if (!in->closes_at || !*in->closes_at) {
        api_errors_add(e, "closes_at", MSG_INTAKE_ADMIN_REQUIRED);
        window++;
    } else if (intake_instant_parse(in->closes_at, closes) != 0) {
        api_errors_add(e, "closes_at", MSG_INTAKE_ADMIN_INSTANT_INVALID);
        window++;
    }
    if (!window && *closes <= *opens) {
        api_errors_add(e, "closes_at", MSG_INTAKE_ADMIN_WINDOW_ORDER);
        window++;
    }
    bad += window;
    int target = 0, cap = 0, weeks = 0;
    bad += check_int(e, "target", in->target, true, 0, 1000000, MSG_INTAKE_ADMIN_NUMBER_INVALID, &target);
    bad += check_int(e, "cap", in->cap, true, 0, 1000000, MSG_INTAKE_ADMIN_NUMBER_INVALID, &cap);
    bad += check_int(e, "retention_weeks", in->retention_weeks, false, 0, 520, MSG_INTAKE_ADMIN_WEEKS_INVALID, &weeks);
    return bad ? API_EINVALID : 0;
}
