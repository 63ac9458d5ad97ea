/* Shared pieces of the zkfl command-line program. Each top-level command
 * lives in its own cli_<name>.c and is listed once in main.c's table.
 * Exit statuses: 0 success, 1 a negative verdict (proof invalid, ...),
 * 2 bad usage or bad input, 3 an internal or I/O failure. */
#ifndef ZKFL_CLI_H
#define ZKFL_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum { CLI_OK = 0, CLI_FALSE = 1, CLI_USAGE = 2, CLI_FAIL = 3 };
/* Not an exit status: "the arguments are good, run the command". */
enum { CLI_PROCEED = -1 };

typedef int (*cli_fn)(int argc, char **argv);

struct cli_command {
    const char *name;
    const char *summary;
    cli_fn run;
};

/* 1 if argv contains --help or -h (each command prints its usage then). */
int cli_wants_help(int argc, char **argv);
/* Prints "zkfl <cmd>: <message>" to stderr and returns CLI_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Dispatches argv[0] over a table of subcommands (for "zkfl groth16 prove").
 * Prints the table on --help or an unknown name. */
int cli_dispatch(const char *prefix, const struct cli_command *cmds, int argc, char **argv);

/* Maps a library error to an exit status: 0 ok, ZKFL_ERR_VERIFY -> CLI_FALSE,
 * resource/internal failures -> CLI_FAIL, anything else (bad input) ->
 * CLI_USAGE. */
int cli_exit_status(int err);
/* Why a snark-layer call failed: its last message (it names the file and
 * section) when there is one, else zkfl_strerror(err). */
const char *cli_snark_why(int err);
/* Prints "zkfl <cmd>: <why>" (cli_snark_why) to stderr and returns
 * cli_exit_status(err). */
int cli_report_snark_error(const char *cmd, int err);
/* Reads a whole regular file of at most max bytes, NUL-terminated (the NUL
 * is not counted in *len); on failure prints "zkfl <cmd>: ..." naming the
 * file and returns NULL. The caller frees. */
uint8_t *cli_read_file(size_t *len, const char *cmd, const char *path, size_t max);
/* Writes len bytes to path (created or truncated); returns CLI_OK, or
 * prints "zkfl <cmd>: cannot write <path>: <why>" and returns CLI_FAIL. */
int cli_write_file(const char *cmd, const char *path, const void *data, size_t len);
/* A 64-byte hash as 128 lower-case hex digits and a NUL. */
void cli_hex64(char out[129], const uint8_t hash[64]);
/* One JSON value on a line of stdout (jansson's compact-with-spaces form);
 * prints nothing when o is NULL (jansson ran out of memory building it). */
struct json_t;
void cli_print_json(const struct json_t *o);
/* After a command that writes one file: "wrote FILE", or {"file": "FILE"}
 * with json. */
void cli_print_written(const char *file, int json);
/* After a ceremony contribution: the file written and the contribution's
 * 64-byte hash in hex (one JSON object with json). */
void cli_print_contribution(const char *file, const uint8_t hash[64], int json);

/* The arguments of the ceremony commands (zkfl ptau ..., zkfl groth16
 * setup / contribute / beacon / verify-setup): up to 4 positional
 * arguments and the options --name TEXT, --entropy TEXT, --threads N and
 * --json. Options a command does not use are accepted and ignored. */
struct cli_ceremony_args {
    const char *pos[4];
    int n_pos;
    const char *name, *entropy;
    int threads, json;
};
/* With --help (or -h) anywhere: prints help and returns CLI_OK. Otherwise
 * parses argv[1..] into *a, exactly want positional arguments, and returns
 * CLI_PROCEED; on an unknown option, too many or too few arguments it
 * prints a usage error and returns CLI_USAGE. Callers run the command only
 * on CLI_PROCEED and otherwise exit with the status returned. */
int cli_parse_ceremony_args(struct cli_ceremony_args *a, const char *cmd, const char *help, int argc,
                            char **argv, int want);

/* cli_ceremony.c: the commands that ptau and groth16 (phase 2) share, with
 * the library call as a parameter. help is the --help text. */
typedef int (*cli_contribute_op)(const char *out_path, const char *in_path, const char *name,
                                 const char *entropy, uint8_t hash_out[64]);
typedef int (*cli_beacon_op)(const char *out_path, const char *in_path, const char *name,
                             const uint8_t *beacon_hash, size_t beacon_hash_len, unsigned num_iterations_exp,
                             uint8_t hash_out[64]);
/* CMD IN OUT [--name NAME] [--entropy TEXT] [--json] */
int cli_ceremony_contribute(const char *cmd, const char *help, cli_contribute_op op, int argc, char **argv);
/* CMD IN OUT BEACON_HASH_HEX NUM_ITERATIONS_EXP [--name NAME] [--json] */
int cli_ceremony_beacon(const char *cmd, const char *help, cli_beacon_op op, int argc, char **argv);
/* Exit status of a ceremony verification: a file that cannot be decoded
 * is not a valid ceremony either (CLI_FALSE), otherwise cli_exit_status. */
int cli_ceremony_verdict(int err);

/* Top-level commands (one file each). */
int cli_bench(int argc, char **argv);        /* cli_bench.c */
int cli_bench_curve(int argc, char **argv);  /* cli_bench_curve.c */
int cli_dp(int argc, char **argv);
int cli_groth16(int argc, char **argv);
int cli_groth16_setup(int argc, char **argv);          /* cli_groth16_setup.c */
int cli_groth16_contribute(int argc, char **argv);     /* cli_groth16_setup.c */
int cli_groth16_verify_setup(int argc, char **argv);   /* cli_groth16_setup.c */
int cli_groth16_beacon(int argc, char **argv);         /* cli_groth16_setup.c */
int cli_ptau(int argc, char **argv);                   /* cli_ptau.c */
int cli_simulate(int argc, char **argv);               /* cli_simulate.c */
int cli_compliance(int argc, char **argv);             /* cli_compliance.c */

#endif
