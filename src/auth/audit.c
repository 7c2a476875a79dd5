#include "auth/audit.h"

#include "auth/auth.h"
#include "base/log.h"
#include "base/time.h"

int audit_write(db_conn *c, const audit_entry *e)
{
    int rc = db_exec(c, "INSERT INTO audit_log(at, user_id, action, entity, entity_id, org_id, outcome,"
                        " ip, request_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     DB_ARGS(db_int(time_now()), db_id_or_null(e->user_id), db_text(e->action),
                             db_text(e->entity), db_id_or_null(e->entity_id), db_id_or_null(e->org_id),
                             db_text(e->outcome ? e->outcome : "ok"), db_text(e->ip),
                             db_text(e->request_id), db_text(e->detail)));
    if (rc) log_error("audit: cannot write %s %s: %s", e->action, e->entity ? e->entity : "-", db_errmsg(c));
    return rc;
}

int audit_request(http_request *req, const char *action, const char *entity, int64_t entity_id,
                  int64_t org_id, const char *outcome, const char *detail)
{
    const auth_principal *p = auth_current(req);
    audit_entry e = {
        .user_id = p ? p->user_id : 0,
        .action = action,
        .entity = entity,
        .entity_id = entity_id,
        .org_id = org_id,
        .outcome = outcome,
        .ip = req->remote_ip,
        .request_id = req->id,
        .detail = detail,
    };
    return audit_write(http_db(req), &e);
}
