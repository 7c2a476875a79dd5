/* csv: a reader for CSV files from outside (RFC 4180 and what spreadsheets
 * actually write): UTF-8 with or without BOM, or Windows-1252 (Excel), which
 * is converted to UTF-8; ',' ';' or tab as separator, found from the first
 * line; quoted fields with separators, quotes and newlines inside; CRLF or LF.
 * Every error names the line and column. Fuzzed in fuzz/csv.c.
 * And a writer for the CSV files instroom hands out (RFC 4180: ',' and CRLF,
 * quotes doubled), safe to open in a spreadsheet. */
#ifndef INSTROOM_BASE_CSV_H
#define INSTROOM_BASE_CSV_H

#include <stddef.h>

#include "base/arena.h"
#include "base/buf.h"

#define CSV_MAX_FIELDS 256
#define CSV_MAX_FIELD 65536

typedef enum { CSV_ENC_AUTO, CSV_ENC_UTF8, CSV_ENC_CP1252 } csv_encoding;

typedef struct csv_reader {
    arena *arena;         /* rows and the converted text live here */
    const char *data;     /* UTF-8 text (converted when the input was Windows-1252) */
    size_t len;
    size_t pos;           /* bytes read so far, for progress */
    char sep;             /* the separator in use */
    csv_encoding encoding;/* what the input was */
    int line;             /* line of the next row (1-based; quoted newlines count) */
    char error[160];      /* why csv_next returned -1 */
} csv_reader;

typedef struct csv_row {
    int line;             /* the line the row starts on */
    int n;                /* fields */
    const char **fields;  /* NUL-terminated UTF-8, in the arena */
} csv_row;

/* Prepares to read n bytes of data. sep 0 finds it from the first line; enc
 * CSV_ENC_AUTO takes UTF-8 when the bytes are valid UTF-8, else Windows-1252.
 * 0, or -1 with r->error (NUL bytes, invalid UTF-8 when UTF-8 was asked). */
int csv_open(csv_reader *r, arena *a, const char *data, size_t n, char sep, csv_encoding enc);
/* Reads the next row: 1 with *row, 0 at the end, -1 with r->error naming the
 * line and column. Blank lines are skipped. */
int csv_next(csv_reader *r, csv_row *row);

/* Writing. */
enum { CSV_QUOTE_ALWAYS = 1 };  /* quote every field, not only those that need it */

/* Appends s (NULL: empty) as one field: in double quotes with quotes doubled
 * when it holds a comma, a quote, CR or LF (or flags has CSV_QUOTE_ALWAYS).
 * Text a spreadsheet would run as a formula (first character = + - @, tab
 * or CR) gets a ' in front, inside the quotes. 0 or a negative buf code. */
int csv_put_field(buf *out, const char *s, int flags);
/* Appends the n fields separated by ',' and ended by CRLF; 0 or a negative buf code. */
int csv_put_row(buf *out, const char *const *fields, int n, int flags);

#endif
