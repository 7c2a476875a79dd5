/* intake demo: what `instroom demo` adds for intake (called from app/demo.c). */
#ifndef INSTROOM_INTAKE_DEMO_H
#define INSTROOM_INTAKE_DEMO_H

#include <stdint.h>

#include "db/db.h"

/* Loads the five seed programmes, their cohorts and campaigns, generated
 * applicants and (when ../shared/data/esco or $INSTROOM_ESCO_CSV is there) the
 * ESCO occupations, inside the caller's write transaction. Does nothing when
 * the programmes are there. *napplicants and *nesco say what was added. */
int intake_demo_load(db_conn *c, int64_t now, int *napplicants, int64_t *nesco);
/* Prints the paths of the demo's open application forms. */
void intake_demo_print(void);

#endif
