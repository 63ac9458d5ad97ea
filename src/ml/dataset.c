/* Dataset memory, copies of subsets, seeded splits, standardisation. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "ml/ml_internal.h"

void zkfl_dataset_free(zkfl_dataset *ds)
{
    if (ds == NULL)
        return;
    free(ds->x);
    free(ds->y);
    if (ds->class_names) {
        for (uint32_t i = 0; i < ds->n_classes; i++)
            free(ds->class_names[i]);
        free(ds->class_names);
    }
    memset(ds, 0, sizeof *ds);
}

int zkfl_dataset_alloc(zkfl_dataset *out, size_t n, size_t dim, uint32_t n_classes)
{
    if (out == NULL || n == 0 || dim == 0)
        return ml_fail(ZKFL_ERR_INVALID_ARG, "dataset: empty shape");
    memset(out, 0, sizeof *out);
    if (dim > SIZE_MAX / sizeof(float) / n || dim > UINT32_MAX)
        return ml_fail(ZKFL_ERR_OVERFLOW, "dataset: %zu x %zu floats overflow", n, dim);
    out->x = calloc(n * dim, sizeof(float));
    out->y = calloc(n, sizeof(int32_t));
    if (out->x == NULL || out->y == NULL) {
        zkfl_dataset_free(out);
        return ml_fail(ZKFL_ERR_NOMEM, "dataset: out of memory for %zu x %zu", n, dim);
    }
    out->n = n;
    out->dim = dim;
    out->n_classes = n_classes;
    out->channels = 1;
    out->height = 1;
    out->width = (uint32_t)dim;
    return ZKFL_OK;
}

int zkfl_dataset_copy(zkfl_dataset *out, const zkfl_dataset *ds, const uint32_t *idx, size_t n)
{
    if (out == NULL || ds == NULL || ds->x == NULL)
        return ml_fail(ZKFL_ERR_INVALID_ARG, "dataset: NULL argument");
    if (idx == NULL)
        n = ds->n;
    for (size_t i = 0; idx && i < n; i++)
        if (idx[i] >= ds->n)
            return ml_fail(ZKFL_ERR_RANGE, "dataset: index %u out of range (%zu rows)", idx[i], ds->n);
    int rc = zkfl_dataset_alloc(out, n, ds->dim, ds->n_classes);
    if (rc != 0)
        return rc;
    out->channels = ds->channels;
    out->height = ds->height;
    out->width = ds->width;
    for (size_t i = 0; i < n; i++) {
        size_t r = idx ? idx[i] : i;
        memcpy(out->x + i * ds->dim, ds->x + r * ds->dim, ds->dim * sizeof(float));
        out->y[i] = ds->y[r];
    }
    if (ds->class_names) {
        out->class_names = calloc(ds->n_classes, sizeof(char *));
        if (out->class_names == NULL) {
            zkfl_dataset_free(out);
            return ml_fail(ZKFL_ERR_NOMEM, "dataset: out of memory");
        }
        for (uint32_t c = 0; c < ds->n_classes; c++) {
            const char *s = ds->class_names[c] ? ds->class_names[c] : "";
            out->class_names[c] = malloc(strlen(s) + 1);
            if (out->class_names[c] == NULL) {
                zkfl_dataset_free(out);
                return ml_fail(ZKFL_ERR_NOMEM, "dataset: out of memory");
            }
            strcpy(out->class_names[c], s);
        }
    }
    return ZKFL_OK;
}

int zkfl_ml_split_indices(uint32_t **train_idx, size_t *n_train, uint32_t **test_idx,
                          size_t *n_test, size_t n, double test_fraction, uint64_t seed)
{
    if (train_idx == NULL || n_train == NULL || test_idx == NULL || n_test == NULL)
        return ml_fail(ZKFL_ERR_INVALID_ARG, "split: NULL output");
    if (!(test_fraction > 0.0 && test_fraction < 1.0) || n < 2 || n > UINT32_MAX)
        return ml_fail(ZKFL_ERR_INVALID_ARG, "split: need 0 < fraction < 1 and 2 <= n < 2^32");
    size_t nt = (size_t)llround((double)n * test_fraction);
    if (nt == 0) nt = 1;
    if (nt >= n) nt = n - 1;
    uint32_t *all = malloc(n * sizeof *all);
    uint32_t *te = malloc(nt * sizeof *te);
    uint32_t *tr = malloc((n - nt) * sizeof *tr);
    if (all == NULL || te == NULL || tr == NULL) {
        free(all); free(te); free(tr);
        return ml_fail(ZKFL_ERR_NOMEM, "split: out of memory");
    }
    for (size_t i = 0; i < n; i++)
        all[i] = (uint32_t)i;
    zkfl_ml_rng rng;
    zkfl_ml_rng_seed(&rng, seed);
    zkfl_ml_rng_shuffle(&rng, all, n);
    memcpy(te, all, nt * sizeof *te);
    memcpy(tr, all + nt, (n - nt) * sizeof *tr);
    free(all);
    *test_idx = te;
    *n_test = nt;
    *train_idx = tr;
    *n_train = n - nt;
    return ZKFL_OK;
}

int zkfl_dataset_fit_standardizer(float *mean, float *std, const zkfl_dataset *ds,
                                  const uint32_t *idx, size_t n)
{
    if (mean == NULL || std == NULL || ds == NULL || ds->x == NULL)
        return ml_fail(ZKFL_ERR_INVALID_ARG, "standardize: NULL argument");
    if (idx == NULL)
        n = ds->n;
    if (n == 0)
        return ml_fail(ZKFL_ERR_INVALID_ARG, "standardize: no rows to fit on");
    double *sum = calloc(ds->dim, sizeof(double)), *sq = calloc(ds->dim, sizeof(double));
    if (sum == NULL || sq == NULL) {
        free(sum); free(sq);
        return ml_fail(ZKFL_ERR_NOMEM, "standardize: out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        size_t r = idx ? idx[i] : i;
        if (r >= ds->n) {
            free(sum); free(sq);
            return ml_fail(ZKFL_ERR_RANGE, "standardize: index %zu out of range", r);
        }
        const float *row = ds->x + r * ds->dim;
        for (size_t j = 0; j < ds->dim; j++)
            sum[j] += row[j];
    }
    for (size_t j = 0; j < ds->dim; j++)
        sum[j] /= (double)n;
    /* Second pass around the mean: no cancellation for large offsets. */
    for (size_t i = 0; i < n; i++) {
        const float *row = ds->x + (idx ? idx[i] : i) * ds->dim;
        for (size_t j = 0; j < ds->dim; j++) {
            double d = row[j] - sum[j];
            sq[j] += d * d;
        }
    }
    for (size_t j = 0; j < ds->dim; j++) {
        double sd = sqrt(sq[j] / (double)n);
        mean[j] = (float)sum[j];
        std[j] = sd > 1e-12 ? (float)sd : 1.0f;
    }
    free(sum);
    free(sq);
    return ZKFL_OK;
}

int zkfl_dataset_apply_standardizer(zkfl_dataset *ds, const float *mean, const float *std)
{
    if (ds == NULL || ds->x == NULL || mean == NULL || std == NULL)
        return ml_fail(ZKFL_ERR_INVALID_ARG, "standardize: NULL argument");
    for (size_t j = 0; j < ds->dim; j++)
        if (!(std[j] > 0.0f) || !isfinite(std[j]) || !isfinite(mean[j]))
            return ml_fail(ZKFL_ERR_INVALID_ARG, "standardize: bad statistics for feature %zu", j);
    for (size_t i = 0; i < ds->n; i++) {
        float *row = ds->x + i * ds->dim;
        for (size_t j = 0; j < ds->dim; j++)
            row[j] = (row[j] - mean[j]) / std[j];
    }
    return ZKFL_OK;
}
