/* Internal pieces of the ml layer shared between its files (and the fuzz
 * targets): error reporting, the layer graph of a model, batch workspaces. */
#ifndef ZKFL_ML_INTERNAL_H
#define ZKFL_ML_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include "zkfl/ml.h"

/* Records a formatted message for zkfl_ml_last_error() and returns err. */
int ml_fail(int err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ml_clear_error(void);

/* Sets OpenBLAS' process-wide thread count (loading it first, blas.h). */
void ml_blas_threads(int threads);
int ml_resolve_threads(int threads);

enum ml_layer_type { ML_DENSE = 1, ML_CONV = 2, ML_POOL = 3 };
#define ML_MAX_LAYERS 16
#define ML_KERNEL 5

/* One layer of the network. Activations are per example in HWC order;
 * dense layers see them as flat vectors. */
struct ml_layer {
    int type;
    int relu;                 /* ReLU applied to the output */
    size_t in_size, out_size; /* floats per example */
    size_t in_h, in_w, in_c;  /* conv/pool input shape */
    size_t out_h, out_w, out_c;
    size_t w_off, b_off;      /* offsets into the flat parameter vector */
    size_t w_count, b_count;
    size_t fan_in;
};

struct zkfl_model {
    zkfl_model_spec spec;
    int n_layers;
    struct ml_layer layers[ML_MAX_LAYERS];
    size_t n_params;
    size_t in_dim;
    float *params;
};

/* Validates a spec, fills defaults in a copy (canonical form). */
int ml_spec_normalize(zkfl_model_spec *out, const zkfl_model_spec *in);
/* Builds the layer list and parameter count of a normalized spec. */
int ml_model_build(struct zkfl_model *m);
/* Allocates a model for a normalized spec with zeroed parameters. */
int ml_model_alloc(struct zkfl_model **out, const zkfl_model_spec *spec);

/* Scratch memory for forward/backward passes over up to `cap` examples,
 * allocated once and reused for every batch. */
struct ml_workspace {
    size_t cap;
    float *input;              /* cap x in_dim */
    int32_t *labels;           /* cap */
    float *act[ML_MAX_LAYERS]; /* cap x out_size of each layer */
    float *cols[ML_MAX_LAYERS];/* im2col buffers of conv layers */
    int32_t *argmax[ML_MAX_LAYERS]; /* pool layers: winning input index */
    float *delta_a, *delta_b;  /* cap x max activation size */
    float *dcols;              /* col2im scratch */
    float *probs;              /* cap x n_classes */
};

/* The first layer, when it is a convolution over a single channel, runs as
 * a direct convolution (conv_first.c) instead of im2col + sgemm; it needs
 * no im2col buffer and no input gradient. */
static inline int ml_conv_is_direct(const struct ml_layer *l, int index)
{
    return l->type == ML_CONV && index == 0 && l->in_c == 1;
}
/* out = ReLU(conv(in) + bias) over b examples (HWC activations). */
void ml_conv_first_forward(float *out, const float *in, const float *w, const float *bias,
                           const struct ml_layer *l, size_t b);
/* Weight (out_c x 25) and bias gradients summed over b examples, from the
 * output deltas d (ReLU mask already applied); overwrites gw and gb. */
void ml_conv_first_wgrad(float *gw, float *gb, const float *in, const float *d,
                         const struct ml_layer *l, size_t b);

int ml_workspace_new(struct ml_workspace **out, const struct zkfl_model *m, size_t cap);
void ml_workspace_free(struct ml_workspace *ws);
/* Copies examples idx[0..b) of ds (or rows first..first+b when idx is NULL)
 * into ws->input / ws->labels. */
void ml_gather(struct ml_workspace *ws, const struct zkfl_model *m, const zkfl_dataset *ds,
               const uint32_t *idx, size_t first, size_t b);
/* Forward pass on ws->input (b examples); returns the logits (b x classes). */
const float *ml_forward(const struct zkfl_model *m, const float *params,
                        struct ml_workspace *ws, size_t b);
/* Softmax cross-entropy of the logits: sums per-example losses into *loss_sum,
 * writes per-example losses when non-NULL, counts correct predictions, and
 * leaves d(loss * scale)/d(logits) in ws->delta_a. */
void ml_softmax_xent(const struct zkfl_model *m, struct ml_workspace *ws, const float *logits,
                     size_t b, float scale, double *loss_sum, float *losses, size_t *correct);
/* Backward pass from ws->delta_a; writes the full gradient into grad. */
void ml_backward(const struct zkfl_model *m, const float *params, struct ml_workspace *ws,
                 size_t b, float *grad);

/* Backward pass from ws->delta_a computed with scale 1 (summed loss): row e
 * of grads (b x num_params) gets example e's own gradient. */
void ml_backward_per_example(const struct zkfl_model *m, const float *params,
                             struct ml_workspace *ws, size_t b, float *grads, int threads);

/* Validates a dataset against a model's input (dim, classes, indices). */
int ml_check_data(const struct zkfl_model *m, const zkfl_dataset *ds, const uint32_t *idx, size_t n);

/* IDX decoding from any byte source (files through zlib, memory for fuzzing). */
struct ml_source {
    void *ctx;
    /* Reads up to len bytes; returns the count (< len at end), or -1 on error. */
    long long (*read)(void *ctx, uint8_t *buf, size_t len);
    const char *name;
};
/* n gets the number of examples kept (at most max_n when max_n > 0),
 * declared the count in the header; the whole file is read and checked. */
int ml_idx_read_images(float **pixels, size_t *n, uint32_t *declared, uint32_t *rows,
                       uint32_t *cols, struct ml_source *src, size_t max_n);
int ml_idx_read_labels(int32_t **labels, size_t *n, uint32_t *declared, struct ml_source *src,
                       size_t max_n);

#endif
