/* zkfl - privacy-preserving federated learning with zkSNARK-checked updates.
 * The entry point only dispatches; every command lives in its own file. */
#include <stdio.h>
#include <string.h>
#include "cli/cli.h"

static int cli_version(int argc, char **argv)
{
    (void)argc; (void)argv;
    printf("zkfl 0.1.0\n");
    return CLI_OK;
}

/* One line per top-level command; keep sorted by name. */
static const struct cli_command commands[] = {
    {"bench", "measure performance (zkfl bench curve, ...)", cli_bench},
    {"compliance", "update proofs: setup / prove / verify (commit-carrying Groth16)", cli_compliance},
    {"dp", "differential privacy: calibrate / epsilon / noise-multiplier", cli_dp},
    {"groth16", "Groth16 prove / verify / verify-batch / export-vk (snarkjs-compatible)", cli_groth16},
    {"ptau", "powers-of-tau ceremony: new / contribute / verify / prepare / info", cli_ptau},
    {"simulate", "federated learning simulation (the main job; no options: a default run)", cli_simulate},
    {"version", "print the version", cli_version},
    {NULL, NULL, NULL}
};

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    return cli_dispatch("", commands, argc - 1, argv + 1);
}
