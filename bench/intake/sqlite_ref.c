/* bench/intake/sqlite_ref: the reference for bench/intake. Stores the rows one
 * application stores (a person, the application, its first move, the
 * confirmation mail and the audit entry) straight through SQLite, one
 * transaction per application, with instroom's durability (WAL,
 * synchronous=FULL), for a number of seconds, and prints applications/s.
 *
 * usage: sqlite_ref DB SECONDS CAMPAIGN_ID STAGE_ID */
#define _POSIX_C_SOURCE 200809L
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void check(sqlite3 *db, int rc, const char *what)
{
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
        fprintf(stderr, "sqlite_ref: %s: %s\n", what, sqlite3_errmsg(db));
        exit(1);
    }
}

static sqlite3_stmt *prep(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *s;
    check(db, sqlite3_prepare_v2(db, sql, -1, &s, NULL), sql);
    return s;
}

static void run(sqlite3 *db, sqlite3_stmt *s)
{
    check(db, sqlite3_step(s), sqlite3_sql(s));
    sqlite3_reset(s);
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: sqlite_ref DB SECONDS CAMPAIGN_ID STAGE_ID\n");
        return 2;
    }
    double seconds = strtod(argv[2], NULL);
    long long campaign = strtoll(argv[3], NULL, 10), stage = strtoll(argv[4], NULL, 10);
    sqlite3 *db;
    if (sqlite3_open(argv[1], &db) != SQLITE_OK) {
        fprintf(stderr, "sqlite_ref: cannot open %s\n", argv[1]);
        return 1;
    }
    check(db, sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;",
                           NULL, NULL, NULL), "pragmas");
    sqlite3_busy_timeout(db, 10000);
    sqlite3_stmt *begin = prep(db, "BEGIN IMMEDIATE"), *commit = prep(db, "COMMIT");
    sqlite3_stmt *person = prep(db, "INSERT INTO people(given_name, family_name, email, phone, birth_date, postcode, "
                                    "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    sqlite3_stmt *app = prep(db, "INSERT INTO applications(campaign_id, person_id, stage_id, status_token_hash, "
                                 "current_study, hobbies, languages, avail_days, avail_parts, avail_hours, motivation, "
                                 "consent_at, source, lang, created_at, stage_at) "
                                 "VALUES (?, ?, ?, randomblob(32), ?, ?, ?, 31, 3, 16, ?, ?, 'direct', 'nl', ?, ?)");
    sqlite3_stmt *move = prep(db, "INSERT INTO application_moves(application_id, from_stage, to_stage, at, reason) "
                                  "VALUES (?, NULL, ?, ?, 'aangemeld')");
    sqlite3_stmt *mail = prep(db, "INSERT INTO outbox(to_addr, subject, body, kind, entity, entity_id, created_at, "
                                  "next_try_at) VALUES (?, 'Je aanmelding is binnen', ?, 'application_received', "
                                  "'application', ?, ?, ?)");
    sqlite3_stmt *audit = prep(db, "INSERT INTO audit_log(at, action, entity, entity_id, outcome, ip, request_id) "
                                   "VALUES (?, 'create', 'application', ?, 'ok', '127.0.0.1', 'bench')");
    const char *motivation = "Ik wil graag in de zorg werken omdat ik het belangrijk vind om mensen te helpen. "
                             "Na jaren in de logistiek zoek ik werk met betekenis.";
    const char *body = "Beste aanvrager,\n\nDank je wel voor je aanmelding. Via de link hieronder zie je hoe het "
                       "ermee staat: http://127.0.0.1/apply/status/0123456789abcdef0123456789abcdef\n";
    long long n = 0;
    double t0 = now_s(), t;
    do {
        char email[64];
        snprintf(email, sizeof email, "ref%lld@bench.example", n);
        long long at = (long long)time(NULL);
        run(db, begin);
        sqlite3_bind_text(person, 1, "Sanne", -1, SQLITE_STATIC);
        sqlite3_bind_text(person, 2, "de Vries", -1, SQLITE_STATIC);
        sqlite3_bind_text(person, 3, email, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(person, 4, "+31612345678", -1, SQLITE_STATIC);
        sqlite3_bind_text(person, 5, "1990-05-17", -1, SQLITE_STATIC);
        sqlite3_bind_text(person, 6, "6811 AB", -1, SQLITE_STATIC);
        sqlite3_bind_int64(person, 7, at);
        sqlite3_bind_int64(person, 8, at);
        run(db, person);
        long long pid = sqlite3_last_insert_rowid(db);
        sqlite3_bind_int64(app, 1, campaign);
        sqlite3_bind_int64(app, 2, pid);
        sqlite3_bind_int64(app, 3, stage);
        sqlite3_bind_text(app, 4, "hbo bedrijfskunde", -1, SQLITE_STATIC);
        sqlite3_bind_text(app, 5, "hardlopen, koken", -1, SQLITE_STATIC);
        sqlite3_bind_text(app, 6, "nl,en", -1, SQLITE_STATIC);
        sqlite3_bind_text(app, 7, motivation, -1, SQLITE_STATIC);
        sqlite3_bind_int64(app, 8, at);
        sqlite3_bind_int64(app, 9, at);
        sqlite3_bind_int64(app, 10, at);
        run(db, app);
        long long aid = sqlite3_last_insert_rowid(db);
        sqlite3_bind_int64(move, 1, aid);
        sqlite3_bind_int64(move, 2, stage);
        sqlite3_bind_int64(move, 3, at);
        run(db, move);
        sqlite3_bind_text(mail, 1, email, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(mail, 2, body, -1, SQLITE_STATIC);
        sqlite3_bind_int64(mail, 3, aid);
        sqlite3_bind_int64(mail, 4, at);
        sqlite3_bind_int64(mail, 5, at);
        run(db, mail);
        sqlite3_bind_int64(audit, 1, at);
        sqlite3_bind_int64(audit, 2, aid);
        run(db, audit);
        run(db, commit);
        n++;
        t = now_s();
    } while (t - t0 < seconds);
    printf("%lld %.3f %.1f\n", n, t - t0, (double)n / (t - t0));
    sqlite3_finalize(begin);
    sqlite3_finalize(commit);
    sqlite3_finalize(person);
    sqlite3_finalize(app);
    sqlite3_finalize(move);
    sqlite3_finalize(mail);
    sqlite3_finalize(audit);
    sqlite3_close(db);
    return 0;
}
