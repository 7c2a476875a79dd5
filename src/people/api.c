/* people api: the JSON of /api/v1/people. The list never carries sensitive
 * fields; one record carries them only when policy allows, and that read
 * is audited. */
#include <string.h>

#include "auth/policy.h"
#include "base/str.h"
#include "http/api.h"
#include "http/server.h"
#include "people/people.h"

static int api_people_list(http_request *req, http_response *res)
{
    api_page pg;
    if (api_page_parse(req, res, &pg) != 0) return 0;
    api_errors e = {0};
    const char *search = NULL;
    if (people_search_normalise(req->arena, http_query(req, "q"), &search, &e) != 0) {
        http_problem(req, res, 400, "q must be at most 100 characters of text", "q", msg_in("en", e.items[0].reason));
        return 0;
    }
    policy_target unlinked = {.kind = POLICY_PERSON, .id = 0, .orgs = NULL, .norgs = 0};
    people_query q = {
        .everyone = policy_allows(auth_current(req), POLICY_READ, &unlinked, NULL),
        .search = search,
        .after = pg.after,
        .by_id = true,
        .limit = pg.limit + 1,
    };
    int rc = people_viewer_orgs(req, &q.orgs, &q.norgs);
    people_person *list = NULL;
    int n = 0;
    if (!rc) rc = people_list(http_db(req), req->arena, &q, &list, &n, NULL);
    if (rc) return api_fail(rc);
    json_t *items = json_array();
    int shown = n > pg.limit ? pg.limit : n;
    const auth_principal *who = auth_current(req);
    for (int i = 0; i < shown; i++) {
        policy_target t = people_target(req->arena, &list[i], POLICY_PERSON);
        if (policy_allows(who, POLICY_READ, &t, NULL)) json_array_append_new(items, people_to_json(&list[i], NULL));
    }
    return api_reply(req, res, 200, api_list(req, items, n > pg.limit ? list[shown - 1].id : 0));
}

static int api_people_show(http_request *req, http_response *res)
{
    int64_t id = http_path_id(req, "id");
    people_person p;
    int rc = id ? people_get(http_db(req), req->arena, id, &p) : DB_ENOTFOUND;
    if (rc == DB_ENOTFOUND) {
        http_problem(req, res, 404, "no such person", NULL, NULL);
        return 0;
    }
    if (rc) return api_fail(rc);
    policy_target t = people_target(req->arena, &p, POLICY_PERSON);
    if (!policy_enforce(req, POLICY_READ, &t, NULL)) {
        http_problem(req, res, 404, "no such person", NULL, NULL);
        return 0;
    }
    people_sensitive s = {0};
    bool with_sensitive = false;
    policy_target st = people_target(req->arena, &p, POLICY_PERSON_SENSITIVE);
    if (policy_allows(auth_current(req), POLICY_READ, &st, NULL) &&
        policy_enforce(req, POLICY_READ, &st, "person.sensitive")) {
        rc = people_get_sensitive(http_db(req), req->arena, p.id, &s);
        if (rc) return api_fail(rc);
        with_sensitive = true;
    }
    return api_reply(req, res, 200, people_to_json(&p, with_sensitive ? &s : NULL));
}

const http_route people_api_routes[] = {
    {"GET", "/api/v1/people", api_people_list, HTTP_API, "list people"},
    {"GET", "/api/v1/people/{id}", api_people_show, HTTP_API, "one person"},
    {0},
};
