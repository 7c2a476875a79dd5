/* insight report as an A4 PDF drawn with cairo, like the skills card: DejaVu
 * Sans through fontconfig, real text that can be searched and copied. Each
 * figure sits on one line with its label, the value right-aligned, written
 * from the same rows (and the same text) as the HTML page. */
#include <cairo-pdf.h>
#include <cairo.h>
#include <stdio.h>
#include <string.h>

#include "http/i18n.h"
#include "insight/report.h"

#define PAGE_W 595.28 /* A4 in points */
#define PAGE_H 841.89
#define MARGIN 56.0
#define FONT "DejaVu Sans"
#define BOTTOM (PAGE_H - 70.0)

typedef struct pdf_ctx {
    cairo_t *cr;
    const insight_report *r;
    arena *a;
    double y;
    int page;
} pdf_ctx;

static cairo_status_t write_to_buf(void *closure, const unsigned char *data, unsigned int n)
{
    return buf_append(closure, data, n) == 0 ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

static void font(cairo_t *cr, double size, bool bold)
{
    cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size);
}

static double width(cairo_t *cr, const char *s)
{
    cairo_text_extents_t e;
    cairo_text_extents(cr, s, &e);
    return e.x_advance;
}

static void text_at(cairo_t *cr, double x, double y, const char *s)
{
    cairo_move_to(cr, x, y);
    cairo_show_text(cr, s);
}

static void rgb(cairo_t *cr, unsigned hex)
{
    cairo_set_source_rgb(cr, ((hex >> 16) & 0xFF) / 255.0, ((hex >> 8) & 0xFF) / 255.0, (hex & 0xFF) / 255.0);
}

/* Writes s wrapped at max_w, lines of lead points; returns the lines used. */
static int wrap(pdf_ctx *x, double left, double max_w, double lead, const char *s)
{
    int lines = 0;
    const char *p = s;
    while (*p) {
        size_t best = 0, i = 0;
        while (p[i]) {
            size_t j = i;
            while (p[j] && p[j] != ' ') j++;
            char *cand = arena_strndup(x->a, p, j);
            if (!cand || (best && width(x->cr, cand) > max_w)) break;
            best = j;
            if (!p[j]) break;
            i = j + 1;
        }
        if (!best) best = strlen(p);
        text_at(x->cr, left, x->y, arena_strndup(x->a, p, best));
        x->y += lead;
        lines++;
        p += best;
        while (*p == ' ') p++;
    }
    return lines;
}

static void footer(pdf_ctx *x)
{
    cairo_t *cr = x->cr;
    rgb(cr, 0x555555);
    font(cr, 7.5, false);
    double y = x->y;
    x->y = PAGE_H - 50;
    wrap(x, MARGIN, PAGE_W - 2 * MARGIN - 30, 9.5, msg_in(x->r->lang, MSG_REPORT_RULE));
    char pg[16];
    snprintf(pg, sizeof pg, "%d", x->page);
    text_at(cr, PAGE_W - MARGIN - width(cr, pg), PAGE_H - 50, pg);
    x->y = y;
}

static void room(pdf_ctx *x, double need)
{
    if (x->y + need <= BOTTOM) return;
    footer(x);
    cairo_show_page(x->cr);
    x->page++;
    x->y = MARGIN;
}

int insight_report_pdf(const insight_report *r, buf *out)
{
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(write_to_buf, out, PAGE_W, PAGE_H);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(s);
        return -1;
    }
    const char *L = r->lang;
    char title[400];
    snprintf(title, sizeof title, "%s: %s", msg_in(L, MSG_REPORT_TITLE), r->programme ? r->programme : "");
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, title);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "instroom");
    cairo_t *cr = cairo_create(s);
    arena a;
    arena_init(&a, 0);
    pdf_ctx x = {.cr = cr, .r = r, .a = &a, .y = MARGIN + 10, .page = 1};
    rgb(cr, 0x1a6b54);
    font(cr, 18, true);
    wrap(&x, MARGIN, PAGE_W - 2 * MARGIN, 22, title);
    x.y += 6;
    rgb(cr, 0x222222);
    font(cr, 10, false);
    const char *meta[][2] = {{msg_in(L, MSG_REPORT_PROGRAMME), r->programme},
                             {msg_in(L, MSG_REPORT_COHORTS), r->cohorts},
                             {msg_in(L, MSG_REPORT_DATE), r->date}};
    for (int i = 0; i < 3; i++)
        wrap(&x, MARGIN, PAGE_W - 2 * MARGIN, 14, arena_printf(&a, "%s: %s", meta[i][0], meta[i][1] ? meta[i][1] : ""));
    x.y += 6;
    rgb(cr, 0x444444);
    font(cr, 8.5, false);
    wrap(&x, MARGIN, PAGE_W - 2 * MARGIN, 11, msg_in(L, MSG_REPORT_RULE));
    x.y += 10;
    char v[64];
    const char *sec = NULL;
    for (int i = 0; i < r->n; i++) {
        const insight_report_row *row = &r->rows[i];
        if (!sec || strcmp(sec, row->section) != 0) {
            sec = row->section;
            room(&x, 44);
            x.y += 8;
            rgb(cr, 0x1a6b54);
            font(cr, 12, true);
            text_at(cr, MARGIN, x.y, row->section_label);
            x.y += 5;
            cairo_set_line_width(cr, 0.8);
            cairo_move_to(cr, MARGIN, x.y);
            cairo_line_to(cr, PAGE_W - MARGIN, x.y);
            cairo_stroke(cr);
            x.y += 14;
        }
        room(&x, 16);
        rgb(cr, 0x111111);
        font(cr, 10, false);
        text_at(cr, MARGIN, x.y, row->label);
        const char *val = insight_cell_text(&row->cell, L, false, v, sizeof v);
        if (row->cell.state == INSIGHT_CELL_WITHHELD) val = arena_printf(&a, "%s *", val);
        text_at(cr, PAGE_W - MARGIN - width(cr, val), x.y, val);
        x.y += 15;
    }
    if (r->withheld) {
        room(&x, 20);
        x.y += 6;
        font(cr, 8.5, false);
        rgb(cr, 0x444444);
        wrap(&x, MARGIN, PAGE_W - 2 * MARGIN, 11, arena_printf(&a, "* %s", msg_in(L, MSG_REPORT_FOOTNOTE)));
    }
    static const msg_id defs[] = {MSG_REPORT_DEF_FUNNEL, MSG_REPORT_DEF_CONTINUATION, MSG_REPORT_DEF_RETENTION,
                                  MSG_REPORT_DEF_WORKING, MSG_REPORT_DEF_COSTS};
    room(&x, 60);
    x.y += 12;
    rgb(cr, 0x1a6b54);
    font(cr, 12, true);
    text_at(cr, MARGIN, x.y, msg_in(L, MSG_REPORT_DEFINITIONS));
    x.y += 16;
    rgb(cr, 0x222222);
    font(cr, 8.5, false);
    for (size_t i = 0; i < sizeof defs / sizeof defs[0]; i++) {
        room(&x, 36);
        wrap(&x, MARGIN, PAGE_W - 2 * MARGIN, 11, msg_in(L, defs[i]));
        x.y += 4;
    }
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
