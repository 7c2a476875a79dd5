/* skills model: the pure parts of the skills feature (base only, no I/O):
 * the search key of a text (skills_fold), the reader of ESCO skills
 * collection CSV files, and the matching engine that scores a person's
 * skills against a list of requirements.
 *
 * Matching formula. For each requirement r (skill s_r, needed level n_r in
 * 1..4, weight w_r > 0), h_r is the person's highest level of s_r (only
 * verified entries count when r is "verified only"), 0 when none counts:
 *
 *     credit_r = 1            when h_r >= n_r   (matched)
 *              = h_r / n_r    when 0 < h_r < n_r (below level: partial credit)
 *              = 0            when h_r = 0      (missing, or unverified only)
 *
 *     score = sum(w_r * credit_r) / sum(w_r), and 1 when there are no requirements.
 *
 * So the score lies in [0, 1]; e.g. need level 4, have 2, weight 1 next to a
 * matched requirement of weight 3: (3 * 1 + 1 * 0.5) / 4 = 0.875. */
#ifndef INSTROOM_SKILLS_MODEL_H
#define INSTROOM_SKILLS_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/csv.h"

#define SKILLS_LEVEL_MIN 1
#define SKILLS_LEVEL_MAX 4
#define SKILLS_MATCH_MAX 100      /* requirements per match */

/* ---- search key ---- */

/* (Declared in skills.h too.) The search key of text: lower case; the
 * letters of Latin-1 Supplement and Latin Extended-A without diacritics
 * (é -> e, ç -> c, ĳ -> ij, ß -> ss, æ -> ae); every run of white space
 * (also no-break space) one space, none at either end; invalid UTF-8 bytes
 * dropped; other characters kept. In the arena; NULL text gives "". */
const char *skills_fold(arena *a, const char *text);

/* ---- ESCO skills collection CSV ---- */

typedef struct skills_csv {
    csv_reader r;
    int col_uri, col_label, col_alt, col_desc, col_type;  /* -1 when the header lacks it */
    char error[200];      /* why skills_csv_open/next failed, naming the line */
} skills_csv;

typedef struct skills_csv_row {
    int line;
    const char *uri;          /* conceptUri: http(s)://... */
    const char *label;        /* preferredLabel, trimmed, not empty */
    const char *alt_labels;   /* altLabels as in the file (newline- or '|'-separated), or NULL */
    const char *description;  /* trimmed, or NULL */
} skills_csv_row;

/* Opens an ESCO skills collection CSV (UTF-8, comma-separated, a header
 * with at least conceptUri and preferredLabel in any order). 0, or -1 with
 * s->error. Rows and texts live in a. */
int skills_csv_open(skills_csv *s, arena *a, const char *data, size_t n);
/* The next row: 1, 0 at the end, -1 with s->error ("line N: ..."). */
int skills_csv_next(skills_csv *s, skills_csv_row *row);
/* The search text of a skill: the folded labels and alternative labels
 * joined by " | " (alt may be NULL; its labels are split on newlines and
 * '|'). In the arena. */
const char *skills_search_text(arena *a, const char *label_nl, const char *label_en, const char *alt);
/* A code for a local skill made from its label: folded, letters and digits
 * kept, everything else one '-', at most 60 bytes; "" when nothing is left. */
const char *skills_code_from_label(arena *a, const char *label);

/* ---- matching ---- */

/* One skill on a person's profile (several entries of the same skill may be given). */
typedef struct skills_have {
    int64_t skill_id;
    int level;                /* 1..4 */
    bool verified;
} skills_have;

typedef struct skills_requirement {
    int64_t skill_id;
    int level;                /* needed, 1..4 */
    double weight;            /* > 0 */
    bool verified_only;       /* only verified entries count */
} skills_requirement;

typedef enum {
    SKILLS_MATCHED,           /* has the level (or more) */
    SKILLS_BELOW_LEVEL,       /* has it below the level: partial credit */
    SKILLS_MISSING,           /* does not have it */
    SKILLS_UNVERIFIED,        /* has it, but only unverified, and the requirement asks verified */
} skills_match_status;

typedef struct skills_match_item {
    int64_t skill_id;
    skills_match_status status;
    int have;                 /* the level that counted (0 when none) */
    int need;
    double credit;            /* 0..1 */
} skills_match_item;

/* "matched", "below_level", "missing", "unverified". */
const char *skills_match_status_name(skills_match_status s);
/* Checks requirements: 0, or -1 with *bad the index of the first with a
 * level outside 1..4, a weight not above 0 (or not finite), or a skill id
 * below 1, and *field naming what ("level", "weight", "skill_id"). */
int skills_requirements_check(const skills_requirement *r, int n, int *bad, const char **field);
/* Scores have against the (checked) requirements by the formula above; out
 * (n items, may be NULL) gets the explanation per requirement. Returns the score. */
double skills_match(const skills_requirement *r, int n, const skills_have *have, int nhave, skills_match_item *out);
/* The lowest level that earns at least min_score on a single requirement of
 * level need (1..4): 0 when min_score <= 0 (having it is not needed), need+1
 * when min_score > 1 (unreachable). */
int skills_min_level_for(int need, double min_score);

#endif
