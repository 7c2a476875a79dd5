/* training pages: /training (courses), a course with its modules, sessions
 * and enrolments, the forms to change them, a session with the attendance
 * form, an enrolment with the assessment per module, the planner button and
 * the participant's /me/training. Thin: the policy decides (POLICY_TRAINING
 * for courses, POLICY_TRAINING_RECORD for enrolments), store.c does. */
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
#include "training/pages.h"
#include "training/planner.h"
#include "training/store.h"
#include "training/training.h"

#define href(req, fmt, id) arena_printf((req)->arena, fmt, (long long)(id))
#define MAX_ORGS 32

static const char *int_text(http_request *req, int64_t v)
{
    return arena_printf(req->arena, "%lld", (long long)v);
}

static bool is_en(const http_request *req)
{
    return str_eq(req->lang, "en");
}

static void back_link(buf *b, const char *to, const char *text)
{
    html_lit(b, "<p class=\"utrecht-paragraph\">");
    ui_link(b, to, text);
    html_lit(b, "</p>");
}

static int store_failed(http_request *req, http_response *res, int rc)
{
    if (rc == DB_ENOTFOUND) {
        http_error(req, res, 404);
        return 0;
    }
    return api_fail(rc);
}

static void td_begin(buf *b)
{
    html_lit(b, "<td class=\"utrecht-table__cell\">");
}

static void thead_end_tbody(buf *b)
{
    html_lit(b, "</tr></thead><tbody class=\"utrecht-table__body\">");
}

static void row_begin(buf *b)
{
    html_lit(b, "<tr class=\"utrecht-table__row\">");
}

/* ---- Access ---- */

bool training_may(http_request *req, policy_op op, int64_t course_id, bool enforce)
{
    int64_t orgs[MAX_ORGS];
    int n = 0;
    if (course_id && training_course_orgs(http_db(req), course_id, orgs, MAX_ORGS, &n) != 0) return false;
    policy_target t = {.kind = POLICY_TRAINING, .id = course_id, .orgs = orgs, .norgs = n};
    return enforce ? policy_enforce(req, op, &t, NULL) : policy_allows(auth_current(req), op, &t, NULL);
}

bool training_may_record(http_request *req, policy_op op, const training_enrolment *en, bool enforce)
{
    int64_t orgs[MAX_ORGS * 2];
    int n = 0, m = 0;
    if (training_course_orgs(http_db(req), en->course_id, orgs, MAX_ORGS, &n) != 0) return false;
    if (op == POLICY_READ && training_person_orgs(http_db(req), en->person_id, orgs + n, MAX_ORGS, &m) != 0)
        return false;
    policy_target t = {.kind = POLICY_TRAINING_RECORD, .id = en->id, .orgs = orgs, .norgs = n + m,
                       .person_id = en->person_id};
    return enforce ? policy_enforce(req, op, &t, NULL) : policy_allows(auth_current(req), op, &t, NULL);
}

/* True when the user may create a course at some school (a trainer or the coordinator). */
static bool may_create(http_request *req)
{
    const auth_principal *p = auth_current(req);
    return p && (p->roles & (ROLE_BIT(ROLE_TRAINER) | ROLE_BIT(ROLE_COORDINATOR)));
}

/* ---- Texts ---- */

const char *training_when(http_request *req, int64_t starts_at, int64_t ends_at)
{
    char d[32], a[8], e[8];
    time_format_ams(d, sizeof d, starts_at, "%d-%m-%Y");
    time_format_ams(a, sizeof a, starts_at, "%H:%M");
    time_format_ams(e, sizeof e, ends_at, "%H:%M");
    static const msg_id days[] = {MSG_TRAINING_DAY_MON, MSG_TRAINING_DAY_TUE, MSG_TRAINING_DAY_WED, MSG_TRAINING_DAY_THU,
                                  MSG_TRAINING_DAY_FRI, MSG_TRAINING_DAY_SAT, MSG_TRAINING_DAY_SUN};
    return arena_printf(req->arena, "%s %s %s–%s", msg(req, days[training_weekday(starts_at)]), d, a, e);
}

const char *training_status_text(http_request *req, const char *status)
{
    if (str_eq(status, "present")) return msg(req, MSG_TRAINING_PRESENT);
    if (str_eq(status, "absent")) return msg(req, MSG_TRAINING_ABSENT);
    if (str_eq(status, "excused")) return msg(req, MSG_TRAINING_EXCUSED);
    if (str_eq(status, "passed")) return msg(req, MSG_TRAINING_PASSED);
    if (str_eq(status, "failed")) return msg(req, MSG_TRAINING_FAILED);
    if (str_eq(status, "enrolled")) return msg(req, MSG_TRAINING_STATUS_ENROLLED);
    if (str_eq(status, "completed")) return msg(req, MSG_TRAINING_STATUS_COMPLETED);
    if (str_eq(status, "withdrawn")) return msg(req, MSG_TRAINING_STATUS_WITHDRAWN);
    return msg(req, MSG_TRAINING_NOT_RECORDED);
}

static ui_badge status_badge(const char *status)
{
    if (str_eq(status, "present") || str_eq(status, "passed") || str_eq(status, "completed")) return UI_BADGE_SUCCESS;
    if (str_eq(status, "absent") || str_eq(status, "failed")) return UI_BADGE_DANGER;
    if (str_eq(status, "excused")) return UI_BADGE_WARNING;
    return UI_BADGE_NEUTRAL;
}

static const char *module_name(http_request *req, const char *nl, const char *en)
{
    return is_en(req) && en ? en : nl;
}

static const char *module_length(http_request *req, const training_module *m)
{
    if (m->dayparts == 1) return msg(req, MSG_TRAINING_DAYPARTS_1);
    if (m->dayparts) return msg_fill(req, MSG_TRAINING_DAYPARTS_N, int_text(req, m->dayparts), NULL);
    if (m->weeks == 1) return msg(req, MSG_TRAINING_WEEKS_1);
    if (m->weeks) return msg_fill(req, MSG_TRAINING_WEEKS_N, int_text(req, m->weeks), NULL);
    return "";
}

static const char *skills_text(http_request *req, const training_module *m)
{
    buf t;
    buf_init(&t, 1 << 16);
    for (int i = 0; i < m->nskills; i++) {
        if (i) buf_puts(&t, ", ");
        buf_printf(&t, "%s (%d)", is_en(req) && m->skills[i].label_en ? m->skills[i].label_en : m->skills[i].label_nl,
                   m->skills[i].level);
    }
    const char *s = arena_strdup(req->arena, buf_cstr(&t));
    buf_free(&t);
    return s ? s : "";
}

/* ---- Courses: list ---- */

static int courses_show(http_request *req, http_response *res)
{
    if (!training_may(req, POLICY_READ, 0, true)) {
        http_error(req, res, 403);
        return 0;
    }
    training_course *list;
    int n;
    int rc = training_course_list(http_db(req), req->arena, &list, &n);
    if (rc) return api_fail(rc);
    page_begin(req, res, msg(req, MSG_TRAINING_TITLE));
    buf *b = &res->body;
    ui_heading(b, 1, msg(req, MSG_TRAINING_TITLE));
    html_lit(b, "<div class=\"instroom-toolbar\"><p class=\"utrecht-paragraph\">");
    html_text(b, msg(req, MSG_TRAINING_INTRO));
    html_lit(b, "</p>");
    if (may_create(req)) page_button_link(b, "/training/courses/new", msg(req, MSG_TRAINING_NEW_COURSE), 1);
    html_lit(b, "</div>");
    if (n == 0) {
        page_empty(b, msg(req, MSG_TRAINING_EMPTY), msg(req, MSG_TRAINING_EMPTY_TEXT), NULL, NULL);
        page_end(req, res);
        return 0;
    }
    ui_table_begin(b, "courses-caption", msg(req, MSG_TRAINING_TITLE), false);
    html_lit(b, "<thead class=\"utrecht-table__header\"><tr class=\"utrecht-table__row\">");
    ui_th(b, msg(req, MSG_TRAINING_FIELD_NAME));
    ui_th(b, msg(req, MSG_TRAINING_FIELD_SCHOOL));
    ui_th(b, msg(req, MSG_TRAINING_MODULES));
    ui_th(b, msg(req, MSG_TRAINING_SESSIONS));
    ui_th(b, msg(req, MSG_TRAINING_ENROLLED));
    ui_th(b, msg(req, MSG_TRAINING_COMPLETED));
    thead_end_tbody(b);
    for (int i = 0; i < n; i++) {
        row_begin(b);
        td_begin(b);
        ui_link(b, href(req, "/training/courses/%lld", list[i].id), list[i].name);
        html_lit(b, "</td>");
        ui_td(b, list[i].org_name);
        ui_td(b, int_text(req, list[i].nmodules));
        ui_td(b, int_text(req, list[i].nsessions));
        ui_td(b, int_text(req, list[i].nenrolled));
        ui_td(b, int_text(req, list[i].ncompleted));
        html_lit(b, "</tr>");
    }
    html_lit(b, "</tbody>");
    ui_table_end(b);
    page_end(req, res);
    return 0;
}

/* ---- Courses: form ---- */

static ui_option *choice_options(http_request *req, const training_choice *list, int n)
{
    ui_option *o = arena_calloc(req->arena, (size_t)(n ? n : 1), sizeof *o);
    for (int i = 0; o && i < n; i++) o[i] = (ui_option){int_text(req, list[i].id), list[i].label};
    return o;
}

static void course_form(http_request *req, http_response *res, int status, const training_course *existing,
                        const training_course_input *in, const api_errors *e)
{
    const char *title = existing ? msg_fill(req, MSG_TRAINING_EDIT_COURSE, existing->name, NULL)
                                 : msg(req, MSG_TRAINING_NEW_COURSE);
    training_choice *schools = NULL, *programmes = NULL;
    int nschools = 0, nprog = 0;
    training_school_choices(http_db(req), req->arena, &schools, &nschools);
    db_stmt *s;
    /* Programmes: id and name. */
    int cap = 0;
    if (db_prepare(http_db(req), "SELECT id, name FROM programmes ORDER BY name", DB_NOARGS, &s) == 0) {
        while (db_step(s) == DB_ROW) {
            if (nprog == cap) {
                cap = cap ? cap * 2 : 16;
                training_choice *g = arena_calloc(req->arena, (size_t)cap, sizeof *g);
                if (!g) break;
                if (programmes) memcpy(g, programmes, (size_t)nprog * sizeof *g);
                programmes = g;
            }
            programmes[nprog++] = (training_choice){db_col_int(s, 0), arena_strdup(req->arena, db_col_text(s, 1)), 0};
        }
        db_finalize(s);
    }
    page_begin(req, res, title);
    res->status = status;
    buf *b = &res->body;
    back_link(b, existing ? href(req, "/training/courses/%lld", existing->id) : "/training",
              existing ? existing->name : msg(req, MSG_TRAINING_TITLE));
    ui_heading(b, 1, title);
    if (e && e->n) page_alert(b, ALERT_ERROR, msg(req, MSG_UI_FORM_INVALID));
    html_lit(b, "<div class=\"instroom-panel\"><form class=\"instroom-form\" method=\"post\" novalidate");
    html_attr(b, "action", existing ? href(req, "/training/courses/%lld", existing->id) : "/training/courses");
    html_lit(b, ">");
    page_csrf(req, b);
    page_field(b, "f-name", "name", msg(req, MSG_TRAINING_FIELD_NAME), "text", in->name, api_errors_text(req, e, "name"),
               NULL, NULL);
    page_field(b, "f-slug", "slug", msg(req, MSG_TRAINING_FIELD_SLUG), "text", in->slug, api_errors_text(req, e, "slug"),
               msg(req, MSG_TRAINING_FIELD_SLUG_HINT), NULL);
    ui_select(b, "f-org", "org_id", msg(req, MSG_TRAINING_FIELD_SCHOOL), choice_options(req, schools, nschools), nschools,
              msg(req, MSG_TRAINING_CHOOSE), in->org_id ? int_text(req, in->org_id) : NULL,
              api_errors_text(req, e, "org_id"));
    ui_select(b, "f-programme", "programme_id", msg(req, MSG_TRAINING_FIELD_PROGRAMME),
              choice_options(req, programmes, nprog), nprog, msg(req, MSG_TRAINING_NONE),
              in->programme_id ? int_text(req, in->programme_id) : NULL, api_errors_text(req, e, "programme_id"));
    page_field(b, "f-desc-nl", "description_nl", msg(req, MSG_TRAINING_FIELD_DESCRIPTION_NL), "textarea",
               in->description_nl, api_errors_text(req, e, "description_nl"), NULL, NULL);
    page_field(b, "f-desc-en", "description_en", msg(req, MSG_TRAINING_FIELD_DESCRIPTION_EN), "textarea",
               in->description_en, api_errors_text(req, e, "description_en"), NULL, NULL);
    html_lit(b, "<div class=\"instroom-form__actions\">");
    ui_submit(b, msg(req, MSG_UI_SAVE));
    page_button_link(b, existing ? href(req, "/training/courses/%lld", existing->id) : "/training",
                     msg(req, MSG_UI_CANCEL), 0);
    html_lit(b, "</div></form></div>");
    page_end(req, res);
}

/* An id form field: 0 when empty, -1 when it is not a positive number. */
static int64_t form_id(http_request *req, const char *name)
{
    const char *v = http_form(req, name);
    if (!v || !*v) return 0;
    int64_t id;
    return str_to_int64(v, 1, INT64_MAX, &id) == 0 ? id : -1;
}

static void course_from_form(http_request *req, training_course_input *in)
{
    memset(in, 0, sizeof *in);
    in->slug = http_form(req, "slug");
    in->name = http_form(req, "name");
    in->description_nl = http_form(req, "description_nl");
    in->description_en = http_form(req, "description_en");
    in->org_id = form_id(req, "org_id");
    in->programme_id = form_id(req, "programme_id");
}

static int course_new_show(http_request *req, http_response *res)
{
    if (!may_create(req)) {
        http_error(req, res, 403);
        return 0;
    }
    training_course_input in = {0};
    course_form(req, res, 200, NULL, &in, NULL);
    return 0;
}

static int course_create_submit(http_request *req, http_response *res)
{
    training_course_input in;
    course_from_form(req, &in);
    int64_t orgs[1] = {in.org_id};
    policy_target t = {.kind = POLICY_TRAINING, .orgs = orgs, .norgs = in.org_id > 0 ? 1 : 0};
    if (!may_create(req) || (in.org_id > 0 && !policy_enforce(req, POLICY_WRITE, &t, NULL))) {
        http_error(req, res, 403);
        return 0;
    }
    api_errors e = {0};
    int64_t id = 0;
    int rc = training_course_save(req, &id, &in, &e);
    if (rc == API_EINVALID) {
        course_form(req, res, 422, NULL, &in, &e);
        return 0;
    }
    return page_after_write(req, res, rc, href(req, "/training/courses/%lld?saved=1", id));
}

/* Loads the course of the path; *done when a page (404, 403) was written. */
static int load_course(http_request *req, http_response *res, policy_op op, training_course *c, bool *done)
{
    *done = true;
    int64_t id = http_path_id(req, "id");
    if (!id) {
        http_error(req, res, 404);
        return 0;
    }
    int rc = training_course_load(http_db(req), req->arena, id, c);
    if (rc) return store_failed(req, res, rc);
    if (!training_may(req, op, id, true)) {
        http_error(req, res, 403);
        return 0;
    }
    *done = false;
    return 0;
}

static int course_edit_show(http_request *req, http_response *res)
{
    training_course c;
    bool done;
    int rc = load_course(req, res, POLICY_WRITE, &c, &done);
    if (rc || done) return rc;
    training_course_input in = {.slug = c.slug, .name = c.name, .description_nl = c.description_nl,
                                .description_en = c.description_en, .org_id = c.org_id, .programme_id = c.programme_id};
    course_form(req, res, 200, &c, &in, NULL);
    return 0;
}

static int course_update_submit(http_request *req, http_response *res)
{
    training_course c;
    bool done;
    int rc = load_course(req, res, POLICY_WRITE, &c, &done);
    if (rc || done) return rc;
    training_course_input in;
    course_from_form(req, &in);
    if (in.org_id > 0 && in.org_id != c.org_id) { /* moving it: the new school must allow it too */
        int64_t orgs[1] = {in.org_id};
        policy_target t = {.kind = POLICY_TRAINING, .id = c.id, .orgs = orgs, .norgs = 1};
        if (!policy_enforce(req, POLICY_WRITE, &t, NULL)) {
            http_error(req, res, 403);
            return 0;
        }
    }
    api_errors e = {0};
    int64_t id = c.id;
    rc = training_course_save(req, &id, &in, &e);
    if (rc == API_EINVALID) {
        course_form(req, res, 422, &c, &in, &e);
        return 0;
    }
    return page_after_write(req, res, rc, href(req, "/training/courses/%lld?saved=1", id));
}

/* ---- Course: detail ---- */

static void modules_table(http_request *req, buf *b, const training_module *mods, int n, bool write)
{
    ui_table_begin(b, "modules-caption", msg(req, MSG_TRAINING_MODULES), false);
    html_lit(b, "<thead class=\"utrecht-table__header\"><tr class=\"utrecht-table__row\">");
    ui_th(b, "#");
    ui_th(b, msg(req, MSG_TRAINING_FIELD_NAME));
    ui_th(b, msg(req, MSG_TRAINING_LENGTH));
    ui_th(b, msg(req, MSG_TRAINING_SKILLS));
    if (write) ui_th(b, msg(req, MSG_TRAINING_ACTIONS));
    thead_end_tbody(b);
    for (int i = 0; i < n; i++) {
        row_begin(b);
        ui_td(b, int_text(req, mods[i].position));
        ui_td(b, module_name(req, mods[i].name_nl, mods[i].name_en));
        ui_td(b, module_length(req, &mods[i]));
        ui_td(b, skills_text(req, &mods[i]));
        if (write) {
            td_begin(b);
            ui_link(b, href(req, "/training/modules/%lld/edit", mods[i].id), msg(req, MSG_UI_EDIT));
            html_lit(b, "</td>");
        }
        html_lit(b, "</tr>");
    }
    html_lit(b, "</tbody>");
    ui_table_end(b);
}

static void sessions_table(http_request *req, buf *b, const training_session *list, int n)
{
    ui_table_begin(b, "sessions-caption", msg(req, MSG_TRAINING_SESSIONS), false);
    html_lit(b, "<thead class=\"utrecht-table__header\"><tr class=\"utrecht-table__row\">");
    ui_th(b, msg(req, MSG_TRAINING_MODULE));
    ui_th(b, msg(req, MSG_TRAINING_WHEN));
    ui_th(b, msg(req, MSG_TRAINING_WHERE));
    ui_th(b, msg(req, MSG_TRAINING_FIELD_TRAINER));
    ui_th(b, msg(req, MSG_TRAINING_PLACES));
    thead_end_tbody(b);
    for (int i = 0; i < n; i++) {
        row_begin(b);
        ui_td(b, list[i].module_id ? module_name(req, list[i].module_nl, list[i].module_en) : "—");
        td_begin(b);
        ui_link(b, href(req, "/training/sessions/%lld", list[i].id), training_when(req, list[i].starts_at, list[i].ends_at));
        html_lit(b, "</td>");
        ui_td(b, arena_printf(req->arena, "%s (%s)", list[i].location, list[i].org_name));
        ui_td(b, list[i].trainer_name ? list[i].trainer_name : "—");
        ui_td(b, arena_printf(req->arena, "%d / %d", list[i].placed, list[i].capacity));
        html_lit(b, "</tr>");
    }
    html_lit(b, "</tbody>");
    ui_table_end(b);
}

static void enrolments_table(http_request *req, buf *b, const training_enrolment *list, int n, int nmodules)
{
    ui_table_begin(b, "enrolments-caption", msg(req, MSG_TRAINING_ENROLMENTS), false);
    html_lit(b, "<thead class=\"utrecht-table__header\"><tr class=\"utrecht-table__row\">");
    ui_th(b, msg(req, MSG_TRAINING_PARTICIPANT));
    ui_th(b, msg(req, MSG_TRAINING_COHORT));
    ui_th(b, msg(req, MSG_TRAINING_MODULES_PASSED));
    ui_th(b, msg(req, MSG_TRAINING_STATUS));
    thead_end_tbody(b);
    for (int i = 0; i < n; i++) {
        row_begin(b);
        td_begin(b);
        ui_link(b, href(req, "/training/enrolments/%lld", list[i].id), list[i].person_name);
        html_lit(b, "</td>");
        ui_td(b, list[i].cohort_name ? list[i].cohort_name : "—");
        ui_td(b, arena_printf(req->arena, "%d / %d", list[i].npassed, nmodules));
        td_begin(b);
        ui_status_badge(b, status_badge(list[i].status), training_status_text(req, list[i].status));
        html_lit(b, "</td></tr>");
    }
    html_lit(b, "</tbody>");
    ui_table_end(b);
}

static void enrol_forms(http_request *req, buf *b, const training_course *c, const api_errors *e)
{
    training_choice *cohorts = NULL, *people = NULL;
    int ncohorts = 0, npeople = 0;
    training_cohort_choices(http_db(req), req->arena, &cohorts, &ncohorts);
    db_stmt *s;
    int cap = 0;
    if (db_prepare(http_db(req),
                   "SELECT p.id, p.given_name || ' ' || p.family_name FROM people p WHERE NOT EXISTS "
                   "(SELECT 1 FROM enrolments e WHERE e.course_id = ? AND e.person_id = p.id) "
                   "ORDER BY p.family_name, p.given_name LIMIT 500",
                   DB_ARGS(db_int(c->id)), &s) == 0) {
        while (db_step(s) == DB_ROW) {
            if (npeople == cap) {
                cap = cap ? cap * 2 : 32;
                training_choice *g = arena_calloc(req->arena, (size_t)cap, sizeof *g);
                if (!g) break;
                if (people) memcpy(g, people, (size_t)npeople * sizeof *g);
                people = g;
            }
            people[npeople++] = (training_choice){db_col_int(s, 0), arena_strdup(req->arena, db_col_text(s, 1)), 0};
        }
        db_finalize(s);
    }
    ui_heading(b, 3, msg(req, MSG_TRAINING_ENROL));
    html_lit(b, "<div class=\"instroom-panel\"><form class=\"instroom-form\" method=\"post\" novalidate");
    html_attr(b, "action", href(req, "/training/courses/%lld/enrolments", c->id));
    html_lit(b, ">");
    page_csrf(req, b);
    ui_select(b, "f-enrol-cohort", "cohort_id", msg(req, MSG_TRAINING_ENROL_COHORT),
              choice_options(req, cohorts, ncohorts), ncohorts, msg(req, MSG_TRAINING_NONE), NULL,
              api_errors_text(req, e, "cohort_id"));
    ui_select(b, "f-enrol-person", "person_id", msg(req, MSG_TRAINING_ENROL_PERSON),
              choice_options(req, people, npeople), npeople, msg(req, MSG_TRAINING_NONE), NULL,
              api_errors_text(req, e, "person_id"));
    html_lit(b, "<div class=\"instroom-form__actions\">");
    ui_submit(b, msg(req, MSG_TRAINING_ENROL));
    html_lit(b, "</div></form></div>");
}

static int course_page(http_request *req, http_response *res, const training_course *c, int status,
                       const api_errors *enrol_errors)
{
    db_conn *conn = http_db(req);
    training_module *mods;
    training_session *sess;
    training_enrolment *ens;
    int nm, ns, ne;
    int rc = training_modules_of(conn, req->arena, c->id, &mods, &nm);
    if (!rc) rc = training_sessions_of(conn, req->arena, c->id, &sess, &ns);
    if (!rc) rc = training_enrolments_of(conn, req->arena, c->id, &ens, &ne);
    if (rc) return api_fail(rc);
    bool write = training_may(req, POLICY_WRITE, c->id, false);
    page_begin(req, res, c->name);
    res->status = status;
    buf *b = &res->body;
    back_link(b, "/training", msg(req, MSG_TRAINING_TITLE));
    ui_heading(b, 1, c->name);
    if (str_eq(http_query(req, "saved"), "1")) page_alert(b, ALERT_OK, msg(req, MSG_TRAINING_SAVED));
    const char *enrolled = http_query(req, "enrolled");
    if (enrolled) page_alert(b, ALERT_OK, msg_fill(req, MSG_TRAINING_ENROLLED_N, enrolled, NULL));
    if (enrol_errors && enrol_errors->n) page_alert(b, ALERT_ERROR, msg(req, MSG_UI_FORM_INVALID));
    ui_data_begin(b);
    ui_data_row(b, msg(req, MSG_TRAINING_FIELD_SCHOOL), c->org_name);
    ui_data_row(b, msg(req, MSG_TRAINING_FIELD_PROGRAMME), c->programme_name);
    ui_data_row(b, msg(req, MSG_TRAINING_FIELD_DESCRIPTION),
                is_en(req) && c->description_en ? c->description_en : c->description_nl);
    ui_data_end(b);
    if (write) {
        html_lit(b, "<div class=\"instroom-toolbar instroom-toolbar--start\">");
        page_button_link(b, href(req, "/training/courses/%lld/edit", c->id), msg(req, MSG_TRAINING_EDIT), 0);
        page_button_link(b, href(req, "/training/courses/%lld/modules/new", c->id), msg(req, MSG_TRAINING_NEW_MODULE), 0);
        page_button_link(b, href(req, "/training/courses/%lld/sessions/new", c->id), msg(req, MSG_TRAINING_NEW_SESSION), 0);
        html_lit(b, "</div>");
    }
    ui_heading(b, 2, msg(req, MSG_TRAINING_MODULES));
    if (nm) modules_table(req, b, mods, nm, write);
    else ui_paragraph(b, msg(req, MSG_TRAINING_NO_MODULES));
    ui_heading(b, 2, msg(req, MSG_TRAINING_SESSIONS));
    if (ns) sessions_table(req, b, sess, ns);
    else ui_paragraph(b, msg(req, MSG_TRAINING_NO_SESSIONS));
    if (write) {
        html_lit(b, "<form method=\"post\"");
        html_attr(b, "action", href(req, "/training/courses/%lld/plan", c->id));
        html_lit(b, ">");
        page_csrf(req, b);
        html_lit(b, "<p class=\"utrecht-paragraph\">");
        html_text(b, msg(req, MSG_TRAINING_PLAN_HINT));
        html_lit(b, "</p>");
        ui_submit(b, msg(req, MSG_TRAINING_PLAN_BUTTON));
        html_lit(b, "</form>");
    }
    ui_heading(b, 2, msg(req, MSG_TRAINING_ENROLMENTS));
    if (ne) enrolments_table(req, b, ens, ne, nm);
    else ui_paragraph(b, msg(req, MSG_TRAINING_NO_ENROLMENTS));
    if (write) enrol_forms(req, b, c, enrol_errors);
    page_end(req, res);
    return 0;
}

static int course_show(http_request *req, http_response *res)
{
    training_course c;
    bool done;
    int rc = load_course(req, res, POLICY_READ, &c, &done);
    if (rc || done) return rc;
    return course_page(req, res, &c, 200, NULL);
}

static int enrol_submit(http_request *req, http_response *res)
{
    training_course c;
    bool done;
    int rc = load_course(req, res, POLICY_WRITE, &c, &done);
    if (rc || done) return rc;
    int64_t cohort = form_id(req, "cohort_id"), person = form_id(req, "person_id");
    api_errors e = {0};
    if (cohort < 0) api_errors_add(&e, "cohort_id", MSG_TRAINING_COHORT_UNKNOWN);
    if (person < 0) api_errors_add(&e, "person_id", MSG_TRAINING_PERSON_UNKNOWN);
    if (!e.n && !cohort && !person) {
        api_errors_add(&e, "cohort_id", MSG_TRAINING_ENROL_WHO);
        api_errors_add(&e, "person_id", MSG_TRAINING_ENROL_WHO);
    }
    int added = 0;
    int64_t eid = 0;
    if (!e.n) {
        if (person) {
            rc = training_enrol_person(req, c.id, person, cohort, &eid, &e);
            added = 1;
        } else rc = training_enrol_cohort(req, c.id, cohort, &added, &e);
    } else rc = API_EINVALID;
    if (rc == API_EINVALID) return course_page(req, res, &c, 422, &e);
    return page_after_write(req, res, rc, arena_printf(req->arena, "/training/courses/%lld?enrolled=%d", (long long)c.id, added));
}

/* ---- Modules ---- */

static const char *skills_lines(http_request *req, const training_module *m)
{
    buf t;
    buf_init(&t, 1 << 16);
    for (int i = 0; i < m->nskills; i++) buf_printf(&t, "%s %d\n", m->skills[i].uri, m->skills[i].level);
    const char *s = arena_strdup(req->arena, buf_cstr(&t));
    buf_free(&t);
    return s;
}

static void module_form(http_request *req, http_response *res, int status, const training_course *c,
                        const training_module *existing, const training_module_input *in, const char *skills,
                        const api_errors *e)
{
    const char *title = existing ? msg_fill(req, MSG_TRAINING_EDIT_MODULE, existing->name_nl, NULL)
                                 : msg(req, MSG_TRAINING_NEW_MODULE);
    page_begin(req, res, title);
    res->status = status;
    buf *b = &res->body;
    back_link(b, href(req, "/training/courses/%lld", c->id), c->name);
    ui_heading(b, 1, title);
    if (e && e->n) page_alert(b, ALERT_ERROR, msg(req, MSG_UI_FORM_INVALID));
    html_lit(b, "<div class=\"instroom-panel\"><form class=\"instroom-form\" method=\"post\" novalidate");
    html_attr(b, "action", existing ? href(req, "/training/modules/%lld", existing->id)
                                    : href(req, "/training/courses/%lld/modules", c->id));
    html_lit(b, ">");
    page_csrf(req, b);
    page_field(b, "f-position", "position", msg(req, MSG_TRAINING_FIELD_POSITION), "text", in->position,
               api_errors_text(req, e, "position"), NULL, NULL);
    page_field(b, "f-name-nl", "name_nl", msg(req, MSG_TRAINING_FIELD_NAME_NL), "text", in->name_nl,
               api_errors_text(req, e, "name_nl"), NULL, NULL);
    page_field(b, "f-name-en", "name_en", msg(req, MSG_TRAINING_FIELD_NAME_EN), "text", in->name_en,
               api_errors_text(req, e, "name_en"), NULL, NULL);
    page_field(b, "f-dayparts", "dayparts", msg(req, MSG_TRAINING_FIELD_DAYPARTS), "text", in->dayparts,
               api_errors_text(req, e, "dayparts"), NULL, NULL);
    page_field(b, "f-weeks", "weeks", msg(req, MSG_TRAINING_FIELD_WEEKS), "text", in->weeks,
               api_errors_text(req, e, "weeks"), NULL, NULL);
    page_field(b, "f-skills", "skills", msg(req, MSG_TRAINING_SKILLS), "textarea", skills,
               api_errors_text(req, e, "skills"), msg(req, MSG_TRAINING_FIELD_SKILLS_HINT), NULL);
    html_lit(b, "<div class=\"instroom-form__actions\">");
    ui_submit(b, msg(req, MSG_UI_SAVE));
    page_button_link(b, href(req, "/training/courses/%lld", c->id), msg(req, MSG_UI_CANCEL), 0);
    html_lit(b, "</div></form></div>");
    page_end(req, res);
}

static void module_from_form(http_request *req, training_module_input *in, api_errors *e)
{
    memset(in, 0, sizeof *in);
    in->position = http_form(req, "position");
    in->name_nl = http_form(req, "name_nl");
    in->name_en = http_form(req, "name_en");
    in->dayparts = str_trim(req->arena, http_form(req, "dayparts"));
    in->weeks = str_trim(req->arena, http_form(req, "weeks"));
    training_module_skills_parse(req->arena, http_form(req, "skills"), in, e);
}

static int module_new_show(http_request *req, http_response *res)
{
    training_course c;
    bool done;
    int rc = load_course(req, res, POLICY_WRITE, &c, &done);
    if (rc || done) return rc;
    training_module_input in = {.position = int_text(req, c.nmodules + 1)};
    module_form(req, res, 200, &c, NULL, &in, NULL, NULL);
    return 0;
}

static int module_submit(http_request *req, http_response *res, const training_course *c, const training_module *m)
{
    training_module_input *in = arena_calloc(req->arena, 1, sizeof *in);
    if (!in) return DB_ENOMEM;
    api_errors e = {0};
    module_from_form(req, in, &e);
    int64_t id = m ? m->id : 0;
    int rc;
    if (e.n) {
        training_module_validate(in, &e);
        rc = API_EINVALID;
    } else rc = training_module_save(req, c->id, &id, in, &e);
    if (rc == API_EINVALID) {
        module_form(req, res, 422, c, m, in, http_form(req, "skills"), &e);
        return 0;
    }
    return page_after_write(req, res, rc, href(req, "/training/courses/%lld?saved=1", c->id));
}

static int module_create_submit(http_request *req, http_response *res)
{
    training_course c;
    bool done;
    int rc = load_course(req, res, POLICY_WRITE, &c, &done);
    if (rc || done) return rc;
    return module_submit(req, res, &c, NULL);
}

static int load_module(http_request *req, http_response *res, training_module *m, training_course *c, bool *done)
{
    *done = true;
    int64_t id = http_path_id(req, "id");
    int rc = id ? training_module_load(http_db(req), req->arena, id, m) : DB_ENOTFOUND;
    if (!rc) rc = training_course_load(http_db(req), req->arena, m->course_id, c);
    if (rc) return store_failed(req, res, rc);
    if (!training_may(req, POLICY_WRITE, c->id, true)) {
        http_error(req, res, 403);
        return 0;
    }
    *done = false;
    return 0;
}

static int module_edit_show(http_request *req, http_response *res)
{
    training_module m;
    training_course c;
    bool done;
    int rc = load_module(req, res, &m, &c, &done);
    if (rc || done) return rc;
    training_module_input in = {.position = int_text(req, m.position), .name_nl = m.name_nl, .name_en = m.name_en,
                                .dayparts = m.dayparts ? int_text(req, m.dayparts) : NULL,
                                .weeks = m.weeks ? int_text(req, m.weeks) : NULL};
    module_form(req, res, 200, &c, &m, &in, skills_lines(req, &m), NULL);
    return 0;
}

static int module_update_submit(http_request *req, http_response *res)
{
    training_module m;
    training_course c;
    bool done;
    int rc = load_module(req, res, &m, &c, &done);
    if (rc || done) return rc;
    return module_submit(req, res, &c, &m);
}

/* ---- Sessions ---- */

static void session_form(http_request *req, http_response *res, int status, const training_course *c,
                         const training_session *existing, const training_session_input *in, const api_errors *e)
{
    const char *title = msg(req, existing ? MSG_TRAINING_EDIT_SESSION : MSG_TRAINING_NEW_SESSION);
    db_conn *conn = http_db(req);
    training_module *mods = NULL;
    training_choice *schools = NULL, *trainers = NULL, *cohorts = NULL;
    int nm = 0, nsch = 0, ntr = 0, nco = 0;
    training_modules_of(conn, req->arena, c->id, &mods, &nm);
    training_school_choices(conn, req->arena, &schools, &nsch);
    training_trainer_choices(conn, req->arena, &trainers, &ntr);
    training_cohort_choices(conn, req->arena, &cohorts, &nco);
    ui_option *mo = arena_calloc(req->arena, (size_t)(nm ? nm : 1), sizeof *mo);
    for (int i = 0; mo && i < nm; i++)
        mo[i] = (ui_option){int_text(req, mods[i].id), module_name(req, mods[i].name_nl, mods[i].name_en)};
    page_begin(req, res, title);
    res->status = status;
    buf *b = &res->body;
    back_link(b, href(req, "/training/courses/%lld", c->id), c->name);
    ui_heading(b, 1, title);
    if (e && e->n) page_alert(b, ALERT_ERROR, msg(req, MSG_UI_FORM_INVALID));
    html_lit(b, "<div class=\"instroom-panel\"><form class=\"instroom-form\" method=\"post\" novalidate");
    html_attr(b, "action", existing ? href(req, "/training/sessions/%lld", existing->id)
                                    : href(req, "/training/courses/%lld/sessions", c->id));
    html_lit(b, ">");
    page_csrf(req, b);
    ui_select(b, "f-module", "module_id", msg(req, MSG_TRAINING_MODULE), mo, nm, msg(req, MSG_TRAINING_NONE),
              in->module_id ? int_text(req, in->module_id) : NULL, api_errors_text(req, e, "module_id"));
    ui_select(b, "f-org", "org_id", msg(req, MSG_TRAINING_FIELD_SCHOOL), choice_options(req, schools, nsch), nsch,
              msg(req, MSG_TRAINING_CHOOSE), in->org_id ? int_text(req, in->org_id) : NULL,
              api_errors_text(req, e, "org_id"));
    ui_select(b, "f-cohort", "cohort_id", msg(req, MSG_TRAINING_COHORT), choice_options(req, cohorts, nco), nco,
              msg(req, MSG_TRAINING_NONE), in->cohort_id ? int_text(req, in->cohort_id) : NULL,
              api_errors_text(req, e, "cohort_id"));
    page_field(b, "f-location", "location", msg(req, MSG_TRAINING_FIELD_LOCATION), "text", in->location,
               api_errors_text(req, e, "location"), NULL, NULL);
    page_field(b, "f-postcode", "postcode", msg(req, MSG_TRAINING_FIELD_POSTCODE), "text", in->postcode,
               api_errors_text(req, e, "postcode"), NULL, "postal-code");
    page_field(b, "f-date", "date", msg(req, MSG_TRAINING_FIELD_DATE), "date", in->date, api_errors_text(req, e, "date"),
               NULL, NULL);
    page_field(b, "f-start", "start", msg(req, MSG_TRAINING_FIELD_START), "time", in->start,
               api_errors_text(req, e, "start"), msg(req, MSG_TRAINING_FIELD_TIME_HINT), NULL);
    page_field(b, "f-end", "end", msg(req, MSG_TRAINING_FIELD_END), "time", in->end, api_errors_text(req, e, "end"),
               msg(req, MSG_TRAINING_FIELD_TIME_HINT), NULL);
    page_field(b, "f-capacity", "capacity", msg(req, MSG_TRAINING_FIELD_CAPACITY), "text", in->capacity,
               api_errors_text(req, e, "capacity"), NULL, NULL);
    ui_select(b, "f-trainer", "trainer_id", msg(req, MSG_TRAINING_FIELD_TRAINER), choice_options(req, trainers, ntr),
              ntr, msg(req, MSG_TRAINING_NONE), in->trainer_id ? int_text(req, in->trainer_id) : NULL,
              api_errors_text(req, e, "trainer_id"));
    html_lit(b, "<div class=\"instroom-form__actions\">");
    ui_submit(b, msg(req, MSG_UI_SAVE));
    page_button_link(b, existing ? href(req, "/training/sessions/%lld", existing->id)
                                 : href(req, "/training/courses/%lld", c->id),
                     msg(req, MSG_UI_CANCEL), 0);
    html_lit(b, "</div></form></div>");
    page_end(req, res);
}

static void session_from_form(http_request *req, training_session_input *in, api_errors *e)
{
    memset(in, 0, sizeof *in);
    in->module_id = form_id(req, "module_id");
    in->cohort_id = form_id(req, "cohort_id");
    in->org_id = form_id(req, "org_id");
    in->trainer_id = form_id(req, "trainer_id");
    if (in->module_id < 0) api_errors_add(e, "module_id", MSG_TRAINING_MODULE_UNKNOWN);
    if (in->cohort_id < 0) api_errors_add(e, "cohort_id", MSG_TRAINING_COHORT_UNKNOWN);
    if (in->trainer_id < 0) api_errors_add(e, "trainer_id", MSG_TRAINING_TRAINER_UNKNOWN);
    in->location = http_form(req, "location");
    in->postcode = http_form(req, "postcode");
    in->date = http_form(req, "date");
    in->start = http_form(req, "start");
    in->end = http_form(req, "end");
    in->capacity = http_form(req, "capacity");
}

/* The session's own school must allow the change as well as the course's. */
static bool may_write_session_at(http_request *req, int64_t course_id, int64_t org_id)
{
    if (!training_may(req, POLICY_WRITE, course_id, true)) return false;
    if (org_id <= 0) return true;
    int64_t orgs[1] = {org_id};
    policy_target t = {.kind = POLICY_TRAINING, .id = course_id, .orgs = orgs, .norgs = 1};
    return policy_enforce(req, POLICY_WRITE, &t, NULL);
}

static int session_submit(http_request *req, http_response *res, const training_course *c,
                          const training_session *existing)
{
    training_session_input in;
    api_errors e = {0};
    session_from_form(req, &in, &e);
    if (!may_write_session_at(req, c->id, in.org_id)) {
        http_error(req, res, 403);
        return 0;
    }
    int64_t id = existing ? existing->id : 0;
    int rc;
    if (e.n) {
        training_session_validate(&in, &e);
        rc = API_EINVALID;
    } else rc = training_session_save(req, c->id, &id, &in, &e);
    if (rc == API_EINVALID) {
        session_form(req, res, 422, c, existing, &in, &e);
        return 0;
    }
    return page_after_write(req, res, rc, href(req, "/training/sessions/%lld?saved=1", id));
}

static int session_new_show(http_request *req, http_response *res)
{
    training_course c;
    bool done;
    int rc = load_course(req, res, POLICY_WRITE, &c, &done);
    if (rc || done) return rc;
    training_session_input in = {.org_id = c.org_id, .capacity = "12", .start = "09:00", .end = "12:30"};
    session_form(req, res, 200, &c, NULL, &in, NULL);
    return 0;
}

static int session_create_submit(http_request *req, http_response *res)
{
    training_course c;
    bool done;
    int rc = load_course(req, res, POLICY_READ, &c, &done);
    if (rc || done) return rc;
    return session_submit(req, res, &c, NULL);
}

static int load_session(http_request *req, http_response *res, training_session *s, training_course *c, bool *done)
{
    *done = true;
    int64_t id = http_path_id(req, "id");
    int rc = id ? training_session_load(http_db(req), req->arena, id, s) : DB_ENOTFOUND;
    if (!rc) rc = training_course_load(http_db(req), req->arena, s->course_id, c);
    if (rc) return store_failed(req, res, rc);
    if (!training_may(req, POLICY_READ, c->id, true)) {
        http_error(req, res, 403);
        return 0;
    }
    *done = false;
    return 0;
}

static void session_input_of(http_request *req, const training_session *s, training_session_input *in)
{
    char d[16], a[8], e[8];
    time_format_ams(d, sizeof d, s->starts_at, "%Y-%m-%d");
    time_format_ams(a, sizeof a, s->starts_at, "%H:%M");
    time_format_ams(e, sizeof e, s->ends_at, "%H:%M");
    *in = (training_session_input){.module_id = s->module_id, .cohort_id = s->cohort_id, .org_id = s->org_id,
                                   .location = s->location, .postcode = s->postcode,
                                   .date = arena_strdup(req->arena, d), .start = arena_strdup(req->arena, a),
                                   .end = arena_strdup(req->arena, e), .capacity = int_text(req, s->capacity),
                                   .trainer_id = s->trainer_id};
}

static int session_edit_show(http_request *req, http_response *res)
{
    training_session s;
    training_course c;
    bool done;
    int rc = load_session(req, res, &s, &c, &done);
    if (rc || done) return rc;
    if (!may_write_session_at(req, c.id, s.org_id)) {
        http_error(req, res, 403);
        return 0;
    }
    training_session_input in;
    session_input_of(req, &s, &in);
    session_form(req, res, 200, &c, &s, &in, NULL);
    return 0;
}

static int session_update_submit(http_request *req, http_response *res)
{
    training_session s;
    training_course c;
    bool done;
    int rc = load_session(req, res, &s, &c, &done);
    if (rc || done) return rc;
    if (!may_write_session_at(req, c.id, s.org_id)) {
        http_error(req, res, 403);
        return 0;
    }
    return session_submit(req, res, &c, &s);
}

/* May the user record attendance in this session: a trainer of the course's
 * schools (or the session's own school) or the coordinator. */
static bool may_record_session(http_request *req, const training_session *s, bool enforce)
{
    int64_t orgs[MAX_ORGS + 1];
    int n = 0;
    if (training_course_orgs(http_db(req), s->course_id, orgs, MAX_ORGS, &n) != 0) return false;
    policy_target t = {.kind = POLICY_TRAINING_RECORD, .id = 0, .orgs = orgs, .norgs = n};
    return enforce ? policy_enforce(req, POLICY_WRITE, &t, "attendance")
                   : policy_allows(auth_current(req), POLICY_WRITE, &t, NULL);
}

static int session_page(http_request *req, http_response *res, const training_session *s, const training_course *c,
                        int status, const api_errors *e)
{
    training_place *places;
    int np;
    int rc = training_places_of(http_db(req), req->arena, s->id, &places, &np);
    if (rc) return api_fail(rc);
    bool write = may_record_session(req, s, false);
    const char *title = arena_printf(req->arena, "%s — %s", c->name,
                                     s->module_id ? module_name(req, s->module_nl, s->module_en)
                                                  : msg(req, MSG_TRAINING_SESSION));
    page_begin(req, res, title);
    res->status = status;
    buf *b = &res->body;
    back_link(b, href(req, "/training/courses/%lld", c->id), c->name);
    ui_heading(b, 1, title);
    if (str_eq(http_query(req, "saved"), "1")) page_alert(b, ALERT_OK, msg(req, MSG_TRAINING_SAVED));
    if (e && e->n) page_alert(b, ALERT_ERROR, api_errors_text(req, e, "attendance"));
    ui_data_begin(b);
    ui_data_row(b, msg(req, MSG_TRAINING_WHEN), training_when(req, s->starts_at, s->ends_at));
    ui_data_row(b, msg(req, MSG_TRAINING_WHERE),
                s->postcode ? arena_printf(req->arena, "%s, %s", s->location, s->postcode) : s->location);
    ui_data_row(b, msg(req, MSG_TRAINING_FIELD_SCHOOL), s->org_name);
    ui_data_row(b, msg(req, MSG_TRAINING_FIELD_TRAINER), s->trainer_name);
    ui_data_row(b, msg(req, MSG_TRAINING_PLACES), arena_printf(req->arena, "%d / %d", s->placed, s->capacity));
    ui_data_end(b);
    if (training_may(req, POLICY_WRITE, c->id, false))
        page_button_link(b, href(req, "/training/sessions/%lld/edit", s->id), msg(req, MSG_TRAINING_EDIT_SESSION), 0);
    ui_heading(b, 2, msg(req, MSG_TRAINING_ATTENDANCE));
    if (np == 0) {
        page_empty(b, msg(req, MSG_TRAINING_NOBODY_PLACED), msg(req, MSG_TRAINING_NOBODY_PLACED_TEXT), NULL, NULL);
        page_end(req, res);
        return 0;
    }
    if (write) {
        html_lit(b, "<form class=\"instroom-form\" method=\"post\" novalidate");
        html_attr(b, "action", href(req, "/training/sessions/%lld/attendance", s->id));
        html_lit(b, ">");
        page_csrf(req, b);
    }
    ui_table_begin(b, "attendance-caption", msg(req, MSG_TRAINING_ATTENDANCE), false);
    html_lit(b, "<thead class=\"utrecht-table__header\"><tr class=\"utrecht-table__row\">");
    ui_th(b, msg(req, MSG_TRAINING_PARTICIPANT));
    ui_th(b, msg(req, MSG_TRAINING_KM));
    ui_th(b, msg(req, MSG_TRAINING_ATTENDANCE));
    thead_end_tbody(b);
    static const char *const statuses[] = {"present", "absent", "excused"};
    for (int i = 0; i < np; i++) {
        row_begin(b);
        td_begin(b);
        /* Who records attendance also assesses: the name leads to the enrolment. */
        if (write) html_lit(b, "<a class=\"utrecht-link utrecht-link--html-a\"");
        else html_lit(b, "<span");
        html_attr(b, "id", arena_printf(req->arena, "p-%lld", (long long)places[i].enrolment_id));
        if (write) html_attr(b, "href", href(req, "/training/enrolments/%lld", places[i].enrolment_id));
        html_lit(b, ">");
        html_text(b, places[i].person_name);
        if (write) html_lit(b, "</a></td>");
        else html_lit(b, "</span></td>");
        ui_td(b, places[i].km >= 0 ? arena_printf(req->arena, "%.1f", places[i].km) : "—");
        td_begin(b);
        if (write) {
            html_lit(b, "<select class=\"utrecht-select utrecht-select--html-select\"");
            html_attr(b, "name", arena_printf(req->arena, "status_%lld", (long long)places[i].enrolment_id));
            html_attr(b, "aria-labelledby", arena_printf(req->arena, "p-%lld", (long long)places[i].enrolment_id));
            html_lit(b, "><option value=\"\">");
            html_text(b, msg(req, MSG_TRAINING_NOT_RECORDED));
            html_lit(b, "</option>");
            for (int k = 0; k < 3; k++) {
                html_lit(b, "<option");
                html_attr(b, "value", statuses[k]);
                if (str_eq(places[i].attendance, statuses[k])) html_lit(b, " selected");
                html_lit(b, ">");
                html_text(b, training_status_text(req, statuses[k]));
                html_lit(b, "</option>");
            }
            html_lit(b, "</select>");
        } else {
            ui_status_badge(b, status_badge(places[i].attendance), training_status_text(req, places[i].attendance));
        }
        html_lit(b, "</td></tr>");
    }
    html_lit(b, "</tbody>");
    ui_table_end(b);
    if (write) {
        html_lit(b, "<div class=\"instroom-form__actions\">");
        ui_submit(b, msg(req, MSG_TRAINING_SAVE_ATTENDANCE));
        html_lit(b, "</div></form>");
    }
    page_end(req, res);
    return 0;
}

static int session_show(http_request *req, http_response *res)
{
    training_session s;
    training_course c;
    bool done;
    int rc = load_session(req, res, &s, &c, &done);
    if (rc || done) return rc;
    return session_page(req, res, &s, &c, 200, NULL);
}

static int attendance_submit(http_request *req, http_response *res)
{
    training_session s;
    training_course c;
    bool done;
    int rc = load_session(req, res, &s, &c, &done);
    if (rc || done) return rc;
    if (!may_record_session(req, &s, true)) {
        http_error(req, res, 403);
        return 0;
    }
    http_form(req, "status");
    int64_t *ids = arena_calloc(req->arena, (size_t)req->nform + 1, sizeof *ids);
    const char **st = arena_calloc(req->arena, (size_t)req->nform + 1, sizeof *st);
    if (!ids || !st) return DB_ENOMEM;
    int n = 0;
    api_errors e = {0};
    for (int i = 0; i < req->nform; i++) {
        const http_kv *kv = &req->form[i];
        if (!str_starts_with(kv->name, "status_")) continue;
        if (str_to_int64(kv->name + 7, 1, INT64_MAX, &ids[n]) != 0) {
            api_errors_add(&e, "attendance", MSG_TRAINING_NOT_PLACED);
            continue;
        }
        st[n++] = kv->value;
    }
    rc = e.n ? API_EINVALID : training_attendance_record(req, s.id, n, ids, st, &e);
    if (rc == API_EINVALID) return session_page(req, res, &s, &c, 422, &e);
    return page_after_write(req, res, rc, href(req, "/training/sessions/%lld?saved=1", s.id));
}

/* ---- Enrolment: assessment per module ---- */

static int load_enrolment(http_request *req, http_response *res, policy_op op, training_enrolment *en, bool *done)
{
    *done = true;
    int64_t id = http_path_id(req, "id");
    int rc = id ? training_enrolment_load(http_db(req), req->arena, id, en) : DB_ENOTFOUND;
    if (rc) return store_failed(req, res, rc);
    if (!training_may_record(req, op, en, true)) {
        http_error(req, res, 403);
        return 0;
    }
    *done = false;
    return 0;
}

static const training_assessment *assessment_of(const training_assessment *list, int n, int64_t module_id)
{
    for (int i = 0; i < n; i++)
        if (list[i].module_id == module_id) return &list[i];
    return NULL;
}

static void attended_table(http_request *req, buf *b, const training_attended *att, int na, bool links)
{
    ui_table_begin(b, arena_printf(req->arena, "attended-%p", (const void *)att), msg(req, MSG_TRAINING_SESSIONS), false);
    html_lit(b, "<thead class=\"utrecht-table__header\"><tr class=\"utrecht-table__row\">");
    ui_th(b, msg(req, MSG_TRAINING_MODULE));
    ui_th(b, msg(req, MSG_TRAINING_WHEN));
    ui_th(b, msg(req, MSG_TRAINING_WHERE));
    ui_th(b, msg(req, MSG_TRAINING_ATTENDANCE));
    thead_end_tbody(b);
    for (int i = 0; i < na; i++) {
        const training_session *s = &att[i].session;
        row_begin(b);
        ui_td(b, s->module_id ? module_name(req, s->module_nl, s->module_en) : "—");
        td_begin(b);
        if (links) ui_link(b, href(req, "/training/sessions/%lld", s->id), training_when(req, s->starts_at, s->ends_at));
        else html_text(b, training_when(req, s->starts_at, s->ends_at));
        html_lit(b, "</td>");
        ui_td(b, s->postcode ? arena_printf(req->arena, "%s, %s", s->location, s->postcode) : s->location);
        td_begin(b);
        ui_status_badge(b, status_badge(att[i].status), training_status_text(req, att[i].status));
        html_lit(b, "</td></tr>");
    }
    html_lit(b, "</tbody>");
    ui_table_end(b);
}

static int enrolment_page(http_request *req, http_response *res, const training_enrolment *en, int status,
                          int64_t error_module, const api_errors *e)
{
    db_conn *conn = http_db(req);
    training_module *mods;
    training_assessment *as;
    training_attended *att;
    int nm, nas, na;
    int rc = training_modules_of(conn, req->arena, en->course_id, &mods, &nm);
    if (!rc) rc = training_assessments_of(conn, req->arena, en->id, &as, &nas);
    if (!rc) rc = training_attended_of(conn, req->arena, en->id, &att, &na);
    if (rc) return api_fail(rc);
    bool write = training_may_record(req, POLICY_WRITE, en, false);
    const char *title = arena_printf(req->arena, "%s — %s", en->person_name, en->course_name);
    page_begin(req, res, title);
    res->status = status;
    buf *b = &res->body;
    back_link(b, href(req, "/training/courses/%lld", en->course_id), en->course_name);
    ui_heading(b, 1, title);
    if (str_eq(http_query(req, "saved"), "1")) page_alert(b, ALERT_OK, msg(req, MSG_TRAINING_SAVED));
    if (str_eq(http_query(req, "completed"), "1")) page_alert(b, ALERT_OK, msg(req, MSG_TRAINING_COMPLETED_ALERT));
    if (e && e->n) page_alert(b, ALERT_ERROR, msg(req, MSG_UI_FORM_INVALID));
    ui_data_begin(b);
    ui_data_row(b, msg(req, MSG_TRAINING_STATUS), training_status_text(req, en->status));
    ui_data_row(b, msg(req, MSG_TRAINING_COHORT), en->cohort_name);
    ui_data_row(b, msg(req, MSG_TRAINING_MODULES_PASSED), arena_printf(req->arena, "%d / %d", en->npassed, nm));
    if (en->completed_at) ui_data_row(b, msg(req, MSG_TRAINING_COMPLETED_AT), ui_time(req, en->completed_at));
    ui_data_end(b);
    ui_heading(b, 2, msg(req, MSG_TRAINING_ASSESSMENT));
    for (int i = 0; i < nm; i++) {
        const training_assessment *a = assessment_of(as, nas, mods[i].id);
        html_lit(b, "<section class=\"instroom-panel\">");
        ui_heading(b, 3, arena_printf(req->arena, "%d. %s", mods[i].position,
                                      module_name(req, mods[i].name_nl, mods[i].name_en)));
        html_lit(b, "<p class=\"utrecht-paragraph\">");
        ui_status_badge(b, status_badge(a ? a->result : NULL), training_status_text(req, a ? a->result : NULL));
        if (a && a->assessor) html_text(b, arena_printf(req->arena, " — %s, %s", a->assessor, ui_time(req, a->assessed_at)));
        html_lit(b, "</p>");
        if (mods[i].nskills) ui_paragraph(b, msg_fill(req, MSG_TRAINING_AWARDS, skills_text(req, &mods[i]), NULL));
        if (a && a->note) ui_paragraph(b, a->note);
        if (write) {
            const api_errors *fe = error_module == mods[i].id ? e : NULL;
            html_lit(b, "<form class=\"instroom-form\" method=\"post\" novalidate");
            html_attr(b, "action", href(req, "/training/enrolments/%lld/assessments", en->id));
            html_lit(b, ">");
            page_csrf(req, b);
            html_lit(b, "<input type=\"hidden\" name=\"module_id\"");
            html_attr(b, "value", int_text(req, mods[i].id));
            html_lit(b, ">");
            ui_option opts[2] = {{"passed", msg(req, MSG_TRAINING_PASSED)}, {"failed", msg(req, MSG_TRAINING_FAILED)}};
            const char *mid = int_text(req, mods[i].id);
            ui_select(b, arena_printf(req->arena, "f-result-%s", mid), "result", msg(req, MSG_TRAINING_RESULT), opts, 2,
                      msg(req, MSG_TRAINING_CHOOSE), a ? a->result : NULL, api_errors_text(req, fe, "result"));
            page_field(b, arena_printf(req->arena, "f-note-%s", mid), "note", msg(req, MSG_TRAINING_NOTE), "text",
                       a ? a->note : NULL, api_errors_text(req, fe, "note"), NULL, NULL);
            html_lit(b, "<div class=\"instroom-form__actions\">");
            ui_submit(b, msg(req, MSG_TRAINING_SAVE_ASSESSMENT));
            html_lit(b, "</div></form>");
        }
        html_lit(b, "</section>");
    }
    ui_heading(b, 2, msg(req, MSG_TRAINING_SESSIONS));
    if (na) attended_table(req, b, att, na, true);
    else ui_paragraph(b, msg(req, MSG_TRAINING_NOT_PLACED_YET));
    page_end(req, res);
    return 0;
}

static int enrolment_show(http_request *req, http_response *res)
{
    training_enrolment en;
    bool done;
    int rc = load_enrolment(req, res, POLICY_READ, &en, &done);
    if (rc || done) return rc;
    return enrolment_page(req, res, &en, 200, 0, NULL);
}

static int assessment_submit(http_request *req, http_response *res)
{
    training_enrolment en;
    bool done;
    int rc = load_enrolment(req, res, POLICY_WRITE, &en, &done);
    if (rc || done) return rc;
    int64_t module = form_id(req, "module_id");
    api_errors e = {0};
    bool completed = false;
    if (module <= 0) {
        api_errors_add(&e, "module_id", MSG_TRAINING_MODULE_UNKNOWN);
        rc = API_EINVALID;
    } else
        rc = training_assess(req, en.id, module, http_form(req, "result"), str_trim(req->arena, http_form(req, "note")),
                             &completed, &e);
    if (rc == API_EINVALID) return enrolment_page(req, res, &en, 422, module, &e);
    return page_after_write(req, res, rc,
                            href(req, completed ? "/training/enrolments/%lld?completed=1" : "/training/enrolments/%lld?saved=1",
                                 en.id));
}

/* ---- The planner button ---- */

static int plan_submit(http_request *req, http_response *res)
{
    training_course c;
    bool done;
    int rc = load_course(req, res, POLICY_WRITE, &c, &done);
    if (rc || done) return rc;
    int64_t cohort = form_id(req, "cohort_id");
    if (cohort < 0) cohort = 0;
    training_plan_report rep;
    const auth_principal *p = auth_current(req);
    db_conn *conn = http_db(req);
    rc = db_begin(conn, true);
    if (!rc) {
        rc = training_plan_run(conn, req->arena, c.id, cohort, p ? p->user_id : 0, time_now(), false, NULL, &rep);
        if (!rc) rc = audit_request(req, "plan", "course", c.id, c.org_id, "ok",
                                    arena_printf(req->arena, "%d placed, %d not placed, %.1f km", rep.nplaced,
                                                 rep.nunplaced, rep.total_km));
        if (!rc) rc = db_commit(conn);
        if (rc) db_rollback(conn);
    }
    if (rc) return store_failed(req, res, rc);
    const char *title = msg_fill(req, MSG_TRAINING_PLAN_TITLE, c.name, NULL);
    page_begin(req, res, title);
    buf *b = &res->body;
    back_link(b, href(req, "/training/courses/%lld", c.id), c.name);
    ui_heading(b, 1, title);
    page_alert(b, rep.nunplaced ? ALERT_WARNING : ALERT_OK,
               msg_fill(req, MSG_TRAINING_PLAN_SUMMARY, int_text(req, rep.nplaced),
                        arena_printf(req->arena, "%.1f", rep.total_km)));
    if (rep.kept) ui_paragraph(b, msg_fill(req, MSG_TRAINING_PLAN_KEPT, int_text(req, rep.kept), NULL));
    if (rep.nplaced) {
        ui_heading(b, 2, msg(req, MSG_TRAINING_PLAN_PLACED));
        ui_table_begin(b, "placed-caption", msg(req, MSG_TRAINING_PLAN_PLACED), false);
        html_lit(b, "<thead class=\"utrecht-table__header\"><tr class=\"utrecht-table__row\">");
        ui_th(b, msg(req, MSG_TRAINING_PARTICIPANT));
        ui_th(b, msg(req, MSG_TRAINING_MODULE));
        ui_th(b, msg(req, MSG_TRAINING_WHEN));
        ui_th(b, msg(req, MSG_TRAINING_WHERE));
        ui_th(b, msg(req, MSG_TRAINING_KM));
        thead_end_tbody(b);
        for (int i = 0; i < rep.nplaced; i++) {
            const training_plan_placed *x = &rep.placed[i];
            row_begin(b);
            ui_td(b, x->person_name);
            ui_td(b, x->module_name);
            td_begin(b);
            ui_link(b, href(req, "/training/sessions/%lld", x->session_id), ui_time(req, x->starts_at));
            html_lit(b, "</td>");
            ui_td(b, x->location);
            ui_td(b, x->located ? arena_printf(req->arena, "%.1f", x->km) : "—");
            html_lit(b, "</tr>");
        }
        html_lit(b, "</tbody>");
        ui_table_end(b);
    }
    if (rep.nunplaced) {
        ui_heading(b, 2, msg(req, MSG_TRAINING_PLAN_UNPLACED));
        ui_table_begin(b, "unplaced-caption", msg(req, MSG_TRAINING_PLAN_UNPLACED), false);
        html_lit(b, "<thead class=\"utrecht-table__header\"><tr class=\"utrecht-table__row\">");
        ui_th(b, msg(req, MSG_TRAINING_PARTICIPANT));
        ui_th(b, msg(req, MSG_TRAINING_MODULE));
        ui_th(b, msg(req, MSG_TRAINING_PLAN_WHY));
        thead_end_tbody(b);
        for (int i = 0; i < rep.nunplaced; i++) {
            row_begin(b);
            ui_td(b, rep.unplaced[i].person_name);
            ui_td(b, rep.unplaced[i].module_name);
            ui_td(b, msg(req, rep.unplaced[i].reason));
            html_lit(b, "</tr>");
        }
        html_lit(b, "</tbody>");
        ui_table_end(b);
    }
    page_end(req, res);
    return 0;
}

/* ---- Mijn training ---- */

static int me_show(http_request *req, http_response *res)
{
    const auth_principal *p = auth_current(req);
    if (!p || !p->person_id) {
        http_error(req, res, 404);
        return 0;
    }
    db_conn *conn = http_db(req);
    training_enrolment *ens;
    int ne;
    int rc = training_enrolments_of_person(conn, req->arena, p->person_id, &ens, &ne);
    if (rc) return api_fail(rc);
    page_begin(req, res, msg(req, MSG_TRAINING_ME_TITLE));
    buf *b = &res->body;
    ui_heading(b, 1, msg(req, MSG_TRAINING_ME_TITLE));
    if (ne == 0) {
        page_empty(b, msg(req, MSG_TRAINING_ME_EMPTY), msg(req, MSG_TRAINING_ME_EMPTY_TEXT), NULL, NULL);
        page_end(req, res);
        return 0;
    }
    for (int i = 0; i < ne; i++) {
        const training_enrolment *en = &ens[i];
        if (!training_may_record(req, POLICY_READ, en, true)) continue;
        training_module *mods;
        training_assessment *as;
        training_attended *att;
        int nm, nas, na;
        rc = training_modules_of(conn, req->arena, en->course_id, &mods, &nm);
        if (!rc) rc = training_assessments_of(conn, req->arena, en->id, &as, &nas);
        if (!rc) rc = training_attended_of(conn, req->arena, en->id, &att, &na);
        if (rc) return api_fail(rc);
        html_lit(b, "<section class=\"instroom-panel\">");
        ui_heading(b, 2, en->course_name);
        html_lit(b, "<p class=\"utrecht-paragraph\">");
        ui_status_badge(b, status_badge(en->status), training_status_text(req, en->status));
        html_text(b, " ");
        html_text(b, msg_fill(req, MSG_TRAINING_ME_PROGRESS, int_text(req, en->npassed), int_text(req, nm)));
        html_lit(b, "</p>");
        ui_heading(b, 3, msg(req, MSG_TRAINING_ME_SESSIONS));
        if (na) attended_table(req, b, att, na, false);
        else ui_paragraph(b, msg(req, MSG_TRAINING_NOT_PLACED_YET));
        ui_heading(b, 3, msg(req, MSG_TRAINING_ME_RESULTS));
        ui_table_begin(b, arena_printf(req->arena, "results-%lld", (long long)en->id), msg(req, MSG_TRAINING_ME_RESULTS),
                       false);
        html_lit(b, "<thead class=\"utrecht-table__header\"><tr class=\"utrecht-table__row\">");
        ui_th(b, msg(req, MSG_TRAINING_MODULE));
        ui_th(b, msg(req, MSG_TRAINING_RESULT));
        ui_th(b, msg(req, MSG_TRAINING_SKILLS));
        thead_end_tbody(b);
        for (int k = 0; k < nm; k++) {
            const training_assessment *a = assessment_of(as, nas, mods[k].id);
            row_begin(b);
            ui_td(b, module_name(req, mods[k].name_nl, mods[k].name_en));
            td_begin(b);
            ui_status_badge(b, status_badge(a ? a->result : NULL), training_status_text(req, a ? a->result : NULL));
            html_lit(b, "</td>");
            ui_td(b, skills_text(req, &mods[k]));
            html_lit(b, "</tr>");
        }
        html_lit(b, "</tbody>");
        ui_table_end(b);
        html_lit(b, "</section>");
    }
    page_end(req, res);
    return 0;
}

const http_route training_routes[] = {
    {"GET", "/training", courses_show, 0, "training: courses"},
    {"GET", "/training/courses/new", course_new_show, 0, "training: new course form"},
    {"POST", "/training/courses", course_create_submit, 0, "training: create a course"},
    {"GET", "/training/courses/{id}", course_show, 0, "training: a course with modules, sessions, enrolments"},
    {"GET", "/training/courses/{id}/edit", course_edit_show, 0, "training: edit course form"},
    {"POST", "/training/courses/{id}", course_update_submit, 0, "training: update a course"},
    {"GET", "/training/courses/{id}/modules/new", module_new_show, 0, "training: new module form"},
    {"POST", "/training/courses/{id}/modules", module_create_submit, 0, "training: create a module"},
    {"GET", "/training/modules/{id}/edit", module_edit_show, 0, "training: edit module form"},
    {"POST", "/training/modules/{id}", module_update_submit, 0, "training: update a module"},
    {"GET", "/training/courses/{id}/sessions/new", session_new_show, 0, "training: new session form"},
    {"POST", "/training/courses/{id}/sessions", session_create_submit, 0, "training: create a session"},
    {"GET", "/training/sessions/{id}", session_show, 0, "training: a session with the attendance form"},
    {"GET", "/training/sessions/{id}/edit", session_edit_show, 0, "training: edit session form"},
    {"POST", "/training/sessions/{id}", session_update_submit, 0, "training: update a session"},
    {"POST", "/training/sessions/{id}/attendance", attendance_submit, 0, "training: record attendance"},
    {"POST", "/training/courses/{id}/enrolments", enrol_submit, 0, "training: enrol a cohort or a person"},
    {"POST", "/training/courses/{id}/plan", plan_submit, 0, "training: plan sessions (the session planner)"},
    {"GET", "/training/enrolments/{id}", enrolment_show, 0, "training: an enrolment with assessments"},
    {"POST", "/training/enrolments/{id}/assessments", assessment_submit, 0, "training: record an assessment"},
    {"GET", "/me/training", me_show, 0, "training: my training (participant)"},
    {0},
};
