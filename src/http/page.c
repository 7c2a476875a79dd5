#include "http/page.h"

#include <string.h>

#include "base/str.h"
#include "http/api.h"
#include "http/html.h"
#include "http/server.h"

static const page_nav_item *nav_items;

void page_set_nav(const page_nav_item *items)
{
    nav_items = items;
}

void page_csrf(http_request *req, buf *b)
{
    html_lit(b, "<input type=\"hidden\" name=\"csrf\"");
    html_attr(b, "value", req->csrf_token ? req->csrf_token : "");
    html_lit(b, ">");
}

static void lang_switch(http_request *req, buf *b)
{
    html_lit(b, "<form class=\"instroom-lang\" method=\"post\" action=\"/lang\">");
    page_csrf(req, b);
    html_lit(b, "<input type=\"hidden\" name=\"back\"");
    html_attr(b, "value", req->path);
    html_lit(b, "><span class=\"instroom-visually-hidden\">");
    html_text(b, msg(req, MSG_LANG_LABEL));
    html_lit(b, "</span>");
    bool en = str_eq(req->lang, "en");
    html_lit(b, "<button class=\"instroom-lang__option\" name=\"lang\" value=\"nl\" lang=\"nl\"");
    if (!en) html_lit(b, " aria-current=\"true\"");
    html_lit(b, ">NL<span class=\"instroom-visually-hidden\"> Nederlands</span></button>"
                "<button class=\"instroom-lang__option\" name=\"lang\" value=\"en\" lang=\"en\"");
    if (en) html_lit(b, " aria-current=\"true\"");
    html_lit(b, ">EN<span class=\"instroom-visually-hidden\"> English</span></button></form>");
}

static bool nav_current(const char *path, const char *href)
{
    if (str_eq(href, "/")) return str_eq(path, "/");
    size_t n = strlen(href);
    return strncmp(path, href, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

void page_begin(http_request *req, http_response *res, const char *title)
{
    buf *b = &res->body;
    res->status = 200;
    res->content_type = "text/html; charset=utf-8";
    html_lit(b, "<!doctype html>\n<html");
    html_attr(b, "lang", req->lang);
    html_lit(b, "><head><meta charset=\"utf-8\">"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>");
    html_text(b, title);
    html_lit(b, " · instroom</title>"
                "<link rel=\"icon\" href=\"/static/favicon.svg\" type=\"image/svg+xml\">"
                "<link rel=\"stylesheet\" href=\"/static/vendor.css\">"
                "<link rel=\"stylesheet\" href=\"/static/instroom.css\"></head>"
                "<body class=\"utrecht-theme utrecht-theme--media-query-viewport utrecht-body\">"
                "<a class=\"instroom-skip-link\" href=\"#main\">");
    html_text(b, msg(req, MSG_SKIP_TO_CONTENT));
    html_lit(b, "</a><div class=\"instroom-shell\">"
                "<header class=\"utrecht-page-header instroom-header\">"
                "<div class=\"utrecht-page-header__content instroom-header__content\">"
                "<a class=\"instroom-brand\" href=\"/\">"
                "<img class=\"instroom-brand__logo\" src=\"/static/favicon.svg\" alt=\"\" width=\"32\" height=\"32\">"
                "<span class=\"instroom-brand__name\">instroom</span></a>"
                "<div class=\"instroom-header__tools\">");
    lang_switch(req, b);
    if (req->principal) {
        html_lit(b, "<span class=\"instroom-user\">");
        html_text(b, req->user_name);
        html_lit(b, "</span><form class=\"instroom-inline-form\" method=\"post\" action=\"/logout\">");
        page_csrf(req, b);
        html_lit(b, "<button class=\"utrecht-button utrecht-button--secondary-action\" type=\"submit\">");
        html_text(b, msg(req, MSG_LOGOUT));
        html_lit(b, "</button></form>");
    }
    html_lit(b, "</div></div></header>");
    if (req->principal && nav_items) {
        html_lit(b, "<nav class=\"utrecht-nav-bar instroom-nav\"");
        html_attr(b, "aria-label", msg(req, MSG_NAV_MAIN));
        html_lit(b, "><div class=\"utrecht-nav-bar__content\"><ul class=\"utrecht-nav-list\">");
        /* One current item: the longest that matches (/me/skills, not /me). */
        const page_nav_item *current = NULL;
        for (const page_nav_item *it = nav_items; it->href; it++)
            if ((!it->roles || (it->roles & req->roles)) && nav_current(req->path, it->href) &&
                (!current || strlen(it->href) > strlen(current->href)))
                current = it;
        for (const page_nav_item *it = nav_items; it->href; it++) {
            if (it->roles && !(it->roles & req->roles)) continue;
            html_lit(b, "<li class=\"utrecht-nav-list__item\"><a class=\"utrecht-nav-list__link\"");
            html_attr(b, "href", it->href);
            if (it == current) html_lit(b, " aria-current=\"page\"");
            html_lit(b, ">");
            html_text(b, msg(req, it->label));
            html_lit(b, "</a></li>");
        }
        html_lit(b, "</ul></div></nav>");
    }
    html_lit(b, "<main class=\"utrecht-page-body instroom-main\" id=\"main\" tabindex=\"-1\">"
                "<div class=\"utrecht-page-body__content\">");
}

void page_end(http_request *req, http_response *res)
{
    buf *b = &res->body;
    html_lit(b, "</div></main><footer class=\"utrecht-page-footer instroom-footer\">"
                "<div class=\"utrecht-page-footer__content instroom-footer__content\">"
                "<p class=\"utrecht-paragraph\">instroom " INSTROOM_VERSION " · ");
    html_text(b, msg(req, MSG_FOOTER_TAGLINE));
    html_lit(b, "</p></div></footer></div></body></html>\n");
}

void page_error(http_request *req, http_response *res, int status)
{
    msg_id title, text;
    switch (status) {
    case 400: title = MSG_ERR_400_TITLE, text = MSG_ERR_400_TEXT; break;
    case 403: title = MSG_ERR_403_TITLE, text = MSG_ERR_403_TEXT; break;
    case 404: title = MSG_ERR_404_TITLE, text = MSG_ERR_404_TEXT; break;
    case 405: title = MSG_ERR_405_TITLE, text = MSG_ERR_405_TEXT; break;
    case 408: title = MSG_ERR_408_TITLE, text = MSG_ERR_408_TEXT; break;
    case 413: title = MSG_ERR_413_TITLE, text = MSG_ERR_413_TEXT; break;
    case 429: title = MSG_ERR_429_TITLE, text = MSG_ERR_429_TEXT; break;
    case 503: title = MSG_ERR_503_TITLE, text = MSG_ERR_503_TEXT; break;
    default: title = MSG_ERR_500_TITLE, text = MSG_ERR_500_TEXT; break;
    }
    buf_reset(&res->body);
    page_begin(req, res, msg(req, title));
    res->status = status;
    buf *b = &res->body;
    html_lit(b, "<h1 class=\"utrecht-heading-1\">");
    html_text(b, msg(req, title));
    html_lit(b, "</h1><p class=\"utrecht-paragraph\">");
    html_text(b, msg(req, text));
    html_lit(b, "</p><p class=\"utrecht-paragraph\"><a class=\"utrecht-link utrecht-link--html-a\" href=\"/\">");
    html_text(b, msg(req, MSG_ERR_BACK_HOME));
    html_lit(b, "</a></p><p class=\"utrecht-paragraph instroom-muted\">");
    html_text(b, msg(req, MSG_ERR_REQUEST_ID));
    html_lit(b, " <code>");
    html_text(b, req->id);
    html_lit(b, "</code></p>");
    page_end(req, res);
}

void page_alert(buf *b, page_alert_kind kind, const char *text)
{
    switch (kind) {
    case ALERT_OK: html_lit(b, "<div class=\"utrecht-alert utrecht-alert--ok\" role=\"status\">"); break;
    case ALERT_WARNING: html_lit(b, "<div class=\"utrecht-alert utrecht-alert--warning\" role=\"status\">"); break;
    case ALERT_ERROR: html_lit(b, "<div class=\"utrecht-alert utrecht-alert--error\" role=\"alert\">"); break;
    default: html_lit(b, "<div class=\"utrecht-alert utrecht-alert--info\" role=\"status\">"); break;
    }
    html_lit(b, "<div class=\"utrecht-alert__icon\" aria-hidden=\"true\"></div>"
                "<div class=\"utrecht-alert__content\"><div class=\"utrecht-alert__message\">"
                "<p class=\"utrecht-paragraph\">");
    html_text(b, text);
    html_lit(b, "</p></div></div></div>");
}

void page_field(buf *b, const char *id, const char *name, const char *label, const char *type,
                const char *value, const char *error, const char *hint, const char *autocomplete)
{
    bool area = str_eq(type, "textarea");
    html_lit(b, "<div class=\"utrecht-form-field utrecht-form-field--text");
    if (error) html_lit(b, " utrecht-form-field--invalid");
    html_lit(b, "\"><div class=\"utrecht-form-field__label\"><label class=\"utrecht-form-label\"");
    html_attr(b, "for", id);
    html_lit(b, ">");
    html_text(b, label);
    html_lit(b, "</label></div>");
    if (hint) {
        html_lit(b, "<div class=\"utrecht-form-field-description utrecht-form-field__description\" id=\"");
        html_text(b, id);
        html_lit(b, "-desc\">");
        html_text(b, hint);
        html_lit(b, "</div>");
    }
    if (error) {
        html_lit(b, "<div class=\"utrecht-form-field-error-message utrecht-form-field__error-message\" id=\"");
        html_text(b, id);
        html_lit(b, "-error\">");
        html_text(b, error);
        html_lit(b, "</div>");
    }
    html_lit(b, "<div class=\"utrecht-form-field__input\">");
    if (area) html_lit(b, "<textarea class=\"utrecht-textarea utrecht-textarea--html-textarea");
    else html_lit(b, "<input class=\"utrecht-textbox utrecht-textbox--html-input");
    if (error && area) html_lit(b, " utrecht-textarea--invalid");
    if (error && !area) html_lit(b, " utrecht-textbox--invalid");
    html_lit(b, "\"");
    html_attr(b, "id", id);
    html_attr(b, "name", name);
    if (!area) html_attr(b, "type", type);
    if (autocomplete) html_attr(b, "autocomplete", autocomplete);
    if (error) html_lit(b, " aria-invalid=\"true\"");
    if (hint || error) {
        html_lit(b, " aria-describedby=\"");
        if (hint) {
            html_text(b, id);
            html_lit(b, "-desc");
        }
        if (hint && error) html_lit(b, " ");
        if (error) {
            html_text(b, id);
            html_lit(b, "-error");
        }
        html_lit(b, "\"");
    }
    if (area) {
        html_lit(b, " rows=\"5\">");
        html_text(b, value);
        html_lit(b, "</textarea>");
    } else {
        if (value && !str_eq(type, "password")) html_attr(b, "value", value);
        html_lit(b, ">");
    }
    html_lit(b, "</div></div>");
}

void page_empty(buf *b, const char *title, const char *text, const char *action_href,
                const char *action_label)
{
    html_lit(b, "<div class=\"instroom-empty\"><p class=\"instroom-empty__title\">");
    html_text(b, title);
    html_lit(b, "</p><p class=\"instroom-empty__text\">");
    html_text(b, text);
    html_lit(b, "</p>");
    if (action_href) page_button_link(b, action_href, action_label, 0);
    html_lit(b, "</div>");
}

void page_button_link(buf *b, const char *href, const char *label, int primary)
{
    if (primary)
        html_lit(b, "<a class=\"utrecht-button-link utrecht-button-link--html-a utrecht-button-link--primary-action\"");
    else
        html_lit(b, "<a class=\"utrecht-button-link utrecht-button-link--html-a utrecht-button-link--secondary-action\"");
    html_attr(b, "href", href);
    html_lit(b, ">");
    html_text(b, label);
    html_lit(b, "</a>");
}

int page_after_write(http_request *req, http_response *res, int rc, const char *href)
{
    if (rc == DB_ENOTFOUND) {
        http_error(req, res, 404);
        return 0;
    }
    if (rc) return api_fail(rc);
    http_redirect(req, res, href);
    return 0;
}
