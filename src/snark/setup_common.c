/* Ceremony helpers shared by phase 1 and phase 2 (see setup_common.h). */
#include <stdlib.h>
#include <string.h>
#include "snark/setup_common.h"
#include "zkfl/poly.h"

/* ---- hashing point arrays ---- */

typedef struct {
    uint8_t *out;
    const void *pts;
    int g2, compressed;
    size_t size;
} enc_job;

static void enc_range(void *ctx, size_t b, size_t e, int worker)
{
    enc_job *j = ctx;
    for (size_t i = b; i < e; i++) {
        uint8_t *o = j->out + i * j->size;
        if (!j->g2) {
            const zkfl_g1_affine *p = (const zkfl_g1_affine *)j->pts + i;
            if (j->compressed) zkfl_g1_to_bytes_compressed(o, p);
            else zkfl_g1_to_bytes_eth(o, p);
        } else {
            const zkfl_g2_affine *p = (const zkfl_g2_affine *)j->pts + i;
            if (j->compressed) zkfl_g2_to_bytes_compressed(o, p);
            else zkfl_g2_to_bytes_eth(o, p);
        }
    }
}

static int hash_points(zkfl_blake2b *h, const void *pts, size_t n, int g2, int compressed)
{
    size_t size = (g2 ? 128 : 64) >> (compressed ? 1 : 0);
    /* One hash update per snarkjs chunk (1 MiB of file-layout points): the
     * exported partial hash's buffer depends on how the input was split. */
    size_t chunk = ((size_t)1 << 20) / (g2 ? 128 : 64);
    uint8_t *buf = malloc(chunk * size);
    if (buf == NULL) return ZKFL_ERR_NOMEM;
    for (size_t at = 0; at < n; at += chunk) {
        size_t m = n - at < chunk ? n - at : chunk;
        enc_job j = {buf, g2 ? (const void *)((const zkfl_g2_affine *)pts + at)
                             : (const void *)((const zkfl_g1_affine *)pts + at),
                     g2, compressed, size};
        int err = zkfl_parallel_for(m, m < 512 ? 1 : 0, enc_range, &j);
        if (err) { free(buf); return err; }
        zkfl_blake2b_update(h, buf, m * size);
    }
    free(buf);
    return 0;
}

int zkfl_setup_hash_g1(zkfl_blake2b *h, const zkfl_g1_affine *p, size_t n, int compressed)
{
    return hash_points(h, p, n, 0, compressed);
}

int zkfl_setup_hash_g2(zkfl_blake2b *h, const zkfl_g2_affine *p, size_t n, int compressed)
{
    return hash_points(h, p, n, 1, compressed);
}

void zkfl_setup_hash_g1_one(zkfl_blake2b *h, const zkfl_g1_affine *p)
{
    uint8_t b[64];
    zkfl_g1_to_bytes_eth(b, p);
    zkfl_blake2b_update(h, b, 64);
}

void zkfl_setup_hash_g2_one(zkfl_blake2b *h, const zkfl_g2_affine *p)
{
    uint8_t b[128];
    zkfl_g2_to_bytes_eth(b, p);
    zkfl_blake2b_update(h, b, 128);
}

/* ---- checks and randomness ---- */

int zkfl_same_ratio(const zkfl_g1_affine *a1, const zkfl_g1_affine *b1, const zkfl_g2_affine *a2,
                    const zkfl_g2_affine *b2)
{
    if (zkfl_g1_affine_is_infinity(a1) || zkfl_g1_affine_is_infinity(b1) ||
        zkfl_g2_affine_is_infinity(a2) || zkfl_g2_affine_is_infinity(b2))
        return 0;
    zkfl_g1_affine p[2];
    zkfl_g2_affine q[2];
    zkfl_g1 t;
    p[0] = *a1;
    zkfl_g1_from_affine(&t, b1);
    zkfl_g1_neg(&t, &t);
    zkfl_g1_to_affine(&p[1], &t);
    q[0] = *b2;
    q[1] = *a2;
    return zkfl_pairing_check(p, q, 2) == 1;
}

void zkfl_setup_contribution_name(char dst[256], const char *name)
{
    size_t len = name != NULL ? strlen(name) : 0;
    if (len > 64) len = 64;
    if (len > 0) memcpy(dst, name, len);
    dst[len] = '\0';
}

int zkfl_setup_random_scalars(zkfl_fr *out, size_t n)
{
    size_t chunk = 4096;
    uint8_t buf[4096 * 8];
    for (size_t at = 0; at < n; at += chunk) {
        size_t m = n - at < chunk ? n - at : chunk;
        int err = zkfl_randombytes(buf, m * 8);
        if (err) return err;
        for (size_t i = 0; i < m; i++) {
            uint64_t v = 0;
            memcpy(&v, buf + 8 * i, 8);
            zkfl_fr_set_u64(&out[at + i], v);
        }
    }
    return 0;
}

int zkfl_setup_secret(zkfl_fr *out, const char *entropy, const char *label)
{
    uint8_t rnd[64], digest[64];
    zkfl_blake2b h;
    int err;
    do {
        if ((err = zkfl_randombytes(rnd, sizeof rnd)) != 0) return err;
        zkfl_blake2b_init(&h);
        zkfl_blake2b_update(&h, label, strlen(label) + 1);
        zkfl_blake2b_update(&h, rnd, sizeof rnd);
        if (entropy != NULL) zkfl_blake2b_update(&h, entropy, strlen(entropy));
        zkfl_blake2b_final(digest, &h);
        zkfl_fr_from_bytes_be_wide(out, digest);
    } while (zkfl_fr_is_zero(out));
    zkfl_memzero(rnd, sizeof rnd);
    zkfl_memzero(digest, sizeof digest);
    return 0;
}

/* ---- group FFT ---- */

typedef struct {
    void *a;          /* zkfl_g1 or zkfl_g2 projective */
    const zkfl_fr *tw;
    size_t n, half, stride;
    int g2;
} fft_job;

static void butterfly_range(void *ctx, size_t b, size_t e, int worker)
{
    fft_job *j = ctx;
    for (size_t t = b; t < e; t++) {
        size_t block = t / j->half, k = t % j->half;
        size_t i0 = block * 2 * j->half + k, i1 = i0 + j->half;
        const zkfl_fr *w = &j->tw[k * j->stride];
        if (!j->g2) {
            zkfl_g1 *a = j->a, v;
            if (k == 0) v = a[i1]; else zkfl_g1_mul_vartime(&v, &a[i1], w);
            zkfl_g1 u = a[i0], nv;
            zkfl_g1_add(&a[i0], &u, &v);
            zkfl_g1_neg(&nv, &v);
            zkfl_g1_add(&a[i1], &u, &nv);
        } else {
            zkfl_g2 *a = j->a, v;
            if (k == 0) v = a[i1]; else zkfl_g2_mul_vartime(&v, &a[i1], w);
            zkfl_g2 u = a[i0], nv;
            zkfl_g2_add(&a[i0], &u, &v);
            zkfl_g2_neg(&nv, &v);
            zkfl_g2_add(&a[i1], &u, &nv);
        }
    }
}

typedef struct {
    void *a;
    const zkfl_fr *s;
    int g2;
} scale_job;

static void scale_range(void *ctx, size_t b, size_t e, int worker)
{
    scale_job *j = ctx;
    for (size_t i = b; i < e; i++) {
        if (!j->g2) zkfl_g1_mul_vartime((zkfl_g1 *)j->a + i, (zkfl_g1 *)j->a + i, j->s);
        else zkfl_g2_mul_vartime((zkfl_g2 *)j->a + i, (zkfl_g2 *)j->a + i, j->s);
    }
}

static int group_ifft(void *aff, size_t n, int g2, int threads)
{
    if (n == 0 || (n & (n - 1)) != 0 || n > ((size_t)1 << 28)) return ZKFL_ERR_INVALID_ARG;
    if (n == 1) return 0;
    unsigned log = 0;
    while (((size_t)1 << log) < n) log++;
    size_t psize = g2 ? sizeof(zkfl_g2) : sizeof(zkfl_g1);
    uint8_t *a = malloc(n * psize);
    zkfl_fr *tw = malloc((n / 2) * sizeof *tw);
    if (a == NULL || tw == NULL) { free(a); free(tw); return ZKFL_ERR_NOMEM; }
    /* Bit-reversed copy into projective form. */
    for (size_t i = 0; i < n; i++) {
        size_t r = 0;
        for (unsigned b = 0; b < log; b++) r |= ((i >> b) & 1) << (log - 1 - b);
        if (!g2) zkfl_g1_from_affine((zkfl_g1 *)a + r, (const zkfl_g1_affine *)aff + i);
        else zkfl_g2_from_affine((zkfl_g2 *)a + r, (const zkfl_g2_affine *)aff + i);
    }
    /* Twiddles w^-j for the inverse transform. */
    zkfl_fr w;
    int err = zkfl_fr_root_of_unity(&w, log);
    if (err) { free(a); free(tw); return err; }
    zkfl_fr_inv_vartime(&w, &w);
    zkfl_fr_set_one(&tw[0]);
    for (size_t j = 1; j < n / 2; j++) zkfl_fr_mul(&tw[j], &tw[j - 1], &w);
    for (size_t half = 1; half < n && !err; half *= 2) {
        fft_job j = {a, tw, n, half, n / (2 * half), g2};
        err = zkfl_parallel_for(n / 2, n < 64 ? 1 : threads, butterfly_range, &j);
    }
    zkfl_fr inv_n;
    zkfl_fr_set_u64(&inv_n, n);
    zkfl_fr_inv_vartime(&inv_n, &inv_n);
    scale_job s = {a, &inv_n, g2};
    if (!err) err = zkfl_parallel_for(n, n < 64 ? 1 : threads, scale_range, &s);
    if (!err)
        err = g2 ? zkfl_g2_batch_to_affine(aff, (const zkfl_g2 *)a, n)
                 : zkfl_g1_batch_to_affine(aff, (const zkfl_g1 *)a, n);
    free(a);
    free(tw);
    return err;
}

int zkfl_g1_ifft(zkfl_g1_affine *a, size_t n, int threads) { return group_ifft(a, n, 0, threads); }
int zkfl_g2_ifft(zkfl_g2_affine *a, size_t n, int threads) { return group_ifft(a, n, 1, threads); }

/* ---- applying secret powers ---- */

typedef struct {
    void *p;
    const zkfl_fr *first, *inc;
    int g2;
} apply_job;

/* Each worker walks its range in blocks of APPLY_BLOCK points: constant-time
 * multiplications into projective form, then one batched inversion per
 * block for the affine results. */
#define APPLY_BLOCK 256

static void apply_range(void *ctx, size_t b, size_t e, int worker)
{
    apply_job *j = ctx;
    zkfl_fr k;
    uint64_t exp[4] = {(uint64_t)b, 0, 0, 0};
    zkfl_fr_pow(&k, j->inc, exp);
    zkfl_fr_mul(&k, &k, j->first);
    void *tmp = malloc(APPLY_BLOCK * (j->g2 ? sizeof(zkfl_g2) : sizeof(zkfl_g1)));
    for (size_t at = b; at < e; at += APPLY_BLOCK) {
        size_t m = e - at < APPLY_BLOCK ? e - at : APPLY_BLOCK;
        for (size_t i = 0; i < m; i++) {
            if (!j->g2) {
                zkfl_g1 t;
                zkfl_g1_from_affine(&t, (zkfl_g1_affine *)j->p + at + i);
                zkfl_g1_mul(&t, &t, &k);
                if (tmp) ((zkfl_g1 *)tmp)[i] = t;
                else zkfl_g1_to_affine((zkfl_g1_affine *)j->p + at + i, &t);
            } else {
                zkfl_g2 t;
                zkfl_g2_from_affine(&t, (zkfl_g2_affine *)j->p + at + i);
                zkfl_g2_mul(&t, &t, &k);
                if (tmp) ((zkfl_g2 *)tmp)[i] = t;
                else zkfl_g2_to_affine((zkfl_g2_affine *)j->p + at + i, &t);
            }
            zkfl_fr_mul(&k, &k, j->inc);
        }
        /* Without the scratch block every point was converted above; if the
         * batched conversion fails, convert one by one. */
        if (tmp == NULL) continue;
        int rc = j->g2 ? zkfl_g2_batch_to_affine((zkfl_g2_affine *)j->p + at, tmp, m)
                       : zkfl_g1_batch_to_affine((zkfl_g1_affine *)j->p + at, tmp, m);
        for (size_t i = 0; rc != 0 && i < m; i++) {
            if (j->g2) zkfl_g2_to_affine((zkfl_g2_affine *)j->p + at + i, (zkfl_g2 *)tmp + i);
            else zkfl_g1_to_affine((zkfl_g1_affine *)j->p + at + i, (zkfl_g1 *)tmp + i);
        }
    }
    free(tmp);
    zkfl_memzero(&k, sizeof k);
}

int zkfl_g1_apply_powers(zkfl_g1_affine *p, size_t n, const zkfl_fr *first, const zkfl_fr *inc, int threads)
{
    apply_job j = {p, first, inc, 0};
    return zkfl_parallel_for(n, n < 64 ? 1 : threads, apply_range, &j);
}

int zkfl_g2_apply_powers(zkfl_g2_affine *p, size_t n, const zkfl_fr *first, const zkfl_fr *inc, int threads)
{
    apply_job j = {p, first, inc, 1};
    return zkfl_parallel_for(n, n < 64 ? 1 : threads, apply_range, &j);
}
