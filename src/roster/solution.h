/* roster solution: which shift each employee works on each day, and its CSV
 * form (header "employee,day,shift", one line per assignment, days from 0,
 * IDs as in the instance). */
#ifndef INSTROOM_ROSTER_SOLUTION_H
#define INSTROOM_ROSTER_SOLUTION_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "roster/model.h"

typedef struct roster_solution {
    int nemployees;
    int ndays;
    int16_t *shift; /* [employee * ndays + day]: shift index or ROSTER_NONE (off) */
} roster_solution;

/* Returns a new all-off solution sized for ins, or NULL when out of memory.
 * The caller frees it with roster_solution_free. */
roster_solution *roster_solution_create(const roster_instance *ins);
/* Frees the solution; NULL is fine. */
void roster_solution_free(roster_solution *sol);
/* Copies src into dst (same size); returns 0 or ROSTER_ERANGE. */
int roster_solution_copy(roster_solution *dst, const roster_solution *src);
/* Returns the shift employee e works on day d, or ROSTER_NONE. */
int roster_solution_get(const roster_solution *sol, int e, int d);
/* Sets the shift of employee e on day d (ROSTER_NONE = off). */
void roster_solution_set(roster_solution *sol, int e, int d, int shift);
/* Returns how many (employee, day) cells differ between a and b (same size). */
int roster_solution_diff(const roster_solution *a, const roster_solution *b);

/* Reads a solution CSV for ins from len bytes of text. On success stores a
 * new solution in *out (caller frees) and returns 0; on bad input returns
 * ROSTER_EINPUT with "NAME:LINE: what is wrong" in err (errlen bytes). */
int roster_solution_read_csv(const roster_instance *ins, const char *text, size_t len,
                             const char *name, roster_solution **out, char *err,
                             size_t errlen);
/* Appends the CSV form of sol to out; returns 0 or a negative code. */
int roster_solution_write_csv(const roster_instance *ins, const roster_solution *sol, buf *out);

#endif
