#include "http/api.h"

#include <string.h>
#include <strings.h>

#include "base/json.h"
#include "base/str.h"
#include "base/time.h"
#include "db/db.h"
#include "http/html.h"
#include "http/server.h"

/* The catalogue's keys, so that a client can tell reasons apart without parsing text. */
static const char *const msg_keys[] = {
#define MSG(id, nl, en) #id,
#include "http/messages.def"
#undef MSG
};

void api_errors_add(api_errors *e, const char *field, msg_id reason)
{
    if (api_errors_has(e, field, NULL) || e->n == API_MAX_ERRORS) return;
    e->items[e->n++] = (api_field_error){field, reason};
}

bool api_errors_has(const api_errors *e, const char *field, msg_id *reason)
{
    for (int i = 0; i < e->n; i++)
        if (str_eq(e->items[i].field, field)) {
            if (reason) *reason = e->items[i].reason;
            return true;
        }
    return false;
}

const char *api_errors_text(const http_request *req, const api_errors *e, const char *field)
{
    msg_id r;
    return e && api_errors_has(e, field, &r) ? msg(req, r) : NULL;
}

api_text_result api_text_check(const char *s, bool required, size_t max_chars, bool multiline)
{
    if (!s || !*s) return required ? API_TEXT_MISSING : API_TEXT_OK;
    size_t n = strlen(s);
    if (!str_utf8_valid(s, n)) return API_TEXT_INVALID;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (multiline && (*p == '\t' || *p == '\n' || *p == '\r')) continue;
        if (*p < 0x20 || *p == 0x7f) return API_TEXT_INVALID;
    }
    return str_utf8_len(s) > max_chars ? API_TEXT_TOO_LONG : API_TEXT_OK;
}

/* True for application/json and application/<something>+json, with parameters. */
static bool is_json_type(const char *ct)
{
    if (!ct) return false;
    while (*ct == ' ') ct++;
    size_t n = strcspn(ct, "; ");
    if (n == 16 && strncasecmp(ct, "application/json", 16) == 0) return true;
    return n > 17 && strncasecmp(ct, "application/", 12) == 0 && strncasecmp(ct + n - 5, "+json", 5) == 0;
}

int api_read_json(http_request *req, http_response *res, json_t **out)
{
    *out = NULL;
    if (!is_json_type(http_header(req, "Content-Type"))) {
        http_problem(req, res, 415, "the body must be JSON: send Content-Type: application/json", NULL, NULL);
        return -1;
    }
    char err[256];
    json_t *v = json_parse(req->body, req->body_len, err, sizeof err);
    if (!v) {
        http_problem(req, res, 400, err, NULL, NULL);
        return -1;
    }
    if (!json_is_object(v)) {
        json_decref(v);
        http_problem(req, res, 400, "the body must be a JSON object", NULL, NULL);
        return -1;
    }
    *out = v;
    return 0;
}

void api_reject_unknown(const json_t *body, const char *const *known, api_errors *e)
{
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)body, key, v) {
        bool ok = false;
        for (const char *const *k = known; *k && !ok; k++) ok = str_eq(*k, key);
        /* key belongs to body, which the handler keeps until it has answered. */
        if (!ok) api_errors_add(e, key, MSG_API_UNKNOWN_FIELD);
    }
}

void api_get_string(const json_t *body, const char *key, const char **out, api_errors *e)
{
    json_t *v = json_object_get(body, key);
    *out = NULL;
    if (!v || json_is_null(v)) return;
    if (!json_is_string(v)) {
        api_errors_add(e, key, MSG_API_NOT_A_STRING);
        return;
    }
    if (strlen(json_string_value(v)) != json_string_length(v)) {
        api_errors_add(e, key, MSG_API_NUL_IN_STRING);
        return;
    }
    *out = json_string_value(v);
}

void api_get_id(const json_t *body, const char *key, int64_t *out, api_errors *e)
{
    json_t *v = json_object_get(body, key);
    *out = 0;
    if (!v || json_is_null(v)) return;
    if (!json_is_integer(v) || json_integer_value(v) <= 0) {
        api_errors_add(e, key, MSG_API_NOT_AN_ID);
        return;
    }
    *out = (int64_t)json_integer_value(v);
}

int api_reply(http_request *req, http_response *res, int status, json_t *v)
{
    (void)req;
    if (!v) return DB_ENOMEM;
    res->status = status;
    res->content_type = "application/json";
    buf_reset(&res->body);
    int rc = json_to_buf(v, &res->body);
    json_decref(v);
    return rc ? DB_ENOMEM : 0;
}

void api_problem_errors(http_request *req, http_response *res, int status, const char *detail,
                        const api_errors *e)
{
    http_problem(req, res, status, detail, NULL, NULL);
    json_error_t je;
    json_t *p = json_loadb(res->body.data, res->body.len, 0, &je);
    if (!p) return;
    json_t *list = json_array();
    for (int i = 0; e && i < e->n; i++) {
        const char *key = msg_keys[e->items[i].reason];
        json_array_append_new(list, json_pack("{s:s, s:s, s:s}", "field", e->items[i].field, "reason",
                                              msg_in("en", e->items[i].reason), "code",
                                              str_starts_with(key, "MSG_") ? key + 4 : key));
    }
    json_object_set_new(p, "errors", list);
    buf_reset(&res->body);
    json_to_buf(p, &res->body);
    json_decref(p);
}

int api_fail(int rc)
{
    return rc == DB_EBUSY ? -503 : rc;
}

int api_page_parse(http_request *req, http_response *res, api_page *pg)
{
    pg->limit = API_LIMIT_DEFAULT;
    pg->after = 0;
    int64_t v;
    const char *s = http_query(req, "limit");
    if (s) {
        if (s[0] == '+' || str_to_int64(s, 1, API_LIMIT_MAX, &v) != 0) {
            http_problem(req, res, 400, "limit must be a whole number from 1 to 200", "limit",
                         "must be a whole number from 1 to 200");
            return -1;
        }
        pg->limit = (int)v;
    }
    s = http_query(req, "after");
    if (s) {
        if (s[0] == '+' || str_to_int64(s, 1, INT64_MAX, &v) != 0) {
            http_problem(req, res, 400, "after must be the id of the last item of the previous page",
                         "after", "must be a positive whole number");
            return -1;
        }
        pg->after = v;
    }
    return 0;
}

/* The URL of the list page after next_after: this request's path and query
 * with "after" replaced; NULL on OOM. */
static char *next_url(http_request *req, int64_t next_after)
{
    buf u;
    buf_init(&u, 16 * 1024);
    buf_puts(&u, req->path);
    char sep = '?';
    http_query(req, "after"); /* parses the query string */
    for (int i = 0; i < req->nquery; i++) {
        if (str_eq(req->query[i].name, "after")) continue;
        buf_putc(&u, sep);
        sep = '&';
        html_urlenc(&u, req->query[i].name);
        buf_putc(&u, '=');
        html_urlenc(&u, req->query[i].value);
    }
    buf_printf(&u, "%cafter=%lld", sep, (long long)next_after);
    char *out = u.failed ? NULL : arena_strdup(req->arena, buf_cstr(&u));
    buf_free(&u);
    return out;
}

json_t *api_list(http_request *req, json_t *items, int64_t next_after)
{
    char *url = next_after > 0 ? next_url(req, next_after) : NULL;
    return json_pack("{s:o, s:o}", "items", items ? items : json_array(), "next",
                     url ? json_string(url) : json_null());
}

void api_json_begin(http_response *res, int status, jsonw *w)
{
    res->status = status;
    res->content_type = "application/json";
    buf_reset(&res->body);
    jsonw_init(w, &res->body);
}

int api_json_end(jsonw *w)
{
    return jsonw_finish(w) == 0 ? 0 : DB_ENOMEM;
}

void api_list_begin(jsonw *w)
{
    jsonw_object_begin(w);
    jsonw_key(w, "items");
    jsonw_array_begin(w);
}

void api_list_end(http_request *req, jsonw *w, int64_t next_after)
{
    jsonw_array_end(w);
    jsonw_kstr(w, "next", next_after > 0 ? next_url(req, next_after) : NULL);
    jsonw_object_end(w);
}

json_t *api_time(int64_t t)
{
    if (!t) return json_null();
    char s[32];
    time_format_utc(s, sizeof s, t);
    return json_string(s);
}

json_t *api_string(const char *s)
{
    return s ? json_string(s) : json_null();
}

json_t *api_id(int64_t id)
{
    return id ? json_integer(id) : json_null();
}

/* Written by scripts/embed_file.py from docs/api/openapi.json. */
extern const char openapi_json[];
extern const size_t openapi_json_len;

const char *api_openapi_document(size_t *len)
{
    if (len) *len = openapi_json_len;
    return openapi_json;
}

int api_openapi_show(http_request *req, http_response *res)
{
    res->status = 200;
    res->content_type = "application/json";
    http_set_header(req, res, "Cache-Control", "public, max-age=300");
    return buf_append(&res->body, openapi_json, openapi_json_len) == BUF_OK ? 0 : DB_ENOMEM;
}

const http_route api_routes[] = {
    {"GET", "/api/v1/openapi.json", api_openapi_show, HTTP_API | HTTP_PUBLIC, "the OpenAPI 3.1 document"},
    {0},
};
