/* insight report model: suppression of small counts and exact money amounts.
 * Pure; base only. */
#include "insight/report_model.h"

#include <stdio.h>
#include <string.h>

insight_cell insight_suppress(insight_cell_kind kind, int64_t a, int64_t b)
{
    insight_cell c = {.kind = kind, .a = a, .b = b, .state = INSIGHT_CELL_SHOWN};
    switch (kind) {
    case INSIGHT_CELL_COUNT:
        if (a < INSIGHT_MIN_CELL) c.state = INSIGHT_CELL_SMALL;
        else c.value = a;
        break;
    case INSIGHT_CELL_PCT:
        /* Every one of a, b and b - a must be a publishable count, else the
         * share (with the other figures) gives a small count away. A zero
         * denominator is withheld like any small one, so that "—" never
         * tells 0 from 1-4. */
        if (a < INSIGHT_MIN_CELL || b < INSIGHT_MIN_CELL || b - a < INSIGHT_MIN_CELL) c.state = INSIGHT_CELL_WITHHELD;
        else c.value = (a * 2000 + b) / (2 * b); /* tenths of a percent, half up */
        break;
    case INSIGHT_CELL_PER_HEAD:
        if (b < INSIGHT_MIN_CELL || a < 0) c.state = INSIGHT_CELL_WITHHELD;
        else c.value = (2 * a + b) / (2 * b); /* cents, half up */
        break;
    case INSIGHT_CELL_MONEY:
        c.value = a;
        break;
    }
    return c;
}

/* Writes v (>= 0) with a thousands separator sep (0: none). */
static void group_digits(int64_t v, char sep, char *out, size_t n)
{
    char digits[32];
    snprintf(digits, sizeof digits, "%lld", (long long)v);
    size_t len = strlen(digits), k = 0;
    for (size_t i = 0; i < len && k + 2 < n; i++) {
        if (sep && i > 0 && (len - i) % 3 == 0) out[k++] = sep;
        out[k++] = digits[i];
    }
    out[k] = 0;
}

const char *insight_money_text(int64_t cents, const char *lang, bool plain, char *out, size_t n)
{
    bool neg = cents < 0;
    int64_t v = neg ? -cents : cents;
    char whole[40];
    bool en = lang && strcmp(lang, "en") == 0;
    if (plain) {
        snprintf(out, n, "%s%lld.%02lld", neg ? "-" : "", (long long)(v / 100), (long long)(v % 100));
        return out;
    }
    group_digits(v / 100, en ? ',' : '.', whole, sizeof whole);
    if (en) snprintf(out, n, "%s€%s.%02lld", neg ? "-" : "", whole, (long long)(v % 100));
    else snprintf(out, n, "%s€ %s,%02lld", neg ? "-" : "", whole, (long long)(v % 100));
    return out;
}

const char *insight_cell_text(const insight_cell *c, const char *lang, bool plain, char *out, size_t n)
{
    bool en = lang && strcmp(lang, "en") == 0;
    switch (c->state) {
    case INSIGHT_CELL_SMALL: snprintf(out, n, "<%d", INSIGHT_MIN_CELL); return out;
    case INSIGHT_CELL_WITHHELD:
    case INSIGHT_CELL_NONE: snprintf(out, n, "—"); return out;
    case INSIGHT_CELL_SHOWN: break;
    }
    switch (c->kind) {
    case INSIGHT_CELL_COUNT: snprintf(out, n, "%lld", (long long)c->value); break;
    case INSIGHT_CELL_PCT:
        if (plain) snprintf(out, n, "%lld.%lld", (long long)(c->value / 10), (long long)(c->value % 10));
        else snprintf(out, n, en ? "%lld.%lld%%" : "%lld,%lld %%", (long long)(c->value / 10), (long long)(c->value % 10));
        break;
    case INSIGHT_CELL_PER_HEAD:
    case INSIGHT_CELL_MONEY: insight_money_text(c->value, lang, plain, out, n); break;
    }
    return out;
}

static bool is_digit(char ch)
{
    return ch >= '0' && ch <= '9';
}

int insight_money_parse(const char *s, int64_t *cents)
{
    if (!s) return -1;
    char t[64];
    size_t k = 0;
    /* Drop spaces around it and a leading euro sign ("€" or "EUR"). A space
     * between digits stays: it is a thousands separator ("1 234,00"), which
     * the grouping below checks, so that "12 34" is refused. */
    while (*s == ' ' || *s == '\t') s++;
    if (strncmp(s, "\xE2\x82\xAC", 3) == 0) s += 3;
    else if (strncmp(s, "EUR", 3) == 0) s += 3;
    while (*s == ' ' || *s == '\t') s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
    for (size_t i = 0; i < n; i++) {
        char ch = s[i] == '\t' ? ' ' : s[i];
        if (!is_digit(ch) && ch != '.' && ch != ',' && ch != ' ') return -1;
        if (ch == ' ' && !(k > 0 && is_digit(t[k - 1]) && i + 1 < n && is_digit(s[i + 1]))) return -1;
        if (k + 1 >= sizeof t) return -2;
        t[k++] = ch;
    }
    t[k] = 0;
    if (k == 0 || !is_digit(t[0])) return -1;
    /* The decimal separator is the last separator when 1 or 2 digits follow it. */
    int last = -1;
    for (int i = (int)k - 1; i >= 0; i--)
        if (t[i] == '.' || t[i] == ',') {
            last = i;
            break;
        }
    size_t int_end = k;
    int64_t frac = 0;
    char dec = 0;
    if (last >= 0) {
        size_t after = k - (size_t)last - 1;
        if (after == 1 || after == 2) {
            dec = t[last];
            int_end = (size_t)last;
            frac = (t[last + 1] - '0') * 10 + (after == 2 ? t[last + 2] - '0' : 0);
            if (after == 2 && !is_digit(t[last + 2])) return -1;
            if (!is_digit(t[last + 1])) return -1;
        } else if (after != 3) {
            return -1;
        }
    }
    /* The whole euros: digits in groups of three after the first group,
     * separated by one kind of separator that is not the decimal one. */
    char thou = 0;
    int64_t whole = 0;
    size_t group = 0;
    bool grouped = false;
    for (size_t i = 0; i < int_end; i++) {
        char ch = t[i];
        if (is_digit(ch)) {
            if (whole > INSIGHT_MONEY_MAX_CENTS / 100) return -2;
            whole = whole * 10 + (ch - '0');
            group++;
            continue;
        }
        if (ch == dec || (thou && ch != thou)) return -1;
        if (grouped ? group != 3 : (group < 1 || group > 3)) return -1;
        /* Thousands never follow a leading zero: "0,001" or "0.500" is a
         * mistyped fraction, not 1 or 500 euros. */
        if (!grouped && t[0] == '0') return -1;
        thou = ch;
        grouped = true;
        group = 0;
    }
    if (grouped && group != 3) return -1;
    if (int_end == 0) return -1;
    if (whole > INSIGHT_MONEY_MAX_CENTS / 100) return -2;
    int64_t v = whole * 100 + frac;
    if (v > INSIGHT_MONEY_MAX_CENTS) return -2;
    *cents = v;
    return 0;
}
