/* roster solution: storage and the employee,day,shift CSV. */
#include "roster/solution.h"

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "roster/text.h"

roster_solution *roster_solution_create(const roster_instance *ins)
{
    assert(ins);
    roster_solution *sol = calloc(1, sizeof(*sol));
    if (!sol) return NULL;
    sol->nemployees = ins->nemployees;
    sol->ndays = ins->ndays;
    size_t n = (size_t)ins->nemployees * (size_t)ins->ndays;
    sol->shift = malloc(sizeof(int16_t) * (n ? n : 1));
    if (!sol->shift) {
        free(sol);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) sol->shift[i] = ROSTER_NONE;
    return sol;
}

void roster_solution_free(roster_solution *sol)
{
    if (!sol) return;
    free(sol->shift);
    free(sol);
}

int roster_solution_copy(roster_solution *dst, const roster_solution *src)
{
    if (dst->nemployees != src->nemployees || dst->ndays != src->ndays) return ROSTER_ERANGE;
    memcpy(dst->shift, src->shift,
           sizeof(int16_t) * (size_t)src->nemployees * (size_t)src->ndays);
    return ROSTER_OK;
}

int roster_solution_get(const roster_solution *sol, int e, int d)
{
    assert(e >= 0 && e < sol->nemployees && d >= 0 && d < sol->ndays);
    return sol->shift[(size_t)e * (size_t)sol->ndays + (size_t)d];
}

void roster_solution_set(roster_solution *sol, int e, int d, int shift)
{
    assert(e >= 0 && e < sol->nemployees && d >= 0 && d < sol->ndays);
    assert(shift >= ROSTER_NONE && shift < ROSTER_MAX_SHIFTS);
    sol->shift[(size_t)e * (size_t)sol->ndays + (size_t)d] = (int16_t)shift;
}

int roster_solution_diff(const roster_solution *a, const roster_solution *b)
{
    assert(a->nemployees == b->nemployees && a->ndays == b->ndays);
    int n = 0;
    size_t cells = (size_t)a->nemployees * (size_t)a->ndays;
    for (size_t i = 0; i < cells; i++) n += a->shift[i] != b->shift[i];
    return n;
}

int roster_solution_read_csv(const roster_instance *ins, const char *text, size_t len,
                             const char *name, roster_solution **out, char *err, size_t errlen)
{
    assert(ins && out);
    *out = NULL;
    if (err && errlen) err[0] = '\0';
    rp_text_at r = {name ? name : "solution", 0, err, errlen};
    if (len > (size_t)512 * 1024 * 1024) return rp_text_fail(&r, "file too large");
    char *copy = malloc(len + 1);
    roster_solution *sol = roster_solution_create(ins);
    size_t cells = (size_t)ins->nemployees * (size_t)ins->ndays;
    int *first = calloc(cells ? cells : 1, sizeof(int)); /* line of each assignment */
    int rc = 0, header = 0;
    if (!copy || !sol || !first) {
        rc = rp_text_fail(&r, "out of memory");
        goto out;
    }
    if (len) memcpy(copy, text, len);
    copy[len] = '\0';
    char *p = copy, *end = copy + len;
    for (;;) {
        r.line++;
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *stop = nl ? nl : end;
        if (memchr(p, '\0', (size_t)(stop - p))) {
            rc = rp_text_fail(&r, "NUL byte in the text");
            goto out;
        }
        *stop = '\0';
        char *line = rp_text_trim(p);
        p = stop + 1;
        if (line[0] && line[0] != '#') {
            char *f[3];
            int nf = 0;
            char *q = line;
            for (;;) {
                char *comma = strchr(q, ',');
                if (nf == 3) {
                    rc = rp_text_fail(&r, "expected employee,day,shift: too many fields");
                    goto out;
                }
                if (comma) *comma = '\0';
                f[nf++] = rp_text_trim(q);
                if (!comma) break;
                q = comma + 1;
            }
            if (nf != 3) {
                rc = rp_text_fail(&r, "expected employee,day,shift, found %d field%s", nf,
                              nf == 1 ? "" : "s");
                goto out;
            }
            if (!header) {
                if (strcmp(f[0], "employee") || strcmp(f[1], "day") || strcmp(f[2], "shift")) {
                    rc = rp_text_fail(&r, "the first line must be the header employee,day,shift");
                    goto out;
                }
                header = 1;
            } else {
                int e = roster_employee_find(ins, f[0]);
                if (e < 0) {
                    rc = rp_text_fail(&r, "unknown employee '%.40s'", f[0]);
                    goto out;
                }
                errno = 0;
                char *dend = NULL;
                long d = strtol(f[1], &dend, 10);
                if (errno || !f[1][0] || *dend) {
                    rc = rp_text_fail(&r, "day '%.40s' is not a whole number", f[1]);
                    goto out;
                }
                if (d < 0 || d >= ins->ndays) {
                    rc = rp_text_fail(&r, "day %ld is out of range 0..%d", d, ins->ndays - 1);
                    goto out;
                }
                int s = roster_shift_find(ins, f[2]);
                if (s < 0) {
                    rc = rp_text_fail(&r, "unknown shift '%.40s'", f[2]);
                    goto out;
                }
                size_t cell = (size_t)e * (size_t)ins->ndays + (size_t)d;
                if (first[cell]) {
                    rc = rp_text_fail(&r, "employee %s already has a shift on day %ld (line %d)",
                                  ins->employees[e].id, d, first[cell]);
                    goto out;
                }
                first[cell] = r.line;
                sol->shift[cell] = (int16_t)s;
            }
        }
        if (!nl) break;
    }
    if (!header) rc = rp_text_fail(&r, "no header line employee,day,shift");
out:
    free(first);
    free(copy);
    if (rc) {
        roster_solution_free(sol);
        return ROSTER_EINPUT;
    }
    *out = sol;
    return ROSTER_OK;
}

int roster_solution_write_csv(const roster_instance *ins, const roster_solution *sol, buf *out)
{
    assert(ins && sol && out);
    if (sol->nemployees != ins->nemployees || sol->ndays != ins->ndays) return ROSTER_ERANGE;
    buf_puts(out, "employee,day,shift\n");
    for (int e = 0; e < sol->nemployees; e++)
        for (int d = 0; d < sol->ndays; d++) {
            int s = roster_solution_get(sol, e, d);
            if (s == ROSTER_NONE) continue;
            assert(s >= 0 && s < ins->nshifts);
            buf_printf(out, "%s,%d,%s\n", ins->employees[e].id, d, ins->shifts[s].id);
        }
    return out->failed ? ROSTER_ENOMEM : ROSTER_OK;
}
