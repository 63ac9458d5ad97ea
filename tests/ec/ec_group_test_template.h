/* The per-group part of ec_test_util.h, included once for G1 and once for
 * G2 with:
 *   EG(name)   the group's API: zkfl_g1_##name
 *   EGT(name)  the helpers' names: ec_test_g1_##name
 *   EG_T, EG_AFF  the Jacobian and affine types
 *   EG_NEG_Y   negation of a y coordinate (zkfl_fp_neg, zkfl_fp2_neg)
 * and gets them undefined again at the end. */

/* p = k G for a random k. */
static inline void EGT(rand_point)(zkfl_test_rng *rng, EG_T *p)
{
    zkfl_fr k;
    EG_T g;
    ec_test_rand_fr(rng, &k);
    EG(generator)(&g);
    EG(mul_vartime)(p, &g, &k);
}

/* *pts and *s with room for n terms each; 0 (after a failed CHECK) when
 * either allocation failed. The caller frees both in any case. */
static inline int EGT(alloc_terms)(EG_AFF **pts, zkfl_fr **s, size_t n)
{
    *pts = malloc((n ? n : 1) * sizeof **pts);
    *s = malloc((n ? n : 1) * sizeof **s);
    CHECK(*pts != NULL && *s != NULL);
    return *pts != NULL && *s != NULL;
}

/* n points (a + i d) G, a and d random: distinct, cheap to make (one
 * addition each and one batch normalization). */
static inline void EGT(progression)(zkfl_test_rng *rng, EG_AFF *pts, size_t n)
{
    EG_T g, acc, step;
    zkfl_fr k;
    EG(generator)(&g);
    ec_test_rand_fr(rng, &k);
    EG(mul_vartime)(&acc, &g, &k);
    ec_test_rand_fr(rng, &k);
    EG(mul_vartime)(&step, &g, &k);
    EG_T *jac = malloc((n ? n : 1) * sizeof *jac);
    CHECK(jac != NULL);
    if (jac == NULL)
        return;
    for (size_t i = 0; i < n; i++) {
        jac[i] = acc;
        EG(add)(&acc, &acc, &step);
    }
    CHECK_OK(EG(batch_to_affine)(pts, jac, n));
    free(jac);
}

/* alloc_terms, then *pts a progression; 0 when the allocation failed. */
static inline int EGT(alloc_progression)(zkfl_test_rng *rng, EG_AFF **pts, zkfl_fr **s, size_t n)
{
    if (!EGT(alloc_terms)(pts, s, n))
        return 0;
    EGT(progression)(rng, *pts, n);
    return 1;
}

/* A progression, with (when degenerate) the inputs a bucket method can
 * get wrong mixed in: about 1 in 8 points infinity, 2 in 8 a copy of an
 * earlier point, 1 in 8 the negation of one. */
static inline void EGT(random_points)(zkfl_test_rng *rng, EG_AFF *pts, size_t n, int degenerate)
{
    EGT(progression)(rng, pts, n);
    for (size_t i = 0; degenerate && i < n; i++) {
        uint64_t r = zkfl_test_rng_next(rng) % 8;
        if (r == 0) {
            memset(&pts[i], 0, sizeof pts[i]);
        } else if (r <= 3 && i > 0) {
            size_t j = zkfl_test_rng_next(rng) % i;
            pts[i] = pts[j];
            if (r == 3)
                EG_NEG_Y(&pts[i].y, &pts[i].y);
        }
    }
}

/* sum s_i P_i by one scalar multiplication per term: no bucket method. */
static inline void EGT(naive_msm)(EG_T *out, const EG_AFF *pts, const zkfl_fr *s, size_t n)
{
    EG_T acc, p, t;
    EG(set_infinity)(&acc);
    for (size_t i = 0; i < n; i++) {
        EG(from_affine)(&p, &pts[i]);
        EG(mul_vartime)(&t, &p, &s[i]);
        EG(add)(&acc, &acc, &t);
    }
    *out = acc;
}

#undef EG
#undef EGT
#undef EG_T
#undef EG_AFF
#undef EG_NEG_Y
