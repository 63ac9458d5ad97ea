/* OpenBLAS is loaded only when a model first needs it: not mapped into a
 * process that links zkfl_ml until a forward/backward pass runs (so its
 * thread pool costs nothing to processes that never train), mapped after
 * one; the loader rejects libraries it cannot open or that lack a routine,
 * with a message naming the Debian package. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ml/blas.h"
#include "testlib.h"
#include "zkfl/ml.h"

/* Whether any mapping of this process comes from a file whose name contains
 * "libopenblas" (the loaded file is the variant's real name, e.g.
 * openblas-pthread/libopenblasp-r0.3.21.so). */
static int openblas_mapped(void)
{
    FILE *f = fopen("/proc/self/maps", "r");
    CHECK(f != NULL);
    if (f == NULL)
        return -1;
    char line[4096];
    int found = 0;
    while (fgets(line, sizeof line, f) != NULL)
        if (strstr(line, "libopenblas") != NULL)
            found = 1;
    fclose(f);
    return found;
}

static void test_open_failures(void)
{
    char why[512];
    void *handle = NULL;
    const char *missing[] = {"libzkfl-no-such-blas.so.0"};
    CHECK_EQ_INT(ml_blas_try_open(&handle, why, sizeof why, missing, 1), ZKFL_ERR_UNSUPPORTED);
    CHECK(handle == NULL);
    CHECK(strstr(why, "libzkfl-no-such-blas.so.0") != NULL);
    CHECK(strstr(why, "libopenblas0") != NULL);
    printf("missing library: %s\n", why);

    /* A library that opens but is not a BLAS: zlib has no cblas_sgemm. */
    const char *not_blas[] = {"libz.so.1"};
    CHECK_EQ_INT(ml_blas_try_open(&handle, why, sizeof why, not_blas, 1), ZKFL_ERR_UNSUPPORTED);
    CHECK(handle == NULL);
    CHECK(strstr(why, "cblas_sgemm") != NULL);
    printf("not a BLAS: %s\n", why);

    CHECK_EQ_INT(ml_blas_try_open(&handle, why, sizeof why, missing, 0), ZKFL_ERR_UNSUPPORTED);
    CHECK(strstr(why, "libopenblas0") != NULL);

    /* A message longer than the buffer is cut, not overrun. */
    char tiny[8];
    memset(tiny, 'x', sizeof tiny);
    CHECK_EQ_INT(ml_blas_try_open(&handle, tiny, sizeof tiny, missing, 1), ZKFL_ERR_UNSUPPORTED);
    CHECK(tiny[sizeof tiny - 1] == '\0');
}

int main(void)
{
    CHECK(strcmp(ml_blas_library_names[0], "libopenblas.so.0") == 0);
    CHECK_EQ_INT(openblas_mapped(), 0);

    /* Building a model and its data needs no BLAS. */
    zkfl_test_rng rng;
    zkfl_test_rng_seed(&rng, 5);
    zkfl_dataset ds;
    CHECK_OK(zkfl_dataset_alloc(&ds, 8, 12, 3));
    ds.channels = 1;
    ds.height = 3;
    ds.width = 4;
    for (size_t i = 0; i < ds.n * ds.dim; i++)
        ds.x[i] = (float)(zkfl_test_rng_next(&rng) % 1000) / 500.0f - 1.0f;
    for (size_t i = 0; i < ds.n; i++)
        ds.y[i] = (int32_t)(i % 3);
    zkfl_model_spec spec;
    CHECK_OK(zkfl_model_spec_parse(&spec, "mlp:5", 1, 3, 4, 3));
    zkfl_model *m;
    CHECK_OK(zkfl_model_new(&m, &spec, 3));
    CHECK_EQ_INT(openblas_mapped(), 0);

    /* Failed attempts leave nothing mapped. */
    test_open_failures();
    CHECK_EQ_INT(openblas_mapped(), 0);

    /* One forward/backward pass loads it. */
    size_t p = zkfl_model_num_params(m);
    float *grad = calloc(p, sizeof(float));
    float loss = 0.0f;
    CHECK(grad != NULL);
    CHECK_OK(zkfl_model_gradient(grad, &loss, m, &ds, NULL, ds.n, 1));
    CHECK(loss > 0.0f);
    double norm = 0.0;
    for (size_t i = 0; i < p; i++)
        norm += (double)grad[i] * grad[i];
    CHECK(norm > 0.0);
    CHECK_EQ_INT(openblas_mapped(), 1);
    CHECK_OK(ml_blas_load());

    /* The fallback order: a missing name is skipped for the next one. */
    char why[512];
    void *handle = NULL;
    const char *names[] = {"libzkfl-no-such-blas.so.0", ml_blas_library_names[0]};
    CHECK_OK(ml_blas_try_open(&handle, why, sizeof why, names, 2));
    CHECK(handle != NULL);

    free(grad);
    zkfl_model_free(m);
    zkfl_dataset_free(&ds);
    return zkfl_test_done("ml_blas_lazy");
}
