/* insight report as XLSX (libxlsxwriter): one sheet with the CSV's columns
 * and rows; a shown count is an integer, a percentage and an amount a number
 * (with a number format), and "<5" and "—" stay text, as in the CSV. The
 * workbook goes through a private temporary file (file_via_temp:
 * libxlsxwriter 1.1.4 writes files only). */
#include <string.h>
#include <xlsxwriter.h>

#include "base/file.h"
#include "http/i18n.h"
#include "insight/report.h"

/* Writes the workbook of the report ctx to path; 0 or -1. */
static int write_workbook(const char *path, void *ctx)
{
    const insight_report *r = ctx;
    lxw_workbook_options opt = {.constant_memory = LXW_FALSE, .tmpdir = NULL};
    lxw_workbook *wb = workbook_new_opt(path, &opt);
    if (!wb) return -1;
    const char *L = r->lang;
    workbook_set_properties(wb, &(lxw_doc_properties){.title = (char *)msg_in(L, MSG_REPORT_TITLE),
                                                        .author = "instroom",
                                                        .comments = (char *)msg_in(L, MSG_REPORT_RULE)});
    lxw_worksheet *ws = workbook_add_worksheet(wb, strcmp(L, "en") == 0 ? "Report" : "Rapportage");
    lxw_format *bold = workbook_add_format(wb);
    format_set_bold(bold);
    lxw_format *pct = workbook_add_format(wb);
    format_set_num_format(pct, "0.0");
    lxw_format *money = workbook_add_format(wb);
    format_set_num_format(money, "#,##0.00");
    lxw_format *right = workbook_add_format(wb);
    format_set_align(right, LXW_ALIGN_RIGHT);
    worksheet_set_column(ws, 0, 1, 16, NULL);
    worksheet_set_column(ws, 2, 2, 48, NULL);
    worksheet_set_column(ws, 3, 3, 14, NULL);
    static const char *const head[] = {"section", "measure", "label", "value"};
    for (int c = 0; c < 4; c++) worksheet_write_string(ws, 0, (lxw_col_t)c, head[c], bold);
    const char *meta[][3] = {{"programme", msg_in(L, MSG_REPORT_PROGRAMME), r->programme},
                             {"cohorts", msg_in(L, MSG_REPORT_COHORTS), r->cohorts},
                             {"date", msg_in(L, MSG_REPORT_DATE), r->date},
                             {"rule", msg_in(L, MSG_REPORT_RULE_TITLE), msg_in(L, MSG_REPORT_RULE)}};
    lxw_row_t row = 1;
    for (int i = 0; i < 4; i++, row++) {
        worksheet_write_string(ws, row, 0, "report", NULL);
        worksheet_write_string(ws, row, 1, meta[i][0], NULL);
        worksheet_write_string(ws, row, 2, meta[i][1], NULL);
        worksheet_write_string(ws, row, 3, meta[i][2] ? meta[i][2] : "", NULL);
    }
    char v[64];
    for (int i = 0; i < r->n; i++, row++) {
        const insight_report_row *x = &r->rows[i];
        worksheet_write_string(ws, row, 0, x->section, NULL);
        worksheet_write_string(ws, row, 1, x->measure, NULL);
        worksheet_write_string(ws, row, 2, x->label, NULL);
        const insight_cell *c = &x->cell;
        if (c->state != INSIGHT_CELL_SHOWN) {
            worksheet_write_string(ws, row, 3, insight_report_value(x, v, sizeof v), right);
            continue;
        }
        switch (c->kind) {
        case INSIGHT_CELL_COUNT: worksheet_write_number(ws, row, 3, (double)c->value, NULL); break;
        case INSIGHT_CELL_PCT: worksheet_write_number(ws, row, 3, (double)c->value / 10.0, pct); break;
        case INSIGHT_CELL_PER_HEAD:
        case INSIGHT_CELL_MONEY: worksheet_write_number(ws, row, 3, (double)c->value / 100.0, money); break;
        }
    }
    return workbook_close(wb) == LXW_NO_ERROR ? 0 : -1;
}

int insight_report_xlsx(const insight_report *r, buf *out)
{
    return file_via_temp("instroom-report", write_workbook, (void *)r, out);
}
