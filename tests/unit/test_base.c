#include <criterion/criterion.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"

Test(arena, allocates_aligned_and_grows)
{
    arena a;
    arena_init(&a, 0);
    for (int i = 0; i < 10000; i++) {
        char *p = arena_alloc(&a, (size_t)(i % 100) + 1);
        cr_assert_not_null(p);
        cr_assert_eq((uintptr_t)p % 16, 0);
        memset(p, 'x', (size_t)(i % 100) + 1);
    }
    char *big = arena_alloc(&a, 1 << 20);
    cr_assert_not_null(big);
    arena_free(&a);
    cr_assert_null(a.head);
}

Test(arena, respects_limit)
{
    arena a;
    arena_init(&a, 1000);
    cr_assert_not_null(arena_alloc(&a, 500));
    cr_assert_null(arena_alloc(&a, 600), "allocation past the limit must fail");
    cr_assert_not_null(arena_alloc(&a, 400));
    cr_assert_null(arena_alloc(&a, (size_t)-1));
    cr_assert_null(arena_calloc(&a, (size_t)1 << 40, (size_t)1 << 40), "overflow must fail");
    arena_free(&a);
}

Test(arena, grow_keeps_the_items_and_zeroes_the_rest)
{
    arena a;
    arena_init(&a, 1 << 20);
    int64_t *v = NULL;
    int cap = 0;
    for (int n = 0; n < 100; n++) {
        v = arena_grow(&a, v, n, &cap, sizeof *v);
        cr_assert_not_null(v);
        cr_assert_gt(cap, n);
        cr_assert_eq(v[n], 0, "the new part is zeroed");
        v[n] = n * 7;
    }
    for (int n = 0; n < 100; n++) cr_assert_eq(v[n], n * 7);
    cr_assert_eq(cap, 128, "16 doubled three times");
    int64_t *same = arena_grow(&a, v, 100, &cap, sizeof *v);
    cr_assert_eq(same, v, "room left: the same array");
    arena_free(&a);
    arena_init(&a, 256);
    int small = 0;
    cr_assert_null(arena_grow(&a, NULL, 0, &small, 1024), "past the arena's limit");
    cr_assert_eq(small, 0, "the capacity is unchanged on failure");
    arena_free(&a);
}

Test(arena, strings)
{
    arena a;
    arena_init(&a, 0);
    cr_assert_str_eq(arena_strdup(&a, "hallo"), "hallo");
    cr_assert_null(arena_strdup(&a, NULL));
    cr_assert_str_eq(arena_strndup(&a, "hallo", 3), "hal");
    cr_assert_str_eq(arena_printf(&a, "%d-%s", 42, "x"), "42-x");
    arena_free(&a);
}

Test(buf, appends_and_caps)
{
    buf b;
    buf_init(&b, 10);
    cr_assert_str_eq(buf_cstr(&b), "");
    cr_assert_eq(buf_puts(&b, "12345"), BUF_OK);
    cr_assert_eq(buf_printf(&b, "%d", 678), BUF_OK);
    cr_assert_str_eq(buf_cstr(&b), "12345678");
    cr_assert_eq(buf_puts(&b, "abc"), BUF_ETOOBIG);
    cr_assert_eq(b.failed, BUF_ETOOBIG, "failure is sticky");
    cr_assert_eq(buf_putc(&b, 'z'), BUF_ETOOBIG);
    cr_assert_str_eq(buf_cstr(&b), "12345678", "a failed append changes nothing");
    buf_reset(&b);
    cr_assert_eq(buf_puts(&b, "0123456789"), BUF_OK);
    cr_assert_eq(b.len, 10);
    size_t n;
    char *d = buf_detach(&b, &n);
    cr_assert_eq(n, 10);
    cr_assert_str_eq(d, "0123456789");
    free(d);
    buf_free(&b);
}
