/* guidance: coaching relationships, contact moments with notes, check-ins,
 * support needs with referral and follow-up, the extra-coaching plan of the
 * first 3 months of BBL with reminders through the outbox, and early-warning
 * signals for the person's coaches (issue 7). Schema:
 * src/db/migrations/006_guidance.sql. Access: POLICY_COACHING,
 * POLICY_GUIDANCE_NOTE, POLICY_CHECKIN, POLICY_SUPPORT_NEED; every read of
 * notes, check-ins and support needs is audited (policy_sensitive). */
#ifndef INSTROOM_GUIDANCE_GUIDANCE_H
#define INSTROOM_GUIDANCE_GUIDANCE_H

#include <stdbool.h>
#include <stdint.h>

#include "db/db.h"
#include "http/http.h"

/* Route tables the app registers, each ending with {0}. */
extern const http_route guidance_routes[];
extern const http_route guidance_api_routes[];

/* True when user_id has a coach link with person_id that is active on
 * today ('YYYY-MM-DD'): what policy_target.coach is filled from. */
bool guidance_is_coach(db_conn *c, int64_t user_id, int64_t person_id, const char *today);

/* Queues one outbox reminder to the coach for every coaching-plan moment due
 * within the next `days_ahead` days that is not done and not yet reminded;
 * *queued gets the count. One transaction. */
int guidance_reminders_run(db *d, int64_t now, int days_ahead, int *queued);
/* Starts and stops the daily reminder job of the server (like the retention job). */
int guidance_reminder_thread_start(db *d);
void guidance_reminder_thread_stop(void);

/* Loads the demo's coaching: coaches for the WelSlagen and Leerwerkakkoord
 * people, contacts, check-ins, support needs (debts among them) and a BBL
 * coaching plan, inside the caller's transaction, after the intake and
 * insight demo. Idempotent. */
int guidance_demo_load(db_conn *c, int64_t now);

/* On the person page: a heading and a link to the person's guidance page,
 * when the policy lets the user see who coaches the person (else nothing). */
void guidance_person_link(http_request *req, buf *b, int64_t person_id);
/* For the dashboard tile: how many people the user coaches now, and how
 * many of them have an early-warning signal. */
int guidance_dashboard_counts(http_request *req, int64_t *people, int64_t *with_signals);

#endif
