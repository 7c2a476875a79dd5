#include "http/router.h"

#include <stdlib.h>
#include <string.h>

#include "base/str.h"

#define ROUTER_MAX_SEGMENTS 12

typedef struct compiled_route {
    const http_route *route;
    int nseg;
    const char *seg[ROUTER_MAX_SEGMENTS]; /* literal text, or the parameter name */
    size_t seglen[ROUTER_MAX_SEGMENTS];
    bool param[ROUTER_MAX_SEGMENTS];
    bool rest;                            /* the last parameter takes the rest of the path */
    int literals;                         /* for preferring /users/me over /users/{id} */
} compiled_route;

struct http_router {
    compiled_route *routes;
    int n, cap;
};

http_router *router_create(void)
{
    return calloc(1, sizeof(http_router));
}

void router_free(http_router *r)
{
    if (!r) return;
    free(r->routes);
    free(r);
}

/* Splits "/a/{b}/c" into segments; -1 when malformed. */
static int compile(const http_route *route, compiled_route *out)
{
    const char *p = route->pattern;
    memset(out, 0, sizeof *out);
    out->route = route;
    if (!p || p[0] != '/') return -1;
    if (p[1] == '\0') return 0; /* "/" has no segments */
    p++;
    int nparams = 0;
    while (*p) {
        if (out->nseg == ROUTER_MAX_SEGMENTS || out->rest) return -1;
        const char *end = strchr(p, '/');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == 0) return -1;
        int i = out->nseg++;
        if (p[0] == '{') {
            if (len < 3 || p[len - 1] != '}') return -1;
            out->param[i] = true;
            out->seg[i] = p + 1;
            out->seglen[i] = len - 2;
            if (p[len - 2] == '*') {
                out->rest = true;
                out->seglen[i]--;
            }
            if (++nparams > HTTP_MAX_PATH_PARAMS) return -1; /* the request holds this many values */
        } else {
            out->seg[i] = p;
            out->seglen[i] = len;
            out->literals++;
        }
        p += len;
        if (*p == '/') {
            p++;
            if (!*p) return -1; /* no trailing slash in patterns */
        }
    }
    return 0;
}

int router_add(http_router *r, const http_route *route)
{
    compiled_route c;
    if (!route->method || !route->handler || compile(route, &c) != 0) return -1;
    for (int i = 0; i < r->n; i++)
        if (str_eq(r->routes[i].route->method, route->method) &&
            str_eq(r->routes[i].route->pattern, route->pattern))
            return -1;
    if (r->n == r->cap) {
        int cap = r->cap ? r->cap * 2 : 32;
        compiled_route *nr = realloc(r->routes, (size_t)cap * sizeof *nr);
        if (!nr) return -1;
        r->routes = nr;
        r->cap = cap;
    }
    r->routes[r->n++] = c;
    return 0;
}

int router_add_all(http_router *r, const http_route *routes)
{
    for (const http_route *rt = routes; rt->method; rt++)
        if (router_add(r, rt) != 0) return -1;
    return 0;
}

typedef struct segs {
    int n;
    const char *s[ROUTER_MAX_SEGMENTS + 1];
    size_t len[ROUTER_MAX_SEGMENTS + 1];
} segs;

/* Splits a request path; more segments than any route has count as no match. */
static int split_path(const char *path, segs *out)
{
    out->n = 0;
    if (!path || path[0] != '/') return -1;
    const char *p = path + 1;
    while (*p) {
        if (out->n > ROUTER_MAX_SEGMENTS) return -1;
        const char *end = strchr(p, '/');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        out->s[out->n] = p;
        out->len[out->n] = len;
        out->n++;
        p += len;
        if (*p == '/') {
            p++;
            if (!*p) { /* a trailing slash is an empty last segment: "/users/" is not "/users" */
                if (out->n > ROUTER_MAX_SEGMENTS) return -1;
                out->s[out->n] = p;
                out->len[out->n] = 0;
                out->n++;
            }
        }
    }
    return 0;
}

static bool matches(const compiled_route *c, const segs *s)
{
    if (c->rest ? s->n < c->nseg : s->n != c->nseg) return false;
    for (int i = 0; i < c->nseg; i++) {
        if (c->param[i]) {
            if (s->len[i] == 0) return false;
            continue;
        }
        if (s->len[i] != c->seglen[i] || memcmp(s->s[i], c->seg[i], c->seglen[i]) != 0)
            return false;
    }
    return true;
}

int router_match(const http_router *r, http_request *req, const char *method, const char *path,
                 const char **allow)
{
    segs s;
    if (split_path(path, &s) != 0) return ROUTER_NOT_FOUND;
    const char *m = str_eq(method, "HEAD") ? "GET" : method;
    const compiled_route *best = NULL;
    buf methods;
    buf_init(&methods, 256);
    bool path_found = false;
    for (int i = 0; i < r->n; i++) {
        const compiled_route *c = &r->routes[i];
        if (!matches(c, &s)) continue;
        path_found = true;
        if (str_eq(c->route->method, m)) {
            if (!best || c->literals > best->literals) best = c;
        } else if (!strstr(buf_cstr(&methods), c->route->method)) {
            if (methods.len) buf_puts(&methods, ", ");
            buf_puts(&methods, c->route->method);
        }
    }
    int rc;
    if (best) {
        req->route = best->route;
        req->npath = 0;
        for (int i = 0; i < best->nseg; i++) {
            if (!best->param[i]) continue;
            int k = req->npath++;
            req->path_names[k] = arena_strndup(req->arena, best->seg[i], best->seglen[i]);
            size_t len = s.len[i];
            if (best->rest && i == best->nseg - 1) len = strlen(s.s[i]);
            req->path_values[k] = arena_strndup(req->arena, s.s[i], len);
        }
        rc = ROUTER_MATCH;
    } else if (path_found) {
        if (allow) *allow = arena_strdup(req->arena, buf_cstr(&methods));
        rc = ROUTER_METHOD_NOT_ALLOWED;
    } else {
        rc = ROUTER_NOT_FOUND;
    }
    buf_free(&methods);
    return rc;
}

int router_count(const http_router *r)
{
    return r->n;
}

const http_route *router_get(const http_router *r, int i)
{
    return i >= 0 && i < r->n ? r->routes[i].route : NULL;
}
