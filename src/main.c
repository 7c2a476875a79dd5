/* instroom: command dispatch only. Each command's code lives with its module;
 * this table names them. Exit status: 0 ok, 1 failure, 2 bad usage or input. */
#include <stdio.h>
#include <string.h>

#include "cli_commands.h"

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv); /* argv[0] is the command name */
    const char *summary;
} command;

static const command commands[] = {
#define CLI_COMMAND(name, fn, summary) {name, fn, summary},
#include "cli_commands.def"
#undef CLI_COMMAND
    {NULL, NULL, NULL},
};

static void usage(FILE *out)
{
    fprintf(out, "usage: instroom COMMAND [OPTIONS]\n\ncommands:\n");
    for (size_t i = 0; commands[i].name; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(out, "\n'instroom COMMAND --help' describes a command.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("instroom %s\n", INSTROOM_VERSION);
        return 0;
    }
    for (size_t i = 0; commands[i].name; i++)
        if (!strcmp(argv[1], commands[i].name)) return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "instroom: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return 2;
}
