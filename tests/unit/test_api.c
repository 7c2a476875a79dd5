/* http/api.c and http/ui.c: JSON bodies, problems, keyset pages, text checks,
 * list URLs and dates. */
#include <criterion/criterion.h>
#include <string.h>

#include "base/json.h"
#include "http/api.h"
#include "http/html.h"
#include "http/ui.h"

static arena A;
static http_request req;
static http_response res;
static http_kv headers[4];

static void setup(void)
{
    arena_init(&A, 0);
    http_request_init(&req, &A);
    http_response_init(&res);
    req.method = "POST";
    req.path = "/api/v1/orgs";
    memcpy(req.id, "0123456789abcdef", 17);
    req.headers = headers;
    req.nheaders = 0;
}

static void teardown(void)
{
    http_response_free(&res);
    arena_free(&A);
}

static void body(const char *ctype, const char *text)
{
    headers[0] = (http_kv){.name = "Content-Type", .value = ctype};
    req.nheaders = ctype ? 1 : 0;
    req.body = text;
    req.body_len = strlen(text);
}

static json_t *response_json(void)
{
    json_error_t e;
    json_t *j = json_loadb(res.body.data, res.body.len, 0, &e);
    cr_assert_not_null(j, "%.*s", (int)res.body.len, res.body.data);
    return j;
}

TestSuite(api, .init = setup, .fini = teardown);

Test(api, json_bodies)
{
    json_t *v;
    body("text/plain", "{}");
    cr_assert_eq(api_read_json(&req, &res, &v), -1);
    cr_assert_eq(res.status, 415);
    cr_assert_str_eq(res.content_type, "application/problem+json");
    body(NULL, "{}");
    cr_assert_eq(api_read_json(&req, &res, &v), -1);
    cr_assert_eq(res.status, 415, "no Content-Type");
    body("application/json; charset=utf-8", "{\n  \"name\": }");
    cr_assert_eq(api_read_json(&req, &res, &v), -1);
    cr_assert_eq(res.status, 400);
    json_t *p = response_json();
    const char *detail = json_string_value(json_object_get(p, "detail"));
    cr_assert(strstr(detail, "line 2") && strstr(detail, "column"), "%s", detail);
    json_decref(p);
    body("application/json", "[1, 2]");
    cr_assert_eq(api_read_json(&req, &res, &v), -1);
    cr_assert_eq(res.status, 400, "an array is no object");
    body("application/merge-patch+json", "{\"name\": \"Opella\"}");
    cr_assert_eq(api_read_json(&req, &res, &v), 0);
    cr_assert_str_eq(json_get_str(v, "name"), "Opella");
    json_decref(v);
    body("application/jsonx", "{}");
    cr_assert_eq(api_read_json(&req, &res, &v), -1);
}

Test(api, members_are_typed_and_unknown_ones_named)
{
    body("application/json", "{\"name\": 5, \"city\": null, \"org_id\": -1, \"colour\": \"red\", \"note\": \"a\\u0000b\"}");
    json_t *v;
    cr_assert_eq(api_read_json(&req, &res, &v), 0);
    api_errors e = {0};
    static const char *const known[] = {"name", "city", "org_id", "note", NULL};
    api_reject_unknown(v, known, &e);
    const char *s = "x";
    api_get_string(v, "name", &s, &e);
    cr_assert_null(s);
    api_get_string(v, "city", &s, &e);
    cr_assert_null(s, "null is absent");
    api_get_string(v, "missing", &s, &e);
    api_get_string(v, "note", &s, &e);
    int64_t id = 7;
    api_get_id(v, "org_id", &id, &e);
    cr_assert_eq(id, 0);
    msg_id r;
    cr_assert(api_errors_has(&e, "colour", &r));
    cr_assert_eq(r, MSG_API_UNKNOWN_FIELD);
    cr_assert(api_errors_has(&e, "name", &r));
    cr_assert_eq(r, MSG_API_NOT_A_STRING);
    cr_assert(api_errors_has(&e, "org_id", &r));
    cr_assert_eq(r, MSG_API_NOT_AN_ID);
    cr_assert(api_errors_has(&e, "note", &r));
    cr_assert_eq(r, MSG_API_NUL_IN_STRING);
    cr_assert_not(api_errors_has(&e, "city", NULL));
    cr_assert_eq(e.n, 4);
    api_problem_errors(&req, &res, 422, "not created", &e);
    cr_assert_eq(res.status, 422);
    json_t *p = response_json();
    json_t *errs = json_object_get(p, "errors");
    cr_assert_eq(json_array_size(errs), 4);
    cr_assert_str_eq(json_string_value(json_object_get(json_array_get(errs, 0), "field")), "colour");
    cr_assert_str_eq(json_string_value(json_object_get(json_array_get(errs, 0), "reason")), "unknown field");
    cr_assert_str_eq(json_string_value(json_object_get(json_array_get(errs, 0), "code")), "API_UNKNOWN_FIELD");
    cr_assert_str_eq(json_string_value(json_object_get(p, "request_id")), "0123456789abcdef");
    json_decref(p);
    json_decref(v);
}

Test(api, errors_keep_the_first_reason_per_field_and_a_limit)
{
    api_errors e = {0};
    api_errors_add(&e, "name", MSG_ORGS_NAME_REQUIRED);
    api_errors_add(&e, "name", MSG_ORGS_NAME_TAKEN);
    cr_assert_eq(e.n, 1);
    cr_assert_eq(e.items[0].reason, MSG_ORGS_NAME_REQUIRED);
    static char names[40][8];
    for (int i = 0; i < 40; i++) {
        names[i][0] = 'f';
        names[i][1] = (char)('A' + i);
        api_errors_add(&e, names[i], MSG_API_UNKNOWN_FIELD);
    }
    cr_assert_eq(e.n, API_MAX_ERRORS);
    req.lang = "en";
    cr_assert_str_eq(api_errors_text(&req, &e, "name"), "Enter the name of the organisation.");
    cr_assert_null(api_errors_text(&req, &e, "city"));
    cr_assert_null(api_errors_text(&req, NULL, "name"));
}

Test(api, pagination_parameters)
{
    api_page pg;
    req.method = "GET";
    req.query_string = "";
    cr_assert_eq(api_page_parse(&req, &res, &pg), 0);
    cr_assert_eq(pg.limit, 50);
    cr_assert_eq(pg.after, 0);
    const char *bad[] = {"limit=0", "limit=201", "limit=abc", "limit=-5", "limit=+5", "limit=", "after=0", "after=x", "after=-1"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        http_request_init(&req, &A);
        req.path = "/api/v1/orgs";
        req.query_string = bad[i];
        buf_reset(&res.body);
        cr_assert_eq(api_page_parse(&req, &res, &pg), -1, "%s", bad[i]);
        cr_assert_eq(res.status, 400);
        json_t *p = response_json();
        const char *field = json_string_value(json_object_get(json_array_get(json_object_get(p, "errors"), 0), "field"));
        cr_assert_not_null(field, "%s", bad[i]);
        cr_assert(strncmp(bad[i], field, strlen(field)) == 0, "%s names %s", bad[i], field);
        json_decref(p);
    }
    http_request_init(&req, &A);
    req.path = "/api/v1/orgs";
    req.query_string = "limit=200&after=9&kind=care&region=Den%20Haag";
    cr_assert_eq(api_page_parse(&req, &res, &pg), 0);
    cr_assert_eq(pg.limit, 200);
    cr_assert_eq(pg.after, 9);
    json_t *list = api_list(&req, json_array(), 42);
    cr_assert_str_eq(json_string_value(json_object_get(list, "next")),
                     "/api/v1/orgs?limit=200&kind=care&region=Den%20Haag&after=42");
    json_decref(list);
    list = api_list(&req, NULL, 0);
    cr_assert(json_is_null(json_object_get(list, "next")));
    cr_assert_eq(json_array_size(json_object_get(list, "items")), 0);
    json_decref(list);
}

Test(api, text_checks_count_characters)
{
    cr_assert_eq(api_text_check(NULL, true, 5, false), API_TEXT_MISSING);
    cr_assert_eq(api_text_check("", false, 5, false), API_TEXT_OK);
    cr_assert_eq(api_text_check("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", true, 5, false), API_TEXT_OK);
    cr_assert_eq(api_text_check("abcdef", true, 5, false), API_TEXT_TOO_LONG);
    cr_assert_eq(api_text_check("a\tb", true, 5, false), API_TEXT_INVALID);
    cr_assert_eq(api_text_check("a\nb", true, 5, true), API_TEXT_OK);
    cr_assert_eq(api_text_check("a\x7f", true, 5, true), API_TEXT_INVALID);
    cr_assert_eq(api_text_check("\xc0\xaf", true, 5, false), API_TEXT_INVALID, "overlong UTF-8");
    json_t *t = api_time(1772353800);
    cr_assert_str_eq(json_string_value(t), "2026-03-01T08:30:00Z");
    json_decref(t);
    cr_assert(json_is_null(api_time(0)));
    cr_assert(json_is_null(api_id(0)));
    cr_assert(json_is_null(api_string(NULL)));
    cr_assert_eq(api_fail(DB_EBUSY), -503);
    cr_assert_eq(api_fail(DB_ERR), DB_ERR);
}

TestSuite(ui, .init = setup, .fini = teardown);

Test(ui, list_urls_keep_filters_and_reset_the_page)
{
    req.method = "GET";
    req.path = "/orgs";
    req.query_string = "kind=care&page=3&region=Den+Haag&sort=name&dir=asc&empty=";
    cr_assert_str_eq(ui_url_with(&req, "page", "4"), "/orgs?kind=care&region=Den%20Haag&sort=name&dir=asc&page=4");
    cr_assert_str_eq(ui_url_with(&req, "kind", "school"), "/orgs?region=Den%20Haag&sort=name&dir=asc&kind=school",
                     "a new filter starts on page 1");
    cr_assert_str_eq(ui_url_with(&req, "kind", NULL), "/orgs?region=Den%20Haag&sort=name&dir=asc");
    int page;
    cr_assert_eq(ui_page_param(&req, &page), 0);
    cr_assert_eq(page, 3);
    req.query_string = "page=0";
    req.query_parsed = false;
    cr_assert_eq(ui_page_param(&req, &page), -1);
    req.query_string = "page=2x";
    req.query_parsed = false;
    cr_assert_eq(ui_page_param(&req, &page), -1);
    req.query_string = "sort=name";
    req.query_parsed = false;
    buf b;
    buf_init(&b, 0);
    ui_sort_header(&req, &b, "name", "Naam", "name", false);
    cr_assert(strstr(buf_cstr(&b), "aria-sort=\"ascending\""), "%s", buf_cstr(&b));
    cr_assert(strstr(buf_cstr(&b), "href=\"/orgs?sort=name&amp;dir=desc\""), "%s", buf_cstr(&b));
    buf_reset(&b);
    ui_sort_header(&req, &b, "kind", "Soort", "name", false);
    cr_assert_null(strstr(buf_cstr(&b), "aria-sort"));
    cr_assert(strstr(buf_cstr(&b), "href=\"/orgs?sort=kind&amp;dir=asc\""), "%s", buf_cstr(&b));
    buf_free(&b);
}

Test(ui, pagination_and_escaping)
{
    req.method = "GET";
    req.path = "/orgs";
    req.query_string = "region=%22%3E%3Cscript%3E";
    buf b;
    buf_init(&b, 0);
    ui_pagination(&req, &b, 2, 25, 80);
    const char *h = buf_cstr(&b);
    cr_assert(strstr(h, "26\xe2\x80\x93" "50 van 80"), "%s", h);
    cr_assert(strstr(h, "aria-current=\"page\""));
    cr_assert(strstr(h, "rel=\"prev\""));
    cr_assert(strstr(h, "rel=\"next\""));
    cr_assert_null(strstr(h, "<script>"), "query values are encoded");
    buf_reset(&b);
    ui_pagination(&req, &b, 1, 25, 10);
    cr_assert_null(strstr(buf_cstr(&b), "utrecht-pagination__pages"), "one page: no page links");
    buf_reset(&b);
    ui_option o[] = {{"a\"b", "<A>"}, {"c", "C"}};
    ui_select(&b, "f-x", "x", "Label", o, 2, "Alle", "a\"b", "Fout & fout");
    h = buf_cstr(&b);
    cr_assert(strstr(h, "value=\"a&quot;b\" selected"), "%s", h);
    cr_assert(strstr(h, "&lt;A&gt;"));
    cr_assert(strstr(h, "aria-invalid=\"true\" aria-describedby=\"f-x-error\""), "%s", h);
    cr_assert(strstr(h, "id=\"f-x-error\">Fout &amp; fout"), "%s", h);
    cr_assert(strstr(h, "<option value=\"\">Alle</option>"));
    buf_free(&b);
}

Test(ui, dates_are_amsterdam_days)
{
    int64_t t;
    cr_assert_eq(ui_date_to_utc("2026-03-01", false, &t), 0);
    cr_assert_eq(t, 1772319600, "midnight CET is 23:00 UTC the day before");
    cr_assert_eq(ui_date_to_utc("2026-07-01", false, &t), 0);
    cr_assert_eq(t, 1782856800, "midnight CEST is 22:00 UTC");
    cr_assert_eq(ui_date_to_utc("2026-12-31", true, &t), 0);
    cr_assert_eq(t, 1798758000, "the day after the last of the year");
    cr_assert_eq(ui_date_to_utc("2026-02-30", false, &t), -1);
    cr_assert_eq(ui_date_to_utc("1-3-2026", false, &t), -1);
    req.lang = "nl";
    cr_assert_str_eq(ui_time(&req, 1772353800), "01-03-2026 09:30");
    cr_assert_str_eq(ui_time(&req, 0), "");
}
