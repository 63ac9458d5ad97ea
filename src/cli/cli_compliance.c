/* zkfl compliance: update proofs (docs/PROTOCOL.md).
 *   setup  rules.json --dim D --out DIR [--ptau FILE]   (no --ptau: local one-party setup)
 *   prove  DIR update.bin meta.json --round R --client C --model-hash H -o proof.bin
 *   verify DIR proof.bin --round R --client C --model-hash H [--num-samples N]
 *   contribute IN_DIR OUT_DIR --name NAME [--entropy TEXT]   (multi-party phase 2)
 *   verify-setup DIR --ptau FILE */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "cli/cli.h"
#include "zkfl/compliance.h"

#define MAX_INPUT ((size_t)1 << 30)

struct copts {
    int json, threads, have_round, have_client, have_hash, have_dim, have_samples;
    uint64_t round, client, dim, samples;
    uint8_t hash[32];
    const char *out, *ptau, *name, *entropy;
    char *pos[4];
    int n_pos;
};

static int parse_u64(uint64_t *v, const char *s)
{
    if (s == NULL || *s < '0' || *s > '9') return -1;
    errno = 0;
    char *end;
    unsigned long long x = strtoull(s, &end, 10);
    if (errno || *end) return -1;
    *v = x;
    return 0;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static int parse_hash(uint8_t out[32], const char *s)
{
    if (s == NULL || strlen(s) != 64) return -1;
    for (int i = 0; i < 32; i++) {
        int hi = hexval(s[2 * i]), lo = hexval(s[2 * i + 1]);
        if (hi < 0 || lo < 0) return -1;
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    return 0;
}

static int parse(struct copts *o, const char *cmd, int argc, char **argv)
{
    memset(o, 0, sizeof *o);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        int bad = 0;
        if (strcmp(a, "--json") == 0) { o->json = 1; continue; }
        if (strcmp(a, "--round") == 0) { bad = parse_u64(&o->round, v); o->have_round = 1; }
        else if (strcmp(a, "--client") == 0) { bad = parse_u64(&o->client, v); o->have_client = 1; }
        else if (strcmp(a, "--dim") == 0) { bad = parse_u64(&o->dim, v) || o->dim == 0 || o->dim > UINT32_MAX; o->have_dim = 1; }
        else if (strcmp(a, "--num-samples") == 0) { bad = parse_u64(&o->samples, v); o->have_samples = 1; }
        else if (strcmp(a, "--model-hash") == 0) { bad = parse_hash(o->hash, v); o->have_hash = 1; }
        else if (strcmp(a, "--threads") == 0) { uint64_t t = 0; bad = parse_u64(&t, v) || t > 1024; o->threads = (int)t; }
        else if (strcmp(a, "--out") == 0 || strcmp(a, "-o") == 0) { o->out = v; bad = v == NULL; }
        else if (strcmp(a, "--ptau") == 0) { o->ptau = v; bad = v == NULL; }
        else if (strcmp(a, "--name") == 0) { o->name = v; bad = v == NULL || strlen(v) > 64; }
        else if (strcmp(a, "--entropy") == 0) { o->entropy = v; bad = v == NULL; }
        else if (a[0] == '-' && a[1] != '\0') return cli_usage_error(cmd, "unknown option %s", a);
        else {
            if (o->n_pos >= 4) return cli_usage_error(cmd, "too many arguments");
            o->pos[o->n_pos++] = argv[i];
            continue;
        }
        if (bad) return cli_usage_error(cmd, "bad or missing value for %s%s", a,
                                        strcmp(a, "--model-hash") == 0 ? " (64 hex digits)"
                                        : strcmp(a, "--name") == 0 ? " (at most 64 bytes)" : "");
        i++;
    }
    return 0;
}

static int need_binding(const char *cmd, const struct copts *o, zkfl_round_binding *b)
{
    if (!o->have_round || !o->have_client || !o->have_hash)
        return cli_usage_error(cmd, "--round, --client and --model-hash are required");
    b->round = o->round;
    b->client_id = o->client;
    memcpy(b->model_hash, o->hash, 32);
    return 0;
}

static int cmd_setup(int argc, char **argv)
{
    const char *cmd = "compliance setup";
    if (cli_wants_help(argc, argv)) {
        printf("usage: zkfl compliance setup RULES.json --dim D --out DIR [--ptau FILE] [--threads N] [--json]\n"
               "Compiles the rules for updates of D values and runs the commit-carrying Groth16 setup;\n"
               "writes DIR/rules.json, DIR/compliance.pk (provers) and DIR/compliance.vk (verifiers).\n"
               "Without --ptau: the local one-party setup - this process draws the toxic waste, uses it\n"
               "and wipes it (seconds, no powers of tau). The keys are trusted only by whoever ran it:\n"
               "for simulations and tests. With --ptau FILE (a prepared powers of tau, e.g. from a\n"
               "public ceremony): phase 2 from it (docs/PROTOCOL.md).\n");
        return CLI_OK;
    }
    struct copts o;
    int rc = parse(&o, cmd, argc, argv);
    if (rc) return rc;
    if (o.n_pos != 1 || o.out == NULL) return cli_usage_error(cmd, "expected RULES.json and --out DIR");
    zkfl_rules *rules = NULL;
    if (zkfl_rules_read(&rules, o.pos[0]) != 0) {
        fprintf(stderr, "zkfl %s: %s\n", cmd, zkfl_circuits_last_error());
        return CLI_USAGE;
    }
    if (o.have_dim && zkfl_rules_set_dim(rules, (uint32_t)o.dim) != 0) {
        fprintf(stderr, "zkfl %s: %s\n", cmd, zkfl_circuits_last_error());
        zkfl_rules_free(rules);
        return CLI_USAGE;
    }
    unsigned power = 0;
    if (zkfl_compliance_ptau_power(&power, rules) != 0) {
        fprintf(stderr, "zkfl %s: %s\n", cmd, zkfl_compliance_last_error());
        zkfl_rules_free(rules);
        return CLI_USAGE;
    }
    if (mkdir(o.out, 0755) != 0 && errno != EEXIST) {
        fprintf(stderr, "zkfl %s: cannot create %s: %s\n", cmd, o.out, strerror(errno));
        zkfl_rules_free(rules);
        return CLI_FAIL;
    }
    zkfl_ptau *pt = NULL;
    zkfl_compliance_key *key = NULL;
    uint64_t t0 = zkfl_now_ns();
    if (o.ptau != NULL) {
        if (!o.json) fprintf(stderr, "reading %s ...\n", o.ptau);
        if (zkfl_ptau_read(&pt, o.ptau) != 0) {
            fprintf(stderr, "zkfl %s: %s\n", cmd, zkfl_snark_last_error());
            zkfl_rules_free(rules);
            return CLI_USAGE;
        }
    }
    /* Progress on stderr: a setup for large d takes a while either way. */
    if (!o.json)
        fprintf(stderr, "%s setup for a domain of 2^%u (d = %u) ...\n",
                pt ? "phase-2" : "local one-party", power, zkfl_rules_get(rules)->dim);
    rc = zkfl_compliance_setup(&key, rules, pt, o.threads);
    double setup_ms = (double)(zkfl_now_ns() - t0) / 1e6;
    if (rc == 0 && !o.json) fprintf(stderr, "keys computed (%.1f s); writing %s ...\n", setup_ms / 1e3, o.out);
    if (rc == 0) rc = zkfl_compliance_key_save(key, o.out);
    if (rc != 0) {
        fprintf(stderr, "zkfl %s: %s\n", cmd, zkfl_compliance_last_error());
        rc = rc == ZKFL_ERR_IO || rc == ZKFL_ERR_NOMEM ? CLI_FAIL : CLI_USAGE;
    } else {
        size_t nc = zkfl_compliance_key_n_constraints(key);
        uint32_t d = zkfl_rules_get(rules)->dim;
        double ms = (double)(zkfl_now_ns() - t0) / 1e6;
        if (o.json)
            printf("{\"dir\": \"%s\", \"dim\": %u, \"constraints\": %zu, \"constraints_per_element\": %.3f, "
                   "\"setup\": \"%s\", \"ptau\": \"%s\", \"ptau_created\": false, \"domain_power\": %u, "
                   "\"setup_ms\": %.1f, \"total_ms\": %.1f}\n",
                   o.out, d, nc, (double)nc / d, pt ? "ptau" : "local", pt ? o.ptau : "", power, setup_ms, ms);
        else
            printf("%u values, %zu constraints (%.2f per update element); keys in %s (%.0f ms)%s\n", d, nc,
                   (double)nc / d, o.out, ms,
                   pt ? "" : "\nlocal one-party setup: trusted only by whoever ran it (simulations, tests)");
    }
    zkfl_compliance_key_free(key);
    zkfl_ptau_free(pt);
    zkfl_rules_free(rules);
    return rc;
}

static int read_meta(uint64_t *samples, const char *cmd, const char *path)
{
    json_error_t e;
    json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &e);
    if (root == NULL) {
        fprintf(stderr, "zkfl %s: %s: line %d: %s\n", cmd, path, e.line, e.text);
        return -1;
    }
    json_t *n = json_object_get(root, "num_samples");
    int ok = json_is_object(root) && json_object_size(root) == 1 && json_is_integer(n) && json_integer_value(n) >= 0;
    if (ok) *samples = (uint64_t)json_integer_value(n);
    else fprintf(stderr, "zkfl %s: %s: expected {\"num_samples\": N} with an integer N >= 0\n", cmd, path);
    json_decref(root);
    return ok ? 0 : -1;
}

static int cmd_prove(int argc, char **argv)
{
    const char *cmd = "compliance prove";
    if (cli_wants_help(argc, argv)) {
        printf("usage: zkfl compliance prove DIR UPDATE.bin META.json --round R --client C --model-hash HEX64 -o PROOF.bin [--json]\n"
               "Proves that the update (ZKUP file, docs/PROTOCOL.md) and META.json ({\"num_samples\": N})\n"
               "obey DIR/rules.json. Exit 1 when a rule is broken (named on stderr).\n");
        return CLI_OK;
    }
    struct copts o;
    zkfl_round_binding b;
    int rc = parse(&o, cmd, argc, argv);
    if (rc) return rc;
    if (o.n_pos != 3 || o.out == NULL) return cli_usage_error(cmd, "expected DIR UPDATE.bin META.json -o PROOF.bin");
    if ((rc = need_binding(cmd, &o, &b))) return rc;
    uint64_t samples = 0;
    if (read_meta(&samples, cmd, o.pos[2]) != 0) return CLI_USAGE;
    size_t len = 0, d = 0;
    uint8_t *ub = cli_read_file(&len, cmd, o.pos[1], MAX_INPUT);
    if (ub == NULL) return CLI_USAGE;
    int64_t *u = NULL;
    rc = zkfl_update_file_read(&u, &d, ub, len, o.pos[1]);
    free(ub);
    if (rc) {
        fprintf(stderr, "zkfl %s: %s\n", cmd, zkfl_compliance_last_error());
        return CLI_USAGE;
    }
    zkfl_compliance_key *key = NULL;
    if (zkfl_compliance_key_load(&key, o.pos[0], 1) != 0) {
        fprintf(stderr, "zkfl %s: %s\n", cmd, zkfl_compliance_last_error());
        zkfl_memzero(u, d * sizeof *u);
        free(u);
        return CLI_USAGE;
    }
    zkfl_cgroth16_proof proof;
    uint64_t t0 = zkfl_now_ns();
    rc = zkfl_update_prove(&proof, NULL, key, u, d, samples, &b, o.threads);
    double ms = (double)(zkfl_now_ns() - t0) / 1e6;
    zkfl_memzero(u, d * sizeof *u);
    free(u);
    if (rc != 0) {
        fprintf(stderr, "zkfl %s: %s\n", cmd, zkfl_compliance_last_error());
        zkfl_compliance_key_free(key);
        return rc == ZKFL_ERR_RANGE || rc == ZKFL_ERR_UNSATISFIED ? CLI_FALSE
             : rc == ZKFL_ERR_INVALID_ARG ? CLI_USAGE : CLI_FAIL;
    }
    size_t plen = zkfl_cgroth16_proof_size(proof.n_commitments);
    uint8_t *pb = malloc(plen);
    if (pb == NULL || zkfl_cgroth16_proof_to_bytes(pb, plen, &proof) != 0) {
        fprintf(stderr, "zkfl %s: cannot write %s: %s\n", cmd, o.out, strerror(errno));
        rc = CLI_FAIL;
    } else {
        rc = cli_write_file(cmd, o.out, pb, plen);
    }
    if (rc == CLI_OK && o.json)
        printf("{\"proof\": \"%s\", \"bytes\": %zu, \"dim\": %zu, \"prove_ms\": %.1f}\n", o.out, plen, d, ms);
    else if (rc == CLI_OK)
        printf("proof written to %s (%zu bytes, %.0f ms)\n", o.out, plen, ms);
    free(pb);
    zkfl_compliance_key_free(key);
    return rc;
}

static int cmd_verify(int argc, char **argv)
{
    const char *cmd = "compliance verify";
    if (cli_wants_help(argc, argv)) {
        printf("usage: zkfl compliance verify DIR PROOF.bin --round R --client C --model-hash HEX64 [--num-samples N] [--json]\n"
               "Exit 0 valid, 1 invalid, 2 bad input. Needs only DIR/rules.json and DIR/compliance.vk.\n");
        return CLI_OK;
    }
    struct copts o;
    zkfl_round_binding b;
    int rc = parse(&o, cmd, argc, argv);
    if (rc) return rc;
    if (o.n_pos != 2) return cli_usage_error(cmd, "expected DIR PROOF.bin");
    if ((rc = need_binding(cmd, &o, &b))) return rc;
    size_t len = 0;
    uint8_t *pb = cli_read_file(&len, cmd, o.pos[1], MAX_INPUT);
    if (pb == NULL) return CLI_USAGE;
    zkfl_cgroth16_proof proof;
    rc = zkfl_cgroth16_proof_from_bytes(&proof, pb, len);
    free(pb);
    if (rc != 0) {
        fprintf(stderr, "zkfl %s: %s: %s\n", cmd, o.pos[1], zkfl_snark_last_error());
        if (o.json) printf("{\"valid\": false, \"reason\": \"malformed proof\"}\n");
        return CLI_USAGE;
    }
    zkfl_compliance_key *key = NULL;
    if (zkfl_compliance_key_load(&key, o.pos[0], 0) != 0) {
        fprintf(stderr, "zkfl %s: %s\n", cmd, zkfl_compliance_last_error());
        return CLI_USAGE;
    }
    if (zkfl_rules_get(zkfl_compliance_key_rules(key))->samples_public && !o.have_samples) {
        zkfl_compliance_key_free(key);
        return cli_usage_error(cmd, "these rules make num_samples public: --num-samples is required");
    }
    rc = zkfl_update_verify(key, &proof, &b, o.samples);
    int valid = rc == 0;
    if (o.json) printf("{\"valid\": %s}\n", valid ? "true" : "false");
    else printf("%s\n", valid ? "OK: the update proof is valid" : "INVALID");
    if (!valid) fprintf(stderr, "zkfl %s: %s\n", cmd, zkfl_compliance_last_error());
    zkfl_compliance_key_free(key);
    if (valid) return CLI_OK;
    return rc == ZKFL_ERR_VERIFY || rc == ZKFL_ERR_NOT_ON_CURVE || rc == ZKFL_ERR_NOT_IN_SUBGROUP ? CLI_FALSE
         : rc == ZKFL_ERR_NOMEM ? CLI_FAIL : CLI_USAGE;
}

static int cmd_contribute(int argc, char **argv)
{
    const char *cmd = "compliance contribute";
    if (cli_wants_help(argc, argv)) {
        printf("usage: zkfl compliance contribute IN_DIR OUT_DIR --name NAME [--entropy TEXT] [--threads N] [--json]\n"
               "One contribution to the multi-party phase 2 of the keys in IN_DIR (made by\n"
               "`zkfl compliance setup --ptau`): fresh secret factors re-randomize delta and every\n"
               "commitment key's sigma, a record with proofs of knowledge is appended to the\n"
               "transcript (compliance.ceremony), the factors are wiped, and the new keys go to\n"
               "OUT_DIR. Prints the record's hash: find it in the final transcript\n"
               "(zkfl compliance verify-setup). One honest contributor makes the keys sound.\n");
        return CLI_OK;
    }
    struct copts o;
    int rc = parse(&o, cmd, argc, argv);
    if (rc) return rc;
    if (o.n_pos != 2 || o.name == NULL) return cli_usage_error(cmd, "expected IN_DIR OUT_DIR --name NAME");
    zkfl_compliance_key *key = NULL;
    if (zkfl_compliance_key_load(&key, o.pos[0], 1) != 0) {
        fprintf(stderr, "zkfl %s: %s\n", cmd, zkfl_compliance_last_error());
        return CLI_USAGE;
    }
    if (zkfl_cgroth16_pk_ceremony(zkfl_compliance_key_pk(key)) == NULL) {
        fprintf(stderr, "zkfl %s: %s has no ceremony transcript (compliance.ceremony): keys from the local "
                        "one-party setup cannot be extended; run zkfl compliance setup with --ptau\n", cmd, o.pos[0]);
        zkfl_compliance_key_free(key);
        return CLI_USAGE;
    }
    if (mkdir(o.pos[1], 0755) != 0 && errno != EEXIST) {
        fprintf(stderr, "zkfl %s: cannot create %s: %s\n", cmd, o.pos[1], strerror(errno));
        zkfl_compliance_key_free(key);
        return CLI_FAIL;
    }
    uint8_t hash[64];
    uint64_t t0 = zkfl_now_ns();
    rc = zkfl_compliance_contribute(key, hash, o.name, o.entropy, o.threads);
    if (rc == 0) rc = zkfl_compliance_key_save(key, o.pos[1]);
    if (rc != 0) {
        fprintf(stderr, "zkfl %s: %s\n", cmd, zkfl_compliance_last_error());
        zkfl_compliance_key_free(key);
        return cli_exit_status(rc);
    }
    char hx[129];
    cli_hex64(hx, hash);
    size_t n = zkfl_cgroth16_ceremony_n(zkfl_cgroth16_pk_ceremony(zkfl_compliance_key_pk(key)));
    double ms = (double)(zkfl_now_ns() - t0) / 1e6;
    if (o.json) {
        json_t *j = json_pack("{s:s, s:I, s:s, s:s, s:f}", "dir", o.pos[1], "contribution", (json_int_t)n, "name",
                              o.name, "hash", hx, "ms", ms);
        cli_print_json(j);
        json_decref(j);
    } else {
        printf("contribution #%zu (%s) written to %s (%.0f ms)\nhash: %s\n", n, o.name, o.pos[1], ms, hx);
    }
    zkfl_compliance_key_free(key);
    return CLI_OK;
}

static int cmd_verify_setup(int argc, char **argv)
{
    const char *cmd = "compliance verify-setup";
    if (cli_wants_help(argc, argv)) {
        printf("usage: zkfl compliance verify-setup DIR --ptau FILE [--threads N] [--json]\n"
               "Recomputes the initial keys of DIR/rules.json from the powers of tau, checks every\n"
               "contribution of DIR/compliance.ceremony (proofs of knowledge, each record following\n"
               "from the one before) and that DIR/compliance.pk and .vk are exactly the result.\n"
               "Exit 0 valid (sound if one contributor was honest), 1 invalid, 2 bad input.\n");
        return CLI_OK;
    }
    struct copts o;
    int rc = parse(&o, cmd, argc, argv);
    if (rc) return rc;
    if (o.n_pos != 1 || o.ptau == NULL) return cli_usage_error(cmd, "expected DIR --ptau FILE");
    zkfl_compliance_key *key = NULL, *vonly = NULL;
    if (zkfl_compliance_key_load(&key, o.pos[0], 1) != 0 || zkfl_compliance_key_load(&vonly, o.pos[0], 0) != 0) {
        fprintf(stderr, "zkfl %s: %s\n", cmd, zkfl_compliance_last_error());
        zkfl_compliance_key_free(key);
        return CLI_USAGE;
    }
    zkfl_ptau *pt = NULL;
    if (zkfl_ptau_read(&pt, o.ptau) != 0) {
        fprintf(stderr, "zkfl %s: %s\n", cmd, zkfl_snark_last_error());
        zkfl_compliance_key_free(key);
        zkfl_compliance_key_free(vonly);
        return CLI_USAGE;
    }
    const char *why = "";
    rc = zkfl_compliance_verify_setup(key, pt, o.threads);
    if (rc != 0) {
        why = zkfl_compliance_last_error();
    } else if (memcmp(zkfl_cgroth16_vk_digest(zkfl_compliance_key_vk(key)),
                      zkfl_cgroth16_vk_digest(zkfl_compliance_key_vk(vonly)), 32) != 0) {
        /* Verifiers read compliance.vk: it must be the proving key's. */
        rc = ZKFL_ERR_VERIFY;
        why = "compliance.vk is not the verification key of compliance.pk";
    }
    const zkfl_cgroth16_ceremony *cer = zkfl_cgroth16_pk_ceremony(zkfl_compliance_key_pk(key));
    size_t n = zkfl_cgroth16_ceremony_n(cer);
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++) {
        const char *name = NULL;
        const uint8_t *h = NULL;
        char hx[129];
        if (zkfl_cgroth16_ceremony_entry(&name, &h, cer, i) != 0) continue;
        cli_hex64(hx, h);
        if (o.json) json_array_append_new(list, json_pack("{s:s, s:s}", "name", name, "hash", hx));
        else printf("contribution #%zu: %s\n  hash: %s\n", i + 1, name, hx);
    }
    if (o.json) {
        json_t *j = json_pack("{s:b, s:O, s:s}", "valid", rc == 0, "contributions", list, "error", why);
        cli_print_json(j);
        json_decref(j);
    } else if (rc == 0) {
        printf("OK: the keys in %s are the phase 2 of %s with %zu contribution%s (sound if one was honest)\n", o.pos[0],
               o.ptau, n, n == 1 ? "" : "s");
    } else {
        printf("INVALID\n");
    }
    json_decref(list);
    if (rc != 0) fprintf(stderr, "zkfl %s: %s\n", cmd, why);
    zkfl_ptau_free(pt);
    zkfl_compliance_key_free(key);
    zkfl_compliance_key_free(vonly);
    return cli_exit_status(rc);
}

int cli_compliance(int argc, char **argv)
{
    static const struct cli_command sub[] = {
        {"setup", "compile rules.json and create the proving/verification keys", cmd_setup},
        {"prove", "prove that an update obeys the rules", cmd_prove},
        {"verify", "verify an update proof", cmd_verify},
        {"contribute", "add a contribution to the multi-party phase 2 of the keys", cmd_contribute},
        {"verify-setup", "check the keys' phase-2 transcript against the rules and a ptau", cmd_verify_setup},
        {NULL, NULL, NULL}};
    return cli_dispatch("compliance", sub, argc - 1, argv + 1);
}
