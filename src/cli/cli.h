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
/* Prints "zkfl <cmd>: <why>" using the snark layer's last message (it names
 * the file and section) when there is one, and returns cli_exit_status(err). */
int cli_report_snark_error(const char *cmd, int err);
/* Reads a whole regular file of at most max bytes, NUL-terminated (the NUL
 * is not counted in *len); on failure prints "zkfl <cmd>: ..." naming the
 * file and returns NULL. The caller frees. */
uint8_t *cli_read_file(size_t *len, const char *cmd, const char *path, size_t max);
/* After a ceremony contribution: the file written and the contribution's
 * 64-byte hash in hex (one JSON object with json). */
void cli_print_contribution(const char *file, const uint8_t hash[64], int json);

/* Top-level commands (one file each). */
int cli_bench(int argc, char **argv);        /* cli_bench.c */
int cli_bench_curve(int argc, char **argv);  /* cli_bench_curve.c */
int cli_dp(int argc, char **argv);
int cli_groth16(int argc, char **argv);
int cli_groth16_setup(int argc, char **argv);          /* cli_groth16_setup.c */
int cli_groth16_contribute(int argc, char **argv);     /* cli_groth16_setup.c */
int cli_groth16_verify_setup(int argc, char **argv);   /* cli_groth16_setup.c */
int cli_groth16_beacon(int argc, char **argv);         /* cli_groth16_setup.c */
/* Parses snarkjs's beacon arguments (hex hash of 1..255 bytes, iteration
 * exponent 10..63) into hash[255] / *len / *exp; prints a usage error and
 * returns CLI_USAGE when they are invalid (cli_ptau.c). */
int cli_parse_beacon(uint8_t hash[255], size_t *len, unsigned *exp, const char *cmd, const char *hex,
                     const char *exp_text);
int cli_ptau(int argc, char **argv);                   /* cli_ptau.c */
int cli_simulate(int argc, char **argv);               /* cli_simulate.c */
int cli_compliance(int argc, char **argv);             /* cli_compliance.c */

#endif
