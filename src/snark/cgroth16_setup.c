/* Commit-carrying Groth16 setup: the entry point (a ceremony key from a
 * ptau: cgroth16_ceremony.c; the local one-party setup: cgroth16_local.c),
 * the shape checks and the layout shared by both paths. The committed
 * wires move from the delta part to the gamma part of the key, so a proof
 * can only account for them through the commitments D_j, whose knowledge
 * proofs tie them to the bases of their own group. */
#include <stdlib.h>
#include <string.h>
#include "snark/binfile.h"
#include "snark/cgroth16_internal.h"

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

int zkfl_cgroth16_setup(zkfl_cgroth16_pk **out, const zkfl_r1cs *cs,
                        const zkfl_cgroth16_group *groups, size_t n_groups,
                        const zkfl_cgroth16_challenge *ch, size_t n_ch,
                        const zkfl_ptau *pt, int threads)
{
    if (out == NULL || cs == NULL || (n_groups > 0 && groups == NULL) || (n_ch > 0 && ch == NULL))
        return ZKFL_ERR_INVALID_ARG;
    *out = NULL;
    zkfl_snark_clear_error();
    if (pt != NULL) {
        /* A ceremony key: the initial key and its first contribution. */
        zkfl_cgroth16_pk *pk = NULL;
        int rc = zkfl_cg_setup_initial(&pk, cs, groups, n_groups, ch, n_ch, pt, threads);
        if (rc == 0) rc = zkfl_cgroth16_contribute(pk, NULL, "zkfl setup", NULL, threads);
        if (rc) {
            zkfl_cgroth16_pk_free(pk);
            return rc;
        }
        *out = pk;
        return 0;
    }
    zkfl_cg_toxic t;
    memset(&t, 0, sizeof t);
    int rc = random_tau(&t.tau, cs);
    if (!rc) rc = random_nonzero(&t.alpha);
    if (!rc) rc = random_nonzero(&t.beta);
    if (!rc) rc = random_nonzero(&t.gamma);
    if (!rc) rc = random_nonzero(&t.delta);
    for (size_t g = 0; g < n_groups && g < ZKFL_CGROTH16_MAX_GROUPS && !rc; g++) rc = random_nonzero(&t.sigma[g]);
    if (!rc) rc = zkfl_cg_setup_local(out, cs, groups, n_groups, ch, n_ch, &t, threads);
    zkfl_memzero(&t, sizeof t);
    return rc;
}
