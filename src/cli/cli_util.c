#include <stdarg.h>
#include <string.h>
#include "cli/cli.h"

int cli_wants_help(int argc, char **argv)
{
    for (int i = 0; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return 1;
    return 0;
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "zkfl %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n(run 'zkfl %s --help' for usage)\n", cmd);
    return CLI_USAGE;
}

static void print_table(FILE *out, const char *prefix, const struct cli_command *cmds)
{
    fprintf(out, "usage: zkfl %s%sCOMMAND [ARGS...]\n\ncommands:\n", prefix, *prefix ? " " : "");
    for (const struct cli_command *c = cmds; c->name != NULL; c++)
        fprintf(out, "  %-16s %s\n", c->name, c->summary);
    fprintf(out, "\nRun 'zkfl %s%sCOMMAND --help' for a command's options.\n", prefix, *prefix ? " " : "");
}

int cli_dispatch(const char *prefix, const struct cli_command *cmds, int argc, char **argv)
{
    if (argc < 1 || strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "-h") == 0 ||
        strcmp(argv[0], "help") == 0) {
        print_table(argc < 1 ? stderr : stdout, prefix, cmds);
        return argc < 1 ? CLI_USAGE : CLI_OK;
    }
    for (const struct cli_command *c = cmds; c->name != NULL; c++)
        if (strcmp(c->name, argv[0]) == 0)
            return c->run(argc, argv);
    fprintf(stderr, "zkfl%s%s: unknown command '%s'\n\n", *prefix ? " " : "", prefix, argv[0]);
    print_table(stderr, prefix, cmds);
    return CLI_USAGE;
}
