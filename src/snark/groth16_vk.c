/* Verification keys: construction from a proving key, validation, and the
 * precomputed e(alpha, beta) every verification reuses. */
#include <stdlib.h>
#include <string.h>
#include "zkfl/groth16.h"

static int check_g1(const zkfl_g1_affine *p)
{
    return zkfl_g1_affine_is_on_curve(p) ? 0 : ZKFL_ERR_NOT_ON_CURVE;
}

static int check_g2(const zkfl_g2_affine *p)
{
    if (!zkfl_g2_affine_is_on_curve(p))
        return ZKFL_ERR_NOT_ON_CURVE;
    return zkfl_g2_affine_is_in_subgroup(p) ? 0 : ZKFL_ERR_NOT_IN_SUBGROUP;
}

int zkfl_groth16_vk_finish(zkfl_groth16_vk *vk)
{
    if (vk == NULL || vk->ic == NULL)
        return ZKFL_ERR_INVALID_ARG;
    int rc;
    if ((rc = check_g1(&vk->alpha)) != 0 || (rc = check_g2(&vk->beta)) != 0 ||
        (rc = check_g2(&vk->gamma)) != 0 || (rc = check_g2(&vk->delta)) != 0)
        return rc;
    for (size_t i = 0; i <= vk->n_public; i++)
        if ((rc = check_g1(&vk->ic[i])) != 0)
            return rc;
    zkfl_pairing(&vk->alphabeta, &vk->alpha, &vk->beta);
    return 0;
}

int zkfl_groth16_vk_from_zkey(zkfl_groth16_vk *vk, const zkfl_zkey *zkey)
{
    if (vk == NULL || zkey == NULL || zkey->ic == NULL)
        return ZKFL_ERR_INVALID_ARG;
    memset(vk, 0, sizeof *vk);
    vk->n_public = zkey->n_public;
    vk->ic = malloc(((size_t)zkey->n_public + 1) * sizeof *vk->ic);
    if (vk->ic == NULL)
        return ZKFL_ERR_NOMEM;
    memcpy(vk->ic, zkey->ic, ((size_t)zkey->n_public + 1) * sizeof *vk->ic);
    vk->alpha = zkey->alpha1;
    vk->beta = zkey->beta2;
    vk->gamma = zkey->gamma2;
    vk->delta = zkey->delta2;
    int rc = zkfl_groth16_vk_finish(vk);
    if (rc != 0)
        zkfl_groth16_vk_free(vk);
    return rc;
}

void zkfl_groth16_vk_free(zkfl_groth16_vk *vk)
{
    if (vk == NULL)
        return;
    free(vk->ic);
    memset(vk, 0, sizeof *vk);
}
