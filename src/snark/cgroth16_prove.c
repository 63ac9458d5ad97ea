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
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "snark/binfile.h"
#include "snark/cgroth16_internal.h"
#include "snark/groth16_internal.h"
#include "zkfl/poly.h"

/* ZKFL_PROVE_PROFILE=1 prints each phase's wall and process CPU time to
 * stderr: the prover's phases are what bench/compliance.sh tunes. */
typedef struct {
    int on;
    uint64_t wall;
    double cpu;
} phase_timer;

static double process_cpu_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static void phase_start(phase_timer *t)
{
    const char *e = getenv("ZKFL_PROVE_PROFILE");
    t->on = e != NULL && e[0] != '\0' && e[0] != '0';
    if (t->on) {
        t->wall = zkfl_now_ns();
        t->cpu = process_cpu_ms();
    }
}

static void phase_end(phase_timer *t, const char *name)
{
    if (!t->on) return;
    uint64_t now = zkfl_now_ns();
    double cpu = process_cpu_ms();
    fprintf(stderr, "cgroth16 prove: %-12s %8.1f ms wall %8.1f ms cpu\n", name, (double)(now - t->wall) / 1e6,
            cpu - t->cpu);
    t->wall = now;
    t->cpu = cpu;
}

/* Witness values are mostly small integers, but a negative one (an update
 * coordinate u_i < 0) is r - |u_i|, a full-width scalar that the MSM's
 * small-scalar group cannot take. The split keeps every value in `pos`
 * except the negative small ones (|value| < 2^64), which move to a short
 * list of |value| with their indices:
 *   sum v_i P_i = MSM(pos) - MSM(|neg|, gathered P).
 * Zero scalars cost nothing (the MSM skips them). Splitting the positive
 * values further by size (u_i^2 next to the full-width inverses) measured
 * no faster at d = 25,000. */
typedef struct {
    const zkfl_fr *v;        /* the original values */
    zkfl_fr *pos;            /* v with the negative small entries zeroed; NULL: none */
    uint32_t *neg_idx;
    zkfl_fr *neg_val;        /* -v at those indices */
    size_t n, n_neg;
} signed_split;

static void split_free(signed_split *s)
{
    if (s->pos) zkfl_memzero(s->pos, s->n * sizeof *s->pos);
    if (s->neg_val) zkfl_memzero(s->neg_val, s->n_neg * sizeof *s->neg_val);
    if (s->neg_idx) zkfl_memzero(s->neg_idx, s->n_neg * sizeof *s->neg_idx);
    free(s->pos);
    free(s->neg_idx);
    free(s->neg_val);
    memset(s, 0, sizeof *s);
}

static int is_negative_small(zkfl_fr *neg, const zkfl_fr *v)
{
    uint64_t raw[4];
    zkfl_fr_neg(neg, v);
    zkfl_fr_to_raw(raw, neg);
    int small = (raw[1] | raw[2] | raw[3]) == 0 && raw[0] != 0;
    zkfl_memzero(raw, sizeof raw);
    return small;
}

static int split_signed(signed_split *s, const zkfl_fr *v, size_t n)
{
    memset(s, 0, sizeof *s);
    s->v = v;
    s->n = n;
    zkfl_fr neg;
    size_t cnt = 0;
    for (size_t i = 0; i < n; i++) cnt += (size_t)is_negative_small(&neg, &v[i]);
    if (cnt == 0) return 0;
    s->pos = malloc(n * sizeof *s->pos);
    s->neg_idx = malloc(cnt * sizeof *s->neg_idx);
    s->neg_val = malloc(cnt * sizeof *s->neg_val);
    if (s->pos == NULL || s->neg_idx == NULL || s->neg_val == NULL) {
        split_free(s);
        return ZKFL_ERR_NOMEM;
    }
    memcpy(s->pos, v, n * sizeof *v);
    for (size_t i = 0; i < n; i++)
        if (is_negative_small(&neg, &v[i])) {
            s->neg_idx[s->n_neg] = (uint32_t)i;
            s->neg_val[s->n_neg] = neg;
            s->n_neg++;
            zkfl_fr_set_zero(&s->pos[i]);
        }
    zkfl_memzero(&neg, sizeof neg);
    return 0;
}

/* out = sum_{i < n} v[off + i] P_i over the split of v (off: where the
 * points' first scalar sits in v, e.g. the C query starts at the first
 * private wire). */
static int msm_g1_split(zkfl_g1 *out, const zkfl_g1_affine *pts, const signed_split *s, size_t off, size_t n,
                        int threads)
{
    if (s->pos == NULL) return zkfl_g1_msm_vartime(out, pts, s->v + off, n, threads);
    int rc = zkfl_g1_msm_vartime(out, pts, s->pos + off, n, threads);
    if (rc != 0) return rc;
    zkfl_g1_affine *gp = malloc((s->n_neg ? s->n_neg : 1) * sizeof *gp);
    zkfl_fr *gv = malloc((s->n_neg ? s->n_neg : 1) * sizeof *gv);
    size_t m = 0;
    if (gp == NULL || gv == NULL) rc = ZKFL_ERR_NOMEM;
    for (size_t k = 0; rc == 0 && k < s->n_neg; k++) {
        size_t i = s->neg_idx[k];
        if (i < off || i - off >= n || zkfl_g1_affine_is_infinity(&pts[i - off])) continue;
        gp[m] = pts[i - off];
        gv[m++] = s->neg_val[k];
    }
    zkfl_g1 neg;
    if (rc == 0 && m > 0 && (rc = zkfl_g1_msm_vartime(&neg, gp, gv, m, threads)) == 0) {
        zkfl_g1_neg(&neg, &neg);
        zkfl_g1_add(out, out, &neg);
    }
    if (gv) zkfl_memzero(gv, (s->n_neg ? s->n_neg : 1) * sizeof *gv);
    free(gp);
    free(gv);
    return rc;
}

/* B2 uses the psi split although the key's B2 points are only curve-checked:
 * on a point outside G2 the split is exact on its G2 component and errs only
 * in the cofactor component, so pi_B is either outside G2, which the final
 * self-verification (zkfl_cgroth16_verify_vartime: subgroup check of B,
 * then the pairings) rejects before the proof leaves, or in G2 and held to
 * the pairing equation like any other. (zkfl_cg_prove's check = 0 is a test
 * hook that publishes unchecked proofs on purpose.) */
static int msm_g2_split(zkfl_g2 *out, const zkfl_g2_affine *pts, const signed_split *s, size_t n, int threads)
{
    if (s->pos == NULL) return zkfl_g2_msm_subgroup_vartime(out, pts, s->v, n, threads);
    int rc = zkfl_g2_msm_subgroup_vartime(out, pts, s->pos, n, threads);
    if (rc != 0) return rc;
    zkfl_g2_affine *gp = malloc((s->n_neg ? s->n_neg : 1) * sizeof *gp);
    zkfl_fr *gv = malloc((s->n_neg ? s->n_neg : 1) * sizeof *gv);
    size_t m = 0;
    if (gp == NULL || gv == NULL) rc = ZKFL_ERR_NOMEM;
    for (size_t k = 0; rc == 0 && k < s->n_neg; k++) {
        size_t i = s->neg_idx[k];
        if (i >= n || zkfl_g2_affine_is_infinity(&pts[i])) continue;
        gp[m] = pts[i];
        gv[m++] = s->neg_val[k];
    }
    zkfl_g2 neg;
    if (rc == 0 && m > 0 && (rc = zkfl_g2_msm_subgroup_vartime(&neg, gp, gv, m, threads)) == 0) {
        zkfl_g2_neg(&neg, &neg);
        zkfl_g2_add(out, out, &neg);
    }
    if (gv) zkfl_memzero(gv, (s->n_neg ? s->n_neg : 1) * sizeof *gv);
    free(gp);
    free(gv);
    return rc;
}

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
    signed_split sp;
    rc = split_signed(&sp, vals, total);
    for (uint32_t g = 0; g < vk->n_groups && rc == 0; g++) {
        size_t off = vk->group_start[g], n = vk->group_start[g + 1] - off;
        zkfl_g1 dd;
        /* Both MSMs index the group's bases from its first value. */
        rc = msm_g1_split(&dd, vk->bases + off, &sp, off, n, threads);
        if (rc == 0) rc = msm_g1_split(&pok[g], pk->sigma_bases + off, &sp, off, n, threads);
        zkfl_g1_to_affine(&d[g], &dd);
    }
    split_free(&sp);
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
    phase_timer pt;
    phase_start(&pt);
    if ((rc = commit_groups(d, pokj, pk, witness, threads)) != 0) goto wipe_pok;
    if ((rc = zkfl_cgroth16_challenges(chal, vk, d, vk->n_groups)) != 0) goto wipe_pok;
    phase_end(&pt, "commit");
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
    phase_end(&pt, "phase2");

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
    phase_end(&pt, "quotient");
    size_t n_priv = zk->n_vars - zk->n_public - 1;
    zkfl_g1 a, b1, c, hh;
    zkfl_g2 b2;
    zkfl_fr rs[3];
    zkfl_g2 t2;
    memset(rs, 0, sizeof rs);
    zkfl_g1_set_infinity(&c);
    signed_split sw;
    if ((rc = split_signed(&sw, w, zk->n_vars)) != 0) goto done;
    phase_end(&pt, "split");
    if ((rc = msm_g1_split(&a, zk->a, &sw, 0, zk->n_vars, threads)) != 0) goto done_split;
    phase_end(&pt, "msm A");
    if ((rc = msm_g1_split(&b1, zk->b1, &sw, 0, zk->n_vars, threads)) != 0) goto done_split;
    phase_end(&pt, "msm B1");
    if ((rc = msm_g2_split(&b2, zk->b2, &sw, zk->n_vars, threads)) != 0) goto done_split;
    phase_end(&pt, "msm B2");
    if ((rc = zkfl_g1_msm_vartime(&hh, zk->h, h, zk->domain_size, threads)) != 0) goto done_split;
    phase_end(&pt, "msm H");
    if (n_priv > 0 && (rc = msm_g1_split(&c, zk->c, &sw, zk->n_public + 1, n_priv, threads)) != 0) goto done_split;
    phase_end(&pt, "msm C");
    split_free(&sw);

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
    phase_end(&pt, "blind");
    if (check) {
        rc = zkfl_cgroth16_verify_vartime(vk, w + 1, zk->n_public, proof);
        if (rc == ZKFL_ERR_VERIFY)
            rc = zkfl_snark_fail(ZKFL_ERR_UNSATISFIED, "cgroth16 prove: the witness does not satisfy the circuit");
        if (rc != 0) memset(proof, 0, sizeof *proof);
        phase_end(&pt, "self-verify");
    }
    if (0) {
done_split:
        split_free(&sw);
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
