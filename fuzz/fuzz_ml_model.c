/* layer: ml */
/* Model decoder on hostile bytes: either rejected, or re-encodes to the
 * exact same bytes (the encoding is canonical). */
#include <stdlib.h>
#include <string.h>
#include "zkfl/ml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    zkfl_model *m;
    if (zkfl_model_deserialize(&m, data, size) != 0)
        return 0;
    uint8_t *enc;
    size_t len;
    if (zkfl_model_serialize(&enc, &len, m) != 0 || len != size || memcmp(enc, data, size) != 0)
        abort();
    free(enc);
    zkfl_model_free(m);
    return 0;
}
