#include "base/arena.h"

#include <assert.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_ALIGN 16
#define ARENA_BLOCK_MIN 8192

struct arena_block {
    arena_block *prev;
    size_t cap;  /* bytes of data[] */
    size_t used; /* bytes of data[] handed out */
    _Alignas(ARENA_ALIGN) unsigned char data[];
};

void arena_init(arena *a, size_t limit)
{
    a->head = NULL;
    a->used = 0;
    a->limit = limit;
}

void arena_free(arena *a)
{
    arena_block *b = a->head;
    while (b) {
        arena_block *prev = b->prev;
        free(b);
        b = prev;
    }
    a->head = NULL;
    a->used = 0;
}

void *arena_alloc(arena *a, size_t size)
{
    if (size == 0) size = 1;
    if (size > SIZE_MAX / 2) return NULL;
    size_t rounded = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    if (a->limit && (rounded > a->limit || a->used > a->limit - rounded)) return NULL;
    arena_block *b = a->head;
    if (!b || b->cap - b->used < rounded) {
        size_t cap = ARENA_BLOCK_MIN;
        if (b && b->cap < 1024 * 1024) cap = b->cap * 2; /* grow geometrically */
        if (cap < rounded) cap = rounded;
        arena_block *nb = malloc(sizeof(*nb) + cap);
        if (!nb) return NULL;
        nb->prev = b;
        nb->cap = cap;
        nb->used = 0;
        a->head = nb;
        b = nb;
    }
    void *p = b->data + b->used;
    b->used += rounded;
    a->used += rounded;
    return p;
}

void *arena_calloc(arena *a, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size) return NULL;
    void *p = arena_alloc(a, n * size);
    if (p) memset(p, 0, n * size);
    return p;
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
    if (!s) return NULL;
    char *p = arena_alloc(a, n + 1);
    if (!p) return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *arena_strdup(arena *a, const char *s)
{
    return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_printf(arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) return NULL;
    char *p = arena_alloc(a, (size_t)n + 1);
    if (!p) return NULL;
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

void *arena_grow(arena *a, void *old, int n, int *cap, size_t elem)
{
    if (n < *cap) return old;
    int ncap = *cap ? *cap * 2 : 16;
    while (ncap <= n) ncap *= 2;
    void *p = arena_calloc(a, (size_t)ncap, elem);
    if (!p) return NULL;
    if (old && n) memcpy(p, old, (size_t)n * elem);
    *cap = ncap;
    return p;
}
