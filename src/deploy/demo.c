/* deploy demo: the Zorgrunners summer of 2026 (seed 000). The six care
 * organisations post their summer shifts for weeks 27-34 (29 June - 23
 * August) as patterns at two locations each; the runners are the 23 people
 * selected in the Zorgrunners 2026 campaign, the demo participant and the
 * runners of the regional flexpool who return from last summer. Each gets
 * a weekly pattern, maximum hours, a travel limit, sometimes a holiday or
 * exam week and preferred organisations, the skills of the basic training,
 * and documents: most have a fresh VOG, identity checked and a summer
 * contract; a few lack one, so that the planner shows why they are not
 * rostered. Nothing is published: the planner makes the roster. Idempotent. */
#include <stdio.h>
#include <string.h>

#include "base/time.h"
#include "deploy/deploy.h"
#include "deploy/model.h"

typedef struct demo_location {
    const char *org, *name, *address, *postcode;
} demo_location;

static const demo_location demo_locations[] = {
    {"Opella", "De Sijsjesberg", "Sijsjesberg 1, Ede", "6711 AB"},
    {"Opella", "Het Maanderzand", "Maanderweg 40, Ede", "6716 AA"},
    {"Sante Partners", "Huize Tarthorst", "Tarthorst 2, Wageningen", "6708 HA"},
    {"Sante Partners", "Het Gasthuis", "Herenstraat 1, Wageningen", "6701 DA"},
    {"Zinzia", "Het Vonderhuis", "Vondellaan 10, Arnhem", "6824 AA"},
    {"Zinzia", "De Lindenhof", "Lindenlaan 5, Arnhem", "6814 AB"},
    {"Vilente", "Het Baken", "Bakenlaan 3, Barneveld", "3771 AA"},
    {"Vilente", "De Schouw", "Schouwweg 8, Barneveld", "3772 BB"},
    {"Icare", "De Drie Eiken", "Eikenlaan 3, Apeldoorn", "7312 AA"},
    {"Icare", "Het Hooiland", "Hooilandweg 20, Apeldoorn", "7325 BB"},
    {"SZR", "Herfstzon", "Herfstzonlaan 1, Velp", "6881 AA"},
    {"SZR", "De Wiekslag", "Wiekslag 4, Dieren", "6951 AB"},
};

/* One pattern per line: at the org's first (loc 0), second (1) or both (2) locations. */
typedef struct demo_pattern {
    int loc;
    int weekdays;               /* bit 0 Monday .. bit 6 Sunday */
    const char *start, *end;
    int headcount;
    const char *priority;
    const char *tasks;
    const char *skill;          /* code of a required skill, or NULL */
} demo_pattern;

#define WEEKDAYS 0x1f
#define WEEKEND 0x60

static const demo_pattern demo_patterns[] = {
    {2, WEEKDAYS, "07:30", "11:30", 1, "high", "Ontbijt rondbrengen, bedden opmaken, bewoners naar de huiskamer", NULL},
    {0, WEEKDAYS, "16:30", "20:00", 2, "normal", "Helpen bij het avondeten en afruimen", "helpen-eten-drinken"},
    {1, WEEKEND, "10:00", "14:00", 1, "normal", "Wandelen en activiteiten met bewoners", "begeleiden-wandelen"},
};

static const char *const demo_orgs[] = {"Opella", "Sante Partners", "Zinzia", "Vilente", "Icare", "SZR"};

/* The returning flexpool runners: given name, family name, birth date, postcode. */
typedef struct demo_runner {
    const char *given, *family, *birth, *postcode;
} demo_runner;

static const demo_runner demo_flexpool[] = {
    {"Nina", "Hendriks", "2004-02-11", "6712 AB"},    {"Sem", "Visser", "2003-08-30", "6706 CD"},
    {"Yara", "El Idrissi", "2005-01-19", "6822 EF"},  {"Luuk", "Mulder", "2002-06-05", "3772 GH"},
    {"Mila", "de Boer", "2009-03-14", "7311 JK"},     {"Bram", "Kok", "2001-12-01", "6881 LM"},
    {"Saar", "Jacobs", "2004-10-22", "6951 NP"},      {"Thijs", "van Leeuwen", "2003-04-17", "6813 RS"},
    {"Zoë", "Dekker", "2009-09-02", "6715 TV"},       {"Ayoub", "Bouzid", "2000-07-28", "6826 WX"},
    {"Julia", "Brouwer", "2005-05-09", "7322 YZ"},    {"Finn", "de Wit", "2004-11-30", "3771 AB"},
    {"Lotte", "Vermeulen", "2002-03-03", "6708 CD"},  {"Milan", "Schouten", "2003-01-25", "6882 EF"},
    {"Eva", "van der Heijden", "1999-09-09", "7314 GH"}, {"Ravi", "Ramdin", "2001-05-15", "6835 JK"},
    {"Fleur", "Willems", "2004-07-07", "6717 LM"},    {"Jesse", "Claassen", "2002-12-12", "6702 NP"},
    {"Iris", "Prins", "1998-04-04", "6953 RS"},
};

static const char *const demo_skills[] = {"handhygiene", "maaltijden-serveren", "bedden-opmaken",
                                          "helpen-eten-drinken", "begeleiden-wandelen", "gezelschap-activiteiten"};

/* Weekly patterns the runners choose from: weekday bits, from, to. */
typedef struct demo_week {
    int days;
    const char *from, *to;
} demo_week;

static const demo_week demo_weeks[][2] = {
    {{WEEKDAYS, "07:00", "12:00"}, {0, NULL, NULL}},
    {{WEEKDAYS, "16:00", "21:00"}, {WEEKEND, "09:00", "15:00"}},
    {{0x07, "07:00", "21:00"}, {0, NULL, NULL}},                  /* Monday to Wednesday */
    {{0x18, "07:00", "21:00"}, {WEEKEND, "09:00", "15:00"}},      /* Thursday, Friday, weekend */
    {{0x55, "07:00", "12:30"}, {0x2a, "16:00", "21:00"}},         /* mornings and evenings by turn */
};

static void id_row(db_stmt *s, arena *a, void *el)
{
    (void)a;
    *(int64_t *)el = db_col_int(s, 0);
}

static int64_t day_of(const char *ymd)
{
    int64_t d = 0;
    deploy_parse_day(ymd, &d);
    return d;
}

static int post_patterns(db_conn *c, int64_t org_id, const int64_t loc[2], int64_t now)
{
    int rc = 0;
    for (size_t i = 0; i < sizeof demo_patterns / sizeof demo_patterns[0] && !rc; i++) {
        const demo_pattern *p = &demo_patterns[i];
        deploy_shift_input in = {.from_date = "2026-06-29", .to_date = "2026-08-23", .weekdays = p->weekdays,
                                 .start = p->start, .end = p->end, .headcount = p->headcount == 2 ? "2" : "1",
                                 .priority = p->priority, .tasks = p->tasks};
        if (p->loc == 2) {
            in.location_ids[0] = loc[0];
            in.location_ids[1] = loc[1];
            in.nlocations = 2;
        } else {
            in.location_ids[0] = loc[p->loc];
            in.nlocations = 1;
        }
        arena a;
        arena_init(&a, 0);
        api_errors e = {0};
        deploy_shift_spec *specs = NULL;
        int n = 0;
        if (deploy_shift_validate(&in, &e) || deploy_shift_expand(&in, &a, &specs, &n, &e)) rc = DB_ERR; /* the demo's own patterns are valid: a failure here is a bug */
        int64_t first = 0;
        for (int k = 0; k < n && !rc; k++) {
            int64_t id = 0;
            rc = db_insert(c,
                           "INSERT INTO deploy_shifts(org_id, location_id, starts_at, ends_at, tasks, headcount, "
                           "priority, batch, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                           DB_ARGS(db_int(org_id), db_int(specs[k].location_id), db_int(specs[k].starts_at),
                                   db_int(specs[k].ends_at), db_text(p->tasks), db_int(p->headcount),
                                   db_text(p->priority), first ? db_int(first) : db_null(), db_int(now)),
                           &id);
            if (!rc && k == 0) {
                first = id;
                rc = db_exec(c, "UPDATE deploy_shifts SET batch = id WHERE id = ?", DB_ARGS(db_int(id)));
            }
            if (!rc && p->skill)
                rc = db_exec(c,
                             "INSERT INTO deploy_shift_skills(shift_id, skill_id) SELECT ?, id FROM skills "
                             "WHERE code = ?",
                             DB_ARGS(db_int(id), db_text(p->skill)));
        }
        arena_free(&a);
    }
    return rc;
}

static int add_window(db_conn *c, int64_t person, int days, const char *from, const char *to)
{
    int f = 0, t = 0, rc = 0;
    deploy_parse_hhmm(from, &f);
    deploy_parse_hhmm(to, &t);
    for (int wd = 0; wd < 7 && !rc; wd++)
        if (days & (1 << wd))
            rc = db_exec(c, "INSERT INTO deploy_availability(person_id, weekday, from_min, to_min) VALUES (?, ?, ?, ?)",
                         DB_ARGS(db_int(person), db_int(wd), db_int(f), db_int(t)));
    return rc;
}

static int add_document(db_conn *c, int64_t person, const char *kind, const char *issued, const char *expires,
                        int64_t checker, int64_t now)
{
    return db_exec(c,
                   "INSERT INTO deploy_documents(person_id, kind, issued_on, expires_on, checked_by, checked_at) "
                   "VALUES (?, ?, ?, ?, ?, ?)",
                   DB_ARGS(db_int(person), db_text(kind), db_text(issued), db_text(expires), db_id_or_null(checker),
                           db_int(now)));
}

/* Makes runner i of n (person id p): profile, pattern, exceptions, preferences, skills, documents. */
static int add_runner(db_conn *c, int64_t p, int i, int64_t checker, const int64_t *orgs, int64_t now)
{
    static const int hours[] = {12, 16, 20, 24, 16, 12, 20};
    static const int km[] = {15, 25, 40, 20, 30, 50, 25};
    int rc = db_exec(c,
                     "INSERT OR IGNORE INTO deploy_profiles(person_id, max_week_hours, travel_km, created_at, "
                     "updated_at) VALUES (?, ?, ?, ?, ?)",
                     DB_ARGS(db_int(p), db_int(hours[i % 7]), db_int(km[i % 7]), db_int(now), db_int(now)));
    if (rc || db_changes(c) == 0) return rc; /* already a runner */
    const demo_week *w = demo_weeks[i % 5];
    for (int k = 0; k < 2 && !rc; k++)
        if (w[k].days) rc = add_window(c, p, w[k].days, w[k].from, w[k].to);
    if (!rc && i % 4 == 1) /* a holiday */
        rc = db_exec(c,
                     "INSERT INTO deploy_exceptions(person_id, from_date, to_date, reason) VALUES (?, ?, ?, 'Vakantie')",
                     DB_ARGS(db_int(p), db_text(i % 8 == 1 ? "2026-07-13" : "2026-08-03"),
                             db_text(i % 8 == 1 ? "2026-07-26" : "2026-08-09")));
    if (!rc && i % 6 == 2) /* a re-sit exam week */
        rc = db_exec(c,
                     "INSERT INTO deploy_exceptions(person_id, from_date, to_date, reason) "
                     "VALUES (?, '2026-08-17', '2026-08-21', 'Herkansingen')",
                     DB_ARGS(db_int(p)));
    if (!rc && i % 3 == 0)
        rc = db_exec(c, "INSERT INTO deploy_pref_orgs(person_id, org_id) VALUES (?, ?)",
                     DB_ARGS(db_int(p), db_int(orgs[(i / 3) % 6])));
    int nskills = 3 + i % 4; /* the first three for everyone, the rest by turn */
    for (int k = 0; k < nskills && !rc; k++)
        rc = db_exec(c,
                     "INSERT OR IGNORE INTO person_skills(person_id, skill_id, level, source, verified_by, "
                     "verified_at, created_at, updated_at) SELECT ?, id, 2, 'training', NULL, ?, ?, ? FROM skills "
                     "WHERE code = ?",
                     DB_ARGS(db_int(p), db_int(now), db_int(now), db_int(now), db_text(demo_skills[k])));
    /* documents: three runners have no VOG yet, one an old one, one no contract */
    if (!rc && i % 14 != 5) {
        char vog[11];
        deploy_format_day(day_of("2026-05-25") + (i * 5) % 28, vog); /* valid to the summer's end */
        rc = add_document(c, p, "vog", i == 9 ? "2026-01-12" : vog, NULL, checker, now);
    }
    if (!rc) rc = add_document(c, p, "identity", "2026-05-20", "2031-03-01", checker, now);
    if (!rc && i != 17) rc = add_document(c, p, "contract", "2026-06-01", "2026-08-31", checker, now);
    return rc;
}

int deploy_demo_load(db_conn *c, int64_t now)
{
    int64_t orgs[6], loc[12];
    int rc = 0;
    int64_t have = 0;
    if (db_query_int(c, "SELECT count(*) FROM deploy_locations", DB_NOARGS, &have) == 0 && have) return 0;
    for (int i = 0; i < 6 && !rc; i++) rc = db_query_int(c, "SELECT id FROM orgs WHERE name = ?",
                                                          DB_ARGS(db_text(demo_orgs[i])), &orgs[i]);
    for (int i = 0; i < 12 && !rc; i++) {
        const demo_location *l = &demo_locations[i];
        int64_t org = 0;
        for (int k = 0; k < 6; k++)
            if (strcmp(demo_orgs[k], l->org) == 0) org = orgs[k];
        rc = db_insert(c,
                       "INSERT INTO deploy_locations(org_id, name, address, postcode, created_at) "
                       "VALUES (?, ?, ?, ?, ?) RETURNING id",
                       DB_ARGS(db_int(org), db_text(l->name), db_text(l->address), db_text(l->postcode),
                               db_int(now)),
                       &loc[i]);
    }
    for (int i = 0; i < 6 && !rc; i++) rc = post_patterns(c, orgs[i], &loc[2 * i], now);
    int64_t checker = 0;
    if (!rc) db_query_int(c, "SELECT id FROM users WHERE email = 'recruiter@opella.demo'", DB_NOARGS, &checker);
    /* the runners: the demo participant, the selected Zorgrunners, the returning flexpool */
    int64_t *people = NULL;
    int n = 0;
    arena a;
    arena_init(&a, 0);
    if (!rc)
        rc = db_rows(c, &a,
                     "SELECT id FROM (SELECT p.id, 0 AS k FROM people p JOIN users u ON u.person_id = p.id "
                     "WHERE u.email = 'participant@instroom.demo' UNION SELECT a.person_id, 1 FROM applications a "
                     "JOIN campaigns k ON k.id = a.campaign_id JOIN campaign_stages st ON st.id = a.stage_id "
                     "WHERE k.slug = 'zorgrunners-2026' AND st.kind = 'selected' AND a.person_id IS NOT NULL) "
                     "GROUP BY id ORDER BY min(k), id",
                     DB_NOARGS, sizeof *people, id_row, (void **)&people, &n);
    for (int i = 0; i < n && !rc; i++) rc = add_runner(c, people[i], i, checker, orgs, now);
    for (size_t k = 0; k < sizeof demo_flexpool / sizeof demo_flexpool[0] && !rc; k++) {
        const demo_runner *r = &demo_flexpool[k];
        int64_t p = 0;
        char email[96];
        snprintf(email, sizeof email, "flexpool.%zu@voorbeeld.demo", k + 1);
        rc = db_insert(c,
                       "INSERT INTO people(given_name, family_name, email, birth_date, postcode, created_at, "
                       "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                       DB_ARGS(db_text(r->given), db_text(r->family), db_text(email), db_text(r->birth),
                               db_text(r->postcode), db_int(now), db_int(now)),
                       &p);
        if (!rc) rc = add_runner(c, p, n + (int)k, checker, orgs, now);
    }
    arena_free(&a);
    return rc;
}
