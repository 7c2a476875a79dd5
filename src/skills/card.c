/* skills card: the inspiratiekaart as an A5 PDF drawn with cairo. Text uses
 * cairo's toy API with the DejaVu Sans family (fontconfig finds it; Debian
 * fonts-dejavu-core), which has every letter of Dutch, so the PDF carries
 * real text that can be searched and copied. */
#include "skills/card.h"
#include "skills/skills.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <stdio.h>
#include <string.h>

#include "base/str.h"
#include "base/time.h"
#include "http/i18n.h"

#define PAGE_W 419.53 /* A5 in points */
#define PAGE_H 595.28
#define MARGIN 34.0
#define FONT "DejaVu Sans"
#define LINE_BOTTOM (PAGE_H - 64.0) /* below this the footer goes */

typedef struct card_ctx {
    cairo_t *cr;
    const skills_card *card;
    arena *a;
    double y;
    int page;
} card_ctx;

static cairo_status_t write_to_buf(void *closure, const unsigned char *data, unsigned int n)
{
    buf *b = closure;
    return buf_append(b, data, n) == 0 ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

static void font(cairo_t *cr, double size, bool bold)
{
    cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size);
}

static double text_width(cairo_t *cr, const char *s)
{
    cairo_text_extents_t ext;
    cairo_text_extents(cr, s, &ext);
    return ext.x_advance;
}

/* s shortened (at a character boundary, with "…") to fit max_w in the current font. */
static const char *fit(card_ctx *x, const char *s, double max_w)
{
    if (!s) return "";
    if (text_width(x->cr, s) <= max_w) return s;
    size_t n = strlen(s);
    while (n > 0) {
        n--;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--; /* to a character start */
        const char *t = arena_printf(x->a, "%.*s…", (int)n, s);
        if (!t) return "";
        if (text_width(x->cr, t) <= max_w) return t;
    }
    return "…";
}

static void text_at(cairo_t *cr, double xx, double yy, const char *s)
{
    cairo_move_to(cr, xx, yy);
    cairo_show_text(cr, s);
}

static void rgb(cairo_t *cr, unsigned hex)
{
    cairo_set_source_rgb(cr, ((hex >> 16) & 0xFF) / 255.0, ((hex >> 8) & 0xFF) / 255.0, (hex & 0xFF) / 255.0);
}

/* The level as four dots, filled up to level; x_right is the right edge. */
static void dots(cairo_t *cr, double x_right, double yy, int level)
{
    for (int i = 0; i < 4; i++) {
        double cx = x_right - (3 - i) * 11.0 - 4.0;
        cairo_new_path(cr);
        cairo_arc(cr, cx, yy - 3.5, 3.8, 0, 2 * 3.14159265358979);
        rgb(cr, 0x1a6b54);
        if (i < level) {
            cairo_fill(cr);
        } else {
            cairo_set_line_width(cr, 0.9);
            cairo_stroke(cr);
        }
    }
}

static void footer(card_ctx *x)
{
    cairo_t *cr = x->cr;
    const char *lang = x->card->lang;
    rgb(cr, 0xcccccc);
    cairo_set_line_width(cr, 0.5);
    cairo_move_to(cr, MARGIN, PAGE_H - 54);
    cairo_line_to(cr, PAGE_W - MARGIN, PAGE_H - 54);
    cairo_stroke(cr);
    rgb(cr, 0x444444);
    font(cr, 7.5, false);
    text_at(cr, MARGIN, PAGE_H - 42, fit(x, msg_in(lang, MSG_SKILLS_CARD_FOOT_1), PAGE_W - 2 * MARGIN));
    text_at(cr, MARGIN, PAGE_H - 32, fit(x, msg_in(lang, MSG_SKILLS_CARD_FOOT_2), PAGE_W - 2 * MARGIN));
    const char *legend = msg_in(lang, MSG_SKILLS_CARD_LEGEND);
    text_at(cr, MARGIN, PAGE_H - 20, fit(x, legend, PAGE_W - 2 * MARGIN - 60));
    char pg[16];
    snprintf(pg, sizeof pg, "%d", x->page);
    text_at(cr, PAGE_W - MARGIN - text_width(cr, pg), PAGE_H - 20, pg);
}

/* Ends the page when need points do not fit; the next starts at the top. */
static void room(card_ctx *x, double need)
{
    if (x->y + need <= LINE_BOTTOM) return;
    footer(x);
    cairo_show_page(x->cr);
    x->page++;
    x->y = MARGIN + 10;
}

static void header(card_ctx *x)
{
    cairo_t *cr = x->cr;
    const skills_card *k = x->card;
    rgb(cr, 0x1a6b54);
    cairo_rectangle(cr, 0, 0, PAGE_W, 78);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    font(cr, 17, true);
    text_at(cr, MARGIN, 38, fit(x, msg_in(k->lang, MSG_SKILLS_CARD_TITLE), PAGE_W - 2 * MARGIN));
    font(cr, 9.5, false);
    text_at(cr, MARGIN, 58, fit(x, msg_in(k->lang, MSG_SKILLS_CARD_SUBTITLE), PAGE_W - 2 * MARGIN));
    rgb(cr, 0x111111);
    font(cr, 15, true);
    text_at(cr, MARGIN, 110, fit(x, k->name, PAGE_W - 2 * MARGIN));
    font(cr, 9.5, false);
    rgb(cr, 0x333333);
    const char *prog = k->programme ? k->programme : msg_in(k->lang, MSG_SKILLS_CARD_NO_PROGRAMME);
    text_at(cr, MARGIN, 128,
            fit(x, arena_printf(x->a, "%s: %s", msg_in(k->lang, MSG_SKILLS_CARD_PROGRAMME), prog), PAGE_W - 2 * MARGIN));
    char day[16];
    time_format_ams(day, sizeof day, k->date, "%d-%m-%Y");
    text_at(cr, MARGIN, 142, arena_printf(x->a, "%s: %s", msg_in(k->lang, MSG_SKILLS_CARD_DATE), day));
    x->y = 172;
}

static const char *source_text(const char *lang, const char *source)
{
    static const char *const names[] = {"training", "study", "hobby", "work", "volunteering"};
    static const msg_id ids[] = {MSG_SKILLS_SOURCE_TRAINING, MSG_SKILLS_SOURCE_STUDY, MSG_SKILLS_SOURCE_HOBBY,
                                 MSG_SKILLS_SOURCE_WORK, MSG_SKILLS_SOURCE_VOLUNTEERING};
    for (int i = 0; i < 5; i++)
        if (str_eq(source, names[i])) return msg_in(lang, ids[i]);
    return source;
}

/* One section: a heading and the entries with verified == want. */
static void section(card_ctx *x, msg_id title, bool want)
{
    cairo_t *cr = x->cr;
    const skills_card *k = x->card;
    room(x, 40);
    rgb(cr, 0x1a6b54);
    font(cr, 11.5, true);
    text_at(cr, MARGIN, x->y, msg_in(k->lang, title));
    x->y += 6;
    cairo_set_line_width(cr, 1);
    cairo_move_to(cr, MARGIN, x->y);
    cairo_line_to(cr, PAGE_W - MARGIN, x->y);
    cairo_stroke(cr);
    x->y += 16;
    int shown = 0;
    for (int i = 0; i < k->n; i++) {
        const skills_entry *e = &k->entries[i];
        if ((e->verified_at != 0) != want) continue;
        room(x, 30);
        rgb(cr, 0x111111);
        font(cr, 10, false);
        text_at(cr, MARGIN, x->y, fit(x, skills_entry_label(e, k->lang), PAGE_W - 2 * MARGIN - 56));
        dots(cr, PAGE_W - MARGIN, x->y, e->level);
        x->y += 12;
        rgb(cr, 0x555555);
        font(cr, 7.5, false);
        const char *line;
        if (want) {
            char day[16];
            time_format_ams(day, sizeof day, e->verified_at, "%d-%m-%Y");
            line = arena_printf(x->a, "%s %s %s %s · %s", msg_in(k->lang, MSG_SKILLS_CARD_VERIFIED_BY),
                                e->verified_by_name ? e->verified_by_name : msg_in(k->lang, MSG_SKILLS_SYSTEM),
                                msg_in(k->lang, MSG_SKILLS_CARD_ON), day, source_text(k->lang, e->source));
        } else {
            line = e->evidence ? arena_printf(x->a, "%s · %s", source_text(k->lang, e->source), e->evidence)
                               : source_text(k->lang, e->source);
        }
        if (line) {
            /* Evidence is one line on the card: line ends become spaces. */
            char *flat = arena_strdup(x->a, line);
            for (char *p = flat; p && *p; p++)
                if (*p == '\n' || *p == '\r' || *p == '\t') *p = ' ';
            text_at(cr, MARGIN, x->y, fit(x, flat, PAGE_W - 2 * MARGIN));
        }
        x->y += 16;
        shown++;
    }
    if (!shown) {
        rgb(cr, 0x555555);
        font(cr, 9, false);
        text_at(cr, MARGIN, x->y, msg_in(k->lang, want ? MSG_SKILLS_CARD_NONE_VERIFIED : MSG_SKILLS_CARD_NONE_OWN));
        x->y += 16;
    }
    x->y += 10;
}

int skills_card_pdf(const skills_card *card, buf *out)
{
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(write_to_buf, out, PAGE_W, PAGE_H);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(s);
        return -1;
    }
    char title[400];
    snprintf(title, sizeof title, "%s: %s", msg_in(card->lang, MSG_SKILLS_CARD_TITLE), card->name ? card->name : "");
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, title);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "instroom");
    cairo_t *cr = cairo_create(s);
    arena a;
    arena_init(&a, 0);
    card_ctx x = {.cr = cr, .card = card, .a = &a, .page = 1};
    header(&x);
    section(&x, MSG_SKILLS_CARD_VERIFIED, true);
    section(&x, MSG_SKILLS_CARD_OWN, false);
    footer(&x);
    cairo_show_page(cr);
    cairo_status_t st = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    if (st == CAIRO_STATUS_SUCCESS) st = cairo_surface_status(s);
    cairo_surface_destroy(s);
    arena_free(&a);
    return st == CAIRO_STATUS_SUCCESS && !out->failed ? 0 : -1;
}

const char *skills_card_filename(arena *a, const char *name)
{
    const char *code = skills_code_from_label(a, name);
    if (!code || !*code) return "inspiratiekaart.pdf";
    return arena_printf(a, "inspiratiekaart-%s.pdf", code);
}

void skills_card_cleanup(void)
{
    cairo_debug_reset_static_data();
    FcFini();
}
