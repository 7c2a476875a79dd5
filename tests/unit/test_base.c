#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/random.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/file.h"

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

/* ---- file ---- */

typedef struct fill_ctx {
    const char *text;     /* what to write */
    int rc;               /* what to return */
    char path[512];       /* the path it was given */
} fill_ctx;

static int fill_with(const char *path, void *p)
{
    fill_ctx *c = p;
    snprintf(c->path, sizeof c->path, "%s", path);
    struct stat st;
    cr_assert_eq(stat(path, &st), 0);
    cr_assert_eq(st.st_mode & 0777, 0600, "private");
    cr_assert_eq(st.st_size, 0, "empty");
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    fputs(c->text, f);
    fclose(f);
    return c->rc;
}

Test(file, through_a_private_temporary_file)
{
    buf b;
    buf_init(&b, 0);
    buf_puts(&b, ">");
    fill_ctx c = {.text = "PK\x03\x04 bytes", .rc = 0};
    cr_assert_eq(file_via_temp("instroom-test", fill_with, &c, &b), 0);
    cr_assert_str_eq(buf_cstr(&b), ">PK\x03\x04 bytes", "appended");
    cr_assert(strstr(c.path, "/instroom-test-") != NULL, "%s", c.path);
    cr_assert_neq(access(c.path, F_OK), 0, "removed");
    /* The writer fails: nothing appended, the file is gone. */
    buf_reset(&b);
    c.rc = -1;
    cr_assert_eq(file_via_temp("instroom-test", fill_with, &c, &b), -1);
    cr_assert_eq(b.len, 0);
    cr_assert_neq(access(c.path, F_OK), 0, "removed");
    /* The result does not fit: -1, the file is gone. */
    buf_free(&b);
    buf_init(&b, 4);
    c.rc = 0;
    cr_assert_eq(file_via_temp("instroom-test", fill_with, &c, &b), -1);
    cr_assert_neq(access(c.path, F_OK), 0, "removed");
    buf_free(&b);
}

Test(file, fails_without_a_place_to_write)
{
    buf b;
    buf_init(&b, 0);
    fill_ctx c = {.text = "x", .rc = 0};
    const char *old = getenv("TMPDIR");
    char *saved = old ? strdup(old) : NULL;
    setenv("TMPDIR", "/nonexistent-instroom-dir", 1);
    cr_assert_eq(file_via_temp("instroom-test", fill_with, &c, &b), -1);
    cr_assert_eq(c.path[0], '\0', "the writer never ran");
    if (saved) setenv("TMPDIR", saved, 1);
    else unsetenv("TMPDIR");
    free(saved);
    char longname[600];
    memset(longname, 'x', sizeof longname - 1);
    longname[sizeof longname - 1] = '\0';
    cr_assert_eq(file_via_temp(longname, fill_with, &c, &b), -1, "a path that does not fit");
    cr_assert_eq(file_read("/nonexistent-instroom-dir/x", &b), -1);
    cr_assert_eq(file_read("/", &b), -1, "a directory reads as an error");
    cr_assert_eq(b.len, 0);
    buf_free(&b);
}

Test(base, token_hash_is_blake2b_256)
{
    cr_assert_eq(random_init(), 0);
    unsigned char h[32];
    random_token_hash("abc", h);
    char hex[65];
    for (int i = 0; i < 32; i++) snprintf(hex + 2 * i, 3, "%02x", h[i]);
    cr_assert_str_eq(hex, "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
}
