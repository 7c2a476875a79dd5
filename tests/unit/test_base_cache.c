#include <criterion/criterion.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "base/cache.h"

Test(cache, hits_misses_and_generations)
{
    cache *c = cache_create(4, 1 << 20);
    arena a;
    arena_init(&a, 0);
    void *v;
    size_t n;
    cr_assert_eq(cache_get(c, "k", 1, 1, &a, &v, &n), -1);
    cache_put(c, "k", 1, 1, "value", 5);
    cr_assert_eq(cache_get(c, "k", 1, 1, &a, &v, &n), 0);
    cr_assert_eq(n, 5);
    cr_assert_str_eq(v, "value");
    cr_assert_eq(cache_get(c, "k", 1, 2, &a, &v, &n), -1, "another generation misses");
    cr_assert_eq(cache_get(c, "k", 1, 1, &a, &v, &n), -1, "and the stale entry is gone");
    cache_put(c, "k", 1, 3, "new", 3);
    cache_put(c, "k", 1, 3, "newer", 5);
    cr_assert_eq(cache_get(c, "k", 1, 3, &a, &v, &n), 0);
    cr_assert_str_eq(v, "newer", "a put replaces");
    uint64_t hits, misses;
    cache_stats(c, &hits, &misses);
    cr_assert_eq(hits, 2);
    cr_assert_eq(misses, 3);
    cache_free(c);
    arena_free(&a);
}

Test(cache, evicts_least_recently_used_and_respects_sizes)
{
    cache *c = cache_create(3, 400);
    arena a;
    arena_init(&a, 0);
    void *v;
    size_t n;
    cache_put(c, "a", 1, 1, "1", 1);
    cache_put(c, "b", 1, 1, "2", 1);
    cache_put(c, "c", 1, 1, "3", 1);
    cr_assert_eq(cache_get(c, "a", 1, 1, &a, &v, &n), 0, "touch a");
    cache_put(c, "d", 1, 1, "4", 1);
    cr_assert_eq(cache_get(c, "b", 1, 1, &a, &v, &n), -1, "b was the least recently used");
    cr_assert_eq(cache_get(c, "a", 1, 1, &a, &v, &n), 0);
    cr_assert_eq(cache_get(c, "d", 1, 1, &a, &v, &n), 0);
    char big[200];
    memset(big, 'x', sizeof big);
    cache_put(c, "big", 3, 1, big, sizeof big);
    cr_assert_eq(cache_get(c, "big", 3, 1, &a, &v, &n), -1, "over a quarter of the byte budget");
    char mid[90];
    memset(mid, 'y', sizeof mid);
    cache_put(c, "m1", 2, 1, mid, sizeof mid);
    cache_put(c, "m2", 2, 1, mid, sizeof mid);
    cache_put(c, "m3", 2, 1, mid, sizeof mid);
    cache_put(c, "m4", 2, 1, mid, sizeof mid);
    cr_assert_eq(cache_get(c, "m4", 2, 1, &a, &v, &n), 0);
    cr_assert_eq(cache_get(c, "m1", 2, 1, &a, &v, &n), -1, "the byte budget evicts too");
    cache_free(c);
    arena_free(&a);
}

static cache *shared;

static void *worker(void *p)
{
    int id = (int)(intptr_t)p;
    arena a;
    arena_init(&a, 0);
    for (int i = 0; i < 20000; i++) {
        char k[32], val[32];
        int len = snprintf(k, sizeof k, "key-%d", (i * 7 + id) % 500);
        snprintf(val, sizeof val, "v%d", (i * 7 + id) % 500);
        void *v;
        size_t n;
        if (cache_get(shared, k, (size_t)len, 1, &a, &v, &n) == 0) cr_assert_str_eq(v, val);
        else cache_put(shared, k, (size_t)len, 1, val, strlen(val));
        if (i % 1000 == 0) {
            arena_free(&a);
            arena_init(&a, 0);
        }
    }
    arena_free(&a);
    return NULL;
}

Test(cache, threads)
{
    shared = cache_create(128, 1 << 20);
    pthread_t t[4];
    for (int i = 0; i < 4; i++) pthread_create(&t[i], NULL, worker, (void *)(intptr_t)i);
    for (int i = 0; i < 4; i++) pthread_join(t[i], NULL);
    uint64_t hits, misses;
    cache_stats(shared, &hits, &misses);
    cr_assert_eq(hits + misses, 80000);
    cache_free(shared);
}
