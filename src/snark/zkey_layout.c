/* The shape of a fresh Groth16 key for a circuit, shared by the ceremony
 * setup (zkey_setup.c) and the local one-party setup (cgroth16_local.c):
 * the domain size snarkjs picks and the coefficient section it writes. */
#include <stdlib.h>
#include "snark/r1cs_internal.h"
#include "snark/zkey_internal.h"

unsigned zkfl_zkey_domain_power(const zkfl_r1cs *cs)
{
    uint64_t need = (uint64_t)cs->n_constraints + cs->n_pub_out + cs->n_pub_in;
    unsigned power = 0;
    while (((uint64_t)1 << power) <= need) power++;   /* floor(log2(need)) + 1, as snarkjs */
    return power;
}

/* Section 4 as snarkjs's setup lays it out: per constraint its A then B
 * terms, then one A entry (coefficient one) per public wire and the one
 * wire, at rows nc..nc+n_public. */
static void fill_coefficients(zkfl_zkey *zk, const zkfl_r1cs *cs)
{
    size_t nc = cs->n_constraints, k = 0;
    for (size_t i = 0; i < nc; i++)
        for (int m = 0; m < 2; m++)
            for (size_t t = cs->offs[3 * i + m]; t < cs->offs[3 * i + m + 1]; t++, k++) {
                zk->coefs[k].matrix = (uint32_t)m;
                zk->coefs[k].constraint = (uint32_t)i;
                zk->coefs[k].signal = cs->terms[t].wire;
                zk->coefs[k].value = cs->terms[t].coeff;
            }
    for (uint32_t s = 0; s <= zk->n_public; s++, k++) {
        zk->coefs[k].matrix = 0;
        zk->coefs[k].constraint = (uint32_t)(nc + s);
        zk->coefs[k].signal = s;
        zkfl_fr_set_one(&zk->coefs[k].value);
    }
}

int zkfl_zkey_new_for_r1cs(zkfl_zkey **out, const zkfl_r1cs *cs, unsigned power)
{
    *out = NULL;
    zkfl_zkey *zk = calloc(1, sizeof *zk);
    if (zk == NULL) return ZKFL_ERR_NOMEM;
    zk->n_vars = cs->n_wires;
    zk->n_public = cs->n_pub_out + cs->n_pub_in;
    zk->domain_size = 1u << power;
    zk->power = power;
    size_t n_ab = 0;
    for (size_t i = 0; i < cs->n_constraints; i++) n_ab += cs->offs[3 * i + 2] - cs->offs[3 * i];
    zk->n_coefs = n_ab + zk->n_public + 1;
    int err = zkfl_zkey_alloc_arrays(zk);
    if (err) {
        zkfl_zkey_free(zk);
        return err;
    }
    fill_coefficients(zk, cs);
    *out = zk;
    return 0;
}
