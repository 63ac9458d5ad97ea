/* Model objects: creation, initialisation, the flat parameter vector. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "ml/blas.h"
#include "ml/ml_internal.h"

int ml_resolve_threads(int threads)
{
    return threads > 0 ? threads : zkfl_default_threads();
}

void ml_blas_threads(int threads)
{
    ml_blas_set_threads(ml_resolve_threads(threads));
}

int ml_model_alloc(struct zkfl_model **out, const zkfl_model_spec *spec)
{
    struct zkfl_model *m = calloc(1, sizeof *m);
    if (m == NULL)
        return ml_fail(ZKFL_ERR_NOMEM, "model: out of memory");
    m->spec = *spec;
    int rc = ml_model_build(m);
    if (rc != 0) {
        free(m);
        return rc;
    }
    m->params = calloc(m->n_params, sizeof(float));
    if (m->params == NULL) {
        size_t count = m->n_params;
        free(m);
        return ml_fail(ZKFL_ERR_NOMEM, "model: out of memory for %zu parameters", count);
    }
    *out = m;
    return ZKFL_OK;
}

/* He-normal for layers feeding a ReLU (keeps activation variance stable),
 * Glorot-uniform for the output layer; biases start at zero. */
static void init_params(struct zkfl_model *m, uint64_t seed)
{
    zkfl_ml_rng rng;
    zkfl_ml_rng_seed(&rng, seed);
    for (int i = 0; i < m->n_layers; i++) {
        const struct ml_layer *l = &m->layers[i];
        if (l->type == ML_POOL)
            continue;
        float *w = m->params + l->w_off;
        if (l->relu) {
            double std = sqrt(2.0 / (double)l->fan_in);
            for (size_t j = 0; j < l->w_count; j++)
                w[j] = (float)(std * zkfl_ml_rng_normal(&rng));
        } else {
            size_t fan_out = l->w_count / l->fan_in;
            double a = sqrt(6.0 / (double)(l->fan_in + fan_out));
            for (size_t j = 0; j < l->w_count; j++)
                w[j] = (float)(a * (2.0 * zkfl_ml_rng_uniform(&rng) - 1.0));
        }
        memset(m->params + l->b_off, 0, l->b_count * sizeof(float));
    }
}

int zkfl_model_new(zkfl_model **out, const zkfl_model_spec *spec, uint64_t seed)
{
    if (out == NULL || spec == NULL)
        return ml_fail(ZKFL_ERR_INVALID_ARG, "model: NULL argument");
    *out = NULL;
    zkfl_model_spec s;
    int rc = ml_spec_normalize(&s, spec);
    if (rc != 0)
        return rc;
    rc = ml_model_alloc(out, &s);
    if (rc != 0)
        return rc;
    init_params(*out, seed);
    return ZKFL_OK;
}

int zkfl_model_clone(zkfl_model **out, const zkfl_model *m)
{
    if (out == NULL || m == NULL)
        return ml_fail(ZKFL_ERR_INVALID_ARG, "model: NULL argument");
    int rc = ml_model_alloc(out, &m->spec);
    if (rc != 0)
        return rc;
    memcpy((*out)->params, m->params, m->n_params * sizeof(float));
    return ZKFL_OK;
}

void zkfl_model_free(zkfl_model *m)
{
    if (m == NULL)
        return;
    free(m->params);
    free(m);
}

const zkfl_model_spec *zkfl_model_get_spec(const zkfl_model *m)
{
    return m ? &m->spec : NULL;
}

size_t zkfl_model_num_params(const zkfl_model *m)
{
    return m ? m->n_params : 0;
}

float *zkfl_model_params(zkfl_model *m)
{
    return m ? m->params : NULL;
}

const float *zkfl_model_params_const(const zkfl_model *m)
{
    return m ? m->params : NULL;
}

int zkfl_model_set_params(zkfl_model *m, const float *params, size_t n)
{
    if (m == NULL || params == NULL)
        return ml_fail(ZKFL_ERR_INVALID_ARG, "model: NULL argument");
    if (n != m->n_params)
        return ml_fail(ZKFL_ERR_INVALID_ARG, "model: %zu parameters given, model has %zu",
                       n, m->n_params);
    for (size_t i = 0; i < n; i++)
        if (!isfinite(params[i]))
            return ml_fail(ZKFL_ERR_RANGE, "model: parameter %zu is not finite", i);
    memcpy(m->params, params, n * sizeof(float));
    return ZKFL_OK;
}

int ml_check_data(const struct zkfl_model *m, const zkfl_dataset *ds, const uint32_t *idx, size_t n)
{
    if (m == NULL || ds == NULL || ds->x == NULL || ds->y == NULL)
        return ml_fail(ZKFL_ERR_INVALID_ARG, "ml: NULL model or dataset");
    if (ds->dim != m->in_dim)
        return ml_fail(ZKFL_ERR_INVALID_ARG, "ml: dataset has %zu features, model expects %zu",
                       ds->dim, m->in_dim);
    if (ds->n_classes > m->spec.n_classes)
        return ml_fail(ZKFL_ERR_INVALID_ARG, "ml: dataset has %u classes, model %u",
                       ds->n_classes, m->spec.n_classes);
    if (n == 0)
        return ml_fail(ZKFL_ERR_INVALID_ARG, "ml: no examples");
    if (idx == NULL && n > ds->n)
        return ml_fail(ZKFL_ERR_RANGE, "ml: %zu examples requested, dataset has %zu", n, ds->n);
    for (size_t i = 0; idx != NULL && i < n; i++)
        if (idx[i] >= ds->n)
            return ml_fail(ZKFL_ERR_RANGE, "ml: index %u out of range (dataset has %zu)",
                           idx[i], ds->n);
    for (size_t i = 0; i < n; i++) {
        int32_t y = ds->y[idx ? idx[i] : i];
        if (y < 0 || (uint32_t)y >= m->spec.n_classes)
            return ml_fail(ZKFL_ERR_RANGE, "ml: example %zu has label %d, model has %u classes",
                           (size_t)(idx ? idx[i] : i), (int)y, m->spec.n_classes);
    }
    return ZKFL_OK;
}
