/* people pages: /people, /people/{id} and /me. Thin: policy decides what
 * is shown; the sensitive part is loaded only after policy_enforce allowed
 * (and audited) its read, and otherwise nothing on the page hints at it. */
#include <stdio.h>
#include <string.h>

#include "auth/policy.h"
#include "base/str.h"
#include "base/time.h"
#include "http/html.h"
#include "http/i18n.h"
#include "http/page.h"
#include "http/server.h"
#include "http/ui.h"
#include "guidance/guidance.h"
#include "people/people.h"

/* True when policy lets the principal read a person linked to no
 * organisation at all: then the list is not limited to their organisations. */
static bool sees_everyone(http_request *req)
{
    policy_target unlinked = {.kind = POLICY_PERSON, .id = 0, .orgs = NULL, .norgs = 0};
    return policy_allows(auth_current(req), POLICY_READ, &unlinked, NULL);
}

/* The organisations of a person as text: "Opella (geplaatst), ROC Rivor (student)";
 * links that belong to the sensitive part only when sensitive is set. */
static char *links_text(http_request *req, const people_person *p, bool sensitive)
{
    buf t;
    buf_init(&t, 8192);
    for (int i = 0; i < p->nlinks; i++) {
        if (!sensitive && people_relation_is_sensitive(p->links[i].relation)) continue;
        if (t.len) buf_puts(&t, ", ");
        buf_printf(&t, "%s (%s)", p->links[i].org_name, msg(req, people_relation_label(p->links[i].relation)));
    }
    char *out = arena_strdup(req->arena, buf_cstr(&t));
    buf_free(&t);
    return out;
}

/* ---- GET /people ---- */

static int people_list_show(http_request *req, http_response *res)
{
    api_errors e = {0};
    const char *search = NULL;
    people_search_normalise(req->arena, http_query(req, "q"), &search, &e);
    int page = 1;
    if (ui_page_param(req, &page) != 0) api_errors_add(&e, "page", MSG_UI_BAD_PAGE);
    page_begin(req, res, msg(req, MSG_PEOPLE_TITLE));
    buf *b = &res->body;
    ui_heading(b, 1, msg(req, MSG_PEOPLE_TITLE));
    bool everyone = sees_everyone(req);
    html_lit(b, "<p class=\"utrecht-paragraph instroom-page-intro\">");
    html_text(b, msg(req, everyone ? MSG_PEOPLE_INTRO_ALL : MSG_PEOPLE_INTRO_MINE));
    html_lit(b, "</p>");
    if (e.n) {
        res->status = 400;
        page_alert(b, ALERT_ERROR, msg(req, api_errors_has(&e, "page", NULL) ? MSG_UI_BAD_PAGE : MSG_UI_FILTER_INVALID));
    }
    html_lit(b, "<div class=\"instroom-panel\"><form class=\"instroom-form\" method=\"get\" action=\"/people\" role=\"search\">");
    page_field(b, "f-q", "q", msg(req, MSG_PEOPLE_SEARCH), "search", http_query(req, "q"), api_errors_text(req, &e, "q"),
               msg(req, MSG_PEOPLE_SEARCH_HINT), "off");
    html_lit(b, "<div class=\"instroom-form__actions\">");
    ui_submit(b, msg(req, MSG_PEOPLE_SEARCH_SUBMIT));
    html_lit(b, "</div></form></div>");
    if (e.n) {
        page_end(req, res);
        return 0;
    }
    people_query q = {.everyone = everyone, .search = search, .offset = (page - 1) * UI_PAGE_SIZE,
                      .limit = UI_PAGE_SIZE};
    int rc = people_viewer_orgs(req, &q.orgs, &q.norgs);
    people_person *list = NULL;
    int n = 0;
    int64_t total = 0;
    if (!rc) rc = people_list(http_db(req), req->arena, &q, &list, &n, &total);
    if (rc) return api_fail(rc);
    if (n == 0) { /* nothing matches, or a page past the last one */
        page_empty(b, msg(req, search ? MSG_PEOPLE_NONE_FOUND : MSG_PEOPLE_EMPTY),
                   msg(req, search ? MSG_PEOPLE_NONE_FOUND_TEXT : MSG_PEOPLE_EMPTY_TEXT), NULL, NULL);
        if (total) ui_pagination(req, b, page, UI_PAGE_SIZE, total);
        page_end(req, res);
        return 0;
    }
    char count[24];
    snprintf(count, sizeof count, "%lld", (long long)total);
    ui_table_begin(b, "people-caption", msg_fill(req, MSG_PEOPLE_CAPTION, count, NULL), true);
    html_lit(b, "<thead class=\"utrecht-table__header\"><tr class=\"utrecht-table__row\">"
                "<th class=\"utrecht-table__header-cell\" scope=\"col\">");
    html_text(b, msg(req, MSG_PEOPLE_NAME));
    html_lit(b, "</th><th class=\"utrecht-table__header-cell\" scope=\"col\">");
    html_text(b, msg(req, MSG_PEOPLE_EMAIL));
    html_lit(b, "</th><th class=\"utrecht-table__header-cell\" scope=\"col\">");
    html_text(b, msg(req, MSG_PEOPLE_ORGS));
    html_lit(b, "</th></tr></thead><tbody class=\"utrecht-table__body\">");
    const auth_principal *who = auth_current(req);
    for (int i = 0; i < n; i++) {
        const people_person *p = &list[i];
        /* The query limits the list; policy has the last word on every row. */
        policy_target t = people_target(req->arena, p, POLICY_PERSON);
        if (!policy_allows(who, POLICY_READ, &t, NULL)) continue;
        html_lit(b, "<tr class=\"utrecht-table__row\"><th class=\"utrecht-table__header-cell\" scope=\"row\">"
                    "<a class=\"utrecht-link utrecht-link--html-a\"");
        html_attr(b, "href", arena_printf(req->arena, "/people/%lld", (long long)p->id));
        html_lit(b, ">");
        html_text(b, people_full_name(req->arena, p->given_name, p->family_name));
        html_lit(b, "</a></th><td class=\"utrecht-table__cell\">");
        html_text(b, p->email);
        html_lit(b, "</td><td class=\"utrecht-table__cell\">");
        html_text(b, links_text(req, p, false));
        html_lit(b, "</td></tr>");
    }
    html_lit(b, "</tbody>");
    ui_table_end(b);
    ui_pagination(req, b, page, UI_PAGE_SIZE, total);
    page_end(req, res);
    return 0;
}

/* ---- One record: GET /people/{id} and GET /me ---- */

static void person_body(http_request *req, buf *b, const people_person *p, const people_sensitive *s)
{
    html_lit(b, "<div class=\"instroom-panel\">");
    ui_data_begin(b);
    ui_data_row(b, msg(req, MSG_PEOPLE_GIVEN_NAME), p->given_name);
    ui_data_row(b, msg(req, MSG_PEOPLE_FAMILY_NAME), p->family_name);
    ui_data_row(b, msg(req, MSG_PEOPLE_EMAIL), p->email);
    ui_data_row(b, msg(req, MSG_PEOPLE_PHONE), p->phone);
    ui_data_row(b, msg(req, MSG_PEOPLE_BIRTH_DATE), p->birth_date);
    ui_data_row(b, msg(req, MSG_PEOPLE_POSTCODE), p->postcode);
    ui_data_end(b);
    html_lit(b, "</div>");

    ui_heading(b, 2, msg(req, MSG_PEOPLE_ORGS));
    int shown = 0;
    for (int i = 0; i < p->nlinks; i++)
        if (s || !people_relation_is_sensitive(p->links[i].relation)) shown++;
    if (!shown) {
        page_empty(b, msg(req, MSG_PEOPLE_NO_LINKS), msg(req, MSG_PEOPLE_NO_LINKS_TEXT), NULL, NULL);
    } else {
        ui_table_begin(b, "person-orgs-caption", msg(req, MSG_PEOPLE_ORGS_CAPTION), false);
        html_lit(b, "<thead class=\"utrecht-table__header\"><tr class=\"utrecht-table__row\">"
                    "<th class=\"utrecht-table__header-cell\" scope=\"col\">");
        html_text(b, msg(req, MSG_PEOPLE_ORG));
        html_lit(b, "</th><th class=\"utrecht-table__header-cell\" scope=\"col\">");
        html_text(b, msg(req, MSG_PEOPLE_RELATION));
        html_lit(b, "</th><th class=\"utrecht-table__header-cell\" scope=\"col\">");
        html_text(b, msg(req, MSG_PEOPLE_SINCE));
        html_lit(b, "</th></tr></thead><tbody class=\"utrecht-table__body\">");
        for (int i = 0; i < p->nlinks; i++) {
            const people_link *l = &p->links[i];
            if (!s && people_relation_is_sensitive(l->relation)) continue;
            html_lit(b, "<tr class=\"utrecht-table__row\"><th class=\"utrecht-table__header-cell\" scope=\"row\">");
            html_text(b, l->org_name);
            html_lit(b, "</th><td class=\"utrecht-table__cell\">");
            html_text(b, msg(req, people_relation_label(l->relation)));
            html_lit(b, "</td><td class=\"utrecht-table__cell\">");
            char day[16];
            time_format_ams(day, sizeof day, l->since, "%d-%m-%Y");
            html_text(b, day);
            html_lit(b, "</td></tr>");
        }
        html_lit(b, "</tbody>");
        ui_table_end(b);
    }

    if (s) {
        ui_heading(b, 2, msg(req, MSG_PEOPLE_SENSITIVE));
        page_alert(b, ALERT_INFO, msg(req, MSG_PEOPLE_SENSITIVE_NOTE));
        html_lit(b, "<div class=\"instroom-panel\">");
        ui_data_begin(b);
        ui_data_row(b, msg(req, MSG_PEOPLE_BENEFIT), s->benefit_status ? s->benefit_status : msg(req, MSG_PEOPLE_BENEFIT_NONE));
        ui_data_end(b);
        html_lit(b, "</div>");
    }
}

/* Loads the sensitive part when policy allows and audits it; *out NULL otherwise.
 * policy_allows first: viewing an ordinary record is no attempt to read the
 * sensitive part, so it does not fill the audit log with refusals. */
static int sensitive_for(http_request *req, const people_person *p, people_sensitive *s, people_sensitive **out)
{
    *out = NULL;
    policy_target t = people_target(req->arena, p, POLICY_PERSON_SENSITIVE);
    if (!policy_allows(auth_current(req), POLICY_READ, &t, NULL)) return 0;
    if (!policy_enforce(req, POLICY_READ, &t, "person.sensitive")) return 0;
    int rc = people_get_sensitive(http_db(req), req->arena, p->id, s);
    if (!rc) *out = s;
    return rc;
}

/* A link to the person's data export and erasure (AVG), when the policy
 * module lets the user see that page: the coordinator, and the person. */
static void rights_link(http_request *req, buf *b, int64_t person_id)
{
    policy_target t = {.kind = POLICY_PERSON_RIGHTS, .id = person_id, .person_id = person_id};
    if (!policy_allows(auth_current(req), POLICY_READ, &t, NULL)) return;
    ui_heading(b, 2, msg(req, MSG_PEOPLE_RIGHTS));
    html_lit(b, "<p class=\"utrecht-paragraph\">");
    html_text(b, msg(req, MSG_PEOPLE_RIGHTS_TEXT));
    html_lit(b, "</p><p class=\"utrecht-paragraph\"><a class=\"utrecht-link utrecht-link--html-a\"");
    html_attr(b, "href", arena_printf(req->arena, "/people/%lld/rights", (long long)person_id));
    html_lit(b, ">");
    html_text(b, msg(req, MSG_PEOPLE_RIGHTS_LINK));
    html_lit(b, "</a></p>");
}

static int people_show(http_request *req, http_response *res)
{
    int64_t id = http_path_id(req, "id");
    people_person p;
    int rc = id ? people_get(http_db(req), req->arena, id, &p) : DB_ENOTFOUND;
    if (rc == DB_ENOTFOUND) {
        http_error(req, res, 404);
        return 0;
    }
    if (rc) return api_fail(rc);
    policy_target t = people_target(req->arena, &p, POLICY_PERSON);
    if (!policy_enforce(req, POLICY_READ, &t, NULL)) {
        http_error(req, res, 404); /* the refusal is in the audit log; existence is not revealed */
        return 0;
    }
    people_sensitive s = {0}, *sp;
    rc = sensitive_for(req, &p, &s, &sp);
    if (rc) return api_fail(rc);
    const char *name = people_full_name(req->arena, p.given_name, p.family_name);
    page_begin(req, res, name);
    buf *b = &res->body;
    html_lit(b, "<p class=\"utrecht-paragraph\"><a class=\"utrecht-link utrecht-link--html-a\" href=\"/people\">");
    html_text(b, msg(req, MSG_PEOPLE_BACK_TO_LIST));
    html_lit(b, "</a></p>");
    ui_heading(b, 1, name);
    person_body(req, b, &p, sp);
    html_lit(b, "<p class=\"utrecht-paragraph\"><a class=\"utrecht-link utrecht-link--html-a\"");
    html_attr(b, "href", arena_printf(req->arena, "/people/%lld/outcomes", (long long)p.id));
    html_lit(b, ">");
    html_text(b, msg(req, MSG_OUTCOME_EVENTS));
    html_lit(b, "</a></p>");
    guidance_person_link(req, b, p.id);
    rights_link(req, b, p.id);
    page_end(req, res);
    return 0;
}

static int people_me_show(http_request *req, http_response *res)
{
    const auth_principal *who = auth_current(req);
    page_begin(req, res, msg(req, MSG_NAV_MY_RECORD));
    buf *b = &res->body;
    ui_heading(b, 1, msg(req, MSG_NAV_MY_RECORD));
    people_person p;
    int rc = who && who->person_id ? people_get(http_db(req), req->arena, who->person_id, &p) : DB_ENOTFOUND;
    if (rc == DB_ENOTFOUND) {
        page_empty(b, msg(req, MSG_PEOPLE_ME_NONE), msg(req, MSG_PEOPLE_ME_NONE_TEXT), NULL, NULL);
        page_end(req, res);
        return 0;
    }
    if (rc) return api_fail(rc);
    policy_target t = people_target(req->arena, &p, POLICY_PERSON);
    if (!policy_enforce(req, POLICY_READ, &t, NULL)) {
        http_error(req, res, 404);
        return 0;
    }
    people_sensitive s = {0}, *sp;
    rc = sensitive_for(req, &p, &s, &sp);
    if (rc) return api_fail(rc);
    html_lit(b, "<p class=\"utrecht-paragraph instroom-page-intro\">");
    html_text(b, msg(req, MSG_PEOPLE_ME_INTRO));
    html_lit(b, "</p>");
    person_body(req, b, &p, sp);
    html_lit(b, "<p class=\"utrecht-paragraph\"><a class=\"utrecht-link utrecht-link--html-a\"");
    html_attr(b, "href", arena_printf(req->arena, "/people/%lld/outcomes", (long long)p.id));
    html_lit(b, ">");
    html_text(b, msg(req, MSG_OUTCOME_EVENTS));
    html_lit(b, "</a></p>");
    rights_link(req, b, p.id);
    page_end(req, res);
    return 0;
}

const http_route people_routes[] = {
    {"GET", "/people", people_list_show, 0, "people: list and search"},
    {"GET", "/people/{id}", people_show, 0, "people: one record"},
    {"GET", "/me", people_me_show, 0, "my own record"},
    {0},
};
