/* zkfl groth16 setup / contribute / beacon / verify-setup: the circuit-specific
 * (phase 2) trusted setup on snarkjs .zkey files, interoperable with
 * `snarkjs groth16 setup`, `snarkjs zkey contribute`, `snarkjs zkey
 * beacon` and `snarkjs zkey verify`. Listed in the `zkfl groth16` table of cli_groth16.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "zkfl/snark.h"

typedef struct {
    const char *pos[4];
    int n_pos;
    const char *name, *entropy;
    int threads, json;
} args_t;

static int parse(args_t *a, const char *cmd, int argc, char **argv, int want)
{
    memset(a, 0, sizeof *a);
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0) a->json = 1;
        else if (strcmp(argv[i], "--name") == 0 && i + 1 < argc) a->name = argv[++i];
        else if (strcmp(argv[i], "--entropy") == 0 && i + 1 < argc) a->entropy = argv[++i];
        else if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc) a->threads = atoi(argv[++i]);
        else if (strncmp(argv[i], "--", 2) == 0) return cli_usage_error(cmd, "unknown option %s", argv[i]);
        else if (a->n_pos < 4) a->pos[a->n_pos++] = argv[i];
        else return cli_usage_error(cmd, "too many arguments");
    }
    if (a->n_pos != want) return cli_usage_error(cmd, "expected %d file arguments, got %d", want, a->n_pos);
    return 0;
}

int cli_groth16_setup(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        printf("usage: zkfl groth16 setup CIRCUIT.r1cs POT.ptau OUT_0000.zkey [--threads N] [--json]\n\n"
               "Makes the initial proving key of a circuit from a prepared powers-of-tau\n"
               "file (same key and circuit hash as `snarkjs groth16 setup`). It needs at\n"
               "least one phase-2 contribution (zkfl groth16 contribute) before use.\n");
        return CLI_OK;
    }
    args_t a;
    int rc = parse(&a, "groth16 setup", argc, argv, 3);
    if (rc) return rc;
    int err = zkfl_zkey_new(a.pos[2], a.pos[0], a.pos[1], a.threads);
    if (err) return cli_report_snark_error("groth16 setup", err);
    if (a.json) printf("{\"file\": \"%s\"}\n", a.pos[2]);
    else printf("wrote %s\n", a.pos[2]);
    return CLI_OK;
}

int cli_groth16_contribute(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        printf("usage: zkfl groth16 contribute IN.zkey OUT.zkey [--name NAME] [--entropy TEXT] [--json]\n\n"
               "Adds a phase-2 contribution: a fresh secret delta factor (OS randomness\n"
               "with TEXT hashed in) and its proof of knowledge; the secret is wiped.\n");
        return CLI_OK;
    }
    args_t a;
    int rc = parse(&a, "groth16 contribute", argc, argv, 2);
    if (rc) return rc;
    uint8_t hash[64];
    int err = zkfl_zkey_contribute(a.pos[1], a.pos[0], a.name, a.entropy, hash);
    if (err) return cli_report_snark_error("groth16 contribute", err);
    cli_print_contribution(a.pos[1], hash, a.json);
    return CLI_OK;
}

int cli_groth16_beacon(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        printf("usage: zkfl groth16 beacon IN.zkey OUT.zkey BEACON_HASH_HEX NUM_ITERATIONS_EXP [--name NAME] [--json]\n\n"
               "Adds a phase-2 contribution whose delta factor anyone can recompute from a\n"
               "public random beacon: the beacon is hashed with SHA-256 2^NUM_ITERATIONS_EXP\n"
               "times (10..63), as `snarkjs zkey beacon` (same output file for the same\n"
               "input). Usually the last contribution. Prints the contribution hash.\n");
        return CLI_OK;
    }
    args_t a;
    int rc = parse(&a, "groth16 beacon", argc, argv, 4);
    if (rc) return rc;
    if (a.entropy != NULL) return cli_usage_error("groth16 beacon", "--entropy does not apply: the beacon is the only source");
    uint8_t beacon[255], hash[64];
    size_t len;
    unsigned exp;
    if ((rc = cli_parse_beacon(beacon, &len, &exp, "groth16 beacon", a.pos[2], a.pos[3])) != 0) return rc;
    int err = zkfl_zkey_beacon(a.pos[1], a.pos[0], a.name, beacon, len, exp, hash);
    if (err) return cli_report_snark_error("groth16 beacon", err);
    cli_print_contribution(a.pos[1], hash, a.json);
    return CLI_OK;
}

int cli_groth16_verify_setup(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        printf("usage: zkfl groth16 verify-setup CIRCUIT.r1cs POT.ptau FINAL.zkey [--threads N] [--json]\n\n"
               "Recomputes the initial key from the circuit and the powers of tau and checks\n"
               "every contribution to FINAL.zkey, recomputing beacons from their beacon\n"
               "hash (as `snarkjs zkey verify`).\n"
               "Exit 0 valid, 1 invalid, 2 unreadable input.\n");
        return CLI_OK;
    }
    args_t a;
    int rc = parse(&a, "groth16 verify-setup", argc, argv, 3);
    if (rc) return rc;
    int err = zkfl_zkey_verify(a.pos[0], a.pos[1], a.pos[2], a.threads);
    const char *msg = zkfl_snark_last_error();
    if (a.json)
        printf("{\"file\": \"%s\", \"valid\": %s}\n", a.pos[2], err == 0 ? "true" : "false");
    if (err == 0) {
        if (!a.json) printf("%s: ZKey OK\n", a.pos[2]);
        return CLI_OK;
    }
    fprintf(stderr, "zkfl groth16 verify-setup: INVALID: %s\n", *msg ? msg : zkfl_strerror(err));
    if (err == ZKFL_ERR_FORMAT || err == ZKFL_ERR_NOT_ON_CURVE || err == ZKFL_ERR_NOT_IN_SUBGROUP ||
        err == ZKFL_ERR_NOT_CANONICAL)
        return CLI_FALSE;
    return cli_exit_status(err);
}
