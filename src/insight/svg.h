/* insight/svg: the charts as SVG written on the server, readable without
 * JavaScript: each is a <figure> with an <svg role="img"> that has a <title>
 * and a <desc>, text labels on the bars and axes, and a table with the same
 * numbers next to it. Every text goes through the escaping writer. */
#ifndef INSTROOM_INSIGHT_SVG_H
#define INSTROOM_INSIGHT_SVG_H

#include "base/buf.h"
#include "http/http.h"
#include "insight/insight.h"

/* One curve of a retention chart. */
typedef struct insight_series {
    const char *label;            /* cohort or programme name */
    const insight_km_step *km;
    int nkm;
} insight_series;

/* Numbers as people read them in the request's language ("75,0 %" / "75.0 %"). */
char *insight_fmt_pct(http_request *req, double pct);
/* Cents as euros ("€ 1.234,56" / "€1,234.56"); -1 gives the "not known yet" text. */
char *insight_fmt_money(http_request *req, int64_t cents);

/* A horizontal bar chart of n counts with their labels. id must be unique on
 * the page (letters, digits, '-'); title heads the figure and the table, head
 * its first column. */
void insight_svg_bars(http_request *req, buf *b, const char *id, const char *title, const char *desc, const char *head,
                      const char *const *labels, const int64_t *values, int n);
/* The funnel of f: applied, selected, then each outcome up to employed. */
void insight_svg_funnel(http_request *req, buf *b, const insight_figures *f);
/* Continuation into BBL as a bar against the target's line. */
void insight_svg_continuation(http_request *req, buf *b, const insight_figures *f);
/* Kaplan-Meier curves with their 95 % bands, one per series, and a table of
 * the steps where someone stopped for each. */
void insight_svg_retention(http_request *req, buf *b, const char *id, const insight_series *s, int n);
/* Dropout by phase and by reason, two bar charts. */
void insight_svg_dropout(http_request *req, buf *b, const insight_figures *f);

/* The label of a reason key, or of a phase key ("" is the unknown phase). */
const char *insight_reason_label(http_request *req, const char *key);

#endif
