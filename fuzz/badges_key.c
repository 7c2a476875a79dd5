/* Fuzzes the issuer key file parser (badges_key_parse) and the VC-JWT
 * verifier (badges_jwt_verify) on the same bytes: a parse either fills the
 * seed or names the problem; a file it accepts formats back to one it
 * accepts with the same seed; no input verifies against a fixed key unless
 * it was signed with it. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "badges/model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    arena a;
    arena_init(&a, 64 << 20);
    unsigned char seed[32];
    const char *err = NULL;
    if (badges_key_parse((const char *)data, size, seed, &err) == 0) {
        char *text = badges_key_format(&a, seed);
        unsigned char again[32];
        assert(text && badges_key_parse(text, strlen(text), again, &err) == 0);
        assert(memcmp(seed, again, 32) == 0);
    } else {
        assert(err && *err);
    }
    char *jwt = arena_strndup(&a, (const char *)data, size);
    static const unsigned char fixed[32] = {7};
    badges_key k;
    badges_key_from_seed(&k, fixed);
    const char *payload = NULL;
    size_t n = 0;
    badges_jwt_result r = badges_jwt_verify(&a, k.pk, jwt, &payload, &n);
    assert(r == BADGES_JWT_OK || r == BADGES_JWT_MALFORMED || r == BADGES_JWT_BAD_ALG || r == BADGES_JWT_BAD_SIGNATURE);
    if (r == BADGES_JWT_OK) assert(payload && strlen(payload) <= n);
    arena_free(&a);
    return 0;
}
