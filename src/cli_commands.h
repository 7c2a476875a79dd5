/* The functions behind the commands of src/cli_commands.def. Each takes the
 * command's own argv (argv[0] is the command name) and returns the exit status. */
#ifndef INSTROOM_CLI_COMMANDS_H
#define INSTROOM_CLI_COMMANDS_H

#define CLI_COMMAND(name, fn, summary) int fn(int argc, char **argv);
#include "cli_commands.def"
#undef CLI_COMMAND

#endif
