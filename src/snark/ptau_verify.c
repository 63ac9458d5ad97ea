/* snarkjs powersoftau verify: every contribution's proof of knowledge and
 * its link to the previous one, the last contribution's powers against the
 * file (random linear combinations and MSMs: one pairing check per section
 * instead of one per power), the transcript hash, and, when present, the
 * Lagrange sections against the powers. */
#include <stdlib.h>
#include <string.h>
#include "snark/ptau_internal.h"
#include "snark/setup_common.h"
#include "snark/transcript_chacha.h"
#include "zkfl/poly.h"

typedef struct {
    zkfl_g1_affine tau_g1, alpha_g1, beta_g1;
    zkfl_g2_affine tau_g2, beta_g2;
    uint8_t next_challenge[64];
} link_point;

static void g2_sp(zkfl_g2_affine *out, int j, const uint8_t challenge[64], const zkfl_g1_affine *s,
                  const zkfl_g1_affine *sx)
{
    uint8_t personalization = (uint8_t)j, digest[64];
    zkfl_blake2b h;
    zkfl_blake2b_init(&h);
    zkfl_blake2b_update(&h, &personalization, 1);
    zkfl_blake2b_update(&h, challenge, 64);
    zkfl_setup_hash_g1_one(&h, s);
    zkfl_setup_hash_g1_one(&h, sx);
    zkfl_blake2b_final(digest, &h);
    zkfl_hash_to_g2_snarkjs(out, digest);
}

static int g1_aff_eq(const zkfl_g1_affine *a, const zkfl_g1_affine *b);
static int g2_aff_eq(const zkfl_g2_affine *a, const zkfl_g2_affine *b);

/* A beacon's key must be the one its recorded beacon hash and iteration
 * count give for the previous challenge (snarkjs recomputes it the same
 * way); the proof-of-knowledge and chaining checks then follow as for any
 * contribution. */
static int verify_beacon(const char *file, uint32_t id, const zkfl_ptau_contribution *cur, const link_point *prev)
{
    static const char *names[3] = {"tau", "alpha", "beta"};
    zkfl_ptau_contribution expect;
    memset(&expect, 0, sizeof expect);
    int err = zkfl_ptau_beacon_key(&expect, NULL, prev->next_challenge, cur->beacon_hash, cur->beacon_hash_len,
                                   cur->num_iterations_exp);
    if (err == ZKFL_ERR_INVALID_ARG)
        return zkfl_snark_fail(ZKFL_ERR_VERIFY, "%s: contribution #%u: beacon parameters out of range (hash of %u bytes, 2^%u iterations)",
                               file, id, cur->beacon_hash_len, cur->num_iterations_exp);
    if (err) return err;
    for (int j = 0; j < 3; j++)
        if (!g1_aff_eq(&expect.key_g1_s[j], &cur->key_g1_s[j]) || !g1_aff_eq(&expect.key_g1_sx[j], &cur->key_g1_sx[j]) ||
            !g2_aff_eq(&expect.key_g2_spx[j], &cur->key_g2_spx[j]))
            return zkfl_snark_fail(ZKFL_ERR_VERIFY, "%s: contribution #%u: the beacon key (%s) is not the one the beacon hash and iteration count give",
                                   file, id, names[j]);
    return 0;
}

static int verify_contribution(const char *file, uint32_t id, const zkfl_ptau_contribution *cur,
                               const link_point *prev)
{
    static const char *names[3] = {"tau", "alpha", "beta"};
    if (cur->type > 1)
        return zkfl_snark_fail(ZKFL_ERR_UNSUPPORTED, "%s: contribution #%u has unknown type %u", file, id, cur->type);
    if (cur->type == 1) {
        int err = verify_beacon(file, id, cur, prev);
        if (err) return err;
    }
    zkfl_g2_affine sp[3];
    for (int j = 0; j < 3; j++) {
        g2_sp(&sp[j], j, prev->next_challenge, &cur->key_g1_s[j], &cur->key_g1_sx[j]);
        if (!zkfl_same_ratio(&cur->key_g1_s[j], &cur->key_g1_sx[j], &sp[j], &cur->key_g2_spx[j]))
            return zkfl_snark_fail(ZKFL_ERR_VERIFY, "%s: contribution #%u: invalid proof of knowledge for %s (wrong challenge or key)",
                                   file, id, names[j]);
    }
    if (!zkfl_same_ratio(&prev->tau_g1, &cur->tau_g1, &sp[0], &cur->key_g2_spx[0]))
        return zkfl_snark_fail(ZKFL_ERR_VERIFY, "%s: contribution #%u: tau*G1 does not follow the previous contribution", file, id);
    if (!zkfl_same_ratio(&cur->key_g1_s[0], &cur->key_g1_sx[0], &prev->tau_g2, &cur->tau_g2))
        return zkfl_snark_fail(ZKFL_ERR_VERIFY, "%s: contribution #%u: tau*G2 does not follow the previous contribution", file, id);
    if (!zkfl_same_ratio(&prev->alpha_g1, &cur->alpha_g1, &sp[1], &cur->key_g2_spx[1]))
        return zkfl_snark_fail(ZKFL_ERR_VERIFY, "%s: contribution #%u: alpha*G1 does not follow the previous contribution", file, id);
    if (!zkfl_same_ratio(&prev->beta_g1, &cur->beta_g1, &sp[2], &cur->key_g2_spx[2]))
        return zkfl_snark_fail(ZKFL_ERR_VERIFY, "%s: contribution #%u: beta*G1 does not follow the previous contribution", file, id);
    if (!zkfl_same_ratio(&cur->key_g1_s[2], &cur->key_g1_sx[2], &prev->beta_g2, &cur->beta_g2))
        return zkfl_snark_fail(ZKFL_ERR_VERIFY, "%s: contribution #%u: beta*G2 does not follow the previous contribution", file, id);
    return 0;
}

/* R1 = sum r_i P_i, R2 = sum r_i P_(i+1) over i < n-1: if every P_(i+1) is
 * tau * P_i then R2 = tau R1, and otherwise (except with probability
 * ~2^-64 over the r_i) it is not. */
static int shifted_combination_g1(zkfl_g1_affine *r1, zkfl_g1_affine *r2, const zkfl_g1_affine *p, size_t n,
                                  int threads)
{
    zkfl_fr *r = malloc((n ? n : 1) * sizeof *r);
    if (r == NULL) return ZKFL_ERR_NOMEM;
    zkfl_g1 a, b;
    int err = zkfl_setup_random_scalars(r, n - 1);
    if (!err) err = zkfl_g1_msm_vartime(&a, p, r, n - 1, threads);
    if (!err) err = zkfl_g1_msm_vartime(&b, p + 1, r, n - 1, threads);
    free(r);
    if (err) return err;
    zkfl_g1_to_affine(r1, &a);
    zkfl_g1_to_affine(r2, &b);
    return 0;
}

static int shifted_combination_g2(zkfl_g2_affine *r1, zkfl_g2_affine *r2, const zkfl_g2_affine *p, size_t n,
                                  int threads)
{
    zkfl_fr *r = malloc((n ? n : 1) * sizeof *r);
    if (r == NULL) return ZKFL_ERR_NOMEM;
    zkfl_g2 a, b;
    int err = zkfl_setup_random_scalars(r, n - 1);
    if (!err) err = zkfl_g2_msm_vartime(&a, p, r, n - 1, threads);
    if (!err) err = zkfl_g2_msm_vartime(&b, p + 1, r, n - 1, threads);
    free(r);
    if (err) return err;
    zkfl_g2_to_affine(r1, &a);
    zkfl_g2_to_affine(r2, &b);
    return 0;
}

static int g1_aff_eq(const zkfl_g1_affine *a, const zkfl_g1_affine *b)
{
    return zkfl_fp_eq(&a->x, &b->x) && zkfl_fp_eq(&a->y, &b->y);
}

static int g2_aff_eq(const zkfl_g2_affine *a, const zkfl_g2_affine *b)
{
    return zkfl_fp2_eq(&a->x, &b->x) && zkfl_fp2_eq(&a->y, &b->y);
}

static int verify_powers(const char *file, const zkfl_ptau *pt, const zkfl_ptau_contribution *cur, int threads)
{
    size_t n = (size_t)1 << pt->power;
    zkfl_g1 gen1;
    zkfl_g2 gen2;
    zkfl_g1_affine g1, a1, b1;
    zkfl_g2_affine g2, a2, b2;
    zkfl_g1_generator(&gen1);
    zkfl_g2_generator(&gen2);
    zkfl_g1_to_affine(&g1, &gen1);
    zkfl_g2_to_affine(&g2, &gen2);
    int err;
    if ((err = shifted_combination_g1(&a1, &b1, pt->tau_g1, 2 * n - 1, threads)) != 0) return err;
    if (!zkfl_same_ratio(&a1, &b1, &g2, &cur->tau_g2))
        return zkfl_snark_fail(ZKFL_ERR_VERIFY, "%s: section 2 (tau G1): the points are not successive powers of tau", file);
    if (!g1_aff_eq(&pt->tau_g1[0], &g1))
        return zkfl_snark_fail(ZKFL_ERR_VERIFY, "%s: section 2 (tau G1): the first point is not the generator", file);
    if (!g1_aff_eq(&pt->tau_g1[1], &cur->tau_g1))
        return zkfl_snark_fail(ZKFL_ERR_VERIFY, "%s: section 2 (tau G1): the second point differs from the last contribution's", file);
    if ((err = shifted_combination_g2(&a2, &b2, pt->tau_g2, n, threads)) != 0) return err;
    if (!zkfl_same_ratio(&g1, &cur->tau_g1, &a2, &b2))
        return zkfl_snark_fail(ZKFL_ERR_VERIFY, "%s: section 3 (tau G2): the points are not successive powers of tau", file);
    if (!g2_aff_eq(&pt->tau_g2[0], &g2))
        return zkfl_snark_fail(ZKFL_ERR_VERIFY, "%s: section 3 (tau G2): the first point is not the generator", file);
    if (!g2_aff_eq(&pt->tau_g2[1], &cur->tau_g2))
        return zkfl_snark_fail(ZKFL_ERR_VERIFY, "%s: section 3 (tau G2): the second point differs from the last contribution's", file);
    if (n > 1) {
        if ((err = shifted_combination_g1(&a1, &b1, pt->alpha_tau_g1, n, threads)) != 0) return err;
        if (!zkfl_same_ratio(&a1, &b1, &g2, &cur->tau_g2))
            return zkfl_snark_fail(ZKFL_ERR_VERIFY, "%s: section 4 (alpha tau G1): the points are not successive powers of tau", file);
        if ((err = shifted_combination_g1(&a1, &b1, pt->beta_tau_g1, n, threads)) != 0) return err;
        if (!zkfl_same_ratio(&a1, &b1, &g2, &cur->tau_g2))
            return zkfl_snark_fail(ZKFL_ERR_VERIFY, "%s: section 5 (beta tau G1): the points are not successive powers of tau", file);
    }
    if (!g1_aff_eq(&pt->alpha_tau_g1[0], &cur->alpha_g1))
        return zkfl_snark_fail(ZKFL_ERR_VERIFY, "%s: section 4 (alpha tau G1): alpha G1 differs from the last contribution's", file);
    if (!g1_aff_eq(&pt->beta_tau_g1[0], &cur->beta_g1))
        return zkfl_snark_fail(ZKFL_ERR_VERIFY, "%s: section 5 (beta tau G1): beta G1 differs from the last contribution's", file);
    if (!g2_aff_eq(&pt->beta_g2, &cur->beta_g2))
        return zkfl_snark_fail(ZKFL_ERR_VERIFY, "%s: section 6 (beta G2) differs from the last contribution's", file);
    return 0;
}

/* sum r_j P_j == sum NTT(r)_i L_i for random r: L is the inverse group FFT
 * of P exactly when this holds for all r. */
static int verify_lagrange_level(int *ok, const zkfl_g1_affine *p1, const zkfl_g2_affine *p2,
                                 const zkfl_g1_affine *l1, const zkfl_g2_affine *l2, size_t n,
                                 size_t n_real, int threads)
{
    zkfl_fr *r = malloc(n * sizeof *r);
    if (r == NULL) return ZKFL_ERR_NOMEM;
    int err = zkfl_setup_random_scalars(r, n_real);
    for (size_t i = n_real; i < n; i++) zkfl_fr_set_zero(&r[i]);
    *ok = 0;
    if (!err) {
        if (p1 != NULL) {
            zkfl_g1 a, b;
            if (!(err = zkfl_g1_msm_vartime(&a, p1, r, n_real, threads)) && !(err = zkfl_ntt(r, n, threads)) &&
                !(err = zkfl_g1_msm_vartime(&b, l1, r, n, threads)))
                *ok = zkfl_g1_eq(&a, &b);
        } else {
            zkfl_g2 a, b;
            if (!(err = zkfl_g2_msm_vartime(&a, p2, r, n_real, threads)) && !(err = zkfl_ntt(r, n, threads)) &&
                !(err = zkfl_g2_msm_vartime(&b, l2, r, n, threads)))
                *ok = zkfl_g2_eq(&a, &b);
        }
    }
    free(r);
    return err;
}

static int verify_lagrange(const char *file, const zkfl_ptau *pt, int threads)
{
    struct {
        const zkfl_g1_affine *p1, *l1;
        const zkfl_g2_affine *p2, *l2;
        unsigned section, extra;
        const char *what;
    } secs[4] = {
        {pt->tau_g1, pt->lagrange_g1, NULL, NULL, 12, 1, "Lagrange G1"},
        {NULL, NULL, pt->tau_g2, pt->lagrange_g2, 13, 0, "Lagrange G2"},
        {pt->alpha_tau_g1, pt->lagrange_alpha_g1, NULL, NULL, 14, 0, "Lagrange alpha G1"},
        {pt->beta_tau_g1, pt->lagrange_beta_g1, NULL, NULL, 15, 0, "Lagrange beta G1"},
    };
    for (int s = 0; s < 4; s++)
        for (uint32_t p = 0; p <= pt->power + secs[s].extra; p++) {
            size_t n = (size_t)1 << p, off = n - 1;
            /* The extra level of section 12 transforms tau G1 with a zero
             * appended (the file has 2^(power+1) - 1 powers). */
            size_t n_real = p == pt->power + 1 ? n - 1 : n;
            int ok = 0;
            int err = verify_lagrange_level(&ok, secs[s].p1, secs[s].p2, secs[s].l1 ? secs[s].l1 + off : NULL,
                                            secs[s].l2 ? secs[s].l2 + off : NULL, n, n_real, threads);
            if (err) return err;
            if (!ok)
                return zkfl_snark_fail(ZKFL_ERR_VERIFY, "%s: section %u (%s): domain 2^%u does not match the powers of tau",
                                       file, secs[s].section, secs[s].what, p);
        }
    return 0;
}

static int verify(const char *file, const zkfl_ptau *pt, int threads)
{
    if (pt->n_contributions == 0)
        return zkfl_snark_fail(ZKFL_ERR_VERIFY, "%s: no contributions: this file cannot be used in production", file);
    link_point init;
    zkfl_g1 g1;
    zkfl_g2 g2;
    zkfl_g1_generator(&g1);
    zkfl_g2_generator(&g2);
    zkfl_g1_to_affine(&init.tau_g1, &g1);
    init.alpha_g1 = init.beta_g1 = init.tau_g1;
    zkfl_g2_to_affine(&init.tau_g2, &g2);
    init.beta_g2 = init.tau_g2;
    zkfl_ptau_first_challenge(init.next_challenge, pt->ceremony_power);

    for (uint32_t i = 0; i < pt->n_contributions; i++) {
        link_point prev = init;
        if (i > 0) {
            const zkfl_ptau_contribution *p = &pt->contributions[i - 1];
            prev.tau_g1 = p->tau_g1;
            prev.alpha_g1 = p->alpha_g1;
            prev.beta_g1 = p->beta_g1;
            prev.tau_g2 = p->tau_g2;
            prev.beta_g2 = p->beta_g2;
            memcpy(prev.next_challenge, p->next_challenge, 64);
        }
        int err = verify_contribution(file, i + 1, &pt->contributions[i], &prev);
        if (err) return err;
    }
    const zkfl_ptau_contribution *cur = &pt->contributions[pt->n_contributions - 1];
    int err = verify_powers(file, pt, cur, threads);
    if (err) return err;
    if (pt->power == pt->ceremony_power) {
        uint8_t response[64], next[64];
        zkfl_blake2b h;
        if (zkfl_ptau_response_hash(response, cur) != 0)
            return zkfl_snark_fail(ZKFL_ERR_VERIFY, "%s: section 7: corrupt partial hash in the last contribution", file);
        zkfl_blake2b_init(&h);
        zkfl_blake2b_update(&h, response, 64);
        if ((err = zkfl_ptau_hash_sections(&h, pt, 0)) != 0) return err;
        zkfl_blake2b_final(next, &h);
        if (memcmp(next, cur->next_challenge, 64) != 0)
            return zkfl_snark_fail(ZKFL_ERR_VERIFY, "%s: the hash of the points does not match the last contribution's next challenge",
                                   file);
    }
    if (pt->lagrange_g1 != NULL) return verify_lagrange(file, pt, threads);
    return 0;
}

int zkfl_ptau_verify(const char *path, int threads)
{
    if (path == NULL) return ZKFL_ERR_INVALID_ARG;
    zkfl_snark_clear_error();
    zkfl_ptau *pt;
    int err = zkfl_ptau_read(&pt, path);
    if (err) return err;
    err = verify(path, pt, threads);
    zkfl_ptau_free(pt);
    return err;
}
