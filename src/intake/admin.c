/* intake admin: the pages (/programmes, /cohorts, /campaigns) and the API
 * (/api/v1/programmes, /api/v1/cohorts, /api/v1/campaigns) of programme,
 * cohort and campaign administration. Thin: policy decides (staff read, the
 * coordinator writes), admin_store.c does. */
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
#include "intake/admin.h"
#include "orgs/orgs.h"

static const policy_target programme_any = {.kind = POLICY_PROGRAMME, .id = 0, .orgs = NULL, .norgs = 0};

static bool may_read(http_request *req)
{
    return policy_enforce(req, POLICY_READ, &programme_any, NULL);
}

static bool may_write(http_request *req)
{
    return policy_allows(auth_current(req), POLICY_WRITE, &programme_any, NULL);
}

static bool enforce_write(http_request *req)
{
    return policy_enforce(req, POLICY_WRITE, &programme_any, NULL);
}

static void back_link(buf *b, const char *href, const char *text)
{
    html_lit(b, "<p class=\"utrecht-paragraph\"><a class=\"utrecht-link utrecht-link--html-a\"");
    html_attr(b, "href", href);
    html_lit(b, ">");
    html_text(b, text);
    html_lit(b, "</a></p>");
}

/* A local address with one id in it, in the request arena. */
#define href(req, fmt, id) arena_printf((req)->arena, fmt, (long long)(id))

static const char *int_text(http_request *req, int64_t v)
{
    return arena_printf(req->arena, "%lld", (long long)v);
}

static const char *const kind_names[] = {"flexpool", "lateral_entry", "pre_track", "orientation", "accelerated"};
static const msg_id kind_labels[] = {MSG_INTAKE_KIND_FLEXPOOL, MSG_INTAKE_KIND_LATERAL_ENTRY, MSG_INTAKE_KIND_PRE_TRACK,
                                     MSG_INTAKE_KIND_ORIENTATION, MSG_INTAKE_KIND_ACCELERATED};
static const char *const part_names[] = {"employer", "school", "referrer", "funder", "adviser", "coordinator"};
static const msg_id part_labels[] = {MSG_INTAKE_PART_EMPLOYER, MSG_INTAKE_PART_SCHOOL, MSG_INTAKE_PART_REFERRER,
                                     MSG_INTAKE_PART_FUNDER,   MSG_INTAKE_PART_ADVISER, MSG_INTAKE_PART_COORDINATOR};

static const char *label_of(http_request *req, const char *v, const char *const *names, const msg_id *labels, int n)
{
    for (int i = 0; i < n; i++)
        if (str_eq(v, names[i])) return msg(req, labels[i]);
    return v;
}

static const char *kind_text(http_request *req, const char *kind)
{
    return label_of(req, kind, kind_names, kind_labels, 5);
}

static const char *part_text(http_request *req, const char *part)
{
    return label_of(req, part, part_names, part_labels, 6);
}

static ui_option *options(http_request *req, const char *const *names, const msg_id *labels, int n)
{
    ui_option *o = arena_calloc(req->arena, (size_t)n, sizeof *o);
    for (int i = 0; o && i < n; i++) o[i] = (ui_option){names[i], msg(req, labels[i])};
    return o;
}

/* Renders the page a failed store call leaves: 404, 503 or 500. */
static int store_failed(http_request *req, http_response *res, int rc)
{
    if (rc == DB_ENOTFOUND) {
        http_error(req, res, 404);
        return 0;
    }
    return api_fail(rc);
}

static void saved_alert(http_request *req, buf *b)
{
    if (str_eq(http_query(req, "saved"), "1")) page_alert(b, ALERT_OK, msg(req, MSG_INTAKE_ADMIN_SAVED));
}

/* ---- Programmes: pages ---- */

static int programmes_show(http_request *req, http_response *res)
{
    if (!may_read(req)) {
        http_error(req, res, 403);
        return 0;
    }
    intake_programme *list;
    int n;
    int rc = intake_programme_list(http_db(req), req->arena, 0, 1000, &list, &n);
    if (rc) return api_fail(rc);
    page_begin(req, res, msg(req, MSG_INTAKE_ADMIN_TITLE));
    buf *b = &res->body;
    ui_heading(b, 1, msg(req, MSG_INTAKE_ADMIN_TITLE));
    html_lit(b, "<div class=\"instroom-toolbar\"><p class=\"utrecht-paragraph\">");
    html_text(b, msg(req, MSG_INTAKE_ADMIN_INTRO));
    html_lit(b, "</p>");
    if (may_write(req)) page_button_link(b, "/programmes/new", msg(req, MSG_INTAKE_ADMIN_NEW_PROGRAMME), 1);
    html_lit(b, "</div>");
    if (n == 0) {
        page_empty(b, msg(req, MSG_INTAKE_ADMIN_EMPTY), msg(req, MSG_INTAKE_ADMIN_EMPTY_TEXT), NULL, NULL);
        page_end(req, res);
        return 0;
    }
    ui_table_begin(b, "programmes-caption", msg(req, MSG_INTAKE_ADMIN_TITLE), false);
    html_lit(b, "<thead class=\"utrecht-table__header\"><tr class=\"utrecht-table__row\">"
                "<th class=\"utrecht-table__header-cell\" scope=\"col\">");
    html_text(b, msg(req, MSG_INTAKE_FIELD_NAME));
    html_lit(b, "</th><th class=\"utrecht-table__header-cell\" scope=\"col\">");
    html_text(b, msg(req, MSG_INTAKE_FIELD_KIND));
    html_lit(b, "</th><th class=\"utrecht-table__header-cell\" scope=\"col\">");
    html_text(b, msg(req, MSG_INTAKE_FIELD_OWNER));
    html_lit(b, "</th></tr></thead><tbody class=\"utrecht-table__body\">");
    for (int i = 0; i < n; i++) {
        html_lit(b, "<tr class=\"utrecht-table__row\"><th class=\"utrecht-table__header-cell\" scope=\"row\">");
        ui_link(b, href(req, "/programmes/%lld", list[i].id), list[i].name);
        html_lit(b, "</th><td class=\"utrecht-table__cell\">");
        html_text(b, kind_text(req, list[i].kind));
        html_lit(b, "</td><td class=\"utrecht-table__cell\">");
        html_text(b, list[i].owner_name);
        html_lit(b, "</td></tr>");
    }
    html_lit(b, "</tbody>");
    ui_table_end(b);
    page_end(req, res);
    return 0;
}

static void org_options(http_request *req, ui_option **out, int *n, orgs_org **orgs)
{
    orgs_query q = {.status = ORGS_STATUS_ACTIVE, .limit = 1000};
    int64_t total;
    *out = NULL;
    *n = 0;
    if (orgs_list(http_db(req), req->arena, &q, orgs, n, &total) != 0) return;
    *out = arena_calloc(req->arena, (size_t)*n + 1, sizeof **out);
    for (int i = 0; *out && i < *n; i++) (*out)[i] = (ui_option){int_text(req, (*orgs)[i].id), (*orgs)[i].name};
}

static const char *phases_text(http_request *req, const intake_programme_input *in)
{
    buf t;
    buf_init(&t, 0);
    for (int i = 0; i < in->nphases; i++) {
        buf_puts(&t, in->phases[i].name);
        if (in->phases[i].weeks) buf_printf(&t, "; %d", in->phases[i].weeks);
        buf_putc(&t, '\n');
    }
    const char *s = arena_strdup(req->arena, buf_cstr(&t));
    buf_free(&t);
    return s;
}

static const char *targets_text(http_request *req, const intake_programme_input *in)
{
    buf t;
    buf_init(&t, 0);
    for (int i = 0; i < in->ntargets; i++)
        buf_printf(&t, "%s; %g; %s\n", in->targets[i].metric, in->targets[i].value, in->targets[i].description);
    const char *s = arena_strdup(req->arena, buf_cstr(&t));
    buf_free(&t);
    return s;
}

/* The programme form; phases/targets text as typed when given. */
static void programme_form(http_request *req, http_response *res, int status, const intake_programme *existing,
                           const intake_programme_input *in, const char *phases, const char *targets,
                           const api_errors *e)
{
    const char *title = existing ? msg_fill(req, MSG_INTAKE_ADMIN_EDIT_PROGRAMME, existing->name, NULL)
                                 : msg(req, MSG_INTAKE_ADMIN_NEW_PROGRAMME);
    page_begin(req, res, title);
    res->status = status;
    buf *b = &res->body;
    ui_heading(b, 1, title);
    if (e && e->n) page_alert(b, ALERT_ERROR, msg(req, MSG_UI_FORM_INVALID));
    html_lit(b, "<div class=\"instroom-panel\"><form class=\"instroom-form\" method=\"post\" novalidate");
    html_attr(b, "action", existing ? href(req, "/programmes/%lld", existing->id) : "/programmes");
    html_lit(b, ">");
    page_csrf(req, b);
    page_field(b, "f-name", "name", msg(req, MSG_INTAKE_FIELD_NAME), "text", in->name, api_errors_text(req, e, "name"),
               NULL, NULL);
    page_field(b, "f-slug", "slug", msg(req, MSG_INTAKE_FIELD_SLUG), "text", in->slug, api_errors_text(req, e, "slug"),
               NULL, NULL);
    ui_select(b, "f-kind", "kind", msg(req, MSG_INTAKE_FIELD_KIND), options(req, kind_names, kind_labels, 5), 5, "",
              in->kind, api_errors_text(req, e, "kind"));
    page_field(b, "f-description", "description", msg(req, MSG_INTAKE_FIELD_DESCRIPTION), "textarea", in->description,
               api_errors_text(req, e, "description"), msg(req, MSG_UI_OPTIONAL), NULL);
    ui_option *orgs_opts;
    orgs_org *orgs = NULL;
    int norgs;
    org_options(req, &orgs_opts, &norgs, &orgs);
    ui_select(b, "f-owner", "owner_org", msg(req, MSG_INTAKE_FIELD_OWNER), orgs_opts, norgs, "",
              in->owner_org ? int_text(req, in->owner_org) : NULL, api_errors_text(req, e, "owner_org"));
    page_field(b, "f-min-age", "min_age", msg(req, MSG_INTAKE_FIELD_MIN_AGE), "text", in->min_age,
               api_errors_text(req, e, "min_age"), msg(req, MSG_UI_OPTIONAL), NULL);
    page_field(b, "f-max-age", "max_age", msg(req, MSG_INTAKE_FIELD_MAX_AGE), "text", in->max_age,
               api_errors_text(req, e, "max_age"), msg(req, MSG_UI_OPTIONAL), NULL);
    html_lit(b, "<fieldset class=\"utrecht-form-fieldset\"><legend class=\"utrecht-form-fieldset__legend\">");
    html_text(b, msg(req, MSG_INTAKE_FIELD_PARTNERS));
    html_lit(b, "</legend>");
    const char *perr = api_errors_text(req, e, "partners");
    if (perr) page_alert(b, ALERT_ERROR, perr);
    ui_option *parts = options(req, part_names, part_labels, 6);
    for (int i = 0; i < norgs; i++) {
        const char *part = NULL;
        for (int k = 0; k < in->npartners; k++)
            if (in->partners[k].org_id == orgs[i].id) part = in->partners[k].part;
        ui_select(b, arena_printf(req->arena, "f-partner-%lld", (long long)orgs[i].id),
                  arena_printf(req->arena, "partner_%lld", (long long)orgs[i].id), orgs[i].name, parts, 6,
                  msg(req, MSG_INTAKE_FIELD_NOT_PARTNER), part, NULL);
    }
    html_lit(b, "</fieldset>");
    page_field(b, "f-phases", "phases", msg(req, MSG_INTAKE_FIELD_PHASES), "textarea",
               phases ? phases : phases_text(req, in), api_errors_text(req, e, "phases"),
               msg(req, MSG_INTAKE_FIELD_PHASES_HINT), NULL);
    page_field(b, "f-targets", "targets", msg(req, MSG_INTAKE_FIELD_TARGETS), "textarea",
               targets ? targets : targets_text(req, in), api_errors_text(req, e, "targets"),
               msg(req, MSG_INTAKE_FIELD_TARGETS_HINT), NULL);
    html_lit(b, "<div class=\"instroom-form__actions\">");
    ui_submit(b, msg(req, MSG_UI_SAVE));
    page_button_link(b, existing ? href(req, "/programmes/%lld", existing->id) : "/programmes", msg(req, MSG_UI_CANCEL),
                     0);
    html_lit(b, "</div></form></div>");
    page_end(req, res);
}

static void input_of_programme(const intake_programme *p, intake_programme_input *in, http_request *req)
{
    memset(in, 0, sizeof *in);
    in->slug = p->slug;
    in->name = p->name;
    in->kind = p->kind;
    in->description = p->description;
    in->owner_org = p->owner_org;
    in->min_age = p->min_age ? int_text(req, p->min_age) : NULL;
    in->max_age = p->max_age ? int_text(req, p->max_age) : NULL;
    for (int i = 0; i < p->npartners && i < INTAKE_MAX_PARTNERS; i++) in->partners[in->npartners++] = p->partners[i];
    for (int i = 0; i < p->nphases && i < INTAKE_MAX_PHASES; i++) in->phases[in->nphases++] = p->phases[i];
    for (int i = 0; i < p->ntargets && i < INTAKE_MAX_TARGETS; i++) in->targets[in->ntargets++] = p->targets[i];
}

/* Reads the programme form into in (arena), with errors of its structure in e. */
static void programme_from_form(http_request *req, intake_programme_input *in, api_errors *e)
{
    memset(in, 0, sizeof *in);
    in->slug = http_form(req, "slug");
    in->name = http_form(req, "name");
    in->kind = http_form(req, "kind");
    in->description = http_form(req, "description");
    in->min_age = http_form(req, "min_age");
    in->max_age = http_form(req, "max_age");
    int64_t owner = 0;
    const char *o = http_form(req, "owner_org");
    if (o && *o && str_to_int64(o, 1, INT64_MAX, &owner) != 0) owner = -1;
    in->owner_org = owner;
    http_form(req, "csrf"); /* parses the form */
    for (int i = 0; i < req->nform; i++) {
        const http_kv *kv = &req->form[i];
        if (!str_starts_with(kv->name, "partner_") || !kv->value || !*kv->value) continue;
        int64_t org = 0;
        if (str_to_int64(kv->name + 8, 1, INT64_MAX, &org) != 0 || in->npartners == INTAKE_MAX_PARTNERS) {
            api_errors_add(e, "partners", MSG_INTAKE_ADMIN_PARTNER_INVALID);
            continue;
        }
        in->partners[in->npartners++] = (intake_partner){.org_id = org, .part = kv->value};
    }
    intake_phases_parse(req->arena, http_form(req, "phases"), in, e);
    intake_targets_parse(req->arena, http_form(req, "targets"), in, e);
}

static int programme_new_show(http_request *req, http_response *res)
{
    if (!enforce_write(req)) {
        http_error(req, res, 403);
        return 0;
    }
    intake_programme_input in;
    memset(&in, 0, sizeof in);
    programme_form(req, res, 200, NULL, &in, NULL, NULL, NULL);
    return 0;
}

static int programme_submit(http_request *req, http_response *res, const intake_programme *existing)
{
    intake_programme_input *in = arena_calloc(req->arena, 1, sizeof *in);
    if (!in) return DB_ENOMEM;
    api_errors e = {0};
    programme_from_form(req, in, &e);
    int64_t id = existing ? existing->id : 0;
    int rc = e.n ? API_EINVALID : intake_programme_save(req, &id, in, &e);
    if (rc == API_EINVALID) {
        programme_form(req, res, 422, existing, in, http_form(req, "phases"), http_form(req, "targets"), &e);
        return 0;
    }
    return page_after_write(req, res, rc, href(req, "/programmes/%lld?saved=1", id));
}

static int programme_create_submit(http_request *req, http_response *res)
{
    if (!enforce_write(req)) {
        http_error(req, res, 403);
        return 0;
    }
    return programme_submit(req, res, NULL);
}

/* Loads the programme of the path after a read check; *done when the response is filled. */
static int load_programme(http_request *req, http_response *res, policy_op op, intake_programme *p, bool *done)
{
    *done = true;
    int64_t id = http_path_id(req, "id");
    if (!id || !may_read(req)) {
        http_error(req, res, 404);
        return 0;
    }
    int rc = intake_programme_load(http_db(req), req->arena, id, p);
    if (rc) return store_failed(req, res, rc);
    if (op == POLICY_WRITE && !enforce_write(req)) {
        http_error(req, res, 403);
        return 0;
    }
    *done = false;
    return 0;
}

static int programme_edit_show(http_request *req, http_response *res)
{
    intake_programme p;
    bool done;
    int rc = load_programme(req, res, POLICY_WRITE, &p, &done);
    if (rc || done) return rc;
    intake_programme_input *in = arena_calloc(req->arena, 1, sizeof *in);
    if (!in) return DB_ENOMEM;
    input_of_programme(&p, in, req);
    programme_form(req, res, 200, &p, in, NULL, NULL, NULL);
    return 0;
}

static int programme_update_submit(http_request *req, http_response *res)
{
    intake_programme p;
    bool done;
    int rc = load_programme(req, res, POLICY_WRITE, &p, &done);
    if (rc || done) return rc;
    return programme_submit(req, res, &p);
}

static void cohorts_table(http_request *req, buf *b, const intake_cohort *list, int n)
{
    ui_table_begin(b, "cohorts-caption", msg(req, MSG_INTAKE_COHORTS), false);
    html_lit(b, "<thead class=\"utrecht-table__header\"><tr class=\"utrecht-table__row\">"
                "<th class=\"utrecht-table__header-cell\" scope=\"col\">");
    html_text(b, msg(req, MSG_INTAKE_FIELD_NAME));
    html_lit(b, "</th><th class=\"utrecht-table__header-cell\" scope=\"col\">");
    html_text(b, msg(req, MSG_INTAKE_FIELD_STARTS_ON));
    html_lit(b, "</th><th class=\"utrecht-table__header-cell\" scope=\"col\">");
    html_text(b, msg(req, MSG_INTAKE_FIELD_ENDS_ON));
    html_lit(b, "</th><th class=\"utrecht-table__header-cell\" scope=\"col\">");
    html_text(b, msg(req, MSG_INTAKE_FIELD_CAPACITY));
    html_lit(b, "</th></tr></thead><tbody class=\"utrecht-table__body\">");
    for (int i = 0; i < n; i++) {
        html_lit(b, "<tr class=\"utrecht-table__row\"><th class=\"utrecht-table__header-cell\" scope=\"row\">");
        ui_link(b, href(req, "/cohorts/%lld", list[i].id), list[i].name);
        html_lit(b, "</th><td class=\"utrecht-table__cell\">");
        html_text(b, list[i].starts_on);
        html_lit(b, "</td><td class=\"utrecht-table__cell\">");
        html_text(b, list[i].ends_on);
        html_lit(b, "</td><td class=\"utrecht-table__cell\">");
        html_int(b, list[i].capacity);
        html_lit(b, "</td></tr>");
    }
    html_lit(b, "</tbody>");
    ui_table_end(b);
}

static int programme_show(http_request *req, http_response *res)
{
    intake_programme p;
    bool done;
    int rc = load_programme(req, res, POLICY_READ, &p, &done);
    if (rc || done) return rc;
    intake_cohort *cohorts;
    int ncohorts;
    rc = intake_cohort_list(http_db(req), req->arena, p.id, 0, 1000, &cohorts, &ncohorts);
    if (rc) return api_fail(rc);
    page_begin(req, res, p.name);
    buf *b = &res->body;
    back_link(b, "/programmes", msg(req, MSG_INTAKE_ADMIN_ALL_PROGRAMMES));
    ui_heading(b, 1, p.name);
    saved_alert(req, b);
    bool writer = may_write(req);
    if (writer) {
        html_lit(b, "<div class=\"instroom-toolbar\">");
        page_button_link(b, href(req, "/programmes/%lld/edit", p.id), msg(req, MSG_UI_EDIT), 1);
        html_lit(b, "</div>");
    }
    html_lit(b, "<div class=\"instroom-panel\">");
    ui_data_begin(b);
    ui_data_row(b, msg(req, MSG_INTAKE_FIELD_KIND), kind_text(req, p.kind));
    ui_data_row(b, msg(req, MSG_INTAKE_FIELD_DESCRIPTION), p.description);
    ui_data_row(b, msg(req, MSG_INTAKE_FIELD_OWNER), p.owner_name);
    const char *ages = p.min_age || p.max_age
                           ? arena_printf(req->arena, "%s–%s", p.min_age ? int_text(req, p.min_age) : "",
                                          p.max_age ? int_text(req, p.max_age) : "")
                           : msg(req, MSG_INTAKE_ADMIN_NO_RULE);
    ui_data_row(b, msg(req, MSG_INTAKE_ADMIN_AGES), ages);
    ui_data_end(b);
    html_lit(b, "</div>");
    ui_heading(b, 2, msg(req, MSG_INTAKE_FIELD_PARTNERS));
    html_lit(b, "<ul class=\"utrecht-unordered-list\">");
    for (int i = 0; i < p.npartners; i++) {
        html_lit(b, "<li class=\"utrecht-unordered-list__item\">");
        html_text(b, p.partners[i].org_name);
        html_lit(b, " — ");
        html_text(b, part_text(req, p.partners[i].part));
        html_lit(b, "</li>");
    }
    html_lit(b, "</ul>");
    ui_heading(b, 2, msg(req, MSG_INTAKE_FIELD_PHASES));
    html_lit(b, "<ol class=\"utrecht-ordered-list\">");
    for (int i = 0; i < p.nphases; i++) {
        html_lit(b, "<li class=\"utrecht-ordered-list__item\">");
        html_text(b, p.phases[i].name);
        if (p.phases[i].weeks) {
            html_lit(b, " (");
            html_text(b, msg_fill(req, MSG_INTAKE_ADMIN_WEEKS, int_text(req, p.phases[i].weeks), NULL));
            html_lit(b, ")");
        }
        html_lit(b, "</li>");
    }
    html_lit(b, "</ol>");
    ui_heading(b, 2, msg(req, MSG_INTAKE_FIELD_TARGETS));
    html_lit(b, "<ul class=\"utrecht-unordered-list\">");
    for (int i = 0; i < p.ntargets; i++) {
        html_lit(b, "<li class=\"utrecht-unordered-list__item\">");
        html_text(b, p.targets[i].description);
        html_lit(b, "</li>");
    }
    html_lit(b, "</ul>");
    html_lit(b, "<div class=\"instroom-toolbar\">");
    page_button_link(b, href(req, "/programmes/%lld/report", p.id), msg(req, MSG_REPORT_LINK), 0);
    page_button_link(b, href(req, "/programmes/%lld/costs", p.id), msg(req, MSG_COST_LINK), 0);
    html_lit(b, "</div>");
    ui_heading(b, 2, msg(req, MSG_INTAKE_COHORTS));
    if (writer) {
        html_lit(b, "<div class=\"instroom-toolbar\">");
        page_button_link(b, href(req, "/programmes/%lld/cohorts/new", p.id), msg(req, MSG_INTAKE_NEW_COHORT), 0);
        html_lit(b, "</div>");
    }
    if (ncohorts == 0) page_empty(b, msg(req, MSG_INTAKE_COHORTS_EMPTY), msg(req, MSG_INTAKE_COHORTS_EMPTY_TEXT), NULL, NULL);
    else cohorts_table(req, b, cohorts, ncohorts);
    page_end(req, res);
    return 0;
}

/* ---- Cohorts: pages ---- */

static void cohort_form(http_request *req, http_response *res, int status, const intake_programme *p,
                        const intake_cohort *existing, const intake_cohort_input *in, const api_errors *e)
{
    const char *title = existing ? msg_fill(req, MSG_INTAKE_EDIT_COHORT, existing->name, NULL)
                                 : msg(req, MSG_INTAKE_NEW_COHORT);
    page_begin(req, res, title);
    res->status = status;
    buf *b = &res->body;
    back_link(b, href(req, "/programmes/%lld", p->id), p->name);
    ui_heading(b, 1, title);
    if (e && e->n) page_alert(b, ALERT_ERROR, msg(req, MSG_UI_FORM_INVALID));
    html_lit(b, "<div class=\"instroom-panel\"><form class=\"instroom-form\" method=\"post\" novalidate");
    html_attr(b, "action", existing ? href(req, "/cohorts/%lld", existing->id) : href(req, "/programmes/%lld/cohorts", p->id));
    html_lit(b, ">");
    page_csrf(req, b);
    page_field(b, "f-name", "name", msg(req, MSG_INTAKE_FIELD_NAME), "text", in->name, api_errors_text(req, e, "name"),
               NULL, NULL);
    page_field(b, "f-starts-on", "starts_on", msg(req, MSG_INTAKE_FIELD_STARTS_ON), "date", in->starts_on,
               api_errors_text(req, e, "starts_on"), NULL, NULL);
    page_field(b, "f-ends-on", "ends_on", msg(req, MSG_INTAKE_FIELD_ENDS_ON), "date", in->ends_on,
               api_errors_text(req, e, "ends_on"), NULL, NULL);
    page_field(b, "f-capacity", "capacity", msg(req, MSG_INTAKE_FIELD_CAPACITY), "text", in->capacity,
               api_errors_text(req, e, "capacity"), NULL, NULL);
    html_lit(b, "<fieldset class=\"utrecht-form-fieldset\"><legend class=\"utrecht-form-fieldset__legend\">");
    html_text(b, msg(req, MSG_INTAKE_FIELD_PLACES));
    html_lit(b, "</legend><p class=\"utrecht-paragraph\">");
    html_text(b, msg(req, MSG_INTAKE_FIELD_PLACES_HINT));
    html_lit(b, "</p>");
    const char *perr = api_errors_text(req, e, "places");
    if (perr) page_alert(b, ALERT_ERROR, perr);
    for (int i = 0; i < p->npartners; i++) {
        const char *value = NULL;
        for (int k = 0; k < in->nplaces; k++)
            if (in->places[k].org_id == p->partners[i].org_id)
                value = in->places_text[k] ? in->places_text[k] : int_text(req, in->places[k].places);
        page_field(b, arena_printf(req->arena, "f-places-%lld", (long long)p->partners[i].org_id),
                   arena_printf(req->arena, "places_%lld", (long long)p->partners[i].org_id), p->partners[i].org_name,
                   "text", value, NULL, NULL, NULL);
    }
    html_lit(b, "</fieldset><div class=\"instroom-form__actions\">");
    ui_submit(b, msg(req, MSG_UI_SAVE));
    page_button_link(b, existing ? href(req, "/cohorts/%lld", existing->id) : href(req, "/programmes/%lld", p->id),
                     msg(req, MSG_UI_CANCEL), 0);
    html_lit(b, "</div></form></div>");
    page_end(req, res);
}

static void cohort_from_form(http_request *req, int64_t programme_id, intake_cohort_input *in, api_errors *e)
{
    memset(in, 0, sizeof *in);
    in->programme_id = programme_id;
    in->name = http_form(req, "name");
    in->starts_on = http_form(req, "starts_on");
    in->ends_on = http_form(req, "ends_on");
    in->capacity = http_form(req, "capacity");
    for (int i = 0; i < req->nform; i++) {
        const http_kv *kv = &req->form[i];
        if (!str_starts_with(kv->name, "places_")) continue;
        const char *v = str_trim(req->arena, kv->value);
        if (!v || !*v) continue;
        int64_t org = 0;
        if (str_to_int64(kv->name + 7, 1, INT64_MAX, &org) != 0 || in->nplaces == INTAKE_MAX_PARTNERS) {
            api_errors_add(e, "places", MSG_INTAKE_ADMIN_PLACES_INVALID);
            continue;
        }
        in->places[in->nplaces] = (intake_place){.org_id = org};
        in->places_text[in->nplaces++] = v;
    }
}

static int cohort_new_show(http_request *req, http_response *res)
{
    intake_programme p;
    bool done;
    int rc = load_programme(req, res, POLICY_WRITE, &p, &done);
    if (rc || done) return rc;
    intake_cohort_input *in = arena_calloc(req->arena, 1, sizeof *in);
    if (!in) return DB_ENOMEM;
    cohort_form(req, res, 200, &p, NULL, in, NULL);
    return 0;
}

static int cohort_submit(http_request *req, http_response *res, const intake_programme *p, const intake_cohort *existing)
{
    intake_cohort_input *in = arena_calloc(req->arena, 1, sizeof *in);
    if (!in) return DB_ENOMEM;
    api_errors e = {0};
    http_form(req, "name");
    cohort_from_form(req, p->id, in, &e);
    int64_t id = existing ? existing->id : 0;
    int rc = e.n ? API_EINVALID : intake_cohort_save(req, &id, in, &e);
    if (rc == API_EINVALID) {
        cohort_form(req, res, 422, p, existing, in, &e);
        return 0;
    }
    return page_after_write(req, res, rc, href(req, "/cohorts/%lld?saved=1", id));
}

static int cohort_create_submit(http_request *req, http_response *res)
{
    intake_programme p;
    bool done;
    int rc = load_programme(req, res, POLICY_WRITE, &p, &done);
    if (rc || done) return rc;
    return cohort_submit(req, res, &p, NULL);
}

static int load_cohort(http_request *req, http_response *res, policy_op op, intake_cohort *k, intake_programme *p,
                       bool *done)
{
    *done = true;
    int64_t id = http_path_id(req, "id");
    if (!id || !may_read(req)) {
        http_error(req, res, 404);
        return 0;
    }
    int rc = intake_cohort_load(http_db(req), req->arena, id, k);
    if (!rc) rc = intake_programme_load(http_db(req), req->arena, k->programme_id, p);
    if (rc) return store_failed(req, res, rc);
    if (op == POLICY_WRITE && !enforce_write(req)) {
        http_error(req, res, 403);
        return 0;
    }
    *done = false;
    return 0;
}

static int cohort_edit_show(http_request *req, http_response *res)
{
    intake_cohort k;
    intake_programme p;
    bool done;
    int rc = load_cohort(req, res, POLICY_WRITE, &k, &p, &done);
    if (rc || done) return rc;
    intake_cohort_input *in = arena_calloc(req->arena, 1, sizeof *in);
    if (!in) return DB_ENOMEM;
    in->programme_id = k.programme_id;
    in->name = k.name;
    in->starts_on = k.starts_on;
    in->ends_on = k.ends_on;
    in->capacity = int_text(req, k.capacity);
    for (int i = 0; i < k.nplaces; i++) in->places[in->nplaces++] = k.places[i];
    cohort_form(req, res, 200, &p, &k, in, NULL);
    return 0;
}

static int cohort_update_submit(http_request *req, http_response *res)
{
    intake_cohort k;
    intake_programme p;
    bool done;
    int rc = load_cohort(req, res, POLICY_WRITE, &k, &p, &done);
    if (rc || done) return rc;
    return cohort_submit(req, res, &p, &k);
}

static void campaigns_table(http_request *req, buf *b, const intake_campaign_row *list, int n)
{
    ui_table_begin(b, "campaigns-caption", msg(req, MSG_INTAKE_CAMPAIGNS), false);
    html_lit(b, "<thead class=\"utrecht-table__header\"><tr class=\"utrecht-table__row\">"
                "<th class=\"utrecht-table__header-cell\" scope=\"col\">");
    html_text(b, msg(req, MSG_INTAKE_FIELD_TITLE));
    html_lit(b, "</th><th class=\"utrecht-table__header-cell\" scope=\"col\">");
    html_text(b, msg(req, MSG_INTAKE_FIELD_OPENS_AT));
    html_lit(b, "</th><th class=\"utrecht-table__header-cell\" scope=\"col\">");
    html_text(b, msg(req, MSG_INTAKE_FIELD_CLOSES_AT));
    html_lit(b, "</th><th class=\"utrecht-table__header-cell\" scope=\"col\">");
    html_text(b, msg(req, MSG_INTAKE_FIELD_APPLICATIONS));
    html_lit(b, "</th></tr></thead><tbody class=\"utrecht-table__body\">");
    for (int i = 0; i < n; i++) {
        html_lit(b, "<tr class=\"utrecht-table__row\"><th class=\"utrecht-table__header-cell\" scope=\"row\">");
        ui_link(b, href(req, "/campaigns/%lld", list[i].id), list[i].title);
        html_lit(b, "</th><td class=\"utrecht-table__cell\">");
        html_text(b, ui_time(req, list[i].opens_at));
        html_lit(b, "</td><td class=\"utrecht-table__cell\">");
        html_text(b, ui_time(req, list[i].closes_at));
        html_lit(b, "</td><td class=\"utrecht-table__cell\">");
        html_int(b, list[i].applications);
        html_lit(b, "</td></tr>");
    }
    html_lit(b, "</tbody>");
    ui_table_end(b);
}

static int cohort_show(http_request *req, http_response *res)
{
    intake_cohort k;
    intake_programme p;
    bool done;
    int rc = load_cohort(req, res, POLICY_READ, &k, &p, &done);
    if (rc || done) return rc;
    intake_campaign_row *list;
    int n;
    rc = intake_campaign_list(http_db(req), req->arena, k.id, 0, 1000, &list, &n);
    if (rc) return api_fail(rc);
    page_begin(req, res, k.name);
    buf *b = &res->body;
    back_link(b, href(req, "/programmes/%lld", p.id), p.name);
    ui_heading(b, 1, k.name);
    saved_alert(req, b);
    bool writer = may_write(req);
    if (writer) {
        html_lit(b, "<div class=\"instroom-toolbar\">");
        page_button_link(b, href(req, "/cohorts/%lld/edit", k.id), msg(req, MSG_UI_EDIT), 1);
        html_lit(b, "</div>");
    }
    html_lit(b, "<div class=\"instroom-panel\">");
    ui_data_begin(b);
    ui_data_row(b, msg(req, MSG_INTAKE_FIELD_PROGRAMME), p.name);
    ui_data_row(b, msg(req, MSG_INTAKE_FIELD_STARTS_ON), k.starts_on);
    ui_data_row(b, msg(req, MSG_INTAKE_FIELD_ENDS_ON), k.ends_on);
    ui_data_row(b, msg(req, MSG_INTAKE_FIELD_CAPACITY), int_text(req, k.capacity));
    for (int i = 0; i < k.nplaces; i++) ui_data_row(b, k.places[i].org_name, int_text(req, k.places[i].places));
    ui_data_row_link(b, msg(req, MSG_OUTCOME_EVENTS), href(req, "/cohorts/%lld/members", k.id),
                     msg(req, MSG_OUTCOME_MEMBERS_LINK));
    ui_data_row_link(b, msg(req, MSG_REPORT_LINK),
                     arena_printf(req->arena, "/programmes/%lld/report?cohort=%lld", (long long)p.id, (long long)k.id),
                     msg(req, MSG_REPORT_LINK));
    ui_data_end(b);
    html_lit(b, "</div>");
    ui_heading(b, 2, msg(req, MSG_INTAKE_CAMPAIGNS));
    if (writer) {
        html_lit(b, "<div class=\"instroom-toolbar\">");
        page_button_link(b, href(req, "/cohorts/%lld/campaigns/new", k.id), msg(req, MSG_INTAKE_NEW_CAMPAIGN), 0);
        html_lit(b, "</div>");
    }
    if (n == 0) page_empty(b, msg(req, MSG_INTAKE_CAMPAIGNS_EMPTY), msg(req, MSG_INTAKE_CAMPAIGNS_EMPTY_TEXT), NULL, NULL);
    else campaigns_table(req, b, list, n);
    page_end(req, res);
    return 0;
}

/* ---- Campaigns: pages ---- */

static void campaign_form(http_request *req, http_response *res, int status, const intake_cohort *k,
                          const intake_campaign_row *existing, const intake_campaign_input *in, const api_errors *e)
{
    const char *title = existing ? msg_fill(req, MSG_INTAKE_EDIT_CAMPAIGN, existing->title, NULL)
                                 : msg(req, MSG_INTAKE_NEW_CAMPAIGN);
    page_begin(req, res, title);
    res->status = status;
    buf *b = &res->body;
    back_link(b, href(req, "/cohorts/%lld", k->id), k->name);
    ui_heading(b, 1, title);
    if (e && e->n) page_alert(b, ALERT_ERROR, msg(req, MSG_UI_FORM_INVALID));
    html_lit(b, "<div class=\"instroom-panel\"><form class=\"instroom-form\" method=\"post\" novalidate");
    html_attr(b, "action", existing ? href(req, "/campaigns/%lld", existing->id) : href(req, "/cohorts/%lld/campaigns", k->id));
    html_lit(b, ">");
    page_csrf(req, b);
    page_field(b, "f-title", "title", msg(req, MSG_INTAKE_FIELD_TITLE), "text", in->title,
               api_errors_text(req, e, "title"), NULL, NULL);
    page_field(b, "f-slug", "slug", msg(req, MSG_INTAKE_FIELD_SLUG), "text", in->slug, api_errors_text(req, e, "slug"),
               NULL, NULL);
    page_field(b, "f-intro-nl", "intro_nl", msg(req, MSG_INTAKE_FIELD_INTRO_NL), "textarea", in->intro_nl,
               api_errors_text(req, e, "intro_nl"), msg(req, MSG_UI_OPTIONAL), NULL);
    page_field(b, "f-intro-en", "intro_en", msg(req, MSG_INTAKE_FIELD_INTRO_EN), "textarea", in->intro_en,
               api_errors_text(req, e, "intro_en"), msg(req, MSG_UI_OPTIONAL), NULL);
    page_field(b, "f-opens-at", "opens_at", msg(req, MSG_INTAKE_FIELD_OPENS_AT), "datetime-local", in->opens_at,
               api_errors_text(req, e, "opens_at"), msg(req, MSG_INTAKE_FIELD_WINDOW_HINT), NULL);
    page_field(b, "f-closes-at", "closes_at", msg(req, MSG_INTAKE_FIELD_CLOSES_AT), "datetime-local", in->closes_at,
               api_errors_text(req, e, "closes_at"), msg(req, MSG_INTAKE_FIELD_WINDOW_HINT), NULL);
    page_field(b, "f-target", "target", msg(req, MSG_INTAKE_FIELD_TARGET), "text", in->target,
               api_errors_text(req, e, "target"), NULL, NULL);
    page_field(b, "f-cap", "cap", msg(req, MSG_INTAKE_FIELD_CAP), "text", in->cap, api_errors_text(req, e, "cap"), NULL,
               NULL);
    page_field(b, "f-retention", "retention_weeks", msg(req, MSG_INTAKE_FIELD_RETENTION), "text", in->retention_weeks,
               api_errors_text(req, e, "retention_weeks"), msg(req, MSG_INTAKE_FIELD_RETENTION_HINT), NULL);
    page_field(b, "f-reject-nl", "reject_message_nl", msg(req, MSG_INTAKE_FIELD_REJECT_NL), "textarea",
               in->reject_message_nl, api_errors_text(req, e, "reject_message_nl"), msg(req, MSG_UI_OPTIONAL), NULL);
    page_field(b, "f-reject-en", "reject_message_en", msg(req, MSG_INTAKE_FIELD_REJECT_EN), "textarea",
               in->reject_message_en, api_errors_text(req, e, "reject_message_en"), msg(req, MSG_UI_OPTIONAL), NULL);
    html_lit(b, "<div class=\"instroom-form__actions\">");
    ui_submit(b, msg(req, MSG_UI_SAVE));
    page_button_link(b, existing ? href(req, "/campaigns/%lld", existing->id) : href(req, "/cohorts/%lld", k->id),
                     msg(req, MSG_UI_CANCEL), 0);
    html_lit(b, "</div></form></div>");
    page_end(req, res);
}

static void campaign_from_form(http_request *req, int64_t cohort_id, intake_campaign_input *in)
{
    *in = (intake_campaign_input){
        .cohort_id = cohort_id,
        .slug = http_form(req, "slug"),
        .title = http_form(req, "title"),
        .intro_nl = http_form(req, "intro_nl"),
        .intro_en = http_form(req, "intro_en"),
        .opens_at = http_form(req, "opens_at"),
        .closes_at = http_form(req, "closes_at"),
        .target = http_form(req, "target"),
        .cap = http_form(req, "cap"),
        .retention_weeks = http_form(req, "retention_weeks"),
        .reject_message_nl = http_form(req, "reject_message_nl"),
        .reject_message_en = http_form(req, "reject_message_en"),
    };
}

static int campaign_submit(http_request *req, http_response *res, const intake_cohort *k,
                           const intake_campaign_row *existing)
{
    intake_campaign_input in;
    campaign_from_form(req, k->id, &in);
    api_errors e = {0};
    int64_t id = existing ? existing->id : 0;
    int rc = intake_campaign_save(req, &id, &in, &e);
    if (rc == API_EINVALID) {
        campaign_form(req, res, 422, k, existing, &in, &e);
        return 0;
    }
    return page_after_write(req, res, rc, href(req, "/campaigns/%lld?saved=1", id));
}

static int campaign_new_show(http_request *req, http_response *res)
{
    intake_cohort k;
    intake_programme p;
    bool done;
    int rc = load_cohort(req, res, POLICY_WRITE, &k, &p, &done);
    if (rc || done) return rc;
    intake_campaign_input in = {.cohort_id = k.id, .retention_weeks = "4"};
    campaign_form(req, res, 200, &k, NULL, &in, NULL);
    return 0;
}

static int campaign_create_submit(http_request *req, http_response *res)
{
    intake_cohort k;
    intake_programme p;
    bool done;
    int rc = load_cohort(req, res, POLICY_WRITE, &k, &p, &done);
    if (rc || done) return rc;
    return campaign_submit(req, res, &k, NULL);
}

static int load_campaign(http_request *req, http_response *res, policy_op op, intake_campaign_row *c,
                         intake_cohort *k, bool *done)
{
    *done = true;
    int64_t id = http_path_id(req, "id");
    if (!id || !may_read(req)) {
        http_error(req, res, 404);
        return 0;
    }
    int rc = intake_campaign_load(http_db(req), req->arena, id, c);
    if (!rc) rc = intake_cohort_load(http_db(req), req->arena, c->cohort_id, k);
    if (rc) return store_failed(req, res, rc);
    if (op == POLICY_WRITE && !enforce_write(req)) {
        http_error(req, res, 403);
        return 0;
    }
    *done = false;
    return 0;
}

static void input_of_campaign(http_request *req, const intake_campaign_row *c, intake_campaign_input *in)
{
    *in = (intake_campaign_input){
        .cohort_id = c->cohort_id,
        .slug = c->slug,
        .title = c->title,
        .intro_nl = c->intro_nl,
        .intro_en = c->intro_en,
        .opens_at = intake_instant_local(req->arena, c->opens_at),
        .closes_at = intake_instant_local(req->arena, c->closes_at),
        .target = int_text(req, c->target),
        .cap = int_text(req, c->cap),
        .retention_weeks = int_text(req, c->retention_weeks),
        .reject_message_nl = c->reject_message_nl,
        .reject_message_en = c->reject_message_en,
    };
}

static int campaign_edit_show(http_request *req, http_response *res)
{
    intake_campaign_row c;
    intake_cohort k;
    bool done;
    int rc = load_campaign(req, res, POLICY_WRITE, &c, &k, &done);
    if (rc || done) return rc;
    intake_campaign_input in;
    input_of_campaign(req, &c, &in);
    campaign_form(req, res, 200, &k, &c, &in, NULL);
    return 0;
}

static int campaign_update_submit(http_request *req, http_response *res)
{
    intake_campaign_row c;
    intake_cohort k;
    bool done;
    int rc = load_campaign(req, res, POLICY_WRITE, &c, &k, &done);
    if (rc || done) return rc;
    return campaign_submit(req, res, &k, &c);
}

static int campaign_show(http_request *req, http_response *res)
{
    intake_campaign_row c;
    intake_cohort k;
    bool done;
    int rc = load_campaign(req, res, POLICY_READ, &c, &k, &done);
    if (rc || done) return rc;
    page_begin(req, res, c.title);
    buf *b = &res->body;
    back_link(b, href(req, "/cohorts/%lld", k.id), k.name);
    ui_heading(b, 1, c.title);
    saved_alert(req, b);
    html_lit(b, "<div class=\"instroom-toolbar\">");
    if (may_write(req)) page_button_link(b, href(req, "/campaigns/%lld/edit", c.id), msg(req, MSG_UI_EDIT), 1);
    policy_target apps;
    if (intake_pipeline_target(req, c.id, 0, 0, &apps) == 0 && policy_allows(auth_current(req), POLICY_READ, &apps, NULL))
        page_button_link(b, href(req, "/pipeline/campaigns/%lld", c.id), msg(req, MSG_INTAKE_PIPELINE_LINK), 0);
    html_lit(b, "</div><div class=\"instroom-panel\">");
    ui_data_begin(b);
    ui_data_row(b, msg(req, MSG_INTAKE_FIELD_PROGRAMME), c.programme_name);
    ui_data_row(b, msg(req, MSG_INTAKE_FIELD_COHORT), c.cohort_name);
    const char *public_href = arena_printf(req->arena, "/apply/%s", c.slug);
    ui_data_row_link(b, msg(req, MSG_INTAKE_FIELD_PUBLIC_PAGE), public_href, public_href);
    ui_data_row(b, msg(req, MSG_INTAKE_FIELD_OPENS_AT), ui_time(req, c.opens_at));
    ui_data_row(b, msg(req, MSG_INTAKE_FIELD_CLOSES_AT), ui_time(req, c.closes_at));
    ui_data_row(b, msg(req, MSG_INTAKE_FIELD_TARGET), int_text(req, c.target));
    ui_data_row(b, msg(req, MSG_INTAKE_FIELD_CAP), int_text(req, c.cap));
    ui_data_row(b, msg(req, MSG_INTAKE_FIELD_APPLICATIONS), int_text(req, c.applications));
    ui_data_row(b, msg(req, MSG_INTAKE_FIELD_RETENTION), int_text(req, c.retention_weeks));
    ui_data_row(b, msg(req, str_eq(req->lang, "en") ? MSG_INTAKE_FIELD_INTRO_EN : MSG_INTAKE_FIELD_INTRO_NL),
                str_eq(req->lang, "en") ? c.intro_en : c.intro_nl);
    ui_data_end(b);
    html_lit(b, "</div>");
    intake_import_form(req, b, c.id);
    page_end(req, res);
    return 0;
}

const http_route intake_admin_routes[] = {
    {"GET", "/programmes", programmes_show, 0, "programmes: list"},
    {"GET", "/programmes/new", programme_new_show, 0, "programmes: new form"},
    {"POST", "/programmes", programme_create_submit, 0, "programmes: create"},
    {"GET", "/programmes/{id}", programme_show, 0, "programmes: detail with cohorts"},
    {"GET", "/programmes/{id}/edit", programme_edit_show, 0, "programmes: edit form"},
    {"POST", "/programmes/{id}", programme_update_submit, 0, "programmes: update"},
    {"GET", "/programmes/{id}/cohorts/new", cohort_new_show, 0, "cohorts: new form"},
    {"POST", "/programmes/{id}/cohorts", cohort_create_submit, 0, "cohorts: create"},
    {"GET", "/cohorts/{id}", cohort_show, 0, "cohorts: detail with campaigns"},
    {"GET", "/cohorts/{id}/edit", cohort_edit_show, 0, "cohorts: edit form"},
    {"POST", "/cohorts/{id}", cohort_update_submit, 0, "cohorts: update"},
    {"GET", "/cohorts/{id}/campaigns/new", campaign_new_show, 0, "campaigns: new form"},
    {"POST", "/cohorts/{id}/campaigns", campaign_create_submit, 0, "campaigns: create"},
    {"GET", "/campaigns/{id}", campaign_show, 0, "campaigns: detail with the import form"},
    {"GET", "/campaigns/{id}/edit", campaign_edit_show, 0, "campaigns: edit form"},
    {"POST", "/campaigns/{id}", campaign_update_submit, 0, "campaigns: update"},
    {0},
};

/* ---- The API ---- */

static void problem_forbidden(http_request *req, http_response *res)
{
    http_problem(req, res, 403, "programmes, cohorts and campaigns are managed by the coordinator", NULL, NULL);
}

static bool api_may_read(http_request *req, http_response *res)
{
    if (may_read(req)) return true;
    http_problem(req, res, 403, "programmes are for staff", NULL, NULL);
    return false;
}

/* Reads the optional whole-number member key as text into *out (NULL when
 * absent or null; a string is refused). */
static void get_int_text(http_request *req, const json_t *body, const char *key, const char **out, api_errors *e)
{
    json_t *v = json_object_get(body, key);
    if (!v) return;
    if (json_is_null(v)) *out = NULL;
    else if (json_is_integer(v)) *out = arena_printf(req->arena, "%lld", (long long)json_integer_value(v));
    else api_errors_add(e, key, MSG_INTAKE_ADMIN_NUMBER_INVALID);
}

static void patch_string(const json_t *body, const char *key, const char **field, api_errors *e)
{
    if (json_object_get(body, key)) api_get_string(body, key, field, e);
}

static void patch_id(const json_t *body, const char *key, int64_t *field, api_errors *e)
{
    if (json_object_get(body, key)) api_get_id(body, key, field, e);
}

static void json_partners(const json_t *body, intake_programme_input *in, api_errors *e)
{
    json_t *arr = json_object_get(body, "partners");
    if (!arr) return;
    if (!json_is_array(arr) || json_array_size(arr) > INTAKE_MAX_PARTNERS) {
        api_errors_add(e, "partners", MSG_INTAKE_ADMIN_PARTNER_INVALID);
        return;
    }
    in->npartners = 0;
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v) {
        json_t *org = json_object_get(v, "org_id");
        if (!json_is_object(v) || !json_is_integer(org) || !json_is_string(json_object_get(v, "part"))) {
            api_errors_add(e, "partners", MSG_INTAKE_ADMIN_PARTNER_INVALID);
            return;
        }
        const char *note = NULL;
        api_get_string(v, "note", &note, e);
        in->partners[in->npartners++] = (intake_partner){.org_id = json_integer_value(org),
                                                         .part = json_string_value(json_object_get(v, "part")),
                                                         .note = note};
    }
}

static void json_phases(const json_t *body, intake_programme_input *in, api_errors *e)
{
    json_t *arr = json_object_get(body, "phases");
    if (!arr) return;
    if (!json_is_array(arr) || json_array_size(arr) > INTAKE_MAX_PHASES) {
        api_errors_add(e, "phases", MSG_INTAKE_ADMIN_PHASE_INVALID);
        return;
    }
    in->nphases = 0;
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v) {
        json_t *weeks = json_object_get(v, "weeks");
        if (!json_is_object(v) || !json_is_string(json_object_get(v, "name")) ||
            (weeks && !json_is_null(weeks) && !json_is_integer(weeks)) ||
            (json_is_integer(weeks) && (json_integer_value(weeks) < 0 || json_integer_value(weeks) > 520))) {
            api_errors_add(e, "phases", MSG_INTAKE_ADMIN_PHASE_INVALID);
            return;
        }
        in->phases[in->nphases++] = (intake_phase){.name = json_string_value(json_object_get(v, "name")),
                                                   .weeks = json_is_integer(weeks) ? (int)json_integer_value(weeks) : 0};
    }
}

static void json_targets(const json_t *body, intake_programme_input *in, api_errors *e)
{
    json_t *arr = json_object_get(body, "targets");
    if (!arr) return;
    if (!json_is_array(arr) || json_array_size(arr) > INTAKE_MAX_TARGETS) {
        api_errors_add(e, "targets", MSG_INTAKE_ADMIN_TARGET_INVALID);
        return;
    }
    in->ntargets = 0;
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v) {
        if (!json_is_object(v) || !json_is_string(json_object_get(v, "metric")) ||
            !json_is_number(json_object_get(v, "value")) || !json_is_string(json_object_get(v, "description"))) {
            api_errors_add(e, "targets", MSG_INTAKE_ADMIN_TARGET_INVALID);
            return;
        }
        in->targets[in->ntargets++] = (intake_target){.metric = json_string_value(json_object_get(v, "metric")),
                                                      .value = json_number_value(json_object_get(v, "value")),
                                                      .description = json_string_value(json_object_get(v, "description"))};
    }
}

static const char *const programme_fields[] = {"slug", "name", "kind", "description", "owner_org", "min_age",
                                               "max_age", "partners", "phases", "targets", NULL};

static void programme_from_json(http_request *req, const json_t *body, void *input, api_errors *e)
{
    intake_programme_input *in = input;
    api_reject_unknown(body, programme_fields, e);
    patch_string(body, "slug", &in->slug, e);
    patch_string(body, "name", &in->name, e);
    patch_string(body, "kind", &in->kind, e);
    patch_string(body, "description", &in->description, e);
    patch_id(body, "owner_org", &in->owner_org, e);
    get_int_text(req, body, "min_age", &in->min_age, e);
    get_int_text(req, body, "max_age", &in->max_age, e);
    json_partners(body, in, e);
    json_phases(body, in, e);
    json_targets(body, in, e);
}

/* The three resources share one shape: load, read the JSON into an input
 * (on a change, the stored one first), check, save, answer with the stored
 * row. What differs is in an admin_kind. */
typedef struct admin_kind {
    const char *noun;       /* "programme": in the problems */
    const char *collection; /* "/api/v1/programmes": a new row is at collection/id */
    size_t input_size;
    /* Loads row id as an input (arena); 0, DB_ENOTFOUND or a store error. */
    int (*load_input)(http_request *req, int64_t id, void *in);
    void (*from_json)(http_request *req, const json_t *body, void *in, api_errors *e);
    /* Normalises and validates, to name every wrong field at once. */
    void (*check)(http_request *req, void *in, api_errors *e);
    int (*save)(http_request *req, int64_t *id, void *in, api_errors *e);
    size_t row_size;
    /* Loads row id into row (arena); 0, DB_ENOTFOUND or a store error. */
    int (*load_row)(http_request *req, int64_t id, void *row);
    void (*write_json)(jsonw *w, const void *row);
} admin_kind;

static int no_such(http_request *req, http_response *res, const admin_kind *k)
{
    http_problem(req, res, 404, arena_printf(req->arena, "no such %s", k->noun), NULL, NULL);
    return 0;
}

static int reply_row(http_request *req, http_response *res, const admin_kind *k, int status, int64_t id)
{
    void *row = arena_calloc(req->arena, 1, k->row_size);
    if (!row) return api_fail(DB_ENOMEM);
    int rc = k->load_row(req, id, row);
    if (rc == DB_ENOTFOUND) return no_such(req, res, k);
    if (rc) return api_fail(rc);
    jsonw w;
    api_json_begin(res, status, &w);
    k->write_json(&w, row);
    return api_json_end(&w);
}

/* Creates (id 0) or changes row id from the request's JSON body. */
static int api_write(http_request *req, http_response *res, const admin_kind *k, int64_t id)
{
    if (!enforce_write(req)) { /* before the body is read or the row looked up */
        problem_forbidden(req, res);
        return 0;
    }
    void *in = arena_calloc(req->arena, 1, k->input_size);
    if (!in) return api_fail(DB_ENOMEM);
    if (id) {
        int rc = k->load_input(req, id, in);
        if (rc == DB_ENOTFOUND) return no_such(req, res, k);
        if (rc) return api_fail(rc);
    }
    json_t *body;
    if (api_read_json(req, res, &body) != 0) return 0;
    api_errors e = {0};
    k->from_json(req, body, in, &e);
    bool create = id == 0;
    if (e.n) k->check(req, in, &e); /* name the other wrong fields too */
    int rc = e.n ? API_EINVALID : k->save(req, &id, in, &e);
    if (rc == API_EINVALID)
        api_problem_errors(req, res, 422,
                           arena_printf(req->arena, "the %s was not %s: see errors", k->noun, create ? "created" : "saved"),
                           &e);
    json_decref(body);
    if (rc == API_EINVALID) return 0;
    if (rc) return api_fail(rc);
    if (create) http_set_header(req, res, "Location", arena_printf(req->arena, "%s/%lld", k->collection, (long long)id));
    return reply_row(req, res, k, create ? 201 : 200, id);
}

static int api_show(http_request *req, http_response *res, const admin_kind *k)
{
    if (!api_may_read(req, res)) return 0;
    int64_t id = http_path_id(req, "id");
    return id ? reply_row(req, res, k, 200, id) : no_such(req, res, k);
}

static int api_patch(http_request *req, http_response *res, const admin_kind *k)
{
    if (!api_may_read(req, res)) return 0;
    int64_t id = http_path_id(req, "id");
    return id ? api_write(req, res, k, id) : no_such(req, res, k);
}

/* Programmes */

static int programme_load_input(http_request *req, int64_t id, void *in)
{
    intake_programme p;
    int rc = intake_programme_load(http_db(req), req->arena, id, &p);
    if (!rc) input_of_programme(&p, in, req);
    return rc;
}

static void programme_check(http_request *req, void *in, api_errors *e)
{
    intake_programme_normalise(req->arena, in);
    intake_programme_validate(in, e);
}

static int programme_save(http_request *req, int64_t *id, void *in, api_errors *e)
{
    return intake_programme_save(req, id, in, e);
}

static int programme_load_row(http_request *req, int64_t id, void *row)
{
    return intake_programme_load(http_db(req), req->arena, id, row);
}

static void programme_write_json(jsonw *w, const void *row)
{
    intake_programme_write_json(w, row);
}

static const admin_kind programme_kind = {"programme", "/api/v1/programmes", sizeof(intake_programme_input),
                                          programme_load_input, programme_from_json, programme_check,
                                          programme_save, sizeof(intake_programme), programme_load_row,
                                          programme_write_json};

static int api_programmes_list(http_request *req, http_response *res)
{
    if (!api_may_read(req, res)) return 0;
    api_page pg;
    if (api_page_parse(req, res, &pg) != 0) return 0;
    intake_programme *list;
    int n;
    int rc = intake_programme_list(http_db(req), req->arena, pg.after, pg.limit + 1, &list, &n);
    if (rc) return api_fail(rc);
    int shown = n > pg.limit ? pg.limit : n;
    jsonw w;
    api_json_begin(res, 200, &w);
    api_list_begin(&w);
    for (int i = 0; i < shown; i++) intake_programme_write_json(&w, &list[i]);
    api_list_end(req, &w, n > pg.limit ? list[shown - 1].id : 0);
    return api_json_end(&w);
}

static int api_programmes_create(http_request *req, http_response *res)
{
    return api_write(req, res, &programme_kind, 0);
}

static int api_programme_show(http_request *req, http_response *res)
{
    return api_show(req, res, &programme_kind);
}

static int api_programme_patch(http_request *req, http_response *res)
{
    return api_patch(req, res, &programme_kind);
}

/* Cohorts */

static const char *const cohort_fields[] = {"programme_id", "name", "starts_on", "ends_on", "capacity", "places", NULL};

static void cohort_from_json(http_request *req, const json_t *body, void *input, api_errors *e)
{
    intake_cohort_input *in = input;
    api_reject_unknown(body, cohort_fields, e);
    patch_id(body, "programme_id", &in->programme_id, e);
    patch_string(body, "name", &in->name, e);
    patch_string(body, "starts_on", &in->starts_on, e);
    patch_string(body, "ends_on", &in->ends_on, e);
    get_int_text(req, body, "capacity", &in->capacity, e);
    json_t *arr = json_object_get(body, "places");
    if (!arr) return;
    if (!json_is_array(arr) || json_array_size(arr) > INTAKE_MAX_PARTNERS) {
        api_errors_add(e, "places", MSG_INTAKE_ADMIN_PLACES_INVALID);
        return;
    }
    in->nplaces = 0;
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v) {
        json_t *org = json_object_get(v, "org_id"), *places = json_object_get(v, "places");
        if (!json_is_object(v) || !json_is_integer(org) || !json_is_integer(places) ||
            json_integer_value(places) < 0 || json_integer_value(places) > 100000) {
            api_errors_add(e, "places", MSG_INTAKE_ADMIN_PLACES_INVALID);
            return;
        }
        in->places_text[in->nplaces] = NULL;
        in->places[in->nplaces++] =
            (intake_place){.org_id = json_integer_value(org), .places = (int)json_integer_value(places)};
    }
}

static int cohort_load_input(http_request *req, int64_t id, void *inp)
{
    intake_cohort_input *in = inp;
    intake_cohort k;
    int rc = intake_cohort_load(http_db(req), req->arena, id, &k);
    if (rc) return rc;
    in->programme_id = k.programme_id;
    in->name = k.name;
    in->starts_on = k.starts_on;
    in->ends_on = k.ends_on;
    in->capacity = int_text(req, k.capacity);
    for (int i = 0; i < k.nplaces; i++) in->places[in->nplaces++] = k.places[i];
    return 0;
}

static void cohort_check(http_request *req, void *in, api_errors *e)
{
    intake_cohort_normalise(req->arena, in);
    intake_cohort_validate(in, e);
}

static int cohort_save(http_request *req, int64_t *id, void *in, api_errors *e)
{
    return intake_cohort_save(req, id, in, e);
}

static int cohort_load_row(http_request *req, int64_t id, void *row)
{
    return intake_cohort_load(http_db(req), req->arena, id, row);
}

static void cohort_write_json(jsonw *w, const void *row)
{
    intake_cohort_write_json(w, row);
}

static const admin_kind cohort_kind = {"cohort", "/api/v1/cohorts", sizeof(intake_cohort_input),
                                       cohort_load_input, cohort_from_json, cohort_check, cohort_save,
                                       sizeof(intake_cohort), cohort_load_row, cohort_write_json};

/* The optional numeric query parameter name as an id: 0 when absent, -1 after a 400. */
static int64_t query_id(http_request *req, http_response *res, const char *name)
{
    const char *v = http_query(req, name);
    int64_t id = 0;
    if (!v) return 0;
    if (str_to_int64(v, 1, INT64_MAX, &id) != 0) {
        http_problem(req, res, 400, arena_printf(req->arena, "%s must be a positive whole number", name), name,
                     "not an id");
        return -1;
    }
    return id;
}

static int api_cohorts_list(http_request *req, http_response *res)
{
    if (!api_may_read(req, res)) return 0;
    api_page pg;
    if (api_page_parse(req, res, &pg) != 0) return 0;
    int64_t programme = query_id(req, res, "programme_id");
    if (programme < 0) return 0;
    intake_cohort *list;
    int n;
    int rc = intake_cohort_list(http_db(req), req->arena, programme, pg.after, pg.limit + 1, &list, &n);
    if (rc) return api_fail(rc);
    int shown = n > pg.limit ? pg.limit : n;
    jsonw w;
    api_json_begin(res, 200, &w);
    api_list_begin(&w);
    for (int i = 0; i < shown; i++) intake_cohort_write_json(&w, &list[i]);
    api_list_end(req, &w, n > pg.limit ? list[shown - 1].id : 0);
    return api_json_end(&w);
}

static int api_cohorts_create(http_request *req, http_response *res)
{
    return api_write(req, res, &cohort_kind, 0);
}

static int api_cohort_show(http_request *req, http_response *res)
{
    return api_show(req, res, &cohort_kind);
}

static int api_cohort_patch(http_request *req, http_response *res)
{
    return api_patch(req, res, &cohort_kind);
}

/* Campaigns */

static const char *const campaign_fields[] = {"cohort_id", "slug", "title", "intro_nl", "intro_en", "opens_at",
                                              "closes_at", "target", "cap", "retention_weeks", "reject_message_nl",
                                              "reject_message_en", NULL};

static void campaign_from_json(http_request *req, const json_t *body, void *input, api_errors *e)
{
    intake_campaign_input *in = input;
    api_reject_unknown(body, campaign_fields, e);
    patch_id(body, "cohort_id", &in->cohort_id, e);
    patch_string(body, "slug", &in->slug, e);
    patch_string(body, "title", &in->title, e);
    patch_string(body, "intro_nl", &in->intro_nl, e);
    patch_string(body, "intro_en", &in->intro_en, e);
    patch_string(body, "opens_at", &in->opens_at, e);
    patch_string(body, "closes_at", &in->closes_at, e);
    get_int_text(req, body, "target", &in->target, e);
    get_int_text(req, body, "cap", &in->cap, e);
    get_int_text(req, body, "retention_weeks", &in->retention_weeks, e);
    patch_string(body, "reject_message_nl", &in->reject_message_nl, e);
    patch_string(body, "reject_message_en", &in->reject_message_en, e);
}

static int campaign_load_input(http_request *req, int64_t id, void *in)
{
    intake_campaign_row c;
    int rc = intake_campaign_load(http_db(req), req->arena, id, &c);
    if (rc) return rc;
    intake_campaign_input *ci = in;
    input_of_campaign(req, &c, ci);
    /* Unchanged times go back as they are stored: UTC. */
    char t[32];
    time_format_utc(t, sizeof t, c.opens_at);
    ci->opens_at = arena_strdup(req->arena, t);
    time_format_utc(t, sizeof t, c.closes_at);
    ci->closes_at = arena_strdup(req->arena, t);
    return 0;
}

static void campaign_check(http_request *req, void *in, api_errors *e)
{
    int64_t o, c;
    intake_campaign_normalise(req->arena, in);
    intake_campaign_validate(in, e, &o, &c);
}

static int campaign_save(http_request *req, int64_t *id, void *in, api_errors *e)
{
    return intake_campaign_save(req, id, in, e);
}

static int campaign_load_row(http_request *req, int64_t id, void *row)
{
    return intake_campaign_load(http_db(req), req->arena, id, row);
}

static void campaign_write_json(jsonw *w, const void *row)
{
    intake_campaign_write_json(w, row);
}

static const admin_kind campaign_kind = {"campaign", "/api/v1/campaigns", sizeof(intake_campaign_input),
                                         campaign_load_input, campaign_from_json, campaign_check, campaign_save,
                                         sizeof(intake_campaign_row), campaign_load_row, campaign_write_json};

static int api_campaigns_list(http_request *req, http_response *res)
{
    if (!api_may_read(req, res)) return 0;
    api_page pg;
    if (api_page_parse(req, res, &pg) != 0) return 0;
    int64_t cohort = query_id(req, res, "cohort_id");
    if (cohort < 0) return 0;
    intake_campaign_row *list;
    int n;
    int rc = intake_campaign_list(http_db(req), req->arena, cohort, pg.after, pg.limit + 1, &list, &n);
    if (rc) return api_fail(rc);
    int shown = n > pg.limit ? pg.limit : n;
    jsonw w;
    api_json_begin(res, 200, &w);
    api_list_begin(&w);
    for (int i = 0; i < shown; i++) intake_campaign_write_json(&w, &list[i]);
    api_list_end(req, &w, n > pg.limit ? list[shown - 1].id : 0);
    return api_json_end(&w);
}

static int api_campaigns_create(http_request *req, http_response *res)
{
    return api_write(req, res, &campaign_kind, 0);
}

static int api_campaign_show(http_request *req, http_response *res)
{
    return api_show(req, res, &campaign_kind);
}

static int api_campaign_patch(http_request *req, http_response *res)
{
    return api_patch(req, res, &campaign_kind);
}

const http_route intake_admin_api_routes[] = {
    {"GET", "/api/v1/programmes", api_programmes_list, HTTP_API | HTTP_CACHE, "list programmes"},
    {"POST", "/api/v1/programmes", api_programmes_create, HTTP_API, "create a programme"},
    {"GET", "/api/v1/programmes/{id}", api_programme_show, HTTP_API | HTTP_CACHE, "one programme"},
    {"PATCH", "/api/v1/programmes/{id}", api_programme_patch, HTTP_API, "change a programme"},
    {"GET", "/api/v1/cohorts", api_cohorts_list, HTTP_API | HTTP_CACHE, "list cohorts"},
    {"POST", "/api/v1/cohorts", api_cohorts_create, HTTP_API, "create a cohort"},
    {"GET", "/api/v1/cohorts/{id}", api_cohort_show, HTTP_API | HTTP_CACHE, "one cohort"},
    {"PATCH", "/api/v1/cohorts/{id}", api_cohort_patch, HTTP_API, "change a cohort"},
    {"GET", "/api/v1/campaigns", api_campaigns_list, HTTP_API | HTTP_CACHE, "list campaigns"},
    {"POST", "/api/v1/campaigns", api_campaigns_create, HTTP_API, "create a campaign"},
    {"GET", "/api/v1/campaigns/{id}", api_campaign_show, HTTP_API | HTTP_CACHE, "one campaign"},
    {"PATCH", "/api/v1/campaigns/{id}", api_campaign_patch, HTTP_API, "change a campaign"},
    {0},
};
