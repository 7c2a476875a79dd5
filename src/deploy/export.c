/* deploy export: worked hours as CSV and XLSX (see export.h). */
#include "deploy/export.h"

#include <assert.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>

#include "base/csv.h"
#include "base/file.h"
#include "base/time.h"
#include "http/i18n.h"

#define NCOLS 13

/* The headers of the shift lines, in column order. */
static const msg_id columns[NCOLS] = {
    MSG_DEPLOY_COL_PERSON_ID,     MSG_DEPLOY_COL_PERSON,         MSG_DEPLOY_COL_ORG_ID,
    MSG_DEPLOY_COL_ORG,           MSG_DEPLOY_COL_LOCATION,       MSG_DEPLOY_COL_DATE,
    MSG_DEPLOY_COL_START,         MSG_DEPLOY_COL_END,            MSG_DEPLOY_COL_STATUS,
    MSG_DEPLOY_COL_PLANNED_HOURS, MSG_DEPLOY_COL_WORKED_HOURS,   MSG_DEPLOY_COL_PLANNED_MINUTES,
    MSG_DEPLOY_COL_WORKED_MINUTES,
};

/* minutes (0 or more) as hours with two decimals ("7.50"), rounded to the
 * nearest hundredth (minutes * 5 / 3 hundredths is never halfway). */
static void format_hours(int minutes, char out[static 16])
{
    assert(minutes >= 0);
    int64_t h = ((int64_t)minutes * 5 + 1) / 3;
    snprintf(out, 16, "%" PRId64 ".%02" PRId64, h / 100, h % 100);
}

/* The texts of one row's date, start and end (Amsterdam time). */
typedef struct row_times {
    char date[11];
    char start[6];
    char end[6];
} row_times;

static void times_of(const deploy_hours_row *r, row_times *t)
{
    time_ams_date(r->starts_at, t->date);
    time_format_ams(t->start, sizeof t->start, r->starts_at, "%H:%M");
    time_format_ams(t->end, sizeof t->end, r->ends_at, "%H:%M");
}

int deploy_hours_csv(const deploy_hours_row *rows, int n, const char *lang, buf *out)
{
    const char *head[NCOLS];
    for (int c = 0; c < NCOLS; c++) head[c] = msg_in(lang, columns[c]);
    csv_put_row(out, head, NCOLS, 0);
    for (int i = 0; i < n; i++) {
        const deploy_hours_row *r = &rows[i];
        char pid[24], oid[24], ph[16], wh[16], pm[16], wm[16];
        snprintf(pid, sizeof pid, "%" PRId64, r->person_id);
        snprintf(oid, sizeof oid, "%" PRId64, r->org_id);
        format_hours(r->planned_minutes, ph);
        format_hours(r->worked_minutes, wh);
        snprintf(pm, sizeof pm, "%d", r->planned_minutes);
        snprintf(wm, sizeof wm, "%d", r->worked_minutes);
        row_times t;
        times_of(r, &t);
        const char *f[NCOLS] = {pid, r->person, oid, r->org, r->location, t.date, t.start, t.end, r->status,
                                ph,  wh,        pm,  wm};
        csv_put_row(out, f, NCOLS, 0);
    }
    return out->failed ? -1 : 0;
}

/* Orders rows by person (name, then id), then organisation (name, then id). */
static int by_person_org(const void *pa, const void *pb)
{
    const deploy_hours_row *a = *(const deploy_hours_row *const *)pa, *b = *(const deploy_hours_row *const *)pb;
    int c = strcmp(a->person ? a->person : "", b->person ? b->person : "");
    if (c) return c;
    if (a->person_id != b->person_id) return a->person_id < b->person_id ? -1 : 1;
    c = strcmp(a->org ? a->org : "", b->org ? b->org : "");
    if (c) return c;
    if (a->org_id != b->org_id) return a->org_id < b->org_id ? -1 : 1;
    return 0;
}

typedef struct workbook_ctx {
    const deploy_hours_row *rows;
    int n;
    const char *lang;
    const deploy_hours_row **sorted; /* the rows by person and organisation */
} workbook_ctx;

static const char *text(const char *s)
{
    return s ? s : "";
}

/* The sheet of shift lines. */
static void write_shifts(lxw_workbook *wb, const workbook_ctx *x, lxw_format *bold, lxw_format *hours,
                         lxw_format *day)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, msg_in(x->lang, MSG_DEPLOY_SHEET_SHIFTS));
    worksheet_set_column(ws, 1, 1, 24, NULL);
    worksheet_set_column(ws, 3, 4, 24, NULL);
    worksheet_set_column(ws, 5, 5, 11, NULL);
    worksheet_set_column(ws, 9, 12, 14, NULL);
    for (int c = 0; c < NCOLS; c++) worksheet_write_string(ws, 0, (lxw_col_t)c, msg_in(x->lang, columns[c]), bold);
    for (int i = 0; i < x->n; i++) {
        const deploy_hours_row *r = &x->rows[i];
        lxw_row_t row = (lxw_row_t)i + 1;
        row_times t;
        times_of(r, &t);
        struct tm tm;
        time_ams_local(r->starts_at, &tm);
        lxw_datetime date = {.year = tm.tm_year + 1900, .month = tm.tm_mon + 1, .day = tm.tm_mday};
        worksheet_write_number(ws, row, 0, (double)r->person_id, NULL);
        worksheet_write_string(ws, row, 1, text(r->person), NULL);
        worksheet_write_number(ws, row, 2, (double)r->org_id, NULL);
        worksheet_write_string(ws, row, 3, text(r->org), NULL);
        worksheet_write_string(ws, row, 4, text(r->location), NULL);
        worksheet_write_datetime(ws, row, 5, &date, day);
        worksheet_write_string(ws, row, 6, t.start, NULL);
        worksheet_write_string(ws, row, 7, t.end, NULL);
        worksheet_write_string(ws, row, 8, text(r->status), NULL);
        worksheet_write_number(ws, row, 9, r->planned_minutes / 60.0, hours);
        worksheet_write_number(ws, row, 10, r->worked_minutes / 60.0, hours);
        worksheet_write_number(ws, row, 11, r->planned_minutes, NULL);
        worksheet_write_number(ws, row, 12, r->worked_minutes, NULL);
    }
}

/* The sheet of totals per person and organisation. */
static void write_totals(lxw_workbook *wb, const workbook_ctx *x, lxw_format *bold, lxw_format *hours)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, msg_in(x->lang, MSG_DEPLOY_SHEET_TOTALS));
    worksheet_set_column(ws, 1, 2, 24, NULL);
    worksheet_set_column(ws, 3, 5, 14, NULL);
    const msg_id head[] = {MSG_DEPLOY_COL_PERSON_ID, MSG_DEPLOY_COL_PERSON,        MSG_DEPLOY_COL_ORG,
                           MSG_DEPLOY_SHEET_SHIFTS,  MSG_DEPLOY_COL_PLANNED_HOURS, MSG_DEPLOY_COL_WORKED_HOURS};
    for (int c = 0; c < 6; c++) worksheet_write_string(ws, 0, (lxw_col_t)c, msg_in(x->lang, head[c]), bold);
    lxw_row_t row = 1;
    for (int i = 0; i < x->n;) {
        const deploy_hours_row *r = x->sorted[i];
        int shifts = 0;
        int64_t planned = 0, worked = 0;
        for (; i < x->n && x->sorted[i]->person_id == r->person_id && x->sorted[i]->org_id == r->org_id; i++) {
            shifts++;
            planned += x->sorted[i]->planned_minutes;
            worked += x->sorted[i]->worked_minutes;
        }
        worksheet_write_number(ws, row, 0, (double)r->person_id, NULL);
        worksheet_write_string(ws, row, 1, text(r->person), NULL);
        worksheet_write_string(ws, row, 2, text(r->org), NULL);
        worksheet_write_number(ws, row, 3, shifts, NULL);
        worksheet_write_number(ws, row, 4, (double)planned / 60.0, hours);
        worksheet_write_number(ws, row, 5, (double)worked / 60.0, hours);
        row++;
    }
}

/* Writes the workbook of ctx (a workbook_ctx) to path; 0 or -1. */
static int write_workbook(const char *path, void *ctx)
{
    const workbook_ctx *x = ctx;
    lxw_workbook_options opt = {.constant_memory = LXW_FALSE, .tmpdir = NULL};
    lxw_workbook *wb = workbook_new_opt(path, &opt);
    if (!wb) return -1;
    workbook_set_properties(wb, &(lxw_doc_properties){.author = "instroom"});
    lxw_format *bold = workbook_add_format(wb);
    format_set_bold(bold);
    lxw_format *hours = workbook_add_format(wb);
    format_set_num_format(hours, "0.00");
    lxw_format *day = workbook_add_format(wb);
    format_set_num_format(day, "yyyy-mm-dd");
    write_shifts(wb, x, bold, hours, day);
    write_totals(wb, x, bold, hours);
    return workbook_close(wb) == LXW_NO_ERROR ? 0 : -1;
}

int deploy_hours_xlsx(const deploy_hours_row *rows, int n, const char *lang, buf *out)
{
    workbook_ctx x = {.rows = rows, .n = n, .lang = lang};
    x.sorted = malloc((size_t)(n > 0 ? n : 1) * sizeof *x.sorted);
    if (!x.sorted) return -1;
    for (int i = 0; i < n; i++) x.sorted[i] = &rows[i];
    qsort(x.sorted, (size_t)n, sizeof *x.sorted, by_person_org);
    int rc = file_via_temp("instroom-hours", write_workbook, &x, out);
    free(x.sorted);
    return rc;
}
