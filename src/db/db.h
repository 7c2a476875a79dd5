/* db: the backend-neutral database API. Feature code talks to this and never
 * to sqlite3_* or PQ*. SQL uses '?' placeholders; values are always bound.
 * A db is a pool of connections; a thread takes one with db_acquire, uses it
 * for one unit of work and gives it back with db_release. */
#ifndef INSTROOM_DB_DB_H
#define INSTROOM_DB_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/buf.h"

typedef struct db db;
typedef struct db_conn db_conn;
typedef struct db_stmt db_stmt;

/* Results: 0 or a positive step result, or a negative error code. */
enum {
    DB_OK = 0,
    DB_ROW = 1,            /* db_step: a row is ready */
    DB_DONE = 2,           /* db_step: no more rows */
    DB_ERR = -1,           /* any other failure; db_errmsg says what */
    DB_ECONSTRAINT = -2,   /* a UNIQUE, FOREIGN KEY, CHECK or NOT NULL constraint */
    DB_EBUSY = -3,         /* the database stayed locked past the busy timeout */
    DB_ENOTFOUND = -4,     /* db_query_* found no row */
    DB_ENOMEM = -5,
};

typedef enum { DB_T_NULL, DB_T_INT, DB_T_REAL, DB_T_TEXT, DB_T_BLOB } db_type;

/* A value to bind. Text and blobs are borrowed for the statement's life. */
typedef struct db_value {
    db_type type;
    int64_t i;
    double r;
    const void *p;
    size_t n; /* blob length */
} db_value;

#define db_int(x) ((db_value){.type = DB_T_INT, .i = (int64_t)(x)})
#define db_real(x) ((db_value){.type = DB_T_REAL, .r = (double)(x)})
#define db_null() ((db_value){.type = DB_T_NULL})
/* A text value; a NULL pointer binds SQL NULL. */
#define db_text(x) db_text_value(x)
#define db_blob(ptr, len) ((db_value){.type = DB_T_BLOB, .p = (ptr), .n = (len)})
/* An int that binds SQL NULL when it is 0 (for optional foreign keys). */
#define db_id_or_null(x) ((x) ? db_int(x) : db_null())
/* Binds the listed values: db_exec(c, sql, DB_ARGS(db_int(1), db_text(s))). */
#define DB_ARGS(...) ((const db_value[]){__VA_ARGS__}), \
    (int)(sizeof((const db_value[]){__VA_ARGS__}) / sizeof(db_value))
#define DB_NOARGS NULL, 0

static inline db_value db_text_value(const char *s)
{
    db_value v = {.type = s ? DB_T_TEXT : DB_T_NULL, .p = s};
    return v;
}

typedef struct db_options {
    int pool_size;           /* connections in the pool (default 4) */
    int busy_timeout_ms;     /* how long a writer waits for the lock (default 10000) */
    bool readonly;
    int watch_ms;            /* db_generation looks for commits by other processes at most
                                every watch_ms milliseconds (default 0: on every call) */
} db_options;

/* Opens the database named by url: a file path or "sqlite:PATH" (SQLite, WAL,
 * foreign keys, synchronous=FULL). Creates the file. On failure returns a
 * negative code and writes the reason to err. */
int db_open(const char *url, const db_options *opt, db **out, char *err, size_t errn);
/* Closes every connection; no connection may be in use. */
void db_close(db *d);
/* The backend's name: "sqlite" or "postgresql". */
const char *db_backend(const db *d);

/* Takes a connection from the pool, waiting until one is free. Never NULL. */
db_conn *db_acquire(db *d);
/* A second connection of c's pool for work alongside c, or NULL when none
 * is free right now (never waits, so that a caller holding c cannot
 * deadlock a full pool). Give it back with db_release. */
db_conn *db_try_acquire_beside(db_conn *c);
/* Gives a connection back; an open transaction is rolled back first. */
void db_release(db_conn *c);

/* Starts a transaction. A write transaction takes the write lock at once,
 * waiting up to the busy timeout, so that it never fails half-way. */
int db_begin(db_conn *c, bool write);
int db_commit(db_conn *c);
/* Rolls back; harmless when no transaction is open. */
void db_rollback(db_conn *c);
/* Ends a write: commits when rc is 0, otherwise (or when the commit fails)
 * rolls back; returns rc or the commit's error. */
int db_finish(db_conn *c, int rc);

/* Group commit. A unit of work runs inside a write transaction on c and
 * returns 0 (keep its writes) or an error (its writes are undone). */
typedef int (*db_unit_fn)(db_conn *c, void *ctx);
/* Runs fn(ctx) inside a write transaction that may be shared with the units
 * of other threads calling at the same time, each unit in its own savepoint:
 * a failing unit is undone alone. Returns fn's result once the transaction
 * holding the unit has committed, or the commit's error (then nothing of the
 * unit is stored). One commit, and one fsync, serves every unit queued
 * meanwhile, which is what makes many small writes a second cheap. fn may
 * run on another thread with that thread's connection: it must use only the
 * connection it is given and what ctx points to, and must not begin or
 * commit. c (not in a transaction) is the caller's connection. */
int db_group_write(db_conn *c, db_unit_fn fn, void *ctx);
/* How many group transactions were committed and how many units they held. */
void db_group_stats(db *d, uint64_t *commits, uint64_t *units);
/* True while a transaction is open on c. */
bool db_in_transaction(const db_conn *c);

/* Prepares sql and binds args. The statement belongs to c; finalize it. */
int db_prepare(db_conn *c, const char *sql, const db_value *args, int nargs, db_stmt **out);
/* Steps: DB_ROW, DB_DONE or a negative code. */
int db_step(db_stmt *s);
/* Column accessors for the current row (0-based). Text is valid until the next
 * step or finalize; NULL columns give 0 / NULL. */
int64_t db_col_int(db_stmt *s, int col);
double db_col_real(db_stmt *s, int col);
const char *db_col_text(db_stmt *s, int col);
/* The column's text copied into a (NULL for a NULL column or out of memory). */
const char *db_col_dup(arena *a, db_stmt *s, int col);
const void *db_col_blob(db_stmt *s, int col, size_t *n);
bool db_col_is_null(db_stmt *s, int col);
int db_col_count(db_stmt *s);
const char *db_col_name(db_stmt *s, int col);
void db_finalize(db_stmt *s);

/* Fills *element (size bytes, zeroed) from the current row of s; text is
 * copied into a. */
typedef void (*db_row_fn)(db_stmt *s, arena *a, void *element);
/* Reads every row of sql into an array in a, one element of size bytes per
 * row filled by row; *list and *n are the array and its length (NULL and 0
 * when there are no rows or on failure). 0 or a negative code. */
int db_rows(db_conn *c, arena *a, const char *sql, const db_value *args, int nargs, size_t size,
            db_row_fn row, void **list, int *n);

/* Runs a statement that returns no rows; rows it does return are ignored. */
int db_exec(db_conn *c, const char *sql, const db_value *args, int nargs);
/* Runs several ';'-separated statements without parameters (migrations). */
int db_exec_script(db_conn *c, const char *sql);
/* The first column of the first row as an integer; DB_ENOTFOUND if no row. */
int db_query_int(db_conn *c, const char *sql, const db_value *args, int nargs, int64_t *out);
/* Runs an INSERT ... RETURNING id and gives the id. */
int db_insert(db_conn *c, const char *sql, const db_value *args, int nargs, int64_t *id);
/* Rows changed by the last statement on c. */
int64_t db_changes(db_conn *c);
/* The last error on c, for logs (never shown to users). */
const char *db_errmsg(db_conn *c);

/* A statement put together at run time from literal SQL fragments and bound
 * values (filters, sort orders): text is only ever appended from literals the
 * caller chooses; values are always bound. */
#define DB_SQL_MAX_ARGS 80
typedef struct db_sql {
    buf sql;
    db_value args[DB_SQL_MAX_ARGS];
    int nargs;
} db_sql;

/* Starts an empty statement; free it with db_sql_free. */
void db_sql_init(db_sql *q);
void db_sql_free(db_sql *q);
/* Empties it for the next statement. */
void db_sql_reset(db_sql *q);
/* Appends a literal fragment. */
void db_sql_add(db_sql *q, const char *fragment);
/* Appends a fragment with one '?' and binds v to it. */
void db_sql_arg(db_sql *q, const char *fragment, db_value v);
/* Prepares it (DB_ENOMEM when it grew past its limits). */
int db_sql_prepare(db_conn *c, db_sql *q, db_stmt **out);
/* Runs it for one integer, as db_query_int. */
int db_sql_query_int(db_conn *c, db_sql *q, int64_t *out);

/* Applies every compiled-in migration not yet applied, each in its own
 * transaction. Returns the number applied or a negative code. */
int db_migrate(db *d, char *err, size_t errn);
/* The highest applied migration version, or 0. */
int db_schema_version(db *d);
/* Copies the live database to path consistently (SQLite online backup). */
int db_backup(db *d, const char *path, char *err, size_t errn);

/* A number that changes whenever the database may have changed: at once after
 * every commit through this process, and after commits by other processes
 * (seen on a watch connection of its own, at most watch_ms late). Caches keep
 * it with what they cache and drop entries whose number is no longer current.
 * Takes no pool connection; never fails: when the check fails it returns a
 * fresh number, which only costs a cache miss. */
uint64_t db_generation(db *d);

/* Fault injection for tests: the nth next step (or commit) from now fails
 * with DB_ERR, once. 0 switches it off. */
typedef enum { DB_FAULT_STEP, DB_FAULT_COMMIT } db_fault_kind;
void db_fault_inject(db_fault_kind kind, int nth);

#endif
