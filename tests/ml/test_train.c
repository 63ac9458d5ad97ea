/* Training must learn (Fashion-MNIST, breast cancer), be reproducible from
 * its seed, and the DP hook, FedProx and weight-decay paths must do what
 * they say. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "testlib.h"
#include "zkfl/ml.h"

static double dist(const float *a, const float *b, size_t n)
{
    double s = 0.0;
    for (size_t i = 0; i < n; i++)
        s += ((double)a[i] - b[i]) * ((double)a[i] - b[i]);
    return sqrt(s);
}

static float train_eval(const char *spec, const zkfl_dataset *tr, size_t ntr, const zkfl_dataset *te,
                        size_t nte, zkfl_train_config *cfg, uint8_t hash[32])
{
    zkfl_model_spec s;
    zkfl_model *m;
    CHECK_OK(zkfl_model_spec_parse(&s, spec, tr->channels, tr->height, tr->width, tr->n_classes));
    CHECK_OK(zkfl_model_new(&m, &s, 11));
    float loss = -1.0f, acc = 0.0f, tloss = 0.0f;
    uint64_t t0 = zkfl_now_ns();
    CHECK_OK(zkfl_model_train_epochs(m, &loss, tr, NULL, ntr, cfg));
    double secs = (double)(zkfl_now_ns() - t0) * 1e-9;
    CHECK_OK(zkfl_model_evaluate(&acc, &tloss, m, te, NULL, nte, cfg->threads));
    printf("%s: %zu examples x %u epochs in %.2f s, train loss %.3f, test accuracy %.4f, "
           "test loss %.3f\n", spec, ntr, cfg->epochs, secs, loss, acc, tloss);
    CHECK(loss > 0.0f && isfinite(loss));
    if (hash) CHECK_OK(zkfl_model_hash(hash, m));
    zkfl_model_free(m);
    return acc;
}

static void test_fashion_mnist(void)
{
    if (access(ZKFL_FASHION_MNIST_DIR "/train-images-idx3-ubyte.gz", R_OK) != 0) {
        printf("fashion-mnist not installed: skipped\n");
        return;
    }
    zkfl_dataset tr, te;
    CHECK_OK(zkfl_dataset_load_fashion_mnist(&tr, &te, NULL, 0));
    zkfl_train_config cfg = zkfl_train_config_default();
    cfg.lr = 0.02f;
    cfg.threads = 2;
    uint8_t h1[32], h2[32];
    CHECK(train_eval("logreg", &tr, 5000, &te, 2000, &cfg, h1) > 0.70f);
    CHECK(train_eval("mlp", &tr, 5000, &te, 2000, &cfg, h1) > 0.70f);
    /* Same seed, same model, bit for bit. */
    train_eval("mlp", &tr, 5000, &te, 2000, &cfg, h2);
    CHECK(memcmp(h1, h2, 32) == 0);
    cfg.seed = 2;
    train_eval("mlp", &tr, 5000, &te, 2000, &cfg, h2);
    CHECK(memcmp(h1, h2, 32) != 0);
    cfg.seed = 1;
    CHECK(train_eval("cnn", &tr, 3000, &te, 2000, &cfg, NULL) > 0.60f);
    zkfl_dataset_free(&tr);
    zkfl_dataset_free(&te);
}

static void test_breast_cancer(void)
{
    const char *path = "/usr/lib/python3/dist-packages/sklearn/datasets/data/breast_cancer.csv";
    if (access(path, R_OK) != 0) {
        printf("python3-sklearn not installed: skipped\n");
        return;
    }
    zkfl_dataset ds, tr, te;
    CHECK_OK(zkfl_dataset_load_csv(&ds, path, NULL));
    uint32_t *itr, *ite;
    size_t ntr, nte;
    CHECK_OK(zkfl_ml_split_indices(&itr, &ntr, &ite, &nte, ds.n, 0.25, 7));
    float mean[30], sd[30];
    CHECK_OK(zkfl_dataset_fit_standardizer(mean, sd, &ds, itr, ntr));
    CHECK_OK(zkfl_dataset_apply_standardizer(&ds, mean, sd));
    CHECK_OK(zkfl_dataset_copy(&tr, &ds, itr, ntr));
    CHECK_OK(zkfl_dataset_copy(&te, &ds, ite, nte));
    zkfl_train_config cfg = zkfl_train_config_default();
    cfg.epochs = 20;
    cfg.batch_size = 32;
    cfg.lr = 0.01f;
    cfg.weight_decay = 1e-4f;
    cfg.threads = 1;
    CHECK(train_eval("logreg", &tr, tr.n, &te, te.n, &cfg, NULL) >= 0.95f);
    free(itr);
    free(ite);
    zkfl_dataset_free(&ds);
    zkfl_dataset_free(&tr);
    zkfl_dataset_free(&te);
}

/* Averages the per-example rows: the DP hook with no clipping and no noise,
 * which must reproduce plain mini-batch SGD. */
static int mean_hook(void *ctx, float *batch_grad, float *grads, size_t b, size_t p)
{
    int *calls = ctx;
    (*calls)++;
    for (size_t j = 0; j < p; j++) {
        double s = 0.0;
        for (size_t i = 0; i < b; i++)
            s += grads[i * p + j];
        batch_grad[j] = (float)(s / (double)b);
    }
    return 0;
}

static int failing_hook(void *ctx, float *batch_grad, float *grads, size_t b, size_t p)
{
    return ZKFL_ERR_BUDGET;
}

static void test_paths(void)
{
    zkfl_test_rng r;
    zkfl_test_rng_seed(&r, 99);
    zkfl_dataset ds;
    CHECK_OK(zkfl_dataset_alloc(&ds, 300, 12, 3));
    for (size_t i = 0; i < ds.n; i++) {
        ds.y[i] = (int32_t)(zkfl_test_rng_next(&r) % 3);
        for (size_t j = 0; j < 12; j++)
            ds.x[i * 12 + j] = (float)((zkfl_test_rng_next(&r) >> 40) % 1000) / 1000.0f +
                               (j % 3 == (size_t)ds.y[i] ? 1.0f : 0.0f);
    }
    zkfl_model_spec s;
    CHECK_OK(zkfl_model_spec_parse(&s, "mlp:16,8", 1, 1, 12, 3));
    zkfl_model *a, *b, *init;
    CHECK_OK(zkfl_model_new(&init, &s, 5));
    size_t p = zkfl_model_num_params(init);
    zkfl_train_config cfg = zkfl_train_config_default();
    cfg.batch_size = 32;
    cfg.epochs = 2;
    cfg.threads = 2;
    CHECK_OK(zkfl_model_clone(&a, init));
    CHECK_OK(zkfl_model_clone(&b, init));
    CHECK_OK(zkfl_model_train_epochs(a, NULL, &ds, NULL, ds.n, &cfg));
    int calls = 0;
    cfg.per_example_hook = mean_hook;
    cfg.hook_ctx = &calls;
    float hook_loss;
    CHECK_OK(zkfl_model_train_epochs(b, &hook_loss, &ds, NULL, ds.n, &cfg));
    CHECK_EQ_INT(calls, 2 * 10);  /* 300 / 32 -> 10 batches per epoch */
    double d = dist(zkfl_model_params(a), zkfl_model_params(b), p);
    printf("hook vs plain SGD parameter distance %.2e\n", d);
    CHECK(d < 1e-3);
    CHECK(dist(zkfl_model_params(a), zkfl_model_params(init), p) > 0.1);
    cfg.per_example_hook = failing_hook;
    CHECK_EQ_INT(zkfl_model_train_epochs(b, NULL, &ds, NULL, ds.n, &cfg), ZKFL_ERR_BUDGET);
    cfg.per_example_hook = NULL;

    /* FedProx pulls towards the anchor; weight decay shrinks the weights. */
    zkfl_model *prox, *plain, *wd;
    CHECK_OK(zkfl_model_clone(&prox, init));
    CHECK_OK(zkfl_model_clone(&plain, init));
    CHECK_OK(zkfl_model_clone(&wd, init));
    CHECK_OK(zkfl_model_train_epochs(plain, NULL, &ds, NULL, ds.n, &cfg));
    cfg.prox_mu = 1.0f;
    cfg.prox_anchor = zkfl_model_params_const(init);
    CHECK_OK(zkfl_model_train_epochs(prox, NULL, &ds, NULL, ds.n, &cfg));
    double dp = dist(zkfl_model_params(prox), zkfl_model_params(init), p);
    double dn = dist(zkfl_model_params(plain), zkfl_model_params(init), p);
    printf("distance from anchor: plain %.3f, fedprox mu=1 %.3f\n", dn, dp);
    CHECK(dp < 0.8 * dn);
    cfg.prox_mu = 0.0f;
    cfg.prox_anchor = NULL;
    cfg.weight_decay = 0.05f;
    CHECK_OK(zkfl_model_train_epochs(wd, NULL, &ds, NULL, ds.n, &cfg));
    float zero[1024] = {0};
    CHECK(p < 1024);
    CHECK(dist(zkfl_model_params(wd), zero, p) < dist(zkfl_model_params(plain), zero, p));
    cfg.weight_decay = 0.0f;

    /* Training on an index subset touches only those rows: same result as
     * training on a copy of them. */
    uint32_t sub[50];
    for (int i = 0; i < 50; i++) sub[i] = (uint32_t)(i * 6 + 1);
    zkfl_dataset part;
    CHECK_OK(zkfl_dataset_copy(&part, &ds, sub, 50));
    zkfl_model *v1, *v2;
    CHECK_OK(zkfl_model_clone(&v1, init));
    CHECK_OK(zkfl_model_clone(&v2, init));
    CHECK_OK(zkfl_model_train_epochs(v1, NULL, &ds, sub, 50, &cfg));
    uint32_t iota[50];
    for (int i = 0; i < 50; i++) iota[i] = (uint32_t)i;
    CHECK_OK(zkfl_model_train_epochs(v2, NULL, &part, iota, 50, &cfg));
    CHECK(dist(zkfl_model_params(v1), zkfl_model_params(v2), p) == 0.0);
    int32_t pred[50];
    CHECK_OK(zkfl_model_predict(pred, v1, &ds, sub, 50, 1));
    float acc;
    CHECK_OK(zkfl_model_evaluate(&acc, NULL, v1, &ds, sub, 50, 1));
    int right = 0;
    for (int i = 0; i < 50; i++) right += pred[i] == ds.y[sub[i]];
    CHECK(fabs(acc - right / 50.0) < 1e-6);

    /* Bad arguments. */
    cfg.lr = 0.0f;
    CHECK_EQ_INT(zkfl_model_train_epochs(v1, NULL, &ds, NULL, ds.n, &cfg), ZKFL_ERR_INVALID_ARG);
    cfg.lr = 0.05f;
    cfg.prox_mu = 0.1f;
    CHECK_EQ_INT(zkfl_model_train_epochs(v1, NULL, &ds, NULL, ds.n, &cfg), ZKFL_ERR_INVALID_ARG);
    CHECK(strstr(zkfl_ml_last_error(), "anchor") != NULL);
    cfg.prox_mu = 0.0f;
    uint32_t far = 300;
    CHECK_EQ_INT(zkfl_model_train_epochs(v1, NULL, &ds, &far, 1, &cfg), ZKFL_ERR_RANGE);
    ds.y[7] = 3;
    CHECK_EQ_INT(zkfl_model_train_epochs(v1, NULL, &ds, NULL, ds.n, &cfg), ZKFL_ERR_RANGE);
    CHECK(strstr(zkfl_ml_last_error(), "label 3") != NULL);
    ds.y[7] = 0;
    ds.dim = 11;
    CHECK_EQ_INT(zkfl_model_evaluate(&acc, NULL, v1, &ds, NULL, ds.n, 1), ZKFL_ERR_INVALID_ARG);
    ds.dim = 12;
    /* Divergence is reported, not returned as a model full of NaN. */
    cfg.lr = 1e30f;
    cfg.momentum = 0.0f;
    CHECK_EQ_INT(zkfl_model_train_epochs(v1, NULL, &ds, NULL, ds.n, &cfg), ZKFL_ERR_RANGE);

    zkfl_model_free(a); zkfl_model_free(b); zkfl_model_free(init);
    zkfl_model_free(prox); zkfl_model_free(plain); zkfl_model_free(wd);
    zkfl_model_free(v1); zkfl_model_free(v2);
    zkfl_dataset_free(&part);
    zkfl_dataset_free(&ds);
}

int main(void)
{
    test_paths();
    test_breast_cancer();
    test_fashion_mnist();
    return zkfl_test_done("ml_train");
}
