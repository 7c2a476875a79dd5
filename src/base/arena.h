/* arena: region allocator. Everything allocated from an arena lives until
 * arena_free(); nothing is freed piecemeal. Every HTTP request owns one. */
#ifndef INSTROOM_BASE_ARENA_H
#define INSTROOM_BASE_ARENA_H

#include <stddef.h>

typedef struct arena_block arena_block;

typedef struct arena {
    arena_block *head; /* newest block; older blocks follow ->prev */
    size_t used;       /* bytes handed out in total, for limits and tests */
    size_t limit;      /* 0 = unlimited; otherwise allocations past it fail */
} arena;

/* Initialises an empty arena; limit 0 means no cap on its total size. */
void arena_init(arena *a, size_t limit);
/* Releases every block; the arena may be reused after arena_init. */
void arena_free(arena *a);
/* Returns size bytes aligned for any type, or NULL when over the limit or out
 * of memory. The memory is owned by the arena and not zeroed. */
void *arena_alloc(arena *a, size_t size);
/* As arena_alloc, zeroed; n * size is checked for overflow. */
void *arena_calloc(arena *a, size_t n, size_t size);
/* Returns a NUL-terminated copy of s (NULL stays NULL), owned by the arena. */
/* Room for one more item in an arena array of n items with capacity *cap
 * (doubling, at least 16): returns the array, moved and with the new part
 * zeroed when it grew, or NULL when out of memory (the old array stays). */
void *arena_grow(arena *a, void *old, int n, int *cap, size_t elem);
char *arena_strdup(arena *a, const char *s);
/* Returns a NUL-terminated copy of the first n bytes of s, owned by the arena. */
char *arena_strndup(arena *a, const char *s, size_t n);
/* printf into the arena; NULL on error. */
char *arena_printf(arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
