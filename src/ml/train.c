/* Training (mini-batch SGD with momentum, weight decay, FedProx term and an
 * optional per-example hook for DP-SGD), evaluation and gradients. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "ml/ml_internal.h"

#define EVAL_CHUNK 256

zkfl_train_config zkfl_train_config_default(void)
{
    zkfl_train_config c;
    memset(&c, 0, sizeof c);
    c.epochs = 1;
    c.batch_size = ZKFL_ML_DEFAULT_BATCH;
    c.lr = 0.02f;
    c.momentum = 0.9f;
    c.seed = 1;
    return c;
}

/* Per-example gradients of examples idx[0..n) in chunks of the workspace's
 * capacity: a batched forward pass, then ml_backward_per_example. */
static void pe_run(struct ml_workspace *ws, float *grads, float *losses, const zkfl_model *m,
                   const zkfl_dataset *ds, const uint32_t *idx, size_t n, int threads)
{
    for (size_t start = 0; start < n; start += ws->cap) {
        size_t b = n - start < ws->cap ? n - start : ws->cap;
        ml_gather(ws, m, ds, idx, start, b);
        const float *logits = ml_forward(m, m->params, ws, b);
        ml_softmax_xent(m, ws, logits, b, 1.0f, NULL, losses ? losses + start : NULL, NULL);
        ml_backward_per_example(m, m->params, ws, b, grads + start * m->n_params, threads);
    }
}

int zkfl_model_per_example_gradients(float *grads, float *losses, const zkfl_model *m,
                                     const zkfl_dataset *ds, const uint32_t *idx,
                                     size_t n, int threads)
{
    if (grads == NULL)
        return ml_fail(ZKFL_ERR_INVALID_ARG, "ml: NULL gradient buffer");
    int rc = ml_check_data(m, ds, idx, n);
    if (rc != 0)
        return rc;
    struct ml_workspace *ws;
    if ((rc = ml_workspace_new(&ws, m, n < EVAL_CHUNK ? n : EVAL_CHUNK)) != 0)
        return rc;
    ml_blas_threads(threads);
    pe_run(ws, grads, losses, m, ds, idx, n, threads);
    ml_workspace_free(ws);
    return ZKFL_OK;
}

int zkfl_model_gradient(float *grad, float *loss, const zkfl_model *m,
                        const zkfl_dataset *ds, const uint32_t *idx, size_t n, int threads)
{
    if (grad == NULL)
        return ml_fail(ZKFL_ERR_INVALID_ARG, "ml: NULL gradient buffer");
    int rc = ml_check_data(m, ds, idx, n);
    if (rc != 0)
        return rc;
    struct ml_workspace *ws;
    size_t cap = n < EVAL_CHUNK ? n : EVAL_CHUNK;
    if ((rc = ml_workspace_new(&ws, m, cap)) != 0)
        return rc;
    float *part = malloc(m->n_params * sizeof(float));
    if (part == NULL) {
        ml_workspace_free(ws);
        return ml_fail(ZKFL_ERR_NOMEM, "ml: out of memory");
    }
    ml_blas_threads(threads);
    memset(grad, 0, m->n_params * sizeof(float));
    double total = 0.0;
    for (size_t start = 0; start < n; start += cap) {
        size_t b = n - start < cap ? n - start : cap;
        ml_gather(ws, m, ds, idx, start, b);
        const float *logits = ml_forward(m, m->params, ws, b);
        ml_softmax_xent(m, ws, logits, b, 1.0f / (float)n, &total, NULL, NULL);
        ml_backward(m, m->params, ws, b, part);
        for (size_t j = 0; j < m->n_params; j++)
            grad[j] += part[j];
    }
    if (loss) *loss = (float)(total / (double)n);
    free(part);
    ml_workspace_free(ws);
    return ZKFL_OK;
}

static int eval_pass(float *accuracy, float *loss, int32_t *labels, const zkfl_model *m,
                     const zkfl_dataset *ds, const uint32_t *idx, size_t n, int threads)
{
    int rc = ml_check_data(m, ds, idx, n);
    if (rc != 0)
        return rc;
    struct ml_workspace *ws;
    size_t cap = n < EVAL_CHUNK ? n : EVAL_CHUNK;
    if ((rc = ml_workspace_new(&ws, m, cap)) != 0)
        return rc;
    ml_blas_threads(threads);
    double total = 0.0;
    size_t correct = 0, c = m->spec.n_classes;
    for (size_t start = 0; start < n; start += cap) {
        size_t b = n - start < cap ? n - start : cap;
        ml_gather(ws, m, ds, idx, start, b);
        const float *logits = ml_forward(m, m->params, ws, b);
        ml_softmax_xent(m, ws, logits, b, 1.0f, &total, NULL, &correct);
        for (size_t e = 0; labels && e < b; e++) {
            const float *z = logits + e * c;
            size_t arg = 0;
            for (size_t j = 1; j < c; j++)
                if (z[j] > z[arg]) arg = j;
            labels[start + e] = (int32_t)arg;
        }
    }
    if (accuracy) *accuracy = (float)((double)correct / (double)n);
    if (loss) *loss = (float)(total / (double)n);
    ml_workspace_free(ws);
    return ZKFL_OK;
}

int zkfl_model_evaluate(float *accuracy, float *loss, const zkfl_model *m,
                        const zkfl_dataset *ds, const uint32_t *idx, size_t n, int threads)
{
    return eval_pass(accuracy, loss, NULL, m, ds, idx, n, threads);
}

int zkfl_model_predict(int32_t *labels, const zkfl_model *m, const zkfl_dataset *ds,
                       const uint32_t *idx, size_t n, int threads)
{
    if (labels == NULL)
        return ml_fail(ZKFL_ERR_INVALID_ARG, "ml: NULL labels buffer");
    return eval_pass(NULL, NULL, labels, m, ds, idx, n, threads);
}

static int check_config(const zkfl_model *m, const zkfl_train_config *c)
{
    if (c == NULL)
        return ml_fail(ZKFL_ERR_INVALID_ARG, "train: NULL config");
    if (c->epochs == 0 || c->batch_size == 0)
        return ml_fail(ZKFL_ERR_INVALID_ARG, "train: epochs and batch size must be >= 1");
    if (!(c->lr > 0.0f) || !isfinite(c->lr))
        return ml_fail(ZKFL_ERR_INVALID_ARG, "train: learning rate must be positive");
    if (!(c->momentum >= 0.0f && c->momentum < 1.0f))
        return ml_fail(ZKFL_ERR_INVALID_ARG, "train: momentum must be in [0, 1)");
    if (!(c->weight_decay >= 0.0f) || !isfinite(c->weight_decay))
        return ml_fail(ZKFL_ERR_INVALID_ARG, "train: weight decay must be >= 0");
    if (!(c->prox_mu >= 0.0f) || !isfinite(c->prox_mu))
        return ml_fail(ZKFL_ERR_INVALID_ARG, "train: proximal mu must be >= 0");
    if (c->prox_mu > 0.0f && c->prox_anchor == NULL)
        return ml_fail(ZKFL_ERR_INVALID_ARG, "train: proximal mu > 0 needs anchor parameters");
    return ZKFL_OK;
}

/* torch.optim.SGD semantics: g += wd w (+ mu (w - anchor)); v = m v + g; w -= lr v. */
static void sgd_step(float *w, float *vel, const float *grad, size_t p, const zkfl_train_config *c)
{
    const float lr = c->lr, mom = c->momentum, wd = c->weight_decay, mu = c->prox_mu;
    const float *anchor = c->prox_anchor;
    if (mu > 0.0f) {
        for (size_t j = 0; j < p; j++) {
            float g = grad[j] + wd * w[j] + mu * (w[j] - anchor[j]);
            vel[j] = mom * vel[j] + g;
            w[j] -= lr * vel[j];
        }
    } else {
        for (size_t j = 0; j < p; j++) {
            float g = grad[j] + wd * w[j];
            vel[j] = mom * vel[j] + g;
            w[j] -= lr * vel[j];
        }
    }
}

int zkfl_model_train_epochs(zkfl_model *m, float *mean_loss, const zkfl_dataset *ds,
                            const uint32_t *idx, size_t n, const zkfl_train_config *cfg)
{
    int rc = check_config(m, cfg);
    if (rc == 0)
        rc = ml_check_data(m, ds, idx, n);
    if (rc != 0)
        return rc;
    if (n > UINT32_MAX)
        return ml_fail(ZKFL_ERR_RANGE, "train: too many examples");
    size_t p = m->n_params, batch = cfg->batch_size < n ? cfg->batch_size : n;
    uint32_t *order = malloc(n * sizeof *order);
    float *vel = calloc(p, sizeof(float)), *grad = malloc(p * sizeof(float));
    float *pe = NULL, *pe_loss = NULL;
    struct ml_workspace *ws = NULL;
    if (cfg->per_example_hook) {
        pe = malloc(batch * p * sizeof(float));
        pe_loss = malloc(batch * sizeof(float));
    }
    rc = ml_workspace_new(&ws, m, batch);
    if (rc == 0 && (order == NULL || vel == NULL || grad == NULL ||
                    (cfg->per_example_hook && (pe == NULL || pe_loss == NULL))))
        rc = ml_fail(ZKFL_ERR_NOMEM, "train: out of memory");
    if (rc != 0)
        goto done;
    for (size_t i = 0; i < n; i++)
        order[i] = idx ? idx[i] : (uint32_t)i;
    zkfl_ml_rng rng;
    zkfl_ml_rng_seed(&rng, cfg->seed);
    ml_blas_threads(cfg->threads);
    double epoch_loss = 0.0;
    for (uint32_t ep = 0; ep < cfg->epochs; ep++) {
        zkfl_ml_rng_shuffle(&rng, order, n);
        epoch_loss = 0.0;
        for (size_t start = 0; start < n; start += batch) {
            size_t b = n - start < batch ? n - start : batch;
            if (cfg->per_example_hook) {
                pe_run(ws, pe, pe_loss, m, ds, order + start, b, cfg->threads);
                for (size_t e = 0; e < b; e++)
                    epoch_loss += pe_loss[e];
                rc = cfg->per_example_hook(cfg->hook_ctx, grad, pe, b, p);
                if (rc != 0) {
                    rc = ml_fail(rc < 0 ? rc : ZKFL_ERR_INTERNAL,
                                 "train: per-example hook failed (%d)", rc);
                    goto done;
                }
            } else {
                ml_gather(ws, m, ds, order, start, b);
                const float *logits = ml_forward(m, m->params, ws, b);
                ml_softmax_xent(m, ws, logits, b, 1.0f / (float)b, &epoch_loss, NULL, NULL);
                ml_backward(m, m->params, ws, b, grad);
            }
            sgd_step(m->params, vel, grad, p, cfg);
        }
        if (!isfinite(epoch_loss)) {
            rc = ml_fail(ZKFL_ERR_RANGE, "train: loss diverged in epoch %u (lower the learning rate)",
                         ep + 1);
            goto done;
        }
    }
    for (size_t j = 0; j < p; j++)
        if (!isfinite(m->params[j])) {
            rc = ml_fail(ZKFL_ERR_RANGE, "train: parameters diverged (lower the learning rate)");
            goto done;
        }
    if (mean_loss) *mean_loss = (float)(epoch_loss / (double)n);
done:
    ml_workspace_free(ws);
    free(order);
    free(vel);
    free(grad);
    free(pe);
    free(pe_loss);
    return rc;
}
