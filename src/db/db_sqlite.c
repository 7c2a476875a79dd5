/* The SQLite driver: WAL, foreign keys, synchronous=FULL, a busy timeout, and
 * a per-connection cache of prepared statements keyed by the SQL text. */
#include <assert.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/str.h"
#include "db/db_driver.h"

#define STMT_CACHE 96

typedef struct sq_stmt {
    db_stmt base;
    sqlite3_stmt *st;
    const char *sql; /* cache key: the statement's SQL text */
    bool cached;
    bool in_use;
} sq_stmt;

typedef struct sq_conn {
    db_conn base;
    sqlite3 *h;
    sq_stmt cache[STMT_CACHE];
    int ncache;
    sqlite3_stmt *dv;  /* PRAGMA data_version */
} sq_conn;

static int sq_error(sq_conn *c, int rc)
{
    str_copy(c->base.errmsg, sizeof c->base.errmsg, sqlite3_errmsg(c->h));
    switch (rc & 0xff) {
    case SQLITE_CONSTRAINT: return DB_ECONSTRAINT;
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return DB_EBUSY;
    case SQLITE_NOMEM: return DB_ENOMEM;
    default: return DB_ERR;
    }
}

static int sq_connect(const char *target, const db_options *opt, db_conn **out, char *err,
                      size_t errn)
{
    sq_conn *c = calloc(1, sizeof *c);
    if (!c) return DB_ENOMEM;
    int flags = opt->readonly ? SQLITE_OPEN_READONLY
                              : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    flags |= SQLITE_OPEN_NOMUTEX; /* a connection is used by one thread at a time */
    int rc = sqlite3_open_v2(target, &c->h, flags, NULL);
    if (rc != SQLITE_OK) {
        snprintf(err, errn, "cannot open %s: %s", target, c->h ? sqlite3_errmsg(c->h) : "no memory");
        sqlite3_close(c->h);
        free(c);
        return DB_ERR;
    }
    sqlite3_extended_result_codes(c->h, 1);
    sqlite3_busy_timeout(c->h, opt->busy_timeout_ms);
    /* mmap_size: pages are read straight from the OS page cache instead of
     * being copied by read(2) into SQLite's own small cache (a scan of 4
     * million outcome events: bench/insight). */
    const char *pragmas = opt->readonly
        ? "PRAGMA foreign_keys=ON; PRAGMA query_only=ON; PRAGMA mmap_size=1073741824;"
        : "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
          " PRAGMA temp_store=MEMORY; PRAGMA mmap_size=1073741824;";
    char *msg = NULL;
    rc = sqlite3_exec(c->h, pragmas, NULL, NULL, &msg);
    if (rc != SQLITE_OK) {
        snprintf(err, errn, "cannot set up %s: %s", target, msg ? msg : sqlite3_errmsg(c->h));
        sqlite3_free(msg);
        sqlite3_close(c->h);
        free(c);
        return DB_ERR;
    }
    *out = &c->base;
    return DB_OK;
}

static void sq_disconnect(db_conn *dc)
{
    sq_conn *c = (sq_conn *)dc;
    for (int i = 0; i < c->ncache; i++) sqlite3_finalize(c->cache[i].st);
    sqlite3_finalize(c->dv);
    sqlite3_close_v2(c->h);
    free(c);
}

static int sq_exec_script(db_conn *dc, const char *sql)
{
    sq_conn *c = (sq_conn *)dc;
    char *msg = NULL;
    int rc = sqlite3_exec(c->h, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK) {
        int code = sq_error(c, rc);
        if (msg) str_copy(c->base.errmsg, sizeof c->base.errmsg, msg);
        sqlite3_free(msg);
        return code;
    }
    return DB_OK;
}

static int sq_bind(sq_conn *c, sqlite3_stmt *st, const db_value *args, int nargs)
{
    if (sqlite3_bind_parameter_count(st) != nargs) {
        snprintf(c->base.errmsg, sizeof c->base.errmsg, "statement has %d parameters, %d given",
                 sqlite3_bind_parameter_count(st), nargs);
        return DB_ERR;
    }
    for (int i = 0; i < nargs; i++) {
        int rc;
        switch (args[i].type) {
        case DB_T_NULL: rc = sqlite3_bind_null(st, i + 1); break;
        case DB_T_INT: rc = sqlite3_bind_int64(st, i + 1, args[i].i); break;
        case DB_T_REAL: rc = sqlite3_bind_double(st, i + 1, args[i].r); break;
        case DB_T_TEXT: rc = sqlite3_bind_text(st, i + 1, args[i].p, -1, SQLITE_STATIC); break;
        case DB_T_BLOB:
            rc = sqlite3_bind_blob64(st, i + 1, args[i].p, args[i].n, SQLITE_STATIC);
            break;
        default: rc = SQLITE_MISUSE;
        }
        if (rc != SQLITE_OK) return sq_error(c, rc);
    }
    return DB_OK;
}

/* A cached statement is reset and kept; any other is finalized. */
static void sq_finalize(db_stmt *ds)
{
    sq_stmt *s = (sq_stmt *)ds;
    if (s->cached) {
        sqlite3_reset(s->st);
        sqlite3_clear_bindings(s->st);
        s->in_use = false;
    } else {
        sqlite3_finalize(s->st);
        free(s);
    }
}

static int sq_prepare(db_conn *dc, const char *sql, const db_value *args, int nargs, db_stmt **out)
{
    sq_conn *c = (sq_conn *)dc;
    sq_stmt *s = NULL;
    for (int i = 0; i < c->ncache; i++) {
        sq_stmt *e = &c->cache[i];
        if (!e->in_use && strcmp(e->sql, sql) == 0) {
            s = e;
            break;
        }
    }
    if (!s) {
        sqlite3_stmt *st;
        int cacheable = c->ncache < STMT_CACHE;
        int rc = sqlite3_prepare_v3(c->h, sql, -1, cacheable ? SQLITE_PREPARE_PERSISTENT : 0, &st,
                                    NULL);
        if (rc != SQLITE_OK) return sq_error(c, rc);
        if (!st) {
            str_copy(c->base.errmsg, sizeof c->base.errmsg, "empty statement");
            return DB_ERR;
        }
        if (cacheable) {
            s = &c->cache[c->ncache++];
            s->cached = true;
            s->sql = sqlite3_sql(st); /* SQLite's copy of the text lives as long as st */
        } else {
            s = calloc(1, sizeof *s);
            if (!s) {
                sqlite3_finalize(st);
                return DB_ENOMEM;
            }
            s->sql = sqlite3_sql(st);
        }
        s->st = st;
    }
    s->base.conn = dc;
    s->in_use = true;
    int rc = sq_bind(c, s->st, args, nargs);
    if (rc) {
        sq_finalize(&s->base);
        return rc;
    }
    *out = &s->base;
    return DB_OK;
}

static int sq_step(db_stmt *ds)
{
    sq_stmt *s = (sq_stmt *)ds;
    int rc = sqlite3_step(s->st);
    if (rc == SQLITE_ROW) return DB_ROW;
    if (rc == SQLITE_DONE) {
        if (!ds->conn->in_tx && !sqlite3_stmt_readonly(s->st)) db_note_write();
        return DB_DONE;
    }
    return sq_error((sq_conn *)ds->conn, rc);
}

static int64_t sq_col_int(db_stmt *ds, int col)
{
    return sqlite3_column_int64(((sq_stmt *)ds)->st, col);
}

static double sq_col_real(db_stmt *ds, int col)
{
    return sqlite3_column_double(((sq_stmt *)ds)->st, col);
}

static const char *sq_col_text(db_stmt *ds, int col)
{
    return (const char *)sqlite3_column_text(((sq_stmt *)ds)->st, col);
}

static const void *sq_col_blob(db_stmt *ds, int col, size_t *n)
{
    sqlite3_stmt *st = ((sq_stmt *)ds)->st;
    const void *p = sqlite3_column_blob(st, col);
    *n = (size_t)sqlite3_column_bytes(st, col);
    return p;
}

static bool sq_col_is_null(db_stmt *ds, int col)
{
    return sqlite3_column_type(((sq_stmt *)ds)->st, col) == SQLITE_NULL;
}

static int sq_col_count(db_stmt *ds)
{
    return sqlite3_column_count(((sq_stmt *)ds)->st);
}

static const char *sq_col_name(db_stmt *ds, int col)
{
    return sqlite3_column_name(((sq_stmt *)ds)->st, col);
}

static int64_t sq_changes(db_conn *dc)
{
    return sqlite3_changes64(((sq_conn *)dc)->h);
}

static int64_t sq_data_version(db_conn *dc)
{
    sq_conn *c = (sq_conn *)dc;
    int64_t v = 0;
    /* Not through the statement cache: PRAGMA statements are cheap to keep apart. */
    if (!c->dv) sqlite3_prepare_v3(c->h, "PRAGMA data_version", -1, SQLITE_PREPARE_PERSISTENT, &c->dv, NULL);
    if (c->dv && sqlite3_step(c->dv) == SQLITE_ROW) v = sqlite3_column_int64(c->dv, 0);
    if (c->dv) sqlite3_reset(c->dv);
    return v;
}

static int sq_backup(db_conn *dc, const char *path, char *err, size_t errn)
{
    sq_conn *c = (sq_conn *)dc;
    char tmp[4096];
    if (snprintf(tmp, sizeof tmp, "%s.partial", path) >= (int)sizeof tmp) {
        snprintf(err, errn, "backup path too long");
        return DB_ERR;
    }
    unlink(tmp);
    sqlite3 *dst;
    int rc = sqlite3_open(tmp, &dst);
    if (rc != SQLITE_OK) {
        snprintf(err, errn, "cannot create %s: %s", tmp, dst ? sqlite3_errmsg(dst) : "no memory");
        sqlite3_close(dst);
        return DB_ERR;
    }
    sqlite3_backup *b = sqlite3_backup_init(dst, "main", c->h, "main");
    if (!b) {
        snprintf(err, errn, "backup failed: %s", sqlite3_errmsg(dst));
        sqlite3_close(dst);
        unlink(tmp);
        return DB_ERR;
    }
    /* One step copies every page under one read transaction: a consistent snapshot. */
    rc = sqlite3_backup_step(b, -1);
    sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE) {
        snprintf(err, errn, "backup failed: %s", sqlite3_errstr(rc));
        sqlite3_close(dst);
        unlink(tmp);
        return DB_ERR;
    }
    rc = sqlite3_exec(dst, "PRAGMA journal_mode=DELETE;", NULL, NULL, NULL);
    sqlite3_close(dst);
    if (rc != SQLITE_OK || rename(tmp, path) != 0) {
        snprintf(err, errn, "cannot move the backup into place at %s", path);
        unlink(tmp);
        return DB_ERR;
    }
    return DB_OK;
}

const db_driver db_sqlite_driver = {
    .name = "sqlite",
    .connect = sq_connect,
    .disconnect = sq_disconnect,
    .exec_script = sq_exec_script,
    .prepare = sq_prepare,
    .step = sq_step,
    .col_int = sq_col_int,
    .col_real = sq_col_real,
    .col_text = sq_col_text,
    .col_blob = sq_col_blob,
    .col_is_null = sq_col_is_null,
    .col_count = sq_col_count,
    .col_name = sq_col_name,
    .finalize = sq_finalize,
    .changes = sq_changes,
    .backup = sq_backup,
    .data_version = sq_data_version,
    .begin_write = "BEGIN IMMEDIATE",
    .begin_read = "BEGIN",
};
