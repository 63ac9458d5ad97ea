/* .r1cs version 1 (iden3 r1csfile / circom) reading and writing.
 * Section 1 header: n8, prime, nWires, nPubOut, nPubIn, nPrvIn, nLabels
 * (u64), nConstraints. Section 2: per constraint A, B, C as u32 nTerms then
 * (u32 wire, n8-byte little-endian canonical coefficient). Section 3: nWires
 * u64 labels. Sections 4/5 (custom gates) are not supported. */
#include <stdlib.h>
#include <string.h>
#include "snark/binfile_write.h"
#include "snark/r1cs_internal.h"

enum { SEC_HEADER = 1, SEC_CONSTRAINTS = 2, SEC_MAP = 3, SEC_GATES_LIST = 4, SEC_GATES_USES = 5 };

static int read_constraints(zkfl_r1cs *cs, const zkfl_binfile *bf, const zkfl_bin_section *s,
                            uint32_t n_constraints)
{
    /* Each term takes 36 bytes and each linear combination at least 4, which
     * bounds both counts by the section size before allocating. */
    if ((uint64_t)n_constraints * 12 > s->size)
        return zkfl_snark_fail(ZKFL_ERR_FORMAT, "%s: section 2 (constraints): %u constraints cannot fit in %llu bytes",
                               bf->name, n_constraints, (unsigned long long)s->size);
    size_t max_terms = (size_t)(s->size / 36);
    int err = zkfl_r1cs_reserve(cs, n_constraints, max_terms ? max_terms : 1);
    if (err) return err;
    zkfl_cursor c;
    zkfl_cursor_init(&c, bf, s, "2 (constraints)");
    for (uint32_t i = 0; i < n_constraints; i++) {
        for (int k = 0; k < 3; k++) {
            uint32_t n;
            if ((err = zkfl_cursor_u32(&n, &c)) != 0) return err;
            if ((uint64_t)n * 36 > c.left)
                return zkfl_snark_fail(ZKFL_ERR_FORMAT, "%s: section 2 (constraints): constraint %u %c has %u terms, more than the section holds",
                                       bf->name, i, "ABC"[k], n);
            for (uint32_t t = 0; t < n; t++) {
                const uint8_t *p = c.p;
                c.p += 36;
                c.left -= 36;
                zkfl_lc_term *term = &cs->terms[cs->n_terms];
                term->wire = zkfl_load_u32le(p);
                if (term->wire >= cs->n_wires)
                    return zkfl_snark_fail(ZKFL_ERR_FORMAT, "%s: section 2 (constraints): constraint %u %c uses wire %u, only %u wires exist",
                                           bf->name, i, "ABC"[k], term->wire, cs->n_wires);
                if (zkfl_fr_from_bytes_le(&term->coeff, p + 4) != 0)
                    return zkfl_snark_fail(ZKFL_ERR_NOT_CANONICAL, "%s: section 2 (constraints): constraint %u %c has a coefficient >= r",
                                           bf->name, i, "ABC"[k]);
                cs->n_terms++;
            }
            cs->offs[3 * (size_t)i + k + 1] = cs->n_terms;
        }
        cs->n_constraints++;
    }
    return zkfl_cursor_end(&c);
}

static int read_body(zkfl_r1cs **out, const zkfl_binfile *bf)
{
    if (zkfl_binfile_has(bf, SEC_GATES_LIST) || zkfl_binfile_has(bf, SEC_GATES_USES))
        return zkfl_snark_fail(ZKFL_ERR_UNSUPPORTED, "%s: custom gates (sections 4/5, circom PLONK gates) are not supported",
                               bf->name);
    const zkfl_bin_section *sh, *sc, *sm;
    int err;
    if ((err = zkfl_binfile_section(&sh, bf, SEC_HEADER, "header")) != 0) return err;
    if ((err = zkfl_binfile_section(&sc, bf, SEC_CONSTRAINTS, "constraints")) != 0) return err;
    if ((err = zkfl_binfile_section(&sm, bf, SEC_MAP, "wire-to-label map")) != 0) return err;
    zkfl_cursor c;
    zkfl_cursor_init(&c, bf, sh, "1 (header)");
    uint32_t n_wires, n_out, n_pub, n_prv, n_constraints;
    uint64_t n_labels;
    if ((err = zkfl_cursor_prime(&c, zkfl_bn254_r_le, "scalar")) != 0) return err;
    if ((err = zkfl_cursor_u32(&n_wires, &c)) || (err = zkfl_cursor_u32(&n_out, &c)) ||
        (err = zkfl_cursor_u32(&n_pub, &c)) || (err = zkfl_cursor_u32(&n_prv, &c)) ||
        (err = zkfl_cursor_u64(&n_labels, &c)) || (err = zkfl_cursor_u32(&n_constraints, &c)))
        return err;
    if ((err = zkfl_cursor_end(&c)) != 0) return err;
    if (n_wires == 0 || 1 + (uint64_t)n_out + n_pub + n_prv > n_wires)
        return zkfl_snark_fail(ZKFL_ERR_FORMAT, "%s: section 1 (header): %u wires cannot hold the one, %u outputs, %u public and %u private inputs",
                               bf->name, n_wires, n_out, n_pub, n_prv);
    if (n_labels < n_wires)
        return zkfl_snark_fail(ZKFL_ERR_FORMAT, "%s: section 1 (header): %llu labels for %u wires",
                               bf->name, (unsigned long long)n_labels, n_wires);
    if (sm->size != (uint64_t)n_wires * 8)
        return zkfl_snark_fail(ZKFL_ERR_FORMAT, "%s: section 3 (wire-to-label map): %llu bytes, expected %llu for %u wires",
                               bf->name, (unsigned long long)sm->size, (unsigned long long)n_wires * 8, n_wires);
    zkfl_r1cs *cs;
    if ((err = zkfl_r1cs_alloc(&cs, n_wires, n_out, n_pub, n_prv)) != 0) return err;
    cs->n_labels = n_labels;
    cs->labels = malloc((size_t)n_wires * sizeof *cs->labels);
    if (cs->labels == NULL) { zkfl_r1cs_free(cs); return ZKFL_ERR_NOMEM; }
    cs->labels_cap = n_wires;
    const uint8_t *m = bf->buf + sm->offset;
    for (uint32_t i = 0; i < n_wires; i++) {
        cs->labels[i] = zkfl_load_u64le(m + 8 * (size_t)i);
        if (cs->labels[i] >= n_labels) {
            unsigned long long label = (unsigned long long)cs->labels[i];
            zkfl_r1cs_free(cs);
            return zkfl_snark_fail(ZKFL_ERR_FORMAT, "%s: section 3 (wire-to-label map): wire %u has label %llu >= %llu labels",
                                   bf->name, i, label, (unsigned long long)n_labels);
        }
    }
    if ((err = read_constraints(cs, bf, sc, n_constraints)) != 0) {
        zkfl_r1cs_free(cs);
        return err;
    }
    *out = cs;
    return 0;
}

int zkfl_r1cs_read_mem(zkfl_r1cs **out, const uint8_t *buf, size_t len, const char *name)
{
    if (out == NULL) return ZKFL_ERR_INVALID_ARG;
    *out = NULL;
    zkfl_binfile bf;
    int err = zkfl_binfile_open(&bf, buf, len, name, "r1cs", 1);
    if (err) return err;
    err = read_body(out, &bf);
    zkfl_binfile_close(&bf);
    return err;
}

int zkfl_r1cs_read(zkfl_r1cs **out, const char *path)
{
    if (out == NULL || path == NULL) return ZKFL_ERR_INVALID_ARG;
    zkfl_mapped_file m;
    int err = zkfl_map_file(&m, path);
    if (err) return err;
    err = zkfl_r1cs_read_mem(out, m.buf, m.len, path);
    zkfl_unmap_file(&m);
    return err;
}

int zkfl_r1cs_write_mem(uint8_t **out, size_t *out_len, const zkfl_r1cs *cs)
{
    if (out == NULL || out_len == NULL || cs == NULL) return ZKFL_ERR_INVALID_ARG;
    zkfl_binwriter w;
    zkfl_binwriter_init(&w, "r1cs", 1, 3);
    /* circom writes the constraints before the header. */
    zkfl_binwriter_begin(&w, SEC_CONSTRAINTS);
    for (size_t i = 0; i < 3 * cs->n_constraints; i++) {
        zkfl_binwriter_u32(&w, (uint32_t)(cs->offs[i + 1] - cs->offs[i]));
        for (size_t j = cs->offs[i]; j < cs->offs[i + 1]; j++) {
            zkfl_binwriter_u32(&w, cs->terms[j].wire);
            zkfl_binwriter_fr(&w, &cs->terms[j].coeff, 1);
        }
    }
    zkfl_binwriter_end(&w);
    zkfl_binwriter_begin(&w, SEC_HEADER);
    zkfl_binwriter_prime(&w, zkfl_bn254_r_le);
    zkfl_binwriter_u32(&w, cs->n_wires);
    zkfl_binwriter_u32(&w, cs->n_pub_out);
    zkfl_binwriter_u32(&w, cs->n_pub_in);
    zkfl_binwriter_u32(&w, cs->n_prv_in);
    zkfl_binwriter_u64(&w, cs->n_labels);
    zkfl_binwriter_u32(&w, (uint32_t)cs->n_constraints);
    zkfl_binwriter_end(&w);
    zkfl_binwriter_begin(&w, SEC_MAP);
    for (uint32_t i = 0; i < cs->n_wires; i++) zkfl_binwriter_u64(&w, cs->labels ? cs->labels[i] : i);
    zkfl_binwriter_end(&w);
    return zkfl_binwriter_finish(out, out_len, &w);
}

int zkfl_r1cs_write(const char *path, const zkfl_r1cs *cs)
{
    if (path == NULL) return ZKFL_ERR_INVALID_ARG;
    uint8_t *buf = NULL;
    size_t len = 0;
    int err = zkfl_r1cs_write_mem(&buf, &len, cs);
    return zkfl_write_encoded(path, err, buf, len);
}
