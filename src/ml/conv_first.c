/* Direct convolution for a single-channel first layer (Fashion-MNIST's conv1).
 * Through im2col + sgemm this layer is a GEMM with K = 25 and N = out
 * channels (6 for LeNet): OpenBLAS then spends its time packing a 25-column
 * copy of every image and runs at a fraction of its speed, and the im2col
 * copy itself cost as much again. Here each output pixel's channels are
 * accumulated in registers, 16 channels (one AVX-512 vector) at a time, over
 * the 25 taps read straight from the image; the weight gradient keeps all 25
 * taps x 16 channels of accumulators in registers while it streams over the
 * pixels. No input gradient: the first layer has nothing below it. */
#include <string.h>
#include "ml/ml_internal.h"

/* -std=c11 turns floating-point contraction off, which would split every
 * multiply-add of these kernels into two instructions; the accumulation
 * order is ours either way, so let the compiler fuse them. */
#if defined(__clang__)
#pragma clang fp contract(fast)
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=fast")
#endif

#define TAPS (ML_KERNEL * ML_KERNEL)
#define BLOCK 16

/* GCC/Clang vector extension: one AVX-512 register with -march=native, a
 * group of narrower registers in the portable build (same results). */
typedef float v16 __attribute__((vector_size(BLOCK * sizeof(float))));
typedef int32_t v16i __attribute__((vector_size(BLOCK * sizeof(float))));

/* wt[t] = channels ob..ob+15 of tap t's weights, zero past the last channel,
 * so every block computes a full vector. */
static void transpose_block(v16 wt[TAPS], const float *w, size_t ob, size_t nb)
{
    memset(wt, 0, sizeof(v16) * TAPS);
    for (size_t j = 0; j < nb; j++)
        for (size_t t = 0; t < TAPS; t++)
            wt[t][j] = w[(ob + j) * TAPS + t];
}

void ml_conv_first_forward(float *out, const float *in, const float *w, const float *bias,
                           const struct ml_layer *l, size_t b)
{
    size_t oc = l->out_c, iw = l->in_w;
    for (size_t ob = 0; ob < oc; ob += BLOCK) {
        size_t nb = oc - ob < BLOCK ? oc - ob : BLOCK;
        v16 wt[TAPS], b0 = {0};
        transpose_block(wt, w, ob, nb);
        memcpy(&b0, bias + ob, nb * sizeof(float));
        for (size_t e = 0; e < b; e++) {
            const float *img = in + e * l->in_size;
            float *o = out + e * l->out_size + ob;
            for (size_t oy = 0; oy < l->out_h; oy++)
                for (size_t ox = 0; ox < l->out_w; ox++) {
                    v16 acc = b0;
                    for (size_t ky = 0; ky < ML_KERNEL; ky++) {
                        const float *row = img + (oy + ky) * iw + ox;
                        for (size_t kx = 0; kx < ML_KERNEL; kx++)
                            acc += row[kx] * wt[ky * ML_KERNEL + kx];
                    }
                    v16i positive = acc > (v16){0};
                    acc = (v16)((v16i)acc & positive);
                    memcpy(o + (oy * l->out_w + ox) * oc, &acc, nb * sizeof(float));
                }
        }
    }
}

/* Adds one example's weight and bias gradient blocks to acc / bacc. */
static void wgrad_example(v16 acc[TAPS], v16 *bacc, const float *img, const float *d,
                          const struct ml_layer *l, size_t ob, size_t nb)
{
    size_t oc = l->out_c, iw = l->in_w;
    v16 bsum = *bacc;
    for (size_t oy = 0; oy < l->out_h; oy++)
        for (size_t ox = 0; ox < l->out_w; ox++) {
            v16 dv = {0};
            memcpy(&dv, d + (oy * l->out_w + ox) * oc + ob, nb * sizeof(float));
            bsum += dv;
            for (size_t ky = 0; ky < ML_KERNEL; ky++) {
                const float *row = img + (oy + ky) * iw + ox;
                for (size_t kx = 0; kx < ML_KERNEL; kx++)
                    acc[ky * ML_KERNEL + kx] += row[kx] * dv;
            }
        }
    *bacc = bsum;
}

void ml_conv_first_wgrad(float *gw, float *gb, const float *in, const float *d,
                         const struct ml_layer *l, size_t b)
{
    size_t oc = l->out_c;
    for (size_t ob = 0; ob < oc; ob += BLOCK) {
        size_t nb = oc - ob < BLOCK ? oc - ob : BLOCK;
        v16 acc[TAPS], bacc = {0};
        memset(acc, 0, sizeof acc);
        for (size_t e = 0; e < b; e++)
            wgrad_example(acc, &bacc, in + e * l->in_size, d + e * l->out_size, l, ob, nb);
        for (size_t j = 0; j < nb; j++) {
            for (size_t t = 0; t < TAPS; t++)
                gw[(ob + j) * TAPS + t] = acc[t][j];
            gb[ob + j] = bacc[j];
        }
    }
}
