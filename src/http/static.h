/* static: files under /static/ from a few folders, with ETag, 304 and cache
 * headers. Only plain names are accepted: no "..", no hidden files, no links. */
#ifndef INSTROOM_HTTP_STATIC_H
#define INSTROOM_HTTP_STATIC_H

#include "http/http.h"

/* Serves req->path (which starts with /static/) from the first of dirs (a
 * NULL-ended list of at most 4) that has it. 0 when res is filled (200 or
 * 304), -1 when there is no such file (the caller answers 404). */
int static_serve(const char *const dirs[4], http_request *req, http_response *res);
/* True when rel is a safe relative file name: segments of [A-Za-z0-9._-], none
 * starting with '.', no empty segment. */
int static_name_ok(const char *rel);

#endif
