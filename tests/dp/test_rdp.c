/* dp: RDP accounting reproduces the published Opacus and TF Privacy
 * epsilons, and behaves monotonically. */
#include <math.h>
#include <string.h>
#include "testlib.h"
#include "zkfl/dp.h"

static int close_rel(double a, double b, double tol)
{
    return fabs(a - b) <= tol * fabs(b);
}

int main(void)
{
    struct zkfl_dp_orders op, tf, parsed;
    CHECK_OK(zkfl_dp_orders_standard(&op, ZKFL_DP_ORDERS_OPACUS));
    CHECK_OK(zkfl_dp_orders_standard(&tf, ZKFL_DP_ORDERS_TF_PRIVACY));
    CHECK_EQ_INT(op.n, 151);
    CHECK_EQ_INT(tf.n, 155);
    CHECK(op.alpha[0] == 1.1 && op.alpha[98] == 10.9 && op.alpha[99] == 12.0 && op.alpha[150] == 63.0);
    CHECK(tf.alpha[99] == 11.0 && tf.alpha[151] == 63.0 && tf.alpha[154] == 512.0);
    CHECK(zkfl_dp_orders_standard(&op, (enum zkfl_dp_orders_kind)7) == ZKFL_ERR_INVALID_ARG);
    zkfl_dp_orders_standard(&op, ZKFL_DP_ORDERS_OPACUS);

    /* Opacus (README / tutorial values): q = 0.04, z = 1.5, 2250 steps. */
    double eps, order;
    CHECK_OK(zkfl_dp_epsilon(&eps, &order, 0.04, 1.5, 2250, 1e-5, NULL, ZKFL_DP_CONVERSION_IMPROVED));
    CHECK(close_rel(eps, 7.32911117143, 1e-9));
    CHECK(order == 3.9);
    /* TF Privacy compute_dp_sgd_privacy: n=60000, batch 150, z=1.3, 15 epochs. */
    CHECK_OK(zkfl_dp_epsilon(&eps, &order, 150.0 / 60000.0, 1.3, 6000, 1e-5, &tf,
                             ZKFL_DP_CONVERSION_IMPROVED));
    CHECK(close_rel(eps, 0.7242234026109595, 1e-9));
    CHECK(order == 19.0);
    /* Classic conversion is looser. */
    double eps_classic;
    CHECK_OK(zkfl_dp_epsilon(&eps_classic, NULL, 0.04, 1.5, 2250, 1e-5, NULL, ZKFL_DP_CONVERSION_CLASSIC));
    CHECK(eps_classic > 7.32911117143);

    /* Full-batch Gaussian: RDP = alpha/(2 z^2) exactly. */
    double r;
    CHECK_OK(zkfl_dp_rdp_subsampled_gaussian(&r, 1.0, 2.0, 8.0));
    CHECK(r == 1.0);
    CHECK_OK(zkfl_dp_rdp_subsampled_gaussian(&r, 0.0, 2.0, 8.0));
    CHECK(r == 0.0);
    CHECK_OK(zkfl_dp_rdp_subsampled_gaussian(&r, 0.5, 0.0, 8.0));
    CHECK(isinf(r));
    /* Integer and fractional code paths agree near an integer order. */
    double r_int, r_frac;
    CHECK_OK(zkfl_dp_rdp_subsampled_gaussian(&r_int, 0.01, 1.1, 4.0));
    CHECK_OK(zkfl_dp_rdp_subsampled_gaussian(&r_frac, 0.01, 1.1, 4.0 + 1e-9));
    CHECK(close_rel(r_frac, r_int, 1e-6));
    CHECK_OK(zkfl_dp_rdp_subsampled_gaussian(&r_frac, 0.01, 1.1, 4.0 - 1e-9));
    CHECK(close_rel(r_frac, r_int, 1e-6));
    /* Subsampling amplifies: RDP(q) <= RDP(1) and increases with alpha. */
    double prev = 0.0;
    for (size_t i = 0; i < op.n; i++) {
        CHECK_OK(zkfl_dp_rdp_subsampled_gaussian(&r, 0.02, 0.9, op.alpha[i]));
        CHECK(r >= prev * (1 - 1e-12) && r <= op.alpha[i] / (2 * 0.9 * 0.9));
        prev = r;
    }
    /* Bad arguments. */
    CHECK(zkfl_dp_rdp_subsampled_gaussian(&r, 1.5, 1.0, 2.0) == ZKFL_ERR_INVALID_ARG);
    CHECK(zkfl_dp_rdp_subsampled_gaussian(&r, 0.5, 1.0, 1.0) == ZKFL_ERR_INVALID_ARG);
    CHECK(zkfl_dp_rdp_subsampled_gaussian(&r, NAN, 1.0, 2.0) == ZKFL_ERR_INVALID_ARG);
    CHECK(zkfl_dp_epsilon(&eps, NULL, 0.04, 1.5, 10, 0.0, NULL, 0) == ZKFL_ERR_INVALID_ARG);
    CHECK(zkfl_dp_epsilon(&eps, NULL, 0.04, 1.5, 10, 1e-5, NULL, (enum zkfl_dp_conversion)5) ==
          ZKFL_ERR_INVALID_ARG);

    /* Monotonicity: epsilon grows with steps and falls with noise. */
    double e1, e2, e3;
    CHECK_OK(zkfl_dp_epsilon(&e1, NULL, 0.01, 1.0, 100, 1e-5, NULL, 0));
    CHECK_OK(zkfl_dp_epsilon(&e2, NULL, 0.01, 1.0, 1000, 1e-5, NULL, 0));
    CHECK_OK(zkfl_dp_epsilon(&e3, NULL, 0.01, 2.0, 1000, 1e-5, NULL, 0));
    CHECK(e1 < e2);
    CHECK(e3 < e2);

    /* The noise multiplier search inverts epsilon: z for the Opacus epsilon is 1.5. */
    double z;
    CHECK_OK(zkfl_dp_noise_multiplier(&z, 0.04, 2250, 7.32911117143865, 1e-5, NULL, 0));
    CHECK(fabs(z - 1.5) < 1e-8);
    CHECK_OK(zkfl_dp_epsilon(&eps, NULL, 0.04, z, 2250, 1e-5, NULL, 0));
    CHECK(eps <= 7.32911117143865);
    CHECK_OK(zkfl_dp_noise_multiplier(&z, 0.0025, 6000, 0.7242234026109595, 1e-5, &tf, 0));
    CHECK(fabs(z - 1.3) < 1e-8);
    CHECK_OK(zkfl_dp_noise_multiplier(&z, 0.01, 500, 2.0, 1e-6, NULL, 0));
    CHECK_OK(zkfl_dp_epsilon(&eps, NULL, 0.01, z, 500, 1e-6, NULL, 0));
    CHECK(eps <= 2.0 && eps > 2.0 * (1 - 1e-6));
    CHECK_OK(zkfl_dp_epsilon(&eps, NULL, 0.01, z * (1 - 1e-6), 500, 1e-6, NULL, 0));
    CHECK(eps > 2.0);
    CHECK(zkfl_dp_noise_multiplier(&z, 0.01, 500, 0.0, 1e-6, NULL, 0) == ZKFL_ERR_INVALID_ARG);

    /* Order list parsing. */
    CHECK_OK(zkfl_dp_orders_parse(&parsed, "1.5,2,32"));
    CHECK_EQ_INT(parsed.n, 3);
    CHECK(parsed.alpha[0] == 1.5 && parsed.alpha[2] == 32.0);
    CHECK(zkfl_dp_orders_parse(&parsed, "") == ZKFL_ERR_FORMAT);
    CHECK(zkfl_dp_orders_parse(&parsed, "2,") == ZKFL_ERR_FORMAT);
    CHECK(zkfl_dp_orders_parse(&parsed, "1") == ZKFL_ERR_FORMAT);
    CHECK(zkfl_dp_orders_parse(&parsed, "2,x") == ZKFL_ERR_FORMAT);
    CHECK(zkfl_dp_orders_parse(&parsed, "inf") == ZKFL_ERR_FORMAT);
    CHECK(zkfl_dp_orders_parse(&parsed, "nan") == ZKFL_ERR_FORMAT);
    CHECK(zkfl_dp_orders_parse(&parsed, "2 ,3") == ZKFL_ERR_FORMAT);
    /* A custom list containing Opacus's best order gives the same epsilon. */
    CHECK_OK(zkfl_dp_orders_parse(&parsed, "2,3.9,8"));
    CHECK_OK(zkfl_dp_epsilon(&eps, &order, 0.04, 1.5, 2250, 1e-5, &parsed, 0));
    CHECK(close_rel(eps, 7.32911117143, 1e-9) && order == 3.9);
    return zkfl_test_done("dp_rdp");
}
