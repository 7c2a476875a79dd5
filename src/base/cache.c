#include "base/cache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

typedef struct entry {
    struct entry *next_in_bucket;
    struct entry *newer, *older;   /* LRU list */
    uint64_t hash, gen;
    size_t klen, vlen;
    unsigned char data[];          /* key, then value */
} entry;

struct cache {
    pthread_mutex_t mu;
    entry **buckets;
    size_t nbuckets;
    entry *newest, *oldest;
    size_t entries, bytes, max_entries, max_bytes;
    uint64_t hits, misses;
};

static uint64_t hash_bytes(const void *p, size_t n)
{
    /* FNV-1a, 64 bit. */
    const unsigned char *s = p;
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) h = (h ^ s[i]) * 1099511628211ull;
    return h;
}

cache *cache_create(size_t max_entries, size_t max_bytes)
{
    cache *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    c->nbuckets = 64;
    while (c->nbuckets < max_entries) c->nbuckets *= 2;
    c->buckets = calloc(c->nbuckets, sizeof *c->buckets);
    if (!c->buckets) {
        free(c);
        return NULL;
    }
    c->max_entries = max_entries ? max_entries : 1;
    c->max_bytes = max_bytes;
    pthread_mutex_init(&c->mu, NULL);
    return c;
}

void cache_free(cache *c)
{
    if (!c) return;
    entry *e = c->newest;
    while (e) {
        entry *o = e->older;
        free(e);
        e = o;
    }
    pthread_mutex_destroy(&c->mu);
    free(c->buckets);
    free(c);
}

static void lru_unlink(cache *c, entry *e)
{
    if (e->newer) e->newer->older = e->older;
    else c->newest = e->older;
    if (e->older) e->older->newer = e->newer;
    else c->oldest = e->newer;
    e->newer = e->older = NULL;
}

static void lru_push(cache *c, entry *e)
{
    e->older = c->newest;
    e->newer = NULL;
    if (c->newest) c->newest->newer = e;
    c->newest = e;
    if (!c->oldest) c->oldest = e;
}

/* Takes e out of the cache and frees it. */
static void drop(cache *c, entry *e)
{
    entry **pp = &c->buckets[e->hash & (c->nbuckets - 1)];
    while (*pp != e) pp = &(*pp)->next_in_bucket;
    *pp = e->next_in_bucket;
    lru_unlink(c, e);
    c->entries--;
    c->bytes -= e->klen + e->vlen;
    free(e);
}

static entry *find(cache *c, const void *key, size_t klen, uint64_t h)
{
    for (entry *e = c->buckets[h & (c->nbuckets - 1)]; e; e = e->next_in_bucket)
        if (e->hash == h && e->klen == klen && memcmp(e->data, key, klen) == 0) return e;
    return NULL;
}

int cache_get(cache *c, const void *key, size_t klen, uint64_t gen, arena *a, void **val, size_t *len)
{
    uint64_t h = hash_bytes(key, klen);
    pthread_mutex_lock(&c->mu);
    entry *e = find(c, key, klen, h);
    int rc = -1;
    if (e && e->gen != gen) {
        drop(c, e);
    } else if (e) {
        void *copy = arena_alloc(a, e->vlen + 1);
        if (copy) {
            memcpy(copy, e->data + e->klen, e->vlen);
            ((char *)copy)[e->vlen] = '\0';
            *val = copy;
            *len = e->vlen;
            lru_unlink(c, e);
            lru_push(c, e);
            rc = 0;
        }
    }
    if (rc == 0) c->hits++;
    else c->misses++;
    pthread_mutex_unlock(&c->mu);
    return rc;
}

void cache_put(cache *c, const void *key, size_t klen, uint64_t gen, const void *val, size_t len)
{
    if (klen + len > c->max_bytes / 4) return;
    entry *n = malloc(sizeof *n + klen + len);
    if (!n) return;
    n->hash = hash_bytes(key, klen);
    n->gen = gen;
    n->klen = klen;
    n->vlen = len;
    memcpy(n->data, key, klen);
    memcpy(n->data + klen, val, len);
    pthread_mutex_lock(&c->mu);
    entry *old = find(c, key, klen, n->hash);
    if (old) drop(c, old);
    while (c->oldest && (c->entries + 1 > c->max_entries || c->bytes + klen + len > c->max_bytes))
        drop(c, c->oldest);
    size_t b = n->hash & (c->nbuckets - 1);
    n->next_in_bucket = c->buckets[b];
    c->buckets[b] = n;
    lru_push(c, n);
    c->entries++;
    c->bytes += klen + len;
    pthread_mutex_unlock(&c->mu);
}

void cache_stats(cache *c, uint64_t *hits, uint64_t *misses)
{
    pthread_mutex_lock(&c->mu);
    *hits = c->hits;
    *misses = c->misses;
    pthread_mutex_unlock(&c->mu);
}
