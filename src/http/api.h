/* api: what every JSON handler under /api/v1 shares. Reading a JSON body,
 * replying JSON, RFC 9457 problems with a list of field errors, keyset
 * pagination (?limit=N&after=ID answered as {"items": [...], "next": URL}),
 * RFC 3339 timestamps, and the OpenAPI document compiled into the binary.
 * Field errors (api_errors) are also what the HTML forms show per field. */
#ifndef INSTROOM_HTTP_API_H
#define INSTROOM_HTTP_API_H

#include <jansson.h>

#include "base/jsonw.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "http/http.h"
#include "http/i18n.h"

#define API_LIMIT_DEFAULT 50
#define API_LIMIT_MAX 200
#define API_MAX_ERRORS 16

/* Returned by feature functions that refused their input: nothing was
 * changed and the api_errors they were given say which field and why. */
enum { API_EINVALID = -422 };

typedef struct api_field_error {
    const char *field;  /* the field's name as in the form and the JSON body (a literal) */
    msg_id reason;      /* why, from the catalogue */
} api_field_error;

typedef struct api_errors {
    api_field_error items[API_MAX_ERRORS];
    int n;              /* errors in items; further ones are dropped */
} api_errors;

/* Adds that field is wrong for reason; the first reason per field wins. */
void api_errors_add(api_errors *e, const char *field, msg_id reason);
/* True when field has an error; *reason (if given) gets it. */
bool api_errors_has(const api_errors *e, const char *field, msg_id *reason);
/* The error text of field in the request's language, or NULL (for page_field). */
const char *api_errors_text(const http_request *req, const api_errors *e, const char *field);

typedef enum { API_TEXT_OK, API_TEXT_MISSING, API_TEXT_TOO_LONG, API_TEXT_INVALID } api_text_result;
/* Checks a text value: NULL or "" is MISSING when required (else OK); more
 * than max_chars UTF-8 characters is TOO_LONG; bad UTF-8 or a control
 * character (when multiline, tabs and line ends aside) is INVALID. */
api_text_result api_text_check(const char *s, bool required, size_t max_chars, bool multiline);

/* Reads the body as a JSON object into *out (a new reference). Otherwise
 * fills res with 415 (not application/json) or 400 (not JSON, not an
 * object; the detail names line, column and problem) and returns -1. */
int api_read_json(http_request *req, http_response *res, json_t **out);
/* Adds to e every member of body not listed in known (NULL-terminated). */
void api_reject_unknown(const json_t *body, const char *const *known, api_errors *e);
/* Reads the optional string member key: *out is NULL when absent or null,
 * and an error is added when it is of another type. */
void api_get_string(const json_t *body, const char *key, const char **out, api_errors *e);
/* Reads the optional integer member key (0 when absent or null). */
void api_get_id(const json_t *body, const char *key, int64_t *out, api_errors *e);

/* Starts a streamed JSON reply (status, application/json) written with w into
 * the response body. Finish it with api_json_end. */
void api_json_begin(http_response *res, int status, jsonw *w);
/* Checks that the reply is complete: 0, or a negative code (the server answers 500). */
int api_json_end(jsonw *w);
/* Starts a list page: {"items":[ ... */
void api_list_begin(jsonw *w);
/* Ends a list page: ...],"next": the URL of the page after next_after, or null when 0}. */
void api_list_end(http_request *req, jsonw *w, int64_t next_after);

/* Replies status with v as application/json; takes the reference to v.
 * 0, or a negative code when v is NULL or could not be encoded. */
int api_reply(http_request *req, http_response *res, int status, json_t *v);
/* A 422 problem (or status) listing every field error as {"field", "reason", "code"}. */
void api_problem_errors(http_request *req, http_response *res, int status, const char *detail,
                        const api_errors *e);
/* Maps a feature or db return code to what a handler returns: DB_EBUSY
 * becomes -503 (the server answers 503); anything else is passed on. */
int api_fail(int rc);

typedef struct api_page {
    int limit;          /* 1..API_LIMIT_MAX, default API_LIMIT_DEFAULT */
    int64_t after;      /* the last id of the previous page, or 0 for the first */
} api_page;

/* Parses ?limit and ?after. On a bad value fills res with a 400 problem
 * naming the parameter and returns -1. */
int api_page_parse(http_request *req, http_response *res, api_page *pg);
/* {"items": items, "next": URL or null}: next repeats the request's path and
 * query with after=next_after (0: no next page). Takes the reference to items. */
json_t *api_list(http_request *req, json_t *items, int64_t next_after);

/* An RFC 3339 UTC timestamp ("2026-03-01T09:30:00Z"), or JSON null for 0. */
json_t *api_time(int64_t t);
/* A JSON string, or null for NULL. */
json_t *api_string(const char *s);
/* An integer, or null for 0 (optional ids). */
json_t *api_id(int64_t id);

/* The OpenAPI 3.1 document (docs/api/openapi.json as built in); *len its size. */
const char *api_openapi_document(size_t *len);
/* GET /api/v1/openapi.json: the document above. */
int api_openapi_show(http_request *req, http_response *res);

/* The routes of this module (the OpenAPI document), ending with {0}. */
extern const http_route api_routes[];

#endif
