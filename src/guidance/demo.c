/* guidance demo: coaching for selected people of the WelSlagen and
 * Leerwerkakkoord campaigns, by the demo's jobcoach (Jamila El Amrani,
 * Gemeente Rotterdam) and mentor (Henk Hendriks, Laurens): contacts,
 * check-ins (one person thinking of stopping), support needs with debts
 * among them (one past its follow-up date, so that a signal shows) and a
 * BBL coaching plan that is half done. Dates are relative to now. */
#include <string.h>

#include "base/time.h"
#include "guidance/guidance.h"
#include "guidance/model.h"
#include "guidance/store.h"

#define DAY 86400

static int64_t user_id(db_conn *c, const char *email)
{
    int64_t id = 0;
    db_query_int(c, "SELECT id FROM users WHERE email = ?", DB_ARGS(db_text(email)), &id);
    return id;
}

/* The people of campaign slug furthest along its stages (selected first), at most max. */
static int people_of(db_conn *c, const char *slug, int64_t *out, int max, int *n)
{
    *n = 0;
    db_stmt *s;
    int rc = db_prepare(c,
                        "SELECT a.person_id FROM applications a JOIN campaigns k ON k.id = a.campaign_id"
                        " JOIN campaign_stages s ON s.id = a.stage_id WHERE k.slug = ? AND a.person_id IS NOT NULL"
                        " AND a.erased_at IS NULL AND s.kind NOT IN ('rejected', 'withdrawn')"
                        " ORDER BY s.position DESC, a.id LIMIT ?",
                        DB_ARGS(db_text(slug), db_int(max)), &s);
    if (rc) return rc;
    while ((rc = db_step(s)) == DB_ROW && *n < max) out[(*n)++] = db_col_int(s, 0);
    db_finalize(s);
    return rc == DB_DONE || rc == DB_ROW ? 0 : rc;
}

static const char *day_of(char out[11], int64_t now, int days)
{
    time_ams_date(now + (int64_t)days * DAY, out);
    return out;
}

static int link(db_conn *c, int64_t person, int64_t coach, const char *kind, int64_t now, int started_days_ago,
                int64_t by)
{
    char d[11];
    return db_exec(c,
                   "INSERT INTO coach_links(person_id, coach_id, kind, started_on, created_by, created_at)"
                   " VALUES (?, ?, ?, ?, ?, ?)",
                   DB_ARGS(db_int(person), db_int(coach), db_text(kind), db_text(day_of(d, now, -started_days_ago)),
                           db_id_or_null(by), db_int(now)));
}

static int contact(db_conn *c, int64_t person, int64_t coach, int64_t at, const char *channel, const char *notes,
                   int64_t *id)
{
    return db_insert(c,
                     "INSERT INTO coach_contacts(person_id, coach_id, at, channel, notes, created_at)"
                     " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                     DB_ARGS(db_int(person), db_int(coach), db_int(at), db_text(channel), db_text(notes), db_int(at)),
                     id);
}

static int checkin(db_conn *c, int64_t person, int64_t by, int64_t at, int wellbeing, int workload, int stopping,
                   const char *note)
{
    return db_exec(c,
                   "INSERT INTO checkins(person_id, by_user_id, at, wellbeing, workload, thinking_of_stopping, note,"
                   " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                   DB_ARGS(db_int(person), db_id_or_null(by), db_int(at), db_int(wellbeing), db_int(workload),
                           db_int(stopping), db_text(note), db_int(at)));
}

static int need(db_conn *c, int64_t person, const char *kind, const char *description, const char *referral,
                const char *status, const char *follow_up_on, int64_t by, int64_t at)
{
    bool final = guidance_need_status_final(status);
    return db_exec(c,
                   "INSERT INTO support_needs(person_id, kind, description, referral, status, follow_up_on, created_by,"
                   " created_at, updated_at, resolved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   DB_ARGS(db_int(person), db_text(kind), db_text(description), db_text(referral), db_text(status),
                           db_text(follow_up_on), db_id_or_null(by), db_int(at), db_int(at),
                           final ? db_int(at) : db_null()));
}

int guidance_demo_load(db_conn *c, int64_t now)
{
    int64_t jobcoach = user_id(c, "jobcoach@rotterdam.demo"), mentor = user_id(c, "mentor@laurens.demo");
    if (!jobcoach || !mentor) return 0;
    int64_t have = 0;
    int rc = db_query_int(c, "SELECT count(*) FROM coach_links WHERE coach_id IN (?, ?)",
                          DB_ARGS(db_int(jobcoach), db_int(mentor)), &have);
    if (rc || have) return rc;
    int64_t ws[3], lw[2];
    int nws = 0, nlw = 0;
    rc = people_of(c, "welslagen-2027-1", ws, 3, &nws);
    if (!rc) rc = people_of(c, "leerwerkakkoord-2027", lw, 2, &nlw);
    if (rc) return rc;
    char d[11];
    /* WelSlagen 1: in BBL for 7 weeks; jobcoach and mentor; the BBL plan by
     * the mentor, done up to now; debts referred, follow-up 5 days late. */
    if (nws > 0) {
        int64_t p = ws[0];
        const int entered = 49;
        rc = link(c, p, jobcoach, "jobcoach", now, 160, jobcoach);
        if (!rc) rc = link(c, p, mentor, "mentor", now, entered, jobcoach);
        guidance_plan_moment m[GUIDANCE_BBL_MOMENTS];
        int n = guidance_bbl_plan(day_of(d, now, -entered), m);
        for (int i = 0; !rc && i < n; i++) {
            int64_t done = 0;
            int64_t due = now - (int64_t)entered * DAY + (int64_t)(guidance_days_between(m[0].due_on, m[i].due_on)) * DAY;
            if (due < now - DAY)
                rc = contact(c, p, mentor, due, i % 2 ? "workplace" : "meeting",
                             i == 0 ? "Startgesprek: rooster en eerste weken doorgenomen; zij wil graag leren tillen."
                                    : "Voortgang besproken; gaat goed met de collega's op de afdeling.",
                             &done);
            if (!rc)
                rc = db_exec(c,
                             "INSERT INTO coaching_plan(person_id, coach_id, due_on, topic, done_contact_id, reminded_at,"
                             " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                             DB_ARGS(db_int(p), db_int(mentor), db_text(m[i].due_on), db_text(m[i].topic),
                                     db_id_or_null(done), done ? db_int(due - 2 * DAY) : db_null(),
                                     db_int(now - (int64_t)entered * DAY)));
        }
        if (!rc) rc = checkin(c, p, 0, now - 6 * DAY, 4, 4, 0, "Druk, maar het lukt.");
        if (!rc)
            rc = need(c, p, "debts", "Betalingsachterstand bij de zorgverzekeraar en de energie; wil een regeling.",
                      "Kredietbank Rotterdam (schuldhulp)", "referred", day_of(d, now, -5), jobcoach, now - 30 * DAY);
        if (!rc)
            rc = need(c, p, "transport", "Geen fiets; vroege diensten beginnen voor de eerste tram.", "Fietsbank Rotterdam",
                      "resolved", NULL, jobcoach, now - 120 * DAY);
    }
    /* WelSlagen 2: thinking of stopping at the last check-in; childcare need. */
    if (!rc && nws > 1) {
        int64_t p = ws[1], k = 0;
        rc = link(c, p, jobcoach, "jobcoach", now, 150, jobcoach);
        if (!rc) rc = link(c, p, mentor, "buddy", now, 40, jobcoach);
        if (!rc)
            rc = contact(c, p, jobcoach, now - 12 * DAY, "phone",
                         "Opvang voor de jongste valt weg na de zomer; samen naar oplossingen gezocht.", &k);
        if (!rc) rc = checkin(c, p, 0, now - 20 * DAY, 3, 4, 0, NULL);
        if (!rc) rc = checkin(c, p, 0, now - 2 * DAY, 2, 5, 1, "Met de kinderopvang lukt het niet meer, ik weet niet of ik doorga.");
        if (!rc)
            rc = need(c, p, "childcare", "Opvang voor twee kinderen op de dagen van de BBL.",
                      "Wijkteam Feijenoord", "in_progress", day_of(d, now, 10), jobcoach, now - 12 * DAY);
    }
    /* WelSlagen 3: going well. */
    if (!rc && nws > 2) {
        int64_t p = ws[2], k = 0;
        rc = link(c, p, jobcoach, "jobcoach", now, 140, jobcoach);
        if (!rc) rc = contact(c, p, jobcoach, now - 9 * DAY, "meeting", "Gaat goed; taallessen helpen.", &k);
        if (!rc) rc = checkin(c, p, jobcoach, now - 9 * DAY, 5, 3, 0, NULL);
        if (!rc)
            rc = need(c, p, "language", "Wil de vaktaal beter leren.", "Taalhuis Rotterdam", "referred",
                      day_of(d, now, 21), jobcoach, now - 9 * DAY);
    }
    /* Leerwerkakkoord: a starter with debts and no check-in yet; one with the mentor. */
    if (!rc && nlw > 0) {
        int64_t p = lw[0];
        rc = link(c, p, jobcoach, "jobcoach", now, 20, jobcoach);
        if (!rc)
            rc = need(c, p, "debts", "Schulden uit de tijd zonder werk; loonbeslag dreigt.", NULL, "open",
                      day_of(d, now, 14), jobcoach, now - 18 * DAY);
    }
    if (!rc && nlw > 1) {
        int64_t p = lw[1], k = 0;
        rc = link(c, p, mentor, "mentor", now, 30, jobcoach);
        if (!rc) rc = link(c, p, jobcoach, "digi", now, 30, jobcoach);
        if (!rc) rc = contact(c, p, mentor, now - 8 * DAY, "workplace", "Meegelopen op de afdeling; leert snel.", &k);
        if (!rc) rc = checkin(c, p, mentor, now - 8 * DAY, 4, 3, 0, NULL);
    }
    return rc;
}
