/* layer: snark */
/* Fuzzes the .zkey reader (zkfl_zkey_read_mem, which the file reader
 * uses too). Rejected input must leave no object and an error message;
 * accepted input must re-encode, and the re-encoding must read back and
 * encode to the same bytes. */
#include <stdlib.h>
#include <string.h>
#include "zkfl/groth16.h"
#include "zkfl/snark.h"

static void require(int cond)
{
    if (!cond) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    zkfl_zkey *a = NULL, *b = NULL;
    if (zkfl_zkey_read_mem(&a, data, size, "fuzz.zkey") != 0) {
        require(a == NULL && zkfl_snark_last_error()[0] != 0);
        return 0;
    }
    uint8_t *e1, *e2;
    size_t l1, l2;
    require(zkfl_zkey_write_mem(&e1, &l1, a) == 0);
    require(zkfl_zkey_read_mem(&b, e1, l1, "again.zkey") == 0);
    require(zkfl_zkey_write_mem(&e2, &l2, b) == 0);
    require(l1 == l2 && memcmp(e1, e2, l1) == 0);
    /* Its verification key holds the same points (zkfl_groth16_vk_finish
     * checks them again and may refuse what the file format allows). */
    zkfl_groth16_vk vk;
    if (zkfl_groth16_vk_from_zkey(&vk, a) == 0) {
        require(vk.n_public == a->n_public && memcmp(vk.ic, a->ic, (vk.n_public + 1) * sizeof *vk.ic) == 0);
        zkfl_groth16_vk_free(&vk);
    }
    free(e1); free(e2);
    zkfl_zkey_free(a); zkfl_zkey_free(b);
    return 0;
}
