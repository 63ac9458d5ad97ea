/* layer: snark */
/* The commit-carrying Groth16 key decoders (verification key, proving key)
 * on arbitrary bytes: no crash, no leak; an accepted verification key
 * re-encodes to the same bytes. */
#include <stdlib.h>
#include <string.h>
#include "zkfl/cgroth16.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    zkfl_cgroth16_vk *vk = NULL;
    if (zkfl_cgroth16_vk_read_mem(&vk, data, size, "fuzz.vk") == 0) {
        uint8_t *out = NULL;
        size_t len = 0;
        if (zkfl_cgroth16_vk_write_mem(&out, &len, vk) != 0 || len != size || memcmp(out, data, size) != 0)
            abort();
        free(out);
        zkfl_cgroth16_vk_free(vk);
    }
    zkfl_cgroth16_pk *pk = NULL;
    if (zkfl_cgroth16_pk_read_mem(&pk, data, size, "fuzz.pk") == 0)
        zkfl_cgroth16_pk_free(pk);
    return 0;
}
