/* base/log: the line format, levels, truncation and log_text. */
#include <criterion/criterion.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/log.h"

static int saved_stderr = -1;
static int pipe_rd = -1;

/* Sends stderr into a pipe until captured() reads it back. */
static void capture(void)
{
    int p[2];
    cr_assert_eq(pipe(p), 0);
    fflush(stderr);
    saved_stderr = dup(STDERR_FILENO);
    dup2(p[1], STDERR_FILENO);
    close(p[1]);
    pipe_rd = p[0];
}

static char *captured(void)
{
    dup2(saved_stderr, STDERR_FILENO);
    close(saved_stderr);
    static char out[16384];
    size_t n = 0;
    ssize_t r;
    while (n < sizeof out - 1 && (r = read(pipe_rd, out + n, sizeof out - 1 - n)) > 0) n += (size_t)r;
    out[n] = '\0';
    close(pipe_rd);
    return out;
}

static void expect_match(const char *text, const char *pattern)
{
    regex_t re;
    cr_assert_eq(regcomp(&re, pattern, REG_EXTENDED | REG_NEWLINE), 0);
    int rc = regexec(&re, text, 0, NULL, 0);
    regfree(&re);
    cr_assert_eq(rc, 0, "%s does not match %s", text, pattern);
}

Test(log, one_line_with_time_level_and_message)
{
    capture();
    log_info("hello %d", 42);
    log_warn("careful");
    char *out = captured();
    expect_match(out, "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}Z info hello 42\n"
                      "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}Z warn careful\n$");
}

Test(log, levels_below_the_minimum_are_dropped)
{
    log_set_level(LOG_WARN);
    cr_assert(!log_enabled(LOG_INFO));
    cr_assert(log_enabled(LOG_ERROR));
    capture();
    log_info("not shown");
    log_text(LOG_DEBUG, "nor this", 8);
    log_error("shown");
    char *out = captured();
    log_set_level(LOG_INFO);
    cr_assert_null(strstr(out, "not shown"));
    cr_assert_null(strstr(out, "nor this"));
    expect_match(out, "Z error shown\n$");
}

Test(log, text_is_written_as_given)
{
    capture();
    log_text(LOG_INFO, "a%sb|ignored", 4);
    char *out = captured();
    expect_match(out, "Z info a%sb\n$");
}

Test(log, long_lines_are_cut_but_end_with_a_newline)
{
    char big[5000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    capture();
    log_info("%s", big);
    log_text(LOG_INFO, big, sizeof big - 1);
    char *out = captured();
    char *nl = strchr(out, '\n');
    cr_assert_not_null(nl);
    cr_assert_lt(nl - out, 2048, "the first line is at most 2048 bytes");
    char *nl2 = strchr(nl + 1, '\n');
    cr_assert_not_null(nl2);
    cr_assert_lt(nl2 - nl, 2049);
    cr_assert_eq(nl2[1], '\0', "two lines, nothing else");
}
