/* The OpenAPI document built into the binary matches the router: every
 * route under /api/v1 and /healthz is documented with its method, and the
 * document lists no path or method that has no route. */
#include <criterion/criterion.h>
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "app/app.h"
#include "http/api.h"
#include "http/router.h"

static const char *const methods[] = {"get", "put", "post", "delete", "options", "head", "patch", "trace", NULL};

static json_t *load_document(void)
{
    size_t n = 0;
    const char *text = api_openapi_document(&n);
    cr_assert_not_null(text);
    cr_assert_gt(n, 0);
    json_error_t err;
    json_t *doc = json_loadb(text, n, 0, &err);
    cr_assert_not_null(doc, "docs/api/openapi.json: line %d, column %d: %s", err.line, err.column, err.text);
    return doc;
}

static bool documented(const http_route *r)
{
    return strncmp(r->pattern, "/api/v1/", 8) == 0 || strcmp(r->pattern, "/healthz") == 0;
}

Test(openapi, is_openapi_3_1)
{
    json_t *doc = load_document();
    const char *v = json_string_value(json_object_get(doc, "openapi"));
    cr_assert_not_null(v);
    cr_assert(strncmp(v, "3.1.", 4) == 0, "openapi is %s", v);
    json_t *schemes = json_object_get(json_object_get(doc, "components"), "securitySchemes");
    cr_assert_not_null(json_object_get(schemes, "bearerAuth"));
    cr_assert_not_null(json_object_get(schemes, "sessionCookie"));
    cr_assert_not_null(json_object_get(schemes, "csrfHeader"));
    json_decref(doc);
}

Test(openapi, every_route_is_documented)
{
    json_t *doc = load_document();
    json_t *paths = json_object_get(doc, "paths");
    cr_assert(json_is_object(paths));
    http_router *r = app_router();
    cr_assert_not_null(r);
    int checked = 0;
    for (int i = 0; i < router_count(r); i++) {
        const http_route *rt = router_get(r, i);
        if (!documented(rt)) continue;
        json_t *item = json_object_get(paths, rt->pattern);
        cr_expect_not_null(item, "%s %s (%s) is missing from docs/api/openapi.json", rt->method, rt->pattern,
                           rt->summary);
        char lower[16] = "";
        for (size_t k = 0; rt->method[k] && k < sizeof lower - 1; k++) lower[k] = (char)tolower((unsigned char)rt->method[k]);
        json_t *op = item ? json_object_get(item, lower) : NULL;
        cr_expect_not_null(op, "%s %s is documented without its method", rt->method, rt->pattern);
        if (op) cr_expect_not_null(json_object_get(op, "responses"), "%s %s has no responses", rt->method, rt->pattern);
        checked++;
    }
    cr_assert_geq(checked, 13, "only %d documented routes", checked);
    router_free(r);
    json_decref(doc);
}

Test(openapi, every_documented_operation_has_a_route)
{
    json_t *doc = load_document();
    json_t *paths = json_object_get(doc, "paths");
    http_router *r = app_router();
    cr_assert_not_null(r);
    const char *path;
    json_t *item;
    json_object_foreach(paths, path, item) {
        const char *key;
        json_t *op;
        int ops = 0;
        json_object_foreach(item, key, op) {
            bool is_method = false;
            for (int m = 0; methods[m]; m++) is_method |= strcmp(key, methods[m]) == 0;
            if (!is_method) continue;
            ops++;
            bool found = false;
            for (int i = 0; i < router_count(r) && !found; i++) {
                const http_route *rt = router_get(r, i);
                found = strcmp(rt->pattern, path) == 0 && strcasecmp(rt->method, key) == 0;
            }
            cr_expect(found, "docs/api/openapi.json lists %s %s, which has no route", key, path);
        }
        cr_expect_gt(ops, 0, "%s has no operations", path);
    }
    router_free(r);
    json_decref(doc);
}

Test(openapi, path_parameters_are_declared)
{
    json_t *doc = load_document();
    const char *path;
    json_t *item;
    json_object_foreach(json_object_get(doc, "paths"), path, item) {
        for (const char *p = strchr(path, '{'); p; p = strchr(p + 1, '{')) {
            const char *end = strchr(p, '}');
            cr_assert_not_null(end);
            char name[64] = "";
            size_t n = (size_t)(end - p - 1);
            cr_assert_lt(n, sizeof name);
            memcpy(name, p + 1, n);
            /* Declared on the path item, directly or as a reference to components/parameters/NAME. */
            bool found = false;
            json_t *params = json_object_get(item, "parameters"), *param;
            size_t i;
            json_array_foreach(params, i, param) {
                const char *ref = json_string_value(json_object_get(param, "$ref"));
                const char *pname = json_string_value(json_object_get(param, "name"));
                if (ref && strncmp(ref, "#/components/parameters/", 24) == 0) {
                    json_t *target = json_object_get(json_object_get(json_object_get(doc, "components"), "parameters"), ref + 24);
                    pname = json_string_value(json_object_get(target, "name"));
                }
                found |= pname && strcmp(pname, name) == 0;
            }
            cr_expect(found, "%s: parameter {%s} is not declared", path, name);
        }
    }
    json_decref(doc);
}
