/* Every route of the application and the navigation, in one table each. */
#include <stdio.h>

#include "app/app.h"
#include "auth/auth.h"
#include "auth/admin.h"
#include "auth/login.h"
#include "badges/badges.h"
#include "deploy/deploy.h"
#include "guidance/guidance.h"
#include "http/api.h"
#include "http/page.h"
#include "intake/admin.h"
#include "insight/outcomes.h"
#include "insight/insight.h"
#include "intake/intake.h"
#include "orgs/orgs.h"
#include "people/people.h"
#include "skills/skills.h"
#include "training/training.h"

static const http_route app_routes[] = {
    {"GET", "/", dashboard_show, 0, "overview per role"},
    {"GET", "/healthz", health_show, HTTP_PUBLIC, "liveness and database check"},
    {"GET", "/login", login_show, HTTP_PUBLIC, "login form"},
    {"POST", "/login", login_submit, HTTP_PUBLIC, "log in"},
    {"POST", "/logout", logout_submit, 0, "log out"},
    {"POST", "/lang", lang_submit, HTTP_PUBLIC, "choose the language"},
    {0},
};

#define COORD ROLE_BIT(ROLE_COORDINATOR)

static const page_nav_item app_nav[] = {
    {MSG_NAV_DASHBOARD, "/", 0},
    {MSG_NAV_ORGS, "/orgs", ROLES_STAFF},
    {MSG_NAV_PEOPLE, "/people", ROLES_STAFF},
    {MSG_PIPE_NAV, "/pipeline", COORD | ROLE_BIT(ROLE_RECRUITER) | ROLE_BIT(ROLE_JOBCOACH)},
    {MSG_INTAKE_NAV_PROGRAMMES, "/programmes", ROLES_STAFF},
    {MSG_SKILLS_NAV, "/skills", ROLES_STAFF},
    {MSG_NAV_USERS, "/users", COORD},
    {MSG_NAV_AUDIT, "/audit", COORD},
    {MSG_APPLY_NAV_OUTBOX, "/outbox", COORD},
    {MSG_NAV_MY_RECORD, "/me", ROLE_BIT(ROLE_PARTICIPANT)},
    {MSG_SKILLS_NAV_MINE, "/me/skills", ROLE_BIT(ROLE_PARTICIPANT)},
    {MSG_BADGES_NAV, "/badges", ROLES_STAFF},
    {MSG_BADGES_NAV_MINE, "/badges/mine", ROLE_BIT(ROLE_PARTICIPANT)},
    {MSG_TRAINING_NAV, "/training", ROLES_STAFF},
    {MSG_TRAINING_NAV_ME, "/me/training", ROLE_BIT(ROLE_PARTICIPANT)},
    {MSG_DEPLOY_NAV, "/deploy", COORD | ROLE_BIT(ROLE_RECRUITER) | ROLE_BIT(ROLE_SUPERVISOR)},
    {MSG_DEPLOY_NAV_ME, "/me/shifts", ROLE_BIT(ROLE_PARTICIPANT)},
    {MSG_DEPLOY_NAV_AVAIL, "/me/availability", ROLE_BIT(ROLE_PARTICIPANT)},
    {MSG_GUIDANCE_NAV, "/guidance", ROLES_STAFF & ~ROLE_BIT(ROLE_RECRUITER)},
    {MSG_GUIDANCE_NAV_CHECKIN, "/me/checkin", ROLE_BIT(ROLE_PARTICIPANT)},
    {MSG_INSIGHT_NAV, "/insight", ROLES_STAFF},
    {0, NULL, 0},
};

http_router *app_router(void)
{
    http_router *r = router_create();
    if (!r) return NULL;
    const http_route *tables[] = {app_routes, api_routes, orgs_routes, orgs_api_routes, people_routes,
                                  people_api_routes, admin_routes, admin_api_routes,
                                  intake_apply_routes, intake_apply_api_routes, intake_outbox_routes,
                                  intake_pipeline_routes, intake_pipeline_api_routes,
                                  intake_admin_routes, intake_admin_api_routes, intake_import_routes,
                                  intake_privacy_routes, intake_privacy_api_routes, skills_routes,
                                  skills_api_routes, badges_routes, badges_api_routes, badges_public_routes,
                                  training_routes, training_api_routes, insight_routes, insight_api_routes,
                                  insight_outcome_routes, insight_outcome_api_routes, insight_cost_routes,
                                  insight_cost_api_routes, insight_report_routes, insight_report_api_routes,
                                  guidance_routes, guidance_api_routes, deploy_api_routes, deploy_routes};
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
        if (router_add_all(r, tables[i]) != 0) {
            fprintf(stderr, "instroom: a route table has a malformed or duplicate route\n");
            router_free(r);
            return NULL;
        }
    }
    page_set_nav(app_nav);
    return r;
}
