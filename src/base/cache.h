/* cache: a bounded, thread-safe map from byte strings to byte strings. Each
 * entry remembers the generation it was made at (see db_generation); a lookup
 * at another generation misses, so nothing stale is ever returned. The least
 * recently used entries go first when it is full. */
#ifndef INSTROOM_BASE_CACHE_H
#define INSTROOM_BASE_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"

typedef struct cache cache;

/* A cache of at most max_entries entries and max_bytes bytes of keys and
 * values; NULL on OOM. Free with cache_free. */
cache *cache_create(size_t max_entries, size_t max_bytes);
void cache_free(cache *c);
/* Copies the value of key, if it was put at generation gen, into the arena:
 * 0 with *val and *len, or -1 on a miss. */
int cache_get(cache *c, const void *key, size_t klen, uint64_t gen, arena *a, void **val, size_t *len);
/* Stores a copy of val under key for generation gen (replacing what was there).
 * Values larger than a quarter of max_bytes are not kept. */
void cache_put(cache *c, const void *key, size_t klen, uint64_t gen, const void *val, size_t len);
/* Hits and misses so far, for tests and the log. */
void cache_stats(cache *c, uint64_t *hits, uint64_t *misses);

#endif
