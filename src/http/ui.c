#include "http/ui.h"

#include <stdio.h>
#include <string.h>

#include "base/str.h"
#include "base/time.h"
#include "http/html.h"
#include "http/i18n.h"

void ui_select(buf *b, const char *id, const char *name, const char *label, const ui_option *opts,
               int n, const char *empty_label, const char *selected, const char *error)
{
    html_lit(b, "<div class=\"utrecht-form-field utrecht-form-field--select");
    if (error) html_lit(b, " utrecht-form-field--invalid");
    html_lit(b, "\"><div class=\"utrecht-form-field__label\"><label class=\"utrecht-form-label\"");
    html_attr(b, "for", id);
    html_lit(b, ">");
    html_text(b, label);
    html_lit(b, "</label></div>");
    if (error) {
        html_lit(b, "<div class=\"utrecht-form-field-error-message utrecht-form-field__error-message\" id=\"");
        html_text(b, id);
        html_lit(b, "-error\">");
        html_text(b, error);
        html_lit(b, "</div>");
    }
    html_lit(b, "<div class=\"utrecht-form-field__input\"><select class=\"utrecht-select utrecht-select--html-select");
    if (error) html_lit(b, " utrecht-select--invalid");
    html_lit(b, "\"");
    html_attr(b, "id", id);
    html_attr(b, "name", name);
    if (error) {
        html_lit(b, " aria-invalid=\"true\" aria-describedby=\"");
        html_text(b, id);
        html_lit(b, "-error\"");
    }
    html_lit(b, ">");
    if (empty_label) {
        html_lit(b, "<option value=\"\">");
        html_text(b, empty_label);
        html_lit(b, "</option>");
    }
    for (int i = 0; i < n; i++) {
        html_lit(b, "<option");
        html_attr(b, "value", opts[i].value);
        if (selected && str_eq(selected, opts[i].value)) html_lit(b, " selected");
        html_lit(b, ">");
        html_text(b, opts[i].label);
        html_lit(b, "</option>");
    }
    html_lit(b, "</select></div></div>");
}

int ui_page_param(http_request *req, int *page)
{
    *page = 1;
    const char *s = http_query(req, "page");
    if (!s || !*s) return 0;
    int64_t v;
    if (s[0] == '+' || str_to_int64(s, 1, 100000, &v) != 0) return -1;
    *page = (int)v;
    return 0;
}

/* The current path and query with k1 (and k2, if given) set to their values
 * (NULL removes); unless k1 is "page", "page" goes too: a new filter or
 * order starts on the first page. Empty parameters are left out. */
static char *url_with2(http_request *req, const char *k1, const char *v1, const char *k2, const char *v2)
{
    buf u;
    buf_init(&u, 16 * 1024);
    buf_puts(&u, req->path);
    char sep = '?';
    http_query(req, k1); /* parses the query string */
    for (int i = 0; i < req->nquery; i++) {
        const char *name = req->query[i].name;
        if (str_eq(name, k1) || (k2 && str_eq(name, k2)) || (!str_eq(k1, "page") && str_eq(name, "page")))
            continue;
        if (!req->query[i].value || !*req->query[i].value) continue;
        buf_putc(&u, sep);
        sep = '&';
        html_urlenc(&u, name);
        buf_putc(&u, '=');
        html_urlenc(&u, req->query[i].value);
    }
    const char *keys[2] = {k1, k2}, *vals[2] = {v1, v2};
    for (int i = 0; i < 2; i++) {
        if (!keys[i] || !vals[i]) continue;
        buf_putc(&u, sep);
        sep = '&';
        html_urlenc(&u, keys[i]);
        buf_putc(&u, '=');
        html_urlenc(&u, vals[i]);
    }
    char *out = arena_strdup(req->arena, u.failed ? req->path : buf_cstr(&u));
    buf_free(&u);
    return out;
}

char *ui_url_with(http_request *req, const char *key, const char *value)
{
    return url_with2(req, key, value, NULL, NULL);
}

void ui_sort_header(http_request *req, buf *b, const char *key, const char *label, const char *sort,
                    bool desc)
{
    bool current = str_eq(sort, key);
    html_lit(b, "<th class=\"utrecht-table__header-cell\" scope=\"col\"");
    if (current) {
        if (desc) html_lit(b, " aria-sort=\"descending\"");
        else html_lit(b, " aria-sort=\"ascending\"");
    }
    html_lit(b, "><a class=\"utrecht-link utrecht-link--html-a\"");
    /* Another column starts ascending; the current one flips. */
    html_attr(b, "href", url_with2(req, "sort", key, "dir", current && !desc ? "desc" : "asc"));
    html_lit(b, ">");
    html_text(b, label);
    if (current) {
        if (desc) html_lit(b, "<span aria-hidden=\"true\"> \xe2\x96\xbc</span>");
        else html_lit(b, "<span aria-hidden=\"true\"> \xe2\x96\xb2</span>");
    }
    html_lit(b, "</a></th>");
}

static void page_link(http_request *req, buf *b, int n, bool current)
{
    char num[16];
    snprintf(num, sizeof num, "%d", n);
    html_lit(b, "<span role=\"listitem\"><a class=\"utrecht-pagination__page-link");
    if (current) html_lit(b, " utrecht-pagination__page-link--current");
    html_lit(b, "\"");
    html_attr(b, "href", ui_url_with(req, "page", num));
    if (current) html_lit(b, " aria-current=\"page\"");
    html_lit(b, ">");
    html_int(b, n);
    if (current) {
        html_lit(b, "<span class=\"instroom-visually-hidden\">");
        html_text(b, msg(req, MSG_UI_CURRENT_PAGE));
        html_lit(b, "</span>");
    }
    html_lit(b, "</a></span>");
}

void ui_pagination(http_request *req, buf *b, int page, int per_page, int64_t total)
{
    if (per_page <= 0) per_page = UI_PAGE_SIZE;
    int64_t pages64 = (total + per_page - 1) / per_page;
    int pages = pages64 > 100000 ? 100000 : (int)pages64;
    if (pages < 1) pages = 1;
    html_lit(b, "<nav class=\"instroom-pagination\"");
    html_attr(b, "aria-label", msg(req, MSG_UI_PAGINATION));
    html_lit(b, "><p class=\"instroom-pagination__summary\">");
    int64_t first = total ? (int64_t)(page - 1) * per_page + 1 : 0;
    int64_t last = (int64_t)page * per_page < total ? (int64_t)page * per_page : total;
    if (first > total) first = last = 0;
    char range[48], all[24];
    snprintf(range, sizeof range, "%lld\xe2\x80\x93%lld", (long long)first, (long long)last);
    snprintf(all, sizeof all, "%lld", (long long)total);
    html_text(b, msg_fill(req, MSG_UI_RANGE, range, all));
    html_lit(b, "</p>");
    if (pages > 1) {
        char num[16];
        html_lit(b, "<div class=\"utrecht-pagination\"><span class=\"utrecht-pagination__before\">");
        if (page > 1) {
            snprintf(num, sizeof num, "%d", page - 1);
            html_lit(b, "<a class=\"utrecht-pagination__relative-link utrecht-pagination__relative-link--prev\" rel=\"prev\"");
            html_attr(b, "href", ui_url_with(req, "page", num));
            html_lit(b, ">");
        } else {
            html_lit(b, "<a class=\"utrecht-pagination__relative-link utrecht-pagination__relative-link--prev "
                        "utrecht-pagination__relative-link--disabled\" aria-disabled=\"true\">");
        }
        html_text(b, msg(req, MSG_UI_PREVIOUS));
        html_lit(b, "</a></span><span class=\"utrecht-pagination__pages\" role=\"list\">");
        int from = page - 3 < 1 ? 1 : page - 3;
        int to = page + 3 > pages ? pages : page + 3;
        if (from > 1) page_link(req, b, 1, false);
        for (int i = from; i <= to; i++) page_link(req, b, i, i == page);
        if (to < pages) page_link(req, b, pages, false);
        html_lit(b, "</span><span class=\"utrecht-pagination__after\">");
        if (page < pages) {
            snprintf(num, sizeof num, "%d", page + 1);
            html_lit(b, "<a class=\"utrecht-pagination__relative-link utrecht-pagination__relative-link--next\" rel=\"next\"");
            html_attr(b, "href", ui_url_with(req, "page", num));
            html_lit(b, ">");
        } else {
            html_lit(b, "<a class=\"utrecht-pagination__relative-link utrecht-pagination__relative-link--next "
                        "utrecht-pagination__relative-link--disabled\" aria-disabled=\"true\">");
        }
        html_text(b, msg(req, MSG_UI_NEXT));
        html_lit(b, "</a></span></div>");
    }
    html_lit(b, "</nav>");
}

void ui_table_begin(buf *b, const char *id, const char *caption, bool show_caption)
{
    html_lit(b, "<div class=\"instroom-table-scroll\" role=\"region\" tabindex=\"0\"");
    html_attr(b, "aria-labelledby", id);
    html_lit(b, "><table class=\"utrecht-table utrecht-table--html-table\">");
    if (show_caption) html_lit(b, "<caption class=\"utrecht-table__caption\"");
    else html_lit(b, "<caption class=\"utrecht-table__caption instroom-visually-hidden\"");
    html_attr(b, "id", id);
    html_lit(b, ">");
    html_text(b, caption);
    html_lit(b, "</caption>");
}

void ui_table_end(buf *b)
{
    html_lit(b, "</table></div>");
}

void ui_th(buf *b, const char *text)
{
    html_lit(b, "<th class=\"utrecht-table__header-cell\" scope=\"col\">");
    html_text(b, text);
    html_lit(b, "</th>");
}

void ui_td(buf *b, const char *text)
{
    html_lit(b, "<td class=\"utrecht-table__cell\">");
    html_text(b, text);
    html_lit(b, "</td>");
}

void ui_data_begin(buf *b)
{
    html_lit(b, "<dl class=\"utrecht-data-list utrecht-data-list--rows\">");
}

void ui_data_row(buf *b, const char *key, const char *value)
{
    html_lit(b, "<div class=\"utrecht-data-list__item\"><dt class=\"utrecht-data-list__item-key\">");
    html_text(b, key);
    html_lit(b, "</dt><dd class=\"utrecht-data-list__item-value utrecht-data-list__item-value--html-dd\">");
    if (value && *value) html_text(b, value);
    else html_lit(b, "\xe2\x80\x94");
    html_lit(b, "</dd></div>");
}

void ui_data_row_link(buf *b, const char *key, const char *href, const char *label)
{
    html_lit(b, "<div class=\"utrecht-data-list__item\"><dt class=\"utrecht-data-list__item-key\">");
    html_text(b, key);
    html_lit(b, "</dt><dd class=\"utrecht-data-list__item-value utrecht-data-list__item-value--html-dd\">"
                "<a class=\"utrecht-link utrecht-link--html-a\"");
    html_attr(b, "href", href);
    html_lit(b, ">");
    html_text(b, label);
    html_lit(b, "</a></dd></div>");
}

void ui_data_end(buf *b)
{
    html_lit(b, "</dl>");
}

void ui_status_badge(buf *b, ui_badge kind, const char *text)
{
    switch (kind) {
    case UI_BADGE_SUCCESS: html_lit(b, "<span class=\"utrecht-status-badge utrecht-status-badge--success\">"); break;
    case UI_BADGE_WARNING: html_lit(b, "<span class=\"utrecht-status-badge utrecht-status-badge--warning\">"); break;
    case UI_BADGE_DANGER: html_lit(b, "<span class=\"utrecht-status-badge utrecht-status-badge--danger\">"); break;
    default: html_lit(b, "<span class=\"utrecht-status-badge utrecht-status-badge--neutral\">"); break;
    }
    html_text(b, text);
    html_lit(b, "</span>");
}

void ui_submit(buf *b, const char *label)
{
    html_lit(b, "<button class=\"utrecht-button utrecht-button--primary-action\" type=\"submit\">");
    html_text(b, label);
    html_lit(b, "</button>");
}

char *ui_time(http_request *req, int64_t t)
{
    if (!t) return arena_strdup(req->arena, "");
    char s[32];
    time_format_ams(s, sizeof s, t, "%d-%m-%Y %H:%M");
    return arena_strdup(req->arena, s);
}

int ui_date_to_utc(const char *s, bool next_day, int64_t *out)
{
    int y, m, d;
    if (time_parse_date(s, &y, &m, &d) != 0) return -1;
    if (next_day) {
        if (++d > time_days_in_month(y, m)) {
            d = 1;
            if (++m > 12) {
                m = 1;
                y++;
            }
        }
    }
    /* Midnight is never in the spring gap (02:00-03:00) in Amsterdam. */
    return time_ams_to_utc(y, m, d, 0, 0, 0, out);
}

void ui_heading(buf *b, int level, const char *text)
{
    /* html_lit takes literals only: one branch per level. */
    if (level <= 1) html_lit(b, "<h1 class=\"utrecht-heading-1\">");
    else if (level == 2) html_lit(b, "<h2 class=\"utrecht-heading-2\">");
    else html_lit(b, "<h3 class=\"utrecht-heading-3\">");
    html_text(b, text);
    if (level <= 1) html_lit(b, "</h1>");
    else if (level == 2) html_lit(b, "</h2>");
    else html_lit(b, "</h3>");
}

void ui_paragraph(buf *b, const char *text)
{
    html_lit(b, "<p class=\"utrecht-paragraph\">");
    html_text(b, text);
    html_lit(b, "</p>");
}

void ui_link(buf *b, const char *href, const char *text)
{
    html_lit(b, "<a class=\"utrecht-link utrecht-link--html-a\"");
    html_attr(b, "href", href);
    html_lit(b, ">");
    html_text(b, text);
    html_lit(b, "</a>");
}
