/* badges demo: the Zorgrunner pilot badge (seed 000) for the demo region.
 * It is issued only through the course (training/demo.c completes one
 * participant's course, which issues it), never by hand here. */
#include <string.h>

#include "auth/audit.h"
#include "badges/badges.h"

/* Finds the id of the first organisation named one of names; 0 when none. */
static int64_t org_named(db_conn *c, const char *const *names)
{
    for (int i = 0; names[i]; i++) {
        int64_t id = 0;
        if (db_query_int(c, "SELECT id FROM orgs WHERE name = ?", DB_ARGS(db_text(names[i])), &id) == 0) return id;
    }
    return 0;
}

int badges_demo_load(db_conn *c, int64_t now)
{
    static const char *const awarding[] = {"Werkgeversorganisatie Zorg en Welzijn", "ROC Rivor", NULL};
    int64_t org = org_named(c, awarding), have = 0;
    if (!org) return 0;
    int rc = db_query_int(c, "SELECT count(*) FROM achievements WHERE slug = 'zorgrunner-basisvaardigheden'",
                          DB_NOARGS, &have);
    if (rc || have) return rc;
    int64_t id = 0;
    rc = db_insert(c,
                   "INSERT INTO achievements (slug, org_id, course_id, name_nl, name_en, description_nl, "
                   "description_en, criteria_nl, criteria_en, valid_days, created_at) VALUES "
                   "('zorgrunner-basisvaardigheden', ?, NULL, 'Zorgrunner basisvaardigheden', "
                   "'Zorgrunner basic skills', "
                   "'De zorgrunner kan ondersteunende taken doen in de zorg op piekmomenten: hygiëne, veilig "
                   "werken, omgaan met cliënten en samenwerken in een team.', "
                   "'The zorgrunner can do supporting tasks in care at peak moments: hygiene, safe work, "
                   "dealing with clients and working in a team.', "
                   "'Alle drie dagdelen van de basistraining gevolgd bij een ROC (Rivor, Nijmegen, Rijn IJssel of "
                   "Dulon) en de praktijkopdrachten afgerond.', "
                   "'Attended all three parts of the basic training at a vocational school (Rivor, Nijmegen, Rijn "
                   "IJssel or Dulon) and completed the practical assignments.', NULL, ?) RETURNING id",
                   DB_ARGS(db_int(org), db_int(now)), &id);
    /* The basic skills the skills catalogue seeded (skills_seed_basic). */
    if (!rc)
        rc = db_exec(c,
                     "INSERT INTO achievement_skills (achievement_id, skill_id) "
                     "SELECT ?, id FROM skills WHERE kind = 'basic' AND archived_at IS NULL ORDER BY id LIMIT 32",
                     DB_ARGS(db_int(id)));
    if (!rc) {
        audit_entry e = {.action = "create", .entity = "achievement", .entity_id = id, .org_id = org,
                         .outcome = "ok", .detail = "demo"};
        rc = audit_write(c, &e);
    }
    return rc;
}
