/* Training on sampled batches (zkfl_train_config.batch_sampler, the
 * trainer's side of DP-SGD's Poisson batches; the Poisson sampler itself
 * lives in dp and is tested in tests/fl): an epoch is ceil(n / batch)
 * steps whatever sizes are drawn; the per-example hook gets exactly the
 * drawn examples (positions mapped through the training list), empty
 * batches (b = 0) and batches far above the workspace's batch size
 * included; without a hook a step is the mean gradient of its batch, and
 * an empty one still applies weight decay; the mean loss is over the
 * examples drawn; a sampler's error or an invalid subset is refused. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "testlib.h"
#include "zkfl/ml.h"

enum { N_DATA = 60, N_TRAIN = 40, DIM = 7, CLASSES = 3, BATCH = 8, MAX_CALLS = 16 };

/* A sampler replaying a script of batches (positions into the list). */
struct script {
    const uint32_t *batch[MAX_CALLS];
    size_t size[MAX_CALLS];
    size_t calls, n_batches;
    int fail_with;       /* returned instead of a batch when nonzero */
    size_t report_count; /* nonzero: claimed count (for the invalid case) */
};

static int replay(void *ctx, uint32_t *pos, size_t *count, size_t n)
{
    struct script *s = ctx;
    if (s->fail_with)
        return s->fail_with;
    size_t k = s->calls++ % s->n_batches;
    CHECK_EQ_INT(n, N_TRAIN);
    if (s->size[k] > 0)
        memcpy(pos, s->batch[k], s->size[k] * sizeof *pos);
    *count = s->report_count ? s->report_count : s->size[k];
    return 0;
}

/* A hook checking each batch against the reference per-example gradients
 * of the examples the script drew, then leaving the model unchanged
 * (batch_grad = 0) so every reference is taken at the same parameters. */
struct check_hook {
    const zkfl_model *m;
    const zkfl_dataset *ds;
    const uint32_t *list;
    struct script *script;
    size_t calls, mismatches;
    double loss_sum;     /* reference losses of the drawn examples */
    size_t examples;
};

static int check_rows(void *ctx, float *batch_grad, float *grads, size_t b, size_t p)
{
    struct check_hook *h = ctx;
    struct script *s = h->script;
    size_t k = (s->calls - 1) % s->n_batches;
    h->calls++;
    CHECK_EQ_INT(b, s->size[k]);
    memset(batch_grad, 0, p * sizeof *batch_grad);
    if (b == 0 || b != s->size[k])
        return 0;
    uint32_t sel[N_TRAIN];
    for (size_t i = 0; i < b; i++)
        sel[i] = h->list[s->batch[k][i]];
    float *ref = malloc(b * p * sizeof *ref), losses[N_TRAIN];
    CHECK(ref != NULL);
    if (ref == NULL)
        return ZKFL_ERR_NOMEM;
    CHECK_OK(zkfl_model_per_example_gradients(ref, losses, h->m, h->ds, sel, b, 1));
    for (size_t i = 0; i < b * p; i++)
        if (fabsf(ref[i] - grads[i]) > 1e-5f * (1.0f + fabsf(ref[i])))
            h->mismatches++;
    for (size_t i = 0; i < b; i++)
        h->loss_sum += losses[i];
    h->examples += b;
    free(ref);
    return 0;
}

static void make_data(zkfl_dataset *ds, uint32_t *list)
{
    CHECK_OK(zkfl_dataset_alloc(ds, N_DATA, DIM, CLASSES));
    zkfl_test_rng rng;
    zkfl_test_rng_seed(&rng, 21);
    for (size_t i = 0; i < N_DATA * DIM; i++)
        ds->x[i] = (float)((double)(zkfl_test_rng_next(&rng) >> 11) * 0x1p-53 * 4.0 - 2.0);
    for (size_t i = 0; i < N_DATA; i++)
        ds->y[i] = (int32_t)(zkfl_test_rng_next(&rng) % CLASSES);
    /* The training list is a scrambled subset, so positions != examples. */
    for (size_t i = 0; i < N_TRAIN; i++)
        list[i] = (uint32_t)((i * 17 + 5) % N_DATA);
}

static zkfl_model *make_model(const zkfl_dataset *ds)
{
    zkfl_model_spec spec;
    zkfl_model *m = NULL;
    CHECK_OK(zkfl_model_spec_parse(&spec, "mlp:6", 1, 1, (uint32_t)ds->dim, CLASSES));
    CHECK_OK(zkfl_model_new(&m, &spec, 3));
    return m;
}

static const uint32_t ALL[N_TRAIN] = {0,  1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13,
                                      14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27,
                                      28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39};
static const uint32_t ONE[1] = {3};
static const uint32_t THIRTEEN[13] = {0, 1, 4, 6, 9, 12, 15, 20, 22, 30, 33, 38, 39};
static const uint32_t LAST[1] = {39};

/* What every test starts from: the data, the training list, a model and a
 * copy of its initial parameters. */
struct fixture {
    zkfl_dataset ds;
    uint32_t list[N_TRAIN];
    zkfl_model *m;
    size_t p;
    float *w0;
};

static void fixture_teardown(struct fixture *f)
{
    free(f->w0);
    zkfl_model_free(f->m);
    zkfl_dataset_free(&f->ds);
}

static int fixture_setup(struct fixture *f)
{
    memset(f, 0, sizeof *f);
    make_data(&f->ds, f->list);
    f->m = make_model(&f->ds);
    if (f->m != NULL) {
        f->p = zkfl_model_num_params(f->m);
        f->w0 = malloc(f->p * sizeof *f->w0);
    }
    CHECK(f->w0 != NULL);
    if (f->w0 == NULL) {
        fixture_teardown(f);
        return -1;
    }
    memcpy(f->w0, zkfl_model_params_const(f->m), f->p * sizeof *f->w0);
    return 0;
}

static void test_hook_sees_drawn_batches(void)
{
    struct fixture f;
    if (fixture_setup(&f) != 0)
        return;
    zkfl_dataset *ds = &f.ds;
    uint32_t *list = f.list;
    zkfl_model *m = f.m;
    size_t p = f.p;
    const float *w0 = f.w0;
    /* 5 steps per epoch (40 / 8): empty, everything (5 workspaces' worth),
     * one, 13 (oversized, not a multiple of the workspace), the last. */
    struct script s = {{NULL, ALL, ONE, THIRTEEN, LAST}, {0, N_TRAIN, 1, 13, 1}, 0, 5, 0, 0};
    struct check_hook h = {m, ds, list, &s, 0, 0, 0, 0};
    zkfl_train_config cfg = zkfl_train_config_default();
    cfg.batch_size = BATCH;
    cfg.epochs = 2;
    cfg.momentum = 0;
    cfg.threads = 1;
    cfg.per_example_hook = check_rows;
    cfg.hook_ctx = &h;
    cfg.batch_sampler = replay;
    cfg.sampler_ctx = &s;
    float mean_loss = -1;
    CHECK_OK(zkfl_model_train_epochs(m, &mean_loss, ds, list, N_TRAIN, &cfg));
    CHECK_EQ_INT(s.calls, 10);
    CHECK_EQ_INT(h.calls, 10);
    CHECK_EQ_INT(h.mismatches, 0);
    /* Both epochs drew the same 55 examples at the same parameters. */
    CHECK_EQ_INT(h.examples, 110);
    CHECK(fabs(mean_loss - h.loss_sum / (double)h.examples) < 1e-5 * (1 + fabs(mean_loss)));
    CHECK(memcmp(w0, zkfl_model_params_const(m), p * sizeof *w0) == 0);

    /* Batch 39: ceil(40 / 39) = 2 steps, the second drawing all 40 (above
     * the workspace of 39: sizes go up to n). */
    s.calls = 0;
    h.calls = 0;
    cfg.batch_size = 39;
    cfg.epochs = 1;
    CHECK_OK(zkfl_model_train_epochs(m, &mean_loss, ds, list, N_TRAIN, &cfg));
    CHECK_EQ_INT(h.calls, 2); /* ceil(40 / 39) */
    CHECK_EQ_INT(h.mismatches, 0);

    /* A sampler that only draws empty batches: mean loss 0, steps run. */
    struct script empty = {{NULL}, {0}, 0, 1, 0, 0};
    h.script = &empty;
    h.calls = 0;
    cfg.sampler_ctx = &empty;
    cfg.batch_size = BATCH;
    CHECK_OK(zkfl_model_train_epochs(m, &mean_loss, ds, list, N_TRAIN, &cfg));
    CHECK_EQ_INT(h.calls, 5);
    CHECK(mean_loss == 0.0f);
    fixture_teardown(&f);
}

/* Largest |w1 - (w0 - lr g)| over the p parameters. */
static double step_error(const float *w1, const float *w0, const float *g, double lr, size_t p)
{
    double worst = 0;
    for (size_t j = 0; j < p; j++) {
        double d = fabs((double)w1[j] - ((double)w0[j] - lr * g[j]));
        if (d > worst)
            worst = d;
    }
    return worst;
}

/* Without a hook: w1 = w0 - lr * mean gradient of the drawn batch. */
static void test_mean_gradient_step(void)
{
    struct fixture f;
    if (fixture_setup(&f) != 0)
        return;
    zkfl_dataset *ds = &f.ds;
    uint32_t *list = f.list;
    zkfl_model *m = f.m;
    size_t p = f.p;
    const float *w0 = f.w0;
    float *g = malloc(p * sizeof *g);
    CHECK(g != NULL);
    if (g == NULL) {
        fixture_teardown(&f);
        return;
    }
    uint32_t sel[13];
    for (size_t i = 0; i < 13; i++)
        sel[i] = list[THIRTEEN[i]];
    CHECK_OK(zkfl_model_gradient(g, NULL, m, ds, sel, 13, 1));
    struct script s = {{THIRTEEN}, {13}, 0, 1, 0, 0};
    zkfl_train_config cfg = zkfl_train_config_default();
    cfg.batch_size = N_TRAIN; /* one step per epoch */
    cfg.momentum = 0;
    cfg.lr = 0.5f;
    cfg.threads = 1;
    cfg.batch_sampler = replay;
    cfg.sampler_ctx = &s;
    CHECK_OK(zkfl_model_train_epochs(m, NULL, ds, list, N_TRAIN, &cfg));
    const float *w1 = zkfl_model_params_const(m);
    CHECK(step_error(w1, w0, g, 0.5, p) < 1e-6);
    CHECK_EQ_INT(s.calls, 1);

    /* Batch 8 (workspace of 8): the 13 examples run in two chunks, same step. */
    CHECK_OK(zkfl_model_set_params(m, w0, p));
    s.calls = 0;
    cfg.batch_size = BATCH;
    cfg.epochs = 1;
    struct script once = {{THIRTEEN, NULL, NULL, NULL, NULL}, {13, 0, 0, 0, 0}, 0, 5, 0, 0};
    cfg.sampler_ctx = &once;
    CHECK_OK(zkfl_model_train_epochs(m, NULL, ds, list, N_TRAIN, &cfg));
    CHECK_EQ_INT(once.calls, 5);
    CHECK(step_error(w1, w0, g, 0.5, p) < 1e-6); /* the four empty steps moved nothing (no momentum, no decay) */

    /* An empty batch with weight decay: only the decay moves the weights. */
    CHECK_OK(zkfl_model_set_params(m, w0, p));
    struct script none = {{NULL}, {0}, 0, 1, 0, 0};
    cfg.sampler_ctx = &none;
    cfg.batch_size = N_TRAIN;
    cfg.weight_decay = 0.25f;
    CHECK_OK(zkfl_model_train_epochs(m, NULL, ds, list, N_TRAIN, &cfg));
    size_t off = 0;
    for (size_t j = 0; j < p; j++) {
        float gd = 0.0f + 0.25f * w0[j];
        float v = 0.0f * 0.0f + gd;
        float expect = w0[j] - 0.5f * v;
        off += fabsf(w1[j] - expect) > 1e-6f * fabsf(expect); /* fma or not */
    }
    CHECK_EQ_INT(off, 0);
    free(g);
    fixture_teardown(&f);
}

static void test_invalid_samplers(void)
{
    struct fixture f;
    if (fixture_setup(&f) != 0)
        return;
    zkfl_dataset *ds = &f.ds;
    uint32_t *list = f.list;
    zkfl_model *m = f.m;
    zkfl_train_config cfg = zkfl_train_config_default();
    cfg.batch_size = BATCH;
    cfg.threads = 1;
    cfg.batch_sampler = replay;
    static const uint32_t unsorted[2] = {3, 2}, twice[2] = {4, 4}, outside[1] = {N_TRAIN};
    struct script s = {{unsorted}, {2}, 0, 1, 0, 0};
    cfg.sampler_ctx = &s;
    CHECK_EQ_INT(zkfl_model_train_epochs(m, NULL, ds, list, N_TRAIN, &cfg), ZKFL_ERR_INTERNAL);
    CHECK(strstr(zkfl_ml_last_error(), "sampler") != NULL);
    s.batch[0] = twice;
    CHECK_EQ_INT(zkfl_model_train_epochs(m, NULL, ds, list, N_TRAIN, &cfg), ZKFL_ERR_INTERNAL);
    s.batch[0] = outside;
    s.size[0] = 1;
    CHECK_EQ_INT(zkfl_model_train_epochs(m, NULL, ds, list, N_TRAIN, &cfg), ZKFL_ERR_INTERNAL);
    s.batch[0] = ALL;
    s.size[0] = N_TRAIN;
    s.report_count = N_TRAIN + 1;
    CHECK_EQ_INT(zkfl_model_train_epochs(m, NULL, ds, list, N_TRAIN, &cfg), ZKFL_ERR_INTERNAL);
    s.report_count = 0;
    s.fail_with = ZKFL_ERR_NOMEM;
    CHECK_EQ_INT(zkfl_model_train_epochs(m, NULL, ds, list, N_TRAIN, &cfg), ZKFL_ERR_NOMEM);
    s.fail_with = 7;
    CHECK_EQ_INT(zkfl_model_train_epochs(m, NULL, ds, list, N_TRAIN, &cfg), ZKFL_ERR_INTERNAL);
    fixture_teardown(&f);
}

int main(void)
{
    test_hook_sees_drawn_batches();
    test_mean_gradient_step();
    test_invalid_samplers();
    return zkfl_test_done("ml_poisson_batches");
}
