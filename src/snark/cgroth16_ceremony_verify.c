/* verify-setup for commit-carrying Groth16 keys: recompute the initial key
 * from the circuit and the ptau, replay the transcript, and compare.
 *
 * Per record, with the challenge ch (the previous record's hash) and for
 * each factor x with its PoK (g1_s, g1_sx, g2_spx), sp = H(ch, label,
 * g1_s, g1_sx) hashed to G2:
 *   e(g1_s, g2_spx) = e(g1_sx, sp)                  knowledge of x (BGM17 / snarkjs)
 *   delta:   e(delta_before, g2_spx) = e(delta_after, sp)      delta_after = x delta_before
 *   sigma_j: e(g1_s, sigma_after) = e(g1_sx, sigma_before)     sigma_after = x sigma_before
 * and the record's hash must be H(ch, record). Then the key must be the
 * initial key except: [delta]_1 = the last delta_after, [delta]_2 its G2
 * twin, C and H the initial ones over delta, -[sigma_j]_2 = the last
 * sigma_after, sigma bases = sigma_j times the bases; every other point
 * (alpha, beta, gamma, IC, A, B1, B2, bases, coefficients, layout) equal. */
#include <stdlib.h>
#include <string.h>
#include "snark/binfile.h"
#include "snark/cgroth16_internal.h"
#include "snark/setup_common.h"
#include "snark/transcript_chacha.h"

static int check_records(const zkfl_cgroth16_ceremony *cer, zkfl_g1_affine *delta,
                         zkfl_g2_affine sigma[ZKFL_CGROTH16_MAX_GROUPS])
{
    uint8_t ch[64], h[64], tr[64];
    zkfl_cg_first_challenge(ch, cer->initial);
    for (uint32_t i = 0; i < cer->n; i++) {
        const zkfl_cg_contribution *c = &cer->c[i];
        zkfl_g2_affine sp;
        zkfl_cg_pok_transcript(tr, ch, 0, &c->delta_pok.g1_s, &c->delta_pok.g1_sx);
        zkfl_hash_to_g2_snarkjs(&sp, tr);
        if (!zkfl_same_ratio(&c->delta_pok.g1_s, &c->delta_pok.g1_sx, &sp, &c->delta_pok.g2_spx))
            return zkfl_snark_fail(ZKFL_ERR_VERIFY, "setup transcript: contribution #%u: the proof of knowledge of the delta factor is wrong", i + 1);
        if (!zkfl_same_ratio(delta, &c->delta_after, &sp, &c->delta_pok.g2_spx))
            return zkfl_snark_fail(ZKFL_ERR_VERIFY, "setup transcript: contribution #%u: delta does not follow from the previous delta by the proven factor",
                        i + 1);
        for (uint32_t g = 0; g < cer->n_groups; g++) {
            const zkfl_cg_pok *k = &c->sigma_pok[g];
            zkfl_cg_pok_transcript(tr, ch, 1 + g, &k->g1_s, &k->g1_sx);
            zkfl_hash_to_g2_snarkjs(&sp, tr);
            if (!zkfl_same_ratio(&k->g1_s, &k->g1_sx, &sp, &k->g2_spx))
                return zkfl_snark_fail(ZKFL_ERR_VERIFY,
                                       "setup transcript: contribution #%u: the proof of knowledge of the sigma_%u factor is wrong",
                                       i + 1, g);
            if (!zkfl_same_ratio(&k->g1_s, &k->g1_sx, &sigma[g], &c->sigma_after[g]))
                return zkfl_snark_fail(ZKFL_ERR_VERIFY,
                                       "setup transcript: contribution #%u: sigma_%u does not follow from the previous one by the proven factor",
                                       i + 1, g);
            sigma[g] = c->sigma_after[g];
        }
        zkfl_cg_contribution_hash(h, ch, c, cer->n_groups);
        if (memcmp(h, c->hash, 64) != 0)
            return zkfl_snark_fail(ZKFL_ERR_VERIFY, "setup transcript: contribution #%u: its hash is not the hash of its record and the one before", i + 1);
        memcpy(ch, h, 64);
        *delta = c->delta_after;
    }
    return 0;
}

/* e(sum r_i P_i, b2) == e(sum r_i Q_i, a2) for random r: Q = P * (b/a). */
static int sections_ratio(int *ok, const zkfl_g1_affine *p, const zkfl_g1_affine *q, size_t n,
                          const zkfl_g2_affine *a2, const zkfl_g2_affine *b2, int threads)
{
    *ok = 1;
    if (n == 0) return 0;
    zkfl_fr *r = malloc(n * sizeof *r);
    if (r == NULL) return ZKFL_ERR_NOMEM;
    zkfl_g1 x, y;
    int rc = zkfl_setup_random_scalars(r, n);
    if (!rc) rc = zkfl_g1_msm_vartime(&x, p, r, n, threads);
    if (!rc) rc = zkfl_g1_msm_vartime(&y, q, r, n, threads);
    free(r);
    if (rc) return rc;
    zkfl_g1_affine xa, ya;
    zkfl_g1_to_affine(&xa, &x);
    zkfl_g1_to_affine(&ya, &y);
    if (zkfl_g1_affine_is_infinity(&xa) || zkfl_g1_affine_is_infinity(&ya)) {
        *ok = zkfl_g1_affine_is_infinity(&xa) && zkfl_g1_affine_is_infinity(&ya);
        return 0;
    }
    *ok = zkfl_same_ratio(&xa, &ya, a2, b2);
    return 0;
}

static int same(const void *a, const void *b, size_t n) { return memcmp(a, b, n) == 0; }

static int compare(const zkfl_cgroth16_pk *pk, const zkfl_cgroth16_pk *init, const zkfl_g1_affine *delta,
                   const zkfl_g2_affine *sigma, int threads)
{
    const zkfl_zkey *z = pk->zk, *z0 = init->zk;
    const zkfl_cgroth16_vk *v = &pk->vk, *v0 = &init->vk;
    if (z->n_vars != z0->n_vars || z->n_public != z0->n_public || z->domain_size != z0->domain_size ||
        v->n_groups != v0->n_groups || v->n_challenges != v0->n_challenges)
        return zkfl_snark_fail(ZKFL_ERR_VERIFY,
                               "setup: the key's shape (%u wires, %u public, domain %u, %u groups) is not the circuit's "
                               "(%u, %u, %u, %u): keys of another circuit or other rules",
                               z->n_vars, z->n_public, z->domain_size, v->n_groups, z0->n_vars, z0->n_public,
                               z0->domain_size, v0->n_groups);
    size_t nv = z->n_vars, np = (size_t)z->n_public + 1, total = v0->group_start[v0->n_groups];
    if (!same(v->group_start, v0->group_start, sizeof v->group_start) || !same(v->wires, v0->wires, total * sizeof *v->wires) ||
        !same(v->ch_wire, v0->ch_wire, sizeof v->ch_wire) || !same(v->ch_n, v0->ch_n, sizeof v->ch_n) ||
        !same(v->ch_groups, v0->ch_groups, sizeof v->ch_groups))
        return zkfl_snark_fail(ZKFL_ERR_VERIFY, "setup: the commitment groups or challenges are not the circuit's");
    if (!same(&z->alpha1, &z0->alpha1, sizeof z->alpha1) || !same(&z->beta1, &z0->beta1, sizeof z->beta1) ||
        !same(&z->beta2, &z0->beta2, sizeof z->beta2) || !same(&z->gamma2, &z0->gamma2, sizeof z->gamma2))
        return zkfl_snark_fail(ZKFL_ERR_VERIFY, "setup: alpha, beta or gamma differ from the initial key (the ptau's)");
    if (!same(z->ic, z0->ic, np * sizeof *z->ic) || v->n_public != z->n_public || !same(v->ic, z0->ic, np * sizeof *v->ic))
        return zkfl_snark_fail(ZKFL_ERR_VERIFY, "setup: the IC points differ from the initial key");
    /* The verification key inside pk must be the Groth16 key's (the reader
     * checks this too; keys built in memory are checked here). */
    if (!same(&v->alpha1, &z0->alpha1, sizeof v->alpha1) || !same(&v->beta2, &z0->beta2, sizeof v->beta2) ||
        !same(&v->gamma2, &z0->gamma2, sizeof v->gamma2))
        return zkfl_snark_fail(ZKFL_ERR_VERIFY, "setup: the verification key's alpha, beta or gamma differ from the initial key");
    if (z->n_coefs != z0->n_coefs || !same(z->coefs, z0->coefs, z->n_coefs * sizeof *z->coefs))
        return zkfl_snark_fail(ZKFL_ERR_VERIFY, "setup: the coefficients differ from the circuit's");
    if (!same(z->a, z0->a, nv * sizeof *z->a))
        return zkfl_snark_fail(ZKFL_ERR_VERIFY, "setup: the A query differs from the initial key");
    if (!same(z->b1, z0->b1, nv * sizeof *z->b1))
        return zkfl_snark_fail(ZKFL_ERR_VERIFY, "setup: the B1 query differs from the initial key");
    if (!same(z->b2, z0->b2, nv * sizeof *z->b2))
        return zkfl_snark_fail(ZKFL_ERR_VERIFY, "setup: the B2 query differs from the initial key");
    if (!same(v->bases, v0->bases, total * sizeof *v->bases))
        return zkfl_snark_fail(ZKFL_ERR_VERIFY, "setup: the commitment bases differ from the initial key");
    if (!same(&z->delta1, delta, sizeof *delta))
        return zkfl_snark_fail(ZKFL_ERR_VERIFY, "setup: [delta]_1 is not the last contribution's");
    zkfl_g1 g;
    zkfl_g1_affine g1;
    zkfl_g1_generator(&g);
    zkfl_g1_to_affine(&g1, &g);
    if (!zkfl_same_ratio(&g1, delta, &z0->delta2, &z->delta2) || !same(&v->delta2, &z->delta2, sizeof v->delta2))
        return zkfl_snark_fail(ZKFL_ERR_VERIFY, "setup: [delta]_2 does not match [delta]_1");
    int ok, rc;
    if ((rc = sections_ratio(&ok, z0->c, z->c, nv - np, &z->delta2, &z0->delta2, threads))) return rc;
    if (!ok) return zkfl_snark_fail(ZKFL_ERR_VERIFY, "setup: the C query is not the initial one divided by delta");
    if ((rc = sections_ratio(&ok, z0->h, z->h, z->domain_size, &z->delta2, &z0->delta2, threads))) return rc;
    if (!ok) return zkfl_snark_fail(ZKFL_ERR_VERIFY, "setup: the H query is not the initial one divided by delta");
    for (uint32_t j = 0; j < v->n_groups; j++) {
        if (!same(&v->sigma_neg[j], &sigma[j], sizeof sigma[j]))
            return zkfl_snark_fail(ZKFL_ERR_VERIFY, "setup: sigma_%u of the key is not the last contribution's", j);
        /* sigma bases = sigma_j P_i: e(sum r P, [sigma_j]_2) = e(sum r sigma P, G2) */
        zkfl_g2 s2;
        zkfl_g2_affine pos, g2 = z0->gamma2;   /* the G2 generator (gamma = 1 in a ceremony key) */
        zkfl_g2_from_affine(&s2, &sigma[j]);
        zkfl_g2_neg(&s2, &s2);
        zkfl_g2_to_affine(&pos, &s2);
        size_t off = v->group_start[j], n = v->group_start[j + 1] - off;
        if ((rc = sections_ratio(&ok, v0->bases + off, pk->sigma_bases + off, n, &g2, &pos, threads))) return rc;
        if (!ok)
            return zkfl_snark_fail(ZKFL_ERR_VERIFY, "setup: the sigma bases of group %u are not sigma_%u times the bases", j, j);
    }
    return 0;
}

int zkfl_cgroth16_verify_setup(const zkfl_cgroth16_pk *pk, const zkfl_r1cs *cs,
                               const zkfl_cgroth16_group *groups, size_t n_groups,
                               const zkfl_cgroth16_challenge *ch, size_t n_ch, const zkfl_ptau *pt, int threads)
{
    if (pk == NULL || cs == NULL || pt == NULL) return ZKFL_ERR_INVALID_ARG;
    zkfl_snark_clear_error();
    const zkfl_cgroth16_ceremony *cer = pk->ceremony;
    if (cer == NULL)
        return zkfl_snark_fail(ZKFL_ERR_VERIFY, "setup: the key has no ceremony transcript (a local one-party setup?)");
    if (cer->n == 0)
        return zkfl_snark_fail(ZKFL_ERR_VERIFY, "setup: the transcript has no contribution (the initial key is public: anyone could prove anything)");
    if (cer->n_groups != pk->vk.n_groups)
        return zkfl_snark_fail(ZKFL_ERR_VERIFY, "setup: the transcript has %u groups, the key %u", cer->n_groups,
                               pk->vk.n_groups);
    zkfl_cgroth16_pk *init = NULL;
    int rc = zkfl_cg_setup_initial(&init, cs, groups, n_groups, ch, n_ch, pt, threads);
    if (rc) return rc;
    if (memcmp(init->ceremony->initial, cer->initial, 64) != 0) {
        zkfl_cgroth16_pk_free(init);
        return zkfl_snark_fail(ZKFL_ERR_VERIFY,
                               "setup: the transcript starts from another initial key (other circuit or rules, or another ptau)");
    }
    zkfl_g1_affine delta;
    zkfl_g2_affine sigma[ZKFL_CGROTH16_MAX_GROUPS];
    delta = init->zk->delta1;
    memcpy(sigma, init->vk.sigma_neg, sizeof sigma);
    rc = check_records(cer, &delta, sigma);
    if (!rc) rc = compare(pk, init, &delta, sigma, threads);
    zkfl_cgroth16_pk_free(init);
    return rc;
}
