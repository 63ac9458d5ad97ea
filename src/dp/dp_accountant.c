/* The privacy ledger of a training run: RDP composes by addition at every
 * order, so the accountant keeps one running RDP vector plus the history
 * of what was spent, and converts to (epsilon, delta) on demand. */
#include <math.h>
#include <stdlib.h>
#include "zkfl/dp.h"

struct zkfl_dp_record {
    double q, z;
    uint64_t steps;
};

struct zkfl_dp_accountant {
    double budget, delta;
    struct zkfl_dp_orders orders;
    double rdp[ZKFL_DP_MAX_ORDERS];
    struct zkfl_dp_record *history;
    size_t n_history, cap_history;
};

int zkfl_dp_accountant_new(zkfl_dp_accountant **out, double epsilon_budget, double delta,
                           const struct zkfl_dp_orders *orders)
{
    if (out == NULL || !(epsilon_budget > 0.0) || !(delta > 0.0 && delta < 1.0))
        return ZKFL_ERR_INVALID_ARG;
    if (orders != NULL && (orders->n == 0 || orders->n > ZKFL_DP_MAX_ORDERS))
        return ZKFL_ERR_INVALID_ARG;
    zkfl_dp_accountant *a = calloc(1, sizeof *a);
    if (a == NULL)
        return ZKFL_ERR_NOMEM;
    a->budget = epsilon_budget;
    a->delta = delta;
    if (orders != NULL)
        a->orders = *orders;
    else
        zkfl_dp_orders_standard(&a->orders, ZKFL_DP_ORDERS_OPACUS);
    for (size_t i = 0; i < a->orders.n; i++) {
        if (!(a->orders.alpha[i] > 1.0)) {
            free(a);
            return ZKFL_ERR_INVALID_ARG;
        }
    }
    *out = a;
    return ZKFL_OK;
}

void zkfl_dp_accountant_free(zkfl_dp_accountant *acc)
{
    if (acc == NULL)
        return;
    free(acc->history);
    free(acc);
}

/* rdp_after = current RDP + steps of (q, z). */
static int composed(const zkfl_dp_accountant *acc, double *rdp_after, double q, double z,
                    uint64_t steps)
{
    int rc = zkfl_dp_rdp_compute(rdp_after, q, z, steps, &acc->orders);
    if (rc != 0)
        return rc;
    for (size_t i = 0; i < acc->orders.n; i++)
        rdp_after[i] += acc->rdp[i];
    return ZKFL_OK;
}

int zkfl_dp_accountant_peek(const zkfl_dp_accountant *acc, double *epsilon_after,
                            double q, double z, uint64_t steps)
{
    if (acc == NULL || epsilon_after == NULL)
        return ZKFL_ERR_INVALID_ARG;
    double rdp[ZKFL_DP_MAX_ORDERS];
    int rc = composed(acc, rdp, q, z, steps);
    if (rc != 0)
        return rc;
    return zkfl_dp_rdp_to_epsilon(epsilon_after, NULL, rdp, &acc->orders, acc->delta,
                                  ZKFL_DP_CONVERSION_IMPROVED);
}

int zkfl_dp_accountant_spend(zkfl_dp_accountant *acc, double q, double z, uint64_t steps)
{
    if (acc == NULL)
        return ZKFL_ERR_INVALID_ARG;
    double rdp[ZKFL_DP_MAX_ORDERS], eps;
    int rc = composed(acc, rdp, q, z, steps);
    if (rc != 0)
        return rc;
    rc = zkfl_dp_rdp_to_epsilon(&eps, NULL, rdp, &acc->orders, acc->delta,
                                ZKFL_DP_CONVERSION_IMPROVED);
    if (rc != 0)
        return rc;
    if (!(eps <= acc->budget))
        return ZKFL_ERR_BUDGET;
    if (acc->n_history == acc->cap_history) {
        size_t cap = acc->cap_history ? acc->cap_history * 2 : 16;
        struct zkfl_dp_record *h = realloc(acc->history, cap * sizeof *h);
        if (h == NULL)
            return ZKFL_ERR_NOMEM;
        acc->history = h;
        acc->cap_history = cap;
    }
    acc->history[acc->n_history++] = (struct zkfl_dp_record){q, z, steps};
    for (size_t i = 0; i < acc->orders.n; i++)
        acc->rdp[i] = rdp[i];
    return ZKFL_OK;
}

int zkfl_dp_accountant_epsilon(const zkfl_dp_accountant *acc, double *epsilon, double *best_order)
{
    if (acc == NULL || epsilon == NULL)
        return ZKFL_ERR_INVALID_ARG;
    if (acc->n_history == 0) {
        /* Nothing released yet: nothing leaked. */
        *epsilon = 0.0;
        if (best_order != NULL)
            *best_order = NAN;
        return ZKFL_OK;
    }
    return zkfl_dp_rdp_to_epsilon(epsilon, best_order, acc->rdp, &acc->orders, acc->delta,
                                  ZKFL_DP_CONVERSION_IMPROVED);
}

size_t zkfl_dp_accountant_history_len(const zkfl_dp_accountant *acc)
{
    return acc == NULL ? 0 : acc->n_history;
}

int zkfl_dp_accountant_history(const zkfl_dp_accountant *acc, size_t i, double *q, double *z,
                               uint64_t *steps)
{
    if (acc == NULL || i >= acc->n_history)
        return ZKFL_ERR_INVALID_ARG;
    if (q != NULL) *q = acc->history[i].q;
    if (z != NULL) *z = acc->history[i].z;
    if (steps != NULL) *steps = acc->history[i].steps;
    return ZKFL_OK;
}
