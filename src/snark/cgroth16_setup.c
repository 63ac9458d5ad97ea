/* Commit-carrying Groth16 setup: the snarkjs phase-2 initial key (delta =
 * gamma = 1, K_i = (beta A_i + alpha B_i + C_i)(tau) for every wire) from a
 * prepared .ptau, then fresh secrets applied in one step:
 *   IC_s  = K_s / gamma                 (public wires)
 *   P_i   = K_i / gamma, C_i = 0        (committed wires: out of the delta part)
 *   C_i   = K_i / delta,  H_k = H_k / delta   (every other private wire)
 *   [delta]_1, [delta]_2, [gamma]_2, and per group j: sigma_j P_i and -[sigma_j]_2.
 * The committed wires move from the delta part to the gamma part, so a
 * proof can only account for them through the commitments D_j, whose
 * knowledge proofs tie them to the bases of their own group. */
#include <stdlib.h>
#include <string.h>
#include "snark/binfile.h"
#include "snark/cgroth16_internal.h"

typedef struct {
    zkfl_g1_affine *pts;
    zkfl_g1 *tmp;
    const zkfl_fr *k;
} scale_job;

static void scale_range(void *ctx, size_t b, size_t e, int worker)
{
    scale_job *j = ctx;
    for (size_t i = b; i < e; i++) {
        zkfl_g1 p;
        zkfl_g1_from_affine(&p, &j->pts[i]);
        zkfl_g1_mul(&j->tmp[i], &p, j->k);   /* secret scalar: constant time */
    }
}

/* pts[i] <- k * pts[i] for i < n. */
static int scale_points(zkfl_g1_affine *pts, size_t n, const zkfl_fr *k, int threads)
{
    if (n == 0) return 0;
    zkfl_g1 *tmp = malloc(n * sizeof *tmp);
    if (tmp == NULL) return ZKFL_ERR_NOMEM;
    scale_job j = {pts, tmp, k};
    int rc = zkfl_parallel_for(n, threads, scale_range, &j);
    if (rc == 0) rc = zkfl_g1_batch_to_affine(pts, tmp, n);
    free(tmp);
    return rc;
}

static int validate_shape(const zkfl_r1cs *cs, const zkfl_cgroth16_group *groups, size_t n_groups,
                          const zkfl_cgroth16_challenge *ch, size_t n_ch, uint8_t *owner)
{
    uint32_t np = zkfl_r1cs_n_public(cs), nv = zkfl_r1cs_n_wires(cs);
    if (n_groups > ZKFL_CGROTH16_MAX_GROUPS || n_ch > ZKFL_CGROTH16_MAX_CHALLENGES)
        return zkfl_snark_fail(ZKFL_ERR_UNSUPPORTED, "cgroth16 setup: at most %d groups and %d challenges",
                               ZKFL_CGROTH16_MAX_GROUPS, ZKFL_CGROTH16_MAX_CHALLENGES);
    for (size_t g = 0; g < n_groups; g++) {
        if (groups[g].n == 0 || groups[g].wires == NULL)
            return zkfl_snark_fail(ZKFL_ERR_INVALID_ARG, "cgroth16 setup: commitment group %zu is empty", g);
        for (size_t t = 0; t < groups[g].n; t++) {
            uint32_t w = groups[g].wires[t];
            if (w <= np || w >= nv)
                return zkfl_snark_fail(ZKFL_ERR_INVALID_ARG,
                                       "cgroth16 setup: group %zu: wire %u is not a private wire (public 1..%u, wires %u)",
                                       g, w, np, nv);
            if (owner[w])
                return zkfl_snark_fail(ZKFL_ERR_INVALID_ARG,
                                       "cgroth16 setup: wire %u is committed twice (group %zu and group %u)",
                                       w, g, owner[w] - 1u);
            owner[w] = (uint8_t)(g + 1);
        }
    }
    for (size_t k = 0; k < n_ch; k++) {
        if (ch[k].wire == 0 || ch[k].wire > np)
            return zkfl_snark_fail(ZKFL_ERR_INVALID_ARG, "cgroth16 setup: challenge %zu: wire %u is not public", k,
                                   ch[k].wire);
        if (ch[k].n_groups == 0 || ch[k].n_groups > ZKFL_CGROTH16_MAX_GROUPS || ch[k].groups == NULL)
            return zkfl_snark_fail(ZKFL_ERR_INVALID_ARG, "cgroth16 setup: challenge %zu depends on no group", k);
        for (size_t t = 0; t < ch[k].n_groups; t++)
            if (ch[k].groups[t] >= n_groups)
                return zkfl_snark_fail(ZKFL_ERR_INVALID_ARG, "cgroth16 setup: challenge %zu: no group %u", k,
                                       ch[k].groups[t]);
        for (size_t j = 0; j < k; j++)
            if (ch[j].wire == ch[k].wire)
                return zkfl_snark_fail(ZKFL_ERR_INVALID_ARG, "cgroth16 setup: wire %u is two challenges", ch[k].wire);
    }
    return 0;
}

static int random_nonzero(zkfl_fr *x)
{
    do {
        int rc = zkfl_fr_random(x);
        if (rc) return rc;
    } while (zkfl_fr_is_zero(x));
    return 0;
}

int zkfl_cg_layout(zkfl_cgroth16_pk *pk, const zkfl_r1cs *cs, const zkfl_cgroth16_group *groups,
                   size_t n_groups, const zkfl_cgroth16_challenge *ch, size_t n_ch)
{
    uint32_t nv = zkfl_r1cs_n_wires(cs), np = zkfl_r1cs_n_public(cs);
    uint8_t *owner = calloc(nv ? nv : 1, 1);
    if (owner == NULL) return ZKFL_ERR_NOMEM;
    int rc = validate_shape(cs, groups, n_groups, ch, n_ch, owner);
    free(owner);
    if (rc) return rc;
    zkfl_cgroth16_vk *vk = &pk->vk;
    size_t total = 0;
    vk->n_groups = (uint32_t)n_groups;
    for (size_t g = 0; g < n_groups; g++) {
        vk->group_start[g] = (uint32_t)total;
        total += groups[g].n;
    }
    vk->group_start[n_groups] = (uint32_t)total;
    vk->n_challenges = (uint32_t)n_ch;
    for (size_t k = 0; k < n_ch; k++) {
        vk->ch_wire[k] = ch[k].wire;
        vk->ch_n[k] = (uint32_t)ch[k].n_groups;
        for (size_t t = 0; t < ch[k].n_groups; t++) vk->ch_groups[k][t] = ch[k].groups[t];
    }
    vk->n_public = np;
    vk->wires = malloc((total ? total : 1) * sizeof *vk->wires);
    vk->bases = calloc(total ? total : 1, sizeof *vk->bases);
    pk->sigma_bases = calloc(total ? total : 1, sizeof *pk->sigma_bases);
    vk->ic = calloc((size_t)np + 1, sizeof *vk->ic);
    if (!vk->wires || !vk->bases || !pk->sigma_bases || !vk->ic) return ZKFL_ERR_NOMEM;
    for (size_t g = 0; g < n_groups; g++)
        memcpy(vk->wires + vk->group_start[g], groups[g].wires, groups[g].n * sizeof *vk->wires);
    return 0;
}

int zkfl_cg_finish(zkfl_cgroth16_pk *pk)
{
    zkfl_cgroth16_vk *vk = &pk->vk;
    const zkfl_zkey *zk = pk->zk;
    vk->n_public = zk->n_public;
    vk->alpha1 = zk->alpha1;
    vk->beta2 = zk->beta2;
    vk->gamma2 = zk->gamma2;
    vk->delta2 = zk->delta2;
    memcpy(vk->ic, zk->ic, ((size_t)zk->n_public + 1) * sizeof *vk->ic);
    int rc = zkfl_cg_check_bases(vk);
    if (rc == 0) rc = zkfl_cg_vk_update_digest(vk);
    return rc;
}

/* The ptau-based path: snarkjs's initial key, then gamma, delta and
 * sigma_j applied by constant-time scalar multiplications. */
static int setup_from_ptau(zkfl_cgroth16_pk *pk, const zkfl_r1cs *cs, const zkfl_ptau *pt,
                           const zkfl_cg_toxic *t, int threads)
{
    uint32_t nv = zkfl_r1cs_n_wires(cs), np = zkfl_r1cs_n_public(cs);
    zkfl_fr sec[4 + ZKFL_CGROTH16_MAX_GROUPS];   /* gamma, 1/gamma, delta, 1/delta, sigma_j */
    memset(sec, 0, sizeof sec);
    int rc = zkfl_zkey_setup(&pk->zk, cs, pt, threads);
    if (rc) return rc;
    zkfl_zkey *zk = pk->zk;
    zkfl_cgroth16_vk *vk = &pk->vk;
    size_t total = vk->group_start[vk->n_groups];
    sec[0] = t->gamma;
    sec[2] = t->delta;
    zkfl_fr_inv(&sec[1], &sec[0]);
    zkfl_fr_inv(&sec[3], &sec[2]);
    for (size_t g = 0; g < vk->n_groups; g++) sec[4 + g] = t->sigma[g];

    /* Committed wires: K_i leaves the C query and becomes P_i (scaled below). */
    for (size_t i = 0; i < total; i++) {
        uint32_t w = vk->wires[i];
        vk->bases[i] = zk->c[w - np - 1];
        memset(&zk->c[w - np - 1], 0, sizeof zk->c[0]);
    }
    if ((rc = scale_points(zk->ic, np + 1, &sec[1], threads)) ||
        (rc = scale_points(vk->bases, total, &sec[1], threads)) ||
        (rc = scale_points(zk->c, nv - np - 1, &sec[3], threads)) ||
        (rc = scale_points(zk->h, zk->domain_size, &sec[3], threads)))
        goto out;
    memcpy(pk->sigma_bases, vk->bases, total * sizeof *vk->bases);
    for (size_t g = 0; g < vk->n_groups; g++) {
        size_t off = vk->group_start[g], n = vk->group_start[g + 1] - off;
        if ((rc = scale_points(pk->sigma_bases + off, n, &sec[4 + g], threads))) goto out;
    }

    zkfl_g1 g1, t1;
    zkfl_g2 g2, t2;
    zkfl_g1_generator(&g1);
    zkfl_g2_generator(&g2);
    zkfl_g1_mul(&t1, &g1, &sec[2]);
    zkfl_g1_to_affine(&zk->delta1, &t1);
    zkfl_g2_mul(&t2, &g2, &sec[2]);
    zkfl_g2_to_affine(&zk->delta2, &t2);
    zkfl_g2_mul(&t2, &g2, &sec[0]);
    zkfl_g2_to_affine(&zk->gamma2, &t2);
    for (size_t g = 0; g < vk->n_groups; g++) {
        zkfl_g2_mul(&t2, &g2, &sec[4 + g]);
        zkfl_g2_neg(&t2, &t2);
        zkfl_g2_to_affine(&vk->sigma_neg[g], &t2);
    }
    zkfl_memzero(&t1, sizeof t1);
    zkfl_memzero(&t2, sizeof t2);
    /* The snarkjs circuit hash and contribution chain describe the initial
     * key only; this key is not a snarkjs ceremony transcript. */
    zk->has_mpc = 0;
out:
    zkfl_memzero(sec, sizeof sec);
    return rc;
}

/* A tau usable for the domain of 2^power: not a root of unity of order
 * dividing 2^(power+1) (the Lagrange formulas divide by tau - w^i). */
static int random_tau(zkfl_fr *tau, const zkfl_r1cs *cs)
{
    uint64_t need = zkfl_r1cs_n_constraints(cs) + zkfl_r1cs_n_public(cs);
    unsigned power = 0;
    while (((uint64_t)1 << power) <= need) power++;
    for (;;) {
        int rc = random_nonzero(tau);
        if (rc) return rc;
        zkfl_fr x = *tau;
        for (unsigned i = 0; i <= power; i++) zkfl_fr_sqr(&x, &x);   /* tau^(2n) */
        int bad = zkfl_fr_is_one(&x);
        zkfl_memzero(&x, sizeof x);
        if (!bad) return 0;
    }
}

int zkfl_cg_setup_ptau(zkfl_cgroth16_pk **out, const zkfl_r1cs *cs, const zkfl_cgroth16_group *groups,
                       size_t n_groups, const zkfl_cgroth16_challenge *ch, size_t n_ch, const zkfl_ptau *pt,
                       const zkfl_cg_toxic *t, int threads)
{
    if (out == NULL || cs == NULL || pt == NULL || t == NULL) return ZKFL_ERR_INVALID_ARG;
    *out = NULL;
    zkfl_cgroth16_pk *pk = calloc(1, sizeof *pk);
    if (pk == NULL) return ZKFL_ERR_NOMEM;
    int rc;
    if ((rc = zkfl_cg_layout(pk, cs, groups, n_groups, ch, n_ch)) ||
        (rc = setup_from_ptau(pk, cs, pt, t, threads)) ||
        (rc = zkfl_cg_finish(pk))) {
        zkfl_cgroth16_pk_free(pk);
        return rc;
    }
    *out = pk;
    return 0;
}

int zkfl_cgroth16_setup(zkfl_cgroth16_pk **out, const zkfl_r1cs *cs,
                        const zkfl_cgroth16_group *groups, size_t n_groups,
                        const zkfl_cgroth16_challenge *ch, size_t n_ch,
                        const zkfl_ptau *pt, int threads)
{
    if (out == NULL || cs == NULL || (n_groups > 0 && groups == NULL) || (n_ch > 0 && ch == NULL))
        return ZKFL_ERR_INVALID_ARG;
    *out = NULL;
    zkfl_snark_clear_error();
    zkfl_cg_toxic t;
    memset(&t, 0, sizeof t);
    int rc = pt == NULL ? random_tau(&t.tau, cs) : 0;
    if (!rc && pt == NULL) rc = random_nonzero(&t.alpha);
    if (!rc && pt == NULL) rc = random_nonzero(&t.beta);
    if (!rc) rc = random_nonzero(&t.gamma);
    if (!rc) rc = random_nonzero(&t.delta);
    for (size_t g = 0; g < n_groups && g < ZKFL_CGROTH16_MAX_GROUPS && !rc; g++) rc = random_nonzero(&t.sigma[g]);
    if (!rc) rc = pt == NULL ? zkfl_cg_setup_local(out, cs, groups, n_groups, ch, n_ch, &t, threads)
                             : zkfl_cg_setup_ptau(out, cs, groups, n_groups, ch, n_ch, pt, &t, threads);
    zkfl_memzero(&t, sizeof t);
    return rc;
}
