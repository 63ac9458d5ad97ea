/* dp: the round-by-round accountant, budget refusal and the planner. */
#include <math.h>
#include "testlib.h"
#include "zkfl/dp.h"

int main(void)
{
    zkfl_dp_accountant *acc;
    double eps, order, direct;

    /* Composition: 250 single-step spends equal one 250-step computation. */
    CHECK_OK(zkfl_dp_accountant_new(&acc, INFINITY, 1e-5, NULL));
    CHECK_OK(zkfl_dp_accountant_epsilon(acc, &eps, NULL));
    CHECK(eps == 0.0);
    for (int i = 0; i < 250; i++)
        CHECK_OK(zkfl_dp_accountant_spend(acc, 0.04, 1.5, 1));
    CHECK_OK(zkfl_dp_accountant_epsilon(acc, &eps, &order));
    CHECK_OK(zkfl_dp_epsilon(&direct, NULL, 0.04, 1.5, 250, 1e-5, NULL, 0));
    CHECK(fabs(eps - direct) < 1e-9 * direct);
    CHECK_EQ_INT(zkfl_dp_accountant_history_len(acc), 250);
    /* Heterogeneous history: RDP adds across different mechanisms. */
    CHECK_OK(zkfl_dp_accountant_spend(acc, 0.04, 1.5, 2000));
    CHECK_OK(zkfl_dp_accountant_epsilon(acc, &eps, &order));
    CHECK(fabs(eps - 7.32911117143) < 1e-8 * 7.33);
    CHECK(order == 3.9);
    CHECK_OK(zkfl_dp_accountant_spend(acc, 0.5, 3.0, 7));
    double q, z;
    uint64_t steps;
    CHECK_OK(zkfl_dp_accountant_history(acc, 251, &q, &z, &steps));
    CHECK(q == 0.5 && z == 3.0 && steps == 7);
    CHECK_OK(zkfl_dp_accountant_history(acc, 250, &q, &z, &steps));
    CHECK(q == 0.04 && z == 1.5 && steps == 2000);
    CHECK(zkfl_dp_accountant_history(acc, 252, &q, &z, &steps) == ZKFL_ERR_INVALID_ARG);
    double after;
    CHECK_OK(zkfl_dp_accountant_epsilon(acc, &eps, NULL));
    CHECK_OK(zkfl_dp_accountant_peek(acc, &after, 0.04, 1.5, 10));
    CHECK(after > eps);
    zkfl_dp_accountant_free(acc);

    /* Planner + budget: the planned z lasts exactly the planned rounds. */
    struct zkfl_dp_plan plan;
    CHECK_OK(zkfl_dp_plan_rounds(&plan, 2.0, 1e-5, 100, 0.1));
    CHECK(plan.noise_multiplier > 0.5 && plan.noise_multiplier < 20);
    CHECK(plan.epsilon <= 2.0 && plan.epsilon > 2.0 * (1 - 1e-6));
    CHECK(plan.rounds == 100 && plan.sampling_rate == 0.1);
    CHECK_OK(zkfl_dp_accountant_new(&acc, 2.0, 1e-5, NULL));
    double prev = 0.0;
    int refused_early = 0;
    for (int r = 0; r < 100; r++) {
        if (zkfl_dp_accountant_spend(acc, 0.1, plan.noise_multiplier, 1) != 0)
            refused_early = 1;
        CHECK_OK(zkfl_dp_accountant_epsilon(acc, &eps, NULL));
        CHECK(eps > prev); /* grows every round */
        prev = eps;
    }
    CHECK(!refused_early);
    CHECK(fabs(eps - plan.epsilon) < 1e-9);
    CHECK(zkfl_dp_accountant_spend(acc, 0.1, plan.noise_multiplier, 1) == ZKFL_ERR_BUDGET);
    CHECK_EQ_INT(zkfl_dp_accountant_history_len(acc), 100);
    CHECK_OK(zkfl_dp_accountant_epsilon(acc, &after, NULL));
    CHECK(after == eps); /* the refused round left no trace */
    /* A round with no sampling costs nothing and is accepted. */
    CHECK_OK(zkfl_dp_accountant_spend(acc, 0.0, 1.0, 1));
    zkfl_dp_accountant_free(acc);

    /* Custom orders and bad arguments. */
    struct zkfl_dp_orders o = {.n = 2, .alpha = {2.0, 0.5}};
    CHECK(zkfl_dp_accountant_new(&acc, 1.0, 1e-5, &o) == ZKFL_ERR_INVALID_ARG);
    CHECK(zkfl_dp_accountant_new(&acc, 0.0, 1e-5, NULL) == ZKFL_ERR_INVALID_ARG);
    CHECK(zkfl_dp_accountant_new(&acc, 1.0, 1.0, NULL) == ZKFL_ERR_INVALID_ARG);
    CHECK_OK(zkfl_dp_accountant_new(&acc, 1.0, 1e-5, NULL));
    CHECK(zkfl_dp_accountant_spend(acc, 1.5, 1.0, 1) == ZKFL_ERR_INVALID_ARG);
    CHECK(zkfl_dp_accountant_spend(acc, 0.1, -1.0, 1) == ZKFL_ERR_INVALID_ARG);
    CHECK_EQ_INT(zkfl_dp_accountant_history_len(acc), 0);
    zkfl_dp_accountant_free(acc);
    zkfl_dp_accountant_free(NULL);
    CHECK(zkfl_dp_plan_rounds(&plan, 2.0, 1e-5, 0, 0.1) == ZKFL_ERR_INVALID_ARG);
    return zkfl_test_done("dp_accountant");
}
