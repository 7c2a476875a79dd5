/* guidance reminders: the daily job that queues one outbox mail to the coach
 * for every coaching-plan moment coming up (never twice: reminded_at is set
 * in the same transaction as the mail is queued), and its server thread,
 * built like intake's retention job. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "auth/audit.h"
#include "base/log.h"
#include "base/str.h"
#include "base/time.h"
#include "guidance/guidance.h"
#include "guidance/model.h"
#include "guidance/store.h"
#include "http/i18n.h"
#include "intake/intake.h"

/* How far ahead the daily job looks: a moment gets its reminder up to 2 days before. */
#define GUIDANCE_REMIND_DAYS 2

typedef struct due_moment {
    int64_t id, person_id;
    const char *due_on, *topic, *email, *lang, *person;
} due_moment;

/* The moment's topic as text in lang. */
static const char *topic_in(const char *lang, const char *topic)
{
    if (str_eq(topic, "bbl_start")) return msg_in(lang, MSG_GUIDANCE_TOPIC_START);
    if (str_eq(topic, "bbl_evaluation")) return msg_in(lang, MSG_GUIDANCE_TOPIC_EVALUATION);
    if (str_eq(topic, "bbl_progress")) return msg_in(lang, MSG_GUIDANCE_TOPIC_PROGRESS);
    return topic ? topic : "";
}

/* Replaces {1} and {2} of the text of id in lang. */
static char *fill_in(arena *a, const char *lang, msg_id id, const char *a1, const char *a2)
{
    http_request fake = {.arena = a, .lang = lang};
    return msg_fill(&fake, id, a1, a2);
}

static void due_row(db_stmt *s, arena *a, void *element)
{
    *(due_moment *)element = (due_moment){db_col_int(s, 0), db_col_int(s, 1), arena_strdup(a, db_col_text(s, 2)),
                                          arena_strdup(a, db_col_text(s, 3) ? db_col_text(s, 3) : ""),
                                          arena_strdup(a, db_col_text(s, 4)), arena_strdup(a, db_col_text(s, 5)),
                                          arena_strdup(a, db_col_text(s, 6))};
}

static int remind_all(db_conn *c, arena *a, int64_t now, int days_ahead, int *queued)
{
    char today[11], until[11];
    time_ams_date(now, today);
    if (guidance_date_add(today, days_ahead, until) != 0) return DB_ERR;
    void *rows;
    int n;
    int rc = db_rows(c, a,
                     "SELECT p.id, p.person_id, p.due_on, p.topic, u.email, u.lang,"
                     " pe.given_name || ' ' || pe.family_name FROM coaching_plan p"
                     " JOIN users u ON u.id = p.coach_id AND u.disabled_at IS NULL"
                     " JOIN people pe ON pe.id = p.person_id"
                     " WHERE p.done_contact_id IS NULL AND p.reminded_at IS NULL AND p.due_on >= ? AND p.due_on <= ?"
                     /* Only to a coach of the person now: one whose link ended gets no name. */
                     " AND EXISTS (SELECT 1 FROM coach_links l WHERE l.coach_id = p.coach_id"
                     "  AND l.person_id = p.person_id AND l.started_on <= ? AND (l.ended_on IS NULL OR l.ended_on >= ?))"
                     " ORDER BY p.due_on, p.id",
                     DB_ARGS(db_text(today), db_text(until), db_text(today), db_text(today)),
                     sizeof(due_moment), due_row, &rows, &n);
    if (rc) return rc;
    const due_moment *list = rows;
    for (int i = 0; !rc && i < n; i++) {
        const due_moment *m = &list[i];
        rc = db_exec(c, "UPDATE coaching_plan SET reminded_at = ? WHERE id = ? AND reminded_at IS NULL",
                     DB_ARGS(db_int(now), db_int(m->id)));
        if (rc || db_changes(c) != 1) continue;
        char day[11];
        int y, mo, d;
        if (time_parse_date(m->due_on, &y, &mo, &d) == 0) snprintf(day, sizeof day, "%02d-%02d-%04d", d, mo, y);
        else str_copy(day, sizeof day, m->due_on);
        const char *subject = fill_in(a, m->lang, MSG_GUIDANCE_REMINDER_SUBJECT, m->person, day);
        const char *link = arena_printf(a, "%s/people/%lld/guidance", intake_public_url(), (long long)m->person_id);
        const char *body = fill_in(a, m->lang, MSG_GUIDANCE_REMINDER_BODY, topic_in(m->lang, m->topic), link);
        if (!subject || !body || !link) rc = DB_ENOMEM;
        if (!rc)
            rc = intake_outbox_queue(c, m->email, subject, body, "coaching_reminder", "coaching_plan", m->id, now);
        if (!rc) (*queued)++;
    }
    return rc;
}

int guidance_reminders_run(db *d, int64_t now, int days_ahead, int *queued)
{
    *queued = 0;
    db_conn *c = db_acquire(d);
    arena a;
    arena_init(&a, 0);
    int rc = db_begin(c, true);
    if (!rc) rc = remind_all(c, &a, now, days_ahead, queued);
    if (!rc) {
        char detail[80];
        snprintf(detail, sizeof detail, "%d coaching reminders queued", *queued);
        rc = db_exec(c,
                     "INSERT INTO job_runs(name, last_at, detail) VALUES ('coaching_reminders', ?, ?)"
                     " ON CONFLICT(name) DO UPDATE SET last_at = excluded.last_at, detail = excluded.detail",
                     DB_ARGS(db_int(now), db_text(detail)));
    }
    if (!rc) rc = db_commit(c);
    if (rc) {
        db_rollback(c);
        *queued = 0;
    }
    arena_free(&a);
    db_release(c);
    return rc;
}

/* ---- The reminder thread of the server ---- */

static pthread_t reminder_thread;
static pthread_mutex_t reminder_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t reminder_wake = PTHREAD_COND_INITIALIZER;
static bool reminder_running, reminder_stop;

static void *reminder_main(void *arg)
{
    db *d = arg;
    pthread_mutex_lock(&reminder_lock);
    while (!reminder_stop) {
        pthread_mutex_unlock(&reminder_lock);
        int queued = 0;
        int rc = guidance_reminders_run(d, time_now(), GUIDANCE_REMIND_DAYS, &queued);
        if (rc) log_warn("coaching reminders: the daily job failed (%d); it runs again in 24 hours", rc);
        else log_info("coaching reminders: %d queued", queued);
        pthread_mutex_lock(&reminder_lock);
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += 86400;
        while (!reminder_stop && pthread_cond_timedwait(&reminder_wake, &reminder_lock, &until) == 0) {
        }
    }
    pthread_mutex_unlock(&reminder_lock);
    return NULL;
}

int guidance_reminder_thread_start(db *d)
{
    pthread_mutex_lock(&reminder_lock);
    reminder_stop = false;
    int rc = reminder_running ? 0 : pthread_create(&reminder_thread, NULL, reminder_main, d);
    if (!rc) reminder_running = true;
    pthread_mutex_unlock(&reminder_lock);
    return rc ? -1 : 0;
}

void guidance_reminder_thread_stop(void)
{
    pthread_mutex_lock(&reminder_lock);
    bool running = reminder_running;
    reminder_stop = true;
    pthread_cond_broadcast(&reminder_wake);
    pthread_mutex_unlock(&reminder_lock);
    if (running) pthread_join(reminder_thread, NULL);
    reminder_running = false;
}
