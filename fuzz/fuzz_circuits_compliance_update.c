/* layer: circuits */
/* The update file decoder (ZKUP, docs/PROTOCOL.md) on arbitrary bytes: no
 * crash, and accepted files re-encode to the same bytes. */
#include <stdlib.h>
#include <string.h>
#include "zkfl/compliance.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int64_t *u = NULL;
    size_t d = 0;
    if (zkfl_update_file_read(&u, &d, data, size, "fuzz.bin") != 0)
        return 0;
    uint8_t *again = NULL;
    size_t len = 0;
    if (zkfl_update_file_write(&again, &len, u, d) != 0 || len != size || memcmp(again, data, size) != 0)
        abort();
    free(again);
    free(u);
    return 0;
}
