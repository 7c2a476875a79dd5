/* intake demo: the five programmes of ../shared/seeds with their partners,
 * phases, targets, cohorts, places and campaigns, a few hundred generated
 * applicants (fixed seed) spread over the stages with their move history, and
 * the ESCO occupations when ../shared/data/esco is there. Idempotent: a
 * database that has the programmes is left alone. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/random.h"
#include "base/str.h"
#include "base/time.h"
#include "intake/demo.h"
#include "intake/intake.h"
#include "intake/model.h"

typedef struct demo_partner {
    const char *org, *part;
    int places;                 /* in the demo cohort */
} demo_partner;

typedef struct demo_programme {
    const char *slug, *name, *kind, *owner, *description;
    int min_age, max_age;
    demo_partner partners[11];
    const char *phases[5];
    int phase_weeks[5];
    const char *target_metric;
    double target_value;
    const char *target_text;
    const char *cohort, *starts_on, *ends_on;
    int capacity;
    /* The campaign: days from today (negative: in the past). */
    const char *campaign_slug, *campaign_title, *intro_nl, *intro_en;
    int opens_in, closes_in, target, cap, applicants;
    const char *postcodes[4];   /* first three digits of the region's postcodes, and letters */
} demo_programme;

static const demo_programme programmes[] = {
    {"zorgrunners", "Zorgrunners", "flexpool", "Werkgeversorganisatie Zorg en Welzijn",
     "Jongeren ondersteunen in de zomer bij piekmomenten in de zorg, na een basistraining van 3 dagdelen.", 16, 0,
     {{"Opella", "employer", 8}, {"Sante Partners", "employer", 6}, {"Zinzia", "employer", 6}, {"Vilente", "employer", 6},
      {"Icare", "employer", 8}, {"SZR", "employer", 6}, {"ROC Rivor", "school", 0}, {"ROC Nijmegen", "school", 0},
      {"Rijn IJssel", "school", 0}, {"Dulon College", "school", 0}, {"Werkgeversorganisatie Zorg en Welzijn", "coordinator", 0}},
     {"Werving en selectie", "Basistraining (3 dagdelen)", "Inzet in de zomer", NULL, NULL}, {6, 8, 10, 0, 0},
     "capacity", 40, "40 zorgrunners per zomer", "Zomer 2026", "2026-04-15", "2026-09-01", 40,
     "zorgrunners-2026", "Word Zorgrunner in de zomer van 2026",
     "Help deze zomer mee in de zorg in Gelderland. Je krijgt eerst een korte training.",
     "Help out in care in Gelderland this summer. You get a short training first.", -266, -224, 60, 80, 80,
     {"671", "672", "681", "682"}},
    {"regio-leiden", "Regio Leiden: versneld niveau 3", "accelerated", "Zorg en Zekerheid",
     "Versnelde route van niveau 2 naar 3 met een betaalde oriëntatiebaan, vitaliteitscoaches en een flexpool.", 18, 0,
     {{"Zorg en Zekerheid", "coordinator", 0}, {"ActiVite", "employer", 8}, {"DSV Verzorgd Leven", "employer", 6},
      {"Topaz", "employer", 6}},
     {"Oriëntatiebaan", "Versnelde opleiding niveau 3", NULL, NULL, NULL}, {12, 40, 0, 0, 0},
     "selected", 20, "20 deelnemers per groep", "Voorjaar 2027", "2027-03-01", "2027-12-01", 20,
     "leiden-orientatiebaan-2027", "Oriëntatiebaan in de zorg, regio Leiden",
     "Ontdek met een betaalde oriëntatiebaan of werken in de zorg bij u past.",
     "Find out with a paid orientation job whether working in care suits you.", 20, 80, 30, 40, 0,
     {"231", "232", "233", "217"}},
    {"zij-instroom", "Zij-instroom in de zorg", "lateral_entry", "Werkgeversorganisatie Zorg en Welzijn",
     "Carrièreswitchers krijgen een traject op maat met begeleiding en ervaren collega's (60+) als mentor.", 18, 0,
     {{"Werkgeversorganisatie Zorg en Welzijn", "coordinator", 0}, {"Opella", "employer", 20}, {"Icare", "employer", 20},
      {"Vilente", "employer", 20}, {"Rijn IJssel", "school", 0}},
     {"Selectie", "Traject op maat", "Begeleiding op de werkplek", NULL, NULL}, {4, 26, 26, 0, 0},
     "selected", 60, "60 zij-instromers geselecteerd", "Najaar 2026", "2027-01-11", "2027-07-01", 60,
     "zij-instroom-najaar-2026", "Overstappen naar de zorg",
     "Wilt u overstappen naar de zorg? Meld u aan. Zijn alle plaatsen vol, dan komt u op de wachtlijst.",
     "Do you want to switch to care? Apply. When all places are taken, you go on the waiting list.", -14, 30, 100,
     120, 110, {"680", "681", "731", "690"}},
    {"welslagen", "WelSlagen Rotterdam", "pre_track", "Gemeente Rotterdam",
     "De gemeente selecteert 30 Rotterdammers met een uitkering; Laurens, Albeda en Calibris kiezen er 24 voor een "
     "voortraject van 20 weken, daarna een BBL-opleiding niveau 2 of 3.", 18, 0,
     {{"Gemeente Rotterdam", "referrer", 0}, {"Laurens", "employer", 12}, {"Albeda", "school", 12},
      {"Calibris Advies", "adviser", 0}},
     {"Voorselectie door de gemeente", "Selectie (30 naar 24)", "Voortraject (20 weken)", "BBL niveau 2 of 3",
      "Extra coaching (3 maanden)"},
     {4, 2, 20, 104, 13}, "continue_pct", 75, "minstens 75% stroomt door naar de BBL", "Groep 1 2027", "2027-02-01",
     "2027-06-21", 24, "welslagen-2027-1", "WelSlagen groep 1 2027",
     "Voor Rotterdammers met een uitkering die in de ouderenzorg willen werken. Uw werkcoach meldt u aan.",
     "For Rotterdam residents on benefits who want to work in elderly care. Your work coach registers you.", -7, 21,
     30, 30, 30, {"301", "302", "303", "305"}},
    {"leerwerkakkoord", "Leerwerkakkoord Zorg Rotterdam", "orientation", "Gemeente Rotterdam",
     "150 studenten per jaar oriënteren zich op de zorg; 125 werkzoekenden krijgen begeleiding bij de start, met "
     "hulp bij schulden, kinderopvang en vervoer.", 16, 0,
     {{"Gemeente Rotterdam", "funder", 0}, {"UWV", "referrer", 0}, {"Laurens", "employer", 60}, {"Albeda", "school", 90}},
     {"Oriëntatie", "Start in de baan", "Begeleiding eerste jaar", NULL, NULL}, {8, 12, 52, 0, 0}, "capacity", 150,
     "150 studenten en 125 werkzoekenden per jaar", "2027", "2027-01-15", "2027-12-20", 150,
     "leerwerkakkoord-2027", "Oriënteren op werken in de zorg (2027)",
     "Maak kennis met werken in de zorg en kies de baan of opleiding die bij u past.",
     "Get to know working in care and choose the job or study that suits you.", -30, 60, 150, 275, 60,
     {"301", "302", "304", "306"}},
};
#define NPROGRAMMES (sizeof programmes / sizeof programmes[0])

/* Given names that none of the demo's seed people have, so tests can find those. */
static const char *given[] = {"Sem", "Noah", "Lucas", "Levi", "Finn", "Milan", "Luuk", "Mohammed", "Adam", "Emma",
                              "Julia", "Mila", "Tess", "Zoë", "Sara", "Nora", "Fenna", "Yara", "Aya", "Ilse",
                              "Marieke", "Kevin", "Bas", "Samira", "Joyce", "Thijs", "Naima", "Dewi", "Iris", "Hanna"};
static const char *family[] = {"de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen",
                               "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters",
                               "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits",
                               "de Graaf", "van der Meer", "El Amrani", "Yilmaz", "Ouali", "Bouzid", "Ramdin",
                               "Kaya", "Demir", "Nguyen", "Wiśniewska", "Boateng", "Tahiri", "Kok", "Willems"};
static const char *studies[] = {NULL, "vmbo zorg en welzijn", "havo 4", "mbo helpende zorg en welzijn niveau 2",
                                "mbo verzorgende IG niveau 3", "hbo verpleegkunde", NULL, "mbo sport en bewegen"};
static const char *hobbies[] = {NULL, "voetbal, koken", "muziek maken", "vrijwilliger bij de voedselbank",
                                "wandelen met de hond", "tekenen en gamen", "zorgen voor mijn oma", NULL};
static const char *motivations[] = {
    "Ik wil graag iets betekenen voor ouderen.",
    "Na jaren in de logistiek zoek ik werk met mensen.",
    "Mijn moeder werkt in de zorg en ik zie hoe mooi dat werk is.",
    "Ik wil een vak leren met toekomst.",
    "Ik heb voor mijn opa gezorgd en wil dat nu als beroep doen.",
};
static const char *languages[] = {"nl", "nl,en", "nl,ar", "nl,tr", "nl,en,pl", "nl,es"};

static int64_t org_id(db_conn *c, const char *name)
{
    int64_t id = 0;
    if (name) db_query_int(c, "SELECT id FROM orgs WHERE name = ?", DB_ARGS(db_text(name)), &id);
    return id;
}

/* Midnight in Amsterdam of the day days from now. */
static int64_t day_from_now(int64_t now, int days)
{
    char d[11];
    time_format_ams(d, sizeof d, now + (int64_t)days * 86400, "%Y-%m-%d");
    int y, m, dd;
    int64_t t = now;
    if (time_parse_date(d, &y, &m, &dd) == 0) time_ams_to_utc(y, m, dd, 0, 0, 0, &t);
    return t;
}

/* A generated applicant of programme p, number i. */
static intake_applicant applicant(arena *a, rng *r, const demo_programme *p, int i)
{
    const char *g = given[rng_below(r, sizeof given / sizeof given[0])];
    const char *f = family[rng_below(r, sizeof family / sizeof family[0])];
    int young = str_eq(p->kind, "flexpool") || str_eq(p->kind, "orientation");
    int year = young ? 2002 + (int)rng_below(r, 8) : 1966 + (int)rng_below(r, 36);
    const char *pc = p->postcodes[rng_below(r, 4)];
    char letters[3] = {(char)('A' + rng_below(r, 18)), (char)('A' + rng_below(r, 26)), 0};
    if (letters[0] == 'S') letters[0] = 'T';
    intake_applicant in = {
        .given_name = g,
        .family_name = f,
        .email = arena_printf(a, "%s.%s.%d@voorbeeld.demo", g, p->slug, i),
        .phone = rng_below(r, 3) ? arena_printf(a, "06%08llu", (unsigned long long)rng_below(r, 100000000)) : NULL,
        .birth_date = arena_printf(a, "%04d-%02d-%02d", year, 1 + (int)rng_below(r, 12), 1 + (int)rng_below(r, 28)),
        .postcode = arena_printf(a, "%s%d %s", pc, (int)rng_below(r, 10), letters),
        .current_study = young ? studies[rng_below(r, sizeof studies / sizeof studies[0])] : NULL,
        .hobbies = hobbies[rng_below(r, sizeof hobbies / sizeof hobbies[0])],
        .languages = languages[rng_below(r, sizeof languages / sizeof languages[0])],
        .avail_days = (unsigned)(1 + rng_below(r, 127)),
        .avail_parts = (unsigned)(1 + rng_below(r, 7)),
        .avail_hours = 8 + 4 * (int)rng_below(r, 7),
        .motivation = motivations[rng_below(r, sizeof motivations / sizeof motivations[0])],
        .consent = true,
        .consent_keep = rng_below(r, 3) == 0,
        .lang = rng_below(r, 8) ? "nl" : "en",
    };
    uint64_t s = rng_below(r, 10);
    in.source = s < 4 ? "direct" : s < 7 ? "utm" : s < 9 ? "via_via" : "direct";
    if (str_eq(in.source, "utm")) {
        in.utm_source = rng_below(r, 2) ? "instagram" : "werkenindezorg.nl";
        in.utm_medium = "social";
        in.utm_campaign = p->campaign_slug;
    }
    if (str_eq(p->kind, "pre_track")) in.source = "jobcoach";
    intake_applicant_normalise(a, &in);
    return in;
}

/* Moves an application along the stages, as recruiters would have done. */
static int walk(db_conn *c, rng *r, const intake_stage *st, int nst, int64_t app, int64_t at, bool closed,
                int64_t recruiter)
{
    /* Stage indexes: 0 aangemeld, 1 gescreend, 2 intakegesprek, 3 geselecteerd, 5 afgewezen, 6 teruggetrokken. */
    if (nst < 7) return 0;
    int steps = (int)rng_below(r, closed ? 4 : 3);
    int rc = 0;
    for (int s = 1; !rc && s <= steps && s <= 3; s++) {
        at += (int64_t)(1 + rng_below(r, 6)) * 86400;
        rc = intake_application_move(c, app, st[s].id, recruiter, s == 3 ? "goede match" : NULL, at);
    }
    if (!rc && rng_below(r, 5) == 0)
        rc = intake_application_move(c, app, st[rng_below(r, 4) ? 5 : 6].id, recruiter,
                                     "past nu niet bij de beschikbaarheid", at + 86400);
    return rc;
}

static const char *esco_path(void)
{
    const char *env = getenv("INSTROOM_ESCO_CSV");
    if (env && *env) return env;
    return "../shared/data/esco/occupations_nl.csv";
}

int intake_demo_load(db_conn *c, int64_t now, int *napplicants, int64_t *nesco)
{
    *napplicants = 0;
    *nesco = 0;
    int64_t have = 0;
    int rc = db_query_int(c, "SELECT count(*) FROM programmes WHERE slug = ?", DB_ARGS(db_text(programmes[0].slug)), &have);
    if (rc || have) return rc;
    rng r;
    rng_seed(&r, 20261122);
    arena a;
    arena_init(&a, 0);
    int64_t recruiter = 0;
    db_query_int(c, "SELECT id FROM users WHERE email = 'recruiter@opella.demo'", DB_NOARGS, &recruiter);
    for (size_t i = 0; !rc && i < NPROGRAMMES; i++) {
        const demo_programme *p = &programmes[i];
        int64_t pid = 0, cid = 0, kid = 0;
        rc = db_insert(c,
                       "INSERT INTO programmes(slug, name, kind, description, owner_org, min_age, max_age, created_at)"
                       " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                       DB_ARGS(db_text(p->slug), db_text(p->name), db_text(p->kind), db_text(p->description),
                               db_int(org_id(c, p->owner)), db_id_or_null(p->min_age), db_id_or_null(p->max_age),
                               db_int(now)),
                       &pid);
        for (int k = 0; !rc && k < 11 && p->partners[k].org; k++)
            rc = db_exec(c, "INSERT INTO programme_partners(programme_id, org_id, part) VALUES (?, ?, ?)",
                         DB_ARGS(db_int(pid), db_int(org_id(c, p->partners[k].org)), db_text(p->partners[k].part)));
        for (int k = 0; !rc && k < 5 && p->phases[k]; k++)
            rc = db_exec(c, "INSERT INTO programme_phases(programme_id, position, name, weeks) VALUES (?, ?, ?, ?)",
                         DB_ARGS(db_int(pid), db_int(k + 1), db_text(p->phases[k]), db_id_or_null(p->phase_weeks[k])));
        if (!rc)
            rc = db_exec(c, "INSERT INTO programme_targets(programme_id, metric, value, description) VALUES (?, ?, ?, ?)",
                         DB_ARGS(db_int(pid), db_text(p->target_metric), db_real(p->target_value),
                                 db_text(p->target_text)));
        if (!rc && str_eq(p->slug, "welslagen"))
            rc = db_exec(c, "INSERT INTO programme_targets(programme_id, metric, value, description) VALUES (?, ?, ?, ?)",
                         DB_ARGS(db_int(pid), db_text("selected"), db_real(24),
                                 db_text("de partners selecteren 24 van de 30 voorgeselecteerden")));
        if (!rc)
            rc = db_insert(c,
                           "INSERT INTO cohorts(programme_id, name, starts_on, ends_on, capacity, created_at)"
                           " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                           DB_ARGS(db_int(pid), db_text(p->cohort), db_text(p->starts_on), db_text(p->ends_on),
                                   db_int(p->capacity), db_int(now)),
                           &cid);
        for (int k = 0; !rc && k < 11 && p->partners[k].org; k++)
            if (p->partners[k].places)
                rc = db_exec(c, "INSERT INTO cohort_places(cohort_id, org_id, places) VALUES (?, ?, ?)",
                             DB_ARGS(db_int(cid), db_int(org_id(c, p->partners[k].org)), db_int(p->partners[k].places)));
        int64_t opens = day_from_now(now, p->opens_in), closes = day_from_now(now, p->closes_in);
        if (!rc)
            rc = db_insert(c,
                           "INSERT INTO campaigns(cohort_id, slug, title, intro_nl, intro_en, opens_at, closes_at, target,"
                           " cap, retention_weeks, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 4, ?) RETURNING id",
                           DB_ARGS(db_int(cid), db_text(p->campaign_slug), db_text(p->campaign_title),
                                   db_text(p->intro_nl), db_text(p->intro_en), db_int(opens), db_int(closes),
                                   db_int(p->target), db_int(p->cap), db_int(now)),
                           &kid);
        if (!rc) rc = intake_stages_create_default(c, kid);
        intake_campaign k;
        if (!rc) rc = intake_campaign_get(c, &a, kid, &k);
        intake_stage *st = NULL;
        int nst = 0;
        if (!rc) rc = intake_stages(c, &a, kid, &st, &nst);
        bool closed = p->closes_in < 0;
        for (int n = 0; !rc && n < p->applicants; n++) {
            intake_applicant in = applicant(&a, &r, p, n);
            int64_t span = (closed ? closes : now) - opens;
            int64_t at = opens + (span > 0 ? (int64_t)rng_below(&r, (uint64_t)span) : 0);
            intake_created out;
            rc = intake_application_create(c, &k, &in, at, 0, &out);
            if (!rc) {
                (*napplicants)++;
                k.applications++;
                if (!out.waitlisted) rc = walk(c, &r, st, nst, out.application_id, at, closed, recruiter);
            }
        }
    }
    /* The demo's mail is not for real addresses: mark it sent. */
    if (!rc) rc = db_exec(c, "UPDATE outbox SET sent_at = created_at, attempts = 1 WHERE to_addr LIKE '%.demo'", DB_NOARGS);
    arena_free(&a);
    if (rc) return rc;
    /* ESCO occupations for the prior-occupation question, when the download is there. */
    FILE *f = fopen(esco_path(), "rb");
    if (f) {
        buf b;
        buf_init(&b, 64u * 1024 * 1024);
        char chunk[65536];
        size_t got;
        while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) buf_append(&b, chunk, got);
        fclose(f);
        char err[256];
        /* intake_esco_load runs its own transaction: commit ours first. */
        rc = db_commit(c);
        if (!rc && !b.failed && intake_esco_load(c, b.data, b.len, false, nesco, err, sizeof err) != 0)
            fprintf(stderr, "instroom demo: ESCO occupations not loaded: %s\n", err);
        buf_free(&b);
        if (!rc) rc = db_begin(c, true);
    }
    return rc;
}

void intake_demo_print(void)
{
    for (size_t i = 0; i < NPROGRAMMES; i++)
        if (programmes[i].opens_in <= 0 && programmes[i].closes_in > 0)
            printf("  apply: /apply/%s\n", programmes[i].campaign_slug);
}
