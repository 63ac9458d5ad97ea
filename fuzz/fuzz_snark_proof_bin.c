/* layer: snark */
/* The 128-byte binary proof decoder: only exactly 128 bytes are offered (the
 * CLI checks the length); accepted proofs re-encode to the same bytes. */
#include <stdlib.h>
#include <string.h>
#include "zkfl/groth16.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t buf[ZKFL_GROTH16_PROOF_BYTES];
    memset(buf, 0, sizeof buf);
    memcpy(buf, data, size < sizeof buf ? size : sizeof buf);
    zkfl_groth16_proof p;
    if (zkfl_groth16_proof_from_bytes(&p, buf) != 0)
        return 0;
    uint8_t again[ZKFL_GROTH16_PROOF_BYTES];
    zkfl_groth16_proof_to_bytes(again, &p);
    if (memcmp(again, buf, sizeof buf) != 0)
        abort();
    return 0;
}
