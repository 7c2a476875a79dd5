/* badges pages: the HTML of /badges: achievements (list, new, edit, show),
 * bulk issue, a credential with its revocation, and "Mijn badges". Thin:
 * policy decides, the store does. */
#include <stdio.h>
#include <string.h>

#include "auth/policy.h"
#include "badges/internal.h"
#include "base/str.h"
#include "base/time.h"
#include "http/html.h"
#include "http/i18n.h"
#include "http/page.h"
#include "http/server.h"
#include "http/ui.h"
#include "intake/intake.h"

static const char *ach_name(http_request *req, const badges_achievement *a)
{
    return str_eq(req->lang, "en") ? a->name_en : a->name_nl;
}

static const char *day_text(http_request *req, int64_t t)
{
    if (!t) return NULL;
    char out[32];
    time_format_ams(out, sizeof out, t, "%d-%m-%Y");
    return arena_strdup(req->arena, out);
}

static const char *verdict_text(http_request *req, badges_verdict v, ui_badge *kind)
{
    switch (v) {
    case BADGES_VALID: *kind = UI_BADGE_SUCCESS; return msg(req, MSG_BADGES_VERDICT_VALID);
    case BADGES_REVOKED: *kind = UI_BADGE_DANGER; return msg(req, MSG_BADGES_VERDICT_REVOKED);
    case BADGES_EXPIRED: *kind = UI_BADGE_WARNING; return msg(req, MSG_BADGES_VERDICT_EXPIRED);
    case BADGES_ERASED: *kind = UI_BADGE_DANGER; return msg(req, MSG_BADGES_VERDICT_REVOKED);
    case BADGES_SIGNATURE_INVALID: break;
    }
    *kind = UI_BADGE_DANGER;
    return msg(req, MSG_BADGES_VERDICT_INVALID);
}

/* A table of credentials; with_achievement shows the achievement column. */
static void cred_table(http_request *req, buf *b, const badges_cred *list, int n, bool with_achievement, bool staff)
{
    ui_table_begin(b, "credentials-caption", msg(req, MSG_BADGES_CREDENTIALS), false);
    html_lit(b, "<thead class=\"utrecht-table__header\"><tr class=\"utrecht-table__row\">");
    ui_th(b, with_achievement ? msg(req, MSG_BADGES_ACHIEVEMENT) : msg(req, MSG_BADGES_HOLDER));
    ui_th(b, msg(req, MSG_BADGES_ISSUED_AT));
    ui_th(b, msg(req, MSG_BADGES_VALID_UNTIL));
    ui_th(b, msg(req, MSG_BADGES_STATUS));
    ui_th(b, msg(req, MSG_BADGES_VERIFY_LINK));
    html_lit(b, "</tr></thead><tbody class=\"utrecht-table__body\">");
    int64_t now = time_now();
    for (int i = 0; i < n; i++) {
        const badges_cred *c = &list[i];
        html_lit(b, "<tr class=\"utrecht-table__row\"><td class=\"utrecht-table__cell\">");
        const char *label = with_achievement ? c->achievement_name : c->recipient_name;
        if (staff) ui_link(b, arena_printf(req->arena, "/badges/credentials/%lld", (long long)c->id), label);
        else html_text(b, label);
        html_lit(b, "</td>");
        ui_td(b, day_text(req, c->issued_at));
        ui_td(b, c->valid_until ? day_text(req, c->valid_until) : msg(req, MSG_BADGES_NO_EXPIRY));
        html_lit(b, "<td class=\"utrecht-table__cell\">");
        ui_badge kind;
        const char *st = verdict_text(req, badges_verify(req->arena, c, now, NULL), &kind);
        ui_status_badge(b, kind, st);
        html_lit(b, "</td><td class=\"utrecht-table__cell\">");
        ui_link(b, arena_printf(req->arena, "/badges/v/%s", c->token), msg(req, MSG_BADGES_VERIFY_LINK));
        html_lit(b, " · ");
        ui_link(b, arena_printf(req->arena, "/badges/v/%s.json", c->token), "JSON");
        html_lit(b, " · ");
        ui_link(b, arena_printf(req->arena, "/badges/v/%s.jwt", c->token), "JWT");
        html_lit(b, "</td></tr>");
    }
    html_lit(b, "</tbody>");
    ui_table_end(b);
}

/* ---- GET /badges ---- */

static int badges_index(http_request *req, http_response *res)
{
    const auth_principal *p = auth_current(req);
    if (p && !(p->roles & ROLES_STAFF)) {
        http_redirect(req, res, "/badges/mine");
        return 0;
    }
    policy_target t = badges_achievement_target(req, 0, 0);
    if (!policy_enforce(req, POLICY_READ, &t, "achievement")) {
        http_error(req, res, 403);
        return 0;
    }
    badges_achievement *list;
    int n;
    int rc = badges_achievement_list(http_db(req), req->arena, str_eq(http_query(req, "archived"), "1"), &list, &n);
    if (rc) return api_fail(rc);
    page_begin(req, res, msg(req, MSG_BADGES_TITLE));
    buf *b = &res->body;
    ui_heading(b, 1, msg(req, MSG_BADGES_TITLE));
    html_lit(b, "<div class=\"instroom-toolbar\"><p class=\"utrecht-paragraph\">");
    html_text(b, msg(req, MSG_BADGES_INTRO));
    html_lit(b, "</p>");
    if (p && (p->roles & (ROLE_BIT(ROLE_COORDINATOR) | ROLE_BIT(ROLE_TRAINER))))
        page_button_link(b, "/badges/achievements/new", msg(req, MSG_BADGES_NEW), 1);
    html_lit(b, "</div>");
    if (!badges_key_current()) page_alert(b, ALERT_WARNING, msg(req, MSG_BADGES_NO_KEY));
    if (n == 0) {
        page_empty(b, msg(req, MSG_BADGES_EMPTY), msg(req, MSG_BADGES_EMPTY_TEXT), NULL, NULL);
        page_end(req, res);
        return 0;
    }
    ui_table_begin(b, "achievements-caption", msg(req, MSG_BADGES_ACHIEVEMENTS), false);
    html_lit(b, "<thead class=\"utrecht-table__header\"><tr class=\"utrecht-table__row\">");
    ui_th(b, msg(req, MSG_BADGES_FIELD_NAME));
    ui_th(b, msg(req, MSG_BADGES_FIELD_ORG));
    ui_th(b, msg(req, MSG_BADGES_FIELD_COURSE));
    ui_th(b, msg(req, MSG_BADGES_ISSUED_COUNT));
    ui_th(b, msg(req, MSG_BADGES_STATUS));
    html_lit(b, "</tr></thead><tbody class=\"utrecht-table__body\">");
    for (int i = 0; i < n; i++) {
        html_lit(b, "<tr class=\"utrecht-table__row\"><th class=\"utrecht-table__header-cell\" scope=\"row\">");
        ui_link(b, arena_printf(req->arena, "/badges/achievements/%lld", (long long)list[i].id), ach_name(req, &list[i]));
        html_lit(b, "</th>");
        ui_td(b, list[i].org_name);
        ui_td(b, list[i].course_name);
        html_lit(b, "<td class=\"utrecht-table__cell\">");
        html_int(b, list[i].issued);
        html_lit(b, "</td><td class=\"utrecht-table__cell\">");
        if (list[i].archived_at) ui_status_badge(b, UI_BADGE_NEUTRAL, msg(req, MSG_BADGES_ARCHIVED));
        else ui_status_badge(b, UI_BADGE_SUCCESS, msg(req, MSG_BADGES_ACTIVE));
        html_lit(b, "</td></tr>");
    }
    html_lit(b, "</tbody>");
    ui_table_end(b);
    page_end(req, res);
    return 0;
}

/* ---- the achievement form ---- */

static void checkbox(buf *b, const char *id, const char *name, const char *value, bool checked, const char *label)
{
    html_lit(b, "<div class=\"utrecht-form-field utrecht-form-field--checkbox\"><div class=\"utrecht-form-field__input\">"
                "<input class=\"utrecht-checkbox utrecht-checkbox--html-input\" type=\"checkbox\"");
    html_attr(b, "id", id);
    html_attr(b, "name", name);
    html_attr(b, "value", value);
    if (checked) html_lit(b, " checked");
    html_lit(b, "></div><div class=\"utrecht-form-field__label\"><label class=\"utrecht-form-label utrecht-form-label--checkbox\"");
    html_attr(b, "for", id);
    html_lit(b, ">");
    html_text(b, label);
    html_lit(b, "</label></div></div>");
}

/* Options from a query of (id, name). */
static ui_option *options(http_request *req, const char *sql, int *n)
{
    *n = 0;
    db_stmt *s;
    if (db_prepare(http_db(req), sql, DB_NOARGS, &s) != 0) return NULL;
    ui_option *o = arena_calloc(req->arena, 500, sizeof *o);
    while (o && *n < 500 && db_step(s) == DB_ROW) {
        o[*n].value = arena_printf(req->arena, "%lld", (long long)db_col_int(s, 0));
        o[(*n)++].label = arena_strdup(req->arena, db_col_text(s, 1));
    }
    db_finalize(s);
    return o;
}

static const char *id_text(http_request *req, int64_t id)
{
    return id > 0 ? arena_printf(req->arena, "%lld", (long long)id) : NULL;
}

static void achievement_form(http_request *req, http_response *res, int status, const badges_achievement *existing,
                             const badges_achievement_input *in, const char *valid_days_text, const api_errors *e)
{
    const char *title = existing ? msg_fill(req, MSG_BADGES_EDIT_TITLE, ach_name(req, existing), NULL)
                                 : msg(req, MSG_BADGES_NEW);
    page_begin(req, res, title);
    res->status = status;
    buf *b = &res->body;
    ui_heading(b, 1, title);
    if (e && e->n) page_alert(b, ALERT_ERROR, msg(req, MSG_UI_FORM_INVALID));
    html_lit(b, "<div class=\"instroom-panel\"><form class=\"instroom-form\" method=\"post\" novalidate");
    html_attr(b, "action", existing ? arena_printf(req->arena, "/badges/achievements/%lld", (long long)existing->id)
                                    : "/badges/achievements");
    html_lit(b, ">");
    page_csrf(req, b);
    page_field(b, "f-name-nl", "name_nl", msg(req, MSG_BADGES_FIELD_NAME_NL), "text", in->name_nl,
               api_errors_text(req, e, "name_nl"), NULL, NULL);
    page_field(b, "f-name-en", "name_en", msg(req, MSG_BADGES_FIELD_NAME_EN), "text", in->name_en,
               api_errors_text(req, e, "name_en"), NULL, NULL);
    page_field(b, "f-description-nl", "description_nl", msg(req, MSG_BADGES_FIELD_DESCRIPTION_NL), "textarea",
               in->description_nl, api_errors_text(req, e, "description_nl"), NULL, NULL);
    page_field(b, "f-description-en", "description_en", msg(req, MSG_BADGES_FIELD_DESCRIPTION_EN), "textarea",
               in->description_en, api_errors_text(req, e, "description_en"), NULL, NULL);
    page_field(b, "f-criteria-nl", "criteria_nl", msg(req, MSG_BADGES_FIELD_CRITERIA_NL), "textarea", in->criteria_nl,
               api_errors_text(req, e, "criteria_nl"), msg(req, MSG_BADGES_CRITERIA_HINT), NULL);
    page_field(b, "f-criteria-en", "criteria_en", msg(req, MSG_BADGES_FIELD_CRITERIA_EN), "textarea", in->criteria_en,
               api_errors_text(req, e, "criteria_en"), NULL, NULL);
    int n;
    ui_option *orgs = options(req, "SELECT id, name FROM orgs WHERE archived_at IS NULL AND kind IN "
                                   "('school', 'regional') ORDER BY name", &n);
    ui_select(b, "f-org", "org_id", msg(req, MSG_BADGES_FIELD_ORG), orgs, orgs ? n : 0, msg(req, MSG_BADGES_CHOOSE_ORG),
              id_text(req, in->org_id), api_errors_text(req, e, "org_id"));
    ui_option *courses = options(req, "SELECT id, name FROM courses WHERE archived_at IS NULL ORDER BY name", &n);
    ui_select(b, "f-course", "course_id", msg(req, MSG_BADGES_FIELD_COURSE), courses, courses ? n : 0,
              msg(req, MSG_BADGES_NO_COURSE), id_text(req, in->course_id), api_errors_text(req, e, "course_id"));
    page_field(b, "f-valid-days", "valid_days", msg(req, MSG_BADGES_FIELD_VALID_DAYS), "text", valid_days_text,
               api_errors_text(req, e, "valid_days"), msg(req, MSG_BADGES_VALID_DAYS_HINT), NULL);
    html_lit(b, "<fieldset class=\"utrecht-form-fieldset\" id=\"skills\"><legend class=\"utrecht-form-fieldset__legend\">");
    html_text(b, msg(req, MSG_BADGES_SKILLS));
    html_lit(b, "</legend>");
    const char *skill_err = api_errors_text(req, e, "skills");
    if (skill_err) page_alert(b, ALERT_ERROR, skill_err);
    db_stmt *s;
    int shown = 0;
    if (db_prepare(http_db(req),
                   "SELECT id, uri, label_nl, label_en FROM skills WHERE archived_at IS NULL AND kind <> 'transversal' "
                   "OR id IN (SELECT skill_id FROM achievement_skills WHERE achievement_id = ?) "
                   "ORDER BY kind, label_nl LIMIT 300",
                   DB_ARGS(db_int(existing ? existing->id : 0)), &s) == 0) {
        while (db_step(s) == DB_ROW) {
            const char *id = arena_printf(req->arena, "%lld", (long long)db_col_int(s, 0));
            const char *uri = db_col_text(s, 1);
            bool checked = false;
            for (int i = 0; i < in->nskills; i++) checked |= str_eq(in->skills[i], id) || str_eq(in->skills[i], uri);
            const char *label = str_eq(req->lang, "en") && !db_col_is_null(s, 3) ? db_col_text(s, 3) : db_col_text(s, 2);
            checkbox(b, arena_printf(req->arena, "f-skill-%s", id), "skills", id, checked, label);
            shown++;
        }
        db_finalize(s);
    }
    if (!shown) ui_paragraph(b, msg(req, MSG_BADGES_NO_SKILLS));
    html_lit(b, "</fieldset><div class=\"instroom-form__actions\">");
    ui_submit(b, msg(req, MSG_UI_SAVE));
    page_button_link(b, existing ? arena_printf(req->arena, "/badges/achievements/%lld", (long long)existing->id)
                                 : "/badges",
                     msg(req, MSG_UI_CANCEL), 0);
    html_lit(b, "</div></form></div>");
    page_end(req, res);
}

/* A form id field: 0 when empty, -1 when not a positive number. */
static int64_t form_id(http_request *req, const char *name)
{
    const char *v = http_form(req, name);
    int64_t id;
    if (!v || !*v) return 0;
    return str_to_int64(v, 1, INT64_MAX, &id) == 0 ? id : -1;
}

static badges_achievement_input input_from_form(http_request *req)
{
    badges_achievement_input in = {
        .name_nl = http_form(req, "name_nl"),
        .name_en = http_form(req, "name_en"),
        .description_nl = http_form(req, "description_nl"),
        .description_en = http_form(req, "description_en"),
        .criteria_nl = http_form(req, "criteria_nl"),
        .criteria_en = http_form(req, "criteria_en"),
        .org_id = form_id(req, "org_id"),
        .course_id = form_id(req, "course_id"),
        .valid_days = form_id(req, "valid_days"),
    };
    in.skills = arena_calloc(req->arena, (size_t)req->nform + 1, sizeof *in.skills);
    for (int i = 0; in.skills && i < req->nform; i++)
        if (str_eq(req->form[i].name, "skills")) in.skills[in.nskills++] = req->form[i].value;
    return in;
}

static int achievement_new_show(http_request *req, http_response *res)
{
    const auth_principal *p = auth_current(req);
    policy_target t = badges_achievement_target(req, 0, 0);
    if (!p || !(p->roles & (ROLE_BIT(ROLE_COORDINATOR) | ROLE_BIT(ROLE_TRAINER))) ||
        !policy_enforce(req, POLICY_READ, &t, "achievement")) {
        http_error(req, res, 403);
        return 0;
    }
    badges_achievement_input in = {0};
    achievement_form(req, res, 200, NULL, &in, NULL, NULL);
    return 0;
}

static int achievement_create_submit(http_request *req, http_response *res)
{
    badges_achievement_input in = input_from_form(req);
    policy_target t = badges_achievement_target(req, 0, in.org_id > 0 ? in.org_id : 0);
    if (!policy_enforce(req, POLICY_WRITE, &t, "achievement")) {
        http_error(req, res, 403);
        return 0;
    }
    api_errors e = {0};
    int64_t id = 0;
    int rc = badges_achievement_create(req, &in, &e, &id);
    if (rc == API_EINVALID) {
        achievement_form(req, res, 422, NULL, &in, http_form(req, "valid_days"), &e);
        return 0;
    }
    if (rc) return api_fail(rc);
    http_redirect(req, res, arena_printf(req->arena, "/badges/achievements/%lld?saved=1", (long long)id));
    return 0;
}

/* Loads the achievement of the path after policy allowed op; false when the answer is written. */
static bool load_achievement(http_request *req, http_response *res, policy_op op, badges_achievement *a, int *rc)
{
    *rc = 0;
    int64_t id = http_path_id(req, "id");
    int r = id ? badges_achievement_get(http_db(req), req->arena, id, a) : DB_ENOTFOUND;
    if (r && r != DB_ENOTFOUND) {
        *rc = api_fail(r);
        return false;
    }
    policy_target t = badges_achievement_target(req, r ? 0 : a->id, r ? 0 : a->org_id);
    if (r || !policy_enforce(req, POLICY_READ, &t, "achievement")) {
        http_error(req, res, 404);
        return false;
    }
    if (op == POLICY_WRITE && !policy_enforce(req, POLICY_WRITE, &t, "achievement")) {
        http_error(req, res, 403);
        return false;
    }
    return true;
}

static int achievement_show(http_request *req, http_response *res)
{
    badges_achievement a;
    int rc;
    if (!load_achievement(req, res, POLICY_READ, &a, &rc)) return rc;
    const auth_principal *p = auth_current(req);
    policy_target at = badges_achievement_target(req, a.id, a.org_id);
    badges_cred probe = {.org_id = a.org_id};
    policy_target ct = badges_cred_target(req, &probe, false);
    bool may_edit = policy_allows(p, POLICY_WRITE, &at, NULL);
    bool may_issue = policy_allows(p, POLICY_WRITE, &ct, NULL);
    bool may_list = policy_allows(p, POLICY_READ, &ct, NULL);
    page_begin(req, res, ach_name(req, &a));
    buf *b = &res->body;
    ui_heading(b, 1, ach_name(req, &a));
    if (str_eq(http_query(req, "saved"), "1")) page_alert(b, ALERT_OK, msg(req, MSG_BADGES_SAVED));
    const char *issued = http_query(req, "issued");
    if (issued) page_alert(b, ALERT_OK, msg_fill(req, MSG_BADGES_ISSUED_N, issued, NULL));
    html_lit(b, "<div class=\"instroom-toolbar\">");
    if (may_edit)
        page_button_link(b, arena_printf(req->arena, "/badges/achievements/%lld/edit", (long long)a.id),
                         msg(req, MSG_UI_EDIT), 0);
    if (may_issue && !a.archived_at)
        page_button_link(b, arena_printf(req->arena, "/badges/achievements/%lld/issue", (long long)a.id),
                         msg(req, MSG_BADGES_ISSUE), 1);
    html_lit(b, "</div><div class=\"instroom-panel\">");
    bool en = str_eq(req->lang, "en");
    ui_paragraph(b, en ? a.description_en : a.description_nl);
    ui_data_begin(b);
    ui_data_row(b, msg(req, MSG_BADGES_CRITERIA), en ? a.criteria_en : a.criteria_nl);
    ui_data_row(b, msg(req, MSG_BADGES_FIELD_ORG), a.org_name);
    ui_data_row(b, msg(req, MSG_BADGES_FIELD_COURSE), a.course_name);
    ui_data_row(b, msg(req, MSG_BADGES_FIELD_VALID_DAYS),
                a.valid_days ? arena_printf(req->arena, "%lld", (long long)a.valid_days) : msg(req, MSG_BADGES_NO_EXPIRY));
    ui_data_row(b, msg(req, MSG_BADGES_STATUS), a.archived_at ? msg(req, MSG_BADGES_ARCHIVED) : msg(req, MSG_BADGES_ACTIVE));
    ui_data_end(b);
    ui_heading(b, 2, msg(req, MSG_BADGES_SKILLS));
    if (!a.nskills) ui_paragraph(b, msg(req, MSG_BADGES_NO_ALIGNMENT));
    else {
        html_lit(b, "<ul class=\"utrecht-unordered-list\">");
        for (int i = 0; i < a.nskills; i++) {
            html_lit(b, "<li class=\"utrecht-unordered-list__item\">");
            html_text(b, en && a.skills[i].label_en ? a.skills[i].label_en : a.skills[i].label_nl);
            html_lit(b, " <span class=\"instroom-muted\">");
            html_text(b, a.skills[i].uri);
            html_lit(b, "</span></li>");
        }
        html_lit(b, "</ul>");
    }
    html_lit(b, "</div>");
    if (may_list) {
        ui_heading(b, 2, msg(req, MSG_BADGES_CREDENTIALS));
        badges_cred *list;
        int n;
        rc = badges_cred_list(http_db(req), req->arena, a.id, 0, 500, &list, &n);
        if (rc) return api_fail(rc);
        if (!n) ui_paragraph(b, msg(req, MSG_BADGES_NONE_ISSUED));
        else cred_table(req, b, list, n, false, true);
    }
    page_end(req, res);
    return 0;
}

static int achievement_edit_show(http_request *req, http_response *res)
{
    badges_achievement a;
    int rc;
    if (!load_achievement(req, res, POLICY_WRITE, &a, &rc)) return rc;
    badges_achievement_input in = {a.name_nl, a.name_en, a.description_nl, a.description_en, a.criteria_nl,
                                   a.criteria_en, a.org_id, a.course_id, a.valid_days, NULL, 0};
    in.skills = arena_calloc(req->arena, (size_t)a.nskills + 1, sizeof *in.skills);
    for (int i = 0; in.skills && i < a.nskills; i++) in.skills[in.nskills++] = a.skills[i].uri;
    achievement_form(req, res, 200, &a, &in, a.valid_days ? id_text(req, a.valid_days) : NULL, NULL);
    return 0;
}

static int achievement_update_submit(http_request *req, http_response *res)
{
    badges_achievement a;
    int rc;
    if (!load_achievement(req, res, POLICY_WRITE, &a, &rc)) return rc;
    badges_achievement_input in = input_from_form(req);
    policy_target t = badges_achievement_target(req, a.id, in.org_id > 0 ? in.org_id : a.org_id);
    if (in.org_id != a.org_id && in.org_id > 0 && !policy_enforce(req, POLICY_WRITE, &t, "achievement")) {
        http_error(req, res, 403);
        return 0;
    }
    api_errors e = {0};
    const char *archive = http_form(req, "archived");
    rc = badges_achievement_update(req, a.id, &in, str_eq(archive, "1") ? 1 : str_eq(archive, "0") ? 0 : -1, &e);
    if (rc == API_EINVALID) {
        achievement_form(req, res, 422, &a, &in, http_form(req, "valid_days"), &e);
        return 0;
    }
    return page_after_write(req, res, rc, arena_printf(req->arena, "/badges/achievements/%lld?saved=1", (long long)a.id));
}

/* ---- bulk issue ---- */

static const msg_id bulk_msgs[] = {
    [BADGES_BULK_ISSUED] = MSG_BADGES_BULK_OK,
    [BADGES_BULK_ALREADY] = MSG_BADGES_BULK_ALREADY,
    [BADGES_BULK_DUPLICATE] = MSG_BADGES_BULK_DUPLICATE,
    [BADGES_BULK_INVALID] = MSG_BADGES_BULK_INVALID,
    [BADGES_BULK_NOT_FOUND] = MSG_BADGES_BULK_NOT_FOUND,
    [BADGES_BULK_AMBIGUOUS] = MSG_BADGES_BULK_AMBIGUOUS,
};

static void issue_form(http_request *req, http_response *res, int status, const badges_achievement *a,
                       const char *text, const char *error, const badges_bulk_row *rows, int nrows)
{
    const char *title = msg_fill(req, MSG_BADGES_ISSUE_TITLE, ach_name(req, a), NULL);
    page_begin(req, res, title);
    res->status = status;
    buf *b = &res->body;
    ui_heading(b, 1, title);
    if (error) page_alert(b, ALERT_ERROR, error);
    if (!badges_key_current()) page_alert(b, ALERT_WARNING, msg(req, MSG_BADGES_NO_KEY));
    if (nrows) {
        ui_table_begin(b, "lines-caption", msg(req, MSG_BADGES_BULK_REPORT), true);
        html_lit(b, "<thead class=\"utrecht-table__header\"><tr class=\"utrecht-table__row\">");
        ui_th(b, msg(req, MSG_BADGES_BULK_LINE));
        ui_th(b, msg(req, MSG_BADGES_BULK_RECIPIENT));
        ui_th(b, msg(req, MSG_BADGES_STATUS));
        html_lit(b, "</tr></thead><tbody class=\"utrecht-table__body\">");
        for (int i = 0; i < nrows; i++) {
            html_lit(b, "<tr class=\"utrecht-table__row\">");
            ui_td(b, arena_printf(req->arena, "%d", rows[i].line));
            ui_td(b, rows[i].name ? arena_printf(req->arena, "%s (%s)", rows[i].text, rows[i].name) : rows[i].text);
            html_lit(b, "<td class=\"utrecht-table__cell\">");
            ui_status_badge(b, badges_bulk_is_error(rows[i].status) ? UI_BADGE_DANGER : UI_BADGE_NEUTRAL,
                            msg(req, bulk_msgs[rows[i].status]));
            html_lit(b, "</td></tr>");
        }
        html_lit(b, "</tbody>");
        ui_table_end(b);
    }
    html_lit(b, "<div class=\"instroom-panel\"><form class=\"instroom-form\" method=\"post\" "
                "enctype=\"multipart/form-data\" novalidate");
    html_attr(b, "action", arena_printf(req->arena, "/badges/achievements/%lld/issue", (long long)a->id));
    html_lit(b, ">");
    page_csrf(req, b);
    page_field(b, "f-recipients", "recipients", msg(req, MSG_BADGES_BULK_RECIPIENTS), "textarea", text, NULL,
               msg(req, MSG_BADGES_BULK_HINT), NULL);
    page_field(b, "f-file", "file", msg(req, MSG_BADGES_BULK_FILE), "file", NULL, NULL, msg(req, MSG_UI_OPTIONAL), NULL);
    html_lit(b, "<div class=\"instroom-form__actions\">");
    ui_submit(b, msg(req, MSG_BADGES_ISSUE));
    page_button_link(b, arena_printf(req->arena, "/badges/achievements/%lld", (long long)a->id), msg(req, MSG_UI_CANCEL), 0);
    html_lit(b, "</div></form></div>");
    page_end(req, res);
}

static bool may_issue(http_request *req, http_response *res, const badges_achievement *a)
{
    badges_cred probe = {.org_id = a->org_id};
    policy_target t = badges_cred_target(req, &probe, false);
    if (!policy_enforce(req, POLICY_WRITE, &t, "credential")) {
        http_error(req, res, 403);
        return false;
    }
    if (a->archived_at) {
        http_error(req, res, 409);
        return false;
    }
    return true;
}

static int issue_show(http_request *req, http_response *res)
{
    badges_achievement a;
    int rc;
    if (!load_achievement(req, res, POLICY_READ, &a, &rc) || !may_issue(req, res, &a)) return rc;
    issue_form(req, res, 200, &a, NULL, NULL, NULL, 0);
    return 0;
}

static int issue_submit(http_request *req, http_response *res)
{
    badges_achievement a;
    int rc;
    if (!load_achievement(req, res, POLICY_READ, &a, &rc) || !may_issue(req, res, &a)) return rc;
    const http_kv *file = http_form_field(req, "file");
    const char *text = http_form(req, "recipients");
    const char *data = text ? text : "";
    size_t n = strlen(data);
    if (file && file->filename && *file->filename && file->len) {
        data = file->value;
        n = file->len;
    }
    badges_bulk_row *rows;
    int nrows, issued;
    rc = badges_bulk_issue(req, a.id, data, n, &rows, &nrows, &issued);
    if (rc == -1) {
        issue_form(req, res, 503, &a, text, msg(req, MSG_BADGES_NO_KEY), NULL, 0);
        return 0;
    }
    if (rc == -2) {
        issue_form(req, res, 422, &a, text, msg(req, MSG_BADGES_BULK_NOT_A_LIST), NULL, 0);
        return 0;
    }
    if (rc == API_EINVALID) {
        issue_form(req, res, 422, &a, text, msg(req, MSG_BADGES_BULK_ERRORS), rows, nrows);
        return 0;
    }
    return page_after_write(req, res, rc,
                            arena_printf(req->arena, "/badges/achievements/%lld?issued=%d", (long long)a.id, issued));
}

/* ---- a credential and its revocation ---- */

static bool load_cred(http_request *req, http_response *res, badges_cred *c, int *rc)
{
    *rc = 0;
    int64_t id = http_path_id(req, "id");
    int r = id ? badges_cred_get(http_db(req), req->arena, id, c) : DB_ENOTFOUND;
    if (r && r != DB_ENOTFOUND) {
        *rc = api_fail(r);
        return false;
    }
    policy_target t = r ? (policy_target){.kind = POLICY_CREDENTIAL} : badges_cred_target(req, c, true);
    if (r || !policy_enforce(req, POLICY_READ, &t, "credential")) {
        http_error(req, res, 404);
        return false;
    }
    return true;
}

static void cred_page(http_request *req, http_response *res, int status, const badges_cred *c, const api_errors *e)
{
    page_begin(req, res, c->achievement_name);
    res->status = status;
    buf *b = &res->body;
    ui_heading(b, 1, arena_printf(req->arena, "%s: %s", c->achievement_name, c->recipient_name));
    if (str_eq(http_query(req, "revoked"), "1")) page_alert(b, ALERT_OK, msg(req, MSG_BADGES_REVOKED_DONE));
    html_lit(b, "<div class=\"instroom-panel\">");
    ui_data_begin(b);
    ui_data_row(b, msg(req, MSG_BADGES_HOLDER), c->recipient_name);
    ui_data_row_link(b, msg(req, MSG_BADGES_ACHIEVEMENT),
                     arena_printf(req->arena, "/badges/achievements/%lld", (long long)c->achievement_id),
                     c->achievement_name);
    ui_data_row(b, msg(req, MSG_BADGES_ISSUED_AT), day_text(req, c->issued_at));
    ui_data_row(b, msg(req, MSG_BADGES_VALID_UNTIL), c->valid_until ? day_text(req, c->valid_until) : msg(req, MSG_BADGES_NO_EXPIRY));
    ui_badge kind;
    ui_data_row(b, msg(req, MSG_BADGES_STATUS), verdict_text(req, badges_verify(req->arena, c, time_now(), NULL), &kind));
    if (c->revoked_at) {
        ui_data_row(b, msg(req, MSG_BADGES_REVOKED_AT), day_text(req, c->revoked_at));
        ui_data_row(b, msg(req, MSG_BADGES_REASON), c->revoke_reason);
    }
    ui_data_row_link(b, msg(req, MSG_BADGES_VERIFY_LINK), arena_printf(req->arena, "/badges/v/%s", c->token),
                     arena_printf(req->arena, "%s/badges/v/%s", intake_public_url(), c->token));
    ui_data_end(b);
    html_lit(b, "</div>");
    policy_target t = badges_cred_target(req, c, false);
    if (!c->revoked_at && policy_allows(auth_current(req), POLICY_WRITE, &t, NULL)) {
        ui_heading(b, 2, msg(req, MSG_BADGES_REVOKE));
        if (e && e->n) page_alert(b, ALERT_ERROR, msg(req, MSG_UI_FORM_INVALID));
        html_lit(b, "<div class=\"instroom-panel\"><form class=\"instroom-form\" method=\"post\" novalidate");
        html_attr(b, "action", arena_printf(req->arena, "/badges/credentials/%lld/revoke", (long long)c->id));
        html_lit(b, ">");
        page_csrf(req, b);
        page_field(b, "f-reason", "reason", msg(req, MSG_BADGES_REASON), "textarea", NULL,
                   api_errors_text(req, e, "reason"), msg(req, MSG_BADGES_REASON_HINT), NULL);
        html_lit(b, "<div class=\"instroom-form__actions\">");
        ui_submit(b, msg(req, MSG_BADGES_REVOKE));
        html_lit(b, "</div></form></div>");
    }
    page_end(req, res);
}

static int cred_show(http_request *req, http_response *res)
{
    badges_cred c;
    int rc;
    if (!load_cred(req, res, &c, &rc)) return rc;
    cred_page(req, res, 200, &c, NULL);
    return 0;
}

static int cred_revoke_submit(http_request *req, http_response *res)
{
    badges_cred c;
    int rc;
    if (!load_cred(req, res, &c, &rc)) return rc;
    policy_target t = badges_cred_target(req, &c, false);
    if (!policy_enforce(req, POLICY_WRITE, &t, "credential")) {
        http_error(req, res, 403);
        return 0;
    }
    api_errors e = {0};
    rc = badges_revoke(req, c.id, http_form(req, "reason"), &e);
    if (rc == API_EINVALID) {
        cred_page(req, res, 422, &c, &e);
        return 0;
    }
    return page_after_write(req, res, rc, arena_printf(req->arena, "/badges/credentials/%lld?revoked=1", (long long)c.id));
}

/* ---- GET /badges/mine ---- */

static int mine_show(http_request *req, http_response *res)
{
    const auth_principal *p = auth_current(req);
    page_begin(req, res, msg(req, MSG_BADGES_MINE));
    buf *b = &res->body;
    ui_heading(b, 1, msg(req, MSG_BADGES_MINE));
    ui_paragraph(b, msg(req, MSG_BADGES_MINE_INTRO));
    badges_cred *list = NULL;
    int n = 0, shown = 0;
    if (p && p->person_id) {
        int rc = badges_cred_list(http_db(req), req->arena, 0, p->person_id, 500, &list, &n);
        if (rc) return api_fail(rc);
        for (int i = 0; i < n; i++) { /* policy decides, row by row */
            policy_target t = badges_cred_target(req, &list[i], true);
            if (policy_enforce(req, POLICY_READ, &t, "credential")) list[shown++] = list[i];
        }
    }
    if (!shown) page_empty(b, msg(req, MSG_BADGES_MINE_EMPTY), msg(req, MSG_BADGES_MINE_EMPTY_TEXT), NULL, NULL);
    else cred_table(req, b, list, shown, true, false);
    page_end(req, res);
    return 0;
}

const http_route badges_routes[] = {
    {"GET", "/badges", badges_index, 0, "achievements (badge classes)"},
    {"GET", "/badges/mine", mine_show, 0, "my badges"},
    {"GET", "/badges/achievements/new", achievement_new_show, 0, "new achievement form"},
    {"POST", "/badges/achievements", achievement_create_submit, 0, "create an achievement"},
    {"GET", "/badges/achievements/{id}", achievement_show, 0, "one achievement and its credentials"},
    {"POST", "/badges/achievements/{id}", achievement_update_submit, 0, "change an achievement"},
    {"GET", "/badges/achievements/{id}/edit", achievement_edit_show, 0, "achievement form"},
    {"GET", "/badges/achievements/{id}/issue", issue_show, 0, "bulk issue form"},
    {"POST", "/badges/achievements/{id}/issue", issue_submit, 0, "issue to a list (all or nothing)"},
    {"GET", "/badges/credentials/{id}", cred_show, 0, "one credential"},
    {"POST", "/badges/credentials/{id}/revoke", cred_revoke_submit, 0, "revoke a credential"},
    {0},
};
