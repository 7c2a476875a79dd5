#include "db/db.h"

#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/str.h"
#include "base/time.h"
#include "db/db_driver.h"

struct db {
    const db_driver *drv;
    pthread_mutex_t mu;
    pthread_cond_t freed;
    int size;          /* connections in the pool */
    int nfree;         /* how many of them are free */
    db_conn **free;    /* stack of free connections */
    db_conn **all;     /* every connection, for close */
    db_conn *watch;    /* outside the pool: only reads the backend's change counter */
    pthread_mutex_t watch_mu;
    int64_t watch_ms;  /* milliseconds between looks at it (0: every call) */
    _Atomic int64_t watch_next; /* monotonic time of the next look */
    /* Group commit (db_group_write): units wait in a queue; one caller at a
     * time leads, running every queued unit in one transaction. */
    pthread_mutex_t group_mu;
    pthread_cond_t group_done;
    struct group_unit *group_queue, **group_tail;
    bool group_leading;
    uint64_t group_commits, group_units;
};

typedef struct group_unit {
    db_unit_fn fn;
    void *ctx;
    int rc;
    bool done;
    struct group_unit *next;
} group_unit;

static atomic_int fault_step, fault_commit;
static _Atomic uint64_t generation = 1;

void db_note_write(void)
{
    atomic_fetch_add(&generation, 1);
}

uint64_t db_generation(db *d)
{
    /* Commits through this process moved the counter already; the watch
     * connection's change counter moves on any other connection's commit,
     * which covers other processes. Between looks (watch_ms) a reader gets
     * the counter as it stands; while one thread looks, the others do not
     * wait for it unless every call must look. */
    if (d->watch_ms > 0) {
        int64_t now = time_mono_ms();
        if (now < atomic_load_explicit(&d->watch_next, memory_order_relaxed) ||
            pthread_mutex_trylock(&d->watch_mu) != 0)
            return atomic_load(&generation);
        atomic_store_explicit(&d->watch_next, now + d->watch_ms, memory_order_relaxed);
    } else {
        pthread_mutex_lock(&d->watch_mu);
    }
    db_conn *c = d->watch;
    int64_t v = d->drv->data_version(c);
    uint64_t g;
    if (v == 0 || v != c->data_version) {
        c->data_version = v;
        g = atomic_fetch_add(&generation, 1) + 1;
    } else {
        g = atomic_load(&generation);
    }
    pthread_mutex_unlock(&d->watch_mu);
    return g;
}

void db_fault_inject(db_fault_kind kind, int nth)
{
    atomic_store(kind == DB_FAULT_STEP ? &fault_step : &fault_commit, nth);
}

/* True when the armed fault of this kind fires now. */
static bool fault_fires(atomic_int *counter)
{
    int v = atomic_load(counter);
    while (v > 0) {
        if (atomic_compare_exchange_weak(counter, &v, v - 1)) return v == 1;
    }
    return false;
}

int db_open(const char *url, const db_options *opt, db **out, char *err, size_t errn)
{
    db_options o = {.pool_size = 4, .busy_timeout_ms = 10000};
    if (opt) {
        if (opt->pool_size > 0) o.pool_size = opt->pool_size;
        if (opt->busy_timeout_ms > 0) o.busy_timeout_ms = opt->busy_timeout_ms;
        o.readonly = opt->readonly;
        if (opt->watch_ms > 0) o.watch_ms = opt->watch_ms;
    }
    const db_driver *drv = &db_sqlite_driver;
    const char *target = url;
    if (str_starts_with(url, "sqlite:")) {
        target = url + 7;
    } else if (str_starts_with(url, "postgres://") || str_starts_with(url, "postgresql://")) {
        snprintf(err, errn, "PostgreSQL is not built into this instroom yet (url %s)", url);
        return DB_ERR;
    }
    if (!*target) {
        snprintf(err, errn, "empty database path");
        return DB_ERR;
    }
    db *d = calloc(1, sizeof *d);
    if (!d) return DB_ENOMEM;
    d->drv = drv;
    d->all = calloc((size_t)o.pool_size, sizeof *d->all);
    d->free = calloc((size_t)o.pool_size, sizeof *d->free);
    if (!d->all || !d->free) {
        free(d->all);
        free(d->free);
        free(d);
        return DB_ENOMEM;
    }
    pthread_mutex_init(&d->mu, NULL);
    pthread_cond_init(&d->freed, NULL);
    pthread_mutex_init(&d->watch_mu, NULL);
    pthread_mutex_init(&d->group_mu, NULL);
    pthread_cond_init(&d->group_done, NULL);
    d->group_tail = &d->group_queue;
    d->watch_ms = o.watch_ms;
    for (int i = 0; i < o.pool_size; i++) {
        db_conn *c;
        int rc = drv->connect(target, &o, &c, err, errn);
        if (rc) {
            d->size = i;
            db_close(d);
            return rc;
        }
        c->owner = d;
        d->all[i] = c;
        d->free[i] = c;
    }
    d->size = d->nfree = o.pool_size;
    int rc = drv->connect(target, &o, &d->watch, err, errn);
    if (rc) {
        db_close(d);
        return rc;
    }
    d->watch->owner = d;
    *out = d;
    return DB_OK;
}

void db_close(db *d)
{
    if (!d) return;
    for (int i = 0; i < d->size; i++) d->drv->disconnect(d->all[i]);
    if (d->watch) d->drv->disconnect(d->watch);
    pthread_mutex_destroy(&d->watch_mu);
    pthread_mutex_destroy(&d->group_mu);
    pthread_cond_destroy(&d->group_done);
    pthread_mutex_destroy(&d->mu);
    pthread_cond_destroy(&d->freed);
    free(d->all);
    free(d->free);
    free(d);
}

const char *db_backend(const db *d)
{
    return d->drv->name;
}

db_conn *db_acquire(db *d)
{
    pthread_mutex_lock(&d->mu);
    while (d->nfree == 0) pthread_cond_wait(&d->freed, &d->mu);
    db_conn *c = d->free[--d->nfree];
    pthread_mutex_unlock(&d->mu);
    return c;
}

db_conn *db_try_acquire_beside(db_conn *c)
{
    db *d = c->owner;
    pthread_mutex_lock(&d->mu);
    db_conn *o = d->nfree > 0 ? d->free[--d->nfree] : NULL;
    pthread_mutex_unlock(&d->mu);
    return o;
}

void db_release(db_conn *c)
{
    if (!c) return;
    if (c->in_tx) db_rollback(c);
    db *d = c->owner;
    pthread_mutex_lock(&d->mu);
    assert(d->nfree < d->size);
    d->free[d->nfree++] = c;
    pthread_cond_signal(&d->freed);
    pthread_mutex_unlock(&d->mu);
}

int db_begin(db_conn *c, bool write)
{
    assert(!c->in_tx);
    int rc = c->owner->drv->exec_script(c, write ? c->owner->drv->begin_write
                                                 : c->owner->drv->begin_read);
    if (rc == DB_OK) c->in_tx = true;
    return rc;
}

int db_commit(db_conn *c)
{
    assert(c->in_tx);
    if (fault_fires(&fault_commit)) {
        str_copy(c->errmsg, sizeof c->errmsg, "injected commit fault");
        db_rollback(c);
        return DB_ERR;
    }
    int rc = c->owner->drv->exec_script(c, "COMMIT");
    if (rc != DB_OK) {
        db_rollback(c);
        return rc;
    }
    c->in_tx = false;
    db_note_write();
    return DB_OK;
}

void db_rollback(db_conn *c)
{
    if (!c->in_tx) return;
    char saved[sizeof c->errmsg];
    memcpy(saved, c->errmsg, sizeof saved); /* keep the error that caused it */
    c->owner->drv->exec_script(c, "ROLLBACK");
    memcpy(c->errmsg, saved, sizeof saved);
    c->in_tx = false;
}

int db_finish(db_conn *c, int rc)
{
    if (!rc) rc = db_commit(c);
    if (rc) db_rollback(c);
    return rc;
}

bool db_in_transaction(const db_conn *c)
{
    return c->in_tx;
}

int db_prepare(db_conn *c, const char *sql, const db_value *args, int nargs, db_stmt **out)
{
    return c->owner->drv->prepare(c, sql, args, nargs, out);
}

int db_step(db_stmt *s)
{
    if (fault_fires(&fault_step)) {
        str_copy(s->conn->errmsg, sizeof s->conn->errmsg, "injected step fault");
        return DB_ERR;
    }
    return s->conn->owner->drv->step(s);
}

int64_t db_col_int(db_stmt *s, int col)
{
    return s->conn->owner->drv->col_int(s, col);
}

double db_col_real(db_stmt *s, int col)
{
    return s->conn->owner->drv->col_real(s, col);
}

const char *db_col_text(db_stmt *s, int col)
{
    return s->conn->owner->drv->col_text(s, col);
}

const char *db_col_dup(arena *a, db_stmt *s, int col)
{
    const char *t = db_col_text(s, col);
    return t ? arena_strdup(a, t) : NULL;
}

int db_rows(db_conn *c, arena *a, const char *sql, const db_value *args, int nargs, size_t size,
            db_row_fn row, void **list, int *n)
{
    *list = NULL;
    *n = 0;
    db_stmt *s;
    int rc = db_prepare(c, sql, args, nargs, &s);
    if (rc) return rc;
    char *items = NULL;
    int k = 0, cap = 0;
    while ((rc = db_step(s)) == DB_ROW) {
        char *grown = arena_grow(a, items, k, &cap, size);
        if (!grown) {
            rc = DB_ENOMEM;
            break;
        }
        items = grown;
        row(s, a, items + (size_t)k * size);
        k++;
    }
    db_finalize(s);
    if (rc != DB_DONE) return rc < 0 ? rc : DB_ERR;
    *list = items;
    *n = k;
    return 0;
}

const void *db_col_blob(db_stmt *s, int col, size_t *n)
{
    return s->conn->owner->drv->col_blob(s, col, n);
}

bool db_col_is_null(db_stmt *s, int col)
{
    return s->conn->owner->drv->col_is_null(s, col);
}

int db_col_count(db_stmt *s)
{
    return s->conn->owner->drv->col_count(s);
}

const char *db_col_name(db_stmt *s, int col)
{
    return s->conn->owner->drv->col_name(s, col);
}

void db_finalize(db_stmt *s)
{
    if (s) s->conn->owner->drv->finalize(s);
}

int db_exec(db_conn *c, const char *sql, const db_value *args, int nargs)
{
    db_stmt *s;
    int rc = db_prepare(c, sql, args, nargs, &s);
    if (rc) return rc;
    while ((rc = db_step(s)) == DB_ROW) {
    }
    db_finalize(s);
    return rc == DB_DONE ? DB_OK : rc;
}

int db_exec_script(db_conn *c, const char *sql)
{
    return c->owner->drv->exec_script(c, sql);
}

int db_query_int(db_conn *c, const char *sql, const db_value *args, int nargs, int64_t *out)
{
    db_stmt *s;
    int rc = db_prepare(c, sql, args, nargs, &s);
    if (rc) return rc;
    rc = db_step(s);
    if (rc == DB_ROW) {
        *out = db_col_int(s, 0);
        rc = DB_OK;
    } else if (rc == DB_DONE) {
        rc = DB_ENOTFOUND;
    }
    db_finalize(s);
    return rc;
}

int db_insert(db_conn *c, const char *sql, const db_value *args, int nargs, int64_t *id)
{
    db_stmt *s;
    int rc = db_prepare(c, sql, args, nargs, &s);
    if (rc) return rc;
    rc = db_step(s);
    if (rc == DB_ROW) {
        if (id) *id = db_col_int(s, 0);
        while ((rc = db_step(s)) == DB_ROW) {
        }
    } else if (rc == DB_DONE) {
        rc = DB_ERR; /* an INSERT ... RETURNING must return its row */
        str_copy(c->errmsg, sizeof c->errmsg, "insert returned no row");
    }
    db_finalize(s);
    return rc == DB_DONE ? DB_OK : rc;
}

int64_t db_changes(db_conn *c)
{
    return c->owner->drv->changes(c);
}

const char *db_errmsg(db_conn *c)
{
    return c->errmsg;
}

int db_schema_version(db *d)
{
    db_conn *c = db_acquire(d);
    int64_t v = 0;
    if (db_query_int(c, "SELECT coalesce(max(version), 0) FROM schema_migrations", DB_NOARGS, &v))
        v = 0;
    db_release(c);
    return (int)v;
}

int db_migrate(db *d, char *err, size_t errn)
{
    if (errn) err[0] = '\0';
    db_conn *c = db_acquire(d);
    int applied = 0;
    int rc = db_exec_script(c, "CREATE TABLE IF NOT EXISTS schema_migrations ("
                               " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
                               " applied_at INTEGER NOT NULL)");
    for (int i = 0; rc == DB_OK && i < db_migration_count; i++) {
        const db_migration *m = &db_migrations[i];
        rc = db_begin(c, true);
        if (rc) break;
        int64_t have = 0;
        rc = db_query_int(c, "SELECT count(*) FROM schema_migrations WHERE version = ?",
                          DB_ARGS(db_int(m->version)), &have);
        if (rc == DB_OK && have == 0) {
            rc = db_exec_script(c, m->sql);
            if (rc == DB_OK)
                rc = db_exec(c, "INSERT INTO schema_migrations(version, name, applied_at) "
                                "VALUES (?, ?, ?)",
                             DB_ARGS(db_int(m->version), db_text(m->name), db_int(time_now())));
            if (rc == DB_OK) applied++;
        }
        if (rc == DB_OK) rc = db_commit(c);
        if (rc != DB_OK) {
            snprintf(err, errn, "migration %03d_%s failed: %s", m->version, m->name, db_errmsg(c));
            db_rollback(c);
        }
    }
    if (rc != DB_OK && !err[0]) snprintf(err, errn, "migrations: %s", db_errmsg(c));
    db_release(c);
    return rc == DB_OK ? applied : rc;
}

int db_backup(db *d, const char *path, char *err, size_t errn)
{
    db_conn *c = db_acquire(d);
    int rc = d->drv->backup(c, path, err, errn);
    db_release(c);
    return rc;
}

void db_sql_init(db_sql *q)
{
    buf_init(&q->sql, 64 * 1024);
    q->nargs = 0;
}

void db_sql_free(db_sql *q)
{
    buf_free(&q->sql);
    q->nargs = 0;
}

void db_sql_reset(db_sql *q)
{
    buf_reset(&q->sql);
    q->nargs = 0;
}

void db_sql_add(db_sql *q, const char *fragment)
{
    buf_puts(&q->sql, fragment);
}

void db_sql_arg(db_sql *q, const char *fragment, db_value v)
{
    buf_puts(&q->sql, fragment);
    if (q->nargs < DB_SQL_MAX_ARGS) q->args[q->nargs++] = v;
    else q->sql.failed = BUF_ETOOBIG;
}

int db_sql_prepare(db_conn *c, db_sql *q, db_stmt **out)
{
    if (q->sql.failed) return DB_ENOMEM;
    return db_prepare(c, buf_cstr(&q->sql), q->args, q->nargs, out);
}

int db_sql_query_int(db_conn *c, db_sql *q, int64_t *out)
{
    if (q->sql.failed) return DB_ENOMEM;
    return db_query_int(c, buf_cstr(&q->sql), q->args, q->nargs, out);
}

/* Runs the batch on c in one transaction, a savepoint per unit, and sets
 * every unit's rc (the commit's error for all when the commit fails). */
static void group_run(db_conn *c, group_unit *batch)
{
    int rc = db_begin(c, true);
    if (rc) {
        for (group_unit *u = batch; u; u = u->next) u->rc = rc;
        return;
    }
    for (group_unit *u = batch; u; u = u->next) {
        rc = c->owner->drv->exec_script(c, "SAVEPOINT unit");
        if (rc) {
            u->rc = rc;
            continue;
        }
        u->rc = u->fn(c, u->ctx);
        if (u->rc) c->owner->drv->exec_script(c, "ROLLBACK TO unit");
        c->owner->drv->exec_script(c, "RELEASE unit");
    }
    rc = db_commit(c);
    if (rc)
        for (group_unit *u = batch; u; u = u->next)
            if (u->rc == 0) u->rc = rc;
}

int db_group_write(db_conn *c, db_unit_fn fn, void *ctx)
{
    assert(!c->in_tx);
    db *d = c->owner;
    group_unit me = {.fn = fn, .ctx = ctx};
    pthread_mutex_lock(&d->group_mu);
    *d->group_tail = &me;
    d->group_tail = &me.next;
    while (!me.done && d->group_leading) pthread_cond_wait(&d->group_done, &d->group_mu);
    if (!me.done) {
        /* Lead: take everything queued (this unit among it), run it, and go
         * on while more arrived meanwhile; then hand over. */
        d->group_leading = true;
        while (d->group_queue) {
            group_unit *batch = d->group_queue;
            d->group_queue = NULL;
            d->group_tail = &d->group_queue;
            pthread_mutex_unlock(&d->group_mu);
            group_run(c, batch);
            pthread_mutex_lock(&d->group_mu);
            d->group_commits++;
            for (group_unit *u = batch, *next; u; u = next) {
                next = u->next;
                u->done = true;
                d->group_units++;
            }
            pthread_cond_broadcast(&d->group_done);
            if (me.done) break; /* our own result is in: let a waiter lead the rest */
        }
        d->group_leading = false;
        pthread_cond_broadcast(&d->group_done);
    }
    int rc = me.rc;
    pthread_mutex_unlock(&d->group_mu);
    return rc;
}

void db_group_stats(db *d, uint64_t *commits, uint64_t *units)
{
    pthread_mutex_lock(&d->group_mu);
    *commits = d->group_commits;
    *units = d->group_units;
    pthread_mutex_unlock(&d->group_mu);
}
