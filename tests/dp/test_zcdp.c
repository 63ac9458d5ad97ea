/* dp: zCDP conversion, exact discrete Gaussian privacy curve, and the
 * distributed discrete Gaussian bound. */
#include <math.h>
#include "testlib.h"
#include "zkfl/dp.h"

static double eps_at(double a, double rho, double delta)
{
    return a * rho + log1p(-1 / a) - (log(a) + log(delta)) / (a - 1);
}

int main(void)
{
    double rhos[] = {1e-4, 0.005, 0.125, 0.5, 2.0, 10.0};
    double deltas[] = {1e-3, 1e-5, 1e-9};
    for (size_t i = 0; i < 6; i++) {
        for (size_t j = 0; j < 3; j++) {
            double eps;
            CHECK_OK(zkfl_dp_zcdp_to_epsilon(&eps, rhos[i], deltas[j]));
            /* Tighter than the standard rho + 2 sqrt(rho ln(1/delta)). */
            CHECK(eps < rhos[i] + 2 * sqrt(rhos[i] * log(1 / deltas[j])));
            /* And it is the minimum: a dense scan finds nothing lower. */
            double scan = INFINITY;
            for (int k = 0; k < 200000; k++) {
                double a = 1 + pow(10, -5 + 12.0 * k / 200000);
                double e = eps_at(a, rhos[i], deltas[j]);
                if (e < scan) scan = e;
            }
            CHECK(eps <= scan + 1e-12 && eps >= scan - 1e-6 * scan);
        }
    }
    double eps;
    CHECK_OK(zkfl_dp_zcdp_to_epsilon(&eps, 0.0, 1e-5));
    CHECK(eps == 0.0);
    CHECK(zkfl_dp_zcdp_to_epsilon(&eps, -1, 1e-5) == ZKFL_ERR_INVALID_ARG);

    /* The discrete Gaussian with sigma^2 = 100, sensitivity 1 is rho = 0.005
     * zCDP; its exact curve must sit below the converted guarantee, and
     * close to the continuous Gaussian's (CKS 2020, Figure 1). */
    CHECK_OK(zkfl_dp_zcdp_to_epsilon(&eps, 0.005, 1e-5));
    double d_exact, d_cont;
    CHECK_OK(zkfl_dp_discrete_gaussian_delta(&d_exact, eps, 100.0, 1));
    CHECK(d_exact <= 1e-5);
    CHECK_OK(zkfl_dp_analytic_delta(&d_cont, 10.0, eps, 1.0));
    CHECK(fabs(d_exact - d_cont) < 0.02 * d_cont);
    /* sigma^2 = 1/4, sensitivity 1: epsilon 0 gives delta = TV distance
     * P[X >= 0] - P[X >= 1] ... computed directly from the pmf. */
    long double w[7], norm = 0;
    for (int k = -3; k <= 3; k++) { w[k + 3] = expl(-(long double)k * k * 2); norm += w[k + 3]; }
    long double tv = 0; /* P[X > -1/2] - P[X > 1/2] = P[X = 0] */
    tv = w[3] / norm;
    CHECK_OK(zkfl_dp_discrete_gaussian_delta(&d_exact, 0.0, 0.25, 1));
    CHECK(fabsl(d_exact - tv) < 1e-12L);
    /* Monotone: delta falls with epsilon and with sigma. */
    double a, b, c;
    CHECK_OK(zkfl_dp_discrete_gaussian_delta(&a, 0.5, 9.0, 1));
    CHECK_OK(zkfl_dp_discrete_gaussian_delta(&b, 1.0, 9.0, 1));
    CHECK_OK(zkfl_dp_discrete_gaussian_delta(&c, 1.0, 16.0, 1));
    CHECK(a > b && b > c);
    CHECK(zkfl_dp_discrete_gaussian_delta(&a, 1.0, 0.0, 1) == ZKFL_ERR_INVALID_ARG);

    /* Distributed DG: one party is exactly the discrete Gaussian's rho. */
    double rho;
    CHECK_OK(zkfl_dp_ddg_rho(&rho, 4.0, 1, 1000, 2.0, 50.0));
    CHECK(fabs(rho - 4.0 / 8.0) < 1e-15);
    /* Many parties: approaches l2^2 / (2 n sigma2) from above. */
    CHECK_OK(zkfl_dp_ddg_rho(&rho, 4.0, 10, 1000, 2.0, 50.0));
    CHECK(rho >= 4.0 / 80.0 && rho < 4.0 / 80.0 * (1 + 1e-12));
    /* Small shares: tau matters and rho grows. */
    double rho_small;
    CHECK_OK(zkfl_dp_ddg_rho(&rho_small, 0.25, 40, 100000, 2.0, 50.0));
    CHECK(rho_small > 4.0 / (2 * 40 * 0.25));
    double tau = 0;
    for (int k = 1; k < 40; k++) tau += exp(-2 * 9.869604401089358 * 0.25 * k / (k + 1.0));
    tau *= 10;
    double e1 = sqrt(4.0 / 10.0 + 0.5 * tau * 100000), e2 = 50.0 / sqrt(10.0) + tau * sqrt(100000.0);
    double m = e1 < e2 ? e1 : e2;
    CHECK(fabs(rho_small - m * m / 2) < 1e-12 * rho_small);
    CHECK(zkfl_dp_ddg_rho(&rho, 0.2, 4, 10, 1.0, 1.0) == ZKFL_ERR_INVALID_ARG);

    /* DDG calibration: 10 parties, 3 colluding, d = 1000, l2 = 1, l1 = 30. */
    double s2, e_at, e_below;
    CHECK_OK(zkfl_dp_ddg_calibrate(&s2, 2.0, 1e-5, 10, 3, 1000, 1.0, 30.0));
    CHECK_OK(zkfl_dp_ddg_rho(&rho, s2, 7, 1000, 1.0, 30.0));
    CHECK_OK(zkfl_dp_zcdp_to_epsilon(&e_at, rho, 1e-5));
    CHECK(e_at <= 2.0 && e_at > 2.0 * (1 - 1e-6));
    CHECK_OK(zkfl_dp_ddg_rho(&rho, s2 * (1 - 1e-6), 7, 1000, 1.0, 30.0));
    CHECK_OK(zkfl_dp_zcdp_to_epsilon(&e_below, rho, 1e-5));
    CHECK(e_below > 2.0);
    /* More colluders need more noise from each honest party. */
    double s2_more;
    CHECK_OK(zkfl_dp_ddg_calibrate(&s2_more, 2.0, 1e-5, 10, 6, 1000, 1.0, 30.0));
    CHECK(s2_more > s2);
    CHECK(zkfl_dp_ddg_calibrate(&s2, 2.0, 1e-5, 10, 10, 1000, 1.0, 30.0) == ZKFL_ERR_INVALID_ARG);
    return zkfl_test_done("dp_zcdp");
}
