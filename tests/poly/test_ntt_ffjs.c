/* Differential test against ffjavascript (the field code under snarkjs):
 * the roots of unity Fr.w[0..28], Fr.fft, Fr.ifft and snarkjs's coset
 * evaluation on random vectors, which proves zkfl's domains, ordering and
 * scaling are snarkjs's. Driven through tests/poly/ntt_ref.mjs. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "testlib.h"
#include "zkfl/poly.h"

#include "ntt_test_util.h"

static void compare(size_t n, const zkfl_fr *shift)
{
    zkfl_fr *a = calloc(n, sizeof *a), *f = calloc(n, sizeof *f), *fi = calloc(n, sizeof *fi),
            *fc = calloc(n, sizeof *fc);
    CHECK(a && f && fi && fc);
    if (!a || !f || !fi || !fc)
        goto out;
    char path[] = "/tmp/zkfl_ntt_ffjs_XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd < 0)
        goto out;
    FILE *in = fdopen(fd, "w");
    char dec[ZKFL_DEC_MAX];
    zkfl_fr_to_dec(dec, shift);
    fprintf(in, "%s\n", dec);
    for (size_t i = 0; i < n; i++) {
        random_vec(&a[i], 1);
        zkfl_fr_to_dec(dec, &a[i]);
        fprintf(in, "%s\n", dec);
    }
    fclose(in);

    memcpy(f, a, n * sizeof *a);
    memcpy(fi, a, n * sizeof *a);
    memcpy(fc, a, n * sizeof *a);
    CHECK_OK(zkfl_ntt(f, n, 2));
    CHECK_OK(zkfl_intt(fi, n, 2));
    CHECK_OK(zkfl_ntt_coset(fc, n, shift, 2));

    char cmd[1024];
    snprintf(cmd, sizeof cmd, "node '%s/tests/poly/ntt_ref.mjs' '%s'", zkfl_test_source_dir(), path);
    int status = -1;
    char *outp = zkfl_test_run(cmd, &status);
    unlink(path);
    CHECK(outp != NULL && status == 0);
    if (outp == NULL)
        goto out;
    size_t seen = 0;
    char *save = NULL;
    for (char *line = strtok_r(outp, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char tag[16], val[128];
        size_t idx;
        if (sscanf(line, "%15s %zu %127s", tag, &idx, val) != 3) {
            CHECK(!"unparseable line from ntt_ref.mjs");
            continue;
        }
        zkfl_fr want, got;
        CHECK_OK(zkfl_fr_from_dec(&want, val));
        if (strcmp(tag, "w") == 0) {
            CHECK_OK(zkfl_fr_root_of_unity(&got, (unsigned)idx));
        } else if (idx < n && strcmp(tag, "fft") == 0) {
            got = f[idx];
        } else if (idx < n && strcmp(tag, "ifft") == 0) {
            got = fi[idx];
        } else if (idx < n && strcmp(tag, "coset") == 0) {
            got = fc[idx];
        } else {
            CHECK(!"unexpected line from ntt_ref.mjs");
            continue;
        }
        if (!zkfl_fr_eq(&want, &got))
            fprintf(stderr, "mismatch with ffjavascript: n=%zu %s %zu\n", n, tag, idx);
        CHECK(zkfl_fr_eq(&want, &got));
        seen++;
    }
    CHECK_EQ_INT(seen, 29 + 3 * n);
    free(outp);
out:
    free(a);
    free(f);
    free(fi);
    free(fc);
}

int main(void)
{
    zkfl_test_rng_seed(&rng, 0x66666a73);
    if (!zkfl_test_have_node_package("ffjavascript")) {
        CHECK(!"node with ffjavascript is required (tools/deps.sh)");
        return zkfl_test_done("poly_test_ntt_ffjs");
    }
    zkfl_fr shift, rnd;
    zkfl_fr_set_u64(&shift, 25);   /* snarkjs's Fr.shift */
    compare(64, &shift);
    random_vec(&rnd, 1);
    compare(512, &rnd);
    return zkfl_test_done("poly_test_ntt_ffjs");
}
