/* insight report model: the pure rules of the anonymised funder report.
 * One function decides what a figure may show (insight_suppress): a count
 * below INSIGHT_MIN_CELL is shown as "<5", a percentage only when its
 * numerator, denominator and their difference are each at least
 * INSIGHT_MIN_CELL, a cost per head only for at least INSIGHT_MIN_CELL heads.
 * Also the exact parser of money amounts typed by people ("1.234,56",
 * "1234.56", "€ 12"), which never goes through floating point. Base only. */
#ifndef INSTROOM_INSIGHT_REPORT_MODEL_H
#define INSTROOM_INSIGHT_REPORT_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define INSIGHT_MIN_CELL 5
#define INSIGHT_MONEY_MAX_CENTS 100000000000LL /* one billion euros */

typedef enum insight_cell_kind {
    INSIGHT_CELL_COUNT,    /* a number of people: a */
    INSIGHT_CELL_PCT,      /* a share of people: a of b */
    INSIGHT_CELL_PER_HEAD, /* an amount in cents (a) divided over b people */
    INSIGHT_CELL_MONEY,    /* an amount in cents (a), about nobody in particular */
} insight_cell_kind;

typedef enum insight_cell_state {
    INSIGHT_CELL_SHOWN,      /* the value may be shown */
    INSIGHT_CELL_SMALL,      /* a count below 5: shown as "<5" */
    INSIGHT_CELL_WITHHELD,   /* a share or amount per head that could reveal a small count: "—" */
    INSIGHT_CELL_NONE,       /* nothing to show (no denominator, no target): "—" without a footnote */
} insight_cell_state;

typedef struct insight_cell {
    insight_cell_kind kind;
    insight_cell_state state;
    int64_t a, b;           /* as given */
    int64_t value;          /* SHOWN: the count, the cents, or the percentage in tenths (rounded half up) */
} insight_cell;

/* Decides what the cell (kind, a, b) shows. The one place of the rule. */
insight_cell insight_suppress(insight_cell_kind kind, int64_t a, int64_t b);

/* The cell as text, into out (n bytes): "12", "<5", "—", "62,5 %" / "62.5 %",
 * "€ 1.234,56" / "€1,234.56" (lang "nl" or "en"). For CSV and XLSX
 * plain=true writes machine-readable values instead: "12", "<5", "—",
 * "62.5", "1234.56". Returns out. */
const char *insight_cell_text(const insight_cell *c, const char *lang, bool plain, char *out, size_t n);

/* Formats cents as euros: "€ 1.234,56" (nl), "€1,234.56" (en), or "1234.56" (plain). */
const char *insight_money_text(int64_t cents, const char *lang, bool plain, char *out, size_t n);

/* Parses an amount of euros exactly into cents: optional "€" and spaces,
 * digits with '.' or ',' as thousands separators (groups of 3) and one
 * decimal separator with 1 or 2 digits ("1.234,5", "1,234.50", "12,00",
 * "12"). A lone separator followed by exactly 3 digits is a thousands
 * separator ("1.250" is 1250 euros), but never after a leading zero ("0,001"
 * is not an amount). 0..INSIGHT_MONEY_MAX_CENTS.
 * Returns 0, or -1 (not an amount) or -2 (too large). */
int insight_money_parse(const char *s, int64_t *cents);

#endif
