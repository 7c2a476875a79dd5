/* insight/svg: every chart is well-formed XML (parsed by python3's
 * xml.etree), carries role="img", a <title> and a <desc>, escapes every text
 * it is given, and has a table with the same numbers. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "http/http.h"
#include "insight/svg.h"

static arena A;
static http_request req;
static buf B;

static void setup(void)
{
    arena_init(&A, 16u << 20);
    http_request_init(&req, &A);
    req.lang = "nl";
    buf_init(&B, 4u << 20);
}

static void teardown(void)
{
    buf_free(&B);
    arena_free(&A);
}

TestSuite(insight_svg, .init = setup, .fini = teardown);

/* Every <svg>...</svg> in text parses as XML; returns how many. */
static int parse_svgs(const char *text)
{
    int n = 0;
    for (const char *p = strstr(text, "<svg"); p; p = strstr(p + 1, "<svg")) {
        const char *end = strstr(p, "</svg>");
        cr_assert_not_null(end, "an unclosed <svg>");
        char path[] = "/tmp/insight_svg_XXXXXX";
        int fd = mkstemp(path);
        cr_assert_geq(fd, 0);
        size_t len = (size_t)(end + 6 - p);
        cr_assert_eq(write(fd, p, len), (ssize_t)len);
        close(fd);
        char cmd[512];
        snprintf(cmd, sizeof cmd,
                 "python3 -c 'import sys, xml.etree.ElementTree as E; r = E.parse(sys.argv[1]).getroot(); "
                 "ns = \"{http://www.w3.org/2000/svg}\"; assert r.tag == ns + \"svg\" and r.get(\"role\") == \"img\"; "
                 "assert r.find(ns + \"title\").text and r.find(ns + \"desc\").text' %s",
                 path);
        int rc = system(cmd);
        unlink(path);
        cr_assert_eq(rc, 0, "not well-formed or without role/title/desc: %.*s", (int)(len > 400 ? 400 : len), p);
        n++;
    }
    return n;
}

static const char *const HOSTILE = "Groep <script>alert(\"x\")</script> & 'co'";

Test(insight_svg, bars_escape_labels_and_parse)
{
    const char *labels[] = {HOSTILE, "Twee", "Drie"};
    int64_t values[] = {24, 19, 0};
    insight_svg_bars(&req, &B, "chart-x", HOSTILE, "a <desc> & more", "Stap", labels, values, 3);
    cr_assert_not(B.failed);
    const char *t = B.data;
    cr_expect_null(strstr(t, "<script>"), "no text goes out unescaped");
    cr_expect_not_null(strstr(t, "Groep &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;"));
    cr_expect_eq(parse_svgs(t), 1);
    /* the table next to it has the same numbers */
    cr_expect_not_null(strstr(t, "<table"));
    cr_expect_not_null(strstr(t, ">24</td>"));
    cr_expect_not_null(strstr(t, ">19</td>"));
    /* the longest bar is the full width, a zero bar has no width */
    cr_expect_not_null(strstr(t, "width=\"330.0\""));
    cr_expect_not_null(strstr(t, "width=\"0.0\""));
}

static insight_km_step steps[] = {
    {10, 24, 1, 0, 23.0 / 24, 0.0425628265379374, 0.739206151146895, 0.994023720195695},
    {40, 23, 2, 1, 21.0 / 24, 0.0771516749810460, 0.660755349675342, 0.957882140863665},
    {300, 5, 5, 0, 0, INFINITY, NAN, NAN},
};

Test(insight_svg, figures_charts_parse)
{
    insight_figures f = {0};
    f.programme_name = HOSTILE;
    f.cohort_name = HOSTILE;
    f.applied = 30;
    f.selected = 24;
    f.members = 24;
    f.reached[INSIGHT_STARTED] = 24;
    f.reached[INSIGHT_ENTERED_BBL] = 18;
    f.continued = 18;
    f.decided = 24;
    f.target_pct = 75;
    insight_count phases[] = {{"Voortraject <20 weken>", 5}, {"", 1}};
    insight_count reasons[] = {{"finances", 4}, {"nonsense", 2}};
    f.dropout_by_phase = phases;
    f.nphase = 2;
    f.dropout_by_reason = reasons;
    f.nreason = 2;
    f.km = steps;
    f.nkm = 3;
    insight_svg_funnel(&req, &B, &f);
    insight_svg_continuation(&req, &B, &f);
    insight_series s[] = {{HOSTILE, steps, 3}, {"Groep 2", steps, 2}};
    insight_svg_retention(&req, &B, "chart-retention", s, 2);
    insight_svg_dropout(&req, &B, &f);
    cr_assert_not(B.failed);
    const char *t = B.data;
    cr_expect_null(strstr(t, "<script>"));
    cr_expect_null(strstr(t, "<20 weken>"));
    cr_expect_eq(parse_svgs(t), 5, "funnel, continuation, retention, two dropout charts");
    cr_expect_not_null(strstr(t, "75,0 %"), "the target, in Dutch");
    cr_expect_not_null(strstr(t, "Doel 75,0 %"), "the target line's label");
    cr_expect_not_null(strstr(t, "18 van 24 (75,0 %)"));
    cr_expect_not_null(strstr(t, "Geldzaken"), "reasons by their label");
    cr_expect_not_null(strstr(t, "Fase onbekend"));
    /* the retention table: rows where someone stopped, the band in percent, NaN as a dash */
    cr_expect_not_null(strstr(t, ">95,8 %</td>"));
    cr_expect_not_null(strstr(t, ">73,9 %</td>"));
    cr_expect_not_null(strstr(t, ">–</td>"));
    cr_expect_null(strstr(t, "nan"));
    cr_expect_null(strstr(t, "inf"));
    cr_expect_not_null(strstr(t, ">Aangemeld<"), "a funnel from applications");
    cr_expect_not_null(strstr(t, ">Fase</th>"), "the phase table's head");
    cr_expect_not_null(strstr(t, ">Reden</th>"), "the reason table's head");
}

Test(insight_svg, english_and_money)
{
    req.lang = "en";
    cr_expect_str_eq(insight_fmt_pct(&req, 79.1666), "79.2 %");
    cr_expect_str_eq(insight_fmt_money(&req, 123456789), "€1,234,567.89");
    cr_expect_str_eq(insight_fmt_money(&req, 5), "€0.05");
    cr_expect_str_eq(insight_fmt_money(&req, -1), "not known yet");
    req.lang = "nl";
    cr_expect_str_eq(insight_fmt_money(&req, 445000), "€ 4.450,00");
    cr_expect_str_eq(insight_fmt_pct(&req, NAN), "–");
}

Test(insight_svg, a_cohort_without_applications_starts_its_funnel_at_started)
{
    insight_figures f = {0};
    f.members = 24;
    f.reached[INSIGHT_STARTED] = 24;
    f.reached[INSIGHT_ENTERED_BBL] = 19;
    insight_svg_funnel(&req, &B, &f);
    cr_assert_not(B.failed);
    cr_expect_null(strstr(B.data, "Aangemeld"), "no bar of zero applications");
    cr_expect_null(strstr(B.data, "Geselecteerd"));
    cr_expect_not_null(strstr(B.data, "Gestart"));
    cr_expect_eq(parse_svgs(B.data), 1);
}
