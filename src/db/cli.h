/* db/cli: what every command that opens the database shares. */
#ifndef INSTROOM_DB_CLI_H
#define INSTROOM_DB_CLI_H

#include "db/db.h"

/* The database named by --db, else $INSTROOM_DB, else "var/instroom.db". */
const char *db_cli_path(const char *opt);
/* Opens path with pool connections and applies migrations; prints the reason
 * and returns -1 on failure. */
int db_cli_open(const char *path, int pool, db **out);
/* The same with every option of db_open. */
int db_cli_open_with(const char *path, const db_options *opt, db **out);

/* The database part of `instroom init`: creates the database at path (and
 * its folder) and applies every migration; prints the schema version. The
 * exit status: 0, or 1 with the reason on stderr. */
int db_cli_init(const char *path);

#endif
