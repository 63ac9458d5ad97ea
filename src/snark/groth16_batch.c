/* Batch verification of many proofs under one key.
 *
 * With random 128-bit weights rho_i, the n equations
 *   e(A_i, B_i) = e(alpha, beta) e(vk_x_i, gamma) e(C_i, delta)
 * are combined into one:
 *   prod_i e(rho_i A_i, B_i) * e(-(sum rho_i) alpha, beta)
 *     * e(-sum_i rho_i vk_x_i, gamma) * e(-sum_i rho_i C_i, delta) = 1,
 * n + 3 Miller loops and one final exponentiation. A set containing an
 * invalid proof passes with probability at most 2^-128 (over the weights,
 * drawn after the proofs are fixed). sum_i rho_i vk_x_i collapses to one
 * MSM over IC with weights sum_i rho_i x_ij. When the combined check fails,
 * bisection finds the invalid proofs. */
#include <stdlib.h>
#include <string.h>
#include "snark/groth16_internal.h"

struct batch {
    const zkfl_groth16_vk *vk;
    const zkfl_fr *publics;
    const zkfl_groth16_proof *proofs;
    int threads;
};

/* rho_k * A_idx[k] for a range, into projective scratch. */
struct scale_job {
    const struct batch *b;
    const size_t *idx;
    const zkfl_fr *rho;
    zkfl_g1 *out;
};

static void scale_range(void *ctx, size_t begin, size_t end, int worker)
{
    struct scale_job *j = ctx;
    for (size_t k = begin; k < end; k++) {
        zkfl_g1 a;
        zkfl_g1_from_affine(&a, &j->b->proofs[j->idx[k]].a);
        zkfl_g1_mul_vartime(&j->out[k], &a, &j->rho[k]);
    }
}

/* Miller loops over pair ranges, one partial product per worker. */
struct miller_job {
    const zkfl_g1_affine *p;
    const zkfl_g2_affine *q;
    zkfl_fp12 *partial;
};

static void miller_range(void *ctx, size_t begin, size_t end, int worker)
{
    struct miller_job *j = ctx;
    zkfl_fp12 f;
    zkfl_miller_loop(&f, j->p + begin, j->q + begin, end - begin);
    zkfl_fp12_mul(&j->partial[worker], &j->partial[worker], &f);
}

static int random_weights(zkfl_fr *rho, size_t m)
{
    uint8_t buf[32];
    for (size_t k = 0; k < m; k++) {
        memset(buf, 0, sizeof buf);
        do {
            if (zkfl_randombytes(buf, 16) != 0)
                return ZKFL_ERR_RANDOM;
        } while (buf[0] == 0 && memcmp(buf, buf + 1, 15) == 0);   /* nonzero */
        if (zkfl_fr_from_bytes_le(&rho[k], buf) != 0)              /* < 2^128 < r */
            return ZKFL_ERR_INTERNAL;
    }
    return 0;
}

/* 1 when the combined equation of proofs idx[0..m) holds, 0 when it fails,
 * negative on allocation or randomness failure. */
static int combined_check(const struct batch *b, const size_t *idx, size_t m)
{
    const zkfl_groth16_vk *vk = b->vk;
    size_t np = vk->n_public, pairs = m + 3;
    int threads = b->threads > 0 ? b->threads : zkfl_default_threads();
    zkfl_fr *rho = malloc(m * sizeof *rho);
    zkfl_fr *coef = malloc((np ? np : 1) * sizeof *coef);
    zkfl_g1 *scaled = malloc(m * sizeof *scaled);
    zkfl_g1_affine *cs = malloc(m * sizeof *cs);
    zkfl_g1_affine *p = malloc(pairs * sizeof *p);
    zkfl_g2_affine *q = malloc(pairs * sizeof *q);
    zkfl_fp12 *partial = malloc((size_t)threads * sizeof *partial);
    int rc = ZKFL_ERR_NOMEM;
    if (!rho || !coef || !scaled || !cs || !p || !q || !partial)
        goto done;
    if ((rc = random_weights(rho, m)) != 0)
        goto done;

    zkfl_fr sum;
    zkfl_fr_set_zero(&sum);
    for (size_t j = 0; j < np; j++)
        zkfl_fr_set_zero(&coef[j]);
    for (size_t k = 0; k < m; k++) {
        const zkfl_fr *x = b->publics + idx[k] * np;
        zkfl_fr_add(&sum, &sum, &rho[k]);
        for (size_t j = 0; j < np; j++) {
            zkfl_fr t;
            zkfl_fr_mul(&t, &rho[k], &x[j]);
            zkfl_fr_add(&coef[j], &coef[j], &t);
        }
        cs[k] = b->proofs[idx[k]].c;
        q[k] = b->proofs[idx[k]].b;
    }

    struct scale_job sj = {b, idx, rho, scaled};
    if ((rc = zkfl_parallel_for(m, threads, scale_range, &sj)) != 0)
        goto done;
    if ((rc = zkfl_g1_batch_to_affine(p, scaled, m)) != 0)
        goto done;

    zkfl_g1 t;
    zkfl_g1_from_affine(&t, &vk->alpha);
    zkfl_g1_mul_vartime(&t, &t, &sum);
    zkfl_g1_neg(&t, &t);
    zkfl_g1_to_affine(&p[m], &t);
    q[m] = vk->beta;

    if ((rc = zkfl_groth16_public_combination(&t, vk, &sum, coef)) != 0)
        goto done;
    zkfl_g1_neg(&t, &t);
    zkfl_g1_to_affine(&p[m + 1], &t);
    q[m + 1] = vk->gamma;

    if ((rc = zkfl_g1_msm_vartime(&t, cs, rho, m, threads)) != 0)
        goto done;
    zkfl_g1_neg(&t, &t);
    zkfl_g1_to_affine(&p[m + 2], &t);
    q[m + 2] = vk->delta;

    for (int w = 0; w < threads; w++)
        zkfl_fp12_set_one(&partial[w]);
    struct miller_job mj = {p, q, partial};
    if ((rc = zkfl_parallel_for(pairs, threads, miller_range, &mj)) != 0)
        goto done;
    zkfl_fp12 f = partial[0];
    for (int w = 1; w < threads; w++)
        zkfl_fp12_mul(&f, &f, &partial[w]);
    zkfl_final_exponentiation(&f, &f);
    rc = zkfl_fp12_is_one(&f) ? 1 : 0;
done:
    free(rho); free(coef); free(scaled); free(cs); free(p); free(q); free(partial);
    return rc;
}

/* The subgroup check of each B is the costly part of screening, so the
 * screening runs in parallel: usable[i] = 1 when proof i's points are. */
struct points_job {
    const zkfl_groth16_proof *proofs;
    uint8_t *usable;
};

static void points_range(void *ctx, size_t begin, size_t end, int worker)
{
    struct points_job *j = ctx;
    for (size_t i = begin; i < end; i++)
        j->usable[i] = zkfl_groth16_check_points(&j->proofs[i]) == 0;
}

/* Marks idx[0..m) in valid; 0 or a negative error. */
static int bisect(uint8_t *valid, const struct batch *b, const size_t *idx, size_t m)
{
    if (m == 0)
        return 0;
    if (m == 1) {
        int rc = zkfl_groth16_verify_vartime(b->vk, b->publics + idx[0] * b->vk->n_public,
                                             b->vk->n_public, &b->proofs[idx[0]]);
        valid[idx[0]] = rc == 0;
        return rc == 0 || rc == ZKFL_ERR_VERIFY ? 0 : rc;
    }
    int rc = combined_check(b, idx, m);
    if (rc < 0)
        return rc;
    if (rc == 1) {
        for (size_t k = 0; k < m; k++)
            valid[idx[k]] = 1;
        return 0;
    }
    size_t half = m / 2;
    if ((rc = bisect(valid, b, idx, half)) != 0)
        return rc;
    return bisect(valid, b, idx + half, m - half);
}

int zkfl_groth16_verify_batch_vartime(uint8_t *valid, const zkfl_groth16_vk *vk,
                                      const zkfl_fr *publics, const zkfl_groth16_proof *proofs,
                                      size_t n)
{
    if (vk == NULL || vk->ic == NULL || (n > 0 && proofs == NULL) ||
        (n > 0 && vk->n_public > 0 && publics == NULL))
        return ZKFL_ERR_INVALID_ARG;
    if (n == 0)
        return 0;
    if (n > SIZE_MAX / (sizeof(zkfl_g1) + sizeof(zkfl_g2_affine) + 64))
        return ZKFL_ERR_OVERFLOW;
    uint8_t *ok = valid != NULL ? valid : malloc(n);
    size_t *idx = malloc(n * sizeof *idx);
    int rc = ZKFL_ERR_NOMEM;
    if (ok == NULL || idx == NULL)
        goto done;
    /* Proofs whose points are unusable are invalid on their own; the rest
     * go into the combined check. */
    struct points_job pj = {proofs, ok};
    if ((rc = zkfl_parallel_for(n, 0, points_range, &pj)) != 0)
        goto done;
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (ok[i])
            idx[m++] = i;
        ok[i] = 0;
    }
    struct batch b = {vk, publics, proofs, 0};
    if ((rc = bisect(ok, &b, idx, m)) != 0)
        goto done;
    rc = 0;
    for (size_t i = 0; i < n; i++)
        if (!ok[i])
            rc = ZKFL_ERR_VERIFY;
done:
    if (ok != valid)
        free(ok);
    free(idx);
    return rc;
}
