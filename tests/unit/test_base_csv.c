#include <criterion/criterion.h>
#include <string.h>

#include "base/csv.h"

static arena A;
static void setup(void) { arena_init(&A, 0); }
static void teardown(void) { arena_free(&A); }
TestSuite(csv, .init = setup, .fini = teardown);

/* Reads all rows of s; returns the count, or -1 with the reader's error. */
static int read_all(csv_reader *r, const char *s, size_t n, char sep, csv_encoding enc, csv_row *rows, int max)
{
    if (csv_open(r, &A, s, n, sep, enc) != 0) return -1;
    int k = 0, rc;
    while (k < max && (rc = csv_next(r, &rows[k])) == 1) k++;
    return rc < 0 ? -1 : k;
}

Test(csv, excel_dutch_export)
{
    /* What Excel writes in a Dutch locale: Windows-1252, ';', CRLF, quotes. */
    const char *s = "naam;e-mail;motivatie\r\n"
                    "Zo\xeb de Groot;zoe@voorbeeld.nl;\"Ik wil \"\"echt\"\" helpen; ook 's avonds\r\nen in het weekend\"\r\n"
                    "\r\n"
                    "Jos\xe9;jose@voorbeeld.nl;\x80 5 reiskosten\r\n";
    csv_reader r;
    csv_row rows[8];
    int n = read_all(&r, s, strlen(s), 0, CSV_ENC_AUTO, rows, 8);
    cr_assert_eq(n, 3, "%s", r.error);
    cr_assert_eq(r.sep, ';');
    cr_assert_eq(r.encoding, CSV_ENC_CP1252);
    cr_assert_str_eq(rows[1].fields[0], "Zo\xc3\xab de Groot");
    cr_assert_str_eq(rows[1].fields[2], "Ik wil \"echt\" helpen; ook 's avonds\r\nen in het weekend");
    cr_assert_eq(rows[1].line, 2);
    cr_assert_eq(rows[2].line, 5, "quoted newlines and blank lines count (got %d)", rows[2].line);
    cr_assert_str_eq(rows[2].fields[0], "Jos\xc3\xa9");
    cr_assert_str_eq(rows[2].fields[2], "\xe2\x82\xac 5 reiskosten");
    cr_assert_eq(r.pos, r.len, "progress reaches the end of the (converted) text");
}

Test(csv, utf8_with_bom_commas_and_empty_fields)
{
    const char *s = "\xef\xbb\xbf" "a,b,c\n1,,\"\"\nx,\"y,z\",\xc3\xa9";
    csv_reader r;
    csv_row rows[4];
    cr_assert_eq(read_all(&r, s, strlen(s), 0, CSV_ENC_AUTO, rows, 4), 3, "%s", r.error);
    cr_assert_eq(r.encoding, CSV_ENC_UTF8);
    cr_assert_str_eq(rows[0].fields[0], "a", "the BOM is not part of the first field");
    cr_assert_eq(rows[1].n, 3);
    cr_assert_str_eq(rows[1].fields[1], "");
    cr_assert_str_eq(rows[1].fields[2], "");
    cr_assert_str_eq(rows[2].fields[1], "y,z");
    cr_assert_str_eq(rows[2].fields[2], "\xc3\xa9", "no newline at the end is fine");
    cr_assert_eq(read_all(&r, "a\tb\n", 4, 0, CSV_ENC_AUTO, rows, 4), 1);
    cr_assert_eq(r.sep, '\t');
    cr_assert_eq(read_all(&r, "", 0, 0, CSV_ENC_AUTO, rows, 4), 0, "an empty file has no rows");
}

Test(csv, errors_name_line_and_column)
{
    struct { const char *in; size_t n; csv_encoding enc; const char *msg; } cases[] = {
        {"a,b\n1,\"open\n2,3\n", 0, CSV_ENC_AUTO, "line 2, column 3: a quoted field is never closed"},
        {"a,b\n1,x\"y\n", 0, CSV_ENC_AUTO, "line 2, column 4: a quote inside a field"},
        {"a,b\n1,\"x\"y\n", 0, CSV_ENC_AUTO, "line 2, column 6: text after the closing quote"},
        {"a,b\n\xff\xfe,1\n", 0, CSV_ENC_UTF8, "not valid UTF-8"},
        {"a,b\n\x81,1\n", 0, CSV_ENC_AUTO, "line 2: byte 0x81 is not a character in Windows-1252"},
        {"a,b\nc\0d\n", 9, CSV_ENC_AUTO, "line 2: a NUL byte"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        csv_reader r;
        csv_row rows[4];
        size_t n = cases[i].n ? cases[i].n : strlen(cases[i].in);
        cr_assert_eq(read_all(&r, cases[i].in, n, ',', cases[i].enc, rows, 4), -1, "case %zu", i);
        cr_assert(strstr(r.error, cases[i].msg) != NULL, "case %zu: %s", i, r.error);
    }
}

Test(csv, limits)
{
    static char many[CSV_MAX_FIELDS * 2 + 8];
    memset(many, ',', CSV_MAX_FIELDS + 1);
    many[CSV_MAX_FIELDS + 1] = '\n';
    csv_reader r;
    csv_row rows[2];
    cr_assert_eq(read_all(&r, many, CSV_MAX_FIELDS + 2, ',', CSV_ENC_AUTO, rows, 2), -1);
    cr_assert(strstr(r.error, "more than 256 fields") != NULL, "%s", r.error);
    static char big[CSV_MAX_FIELD + 10];
    memset(big, 'x', sizeof big - 1);
    cr_assert_eq(read_all(&r, big, sizeof big - 1, ',', CSV_ENC_AUTO, rows, 2), -1);
    cr_assert(strstr(r.error, "longer than") != NULL, "%s", r.error);
}

/* The field as csv_put_field writes it with flags. */
static const char *put(const char *s, int flags)
{
    buf b;
    buf_init(&b, 0);
    cr_assert_eq(csv_put_field(&b, s, flags), 0);
    char *out = arena_strdup(&A, buf_cstr(&b));
    buf_free(&b);
    return out;
}

Test(csv, writes_fields)
{
    cr_assert_str_eq(put("Opella", 0), "Opella");
    cr_assert_str_eq(put(NULL, 0), "");
    cr_assert_str_eq(put("", 0), "");
    cr_assert_str_eq(put("Jansen, Piet", 0), "\"Jansen, Piet\"");
    cr_assert_str_eq(put("Piet \"P\" Jansen", 0), "\"Piet \"\"P\"\" Jansen\"");
    cr_assert_str_eq(put("\"", 0), "\"\"\"\"");
    cr_assert_str_eq(put("twee\nregels", 0), "\"twee\nregels\"");
    cr_assert_str_eq(put("cr\r", 0), "\"cr\r\"");
    cr_assert_str_eq(put("O'Brien", 0), "O'Brien");
    /* What a spreadsheet would run is text. */
    cr_assert_str_eq(put("=1+1", 0), "'=1+1");
    cr_assert_str_eq(put("+31", 0), "'+31");
    cr_assert_str_eq(put("-2", 0), "'-2");
    cr_assert_str_eq(put("@SUM(A1)", 0), "'@SUM(A1)");
    cr_assert_str_eq(put("\tx", 0), "'\tx");
    cr_assert_str_eq(put("\rx", 0), "\"'\rx\"");
    cr_assert_str_eq(put("=HYPERLINK(\"a\",\"b\")", 0), "\"'=HYPERLINK(\"\"a\"\",\"\"b\"\")\"");
    cr_assert_str_eq(put("a=b", 0), "a=b", "only the first character counts");
    /* Always quoted. */
    cr_assert_str_eq(put("Opella", CSV_QUOTE_ALWAYS), "\"Opella\"");
    cr_assert_str_eq(put("", CSV_QUOTE_ALWAYS), "\"\"");
    cr_assert_str_eq(put(NULL, CSV_QUOTE_ALWAYS), "\"\"");
    cr_assert_str_eq(put("=x", CSV_QUOTE_ALWAYS), "\"'=x\"");
    cr_assert_str_eq(put("a\"b", CSV_QUOTE_ALWAYS), "\"a\"\"b\"");
}

Test(csv, writes_rows_and_reads_them_back)
{
    buf b;
    buf_init(&b, 0);
    const char *r1[] = {"naam", "uren"};
    const char *r2[] = {"Jansen, \"Piet\"", "4.00"};
    const char *r3[] = {"", NULL};
    cr_assert_eq(csv_put_row(&b, r1, 2, 0), 0);
    cr_assert_eq(csv_put_row(&b, r2, 2, 0), 0);
    cr_assert_eq(csv_put_row(&b, r3, 2, 0), 0);
    cr_assert_str_eq(buf_cstr(&b), "naam,uren\r\n\"Jansen, \"\"Piet\"\"\",4.00\r\n,\r\n");
    csv_reader r;
    csv_row rows[4];
    cr_assert_eq(read_all(&r, b.data, b.len, ',', CSV_ENC_UTF8, rows, 4), 3, "%s", r.error);
    cr_assert_str_eq(rows[1].fields[0], "Jansen, \"Piet\"");
    cr_assert_str_eq(rows[1].fields[1], "4.00");
    buf_free(&b);
}

Test(csv, write_reports_a_full_buffer)
{
    buf b;
    buf_init(&b, 8);
    cr_assert_eq(csv_put_field(&b, "12345678", 0), 0);
    cr_assert_eq(csv_put_field(&b, "9", 0), BUF_ETOOBIG);
    buf_reset(&b);
    cr_assert_eq(csv_put_field(&b, "a\"b\"c\"d\"e", 0), BUF_ETOOBIG, "quoted");
    buf_reset(&b);
    const char *row[] = {"1234", "5678"};
    cr_assert_eq(csv_put_row(&b, row, 2, 0), BUF_ETOOBIG);
    buf_free(&b);
}
