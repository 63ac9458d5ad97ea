/* layer: snark */
/* Fuzzes the prover's .zkey reader (zkfl_zkey_read_prover_mem, whose point
 * arrays may point into the input). Rejected input must leave no object
 * and an error message, and the full reader must reject it too (the
 * prover's reader checks a subset); input both accept must give the same
 * key. */
#include <stdlib.h>
#include <string.h>
#include "zkfl/snark.h"

static void require(int cond)
{
    if (!cond) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    zkfl_zkey *p = NULL, *f = NULL;
    int rp = zkfl_zkey_read_prover_mem(&p, data, size, "fuzz.zkey");
    int rf = zkfl_zkey_read_mem(&f, data, size, "fuzz.zkey");
    if (rp != 0) {
        require(p == NULL && rf != 0);
        return 0;
    }
    if (rf == 0) {
        size_t nv = p->n_vars, np = (size_t)p->n_public + 1;
        require(p->n_vars == f->n_vars && p->n_public == f->n_public && p->domain_size == f->domain_size &&
                p->n_coefs == f->n_coefs && p->n_contributions == f->n_contributions);
        require(memcmp(p->coefs, f->coefs, p->n_coefs * sizeof *p->coefs) == 0);
        require(memcmp(p->ic, f->ic, np * sizeof *p->ic) == 0);
        require(memcmp(p->a, f->a, nv * sizeof *p->a) == 0 && memcmp(p->b1, f->b1, nv * sizeof *p->b1) == 0);
        require(memcmp(p->b2, f->b2, nv * sizeof *p->b2) == 0 && memcmp(p->c, f->c, (nv - np) * sizeof *p->c) == 0);
        require(memcmp(p->h, f->h, (size_t)p->domain_size * sizeof *p->h) == 0);
    }
    zkfl_zkey_free(p);
    zkfl_zkey_free(f);
    return 0;
}
