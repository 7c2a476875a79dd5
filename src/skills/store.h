/* skills store: the SQL behind the catalogue, the profiles and the card.
 * Internal to skills/ (others use skills.h). Reads take a connection and an
 * arena; writes take the request, validate first (field errors in e,
 * nothing changed: API_EINVALID) and write the change and its audit entry
 * in one transaction. Who may do it is decided by the caller (policy). */
#ifndef INSTROOM_SKILLS_STORE_H
#define INSTROOM_SKILLS_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "auth/policy.h"
#include "db/db.h"
#include "http/api.h"
#include "skills/model.h"
#include "skills/skills.h"

#define SKILLS_LABEL_MAX 200
#define SKILLS_EVIDENCE_MAX 500
#define SKILLS_QUERY_MAX 100

typedef struct skills_skill {
    int64_t id;
    const char *uri;
    const char *code;         /* NULL for ESCO skills */
    const char *kind;         /* basic, transversal, digital, language, local */
    const char *label_nl;
    const char *label_en;     /* may be NULL */
    const char *description_nl;
} skills_skill;

/* The label in lang ("en": label_en when there is one). */
const char *skills_label(const skills_skill *s, const char *lang);
/* True when kind is one of the five kinds. */
bool skills_kind_valid(const char *kind);

/* Skills whose labels (or alternative labels) contain q, ignoring case and
 * diacritics; kind (or NULL) limits them. Prefix matches first, then
 * shorter labels. q NULL or "" lists all. limit 1..200. */
int skills_search(db_conn *c, arena *a, const char *q, const char *kind, int limit, skills_skill **out, int *n);
int skills_get(db_conn *c, arena *a, int64_t id, skills_skill *out);
int skills_count(db_conn *c, int64_t *n);

/* Adds a local skill (kind local, code from the label, made unique). */
int skills_local_add(http_request *req, const char *label_nl, const char *label_en, const char *description,
                     int64_t *id, api_errors *e);

/* Loads one ESCO skills collection file of kind (transversal, digital,
 * language) inside the caller's write transaction, insert or update by uri.
 * *rows counts the rows read. -1 with err ("line N: ...") on bad input. */
int skills_load_collection(db_conn *c, const char *data, size_t n, const char *kind, bool progress,
                           int64_t *rows, char *err, size_t errn);
/* Loads the three collection files from dir (missing files are an error),
 * in one transaction of its own. *rows counts every row read. */
int skills_load_dir(db_conn *c, const char *dir, bool progress, int64_t *rows, char *err, size_t errn);
/* The ESCO directory of the demo: $INSTROOM_ESCO_DIR or ../shared/data/esco. */
const char *skills_esco_dir(void);

/* One entry on a person's profile. */
typedef struct skills_entry {
    int64_t id;
    int64_t person_id;
    int64_t skill_id;
    const char *label_nl;
    const char *label_en;
    const char *kind;
    int level;
    const char *source;
    const char *evidence;     /* or NULL */
    int64_t verified_by;      /* 0: the person's own claim */
    const char *verified_by_name;
    int64_t verified_at;
    int64_t added_by;
    int64_t created_at;
    int64_t updated_at;
} skills_entry;

/* The label of e in lang. */
const char *skills_entry_label(const skills_entry *e, const char *lang);
/* The profile of person_id: verified entries first, then by label. */
int skills_profile(db_conn *c, arena *a, int64_t person_id, skills_entry **out, int *n);
int skills_entry_get(db_conn *c, arena *a, int64_t id, skills_entry *out);
/* The profile as matching input. */
int skills_profile_have(db_conn *c, arena *a, int64_t person_id, skills_have **out, int *n);

/* What a form or JSON body gives for an entry; texts as sent. */
typedef struct skills_entry_input {
    int64_t skill_id;
    const char *level;        /* "1".."4" */
    const char *source;       /* training, study, hobby, work, volunteering */
    const char *evidence;     /* optional */
    bool verify;              /* staff: mark verified now */
} skills_entry_input;

/* True when source is one of the five sources. */
bool skills_source_valid(const char *source);
/* Adds an entry to person_id's profile (verified by the user when in->verify). */
int skills_entry_add(http_request *req, int64_t person_id, const skills_entry_input *in, int64_t *id, api_errors *e);
/* Changes the level and evidence of entry id (skill and source stay). */
int skills_entry_update(http_request *req, const skills_entry *old, const skills_entry_input *in, api_errors *e);
/* Marks entry id verified by the request's user now. */
int skills_entry_verify(http_request *req, const skills_entry *old);
int skills_entry_delete(http_request *req, const skills_entry *old);

/* The programme a person is in for the card: that of their latest
 * application, or NULL. */
int skills_person_programme(db_conn *c, arena *a, int64_t person_id, const char **name);

#endif

/* ---- access (profile.c) ---- */

#include "people/people.h"

/* Loads person_id and decides op on their skills profile for the request,
 * for pages and API alike: 0 (allowed; *self when it is the user's own
 * profile), 404 (no such person, or not readable: the refusal is audited),
 * 403 (readable but not writable) or a negative db code. */
int skills_open_profile(http_request *req, int64_t person_id, policy_op op, people_person *p, bool *self);
/* True when the user may change or delete entry e: staff who may write the
 * profile any entry, the person only their own unverified entries. */
bool skills_may_change(http_request *req, bool self, const skills_entry *e);
/* The policy target of p's skills profile (orgs in the arena). */
policy_target skills_profile_target(http_request *req, const people_person *p);
