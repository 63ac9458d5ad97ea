/* Commit-carrying Groth16: key accessors, the basis sanity check, the
 * published commitment function and the Fiat-Shamir challenges. */
#include <stdlib.h>
#include <string.h>
#include "snark/binfile.h"
#include "snark/cgroth16_internal.h"

static const char DST_CHALLENGE[] = "ZKFL-CGROTH16-V1-CHALLENGE";
static const char DST_FOLD[] = "ZKFL-CGROTH16-V1-POK-FOLD";
static const char DST_VK[] = "ZKFL-CGROTH16-V1-VK";

void zkfl_cg_vk_clear(zkfl_cgroth16_vk *vk)
{
    free(vk->ic);
    free(vk->wires);
    free(vk->bases);
    vk->ic = NULL;
    vk->wires = NULL;
    vk->bases = NULL;
}

void zkfl_cgroth16_vk_free(zkfl_cgroth16_vk *vk)
{
    if (vk == NULL) return;
    zkfl_cg_vk_clear(vk);
    free(vk);
}

void zkfl_cgroth16_pk_free(zkfl_cgroth16_pk *pk)
{
    if (pk == NULL) return;
    zkfl_zkey_free(pk->zk);
    free(pk->sigma_bases);
    zkfl_cg_vk_clear(&pk->vk);
    zkfl_cgroth16_ceremony_free(pk->ceremony);
    free(pk);
}

const zkfl_cgroth16_vk *zkfl_cgroth16_pk_vk(const zkfl_cgroth16_pk *pk) { return pk ? &pk->vk : NULL; }
size_t zkfl_cgroth16_pk_n_wires(const zkfl_cgroth16_pk *pk) { return pk && pk->zk ? pk->zk->n_vars : 0; }
size_t zkfl_cgroth16_pk_domain_size(const zkfl_cgroth16_pk *pk) { return pk && pk->zk ? pk->zk->domain_size : 0; }
size_t zkfl_cgroth16_vk_n_public(const zkfl_cgroth16_vk *vk) { return vk ? vk->n_public : 0; }
size_t zkfl_cgroth16_vk_n_groups(const zkfl_cgroth16_vk *vk) { return vk ? vk->n_groups : 0; }
const uint8_t *zkfl_cgroth16_vk_digest(const zkfl_cgroth16_vk *vk) { return vk ? vk->digest : NULL; }

size_t zkfl_cgroth16_vk_group_size(const zkfl_cgroth16_vk *vk, size_t g)
{
    if (vk == NULL || g >= vk->n_groups) return 0;
    return vk->group_start[g + 1] - vk->group_start[g];
}

int zkfl_cg_vk_update_digest(zkfl_cgroth16_vk *vk)
{
    uint8_t *buf = NULL;
    size_t len = 0;
    memset(vk->digest, 0, sizeof vk->digest);
    int rc = zkfl_cgroth16_vk_write_mem(&buf, &len, vk);
    if (rc) return rc;
    rc = zkfl_expand_message_xmd_sha256(vk->digest, 32, buf, len, (const uint8_t *)DST_VK,
                                        sizeof DST_VK - 1);
    free(buf);
    return rc;
}

typedef struct {
    zkfl_g1_affine p;
    uint32_t wire;
    uint8_t committed;
} basis_entry;

static int cmp_entry(const void *a, const void *b)
{
    const basis_entry *x = a, *y = b;
    return memcmp(&x->p, &y->p, sizeof x->p);   /* canonical Montgomery limbs */
}

int zkfl_cg_check_bases(const zkfl_cgroth16_vk *vk)
{
    size_t total = vk->group_start[vk->n_groups];
    for (size_t i = 0; i < total; i++)
        if (zkfl_g1_affine_is_infinity(&vk->bases[i]))
            return zkfl_snark_fail(ZKFL_ERR_INVALID_ARG,
                                   "cgroth16: committed wire %u has a zero commitment basis (it occurs in no constraint)",
                                   vk->wires[i]);
    size_t n = total + vk->n_public + 1;
    basis_entry *e = malloc(n * sizeof *e);
    if (e == NULL) return ZKFL_ERR_NOMEM;
    for (size_t i = 0; i < total; i++) e[i] = (basis_entry){vk->bases[i], vk->wires[i], 1};
    for (size_t s = 0; s <= vk->n_public; s++) e[total + s] = (basis_entry){vk->ic[s], (uint32_t)s, 0};
    qsort(e, n, sizeof *e, cmp_entry);
    int rc = 0;
    for (size_t i = 1; i < n && rc == 0; i++)
        if ((e[i].committed || e[i - 1].committed) && memcmp(&e[i].p, &e[i - 1].p, sizeof e[i].p) == 0)
            rc = zkfl_snark_fail(ZKFL_ERR_INVALID_ARG,
                                 "cgroth16: wires %u and %u have the same commitment basis (a committed wire "
                                 "needs a constraint column of its own)",
                                 e[i - 1].wire, e[i].wire);
    free(e);
    return rc;
}

typedef struct {
    const zkfl_g1_affine *bases;
    const zkfl_fr *values;
    const zkfl_fr *mask;
    size_t n;          /* including the mask */
    zkfl_g1 *part;     /* one per worker chunk, indexed by begin */
} commit_job;

static void commit_range(void *ctx, size_t b, size_t e, int worker)
{
    commit_job *j = ctx;
    zkfl_g1 acc, p, t;
    zkfl_g1_set_infinity(&acc);
    for (size_t i = b; i < e; i++) {
        zkfl_g1_from_affine(&p, &j->bases[i]);
        zkfl_g1_mul(&t, &p, i + 1 == j->n ? j->mask : &j->values[i]);
        zkfl_g1_add(&acc, &acc, &t);
    }
    j->part[b] = acc;
    zkfl_memzero(&t, sizeof t);
    zkfl_memzero(&acc, sizeof acc);
}

int zkfl_cgroth16_commit(zkfl_g1_affine *out, const zkfl_cgroth16_vk *vk, size_t group,
                         const zkfl_fr *values, const zkfl_fr *mask)
{
    if (out == NULL || vk == NULL || mask == NULL || group >= vk->n_groups) return ZKFL_ERR_INVALID_ARG;
    size_t n = zkfl_cgroth16_vk_group_size(vk, group);
    if (n > 1 && values == NULL) return ZKFL_ERR_INVALID_ARG;
    zkfl_g1 *part = malloc(n * sizeof *part);
    if (part == NULL) return ZKFL_ERR_NOMEM;
    for (size_t i = 0; i < n; i++) zkfl_g1_set_infinity(&part[i]);
    commit_job j = {vk->bases + vk->group_start[group], values, mask, n, part};
    int rc = zkfl_parallel_for(n, 0, commit_range, &j);
    zkfl_g1 acc;
    zkfl_g1_set_infinity(&acc);
    for (size_t i = 0; i < n; i++) zkfl_g1_add(&acc, &acc, &part[i]);
    zkfl_g1_to_affine(out, &acc);
    zkfl_memzero(part, n * sizeof *part);
    free(part);
    return rc;
}

int zkfl_cgroth16_challenges(zkfl_fr *out, const zkfl_cgroth16_vk *vk, const zkfl_g1_affine *d,
                             size_t n_d)
{
    if (vk == NULL || (vk->n_challenges > 0 && (out == NULL || d == NULL)) || n_d != vk->n_groups)
        return ZKFL_ERR_INVALID_ARG;
    for (uint32_t k = 0; k < vk->n_challenges; k++) {
        uint8_t msg[32 + 4 + 32 * ZKFL_CGROTH16_MAX_GROUPS], wide[64];
        size_t len = 0;
        memcpy(msg, vk->digest, 32);
        len = 32;
        msg[len++] = (uint8_t)(k >> 24);
        msg[len++] = (uint8_t)(k >> 16);
        msg[len++] = (uint8_t)(k >> 8);
        msg[len++] = (uint8_t)k;
        for (uint32_t t = 0; t < vk->ch_n[k]; t++) {
            zkfl_g1_to_bytes_compressed(msg + len, &d[vk->ch_groups[k][t]]);
            len += 32;
        }
        int rc = zkfl_expand_message_xmd_sha256(wide, 64, msg, len, (const uint8_t *)DST_CHALLENGE,
                                                sizeof DST_CHALLENGE - 1);
        if (rc) return rc;
        zkfl_fr_from_bytes_be_wide(&out[k], wide);
    }
    return 0;
}

int zkfl_cg_fold_challenge(zkfl_fr *rho, const zkfl_cgroth16_vk *vk, const zkfl_g1_affine *d, size_t m)
{
    uint8_t msg[32 + 1 + 32 * ZKFL_CGROTH16_MAX_GROUPS], wide[64];
    size_t len = 0;
    memcpy(msg, vk->digest, 32);
    len = 32;
    msg[len++] = (uint8_t)m;
    for (size_t j = 0; j < m && j < ZKFL_CGROTH16_MAX_GROUPS; j++) {
        zkfl_g1_to_bytes_compressed(msg + len, &d[j]);
        len += 32;
    }
    if (m > ZKFL_CGROTH16_MAX_GROUPS) return ZKFL_ERR_INVALID_ARG;
    int rc = zkfl_expand_message_xmd_sha256(wide, 64, msg, len, (const uint8_t *)DST_FOLD, sizeof DST_FOLD - 1);
    if (rc) return rc;
    zkfl_fr_from_bytes_be_wide(rho, wide);
    return 0;
}
