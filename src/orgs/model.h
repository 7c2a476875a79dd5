/* orgs model: the rules of an organisation record, pure and unit-tested.
 * An organisation has a name (unique, at most 200 characters), a kind, a
 * region and optionally a city and a website. */
#ifndef INSTROOM_ORGS_MODEL_H
#define INSTROOM_ORGS_MODEL_H

#include "base/arena.h"
#include "http/api.h"
#include "http/i18n.h"

#define ORGS_NAME_MAX 200
#define ORGS_REGION_MAX 100
#define ORGS_CITY_MAX 100
#define ORGS_WEBSITE_MAX 300

typedef enum orgs_kind {
    ORGS_CARE,
    ORGS_SCHOOL,
    ORGS_MUNICIPALITY,
    ORGS_UWV,
    ORGS_REGIONAL,
    ORGS_ADVISORY,
    ORGS_KIND_COUNT
} orgs_kind;

/* The kind's stored name ("care", "school", ...), or NULL. */
const char *orgs_kind_name(orgs_kind k);
/* The kind named s, or ORGS_KIND_COUNT. */
orgs_kind orgs_kind_parse(const char *s);
/* The catalogue text of the kind (Zorgaanbieder, School (mbo), ...); for an
 * unknown kind the text of "unknown kind". */
msg_id orgs_kind_label(orgs_kind k);

/* What a form or a JSON body says an organisation is. NULL means absent. */
typedef struct orgs_input {
    const char *name;
    const char *kind;
    const char *region;
    const char *city;
    const char *website;
} orgs_input;

/* Trims white space around every field (copies in the arena); empty
 * optional fields become NULL. */
void orgs_input_normalise(arena *a, orgs_input *in);
/* Checks every field and adds one error per wrong field to e. Returns 0, or
 * API_EINVALID when any field is wrong. */
int orgs_validate(const orgs_input *in, api_errors *e);
/* True when s is an http(s) address with a host and no spaces. */
bool orgs_website_valid(const char *s);

/* Which organisations a list shows. */
typedef enum { ORGS_STATUS_ACTIVE, ORGS_STATUS_ARCHIVED, ORGS_STATUS_ALL, ORGS_STATUS_COUNT } orgs_status;
/* The status named s ("active", "archived", "all"; NULL or "" is active), or ORGS_STATUS_COUNT. */
orgs_status orgs_status_parse(const char *s);

#endif
