/* zkfl groth16: snarkjs-compatible Groth16 commands (same argument order as
 * `snarkjs groth16 ...` / `snarkjs zkey export verificationkey`). */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include "cli/cli.h"
#include "zkfl/groth16.h"

#define JSON_FILE_MAX ((size_t)1 << 30)

static long peak_rss_kib(void)
{
    struct rusage ru;
    return getrusage(RUSAGE_SELF, &ru) == 0 ? ru.ru_maxrss : -1;
}

/* Options shared by the subcommands; positional arguments are collected. */
struct opts {
    int json, verbose, binary_in, threads;
    const char *binary_out;
    char **pos;
    int n_pos;
};

static int parse_opts(struct opts *o, const char *cmd, int argc, char **argv, int allow_binary_out)
{
    memset(o, 0, sizeof *o);
    o->pos = calloc((size_t)argc + 1, sizeof *o->pos);
    if (o->pos == NULL)
        return CLI_FAIL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--json") == 0) {
            o->json = 1;
        } else if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0) {
            o->verbose = 1;
        } else if (strcmp(a, "--threads") == 0 && i + 1 < argc) {
            char *end;
            long t = strtol(argv[++i], &end, 10);
            if (*end != 0 || t < 1 || t > 1024)
                return cli_usage_error(cmd, "--threads wants an integer in [1, 1024]");
            o->threads = (int)t;
        } else if (strcmp(a, "--binary") == 0 && allow_binary_out) {
            if (i + 1 >= argc)
                return cli_usage_error(cmd, "--binary wants a file name");
            o->binary_out = argv[++i];
        } else if (strcmp(a, "--binary") == 0) {
            o->binary_in = 1;
        } else if (a[0] == '-' && a[1] != 0) {
            return cli_usage_error(cmd, "unknown option '%s'", a);
        } else {
            o->pos[o->n_pos++] = argv[i];
        }
    }
    return CLI_OK;
}

/* ---- export-vk ---- */

static int cmd_export_vk(int argc, char **argv)
{
    const char *cmd = "groth16 export-vk";
    if (cli_wants_help(argc, argv)) {
        printf("usage: zkfl groth16 export-vk CIRCUIT.zkey VERIFICATION_KEY.json\n\n"
               "Writes the verification key of a Groth16 proving key in snarkjs's\n"
               "verification_key.json format (snarkjs zkey export verificationkey).\n");
        return CLI_OK;
    }
    struct opts o;
    int rc = parse_opts(&o, cmd, argc, argv, 0);
    if (rc != CLI_OK || o.n_pos != 2) {
        free(o.pos);
        return rc != CLI_OK ? rc : cli_usage_error(cmd, "expected CIRCUIT.zkey VERIFICATION_KEY.json");
    }
    zkfl_zkey *zk = NULL;
    zkfl_groth16_vk vk;
    int status = CLI_FAIL;
    if ((rc = zkfl_zkey_read_prover(&zk, o.pos[0])) != 0) {
        fprintf(stderr, "zkfl %s: %s: %s\n", cmd, o.pos[0], cli_snark_why(rc));
        status = rc == ZKFL_ERR_IO || rc == ZKFL_ERR_NOMEM ? CLI_FAIL : CLI_USAGE;
        goto done;
    }
    if ((rc = zkfl_groth16_vk_from_zkey(&vk, zk)) != 0) {
        fprintf(stderr, "zkfl %s: %s: bad verification key points: %s\n", cmd, o.pos[0], zkfl_strerror(rc));
        status = CLI_USAGE;
        goto done;
    }
    char *text = zkfl_groth16_vk_to_json(&vk);
    zkfl_groth16_vk_free(&vk);
    if (text != NULL && cli_write_file(cmd, o.pos[1], text, strlen(text)) == CLI_OK)
        status = CLI_OK;
    free(text);
done:
    zkfl_zkey_free(zk);
    free(o.pos);
    return status;
}

/* ---- prove ---- */

static int cmd_prove(int argc, char **argv)
{
    const char *cmd = "groth16 prove";
    if (cli_wants_help(argc, argv)) {
        printf("usage: zkfl groth16 prove CIRCUIT.zkey WITNESS.wtns PROOF.json PUBLIC.json\n"
               "                          [--binary PROOF.bin] [--threads N] [--json] [-v]\n\n"
               "Makes a Groth16 proof (snarkjs groth16 prove): proof.json and public.json\n"
               "in snarkjs's format, optionally the 128-byte binary proof (compressed\n"
               "A || B || C). The proof is checked against the key before it is written.\n"
               "--json / -v report timings and peak memory (ru_maxrss).\n");
        return CLI_OK;
    }
    struct opts o;
    int rc = parse_opts(&o, cmd, argc, argv, 1);
    if (rc != CLI_OK || o.n_pos != 4) {
        free(o.pos);
        return rc != CLI_OK ? rc : cli_usage_error(cmd, "expected CIRCUIT.zkey WITNESS.wtns PROOF.json PUBLIC.json");
    }
    uint64_t t0 = zkfl_now_ns();
    zkfl_zkey *zk = NULL;
    zkfl_fr *w = NULL;
    size_t nw = 0;
    int status = CLI_USAGE;
    char *proof_text = NULL, *public_text = NULL;
    if ((rc = zkfl_zkey_read_prover(&zk, o.pos[0])) != 0) {
        fprintf(stderr, "zkfl %s: %s: %s\n", cmd, o.pos[0], cli_snark_why(rc));
        status = rc == ZKFL_ERR_NOMEM ? CLI_FAIL : CLI_USAGE;
        goto done;
    }
    if ((rc = zkfl_wtns_read(&w, &nw, o.pos[1])) != 0) {
        fprintf(stderr, "zkfl %s: %s: %s\n", cmd, o.pos[1], cli_snark_why(rc));
        status = rc == ZKFL_ERR_NOMEM ? CLI_FAIL : CLI_USAGE;
        goto done;
    }
    if (nw != zk->n_vars) {
        fprintf(stderr, "zkfl %s: %s has %zu values but the circuit of %s has %u wires\n",
                cmd, o.pos[1], nw, o.pos[0], zk->n_vars);
        goto done;
    }
    uint64_t t1 = zkfl_now_ns();
    zkfl_groth16_proof proof;
    zkfl_groth16_prove_stats st;
    rc = zkfl_groth16_prove(&proof, &st, zk, w, nw, o.threads);
    if (rc == ZKFL_ERR_UNSATISFIED || rc == ZKFL_ERR_NOT_IN_SUBGROUP || rc == ZKFL_ERR_NOT_ON_CURVE) {
        /* The key's big point arrays were not curve-checked when loaded;
         * a full read tells a corrupt key from a wrong witness. */
        zkfl_zkey *checked = NULL;
        int krc = zkfl_zkey_read(&checked, o.pos[0]);
        zkfl_zkey_free(checked);
        if (krc != 0) {
            fprintf(stderr, "zkfl %s: %s is corrupt: %s\n", cmd, o.pos[0], cli_snark_why(krc));
            status = CLI_USAGE;
            goto done;
        }
    }
    if (rc == ZKFL_ERR_UNSATISFIED) {
        fprintf(stderr, "zkfl %s: the witness %s does not satisfy the circuit of %s\n", cmd, o.pos[1], o.pos[0]);
        status = CLI_FALSE;
        goto done;
    }
    if (rc != 0) {
        fprintf(stderr, "zkfl %s: proving failed: %s\n", cmd, zkfl_strerror(rc));
        status = rc == ZKFL_ERR_INVALID_ARG || rc == ZKFL_ERR_FORMAT ? CLI_USAGE : CLI_FAIL;
        goto done;
    }
    status = CLI_FAIL;
    proof_text = zkfl_groth16_proof_to_json(&proof);
    public_text = zkfl_groth16_public_to_json(w + 1, zk->n_public);
    if (proof_text == NULL || public_text == NULL ||
        cli_write_file(cmd, o.pos[2], proof_text, strlen(proof_text)) != CLI_OK ||
        cli_write_file(cmd, o.pos[3], public_text, strlen(public_text)) != CLI_OK)
        goto done;
    if (o.binary_out != NULL) {
        uint8_t bin[ZKFL_GROTH16_PROOF_BYTES];
        zkfl_groth16_proof_to_bytes(bin, &proof);
        if (cli_write_file(cmd, o.binary_out, bin, sizeof bin) != CLI_OK)
            goto done;
    }
    double load_ms = (double)(t1 - t0) / 1e6;
    long rss = peak_rss_kib();
    if (o.json)
        printf("{\"constraints_domain\": %u, \"n_vars\": %u, \"n_public\": %u, \"threads\": %d, "
               "\"load_ms\": %.3f, \"witness_ms\": %.3f, \"ntt_ms\": %.3f, \"msm_ms\": %.3f, "
               "\"prove_ms\": %.3f, \"peak_rss_kib\": %ld}\n",
               zk->domain_size, zk->n_vars, zk->n_public, o.threads > 0 ? o.threads : zkfl_default_threads(),
               load_ms, st.witness_ms, st.ntt_ms, st.msm_ms, st.total_ms, rss);
    else if (o.verbose)
        fprintf(stderr, "domain 2^%u, %u wires: load %.1f ms, prove %.1f ms (A/B/C %.1f, NTT %.1f, MSM %.1f), "
                "peak memory %.1f MiB\n", zk->power, zk->n_vars, load_ms, st.total_ms, st.witness_ms,
                st.ntt_ms, st.msm_ms, (double)rss / 1024.0);
    status = CLI_OK;
done:
    if (w != NULL) {
        zkfl_memzero(w, nw * sizeof *w);
        free(w);
    }
    free(proof_text);
    free(public_text);
    zkfl_zkey_free(zk);
    free(o.pos);
    return status;
}

/* ---- verify ---- */

static int load_vk(zkfl_groth16_vk *vk, const char *cmd, const char *path)
{
    size_t len;
    char *text = (char *)cli_read_file(&len, cmd, path, JSON_FILE_MAX);
    if (text == NULL)
        return CLI_USAGE;
    char err[256];
    int rc = zkfl_groth16_vk_from_json(vk, text, len, err, sizeof err);
    free(text);
    if (rc != 0) {
        fprintf(stderr, "zkfl %s: %s: %s\n", cmd, path, err);
        return rc == ZKFL_ERR_NOMEM ? CLI_FAIL : CLI_USAGE;
    }
    return CLI_OK;
}

/* Reads one public.json / proof pair; on failure writes the reason to why. */
static int load_pair(zkfl_fr **pub, size_t *npub, zkfl_groth16_proof *proof, int binary,
                     const char *cmd, const char *pub_path, const char *proof_path,
                     char *why, size_t why_len)
{
    size_t len;
    char err[256];
    char *text = (char *)cli_read_file(&len, cmd, pub_path, JSON_FILE_MAX);
    if (text == NULL) {
        snprintf(why, why_len, "%s: unreadable", pub_path);
        return ZKFL_ERR_IO;
    }
    int rc = zkfl_groth16_public_from_json(pub, npub, text, len, err, sizeof err);
    free(text);
    if (rc != 0) {
        snprintf(why, why_len, "%s: %s", pub_path, err);
        return rc;
    }
    text = (char *)cli_read_file(&len, cmd, proof_path, binary ? ZKFL_GROTH16_PROOF_BYTES : JSON_FILE_MAX);
    if (text == NULL) {
        snprintf(why, why_len, "%s: unreadable", proof_path);
        return ZKFL_ERR_IO;
    }
    if (binary) {
        rc = len == ZKFL_GROTH16_PROOF_BYTES ? zkfl_groth16_proof_from_bytes(proof, (const uint8_t *)text)
                                             : ZKFL_ERR_FORMAT;
        if (rc != 0)
            snprintf(why, why_len, "%s: %s", proof_path, len != ZKFL_GROTH16_PROOF_BYTES ?
                     "a binary proof has exactly 128 bytes" : zkfl_strerror(rc));
    } else {
        rc = zkfl_groth16_proof_from_json(proof, text, len, err, sizeof err);
        if (rc != 0)
            snprintf(why, why_len, "%s: %s", proof_path, err);
    }
    free(text);
    return rc;
}

static int cmd_verify(int argc, char **argv)
{
    const char *cmd = "groth16 verify";
    if (cli_wants_help(argc, argv)) {
        printf("usage: zkfl groth16 verify VERIFICATION_KEY.json PUBLIC.json PROOF.json [--json]\n"
               "       zkfl groth16 verify --binary VERIFICATION_KEY.json PUBLIC.json PROOF.bin\n\n"
               "Verifies a Groth16 proof (snarkjs groth16 verify). Exit status: 0 valid,\n"
               "1 invalid, 2 unreadable or malformed input (the message says why: points\n"
               "off the curve or outside the subgroup, inputs >= r, wrong input count).\n");
        return CLI_OK;
    }
    struct opts o;
    int rc = parse_opts(&o, cmd, argc, argv, 0);
    if (rc != CLI_OK || o.n_pos != 3) {
        free(o.pos);
        return rc != CLI_OK ? rc : cli_usage_error(cmd, "expected VERIFICATION_KEY.json PUBLIC.json PROOF.json");
    }
    zkfl_groth16_vk vk;
    zkfl_fr *pub = NULL;
    size_t npub = 0;
    zkfl_groth16_proof proof;
    char why[600];
    int status = load_vk(&vk, cmd, o.pos[0]);
    if (status != CLI_OK)
        goto out;
    if ((rc = load_pair(&pub, &npub, &proof, o.binary_in, cmd, o.pos[1], o.pos[2], why, sizeof why)) != 0) {
        fprintf(stderr, "zkfl %s: %s\n", cmd, why);
        status = rc == ZKFL_ERR_NOMEM ? CLI_FAIL : CLI_USAGE;
        goto done;
    }
    if (npub != vk.n_public) {
        fprintf(stderr, "zkfl %s: %s has %zu public inputs, the key %s expects %zu\n",
                cmd, o.pos[1], npub, o.pos[0], vk.n_public);
        status = CLI_USAGE;
        goto done;
    }
    uint64_t t0 = zkfl_now_ns();
    rc = zkfl_groth16_verify_vartime(&vk, pub, npub, &proof);
    double ms = (double)(zkfl_now_ns() - t0) / 1e6;
    if (rc == 0 || rc == ZKFL_ERR_VERIFY) {
        status = rc == 0 ? CLI_OK : CLI_FALSE;
        if (o.json)
            printf("{\"valid\": %s, \"verify_ms\": %.3f}\n", rc == 0 ? "true" : "false", ms);
        else if (rc == 0)
            printf("OK: the proof is valid\n");
        else
            fprintf(stderr, "zkfl %s: INVALID: the pairing equation does not hold for %s with %s\n",
                    cmd, o.pos[2], o.pos[1]);
    } else {
        fprintf(stderr, "zkfl %s: %s\n", cmd, zkfl_strerror(rc));
        status = CLI_USAGE;
    }
done:
    free(pub);
    zkfl_groth16_vk_free(&vk);
out:
    free(o.pos);
    return status;
}

/* ---- verify-batch ---- */

static int cmd_verify_batch(int argc, char **argv)
{
    const char *cmd = "groth16 verify-batch";
    if (cli_wants_help(argc, argv)) {
        printf("usage: zkfl groth16 verify-batch VERIFICATION_KEY.json PUBLIC1.json PROOF1.json\n"
               "                                [PUBLIC2.json PROOF2.json ...] [--binary] [--json]\n\n"
               "Verifies many proofs under one key at once (random linear combination,\n"
               "one final exponentiation); names every invalid or unreadable proof.\n"
               "--binary: the proofs are 128-byte binary proofs. Exit status: 0 all valid,\n"
               "1 at least one invalid or unreadable, 2 bad usage or a bad key.\n");
        return CLI_OK;
    }
    struct opts o;
    int rc = parse_opts(&o, cmd, argc, argv, 0);
    if (rc != CLI_OK || o.n_pos < 3 || o.n_pos % 2 != 1) {
        free(o.pos);
        return rc != CLI_OK ? rc : cli_usage_error(cmd, "expected VERIFICATION_KEY.json and pairs PUBLIC.json PROOF.json");
    }
    if (o.threads > 0)
        zkfl_set_default_threads(o.threads);
    size_t n = (size_t)(o.n_pos - 1) / 2;
    zkfl_groth16_vk vk;
    int status = load_vk(&vk, cmd, o.pos[0]);
    if (status != CLI_OK) {
        free(o.pos);
        return status;
    }
    status = CLI_FAIL;
    zkfl_fr *pubs = calloc(n * (vk.n_public ? vk.n_public : 1), sizeof *pubs);
    zkfl_groth16_proof *proofs = calloc(n, sizeof *proofs);
    uint8_t *readable = calloc(n, 1), *valid = calloc(n, 1);
    size_t *map = calloc(n, sizeof *map);
    char (*why)[600] = calloc(n, sizeof *why);
    if (!pubs || !proofs || !readable || !valid || !map || !why)
        goto done;
    /* Unreadable pairs are reported and left out of the combined check. */
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        zkfl_fr *p = NULL;
        size_t np = 0;
        const char *pub_path = o.pos[1 + 2 * i], *proof_path = o.pos[2 + 2 * i];
        rc = load_pair(&p, &np, &proofs[m], o.binary_in, cmd, pub_path, proof_path,
                       why[i], sizeof why[i]);
        if (rc == 0 && np != vk.n_public) {
            snprintf(why[i], sizeof why[i], "%s: %zu public inputs, the key expects %zu", pub_path, np, vk.n_public);
            rc = ZKFL_ERR_INVALID_ARG;
        }
        if (rc == 0) {
            if (np > 0)
                memcpy(pubs + m * vk.n_public, p, np * sizeof *p);
            readable[i] = 1;
            map[m++] = i;
        }
        free(p);
    }
    uint8_t *ok = calloc(m ? m : 1, 1);
    if (ok == NULL)
        goto done;
    uint64_t t0 = zkfl_now_ns();
    rc = zkfl_groth16_verify_batch_vartime(ok, &vk, pubs, proofs, m);
    double ms = (double)(zkfl_now_ns() - t0) / 1e6;
    if (rc != 0 && rc != ZKFL_ERR_VERIFY) {
        fprintf(stderr, "zkfl %s: %s\n", cmd, zkfl_strerror(rc));
        free(ok);
        goto done;
    }
    for (size_t k = 0; k < m; k++) {
        valid[map[k]] = ok[k];
        if (!ok[k])
            snprintf(why[map[k]], sizeof why[map[k]], "%s: the pairing equation does not hold",
                     o.pos[2 + 2 * map[k]]);
    }
    free(ok);
    size_t bad = 0;
    for (size_t i = 0; i < n; i++)
        bad += !valid[i];
    if (o.json) {
        printf("{\"proofs\": %zu, \"valid\": %zu, \"verify_ms\": %.3f, \"invalid\": [", n, n - bad, ms);
        for (size_t i = 0, first = 1; i < n; i++)
            if (!valid[i]) {
                printf("%s{\"index\": %zu, \"proof\": \"%s\", \"readable\": %s}", first ? "" : ", ", i,
                       o.pos[2 + 2 * i], readable[i] ? "true" : "false");
                first = 0;
            }
        printf("]}\n");
    }
    for (size_t i = 0; i < n; i++)
        if (!valid[i])
            fprintf(stderr, "zkfl %s: INVALID proof %zu (%s): %s\n", cmd, i + 1, o.pos[2 + 2 * i], why[i]);
    if (!o.json) {
        if (bad == 0)
            printf("OK: all %zu proofs are valid (%.3f ms)\n", n, ms);
        else
            printf("%zu of %zu proofs are invalid\n", bad, n);
    }
    status = bad == 0 ? CLI_OK : CLI_FALSE;
done:
    free(pubs); free(proofs); free(readable); free(valid); free(map); free(why);
    zkfl_groth16_vk_free(&vk);
    free(o.pos);
    return status;
}

int cli_groth16(int argc, char **argv)
{
    static const struct cli_command sub[] = {
        {"setup", "phase 2 start: .r1cs + prepared .ptau -> initial .zkey", cli_groth16_setup},
        {"contribute", "phase 2 contribution: .zkey -> .zkey with a fresh delta", cli_groth16_contribute},
        {"beacon", "phase 2 beacon: .zkey -> .zkey with a delta from a public beacon", cli_groth16_beacon},
        {"verify-setup", "check a .zkey against its .r1cs and .ptau", cli_groth16_verify_setup},
        {"export-vk", "write verification_key.json of a .zkey", cmd_export_vk},
        {"prove", "prove: .zkey + .wtns -> proof.json, public.json", cmd_prove},
        {"verify", "verify one proof (exit 0 valid, 1 invalid)", cmd_verify},
        {"verify-batch", "verify many proofs under one key at once", cmd_verify_batch},
        {NULL, NULL, NULL}
    };
    return cli_dispatch("groth16", sub, argc - 1, argv + 1);
}
