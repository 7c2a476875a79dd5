/* jsonw: a streaming JSON writer into a buf. No tree, no allocation per
 * value: what API responses use. Commas and nesting are tracked for the
 * caller; strings are escaped (and invalid UTF-8 replaced by U+FFFD). */
#ifndef INSTROOM_BASE_JSONW_H
#define INSTROOM_BASE_JSONW_H

#include <stdbool.h>
#include <stdint.h>

#include "base/buf.h"

#define JSONW_MAX_DEPTH 32

typedef struct jsonw {
    buf *out;                       /* not owned */
    int depth;
    bool first[JSONW_MAX_DEPTH];    /* no value written yet at this level */
    bool after_key;                 /* a key was written; its value comes next */
    bool failed;                    /* misuse (too deep, unbalanced) or a buf error */
} jsonw;

/* Starts writing into out (appending). */
void jsonw_init(jsonw *w, buf *out);
void jsonw_object_begin(jsonw *w);
void jsonw_object_end(jsonw *w);
void jsonw_array_begin(jsonw *w);
void jsonw_array_end(jsonw *w);
/* Writes an object key; the next call writes its value. */
void jsonw_key(jsonw *w, const char *key);
/* Values. jsonw_str(NULL) writes null. */
void jsonw_str(jsonw *w, const char *s);
void jsonw_strn(jsonw *w, const char *s, size_t n);
void jsonw_int(jsonw *w, int64_t v);
void jsonw_real(jsonw *w, double v);
void jsonw_bool(jsonw *w, bool v);
void jsonw_null(jsonw *w);
/* Writes a Unix time as an RFC 3339 UTC string, or null when t is 0 and
 * zero_is_null is set. */
void jsonw_time(jsonw *w, int64_t t, bool zero_is_null);
/* Key and value in one call. */
void jsonw_kstr(jsonw *w, const char *key, const char *s);
void jsonw_kint(jsonw *w, const char *key, int64_t v);
void jsonw_kbool(jsonw *w, const char *key, bool v);
void jsonw_ktime(jsonw *w, const char *key, int64_t t, bool zero_is_null);
/* 0 when everything was balanced and written; -1 otherwise. */
int jsonw_finish(jsonw *w);

#endif
