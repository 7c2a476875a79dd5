/* deploy: shifts posted by care organisations, the availability,
 * preferences and documents of the people who work them (runners),
 * planning on the roster engine (plan.h, planner.h), the published roster
 * with claims and cancellations, worked hours and their export, and
 * personal calendar feeds (issue 6). Schema:
 * src/db/migrations/007_deploy.sql. Access: POLICY_DEPLOY_* (auth/policy.h). */
#ifndef INSTROOM_DEPLOY_DEPLOY_H
#define INSTROOM_DEPLOY_DEPLOY_H

#include "http/http.h"

/* Route tables the app registers, each ending with {0}: the HTML pages
 * (pages.c) and the JSON API under /api/v1 (api.c). */
extern const http_route deploy_routes[];
extern const http_route deploy_api_routes[];

#endif
