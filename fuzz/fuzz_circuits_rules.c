/* layer: circuits */
/* Rules-file parser on arbitrary bytes: no crash, no leak; accepted rules
 * hash deterministically and (for small dims) compile to the same R1CS
 * twice. */
#include <stdlib.h>
#include <string.h>
#include "zkfl/circuits.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    zkfl_rules *r = NULL;
    if (zkfl_rules_parse(&r, (const char *)data, size, "fuzz.json") != 0) {
        if (r != NULL || zkfl_circuits_last_error()[0] == '\0') abort();
        return 0;
    }
    const zkfl_rules_params *p = zkfl_rules_get(r);
    uint32_t dim = p->dim ? p->dim : 16;
    if (p->has_nonzero && p->nonzero_min > dim) dim = p->nonzero_min;
    if (zkfl_rules_set_dim(r, dim) != 0) abort();
    uint8_t h1[32], h2[32];
    if (zkfl_rules_hash(h1, r) != 0 || zkfl_rules_hash(h2, r) != 0 || memcmp(h1, h2, 32) != 0) abort();
    if (dim <= 64) {
        zkfl_circuit *a, *b;
        if (zkfl_rules_circuit(&a, r, NULL) != 0 || zkfl_rules_circuit(&b, r, NULL) != 0) abort();
        uint8_t *ba, *bb;
        size_t la, lb;
        if (zkfl_r1cs_write_mem(&ba, &la, zkfl_circuit_r1cs(a)) != 0 ||
            zkfl_r1cs_write_mem(&bb, &lb, zkfl_circuit_r1cs(b)) != 0 || la != lb || memcmp(ba, bb, la) != 0)
            abort();
        if (zkfl_circuit_n_public(a) != zkfl_rules_n_public(r)) abort();
        free(ba);
        free(bb);
        zkfl_circuit_free(a);
        zkfl_circuit_free(b);
    }
    zkfl_rules_free(r);
    return 0;
}
