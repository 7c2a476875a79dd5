/* page: the HTML shell every page shares (header, language switch, user,
 * navigation by role, footer) and the small building blocks pages are made of.
 * Markup follows web/static/README.md (NL Design System, Utrecht classes). */
#ifndef INSTROOM_HTTP_PAGE_H
#define INSTROOM_HTTP_PAGE_H

#include "http/http.h"
#include "http/i18n.h"

typedef struct page_nav_item {
    msg_id label;
    const char *href;   /* NULL ends a table */
    unsigned roles;     /* shown when req->roles & roles; 0 = every logged-in user */
} page_nav_item;

/* Sets the navigation table (ends with href NULL); it must outlive the server. */
void page_set_nav(const page_nav_item *items);
/* Starts a page: status 200, text/html, everything up to and including the
 * opening of the content area, with title as <title> and no <h1>. */
void page_begin(http_request *req, http_response *res, const char *title);
/* Closes the content area and the document. */
void page_end(http_request *req, http_response *res);
/* A whole error page for status, in the request's language. */
void page_error(http_request *req, http_response *res, int status);
/* The hidden CSRF field every form carries. */
void page_csrf(http_request *req, buf *b);

typedef enum { ALERT_INFO, ALERT_OK, ALERT_WARNING, ALERT_ERROR } page_alert_kind;
/* An alert box with text (escaped). */
void page_alert(buf *b, page_alert_kind kind, const char *text);
/* A labelled input. type is an <input> type or "textarea"; value, error and
 * hint may be NULL; an error marks the field invalid and is announced. */
void page_field(buf *b, const char *id, const char *name, const char *label, const char *type,
                const char *value, const char *error, const char *hint, const char *autocomplete);
/* An empty state: what will appear here and, optionally, how to start. */
void page_empty(buf *b, const char *title, const char *text, const char *action_href,
                const char *action_label);
/* Ends a form handler after a write: the 404 page for DB_ENOTFOUND, the
 * failure code for other errors (the server answers 500, or 503 when busy),
 * else 303 See Other to href. Returns what the handler returns. */
int page_after_write(http_request *req, http_response *res, int rc, const char *href);
/* A link styled as a button. */
void page_button_link(buf *b, const char *href, const char *label, int primary);

#endif
