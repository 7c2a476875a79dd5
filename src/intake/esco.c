/* intake esco: the ESCO occupations (Dutch labels) the public form lets an
 * applicant choose a prior occupation from: the loader (`instroom esco load
 * FILE`, base/csv does the parsing), the lookups, and GET /api/v1/esco/occupations. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "auth/policy.h"
#include "base/csv.h"
#include "base/str.h"
#include "cli_commands.h"
#include "db/cli.h"
#include "http/server.h"
#include "intake/intake.h"
#include "intake/outbox.h"

int intake_esco_count(db_conn *c, int64_t *n)
{
    return db_query_int(c, "SELECT count(*) FROM esco_occupations", DB_NOARGS, n);
}

static int one(db_conn *c, arena *a, const char *sql, const db_value *args, int nargs, intake_occupation *out)
{
    db_stmt *s;
    int rc = db_prepare(c, sql, args, nargs, &s);
    if (rc) return rc;
    rc = db_step(s);
    if (rc == DB_ROW) {
        out->uri = arena_strdup(a, db_col_text(s, 0));
        out->label = arena_strdup(a, db_col_text(s, 1));
    }
    db_finalize(s);
    return rc == DB_ROW ? 0 : rc == DB_DONE ? DB_ENOTFOUND : rc;
}

int intake_esco_find_label(db_conn *c, arena *a, const char *label, intake_occupation *out)
{
    if (!label || !*label) return DB_ENOTFOUND;
    return one(c, a,
               "SELECT uri, label FROM esco_occupations WHERE label = ? COLLATE NOCASE"
               " OR instr(char(10) || lower(coalesce(alt_labels, '')) || char(10), char(10) || lower(?) || char(10)) > 0"
               " ORDER BY label = ? COLLATE NOCASE DESC, label LIMIT 1",
               DB_ARGS(db_text(label), db_text(label), db_text(label)), out);
}

int intake_esco_get(db_conn *c, arena *a, const char *uri, intake_occupation *out)
{
    if (!uri || !*uri) return DB_ENOTFOUND;
    return one(c, a, "SELECT uri, label FROM esco_occupations WHERE uri = ?", DB_ARGS(db_text(uri)), out);
}

int intake_esco_suggest(db_conn *c, arena *a, const char *q, int limit, intake_occupation **out, int *n)
{
    *out = NULL;
    *n = 0;
    if (limit < 1) limit = 1;
    if (limit > 100) limit = 100;
    intake_occupation *list = arena_calloc(a, (size_t)limit, sizeof *list);
    if (!list) return DB_ENOMEM;
    const char *needle = q && *q ? q : "";
    db_stmt *s;
    int rc = db_prepare(c,
                        "SELECT uri, label FROM esco_occupations WHERE instr(lower(label), lower(?)) > 0"
                        " OR instr(lower(coalesce(alt_labels, '')), lower(?)) > 0"
                        " ORDER BY instr(lower(label), lower(?)) = 1 DESC, instr(lower(label), lower(?)) > 0 DESC,"
                        " length(label), label LIMIT ?",
                        DB_ARGS(db_text(needle), db_text(needle), db_text(needle), db_text(needle), db_int(limit)),
                        &s);
    if (rc) return rc;
    int k = 0;
    while (k < limit && (rc = db_step(s)) == DB_ROW) {
        list[k].uri = arena_strdup(a, db_col_text(s, 0));
        list[k].label = arena_strdup(a, db_col_text(s, 1));
        k++;
    }
    db_finalize(s);
    if (rc < 0) return rc;
    *out = list;
    *n = k;
    return 0;
}

/* The index of the column named name in the header row, or -1. */
static int column(const csv_row *h, const char *name)
{
    for (int i = 0; i < h->n; i++)
        if (str_eq(h->fields[i], name)) return i;
    return -1;
}

int intake_esco_load(db_conn *c, const char *data, size_t n, bool progress, int64_t *rows, char *err, size_t errn)
{
    *rows = 0;
    arena a;
    arena_init(&a, 0);
    csv_reader r;
    csv_row h;
    int rc = 0;
    if (csv_open(&r, &a, data, n, ',', CSV_ENC_UTF8) != 0 || csv_next(&r, &h) != 1) {
        snprintf(err, errn, "%s", r.error[0] ? r.error : "the file is empty");
        arena_free(&a);
        return -1;
    }
    int cu = column(&h, "conceptUri"), cl = column(&h, "preferredLabel"), ca = column(&h, "altLabels"),
        cg = column(&h, "iscoGroup");
    if (cu < 0 || cl < 0) {
        snprintf(err, errn, "line 1: the header has no conceptUri and preferredLabel columns");
        arena_free(&a);
        return -1;
    }
    rc = db_begin(c, true);
    if (rc) {
        snprintf(err, errn, "cannot start a transaction: %s", db_errmsg(c));
        arena_free(&a);
        return -1;
    }
    csv_row row;
    int got;
    size_t last_report = 0;
    while (!rc && (got = csv_next(&r, &row)) == 1) {
        const char *uri = cu < row.n ? row.fields[cu] : "";
        const char *label = cl < row.n ? row.fields[cl] : "";
        if (!str_starts_with(uri, "http") || !*label) {
            snprintf(err, errn, "line %d: a row without conceptUri or preferredLabel", row.line);
            rc = -1;
            break;
        }
        const char *alt = ca >= 0 && ca < row.n && *row.fields[ca] ? row.fields[ca] : NULL;
        const char *isco = cg >= 0 && cg < row.n && *row.fields[cg] ? row.fields[cg] : NULL;
        rc = db_exec(c,
                     "INSERT INTO esco_occupations(uri, label, alt_labels, isco_group) VALUES (?, ?, ?, ?)"
                     " ON CONFLICT(uri) DO UPDATE SET label = excluded.label, alt_labels = excluded.alt_labels,"
                     " isco_group = excluded.isco_group",
                     DB_ARGS(db_text(uri), db_text(label), db_text(alt), db_text(isco)));
        if (rc) snprintf(err, errn, "line %d: %s", row.line, db_errmsg(c));
        else (*rows)++;
        if (progress && r.pos - last_report > n / 10) {
            last_report = r.pos;
            fprintf(stderr, "esco: %lld occupations, %zu%%\n", (long long)*rows, n ? r.pos * 100 / n : 100);
        }
    }
    if (!rc && got < 0) {
        snprintf(err, errn, "%s", r.error);
        rc = -1;
    }
    if (!rc) rc = db_commit(c);
    if (rc) db_rollback(c);
    arena_free(&a);
    return rc ? -1 : 0;
}

/* ---- instroom esco load FILE ---- */

static int esco_usage(int status)
{
    fprintf(status ? stderr : stdout,
            "usage: instroom esco load FILE [--db PATH]\n"
            "  Loads the ESCO occupations CSV (occupations_nl.csv of the ESCO download)\n"
            "  for the prior-occupation question of the application form. Loading the\n"
            "  same file again changes nothing.\n");
    return status;
}

/* Reads the whole file into a malloc'd buffer; NULL with errno. */
static char *read_file(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    buf b;
    buf_init(&b, 256u * 1024 * 1024);
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) buf_append(&b, chunk, got);
    int bad = ferror(f) || b.failed;
    fclose(f);
    if (bad) {
        buf_free(&b);
        errno = EIO;
        return NULL;
    }
    char *data = buf_detach(&b, n);
    if (!data) data = calloc(1, 1);
    return data;
}

int cmd_esco(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"help", no_argument, NULL, 'h'},
        {0},
    };
    const char *dbp = NULL;
    optind = 1;
    int ch;
    while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (ch == 'd') dbp = optarg;
        else return esco_usage(ch == 'h' ? 0 : 2);
    }
    if (argc - optind != 2 || !str_eq(argv[optind], "load")) return esco_usage(2);
    const char *path = argv[optind + 1];
    size_t n = 0;
    char *data = read_file(path, &n);
    if (!data) {
        fprintf(stderr, "instroom esco: cannot read %s: %s\n", path, strerror(errno));
        return 1;
    }
    db *d;
    if (db_cli_open(db_cli_path(dbp), 1, &d) < 0) {
        free(data);
        return 1;
    }
    db_conn *c = db_acquire(d);
    int64_t rows = 0;
    char err[512];
    int rc = intake_esco_load(c, data, n, true, &rows, err, sizeof err);
    int64_t total = 0;
    if (!rc) intake_esco_count(c, &total);
    db_release(c);
    db_close(d);
    free(data);
    if (rc) {
        fprintf(stderr, "instroom esco: %s: %s (nothing was loaded)\n", path, err);
        return 2;
    }
    printf("%lld occupations read; %lld in the database\n", (long long)rows, (long long)total);
    return 0;
}

/* ---- GET /api/v1/esco/occupations?q= ---- */

static int api_esco_list(http_request *req, http_response *res)
{
    if (!policy_enforce(req, POLICY_READ, &(policy_target){.kind = POLICY_REFERENCE}, "esco")) {
        http_problem(req, res, 403, "the occupation list is for staff", NULL, NULL);
        return 0;
    }
    const char *q = http_query(req, "q");
    if (q && api_text_check(q, false, 100, false) != API_TEXT_OK) {
        http_problem(req, res, 400, "q is at most 100 characters of text", "q", "invalid");
        return 0;
    }
    int64_t limit = 20;
    const char *ls = http_query(req, "limit");
    if (ls && str_to_int64(ls, 1, 100, &limit) != 0) {
        http_problem(req, res, 400, "limit is a whole number from 1 to 100", "limit", "invalid");
        return 0;
    }
    intake_occupation *list;
    int n;
    int rc = intake_esco_suggest(http_db(req), req->arena, q, (int)limit, &list, &n);
    if (rc) return api_fail(rc);
    jsonw w;
    api_json_begin(res, 200, &w);
    jsonw_object_begin(&w);
    jsonw_key(&w, "items");
    jsonw_array_begin(&w);
    for (int i = 0; i < n; i++) {
        jsonw_object_begin(&w);
        jsonw_kstr(&w, "uri", list[i].uri);
        jsonw_kstr(&w, "label", list[i].label);
        jsonw_object_end(&w);
    }
    jsonw_array_end(&w);
    jsonw_object_end(&w);
    return api_json_end(&w);
}

const http_route intake_apply_api_routes[] = {
    {"GET", "/api/v1/esco/occupations", api_esco_list, HTTP_API, "ESCO occupations matching q"},
    {"GET", "/api/v1/outbox", intake_outbox_api_list, HTTP_API, "the mail outbox with status and failures"},
    {0},
};
