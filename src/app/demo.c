/* The demo command: the organisations of the seed programmes (Gelderland,
 * Rotterdam, Leiden), a demo user for every role and a few people. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "auth/auth.h"
#include "auth/users.h"
#include "badges/badges.h"
#include "base/random.h"
#include "base/str.h"
#include "base/time.h"
#include "cli_commands.h"
#include "db/cli.h"
#include "deploy/deploy.h"
#include "guidance/guidance.h"
#include "intake/demo.h"
#include "skills/skills.h"
#include "insight/insight.h"
#include "training/training.h"
#include "intake/intake.h"

/* Documented in README.md; a demo database holds no real people. */
#define DEMO_PASSWORD "welkom-in-de-zorg"

typedef struct demo_org {
    const char *name, *kind, *region, *city;
} demo_org;

static const demo_org demo_orgs[] = {
    {"Werkgeversorganisatie Zorg en Welzijn", "regional", "Gelderland", "Arnhem"},
    {"Opella", "care", "Gelderland", "Ede"},
    {"Sante Partners", "care", "Gelderland", "Wageningen"},
    {"Zinzia", "care", "Gelderland", "Arnhem"},
    {"Vilente", "care", "Gelderland", "Barneveld"},
    {"Icare", "care", "Gelderland", "Apeldoorn"},
    {"SZR", "care", "Gelderland", "Rheden"},
    {"ROC Rivor", "school", "Gelderland", "Tiel"},
    {"ROC Nijmegen", "school", "Gelderland", "Nijmegen"},
    {"Rijn IJssel", "school", "Gelderland", "Arnhem"},
    {"Dulon College", "school", "Gelderland", "Ede"},
    {"Gemeente Rotterdam", "municipality", "Rotterdam", "Rotterdam"},
    {"UWV", "uwv", "Rotterdam", "Rotterdam"},
    {"Laurens", "care", "Rotterdam", "Rotterdam"},
    {"Albeda", "school", "Rotterdam", "Rotterdam"},
    {"Calibris Advies", "advisory", "Rotterdam", "Rotterdam"},
    {"Zorg en Zekerheid", "regional", "Leiden", "Leiden"},
    {"ActiVite", "care", "Leiden", "Leiden"},
    {"DSV Verzorgd Leven", "care", "Leiden", "Sassenheim"},
    {"Topaz", "care", "Leiden", "Leiden"},
};

typedef struct demo_user {
    const char *email, *name, *role, *org, *lang;
} demo_user;

static const demo_user demo_users[] = {
    {"coordinator@wzw.demo", "Carla Coördinator", "coordinator", "Werkgeversorganisatie Zorg en Welzijn", "nl"},
    {"recruiter@opella.demo", "Rianne Jansen", "recruiter", "Opella", "nl"},
    {"recruiter@zinzia.demo", "Ruben de Vries", "recruiter", "Zinzia", "nl"},
    {"supervisor@opella.demo", "Sanne Bakker", "supervisor", "Opella", "nl"},
    {"trainer@rivor.demo", "Tom Visser", "trainer", "ROC Rivor", "nl"},
    {"jobcoach@rotterdam.demo", "Jamila El Amrani", "jobcoach", "Gemeente Rotterdam", "nl"},
    {"recruiter@laurens.demo", "Lotte Mulder", "recruiter", "Laurens", "en"},
    {"mentor@laurens.demo", "Henk Hendriks", "mentor", "Laurens", "nl"},
    {"participant@instroom.demo", "Daan Smit", "participant", NULL, "nl"},
};

typedef struct demo_person {
    const char *given, *family, *email, *birth, *postcode, *benefit;
    const char *org1, *rel1, *org2, *rel2;
} demo_person;

static const demo_person demo_people[] = {
    {"Daan", "Smit", "participant@instroom.demo", "2003-05-14", "6711 AB", NULL, "Opella", "placed", "ROC Rivor", "student"},
    {"Fatima", "Ouali", "fatima.ouali@voorbeeld.demo", "2002-11-02", "6717 CD", NULL, "Opella", "placed", "ROC Rivor", "student"},
    {"Jeroen", "van Dijk", "jeroen.vandijk@voorbeeld.demo", "1999-01-23", "6822 EF", NULL, "Opella", "placed", NULL, NULL},
    {"Sophie", "de Groot", "sophie.degroot@voorbeeld.demo", "2004-07-30", "6811 GH", NULL, "Zinzia", "placed", "Rijn IJssel", "student"},
    {"Mehmet", "Yilmaz", "mehmet.yilmaz@voorbeeld.demo", "2001-03-09", "6824 JK", NULL, "Zinzia", "placed", NULL, NULL},
    {"Lisa", "Peters", "lisa.peters@voorbeeld.demo", "2005-09-17", "6701 LM", NULL, "Vilente", "placed", "Dulon College", "student"},
    {"Anouk", "Willems", "anouk.willems@voorbeeld.demo", "1978-04-12", "3011 NP", "bijstand", "Gemeente Rotterdam", "client", "Laurens", "placed"},
    {"Rachid", "Bouzid", "rachid.bouzid@voorbeeld.demo", "1985-12-01", "3021 QR", "bijstand", "Gemeente Rotterdam", "client", "Albeda", "student"},
    {"Ingrid", "Kok", "ingrid.kok@voorbeeld.demo", "1969-06-25", "3033 ST", "WW", "UWV", "client", "Laurens", "placed"},
    {"Priya", "Ramdin", "priya.ramdin@voorbeeld.demo", "1991-02-14", "3051 UV", "bijstand", "Gemeente Rotterdam", "client", NULL, NULL},
    {"Marco", "de Wit", "marco.dewit@voorbeeld.demo", "1983-08-08", "2311 WX", NULL, "ActiVite", "employee", NULL, NULL},
    {"Esra", "Demir", "esra.demir@voorbeeld.demo", "1996-10-19", "2312 YZ", NULL, "Topaz", "placed", NULL, NULL},
};

static int demo_usage(int status)
{
    fprintf(status ? stderr : stdout,
            "usage: instroom demo [--db PATH]\n"
            "  Loads the demo region: %zu organisations, %zu demo users (password '%s')\n"
            "  and %zu people. Running it again on a demo database changes nothing.\n",
            sizeof demo_orgs / sizeof demo_orgs[0], sizeof demo_users / sizeof demo_users[0],
            DEMO_PASSWORD, sizeof demo_people / sizeof demo_people[0]);
    return status;
}

static int64_t org_id(db_conn *c, const char *name)
{
    int64_t id = 0;
    if (name) db_query_int(c, "SELECT id FROM orgs WHERE name = ?", DB_ARGS(db_text(name)), &id);
    return id;
}

static int load(db_conn *c)
{
    int64_t now = time_now();
    int rc = 0;
    for (size_t i = 0; !rc && i < sizeof demo_orgs / sizeof demo_orgs[0]; i++) {
        const demo_org *o = &demo_orgs[i];
        rc = db_exec(c, "INSERT INTO orgs(name, kind, region, city, created_at) VALUES (?, ?, ?, ?, ?)",
                     DB_ARGS(db_text(o->name), db_text(o->kind), db_text(o->region), db_text(o->city), db_int(now)));
    }
    for (size_t i = 0; !rc && i < sizeof demo_people / sizeof demo_people[0]; i++) {
        const demo_person *p = &demo_people[i];
        int64_t pid = 0;
        rc = db_insert(c, "INSERT INTO people(given_name, family_name, email, birth_date, postcode, benefit_status,"
                          " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                       DB_ARGS(db_text(p->given), db_text(p->family), db_text(p->email), db_text(p->birth),
                               db_text(p->postcode), db_text(p->benefit), db_int(now), db_int(now)),
                       &pid);
        if (!rc && p->org1)
            rc = db_exec(c, "INSERT INTO person_orgs(person_id, org_id, relation, since) VALUES (?, ?, ?, ?)",
                         DB_ARGS(db_int(pid), db_int(org_id(c, p->org1)), db_text(p->rel1), db_int(now)));
        if (!rc && p->org2)
            rc = db_exec(c, "INSERT INTO person_orgs(person_id, org_id, relation, since) VALUES (?, ?, ?, ?)",
                         DB_ARGS(db_int(pid), db_int(org_id(c, p->org2)), db_text(p->rel2), db_int(now)));
    }
    for (size_t i = 0; !rc && i < sizeof demo_users / sizeof demo_users[0]; i++) {
        const demo_user *u = &demo_users[i];
        int64_t person = 0, uid = 0;
        if (str_eq(u->role, "participant"))
            db_query_int(c, "SELECT id FROM people WHERE email = ?", DB_ARGS(db_text(u->email)), &person);
        rc = users_create(c, u->email, u->name, DEMO_PASSWORD, u->lang, person, &uid);
        if (!rc) rc = users_add_membership(c, uid, org_id(c, u->org), auth_role_parse(u->role));
    }
    if (!rc)
        rc = audit_write(c, &(audit_entry){.action = "create", .entity = "demo", .outcome = "ok",
                                           .detail = "demo region loaded"});
    return rc;
}

int cmd_demo(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"help", no_argument, NULL, 'h'},
        {0},
    };
    const char *dbp = NULL;
    optind = 1;
    int ch;
    while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (ch == 'd') dbp = optarg;
        else return demo_usage(ch == 'h' ? 0 : 2);
    }
    if (optind < argc) {
        fprintf(stderr, "instroom demo: unexpected argument '%s'\n", argv[optind]);
        return 2;
    }
    if (random_init() != 0) return 1;
    db *d;
    if (db_cli_open(db_cli_path(dbp), 1, &d) < 0) return 1;
    const char *public_url = getenv("INSTROOM_PUBLIC_URL");
    if (public_url && *public_url) intake_set_public_url(public_url);
    /* The demo issues a badge: it uses the issuer key init made (or makes it). */
    char key[4096];
    const char *env_key = getenv("INSTROOM_ISSUER_KEY");
    if (env_key && *env_key) snprintf(key, sizeof key, "%s", env_key);
    else badges_key_path(db_cli_path(dbp), key, sizeof key);
    if (badges_key_init(key) < 0 || badges_key_load(key) != 0) {
        db_close(d);
        return 1;
    }
    db_conn *c = db_acquire(d);
    int status = 0;
    int64_t have = 0;
    db_query_int(c, "SELECT count(*) FROM users WHERE email = ?", DB_ARGS(db_text(demo_users[0].email)), &have);
    if (have) {
        printf("the demo region is already in %s\n", db_cli_path(dbp));
    } else {
        int rc = db_begin(c, true);
        if (!rc) rc = load(c);
        int napplicants = 0;
        int64_t nesco = 0;
        if (!rc) rc = intake_demo_load(c, time_now(), &napplicants, &nesco);
        int64_t nskills = 0;
        if (!rc) rc = skills_demo_load(c, time_now(), &nskills);
        if (!rc) rc = badges_demo_load(c, time_now());
        if (!rc) rc = training_demo_load(c, time_now());
        if (!rc) rc = insight_demo_load(c, time_now());
        if (!rc) rc = guidance_demo_load(c, time_now());
        if (!rc) rc = deploy_demo_load(c, time_now());
        if (!rc) rc = db_commit(c);
        if (!rc) printf("intake: 5 programmes, %d applicants, %lld ESCO occupations\n", napplicants, (long long)nesco);
        if (!rc) printf("skills: the basic skills, %lld ESCO skills\n", (long long)nskills);
        if (rc) {
            fprintf(stderr, "instroom demo: %s\n", db_errmsg(c));
            status = 1;
        } else {
            printf("demo region loaded into %s: %zu organisations, %zu people, %zu users\n", db_cli_path(dbp),
                   sizeof demo_orgs / sizeof demo_orgs[0], sizeof demo_people / sizeof demo_people[0],
                   sizeof demo_users / sizeof demo_users[0]);
        }
    }
    if (!status) {
        intake_demo_print();
        printf("demo logins (password: %s):\n", DEMO_PASSWORD);
        for (size_t i = 0; i < sizeof demo_users / sizeof demo_users[0]; i++)
            printf("  %-12s %-28s %s\n", demo_users[i].role, demo_users[i].email,
                   demo_users[i].org ? demo_users[i].org : "");
    }
    db_release(c);
    db_close(d);
    return status;
}
