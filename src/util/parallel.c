/* A minimal fork-join parallel-for over pthreads. Work in zkfl is coarse
 * (MSM windows, NTT blocks, mini-batches), so starting threads per call
 * costs microseconds against milliseconds of work. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include "zkfl/common.h"

static int zkfl_threads_override = 0;

int zkfl_default_threads(void)
{
    if (zkfl_threads_override > 0)
        return zkfl_threads_override;
    const char *env = getenv("ZKFL_THREADS");
    if (env != NULL) {
        long v = strtol(env, NULL, 10);
        if (v > 0 && v <= 1024)
            return (int)v;
    }
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

void zkfl_set_default_threads(int threads)
{
    zkfl_threads_override = threads > 0 ? threads : 0;
}

struct zkfl_task {
    zkfl_range_fn fn;
    void *ctx;
    size_t begin, end;
    int worker;
};

static void *zkfl_task_run(void *arg)
{
    struct zkfl_task *t = arg;
    t->fn(t->ctx, t->begin, t->end, t->worker);
    return NULL;
}

int zkfl_parallel_for(size_t n, int threads, zkfl_range_fn fn, void *ctx)
{
    if (fn == NULL)
        return ZKFL_ERR_INVALID_ARG;
    if (n == 0)
        return ZKFL_OK;
    if (threads <= 0)
        threads = zkfl_default_threads();
    if ((size_t)threads > n)
        threads = (int)n;
    if (threads == 1) {
        fn(ctx, 0, n, 0);
        return ZKFL_OK;
    }
    struct zkfl_task *tasks = calloc((size_t)threads, sizeof *tasks);
    pthread_t *tids = calloc((size_t)threads, sizeof *tids);
    if (tasks == NULL || tids == NULL) {
        free(tasks);
        free(tids);
        return ZKFL_ERR_NOMEM;
    }
    int rc = ZKFL_OK, started = 0;
    for (int i = 0; i < threads; i++) {
        tasks[i].fn = fn;
        tasks[i].ctx = ctx;
        tasks[i].begin = n * (size_t)i / (size_t)threads;
        tasks[i].end = n * (size_t)(i + 1) / (size_t)threads;
        tasks[i].worker = i;
    }
    for (int i = 1; i < threads; i++) {
        if (pthread_create(&tids[i], NULL, zkfl_task_run, &tasks[i]) != 0) {
            rc = ZKFL_ERR_THREAD;
            break;
        }
        started = i;
    }
    zkfl_task_run(&tasks[0]);
    for (int i = 1; i <= started; i++)
        pthread_join(tids[i], NULL);
    /* If a thread failed to start, run the chunks it would have done here so
     * the result is still complete, then report the degradation. */
    for (int i = started + 1; i < threads; i++)
        zkfl_task_run(&tasks[i]);
    free(tasks);
    free(tids);
    return rc == ZKFL_ERR_THREAD ? ZKFL_OK : rc;
}

uint64_t zkfl_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}
