/* Native Poseidon with circomlib's parameters. The compliance circuits hash
 * with the same rounds in R1CS, so this is both a public utility and the
 * witness generator's reference. */
#include <pthread.h>
#include <stdlib.h>
#include "zkfl/circuits.h"
#include "circuits/poseidon_constants.h"

#define POSEIDON_FULL_ROUNDS 8
static const unsigned partial_rounds[16] = {56, 57, 56, 60, 60, 63, 64, 63,
                                            60, 66, 60, 65, 70, 60, 64, 68};

/* Constants converted to Montgomery form once per process: converting on
 * every hash would double its cost. */
static zkfl_fr *mont_c, *mont_m;
static int init_rc = ZKFL_OK;
static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static void init_constants(void)
{
    size_t nc = zkfl_poseidon_c_offset[15] + 17u * (POSEIDON_FULL_ROUNDS + partial_rounds[15]);
    size_t nm = zkfl_poseidon_m_offset[15] + 17u * 17u;
    mont_c = malloc(nc * sizeof *mont_c);
    mont_m = malloc(nm * sizeof *mont_m);
    if (mont_c == NULL || mont_m == NULL) {
        init_rc = ZKFL_ERR_NOMEM;
        return;
    }
    for (size_t i = 0; i < nc; i++)
        if (zkfl_fr_from_raw(&mont_c[i], zkfl_poseidon_c_raw[i]) != 0)
            init_rc = ZKFL_ERR_INTERNAL;
    for (size_t i = 0; i < nm; i++)
        if (zkfl_fr_from_raw(&mont_m[i], zkfl_poseidon_m_raw[i]) != 0)
            init_rc = ZKFL_ERR_INTERNAL;
}

static int ensure_constants(void)
{
    pthread_once(&init_once, init_constants);
    return init_rc;
}

unsigned zkfl_poseidon_partial_rounds(size_t t)
{
    return t >= 2 && t <= 17 ? partial_rounds[t - 2] : 0;
}

const zkfl_fr *zkfl_poseidon_round_constants(size_t t)
{
    if (t < 2 || t > 17 || ensure_constants() != 0)
        return NULL;
    return mont_c + zkfl_poseidon_c_offset[t - 2];
}

const zkfl_fr *zkfl_poseidon_mds(size_t t)
{
    if (t < 2 || t > 17 || ensure_constants() != 0)
        return NULL;
    return mont_m + zkfl_poseidon_m_offset[t - 2];
}

static void pow5(zkfl_fr *x)
{
    zkfl_fr x2, x4;
    zkfl_fr_sqr(&x2, x);
    zkfl_fr_sqr(&x4, &x2);
    zkfl_fr_mul(x, &x4, x);
}

int zkfl_poseidon_permute(zkfl_fr *state, size_t t)
{
    if (state == NULL || t < 2 || t > 17)
        return ZKFL_ERR_INVALID_ARG;
    int rc = ensure_constants();
    if (rc != 0)
        return rc;
    const zkfl_fr *c = zkfl_poseidon_round_constants(t);
    const zkfl_fr *m = zkfl_poseidon_mds(t);
    unsigned np = partial_rounds[t - 2];
    unsigned rounds = POSEIDON_FULL_ROUNDS + np;
    zkfl_fr next[17];
    for (unsigned r = 0; r < rounds; r++) {
        for (size_t i = 0; i < t; i++)
            zkfl_fr_add(&state[i], &state[i], &c[r * t + i]);
        int full = r < POSEIDON_FULL_ROUNDS / 2 || r >= POSEIDON_FULL_ROUNDS / 2 + np;
        if (full)
            for (size_t i = 0; i < t; i++)
                pow5(&state[i]);
        else
            pow5(&state[0]);
        for (size_t i = 0; i < t; i++) {
            zkfl_fr acc, term;
            zkfl_fr_set_zero(&acc);
            for (size_t j = 0; j < t; j++) {
                zkfl_fr_mul(&term, &m[i * t + j], &state[j]);
                zkfl_fr_add(&acc, &acc, &term);
            }
            next[i] = acc;
        }
        for (size_t i = 0; i < t; i++)
            state[i] = next[i];
    }
    return ZKFL_OK;
}

int zkfl_poseidon_hash(zkfl_fr *out, const zkfl_fr *in, size_t n)
{
    if (out == NULL || (in == NULL && n > 0) || n < 1 || n > ZKFL_POSEIDON_MAX_INPUTS)
        return ZKFL_ERR_INVALID_ARG;
    zkfl_fr state[17];
    zkfl_fr_set_zero(&state[0]);
    for (size_t i = 0; i < n; i++)
        state[i + 1] = in[i];
    int rc = zkfl_poseidon_permute(state, n + 1);
    if (rc == 0)
        *out = state[0];
    return rc;
}
