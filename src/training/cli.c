/* instroom plan-training COHORT [--course SLUG] [--dry-run] [--db PATH]:
 * places the enrolled participants of a cohort in the sessions of every
 * course they are enrolled in (or of one course), prints who is placed
 * where with the total km, and names who cannot be placed and why. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "auth/audit.h"
#include "base/arena.h"
#include "base/time.h"
#include "cli_commands.h"
#include "db/cli.h"
#include "training/model.h"
#include "training/planner.h"
#include "training/store.h"
#include "training/training.h"

static int usage(int status)
{
    fprintf(status ? stderr : stdout,
            "usage: instroom plan-training COHORT [--course SLUG] [--dry-run] [--db PATH]\n"
            "  COHORT is a cohort id or programme-slug/cohort-name (zorgrunners/Zomer 2026).\n"
            "  Places the cohort's enrolled participants in the sessions of each module at\n"
            "  the least total travel, replacing earlier placements by the planner.\n"
            "  --dry-run shows the plan without storing it.\n");
    return status;
}

static int plan_course(db_conn *c, arena *a, int64_t course_id, const char *name, int64_t cohort_id, bool dry)
{
    training_plan_report r;
    fprintf(stderr, "planning %s ...\n", name);
    int rc = db_begin(c, true);
    if (!rc) rc = training_plan_run(c, a, course_id, cohort_id, 0, time_now(), dry, stderr, &r);
    if (!rc && !dry) {
        char detail[200];
        snprintf(detail, sizeof detail, "plan-training: %d placed, %d not placed, %.1f km", r.nplaced, r.nunplaced,
                 r.total_km);
        rc = audit_write(c, &(audit_entry){.action = "plan", .entity = "course", .entity_id = course_id,
                                           .outcome = "ok", .detail = detail});
    }
    if (!rc) rc = db_commit(c);
    if (rc) {
        db_rollback(c);
        fprintf(stderr, "instroom plan-training: %s: %s\n", name, db_errmsg(c));
        return 1;
    }
    printf("%s: %d participants, %d modules%s\n", name, r.nparticipants, r.nmodules, dry ? " (dry run, nothing stored)" : "");
    for (int i = 0; i < r.nplaced; i++) {
        char when[32];
        time_format_ams(when, sizeof when, r.placed[i].starts_at, "%Y-%m-%d %H:%M");
        if (r.placed[i].located)
            printf("  placed  %-28s %-36s %s  %s  %.1f km\n", r.placed[i].person_name, r.placed[i].module_name, when,
                   r.placed[i].location, r.placed[i].km);
        else
            printf("  placed  %-28s %-36s %s  %s  ? km (no known postcode)\n", r.placed[i].person_name,
                   r.placed[i].module_name, when, r.placed[i].location);
    }
    for (int i = 0; i < r.nunplaced; i++)
        printf("  NOT     %-28s %-36s %s\n", r.unplaced[i].person_name, r.unplaced[i].module_name,
               msg_in("en", r.unplaced[i].reason));
    if (r.kept) printf("  %d placements by hand kept\n", r.kept);
    printf("total: %d placed, %d not placed, %.1f km\n", r.nplaced, r.nunplaced, r.total_km);
    return 0;
}

int cmd_plan_training(int argc, char **argv)
{
    static const struct option opts[] = {
        {"course", required_argument, NULL, 'c'},
        {"dry-run", no_argument, NULL, 'n'},
        {"db", required_argument, NULL, 'd'},
        {"help", no_argument, NULL, 'h'},
        {0},
    };
    const char *dbp = NULL, *course = NULL;
    bool dry = false;
    optind = 1;
    int ch;
    while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (ch == 'c') course = optarg;
        else if (ch == 'n') dry = true;
        else if (ch == 'd') dbp = optarg;
        else return usage(ch == 'h' ? 0 : 2);
    }
    if (optind + 1 != argc) return usage(2);
    arena a;
    arena_init(&a, 256u << 20);
    int64_t cohort = 0;
    const char *slug, *cname;
    if (training_cohort_ref_parse(&a, argv[optind], &cohort, &slug, &cname) != 0) {
        fprintf(stderr, "instroom plan-training: '%s' is not a cohort id or programme-slug/cohort-name\n", argv[optind]);
        arena_free(&a);
        return 2;
    }
    db *d;
    if (db_cli_open(db_cli_path(dbp), 1, &d) < 0) {
        arena_free(&a);
        return 1;
    }
    db_conn *c = db_acquire(d);
    int status = 0;
    int rc = cohort ? db_query_int(c, "SELECT id FROM cohorts WHERE id = ?", DB_ARGS(db_int(cohort)), &cohort)
                    : db_query_int(c,
                                   "SELECT k.id FROM cohorts k JOIN programmes p ON p.id = k.programme_id "
                                   "WHERE p.slug = ? AND k.name = ?",
                                   DB_ARGS(db_text(slug), db_text(cname)), &cohort);
    if (rc == DB_ENOTFOUND) {
        fprintf(stderr, "instroom plan-training: no cohort '%s'\n", argv[optind]);
        status = 2;
    } else if (rc) {
        fprintf(stderr, "instroom plan-training: %s\n", db_errmsg(c));
        status = 1;
    }
    int64_t course_id = 0;
    if (!status && course) {
        rc = training_course_by_slug(c, course, &course_id);
        if (rc == DB_ENOTFOUND) {
            fprintf(stderr, "instroom plan-training: no course '%s'\n", course);
            status = 2;
        } else if (rc) status = 1;
    }
    /* The courses with enrolments of the cohort (or the one asked for). */
    int64_t ids[64];
    const char *names[64];
    int n = 0;
    if (!status) {
        db_stmt *s;
        rc = db_prepare(c,
                        "SELECT DISTINCT c.id, c.name FROM courses c JOIN enrolments e ON e.course_id = c.id "
                        "WHERE e.cohort_id = ? AND (? = 0 OR c.id = ?) ORDER BY c.name",
                        DB_ARGS(db_int(cohort), db_int(course_id), db_int(course_id)), &s);
        if (!rc) {
            while ((rc = db_step(s)) == DB_ROW && n < 64) {
                ids[n] = db_col_int(s, 0);
                names[n++] = arena_strdup(&a, db_col_text(s, 1));
            }
            db_finalize(s);
        }
        if (rc != DB_DONE && rc != DB_ROW) status = 1;
        else if (n == 0) {
            fprintf(stderr, "instroom plan-training: nobody of this cohort is enrolled%s\n",
                    course ? " in this course" : " in a course");
            status = 2;
        }
    }
    for (int i = 0; !status && i < n; i++) status = plan_course(c, &a, ids[i], names[i], cohort, dry);
    db_release(c);
    db_close(d);
    arena_free(&a);
    return status;
}
