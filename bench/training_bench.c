/* One timed local epoch of zkfl's C training engine on Fashion-MNIST, the
 * counterpart of training_torch.py (same model, batch, lr, momentum, data
 * order source: a fresh shuffle per epoch). Prints one line:
 *   zkfl <spec> threads=T batch=B examples=N seconds=S cpu_seconds=C loss=L test_acc=A
 * (seconds: wall time of the training loop; cpu_seconds: the process' CPU
 * time over the same span, all threads, which is what a loaded shared
 * machine distorts least).
 * usage: training_bench SPEC THREADS [BATCH] [EXAMPLES] [DATA_DIR] */
#define _POSIX_C_SOURCE 200809L  /* clock_gettime under -std=c11 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "zkfl/ml.h"

static double cpu_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s SPEC THREADS [BATCH] [EXAMPLES] [DATA_DIR]\n", argv[0]);
        return 2;
    }
    const char *spec_text = argv[1];
    int threads = atoi(argv[2]);
    unsigned batch = argc > 3 ? (unsigned)atoi(argv[3]) : ZKFL_ML_DEFAULT_BATCH;
    size_t examples = argc > 4 ? (size_t)atol(argv[4]) : 60000;
    const char *dir = argc > 5 ? argv[5] : NULL;
    zkfl_dataset tr, te;
    if (zkfl_dataset_load_fashion_mnist(&tr, &te, dir, 0) != 0) {
        fprintf(stderr, "%s\n", zkfl_ml_last_error());
        return 3;
    }
    if (examples == 0 || examples > tr.n)
        examples = tr.n;
    zkfl_model_spec spec;
    zkfl_model *m;
    if (zkfl_model_spec_parse(&spec, spec_text, 1, 28, 28, 10) != 0 ||
        zkfl_model_new(&m, &spec, 1) != 0) {
        fprintf(stderr, "%s\n", zkfl_ml_last_error());
        return 2;
    }
    zkfl_train_config cfg = zkfl_train_config_default();
    cfg.threads = threads;
    cfg.batch_size = batch;
    float loss, acc;
    uint64_t t0 = zkfl_now_ns();
    double c0 = cpu_seconds();
    if (zkfl_model_train_epochs(m, &loss, &tr, NULL, examples, &cfg) != 0) {
        fprintf(stderr, "%s\n", zkfl_ml_last_error());
        return 3;
    }
    double secs = (double)(zkfl_now_ns() - t0) * 1e-9;
    double cpu = cpu_seconds() - c0;
    zkfl_model_evaluate(&acc, NULL, m, &te, NULL, te.n, threads);
    printf("zkfl %s threads=%d batch=%u examples=%zu seconds=%.3f cpu_seconds=%.3f loss=%.4f test_acc=%.4f\n",
           spec_text, threads, batch, examples, secs, cpu, loss, acc);
    zkfl_model_free(m);
    zkfl_dataset_free(&tr);
    zkfl_dataset_free(&te);
    return 0;
}
