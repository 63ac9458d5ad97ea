/* Poseidon against circomlibjs: the committed known-answer file (made by
 * poseidon_ref.mjs kat, including circomlib's published poseidon([1]) and
 * poseidon([1,2])) and a fresh differential run on random inputs. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include "testlib.h"
#include "zkfl/circuits.h"

/* Parses "n in_1 .. in_n out" lines and checks each; returns lines checked. */
static int check_lines(char *text, const char *what)
{
    int lines = 0;
    char *outer = NULL;
    for (char *line = strtok_r(text, "\n", &outer); line != NULL; line = strtok_r(NULL, "\n", &outer)) {
        char *save = NULL;
        char *tok = strtok_r(line, " ", &save);
        if (tok == NULL) continue;
        size_t n = strtoul(tok, NULL, 10);
        CHECK(n >= 1 && n <= 16);
        if (n < 1 || n > 16) return lines;
        zkfl_fr in[16], want, got;
        int ok = 1;
        for (size_t i = 0; i < n; i++) {
            tok = strtok_r(NULL, " ", &save);
            ok &= tok != NULL && zkfl_fr_from_dec(&in[i], tok) == 0;
        }
        tok = strtok_r(NULL, " ", &save);
        ok &= tok != NULL && zkfl_fr_from_dec(&want, tok) == 0;
        CHECK(ok);
        CHECK_OK(zkfl_poseidon_hash(&got, in, n));
        if (!zkfl_fr_eq(&got, &want)) {
            char d[ZKFL_DEC_MAX];
            zkfl_fr_to_dec(d, &got);
            fprintf(stderr, "%s: poseidon mismatch for n=%zu: got %s\n", what, n, d);
        }
        CHECK(zkfl_fr_eq(&got, &want));
        lines++;
    }
    return lines;
}

int main(void)
{
    const char *src = zkfl_test_source_dir();
    CHECK(src != NULL);
    char path[4096];
    snprintf(path, sizeof path, "%s/tests/circuits/vectors/poseidon.txt", src ? src : ".");
    FILE *f = fopen(path, "r");
    CHECK(f != NULL);
    if (f != NULL) {
        static char buf[1 << 16];
        size_t len = fread(buf, 1, sizeof buf - 1, f);
        buf[len] = 0;
        fclose(f);
        CHECK_EQ_INT(check_lines(buf, "known-answer"), 32);
    }

    /* Argument checks. */
    zkfl_fr x[17], out;
    memset(x, 0, sizeof x);
    CHECK(zkfl_poseidon_hash(&out, x, 0) == ZKFL_ERR_INVALID_ARG);
    CHECK(zkfl_poseidon_hash(&out, x, 17) == ZKFL_ERR_INVALID_ARG);
    CHECK(zkfl_poseidon_permute(x, 1) == ZKFL_ERR_INVALID_ARG);
    CHECK(zkfl_poseidon_permute(x, 18) == ZKFL_ERR_INVALID_ARG);
    CHECK_EQ_INT(zkfl_poseidon_partial_rounds(3), 57);
    CHECK_EQ_INT(zkfl_poseidon_partial_rounds(18), 0);
    /* A one-input change changes the hash (no accidental input dropping). */
    zkfl_fr a[3], h1, h2;
    for (int i = 0; i < 3; i++) zkfl_fr_set_u64(&a[i], (uint64_t)i + 10);
    CHECK_OK(zkfl_poseidon_hash(&h1, a, 3));
    zkfl_fr_set_u64(&a[2], 13);
    CHECK_OK(zkfl_poseidon_hash(&h2, a, 3));
    CHECK(!zkfl_fr_eq(&h1, &h2));

    /* Fresh differential run against circomlibjs on random inputs. */
    if (zkfl_test_have_node_package("circomlibjs")) {
        uint8_t seedb[4];
        zkfl_randombytes(seedb, sizeof seedb);
        unsigned seed = (unsigned)seedb[0] | (unsigned)seedb[1] << 8 | (unsigned)seedb[2] << 16;
        char cmd[8192];
        snprintf(cmd, sizeof cmd, "node %s/tests/circuits/poseidon_ref.mjs %u 160", src, seed);
        int st = -1;
        char *outp = zkfl_test_run(cmd, &st);
        CHECK(outp != NULL && st == 0);
        if (outp != NULL) {
            int n = check_lines(outp, "differential");
            if (n != 160) fprintf(stderr, "seed %u: %d lines\n", seed, n);
            CHECK_EQ_INT(n, 160);
            free(outp);
        }
    } else {
        fprintf(stderr, "circomlibjs missing: run tools/deps.sh (differential part not run)\n");
        CHECK(getenv("CI") == NULL);   /* CI always installs it: missing there is a failure */
    }
    return zkfl_test_done("poseidon");
}
