/* roster text: what the readers of outside text (the Curtois instance, a
 * solution's CSV) share: where they are, and an error that names it. */
#ifndef INSTROOM_ROSTER_TEXT_H
#define INSTROOM_ROSTER_TEXT_H

#include <stddef.h>

typedef struct rp_text_at {
    const char *name; /* the file's name, for messages */
    int line;         /* 1-based line being read */
    char *err;        /* the caller's error buffer (may be NULL) */
    size_t errlen;
} rp_text_at;

/* Writes "name:line: " and the message into at->err; returns ROSTER_EINPUT. */
int rp_text_fail(const rp_text_at *at, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Strips spaces, tabs and a trailing carriage return, in place. */
char *rp_text_trim(char *s);

#endif
