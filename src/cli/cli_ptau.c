/* zkfl ptau: the powers-of-tau (phase 1) ceremony on snarkjs .ptau files:
 * new, contribute, beacon, verify, prepare, info. Files interoperate with
 * `snarkjs powersoftau ...` in both directions. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include "cli/cli.h"
#include "zkfl/snark.h"

/* ZKFL_PTAU_MAX_POWER as text, for the help of ptau new. */
#define STRINGIFY(x) #x
#define TEXT_OF(x) STRINGIFY(x)

static int cmd_new(int argc, char **argv)
{
    struct cli_ceremony_args a;
    int rc = cli_parse_ceremony_args(&a, "ptau new",
        "usage: zkfl ptau new POWER OUT.ptau [--json]\n\n"
        "Starts a BN254 powers-of-tau ceremony for circuits of up to 2^POWER\n"
        "constraints (1.." TEXT_OF(ZKFL_PTAU_MAX_POWER) "): every point is the generator, no contributions.\n",
        argc, argv, 2);
    if (rc != CLI_PROCEED) return rc;
    char *end;
    long power = strtol(a.pos[0], &end, 10);
    if (*end != '\0' || power < 1 || power > ZKFL_PTAU_MAX_POWER)
        return cli_usage_error("ptau new", "POWER must be an integer in 1..%d", ZKFL_PTAU_MAX_POWER);
    int err = zkfl_ptau_new(a.pos[1], (unsigned)power);
    if (err) return cli_report_snark_error("ptau new", err);
    if (a.json) printf("{\"file\": \"%s\", \"power\": %ld}\n", a.pos[1], power);
    else printf("wrote %s (power %ld)\n", a.pos[1], power);
    return CLI_OK;
}

static int cmd_contribute(int argc, char **argv)
{
    return cli_ceremony_contribute("ptau contribute",
        "usage: zkfl ptau contribute IN.ptau OUT.ptau [--name NAME] [--entropy TEXT] [--json]\n\n"
        "Adds a contribution: fresh secrets tau, alpha, beta from the OS random\n"
        "generator (with TEXT hashed in), a proof of knowledge bound to the previous\n"
        "challenge, and the secrets wiped. Prints the contribution (response) hash.\n",
        zkfl_ptau_contribute, argc, argv);
}

static int cmd_beacon(int argc, char **argv)
{
    return cli_ceremony_beacon("ptau beacon",
        "usage: zkfl ptau beacon IN.ptau OUT.ptau BEACON_HASH_HEX NUM_ITERATIONS_EXP [--name NAME] [--json]\n\n"
        "Adds a contribution whose secrets anyone can recompute from a public random\n"
        "beacon (e.g. a future block hash): the beacon is hashed with SHA-256\n"
        "2^NUM_ITERATIONS_EXP times (10..63) and seeds the secrets, as `snarkjs\n"
        "powersoftau beacon` (same output file for the same input). Usually the\n"
        "ceremony's last contribution. Prints the contribution (response) hash.\n",
        zkfl_ptau_beacon, argc, argv);
}

static int cmd_verify(int argc, char **argv)
{
    struct cli_ceremony_args a;
    int rc = cli_parse_ceremony_args(&a, "ptau verify",
        "usage: zkfl ptau verify FILE.ptau [--threads N] [--json]\n\n"
        "Checks every contribution's proof of knowledge and chaining (recomputing\n"
        "beacon contributions from their beacon hash), the powers\n"
        "against the last contribution, the transcript hash and (if present) the\n"
        "phase-2 Lagrange sections. Exit 0 valid, 1 invalid, 2 unreadable.\n",
        argc, argv, 1);
    if (rc != CLI_PROCEED) return rc;
    int err = zkfl_ptau_verify(a.pos[0], a.threads);
    if (a.json) {
        json_t *o = json_pack("{s:s, s:b, s:s}", "file", a.pos[0], "valid", err == 0, "error",
                              err ? zkfl_snark_last_error() : "");
        cli_print_json(o);
        json_decref(o);
    } else if (err == 0) {
        printf("%s: powers of tau OK\n", a.pos[0]);
    } else {
        fprintf(stderr, "zkfl ptau verify: INVALID: %s\n", cli_snark_why(err));
    }
    return cli_ceremony_verdict(err);
}

static int cmd_prepare(int argc, char **argv)
{
    struct cli_ceremony_args a;
    int rc = cli_parse_ceremony_args(&a, "ptau prepare",
        "usage: zkfl ptau prepare IN.ptau OUT.ptau [--threads N]\n\n"
        "Adds the phase-2 sections (Lagrange basis of every domain size, by group\n"
        "FFTs), as `snarkjs powersoftau prepare phase2`.\n",
        argc, argv, 2);
    if (rc != CLI_PROCEED) return rc;
    int err = zkfl_ptau_prepare(a.pos[1], a.pos[0], a.threads);
    if (err) return cli_report_snark_error("ptau prepare", err);
    cli_print_written(a.pos[1], a.json);
    return CLI_OK;
}

static int cmd_info(int argc, char **argv)
{
    struct cli_ceremony_args a;
    int rc = cli_parse_ceremony_args(&a, "ptau info",
        "usage: zkfl ptau info FILE.ptau [--json]\n\nPrints the sizes and the contribution list.\n",
        argc, argv, 1);
    if (rc != CLI_PROCEED) return rc;
    zkfl_ptau *pt;
    int err = zkfl_ptau_read(&pt, a.pos[0]);
    if (err) return cli_report_snark_error("ptau info", err);
    json_t *list = json_array();
    for (uint32_t i = 0; i < pt->n_contributions; i++) {
        char hex[129];
        cli_hex64(hex, pt->contributions[i].next_challenge);
        json_array_append_new(list, json_pack("{s:i, s:s, s:i, s:s}", "id", (int)i + 1, "name",
                                              pt->contributions[i].name, "type", (int)pt->contributions[i].type,
                                              "next_challenge", hex));
    }
    json_t *o = json_pack("{s:s, s:i, s:i, s:b, s:o}", "file", a.pos[0], "power", (int)pt->power,
                          "ceremony_power", (int)pt->ceremony_power, "prepared", pt->lagrange_g1 != NULL,
                          "contributions", list);
    if (a.json) {
        cli_print_json(o);
    } else {
        printf("%s: power %u (ceremony %u), %s, %u contribution(s)\n", a.pos[0], pt->power, pt->ceremony_power,
               pt->lagrange_g1 ? "prepared for phase 2" : "not prepared", pt->n_contributions);
        for (uint32_t i = 0; i < pt->n_contributions; i++)
            printf("  #%u %s\n", i + 1, pt->contributions[i].name[0] ? pt->contributions[i].name : "(unnamed)");
    }
    json_decref(o);
    zkfl_ptau_free(pt);
    return CLI_OK;
}

int cli_ptau(int argc, char **argv)
{
    static const struct cli_command sub[] = {
        {"beacon", "add a contribution derived from a public random beacon", cmd_beacon},
        {"contribute", "add a contribution (fresh secrets, proof of knowledge)", cmd_contribute},
        {"info", "print sizes and contributions", cmd_info},
        {"new", "start a ceremony: new POWER OUT.ptau", cmd_new},
        {"prepare", "add the phase-2 Lagrange sections", cmd_prepare},
        {"verify", "check the whole contribution chain (exit 1 if invalid)", cmd_verify},
        {NULL, NULL, NULL}};
    return cli_dispatch("ptau", sub, argc - 1, argv + 1);
}
