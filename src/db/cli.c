/* The commands migrate and backup, and the database part of init (the
 * command itself is app/init.c: it also makes the issuer key). */
#include "db/cli.h"

#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/str.h"
#include "cli_commands.h"

const char *db_cli_path(const char *opt)
{
    if (opt && *opt) return opt;
    const char *env = getenv("INSTROOM_DB");
    return env && *env ? env : "var/instroom.db";
}

/* Creates the folder that will hold path, if it is missing. */
static void make_parent(const char *path)
{
    char tmp[4096];
    if (str_copy(tmp, sizeof tmp, path) != 0) return;
    char *dir = dirname(tmp);
    if (strcmp(dir, ".") != 0) mkdir(dir, 0750);
}

int db_cli_open(const char *path, int pool, db **out)
{
    return db_cli_open_with(path, &(db_options){.pool_size = pool}, out);
}

int db_cli_open_with(const char *path, const db_options *opt, db **out)
{
    char err[512] = "";
    make_parent(path);
    if (db_open(path, opt, out, err, sizeof err) != 0) {
        fprintf(stderr, "instroom: %s\n", err);
        return -1;
    }
    int n = db_migrate(*out, err, sizeof err);
    if (n < 0) {
        fprintf(stderr, "instroom: %s\n", err);
        db_close(*out);
        return -1;
    }
    return n;
}

static int usage_db(const char *cmd, const char *extra, int status)
{
    fprintf(status ? stderr : stdout, "usage: instroom %s [--db PATH]%s\n", cmd, extra);
    return status;
}

/* Parses --db (and --to for backup); 0, or an exit status. */
static int parse_db_opts(int argc, char **argv, const char **dbp, const char **to, const char *extra)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"to", required_argument, NULL, 't'},
        {"help", no_argument, NULL, 'h'},
        {0},
    };
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd': *dbp = optarg; break;
        case 't':
            if (!to) return usage_db(argv[0], extra, 2);
            *to = optarg;
            break;
        case 'h': usage_db(argv[0], extra, 0); return -1;
        default: return usage_db(argv[0], extra, 2);
        }
    }
    if (optind < argc) {
        fprintf(stderr, "instroom %s: unexpected argument '%s'\n", argv[0], argv[optind]);
        return 2;
    }
    return 0;
}

int db_cli_init(const char *path)
{
    db *d;
    int n = db_cli_open(path, 1, &d);
    if (n < 0) return 1;
    printf("database %s ready: schema version %d (%d migration%s applied)\n", path, db_schema_version(d), n,
           n == 1 ? "" : "s");
    db_close(d);
    return 0;
}

int cmd_migrate(int argc, char **argv)
{
    const char *dbp = NULL;
    int rc = parse_db_opts(argc, argv, &dbp, NULL, "\n  Applies every migration that is not applied yet.");
    if (rc) return rc < 0 ? 0 : rc;
    return db_cli_init(db_cli_path(dbp));
}

int cmd_backup(int argc, char **argv)
{
    const char *dbp = NULL, *to = NULL;
    int rc = parse_db_opts(argc, argv, &dbp, &to, " --to FILE\n  Copies the live database consistently, also while the server runs.");
    if (rc) return rc < 0 ? 0 : rc;
    if (!to) {
        fprintf(stderr, "instroom backup: --to FILE is required\n");
        return 2;
    }
    struct stat st;
    if (stat(db_cli_path(dbp), &st) != 0) {
        fprintf(stderr, "instroom backup: no database at %s\n", db_cli_path(dbp));
        return 1;
    }
    db *d;
    if (db_cli_open(db_cli_path(dbp), 1, &d) < 0) return 1;
    char err[512];
    rc = db_backup(d, to, err, sizeof err);
    db_close(d);
    if (rc) {
        fprintf(stderr, "instroom backup: %s\n", err);
        return 1;
    }
    printf("backup written to %s\n", to);
    return 0;
}
