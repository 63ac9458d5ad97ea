/* layer: snark */
/* The commit-carrying Groth16 phase-2 transcript decoder on arbitrary
 * bytes: no crash, no leak; an accepted transcript re-encodes to the same
 * bytes. */
#include <stdlib.h>
#include <string.h>
#include "zkfl/cgroth16.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    zkfl_cgroth16_ceremony *c = NULL;
    if (zkfl_cgroth16_ceremony_read_mem(&c, data, size, "fuzz.ceremony") == 0) {
        uint8_t *out = NULL;
        size_t len = 0;
        if (zkfl_cgroth16_ceremony_write_mem(&out, &len, c) != 0 || len != size || memcmp(out, data, size) != 0)
            abort();
        free(out);
        zkfl_cgroth16_ceremony_free(c);
    }
    return 0;
}
