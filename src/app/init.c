/* The init command. It lives in app/ because it sets up more than the
 * database: the database and its migrations (db_cli_init), then the issuer
 * key of the Open Badges next to it (badges_key_init). db must not depend on
 * badges, so neither part calls the other. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "badges/badges.h"
#include "cli_commands.h"
#include "db/cli.h"

static int init_usage(int status)
{
    fprintf(status ? stderr : stdout,
            "usage: instroom init [--db PATH] [--issuer-key PATH]\n"
            "  Creates the database (if needed) and applies every migration, and makes the\n"
            "  Ed25519 key that signs the Open Badges (default: the database path +\n"
            "  '.issuer-key', mode 0600; $INSTROOM_ISSUER_KEY names it too). An existing key\n"
            "  is kept: init never replaces it.\n");
    return status;
}

int cmd_init(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"issuer-key", required_argument, NULL, 'k'},
        {"help", no_argument, NULL, 'h'},
        {0},
    };
    const char *dbp = NULL, *key = getenv("INSTROOM_ISSUER_KEY");
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd': dbp = optarg; break;
        case 'k': key = optarg; break;
        case 'h': return init_usage(0);
        default: return init_usage(2);
        }
    }
    if (optind < argc) {
        fprintf(stderr, "instroom init: unexpected argument '%s'\n", argv[optind]);
        return 2;
    }
    int status = db_cli_init(db_cli_path(dbp));
    if (status) return status;
    char path[4096];
    if (key && *key) snprintf(path, sizeof path, "%s", key);
    else badges_key_path(db_cli_path(dbp), path, sizeof path);
    int made = badges_key_init(path);
    if (made < 0) return 1;
    printf(made ? "issuer key made: %s (keep it secret and in the backup)\n" : "issuer key kept: %s\n", path);
    return 0;
}
