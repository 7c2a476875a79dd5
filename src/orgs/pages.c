/* orgs pages: the HTML of /orgs. Thin: policy decides, the store does. */
#include <stdio.h>
#include <string.h>

#include "auth/admin.h"
#include "auth/policy.h"
#include "base/str.h"
#include "http/html.h"
#include "http/i18n.h"
#include "http/page.h"
#include "http/server.h"
#include "http/ui.h"
#include "orgs/orgs.h"
#include "people/people.h"

static const policy_target list_target = {.kind = POLICY_ORG_LIST, .id = 0, .orgs = NULL, .norgs = 0};

/* The target of organisation id (the record belongs to itself). */
static policy_target org_target(http_request *req, int64_t id)
{
    int64_t *orgs = arena_calloc(req->arena, 1, sizeof *orgs);
    if (orgs) orgs[0] = id;
    return (policy_target){.kind = POLICY_ORG, .id = id, .orgs = orgs, .norgs = orgs ? 1 : 0};
}

static const char *kind_text(http_request *req, const char *kind)
{
    return msg(req, orgs_kind_label(orgs_kind_parse(kind)));
}

static const char *org_href(http_request *req, int64_t id, const char *suffix)
{
    return arena_printf(req->arena, "/orgs/%lld%s", (long long)id, suffix ? suffix : "");
}

/* The kind options in catalogue order. */
static ui_option *kind_options(http_request *req)
{
    ui_option *o = arena_calloc(req->arena, ORGS_KIND_COUNT, sizeof *o);
    for (int i = 0; o && i < ORGS_KIND_COUNT; i++)
        o[i] = (ui_option){orgs_kind_name((orgs_kind)i), msg(req, orgs_kind_label((orgs_kind)i))};
    return o;
}

/* ---- GET /orgs ---- */

static orgs_sort sort_parse(const char *s)
{
    if (str_eq(s, "kind")) return ORGS_SORT_KIND;
    if (str_eq(s, "region")) return ORGS_SORT_REGION;
    return ORGS_SORT_NAME;
}

static void filter_form(http_request *req, buf *b, const orgs_query *q, const char *kind, const char *region,
                        const char *status, const api_errors *e)
{
    html_lit(b, "<div class=\"instroom-panel\"><form class=\"instroom-form-grid\" method=\"get\" action=\"/orgs\"");
    html_attr(b, "aria-label", msg(req, MSG_UI_FILTERS));
    html_lit(b, ">");
    ui_select(b, "f-kind", "kind", msg(req, MSG_ORGS_FIELD_KIND), kind_options(req), ORGS_KIND_COUNT,
              msg(req, MSG_UI_ALL), kind, api_errors_text(req, e, "kind"));
    const char **regions = NULL;
    int nregions = 0;
    orgs_regions(http_db(req), req->arena, &regions, &nregions);
    ui_option *ro = arena_calloc(req->arena, (size_t)nregions + 1, sizeof *ro);
    for (int i = 0; ro && i < nregions; i++) ro[i] = (ui_option){regions[i], regions[i]};
    ui_select(b, "f-region", "region", msg(req, MSG_ORGS_FIELD_REGION), ro, ro ? nregions : 0, msg(req, MSG_UI_ALL),
              region, api_errors_text(req, e, "region"));
    ui_option so[] = {
        {"active", msg(req, MSG_ORGS_STATUS_ACTIVE)},
        {"archived", msg(req, MSG_ORGS_STATUS_ARCHIVED)},
        {"all", msg(req, MSG_UI_ALL)},
    };
    ui_select(b, "f-status", "status", msg(req, MSG_ORGS_FIELD_STATUS), so, 3, NULL, status ? status : "active",
              api_errors_text(req, e, "status"));
    /* A new filter keeps the order the list is in. */
    if (q && q->sort != ORGS_SORT_NAME) {
        html_lit(b, "<input type=\"hidden\" name=\"sort\"");
        html_attr(b, "value", http_query(req, "sort"));
        html_lit(b, ">");
    }
    if (q && q->desc) html_lit(b, "<input type=\"hidden\" name=\"dir\" value=\"desc\">");
    html_lit(b, "<div class=\"instroom-form__actions\">");
    ui_submit(b, msg(req, MSG_UI_FILTER));
    html_lit(b, "</div></form></div>");
}

static int orgs_list_show(http_request *req, http_response *res)
{
    if (!policy_enforce(req, POLICY_READ, &list_target, NULL)) {
        http_error(req, res, 403);
        return 0;
    }
    api_errors e = {0};
    const char *kind = http_query(req, "kind"), *region = http_query(req, "region");
    const char *status = http_query(req, "status"), *sort = http_query(req, "sort");
    if (kind && !*kind) kind = NULL;
    if (region && !*region) region = NULL;
    if (kind && orgs_kind_parse(kind) == ORGS_KIND_COUNT) api_errors_add(&e, "kind", MSG_ORGS_KIND_INVALID);
    if (region && api_text_check(region, false, ORGS_REGION_MAX, false) != API_TEXT_OK)
        api_errors_add(&e, "region", MSG_ORGS_TEXT_INVALID);
    orgs_status st = orgs_status_parse(status);
    if (st == ORGS_STATUS_COUNT) api_errors_add(&e, "status", MSG_ORGS_STATUS_INVALID);
    int page = 1;
    if (ui_page_param(req, &page) != 0) api_errors_add(&e, "page", MSG_UI_BAD_PAGE);
    orgs_query q = {
        .region = region,
        .kind = kind,
        .status = st,
        .sort = sort_parse(sort),
        .desc = str_eq(http_query(req, "dir"), "desc"),
        .offset = (page - 1) * UI_PAGE_SIZE,
        .limit = UI_PAGE_SIZE,
    };
    page_begin(req, res, msg(req, MSG_ORGS_TITLE));
    buf *b = &res->body;
    ui_heading(b, 1, msg(req, MSG_ORGS_TITLE));
    html_lit(b, "<div class=\"instroom-toolbar\"><p class=\"utrecht-paragraph\">");
    html_text(b, msg(req, MSG_ORGS_INTRO));
    html_lit(b, "</p>");
    policy_target new_target = {.kind = POLICY_ORG, .id = 0, .orgs = NULL, .norgs = 0};
    if (policy_allows(auth_current(req), POLICY_WRITE, &new_target, NULL))
        page_button_link(b, "/orgs/new", msg(req, MSG_ORGS_NEW), 1);
    html_lit(b, "</div>");
    if (e.n) {
        res->status = 400;
        page_alert(b, ALERT_ERROR, msg(req, MSG_UI_FILTER_INVALID));
        if (api_errors_has(&e, "page", NULL)) page_alert(b, ALERT_ERROR, msg(req, MSG_UI_BAD_PAGE));
        filter_form(req, b, NULL, kind, region, status, &e);
        page_end(req, res);
        return 0;
    }
    filter_form(req, b, &q, kind, region, status, NULL);
    orgs_org *list;
    int n;
    int64_t total = 0;
    int rc = orgs_list(http_db(req), req->arena, &q, &list, &n, &total);
    if (rc) return api_fail(rc);
    if (n == 0) { /* nothing matches, or a page past the last one */
        page_empty(b, msg(req, MSG_ORGS_EMPTY), msg(req, MSG_ORGS_EMPTY_TEXT), NULL, NULL);
        if (total) ui_pagination(req, b, page, UI_PAGE_SIZE, total);
        page_end(req, res);
        return 0;
    }
    char count[24];
    snprintf(count, sizeof count, "%lld", (long long)total);
    ui_table_begin(b, "orgs-caption", msg_fill(req, MSG_ORGS_CAPTION, count, NULL), true);
    html_lit(b, "<thead class=\"utrecht-table__header\"><tr class=\"utrecht-table__row\">");
    const char *current = sort_parse(sort) == ORGS_SORT_KIND ? "kind" : sort_parse(sort) == ORGS_SORT_REGION ? "region" : "name";
    ui_sort_header(req, b, "name", msg(req, MSG_ORGS_FIELD_NAME), current, q.desc);
    ui_sort_header(req, b, "kind", msg(req, MSG_ORGS_FIELD_KIND), current, q.desc);
    ui_sort_header(req, b, "region", msg(req, MSG_ORGS_FIELD_REGION), current, q.desc);
    html_lit(b, "<th class=\"utrecht-table__header-cell\" scope=\"col\">");
    html_text(b, msg(req, MSG_ORGS_FIELD_CITY));
    html_lit(b, "</th><th class=\"utrecht-table__header-cell\" scope=\"col\">");
    html_text(b, msg(req, MSG_ORGS_FIELD_STATUS));
    html_lit(b, "</th></tr></thead><tbody class=\"utrecht-table__body\">");
    for (int i = 0; i < n; i++) {
        const orgs_org *o = &list[i];
        html_lit(b, "<tr class=\"utrecht-table__row\"><th class=\"utrecht-table__header-cell\" scope=\"row\">"
                    "<a class=\"utrecht-link utrecht-link--html-a\"");
        html_attr(b, "href", org_href(req, o->id, NULL));
        html_lit(b, ">");
        html_text(b, o->name);
        html_lit(b, "</a></th><td class=\"utrecht-table__cell\">");
        html_text(b, kind_text(req, o->kind));
        html_lit(b, "</td><td class=\"utrecht-table__cell\">");
        html_text(b, o->region);
        html_lit(b, "</td><td class=\"utrecht-table__cell\">");
        html_text(b, o->city);
        html_lit(b, "</td><td class=\"utrecht-table__cell\">");
        if (o->archived_at) ui_status_badge(b, UI_BADGE_NEUTRAL, msg(req, MSG_ORGS_STATUS_ARCHIVED));
        else ui_status_badge(b, UI_BADGE_SUCCESS, msg(req, MSG_ORGS_STATUS_ACTIVE));
        html_lit(b, "</td></tr>");
    }
    html_lit(b, "</tbody>");
    ui_table_end(b);
    ui_pagination(req, b, page, UI_PAGE_SIZE, total);
    page_end(req, res);
    return 0;
}

/* ---- The form: GET /orgs/new, GET /orgs/{id}/edit, and their POSTs ---- */

static void org_form(http_request *req, http_response *res, int status, const orgs_org *existing,
                     const orgs_input *in, const api_errors *e)
{
    const char *title = existing ? msg_fill(req, MSG_ORGS_EDIT_TITLE, existing->name, NULL) : msg(req, MSG_ORGS_NEW);
    page_begin(req, res, title);
    res->status = status;
    buf *b = &res->body;
    ui_heading(b, 1, title);
    if (e && e->n) page_alert(b, ALERT_ERROR, msg(req, MSG_UI_FORM_INVALID));
    html_lit(b, "<div class=\"instroom-panel\"><form class=\"instroom-form\" method=\"post\" novalidate");
    html_attr(b, "action", existing ? org_href(req, existing->id, NULL) : "/orgs");
    html_lit(b, ">");
    page_csrf(req, b);
    page_field(b, "f-name", "name", msg(req, MSG_ORGS_FIELD_NAME), "text", in->name, api_errors_text(req, e, "name"),
               NULL, "organization");
    ui_select(b, "f-kind", "kind", msg(req, MSG_ORGS_FIELD_KIND), kind_options(req), ORGS_KIND_COUNT,
              msg(req, MSG_ORGS_CHOOSE_KIND), in->kind, api_errors_text(req, e, "kind"));
    page_field(b, "f-region", "region", msg(req, MSG_ORGS_FIELD_REGION), "text", in->region,
               api_errors_text(req, e, "region"), msg(req, MSG_ORGS_REGION_HINT), NULL);
    page_field(b, "f-city", "city", msg(req, MSG_ORGS_FIELD_CITY), "text", in->city, api_errors_text(req, e, "city"),
               msg(req, MSG_UI_OPTIONAL), "address-level2");
    page_field(b, "f-website", "website", msg(req, MSG_ORGS_FIELD_WEBSITE), "url", in->website,
               api_errors_text(req, e, "website"), msg(req, MSG_ORGS_WEBSITE_HINT), "url");
    html_lit(b, "<div class=\"instroom-form__actions\">");
    ui_submit(b, msg(req, MSG_UI_SAVE));
    page_button_link(b, existing ? org_href(req, existing->id, NULL) : "/orgs", msg(req, MSG_UI_CANCEL), 0);
    html_lit(b, "</div></form></div>");
    page_end(req, res);
}

static orgs_input input_from_form(http_request *req)
{
    return (orgs_input){
        .name = http_form(req, "name"),
        .kind = http_form(req, "kind"),
        .region = http_form(req, "region"),
        .city = http_form(req, "city"),
        .website = http_form(req, "website"),
    };
}

static int orgs_new_show(http_request *req, http_response *res)
{
    policy_target t = {.kind = POLICY_ORG, .id = 0, .orgs = NULL, .norgs = 0};
    if (!policy_enforce(req, POLICY_WRITE, &t, NULL)) {
        http_error(req, res, 403);
        return 0;
    }
    orgs_input in = {0};
    org_form(req, res, 200, NULL, &in, NULL);
    return 0;
}

static int orgs_create_submit(http_request *req, http_response *res)
{
    policy_target t = {.kind = POLICY_ORG, .id = 0, .orgs = NULL, .norgs = 0};
    if (!policy_enforce(req, POLICY_WRITE, &t, NULL)) {
        http_error(req, res, 403);
        return 0;
    }
    orgs_input in = input_from_form(req);
    api_errors e = {0};
    int64_t id = 0;
    int rc = orgs_create(req, &in, &e, &id);
    if (rc == API_EINVALID) {
        org_form(req, res, 422, NULL, &in, &e);
        return 0;
    }
    if (rc) return api_fail(rc);
    http_redirect(req, res, org_href(req, id, "?saved=1"));
    return 0;
}

/* Loads organisation id after policy allowed op on it; 404 (audited by
 * policy_enforce when refused) or 403 for a refused write of a readable one. */
static int load_for(http_request *req, http_response *res, policy_op op, orgs_org *o, bool *done)
{
    *done = false;
    int64_t id = http_path_id(req, "id");
    policy_target t = org_target(req, id);
    if (!id || !policy_enforce(req, POLICY_READ, &t, NULL)) {
        http_error(req, res, 404);
        *done = true;
        return 0;
    }
    int rc = orgs_get(http_db(req), req->arena, id, o);
    if (rc == DB_ENOTFOUND) {
        http_error(req, res, 404);
        *done = true;
        return 0;
    }
    if (rc) return api_fail(rc);
    if (op == POLICY_WRITE && !policy_enforce(req, POLICY_WRITE, &t, NULL)) {
        http_error(req, res, 403);
        *done = true;
    }
    return 0;
}

static int orgs_edit_show(http_request *req, http_response *res)
{
    orgs_org o;
    bool done;
    int rc = load_for(req, res, POLICY_WRITE, &o, &done);
    if (rc || done) return rc;
    orgs_input in = {o.name, o.kind, o.region, o.city, o.website};
    org_form(req, res, 200, &o, &in, NULL);
    return 0;
}

static int orgs_update_submit(http_request *req, http_response *res)
{
    orgs_org o;
    bool done;
    int rc = load_for(req, res, POLICY_WRITE, &o, &done);
    if (rc || done) return rc;
    orgs_input in = input_from_form(req);
    api_errors e = {0};
    rc = orgs_update(req, o.id, &in, -1, &e);
    if (rc == API_EINVALID) {
        org_form(req, res, 422, &o, &in, &e);
        return 0;
    }
    return page_after_write(req, res, rc, org_href(req, o.id, "?saved=1"));
}

static int orgs_archive_submit(http_request *req, http_response *res)
{
    orgs_org o;
    bool done;
    int rc = load_for(req, res, POLICY_WRITE, &o, &done);
    if (rc || done) return rc;
    const char *v = http_form(req, "archived");
    if (v && !str_eq(v, "1") && !str_eq(v, "0")) {
        http_error(req, res, 400);
        return 0;
    }
    bool archive = !str_eq(v, "0");
    rc = orgs_set_archived(req, o.id, archive);
    return page_after_write(req, res, rc, org_href(req, o.id, archive ? "?archived=1" : "?restored=1"));
}

/* ---- GET /orgs/{id} ---- */

static void org_users(http_request *req, buf *b, const orgs_org *o)
{
    html_lit(b, "<h2 class=\"utrecht-heading-2\">");
    html_text(b, msg(req, MSG_ORGS_USERS));
    html_lit(b, "</h2>");
    users_user *users;
    int n;
    users_query q = {.org_id = o->id, .limit = 1000};
    if (users_list(http_db(req), req->arena, &q, &users, &n, NULL) != 0 || n == 0) {
        page_empty(b, msg(req, MSG_ORGS_USERS_EMPTY), msg(req, MSG_ORGS_USERS_EMPTY_TEXT),
                   arena_printf(req->arena, "/users/new?org_id=%lld", (long long)o->id), msg(req, MSG_ORGS_ADD_USER));
        return;
    }
    ui_table_begin(b, "org-users-caption", msg(req, MSG_ORGS_USERS), false);
    html_lit(b, "<thead class=\"utrecht-table__header\"><tr class=\"utrecht-table__row\">"
                "<th class=\"utrecht-table__header-cell\" scope=\"col\">");
    html_text(b, msg(req, MSG_ORGS_USER_NAME));
    html_lit(b, "</th><th class=\"utrecht-table__header-cell\" scope=\"col\">");
    html_text(b, msg(req, MSG_ORGS_USER_EMAIL));
    html_lit(b, "</th><th class=\"utrecht-table__header-cell\" scope=\"col\">");
    html_text(b, msg(req, MSG_ORGS_USER_ROLES));
    html_lit(b, "</th><th class=\"utrecht-table__header-cell\" scope=\"col\">");
    html_text(b, msg(req, MSG_ORGS_FIELD_STATUS));
    html_lit(b, "</th></tr></thead><tbody class=\"utrecht-table__body\">");
    for (int i = 0; i < n; i++) {
        const users_user *u = &users[i];
        html_lit(b, "<tr class=\"utrecht-table__row\"><th class=\"utrecht-table__header-cell\" scope=\"row\">"
                    "<a class=\"utrecht-link utrecht-link--html-a\"");
        html_attr(b, "href", arena_printf(req->arena, "/users/%lld", (long long)u->id));
        html_lit(b, ">");
        html_text(b, u->name);
        html_lit(b, "</a></th><td class=\"utrecht-table__cell\">");
        html_text(b, u->email);
        html_lit(b, "</td><td class=\"utrecht-table__cell\">");
        bool first = true;
        for (int k = 0; k < u->nmemberships; k++) {
            if (u->memberships[k].org_id != o->id) continue;
            if (!first) html_lit(b, ", ");
            first = false;
            html_text(b, msg(req, (msg_id)(MSG_ROLE_COORDINATOR + (int)u->memberships[k].role)));
        }
        html_lit(b, "</td><td class=\"utrecht-table__cell\">");
        if (u->disabled_at) ui_status_badge(b, UI_BADGE_NEUTRAL, msg(req, MSG_ORGS_USER_DISABLED));
        else ui_status_badge(b, UI_BADGE_SUCCESS, msg(req, MSG_ORGS_STATUS_ACTIVE));
        html_lit(b, "</td></tr>");
    }
    html_lit(b, "</tbody>");
    ui_table_end(b);
}

static int orgs_show(http_request *req, http_response *res)
{
    orgs_org o;
    bool done;
    int rc = load_for(req, res, POLICY_READ, &o, &done);
    if (rc || done) return rc;
    page_begin(req, res, o.name);
    buf *b = &res->body;
    html_lit(b, "<p class=\"utrecht-paragraph\"><a class=\"utrecht-link utrecht-link--html-a\" href=\"/orgs\">");
    html_text(b, msg(req, MSG_ORGS_BACK_TO_LIST));
    html_lit(b, "</a></p>");
    ui_heading(b, 1, o.name);
    if (str_eq(http_query(req, "saved"), "1")) page_alert(b, ALERT_OK, msg(req, MSG_ORGS_SAVED));
    if (str_eq(http_query(req, "archived"), "1")) page_alert(b, ALERT_OK, msg(req, MSG_ORGS_ARCHIVED_OK));
    if (str_eq(http_query(req, "restored"), "1")) page_alert(b, ALERT_OK, msg(req, MSG_ORGS_RESTORED_OK));
    policy_target t = org_target(req, o.id);
    bool may_write = policy_allows(auth_current(req), POLICY_WRITE, &t, NULL);
    if (may_write) {
        html_lit(b, "<div class=\"instroom-toolbar\">");
        page_button_link(b, org_href(req, o.id, "/edit"), msg(req, MSG_UI_EDIT), 1);
        html_lit(b, "</div>");
    }
    int64_t linked = 0;
    rc = people_count_linked(http_db(req), o.id, &linked);
    if (rc) return api_fail(rc);
    html_lit(b, "<div class=\"instroom-panel\">");
    ui_data_begin(b);
    ui_data_row(b, msg(req, MSG_ORGS_FIELD_KIND), kind_text(req, o.kind));
    ui_data_row(b, msg(req, MSG_ORGS_FIELD_REGION), o.region);
    ui_data_row(b, msg(req, MSG_ORGS_FIELD_CITY), o.city);
    ui_data_row(b, msg(req, MSG_ORGS_FIELD_WEBSITE), o.website);
    ui_data_row(b, msg(req, MSG_ORGS_PEOPLE_LINKED), arena_printf(req->arena, "%lld", (long long)linked));
    ui_data_row(b, msg(req, MSG_ORGS_CREATED_AT), ui_time(req, o.created_at));
    ui_data_row(b, msg(req, MSG_ORGS_FIELD_STATUS),
                o.archived_at ? msg_fill(req, MSG_ORGS_ARCHIVED_SINCE, ui_time(req, o.archived_at), NULL)
                              : msg(req, MSG_ORGS_STATUS_ACTIVE));
    ui_data_end(b);
    html_lit(b, "</div>");
    policy_target users_list_target = {.kind = POLICY_USER_LIST, .id = 0, .orgs = NULL, .norgs = 0};
    if (policy_allows(auth_current(req), POLICY_READ, &users_list_target, NULL)) org_users(req, b, &o);
    if (may_write) {
        html_lit(b, "<h2 class=\"utrecht-heading-2\">");
        html_text(b, msg(req, o.archived_at ? MSG_ORGS_RESTORE : MSG_ORGS_ARCHIVE));
        html_lit(b, "</h2><div class=\"instroom-panel\"><p class=\"utrecht-paragraph\">");
        html_text(b, msg(req, o.archived_at ? MSG_ORGS_RESTORE_TEXT : MSG_ORGS_ARCHIVE_TEXT));
        html_lit(b, "</p><form class=\"instroom-inline-form\" method=\"post\"");
        html_attr(b, "action", org_href(req, o.id, "/archive"));
        html_lit(b, ">");
        page_csrf(req, b);
        html_lit(b, "<input type=\"hidden\" name=\"archived\"");
        html_attr(b, "value", o.archived_at ? "0" : "1");
        html_lit(b, "><button class=\"utrecht-button utrecht-button--secondary-action\" type=\"submit\">");
        html_text(b, msg(req, o.archived_at ? MSG_ORGS_RESTORE : MSG_ORGS_ARCHIVE));
        html_lit(b, "</button></form></div>");
    }
    page_end(req, res);
    return 0;
}

const http_route orgs_routes[] = {
    {"GET", "/orgs", orgs_list_show, 0, "organisations: list"},
    {"GET", "/orgs/new", orgs_new_show, 0, "organisations: new form"},
    {"POST", "/orgs", orgs_create_submit, 0, "organisations: create"},
    {"GET", "/orgs/{id}", orgs_show, 0, "organisations: detail"},
    {"GET", "/orgs/{id}/edit", orgs_edit_show, 0, "organisations: edit form"},
    {"POST", "/orgs/{id}", orgs_update_submit, 0, "organisations: update"},
    {"POST", "/orgs/{id}/archive", orgs_archive_submit, 0, "organisations: archive or restore"},
    {0},
};
