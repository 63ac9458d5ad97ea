/* Hashing to G1 per RFC 9380: expand_message_xmd with SHA-256 (5.3.1),
 * hash_to_field with L = 48 (5.2), the Shallue-van de Woestijne map in its
 * straight-line form (6.6.1 and appendix F.1) with Z = 1, and the
 * random-oracle construction hash_to_curve = map(u0) + map(u1) (3). G1 has
 * cofactor 1, so no clearing is needed. Suite ID used by the known-answer
 * tests: BN254G1_XMD:SHA-256_SVDW_RO_ (the one gnark-crypto implements).
 *
 * The inputs are public (nothing-up-my-sleeve bases, transcript points), so
 * the square-root and sign steps branch; the map is not meant for secrets. */
#include <stdlib.h>
#include <string.h>
#include <openssl/evp.h>
#include "ec/ec_impl.h"

#define SHA256_LEN 32
#define SHA256_BLOCK 64
#define H2F_L 48                 /* ceil((ceil(log2(p)) + 128) / 8) */
#define MAX_DST 255

static int sha256_parts(uint8_t out[SHA256_LEN], const uint8_t *const *parts, const size_t *lens,
                        size_t n)
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (ctx == NULL) return ZKFL_ERR_NOMEM;
    int ok = EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
    for (size_t i = 0; ok && i < n; i++)
        if (lens[i] > 0) ok = EVP_DigestUpdate(ctx, parts[i], lens[i]);
    unsigned int outlen = 0;
    if (ok) ok = EVP_DigestFinal_ex(ctx, out, &outlen);
    EVP_MD_CTX_free(ctx);
    return ok && outlen == SHA256_LEN ? 0 : ZKFL_ERR_INTERNAL;
}

int zkfl_expand_message_xmd_sha256(uint8_t *out, size_t out_len, const uint8_t *msg,
                                   size_t msg_len, const uint8_t *dst, size_t dst_len)
{
    if (out == NULL || (msg == NULL && msg_len > 0) || dst == NULL || dst_len == 0)
        return ZKFL_ERR_INVALID_ARG;
    size_t ell = (out_len + SHA256_LEN - 1) / SHA256_LEN;
    if (out_len == 0 || ell > 255 || out_len > 65535) return ZKFL_ERR_RANGE;

    /* RFC 9380 5.3.3: tags over 255 bytes are replaced by their hash */
    uint8_t dst_prime[MAX_DST + 1];
    size_t dp_len;
    int rc;
    if (dst_len > MAX_DST) {
        static const uint8_t oversize[] = "H2C-OVERSIZE-DST-";
        const uint8_t *parts[2] = {oversize, dst};
        size_t lens[2] = {sizeof oversize - 1, dst_len};
        if ((rc = sha256_parts(dst_prime, parts, lens, 2)) != 0) return rc;
        dp_len = SHA256_LEN;
    } else {
        memcpy(dst_prime, dst, dst_len);
        dp_len = dst_len;
    }
    dst_prime[dp_len] = (uint8_t)dp_len;
    dp_len++;

    static const uint8_t z_pad[SHA256_BLOCK] = {0};
    uint8_t lib[3] = {(uint8_t)(out_len >> 8), (uint8_t)out_len, 0};
    uint8_t b0[SHA256_LEN], bi[SHA256_LEN], x[SHA256_LEN];
    {
        const uint8_t *parts[4] = {z_pad, msg, lib, dst_prime};
        size_t lens[4] = {sizeof z_pad, msg_len, 3, dp_len};
        if ((rc = sha256_parts(b0, parts, lens, 4)) != 0) return rc;
    }
    size_t done = 0;
    for (size_t i = 1; i <= ell; i++) {
        uint8_t idx = (uint8_t)i;
        if (i == 1) {
            memcpy(x, b0, SHA256_LEN);
        } else {
            for (int j = 0; j < SHA256_LEN; j++) x[j] = b0[j] ^ bi[j];
        }
        const uint8_t *parts[3] = {x, &idx, dst_prime};
        size_t lens[3] = {SHA256_LEN, 1, dp_len};
        if ((rc = sha256_parts(bi, parts, lens, 3)) != 0) return rc;
        size_t take = out_len - done < SHA256_LEN ? out_len - done : SHA256_LEN;
        memcpy(out + done, bi, take);
        done += take;
    }
    return 0;
}

int zkfl_fp_hash_to_field(zkfl_fp *out, size_t count, const uint8_t *msg, size_t msg_len,
                          const uint8_t *dst, size_t dst_len)
{
    if (out == NULL || count == 0 || count > 65535 / H2F_L) return ZKFL_ERR_INVALID_ARG;
    uint8_t *uniform = malloc(count * H2F_L);
    if (uniform == NULL) return ZKFL_ERR_NOMEM;
    int rc = zkfl_expand_message_xmd_sha256(uniform, count * H2F_L, msg, msg_len, dst, dst_len);
    if (rc == 0) {
        for (size_t i = 0; i < count; i++) {
            uint8_t wide[64] = {0};      /* the 48-byte big-endian integer, left-padded */
            memcpy(wide + 64 - H2F_L, uniform + i * H2F_L, H2F_L);
            zkfl_fp_from_bytes_be_wide(&out[i], wide);
        }
    }
    free(uniform);
    return rc;
}

static int fp_sgn0(const zkfl_fp *a)
{
    uint64_t v[4];
    zkfl_fp_to_raw(v, a);
    return (int)(v[0] & 1);
}

static void fp_g(zkfl_fp *r, const zkfl_fp *x)
{
    /* g(x) = x^3 + 3 (A = 0) */
    ff_fp_sqr(r, x);
    ff_fp_mul(r, r, x);
    ff_fp_add(r, r, &zkfl_ec_fp_b);
}

void zkfl_ec_g1_map_svdw(zkfl_g1_affine *r, const zkfl_fp *u)
{
    zkfl_fp one, tv1, tv2, tv3, tv4, x1, x2, x3, gx1, gx2, x, gx, y;
    zkfl_fp_set_one(&one);
    ff_fp_sqr(&tv1, u);
    ff_fp_mul(&tv1, &tv1, &zkfl_ec_svdw_c1);
    ff_fp_add(&tv2, &one, &tv1);
    ff_fp_sub(&tv1, &one, &tv1);
    ff_fp_mul(&tv3, &tv1, &tv2);
    zkfl_fp_inv_vartime(&tv3, &tv3);            /* inv0: 0 -> 0 */
    ff_fp_mul(&tv4, u, &tv1);
    ff_fp_mul(&tv4, &tv4, &tv3);
    ff_fp_mul(&tv4, &tv4, &zkfl_ec_svdw_c3);
    ff_fp_sub(&x1, &zkfl_ec_svdw_c2, &tv4);
    fp_g(&gx1, &x1);
    int e1 = zkfl_fp_legendre(&gx1) != -1;
    ff_fp_add(&x2, &zkfl_ec_svdw_c2, &tv4);
    fp_g(&gx2, &x2);
    int e2 = zkfl_fp_legendre(&gx2) != -1 && !e1;
    ff_fp_sqr(&x3, &tv2);
    ff_fp_mul(&x3, &x3, &tv3);
    ff_fp_sqr(&x3, &x3);
    ff_fp_mul(&x3, &x3, &zkfl_ec_svdw_c4);
    ff_fp_add(&x3, &x3, &one);                  /* + Z */
    x = x3;
    if (e1) x = x1;
    if (e2) x = x2;
    fp_g(&gx, &x);
    /* one of g(x1), g(x2), g(x3) is always a square (the SvdW property) */
    zkfl_fp_sqrt(&y, &gx);
    if (fp_sgn0(u) != fp_sgn0(&y)) ff_fp_neg(&y, &y);
    r->x = x;
    r->y = y;
}

int zkfl_g1_hash_to_curve(zkfl_g1_affine *r, const uint8_t *msg, size_t msg_len,
                          const uint8_t *dst, size_t dst_len)
{
    if (r == NULL) return ZKFL_ERR_INVALID_ARG;
    zkfl_fp u[2];
    int rc = zkfl_fp_hash_to_field(u, 2, msg, msg_len, dst, dst_len);
    if (rc != 0) return rc;
    zkfl_g1_affine q0, q1;
    zkfl_ec_g1_map_svdw(&q0, &u[0]);
    zkfl_ec_g1_map_svdw(&q1, &u[1]);
    zkfl_g1 acc;
    zkfl_g1_from_affine(&acc, &q0);
    zkfl_g1_add_affine_vartime(&acc, &acc, &q1);
    zkfl_g1_to_affine(r, &acc);
    return 0;
}
