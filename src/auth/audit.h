/* audit: the append-only log of who did what to which record, when and from
 * where. Every change and every read of sensitive data is written here, in
 * the same transaction as the change when there is one. */
#ifndef INSTROOM_AUTH_AUDIT_H
#define INSTROOM_AUTH_AUDIT_H

#include <stdint.h>

#include "db/db.h"
#include "http/http.h"

typedef struct audit_entry {
    int64_t user_id;        /* 0 for the system or an anonymous visitor */
    const char *action;     /* "create", "update", "delete", "read", "login", ... */
    const char *entity;     /* "org", "user", "person", ... */
    int64_t entity_id;
    int64_t org_id;
    const char *outcome;    /* "ok", "denied" or "failed" */
    const char *ip;
    const char *request_id;
    const char *detail;     /* a short note; never the sensitive value itself */
} audit_entry;

/* Appends e; 0 or a negative db code. */
int audit_write(db_conn *c, const audit_entry *e);
/* Appends an entry for the request's principal, address and id. */
int audit_request(http_request *req, const char *action, const char *entity, int64_t entity_id,
                  int64_t org_id, const char *outcome, const char *detail);

#endif
