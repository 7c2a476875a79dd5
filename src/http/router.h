/* router: matches a method and a path against the registered routes. */
#ifndef INSTROOM_HTTP_ROUTER_H
#define INSTROOM_HTTP_ROUTER_H

#include "http/http.h"

typedef struct http_router http_router;

enum { ROUTER_MATCH = 0, ROUTER_NOT_FOUND = -1, ROUTER_METHOD_NOT_ALLOWED = -2 };

/* A new, empty router; free with router_free. NULL on OOM. */
http_router *router_create(void);
void router_free(http_router *r);
/* Adds a route; the route struct must outlive the router (use static tables).
 * Returns 0, or -1 when the pattern is malformed or already taken. */
int router_add(http_router *r, const http_route *route);
/* Adds every route of a table that ends with a {0} entry; -1 on the first error. */
int router_add_all(http_router *r, const http_route *routes);
/* Matches method and path. On ROUTER_MATCH fills req->route and the path
 * parameters (copied into req->arena). On ROUTER_METHOD_NOT_ALLOWED, *allow
 * gets the allowed methods ("GET, POST") in the arena. */
int router_match(const http_router *r, http_request *req, const char *method, const char *path,
                 const char **allow);
/* Number of routes and the i-th route, for documentation checks. */
int router_count(const http_router *r);
const http_route *router_get(const http_router *r, int i);

#endif
