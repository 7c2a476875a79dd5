/* deploy io: the iCalendar feed (exact text: escaping, folding of UTF-8,
 * local times on both sides of the autumn change, a cancelled event) and
 * the hours export (exact CSV bytes, an XLSX that is a zip with both
 * sheets), and the round trip through python3-icalendar and openpyxl
 * (tests/tools/ical_events.py and xlsx_totals.py). */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/buf.h"
#include "deploy/export.h"
#include "deploy/ical.h"

#ifndef INSTROOM_SOURCE_ROOT
#define INSTROOM_SOURCE_ROOT "."
#endif

#define VTIMEZONE                                                                                                      \
    "BEGIN:VTIMEZONE\r\n"                                                                                              \
    "TZID:Europe/Amsterdam\r\n"                                                                                        \
    "BEGIN:DAYLIGHT\r\n"                                                                                               \
    "TZOFFSETFROM:+0100\r\n"                                                                                           \
    "TZOFFSETTO:+0200\r\n"                                                                                             \
    "TZNAME:CEST\r\n"                                                                                                  \
    "DTSTART:19700329T020000\r\n"                                                                                      \
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n"                                                                       \
    "END:DAYLIGHT\r\n"                                                                                                 \
    "BEGIN:STANDARD\r\n"                                                                                               \
    "TZOFFSETFROM:+0200\r\n"                                                                                           \
    "TZOFFSETTO:+0100\r\n"                                                                                             \
    "TZNAME:CET\r\n"                                                                                                   \
    "DTSTART:19701025T030000\r\n"                                                                                      \
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n"                                                                      \
    "END:STANDARD\r\n"                                                                                                 \
    "END:VTIMEZONE\r\n"

#define HEAD(calname)                                                                                                  \
    "BEGIN:VCALENDAR\r\n"                                                                                              \
    "VERSION:2.0\r\n"                                                                                                  \
    "PRODID:-//instroom//deploy//NL\r\n"                                                                               \
    "CALSCALE:GREGORIAN\r\n"                                                                                           \
    "METHOD:PUBLISH\r\n"                                                                                               \
    "X-WR-CALNAME:" calname "\r\n"                                                                                     \
    "X-WR-TIMEZONE:Europe/Amsterdam\r\n" VTIMEZONE

/* The summary of the second event: 74 octets on the first line, because
 * octet 75 is inside the "—". */
#define LONG_SUMMARY                                                                                                   \
    "Dienst Zorgcentrum 't Ångströmhuis, afdeling Één in Bennekom — koffie, wandelen en een praatje met bewoners "     \
    "in de tuin van het huis"

/* The night shift of Saturday 24 October 2026 (22:00 CEST - 07:00 CET) and
 * a cancelled one starting at the second 02:30 of the autumn night. */
static const deploy_ical_event events[] = {
    {.id = 41,
     .starts_at = 1792872000,
     .ends_at = 1792908000,
     .summary = "Dienst Opella",
     .location = "Opella, De Hoven; Bennekom",
     .description = "Taken:\r\nkoffie\\thee\a\tbij de bar\x7f\n",
     .updated_at = 1790000000},
    {.id = 42, .starts_at = 1792891800, .ends_at = 1792902600, .summary = LONG_SUMMARY, .updated_at = 1791000000,
     .cancelled = true},
};

static const char expected_ics[] =
    HEAD("Diensten van Sanne\\, zomer 2026")
    "BEGIN:VEVENT\r\n"
    "UID:deploy-41@instroom.example\r\n"
    "DTSTAMP:20260621T000000Z\r\n"
    "DTSTART;TZID=Europe/Amsterdam:20261024T220000\r\n"
    "DTEND;TZID=Europe/Amsterdam:20261025T070000\r\n"
    "SUMMARY:Dienst Opella\r\n"
    "LOCATION:Opella\\, De Hoven\\; Bennekom\r\n"
    "DESCRIPTION:Taken:\\nkoffie\\\\thee\tbij de bar\\n\r\n"
    "LAST-MODIFIED:20260921T141320Z\r\n"
    "SEQUENCE:29833333\r\n"
    "STATUS:CONFIRMED\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\n"
    "UID:deploy-42@instroom.example\r\n"
    "DTSTAMP:20260621T000000Z\r\n"
    "DTSTART:20261025T013000Z\r\n"
    "DTEND;TZID=Europe/Amsterdam:20261025T053000\r\n"
    "SUMMARY:Dienst Zorgcentrum 't Ångströmhuis\\, afdeling Één in Bennekom \r\n"
    " — koffie\\, wandelen en een praatje met bewoners in de tuin van het huis\r\n"
    "LAST-MODIFIED:20261003T040000Z\r\n"
    "SEQUENCE:29850000\r\n"
    "STATUS:CANCELLED\r\n"
    "END:VEVENT\r\n"
    "END:VCALENDAR\r\n";

#define NOW 1782000000 /* 2026-06-21T00:00:00Z */

Test(deploy_ical, a_small_calendar_exactly)
{
    buf b;
    buf_init(&b, 0);
    cr_assert_eq(deploy_ical_write(&b, "Diensten van Sanne, zomer 2026", "instroom.example", events, 2, NOW), 0);
    cr_assert_str_eq(buf_cstr(&b), expected_ics);
    /* Every line ends in CRLF and has at most 75 octets. */
    const char *p = b.data;
    for (const char *nl; (nl = strstr(p, "\r\n")) != NULL; p = nl + 2) {
        cr_assert_leq(nl - p, 75);
        cr_assert_null(memchr(p, '\n', (size_t)(nl - p)), "a bare LF");
    }
    cr_assert_eq(*p, '\0', "ends with CRLF");
    buf_free(&b);
}

Test(deploy_ical, an_empty_calendar)
{
    buf b;
    buf_init(&b, 0);
    cr_assert_eq(deploy_ical_write(&b, NULL, "instroom.example", NULL, 0, NOW), 0);
    cr_assert_str_eq(buf_cstr(&b), HEAD("") "END:VCALENDAR\r\n");
    buf_free(&b);
}

/* The calendar named name, folded. */
static char *calname_line(const char *name)
{
    buf b;
    buf_init(&b, 0);
    cr_assert_eq(deploy_ical_write(&b, name, "x", NULL, 0, NOW), 0);
    const char *s = strstr(buf_cstr(&b), "X-WR-CALNAME");
    const char *e = strstr(s, "\r\nX-WR-TIMEZONE");
    char *line = strndup(s, (size_t)(e - s));
    buf_free(&b);
    return line;
}

Test(deploy_ical, folding_at_75_octets)
{
    /* "X-WR-CALNAME:" is 13 octets: 62 more fill a line exactly. */
    char name[300];
    memset(name, 'a', 62);
    name[62] = '\0';
    char *l = calname_line(name);
    cr_assert_eq(strlen(l), 75);
    cr_assert_null(strchr(l, '\r'));
    free(l);
    /* One more goes to a second line, after a space. */
    name[62] = 'b';
    name[63] = '\0';
    l = calname_line(name);
    cr_assert_eq(strlen(l), 75 + 3 + 1);
    cr_assert_str_eq(l + 75, "\r\n b");
    free(l);
    /* Continuation lines hold 74 octets after their space. */
    memset(name, 'c', 62 + 74 + 1);
    name[62 + 74 + 1] = '\0';
    l = calname_line(name);
    cr_assert_eq(strlen(l), 75 + 2 + 75 + 2 + 2);
    cr_assert_eq(strncmp(l + 75, "\r\n c", 4), 0);
    cr_assert_str_eq(l + 75 + 2 + 75, "\r\n c");
    free(l);
    /* A two-octet character across the 75th octet moves to the next line whole. */
    memset(name, 'a', 61);
    memcpy(name + 61, "é!", sizeof "é!"); /* octets 75 and 76 */
    l = calname_line(name);
    cr_assert_eq(strlen(l), 74 + 2 + 1 + 3);
    cr_assert_str_eq(l + 74, "\r\n é!");
    free(l);
    /* Escapes count as the octets they take. */
    memset(name, 'a', 61);
    memcpy(name + 61, ",x", sizeof ",x"); /* "\," are octets 75 and 76 */
    l = calname_line(name);
    cr_assert_str_eq(l + 75, "\r\n ,x");
    cr_assert_eq(l[74], '\\');
    free(l);
    /* A lone CR is a line end too. */
    l = calname_line("a\rb\r\nc");
    cr_assert_str_eq(l, "X-WR-CALNAME:a\\nb\\nc");
    free(l);
    /* Not UTF-8: a run of continuation octets longer than a line is cut anyway. */
    memset(name, 0x80, 200);
    name[200] = '\0';
    l = calname_line(name);
    cr_assert_eq(strlen(l), 12 + 2 + 75 + 2 + 75 + 2 + 54, "%zu", strlen(l));
    cr_assert_eq(strncmp(l, "X-WR-CALNAME\r\n :", 16), 0, "the fold goes back to the last start of a character");
    free(l);
}

Test(deploy_ical, out_of_room)
{
    buf b;
    buf_init(&b, 200);
    cr_assert_eq(deploy_ical_write(&b, "x", "instroom.example", events, 2, NOW), -1);
    buf_free(&b);
    /* A line longer than the whole buffer may be. */
    static char big[5000];
    memset(big, 'x', sizeof big - 1);
    deploy_ical_event ev = events[0];
    ev.summary = big;
    buf_init(&b, 4000);
    cr_assert_eq(deploy_ical_write(&b, "x", "instroom.example", &ev, 1, NOW), -1);
    buf_free(&b);
}

/* ---- hours export ---- */

static const deploy_hours_row hours[] = {
    {.person_id = 5, .person = "Jansen, Piet", .org_id = 2, .org = "Opella", .location = "De Hoven",
     .starts_at = 1782711000, .ends_at = 1782725400, .status = "worked", .planned_minutes = 240,
     .worked_minutes = 225},
    {.person_id = 6, .person = "Sanne \"Zus\" de Vries", .org_id = 3, .org = "Sante Partners", .location = NULL,
     .starts_at = 1792872000, .ends_at = 1792908000, .status = "open", .planned_minutes = 600, .worked_minutes = 0},
    {.person_id = 5, .person = "Jansen, Piet", .org_id = 2, .org = "Opella", .location = "=Tuin",
     .starts_at = 1774762200, .ends_at = 1774776600, .status = "missed", .planned_minutes = 240,
     .worked_minutes = 0},
    {.person_id = 5, .person = "Jansen, Piet", .org_id = 3, .org = "Sante Partners", .location = "Ede",
     .starts_at = 1782889200, .ends_at = 1782892200, .status = "worked", .planned_minutes = 50,
     .worked_minutes = 20},
};
#define NHOURS ((int)(sizeof hours / sizeof hours[0]))

static const char expected_csv[] =
    "Persoon-id,Naam,Organisatie-id,Organisatie,Locatie,Datum,Begin,Eind,Status,Uren gepland,Uren gewerkt,"
    "Minuten gepland,Minuten gewerkt\r\n"
    "5,\"Jansen, Piet\",2,Opella,De Hoven,2026-06-29,07:30,11:30,worked,4.00,3.75,240,225\r\n"
    "6,\"Sanne \"\"Zus\"\" de Vries\",3,Sante Partners,,2026-10-24,22:00,07:00,open,10.00,0.00,600,0\r\n"
    "5,\"Jansen, Piet\",2,Opella,'=Tuin,2026-03-29,07:30,11:30,missed,4.00,0.00,240,0\r\n"
    "5,\"Jansen, Piet\",3,Sante Partners,Ede,2026-07-01,09:00,09:50,worked,0.83,0.33,50,20\r\n";

Test(deploy_export, csv_exactly)
{
    buf b;
    buf_init(&b, 0);
    cr_assert_eq(deploy_hours_csv(hours, NHOURS, "nl", &b), 0);
    cr_assert_str_eq(buf_cstr(&b), expected_csv);
    buf_reset(&b);
    cr_assert_eq(deploy_hours_csv(hours, 1, "en", &b), 0);
    cr_assert_str_eq(buf_cstr(&b), "Person id,Name,Organisation id,Organisation,Location,Date,Start,End,Status,"
                                   "Planned hours,Worked hours,Planned minutes,Worked minutes\r\n"
                                   "5,\"Jansen, Piet\",2,Opella,De Hoven,2026-06-29,07:30,11:30,worked,4.00,3.75,"
                                   "240,225\r\n");
    buf_reset(&b);
    cr_assert_eq(deploy_hours_csv(hours, 0, "en", &b), 0);
    cr_assert_eq(strchr(buf_cstr(&b), '\n') - buf_cstr(&b), (long)b.len - 1, "the header alone");
    buf_free(&b);
}

Test(deploy_export, hours_to_two_decimals)
{
    /* minutes -> hours, rounded to the nearest hundredth. */
    const int minutes[] = {0, 1, 2, 10, 20, 40, 50, 59, 61, 89, 1440};
    const char *shown[] = {"0.00", "0.02", "0.03", "0.17", "0.33", "0.67", "0.83", "0.98", "1.02", "1.48", "24.00"};
    for (int i = 0; i < 11; i++) {
        deploy_hours_row r = hours[0];
        r.planned_minutes = minutes[i];
        buf b;
        buf_init(&b, 0);
        cr_assert_eq(deploy_hours_csv(&r, 1, "nl", &b), 0);
        char want[64];
        snprintf(want, sizeof want, ",worked,%s,3.75,%d,225\r\n", shown[i], minutes[i]);
        cr_assert(strstr(buf_cstr(&b), want) != NULL, "%d minutes: %s", minutes[i], buf_cstr(&b));
        buf_free(&b);
    }
}

Test(deploy_export, csv_out_of_room)
{
    buf b;
    buf_init(&b, 300);
    cr_assert_eq(deploy_hours_csv(hours, NHOURS, "nl", &b), -1);
    buf_free(&b);
}

/* True when the bytes of b hold name (a zip entry's name is stored as is). */
static bool has(const buf *b, const char *name)
{
    return memmem(b->data, b->len, name, strlen(name)) != NULL;
}

Test(deploy_export, xlsx_is_a_workbook)
{
    buf b;
    buf_init(&b, 0);
    cr_assert_eq(deploy_hours_xlsx(hours, NHOURS, "nl", &b), 0);
    cr_assert_gt(b.len, 1000);
    cr_assert_eq(memcmp(b.data, "PK\x03\x04", 4), 0, "a zip local file header first");
    /* The end of central directory record: at most 22 octets + comment from the end. */
    const char *eocd = NULL;
    for (size_t k = 0; !eocd && k <= 256 && k + 22 <= b.len; k++)
        if (memcmp(b.data + b.len - 22 - k, "PK\x05\x06", 4) == 0) eocd = b.data + b.len - 22 - k;
    cr_assert_not_null(eocd, "an end of central directory record");
    unsigned entries = (unsigned char)eocd[10] | (unsigned char)eocd[11] << 8;
    cr_assert_geq(entries, 8, "the parts of a workbook with two sheets (%u)", entries);
    cr_assert(has(&b, "xl/workbook.xml"));
    cr_assert(has(&b, "xl/worksheets/sheet1.xml"));
    cr_assert(has(&b, "xl/worksheets/sheet2.xml"));
    cr_assert(has(&b, "[Content_Types].xml"));
    buf_free(&b);
    /* No rows: still a workbook. */
    buf_init(&b, 0);
    cr_assert_eq(deploy_hours_xlsx(NULL, 0, "en", &b), 0);
    cr_assert_eq(memcmp(b.data, "PK\x03\x04", 4), 0);
    buf_free(&b);
    /* Too little room. */
    buf_init(&b, 1000);
    cr_assert_eq(deploy_hours_xlsx(hours, NHOURS, "nl", &b), -1);
    buf_free(&b);
}

/* ---- round trip through the Debian python modules ---- */

#define PYTHON "/usr/bin/python3"

/* Writes the n bytes to dir/name; the path in path. */
static void write_file(const char *dir, const char *name, const char *data, size_t n, char *path, size_t size)
{
    snprintf(path, size, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f, "%s", path);
    cr_assert_eq(fwrite(data, 1, n, f), n);
    cr_assert_eq(fclose(f), 0);
}

/* Runs the script with the arguments; its exit status, its output in out. */
static int run_script(const char *script, const char *a1, const char *a2, buf *out)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "%s %s/tests/tools/%s '%s' %s%s%s 2>&1", PYTHON, INSTROOM_SOURCE_ROOT, script, a1,
             a2 ? "'" : "", a2 ? a2 : "", a2 ? "'" : "");
    FILE *p = popen(cmd, "r");
    cr_assert_not_null(p);
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, p)) > 0) buf_append(out, chunk, n);
    int st = pclose(p);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

Test(deploy_roundtrip, python_reads_the_feed_and_the_workbook)
{
    if (access(PYTHON, X_OK) != 0) cr_skip_test("no " PYTHON ": the round trip through python3-icalendar and "
                                                "python3-openpyxl is not checked (scripts/bootstrap installs them)");
    char dir[] = "/tmp/instroom-deploy-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char ics[512], xlsx[512], csv[512], other[512], broken[512];
    buf b, out;
    buf_init(&b, 0);
    buf_init(&out, 0);
    cr_assert_eq(deploy_ical_write(&b, "Diensten van Sanne", "instroom.example", events, 2, NOW), 0);
    write_file(dir, "feed.ics", b.data, b.len, ics, sizeof ics);
    cr_assert_eq(run_script("ical_events.py", ics, NULL, &out), 0, "%s", buf_cstr(&out));
    const char *json = buf_cstr(&out);
    cr_assert(strstr(json, "\"uid\": \"deploy-41@instroom.example\"") != NULL, "%s", json);
    cr_assert(strstr(json, "\"start_local\": \"2026-10-24T22:00\"") != NULL, "%s", json);
    cr_assert(strstr(json, "\"end_local\": \"2026-10-25T07:00\"") != NULL, "%s", json);
    cr_assert(strstr(json, "\"tz\": \"Europe/Amsterdam\"") != NULL, "%s", json);
    cr_assert(strstr(json, "\"status\": \"CONFIRMED\"") != NULL, "%s", json);
    cr_assert(strstr(json, "\"start_local\": \"2026-10-25T02:30\"") != NULL, "the second 02:30: %s", json);
    cr_assert(strstr(json, "\"end_local\": \"2026-10-25T05:30\"") != NULL, "%s", json);
    cr_assert(strstr(json, "\"status\": \"CANCELLED\"") != NULL, "%s", json);
    cr_assert(strstr(json, "\"summary\": \"" LONG_SUMMARY "\"") != NULL, "unfolded and unescaped: %s", json);
    /* A file that is not iCalendar is refused with a message. */
    const char *bad = "BEGIN:VEVENT\r\nDTSTART;TZID=X:2026\r\n";
    write_file(dir, "broken.ics", bad, strlen(bad), broken, sizeof broken);
    buf_reset(&out);
    cr_assert_eq(run_script("ical_events.py", broken, NULL, &out), 2, "%s", buf_cstr(&out));
    cr_assert(strstr(buf_cstr(&out), "ical_events: ") != NULL, "%s", buf_cstr(&out));

    buf_reset(&b);
    cr_assert_eq(deploy_hours_xlsx(hours, NHOURS, "nl", &b), 0);
    write_file(dir, "hours.xlsx", b.data, b.len, xlsx, sizeof xlsx);
    buf_reset(&b);
    cr_assert_eq(deploy_hours_csv(hours, NHOURS, "nl", &b), 0);
    write_file(dir, "hours.csv", b.data, b.len, csv, sizeof csv);
    buf_reset(&out);
    cr_assert_eq(run_script("xlsx_totals.py", xlsx, csv, &out), 0, "%s", buf_cstr(&out));
    json = buf_cstr(&out);
    cr_assert(strstr(json, "\"5|Opella\": {\n   \"shifts\": 2,\n   \"planned_hours\": 8.0,\n   \"worked_hours\": 3.75")
                  != NULL, "%s", json);
    cr_assert(strstr(json, "\"same\": true") != NULL, "%s", json);
    /* A CSV of other rows: the totals differ, exit 1. */
    buf_reset(&b);
    cr_assert_eq(deploy_hours_csv(hours, NHOURS - 1, "nl", &b), 0);
    write_file(dir, "other.csv", b.data, b.len, other, sizeof other);
    buf_reset(&out);
    cr_assert_eq(run_script("xlsx_totals.py", xlsx, other, &out), 1, "%s", buf_cstr(&out));
    cr_assert(strstr(buf_cstr(&out), "the workbook and the CSV differ") != NULL, "%s", buf_cstr(&out));
    buf_reset(&out);
    cr_assert_eq(run_script("xlsx_totals.py", csv, csv, &out), 2, "a CSV is no workbook: %s", buf_cstr(&out));

    unlink(ics);
    unlink(broken);
    unlink(xlsx);
    unlink(csv);
    unlink(other);
    cr_assert_eq(rmdir(dir), 0);
    buf_free(&b);
    buf_free(&out);
}
