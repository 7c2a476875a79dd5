/* roster model: building and querying an instance. */
#include "roster/model.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

static int id_ok(const char *id)
{
    if (!id || !id[0]) return 0;
    size_t n = strlen(id);
    if (n >= ROSTER_MAX_ID) return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)id[i];
        if (c <= ' ' || c == ',' || c == '|' || c == '=' || c == '#' || c == 0x7f) return 0;
    }
    return 1;
}

/* Grows *arr (of *cap elements of size sz) to hold at least need elements. */
static int grow(void **arr, int *cap, int need, size_t sz)
{
    if (need <= *cap) return ROSTER_OK;
    int ncap = *cap ? *cap * 2 : 16;
    while (ncap < need) ncap *= 2;
    void *p = realloc(*arr, (size_t)ncap * sz);
    if (!p) return ROSTER_ENOMEM;
    *arr = p;
    *cap = ncap;
    return ROSTER_OK;
}

roster_instance *roster_instance_create(const char *name, int ndays)
{
    if (ndays < 1 || ndays > ROSTER_MAX_DAYS) return NULL;
    roster_instance *ins = calloc(1, sizeof(*ins));
    if (!ins) return NULL;
    arena_init(&ins->mem, 0);
    ins->ndays = ndays;
    ins->name = arena_strdup(&ins->mem, name ? name : "instance");
    ins->forbidden = arena_calloc(&ins->mem, (size_t)ROSTER_MAX_SHIFTS * ROSTER_MAX_SHIFTS, 1);
    if (!ins->name || !ins->forbidden) {
        roster_instance_free(ins);
        return NULL;
    }
    ins->min_rest = ROSTER_DEFAULT_REST;
    return ins;
}

void roster_instance_free(roster_instance *ins)
{
    if (!ins) return;
    free(ins->shifts);
    free(ins->employees);
    free(ins->locations);
    free(ins->skills);
    free(ins->requests);
    free(ins->windows);
    arena_free(&ins->mem);
    free(ins);
}

/* Makes shifts and locations final and allocates what depends on them. */
static int freeze(roster_instance *ins)
{
    if (ins->frozen) return ROSTER_OK;
    if (ins->nshifts == 0) return ROSTER_ESTATE;
    ins->cover = arena_calloc(&ins->mem, (size_t)ins->ndays * (size_t)ins->nshifts,
                              sizeof(roster_cover));
    if (!ins->cover) return ROSTER_ENOMEM;
    ins->frozen = 1;
    return ROSTER_OK;
}

int roster_shift_add(roster_instance *ins, const char *id, int minutes)
{
    assert(ins);
    if (ins->frozen) return ROSTER_ESTATE;
    if (!id_ok(id) || minutes < 1 || minutes > 1440) return ROSTER_ERANGE;
    if (roster_shift_find(ins, id) >= 0) return ROSTER_EINPUT;
    if (ins->nshifts >= ROSTER_MAX_SHIFTS) return ROSTER_ELIMIT;
    if (grow((void **)&ins->shifts, &ins->cap_shifts, ins->nshifts + 1, sizeof(roster_shift)))
        return ROSTER_ENOMEM;
    roster_shift *s = &ins->shifts[ins->nshifts];
    memset(s, 0, sizeof(*s));
    s->id = arena_strdup(&ins->mem, id);
    if (!s->id) return ROSTER_ENOMEM;
    s->minutes = minutes;
    s->start = ROSTER_NONE;
    s->night = ROSTER_NONE;
    s->location = ROSTER_NONE;
    return ins->nshifts++;
}

int roster_location_add(roster_instance *ins, const char *id)
{
    assert(ins);
    if (ins->frozen) return ROSTER_ESTATE;
    if (!id_ok(id)) return ROSTER_ERANGE;
    if (roster_location_find(ins, id) >= 0) return ROSTER_EINPUT;
    if (ins->nlocations >= ROSTER_MAX_LOCATIONS) return ROSTER_ELIMIT;
    if (grow((void **)&ins->locations, &ins->cap_locations, ins->nlocations + 1,
             sizeof(char *)))
        return ROSTER_ENOMEM;
    const char *copy = arena_strdup(&ins->mem, id);
    if (!copy) return ROSTER_ENOMEM;
    ins->locations[ins->nlocations] = copy;
    return ins->nlocations++;
}

int roster_skill_bit(roster_instance *ins, const char *name)
{
    assert(ins);
    if (!id_ok(name)) return ROSTER_ERANGE;
    for (int i = 0; i < ins->nskills; i++)
        if (!strcmp(ins->skills[i], name)) return i;
    if (ins->nskills >= ROSTER_MAX_SKILLS) return ROSTER_ELIMIT;
    if (grow((void **)&ins->skills, &ins->cap_skills, ins->nskills + 1, sizeof(char *)))
        return ROSTER_ENOMEM;
    const char *copy = arena_strdup(&ins->mem, name);
    if (!copy) return ROSTER_ENOMEM;
    ins->skills[ins->nskills] = copy;
    return ins->nskills++;
}

int roster_succession_forbid(roster_instance *ins, int from, int to)
{
    assert(ins);
    if (from < 0 || from >= ins->nshifts || to < 0 || to >= ins->nshifts) return ROSTER_ERANGE;
    ins->forbidden[from * ROSTER_MAX_SHIFTS + to] = 1;
    return ROSTER_OK;
}

int roster_employee_add(roster_instance *ins, const char *id)
{
    assert(ins);
    int rc = freeze(ins);
    if (rc) return rc;
    if (!id_ok(id)) return ROSTER_ERANGE;
    if (roster_employee_find(ins, id) >= 0) return ROSTER_EINPUT;
    if (ins->nemployees >= ROSTER_MAX_EMPLOYEES) return ROSTER_ELIMIT;
    if (grow((void **)&ins->employees, &ins->cap_employees, ins->nemployees + 1,
             sizeof(roster_employee)))
        return ROSTER_ENOMEM;
    roster_employee *e = &ins->employees[ins->nemployees];
    memset(e, 0, sizeof(*e));
    e->id = arena_strdup(&ins->mem, id);
    e->max_shifts = arena_alloc(&ins->mem, sizeof(int) * (size_t)ins->nshifts);
    e->day_off = arena_calloc(&ins->mem, (size_t)ins->ndays, 1);
    e->travel = arena_alloc(&ins->mem, sizeof(int) * (size_t)(ins->nlocations + 1));
    if (!e->id || !e->max_shifts || !e->day_off || !e->travel) return ROSTER_ENOMEM;
    for (int s = 0; s < ins->nshifts; s++) e->max_shifts[s] = ROSTER_NONE;
    for (int l = 0; l < ins->nlocations; l++) e->travel[l] = ROSTER_NONE;
    e->max_total_minutes = ROSTER_NONE;
    e->min_total_minutes = ROSTER_NONE;
    e->max_consecutive = ROSTER_NONE;
    e->min_consecutive = ROSTER_NONE;
    e->min_consecutive_off = ROSTER_NONE;
    e->max_weekends = ROSTER_NONE;
    e->max_week_minutes = ROSTER_NONE;
    e->max_travel = ROSTER_NONE;
    e->target_minutes = ROSTER_NONE;
    return ins->nemployees++;
}

int roster_day_off_add(roster_instance *ins, int employee, int day)
{
    assert(ins);
    if (employee < 0 || employee >= ins->nemployees || day < 0 || day >= ins->ndays)
        return ROSTER_ERANGE;
    ins->employees[employee].day_off[day] = 1;
    return ROSTER_OK;
}

int roster_cover_set(roster_instance *ins, int day, int shift, int requirement,
                     int under_weight, int over_weight)
{
    assert(ins);
    int rc = freeze(ins);
    if (rc) return rc;
    if (day < 0 || day >= ins->ndays || shift < 0 || shift >= ins->nshifts) return ROSTER_ERANGE;
    if (requirement < 0 || requirement > ROSTER_MAX_WEIGHT || under_weight < 0 ||
        under_weight > ROSTER_MAX_WEIGHT || over_weight < 0 || over_weight > ROSTER_MAX_WEIGHT)
        return ROSTER_ERANGE;
    roster_cover *c = &ins->cover[day * ins->nshifts + shift];
    c->requirement = requirement;
    c->under_weight = under_weight;
    c->over_weight = over_weight;
    c->set = 1;
    return ROSTER_OK;
}

int roster_request_add(roster_instance *ins, int employee, int day, int shift, int weight,
                       int on)
{
    assert(ins);
    int rc = freeze(ins);
    if (rc) return rc;
    if (employee < 0 || employee >= ins->nemployees) return ROSTER_ERANGE;
    if (day != ROSTER_NONE && (day < 0 || day >= ins->ndays)) return ROSTER_ERANGE;
    if (shift != ROSTER_NONE && (shift < 0 || shift >= ins->nshifts)) return ROSTER_ERANGE;
    if (weight < 0 || weight > ROSTER_MAX_WEIGHT) return ROSTER_ERANGE;
    if (grow((void **)&ins->requests, &ins->cap_requests, ins->nrequests + 1,
             sizeof(roster_request)))
        return ROSTER_ENOMEM;
    ins->requests[ins->nrequests++] = (roster_request){employee, day, shift, weight, on ? 1 : 0};
    return ROSTER_OK;
}

int roster_window_add(roster_instance *ins, int employee, int day, int from, int to)
{
    assert(ins);
    if (employee < 0 || employee >= ins->nemployees || day < 0 || day >= ins->ndays)
        return ROSTER_ERANGE;
    if (from < 0 || from >= 1440 || to <= from || to > 2 * 1440) return ROSTER_ERANGE;
    if (grow((void **)&ins->windows, &ins->cap_windows, ins->nwindows + 1,
             sizeof(roster_window)))
        return ROSTER_ENOMEM;
    ins->windows[ins->nwindows++] = (roster_window){employee, day, from, to};
    ins->employees[employee].has_windows = 1;
    return ROSTER_OK;
}

int roster_shift_find(const roster_instance *ins, const char *id)
{
    for (int i = 0; i < ins->nshifts; i++)
        if (!strcmp(ins->shifts[i].id, id)) return i;
    return -1;
}

int roster_employee_find(const roster_instance *ins, const char *id)
{
    for (int i = 0; i < ins->nemployees; i++)
        if (!strcmp(ins->employees[i].id, id)) return i;
    return -1;
}

int roster_location_find(const roster_instance *ins, const char *id)
{
    for (int i = 0; i < ins->nlocations; i++)
        if (!strcmp(ins->locations[i], id)) return i;
    return -1;
}

int roster_day_is_weekend(const roster_instance *ins, int day)
{
    int wd = (ins->first_weekday + day) % 7;
    return wd == 5 || wd == 6;
}

int roster_day_weekend(const roster_instance *ins, int day)
{
    int wd = (ins->first_weekday + day) % 7;
    if (wd != 5 && wd != 6) return -1;
    /* Saturdays and Sundays share the number of the Saturday's week. The
     * first Saturday on or after day 0 opens weekend 0; a Sunday on day 0
     * belongs to weekend 0 too, so count from the Saturday before day 0. */
    int sat = day - (wd - 5);                     /* may be -1 */
    int first_sat = (5 - ins->first_weekday + 7) % 7; /* first Saturday >= 0 */
    if (ins->first_weekday == 6) first_sat = -1;  /* day 0 is a Sunday */
    return (sat - first_sat) / 7;
}

int roster_day_week(const roster_instance *ins, int day)
{
    return (ins->first_weekday + day) / 7;
}

int roster_shift_is_night(const roster_instance *ins, int s)
{
    const roster_shift *sh = &ins->shifts[s];
    if (sh->night != ROSTER_NONE) return sh->night ? 1 : 0;
    if (sh->start == ROSTER_NONE) return 0;
    /* Night: any minute in [23:00, 06:00). Check the shift's minutes against
     * the night intervals of its own day and the next. */
    int a = sh->start, b = sh->start + sh->minutes;
    static const int night[][2] = {{0, 360}, {1380, 1800}, {2820, 3240}};
    for (size_t i = 0; i < sizeof(night) / sizeof(night[0]); i++)
        if (a < night[i][1] && b > night[i][0]) return 1;
    return 0;
}
