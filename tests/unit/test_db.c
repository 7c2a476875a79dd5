#include <criterion/criterion.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db/db.h"

/* Criterion's macros split their arguments on commas, so calls with DB_ARGS
 * are evaluated into a variable first. */
#define EXPECT_RC(expect, call)                                            \
    do {                                                                   \
        int rc_ = (call);                                                  \
        cr_assert_eq(rc_, (expect), "%s returned %d", #call, rc_);         \
    } while (0)

static char dir[256];
static char path[300];

static void setup(void)
{
    snprintf(dir, sizeof dir, "/tmp/instroom-test-db-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/t.db", dir);
}

static void teardown(void)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}

static db *open_migrated(int pool)
{
    db *d;
    char err[256];
    db_options o = {.pool_size = pool};
    cr_assert_eq(db_open(path, &o, &d, err, sizeof err), 0, "%s", err);
    cr_assert_geq(db_migrate(d, err, sizeof err), 0, "%s", err);
    return d;
}

TestSuite(db, .init = setup, .fini = teardown);

Test(db, migrations_apply_once)
{
    db *d;
    char err[256];
    cr_assert_eq(db_open(path, NULL, &d, err, sizeof err), 0, "%s", err);
    int n = db_migrate(d, err, sizeof err);
    cr_assert_gt(n, 0, "%s", err);
    cr_assert_eq(db_schema_version(d), n);
    cr_assert_eq(db_migrate(d, err, sizeof err), 0, "a second run applies nothing");
    db_close(d);
    cr_assert_eq(db_open(path, NULL, &d, err, sizeof err), 0);
    cr_assert_eq(db_migrate(d, err, sizeof err), 0, "nor after reopening");
    db_close(d);
}

Test(db, bind_insert_query)
{
    db *d = open_migrated(1);
    db_conn *c = db_acquire(d);
    int64_t id = 0;
    EXPECT_RC(0, db_insert(c, "INSERT INTO orgs(name, kind, region, created_at) VALUES (?,?,?,?) RETURNING id",
                           DB_ARGS(db_text("Opella"), db_text("care"), db_text("Gelderland"), db_int(1)), &id));
    cr_assert_gt(id, 0);
    db_stmt *s;
    EXPECT_RC(0, db_prepare(c, "SELECT name, city, created_at FROM orgs WHERE id = ?", DB_ARGS(db_int(id)), &s));
    cr_assert_eq(db_step(s), DB_ROW);
    cr_assert_str_eq(db_col_text(s, 0), "Opella");
    cr_assert(db_col_is_null(s, 1));
    cr_assert_null(db_col_text(s, 1));
    cr_assert_eq(db_col_int(s, 2), 1);
    cr_assert_str_eq(db_col_name(s, 0), "name");
    cr_assert_eq(db_col_count(s), 3);
    cr_assert_eq(db_step(s), DB_DONE);
    db_finalize(s);
    int64_t v;
    EXPECT_RC(DB_ENOTFOUND, db_query_int(c, "SELECT id FROM orgs WHERE name = ?", DB_ARGS(db_text("nope")), &v));
    EXPECT_RC(DB_ERR, db_exec(c, "SELECT ?", DB_ARGS(db_int(1), db_int(2))));
    cr_assert(strstr(db_errmsg(c), "parameters") != NULL);
    cr_assert_eq(db_exec(c, "SELEKT 1", DB_NOARGS), DB_ERR);
    db_release(c);
    db_close(d);
}

typedef struct {
    int64_t id;
    const char *name;
} org_row;

static void read_org(db_stmt *s, arena *a, void *element)
{
    org_row *o = element;
    o->id = db_col_int(s, 0);
    o->name = db_col_dup(a, s, 1);
}

Test(db, rows_into_an_arena_array)
{
    db *d = open_migrated(1);
    db_conn *c = db_acquire(d);
    for (int i = 0; i < 40; i++) /* more than arena_grow's first 16: the array moves */
        EXPECT_RC(0, db_exec(c, "INSERT INTO orgs(name, kind, region, created_at) VALUES (printf('org-%02d', ?),'care','R',0)",
                             DB_ARGS(db_int(i))));
    arena a;
    arena_init(&a, 0);
    void *list;
    int n;
    EXPECT_RC(0, db_rows(c, &a, "SELECT id, name FROM orgs WHERE name >= ? ORDER BY name", DB_ARGS(db_text("org-05")),
                         sizeof(org_row), read_org, &list, &n));
    org_row *o = list;
    cr_assert_eq(n, 35);
    cr_assert_str_eq(o[0].name, "org-05");
    cr_assert_str_eq(o[34].name, "org-39");
    EXPECT_RC(0, db_rows(c, &a, "SELECT id, name FROM orgs WHERE 0", DB_NOARGS, sizeof(org_row), read_org, &list, &n));
    cr_assert_null(list);
    cr_assert_eq(n, 0);
    /* A failure leaves no list: a bad query, and a step that fails half-way. */
    EXPECT_RC(DB_ERR, db_rows(c, &a, "SELEKT 1", DB_NOARGS, sizeof(org_row), read_org, &list, &n));
    cr_assert_null(list);
    cr_assert_eq(n, 0);
    db_fault_inject(DB_FAULT_STEP, 3);
    EXPECT_RC(DB_ERR, db_rows(c, &a, "SELECT id, name FROM orgs", DB_NOARGS, sizeof(org_row), read_org, &list, &n));
    cr_assert_null(list);
    cr_assert_eq(n, 0);
    arena_free(&a);
    db_release(c);
    db_close(d);
}

Test(db, constraint_errors_are_typed)
{
    db *d = open_migrated(1);
    db_conn *c = db_acquire(d);
    const char *ins = "INSERT INTO orgs(name, kind, region, created_at) VALUES (?,?,?,0) RETURNING id";
    EXPECT_RC(0, db_insert(c, ins, DB_ARGS(db_text("A"), db_text("care"), db_text("R")), NULL));
    EXPECT_RC(DB_ECONSTRAINT, db_insert(c, ins, DB_ARGS(db_text("A"), db_text("care"), db_text("R")), NULL));
    EXPECT_RC(DB_ECONSTRAINT, db_insert(c, ins, DB_ARGS(db_text("B"), db_text("bakery"), db_text("R")), NULL));
    cr_assert_eq(db_exec(c, "INSERT INTO person_orgs VALUES (999, 999, 'placed', 0)", DB_NOARGS), DB_ECONSTRAINT,
                 "foreign keys are on");
    db_release(c);
    db_close(d);
}

Test(db, rollback_and_release_undo_everything)
{
    db *d = open_migrated(1);
    db_conn *c = db_acquire(d);
    cr_assert_eq(db_begin(c, true), 0);
    cr_assert_eq(db_exec(c, "INSERT INTO orgs(name, kind, region, created_at) VALUES ('X','care','R',0)", DB_NOARGS), 0);
    db_rollback(c);
    cr_assert_eq(db_begin(c, true), 0);
    cr_assert_eq(db_exec(c, "INSERT INTO orgs(name, kind, region, created_at) VALUES ('Y','care','R',0)", DB_NOARGS), 0);
    db_release(c); /* releasing with an open transaction rolls it back */
    c = db_acquire(d);
    cr_assert_not(db_in_transaction(c));
    int64_t n;
    cr_assert_eq(db_query_int(c, "SELECT count(*) FROM orgs", DB_NOARGS, &n), 0);
    cr_assert_eq(n, 0);
    db_release(c);
    db_close(d);
}

Test(db, injected_faults)
{
    db *d = open_migrated(1);
    db_conn *c = db_acquire(d);
    db_fault_inject(DB_FAULT_STEP, 3); /* "SELECT 1" takes two steps: row, done */
    cr_assert_eq(db_exec(c, "SELECT 1", DB_NOARGS), 0, "the first step passes");
    cr_assert_eq(db_exec(c, "SELECT 1", DB_NOARGS), DB_ERR, "the second fails");
    cr_assert_eq(db_exec(c, "SELECT 1", DB_NOARGS), 0, "once");
    db_fault_inject(DB_FAULT_COMMIT, 1);
    cr_assert_eq(db_begin(c, true), 0);
    cr_assert_eq(db_exec(c, "INSERT INTO orgs(name, kind, region, created_at) VALUES ('Z','care','R',0)", DB_NOARGS), 0);
    cr_assert_eq(db_commit(c), DB_ERR);
    cr_assert_not(db_in_transaction(c));
    int64_t n;
    cr_assert_eq(db_query_int(c, "SELECT count(*) FROM orgs", DB_NOARGS, &n), 0);
    cr_assert_eq(n, 0, "a failed commit leaves nothing behind");
    db_release(c);
    db_close(d);
}

typedef struct {
    db *d;
    int id;
    int failures;
} writer_arg;

static void *writer(void *p)
{
    writer_arg *w = p;
    for (int i = 0; i < 200; i++) {
        db_conn *c = db_acquire(w->d);
        char name[64];
        snprintf(name, sizeof name, "org-%d-%d", w->id, i);
        int rc = db_begin(c, true);
        if (!rc) rc = db_exec(c, "INSERT INTO orgs(name, kind, region, created_at) VALUES (?,'care','R',0)",
                              DB_ARGS(db_text(name)));
        if (!rc) rc = db_commit(c);
        if (rc) w->failures++;
        db_release(c);
    }
    return NULL;
}

Test(db, concurrent_writers_never_see_busy)
{
    db *a = open_migrated(4);
    db *b;
    char err[256];
    cr_assert_eq(db_open(path, &(db_options){.pool_size = 4}, &b, err, sizeof err), 0);
    pthread_t t[8];
    writer_arg args[8];
    for (int i = 0; i < 8; i++) {
        args[i] = (writer_arg){.d = i % 2 ? a : b, .id = i};
        pthread_create(&t[i], NULL, writer, &args[i]);
    }
    for (int i = 0; i < 8; i++) {
        pthread_join(t[i], NULL);
        cr_assert_eq(args[i].failures, 0);
    }
    db_conn *c = db_acquire(a);
    int64_t n;
    cr_assert_eq(db_query_int(c, "SELECT count(*) FROM orgs", DB_NOARGS, &n), 0);
    cr_assert_eq(n, 1600);
    db_release(c);
    db_close(b);
    db_close(a);
}

Test(db, backup_is_consistent_while_writing)
{
    db *d = open_migrated(4);
    writer_arg w = {.d = d, .id = 1};
    pthread_t t;
    pthread_create(&t, NULL, writer, &w);
    char bpath[400], err[256];
    snprintf(bpath, sizeof bpath, "%s/backup.db", dir);
    cr_assert_eq(db_backup(d, bpath, err, sizeof err), 0, "%s", err);
    pthread_join(t, NULL);
    db *b;
    cr_assert_eq(db_open(bpath, NULL, &b, err, sizeof err), 0);
    db_conn *c = db_acquire(b);
    int64_t ok = 0;
    cr_assert_eq(db_query_int(c, "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check = 'ok'", DB_NOARGS, &ok), 0);
    cr_assert_eq(ok, 1);
    db_release(c);
    cr_assert_eq(db_schema_version(b), db_schema_version(d));
    db_close(b);
    db_close(d);
    cr_assert_neq(db_backup(d = open_migrated(1), "/nonexistent-dir/x.db", err, sizeof err), 0);
    cr_assert(strstr(err, "nonexistent") != NULL, "%s", err);
    db_close(d);
}

Test(db, open_errors_say_why)
{
    db *d;
    char err[256] = "";
    cr_assert_lt(db_open("/nonexistent-dir/x.db", NULL, &d, err, sizeof err), 0);
    cr_assert(strstr(err, "/nonexistent-dir/x.db") != NULL, "%s", err);
    cr_assert_lt(db_open("postgresql://localhost/x", NULL, &d, err, sizeof err), 0);
    cr_assert_lt(db_open("sqlite:", NULL, &d, err, sizeof err), 0);
}

Test(db, generation_moves_on_every_change)
{
    db *a = open_migrated(2);
    db *b;
    char err[256];
    cr_assert_eq(db_open(path, NULL, &b, err, sizeof err), 0);
    db_conn *ca = db_acquire(a);
    uint64_t g0 = db_generation(a);
    cr_assert_eq(db_generation(a), g0, "nothing changed");
    EXPECT_RC(0, db_exec(ca, "SELECT count(*) FROM orgs", DB_NOARGS));
    cr_assert_eq(db_generation(a), g0, "a read changes nothing");
    EXPECT_RC(0, db_exec(ca, "INSERT INTO orgs(name, kind, region, created_at) VALUES ('G1','care','R',0)", DB_NOARGS));
    uint64_t g1 = db_generation(a);
    cr_assert_neq(g1, g0, "an autocommit write in this process");
    cr_assert_eq(db_begin(ca, true), 0);
    EXPECT_RC(0, db_exec(ca, "INSERT INTO orgs(name, kind, region, created_at) VALUES ('G2','care','R',0)", DB_NOARGS));
    cr_assert_eq(db_generation(a), g1, "not before the commit");
    cr_assert_eq(db_commit(ca), 0);
    uint64_t g2 = db_generation(a);
    cr_assert_neq(g2, g1, "a commit in this process");
    /* Another pool stands for another process: its commits are seen through data_version. */
    db_conn *cb = db_acquire(b);
    EXPECT_RC(0, db_exec(cb, "INSERT INTO orgs(name, kind, region, created_at) VALUES ('G3','care','R',0)", DB_NOARGS));
    db_release(cb);
    cr_assert_neq(db_generation(a), g2, "a commit by another connection is seen on this one");
    uint64_t g3 = db_generation(a);
    cr_assert_eq(db_generation(a), g3, "and then it is stable again");
    db_release(ca);
    db_close(b);
    db_close(a);
}

Test(db, generation_sees_other_processes_within_watch_ms)
{
    db *a;
    char err[256];
    cr_assert_eq(db_open(path, &(db_options){.pool_size = 1, .watch_ms = 200}, &a, err, sizeof err), 0, "%s", err);
    cr_assert_geq(db_migrate(a, err, sizeof err), 0, "%s", err);
    db *b;
    cr_assert_eq(db_open(path, NULL, &b, err, sizeof err), 0, "%s", err);
    usleep(250 * 1000);
    uint64_t g0 = db_generation(a); /* a look: the migrations are seen */
    uint64_t g1 = db_generation(a);
    cr_assert_eq(g1, g0, "between looks the counter stands");
    /* Its own commits move it at once, whatever the interval. */
    db_conn *ca = db_acquire(a);
    EXPECT_RC(0, db_exec(ca, "INSERT INTO orgs(name, kind, region, created_at) VALUES ('W1','care','R',0)", DB_NOARGS));
    db_release(ca);
    uint64_t g2 = db_generation(a);
    cr_assert_neq(g2, g1, "a commit in this process is seen at once");
    /* Another process's commit is seen at the next look, at most watch_ms on. */
    db_conn *cb = db_acquire(b);
    EXPECT_RC(0, db_exec(cb, "INSERT INTO orgs(name, kind, region, created_at) VALUES ('W2','care','R',0)", DB_NOARGS));
    db_release(cb);
    usleep(250 * 1000);
    uint64_t g3 = db_generation(a);
    cr_assert_neq(g3, g2, "a commit by another process is seen after watch_ms");
    db_close(b);
    db_close(a);
}

Test(db, sql_builder_binds_and_refuses_overflow)
{
    db *d = open_migrated(1);
    db_conn *c = db_acquire(d);
    EXPECT_RC(0, db_exec(c, "INSERT INTO orgs(name, kind, region, created_at) VALUES ('A','care','Leiden',0), ('B','school','Leiden',0), ('C','care','Rotterdam',0)", DB_NOARGS));
    db_sql q;
    db_sql_init(&q);
    db_sql_add(&q, "SELECT count(*) FROM orgs WHERE 1 = 1");
    db_sql_arg(&q, " AND region = ?", db_text("Leiden"));
    db_sql_arg(&q, " AND kind = ?", db_text("care"));
    int64_t n = 0;
    EXPECT_RC(0, db_sql_query_int(c, &q, &n));
    cr_assert_eq(n, 1);
    db_sql_reset(&q);
    db_sql_add(&q, "SELECT name FROM orgs WHERE region = ?");
    q.args[q.nargs++] = db_text("Leiden'); DROP TABLE orgs; --");
    db_stmt *s;
    EXPECT_RC(0, db_sql_prepare(c, &q, &s));
    cr_assert_eq(db_step(s), DB_DONE, "values are bound, never spliced in");
    db_finalize(s);
    db_sql_reset(&q);
    db_sql_add(&q, "SELECT 1 WHERE 1 = 1");
    for (int i = 0; i < DB_SQL_MAX_ARGS + 1; i++) db_sql_arg(&q, " AND ? = 1", db_int(1));
    EXPECT_RC(DB_ENOMEM, db_sql_prepare(c, &q, &s));
    EXPECT_RC(DB_ENOMEM, db_sql_query_int(c, &q, &n));
    db_sql_free(&q);
    db_release(c);
    db_close(d);
}

/* Group commit: units of many threads share commits; a failing unit is undone alone. */
typedef struct unit_ctx {
    int n;
    bool fail;
} unit_ctx;

static int unit_insert(db_conn *c, void *p)
{
    unit_ctx *u = p;
    char name[32];
    snprintf(name, sizeof name, "U%d", u->n);
    int rc = db_exec(c, "INSERT INTO orgs(name, kind, region, created_at) VALUES (?, 'care', 'R', 0)",
                     DB_ARGS(db_text(name)));
    if (rc) return rc;
    return u->fail ? DB_ECONSTRAINT : 0;
}

typedef struct group_thread {
    db *d;
    int first, count;
    int ok, failed;
} group_thread;

static void *group_worker(void *p)
{
    group_thread *t = p;
    db_conn *c = db_acquire(t->d);
    for (int i = 0; i < t->count; i++) {
        unit_ctx u = {.n = t->first + i, .fail = (t->first + i) % 3 == 0};
        int rc = db_group_write(c, unit_insert, &u);
        if (rc == 0) t->ok++;
        else if (rc == DB_ECONSTRAINT && u.fail) t->failed++;
    }
    db_release(c);
    return NULL;
}

Test(db, group_write_shares_commits_and_undoes_a_failing_unit_alone)
{
    db *d = open_migrated(8);
    enum { THREADS = 8, EACH = 60 };
    pthread_t th[THREADS];
    group_thread t[THREADS];
    for (int i = 0; i < THREADS; i++) {
        t[i] = (group_thread){.d = d, .first = 1000 + i * EACH, .count = EACH};
        pthread_create(&th[i], NULL, group_worker, &t[i]);
    }
    int ok = 0, failed = 0;
    for (int i = 0; i < THREADS; i++) {
        pthread_join(th[i], NULL);
        ok += t[i].ok;
        failed += t[i].failed;
    }
    cr_assert_eq(ok + failed, THREADS * EACH, "every unit got its own answer");
    cr_assert_eq(failed, THREADS * EACH / 3, "every third unit failed");
    db_conn *c = db_acquire(d);
    db_stmt *s;
    EXPECT_RC(0, db_prepare(c, "SELECT count(*) FROM orgs WHERE name LIKE 'U%'", DB_NOARGS, &s));
    cr_assert_eq(db_step(s), DB_ROW);
    cr_assert_eq(db_col_int(s, 0), ok, "exactly the successful units are stored");
    db_finalize(s);
    db_release(c);
    uint64_t commits, units;
    db_group_stats(d, &commits, &units);
    cr_assert_eq(units, (uint64_t)(THREADS * EACH));
    cr_assert_leq(commits, units);
    db_close(d);
}

Test(db, group_write_reports_a_failed_commit_to_its_units)
{
    db *d = open_migrated(1);
    db_conn *c = db_acquire(d);
    unit_ctx u = {.n = 1};
    db_fault_inject(DB_FAULT_COMMIT, 1);
    cr_assert_lt(db_group_write(c, unit_insert, &u), 0, "the commit's error");
    db_stmt *s;
    EXPECT_RC(0, db_prepare(c, "SELECT count(*) FROM orgs WHERE name = 'U1'", DB_NOARGS, &s));
    cr_assert_eq(db_step(s), DB_ROW);
    cr_assert_eq(db_col_int(s, 0), 0, "nothing of the unit is stored");
    db_finalize(s);
    cr_assert(!db_in_transaction(c));
    EXPECT_RC(0, db_group_write(c, unit_insert, &u));
    db_release(c);
    db_close(d);
}
