/* snarkjs powersoftau new: a file whose every point is the generator, and
 * the transcript hashes every contribution chain starts from. */
#include <stdlib.h>
#include <string.h>
#include "snark/ptau_internal.h"
#include "snark/setup_common.h"

static void hash_repeated(zkfl_blake2b *h, const uint8_t *pt, size_t size, uint64_t n)
{
    uint8_t block[128 * 64];
    size_t per = sizeof block / size;
    for (size_t i = 0; i < per; i++) memcpy(block + i * size, pt, size);
    while (n > 0) {
        size_t m = n < per ? (size_t)n : per;
        zkfl_blake2b_update(h, block, m * size);
        n -= m;
    }
}

void zkfl_ptau_first_challenge(uint8_t out[64], uint32_t power)
{
    uint8_t empty[64], g1[64], g2[128];
    zkfl_blake2b h;
    zkfl_blake2b_512(empty, NULL, 0);
    zkfl_g1 a;
    zkfl_g2 b;
    zkfl_g1_affine aa;
    zkfl_g2_affine ba;
    zkfl_g1_generator(&a);
    zkfl_g2_generator(&b);
    zkfl_g1_to_affine(&aa, &a);
    zkfl_g2_to_affine(&ba, &b);
    zkfl_g1_to_bytes_eth(g1, &aa);
    zkfl_g2_to_bytes_eth(g2, &ba);
    uint64_t n = (uint64_t)1 << power;
    zkfl_blake2b_init(&h);
    zkfl_blake2b_update(&h, empty, 64);
    hash_repeated(&h, g1, 64, 2 * n - 1);
    hash_repeated(&h, g2, 128, n);
    hash_repeated(&h, g1, 64, n);
    hash_repeated(&h, g1, 64, n);
    zkfl_blake2b_update(&h, g2, 128);
    zkfl_blake2b_final(out, &h);
}

int zkfl_ptau_response_hash(uint8_t out[64], const zkfl_ptau_contribution *k)
{
    zkfl_blake2b h;
    uint8_t key[768];
    if (zkfl_blake2b_import(&h, k->partial_hash) != 0) return ZKFL_ERR_FORMAT;
    zkfl_ptau_encode_pubkey(key, k, 0);
    zkfl_blake2b_update(&h, key, sizeof key);
    zkfl_blake2b_final(out, &h);
    return 0;
}

int zkfl_ptau_hash_sections(void *state, const zkfl_ptau *pt, int compressed)
{
    zkfl_blake2b *h = state;
    size_t n = (size_t)1 << pt->power;
    int err;
    if ((err = zkfl_setup_hash_g1(h, pt->tau_g1, 2 * n - 1, compressed)) ||
        (err = zkfl_setup_hash_g2(h, pt->tau_g2, n, compressed)) ||
        (err = zkfl_setup_hash_g1(h, pt->alpha_tau_g1, n, compressed)) ||
        (err = zkfl_setup_hash_g1(h, pt->beta_tau_g1, n, compressed)) ||
        (err = zkfl_setup_hash_g2(h, &pt->beta_g2, 1, compressed)))
        return err;
    return 0;
}

int zkfl_ptau_new(const char *out_path, unsigned power)
{
    if (out_path == NULL || power < 1 || power > ZKFL_PTAU_MAX_POWER)
        return zkfl_snark_fail(ZKFL_ERR_RANGE, "ptau new: power %u is outside 1..%d", power, ZKFL_PTAU_MAX_POWER);
    zkfl_ptau *pt;
    int err = zkfl_ptau_alloc(&pt, power, 0);
    if (err) return err;
    zkfl_g1 g1;
    zkfl_g2 g2;
    zkfl_g1_affine a1;
    zkfl_g2_affine a2;
    zkfl_g1_generator(&g1);
    zkfl_g2_generator(&g2);
    zkfl_g1_to_affine(&a1, &g1);
    zkfl_g2_to_affine(&a2, &g2);
    size_t n = (size_t)1 << power;
    for (size_t i = 0; i < 2 * n - 1; i++) pt->tau_g1[i] = a1;
    for (size_t i = 0; i < n; i++) {
        pt->tau_g2[i] = a2;
        pt->alpha_tau_g1[i] = a1;
        pt->beta_tau_g1[i] = a1;
    }
    pt->beta_g2 = a2;
    err = zkfl_ptau_write(out_path, pt);
    zkfl_ptau_free(pt);
    return err;
}
