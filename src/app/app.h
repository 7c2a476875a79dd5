/* app: the application as a whole. It sits on top of every feature: it
 * collects their routes and navigation, and runs the server. Nothing below
 * it includes it. */
#ifndef INSTROOM_APP_APP_H
#define INSTROOM_APP_APP_H

#include "http/router.h"

/* Builds the router with every feature's routes; NULL (and a message on
 * stderr) when a route table is inconsistent. */
http_router *app_router(void);

/* GET /: the overview of the logged-in user, per role. */
int dashboard_show(http_request *req, http_response *res);
/* GET /healthz: 200 "ok" when the database answers. */
int health_show(http_request *req, http_response *res);

#endif
