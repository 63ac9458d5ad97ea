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
#include "zkfl/compliance.h"
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

/* ---- Record-level DP (DP-SGD at every client) ------------------------------ */

/* How a client's local DP-SGD is calibrated. A round is steps_per_round =
 * epochs * ceil(n / batch) noisy steps, fixed in advance; each step trains
 * on a Poisson batch (every one of the client's n records in it
 * independently with probability q = batch / n, 1 when batch >= n; sizes
 * vary around q n, 0 included: zkfl_fl_dp_batch_sampler) and its noisy sum
 * is divided by the fixed expected size q n. Each step is therefore
 * exactly the Poisson-subsampled Gaussian the RDP accountant analyses
 * (Opacus's orders, improved conversion). The noise multiplier is the
 * smallest z with which planned_rounds rounds, i.e. planned_steps steps,
 * spend at most epsilon. */
typedef struct {
    double sampling_rate;     /* q */
    uint64_t steps_per_round;
    uint64_t planned_steps;   /* steps_per_round * planned rounds */
    double noise_multiplier;  /* z: per-step noise std is z * record clip */
    double epsilon;           /* epsilon reached after planned_steps (<= budget) */
} zkfl_fl_dp_record_plan;

/* The plan of a client with n_examples records (>= 1), batch >= 1, epochs
 * >= 1, planned_rounds >= 1, epsilon > 0, 0 < delta < 1. ZKFL_ERR_RANGE when
 * no noise multiplier reaches the budget. */
int zkfl_fl_dp_record_plan_make(zkfl_fl_dp_record_plan *out, size_t n_examples, uint32_t batch,
                                uint32_t epochs, uint32_t planned_rounds, double epsilon,
                                double delta);

/* One DP-SGD step as a zkfl_train_config.per_example_hook (same contract as
 * dp.h's zkfl_dp_sgd_hook, whose clip and sum it shares): every gradient
 * row clipped to L2 <= clip, summed, exact discrete Gaussian noise of std
 * noise_multiplier * clip per coordinate (dp.h's
 * zkfl_dp_add_gaussian_noise, whose grid rounding it covers by inflating the
 * sensitivity), divided by expected_batch. The noise is drawn in `threads`
 * slices in parallel (each its own kernel-seeded sampler): the exact
 * sampler costs ~1 us per coordinate, so for d = 25k it is most of a
 * step's time. */
typedef struct {
    double clip;
    double noise_multiplier;
    double expected_batch;    /* q n, the fixed denominator (0: divide by b) */
    int threads;
} zkfl_fl_dp_sgd_ctx;
int zkfl_fl_dp_sgd_hook(void *ctx, float *batch_grad, float *grads, size_t b, size_t p);

/* DP-SGD's Poisson batches as a zkfl_train_config.batch_sampler: ctx is a
 * zkfl_dp_poisson (dp.h, created with the plan's sampling_rate), whose
 * kernel-seeded exact sampler draws each batch; the trainer runs
 * steps_per_round / epochs steps per epoch whatever sizes come out. */
int zkfl_fl_dp_batch_sampler(void *ctx, uint32_t *pos, size_t *count, size_t n);

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

/* Who differential privacy protects. USER: DP-FedAvg (McMahan et al.
 * 2018) - the server noises the sum of clipped client updates, so a whole
 * client's data is hidden; needs many clients to learn. RECORD: DP-SGD
 * (Abadi et al. 2016) at every client - per-example clipping and noise in
 * local training, so each training record is hidden, whoever sees the
 * update (the guarantee silos such as hospitals need); every client has its
 * own accountant and the reported epsilon is the largest of them. */
enum zkfl_fl_dp_level { ZKFL_FL_DP_OFF = 0, ZKFL_FL_DP_USER = 1, ZKFL_FL_DP_RECORD = 2 };

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
    int dp;                  /* enum zkfl_fl_dp_level */
    double dp_epsilon, dp_delta;
    uint32_t dp_planned_rounds; /* rounds the noise is calibrated for; 0 = rounds */
    double dp_record_clip;   /* RECORD: per-example gradient clipping norm */
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
    double epsilon;          /* spent so far (RECORD: the largest over the clients);
                                < 0 without DP */
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
    double noise_multiplier; /* 0 without DP; RECORD: the largest client's z */
    double dp_delta;         /* the delta epsilon is stated for (0 without DP) */
    int stopped_by_budget;
    uint64_t proofs_verified, proofs_rejected;
} zkfl_fl_summary;

/* Runs the federation: `model` (updated in place) is the global model,
 * clients train on their parts of `train`, evaluation on all of `test`
 * after every round. Each round: sample clients -> local training ->
 * encode (clip, quantize) -> cfg->check_updates (the compliance stage:
 * proof of each encoded update, batched verification, failing clients
 * excluded; skipped when NULL) -> integer aggregation -> DP noise ->
 * server optimizer step -> evaluation. USER DP: the noise multiplier is
 * calibrated for the planned rounds at sampling rate q (1 for ALL and for
 * FIXED sampling - no amplification is claimed for sampling without
 * replacement - and the rate for POISSON). RECORD DP: each client trains
 * on Poisson batches (zkfl_fl_dp_batch_sampler) with zkfl_fl_dp_sgd_hook,
 * calibrated by zkfl_fl_dp_record_plan_make for the planned rounds (a client spends only in rounds it is sampled in); a
 * momentum or weight decay in cfg->train only post-processes the noisy
 * gradients. Either way a round that would exceed the budget is not run
 * (summary->stopped_by_budget). on_round may be NULL; a nonzero return
 * stops. */
int zkfl_fl_run(zkfl_fl_summary *summary, zkfl_model *model, const zkfl_dataset *train,
                const zkfl_fl_partition *part, const zkfl_dataset *test,
                const zkfl_fl_config *cfg, zkfl_fl_round_fn on_round, void *ctx);

/* The message of the last failure of zkfl_fl_run on this thread ("" if none). */
const char *zkfl_fl_last_error(void);

/* ---- The compliance-proof stage ------------------------------------------- */

/* The rules every honest encoder output satisfies, for `bits`-bit updates of
 * dim values (2 <= bits <= 31, 1 <= dim <= 2^26): with M = 2^(bits-1) - 1
 * and scale = M / clip (zkfl_fl_codec), the delta is clipped to L2 <= clip,
 * so |delta scale|_2 <= M, and stochastic rounding moves each coordinate by
 * less than 1, so |q|_2 < M + sqrt(dim): linf_max = M, l2_max = (M +
 * ceil(sqrt(dim)))^2 (so the proof enforces the clip, up to rounding);
 * nonzero_min 1 (an all-zero update is no contribution), num_samples >= 1
 * (private), lookup range checks, bound to round, client id and the global
 * model's hash. The clip itself does not appear: it is the decoding scale. */
int zkfl_fl_update_rules(zkfl_rules **out, uint32_t bits, size_t dim);

/* The keys of zkfl_fl_update_rules(bits, dim) from the key cache
 * (zkfl_compliance_key_cached: CACHE/<rules hash>/), else a local
 * one-party setup (the toxic waste drawn from zkfl_randombytes and wiped)
 * saved there. *created (may be NULL) tells which happened. Failures leave
 * their message in zkfl_compliance_last_error(). */
int zkfl_fl_proof_keys(zkfl_compliance_key **out, int *created, const char *cache_dir,
                       uint32_t bits, size_t dim, int threads);

/* The stage that runs as zkfl_fl_config.check_updates: each sampled
 * client proves its encoded update (zkfl_update_prove with its example
 * count as num_samples, bound to the round, its id and the hash of the
 * global model the round started from); the server verifies the round's
 * proofs in one batch (zkfl_update_verify_batch) and, when the batch
 * fails, names the failing proofs; a client that cannot prove (a rule is
 * broken) or whose proof fails is rejected. */
typedef struct zkfl_fl_proof_stage zkfl_fl_proof_stage;

/* key (must hold the proving key), global (the model zkfl_fl_run updates)
 * and num_samples (n_clients counts, e.g. the partition's) are borrowed
 * and must outlive the stage. */
int zkfl_fl_proof_stage_new(zkfl_fl_proof_stage **out, const zkfl_compliance_key *key,
                            const zkfl_model *global, const uint64_t *num_samples,
                            size_t n_clients, int threads);
void zkfl_fl_proof_stage_free(zkfl_fl_proof_stage *s);

/* The channel from the clients to the server: called after proving, before
 * verification, with the n proofs the round produced (in the order of
 * `clients`) and the bindings the server will verify them against. It may
 * replace proofs - what an adversary on the network, or a client sending a
 * stale or someone else's proof, does; the verifier must catch it. Nonzero
 * return: the round fails with that error. Without a channel the proofs
 * reach the server unchanged. */
typedef int (*zkfl_fl_proof_channel_fn)(void *ctx, zkfl_cgroth16_proof *proofs,
                                        const zkfl_round_binding *bindings,
                                        const uint32_t *clients, size_t n);
void zkfl_fl_proof_stage_set_channel(zkfl_fl_proof_stage *s, zkfl_fl_proof_channel_fn fn,
                                     void *ctx);

/* A zkfl_fl_check_fn: set cfg->check_updates to this and cfg->check_ctx to
 * the stage. t_prove is the time all clients spent proving, t_verify the
 * server's verification time. */
int zkfl_fl_proof_stage_check(void *stage, uint8_t *accepted, double *t_prove, double *t_verify,
                              uint32_t round, const uint32_t *clients, const int32_t *codes,
                              size_t k, size_t dim);

/* The rejections of the last round the stage checked: their number, and the
 * i-th one's client and reason ("no proof: <broken rule>" or "proof
 * rejected by the verifier"; valid until the next round). */
size_t zkfl_fl_proof_stage_n_rejected(const zkfl_fl_proof_stage *s);
int zkfl_fl_proof_stage_rejected(uint32_t *client, const char **reason,
                                 const zkfl_fl_proof_stage *s, size_t i);

#ifdef __cplusplus
}
#endif
#endif
