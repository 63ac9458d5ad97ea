/* zkfl groth16 setup / contribute / beacon / verify-setup: the circuit-specific
 * (phase 2) trusted setup on snarkjs .zkey files, interoperable with
 * `snarkjs groth16 setup`, `snarkjs zkey contribute`, `snarkjs zkey
 * beacon` and `snarkjs zkey verify`. Listed in the `zkfl groth16` table of cli_groth16.c. */
#include <stdio.h>
#include "cli/cli.h"
#include "zkfl/snark.h"

int cli_groth16_setup(int argc, char **argv)
{
    struct cli_ceremony_args a;
    int rc = cli_parse_ceremony_args(&a, "groth16 setup",
        "usage: zkfl groth16 setup CIRCUIT.r1cs POT.ptau OUT_0000.zkey [--threads N] [--json]\n\n"
        "Makes the initial proving key of a circuit from a prepared powers-of-tau\n"
        "file (same key and circuit hash as `snarkjs groth16 setup`). It needs at\n"
        "least one phase-2 contribution (zkfl groth16 contribute) before use.\n",
        argc, argv, 3);
    if (rc != CLI_PROCEED) return rc;
    int err = zkfl_zkey_new(a.pos[2], a.pos[0], a.pos[1], a.threads);
    if (err) return cli_report_snark_error("groth16 setup", err);
    cli_print_written(a.pos[2], a.json);
    return CLI_OK;
}

int cli_groth16_contribute(int argc, char **argv)
{
    return cli_ceremony_contribute("groth16 contribute",
        "usage: zkfl groth16 contribute IN.zkey OUT.zkey [--name NAME] [--entropy TEXT] [--json]\n\n"
        "Adds a phase-2 contribution: a fresh secret delta factor (OS randomness\n"
        "with TEXT hashed in) and its proof of knowledge; the secret is wiped.\n",
        zkfl_zkey_contribute, argc, argv);
}

int cli_groth16_beacon(int argc, char **argv)
{
    return cli_ceremony_beacon("groth16 beacon",
        "usage: zkfl groth16 beacon IN.zkey OUT.zkey BEACON_HASH_HEX NUM_ITERATIONS_EXP [--name NAME] [--json]\n\n"
        "Adds a phase-2 contribution whose delta factor anyone can recompute from a\n"
        "public random beacon: the beacon is hashed with SHA-256 2^NUM_ITERATIONS_EXP\n"
        "times (10..63), as `snarkjs zkey beacon` (same output file for the same\n"
        "input). Usually the last contribution. Prints the contribution hash.\n",
        zkfl_zkey_beacon, argc, argv);
}

int cli_groth16_verify_setup(int argc, char **argv)
{
    struct cli_ceremony_args a;
    int rc = cli_parse_ceremony_args(&a, "groth16 verify-setup",
        "usage: zkfl groth16 verify-setup CIRCUIT.r1cs POT.ptau FINAL.zkey [--threads N] [--json]\n\n"
        "Recomputes the initial key from the circuit and the powers of tau and checks\n"
        "every contribution to FINAL.zkey, recomputing beacons from their beacon\n"
        "hash (as `snarkjs zkey verify`).\n"
        "Exit 0 valid, 1 invalid, 2 unreadable input.\n",
        argc, argv, 3);
    if (rc != CLI_PROCEED) return rc;
    int err = zkfl_zkey_verify(a.pos[0], a.pos[1], a.pos[2], a.threads);
    if (a.json)
        printf("{\"file\": \"%s\", \"valid\": %s}\n", a.pos[2], err == 0 ? "true" : "false");
    if (err == 0) {
        if (!a.json) printf("%s: ZKey OK\n", a.pos[2]);
        return CLI_OK;
    }
    fprintf(stderr, "zkfl groth16 verify-setup: INVALID: %s\n", cli_snark_why(err));
    return cli_ceremony_verdict(err);
}
