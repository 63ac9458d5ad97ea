/* Short federations that must learn: Fashion-MNIST logistic regression
 * (3 clients, 2 rounds, 6000 examples) and the breast-cancer table split
 * across 4 hospitals; quantized and float aggregation agree; seeds
 * reproduce; DP stops at the budget. */
#include <stdlib.h>
#include <string.h>
#include "testlib.h"
#include "zkfl/fl.h"

static int count_rounds(void *ctx, const zkfl_fl_round_report *r)
{
    (*(int *)ctx)++;
    CHECK(r->t_prove < 0 && r->t_verify < 0);  /* not run: reported as absent */
    return 0;
}

/* A compliance checker for the test: a range check that every encoded
 * value is within the codec bound (what the compliance circuit enforces),
 * plus a list of client ids whose updates it treats as failing. */
struct range_check {
    int64_t max;
    uint32_t reject_id;
    size_t calls;
};

static int check_range(void *ctx, uint8_t *accepted, double *t_prove, double *t_verify,
                       uint32_t round, const uint32_t *clients, const int32_t *codes, size_t k,
                       size_t dim)
{
    struct range_check *rc = ctx;
    rc->calls++;
    *t_prove = -1;
    *t_verify = 0;
    for (size_t j = 0; j < k; j++) {
        accepted[j] = clients[j] != rc->reject_id;
        for (size_t i = 0; i < dim; i++)
            if (codes[j * dim + i] > rc->max || codes[j * dim + i] < -rc->max)
                accepted[j] = 0;
    }
    (void)round;
    return 0;
}

static int expect_rejected(void *ctx, const zkfl_fl_round_report *r)
{
    CHECK_EQ_INT(r->proofs_rejected, 1);
    CHECK_EQ_INT(r->proofs_verified, 2);
    if (r->proofs_rejected == 1)
        CHECK_EQ_INT(r->rejected_clients[0], *(uint32_t *)ctx);
    CHECK(r->t_prove < 0 && r->t_verify >= 0);
    return 0;
}

static zkfl_fl_config base_config(size_t clients, uint32_t rounds)
{
    zkfl_fl_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.n_clients = clients;
    cfg.rounds = rounds;
    cfg.sampling = ZKFL_FL_SAMPLE_ALL;
    cfg.train = zkfl_train_config_default();
    cfg.server = zkfl_fl_server_opt_default(ZKFL_FL_FEDAVG);
    cfg.quantize = 1;
    cfg.bits = 16;
    cfg.clip = 5.0;
    cfg.seed = 1;
    cfg.threads = 1;
    return cfg;
}

static void test_fashion_mnist(void)
{
    zkfl_dataset tr, te, test_small;
    if (zkfl_dataset_load_fashion_mnist(&tr, &te, NULL, ZKFL_FMNIST_STANDARDIZE) != 0) {
        printf("fashion-mnist not installed: skipped (%s)\n", zkfl_ml_last_error());
        return;
    }
    uint32_t idx[2000];
    for (uint32_t i = 0; i < 2000; i++) idx[i] = i;
    CHECK_OK(zkfl_dataset_copy(&test_small, &te, idx, 2000));
    uint32_t *pool = malloc(6000 * sizeof *pool);
    for (uint32_t i = 0; i < 6000; i++) pool[i] = i;
    zkfl_fl_partition_spec ps = {ZKFL_FL_PARTITION_IID, 0, 0};
    zkfl_fl_partition part;
    CHECK_OK(zkfl_fl_partition_make(&part, &ps, &tr, pool, 6000, 3, 1));
    zkfl_model_spec spec;
    CHECK_OK(zkfl_model_spec_parse(&spec, "logreg", 1, 28, 28, 10));
    float acc[2];
    for (int quant = 0; quant < 2; quant++) {
        zkfl_model *m;
        CHECK_OK(zkfl_model_new(&m, &spec, 1));
        zkfl_fl_config cfg = base_config(3, 2);
        cfg.quantize = quant;
        zkfl_fl_summary s;
        int n = 0;
        CHECK_OK(zkfl_fl_run(&s, m, &tr, &part, &test_small, &cfg, count_rounds, &n));
        CHECK_EQ_INT(n, 2);
        CHECK_EQ_INT(s.rounds_run, 2);
        CHECK(s.epsilon < 0);
        acc[quant] = s.test_accuracy;
        zkfl_model_free(m);
    }
    printf("fashion-mnist logreg, 3 clients, 2 rounds: float %.4f, 16-bit %.4f\n", acc[0], acc[1]);
    CHECK(acc[0] > 0.70 && acc[1] > 0.70);
    CHECK(acc[1] > acc[0] - 0.01);

    /* FedAdam and FedProx run and learn too; the same seed reproduces. */
    uint32_t strategies[] = {ZKFL_FL_FEDADAM, ZKFL_FL_FEDPROX, ZKFL_FL_FEDYOGI};
    for (int k = 0; k < 3; k++) {
        zkfl_model *m, *m2;
        CHECK_OK(zkfl_model_new(&m, &spec, 1));
        CHECK_OK(zkfl_model_new(&m2, &spec, 1));
        zkfl_fl_config cfg = base_config(3, 2);
        cfg.server = zkfl_fl_server_opt_default(strategies[k]);
        cfg.prox_mu = 0.01;
        zkfl_fl_summary s, s2;
        CHECK_OK(zkfl_fl_run(&s, m, &tr, &part, &test_small, &cfg, NULL, NULL));
        CHECK_OK(zkfl_fl_run(&s2, m2, &tr, &part, &test_small, &cfg, NULL, NULL));
        printf("%s: %.4f\n", zkfl_fl_strategy_name(strategies[k]), s.test_accuracy);
        CHECK(s.test_accuracy > 0.65);
        CHECK(memcmp(zkfl_model_params_const(m), zkfl_model_params_const(m2),
                     zkfl_model_num_params(m) * sizeof(float)) == 0);
        zkfl_model_free(m);
        zkfl_model_free(m2);
    }

    /* The compliance stage: a rejected client is named and left out. A run
     * rejecting client 2 equals a run on a partition without client 2. */
    {
        zkfl_model *m, *m2;
        CHECK_OK(zkfl_model_new(&m, &spec, 1));
        CHECK_OK(zkfl_model_new(&m2, &spec, 1));
        zkfl_fl_config cfg = base_config(3, 1);
        struct range_check chk = {32767, 2, 0};
        cfg.check_updates = check_range;
        cfg.check_ctx = &chk;
        zkfl_fl_summary s;
        uint32_t rejected = 2;
        CHECK_OK(zkfl_fl_run(&s, m, &tr, &part, &test_small, &cfg, expect_rejected, &rejected));
        CHECK_EQ_INT(chk.calls, 1);
        CHECK_EQ_INT(s.proofs_rejected, 1);
        CHECK_EQ_INT(s.proofs_verified, 2);
        zkfl_fl_partition two = {2, part.idx, part.count};  /* clients 0 and 1 */
        zkfl_fl_config cfg2 = base_config(2, 1);
        zkfl_fl_summary s2;
        CHECK_OK(zkfl_fl_run(&s2, m2, &tr, &two, &test_small, &cfg2, NULL, NULL));
        CHECK(memcmp(zkfl_model_params_const(m), zkfl_model_params_const(m2),
                     zkfl_model_num_params(m) * sizeof(float)) == 0);
        cfg.quantize = 0;
        CHECK_EQ_INT(zkfl_fl_run(&s, m, &tr, &part, &test_small, &cfg, NULL, NULL),
                     ZKFL_ERR_INVALID_ARG);
        zkfl_model_free(m);
        zkfl_model_free(m2);
    }

    /* DP: the run stops before the round that would overspend. Plan 2
     * rounds with epsilon 4, run 3: the third is refused. */
    {
        zkfl_model *m;
        CHECK_OK(zkfl_model_new(&m, &spec, 1));
        zkfl_fl_config cfg = base_config(3, 2);
        cfg.dp = 1;
        cfg.dp_epsilon = 4;
        cfg.dp_delta = 1e-5;
        zkfl_fl_summary s;
        CHECK_OK(zkfl_fl_run(&s, m, &tr, &part, &test_small, &cfg, NULL, NULL));
        CHECK_EQ_INT(s.rounds_run, 2);
        CHECK(s.epsilon > 3 && s.epsilon <= 4);
        CHECK(s.noise_multiplier > 0);
        CHECK(!s.stopped_by_budget);
        cfg.rounds = 3;
        cfg.dp_planned_rounds = 2;
        CHECK_OK(zkfl_fl_run(&s, m, &tr, &part, &test_small, &cfg, NULL, NULL));
        CHECK_EQ_INT(s.rounds_run, 2);
        CHECK(s.stopped_by_budget);
        CHECK(s.epsilon <= 4);
        zkfl_model_free(m);
    }
    /* Poisson sampling with a tiny rate may pick nobody; the loop goes on. */
    {
        zkfl_model *m;
        CHECK_OK(zkfl_model_new(&m, &spec, 1));
        zkfl_fl_config cfg = base_config(3, 3);
        cfg.sampling = ZKFL_FL_SAMPLE_POISSON;
        cfg.sample_rate = 0.34;
        zkfl_fl_summary s;
        CHECK_OK(zkfl_fl_run(&s, m, &tr, &part, &test_small, &cfg, NULL, NULL));
        CHECK_EQ_INT(s.rounds_run, 3);
        cfg.sample_rate = 0;
        CHECK_EQ_INT(zkfl_fl_run(&s, m, &tr, &part, &test_small, &cfg, NULL, NULL),
                     ZKFL_ERR_INVALID_ARG);
        cfg.sampling = ZKFL_FL_SAMPLE_FIXED;
        cfg.sample_clients = 4;
        CHECK_EQ_INT(zkfl_fl_run(&s, m, &tr, &part, &test_small, &cfg, NULL, NULL),
                     ZKFL_ERR_INVALID_ARG);
        zkfl_model_free(m);
    }
    zkfl_fl_partition_free(&part);
    free(pool);
    zkfl_dataset_free(&tr);
    zkfl_dataset_free(&te);
    zkfl_dataset_free(&test_small);
}

static void test_breast_cancer(void)
{
    const char *path = "/usr/lib/python3/dist-packages/sklearn/datasets/data/breast_cancer.csv";
    zkfl_dataset all, tr, te;
    if (zkfl_dataset_load_csv(&all, path, NULL) != 0) {
        printf("python3-sklearn not installed: breast-cancer federation skipped\n");
        return;
    }
    uint32_t *tri, *tei;
    size_t ntr, nte;
    CHECK_OK(zkfl_ml_split_indices(&tri, &ntr, &tei, &nte, all.n, 0.25, 1));
    float *mean = malloc(all.dim * sizeof *mean), *sd = malloc(all.dim * sizeof *sd);
    CHECK_OK(zkfl_dataset_fit_standardizer(mean, sd, &all, tri, ntr));
    CHECK_OK(zkfl_dataset_apply_standardizer(&all, mean, sd));
    CHECK_OK(zkfl_dataset_copy(&tr, &all, tri, ntr));
    CHECK_OK(zkfl_dataset_copy(&te, &all, tei, nte));
    zkfl_fl_partition_spec ps = {ZKFL_FL_PARTITION_IID, 0, 0};
    zkfl_fl_partition part;
    CHECK_OK(zkfl_fl_partition_make(&part, &ps, &tr, NULL, 0, 4, 1));
    zkfl_model_spec spec;
    CHECK_OK(zkfl_model_spec_parse(&spec, "logreg", 1, 1, (uint32_t)all.dim, all.n_classes));
    zkfl_model *m;
    CHECK_OK(zkfl_model_new(&m, &spec, 1));
    zkfl_fl_config cfg = base_config(4, 10);
    cfg.train.batch_size = 16;
    cfg.train.lr = 0.05f;
    zkfl_fl_summary s;
    CHECK_OK(zkfl_fl_run(&s, m, &tr, &part, &te, &cfg, NULL, NULL));
    printf("breast cancer, 4 hospitals, logreg, 10 rounds: test accuracy %.4f on %zu\n",
           s.test_accuracy, te.n);
    CHECK(s.test_accuracy >= 0.95);
    zkfl_model_free(m);
    zkfl_fl_partition_free(&part);
    free(mean); free(sd); free(tri); free(tei);
    zkfl_dataset_free(&all);
    zkfl_dataset_free(&tr);
    zkfl_dataset_free(&te);
}

int main(void)
{
    test_fashion_mnist();
    test_breast_cancer();
    return zkfl_test_done("fl_federation");
}
