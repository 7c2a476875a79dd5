/* intake import: a pre-selected list of applicants from CSV (WelSlagen: the
 * municipality's 30). Parsing and mapping (intake_import_parse) are pure and
 * fuzzed (fuzz/intake_csv.c); storing (intake_import_store) is one write
 * transaction: all rows or none. The upload form on the campaign page and
 * `instroom import applicants FILE --campaign SLUG` share both. */
#include <errno.h>
#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "auth/audit.h"
#include "auth/policy.h"
#include "base/csv.h"
#include "base/random.h"
#include "base/str.h"
#include "base/time.h"
#include "cli_commands.h"
#include "db/cli.h"
#include "http/html.h"
#include "http/page.h"
#include "http/server.h"
#include "http/ui.h"
#include "intake/admin.h"

/* The columns a header may name, with their Dutch and English names
 * (compared without case, spaces, '-', '_' and apostrophes). */
typedef enum {
    COL_GIVEN_NAME,
    COL_FAMILY_NAME,
    COL_EMAIL,
    COL_PHONE,
    COL_BIRTH_DATE,
    COL_POSTCODE,
    COL_CURRENT_STUDY,
    COL_OCCUPATION,
    COL_OCCUPATION_URI,
    COL_HOBBIES,
    COL_LANGUAGES,
    COL_HOURS,
    COL_FROM,
    COL_UNTIL,
    COL_MOTIVATION,
    COL_CONSENT,
    COL_CONSENT_KEEP,
    COL_LANG,
    COL_COUNT
} column;

static const struct {
    const char *field;       /* the applicant field, as errors name it */
    const char *names[5];
    bool required;
} columns[COL_COUNT] = {
    [COL_GIVEN_NAME] = {"given_name", {"voornaam", "givenname", "firstname", "roepnaam"}, true},
    [COL_FAMILY_NAME] = {"family_name", {"achternaam", "familyname", "lastname", "surname"}, true},
    [COL_EMAIL] = {"email", {"email", "emailadres", "mail"}, true},
    [COL_PHONE] = {"phone", {"telefoon", "phone", "telefoonnummer", "mobiel"}, false},
    [COL_BIRTH_DATE] = {"birth_date", {"geboortedatum", "birthdate", "dateofbirth"}, true},
    [COL_POSTCODE] = {"postcode", {"postcode", "postalcode", "zipcode"}, true},
    [COL_CURRENT_STUDY] = {"current_study", {"opleiding", "huidigeopleiding", "currentstudy", "study"}, false},
    [COL_OCCUPATION] = {"prior_occupation", {"beroep", "vorigberoep", "prioroccupation", "occupation"}, false},
    [COL_OCCUPATION_URI] = {"prior_occupation", {"escouri", "beroepuri", "occupationuri"}, false},
    [COL_HOBBIES] = {"hobbies", {"hobbys", "hobbies", "hobby"}, false},
    [COL_LANGUAGES] = {"languages", {"talen", "languages"}, false},
    [COL_HOURS] = {"avail_hours", {"urenperweek", "uren", "hoursperweek", "availhours", "hours"}, false},
    [COL_FROM] = {"avail_from", {"beschikbaarvanaf", "availablefrom", "availfrom", "vanaf"}, false},
    [COL_UNTIL] = {"avail_until", {"beschikbaartot", "availableuntil", "availuntil", "tot"}, false},
    [COL_MOTIVATION] = {"motivation", {"motivatie", "motivation"}, false},
    [COL_CONSENT] = {"consent", {"toestemming", "consent"}, false},
    [COL_CONSENT_KEEP] = {"consent_keep", {"bewaren", "toestemmingbewaren", "consentkeep", "keep"}, false},
    [COL_LANG] = {"lang", {"taal", "lang", "language", "correspondentietaal"}, false},
};

/* The header name without case, spaces, '-', '_', '.' and apostrophes, in a. */
static char *header_key(arena *a, const char *s)
{
    size_t n = strlen(s);
    char *out = arena_alloc(a, n + 1);
    if (!out) return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '-' || c == '_' || c == '.' || c == '\'' || c == '\t') continue;
        if (c == 0xe2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 && (unsigned char)s[i + 2] == 0x99) {
            i += 2; /* ’ */
            continue;
        }
        out[k++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    out[k] = '\0';
    return out;
}

static column column_of(const char *key)
{
    for (int c = 0; c < COL_COUNT; c++)
        for (int i = 0; i < 5 && columns[c].names[i]; i++)
            if (str_eq(key, columns[c].names[i])) return (column)c;
    return COL_COUNT;
}

static void add_error(arena *a, intake_import_parsed *p, int line, int col, const char *field, msg_id reason,
                      const char *detail)
{
    if (p->nerrors == p->cap_errors) {
        int cap = p->cap_errors ? p->cap_errors * 2 : 32;
        intake_import_error *grown = arena_alloc(a, (size_t)cap * sizeof *grown);
        if (!grown) return;
        if (p->nerrors) memcpy(grown, p->errors, (size_t)p->nerrors * sizeof *grown);
        p->errors = grown;
        p->cap_errors = cap;
    }
    p->errors[p->nerrors++] = (intake_import_error){line, col, field, reason, detail};
}

/* "YYYY-MM-DD" or "D-M-YYYY" / "D/M/YYYY" / "D.M.YYYY" as YYYY-MM-DD in a; NULL when neither. */
static const char *date_of(arena *a, const char *s)
{
    int y, m, d;
    if (strlen(s) == 10 && s[4] == '-' && time_parse_date(s, &y, &m, &d) == 0) return s;
    int parts[3] = {0}, np = 0, digits = 0;
    for (const char *p = s;; p++) {
        if (*p >= '0' && *p <= '9') {
            if (np == 3 || ++digits > 4) return NULL; /* a fourth part, or too many digits */
            parts[np] = parts[np] * 10 + (*p - '0');
        } else if ((*p == '-' || *p == '/' || *p == '.' || !*p) && digits && np < 3) {
            if ((np < 2 && digits > 2) || (np == 2 && digits != 4)) return NULL;
            np++;
            digits = 0;
            if (!*p) break;
        } else return NULL;
    }
    if (np != 3) return NULL;
    char *out = arena_printf(a, "%04d-%02d-%02d", parts[2], parts[1], parts[0]);
    if (!out || time_parse_date(out, &y, &m, &d) != 0) return NULL;
    return out;
}

/* ja/nee, yes/no, 1/0, true/false, x; empty is no. 1, 0 or -1. */
static int yes_no(const char *s)
{
    static const char *const yes[] = {"ja", "j", "yes", "y", "1", "true", "waar", "x", NULL};
    static const char *const no[] = {"", "nee", "n", "no", "0", "false", "onwaar", NULL};
    for (int i = 0; yes[i]; i++)
        if (str_eq_nocase(s, yes[i])) return 1;
    for (int i = 0; no[i]; i++)
        if (str_eq_nocase(s, no[i])) return 0;
    return -1;
}

const char *intake_import_key(arena *a, const intake_applicant *in)
{
    crypto_generichash_state st;
    crypto_generichash_init(&st, NULL, 0, 16);
    const char *parts[] = {in->given_name, in->family_name, in->birth_date, in->email};
    for (int i = 0; i < 4; i++) {
        char *lower = arena_strdup(a, parts[i] ? parts[i] : "");
        if (!lower) return NULL;
        str_lower(lower);
        crypto_generichash_update(&st, (const unsigned char *)lower, strlen(lower));
        crypto_generichash_update(&st, (const unsigned char *)"\x1f", 1);
    }
    unsigned char h[16];
    crypto_generichash_final(&st, h, sizeof h);
    char *hex = arena_alloc(a, 33);
    if (hex) str_hex(hex, h, sizeof h);
    return hex;
}

int intake_import_parse(arena *a, const intake_campaign *k, const char *data, size_t n, bool consent_declared,
                        int64_t now, intake_import_parsed *out)
{
    memset(out, 0, sizeof *out);
    csv_reader r;
    if (csv_open(&r, a, data, n, 0, CSV_ENC_AUTO) != 0) {
        add_error(a, out, 1, 0, "file", MSG_INTAKE_IMPORT_CSV, arena_strdup(a, r.error));
        return API_EINVALID;
    }
    out->encoding = r.encoding == CSV_ENC_CP1252 ? "windows-1252" : "utf-8";
    out->sep = r.sep;
    csv_row header;
    int rc = csv_next(&r, &header);
    if (rc < 0) {
        add_error(a, out, r.line, 0, "file", MSG_INTAKE_IMPORT_CSV, arena_strdup(a, r.error));
        return API_EINVALID;
    }
    if (rc == 0) {
        add_error(a, out, 1, 0, "file", MSG_INTAKE_IMPORT_EMPTY, NULL);
        return API_EINVALID;
    }
    int where[COL_COUNT]; /* the column index of each known column, or -1 */
    for (int c = 0; c < COL_COUNT; c++) where[c] = -1;
    int *col_of = arena_calloc(a, (size_t)header.n, sizeof *col_of);
    if (!col_of) return DB_ENOMEM;
    for (int i = 0; i < header.n; i++) {
        char *key = header_key(a, header.fields[i]);
        column c = key ? column_of(key) : COL_COUNT;
        col_of[i] = c;
        if (key && !*key) continue; /* a trailing empty column from a spreadsheet */
        if (c == COL_COUNT) add_error(a, out, header.line, i + 1, "header", MSG_INTAKE_IMPORT_UNKNOWN_COLUMN,
                                      header.fields[i]);
        else if (where[c] >= 0)
            add_error(a, out, header.line, i + 1, "header", MSG_INTAKE_IMPORT_DUPLICATE_COLUMN, header.fields[i]);
        else where[c] = i;
    }
    for (int c = 0; c < COL_COUNT; c++)
        if (columns[c].required && where[c] < 0)
            add_error(a, out, header.line, 0, columns[c].field, MSG_INTAKE_IMPORT_MISSING_COLUMN,
                      columns[c].names[0]);
    if (where[COL_CONSENT] < 0 && !consent_declared)
        add_error(a, out, header.line, 0, "consent", MSG_INTAKE_IMPORT_NO_CONSENT, NULL);
    if (out->nerrors) return API_EINVALID;

    int cap_rows = 64;
    out->rows = arena_alloc(a, (size_t)cap_rows * sizeof *out->rows);
    if (!out->rows) return DB_ENOMEM;
    csv_row row;
    while ((rc = csv_next(&r, &row)) == 1) {
        if (out->nrows == INTAKE_IMPORT_MAX_ROWS) {
            add_error(a, out, row.line, 0, "file", MSG_INTAKE_IMPORT_TOO_MANY_ROWS, NULL);
            return API_EINVALID;
        }
        bool row_bad = false;
        if (row.n > header.n) {
            for (int i = header.n; i < row.n; i++)
                if (*row.fields[i]) {
                    add_error(a, out, row.line, i + 1, "file", MSG_INTAKE_IMPORT_TOO_MANY_FIELDS, NULL);
                    row_bad = true;
                    break;
                }
        }
        intake_applicant in = {.consent = consent_declared, .source = "import", .lang = "nl"};
        const char *cell[COL_COUNT] = {0};
        for (int c = 0; c < COL_COUNT; c++)
            if (where[c] >= 0 && where[c] < row.n) cell[c] = row.fields[where[c]];
        in.given_name = cell[COL_GIVEN_NAME];
        in.family_name = cell[COL_FAMILY_NAME];
        in.email = cell[COL_EMAIL];
        in.phone = cell[COL_PHONE];
        in.postcode = cell[COL_POSTCODE];
        in.current_study = cell[COL_CURRENT_STUDY];
        in.prior_occupation_label = cell[COL_OCCUPATION];
        in.prior_occupation = cell[COL_OCCUPATION_URI];
        in.hobbies = cell[COL_HOBBIES];
        in.motivation = cell[COL_MOTIVATION];
        if (cell[COL_LANGUAGES]) {
            char *langs = arena_strdup(a, cell[COL_LANGUAGES]);
            if (langs) {
                str_lower(langs);
                for (char *p = langs; *p; p++)
                    if (*p == ';' || *p == ' ') *p = ',';
                /* "nl, en" -> "nl,,en" -> "nl,en" */
                char *w = langs;
                for (char *p = langs; *p; p++)
                    if (!(*p == ',' && (w == langs || w[-1] == ','))) *w++ = *p;
                if (w > langs && w[-1] == ',') w--;
                *w = '\0';
                in.languages = *langs ? langs : NULL;
            }
        }
        struct {
            column c;
            const char **to;
        } dates[] = {{COL_BIRTH_DATE, &in.birth_date}, {COL_FROM, &in.avail_from}, {COL_UNTIL, &in.avail_until}};
        for (size_t d = 0; d < sizeof dates / sizeof dates[0]; d++) {
            const char *v = cell[dates[d].c];
            char *t = v ? str_trim(a, v) : NULL;
            if (!t || !*t) continue;
            const char *iso = date_of(a, t);
            if (!iso) {
                add_error(a, out, row.line, where[dates[d].c] + 1, columns[dates[d].c].field,
                          MSG_INTAKE_IMPORT_BAD_DATE, NULL);
                row_bad = true;
            }
            *dates[d].to = iso;
        }
        if (cell[COL_HOURS]) {
            char *t = str_trim(a, cell[COL_HOURS]);
            int64_t h = 0;
            if (t && *t && str_to_int64(t, 0, 1000, &h) != 0) {
                add_error(a, out, row.line, where[COL_HOURS] + 1, "avail_hours", MSG_INTAKE_IMPORT_BAD_NUMBER, NULL);
                row_bad = true;
            }
            in.avail_hours = (int)h;
        }
        if (where[COL_CONSENT] >= 0) {
            char *t = str_trim(a, cell[COL_CONSENT] ? cell[COL_CONSENT] : "");
            int v = t ? yes_no(t) : -1;
            if (v < 0) {
                add_error(a, out, row.line, where[COL_CONSENT] + 1, "consent", MSG_INTAKE_IMPORT_BAD_YESNO, NULL);
                row_bad = true;
            }
            in.consent = v == 1;
        }
        if (cell[COL_CONSENT_KEEP]) {
            char *t = str_trim(a, cell[COL_CONSENT_KEEP]);
            int v = t ? yes_no(t) : -1;
            if (v < 0) {
                add_error(a, out, row.line, where[COL_CONSENT_KEEP] + 1, "consent_keep", MSG_INTAKE_IMPORT_BAD_YESNO,
                          NULL);
                row_bad = true;
            }
            in.consent_keep = v == 1;
        }
        if (cell[COL_LANG]) {
            char *t = str_trim(a, cell[COL_LANG]);
            if (t && *t) {
                str_lower(t);
                if (!str_eq(t, "nl") && !str_eq(t, "en")) {
                    add_error(a, out, row.line, where[COL_LANG] + 1, "lang", MSG_INTAKE_IMPORT_BAD_LANG, NULL);
                    row_bad = true;
                } else in.lang = t;
            }
        }
        intake_applicant_normalise(a, &in);
        api_errors e = {0};
        if (intake_applicant_validate(k, &in, now, &e) != 0) {
            for (int i = 0; i < e.n; i++) {
                /* A date already reported as unreadable is not reported twice. */
                bool seen = false;
                for (int j = out->nerrors - 1; j >= 0 && out->errors[j].line == row.line; j--)
                    if (str_eq(out->errors[j].field, e.items[i].field)) seen = true;
                if (seen) continue;
                int colno = 0;
                for (int c = 0; c < COL_COUNT; c++)
                    if (str_eq(columns[c].field, e.items[i].field) && where[c] >= 0) colno = where[c] + 1;
                add_error(a, out, row.line, colno, e.items[i].field, e.items[i].reason, NULL);
            }
            row_bad = true;
        }
        if (row_bad) continue;
        in.import_key = intake_import_key(a, &in);
        for (int i = 0; i < out->nrows; i++)
            if (str_eq(out->rows[i].in.import_key, in.import_key)) {
                add_error(a, out, row.line, 0, "row", MSG_INTAKE_IMPORT_DUPLICATE_ROW,
                          arena_printf(a, "%d", out->rows[i].line));
                row_bad = true;
                break;
            }
        if (row_bad) continue;
        if (out->nrows == cap_rows) {
            cap_rows *= 2;
            intake_import_row *grown = arena_alloc(a, (size_t)cap_rows * sizeof *grown);
            if (!grown) return DB_ENOMEM;
            memcpy(grown, out->rows, (size_t)out->nrows * sizeof *grown);
            out->rows = grown;
        }
        out->rows[out->nrows++] = (intake_import_row){row.line, in};
    }
    if (rc < 0) add_error(a, out, r.line, 0, "file", MSG_INTAKE_IMPORT_CSV, arena_strdup(a, r.error));
    else if (out->nrows == 0 && out->nerrors == 0) add_error(a, out, 1, 0, "file", MSG_INTAKE_IMPORT_EMPTY, NULL);
    return out->nerrors ? API_EINVALID : 0;
}

int intake_import_store(db_conn *c, const intake_campaign *k, const intake_import_parsed *p, const char *file_name,
                        const char *data, size_t n, int64_t user_id, const char *ip, const char *request_id,
                        int64_t now, intake_progress_fn progress, void *ctx, intake_import_result *out)
{
    memset(out, 0, sizeof *out);
    unsigned char hash[32];
    crypto_generichash(hash, sizeof hash, (const unsigned char *)data, n, NULL, 0);
    int rc = db_begin(c, true);
    if (rc) return rc;
    rc = db_insert(c, "INSERT INTO imports(campaign_id, user_id, file_name, file_hash, rows, added, at) "
                      "VALUES (?, ?, ?, ?, ?, 0, ?) RETURNING id",
                   DB_ARGS(db_int(k->id), db_id_or_null(user_id), db_text(file_name), db_blob(hash, sizeof hash),
                           db_int(p->nrows), db_int(now)),
                   &out->import_id);
    out->rows = p->nrows;
    for (int i = 0; !rc && i < p->nrows; i++) {
        intake_applicant in = p->rows[i].in;
        if (user_id && !in.referrer_user_id) in.referrer_user_id = user_id;
        intake_created made;
        rc = intake_application_create(c, k, &in, now, out->import_id, &made);
        if (!rc && made.existed) out->existed++;
        else if (!rc) {
            out->added++;
            if (made.waitlisted) out->waitlisted++;
        }
        if (progress) progress(ctx, i + 1, p->nrows);
    }
    if (!rc)
        rc = db_exec(c, "UPDATE imports SET added = ? WHERE id = ?", DB_ARGS(db_int(out->added), db_int(out->import_id)));
    if (!rc) {
        char detail[160];
        snprintf(detail, sizeof detail, "import %lld: %d rows, %d added, %d already there", (long long)out->import_id,
                 out->rows, out->added, out->existed);
        rc = audit_write(c, &(audit_entry){.user_id = user_id, .action = "import", .entity = "campaign",
                                           .entity_id = k->id, .outcome = "ok", .ip = ip, .request_id = request_id,
                                           .detail = detail});
    }
    if (!rc) rc = db_commit(c);
    if (rc) db_rollback(c);
    return rc;
}

void intake_import_report(FILE *f, const char *lang, const intake_import_parsed *p)
{
    for (int i = 0; i < p->nerrors; i++) {
        const intake_import_error *e = &p->errors[i];
        if (e->column) fprintf(f, "line %d, column %d (%s): %s", e->line, e->column, e->field, msg_in(lang, e->reason));
        else fprintf(f, "line %d (%s): %s", e->line, e->field, msg_in(lang, e->reason));
        if (e->detail) fprintf(f, " [%s]", e->detail);
        fputc('\n', f);
    }
}

/* ---- The upload on the campaign page ---- */

/* The policy target of an import into campaign id: its programme's partners. */
static int import_target(http_request *req, int64_t campaign_id, policy_target *t)
{
    int64_t *orgs = NULL;
    int n = 0;
    int rc = intake_campaign_partners(http_db(req), req->arena, campaign_id, &orgs, &n);
    *t = (policy_target){.kind = POLICY_APPLICATION, .id = 0, .orgs = orgs, .norgs = n};
    return rc;
}

static void import_form_body(http_request *req, buf *b, int64_t campaign_id, bool consent)
{
    html_lit(b, "<form class=\"instroom-form\" method=\"post\" enctype=\"multipart/form-data\"");
    html_attr(b, "action", arena_printf(req->arena, "/campaigns/%lld/import", (long long)campaign_id));
    html_lit(b, ">");
    page_csrf(req, b);
    page_field(b, "f-file", "file", msg(req, MSG_INTAKE_IMPORT_FILE), "file", NULL, NULL, NULL, NULL);
    /* the same checkbox markup as the public form: input and label side by side */
    html_lit(b, "<div class=\"utrecht-form-field utrecht-form-field--checkbox\"><div class=\"utrecht-form-field__input\">"
                "<input class=\"utrecht-checkbox utrecht-checkbox--html-input\" type=\"checkbox\" id=\"f-consent\" "
                "name=\"consent\" value=\"1\"");
    if (consent) html_lit(b, " checked");
    html_lit(b, "></div><div class=\"utrecht-form-field__label\"><label class=\"utrecht-form-label utrecht-form-label--checkbox\" "
                "for=\"f-consent\">");
    html_text(b, msg(req, MSG_INTAKE_IMPORT_CONSENT));
    html_lit(b, "</label></div></div><div class=\"instroom-form__actions\">");
    ui_submit(b, msg(req, MSG_INTAKE_IMPORT_SUBMIT));
    html_lit(b, "</div></form>");
}

void intake_import_form(http_request *req, buf *b, int64_t campaign_id)
{
    policy_target t;
    if (import_target(req, campaign_id, &t) != 0 || !policy_allows(auth_current(req), POLICY_WRITE, &t, NULL)) return;
    html_lit(b, "<h2 class=\"utrecht-heading-2\" id=\"import\">");
    html_text(b, msg(req, MSG_INTAKE_IMPORT_TITLE));
    html_lit(b, "</h2>");
    const char *added = http_query(req, "imported"), *existed = http_query(req, "existed");
    int64_t x, y;
    if (added && existed && str_to_int64(added, 0, INTAKE_IMPORT_MAX_ROWS, &x) == 0 &&
        str_to_int64(existed, 0, INTAKE_IMPORT_MAX_ROWS, &y) == 0)
        page_alert(b, ALERT_OK, msg_fill(req, MSG_INTAKE_IMPORT_DONE, added, existed));
    html_lit(b, "<div class=\"instroom-panel\"><p class=\"utrecht-paragraph\">");
    html_text(b, msg(req, MSG_INTAKE_IMPORT_TEXT));
    html_lit(b, "</p>");
    import_form_body(req, b, campaign_id, false);
    html_lit(b, "</div>");
}

/* The 422 page: every error in a table, and the form again. */
static void import_failed_page(http_request *req, http_response *res, const intake_campaign *k,
                               const intake_import_parsed *p, bool consent)
{
    page_begin(req, res, msg(req, MSG_INTAKE_IMPORT_TITLE));
    res->status = 422;
    buf *b = &res->body;
    html_lit(b, "<p class=\"utrecht-paragraph\"><a class=\"utrecht-link utrecht-link--html-a\"");
    html_attr(b, "href", arena_printf(req->arena, "/campaigns/%lld", (long long)k->id));
    html_lit(b, ">");
    html_text(b, k->title);
    html_lit(b, "</a></p><h1 class=\"utrecht-heading-1\">");
    html_text(b, msg(req, MSG_INTAKE_IMPORT_TITLE));
    html_lit(b, "</h1>");
    page_alert(b, ALERT_ERROR, msg_fill(req, MSG_INTAKE_IMPORT_FAILED, arena_printf(req->arena, "%d", p->nerrors), NULL));
    if (p->nerrors) {
        ui_table_begin(b, "import-errors-caption", msg(req, MSG_INTAKE_IMPORT_ERRORS), true);
        html_lit(b, "<thead class=\"utrecht-table__header\"><tr class=\"utrecht-table__row\">"
                    "<th class=\"utrecht-table__header-cell\" scope=\"col\">");
        html_text(b, msg(req, MSG_INTAKE_IMPORT_LINE));
        html_lit(b, "</th><th class=\"utrecht-table__header-cell\" scope=\"col\">");
        html_text(b, msg(req, MSG_INTAKE_IMPORT_COLUMN));
        html_lit(b, "</th><th class=\"utrecht-table__header-cell\" scope=\"col\">");
        html_text(b, msg(req, MSG_INTAKE_IMPORT_FIELD));
        html_lit(b, "</th><th class=\"utrecht-table__header-cell\" scope=\"col\">");
        html_text(b, msg(req, MSG_INTAKE_IMPORT_REASON));
        html_lit(b, "</th></tr></thead><tbody class=\"utrecht-table__body\">");
        for (int i = 0; i < p->nerrors; i++) {
            const intake_import_error *e = &p->errors[i];
            html_lit(b, "<tr class=\"utrecht-table__row\"><td class=\"utrecht-table__cell\">");
            html_int(b, e->line);
            html_lit(b, "</td><td class=\"utrecht-table__cell\">");
            if (e->column) html_int(b, e->column);
            html_lit(b, "</td><td class=\"utrecht-table__cell\">");
            html_text(b, e->field);
            html_lit(b, "</td><td class=\"utrecht-table__cell\">");
            html_text(b, msg(req, e->reason));
            if (e->detail) {
                html_lit(b, " (");
                html_text(b, e->detail);
                html_lit(b, ")");
            }
            html_lit(b, "</td></tr>");
        }
        html_lit(b, "</tbody>");
        ui_table_end(b);
    }
    html_lit(b, "<div class=\"instroom-panel\">");
    import_form_body(req, b, k->id, consent);
    html_lit(b, "</div>");
    page_end(req, res);
}

static int import_submit(http_request *req, http_response *res)
{
    int64_t id = http_path_id(req, "id");
    intake_campaign k;
    int rc = id ? intake_campaign_get(http_db(req), req->arena, id, &k) : DB_ENOTFOUND;
    if (rc == DB_ENOTFOUND) {
        http_error(req, res, 404);
        return 0;
    }
    if (rc) return api_fail(rc);
    policy_target t;
    rc = import_target(req, id, &t);
    if (rc) return api_fail(rc);
    if (!policy_enforce(req, POLICY_WRITE, &t, "import")) {
        http_error(req, res, 403);
        return 0;
    }
    const http_kv *file = http_form_field(req, "file");
    bool consent = str_eq(http_form(req, "consent"), "1");
    intake_import_parsed p;
    if (!file || !file->filename || file->len == 0) {
        memset(&p, 0, sizeof p);
        add_error(req->arena, &p, 0, 0, "file", MSG_INTAKE_IMPORT_NO_FILE, NULL);
        import_failed_page(req, res, &k, &p, consent);
        return 0;
    }
    int64_t now = time_now();
    rc = intake_import_parse(req->arena, &k, file->value, file->len, consent, now, &p);
    if (rc == API_EINVALID) {
        audit_request(req, "import", "campaign", k.id, 0, "failed",
                      arena_printf(req->arena, "%d errors, nothing imported", p.nerrors));
        import_failed_page(req, res, &k, &p, consent);
        return 0;
    }
    if (rc) return api_fail(rc);
    const auth_principal *who = auth_current(req);
    intake_import_result r;
    rc = intake_import_store(http_db(req), &k, &p, file->filename, file->value, file->len, who ? who->user_id : 0,
                             req->remote_ip, req->id, now, NULL, NULL, &r);
    if (rc) return api_fail(rc);
    http_redirect(req, res,
                  arena_printf(req->arena, "/campaigns/%lld?imported=%d&existed=%d#import", (long long)k.id, r.added,
                               r.existed));
    return 0;
}

const http_route intake_import_routes[] = {
    {"POST", "/campaigns/{id}/import", import_submit, 0, "campaigns: import applicants from CSV"},
    {0},
};

/* ---- instroom import applicants FILE --campaign SLUG ---- */

typedef struct progress_state {
    int64_t last_ms;
    int last_pct;
} progress_state;

static void cli_progress(void *ctx, int done, int total)
{
    progress_state *s = ctx;
    int pct = total ? (int)((int64_t)done * 100 / total) : 100;
    int64_t ms = time_mono_ms();
    if (done == total || pct >= s->last_pct + 5 || ms - s->last_ms >= 1000) {
        fprintf(stderr, "import: %d/%d rows (%d %%)\n", done, total, pct);
        s->last_pct = pct;
        s->last_ms = ms;
    }
}

static int import_usage(int status)
{
    fprintf(status ? stderr : stdout,
            "usage: instroom import applicants FILE --campaign SLUG [--consented] [--lang nl|en] [--db PATH]\n"
            "  Imports a pre-selected list of applicants from a CSV file (UTF-8 or Windows-1252,\n"
            "  ';' or ',' separated, a header row with Dutch or English column names). All or\n"
            "  nothing: when any row is wrong nothing is imported and every bad row is listed\n"
            "  (exit status 2). Rows imported before add nothing. --consented declares that\n"
            "  everyone on the list consented, for files without a consent column.\n");
    return status;
}

int cmd_import(int argc, char **argv)
{
    if (argc < 2) return import_usage(2);
    if (str_eq(argv[1], "--help") || str_eq(argv[1], "-h")) return import_usage(0);
    if (!str_eq(argv[1], "applicants")) {
        fprintf(stderr, "instroom import: unknown kind '%s' (only 'applicants')\n", argv[1]);
        return import_usage(2);
    }
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},   {"campaign", required_argument, NULL, 'c'},
        {"consented", no_argument, NULL, 'k'}, {"lang", required_argument, NULL, 'l'},
        {"help", no_argument, NULL, 'h'},      {0},
    };
    const char *dbp = NULL, *slug = NULL, *lang = "en";
    bool consented = false;
    optind = 1;
    int c;
    while ((c = getopt_long(argc - 1, argv + 1, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd': dbp = optarg; break;
        case 'c': slug = optarg; break;
        case 'k': consented = true; break;
        case 'l': lang = optarg; break;
        case 'h': return import_usage(0);
        default: return import_usage(2);
        }
    }
    if (optind != argc - 2) {
        fprintf(stderr, "instroom import applicants: give one FILE\n");
        return import_usage(2);
    }
    const char *path = argv[optind + 1];
    if (!slug) {
        fprintf(stderr, "instroom import applicants: --campaign SLUG is required\n");
        return 2;
    }
    if (!str_eq(lang, "nl") && !str_eq(lang, "en")) {
        fprintf(stderr, "instroom import applicants: --lang is nl or en\n");
        return 2;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "instroom import applicants: cannot open %s: %s\n", path, strerror(errno));
        return 2;
    }
    buf data;
    buf_init(&data, 256u << 20);
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
        if (buf_append(&data, chunk, got) != BUF_OK) break;
    bool read_failed = ferror(f) || data.failed;
    fclose(f);
    if (read_failed) {
        fprintf(stderr, "instroom import applicants: cannot read %s (at most 256 MiB)\n", path);
        buf_free(&data);
        return 2;
    }
    if (random_init() != 0) {
        fprintf(stderr, "instroom import applicants: cannot initialise libsodium\n");
        buf_free(&data);
        return 1;
    }
    db *d;
    if (db_cli_open(db_cli_path(dbp), 1, &d) < 0) {
        buf_free(&data);
        return 1;
    }
    db_conn *conn = db_acquire(d);
    arena a;
    arena_init(&a, 0);
    int status = 0;
    intake_campaign k;
    int rc = intake_campaign_by_slug(conn, &a, slug, &k);
    if (rc == DB_ENOTFOUND) {
        fprintf(stderr, "instroom import applicants: no campaign '%s'\n", slug);
        status = 2;
    } else if (rc) {
        fprintf(stderr, "instroom import applicants: %s\n", db_errmsg(conn));
        status = 1;
    }
    int64_t now = time_now();
    intake_import_parsed p;
    if (!status) {
        fprintf(stderr, "import: reading %s (%zu bytes)\n", path, data.len);
        rc = intake_import_parse(&a, &k, data.data ? data.data : "", data.len, consented, now, &p);
        if (rc == API_EINVALID) {
            fprintf(stderr, "instroom import applicants: nothing imported: %d error(s) in %s\n", p.nerrors, path);
            intake_import_report(stderr, lang, &p);
            status = 2;
        } else if (rc) {
            fprintf(stderr, "instroom import applicants: out of memory\n");
            status = 1;
        }
    }
    if (!status) {
        fprintf(stderr, "import: %d rows read (%s, separator '%c'), storing\n", p.nrows, p.encoding, p.sep);
        progress_state ps = {time_mono_ms(), 0};
        intake_import_result r;
        rc = intake_import_store(conn, &k, &p, path, data.data, data.len, 0, NULL, NULL, now, cli_progress, &ps, &r);
        if (rc) {
            fprintf(stderr, "instroom import applicants: nothing imported: %s\n", db_errmsg(conn));
            status = 1;
        } else {
            printf("imported %d of %d rows into %s (%d already there, %d on the waiting list)\n", r.added, r.rows, slug,
                   r.existed, r.waitlisted);
        }
    }
    arena_free(&a);
    buf_free(&data);
    db_release(conn);
    db_close(d);
    return status;
}
