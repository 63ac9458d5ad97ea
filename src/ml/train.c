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

/* grad = the gradient of scale x (summed loss) over examples idx[0..n), in
 * chunks of the workspace's capacity (part: p floats of scratch); the
 * losses are summed into *loss_sum. n = 0 gives a zero gradient. */
static void grad_run(struct ml_workspace *ws, float *grad, float *part, double *loss_sum,
                     const zkfl_model *m, const zkfl_dataset *ds, const uint32_t *idx, size_t n,
                     float scale)
{
    memset(grad, 0, m->n_params * sizeof(float));
    for (size_t start = 0; start < n; start += ws->cap) {
        size_t b = n - start < ws->cap ? n - start : ws->cap;
        ml_gather(ws, m, ds, idx, start, b);
        const float *logits = ml_forward(m, m->params, ws, b);
        ml_softmax_xent(m, ws, logits, b, scale, loss_sum, NULL, NULL);
        ml_backward(m, m->params, ws, b, part);
        for (size_t j = 0; j < m->n_params; j++)
            grad[j] += part[j];
    }
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
    double total = 0.0;
    grad_run(ws, grad, part, &total, m, ds, idx, n, 1.0f / (float)n);
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

/* Buffers of one training call. pe/pe_loss hold per-example gradients and
 * losses of pe_cap examples; a sampled batch larger than that grows them
 * (by half again at least, so a run reallocates a few times, not every
 * step). */
struct train_bufs {
    uint32_t *order;   /* shuffled: the example order; sampled: the batch */
    uint32_t *pos;     /* sampled: the sampler's positions */
    float *vel, *grad;
    float *part;       /* sampled without hook: chunk gradients */
    float *pe, *pe_loss;
    size_t pe_cap;
    struct ml_workspace *ws;
};

static int grow_per_example(struct train_bufs *t, size_t b, size_t p, size_t n)
{
    if (b <= t->pe_cap)
        return ZKFL_OK;
    size_t cap = t->pe_cap + t->pe_cap / 2;
    if (cap < b)
        cap = b;
    if (cap > n)
        cap = n;
    if (cap > SIZE_MAX / sizeof(float) / p)
        return ml_fail(ZKFL_ERR_OVERFLOW, "train: a batch of %zu examples is too large", b);
    float *pe = realloc(t->pe, cap * p * sizeof(float));
    if (pe == NULL)
        return ml_fail(ZKFL_ERR_NOMEM, "train: out of memory for a batch of %zu examples", b);
    t->pe = pe;
    float *loss = realloc(t->pe_loss, cap * sizeof(float));
    if (loss == NULL)
        return ml_fail(ZKFL_ERR_NOMEM, "train: out of memory for a batch of %zu examples", b);
    t->pe_loss = loss;
    t->pe_cap = cap;
    return ZKFL_OK;
}

static int run_hook(const zkfl_train_config *cfg, float *grad, float *pe, size_t b, size_t p)
{
    int rc = cfg->per_example_hook(cfg->hook_ctx, grad, pe, b, p);
    if (rc != 0)
        return ml_fail(rc < 0 ? rc : ZKFL_ERR_INTERNAL, "train: per-example hook failed (%d)", rc);
    return ZKFL_OK;
}

/* One epoch of shuffled batches of `batch` (the last one smaller). */
static int shuffled_epoch(struct train_bufs *t, double *epoch_loss, zkfl_ml_rng *rng, zkfl_model *m,
                          const zkfl_dataset *ds, size_t n, size_t batch,
                          const zkfl_train_config *cfg)
{
    size_t p = m->n_params;
    zkfl_ml_rng_shuffle(rng, t->order, n);
    for (size_t start = 0; start < n; start += batch) {
        size_t b = n - start < batch ? n - start : batch;
        if (cfg->per_example_hook) {
            pe_run(t->ws, t->pe, t->pe_loss, m, ds, t->order + start, b, cfg->threads);
            for (size_t e = 0; e < b; e++)
                *epoch_loss += t->pe_loss[e];
            int rc = run_hook(cfg, t->grad, t->pe, b, p);
            if (rc != 0)
                return rc;
        } else {
            ml_gather(t->ws, m, ds, t->order, start, b);
            const float *logits = ml_forward(m, m->params, t->ws, b);
            ml_softmax_xent(m, t->ws, logits, b, 1.0f / (float)b, epoch_loss, NULL, NULL);
            ml_backward(m, m->params, t->ws, b, t->grad);
        }
        sgd_step(m->params, t->vel, t->grad, p, cfg);
    }
    return ZKFL_OK;
}

/* The sampler's batch: t->order[0..*b) gets the example indices of the
 * positions it drew, after checking they are a valid subset of [0, n). */
static int draw_batch(struct train_bufs *t, size_t *b, const uint32_t *idx, size_t n,
                      const zkfl_train_config *cfg)
{
    size_t count = 0;
    int rc = cfg->batch_sampler(cfg->sampler_ctx, t->pos, &count, n);
    if (rc != 0)
        return ml_fail(rc < 0 ? rc : ZKFL_ERR_INTERNAL, "train: batch sampler failed (%d)", rc);
    if (count > n)
        return ml_fail(ZKFL_ERR_INTERNAL, "train: batch sampler drew %zu of %zu examples",
                       count, n);
    for (size_t i = 0; i < count; i++) {
        if (t->pos[i] >= n || (i > 0 && t->pos[i] <= t->pos[i - 1]))
            return ml_fail(ZKFL_ERR_INTERNAL,
                           "train: batch sampler position %u is out of range or order",
                           t->pos[i]);
        t->order[i] = idx ? idx[t->pos[i]] : t->pos[i];
    }
    *b = count;
    return ZKFL_OK;
}

/* One epoch of sampled batches: `steps` steps whatever sizes are drawn, so
 * the number of steps does not depend on the data (DP accounting counts
 * them in advance). *seen counts the examples visited. */
static int sampled_epoch(struct train_bufs *t, double *epoch_loss, size_t *seen, zkfl_model *m,
                         const zkfl_dataset *ds, const uint32_t *idx, size_t n, size_t steps,
                         const zkfl_train_config *cfg)
{
    size_t p = m->n_params;
    for (size_t step = 0; step < steps; step++) {
        size_t b = 0;
        int rc = draw_batch(t, &b, idx, n, cfg);
        if (rc != 0)
            return rc;
        *seen += b;
        if (cfg->per_example_hook) {
            if ((rc = grow_per_example(t, b, p, n)) != 0)
                return rc;
            pe_run(t->ws, t->pe, t->pe_loss, m, ds, t->order, b, cfg->threads);
            for (size_t e = 0; e < b; e++)
                *epoch_loss += t->pe_loss[e];
            if ((rc = run_hook(cfg, t->grad, t->pe, b, p)) != 0)
                return rc;
        } else {
            grad_run(t->ws, t->grad, t->part, epoch_loss, m, ds, t->order, b,
                     b ? 1.0f / (float)b : 0.0f);
        }
        sgd_step(m->params, t->vel, t->grad, p, cfg);
    }
    return ZKFL_OK;
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
    const int sampled = cfg->batch_sampler != NULL;
    struct train_bufs t = {0};
    t.order = malloc(n * sizeof *t.order);
    t.vel = calloc(p, sizeof(float));
    t.grad = malloc(p * sizeof(float));
    if (sampled) {
        t.pos = malloc(n * sizeof *t.pos);
        if (!cfg->per_example_hook)
            t.part = malloc(p * sizeof(float));
    }
    if (cfg->per_example_hook) {
        t.pe = malloc(batch * p * sizeof(float));
        t.pe_loss = malloc(batch * sizeof(float));
        t.pe_cap = batch;
    }
    rc = ml_workspace_new(&t.ws, m, batch);
    if (rc == 0 && (t.order == NULL || t.vel == NULL || t.grad == NULL ||
                    (sampled && (t.pos == NULL || (!cfg->per_example_hook && t.part == NULL))) ||
                    (cfg->per_example_hook && (t.pe == NULL || t.pe_loss == NULL))))
        rc = ml_fail(ZKFL_ERR_NOMEM, "train: out of memory");
    if (rc != 0)
        goto done;
    for (size_t i = 0; i < n; i++)
        t.order[i] = idx ? idx[i] : (uint32_t)i;
    zkfl_ml_rng rng;
    zkfl_ml_rng_seed(&rng, cfg->seed);
    ml_blas_threads(cfg->threads);
    /* Sampled batches: as many steps per epoch as shuffled batches would
     * take, fixed in advance. */
    size_t steps = (n + cfg->batch_size - 1) / cfg->batch_size;
    double epoch_loss = 0.0;
    size_t seen = 0;
    for (uint32_t ep = 0; ep < cfg->epochs; ep++) {
        epoch_loss = 0.0;
        seen = n;
        if (sampled) {
            seen = 0;
            rc = sampled_epoch(&t, &epoch_loss, &seen, m, ds, idx, n, steps, cfg);
        } else {
            rc = shuffled_epoch(&t, &epoch_loss, &rng, m, ds, n, batch, cfg);
        }
        if (rc != 0)
            goto done;
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
    if (mean_loss) *mean_loss = seen ? (float)(epoch_loss / (double)seen) : 0.0f;
done:
    ml_workspace_free(t.ws);
    if (sampled && t.order && t.pos) {
        /* Which records were in which batch is part of the DP mechanism. */
        zkfl_memzero(t.order, n * sizeof *t.order);
        zkfl_memzero(t.pos, n * sizeof *t.pos);
    }
    free(t.order);
    free(t.pos);
    free(t.vel);
    free(t.grad);
    free(t.part);
    free(t.pe);
    free(t.pe_loss);
    return rc;
}
