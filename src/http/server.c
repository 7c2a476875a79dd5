#include "http/server.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <jansson.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "base/cache.h"
#include "base/json.h"
#include "base/log.h"
#include "base/random.h"
#include "base/str.h"
#include "base/time.h"
#include "http/i18n.h"
#include "http/page.h"
#include "http/static.h"

struct http_server {
    struct MHD_Daemon *d;
    http_server_config cfg;
    atomic_int active; /* requests in flight */
    bool own_cache;    /* the response cache was made here */
    int port;
};

/* Per-request state between libmicrohttpd's calls. */
typedef struct conn_ctx {
    arena arena;
    http_request req;
    buf body;
    size_t limit;
    int too_big;      /* the body passed its limit: 413 */
    int timed_out;    /* the body came in after the deadline: 408 */
    int status;       /* the status sent, for the access log */
    size_t bytes;
} conn_ctx;

static const char *status_text(int status)
{
    switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 413: return "Content Too Large";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 503: return "Service Unavailable";
    default: return status >= 500 ? "Internal Server Error" : "Error";
    }
}

void http_problem(http_request *req, http_response *res, int status, const char *detail,
                  const char *field, const char *reason)
{
    json_t *p = json_object();
    json_object_set_new(p, "type", json_string("about:blank"));
    json_object_set_new(p, "title", json_string(status_text(status)));
    json_object_set_new(p, "status", json_integer(status));
    if (detail) json_object_set_new(p, "detail", json_string(detail));
    json_object_set_new(p, "instance", json_string(req->path ? req->path : "/"));
    json_object_set_new(p, "request_id", json_string(req->id));
    if (field) {
        json_t *e = json_object();
        json_object_set_new(e, "field", json_string(field));
        json_object_set_new(e, "reason", json_string(reason ? reason : detail ? detail : ""));
        json_object_set_new(p, "errors", json_pack("[o]", e));
    }
    res->status = status;
    res->content_type = "application/problem+json";
    buf_reset(&res->body);
    json_to_buf(p, &res->body);
    json_decref(p);
}

void http_error(http_request *req, http_response *res, int status)
{
    if (res->file_fd >= 0) {
        close(res->file_fd);
        res->file_fd = -1;
    }
    if (str_starts_with(req->path, "/api/") || (req->route && (req->route->flags & HTTP_API)))
        http_problem(req, res, status, NULL, NULL, NULL);
    else
        page_error(req, res, status);
}

static void add_default_headers(http_request *req, http_response *res)
{
    http_set_header(req, res, "X-Request-Id", req->id);
    http_set_header(req, res, "X-Content-Type-Options", "nosniff");
    if (res->content_type && str_starts_with(res->content_type, "text/html")) {
        http_set_header(req, res, "Referrer-Policy", "same-origin");
        http_set_header(req, res, "X-Frame-Options", "DENY");
        http_set_header(req, res, "Content-Security-Policy",
                        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self';"
                        " frame-ancestors 'none'; form-action 'self'; base-uri 'none'");
    } else {
        /* JSON, files: nothing in them may run or be framed (OWASP REST advice). */
        http_set_header(req, res, "Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
    }
    if (res->file_fd < 0) {
        int has_cache = 0;
        for (int i = 0; i < res->nheaders; i++)
            if (strcasecmp(res->headers[i].name, "Cache-Control") == 0) has_cache = 1;
        if (!has_cache) http_set_header(req, res, "Cache-Control", "no-store");
    }
}

/* The cache key of a GET: who asks, the path and the query as parsed. */
static buf cache_key(const http_request *req)
{
    buf k;
    buf_init(&k, 16 * 1024);
    buf_puts(&k, req->cache_scope);
    buf_putc(&k, '\n');
    buf_puts(&k, req->path);
    for (int i = 0; i < req->nquery; i++) {
        buf_putc(&k, '\n');
        buf_puts(&k, req->query[i].name);
        buf_putc(&k, '=');
        buf_append(&k, req->query[i].value, req->query[i].len);
    }
    return k;
}

/* Runs the handler of an HTTP_CACHE route through the response cache. A
 * stored answer is: status (3 digits), content type, NUL, body. */
static int cached_handler(const http_server_config *cfg, http_request *req, http_response *res)
{
    buf k = cache_key(req);
    if (k.failed) {
        buf_free(&k);
        return req->route->handler(req, res);
    }
    uint64_t gen = req->db_gen ? req->db_gen : db_generation(req->db);
    void *v;
    size_t n;
    if (cache_get(cfg->response_cache, k.data, k.len, gen, req->arena, &v, &n) == 0) {
        const char *s = v;
        size_t tlen = strnlen(s + 3, n - 3);
        res->status = (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
        res->content_type = s + 3;
        buf_reset(&res->body);
        buf_append(&res->body, s + 3 + tlen + 1, n - 3 - tlen - 1);
        buf_free(&k);
        return 0;
    }
    int rc = req->route->handler(req, res);
    if (rc == 0 && res->status == 200 && res->nheaders == 0 && res->file_fd < 0 && !res->body.failed) {
        const char *ct = res->content_type ? res->content_type : "";
        size_t tlen = strlen(ct);
        char *val = malloc(3 + tlen + 1 + res->body.len);
        if (val) {
            memcpy(val, "200", 3);
            memcpy(val + 3, ct, tlen + 1);
            memcpy(val + 3 + tlen + 1, buf_cstr(&res->body), res->body.len);
            cache_put(cfg->response_cache, k.data, k.len, gen, val, 3 + tlen + 1 + res->body.len);
            free(val);
        }
    }
    buf_free(&k);
    return rc;
}

void http_dispatch(const http_server_config *cfg, http_request *req, http_response *res)
{
    req->db = cfg->db;
    req->app = cfg->app;
    if (str_starts_with(req->path, "/static/") &&
        (str_eq(req->method, "GET") || str_eq(req->method, "HEAD"))) {
        if (static_serve(cfg->static_dirs, req, res) != 0) http_error(req, res, 404);
        add_default_headers(req, res);
        return;
    }
    const char *allow = NULL;
    int m = router_match(cfg->router, req, req->method, req->path, &allow);
    if (m == ROUTER_NOT_FOUND) {
        http_error(req, res, 404);
    } else if (m == ROUTER_METHOD_NOT_ALLOWED) {
        http_error(req, res, 405);
        http_set_header(req, res, "Allow", allow);
    } else if (!cfg->before || cfg->before(cfg->before_ctx, req, res) == 0) {
        bool cacheable = cfg->response_cache && (req->route->flags & HTTP_CACHE) && req->cache_scope &&
                         req->db && (str_eq(req->method, "GET") || str_eq(req->method, "HEAD")) &&
                         res->nheaders == 0;
        int rc = cacheable ? cached_handler(cfg, req, res) : req->route->handler(req, res);
        if (rc != 0) {
            log_error("%s handler for %s %s failed: %d", req->id, req->method,
                      req->route->pattern, rc);
            buf_reset(&res->body);
            res->nheaders = 0;
            http_error(req, res, rc == -503 ? 503 : 500);
        }
    }
    if (res->body.failed) {
        buf_reset(&res->body);
        http_error(req, res, 500);
    }
    http_db_release(req);
    add_default_headers(req, res);
}

static enum MHD_Result copy_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                   const char *value)
{
    (void)kind;
    conn_ctx *cx = cls;
    http_request *req = &cx->req;
    if (req->nheaders % 16 == 0) {
        http_kv *nh = arena_calloc(&cx->arena, (size_t)req->nheaders + 16, sizeof *nh);
        if (!nh) return MHD_NO;
        if (req->nheaders) memcpy(nh, req->headers, (size_t)req->nheaders * sizeof *nh);
        req->headers = nh;
    }
    req->headers[req->nheaders].name = key;
    req->headers[req->nheaders].value = value ? value : "";
    req->headers[req->nheaders].len = value ? strlen(value) : 0;
    req->nheaders++;
    return MHD_YES;
}

static enum MHD_Result copy_query(void *cls, enum MHD_ValueKind kind, const char *key,
                                  const char *value)
{
    (void)kind;
    conn_ctx *cx = cls;
    http_request *req = &cx->req;
    if (req->nquery >= 200) return MHD_NO;
    if (req->nquery % 16 == 0) {
        http_kv *nq = arena_calloc(&cx->arena, (size_t)req->nquery + 16, sizeof *nq);
        if (!nq) return MHD_NO;
        if (req->nquery) memcpy(nq, req->query, (size_t)req->nquery * sizeof *nq);
        req->query = nq;
    }
    const char *v = value ? value : "";
    if (!str_utf8_valid(key, strlen(key)) || !str_utf8_valid(v, strlen(v))) return MHD_YES;
    req->query[req->nquery++] = (http_kv){.name = key, .value = v, .len = strlen(v)};
    return MHD_YES;
}

static enum MHD_Result send_response(struct MHD_Connection *conn, conn_ctx *cx, http_response *res)
{
    struct MHD_Response *r;
    if (res->file_fd >= 0) {
        r = MHD_create_response_from_fd(res->file_size, res->file_fd);
        cx->bytes = res->file_size;
    } else {
        size_t len;
        char *data = buf_detach(&res->body, &len);
        r = MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);
        cx->bytes = len;
    }
    if (!r) return MHD_NO;
    if (res->content_type) MHD_add_response_header(r, "Content-Type", res->content_type);
    for (int i = 0; i < res->nheaders; i++)
        MHD_add_response_header(r, res->headers[i].name, res->headers[i].value);
    cx->status = res->status;
    enum MHD_Result ok = MHD_queue_response(conn, (unsigned)res->status, r);
    MHD_destroy_response(r);
    return ok;
}

/* inet_ntop for IPv4 without its locale-aware printf (once per request). */
static void ipv4_text(struct in_addr a, char out[INET_ADDRSTRLEN])
{
    const unsigned char *b = (const unsigned char *)&a.s_addr;
    size_t n = 0;
    for (int i = 0; i < 4; i++) {
        if (i) out[n++] = '.';
        if (b[i] >= 100) out[n++] = (char)('0' + b[i] / 100);
        if (b[i] >= 10) out[n++] = (char)('0' + b[i] / 10 % 10);
        out[n++] = (char)('0' + b[i] % 10);
    }
    out[n] = '\0';
}

static void fill_request(http_server *s, struct MHD_Connection *conn, conn_ctx *cx,
                         const char *url, const char *method)
{
    http_request *req = &cx->req;
    http_request_init(req, &cx->arena);
    req->started_ms = time_mono_ms();
    /* Request ids name log lines, not secrets: a per-thread generator seeded
     * once from the system saves a system call per request. */
    static _Thread_local rng ids;
    static _Thread_local bool seeded;
    if (!seeded) {
        uint64_t seed;
        random_bytes(&seed, sizeof seed);
        rng_seed(&ids, seed);
        seeded = true;
    }
    uint64_t idv = rng_next(&ids);
    unsigned char idb[8];
    memcpy(idb, &idv, sizeof idb);
    str_hex(req->id, idb, sizeof idb);
    req->method = arena_strdup(&cx->arena, method);
    req->path = arena_strdup(&cx->arena, url);
    MHD_get_connection_values(conn, MHD_HEADER_KIND, copy_header, cx);
    MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, copy_query, cx);
    req->query_parsed = true;
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    char ip[INET6_ADDRSTRLEN] = "?";
    if (ci && ci->client_addr) {
        const struct sockaddr *sa = ci->client_addr;
        if (sa->sa_family == AF_INET)
            ipv4_text(((const struct sockaddr_in *)(const void *)sa)->sin_addr, ip);
        else if (sa->sa_family == AF_INET6)
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, ip, sizeof ip);
    }
    req->remote_ip = arena_strdup(&cx->arena, ip);
    if (s->cfg.trust_proxy) {
        const char *fwd = http_header(req, "X-Forwarded-For");
        if (fwd) {
            const char *comma = strchr(fwd, ',');
            req->remote_ip = str_trim(&cx->arena, comma ? arena_strndup(&cx->arena, fwd, (size_t)(comma - fwd)) : fwd);
        }
        req->https = str_eq_nocase(http_header(req, "X-Forwarded-Proto"), "https");
    }
}

/* Percent-decodes the path and query in place, except "%00": a NUL byte must
 * never cut a name short ("/static/a.css%00.png" stays as it is and is refused). */
static size_t unescape(void *cls, struct MHD_Connection *conn, char *s)
{
    (void)cls;
    (void)conn;
    char *out = s;
    for (char *p = s; *p; p++) {
        if (p[0] == '%' && isxdigit((unsigned char)p[1]) && isxdigit((unsigned char)p[2]) &&
            !(p[1] == '0' && p[2] == '0')) {
            char hex[3] = {p[1], p[2], 0};
            *out++ = (char)strtol(hex, NULL, 16);
            p += 2;
        } else {
            *out++ = *p;
        }
    }
    *out = '\0';
    return (size_t)(out - s);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
    (void)version;
    http_server *s = cls;
    conn_ctx *cx = *con_cls;
    if (!cx) {
        cx = calloc(1, sizeof *cx);
        if (!cx) return MHD_NO;
        arena_init(&cx->arena, s->cfg.arena_limit);
        *con_cls = cx;
        atomic_fetch_add(&s->active, 1);
        fill_request(s, conn, cx, url, method);
        const char *ctype = http_header(&cx->req, "Content-Type");
        cx->limit = (ctype && strncasecmp(ctype, "multipart/", 10) == 0) ? s->cfg.max_upload
                                                                         : s->cfg.max_body;
        buf_init(&cx->body, cx->limit);
        const char *cl = http_header(&cx->req, "Content-Length");
        int64_t len;
        if (cl && str_to_int64(cl, 0, INT64_MAX, &len) == 0 && (uint64_t)len > cx->limit) {
            /* Refuse on the announced length, before reading any of the body. */
            cx->too_big = 1;
            http_response res;
            http_response_init(&res);
            http_error(&cx->req, &res, 413);
            http_set_header(&cx->req, &res, "Connection", "close");
            http_set_header(&cx->req, &res, "X-Request-Id", cx->req.id);
            enum MHD_Result ok = send_response(conn, cx, &res);
            http_response_free(&res);
            return ok;
        }
        return MHD_YES;
    }
    if (*upload_data_size) {
        size_t n = *upload_data_size;
        *upload_data_size = 0;
        /* libmicrohttpd answers only before the body or after all of it: past the
         * size limit the rest is dropped (413 at the end); past the deadline it is
         * dropped too (408 at the end), and a client still sending at twice the
         * deadline loses its connection. */
        int64_t elapsed = time_mono_ms() - cx->req.started_ms;
        int64_t deadline = (int64_t)s->cfg.request_timeout_s * 1000;
        if (elapsed > 2 * deadline) {
            log_warn("%s %s %s: body still arriving after %lld ms, connection closed", cx->req.id,
                     cx->req.method, cx->req.path, (long long)elapsed);
            return MHD_NO;
        }
        if (elapsed > deadline) cx->timed_out = 1;
        if (!cx->too_big && !cx->timed_out && buf_append(&cx->body, upload_data, n) != BUF_OK)
            cx->too_big = 1;
        return MHD_YES;
    }
    if (cx->status) return MHD_YES; /* answered on the first call already */
    http_request *req = &cx->req;
    http_response res;
    http_response_init(&res);
    if (!cx->too_big && time_mono_ms() - req->started_ms > (int64_t)s->cfg.request_timeout_s * 1000)
        cx->timed_out = 1;
    if (cx->too_big || cx->timed_out) {
        http_error(req, &res, cx->too_big ? 413 : 408);
        http_set_header(req, &res, "Connection", "close");
        http_set_header(req, &res, "X-Request-Id", req->id);
    } else {
        req->body = cx->body.len ? buf_cstr(&cx->body) : "";
        req->body_len = cx->body.len;
        http_dispatch(&s->cfg, req, &res);
    }
    enum MHD_Result ok = send_response(conn, cx, &res);
    http_response_free(&res);
    return ok;
}

/* Appends s (cut at the end of line) to line at *n. */
static void put_str(char *line, size_t cap, size_t *n, const char *s)
{
    size_t l = strlen(s);
    if (l > cap - *n) l = cap - *n;
    memcpy(line + *n, s, l);
    *n += l;
}

static void put_uint(char *line, size_t cap, size_t *n, unsigned long long v)
{
    char d[24];
    int k = 0;
    do d[k++] = (char)('0' + v % 10); while ((v /= 10) && k < (int)sizeof d);
    while (k && *n < cap) line[(*n)++] = d[--k];
}

/* The access log line: "ID METHOD ROUTE STATUS 12ms 345B IP". Built by hand:
 * it is written for every request, and printf was a tenth of a request's
 * own work. */
static void access_log(const http_request *req, const char *what, int status, int64_t ms, size_t bytes)
{
    if (!log_enabled(LOG_INFO)) return;
    char line[1024];
    size_t n = 0, cap = sizeof line;
    put_str(line, cap, &n, req->id);
    put_str(line, cap, &n, " ");
    put_str(line, cap, &n, req->method ? req->method : "-");
    put_str(line, cap, &n, " ");
    put_str(line, cap, &n, what ? what : "-");
    put_str(line, cap, &n, " ");
    put_uint(line, cap, &n, (unsigned long long)(status < 0 ? 0 : status));
    put_str(line, cap, &n, " ");
    put_uint(line, cap, &n, (unsigned long long)(ms < 0 ? 0 : ms));
    put_str(line, cap, &n, "ms ");
    put_uint(line, cap, &n, (unsigned long long)bytes);
    put_str(line, cap, &n, "B ");
    put_str(line, cap, &n, req->remote_ip ? req->remote_ip : "-");
    log_text(LOG_INFO, line, n);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)conn;
    http_server *s = cls;
    conn_ctx *cx = *con_cls;
    if (!cx) return;
    atomic_fetch_sub(&s->active, 1);
    http_request *req = &cx->req;
    const char *what = req->route ? req->route->pattern : req->path;
    if (str_starts_with(req->path, "/static/")) what = req->path;
    if (toe == MHD_REQUEST_TERMINATED_COMPLETED_OK || cx->status)
        access_log(req, what, cx->status, time_mono_ms() - req->started_ms, cx->bytes);
    else
        log_info("%s %s %s aborted (%d) %s", req->id, req->method ? req->method : "-",
                 what ? what : "-", (int)toe, req->remote_ip ? req->remote_ip : "-");
    buf_free(&cx->body);
    arena_free(&cx->arena);
    free(cx);
    *con_cls = NULL;
}

static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char line[512];
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    vsnprintf(line, sizeof line, fmt, ap);
#pragma GCC diagnostic pop
    size_t n = strlen(line);
    while (n && line[n - 1] == '\n') line[--n] = '\0';
    log_warn("http: %s", line);
}

int http_server_start(const http_server_config *cfg, http_server **out, char *err, size_t errn)
{
    http_server *s = calloc(1, sizeof *s);
    if (!s) return -1;
    s->cfg = *cfg;
    if (!s->cfg.threads) s->cfg.threads = 8;
    if (!s->cfg.max_body) s->cfg.max_body = 1024 * 1024;
    if (!s->cfg.max_upload) s->cfg.max_upload = 16 * 1024 * 1024;
    if (!s->cfg.max_header) s->cfg.max_header = 32 * 1024;
    if (!s->cfg.timeout_s) s->cfg.timeout_s = 30;
    if (!s->cfg.request_timeout_s) s->cfg.request_timeout_s = 60;
    if (!s->cfg.arena_limit) s->cfg.arena_limit = 64 * 1024 * 1024;
    if (!s->cfg.response_cache) {
        s->cfg.response_cache = cache_create(2048, 16 * 1024 * 1024);
        s->own_cache = true;
    }

    struct sockaddr_in sa4;
    struct sockaddr_in6 sa6;
    struct sockaddr *sa;
    unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG;
    const char *host = cfg->host ? cfg->host : "127.0.0.1";
    memset(&sa4, 0, sizeof sa4);
    memset(&sa6, 0, sizeof sa6);
    if (inet_pton(AF_INET, host, &sa4.sin_addr) == 1) {
        sa4.sin_family = AF_INET;
        sa4.sin_port = htons((uint16_t)cfg->port);
        sa = (struct sockaddr *)&sa4;
    } else if (inet_pton(AF_INET6, host[0] == '[' ? host + 1 : host, &sa6.sin6_addr) == 1) {
        sa6.sin6_family = AF_INET6;
        sa6.sin6_port = htons((uint16_t)cfg->port);
        sa = (struct sockaddr *)&sa6;
        flags |= MHD_USE_IPv6;
    } else {
        snprintf(err, errn, "cannot listen on '%s': give a numeric IPv4 or IPv6 address", host);
        free(s);
        return -1;
    }
    s->d = MHD_start_daemon(
        flags, (uint16_t)cfg->port, NULL, NULL, on_request, s,
        MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, s, /* first, so that every message goes through it */
        MHD_OPTION_SOCK_ADDR, sa,
        MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)s->cfg.threads,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned int)4000,
        MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned int)1024,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)s->cfg.timeout_s,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)s->cfg.max_header,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
        MHD_OPTION_END);
    if (!s->d) {
        snprintf(err, errn, "cannot listen on %s:%d (in use, or not allowed)", host, cfg->port);
        if (s->own_cache) cache_free(s->cfg.response_cache);
        free(s);
        return -1;
    }
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
    s->port = di ? di->port : cfg->port;
    *out = s;
    return 0;
}

int http_server_port(const http_server *s)
{
    return s->port;
}

void http_server_stop(http_server *s, int grace_ms)
{
    if (!s) return;
    MHD_socket fd = MHD_quiesce_daemon(s->d); /* stop accepting; in-flight requests go on */
    int64_t until = time_mono_ms() + grace_ms;
    while (atomic_load(&s->active) > 0 && time_mono_ms() < until) usleep(10 * 1000);
    MHD_stop_daemon(s->d);
    if (fd != MHD_INVALID_SOCKET) close(fd);
    if (s->own_cache) cache_free(s->cfg.response_cache);
    free(s);
}
