/* Weighted averaging and server optimizers (Reddi et al. 2021). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "zkfl/fl.h"

int zkfl_fl_weighted_mean(float *out, const float *updates, const double *weights,
                          size_t n_clients, size_t dim)
{
    if (out == NULL || updates == NULL || weights == NULL || n_clients == 0)
        return ZKFL_ERR_INVALID_ARG;
    double total = 0;
    for (size_t i = 0; i < n_clients; i++) {
        if (!(weights[i] >= 0) || !isfinite(weights[i]))
            return ZKFL_ERR_INVALID_ARG;
        total += weights[i];
    }
    if (!(total > 0))
        return ZKFL_ERR_INVALID_ARG;
    for (size_t j = 0; j < dim; j++) {
        double s = 0;
        for (size_t i = 0; i < n_clients; i++)
            s += weights[i] * (double)updates[i * dim + j];
        out[j] = (float)(s / total);
    }
    return 0;
}

static const struct { const char *name; uint32_t id; } strategies[] = {
    {"fedavg", ZKFL_FL_FEDAVG}, {"fedprox", ZKFL_FL_FEDPROX},
    {"fedadam", ZKFL_FL_FEDADAM}, {"fedyogi", ZKFL_FL_FEDYOGI},
};

int zkfl_fl_strategy_parse(uint32_t *out, const char *text)
{
    if (out == NULL || text == NULL)
        return ZKFL_ERR_INVALID_ARG;
    for (size_t i = 0; i < sizeof strategies / sizeof strategies[0]; i++)
        if (strcmp(text, strategies[i].name) == 0) {
            *out = strategies[i].id;
            return 0;
        }
    return ZKFL_ERR_FORMAT;
}

const char *zkfl_fl_strategy_name(uint32_t strategy)
{
    for (size_t i = 0; i < sizeof strategies / sizeof strategies[0]; i++)
        if (strategies[i].id == strategy)
            return strategies[i].name;
    return "?";
}

zkfl_fl_server_opt_config zkfl_fl_server_opt_default(uint32_t strategy)
{
    zkfl_fl_server_opt_config c = {strategy, 1.0, 0.9, 0.99, 1e-3};
    if (strategy == ZKFL_FL_FEDADAM || strategy == ZKFL_FL_FEDYOGI)
        c.server_lr = 0.01;
    return c;
}

struct zkfl_fl_server_opt {
    zkfl_fl_server_opt_config cfg;
    size_t dim;
    double *m, *v;
};

int zkfl_fl_server_opt_new(zkfl_fl_server_opt **out, const zkfl_fl_server_opt_config *cfg,
                           size_t dim)
{
    if (out == NULL || cfg == NULL || !(cfg->server_lr > 0) || !(cfg->beta1 >= 0 && cfg->beta1 < 1) ||
        !(cfg->beta2 >= 0 && cfg->beta2 < 1) || !(cfg->tau > 0))
        return ZKFL_ERR_INVALID_ARG;
    if (zkfl_fl_strategy_name(cfg->strategy)[0] == '?')
        return ZKFL_ERR_INVALID_ARG;
    zkfl_fl_server_opt *o = calloc(1, sizeof *o);
    if (o == NULL)
        return ZKFL_ERR_NOMEM;
    o->cfg = *cfg;
    o->dim = dim;
    if (cfg->strategy == ZKFL_FL_FEDADAM || cfg->strategy == ZKFL_FL_FEDYOGI) {
        o->m = calloc(dim ? dim : 1, sizeof *o->m);
        o->v = malloc((dim ? dim : 1) * sizeof *o->v);
        if (o->m == NULL || o->v == NULL) {
            zkfl_fl_server_opt_free(o);
            return ZKFL_ERR_NOMEM;
        }
        for (size_t i = 0; i < dim; i++)
            o->v[i] = cfg->tau * cfg->tau;
    }
    *out = o;
    return 0;
}

void zkfl_fl_server_opt_free(zkfl_fl_server_opt *o)
{
    if (o == NULL)
        return;
    free(o->m);
    free(o->v);
    free(o);
}

int zkfl_fl_server_opt_step(zkfl_fl_server_opt *o, float *x, const float *delta, size_t dim)
{
    if (o == NULL || x == NULL || delta == NULL || dim != o->dim)
        return ZKFL_ERR_INVALID_ARG;
    const zkfl_fl_server_opt_config *c = &o->cfg;
    if (o->m == NULL) {
        for (size_t i = 0; i < dim; i++)
            x[i] = (float)((double)x[i] + c->server_lr * (double)delta[i]);
        return 0;
    }
    for (size_t i = 0; i < dim; i++) {
        double d = delta[i], d2 = d * d;
        o->m[i] = c->beta1 * o->m[i] + (1 - c->beta1) * d;
        if (c->strategy == ZKFL_FL_FEDADAM) {
            o->v[i] = c->beta2 * o->v[i] + (1 - c->beta2) * d2;
        } else {
            double s = (o->v[i] > d2) - (o->v[i] < d2);
            o->v[i] = o->v[i] - (1 - c->beta2) * d2 * s;
        }
        x[i] = (float)((double)x[i] + c->server_lr * o->m[i] / (sqrt(o->v[i]) + c->tau));
    }
    return 0;
}
