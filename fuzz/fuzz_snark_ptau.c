/* layer: snark */
/* Fuzzes the .ptau reader (zkfl_ptau_read_mem, which the file reader
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
    zkfl_ptau *a = NULL, *b = NULL;
    if (zkfl_ptau_read_mem(&a, data, size, "fuzz.ptau") != 0) {
        require(a == NULL && zkfl_snark_last_error()[0] != 0);
        return 0;
    }
    uint8_t *e1, *e2;
    size_t l1, l2;
    require(zkfl_ptau_write_mem(&e1, &l1, a) == 0);
    require(zkfl_ptau_read_mem(&b, e1, l1, "again.ptau") == 0);
    require(zkfl_ptau_write_mem(&e2, &l2, b) == 0);
    require(l1 == l2 && memcmp(e1, e2, l1) == 0);
    free(e1); free(e2);
    zkfl_ptau_free(a); zkfl_ptau_free(b);
    return 0;
}
