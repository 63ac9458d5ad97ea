/* layer: ml */
/* IDX image and label decoders on hostile bytes read from memory (the same
 * code the gzip file loader drives). */
#include <stdlib.h>
#include <string.h>
#include "ml/ml_internal.h"

struct mem {
    const uint8_t *p;
    size_t left;
};

static long long mem_read(void *ctx, uint8_t *buf, size_t len)
{
    struct mem *m = ctx;
    size_t n = len < m->left ? len : m->left;
    memcpy(buf, m->p, n);
    m->p += n;
    m->left -= n;
    return (long long)n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct mem m = {data, size};
    struct ml_source src = {&m, mem_read, "fuzz-images"};
    float *px;
    size_t n;
    uint32_t decl, r, c;
    if (ml_idx_read_images(&px, &n, &decl, &r, &c, &src, 3) == 0) {
        if (n == 0 || n > 3 || n > decl)
            abort();
        free(px);
    }
    struct mem m2 = {data, size};
    struct ml_source src2 = {&m2, mem_read, "fuzz-labels"};
    int32_t *y;
    if (ml_idx_read_labels(&y, &n, &decl, &src2, 0) == 0) {
        if (n != decl)
            abort();
        free(y);
    }
    return 0;
}
