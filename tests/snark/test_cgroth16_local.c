/* The local one-party setup (zkfl_cgroth16_setup with pt = NULL):
 *  - the fixed-base batch multiplication equals zkfl_g1_mul / zkfl_g2_mul
 *    on random and edge scalars (every signed digit, 0, 1, r - 1);
 *  - with the same toxic waste, the local key is point for point the key
 *    the ptau path (initial key + one contribution) derives from a powers
 *    of tau built with that tau, alpha and beta (so it has exactly the
 *    ptau path's structure);
 *  - a local key proves and verifies, passes the key checks of the reader
 *    after a round trip, rejects tampered proofs and proofs made under
 *    another local key, and its proof passes the independent @noble/curves
 *    check (cgroth16_ref.mjs);
 *  - the local path applies the same basis checks as the ptau path. */
#include <stdlib.h>
#include <string.h>
#include "testlib.h"
#include "zkfl/cgroth16.h"
#include "snark/cgroth16_internal.h"
#include "snark/ptau_internal.h"

#include "cgroth16_circuit.h"

static void random_fr(zkfl_fr *x, zkfl_test_rng *rng)
{
    uint8_t b[64];
    for (int i = 0; i < 8; i++) {
        uint64_t v = zkfl_test_rng_next(rng);
        memcpy(b + 8 * i, &v, 8);
    }
    zkfl_fr_from_bytes_be_wide(x, b);
}

static void check_fixed_base(zkfl_test_rng *rng)
{
    enum { N = 100 };
    zkfl_cg_fixed_base *fb = NULL;
    CHECK_OK(zkfl_cg_fixed_base_new(&fb));
    if (fb == NULL) return;
    zkfl_fr k[N];
    uint8_t skip[N] = {0};
    for (int i = 0; i < N; i++) random_fr(&k[i], rng);
    zkfl_fr_set_zero(&k[0]);
    zkfl_fr_set_one(&k[1]);
    zkfl_fr_set_zero(&k[2]);
    zkfl_fr_sub(&k[2], &k[2], &k[1]);   /* r - 1 */
    /* every signed digit value in the low windows: 32 + 64 j, 31, 63, 2^k */
    for (int i = 3; i < 40; i++) zkfl_fr_set_u64(&k[i], (uint64_t)(i - 3) * 0x820820820820ull + (uint64_t)(i - 3));
    for (int i = 40; i < 50; i++) {
        uint64_t raw[4] = {0, 0, 0, 0};
        raw[(i - 40) % 4] = 0x20ull << (i - 40);   /* a lone 32 digit somewhere */
        raw[3] &= 0x0fffffffffffffffull;
        zkfl_fr_from_raw(&k[i], raw);
    }
    skip[60] = 1;
    zkfl_fr_set_zero(&k[60]);   /* skipped entries hold zero scalars by contract */
    zkfl_g1_affine o1[N];
    zkfl_g2_affine o2[N];
    CHECK_OK(zkfl_cg_fixed_base_g1(o1, k, skip, N, fb, 2));
    CHECK_OK(zkfl_cg_fixed_base_g2(o2, k, skip, N, fb, 2));
    zkfl_g1 g1, r1;
    zkfl_g2 g2, r2;
    zkfl_g1_generator(&g1);
    zkfl_g2_generator(&g2);
    int bad1 = 0, bad2 = 0;
    for (int i = 0; i < N; i++) {
        zkfl_g1_affine e1;
        zkfl_g2_affine e2;
        zkfl_g1_mul(&r1, &g1, &k[i]);
        zkfl_g1_to_affine(&e1, &r1);
        zkfl_g2_mul(&r2, &g2, &k[i]);
        zkfl_g2_to_affine(&e2, &r2);
        bad1 += memcmp(&e1, &o1[i], sizeof e1) != 0;
        bad2 += memcmp(&e2, &o2[i], sizeof e2) != 0;
    }
    CHECK_EQ_INT(bad1, 0);
    CHECK_EQ_INT(bad2, 0);
    CHECK(zkfl_g1_affine_is_infinity(&o1[0]) && zkfl_g2_affine_is_infinity(&o2[0]));
    zkfl_cg_fixed_base_free(fb);
}

/* A prepared ptau of 2^power whose tau, alpha, beta are t's. */
static zkfl_ptau *known_ptau(const zkfl_cg_toxic *t, unsigned power)
{
    zkfl_ptau *pt = NULL;
    CHECK_OK(zkfl_ptau_alloc(&pt, power, 0));
    if (pt == NULL) return NULL;
    size_t n = (size_t)1 << power;
    zkfl_g1 g1, p;
    zkfl_g2 g2, q;
    zkfl_fr x, y;
    zkfl_g1_generator(&g1);
    zkfl_g2_generator(&g2);
    zkfl_fr_set_one(&x);
    for (size_t i = 0; i < 2 * n - 1; i++) {
        zkfl_g1_mul(&p, &g1, &x);
        zkfl_g1_to_affine(&pt->tau_g1[i], &p);
        if (i < n) {
            zkfl_g2_mul(&q, &g2, &x);
            zkfl_g2_to_affine(&pt->tau_g2[i], &q);
            zkfl_fr_mul(&y, &x, &t->alpha);
            zkfl_g1_mul(&p, &g1, &y);
            zkfl_g1_to_affine(&pt->alpha_tau_g1[i], &p);
            zkfl_fr_mul(&y, &x, &t->beta);
            zkfl_g1_mul(&p, &g1, &y);
            zkfl_g1_to_affine(&pt->beta_tau_g1[i], &p);
        }
        zkfl_fr_mul(&x, &x, &t->tau);
    }
    zkfl_g2_mul(&q, &g2, &t->beta);
    zkfl_g2_to_affine(&pt->beta_g2, &q);
    CHECK_OK(zkfl_ptau_write("cgl_raw.ptau", pt));
    zkfl_ptau_free(pt);
    pt = NULL;
    CHECK_OK(zkfl_ptau_prepare("cgl.ptau", "cgl_raw.ptau", 0));
    CHECK_OK(zkfl_ptau_read(&pt, "cgl.ptau"));
    remove("cgl_raw.ptau");
    remove("cgl.ptau");
    return pt;
}

#define SAME(a, b, n, what) do { \
        int same_ = memcmp((a), (b), (n) * sizeof *(a)) == 0; \
        if (!same_) fprintf(stderr, "local vs ptau: %s differ\n", what); \
        CHECK(same_); \
    } while (0)

static void check_same_as_ptau_path(const zkfl_r1cs *cs, zkfl_test_rng *rng)
{
    zkfl_cg_toxic t;
    memset(&t, 0, sizeof t);
    random_fr(&t.tau, rng);
    random_fr(&t.alpha, rng);
    random_fr(&t.beta, rng);
    random_fr(&t.gamma, rng);
    random_fr(&t.delta, rng);
    random_fr(&t.sigma[0], rng);
    random_fr(&t.sigma[1], rng);
    /* The circuit needs 2^4; a 2^5 ptau keeps the H query off snarkjs's
     * top level (tau G1 with a zero appended), where only the proofs, not
     * the points, agree. */
    zkfl_ptau *pt = known_ptau(&t, 5);
    if (pt == NULL) return;
    zkfl_cgroth16_group g[2];
    zkfl_cgroth16_challenge ch;
    circuit_layout(g, &ch);
    zkfl_cgroth16_pk *a = NULL, *b = NULL;
    /* A ceremony key keeps gamma = 1; its delta and sigma_j are the
     * product of the contributions' factors (here one contribution). */
    zkfl_fr_set_one(&t.gamma);
    CHECK_OK(zkfl_cg_setup_local(&a, cs, g, 2, &ch, 1, &t, 2));
    CHECK_OK(zkfl_cg_setup_initial(&b, cs, g, 2, &ch, 1, pt, 2));
    if (b != NULL) CHECK_OK(zkfl_cg_contribute_factors(b, NULL, "test", &t.delta, t.sigma, 2));
    if (a != NULL && b != NULL) {
        const zkfl_zkey *x = a->zk, *y = b->zk;
        CHECK_EQ_INT(x->domain_size, y->domain_size);
        CHECK_EQ_INT(x->n_coefs, y->n_coefs);
        size_t nv = x->n_vars, np = x->n_public + 1;
        SAME(&x->alpha1, &y->alpha1, 1, "alpha1");
        SAME(&x->beta1, &y->beta1, 1, "beta1");
        SAME(&x->delta1, &y->delta1, 1, "delta1");
        SAME(&x->beta2, &y->beta2, 1, "beta2");
        SAME(&x->gamma2, &y->gamma2, 1, "gamma2");
        SAME(&x->delta2, &y->delta2, 1, "delta2");
        SAME(x->ic, y->ic, np, "IC");
        SAME(x->coefs, y->coefs, x->n_coefs, "coefficients");
        SAME(x->a, y->a, nv, "A");
        SAME(x->b1, y->b1, nv, "B1");
        SAME(x->b2, y->b2, nv, "B2");
        SAME(x->c, y->c, nv - np, "C");
        SAME(x->h, y->h, x->domain_size, "H");
        size_t total = a->vk.group_start[a->vk.n_groups];
        SAME(a->vk.bases, b->vk.bases, total, "commitment bases");
        SAME(a->sigma_bases, b->sigma_bases, total, "sigma bases");
        SAME(a->vk.sigma_neg, b->vk.sigma_neg, 2, "-sigma G2");
        CHECK(memcmp(a->vk.digest, b->vk.digest, 32) == 0);
    }
    zkfl_cgroth16_pk_free(a);
    zkfl_cgroth16_pk_free(b);
    /* tau on the domain is refused */
    zkfl_fr_set_one(&t.tau);
    CHECK(zkfl_cg_setup_local(&a, cs, g, 2, &ch, 1, &t, 1) == ZKFL_ERR_INVALID_ARG);
    zkfl_ptau_free(pt);
}

static void check_local_keys(const zkfl_r1cs *cs, zkfl_test_rng *rng)
{
    zkfl_cgroth16_group g[2];
    zkfl_cgroth16_challenge ch;
    circuit_layout(g, &ch);
    zkfl_cgroth16_pk *pk = NULL, *pk2 = NULL;
    int rc = zkfl_cgroth16_setup(&pk, cs, g, 2, &ch, 1, NULL, 0);
    if (rc) fprintf(stderr, "local setup: %s\n", zkfl_snark_last_error());
    CHECK_OK(rc);
    CHECK_OK(zkfl_cgroth16_setup(&pk2, cs, g, 2, &ch, 1, NULL, 0));
    if (pk == NULL || pk2 == NULL) return;
    const zkfl_cgroth16_vk *vk = zkfl_cgroth16_pk_vk(pk), *vk2 = zkfl_cgroth16_pk_vk(pk2);
    /* fresh toxic waste every time */
    CHECK(memcmp(zkfl_cgroth16_vk_digest(vk), zkfl_cgroth16_vk_digest(vk2), 32) != 0);

    int64_t u[D] = {5, -2, 0, 31};
    wit w, w2;
    make_witness(&w, u, 4, rng);
    zkfl_cgroth16_proof p, t;
    CHECK_OK(zkfl_cgroth16_prove(&p, pk, w.w, N_WIRES, phase2, &w, 0));
    CHECK_OK(verify(vk, &w, &p));
    t = p; g1_bump(&t.a); CHECK(verify(vk, &w, &t) == ZKFL_ERR_VERIFY);
    t = p; g1_bump(&t.c); CHECK(verify(vk, &w, &t) == ZKFL_ERR_VERIFY);
    t = p; g1_bump(&t.d[0]); CHECK(verify(vk, &w, &t) == ZKFL_ERR_VERIFY);
    t = p; g1_bump(&t.pok); CHECK(verify(vk, &w, &t) == ZKFL_ERR_VERIFY);
    t = p; t.d[0] = p.d[1]; t.d[1] = p.d[0]; CHECK(verify(vk, &w, &t) == ZKFL_ERR_VERIFY);
    wit wx = w;
    zkfl_fr_add(&wx.w[W_X], &wx.w[W_X], &wx.w[0]);
    CHECK(verify(vk, &wx, &p) == ZKFL_ERR_VERIFY);
    CHECK(verify(vk2, &w, &p) == ZKFL_ERR_VERIFY);   /* another local setup's key */
    /* a witness that does not satisfy the circuit never verifies */
    make_witness(&w2, u, 4, rng);
    w2.corrupt = 1;
    CHECK_OK(zkfl_cg_prove(&t, pk, w2.w, N_WIRES, phase2, &w2, 0, 0));
    CHECK(verify(vk, &w2, &t) == ZKFL_ERR_VERIFY);

    /* The key passes the reader's checks (curve, subgroup, distinct
     * non-zero bases, pk/vk agreement) and still proves after the trip. */
    uint8_t *kb = NULL, *vb = NULL;
    size_t klen = 0, vlen = 0;
    CHECK_OK(zkfl_cgroth16_pk_write_mem(&kb, &klen, pk));
    CHECK_OK(zkfl_cgroth16_vk_write_mem(&vb, &vlen, vk));
    zkfl_cgroth16_pk *rpk = NULL;
    zkfl_cgroth16_vk *rvk = NULL;
    CHECK_OK(zkfl_cgroth16_pk_read_mem(&rpk, kb, klen, "local pk"));
    CHECK_OK(zkfl_cgroth16_vk_read_mem(&rvk, vb, vlen, "local vk"));
    if (rpk != NULL && rvk != NULL) {
        make_witness(&w2, u, -9, rng);
        CHECK_OK(zkfl_cgroth16_prove(&t, rpk, w2.w, N_WIRES, phase2, &w2, 0));
        CHECK_OK(verify(rvk, &w2, &t));
        CHECK_OK(verify(vk, &w2, &t));
    }
    free(kb);
    free(vb);
    zkfl_cgroth16_pk_free(rpk);
    zkfl_cgroth16_vk_free(rvk);
    cg_noble_check(vk, &w, &p, "cgl_ref.json");
    zkfl_cgroth16_pk_free(pk);
    zkfl_cgroth16_pk_free(pk2);
}

int main(void)
{
    zkfl_test_rng rng;
    zkfl_test_rng_seed(&rng, 61);
    check_fixed_base(&rng);
    zkfl_r1cs *cs = build(0);
    check_same_as_ptau_path(cs, &rng);
    check_local_keys(cs, &rng);
    check_basis_rejections(NULL);
    zkfl_r1cs_free(cs);
    return zkfl_test_done("cgroth16_local");
}
