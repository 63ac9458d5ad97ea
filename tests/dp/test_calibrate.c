/* dp: analytic and classic Gaussian calibration. */
#include <math.h>
#include "testlib.h"
#include "zkfl/dp.h"

int main(void)
{
    double sigma, d;
    /* Balle & Wang 2018: (1, 1e-5, 1) -> 3.730632... */
    CHECK_OK(zkfl_dp_sigma_analytic(&sigma, 1.0, 1e-5, 1.0));
    CHECK(fabs(sigma - 3.730632) < 1e-6);
    CHECK_OK(zkfl_dp_analytic_delta(&d, sigma, 1.0, 1.0));
    CHECK(d <= 1e-5);
    CHECK_OK(zkfl_dp_analytic_delta(&d, sigma - 1e-6, 1.0, 1.0));
    CHECK(d > 1e-5);
    /* Scaling: sigma is linear in the sensitivity. */
    double s3;
    CHECK_OK(zkfl_dp_sigma_analytic(&s3, 1.0, 1e-5, 3.0));
    CHECK(fabs(s3 - 3 * sigma) < 1e-9 * s3);
    /* Large and small epsilon still meet the guarantee tightly. */
    double eps_list[] = {0.01, 0.1, 0.5, 2.0, 8.0, 30.0};
    for (size_t i = 0; i < sizeof eps_list / sizeof eps_list[0]; i++) {
        CHECK_OK(zkfl_dp_sigma_analytic(&sigma, eps_list[i], 1e-6, 1.0));
        CHECK_OK(zkfl_dp_analytic_delta(&d, sigma, eps_list[i], 1.0));
        CHECK(d <= 1e-6);
        CHECK_OK(zkfl_dp_analytic_delta(&d, sigma * (1 - 1e-9), eps_list[i], 1.0));
        CHECK(d > 1e-6 * (1 - 1e-6));
        /* Analytic never needs more noise than the classic bound where that applies. */
        double classic;
        if (eps_list[i] < 1.0) {
            CHECK_OK(zkfl_dp_sigma_classic(&classic, eps_list[i], 1e-6, 1.0));
            CHECK(sigma < classic);
        }
    }
    /* Classic: the formula, and refusal at epsilon >= 1. */
    CHECK_OK(zkfl_dp_sigma_classic(&sigma, 0.5, 1e-5, 2.0));
    CHECK(fabs(sigma - sqrt(2 * log(1.25 / 1e-5)) * 2.0 / 0.5) < 1e-12);
    CHECK(zkfl_dp_sigma_classic(&sigma, 1.0, 1e-5, 1.0) == ZKFL_ERR_RANGE);
    CHECK(zkfl_dp_sigma_classic(&sigma, 3.0, 1e-5, 1.0) == ZKFL_ERR_RANGE);
    /* Bad arguments. */
    CHECK(zkfl_dp_sigma_analytic(&sigma, 0.0, 1e-5, 1.0) == ZKFL_ERR_INVALID_ARG);
    CHECK(zkfl_dp_sigma_analytic(&sigma, 1.0, 0.0, 1.0) == ZKFL_ERR_INVALID_ARG);
    CHECK(zkfl_dp_sigma_analytic(&sigma, 1.0, 1.0, 1.0) == ZKFL_ERR_INVALID_ARG);
    CHECK(zkfl_dp_sigma_analytic(&sigma, 1.0, 1e-5, -1.0) == ZKFL_ERR_INVALID_ARG);
    CHECK(zkfl_dp_sigma_analytic(&sigma, NAN, 1e-5, 1.0) == ZKFL_ERR_INVALID_ARG);
    CHECK(zkfl_dp_sigma_classic(&sigma, 0.5, 1e-5, INFINITY) == ZKFL_ERR_INVALID_ARG);
    return zkfl_test_done("dp_calibrate");
}
