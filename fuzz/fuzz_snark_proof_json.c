/* layer: snark */
/* snarkjs proof.json and public.json decoders on arbitrary bytes: no crash,
 * no leak, and anything accepted re-encodes to JSON that decodes to the
 * same value. */
#include <stdlib.h>
#include <string.h>
#include "zkfl/groth16.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[256];
    zkfl_groth16_proof p, q;
    if (zkfl_groth16_proof_from_json(&p, (const char *)data, size, err, sizeof err) == 0) {
        char *text = zkfl_groth16_proof_to_json(&p);
        if (text == NULL || zkfl_groth16_proof_from_json(&q, text, strlen(text), err, sizeof err) != 0 ||
            memcmp(&p, &q, sizeof p) != 0)
            abort();
        free(text);
    }
    zkfl_fr *pub = NULL;
    size_t n = 0;
    if (zkfl_groth16_public_from_json(&pub, &n, (const char *)data, size, err, sizeof err) == 0) {
        char *text = zkfl_groth16_public_to_json(pub, n);
        zkfl_fr *pub2 = NULL;
        size_t n2 = 0;
        if (text == NULL || zkfl_groth16_public_from_json(&pub2, &n2, text, strlen(text), err, sizeof err) != 0 ||
            n2 != n || (n > 0 && memcmp(pub, pub2, n * sizeof *pub) != 0))
            abort();
        free(pub2);
        free(text);
        free(pub);
    }
    return 0;
}
