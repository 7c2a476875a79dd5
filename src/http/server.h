/* server: the HTTP server (libmicrohttpd, epoll, a thread pool). It parses
 * and limits requests, serves /static/, routes, runs the authentication hook
 * and the handler, and writes one access-log line per request. */
#ifndef INSTROOM_HTTP_SERVER_H
#define INSTROOM_HTTP_SERVER_H

#include <stddef.h>

#include "http/http.h"
#include "http/router.h"

/* Runs after routing and before the handler. Returns 0 to go on to the
 * handler, or 1 when it has filled the response itself (login redirect, 401,
 * 403 for a bad CSRF token). */
typedef int (*http_before_fn)(void *ctx, http_request *req, http_response *res);

typedef struct http_server_config {
    const char *host;          /* address to bind, e.g. "127.0.0.1" or "0.0.0.0" */
    int port;                  /* 0 picks a free port */
    unsigned threads;          /* worker threads (default 8) */
    size_t max_body;           /* bytes of a non-multipart body (default 1 MiB) */
    size_t max_upload;         /* bytes of a multipart body (default 16 MiB) */
    size_t max_header;         /* bytes of request line and headers (default 32 KiB) */
    unsigned timeout_s;        /* idle connection timeout (default 30) */
    unsigned request_timeout_s;/* a request's whole body must arrive within this (default 60): 408 */
    size_t arena_limit;        /* bytes one request may allocate (default 64 MiB) */
    const char *static_dirs[4];/* folders served under /static/, first match wins */
    const http_router *router;
    http_before_fn before;
    void *before_ctx;
    int trust_proxy;           /* believe X-Forwarded-For / X-Forwarded-Proto */
    db *db;                    /* handed to every request as req->db */
    void *app;                 /* handed to every request as req->app */
    struct cache *response_cache; /* for HTTP_CACHE routes; made by http_server_start */
} http_server_config;

typedef struct http_server http_server;

/* Starts listening; writes the reason to err on failure. */
int http_server_start(const http_server_config *cfg, http_server **out, char *err, size_t errn);
/* The port the server listens on. */
int http_server_port(const http_server *s);
/* Stops accepting, lets in-flight requests finish (up to grace_ms), then
 * stops and frees the server. */
void http_server_stop(http_server *s, int grace_ms);

/* Fills res with the error page for status (HTML, or problem+json under /api/). */
void http_error(http_request *req, http_response *res, int status);
/* Fills res with an RFC 9457 problem+json. field and reason may be NULL; when
 * given they are listed in "errors" so that a client can point at the field. */
void http_problem(http_request *req, http_response *res, int status, const char *detail,
                  const char *field, const char *reason);
/* Runs the pipeline (route, before, handler, error pages, headers) on a parsed
 * request without a socket; the server uses it, and so do tests and fuzzers. */
void http_dispatch(const http_server_config *cfg, http_request *req, http_response *res);

#endif
