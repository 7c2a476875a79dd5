/* The overview: a set of tiles per role. Tiles of capabilities that have no
 * data yet say what will appear there and how it gets there. */
#include <string.h>

#include "app/app.h"
#include "auth/auth.h"
#include "http/html.h"
#include "http/i18n.h"
#include "http/page.h"
#include "guidance/guidance.h"
#include "intake/intake.h"

int health_show(http_request *req, http_response *res)
{
    int64_t one = 0;
    if (db_query_int(http_db(req), "SELECT 1", DB_NOARGS, &one) != 0 || one != 1) {
        http_text(res, 503, "database unavailable\n");
        return 0;
    }
    res->content_type = "application/json";
    buf_puts(&res->body, "{\"status\":\"ok\"}");
    return 0;
}

static void tile_begin(buf *b, const char *title)
{
    html_lit(b, "<li class=\"instroom-tile\"><h2 class=\"instroom-tile__title\">");
    html_text(b, title);
    html_lit(b, "</h2>");
}

static void tile_figure(buf *b, int64_t n, const char *label, const char *href, const char *link)
{
    html_lit(b, "<p class=\"instroom-tile__figure\">");
    html_int(b, n);
    html_lit(b, "</p><p class=\"instroom-tile__label\">");
    html_text(b, label);
    html_lit(b, "</p>");
    if (href) {
        html_lit(b, "<p class=\"instroom-tile__action\"><a class=\"utrecht-link utrecht-link--html-a\"");
        html_attr(b, "href", href);
        html_lit(b, ">");
        html_text(b, link);
        html_lit(b, "</a></p>");
    }
}

/* A tile with an empty state only. */
static void tile_empty(http_request *req, buf *b, msg_id title, msg_id empty_title, msg_id empty_text)
{
    tile_begin(b, msg(req, title));
    page_empty(b, msg(req, empty_title), msg(req, empty_text), NULL, NULL);
    html_lit(b, "</li>");
}

static int64_t count(http_request *req, const char *sql, const db_value *args, int nargs)
{
    int64_t n = 0;
    if (db_query_int(http_db(req), sql, args, nargs, &n) != 0) n = 0;
    return n;
}

/* A figure with its link, or the empty state while there is nothing yet. */
static void tile_or_empty(http_request *req, buf *b, msg_id title, int64_t n, msg_id label, const char *href,
                          msg_id link, msg_id empty_title, msg_id empty_text)
{
    if (!n) {
        tile_empty(req, b, title, empty_title, empty_text);
        return;
    }
    tile_begin(b, msg(req, title));
    tile_figure(b, n, msg(req, label), href, msg(req, link));
    html_lit(b, "</li>");
}

/* The organisations and roles of the principal, as a list. */
static void tile_my_orgs(http_request *req, buf *b, const auth_principal *p)
{
    tile_begin(b, msg(req, MSG_DASH_MY_ORGS));
    html_lit(b, "<ul class=\"instroom-tile__list\">");
    db_stmt *s;
    if (db_prepare(http_db(req), "SELECT o.name, m.role FROM memberships m JOIN orgs o ON o.id = m.org_id "
                                 "WHERE m.user_id = ? ORDER BY o.name, m.role",
                   DB_ARGS(db_int(p->user_id)), &s) == 0) {
        while (db_step(s) == DB_ROW) {
            html_lit(b, "<li>");
            html_text(b, db_col_text(s, 0));
            html_lit(b, " · ");
            auth_role r = auth_role_parse(db_col_text(s, 1));
            html_text(b, msg(req, (msg_id)(MSG_ROLE_COORDINATOR + (int)r)));
            html_lit(b, "</li>");
        }
        db_finalize(s);
    }
    html_lit(b, "</ul></li>");
}

/* The recruitment tile: the campaigns the user may work on (policy module),
 * each with its new applications, linked to the pipeline. Recruiters and
 * jobcoaches land on the new ones; the coordinator on the campaign. */
static void tile_campaigns(http_request *req, buf *b, bool coordinator)
{
    intake_dashboard_campaign *list = NULL;
    int n = 0;
    if (intake_dashboard_campaigns(req, &list, &n) != 0) n = 0;
    tile_begin(b, msg(req, MSG_DASH_CAMPAIGNS));
    if (n == 0) {
        page_empty(b, msg(req, MSG_DASH_CAMPAIGNS_EMPTY),
                   msg(req, coordinator ? MSG_DASH_COORD_CAMPAIGNS_EMPTY_TEXT : MSG_DASH_CAMPAIGNS_EMPTY_TEXT),
                   coordinator ? "/programmes" : NULL, coordinator ? msg(req, MSG_DASH_ALL_PROGRAMMES) : NULL);
        html_lit(b, "</li>");
        return;
    }
    int64_t fresh = 0;
    for (int i = 0; i < n; i++) fresh += list[i].fresh;
    html_lit(b, "<p class=\"instroom-tile__figure\" id=\"dash-new-applications\">");
    html_int(b, fresh);
    html_lit(b, "</p><p class=\"instroom-tile__label\">");
    html_text(b, msg(req, MSG_DASH_NEW_APPLICATIONS));
    html_lit(b, "</p><ul class=\"instroom-tile__list\">");
    for (int i = 0; i < n; i++) {
        const char *title = list[i].open ? list[i].title
                                         : arena_printf(req->arena, "%s (%s)", list[i].title, msg(req, MSG_DASH_CAMPAIGN_CLOSED));
        const char *href = coordinator || list[i].fresh == 0
                               ? arena_printf(req->arena, "/pipeline/campaigns/%lld", (long long)list[i].id)
                               : arena_printf(req->arena, "/pipeline/campaigns/%lld/applications?stage=aangemeld",
                                              (long long)list[i].id);
        html_lit(b, "<li><a class=\"utrecht-link utrecht-link--html-a\"");
        html_attr(b, "href", href);
        html_lit(b, ">");
        html_text(b, msg_fill(req, MSG_DASH_CAMPAIGN_NEW, title, arena_printf(req->arena, "%lld", (long long)list[i].fresh)));
        html_lit(b, "</a></li>");
    }
    html_lit(b, "</ul><p class=\"instroom-tile__action\"><a class=\"utrecht-link utrecht-link--html-a\" href=\"/pipeline\">");
    html_text(b, msg(req, MSG_DASH_OPEN_PIPELINE));
    html_lit(b, "</a></p></li>");
}

int dashboard_show(http_request *req, http_response *res)
{
    const auth_principal *p = auth_current(req);
    page_begin(req, res, msg(req, MSG_NAV_DASHBOARD));
    buf *b = &res->body;
    html_lit(b, "<h1 class=\"utrecht-heading-1\">");
    html_text(b, msg(req, MSG_NAV_DASHBOARD));
    html_lit(b, "</h1><p class=\"utrecht-paragraph instroom-page-intro\">");
    html_text(b, msg_fill(req, MSG_DASH_WELCOME, p->name, NULL));
    html_lit(b, "</p>");
    unsigned roles = p->roles;
    html_lit(b, "<ul class=\"instroom-tiles\" data-roles=\"");
    for (int r = 0; r < ROLE_COUNT; r++)
        if (roles & ROLE_BIT(r)) {
            html_text(b, auth_role_name((auth_role)r));
            html_lit(b, " ");
        }
    html_lit(b, "\">");
    if (roles & ROLE_BIT(ROLE_COORDINATOR)) {
        tile_begin(b, msg(req, MSG_NAV_ORGS));
        tile_figure(b, count(req, "SELECT count(*) FROM orgs WHERE archived_at IS NULL", DB_NOARGS),
                    msg_fill(req, MSG_DASH_IN_REGIONS,
                             arena_printf(req->arena, "%lld", (long long)count(req, "SELECT count(DISTINCT region) FROM orgs", DB_NOARGS)), NULL),
                    "/orgs", msg(req, MSG_DASH_ALL_ORGS));
        html_lit(b, "</li>");
        tile_begin(b, msg(req, MSG_NAV_USERS));
        tile_figure(b, count(req, "SELECT count(*) FROM users WHERE disabled_at IS NULL", DB_NOARGS),
                    msg(req, MSG_DASH_ACTIVE_ACCOUNTS), "/users", msg(req, MSG_DASH_MANAGE_USERS));
        html_lit(b, "</li>");
        tile_campaigns(req, b, true);
        int64_t failing = 0;
        if (intake_outbox_failures(req, &failing) == 0) {
            tile_begin(b, msg(req, MSG_DASH_OUTBOX));
            tile_figure(b, failing, msg(req, failing ? MSG_DASH_OUTBOX_FAILING : MSG_DASH_OUTBOX_OK), "/outbox",
                        msg(req, MSG_DASH_OPEN_OUTBOX));
            html_lit(b, "</li>");
        }
        tile_begin(b, msg(req, MSG_NAV_AUDIT));
        tile_figure(b, count(req, "SELECT count(*) FROM audit_log WHERE at > strftime('%s','now') - 86400", DB_NOARGS),
                    msg(req, MSG_DASH_AUDIT_24H), "/audit", msg(req, MSG_DASH_OPEN_AUDIT));
        html_lit(b, "</li>");
    }
    if (roles & ROLES_STAFF & ~ROLE_BIT(ROLE_COORDINATOR)) tile_my_orgs(req, b, p);
    if (roles & (ROLES_STAFF & ~ROLE_BIT(ROLE_COORDINATOR))) {
        tile_begin(b, msg(req, MSG_NAV_PEOPLE));
        tile_figure(b, count(req, "SELECT count(DISTINCT po.person_id) FROM person_orgs po JOIN memberships m "
                                  "ON m.org_id = po.org_id WHERE m.user_id = ?", DB_ARGS(db_int(p->user_id))),
                    msg(req, MSG_DASH_PEOPLE_LINKED), "/people", msg(req, MSG_DASH_SEE_PEOPLE));
        html_lit(b, "</li>");
    }
    if (!(roles & ROLE_BIT(ROLE_COORDINATOR)) && (roles & (ROLE_BIT(ROLE_RECRUITER) | ROLE_BIT(ROLE_JOBCOACH))))
        tile_campaigns(req, b, false);
    if (roles & ROLE_BIT(ROLE_SUPERVISOR))
        tile_empty(req, b, MSG_DASH_TEAM_SHIFTS, MSG_DASH_TEAM_SHIFTS_EMPTY, MSG_DASH_TEAM_SHIFTS_EMPTY_TEXT);
    if (roles & ROLE_BIT(ROLE_TRAINER))
        tile_or_empty(req, b, MSG_DASH_SESSIONS,
                      count(req, "SELECT count(*) FROM training_sessions WHERE trainer_id = ?", DB_ARGS(db_int(p->user_id))),
                      MSG_DASH_SESSIONS_GIVEN, "/training", MSG_DASH_OPEN_TRAINING, MSG_DASH_SESSIONS_EMPTY,
                      MSG_DASH_SESSIONS_EMPTY_TEXT);
    if (roles & (ROLE_BIT(ROLE_JOBCOACH) | ROLE_BIT(ROLE_MENTOR))) {
        /* The caseload (guidance): the people coached now, and how many ask for attention. */
        int64_t coached = 0, signalled = 0;
        if (guidance_dashboard_counts(req, &coached, &signalled) != 0) coached = 0;
        bool jobcoach = roles & ROLE_BIT(ROLE_JOBCOACH);
        if (!coached)
            tile_empty(req, b, jobcoach ? MSG_DASH_SUPPORT : MSG_DASH_CHECKINS,
                       jobcoach ? MSG_DASH_SUPPORT_EMPTY : MSG_DASH_CHECKINS_EMPTY,
                       jobcoach ? MSG_DASH_SUPPORT_EMPTY_TEXT : MSG_DASH_CHECKINS_EMPTY_TEXT);
        else {
            tile_begin(b, msg(req, jobcoach ? MSG_DASH_SUPPORT : MSG_DASH_CHECKINS));
            tile_figure(b, signalled,
                        arena_printf(req->arena, "%s %lld %s", msg(req, MSG_GUIDANCE_DASH_OF), (long long)coached,
                                     msg(req, MSG_GUIDANCE_DASH_SIGNALS)),
                        "/guidance", msg(req, MSG_GUIDANCE_DASH_OPEN));
            html_lit(b, "</li>");
        }
    }
    if (roles & ROLE_BIT(ROLE_PARTICIPANT)) {
        tile_begin(b, msg(req, MSG_NAV_MY_RECORD));
        html_lit(b, "<p class=\"instroom-tile__label\">");
        html_text(b, msg(req, MSG_DASH_MY_RECORD_TEXT));
        html_lit(b, "</p><p class=\"instroom-tile__action\"><a class=\"utrecht-link utrecht-link--html-a\" href=\"/me\">");
        html_text(b, msg(req, MSG_DASH_OPEN_MY_RECORD));
        html_lit(b, "</a></p></li>");
        tile_empty(req, b, MSG_DASH_MY_SHIFTS, MSG_DASH_MY_SHIFTS_EMPTY, MSG_DASH_MY_SHIFTS_EMPTY_TEXT);
        tile_or_empty(req, b, MSG_DASH_MY_TRAINING,
                      count(req, "SELECT count(*) FROM enrolments WHERE person_id = ? AND status <> 'withdrawn'",
                            DB_ARGS(db_int(p->person_id))),
                      MSG_DASH_MY_TRAINING_N, "/me/training", MSG_DASH_OPEN_MY_TRAINING, MSG_DASH_MY_TRAINING_EMPTY,
                      MSG_DASH_MY_TRAINING_EMPTY_TEXT);
        tile_or_empty(req, b, MSG_DASH_MY_BADGES,
                      count(req, "SELECT count(*) FROM credentials WHERE person_id = ? AND revoked_at IS NULL",
                            DB_ARGS(db_int(p->person_id))),
                      MSG_DASH_MY_BADGES_N, "/badges/mine", MSG_DASH_OPEN_MY_BADGES, MSG_DASH_MY_BADGES_EMPTY,
                      MSG_DASH_MY_BADGES_EMPTY_TEXT);
    }
    html_lit(b, "</ul>");
    page_end(req, res);
    return 0;
}
