/* skills: fold, the ESCO CSV reader and loader, the matching engine with
 * hand-computed scores, skills_award and the basic skills seed. */
#include <criterion/criterion.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/random.h"
#include "base/str.h"
#include "db/db.h"
#include "skills/model.h"
#include "skills/skills.h"
#include "skills/store.h"

#define EXPECT_RC(expect, call)                                    \
    do {                                                           \
        int rc_ = (call);                                          \
        cr_assert_eq(rc_, (expect), "%s returned %d", #call, rc_); \
    } while (0)

#define NEAR(a, b) (fabs((a) - (b)) < 1e-9)

/* ---- fold ---- */

Test(skills_fold, lower_case_and_diacritics)
{
    arena a;
    arena_init(&a, 0);
    cr_assert_str_eq(skills_fold(&a, "Handhygiëne"), "handhygiene");
    cr_assert_str_eq(skills_fold(&a, "Begeleiding van CLIËNTEN"), "begeleiding van clienten");
    cr_assert_str_eq(skills_fold(&a, "éèëê áàäâ íï óöô úüû ç ñ"), "eeee aaaa ii ooo uuu c n");
    cr_assert_str_eq(skills_fold(&a, "ÉÈËÊ ÁÀÄÂ ÍÏ ÓÖÔ ÚÜÛ Ç Ñ"), "eeee aaaa ii ooo uuu c n");
    cr_assert_str_eq(skills_fold(&a, "ĳsbeer Ĳssel"), "ijsbeer ijssel");
    cr_assert_str_eq(skills_fold(&a, "Straße Æble Œuvre Łódź Øre þorn"), "strasse aeble oeuvre lodz ore thorn");
    cr_assert_str_eq(skills_fold(&a, "Čapek Šárka Žižka Ğ ş ő ű"), "capek sarka zizka g s o u");
    arena_free(&a);
}

Test(skills_fold, white_space_and_other_characters)
{
    arena a;
    arena_init(&a, 0);
    cr_assert_str_eq(skills_fold(&a, "  in \t team\n\nverband  "), "in team verband");
    cr_assert_str_eq(skills_fold(&a, "a\xc2\xa0" "b"), "a b");                 /* no-break space */
    cr_assert_str_eq(skills_fold(&a, "Ελληνικά – €"), "Ελληνικά – €");           /* kept */
    cr_assert_str_eq(skills_fold(&a, "a\xff" "b\xc3" "c"), "abc");                /* invalid bytes dropped */
    cr_assert_str_eq(skills_fold(&a, "\xed\xa0\x80x"), "x");                      /* a surrogate */
    cr_assert_str_eq(skills_fold(&a, "\xc0\xafx"), "x");                          /* overlong */
    cr_assert_str_eq(skills_fold(&a, ""), "");
    cr_assert_str_eq(skills_fold(&a, NULL), "");
    arena_free(&a);
}

Test(skills_fold, codes_and_search_text)
{
    arena a;
    arena_init(&a, 0);
    cr_assert_str_eq(skills_code_from_label(&a, "Hygiëne in de keuken!"), "hygiene-in-de-keuken");
    cr_assert_str_eq(skills_code_from_label(&a, "  --  "), "");
    cr_assert_str_eq(skills_search_text(&a, "Handhygiëne", "Hand hygiene", "handen wassen | Desinfectie\nzeep"),
                     "handhygiene | hand hygiene | handen wassen | desinfectie | zeep");
    cr_assert_str_eq(skills_search_text(&a, "Één", NULL, NULL), "een");
    arena_free(&a);
}

/* ---- CSV ---- */

static int read_all_rows(const char *csv, char *err, size_t errn, int *rows)
{
    arena a;
    arena_init(&a, 0);
    skills_csv s;
    int rc = skills_csv_open(&s, &a, csv, strlen(csv));
    *rows = 0;
    skills_csv_row r;
    if (!rc)
        while ((rc = skills_csv_next(&s, &r)) == 1) (*rows)++;
    snprintf(err, errn, "%s", s.error);
    arena_free(&a);
    return rc;
}

Test(skills_csv, reads_columns_in_any_order)
{
    const char *csv = "conceptType,conceptUri,skillType,preferredLabel,altLabels,description\n"
                      "KSC,http://data.europa.eu/esco/skill/1,skill,  in teamverband werken ,samenwerken | team,\"Met "
                      "anderen\nsamenwerken.\"\n";
    arena a;
    arena_init(&a, 0);
    skills_csv s;
    EXPECT_RC(0, skills_csv_open(&s, &a, csv, strlen(csv)));
    skills_csv_row r;
    EXPECT_RC(1, skills_csv_next(&s, &r));
    cr_assert_str_eq(r.uri, "http://data.europa.eu/esco/skill/1");
    cr_assert_str_eq(r.label, "in teamverband werken");
    cr_assert_str_eq(r.alt_labels, "samenwerken | team");
    cr_assert_str_eq(r.description, "Met anderen\nsamenwerken.");
    cr_assert_eq(r.line, 2);
    EXPECT_RC(0, skills_csv_next(&s, &r));
    arena_free(&a);
}

Test(skills_csv, errors_name_the_line)
{
    char err[256];
    int rows;
    EXPECT_RC(-1, read_all_rows("", err, sizeof err, &rows));
    cr_assert(strstr(err, "empty"), "%s", err);
    EXPECT_RC(-1, read_all_rows("conceptUri,label\nhttp://x,y\n", err, sizeof err, &rows));
    cr_assert(strstr(err, "line 1") && strstr(err, "preferredLabel"), "%s", err);
    EXPECT_RC(-1, read_all_rows("conceptUri,preferredLabel\nhttp://x/1,a\nftp://x/2,b\n", err, sizeof err, &rows));
    cr_assert(strstr(err, "line 3") && strstr(err, "conceptUri"), "%s", err);
    cr_assert_eq(rows, 1);
    EXPECT_RC(-1, read_all_rows("conceptUri,preferredLabel\nhttp://x/1,  \n", err, sizeof err, &rows));
    cr_assert(strstr(err, "line 2") && strstr(err, "preferredLabel is empty"), "%s", err);
    EXPECT_RC(-1, read_all_rows("conceptUri,preferredLabel\nhttp://x/1,\"open\n", err, sizeof err, &rows));
    cr_assert(strstr(err, "line 2"), "%s", err);
    EXPECT_RC(-1, read_all_rows("conceptUri,preferredLabel\nhttp://x/1,\xff\xfe\n", err, sizeof err, &rows));
    cr_assert(err[0], "an error for invalid UTF-8");
}

/* ---- matching ---- */

Test(skills_match, hand_computed_scores)
{
    skills_have have[] = {
        {10, 2, true},  /* skill 10 at level 2, verified */
        {11, 4, false}, /* skill 11 at level 4, own claim */
        {12, 1, true},
        {12, 3, false}, /* skill 12: verified 1, claimed 3 */
    };
    skills_requirement r[] = {
        {10, 2, 3.0, false}, /* matched: 3 * 1 */
        {11, 3, 1.0, true},  /* unverified: 0 */
        {12, 4, 2.0, true},  /* verified only: level 1 of 4 -> 2 * 0.25 */
        {13, 1, 2.0, false}, /* missing: 0 */
    };
    skills_match_item it[4];
    double s = skills_match(r, 4, have, 4, it);
    /* (3 + 0 + 0.5 + 0) / 8 = 0.4375 */
    cr_assert(NEAR(s, 0.4375), "score %f", s);
    cr_assert_eq(it[0].status, SKILLS_MATCHED);
    cr_assert_eq(it[1].status, SKILLS_UNVERIFIED);
    cr_assert_eq(it[1].have, 0);
    cr_assert_eq(it[2].status, SKILLS_BELOW_LEVEL);
    cr_assert_eq(it[2].have, 1);
    cr_assert_eq(it[2].need, 4);
    cr_assert(NEAR(it[2].credit, 0.25));
    cr_assert_eq(it[3].status, SKILLS_MISSING);
    /* Without "verified only" the claims count: (3 + 1 + 2 * 0.75 + 0) / 8 = 0.6875 */
    r[1].verified_only = r[2].verified_only = false;
    s = skills_match(r, 4, have, 4, it);
    cr_assert(NEAR(s, 0.6875), "score %f", s);
    cr_assert_eq(it[1].status, SKILLS_MATCHED);
    cr_assert_eq(it[2].have, 3);
    cr_assert_str_eq(skills_match_status_name(it[2].status), "below_level");
}

Test(skills_match, the_example_of_the_header_and_edges)
{
    skills_have have[] = {{1, 4, true}, {2, 2, true}};
    skills_requirement r[] = {{1, 3, 3.0, false}, {2, 4, 1.0, false}};
    cr_assert(NEAR(skills_match(r, 2, have, 2, NULL), 0.875));
    cr_assert(NEAR(skills_match(r, 0, have, 2, NULL), 1.0), "no requirements: everyone fits");
    cr_assert(NEAR(skills_match(r, 2, NULL, 0, NULL), 0.0), "no skills: nothing");
    skills_requirement all[] = {{1, 1, 1, true}, {2, 2, 1, true}};
    cr_assert(NEAR(skills_match(all, 2, have, 2, NULL), 1.0));
}

Test(skills_match, requirements_are_checked)
{
    int bad = -1;
    const char *field = NULL;
    skills_requirement ok[] = {{1, 1, 0.5, false}, {2, 4, 10, true}};
    EXPECT_RC(0, skills_requirements_check(ok, 2, &bad, &field));
    skills_requirement r1[] = {{1, 1, 1, false}, {2, 5, 1, false}};
    EXPECT_RC(-1, skills_requirements_check(r1, 2, &bad, &field));
    cr_assert_eq(bad, 1);
    cr_assert_str_eq(field, "level");
    skills_requirement r2[] = {{1, 1, 0, false}};
    EXPECT_RC(-1, skills_requirements_check(r2, 1, &bad, &field));
    cr_assert_str_eq(field, "weight");
    skills_requirement r3[] = {{1, 1, NAN, false}};
    EXPECT_RC(-1, skills_requirements_check(r3, 1, &bad, &field));
    cr_assert_str_eq(field, "weight");
    skills_requirement r4[] = {{0, 1, 1, false}};
    EXPECT_RC(-1, skills_requirements_check(r4, 1, &bad, &field));
    cr_assert_str_eq(field, "skill_id");
}

Test(skills_match, min_level_for_a_score)
{
    cr_assert_eq(skills_min_level_for(4, 0), 0);
    cr_assert_eq(skills_min_level_for(4, 0.5), 2);   /* 2/4 = 0.5 */
    cr_assert_eq(skills_min_level_for(4, 0.51), 3);  /* 3/4 */
    cr_assert_eq(skills_min_level_for(3, 1.0 / 3), 1);
    cr_assert_eq(skills_min_level_for(3, 0.7), 3);
    cr_assert_eq(skills_min_level_for(2, 1), 2);
    cr_assert_eq(skills_min_level_for(2, 1.5), 3);
    /* It agrees with the engine. */
    for (int need = 1; need <= 4; need++)
        for (int k = 1; k <= 20; k++) {
            double min = k / 20.0;
            int h = skills_min_level_for(need, min);
            skills_requirement r = {1, need, 1, false};
            skills_have at = {1, h, false}, below = {1, h - 1, false};
            cr_assert_geq(skills_match(&r, 1, &at, 1, NULL) + 1e-9, min, "need %d min %f", need, min);
            if (h > 1) cr_assert_lt(skills_match(&r, 1, &below, 1, NULL), min, "need %d min %f", need, min);
        }
}

/* ---- the store ---- */

static db *d;
static db_conn *c;
static char dir[64];

static void setup(void)
{
    cr_assert_eq(random_init(), 0);
    snprintf(dir, sizeof dir, "/tmp/instroom-test-skills-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    char path[300], err[256];
    snprintf(path, sizeof path, "%s/t.db", dir);
    cr_assert_eq(db_open(path, NULL, &d, err, sizeof err), 0, "%s", err);
    cr_assert_geq(db_migrate(d, err, sizeof err), 0, "%s", err);
    c = db_acquire(d);
}

static void teardown(void)
{
    db_release(c);
    db_close(d);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_assert_eq(system(cmd), 0);
}

static void write_file(const char *name, const char *text)
{
    char path[300];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs(text, f);
    fclose(f);
}

static int64_t count(const char *sql)
{
    int64_t n = -1;
    EXPECT_RC(0, db_query_int(c, sql, DB_NOARGS, &n));
    return n;
}

TestSuite(skills_store, .init = setup, .fini = teardown);

Test(skills_store, seed_is_idempotent_and_searchable)
{
    EXPECT_RC(0, db_begin(c, true));
    EXPECT_RC(0, skills_seed_basic(c, 100));
    EXPECT_RC(0, skills_seed_basic(c, 200));
    EXPECT_RC(0, db_commit(c));
    cr_assert_geq(count("SELECT count(*) FROM skills WHERE kind = 'basic'"), 10);
    int64_t id = 0;
    EXPECT_RC(0, skills_id_by_uri(c, "urn:instroom:skill:handhygiene", &id));
    EXPECT_RC(DB_ENOTFOUND, skills_id_by_uri(c, "urn:instroom:skill:nope", &id));
    arena a;
    arena_init(&a, 0);
    skills_skill *list;
    int n;
    EXPECT_RC(0, skills_search(c, &a, "HYGIENE", NULL, 10, &list, &n));
    cr_assert_eq(n, 1);
    cr_assert_str_eq(list[0].label_nl, "Handhygiëne");
    EXPECT_RC(0, skills_search(c, &a, "cliënten", NULL, 10, &list, &n));
    cr_assert_eq(n, 1);
    cr_assert_str_eq(list[0].code, "communiceren-clienten");
    /* Prefix matches first: "bewoners b..." before the ones that merely contain it. */
    EXPECT_RC(0, skills_search(c, &a, "bewoners", NULL, 10, &list, &n));
    cr_assert_geq(n, 2);
    cr_assert(str_starts_with(list[0].label_nl, "Bewoners"));
    EXPECT_RC(0, skills_search(c, &a, "100%", NULL, 10, &list, &n));
    cr_assert_eq(n, 0, "%% is not a wildcard");
    arena_free(&a);
}

Test(skills_store, load_dir_is_one_transaction_and_idempotent)
{
    write_file("transversalSkillsCollection_nl.csv",
               "conceptType,conceptUri,skillType,reuseLevel,preferredLabel,status,altLabels,description\n"
               "K,http://data.europa.eu/esco/skill/t1,skill,transversal,in teamverband werken,released,samenwerken,\n"
               "K,http://data.europa.eu/esco/skill/t2,skill,transversal,empathie tonen,released,,\"Begrip tonen.\"\n");
    write_file("digCompSkillsCollection_nl.csv",
               "conceptType,conceptUri,preferredLabel,status,skillType,reuseLevel,altLabels,description\n"
               "K,http://data.europa.eu/esco/skill/d1,e-mail gebruiken,released,skill,cross,,\n");
    write_file("languageSkillsCollection_nl.csv",
               "conceptType,conceptUri,skillType,reuseLevel,preferredLabel,status,altLabels,description\n"
               "K,http://data.europa.eu/esco/skill/l1,skill,transversal,Nederlands spreken,released,,\n");
    int64_t rows = 0;
    char err[700];
    EXPECT_RC(0, skills_load_dir(c, dir, false, &rows, err, sizeof err));
    cr_assert_eq(rows, 4);
    EXPECT_RC(0, skills_load_dir(c, dir, false, &rows, err, sizeof err));
    cr_assert_eq(count("SELECT count(*) FROM skills WHERE uri LIKE 'http%'"), 4);
    cr_assert_eq(count("SELECT count(*) FROM skills WHERE kind = 'digital'"), 1);
    cr_assert_eq(count("SELECT count(*) FROM skills WHERE kind = 'language'"), 1);
    cr_assert_eq(count("SELECT count(*) FROM skills WHERE search LIKE '%samenwerken%'"), 1);
    /* A bad row in the last file: nothing of this load stays, and the error names file and line. */
    write_file("transversalSkillsCollection_nl.csv",
               "conceptType,conceptUri,skillType,reuseLevel,preferredLabel,status,altLabels,description\n"
               "K,http://data.europa.eu/esco/skill/t3,skill,transversal,nieuw,released,,\n");
    write_file("languageSkillsCollection_nl.csv",
               "conceptType,conceptUri,skillType,reuseLevel,preferredLabel,status,altLabels,description\n"
               "K,http://data.europa.eu/esco/skill/l2,skill,transversal,Fries spreken,released,,\n"
               "K,not-a-uri,skill,transversal,Duits,released,,\n");
    EXPECT_RC(-1, skills_load_dir(c, dir, false, &rows, err, sizeof err));
    cr_assert(strstr(err, "languageSkillsCollection_nl.csv") && strstr(err, "line 3"), "%s", err);
    cr_assert_eq(count("SELECT count(*) FROM skills WHERE uri LIKE 'http%'"), 4);
    /* A missing file is an error too. */
    char path[300];
    snprintf(path, sizeof path, "%s/digCompSkillsCollection_nl.csv", dir);
    unlink(path);
    EXPECT_RC(-1, skills_load_dir(c, dir, false, &rows, err, sizeof err));
    cr_assert(strstr(err, "digCompSkillsCollection_nl.csv"), "%s", err);
}

Test(skills_store, award_never_lowers_and_verifies)
{
    EXPECT_RC(0, db_exec(c, "INSERT INTO people(id, given_name, family_name, created_at, updated_at)"
                            " VALUES (1, 'Daan', 'Smit', 0, 0)", DB_NOARGS));
    EXPECT_RC(0, db_exec(c, "INSERT INTO users(id, email, name, password_hash, created_at) VALUES (7, 't@x.demo', 'Tom', 'x', 0)",
                         DB_NOARGS));
    EXPECT_RC(0, db_begin(c, true));
    EXPECT_RC(0, skills_seed_basic(c, 1));
    int64_t skill = 0;
    EXPECT_RC(0, skills_id_by_uri(c, "urn:instroom:skill:handhygiene", &skill));
    EXPECT_RC(0, skills_award(c, 1, skill, 3, "training", "module 1", 7, 1000));
    EXPECT_RC(0, skills_award(c, 1, skill, 2, "training", NULL, 7, 2000));
    EXPECT_RC(DB_ECONSTRAINT, skills_award(c, 1, skill, 5, "training", NULL, 7, 2000));
    EXPECT_RC(DB_ECONSTRAINT, skills_award(c, 1, skill, 2, "school", NULL, 7, 2000));
    EXPECT_RC(0, db_commit(c));
    cr_assert_eq(count("SELECT count(*) FROM person_skills"), 1);
    cr_assert_eq(count("SELECT level FROM person_skills"), 3);
    cr_assert_eq(count("SELECT verified_by FROM person_skills"), 7);
    cr_assert_eq(count("SELECT verified_at FROM person_skills"), 2000);
    cr_assert_eq(count("SELECT count(*) FROM person_skills WHERE evidence = 'module 1'"), 1);
    cr_assert_eq(count("SELECT count(*) FROM audit_log WHERE action = 'award'"), 2);
    arena a;
    arena_init(&a, 0);
    skills_have *have;
    int n;
    EXPECT_RC(0, skills_profile_have(c, &a, 1, &have, &n));
    cr_assert_eq(n, 1);
    cr_assert(have[0].verified);
    cr_assert_eq(have[0].level, 3);
    arena_free(&a);
}
