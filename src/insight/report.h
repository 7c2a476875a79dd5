/* insight report: the anonymised funder report of a programme or one of its
 * cohorts, built from insight_figures only (no names, no ids of people).
 * insight_report_build turns the figures into rows whose every cell went
 * through insight_suppress (report_model.h); the HTML page (made to print),
 * the CSV, the XLSX (report_xlsx.c, libxlsxwriter) and the PDF
 * (report_pdf.c, cairo) are all written from those rows, so every format
 * shows the same figures and none shows a count below 5. POLICY_INSIGHT read. */
#ifndef INSTROOM_INSIGHT_REPORT_H
#define INSTROOM_INSIGHT_REPORT_H

#include <stdbool.h>

#include "base/arena.h"
#include "base/buf.h"
#include "insight/insight.h"
#include "insight/report_model.h"

typedef struct insight_report_row {
    const char *section;        /* machine key: funnel, continuation, retention, dropout_phase, ... */
    const char *section_label;  /* in the report's language */
    const char *measure;        /* machine key of the row within its section */
    const char *label;          /* in the report's language */
    insight_cell cell;
} insight_report_row;

typedef struct insight_report {
    const char *lang;           /* "nl" or "en" */
    const char *programme;      /* the programme's name */
    const char *cohorts;        /* the cohort, or the programme's cohorts, comma-separated */
    const char *date;           /* YYYY-MM-DD: the figures as of this day */
    insight_report_row *rows;
    int n;
    bool withheld;              /* some share or amount per head is withheld ("—" with the footnote) */
} insight_report;

/* Builds the report of f (in a). cohorts is the text for the cohort line. 0 or -1 (memory). */
int insight_report_build(const insight_figures *f, const char *lang, const char *date, const char *cohorts, arena *a,
                         insight_report *out);
/* The report as CSV (RFC 4180, UTF-8, comma): section,measure,label,value;
 * the first rows (section "report") say programme, cohorts, date and rule. */
void insight_report_csv(const insight_report *r, buf *out);
/* The report as an XLSX workbook (one sheet, the CSV's rows and columns;
 * shown figures as numbers). 0 or -1. */
int insight_report_xlsx(const insight_report *r, buf *out);
/* The report as an A4 PDF (cairo, DejaVu Sans). 0 or -1. */
int insight_report_pdf(const insight_report *r, buf *out);
/* The value of a cell as the CSV and the XLSX write it ("12", "<5", "—", "62.5", "1234.56"). */
const char *insight_report_value(const insight_report_row *row, char *out, size_t n);

#endif
