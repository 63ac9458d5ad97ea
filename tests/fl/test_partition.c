/* Partitioners: counts sum to N, every example once, Dirichlet skew grows as
 * alpha falls, shards give <= K labels per client, seeds reproduce. */
#include <stdlib.h>
#include <string.h>
#include "testlib.h"
#include "zkfl/fl.h"

/* A labelled dataset of n_classes x per_class examples (features unused). */
static void make_labels(zkfl_dataset *ds, uint32_t n_classes, size_t per_class)
{
    CHECK_OK(zkfl_dataset_alloc(ds, n_classes * per_class, 1, n_classes));
    for (size_t i = 0; i < ds->n; i++)
        ds->y[i] = (int32_t)(i % n_classes);
}

static int covers_once(const zkfl_fl_partition *p, size_t n)
{
    uint8_t *seen = calloc(n, 1);
    size_t total = 0;
    int ok = seen != NULL;
    for (size_t c = 0; ok && c < p->n_clients; c++)
        for (size_t i = 0; i < p->count[c]; i++) {
            uint32_t e = p->idx[c][i];
            if (e >= n || seen[e]++) ok = 0;
            total++;
        }
    free(seen);
    return ok && total == n;
}

/* Mean over clients of the largest label share: 1/n_classes when uniform,
 * 1 when every client holds a single label. */
static double mean_max_share(const zkfl_fl_partition *p, const zkfl_dataset *ds)
{
    uint64_t *h = calloc(p->n_clients * ds->n_classes, sizeof *h);
    CHECK_OK(zkfl_fl_partition_histogram(h, p, ds));
    double s = 0;
    for (size_t c = 0; c < p->n_clients; c++) {
        uint64_t mx = 0;
        for (uint32_t k = 0; k < ds->n_classes; k++)
            if (h[c * ds->n_classes + k] > mx) mx = h[c * ds->n_classes + k];
        s += (double)mx / (double)p->count[c];
    }
    free(h);
    return s / (double)p->n_clients;
}

static int same_partition(const zkfl_fl_partition *a, const zkfl_fl_partition *b)
{
    if (a->n_clients != b->n_clients) return 0;
    for (size_t c = 0; c < a->n_clients; c++)
        if (a->count[c] != b->count[c] ||
            memcmp(a->idx[c], b->idx[c], a->count[c] * sizeof(uint32_t)) != 0)
            return 0;
    return 1;
}

static void test_parse(void)
{
    zkfl_fl_partition_spec s;
    CHECK_OK(zkfl_fl_partition_spec_parse(&s, "iid"));
    CHECK_EQ_INT(s.kind, ZKFL_FL_PARTITION_IID);
    CHECK_OK(zkfl_fl_partition_spec_parse(&s, "dirichlet:0.5"));
    CHECK(s.kind == ZKFL_FL_PARTITION_DIRICHLET && s.alpha == 0.5);
    CHECK_OK(zkfl_fl_partition_spec_parse(&s, "shards:3"));
    CHECK(s.kind == ZKFL_FL_PARTITION_SHARDS && s.shards_per_client == 3);
    CHECK_OK(zkfl_fl_partition_spec_parse(&s, "shards"));
    CHECK_EQ_INT(s.shards_per_client, 2);
    const char *bad[] = {"", "IID", "dirichlet", "dirichlet:", "dirichlet:0", "dirichlet:-1",
                         "dirichlet:nan", "dirichlet:1x", "dirichlet:1e7", "dirichlet:inf", "shards:0", "shards:-2", "shards:",
                         "shards:2.5", "random"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK_EQ_INT(zkfl_fl_partition_spec_parse(&s, bad[i]), ZKFL_ERR_FORMAT);
}

static void test_iid(const zkfl_dataset *ds)
{
    zkfl_fl_partition_spec s = {ZKFL_FL_PARTITION_IID, 0, 0};
    zkfl_fl_partition p, q;
    CHECK_OK(zkfl_fl_partition_make(&p, &s, ds, NULL, 0, 7, 42));
    CHECK(covers_once(&p, ds->n));
    for (size_t c = 0; c < 7; c++)
        CHECK(p.count[c] == ds->n / 7 || p.count[c] == ds->n / 7 + 1);
    CHECK(mean_max_share(&p, ds) < 0.2);
    CHECK_OK(zkfl_fl_partition_make(&q, &s, ds, NULL, 0, 7, 42));
    CHECK(same_partition(&p, &q));
    zkfl_fl_partition_free(&q);
    CHECK_OK(zkfl_fl_partition_make(&q, &s, ds, NULL, 0, 7, 43));
    CHECK(!same_partition(&p, &q));
    zkfl_fl_partition_free(&q);
    zkfl_fl_partition_free(&p);
    /* A pool restricts the examples. */
    uint32_t pool[100];
    for (uint32_t i = 0; i < 100; i++) pool[i] = 2 * i;
    CHECK_OK(zkfl_fl_partition_make(&p, &s, ds, pool, 100, 3, 1));
    size_t tot = 0;
    for (size_t c = 0; c < 3; c++)
        for (size_t i = 0; i < p.count[c]; i++, tot++)
            CHECK(p.idx[c][i] % 2 == 0 && p.idx[c][i] < 200);
    CHECK_EQ_INT(tot, 100);
    zkfl_fl_partition_free(&p);
    CHECK_EQ_INT(zkfl_fl_partition_make(&p, &s, ds, pool, 2, 3, 1), ZKFL_ERR_RANGE);
    pool[0] = (uint32_t)ds->n;
    CHECK_EQ_INT(zkfl_fl_partition_make(&p, &s, ds, pool, 10, 3, 1), ZKFL_ERR_RANGE);
}

static void test_dirichlet(const zkfl_dataset *ds)
{
    double alphas[] = {100, 1, 0.1};
    double share[3];
    for (int a = 0; a < 3; a++) {
        zkfl_fl_partition_spec s = {ZKFL_FL_PARTITION_DIRICHLET, alphas[a], 0};
        zkfl_fl_partition p, q;
        CHECK_OK(zkfl_fl_partition_make(&p, &s, ds, NULL, 0, 10, 5));
        CHECK(covers_once(&p, ds->n));
        for (size_t c = 0; c < 10; c++)
            CHECK(p.count[c] >= ZKFL_FL_DIRICHLET_MIN_EXAMPLES);
        share[a] = mean_max_share(&p, ds);
        CHECK_OK(zkfl_fl_partition_make(&q, &s, ds, NULL, 0, 10, 5));
        CHECK(same_partition(&p, &q));
        zkfl_fl_partition_free(&p);
        zkfl_fl_partition_free(&q);
    }
    printf("dirichlet mean max label share: alpha 100 %.3f, 1 %.3f, 0.1 %.3f\n",
           share[0], share[1], share[2]);
    CHECK(share[0] < 0.2);
    CHECK(share[0] < share[1] && share[1] < share[2]);
    CHECK(share[2] > 0.5);
}

static void test_shards(const zkfl_dataset *ds)
{
    /* 10 classes x 600, 10 clients x 2 shards of 300: McMahan's setting
     * scaled down; shards align with classes, so <= 2 labels per client. */
    zkfl_fl_partition_spec s = {ZKFL_FL_PARTITION_SHARDS, 0, 2};
    zkfl_fl_partition p;
    CHECK_OK(zkfl_fl_partition_make(&p, &s, ds, NULL, 0, 10, 9));
    CHECK(covers_once(&p, ds->n));
    uint64_t h[100];
    CHECK_OK(zkfl_fl_partition_histogram(h, &p, ds));
    for (size_t c = 0; c < 10; c++) {
        int labels = 0;
        for (int k = 0; k < 10; k++) labels += h[c * 10 + k] > 0;
        CHECK(labels >= 1 && labels <= 2);
        CHECK_EQ_INT(p.count[c], 600);
    }
    zkfl_fl_partition_free(&p);
    s.shards_per_client = 1;
    CHECK_OK(zkfl_fl_partition_make(&p, &s, ds, NULL, 0, 10, 9));
    CHECK_OK(zkfl_fl_partition_histogram(h, &p, ds));
    for (size_t c = 0; c < 10; c++) {
        int labels = 0;
        for (int k = 0; k < 10; k++) labels += h[c * 10 + k] > 0;
        CHECK_EQ_INT(labels, 1);
    }
    zkfl_fl_partition_free(&p);
    s.shards_per_client = 1000;
    CHECK_EQ_INT(zkfl_fl_partition_make(&p, &s, ds, NULL, 0, 10, 9), ZKFL_ERR_RANGE);
}

static void test_sampling(void)
{
    zkfl_ml_rng rng;
    zkfl_ml_rng_seed(&rng, 3);
    uint32_t chosen[20];
    size_t k, hits[20] = {0};
    for (int t = 0; t < 2000; t++) {
        CHECK_OK(zkfl_fl_sample_fixed(chosen, &k, 20, 5, &rng));
        CHECK_EQ_INT(k, 5);
        for (size_t i = 0; i < k; i++) {
            if (i) CHECK(chosen[i] > chosen[i - 1]);
            hits[chosen[i]]++;
        }
    }
    for (int i = 0; i < 20; i++)   /* expected 500 each, sd ~19 */
        CHECK(hits[i] > 400 && hits[i] < 600);
    size_t total = 0;
    for (int t = 0; t < 2000; t++) {
        CHECK_OK(zkfl_fl_sample_poisson(chosen, &k, 20, 0.1, &rng));
        total += k;
    }
    CHECK(total > 3700 && total < 4300);  /* mean 4000, sd ~60 */
    CHECK_EQ_INT(zkfl_fl_sample_fixed(chosen, &k, 3, 4, &rng), ZKFL_ERR_INVALID_ARG);
    CHECK_EQ_INT(zkfl_fl_sample_poisson(chosen, &k, 3, 1.5, &rng), ZKFL_ERR_INVALID_ARG);
}

int main(void)
{
    zkfl_dataset ds;
    make_labels(&ds, 10, 600);
    test_parse();
    test_iid(&ds);
    test_dirichlet(&ds);
    test_shards(&ds);
    test_sampling();
    zkfl_dataset_free(&ds);
    return zkfl_test_done("fl_partition");
}
