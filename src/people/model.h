/* people model: pure rules about people records: names, the search query,
 * and the labels of how a person is linked to an organisation. */
#ifndef INSTROOM_PEOPLE_MODEL_H
#define INSTROOM_PEOPLE_MODEL_H

#include "base/arena.h"
#include "http/api.h"
#include "http/i18n.h"

#define PEOPLE_SEARCH_MAX 100

/* "Given Family" in the arena (either part may be missing). */
char *people_full_name(arena *a, const char *given, const char *family);
/* The catalogue text of a link's relation (employee, placed, student,
 * client, applicant); an unknown relation gives the text for "linked". */
msg_id people_relation_label(const char *relation);
/* True for the relations that belong to the sensitive part of a record: a
 * person who is a client of a municipality or UWV is on benefits, so that
 * link is only shown to whom may see the sensitive part. */
bool people_relation_is_sensitive(const char *relation);
/* Trims the search query into *out (NULL when empty) and checks it: at most
 * PEOPLE_SEARCH_MAX characters of text. 0 or API_EINVALID with an error on "q". */
int people_search_normalise(arena *a, const char *q, const char **out, api_errors *e);
/* Escapes % _ and \ of s for a LIKE pattern with ESCAPE '\' and wraps it in %...%. */
char *people_like_pattern(arena *a, const char *s);

#endif
