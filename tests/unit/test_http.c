#include <criterion/criterion.h>
#include <string.h>

#include "http/form.h"
#include "http/html.h"
#include "http/i18n.h"
#include "http/router.h"
#include "http/server.h"
#include "http/static.h"

static int h_ok(http_request *req, http_response *res)
{
    http_text(res, 200, req->route->pattern);
    return 0;
}

static int h_fail(http_request *req, http_response *res)
{
    (void)req;
    (void)res;
    return -1;
}

static const http_route routes[] = {
    {"GET", "/", h_ok, HTTP_PUBLIC, "home"},
    {"GET", "/api/v1/users/{id}", h_ok, HTTP_API, "user"},
    {"GET", "/api/v1/users/me", h_ok, HTTP_API, "me"},
    {"POST", "/api/v1/users", h_ok, HTTP_API, "create"},
    {"GET", "/api/v1/users", h_ok, HTTP_API, "list"},
    {"GET", "/files/{rest*}", h_ok, 0, "files"},
    {"GET", "/boom", h_fail, 0, "fails"},
    {0},
};

static arena A;
static http_request req;

static void setup(void)
{
    arena_init(&A, 0);
    http_request_init(&req, &A);
    req.method = "GET";
    strcpy(req.id, "0123456789abcdef");
}

static void teardown(void)
{
    arena_free(&A);
}

TestSuite(router, .init = setup, .fini = teardown);

Test(router, matches_params_and_prefers_literals)
{
    http_router *r = router_create();
    cr_assert_eq(router_add_all(r, routes), 0);
    cr_assert_eq(router_count(r), 7);
    cr_assert_eq(router_match(r, &req, "GET", "/api/v1/users/42", NULL), ROUTER_MATCH);
    cr_assert_str_eq(req.route->summary, "user");
    cr_assert_str_eq(http_path_param(&req, "id"), "42");
    cr_assert_eq(http_path_id(&req, "id"), 42);
    cr_assert_eq(router_match(r, &req, "GET", "/api/v1/users/me", NULL), ROUTER_MATCH);
    cr_assert_str_eq(req.route->summary, "me");
    cr_assert_eq(router_match(r, &req, "HEAD", "/", NULL), ROUTER_MATCH, "HEAD is served by GET");
    cr_assert_eq(router_match(r, &req, "GET", "/files/a/b/c.txt", NULL), ROUTER_MATCH);
    cr_assert_str_eq(http_path_param(&req, "rest"), "a/b/c.txt");
    const char *allow = NULL;
    cr_assert_eq(router_match(r, &req, "DELETE", "/api/v1/users", &allow), ROUTER_METHOD_NOT_ALLOWED);
    cr_assert_str_eq(allow, "POST, GET");
    cr_assert_eq(router_match(r, &req, "GET", "/api/v1/nope", NULL), ROUTER_NOT_FOUND);
    cr_assert_eq(router_match(r, &req, "GET", "/api/v1/users/", NULL), ROUTER_NOT_FOUND, "empty parameter");
    cr_assert_eq(router_match(r, &req, "GET", "", NULL), ROUTER_NOT_FOUND);
    cr_assert_eq(router_match(r, &req, "GET", "/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p", NULL), ROUTER_NOT_FOUND);
    /* Regression (found by fuzz/router.c): many segments and a trailing slash overflowed the segment array. */
    cr_assert_eq(router_match(r, &req, "GET", "/a/b/c/d/e/f/g/h/i/j/k/l/m/", NULL), ROUTER_NOT_FOUND);
    cr_assert_eq(router_match(r, &req, "GET", "/a/b/c/d/e/f/g/h/i/j/k/l/", NULL), ROUTER_NOT_FOUND);
    router_free(r);
}

Test(router, refuses_bad_patterns_and_duplicates)
{
    http_router *r = router_create();
    static const http_route bad[] = {
        {"GET", "nope", h_ok, 0, ""},     {"GET", "/a//b", h_ok, 0, ""},
        {"GET", "/a/", h_ok, 0, ""},      {"GET", "/{}", h_ok, 0, ""},
        {"GET", "/{x*}/y", h_ok, 0, ""},  {"GET", "/{unclosed", h_ok, 0, ""},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        cr_assert_eq(router_add(r, &bad[i]), -1, "%s", bad[i].pattern);
    cr_assert_eq(router_add(r, &routes[0]), 0);
    cr_assert_eq(router_add(r, &routes[0]), -1, "duplicate");
    router_free(r);
}

/* Regression: the limit is on parameters (what a request holds), not on
 * the segment a parameter is in: /api/v1/people/{id}/availability/windows/{wid}
 * has two, the second in the seventh segment. */
Test(router, parameters_deep_in_the_path)
{
    http_router *r = router_create();
    static const http_route deep[] = {
        {"DELETE", "/api/v1/people/{id}/availability/windows/{wid}", h_ok, HTTP_API, "deep"},
        {"GET", "/a/{p1}/{p2}/{p3}/{p4}/{p5}/{p6}", h_ok, 0, "six"},
        {0},
    };
    static const http_route seven = {"GET", "/b/{p1}/{p2}/{p3}/{p4}/{p5}/{p6}/{p7}", h_ok, 0, "seven"};
    cr_assert_eq(router_add_all(r, deep), 0);
    cr_assert_eq(router_add(r, &seven), -1, "more parameters than a request holds");
    cr_assert_eq(router_match(r, &req, "DELETE", "/api/v1/people/12/availability/windows/34", NULL), ROUTER_MATCH);
    cr_assert_eq(http_path_id(&req, "id"), 12);
    cr_assert_eq(http_path_id(&req, "wid"), 34);
    cr_assert_eq(router_match(r, &req, "GET", "/a/1/2/3/4/5/6", NULL), ROUTER_MATCH);
    cr_assert_str_eq(http_path_param(&req, "p6"), "6");
    router_free(r);
}

Test(router, path_id_rejects_non_ids)
{
    req.npath = 1;
    req.path_names[0] = "id";
    const char *bad[] = {"0", "-1", "+1", "1x", "99999999999999999999", ""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        req.path_values[0] = bad[i];
        cr_assert_eq(http_path_id(&req, "id"), 0, "%s", bad[i]);
    }
}

TestSuite(form, .init = setup, .fini = teardown);

Test(form, urlencoded)
{
    http_kv *kv;
    int n;
    const char *err;
    const char *body = "email=a%40b.nl&password=p+w&empty=&flag&&x=%C3%A9";
    cr_assert_eq(form_parse_urlencoded(&A, body, strlen(body), &kv, &n, &err), 0);
    cr_assert_eq(n, 5);
    cr_assert_str_eq(kv[0].value, "a@b.nl");
    cr_assert_str_eq(kv[1].value, "p w");
    cr_assert_str_eq(kv[2].value, "");
    cr_assert_str_eq(kv[3].name, "flag");
    cr_assert_str_eq(kv[4].value, "\xc3\xa9");
    cr_assert_eq(form_parse_urlencoded(&A, "a=%zz", 5, &kv, &n, &err), -1);
    cr_assert_eq(form_parse_urlencoded(&A, "a=%ff", 5, &kv, &n, &err), -1, "not UTF-8");
    cr_assert(strstr(err, "UTF-8") != NULL);
    cr_assert_eq(form_parse_urlencoded(&A, "a=%00", 5, &kv, &n, &err), -1);
    char many[4200];
    memset(many, '&', sizeof many - 1);
    many[sizeof many - 1] = 0;
    cr_assert_eq(form_parse_urlencoded(&A, many, strlen(many), &kv, &n, &err), -1);
    cr_assert_str_eq(err, "too many fields");
}

Test(form, multipart)
{
    const char *ct = "multipart/form-data; boundary=XyZ";
    const char *body = "--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nHallo wereld\r\n"
                       "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n"
                       "Content-Type: text/csv\r\n\r\na;b\r\n\xff\x00z\r\n--XyZ--\r\n";
    size_t len = strlen(body) + 6; /* through the NUL inside the file part */
    len = 0;
    while (memcmp(body + len, "--XyZ--", 7) != 0) len++;
    len += 9;
    http_kv *kv;
    int n;
    const char *err = NULL;
    cr_assert_eq(form_parse_multipart(&A, ct, body, len, &kv, &n, &err), 0, "%s", err);
    cr_assert_eq(n, 2);
    cr_assert_str_eq(kv[0].name, "title");
    cr_assert_str_eq(kv[0].value, "Hallo wereld");
    cr_assert_null(kv[0].filename);
    cr_assert_str_eq(kv[1].filename, "a.csv");
    cr_assert_str_eq(kv[1].content_type, "text/csv");
    cr_assert_eq(kv[1].len, 8);
    cr_assert_eq(memcmp(kv[1].value, "a;b\r\n\xff\x00z", 8), 0);

    const char *bad[][2] = {
        {"multipart/form-data", "--X\r\n"},
        {ct, "garbage"},
        {ct, "--XyZ\r\nContent-Disposition: form-data\r\n\r\nno name\r\n--XyZ--"},
        {ct, "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nnever closed"},
        {ct, "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\nno end of headers"},
        {ct, "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n\xc3\x28\r\n--XyZ--"},
        {ct, "--XyZ"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err = NULL;
        cr_assert_eq(form_parse_multipart(&A, bad[i][0], bad[i][1], strlen(bad[i][1]), &kv, &n, &err), -1,
                     "case %zu", i);
        cr_assert_not_null(err);
    }
    cr_assert_eq(form_parse_body(&A, "application/json", "{}", 2, &kv, &n, &err), -1);
    cr_assert_eq(form_parse_body(&A, NULL, "a=b", 3, &kv, &n, &err), -1);
}

Test(form, request_accessors)
{
    http_kv headers[] = {{.name = "Content-Type", .value = "application/x-www-form-urlencoded"},
                         {.name = "Cookie", .value = "a=1; instroom_session=abc; b=\"q\""}};
    req.headers = headers;
    req.nheaders = 2;
    req.body = "csrf=t&name=Zinzia";
    req.body_len = strlen(req.body);
    cr_assert_str_eq(http_header(&req, "content-type"), "application/x-www-form-urlencoded");
    cr_assert_str_eq(http_form(&req, "name"), "Zinzia");
    cr_assert_null(http_form(&req, "nope"));
    cr_assert_str_eq(http_cookie(&req, "instroom_session"), "abc");
    cr_assert_str_eq(http_cookie(&req, "b"), "q");
    cr_assert_null(http_cookie(&req, "instroom"));
    req.query_string = "page=2&q=a+b";
    cr_assert_str_eq(http_query(&req, "q"), "a b");
    http_response res;
    http_response_init(&res);
    req.https = true;
    http_set_cookie(&req, &res, "s", "v", 60);
    cr_assert_str_eq(res.headers[0].value, "s=v; Path=/; HttpOnly; SameSite=Lax; Max-Age=60; Secure");
    http_redirect(&req, &res, "/x");
    cr_assert_eq(res.status, 303);
    http_response_free(&res);
}

Test(html, escapes_everything_but_literals)
{
    buf b;
    buf_init(&b, 0);
    html_lit(&b, "<p>");
    html_text(&b, "<script>alert('x') & \"y\"</script>");
    html_attr(&b, "title", "a\"b");
    html_int(&b, -42);
    html_urlenc(&b, "a b/é");
    cr_assert_str_eq(buf_cstr(&b), "<p>&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;"
                                   " title=\"a&quot;b\"-42a%20b%2F%C3%A9");
    buf_free(&b);
}

Test(i18n, languages_and_fill)
{
    cr_assert_str_eq(i18n_from_accept_language("en-GB,en;q=0.9"), "en");
    cr_assert_str_eq(i18n_from_accept_language("de-DE, nl;q=0.8, en;q=0.5"), "nl");
    cr_assert_str_eq(i18n_from_accept_language("fr"), "nl");
    cr_assert_str_eq(i18n_from_accept_language(NULL), "nl");
    cr_assert_str_eq(i18n_from_accept_language("enx"), "nl");
    cr_assert_str_eq(msg_in("en", MSG_LOGOUT), "Log out");
    cr_assert_str_eq(msg_in("nl", MSG_LOGOUT), "Uitloggen");
    cr_assert_str_eq(msg_in("xx", MSG_LOGOUT), "Uitloggen");
    cr_assert_eq(msg_by_key("MSG_LOGOUT"), MSG_LOGOUT);
    cr_assert_eq(msg_by_key("nope"), MSG_COUNT);
    for (int i = 0; i < MSG_COUNT; i++) {
        cr_assert_neq(msg_in("nl", (msg_id)i)[0], '\0', "message %d has Dutch text", i);
        cr_assert_neq(msg_in("en", (msg_id)i)[0], '\0', "message %d has English text", i);
    }
}

Test(static_files, names)
{
    cr_assert(static_name_ok("instroom.css"));
    cr_assert(static_name_ok("fonts/a-b_c.woff2"));
    const char *bad[] = {"", "../etc/passwd", "a/../b", "./a", ".hidden", "a//b", "a/", "/a",
                         "a\\b", "a%2e", "a b", NULL};
    for (int i = 0; bad[i]; i++) cr_assert_not(static_name_ok(bad[i]), "%s", bad[i]);
}

Test(dispatch, errors_by_kind, .init = setup, .fini = teardown)
{
    http_router *r = router_create();
    router_add_all(r, routes);
    http_server_config cfg = {.router = r};
    http_response res;

    http_response_init(&res);
    req.path = "/api/v1/nope";
    http_dispatch(&cfg, &req, &res);
    cr_assert_eq(res.status, 404);
    cr_assert_str_eq(res.content_type, "application/problem+json");
    cr_assert(strstr(buf_cstr(&res.body), "\"status\":404") != NULL);
    http_response_free(&res);

    http_response_init(&res);
    req.path = "/nope";
    http_dispatch(&cfg, &req, &res);
    cr_assert_eq(res.status, 404);
    cr_assert(strstr(buf_cstr(&res.body), "Pagina niet gevonden") != NULL);
    http_response_free(&res);

    http_response_init(&res);
    req.path = "/boom";
    http_dispatch(&cfg, &req, &res);
    cr_assert_eq(res.status, 500, "a failing handler becomes a 500 page");
    http_response_free(&res);

    http_response_init(&res);
    req.path = "/static/../../etc/passwd";
    const char *dirs[4] = {"web/static", NULL};
    memcpy((void *)cfg.static_dirs, dirs, sizeof dirs);
    http_dispatch(&cfg, &req, &res);
    cr_assert_eq(res.status, 404);
    http_response_free(&res);
    router_free(r);
}
