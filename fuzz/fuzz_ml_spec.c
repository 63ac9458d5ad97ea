/* layer: ml */
/* Model spec text ("mlp:256,128", "cnn:6,16,120") on hostile strings: a
 * parsed spec must format back to text that parses to the same spec. */
#include <stdlib.h>
#include <string.h>
#include "zkfl/ml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char text[256];
    if (size >= sizeof text)
        size = sizeof text - 1;
    memcpy(text, data, size);
    text[size] = '\0';
    zkfl_model_spec a, b;
    if (zkfl_model_spec_parse(&a, text, 1, 28, 28, 10) != 0)
        return 0;
    char back[256];
    if (zkfl_model_spec_format(back, sizeof back, &a) != 0 ||
        zkfl_model_spec_parse(&b, back, 1, 28, 28, 10) != 0 || memcmp(&a, &b, sizeof a) != 0)
        abort();
    return 0;
}
