/* The federated round loop of a simulation: sample -> train (DP-SGD with
 * record-level DP) -> encode -> prove / verify (the compliance stage, a
 * callback) -> aggregate -> DP noise (user-level DP) -> server step ->
 * evaluate. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "zkfl/dp.h"
#include "zkfl/fl.h"

static _Thread_local char fl_error[512];

const char *zkfl_fl_last_error(void)
{
    return fl_error;
}

static int fail(int rc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(int rc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(fl_error, sizeof fl_error, fmt, ap);
    va_end(ap);
    return rc;
}

static double seconds_since(uint64_t t0)
{
    return (double)(zkfl_now_ns() - t0) * 1e-9;
}

/* Independent reproducible streams per (purpose, round, client). */
static uint64_t derive_seed(uint64_t seed, uint64_t purpose, uint64_t round, uint64_t client)
{
    uint64_t x = seed ^ (purpose * 0x9e3779b97f4a7c15ULL) ^ (round << 32) ^ client;
    x ^= x >> 30; x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27; x *= 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

struct run_state {
    size_t dim;
    zkfl_model *local;
    float *global_before;  /* anchor for FedProx and base of the deltas */
    float *deltas;         /* sampled x dim (float path) */
    int32_t *codes;        /* sampled x dim (quantized path) */
    int64_t *acc;
    float *agg;
    double *weights;
    uint64_t *int_weights;
    uint32_t *chosen;
    uint32_t *rejected;
    uint8_t *accepted;
    zkfl_fl_server_opt *opt;
    zkfl_dp_accountant *acc_dp;          /* USER: the federation's */
    zkfl_dp_accountant **acc_client;     /* RECORD: one per client */
    zkfl_fl_dp_record_plan *plans;       /* RECORD: one per client */
    size_t n_clients;
    double eps_budget;
};

static void state_free(struct run_state *s)
{
    zkfl_model_free(s->local);
    free(s->global_before);
    free(s->deltas);
    free(s->codes);
    free(s->acc);
    free(s->agg);
    free(s->weights);
    free(s->int_weights);
    free(s->chosen);
    free(s->rejected);
    free(s->accepted);
    zkfl_fl_server_opt_free(s->opt);
    zkfl_dp_accountant_free(s->acc_dp);
    if (s->acc_client != NULL)
        for (size_t c = 0; c < s->n_clients; c++)
            zkfl_dp_accountant_free(s->acc_client[c]);
    free(s->acc_client);
    free(s->plans);
}

static int check_config(const zkfl_fl_config *cfg, const zkfl_fl_partition *part)
{
    if (cfg->n_clients == 0 || part->n_clients != cfg->n_clients)
        return fail(ZKFL_ERR_INVALID_ARG, "partition has %zu clients, config %zu",
                    part->n_clients, cfg->n_clients);
    if (cfg->sampling == ZKFL_FL_SAMPLE_FIXED &&
        (cfg->sample_clients == 0 || cfg->sample_clients > cfg->n_clients))
        return fail(ZKFL_ERR_INVALID_ARG, "cannot sample %zu of %zu clients",
                    cfg->sample_clients, cfg->n_clients);
    if (cfg->sampling == ZKFL_FL_SAMPLE_POISSON && !(cfg->sample_rate > 0 && cfg->sample_rate <= 1))
        return fail(ZKFL_ERR_INVALID_ARG, "sample rate %g is not in (0, 1]", cfg->sample_rate);
    if (cfg->sampling > ZKFL_FL_SAMPLE_POISSON)
        return fail(ZKFL_ERR_INVALID_ARG, "unknown sampling mode %u", cfg->sampling);
    if (cfg->dp != ZKFL_FL_DP_OFF && cfg->dp != ZKFL_FL_DP_USER && cfg->dp != ZKFL_FL_DP_RECORD)
        return fail(ZKFL_ERR_INVALID_ARG, "unknown DP level %d", cfg->dp);
    if (cfg->dp == ZKFL_FL_DP_USER && !(cfg->clip > 0))
        return fail(ZKFL_ERR_INVALID_ARG, "DP needs a clipping bound > 0");
    if (cfg->dp == ZKFL_FL_DP_RECORD && !(cfg->dp_record_clip > 0 && isfinite(cfg->dp_record_clip)))
        return fail(ZKFL_ERR_INVALID_ARG, "record-level DP needs a per-example clipping norm > 0");
    if (cfg->dp == ZKFL_FL_DP_RECORD &&
        (cfg->train.per_example_hook != NULL || cfg->train.batch_sampler != NULL))
        return fail(ZKFL_ERR_INVALID_ARG,
                    "record-level DP brings its own per-example hook and batch sampler");
    if (cfg->quantize && !(cfg->clip > 0))
        return fail(ZKFL_ERR_INVALID_ARG, "quantization needs a clipping bound > 0");
    if (cfg->check_updates != NULL && !cfg->quantize)
        return fail(ZKFL_ERR_INVALID_ARG, "the compliance stage checks encoded (quantized) updates");
    if (cfg->server.strategy == ZKFL_FL_FEDPROX && !(cfg->prox_mu > 0))
        return fail(ZKFL_ERR_INVALID_ARG, "FedProx needs mu > 0");
    return 0;
}

/* Trains client c from the current global model; leaves delta = local -
 * global in delta. */
static int train_client(struct run_state *s, double *loss, float *delta, const zkfl_model *model,
                        const zkfl_dataset *train, const zkfl_fl_partition *part, uint32_t c,
                        uint32_t round, const zkfl_fl_config *cfg)
{
    int rc = zkfl_model_set_params(s->local, s->global_before, s->dim);
    if (rc != 0)
        return fail(rc, "client %u: %s", c, zkfl_ml_last_error());
    zkfl_train_config tc = cfg->train;
    tc.seed = derive_seed(cfg->seed, 1, round, c);
    tc.threads = cfg->threads;
    zkfl_fl_dp_sgd_ctx dp_sgd;
    zkfl_dp_poisson *batches = NULL;
    if (cfg->dp == ZKFL_FL_DP_RECORD) {
        /* Poisson batches with the plan's rate, each step's noisy sum over
         * the fixed denominator q n (the batch size, n when smaller): the
         * subsampled Gaussian the plan accounts for. */
        rc = zkfl_dp_poisson_new(&batches, s->plans[c].sampling_rate);
        if (rc != 0)
            return fail(rc, "client %u: cannot set up Poisson batches (q = %g)", c,
                        s->plans[c].sampling_rate);
        dp_sgd.clip = cfg->dp_record_clip;
        dp_sgd.noise_multiplier = s->plans[c].noise_multiplier;
        dp_sgd.expected_batch = s->plans[c].sampling_rate * (double)part->count[c];
        dp_sgd.threads = cfg->threads;
        tc.per_example_hook = zkfl_fl_dp_sgd_hook;
        tc.hook_ctx = &dp_sgd;
        tc.batch_sampler = zkfl_fl_dp_batch_sampler;
        tc.sampler_ctx = batches;
    }
    if (cfg->server.strategy == ZKFL_FL_FEDPROX) {
        tc.prox_mu = (float)cfg->prox_mu;
        tc.prox_anchor = s->global_before;
    } else {
        tc.prox_mu = 0;
        tc.prox_anchor = NULL;
    }
    float l = 0;
    rc = zkfl_model_train_epochs(s->local, &l, train, part->idx[c], part->count[c], &tc);
    zkfl_dp_poisson_free(batches);
    if (rc != 0)
        return fail(rc, "client %u, round %u: training failed: %s", c, round, zkfl_ml_last_error());
    *loss = l;
    const float *p = zkfl_model_params_const(s->local);
    for (size_t i = 0; i < s->dim; i++)
        delta[i] = p[i] - s->global_before[i];
    (void)model;
    return 0;
}

/* Record-level DP, before a round: every sampled client must be able to
 * afford its round of DP-SGD steps, else the round is not run (*over = 1,
 * nothing recorded); then each one's steps are recorded and *eps gets the
 * largest epsilon spent by any client so far. */
static int record_dp_spend(struct run_state *s, int *over, double *eps, size_t k, uint32_t round)
{
    *over = 0;
    for (size_t j = 0; j < k; j++) {
        const zkfl_fl_dp_record_plan *p = &s->plans[s->chosen[j]];
        double after = 0;
        int rc = zkfl_dp_accountant_peek(s->acc_client[s->chosen[j]], &after, p->sampling_rate,
                                         p->noise_multiplier, p->steps_per_round);
        if (rc != 0)
            return fail(rc, "round %u: DP accounting failed", round);
        if (after > s->eps_budget) {
            *over = 1;
            return 0;
        }
    }
    for (size_t j = 0; j < k; j++) {
        const zkfl_fl_dp_record_plan *p = &s->plans[s->chosen[j]];
        int rc = zkfl_dp_accountant_spend(s->acc_client[s->chosen[j]], p->sampling_rate,
                                          p->noise_multiplier, p->steps_per_round);
        if (rc != 0)
            return fail(rc, "round %u: DP accounting failed", round);
    }
    *eps = 0;
    for (size_t c = 0; c < s->n_clients; c++) {
        double e = 0;
        zkfl_dp_accountant_epsilon(s->acc_client[c], &e, NULL);
        if (e > *eps)
            *eps = e;
    }
    return 0;
}

static int setup(struct run_state *s, double *z, double *q_acc, zkfl_fl_codec *codec,
                 const zkfl_model *model, const zkfl_fl_partition *part, const zkfl_fl_config *cfg)
{
    size_t n = cfg->n_clients, dim = s->dim;
    int rc = zkfl_model_clone(&s->local, model);
    if (rc != 0)
        return fail(rc, "%s", zkfl_ml_last_error());
    s->global_before = malloc(dim * sizeof(float));
    s->agg = malloc(dim * sizeof(float));
    s->weights = malloc(n * sizeof(double));
    s->int_weights = malloc(n * sizeof(uint64_t));
    s->chosen = malloc(n * sizeof(uint32_t));
    s->rejected = malloc(n * sizeof(uint32_t));
    s->accepted = malloc(n);
    if (cfg->quantize) {
        s->codes = malloc(n * dim * sizeof(int32_t));
        s->acc = malloc(dim * sizeof(int64_t));
        s->deltas = malloc(dim * sizeof(float));  /* one client at a time */
    } else {
        s->deltas = malloc(n * dim * sizeof(float));
    }
    if (!s->global_before || !s->agg || !s->weights || !s->int_weights || !s->chosen ||
        !s->rejected || !s->accepted ||
        !s->deltas || (cfg->quantize && (!s->codes || !s->acc)))
        return fail(ZKFL_ERR_NOMEM, "out of memory for %zu clients x %zu parameters", n, dim);
    if ((rc = zkfl_fl_server_opt_new(&s->opt, &cfg->server, dim)) != 0)
        return fail(rc, "bad server optimizer settings");
    /* User-level DP gives every client the same weight (its sensitivity is
     * one update); otherwise FedAvg weights by example count. */
    for (size_t c = 0; c < n; c++)
        s->int_weights[c] = cfg->dp == ZKFL_FL_DP_USER ? 1 : part->count[c];
    if (cfg->quantize) {
        if ((rc = zkfl_fl_codec_init(codec, cfg->bits, cfg->clip)) != 0)
            return fail(rc, "bad encoding: %u bits, clip %g", cfg->bits, cfg->clip);
        if ((rc = zkfl_fl_check_aggregation_bound(codec, s->int_weights, n)) != 0)
            return fail(rc, "%u-bit updates of %zu clients (weights up to their sample counts) "
                        "could overflow the aggregation", cfg->bits, n);
    }
    *z = 0;
    *q_acc = 1;
    uint32_t planned = cfg->dp_planned_rounds ? cfg->dp_planned_rounds : cfg->rounds;
    if (cfg->dp == ZKFL_FL_DP_RECORD) {
        s->n_clients = n;
        s->eps_budget = cfg->dp_epsilon;
        s->plans = calloc(n, sizeof *s->plans);
        s->acc_client = calloc(n, sizeof *s->acc_client);
        if (s->plans == NULL || s->acc_client == NULL)
            return fail(ZKFL_ERR_NOMEM, "out of memory for %zu accountants", n);
        for (size_t c = 0; c < n; c++) {
            rc = zkfl_fl_dp_record_plan_make(&s->plans[c], part->count[c], cfg->train.batch_size,
                                             cfg->train.epochs, planned, cfg->dp_epsilon,
                                             cfg->dp_delta);
            if (rc != 0)
                return fail(rc, "client %zu: cannot calibrate DP-SGD noise for epsilon %g, "
                            "delta %g over %u rounds of %zu examples", c, cfg->dp_epsilon,
                            cfg->dp_delta, planned, part->count[c]);
            if (s->plans[c].noise_multiplier > *z)
                *z = s->plans[c].noise_multiplier;
            rc = zkfl_dp_accountant_new(&s->acc_client[c], cfg->dp_epsilon, cfg->dp_delta, NULL);
            if (rc != 0)
                return fail(rc, "cannot create the DP accountants");
        }
    }
    if (cfg->dp == ZKFL_FL_DP_USER) {
        /* Fixed-size sampling without replacement gets no amplification
         * claim: q = 1 is an upper bound on its privacy loss. */
        *q_acc = cfg->sampling == ZKFL_FL_SAMPLE_POISSON ? cfg->sample_rate : 1.0;
        struct zkfl_dp_plan plan;
        rc = zkfl_dp_plan_rounds(&plan, cfg->dp_epsilon, cfg->dp_delta, planned, *q_acc);
        if (rc != 0)
            return fail(rc, "cannot calibrate DP noise for epsilon %g, delta %g over %u rounds",
                        cfg->dp_epsilon, cfg->dp_delta, planned);
        *z = plan.noise_multiplier;
        if ((rc = zkfl_dp_accountant_new(&s->acc_dp, cfg->dp_epsilon, cfg->dp_delta, NULL)) != 0)
            return fail(rc, "cannot create the DP accountant");
    }
    return 0;
}

int zkfl_fl_run(zkfl_fl_summary *summary, zkfl_model *model, const zkfl_dataset *train,
                const zkfl_fl_partition *part, const zkfl_dataset *test,
                const zkfl_fl_config *cfg, zkfl_fl_round_fn on_round, void *ctx)
{
    fl_error[0] = '\0';
    if (summary == NULL || model == NULL || train == NULL || part == NULL || test == NULL ||
        cfg == NULL)
        return fail(ZKFL_ERR_INVALID_ARG, "missing argument");
    memset(summary, 0, sizeof *summary);
    summary->epsilon = -1;
    int rc = check_config(cfg, part);
    if (rc != 0)
        return rc;
    struct run_state s;
    memset(&s, 0, sizeof s);
    s.dim = zkfl_model_num_params(model);
    double z = 0, q_acc = 1;
    zkfl_fl_codec codec;
    memset(&codec, 0, sizeof codec);
    if ((rc = setup(&s, &z, &q_acc, &codec, model, part, cfg)) != 0)
        goto done;
    summary->noise_multiplier = z;
    summary->dp_delta = cfg->dp ? cfg->dp_delta : 0;
    /* Quantization moves each coordinate by < 1/scale, so the decoded
     * update's norm is within sqrt(dim)/scale of the clip: that is the
     * sensitivity the DP noise must cover. */
    double sensitivity = cfg->clip + (cfg->quantize ? sqrt((double)s.dim) / codec.scale : 0);
    zkfl_ml_rng sample_rng;
    zkfl_ml_rng_seed(&sample_rng, derive_seed(cfg->seed, 2, 0, 0));

    for (uint32_t round = 1; round <= cfg->rounds; round++) {
        zkfl_fl_round_report r;
        memset(&r, 0, sizeof r);
        r.round = round;
        r.epsilon = -1;
        r.t_prove = r.t_verify = -1;
        if (cfg->dp == ZKFL_FL_DP_USER) {
            rc = zkfl_dp_accountant_spend(s.acc_dp, q_acc, z, 1);
            if (rc == ZKFL_ERR_BUDGET) {
                summary->stopped_by_budget = 1;
                rc = 0;
                break;
            }
            if (rc != 0) {
                fail(rc, "DP accounting failed");
                goto done;
            }
            zkfl_dp_accountant_epsilon(s.acc_dp, &r.epsilon, NULL);
        }
        size_t k = 0;
        if (cfg->sampling == ZKFL_FL_SAMPLE_FIXED)
            rc = zkfl_fl_sample_fixed(s.chosen, &k, cfg->n_clients, cfg->sample_clients, &sample_rng);
        else if (cfg->sampling == ZKFL_FL_SAMPLE_POISSON)
            rc = zkfl_fl_sample_poisson(s.chosen, &k, cfg->n_clients, cfg->sample_rate, &sample_rng);
        else
            for (k = 0; k < cfg->n_clients; k++)
                s.chosen[k] = (uint32_t)k;
        if (rc != 0) {
            fail(rc, "round %u: client sampling failed", round);
            goto done;
        }
        if (cfg->dp == ZKFL_FL_DP_RECORD) {
            int over = 0;
            if ((rc = record_dp_spend(&s, &over, &r.epsilon, k, round)) != 0)
                goto done;
            if (over) {
                summary->stopped_by_budget = 1;
                break;
            }
        }
        r.clients_sampled = k;
        memcpy(s.global_before, zkfl_model_params_const(model), s.dim * sizeof(float));

        /* Local training and encoding, client by client. */
        double loss_sum = 0, total_w = 0;
        for (size_t j = 0; j < k; j++) {
            uint32_t c = s.chosen[j];
            float *delta = cfg->quantize ? s.deltas : s.deltas + j * s.dim;
            double loss = 0;
            uint64_t t0 = zkfl_now_ns();
            if ((rc = train_client(&s, &loss, delta, model, train, part, c, round, cfg)) != 0)
                goto done;
            r.t_train += seconds_since(t0);
            loss_sum += loss;
            r.mean_update_norm += zkfl_dp_l2_norm(delta, s.dim) / (double)k;
            t0 = zkfl_now_ns();
            int clipped = 0;
            if (cfg->quantize) {
                zkfl_ml_rng round_rng;
                zkfl_ml_rng_seed(&round_rng, derive_seed(cfg->seed, 3, round, c));
                rc = zkfl_fl_encode(s.codes + j * s.dim, &clipped, delta, s.dim, &codec, &round_rng);
            } else if (cfg->clip > 0) {
                rc = zkfl_dp_clip_l2(delta, s.dim, cfg->clip, &clipped);
            }
            if (rc != 0) {
                fail(rc, "client %u, round %u: encoding the update failed", c, round);
                goto done;
            }
            r.updates_clipped += (size_t)clipped;
            r.t_encode += seconds_since(t0);
            s.weights[j] = (double)s.int_weights[c];
            total_w += s.weights[j];
        }
        r.train_loss = k ? loss_sum / (double)k : NAN;

        /* Compliance stage: prove each encoded update, verify the batch,
         * drop failing clients before aggregation. Without a checker the
         * stage times stay unset (< 0). */
        for (size_t j = 0; j < k; j++)
            s.accepted[j] = 1;
        if (cfg->check_updates != NULL && k > 0) {
            rc = cfg->check_updates(cfg->check_ctx, s.accepted, &r.t_prove, &r.t_verify, round,
                                    s.chosen, s.codes, k, s.dim);
            if (rc != 0) {
                fail(rc, "round %u: the compliance stage failed", round);
                goto done;
            }
            size_t kept = 0;
            for (size_t j = 0; j < k; j++) {
                if (s.accepted[j]) {
                    r.proofs_verified++;
                    if (kept != j) {
                        memmove(s.codes + kept * s.dim, s.codes + j * s.dim, s.dim * sizeof(int32_t));
                        s.chosen[kept] = s.chosen[j];
                        s.weights[kept] = s.weights[j];
                    }
                    kept++;
                } else {
                    s.rejected[r.proofs_rejected++] = s.chosen[j];
                    total_w -= s.weights[j];
                }
            }
            k = kept;
            summary->proofs_verified += r.proofs_verified;
            summary->proofs_rejected += r.proofs_rejected;
        }
        r.rejected_clients = s.rejected;

        uint64_t t0 = zkfl_now_ns();
        int have_update = k > 0 || cfg->dp == ZKFL_FL_DP_USER;
        if (k > 0) {
            if (cfg->quantize) {
                memset(s.acc, 0, s.dim * sizeof(int64_t));
                for (size_t j = 0; j < k; j++)
                    zkfl_fl_accumulate(s.acc, s.codes + j * s.dim, s.dim,
                                       s.int_weights[s.chosen[j]]);
                rc = zkfl_fl_decode_mean(s.agg, s.acc, s.dim, &codec,
                                         cfg->dp == ZKFL_FL_DP_USER ? 1.0 : total_w);
            } else if (cfg->dp == ZKFL_FL_DP_USER) {
                for (size_t j = 0; j < k; j++)
                    s.weights[j] = 1;
                rc = zkfl_fl_weighted_mean(s.agg, s.deltas, s.weights, k, s.dim);
                for (size_t i = 0; i < s.dim; i++)
                    s.agg[i] *= (float)k;  /* the sum, for the DP estimator */
            } else {
                rc = zkfl_fl_weighted_mean(s.agg, s.deltas, s.weights, k, s.dim);
            }
            if (rc != 0) {
                fail(rc, "round %u: aggregation failed", round);
                goto done;
            }
        } else {
            memset(s.agg, 0, s.dim * sizeof(float));
        }
        if (cfg->dp == ZKFL_FL_DP_USER) {
            /* DP-FedAvg: sum of clipped updates + N(0, (z S)^2), divided by
             * the expected number of clients (a fixed denominator). */
            rc = zkfl_dp_add_gaussian_noise_f32(s.agg, s.dim, z * sensitivity, sensitivity,
                                                ZKFL_DP_DEFAULT_GRID_BITS);
            if (rc != 0) {
                fail(rc, "round %u: adding DP noise failed", round);
                goto done;
            }
            double denom = cfg->sampling == ZKFL_FL_SAMPLE_POISSON
                               ? cfg->sample_rate * (double)cfg->n_clients
                               : (double)(cfg->sampling == ZKFL_FL_SAMPLE_FIXED ? cfg->sample_clients
                                                                                : cfg->n_clients);
            for (size_t i = 0; i < s.dim; i++)
                s.agg[i] = (float)((double)s.agg[i] / denom);
        }
        if (have_update) {
            float *x = zkfl_model_params(model);
            if ((rc = zkfl_fl_server_opt_step(s.opt, x, s.agg, s.dim)) != 0)
                goto done;
            for (size_t i = 0; i < s.dim; i++)
                if (!isfinite(x[i])) {
                    rc = fail(ZKFL_ERR_RANGE, "round %u: the global model diverged (non-finite "
                              "parameter); lower the learning rates", round);
                    goto done;
                }
        }
        r.t_aggregate = seconds_since(t0);

        t0 = zkfl_now_ns();
        rc = zkfl_model_evaluate(&r.test_accuracy, &r.test_loss, model, test, NULL, test->n,
                                 cfg->threads);
        if (rc != 0) {
            fail(rc, "round %u: evaluation failed: %s", round, zkfl_ml_last_error());
            goto done;
        }
        r.t_eval = seconds_since(t0);
        summary->rounds_run = round;
        summary->test_accuracy = r.test_accuracy;
        summary->test_loss = r.test_loss;
        summary->epsilon = r.epsilon;
        if (on_round != NULL && on_round(ctx, &r) != 0)
            break;
    }
    if (summary->rounds_run == 0 && rc == 0) {
        rc = zkfl_model_evaluate(&summary->test_accuracy, &summary->test_loss, model, test,
                                 NULL, test->n, cfg->threads);
    }
done:
    state_free(&s);
    return rc;
}
