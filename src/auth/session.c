/* Sessions, API tokens, the principal of a request and the request hook. */
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "auth/auth.h"
#include "auth/settings.h"
#include "base/cache.h"
#include "base/log.h"
#include "base/random.h"
#include "base/str.h"
#include "base/time.h"
#include "http/i18n.h"
#include "http/server.h"

static const char *const role_names[ROLE_COUNT] = {
    "coordinator", "recruiter", "supervisor", "trainer", "jobcoach", "mentor", "participant",
};

const char *auth_role_name(auth_role r)
{
    return (int)r >= 0 && r < ROLE_COUNT ? role_names[r] : NULL;
}

auth_role auth_role_parse(const char *name)
{
    for (int i = 0; i < ROLE_COUNT; i++)
        if (str_eq(name, role_names[i])) return (auth_role)i;
    return ROLE_COUNT;
}

const auth_principal *auth_current(const http_request *req)
{
    return req->principal;
}

int64_t auth_user_id(const http_request *req)
{
    const auth_principal *p = auth_current(req);
    return p ? p->user_id : 0;
}

bool auth_has_role(const auth_principal *p, auth_role role, int64_t org_id)
{
    if (!p) return false;
    for (int i = 0; i < p->nmemberships; i++)
        if (p->memberships[i].role == role && (org_id == 0 || p->memberships[i].org_id == org_id))
            return true;
    return false;
}

/* Loads the principal of user_id: 0 with *out (NULL when absent or
 * disabled), or a negative db code. */
static int principal_load(db_conn *c, arena *a, int64_t user_id, auth_principal **out)
{
    *out = NULL;
    db_stmt *s;
    int rc = db_prepare(c, "SELECT id, email, name, lang, coalesce(person_id, 0) FROM users "
                           "WHERE id = ? AND disabled_at IS NULL",
                        DB_ARGS(db_int(user_id)), &s);
    if (rc) return rc;
    auth_principal *p = NULL;
    rc = db_step(s);
    if (rc == DB_ROW) {
        p = arena_calloc(a, 1, sizeof *p);
        if (p) {
            p->user_id = db_col_int(s, 0);
            p->email = arena_strdup(a, db_col_text(s, 1));
            p->name = arena_strdup(a, db_col_text(s, 2));
            p->lang = arena_strdup(a, db_col_text(s, 3));
            p->person_id = db_col_int(s, 4);
        }
    }
    db_finalize(s);
    if (rc < 0) return rc;
    if (!p) return 0;
    rc = db_prepare(c, "SELECT coalesce(org_id, 0), role FROM memberships WHERE user_id = ? ORDER BY id",
                    DB_ARGS(db_int(user_id)), &s);
    if (rc) return rc;
    int cap = 8;
    p->memberships = arena_calloc(a, (size_t)cap, sizeof *p->memberships);
    while ((rc = db_step(s)) == DB_ROW) {
        auth_role r = auth_role_parse(db_col_text(s, 1));
        if (r == ROLE_COUNT) continue;
        if (p->nmemberships == cap) {
            auth_membership *m = arena_calloc(a, (size_t)cap * 2, sizeof *m);
            if (!m) break;
            memcpy(m, p->memberships, (size_t)cap * sizeof *m);
            p->memberships = m;
            cap *= 2;
        }
        p->memberships[p->nmemberships++] = (auth_membership){db_col_int(s, 0), r};
        p->roles |= ROLE_BIT(r);
    }
    db_finalize(s);
    if (rc != DB_DONE) return rc < 0 ? rc : DB_ENOMEM;
    *out = p;
    return 0;
}

auth_principal *auth_load_principal(db_conn *c, arena *a, int64_t user_id)
{
    auth_principal *p;
    return principal_load(c, a, user_id, &p) == 0 ? p : NULL;
}

/* Principals by user id, valid while the database does not change, so that
 * a busy API client costs one query (its token) instead of three. */
static cache *principals;
static pthread_once_t principals_once = PTHREAD_ONCE_INIT;

static void principals_make(void)
{
    principals = cache_create(4096, 8 * 1024 * 1024);
}

typedef struct packed_principal {
    int64_t user_id, person_id;
    unsigned roles;
    int nmemberships;
} packed_principal;

/* Packs p as: header, memberships, then email, name and lang with their NULs. */
static void principal_cache_put(const auth_principal *p, uint64_t gen)
{
    size_t strs = strlen(p->email) + strlen(p->name) + strlen(p->lang) + 3;
    size_t n = sizeof(packed_principal) + (size_t)p->nmemberships * sizeof(auth_membership) + strs;
    unsigned char *b = malloc(n);
    if (!b) return;
    packed_principal h = {p->user_id, p->person_id, p->roles, p->nmemberships};
    memcpy(b, &h, sizeof h);
    size_t o = sizeof h;
    memcpy(b + o, p->memberships, (size_t)p->nmemberships * sizeof(auth_membership));
    o += (size_t)p->nmemberships * sizeof(auth_membership);
    const char *parts[3] = {p->email, p->name, p->lang};
    for (int i = 0; i < 3; i++) {
        size_t l = strlen(parts[i]) + 1;
        memcpy(b + o, parts[i], l);
        o += l;
    }
    cache_put(principals, &p->user_id, sizeof p->user_id, gen, b, n);
    free(b);
}

/* The cached principal of user_id at generation gen (in the arena), or NULL. */
static auth_principal *principal_cache_get(arena *a, int64_t user_id, uint64_t gen)
{
    void *v;
    size_t n;
    if (cache_get(principals, &user_id, sizeof user_id, gen, a, &v, &n) != 0) return NULL;
    packed_principal h;
    memcpy(&h, v, sizeof h);
    auth_principal *p = arena_calloc(a, 1, sizeof *p);
    auth_membership *m = arena_calloc(a, (size_t)h.nmemberships + 1, sizeof *m);
    if (!p || !m) return NULL;
    const unsigned char *b = v;
    size_t o = sizeof h;
    memcpy(m, b + o, (size_t)h.nmemberships * sizeof *m);
    o += (size_t)h.nmemberships * sizeof *m;
    p->user_id = h.user_id;
    p->person_id = h.person_id;
    p->roles = h.roles;
    p->nmemberships = h.nmemberships;
    p->memberships = m;
    p->email = (const char *)b + o;
    p->name = p->email + strlen(p->email) + 1;
    p->lang = p->name + strlen(p->name) + 1;
    return p;
}

/* principal_load through the cache, at database generation gen. */
static int principal_load_cached(http_request *req, int64_t user_id, uint64_t gen, auth_principal **out)
{
    arena *a = req->arena;
    pthread_once(&principals_once, principals_make);
    if (principals && (*out = principal_cache_get(a, user_id, gen)) != NULL) return 0;
    int rc = principal_load(http_db(req), a, user_id, out);
    if (rc == 0 && *out && principals) principal_cache_put(*out, gen);
    return rc;
}

int auth_session_start(http_request *req, http_response *res, int64_t user_id)
{
    char *token = random_token(req->arena, 32);
    char *csrf = random_token(req->arena, 24);
    if (!token || !csrf) return DB_ENOMEM;
    unsigned char h[32];
    random_token_hash(token, h);
    int64_t now = time_now();
    db_conn *c = http_db(req);
    int rc = db_begin(c, true);
    if (!rc)
        rc = db_exec(c, "INSERT INTO sessions(token_hash, user_id, csrf, created_at, last_seen_at, ip) "
                        "VALUES (?, ?, ?, ?, ?, ?)",
                     DB_ARGS(db_blob(h, 32), db_int(user_id), db_text(csrf), db_int(now), db_int(now),
                             db_text(req->remote_ip)));
    /* Old sessions of this user that have expired are of no use to anyone. */
    if (!rc)
        rc = db_exec(c, "DELETE FROM sessions WHERE user_id = ? AND (last_seen_at < ? OR created_at < ?)",
                     DB_ARGS(db_int(user_id), db_int(now - auth_settings_get()->session_idle),
                             db_int(now - auth_settings_get()->session_max)));
    if (!rc) rc = db_commit(c);
    if (rc) return rc;
    http_set_cookie(req, res, AUTH_SESSION_COOKIE, token, -1);
    req->csrf_token = csrf;
    return 0;
}

int auth_session_end(http_request *req, http_response *res)
{
    const char *token = http_cookie(req, AUTH_SESSION_COOKIE);
    http_set_cookie(req, res, AUTH_SESSION_COOKIE, "", 0);
    if (!token) return 0;
    unsigned char h[32];
    random_token_hash(token, h);
    return db_exec(http_db(req), "DELETE FROM sessions WHERE token_hash = ?", DB_ARGS(db_blob(h, 32)));
}

char *auth_token_create(db_conn *c, arena *a, int64_t user_id, const char *name, const char *scopes,
                        int64_t expires_at)
{
    char *raw = random_token(a, 32);
    if (!raw) return NULL;
    char *token = arena_printf(a, "ins_%s", raw);
    unsigned char h[32];
    random_token_hash(token, h);
    if (db_exec(c, "INSERT INTO api_tokens(token_hash, user_id, name, scopes, created_at, expires_at) "
                   "VALUES (?, ?, ?, ?, ?, ?)",
                DB_ARGS(db_blob(h, 32), db_int(user_id), db_text(name), db_text(scopes),
                        db_int(time_now()), expires_at ? db_int(expires_at) : db_null())))
        return NULL;
    return token;
}

/* Loads the principal of a session cookie: 0 with *out (NULL when the session
 * is unknown or expired), or a negative db code. */
static int from_session(http_request *req, const char *token, auth_principal **out)
{
    *out = NULL;
    unsigned char h[32];
    random_token_hash(token, h);
    db_conn *c = http_db(req);
    db_stmt *s;
    int rc = db_prepare(c, "SELECT id, user_id, csrf, created_at, last_seen_at FROM sessions WHERE token_hash = ?",
                        DB_ARGS(db_blob(h, 32)), &s);
    if (rc) return rc;
    int64_t sid = 0, uid = 0, created = 0, seen = 0;
    const char *csrf = NULL;
    rc = db_step(s);
    if (rc == DB_ROW) {
        sid = db_col_int(s, 0);
        uid = db_col_int(s, 1);
        csrf = arena_strdup(req->arena, db_col_text(s, 2));
        created = db_col_int(s, 3);
        seen = db_col_int(s, 4);
    }
    db_finalize(s);
    if (rc < 0) return rc;
    if (!sid) return 0;
    int64_t now = time_now();
    const auth_settings *cfg = auth_settings_get();
    if (now - seen > cfg->session_idle || now - created > cfg->session_max)
        return db_exec(c, "DELETE FROM sessions WHERE id = ?", DB_ARGS(db_int(sid)));
    /* Sliding expiry, written at most once a minute so reads stay reads. */
    if (now - seen >= 60) {
        rc = db_exec(c, "UPDATE sessions SET last_seen_at = ? WHERE id = ?", DB_ARGS(db_int(now), db_int(sid)));
        if (rc) return rc;
    }
    auth_principal *p;
    req->db_gen = db_generation(req->db);
    rc = principal_load_cached(req, uid, req->db_gen, &p);
    if (rc) return rc;
    if (p) {
        p->session_id = sid;
        req->csrf_token = csrf;
    }
    *out = p;
    return 0;
}

/* What a token row says, as kept in the cache (the scopes follow it). */
typedef struct token_row {
    int64_t id, user_id, last_used, expires_at;
} token_row;

/* Loads the principal of a bearer token: 0 with *out (NULL when the token is
 * unknown, revoked or expired), or a negative db code. Token rows are cached
 * by their hash at the current database generation, so revoking one (a
 * write) takes effect at once. */
static int from_token(http_request *req, const char *token, auth_principal **out)
{
    *out = NULL;
    pthread_once(&principals_once, principals_make);
    unsigned char h[33];
    h[0] = 't'; /* a key space apart from user ids */
    random_token_hash(token, h + 1);
    int64_t now = time_now();
    uint64_t gen = db_generation(req->db);
    token_row row = {0};
    const char *scopes = NULL;
    void *v;
    size_t n;
    if (principals && cache_get(principals, h, sizeof h, gen, req->arena, &v, &n) == 0 && n > sizeof row) {
        memcpy(&row, v, sizeof row);
        scopes = (const char *)v + sizeof row;
        if (now - row.last_used >= 60) row.id = 0; /* time to write last_used_at: the slow way */
    }
    int rc;
    if (!row.id) {
        db_conn *c = http_db(req); /* only now: a cached token needs no connection */
        db_stmt *s;
        rc = db_prepare(c, "SELECT id, user_id, scopes, coalesce(last_used_at, 0), coalesce(expires_at, 0) "
                           "FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL",
                        DB_ARGS(db_blob(h + 1, 32)), &s);
        if (rc) return rc;
        rc = db_step(s);
        if (rc == DB_ROW) {
            row.id = db_col_int(s, 0);
            row.user_id = db_col_int(s, 1);
            scopes = arena_strdup(req->arena, db_col_text(s, 2));
            row.last_used = db_col_int(s, 3);
            row.expires_at = db_col_int(s, 4);
        }
        db_finalize(s);
        if (rc < 0) return rc;
        if (!row.id) return 0;
        if (now - row.last_used >= 60) {
            rc = db_exec(c, "UPDATE api_tokens SET last_used_at = ? WHERE id = ?", DB_ARGS(db_int(now), db_int(row.id)));
            if (rc) return rc;
            row.last_used = now;
            gen = db_generation(req->db);
        }
        if (principals && scopes) {
            size_t sl = strlen(scopes) + 1;
            unsigned char *val = malloc(sizeof row + sl);
            if (val) {
                memcpy(val, &row, sizeof row);
                memcpy(val + sizeof row, scopes, sl);
                cache_put(principals, h, sizeof h, gen, val, sizeof row + sl);
                free(val);
            }
        }
    }
    if (row.expires_at && row.expires_at <= now) return 0;
    auth_principal *p;
    req->db_gen = gen;
    rc = principal_load_cached(req, row.user_id, gen, &p);
    if (rc) return rc;
    if (p) p->scopes = scopes;
    *out = p;
    return 0;
}

/* A database failure while finding out who is asking: 503, never a 401 that
 * would tell a valid user their credentials are wrong. */
static int lookup_failed(http_request *req, http_response *res, int rc)
{
    log_error("%s cannot check credentials: %s (%d)", req->id, db_errmsg(http_db(req)), rc);
    http_error(req, res, 503);
    http_set_header(req, res, "Retry-After", "5");
    return 1;
}

static bool is_safe_method(const char *m)
{
    return str_eq(m, "GET") || str_eq(m, "HEAD") || str_eq(m, "OPTIONS");
}

bool auth_csrf_ok(http_request *req)
{
    const char *sent = http_header(req, "X-CSRF-Token");
    if (!sent) sent = http_form(req, "csrf");
    const char *want = req->csrf_token;
    if (!sent || !want) return false;
    size_t n = strlen(want);
    return strlen(sent) == n && sodium_memcmp(sent, want, n) == 0;
}

static bool scope_allows(const char *scopes, const char *method)
{
    if (is_safe_method(method)) return true;
    return scopes && strstr(scopes, "write") != NULL;
}

int auth_before(void *ctx, http_request *req, http_response *res)
{
    (void)ctx;
    const char *lang = http_cookie(req, "lang");
    req->lang = i18n_supported(lang) ? (str_eq(lang, "en") ? "en" : "nl")
                                     : i18n_from_accept_language(http_header(req, "Accept-Language"));
    const http_route *rt = req->route;
    const char *authz = http_header(req, "Authorization");
    auth_principal *p = NULL;
    bool bearer = false;
    if (authz && strncasecmp(authz, "Bearer ", 7) == 0) {
        bearer = true;
        if (!(rt->flags & HTTP_API)) {
            http_problem(req, res, 401, "bearer tokens are accepted under /api/v1 only", NULL, NULL);
            return 1;
        }
        int rc = from_token(req, authz + 7, &p);
        if (rc) return lookup_failed(req, res, rc);
        if (!p) {
            http_problem(req, res, 401, "the bearer token is unknown, revoked or expired", NULL, NULL);
            http_set_header(req, res, "WWW-Authenticate", "Bearer error=\"invalid_token\"");
            return 1;
        }
        if (!scope_allows(p->scopes, req->method)) {
            http_problem(req, res, 403, "this token has no write scope", NULL, NULL);
            return 1;
        }
    } else {
        const char *cookie = http_cookie(req, AUTH_SESSION_COOKIE);
        if (cookie) {
            int rc = from_session(req, cookie, &p);
            if (rc) return lookup_failed(req, res, rc);
            if (!p) http_set_cookie(req, res, AUTH_SESSION_COOKIE, "", 0);
        }
    }
    if (p) {
        req->principal = p;
        req->user_name = p->name;
        req->roles = p->roles;
        if (!lang && i18n_supported(p->lang)) req->lang = str_eq(p->lang, "en") ? "en" : "nl";
        /* "u<id>|<lang>", without printf (every request). */
        char *scope = arena_alloc(req->arena, 32);
        if (scope) {
            char digits[24];
            int k = 0;
            unsigned long long id = (unsigned long long)p->user_id;
            do digits[k++] = (char)('0' + id % 10); while ((id /= 10) && k < (int)sizeof digits);
            size_t n = 0;
            scope[n++] = 'u';
            while (k) scope[n++] = digits[--k];
            scope[n++] = '|';
            size_t l = strnlen(req->lang, 8);
            memcpy(scope + n, req->lang, l);
            scope[n + l] = '\0';
        }
        req->cache_scope = scope;
    } else {
        /* Anonymous forms (login, applications) carry a double-submit token. */
        const char *t = http_cookie(req, AUTH_CSRF_COOKIE);
        if (!t || strlen(t) < 20 || strlen(t) > 64) {
            t = random_token(req->arena, 24);
            if (t) http_set_cookie(req, res, AUTH_CSRF_COOKIE, t, -1);
        }
        req->csrf_token = t;
    }
    if (!p && !(rt->flags & HTTP_PUBLIC)) {
        if (rt->flags & HTTP_API) {
            http_problem(req, res, 401, "log in or send a bearer token", NULL, NULL);
            http_set_header(req, res, "WWW-Authenticate", "Bearer");
        } else {
            buf next;
            buf_init(&next, 4096);
            buf_puts(&next, "/login?next=");
            for (const char *s = req->path; *s; s++) {
                unsigned char ch = (unsigned char)*s;
                if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
                    ch == '/' || ch == '-' || ch == '_' || ch == '.')
                    buf_putc(&next, (char)ch);
                else
                    buf_printf(&next, "%%%02X", ch);
            }
            http_redirect(req, res, next.failed ? "/login" : buf_cstr(&next));
            buf_free(&next);
        }
        return 1;
    }
    if (!bearer && !is_safe_method(req->method) && !(rt->flags & HTTP_NO_CSRF) && !auth_csrf_ok(req)) {
        log_warn("%s CSRF token missing or wrong on %s %s", req->id, req->method, rt->pattern);
        if (rt->flags & HTTP_API)
            http_problem(req, res, 403, "missing or wrong CSRF token (X-CSRF-Token header)", NULL, NULL);
        else
            http_error(req, res, 403);
        return 1;
    }
    return 0;
}
