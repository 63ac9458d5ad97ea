/* Multi-party phase 2 for commit-carrying Groth16 keys (docs/PROTOCOL.md,
 * section 3).
 *
 * The initial key is snarkjs's phase-2 initial key of the circuit (delta =
 * gamma = 1, derived from the prepared ptau) with every committed wire's
 * K_i moved out of the C query into its commitment basis P_i = K_i, and
 * sigma_j = 1 (sigma bases = P_i, -[sigma_j]_2 = -G2). It is public: anyone
 * recomputes it from the circuit and the ptau.
 *
 * A contribution draws fresh factors d (delta) and s_j (one per group),
 *   [delta]_1, [delta]_2 *= d,   C_i, H_k *= 1/d        (as snarkjs's zkey contribute)
 *   sigma_j P_i, -[sigma_j]_2 *= s_j                    (as gnark's mpcsetup with commitments)
 * and appends a record: the new [delta]_1 and -[sigma_j]_2 with a proof of
 * knowledge of each factor, bound to the transcript so far. gamma stays 1
 * (the IC points and the commitment bases are public functions of the
 * ptau, as in snarkjs and gnark). Everything secret is wiped. */
#include <stdlib.h>
#include <string.h>
#include "snark/binfile.h"
#include "snark/cgroth16_internal.h"
#include "snark/setup_common.h"
#include "snark/transcript_chacha.h"

static const char LABEL_INIT[] = "ZKFL-CGROTH16-PHASE2-V1-INITIAL";
static const char LABEL_FIRST[] = "ZKFL-CGROTH16-PHASE2-V1-CHALLENGE";
static const char LABEL_POK[] = "ZKFL-CGROTH16-PHASE2-V1-POK";
static const char LABEL_RECORD[] = "ZKFL-CGROTH16-PHASE2-V1-RECORD";

static void hash_u32(zkfl_blake2b *h, uint32_t v)
{
    uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
    zkfl_blake2b_update(h, b, 4);
}

void zkfl_cg_first_challenge(uint8_t out[64], const uint8_t initial[64])
{
    zkfl_blake2b h;
    zkfl_blake2b_init(&h);
    zkfl_blake2b_update(&h, LABEL_FIRST, sizeof LABEL_FIRST);
    zkfl_blake2b_update(&h, initial, 64);
    zkfl_blake2b_final(out, &h);
}

void zkfl_cg_pok_transcript(uint8_t out[64], const uint8_t challenge[64], uint32_t label, const zkfl_g1_affine *g1_s,
                            const zkfl_g1_affine *g1_sx)
{
    zkfl_blake2b h;
    zkfl_blake2b_init(&h);
    zkfl_blake2b_update(&h, LABEL_POK, sizeof LABEL_POK);
    zkfl_blake2b_update(&h, challenge, 64);
    hash_u32(&h, label);
    zkfl_setup_hash_g1_one(&h, g1_s);
    zkfl_setup_hash_g1_one(&h, g1_sx);
    zkfl_blake2b_final(out, &h);
}

static void hash_pok(zkfl_blake2b *h, const zkfl_cg_pok *p)
{
    zkfl_setup_hash_g1_one(h, &p->g1_s);
    zkfl_setup_hash_g1_one(h, &p->g1_sx);
    zkfl_setup_hash_g2_one(h, &p->g2_spx);
}

void zkfl_cg_contribution_hash(uint8_t out[64], const uint8_t challenge[64], const zkfl_cg_contribution *c,
                               uint32_t n_groups)
{
    zkfl_blake2b h;
    zkfl_blake2b_init(&h);
    zkfl_blake2b_update(&h, LABEL_RECORD, sizeof LABEL_RECORD);
    zkfl_blake2b_update(&h, challenge, 64);
    size_t len = strlen(c->name);
    hash_u32(&h, (uint32_t)len);
    zkfl_blake2b_update(&h, c->name, len);
    zkfl_setup_hash_g1_one(&h, &c->delta_after);
    hash_pok(&h, &c->delta_pok);
    hash_u32(&h, n_groups);
    for (uint32_t g = 0; g < n_groups; g++) {
        zkfl_setup_hash_g2_one(&h, &c->sigma_after[g]);
        hash_pok(&h, &c->sigma_pok[g]);
    }
    zkfl_blake2b_final(out, &h);
}

/* ---- the initial key ---- */

static int initial_hash(uint8_t out[64], const zkfl_cgroth16_pk *pk)
{
    /* snarkjs's circuit hash covers the Groth16 part as derived from the
     * ptau (before the committed wires moved); the vk digest covers the
     * commitment layout and bases. Together they fix the initial key. */
    zkfl_blake2b h;
    zkfl_blake2b_init(&h);
    zkfl_blake2b_update(&h, LABEL_INIT, sizeof LABEL_INIT);
    zkfl_blake2b_update(&h, pk->zk->cs_hash, 64);
    zkfl_blake2b_update(&h, pk->vk.digest, 32);
    zkfl_blake2b_final(out, &h);
    return 0;
}

int zkfl_cg_setup_initial(zkfl_cgroth16_pk **out, const zkfl_r1cs *cs, const zkfl_cgroth16_group *groups,
                          size_t n_groups, const zkfl_cgroth16_challenge *ch, size_t n_ch, const zkfl_ptau *pt,
                          int threads)
{
    if (out == NULL || cs == NULL || pt == NULL || (n_groups > 0 && groups == NULL) || (n_ch > 0 && ch == NULL))
        return ZKFL_ERR_INVALID_ARG;
    *out = NULL;
    zkfl_cgroth16_pk *pk = calloc(1, sizeof *pk);
    if (pk == NULL) return ZKFL_ERR_NOMEM;
    int rc = zkfl_cg_layout(pk, cs, groups, n_groups, ch, n_ch);
    if (!rc) rc = zkfl_zkey_setup(&pk->zk, cs, pt, threads);
    if (rc) goto fail;
    zkfl_zkey *zk = pk->zk;
    zkfl_cgroth16_vk *vk = &pk->vk;
    uint32_t np = zk->n_public;
    size_t total = vk->group_start[vk->n_groups];
    /* Committed wires: K_i leaves the C query and becomes P_i (gamma = 1). */
    for (size_t i = 0; i < total; i++) {
        uint32_t w = vk->wires[i];
        vk->bases[i] = zk->c[w - np - 1];
        memset(&zk->c[w - np - 1], 0, sizeof zk->c[0]);
    }
    memcpy(pk->sigma_bases, vk->bases, total * sizeof *vk->bases);
    zkfl_g2 g2;
    zkfl_g2_generator(&g2);
    zkfl_g2_neg(&g2, &g2);
    for (uint32_t g = 0; g < vk->n_groups; g++) zkfl_g2_to_affine(&vk->sigma_neg[g], &g2);
    if ((rc = zkfl_cg_finish(pk))) goto fail;
    rc = ZKFL_ERR_NOMEM;
    pk->ceremony = calloc(1, sizeof *pk->ceremony);
    if (pk->ceremony == NULL) goto fail;
    pk->ceremony->n_groups = vk->n_groups;
    initial_hash(pk->ceremony->initial, pk);
    /* The snarkjs contribution chain (section 10) is not this ceremony's. */
    zk->has_mpc = 0;
    *out = pk;
    return 0;
fail:
    zkfl_cgroth16_pk_free(pk);
    return rc;
}

/* ---- contributions ---- */

/* The proof of knowledge of x under challenge/label; x is secret. */
static int prove_knowledge(zkfl_cg_pok *p, const uint8_t challenge[64], uint32_t label, const zkfl_fr *x)
{
    zkfl_fr s;
    int rc = zkfl_setup_secret(&s, NULL, "zkfl cgroth16 phase2 pok nonce");
    if (rc) return rc;
    zkfl_g1 g, t;
    zkfl_g1_generator(&g);
    zkfl_g1_mul(&t, &g, &s);
    zkfl_g1_to_affine(&p->g1_s, &t);
    zkfl_g1_mul(&t, &t, x);
    zkfl_g1_to_affine(&p->g1_sx, &t);
    uint8_t tr[64];
    zkfl_cg_pok_transcript(tr, challenge, label, &p->g1_s, &p->g1_sx);
    zkfl_g2_affine sp;
    zkfl_hash_to_g2_snarkjs(&sp, tr);
    zkfl_g2 u;
    zkfl_g2_from_affine(&u, &sp);
    zkfl_g2_mul(&u, &u, x);
    zkfl_g2_to_affine(&p->g2_spx, &u);
    zkfl_memzero(&s, sizeof s);
    zkfl_memzero(&t, sizeof t);
    zkfl_memzero(&u, sizeof u);
    return 0;
}

/* The challenge for the next contribution: the last record's hash. */
static void next_challenge(uint8_t out[64], const zkfl_cgroth16_ceremony *c)
{
    if (c->n == 0) zkfl_cg_first_challenge(out, c->initial);
    else memcpy(out, c->c[c->n - 1].hash, 64);
}

/* The transcript must end where the key is, or the new record would not
 * follow from the previous one. */
static int ends_at_key(const zkfl_cgroth16_pk *pk)
{
    const zkfl_cgroth16_ceremony *c = pk->ceremony;
    if (c->n_groups != pk->vk.n_groups)
        return zkfl_snark_fail(ZKFL_ERR_FORMAT, "cgroth16 contribute: the transcript has %u groups, the key %u",
                               c->n_groups, pk->vk.n_groups);
    if (c->n == 0) return 0;
    const zkfl_cg_contribution *last = &c->c[c->n - 1];
    if (memcmp(&last->delta_after, &pk->zk->delta1, sizeof last->delta_after) != 0)
        return zkfl_snark_fail(ZKFL_ERR_FORMAT, "cgroth16 contribute: the transcript does not end at this key's delta");
    for (uint32_t g = 0; g < c->n_groups; g++)
        if (memcmp(&last->sigma_after[g], &pk->vk.sigma_neg[g], sizeof last->sigma_after[g]) != 0)
            return zkfl_snark_fail(ZKFL_ERR_FORMAT, "cgroth16 contribute: the transcript does not end at this key's sigma_%u", g);
    return 0;
}

int zkfl_cg_contribute_factors(zkfl_cgroth16_pk *pk, uint8_t hash_out[64], const char *name,
                               const zkfl_fr *delta, const zkfl_fr *sigma, int threads)
{
    if (pk == NULL || delta == NULL || (pk->vk.n_groups > 0 && sigma == NULL)) return ZKFL_ERR_INVALID_ARG;
    if (pk->ceremony == NULL)
        return zkfl_snark_fail(ZKFL_ERR_INVALID_ARG,
                               "cgroth16 contribute: the key has no ceremony transcript (a local one-party setup "
                               "cannot be extended)");
    int rc = ends_at_key(pk);
    if (rc) return rc;
    zkfl_cgroth16_ceremony *cer = pk->ceremony;
    zkfl_cgroth16_vk *vk = &pk->vk;
    zkfl_zkey *zk = pk->zk;
    zkfl_cg_contribution *list = realloc(cer->c, (cer->n + 1) * sizeof *list);
    if (list == NULL) return ZKFL_ERR_NOMEM;
    cer->c = list;
    zkfl_cg_contribution rec;
    memset(&rec, 0, sizeof rec);
    if (name != NULL) {
        size_t len = strlen(name);
        memcpy(rec.name, name, len > CG_NAME_MAX ? CG_NAME_MAX : len);
    }
    uint8_t challenge[64];
    next_challenge(challenge, cer);
    if ((rc = prove_knowledge(&rec.delta_pok, challenge, 0, delta))) return rc;
    for (uint32_t g = 0; g < vk->n_groups; g++)
        if ((rc = prove_knowledge(&rec.sigma_pok[g], challenge, 1 + g, &sigma[g]))) return rc;

    /* The key: C and H over d, sigma bases times s_j, then the single points. */
    zkfl_fr one, inv;
    zkfl_fr_set_one(&one);
    zkfl_fr_inv(&inv, delta);
    rc = zkfl_g1_apply_powers(zk->c, zk->n_vars - zk->n_public - 1, &inv, &one, threads);
    if (!rc) rc = zkfl_g1_apply_powers(zk->h, zk->domain_size, &inv, &one, threads);
    zkfl_memzero(&inv, sizeof inv);
    for (uint32_t g = 0; g < vk->n_groups && !rc; g++) {
        size_t off = vk->group_start[g], n = vk->group_start[g + 1] - off;
        rc = zkfl_g1_apply_powers(pk->sigma_bases + off, n, &sigma[g], &one, threads);
    }
    if (rc) return rc;
    zkfl_g1 t1;
    zkfl_g2 t2;
    zkfl_g1_from_affine(&t1, &zk->delta1);
    zkfl_g1_mul(&t1, &t1, delta);
    zkfl_g1_to_affine(&zk->delta1, &t1);
    zkfl_g2_from_affine(&t2, &zk->delta2);
    zkfl_g2_mul(&t2, &t2, delta);
    zkfl_g2_to_affine(&zk->delta2, &t2);
    for (uint32_t g = 0; g < vk->n_groups; g++) {
        zkfl_g2_from_affine(&t2, &vk->sigma_neg[g]);
        zkfl_g2_mul(&t2, &t2, &sigma[g]);
        zkfl_g2_to_affine(&vk->sigma_neg[g], &t2);
        rec.sigma_after[g] = vk->sigma_neg[g];
    }
    zkfl_memzero(&t1, sizeof t1);
    zkfl_memzero(&t2, sizeof t2);
    vk->delta2 = zk->delta2;
    rec.delta_after = zk->delta1;
    if ((rc = zkfl_cg_vk_update_digest(vk))) return rc;
    zkfl_cg_contribution_hash(rec.hash, challenge, &rec, vk->n_groups);
    cer->c[cer->n++] = rec;
    if (hash_out != NULL) memcpy(hash_out, rec.hash, 64);
    return 0;
}

int zkfl_cgroth16_contribute(zkfl_cgroth16_pk *pk, uint8_t hash_out[64], const char *name, const char *entropy,
                             int threads)
{
    if (pk == NULL) return ZKFL_ERR_INVALID_ARG;
    zkfl_snark_clear_error();
    zkfl_fr d, s[ZKFL_CGROTH16_MAX_GROUPS];
    int rc = zkfl_setup_secret(&d, entropy, "zkfl cgroth16 phase2 delta");
    for (uint32_t g = 0; g < pk->vk.n_groups && !rc; g++) rc = zkfl_setup_secret(&s[g], entropy, "zkfl cgroth16 phase2 sigma");
    if (!rc) rc = zkfl_cg_contribute_factors(pk, hash_out, name, &d, s, threads);
    zkfl_memzero(&d, sizeof d);
    zkfl_memzero(s, sizeof s);
    return rc;
}
