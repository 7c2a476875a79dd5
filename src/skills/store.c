/* skills store: the catalogue (basic skills, ESCO collections, local
 * skills), the profiles and skills_award. SQL through db/db.h only. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "auth/auth.h"
#include "base/str.h"
#include "base/time.h"
#include "skills/store.h"

const char *skills_label(const skills_skill *s, const char *lang)
{
    return str_eq(lang, "en") && s->label_en && *s->label_en ? s->label_en : s->label_nl;
}

const char *skills_entry_label(const skills_entry *e, const char *lang)
{
    return str_eq(lang, "en") && e->label_en && *e->label_en ? e->label_en : e->label_nl;
}

bool skills_kind_valid(const char *kind)
{
    static const char *const kinds[] = {"basic", "transversal", "digital", "language", "local"};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (str_eq(kind, kinds[i])) return true;
    return false;
}

bool skills_source_valid(const char *source)
{
    static const char *const sources[] = {"training", "study", "hobby", "work", "volunteering"};
    for (size_t i = 0; i < sizeof sources / sizeof sources[0]; i++)
        if (str_eq(source, sources[i])) return true;
    return false;
}

/* ---- the basic skills ---- */

typedef struct basic_skill {
    const char *code, *label_nl, *label_en, *description_nl, *description_en;
} basic_skill;

/* The zorgrunner basic-skills training (seed 000): what a runner does on
 * the ward after three dagdelen, as the four ROCs teach it. */
static const basic_skill basic_skills[] = {
    {"handhygiene", "Handhygiëne", "Hand hygiene",
     "Handen wassen en desinfecteren op de juiste momenten, volgens het protocol van de organisatie.",
     "Washing and disinfecting hands at the right moments, following the organisation's protocol."},
    {"maaltijden-serveren", "Maaltijden en drinken serveren", "Serving meals and drinks",
     "Maaltijden en drinken rondbrengen en serveren, met oog voor diëten en voorkeuren.",
     "Bringing round and serving meals and drinks, minding diets and preferences."},
    {"helpen-eten-drinken", "Helpen bij eten en drinken", "Helping with eating and drinking",
     "Bewoners helpen bij het eten en drinken, in hun eigen tempo.",
     "Helping residents eat and drink, at their own pace."},
    {"begeleiden-wandelen", "Bewoners begeleiden bij wandelen", "Accompanying residents on walks",
     "Met bewoners wandelen, binnen en buiten, veilig en op hun tempo.",
     "Walking with residents, indoors and outdoors, safely and at their pace."},
    {"naar-activiteiten-brengen", "Bewoners naar activiteiten brengen", "Bringing residents to activities",
     "Bewoners ophalen en naar activiteiten of afspraken in huis brengen.",
     "Fetching residents and bringing them to activities or appointments in the home."},
    {"gezelschap-activiteiten", "Gezelschap houden en activiteiten", "Keeping company and activities",
     "Een praatje maken, voorlezen, spelletjes doen en activiteiten ondersteunen.",
     "Chatting, reading aloud, playing games and supporting activities."},
    {"bedden-opmaken", "Bedden opmaken", "Making beds", "Bedden opmaken en verschonen volgens de afspraken.",
     "Making and changing beds as agreed."},
    {"signaleren-melden", "Veranderingen signaleren en melden", "Noticing and reporting changes",
     "Zien dat het anders gaat met een bewoner en dat direct melden aan een zorgmedewerker.",
     "Noticing that a resident is not as usual and reporting it to a care worker straight away."},
    {"omgaan-dementie", "Omgaan met mensen met dementie", "Working with people with dementia",
     "Rustig en respectvol contact met mensen met dementie, ook als zij onrustig zijn.",
     "Calm and respectful contact with people with dementia, also when they are restless."},
    {"professioneel-gedrag", "Professioneel gedrag en privacy", "Professional conduct and privacy",
     "Afspraken nakomen, de grenzen van de eigen taak kennen en privacy van bewoners bewaken.",
     "Keeping agreements, knowing the limits of one's own task and guarding residents' privacy."},
    {"communiceren-clienten", "Communiceren met cliënten en familie", "Communicating with clients and family",
     "Vriendelijk en duidelijk contact met bewoners en hun familie.",
     "Friendly and clear contact with residents and their families."},
    {"veilig-werken", "Veilig werken en valpreventie", "Working safely and preventing falls",
     "Gevaren zien en voorkomen dat bewoners vallen; weten wat te doen bij een val.",
     "Seeing hazards and preventing residents from falling; knowing what to do after a fall."},
};

int skills_seed_basic(db_conn *c, int64_t now)
{
    arena a;
    arena_init(&a, 0);
    int rc = 0;
    for (size_t i = 0; !rc && i < sizeof basic_skills / sizeof basic_skills[0]; i++) {
        const basic_skill *b = &basic_skills[i];
        const char *uri = arena_printf(&a, "urn:instroom:skill:%s", b->code);
        const char *search = skills_search_text(&a, b->label_nl, b->label_en, NULL);
        if (!uri || !search) {
            rc = DB_ENOMEM;
            break;
        }
        rc = db_exec(c,
                     "INSERT INTO skills(uri, code, kind, label_nl, label_en, description_nl, description_en, search,"
                     " created_at) VALUES (?, ?, 'basic', ?, ?, ?, ?, ?, ?) ON CONFLICT(uri) DO UPDATE SET"
                     " label_nl = excluded.label_nl, label_en = excluded.label_en,"
                     " description_nl = excluded.description_nl, description_en = excluded.description_en,"
                     " search = excluded.search",
                     DB_ARGS(db_text(uri), db_text(b->code), db_text(b->label_nl), db_text(b->label_en),
                             db_text(b->description_nl), db_text(b->description_en), db_text(search), db_int(now)));
    }
    arena_free(&a);
    return rc;
}

int skills_id_by_uri(db_conn *c, const char *uri, int64_t *id)
{
    if (!uri || !*uri) return DB_ENOTFOUND;
    return db_query_int(c, "SELECT id FROM skills WHERE uri = ?", DB_ARGS(db_text(uri)), id);
}

/* ---- ESCO collections ---- */

int skills_load_collection(db_conn *c, const char *data, size_t n, const char *kind, bool progress,
                           int64_t *rows, char *err, size_t errn)
{
    *rows = 0;
    arena a;
    arena_init(&a, 0);
    skills_csv s;
    if (skills_csv_open(&s, &a, data, n) != 0) {
        snprintf(err, errn, "%s", s.error);
        arena_free(&a);
        return -1;
    }
    int64_t now = time_now();
    skills_csv_row row;
    int got, rc = 0;
    size_t last_report = 0;
    while ((got = skills_csv_next(&s, &row)) == 1) {
        const char *search = skills_search_text(&a, row.label, NULL, row.alt_labels);
        if (!search) {
            snprintf(err, errn, "line %d: out of memory", row.line);
            rc = -1;
            break;
        }
        /* The kind of the first collection a skill was loaded from stays. */
        rc = db_exec(c,
                     "INSERT INTO skills(uri, kind, label_nl, description_nl, search, created_at)"
                     " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(uri) DO UPDATE SET label_nl = excluded.label_nl,"
                     " description_nl = excluded.description_nl, search = excluded.search",
                     DB_ARGS(db_text(row.uri), db_text(kind), db_text(row.label), db_text(row.description),
                             db_text(search), db_int(now)));
        if (rc) {
            snprintf(err, errn, "line %d: %s", row.line, db_errmsg(c));
            break;
        }
        (*rows)++;
        if (progress && s.r.pos - last_report > n / 4) {
            last_report = s.r.pos;
            fprintf(stderr, "skills: %s: %lld rows, %zu%%\n", kind, (long long)*rows, n ? s.r.pos * 100 / n : 100);
        }
    }
    if (!rc && got < 0) {
        snprintf(err, errn, "%s", s.error);
        rc = -1;
    }
    arena_free(&a);
    return rc ? -1 : 0;
}

static const struct {
    const char *file, *kind;
} collections[] = {
    {"transversalSkillsCollection_nl.csv", "transversal"},
    {"digCompSkillsCollection_nl.csv", "digital"},
    {"languageSkillsCollection_nl.csv", "language"},
};

/* Reads the whole file into a malloc'd buffer (at most 64 MiB); NULL with errno. */
static char *read_all(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    buf b;
    buf_init(&b, 64u * 1024 * 1024);
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) buf_append(&b, chunk, got);
    int bad = ferror(f) || b.failed;
    fclose(f);
    if (bad) {
        buf_free(&b);
        errno = EFBIG;
        return NULL;
    }
    char *data = buf_detach(&b, n);
    if (!data) data = calloc(1, 1);
    return data;
}

int skills_load_dir(db_conn *c, const char *dir, bool progress, int64_t *rows, char *err, size_t errn)
{
    *rows = 0;
    int rc = db_begin(c, true);
    if (rc) {
        snprintf(err, errn, "cannot start a transaction: %s", db_errmsg(c));
        return -1;
    }
    rc = skills_seed_basic(c, time_now());
    if (rc) snprintf(err, errn, "basic skills: %s", db_errmsg(c));
    for (size_t i = 0; !rc && i < sizeof collections / sizeof collections[0]; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, collections[i].file);
        size_t n = 0;
        char *data = read_all(path, &n);
        if (!data) {
            snprintf(err, errn, "%s: cannot read: %s", path, strerror(errno));
            rc = -1;
            break;
        }
        int64_t got = 0;
        char why[400];
        if (skills_load_collection(c, data, n, collections[i].kind, progress, &got, why, sizeof why) != 0) {
            snprintf(err, errn, "%s: %s", path, why);
            rc = -1;
        }
        *rows += got;
        free(data);
    }
    if (!rc) rc = db_commit(c);
    if (rc) {
        db_rollback(c);
        *rows = 0;
    }
    return rc ? -1 : 0;
}

const char *skills_esco_dir(void)
{
    const char *env = getenv("INSTROOM_ESCO_DIR");
    if (env && *env) return env;
    return "../shared/data/esco";
}

/* ---- catalogue reads ---- */

#define SKILL_COLUMNS "id, uri, code, kind, label_nl, label_en, description_nl"

static void row_to_skill(db_stmt *s, arena *a, skills_skill *k)
{
    k->id = db_col_int(s, 0);
    k->uri = db_col_dup(a, s, 1);
    k->code = db_col_dup(a, s, 2);
    k->kind = db_col_dup(a, s, 3);
    k->label_nl = db_col_dup(a, s, 4);
    k->label_en = db_col_dup(a, s, 5);
    k->description_nl = db_col_dup(a, s, 6);
}

/* The LIKE pattern of a folded needle, with % _ and \ escaped. */
static const char *like_escape(arena *a, const char *folded)
{
    size_t n = strlen(folded);
    char *out = arena_alloc(a, 2 * n + 1);
    if (!out) return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (folded[i] == '%' || folded[i] == '_' || folded[i] == '\\') out[k++] = '\\';
        out[k++] = folded[i];
    }
    out[k] = '\0';
    return out;
}

int skills_search(db_conn *c, arena *a, const char *q, const char *kind, int limit, skills_skill **out, int *n)
{
    *out = NULL;
    *n = 0;
    if (limit < 1) limit = 1;
    if (limit > 200) limit = 200;
    const char *needle = like_escape(a, skills_fold(a, q ? q : ""));
    if (!needle) return DB_ENOMEM;
    const char *contains = arena_printf(a, "%%%s%%", needle);
    const char *prefix = arena_printf(a, "%s%%", needle);
    db_stmt *s;
    int rc = db_prepare(c,
                        "SELECT " SKILL_COLUMNS " FROM skills WHERE archived_at IS NULL AND search LIKE ? ESCAPE '\\'"
                        " AND (? IS NULL OR kind = ?)"
                        " ORDER BY search LIKE ? ESCAPE '\\' DESC, length(label_nl), label_nl, id LIMIT ?",
                        DB_ARGS(db_text(contains), db_text(kind), db_text(kind), db_text(prefix), db_int(limit)), &s);
    if (rc) return rc;
    skills_skill *list = arena_calloc(a, (size_t)limit, sizeof *list);
    if (!list) {
        db_finalize(s);
        return DB_ENOMEM;
    }
    int k = 0;
    while (k < limit && (rc = db_step(s)) == DB_ROW) row_to_skill(s, a, &list[k++]);
    db_finalize(s);
    if (rc < 0) return rc;
    *out = list;
    *n = k;
    return 0;
}

int skills_get(db_conn *c, arena *a, int64_t id, skills_skill *out)
{
    db_stmt *s;
    int rc = db_prepare(c, "SELECT " SKILL_COLUMNS " FROM skills WHERE id = ?", DB_ARGS(db_int(id)), &s);
    if (rc) return rc;
    rc = db_step(s);
    if (rc == DB_ROW) row_to_skill(s, a, out);
    db_finalize(s);
    return rc == DB_ROW ? 0 : rc == DB_DONE ? DB_ENOTFOUND : rc;
}

int skills_count(db_conn *c, int64_t *n)
{
    return db_query_int(c, "SELECT count(*) FROM skills WHERE archived_at IS NULL", DB_NOARGS, n);
}

/* Checks a text field: required or not, at most max characters, one line. */
static void check_text(api_errors *e, const char *field, const char *v, bool required, size_t max, bool multiline)
{
    switch (api_text_check(v, required, max, multiline)) {
    case API_TEXT_OK: break;
    case API_TEXT_MISSING: api_errors_add(e, field, MSG_SKILLS_ERR_REQUIRED); break;
    case API_TEXT_TOO_LONG: api_errors_add(e, field, MSG_SKILLS_ERR_TOO_LONG); break;
    case API_TEXT_INVALID: api_errors_add(e, field, MSG_SKILLS_ERR_INVALID_TEXT); break;
    }
}

int skills_local_add(http_request *req, const char *label_nl, const char *label_en, const char *description,
                     int64_t *id, api_errors *e)
{
    label_nl = label_nl ? str_trim(req->arena, label_nl) : NULL;
    label_en = label_en && *label_en ? str_trim(req->arena, label_en) : NULL;
    description = description && *description ? str_trim(req->arena, description) : NULL;
    check_text(e, "label_nl", label_nl, true, SKILLS_LABEL_MAX, false);
    check_text(e, "label_en", label_en, false, SKILLS_LABEL_MAX, false);
    check_text(e, "description", description, false, 2000, true);
    const char *code = e->n ? NULL : skills_code_from_label(req->arena, label_nl);
    if (!e->n && (!code || !*code)) api_errors_add(e, "label_nl", MSG_SKILLS_ERR_NO_LETTERS);
    if (e->n) return API_EINVALID;
    db_conn *c = http_db(req);
    int rc = db_begin(c, true);
    if (rc) return rc;
    /* The same label (ignoring case and accents) may not be added twice. */
    const char *search = skills_search_text(req->arena, label_nl, label_en, NULL);
    int64_t taken = 0;
    int q = db_query_int(c, "SELECT id FROM skills WHERE kind = 'local' AND code = ?", DB_ARGS(db_text(code)), &taken);
    if (q == 0) {
        api_errors_add(e, "label_nl", MSG_SKILLS_ERR_EXISTS);
        rc = API_EINVALID;
    } else if (q != DB_ENOTFOUND) rc = q;
    /* A basic or ESCO skill may have the same code: the local one gets a suffix. */
    const char *unique = code;
    for (int k = 2; !rc && k < 100; k++) {
        q = db_query_int(c, "SELECT id FROM skills WHERE code = ?", DB_ARGS(db_text(unique)), &taken);
        if (q == DB_ENOTFOUND) break;
        if (q) rc = q;
        else unique = arena_printf(req->arena, "%s-%d", code, k);
    }
    int64_t now = time_now();
    const auth_principal *who = auth_current(req);
    if (!rc)
        rc = db_insert(c,
                       "INSERT INTO skills(uri, code, kind, label_nl, label_en, description_nl, search, created_by,"
                       " created_at) VALUES (?, ?, 'local', ?, ?, ?, ?, ?, ?) RETURNING id",
                       DB_ARGS(db_text(arena_printf(req->arena, "urn:instroom:skill:%s", unique)), db_text(unique),
                               db_text(label_nl), db_text(label_en), db_text(description), db_text(search),
                               db_id_or_null(who ? who->user_id : 0), db_int(now)),
                       id);
    if (!rc) rc = audit_request(req, "create", "skill", *id, 0, "ok", unique);
    if (!rc) rc = db_commit(c);
    if (rc) db_rollback(c);
    return rc;
}

/* ---- profiles ---- */

#define ENTRY_COLUMNS                                                                                                \
    "ps.id, ps.person_id, ps.skill_id, s.label_nl, s.label_en, s.kind, ps.level, ps.source, ps.evidence,"           \
    " coalesce(ps.verified_by, 0), u.name, coalesce(ps.verified_at, 0), coalesce(ps.added_by, 0), ps.created_at," \
    " ps.updated_at"
#define ENTRY_FROM                                                                                               \
    " FROM person_skills ps JOIN skills s ON s.id = ps.skill_id LEFT JOIN users u ON u.id = ps.verified_by"

static void row_to_entry(db_stmt *s, arena *a, void *element)
{
    skills_entry *e = element;
    e->id = db_col_int(s, 0);
    e->person_id = db_col_int(s, 1);
    e->skill_id = db_col_int(s, 2);
    e->label_nl = db_col_dup(a, s, 3);
    e->label_en = db_col_dup(a, s, 4);
    e->kind = db_col_dup(a, s, 5);
    e->level = (int)db_col_int(s, 6);
    e->source = db_col_dup(a, s, 7);
    e->evidence = db_col_dup(a, s, 8);
    e->verified_by = db_col_int(s, 9);
    e->verified_by_name = db_col_dup(a, s, 10);
    e->verified_at = db_col_int(s, 11);
    e->added_by = db_col_int(s, 12);
    e->created_at = db_col_int(s, 13);
    e->updated_at = db_col_int(s, 14);
}

int skills_profile(db_conn *c, arena *a, int64_t person_id, skills_entry **out, int *n)
{
    void *list;
    int rc = db_rows(c, a,
                     "SELECT " ENTRY_COLUMNS ENTRY_FROM " WHERE ps.person_id = ?"
                     " ORDER BY ps.verified_at IS NULL, s.label_nl, ps.source, ps.id",
                     DB_ARGS(db_int(person_id)), sizeof **out, row_to_entry, &list, n);
    *out = list;
    return rc;
}

int skills_entry_get(db_conn *c, arena *a, int64_t id, skills_entry *out)
{
    db_stmt *s;
    int rc = db_prepare(c, "SELECT " ENTRY_COLUMNS ENTRY_FROM " WHERE ps.id = ?", DB_ARGS(db_int(id)), &s);
    if (rc) return rc;
    rc = db_step(s);
    if (rc == DB_ROW) row_to_entry(s, a, out);
    db_finalize(s);
    return rc == DB_ROW ? 0 : rc == DB_DONE ? DB_ENOTFOUND : rc;
}

static void skills_profile_have_row(db_stmt *s, arena *a, void *element)
{
    skills_have *g = element;
    *g = (skills_have){db_col_int(s, 0), (int)db_col_int(s, 1), db_col_int(s, 2) != 0};
}

int skills_profile_have(db_conn *c, arena *a, int64_t person_id, skills_have **out, int *n)
{
    void *list;
    int rc = db_rows(
        c, a,
        "SELECT skill_id, level, verified_at IS NOT NULL FROM person_skills WHERE person_id = ?",
        DB_ARGS(db_int(person_id)), sizeof **out, skills_profile_have_row, &list, n);
    *out = list;
    return rc;
}

/* Checks level and evidence of in; *level gets the level. */
static void check_entry(const skills_entry_input *in, int *level, api_errors *e)
{
    int64_t l = 0;
    if (!in->level || !*in->level) api_errors_add(e, "level", MSG_SKILLS_ERR_REQUIRED);
    else if (str_to_int64(in->level, SKILLS_LEVEL_MIN, SKILLS_LEVEL_MAX, &l) != 0)
        api_errors_add(e, "level", MSG_SKILLS_ERR_LEVEL);
    *level = (int)l;
    check_text(e, "evidence", in->evidence, false, SKILLS_EVIDENCE_MAX, true);
}

static const char *entry_detail(http_request *req, int64_t person_id, int64_t skill_id, int level, const char *source)
{
    return arena_printf(req->arena, "person %lld skill %lld level %d source %s", (long long)person_id,
                        (long long)skill_id, level, source);
}

int skills_entry_add(http_request *req, int64_t person_id, const skills_entry_input *in, int64_t *id, api_errors *e)
{
    int level = 0;
    if (in->skill_id < 1) api_errors_add(e, "skill_id", MSG_SKILLS_ERR_REQUIRED);
    if (!in->source || !*in->source) api_errors_add(e, "source", MSG_SKILLS_ERR_REQUIRED);
    else if (!skills_source_valid(in->source)) api_errors_add(e, "source", MSG_SKILLS_ERR_SOURCE);
    check_entry(in, &level, e);
    if (e->n) return API_EINVALID;
    const char *evidence = in->evidence && *in->evidence ? str_trim(req->arena, in->evidence) : NULL;
    db_conn *c = http_db(req);
    int rc = db_begin(c, true);
    if (rc) return rc;
    int64_t found = 0;
    int q = db_query_int(c, "SELECT id FROM skills WHERE id = ? AND archived_at IS NULL",
                         DB_ARGS(db_int(in->skill_id)), &found);
    if (q == DB_ENOTFOUND) {
        api_errors_add(e, "skill_id", MSG_SKILLS_ERR_UNKNOWN_SKILL);
        rc = API_EINVALID;
    } else if (q) rc = q;
    if (!rc) {
        q = db_query_int(c, "SELECT id FROM person_skills WHERE person_id = ? AND skill_id = ? AND source = ?",
                         DB_ARGS(db_int(person_id), db_int(in->skill_id), db_text(in->source)), &found);
        if (q == 0) {
            api_errors_add(e, "skill_id", MSG_SKILLS_ERR_DUPLICATE);
            rc = API_EINVALID;
        } else if (q != DB_ENOTFOUND) rc = q;
    }
    const auth_principal *who = auth_current(req);
    int64_t uid = who ? who->user_id : 0, now = time_now();
    if (!rc)
        rc = db_insert(c,
                       "INSERT INTO person_skills(person_id, skill_id, level, source, evidence, verified_by,"
                       " verified_at, added_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                       " RETURNING id",
                       DB_ARGS(db_int(person_id), db_int(in->skill_id), db_int(level), db_text(in->source),
                               db_text(evidence), in->verify ? db_id_or_null(uid) : db_null(),
                               in->verify ? db_int(now) : db_null(), db_id_or_null(uid), db_int(now), db_int(now)),
                       id);
    if (!rc)
        rc = audit_request(req, in->verify ? "create.verified" : "create", "person_skill", *id, 0, "ok",
                           entry_detail(req, person_id, in->skill_id, level, in->source));
    if (!rc) rc = db_commit(c);
    if (rc) db_rollback(c);
    return rc;
}

int skills_entry_update(http_request *req, const skills_entry *old, const skills_entry_input *in, api_errors *e)
{
    int level = 0;
    check_entry(in, &level, e);
    if (e->n) return API_EINVALID;
    const char *evidence = in->evidence && *in->evidence ? str_trim(req->arena, in->evidence) : NULL;
    db_conn *c = http_db(req);
    int rc = db_begin(c, true);
    if (rc) return rc;
    rc = db_exec(c, "UPDATE person_skills SET level = ?, evidence = ?, updated_at = ? WHERE id = ?",
                 DB_ARGS(db_int(level), db_text(evidence), db_int(time_now()), db_int(old->id)));
    if (!rc && db_changes(c) == 0) rc = DB_ENOTFOUND;
    if (!rc)
        rc = audit_request(req, "update", "person_skill", old->id, 0, "ok",
                           entry_detail(req, old->person_id, old->skill_id, level, old->source));
    if (!rc) rc = db_commit(c);
    if (rc) db_rollback(c);
    return rc;
}

int skills_entry_verify(http_request *req, const skills_entry *old)
{
    const auth_principal *who = auth_current(req);
    db_conn *c = http_db(req);
    int rc = db_begin(c, true);
    if (rc) return rc;
    int64_t now = time_now();
    rc = db_exec(c, "UPDATE person_skills SET verified_by = ?, verified_at = ?, updated_at = ? WHERE id = ?",
                 DB_ARGS(db_id_or_null(who ? who->user_id : 0), db_int(now), db_int(now), db_int(old->id)));
    if (!rc && db_changes(c) == 0) rc = DB_ENOTFOUND;
    if (!rc)
        rc = audit_request(req, "verify", "person_skill", old->id, 0, "ok",
                           entry_detail(req, old->person_id, old->skill_id, old->level, old->source));
    if (!rc) rc = db_commit(c);
    if (rc) db_rollback(c);
    return rc;
}

int skills_entry_delete(http_request *req, const skills_entry *old)
{
    db_conn *c = http_db(req);
    int rc = db_begin(c, true);
    if (rc) return rc;
    rc = db_exec(c, "DELETE FROM person_skills WHERE id = ?", DB_ARGS(db_int(old->id)));
    if (!rc && db_changes(c) == 0) rc = DB_ENOTFOUND;
    if (!rc)
        rc = audit_request(req, "delete", "person_skill", old->id, 0, "ok",
                           entry_detail(req, old->person_id, old->skill_id, old->level, old->source));
    if (!rc) rc = db_commit(c);
    if (rc) db_rollback(c);
    return rc;
}

int skills_award(db_conn *c, int64_t person_id, int64_t skill_id, int level, const char *source,
                 const char *evidence, int64_t verified_by, int64_t now)
{
    if (level < SKILLS_LEVEL_MIN || level > SKILLS_LEVEL_MAX || !skills_source_valid(source)) return DB_ECONSTRAINT;
    /* A level is never lowered; the entry becomes verified by whoever awarded it. */
    int64_t id = 0;
    int rc = db_insert(c,
                     "INSERT INTO person_skills(person_id, skill_id, level, source, evidence, verified_by, verified_at,"
                     " added_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                     " ON CONFLICT(person_id, skill_id, source) DO UPDATE SET"
                     " level = max(person_skills.level, excluded.level),"
                     " evidence = coalesce(excluded.evidence, person_skills.evidence),"
                     " verified_by = excluded.verified_by, verified_at = excluded.verified_at,"
                     " updated_at = excluded.updated_at RETURNING id",
                     DB_ARGS(db_int(person_id), db_int(skill_id), db_int(level), db_text(source), db_text(evidence),
                             db_id_or_null(verified_by), db_int(now), db_id_or_null(verified_by), db_int(now),
                             db_int(now)),
                     &id);
    if (rc) return rc;
    audit_entry a = {
        .user_id = verified_by,
        .action = "award",
        .entity = "person_skill",
        .entity_id = id,
        .outcome = "ok",
        .detail = source,
    };
    return audit_write(c, &a);
}

int skills_person_programme(db_conn *c, arena *a, int64_t person_id, const char **name)
{
    *name = NULL;
    db_stmt *s;
    int rc = db_prepare(c,
                        "SELECT pr.name FROM applications ap JOIN campaigns ca ON ca.id = ap.campaign_id"
                        " JOIN cohorts co ON co.id = ca.cohort_id JOIN programmes pr ON pr.id = co.programme_id"
                        " WHERE ap.person_id = ? ORDER BY ap.created_at DESC, ap.id DESC LIMIT 1",
                        DB_ARGS(db_int(person_id)), &s);
    if (rc) return rc;
    rc = db_step(s);
    if (rc == DB_ROW) *name = db_col_dup(a, s, 0);
    db_finalize(s);
    return rc < 0 ? rc : 0;
}

int skills_filter_choices(db_conn *c, arena *a, const char *lang, int64_t **ids, const char ***labels, int *n)
{
    *ids = NULL;
    *labels = NULL;
    *n = 0;
    skills_skill *list;
    int k;
    int rc = skills_search(c, a, NULL, "basic", 200, &list, &k);
    skills_skill *local = NULL;
    int nl = 0;
    if (!rc) rc = skills_search(c, a, NULL, "local", 200, &local, &nl);
    if (rc) return rc;
    *ids = arena_calloc(a, (size_t)(k + nl + 1), sizeof **ids);
    *labels = arena_calloc(a, (size_t)(k + nl + 1), sizeof **labels);
    if (!*ids || !*labels) return DB_ENOMEM;
    for (int i = 0; i < k + nl; i++) {
        const skills_skill *s = i < k ? &list[i] : &local[i - k];
        (*ids)[i] = s->id;
        (*labels)[i] = skills_label(s, lang);
    }
    *n = k + nl;
    return 0;
}
