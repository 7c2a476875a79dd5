/* skills card: the printable "inspiratiekaart" of seed 000 as a PDF (A5,
 * cairo, DejaVu Sans through fontconfig so that every Dutch letter is real
 * text): the person's name, programme and the date, the verified skills
 * with who verified them and when, and the person's own skills, each with
 * its level as dots. For the participant and the supervisor. */
#ifndef INSTROOM_SKILLS_CARD_H
#define INSTROOM_SKILLS_CARD_H

#include <stdint.h>

#include "base/buf.h"
#include "skills/store.h"

typedef struct skills_card {
    const char *lang;            /* "nl" or "en" */
    const char *name;            /* the person's full name */
    const char *programme;       /* or NULL */
    int64_t date;                /* the day printed on the card (UTC seconds) */
    const skills_entry *entries; /* the profile, verified and own together */
    int n;
} skills_card;

/* Renders card as a PDF into out (appended). 0, or -1 when cairo failed or
 * out is full. */
int skills_card_pdf(const skills_card *card, buf *out);
/* A file name for the card of name: "inspiratiekaart-jan-de-vries.pdf" (ASCII). In a. */
const char *skills_card_filename(arena *a, const char *name);

#endif
