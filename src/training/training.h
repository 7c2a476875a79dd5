/* training: courses with modules, sessions, enrolment, attendance and
 * assessment, and the session planner (plan.h, a pure engine on assign/)
 * (issue 4). Passing a module awards its skills (skills_award, verified by
 * the trainer); completing every module completes the enrolment and issues
 * the course's badges (badges_issue_for_enrolment) in the same transaction.
 * Schema: src/db/migrations/005_skills.sql. Access: POLICY_TRAINING and
 * POLICY_TRAINING_RECORD. */
#ifndef INSTROOM_TRAINING_TRAINING_H
#define INSTROOM_TRAINING_TRAINING_H

#include <stdint.h>

#include "db/db.h"
#include "http/http.h"

/* Route tables the app registers, each ending with {0}. */
extern const http_route training_routes[];
extern const http_route training_api_routes[];

/* instroom plan-training COHORT: places the cohort's enrolled participants
 * in sessions and prints who could not be placed and why. */
int cmd_plan_training(int argc, char **argv);

/* Loads the demo courses (Zorgrunner basisvaardigheden at the four ROCs,
 * WelSlagen voortraject at Albeda) with enrolments, attendance and passed
 * modules, inside the caller's transaction, after the skills and badges
 * demo (it links the Zorgrunner badge to its course). Idempotent. */
int training_demo_load(db_conn *c, int64_t now);

#endif
