/* auth pages: the user administration (/users...) and the audit log
 * (/audit). Thin: policy decides, auth/admin_store.c does. */
#include <stdio.h>
#include <string.h>

#include "auth/admin.h"
#include "auth/policy.h"
#include "auth/users.h"
#include "base/str.h"
#include "base/time.h"
#include "http/html.h"
#include "http/i18n.h"
#include "http/page.h"
#include "http/server.h"
#include "http/ui.h"

static const policy_target users_list_target = {.kind = POLICY_USER_LIST, .id = 0, .orgs = NULL, .norgs = 0};

static const char *role_text(http_request *req, auth_role r)
{
    return msg(req, (msg_id)(MSG_ROLE_COORDINATOR + (int)r));
}

static ui_option *role_options(http_request *req)
{
    ui_option *o = arena_calloc(req->arena, ROLE_COUNT, sizeof *o);
    for (int i = 0; o && i < ROLE_COUNT; i++) o[i] = (ui_option){auth_role_name((auth_role)i), role_text(req, (auth_role)i)};
    return o;
}

static const char *user_href(http_request *req, int64_t id, const char *suffix)
{
    return arena_printf(req->arena, "/users/%lld%s", (long long)id, suffix ? suffix : "");
}

/* "recruiter · Opella, mentor · Laurens" */
static char *roles_text(http_request *req, const users_user *u)
{
    buf t;
    buf_init(&t, 8192);
    for (int i = 0; i < u->nmemberships; i++) {
        if (t.len) buf_puts(&t, ", ");
        buf_puts(&t, role_text(req, u->memberships[i].role));
        if (u->memberships[i].org_name) buf_printf(&t, " \xc2\xb7 %s", u->memberships[i].org_name);
    }
    char *out = arena_strdup(req->arena, buf_cstr(&t));
    buf_free(&t);
    return out;
}

/* Parses an optional id from a form or query value; -1 when it is not one. */
static int parse_id(const char *s, int64_t *out)
{
    *out = 0;
    if (!s || !*s) return 0;
    if (s[0] == '+' || str_to_int64(s, 1, INT64_MAX, out) != 0) return -1;
    return 0;
}

/* ---- GET /users ---- */

static int users_list_show(http_request *req, http_response *res)
{
    if (!policy_enforce(req, POLICY_READ, &users_list_target, NULL)) {
        http_error(req, res, 403);
        return 0;
    }
    api_errors e = {0};
    const char *org = http_query(req, "org_id"), *role = http_query(req, "role");
    if (role && !*role) role = NULL;
    int64_t org_id = 0;
    if (parse_id(org, &org_id) != 0) api_errors_add(&e, "org_id", MSG_USERS_ORG_UNKNOWN);
    if (role && auth_role_parse(role) == ROLE_COUNT) api_errors_add(&e, "role", MSG_USERS_ROLE_INVALID);
    int page = 1;
    if (ui_page_param(req, &page) != 0) api_errors_add(&e, "page", MSG_UI_BAD_PAGE);

    page_begin(req, res, msg(req, MSG_USERS_TITLE));
    buf *b = &res->body;
    ui_heading(b, 1, msg(req, MSG_USERS_TITLE));
    html_lit(b, "<div class=\"instroom-toolbar\"><p class=\"utrecht-paragraph\">");
    html_text(b, msg(req, MSG_USERS_INTRO));
    html_lit(b, "</p>");
    if (policy_allows(auth_current(req), POLICY_WRITE, &users_list_target, NULL))
        page_button_link(b, "/users/new", msg(req, MSG_USERS_NEW), 1);
    html_lit(b, "</div>");
    if (e.n) {
        res->status = 400;
        page_alert(b, ALERT_ERROR, msg(req, api_errors_has(&e, "page", NULL) ? MSG_UI_BAD_PAGE : MSG_UI_FILTER_INVALID));
    }
    ui_option *orgs = NULL;
    int norgs = 0;
    int rc = users_org_choices(http_db(req), req->arena, &orgs, &norgs);
    if (rc) return api_fail(rc);
    html_lit(b, "<div class=\"instroom-panel\"><form class=\"instroom-form-grid\" method=\"get\" action=\"/users\"");
    html_attr(b, "aria-label", msg(req, MSG_UI_FILTERS));
    html_lit(b, ">");
    ui_select(b, "f-org", "org_id", msg(req, MSG_USERS_ORG), orgs, norgs, msg(req, MSG_UI_ALL), org,
              api_errors_text(req, &e, "org_id"));
    ui_select(b, "f-role", "role", msg(req, MSG_USERS_ROLE), role_options(req), ROLE_COUNT, msg(req, MSG_UI_ALL), role,
              api_errors_text(req, &e, "role"));
    html_lit(b, "<div class=\"instroom-form__actions\">");
    ui_submit(b, msg(req, MSG_UI_FILTER));
    html_lit(b, "</div></form></div>");
    if (e.n) {
        page_end(req, res);
        return 0;
    }
    users_query q = {.org_id = org_id, .role = role, .offset = (page - 1) * UI_PAGE_SIZE, .limit = UI_PAGE_SIZE};
    users_user *list;
    int n;
    int64_t total = 0;
    rc = users_list(http_db(req), req->arena, &q, &list, &n, &total);
    if (rc) return api_fail(rc);
    if (n == 0) { /* nothing matches, or a page past the last one */
        page_empty(b, msg(req, MSG_USERS_EMPTY), msg(req, MSG_USERS_EMPTY_TEXT), NULL, NULL);
        if (total) ui_pagination(req, b, page, UI_PAGE_SIZE, total);
        page_end(req, res);
        return 0;
    }
    char count[24];
    snprintf(count, sizeof count, "%lld", (long long)total);
    ui_table_begin(b, "users-caption", msg_fill(req, MSG_USERS_CAPTION, count, NULL), true);
    html_lit(b, "<thead class=\"utrecht-table__header\"><tr class=\"utrecht-table__row\">"
                "<th class=\"utrecht-table__header-cell\" scope=\"col\">");
    html_text(b, msg(req, MSG_USERS_NAME));
    html_lit(b, "</th><th class=\"utrecht-table__header-cell\" scope=\"col\">");
    html_text(b, msg(req, MSG_USERS_EMAIL));
    html_lit(b, "</th><th class=\"utrecht-table__header-cell\" scope=\"col\">");
    html_text(b, msg(req, MSG_USERS_ROLES));
    html_lit(b, "</th><th class=\"utrecht-table__header-cell\" scope=\"col\">");
    html_text(b, msg(req, MSG_USERS_STATUS));
    html_lit(b, "</th></tr></thead><tbody class=\"utrecht-table__body\">");
    for (int i = 0; i < n; i++) {
        const users_user *u = &list[i];
        html_lit(b, "<tr class=\"utrecht-table__row\"><th class=\"utrecht-table__header-cell\" scope=\"row\">"
                    "<a class=\"utrecht-link utrecht-link--html-a\"");
        html_attr(b, "href", user_href(req, u->id, NULL));
        html_lit(b, ">");
        html_text(b, u->name);
        html_lit(b, "</a></th><td class=\"utrecht-table__cell\">");
        html_text(b, u->email);
        html_lit(b, "</td><td class=\"utrecht-table__cell\">");
        html_text(b, roles_text(req, u));
        html_lit(b, "</td><td class=\"utrecht-table__cell\">");
        if (u->disabled_at) ui_status_badge(b, UI_BADGE_NEUTRAL, msg(req, MSG_USERS_DISABLED));
        else ui_status_badge(b, UI_BADGE_SUCCESS, msg(req, MSG_USERS_ACTIVE));
        html_lit(b, "</td></tr>");
    }
    html_lit(b, "</tbody>");
    ui_table_end(b);
    ui_pagination(req, b, page, UI_PAGE_SIZE, total);
    page_end(req, res);
    return 0;
}

/* ---- GET /users/new, POST /users ---- */

static int user_form(http_request *req, http_response *res, int status, const users_input *in, const char *org,
                     const api_errors *e)
{
    ui_option *orgs = NULL;
    int norgs = 0;
    int rc = users_org_choices(http_db(req), req->arena, &orgs, &norgs);
    if (rc) return api_fail(rc);
    page_begin(req, res, msg(req, MSG_USERS_NEW));
    res->status = status;
    buf *b = &res->body;
    html_lit(b, "<p class=\"utrecht-paragraph\"><a class=\"utrecht-link utrecht-link--html-a\" href=\"/users\">");
    html_text(b, msg(req, MSG_USERS_BACK_TO_LIST));
    html_lit(b, "</a></p>");
    ui_heading(b, 1, msg(req, MSG_USERS_NEW));
    if (e && e->n) page_alert(b, ALERT_ERROR, msg(req, MSG_UI_FORM_INVALID));
    html_lit(b, "<div class=\"instroom-panel\"><form class=\"instroom-form\" method=\"post\" action=\"/users\" novalidate>");
    page_csrf(req, b);
    page_field(b, "f-name", "name", msg(req, MSG_USERS_NAME), "text", in->name, api_errors_text(req, e, "name"), NULL,
               "off");
    page_field(b, "f-email", "email", msg(req, MSG_USERS_EMAIL), "email", in->email, api_errors_text(req, e, "email"),
               msg(req, MSG_USERS_EMAIL_HINT), "off");
    ui_option langs[] = {{"nl", msg(req, MSG_USERS_LANG_NL)}, {"en", msg(req, MSG_USERS_LANG_EN)}};
    ui_select(b, "f-lang", "lang", msg(req, MSG_USERS_LANG), langs, 2, NULL, in->lang ? in->lang : "nl",
              api_errors_text(req, e, "lang"));
    ui_select(b, "f-role", "role", msg(req, MSG_USERS_ROLE), role_options(req), ROLE_COUNT, msg(req, MSG_USERS_CHOOSE_ROLE),
              in->role, api_errors_text(req, e, "role"));
    ui_select(b, "f-org", "org_id", msg(req, MSG_USERS_ORG), orgs, norgs, msg(req, MSG_USERS_NO_ORG), org,
              api_errors_text(req, e, "org_id"));
    page_field(b, "f-password", "password", msg(req, MSG_USERS_PASSWORD), "password", NULL,
               api_errors_text(req, e, "password"), msg(req, MSG_USERS_PASSWORD_HINT), "new-password");
    html_lit(b, "<div class=\"instroom-form__actions\">");
    ui_submit(b, msg(req, MSG_USERS_CREATE));
    page_button_link(b, "/users", msg(req, MSG_UI_CANCEL), 0);
    html_lit(b, "</div></form></div>");
    page_end(req, res);
    return 0;
}

static int users_new_show(http_request *req, http_response *res)
{
    if (!policy_enforce(req, POLICY_WRITE, &users_list_target, NULL)) {
        http_error(req, res, 403);
        return 0;
    }
    users_input in = {0};
    return user_form(req, res, 200, &in, http_query(req, "org_id"), NULL);
}

static int users_create_submit(http_request *req, http_response *res)
{
    if (!policy_enforce(req, POLICY_WRITE, &users_list_target, NULL)) {
        http_error(req, res, 403);
        return 0;
    }
    api_errors e = {0};
    const char *org = http_form(req, "org_id");
    users_input in = {
        .name = http_form(req, "name"),
        .email = http_form(req, "email"),
        .lang = http_form(req, "lang"),
        .role = http_form(req, "role"),
        .password = http_form(req, "password"),
    };
    int64_t id = 0;
    int rc;
    if (parse_id(org, &in.org_id) != 0) {
        api_errors_add(&e, "org_id", MSG_USERS_ORG_UNKNOWN);
        users_validate(&in, &e);
        rc = API_EINVALID;
    } else {
        rc = users_admin_create(req, &in, &e, &id);
    }
    if (rc == API_EINVALID) return user_form(req, res, 422, &in, org, &e);
    if (rc) return api_fail(rc);
    http_redirect(req, res, user_href(req, id, "?saved=1"));
    return 0;
}

/* ---- GET /users/{id} and its actions ---- */

/* Loads user {id} when policy allows op; otherwise answers 404 (refused
 * reads are audited by policy_enforce) or 403 for a refused write. */
static int load_user(http_request *req, http_response *res, policy_op op, users_user *u, bool *done)
{
    *done = true;
    int64_t id = http_path_id(req, "id");
    int rc = id ? users_get(http_db(req), req->arena, id, u) : DB_ENOTFOUND;
    if (rc == DB_ENOTFOUND) {
        http_error(req, res, 404);
        return 0;
    }
    if (rc) return api_fail(rc);
    policy_target t = users_target(req->arena, u);
    if (!policy_enforce(req, POLICY_READ, &t, NULL)) {
        http_error(req, res, 404);
        return 0;
    }
    if (op == POLICY_WRITE && !policy_enforce(req, POLICY_WRITE, &t, NULL)) {
        http_error(req, res, 403);
        return 0;
    }
    *done = false;
    return 0;
}

/* The detail page; e (when given) holds the errors of the role form or of disabling. */
static int user_page(http_request *req, http_response *res, int status, const users_user *u, const api_errors *e)
{
    const auth_principal *who = auth_current(req);
    policy_target t = users_target(req->arena, u);
    bool may_write = policy_allows(who, POLICY_WRITE, &t, NULL);
    bool may_list = policy_allows(who, POLICY_READ, &users_list_target, NULL);
    page_begin(req, res, u->name);
    res->status = status;
    buf *b = &res->body;
    if (may_list) {
        html_lit(b, "<p class=\"utrecht-paragraph\"><a class=\"utrecht-link utrecht-link--html-a\" href=\"/users\">");
        html_text(b, msg(req, MSG_USERS_BACK_TO_LIST));
        html_lit(b, "</a></p>");
    }
    ui_heading(b, 1, u->name);
    if (e && e->n) page_alert(b, ALERT_ERROR, api_errors_text(req, e, "user") ? api_errors_text(req, e, "user")
                                                                            : msg(req, MSG_UI_FORM_INVALID));
    if (str_eq(http_query(req, "saved"), "1")) page_alert(b, ALERT_OK, msg(req, MSG_USERS_SAVED));
    if (str_eq(http_query(req, "role_added"), "1")) page_alert(b, ALERT_OK, msg(req, MSG_USERS_ROLE_ADDED));
    if (str_eq(http_query(req, "role_removed"), "1")) page_alert(b, ALERT_OK, msg(req, MSG_USERS_ROLE_REMOVED));
    if (str_eq(http_query(req, "disabled"), "1")) page_alert(b, ALERT_OK, msg(req, MSG_USERS_DISABLED_OK));

    html_lit(b, "<div class=\"instroom-panel\">");
    ui_data_begin(b);
    ui_data_row(b, msg(req, MSG_USERS_EMAIL), u->email);
    ui_data_row(b, msg(req, MSG_USERS_LANG), msg(req, str_eq(u->lang, "en") ? MSG_USERS_LANG_EN : MSG_USERS_LANG_NL));
    ui_data_row(b, msg(req, MSG_USERS_CREATED_AT), ui_time(req, u->created_at));
    ui_data_row(b, msg(req, MSG_USERS_STATUS),
                u->disabled_at ? msg_fill(req, MSG_USERS_DISABLED_SINCE, ui_time(req, u->disabled_at), NULL)
                               : msg(req, MSG_USERS_ACTIVE));
    ui_data_end(b);
    html_lit(b, "</div>");

    ui_heading(b, 2, msg(req, MSG_USERS_ROLES));
    if (!u->nmemberships) {
        page_empty(b, msg(req, MSG_USERS_NO_ROLES), msg(req, MSG_USERS_NO_ROLES_TEXT), NULL, NULL);
    } else {
        ui_table_begin(b, "user-roles-caption", msg(req, MSG_USERS_ROLES), false);
        html_lit(b, "<thead class=\"utrecht-table__header\"><tr class=\"utrecht-table__row\">"
                    "<th class=\"utrecht-table__header-cell\" scope=\"col\">");
        html_text(b, msg(req, MSG_USERS_ROLE));
        html_lit(b, "</th><th class=\"utrecht-table__header-cell\" scope=\"col\">");
        html_text(b, msg(req, MSG_USERS_ORG));
        html_lit(b, "</th>");
        if (may_write) {
            html_lit(b, "<th class=\"utrecht-table__header-cell\" scope=\"col\"><span class=\"instroom-visually-hidden\">");
            html_text(b, msg(req, MSG_USERS_ACTIONS));
            html_lit(b, "</span></th>");
        }
        html_lit(b, "</tr></thead><tbody class=\"utrecht-table__body\">");
        for (int i = 0; i < u->nmemberships; i++) {
            const users_membership *m = &u->memberships[i];
            html_lit(b, "<tr class=\"utrecht-table__row\"><td class=\"utrecht-table__cell\">");
            html_text(b, role_text(req, m->role));
            html_lit(b, "</td><td class=\"utrecht-table__cell\">");
            if (m->org_id) {
                html_lit(b, "<a class=\"utrecht-link utrecht-link--html-a\"");
                html_attr(b, "href", arena_printf(req->arena, "/orgs/%lld", (long long)m->org_id));
                html_lit(b, ">");
                html_text(b, m->org_name);
                html_lit(b, "</a>");
            } else {
                html_text(b, msg(req, MSG_USERS_NO_ORG));
            }
            html_lit(b, "</td>");
            if (may_write) {
                html_lit(b, "<td class=\"utrecht-table__cell\"><form class=\"instroom-inline-form\" method=\"post\"");
                html_attr(b, "action", user_href(req, u->id, arena_printf(req->arena, "/roles/%lld/delete", (long long)m->id)));
                html_lit(b, ">");
                page_csrf(req, b);
                html_lit(b, "<button class=\"utrecht-button utrecht-button--secondary-action\" type=\"submit\"");
                html_attr(b, "aria-label", msg_fill(req, MSG_USERS_REMOVE_ROLE_LABEL, role_text(req, m->role),
                                                    m->org_name ? m->org_name : msg(req, MSG_USERS_NO_ORG)));
                html_lit(b, ">");
                html_text(b, msg(req, MSG_USERS_REMOVE_ROLE));
                html_lit(b, "</button></form></td>");
            }
            html_lit(b, "</tr>");
        }
        html_lit(b, "</tbody>");
        ui_table_end(b);
    }

    if (may_write) {
        ui_option *orgs = NULL;
        int norgs = 0;
        int rc = users_org_choices(http_db(req), req->arena, &orgs, &norgs);
        if (rc) return api_fail(rc);
        ui_heading(b, 2, msg(req, MSG_USERS_ADD_ROLE));
        html_lit(b, "<div class=\"instroom-panel\"><form class=\"instroom-form\" method=\"post\" novalidate");
        html_attr(b, "action", user_href(req, u->id, "/roles"));
        html_lit(b, ">");
        page_csrf(req, b);
        ui_select(b, "f-role", "role", msg(req, MSG_USERS_ROLE), role_options(req), ROLE_COUNT,
                  msg(req, MSG_USERS_CHOOSE_ROLE), e ? http_form(req, "role") : NULL, api_errors_text(req, e, "role"));
        ui_select(b, "f-org", "org_id", msg(req, MSG_USERS_ORG), orgs, norgs, msg(req, MSG_USERS_NO_ORG),
                  e ? http_form(req, "org_id") : NULL, api_errors_text(req, e, "org_id"));
        html_lit(b, "<div class=\"instroom-form__actions\">");
        ui_submit(b, msg(req, MSG_USERS_ADD_ROLE));
        html_lit(b, "</div></form></div>");

        if (!u->disabled_at && !(who && who->user_id == u->id)) {
            ui_heading(b, 2, msg(req, MSG_USERS_DISABLE));
            html_lit(b, "<div class=\"instroom-panel\"><p class=\"utrecht-paragraph\">");
            html_text(b, msg(req, MSG_USERS_DISABLE_TEXT));
            html_lit(b, "</p><form class=\"instroom-inline-form\" method=\"post\"");
            html_attr(b, "action", user_href(req, u->id, "/disable"));
            html_lit(b, ">");
            page_csrf(req, b);
            html_lit(b, "<button class=\"utrecht-button utrecht-button--secondary-action\" type=\"submit\">");
            html_text(b, msg(req, MSG_USERS_DISABLE));
            html_lit(b, "</button></form></div>");
        }
    }
    page_end(req, res);
    return 0;
}

static int users_show(http_request *req, http_response *res)
{
    users_user u;
    bool done;
    int rc = load_user(req, res, POLICY_READ, &u, &done);
    if (rc || done) return rc;
    return user_page(req, res, 200, &u, NULL);
}

static int users_role_add_submit(http_request *req, http_response *res)
{
    users_user u;
    bool done;
    int rc = load_user(req, res, POLICY_WRITE, &u, &done);
    if (rc || done) return rc;
    api_errors e = {0};
    int64_t org_id = 0;
    if (parse_id(http_form(req, "org_id"), &org_id) != 0) {
        api_errors_add(&e, "org_id", MSG_USERS_ORG_UNKNOWN);
        rc = API_EINVALID;
    } else {
        rc = users_role_add(req, u.id, http_form(req, "role"), org_id, &e);
    }
    if (rc == API_EINVALID) return user_page(req, res, 422, &u, &e);
    return page_after_write(req, res, rc, user_href(req, u.id, "?role_added=1"));
}

static int users_role_delete_submit(http_request *req, http_response *res)
{
    users_user u;
    bool done;
    int rc = load_user(req, res, POLICY_WRITE, &u, &done);
    if (rc || done) return rc;
    int64_t mid = http_path_id(req, "mid");
    api_errors e = {0};
    rc = mid ? users_role_remove(req, u.id, mid, &e) : DB_ENOTFOUND;
    if (rc == API_EINVALID) {
        api_errors shown = {0}; /* shown above the page: the role form's own fields stay clean */
        api_errors_add(&shown, "user", e.items[0].reason);
        return user_page(req, res, 422, &u, &shown);
    }
    return page_after_write(req, res, rc, user_href(req, u.id, "?role_removed=1"));
}

static int users_disable_submit(http_request *req, http_response *res)
{
    users_user u;
    bool done;
    int rc = load_user(req, res, POLICY_WRITE, &u, &done);
    if (rc || done) return rc;
    api_errors e = {0};
    rc = users_disable(req, u.id, &e);
    if (rc == API_EINVALID) return user_page(req, res, 422, &u, &e);
    return page_after_write(req, res, rc, user_href(req, u.id, "?disabled=1"));
}

/* ---- GET /audit ---- */

static ui_badge outcome_badge(const char *outcome)
{
    if (str_eq(outcome, "ok")) return UI_BADGE_SUCCESS;
    if (str_eq(outcome, "denied")) return UI_BADGE_DANGER;
    return UI_BADGE_WARNING;
}

static msg_id outcome_label(const char *outcome)
{
    if (str_eq(outcome, "ok")) return MSG_AUDIT_OUTCOME_OK;
    if (str_eq(outcome, "denied")) return MSG_AUDIT_OUTCOME_DENIED;
    return MSG_AUDIT_OUTCOME_FAILED;
}

static int audit_show(http_request *req, http_response *res)
{
    policy_target t = {.kind = POLICY_AUDIT, .id = 0, .orgs = NULL, .norgs = 0};
    if (!policy_enforce(req, POLICY_READ, &t, NULL)) {
        http_error(req, res, 403);
        return 0;
    }
    api_errors e = {0};
    audit_query q = {.limit = UI_PAGE_SIZE};
    const char *entity = http_query(req, "entity"), *user = http_query(req, "user");
    const char *outcome = http_query(req, "outcome"), *from = http_query(req, "from"), *to = http_query(req, "to");
    if (entity && *entity) {
        if (api_text_check(entity, true, 64, false) != API_TEXT_OK) api_errors_add(&e, "entity", MSG_AUDIT_ENTITY_INVALID);
        else q.entity = entity;
    }
    if (outcome && *outcome) {
        if (!audit_outcome_valid(outcome)) api_errors_add(&e, "outcome", MSG_AUDIT_OUTCOME_INVALID);
        else q.outcome = outcome;
    }
    if (user && *user) {
        int64_t uid = 0;
        char *email = str_lower(str_trim(req->arena, user));
        int rc = users_find(http_db(req), email, &uid);
        if (rc == DB_ENOTFOUND) api_errors_add(&e, "user", MSG_AUDIT_USER_UNKNOWN);
        else if (rc) return api_fail(rc);
        q.user_id = uid;
    }
    if (from && *from && ui_date_to_utc(from, false, &q.from) != 0) api_errors_add(&e, "from", MSG_AUDIT_DATE_INVALID);
    if (to && *to && ui_date_to_utc(to, true, &q.to) != 0) api_errors_add(&e, "to", MSG_AUDIT_DATE_INVALID);
    if (q.from && q.to && q.to <= q.from) api_errors_add(&e, "to", MSG_AUDIT_DATE_ORDER);
    int page = 1;
    if (ui_page_param(req, &page) != 0) api_errors_add(&e, "page", MSG_UI_BAD_PAGE);
    q.offset = (page - 1) * UI_PAGE_SIZE;

    page_begin(req, res, msg(req, MSG_AUDIT_TITLE));
    buf *b = &res->body;
    ui_heading(b, 1, msg(req, MSG_AUDIT_TITLE));
    html_lit(b, "<p class=\"utrecht-paragraph instroom-page-intro\">");
    html_text(b, msg(req, MSG_AUDIT_INTRO));
    html_lit(b, "</p>");
    if (e.n) {
        res->status = 400;
        page_alert(b, ALERT_ERROR, msg(req, api_errors_has(&e, "page", NULL) ? MSG_UI_BAD_PAGE : MSG_UI_FILTER_INVALID));
    }
    const char **entities = NULL;
    int nentities = 0;
    int rc = audit_entities(http_db(req), req->arena, &entities, &nentities);
    if (rc) return api_fail(rc);
    ui_option *eo = arena_calloc(req->arena, (size_t)nentities + 1, sizeof *eo);
    for (int i = 0; eo && i < nentities; i++) eo[i] = (ui_option){entities[i], entities[i]};
    ui_option oo[] = {
        {"ok", msg(req, MSG_AUDIT_OUTCOME_OK)},
        {"denied", msg(req, MSG_AUDIT_OUTCOME_DENIED)},
        {"failed", msg(req, MSG_AUDIT_OUTCOME_FAILED)},
    };
    html_lit(b, "<div class=\"instroom-panel\"><form class=\"instroom-form-grid\" method=\"get\" action=\"/audit\" novalidate");
    html_attr(b, "aria-label", msg(req, MSG_UI_FILTERS));
    html_lit(b, ">");
    ui_select(b, "f-entity", "entity", msg(req, MSG_AUDIT_ENTITY), eo, eo ? nentities : 0, msg(req, MSG_UI_ALL), entity,
              api_errors_text(req, &e, "entity"));
    page_field(b, "f-user", "user", msg(req, MSG_AUDIT_USER), "email", user, api_errors_text(req, &e, "user"),
               msg(req, MSG_AUDIT_USER_HINT), "off");
    ui_select(b, "f-outcome", "outcome", msg(req, MSG_AUDIT_OUTCOME), oo, 3, msg(req, MSG_UI_ALL), outcome,
              api_errors_text(req, &e, "outcome"));
    page_field(b, "f-from", "from", msg(req, MSG_AUDIT_FROM), "date", from, api_errors_text(req, &e, "from"), NULL, "off");
    page_field(b, "f-to", "to", msg(req, MSG_AUDIT_TO), "date", to, api_errors_text(req, &e, "to"), NULL, "off");
    html_lit(b, "<div class=\"instroom-form__actions\">");
    ui_submit(b, msg(req, MSG_UI_FILTER));
    html_lit(b, "</div></form></div>");
    if (e.n) {
        page_end(req, res);
        return 0;
    }
    audit_row *rows;
    int n;
    int64_t total = 0;
    rc = audit_list(http_db(req), req->arena, &q, &rows, &n, &total);
    if (rc) return api_fail(rc);
    if (n == 0) { /* nothing matches, or a page past the last one */
        page_empty(b, msg(req, MSG_AUDIT_EMPTY), msg(req, MSG_AUDIT_EMPTY_TEXT), NULL, NULL);
        if (total) ui_pagination(req, b, page, UI_PAGE_SIZE, total);
        page_end(req, res);
        return 0;
    }
    char count[24];
    snprintf(count, sizeof count, "%lld", (long long)total);
    ui_table_begin(b, "audit-caption", msg_fill(req, MSG_AUDIT_CAPTION, count, NULL), true);
    static const msg_id cols[] = {MSG_AUDIT_AT, MSG_AUDIT_USER, MSG_AUDIT_ACTION, MSG_AUDIT_ENTITY,
                                  MSG_AUDIT_ORG, MSG_AUDIT_OUTCOME, MSG_AUDIT_IP, MSG_AUDIT_DETAIL};
    html_lit(b, "<thead class=\"utrecht-table__header\"><tr class=\"utrecht-table__row\">");
    for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++) {
        html_lit(b, "<th class=\"utrecht-table__header-cell\" scope=\"col\">");
        html_text(b, msg(req, cols[i]));
        html_lit(b, "</th>");
    }
    html_lit(b, "</tr></thead><tbody class=\"utrecht-table__body\">");
    for (int i = 0; i < n; i++) {
        const audit_row *r = &rows[i];
        html_lit(b, "<tr class=\"utrecht-table__row\"><td class=\"utrecht-table__cell\"><time");
        char iso[32];
        time_format_utc(iso, sizeof iso, r->at);
        html_attr(b, "datetime", iso);
        html_lit(b, ">");
        html_text(b, ui_time(req, r->at));
        html_lit(b, "</time></td><td class=\"utrecht-table__cell\">");
        if (r->user_id && r->user_name) {
            html_lit(b, "<a class=\"utrecht-link utrecht-link--html-a\"");
            html_attr(b, "href", user_href(req, r->user_id, NULL));
            html_lit(b, ">");
            html_text(b, r->user_name);
            html_lit(b, "</a>");
        } else {
            html_text(b, msg(req, r->user_id ? MSG_AUDIT_USER_GONE : MSG_AUDIT_NOBODY));
        }
        html_lit(b, "</td><td class=\"utrecht-table__cell\">");
        html_text(b, r->action);
        html_lit(b, "</td><td class=\"utrecht-table__cell\">");
        html_text(b, r->entity);
        if (r->entity_id) {
            html_lit(b, " #");
            html_int(b, r->entity_id);
        }
        html_lit(b, "</td><td class=\"utrecht-table__cell\">");
        html_text(b, r->org_name);
        html_lit(b, "</td><td class=\"utrecht-table__cell\">");
        ui_status_badge(b, outcome_badge(r->outcome), msg(req, outcome_label(r->outcome)));
        html_lit(b, "</td><td class=\"utrecht-table__cell\">");
        html_text(b, r->ip);
        html_lit(b, "</td><td class=\"utrecht-table__cell\">");
        html_text(b, r->detail);
        html_lit(b, "</td></tr>");
    }
    html_lit(b, "</tbody>");
    ui_table_end(b);
    ui_pagination(req, b, page, UI_PAGE_SIZE, total);
    page_end(req, res);
    return 0;
}

const http_route admin_routes[] = {
    {"GET", "/users", users_list_show, 0, "users: list"},
    {"GET", "/users/new", users_new_show, 0, "users: new form"},
    {"POST", "/users", users_create_submit, 0, "users: create"},
    {"GET", "/users/{id}", users_show, 0, "users: detail"},
    {"POST", "/users/{id}/roles", users_role_add_submit, 0, "users: add a role"},
    {"POST", "/users/{id}/roles/{mid}/delete", users_role_delete_submit, 0, "users: remove a role"},
    {"POST", "/users/{id}/disable", users_disable_submit, 0, "users: disable"},
    {"GET", "/audit", audit_show, 0, "audit log"},
    {0},
};
