/* zkfl bench: performance measurements, one subcommand per area. Each
 * prints one line per measurement (JSON lines with --json) for the scripts
 * in bench/ that compare zkfl with its peers. */
#include "cli/cli.h"

/* Benchmarks by area; others add theirs here. */
static const struct cli_command bench_commands[] = {
    {"curve", "field, curve, pairing, MSM and NTT timings", cli_bench_curve},
    {NULL, NULL, NULL}
};

int cli_bench(int argc, char **argv)
{
    return cli_dispatch("bench", bench_commands, argc - 1, argv + 1);
}
