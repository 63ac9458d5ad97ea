/* Reading and writing snarkjs .ptau files (BN254). Sections: 1 header
 * (n8, q, power, ceremony power), 2 tau^i G1 (2^(power+1)-1 points),
 * 3 tau^i G2, 4 alpha tau^i G1, 5 beta tau^i G1 (2^power each), 6 beta G2,
 * 7 contributions, and after "prepare phase2" 12..15: the Lagrange-basis
 * versions of 2..5 for every domain size 2^0..2^power, concatenated, and
 * for tau G1 also size 2^(power+1) (zkey new takes H from its odd
 * entries). */
#include <stdlib.h>
#include <string.h>
#include "snark/ptau_internal.h"
#include "snark/binfile_write.h"

void zkfl_ptau_free(zkfl_ptau *pt)
{
    if (pt == NULL) return;
    free(pt->tau_g1);
    free(pt->tau_g2);
    free(pt->alpha_tau_g1);
    free(pt->beta_tau_g1);
    free(pt->contributions);
    free(pt->lagrange_g1);
    free(pt->lagrange_g2);
    free(pt->lagrange_alpha_g1);
    free(pt->lagrange_beta_g1);
    free(pt);
}

int zkfl_ptau_alloc(zkfl_ptau **out, uint32_t power, int with_lagrange)
{
    if (power > ZKFL_PTAU_MAX_POWER) return ZKFL_ERR_RANGE;
    zkfl_ptau *pt = calloc(1, sizeof *pt);
    if (pt == NULL) return ZKFL_ERR_NOMEM;
    size_t n = (size_t)1 << power, n2 = 2 * n - 1;
    pt->power = pt->ceremony_power = power;
    pt->tau_g1 = calloc(n2, sizeof *pt->tau_g1);
    pt->tau_g2 = calloc(n, sizeof *pt->tau_g2);
    pt->alpha_tau_g1 = calloc(n, sizeof *pt->alpha_tau_g1);
    pt->beta_tau_g1 = calloc(n, sizeof *pt->beta_tau_g1);
    int ok = pt->tau_g1 && pt->tau_g2 && pt->alpha_tau_g1 && pt->beta_tau_g1;
    if (ok && with_lagrange) {
        pt->lagrange_g1 = calloc(2 * n2 + 1, sizeof *pt->lagrange_g1);
        pt->lagrange_g2 = calloc(n2, sizeof *pt->lagrange_g2);
        pt->lagrange_alpha_g1 = calloc(n2, sizeof *pt->lagrange_alpha_g1);
        pt->lagrange_beta_g1 = calloc(n2, sizeof *pt->lagrange_beta_g1);
        ok = pt->lagrange_g1 && pt->lagrange_g2 && pt->lagrange_alpha_g1 && pt->lagrange_beta_g1;
    }
    if (!ok) {
        zkfl_ptau_free(pt);
        return ZKFL_ERR_NOMEM;
    }
    *out = pt;
    return 0;
}

static int points_section(const uint8_t **data, const zkfl_binfile *bf, uint32_t type, const char *what,
                          uint64_t count, unsigned point_size)
{
    const zkfl_bin_section *s;
    int err = zkfl_binfile_section(&s, bf, type, what);
    if (err) return err;
    if (s->size != count * point_size)
        return zkfl_snark_fail(ZKFL_ERR_FORMAT, "%s: section %u (%s): %llu bytes, expected %llu (%llu points)",
                               bf->name, type, what, (unsigned long long)s->size,
                               (unsigned long long)(count * point_size), (unsigned long long)count);
    *data = bf->buf + s->offset;
    return 0;
}

static int read_contributions(zkfl_ptau *pt, const zkfl_binfile *bf)
{
    const zkfl_bin_section *s;
    zkfl_cursor c;
    uint32_t n;
    const uint8_t *p = NULL;
    int err;
    if ((err = zkfl_binfile_section(&s, bf, PTAU_SEC_CONTRIBUTIONS, "contributions")) != 0) return err;
    zkfl_cursor_init(&c, bf, s, "7 (contributions)");
    if ((err = zkfl_cursor_u32(&n, &c)) != 0) return err;
    if ((uint64_t)n * PTAU_CONTRIBUTION_FIXED > c.left)
        return zkfl_snark_fail(ZKFL_ERR_FORMAT, "%s: section 7 (contributions): %u contributions cannot fit",
                               bf->name, n);
    pt->contributions = calloc(n ? n : 1, sizeof *pt->contributions);
    if (pt->contributions == NULL) return ZKFL_ERR_NOMEM;
    pt->n_contributions = n;
    for (uint32_t i = 0; i < n; i++) {
        zkfl_ptau_contribution *k = &pt->contributions[i];
        if ((err = zkfl_cursor_bytes(&p, &c, PTAU_CONTRIBUTION_FIXED - 8)) != 0) return err;
        if ((err = zkfl_ptau_decode_contribution_points(k, p, bf)) != 0) return err;
        memcpy(k->partial_hash, p + 1216, 216);
        memcpy(k->next_challenge, p + 1432, 64);
        if ((err = zkfl_cursor_u32(&k->type, &c)) != 0) return err;
        if ((err = zkfl_read_contribution_params(k->name, &k->num_iterations_exp, k->beacon_hash,
                                                 &k->beacon_hash_len, &c)) != 0)
            return err;
    }
    return zkfl_cursor_end(&c);
}

int zkfl_ptau_decode_contribution_points(zkfl_ptau_contribution *k, const uint8_t *p,
                                         const zkfl_binfile *bf)
{
    const char *w = "7 (contribution points)";
    int err;
    if ((err = zkfl_decode_g1_lem(&k->tau_g1, p, 1, bf, w)) ||
        (err = zkfl_decode_g2_lem(&k->tau_g2, p + 64, 1, bf, w)) ||
        (err = zkfl_decode_g1_lem(&k->alpha_g1, p + 192, 1, bf, w)) ||
        (err = zkfl_decode_g1_lem(&k->beta_g1, p + 256, 1, bf, w)) ||
        (err = zkfl_decode_g2_lem(&k->beta_g2, p + 320, 1, bf, w)))
        return err;
    const uint8_t *key = p + 448;
    for (int j = 0; j < 3; j++)
        if ((err = zkfl_decode_g1_lem(&k->key_g1_s[j], key + 128 * j, 1, bf, w)) ||
            (err = zkfl_decode_g1_lem(&k->key_g1_sx[j], key + 128 * j + 64, 1, bf, w)) ||
            (err = zkfl_decode_g2_lem(&k->key_g2_spx[j], key + 384 + 128 * j, 1, bf, w)))
            return err;
    return 0;
}

static int read_body(zkfl_ptau **out, const zkfl_binfile *bf)
{
    const zkfl_bin_section *s;
    zkfl_cursor c;
    uint32_t power, ceremony_power;
    int err;
    if ((err = zkfl_binfile_section(&s, bf, PTAU_SEC_HEADER, "header")) != 0) return err;
    zkfl_cursor_init(&c, bf, s, "1 (header)");
    if ((err = zkfl_cursor_prime(&c, zkfl_bn254_p_le, "base")) != 0) return err;
    if ((err = zkfl_cursor_u32(&power, &c)) || (err = zkfl_cursor_u32(&ceremony_power, &c)) ||
        (err = zkfl_cursor_end(&c)))
        return err;
    if (power < 1 || power > ZKFL_PTAU_MAX_POWER || ceremony_power < power || ceremony_power > ZKFL_PTAU_MAX_POWER)
        return zkfl_snark_fail(ZKFL_ERR_FORMAT, "%s: section 1 (header): power %u / ceremony power %u out of range 1..%d",
                               bf->name, power, ceremony_power, ZKFL_PTAU_MAX_POWER);
    uint64_t n = (uint64_t)1 << power, n2 = 2 * n - 1;
    const uint8_t *tg1 = NULL, *tg2 = NULL, *ag1 = NULL, *bg1 = NULL, *b2 = NULL;
    const uint8_t *lg1 = NULL, *lg2 = NULL, *lag1 = NULL, *lbg1 = NULL;
    if ((err = points_section(&tg1, bf, PTAU_SEC_TAU_G1, "tau G1", n2, 64)) ||
        (err = points_section(&tg2, bf, PTAU_SEC_TAU_G2, "tau G2", n, 128)) ||
        (err = points_section(&ag1, bf, PTAU_SEC_ALPHA_TAU_G1, "alpha tau G1", n, 64)) ||
        (err = points_section(&bg1, bf, PTAU_SEC_BETA_TAU_G1, "beta tau G1", n, 64)) ||
        (err = points_section(&b2, bf, PTAU_SEC_BETA_G2, "beta G2", 1, 128)))
        return err;
    int prepared = zkfl_binfile_has(bf, PTAU_SEC_LAGRANGE_G1);
    if (prepared &&
        ((err = points_section(&lg1, bf, PTAU_SEC_LAGRANGE_G1, "Lagrange G1", 2 * n2 + 1, 64)) ||
         (err = points_section(&lg2, bf, PTAU_SEC_LAGRANGE_G2, "Lagrange G2", n2, 128)) ||
         (err = points_section(&lag1, bf, PTAU_SEC_LAGRANGE_ALPHA_G1, "Lagrange alpha G1", n2, 64)) ||
         (err = points_section(&lbg1, bf, PTAU_SEC_LAGRANGE_BETA_G1, "Lagrange beta G1", n2, 64))))
        return err;
    zkfl_ptau *pt;
    if ((err = zkfl_ptau_alloc(&pt, power, prepared)) != 0) return err;
    pt->ceremony_power = ceremony_power;
    if ((err = zkfl_decode_g1_lem(pt->tau_g1, tg1, n2, bf, "2 (tau G1)")) ||
        (err = zkfl_decode_g2_lem(pt->tau_g2, tg2, n, bf, "3 (tau G2)")) ||
        (err = zkfl_decode_g1_lem(pt->alpha_tau_g1, ag1, n, bf, "4 (alpha tau G1)")) ||
        (err = zkfl_decode_g1_lem(pt->beta_tau_g1, bg1, n, bf, "5 (beta tau G1)")) ||
        (err = zkfl_decode_g2_lem(&pt->beta_g2, b2, 1, bf, "6 (beta G2)")) ||
        (err = read_contributions(pt, bf)))
        goto fail;
    if (prepared &&
        ((err = zkfl_decode_g1_lem(pt->lagrange_g1, lg1, 2 * n2 + 1, bf, "12 (Lagrange G1)")) ||
         (err = zkfl_decode_g2_lem(pt->lagrange_g2, lg2, n2, bf, "13 (Lagrange G2)")) ||
         (err = zkfl_decode_g1_lem(pt->lagrange_alpha_g1, lag1, n2, bf, "14 (Lagrange alpha G1)")) ||
         (err = zkfl_decode_g1_lem(pt->lagrange_beta_g1, lbg1, n2, bf, "15 (Lagrange beta G1)"))))
        goto fail;
    *out = pt;
    return 0;
fail:
    zkfl_ptau_free(pt);
    return err;
}

int zkfl_ptau_read_mem(zkfl_ptau **out, const uint8_t *buf, size_t len, const char *name)
{
    if (out == NULL) return ZKFL_ERR_INVALID_ARG;
    *out = NULL;
    zkfl_binfile bf;
    int err = zkfl_binfile_open(&bf, buf, len, name, "ptau", 1);
    if (err) return err;
    err = read_body(out, &bf);
    zkfl_binfile_close(&bf);
    return err;
}

int zkfl_ptau_read(zkfl_ptau **out, const char *path)
{
    if (out == NULL || path == NULL) return ZKFL_ERR_INVALID_ARG;
    zkfl_mapped_file m;
    int err = zkfl_map_file(&m, path);
    if (err) return err;
    err = zkfl_ptau_read_mem(out, m.buf, m.len, path);
    zkfl_unmap_file(&m);
    return err;
}

void zkfl_ptau_encode_pubkey(uint8_t out[768], const zkfl_ptau_contribution *k, int lem)
{
    for (int j = 0; j < 3; j++) {
        if (lem) {
            zkfl_g1_to_bytes_lem(out + 128 * j, &k->key_g1_s[j]);
            zkfl_g1_to_bytes_lem(out + 128 * j + 64, &k->key_g1_sx[j]);
            zkfl_g2_to_bytes_lem(out + 384 + 128 * j, &k->key_g2_spx[j]);
        } else {
            zkfl_g1_to_bytes_eth(out + 128 * j, &k->key_g1_s[j]);
            zkfl_g1_to_bytes_eth(out + 128 * j + 64, &k->key_g1_sx[j]);
            zkfl_g2_to_bytes_eth(out + 384 + 128 * j, &k->key_g2_spx[j]);
        }
    }
}

int zkfl_ptau_write_mem(uint8_t **out, size_t *out_len, const zkfl_ptau *pt)
{
    if (out == NULL || out_len == NULL || pt == NULL || pt->power > ZKFL_PTAU_MAX_POWER) return ZKFL_ERR_INVALID_ARG;
    int prepared = pt->lagrange_g1 != NULL;
    size_t n = (size_t)1 << pt->power, n2 = 2 * n - 1;
    zkfl_binwriter w;
    zkfl_binwriter_init(&w, "ptau", 1, prepared ? 11 : 7);
    zkfl_binwriter_begin(&w, PTAU_SEC_HEADER);
    zkfl_binwriter_prime(&w, zkfl_bn254_p_le);
    zkfl_binwriter_u32(&w, pt->power);
    zkfl_binwriter_u32(&w, pt->ceremony_power);
    zkfl_binwriter_end(&w);
    zkfl_binwriter_g1_section(&w, PTAU_SEC_TAU_G1, pt->tau_g1, n2);
    zkfl_binwriter_g2_section(&w, PTAU_SEC_TAU_G2, pt->tau_g2, n);
    zkfl_binwriter_g1_section(&w, PTAU_SEC_ALPHA_TAU_G1, pt->alpha_tau_g1, n);
    zkfl_binwriter_g1_section(&w, PTAU_SEC_BETA_TAU_G1, pt->beta_tau_g1, n);
    zkfl_binwriter_g2_section(&w, PTAU_SEC_BETA_G2, &pt->beta_g2, 1);
    zkfl_binwriter_begin(&w, PTAU_SEC_CONTRIBUTIONS);
    zkfl_binwriter_u32(&w, pt->n_contributions);
    for (uint32_t i = 0; i < pt->n_contributions; i++) {
        const zkfl_ptau_contribution *k = &pt->contributions[i];
        zkfl_binwriter_g1(&w, &k->tau_g1, 1);
        zkfl_binwriter_g2(&w, &k->tau_g2, 1);
        zkfl_binwriter_g1(&w, &k->alpha_g1, 1);
        zkfl_binwriter_g1(&w, &k->beta_g1, 1);
        zkfl_binwriter_g2(&w, &k->beta_g2, 1);
        uint8_t *key = zkfl_binwriter_grow(&w, 768);
        if (key) zkfl_ptau_encode_pubkey(key, k, 1);
        zkfl_binwriter_bytes(&w, k->partial_hash, 216);
        zkfl_binwriter_bytes(&w, k->next_challenge, 64);
        zkfl_binwriter_u32(&w, k->type);
        zkfl_write_contribution_params(&w, k->name, k->type, k->num_iterations_exp, k->beacon_hash,
                                       k->beacon_hash_len);
    }
    zkfl_binwriter_end(&w);
    if (prepared) {
        zkfl_binwriter_g1_section(&w, PTAU_SEC_LAGRANGE_G1, pt->lagrange_g1, 2 * n2 + 1);
        zkfl_binwriter_g2_section(&w, PTAU_SEC_LAGRANGE_G2, pt->lagrange_g2, n2);
        zkfl_binwriter_g1_section(&w, PTAU_SEC_LAGRANGE_ALPHA_G1, pt->lagrange_alpha_g1, n2);
        zkfl_binwriter_g1_section(&w, PTAU_SEC_LAGRANGE_BETA_G1, pt->lagrange_beta_g1, n2);
    }
    return zkfl_binwriter_finish(out, out_len, &w);
}

int zkfl_ptau_write(const char *path, const zkfl_ptau *pt)
{
    if (path == NULL) return ZKFL_ERR_INVALID_ARG;
    uint8_t *buf = NULL;
    size_t len = 0;
    int err = zkfl_ptau_write_mem(&buf, &len, pt);
    return zkfl_write_encoded(path, err, buf, len);
}
