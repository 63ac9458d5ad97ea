/* layer: snark */
/* Fuzzes the .r1cs reader (zkfl_r1cs_read_mem, which the file reader
 * uses too). Rejected input must leave no object and an error message;
 * accepted input must re-encode, and the re-encoding must read back and
 * encode to the same bytes. */
#include <stdlib.h>
#include <string.h>
#include "zkfl/snark.h"

static void require(int cond)
{
    if (!cond) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    zkfl_r1cs *a = NULL, *b = NULL;
    if (zkfl_r1cs_read_mem(&a, data, size, "fuzz.r1cs") != 0) {
        require(a == NULL && zkfl_snark_last_error()[0] != 0);
        return 0;
    }
    /* A satisfiable-looking witness exercises the evaluation path. */
    size_t nw = zkfl_r1cs_n_wires(a);
    zkfl_fr *w = calloc(nw, sizeof *w);
    require(w != NULL);
    zkfl_fr_set_one(&w[0]);
    size_t failing;
    int rc = zkfl_r1cs_check(a, w, &failing);
    require(rc == 0 || (rc == ZKFL_ERR_UNSATISFIED && failing < zkfl_r1cs_n_constraints(a)));
    free(w);
    uint8_t *e1, *e2;
    size_t l1, l2;
    require(zkfl_r1cs_write_mem(&e1, &l1, a) == 0);
    require(zkfl_r1cs_read_mem(&b, e1, l1, "again.r1cs") == 0);
    require(zkfl_r1cs_write_mem(&e2, &l2, b) == 0);
    require(l1 == l2 && memcmp(e1, e2, l1) == 0);
    free(e1); free(e2);
    zkfl_r1cs_free(a); zkfl_r1cs_free(b);
    return 0;
}
