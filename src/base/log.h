/* log: one line per event on stderr: time (UTC, ISO 8601), level, message. */
#ifndef INSTROOM_BASE_LOG_H
#define INSTROOM_BASE_LOG_H

#include <stdbool.h>
#include <stddef.h>

typedef enum { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR } log_level;

/* Sets the lowest level that is written (default LOG_INFO). */
void log_set_level(log_level level);
/* Whether lines at level are written. */
bool log_enabled(log_level level);
/* Writes one line at level; thread-safe (one write(2) per line). */
void log_write(log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Writes the n bytes of msg as one line at level, without formatting (for
 * lines built elsewhere, such as the access log's). */
void log_text(log_level level, const char *msg, size_t n);

#define log_info(...) log_write(LOG_INFO, __VA_ARGS__)
#define log_warn(...) log_write(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_write(LOG_ERROR, __VA_ARGS__)
#define log_debug(...) log_write(LOG_DEBUG, __VA_ARGS__)

#endif
