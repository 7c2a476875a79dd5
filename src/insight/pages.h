/* insight/pages: the pages' and the API's shared steps. */
#ifndef INSTROOM_INSIGHT_PAGES_H
#define INSTROOM_INSIGHT_PAGES_H

#include "http/http.h"
#include "insight/insight.h"

typedef enum insight_scope_result {
    INSIGHT_SCOPE_OK,
    INSIGHT_SCOPE_NOT_FOUND,    /* no such programme or cohort (or not an id) */
    INSIGHT_SCOPE_FORBIDDEN,    /* the policy refused (and audited it) */
    INSIGHT_SCOPE_BAD_DATE,     /* ?on= is not a date */
    INSIGHT_SCOPE_FUTURE_DATE,  /* ?on= lies after today: no figures exist for it yet */
    INSIGHT_SCOPE_ERROR,        /* a database error; *rc holds it */
} insight_scope_result;

/* Loads the figures of the path's programme ("id", cohort false) or cohort
 * ("id", cohort true) as of ?on= (default: today in Amsterdam), after the
 * policy allows the principal to read POLICY_INSIGHT of the programme. */
insight_scope_result insight_load_for_request(http_request *req, bool cohort, insight_figures *f, const char **today,
                                              int *rc);


#endif
