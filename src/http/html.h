/* html: the only way pages write HTML. Markup can only come from string
 * literals (html_lit refuses anything else at compile time); every other
 * value goes through an escaping function. */
#ifndef INSTROOM_HTTP_HTML_H
#define INSTROOM_HTTP_HTML_H

#include <stdint.h>

#include "base/buf.h"

/* Appends a string literal as markup. ("" lit "") fails to compile for a variable. */
#define html_lit(b, lit) html_markup_((b), "" lit "", sizeof("" lit "") - 1)
void html_markup_(buf *b, const char *lit, size_t n);
/* Appends s escaped for element content and quoted attribute values; NULL writes nothing. */
void html_text(buf *b, const char *s);
/* Appends the first n bytes of s, escaped. */
void html_textn(buf *b, const char *s, size_t n);
/* Appends a formatted string, escaped. */
void html_textf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends a decimal integer. */
void html_int(buf *b, int64_t v);
/* Appends ` name="value"` with value escaped; name must be a literal. */
#define html_attr(b, name, value) html_attr_((b), "" name "", (value))
void html_attr_(buf *b, const char *name, const char *value);
/* Appends a URL-encoded query value (for hrefs built from data). */
void html_urlenc(buf *b, const char *s);

#endif
