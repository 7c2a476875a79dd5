/* i18n: the message catalogue. Every text shown to people has an id in
 * src/http/messages.def with its Dutch and English text side by side, so a
 * missing translation cannot compile. */
#ifndef INSTROOM_HTTP_I18N_H
#define INSTROOM_HTTP_I18N_H

#include "base/arena.h"
#include "http/http.h"

typedef enum msg_id {
#define MSG(id, nl, en) id,
#include "http/messages.def"
#undef MSG
    MSG_COUNT
} msg_id;

/* The text of id in lang ("nl" or "en"; anything else gives Dutch). */
const char *msg_in(const char *lang, msg_id id);
/* The text of id in the request's language. */
const char *msg(const http_request *req, msg_id id);
/* The text of id with {1} and {2} replaced by a1 and a2 (NULL leaves them), in the arena. */
char *msg_fill(const http_request *req, msg_id id, const char *a1, const char *a2);
/* The same in lang, in a (for text to someone other than the request's user, e.g. mail). */
char *msg_fill_in(arena *a, const char *lang, msg_id id, const char *a1, const char *a2);
/* The message id whose key (e.g. "MSG_LOGIN_TITLE") is key, or MSG_COUNT. */
msg_id msg_by_key(const char *key);
/* Picks "nl" or "en" from an Accept-Language header (Dutch unless English is preferred). */
const char *i18n_from_accept_language(const char *header);
/* True for the languages the catalogue has. */
int i18n_supported(const char *lang);

#endif
