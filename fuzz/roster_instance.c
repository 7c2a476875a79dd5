/* libFuzzer target: the roster instance reader and the solution CSV reader.
 * The input is split at the first "\n%%\n": the part before it is read as an
 * instance (Curtois format plus the care sections); when that succeeds, the
 * part after it is read as an employee,day,shift CSV for that instance, and a
 * roster that reads is checked by the validator and written back out. Any
 * crash, sanitizer report or leak is a finding; bad input must only ever
 * produce an error naming a line. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "roster/check.h"
#include "roster/model.h"
#include "roster/solution.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    size_t inst_len = size, sol_off = size;
    for (size_t i = 0; i + 4 <= size; i++)
        if (!memcmp(text + i, "\n%%\n", 4)) {
            inst_len = i + 1;
            sol_off = i + 4;
            break;
        }
    roster_instance *ins = NULL;
    char err[512];
    if (roster_curtois_read(text, inst_len, "fuzz", &ins, err, sizeof(err)) != 0) {
        /* every error names the file and a line */
        if (strncmp(err, "fuzz:", 5) != 0) abort();
        return 0;
    }
    roster_solution *sol = NULL;
    if (roster_solution_read_csv(ins, text + sol_off, size - sol_off, "fuzz.csv", &sol, err,
                                 sizeof(err)) == 0) {
        roster_report rep;
        if (roster_check(ins, sol, &rep) == 0) {
            for (int i = 0; i < rep.nstored; i++) {
                char line[256];
                roster_violation_describe(ins, &rep.violations[i], line, sizeof(line));
            }
        }
        roster_report_free(&rep);
        buf b;
        buf_init(&b, 0);
        roster_solution_write_csv(ins, sol, &b);
        buf_free(&b);
        roster_solution_free(sol);
    } else if (strncmp(err, "fuzz.csv:", 9) != 0) {
        abort();
    }
    roster_instance_free(ins);
    return 0;
}
