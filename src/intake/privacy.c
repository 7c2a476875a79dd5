/* intake privacy: the daily retention job, a person's data export and
 * erasure on request (AVG). "Erased" means the identifying fields of the
 * person (names blanked, contact details, date of birth, postcode and benefit
 * status removed, links to organisations dropped) and the free-text answers
 * of the applications are gone; what is left (campaign, stage, source,
 * dates, scores) is not about anyone and keeps the funnel's counts right.
 * An erased person's row is deleted (blanked only when another record still
 * needs it). */
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/audit.h"
#include "auth/policy.h"
#include "badges/badges.h"
#include "base/log.h"
#include "base/random.h"
#include "base/str.h"
#include "base/time.h"
#include "cli_commands.h"
#include "db/cli.h"
#include "http/html.h"
#include "http/page.h"
#include "http/server.h"
#include "http/ui.h"
#include "intake/admin.h"
#include "people/people.h"

#define WEEK (7 * 86400)
#define KEEP_YEAR (365 * 86400)

/* The applications the retention rules make due at ?1 (now). */
#define DUE_SQL                                                                                            \
    " FROM applications a JOIN campaign_stages s ON s.id = a.stage_id JOIN campaigns c ON c.id = a.campaign_id" \
    " WHERE a.erased_at IS NULL AND s.kind IN ('rejected', 'withdrawn') AND"                                 \
    " ((a.consent_keep = 0 AND c.closes_at + c.retention_weeks * 604800 <= ?) OR"                            \
    "  (a.consent_keep = 1 AND c.closes_at + 31536000 <= ?))"

/* Blanks the answers of application id and drops its mail, at now. */
static int erase_application(db_conn *c, int64_t id, int64_t now)
{
    int rc = db_exec(c,
                     "UPDATE applications SET current_study = NULL, prior_occupation = NULL,"
                     " prior_occupation_label = NULL, hobbies = NULL, languages = NULL, avail_days = 0,"
                     " avail_parts = 0, avail_hours = NULL, avail_from = NULL, avail_until = NULL, motivation = NULL,"
                     " utm_source = NULL, utm_medium = NULL, utm_campaign = NULL, duplicate_of = NULL,"
                     " duplicate_reason = NULL, import_key = NULL, erased_at = ? WHERE id = ? AND erased_at IS NULL",
                     DB_ARGS(db_int(now), db_int(id)));
    if (!rc) rc = db_exec(c, "UPDATE application_moves SET reason = NULL WHERE application_id = ?", DB_ARGS(db_int(id)));
    if (!rc)
        rc = db_exec(c, "DELETE FROM outbox WHERE entity = 'application' AND entity_id = ?", DB_ARGS(db_int(id)));
    return rc;
}

/* Removes person id: the row goes (links with it; applications keep their
 * counts with person_id NULL). When another record still needs the row (a
 * foreign key), its identifying fields are blanked instead. */
static int erase_person(db_conn *c, int64_t id, int64_t now)
{
    int rc = db_exec(c, "UPDATE applications SET duplicate_of = NULL, duplicate_reason = NULL WHERE duplicate_of = ?",
                     DB_ARGS(db_int(id)));
    if (!rc) rc = db_exec(c, "UPDATE users SET person_id = NULL WHERE person_id = ?", DB_ARGS(db_int(id)));
    if (!rc) rc = badges_erase_person(c, id, now, NULL);
    /* Cohort members and their outcomes stay, anonymous, so that the
     * programme's figures do not change: free text goes, the link goes. */
    if (!rc)
        rc = db_exec(c,
                     "UPDATE outcome_events SET note = NULL, void_reason = CASE WHEN void_reason IS NULL THEN NULL"
                     " ELSE '' END WHERE member_id IN (SELECT id FROM cohort_members WHERE person_id = ?)",
                     DB_ARGS(db_int(id)));
    if (!rc) rc = db_exec(c, "UPDATE cohort_members SET person_id = NULL WHERE person_id = ?", DB_ARGS(db_int(id)));
    if (!rc) rc = db_exec(c, "DELETE FROM person_orgs WHERE person_id = ?", DB_ARGS(db_int(id)));
    /* Guidance (coach links, contacts and their notes, check-ins, support
     * needs, the coaching plan) goes by ON DELETE CASCADE with the row; these
     * make sure it goes too when the row can only be blanked. */
    static const char *const guidance_sql[] = {
        "DELETE FROM coaching_plan WHERE person_id = ?", "DELETE FROM coach_contacts WHERE person_id = ?",
        "DELETE FROM checkins WHERE person_id = ?", "DELETE FROM support_needs WHERE person_id = ?",
        "DELETE FROM coach_links WHERE person_id = ?"};
    for (size_t i = 0; !rc && i < sizeof guidance_sql / sizeof guidance_sql[0]; i++)
        rc = db_exec(c, guidance_sql[i], DB_ARGS(db_int(id)));
    if (!rc) rc = db_exec(c, "DELETE FROM people WHERE id = ?", DB_ARGS(db_int(id)));
    if (rc == DB_ECONSTRAINT)
        rc = db_exec(c,
                     "UPDATE people SET given_name = '', family_name = '', email = NULL, phone = NULL,"
                     " birth_date = NULL, postcode = NULL, benefit_status = NULL, updated_at = ? WHERE id = ?",
                     DB_ARGS(db_int(now), db_int(id)));
    return rc;
}

static int job_run(db_conn *c, int64_t now, const char *detail)
{
    return db_exec(c,
                   "INSERT INTO job_runs(name, last_at, detail) VALUES ('retention', ?, ?)"
                   " ON CONFLICT(name) DO UPDATE SET last_at = excluded.last_at, detail = excluded.detail",
                   DB_ARGS(db_int(now), db_text(detail)));
}

int intake_retention_run(db_conn *c, int64_t now, bool dry_run, intake_retention_result *out)
{
    memset(out, 0, sizeof *out);
    int rc = db_begin(c, !dry_run);
    if (rc) return rc;
    /* The people who are only applicants, whose every application is erased
     * or due now: nobody else knows them, so they go too. */
    static const char people_sql[] =
        "SELECT DISTINCT a.person_id" DUE_SQL " AND a.person_id IS NOT NULL"
        " AND NOT EXISTS (SELECT 1 FROM applications o WHERE o.person_id = a.person_id AND o.erased_at IS NULL"
        "   AND o.id NOT IN (SELECT a2.id FROM applications a2 JOIN campaign_stages s2 ON s2.id = a2.stage_id"
        "     JOIN campaigns c2 ON c2.id = a2.campaign_id WHERE a2.person_id = a.person_id"
        "     AND s2.kind IN ('rejected', 'withdrawn') AND"
        "     ((a2.consent_keep = 0 AND c2.closes_at + c2.retention_weeks * 604800 <= ?) OR"
        "      (a2.consent_keep = 1 AND c2.closes_at + 31536000 <= ?))))"
        " AND NOT EXISTS (SELECT 1 FROM person_orgs po WHERE po.person_id = a.person_id AND po.relation <> 'applicant')"
        " AND NOT EXISTS (SELECT 1 FROM users u WHERE u.person_id = a.person_id)"
        " ORDER BY a.person_id";
    int64_t napps = 0;
    rc = db_query_int(c, "SELECT count(*)" DUE_SQL, DB_ARGS(db_int(now), db_int(now)), &napps);
    int64_t *people = NULL, *apps = NULL;
    int npeople = 0, k = 0;
    db_stmt *s = NULL;
    if (!rc && napps) {
        apps = calloc((size_t)napps, sizeof *apps);
        people = calloc((size_t)napps, sizeof *people);
        if (!apps || !people) rc = DB_ENOMEM;
    }
    if (!rc && napps) rc = db_prepare(c, "SELECT a.id" DUE_SQL " ORDER BY a.id", DB_ARGS(db_int(now), db_int(now)), &s);
    if (s) {
        while (k < napps && (rc = db_step(s)) == DB_ROW) apps[k++] = db_col_int(s, 0);
        db_finalize(s);
        s = NULL;
        rc = rc < 0 ? rc : 0;
    }
    if (!rc && napps) rc = db_prepare(c, people_sql, DB_ARGS(db_int(now), db_int(now), db_int(now), db_int(now)), &s);
    if (s) {
        while (npeople < napps && (rc = db_step(s)) == DB_ROW) people[npeople++] = db_col_int(s, 0);
        db_finalize(s);
        rc = rc < 0 ? rc : 0;
    }
    out->applications = k;
    out->people = npeople;
    for (int i = 0; !rc && !dry_run && i < k; i++) {
        rc = erase_application(c, apps[i], now);
        if (!rc)
            rc = audit_write(c, &(audit_entry){.action = "erase", .entity = "application", .entity_id = apps[i],
                                               .outcome = "ok", .detail = "retention"});
    }
    for (int i = 0; !rc && !dry_run && i < npeople; i++) {
        rc = erase_person(c, people[i], now);
        if (!rc)
            rc = audit_write(c, &(audit_entry){.action = "erase", .entity = "person", .entity_id = people[i],
                                               .outcome = "ok", .detail = "retention"});
    }
    free(apps);
    free(people);
    if (!rc && !dry_run) {
        char detail[120];
        snprintf(detail, sizeof detail, "%d applications and %d people erased", out->applications, out->people);
        rc = job_run(c, now, detail);
    }
    if (!rc && !dry_run) rc = db_commit(c);
    if (rc || dry_run) db_rollback(c);
    return rc;
}

/* ---- Export ---- */

/* Writes the rows of sql as an array of objects under key; types has one
 * letter per column: s text, i integer, t time, b boolean, r real. */
static int write_rows(db_conn *c, jsonw *w, const char *key, const char *sql, const char *types, int64_t id,
                      bool one)
{
    int nargs = 0;
    for (const char *q = sql; *q; q++) nargs += *q == '?';
    db_value args[4] = {db_int(id), db_int(id), db_int(id), db_int(id)};
    db_stmt *s;
    int rc = db_prepare(c, sql, args, nargs > 4 ? 4 : nargs, &s);
    if (rc) return rc;
    jsonw_key(w, key);
    if (!one) jsonw_array_begin(w);
    int rows = 0;
    while ((rc = db_step(s)) == DB_ROW) {
        rows++;
        jsonw_object_begin(w);
        for (int i = 0; types[i] && i < db_col_count(s); i++) {
            jsonw_key(w, db_col_name(s, i));
            if (db_col_is_null(s, i)) jsonw_null(w);
            else if (types[i] == 'i') jsonw_int(w, db_col_int(s, i));
            else if (types[i] == 't') jsonw_time(w, db_col_int(s, i), true);
            else if (types[i] == 'b') jsonw_bool(w, db_col_int(s, i) != 0);
            else if (types[i] == 'r') jsonw_real(w, db_col_real(s, i));
            else jsonw_str(w, db_col_text(s, i));
        }
        jsonw_object_end(w);
        if (one) break;
    }
    db_finalize(s);
    if (rc < 0) return rc;
    if (one && rows == 0) return DB_ENOTFOUND;
    if (!one) jsonw_array_end(w);
    return 0;
}

/* What a person's export holds: one section per row, in this order. */
static const struct export_section {
    const char *key;
    const char *sql;   /* every ? is the person's id */
    const char *types; /* as for write_rows */
    bool one;          /* one object (the person), else an array */
} export_sections[] = {
    {"person",
     "SELECT id, given_name, family_name, email, phone, birth_date, postcode, benefit_status,"
     " created_at, updated_at FROM people WHERE id = ?",
     "isssssssstt", true},
    {"links",
     "SELECT po.org_id, o.name AS org_name, po.relation, po.since FROM person_orgs po"
     " JOIN orgs o ON o.id = po.org_id WHERE po.person_id = ? ORDER BY po.since",
     "isst", false},
    {"accounts",
     "SELECT id, email, name, lang, created_at, disabled_at FROM users WHERE person_id = ?",
     "issstt", false},
    {"applications",
     "SELECT a.id, a.campaign_id, c.slug AS campaign_slug, c.title AS campaign_title,"
     " s.key AS stage, a.waitlisted, a.current_study, a.prior_occupation, a.prior_occupation_label,"
     " a.hobbies, a.languages, a.avail_days, a.avail_parts, a.avail_hours, a.avail_from,"
     " a.avail_until, a.motivation, a.consent_at, a.consent_keep, a.source, a.utm_source,"
     " a.utm_medium, a.utm_campaign, a.duplicate_of, a.duplicate_reason, a.import_id, a.lang,"
     " a.created_at, a.stage_at, a.erased_at FROM applications a"
     " JOIN campaigns c ON c.id = a.campaign_id JOIN campaign_stages s ON s.id = a.stage_id"
     " WHERE a.person_id = ? ORDER BY a.id",
     "iisssbssssiiiisssbtssssisiisttt", false},
    {"moves",
     "SELECT m.application_id, f.key AS from_stage, t.key AS to_stage, m.user_id, m.at, m.reason"
     " FROM application_moves m JOIN applications a ON a.id = m.application_id"
     " LEFT JOIN campaign_stages f ON f.id = m.from_stage JOIN campaign_stages t ON t.id = m.to_stage"
     " WHERE a.person_id = ? ORDER BY m.at, m.id",
     "issits", false},
    {"scores",
     "SELECT sc.application_id, r.name AS criterion, r.weight, sc.reviewer_id, sc.score, sc.at"
     " FROM scores sc JOIN applications a ON a.id = sc.application_id"
     " JOIN rubric_criteria r ON r.id = sc.criterion_id WHERE a.person_id = ? ORDER BY sc.at",
     "isriit", false},
    {"mail",
     "SELECT o.id, o.to_addr, o.subject, o.body, o.kind, o.created_at, o.sent_at FROM outbox o"
     " JOIN applications a ON o.entity = 'application' AND o.entity_id = a.id"
     " WHERE a.person_id = ? ORDER BY o.id",
     "isssstt", false},
    /* Guidance (issue 7): coaches, contact moments with notes, check-ins,
     * support needs and the coaching plan. */
    {"coaches",
     "SELECT l.id, l.coach_id, u.name AS coach_name, l.kind, l.started_on, l.ended_on, l.created_at"
     " FROM coach_links l JOIN users u ON u.id = l.coach_id WHERE l.person_id = ? ORDER BY l.id",
     "iisssst", false},
    {"contacts",
     "SELECT k.id, k.coach_id, u.name AS coach_name, k.at, k.channel, k.notes FROM coach_contacts k"
     " JOIN users u ON u.id = k.coach_id WHERE k.person_id = ? ORDER BY k.at, k.id",
     "iistss", false},
    {"checkins",
     "SELECT id, by_user_id, at, wellbeing, workload, thinking_of_stopping, note FROM checkins"
     " WHERE person_id = ? ORDER BY at, id",
     "iitiibs", false},
    {"support_needs",
     "SELECT id, kind, description, referral, status, follow_up_on, created_at, updated_at,"
     " resolved_at FROM support_needs WHERE person_id = ? ORDER BY id",
     "issssttt", false},
    {"coaching_plan",
     "SELECT id, coach_id, due_on, topic, done_contact_id, reminded_at FROM coaching_plan"
     " WHERE person_id = ? ORDER BY due_on, id",
     "iissit", false},
    {"audit",
     "SELECT l.id, l.at, l.user_id, l.action, l.entity, l.entity_id, l.outcome, l.detail"
     " FROM audit_log l WHERE (l.entity LIKE 'person%' AND l.entity_id = ?)"
     " OR (l.entity = 'application' AND l.entity_id IN"
     "     (SELECT id FROM applications WHERE person_id = ?)) ORDER BY l.id",
     "itississ", false},
};

int intake_person_export(db_conn *c, arena *a, int64_t id, jsonw *w)
{
    (void)a;
    int rc = db_begin(c, false);
    if (rc) return rc;
    jsonw_object_begin(w);
    jsonw_kstr(w, "format", "instroom person export 1");
    jsonw_ktime(w, "exported_at", time_now(), false);
    for (size_t i = 0; !rc && i < sizeof export_sections / sizeof export_sections[0]; i++) {
        const struct export_section *x = &export_sections[i];
        rc = write_rows(c, w, x->key, x->sql, x->types, id, x->one);
    }
    jsonw_object_end(w);
    db_rollback(c);
    return rc;
}

int intake_person_erase(db_conn *c, int64_t id, int64_t user_id, const char *ip, const char *request_id,
                        int64_t now, intake_retention_result *out)
{
    memset(out, 0, sizeof *out);
    int rc = db_begin(c, true);
    if (rc) return rc;
    int64_t one = 0;
    rc = db_query_int(c, "SELECT 1 FROM people WHERE id = ?", DB_ARGS(db_int(id)), &one);
    db_stmt *s = NULL;
    int64_t apps[256];
    int napps = 0;
    bool more = true;
    while (!rc && more) { /* in batches: erase_application changes the set */
        napps = 0;
        rc = db_prepare(c, "SELECT id FROM applications WHERE person_id = ? AND erased_at IS NULL ORDER BY id LIMIT 256",
                        DB_ARGS(db_int(id)), &s);
        if (rc) break;
        while (napps < 256 && (rc = db_step(s)) == DB_ROW) apps[napps++] = db_col_int(s, 0);
        db_finalize(s);
        rc = rc < 0 ? rc : 0;
        more = napps == 256;
        for (int i = 0; !rc && i < napps; i++) rc = erase_application(c, apps[i], now);
        out->applications += napps;
    }
    /* An account of the person can no longer log in and no longer names them. */
    if (!rc)
        rc = db_exec(c, "DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE person_id = ?)",
                     DB_ARGS(db_int(id)));
    if (!rc)
        rc = db_exec(c,
                     "UPDATE users SET name = '', email = 'erased-' || id || '@erased.invalid',"
                     " disabled_at = coalesce(disabled_at, ?) WHERE person_id = ?",
                     DB_ARGS(db_int(now), db_int(id)));
    if (!rc) rc = erase_person(c, id, now);
    out->people = rc ? 0 : 1;
    if (!rc) {
        char detail[80];
        snprintf(detail, sizeof detail, "on request: %d applications", out->applications);
        rc = audit_write(c, &(audit_entry){.user_id = user_id, .action = "erase", .entity = "person",
                                           .entity_id = id, .outcome = "ok", .ip = ip, .request_id = request_id,
                                           .detail = detail});
    }
    if (!rc) rc = db_commit(c);
    if (rc) db_rollback(c);
    return rc;
}

/* ---- The retention thread of the server ---- */

static pthread_t retention_thread;
static pthread_mutex_t retention_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t retention_wake = PTHREAD_COND_INITIALIZER;
static bool retention_running, retention_stop;

static void *retention_main(void *arg)
{
    db *d = arg;
    pthread_mutex_lock(&retention_lock);
    while (!retention_stop) {
        pthread_mutex_unlock(&retention_lock);
        db_conn *c = db_acquire(d);
        intake_retention_result r;
        int rc = intake_retention_run(c, time_now(), false, &r);
        db_release(c);
        if (rc) log_warn("retention: the daily job failed (%d); it runs again in 24 hours", rc);
        else log_info("retention: %d applications and %d people erased", r.applications, r.people);
        pthread_mutex_lock(&retention_lock);
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += 86400;
        while (!retention_stop && pthread_cond_timedwait(&retention_wake, &retention_lock, &until) == 0) {
        }
    }
    pthread_mutex_unlock(&retention_lock);
    return NULL;
}

int intake_retention_thread_start(db *d)
{
    pthread_mutex_lock(&retention_lock);
    retention_stop = false;
    int rc = retention_running ? 0 : pthread_create(&retention_thread, NULL, retention_main, d);
    if (!rc) retention_running = true;
    pthread_mutex_unlock(&retention_lock);
    return rc ? -1 : 0;
}

void intake_retention_thread_stop(void)
{
    pthread_mutex_lock(&retention_lock);
    bool running = retention_running;
    retention_stop = true;
    pthread_cond_broadcast(&retention_wake);
    pthread_mutex_unlock(&retention_lock);
    if (running) pthread_join(retention_thread, NULL);
    retention_running = false;
}

/* ---- Pages and API ---- */

static policy_target rights_target(int64_t id)
{
    return (policy_target){.kind = POLICY_PERSON_RIGHTS, .id = id, .person_id = id};
}

static bool person_erased(const people_person *p)
{
    return p->given_name && !*p->given_name && p->family_name && !*p->family_name && !p->email;
}

static int rights_show(http_request *req, http_response *res)
{
    int64_t id = http_path_id(req, "id");
    policy_target t = rights_target(id);
    people_person p;
    int rc = id ? people_get(http_db(req), req->arena, id, &p) : DB_ENOTFOUND;
    if (rc == DB_ENOTFOUND || (!rc && !policy_allows(auth_current(req), POLICY_READ, &t, NULL))) {
        if (!rc) policy_enforce(req, POLICY_READ, &t, "person.rights");
        http_error(req, res, 404);
        return 0;
    }
    if (rc) return api_fail(rc);
    const char *name = person_erased(&p) ? msg(req, MSG_INTAKE_ERASED_NAME)
                                         : arena_printf(req->arena, "%s %s", p.given_name, p.family_name);
    const char *title = msg_fill(req, MSG_INTAKE_RIGHTS_TITLE, name, NULL);
    page_begin(req, res, title);
    buf *b = &res->body;
    html_lit(b, "<h1 class=\"utrecht-heading-1\">");
    html_text(b, title);
    html_lit(b, "</h1>");
    if (person_erased(&p)) page_alert(b, ALERT_INFO, msg(req, MSG_INTAKE_RIGHTS_ALREADY_ERASED));
    html_lit(b, "<div class=\"instroom-panel\"><p class=\"utrecht-paragraph\">");
    html_text(b, msg(req, MSG_INTAKE_RIGHTS_TEXT));
    html_lit(b, "</p><div class=\"instroom-toolbar\">");
    page_button_link(b, arena_printf(req->arena, "/people/%lld/export", (long long)id), msg(req, MSG_INTAKE_RIGHTS_EXPORT),
                     1);
    html_lit(b, "</div></div>");
    if (policy_allows(auth_current(req), POLICY_WRITE, &t, NULL) && !person_erased(&p)) {
        html_lit(b, "<h2 class=\"utrecht-heading-2\">");
        html_text(b, msg(req, MSG_INTAKE_RIGHTS_ERASE));
        html_lit(b, "</h2><div class=\"instroom-panel\"><p class=\"utrecht-paragraph\">");
        html_text(b, msg(req, MSG_INTAKE_RIGHTS_ERASE_TEXT));
        html_lit(b, "</p>");
        if (str_eq(http_query(req, "confirm"), "missing")) page_alert(b, ALERT_ERROR, msg(req, MSG_INTAKE_RIGHTS_CONFIRM_REQUIRED));
        html_lit(b, "<form class=\"instroom-form\" method=\"post\"");
        html_attr(b, "action", arena_printf(req->arena, "/people/%lld/erasure", (long long)id));
        html_lit(b, ">");
        page_csrf(req, b);
        html_lit(b, "<div class=\"utrecht-form-field utrecht-form-field--checkbox\"><label class=\"utrecht-form-label\">"
                    "<input class=\"utrecht-checkbox utrecht-checkbox--html-input\" type=\"checkbox\" name=\"confirm\" "
                    "value=\"1\"> ");
        html_text(b, msg(req, MSG_INTAKE_RIGHTS_CONFIRM));
        html_lit(b, "</label></div><div class=\"instroom-form__actions\">"
                    "<button class=\"utrecht-button utrecht-button--secondary-action\" type=\"submit\">");
        html_text(b, msg(req, MSG_INTAKE_RIGHTS_ERASE));
        html_lit(b, "</button></div></form></div>");
    }
    page_end(req, res);
    return 0;
}

/* The export as a download (page and API alike). */
static int export_reply(http_request *req, http_response *res, bool api)
{
    int64_t id = http_path_id(req, "id");
    policy_target t = rights_target(id);
    int64_t one = 0;
    int rc = id ? db_query_int(http_db(req), "SELECT 1 FROM people WHERE id = ?", DB_ARGS(db_int(id)), &one)
                : DB_ENOTFOUND;
    if (rc == DB_ENOTFOUND || (!rc && !policy_enforce(req, POLICY_READ, &t, "person.export"))) {
        if (api) http_problem(req, res, 404, "no such person", NULL, NULL);
        else http_error(req, res, 404);
        return 0;
    }
    if (rc) return api_fail(rc);
    jsonw w;
    api_json_begin(res, 200, &w);
    rc = intake_person_export(http_db(req), req->arena, id, &w);
    if (rc) return api_fail(rc);
    http_set_header(req, res, "Content-Disposition",
                    arena_printf(req->arena, "attachment; filename=\"person-%lld.json\"", (long long)id));
    http_set_header(req, res, "Cache-Control", "no-store");
    return api_json_end(&w);
}

static int export_page(http_request *req, http_response *res)
{
    return export_reply(req, res, false);
}

static int export_api(http_request *req, http_response *res)
{
    return export_reply(req, res, true);
}

static int erase_common(http_request *req, http_response *res, bool api)
{
    int64_t id = http_path_id(req, "id");
    policy_target t = rights_target(id);
    int64_t one = 0;
    int rc = id ? db_query_int(http_db(req), "SELECT 1 FROM people WHERE id = ?", DB_ARGS(db_int(id)), &one)
                : DB_ENOTFOUND;
    if (rc == DB_ENOTFOUND) {
        if (api) http_problem(req, res, 404, "no such person", NULL, NULL);
        else http_error(req, res, 404);
        return 0;
    }
    if (rc) return api_fail(rc);
    if (!policy_enforce(req, POLICY_WRITE, &t, "person.erasure")) {
        bool reader = policy_allows(auth_current(req), POLICY_READ, &t, NULL);
        if (api) http_problem(req, res, reader ? 403 : 404, reader ? "erasure is for the coordinator" : "no such person",
                              NULL, NULL);
        else http_error(req, res, reader ? 403 : 404);
        return 0;
    }
    if (!api && !str_eq(http_form(req, "confirm"), "1")) {
        http_redirect(req, res, arena_printf(req->arena, "/people/%lld/rights?confirm=missing", (long long)id));
        return 0;
    }
    const auth_principal *who = auth_current(req);
    intake_retention_result r;
    rc = intake_person_erase(http_db(req), id, who ? who->user_id : 0, req->remote_ip, req->id, time_now(), &r);
    if (rc) return api_fail(rc);
    if (!api) {
        http_redirect(req, res, "/people?erased=1");
        return 0;
    }
    jsonw w;
    api_json_begin(res, 200, &w);
    jsonw_object_begin(&w);
    jsonw_kint(&w, "person_id", id);
    jsonw_kint(&w, "applications_erased", r.applications);
    jsonw_ktime(&w, "erased_at", time_now(), false);
    jsonw_object_end(&w);
    return api_json_end(&w);
}

static int erase_page(http_request *req, http_response *res)
{
    return erase_common(req, res, false);
}

static int erase_api(http_request *req, http_response *res)
{
    return erase_common(req, res, true);
}

const http_route intake_privacy_routes[] = {
    {"GET", "/people/{id}/rights", rights_show, 0, "people: data export and erasure (AVG)"},
    {"GET", "/people/{id}/export", export_page, 0, "people: download the data export"},
    {"POST", "/people/{id}/erasure", erase_page, 0, "people: erase the personal data"},
    {0},
};

const http_route intake_privacy_api_routes[] = {
    {"GET", "/api/v1/people/{id}/export", export_api, HTTP_API, "everything stored about a person"},
    {"POST", "/api/v1/people/{id}/erasure", erase_api, HTTP_API, "erase a person's personal data"},
    {0},
};

/* ---- instroom intake retention ---- */

static int intake_usage(int status)
{
    fprintf(status ? stderr : stdout,
            "usage: instroom intake retention [--dry-run] [--now TIME] [--db PATH]\n"
            "  Erases the personal data of rejected and withdrawn applicants whose campaign\n"
            "  closed more than its retention weeks ago (a year for those who consented to be\n"
            "  kept), as the server does every day. --dry-run only counts. --now (RFC 3339 or\n"
            "  YYYY-MM-DDTHH:MM in Dutch time) runs it as at that time.\n");
    return status;
}

int cmd_intake(int argc, char **argv)
{
    if (argc < 2) return intake_usage(2);
    if (str_eq(argv[1], "--help") || str_eq(argv[1], "-h")) return intake_usage(0);
    if (!str_eq(argv[1], "retention")) {
        fprintf(stderr, "instroom intake: unknown subcommand '%s'\n", argv[1]);
        return intake_usage(2);
    }
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'}, {"dry-run", no_argument, NULL, 'n'},
        {"now", required_argument, NULL, 't'}, {"help", no_argument, NULL, 'h'}, {0},
    };
    const char *dbp = NULL;
    bool dry = false;
    int64_t now = time_now();
    optind = 1;
    int c;
    while ((c = getopt_long(argc - 1, argv + 1, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd': dbp = optarg; break;
        case 'n': dry = true; break;
        case 't':
            if (intake_instant_parse(optarg, &now) != 0) {
                fprintf(stderr, "instroom intake retention: --now wants a time such as 2026-06-01T03:00:00Z\n");
                return 2;
            }
            break;
        case 'h': return intake_usage(0);
        default: return intake_usage(2);
        }
    }
    if (optind < argc - 1) {
        fprintf(stderr, "instroom intake retention: unexpected argument '%s'\n", argv[optind + 1]);
        return 2;
    }
    db *d;
    if (db_cli_open(db_cli_path(dbp), 1, &d) < 0) return 1;
    db_conn *conn = db_acquire(d);
    intake_retention_result r;
    int rc = intake_retention_run(conn, now, dry, &r);
    if (rc) fprintf(stderr, "instroom intake retention: failed: %s\n", db_errmsg(conn));
    else
        printf("%s %d applications and %d people\n", dry ? "would erase" : "erased", r.applications, r.people);
    db_release(conn);
    db_close(d);
    return rc ? 1 : 0;
}
