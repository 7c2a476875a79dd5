/* The commands user (add, passwd, list) and token (create). */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "auth/auth.h"
#include "auth/users.h"
#include "base/random.h"
#include "base/str.h"
#include "base/time.h"
#include "cli_commands.h"
#include "db/cli.h"

/* Reads a password: one line from stdin (--password-stdin or not a terminal),
 * or typed twice without echo. 0, or -1 with a message printed. */
static int read_password(char *out, size_t n, bool from_stdin)
{
    if (from_stdin || !isatty(STDIN_FILENO)) {
        if (!fgets(out, (int)n, stdin)) {
            fprintf(stderr, "instroom: no password on standard input\n");
            return -1;
        }
        out[strcspn(out, "\r\n")] = '\0';
        return 0;
    }
    struct termios old, quiet;
    tcgetattr(STDIN_FILENO, &old);
    quiet = old;
    quiet.c_lflag &= ~(tcflag_t)ECHO;
    char again[1100];
    fprintf(stderr, "password: ");
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    char *a = fgets(out, (int)n, stdin);
    fprintf(stderr, "\nagain: ");
    char *b = fgets(again, sizeof again, stdin);
    tcsetattr(STDIN_FILENO, TCSANOW, &old);
    fprintf(stderr, "\n");
    if (!a || !b) return -1;
    out[strcspn(out, "\r\n")] = '\0';
    again[strcspn(again, "\r\n")] = '\0';
    if (strcmp(out, again) != 0) {
        fprintf(stderr, "instroom: the passwords differ\n");
        return -1;
    }
    return 0;
}

static int user_usage(int status)
{
    fprintf(status ? stderr : stdout,
            "usage: instroom user add --email E --name N [--role ROLE --org ORG]... [--lang nl|en] [--password-stdin]\n"
            "       instroom user passwd --email E [--password-stdin]\n"
            "       instroom user list [--json]\n"
            "  common: --db PATH. ROLE is coordinator, recruiter, supervisor, trainer, jobcoach,\n"
            "  mentor or participant; ORG is an organisation's name (participants have none).\n");
    return status;
}

int cmd_user(int argc, char **argv)
{
    if (argc < 2) return user_usage(2);
    const char *sub = argv[1];
    if (str_eq(sub, "--help") || str_eq(sub, "-h")) return user_usage(0);
    if (!str_eq(sub, "add") && !str_eq(sub, "passwd") && !str_eq(sub, "list")) {
        fprintf(stderr, "instroom user: unknown subcommand '%s'\n", sub);
        return user_usage(2);
    }
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},      {"email", required_argument, NULL, 'e'},
        {"name", required_argument, NULL, 'n'},    {"role", required_argument, NULL, 'r'},
        {"org", required_argument, NULL, 'o'},     {"lang", required_argument, NULL, 'l'},
        {"password-stdin", no_argument, NULL, 'p'}, {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},          {0},
    };
    const char *dbp = NULL, *email = NULL, *name = NULL, *lang = "nl";
    const char *roles[16], *orgs[16];
    int nroles = 0, norgs = 0;
    bool pw_stdin = false, json = false;
    optind = 1;
    int c;
    while ((c = getopt_long(argc - 1, argv + 1, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd': dbp = optarg; break;
        case 'e': email = optarg; break;
        case 'n': name = optarg; break;
        case 'r':
            if (nroles == 16) return user_usage(2);
            roles[nroles++] = optarg;
            break;
        case 'o':
            if (norgs == 16) return user_usage(2);
            orgs[norgs++] = optarg;
            break;
        case 'l': lang = optarg; break;
        case 'p': pw_stdin = true; break;
        case 'j': json = true; break;
        case 'h': return user_usage(0);
        default: return user_usage(2);
        }
    }
    if (optind < argc - 1) {
        fprintf(stderr, "instroom user: unexpected argument '%s'\n", argv[optind + 1]);
        return 2;
    }
    db *d;
    if (db_cli_open(db_cli_path(dbp), 1, &d) < 0) return 1;
    db_conn *conn = db_acquire(d);
    int status = 0;
    if (str_eq(sub, "list")) {
        db_stmt *s;
        int rc = db_prepare(conn, "SELECT u.id, u.email, u.name, u.lang, coalesce(group_concat(m.role || "
                                  "coalesce('@' || o.name, ''), ', '), '') FROM users u "
                                  "LEFT JOIN memberships m ON m.user_id = u.id LEFT JOIN orgs o ON o.id = m.org_id "
                                  "GROUP BY u.id ORDER BY u.email", DB_NOARGS, &s);
        json_t *arr = json_array();
        while (!rc && db_step(s) == DB_ROW) {
            if (json)
                json_array_append_new(arr, json_pack("{s:I,s:s,s:s,s:s,s:s}", "id", (json_int_t)db_col_int(s, 0),
                                                     "email", db_col_text(s, 1), "name", db_col_text(s, 2),
                                                     "lang", db_col_text(s, 3), "roles", db_col_text(s, 4)));
            else
                printf("%-5lld %-36s %-28s %s\n", (long long)db_col_int(s, 0), db_col_text(s, 1),
                       db_col_text(s, 2), db_col_text(s, 4));
        }
        if (!rc) db_finalize(s);
        if (json) {
            char *out = json_dumps(arr, JSON_INDENT(2));
            puts(out);
            free(out);
        }
        json_decref(arr);
        status = rc ? 1 : 0;
        goto done;
    }
    if (!email || !users_email_valid(email)) {
        fprintf(stderr, "instroom user %s: --email needs a valid e-mail address\n", sub);
        status = 2;
        goto done;
    }
    char password[1100];
    if (read_password(password, sizeof password, pw_stdin) != 0) {
        status = 2;
        goto done;
    }
    const char *weak = auth_password_weakness(password);
    if (weak) {
        fprintf(stderr, "instroom user %s: the password needs %s\n", sub, weak);
        status = 2;
        goto done;
    }
    if (str_eq(sub, "passwd")) {
        int rc = users_set_password(conn, email, password);
        if (rc == DB_ENOTFOUND) fprintf(stderr, "instroom user passwd: no user %s\n", email);
        else if (rc) fprintf(stderr, "instroom user passwd: %s\n", db_errmsg(conn));
        else printf("password of %s changed; its sessions have ended\n", email);
        status = rc ? 1 : 0;
        goto done;
    }
    if (!name || !*name) {
        fprintf(stderr, "instroom user add: --name is required\n");
        status = 2;
        goto done;
    }
    if (!str_eq(lang, "nl") && !str_eq(lang, "en")) {
        fprintf(stderr, "instroom user add: --lang is nl or en\n");
        status = 2;
        goto done;
    }
    if (nroles != norgs && !(nroles == 1 && norgs == 0 && str_eq(roles[0], "participant"))) {
        fprintf(stderr, "instroom user add: give one --org for every --role\n");
        status = 2;
        goto done;
    }
    int rc = db_begin(conn, true);
    int64_t uid = 0;
    if (!rc) rc = users_create(conn, email, name, password, lang, 0, &uid);
    if (rc == DB_ECONSTRAINT) {
        fprintf(stderr, "instroom user add: %s exists already\n", email);
        status = 1;
        goto done;
    }
    for (int i = 0; !rc && i < nroles; i++) {
        auth_role r = auth_role_parse(roles[i]);
        if (r == ROLE_COUNT) {
            fprintf(stderr, "instroom user add: unknown role '%s'\n", roles[i]);
            status = 2;
            goto done;
        }
        int64_t org = 0;
        if (i < norgs && db_query_int(conn, "SELECT id FROM orgs WHERE name = ?", DB_ARGS(db_text(orgs[i])), &org)) {
            fprintf(stderr, "instroom user add: no organisation named '%s'\n", orgs[i]);
            status = 2;
            goto done;
        }
        rc = users_add_membership(conn, uid, org, r);
    }
    if (!rc) rc = db_commit(conn);
    if (rc) {
        fprintf(stderr, "instroom user add: %s\n", db_errmsg(conn));
        status = 1;
    } else {
        printf("user %s added (id %lld)\n", email, (long long)uid);
    }
done:
    db_release(conn);
    db_close(d);
    return status;
}

static int token_usage(int status)
{
    fprintf(status ? stderr : stdout,
            "usage: instroom token create --user EMAIL [--scope read|write] [--name NAME] [--days N] [--db PATH]\n"
            "  Prints a new API bearer token once; only its hash is stored.\n");
    return status;
}

int cmd_token(int argc, char **argv)
{
    if (argc < 2 || str_eq(argv[1], "--help") || str_eq(argv[1], "-h")) return token_usage(argc < 2 ? 2 : 0);
    if (!str_eq(argv[1], "create")) {
        fprintf(stderr, "instroom token: unknown subcommand '%s'\n", argv[1]);
        return token_usage(2);
    }
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},   {"user", required_argument, NULL, 'u'},
        {"scope", required_argument, NULL, 's'}, {"name", required_argument, NULL, 'n'},
        {"days", required_argument, NULL, 'y'}, {"help", no_argument, NULL, 'h'},
        {0},
    };
    const char *dbp = NULL, *user = NULL, *scope = "read", *name = "cli";
    int64_t days = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc - 1, argv + 1, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd': dbp = optarg; break;
        case 'u': user = optarg; break;
        case 's': scope = optarg; break;
        case 'n': name = optarg; break;
        case 'y':
            if (str_to_int64(optarg, 1, 3650, &days) != 0) {
                fprintf(stderr, "instroom token create: --days is a whole number from 1 to 3650\n");
                return 2;
            }
            break;
        case 'h': return token_usage(0);
        default: return token_usage(2);
        }
    }
    if (!user) {
        fprintf(stderr, "instroom token create: --user EMAIL is required\n");
        return 2;
    }
    const char *scopes;
    if (str_eq(scope, "read")) scopes = "read";
    else if (str_eq(scope, "write")) scopes = "read write";
    else {
        fprintf(stderr, "instroom token create: --scope is read or write\n");
        return 2;
    }
    db *d;
    if (db_cli_open(db_cli_path(dbp), 1, &d) < 0) return 1;
    db_conn *conn = db_acquire(d);
    int status = 0;
    int64_t uid;
    if (random_init() != 0 || users_find(conn, user, &uid) != 0) {
        fprintf(stderr, "instroom token create: no user %s\n", user);
        status = 1;
    } else {
        arena a;
        arena_init(&a, 0);
        char *t = auth_token_create(conn, &a, uid, name, scopes, days ? time_now() + days * 86400 : 0);
        if (t) puts(t);
        else {
            fprintf(stderr, "instroom token create: %s\n", db_errmsg(conn));
            status = 1;
        }
        arena_free(&a);
    }
    db_release(conn);
    db_close(d);
    return status;
}
