/* DP-SGD on Poisson batches, as zkfl_fl_run wires it (the trainer with
 * zkfl_fl_dp_batch_sampler over a zkfl_dp_poisson and zkfl_fl_dp_sgd_hook):
 * - the epoch runs ceil(n / batch) steps whose batch sizes vary, empty
 *   batches and batches above the configured size included;
 * - each step's noise is drawn once, on the sum, and divided by the fixed
 *   q n: with every per-example gradient zeroed, the step direction's
 *   per-coordinate variance is (z C_eff / (q n))^2 for small and oversized
 *   batches alike (an estimator dividing by b, or noise per chunk, would
 *   make the two groups differ), its mean is 0, and the model's whole
 *   update after T steps (lr, no momentum) has variance T lr^2 times that.
 * Bounds are 6 standard deviations of the estimators. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "testlib.h"
#include "zkfl/dp.h"
#include "zkfl/fl.h"

/* Wraps the real hook: records batch sizes and the step directions. */
struct probe {
    zkfl_fl_dp_sgd_ctx dp;
    int zero_rows;           /* a model whose per-example gradients are 0 */
    size_t big_from;         /* batches of at least this size count as oversized */
    size_t steps, empty, min_b, max_b, sum_b;
    double sum[2], sum2[2];  /* [0]: b < big_from, [1]: oversized */
    size_t count[2];
};

static int probe_hook(void *ctx, float *batch_grad, float *grads, size_t b, size_t p)
{
    struct probe *pr = ctx;
    if (pr->zero_rows && b > 0)
        memset(grads, 0, b * p * sizeof *grads);
    int rc = zkfl_fl_dp_sgd_hook(&pr->dp, batch_grad, grads, b, p);
    if (rc != 0)
        return rc;
    pr->steps++;
    pr->empty += b == 0;
    pr->sum_b += b;
    if (pr->steps == 1 || b < pr->min_b)
        pr->min_b = b;
    if (b > pr->max_b)
        pr->max_b = b;
    int g = b >= pr->big_from;
    for (size_t i = 0; i < p; i++) {
        pr->sum[g] += batch_grad[i];
        pr->sum2[g] += (double)batch_grad[i] * batch_grad[i];
    }
    pr->count[g] += p;
    return 0;
}

static void make_data(zkfl_dataset *ds, size_t n, size_t dim, uint32_t classes)
{
    CHECK_OK(zkfl_dataset_alloc(ds, n, dim, classes));
    zkfl_test_rng rng;
    zkfl_test_rng_seed(&rng, 5);
    for (size_t i = 0; i < n * dim; i++)
        ds->x[i] = (float)((double)(zkfl_test_rng_next(&rng) >> 11) * 0x1p-53 - 0.5);
    for (size_t i = 0; i < n; i++)
        ds->y[i] = (int32_t)(zkfl_test_rng_next(&rng) % classes);
}

/* Trains a logreg model with DP-SGD on Poisson batches; returns the model. */
static zkfl_model *train(struct probe *pr, const zkfl_dataset *ds, uint32_t batch, uint32_t epochs,
                         float lr, const zkfl_fl_dp_record_plan *plan)
{
    zkfl_model_spec spec;
    zkfl_model *m = NULL;
    CHECK_OK(zkfl_model_spec_parse(&spec, "logreg", 1, 1, (uint32_t)ds->dim, ds->n_classes));
    CHECK_OK(zkfl_model_new(&m, &spec, 9));
    zkfl_dp_poisson *batches = NULL;
    CHECK_OK(zkfl_dp_poisson_new(&batches, plan->sampling_rate));
    zkfl_train_config cfg = zkfl_train_config_default();
    cfg.batch_size = batch;
    cfg.epochs = epochs;
    cfg.lr = lr;
    cfg.momentum = 0;
    cfg.threads = 1;
    cfg.per_example_hook = probe_hook;
    cfg.hook_ctx = pr;
    cfg.batch_sampler = zkfl_fl_dp_batch_sampler;
    cfg.sampler_ctx = batches;
    float loss = -1;
    CHECK_OK(zkfl_model_train_epochs(m, &loss, ds, NULL, ds->n, &cfg));
    CHECK(isfinite(loss) && loss >= 0);
    zkfl_dp_poisson_free(batches);
    return m;
}

static void test_sizes_vary(void)
{
    /* q = 2 / 200: batches of 2 on average, empty with probability
     * 0.99^200 = 0.134, so 200 steps see empty ones (all non-empty:
     * probability 3e-13) and ones above 2 (the workspace's size). */
    zkfl_dataset ds;
    make_data(&ds, 200, 12, 3);
    zkfl_fl_dp_record_plan plan;
    CHECK_OK(zkfl_fl_dp_record_plan_make(&plan, 200, 2, 2, 1, 8.0, 1e-5));
    CHECK_EQ_INT(plan.steps_per_round, 200);
    struct probe pr;
    memset(&pr, 0, sizeof pr);
    pr.dp = (zkfl_fl_dp_sgd_ctx){1.0, plan.noise_multiplier, plan.sampling_rate * 200, 1};
    pr.big_from = 3;
    zkfl_model *m = train(&pr, &ds, 2, 2, 0.1f, &plan);
    CHECK_EQ_INT(pr.steps, 200);
    CHECK(pr.empty > 0);
    CHECK_EQ_INT(pr.min_b, 0);
    CHECK(pr.max_b > 2);
    double mean = (double)pr.sum_b / 200.0;
    CHECK(fabs(mean - 2.0) <= 6 * sqrt(2.0 * 0.99 / 200.0));
    printf("q n = 2: 200 steps, %zu empty, sizes %zu..%zu, mean %.3f\n", pr.empty, pr.min_b,
           pr.max_b, mean);
    zkfl_model_free(m);
    zkfl_dataset_free(&ds);
}

static void test_noise_on_the_sum(void)
{
    /* n = 200, batch 10: q = 0.05, q n = 10, 20 steps per epoch, 5 epochs. */
    enum { N = 200, DIM = 400, CLASSES = 10, BATCH = 10, EPOCHS = 5 };
    zkfl_dataset ds;
    make_data(&ds, N, DIM, CLASSES);
    zkfl_fl_dp_record_plan plan;
    CHECK_OK(zkfl_fl_dp_record_plan_make(&plan, N, BATCH, EPOCHS, 1, 4.0, 1e-5));
    const double clip = 0.7, z = 1.3, qn = plan.sampling_rate * N;
    struct probe pr;
    memset(&pr, 0, sizeof pr);
    pr.dp = (zkfl_fl_dp_sgd_ctx){clip, z, qn, 1};
    pr.zero_rows = 1;
    pr.big_from = BATCH + 1; /* above the workspace: gradients in chunks */
    zkfl_model_spec spec;
    zkfl_model *m0 = NULL;
    CHECK_OK(zkfl_model_spec_parse(&spec, "logreg", 1, 1, DIM, CLASSES));
    CHECK_OK(zkfl_model_new(&m0, &spec, 9));
    const float lr = 0.3f;
    zkfl_model *m = train(&pr, &ds, BATCH, EPOCHS, lr, &plan);
    if (m == NULL || m0 == NULL)
        return;
    size_t p = zkfl_model_num_params(m);
    CHECK_EQ_INT(pr.steps, plan.steps_per_round);
    CHECK(pr.count[0] > 0 && pr.count[1] > 0);

    /* zkfl_fl_dp_sgd_hook covers the grid rounding of p coordinates, and
     * the noise routine that of its slice (all p with one thread), by
     * raising the std: C_eff = (C + sqrt(p) 2^-20)^2 / C. */
    double g = sqrt((double)p) * 0x1p-20, c_eff = (clip + g) * (clip + g) / clip;
    double var = z * c_eff / qn * (z * c_eff / qn);
    for (int k = 0; k < 2; k++) {
        double n = (double)pr.count[k];
        double mean = pr.sum[k] / n, v = pr.sum2[k] / n - mean * mean;
        printf("%s batches: %.0f values, mean %.2e, variance %.6f (expected %.6f)\n",
               k ? "oversized" : "other", n, mean, v, var);
        CHECK(fabs(mean) <= 6 * sqrt(var / n));
        CHECK(fabs(v / var - 1) <= 6 * sqrt(2 / n));
    }

    /* The model's update: -lr times the sum of the steps' directions. */
    const float *w0 = zkfl_model_params_const(m0), *w1 = zkfl_model_params_const(m);
    double s = 0, s2 = 0;
    for (size_t i = 0; i < p; i++) {
        double d = (double)w1[i] - w0[i];
        s += d;
        s2 += d * d;
    }
    double uvar = (double)pr.steps * lr * lr * var, um = s / (double)p;
    double uv = s2 / (double)p - um * um;
    printf("update: variance %.6f over %zu parameters (expected %.6f)\n", uv, p, uvar);
    CHECK(fabs(uv / uvar - 1) <= 6 * sqrt(2.0 / (double)p));
    zkfl_model_free(m);
    zkfl_model_free(m0);
    zkfl_dataset_free(&ds);
}

int main(void)
{
    test_sizes_vary();
    test_noise_on_the_sum();
    return zkfl_test_done("fl_dp_poisson_sgd");
}
