/* layer: snark */
/* The commit-carrying Groth16 proof decoder on arbitrary bytes: no crash,
 * and accepted proofs re-encode to the same bytes. */
#include <stdlib.h>
#include <string.h>
#include "zkfl/cgroth16.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    zkfl_cgroth16_proof p;
    if (zkfl_cgroth16_proof_from_bytes(&p, data, size) != 0)
        return 0;
    uint8_t *again = malloc(size);
    if (again == NULL)
        return 0;
    if (zkfl_cgroth16_proof_to_bytes(again, size, &p) != 0 || memcmp(again, data, size) != 0)
        abort();
    free(again);
    return 0;
}
