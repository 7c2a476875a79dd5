/* roster: reader of the Curtois & Qu text format, plus the care sections of
 * docs/roster.md. Works on a memory buffer so that it can be fuzzed; every
 * error names the line. */
#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "roster/model.h"
#include "roster/text.h"

enum section {
    SEC_NONE,
    SEC_HORIZON,
    SEC_SHIFTS,
    SEC_STAFF,
    SEC_DAYS_OFF,
    SEC_ON,
    SEC_OFF,
    SEC_COVER,
    SEC_LOCATIONS,
    SEC_SHIFT_DETAILS,
    SEC_STAFF_DETAILS,
    SEC_TRAVEL,
    SEC_AVAILABILITY,
    SEC_SETTINGS,
};

static const struct {
    const char *name;
    enum section sec;
} sections[] = {
    {"SECTION_HORIZON", SEC_HORIZON},
    {"SECTION_SHIFTS", SEC_SHIFTS},
    {"SECTION_STAFF", SEC_STAFF},
    {"SECTION_DAYS_OFF", SEC_DAYS_OFF},
    {"SECTION_SHIFT_ON_REQUESTS", SEC_ON},
    {"SECTION_SHIFT_OFF_REQUESTS", SEC_OFF},
    {"SECTION_COVER", SEC_COVER},
    {"SECTION_LOCATIONS", SEC_LOCATIONS},
    {"SECTION_SHIFT_DETAILS", SEC_SHIFT_DETAILS},
    {"SECTION_STAFF_DETAILS", SEC_STAFF_DETAILS},
    {"SECTION_TRAVEL", SEC_TRAVEL},
    {"SECTION_AVAILABILITY", SEC_AVAILABILITY},
    {"SECTION_SETTINGS", SEC_SETTINGS},
};

#define MAX_FIELDS (ROSTER_MAX_DAYS + 8)

/* A forbidden-succession list waiting for the end of SECTION_SHIFTS, since it
 * may name shifts defined further down. */
typedef struct pending {
    int line;
    int from;
    char *list; /* points into the reader's copy of the text */
} pending;

typedef struct reader {
    rp_text_at at;
    roster_instance *ins;
    char **field;
    int nfield;
    pending *pend;
    int npend;
    uint8_t *cover_seen; /* [ndays * nshifts] */
    int seen_staff, seen_shifts;
} reader;

#define fail(r, ...) rp_text_fail(&(r)->at, __VA_ARGS__)

/* Splits line at commas into r->field; returns the count or a negative code. */
static int split(reader *r, char *line)
{
    r->nfield = 0;
    char *p = line;
    for (;;) {
        if (r->nfield >= MAX_FIELDS) return fail(r, "too many fields");
        char *comma = strchr(p, ',');
        if (comma) *comma = '\0';
        r->field[r->nfield++] = rp_text_trim(p);
        if (!comma) break;
        p = comma + 1;
    }
    return r->nfield;
}

/* Parses a whole decimal integer in [lo, hi]; "what" names it in messages. */
static int parse_int(reader *r, const char *s, long lo, long hi, const char *what, int *out)
{
    if (!*s) return fail(r, "%s is missing", what);
    errno = 0;
    char *end = NULL;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end) return fail(r, "%s '%.40s' is not a whole number", what, s);
    if (v < lo || v > hi) return fail(r, "%s %ld is out of range %ld..%ld", what, v, lo, hi);
    *out = (int)v;
    return 0;
}

/* As parse_int, but an empty field gives ROSTER_NONE. */
static int parse_opt(reader *r, const char *s, long lo, long hi, const char *what, int *out)
{
    if (!*s) {
        *out = ROSTER_NONE;
        return 0;
    }
    return parse_int(r, s, lo, hi, what, out);
}

/* Parses HH:MM (HH up to 47) into minutes. */
static int parse_time(reader *r, const char *s, const char *what, int *out)
{
    int h = 0, m = 0, i = 0;
    if (!s[0]) return fail(r, "%s is missing", what);
    for (; s[i] >= '0' && s[i] <= '9' && i < 2; i++) h = h * 10 + (s[i] - '0');
    if (i == 0 || s[i] != ':' || !(s[i + 1] >= '0' && s[i + 1] <= '5') ||
        !(s[i + 2] >= '0' && s[i + 2] <= '9') || s[i + 3] || h > 47) {
        return fail(r, "%s '%.40s' is not a time HH:MM", what, s);
    }
    m = (s[i + 1] - '0') * 10 + (s[i + 2] - '0');
    *out = h * 60 + m;
    return 0;
}

static int need_fields(reader *r, int lo, int hi, const char *form)
{
    if (r->nfield < lo || r->nfield > hi)
        return fail(r, "expected %s, found %d field%s", form, r->nfield, r->nfield == 1 ? "" : "s");
    return 0;
}

static int find_employee(reader *r, const char *id, int *out)
{
    int e = roster_employee_find(r->ins, id);
    if (e < 0) return fail(r, "unknown employee '%.40s'", id);
    *out = e;
    return 0;
}

static int find_shift(reader *r, const char *id, int *out)
{
    int s = roster_shift_find(r->ins, id);
    if (s < 0) return fail(r, "unknown shift '%.40s'", id);
    *out = s;
    return 0;
}

static int find_day(reader *r, const char *s, int *out)
{
    return parse_int(r, s, 0, r->ins->ndays - 1, "day", out);
}

/* Parses a '|' separated list of skill names into a mask. */
static int parse_skills(reader *r, char *s, uint64_t *mask)
{
    *mask = 0;
    while (*s) {
        char *bar = strchr(s, '|');
        if (bar) *bar = '\0';
        char *name = rp_text_trim(s);
        int bit = roster_skill_bit(r->ins, name);
        if (bit == ROSTER_ELIMIT) return fail(r, "more than %d skills", ROSTER_MAX_SKILLS);
        if (bit < 0) return fail(r, "bad skill name '%.40s'", name);
        *mask |= (uint64_t)1 << bit;
        if (!bar) break;
        s = bar + 1;
    }
    return 0;
}

/* Resolves the forbidden-succession lists of SECTION_SHIFTS. */
static int resolve_pending(reader *r)
{
    int saved = r->at.line;
    for (int i = 0; i < r->npend; i++) {
        r->at.line = r->pend[i].line;
        char *s = r->pend[i].list;
        while (*s) {
            char *bar = strchr(s, '|');
            if (bar) *bar = '\0';
            char *id = rp_text_trim(s);
            if (*id) {
                int to = 0;
                if (find_shift(r, id, &to)) return ROSTER_EINPUT;
                roster_succession_forbid(r->ins, r->pend[i].from, to);
            }
            if (!bar) break;
            s = bar + 1;
        }
    }
    r->npend = 0;
    r->at.line = saved;
    return 0;
}

static int line_horizon(reader *r)
{
    if (r->ins) return fail(r, "the horizon is given twice");
    int n = 0;
    if (need_fields(r, 1, 1, "the number of days")) return ROSTER_EINPUT;
    if (parse_int(r, r->field[0], 1, ROSTER_MAX_DAYS, "number of days", &n)) return ROSTER_EINPUT;
    r->ins = roster_instance_create(r->at.name, n);
    if (!r->ins) return fail(r, "out of memory");
    return 0;
}

static int line_shift(reader *r)
{
    int minutes = 0;
    if (need_fields(r, 2, 3, "ShiftID, minutes, forbidden next shifts")) return ROSTER_EINPUT;
    if (r->seen_staff) return fail(r, "shifts must come before the staff");
    if (parse_int(r, r->field[1], 1, 1440, "shift length", &minutes)) return ROSTER_EINPUT;
    int s = roster_shift_add(r->ins, r->field[0], minutes);
    if (s == ROSTER_EINPUT) return fail(r, "shift '%.40s' is defined twice", r->field[0]);
    if (s == ROSTER_ELIMIT) return fail(r, "more than %d shift types", ROSTER_MAX_SHIFTS);
    if (s == ROSTER_ENOMEM) return fail(r, "out of memory");
    if (s < 0) return fail(r, "bad shift ID '%.40s'", r->field[0]);
    r->seen_shifts = 1;
    if (r->nfield == 3 && r->field[2][0]) {
        assert(r->npend < ROSTER_MAX_SHIFTS);
        r->pend[r->npend++] = (pending){r->at.line, s, r->field[2]};
    }
    return 0;
}

static int line_staff(reader *r)
{
    if (need_fields(r, 8, 8,
                    "ID, MaxShifts, MaxTotalMinutes, MinTotalMinutes, MaxConsecutiveShifts, "
                    "MinConsecutiveShifts, MinConsecutiveDaysOff, MaxWeekends"))
        return ROSTER_EINPUT;
    if (!r->seen_shifts) return fail(r, "the staff must come after SECTION_SHIFTS");
    if (!r->seen_staff && resolve_pending(r)) return ROSTER_EINPUT;
    r->seen_staff = 1;
    int e = roster_employee_add(r->ins, r->field[0]);
    if (e == ROSTER_EINPUT) return fail(r, "employee '%.40s' is defined twice", r->field[0]);
    if (e == ROSTER_ELIMIT) return fail(r, "more than %d employees", ROSTER_MAX_EMPLOYEES);
    if (e == ROSTER_ENOMEM) return fail(r, "out of memory");
    if (e < 0) return fail(r, "bad employee ID '%.40s'", r->field[0]);
    roster_employee *em = &r->ins->employees[e];
    char *s = r->field[1];
    while (*s) {
        char *bar = strchr(s, '|');
        if (bar) *bar = '\0';
        char *item = rp_text_trim(s);
        char *eq = strchr(item, '=');
        if (!eq) return fail(r, "MaxShifts item '%.40s' is not ShiftID=number", item);
        *eq = '\0';
        int sh = 0, v = 0;
        if (find_shift(r, rp_text_trim(item), &sh)) return ROSTER_EINPUT;
        if (parse_int(r, rp_text_trim(eq + 1), 0, ROSTER_MAX_DAYS, "MaxShifts", &v)) return ROSTER_EINPUT;
        em->max_shifts[sh] = v;
        if (!bar) break;
        s = bar + 1;
    }
    const long maxmin = (long)ROSTER_MAX_DAYS * 1440;
    if (parse_opt(r, r->field[2], 0, maxmin, "MaxTotalMinutes", &em->max_total_minutes) ||
        parse_opt(r, r->field[3], 0, maxmin, "MinTotalMinutes", &em->min_total_minutes) ||
        parse_opt(r, r->field[4], 0, ROSTER_MAX_DAYS, "MaxConsecutiveShifts",
                  &em->max_consecutive) ||
        parse_opt(r, r->field[5], 0, ROSTER_MAX_DAYS, "MinConsecutiveShifts",
                  &em->min_consecutive) ||
        parse_opt(r, r->field[6], 0, ROSTER_MAX_DAYS, "MinConsecutiveDaysOff",
                  &em->min_consecutive_off) ||
        parse_opt(r, r->field[7], 0, ROSTER_MAX_DAYS, "MaxWeekends", &em->max_weekends))
        return ROSTER_EINPUT;
    return 0;
}

static int line_days_off(reader *r)
{
    int e = 0;
    if (r->nfield < 1) return fail(r, "expected EmployeeID, day indexes");
    if (find_employee(r, r->field[0], &e)) return ROSTER_EINPUT;
    for (int i = 1; i < r->nfield; i++) {
        int d;
        if (i == r->nfield - 1 && !r->field[i][0]) break; /* trailing comma */
        if (find_day(r, r->field[i], &d)) return ROSTER_EINPUT;
        roster_day_off_add(r->ins, e, d);
    }
    return 0;
}

static int line_request(reader *r, int on)
{
    int e = 0, d = 0, s = 0, w = 0;
    if (need_fields(r, 4, 4, "EmployeeID, Day, ShiftID, Weight")) return ROSTER_EINPUT;
    if (find_employee(r, r->field[0], &e) || find_day(r, r->field[1], &d) ||
        find_shift(r, r->field[2], &s) ||
        parse_int(r, r->field[3], 0, ROSTER_MAX_WEIGHT, "weight", &w))
        return ROSTER_EINPUT;
    if (roster_request_add(r->ins, e, d, s, w, on)) return fail(r, "out of memory");
    return 0;
}

static int line_cover(reader *r)
{
    int d = 0, s = 0, req = 0, under = 0, over = 0;
    if (need_fields(r, 5, 5, "Day, ShiftID, Requirement, under weight, over weight"))
        return ROSTER_EINPUT;
    if (find_day(r, r->field[0], &d) || find_shift(r, r->field[1], &s) ||
        parse_int(r, r->field[2], 0, ROSTER_MAX_WEIGHT, "requirement", &req) ||
        parse_int(r, r->field[3], 0, ROSTER_MAX_WEIGHT, "under weight", &under) ||
        parse_int(r, r->field[4], 0, ROSTER_MAX_WEIGHT, "over weight", &over))
        return ROSTER_EINPUT;
    int rc = roster_cover_set(r->ins, d, s, req, under, over);
    if (rc == ROSTER_ENOMEM) return fail(r, "out of memory");
    if (rc) return fail(r, "cannot set cover here");
    if (!r->cover_seen) {
        r->cover_seen = calloc((size_t)r->ins->ndays * (size_t)r->ins->nshifts, 1);
        if (!r->cover_seen) return fail(r, "out of memory");
    }
    uint8_t *seen = &r->cover_seen[d * r->ins->nshifts + s];
    if (*seen) return fail(r, "cover for day %d shift '%.40s' is given twice", d, r->field[1]);
    *seen = 1;
    return 0;
}

static int line_location(reader *r)
{
    if (need_fields(r, 1, 1, "LocationID")) return ROSTER_EINPUT;
    if (r->seen_staff) return fail(r, "locations must come before the staff");
    int l = roster_location_add(r->ins, r->field[0]);
    if (l == ROSTER_EINPUT) return fail(r, "location '%.40s' is defined twice", r->field[0]);
    if (l == ROSTER_ELIMIT) return fail(r, "more than %d locations", ROSTER_MAX_LOCATIONS);
    if (l < 0) return fail(r, "bad location ID '%.40s'", r->field[0]);
    return 0;
}

static int line_shift_details(reader *r)
{
    int s = 0;
    if (need_fields(r, 5, 5, "ShiftID, Start, LocationID, Skills, Night")) return ROSTER_EINPUT;
    if (find_shift(r, r->field[0], &s)) return ROSTER_EINPUT;
    roster_shift *sh = &r->ins->shifts[s];
    if (r->field[1][0]) {
        if (parse_time(r, r->field[1], "start", &sh->start)) return ROSTER_EINPUT;
        if (sh->start >= 1440) return fail(r, "start %s is not within the day", r->field[1]);
    }
    if (r->field[2][0]) {
        sh->location = roster_location_find(r->ins, r->field[2]);
        if (sh->location < 0) return fail(r, "unknown location '%.40s'", r->field[2]);
    }
    if (parse_skills(r, r->field[3], &sh->skills)) return ROSTER_EINPUT;
    if (parse_opt(r, r->field[4], 0, 1, "night flag", &sh->night)) return ROSTER_EINPUT;
    return 0;
}

static int line_staff_details(reader *r)
{
    int e = 0;
    if (need_fields(r, 6, 6, "EmployeeID, Skills, MaxWeekMinutes, Youth, MaxTravelKm, TargetMinutes"))
        return ROSTER_EINPUT;
    if (find_employee(r, r->field[0], &e)) return ROSTER_EINPUT;
    roster_employee *em = &r->ins->employees[e];
    int youth = 0;
    if (parse_skills(r, r->field[1], &em->skills) ||
        parse_opt(r, r->field[2], 0, 7 * 1440, "MaxWeekMinutes", &em->max_week_minutes) ||
        parse_opt(r, r->field[3], 0, 1, "youth flag", &youth) ||
        parse_opt(r, r->field[4], 0, 100000, "MaxTravelKm", &em->max_travel) ||
        parse_opt(r, r->field[5], 0, (long)ROSTER_MAX_DAYS * 1440, "TargetMinutes",
                  &em->target_minutes))
        return ROSTER_EINPUT;
    em->youth = youth == 1;
    return 0;
}

static int line_travel(reader *r)
{
    int e = 0, km = 0;
    if (need_fields(r, 3, 3, "EmployeeID, LocationID, Km")) return ROSTER_EINPUT;
    if (find_employee(r, r->field[0], &e)) return ROSTER_EINPUT;
    int l = roster_location_find(r->ins, r->field[1]);
    if (l < 0) return fail(r, "unknown location '%.40s'", r->field[1]);
    if (parse_int(r, r->field[2], 0, 100000, "distance", &km)) return ROSTER_EINPUT;
    r->ins->employees[e].travel[l] = km;
    return 0;
}

static int line_availability(reader *r)
{
    int e = 0, d = 0, from = 0, to = 0;
    if (need_fields(r, 4, 4, "EmployeeID, Day, From, To")) return ROSTER_EINPUT;
    if (find_employee(r, r->field[0], &e) || find_day(r, r->field[1], &d) ||
        parse_time(r, r->field[2], "from", &from) || parse_time(r, r->field[3], "to", &to))
        return ROSTER_EINPUT;
    if (from >= 1440) return fail(r, "from %s is not within the day", r->field[2]);
    if (to <= from) return fail(r, "the window ends before it starts");
    if (roster_window_add(r->ins, e, d, from, to)) return fail(r, "bad availability window");
    return 0;
}

static int line_setting(reader *r)
{
    if (need_fields(r, 2, 2, "Name, Value")) return ROSTER_EINPUT;
    const char *n = r->field[0];
    roster_instance *ins = r->ins;
    if (!strcmp(n, "FirstWeekday"))
        return parse_int(r, r->field[1], 0, 6, "FirstWeekday", &ins->first_weekday);
    if (!strcmp(n, "MinRestMinutes"))
        return parse_int(r, r->field[1], 0, 1440, "MinRestMinutes", &ins->min_rest);
    if (!strcmp(n, "TravelWeight"))
        return parse_int(r, r->field[1], 0, ROSTER_MAX_WEIGHT, "TravelWeight",
                         &ins->travel_weight);
    if (!strcmp(n, "ContinuityWeight"))
        return parse_int(r, r->field[1], 0, ROSTER_MAX_WEIGHT, "ContinuityWeight",
                         &ins->continuity_weight);
    if (!strcmp(n, "FairWeight"))
        return parse_int(r, r->field[1], 0, ROSTER_MAX_WEIGHT, "FairWeight", &ins->fair_weight);
    return fail(r, "unknown setting '%.40s'", n);
}

static int data_line(reader *r, enum section sec, char *line)
{
    if (sec == SEC_NONE) return fail(r, "data before the first SECTION_ line");
    if (sec != SEC_HORIZON && !r->ins) return fail(r, "SECTION_HORIZON must come first");
    if (split(r, line) < 0) return ROSTER_EINPUT;
    /* The staff, cover and request sections follow the shifts. */
    switch (sec) {
    case SEC_HORIZON: return line_horizon(r);
    case SEC_SHIFTS: return line_shift(r);
    case SEC_STAFF: return line_staff(r);
    case SEC_LOCATIONS: return line_location(r);
    case SEC_SHIFT_DETAILS: return line_shift_details(r);
    case SEC_SETTINGS: return line_setting(r);
    default: break;
    }
    if (!r->seen_staff) return fail(r, "this section must come after SECTION_STAFF");
    switch (sec) {
    case SEC_DAYS_OFF: return line_days_off(r);
    case SEC_ON: return line_request(r, 1);
    case SEC_OFF: return line_request(r, 0);
    case SEC_COVER: return line_cover(r);
    case SEC_STAFF_DETAILS: return line_staff_details(r);
    case SEC_TRAVEL: return line_travel(r);
    case SEC_AVAILABILITY: return line_availability(r);
    default: break;
    }
    assert(0);
    return fail(r, "internal error");
}

int roster_curtois_read(const char *text, size_t len, const char *name, roster_instance **out,
                        char *err, size_t errlen)
{
    assert(out);
    *out = NULL;
    if (err && errlen) err[0] = '\0';
    reader r = {.at = {.name = name ? name : "instance", .err = err, .errlen = errlen}};
    if (len > (size_t)512 * 1024 * 1024) return fail(&r, "file too large");
    char *copy = malloc(len + 1);
    r.field = malloc(sizeof(char *) * MAX_FIELDS);
    r.pend = malloc(sizeof(pending) * ROSTER_MAX_SHIFTS);
    int rc = 0;
    if (!copy || !r.field || !r.pend) {
        rc = fail(&r, "out of memory");
        goto out;
    }
    if (len) memcpy(copy, text, len);
    copy[len] = '\0';
    enum section sec = SEC_NONE;
    char *p = copy, *end = copy + len;
    for (;;) {
        assert(p <= end);
        if (p == end && r.at.line > 0) break; /* nothing after the last newline */
        r.at.line++;
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *stop = nl ? nl : end;
        if (memchr(p, '\0', (size_t)(stop - p))) {
            rc = fail(&r, "NUL byte in the text");
            goto out;
        }
        *stop = '\0';
        char *line = rp_text_trim(p);
        p = stop + 1;
        if (!line[0] || line[0] == '#') {
            if (!nl) break;
            continue;
        }
        if (!strncmp(line, "SECTION_", 8)) {
            size_t i;
            for (i = 0; i < sizeof(sections) / sizeof(sections[0]); i++)
                if (!strcmp(line, sections[i].name)) break;
            if (i == sizeof(sections) / sizeof(sections[0])) {
                rc = fail(&r, "unknown section '%.60s'", line);
                goto out;
            }
            if (sec == SEC_SHIFTS && resolve_pending(&r)) {
                rc = ROSTER_EINPUT;
                goto out;
            }
            sec = sections[i].sec;
        } else if ((rc = data_line(&r, sec, line)) != 0) {
            goto out;
        }
        if (!nl) break;
    }
    if (!r.ins) {
        rc = fail(&r, "no SECTION_HORIZON");
    } else if (r.ins->nshifts == 0) {
        rc = fail(&r, "no shifts (SECTION_SHIFTS is missing or empty)");
    } else if (r.ins->nemployees == 0) {
        rc = fail(&r, "no employees (SECTION_STAFF is missing or empty)");
    } else if (resolve_pending(&r)) {
        rc = ROSTER_EINPUT;
    }
out:
    if (rc == 0) {
        *out = r.ins;
    } else {
        roster_instance_free(r.ins);
        rc = ROSTER_EINPUT;
    }
    free(r.cover_seen);
    free(r.pend);
    free(r.field);
    free(copy);
    return rc;
}
