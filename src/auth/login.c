/* The login page, logging in and out, and the language switch. */
#include <sodium.h>
#include <string.h>

#include "auth/audit.h"
#include "auth/auth.h"
#include "auth/login.h"
#include "auth/settings.h"
#include "base/str.h"
#include "base/time.h"
#include "http/html.h"
#include "http/i18n.h"
#include "http/page.h"
#include "http/server.h"

/* A local path to go back to after login, or "/". */
static const char *safe_next(const char *next)
{
    if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\' || strchr(next, ':') ||
        str_starts_with(next, "/login"))
        return "/";
    return next;
}

static void login_page(http_request *req, http_response *res, int status, msg_id error,
                       const char *email)
{
    page_begin(req, res, msg(req, MSG_LOGIN_TITLE));
    res->status = status;
    buf *b = &res->body;
    html_lit(b, "<div class=\"instroom-login\"><div class=\"instroom-login-card\">"
                "<h1 class=\"utrecht-heading-1\">");
    html_text(b, msg(req, MSG_LOGIN_TITLE));
    html_lit(b, "</h1>");
    if (error != MSG_COUNT) page_alert(b, ALERT_ERROR, msg(req, error));
    if (str_eq(http_query(req, "bye"), "1")) page_alert(b, ALERT_OK, msg(req, MSG_LOGGED_OUT));
    html_lit(b, "<form class=\"instroom-form\" method=\"post\" action=\"/login\">");
    page_csrf(req, b);
    html_lit(b, "<input type=\"hidden\" name=\"next\"");
    const char *next = http_query(req, "next");
    if (!next) next = http_form(req, "next");
    html_attr(b, "value", safe_next(next));
    html_lit(b, ">");
    page_field(b, "login-email", "email", msg(req, MSG_LOGIN_EMAIL), "email", email, NULL, NULL, "username");
    page_field(b, "login-password", "password", msg(req, MSG_LOGIN_PASSWORD), "password", NULL, NULL,
               NULL, "current-password");
    html_lit(b, "<div class=\"instroom-form__actions\">"
                "<button class=\"utrecht-button utrecht-button--primary-action\" type=\"submit\">");
    html_text(b, msg(req, MSG_LOGIN_SUBMIT));
    html_lit(b, "</button></div></form><p class=\"utrecht-paragraph instroom-login-card__help\">");
    html_text(b, msg(req, MSG_LOGIN_HELP));
    html_lit(b, "</p></div></div>");
    page_end(req, res);
}

int login_show(http_request *req, http_response *res)
{
    if (auth_current(req)) {
        http_redirect(req, res, "/");
        return 0;
    }
    login_page(req, res, 200, MSG_COUNT, NULL);
    return 0;
}

/* Failed attempts for the email and the address within the window. */
static int recent_failures(db_conn *c, const char *email, const char *ip, int64_t *by_email, int64_t *by_ip)
{
    int64_t since = time_now() - auth_settings_get()->login_window;
    int rc = db_query_int(c, "SELECT count(*) FROM login_attempts WHERE email = ? AND at > ? AND ok = 0",
                          DB_ARGS(db_text(email), db_int(since)), by_email);
    if (!rc)
        rc = db_query_int(c, "SELECT count(*) FROM login_attempts WHERE ip = ? AND at > ? AND ok = 0",
                          DB_ARGS(db_text(ip), db_int(since)), by_ip);
    return rc;
}

int login_submit(http_request *req, http_response *res)
{
    const char *email = http_form(req, "email");
    const char *password = http_form(req, "password");
    if (!email || !*email || !password || !*password || strlen(email) > 254 || strlen(password) > 1024) {
        login_page(req, res, 422, MSG_LOGIN_MISSING, email);
        return 0;
    }
    db_conn *c = http_db(req);
    int64_t by_email = 0, by_ip = 0;
    int rc = recent_failures(c, email, req->remote_ip, &by_email, &by_ip);
    if (rc) return rc;
    const auth_settings *cfg = auth_settings_get();
    if (by_email >= cfg->login_max_per_account || by_ip >= cfg->login_max_per_ip) {
        audit_request(req, "login", "user", 0, 0, "denied", "throttled");
        login_page(req, res, 429, MSG_LOGIN_THROTTLED, email);
        http_set_header(req, res, "Retry-After", "900");
        return 0;
    }
    int64_t uid = 0;
    char hash[crypto_pwhash_STRBYTES] = "";
    db_stmt *s;
    rc = db_prepare(c, "SELECT id, password_hash FROM users WHERE email = ? AND disabled_at IS NULL",
                    DB_ARGS(db_text(email)), &s);
    if (rc) return rc;
    if (db_step(s) == DB_ROW) {
        uid = db_col_int(s, 0);
        str_copy(hash, sizeof hash, db_col_text(s, 1));
    }
    db_finalize(s);
    bool ok;
    if (uid) {
        ok = auth_password_verify(hash, password);
    } else {
        /* Spend the same time on unknown addresses, so timing does not tell which exist. */
        static char dummy[crypto_pwhash_STRBYTES];
        if (!dummy[0]) auth_password_hash("not-a-real-password-at-all", dummy, sizeof dummy);
        auth_password_verify(dummy, password);
        ok = false;
    }
    rc = db_exec(c, "INSERT INTO login_attempts(at, email, ip, ok) VALUES (?, ?, ?, ?)",
                 DB_ARGS(db_int(time_now()), db_text(email), db_text(req->remote_ip), db_int(ok)));
    if (rc) return rc;
    if (!ok) {
        audit_write(c, &(audit_entry){.user_id = uid, .action = "login", .entity = "user", .entity_id = uid,
                                      .outcome = "failed", .ip = req->remote_ip, .request_id = req->id,
                                      .detail = "wrong e-mail address or password"});
        login_page(req, res, 401, MSG_LOGIN_FAILED, email);
        return 0;
    }
    rc = auth_session_start(req, res, uid);
    if (rc) return rc;
    audit_write(c, &(audit_entry){.user_id = uid, .action = "login", .entity = "user", .entity_id = uid,
                                  .outcome = "ok", .ip = req->remote_ip, .request_id = req->id});
    http_redirect(req, res, safe_next(http_form(req, "next")));
    return 0;
}

int logout_submit(http_request *req, http_response *res)
{
    const auth_principal *p = auth_current(req);
    if (p) audit_request(req, "logout", "user", p->user_id, 0, "ok", NULL);
    int rc = auth_session_end(req, res);
    if (rc) return rc;
    http_redirect(req, res, "/login?bye=1");
    return 0;
}

int lang_submit(http_request *req, http_response *res)
{
    const char *lang = http_form(req, "lang");
    if (!i18n_supported(lang)) {
        http_error(req, res, 400);
        return 0;
    }
    const auth_principal *p = auth_current(req);
    if (p) {
        int rc = db_exec(http_db(req), "UPDATE users SET lang = ? WHERE id = ?",
                         DB_ARGS(db_text(lang), db_int(p->user_id)));
        if (rc) return rc;
    }
    http_set_cookie(req, res, "lang", lang, 365 * 24 * 3600);
    const char *back = http_form(req, "back");
    http_redirect(req, res, safe_next(back));
    return 0;
}
