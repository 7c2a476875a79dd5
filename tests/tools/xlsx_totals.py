#!/usr/bin/python3
"""Reads an hours export as XLSX (with the Debian python3-openpyxl module) and
as CSV (deploy/export.h) and prints, as JSON, the totals per person and
organisation from the XLSX's shift sheet, its totals sheet and the CSV:
{"shifts_sheet": {...}, "totals_sheet": {...}, "csv": {...}, "same": bool},
each keyed "PERSON_ID|ORGANISATION" with {shifts, planned_hours,
worked_hours} (hours to two decimals). Also checks that every CSV line's
hours are its minutes to two decimals. Exits 1 when anything differs, 2 when
a file cannot be read.

Usage: /usr/bin/python3 tests/tools/xlsx_totals.py FILE.xlsx FILE.csv
"""
import csv
import json
import sys

import openpyxl

# Columns of a shift line (deploy/export.h).
PERSON_ID, ORG, PLANNED_HOURS, WORKED_HOURS, PLANNED_MIN, WORKED_MIN = 0, 3, 9, 10, 11, 12
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def fail(msg, code=2):
    print(f"xlsx_totals: {msg}", file=sys.stderr)
    sys.exit(code)


def add(totals, person_id, org, planned_min, worked_min):
    t = totals.setdefault(f"{int(person_id)}|{org}", {"shifts": 0, "planned": 0, "worked": 0})
    t["shifts"] += 1
    t["planned"] += int(planned_min)
    t["worked"] += int(worked_min)


def as_hours(totals):
    return {k: {"shifts": v["shifts"], "planned_hours": round(v["planned"] / 60, 2),
                "worked_hours": round(v["worked"] / 60, 2)} for k, v in sorted(totals.items())}


def unguard(s):
    """The text before csv_put_field put a ' in front of a would-be formula."""
    return s[1:] if len(s) > 1 and s[0] == "'" and s[1] in FORMULA_START else s


def main(argv):
    if len(argv) != 3:
        fail("usage: xlsx_totals.py FILE.xlsx FILE.csv")
    problems = []
    try:
        wb = openpyxl.load_workbook(argv[1], read_only=True, data_only=True)
    except Exception as e:  # zipfile.BadZipFile, KeyError, OSError, ...
        fail(f"cannot open {argv[1]}: {e}")
    if len(wb.worksheets) != 2:
        fail(f"{argv[1]}: {len(wb.worksheets)} sheets, expected 2 (shifts, totals)")
    shifts_ws, totals_ws = wb.worksheets
    shifts = {}
    for row in list(shifts_ws.iter_rows(values_only=True))[1:]:
        add(shifts, row[PERSON_ID], row[ORG] or "", row[PLANNED_MIN], row[WORKED_MIN])
    totals = {}
    for row in list(totals_ws.iter_rows(values_only=True))[1:]:
        key = f"{int(row[0])}|{row[2] or ''}"
        if key in totals:
            problems.append(f"totals sheet: {key} twice")
        totals[key] = {"shifts": int(row[3]), "planned_hours": round(row[4], 2), "worked_hours": round(row[5], 2)}
    from_csv = {}
    try:
        with open(argv[2], newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f))
    except (OSError, UnicodeDecodeError, csv.Error) as e:
        fail(f"cannot read {argv[2]}: {e}")
    for n, row in enumerate(rows[1:], start=2):
        if len(row) != 13:
            fail(f"{argv[2]} line {n}: {len(row)} fields, expected 13")
        for h, m in ((PLANNED_HOURS, PLANNED_MIN), (WORKED_HOURS, WORKED_MIN)):
            if row[h] != f"{int(row[m]) / 60:.2f}":
                problems.append(f"csv line {n}: {row[h]} hours for {row[m]} minutes")
        add(from_csv, row[PERSON_ID], unguard(row[ORG]), row[PLANNED_MIN], row[WORKED_MIN])
    result = {"shifts_sheet": as_hours(shifts), "totals_sheet": dict(sorted(totals.items())),
              "csv": as_hours(from_csv)}
    if result["shifts_sheet"] != result["totals_sheet"]:
        problems.append("the shift sheet and the totals sheet differ")
    if result["shifts_sheet"] != result["csv"]:
        problems.append("the workbook and the CSV differ")
    result["same"] = not problems
    result["problems"] = problems
    json.dump(result, sys.stdout, ensure_ascii=False, indent=1)
    print()
    sys.exit(0 if not problems else 1)


if __name__ == "__main__":
    main(sys.argv)
