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

    /* Distributed DG, Proposition 14: one party is exactly the discrete
     * Gaussian's RDP alpha l2^2 / (2 sigma2). */
    double rdp;
    CHECK_OK(zkfl_dp_ddg_rdp(&rdp, 3.0, 4.0, 1, 1000, 2.0, 50.0));
    CHECK(fabs(rdp - 3.0 * 4.0 / 8.0) < 1e-15);
    /* Many parties with large shares: tau ~ 0, approaches alpha l2^2 / (2 n sigma2). */
    CHECK_OK(zkfl_dp_ddg_rdp(&rdp, 3.0, 4.0, 10, 1000, 2.0, 50.0));
    CHECK(rdp >= 3.0 * 4.0 / 80.0 && rdp < 3.0 * 4.0 / 80.0 * (1 + 1e-12));
    /* Small shares: tau matters; compare with the three terms written out. */
    double tau = 0;
    for (int k = 1; k < 40; k++) tau += exp(-2 * 9.869604401089358 * 0.3 * k / (k + 1.0));
    tau *= 10;
    double sc = sqrt(40 * 0.3), a2 = 2.0 / sc, b1 = 50.0 / sc, dd = 1000.0, al = 5.0;
    double t1 = al / 2 * a2 * a2 + tau * dd;
    double t2 = al / 2 * (a2 * a2 + 2 * b1 * tau + tau * tau * dd);
    double t3 = al / 2 * (a2 + sqrt(dd) * tau) * (a2 + sqrt(dd) * tau);
    double m = fmin(t1, fmin(t2, t3));
    CHECK_OK(zkfl_dp_ddg_rdp(&rdp, al, 0.3, 40, 1000, 2.0, 50.0));
    CHECK(fabs(rdp - m) < 1e-12 * m);
    CHECK(rdp > al * 4.0 / (2 * 40 * 0.3));
    CHECK(zkfl_dp_ddg_rdp(&rdp, 2.0, 0.2, 4, 10, 1.0, 1.0) == ZKFL_ERR_INVALID_ARG);
    CHECK(zkfl_dp_ddg_rdp(&rdp, 1.0, 1.0, 4, 10, 1.0, 1.0) == ZKFL_ERR_INVALID_ARG);
    /* One party, one round: the integer-order conversion is at least the
     * continuous-order zCDP conversion and close to it. */
    double e_ddg, e_z, ord;
    CHECK_OK(zkfl_dp_ddg_epsilon(&e_ddg, &ord, 25.0, 1, 100, 1.0, 10.0, 1, 1e-5));
    CHECK_OK(zkfl_dp_zcdp_to_epsilon(&e_z, 1.0 / 50.0, 1e-5));
    CHECK(e_ddg >= e_z && e_ddg < e_z * 1.01);
    /* Rounds compose. */
    double e_r;
    CHECK_OK(zkfl_dp_ddg_epsilon(&e_r, NULL, 25.0, 1, 100, 1.0, 10.0, 4, 1e-5));
    CHECK(e_r > e_ddg);

    /* DDG calibration: 10 parties, 3 colluding, d = 1000, l2 = 1, l1 = 30, 5 rounds. */
    double s2, e_at, e_below;
    CHECK_OK(zkfl_dp_ddg_calibrate(&s2, 2.0, 1e-5, 10, 3, 1000, 1.0, 30.0, 5));
    CHECK_OK(zkfl_dp_ddg_epsilon(&e_at, NULL, s2, 7, 1000, 1.0, 30.0, 5, 1e-5));
    CHECK(e_at <= 2.0 && e_at > 2.0 * (1 - 1e-6));
    CHECK_OK(zkfl_dp_ddg_epsilon(&e_below, NULL, s2 * (1 - 1e-6), 7, 1000, 1.0, 30.0, 5, 1e-5));
    CHECK(e_below > 2.0);
    /* More colluders need more noise from each honest party. */
    double s2_more;
    CHECK_OK(zkfl_dp_ddg_calibrate(&s2_more, 2.0, 1e-5, 10, 6, 1000, 1.0, 30.0, 5));
    CHECK(s2_more > s2);
    CHECK(zkfl_dp_ddg_calibrate(&s2, 2.0, 1e-5, 10, 10, 1000, 1.0, 30.0, 5) == ZKFL_ERR_INVALID_ARG);
    return zkfl_test_done("dp_zcdp");
}
