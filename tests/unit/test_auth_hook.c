/* The request hook end to end without a socket: sessions, tokens, CSRF and
 * what happens when the database fails while checking credentials. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "auth/users.h"
#include "base/random.h"
#include "db/db.h"
#include "http/router.h"
#include "http/server.h"

static char dir[128];
static db *D;
static arena A;
static int64_t uid;

static int h_ok(http_request *req, http_response *res)
{
    (void)req;
    http_text(res, 200, "ok");
    return 0;
}

static const http_route routes[] = {
    {"GET", "/page", h_ok, 0, ""},
    {"POST", "/page", h_ok, 0, ""},
    {"GET", "/api/v1/thing", h_ok, HTTP_API, ""},
    {0},
};

static void setup(void)
{
    cr_assert_eq(random_init(), 0);
    snprintf(dir, sizeof dir, "/tmp/instroom-hook-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    char path[200], err[200];
    snprintf(path, sizeof path, "%s/t.db", dir);
    cr_assert_eq(db_open(path, NULL, &D, err, sizeof err), 0);
    cr_assert_geq(db_migrate(D, err, sizeof err), 0);
    db_conn *c = db_acquire(D);
    cr_assert_eq(users_create(c, "a@b.nl", "A", "een lang wachtwoord", "nl", 0, &uid), 0);
    db_release(c);
    arena_init(&A, 0);
}

static void teardown(void)
{
    arena_free(&A);
    db_close(D);
    char cmd[200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}

/* Runs one request through the pipeline; returns the status. */
static int run(http_router *r, const char *method, const char *path, http_kv *headers, int nh,
               const char *body, http_response *res)
{
    http_request req;
    http_request_init(&req, &A);
    req.method = method;
    req.path = path;
    req.headers = headers;
    req.nheaders = nh;
    req.remote_ip = "127.0.0.1";
    if (body) {
        req.body = body;
        req.body_len = strlen(body);
    }
    strcpy(req.id, "00000000000000aa");
    http_server_config cfg = {.router = r, .before = auth_before, .db = D};
    http_response_init(res);
    http_dispatch(&cfg, &req, res);
    return res->status;
}

TestSuite(hook, .init = setup, .fini = teardown);

Test(hook, sessions_tokens_and_database_failures)
{
    http_router *r = router_create();
    router_add_all(r, routes);
    /* A session made the way login makes it. */
    http_request req;
    http_request_init(&req, &A);
    req.db = D;
    req.remote_ip = "127.0.0.1";
    http_response res;
    http_response_init(&res);
    cr_assert_eq(auth_session_start(&req, &res, uid), 0);
    http_db_release(&req);
    const char *set = res.headers[0].value;
    cr_assert(strncmp(set, "instroom_session=", 17) == 0);
    char *cookie = arena_strndup(&A, set, strcspn(set, ";"));
    const char *csrf = req.csrf_token;
    http_response_free(&res);

    http_kv h[2] = {{.name = "Cookie", .value = cookie}};
    cr_assert_eq(run(r, "GET", "/page", h, 1, NULL, &res), 200);
    http_response_free(&res);

    h[1] = (http_kv){.name = "Content-Type", .value = "application/x-www-form-urlencoded"};
    cr_assert_eq(run(r, "POST", "/page", h, 2, "x=1", &res), 403, "no CSRF token");
    http_response_free(&res);
    char *body = arena_printf(&A, "csrf=%s", csrf);
    cr_assert_eq(run(r, "POST", "/page", h, 2, body, &res), 200);
    http_response_free(&res);

    /* Regression: a database failure while looking up the session was
     * answered as if the user were not logged in. It must be a 503. */
    db_fault_inject(DB_FAULT_STEP, 1);
    cr_assert_eq(run(r, "GET", "/page", h, 1, NULL, &res), 503);
    http_response_free(&res);
    cr_assert_eq(run(r, "GET", "/page", h, 1, NULL, &res), 200, "the session is still valid afterwards");
    http_response_free(&res);

    db_conn *c = db_acquire(D);
    char *tok = auth_token_create(c, &A, uid, "t", "read", 0);
    db_release(c);
    cr_assert_not_null(tok);
    http_kv b[1] = {{.name = "Authorization", .value = arena_printf(&A, "Bearer %s", tok)}};
    cr_assert_eq(run(r, "GET", "/api/v1/thing", b, 1, NULL, &res), 200);
    http_response_free(&res);
    /* A token the cache has not seen yet, so that the lookup reaches the database. */
    c = db_acquire(D);
    char *fresh = auth_token_create(c, &A, uid, "t2", "read", 0);
    db_release(c);
    http_kv b2[1] = {{.name = "Authorization", .value = arena_printf(&A, "Bearer %s", fresh)}};
    db_fault_inject(DB_FAULT_STEP, 1);
    cr_assert_eq(run(r, "GET", "/api/v1/thing", b2, 1, NULL, &res), 503);
    cr_assert_str_eq(res.content_type, "application/problem+json");
    http_response_free(&res);
    cr_assert_eq(run(r, "GET", "/page", b, 1, NULL, &res), 401, "bearer tokens only under /api/v1");
    http_response_free(&res);
    cr_assert_eq(run(r, "GET", "/page", NULL, 0, NULL, &res), 303, "anonymous: to the login page");
    http_response_free(&res);
    router_free(r);
}
