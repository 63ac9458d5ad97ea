/* snarkjs powersoftau prepare phase2: the Lagrange-basis sections 12..15,
 * one inverse group FFT per domain size 2^0 .. 2^power (and 2^(power+1)
 * for tau G1, over its 2^(power+1) - 1 powers with a zero appended). */
#include <stdlib.h>
#include <string.h>
#include "snark/ptau_internal.h"
#include "snark/setup_common.h"

static int prepare(zkfl_ptau *pt, int threads)
{
    if (pt->power + 1 > 28)
        return zkfl_snark_fail(ZKFL_ERR_UNSUPPORTED, "prepare phase2: power %u needs a domain beyond 2^28", pt->power);
    size_t n = (size_t)1 << pt->power, n2 = 2 * n - 1;
    free(pt->lagrange_g1); free(pt->lagrange_g2);
    free(pt->lagrange_alpha_g1); free(pt->lagrange_beta_g1);
    pt->lagrange_g1 = calloc(2 * n2 + 1, sizeof *pt->lagrange_g1);
    pt->lagrange_g2 = calloc(n2, sizeof *pt->lagrange_g2);
    pt->lagrange_alpha_g1 = calloc(n2, sizeof *pt->lagrange_alpha_g1);
    pt->lagrange_beta_g1 = calloc(n2, sizeof *pt->lagrange_beta_g1);
    if (!pt->lagrange_g1 || !pt->lagrange_g2 || !pt->lagrange_alpha_g1 || !pt->lagrange_beta_g1)
        return ZKFL_ERR_NOMEM;
    int err = 0;
    for (uint32_t p = 0; p <= pt->power + 1 && !err; p++) {
        size_t m = (size_t)1 << p, off = m - 1;
        if (p == pt->power + 1) {
            memcpy(pt->lagrange_g1 + off, pt->tau_g1, (m - 1) * sizeof *pt->tau_g1);
            memset(pt->lagrange_g1 + off + m - 1, 0, sizeof *pt->tau_g1);  /* infinity */
            err = zkfl_g1_ifft(pt->lagrange_g1 + off, m, threads);
            break;
        }
        memcpy(pt->lagrange_g1 + off, pt->tau_g1, m * sizeof *pt->tau_g1);
        memcpy(pt->lagrange_g2 + off, pt->tau_g2, m * sizeof *pt->tau_g2);
        memcpy(pt->lagrange_alpha_g1 + off, pt->alpha_tau_g1, m * sizeof *pt->alpha_tau_g1);
        memcpy(pt->lagrange_beta_g1 + off, pt->beta_tau_g1, m * sizeof *pt->beta_tau_g1);
        if ((err = zkfl_g1_ifft(pt->lagrange_g1 + off, m, threads)) ||
            (err = zkfl_g2_ifft(pt->lagrange_g2 + off, m, threads)) ||
            (err = zkfl_g1_ifft(pt->lagrange_alpha_g1 + off, m, threads)) ||
            (err = zkfl_g1_ifft(pt->lagrange_beta_g1 + off, m, threads)))
            break;
    }
    return err;
}

int zkfl_ptau_prepare(const char *out_path, const char *in_path, int threads)
{
    if (out_path == NULL || in_path == NULL) return ZKFL_ERR_INVALID_ARG;
    zkfl_ptau *pt;
    int err = zkfl_ptau_read(&pt, in_path);
    if (err) return err;
    /* snarkjs writes the header with ceremony power = power here. */
    pt->ceremony_power = pt->power;
    err = prepare(pt, threads);
    if (!err) err = zkfl_ptau_write(out_path, pt);
    zkfl_ptau_free(pt);
    return err;
}
