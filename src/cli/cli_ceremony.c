/* The ceremony commands that the powers of tau (zkfl ptau) and the Groth16
 * phase 2 (zkfl groth16) share: a contribution and a beacon contribution
 * take the same arguments and print the same result; only the library call
 * (zkfl_ptau_* or zkfl_zkey_*) differs, and it is a parameter here. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "zkfl/snark.h"

int cli_ceremony_contribute(const char *cmd, const char *help, cli_contribute_op op, int argc, char **argv)
{
    struct cli_ceremony_args a;
    int rc = cli_parse_ceremony_args(&a, cmd, help, argc, argv, 2);
    if (rc != CLI_PROCEED) return rc;
    uint8_t hash[64];
    int err = op(a.pos[1], a.pos[0], a.name, a.entropy, hash);
    if (err) return cli_report_snark_error(cmd, err);
    cli_print_contribution(a.pos[1], hash, a.json);
    return CLI_OK;
}

/* snarkjs's beacon arguments: a hex hash of 1..255 bytes (no 0x) and the
 * iteration exponent 10..63 (the beacon is hashed 2^exp times). */
static int parse_beacon(uint8_t hash[255], size_t *len, unsigned *exp, const char *cmd, const char *hex,
                        const char *exp_text)
{
    size_t n = strlen(hex);
    if (n == 0 || n % 2 != 0 || n > 2 * 255)
        return cli_usage_error(cmd, "BEACON_HASH_HEX must be 1..255 bytes of hexadecimal (an even number of digits, no 0x)");
    for (size_t i = 0; i < n; i += 2) {
        unsigned v;
        char pair[3] = {hex[i], hex[i + 1], 0};
        if (!isxdigit((unsigned char)pair[0]) || !isxdigit((unsigned char)pair[1]) || sscanf(pair, "%2x", &v) != 1)
            return cli_usage_error(cmd, "BEACON_HASH_HEX: '%s' is not hexadecimal", pair);
        hash[i / 2] = (uint8_t)v;
    }
    char *end;
    long e = strtol(exp_text, &end, 10);
    if (*exp_text == '\0' || *end != '\0' || e < 10 || e > 63)
        return cli_usage_error(cmd, "NUM_ITERATIONS_EXP must be an integer in 10..63 (the beacon is hashed 2^N times)");
    *len = n / 2;
    *exp = (unsigned)e;
    return 0;
}

int cli_ceremony_beacon(const char *cmd, const char *help, cli_beacon_op op, int argc, char **argv)
{
    struct cli_ceremony_args a;
    int rc = cli_parse_ceremony_args(&a, cmd, help, argc, argv, 4);
    if (rc != CLI_PROCEED) return rc;
    if (a.entropy != NULL) return cli_usage_error(cmd, "--entropy does not apply: the beacon is the only source");
    uint8_t beacon[255], hash[64];
    size_t len = 0;
    unsigned exp = 0;
    if ((rc = parse_beacon(beacon, &len, &exp, cmd, a.pos[2], a.pos[3])) != 0) return rc;
    int err = op(a.pos[1], a.pos[0], a.name, beacon, len, exp, hash);
    if (err) return cli_report_snark_error(cmd, err);
    cli_print_contribution(a.pos[1], hash, a.json);
    return CLI_OK;
}

int cli_ceremony_verdict(int err)
{
    if (err == ZKFL_ERR_FORMAT || err == ZKFL_ERR_NOT_ON_CURVE || err == ZKFL_ERR_NOT_IN_SUBGROUP ||
        err == ZKFL_ERR_NOT_CANONICAL)
        return CLI_FALSE;
    return cli_exit_status(err);
}
