/* intake on the overview: the campaigns a user works on, with the applications
 * that wait for a first look, and the outbox's failures. Data only; the
 * overview (app/dashboard.c) renders it. Who sees which campaign is decided
 * by the policy module, exactly as on /pipeline. */
#include <assert.h>

#include "auth/auth.h"
#include "base/time.h"
#include "intake/intake.h"
#include "intake/pipeline.h"

int intake_dashboard_campaigns(http_request *req, intake_dashboard_campaign **out, int *n)
{
    assert(req && out && n);
    *out = NULL;
    *n = 0;
    const auth_principal *p = auth_current(req);
    if (!p) return 0;
    db_stmt *s;
    /* open now, or closed with new applications still waiting */
    int rc = db_prepare(http_db(req),
                        "SELECT k.id, k.title, k.opens_at, k.closes_at, "
                        "k.applications_count, "
                        "(SELECT count(*) FROM applications a JOIN campaign_stages st ON st.id = a.stage_id "
                        " WHERE a.campaign_id = k.id AND a.erased_at IS NULL AND st.key = 'aangemeld') AS fresh "
                        "FROM campaigns k WHERE k.opens_at <= ?1 AND (k.closes_at > ?1 OR fresh > 0) "
                        "ORDER BY k.closes_at, k.id",
                        DB_ARGS(db_int(time_now())), &s);
    if (rc) return rc;
    intake_dashboard_campaign *list = NULL;
    int cap = 0, k = 0;
    while ((rc = db_step(s)) == DB_ROW) {
        if (k == cap) {
            int ncap = cap ? cap * 2 : 8;
            intake_dashboard_campaign *bigger = arena_calloc(req->arena, (size_t)ncap, sizeof *bigger);
            if (!bigger) {
                rc = DB_ENOMEM;
                break;
            }
            for (int i = 0; i < k; i++) bigger[i] = list[i];
            list = bigger;
            cap = ncap;
        }
        int64_t now = time_now();
        list[k] = (intake_dashboard_campaign){
            .id = db_col_int(s, 0),
            .title = arena_strdup(req->arena, db_col_text(s, 1) ? db_col_text(s, 1) : ""),
            .open = db_col_int(s, 2) <= now && now < db_col_int(s, 3),
            .applications = db_col_int(s, 4),
            .fresh = db_col_int(s, 5),
        };
        if (!list[k].title) {
            rc = DB_ENOMEM;
            break;
        }
        k++;
    }
    db_finalize(s);
    if (rc != DB_DONE) return rc < 0 ? rc : DB_ERR;
    /* keep the ones the policy lets this user read the applications of */
    int kept = 0;
    for (int i = 0; i < k; i++) {
        policy_target t;
        if (intake_pipeline_target(req, list[i].id, 0, 0, &t) != 0) continue;
        if (!policy_allows(p, POLICY_READ, &t, NULL)) continue;
        list[kept++] = list[i];
    }
    *out = list;
    *n = kept;
    return 0;
}

int intake_outbox_failures(http_request *req, int64_t *failing)
{
    assert(req && failing);
    *failing = 0;
    static const policy_target outbox = {.kind = POLICY_OUTBOX};
    if (!policy_allows(auth_current(req), POLICY_READ, &outbox, NULL)) return DB_ERR; /* not the coordinator: nothing to count */
    return db_query_int(http_db(req), "SELECT count(*) FROM outbox WHERE sent_at IS NULL AND attempts > 0",
                        DB_NOARGS, failing);
}
