/* badges public: what anyone may fetch without a login: the issuer's DID
 * document, the revocation status list credential, and the verification
 * page of a credential (with its JSON and JWT downloads). The page shows the
 * holder's name and the badge, nothing else about the person. */
#include <stdlib.h>
#include <string.h>

#include "badges/badges.h"
#include "base/json.h"
#include "base/jsonw.h"
#include "base/str.h"
#include "base/time.h"
#include "http/html.h"
#include "http/i18n.h"
#include "http/page.h"
#include "http/server.h"
#include "http/ui.h"
#include "intake/intake.h"

static void no_key(http_request *req, http_response *res)
{
    http_problem(req, res, 503, "no issuer key is loaded: run 'instroom init' and restart the server", NULL, NULL);
}

/* ---- GET /.well-known/did.json ---- */

static int did_show(http_request *req, http_response *res)
{
    const badges_key *k = badges_key_current();
    if (!k) {
        no_key(req, res);
        return 0;
    }
    const char *did = badges_issuer_did(req->arena), *kid = badges_issuer_kid(req->arena);
    const char *name = "instroom", *url = intake_public_url();
    db_stmt *s;
    if (db_prepare(http_db(req),
                   "SELECT name, website FROM orgs WHERE kind = 'regional' AND archived_at IS NULL ORDER BY id LIMIT 1",
                   DB_NOARGS, &s) == 0) {
        if (db_step(s) == DB_ROW) {
            name = arena_strdup(req->arena, db_col_text(s, 0));
            if (!db_col_is_null(s, 1)) url = arena_strdup(req->arena, db_col_text(s, 1));
        }
        db_finalize(s);
    }
    jsonw w;
    api_json_begin(res, 200, &w);
    res->content_type = "application/did+json";
    jsonw_object_begin(&w);
    jsonw_key(&w, "@context");
    jsonw_array_begin(&w);
    jsonw_str(&w, "https://www.w3.org/ns/did/v1");
    jsonw_str(&w, "https://www.w3.org/ns/cid/v1");
    jsonw_array_end(&w);
    jsonw_kstr(&w, "id", did);
    jsonw_key(&w, "verificationMethod");
    jsonw_array_begin(&w);
    jsonw_object_begin(&w);
    jsonw_kstr(&w, "id", kid);
    jsonw_kstr(&w, "type", "JsonWebKey");
    jsonw_kstr(&w, "controller", did);
    jsonw_key(&w, "publicKeyJwk");
    jsonw_object_begin(&w);
    jsonw_kstr(&w, "kty", "OKP");
    jsonw_kstr(&w, "crv", "Ed25519");
    jsonw_kstr(&w, "x", str_base64url(req->arena, k->pk, sizeof k->pk));
    jsonw_kstr(&w, "kid", kid);
    jsonw_kstr(&w, "alg", "EdDSA");
    jsonw_kstr(&w, "use", "sig");
    jsonw_object_end(&w);
    jsonw_object_end(&w);
    jsonw_array_end(&w);
    jsonw_key(&w, "assertionMethod");
    jsonw_array_begin(&w);
    jsonw_str(&w, kid);
    jsonw_array_end(&w);
    jsonw_key(&w, "service");
    jsonw_array_begin(&w);
    jsonw_object_begin(&w);
    jsonw_kstr(&w, "id", arena_printf(req->arena, "%s#website", did));
    jsonw_kstr(&w, "type", "LinkedDomains");
    jsonw_kstr(&w, "serviceEndpoint", intake_public_url());
    jsonw_object_end(&w);
    jsonw_array_end(&w);
    /* The issuer profile (OB 3.0 Profile) of the regional body. */
    jsonw_key(&w, "issuerProfile");
    jsonw_object_begin(&w);
    jsonw_kstr(&w, "id", did);
    jsonw_key(&w, "type");
    jsonw_array_begin(&w);
    jsonw_str(&w, "Profile");
    jsonw_array_end(&w);
    jsonw_kstr(&w, "name", name);
    jsonw_kstr(&w, "url", url);
    jsonw_object_end(&w);
    jsonw_object_end(&w);
    return api_json_end(&w);
}

/* ---- GET /badges/status/revocation ---- */

static int status_list_show(http_request *req, http_response *res)
{
    char *jwt = badges_status_list_jwt(http_db(req), req->arena, time_now());
    if (!jwt) {
        if (!badges_key_current()) no_key(req, res);
        else return -1;
        return 0;
    }
    res->status = 200;
    res->content_type = "application/vc+jwt";
    buf_puts(&res->body, jwt);
    http_set_header(req, res, "Cache-Control", "no-cache");
    return 0;
}

/* ---- GET /badges/v/{token}[.json|.jwt] ---- */

static const char *json_path_str(json_t *o, const char *a, const char *b, const char *c)
{
    json_t *v = json_object_get(o, a);
    if (b) v = json_object_get(v, b);
    if (c) v = json_object_get(v, c);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* The credential JSON as signed, without the JWT claims beside it. */
static int download_json(http_request *req, http_response *res, const char *payload)
{
    char err[160];
    json_t *j = json_parse(payload, strlen(payload), err, sizeof err);
    if (!j) return -1;
    static const char *const claims[] = {"iss", "jti", "sub", "nbf", "exp"};
    for (size_t i = 0; i < sizeof claims / sizeof claims[0]; i++) json_object_del(j, claims[i]);
    char *text = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(j);
    if (!text) return -1;
    res->status = 200;
    res->content_type = "application/vc+ld+json";
    buf_puts(&res->body, text);
    buf_putc(&res->body, '\n');
    free(text);
    return 0;
}

static const char *date_text(http_request *req, int64_t t)
{
    if (!t) return NULL;
    char out[32];
    time_format_ams(out, sizeof out, t, "%d-%m-%Y");
    return arena_strdup(req->arena, out);
}

static int verify_show(http_request *req, http_response *res)
{
    const char *raw = http_path_param(req, "token");
    size_t n = raw ? strlen(raw) : 0;
    enum { PAGE, JSON, JWT } kind = PAGE;
    char *token = arena_strdup(req->arena, raw ? raw : "");
    if (n > 5 && str_eq(raw + n - 5, ".json")) kind = JSON, token[n - 5] = '\0';
    else if (n > 4 && str_eq(raw + n - 4, ".jwt")) kind = JWT, token[n - 4] = '\0';
    if (strlen(token) != 22) {
        http_error(req, res, 404);
        return 0;
    }
    badges_cred cr;
    int rc = badges_cred_by_token(http_db(req), req->arena, token, &cr);
    if (rc == DB_ENOTFOUND) {
        http_error(req, res, 404);
        return 0;
    }
    if (rc) return api_fail(rc);
    http_set_header(req, res, "Referrer-Policy", "no-referrer");
    http_set_header(req, res, "Access-Control-Allow-Origin", "*");
    badges_verdict v = badges_verify(req->arena, &cr, time_now(), NULL);
    if (v == BADGES_ERASED && kind != PAGE) {
        http_problem(req, res, 410, "this badge was revoked and its content erased at the holder's request", NULL,
                     NULL);
        return 0;
    }
    if (kind == JWT) {
        res->status = 200;
        res->content_type = "application/vc+jwt";
        buf_puts(&res->body, cr.jwt);
        http_set_header(req, res, "Content-Disposition",
                        arena_printf(req->arena, "attachment; filename=\"%s.jwt\"", token));
        return 0;
    }
    const char *payload = NULL;
    v = badges_verify(req->arena, &cr, time_now(), &payload);
    if (kind == JSON) {
        if (!payload) {
            http_problem(req, res, 409, "the stored credential's signature is not valid", NULL, NULL);
            return 0;
        }
        rc = download_json(req, res, payload);
        if (!rc)
            http_set_header(req, res, "Content-Disposition",
                            arena_printf(req->arena, "attachment; filename=\"%s.json\"", token));
        return rc;
    }
    page_begin(req, res, msg(req, MSG_BADGES_VERIFY_TITLE));
    buf *b = &res->body;
    ui_heading(b, 1, msg(req, MSG_BADGES_VERIFY_TITLE));
    html_lit(b, "<p class=\"utrecht-paragraph\" id=\"verdict\">");
    switch (v) {
    case BADGES_VALID: ui_status_badge(b, UI_BADGE_SUCCESS, msg(req, MSG_BADGES_VERDICT_VALID)); break;
    case BADGES_REVOKED: ui_status_badge(b, UI_BADGE_DANGER, msg(req, MSG_BADGES_VERDICT_REVOKED)); break;
    case BADGES_EXPIRED: ui_status_badge(b, UI_BADGE_WARNING, msg(req, MSG_BADGES_VERDICT_EXPIRED)); break;
    case BADGES_SIGNATURE_INVALID:
        ui_status_badge(b, UI_BADGE_DANGER, msg(req, MSG_BADGES_VERDICT_INVALID));
        break;
    case BADGES_ERASED: ui_status_badge(b, UI_BADGE_DANGER, msg(req, MSG_BADGES_VERDICT_REVOKED)); break;
    }
    html_lit(b, "</p>");
    static const msg_id texts[] = {MSG_BADGES_VERDICT_VALID_TEXT, MSG_BADGES_VERDICT_REVOKED_TEXT,
                                   MSG_BADGES_VERDICT_EXPIRED_TEXT, MSG_BADGES_VERDICT_INVALID_TEXT,
                                   MSG_BADGES_VERDICT_ERASED_TEXT};
    page_alert(b, v == BADGES_VALID ? ALERT_OK : v == BADGES_EXPIRED ? ALERT_WARNING : ALERT_ERROR,
               msg(req, texts[v]));
    if (v == BADGES_SIGNATURE_INVALID || v == BADGES_ERASED) { /* nothing of it can be trusted, or nothing is left */
        page_end(req, res);
        return 0;
    }
    char err[160];
    json_t *j = json_parse(payload, strlen(payload), err, sizeof err);
    if (!j) return -1;
    json_t *ach = json_object_get(json_object_get(j, "credentialSubject"), "achievement");
    const char *holder = NULL;
    json_t *ids = json_object_get(json_object_get(j, "credentialSubject"), "identifier");
    size_t i;
    json_t *it;
    json_array_foreach(ids, i, it) {
        if (str_eq(json_get_str(it, "identityType"), "name")) holder = json_get_str(it, "identityHash");
    }
    html_lit(b, "<div class=\"instroom-panel\">");
    ui_heading(b, 2, json_get_str(ach, "name"));
    ui_paragraph(b, json_get_str(ach, "description"));
    ui_data_begin(b);
    ui_data_row(b, msg(req, MSG_BADGES_HOLDER), holder);
    ui_data_row(b, msg(req, MSG_BADGES_ISSUER), json_path_str(j, "issuer", "name", NULL));
    ui_data_row(b, msg(req, MSG_BADGES_AWARDED_BY), json_path_str(ach, "creator", "name", NULL));
    ui_data_row(b, msg(req, MSG_BADGES_ISSUED_AT), date_text(req, cr.issued_at));
    ui_data_row(b, msg(req, MSG_BADGES_VALID_UNTIL),
                cr.valid_until ? date_text(req, cr.valid_until) : msg(req, MSG_BADGES_NO_EXPIRY));
    if (cr.revoked_at) ui_data_row(b, msg(req, MSG_BADGES_REVOKED_AT), date_text(req, cr.revoked_at));
    ui_data_row(b, msg(req, MSG_BADGES_CRITERIA), json_path_str(ach, "criteria", "narrative", NULL));
    ui_data_row(b, msg(req, MSG_BADGES_ISSUER_ID), json_path_str(j, "issuer", "id", NULL));
    ui_data_end(b);
    json_t *al = json_object_get(ach, "alignment");
    if (json_array_size(al)) {
        ui_heading(b, 3, msg(req, MSG_BADGES_SKILLS));
        html_lit(b, "<ul class=\"utrecht-unordered-list\" id=\"skills\">");
        json_array_foreach(al, i, it) {
            html_lit(b, "<li class=\"utrecht-unordered-list__item\">");
            html_text(b, json_get_str(it, "targetName"));
            html_lit(b, " <span class=\"instroom-muted\">(");
            html_text(b, json_get_str(it, "targetUrl"));
            html_lit(b, ")</span></li>");
        }
        html_lit(b, "</ul>");
    }
    json_decref(j);
    html_lit(b, "<p class=\"utrecht-paragraph\">");
    ui_link(b, arena_printf(req->arena, "/badges/v/%s.json", token), msg(req, MSG_BADGES_DOWNLOAD_JSON));
    html_lit(b, " · ");
    ui_link(b, arena_printf(req->arena, "/badges/v/%s.jwt", token), msg(req, MSG_BADGES_DOWNLOAD_JWT));
    html_lit(b, "</p></div>");
    ui_paragraph(b, msg(req, MSG_BADGES_VERIFY_HOW));
    page_end(req, res);
    return 0;
}

const http_route badges_public_routes[] = {
    {"GET", "/.well-known/did.json", did_show, HTTP_PUBLIC, "the issuer's DID document (did:web)"},
    {"GET", "/badges/status/revocation", status_list_show, HTTP_PUBLIC, "the revocation status list credential"},
    {"GET", "/badges/v/{token}", verify_show, HTTP_PUBLIC, "verify a badge; .json and .jwt download it"},
    {0},
};
