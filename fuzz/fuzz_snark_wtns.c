/* layer: snark */
/* Fuzzes the .wtns reader (zkfl_wtns_read_mem, which the file reader
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
    zkfl_fr *a = NULL, *b = NULL;
    size_t na = 0, nb = 0;
    if (zkfl_wtns_read_mem(&a, &na, data, size, "fuzz.wtns") != 0) {
        require(a == NULL && zkfl_snark_last_error()[0] != 0);
        return 0;
    }
    uint8_t *e1, *e2;
    size_t l1, l2;
    require(zkfl_wtns_write_mem(&e1, &l1, a, na) == 0);
    require(zkfl_wtns_read_mem(&b, &nb, e1, l1, "again.wtns") == 0 && nb == na);
    require(na == 0 || memcmp(a, b, na * sizeof *a) == 0);
    require(zkfl_wtns_write_mem(&e2, &l2, b, nb) == 0);
    require(l1 == l2 && memcmp(e1, e2, l1) == 0);
    free(e1); free(e2); free(a); free(b);
    return 0;
}
