/* layer: snark */
/* snarkjs verification_key.json decoder on arbitrary bytes: no crash, no
 * leak; an accepted key re-encodes to an equal key. */
#include <stdlib.h>
#include <string.h>
#include "zkfl/groth16.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[256];
    zkfl_groth16_vk vk, vk2;
    if (zkfl_groth16_vk_from_json(&vk, (const char *)data, size, err, sizeof err) != 0)
        return 0;
    char *text = zkfl_groth16_vk_to_json(&vk);
    if (text == NULL || zkfl_groth16_vk_from_json(&vk2, text, strlen(text), err, sizeof err) != 0)
        abort();
    if (vk2.n_public != vk.n_public || memcmp(vk.ic, vk2.ic, (vk.n_public + 1) * sizeof *vk.ic) != 0 ||
        !zkfl_fp12_eq(&vk.alphabeta, &vk2.alphabeta))
        abort();
    free(text);
    zkfl_groth16_vk_free(&vk2);
    zkfl_groth16_vk_free(&vk);
    return 0;
}
