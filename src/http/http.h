/* http: the request and response every handler sees, independent of
 * libmicrohttpd so that handlers and parsers can be tested without a socket.
 * Everything a request allocates lives in its arena and dies with it. */
#ifndef INSTROOM_HTTP_HTTP_H
#define INSTROOM_HTTP_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/buf.h"
#include "db/db.h"

#define HTTP_MAX_PATH_PARAMS 6
#define HTTP_MAX_RESPONSE_HEADERS 16

typedef struct http_kv {
    const char *name;
    const char *value;
    size_t len;               /* bytes of value (form fields may hold binary uploads) */
    const char *filename;     /* multipart: the file's name, else NULL */
    const char *content_type; /* multipart: the part's type, else NULL */
} http_kv;

typedef struct http_route http_route;

typedef struct http_request {
    arena *arena;              /* owns everything below */
    const char *method;
    const char *path;          /* percent-decoded, without the query */
    const char *query_string;  /* raw, without '?', or "" */
    const char *body;          /* NUL-terminated copy of the body */
    size_t body_len;
    const char *remote_ip;
    bool https;                /* the request came through https (X-Forwarded-Proto behind a proxy) */
    char id[17];               /* request id, hex, also in the access log and X-Request-Id */
    int64_t started_ms;

    http_kv *headers;          /* all request headers; names as sent */
    int nheaders;

    const http_route *route;   /* the route that matched */
    const char *path_names[HTTP_MAX_PATH_PARAMS];
    const char *path_values[HTTP_MAX_PATH_PARAMS];
    int npath;

    http_kv *query;            /* parsed on first use */
    int nquery;
    bool query_parsed;
    http_kv *form;             /* parsed on first use */
    int nform;
    bool form_parsed;
    const char *form_error;    /* why the body could not be parsed, or NULL */

    db *db;                    /* the server's database */
    db_conn *conn;             /* taken on first http_db() and given back after the response */
    void *app;                 /* the application's context (http_server_config.app) */

    /* Set by the authentication hook before the handler runs. */
    void *principal;           /* the auth module's idea of who is asking, or NULL */
    const char *csrf_token;    /* the token forms must carry */
    const char *lang;          /* "nl" or "en" */
    const char *user_name;     /* for the page header, or NULL */
    unsigned roles;            /* role bits, for the navigation */
    const char *cache_scope;   /* who is asking, as a cache key prefix; NULL: never cache */
    uint64_t db_gen;           /* db_generation as the hook last saw it (after its own writes), or 0 */
} http_request;

typedef struct http_response {
    int status;
    const char *content_type;
    buf body;
    http_kv headers[HTTP_MAX_RESPONSE_HEADERS];
    int nheaders;
    int file_fd;               /* >= 0: send this file instead of body (the server closes it) */
    uint64_t file_size;
} http_response;

typedef int (*http_handler)(http_request *req, http_response *res);

/* Route flags. */
enum {
    HTTP_PUBLIC = 1 << 0,      /* no login needed */
    HTTP_API = 1 << 1,         /* JSON API: errors as problem+json, bearer tokens accepted */
    HTTP_NO_CSRF = 1 << 2,     /* exempt from the CSRF check (login form has its own) */
    HTTP_CACHE = 1 << 3,       /* GET answers may be cached per principal until the database
                                  changes; only for routes that return nothing whose reading
                                  must be audited */
};

struct http_route {
    const char *method;
    const char *pattern;       /* "/api/v1/orgs/{id}"; a last segment "{rest*}" takes the rest */
    http_handler handler;
    unsigned flags;
    const char *summary;       /* for the route list and the OpenAPI check */
};

/* Initialises req for a new request with its own arena (limit in bytes). */
void http_request_init(http_request *req, arena *a);
/* Initialises an empty 200 response. */
void http_response_init(http_response *res);
/* Frees the response's body (headers live in the request arena). */
void http_response_free(http_response *res);

/* The request header name (case-insensitive), or NULL. */
const char *http_header(const http_request *req, const char *name);
/* The query parameter name, or NULL. */
const char *http_query(http_request *req, const char *name);
/* The form field name of a urlencoded or multipart body, or NULL. */
const char *http_form(http_request *req, const char *name);
/* The form field as a whole (for uploads), or NULL. */
const http_kv *http_form_field(http_request *req, const char *name);
/* The path parameter name of the matched route, or NULL. */
const char *http_path_param(const http_request *req, const char *name);
/* The path parameter name as a positive 64-bit id, or 0 when it is not one. */
int64_t http_path_id(const http_request *req, const char *name);
/* The value of cookie name from the Cookie header, or NULL. */
const char *http_cookie(http_request *req, const char *name);

/* The request's database connection, taken from the pool on first use and
 * released by the server when the request is done. */
db_conn *http_db(http_request *req);
/* Gives the request's connection back early (rolls back an open transaction). */
void http_db_release(http_request *req);

/* Adds a response header; name and value are copied into the request arena. */
void http_set_header(http_request *req, http_response *res, const char *name, const char *value);
/* Appends a Set-Cookie with HttpOnly, SameSite=Lax, Path=/ and Secure on https;
 * max_age < 0 makes a session cookie, 0 deletes it. */
void http_set_cookie(http_request *req, http_response *res, const char *name, const char *value,
                     int64_t max_age);
/* 303 See Other to location (a local path). */
void http_redirect(http_request *req, http_response *res, const char *location);
/* Sets status, a text/plain body and its type. */
void http_text(http_response *res, int status, const char *text);

#endif
