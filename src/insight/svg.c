/* insight/svg: charts as SVG (see svg.h). */
#include "insight/svg.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/str.h"
#include "http/html.h"
#include "http/i18n.h"
#include "insight/model.h"

#define W 640
static const char *const palette[] = {"#1f5f99", "#b3541e", "#2e7d32", "#7b3f98", "#8a6d00", "#00796b"};
#define NPALETTE (int)(sizeof palette / sizeof palette[0])

static bool dutch(http_request *req)
{
    return strcmp(msg(req, MSG_INSIGHT_NAV), "Inzicht") == 0;
}

/* Replaces the decimal point with a comma for Dutch. */
static char *localise(http_request *req, char *s)
{
    if (dutch(req))
        for (char *p = s; *p; p++)
            if (*p == '.') *p = ',';
    return s;
}

char *insight_fmt_pct(http_request *req, double pct)
{
    if (isnan(pct)) return arena_strdup(req->arena, "–");
    return localise(req, arena_printf(req->arena, "%.1f %%", pct));
}

char *insight_fmt_money(http_request *req, int64_t cents)
{
    if (cents < 0) return arena_strdup(req->arena, msg(req, MSG_INSIGHT_NOT_YET));
    int64_t euros = cents / 100, rest = cents % 100;
    char digits[32], grouped[48];
    snprintf(digits, sizeof digits, "%lld", (long long)euros);
    bool nl = dutch(req);
    size_t len = strlen(digits), k = 0;
    for (size_t i = 0; i < len; i++) {
        if (i > 0 && (len - i) % 3 == 0) grouped[k++] = nl ? '.' : ',';
        grouped[k++] = digits[i];
    }
    grouped[k] = '\0';
    return arena_printf(req->arena, nl ? "€ %s,%02lld" : "€%s.%02lld", grouped, (long long)rest);
}

static const char *count_text(http_request *req, int64_t n)
{
    return arena_printf(req->arena, "%lld", (long long)n);
}

/* <figure><svg ...><title/><desc/> with ids derived from id. */
static void svg_open(buf *b, const char *id, int height, const char *title, const char *desc)
{
    char tid[96], did[96], both[200], box[64];
    snprintf(tid, sizeof tid, "%s-title", id);
    snprintf(did, sizeof did, "%s-desc", id);
    snprintf(both, sizeof both, "%s %s", tid, did);
    snprintf(box, sizeof box, "0 0 %d %d", W, height);
    html_lit(b, "<figure class=\"instroom-chart\"");
    html_attr(b, "id", id);
    html_lit(b, "><svg xmlns=\"http://www.w3.org/2000/svg\" class=\"instroom-chart__svg\" role=\"img\"");
    html_attr(b, "aria-labelledby", both);
    html_attr(b, "viewBox", box);
    html_lit(b, " preserveAspectRatio=\"xMinYMin meet\" font-family=\"sans-serif\" font-size=\"13\"><title");
    html_attr(b, "id", tid);
    html_lit(b, ">");
    html_text(b, title);
    html_lit(b, "</title><desc");
    html_attr(b, "id", did);
    html_lit(b, ">");
    html_text(b, desc);
    html_lit(b, "</desc>");
}

/* Appends ` name="v"` with v to one decimal; name must be a literal. */
#define attr_num(b, name, v)                          \
    do {                                              \
        char num_[32];                                \
        snprintf(num_, sizeof num_, "%.1f", (double)(v)); \
        html_attr((b), name, num_);                   \
    } while (0)

/* A <text> at x, y; anchor is "start", "middle" or "end". */
static void svg_text(buf *b, double x, double y, const char *anchor, const char *fill, const char *text)
{
    html_lit(b, "<text");
    attr_num(b, "x", x);
    attr_num(b, "y", y);
    html_attr(b, "text-anchor", anchor);
    html_attr(b, "fill", fill);
    html_lit(b, ">");
    html_text(b, text);
    html_lit(b, "</text>");
}

static void svg_rect(buf *b, double x, double y, double w, double h, const char *fill)
{
    html_lit(b, "<rect");
    attr_num(b, "x", x);
    attr_num(b, "y", y);
    attr_num(b, "width", w < 0 ? 0 : w);
    attr_num(b, "height", h);
    html_attr(b, "fill", fill);
    html_lit(b, "/>");
}

static void table_open(buf *b, const char *caption)
{
    html_lit(b, "<div class=\"utrecht-table-container instroom-chart__table\"><table class=\"utrecht-table\"><caption "
                "class=\"utrecht-table__caption\">");
    html_text(b, caption);
    html_lit(b, "</caption>");
}

static void th_row(buf *b, const char *const *heads, int n)
{
    html_lit(b, "<thead class=\"utrecht-table__header\"><tr class=\"utrecht-table__row\">");
    for (int i = 0; i < n; i++) {
        html_lit(b, "<th class=\"utrecht-table__header-cell\" scope=\"col\">");
        html_text(b, heads[i]);
        html_lit(b, "</th>");
    }
    html_lit(b, "</tr></thead><tbody class=\"utrecht-table__body\">");
}

/* A row: the first cell is a row header, the rest data (numeric when numeric). */
static void tr(buf *b, const char *const *cells, int n)
{
    html_lit(b, "<tr class=\"utrecht-table__row\"><th class=\"utrecht-table__header-cell\" scope=\"row\">");
    html_text(b, cells[0]);
    html_lit(b, "</th>");
    for (int i = 1; i < n; i++) {
        html_lit(b, "<td class=\"utrecht-table__cell utrecht-table__cell--numeric-column\">");
        html_text(b, cells[i]);
        html_lit(b, "</td>");
    }
    html_lit(b, "</tr>");
}

static void table_close(buf *b)
{
    html_lit(b, "</tbody></table></div>");
}

void insight_svg_bars(http_request *req, buf *b, const char *id, const char *title, const char *desc,
                      const char *head, const char *const *labels, const int64_t *values, int n)
{
    const double label_w = 230, bar_x = 240, bar_max = 330, row = 28;
    int height = (int)(n * row + 16);
    int64_t max = 0;
    for (int i = 0; i < n; i++)
        if (values[i] > max) max = values[i];
    svg_open(b, id, height, title, desc);
    for (int i = 0; i < n; i++) {
        double y = 8 + i * row;
        double w = max > 0 ? bar_max * (double)values[i] / (double)max : 0;
        html_lit(b, "<g>");
        svg_text(b, label_w, y + 17, "end", "#1a1a1a", labels[i]);
        svg_rect(b, bar_x, y + 3, w, row - 8, palette[0]);
        svg_text(b, bar_x + w + 6, y + 17, "start", "#1a1a1a", count_text(req, values[i]));
        html_lit(b, "</g>");
    }
    html_lit(b, "</svg>");
    table_open(b, title);
    const char *heads[] = {head, msg(req, MSG_INSIGHT_COUNT)};
    th_row(b, heads, 2);
    for (int i = 0; i < n; i++) {
        const char *cells[] = {labels[i], count_text(req, values[i])};
        tr(b, cells, 2);
    }
    table_close(b);
    html_lit(b, "</figure>");
}

void insight_svg_funnel(http_request *req, buf *b, const insight_figures *f)
{
    const char *labels[] = {
        msg(req, MSG_INSIGHT_APPLIED),   msg(req, MSG_INSIGHT_SELECTED), msg(req, MSG_INSIGHT_K_STARTED),
        msg(req, MSG_INSIGHT_K_PRETRACK), msg(req, MSG_INSIGHT_K_BBL),   msg(req, MSG_INSIGHT_K_DIPLOMA),
        msg(req, MSG_INSIGHT_K_EMPLOYED),
    };
    int64_t values[] = {
        f->applied, f->selected, f->reached[INSIGHT_STARTED], f->reached[INSIGHT_PRETRACK_COMPLETED],
        f->reached[INSIGHT_ENTERED_BBL], f->reached[INSIGHT_DIPLOMA], f->reached[INSIGHT_EMPLOYED],
    };
    /* A cohort filled without a campaign (members added by hand) has no
     * applications: its funnel starts at "started" rather than at two zeros. */
    int from = f->applied == 0 && f->selected == 0 ? 2 : 0;
    insight_svg_bars(req, b, "chart-funnel", msg(req, MSG_INSIGHT_FUNNEL), msg(req, MSG_INSIGHT_FUNNEL_DESC),
                     msg(req, MSG_INSIGHT_STEP), labels + from, values + from, 7 - from);
}

void insight_svg_continuation(http_request *req, buf *b, const insight_figures *f)
{
    double rate = f->decided > 0 ? 100.0 * (double)f->continued / (double)f->decided : NAN;
    bool target = f->target_pct >= 0;
    char *of = msg_fill(req, MSG_INSIGHT_OF, count_text(req, f->continued), count_text(req, f->decided));
    char *share = arena_printf(req->arena, "%s (%s)", of, insight_fmt_pct(req, rate));
    const char *desc = target ? msg_fill(req, MSG_INSIGHT_CONT_DESC, share, insight_fmt_pct(req, f->target_pct))
                              : msg_fill(req, MSG_INSIGHT_CONT_DESC_NOTARGET, share, NULL);
    const double x0 = 20, span = 600;
    svg_open(b, "chart-continuation", 96, msg(req, MSG_INSIGHT_CONTINUATION), desc);
    svg_rect(b, x0, 30, span, 28, "#e6e6e6");
    if (!isnan(rate)) svg_rect(b, x0, 30, span * rate / 100.0, 28, palette[0]);
    svg_text(b, x0, 20, "start", "#1a1a1a", arena_printf(req->arena, "%s: %s", msg(req, MSG_INSIGHT_RATE),
                                                          insight_fmt_pct(req, rate)));
    svg_text(b, x0, 78, "start", "#1a1a1a", "0 %");
    svg_text(b, x0 + span, 78, "end", "#1a1a1a", "100 %");
    if (target) {
        double tx = x0 + span * fmin(fmax(f->target_pct, 0), 100) / 100.0;
        html_lit(b, "<line");
        attr_num(b, "x1", tx);
        attr_num(b, "y1", 24);
        attr_num(b, "x2", tx);
        attr_num(b, "y2", 64);
        html_lit(b, " stroke=\"#b00020\" stroke-width=\"3\" stroke-dasharray=\"6 3\"/>");
        svg_text(b, tx, 78, "middle", "#b00020",
                 msg_fill(req, MSG_INSIGHT_TARGET_LINE, insight_fmt_pct(req, f->target_pct), NULL));
    }
    html_lit(b, "</svg>");
    table_open(b, msg(req, MSG_INSIGHT_CONTINUATION));
    const char *heads[] = {msg(req, MSG_INSIGHT_STEP), msg(req, MSG_INSIGHT_COUNT)};
    th_row(b, heads, 2);
    const char *r1[] = {msg(req, MSG_INSIGHT_CONTINUED), count_text(req, f->continued)};
    const char *r2[] = {msg(req, MSG_INSIGHT_DECIDED), count_text(req, f->decided)};
    const char *r3[] = {msg(req, MSG_INSIGHT_PENDING), count_text(req, f->pending)};
    const char *r4[] = {msg(req, MSG_INSIGHT_RATE), insight_fmt_pct(req, rate)};
    tr(b, r1, 2);
    tr(b, r2, 2);
    tr(b, r3, 2);
    tr(b, r4, 2);
    if (target) {
        const char *r5[] = {msg(req, MSG_INSIGHT_TARGET), insight_fmt_pct(req, f->target_pct)};
        tr(b, r5, 2);
    }
    table_close(b);
    html_lit(b, "</figure>");
}

/* Where a bound is NaN (S = 1 or S = 0 under log-log) the band meets the curve. */
static double bound(double v, double surv)
{
    return isnan(v) ? surv : v;
}

void insight_svg_retention(http_request *req, buf *b, const char *id, const insight_series *s, int n)
{
    const double left = 56, right = 20, top = 16, plot_h = 230, plot_w = W - left - right;
    int legend_rows = n > 1 ? n : 0;
    int height = (int)(top + plot_h + 44 + legend_rows * 20);
    double max_day = 30;
    for (int i = 0; i < n; i++)
        if (s[i].nkm > 0 && s[i].km[s[i].nkm - 1].day > max_day) max_day = s[i].km[s[i].nkm - 1].day;
    const double month = 365.25 / 12;
    int months = (int)ceil(max_day / month);
    int tick = months <= 12 ? 1 : months <= 24 ? 3 : 6;
    months = (months + tick - 1) / tick * tick;
    double xmax = months * month;
    svg_open(b, id, height, msg(req, MSG_INSIGHT_RETENTION), msg(req, MSG_INSIGHT_RETENTION_DESC));
    /* axes and grid */
    for (int p = 0; p <= 100; p += 25) {
        double y = top + plot_h * (1 - p / 100.0);
        html_lit(b, "<line");
        attr_num(b, "x1", left);
        attr_num(b, "y1", y);
        attr_num(b, "x2", left + plot_w);
        attr_num(b, "y2", y);
        html_lit(b, " stroke=\"#d0d0d0\"/>");
        svg_text(b, left - 6, y + 4, "end", "#1a1a1a", arena_printf(req->arena, "%d %%", p));
    }
    for (int m = 0; m <= months; m += tick) {
        double x = left + plot_w * (m * month) / xmax;
        svg_text(b, x, top + plot_h + 18, "middle", "#1a1a1a", arena_printf(req->arena, "%d", m));
    }
    svg_text(b, left + plot_w / 2, top + plot_h + 36, "middle", "#1a1a1a", msg(req, MSG_INSIGHT_MONTHS));
#define PX(day) (left + plot_w * (day) / xmax)
#define PY(v) (top + plot_h * (1 - (v)))
    for (int i = 0; i < n; i++) {
        const char *colour = palette[i % NPALETTE];
        const insight_km_step *km = s[i].km;
        html_lit(b, "<g>");
        if (s[i].nkm > 0) {
            /* the band: upper bounds forward, lower bounds back, as steps */
            html_lit(b, "<path fill-opacity=\"0.18\" stroke=\"none\"");
            html_attr(b, "fill", colour);
            html_lit(b, " d=\"");
            double up = 1;
            html_textf(b, "M%.1f %.1f", PX(0), PY(1));
            for (int k = 0; k < s[i].nkm; k++) {
                html_textf(b, " H%.1f", PX(km[k].day));
                up = bound(km[k].upper, km[k].surv);
                html_textf(b, " V%.1f", PY(up));
            }
            html_textf(b, " H%.1f", PX(km[s[i].nkm - 1].day));
            double lo = bound(km[s[i].nkm - 1].lower, km[s[i].nkm - 1].surv);
            html_textf(b, " V%.1f", PY(lo));
            for (int k = s[i].nkm - 1; k >= 0; k--) {
                html_textf(b, " H%.1f", PX(km[k].day));
                lo = k > 0 ? bound(km[k - 1].lower, km[k - 1].surv) : 1;
                html_textf(b, " V%.1f", PY(lo));
            }
            html_lit(b, " Z\"/>");
            /* the curve */
            html_lit(b, "<path fill=\"none\" stroke-width=\"2.5\"");
            html_attr(b, "stroke", colour);
            html_lit(b, " d=\"");
            html_textf(b, "M%.1f %.1f", PX(0), PY(1));
            for (int k = 0; k < s[i].nkm; k++) html_textf(b, " H%.1f V%.1f", PX(km[k].day), PY(km[k].surv));
            html_lit(b, "\"/>");
            (void)up;
        }
        if (n > 1) {
            double y = top + plot_h + 56 + i * 20;
            svg_rect(b, left, y - 10, 14, 10, colour);
            svg_text(b, left + 20, y, "start", "#1a1a1a", s[i].label);
        }
        html_lit(b, "</g>");
    }
#undef PX
#undef PY
    html_lit(b, "</svg>");
    for (int i = 0; i < n; i++) {
        table_open(b, arena_printf(req->arena, "%s: %s", msg(req, MSG_INSIGHT_RETENTION), s[i].label));
        const char *heads[] = {msg(req, MSG_INSIGHT_DAY),  msg(req, MSG_INSIGHT_AT_RISK), msg(req, MSG_INSIGHT_STOPPED),
                               msg(req, MSG_INSIGHT_SURV), msg(req, MSG_INSIGHT_LOWER),   msg(req, MSG_INSIGHT_UPPER)};
        th_row(b, heads, 6);
        int shown = 0;
        for (int k = 0; k < s[i].nkm; k++) {
            const insight_km_step *st = &s[i].km[k];
            if (st->n_event == 0) continue;
            const char *cells[] = {
                arena_printf(req->arena, "%.0f", st->day), count_text(req, st->n_risk), count_text(req, st->n_event),
                insight_fmt_pct(req, 100 * st->surv), insight_fmt_pct(req, 100 * st->lower),
                insight_fmt_pct(req, 100 * st->upper),
            };
            tr(b, cells, 6);
            shown++;
        }
        if (!shown) {
            html_lit(b, "<tr class=\"utrecht-table__row\"><td class=\"utrecht-table__cell\" colspan=\"6\">");
            html_text(b, msg(req, MSG_INSIGHT_NO_STOPS));
            html_lit(b, "</td></tr>");
        }
        table_close(b);
    }
    html_lit(b, "</figure>");
}

const char *insight_reason_label(http_request *req, const char *key)
{
    static const msg_id ids[INSIGHT_REASON_COUNT] = {
        MSG_INSIGHT_R_HEALTH, MSG_INSIGHT_R_FINANCES, MSG_INSIGHT_R_WORKLOAD, MSG_INSIGHT_R_CHILDCARE,
        MSG_INSIGHT_R_OTHER_JOB, MSG_INSIGHT_R_STUDY, MSG_INSIGHT_R_NOT_SUITABLE, MSG_INSIGHT_R_PERSONAL,
        MSG_INSIGHT_R_MOVED, MSG_INSIGHT_R_UNKNOWN,
    };
    int r = insight_reason_parse(key);
    return msg(req, r >= 0 ? ids[r] : MSG_INSIGHT_R_UNKNOWN);
}

void insight_svg_dropout(http_request *req, buf *b, const insight_figures *f)
{
    const char **labels = arena_calloc(req->arena, (size_t)(f->nphase + f->nreason + 1), sizeof *labels);
    int64_t *values = arena_calloc(req->arena, (size_t)(f->nphase + f->nreason + 1), sizeof *values);
    if (!labels || !values) return;
    for (int i = 0; i < f->nphase; i++) {
        labels[i] = f->dropout_by_phase[i].key[0] ? f->dropout_by_phase[i].key : msg(req, MSG_INSIGHT_PHASE_UNKNOWN);
        values[i] = f->dropout_by_phase[i].n;
    }
    insight_svg_bars(req, b, "chart-dropout-phase", msg(req, MSG_INSIGHT_DROPOUT_PHASE), msg(req, MSG_INSIGHT_BARS_DESC),
                     msg(req, MSG_INSIGHT_PHASE_HEAD), labels, values, f->nphase);
    if (f->nreason == 0) {
        html_lit(b, "<p class=\"utrecht-paragraph\">");
        html_text(b, msg(req, MSG_INSIGHT_NO_DROPOUT));
        html_lit(b, "</p>");
        return;
    }
    for (int i = 0; i < f->nreason; i++) {
        labels[i] = insight_reason_label(req, f->dropout_by_reason[i].key);
        values[i] = f->dropout_by_reason[i].n;
    }
    insight_svg_bars(req, b, "chart-dropout-reason", msg(req, MSG_INSIGHT_DROPOUT_REASON),
                     msg(req, MSG_INSIGHT_BARS_DESC), msg(req, MSG_INSIGHT_REASON_HEAD), labels, values, f->nreason);
}
