/* db_driver: what a storage backend implements. Only db.c and the drivers
 * include this. A driver's connection and statement structs start with the
 * generic ones below. */
#ifndef INSTROOM_DB_DRIVER_H
#define INSTROOM_DB_DRIVER_H

#include "db/db.h"

struct db_conn {
    db *owner;        /* the pool this connection belongs to */
    bool in_tx;       /* a transaction is open */
    int64_t data_version; /* the backend's change counter as this connection last saw it */
    char errmsg[512]; /* the last error, for logs */
};

struct db_stmt {
    db_conn *conn;
};

typedef struct db_driver {
    const char *name;
    /* Opens one connection to target (the url without its scheme). */
    int (*connect)(const char *target, const db_options *opt, db_conn **out, char *err, size_t errn);
    void (*disconnect)(db_conn *c);
    int (*exec_script)(db_conn *c, const char *sql);
    int (*prepare)(db_conn *c, const char *sql, const db_value *args, int nargs, db_stmt **out);
    int (*step)(db_stmt *s);
    int64_t (*col_int)(db_stmt *s, int col);
    double (*col_real)(db_stmt *s, int col);
    const char *(*col_text)(db_stmt *s, int col);
    const void *(*col_blob)(db_stmt *s, int col, size_t *n);
    bool (*col_is_null)(db_stmt *s, int col);
    int (*col_count)(db_stmt *s);
    const char *(*col_name)(db_stmt *s, int col);
    void (*finalize)(db_stmt *s);
    int64_t (*changes)(db_conn *c);
    int (*backup)(db_conn *c, const char *path, char *err, size_t errn);
    /* A counter that changes when another connection commits (0 if unknown). */
    int64_t (*data_version)(db_conn *c);
    const char *begin_write; /* SQL that starts a write transaction */
    const char *begin_read;
} db_driver;

extern const db_driver db_sqlite_driver;

/* Called by drivers when a statement outside a transaction changed the
 * database (autocommit), so that db_generation moves on. */
void db_note_write(void);

/* A compiled-in migration (generated from src/db/migrations/NNN_name.sql). */
typedef struct db_migration {
    int version;
    const char *name;
    const char *sql;
} db_migration;

extern const db_migration db_migrations[];
extern const int db_migration_count;

#endif
