/* roster text: errors that name the line, and trimming (see text.h). */
#include "roster/text.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "roster/model.h"

int rp_text_fail(const rp_text_at *at, const char *fmt, ...)
{
    if (at->err && at->errlen) {
        int n = snprintf(at->err, at->errlen, "%s:%d: ", at->name, at->line);
        if (n >= 0 && (size_t)n < at->errlen) {
            va_list ap;
            va_start(ap, fmt);
            vsnprintf(at->err + n, at->errlen - (size_t)n, fmt, ap);
            va_end(ap);
        }
    }
    return ROSTER_EINPUT;
}

char *rp_text_trim(char *s)
{
    while (*s == ' ' || *s == '\t') s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r')) s[--n] = '\0';
    return s;
}
