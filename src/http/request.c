#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/str.h"
#include "http/form.h"
#include "http/http.h"

void http_request_init(http_request *req, arena *a)
{
    memset(req, 0, sizeof *req);
    req->arena = a;
    req->query_string = "";
    req->body = "";
    req->lang = "nl";
}

void http_response_init(http_response *res)
{
    memset(res, 0, sizeof *res);
    res->status = 200;
    res->file_fd = -1;
    buf_init(&res->body, 0);
}

void http_response_free(http_response *res)
{
    buf_free(&res->body);
}

const char *http_header(const http_request *req, const char *name)
{
    for (int i = 0; i < req->nheaders; i++)
        if (strcasecmp(req->headers[i].name, name) == 0) return req->headers[i].value;
    return NULL;
}

static const http_kv *kv_find(const http_kv *kv, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (strcmp(kv[i].name, name) == 0) return &kv[i];
    return NULL;
}

const char *http_query(http_request *req, const char *name)
{
    if (!req->query_parsed) {
        req->query_parsed = true;
        const char *err;
        if (form_parse_urlencoded(req->arena, req->query_string, strlen(req->query_string),
                                  &req->query, &req->nquery, &err) != 0)
            req->nquery = 0;
    }
    const http_kv *kv = kv_find(req->query, req->nquery, name);
    return kv ? kv->value : NULL;
}

const http_kv *http_form_field(http_request *req, const char *name)
{
    if (!req->form_parsed) {
        req->form_parsed = true;
        const char *err = NULL;
        if (form_parse_body(req->arena, http_header(req, "Content-Type"), req->body,
                            req->body_len, &req->form, &req->nform, &err) != 0) {
            req->form_error = err;
            req->nform = 0;
        }
    }
    return kv_find(req->form, req->nform, name);
}

const char *http_form(http_request *req, const char *name)
{
    const http_kv *kv = http_form_field(req, name);
    return kv ? kv->value : NULL;
}

const char *http_path_param(const http_request *req, const char *name)
{
    for (int i = 0; i < req->npath; i++)
        if (strcmp(req->path_names[i], name) == 0) return req->path_values[i];
    return NULL;
}

int64_t http_path_id(const http_request *req, const char *name)
{
    int64_t v;
    const char *s = http_path_param(req, name);
    if (!s || s[0] == '+' || s[0] == '-' || str_to_int64(s, 1, INT64_MAX, &v) != 0) return 0;
    return v;
}

const char *http_cookie(http_request *req, const char *name)
{
    const char *h = http_header(req, "Cookie");
    if (!h) return NULL;
    size_t nlen = strlen(name);
    const char *p = h;
    while (*p) {
        while (*p == ' ' || *p == ';') p++;
        const char *eq = strchr(p, '=');
        const char *end = strchr(p, ';');
        if (!end) end = p + strlen(p);
        if (eq && eq < end && (size_t)(eq - p) == nlen && memcmp(p, name, nlen) == 0) {
            const char *v = eq + 1;
            size_t vlen = (size_t)(end - v);
            if (vlen >= 2 && v[0] == '"' && v[vlen - 1] == '"') v++, vlen -= 2;
            return arena_strndup(req->arena, v, vlen);
        }
        p = end;
    }
    return NULL;
}

void http_set_header(http_request *req, http_response *res, const char *name, const char *value)
{
    if (res->nheaders == HTTP_MAX_RESPONSE_HEADERS) return;
    res->headers[res->nheaders].name = arena_strdup(req->arena, name);
    res->headers[res->nheaders].value = arena_strdup(req->arena, value);
    res->nheaders++;
}

void http_set_cookie(http_request *req, http_response *res, const char *name, const char *value,
                     int64_t max_age)
{
    char age[48] = "";
    if (max_age >= 0) snprintf(age, sizeof age, "; Max-Age=%lld", (long long)max_age);
    char *c = arena_printf(req->arena, "%s=%s; Path=/; HttpOnly; SameSite=Lax%s%s", name, value,
                           age, req->https ? "; Secure" : "");
    if (c) http_set_header(req, res, "Set-Cookie", c);
}

void http_redirect(http_request *req, http_response *res, const char *location)
{
    res->status = 303;
    http_set_header(req, res, "Location", location);
    buf_reset(&res->body);
}

void http_text(http_response *res, int status, const char *text)
{
    res->status = status;
    res->content_type = "text/plain; charset=utf-8";
    buf_reset(&res->body);
    buf_puts(&res->body, text);
}

db_conn *http_db(http_request *req)
{
    if (!req->conn && req->db) req->conn = db_acquire(req->db);
    return req->conn;
}

void http_db_release(http_request *req)
{
    if (req->conn) db_release(req->conn);
    req->conn = NULL;
}
