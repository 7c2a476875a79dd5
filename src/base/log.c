#include "base/log.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static atomic_int log_min = LOG_INFO;

void log_set_level(log_level level)
{
    atomic_store(&log_min, (int)level);
}

bool log_enabled(log_level level)
{
    return (int)level >= atomic_load(&log_min);
}

/* Writes "YYYY-MM-DDTHH:MM:SS.mmmZ level " to out (at least 40 bytes) and
 * returns its length. The part up to the seconds is formatted once a second
 * per thread: the access log writes a line for every request. */
static size_t line_prefix(char *out, log_level level)
{
    static const char *const names[] = {"debug ", "info ", "warn ", "error "};
    static _Thread_local time_t last_sec = -1;
    static _Thread_local char last[64];
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    if (ts.tv_sec != last_sec) {
        struct tm tm;
        gmtime_r(&ts.tv_sec, &tm);
        snprintf(last, sizeof last, "%04d-%02d-%02dT%02d:%02d:%02d.", tm.tm_year + 1900, tm.tm_mon + 1,
                 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
        last_sec = ts.tv_sec;
    }
    size_t n = strlen(last);
    memcpy(out, last, n);
    long ms = ts.tv_nsec / 1000000;
    out[n++] = (char)('0' + ms / 100);
    out[n++] = (char)('0' + ms / 10 % 10);
    out[n++] = (char)('0' + ms % 10);
    out[n++] = 'Z';
    out[n++] = ' ';
    size_t l = strlen(names[level]);
    memcpy(out + n, names[level], l);
    return n + l;
}

static void emit(char *line, size_t len, size_t cap)
{
    if (len > cap - 1) len = cap - 1;
    line[len++] = '\n';
    ssize_t w = write(STDERR_FILENO, line, len);
    (void)w;
}

void log_write(log_level level, const char *fmt, ...)
{
    if (!log_enabled(level)) return;
    char line[2048];
    size_t n = line_prefix(line, level);
    va_list ap;
    va_start(ap, fmt);
    int m = vsnprintf(line + n, sizeof line - n - 1, fmt, ap);
    va_end(ap);
    size_t len = n + (m < 0 ? 0 : (size_t)m);
    if (len > sizeof line - 2) len = sizeof line - 2;
    emit(line, len, sizeof line);
}

void log_text(log_level level, const char *msg, size_t n)
{
    if (!log_enabled(level)) return;
    char line[2048];
    size_t p = line_prefix(line, level);
    if (n > sizeof line - p - 2) n = sizeof line - p - 2;
    memcpy(line + p, msg, n);
    emit(line, p + n, sizeof line);
}
