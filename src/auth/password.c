#include <sodium.h>
#include <string.h>

#include "auth/auth.h"
#include "base/str.h"

int auth_password_hash(const char *password, char *out, size_t outn)
{
    if (outn < crypto_pwhash_STRBYTES) return -1;
    return crypto_pwhash_str_alg(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                 crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13);
}

bool auth_password_verify(const char *hash, const char *password)
{
    if (!hash || !password) return false;
    if (!str_starts_with(hash, "$argon2id$")) return false;
    return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

const char *auth_password_weakness(const char *password)
{
    if (!password || str_utf8_len(password) < 12) return "at least 12 characters";
    if (strlen(password) > 1024) return "at most 1024 bytes";
    return NULL;
}
