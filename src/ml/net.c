/* Forward and backward passes over a mini-batch. Heavy products go through
 * OpenBLAS sgemm: dense layers directly, convolutions after im2col over the
 * whole batch (one GEMM per layer instead of one per example), except a
 * single-channel first convolution, which is direct (conv_first.c). Activations
 * are HWC per example so a kernel row's 5 x channels inputs are contiguous
 * and im2col is a memcpy per kernel row. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "ml/blas.h"
#include "ml/ml_internal.h"

static size_t max_act(const struct zkfl_model *m)
{
    size_t mx = m->in_dim;
    for (int i = 0; i < m->n_layers; i++) {
        if (m->layers[i].out_size > mx) mx = m->layers[i].out_size;
        if (m->layers[i].in_size > mx) mx = m->layers[i].in_size;
    }
    return mx;
}

static size_t conv_rows(const struct ml_layer *l)
{
    return l->out_h * l->out_w;
}

/* Examples per im2col chunk of a conv layer: the chunk's column matrix
 * (and its input-gradient twin) stays in the 1 MiB L2 cache between being
 * written and being multiplied, instead of a whole batch's (6.5 MB for
 * cnn:16,32,128 at batch 64) streaming through memory twice. */
#define ML_COLS_CHUNK_FLOATS (96u * 1024u)
static size_t conv_chunk(const struct ml_layer *l)
{
    size_t per = conv_rows(l) * l->fan_in;
    return per >= ML_COLS_CHUNK_FLOATS ? 1 : ML_COLS_CHUNK_FLOATS / per;
}

void ml_workspace_free(struct ml_workspace *ws)
{
    if (ws == NULL)
        return;
    free(ws->input);
    free(ws->labels);
    for (int i = 0; i < ML_MAX_LAYERS; i++) {
        free(ws->act[i]);
        free(ws->cols[i]);
        free(ws->argmax[i]);
    }
    free(ws->delta_a);
    free(ws->delta_b);
    free(ws->dcols);
    free(ws->probs);
    free(ws);
}

int ml_workspace_new(struct ml_workspace **out, const struct zkfl_model *m, size_t cap)
{
    /* Every model ends in a dense layer, so every pass needs sgemm: loading
     * BLAS here, once per process, lets the passes call it unchecked. */
    int rc = ml_blas_load();
    if (rc != 0)
        return rc;
    struct ml_workspace *ws = calloc(1, sizeof *ws);
    if (ws == NULL)
        return ml_fail(ZKFL_ERR_NOMEM, "ml: out of memory for a workspace");
    ws->cap = cap;
    int ok = 1;
    size_t mx = max_act(m), maxcols = 0;
    ws->input = malloc(cap * m->in_dim * sizeof(float));
    ws->labels = malloc(cap * sizeof(int32_t));
    ok &= ws->input != NULL && ws->labels != NULL;
    for (int i = 0; i < m->n_layers && ok; i++) {
        const struct ml_layer *l = &m->layers[i];
        ws->act[i] = malloc(cap * l->out_size * sizeof(float));
        ok &= ws->act[i] != NULL;
        if (l->type == ML_CONV && !ml_conv_is_direct(l, i)) {
            size_t n = cap * conv_rows(l) * l->fan_in;
            ws->cols[i] = malloc(n * sizeof(float));
            ok &= ws->cols[i] != NULL;
            size_t chunk = conv_chunk(l) < cap ? conv_chunk(l) : cap;
            if (chunk * conv_rows(l) * l->fan_in > maxcols)
                maxcols = chunk * conv_rows(l) * l->fan_in;
        } else if (l->type == ML_POOL) {
            ws->argmax[i] = malloc(cap * l->out_size * sizeof(int32_t));
            ok &= ws->argmax[i] != NULL;
        }
    }
    if (ok) {
        ws->delta_a = malloc(cap * mx * sizeof(float));
        ws->delta_b = malloc(cap * mx * sizeof(float));
        ws->probs = malloc(cap * m->spec.n_classes * sizeof(float));
        ok &= ws->delta_a != NULL && ws->delta_b != NULL && ws->probs != NULL;
        if (maxcols) {
            ws->dcols = malloc(maxcols * sizeof(float));
            ok &= ws->dcols != NULL;
        }
    }
    if (!ok) {
        ml_workspace_free(ws);
        return ml_fail(ZKFL_ERR_NOMEM, "ml: out of memory for a workspace of %zu examples", cap);
    }
    *out = ws;
    return ZKFL_OK;
}

void ml_gather(struct ml_workspace *ws, const struct zkfl_model *m, const zkfl_dataset *ds,
               const uint32_t *idx, size_t first, size_t b)
{
    size_t d = m->in_dim;
    for (size_t i = 0; i < b; i++) {
        size_t row = idx ? idx[first + i] : first + i;
        memcpy(ws->input + i * d, ds->x + row * d, d * sizeof(float));
        ws->labels[i] = ds->y[row];
    }
}

/* out[r][j] = relu?(out[r][j] + bias[j]) in one pass over the GEMM output. */
static void bias_act(float *out, const float *bias, size_t rows, size_t cols, int relu)
{
    for (size_t r = 0; r < rows; r++) {
        float *o = out + r * cols;
        if (relu) {
            for (size_t j = 0; j < cols; j++) {
                float v = o[j] + bias[j];
                o[j] = v > 0.0f ? v : 0.0f;
            }
        } else {
            for (size_t j = 0; j < cols; j++)
                o[j] += bias[j];
        }
    }
}

static void im2col(float *cols, const float *in, const struct ml_layer *l, size_t b)
{
    size_t c = l->in_c, row_len = ML_KERNEL * c, k = l->fan_in;
    for (size_t e = 0; e < b; e++) {
        const float *img = in + e * l->in_size;
        float *dst = cols + e * conv_rows(l) * k;
        for (size_t oy = 0; oy < l->out_h; oy++)
            for (size_t ox = 0; ox < l->out_w; ox++) {
                /* Plain loops, not memcpy: kernel rows are only 5 x channels
                 * floats, where a library call costs more than the copy; the
                 * single-channel case (first layer) gets a fixed-size copy. */
                if (c == 1) {
                    for (size_t ky = 0; ky < ML_KERNEL; ky++) {
                        const float *s = img + (oy + ky) * l->in_w + ox;
                        float *d = dst + ky * ML_KERNEL;
                        for (size_t j = 0; j < ML_KERNEL; j++)
                            d[j] = s[j];
                    }
                } else {
                    for (size_t ky = 0; ky < ML_KERNEL; ky++) {
                        const float *s = img + ((oy + ky) * l->in_w + ox) * c;
                        float *d = dst + ky * row_len;
                        for (size_t j = 0; j < row_len; j++)
                            d[j] = s[j];
                    }
                }
                dst += k;
            }
    }
}

static void col2im(float *in, const float *cols, const struct ml_layer *l, size_t b)
{
    size_t c = l->in_c, row_len = ML_KERNEL * c, k = l->fan_in;
    memset(in, 0, b * l->in_size * sizeof(float));
    for (size_t e = 0; e < b; e++) {
        float *img = in + e * l->in_size;
        const float *src = cols + e * conv_rows(l) * k;
        for (size_t oy = 0; oy < l->out_h; oy++)
            for (size_t ox = 0; ox < l->out_w; ox++) {
                for (size_t ky = 0; ky < ML_KERNEL; ky++) {
                    float *d = img + ((oy + ky) * l->in_w + ox) * c;
                    const float *s = src + ky * row_len;
                    for (size_t j = 0; j < row_len; j++)
                        d[j] += s[j];
                }
                src += k;
            }
    }
}

/* 2x2 max-pool keeping each window's winner for the backward pass. The
 * channel loop is innermost and branch-free (selects, strict > in the order
 * top-left, top-right, bottom-left, bottom-right, so ties keep the earliest)
 * so that it vectorizes over channels. */
static void pool_forward(float *out, int32_t *arg, const float *in, const struct ml_layer *l, size_t b)
{
    size_t c = l->in_c, row = l->in_w * c;
    for (size_t e = 0; e < b; e++) {
        const float *img = in + e * l->in_size;
        float *o = out + e * l->out_size;
        int32_t *a = arg + e * l->out_size;
        for (size_t oy = 0; oy < l->out_h; oy++)
            for (size_t ox = 0; ox < l->out_w; ox++) {
                int32_t p00 = (int32_t)((2 * oy * l->in_w + 2 * ox) * c);
                int32_t p01 = p00 + (int32_t)c, p10 = p00 + (int32_t)row, p11 = p10 + (int32_t)c;
                const float *v00 = img + p00, *v01 = img + p01, *v10 = img + p10, *v11 = img + p11;
                float *oj = o + (oy * l->out_w + ox) * c;
                int32_t *aj = a + (oy * l->out_w + ox) * c;
                for (size_t ch = 0; ch < c; ch++) {
                    float bv = v00[ch];
                    int32_t bi = p00;
                    bi = v01[ch] > bv ? p01 : bi;
                    bv = v01[ch] > bv ? v01[ch] : bv;
                    bi = v10[ch] > bv ? p10 : bi;
                    bv = v10[ch] > bv ? v10[ch] : bv;
                    bi = v11[ch] > bv ? p11 : bi;
                    bv = v11[ch] > bv ? v11[ch] : bv;
                    oj[ch] = bv;
                    aj[ch] = bi + (int32_t)ch;
                }
            }
    }
}

const float *ml_forward(const struct zkfl_model *m, const float *params,
                        struct ml_workspace *ws, size_t b)
{
    const float *in = ws->input;
    for (int i = 0; i < m->n_layers; i++) {
        const struct ml_layer *l = &m->layers[i];
        float *out = ws->act[i];
        const float *w = params + l->w_off, *bias = params + l->b_off;
        if (l->type == ML_DENSE) {
            ml_sgemm(ML_NO_TRANS, ML_TRANS, (int)b, (int)l->out_size,
                     (int)l->in_size, 1.0f, in, (int)l->in_size, w, (int)l->in_size,
                     0.0f, out, (int)l->out_size);
            bias_act(out, bias, b, l->out_size, l->relu);
        } else if (ml_conv_is_direct(l, i)) {
            ml_conv_first_forward(out, in, w, bias, l, b);
        } else if (l->type == ML_CONV) {
            size_t pix = conv_rows(l), step = conv_chunk(l);
            for (size_t e = 0; e < b; e += step) {
                size_t n = b - e < step ? b - e : step;
                float *cols = ws->cols[i] + e * pix * l->fan_in, *o = out + e * l->out_size;
                im2col(cols, in + e * l->in_size, l, n);
                ml_sgemm(ML_NO_TRANS, ML_TRANS, (int)(n * pix),
                         (int)l->out_c, (int)l->fan_in, 1.0f, cols, (int)l->fan_in, w,
                         (int)l->fan_in, 0.0f, o, (int)l->out_c);
                bias_act(o, bias, n * pix, l->out_c, 1);
            }
        } else {
            pool_forward(out, ws->argmax[i], in, l, b);
        }
        in = out;
    }
    return in;
}

void ml_softmax_xent(const struct zkfl_model *m, struct ml_workspace *ws, const float *logits,
                     size_t b, float scale, double *loss_sum, float *losses, size_t *correct)
{
    size_t c = m->spec.n_classes;
    double total = 0.0;
    size_t right = 0;
    for (size_t e = 0; e < b; e++) {
        const float *z = logits + e * c;
        float *d = ws->delta_a + e * c;
        size_t arg = 0;
        for (size_t j = 1; j < c; j++)
            if (z[j] > z[arg]) arg = j;
        double mx = z[arg], sum = 0.0;
        for (size_t j = 0; j < c; j++)
            sum += exp((double)z[j] - mx);
        double lse = mx + log(sum);
        int32_t y = ws->labels[e];
        double loss = lse - (double)z[y];
        total += loss;
        if (losses) losses[e] = (float)loss;
        if ((int32_t)arg == y) right++;
        for (size_t j = 0; j < c; j++) {
            double p = exp((double)z[j] - lse);
            d[j] = (float)((p - (j == (size_t)y ? 1.0 : 0.0)) * scale);
        }
    }
    if (loss_sum) *loss_sum += total;
    if (correct) *correct += right;
}

/* Routes each pooled gradient to its window's winner. Windows do not
 * overlap, so each is written whole (winner and three zeros) instead of
 * clearing the buffer first; only a floored odd edge needs explicit zeros. */
static void pool_backward(float *dn_all, const float *d, const int32_t *arg,
                          const struct ml_layer *l, size_t b)
{
    size_t c = l->in_c;
    for (size_t e = 0; e < b; e++) {
        float *dn = dn_all + e * l->in_size;
        const float *de = d + e * l->out_size;
        const int32_t *ae = arg + e * l->out_size;
        for (size_t oy = 0; oy < l->out_h; oy++)
            for (size_t ox = 0; ox < l->out_w; ox++) {
                size_t j = (oy * l->out_w + ox) * c;
                for (size_t dy = 0; dy < 2; dy++)
                    for (size_t dx = 0; dx < 2; dx++) {
                        float *w = dn + ((2 * oy + dy) * l->in_w + 2 * ox + dx) * c;
                        for (size_t ch = 0; ch < c; ch++)
                            w[ch] = 0.0f;
                    }
                for (size_t ch = 0; ch < c; ch++)
                    dn[ae[j + ch]] = de[j + ch];
            }
        if (l->in_w & 1)
            for (size_t y = 0; y < l->in_h; y++)
                memset(dn + (y * l->in_w + l->in_w - 1) * c, 0, c * sizeof(float));
        if (l->in_h & 1)
            memset(dn + (l->in_h - 1) * l->in_w * c, 0, l->in_w * c * sizeof(float));
    }
}

static void column_sums(float *out, const float *d, size_t rows, size_t cols)
{
    memset(out, 0, cols * sizeof(float));
    for (size_t r = 0; r < rows; r++) {
        const float *row = d + r * cols;
        for (size_t j = 0; j < cols; j++)
            out[j] += row[j];
    }
}

/* Input gradient of a conv layer: d x W gives each output pixel's gradient
 * w.r.t. its im2col row, col2im adds the rows back onto the image; chunked
 * like the forward pass so dcols stays in L2. */
static void conv_input_grad(float *next, float *dcols, const float *d, const float *w,
                            const struct ml_layer *l, size_t b)
{
    size_t pix = conv_rows(l), step = conv_chunk(l);
    for (size_t e = 0; e < b; e += step) {
        size_t n = b - e < step ? b - e : step;
        ml_sgemm(ML_NO_TRANS, ML_NO_TRANS, (int)(n * pix), (int)l->fan_in,
                 (int)l->out_c, 1.0f, d + e * l->out_size, (int)l->out_c, w, (int)l->fan_in,
                 0.0f, dcols, (int)l->fan_in);
        col2im(next + e * l->in_size, dcols, l, n);
    }
}

/* ReLU's backward step: no gradient flows where the activation was cut to 0. */
static void relu_backward(float *d, const float *act, size_t n)
{
    for (size_t j = 0; j < n; j++)
        if (act[j] <= 0.0f) d[j] = 0.0f;
}

/* Layer i's weight and bias gradients summed over the batch, from its
 * output deltas d and its input in. */
static void param_grads_summed(float *grad, const float *in, const float *d, const struct ml_workspace *ws,
                               const struct ml_layer *l, int i, size_t b)
{
    if (l->type == ML_DENSE) {
        ml_sgemm(ML_TRANS, ML_NO_TRANS, (int)l->out_size, (int)l->in_size,
                 (int)b, 1.0f, d, (int)l->out_size, in, (int)l->in_size, 0.0f,
                 grad + l->w_off, (int)l->in_size);
        column_sums(grad + l->b_off, d, b, l->out_size);
    } else if (ml_conv_is_direct(l, i)) {
        ml_conv_first_wgrad(grad + l->w_off, grad + l->b_off, in, d, l, b);
    } else if (l->type == ML_CONV) {
        size_t rows = b * conv_rows(l);
        ml_sgemm(ML_TRANS, ML_NO_TRANS, (int)l->out_c, (int)l->fan_in,
                 (int)rows, 1.0f, d, (int)l->out_c, ws->cols[i], (int)l->fan_in, 0.0f,
                 grad + l->w_off, (int)l->fan_in);
        column_sums(grad + l->b_off, d, rows, l->out_c);
    }
}

/* Per-example gradients from one batched pass: the deltas of a batch whose
 * loss is the plain sum (scale 1) are each example's own deltas, so only the
 * parameter gradients are split by example. Dense weights: the outer product
 * delta_e x input_e written straight into row e; conv weights: one small
 * GEMM per example over its own im2col rows. */
struct outer_job {
    const struct ml_layer *l;
    const float *d, *in;
    float *grads;
    size_t p;
};

static void outer_range(void *ctx, size_t begin, size_t end, int worker)
{
    const struct outer_job *j = ctx;
    const struct ml_layer *l = j->l;
    for (size_t e = begin; e < end; e++) {
        const float *de = j->d + e * l->out_size, *xe = j->in + e * l->in_size;
        float *gw = j->grads + e * j->p + l->w_off;
        for (size_t o = 0; o < l->out_size; o++) {
            float s = de[o];
            float *row = gw + o * l->in_size;
            for (size_t k = 0; k < l->in_size; k++)
                row[k] = s * xe[k];
        }
        memcpy(j->grads + e * j->p + l->b_off, de, l->out_size * sizeof(float));
    }
}

/* The same per example: row e of grads (p floats a row) gets example e's. */
static void param_grads_per_example(float *grads, size_t p, const float *in, const float *d,
                                    const struct ml_workspace *ws, const struct ml_layer *l, int i, size_t b)
{
    if (l->type == ML_DENSE) {
        /* Single-threaded on purpose: this loop only streams writes, and
         * a second thread measured slower on the shared 2-core machine. */
        struct outer_job job = {l, d, in, grads, p};
        outer_range(&job, 0, b, 0);
    } else if (ml_conv_is_direct(l, i)) {
        for (size_t e = 0; e < b; e++)
            ml_conv_first_wgrad(grads + e * p + l->w_off, grads + e * p + l->b_off,
                                in + e * l->in_size, d + e * l->out_size, l, 1);
    } else if (l->type == ML_CONV) {
        size_t pix = conv_rows(l);
        for (size_t e = 0; e < b; e++) {
            const float *de = d + e * pix * l->out_c;
            ml_sgemm(ML_TRANS, ML_NO_TRANS, (int)l->out_c, (int)l->fan_in,
                     (int)pix, 1.0f, de, (int)l->out_c, ws->cols[i] + e * pix * l->fan_in,
                     (int)l->fan_in, 0.0f, grads + e * p + l->w_off, (int)l->fan_in);
            column_sums(grads + e * p + l->b_off, de, pix, l->out_c);
        }
    }
}

/* The deltas of layer i's input (next) from those of its output (d). The
 * network's input needs none (a pool layer there still scatters them); the
 * direct first convolution is always layer 0. */
static void input_deltas(float *next, const float *d, const float *w, struct ml_workspace *ws,
                         const struct ml_layer *l, int i, size_t b)
{
    if (l->type == ML_POOL)
        pool_backward(next, d, ws->argmax[i], l, b);
    else if (i == 0 || ml_conv_is_direct(l, i))
        return;
    else if (l->type == ML_DENSE)
        ml_sgemm(ML_NO_TRANS, ML_NO_TRANS, (int)b, (int)l->in_size,
                 (int)l->out_size, 1.0f, d, (int)l->out_size, w, (int)l->in_size,
                 0.0f, next, (int)l->in_size);
    else
        conv_input_grad(next, ws->dcols, d, w, l, b);
}

/* Backpropagation from ws->delta_a down to the first layer, the two delta
 * buffers taking turns; grad gets the batch's summed gradient, or with
 * per_example one gradient per example (rows of m->n_params). */
static void backward(const struct zkfl_model *m, const float *params, struct ml_workspace *ws, size_t b,
                     float *grad, int per_example)
{
    float *d = ws->delta_a, *next = ws->delta_b;
    for (int i = m->n_layers - 1; i >= 0; i--) {
        const struct ml_layer *l = &m->layers[i];
        const float *in = i > 0 ? ws->act[i - 1] : ws->input;
        if (l->relu)
            relu_backward(d, ws->act[i], b * l->out_size);
        if (per_example)
            param_grads_per_example(grad, m->n_params, in, d, ws, l, i, b);
        else
            param_grads_summed(grad, in, d, ws, l, i, b);
        input_deltas(next, d, params + l->w_off, ws, l, i, b);
        float *t = d;
        d = next;
        next = t;
    }
}

void ml_backward(const struct zkfl_model *m, const float *params, struct ml_workspace *ws,
                 size_t b, float *grad)
{
    backward(m, params, ws, b, grad, 0);
}

void ml_backward_per_example(const struct zkfl_model *m, const float *params,
                             struct ml_workspace *ws, size_t b, float *grads, int threads)
{
    backward(m, params, ws, b, grads, 1);
}
