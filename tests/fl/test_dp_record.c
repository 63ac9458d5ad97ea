/* Record-level DP in the federation (DP-SGD at every client):
 * - the calibration (sampling rate batch/n, steps = epochs * batches *
 *   rounds, noise multiplier) against the dp layer's reference-checked
 *   zkfl_dp_noise_multiplier / zkfl_dp_epsilon;
 * - the DP-SGD step: clipped sum equal to dp.h's zkfl_dp_sgd_noisy_sum
 *   without noise, a huge row contributes at most the clip, noise of the
 *   calibrated size, non-finite gradients refused;
 * - runs: the epsilon reported per round is each client's composed
 *   accountant (the largest), a run with DP on learns, a run whose budget
 *   is planned for fewer rounds stops early, sampled-out clients spend
 *   nothing. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "testlib.h"
#include "zkfl/dp.h"
#include "zkfl/fl.h"

static void test_plan(void)
{
    zkfl_fl_dp_record_plan p;
    /* 15000 records, batch 256, 1 epoch, 10 rounds (the default run). */
    CHECK_OK(zkfl_fl_dp_record_plan_make(&p, 15000, 256, 1, 10, 8.0, 1e-6));
    CHECK(fabs(p.sampling_rate - 256.0 / 15000.0) < 1e-15);
    CHECK_EQ_INT(p.steps_per_round, 59);  /* ceil(15000 / 256) */
    CHECK_EQ_INT(p.planned_steps, 590);
    double z = 0, eps = 0;
    CHECK_OK(zkfl_dp_noise_multiplier(&z, 256.0 / 15000.0, 590, 8.0, 1e-6, NULL,
                                      ZKFL_DP_CONVERSION_IMPROVED));
    CHECK(p.noise_multiplier == z);
    CHECK_OK(zkfl_dp_epsilon(&eps, NULL, p.sampling_rate, p.noise_multiplier, 590, 1e-6, NULL,
                             ZKFL_DP_CONVERSION_IMPROVED));
    CHECK(eps <= 8.0 && eps > 7.99);
    CHECK(fabs(p.epsilon - eps) < 1e-12);
    /* One step more would overspend: the multiplier is the smallest. */
    CHECK_OK(zkfl_dp_epsilon(&eps, NULL, p.sampling_rate, p.noise_multiplier * (1 - 1e-6), 590,
                             1e-6, NULL, ZKFL_DP_CONVERSION_IMPROVED));
    CHECK(eps > 8.0);

    /* Two epochs of 1000 records in batches of 64: 2 * 16 steps per round. */
    CHECK_OK(zkfl_fl_dp_record_plan_make(&p, 1000, 64, 2, 3, 2.0, 1e-5));
    CHECK_EQ_INT(p.steps_per_round, 32);
    CHECK_EQ_INT(p.planned_steps, 96);
    CHECK(fabs(p.sampling_rate - 0.064) < 1e-15);
    /* A batch as large as the data: every record in every step, q = 1. */
    CHECK_OK(zkfl_fl_dp_record_plan_make(&p, 50, 64, 1, 4, 8.0, 1e-5));
    CHECK(p.sampling_rate == 1.0);
    CHECK_EQ_INT(p.steps_per_round, 1);
    CHECK_OK(zkfl_dp_noise_multiplier(&z, 1.0, 4, 8.0, 1e-5, NULL, ZKFL_DP_CONVERSION_IMPROVED));
    CHECK(p.noise_multiplier == z);

    CHECK_EQ_INT(zkfl_fl_dp_record_plan_make(&p, 0, 64, 1, 1, 8, 1e-5), ZKFL_ERR_INVALID_ARG);
    CHECK_EQ_INT(zkfl_fl_dp_record_plan_make(&p, 10, 0, 1, 1, 8, 1e-5), ZKFL_ERR_INVALID_ARG);
    CHECK_EQ_INT(zkfl_fl_dp_record_plan_make(&p, 10, 1, 0, 1, 8, 1e-5), ZKFL_ERR_INVALID_ARG);
    CHECK_EQ_INT(zkfl_fl_dp_record_plan_make(&p, 10, 1, 1, 0, 8, 1e-5), ZKFL_ERR_INVALID_ARG);
    CHECK_EQ_INT(zkfl_fl_dp_record_plan_make(&p, 10, 1, 1, 1, 0, 1e-5), ZKFL_ERR_INVALID_ARG);
    CHECK_EQ_INT(zkfl_fl_dp_record_plan_make(&p, 10, 1, 1, 1, 8, 1), ZKFL_ERR_INVALID_ARG);
    CHECK_EQ_INT(zkfl_fl_dp_record_plan_make(&p, 10, 1, 1, 1, NAN, 1e-5), ZKFL_ERR_INVALID_ARG);
}

static void test_hook(void)
{
    enum { B = 5, P = 9000 };
    float *g = malloc(B * P * sizeof *g), *g2 = malloc(B * P * sizeof *g2);
    float *out = malloc(P * sizeof *out), *ref = malloc(P * sizeof *ref);
    CHECK(g && g2 && out && ref);
    if (!g || !g2 || !out || !ref)
        return;
    zkfl_test_rng rng;
    zkfl_test_rng_seed(&rng, 7);
    for (size_t i = 0; i < (size_t)B * P; i++)
        g[i] = (float)((double)zkfl_test_rng_next(&rng) / 18446744073709551616.0 - 0.5) *
               (i < P ? 1000.0f : 0.01f);  /* row 0 far outside the clip */
    memcpy(g2, g, B * P * sizeof *g);
    /* Without noise: the clipped sum over the expected batch, as dp.h's. */
    zkfl_fl_dp_sgd_ctx c = {1.0, 0.0, 8.0, 2};
    CHECK_OK(zkfl_fl_dp_sgd_hook(&c, out, g2, B, P));
    CHECK_OK(zkfl_dp_sgd_noisy_sum(ref, g, B, P, 1.0, 0.0));
    double maxdiff = 0;
    for (size_t i = 0; i < P; i++) {
        double d = fabs((double)out[i] - (double)ref[i] / 8.0);
        if (d > maxdiff)
            maxdiff = d;
    }
    CHECK(maxdiff < 1e-6);
    /* The big row alone contributes at most the clip. */
    memcpy(g2, g, P * sizeof *g);
    CHECK_OK(zkfl_fl_dp_sgd_hook(&c, out, g2, 1, P));
    CHECK(zkfl_dp_l2_norm(out, P) * 8.0 <= 1.0);
    CHECK(zkfl_dp_l2_norm(out, P) * 8.0 > 0.999);
    /* Noise: zero gradients, z = 2, clip 0.5, batch 4: std z clip / 4 per
     * coordinate (inflated only by the grid rounding, ~1e-4 here). */
    memset(g2, 0, B * P * sizeof *g2);
    zkfl_fl_dp_sgd_ctx cn = {0.5, 2.0, 4.0, 2};
    CHECK_OK(zkfl_fl_dp_sgd_hook(&cn, out, g2, B, P));
    double s2 = 0, mean = 0;
    for (size_t i = 0; i < P; i++) {
        mean += out[i];
        s2 += (double)out[i] * (double)out[i];
    }
    mean /= P;
    double sd = sqrt(s2 / P), want = 2.0 * 0.5 / 4.0;
    /* 9000 draws: the sample sd is within 3% of sigma with overwhelming
     * probability (sd of the estimate ~ sigma / sqrt(2 n) = 0.75%). */
    CHECK(fabs(sd - want) < 0.03 * want);
    CHECK(fabs(mean) < 5 * want / sqrt((double)P));
    /* Refusals. */
    g2[3] = NAN;
    CHECK_EQ_INT(zkfl_fl_dp_sgd_hook(&c, out, g2, B, P), ZKFL_ERR_RANGE);
    zkfl_fl_dp_sgd_ctx bad = {0.0, 1.0, 4.0, 1};
    CHECK_EQ_INT(zkfl_fl_dp_sgd_hook(&bad, out, g, B, P), ZKFL_ERR_INVALID_ARG);
    CHECK_EQ_INT(zkfl_fl_dp_sgd_hook(NULL, out, g, B, P), ZKFL_ERR_INVALID_ARG);
    free(g);
    free(g2);
    free(out);
    free(ref);
}

/* Two well separated Gaussian blobs in 4 dimensions. */
static void blobs(zkfl_dataset *ds, size_t n, uint64_t seed)
{
    CHECK_OK(zkfl_dataset_alloc(ds, n, 4, 2));
    zkfl_test_rng rng;
    zkfl_test_rng_seed(&rng, seed);
    for (size_t i = 0; i < n; i++) {
        int y = (int)(i % 2);
        ds->y[i] = y;
        for (size_t k = 0; k < 4; k++) {
            double u = (double)zkfl_test_rng_next(&rng) / 18446744073709551616.0;
            ds->x[i * 4 + k] = (float)((y ? 1.0 : -1.0) * (k < 2 ? 1.5 : 0.0) + (u - 0.5));
        }
    }
}

struct trace {
    zkfl_fl_dp_record_plan plan;  /* every client's (equal sizes) */
    double delta;
    uint32_t rounds;
};

static int check_round(void *ctx, const zkfl_fl_round_report *r)
{
    struct trace *t = ctx;
    double eps = 0;
    CHECK_OK(zkfl_dp_epsilon(&eps, NULL, t->plan.sampling_rate, t->plan.noise_multiplier,
                             t->plan.steps_per_round * r->round, t->delta, NULL,
                             ZKFL_DP_CONVERSION_IMPROVED));
    CHECK(fabs(r->epsilon - eps) < 1e-9 * eps);
    t->rounds = r->round;
    return 0;
}

/* A compliance stage that accepts every update and counts who was sampled. */
struct sampled {
    uint64_t times[3];
};

static int count_sampled(void *ctx, uint8_t *accepted, double *t_prove, double *t_verify,
                         uint32_t round, const uint32_t *clients, const int32_t *codes, size_t k,
                         size_t dim)
{
    struct sampled *s = ctx;
    for (size_t j = 0; j < k; j++) {
        accepted[j] = 1;
        if (clients[j] < 3)
            s->times[clients[j]]++;
    }
    *t_prove = *t_verify = -1;
    (void)round, (void)codes, (void)dim;
    return 0;
}

static zkfl_fl_config record_config(size_t clients, uint32_t rounds)
{
    zkfl_fl_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.n_clients = clients;
    cfg.rounds = rounds;
    cfg.sampling = ZKFL_FL_SAMPLE_ALL;
    cfg.train = zkfl_train_config_default();
    cfg.train.batch_size = 32;
    cfg.train.lr = 0.1f;
    cfg.server = zkfl_fl_server_opt_default(ZKFL_FL_FEDAVG);
    cfg.quantize = 1;
    cfg.bits = 16;
    cfg.clip = 5.0;
    cfg.dp = ZKFL_FL_DP_RECORD;
    cfg.dp_epsilon = 2.0;
    cfg.dp_delta = 1e-5;
    cfg.dp_record_clip = 1.0;
    cfg.seed = 3;
    cfg.threads = 1;
    return cfg;
}

static void test_runs(void)
{
    zkfl_dataset tr, te;
    blobs(&tr, 1200, 1);
    blobs(&te, 400, 2);
    zkfl_fl_partition_spec ps = {ZKFL_FL_PARTITION_IID, 0, 0};
    zkfl_fl_partition part;
    CHECK_OK(zkfl_fl_partition_make(&part, &ps, &tr, NULL, tr.n, 3, 1));
    zkfl_model_spec spec;
    CHECK_OK(zkfl_model_spec_parse(&spec, "logreg", 1, 1, 4, 2));

    /* Learns under epsilon 2; epsilon per round = the composed accountant. */
    zkfl_fl_config cfg = record_config(3, 3);
    struct trace t;
    memset(&t, 0, sizeof t);
    CHECK_OK(zkfl_fl_dp_record_plan_make(&t.plan, 400, 32, 1, 3, 2.0, 1e-5));
    t.delta = 1e-5;
    zkfl_model *m = NULL;
    CHECK_OK(zkfl_model_new(&m, &spec, 1));
    zkfl_fl_summary s;
    CHECK_OK(zkfl_fl_run(&s, m, &tr, &part, &te, &cfg, check_round, &t));
    CHECK_EQ_INT(s.rounds_run, 3);
    CHECK_EQ_INT(t.rounds, 3);
    CHECK(!s.stopped_by_budget);
    CHECK(s.epsilon > 1.99 && s.epsilon <= 2.0);
    CHECK(s.noise_multiplier == t.plan.noise_multiplier);
    CHECK(s.dp_delta == 1e-5);
    CHECK(s.test_accuracy > 0.9f);
    zkfl_model_free(m);

    /* Noise for 2 planned rounds, 4 requested: the third would overspend. */
    cfg = record_config(3, 4);
    cfg.dp_planned_rounds = 2;
    CHECK_OK(zkfl_fl_dp_record_plan_make(&t.plan, 400, 32, 1, 2, 2.0, 1e-5));
    t.rounds = 0;
    CHECK_OK(zkfl_model_new(&m, &spec, 1));
    CHECK_OK(zkfl_fl_run(&s, m, &tr, &part, &te, &cfg, check_round, &t));
    CHECK_EQ_INT(s.rounds_run, 2);
    CHECK_EQ_INT(t.rounds, 2);
    CHECK(s.stopped_by_budget);
    CHECK(s.epsilon <= 2.0 && s.epsilon > 1.99);
    zkfl_model_free(m);

    /* One client of three per round: nobody spends in rounds it sits out,
     * so after 4 rounds the largest epsilon is that of the client sampled
     * most often (counted by a compliance stage that accepts everyone). */
    cfg = record_config(3, 4);
    cfg.sampling = ZKFL_FL_SAMPLE_FIXED;
    cfg.sample_clients = 1;
    struct sampled count = {{0, 0, 0}};
    cfg.check_updates = count_sampled;
    cfg.check_ctx = &count;
    CHECK_OK(zkfl_fl_dp_record_plan_make(&t.plan, 400, 32, 1, 4, 2.0, 1e-5));
    CHECK_OK(zkfl_model_new(&m, &spec, 1));
    CHECK_OK(zkfl_fl_run(&s, m, &tr, &part, &te, &cfg, NULL, NULL));
    CHECK_EQ_INT(s.rounds_run, 4);
    uint64_t most = 0;
    for (int c = 0; c < 3; c++)
        most = count.times[c] > most ? count.times[c] : most;
    CHECK_EQ_INT(count.times[0] + count.times[1] + count.times[2], 4);
    double e_most = 0;
    CHECK_OK(zkfl_dp_epsilon(&e_most, NULL, t.plan.sampling_rate, t.plan.noise_multiplier,
                             t.plan.steps_per_round * most, 1e-5, NULL,
                             ZKFL_DP_CONVERSION_IMPROVED));
    CHECK(fabs(s.epsilon - e_most) < 1e-9 * e_most);
    if (most < 4)
        CHECK(s.epsilon < 1.99);  /* full participation would have spent ~2 */
    zkfl_model_free(m);

    /* Bad settings. */
    cfg = record_config(3, 1);
    cfg.dp_record_clip = 0;
    CHECK_OK(zkfl_model_new(&m, &spec, 1));
    CHECK_EQ_INT(zkfl_fl_run(&s, m, &tr, &part, &te, &cfg, NULL, NULL), ZKFL_ERR_INVALID_ARG);
    cfg = record_config(3, 1);
    cfg.dp = 7;
    CHECK_EQ_INT(zkfl_fl_run(&s, m, &tr, &part, &te, &cfg, NULL, NULL), ZKFL_ERR_INVALID_ARG);
    cfg = record_config(3, 1);
    cfg.train.per_example_hook = zkfl_dp_sgd_hook;
    CHECK_EQ_INT(zkfl_fl_run(&s, m, &tr, &part, &te, &cfg, NULL, NULL), ZKFL_ERR_INVALID_ARG);
    zkfl_model_free(m);

    zkfl_fl_partition_free(&part);
    zkfl_dataset_free(&tr);
    zkfl_dataset_free(&te);
}

/* Fashion-MNIST logreg with DP-SGD at epsilon 8 must learn (chance is 0.1). */
static void test_fashion_mnist(void)
{
    zkfl_dataset tr, te, small;
    if (zkfl_dataset_load_fashion_mnist(&tr, &te, NULL, ZKFL_FMNIST_STANDARDIZE) != 0) {
        printf("fashion-mnist not installed: skipped (%s)\n", zkfl_ml_last_error());
        return;
    }
    uint32_t idx[1000];
    for (uint32_t i = 0; i < 1000; i++)
        idx[i] = i;
    CHECK_OK(zkfl_dataset_copy(&small, &te, idx, 1000));
    zkfl_fl_partition_spec ps = {ZKFL_FL_PARTITION_IID, 0, 0};
    zkfl_fl_partition part;
    uint32_t pool[6000];
    for (uint32_t i = 0; i < 6000; i++)
        pool[i] = i;
    CHECK_OK(zkfl_fl_partition_make(&part, &ps, &tr, pool, 6000, 3, 1));
    zkfl_model_spec spec;
    CHECK_OK(zkfl_model_spec_parse(&spec, "logreg", 1, 28, 28, 10));
    zkfl_model *m = NULL;
    CHECK_OK(zkfl_model_new(&m, &spec, 1));
    zkfl_fl_config cfg = record_config(3, 2);
    cfg.train.batch_size = 128;
    cfg.train.lr = 0.2f;
    cfg.dp_epsilon = 8;
    cfg.threads = 2;
    zkfl_fl_summary s;
    CHECK_OK(zkfl_fl_run(&s, m, &tr, &part, &small, &cfg, NULL, NULL));
    printf("fashion-mnist logreg, record-level DP epsilon %.3f: accuracy %.4f\n", s.epsilon,
           (double)s.test_accuracy);
    CHECK(s.test_accuracy > 0.6f);
    CHECK(s.epsilon > 7.9 && s.epsilon <= 8.0);
    zkfl_model_free(m);
    zkfl_fl_partition_free(&part);
    zkfl_dataset_free(&small);
    zkfl_dataset_free(&tr);
    zkfl_dataset_free(&te);
}

int main(void)
{
    test_plan();
    test_hook();
    test_runs();
    test_fashion_mnist();
    return zkfl_test_done("fl_dp_record");
}
