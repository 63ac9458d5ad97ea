/* Analytic gradients of every model (dense, ReLU, conv, max-pool, softmax
 * cross-entropy) against central finite differences of the loss, and
 * per-example gradients against the batch gradient. */
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

static void random_data(zkfl_dataset *ds, size_t n, uint32_t c, uint32_t h, uint32_t w,
                        uint32_t classes)
{
    CHECK_OK(zkfl_dataset_alloc(ds, n, (size_t)c * h * w, classes));
    ds->channels = c;
    ds->height = h;
    ds->width = w;
    for (size_t i = 0; i < n * ds->dim; i++)
        ds->x[i] = 2.0f * urand() - 1.0f;
    for (size_t i = 0; i < n; i++)
        ds->y[i] = (int32_t)(zkfl_test_rng_next(&rng) % classes);
}

/* Checks `samples` parameters (all when 0) of model m on ds. Returns the
 * number that disagree. */
static int gradcheck(const char *what, zkfl_model *m, const zkfl_dataset *ds, size_t samples)
{
    size_t p = zkfl_model_num_params(m);
    float *grad = malloc(p * sizeof(float)), *scratch = malloc(p * sizeof(float));
    float loss;
    CHECK_OK(zkfl_model_gradient(grad, &loss, m, ds, NULL, ds->n, 1));
    float *w = zkfl_model_params(m);
    int bad = 0;
    size_t count = samples && samples < p ? samples : p;
    double max_err = 0.0;
    for (size_t s = 0; s < count; s++) {
        size_t j = count == p ? s : (size_t)(zkfl_test_rng_next(&rng) % p);
        float orig = w[j];
        /* A ReLU or max-pool kink inside [w - eps, w + eps] breaks the
         * central difference; a real gradient bug disagrees at every eps,
         * so the check passes when any of three step sizes agrees. */
        static const float steps[3] = {1e-3f, 3e-4f, 1e-4f};
        double best = INFINITY, num = 0.0;
        for (int k = 0; k < 3 && best > 2e-3 + 2e-2 * fabs(num); k++) {
            float lp, lm;
            w[j] = orig + steps[k];
            CHECK_OK(zkfl_model_gradient(scratch, &lp, m, ds, NULL, ds->n, 1));
            w[j] = orig - steps[k];
            CHECK_OK(zkfl_model_gradient(scratch, &lm, m, ds, NULL, ds->n, 1));
            w[j] = orig;
            num = ((double)lp - (double)lm) / (2.0 * steps[k]);
            best = fmin(best, fabs(num - grad[j]));
        }
        if (best > max_err) max_err = best;
        if (best > 2e-3 + 2e-2 * fabs(num)) {
            bad++;
            fprintf(stderr, "%s: param %zu analytic %.6f numeric %.6f\n", what, j, grad[j], num);
        }
    }
    printf("%s: %zu params checked, max abs error %.2e, %d outside tolerance\n", what, count,
           max_err, bad);
    free(grad);
    free(scratch);
    return bad;
}

static void per_example_sum(const char *what, zkfl_model *m, const zkfl_dataset *ds)
{
    size_t p = zkfl_model_num_params(m), n = ds->n;
    float *grad = malloc(p * sizeof(float)), *pe = malloc(n * p * sizeof(float));
    float *losses = malloc(n * sizeof(float));
    float loss;
    CHECK_OK(zkfl_model_gradient(grad, &loss, m, ds, NULL, n, 1));
    CHECK_OK(zkfl_model_per_example_gradients(pe, losses, m, ds, NULL, n, 2));
    double worst = 0.0, lsum = 0.0;
    for (size_t i = 0; i < n; i++)
        lsum += losses[i];
    for (size_t j = 0; j < p; j++) {
        double s = 0.0;
        for (size_t i = 0; i < n; i++)
            s += pe[i * p + j];
        double d = fabs(s / (double)n - grad[j]);
        if (d > worst) worst = d;
    }
    printf("%s: per-example mean vs batch gradient max diff %.2e\n", what, worst);
    CHECK(worst < 1e-4);
    CHECK(fabs(lsum / (double)n - loss) < 1e-4);
    /* One example's row equals the batch gradient of that example alone. */
    uint32_t one = (uint32_t)n - 1;
    CHECK_OK(zkfl_model_gradient(grad, NULL, m, ds, &one, 1, 1));
    double d1 = 0.0;
    for (size_t j = 0; j < p; j++)
        d1 = fmax(d1, fabs(pe[(n - 1) * p + j] - grad[j]));
    CHECK(d1 < 1e-5);
    free(grad);
    free(pe);
    free(losses);
}

int main(void)
{
    zkfl_test_rng_seed(&rng, 20261121);
    zkfl_dataset tab, img;
    random_data(&tab, 6, 1, 1, 7, 3);
    random_data(&img, 5, 2, 16, 17, 4);

    zkfl_model_spec s;
    zkfl_model *m;
    CHECK_OK(zkfl_model_spec_parse(&s, "logreg", 1, 1, 7, 3));
    CHECK_OK(zkfl_model_new(&m, &s, 7));
    CHECK_EQ_INT(zkfl_model_num_params(m), 7 * 3 + 3);
    CHECK_EQ_INT(gradcheck("logreg", m, &tab, 0), 0);
    per_example_sum("logreg", m, &tab);
    zkfl_model_free(m);

    CHECK_OK(zkfl_model_spec_parse(&s, "mlp:5,4", 1, 1, 7, 3));
    CHECK_OK(zkfl_model_new(&m, &s, 8));
    CHECK_EQ_INT(zkfl_model_num_params(m), 7 * 5 + 5 + 5 * 4 + 4 + 4 * 3 + 3);
    /* Non-zero biases so that ReLU inputs are not symmetric around 0. */
    for (size_t j = 0; j < zkfl_model_num_params(m); j++)
        zkfl_model_params(m)[j] += 0.05f * (2.0f * urand() - 1.0f);
    CHECK_EQ_INT(gradcheck("mlp", m, &tab, 0), 0);
    per_example_sum("mlp", m, &tab);
    zkfl_model_free(m);

    /* cnn on 2-channel 16x17 images: conv 12x13 -> pool 6x6 -> conv 2x2 ->
     * pool 1x1 (odd sizes floor). */
    CHECK_OK(zkfl_model_spec_parse(&s, "cnn:3,4,5", 2, 16, 17, 4));
    CHECK_OK(zkfl_model_new(&m, &s, 9));
    size_t expect = (3 * 25 * 2 + 3) + (4 * 25 * 3 + 4) + (4 * 5 + 5) + (5 * 4 + 4);
    CHECK_EQ_INT(zkfl_model_num_params(m), expect);
    for (size_t j = 0; j < zkfl_model_num_params(m); j++)
        zkfl_model_params(m)[j] += 0.05f * (2.0f * urand() - 1.0f);
    CHECK_EQ_INT(gradcheck("cnn", m, &img, 0), 0);
    per_example_sum("cnn", m, &img);
    zkfl_model_free(m);

    /* A cnn whose second pool window sees a 4x4 map with several channels. */
    zkfl_dataset img2;
    random_data(&img2, 3, 1, 20, 20, 3);
    CHECK_OK(zkfl_model_spec_parse(&s, "cnn:2,3,4", 1, 20, 20, 3));
    CHECK_OK(zkfl_model_new(&m, &s, 10));
    for (size_t j = 0; j < zkfl_model_num_params(m); j++)
        zkfl_model_params(m)[j] += 0.05f * (2.0f * urand() - 1.0f);
    CHECK_EQ_INT(gradcheck("cnn-20x20", m, &img2, 0), 0);
    per_example_sum("cnn-20x20", m, &img2);
    zkfl_model_free(m);

    zkfl_dataset_free(&tab);
    zkfl_dataset_free(&img);
    zkfl_dataset_free(&img2);
    return zkfl_test_done("ml_gradcheck");
}
