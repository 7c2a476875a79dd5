/* The serve command: opens the database, builds the router and runs the
 * server until SIGINT or SIGTERM, then lets in-flight requests finish. */
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "auth/auth.h"
#include "auth/settings.h"
#include "badges/badges.h"
#include "base/log.h"
#include "base/random.h"
#include "base/str.h"
#include "cli_commands.h"
#include "db/cli.h"
#include "guidance/guidance.h"
#include "http/server.h"
#include "intake/admin.h"
#include "intake/intake.h"
#include "intake/outbox.h"
#include "skills/skills.h"

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

static int serve_usage(int status)
{
    fprintf(status ? stderr : stdout,
            "usage: instroom serve [--db PATH] [--listen HOST:PORT] [--web DIR] [--threads N]\n"
            "                      [--session-idle SECONDS] [--session-max SECONDS]\n"
            "                      [--request-timeout SECONDS] [--trust-proxy]\n"
            "                      [--smtp-url smtp://HOST:PORT] [--smtp-from ADDRESS] [--public-url URL]\n"
            "                      [--issuer-key PATH]\n"
            "  Serves the web UI and /api/v1. PORT 0 picks a free port; the first line on\n"
            "  standard output is 'listening on http://HOST:PORT'. Defaults: --listen\n"
            "  127.0.0.1:8080, --web web, --threads 8; a request whose body\n"
            "  has not arrived within --request-timeout (60) seconds gets 408. $INSTROOM_DB names the database too.\n"
            "  With --smtp-url (or $INSTROOM_SMTP_URL) a background thread sends the outbox;\n"
            "  without it mail stays queued. --public-url (or $INSTROOM_PUBLIC_URL) is the\n"
            "  address links in mail start with (default: the listening address); the badge\n"
            "  issuer is its did:web. --issuer-key (or $INSTROOM_ISSUER_KEY) is the key that\n"
            "  signs badges (default: the database path + '.issuer-key', made by init).\n");
    return status;
}

/* Splits "HOST:PORT" ("[::1]:80" for IPv6); 0 or -1. */
static int parse_listen(const char *s, char *host, size_t hostn, int *port)
{
    const char *colon = strrchr(s, ':');
    if (!colon) return -1;
    size_t hl = (size_t)(colon - s);
    if (hl >= hostn) return -1;
    memcpy(host, s, hl);
    host[hl] = '\0';
    if (hl >= 2 && host[0] == '[' && host[hl - 1] == ']') {
        memmove(host, host + 1, hl - 2);
        host[hl - 2] = '\0';
    }
    int64_t p;
    if (str_to_int64(colon + 1, 0, 65535, &p) != 0) return -1;
    *port = (int)p;
    return 0;
}

int cmd_serve(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},      {"listen", required_argument, NULL, 'l'},
        {"web", required_argument, NULL, 'w'},     {"threads", required_argument, NULL, 't'},
        {"session-idle", required_argument, NULL, 's'}, {"trust-proxy", no_argument, NULL, 'p'},
        {"request-timeout", required_argument, NULL, 'r'},
        {"session-max", required_argument, NULL, 'm'},
        {"smtp-url", required_argument, NULL, 'U'},  {"smtp-from", required_argument, NULL, 'F'},
        {"public-url", required_argument, NULL, 'P'},
        {"issuer-key", required_argument, NULL, 'K'},
        {"help", no_argument, NULL, 'h'},          {0},
    };
    const char *dbp = NULL, *listen_at = "127.0.0.1:8080", *web = "web";
    const char *smtp_url = NULL, *smtp_from = NULL, *public_url = getenv("INSTROOM_PUBLIC_URL");
    const char *issuer_key = getenv("INSTROOM_ISSUER_KEY");
    int64_t threads = 8, idle = 0, request_timeout = 60, session_max = 0;
    int trust_proxy = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd': dbp = optarg; break;
        case 'l': listen_at = optarg; break;
        case 'w': web = optarg; break;
        case 't':
            if (str_to_int64(optarg, 1, 256, &threads) != 0) {
                fprintf(stderr, "instroom serve: --threads is a whole number from 1 to 256\n");
                return 2;
            }
            break;
        case 's':
            if (str_to_int64(optarg, 1, 7 * 86400, &idle) != 0) {
                fprintf(stderr, "instroom serve: --session-idle is a number of seconds (1 to 604800)\n");
                return 2;
            }
            break;
        case 'p': trust_proxy = 1; break;
        case 'U': smtp_url = optarg; break;
        case 'F': smtp_from = optarg; break;
        case 'P': public_url = optarg; break;
        case 'K': issuer_key = optarg; break;
        case 'm':
            if (str_to_int64(optarg, 1, 30 * 86400, &session_max) != 0) {
                fprintf(stderr, "instroom serve: --session-max is a number of seconds (1 to 2592000)\n");
                return 2;
            }
            break;
        case 'r':
            if (str_to_int64(optarg, 1, 3600, &request_timeout) != 0) {
                fprintf(stderr, "instroom serve: --request-timeout is a number of seconds (1 to 3600)\n");
                return 2;
            }
            break;
        case 'h': return serve_usage(0);
        default: return serve_usage(2);
        }
    }
    if (optind < argc) {
        fprintf(stderr, "instroom serve: unexpected argument '%s'\n", argv[optind]);
        return 2;
    }
    char host[256];
    int port;
    if (parse_listen(listen_at, host, sizeof host, &port) != 0) {
        fprintf(stderr, "instroom serve: --listen wants HOST:PORT, e.g. 127.0.0.1:8080 (got '%s')\n", listen_at);
        return 2;
    }
    if (random_init() != 0) {
        fprintf(stderr, "instroom serve: cannot initialise libsodium\n");
        return 1;
    }
    if (idle || session_max) {
        auth_settings s = *auth_settings_get();
        if (idle) s.session_idle = idle;
        if (session_max) s.session_max = session_max;
        auth_settings_set(&s);
    }
    db *d;
    /* Caches see commits by other processes (the command line) at most 100 ms
     * late; the server's own commits at once. */
    if (db_cli_open_with(db_cli_path(dbp), &(db_options){.pool_size = (int)threads + 2, .watch_ms = 100}, &d) < 0)
        return 1;
    if (badges_key_load_for(issuer_key, db_cli_path(dbp)) != 0) {
        db_close(d);
        return 1;
    }
    http_router *router = app_router();
    if (!router) {
        db_close(d);
        return 1;
    }
    static char static_dir[4096], dist_dir[4096];
    snprintf(static_dir, sizeof static_dir, "%s/static", web);
    snprintf(dist_dir, sizeof dist_dir, "%s/dist", web);
    if (access(dist_dir, R_OK) != 0)
        log_warn("no %s: the NL Design System styles are missing (run scripts/bootstrap)", dist_dir);
    http_server_config cfg = {
        .host = host,
        .port = port,
        .threads = (unsigned)threads,
        .static_dirs = {static_dir, dist_dir, NULL},
        .router = router,
        .before = auth_before,
        .trust_proxy = trust_proxy,
        .request_timeout_s = (unsigned)request_timeout,
        .db = d,
    };
    /* SIGINT and SIGTERM are blocked before the server's threads start (they
     * inherit the mask), so they reach this thread alone, and only inside
     * sigsuspend: a signal that came before the wait cannot be lost. */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    sigset_t stop_signals, waiting;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, &waiting);
    sigdelset(&waiting, SIGINT);
    sigdelset(&waiting, SIGTERM);
    http_server *srv;
    char err[512];
    if (http_server_start(&cfg, &srv, err, sizeof err) != 0) {
        fprintf(stderr, "instroom serve: %s\n", err);
        router_free(router);
        db_close(d);
        return 1;
    }
    char hostpart[300];
    if (strchr(host, ':')) snprintf(hostpart, sizeof hostpart, "[%s]", host);
    else snprintf(hostpart, sizeof hostpart, "%s", host);
    char base_url[400];
    snprintf(base_url, sizeof base_url, "http://%s:%d", hostpart, http_server_port(srv));
    intake_set_public_url(public_url && *public_url ? public_url : base_url);
    intake_smtp smtp;
    bool sending = intake_smtp_from_env(smtp_url, smtp_from, &smtp);
    if (sending && intake_outbox_start(d, &smtp) != 0) log_warn("outbox: cannot start the sender thread");
    printf("listening on http://%s:%d\n", hostpart, http_server_port(srv));
    fflush(stdout);
    log_info("instroom %s serving %s on http://%s:%d with %lld threads", INSTROOM_VERSION,
             db_cli_path(dbp), hostpart, http_server_port(srv), (long long)threads);
    /* The daily retention job (intake/privacy.c): now, and every 24 hours. */
    if (intake_retention_thread_start(d) != 0) log_warn("retention: the daily job could not start");
    /* The daily coaching reminders (guidance/reminders.c): now, and every 24 hours. */
    if (guidance_reminder_thread_start(d) != 0) log_warn("coaching reminders: the daily job could not start");
    while (!stop_requested) sigsuspend(&waiting);
    log_info("stopping: finishing requests in flight");
    guidance_reminder_thread_stop();
    intake_retention_thread_stop();
    http_server_stop(srv, 10000);
    if (sending) intake_outbox_stop();
    uint64_t commits, units;
    db_group_stats(d, &commits, &units);
    if (units)
        log_info("group commit: %llu units of work in %llu transactions", (unsigned long long)units,
                 (unsigned long long)commits);
    router_free(router);
    db_close(d);
    skills_card_cleanup();
    log_info("stopped");
    return 0;
}
