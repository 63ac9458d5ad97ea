/* Data partitioners: IID, Dirichlet(alpha) label skew, McMahan's shards. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "zkfl/fl.h"

static int parse_positive_double(double *out, const char *s)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end != '\0' || errno != 0 || !isfinite(v) || !(v > 0))
        return ZKFL_ERR_FORMAT;
    *out = v;
    return 0;
}

int zkfl_fl_partition_spec_parse(zkfl_fl_partition_spec *out, const char *text)
{
    if (out == NULL || text == NULL)
        return ZKFL_ERR_INVALID_ARG;
    memset(out, 0, sizeof *out);
    if (strcmp(text, "iid") == 0) {
        out->kind = ZKFL_FL_PARTITION_IID;
        return 0;
    }
    if (strncmp(text, "dirichlet:", 10) == 0) {
        out->kind = ZKFL_FL_PARTITION_DIRICHLET;
        int rc = parse_positive_double(&out->alpha, text + 10);
        return rc != 0 || out->alpha > ZKFL_FL_DIRICHLET_MAX_ALPHA ? ZKFL_ERR_FORMAT : 0;
    }
    if (strcmp(text, "shards") == 0) {
        out->kind = ZKFL_FL_PARTITION_SHARDS;
        out->shards_per_client = 2;
        return 0;
    }
    if (strncmp(text, "shards:", 7) == 0) {
        const char *s = text + 7;
        if (*s < '1' || *s > '9')
            return ZKFL_ERR_FORMAT;
        char *end;
        errno = 0;
        unsigned long k = strtoul(s, &end, 10);
        if (*end != '\0' || errno != 0 || k == 0 || k > 100000)
            return ZKFL_ERR_FORMAT;
        out->kind = ZKFL_FL_PARTITION_SHARDS;
        out->shards_per_client = (uint32_t)k;
        return 0;
    }
    return ZKFL_ERR_FORMAT;
}

void zkfl_fl_partition_free(zkfl_fl_partition *p)
{
    if (p == NULL)
        return;
    if (p->idx != NULL)
        for (size_t c = 0; c < p->n_clients; c++)
            free(p->idx[c]);
    free(p->idx);
    free(p->count);
    memset(p, 0, sizeof *p);
}

static int partition_alloc(zkfl_fl_partition *p, size_t n_clients)
{
    p->n_clients = n_clients;
    p->idx = calloc(n_clients, sizeof *p->idx);
    p->count = calloc(n_clients, sizeof *p->count);
    if (p->idx == NULL || p->count == NULL) {
        zkfl_fl_partition_free(p);
        return ZKFL_ERR_NOMEM;
    }
    return 0;
}

/* Client c gets items[start[c] .. start[c+1]). */
static int partition_from_ranges(zkfl_fl_partition *p, const uint32_t *items, const size_t *start)
{
    for (size_t c = 0; c < p->n_clients; c++) {
        size_t cnt = start[c + 1] - start[c];
        p->idx[c] = malloc((cnt ? cnt : 1) * sizeof(uint32_t));
        if (p->idx[c] == NULL)
            return ZKFL_ERR_NOMEM;
        memcpy(p->idx[c], items + start[c], cnt * sizeof(uint32_t));
        p->count[c] = cnt;
    }
    return 0;
}

static int make_iid(zkfl_fl_partition *p, uint32_t *items, size_t n, zkfl_ml_rng *rng)
{
    zkfl_ml_rng_shuffle(rng, items, n);
    size_t k = p->n_clients;
    size_t *start = malloc((k + 1) * sizeof *start);
    if (start == NULL)
        return ZKFL_ERR_NOMEM;
    for (size_t c = 0; c <= k; c++)
        start[c] = c * (n / k) + (c < n % k ? c : n % k);
    int rc = partition_from_ranges(p, items, start);
    free(start);
    return rc;
}

/* Stable counting sort of items by label: ties keep their (shuffled) order. */
static int sort_by_label(uint32_t *items, size_t n, const zkfl_dataset *ds, size_t *class_start)
{
    uint32_t k = ds->n_classes;
    memset(class_start, 0, (k + 1) * sizeof *class_start);
    for (size_t i = 0; i < n; i++) {
        int32_t y = ds->y[items[i]];
        if (y < 0 || (uint32_t)y >= k)
            return ZKFL_ERR_RANGE;
        class_start[y + 1]++;
    }
    for (uint32_t c = 0; c < k; c++)
        class_start[c + 1] += class_start[c];
    uint32_t *sorted = malloc((n ? n : 1) * sizeof *sorted);
    size_t *next = malloc((k ? k : 1) * sizeof *next);
    if (sorted == NULL || next == NULL) {
        free(sorted);
        free(next);
        return ZKFL_ERR_NOMEM;
    }
    memcpy(next, class_start, k * sizeof *next);
    for (size_t i = 0; i < n; i++)
        sorted[next[ds->y[items[i]]]++] = items[i];
    memcpy(items, sorted, n * sizeof *items);
    free(sorted);
    free(next);
    return 0;
}

static int make_shards(zkfl_fl_partition *p, uint32_t *items, size_t n, const zkfl_dataset *ds,
                       uint32_t per_client, zkfl_ml_rng *rng)
{
    size_t n_shards = p->n_clients * per_client;
    if (n < n_shards)
        return ZKFL_ERR_RANGE;
    size_t *class_start = malloc((ds->n_classes + 1) * sizeof *class_start);
    uint32_t *order = malloc(n_shards * sizeof *order);
    uint32_t *out = malloc(n * sizeof *out);
    size_t *start = malloc((p->n_clients + 1) * sizeof *start);
    int rc = ZKFL_ERR_NOMEM;
    if (class_start == NULL || order == NULL || out == NULL || start == NULL)
        goto done;
    zkfl_ml_rng_shuffle(rng, items, n);
    if ((rc = sort_by_label(items, n, ds, class_start)) != 0)
        goto done;
    for (size_t s = 0; s < n_shards; s++)
        order[s] = (uint32_t)s;
    zkfl_ml_rng_shuffle(rng, order, n_shards);
    /* Shard s is items[s*base + min(s, extra) ...) of length base + (s < extra). */
    size_t base = n / n_shards, extra = n % n_shards, pos = 0;
    for (size_t c = 0; c < p->n_clients; c++) {
        start[c] = pos;
        for (uint32_t j = 0; j < per_client; j++) {
            size_t s = order[c * per_client + j];
            size_t from = s * base + (s < extra ? s : extra);
            size_t len = base + (s < extra);
            memcpy(out + pos, items + from, len * sizeof *out);
            pos += len;
        }
    }
    start[p->n_clients] = pos;
    rc = partition_from_ranges(p, out, start);
done:
    free(class_start);
    free(order);
    free(out);
    free(start);
    return rc;
}

static int make_dirichlet(zkfl_fl_partition *p, uint32_t *items, size_t n, const zkfl_dataset *ds,
                          double alpha, zkfl_ml_rng *rng)
{
    size_t k = p->n_clients;
    uint32_t nc = ds->n_classes;
    size_t min_size = n / (2 * k);
    if (min_size > ZKFL_FL_DIRICHLET_MIN_EXAMPLES)
        min_size = ZKFL_FL_DIRICHLET_MIN_EXAMPLES;
    size_t *class_start = malloc((nc + 1) * sizeof *class_start);
    size_t *take = malloc(nc * k * sizeof *take);   /* take[c*k + j] */
    double *prop = malloc(k * sizeof *prop);
    uint32_t *out = malloc(n * sizeof *out);
    size_t *start = malloc((k + 1) * sizeof *start);
    int rc = ZKFL_ERR_NOMEM;
    if (class_start == NULL || take == NULL || prop == NULL || out == NULL || start == NULL)
        goto done;
    zkfl_ml_rng_shuffle(rng, items, n);
    if ((rc = sort_by_label(items, n, ds, class_start)) != 0)
        goto done;
    rc = ZKFL_ERR_RANGE;
    for (int attempt = 0; attempt < 1000; attempt++) {
        for (uint32_t c = 0; c < nc; c++) {
            size_t m = class_start[c + 1] - class_start[c];
            double total = 0;
            for (size_t j = 0; j < k; j++)
                total += prop[j] = zkfl_ml_rng_gamma(rng, alpha);
            /* Gamma draws with tiny alpha can all underflow to 0: give the
             * class to one random client then (the limit of Dir(alpha->0)). */
            if (!(total > 0)) {
                memset(prop, 0, k * sizeof *prop);
                prop[zkfl_ml_rng_below(rng, k)] = 1;
                total = 1;
            }
            /* Cumulative rounding so the counts sum to m exactly. */
            double cum = 0;
            size_t given = 0;
            for (size_t j = 0; j < k; j++) {
                cum += prop[j];
                size_t upto = j + 1 == k ? m : (size_t)floor(cum / total * (double)m + 0.5);
                if (upto > m)
                    upto = m;
                if (upto < given)
                    upto = given;
                take[c * k + j] = upto - given;
                given = upto;
            }
        }
        int ok = 1;
        for (size_t j = 0; j < k && ok; j++) {
            size_t s = 0;
            for (uint32_t c = 0; c < nc; c++)
                s += take[c * k + j];
            ok = s >= min_size;
        }
        if (ok) {
            rc = 0;
            break;
        }
    }
    if (rc != 0)
        goto done;
    size_t pos = 0;
    for (size_t j = 0; j < k; j++) {
        start[j] = pos;
        for (uint32_t c = 0; c < nc; c++) {
            size_t off = class_start[c];
            for (size_t jj = 0; jj < j; jj++)
                off += take[c * k + jj];
            memcpy(out + pos, items + off, take[c * k + j] * sizeof *out);
            pos += take[c * k + j];
        }
    }
    start[k] = pos;
    rc = partition_from_ranges(p, out, start);
done:
    free(class_start);
    free(take);
    free(prop);
    free(out);
    free(start);
    return rc;
}

int zkfl_fl_partition_make(zkfl_fl_partition *out, const zkfl_fl_partition_spec *spec,
                           const zkfl_dataset *ds, const uint32_t *pool, size_t n,
                           size_t n_clients, uint64_t seed)
{
    if (out == NULL || spec == NULL || ds == NULL || n_clients == 0)
        return ZKFL_ERR_INVALID_ARG;
    memset(out, 0, sizeof *out);
    if (pool == NULL)
        n = ds->n;
    if (n < n_clients || n > UINT32_MAX)
        return ZKFL_ERR_RANGE;
    uint32_t *items = malloc(n * sizeof *items);
    if (items == NULL)
        return ZKFL_ERR_NOMEM;
    for (size_t i = 0; i < n; i++) {
        items[i] = pool ? pool[i] : (uint32_t)i;
        if (items[i] >= ds->n) {
            free(items);
            return ZKFL_ERR_RANGE;
        }
    }
    int rc = partition_alloc(out, n_clients);
    if (rc == 0) {
        zkfl_ml_rng rng;
        zkfl_ml_rng_seed(&rng, seed ^ 0x9a57171011ULL);
        switch (spec->kind) {
        case ZKFL_FL_PARTITION_IID: rc = make_iid(out, items, n, &rng); break;
        case ZKFL_FL_PARTITION_DIRICHLET:
            rc = spec->alpha > 0 && spec->alpha <= ZKFL_FL_DIRICHLET_MAX_ALPHA
                     ? make_dirichlet(out, items, n, ds, spec->alpha, &rng)
                     : ZKFL_ERR_INVALID_ARG;
            break;
        case ZKFL_FL_PARTITION_SHARDS:
            rc = spec->shards_per_client > 0
                     ? make_shards(out, items, n, ds, spec->shards_per_client, &rng)
                     : ZKFL_ERR_INVALID_ARG;
            break;
        default: rc = ZKFL_ERR_INVALID_ARG;
        }
        if (rc != 0)
            zkfl_fl_partition_free(out);
    }
    free(items);
    return rc;
}

int zkfl_fl_partition_histogram(uint64_t *hist, const zkfl_fl_partition *p,
                                const zkfl_dataset *ds)
{
    if (hist == NULL || p == NULL || ds == NULL)
        return ZKFL_ERR_INVALID_ARG;
    memset(hist, 0, p->n_clients * ds->n_classes * sizeof *hist);
    for (size_t c = 0; c < p->n_clients; c++)
        for (size_t i = 0; i < p->count[c]; i++) {
            int32_t y = ds->y[p->idx[c][i]];
            if (y < 0 || (uint32_t)y >= ds->n_classes)
                return ZKFL_ERR_RANGE;
            hist[c * ds->n_classes + (uint32_t)y]++;
        }
    return 0;
}
