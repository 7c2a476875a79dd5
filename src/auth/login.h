/* login: the handlers of /login, /logout and /lang. */
#ifndef INSTROOM_AUTH_LOGIN_H
#define INSTROOM_AUTH_LOGIN_H

#include "http/http.h"

/* GET /login: the login form (logged-in users go to the overview). */
int login_show(http_request *req, http_response *res);
/* POST /login: checks throttling and the password, starts a session. */
int login_submit(http_request *req, http_response *res);
/* POST /logout: ends the session. */
int logout_submit(http_request *req, http_response *res);
/* POST /lang: remembers the language (per user when logged in) and goes back. */
int lang_submit(http_request *req, http_response *res);

#endif
