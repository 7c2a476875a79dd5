/* skills cli: `instroom skills load [--dir DIR]` loads the basic skills and
 * the ESCO transversal, digital and language skills collections, and the
 * demo's skills (skills_demo_load). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "base/str.h"
#include "base/time.h"
#include "cli_commands.h"
#include "db/cli.h"
#include "skills/store.h"

static int skills_usage(int status)
{
    fprintf(status ? stderr : stdout,
            "usage: instroom skills load [--dir DIR] [--db PATH]\n"
            "  Loads the zorgrunner basic skills and the ESCO skills collections\n"
            "  (transversalSkillsCollection_nl.csv, digCompSkillsCollection_nl.csv,\n"
            "  languageSkillsCollection_nl.csv) from DIR (default: $INSTROOM_ESCO_DIR\n"
            "  or ../shared/data/esco) in one transaction. Loading again changes\n"
            "  nothing; a bad row names its file and line and loads nothing.\n");
    return status;
}

int cmd_skills(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"dir", required_argument, NULL, 'D'},
        {"help", no_argument, NULL, 'h'},
        {0},
    };
    const char *dbp = NULL, *dir = NULL;
    optind = 1;
    int ch;
    while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (ch == 'd') dbp = optarg;
        else if (ch == 'D') dir = optarg;
        else return skills_usage(ch == 'h' ? 0 : 2);
    }
    if (argc - optind != 1 || !str_eq(argv[optind], "load")) return skills_usage(2);
    if (!dir) dir = skills_esco_dir();
    db *d;
    if (db_cli_open(db_cli_path(dbp), 1, &d) < 0) return 1;
    db_conn *c = db_acquire(d);
    int64_t rows = 0, total = 0;
    char err[700];
    int rc = skills_load_dir(c, dir, true, &rows, err, sizeof err);
    if (!rc) skills_count(c, &total);
    db_release(c);
    db_close(d);
    if (rc) {
        fprintf(stderr, "instroom skills: %s (nothing was loaded)\n", err);
        return 2;
    }
    printf("%lld ESCO skills read; %lld skills in the catalogue\n", (long long)rows, (long long)total);
    return 0;
}

/* The demo participant's profile: skills from the zorgrunner training,
 * verified by the trainer and the supervisor, and own skills from hobbies. */
static int demo_profile(db_conn *c, int64_t now)
{
    int64_t person = 0, trainer = 0, supervisor = 0;
    int rc = db_query_int(c, "SELECT person_id FROM users WHERE email = 'participant@instroom.demo'", DB_NOARGS, &person);
    if (rc == DB_ENOTFOUND || (!rc && !person)) return 0;
    if (!rc) rc = db_query_int(c, "SELECT id FROM users WHERE email = 'trainer@rivor.demo'", DB_NOARGS, &trainer);
    if (!rc) rc = db_query_int(c, "SELECT id FROM users WHERE email = 'supervisor@opella.demo'", DB_NOARGS, &supervisor);
    if (rc) return rc == DB_ENOTFOUND ? 0 : rc;
    static const struct {
        const char *code;
        int level;
        const char *source, *evidence;
        int who; /* 0 own claim, 1 trainer, 2 supervisor */
    } demo[] = {
        {"handhygiene", 2, "training", "Basisvaardigheden-training ROC Rivor, dagdeel 1", 1},
        {"maaltijden-serveren", 2, "training", "Basisvaardigheden-training ROC Rivor, dagdeel 2", 1},
        {"begeleiden-wandelen", 3, "work", "Iedere dinsdag met bewoners van De Linde naar het park", 2},
        {"omgaan-dementie", 1, "training", NULL, 1},
        {"gezelschap-activiteiten", 3, "hobby", "Speelt gitaar en leidt de zangmiddag op de afdeling", 0},
        {"communiceren-clienten", 2, "volunteering", "Vrijwilliger bij de voedselbank", 0},
    };
    for (size_t i = 0; !rc && i < sizeof demo / sizeof demo[0]; i++) {
        int64_t skill = 0;
        rc = db_query_int(c, "SELECT id FROM skills WHERE code = ?", DB_ARGS(db_text(demo[i].code)), &skill);
        if (rc) break;
        int64_t by = demo[i].who == 1 ? trainer : demo[i].who == 2 ? supervisor : 0;
        if (by) {
            rc = skills_award(c, person, skill, demo[i].level, demo[i].source, demo[i].evidence, by, now);
        } else {
            rc = db_exec(c,
                         "INSERT INTO person_skills(person_id, skill_id, level, source, evidence, added_by, created_at,"
                         " updated_at) SELECT ?, ?, ?, ?, ?, (SELECT id FROM users WHERE person_id = ?), ?, ?"
                         " WHERE NOT EXISTS (SELECT 1 FROM person_skills WHERE person_id = ? AND skill_id = ?"
                         " AND source = ?)",
                         DB_ARGS(db_int(person), db_int(skill), db_int(demo[i].level), db_text(demo[i].source),
                                 db_text(demo[i].evidence), db_int(person), db_int(now), db_int(now), db_int(person),
                                 db_int(skill), db_text(demo[i].source)));
        }
    }
    return rc;
}

int skills_demo_load(db_conn *c, int64_t now, int64_t *nesco)
{
    *nesco = 0;
    int rc = skills_seed_basic(c, now);
    if (!rc) rc = demo_profile(c, now);
    if (rc) return rc;
    /* ESCO skills when the download is there; skills_load_dir runs its own
     * transaction, so commit ours first and open a new one after. */
    char probe[4096];
    snprintf(probe, sizeof probe, "%s/transversalSkillsCollection_nl.csv", skills_esco_dir());
    FILE *f = fopen(probe, "rb");
    if (!f) return 0;
    fclose(f);
    rc = db_commit(c);
    char err[700];
    if (!rc && skills_load_dir(c, skills_esco_dir(), false, nesco, err, sizeof err) != 0)
        fprintf(stderr, "instroom demo: ESCO skills not loaded: %s\n", err);
    if (!rc) rc = db_begin(c, true);
    return rc;
}
