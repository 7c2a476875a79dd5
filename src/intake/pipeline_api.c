/* intake pipeline api: the JSON of the pipeline, scoring, ranking, selection
 * and funnel under /api/v1. Thin: policy decides, pipeline_store does. */
#include <string.h>

#include "auth/policy.h"
#include "base/str.h"
#include "base/time.h"
#include "http/api.h"
#include "http/server.h"
#include "intake/pipeline.h"

static void not_found(http_request *req, http_response *res)
{
    http_problem(req, res, 404, "no such campaign or application", NULL, NULL);
}

/* Loads campaign {id} after policy allowed reading its applications (404
 * otherwise, audited) and, for op WRITE, changing them (403). */
static int load_campaign(http_request *req, http_response *res, policy_op op, intake_campaign *k, bool *done)
{
    int rc = intake_pipeline_open_campaign(req, op, k);
    *done = rc != 0;
    if (rc < 0) return api_fail(rc);
    if (rc == 404) not_found(req, res);
    else if (rc == 403)
        http_problem(req, res, 403, "applications are changed by recruiters of the programme's partners", NULL, NULL);
    return 0;
}

/* Loads application {id} and its campaign as load_campaign does. */
static int load_application(http_request *req, http_response *res, policy_op op, intake_app_row *app,
                            intake_campaign *k, bool *done)
{
    int rc = intake_pipeline_open_application(req, op, app, k);
    *done = rc != 0;
    if (rc < 0) return api_fail(rc);
    if (rc == 404) not_found(req, res);
    else if (rc == 403)
        http_problem(req, res, 403, "applications are changed by recruiters of the programme's partners", NULL, NULL);
    return 0;
}

static void write_stage(jsonw *w, const char *key, const intake_stage *st)
{
    jsonw_key(w, key);
    if (!st) {
        jsonw_null(w);
        return;
    }
    jsonw_object_begin(w);
    jsonw_kint(w, "id", st->id);
    jsonw_kstr(w, "key", st->key);
    jsonw_kstr(w, "name", st->name_nl);
    jsonw_kstr(w, "name_en", st->name_en);
    jsonw_object_end(w);
}

static void write_app(jsonw *w, const intake_app_row *a, const intake_stage *st, int nst, bool detail)
{
    jsonw_object_begin(w);
    jsonw_kint(w, "id", a->id);
    jsonw_kint(w, "campaign_id", a->campaign_id);
    write_stage(w, "stage", intake_stage_by_id(st, nst, a->stage_id));
    jsonw_kstr(w, "given_name", a->given_name);
    jsonw_kstr(w, "family_name", a->family_name);
    jsonw_kstr(w, "email", a->email);
    jsonw_kstr(w, "phone", a->phone);
    jsonw_kstr(w, "postcode", a->postcode);
    jsonw_kstr(w, "birth_date", a->birth_date);
    jsonw_kstr(w, "source", a->source);
    jsonw_kstr(w, "languages", a->languages);
    jsonw_kint(w, "avail_days", a->avail_days);
    jsonw_kint(w, "avail_parts", a->avail_parts);
    jsonw_kint(w, "avail_hours", a->avail_hours);
    jsonw_kbool(w, "waitlisted", a->waitlisted);
    jsonw_ktime(w, "created_at", a->created_at, true);
    jsonw_ktime(w, "stage_at", a->stage_at, true);
    jsonw_ktime(w, "erased_at", a->erased_at, true);
    if (detail) {
        jsonw_kstr(w, "current_study", a->current_study);
        jsonw_kstr(w, "prior_occupation", a->prior_occupation_label);
        jsonw_kstr(w, "hobbies", a->hobbies);
        jsonw_kstr(w, "motivation", a->motivation);
        jsonw_kstr(w, "avail_from", a->avail_from);
        jsonw_kstr(w, "avail_until", a->avail_until);
        jsonw_kstr(w, "lang", a->lang);
        jsonw_key(w, "duplicate_of");
        if (a->duplicate_of) {
            jsonw_object_begin(w);
            jsonw_kint(w, "person_id", a->duplicate_of);
            jsonw_kstr(w, "name", a->duplicate_name);
            jsonw_kstr(w, "reason", a->duplicate_reason);
            jsonw_object_end(w);
        } else {
            jsonw_null(w);
        }
    }
    jsonw_object_end(w);
}

/* Reads the optional whole-number query parameter name into *out (0 when absent). */
static bool query_int(http_request *req, const char *name, int64_t min, int64_t max, int64_t *out)
{
    const char *v = http_query(req, name);
    *out = 0;
    if (!v || !*v) return true;
    return str_to_int64(v, min, max, out) == 0;
}

/* Reads the list filters of the query; false with a 400 problem in res. */
static bool read_filter(http_request *req, http_response *res, const intake_stage *st, int nst, intake_app_filter *f)
{
    api_errors e = {0};
    const char *stage = http_query(req, "stage");
    if (stage && *stage) {
        const intake_stage *s = intake_stage_find(st, nst, stage, 0);
        if (!s) api_errors_add(&e, "stage", MSG_PIPE_STAGE_UNKNOWN);
        else f->stage_id = s->id;
    }
    f->source = http_query(req, "source");
    f->area = http_query(req, "area");
    f->language = http_query(req, "language");
    if (f->source && !*f->source) f->source = NULL;
    if (f->area && !*f->area) f->area = NULL;
    if (f->language && !*f->language) f->language = NULL;
    int64_t v;
    if (!query_int(req, "age_min", 0, 120, &v)) api_errors_add(&e, "age_min", MSG_PIPE_FILTER_AGE);
    f->age_min = (int)v;
    if (!query_int(req, "age_max", 0, 120, &v)) api_errors_add(&e, "age_max", MSG_PIPE_FILTER_AGE);
    f->age_max = (int)v;
    if (!query_int(req, "days", 0, 127, &v)) api_errors_add(&e, "days", MSG_PIPE_FILTER_DAYS);
    f->days = (unsigned)v;
    if (!query_int(req, "parts", 0, 15, &v)) api_errors_add(&e, "parts", MSG_PIPE_FILTER_PARTS);
    f->parts = (unsigned)v;
    intake_app_filter_skill(f, http_query(req, "skill"), http_query(req, "level"), http_query(req, "min"), &e);
    char today[11];
    time_format_ams(today, sizeof today, time_now(), "%Y-%m-%d");
    f->today = arena_strdup(req->arena, today);
    intake_app_filter_check(f, &e);
    if (e.n) {
        api_problem_errors(req, res, 400, "the filter is not right: see errors", &e);
        return false;
    }
    return true;
}

static int api_applications_list(http_request *req, http_response *res)
{
    intake_campaign k;
    bool done;
    int rc = load_campaign(req, res, POLICY_READ, &k, &done);
    if (rc || done) return rc;
    api_page pg;
    if (api_page_parse(req, res, &pg) != 0) return 0;
    intake_stage *st;
    int nst;
    rc = intake_stages(http_db(req), req->arena, k.id, &st, &nst);
    if (rc) return api_fail(rc);
    intake_app_filter f = {0};
    if (!read_filter(req, res, st, nst, &f)) return 0;
    f.after = pg.after;
    f.limit = pg.limit + 1;
    intake_app_row *list;
    int n;
    rc = intake_pipeline_applications(http_db(req), req->arena, k.id, &f, &list, &n, NULL);
    if (rc) return api_fail(rc);
    int shown = n > pg.limit ? pg.limit : n;
    jsonw w;
    api_json_begin(res, 200, &w);
    api_list_begin(&w);
    for (int i = 0; i < shown; i++) write_app(&w, &list[i], st, nst, false);
    api_list_end(req, &w, n > pg.limit ? list[shown - 1].id : 0);
    return api_json_end(&w);
}

static int reply_application(http_request *req, http_response *res, int status, int64_t id)
{
    db_conn *c = http_db(req);
    intake_app_row a;
    int rc = intake_pipeline_application(c, req->arena, id, &a);
    intake_stage *st = NULL;
    int nst = 0;
    if (!rc) rc = intake_stages(c, req->arena, a.campaign_id, &st, &nst);
    intake_move_row *mv = NULL;
    int nmv = 0;
    if (!rc) rc = intake_pipeline_moves(c, req->arena, id, &mv, &nmv);
    intake_score_row *sc = NULL;
    int nsc = 0;
    if (!rc) rc = intake_pipeline_scores(c, req->arena, id, &sc, &nsc);
    if (rc) return api_fail(rc);
    jsonw w;
    api_json_begin(res, status, &w);
    jsonw_object_begin(&w);
    jsonw_key(&w, "application");
    write_app(&w, &a, st, nst, true);
    jsonw_key(&w, "moves");
    jsonw_array_begin(&w);
    for (int i = 0; i < nmv; i++) {
        jsonw_object_begin(&w);
        write_stage(&w, "from", intake_stage_by_id(st, nst, mv[i].from_stage));
        write_stage(&w, "to", intake_stage_by_id(st, nst, mv[i].to_stage));
        jsonw_key(&w, "by");
        if (mv[i].user_id) {
            jsonw_object_begin(&w);
            jsonw_kint(&w, "id", mv[i].user_id);
            jsonw_kstr(&w, "name", mv[i].user_name);
            jsonw_object_end(&w);
        } else {
            jsonw_null(&w);
        }
        jsonw_ktime(&w, "at", mv[i].at, false);
        jsonw_kstr(&w, "reason", mv[i].reason);
        jsonw_object_end(&w);
    }
    jsonw_array_end(&w);
    jsonw_key(&w, "scores");
    jsonw_array_begin(&w);
    for (int i = 0; i < nsc; i++) {
        jsonw_object_begin(&w);
        jsonw_kint(&w, "criterion_id", sc[i].criterion_id);
        jsonw_kint(&w, "reviewer_id", sc[i].reviewer_id);
        jsonw_kstr(&w, "reviewer", sc[i].reviewer_name);
        jsonw_kint(&w, "score", sc[i].score);
        jsonw_ktime(&w, "at", sc[i].at, false);
        jsonw_object_end(&w);
    }
    jsonw_array_end(&w);
    jsonw_object_end(&w);
    return api_json_end(&w);
}

static int api_application_show(http_request *req, http_response *res)
{
    intake_app_row a;
    intake_campaign k;
    bool done;
    int rc = load_application(req, res, POLICY_READ, &a, &k, &done);
    if (rc || done) return rc;
    return reply_application(req, res, 200, a.id);
}

/* The stage id of the stage key given in body member "stage" (0 and an error when unknown). */
static int64_t body_stage(http_request *req, const json_t *body, int64_t campaign_id, bool required, api_errors *e)
{
    const char *key = NULL;
    api_get_string(body, "stage", &key, e);
    if (!key) {
        if (required) api_errors_add(e, "stage", MSG_PIPE_STAGE_UNKNOWN);
        return 0;
    }
    intake_stage *st;
    int nst;
    if (intake_stages(http_db(req), req->arena, campaign_id, &st, &nst) != 0) return 0;
    const intake_stage *s = intake_stage_find(st, nst, key, 0);
    if (!s) api_errors_add(e, "stage", MSG_PIPE_STAGE_UNKNOWN);
    return s ? s->id : 0;
}

static const char *const move_fields[] = {"stage", "reason", NULL};

static int api_application_move(http_request *req, http_response *res)
{
    intake_app_row a;
    intake_campaign k;
    bool done;
    int rc = load_application(req, res, POLICY_WRITE, &a, &k, &done);
    if (rc || done) return rc;
    json_t *body;
    if (api_read_json(req, res, &body) != 0) return 0;
    api_errors e = {0};
    api_reject_unknown(body, move_fields, &e);
    int64_t to = body_stage(req, body, k.id, true, &e);
    const char *reason = NULL;
    api_get_string(body, "reason", &reason, &e);
    rc = intake_pipeline_move(req, &k, a.id, to, reason, &e);
    json_decref(body);
    if (rc == API_EINVALID) {
        api_problem_errors(req, res, 422, "the application was not moved: see errors", &e);
        return 0;
    }
    if (rc == DB_ENOTFOUND) {
        not_found(req, res);
        return 0;
    }
    if (rc) return api_fail(rc);
    return reply_application(req, res, 201, a.id);
}

static const char *const bulk_fields[] = {"ids", "stage", "reason", "reject", NULL};

static int api_campaign_moves(http_request *req, http_response *res)
{
    intake_campaign k;
    bool done;
    int rc = load_campaign(req, res, POLICY_WRITE, &k, &done);
    if (rc || done) return rc;
    json_t *body;
    if (api_read_json(req, res, &body) != 0) return 0;
    api_errors e = {0};
    api_reject_unknown(body, bulk_fields, &e);
    json_t *r = json_object_get(body, "reject");
    if (r && !json_is_boolean(r)) api_errors_add(&e, "reject", MSG_API_NOT_A_BOOLEAN);
    bool reject = r && json_is_true(r);
    int64_t to = body_stage(req, body, k.id, !reject, &e);
    const char *reason = NULL;
    api_get_string(body, "reason", &reason, &e);
    json_t *ids = json_object_get(body, "ids");
    size_t n = json_is_array(ids) ? json_array_size(ids) : 0;
    if (!json_is_array(ids)) api_errors_add(&e, "ids", MSG_PIPE_BULK_NONE);
    if (n > INTAKE_BULK_MAX) n = INTAKE_BULK_MAX + 1;
    int64_t *list = arena_calloc(req->arena, n ? n : 1, sizeof *list);
    for (size_t i = 0; list && i < n; i++) {
        json_t *v = json_array_get(ids, i);
        if (!json_is_integer(v) || json_integer_value(v) < 1) api_errors_add(&e, "ids", MSG_API_NOT_AN_ID);
        else list[i] = json_integer_value(v);
    }
    int mails = 0;
    rc = e.n ? API_EINVALID : intake_pipeline_move_bulk(req, &k, list, (int)n, to, reject, reason, &e, &mails);
    json_decref(body);
    if (rc == API_EINVALID) {
        api_problem_errors(req, res, 422, "nothing was moved: see errors", &e);
        return 0;
    }
    if (rc) return api_fail(rc);
    jsonw w;
    api_json_begin(res, 200, &w);
    jsonw_object_begin(&w);
    jsonw_kint(&w, "moved", (int64_t)n);
    jsonw_kint(&w, "mails_queued", mails);
    jsonw_object_end(&w);
    return api_json_end(&w);
}

static const char *const scores_fields[] = {"scores", NULL};
static const char *const score_fields[] = {"criterion_id", "score", NULL};

static int api_application_scores(http_request *req, http_response *res)
{
    intake_app_row a;
    intake_campaign k;
    bool done;
    int rc = load_application(req, res, POLICY_WRITE, &a, &k, &done);
    if (rc || done) return rc;
    json_t *body;
    if (api_read_json(req, res, &body) != 0) return 0;
    api_errors e = {0};
    api_reject_unknown(body, scores_fields, &e);
    json_t *arr = json_object_get(body, "scores");
    size_t n = json_is_array(arr) ? json_array_size(arr) : 0;
    if (n > INTAKE_CRITERIA_MAX) n = INTAKE_CRITERIA_MAX;
    int64_t *crit = arena_calloc(req->arena, n ? n : 1, sizeof *crit);
    int *scores = arena_calloc(req->arena, n ? n : 1, sizeof *scores);
    if (!crit || !scores) {
        json_decref(body);
        return DB_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_array_get(arr, i);
        if (!json_is_object(o)) {
            api_errors_add(&e, "scores", MSG_PIPE_SCORES_NONE);
            continue;
        }
        api_reject_unknown(o, score_fields, &e);
        api_get_id(o, "criterion_id", &crit[i], &e);
        if (!crit[i]) api_errors_add(&e, "criterion_id", MSG_PIPE_CRITERION_UNKNOWN);
        json_t *s = json_object_get(o, "score");
        if (!json_is_integer(s) || !intake_score_valid(json_integer_value(s)))
            api_errors_add(&e, "score", MSG_PIPE_SCORE_RANGE);
        else scores[i] = (int)json_integer_value(s);
    }
    rc = intake_pipeline_scores_save(req, &k, a.id, crit, scores, (int)n, &e);
    json_decref(body);
    if (rc == API_EINVALID) {
        api_problem_errors(req, res, 422, "the scores were not saved: see errors", &e);
        return 0;
    }
    if (rc == DB_ENOTFOUND) {
        not_found(req, res);
        return 0;
    }
    if (rc) return api_fail(rc);
    return reply_application(req, res, 200, a.id);
}

static void write_ranked(jsonw *w, const intake_ranked *r, const intake_criterion *crit)
{
    jsonw_kint(w, "application_id", r->application_id);
    jsonw_key(w, "rank");
    if (r->rank) jsonw_int(w, r->rank);
    else jsonw_null(w);
    jsonw_key(w, "score");
    if (r->rank) jsonw_real(w, r->score);
    else jsonw_null(w);
    jsonw_kint(w, "reviewers", r->reviewers);
    jsonw_kstr(w, "reason", r->reason_key);
    jsonw_key(w, "missing_criteria");
    jsonw_array_begin(w);
    for (int j = 0; r->rank && j < r->nmissing; j++) jsonw_str(w, crit[r->missing[j]].name);
    jsonw_array_end(w);
    jsonw_kstr(w, "tie_break", intake_tie_key(r->tie));
    jsonw_key(w, "tie_with");
    if (r->tie_with) jsonw_int(w, r->tie_with);
    else jsonw_null(w);
}

/* The explanation of a ranked entry in the request's language, in the arena. */
static const char *explain(http_request *req, const intake_ranked *r, const intake_criterion *crit)
{
    buf b;
    buf_init(&b, 4096);
    const char *missing = "";
    if (r->nmissing && r->rank) {
        for (int j = 0; j < r->nmissing; j++) {
            if (j) buf_puts(&b, ", ");
            buf_puts(&b, crit[r->missing[j]].name);
        }
        missing = arena_strdup(req->arena, buf_cstr(&b));
    }
    buf_free(&b);
    const char *text = msg_fill(req, r->reason, missing, NULL);
    if (r->tie != INTAKE_TIE_NONE)
        text = arena_printf(req->arena, "%s %s", text,
                            msg_fill(req, intake_tie_label(r->tie), arena_printf(req->arena, "#%lld", (long long)r->tie_with), NULL));
    return text;
}

static int api_ranking(http_request *req, http_response *res)
{
    intake_campaign k;
    bool done;
    int rc = load_campaign(req, res, POLICY_READ, &k, &done);
    if (rc || done) return rc;
    intake_criterion *crit;
    intake_ranked *r;
    int ncrit, n;
    rc = intake_pipeline_ranking(http_db(req), req->arena, k.id, &crit, &ncrit, &r, &n);
    if (rc) return api_fail(rc);
    jsonw w;
    api_json_begin(res, 200, &w);
    jsonw_object_begin(&w);
    jsonw_key(&w, "criteria");
    jsonw_array_begin(&w);
    for (int j = 0; j < ncrit; j++) {
        jsonw_object_begin(&w);
        jsonw_kint(&w, "id", crit[j].id);
        jsonw_kstr(&w, "name", crit[j].name);
        jsonw_key(&w, "weight");
        jsonw_real(&w, crit[j].weight);
        jsonw_object_end(&w);
    }
    jsonw_array_end(&w);
    jsonw_key(&w, "items");
    jsonw_array_begin(&w);
    for (int i = 0; i < n; i++) {
        jsonw_object_begin(&w);
        write_ranked(&w, &r[i], crit);
        jsonw_kstr(&w, "explanation", explain(req, &r[i], crit));
        jsonw_object_end(&w);
    }
    jsonw_array_end(&w);
    jsonw_object_end(&w);
    return api_json_end(&w);
}

static const char *const select_fields[] = {"k", "apply", NULL};

static int api_selection(http_request *req, http_response *res)
{
    intake_campaign k;
    bool done;
    int rc = load_campaign(req, res, POLICY_WRITE, &k, &done);
    if (rc || done) return rc;
    json_t *body;
    if (api_read_json(req, res, &body) != 0) return 0;
    api_errors e = {0};
    api_reject_unknown(body, select_fields, &e);
    json_t *kv = json_object_get(body, "k"), *ap = json_object_get(body, "apply");
    if (!json_is_integer(kv) || !intake_select_k_valid(json_integer_value(kv))) api_errors_add(&e, "k", MSG_PIPE_K_INVALID);
    if (ap && !json_is_boolean(ap)) api_errors_add(&e, "apply", MSG_API_NOT_A_BOOLEAN);
    int kbest = json_is_integer(kv) && intake_select_k_valid(json_integer_value(kv)) ? (int)json_integer_value(kv) : 0;
    bool apply = ap && json_is_true(ap);
    json_decref(body);
    if (e.n) {
        api_problem_errors(req, res, 422, "nothing was selected: see errors", &e);
        return 0;
    }
    /* the proposal as it stands before applying */
    intake_ranked *ranked;
    intake_selection *sel;
    intake_partner_places *places;
    int n, nsel, nplaces;
    rc = intake_pipeline_propose(http_db(req), req->arena, &k, kbest, &ranked, &sel, &n, &nsel, &places, &nplaces);
    if (rc) return api_fail(rc);
    int applied = 0;
    if (apply) {
        rc = intake_pipeline_select(req, &k, kbest, &e, &applied);
        if (rc == API_EINVALID) {
            api_problem_errors(req, res, 422, "nothing was selected: see errors", &e);
            return 0;
        }
        if (rc) return api_fail(rc);
    }
    jsonw w;
    api_json_begin(res, apply ? 201 : 200, &w);
    jsonw_object_begin(&w);
    jsonw_kint(&w, "k", kbest);
    jsonw_kbool(&w, "applied", apply);
    jsonw_kint(&w, "selected", apply ? applied : nsel);
    jsonw_key(&w, "places");
    jsonw_array_begin(&w);
    for (int j = 0; j < nplaces; j++) {
        int taken = 0;
        for (int i = 0; i < n; i++) taken += sel[i].pick == INTAKE_PICK_SELECTED && sel[i].org_id == places[j].org_id;
        jsonw_object_begin(&w);
        jsonw_kint(&w, "org_id", places[j].org_id);
        jsonw_kstr(&w, "name", places[j].name);
        jsonw_kint(&w, "places_left", places[j].places);
        jsonw_kint(&w, "selected", taken);
        jsonw_object_end(&w);
    }
    jsonw_array_end(&w);
    jsonw_key(&w, "items");
    jsonw_array_begin(&w);
    for (int i = 0; i < n; i++) {
        jsonw_object_begin(&w);
        jsonw_kint(&w, "application_id", sel[i].application_id);
        jsonw_key(&w, "rank");
        if (sel[i].rank) jsonw_int(&w, sel[i].rank);
        else jsonw_null(&w);
        jsonw_kbool(&w, "selected", sel[i].pick == INTAKE_PICK_SELECTED);
        jsonw_key(&w, "org_id");
        if (sel[i].org_id) jsonw_int(&w, sel[i].org_id);
        else jsonw_null(&w);
        jsonw_kstr(&w, "reason", sel[i].reason_key);
        jsonw_object_end(&w);
    }
    jsonw_array_end(&w);
    jsonw_object_end(&w);
    return api_json_end(&w);
}

static int api_funnel(http_request *req, http_response *res)
{
    intake_campaign k;
    bool done;
    int rc = load_campaign(req, res, POLICY_READ, &k, &done);
    if (rc || done) return rc;
    const char *format = http_query(req, "format");
    const char *accept = http_header(req, "Accept");
    if (format && !str_eq(format, "csv") && !str_eq(format, "json")) {
        http_problem(req, res, 400, "format must be csv or json", "format", "unknown format");
        return 0;
    }
    bool csv = str_eq(format, "csv") || (!format && accept && strstr(accept, "text/csv"));
    intake_stage *st;
    int nst;
    intake_funnel f;
    rc = intake_pipeline_funnel(http_db(req), req->arena, k.id, &st, &nst, &f);
    if (rc) return api_fail(rc);
    if (csv) {
        res->status = 200;
        res->content_type = "text/csv; charset=utf-8";
        http_set_header(req, res, "Content-Disposition",
                        arena_printf(req->arena, "attachment; filename=\"funnel-%s.csv\"", k.slug));
        intake_funnel_csv(&res->body, st, nst, &f);
        return 0;
    }
    jsonw w;
    api_json_begin(res, 200, &w);
    jsonw_object_begin(&w);
    jsonw_kint(&w, "campaign_id", k.id);
    jsonw_kint(&w, "applications", f.total);
    jsonw_key(&w, "per_source");
    jsonw_object_begin(&w);
    for (int s = 0; s < INTAKE_SOURCES; s++) jsonw_kint(&w, intake_source_name(s), f.per_source[s]);
    jsonw_object_end(&w);
    jsonw_key(&w, "stages");
    jsonw_array_begin(&w);
    for (int i = 0; i < nst; i++) {
        jsonw_object_begin(&w);
        jsonw_kstr(&w, "key", st[i].key);
        jsonw_kstr(&w, "name", st[i].name_nl);
        jsonw_kstr(&w, "name_en", st[i].name_en);
        jsonw_kint(&w, "count", f.count[i]);
        jsonw_kint(&w, "reached", f.reached[i]);
        jsonw_key(&w, "conversion");
        if (f.conversion[i] >= 0) jsonw_real(&w, f.conversion[i]);
        else jsonw_null(&w);
        jsonw_key(&w, "median_days");
        if (f.median_days[i] >= 0) jsonw_real(&w, f.median_days[i]);
        else jsonw_null(&w);
        jsonw_kint(&w, "finished_stays", f.stays[i]);
        jsonw_key(&w, "reached_by_source");
        jsonw_object_begin(&w);
        for (int s = 0; s < INTAKE_SOURCES; s++) jsonw_kint(&w, intake_source_name(s), f.reached_by_source[s][i]);
        jsonw_object_end(&w);
        jsonw_object_end(&w);
    }
    jsonw_array_end(&w);
    jsonw_object_end(&w);
    return api_json_end(&w);
}

const http_route intake_pipeline_api_routes[] = {
    {"GET", "/api/v1/campaigns/{id}/applications", api_applications_list, HTTP_API, "applications of a campaign"},
    {"POST", "/api/v1/campaigns/{id}/moves", api_campaign_moves, HTTP_API, "move or reject applications in bulk"},
    {"GET", "/api/v1/campaigns/{id}/ranking", api_ranking, HTTP_API, "the explained ranking"},
    {"POST", "/api/v1/campaigns/{id}/selection", api_selection, HTTP_API, "select the best K"},
    {"GET", "/api/v1/campaigns/{id}/funnel", api_funnel, HTTP_API, "the funnel (JSON or CSV)"},
    {"GET", "/api/v1/applications/{id}", api_application_show, HTTP_API, "one application with moves and scores"},
    {"POST", "/api/v1/applications/{id}/moves", api_application_move, HTTP_API, "move an application"},
    {"PUT", "/api/v1/applications/{id}/scores", api_application_scores, HTTP_API, "the caller's scores"},
    {0},
};
