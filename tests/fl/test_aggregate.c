/* FedAvg weighted mean and FedAdam / FedYogi steps against hand
 * computations. */
#include <math.h>
#include "testlib.h"
#include "zkfl/fl.h"

static int close_to(double a, double b, double tol)
{
    return fabs(a - b) <= tol;
}

static void test_weighted_mean(void)
{
    /* Clients with 10, 30, 60 examples: weights 0.1, 0.3, 0.6. */
    const float u[3 * 2] = {1.0f, -2.0f, 3.0f, 0.5f, -1.0f, 4.0f};
    const double w[3] = {10, 30, 60};
    float out[2];
    CHECK_OK(zkfl_fl_weighted_mean(out, u, w, 3, 2));
    CHECK(close_to(out[0], 0.1 * 1 + 0.3 * 3 + 0.6 * -1, 1e-6));   /* 0.4 */
    CHECK(close_to(out[1], 0.1 * -2 + 0.3 * 0.5 + 0.6 * 4, 1e-6)); /* 2.35 */
    const double zero[3] = {0, 0, 0}, neg[3] = {1, -1, 1};
    CHECK_EQ_INT(zkfl_fl_weighted_mean(out, u, zero, 3, 2), ZKFL_ERR_INVALID_ARG);
    CHECK_EQ_INT(zkfl_fl_weighted_mean(out, u, neg, 3, 2), ZKFL_ERR_INVALID_ARG);
}

static void test_fedavg_step(void)
{
    zkfl_fl_server_opt_config c = zkfl_fl_server_opt_default(ZKFL_FL_FEDAVG);
    CHECK(c.server_lr == 1.0);
    c.server_lr = 0.5;
    zkfl_fl_server_opt *o;
    CHECK_OK(zkfl_fl_server_opt_new(&o, &c, 2));
    float x[2] = {1.0f, 2.0f};
    const float d[2] = {0.2f, -0.4f};
    CHECK_OK(zkfl_fl_server_opt_step(o, x, d, 2));
    CHECK(close_to(x[0], 1.1, 1e-6) && close_to(x[1], 1.8, 1e-6));
    CHECK_EQ_INT(zkfl_fl_server_opt_step(o, x, d, 3), ZKFL_ERR_INVALID_ARG);
    zkfl_fl_server_opt_free(o);
}

/* Two steps with eta 0.1, b1 0.9, b2 0.99, tau 0.01, worked by hand:
 * delta1 = 0.5: m = 0.05, v_adam = 0.99e-4 + 0.01*0.25 = 0.002599,
 *   x = 0.1 * 0.05 / (sqrt(0.002599) + 0.01)
 * Yogi: v = 1e-4 - 0.01 * 0.25 * sign(1e-4 - 0.25) = 1e-4 + 0.0025 = 0.0026
 * delta2 = -0.1: m = 0.045 - 0.01 = 0.035
 *   adam v = 0.99*0.002599 + 0.01*0.01 = 0.00267301
 *   yogi v = 0.0026 - 0.01*0.01*sign(0.0026 - 0.01) = 0.0027 */
static void test_adaptive(uint32_t strategy)
{
    zkfl_fl_server_opt_config c = {strategy, 0.1, 0.9, 0.99, 0.01};
    zkfl_fl_server_opt *o;
    CHECK_OK(zkfl_fl_server_opt_new(&o, &c, 1));
    float x = 0;
    const float d1 = 0.5f, d2 = -0.1f;
    CHECK_OK(zkfl_fl_server_opt_step(o, &x, &d1, 1));
    double v1 = strategy == ZKFL_FL_FEDADAM ? 0.002599 : 0.0026;
    double x1 = 0.1 * 0.05 / (sqrt(v1) + 0.01);
    CHECK(close_to(x, x1, 1e-6));
    CHECK_OK(zkfl_fl_server_opt_step(o, &x, &d2, 1));
    double v2 = strategy == ZKFL_FL_FEDADAM ? 0.00267301 : 0.0027;
    double x2 = x1 + 0.1 * 0.035 / (sqrt(v2) + 0.01);
    printf("%s: x1 %.7f (want %.7f), x2 %.7f (want %.7f)\n", zkfl_fl_strategy_name(strategy),
           x, x1, x, x2);
    CHECK(close_to(x, x2, 1e-6));
    zkfl_fl_server_opt_free(o);
}

/* Yogi's v grows additively, Adam's multiplicatively: after a large delta
 * followed by small ones, Yogi's v decays far more slowly. */
static void test_yogi_vs_adam(void)
{
    zkfl_fl_server_opt_config ca = {ZKFL_FL_FEDADAM, 0.1, 0.0, 0.5, 1e-3};
    zkfl_fl_server_opt_config cy = {ZKFL_FL_FEDYOGI, 0.1, 0.0, 0.5, 1e-3};
    zkfl_fl_server_opt *a, *y;
    CHECK_OK(zkfl_fl_server_opt_new(&a, &ca, 1));
    CHECK_OK(zkfl_fl_server_opt_new(&y, &cy, 1));
    float xa = 0, xy = 0;
    const float big = 1.0f, small = 0.01f;
    CHECK_OK(zkfl_fl_server_opt_step(a, &xa, &big, 1));
    CHECK_OK(zkfl_fl_server_opt_step(y, &xy, &big, 1));
    float ya0 = xa, yy0 = xy;
    for (int i = 0; i < 5; i++) {
        CHECK_OK(zkfl_fl_server_opt_step(a, &xa, &small, 1));
        CHECK_OK(zkfl_fl_server_opt_step(y, &xy, &small, 1));
    }
    CHECK((xy - yy0) < (xa - ya0));
    zkfl_fl_server_opt_free(a);
    zkfl_fl_server_opt_free(y);
}

static void test_parse(void)
{
    uint32_t s;
    CHECK_OK(zkfl_fl_strategy_parse(&s, "fedyogi"));
    CHECK_EQ_INT(s, ZKFL_FL_FEDYOGI);
    CHECK_EQ_INT(zkfl_fl_strategy_parse(&s, "FedAvg"), ZKFL_ERR_FORMAT);
    zkfl_fl_server_opt *o;
    zkfl_fl_server_opt_config bad = {ZKFL_FL_FEDADAM, 0.1, 1.0, 0.99, 1e-3};
    CHECK_EQ_INT(zkfl_fl_server_opt_new(&o, &bad, 4), ZKFL_ERR_INVALID_ARG);
    bad.beta1 = 0.9;
    bad.tau = 0;
    CHECK_EQ_INT(zkfl_fl_server_opt_new(&o, &bad, 4), ZKFL_ERR_INVALID_ARG);
}

int main(void)
{
    test_weighted_mean();
    test_fedavg_step();
    test_adaptive(ZKFL_FL_FEDADAM);
    test_adaptive(ZKFL_FL_FEDYOGI);
    test_yogi_vs_adam();
    test_parse();
    return zkfl_test_done("fl_aggregate");
}
