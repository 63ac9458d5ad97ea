/* zkfl ptau: the powers-of-tau (phase 1) ceremony on snarkjs .ptau files:
 * new, contribute, beacon, verify, prepare, info. Files interoperate with
 * `snarkjs powersoftau ...` in both directions. */
#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "zkfl/snark.h"

static void hex64(char out[129], const uint8_t h[64])
{
    for (int i = 0; i < 64; i++) sprintf(out + 2 * i, "%02x", h[i]);
}

/* Collects positional arguments and the --name/--entropy/--threads/--json
 * options shared by the subcommands. */
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
        else if ((strcmp(argv[i], "--name") == 0 || strcmp(argv[i], "--entropy") == 0 ||
                  strcmp(argv[i], "--threads") == 0) && i + 1 < argc) {
            if (argv[i][2] == 'n') a->name = argv[++i];
            else if (argv[i][2] == 'e') a->entropy = argv[++i];
            else a->threads = atoi(argv[++i]);
        } else if (strncmp(argv[i], "--", 2) == 0) {
            return cli_usage_error(cmd, "unknown option %s", argv[i]);
        } else if (a->n_pos < 4) {
            a->pos[a->n_pos++] = argv[i];
        } else {
            return cli_usage_error(cmd, "too many arguments");
        }
    }
    if (a->n_pos != want) return cli_usage_error(cmd, "expected %d file arguments, got %d", want, a->n_pos);
    return 0;
}

static int cmd_new(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        printf("usage: zkfl ptau new POWER OUT.ptau [--json]\n\n"
               "Starts a BN254 powers-of-tau ceremony for circuits of up to 2^POWER\n"
               "constraints (1..%d): every point is the generator, no contributions.\n", ZKFL_PTAU_MAX_POWER);
        return CLI_OK;
    }
    args_t a;
    int rc = parse(&a, "ptau new", argc, argv, 2);
    if (rc) return rc;
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
    if (cli_wants_help(argc, argv)) {
        printf("usage: zkfl ptau contribute IN.ptau OUT.ptau [--name NAME] [--entropy TEXT] [--json]\n\n"
               "Adds a contribution: fresh secrets tau, alpha, beta from the OS random\n"
               "generator (with TEXT hashed in), a proof of knowledge bound to the previous\n"
               "challenge, and the secrets wiped. Prints the contribution (response) hash.\n");
        return CLI_OK;
    }
    args_t a;
    int rc = parse(&a, "ptau contribute", argc, argv, 2);
    if (rc) return rc;
    uint8_t hash[64];
    int err = zkfl_ptau_contribute(a.pos[1], a.pos[0], a.name, a.entropy, hash);
    if (err) return cli_report_snark_error("ptau contribute", err);
    cli_print_contribution(a.pos[1], hash, a.json);
    return CLI_OK;
}

int cli_parse_beacon(uint8_t hash[255], size_t *len, unsigned *exp, const char *cmd, const char *hex,
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

static int cmd_beacon(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        printf("usage: zkfl ptau beacon IN.ptau OUT.ptau BEACON_HASH_HEX NUM_ITERATIONS_EXP [--name NAME] [--json]\n\n"
               "Adds a contribution whose secrets anyone can recompute from a public random\n"
               "beacon (e.g. a future block hash): the beacon is hashed with SHA-256\n"
               "2^NUM_ITERATIONS_EXP times (10..63) and seeds the secrets, as `snarkjs\n"
               "powersoftau beacon` (same output file for the same input). Usually the\n"
               "ceremony's last contribution. Prints the contribution (response) hash.\n");
        return CLI_OK;
    }
    args_t a;
    int rc = parse(&a, "ptau beacon", argc, argv, 4);
    if (rc) return rc;
    if (a.entropy != NULL) return cli_usage_error("ptau beacon", "--entropy does not apply: the beacon is the only source");
    uint8_t beacon[255], hash[64];
    size_t len;
    unsigned exp;
    if ((rc = cli_parse_beacon(beacon, &len, &exp, "ptau beacon", a.pos[2], a.pos[3])) != 0) return rc;
    int err = zkfl_ptau_beacon(a.pos[1], a.pos[0], a.name, beacon, len, exp, hash);
    if (err) return cli_report_snark_error("ptau beacon", err);
    cli_print_contribution(a.pos[1], hash, a.json);
    return CLI_OK;
}

static int cmd_verify(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        printf("usage: zkfl ptau verify FILE.ptau [--threads N] [--json]\n\n"
               "Checks every contribution's proof of knowledge and chaining (recomputing\n"
               "beacon contributions from their beacon hash), the powers\n"
               "against the last contribution, the transcript hash and (if present) the\n"
               "phase-2 Lagrange sections. Exit 0 valid, 1 invalid, 2 unreadable.\n");
        return CLI_OK;
    }
    args_t a;
    int rc = parse(&a, "ptau verify", argc, argv, 1);
    if (rc) return rc;
    int err = zkfl_ptau_verify(a.pos[0], a.threads);
    const char *msg = zkfl_snark_last_error();
    if (a.json) {
        json_t *o = json_pack("{s:s, s:b, s:s}", "file", a.pos[0], "valid", err == 0, "error", err ? msg : "");
        char *s = json_dumps(o, 0);
        printf("%s\n", s);
        free(s);
        json_decref(o);
    } else if (err == 0) {
        printf("%s: powers of tau OK\n", a.pos[0]);
    }
    if (err && !a.json) fprintf(stderr, "zkfl ptau verify: INVALID: %s\n", *msg ? msg : zkfl_strerror(err));
    /* A file that cannot be decoded is not a valid ceremony either. */
    if (err == ZKFL_ERR_FORMAT || err == ZKFL_ERR_NOT_ON_CURVE || err == ZKFL_ERR_NOT_IN_SUBGROUP ||
        err == ZKFL_ERR_NOT_CANONICAL)
        return CLI_FALSE;
    return cli_exit_status(err);
}

static int cmd_prepare(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        printf("usage: zkfl ptau prepare IN.ptau OUT.ptau [--threads N]\n\n"
               "Adds the phase-2 sections (Lagrange basis of every domain size, by group\n"
               "FFTs), as `snarkjs powersoftau prepare phase2`.\n");
        return CLI_OK;
    }
    args_t a;
    int rc = parse(&a, "ptau prepare", argc, argv, 2);
    if (rc) return rc;
    int err = zkfl_ptau_prepare(a.pos[1], a.pos[0], a.threads);
    if (err) return cli_report_snark_error("ptau prepare", err);
    if (a.json) printf("{\"file\": \"%s\"}\n", a.pos[1]);
    else printf("wrote %s\n", a.pos[1]);
    return CLI_OK;
}

static int cmd_info(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        printf("usage: zkfl ptau info FILE.ptau [--json]\n\nPrints the sizes and the contribution list.\n");
        return CLI_OK;
    }
    args_t a;
    int rc = parse(&a, "ptau info", argc, argv, 1);
    if (rc) return rc;
    zkfl_ptau *pt;
    int err = zkfl_ptau_read(&pt, a.pos[0]);
    if (err) return cli_report_snark_error("ptau info", err);
    json_t *list = json_array();
    for (uint32_t i = 0; i < pt->n_contributions; i++) {
        char hex[129];
        hex64(hex, pt->contributions[i].next_challenge);
        json_array_append_new(list, json_pack("{s:i, s:s, s:i, s:s}", "id", (int)i + 1, "name",
                                              pt->contributions[i].name, "type", (int)pt->contributions[i].type,
                                              "next_challenge", hex));
    }
    json_t *o = json_pack("{s:s, s:i, s:i, s:b, s:o}", "file", a.pos[0], "power", (int)pt->power,
                          "ceremony_power", (int)pt->ceremony_power, "prepared", pt->lagrange_g1 != NULL,
                          "contributions", list);
    if (a.json) {
        char *s = json_dumps(o, 0);
        printf("%s\n", s);
        free(s);
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
