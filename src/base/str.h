/* str: small string helpers that replace the banned libc calls. */
#ifndef INSTROOM_BASE_STR_H
#define INSTROOM_BASE_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"

/* True when a and b are both NULL or equal. */
bool str_eq(const char *a, const char *b);
/* True when s starts with prefix. */
bool str_starts_with(const char *s, const char *prefix);
/* ASCII-only case-insensitive equality. */
bool str_eq_nocase(const char *a, const char *b);
/* Parses a whole decimal integer in [min, max]; 0 or -1 (nothing written). */
int str_to_int64(const char *s, int64_t min, int64_t max, int64_t *out);
/* Copies src into dst of size n, always NUL-terminating; returns -1 if cut. */
int str_copy(char *dst, size_t n, const char *src);
/* True when the n bytes of s are valid UTF-8 (no overlongs, no surrogates). */
bool str_utf8_valid(const char *s, size_t n);
/* Number of code points in valid UTF-8 s. */
size_t str_utf8_len(const char *s);
/* Returns s without leading and trailing ASCII white space, in the arena. */
char *str_trim(arena *a, const char *s);
/* Percent-decodes n bytes of s ('+' as space when form is true) into the
 * arena; NULL on a bad escape or an embedded NUL. */
char *str_url_decode(arena *a, const char *s, size_t n, bool form);
/* Appends the lowercase hex of n bytes to out (2n+1 bytes). */
void str_hex(char *out, const unsigned char *in, size_t n);
/* Base64url without padding of n bytes, in the arena. */
char *str_base64url(arena *a, const unsigned char *in, size_t n);
/* Decodes base64url (padding optional) into the arena; NULL when invalid. */
unsigned char *str_base64url_decode(arena *a, const char *s, size_t *out_len);
/* Lowercases ASCII letters in place; returns s. */
char *str_lower(char *s);

#endif
