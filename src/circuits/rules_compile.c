/* The compliance circuit: the rules compiled into constraints on the
 * hidden update u (commitment group 0, with a mask) and its metadata, bound
 * to the round, the client and the global model through public inputs.
 *
 * Public inputs, in wire order (only those the rules use):
 *   l2_max, linf_max, nonzero_min, num_samples.min, num_samples.max,
 *   num_samples (when public), round, client_id, model_hash high 128 bits,
 *   model_hash low 128 bits, then the lookup challenge X (range_check
 *   "lookup").
 * The rule parameters are wires rather than constants so the verifier's
 * copies of them enter every check they bound. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "circuits/circuit_internal.h"
#include "circuits/rules_internal.h"

/* Which range check the rules ask for, behind one call. */
typedef struct {
    zkfl_circuit *c;
    zkfl_rangecheck *lookup;   /* NULL: bit decomposition */
} ranger;

/* exact = 0 marks a slack check (x >= 0 for a quantity far below the
 * field size): any width w with 2^(w+1) << r proves it, so the lookup
 * rounds it up to whole 8-bit limbs and saves the top-limb shift key. */
static int range(ranger *rg, const zkfl_var *v, unsigned bits, int exact, const char *tag,
                 uint32_t index)
{
    if (rg->lookup) {
        if (!exact) bits = (bits + 7) / 8 * 8;
        return zkfl_rangecheck_add(rg->lookup, v, bits, tag, index);
    }
    return zkfl_gadget_range_bits(NULL, rg->c, v, bits, tag, index);
}

static void fr_from_be16(zkfl_fr *out, const uint8_t b[16])
{
    uint8_t be[32] = {0};
    memcpy(be + 16, b, 16);
    zkfl_fr_from_bytes_be(out, be);   /* < 2^128 < r: always canonical */
}

/* The verifier's public values (challenge slot zero); *n gets the count. */
static int public_values(zkfl_fr *out, size_t cap, size_t *n, const zkfl_rules_params *p,
                         const zkfl_round_binding *b, uint64_t samples)
{
    size_t k = 0;
#define PUT_U64(x) do { if (out) { if (k >= cap) return ZKFL_ERR_RANGE; zkfl_fr_set_u64(&out[k], (x)); } k++; } while (0)
    if (p->has_l2) PUT_U64(p->l2_max);
    if (p->has_linf) PUT_U64(p->linf_max);
    if (p->has_nonzero) PUT_U64(p->nonzero_min);
    if (p->has_samples_min) PUT_U64(p->samples_min);
    if (p->has_samples_max) PUT_U64(p->samples_max);
    if (p->samples_public) PUT_U64(samples);
    if (p->bind_round) PUT_U64(b ? b->round : 0);
    if (p->bind_client) PUT_U64(b ? b->client_id : 0);
    if (p->bind_model) {
        static const uint8_t zero[32];
        const uint8_t *h = b ? b->model_hash : zero;
        if (out) {
            if (k + 2 > cap) return ZKFL_ERR_RANGE;
            fr_from_be16(&out[k], h);
            fr_from_be16(&out[k + 1], h + 16);
        }
        k += 2;
    }
    if (p->range == ZKFL_RANGE_LOOKUP) {
        if (out) {
            if (k >= cap) return ZKFL_ERR_RANGE;
            zkfl_fr_set_zero(&out[k]);
        }
        k++;
    }
#undef PUT_U64
    *n = k;
    return 0;
}

size_t zkfl_rules_n_public(const zkfl_rules *r)
{
    size_t n = 0;
    if (r == NULL || public_values(NULL, 0, &n, &r->p, NULL, 0) != 0) return 0;
    return n;
}

int zkfl_rules_public_inputs(zkfl_fr *out, size_t n_public, const zkfl_rules *r,
                             const zkfl_round_binding *b, uint64_t public_samples)
{
    if (out == NULL || r == NULL || b == NULL) return ZKFL_ERR_INVALID_ARG;
    size_t n;
    int rc = public_values(out, n_public, &n, &r->p, b, public_samples);
    if (rc == 0 && n != n_public) rc = ZKFL_ERR_RANGE;
    return rc;
}

/* The rules checked on plain integers, so a broken rule is reported by
 * name and coordinate before any constraint is built. */
static int check_witness(const zkfl_rules_params *p, const zkfl_compliance_witness *w)
{
    const int64_t half = (int64_t)1 << (p->bits - 1);
    uint64_t sum = 0, nonzero = 0;
    int sum_over = 0;
    for (uint32_t i = 0; i < p->dim; i++) {
        int64_t u = w->update[i];
        if (u < -half || u >= half)
            return circ_fail(ZKFL_ERR_RANGE, "rule update.bits: u[%u] = %" PRId64 " is not a %u-bit signed integer",
                             i, u, p->bits);
        uint64_t a = u < 0 ? (uint64_t)(-u) : (uint64_t)u;
        if (p->has_linf && a > p->linf_max)
            return circ_fail(ZKFL_ERR_RANGE, "rule update.linf_max: |u[%u]| = %" PRIu64 " exceeds %" PRIu64,
                             i, a, p->linf_max);
        /* a^2 < 2^62 and l2_max < 2^63: the sum is compared before it can
         * wrap. */
        if (!sum_over) {
            sum += a * a;
            if (sum > p->l2_max) sum_over = 1;
        }
        if (p->has_l2 && sum_over)
            return circ_fail(ZKFL_ERR_RANGE, "rule update.l2_max: sum of u[0..%u]^2 already exceeds %" PRIu64,
                             i, p->l2_max);
        nonzero += u != 0;
    }
    if (p->has_nonzero && nonzero < p->nonzero_min)
        return circ_fail(ZKFL_ERR_RANGE, "rule update.nonzero_min: %" PRIu64 " non-zero coordinates, at least %u required",
                         nonzero, p->nonzero_min);
    if (p->has_samples_min && w->num_samples < p->samples_min)
        return circ_fail(ZKFL_ERR_RANGE, "rule metadata.num_samples.min: %" PRIu64 " samples, at least %" PRIu64 " required",
                         w->num_samples, p->samples_min);
    if (p->has_samples_max && w->num_samples > p->samples_max)
        return circ_fail(ZKFL_ERR_RANGE, "rule metadata.num_samples.max: %" PRIu64 " samples, at most %" PRIu64 " allowed",
                         w->num_samples, p->samples_max);
    return 0;
}

/* The per-coordinate range check with the lookup: either each coordinate's
 * offset value (u_i + linf_max, or u_i + 2^(bits-1)) split into 8-bit limbs
 * (two or three keys per checked value, two values for linf) plus an
 * is_zero gadget (2 constraints) for the non-zero count, or the offset value
 * looked up whole in a direct table [0, size), size = 2 linf_max + 1 or
 * 2^bits: one key per coordinate, exact bounds for any linf_max, and the
 * number of zero coordinates is the table multiplicity of the offset (so
 * no per-coordinate gadget). The direct table costs one constraint per
 * entry, so it is chosen when that is cheaper overall. */
static uint64_t direct_table_size(const zkfl_rules_params *p)
{
    return p->has_linf ? 2 * p->linf_max + 1 : (uint64_t)1 << p->bits;
}

static int use_direct_table(const zkfl_rules_params *p)
{
    if (p->range != ZKFL_RANGE_LOOKUP) return 0;
    uint64_t size = direct_table_size(p);
    if (size > CIRC_DIRECT_TABLE_MAX) return 0;
    uint64_t per;
    if (p->has_linf) {
        unsigned w = p->linf_max ? circ_bitlen(2 * p->linf_max) : 1;
        per = 2 * (uint64_t)((w + 7) / 8);
    } else {
        per = (p->bits + 7) / 8 + (p->bits % 8 != 0);
    }
    if (p->has_nonzero) per += 2;
    return (uint64_t)p->dim + size + (uint64_t)p->has_linf < (uint64_t)p->dim * per;
}

/* Squares a bound public input into a wire of its own. Groth16 already
 * binds every public input through its IC point, but only if the input has
 * a non-zero column in some constraint; this constraint gives round,
 * client and model hash one, so a proof made for other values fails. */
static int bind_public(zkfl_circuit *c, const zkfl_var *x, const char *tag)
{
    zkfl_var sq;
    return zkfl_circuit_mul(&sq, c, x, x, tag, 0);
}

static int build(zkfl_circuit *c, const zkfl_rules_params *p, const zkfl_compliance_witness *w)
{
    int witness = w != NULL;
    zkfl_fr vals[16];
    size_t n_pub;
    int rc = public_values(vals, 16, &n_pub, p, w ? &w->binding : NULL, w ? w->num_samples : 0);
    if (rc != 0) return rc;
    /* Declare the public inputs first (wire order); challenge last. */
    zkfl_var pub[16];
    size_t k = 0, challenge_k = 0;
    size_t n_plain = n_pub - (p->range == ZKFL_RANGE_LOOKUP);
    for (; rc == 0 && k < n_plain; k++) rc = zkfl_circuit_public_input(&pub[k], c, &vals[k]);
    if (rc == 0 && p->range == ZKFL_RANGE_LOOKUP) rc = zkfl_circuit_challenge_input(&pub[k], &challenge_k, c);
    if (rc != 0) return rc;
    k = 0;
    const zkfl_var *l2_max = p->has_l2 ? &pub[k++] : NULL;
    const zkfl_var *linf_max = p->has_linf ? &pub[k++] : NULL;
    const zkfl_var *nz_min = p->has_nonzero ? &pub[k++] : NULL;
    const zkfl_var *s_min = p->has_samples_min ? &pub[k++] : NULL;
    const zkfl_var *s_max = p->has_samples_max ? &pub[k++] : NULL;
    const zkfl_var *s_pub = p->samples_public ? &pub[k++] : NULL;
    const zkfl_var *round = p->bind_round ? &pub[k++] : NULL;
    const zkfl_var *client = p->bind_client ? &pub[k++] : NULL;
    const zkfl_var *model = p->bind_model ? &pub[k] : NULL;
    k += p->bind_model ? 2 : 0;
    const zkfl_var *challenge = p->range == ZKFL_RANGE_LOOKUP ? &pub[k] : NULL;

    /* The update: group 0 is u_1..u_d then the mask. */
    size_t d = p->dim;
    zkfl_var *u = malloc(d * sizeof *u);
    if (u == NULL) return ZKFL_ERR_NOMEM;
    size_t g0;
    rc = zkfl_circuit_new_commit_group(&g0, c);
    for (size_t i = 0; rc == 0 && i < d; i++) {
        zkfl_fr v;
        zkfl_fr_set_i64(&v, witness ? w->update[i] : 0);
        rc = zkfl_circuit_private(&u[i], c, &v);
        if (rc == 0) rc = zkfl_circuit_commit_add(c, g0, zkfl_var_wire(&u[i]));
        zkfl_memzero(&v, sizeof v);
    }
    if (rc == 0) rc = zkfl_gadget_commit_mask(c, g0);

    ranger rg = {c, NULL};
    if (rc == 0 && challenge) {
        rc = zkfl_circuit_challenge_add_group(c, challenge_k, g0);
        if (rc == 0) rc = zkfl_rangecheck_new(&rg.lookup, c, challenge, challenge_k);
    }

    /* Per coordinate: its range (|u_i| <= linf_max, else the bit width),
     * whether it is zero, its square. */
    unsigned linf_bits = 1;
    zkfl_fr half;
    zkfl_fr_set_u64(&half, (uint64_t)1 << (p->bits - 1));
    if (p->has_linf) linf_bits = p->linf_max ? circ_bitlen(2 * p->linf_max) : 1;
    int direct = use_direct_table(p);
    zkfl_var zeros_direct;   /* direct table: multiplicity of the zero coordinate */
    if (rc == 0 && direct) {
        uint64_t offset = p->has_linf ? p->linf_max : (uint64_t)1 << (p->bits - 1);
        zkfl_var off;
        rc = circ_rangecheck_direct_table(rg.lookup, (uint32_t)direct_table_size(p));
        if (rc == 0 && p->has_linf) {
            /* The table is built for this linf_max: the public input must
             * be the same number. */
            zkfl_var k;
            rc = zkfl_var_const_i64(&k, c, (int64_t)p->linf_max);
            if (rc == 0) rc = zkfl_circuit_assert_eq(c, linf_max, &k, "update.linf_max.table", 0);
            off = *linf_max;
        } else if (rc == 0) {
            rc = zkfl_var_const(&off, c, &half);
        }
        for (size_t i = 0; rc == 0 && i < d; i++) {
            zkfl_var key;
            rc = zkfl_var_add(&key, c, &u[i], &off);
            if (rc == 0)
                rc = circ_rangecheck_add_direct(rg.lookup, &key, p->has_linf ? "update.linf_max" : "update.bits",
                                                (uint32_t)i);
        }
        if (rc == 0 && p->has_nonzero) rc = circ_rangecheck_direct_count(&zeros_direct, rg.lookup, (uint32_t)offset);
    }
    zkfl_var *isz = p->has_nonzero && !direct ? malloc(d * sizeof *isz) : NULL;
    if (rc == 0 && p->has_nonzero && !direct && isz == NULL) rc = ZKFL_ERR_NOMEM;
    for (size_t i = 0; rc == 0 && !direct && i < d; i++) {
        if (p->has_linf) {
            /* u + M and M - u both in [0, 2^w) with 2M < 2^w: then
             * u + M <= 2M, i.e. -M <= u <= M (nothing wraps: 2^w << r). */
            zkfl_var lo, hi;
            rc = zkfl_var_add(&lo, c, &u[i], linf_max);
            if (rc == 0) rc = zkfl_var_sub(&hi, c, linf_max, &u[i]);
            if (rc == 0) rc = range(&rg, &lo, linf_bits, 0, "update.linf_max.low", (uint32_t)i);
            if (rc == 0) rc = range(&rg, &hi, linf_bits, 0, "update.linf_max.high", (uint32_t)i);
        } else {
            zkfl_var hv, sh;
            rc = zkfl_var_const(&hv, c, &half);
            if (rc == 0) rc = zkfl_var_add(&sh, c, &u[i], &hv);
            if (rc == 0) rc = range(&rg, &sh, p->bits, 1, "update.bits", (uint32_t)i);
        }
        if (rc == 0 && p->has_nonzero) rc = zkfl_gadget_is_zero(&isz[i], c, &u[i], "update.nonzero_min", (uint32_t)i);
    }
    if (rc == 0 && p->has_l2) {
        zkfl_var sum, slack;
        rc = zkfl_gadget_sum_squares(&sum, c, u, d, "update.l2_max.square");
        if (rc == 0) rc = zkfl_var_sub(&slack, c, l2_max, &sum);
        if (rc == 0) rc = range(&rg, &slack, p->l2_max ? circ_bitlen(p->l2_max) : 1, 0, "update.l2_max", 0);
    }
    if (rc == 0 && p->has_nonzero) {
        /* count = d - sum is_zero_i; count - nonzero_min in [0, 2^bitlen(d)). */
        zkfl_var zeros, dv, count, slack;
        if (direct) zeros = zeros_direct;
        else rc = zkfl_var_sum(&zeros, c, isz, NULL, d);
        if (rc == 0) rc = zkfl_var_const_i64(&dv, c, (int64_t)d);
        if (rc == 0) rc = zkfl_var_sub(&count, c, &dv, &zeros);
        if (rc == 0) rc = zkfl_var_sub(&slack, c, &count, nz_min);
        if (rc == 0) rc = range(&rg, &slack, circ_bitlen(d), 0, "update.nonzero_min.count", 0);
    }
    if (rc == 0 && (s_min || s_max)) {
        zkfl_var n;
        if (s_pub) {
            n = *s_pub;
        } else {
            zkfl_fr v;
            zkfl_fr_set_u64(&v, witness ? w->num_samples : 0);
            rc = zkfl_circuit_private(&n, c, &v);
            /* The lookup derives top limbs from the checked values, so
             * everything they depend on must be committed before the
             * challenge: u is (group 0); the private count joins the
             * lookup group. */
            if (rc == 0 && rg.lookup) rc = zkfl_rangecheck_commit_wire(rg.lookup, zkfl_var_wire(&n));
        }
        zkfl_var slack;
        if (rc == 0 && s_min) {
            rc = zkfl_var_sub(&slack, c, &n, s_min);
            if (rc == 0) rc = range(&rg, &slack, 64, 0, "metadata.num_samples.min", 0);
        }
        if (rc == 0 && s_max) {
            rc = zkfl_var_sub(&slack, c, s_max, &n);
            if (rc == 0) rc = range(&rg, &slack, 64, 0, "metadata.num_samples.max", 0);
        }
    }
    if (rc == 0 && round) rc = bind_public(c, round, "bind.round");
    if (rc == 0 && client) rc = bind_public(c, client, "bind.client_id");
    if (rc == 0 && model) rc = bind_public(c, &model[0], "bind.model_hash.high");
    if (rc == 0 && model) rc = bind_public(c, &model[1], "bind.model_hash.low");
    if (rg.lookup) {
        if (rc == 0) rc = zkfl_rangecheck_close(rg.lookup);
        else zkfl_rangecheck_free(rg.lookup);
    }
    free(isz);
    free(u);
    return rc;
}

int zkfl_rules_circuit(zkfl_circuit **out, const zkfl_rules *r, const zkfl_compliance_witness *w)
{
    if (out == NULL || r == NULL || (w && w->update == NULL)) return ZKFL_ERR_INVALID_ARG;
    circ_clear_error();
    if (!r->dim_set) return circ_fail(ZKFL_ERR_INVALID_ARG, "rules: dim is not set");
    if (w) {
        int rc = check_witness(&r->p, w);
        if (rc != 0) return rc;
    }
    zkfl_circuit *c;
    int rc = zkfl_circuit_new(&c, w ? ZKFL_CIRCUIT_WITNESS : ZKFL_CIRCUIT_SHAPE);
    if (rc != 0) return rc;
    rc = build(c, &r->p, w);
    if (rc != 0) {
        zkfl_circuit_free(c);
        return rc;
    }
    *out = c;
    return 0;
}
