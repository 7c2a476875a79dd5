/* intake model: pure rules, no I/O. */
#include "intake/model.h"

#include <assert.h>
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "base/str.h"
#include "base/time.h"

static const char *const kind_names[INTAKE_STAGE_KIND_COUNT] = {
    "open", "selected", "waitlist", "rejected", "withdrawn",
};

const char *intake_stage_kind_name(intake_stage_kind k)
{
    return (int)k >= 0 && k < INTAKE_STAGE_KIND_COUNT ? kind_names[k] : NULL;
}

intake_stage_kind intake_stage_kind_parse(const char *s)
{
    for (int i = 0; i < INTAKE_STAGE_KIND_COUNT; i++)
        if (str_eq(s, kind_names[i])) return (intake_stage_kind)i;
    return INTAKE_STAGE_KIND_COUNT;
}

bool intake_stage_kind_is_final(intake_stage_kind k)
{
    return k == INTAKE_STAGE_REJECTED || k == INTAKE_STAGE_WITHDRAWN;
}

const intake_default_stage intake_default_stages[INTAKE_DEFAULT_STAGE_COUNT] = {
    {"aangemeld", "Aangemeld", "Applied", INTAKE_STAGE_OPEN},
    {"gescreend", "Gescreend", "Screened", INTAKE_STAGE_OPEN},
    {"intakegesprek", "Intakegesprek", "Interview", INTAKE_STAGE_OPEN},
    {"geselecteerd", "Geselecteerd", "Selected", INTAKE_STAGE_SELECTED},
    {"wachtlijst", "Wachtlijst", "Waiting list", INTAKE_STAGE_WAITLIST},
    {"afgewezen", "Afgewezen", "Rejected", INTAKE_STAGE_REJECTED},
    {"teruggetrokken", "Teruggetrokken", "Withdrawn", INTAKE_STAGE_WITHDRAWN},
};

intake_window intake_campaign_window(const intake_campaign *k, int64_t now)
{
    assert(k);
    if (now < k->opens_at) return INTAKE_WINDOW_BEFORE;
    if (now >= k->closes_at) return INTAKE_WINDOW_AFTER;
    return INTAKE_WINDOW_OPEN;
}

bool intake_campaign_is_full(const intake_campaign *k)
{
    assert(k);
    return k->applications >= k->cap;
}

int64_t intake_duplicate_pick(int64_t by_email, int64_t by_phone, int64_t by_name_birth, const char **reason)
{
    if (by_email) {
        *reason = "email";
        return by_email;
    }
    if (by_phone) {
        *reason = "phone";
        return by_phone;
    }
    if (by_name_birth) {
        *reason = "name_birth";
        return by_name_birth;
    }
    *reason = NULL;
    return 0;
}

char *intake_postcode_normalise(arena *a, const char *s)
{
    if (!s) return NULL;
    char d[4], l[2];
    int nd = 0, nl = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == ' ' || *p == '\t') {
            if (nd != 4 || nl != 0) {
                if (nd == 0 || nl == 2) continue; /* around the whole */
                return NULL;
            }
            continue;
        }
        if (isdigit(*p)) {
            if (nd == 4 || nl) return NULL;
            d[nd++] = (char)*p;
        } else if (isalpha(*p)) {
            if (nd != 4 || nl == 2) return NULL;
            l[nl++] = (char)toupper(*p);
        } else {
            return NULL;
        }
    }
    if (nd != 4 || nl != 2 || d[0] == '0') return NULL;
    if (l[0] == 'S' && (l[1] == 'A' || l[1] == 'D' || l[1] == 'S')) return NULL;
    return arena_printf(a, "%c%c%c%c %c%c", d[0], d[1], d[2], d[3], l[0], l[1]);
}

bool intake_email_valid(const char *s)
{
    if (!s) return false;
    size_t n = strlen(s);
    if (n < 6 || n > INTAKE_EMAIL_MAX || !str_utf8_valid(s, n)) return false;
    const char *at = strchr(s, '@');
    if (!at || at == s || strchr(at + 1, '@') || at - s > 64) return false;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p <= ' ' || *p == '<' || *p == '>' || *p == '"' || *p == '(' || *p == ')' || *p == ',' ||
            *p == ';' || *p == ':' || *p == '\\' || *p == '[' || *p == ']' || *p == 0x7f)
            return false;
    const char *domain = at + 1;
    const char *dot = strrchr(domain, '.');
    if (!dot || dot == domain || strlen(dot + 1) < 2) return false;
    if (domain[0] == '.' || strstr(domain, "..") || s[0] == '.' || at[-1] == '.') return false;
    return true;
}

char *intake_phone_normalise(arena *a, const char *s)
{
    if (!s) return NULL;
    size_t n = strlen(s);
    char *out = arena_alloc(a, n + 1);
    if (!out) return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '/' || c == '\t') continue;
        out[k++] = c;
    }
    out[k] = '\0';
    return out;
}

bool intake_phone_valid(const char *s)
{
    if (!s) return false;
    const char *p = s[0] == '+' ? s + 1 : s;
    size_t digits = 0;
    for (; *p; p++) {
        if (!isdigit((unsigned char)*p)) return false;
        digits++;
    }
    return digits >= INTAKE_PHONE_DIGITS_MIN && digits <= INTAKE_PHONE_DIGITS_MAX;
}

int intake_age_at(const char *birth, const char *on)
{
    int by, bm, bd, oy, om, od;
    if (!birth || !on || time_parse_date(birth, &by, &bm, &bd) || time_parse_date(on, &oy, &om, &od)) return -1;
    int age = oy - by;
    if (om < bm || (om == bm && od < bd)) age--;
    return age;
}

bool intake_languages_valid(const char *s)
{
    if (!s || !*s) return true;
    const char *seen[INTAKE_LANGUAGES_MAX];
    int n = 0;
    const char *p = s;
    for (;;) {
        if (!islower((unsigned char)p[0]) || !islower((unsigned char)p[1])) return false;
        if (p[2] != ',' && p[2] != '\0') return false;
        for (int i = 0; i < n; i++)
            if (seen[i][0] == p[0] && seen[i][1] == p[1]) return false;
        if (n == INTAKE_LANGUAGES_MAX) return false;
        seen[n++] = p;
        if (p[2] == '\0') return true;
        p += 3;
    }
}

bool intake_source_valid(const char *s)
{
    return str_eq(s, "direct") || str_eq(s, "utm") || str_eq(s, "jobcoach") || str_eq(s, "via_via") ||
           str_eq(s, "import");
}

const char *intake_source_of(int64_t referrer_user_id, bool via_via, const char *utm_source,
                             const char *utm_medium, const char *utm_campaign)
{
    if (referrer_user_id > 0) return "jobcoach";
    if (via_via) return "via_via";
    if ((utm_source && *utm_source) || (utm_medium && *utm_medium) || (utm_campaign && *utm_campaign)) return "utm";
    return "direct";
}

bool intake_rate_limited(int64_t attempts_in_window, int limit)
{
    return limit > 0 && attempts_in_window >= limit;
}

/* ---- Applicants ---- */

static const char *trim_or_null(arena *a, const char *s)
{
    if (!s) return NULL;
    char *t = str_trim(a, s);
    return t && *t ? t : NULL;
}

void intake_applicant_normalise(arena *a, intake_applicant *in)
{
    in->given_name = trim_or_null(a, in->given_name);
    in->family_name = trim_or_null(a, in->family_name);
    in->email = trim_or_null(a, in->email);
    if (in->email) {
        char *e = arena_strdup(a, in->email);
        if (e) in->email = str_lower(e);
    }
    in->phone = trim_or_null(a, in->phone);
    if (in->phone) in->phone = intake_phone_normalise(a, in->phone);
    in->birth_date = trim_or_null(a, in->birth_date);
    in->postcode = trim_or_null(a, in->postcode);
    if (in->postcode) {
        char *pc = intake_postcode_normalise(a, in->postcode);
        if (pc) in->postcode = pc;
    }
    in->current_study = trim_or_null(a, in->current_study);
    in->prior_occupation = trim_or_null(a, in->prior_occupation);
    in->prior_occupation_label = trim_or_null(a, in->prior_occupation_label);
    in->hobbies = trim_or_null(a, in->hobbies);
    in->languages = trim_or_null(a, in->languages);
    in->avail_from = trim_or_null(a, in->avail_from);
    in->avail_until = trim_or_null(a, in->avail_until);
    in->motivation = trim_or_null(a, in->motivation);
    in->source = trim_or_null(a, in->source);
    in->utm_source = trim_or_null(a, in->utm_source);
    in->utm_medium = trim_or_null(a, in->utm_medium);
    in->utm_campaign = trim_or_null(a, in->utm_campaign);
    in->lang = trim_or_null(a, in->lang);
    in->import_key = trim_or_null(a, in->import_key);
}

/* Adds the error of a text check for field; 1 when there was one. */
static int check_text(api_errors *e, const char *field, const char *s, bool required, size_t max, bool multiline,
                      msg_id missing, msg_id too_long)
{
    switch (api_text_check(s, required, max, multiline)) {
    case API_TEXT_MISSING: api_errors_add(e, field, missing); return 1;
    case API_TEXT_TOO_LONG: api_errors_add(e, field, too_long); return 1;
    case API_TEXT_INVALID: api_errors_add(e, field, MSG_APPLY_TEXT_INVALID); return 1;
    case API_TEXT_OK: break;
    }
    return 0;
}

/* "YYYY-MM-DD" of the Amsterdam day of t into out (11 bytes). */
static void day_of(int64_t t, char out[11])
{
    time_format_ams(out, 11, t, "%Y-%m-%d");
}

static bool is_date(const char *s)
{
    int y, m, d;
    return s && strlen(s) == 10 && time_parse_date(s, &y, &m, &d) == 0 && y >= 1900 && y <= 2200;
}

int intake_applicant_validate(const intake_campaign *k, const intake_applicant *in, int64_t now, api_errors *e)
{
    int bad = 0;
    bad += check_text(e, "given_name", in->given_name, true, INTAKE_NAME_MAX, false, MSG_APPLY_GIVEN_NAME_REQUIRED,
                      MSG_APPLY_NAME_TOO_LONG);
    bad += check_text(e, "family_name", in->family_name, true, INTAKE_NAME_MAX, false, MSG_APPLY_FAMILY_NAME_REQUIRED,
                      MSG_APPLY_NAME_TOO_LONG);
    if (!in->email || !*in->email) {
        api_errors_add(e, "email", MSG_APPLY_EMAIL_REQUIRED);
        bad++;
    } else if (!intake_email_valid(in->email)) {
        api_errors_add(e, "email", MSG_APPLY_EMAIL_INVALID);
        bad++;
    }
    if (in->phone && *in->phone && !intake_phone_valid(in->phone)) {
        api_errors_add(e, "phone", MSG_APPLY_PHONE_INVALID);
        bad++;
    }
    char today[11];
    day_of(now, today);
    if (!in->birth_date || !*in->birth_date) {
        api_errors_add(e, "birth_date", MSG_APPLY_BIRTH_REQUIRED);
        bad++;
    } else if (!is_date(in->birth_date)) {
        api_errors_add(e, "birth_date", MSG_APPLY_BIRTH_INVALID);
        bad++;
    } else if (strcmp(in->birth_date, today) > 0) {
        api_errors_add(e, "birth_date", MSG_APPLY_BIRTH_FUTURE);
        bad++;
    } else if (k) {
        const char *at = k->cohort_starts_on && is_date(k->cohort_starts_on) ? k->cohort_starts_on : today;
        int age = intake_age_at(in->birth_date, at);
        if (k->min_age > 0 && age < k->min_age) {
            api_errors_add(e, "birth_date", MSG_APPLY_TOO_YOUNG);
            bad++;
        } else if (k->max_age > 0 && age > k->max_age) {
            api_errors_add(e, "birth_date", MSG_APPLY_TOO_OLD);
            bad++;
        } else if (age > 120) {
            api_errors_add(e, "birth_date", MSG_APPLY_BIRTH_INVALID);
            bad++;
        }
    }
    if (!in->postcode || !*in->postcode) {
        api_errors_add(e, "postcode", MSG_APPLY_POSTCODE_REQUIRED);
        bad++;
    } else {
        /* Normalised postcodes are "1234 AB"; anything else is refused. */
        arena tmp;
        arena_init(&tmp, 4096);
        char *pc = intake_postcode_normalise(&tmp, in->postcode);
        if (!pc || strcmp(pc, in->postcode) != 0) {
            api_errors_add(e, "postcode", MSG_APPLY_POSTCODE_INVALID);
            bad++;
        }
        arena_free(&tmp);
    }
    bad += check_text(e, "current_study", in->current_study, false, INTAKE_STUDY_MAX, false,
                      MSG_APPLY_STUDY_TOO_LONG, MSG_APPLY_STUDY_TOO_LONG);
    bad += check_text(e, "prior_occupation", in->prior_occupation, false, INTAKE_OCCUPATION_MAX, false,
                      MSG_APPLY_OCCUPATION_TOO_LONG, MSG_APPLY_OCCUPATION_TOO_LONG);
    if (!api_errors_has(e, "prior_occupation", NULL))
        bad += check_text(e, "prior_occupation", in->prior_occupation_label, false, INTAKE_OCCUPATION_MAX, false,
                          MSG_APPLY_OCCUPATION_TOO_LONG, MSG_APPLY_OCCUPATION_TOO_LONG);
    bad += check_text(e, "hobbies", in->hobbies, false, INTAKE_HOBBIES_MAX, true, MSG_APPLY_HOBBIES_TOO_LONG,
                      MSG_APPLY_HOBBIES_TOO_LONG);
    if (!intake_languages_valid(in->languages)) {
        api_errors_add(e, "languages", MSG_APPLY_LANGUAGES_INVALID);
        bad++;
    }
    if (in->avail_days > 0x7f) {
        api_errors_add(e, "avail_days", MSG_APPLY_DAYS_INVALID);
        bad++;
    }
    if (in->avail_parts > 0xf) {
        api_errors_add(e, "avail_parts", MSG_APPLY_PARTS_INVALID);
        bad++;
    }
    if (in->avail_hours < 0 || in->avail_hours > INTAKE_HOURS_MAX) {
        api_errors_add(e, "avail_hours", MSG_APPLY_HOURS_INVALID);
        bad++;
    }
    bool from_ok = true;
    if (in->avail_from && !is_date(in->avail_from)) {
        api_errors_add(e, "avail_from", MSG_APPLY_DATE_INVALID);
        bad++;
        from_ok = false;
    }
    if (in->avail_until && !is_date(in->avail_until)) {
        api_errors_add(e, "avail_until", MSG_APPLY_DATE_INVALID);
        bad++;
    } else if (in->avail_until && in->avail_from && from_ok && strcmp(in->avail_until, in->avail_from) < 0) {
        api_errors_add(e, "avail_until", MSG_APPLY_UNTIL_BEFORE_FROM);
        bad++;
    }
    bad += check_text(e, "motivation", in->motivation, false, INTAKE_MOTIVATION_MAX, true,
                      MSG_APPLY_MOTIVATION_REQUIRED, MSG_APPLY_MOTIVATION_TOO_LONG);
    if (!in->consent) {
        api_errors_add(e, "consent", MSG_APPLY_CONSENT_REQUIRED);
        bad++;
    }
    if (in->source && !intake_source_valid(in->source)) {
        api_errors_add(e, "source", MSG_APPLY_SOURCE_INVALID);
        bad++;
    }
    bad += check_text(e, "utm_source", in->utm_source, false, INTAKE_UTM_MAX, false, MSG_APPLY_UTM_TOO_LONG,
                      MSG_APPLY_UTM_TOO_LONG);
    bad += check_text(e, "utm_medium", in->utm_medium, false, INTAKE_UTM_MAX, false, MSG_APPLY_UTM_TOO_LONG,
                      MSG_APPLY_UTM_TOO_LONG);
    bad += check_text(e, "utm_campaign", in->utm_campaign, false, INTAKE_UTM_MAX, false, MSG_APPLY_UTM_TOO_LONG,
                      MSG_APPLY_UTM_TOO_LONG);
    if (in->lang && !str_eq(in->lang, "nl") && !str_eq(in->lang, "en")) {
        api_errors_add(e, "lang", MSG_APPLY_LANG_INVALID);
        bad++;
    }
    bad += check_text(e, "import_key", in->import_key, false, 200, false, MSG_APPLY_TEXT_INVALID,
                      MSG_APPLY_TEXT_INVALID);
    return bad ? API_EINVALID : 0;
}
