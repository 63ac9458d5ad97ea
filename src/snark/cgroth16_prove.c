/* Commit-carrying Groth16 prover:
 *  1. D_j = sum_{i in G_j} w_i P_i and Pok_j = sum w_i sigma_j P_i for every
 *     group, from the phase-1 witness;
 *  2. the challenges H(digest, k, D...) go to the caller's phase 2, which
 *     returns the completed witness (committed wires must not change);
 *  3. Pok = sum_j rho^j Pok_j with rho = H(digest, D_0..D_{m-1});
 *  4. the Groth16 steps of snarkjs (quotient on the odd coset, MSMs, fresh
 *     r, s); the committed wires' C points are zero in the key, so they
 *     enter the proof only through the D_j.
 * The result is verified before it is returned. */
#include <stdlib.h>
#include <string.h>
#include "snark/binfile.h"
#include "snark/cgroth16_internal.h"
#include "snark/groth16_internal.h"
#include "zkfl/poly.h"

/* The commitments and the unfolded knowledge proofs of every group. */
static int commit_groups(zkfl_g1_affine *d, zkfl_g1 *pok, const zkfl_cgroth16_pk *pk,
                         const zkfl_fr *w, int threads)
{
    const zkfl_cgroth16_vk *vk = &pk->vk;
    size_t total = vk->group_start[vk->n_groups];
    zkfl_fr *vals = malloc((total ? total : 1) * sizeof *vals);
    if (vals == NULL) return ZKFL_ERR_NOMEM;
    for (size_t i = 0; i < total; i++) vals[i] = w[vk->wires[i]];
    int rc = 0;
    for (uint32_t g = 0; g < vk->n_groups && rc == 0; g++) {
        size_t off = vk->group_start[g], n = vk->group_start[g + 1] - off;
        zkfl_g1 dd;
        rc = zkfl_g1_msm_vartime(&dd, vk->bases + off, vals + off, n, threads);
        if (rc == 0) rc = zkfl_g1_msm_vartime(&pok[g], pk->sigma_bases + off, vals + off, n, threads);
        zkfl_g1_to_affine(&d[g], &dd);
    }
    zkfl_memzero(vals, (total ? total : 1) * sizeof *vals);
    free(vals);
    return rc;
}

int zkfl_cg_prove(zkfl_cgroth16_proof *proof, const zkfl_cgroth16_pk *pk, const zkfl_fr *witness,
                  size_t n_witness, zkfl_cgroth16_phase2_fn phase2, void *ctx, int threads, int check)
{
    if (proof == NULL || pk == NULL || witness == NULL) return ZKFL_ERR_INVALID_ARG;
    const zkfl_zkey *zk = pk->zk;
    const zkfl_cgroth16_vk *vk = &pk->vk;
    int rc = zkfl_groth16_check_key(zk);
    if (rc != 0) return rc;
    if (n_witness != zk->n_vars || !zkfl_fr_is_one(&witness[0]))
        return zkfl_snark_fail(ZKFL_ERR_INVALID_ARG, "cgroth16 prove: witness has %zu values (key: %u) or w[0] != 1",
                               n_witness, zk->n_vars);
    if (vk->n_challenges > 0 && phase2 == NULL)
        return zkfl_snark_fail(ZKFL_ERR_INVALID_ARG, "cgroth16 prove: the circuit has challenges but no phase 2 was given");
    if (threads <= 0) threads = zkfl_default_threads();
    memset(proof, 0, sizeof *proof);

    zkfl_g1 pokj[ZKFL_CGROTH16_MAX_GROUPS];
    zkfl_g1_affine d[ZKFL_CGROTH16_MAX_GROUPS];
    zkfl_fr chal[ZKFL_CGROTH16_MAX_CHALLENGES];
    if ((rc = commit_groups(d, pokj, pk, witness, threads)) != 0) goto wipe_pok;
    if ((rc = zkfl_cgroth16_challenges(chal, vk, d, vk->n_groups)) != 0) goto wipe_pok;
    const zkfl_fr *w = witness;
    if (vk->n_challenges > 0) {
        const zkfl_fr *full = NULL;
        if ((rc = phase2(ctx, chal, vk->n_challenges, &full)) != 0) goto wipe_pok;
        if (full == NULL || !zkfl_fr_is_one(&full[0])) {
            rc = zkfl_snark_fail(ZKFL_ERR_INVALID_ARG, "cgroth16 prove: phase 2 returned no witness");
            goto wipe_pok;
        }
        /* The commitments were computed from phase 1: phase 2 may not
         * change what they cover, and must store the challenges. */
        for (size_t i = 0; i < vk->group_start[vk->n_groups]; i++)
            if (!zkfl_fr_eq(&full[vk->wires[i]], &witness[vk->wires[i]])) {
                rc = zkfl_snark_fail(ZKFL_ERR_INVALID_ARG, "cgroth16 prove: phase 2 changed committed wire %u",
                                     vk->wires[i]);
                goto wipe_pok;
            }
        for (uint32_t k = 0; k < vk->n_challenges; k++)
            if (!zkfl_fr_eq(&full[vk->ch_wire[k]], &chal[k])) {
                rc = zkfl_snark_fail(ZKFL_ERR_INVALID_ARG, "cgroth16 prove: phase 2 did not store challenge %u in wire %u",
                                     k, vk->ch_wire[k]);
                goto wipe_pok;
            }
        w = full;
    }

    /* Folded knowledge proof. */
    zkfl_fr rho, rpow;
    zkfl_g1 pok, t;
    if ((rc = zkfl_cg_fold_challenge(&rho, vk, d, vk->n_groups)) != 0) goto wipe_pok;
    zkfl_fr_set_one(&rpow);
    zkfl_g1_set_infinity(&pok);
    for (uint32_t g = 0; g < vk->n_groups; g++) {
        zkfl_g1_mul_vartime(&t, &pokj[g], &rpow);   /* rho is public */
        zkfl_g1_add(&pok, &pok, &t);
        zkfl_fr_mul(&rpow, &rpow, &rho);
    }

    zkfl_fr *h = NULL;
    if ((rc = zkfl_groth16_quotient(&h, NULL, zk, w, threads)) != 0) goto wipe_pok;
    size_t n_priv = zk->n_vars - zk->n_public - 1;
    zkfl_g1 a, b1, c, hh;
    zkfl_g2 b2;
    zkfl_fr rs[3];
    zkfl_g2 t2;
    memset(rs, 0, sizeof rs);
    zkfl_g1_set_infinity(&c);
    if ((rc = zkfl_g1_msm_vartime(&a, zk->a, w, zk->n_vars, threads)) != 0 ||
        (rc = zkfl_g1_msm_vartime(&b1, zk->b1, w, zk->n_vars, threads)) != 0 ||
        (rc = zkfl_g2_msm_vartime(&b2, zk->b2, w, zk->n_vars, threads)) != 0 ||
        (rc = zkfl_g1_msm_vartime(&hh, zk->h, h, zk->domain_size, threads)) != 0 ||
        (n_priv > 0 && (rc = zkfl_g1_msm_vartime(&c, zk->c, w + zk->n_public + 1, n_priv, threads)) != 0))
        goto done;

    if ((rc = zkfl_fr_random(&rs[0])) != 0 || (rc = zkfl_fr_random(&rs[1])) != 0) goto done;
    zkfl_fr_mul(&rs[2], &rs[0], &rs[1]);
    zkfl_fr_neg(&rs[2], &rs[2]);
    zkfl_g1 delta1;
    zkfl_g2 delta2;
    zkfl_g1_from_affine(&delta1, &zk->delta1);
    zkfl_g2_from_affine(&delta2, &zk->delta2);
    zkfl_g1_add_affine(&a, &a, &zk->alpha1);
    zkfl_g1_mul(&t, &delta1, &rs[0]);
    zkfl_g1_add(&a, &a, &t);                      /* A = alpha + sum w A + r delta */
    zkfl_g2_add_affine(&b2, &b2, &zk->beta2);
    zkfl_g2_mul(&t2, &delta2, &rs[1]);
    zkfl_g2_add(&b2, &b2, &t2);                   /* B = beta + sum w B + s delta */
    zkfl_g1_add_affine(&b1, &b1, &zk->beta1);
    zkfl_g1_mul(&t, &delta1, &rs[1]);
    zkfl_g1_add(&b1, &b1, &t);
    zkfl_g1_add(&c, &c, &hh);
    zkfl_g1_mul(&t, &a, &rs[1]);
    zkfl_g1_add(&c, &c, &t);
    zkfl_g1_mul(&t, &b1, &rs[0]);
    zkfl_g1_add(&c, &c, &t);
    zkfl_g1_mul(&t, &delta1, &rs[2]);
    zkfl_g1_add(&c, &c, &t);                      /* C = sum_uncommitted w C + H + sA + rB - rs delta */

    zkfl_g1_to_affine(&proof->a, &a);
    zkfl_g2_to_affine(&proof->b, &b2);
    zkfl_g1_to_affine(&proof->c, &c);
    proof->n_commitments = vk->n_groups;
    memcpy(proof->d, d, vk->n_groups * sizeof d[0]);
    zkfl_g1_to_affine(&proof->pok, &pok);
    if (check) {
        rc = zkfl_cgroth16_verify_vartime(vk, w + 1, zk->n_public, proof);
        if (rc == ZKFL_ERR_VERIFY)
            rc = zkfl_snark_fail(ZKFL_ERR_UNSATISFIED, "cgroth16 prove: the witness does not satisfy the circuit");
        if (rc != 0) memset(proof, 0, sizeof *proof);
    }
done:
    zkfl_memzero(rs, sizeof rs);
    zkfl_memzero(&a, sizeof a);
    zkfl_memzero(&b1, sizeof b1);
    zkfl_memzero(&b2, sizeof b2);
    zkfl_memzero(&c, sizeof c);
    zkfl_memzero(&hh, sizeof hh);
    zkfl_memzero(&t, sizeof t);
    zkfl_memzero(&t2, sizeof t2);
    zkfl_memzero(h, (size_t)zk->domain_size * sizeof *h);
    free(h);
wipe_pok:
    zkfl_memzero(pokj, sizeof pokj);
    zkfl_memzero(chal, sizeof chal);
    return rc;
}

int zkfl_cgroth16_prove(zkfl_cgroth16_proof *proof, const zkfl_cgroth16_pk *pk,
                        const zkfl_fr *witness, size_t n_witness,
                        zkfl_cgroth16_phase2_fn phase2, void *ctx, int threads)
{
    return zkfl_cg_prove(proof, pk, witness, n_witness, phase2, ctx, threads, 1);
}
