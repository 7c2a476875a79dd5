/* intake outbox: sends queued mail over SMTP with libcurl, in a background
 * thread of the server or once from `instroom outbox send`; shows the
 * outbox to the coordinator at /outbox and GET /api/v1/outbox. */
#include "intake/outbox.h"

#include <curl/curl.h>
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/policy.h"
#include "base/log.h"
#include "base/str.h"
#include "base/time.h"
#include "cli_commands.h"
#include "db/cli.h"
#include "http/api.h"
#include "http/html.h"
#include "http/page.h"
#include "http/server.h"
#include "http/ui.h"
#include "intake/intake.h"

bool intake_smtp_from_env(const char *url_opt, const char *from_opt, intake_smtp *out)
{
    out->url = url_opt && *url_opt ? url_opt : getenv("INSTROOM_SMTP_URL");
    out->from = from_opt && *from_opt ? from_opt : getenv("INSTROOM_SMTP_FROM");
    if (out->url && !*out->url) out->url = NULL;
    if (!out->from || !*out->from) out->from = "instroom@localhost";
    return out->url != NULL;
}

int64_t intake_outbox_backoff(int attempts)
{
    if (attempts < 1) attempts = 1;
    int64_t s = 60;
    for (int i = 1; i < attempts && s < 6 * 3600; i++) s *= 2;
    return s > 6 * 3600 ? 6 * 3600 : s;
}

typedef struct mail {
    int64_t id;
    char *to;
    char *subject;
    char *body;
    int attempts;
} mail;

typedef struct payload {
    buf text;
    size_t pos;
} payload;

static size_t read_payload(char *ptr, size_t size, size_t nmemb, void *userp)
{
    payload *p = userp;
    size_t room = size * nmemb, left = p->text.len - p->pos;
    size_t n = left < room ? left : room;
    if (n) memcpy(ptr, p->text.data + p->pos, n);
    p->pos += n;
    return n;
}

/* Appends s with every bare LF as CRLF, dropping CR, and dot-stuffing is left to curl. */
static void put_crlf(buf *b, const char *s)
{
    for (; *s; s++) {
        if (*s == '\r') continue;
        if (*s == '\n') buf_puts(b, "\r\n");
        else buf_putc(b, *s);
    }
}

/* An RFC 2047 encoded-word of s (UTF-8, base64), CR and LF dropped. */
static void put_encoded_word(buf *b, const char *s)
{
    static const char tbl[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    buf_puts(b, "=?UTF-8?B?");
    size_t n = strlen(s);
    unsigned char in[3];
    size_t k = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && (s[i] == '\r' || s[i] == '\n')) continue;
        if (i < n) in[k++] = (unsigned char)s[i];
        if (k == 3 || (i == n && k > 0)) {
            unsigned v = (unsigned)in[0] << 16 | (k > 1 ? (unsigned)in[1] << 8 : 0) | (k > 2 ? in[2] : 0);
            buf_putc(b, tbl[(v >> 18) & 63]);
            buf_putc(b, tbl[(v >> 12) & 63]);
            buf_putc(b, k > 1 ? tbl[(v >> 6) & 63] : '=');
            buf_putc(b, k > 2 ? tbl[v & 63] : '=');
            k = 0;
        }
    }
    buf_puts(b, "?=");
}

/* Sends one mail; 0, or -1 with err. */
static int smtp_send(const intake_smtp *smtp, const mail *m, char *err, size_t errn)
{
    CURL *curl = curl_easy_init();
    if (!curl) {
        snprintf(err, errn, "cannot start libcurl");
        return -1;
    }
    payload p = {.pos = 0};
    buf_init(&p.text, 4u * 1024 * 1024);
    char date[64];
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
    buf_printf(&p.text, "Date: %s\r\nTo: <%s>\r\nFrom: <%s>\r\nMessage-ID: <outbox-%lld-%lld@instroom>\r\nSubject: ",
               date, m->to, smtp->from, (long long)m->id, (long long)t);
    put_encoded_word(&p.text, m->subject);
    buf_puts(&p.text, "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
                      "Content-Transfer-Encoding: 8bit\r\n\r\n");
    put_crlf(&p.text, m->body);
    buf_puts(&p.text, "\r\n");
    char from[400], to[400];
    snprintf(from, sizeof from, "<%s>", smtp->from);
    snprintf(to, sizeof to, "<%s>", m->to);
    struct curl_slist *rcpt = curl_slist_append(NULL, to);
    char errbuf[CURL_ERROR_SIZE] = "";
    curl_easy_setopt(curl, CURLOPT_URL, smtp->url);
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from);
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_payload);
    curl_easy_setopt(curl, CURLOPT_READDATA, &p);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    CURLcode rc = p.text.failed ? CURLE_OUT_OF_MEMORY : curl_easy_perform(curl);
    if (rc != CURLE_OK) {
        long code = 0;
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
        if (code) snprintf(err, errn, "SMTP %ld: %s", code, errbuf[0] ? errbuf : curl_easy_strerror(rc));
        else snprintf(err, errn, "%s", errbuf[0] ? errbuf : curl_easy_strerror(rc));
    }
    curl_slist_free_all(rcpt);
    curl_easy_cleanup(curl);
    buf_free(&p.text);
    return rc == CURLE_OK ? 0 : -1;
}

static char *dup_text(const char *s)
{
    return strdup(s ? s : "");
}

int intake_outbox_send_due(db *d, const intake_smtp *smtp, int64_t now, int limit, int *sent, int *failed)
{
    *sent = 0;
    *failed = 0;
    if (limit < 1) limit = 1;
    mail *list = calloc((size_t)limit, sizeof *list);
    if (!list) return DB_ENOMEM;
    db_conn *c = db_acquire(d);
    db_stmt *s;
    int rc = db_prepare(c,
                        "SELECT id, to_addr, subject, body, attempts FROM outbox WHERE sent_at IS NULL AND"
                        " next_try_at <= ? AND attempts < ? ORDER BY next_try_at, id LIMIT ?",
                        DB_ARGS(db_int(now), db_int(INTAKE_OUTBOX_MAX_ATTEMPTS), db_int(limit)), &s);
    int n = 0;
    if (!rc) {
        while (n < limit && (rc = db_step(s)) == DB_ROW) {
            list[n] = (mail){db_col_int(s, 0), dup_text(db_col_text(s, 1)), dup_text(db_col_text(s, 2)),
                             dup_text(db_col_text(s, 3)), (int)db_col_int(s, 4)};
            n++;
        }
        db_finalize(s);
        rc = rc < 0 ? rc : 0;
    }
    db_release(c);
    for (int i = 0; !rc && i < n; i++) {
        char err[512] = "";
        int ok = list[i].to[0] && list[i].subject ? smtp_send(smtp, &list[i], err, sizeof err) : -1;
        int64_t at = time_now();
        c = db_acquire(d);
        rc = db_begin(c, true);
        if (!rc && ok == 0) {
            rc = db_exec(c, "UPDATE outbox SET sent_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?",
                         DB_ARGS(db_int(at), db_int(list[i].id)));
            (*sent)++;
        } else if (!rc) {
            int attempts = list[i].attempts + 1;
            rc = db_exec(c, "UPDATE outbox SET attempts = ?, last_error = ?, next_try_at = ? WHERE id = ?",
                         DB_ARGS(db_int(attempts), db_text(err), db_int(at + intake_outbox_backoff(attempts)),
                                 db_int(list[i].id)));
            (*failed)++;
            log_warn("outbox: mail %lld to the applicant failed (attempt %d): %s", (long long)list[i].id, attempts,
                     err);
        }
        if (!rc) rc = db_commit(c);
        if (rc) db_rollback(c);
        db_release(c);
    }
    for (int i = 0; i < n; i++) {
        free(list[i].to);
        free(list[i].subject);
        free(list[i].body);
    }
    free(list);
    return rc;
}

/* ---- The background sender ---- */

static pthread_t sender;
static pthread_mutex_t sender_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t sender_cv = PTHREAD_COND_INITIALIZER;
static bool sender_running, sender_stop;
static db *sender_db;
static intake_smtp sender_smtp;

static void *sender_main(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&sender_mu);
    while (!sender_stop) {
        pthread_mutex_unlock(&sender_mu);
        int sent = 0, failed = 0;
        int rc = intake_outbox_send_due(sender_db, &sender_smtp, time_now(), 20, &sent, &failed);
        if (rc) log_warn("outbox: cannot read or record mail (%d)", rc);
        if (sent) log_info("outbox: %d mail sent", sent);
        pthread_mutex_lock(&sender_mu);
        if (sender_stop) break;
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += sent == 20 ? 0 : 1;
        pthread_cond_timedwait(&sender_cv, &sender_mu, &until);
    }
    pthread_mutex_unlock(&sender_mu);
    return NULL;
}

int intake_outbox_start(db *d, const intake_smtp *smtp)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    pthread_mutex_lock(&sender_mu);
    sender_db = d;
    sender_smtp = *smtp;
    sender_stop = false;
    int rc = pthread_create(&sender, NULL, sender_main, NULL);
    sender_running = rc == 0;
    pthread_mutex_unlock(&sender_mu);
    return rc == 0 ? 0 : -1;
}

void intake_outbox_stop(void)
{
    pthread_mutex_lock(&sender_mu);
    bool running = sender_running;
    sender_stop = true;
    pthread_cond_broadcast(&sender_cv);
    pthread_mutex_unlock(&sender_mu);
    if (running) pthread_join(sender, NULL);
    sender_running = false;
}

/* ---- instroom outbox send ---- */

static int outbox_usage(int status)
{
    fprintf(status ? stderr : stdout,
            "usage: instroom outbox send [--db PATH] [--smtp-url smtp://HOST:PORT] [--smtp-from ADDRESS]\n"
            "  Sends the mail that is due once and says how much was sent and failed.\n"
            "  $INSTROOM_SMTP_URL and $INSTROOM_SMTP_FROM name the server too.\n");
    return status;
}

int cmd_outbox(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},        {"smtp-url", required_argument, NULL, 'u'},
        {"smtp-from", required_argument, NULL, 'f'}, {"help", no_argument, NULL, 'h'},
        {0},
    };
    const char *dbp = NULL, *url = NULL, *from = NULL;
    optind = 1;
    int ch;
    while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (ch == 'd') dbp = optarg;
        else if (ch == 'u') url = optarg;
        else if (ch == 'f') from = optarg;
        else return outbox_usage(ch == 'h' ? 0 : 2);
    }
    if (argc - optind != 1 || !str_eq(argv[optind], "send")) return outbox_usage(2);
    intake_smtp smtp;
    if (!intake_smtp_from_env(url, from, &smtp)) {
        fprintf(stderr, "instroom outbox: no SMTP server: give --smtp-url smtp://HOST:PORT (the mail stays queued)\n");
        return 2;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    db *d;
    if (db_cli_open(db_cli_path(dbp), 1, &d) < 0) return 1;
    int sent = 0, failed = 0, total_sent = 0, total_failed = 0, rc = 0;
    do {
        rc = intake_outbox_send_due(d, &smtp, time_now(), 50, &sent, &failed);
        total_sent += sent;
        total_failed += failed;
    } while (!rc && sent + failed == 50 && sent > 0);
    db_close(d);
    curl_global_cleanup();
    if (rc) {
        fprintf(stderr, "instroom outbox: the database failed (%d)\n", rc);
        return 1;
    }
    printf("%d sent, %d failed\n", total_sent, total_failed);
    return total_failed ? 1 : 0;
}

/* ---- GET /outbox and GET /api/v1/outbox ---- */

static const policy_target outbox_target = {.kind = POLICY_OUTBOX, .id = 0, .orgs = NULL, .norgs = 0};

typedef struct outbox_row {
    int64_t id;
    const char *to, *subject, *kind, *last_error;
    int64_t created_at, sent_at, next_try_at;
    int attempts;
} outbox_row;

static int outbox_rows(http_request *req, int64_t after, int offset, int limit, outbox_row **out, int *n)
{
    *out = arena_calloc(req->arena, (size_t)limit, sizeof **out);
    *n = 0;
    if (!*out) return DB_ENOMEM;
    db_stmt *s;
    int rc = db_prepare(http_db(req),
                        "SELECT id, to_addr, subject, kind, last_error, created_at, coalesce(sent_at, 0), next_try_at,"
                        " attempts FROM outbox WHERE (? = 0 OR id < ?) ORDER BY id DESC LIMIT ? OFFSET ?",
                        DB_ARGS(db_int(after), db_int(after), db_int(limit), db_int(offset)), &s);
    if (rc) return rc;
    while (*n < limit && (rc = db_step(s)) == DB_ROW) {
        outbox_row *r = &(*out)[(*n)++];
        r->id = db_col_int(s, 0);
        r->to = arena_strdup(req->arena, db_col_text(s, 1));
        r->subject = arena_strdup(req->arena, db_col_text(s, 2));
        r->kind = arena_strdup(req->arena, db_col_text(s, 3));
        r->last_error = arena_strdup(req->arena, db_col_text(s, 4));
        r->created_at = db_col_int(s, 5);
        r->sent_at = db_col_int(s, 6);
        r->next_try_at = db_col_int(s, 7);
        r->attempts = (int)db_col_int(s, 8);
    }
    db_finalize(s);
    return rc < 0 ? rc : 0;
}

static int outbox_show(http_request *req, http_response *res)
{
    if (!policy_enforce(req, POLICY_READ, &outbox_target, "outbox")) {
        http_error(req, res, 403);
        return 0;
    }
    int page = 1;
    if (ui_page_param(req, &page) != 0) {
        http_error(req, res, 400);
        return 0;
    }
    int64_t total = 0, failing = 0, waiting = 0;
    db_conn *c = http_db(req);
    int rc = db_query_int(c, "SELECT count(*) FROM outbox", DB_NOARGS, &total);
    if (!rc) rc = db_query_int(c, "SELECT count(*) FROM outbox WHERE sent_at IS NULL AND attempts > 0", DB_NOARGS, &failing);
    if (!rc) rc = db_query_int(c, "SELECT count(*) FROM outbox WHERE sent_at IS NULL", DB_NOARGS, &waiting);
    outbox_row *rows = NULL;
    int n = 0;
    if (!rc) rc = outbox_rows(req, 0, (page - 1) * UI_PAGE_SIZE, UI_PAGE_SIZE, &rows, &n);
    if (rc) return api_fail(rc);
    http_set_header(req, res, "Cache-Control", "no-store");
    page_begin(req, res, msg(req, MSG_APPLY_OUTBOX_TITLE));
    buf *b = &res->body;
    html_lit(b, "<h1 class=\"utrecht-heading-1\">");
    html_text(b, msg(req, MSG_APPLY_OUTBOX_TITLE));
    html_lit(b, "</h1><p class=\"utrecht-paragraph\">");
    html_text(b, msg(req, MSG_APPLY_OUTBOX_INTRO));
    html_lit(b, "</p>");
    char nw[24], nf[24];
    snprintf(nw, sizeof nw, "%lld", (long long)waiting);
    snprintf(nf, sizeof nf, "%lld", (long long)failing);
    if (failing) page_alert(b, ALERT_WARNING, msg_fill(req, MSG_APPLY_OUTBOX_FAILING, nf, NULL));
    else if (waiting) page_alert(b, ALERT_INFO, msg_fill(req, MSG_APPLY_OUTBOX_WAITING_N, nw, NULL));
    if (n == 0) {
        page_empty(b, msg(req, MSG_APPLY_OUTBOX_EMPTY), msg(req, MSG_APPLY_OUTBOX_EMPTY_TEXT), NULL, NULL);
        if (total) ui_pagination(req, b, page, UI_PAGE_SIZE, total);
        page_end(req, res);
        return 0;
    }
    ui_table_begin(b, "outbox-caption", msg(req, MSG_APPLY_OUTBOX_TITLE), false);
    html_lit(b, "<thead class=\"utrecht-table__header\"><tr class=\"utrecht-table__row\">");
    const msg_id heads[] = {MSG_APPLY_OUTBOX_TO, MSG_APPLY_OUTBOX_SUBJECT, MSG_APPLY_OUTBOX_CREATED,
                            MSG_APPLY_OUTBOX_STATUS, MSG_APPLY_OUTBOX_LAST_ERROR};
    for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++) {
        html_lit(b, "<th class=\"utrecht-table__header-cell\" scope=\"col\">");
        html_text(b, msg(req, heads[i]));
        html_lit(b, "</th>");
    }
    html_lit(b, "</tr></thead><tbody class=\"utrecht-table__body\">");
    for (int i = 0; i < n; i++) {
        const outbox_row *r = &rows[i];
        html_lit(b, "<tr class=\"utrecht-table__row\"><td class=\"utrecht-table__cell\">");
        html_text(b, r->to);
        html_lit(b, "</td><td class=\"utrecht-table__cell\">");
        html_text(b, r->subject);
        html_lit(b, "</td><td class=\"utrecht-table__cell\">");
        html_text(b, ui_time(req, r->created_at));
        html_lit(b, "</td><td class=\"utrecht-table__cell\">");
        char att[24];
        snprintf(att, sizeof att, "%d", r->attempts);
        if (r->sent_at) ui_status_badge(b, UI_BADGE_SUCCESS, msg_fill(req, MSG_APPLY_OUTBOX_SENT, ui_time(req, r->sent_at), NULL));
        else if (r->attempts >= INTAKE_OUTBOX_MAX_ATTEMPTS)
            ui_status_badge(b, UI_BADGE_DANGER, msg_fill(req, MSG_APPLY_OUTBOX_GAVE_UP, att, NULL));
        else if (r->attempts)
            ui_status_badge(b, UI_BADGE_WARNING,
                            msg_fill(req, MSG_APPLY_OUTBOX_FAILED, att, ui_time(req, r->next_try_at)));
        else ui_status_badge(b, UI_BADGE_NEUTRAL, msg(req, MSG_APPLY_OUTBOX_QUEUED));
        html_lit(b, "</td><td class=\"utrecht-table__cell\">");
        html_text(b, r->last_error);
        html_lit(b, "</td></tr>");
    }
    html_lit(b, "</tbody>");
    ui_table_end(b);
    ui_pagination(req, b, page, UI_PAGE_SIZE, total);
    page_end(req, res);
    return 0;
}

int intake_outbox_api_list(http_request *req, http_response *res)
{
    if (!policy_enforce(req, POLICY_READ, &outbox_target, "outbox")) {
        http_problem(req, res, 403, "the outbox is for the coordinator", NULL, NULL);
        return 0;
    }
    api_page pg;
    if (api_page_parse(req, res, &pg) != 0) return 0;
    outbox_row *rows;
    int n;
    int rc = outbox_rows(req, pg.after, 0, pg.limit + 1, &rows, &n);
    if (rc) return api_fail(rc);
    int shown = n > pg.limit ? pg.limit : n;
    jsonw w;
    api_json_begin(res, 200, &w);
    api_list_begin(&w);
    for (int i = 0; i < shown; i++) {
        const outbox_row *r = &rows[i];
        jsonw_object_begin(&w);
        jsonw_kint(&w, "id", r->id);
        jsonw_kstr(&w, "to", r->to);
        jsonw_kstr(&w, "subject", r->subject);
        jsonw_kstr(&w, "kind", r->kind);
        jsonw_kstr(&w, "status", r->sent_at ? "sent" : r->attempts >= INTAKE_OUTBOX_MAX_ATTEMPTS ? "gave_up"
                                                   : r->attempts ? "failing" : "queued");
        jsonw_kint(&w, "attempts", r->attempts);
        jsonw_kstr(&w, "last_error", r->last_error);
        jsonw_ktime(&w, "created_at", r->created_at, true);
        jsonw_ktime(&w, "sent_at", r->sent_at, true);
        jsonw_ktime(&w, "next_try_at", r->sent_at ? 0 : r->next_try_at, true);
        jsonw_object_end(&w);
    }
    api_list_end(req, &w, n > pg.limit ? rows[shown - 1].id : 0);
    return api_json_end(&w);
}

const http_route intake_outbox_routes[] = {
    {"GET", "/outbox", outbox_show, 0, "the mail outbox with status and failures"},
    {0},
};
