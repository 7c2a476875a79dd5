/* skills model: search keys, the ESCO skills CSV reader and the matching
 * engine. Pure: base only, no I/O. The formula is in model.h. */
#include "skills/model.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/str.h"

/* ---- skills_fold ---- */

/* U+00C0..U+00FF without diacritics, lower case; NULL: keep the character. */
static const char *const latin1[64] = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",   /* C0..CF */
    "d", "n", "o", "o", "o", "o", "o", NULL, "o", "u", "u", "u", "u", "y", "th", "ss", /* D0..DF */
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",   /* E0..EF */
    "d", "n", "o", "o", "o", "o", "o", NULL, "o", "u", "u", "u", "u", "y", "th", "y",  /* F0..FF */
};

/* U+0100..U+017F (Latin Extended-A) by ranges of the same base letter. */
static const struct {
    unsigned lo, hi;
    const char *to;
} latin_ext_a[] = {
    {0x100, 0x105, "a"}, {0x106, 0x10D, "c"}, {0x10E, 0x111, "d"}, {0x112, 0x11B, "e"}, {0x11C, 0x123, "g"},
    {0x124, 0x127, "h"}, {0x128, 0x131, "i"}, {0x132, 0x133, "ij"}, {0x134, 0x135, "j"}, {0x136, 0x138, "k"},
    {0x139, 0x142, "l"}, {0x143, 0x14B, "n"}, {0x14C, 0x151, "o"}, {0x152, 0x153, "oe"}, {0x154, 0x159, "r"},
    {0x15A, 0x161, "s"}, {0x162, 0x167, "t"}, {0x168, 0x173, "u"}, {0x174, 0x175, "w"}, {0x176, 0x178, "y"},
    {0x179, 0x17E, "z"}, {0x17F, 0x17F, "s"},
};

/* Decodes one UTF-8 character at s (n bytes left): its length, or 0 when
 * the bytes there are not valid UTF-8 (overlong, surrogate, > U+10FFFF). */
static size_t utf8_decode(const unsigned char *s, size_t n, unsigned *cp)
{
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    size_t len;
    unsigned c, min;
    if ((s[0] & 0xE0) == 0xC0) len = 2, c = s[0] & 0x1F, min = 0x80;
    else if ((s[0] & 0xF0) == 0xE0) len = 3, c = s[0] & 0x0F, min = 0x800;
    else if ((s[0] & 0xF8) == 0xF0) len = 4, c = s[0] & 0x07, min = 0x10000;
    else return 0;
    if (len > n) return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        c = (c << 6) | (s[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return 0;
    *cp = c;
    return len;
}

const char *skills_fold(arena *a, const char *text)
{
    if (!text) return arena_strdup(a, "");
    size_t n = strlen(text);
    /* Folding never makes text longer than twice its bytes (þ -> th is 2 for 2). */
    char *out = arena_alloc(a, 2 * n + 1);
    if (!out) return NULL;
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0, k = 0;
    bool space = false; /* a space is pending */
    while (i < n) {
        unsigned cp;
        size_t len = utf8_decode(s + i, n - i, &cp);
        if (!len) { /* an invalid byte: dropped */
            i++;
            continue;
        }
        const char *to = NULL;
        char one[2] = {0, 0};
        bool white = cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\v' || cp == '\f' || cp == 0xA0;
        if (white) {
            space = k > 0;
            i += len;
            continue;
        }
        if (cp < 0x80) {
            one[0] = (char)(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
            to = one;
        } else if (cp >= 0xC0 && cp <= 0xFF) {
            to = latin1[cp - 0xC0];
        } else if (cp >= 0x100 && cp <= 0x17F) {
            for (size_t r = 0; r < sizeof latin_ext_a / sizeof latin_ext_a[0]; r++)
                if (cp >= latin_ext_a[r].lo && cp <= latin_ext_a[r].hi) to = latin_ext_a[r].to;
        }
        if (space) {
            out[k++] = ' ';
            space = false;
        }
        if (to) {
            for (const char *t = to; *t; t++) out[k++] = *t;
        } else {
            memcpy(out + k, s + i, len);
            k += len;
        }
        i += len;
    }
    assert(k <= 2 * n);
    out[k] = '\0';
    return out;
}

/* ---- ESCO skills collection CSV ---- */

static int header_column(const csv_row *h, const char *name)
{
    for (int i = 0; i < h->n; i++) {
        const char *f = h->fields[i];
        if (i == 0 && (unsigned char)f[0] == 0xEF && (unsigned char)f[1] == 0xBB && (unsigned char)f[2] == 0xBF)
            f += 3; /* a BOM left on the first name */
        if (str_eq(f, name)) return i;
    }
    return -1;
}

int skills_csv_open(skills_csv *s, arena *a, const char *data, size_t n)
{
    memset(s, 0, sizeof *s);
    csv_row h;
    if (csv_open(&s->r, a, data, n, ',', CSV_ENC_UTF8) != 0) {
        snprintf(s->error, sizeof s->error, "%s", s->r.error);
        return -1;
    }
    int got = csv_next(&s->r, &h);
    if (got != 1) {
        snprintf(s->error, sizeof s->error, "%s", got < 0 ? s->r.error : "the file is empty");
        return -1;
    }
    s->col_uri = header_column(&h, "conceptUri");
    s->col_label = header_column(&h, "preferredLabel");
    s->col_alt = header_column(&h, "altLabels");
    s->col_desc = header_column(&h, "description");
    s->col_type = header_column(&h, "skillType");
    if (s->col_uri < 0 || s->col_label < 0) {
        snprintf(s->error, sizeof s->error, "line %d: the header has no conceptUri and preferredLabel columns", h.line);
        return -1;
    }
    return 0;
}

static const char *field(arena *a, const csv_row *row, int col)
{
    if (col < 0 || col >= row->n) return NULL;
    char *t = str_trim(a, row->fields[col]);
    return t && *t ? t : NULL;
}

int skills_csv_next(skills_csv *s, skills_csv_row *row)
{
    csv_row r;
    int got = csv_next(&s->r, &r);
    if (got < 0) {
        snprintf(s->error, sizeof s->error, "%s", s->r.error);
        return -1;
    }
    if (got == 0) return 0;
    memset(row, 0, sizeof *row);
    row->line = r.line;
    row->uri = field(s->r.arena, &r, s->col_uri);
    row->label = field(s->r.arena, &r, s->col_label);
    row->alt_labels = field(s->r.arena, &r, s->col_alt);
    row->description = field(s->r.arena, &r, s->col_desc);
    if (!row->uri || !(str_starts_with(row->uri, "http://") || str_starts_with(row->uri, "https://"))) {
        snprintf(s->error, sizeof s->error, "line %d: conceptUri is not an http(s) URI", r.line);
        return -1;
    }
    if (strlen(row->uri) > 300) {
        snprintf(s->error, sizeof s->error, "line %d: conceptUri is longer than 300 characters", r.line);
        return -1;
    }
    if (!row->label) {
        snprintf(s->error, sizeof s->error, "line %d: preferredLabel is empty", r.line);
        return -1;
    }
    if (str_utf8_len(row->label) > 300) {
        snprintf(s->error, sizeof s->error, "line %d: preferredLabel is longer than 300 characters", r.line);
        return -1;
    }
    return 1;
}

const char *skills_search_text(arena *a, const char *label_nl, const char *label_en, const char *alt)
{
    buf b;
    buf_init(&b, 1u << 20);
    buf_puts(&b, skills_fold(a, label_nl));
    if (label_en && *label_en) {
        buf_puts(&b, " | ");
        buf_puts(&b, skills_fold(a, label_en));
    }
    if (alt) {
        const char *p = alt;
        while (*p) {
            size_t len = strcspn(p, "|\n");
            const char *one = skills_fold(a, arena_strndup(a, p, len));
            if (one && *one) {
                buf_puts(&b, " | ");
                buf_puts(&b, one);
            }
            p += len;
            if (*p) p++;
        }
    }
    const char *out = b.failed ? NULL : arena_strdup(a, buf_cstr(&b));
    buf_free(&b);
    return out;
}

const char *skills_code_from_label(arena *a, const char *label)
{
    const char *f = skills_fold(a, label);
    if (!f) return NULL;
    char *out = arena_alloc(a, 61);
    if (!out) return NULL;
    size_t k = 0;
    bool dash = false;
    for (const char *p = f; *p && k < 60; p++) {
        char ch = *p;
        if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
            if (dash && k > 0 && k < 59) out[k++] = '-';
            dash = false;
            out[k++] = ch;
        } else {
            dash = true;
        }
    }
    out[k] = '\0';
    return out;
}

/* ---- matching ---- */

const char *skills_match_status_name(skills_match_status s)
{
    switch (s) {
    case SKILLS_MATCHED: return "matched";
    case SKILLS_BELOW_LEVEL: return "below_level";
    case SKILLS_MISSING: return "missing";
    case SKILLS_UNVERIFIED: return "unverified";
    }
    return "?";
}

int skills_requirements_check(const skills_requirement *r, int n, int *bad, const char **field_name)
{
    for (int i = 0; i < n; i++) {
        const char *f = NULL;
        if (r[i].skill_id < 1) f = "skill_id";
        else if (r[i].level < SKILLS_LEVEL_MIN || r[i].level > SKILLS_LEVEL_MAX) f = "level";
        else if (!isfinite(r[i].weight) || !(r[i].weight > 0) || r[i].weight > 1e6) f = "weight";
        if (f) {
            *bad = i;
            *field_name = f;
            return -1;
        }
    }
    return 0;
}

double skills_match(const skills_requirement *r, int n, const skills_have *have, int nhave, skills_match_item *out)
{
    double total = 0, got = 0;
    for (int i = 0; i < n; i++) {
        assert(r[i].level >= SKILLS_LEVEL_MIN && r[i].level <= SKILLS_LEVEL_MAX && r[i].weight > 0);
        int best = 0;          /* the highest level that counts */
        bool unverified = false; /* an entry exists that did not count for want of verification */
        for (int k = 0; k < nhave; k++) {
            if (have[k].skill_id != r[i].skill_id) continue;
            if (r[i].verified_only && !have[k].verified) {
                unverified = true;
                continue;
            }
            if (have[k].level > best) best = have[k].level;
        }
        skills_match_item it = {.skill_id = r[i].skill_id, .have = best, .need = r[i].level};
        if (best >= r[i].level) {
            it.status = SKILLS_MATCHED;
            it.credit = 1;
        } else if (best > 0) {
            it.status = SKILLS_BELOW_LEVEL;
            it.credit = (double)best / r[i].level;
        } else {
            it.status = unverified ? SKILLS_UNVERIFIED : SKILLS_MISSING;
            it.credit = 0;
        }
        total += r[i].weight;
        got += r[i].weight * it.credit;
        if (out) out[i] = it;
    }
    if (n == 0 || total <= 0) return 1.0;
    double score = got / total;
    return score < 0 ? 0 : score > 1 ? 1 : score;
}

int skills_min_level_for(int need, double min_score)
{
    assert(need >= SKILLS_LEVEL_MIN && need <= SKILLS_LEVEL_MAX);
    if (!(min_score > 0)) return 0;
    if (min_score > 1) return need + 1;
    for (int h = 1; h <= need; h++) {
        /* credit h/need >= min_score, compared without rounding trouble: h >= min_score * need */
        if ((double)h + 1e-9 >= min_score * need) return h;
    }
    return need;
}
