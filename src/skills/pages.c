/* skills pages: /skills (search the catalogue, add a local skill),
 * /people/{id}/skills and /me/skills (the profile: add, change, verify,
 * delete) and the card PDF of both. Thin: the policy module decides, the
 * store writes (with the audit entry), card.c draws. */
#include <stdio.h>
#include <string.h>

#include "auth/audit.h"
#include "auth/auth.h"
#include "auth/policy.h"
#include "base/str.h"
#include "base/time.h"
#include "http/html.h"
#include "http/i18n.h"
#include "http/page.h"
#include "http/server.h"
#include "http/ui.h"
#include "skills/card.h"
#include "skills/store.h"

static const char *const kind_names[] = {"basic", "transversal", "digital", "language", "local"};
static const msg_id kind_labels[] = {MSG_SKILLS_KIND_BASIC, MSG_SKILLS_KIND_TRANSVERSAL, MSG_SKILLS_KIND_DIGITAL,
                                     MSG_SKILLS_KIND_LANGUAGE, MSG_SKILLS_KIND_LOCAL};
static const char *const source_names[] = {"training", "study", "hobby", "work", "volunteering"};
static const msg_id source_labels[] = {MSG_SKILLS_SOURCE_TRAINING, MSG_SKILLS_SOURCE_STUDY, MSG_SKILLS_SOURCE_HOBBY,
                                       MSG_SKILLS_SOURCE_WORK, MSG_SKILLS_SOURCE_VOLUNTEERING};
static const char *const level_names[] = {"1", "2", "3", "4"};
static const msg_id level_labels[] = {MSG_SKILLS_LEVEL_1, MSG_SKILLS_LEVEL_2, MSG_SKILLS_LEVEL_3, MSG_SKILLS_LEVEL_4};

static ui_option *options(http_request *req, const char *const *names, const msg_id *labels, int n)
{
    ui_option *o = arena_calloc(req->arena, (size_t)n, sizeof *o);
    for (int i = 0; o && i < n; i++) o[i] = (ui_option){names[i], msg(req, labels[i])};
    return o;
}

static const char *label_of(http_request *req, const char *v, const char *const *names, const msg_id *labels, int n)
{
    for (int i = 0; i < n; i++)
        if (str_eq(v, names[i])) return msg(req, labels[i]);
    return v;
}

static int fail(http_request *req, http_response *res, int rc)
{
    if (rc == 404 || rc == 403 || rc == DB_ENOTFOUND) {
        http_error(req, res, rc == 403 ? 403 : 404);
        return 0;
    }
    return api_fail(rc);
}

/* ---- /skills: the catalogue ---- */

static bool may_add_local(http_request *req)
{
    policy_target t = {.kind = POLICY_SKILL_CATALOGUE};
    return policy_allows(auth_current(req), POLICY_WRITE, &t, NULL);
}

static void local_form(http_request *req, buf *b, const api_errors *e)
{
    ui_heading(b, 2, msg(req, MSG_SKILLS_LOCAL_ADD));
    ui_paragraph(b, msg(req, MSG_SKILLS_LOCAL_INTRO));
    html_lit(b, "<div class=\"instroom-panel\"><form class=\"instroom-form\" method=\"post\" action=\"/skills\" novalidate>");
    page_csrf(req, b);
    page_field(b, "f-label-nl", "label_nl", msg(req, MSG_SKILLS_LABEL_NL), "text", e ? http_form(req, "label_nl") : NULL,
               api_errors_text(req, e, "label_nl"), NULL, "off");
    page_field(b, "f-label-en", "label_en", msg(req, MSG_SKILLS_LABEL_EN), "text", e ? http_form(req, "label_en") : NULL,
               api_errors_text(req, e, "label_en"), msg(req, MSG_UI_OPTIONAL), "off");
    page_field(b, "f-description", "description", msg(req, MSG_SKILLS_DESCRIPTION), "textarea",
               e ? http_form(req, "description") : NULL, api_errors_text(req, e, "description"),
               msg(req, MSG_UI_OPTIONAL), NULL);
    html_lit(b, "<div class=\"instroom-form__actions\">");
    ui_submit(b, msg(req, MSG_SKILLS_LOCAL_SUBMIT));
    html_lit(b, "</div></form></div>");
}

static void catalogue_page(http_request *req, http_response *res, int status, const api_errors *form_errors)
{
    api_errors e = {0};
    const char *q = http_query(req, "q");
    const char *kind = http_query(req, "kind");
    if (q && api_text_check(q, false, SKILLS_QUERY_MAX, false) != API_TEXT_OK)
        api_errors_add(&e, "q", MSG_SKILLS_ERR_TOO_LONG);
    if (kind && *kind && !skills_kind_valid(kind)) api_errors_add(&e, "kind", MSG_SKILLS_ERR_KIND);
    page_begin(req, res, msg(req, MSG_SKILLS_TITLE));
    res->status = e.n ? 400 : status;
    buf *b = &res->body;
    ui_heading(b, 1, msg(req, MSG_SKILLS_TITLE));
    html_lit(b, "<p class=\"utrecht-paragraph instroom-page-intro\">");
    html_text(b, msg(req, MSG_SKILLS_INTRO));
    html_lit(b, "</p>");
    if (str_eq(http_query(req, "added"), "1")) page_alert(b, ALERT_OK, msg(req, MSG_SKILLS_LOCAL_ADDED));
    if (e.n) page_alert(b, ALERT_ERROR, msg(req, MSG_UI_FILTER_INVALID));
    html_lit(b, "<div class=\"instroom-panel\"><form class=\"instroom-form-grid\" method=\"get\" action=\"/skills\" role=\"search\">");
    page_field(b, "f-q", "q", msg(req, MSG_SKILLS_SEARCH), "search", q, api_errors_text(req, &e, "q"),
               msg(req, MSG_SKILLS_SEARCH_HINT), "off");
    ui_select(b, "f-kind", "kind", msg(req, MSG_SKILLS_KIND), options(req, kind_names, kind_labels, 5), 5,
              msg(req, MSG_UI_ALL), kind, api_errors_text(req, &e, "kind"));
    html_lit(b, "<div class=\"instroom-form__actions\">");
    ui_submit(b, msg(req, MSG_SKILLS_SEARCH_SUBMIT));
    html_lit(b, "</div></form></div>");
    if (!e.n) {
        skills_skill *list = NULL;
        int n = 0;
        int rc = skills_search(http_db(req), req->arena, q, kind && *kind ? kind : NULL, 50, &list, &n);
        if (rc) {
            page_alert(b, ALERT_ERROR, msg(req, MSG_SKILLS_ERR_LOAD));
        } else if (n == 0) {
            page_empty(b, msg(req, MSG_SKILLS_NONE_FOUND), msg(req, MSG_SKILLS_NONE_FOUND_TEXT), NULL, NULL);
        } else {
            ui_table_begin(b, "skills-caption", msg(req, MSG_SKILLS_RESULTS), true);
            html_lit(b, "<thead class=\"utrecht-table__header\"><tr class=\"utrecht-table__row\">"
                        "<th class=\"utrecht-table__header-cell\" scope=\"col\">");
            html_text(b, msg(req, MSG_SKILLS_SKILL));
            html_lit(b, "</th><th class=\"utrecht-table__header-cell\" scope=\"col\">");
            html_text(b, msg(req, MSG_SKILLS_KIND));
            html_lit(b, "</th><th class=\"utrecht-table__header-cell\" scope=\"col\">");
            html_text(b, msg(req, MSG_SKILLS_DESCRIPTION));
            html_lit(b, "</th></tr></thead><tbody class=\"utrecht-table__body\">");
            for (int i = 0; i < n; i++) {
                html_lit(b, "<tr class=\"utrecht-table__row\"><th class=\"utrecht-table__header-cell\" scope=\"row\">");
                html_text(b, skills_label(&list[i], req->lang));
                html_lit(b, "</th><td class=\"utrecht-table__cell\">");
                html_text(b, label_of(req, list[i].kind, kind_names, kind_labels, 5));
                html_lit(b, "</td><td class=\"utrecht-table__cell\">");
                html_text(b, list[i].description_nl);
                html_lit(b, "</td></tr>");
            }
            html_lit(b, "</tbody>");
            ui_table_end(b);
        }
    }
    if (may_add_local(req)) local_form(req, b, form_errors);
    page_end(req, res);
}

static int catalogue_show(http_request *req, http_response *res)
{
    policy_target t = {.kind = POLICY_SKILL_CATALOGUE};
    if (!policy_enforce(req, POLICY_READ, &t, NULL)) {
        http_error(req, res, 403);
        return 0;
    }
    catalogue_page(req, res, 200, NULL);
    return 0;
}

static int catalogue_add_submit(http_request *req, http_response *res)
{
    policy_target t = {.kind = POLICY_SKILL_CATALOGUE};
    if (!policy_enforce(req, POLICY_WRITE, &t, NULL)) {
        http_error(req, res, 403);
        return 0;
    }
    api_errors e = {0};
    int64_t id = 0;
    int rc = skills_local_add(req, http_form(req, "label_nl"), http_form(req, "label_en"), http_form(req, "description"),
                              &id, &e);
    if (rc == API_EINVALID) {
        catalogue_page(req, res, 422, &e);
        return 0;
    }
    const char *label = http_form(req, "label_nl");
    buf q;
    buf_init(&q, 4096);
    html_urlenc(&q, label ? label : "");
    const char *href = arena_printf(req->arena, "/skills?added=1&q=%s", buf_cstr(&q));
    buf_free(&q);
    return page_after_write(req, res, rc, href);
}

/* ---- the profile: /people/{id}/skills and /me/skills ---- */

/* The person a profile route is about: {id}, or the user's own person. */
static int64_t route_person(http_request *req, bool *me)
{
    *me = str_starts_with(req->path, "/me/");
    if (*me) {
        const auth_principal *who = auth_current(req);
        return who ? who->person_id : 0;
    }
    return http_path_id(req, "id");
}

static const char *base_href(http_request *req, bool me, int64_t person_id)
{
    return me ? "/me/skills" : arena_printf(req->arena, "/people/%lld/skills", (long long)person_id);
}

static const char *level_text(http_request *req, int level)
{
    static const char *const dots[] = {"○○○○", "●○○○", "●●○○", "●●●○", "●●●●"};
    if (level < 1 || level > 4) return "";
    return arena_printf(req->arena, "%s %d – %s", dots[level], level, msg(req, level_labels[level - 1]));
}

static void entry_actions(http_request *req, buf *b, const char *base, bool self, bool may_write,
                          const skills_entry *e)
{
    const char *label = skills_entry_label(e, req->lang);
    if (may_write && !self && !e->verified_at) {
        html_lit(b, "<form class=\"instroom-inline-form\" method=\"post\"");
        html_attr(b, "action", arena_printf(req->arena, "%s/%lld/verify", base, (long long)e->id));
        html_lit(b, ">");
        page_csrf(req, b);
        html_lit(b, "<button class=\"utrecht-button utrecht-button--primary-action\" type=\"submit\"");
        html_attr(b, "aria-label", msg_fill(req, MSG_SKILLS_VERIFY_LABEL, label, NULL));
        html_lit(b, ">");
        html_text(b, msg(req, MSG_SKILLS_VERIFY));
        html_lit(b, "</button></form>");
    }
    if (may_write && skills_may_change(req, self, e)) {
        html_lit(b, "<form class=\"instroom-inline-form\" method=\"post\"");
        html_attr(b, "action", arena_printf(req->arena, "%s/%lld", base, (long long)e->id));
        html_lit(b, ">");
        page_csrf(req, b);
        char id[48], cur[4];
        snprintf(id, sizeof id, "f-level-%lld", (long long)e->id);
        snprintf(cur, sizeof cur, "%d", e->level);
        /* One row of the table: the label is for screen readers, the
         * column heading says it to the eye. */
        html_lit(b, "<label class=\"instroom-visually-hidden\"");
        html_attr(b, "for", id);
        html_lit(b, ">");
        html_text(b, msg_fill(req, MSG_SKILLS_LEVEL_OF, label, NULL));
        html_lit(b, "</label><select class=\"utrecht-select utrecht-select--html-select instroom-inline-select\" name=\"level\"");
        html_attr(b, "id", id);
        html_lit(b, ">");
        for (int k = 0; k < 4; k++) {
            html_lit(b, "<option");
            html_attr(b, "value", level_names[k]);
            if (str_eq(cur, level_names[k])) html_lit(b, " selected");
            html_lit(b, ">");
            html_text(b, msg(req, level_labels[k]));
            html_lit(b, "</option>");
        }
        html_lit(b, "</select> ");
        if (e->evidence) {
            html_lit(b, "<input type=\"hidden\" name=\"evidence\"");
            html_attr(b, "value", e->evidence);
            html_lit(b, ">");
        }
        html_lit(b, "<button class=\"utrecht-button utrecht-button--secondary-action\" type=\"submit\">");
        html_text(b, msg(req, MSG_SKILLS_CHANGE_LEVEL));
        html_lit(b, "</button></form>");
        html_lit(b, "<form class=\"instroom-inline-form\" method=\"post\"");
        html_attr(b, "action", arena_printf(req->arena, "%s/%lld/delete", base, (long long)e->id));
        html_lit(b, ">");
        page_csrf(req, b);
        html_lit(b, "<button class=\"utrecht-button utrecht-button--secondary-action\" type=\"submit\"");
        html_attr(b, "aria-label", msg_fill(req, MSG_SKILLS_DELETE_LABEL, label, NULL));
        html_lit(b, ">");
        html_text(b, msg(req, MSG_SKILLS_DELETE));
        html_lit(b, "</button></form>");
    }
}

static void add_form(http_request *req, buf *b, const char *base, bool self, const api_errors *e)
{
    ui_heading(b, 2, msg(req, self ? MSG_SKILLS_ADD_OWN : MSG_SKILLS_ADD));
    ui_paragraph(b, msg(req, self ? MSG_SKILLS_ADD_OWN_INTRO : MSG_SKILLS_ADD_INTRO));
    /* Without JavaScript: a search narrows the list of skills to choose from. */
    html_lit(b, "<div class=\"instroom-panel\"><form class=\"instroom-form-grid\" method=\"get\" role=\"search\"");
    html_attr(b, "action", base);
    html_lit(b, ">");
    page_field(b, "f-find", "q", msg(req, MSG_SKILLS_FIND), "search", http_query(req, "q"), NULL,
               msg(req, MSG_SKILLS_SEARCH_HINT), "off");
    html_lit(b, "<div class=\"instroom-form__actions\">");
    ui_submit(b, msg(req, MSG_SKILLS_SEARCH_SUBMIT));
    html_lit(b, "</div></form>");
    const char *q = http_query(req, "q");
    if (q && api_text_check(q, false, SKILLS_QUERY_MAX, false) != API_TEXT_OK) q = NULL;
    skills_skill *list = NULL;
    int n = 0;
    skills_search(http_db(req), req->arena, q, q && *q ? NULL : "basic", 100, &list, &n);
    ui_option *opts = arena_calloc(req->arena, (size_t)(n ? n : 1), sizeof *opts);
    for (int i = 0; opts && i < n; i++)
        opts[i] = (ui_option){arena_printf(req->arena, "%lld", (long long)list[i].id), skills_label(&list[i], req->lang)};
    html_lit(b, "<form class=\"instroom-form\" method=\"post\" novalidate");
    html_attr(b, "action", base);
    html_lit(b, ">");
    page_csrf(req, b);
    ui_select(b, "f-skill", "skill_id", msg(req, MSG_SKILLS_SKILL), opts, opts ? n : 0, msg(req, MSG_SKILLS_CHOOSE),
              e ? http_form(req, "skill_id") : NULL, api_errors_text(req, e, "skill_id"));
    ui_select(b, "f-level", "level", msg(req, MSG_SKILLS_LEVEL), options(req, level_names, level_labels, 4), 4, NULL,
              e ? http_form(req, "level") : "1", api_errors_text(req, e, "level"));
    ui_select(b, "f-source", "source", msg(req, MSG_SKILLS_SOURCE), options(req, source_names, source_labels, 5), 5,
              NULL, e ? http_form(req, "source") : (self ? "hobby" : "training"), api_errors_text(req, e, "source"));
    page_field(b, "f-evidence", "evidence", msg(req, MSG_SKILLS_EVIDENCE), "textarea",
               e ? http_form(req, "evidence") : NULL, api_errors_text(req, e, "evidence"),
               msg(req, MSG_SKILLS_EVIDENCE_HINT), NULL);
    if (!self) {
        html_lit(b, "<span class=\"utrecht-form-field utrecht-form-field--checkbox\"><input class=\"utrecht-checkbox\""
                    " type=\"checkbox\" id=\"f-verify\" name=\"verify\" value=\"1\" checked>"
                    "<label class=\"utrecht-form-label utrecht-form-label--checkbox\" for=\"f-verify\">");
        html_text(b, msg(req, MSG_SKILLS_VERIFY_NOW));
        html_lit(b, "</label></span>");
    }
    html_lit(b, "<div class=\"instroom-form__actions\">");
    ui_submit(b, msg(req, MSG_SKILLS_ADD_SUBMIT));
    html_lit(b, "</div></form></div>");
}

static void profile_page(http_request *req, http_response *res, int status, bool me, const people_person *p,
                         bool self, const api_errors *e)
{
    const char *name = people_full_name(req->arena, p->given_name, p->family_name);
    const char *title = me ? msg(req, MSG_SKILLS_MINE) : msg_fill(req, MSG_SKILLS_OF, name, NULL);
    page_begin(req, res, title);
    res->status = status;
    buf *b = &res->body;
    if (!me) {
        html_lit(b, "<p class=\"utrecht-paragraph\">");
        ui_link(b, arena_printf(req->arena, "/people/%lld", (long long)p->id), msg_fill(req, MSG_SKILLS_BACK, name, NULL));
        html_lit(b, "</p>");
    }
    ui_heading(b, 1, title);
    const char *base = base_href(req, me, p->id);
    if (str_eq(http_query(req, "saved"), "1")) page_alert(b, ALERT_OK, msg(req, MSG_SKILLS_SAVED));
    if (e && e->n) page_alert(b, ALERT_ERROR, msg(req, MSG_UI_FORM_INVALID));
    html_lit(b, "<div class=\"instroom-toolbar\"><p class=\"utrecht-paragraph\">");
    html_text(b, msg(req, self ? MSG_SKILLS_MINE_INTRO : MSG_SKILLS_OF_INTRO));
    html_lit(b, "</p>");
    page_button_link(b, arena_printf(req->arena, "%s/card.pdf", base), msg(req, MSG_SKILLS_CARD_DOWNLOAD), 1);
    html_lit(b, "</div>");
    skills_entry *list = NULL;
    int n = 0;
    int rc = skills_profile(http_db(req), req->arena, p->id, &list, &n);
    policy_target t = skills_profile_target(req, p);
    bool may_write = policy_allows(auth_current(req), POLICY_WRITE, &t, NULL);
    if (rc) {
        page_alert(b, ALERT_ERROR, msg(req, MSG_SKILLS_ERR_LOAD));
    } else if (n == 0) {
        page_empty(b, msg(req, MSG_SKILLS_PROFILE_EMPTY), msg(req, MSG_SKILLS_PROFILE_EMPTY_TEXT), NULL, NULL);
    } else {
        ui_table_begin(b, "profile-caption", title, false);
        html_lit(b, "<thead class=\"utrecht-table__header\"><tr class=\"utrecht-table__row\">");
        const msg_id cols[] = {MSG_SKILLS_SKILL, MSG_SKILLS_LEVEL, MSG_SKILLS_SOURCE, MSG_SKILLS_EVIDENCE,
                               MSG_SKILLS_VERIFIED, MSG_SKILLS_ACTIONS};
        for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++) {
            html_lit(b, "<th class=\"utrecht-table__header-cell\" scope=\"col\">");
            html_text(b, msg(req, cols[i]));
            html_lit(b, "</th>");
        }
        html_lit(b, "</tr></thead><tbody class=\"utrecht-table__body\">");
        for (int i = 0; i < n; i++) {
            const skills_entry *x = &list[i];
            html_lit(b, "<tr class=\"utrecht-table__row\"><th class=\"utrecht-table__header-cell\" scope=\"row\">");
            html_text(b, skills_entry_label(x, req->lang));
            html_lit(b, "</th><td class=\"utrecht-table__cell\">");
            html_text(b, level_text(req, x->level));
            html_lit(b, "</td><td class=\"utrecht-table__cell\">");
            html_text(b, label_of(req, x->source, source_names, source_labels, 5));
            html_lit(b, "</td><td class=\"utrecht-table__cell\">");
            html_text(b, x->evidence);
            html_lit(b, "</td><td class=\"utrecht-table__cell\">");
            if (x->verified_at) {
                char day[16];
                time_format_ams(day, sizeof day, x->verified_at, "%d-%m-%Y");
                ui_status_badge(b, UI_BADGE_SUCCESS,
                                msg_fill(req, MSG_SKILLS_VERIFIED_BY,
                                         x->verified_by_name ? x->verified_by_name : msg(req, MSG_SKILLS_SYSTEM), day));
            } else {
                ui_status_badge(b, UI_BADGE_NEUTRAL, msg(req, MSG_SKILLS_UNVERIFIED));
            }
            html_lit(b, "</td><td class=\"utrecht-table__cell\">");
            entry_actions(req, b, base, self, may_write, x);
            html_lit(b, "</td></tr>");
        }
        html_lit(b, "</tbody>");
        ui_table_end(b);
    }
    if (may_write) add_form(req, b, base, self, e);
    page_end(req, res);
}

static int profile_show(http_request *req, http_response *res)
{
    bool me, self;
    int64_t pid = route_person(req, &me);
    people_person p;
    int rc = skills_open_profile(req, pid, POLICY_READ, &p, &self);
    if (rc == 404 && me) {
        page_begin(req, res, msg(req, MSG_SKILLS_MINE));
        ui_heading(&res->body, 1, msg(req, MSG_SKILLS_MINE));
        page_empty(&res->body, msg(req, MSG_PEOPLE_ME_NONE), msg(req, MSG_PEOPLE_ME_NONE_TEXT), NULL, NULL);
        page_end(req, res);
        return 0;
    }
    if (rc) return fail(req, res, rc);
    profile_page(req, res, 200, me, &p, self, NULL);
    return 0;
}

static int profile_add_submit(http_request *req, http_response *res)
{
    bool me, self;
    int64_t pid = route_person(req, &me);
    people_person p;
    int rc = skills_open_profile(req, pid, POLICY_WRITE, &p, &self);
    if (rc) return fail(req, res, rc);
    api_errors e = {0};
    skills_entry_input in = {
        .level = http_form(req, "level"),
        .source = http_form(req, "source"),
        .evidence = http_form(req, "evidence"),
        .verify = !self && str_eq(http_form(req, "verify"), "1"),
    };
    const char *sid = http_form(req, "skill_id");
    if (sid && *sid && str_to_int64(sid, 1, INT64_MAX, &in.skill_id) != 0)
        api_errors_add(&e, "skill_id", MSG_SKILLS_ERR_UNKNOWN_SKILL);
    int64_t id = 0;
    rc = e.n ? API_EINVALID : skills_entry_add(req, p.id, &in, &id, &e);
    if (rc == API_EINVALID) {
        profile_page(req, res, 422, me, &p, self, &e);
        return 0;
    }
    return page_after_write(req, res, rc, arena_printf(req->arena, "%s?saved=1", base_href(req, me, p.id)));
}

/* Loads entry {sid} of the route's person for a change; 0, 403, 404 or a db code. */
static int open_entry(http_request *req, bool *me, bool *self, people_person *p, skills_entry *x)
{
    int64_t pid = route_person(req, me);
    int rc = skills_open_profile(req, pid, POLICY_WRITE, p, self);
    if (rc) return rc;
    int64_t sid = http_path_id(req, "sid");
    rc = sid ? skills_entry_get(http_db(req), req->arena, sid, x) : DB_ENOTFOUND;
    if (rc == DB_ENOTFOUND || (!rc && x->person_id != p->id)) return 404;
    return rc;
}

static int entry_update_submit(http_request *req, http_response *res)
{
    bool me, self;
    people_person p;
    skills_entry x;
    int rc = open_entry(req, &me, &self, &p, &x);
    if (rc) return fail(req, res, rc);
    if (!skills_may_change(req, self, &x)) {
        audit_request(req, "update", "person_skill", x.id, 0, "denied", "verified, or not added by the person");
        http_error(req, res, 403);
        return 0;
    }
    api_errors e = {0};
    skills_entry_input in = {.level = http_form(req, "level"), .evidence = http_form(req, "evidence")};
    rc = skills_entry_update(req, &x, &in, &e);
    if (rc == API_EINVALID) {
        profile_page(req, res, 422, me, &p, self, &e);
        return 0;
    }
    return page_after_write(req, res, rc, arena_printf(req->arena, "%s?saved=1", base_href(req, me, p.id)));
}

static int entry_verify_submit(http_request *req, http_response *res)
{
    bool me, self;
    people_person p;
    skills_entry x;
    int rc = open_entry(req, &me, &self, &p, &x);
    if (rc) return fail(req, res, rc);
    if (self) { /* nobody verifies their own skills */
        audit_request(req, "verify", "person_skill", x.id, 0, "denied", "own skill");
        http_error(req, res, 403);
        return 0;
    }
    rc = skills_entry_verify(req, &x);
    return page_after_write(req, res, rc, arena_printf(req->arena, "%s?saved=1", base_href(req, me, p.id)));
}

static int entry_delete_submit(http_request *req, http_response *res)
{
    bool me, self;
    people_person p;
    skills_entry x;
    int rc = open_entry(req, &me, &self, &p, &x);
    if (rc) return fail(req, res, rc);
    if (!skills_may_change(req, self, &x)) {
        audit_request(req, "delete", "person_skill", x.id, 0, "denied", "verified, or not added by the person");
        http_error(req, res, 403);
        return 0;
    }
    rc = skills_entry_delete(req, &x);
    return page_after_write(req, res, rc, arena_printf(req->arena, "%s?saved=1", base_href(req, me, p.id)));
}

/* ---- the card ---- */

static int card_download(http_request *req, http_response *res)
{
    bool me, self;
    int64_t pid = route_person(req, &me);
    people_person p;
    int rc = skills_open_profile(req, pid, POLICY_READ, &p, &self);
    if (rc) return fail(req, res, rc);
    skills_card card = {.lang = req->lang, .name = people_full_name(req->arena, p.given_name, p.family_name),
                        .date = time_now()};
    rc = skills_profile(http_db(req), req->arena, p.id, (skills_entry **)&card.entries, &card.n);
    if (!rc) rc = skills_person_programme(http_db(req), req->arena, p.id, &card.programme);
    if (!rc) rc = audit_request(req, "read", "person.skills.card", p.id, 0, "ok", NULL);
    if (rc) return api_fail(rc);
    buf_reset(&res->body);
    if (skills_card_pdf(&card, &res->body) != 0) return -1;
    res->status = 200;
    res->content_type = "application/pdf";
    http_set_header(req, res, "Content-Disposition",
                    arena_printf(req->arena, "attachment; filename=\"%s\"", skills_card_filename(req->arena, card.name)));
    return 0;
}

const http_route skills_routes[] = {
    {"GET", "/skills", catalogue_show, 0, "skills: search the catalogue"},
    {"POST", "/skills", catalogue_add_submit, 0, "skills: add a local skill"},
    {"GET", "/people/{id}/skills", profile_show, 0, "skills: a person's profile"},
    {"POST", "/people/{id}/skills", profile_add_submit, 0, "skills: add to a person's profile"},
    {"POST", "/people/{id}/skills/{sid}", entry_update_submit, 0, "skills: change a level"},
    {"POST", "/people/{id}/skills/{sid}/verify", entry_verify_submit, 0, "skills: verify a skill"},
    {"POST", "/people/{id}/skills/{sid}/delete", entry_delete_submit, 0, "skills: delete a skill"},
    {"GET", "/people/{id}/skills/card.pdf", card_download, 0, "skills: the inspiratiekaart (PDF)"},
    {"GET", "/me/skills", profile_show, 0, "skills: my profile"},
    {"POST", "/me/skills", profile_add_submit, 0, "skills: add my own skill"},
    {"POST", "/me/skills/{sid}", entry_update_submit, 0, "skills: change my own skill"},
    {"POST", "/me/skills/{sid}/delete", entry_delete_submit, 0, "skills: delete my own skill"},
    {"GET", "/me/skills/card.pdf", card_download, 0, "skills: my inspiratiekaart (PDF)"},
    {0},
};
