/* Fuzzes the input rules of deployment (deploy/model.h) with what a form or
 * a JSON body may hold. The first three bytes choose the weekdays of a
 * pattern and how many locations and skills it has; the rest is split at
 * line ends into the text fields. Checks: nothing crashes; a day or a time
 * that parses formats back to itself; a shift that validates expands (or is
 * refused on to_date for its count) into at most 2000 shifts, each on a
 * chosen weekday, starting at its own wall-clock time and lasting more than
 * nothing and at most 24 hours, in date order; converted windows, profiles
 * and hours are in range; and the calendar feed of those shifts with the
 * fields as texts has lines of at most 75 octets, none split inside a UTF-8
 * sequence when the texts are valid UTF-8. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/str.h"
#include "deploy/ical.h"
#include "deploy/model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NFIELDS 24

/* A day or a time that parses formats back to itself. */
static void round_trip(const char *s)
{
    int64_t day;
    if (deploy_parse_day(s, &day) == 0) {
        char back[11];
        deploy_format_day(day, back);
        assert(strcmp(back, s) == 0);
    }
    int m;
    if (deploy_parse_hhmm(s, &m) == 0) {
        assert(m >= 0 && m < 1440);
        char back[6];
        int len = (int)strlen(s);
        back[0] = (char)('0' + m / 600);
        back[1] = (char)('0' + m / 60 % 10);
        back[2] = ':';
        back[3] = (char)('0' + m % 60 / 10);
        back[4] = (char)('0' + m % 10);
        back[5] = '\0';
        assert(strcmp(len == 5 ? back : back + 1, s) == 0);
    }
}

/* The shifts of a valid input and the feed of them. */
static void check_expansion(const deploy_shift_input *in, arena *a, const char *const *f)
{
    deploy_shift_spec *s;
    int n;
    api_errors e = {0};
    int rc = deploy_shift_expand(in, a, &s, &n, &e);
    if (rc == -2) return; /* the arena's limit */
    if (rc != 0) {
        assert(rc == -1 && e.n == 1 && api_errors_has(&e, "to_date", NULL));
        return;
    }
    assert(n >= 1 && n <= DEPLOY_MAX_PATTERN_SHIFTS && n % in->nlocations == 0);
    int start;
    assert(deploy_parse_hhmm(in->start, &start) == 0);
    int mask = in->date && *in->date ? 0x7f : in->weekdays;
    for (int i = 0; i < n; i++) {
        assert(s[i].location_id == in->location_ids[i % in->nlocations]);
        assert(s[i].ends_at > s[i].starts_at && s[i].ends_at - s[i].starts_at <= 86400);
        int64_t day = deploy_day_of(s[i].starts_at);
        assert((mask >> deploy_weekday(day)) & 1);
        assert(deploy_instant(day, start) == s[i].starts_at);
        if (i >= in->nlocations) assert(s[i].starts_at > s[i - in->nlocations].starts_at);
    }
    /* The feed of (up to 50 of) them, with the fields as texts. */
    int nev = n < 50 ? n : 50;
    deploy_ical_event *ev = arena_calloc(a, (size_t)nev, sizeof *ev);
    if (!ev) return;
    bool utf8 = true;
    for (int i = 0; i < nev; i++) {
        const char *summary = f[(i + 7) % NFIELDS], *where = f[(i + 8) % NFIELDS], *what = f[(i + 9) % NFIELDS];
        utf8 = utf8 && str_utf8_valid(summary, strlen(summary)) && str_utf8_valid(where, strlen(where)) &&
               str_utf8_valid(what, strlen(what));
        ev[i] = (deploy_ical_event){.id = i + 1, .starts_at = s[i].starts_at, .ends_at = s[i].ends_at,
                                    .summary = summary, .location = where, .description = what,
                                    .updated_at = s[i].starts_at - 86400, .cancelled = i % 3 == 0};
    }
    const char *calname = f[10];
    utf8 = utf8 && str_utf8_valid(calname, strlen(calname));
    buf out;
    buf_init(&out, 1 << 22);
    if (deploy_ical_write(&out, calname, "fuzz.example", ev, nev, 1782000000) == 0) {
        const char *p = out.data;
        for (const char *nl; (nl = memchr(p, '\r', out.len - (size_t)(p - out.data))) != NULL; p = nl + 2) {
            assert(nl[1] == '\n' && nl - p <= 75);
            assert(!memchr(p, '\n', (size_t)(nl - p)));
            if (utf8 && nl[2] == ' ') assert(((unsigned char)nl[3] & 0xC0) != 0x80); /* a fold not mid-sequence */
        }
        assert(p == out.data + out.len);
    }
    buf_free(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 3) return 0;
    arena a;
    arena_init(&a, 1 << 20);
    int weekdays = data[0] & 0x80 ? -(int)(data[0] & 0x7f) : data[0];
    int nlocations = data[1] % (DEPLOY_MAX_LOCATIONS + 2);
    int nskills = data[2] % (DEPLOY_MAX_SKILLS + 2);
    data += 3;
    size -= 3;
    /* The fields: the text between line ends (up to a NUL), "" when missing. */
    const char *f[NFIELDS];
    size_t at = 0;
    for (int i = 0; i < NFIELDS; i++) {
        const uint8_t *nl = at < size ? memchr(data + at, '\n', size - at) : NULL;
        size_t len = nl ? (size_t)(nl - (data + at)) : size - (at < size ? at : size);
        f[i] = at < size ? arena_strndup(&a, (const char *)data + at, len) : "";
        if (!f[i]) f[i] = "";
        at = nl ? at + len + 1 : size;
        round_trip(f[i]);
    }
    deploy_shift_input in = {.date = f[0], .from_date = f[1], .to_date = f[2], .weekdays = weekdays, .start = f[3],
                             .end = f[4], .nlocations = nlocations, .headcount = f[5], .priority = f[6],
                             .tasks = f[7], .nskills = nskills};
    for (int i = 0; i < DEPLOY_MAX_LOCATIONS; i++) in.location_ids[i] = (int64_t)(i % 5) + (f[8][0] == '-' ? -1 : 1);
    for (int i = 0; i < DEPLOY_MAX_SKILLS; i++) in.skill_ids[i] = i + 1;
    api_errors e = {0};
    int bad = deploy_shift_validate(&in, &e);
    assert(bad == e.n && bad <= 10);
    if (bad == 0) check_expansion(&in, &a, f);

    int wd, from, to;
    e = (api_errors){0};
    if (deploy_window_validate(&(deploy_window_input){f[9], f[10], f[11]}, &wd, &from, &to, &e) == 0)
        assert(wd >= 0 && wd <= 6 && from >= 0 && from < 1440 && to > from && to < from + 1440);
    int hours, km;
    e = (api_errors){0};
    if (deploy_profile_validate(&(deploy_profile_input){f[12], f[13]}, &hours, &km, &e) == 0)
        assert(hours >= 0 && hours <= 60 && km >= 0 && km <= 500);
    e = (api_errors){0};
    deploy_exception_validate(f[14], f[15], f[16], &e);
    e = (api_errors){0};
    deploy_document_validate(&(deploy_document_input){f[17], f[18], f[19], f[20]}, 20619, &e);
    e = (api_errors){0};
    deploy_location_validate(&(deploy_location_input){f[21], f[22], f[23]}, &e);
    int minutes = -1;
    e = (api_errors){0};
    if (deploy_hours_validate(f[20], f[21], &minutes, &e) == 0) assert(minutes >= 0 && minutes <= 1440);
    int p = deploy_priority_parse(f[6]);
    assert(p == -1 || strcmp(deploy_priority_name(p), f[6]) == 0);
    arena_free(&a);
    return 0;
}
