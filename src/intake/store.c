/* intake store: the SQL every part of intake shares (campaigns, stages,
 * applications, moves, the outbox queue). Parameters are always bound. The
 * write functions run inside the caller's transaction and audit themselves. */
#include <string.h>

#include "auth/audit.h"
#include "base/random.h"
#include "base/str.h"
#include "base/time.h"
#include "http/i18n.h"
#include "intake/intake.h"
#include "intake/model.h"

static char public_url[512] = "http://127.0.0.1:8080";

void intake_set_public_url(const char *url)
{
    if (!url || !*url) return;
    str_copy(public_url, sizeof public_url, url);
    size_t n = strlen(public_url);
    while (n > 0 && public_url[n - 1] == '/') public_url[--n] = '\0';
}

const char *intake_public_url(void)
{
    return public_url;
}

#define CAMPAIGN_COLUMNS                                                                              \
    "k.id, k.cohort_id, c.programme_id, k.slug, k.title, k.intro_nl, k.intro_en, p.name, c.name,"      \
    " c.starts_on, k.opens_at, k.closes_at, k.target, k.cap, k.retention_weeks, coalesce(p.min_age, 0)," \
    " coalesce(p.max_age, 0),"                                                                        \
    " k.applications_count"
#define CAMPAIGN_FROM " FROM campaigns k JOIN cohorts c ON c.id = k.cohort_id JOIN programmes p ON p.id = c.programme_id"

static void row_to_campaign(db_stmt *s, arena *a, intake_campaign *k)
{
    k->id = db_col_int(s, 0);
    k->cohort_id = db_col_int(s, 1);
    k->programme_id = db_col_int(s, 2);
    k->slug = arena_strdup(a, db_col_text(s, 3));
    k->title = arena_strdup(a, db_col_text(s, 4));
    k->intro_nl = arena_strdup(a, db_col_text(s, 5));
    k->intro_en = arena_strdup(a, db_col_text(s, 6));
    k->programme_name = arena_strdup(a, db_col_text(s, 7));
    k->cohort_name = arena_strdup(a, db_col_text(s, 8));
    k->cohort_starts_on = arena_strdup(a, db_col_text(s, 9));
    k->opens_at = db_col_int(s, 10);
    k->closes_at = db_col_int(s, 11);
    k->target = (int)db_col_int(s, 12);
    k->cap = (int)db_col_int(s, 13);
    k->retention_weeks = (int)db_col_int(s, 14);
    k->min_age = (int)db_col_int(s, 15);
    k->max_age = (int)db_col_int(s, 16);
    k->applications = (int)db_col_int(s, 17);
}

static int campaign_one(db_conn *c, arena *a, const char *sql, db_value key, intake_campaign *out)
{
    db_stmt *s;
    int rc = db_prepare(c, sql, &key, 1, &s);
    if (rc) return rc;
    rc = db_step(s);
    if (rc == DB_ROW) row_to_campaign(s, a, out);
    db_finalize(s);
    return rc == DB_ROW ? 0 : rc == DB_DONE ? DB_ENOTFOUND : rc;
}

int intake_campaign_by_slug(db_conn *c, arena *a, const char *slug, intake_campaign *out)
{
    if (!slug) return DB_ENOTFOUND;
    return campaign_one(c, a, "SELECT " CAMPAIGN_COLUMNS CAMPAIGN_FROM " WHERE k.slug = ?", db_text(slug), out);
}

int intake_campaign_get(db_conn *c, arena *a, int64_t id, intake_campaign *out)
{
    return campaign_one(c, a, "SELECT " CAMPAIGN_COLUMNS CAMPAIGN_FROM " WHERE k.id = ?", db_int(id), out);
}

int intake_campaign_partners(db_conn *c, arena *a, int64_t campaign_id, int64_t **orgs, int *n)
{
    *orgs = NULL;
    *n = 0;
    int64_t count = 0;
    int rc = db_query_int(c,
                          "SELECT count(*) FROM programme_partners pp JOIN cohorts c ON c.programme_id = pp.programme_id"
                          " JOIN campaigns k ON k.cohort_id = c.id WHERE k.id = ?",
                          DB_ARGS(db_int(campaign_id)), &count);
    if (rc) return rc;
    int64_t *list = arena_calloc(a, (size_t)count + 1, sizeof *list);
    if (!list) return DB_ENOMEM;
    db_stmt *s;
    rc = db_prepare(c,
                    "SELECT pp.org_id FROM programme_partners pp JOIN cohorts c ON c.programme_id = pp.programme_id"
                    " JOIN campaigns k ON k.cohort_id = c.id WHERE k.id = ? ORDER BY pp.org_id",
                    DB_ARGS(db_int(campaign_id)), &s);
    if (rc) return rc;
    int k = 0;
    while (k < count && (rc = db_step(s)) == DB_ROW) list[k++] = db_col_int(s, 0);
    db_finalize(s);
    if (rc < 0) return rc;
    *orgs = list;
    *n = k;
    return 0;
}

int intake_stages(db_conn *c, arena *a, int64_t campaign_id, intake_stage **out, int *n)
{
    *out = NULL;
    *n = 0;
    int64_t count = 0;
    int rc = db_query_int(c, "SELECT count(*) FROM campaign_stages WHERE campaign_id = ?",
                          DB_ARGS(db_int(campaign_id)), &count);
    if (rc) return rc;
    intake_stage *list = arena_calloc(a, (size_t)count + 1, sizeof *list);
    if (!list) return DB_ENOMEM;
    db_stmt *s;
    rc = db_prepare(c,
                    "SELECT id, position, key, name_nl, name_en, kind FROM campaign_stages WHERE campaign_id = ?"
                    " ORDER BY position",
                    DB_ARGS(db_int(campaign_id)), &s);
    if (rc) return rc;
    int k = 0;
    while (k < count && (rc = db_step(s)) == DB_ROW) {
        intake_stage *st = &list[k++];
        st->id = db_col_int(s, 0);
        st->position = (int)db_col_int(s, 1);
        st->key = arena_strdup(a, db_col_text(s, 2));
        st->name_nl = arena_strdup(a, db_col_text(s, 3));
        st->name_en = arena_strdup(a, db_col_text(s, 4));
        st->kind = intake_stage_kind_parse(db_col_text(s, 5));
    }
    db_finalize(s);
    if (rc < 0) return rc;
    *out = list;
    *n = k;
    return 0;
}

int intake_stages_create_default(db_conn *c, int64_t campaign_id)
{
    int rc = 0;
    for (int i = 0; !rc && i < INTAKE_DEFAULT_STAGE_COUNT; i++) {
        const intake_default_stage *d = &intake_default_stages[i];
        rc = db_exec(c,
                     "INSERT INTO campaign_stages(campaign_id, position, key, name_nl, name_en, kind)"
                     " VALUES (?, ?, ?, ?, ?, ?)",
                     DB_ARGS(db_int(campaign_id), db_int(i + 1), db_text(d->key), db_text(d->name_nl),
                             db_text(d->name_en), db_text(intake_stage_kind_name(d->kind))));
    }
    return rc;
}

int intake_outbox_queue(db_conn *c, const char *to, const char *subject, const char *body, const char *kind,
                        const char *entity, int64_t entity_id, int64_t now)
{
    if (!to || !subject || !body || !kind) return DB_ERR;
    return db_exec(c,
                   "INSERT INTO outbox(to_addr, subject, body, kind, entity, entity_id, created_at, next_try_at)"
                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                   DB_ARGS(db_text(to), db_text(subject), db_text(body), db_text(kind), db_text(entity),
                           db_id_or_null(entity_id), db_int(now), db_int(now)));
}

/* The first person matching by sql with one or more bound values, or 0. */
static int match_person(db_conn *c, const char *sql, const db_value *args, int nargs, int64_t *id)
{
    *id = 0;
    int rc = db_query_int(c, sql, args, nargs, id);
    return rc == DB_ENOTFOUND ? 0 : rc;
}

/* The first stage of kind in the campaign's order; DB_ENOTFOUND when none. */
static int stage_of_kind(db_conn *c, int64_t campaign_id, intake_stage_kind kind, int64_t *id)
{
    return db_query_int(c, "SELECT id FROM campaign_stages WHERE campaign_id = ? AND kind = ? ORDER BY position LIMIT 1",
                        DB_ARGS(db_int(campaign_id), db_text(intake_stage_kind_name(kind))), id);
}

/* True for 22 base64url characters (a 128-bit token). */
static bool token_well_formed(const char *t)
{
    if (!t || strlen(t) != 22) return false;
    for (const char *p = t; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-' ||
              *p == '_'))
            return false;
    return true;
}

int intake_application_create(db_conn *c, const intake_campaign *k, const intake_applicant *in, int64_t now,
                              int64_t import_id, intake_created *out)
{
    memset(out, 0, sizeof *out);
    int rc = 0;
    if (in->import_key) {
        int64_t have = 0;
        rc = db_query_int(c, "SELECT id FROM applications WHERE campaign_id = ? AND import_key = ?",
                          DB_ARGS(db_int(k->id), db_text(in->import_key)), &have);
        if (rc == 0) {
            out->existed = true;
            out->application_id = have;
            return 0;
        }
        if (rc != DB_ENOTFOUND) return rc;
    }
    arena a;
    arena_init(&a, 1 << 20);
    /* Who looks the same: linked, never merged. */
    int64_t by_email = 0, by_phone = 0, by_name = 0;
    rc = match_person(c, "SELECT id FROM people WHERE lower(email) = lower(?) ORDER BY id LIMIT 1",
                      DB_ARGS(db_text(in->email)), &by_email);
    if (!rc && in->phone)
        rc = match_person(c, "SELECT id FROM people WHERE phone = ? ORDER BY id LIMIT 1", DB_ARGS(db_text(in->phone)),
                          &by_phone);
    if (!rc && in->birth_date)
        rc = match_person(c,
                          "SELECT id FROM people WHERE lower(given_name) = lower(?) AND lower(family_name) = lower(?)"
                          " AND birth_date = ? ORDER BY id LIMIT 1",
                          DB_ARGS(db_text(in->given_name), db_text(in->family_name), db_text(in->birth_date)),
                          &by_name);
    out->duplicate_of = intake_duplicate_pick(by_email, by_phone, by_name, &out->duplicate_reason);
    /* The cap: counted inside the write transaction, so concurrent applicants cannot both take the last place. */
    int64_t count = 0;
    if (!rc)
        rc = db_query_int(c, "SELECT applications_count FROM campaigns WHERE id = ?", DB_ARGS(db_int(k->id)), &count);
    intake_campaign now_k = *k;
    now_k.applications = (int)count;
    out->waitlisted = intake_campaign_is_full(&now_k);
    int64_t stage = 0;
    if (!rc) {
        if (out->waitlisted) rc = stage_of_kind(c, k->id, INTAKE_STAGE_WAITLIST, &stage);
        else
            rc = db_query_int(c, "SELECT id FROM campaign_stages WHERE campaign_id = ? ORDER BY position LIMIT 1",
                              DB_ARGS(db_int(k->id)), &stage);
    }
    /* The status token: the caller's one-time form id, or a fresh one. */
    if (!rc) {
        if (token_well_formed(in->status_token)) {
            str_copy(out->status_token, sizeof out->status_token, in->status_token);
        } else {
            unsigned char raw[INTAKE_STATUS_TOKEN_BYTES];
            random_bytes(raw, sizeof raw);
            char *t = str_base64url(&a, raw, sizeof raw);
            if (!t) rc = DB_ENOMEM;
            else str_copy(out->status_token, sizeof out->status_token, t);
        }
    }
    unsigned char hash[32];
    if (!rc) random_token_hash(out->status_token, hash);
    if (!rc)
        rc = db_insert(c,
                       "INSERT INTO people(given_name, family_name, email, phone, birth_date, postcode, created_at,"
                       " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                       DB_ARGS(db_text(in->given_name), db_text(in->family_name), db_text(in->email),
                               db_text(in->phone), db_text(in->birth_date), db_text(in->postcode), db_int(now),
                               db_int(now)),
                       &out->person_id);
    /* The partners of the programme see the applicant (policy: linked organisations). */
    if (!rc)
        rc = db_exec(c,
                     "INSERT OR IGNORE INTO person_orgs(person_id, org_id, relation, since)"
                     " SELECT ?, pp.org_id, 'applicant', ? FROM programme_partners pp WHERE pp.programme_id = ?",
                     DB_ARGS(db_int(out->person_id), db_int(now), db_int(k->programme_id)));
    const char *source = in->source ? in->source : "direct";
    const char *lang = in->lang ? in->lang : "nl";
    if (!rc)
        rc = db_insert(
            c,
            "INSERT INTO applications(campaign_id, person_id, stage_id, status_token_hash, waitlisted, current_study,"
            " prior_occupation, prior_occupation_label, hobbies, languages, avail_days, avail_parts, avail_hours,"
            " avail_from, avail_until, motivation, consent_at, consent_keep, source, utm_source, utm_medium,"
            " utm_campaign, referrer_user_id, duplicate_of, duplicate_reason, import_id, import_key, lang, created_at,"
            " stage_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " RETURNING id",
            DB_ARGS(db_int(k->id), db_int(out->person_id), db_int(stage), db_blob(hash, 32), db_int(out->waitlisted),
                    db_text(in->current_study), db_text(in->prior_occupation), db_text(in->prior_occupation_label),
                    db_text(in->hobbies), db_text(in->languages), db_int(in->avail_days), db_int(in->avail_parts),
                    in->avail_hours > 0 ? db_int(in->avail_hours) : db_null(), db_text(in->avail_from),
                    db_text(in->avail_until), db_text(in->motivation), db_int(now), db_int(in->consent_keep),
                    db_text(source), db_text(in->utm_source), db_text(in->utm_medium), db_text(in->utm_campaign),
                    db_id_or_null(in->referrer_user_id), db_id_or_null(out->duplicate_of),
                    db_text(out->duplicate_reason), db_id_or_null(import_id), db_text(in->import_key), db_text(lang),
                    db_int(now), db_int(now)),
            &out->application_id);
    if (!rc)
        rc = db_exec(c,
                     "INSERT INTO application_moves(application_id, from_stage, to_stage, user_id, at, reason)"
                     " VALUES (?, NULL, ?, NULL, ?, ?)",
                     DB_ARGS(db_int(out->application_id), db_int(stage), db_int(now),
                             db_text(out->waitlisted ? "cap reached: waiting list" : "applied")));
    /* The confirmation mail, in the applicant's language. */
    if (!rc) {
        char *link = arena_printf(&a, "%s/apply/status/%s", public_url, out->status_token);
        const char *subject = NULL, *body = NULL;
        if (link) {
            subject = arena_strdup(&a, msg_in(lang, MSG_APPLY_MAIL_SUBJECT));
            body = arena_strdup(&a, msg_in(lang, MSG_APPLY_MAIL_BODY));
        }
        /* {1} and {2} filled by hand: msg_fill needs a request. */
        buf sb, bb;
        buf_init(&sb, 4096);
        buf_init(&bb, 16384);
        for (const char *p = subject; p && *p; p++) {
            if (p[0] == '{' && p[1] == '1' && p[2] == '}') {
                buf_puts(&sb, k->title);
                p += 2;
            } else {
                buf_putc(&sb, *p);
            }
        }
        for (const char *p = body; p && *p; p++) {
            if (p[0] == '{' && p[1] == '1' && p[2] == '}') {
                buf_puts(&bb, in->given_name);
                p += 2;
            } else if (p[0] == '{' && p[1] == '2' && p[2] == '}') {
                buf_puts(&bb, link);
                p += 2;
            } else {
                buf_putc(&bb, *p);
            }
        }
        if (out->waitlisted) buf_puts(&bb, msg_in(lang, MSG_APPLY_MAIL_WAITLIST));
        if (!link || sb.failed || bb.failed) rc = DB_ENOMEM;
        if (!rc)
            rc = intake_outbox_queue(c, in->email, buf_cstr(&sb), buf_cstr(&bb), "application_received",
                                     "application", out->application_id, now);
        buf_free(&sb);
        buf_free(&bb);
    }
    if (!rc) {
        const char *detail = out->waitlisted ? (out->duplicate_of ? "waiting list; possible duplicate" : "waiting list")
                                             : (out->duplicate_of ? "possible duplicate" : NULL);
        rc = audit_write(c, &(audit_entry){.action = "create", .entity = "application",
                                           .entity_id = out->application_id, .outcome = "ok", .detail = detail});
    }
    arena_free(&a);
    if (rc) memset(out, 0, sizeof *out);
    return rc;
}

int intake_application_move(db_conn *c, int64_t id, int64_t to_stage, int64_t user_id, const char *reason,
                            int64_t now)
{
    db_stmt *s;
    int rc = db_prepare(c,
                        "SELECT a.stage_id, (SELECT count(*) FROM campaign_stages t WHERE t.id = ? AND"
                        " t.campaign_id = a.campaign_id) FROM applications a WHERE a.id = ?",
                        DB_ARGS(db_int(to_stage), db_int(id)), &s);
    if (rc) return rc;
    rc = db_step(s);
    int64_t from = 0, ok = 0;
    if (rc == DB_ROW) {
        from = db_col_int(s, 0);
        ok = db_col_int(s, 1);
    }
    db_finalize(s);
    if (rc == DB_DONE) return DB_ENOTFOUND;
    if (rc != DB_ROW) return rc;
    if (!ok) return DB_ENOTFOUND;
    if (from == to_stage) return 0;
    rc = db_exec(c, "UPDATE applications SET stage_id = ?, stage_at = ? WHERE id = ?",
                 DB_ARGS(db_int(to_stage), db_int(now), db_int(id)));
    if (!rc)
        rc = db_exec(c,
                     "INSERT INTO application_moves(application_id, from_stage, to_stage, user_id, at, reason)"
                     " VALUES (?, ?, ?, ?, ?, ?)",
                     DB_ARGS(db_int(id), db_int(from), db_int(to_stage), db_id_or_null(user_id), db_int(now),
                             db_text(reason)));
    if (!rc)
        rc = audit_write(c, &(audit_entry){.user_id = user_id, .action = "move", .entity = "application",
                                           .entity_id = id, .outcome = "ok", .detail = reason});
    return rc;
}

int intake_status_by_token(db_conn *c, arena *a, const char *token, intake_status *out)
{
    if (!token_well_formed(token)) return DB_ENOTFOUND;
    unsigned char hash[32];
    random_token_hash(token, hash);
    db_stmt *s;
    int rc = db_prepare(c,
                        "SELECT a.id, a.campaign_id, k.slug, k.title, p.name, st.key, st.name_nl, st.name_en, st.kind,"
                        " a.waitlisted, a.created_at, a.stage_at, coalesce(a.erased_at, 0)"
                        " FROM applications a JOIN campaigns k ON k.id = a.campaign_id"
                        " JOIN cohorts c ON c.id = k.cohort_id JOIN programmes p ON p.id = c.programme_id"
                        " JOIN campaign_stages st ON st.id = a.stage_id WHERE a.status_token_hash = ?",
                        DB_ARGS(db_blob(hash, 32)), &s);
    if (rc) return rc;
    rc = db_step(s);
    if (rc == DB_ROW) {
        out->application_id = db_col_int(s, 0);
        out->campaign_id = db_col_int(s, 1);
        out->campaign_slug = arena_strdup(a, db_col_text(s, 2));
        out->campaign_title = arena_strdup(a, db_col_text(s, 3));
        out->programme_name = arena_strdup(a, db_col_text(s, 4));
        out->stage_key = arena_strdup(a, db_col_text(s, 5));
        out->stage_name_nl = arena_strdup(a, db_col_text(s, 6));
        out->stage_name_en = arena_strdup(a, db_col_text(s, 7));
        out->stage_kind = intake_stage_kind_parse(db_col_text(s, 8));
        out->waitlisted = db_col_int(s, 9) != 0;
        out->created_at = db_col_int(s, 10);
        out->stage_at = db_col_int(s, 11);
        out->erased_at = db_col_int(s, 12);
    }
    db_finalize(s);
    return rc == DB_ROW ? 0 : rc == DB_DONE ? DB_ENOTFOUND : rc;
}

int intake_apply_attempt(db_conn *c, const char *ip, int64_t now, int window, int64_t *count)
{
    *count = 0;
    int rc = db_query_int(c, "SELECT count(*) FROM apply_attempts WHERE ip = ? AND at > ?",
                          DB_ARGS(db_text(ip ? ip : "-"), db_int(now - window)), count);
    if (!rc)
        rc = db_exec(c, "INSERT INTO apply_attempts(ip, at) VALUES (?, ?)", DB_ARGS(db_text(ip ? ip : "-"), db_int(now)));
    if (!rc) rc = db_exec(c, "DELETE FROM apply_attempts WHERE ip = ? AND at < ?",
                          DB_ARGS(db_text(ip ? ip : "-"), db_int(now - 86400)));
    return rc;
}
