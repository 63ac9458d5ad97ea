/* zkfl/fl.h - the federated layer: data partitioners, client sampling,
 * update encoding (clip + stochastic rounding to k-bit integers), FedAvg /
 * FedProx aggregation, server optimizers (FedAdam, FedYogi) and the round
 * loop that `zkfl simulate` drives.
 *
 * Conventions: common.h's (0 or a negative zkfl_err, outputs first).
 * Randomness: partitions, client sampling and the stochastic rounding of a
 * simulation come from zkfl_ml_rng seeded from the run's seed, so a run is
 * reproducible. That generator is not cryptographic; the rounding randomness
 * of a real deployment must come from zkfl_randombytes (an adversary who
 * predicts it can bias nothing - rounding is unbiased either way - but it
 * must not be the same across clients). DP noise always comes from dp.h's
 * exact samplers fed by zkfl_randombytes, never from the seeded generator. */
#ifndef ZKFL_FL_H
#define ZKFL_FL_H

#include <stddef.h>
#include <stdint.h>
#include "zkfl/common.h"
#include "zkfl/ml.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Partitions ----------------------------------------------------------- */

enum zkfl_fl_partition_kind {
    ZKFL_FL_PARTITION_IID = 1,       /* shuffled, equal split */
    ZKFL_FL_PARTITION_DIRICHLET = 2, /* per class, proportions ~ Dir(alpha) */
    ZKFL_FL_PARTITION_SHARDS = 3     /* sorted by label, K shards per client */
};
typedef struct {
    uint32_t kind;
    double alpha;                /* DIRICHLET */
    uint32_t shards_per_client;  /* SHARDS (McMahan et al. 2017 use 2) */
} zkfl_fl_partition_spec;

/* Largest Dirichlet alpha (beyond it the split is IID for any purpose, and
 * sums of Gamma draws stay far from overflow). */
#define ZKFL_FL_DIRICHLET_MAX_ALPHA 1e6

/* Parses "iid", "dirichlet:ALPHA" (0 < ALPHA <= 1e6), "shards" (= shards:2) and
 * "shards:K" (K >= 1). ZKFL_ERR_FORMAT otherwise. */
int zkfl_fl_partition_spec_parse(zkfl_fl_partition_spec *out, const char *text);

/* Client c holds examples idx[c][0..count[c]) of the dataset. */
typedef struct {
    size_t n_clients;
    uint32_t **idx;
    size_t *count;
} zkfl_fl_partition;

/* Minimum examples every Dirichlet client receives (redrawn until met). */
#define ZKFL_FL_DIRICHLET_MIN_EXAMPLES 10

/* Splits examples pool[0..n) (all ds->n when pool is NULL) of ds among
 * n_clients clients, reproducibly from seed. Every example goes to exactly
 * one client. IID: shuffled, sizes differ by at most one. Dirichlet: for each
 * class a proportion vector ~ Dir(alpha) (Gamma draws, Marsaglia-Tsang),
 * redrawn (up to 1000 times, then ZKFL_ERR_RANGE) until every client has at
 * least min(ZKFL_FL_DIRICHLET_MIN_EXAMPLES, n / (2 n_clients)) examples.
 * Shards: examples sorted by label (ties in shuffled order), cut into
 * n_clients * K equal shards (the first n mod shards get one more), K random
 * shards per client. n must be >= n_clients (shards: >= n_clients * K). */
int zkfl_fl_partition_make(zkfl_fl_partition *out, const zkfl_fl_partition_spec *spec,
                           const zkfl_dataset *ds, const uint32_t *pool, size_t n,
                           size_t n_clients, uint64_t seed);
void zkfl_fl_partition_free(zkfl_fl_partition *p);
/* hist gets n_clients rows of ds->n_classes counts. */
int zkfl_fl_partition_histogram(uint64_t *hist, const zkfl_fl_partition *p,
                                const zkfl_dataset *ds);

/* ---- Client sampling ------------------------------------------------------ */

/* Fixed count: exactly k distinct clients of n (k <= n), in increasing
 * order. chosen gets k entries; *n_chosen = k. */
int zkfl_fl_sample_fixed(uint32_t *chosen, size_t *n_chosen, size_t n, size_t k,
                         zkfl_ml_rng *rng);
/* Poisson: each of the n clients independently with probability q (the
 * sampling the DP accountant assumes); may choose none. chosen has room
 * for n entries. */
int zkfl_fl_sample_poisson(uint32_t *chosen, size_t *n_chosen, size_t n, double q,
                           zkfl_ml_rng *rng);

/* ---- Update encoding ------------------------------------------------------ */

/* Encoding of clipped updates as signed `bits`-bit integers (2..31):
 * value = round_stochastic(x * scale) with scale = (2^(bits-1) - 1) / clip.
 * Clipping to L2 <= clip bounds every coordinate by clip, hence |x * scale|
 * by 2^(bits-1) - 1, so no value can saturate; encode checks it. */
typedef struct {
    uint32_t bits;
    double clip;
    double scale;
} zkfl_fl_codec;

int zkfl_fl_codec_init(zkfl_fl_codec *out, uint32_t bits, double clip);
/* Largest magnitude an encoded value can take: 2^(bits-1) - 1. */
int64_t zkfl_fl_codec_max_value(const zkfl_fl_codec *c);

/* Clips delta (in place) to L2 <= clip, then writes q[i] =
 * floor(delta[i] scale) + Bernoulli(frac(delta[i] scale)) (unbiased:
 * E q[i] = delta[i] scale). *clipped (may be NULL) is set to 1 if clipping
 * scaled the vector. ZKFL_ERR_RANGE for a non-finite input, ZKFL_ERR_INTERNAL
 * if a value would exceed the bound after clipping (it cannot). */
int zkfl_fl_encode(int32_t *q, int *clipped, float *delta, size_t n,
                   const zkfl_fl_codec *c, zkfl_ml_rng *rng);

/* Checks that the weighted sum of n_clients encoded updates, sum_i w_i q_i,
 * fits both the int64 accumulator and the aggregation field: sum_i w_i *
 * max_value < 2^63 (which is far below r/2 of BN254, r ~ 2^253.6, so a
 * field sum of the same values decodes unambiguously as a signed integer).
 * weights NULL means all 1. ZKFL_ERR_OVERFLOW when it does not. */
int zkfl_fl_check_aggregation_bound(const zkfl_fl_codec *c, const uint64_t *weights,
                                    size_t n_clients);

/* acc[i] += w * q[i] over n entries (acc: int64). The caller has run
 * zkfl_fl_check_aggregation_bound for the whole federation first. */
void zkfl_fl_accumulate(int64_t *acc, const int32_t *q, size_t n, uint64_t w);

/* out[i] = acc[i] / (scale * total_weight): the weighted mean update. */
int zkfl_fl_decode_mean(float *out, const int64_t *acc, size_t n, const zkfl_fl_codec *c,
                        double total_weight);

/* ---- Aggregation and server optimizers ------------------------------------ */

/* out = sum_i w_i updates[i] / sum_i w_i, updates n_clients rows of dim. */
int zkfl_fl_weighted_mean(float *out, const float *updates, const double *weights,
                          size_t n_clients, size_t dim);

enum zkfl_fl_strategy {
    ZKFL_FL_FEDAVG = 1,  /* x += server_lr * delta (server_lr 1: plain FedAvg) */
    ZKFL_FL_FEDPROX = 2, /* FedAvg aggregation; clients add mu/2 |w - x|^2 */
    ZKFL_FL_FEDADAM = 3, /* Reddi et al. 2021, Algorithm 2 */
    ZKFL_FL_FEDYOGI = 4
};
int zkfl_fl_strategy_parse(uint32_t *out, const char *text);
const char *zkfl_fl_strategy_name(uint32_t strategy);

typedef struct {
    uint32_t strategy;
    double server_lr;   /* eta */
    double beta1, beta2;
    double tau;         /* adaptivity */
} zkfl_fl_server_opt_config;

/* FedAvg/FedProx: server_lr 1. FedAdam/FedYogi: server_lr 0.01, beta1 0.9,
 * beta2 0.99, tau 1e-3 (Reddi et al.'s grids). */
zkfl_fl_server_opt_config zkfl_fl_server_opt_default(uint32_t strategy);

typedef struct zkfl_fl_server_opt zkfl_fl_server_opt;
/* State for dim parameters: m = 0, v = tau^2 (Algorithm 2: v_{-1} >= tau^2). */
int zkfl_fl_server_opt_new(zkfl_fl_server_opt **out, const zkfl_fl_server_opt_config *cfg,
                           size_t dim);
void zkfl_fl_server_opt_free(zkfl_fl_server_opt *o);
/* One server step with the aggregated client update delta (the
 * pseudo-gradient, pointing downhill):
 *   FedAvg:  x += eta delta
 *   m = b1 m + (1 - b1) delta
 *   FedAdam: v = b2 v + (1 - b2) delta^2
 *   FedYogi: v = v - (1 - b2) delta^2 sign(v - delta^2)
 *   x += eta m / (sqrt(v) + tau) */
int zkfl_fl_server_opt_step(zkfl_fl_server_opt *o, float *x, const float *delta, size_t dim);

/* ---- The simulation round loop -------------------------------------------- */

/* The compliance stage: called each round with the encoded updates of the
 * k sampled clients (codes: k rows of dim int32, clients: their ids) before
 * aggregation. It proves and verifies each update (or does whatever check it
 * implements), sets accepted[j] to 1 or 0, and reports the seconds it spent
 * proving and verifying (< 0: that part did not run). Rejected clients are
 * left out of the aggregate and named in the round report. Nonzero return:
 * the run stops with that error. Requires quantized updates. */
typedef int (*zkfl_fl_check_fn)(void *ctx, uint8_t *accepted, double *t_prove, double *t_verify,
                                uint32_t round, const uint32_t *clients, const int32_t *codes,
                                size_t k, size_t dim);

enum zkfl_fl_sampling { ZKFL_FL_SAMPLE_ALL = 0, ZKFL_FL_SAMPLE_FIXED = 1, ZKFL_FL_SAMPLE_POISSON = 2 };

typedef struct {
    size_t n_clients;
    uint32_t rounds;
    uint32_t sampling;       /* enum zkfl_fl_sampling */
    size_t sample_clients;   /* FIXED */
    double sample_rate;      /* POISSON */
    zkfl_train_config train; /* local epochs, batch, lr, momentum; seed and
                                prox fields are set per client and round */
    zkfl_fl_server_opt_config server;
    double prox_mu;          /* FEDPROX */
    int quantize;            /* 1: encode updates with `bits` and `clip` */
    uint32_t bits;
    double clip;             /* L2 clip of every update (also without quantization
                                when > 0 or when DP is on) */
    int dp;                  /* user-level DP-FedAvg */
    double dp_epsilon, dp_delta;
    uint32_t dp_planned_rounds; /* rounds the noise is calibrated for; 0 = rounds */
    uint64_t seed;
    int threads;
    zkfl_fl_check_fn check_updates; /* NULL: no compliance stage */
    void *check_ctx;
} zkfl_fl_config;

/* What one round did (handed to the callback). Times in seconds; a stage
 * that did not run (no proofs yet) has time < 0. */
typedef struct {
    uint32_t round;          /* 1-based */
    size_t clients_sampled;
    double train_loss;       /* mean local training loss of the sampled clients */
    float test_accuracy, test_loss;
    double epsilon;          /* spent so far; < 0 without DP */
    size_t updates_clipped;
    double mean_update_norm; /* L2 norm of the updates before clipping */
    double t_train, t_encode, t_prove, t_verify, t_aggregate, t_eval;
    uint64_t proofs_verified, proofs_rejected;
    const uint32_t *rejected_clients; /* proofs_rejected ids, valid in the callback */
} zkfl_fl_round_report;

typedef int (*zkfl_fl_round_fn)(void *ctx, const zkfl_fl_round_report *r);

typedef struct {
    uint32_t rounds_run;
    float test_accuracy, test_loss;
    double epsilon;          /* < 0 without DP */
    double noise_multiplier; /* 0 without DP */
    int stopped_by_budget;
    uint64_t proofs_verified, proofs_rejected;
} zkfl_fl_summary;

/* Runs the federation: `model` (updated in place) is the global model,
 * clients train on their parts of `train`, evaluation on all of `test`
 * after every round. Each round: sample clients -> local training ->
 * encode (clip, quantize) -> cfg->check_updates (the compliance stage:
 * proof of each encoded update, batched verification, failing clients
 * excluded; skipped when NULL) -> integer aggregation -> DP noise ->
 * server optimizer step -> evaluation. With DP, the noise multiplier is
 * calibrated for cfg->rounds rounds at sampling rate q (1 for ALL and for
 * FIXED sampling - no amplification is claimed for sampling without
 * replacement - and the rate for POISSON) and a round that would exceed
 * the budget is not run. on_round may be NULL; a nonzero return stops. */
int zkfl_fl_run(zkfl_fl_summary *summary, zkfl_model *model, const zkfl_dataset *train,
                const zkfl_fl_partition *part, const zkfl_dataset *test,
                const zkfl_fl_config *cfg, zkfl_fl_round_fn on_round, void *ctx);

/* The message of the last failure of zkfl_fl_run on this thread ("" if none). */
const char *zkfl_fl_last_error(void);

#ifdef __cplusplus
}
#endif
#endif
