/* deploy: shifts posted by care organisations, the availability, limits,
 * preferences and documents of the runners, planning on the roster engine
 * (planner.h), the published roster with claims, cancellations and repairs,
 * confirmed hours with their payroll export, and personal calendar feeds
 * (issue 6). Schema: src/db/migrations/007_deploy.sql. Access:
 * POLICY_DEPLOY_* (auth/policy.h). */
#ifndef INSTROOM_DEPLOY_DEPLOY_H
#define INSTROOM_DEPLOY_DEPLOY_H

#include <stdint.h>

#include "db/db.h"
#include "http/http.h"

/* Route tables the app registers, each ending with {0}. */
extern const http_route deploy_routes[];
extern const http_route deploy_api_routes[];

/* instroom deploy plan: computes (and with --save stores) a proposal for a
 * period and prints its coverage. */
int cmd_deploy(int argc, char **argv);

/* Loads the demo summer of 2026 (locations, shifts, runners with their
 * availability, skills and documents) inside the caller's transaction,
 * after the intake, skills and training demos. Idempotent. */
int deploy_demo_load(db_conn *c, int64_t now);

#endif
