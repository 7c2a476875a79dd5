/* intake model: the pure rules of intake (no I/O): what an applicant may
 * say and how it is normalised, what stages mean, when a campaign is open
 * and full, and which duplicate wins. Unit-tested in tests/unit/test_intake.c.
 * The pipeline's ranking rules live here too (their own section). */
#ifndef INSTROOM_INTAKE_MODEL_H
#define INSTROOM_INTAKE_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "http/api.h"
#include "http/i18n.h"
#include "intake/intake.h"

#define INTAKE_NAME_MAX 100
#define INTAKE_EMAIL_MAX 254
#define INTAKE_PHONE_DIGITS_MIN 10
#define INTAKE_PHONE_DIGITS_MAX 15
#define INTAKE_STUDY_MAX 200
#define INTAKE_OCCUPATION_MAX 300
#define INTAKE_HOBBIES_MAX 500
#define INTAKE_MOTIVATION_MAX 4000
#define INTAKE_UTM_MAX 100
#define INTAKE_HOURS_MAX 60
#define INTAKE_LANGUAGES_MAX 12     /* codes in one list */
#define INTAKE_STATUS_TOKEN_BYTES 16 /* 128 bits */

/* The stored name of a stage kind ("open", "selected", ...), or NULL. */
const char *intake_stage_kind_name(intake_stage_kind k);
/* The kind named s, or INTAKE_STAGE_KIND_COUNT. */
intake_stage_kind intake_stage_kind_parse(const char *s);
/* True for kinds that end an application (rejected, withdrawn). */
bool intake_stage_kind_is_final(intake_stage_kind k);

/* One of the default stages every new campaign gets. */
typedef struct intake_default_stage {
    const char *key;
    const char *name_nl;
    const char *name_en;
    intake_stage_kind kind;
} intake_default_stage;

#define INTAKE_DEFAULT_STAGE_COUNT 7
/* aangemeld, gescreend, intakegesprek, geselecteerd, wachtlijst, afgewezen,
 * teruggetrokken, in pipeline order (positions 1..7). */
extern const intake_default_stage intake_default_stages[INTAKE_DEFAULT_STAGE_COUNT];

/* Where a campaign's window is at time now. */
typedef enum { INTAKE_WINDOW_BEFORE, INTAKE_WINDOW_OPEN, INTAKE_WINDOW_AFTER } intake_window;
intake_window intake_campaign_window(const intake_campaign *k, int64_t now);
/* True when the next applicant goes on the waiting list: the campaign holds
 * cap applications or more. The window never closes because of it. */
bool intake_campaign_is_full(const intake_campaign *k);

/* The duplicate an applicant is linked to when several people look the same:
 * a matching e-mail address wins over a phone number, which wins over name
 * and birth date. Each id is 0 when nothing matched that way. Returns the
 * person id (0: no duplicate) and sets *reason to "email", "phone" or
 * "name_birth" (NULL with no duplicate). */
int64_t intake_duplicate_pick(int64_t by_email, int64_t by_phone, int64_t by_name_birth, const char **reason);

/* The postcode s as "1234 AB" in the arena, or NULL when it is not a Dutch
 * postcode (4 digits, the first not 0, and 2 letters other than SA, SD, SS). */
char *intake_postcode_normalise(arena *a, const char *s);
/* True for a plausible e-mail address: local@domain.tld, no spaces, at most
 * INTAKE_EMAIL_MAX characters. */
bool intake_email_valid(const char *s);
/* s reduced to its digits and a leading '+', in the arena; separators
 * (space, '-', '.', '(', ')', '/') are dropped, anything else is kept so that
 * validation refuses it. */
char *intake_phone_normalise(arena *a, const char *s);
/* True when s is '+' or digits only with 10 to 15 digits. */
bool intake_phone_valid(const char *s);
/* Whole years between birth and on (both YYYY-MM-DD); -1 when either is not a date. */
int intake_age_at(const char *birth, const char *on);
/* True for a comma-separated list of up to INTAKE_LANGUAGES_MAX distinct
 * lowercase two-letter codes ("nl,en,ar"). NULL or "" is an empty list. */
bool intake_languages_valid(const char *s);
/* True for the sources an application may have. */
bool intake_source_valid(const char *s);
/* The source of a form: a jobcoach's referral wins, then "via via", then utm
 * parameters, else direct. */
const char *intake_source_of(int64_t referrer_user_id, bool via_via, const char *utm_source,
                             const char *utm_medium, const char *utm_campaign);

/* True when the per-address rate limit refuses another submission: attempts
 * already made within the window reached limit. */
bool intake_rate_limited(int64_t attempts_in_window, int limit);

#endif
