/* intake apply: the public application form /apply/SLUG and the status page
 * /apply/status/TOKEN. No login. Works without JavaScript: the prior
 * occupation is matched on the server against ESCO. Abuse: a honeypot field,
 * a rate limit per address, a one-time form id against double submits. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "auth/auth.h"
#include "base/log.h"
#include "base/random.h"
#include "base/str.h"
#include "base/time.h"
#include "http/html.h"
#include "http/page.h"
#include "http/server.h"
#include "http/ui.h"
#include "intake/intake.h"
#include "intake/model.h"

#define APPLY_RATE_WINDOW 600
#define APPLY_RATE_DEFAULT 10

/* Submissions per address per 10 minutes: $INSTROOM_APPLY_LIMIT (0 = no limit), default 10. */
static int rate_limit(void)
{
    const char *s = getenv("INSTROOM_APPLY_LIMIT");
    int64_t v;
    if (s && str_to_int64(s, 0, 1000000, &v) == 0) return (int)v;
    return APPLY_RATE_DEFAULT;
}

static const char *const lang_codes[] = {"nl", "en", "ar", "tr", "pl", "de", "fr", "es", "uk", "ti", "so", "pt"};
static const msg_id lang_labels[] = {MSG_APPLY_LANG_NL, MSG_APPLY_LANG_EN, MSG_APPLY_LANG_AR, MSG_APPLY_LANG_TR,
                                     MSG_APPLY_LANG_PL, MSG_APPLY_LANG_DE, MSG_APPLY_LANG_FR, MSG_APPLY_LANG_ES,
                                     MSG_APPLY_LANG_UK, MSG_APPLY_LANG_TI, MSG_APPLY_LANG_SO, MSG_APPLY_LANG_PT};
#define NLANGS ((int)(sizeof lang_codes / sizeof lang_codes[0]))

/* What the form carries besides the applicant. */
typedef struct apply_form {
    intake_applicant in;
    const char *form_id;
    const char *ref;             /* ?ref= as sent */
    const char *occupation_text; /* what was typed */
    const char *occupation_pick; /* a chosen suggestion's uri, or "free" */
    const char *hours_text;
    bool via_via;
    intake_occupation *suggestions;
    int nsuggestions;
} apply_form;

static const char *date_text(http_request *req, int64_t t)
{
    char *s = arena_alloc(req->arena, 32);
    if (!s) return "";
    time_format_ams(s, 32, t, "%d-%m-%Y");
    return s;
}

/* The programme, intro and window above the form. */
static void campaign_intro(http_request *req, buf *b, const intake_campaign *k)
{
    ui_heading(b, 1, k->title);
    const char *intro = str_eq(req->lang, "en") && k->intro_en ? k->intro_en : k->intro_nl;
    if (intro) ui_paragraph(b, intro);
    html_lit(b, "<div class=\"instroom-panel\">");
    ui_data_begin(b);
    ui_data_row(b, msg(req, MSG_APPLY_PROGRAMME), k->programme_name);
    ui_data_row(b, msg(req, MSG_APPLY_COHORT), k->cohort_name);
    ui_data_row(b, msg(req, MSG_APPLY_WINDOW),
                msg_fill(req, MSG_APPLY_WINDOW_TEXT, date_text(req, k->opens_at), date_text(req, k->closes_at - 1)));
    ui_data_end(b);
    char n[16];
    if (k->min_age > 0) {
        snprintf(n, sizeof n, "%d", k->min_age);
        ui_paragraph(b, msg_fill(req, MSG_APPLY_AGE_RULE_MIN, k->cohort_starts_on, n));
    }
    if (k->max_age > 0) {
        snprintf(n, sizeof n, "%d", k->max_age);
        ui_paragraph(b, msg_fill(req, MSG_APPLY_AGE_RULE_MAX, k->cohort_starts_on, n));
    }
    html_lit(b, "</div>");
}

/* The page for a campaign outside its window: 200, never an error. */
static void window_page(http_request *req, http_response *res, const intake_campaign *k, intake_window w)
{
    page_begin(req, res, k->title);
    buf *b = &res->body;
    campaign_intro(req, b, k);
    if (w == INTAKE_WINDOW_BEFORE) {
        html_lit(b, "<h2 class=\"utrecht-heading-2\">");
        html_text(b, msg(req, MSG_APPLY_NOT_YET));
        html_lit(b, "</h2>");
        page_alert(b, ALERT_INFO, msg_fill(req, MSG_APPLY_NOT_YET_TEXT, date_text(req, k->opens_at), NULL));
    } else {
        html_lit(b, "<h2 class=\"utrecht-heading-2\">");
        html_text(b, msg(req, MSG_APPLY_CLOSED));
        html_lit(b, "</h2>");
        page_alert(b, ALERT_INFO, msg_fill(req, MSG_APPLY_CLOSED_TEXT, date_text(req, k->closes_at - 1), NULL));
    }
    page_end(req, res);
}

static void hidden(buf *b, const char *name, const char *value)
{
    if (!value) return;
    html_lit(b, "<input type=\"hidden\"");
    html_attr(b, "name", name);
    html_attr(b, "value", value);
    html_lit(b, ">");
}

static void fieldset_begin(http_request *req, buf *b, const char *legend, const char *error, const char *id)
{
    html_lit(b, "<fieldset class=\"utrecht-form-fieldset instroom-fieldset");
    if (error) html_lit(b, " utrecht-form-fieldset--invalid");
    html_lit(b, "\"");
    html_attr(b, "id", id);
    if (error) html_attr(b, "aria-describedby", arena_printf(req->arena, "%s-error", id));
    html_lit(b, "><legend class=\"utrecht-form-fieldset__legend\">");
    html_text(b, legend);
    html_lit(b, "</legend>");
    if (error) {
        html_lit(b, "<div class=\"utrecht-form-field-error-message\"");
        html_attr(b, "id", arena_printf(req->arena, "%s-error", id));
        html_lit(b, ">");
        html_text(b, error);
        html_lit(b, "</div>");
    }
}

/* A checkbox (or radio) with its label. */
static void choice(buf *b, const char *type, const char *id, const char *name, const char *value, bool checked,
                   const char *label)
{
    html_lit(b, "<div class=\"utrecht-form-field utrecht-form-field--checkbox\"><div class=\"utrecht-form-field__input\">");
    if (str_eq(type, "radio")) html_lit(b, "<input class=\"utrecht-radio-button utrecht-radio-button--html-input\" type=\"radio\"");
    else html_lit(b, "<input class=\"utrecht-checkbox utrecht-checkbox--html-input\" type=\"checkbox\"");
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

static bool lang_listed(const char *list, const char *code)
{
    if (!list) return false;
    for (const char *p = list; *p; p += (p[2] == ',' ? 3 : 2)) {
        if (p[0] == code[0] && p[1] == code[1]) return true;
        if (!p[2]) break;
    }
    return false;
}

/* The form, empty or as sent with per-field errors. */
static void apply_page(http_request *req, http_response *res, int status, const intake_campaign *k,
                       const apply_form *f, const api_errors *e)
{
    http_set_header(req, res, "Cache-Control", "no-store");
    page_begin(req, res, msg_fill(req, MSG_APPLY_TITLE, k->title, NULL));
    res->status = status;
    buf *b = &res->body;
    campaign_intro(req, b, k);
    if (e && e->n) page_alert(b, ALERT_ERROR, msg(req, MSG_APPLY_FORM_INVALID));
    if (intake_campaign_is_full(k)) page_alert(b, ALERT_WARNING, msg(req, MSG_APPLY_FULL_NOTICE));
    const intake_applicant *in = &f->in;
    html_lit(b, "<div class=\"instroom-panel\"><form class=\"instroom-form\" method=\"post\" novalidate");
    html_attr(b, "action", arena_printf(req->arena, "/apply/%s", k->slug));
    html_lit(b, ">");
    page_csrf(req, b);
    hidden(b, "form_id", f->form_id);
    hidden(b, "utm_source", in->utm_source);
    hidden(b, "utm_medium", in->utm_medium);
    hidden(b, "utm_campaign", in->utm_campaign);
    hidden(b, "ref", f->ref);
    /* The honeypot: hidden from people (and screen readers), filled by bots. */
    html_lit(b, "<div class=\"instroom-hp\" aria-hidden=\"true\" style=\"position:absolute;left:-10000px;top:auto;width:1px;height:1px;overflow:hidden\">"
                "<label for=\"f-website\">");
    html_text(b, msg(req, MSG_APPLY_F_HONEYPOT));
    html_lit(b, "</label><input type=\"text\" id=\"f-website\" name=\"website\" tabindex=\"-1\" autocomplete=\"off\" value=\"\"></div>");

    html_lit(b, "<h2 class=\"utrecht-heading-2\">");
    html_text(b, msg(req, MSG_APPLY_SECTION_CONTACT));
    html_lit(b, "</h2>");
    page_field(b, "f-given_name", "given_name", msg(req, MSG_APPLY_F_GIVEN_NAME), "text", in->given_name,
               api_errors_text(req, e, "given_name"), NULL, "given-name");
    page_field(b, "f-family_name", "family_name", msg(req, MSG_APPLY_F_FAMILY_NAME), "text", in->family_name,
               api_errors_text(req, e, "family_name"), NULL, "family-name");
    page_field(b, "f-email", "email", msg(req, MSG_APPLY_F_EMAIL), "email", in->email, api_errors_text(req, e, "email"),
               NULL, "email");
    page_field(b, "f-phone", "phone", msg(req, MSG_APPLY_F_PHONE), "tel", in->phone, api_errors_text(req, e, "phone"),
               msg(req, MSG_UI_OPTIONAL), "tel");
    page_field(b, "f-birth_date", "birth_date", msg(req, MSG_APPLY_F_BIRTH), "date", in->birth_date,
               api_errors_text(req, e, "birth_date"), msg(req, MSG_APPLY_F_BIRTH_HINT), "bday");
    page_field(b, "f-postcode", "postcode", msg(req, MSG_APPLY_F_POSTCODE), "text", in->postcode,
               api_errors_text(req, e, "postcode"), NULL, "postal-code");

    html_lit(b, "<h2 class=\"utrecht-heading-2\">");
    html_text(b, msg(req, MSG_APPLY_SECTION_BACKGROUND));
    html_lit(b, "</h2>");
    page_field(b, "f-current_study", "current_study", msg(req, MSG_APPLY_F_STUDY), "text", in->current_study,
               api_errors_text(req, e, "current_study"), msg(req, MSG_UI_OPTIONAL), NULL);
    /* The occupation: a text field with a datalist of close matches; without
     * an exact match the server offers them as radio buttons. */
    const char *occ_err = api_errors_text(req, e, "prior_occupation");
    html_lit(b, "<div class=\"utrecht-form-field utrecht-form-field--text");
    if (occ_err) html_lit(b, " utrecht-form-field--invalid");
    html_lit(b, "\"><div class=\"utrecht-form-field__label\"><label class=\"utrecht-form-label\" for=\"f-prior_occupation\">");
    html_text(b, msg(req, MSG_APPLY_F_OCCUPATION));
    html_lit(b, "</label></div><div class=\"utrecht-form-field-description utrecht-form-field__description\" id=\"f-prior_occupation-desc\">");
    html_text(b, msg(req, MSG_APPLY_F_OCCUPATION_HINT));
    html_lit(b, "</div>");
    if (occ_err) {
        html_lit(b, "<div class=\"utrecht-form-field-error-message utrecht-form-field__error-message\" id=\"f-prior_occupation-error\">");
        html_text(b, occ_err);
        html_lit(b, "</div>");
    }
    html_lit(b, "<div class=\"utrecht-form-field__input\"><input class=\"utrecht-textbox utrecht-textbox--html-input");
    if (occ_err) html_lit(b, " utrecht-textbox--invalid\" aria-invalid=\"true");
    html_lit(b, "\" id=\"f-prior_occupation\" name=\"prior_occupation\" type=\"text\" list=\"esco-occupations\" autocomplete=\"off\"");
    html_lit(b, " aria-describedby=\"f-prior_occupation-desc");
    if (occ_err) html_lit(b, " f-prior_occupation-error");
    html_lit(b, "\"");
    html_attr(b, "value", f->occupation_text);
    html_lit(b, "></div><datalist id=\"esco-occupations\">");
    for (int i = 0; i < f->nsuggestions; i++) {
        html_lit(b, "<option");
        html_attr(b, "value", f->suggestions[i].label);
        html_lit(b, "></option>");
    }
    html_lit(b, "</datalist></div>");
    if (occ_err && f->nsuggestions) {
        fieldset_begin(req, b, msg(req, MSG_APPLY_F_OCCUPATION_PICK), NULL, "f-occupation-pick");
        for (int i = 0; i < f->nsuggestions; i++)
            choice(b, "radio", arena_printf(req->arena, "f-occ-%d", i), "occupation_pick", f->suggestions[i].uri,
                   str_eq(f->occupation_pick, f->suggestions[i].uri), f->suggestions[i].label);
        choice(b, "radio", "f-occ-free", "occupation_pick", "free", false, msg(req, MSG_APPLY_F_OCCUPATION_FREE));
        html_lit(b, "</fieldset>");
    }
    page_field(b, "f-hobbies", "hobbies", msg(req, MSG_APPLY_F_HOBBIES), "textarea", in->hobbies,
               api_errors_text(req, e, "hobbies"), msg(req, MSG_UI_OPTIONAL), NULL);
    fieldset_begin(req, b, msg(req, MSG_APPLY_F_LANGUAGES), api_errors_text(req, e, "languages"), "f-languages");
    for (int i = 0; i < NLANGS; i++)
        choice(b, "checkbox", arena_printf(req->arena, "f-lang-%s", lang_codes[i]), "language", lang_codes[i],
               lang_listed(in->languages, lang_codes[i]), msg(req, lang_labels[i]));
    html_lit(b, "</fieldset>");

    html_lit(b, "<h2 class=\"utrecht-heading-2\">");
    html_text(b, msg(req, MSG_APPLY_SECTION_AVAILABILITY));
    html_lit(b, "</h2>");
    fieldset_begin(req, b, msg(req, MSG_APPLY_F_DAYS), api_errors_text(req, e, "avail_days"), "f-days");
    for (int i = 0; i < 7; i++)
        choice(b, "checkbox", arena_printf(req->arena, "f-day-%d", i), "avail_day", arena_printf(req->arena, "%d", i),
               in->avail_days & (1u << i), msg(req, (msg_id)(MSG_APPLY_DAY_0 + i)));
    html_lit(b, "</fieldset>");
    fieldset_begin(req, b, msg(req, MSG_APPLY_F_PARTS), api_errors_text(req, e, "avail_parts"), "f-parts");
    for (int i = 0; i < 4; i++)
        choice(b, "checkbox", arena_printf(req->arena, "f-part-%d", i), "avail_part", arena_printf(req->arena, "%d", i),
               in->avail_parts & (1u << i), msg(req, (msg_id)(MSG_APPLY_PART_0 + i)));
    html_lit(b, "</fieldset>");
    page_field(b, "f-avail_hours", "avail_hours", msg(req, MSG_APPLY_F_HOURS), "number", f->hours_text,
               api_errors_text(req, e, "avail_hours"), msg(req, MSG_UI_OPTIONAL), NULL);
    page_field(b, "f-avail_from", "avail_from", msg(req, MSG_APPLY_F_FROM), "date", in->avail_from,
               api_errors_text(req, e, "avail_from"), msg(req, MSG_UI_OPTIONAL), NULL);
    page_field(b, "f-avail_until", "avail_until", msg(req, MSG_APPLY_F_UNTIL), "date", in->avail_until,
               api_errors_text(req, e, "avail_until"), msg(req, MSG_UI_OPTIONAL), NULL);

    html_lit(b, "<h2 class=\"utrecht-heading-2\">");
    html_text(b, msg(req, MSG_APPLY_SECTION_MOTIVATION));
    html_lit(b, "</h2>");
    page_field(b, "f-motivation", "motivation", msg(req, MSG_APPLY_F_MOTIVATION), "textarea", in->motivation,
               api_errors_text(req, e, "motivation"), NULL, NULL);
    choice(b, "checkbox", "f-via_via", "via_via", "1", f->via_via, msg(req, MSG_APPLY_F_VIA_VIA));

    html_lit(b, "<h2 class=\"utrecht-heading-2\">");
    html_text(b, msg(req, MSG_APPLY_SECTION_CONSENT));
    html_lit(b, "</h2>");
    char weeks[16];
    snprintf(weeks, sizeof weeks, "%d", k->retention_weeks);
    ui_paragraph(b, msg_fill(req, MSG_APPLY_F_CONSENT_TEXT, weeks, NULL));
    fieldset_begin(req, b, msg(req, MSG_APPLY_SECTION_CONSENT), api_errors_text(req, e, "consent"), "f-consent-set");
    choice(b, "checkbox", "f-consent", "consent", "1", in->consent,
           msg_fill(req, MSG_APPLY_F_CONSENT, k->programme_name, NULL));
    choice(b, "checkbox", "f-consent_keep", "consent_keep", "1", in->consent_keep, msg(req, MSG_APPLY_F_CONSENT_KEEP));
    html_lit(b, "</fieldset><div class=\"instroom-form__actions\">");
    ui_submit(b, msg(req, MSG_APPLY_SUBMIT));
    html_lit(b, "</div></form></div>");
    page_end(req, res);
}

/* Loads the campaign of the path; a 404 page when there is none. */
static int load_campaign(http_request *req, http_response *res, intake_campaign *k, bool *done)
{
    *done = false;
    int rc = intake_campaign_by_slug(http_db(req), req->arena, http_path_param(req, "slug"), k);
    if (rc == DB_ENOTFOUND) {
        http_error(req, res, 404);
        *done = true;
        return 0;
    }
    return rc ? api_fail(rc) : 0;
}

/* A jobcoach's user id from ?ref=, or 0 when it names no jobcoach. */
static int64_t jobcoach_of(http_request *req, const char *ref)
{
    int64_t id = 0, n = 0;
    if (!ref || str_to_int64(ref, 1, INT64_MAX, &id) != 0) return 0;
    if (db_query_int(http_db(req), "SELECT count(*) FROM memberships WHERE user_id = ? AND role = 'jobcoach'",
                     DB_ARGS(db_int(id)), &n) != 0 || n == 0)
        return 0;
    return id;
}

static int apply_show(http_request *req, http_response *res)
{
    intake_campaign k;
    bool done;
    int rc = load_campaign(req, res, &k, &done);
    if (rc || done) return rc;
    intake_window w = intake_campaign_window(&k, time_now());
    if (w != INTAKE_WINDOW_OPEN) {
        window_page(req, res, &k, w);
        return 0;
    }
    apply_form f = {0};
    f.form_id = random_token(req->arena, INTAKE_STATUS_TOKEN_BYTES);
    f.in.utm_source = http_query(req, "utm_source");
    f.in.utm_medium = http_query(req, "utm_medium");
    f.in.utm_campaign = http_query(req, "utm_campaign");
    if (api_text_check(f.in.utm_source, false, INTAKE_UTM_MAX, false) != API_TEXT_OK) f.in.utm_source = NULL;
    if (api_text_check(f.in.utm_medium, false, INTAKE_UTM_MAX, false) != API_TEXT_OK) f.in.utm_medium = NULL;
    if (api_text_check(f.in.utm_campaign, false, INTAKE_UTM_MAX, false) != API_TEXT_OK) f.in.utm_campaign = NULL;
    f.ref = jobcoach_of(req, http_query(req, "ref")) ? http_query(req, "ref") : NULL;
    intake_esco_suggest(http_db(req), req->arena, "zorg", 30, &f.suggestions, &f.nsuggestions);
    apply_page(req, res, 200, &k, &f, NULL);
    return 0;
}

/* Every value of the form field name, as bits (0..max-1) into *bits; false when one is not such a number. */
static bool form_bits(http_request *req, const char *name, int max, unsigned *bits)
{
    *bits = 0;
    http_form(req, name); /* parses the body */
    bool ok = true;
    for (int i = 0; i < req->nform; i++) {
        if (!str_eq(req->form[i].name, name)) continue;
        int64_t v;
        if (str_to_int64(req->form[i].value, 0, max - 1, &v) != 0) ok = false;
        else *bits |= 1u << v;
    }
    return ok;
}

/* The checked languages as "nl,en" (known codes only); false for an unknown one. */
static bool form_languages(http_request *req, const char **out)
{
    buf b;
    buf_init(&b, 256);
    bool ok = true;
    http_form(req, "language");
    for (int i = 0; i < req->nform; i++) {
        if (!str_eq(req->form[i].name, "language")) continue;
        const char *v = req->form[i].value;
        bool known = false;
        for (int l = 0; l < NLANGS; l++) known = known || str_eq(v, lang_codes[l]);
        if (!known) {
            ok = false;
            continue;
        }
        if (b.len && lang_listed(buf_cstr(&b), v)) continue;
        if (b.len) buf_putc(&b, ',');
        buf_puts(&b, v);
    }
    *out = b.len ? arena_strdup(req->arena, buf_cstr(&b)) : NULL;
    buf_free(&b);
    return ok;
}

/* Matches the typed occupation against ESCO: a chosen suggestion or an exact
 * label is taken; otherwise an error with suggestions, unless ESCO is not
 * loaded or the applicant keeps what they typed. */
static int match_occupation(http_request *req, apply_form *f, api_errors *e)
{
    db_conn *c = http_db(req);
    const char *typed = f->occupation_text;
    if (f->occupation_pick && *f->occupation_pick && !str_eq(f->occupation_pick, "free")) {
        intake_occupation o;
        int rc = intake_esco_get(c, req->arena, f->occupation_pick, &o);
        if (rc == 0) {
            f->in.prior_occupation = o.uri;
            f->in.prior_occupation_label = o.label;
            f->occupation_text = o.label;
            return 0;
        }
        if (rc != DB_ENOTFOUND) return rc;
    }
    if (!typed) return 0;
    if (api_text_check(typed, false, INTAKE_OCCUPATION_MAX, false) != API_TEXT_OK) {
        f->in.prior_occupation_label = typed; /* validation names the problem */
        return 0;
    }
    intake_occupation o;
    int rc = intake_esco_find_label(c, req->arena, typed, &o);
    if (rc == 0) {
        f->in.prior_occupation = o.uri;
        f->in.prior_occupation_label = o.label;
        return 0;
    }
    if (rc != DB_ENOTFOUND) return rc;
    int64_t loaded = 0;
    rc = intake_esco_count(c, &loaded);
    if (rc) return rc;
    if (!loaded || str_eq(f->occupation_pick, "free")) {
        f->in.prior_occupation_label = typed;
        return 0;
    }
    /* Suggestions: the typed text, else its first word. */
    rc = intake_esco_suggest(c, req->arena, typed, 8, &f->suggestions, &f->nsuggestions);
    if (!rc && f->nsuggestions == 0) {
        size_t w = strcspn(typed, " -");
        if (w >= 3 && w < strlen(typed))
            rc = intake_esco_suggest(c, req->arena, arena_strndup(req->arena, typed, w), 8, &f->suggestions,
                                     &f->nsuggestions);
    }
    if (rc) return rc;
    api_errors_add(e, "prior_occupation", f->nsuggestions ? MSG_APPLY_OCCUPATION_CHOOSE : MSG_APPLY_OCCUPATION_UNKNOWN);
    return 0;
}

static void status_redirect(http_request *req, http_response *res, const char *token)
{
    http_redirect(req, res, arena_printf(req->arena, "/apply/status/%s?new=1", token));
}

/* The page a bot that filled the honeypot sees: it looks done, nothing is stored. */
static void honeypot_page(http_request *req, http_response *res, const intake_campaign *k)
{
    page_begin(req, res, k->title);
    ui_heading(&res->body, 1, msg(req, MSG_APPLY_RECEIVED));
    ui_paragraph(&res->body, msg(req, MSG_APPLY_HONEYPOT_DONE));
    page_end(req, res);
}

static void rate_limited_page(http_request *req, http_response *res, const intake_campaign *k)
{
    page_begin(req, res, msg(req, MSG_ERR_429_TITLE));
    res->status = 429;
    http_set_header(req, res, "Retry-After", "600");
    ui_heading(&res->body, 1, msg(req, MSG_ERR_429_TITLE));
    page_alert(&res->body, ALERT_WARNING, msg(req, MSG_APPLY_RATE_LIMITED));
    html_lit(&res->body, "<p class=\"utrecht-paragraph\"><a class=\"utrecht-link utrecht-link--html-a\"");
    html_attr(&res->body, "href", arena_printf(req->arena, "/apply/%s", k->slug));
    html_lit(&res->body, ">");
    html_text(&res->body, k->title);
    html_lit(&res->body, "</a></p>");
    page_end(req, res);
}

/* Reads the applicant from the form into f and checks it; wrong fields go
 * to e. 0, or a db code (the ESCO and jobcoach lookups read the database). */
static int read_applicant(http_request *req, const intake_campaign *k, apply_form *f, int64_t now, api_errors *e)
{
    f->in = (intake_applicant){
        .given_name = http_form(req, "given_name"),
        .family_name = http_form(req, "family_name"),
        .email = http_form(req, "email"),
        .phone = http_form(req, "phone"),
        .birth_date = http_form(req, "birth_date"),
        .postcode = http_form(req, "postcode"),
        .current_study = http_form(req, "current_study"),
        .hobbies = http_form(req, "hobbies"),
        .avail_from = http_form(req, "avail_from"),
        .avail_until = http_form(req, "avail_until"),
        .motivation = http_form(req, "motivation"),
        .consent = str_eq(http_form(req, "consent"), "1"),
        .consent_keep = str_eq(http_form(req, "consent_keep"), "1"),
        .utm_source = http_form(req, "utm_source"),
        .utm_medium = http_form(req, "utm_medium"),
        .utm_campaign = http_form(req, "utm_campaign"),
        .lang = req->lang,
        .status_token = f->form_id,
    };
    f->ref = http_form(req, "ref");
    f->via_via = str_eq(http_form(req, "via_via"), "1");
    f->occupation_text = http_form(req, "prior_occupation");
    f->occupation_pick = http_form(req, "occupation_pick");
    f->hours_text = http_form(req, "avail_hours");
    if (!form_bits(req, "avail_day", 7, &f->in.avail_days)) api_errors_add(e, "avail_days", MSG_APPLY_DAYS_INVALID);
    if (!form_bits(req, "avail_part", 4, &f->in.avail_parts)) api_errors_add(e, "avail_parts", MSG_APPLY_PARTS_INVALID);
    if (!form_languages(req, &f->in.languages)) api_errors_add(e, "languages", MSG_APPLY_LANGUAGES_INVALID);
    if (f->hours_text && *f->hours_text) {
        int64_t h;
        if (str_to_int64(f->hours_text, 1, INTAKE_HOURS_MAX, &h) != 0) api_errors_add(e, "avail_hours", MSG_APPLY_HOURS_INVALID);
        else f->in.avail_hours = (int)h;
    }
    f->in.referrer_user_id = jobcoach_of(req, f->ref);
    if (!f->in.referrer_user_id) f->ref = NULL;
    intake_applicant_normalise(req->arena, &f->in);
    if (f->occupation_text) {
        char *t = str_trim(req->arena, f->occupation_text);
        f->occupation_text = t && *t ? t : NULL;
    }
    f->in.source = intake_source_of(f->in.referrer_user_id, f->via_via, f->in.utm_source, f->in.utm_medium, f->in.utm_campaign);
    int rc = match_occupation(req, f, e);
    if (rc) return rc;
    intake_applicant_validate(k, &f->in, now, e);
    return 0;
}

/* The write of one submission (see apply_submit), run by db_group_write. */
typedef struct submit_unit {
    const char *ip;
    int64_t now;
    int limit;
    const intake_campaign *campaign;
    const intake_applicant *in;   /* NULL: count the attempt only */
    bool limited;
    intake_created created;
} submit_unit;

static int submit_run(db_conn *c, void *ctx)
{
    submit_unit *u = ctx;
    if (u->limit > 0) {
        int64_t attempts = 0;
        int rc = intake_apply_attempt(c, u->ip, u->now, APPLY_RATE_WINDOW, &attempts);
        if (rc) return rc;
        u->limited = intake_rate_limited(attempts, u->limit);
    }
    if (!u->in || u->limited) return 0;
    return intake_application_create(c, u->campaign, u->in, u->now, 0, &u->created);
}

static int apply_submit(http_request *req, http_response *res)
{
    intake_campaign k;
    bool done;
    int rc = load_campaign(req, res, &k, &done);
    if (rc || done) return rc;
    int64_t now = time_now();
    intake_window w = intake_campaign_window(&k, now);
    if (w != INTAKE_WINDOW_OPEN) {
        window_page(req, res, &k, w);
        return 0;
    }
    db_conn *c = http_db(req);
    const char *hp = http_form(req, "website");
    bool honeypot = hp && *hp;
    apply_form f = {0};
    f.form_id = http_form(req, "form_id");
    /* A double submit: the same form again shows the same confirmation. */
    intake_status st;
    if (!honeypot && f.form_id && intake_status_by_token(c, req->arena, f.form_id, &st) == 0) {
        status_redirect(req, res, f.form_id);
        return 0;
    }
    if (!f.form_id || strlen(f.form_id) != 22) f.form_id = random_token(req->arena, INTAKE_STATUS_TOKEN_BYTES);
    api_errors e = {0};
    if (!honeypot) {
        rc = read_applicant(req, &k, &f, now, &e);
        if (rc) return api_fail(rc);
    }
    /* One unit of work: count the attempt (every submission counts, good or
     * bad) and, unless the address is over its limit, store the application.
     * Units of concurrent visitors share one commit (db_group_write). */
    submit_unit u = {
        .ip = req->remote_ip,
        .now = now,
        .limit = rate_limit(),
        .campaign = &k,
        .in = honeypot || e.n ? NULL : &f.in,
    };
    rc = db_group_write(c, submit_run, &u);
    if (rc == DB_ECONSTRAINT && u.in && intake_status_by_token(c, req->arena, f.form_id, &st) == 0) {
        /* The same form id committed by a concurrent submit: show its confirmation. */
        status_redirect(req, res, f.form_id);
        return 0;
    }
    if (rc) return api_fail(rc);
    if (u.limited) {
        log_warn("%s apply: rate limit for this address on %s", req->id, k.slug);
        rate_limited_page(req, res, &k);
        return 0;
    }
    if (honeypot) {
        log_warn("%s apply: honeypot filled on %s; nothing stored", req->id, k.slug);
        honeypot_page(req, res, &k);
        return 0;
    }
    if (e.n) {
        if (!f.nsuggestions) intake_esco_suggest(c, req->arena, f.occupation_text ? f.occupation_text : "zorg", 30,
                                                 &f.suggestions, &f.nsuggestions);
        apply_page(req, res, 422, &k, &f, &e);
        return 0;
    }
    status_redirect(req, res, u.created.status_token);
    return 0;
}

static int status_show(http_request *req, http_response *res)
{
    const char *token = http_path_param(req, "token");
    intake_status st;
    int rc = intake_status_by_token(http_db(req), req->arena, token, &st);
    if (rc == DB_ENOTFOUND) {
        http_error(req, res, 404);
        return 0;
    }
    if (rc) return api_fail(rc);
    http_set_header(req, res, "Cache-Control", "no-store");
    http_set_header(req, res, "Referrer-Policy", "no-referrer");
    page_begin(req, res, msg(req, MSG_APPLY_STATUS_TITLE));
    buf *b = &res->body;
    bool fresh = str_eq(http_query(req, "new"), "1");
    ui_heading(b, 1, fresh ? msg(req, MSG_APPLY_RECEIVED) : msg(req, MSG_APPLY_STATUS_TITLE));
    if (fresh) {
        page_alert(b, ALERT_OK, msg(req, MSG_APPLY_RECEIVED_TEXT));
        if (st.waitlisted && st.stage_kind == INTAKE_STAGE_WAITLIST)
            page_alert(b, ALERT_WARNING, msg(req, MSG_APPLY_RECEIVED_WAITLIST));
        html_lit(b, "<p class=\"utrecht-paragraph\">");
        html_text(b, msg(req, MSG_APPLY_STATUS_LINK));
        html_lit(b, " <a class=\"utrecht-link utrecht-link--html-a\" id=\"status-link\"");
        const char *path = arena_printf(req->arena, "/apply/status/%s", token);
        html_attr(b, "href", path);
        html_lit(b, ">");
        html_text(b, arena_printf(req->arena, "%s%s", intake_public_url(), path));
        html_lit(b, "</a></p>");
    }
    html_lit(b, "<div class=\"instroom-panel\">");
    ui_data_begin(b);
    ui_data_row(b, msg(req, MSG_APPLY_PROGRAMME), st.programme_name);
    ui_data_row(b, msg(req, MSG_APPLY_COHORT), st.campaign_title);
    ui_data_row(b, msg(req, MSG_APPLY_STATUS_APPLIED_AT), date_text(req, st.created_at));
    ui_data_row(b, msg(req, MSG_APPLY_STATUS_STAGE), str_eq(req->lang, "en") ? st.stage_name_en : st.stage_name_nl);
    ui_data_row(b, msg(req, MSG_APPLY_STATUS_SINCE), date_text(req, st.stage_at));
    ui_data_end(b);
    html_lit(b, "</div>");
    if (st.erased_at) page_alert(b, ALERT_INFO, msg(req, MSG_APPLY_STATUS_ERASED));
    else if (st.stage_kind == INTAKE_STAGE_WAITLIST && !fresh) page_alert(b, ALERT_WARNING, msg(req, MSG_APPLY_STATUS_WAITLIST));
    else if (st.stage_kind == INTAKE_STAGE_SELECTED) page_alert(b, ALERT_OK, msg(req, MSG_APPLY_STATUS_SELECTED));
    else if (st.stage_kind == INTAKE_STAGE_REJECTED) page_alert(b, ALERT_INFO, msg(req, MSG_APPLY_STATUS_REJECTED));
    page_end(req, res);
    return 0;
}

const http_route intake_apply_routes[] = {
    {"GET", "/apply/status/{token}", status_show, HTTP_PUBLIC, "application status by its token"},
    {"GET", "/apply/{slug}", apply_show, HTTP_PUBLIC, "public application form"},
    {"POST", "/apply/{slug}", apply_submit, HTTP_PUBLIC, "submit an application"},
    {0},
};
