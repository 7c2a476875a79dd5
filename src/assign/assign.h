/* assign: the linear assignment engine (pure C, base only). Given a dense
 * rows x cols cost matrix with rows <= cols, finds the assignment of every
 * row to a distinct column with the minimum total cost (the problem
 * scipy.optimize.linear_sum_assignment solves). Used by the training session
 * planner and, later, by rosters. */
#ifndef INSTROOM_ASSIGN_ASSIGN_H
#define INSTROOM_ASSIGN_ASSIGN_H

#include <stddef.h>

/* cost is row-major, rows * cols finite doubles; rows <= cols. On success
 * row_to_col[r] is the column of row r, *total (if given) the sum of the
 * chosen costs, and 0 is returned. -1 when the sizes are wrong, a cost is
 * not finite, or memory runs out (row_to_col is then unspecified). */
int assign_solve(int rows, int cols, const double *cost, int *row_to_col, double *total);

#endif
