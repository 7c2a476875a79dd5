/* deploy export: worked hours for payroll, per person per organisation per
 * period, as CSV (RFC 4180, UTF-8) and XLSX (libxlsxwriter). Both are
 * written from the same rows, so they hold the same figures:
 *   CSV: a header line, then one line per row in the order given, with the
 *        columns person_id, person, org_id, organisation, location, date
 *        (YYYY-MM-DD), start and end (HH:MM; both Amsterdam time, the date
 *        the start's), status (as stored), planned hours, worked hours (two
 *        decimals, a decimal point), planned minutes, worked minutes (the
 *        exact figures: sums of the rounded hours may be a cent off);
 *        nothing else (the totals are the sums per person and org);
 *   XLSX: sheet "Diensten"/"Shifts" with the same lines (the date a date
 *        cell, hours numbers shown with two decimals), and sheet
 *        "Totalen"/"Totals" with one line per person and organisation,
 *        ordered by name: person_id, person, organisation, shifts, planned
 *        hours, worked hours.
 * Header names and sheet names come from the catalogue (MSG_DEPLOY_COL_*,
 * MSG_DEPLOY_SHEET_*). */
#ifndef INSTROOM_DEPLOY_EXPORT_H
#define INSTROOM_DEPLOY_EXPORT_H

#include <stdint.h>

#include "base/buf.h"

typedef struct deploy_hours_row {
    int64_t person_id;
    const char *person;        /* name */
    int64_t org_id;
    const char *org;           /* organisation name */
    const char *location;
    int64_t starts_at, ends_at; /* UTC; shown in Amsterdam time */
    const char *status;        /* "worked", "missed" or "open" (not confirmed yet) */
    int planned_minutes;
    int worked_minutes;        /* confirmed minutes; 0 when missed or open */
} deploy_hours_row;

/* The rows as CSV in lang ("nl" or "en": header names; numbers always with a
 * decimal point, hours to two decimals) appended to out. Text a spreadsheet
 * would run as a formula is written with a ' in front (csv_put_field).
 * 0 or -1 (memory). */
int deploy_hours_csv(const deploy_hours_row *rows, int n, const char *lang, buf *out);
/* The rows as an XLSX workbook (see above) appended to out. 0 or -1. */
int deploy_hours_xlsx(const deploy_hours_row *rows, int n, const char *lang, buf *out);

#endif
