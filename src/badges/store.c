/* badges store: the SQL of achievements and credentials, issuing (signing
 * inside the caller's transaction), bulk issue, revocation, verification
 * and the status list. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "auth/audit.h"
#include "auth/auth.h"
#include "badges/internal.h"
#include "base/json.h"
#include "base/random.h"
#include "base/str.h"
#include "base/time.h"
#include "intake/intake.h"

#define NAME_MAX_CHARS 200
#define TEXT_MAX_CHARS 4000
#define REASON_MAX_CHARS 500
#define MAX_SKILLS 64

/* ---- achievements ---- */

#define ACH_COLS                                                                                                   \
    "a.id, a.slug, a.org_id, o.name, a.course_id, c.name, a.name_nl, a.name_en, a.description_nl, "              \
    "a.description_en, a.criteria_nl, a.criteria_en, a.valid_days, a.created_at, a.archived_at, "                 \
    "(SELECT count(*) FROM credentials k WHERE k.achievement_id = a.id AND k.revoked_at IS NULL) "                  \
    "FROM achievements a JOIN orgs o ON o.id = a.org_id LEFT JOIN courses c ON c.id = a.course_id "

static void read_achievement(arena *a, db_stmt *s, badges_achievement *o)
{
    memset(o, 0, sizeof *o);
    o->id = db_col_int(s, 0);
    o->slug = db_col_dup(a, s, 1);
    o->org_id = db_col_int(s, 2);
    o->org_name = db_col_dup(a, s, 3);
    o->course_id = db_col_int(s, 4);
    o->course_name = db_col_dup(a, s, 5);
    o->name_nl = db_col_dup(a, s, 6);
    o->name_en = db_col_dup(a, s, 7);
    o->description_nl = db_col_dup(a, s, 8);
    o->description_en = db_col_dup(a, s, 9);
    o->criteria_nl = db_col_dup(a, s, 10);
    o->criteria_en = db_col_dup(a, s, 11);
    o->valid_days = db_col_int(s, 12);
    o->created_at = db_col_int(s, 13);
    o->archived_at = db_col_int(s, 14);
    o->issued = db_col_int(s, 15);
}

int badges_achievement_load_skills(db_conn *c, arena *a, badges_achievement *o)
{
    db_stmt *s;
    int rc = db_prepare(c,
                        "SELECT s.id, s.uri, s.kind, s.label_nl, s.label_en FROM achievement_skills x "
                        "JOIN skills s ON s.id = x.skill_id WHERE x.achievement_id = ? ORDER BY s.label_nl, s.id",
                        DB_ARGS(db_int(o->id)), &s);
    if (rc) return rc;
    int cap = 8;
    o->skills = arena_calloc(a, (size_t)cap, sizeof *o->skills);
    o->nskills = 0;
    while ((rc = db_step(s)) == DB_ROW) {
        if (o->nskills == cap) {
            badges_skill *bigger = arena_calloc(a, (size_t)cap * 2, sizeof *bigger);
            if (!bigger) break;
            memcpy(bigger, o->skills, (size_t)cap * sizeof *bigger);
            o->skills = bigger;
            cap *= 2;
        }
        badges_skill *k = &o->skills[o->nskills++];
        k->id = db_col_int(s, 0);
        k->uri = db_col_dup(a, s, 1);
        k->kind = db_col_dup(a, s, 2);
        k->label_nl = db_col_dup(a, s, 3);
        k->label_en = db_col_dup(a, s, 4);
    }
    db_finalize(s);
    return rc == DB_DONE ? 0 : rc < 0 ? rc : DB_ENOMEM;
}

int badges_achievement_list(db_conn *c, arena *a, bool archived, badges_achievement **out, int *n)
{
    *out = NULL;
    *n = 0;
    db_stmt *s;
    int rc = db_prepare(c,
                        archived ? "SELECT " ACH_COLS "ORDER BY a.archived_at IS NOT NULL, a.id DESC LIMIT 500"
                                 : "SELECT " ACH_COLS "WHERE a.archived_at IS NULL ORDER BY a.id DESC LIMIT 500",
                        DB_NOARGS, &s);
    if (rc) return rc;
    int cap = 16;
    badges_achievement *list = arena_calloc(a, (size_t)cap, sizeof *list);
    while (list && (rc = db_step(s)) == DB_ROW) {
        if (*n == cap) {
            badges_achievement *bigger = arena_calloc(a, (size_t)cap * 2, sizeof *bigger);
            if (!bigger) break;
            memcpy(bigger, list, (size_t)cap * sizeof *list);
            list = bigger;
            cap *= 2;
        }
        read_achievement(a, s, &list[(*n)++]);
    }
    db_finalize(s);
    if (rc != DB_DONE) return rc < 0 ? rc : DB_ENOMEM;
    *out = list;
    return 0;
}

int badges_achievement_get(db_conn *c, arena *a, int64_t id, badges_achievement *out)
{
    db_stmt *s;
    int rc = db_prepare(c, "SELECT " ACH_COLS "WHERE a.id = ?", DB_ARGS(db_int(id)), &s);
    if (rc) return rc;
    rc = db_step(s);
    if (rc == DB_ROW) read_achievement(a, s, out);
    db_finalize(s);
    if (rc == DB_DONE) return DB_ENOTFOUND;
    if (rc != DB_ROW) return rc;
    return badges_achievement_load_skills(c, a, out);
}

static void check_text(api_errors *e, const char *field, const char *v, size_t max, bool multiline)
{
    switch (api_text_check(v, true, max, multiline)) {
    case API_TEXT_OK: break;
    case API_TEXT_MISSING: api_errors_add(e, field, MSG_BADGES_REQUIRED); break;
    case API_TEXT_TOO_LONG: api_errors_add(e, field, MSG_BADGES_TOO_LONG); break;
    case API_TEXT_INVALID: api_errors_add(e, field, MSG_BADGES_TEXT_INVALID); break;
    }
}

/* Validates in against the database; the skill ids it names go to skill_ids. */
static void validate(db_conn *c, const badges_achievement_input *in, api_errors *e, int64_t *skill_ids, int *nskill_ids)
{
    check_text(e, "name_nl", in->name_nl, NAME_MAX_CHARS, false);
    check_text(e, "name_en", in->name_en, NAME_MAX_CHARS, false);
    check_text(e, "description_nl", in->description_nl, TEXT_MAX_CHARS, true);
    check_text(e, "description_en", in->description_en, TEXT_MAX_CHARS, true);
    check_text(e, "criteria_nl", in->criteria_nl, TEXT_MAX_CHARS, true);
    check_text(e, "criteria_en", in->criteria_en, TEXT_MAX_CHARS, true);
    int64_t found = 0;
    if (in->org_id < 0) api_errors_add(e, "org_id", MSG_API_NOT_AN_ID);
    else if (in->org_id == 0) api_errors_add(e, "org_id", MSG_BADGES_REQUIRED);
    else if (db_query_int(c, "SELECT count(*) FROM orgs WHERE id = ? AND archived_at IS NULL",
                          DB_ARGS(db_int(in->org_id)), &found) != 0 || !found)
        api_errors_add(e, "org_id", MSG_BADGES_ORG_UNKNOWN);
    if (in->course_id < 0) api_errors_add(e, "course_id", MSG_API_NOT_AN_ID);
    else if (in->course_id > 0 && (db_query_int(c, "SELECT count(*) FROM courses WHERE id = ?",
                                                DB_ARGS(db_int(in->course_id)), &found) != 0 || !found))
        api_errors_add(e, "course_id", MSG_BADGES_COURSE_UNKNOWN);
    if (in->valid_days < 0 || in->valid_days > 36500) api_errors_add(e, "valid_days", MSG_BADGES_VALID_DAYS);
    *nskill_ids = 0;
    if (in->nskills > MAX_SKILLS) {
        api_errors_add(e, "skills", MSG_BADGES_TOO_MANY_SKILLS);
        return;
    }
    for (int i = 0; i < in->nskills; i++) {
        const char *v = in->skills[i];
        int64_t id = 0;
        int rc;
        if (!v || !*v) continue;
        if (str_to_int64(v, 1, INT64_MAX, &id) == 0)
            rc = db_query_int(c, "SELECT id FROM skills WHERE id = ? AND archived_at IS NULL", DB_ARGS(db_int(id)), &id);
        else
            rc = db_query_int(c, "SELECT id FROM skills WHERE uri = ? AND archived_at IS NULL", DB_ARGS(db_text(v)), &id);
        if (rc != 0) {
            api_errors_add(e, "skills", MSG_BADGES_SKILL_UNKNOWN);
            continue;
        }
        bool dup = false;
        for (int k = 0; k < *nskill_ids; k++) dup |= skill_ids[k] == id;
        if (!dup) skill_ids[(*nskill_ids)++] = id;
    }
}

/* A slug from the name: lower-case letters and digits, '-' between words. */
static char *slugify(arena *a, const char *name)
{
    size_t n = strlen(name);
    char *out = arena_alloc(a, n + 1);
    if (!out) return NULL;
    size_t o = 0;
    bool dash = false;
    for (size_t i = 0; i < n && o < 60; i++) {
        unsigned char ch = (unsigned char)name[i];
        if (isalnum(ch) && ch < 0x80) {
            if (dash && o) out[o++] = '-';
            out[o++] = (char)tolower(ch);
            dash = false;
        } else {
            dash = true;
        }
    }
    out[o] = '\0';
    return o ? out : arena_strdup(a, "badge");
}

static int end_write(db_conn *c, int rc)
{
    if (!rc) rc = db_commit(c);
    if (rc) db_rollback(c);
    return rc;
}

static int store_skills(db_conn *c, int64_t id, const int64_t *skill_ids, int n)
{
    int rc = db_exec(c, "DELETE FROM achievement_skills WHERE achievement_id = ?", DB_ARGS(db_int(id)));
    for (int i = 0; !rc && i < n; i++)
        rc = db_exec(c, "INSERT INTO achievement_skills (achievement_id, skill_id) VALUES (?, ?)",
                     DB_ARGS(db_int(id), db_int(skill_ids[i])));
    return rc;
}

int badges_achievement_create(http_request *req, const badges_achievement_input *in, api_errors *e, int64_t *id)
{
    db_conn *c = http_db(req);
    int rc = db_begin(c, true);
    if (rc) return rc;
    int64_t skill_ids[MAX_SKILLS];
    int nskill = 0;
    validate(c, in, e, skill_ids, &nskill);
    if (e->n) {
        db_rollback(c);
        return API_EINVALID;
    }
    const char *base = slugify(req->arena, in->name_nl);
    const char *slug = base;
    int64_t taken = 1;
    for (int i = 2; !rc && taken; i++) {
        rc = db_query_int(c, "SELECT count(*) FROM achievements WHERE slug = ?", DB_ARGS(db_text(slug)), &taken);
        if (!rc && taken) slug = arena_printf(req->arena, "%s-%d", base, i);
    }
    int64_t now = time_now();
    if (!rc)
        rc = db_insert(c,
                       "INSERT INTO achievements (slug, org_id, course_id, name_nl, name_en, description_nl, "
                       "description_en, criteria_nl, criteria_en, valid_days, created_by, created_at) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                       DB_ARGS(db_text(slug), db_int(in->org_id), db_id_or_null(in->course_id), db_text(in->name_nl),
                               db_text(in->name_en), db_text(in->description_nl), db_text(in->description_en),
                               db_text(in->criteria_nl), db_text(in->criteria_en), db_id_or_null(in->valid_days),
                               db_id_or_null(auth_user_id(req)), db_int(now)),
                       id);
    if (!rc) rc = store_skills(c, *id, skill_ids, nskill);
    if (!rc) rc = audit_request(req, "create", "achievement", *id, in->org_id, "ok", in->name_nl);
    return end_write(c, rc);
}

int badges_achievement_update(http_request *req, int64_t id, const badges_achievement_input *in, int archive,
                              api_errors *e)
{
    db_conn *c = http_db(req);
    int rc = db_begin(c, true);
    if (rc) return rc;
    int64_t skill_ids[MAX_SKILLS];
    int nskill = 0;
    validate(c, in, e, skill_ids, &nskill);
    if (e->n) {
        db_rollback(c);
        return API_EINVALID;
    }
    rc = db_exec(c,
                 "UPDATE achievements SET org_id = ?, course_id = ?, name_nl = ?, name_en = ?, description_nl = ?, "
                 "description_en = ?, criteria_nl = ?, criteria_en = ?, valid_days = ?, "
                 "archived_at = CASE ? WHEN 1 THEN coalesce(archived_at, ?) WHEN 0 THEN NULL ELSE archived_at END "
                 "WHERE id = ?",
                 DB_ARGS(db_int(in->org_id), db_id_or_null(in->course_id), db_text(in->name_nl), db_text(in->name_en),
                         db_text(in->description_nl), db_text(in->description_en), db_text(in->criteria_nl),
                         db_text(in->criteria_en), db_id_or_null(in->valid_days), db_int(archive), db_int(time_now()),
                         db_int(id)));
    if (!rc && db_changes(c) == 0) rc = DB_ENOTFOUND;
    if (!rc) rc = store_skills(c, id, skill_ids, nskill);
    if (!rc)
        rc = audit_request(req, archive == 1 ? "archive" : archive == 0 ? "restore" : "update", "achievement", id,
                           in->org_id, "ok", in->name_nl);
    return end_write(c, rc);
}

/* ---- credentials ---- */

#define CRED_COLS                                                                                                  \
    "k.id, k.uuid, k.token, k.achievement_id, a.name_nl, a.org_id, k.person_id, k.recipient_name, k.status_index, " \
    "k.issued_at, k.valid_until, k.revoked_at, k.revoke_reason, k.jwt "                                             \
    "FROM credentials k JOIN achievements a ON a.id = k.achievement_id "

static void read_cred(arena *a, db_stmt *s, badges_cred *o)
{
    memset(o, 0, sizeof *o);
    o->id = db_col_int(s, 0);
    o->uuid = db_col_dup(a, s, 1);
    o->token = db_col_dup(a, s, 2);
    o->achievement_id = db_col_int(s, 3);
    o->achievement_name = db_col_dup(a, s, 4);
    o->org_id = db_col_int(s, 5);
    o->person_id = db_col_int(s, 6);
    o->recipient_name = db_col_dup(a, s, 7);
    o->status_index = db_col_int(s, 8);
    o->issued_at = db_col_int(s, 9);
    o->valid_until = db_col_int(s, 10);
    o->revoked_at = db_col_int(s, 11);
    o->revoke_reason = db_col_dup(a, s, 12);
    o->jwt = db_col_dup(a, s, 13);
}

static int cred_one(db_conn *c, arena *a, const char *sql, db_value v, badges_cred *out)
{
    db_stmt *s;
    int rc = db_prepare(c, sql, &v, 1, &s);
    if (rc) return rc;
    rc = db_step(s);
    if (rc == DB_ROW) read_cred(a, s, out);
    db_finalize(s);
    return rc == DB_ROW ? 0 : rc == DB_DONE ? DB_ENOTFOUND : rc;
}

int badges_cred_get(db_conn *c, arena *a, int64_t id, badges_cred *out)
{
    return cred_one(c, a, "SELECT " CRED_COLS "WHERE k.id = ?", db_int(id), out);
}

int badges_cred_by_token(db_conn *c, arena *a, const char *token, badges_cred *out)
{
    return cred_one(c, a, "SELECT " CRED_COLS "WHERE k.token = ?", db_text(token), out);
}

int badges_cred_list(db_conn *c, arena *a, int64_t achievement_id, int64_t person_id, int limit, badges_cred **out,
                     int *n)
{
    *out = NULL;
    *n = 0;
    db_stmt *s;
    int rc = achievement_id
                 ? db_prepare(c, "SELECT " CRED_COLS "WHERE k.achievement_id = ? ORDER BY k.id DESC LIMIT ?",
                              DB_ARGS(db_int(achievement_id), db_int(limit)), &s)
                 : db_prepare(c, "SELECT " CRED_COLS "WHERE k.person_id = ? ORDER BY k.id DESC LIMIT ?",
                              DB_ARGS(db_int(person_id), db_int(limit)), &s);
    if (rc) return rc;
    badges_cred *list = arena_calloc(a, (size_t)(limit > 0 ? limit : 1), sizeof *list);
    while (list && *n < limit && (rc = db_step(s)) == DB_ROW) read_cred(a, s, &list[(*n)++]);
    db_finalize(s);
    if (!list) return DB_ENOMEM;
    if (rc != DB_DONE && rc != DB_ROW) return rc;
    *out = list;
    return 0;
}

int badges_person_orgs(db_conn *c, arena *a, int64_t person_id, int64_t **orgs, int *n)
{
    *orgs = NULL;
    *n = 0;
    db_stmt *s;
    int rc = db_prepare(c, "SELECT DISTINCT org_id FROM person_orgs WHERE person_id = ? LIMIT 64",
                        DB_ARGS(db_int(person_id)), &s);
    if (rc) return rc;
    int64_t *list = arena_calloc(a, 65, sizeof *list);
    while (list && (rc = db_step(s)) == DB_ROW) list[(*n)++] = db_col_int(s, 0);
    db_finalize(s);
    if (!list) return DB_ENOMEM;
    *orgs = list;
    return rc == DB_DONE ? 0 : rc;
}

bool badges_person_holds(db_conn *c, int64_t achievement_id, int64_t person_id, int64_t now)
{
    int64_t n = 0;
    db_query_int(c,
                 "SELECT count(*) FROM credentials WHERE achievement_id = ? AND person_id = ? AND revoked_at IS NULL "
                 "AND (valid_until IS NULL OR valid_until > ?)",
                 DB_ARGS(db_int(achievement_id), db_int(person_id), db_int(now)), &n);
    return n > 0;
}

/* The issuer's name and website: the first regional body, else "instroom". */
static void issuer_profile(db_conn *c, arena *a, const char **name, const char **url)
{
    *name = "instroom";
    *url = intake_public_url();
    db_stmt *s;
    if (db_prepare(c,
                   "SELECT name, website FROM orgs WHERE kind = 'regional' AND archived_at IS NULL ORDER BY id LIMIT 1",
                   DB_NOARGS, &s) != 0)
        return;
    if (db_step(s) == DB_ROW) {
        *name = arena_strdup(a, db_col_text(s, 0));
        if (!db_col_is_null(s, 1)) *url = arena_strdup(a, db_col_text(s, 1));
    }
    db_finalize(s);
}

/* A free bit of the status list, chosen at random (herd privacy); the list
 * grows by BADGES_STATUS_LIST_BITS when half of it is taken. */
static int status_index(db_conn *c, int64_t *out)
{
    int64_t used = 0, max = -1;
    int rc = db_query_int(c, "SELECT count(*) FROM credentials", DB_NOARGS, &used);
    if (!rc) rc = db_query_int(c, "SELECT coalesce(max(status_index), -1) FROM credentials", DB_NOARGS, &max);
    if (rc) return rc;
    int64_t size = BADGES_STATUS_LIST_BITS * (1 + used / (BADGES_STATUS_LIST_BITS / 2));
    for (int attempt = 0; attempt < 32; attempt++) {
        uint64_t r;
        random_bytes(&r, sizeof r);
        int64_t idx = (int64_t)(r % (uint64_t)size), taken = 0;
        rc = db_query_int(c, "SELECT count(*) FROM credentials WHERE status_index = ?", DB_ARGS(db_int(idx)), &taken);
        if (rc) return rc;
        if (!taken) {
            *out = idx;
            return 0;
        }
    }
    *out = max + 1;
    return 0;
}

static const char *alignment_type(const char *uri)
{
    return str_starts_with(uri, "http://data.europa.eu/esco/") ? "ext:ESCOSkill" : "ceasn:Competency";
}

int badges_issue_one(db_conn *c, arena *a, int64_t achievement_id, int64_t person_id, int64_t enrolment_id,
                     int64_t issued_by, int64_t now, int64_t *id, const char **token)
{
    const badges_key *key = badges_key_current();
    if (!key) return -1;
    badges_achievement ach;
    int rc = badges_achievement_get(c, a, achievement_id, &ach);
    if (rc) return rc;
    db_stmt *s;
    rc = db_prepare(c, "SELECT given_name || ' ' || family_name, email FROM people WHERE id = ?",
                    DB_ARGS(db_int(person_id)), &s);
    if (rc) return rc;
    const char *name = NULL, *email = NULL;
    rc = db_step(s);
    if (rc == DB_ROW) {
        name = arena_strdup(a, db_col_text(s, 0));
        email = db_col_dup(a, s, 1);
    }
    db_finalize(s);
    if (rc == DB_DONE) return DB_ENOTFOUND;
    if (rc != DB_ROW) return rc;
    int64_t idx;
    rc = status_index(c, &idx);
    if (rc) return rc;
    const char *issuer_name, *issuer_url;
    issuer_profile(c, a, &issuer_name, &issuer_url);
    badges_alignment *al = arena_calloc(a, (size_t)(ach.nskills ? ach.nskills : 1), sizeof *al);
    if (!al) return DB_ENOMEM;
    for (int i = 0; i < ach.nskills; i++)
        al[i] = (badges_alignment){ach.skills[i].label_nl, ach.skills[i].uri, alignment_type(ach.skills[i].uri)};
    unsigned char saltb[16];
    random_bytes(saltb, sizeof saltb);
    char salt[33];
    str_hex(salt, saltb, sizeof saltb);
    badges_credential cr = {
        .id = badges_uuid_urn(a),
        .issuer_id = badges_issuer_did(a),
        .issuer_name = issuer_name,
        .issuer_url = issuer_url,
        .name = ach.name_nl,
        .subject_id = badges_uuid_urn(a),
        .recipient_name = name,
        .email_hash = email && *email ? badges_identity_hash(a, email, salt) : NULL,
        .salt = salt,
        .achievement_id = arena_printf(a, "%s/badges/achievements/%lld", intake_public_url(), (long long)ach.id),
        .achievement_name = ach.name_nl,
        .description = ach.description_nl,
        .criteria = ach.criteria_nl,
        .lang = "nl",
        .creator_id = arena_printf(a, "%s/orgs/%lld", intake_public_url(), (long long)ach.org_id),
        .creator_name = ach.org_name,
        .alignments = al,
        .nalignments = ach.nskills,
        .valid_from = now,
        .valid_until = ach.valid_days ? now + ach.valid_days * 86400 : 0,
        .status_list_url = badges_status_list_url(a),
        .status_index = idx,
    };
    if (!cr.id || !cr.subject_id || !cr.achievement_id || !cr.creator_id) return DB_ENOMEM;
    buf payload;
    buf_init(&payload, 1 << 20);
    if (badges_credential_payload(&payload, &cr) != 0) {
        buf_free(&payload);
        return DB_ENOMEM;
    }
    char *jwt = badges_jwt_sign(a, key, badges_issuer_kid(a), payload.data, payload.len);
    buf_free(&payload);
    char *tok = random_token(a, 16);
    if (!jwt || !tok) return DB_ENOMEM;
    int64_t new_id;
    rc = db_insert(c,
                   "INSERT INTO credentials (uuid, token, achievement_id, person_id, enrolment_id, recipient_name, "
                   "status_index, issued_at, valid_until, jwt, issued_by) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                   DB_ARGS(db_text(cr.id), db_text(tok), db_int(achievement_id), db_int(person_id),
                           db_id_or_null(enrolment_id), db_text(name), db_int(idx), db_int(now),
                           db_id_or_null(cr.valid_until), db_text(jwt), db_id_or_null(issued_by)),
                   &new_id);
    if (rc) return rc;
    if (id) *id = new_id;
    if (token) *token = tok;
    return 0;
}

int badges_issue_for_enrolment(db_conn *c, int64_t enrolment_id, int64_t issued_by, int64_t now, int *issued)
{
    if (issued) *issued = 0;
    if (!badges_key_current()) return -1;
    int64_t person_id = 0, course_id = 0;
    db_stmt *s;
    int rc = db_prepare(c, "SELECT person_id, course_id FROM enrolments WHERE id = ?", DB_ARGS(db_int(enrolment_id)),
                        &s);
    if (rc) return rc;
    rc = db_step(s);
    if (rc == DB_ROW) {
        person_id = db_col_int(s, 0);
        course_id = db_col_int(s, 1);
    }
    db_finalize(s);
    if (rc == DB_DONE) return DB_ENOTFOUND;
    if (rc != DB_ROW) return rc;
    int64_t ids[64];
    int64_t orgs[64];
    int n = 0;
    rc = db_prepare(c, "SELECT id, org_id FROM achievements WHERE course_id = ? AND archived_at IS NULL ORDER BY id",
                    DB_ARGS(db_int(course_id)), &s);
    if (rc) return rc;
    while (n < 64 && (rc = db_step(s)) == DB_ROW) {
        ids[n] = db_col_int(s, 0);
        orgs[n++] = db_col_int(s, 1);
    }
    db_finalize(s);
    if (rc < 0) return rc;
    arena a;
    arena_init(&a, 0);
    rc = 0;
    for (int i = 0; !rc && i < n; i++) {
        if (badges_person_holds(c, ids[i], person_id, now)) continue;
        int64_t cid = 0;
        rc = badges_issue_one(c, &a, ids[i], person_id, enrolment_id, issued_by, now, &cid, NULL);
        if (!rc) {
            audit_entry e = {.user_id = issued_by, .action = "issue", .entity = "credential", .entity_id = cid,
                             .org_id = orgs[i], .outcome = "ok", .detail = "course completed"};
            rc = audit_write(c, &e);
        }
        if (!rc && issued) (*issued)++;
    }
    arena_free(&a);
    return rc;
}

bool badges_bulk_is_error(badges_bulk_status s)
{
    return s != BADGES_BULK_ISSUED && s != BADGES_BULK_ALREADY;
}

/* Finds the person of one line: by id, or by the one person with that e-mail. */
static badges_bulk_status resolve(db_conn *c, arena *a, const badges_recipient_line *l, int64_t *person_id,
                                  const char **name)
{
    db_stmt *s;
    int rc = l->kind == BADGES_LINE_PERSON
                 ? db_prepare(c, "SELECT id, given_name || ' ' || family_name FROM people WHERE id = ?",
                              DB_ARGS(db_int(l->person_id)), &s)
                 : db_prepare(c, "SELECT id, given_name || ' ' || family_name FROM people WHERE lower(email) = ? LIMIT 2",
                              DB_ARGS(db_text(l->email)), &s);
    if (rc) return BADGES_BULK_NOT_FOUND;
    int found = 0;
    while (db_step(s) == DB_ROW) {
        if (found++) break;
        *person_id = db_col_int(s, 0);
        *name = arena_strdup(a, db_col_text(s, 1));
    }
    db_finalize(s);
    return found == 0 ? BADGES_BULK_NOT_FOUND : found > 1 ? BADGES_BULK_AMBIGUOUS : BADGES_BULK_ISSUED;
}

int badges_bulk_issue(http_request *req, int64_t achievement_id, const char *text, size_t n, badges_bulk_row **rows,
                      int *nrows, int *issued)
{
    *rows = NULL;
    *nrows = 0;
    *issued = 0;
    if (!badges_key_current()) return -1;
    badges_recipient_line *lines;
    int count;
    if (badges_recipients_parse(req->arena, text, n, &lines, &count) != 0 || count == 0) return -2;
    badges_bulk_row *out = arena_calloc(req->arena, (size_t)count, sizeof *out);
    if (!out) return DB_ENOMEM;
    db_conn *c = http_db(req);
    int rc = db_begin(c, true);
    if (rc) return rc;
    badges_achievement ach;
    rc = badges_achievement_get(c, req->arena, achievement_id, &ach);
    if (rc) {
        db_rollback(c);
        return rc;
    }
    int64_t now = time_now();
    bool errors = false;
    for (int i = 0; i < count; i++) {
        badges_bulk_row *r = &out[i];
        r->line = lines[i].line;
        r->text = lines[i].text;
        if (lines[i].kind == BADGES_LINE_INVALID) r->status = BADGES_BULK_INVALID;
        else r->status = resolve(c, req->arena, &lines[i], &r->person_id, &r->name);
        for (int k = 0; r->status == BADGES_BULK_ISSUED && k < i; k++)
            if (out[k].person_id == r->person_id && !badges_bulk_is_error(out[k].status))
                r->status = BADGES_BULK_DUPLICATE;
        if (r->status == BADGES_BULK_ISSUED && badges_person_holds(c, achievement_id, r->person_id, now))
            r->status = BADGES_BULK_ALREADY;
        errors |= badges_bulk_is_error(r->status);
    }
    *rows = out;
    *nrows = count;
    if (errors) {
        db_rollback(c);
        return API_EINVALID;
    }
    int64_t by = auth_user_id(req);
    for (int i = 0; !rc && i < count; i++) {
        if (out[i].status != BADGES_BULK_ISSUED) continue;
        rc = badges_issue_one(c, req->arena, achievement_id, out[i].person_id, 0, by, now, &out[i].credential_id,
                              &out[i].token);
        if (!rc) rc = audit_request(req, "issue", "credential", out[i].credential_id, ach.org_id, "ok", ach.name_nl);
        if (!rc) (*issued)++;
    }
    rc = end_write(c, rc);
    if (rc) {
        *issued = 0;
        for (int i = 0; i < count; i++) out[i].credential_id = 0, out[i].token = NULL;
    }
    return rc;
}

int badges_revoke(http_request *req, int64_t id, const char *reason, api_errors *e)
{
    switch (api_text_check(reason, true, REASON_MAX_CHARS, true)) {
    case API_TEXT_OK: break;
    case API_TEXT_MISSING: api_errors_add(e, "reason", MSG_BADGES_REASON_REQUIRED); break;
    case API_TEXT_TOO_LONG: api_errors_add(e, "reason", MSG_BADGES_TOO_LONG); break;
    case API_TEXT_INVALID: api_errors_add(e, "reason", MSG_BADGES_TEXT_INVALID); break;
    }
    if (e->n) return API_EINVALID;
    db_conn *c = http_db(req);
    int rc = db_begin(c, true);
    if (rc) return rc;
    badges_cred cr;
    rc = badges_cred_get(c, req->arena, id, &cr);
    if (!rc && !cr.revoked_at) {
        rc = db_exec(c, "UPDATE credentials SET revoked_at = ?, revoked_by = ?, revoke_reason = ? WHERE id = ?",
                     DB_ARGS(db_int(time_now()), db_id_or_null(auth_user_id(req)), db_text(reason), db_int(id)));
        if (!rc) rc = audit_request(req, "revoke", "credential", id, cr.org_id, "ok", reason);
    }
    return end_write(c, rc);
}

int badges_erase_person(db_conn *c, int64_t person_id, int64_t now, int *n)
{
    int64_t count = 0;
    int rc = db_query_int(c, "SELECT count(*) FROM credentials WHERE person_id = ?", DB_ARGS(db_int(person_id)), &count);
    if (!rc)
        rc = db_exec(c,
                     "UPDATE credentials SET revoked_at = coalesce(revoked_at, ?), revoke_reason = 'erased',"
                     " recipient_name = '', jwt = '' WHERE person_id = ?",
                     DB_ARGS(db_int(now), db_int(person_id)));
    if (n) *n = (int)count;
    return rc;
}

badges_verdict badges_verify(arena *a, const badges_cred *cr, int64_t now, const char **payload)
{
    const badges_key *k = badges_key_current();
    const char *p = NULL;
    if (payload) *payload = NULL;
    if (cr->jwt && !cr->jwt[0] && cr->revoked_at) return BADGES_ERASED;
    if (!k || !cr->jwt || badges_jwt_verify(a, k->pk, cr->jwt, &p, NULL) != BADGES_JWT_OK)
        return BADGES_SIGNATURE_INVALID;
    if (payload) *payload = p;
    if (cr->revoked_at) return BADGES_REVOKED;
    if (cr->valid_until && now >= cr->valid_until) return BADGES_EXPIRED;
    return BADGES_VALID;
}

char *badges_status_list_jwt(db_conn *c, arena *a, int64_t now)
{
    const badges_key *k = badges_key_current();
    if (!k) return NULL;
    int64_t max = -1;
    if (db_query_int(c, "SELECT coalesce(max(status_index), -1) FROM credentials", DB_NOARGS, &max) != 0) return NULL;
    int64_t bits = BADGES_STATUS_LIST_BITS;
    while (max >= bits) bits += BADGES_STATUS_LIST_BITS;
    size_t nbytes = (size_t)(bits / 8);
    unsigned char *list = arena_calloc(a, nbytes, 1);
    if (!list) return NULL;
    db_stmt *s;
    if (db_prepare(c, "SELECT status_index FROM credentials WHERE revoked_at IS NOT NULL", DB_NOARGS, &s) != 0)
        return NULL;
    int rc;
    while ((rc = db_step(s)) == DB_ROW) {
        int64_t idx = db_col_int(s, 0);
        if (idx >= 0 && idx < bits) badges_status_set(list, idx);
    }
    db_finalize(s);
    if (rc != DB_DONE) return NULL;
    const char *encoded = badges_status_list_encode(a, list, nbytes);
    const char *name, *url;
    issuer_profile(c, a, &name, &url);
    if (!encoded) return NULL;
    buf payload;
    buf_init(&payload, 1 << 20);
    char *jwt = NULL;
    if (badges_status_list_payload(&payload, badges_status_list_url(a), badges_issuer_did(a), name, now, encoded) == 0)
        jwt = badges_jwt_sign(a, k, badges_issuer_kid(a), payload.data, payload.len);
    buf_free(&payload);
    return jwt;
}
