/* skills: the skills catalogue (the zorgrunner basic skills, ESCO
 * transversal, digital and language skills, local skills) and every
 * person's skills profile, the matching engine (model.h) and the printable
 * skills card, the "inspiratiekaart" (issue 4). Schema:
 * src/db/migrations/005_skills.sql. Access: POLICY_SKILL_CATALOGUE and
 * POLICY_SKILL_PROFILE. */
#ifndef INSTROOM_SKILLS_SKILLS_H
#define INSTROOM_SKILLS_SKILLS_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "db/db.h"
#include "http/http.h"

/* Puts a skill verified by verified_by (a user id, 0 for the system) on the
 * person's profile with that source ("training", ...), inside the caller's
 * write transaction: adds it, or raises the level of the same skill from the
 * same source and marks it verified (a level is never lowered). evidence may
 * be NULL. Used by training when a module is passed. */
int skills_award(db_conn *c, int64_t person_id, int64_t skill_id, int level, const char *source,
                 const char *evidence, int64_t verified_by, int64_t now);

/* The skill id of a uri (ESCO conceptUri or urn:instroom:skill:CODE);
 * DB_ENOTFOUND when there is none. */
int skills_id_by_uri(db_conn *c, const char *uri, int64_t *id);

/* The search key of a text: lower case, diacritics removed (é -> e, ë -> e,
 * ç -> c, ...), runs of space made one. In the arena. Pure. */
const char *skills_fold(arena *a, const char *text);

/* Loads the platform's own basic skills (idempotent) inside the caller's
 * transaction; used by init/demo. */
int skills_seed_basic(db_conn *c, int64_t now);

/* The demo's skills inside the caller's write transaction: the basic
 * skills, the demo participant's profile, and the ESCO skills collections
 * from skills_esco_dir() when they are there (*nesco rows; this commits
 * the caller's transaction and opens a new one around the load). */
int skills_demo_load(db_conn *c, int64_t now, int64_t *nesco);

/* The skills a list filter offers (basic and local), by label in lang:
 * ids and labels in the arena. */
int skills_filter_choices(db_conn *c, arena *a, const char *lang, int64_t **ids, const char ***labels, int *n);

/* Frees what drawing skills cards cached (cairo's and fontconfig's font
 * caches); only when no card is being drawn any more (server stop). */
void skills_card_cleanup(void);

/* Route tables the app registers, each ending with {0}. */
extern const http_route skills_routes[];
extern const http_route skills_api_routes[];

#endif
