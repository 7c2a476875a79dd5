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

#endif
