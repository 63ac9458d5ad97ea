/* Writing snarkjs Groth16 .zkey files, sections in numeric order as
 * snarkjs's zkey contribute/beacon write them. */
#include "snark/zkey_internal.h"
#include "snark/binfile_write.h"

int zkfl_zkey_write_mem(uint8_t **out, size_t *out_len, const zkfl_zkey *zk)
{
    if (out == NULL || out_len == NULL || zk == NULL || zk->n_public >= zk->n_vars) return ZKFL_ERR_INVALID_ARG;
    if (zk->n_coefs > UINT32_MAX) return ZKFL_ERR_RANGE;
    size_t nv = zk->n_vars, np = (size_t)zk->n_public + 1;
    zkfl_binwriter w;
    zkfl_binwriter_init(&w, "zkey", 1, zk->has_mpc ? 10 : 9);

    zkfl_binwriter_begin(&w, ZKEY_SEC_HEADER);
    zkfl_binwriter_u32(&w, 1);
    zkfl_binwriter_end(&w);

    zkfl_binwriter_begin(&w, ZKEY_SEC_GROTH);
    zkfl_binwriter_prime(&w, zkfl_bn254_p_le);
    zkfl_binwriter_prime(&w, zkfl_bn254_r_le);
    zkfl_binwriter_u32(&w, zk->n_vars);
    zkfl_binwriter_u32(&w, zk->n_public);
    zkfl_binwriter_u32(&w, zk->domain_size);
    zkfl_binwriter_g1(&w, &zk->alpha1, 1);
    zkfl_binwriter_g1(&w, &zk->beta1, 1);
    zkfl_binwriter_g2(&w, &zk->beta2, 1);
    zkfl_binwriter_g2(&w, &zk->gamma2, 1);
    zkfl_binwriter_g1(&w, &zk->delta1, 1);
    zkfl_binwriter_g2(&w, &zk->delta2, 1);
    zkfl_binwriter_end(&w);

    zkfl_binwriter_g1_section(&w, ZKEY_SEC_IC, zk->ic, np);
    zkfl_binwriter_begin(&w, ZKEY_SEC_COEFS);
    zkfl_binwriter_u32(&w, (uint32_t)zk->n_coefs);
    for (size_t i = 0; i < zk->n_coefs; i++) {
        zkfl_fr stored;
        zkfl_binwriter_u32(&w, zk->coefs[i].matrix);
        zkfl_binwriter_u32(&w, zk->coefs[i].constraint);
        zkfl_binwriter_u32(&w, zk->coefs[i].signal);
        zkfl_zkey_coef_to_file(&stored, &zk->coefs[i].value);
        zkfl_binwriter_fr(&w, &stored, 1);
    }
    zkfl_binwriter_end(&w);

    zkfl_binwriter_g1_section(&w, ZKEY_SEC_A, zk->a, nv);
    zkfl_binwriter_g1_section(&w, ZKEY_SEC_B1, zk->b1, nv);
    zkfl_binwriter_g2_section(&w, ZKEY_SEC_B2, zk->b2, nv);

    zkfl_binwriter_g1_section(&w, ZKEY_SEC_C, zk->c, nv - np);
    zkfl_binwriter_g1_section(&w, ZKEY_SEC_H, zk->h, zk->domain_size);
    if (zk->has_mpc) {
        zkfl_binwriter_begin(&w, ZKEY_SEC_MPC);
        zkfl_binwriter_bytes(&w, zk->cs_hash, 64);
        zkfl_binwriter_u32(&w, zk->n_contributions);
        for (uint32_t i = 0; i < zk->n_contributions; i++) {
            const zkfl_zkey_contribution *k = &zk->contributions[i];
            zkfl_binwriter_g1(&w, &k->delta_after, 1);
            zkfl_binwriter_g1(&w, &k->g1_s, 1);
            zkfl_binwriter_g1(&w, &k->g1_sx, 1);
            zkfl_binwriter_g2(&w, &k->g2_spx, 1);
            zkfl_binwriter_bytes(&w, k->transcript, 64);
            zkfl_binwriter_u32(&w, k->type);
            zkfl_write_contribution_params(&w, k->name, k->type, k->num_iterations_exp,
                                           k->beacon_hash, k->beacon_hash_len);
        }
        zkfl_binwriter_end(&w);
    }
    return zkfl_binwriter_finish(out, out_len, &w);
}

int zkfl_zkey_write(const char *path, const zkfl_zkey *zk)
{
    if (path == NULL) return ZKFL_ERR_INVALID_ARG;
    uint8_t *buf = NULL;
    size_t len = 0;
    int err = zkfl_zkey_write_mem(&buf, &len, zk);
    return zkfl_write_encoded(path, err, buf, len);
}
