/* intake outbox: the sender of queued mail (SMTP over libcurl), its
 * background thread in the server, and the coordinator's view of the
 * outbox. Mail stays queued while no SMTP server is configured. */
#ifndef INSTROOM_INTAKE_OUTBOX_H
#define INSTROOM_INTAKE_OUTBOX_H

#include <stdint.h>

#include "db/db.h"
#include "http/http.h"

#define INTAKE_OUTBOX_MAX_ATTEMPTS 8

/* Where mail goes: url "smtp://HOST:PORT" (or smtps://), from the sender's address. */
typedef struct intake_smtp {
    const char *url;
    const char *from;
} intake_smtp;

/* The configuration from --smtp-url/--smtp-from, else $INSTROOM_SMTP_URL and
 * $INSTROOM_SMTP_FROM; false when there is none (mail stays queued). */
bool intake_smtp_from_env(const char *url_opt, const char *from_opt, intake_smtp *out);
/* Seconds to wait before the next try after attempts failed attempts
 * (1 min, doubling, at most 6 hours). Pure. */
int64_t intake_outbox_backoff(int attempts);
/* Sends every mail due at now (at most limit), each recorded in its own
 * transaction: sent_at, or attempts + 1, last_error and next_try_at. The
 * connection is not held while talking to the server. *sent and *failed
 * count them. 0 or a negative db code. */
int intake_outbox_send_due(db *d, const intake_smtp *smtp, int64_t now, int limit, int *sent, int *failed);
/* Starts (and stops) the server's background sender, which looks for due
 * mail every couple of seconds. 0 or -1. */
int intake_outbox_start(db *d, const intake_smtp *smtp);
void intake_outbox_stop(void);

/* GET /api/v1/outbox (handler for the route table in esco.c). */
int intake_outbox_api_list(http_request *req, http_response *res);

#endif
