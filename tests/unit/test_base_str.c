#include <criterion/criterion.h>
#include <string.h>

#include "base/json.h"
#include "base/random.h"
#include "base/str.h"

Test(str, to_int64_checks_everything)
{
    int64_t v = 7;
    cr_assert_eq(str_to_int64("42", 0, 100, &v), 0);
    cr_assert_eq(v, 42);
    cr_assert_eq(str_to_int64("-5", -10, 10, &v), 0);
    cr_assert_eq(v, -5);
    cr_assert_eq(str_to_int64("101", 0, 100, &v), -1);
    cr_assert_eq(str_to_int64("12a", 0, 100, &v), -1);
    cr_assert_eq(str_to_int64("", 0, 100, &v), -1);
    cr_assert_eq(str_to_int64(" 1", 0, 100, &v), -1);
    cr_assert_eq(str_to_int64(NULL, 0, 100, &v), -1);
    cr_assert_eq(str_to_int64("99999999999999999999", INT64_MIN, INT64_MAX, &v), -1);
    cr_assert_eq(v, -5, "failures write nothing");
}

Test(str, utf8_validation)
{
    cr_assert(str_utf8_valid("caf\xc3\xa9", 5));
    cr_assert(str_utf8_valid("\xe2\x82\xac", 3));
    cr_assert(str_utf8_valid("\xf0\x9f\x98\x80", 4));
    cr_assert_not(str_utf8_valid("\xc0\xaf", 2), "overlong");
    cr_assert_not(str_utf8_valid("\xed\xa0\x80", 3), "surrogate");
    cr_assert_not(str_utf8_valid("\xc3", 1), "truncated");
    cr_assert_not(str_utf8_valid("\xff", 1));
    cr_assert_not(str_utf8_valid("\xf4\x90\x80\x80", 4), "past U+10FFFF");
    cr_assert_eq(str_utf8_len("Zo\xc3\xab"), 3);
}

Test(str, url_decode)
{
    arena a;
    arena_init(&a, 0);
    cr_assert_str_eq(str_url_decode(&a, "a%20b+c", 7, true), "a b c");
    cr_assert_str_eq(str_url_decode(&a, "a%20b+c", 7, false), "a b+c");
    cr_assert_null(str_url_decode(&a, "%2", 2, true));
    cr_assert_null(str_url_decode(&a, "%zz", 3, true));
    cr_assert_null(str_url_decode(&a, "a%00b", 5, true), "embedded NUL is refused");
    arena_free(&a);
}

Test(str, base64url_round_trip)
{
    arena a;
    arena_init(&a, 0);
    const unsigned char in[] = {0xfb, 0xff, 0x00, 0x01, 0x7f};
    for (size_t n = 0; n <= sizeof in; n++) {
        char *enc = str_base64url(&a, in, n);
        size_t len = 99;
        unsigned char *dec = str_base64url_decode(&a, enc, &len);
        cr_assert_not_null(dec);
        cr_assert_eq(len, n);
        cr_assert_eq(memcmp(dec, in, n), 0);
    }
    cr_assert_str_eq(str_base64url(&a, (const unsigned char *)"hi?", 3), "aGk_");
    size_t len;
    cr_assert_null(str_base64url_decode(&a, "a", &len));
    cr_assert_null(str_base64url_decode(&a, "a+b/", &len), "standard alphabet is not base64url");
    arena_free(&a);
}

Test(str, trim_eq_copy)
{
    arena a;
    arena_init(&a, 0);
    cr_assert_str_eq(str_trim(&a, "  x y \r\n"), "x y");
    cr_assert(str_eq_nocase("Bearer", "bEARER"));
    cr_assert_not(str_eq_nocase("Bear", "Bearer"));
    char small[4];
    cr_assert_eq(str_copy(small, sizeof small, "abcdef"), -1);
    cr_assert_str_eq(small, "abc");
    cr_assert_eq(str_copy(small, sizeof small, "ab"), 0);
    char hex[9];
    str_hex(hex, (const unsigned char *)"\x01\xab\xff\x10", 4);
    cr_assert_str_eq(hex, "01abff10");
    arena_free(&a);
}

Test(random, tokens_and_rng)
{
    cr_assert_eq(random_init(), 0);
    arena a;
    arena_init(&a, 0);
    char *t1 = random_token(&a, 16), *t2 = random_token(&a, 16);
    cr_assert_eq(strlen(t1), 22);
    cr_assert_str_neq(t1, t2);
    rng r1, r2;
    rng_seed(&r1, 42);
    rng_seed(&r2, 42);
    for (int i = 0; i < 100; i++) cr_assert_eq(rng_next(&r1), rng_next(&r2));
    for (int i = 0; i < 1000; i++) {
        cr_assert_lt(rng_below(&r1, 7), 7);
        double u = rng_unit(&r1);
        cr_assert(u >= 0 && u < 1);
    }
    arena_free(&a);
}

Test(json, parse_errors_name_the_place)
{
    char err[200];
    json_t *v = json_parse("{\"a\": 1,\n \"b\": }", 16, err, sizeof err);
    cr_assert_null(v);
    cr_assert(strstr(err, "line 2") != NULL, "%s", err);
    cr_assert_null(json_parse("", 0, err, sizeof err));
    cr_assert(strstr(err, "empty") != NULL);
    cr_assert_null(json_parse("\"\xff\"", 3, err, sizeof err));
    cr_assert(strstr(err, "UTF-8") != NULL);
    cr_assert_null(json_parse("{\"a\":1,\"a\":2}", 13, err, sizeof err), "duplicate keys");
    char deep[200];
    memset(deep, '[', 100);
    memset(deep + 100, ']', 100);
    cr_assert_null(json_parse(deep, 200, err, sizeof err));
    cr_assert(strstr(err, "deeper") != NULL);
    v = json_parse("{\"name\":\"Opella\"}", 17, err, sizeof err);
    cr_assert_not_null(v);
    cr_assert_str_eq(json_get_str(v, "name"), "Opella");
    cr_assert_null(json_get_str(v, "missing"));
    buf b;
    buf_init(&b, 0);
    cr_assert_eq(json_to_buf(v, &b), 0);
    cr_assert_str_eq(buf_cstr(&b), "{\"name\":\"Opella\"}");
    buf_free(&b);
    json_decref(v);
}

#include "base/jsonw.h"

Test(jsonw, writes_valid_json_that_jansson_reads_back)
{
    buf b;
    buf_init(&b, 0);
    jsonw w;
    jsonw_init(&w, &b);
    jsonw_object_begin(&w);
    jsonw_kstr(&w, "name", "Zo\xc3\xab \"de\" <b>\\\n\t\x01");
    jsonw_kint(&w, "n", -42);
    jsonw_kint(&w, "min", INT64_MIN);
    jsonw_kint(&w, "zero", 0);
    jsonw_kstr(&w, "missing", NULL);
    jsonw_kbool(&w, "ok", true);
    jsonw_ktime(&w, "at", 0, true);
    jsonw_ktime(&w, "t", 86400, false);
    jsonw_key(&w, "list");
    jsonw_array_begin(&w);
    jsonw_int(&w, 1);
    jsonw_real(&w, 2.5);
    jsonw_array_begin(&w);
    jsonw_array_end(&w);
    jsonw_object_begin(&w);
    jsonw_object_end(&w);
    jsonw_real(&w, 1.0 / 0.0);
    jsonw_array_end(&w);
    jsonw_kstr(&w, "bad", "a\xff" "b\xc0\xaf");
    jsonw_object_end(&w);
    cr_assert_eq(jsonw_finish(&w), 0);
    cr_assert_str_eq(buf_cstr(&b),
                     "{\"name\":\"Zo\xc3\xab \\\"de\\\" <b>\\\\\\n\\t\\u0001\",\"n\":-42,\"min\":-9223372036854775808,\"zero\":0,\"missing\":null,"
                     "\"ok\":true,\"at\":null,\"t\":\"1970-01-02T00:00:00Z\",\"list\":[1,2.5,[],{},null],"
                     "\"bad\":\"a\\ufffdb\\ufffd\\ufffd\"}");
    char err[128];
    json_t *v = json_parse(b.data, b.len, err, sizeof err);
    cr_assert_not_null(v, "%s", err);
    cr_assert_str_eq(json_get_str(v, "name"), "Zo\xc3\xab \"de\" <b>\\\n\t\x01");
    json_decref(v);
    buf_free(&b);
}

Test(jsonw, misuse_is_reported)
{
    buf b;
    buf_init(&b, 0);
    jsonw w;
    jsonw_init(&w, &b);
    jsonw_object_begin(&w);
    jsonw_key(&w, "a");
    jsonw_object_end(&w);
    cr_assert_eq(jsonw_finish(&w), -1, "a key without a value");
    buf_reset(&b);
    jsonw_init(&w, &b);
    jsonw_array_begin(&w);
    cr_assert_eq(jsonw_finish(&w), -1, "unbalanced");
    buf_reset(&b);
    jsonw_init(&w, &b);
    jsonw_key(&w, "top");
    cr_assert_eq(jsonw_finish(&w), -1, "a key outside an object");
    buf_reset(&b);
    jsonw_init(&w, &b);
    for (int i = 0; i < 40; i++) jsonw_array_begin(&w);
    cr_assert_eq(jsonw_finish(&w), -1, "too deep");
    buf_free(&b);
}

Test(jsonw, reals_are_the_shortest_that_read_back)
{
    const struct { double v; const char *want; } cases[] = {
        {0.8889, "0.8889"}, {0.1 + 0.2, "0.30000000000000004"}, {1e300, "1e+300"},
        {-2.5, "-2.5"}, {1020.5, "1020.5"}, {1.0 / 3.0, "0.3333333333333333"}, {0, "0"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        buf b;
        buf_init(&b, 0);
        jsonw w;
        jsonw_init(&w, &b);
        jsonw_real(&w, cases[i].v);
        cr_assert_eq(jsonw_finish(&w), 0);
        cr_assert_str_eq(buf_cstr(&b), cases[i].want);
        cr_assert_eq(strtod(buf_cstr(&b), NULL), cases[i].v);
        buf_free(&b);
    }
}
