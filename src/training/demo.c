/* training demo: the Zorgrunner basic training (3 dagdelen by the four
 * Gelderland ROCs, sessions April–June 2026, seed 000) and the WelSlagen
 * pre-track at Albeda (20 weeks: taal, rekenen, werknemersvaardigheden,
 * ouderenzorg, seed 003), with enrolments, some attendance and passed
 * modules, so that the demo shows progress. Idempotent. */
#include <string.h>

#include "base/time.h"
#include "training/model.h"
#include "training/store.h"
#include "training/training.h"

static int64_t id_of(db_conn *c, const char *sql, const char *key)
{
    int64_t id = 0;
    db_query_int(c, sql, DB_ARGS(db_text(key)), &id);
    return id;
}

static int64_t org(db_conn *c, const char *name)
{
    return id_of(c, "SELECT id FROM orgs WHERE name = ?", name);
}

static int64_t at(int y, int mo, int d, int h, int mi)
{
    int64_t t = 0;
    time_ams_to_utc(y, mo, d, h, mi, 0, &t);
    return t;
}

typedef struct demo_module {
    const char *nl, *en;
    int dayparts, weeks;
    const char *skills[6];     /* codes of the basic skills */
    int level;
} demo_module;

static int add_course(db_conn *c, const char *slug, const char *school, const char *programme, const char *name,
                      const char *nl, const char *en, const demo_module *mods, int nm, int64_t now, int64_t *course,
                      int64_t *module_ids)
{
    int rc = db_insert(c,
                       "INSERT INTO courses(slug, org_id, programme_id, name, description_nl, description_en, created_at) "
                       "VALUES (?, ?, (SELECT id FROM programmes WHERE slug = ?), ?, ?, ?, ?) RETURNING id",
                       DB_ARGS(db_text(slug), db_int(org(c, school)), db_text(programme), db_text(name), db_text(nl),
                               db_text(en), db_int(now)),
                       course);
    for (int i = 0; !rc && i < nm; i++) {
        rc = db_insert(c,
                       "INSERT INTO course_modules(course_id, position, name_nl, name_en, dayparts, weeks) "
                       "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                       DB_ARGS(db_int(*course), db_int(i + 1), db_text(mods[i].nl), db_text(mods[i].en),
                               db_id_or_null(mods[i].dayparts), db_id_or_null(mods[i].weeks)),
                       &module_ids[i]);
        for (int k = 0; !rc && k < 6 && mods[i].skills[k]; k++)
            rc = db_exec(c,
                         "INSERT INTO module_skills(module_id, skill_id, level) "
                         "SELECT ?, id, ? FROM skills WHERE code = ?",
                         DB_ARGS(db_int(module_ids[i]), db_int(mods[i].level), db_text(mods[i].skills[k])));
    }
    return rc;
}

static int add_session(db_conn *c, int64_t course, int64_t module, int64_t cohort, const char *school,
                       const char *location, const char *postcode, int64_t starts, int minutes, int capacity,
                       int64_t trainer, int64_t now, int64_t *id)
{
    return db_insert(c,
                     "INSERT INTO training_sessions(course_id, module_id, cohort_id, org_id, location, postcode, "
                     "starts_at, ends_at, capacity, trainer_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                     "RETURNING id",
                     DB_ARGS(db_int(course), db_int(module), db_id_or_null(cohort), db_int(org(c, school)),
                             db_text(location), db_text(postcode), db_int(starts), db_int(starts + minutes * 60),
                             db_int(capacity), db_id_or_null(trainer), db_int(now)),
                     id);
}

static int place(db_conn *c, int64_t session, int64_t enrolment, int64_t by, int64_t now)
{
    return db_exec(c, "INSERT INTO session_places(session_id, enrolment_id, placed_by, placed_at) VALUES (?, ?, ?, ?)",
                   DB_ARGS(db_int(session), db_int(enrolment), db_id_or_null(by), db_int(now)));
}

static int attend(db_conn *c, int64_t session, int64_t enrolment, const char *status, int64_t by, int64_t when)
{
    return db_exec(c,
                   "INSERT INTO attendance(session_id, enrolment_id, status, recorded_by, recorded_at) "
                   "VALUES (?, ?, ?, ?, ?)",
                   DB_ARGS(db_int(session), db_int(enrolment), db_text(status), db_id_or_null(by), db_int(when)));
}

static const demo_module zorgrunner_modules[] = {
    {"Dagdeel 1: hygiëne en veilig werken", "Daypart 1: hygiene and safe work", 1, 0,
     {"handhygiene", "veilig-werken", "bedden-opmaken", NULL}, 2},
    {"Dagdeel 2: eten, drinken en bewegen", "Daypart 2: meals, drinks and moving", 1, 0,
     {"maaltijden-serveren", "helpen-eten-drinken", "begeleiden-wandelen", "naar-activiteiten-brengen", NULL}, 2},
    {"Dagdeel 3: contact, dementie en professioneel gedrag", "Daypart 3: contact, dementia and professional conduct", 1,
     0, {"gezelschap-activiteiten", "communiceren-clienten", "omgaan-dementie", "signaleren-melden",
         "professioneel-gedrag", NULL}, 2},
};

static const demo_module welslagen_modules[] = {
    {"Taal", "Dutch language", 0, 20, {NULL}, 1},
    {"Rekenen", "Numeracy", 0, 20, {NULL}, 1},
    {"Werknemersvaardigheden", "Employee skills", 0, 20, {"professioneel-gedrag", "veilig-werken", NULL}, 2},
    {"Ouderenzorg", "Elderly care", 0, 20, {"omgaan-dementie", "signaleren-melden", "communiceren-clienten", NULL}, 2},
};
#define NZR (int)(sizeof zorgrunner_modules / sizeof zorgrunner_modules[0])
#define NWS (int)(sizeof welslagen_modules / sizeof welslagen_modules[0])

/* The four ROCs: a location, a postcode and three dates (one per dagdeel). */
typedef struct demo_roc {
    const char *school, *location, *postcode;
    int month[3], day[3], hour, min, minutes;
} demo_roc;

static const demo_roc rocs[] = {
    {"ROC Rivor", "ROC Rivor, Tiel", "4001 AB", {4, 4, 4}, {14, 21, 28}, 9, 0, 210},
    {"ROC Nijmegen", "ROC Nijmegen, Nijmegen", "6541 AB", {5, 5, 5}, {13, 20, 27}, 13, 30, 210},
    {"Rijn IJssel", "Rijn IJssel, Arnhem", "6826 AB", {6, 6, 6}, {4, 11, 18}, 18, 30, 180},
    {"Dulon College", "Dulon College, Ede", "6712 AB", {5, 5, 6}, {16, 30, 6}, 9, 30, 210},
};

int training_demo_load(db_conn *c, int64_t now)
{
    int64_t have = 0;
    int rc = db_query_int(c, "SELECT count(*) FROM courses WHERE slug = 'zorgrunner-basis'", DB_NOARGS, &have);
    if (rc || have) return rc;
    int64_t trainer = id_of(c, "SELECT id FROM users WHERE email = ?", "trainer@rivor.demo");
    int64_t cohort = 0;
    db_query_int(c,
                 "SELECT k.id FROM cohorts k JOIN programmes p ON p.id = k.programme_id WHERE p.slug = 'zorgrunners' "
                 "ORDER BY k.starts_on LIMIT 1",
                 DB_NOARGS, &cohort);

    /* Zorgrunner basisvaardigheden. */
    int64_t course = 0, mods[NZR], sessions[4][NZR];
    rc = add_course(c, "zorgrunner-basis", "ROC Rivor", "zorgrunners", "Zorgrunner basisvaardigheden",
                    "De basistraining van drie dagdelen voor zorgrunners, samen ontwikkeld door ROC Rivor, ROC "
                    "Nijmegen, Rijn IJssel en Dulon College, op taakniveau en naar de behoeften van de zorgorganisaties.",
                    "The three-daypart basic training for zorgrunners, developed together by ROC Rivor, ROC Nijmegen, "
                    "Rijn IJssel and Dulon College, at task level and to the needs of the care organisations.",
                    zorgrunner_modules, NZR, now, &course, mods);
    for (int r = 0; !rc && r < 4; r++)
        for (int m = 0; !rc && m < NZR; m++)
            rc = add_session(c, course, mods[m], cohort, rocs[r].school, rocs[r].location, rocs[r].postcode,
                             at(2026, rocs[r].month[m], rocs[r].day[m], rocs[r].hour, rocs[r].min), rocs[r].minutes, 12,
                             r == 0 ? trainer : 0, now, &sessions[r][m]);
    /* The demo's own people: Daan and Fatima follow it at ROC Rivor (placed
     * by hand), Sophie and Lisa wait for the planner. */
    static const char *const people[] = {"participant@instroom.demo", "fatima.ouali@voorbeeld.demo",
                                         "sophie.degroot@voorbeeld.demo", "lisa.peters@voorbeeld.demo"};
    int64_t en[4] = {0};
    for (int i = 0; !rc && i < 4; i++) {
        int64_t person = id_of(c, "SELECT id FROM people WHERE email = ?", people[i]);
        if (!person) continue;
        rc = training_enrol_tx(c, course, person, cohort, TRAINING_ALL_DAYS, TRAINING_ALL_PARTS, at(2026, 4, 13, 9, 0),
                               &en[i]);
    }
    for (int i = 0; !rc && i < 2; i++)
        for (int m = 0; !rc && m < NZR && en[i]; m++) rc = place(c, sessions[0][m], en[i], trainer, at(2026, 4, 13, 9, 0));
    /* Dagdeel 1 and 2 took place; dagdeel 1 is assessed. */
    if (!rc && en[0]) rc = attend(c, sessions[0][0], en[0], "present", trainer, at(2026, 4, 14, 12, 45));
    if (!rc && en[1]) rc = attend(c, sessions[0][0], en[1], "present", trainer, at(2026, 4, 14, 12, 45));
    if (!rc && en[0]) rc = attend(c, sessions[0][1], en[0], "present", trainer, at(2026, 4, 21, 12, 45));
    if (!rc && en[1]) rc = attend(c, sessions[0][1], en[1], "excused", trainer, at(2026, 4, 21, 12, 45));
    for (int i = 0; !rc && i < 2; i++)
        if (en[i])
            rc = training_assess_tx(c, en[i], mods[0], "passed", "Praktijkopdracht handhygiëne goed uitgevoerd.", trainer,
                                    at(2026, 4, 14, 13, 0), NULL);
    /* The selected applicants of the Zorgrunners cohort, with their availability. */
    if (!rc && cohort) {
        db_stmt *s;
        rc = db_prepare(c,
                        "SELECT DISTINCT a.person_id, a.avail_days, a.avail_parts FROM applications a "
                        "JOIN campaigns g ON g.id = a.campaign_id JOIN campaign_stages st ON st.id = a.stage_id "
                        "WHERE g.cohort_id = ? AND st.kind = 'selected' AND a.person_id IS NOT NULL "
                        "AND NOT EXISTS (SELECT 1 FROM enrolments x WHERE x.course_id = ? AND x.person_id = a.person_id) "
                        "GROUP BY a.person_id ORDER BY a.person_id",
                        DB_ARGS(db_int(cohort), db_int(course)), &s);
        int64_t ids[200][3];
        int n = 0;
        while (!rc && db_step(s) == DB_ROW && n < 200) {
            ids[n][0] = db_col_int(s, 0);
            ids[n][1] = db_col_int(s, 1);
            ids[n++][2] = db_col_int(s, 2);
        }
        if (!rc) db_finalize(s);
        for (int i = 0; !rc && i < n; i++) {
            int days = TRAINING_ALL_DAYS, parts = TRAINING_ALL_PARTS;
            training_avail_from_application(ids[i][1], ids[i][2], &days, &parts);
            int64_t eid;
            rc = training_enrol_tx(c, course, ids[i][0], cohort, days, parts, at(2026, 4, 13, 9, 0), &eid);
        }
    }
    /* The badge of the course. */
    if (!rc)
        rc = db_exec(c, "UPDATE achievements SET course_id = ? WHERE slug = 'zorgrunner-basisvaardigheden'",
                     DB_ARGS(db_int(course)));
    /* Fatima also did dagdeel 3 and passed dagdeel 2 and 3: her course is
     * complete, which awards its skills and issues the badge, the same way
     * as when a trainer records it. Daan's is not, so the story of issue 4
     * (the trainer finishes his assessments) can be played in the demo. */
    if (!rc && en[1]) rc = attend(c, sessions[0][2], en[1], "present", trainer, at(2026, 4, 28, 12, 45));
    for (int m = 1; !rc && en[1] && m < NZR; m++)
        rc = training_assess_tx(c, en[1], mods[m], "passed", "Praktijkopdracht goed uitgevoerd.", trainer,
                                at(2026, 4, 28, 13, 0), NULL);

    /* WelSlagen voortraject at Albeda. */
    int64_t wcohort = 0, wcourse = 0, wmods[NWS];
    db_query_int(c,
                 "SELECT k.id FROM cohorts k JOIN programmes p ON p.id = k.programme_id WHERE p.slug = 'welslagen' "
                 "ORDER BY k.starts_on LIMIT 1",
                 DB_NOARGS, &wcohort);
    if (!rc)
        rc = add_course(c, "welslagen-voortraject", "Albeda", "welslagen", "WelSlagen voortraject",
                        "Twintig weken voorbereiding op de BBL-opleiding in de ouderenzorg: taal, rekenen, "
                        "werknemersvaardigheden en ouderenzorg, met begeleiding op maat.",
                        "Twenty weeks of preparation for work-study (BBL) in elderly care: Dutch, numeracy, employee "
                        "skills and elderly care, with tailored guidance.",
                        welslagen_modules, NWS, now, &wcourse, wmods);
    static const int wday[] = {1, 1, 2, 4}, whour[] = {9, 13, 9, 9};
    for (int w = 0; !rc && w < 4; w++)
        for (int m = 0; !rc && m < NWS; m++) {
            int64_t sid;
            rc = add_session(c, wcourse, wmods[m], wcohort, "Albeda", "Albeda Zorgcollege, Rotterdam", "3083 AB",
                             at(2027, 2, wday[m] + 7 * w, whour[m], 0), 180, 24, 0, now, &sid);
        }
    int64_t rachid = id_of(c, "SELECT id FROM people WHERE email = ?", "rachid.bouzid@voorbeeld.demo"), wen = 0;
    if (!rc && rachid)
        rc = training_enrol_tx(c, wcourse, rachid, wcohort, 0x1f, 0x03, at(2027, 1, 20, 9, 0), &wen);
    return rc;
}
