/* bench/assign/lap_bench.c: times assign_solve on one matrix file written by
 * lap_ref.py gen (magic "LAPM", int32 rows, int32 cols, then rows * cols
 * little-endian doubles, row-major). Solves it REPEATS times and prints one
 * line: rows cols total seconds-of-each-run.
 *
 * usage: lap_bench FILE [REPEATS]   (built by bench/assign/run with assign.c) */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "assign/assign.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: lap_bench FILE [REPEATS]\n");
        return 2;
    }
    int repeats = argc == 3 ? (int)strtol(argv[2], NULL, 10) : 3;
    if (repeats < 1 || repeats > 100) {
        fprintf(stderr, "lap_bench: REPEATS must be 1..100\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 1;
    }
    char magic[4];
    int32_t dims[2];
    if (fread(magic, 1, 4, f) != 4 || memcmp(magic, "LAPM", 4) != 0 || fread(dims, sizeof dims[0], 2, f) != 2 ||
        dims[0] < 1 || dims[1] < dims[0] || dims[1] > 100000) {
        fprintf(stderr, "lap_bench: %s is not a matrix file\n", argv[1]);
        return 1;
    }
    size_t n = (size_t)dims[0] * (size_t)dims[1];
    double *cost = malloc(n * sizeof *cost);
    int *sol = malloc((size_t)dims[0] * sizeof *sol);
    if (!cost || !sol || fread(cost, sizeof *cost, n, f) != n) {
        fprintf(stderr, "lap_bench: cannot read %s\n", argv[1]);
        return 1;
    }
    fclose(f);
    double total = 0;
    printf("%d %d", dims[0], dims[1]);
    double times[100];
    for (int r = 0; r < repeats; r++) {
        double t0 = now();
        if (assign_solve(dims[0], dims[1], cost, sol, &total) != 0) {
            fprintf(stderr, "lap_bench: assign_solve failed\n");
            return 1;
        }
        times[r] = now() - t0;
    }
    printf(" %.17g", total);
    for (int r = 0; r < repeats; r++) printf(" %.6f", times[r]);
    printf("\n");
    free(cost);
    free(sol);
    return 0;
}
