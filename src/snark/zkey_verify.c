/* snarkjs zkey verify: recompute the initial key from the circuit and the
 * powers of tau, check every contribution's proof of knowledge and its
 * link to the previous delta, then that the final key equals the initial
 * one except for delta: C and H scaled by 1/delta (random linear
 * combinations + one pairing check each). */
#include <stdlib.h>
#include <string.h>
#include "snark/setup_common.h"
#include "snark/transcript_chacha.h"
#include "snark/zkey_internal.h"

/* A beacon's key must be the one its beacon hash and iteration count give
 * (as snarkjs checks: g1_s and g1_sx; g2_spx is then bound to them by the
 * same-ratio check every contribution gets). */
static int check_beacon(const char *file, uint32_t id, const zkfl_zkey_contribution *c)
{
    zkfl_fr d;
    zkfl_g1_affine s, sx;
    int err = zkfl_zkey_beacon_key(&d, &s, c->beacon_hash, c->beacon_hash_len, c->num_iterations_exp);
    if (err == ZKFL_ERR_INVALID_ARG)
        return zkfl_snark_fail(ZKFL_ERR_VERIFY, "%s: contribution #%u: beacon parameters out of range (hash of %u bytes, 2^%u iterations)",
                               file, id, c->beacon_hash_len, c->num_iterations_exp);
    if (err) return err;
    zkfl_g1 t;
    zkfl_g1_from_affine(&t, &s);
    zkfl_g1_mul_vartime(&t, &t, &d);
    zkfl_g1_to_affine(&sx, &t);
    if (memcmp(&s, &c->g1_s, sizeof s) != 0 || memcmp(&sx, &c->g1_sx, sizeof sx) != 0)
        return zkfl_snark_fail(ZKFL_ERR_VERIFY, "%s: contribution #%u: the beacon key is not the one the beacon hash and iteration count give",
                               file, id);
    return 0;
}

static int check_chain(const char *file, const zkfl_zkey *zk, zkfl_g1_affine *cur_delta)
{
    zkfl_blake2b acc;
    zkfl_g1 g;
    zkfl_g1_generator(&g);
    zkfl_g1_to_affine(cur_delta, &g);
    zkfl_blake2b_init(&acc);
    zkfl_blake2b_update(&acc, zk->cs_hash, 64);
    for (uint32_t i = 0; i < zk->n_contributions; i++) {
        const zkfl_zkey_contribution *c = &zk->contributions[i];
        if (c->type > 1)
            return zkfl_snark_fail(ZKFL_ERR_UNSUPPORTED, "%s: contribution #%u has unknown type %u", file, i + 1, c->type);
        if (c->type == 1) {
            int err = check_beacon(file, i + 1, c);
            if (err) return err;
        }
        zkfl_blake2b ours = acc;
        uint8_t t[64];
        zkfl_setup_hash_g1_one(&ours, &c->g1_s);
        zkfl_setup_hash_g1_one(&ours, &c->g1_sx);
        zkfl_blake2b_final(t, &ours);
        if (memcmp(t, c->transcript, 64) != 0)
            return zkfl_snark_fail(ZKFL_ERR_VERIFY, "%s: contribution #%u: inconsistent transcript", file, i + 1);
        zkfl_g2_affine sp;
        zkfl_hash_to_g2_snarkjs(&sp, c->transcript);
        if (!zkfl_same_ratio(&c->g1_s, &c->g1_sx, &sp, &c->g2_spx))
            return zkfl_snark_fail(ZKFL_ERR_VERIFY, "%s: contribution #%u: the G1 and G2 parts of the key differ", file, i + 1);
        if (!zkfl_same_ratio(cur_delta, &c->delta_after, &sp, &c->g2_spx))
            return zkfl_snark_fail(ZKFL_ERR_VERIFY, "%s: contribution #%u: deltaAfter does not follow the key", file, i + 1);
        zkfl_zkey_hash_pubkey(&acc, c);
        *cur_delta = c->delta_after;
    }
    return 0;
}

/* e(sum r_i P_i, a2) == e(sum r_i Q_i, b2) with random r: Q = P * (a/b). */
static int sections_same_ratio(int *ok, const zkfl_g1_affine *p, const zkfl_g1_affine *q, size_t n,
                               const zkfl_g2_affine *a2, const zkfl_g2_affine *b2, int threads)
{
    *ok = 1;
    if (n == 0) return 0;
    zkfl_fr *r = malloc(n * sizeof *r);
    if (r == NULL) return ZKFL_ERR_NOMEM;
    zkfl_g1 x, y;
    int err = zkfl_setup_random_scalars(r, n);
    if (!err) err = zkfl_g1_msm_vartime(&x, p, r, n, threads);
    if (!err) err = zkfl_g1_msm_vartime(&y, q, r, n, threads);
    free(r);
    if (err) return err;
    zkfl_g1_affine xa, ya;
    zkfl_g1_to_affine(&xa, &x);
    zkfl_g1_to_affine(&ya, &y);
    if (zkfl_g1_affine_is_infinity(&xa) && zkfl_g1_affine_is_infinity(&ya)) return 0;
    *ok = zkfl_same_ratio(&xa, &ya, a2, b2);
    return 0;
}

static int compare(const char *file, const zkfl_zkey *zk, const zkfl_zkey *init, const zkfl_g1_affine *cur_delta,
                   int threads)
{
    if (zk->n_vars != init->n_vars || zk->n_public != init->n_public || zk->domain_size != init->domain_size)
        return zkfl_snark_fail(ZKFL_ERR_VERIFY, "%s: the key's sizes (%u vars, %u public, domain %u) are not the circuit's (%u, %u, %u)",
                               file, zk->n_vars, zk->n_public, zk->domain_size, init->n_vars, init->n_public, init->domain_size);
    if (memcmp(&zk->alpha1, &init->alpha1, sizeof zk->alpha1) || memcmp(&zk->beta1, &init->beta1, sizeof zk->beta1) ||
        memcmp(&zk->beta2, &init->beta2, sizeof zk->beta2) || memcmp(&zk->gamma2, &init->gamma2, sizeof zk->gamma2))
        return zkfl_snark_fail(ZKFL_ERR_VERIFY, "%s: section 2: alpha, beta or gamma differ from the powers of tau", file);
    if (memcmp(&zk->delta1, cur_delta, sizeof *cur_delta) != 0)
        return zkfl_snark_fail(ZKFL_ERR_VERIFY, "%s: section 2: delta1 is not the last contribution's delta", file);
    zkfl_g1 g1;
    zkfl_g1_affine g1a;
    zkfl_g1_generator(&g1);
    zkfl_g1_to_affine(&g1a, &g1);
    if (!zkfl_same_ratio(&g1a, cur_delta, &init->delta2, &zk->delta2))
        return zkfl_snark_fail(ZKFL_ERR_VERIFY, "%s: section 2: delta2 does not match delta1", file);
    if (memcmp(zk->cs_hash, init->cs_hash, 64) != 0)
        return zkfl_snark_fail(ZKFL_ERR_VERIFY, "%s: section 10: the circuit hash is not this circuit's", file);
    size_t nv = zk->n_vars, np = (size_t)zk->n_public + 1;
    if (memcmp(zk->ic, init->ic, np * sizeof *zk->ic))
        return zkfl_snark_fail(ZKFL_ERR_VERIFY, "%s: section 3 (IC) differs from the circuit's", file);
    if (zk->n_coefs != init->n_coefs || memcmp(zk->coefs, init->coefs, zk->n_coefs * sizeof *zk->coefs))
        return zkfl_snark_fail(ZKFL_ERR_VERIFY, "%s: section 4 (coefficients) differs from the circuit's", file);
    if (memcmp(zk->a, init->a, nv * sizeof *zk->a))
        return zkfl_snark_fail(ZKFL_ERR_VERIFY, "%s: section 5 (A) differs from the circuit's", file);
    if (memcmp(zk->b1, init->b1, nv * sizeof *zk->b1))
        return zkfl_snark_fail(ZKFL_ERR_VERIFY, "%s: section 6 (B1) differs from the circuit's", file);
    if (memcmp(zk->b2, init->b2, nv * sizeof *zk->b2))
        return zkfl_snark_fail(ZKFL_ERR_VERIFY, "%s: section 7 (B2) differs from the circuit's", file);
    int ok, err;
    if ((err = sections_same_ratio(&ok, init->c, zk->c, nv - np, &zk->delta2, &init->delta2, threads)) != 0) return err;
    if (!ok) return zkfl_snark_fail(ZKFL_ERR_VERIFY, "%s: section 8 (C) is not the circuit's divided by delta", file);
    if ((err = sections_same_ratio(&ok, init->h, zk->h, zk->domain_size, &zk->delta2, &init->delta2, threads)) != 0)
        return err;
    if (!ok) return zkfl_snark_fail(ZKFL_ERR_VERIFY, "%s: section 9 (H) is not the circuit's divided by delta", file);
    return 0;
}

int zkfl_zkey_verify(const char *r1cs_path, const char *ptau_path, const char *zkey_path, int threads)
{
    if (r1cs_path == NULL || ptau_path == NULL || zkey_path == NULL) return ZKFL_ERR_INVALID_ARG;
    zkfl_snark_clear_error();
    zkfl_r1cs *cs = NULL;
    zkfl_ptau *pt = NULL;
    zkfl_zkey *zk = NULL, *init = NULL;
    zkfl_g1_affine cur_delta;
    int err = zkfl_zkey_read(&zk, zkey_path);
    if (!err && !zk->has_mpc)
        err = zkfl_snark_fail(ZKFL_ERR_VERIFY, "%s: no contributions section (10): cannot check the ceremony", zkey_path);
    if (!err) err = check_chain(zkey_path, zk, &cur_delta);
    if (!err) err = zkfl_r1cs_read(&cs, r1cs_path);
    if (!err) err = zkfl_ptau_read(&pt, ptau_path);
    if (!err) err = zkfl_zkey_setup(&init, cs, pt, threads);
    if (!err) err = compare(zkey_path, zk, init, &cur_delta, threads);
    zkfl_zkey_free(init);
    zkfl_zkey_free(zk);
    zkfl_ptau_free(pt);
    zkfl_r1cs_free(cs);
    return err;
}
