#!/usr/bin/python3
"""Reads an iCalendar file with the Debian python3-icalendar module and prints
its events as JSON: a list of {uid, summary, start_local, end_local, tz,
status}, start_local and end_local as "YYYY-MM-DDTHH:MM" in Europe/Amsterdam,
tz the TZID of DTSTART ("UTC" for a UTC time). Exits 2 with a message when the
file cannot be read or parsed, or an event lacks UID, DTSTART or DTEND.

Usage: /usr/bin/python3 tests/tools/ical_events.py FILE.ics
"""
import json
import sys
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import icalendar

AMS = ZoneInfo("Europe/Amsterdam")


def fail(msg):
    print(f"ical_events: {msg}", file=sys.stderr)
    sys.exit(2)


def local(prop, name):
    dt = prop.dt
    if not isinstance(dt, datetime):
        fail(f"{name} is a date, not a date-time")
    if dt.tzinfo is None:
        fail(f"{name} is a floating time (no TZID, no Z)")
    return dt.astimezone(AMS).strftime("%Y-%m-%dT%H:%M")


def tz_of(prop):
    tzid = prop.params.get("TZID")
    if tzid:
        return str(tzid)
    if prop.dt.utcoffset() == timezone.utc.utcoffset(None):
        return "UTC"
    return str(prop.dt.tzinfo)


def main(argv):
    if len(argv) != 2:
        fail("usage: ical_events.py FILE.ics")
    try:
        with open(argv[1], "rb") as f:
            data = f.read()
    except OSError as e:
        fail(f"cannot read {argv[1]}: {e.strerror}")
    try:
        cal = icalendar.Calendar.from_ical(data)
    except Exception as e:  # the module raises ValueError and others
        fail(f"cannot parse {argv[1]}: {e}")
    if cal.name != "VCALENDAR":
        fail(f"{argv[1]}: not a VCALENDAR but {cal.name}")
    events = []
    for ev in cal.walk("VEVENT"):
        for key in ("UID", "DTSTART", "DTEND"):
            if key not in ev:
                fail(f"{argv[1]}: an event without {key}")
        start, end = ev.decoded("DTSTART"), ev.decoded("DTEND")
        if end <= start:
            fail(f"{argv[1]}: event {ev['UID']} ends before it starts")
        events.append({
            "uid": str(ev["UID"]),
            "summary": str(ev.get("SUMMARY", "")),
            "start_local": local(ev["DTSTART"], "DTSTART"),
            "end_local": local(ev["DTEND"], "DTEND"),
            "tz": tz_of(ev["DTSTART"]),
            "status": str(ev.get("STATUS", "")),
        })
    json.dump(events, sys.stdout, ensure_ascii=False, indent=1)
    print()


if __name__ == "__main__":
    main(sys.argv)
