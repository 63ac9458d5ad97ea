#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "cli/cli.h"
#include "zkfl/snark.h"

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

int cli_exit_status(int err)
{
    switch (err) {
    case 0: return CLI_OK;
    case ZKFL_ERR_VERIFY: return CLI_FALSE;
    case ZKFL_ERR_NOMEM: case ZKFL_ERR_THREAD: case ZKFL_ERR_INTERNAL: case ZKFL_ERR_RANDOM:
        return CLI_FAIL;
    default: return CLI_USAGE;
    }
}

const char *cli_snark_why(int err)
{
    const char *msg = zkfl_snark_last_error();
    return *msg ? msg : zkfl_strerror(err);
}

int cli_report_snark_error(const char *cmd, int err)
{
    fprintf(stderr, "zkfl %s: %s\n", cmd, cli_snark_why(err));
    return cli_exit_status(err);
}

uint8_t *cli_read_file(size_t *len, const char *cmd, const char *path, size_t max)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "zkfl %s: cannot open %s: %s\n", cmd, path, strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size > max) {
        fprintf(stderr, "zkfl %s: %s: not a regular file of at most %zu bytes\n", cmd, path, max);
        fclose(f);
        return NULL;
    }
    size_t n = (size_t)st.st_size;
    uint8_t *buf = malloc(n + 1);
    if (buf == NULL || fread(buf, 1, n, f) != n) {
        fprintf(stderr, "zkfl %s: cannot read %s\n", cmd, path);
        free(buf);
        fclose(f);
        return NULL;
    }
    fclose(f);
    buf[n] = 0;
    *len = n;
    return buf;
}

int cli_write_file(const char *cmd, const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    int ok = f != NULL && fwrite(data, 1, len, f) == len;
    int why = errno; /* before fclose can change it */
    if (f != NULL && fclose(f) != 0 && ok) {
        ok = 0;
        why = errno;
    }
    if (!ok) fprintf(stderr, "zkfl %s: cannot write %s: %s\n", cmd, path, strerror(why));
    return ok ? CLI_OK : CLI_FAIL;
}

void cli_hex64(char out[129], const uint8_t hash[64])
{
    for (int i = 0; i < 64; i++) snprintf(out + 2 * i, 3, "%02x", hash[i]);
}

void cli_print_json(const json_t *o)
{
    char *text = o != NULL ? json_dumps(o, 0) : NULL;
    if (text != NULL) printf("%s\n", text);
    free(text);
}

void cli_print_written(const char *file, int json)
{
    if (json) printf("{\"file\": \"%s\"}\n", file);
    else printf("wrote %s\n", file);
}

void cli_print_contribution(const char *file, const uint8_t hash[64], int json)
{
    char hex[129];
    cli_hex64(hex, hash);
    if (json) printf("{\"file\": \"%s\", \"contribution_hash\": \"%s\"}\n", file, hex);
    else printf("wrote %s\ncontribution hash: %s\n", file, hex);
}

int cli_parse_ceremony_args(struct cli_ceremony_args *a, const char *cmd, const char *help, int argc,
                            char **argv, int want)
{
    memset(a, 0, sizeof *a);
    if (cli_wants_help(argc, argv)) {
        fputs(help, stdout);
        return CLI_OK;
    }
    for (int i = 1; i < argc; i++) {
        /* An option missing its value falls through to "unknown option". */
        int has_value = i + 1 < argc;
        if (strcmp(argv[i], "--json") == 0) a->json = 1;
        else if (strcmp(argv[i], "--name") == 0 && has_value) a->name = argv[++i];
        else if (strcmp(argv[i], "--entropy") == 0 && has_value) a->entropy = argv[++i];
        else if (strcmp(argv[i], "--threads") == 0 && has_value) a->threads = atoi(argv[++i]);
        else if (strncmp(argv[i], "--", 2) == 0) return cli_usage_error(cmd, "unknown option %s", argv[i]);
        else if (a->n_pos < 4) a->pos[a->n_pos++] = argv[i];
        else return cli_usage_error(cmd, "too many arguments");
    }
    if (a->n_pos != want) return cli_usage_error(cmd, "expected %d file arguments, got %d", want, a->n_pos);
    return CLI_PROCEED;
}
