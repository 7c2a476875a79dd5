/* deploy planner: the app side of plan.h (see planner.h). One mechanism
 * serves proposals, repairs, hand changes and claims: the shifts of a scope
 * (an organisation or the region, a period) and every active runner are
 * loaded into a deploy_problem with the roster already published; the
 * engine proposes, and deploy_plan_check judges a roster as it would be. */
#include "deploy/planner.h"

#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "auth/auth.h"
#include "base/geo.h"
#include "base/str.h"
#include "base/time.h"
#include "intake/intake.h"

#define BUSY_MARGIN_DAYS 7 /* other shifts this close to the period count for rest and week hours */
#define REPAIR_DAYS 7      /* a repair re-plans the cancelled shift's organisation for this many days */
#define DEPLOY_SEED 1

/* ---- Loading a problem ---- */

typedef struct loaded {
    deploy_problem pb;
    deploy_shift *shifts;        /* sorted by id */
    deploy_posted *posted;       /* [nshifts], the same order */
    deploy_person *people;       /* sorted by id */
    const char **names;          /* [npeople] */
    deploy_assignment *published; /* the published roster of the problem's shifts */
    int npublished;
    int64_t **busy_ids;          /* [npeople][nbusy]: the shift of each busy entry */
    int64_t basis;               /* roster_basis of the scope's published roster when read */
} loaded;

/* The index of id in n records of stride bytes sorted by an int64_t id as their first member, or -1. */
static int index_of(const void *base, int n, size_t stride, int64_t id)
{
    int lo = 0, hi = n;
    while (lo < hi) {
        int m = (lo + hi) / 2;
        int64_t at;
        memcpy(&at, (const char *)base + (size_t)m * stride, sizeof at);
        if (at < id) lo = m + 1;
        else hi = m;
    }
    int64_t at = 0;
    if (lo < n) memcpy(&at, (const char *)base + (size_t)lo * stride, sizeof at);
    return lo < n && at == id ? lo : -1;
}

/* deploy_shift and deploy_person begin with their id. */
_Static_assert(offsetof(deploy_shift, id) == 0, "deploy_shift starts with its id");
_Static_assert(offsetof(deploy_person, id) == 0, "deploy_person starts with its id");

static int shift_index(const loaded *L, int64_t id)
{
    return index_of(L->shifts, L->pb.nshifts, sizeof *L->shifts, id);
}

static int person_index(const loaded *L, int64_t id)
{
    return index_of(L->people, L->pb.npeople, sizeof *L->people, id);
}

static int cmp_posted_id(const void *a, const void *b)
{
    int64_t x = ((const deploy_posted *)a)->id, y = ((const deploy_posted *)b)->id;
    return (x > y) - (x < y);
}

/* A row keyed by person: up to three integers and two texts. */
typedef struct keyed {
    int64_t person_id;
    int64_t v[3];
    const char *t[2];
} keyed;

static void keyed_ints(db_stmt *s, arena *a, void *el)
{
    (void)a;
    keyed *o = el;
    o->person_id = db_col_int(s, 0);
    int n = db_col_count(s);
    for (int i = 1; i < n && i <= 3; i++) o->v[i - 1] = db_col_int(s, i);
}

static void keyed_texts(db_stmt *s, arena *a, void *el)
{
    keyed *o = el;
    o->person_id = db_col_int(s, 0);
    int n = db_col_count(s);
    for (int i = 1; i < n && i <= 2; i++) o->t[i - 1] = db_col_dup(a, s, i);
}

/* A cursor over keyed rows sorted by person id. */
typedef struct slices {
    keyed *rows;
    int n, at;
} slices;

static int slice_of(slices *s, int64_t person_id, keyed **first)
{
    while (s->at < s->n && s->rows[s->at].person_id < person_id) s->at++;
    int b = s->at;
    while (s->at < s->n && s->rows[s->at].person_id == person_id) s->at++;
    *first = s->rows + b;
    return s->at - b;
}

static int load_keyed(db_conn *c, arena *a, const char *sql, const db_value *args, int nargs, slices *out)
{
    out->at = 0;
    return db_rows(c, a, sql, args, nargs, sizeof(keyed), keyed_ints, (void **)&out->rows, &out->n);
}

static int64_t day_or(const char *s, int64_t fallback)
{
    int64_t d;
    return s && deploy_parse_day(s, &d) == 0 ? d : fallback;
}

typedef struct person_base {
    int64_t id;
    const char *name, *birth, *postcode, *vog, *id_until, *c_from, *c_until;
    int max_hours, km;
    bool identity;
} person_base;

static void person_base_row(db_stmt *s, arena *a, void *el)
{
    person_base *o = el;
    o->id = db_col_int(s, 0);
    o->name = db_col_dup(a, s, 1);
    o->birth = db_col_dup(a, s, 2);
    o->postcode = db_col_dup(a, s, 3);
    o->max_hours = (int)db_col_int(s, 4);
    o->km = (int)db_col_int(s, 5);
    o->vog = db_col_dup(a, s, 6);
    o->identity = db_col_int(s, 7) != 0;
    o->id_until = db_col_dup(a, s, 8);
    o->c_from = db_col_dup(a, s, 9);
    o->c_until = db_col_dup(a, s, 10);
}

#define CURRENT_DOC(kind, col)                                                                                      \
    "(SELECT " col " FROM deploy_documents d WHERE d.person_id = p.id AND d.kind = '" kind "' "                      \
    "AND d.replaced_at IS NULL)"

static int load_people(db_conn *c, arena *a, int64_t from_day, int64_t to_day, loaded *L)
{
    person_base *base;
    int n;
    int rc = db_rows(c, a,
                     "SELECT p.id, p.given_name || ' ' || p.family_name, p.birth_date, p.postcode, "
                     "coalesce(f.max_week_hours, 0), coalesce(f.travel_km, 0), " CURRENT_DOC("vog", "issued_on") ", "
                     "EXISTS " CURRENT_DOC("identity", "1") ", " CURRENT_DOC("identity", "expires_on") ", "
                     CURRENT_DOC("contract", "issued_on") ", " CURRENT_DOC("contract", "expires_on") " "
                     "FROM deploy_profiles f JOIN people p ON p.id = f.person_id WHERE f.active = 1 ORDER BY p.id",
                     DB_NOARGS, sizeof *base, person_base_row, (void **)&base, &n);
    if (rc) return rc;
    int64_t lo = deploy_instant(from_day - BUSY_MARGIN_DAYS, 0), hi = deploy_instant(to_day + BUSY_MARGIN_DAYS, 0);
    int64_t start = deploy_instant(from_day, 0);
    slices skills, windows, exceptions = {0}, porgs, plocs, busy, first, refused;
#define ACTIVE " JOIN deploy_profiles f ON f.person_id = x.person_id AND f.active = 1 "
    rc = load_keyed(c, a, "SELECT x.person_id, x.skill_id FROM person_skills x" ACTIVE "ORDER BY 1, 2", DB_NOARGS,
                    &skills);
    if (!rc)
        rc = load_keyed(c, a,
                        "SELECT x.person_id, x.weekday, x.from_min, x.to_min FROM deploy_availability x" ACTIVE
                        "ORDER BY 1, 2, 3",
                        DB_NOARGS, &windows);
    if (!rc)
        rc = db_rows(c, a, "SELECT x.person_id, x.from_date, x.to_date FROM deploy_exceptions x" ACTIVE "ORDER BY 1, 2",
                     DB_NOARGS, sizeof(keyed), keyed_texts, (void **)&exceptions.rows, &exceptions.n);
    if (!rc)
        rc = load_keyed(c, a, "SELECT x.person_id, x.org_id FROM deploy_pref_orgs x" ACTIVE "ORDER BY 1, 2",
                        DB_NOARGS, &porgs);
    if (!rc)
        rc = load_keyed(c, a, "SELECT x.person_id, x.location_id FROM deploy_pref_locations x" ACTIVE "ORDER BY 1, 2",
                        DB_NOARGS, &plocs);
    /* published shifts near the period; those of the problem are split off below */
    if (!rc)
        rc = load_keyed(c, a,
                        "SELECT x.person_id, s.starts_at, s.ends_at, s.id FROM deploy_assignments x" ACTIVE
                        "JOIN deploy_shifts s ON s.id = x.shift_id WHERE x.status = 'published' "
                        "AND s.cancelled_at IS NULL AND s.starts_at >= ? AND s.starts_at < ? ORDER BY 1, 2",
                        DB_ARGS(db_int(lo), db_int(hi)), &busy);
    if (!rc)
        rc = load_keyed(c, a,
                        "SELECT x.person_id, min(s.starts_at) FROM deploy_assignments x" ACTIVE
                        "JOIN deploy_shifts s ON s.id = x.shift_id WHERE x.status = 'published' "
                        "AND s.cancelled_at IS NULL AND s.starts_at < ? GROUP BY x.person_id ORDER BY 1",
                        DB_ARGS(db_int(start)), &first);
    if (!rc)
        rc = load_keyed(c, a,
                        "SELECT x.person_id, x.shift_id FROM deploy_assignments x" ACTIVE
                        "WHERE x.status = 'cancelled' AND x.plan_id IS NULL ORDER BY 1, 2",
                        DB_NOARGS, &refused);
#undef ACTIVE
    if (rc) return rc;
    L->people = arena_alloc(a, (size_t)(n ? n : 1) * sizeof *L->people);
    L->names = arena_alloc(a, (size_t)(n ? n : 1) * sizeof *L->names);
    if (!L->people || !L->names) return DB_ENOMEM;
    for (int i = 0; i < n; i++) {
        person_base *b = &base[i];
        deploy_person *p = &L->people[i];
        memset(p, 0, sizeof *p);
        L->names[i] = b->name;
        p->id = b->id;
        p->birth_day = day_or(b->birth, DEPLOY_NO_DAY);
        p->located = b->postcode && geo_postcode(b->postcode, &p->lat, &p->lon);
        p->max_week_minutes = b->max_hours ? b->max_hours * 60 : -1;
        p->travel_km = b->km ? b->km : -1;
        p->vog_day = day_or(b->vog, DEPLOY_NO_DAY);
        p->identity_until = !b->identity ? DEPLOY_NO_DAY : day_or(b->id_until, DEPLOY_OPEN_END);
        p->contract_from = day_or(b->c_from, DEPLOY_NO_DAY);
        p->contract_until = day_or(b->c_until, DEPLOY_OPEN_END);
        keyed *k;
        int m = slice_of(&skills, p->id, &k);
        int64_t *sk = arena_alloc(a, (size_t)(m + 1) * sizeof *sk);
        deploy_window *w;
        deploy_range *ex;
        if (!sk) return DB_ENOMEM;
        for (int j = 0; j < m; j++) sk[j] = k[j].v[0];
        p->skills = sk;
        p->nskills = m;
        m = slice_of(&windows, p->id, &k);
        p->week = w = arena_alloc(a, (size_t)(m + 1) * sizeof *w);
        if (!w) return DB_ENOMEM;
        for (int j = 0; j < m; j++)
            w[j] = (deploy_window){(int)k[j].v[0], (int)k[j].v[1], (int)k[j].v[2]};
        p->nweek = m;
        m = slice_of(&exceptions, p->id, &k);
        p->exceptions = ex = arena_alloc(a, (size_t)(m + 1) * sizeof *ex);
        if (!ex) return DB_ENOMEM;
        for (int j = 0; j < m; j++)
            ex[j] = (deploy_range){day_or(k[j].t[0], 0), day_or(k[j].t[1], day_or(k[j].t[0], 0))};
        p->nexceptions = m;
        m = slice_of(&porgs, p->id, &k);
        int64_t *po = arena_alloc(a, (size_t)(m + 1) * sizeof *po);
        if (!po) return DB_ENOMEM;
        for (int j = 0; j < m; j++) po[j] = k[j].v[0];
        p->pref_orgs = po;
        p->npref_orgs = m;
        m = slice_of(&plocs, p->id, &k);
        int64_t *pl = arena_alloc(a, (size_t)(m + 1) * sizeof *pl);
        if (!pl) return DB_ENOMEM;
        for (int j = 0; j < m; j++) pl[j] = k[j].v[0];
        p->pref_locations = pl;
        p->npref_locations = m;
        m = slice_of(&first, p->id, &k);
        p->first_day = m ? deploy_day_of(k[0].v[0]) : DEPLOY_NO_DAY;
        m = slice_of(&refused, p->id, &k);
        int64_t *rf = arena_alloc(a, (size_t)(m + 1) * sizeof *rf);
        if (!rf) return DB_ENOMEM;
        for (int j = 0; j < m; j++) rf[j] = k[j].v[0];
        p->refused = rf;
        p->nrefused = m;
    }
    L->pb.people = L->people;
    L->pb.npeople = n;
    /* busy shifts: outside the problem they are busy, inside they are the published roster */
    int cap = 0;
    L->busy_ids = arena_alloc(a, (size_t)(n ? n : 1) * sizeof *L->busy_ids);
    if (!L->busy_ids) return DB_ENOMEM;
    for (int i = 0; i < n; i++) {
        deploy_person *p = &L->people[i];
        keyed *k;
        int m = slice_of(&busy, p->id, &k);
        deploy_busy *bz = arena_alloc(a, (size_t)(m + 1) * sizeof *bz);
        int64_t *ids = arena_alloc(a, (size_t)(m + 1) * sizeof *ids);
        if (!bz || !ids) return DB_ENOMEM;
        L->busy_ids[i] = ids;
        int nb = 0;
        for (int j = 0; j < m; j++) {
            int s = shift_index(L, k[j].v[2]);
            if (s < 0) {
                ids[nb] = k[j].v[2];
                bz[nb++] = (deploy_busy){k[j].v[0], k[j].v[1]};
                continue;
            }
            deploy_assignment *g = arena_grow(a, L->published, L->npublished, &cap, sizeof *g);
            if (!g) return DB_ENOMEM;
            L->published = g;
            g[L->npublished++] = (deploy_assignment){s, i};
        }
        p->busy = bz;
        p->nbusy = nb;
    }
    return 0;
}

/* Loads the problem of a scope inside the caller's transaction. */
static int load_problem(db_conn *c, arena *a, int64_t org_id, int64_t from_day, int64_t to_day, loaded *L)
{
    memset(L, 0, sizeof *L);
    deploy_shift_filter f = {.org_id = org_id, .from_day = from_day, .to_day = to_day};
    int n;
    int rc = deploy_shift_list(c, a, &f, &L->posted, &n);
    if (rc) return rc;
    if (n > 1) qsort(L->posted, (size_t)n, sizeof *L->posted, cmp_posted_id);
    L->shifts = arena_alloc(a, (size_t)(n ? n : 1) * sizeof *L->shifts);
    if (!L->shifts) return DB_ENOMEM;
    for (int i = 0; i < n; i++) {
        const deploy_posted *q = &L->posted[i];
        deploy_shift *s = &L->shifts[i];
        memset(s, 0, sizeof *s);
        s->id = q->id;
        s->org_id = q->org_id;
        s->location_id = q->location_id;
        s->starts_at = q->starts_at;
        s->ends_at = q->ends_at;
        s->headcount = q->headcount;
        s->priority = q->priority < 0 ? 1 : q->priority;
        int64_t *sk = arena_alloc(a, (size_t)(q->nskills + 1) * sizeof *sk);
        if (!sk) return DB_ENOMEM;
        for (int k = 0; k < q->nskills; k++) sk[k] = q->skills[k].id;
        s->skills = sk;
        s->nskills = q->nskills;
        s->located = q->postcode && geo_postcode(q->postcode, &s->lat, &s->lon);
    }
    L->pb.shifts = L->shifts;
    L->pb.nshifts = n;
    return load_people(c, a, from_day, to_day, L);
}

/* ---- Rules as messages ---- */

static const msg_id rule_msgs[DEPLOY_RULE_COUNT] = {
    [DEPLOY_RULE_OK] = MSG_DEPLOY_RULE_OK,
    [DEPLOY_RULE_VOG] = MSG_DEPLOY_RULE_VOG,
    [DEPLOY_RULE_IDENTITY] = MSG_DEPLOY_RULE_IDENTITY,
    [DEPLOY_RULE_CONTRACT] = MSG_DEPLOY_RULE_CONTRACT,
    [DEPLOY_RULE_SKILL] = MSG_DEPLOY_RULE_SKILL,
    [DEPLOY_RULE_AVAILABILITY] = MSG_DEPLOY_RULE_AVAILABILITY,
    [DEPLOY_RULE_EXCEPTION] = MSG_DEPLOY_RULE_EXCEPTION,
    [DEPLOY_RULE_TRAVEL] = MSG_DEPLOY_RULE_TRAVEL,
    [DEPLOY_RULE_YOUTH_NIGHT] = MSG_DEPLOY_RULE_YOUTH_NIGHT,
    [DEPLOY_RULE_YOUTH_SHIFT] = MSG_DEPLOY_RULE_YOUTH_SHIFT,
    [DEPLOY_RULE_SAME_DAY] = MSG_DEPLOY_RULE_SAME_DAY,
    [DEPLOY_RULE_REST] = MSG_DEPLOY_RULE_REST,
    [DEPLOY_RULE_WEEK_HOURS] = MSG_DEPLOY_RULE_WEEK_HOURS,
    [DEPLOY_RULE_YOUTH_WEEK] = MSG_DEPLOY_RULE_YOUTH_WEEK,
    [DEPLOY_RULE_FULL] = MSG_DEPLOY_RULE_FULL,
};

msg_id deploy_rule_msg(deploy_rule r)
{
    return r >= 0 && r < DEPLOY_RULE_COUNT ? rule_msgs[r] : MSG_DEPLOY_RULE_OK;
}

const char *deploy_rule_text(http_request *req, deploy_rule r)
{
    return msg(req, deploy_rule_msg(r));
}

/* ---- Judging one more assignment ---- */

/* All violations of roster a (n rows), in the arena; their count or -1. */
static int violations(arena *ar, const deploy_problem *pb, const deploy_assignment *a, int n, deploy_violation **out)
{
    int total = deploy_plan_check(pb, a, n, NULL, 0);
    if (total <= 0) {
        *out = NULL;
        return total;
    }
    *out = arena_alloc(ar, (size_t)total * sizeof **out);
    if (!*out) return -1;
    return deploy_plan_check(pb, a, n, *out, total);
}

static int count_for(const deploy_violation *v, int n, int person, int shift)
{
    int k = 0;
    for (int i = 0; i < n; i++)
        if (v[i].person == person || (v[i].rule == DEPLOY_RULE_FULL && v[i].shift == shift)) k++;
    return k;
}

/* The busy shift (outside the problem: the day before or after a claimed
 * shift) that puts person p on another shift the same day as shift s, or
 * within the rest time of it, into why (a violation names only shifts of
 * the problem). */
static void busy_conflict(const loaded *L, int p, int s, deploy_rule rule, deploy_refusal *why)
{
    const deploy_person *pp = &L->people[p];
    const deploy_shift *sh = &L->shifts[s];
    const int64_t rest = (int64_t)DEPLOY_REST_MINUTES * 60;
    for (int b = 0; b < pp->nbusy; b++) {
        const deploy_busy *x = &pp->busy[b];
        bool same_day = deploy_day_of(x->starts_at) == deploy_day_of(sh->starts_at);
        bool too_close = x->starts_at < sh->ends_at + rest && sh->starts_at < x->ends_at + rest;
        bool hit = rule == DEPLOY_RULE_SAME_DAY ? same_day : too_close;
        if (hit) {
            why->other_shift = L->busy_ids[p][b];
            why->other_starts_at = x->starts_at;
            return;
        }
    }
}

/* Whether roster a (n rows) plus person p on shift s breaks a rule the
 * roster did not break before; *why gets the rule (and the other shift). */
static int judge_addition(arena *ar, const loaded *L, const deploy_assignment *a, int n, int s, int p,
                          deploy_refusal *why)
{
    memset(why, 0, sizeof *why);
    deploy_assignment *b = arena_alloc(ar, (size_t)(n + 1) * sizeof *b);
    if (!b) return DB_ENOMEM;
    if (n) memcpy(b, a, (size_t)n * sizeof *b);
    b[n] = (deploy_assignment){s, p};
    deploy_violation *v0, *v1;
    int n0 = violations(ar, &L->pb, a, n, &v0);
    int n1 = violations(ar, &L->pb, b, n + 1, &v1);
    if (n0 < 0 || n1 < 0) return DB_ENOMEM;
    if (count_for(v1, n1, p, s) <= count_for(v0, n0, p, s)) return 0;
    /* the first violation about the new row, else the first new one of the person */
    const deploy_violation *pick = NULL;
    for (int i = 0; i < n1 && !pick; i++)
        if (v1[i].person == p && (v1[i].shift == s || v1[i].other == s)) pick = &v1[i];
    for (int i = 0; i < n1 && !pick; i++)
        if (v1[i].person == p || (v1[i].rule == DEPLOY_RULE_FULL && v1[i].shift == s)) pick = &v1[i];
    why->rule = pick ? pick->rule : DEPLOY_RULE_FULL;
    if (pick) {
        int other = pick->other >= 0 && pick->other != s ? pick->other : (pick->shift != s ? pick->shift : -1);
        if (other >= 0 && other < L->pb.nshifts) {
            why->other_shift = L->shifts[other].id;
            why->other_starts_at = L->shifts[other].starts_at;
        } else if (pick->rule == DEPLOY_RULE_SAME_DAY || pick->rule == DEPLOY_RULE_REST)
            busy_conflict(L, p, s, pick->rule, why);
    }
    return 1;
}

/* The rows (shift, person) of a list of rostered rows that are in the problem. */
static deploy_assignment *rows_of(arena *ar, const loaded *L, const deploy_rostered *r, int n, int *out_n)
{
    deploy_assignment *a = arena_alloc(ar, (size_t)(n + 1) * sizeof *a);
    *out_n = 0;
    if (!a) return NULL;
    for (int i = 0; i < n; i++) {
        int s = shift_index(L, r[i].shift_id), p = person_index(L, r[i].person_id);
        if (s >= 0 && p >= 0) a[(*out_n)++] = (deploy_assignment){s, p};
    }
    return a;
}

/* ---- Notifications ---- */

/* Queues one mail to the person listing the shifts added and dropped. */
static int notify_person(db_conn *c, arena *ar, int64_t person_id, const deploy_posted *const *added, int nadded,
                         const deploy_posted *const *dropped, int ndropped, int64_t now)
{
    db_stmt *s;
    int rc = db_prepare(c,
                        "SELECT p.email, coalesce((SELECT u.lang FROM users u WHERE u.person_id = p.id "
                        "AND u.disabled_at IS NULL LIMIT 1), 'nl') FROM people p WHERE p.id = ?",
                        DB_ARGS(db_int(person_id)), &s);
    if (rc) return rc;
    const char *to = NULL, *lang = "nl";
    if (db_step(s) == DB_ROW) {
        to = db_col_dup(ar, s, 0);
        lang = db_col_dup(ar, s, 1);
    }
    db_finalize(s);
    if (!to || !*to) return 0; /* nobody to tell: the app shows it */
    buf body;
    buf_init(&body, 256 * 1024);
    for (int pass = 0; pass < 2; pass++) {
        const deploy_posted *const *list = pass ? dropped : added;
        int n = pass ? ndropped : nadded;
        for (int i = 0; i < n; i++) {
            char when[64], end[16];
            time_format_ams(when, sizeof when, list[i]->starts_at, "%Y-%m-%d %H:%M");
            time_format_ams(end, sizeof end, list[i]->ends_at, "%H:%M");
            char *at = arena_printf(ar, "%s-%s, %s", when, end, list[i]->location);
            buf_puts(&body, msg_fill_in(ar, lang, pass ? MSG_DEPLOY_MAIL_DROPPED : MSG_DEPLOY_MAIL_ADDED,
                                        list[i]->org_name, at));
            buf_putc(&body, '\n');
        }
    }
    buf_putc(&body, '\n');
    buf_puts(&body, msg_in(lang, MSG_DEPLOY_MAIL_FOOTER));
    buf_putc(&body, '\n');
    rc = intake_outbox_queue(c, to, msg_in(lang, MSG_DEPLOY_MAIL_SUBJECT), buf_cstr(&body), "roster_changed",
                             "person", person_id, now);
    buf_free(&body);
    return rc;
}

/* ---- Proposals ---- */

/* Reads the scope's problem in a read transaction; DB_ENOTFOUND without shifts. */
/* A fingerprint of a published roster: the same set of assignments gives the
 * same value in any order; a claim, cancellation or publication changes it. */
static int64_t roster_basis(const deploy_rostered *r, int n)
{
    uint64_t h = (uint64_t)n;
    for (int i = 0; i < n; i++) {
        uint64_t z = (uint64_t)r[i].assignment_id + 0x9e3779b97f4a7c15u; /* splitmix64 */
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
        h += z ^ (z >> 31);
    }
    return (int64_t)(h >> 1);
}

static int read_problem(db_conn *c, arena *a, int64_t org_id, int64_t from_day, int64_t to_day, loaded *L)
{
    int rc = db_begin(c, false);
    if (rc) return rc;
    rc = load_problem(c, a, org_id, from_day, to_day, L);
    deploy_rostered *pub;
    int npub;
    if (!rc) rc = deploy_org_roster(c, a, org_id, from_day, to_day, &pub, &npub);
    if (!rc) L->basis = roster_basis(pub, npub);
    db_rollback(c);
    if (!rc && L->pb.nshifts == 0) rc = DB_ENOTFOUND;
    return rc;
}

/* Stores a draft plan of result for the scope in one write transaction,
 * with an audit entry for req (when given). */
static int store_plan(db_conn *c, http_request *req, const loaded *L, int64_t org_id, int64_t from_day,
                      int64_t to_day, const char *kind, const char *cause, int64_t user_id, int64_t now,
                      const deploy_plan_result *res, int64_t *plan_id)
{
    char from[11], to[11];
    deploy_format_day(from_day, from);
    deploy_format_day(to_day, to);
    int rc = db_begin(c, true);
    if (rc) return rc;
    rc = db_insert(c,
                   "INSERT INTO deploy_plans(org_id, from_date, to_date, kind, status, needed, filled, objective, "
                   "changes, seconds, cause, basis, created_by, created_at) VALUES (?, ?, ?, ?, 'draft', ?, ?, ?, ?, "
                   "?, ?, ?, ?, ?) RETURNING id",
                   DB_ARGS(db_id_or_null(org_id), db_text(from), db_text(to), db_text(kind), db_int(res->needed),
                           db_int(res->filled), db_int(res->objective), db_int(res->changes), db_real(res->seconds),
                           db_text(cause), db_int(L->basis), db_id_or_null(user_id), db_int(now)),
                   plan_id);
    for (int i = 0; i < res->nassigned && !rc; i++) {
        const deploy_assignment *x = &res->assigned[i];
        rc = db_exec(c,
                     "INSERT INTO deploy_assignments(shift_id, person_id, plan_id, status, source, created_by, "
                     "created_at) VALUES (?, ?, ?, 'proposed', ?, ?, ?)",
                     DB_ARGS(db_int(L->shifts[x->shift].id), db_int(L->people[x->person].id), db_int(*plan_id),
                             db_text(str_eq(kind, "repair") ? "repair" : "engine"), db_id_or_null(user_id),
                             db_int(now)));
    }
    if (!rc && req) {
        char detail[96];
        snprintf(detail, sizeof detail, "%s %s..%s: %d of %d places", kind, from, to, res->filled, res->needed);
        rc = audit_request(req, "create", "plan", *plan_id, org_id, "ok", detail);
    }
    rc = db_finish(c, rc);
    if (rc) *plan_id = 0;
    return rc;
}

/* Reads, solves (outside any transaction) and stores one plan. */
static int propose(db_conn *c, arena *a, http_request *req, int64_t org_id, int64_t from_day, int64_t to_day,
                   const char *kind, const char *cause, int64_t user_id, int64_t now, double seconds, uint64_t seed,
                   bool dry_run, FILE *progress, int64_t *plan_id, deploy_plan_result *res, char *err, size_t errlen)
{
    *plan_id = 0;
    memset(res, 0, sizeof *res);
    loaded L;
    int rc = read_problem(c, a, org_id, from_day, to_day, &L);
    if (rc) return rc;
    if (progress)
        fprintf(progress, "planning %d shifts for %d people (%d already published), %.0f s...\n", L.pb.nshifts,
                L.pb.npeople, L.npublished, seconds);
    deploy_plan_options o;
    deploy_plan_options_init(&o);
    o.time_limit = seconds;
    o.seed = seed;
    /* a repair counts its changes also when nothing else is published (the
     * cancelled place was the scope's only one): repair mode with none */
    static const deploy_assignment none[1];
    if (L.npublished || str_eq(kind, "repair")) {
        o.published = L.npublished ? L.published : none;
        o.npublished = L.npublished;
    }
    if (deploy_plan_solve(&L.pb, &o, res, err, errlen) != 0) return API_EINVALID;
    if (progress)
        fprintf(progress, "filled %d of %d places (%.1f %%) in %.2f s\n", res->filled, res->needed,
                res->needed ? 100.0 * res->filled / res->needed : 100.0, res->seconds);
    if (dry_run) return 0;
    return store_plan(c, req, &L, org_id, from_day, to_day, kind, cause, user_id, now, res, plan_id);
}

int deploy_plan_run(db_conn *c, arena *a, int64_t org_id, int64_t from_day, int64_t to_day, int64_t user_id,
                    int64_t now, double seconds, uint64_t seed, bool dry_run, FILE *progress, int64_t *plan_id,
                    deploy_plan_result *result, char *err, size_t errlen)
{
    return propose(c, a, NULL, org_id, from_day, to_day, "proposal", NULL, user_id, now, seconds, seed, dry_run,
                   progress, plan_id, result, err, errlen);
}

int deploy_plan_create(http_request *req, int64_t org_id, const char *from, const char *to, int64_t *plan_id,
                       api_errors *e)
{
    int64_t f = 0, t = 0;
    from = str_trim(req->arena, from);
    to = str_trim(req->arena, to);
    if (deploy_parse_day(from, &f)) api_errors_add(e, "from", MSG_DEPLOY_E_DATE_INVALID);
    if (deploy_parse_day(to, &t)) api_errors_add(e, "to", MSG_DEPLOY_E_DATE_INVALID);
    else if (!e->n && (t < f || t - f + 1 > DEPLOY_PLAN_MAX_DAYS)) api_errors_add(e, "to", MSG_DEPLOY_E_PERIOD_LONG);
    if (e->n) return API_EINVALID;
    db_conn *c = http_db(req);
    if (org_id) {
        int64_t one;
        int q = db_query_int(c, "SELECT 1 FROM orgs WHERE id = ? AND kind = 'care'", DB_ARGS(db_int(org_id)), &one);
        if (q == DB_ENOTFOUND) {
            api_errors_add(e, "org_id", MSG_DEPLOY_E_ORG_NOT_CARE);
            return API_EINVALID;
        }
        if (q) return q;
    }
    deploy_plan_result res;
    char err[256];
    int rc = propose(c, req->arena, req, org_id, f, t, "proposal", NULL, auth_user_id(req), time_now(),
                     DEPLOY_PLAN_SECONDS, DEPLOY_SEED, false, NULL, plan_id, &res, err, sizeof err);
    deploy_plan_result_free(&res);
    if (rc == DB_ENOTFOUND) {
        api_errors_add(e, "from", MSG_DEPLOY_E_NO_SHIFTS);
        return API_EINVALID;
    }
    if (rc == API_EINVALID) api_errors_add(e, "org_id", MSG_DEPLOY_E_ENGINE);
    return rc;
}

/* ---- Plans ---- */

#define PLAN_COLS                                                                                                   \
    "SELECT pl.id, coalesce(pl.org_id, 0), o.name, pl.from_date, pl.to_date, pl.kind, pl.status, pl.needed, "        \
    "pl.filled, coalesce(pl.objective, 0), coalesce(pl.changes, 0), coalesce(pl.seconds, 0), pl.cause, "            \
    "coalesce(u.name, ''), pl.created_at, coalesce(pl.published_at, 0), pl.basis FROM deploy_plans pl "                      \
    "LEFT JOIN orgs o ON o.id = pl.org_id LEFT JOIN users u ON u.id = pl.created_by "

static void plan_row(db_stmt *s, arena *a, void *el)
{
    deploy_plan_row *o = el;
    o->id = db_col_int(s, 0);
    o->org_id = db_col_int(s, 1);
    o->org_name = db_col_dup(a, s, 2);
    o->from_date = db_col_dup(a, s, 3);
    o->to_date = db_col_dup(a, s, 4);
    o->kind = db_col_dup(a, s, 5);
    o->status = db_col_dup(a, s, 6);
    o->needed = (int)db_col_int(s, 7);
    o->filled = (int)db_col_int(s, 8);
    o->objective = db_col_int(s, 9);
    o->changes = (int)db_col_int(s, 10);
    o->seconds = db_col_real(s, 11);
    o->cause = db_col_dup(a, s, 12);
    o->created_by = db_col_dup(a, s, 13);
    o->created_at = db_col_int(s, 14);
    o->published_at = db_col_int(s, 15);
    o->basis = db_col_int(s, 16);
}

int deploy_plan_list(db_conn *c, arena *a, int64_t org_id, deploy_plan_row **out, int *n)
{
    if (org_id)
        return db_rows(c, a, PLAN_COLS "WHERE pl.org_id = ? ORDER BY pl.id DESC LIMIT 100", DB_ARGS(db_int(org_id)),
                       sizeof **out, plan_row, (void **)out, n);
    return db_rows(c, a, PLAN_COLS "ORDER BY pl.id DESC LIMIT 100", DB_NOARGS, sizeof **out, plan_row, (void **)out,
                   n);
}

int deploy_plan_load(db_conn *c, arena *a, int64_t id, deploy_plan_row *out)
{
    deploy_plan_row *l;
    int n;
    int rc = db_rows(c, a, PLAN_COLS "WHERE pl.id = ?", DB_ARGS(db_int(id)), sizeof *l, plan_row, (void **)&l, &n);
    if (rc) return rc;
    if (n == 0) return DB_ENOTFOUND;
    *out = l[0];
    return 0;
}

static void plan_days(const deploy_plan_row *p, int64_t *from, int64_t *to)
{
    *from = 0;
    *to = 0;
    deploy_parse_day(p->from_date, from);
    deploy_parse_day(p->to_date, to);
}

/* The plan, its scope's problem and its rows (the draft's, or the published roster). */
static int plan_context(db_conn *c, arena *a, int64_t id, deploy_plan_row *plan, loaded *L, deploy_rostered **rows,
                        int *nrows)
{
    int rc = deploy_plan_load(c, a, id, plan);
    int64_t from, to;
    if (!rc) {
        plan_days(plan, &from, &to);
        rc = load_problem(c, a, plan->org_id, from, to, L);
    }
    if (!rc && str_eq(plan->status, "draft")) rc = deploy_plan_rows(c, a, id, rows, nrows);
    else if (!rc) rc = deploy_org_roster(c, a, plan->org_id, from, to, rows, nrows);
    return rc;
}

int deploy_plan_view_load(db_conn *c, arena *a, int64_t id, deploy_plan_view *out)
{
    memset(out, 0, sizeof *out);
    loaded L;
    int rc = plan_context(c, a, id, &out->plan, &L, &out->assigned, &out->nassigned);
    if (rc) return rc;
    out->nshifts = L.pb.nshifts;
    int n;
    deploy_assignment *rows = rows_of(a, &L, out->assigned, out->nassigned, &n);
    int *on = arena_alloc(a, (size_t)(L.pb.nshifts + 1) * sizeof *on);
    int *minutes = arena_alloc(a, (size_t)(L.pb.npeople + 1) * sizeof *minutes);
    int *count = arena_alloc(a, (size_t)(L.pb.npeople + 1) * sizeof *count);
    out->unfilled = arena_alloc(a, (size_t)(L.pb.nshifts + 1) * sizeof *out->unfilled);
    out->people = arena_alloc(a, (size_t)(L.pb.npeople + 1) * sizeof *out->people);
    if (!rows || !on || !minutes || !count || !out->unfilled || !out->people) return DB_ENOMEM;
    memset(on, 0, (size_t)(L.pb.nshifts + 1) * sizeof *on);
    memset(minutes, 0, (size_t)(L.pb.npeople + 1) * sizeof *minutes);
    memset(count, 0, (size_t)(L.pb.npeople + 1) * sizeof *count);
    for (int i = 0; i < n; i++) {
        on[rows[i].shift]++;
        minutes[rows[i].person] += (int)((L.shifts[rows[i].shift].ends_at - L.shifts[rows[i].shift].starts_at) / 60);
        count[rows[i].person]++;
    }
    /* unfilled places in time order, each with the rule that keeps most runners off */
    int *order = arena_alloc(a, (size_t)(L.pb.nshifts + 1) * sizeof *order);
    if (!order) return DB_ENOMEM;
    int norder = 0;
    for (int s = 0; s < L.pb.nshifts; s++)
        if (on[s] < L.shifts[s].headcount) order[norder++] = s;
    for (int i = 1; i < norder; i++) { /* by start: the problem is sorted by id */
        int x = order[i], j = i - 1;
        while (j >= 0 && L.shifts[order[j]].starts_at > L.shifts[x].starts_at) {
            order[j + 1] = order[j];
            j--;
        }
        order[j + 1] = x;
    }
    for (int i = 0; i < norder; i++) {
        int s = order[i];
        deploy_unfilled *u = &out->unfilled[out->nunfilled++];
        u->shift = L.posted[s];
        u->open = L.shifts[s].headcount - on[s];
        u->reason = deploy_plan_explain(&L.pb, rows, n, s, u->counts);
    }
    for (int p = 0; p < L.pb.npeople; p++) {
        if (!count[p]) continue;
        deploy_person_hours *h = &out->people[out->npeople++];
        h->person_id = L.people[p].id;
        h->name = L.names[p];
        h->shifts = count[p];
        h->minutes = minutes[p];
        h->max_week_hours = L.people[p].max_week_minutes > 0 ? L.people[p].max_week_minutes / 60 : 0;
    }
    return 0;
}

/* Starts a write on a draft plan; on success the caller owns the transaction. */
static int draft_begin(http_request *req, int64_t plan_id, deploy_plan_row *plan, loaded *L, deploy_rostered **rows,
                       int *nrows, api_errors *e)
{
    db_conn *c = http_db(req);
    int rc = db_begin(c, true);
    if (rc) return rc;
    rc = plan_context(c, req->arena, plan_id, plan, L, rows, nrows);
    if (!rc && !str_eq(plan->status, "draft")) {
        api_errors_add(e, "plan_id", MSG_DEPLOY_E_PLAN_NOT_DRAFT);
        rc = API_EINVALID;
    }
    if (rc) db_rollback(c);
    return rc;
}

int deploy_plan_assign(http_request *req, int64_t plan_id, int64_t shift_id, int64_t person_id, deploy_refusal *why,
                       api_errors *e)
{
    memset(why, 0, sizeof *why);
    deploy_plan_row plan;
    loaded L;
    deploy_rostered *rows;
    int nrows;
    int rc = draft_begin(req, plan_id, &plan, &L, &rows, &nrows, e);
    if (rc) return rc;
    db_conn *c = http_db(req);
    int s = shift_index(&L, shift_id), p = person_index(&L, person_id);
    if (s < 0) api_errors_add(e, "shift_id", MSG_DEPLOY_E_SHIFT_NOT_IN_PLAN);
    if (p < 0) api_errors_add(e, "person_id", MSG_DEPLOY_E_NOT_RUNNER);
    for (int i = 0; i < nrows && s >= 0 && p >= 0; i++)
        if (rows[i].shift_id == shift_id && rows[i].person_id == person_id)
            api_errors_add(e, "person_id", MSG_DEPLOY_E_ALREADY_ON);
    if (e->n) rc = API_EINVALID;
    int n = 0;
    deploy_assignment *a = rc ? NULL : rows_of(req->arena, &L, rows, nrows, &n);
    if (!rc && !a) rc = DB_ENOMEM;
    if (!rc) {
        int broken = judge_addition(req->arena, &L, a, n, s, p, why);
        if (broken < 0) rc = broken;
        else if (broken) {
            api_errors_add(e, "person_id", deploy_rule_msg(why->rule));
            rc = API_EINVALID;
        }
    }
    int64_t now = time_now();
    if (!rc)
        rc = db_exec(c,
                     "INSERT INTO deploy_assignments(shift_id, person_id, plan_id, status, source, created_by, "
                     "created_at) VALUES (?, ?, ?, 'proposed', 'hand', ?, ?)",
                     DB_ARGS(db_int(shift_id), db_int(person_id), db_int(plan_id), db_id_or_null(auth_user_id(req)),
                             db_int(now)));
    if (!rc) rc = db_exec(c, "UPDATE deploy_plans SET filled = filled + 1 WHERE id = ?", DB_ARGS(db_int(plan_id)));
    if (!rc) rc = audit_request(req, "update", "plan", plan_id, plan.org_id, "ok", "person put on a shift by hand");
    return db_finish(c, rc);
}

int deploy_plan_unassign(http_request *req, int64_t plan_id, int64_t assignment_id, api_errors *e)
{
    deploy_plan_row plan;
    loaded L;
    deploy_rostered *rows;
    int nrows;
    int rc = draft_begin(req, plan_id, &plan, &L, &rows, &nrows, e);
    if (rc) return rc;
    db_conn *c = http_db(req);
    rc = db_exec(c, "DELETE FROM deploy_assignments WHERE id = ? AND plan_id = ? AND status = 'proposed'",
                 DB_ARGS(db_int(assignment_id), db_int(plan_id)));
    if (!rc && db_changes(c) == 0) {
        api_errors_add(e, "assignment_id", MSG_DEPLOY_E_ASSIGNMENT_UNKNOWN);
        rc = API_EINVALID;
    }
    if (!rc) rc = db_exec(c, "UPDATE deploy_plans SET filled = filled - 1 WHERE id = ?", DB_ARGS(db_int(plan_id)));
    if (!rc) rc = audit_request(req, "update", "plan", plan_id, plan.org_id, "ok", "person taken off a shift by hand");
    return db_finish(c, rc);
}

/* A person's added and dropped shifts, for one mail. */
typedef struct change_list {
    int64_t person_id;
    const deploy_posted **added, **dropped;
    int nadded, ndropped, capa, capd;
} change_list;

static change_list *changes_of(arena *a, change_list **list, int *n, int *cap, int64_t person_id)
{
    for (int i = 0; i < *n; i++)
        if ((*list)[i].person_id == person_id) return &(*list)[i];
    change_list *g = arena_grow(a, *list, *n, cap, sizeof *g);
    if (!g) return NULL;
    *list = g;
    memset(&g[*n], 0, sizeof g[*n]);
    g[*n].person_id = person_id;
    return &g[(*n)++];
}

static int change_add(arena *a, const deploy_posted ***arr, int *n, int *cap, const deploy_posted *s)
{
    const deploy_posted **g = arena_grow(a, *arr, *n, cap, sizeof *g);
    if (!g) return DB_ENOMEM;
    *arr = g;
    g[(*n)++] = s;
    return 0;
}

/* Links the person to the organisation as placed there (POLICY_PERSON). */
static int link_placed(db_conn *c, int64_t person_id, int64_t org_id, int64_t now)
{
    return db_exec(c,
                   "INSERT OR IGNORE INTO person_orgs(person_id, org_id, relation, since) VALUES (?, ?, 'placed', ?)",
                   DB_ARGS(db_int(person_id), db_int(org_id), db_int(now)));
}

int deploy_plan_publish(http_request *req, int64_t plan_id, int *added, int *dropped, api_errors *e)
{
    *added = *dropped = 0;
    deploy_plan_row plan;
    loaded L;
    deploy_rostered *rows;
    int nrows;
    int rc = draft_begin(req, plan_id, &plan, &L, &rows, &nrows, e);
    if (rc) return rc;
    db_conn *c = http_db(req);
    arena *a = req->arena;
    int64_t from, to, now = time_now(), user = auth_user_id(req);
    plan_days(&plan, &from, &to);
    deploy_rostered *pub;
    int npub;
    rc = deploy_org_roster(c, a, plan.org_id, from, to, &pub, &npub);
    /* the published roster changed after the draft was made: publishing it would undo that */
    if (!rc && roster_basis(pub, npub) != plan.basis) {
        api_errors_add(e, "plan_id", MSG_DEPLOY_E_PLAN_STALE);
        rc = API_EINVALID;
    }
    change_list *people = NULL;
    int npeople = 0, cap = 0;
    for (int i = 0; i < npub && !rc; i++) { /* published rows the draft dropped */
        bool kept = false;
        for (int k = 0; k < nrows && !kept; k++)
            kept = rows[k].shift_id == pub[i].shift_id && rows[k].person_id == pub[i].person_id;
        if (kept) continue;
        rc = db_exec(c,
                     "UPDATE deploy_assignments SET status = 'cancelled', cancelled_by = ?, cancelled_at = ?, "
                     "cancel_reason = 'plan' WHERE id = ?",
                     DB_ARGS(db_id_or_null(user), db_int(now), db_int(pub[i].assignment_id)));
        int s = shift_index(&L, pub[i].shift_id);
        change_list *cl = changes_of(a, &people, &npeople, &cap, pub[i].person_id);
        if (!cl) rc = DB_ENOMEM;
        if (!rc && s >= 0) rc = change_add(a, &cl->dropped, &cl->ndropped, &cl->capd, &L.posted[s]);
        (*dropped)++;
    }
    for (int k = 0; k < nrows && !rc; k++) { /* draft rows: new ones become published */
        bool was = false;
        for (int i = 0; i < npub && !was; i++)
            was = rows[k].shift_id == pub[i].shift_id && rows[k].person_id == pub[i].person_id;
        if (was) {
            rc = db_exec(c, "DELETE FROM deploy_assignments WHERE id = ?", DB_ARGS(db_int(rows[k].assignment_id)));
            continue;
        }
        rc = db_exec(c,
                     "UPDATE deploy_assignments SET status = 'published', plan_id = NULL, created_at = ? WHERE id = ?",
                     DB_ARGS(db_int(now), db_int(rows[k].assignment_id)));
        if (!rc) rc = link_placed(c, rows[k].person_id, rows[k].org_id, now);
        int s = shift_index(&L, rows[k].shift_id);
        change_list *cl = rc ? NULL : changes_of(a, &people, &npeople, &cap, rows[k].person_id);
        if (!rc && !cl) rc = DB_ENOMEM;
        if (!rc && s >= 0) rc = change_add(a, &cl->added, &cl->nadded, &cl->capa, &L.posted[s]);
        (*added)++;
    }
    for (int s = 0; s < L.pb.nshifts && !rc; s++)
        if (!L.posted[s].published_at)
            rc = db_exec(c, "UPDATE deploy_shifts SET published_at = ? WHERE id = ?",
                         DB_ARGS(db_int(now), db_int(L.shifts[s].id)));
    if (!rc)
        rc = db_exec(c,
                     "UPDATE deploy_plans SET status = 'published', filled = ?, published_by = ?, published_at = ? "
                     "WHERE id = ?",
                     DB_ARGS(db_int(nrows), db_id_or_null(user), db_int(now), db_int(plan_id)));
    for (int i = 0; i < npeople && !rc; i++)
        rc = notify_person(c, a, people[i].person_id, people[i].added, people[i].nadded, people[i].dropped,
                           people[i].ndropped, now);
    if (!rc) {
        char detail[64];
        snprintf(detail, sizeof detail, "%d added, %d dropped", *added, *dropped);
        rc = audit_request(req, "publish", "plan", plan_id, plan.org_id, "ok", detail);
    }
    rc = db_finish(c, rc);
    if (rc) *added = *dropped = 0;
    return rc;
}

int deploy_plan_discard(http_request *req, int64_t plan_id, api_errors *e)
{
    db_conn *c = http_db(req);
    int rc = db_begin(c, true);
    if (rc) return rc;
    deploy_plan_row plan;
    rc = deploy_plan_load(c, req->arena, plan_id, &plan);
    if (!rc && !str_eq(plan.status, "draft")) {
        api_errors_add(e, "plan_id", MSG_DEPLOY_E_PLAN_NOT_DRAFT);
        rc = API_EINVALID;
    }
    if (!rc) rc = db_exec(c, "DELETE FROM deploy_assignments WHERE plan_id = ?", DB_ARGS(db_int(plan_id)));
    if (!rc) rc = db_exec(c, "UPDATE deploy_plans SET status = 'discarded' WHERE id = ?", DB_ARGS(db_int(plan_id)));
    if (!rc) rc = audit_request(req, "discard", "plan", plan_id, plan.org_id, "ok", NULL);
    return db_finish(c, rc);
}

/* ---- Claims and cancellations ---- */

int deploy_claim(http_request *req, int64_t shift_id, int64_t person_id, int64_t *assignment_id, deploy_refusal *why,
                 api_errors *e)
{
    memset(why, 0, sizeof *why);
    *assignment_id = 0;
    db_conn *c = http_db(req);
    arena *a = req->arena;
    int rc = db_begin(c, true);
    if (rc) return rc;
    deploy_posted shift;
    int64_t now = time_now();
    rc = deploy_shift_load(c, a, shift_id, &shift);
    if (rc == DB_ENOTFOUND) {
        api_errors_add(e, "shift_id", MSG_DEPLOY_E_SHIFT_UNKNOWN);
        rc = API_EINVALID;
    }
    if (!rc && shift.cancelled_at) api_errors_add(e, "shift_id", MSG_DEPLOY_E_SHIFT_CANCELLED);
    else if (!rc && !shift.published_at) api_errors_add(e, "shift_id", MSG_DEPLOY_E_SHIFT_NOT_PUBLISHED);
    else if (!rc && shift.starts_at <= now) api_errors_add(e, "shift_id", MSG_DEPLOY_E_SHIFT_PAST);
    if (!rc && e->n) rc = API_EINVALID;
    /* the problem of the shift's day, with everyone's published roster */
    loaded L;
    int64_t day = deploy_day_of(shift.starts_at);
    if (!rc) rc = load_problem(c, a, 0, day, day, &L);
    int s = rc ? -1 : shift_index(&L, shift_id), p = rc ? -1 : person_index(&L, person_id);
    if (!rc && p < 0) {
        api_errors_add(e, "person_id", MSG_DEPLOY_E_NOT_RUNNER);
        rc = API_EINVALID;
    }
    for (int i = 0; i < L.npublished && !rc; i++)
        if (L.published[i].shift == s && L.published[i].person == p) {
            api_errors_add(e, "shift_id", MSG_DEPLOY_E_ALREADY_ON);
            rc = API_EINVALID;
        }
    if (!rc && s >= 0) {
        int broken = judge_addition(a, &L, L.published, L.npublished, s, p, why);
        if (broken < 0) rc = broken;
        else if (broken) {
            api_errors_add(e, "shift_id", deploy_rule_msg(why->rule));
            rc = API_EINVALID;
        }
    }
    if (!rc)
        rc = db_insert(c,
                       "INSERT INTO deploy_assignments(shift_id, person_id, status, source, created_by, created_at) "
                       "VALUES (?, ?, 'published', 'claim', ?, ?) RETURNING id",
                       DB_ARGS(db_int(shift_id), db_int(person_id), db_id_or_null(auth_user_id(req)), db_int(now)),
                       assignment_id);
    if (!rc) rc = link_placed(c, person_id, shift.org_id, now);
    if (!rc) rc = audit_request(req, "claim", "assignment", *assignment_id, shift.org_id, "ok", NULL);
    rc = db_finish(c, rc);
    if (rc) *assignment_id = 0;
    return rc;
}

typedef struct mail_to {
    const char *email, *lang;
} mail_to;

static void mail_to_row(db_stmt *s, arena *a, void *el)
{
    mail_to *o = el;
    o->email = db_col_dup(a, s, 0);
    o->lang = db_col_dup(a, s, 1);
}

/* Tells the organisation's planners that a repair proposal waits. */
static int notify_planners(db_conn *c, arena *a, const deploy_posted *shift, int64_t plan_id, int64_t now)
{
    mail_to *to;
    int n;
    int rc = db_rows(c, a,
                     "SELECT DISTINCT u.email, u.lang FROM memberships m JOIN users u ON u.id = m.user_id "
                     "WHERE m.org_id = ? AND m.role IN ('recruiter', 'supervisor') AND u.disabled_at IS NULL "
                     "ORDER BY u.email",
                     DB_ARGS(db_int(shift->org_id)), sizeof *to, mail_to_row, (void **)&to, &n);
    char when[64];
    time_format_ams(when, sizeof when, shift->starts_at, "%Y-%m-%d %H:%M");
    for (int i = 0; i < n && !rc; i++) {
        char *body = msg_fill_in(a, to[i].lang, MSG_DEPLOY_MAIL_REPAIR, shift->org_name, when);
        rc = intake_outbox_queue(c, to[i].email, msg_in(to[i].lang, MSG_DEPLOY_MAIL_REPAIR_SUBJECT), body,
                                 "roster_repair", "plan", plan_id, now);
    }
    return rc;
}

/* Trims a cancellation's reason (NULL or empty: none); adds the error when it is too long or has
 * characters that are not allowed. */
static int reason_check(http_request *req, const char **reason, api_errors *e)
{
    *reason = str_trim(req->arena, *reason);
    if (*reason && **reason && api_text_check(*reason, false, 500, true) != API_TEXT_OK) {
        api_errors_add(e, "reason", MSG_DEPLOY_E_REASON_TOO_LONG);
        return -1;
    }
    return 0;
}

int deploy_cancel(http_request *req, int64_t assignment_id, bool by_person, const char *reason, int64_t *repair_plan,
                  api_errors *e)
{
    *repair_plan = 0;
    if (reason_check(req, &reason, e)) return API_EINVALID;
    db_conn *c = http_db(req);
    arena *a = req->arena;
    int rc = db_begin(c, true);
    if (rc) return rc;
    deploy_rostered r;
    deploy_posted shift;
    int64_t now = time_now();
    rc = deploy_assignment_load(c, a, assignment_id, &r);
    if (!rc) rc = deploy_shift_load(c, a, r.shift_id, &shift);
    if (!rc && !str_eq(r.status, "published")) api_errors_add(e, "assignment_id", MSG_DEPLOY_E_NOT_PUBLISHED);
    else if (!rc && r.starts_at <= now) api_errors_add(e, "assignment_id", MSG_DEPLOY_E_SHIFT_PAST);
    else if (!rc && by_person && r.starts_at - now < (int64_t)DEPLOY_CANCEL_HOURS * 3600)
        api_errors_add(e, "assignment_id", MSG_DEPLOY_E_CANCEL_LATE);
    if (!rc && e->n) rc = API_EINVALID;
    if (!rc)
        rc = db_exec(c,
                     "UPDATE deploy_assignments SET status = 'cancelled', cancelled_by = ?, cancelled_at = ?, "
                     "cancel_reason = ? WHERE id = ?",
                     DB_ARGS(db_id_or_null(auth_user_id(req)), db_int(now),
                             db_text(reason && *reason ? reason : (by_person ? "person" : "organisation")),
                             db_int(assignment_id)));
    if (!rc && !by_person) {
        const deploy_posted *dropped = &shift;
        rc = notify_person(c, a, r.person_id, NULL, 0, &dropped, 1, now);
    }
    if (!rc)
        rc = audit_request(req, "cancel", "assignment", assignment_id, r.org_id, "ok",
                           by_person ? "by the person" : "by the organisation");
    rc = db_finish(c, rc);
    if (rc) return rc;
    /* the repair: the organisation's week from the shift's day, changing as little as possible */
    int64_t day = deploy_day_of(r.starts_at);
    char cause[160];
    char when[32];
    time_format_ams(when, sizeof when, r.starts_at, "%Y-%m-%d %H:%M");
    snprintf(cause, sizeof cause, "%s, %s", when, r.location);
    deploy_plan_result res;
    char err[256];
    int q = propose(c, a, req, r.org_id, day, day + REPAIR_DAYS - 1, "repair", cause, auth_user_id(req), now,
                    DEPLOY_REPAIR_SECONDS, DEPLOY_SEED, false, NULL, repair_plan, &res, err, sizeof err);
    deploy_plan_result_free(&res);
    if (q == 0 && *repair_plan) {
        /* the planners hear of it; a failure here leaves the cancellation and the plan in place */
        if (db_begin(c, true) == 0) db_finish(c, notify_planners(c, a, &shift, *repair_plan, now));
    } else
        *repair_plan = 0;
    return 0;
}

int deploy_shift_cancel(http_request *req, int64_t shift_id, const char *reason, api_errors *e)
{
    if (reason_check(req, &reason, e)) return API_EINVALID;
    db_conn *c = http_db(req);
    arena *a = req->arena;
    int rc = db_begin(c, true);
    if (rc) return rc;
    deploy_posted shift;
    int64_t now = time_now(), user = auth_user_id(req);
    rc = deploy_shift_load(c, a, shift_id, &shift);
    if (rc == DB_ENOTFOUND) {
        api_errors_add(e, "shift_id", MSG_DEPLOY_E_SHIFT_UNKNOWN);
        rc = API_EINVALID;
    }
    if (!rc && shift.cancelled_at) {
        api_errors_add(e, "shift_id", MSG_DEPLOY_E_SHIFT_CANCELLED);
        rc = API_EINVALID;
    }
    deploy_rostered *people = NULL;
    int n = 0;
    if (!rc) rc = deploy_shift_people(c, a, shift_id, false, &people, &n);
    if (!rc)
        rc = db_exec(c, "UPDATE deploy_shifts SET cancelled_at = ?, cancelled_by = ?, cancel_reason = ? WHERE id = ?",
                     DB_ARGS(db_int(now), db_id_or_null(user), db_text(reason && *reason ? reason : NULL),
                             db_int(shift_id)));
    if (!rc)
        rc = db_exec(c,
                     "UPDATE deploy_assignments SET status = 'cancelled', cancelled_by = ?, cancelled_at = ?, "
                     "cancel_reason = 'shift cancelled' WHERE shift_id = ? AND status = 'published'",
                     DB_ARGS(db_id_or_null(user), db_int(now), db_int(shift_id)));
    if (!rc) rc = db_exec(c, "DELETE FROM deploy_assignments WHERE shift_id = ? AND status = 'proposed'",
                          DB_ARGS(db_int(shift_id)));
    const deploy_posted *dropped = &shift;
    for (int i = 0; i < n && !rc; i++) rc = notify_person(c, a, people[i].person_id, NULL, 0, &dropped, 1, now);
    if (!rc) rc = audit_request(req, "cancel", "shift", shift_id, shift.org_id, "ok", reason);
    return db_finish(c, rc);
}
