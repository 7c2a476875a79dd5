/* ui: building blocks of list and detail pages beyond page.h: select
 * fields, filter forms, sortable table headers, page-number pagination that
 * keeps the other query parameters, data lists and status badges. Markup
 * follows tests/e2e/fixtures/shell.html (NL Design System, Utrecht). */
#ifndef INSTROOM_HTTP_UI_H
#define INSTROOM_HTTP_UI_H

#include <stdbool.h>
#include <stdint.h>

#include "http/http.h"

#define UI_PAGE_SIZE 25

typedef struct ui_option {
    const char *value;
    const char *label;
} ui_option;

/* A labelled <select> of n options; empty_label (if given) is a first option
 * with the value "". selected picks the option; an error marks it invalid. */
void ui_select(buf *b, const char *id, const char *name, const char *label, const ui_option *opts,
               int n, const char *empty_label, const char *selected, const char *error);

/* The ?page number (1 when absent) into *page; -1 when it is not a whole
 * number from 1 to 100000. */
int ui_page_param(http_request *req, int *page);
/* The current path and query with key set to value (NULL removes it); any
 * other key than "page" also drops "page". In the arena. */
char *ui_url_with(http_request *req, const char *key, const char *value);
/* A sortable column header: a link that sorts by key (descending when it is
 * already sorted ascending by key), with aria-sort on the sorted column. */
void ui_sort_header(http_request *req, buf *b, const char *key, const char *label, const char *sort,
                    bool desc);
/* The pagination nav below a table: "1–25 of 80", previous, pages, next. */
void ui_pagination(http_request *req, buf *b, int page, int per_page, int64_t total);

/* Opens a scrolling table with a caption (id for aria-labelledby); the
 * caller writes the <thead>/<tbody> and calls ui_table_end. A caption that
 * repeats the heading right above the table is for screen readers only
 * (show_caption false). */
void ui_table_begin(buf *b, const char *id, const char *caption, bool show_caption);
void ui_table_end(buf *b);
/* A column header cell (scope col) and a data cell, each with escaped text. */
void ui_th(buf *b, const char *text);
void ui_td(buf *b, const char *text);

/* Opens and closes a data list (<dl>); ui_data_row adds one key and value
 * (value NULL or "" shows a dash). */
void ui_data_begin(buf *b);
void ui_data_row(buf *b, const char *key, const char *value);
/* A row whose value is a link to href with the text label. */
void ui_data_row_link(buf *b, const char *key, const char *href, const char *label);
void ui_data_end(buf *b);

typedef enum { UI_BADGE_SUCCESS, UI_BADGE_NEUTRAL, UI_BADGE_WARNING, UI_BADGE_DANGER } ui_badge;
/* A status badge with text. */
void ui_status_badge(buf *b, ui_badge kind, const char *text);
/* A primary submit button with label. */
void ui_submit(buf *b, const char *label);

/* t (UTC) as Amsterdam date and time "dd-mm-jjjj uu:mm" into the arena; "" for 0. */
char *ui_time(http_request *req, int64_t t);
/* Parses a date field "YYYY-MM-DD" as the start of that day in Amsterdam
 * (UTC seconds); next_day gives the start of the following day. 0 or -1. */
int ui_date_to_utc(const char *s, bool next_day, int64_t *out);

/* <h1>/<h2>/<h3> with the NL Design System class; level 1..3. */
void ui_heading(buf *b, int level, const char *text);
/* A paragraph of text. */
void ui_paragraph(buf *b, const char *text);
/* A link (href and text are escaped). */
void ui_link(buf *b, const char *href, const char *text);

#endif
