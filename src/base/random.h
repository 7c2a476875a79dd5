/* random: cryptographic randomness (libsodium) for tokens and secrets, and a
 * small seeded generator (xoshiro256**) for reproducible demo data and tests. */
#ifndef INSTROOM_BASE_RANDOM_H
#define INSTROOM_BASE_RANDOM_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"

/* Initialises libsodium; call once at start. 0 or -1. */
int random_init(void);
/* Fills out with n cryptographically random bytes. */
void random_bytes(void *out, size_t n);
/* A random token of nbytes bytes as base64url, in the arena (NULL on OOM). */
char *random_token(arena *a, size_t nbytes);
/* The BLAKE2b-256 hash of a token: what the database keeps instead of the
 * token (sessions, API tokens, application status links, calendar feeds). */
void random_token_hash(const char *token, unsigned char out[32]);

typedef struct rng {
    uint64_t s[4];
} rng;

/* Seeds the deterministic generator. */
void rng_seed(rng *r, uint64_t seed);
/* Next 64 random bits. */
uint64_t rng_next(rng *r);
/* Uniform integer in [0, n); n > 0. */
uint64_t rng_below(rng *r, uint64_t n);
/* Uniform double in [0, 1). */
double rng_unit(rng *r);

#endif
