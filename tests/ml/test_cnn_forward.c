/* The cnn's forward pass against a textbook implementation written here from
 * the documented parameter layout (conv W[out][ky][kx][in], HWC activations,
 * 2x2 max-pool flooring odd sizes, dense W[out][in]): per-example losses
 * must agree. Covers the direct first-layer convolution (one input channel;
 * channel counts below, at and across its 16-channel block) and the
 * im2col + sgemm path (two input channels), plus finite-difference gradient
 * checks of the direct path's partial and full blocks. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "testlib.h"
#include "zkfl/ml.h"

static zkfl_test_rng rng;

static float urand(void)
{
    return (float)((double)(zkfl_test_rng_next(&rng) >> 11) * 0x1.0p-53);
}

static void random_images(zkfl_dataset *ds, size_t n, uint32_t c, uint32_t h, uint32_t w,
                          uint32_t classes)
{
    CHECK_OK(zkfl_dataset_alloc(ds, n, (size_t)c * h * w, classes));
    ds->channels = c;
    ds->height = h;
    ds->width = w;
    for (size_t i = 0; i < n * ds->dim; i++)
        ds->x[i] = urand();
    for (size_t i = 0; i < n; i++)
        ds->y[i] = (int32_t)(zkfl_test_rng_next(&rng) % classes);
}

/* 5x5 valid convolution + bias + ReLU; returns the parameters it used. */
static const float *ref_conv(double *out, const double *in, size_t h, size_t w, size_t c,
                             size_t oc, const float *p)
{
    const float *wt = p, *bias = p + oc * 25 * c;
    for (size_t oy = 0; oy + 5 <= h; oy++)
        for (size_t ox = 0; ox + 5 <= w; ox++)
            for (size_t o = 0; o < oc; o++) {
                double s = bias[o];
                for (size_t ky = 0; ky < 5; ky++)
                    for (size_t kx = 0; kx < 5; kx++)
                        for (size_t ch = 0; ch < c; ch++)
                            s += (double)wt[((o * 5 + ky) * 5 + kx) * c + ch] *
                                 in[((oy + ky) * w + ox + kx) * c + ch];
                out[(oy * (w - 4) + ox) * oc + o] = s > 0.0 ? s : 0.0;
            }
    return bias + oc;
}

static void ref_pool(double *out, const double *in, size_t h, size_t w, size_t c)
{
    for (size_t y = 0; y < h / 2; y++)
        for (size_t x = 0; x < w / 2; x++)
            for (size_t ch = 0; ch < c; ch++) {
                double m = -INFINITY;
                for (size_t dy = 0; dy < 2; dy++)
                    for (size_t dx = 0; dx < 2; dx++)
                        m = fmax(m, in[((2 * y + dy) * w + 2 * x + dx) * c + ch]);
                out[(y * (w / 2) + x) * c + ch] = m;
            }
}

static const float *ref_dense(double *out, const double *in, size_t n_in, size_t n_out,
                              int relu, const float *p)
{
    for (size_t o = 0; o < n_out; o++) {
        double s = p[n_out * n_in + o];
        for (size_t k = 0; k < n_in; k++)
            s += (double)p[o * n_in + k] * in[k];
        out[o] = relu && s < 0.0 ? 0.0 : s;
    }
    return p + n_out * n_in + n_out;
}

/* Cross-entropy loss of one example under the textbook network. */
static double ref_loss(const zkfl_model *m, const float *x, int32_t label)
{
    const zkfl_model_spec *s = zkfl_model_get_spec(m);
    size_t h = s->height, w = s->width, c = s->channels;
    size_t widest = c > s->conv1 ? c : s->conv1;
    widest = widest > s->conv2 ? widest : s->conv2;
    widest = widest > s->fc_hidden ? widest : s->fc_hidden;
    double *a = malloc(h * w * widest * sizeof(double)), *b = malloc(h * w * widest * sizeof(double));
    for (size_t i = 0; i < h * w * c; i++)
        a[i] = x[i];
    const float *p = zkfl_model_params_const(m);
    p = ref_conv(b, a, h, w, c, s->conv1, p);
    h -= 4; w -= 4;
    ref_pool(a, b, h, w, s->conv1);
    h /= 2; w /= 2;
    p = ref_conv(b, a, h, w, s->conv1, s->conv2, p);
    h -= 4; w -= 4;
    ref_pool(a, b, h, w, s->conv2);
    h /= 2; w /= 2;
    p = ref_dense(b, a, h * w * s->conv2, s->fc_hidden, 1, p);
    ref_dense(a, b, s->fc_hidden, s->n_classes, 0, p);
    double mx = a[0], sum = 0.0;
    for (size_t j = 1; j < s->n_classes; j++)
        mx = fmax(mx, a[j]);
    for (size_t j = 0; j < s->n_classes; j++)
        sum += exp(a[j] - mx);
    double loss = mx + log(sum) - a[label];
    free(a);
    free(b);
    return loss;
}

static void compare_forward(const char *spec, uint32_t c, uint32_t h, uint32_t w, size_t n)
{
    zkfl_dataset ds;
    random_images(&ds, n, c, h, w, 5);
    zkfl_model_spec s;
    zkfl_model *m;
    CHECK_OK(zkfl_model_spec_parse(&s, spec, c, h, w, 5));
    CHECK_OK(zkfl_model_new(&m, &s, 3));
    /* Biases away from zero so ReLUs cut at different places per channel. */
    float *p = zkfl_model_params(m);
    for (size_t j = 0; j < zkfl_model_num_params(m); j++)
        p[j] += 0.05f * (2.0f * urand() - 1.0f);
    size_t np = zkfl_model_num_params(m);
    float *grads = malloc(ds.n * np * sizeof(float)), *losses = malloc(ds.n * sizeof(float));
    CHECK_OK(zkfl_model_per_example_gradients(grads, losses, m, &ds, NULL, ds.n, 1));
    double worst = 0.0;
    for (size_t i = 0; i < ds.n; i++) {
        double ref = ref_loss(m, ds.x + i * ds.dim, ds.y[i]);
        worst = fmax(worst, fabs(ref - losses[i]) / (1.0 + fabs(ref)));
    }
    printf("%s on %ux%ux%u: max relative loss difference %.2e\n", spec, c, h, w, worst);
    CHECK(worst < 1e-5);
    /* The batched pass (train/evaluate path) gives the same mean loss. */
    float mean;
    CHECK_OK(zkfl_model_evaluate(NULL, &mean, m, &ds, NULL, ds.n, 1));
    double lsum = 0.0;
    for (size_t i = 0; i < ds.n; i++)
        lsum += losses[i];
    CHECK(fabs(lsum / (double)ds.n - mean) < 1e-5);
    /* Conv layers run in chunks of examples (net.c): the batch gradient over
     * all n (several chunks and a partial one for the LeNet case) equals the
     * mean of the single-example gradients (one chunk each). */
    float *batch = malloc(np * sizeof(float)), *one = malloc(np * sizeof(float));
    double *sum = calloc(np, sizeof(double));
    CHECK_OK(zkfl_model_gradient(batch, NULL, m, &ds, NULL, ds.n, 1));
    for (uint32_t i = 0; i < ds.n; i++) {
        CHECK_OK(zkfl_model_gradient(one, NULL, m, &ds, &i, 1, 1));
        for (size_t j = 0; j < np; j++)
            sum[j] += one[j];
    }
    double gworst = 0.0;
    for (size_t j = 0; j < np; j++)
        gworst = fmax(gworst, fabs(sum[j] / (double)ds.n - batch[j]));
    CHECK(gworst < 1e-5);
    free(batch);
    free(one);
    free(sum);
    free(losses);
    free(grads);
    zkfl_model_free(m);
    zkfl_dataset_free(&ds);
}

static double ref_mean_loss(const zkfl_model *m, const zkfl_dataset *ds)
{
    double s = 0.0;
    for (size_t i = 0; i < ds->n; i++)
        s += ref_loss(m, ds->x + i * ds->dim, ds->y[i]);
    return s / (double)ds->n;
}

/* Central differences of the textbook network's loss (in double, so the
 * tolerance can be tight) on every first-layer parameter, where the direct
 * convolution's weight and bias gradients land. */
static void first_layer_gradcheck(const char *spec)
{
    zkfl_dataset ds;
    random_images(&ds, 4, 1, 16, 16, 3);
    zkfl_model_spec s;
    zkfl_model *m;
    CHECK_OK(zkfl_model_spec_parse(&s, spec, 1, 16, 16, 3));
    CHECK_OK(zkfl_model_new(&m, &s, 4));
    float *w = zkfl_model_params(m);
    size_t np = zkfl_model_num_params(m), first = (size_t)s.conv1 * 26;
    for (size_t j = 0; j < np; j++)
        w[j] += 0.05f * (2.0f * urand() - 1.0f);
    float *grad = malloc(np * sizeof(float));
    CHECK_OK(zkfl_model_gradient(grad, NULL, m, &ds, NULL, ds.n, 1));
    int bad = 0;
    double worst = 0.0;
    for (size_t j = 0; j < first; j++) {
        /* A ReLU or max-pool kink inside the step breaks one difference; a
         * wrong gradient disagrees at every step. */
        static const float steps[3] = {1e-3f, 2.5e-4f, 6.25e-5f};
        double best = INFINITY, num = 0.0;
        float orig = w[j];
        for (int k = 0; k < 3 && best > 1e-5 + 1e-3 * fabs(num); k++) {
            w[j] = orig + steps[k];
            double hp = (double)w[j] - orig, lp = ref_mean_loss(m, &ds);
            w[j] = orig - steps[k];
            double hm = (double)orig - w[j], lm = ref_mean_loss(m, &ds);
            w[j] = orig;
            num = (lp - lm) / (hp + hm);
            best = fmin(best, fabs(num - grad[j]));
        }
        worst = fmax(worst, best);
        if (best > 1e-5 + 1e-3 * fabs(num))
            bad++;
    }
    printf("%s: %zu first-layer params checked, max abs error %.2e, %d outside tolerance\n",
           spec, first, worst, bad);
    /* zkfl's float forward pass and this double one can pick different
     * winners of a nearly tied pool window, which shifts every gradient of
     * that channel slightly: a few stragglers are tolerated, a wrong kernel
     * (even by 1%) puts nearly every parameter outside. */
    CHECK((size_t)bad * 20 <= first);
    free(grad);
    zkfl_model_free(m);
    zkfl_dataset_free(&ds);
}

int main(void)
{
    zkfl_test_rng_seed(&rng, 6);
    compare_forward("cnn:6,16,20", 1, 28, 28, 23);  /* LeNet shape: partial block */
    compare_forward("cnn:16,4,6", 1, 16, 16, 7);    /* exactly one block */
    compare_forward("cnn:17,3,5", 1, 19, 17, 7);    /* full block + 1, odd sizes */
    compare_forward("cnn:3,4,5", 2, 16, 17, 7);     /* im2col first layer */
    first_layer_gradcheck("cnn:5,2,3");
    first_layer_gradcheck("cnn:18,2,3");
    return zkfl_test_done("ml_cnn_forward");
}
