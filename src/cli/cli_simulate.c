/* zkfl simulate - the main job: a complete federated-learning run in one
 * process: clients train locally (with record-level DP: DP-SGD), their
 * updates are clipped and quantized, every update is proved compliant
 * (Groth16 update proofs, batch-verified per round, failing clients
 * excluded and named), aggregated (with user-level DP: noised), with a
 * progress line per round, a summary, JSON output and an SVG chart. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "cli/cli.h"
#include "zkfl/compliance.h"
#include "zkfl/dp.h"
#include "zkfl/fl.h"
#include "zkfl/ml.h"

static const char *CMD = "simulate";

/* Built-in defaults: a meaningful federation with every part of zkfl on
 * (quantized updates, a proof of every update, record-level DP) in a few
 * minutes on 2 cores; docs/PERFORMANCE.md and README.md quote its run. */
#define DEF_CLIENTS 4
#define DEF_ROUNDS 10
#define DEF_MODEL "mlp:32"
#define DEF_LR 0.02
#define DEF_BITS 16
#define DEF_CLIP 5.0
#define DEF_EPSILON 8.0
#define DEF_SEED 1
/* DP-SGD's noise is added once per step, so larger batches dilute it: 256
 * is the usual choice (Abadi et al. 2016 use 600 of 60000). */
#define DEF_DP_BATCH 256
#define DEF_DP_LR 0.2
#define DEF_DP_CLIP 1.0
/* Proofs are on by default up to this d: the default mlp:32 (25,450
 * parameters) and logreg (7,850) prove in seconds per client; the cnn
 * (34,622) and the mlp (235,146) would make every round minutes. */
#define DEF_PROOF_MAX_DIM 30000

static void usage(FILE *f)
{
    fprintf(f,
"usage: zkfl simulate [options]\n"
"\n"
"Simulates federated learning with every part of zkfl: N clients train\n"
"locally on their part of the data (with record-level DP: DP-SGD, per-example\n"
"clipping and noise), their updates (local - global) are clipped to L2 <= C\n"
"and stochastically rounded to K-bit integers, each client proves its encoded\n"
"update obeys the federation's rules (Groth16 over BN254, bound to the round,\n"
"the client and the global model), the server verifies the round's proofs in\n"
"one batch, leaves out and names the clients whose proof fails, sums and\n"
"decodes the rest (with user-level DP: adds noise) and takes a server\n"
"optimizer step; the global model is evaluated on the held-out test set after\n"
"every round.\n"
"With no options: %d clients, Fashion-MNIST, %s, IID, %d rounds, %d-bit updates\n"
"clipped at %g, compliance proofs, record-level DP epsilon %g (DP-SGD, batch %d,\n"
"lr %g). The first run sets up the proof keys once (cached, see --proof-cache).\n"
"\n"
"  --clients N            number of clients (default %d)\n"
"  --rounds R             federated rounds (default %d)\n"
"  --model M              logreg | mlp | mlp:H1,H2.. | cnn | cnn:C1,C2,FC (default %s)\n"
"  --dataset D            fashion-mnist | csv:PATH[:LABEL_COLUMN] (default fashion-mnist;\n"
"                         a CSV is split 75/25 into train/test and standardised)\n"
"  --data DIR             Fashion-MNIST directory (default %s)\n"
"  --max-train N          use only the first N training examples\n"
"  --max-test N           evaluate on only the first N test examples\n"
"  --partition P          iid | dirichlet:ALPHA | shards:K (default iid)\n"
"  --local-epochs E       local epochs per round (default 1)\n"
"  --batch-size B         local mini-batch size (default %d; %d with --dp record,\n"
"                         there the expected size of the Poisson batches)\n"
"  --lr LR                local SGD learning rate, momentum 0.9 (default %g;\n"
"                         %g with --dp record)\n"
"  --strategy S           fedavg | fedprox | fedadam | fedyogi (default fedavg)\n"
"  --mu MU                FedProx proximal weight (default 0.01)\n"
"  --server-lr ETA        server learning rate (fedavg 1, fedadam/fedyogi 0.01)\n"
"  --sample-clients K     sample K clients per round (default: all)\n"
"  --sample-rate Q        Poisson client sampling with rate Q\n"
"  --bits K               bits per quantized update value, 2..31 (default %d)\n"
"  --clip C               L2 clipping bound of each update (default %g)\n"
"  --no-quantize          aggregate float updates (still clipped; no proofs)\n"
"  --dp LEVEL             record (default): DP-SGD at every client, each training\n"
"                         record is protected; user: DP-FedAvg, the server noises\n"
"                         the sum of updates, each client's whole data is protected\n"
"  --dp-epsilon E         privacy budget (default %g)\n"
"  --dp-delta D           DP delta (default 1e-5, or the largest power of ten\n"
"                         <= 1/(10 n) when a party holds n > 10^4 records/clients)\n"
"  --dp-clip C            per-example gradient clipping norm of --dp record\n"
"                         (default %g)\n"
"  --dp-plan-rounds P     calibrate the noise for P rounds (default: --rounds);\n"
"                         with P < R the run stops when the budget is spent\n"
"  --no-dp                no differential privacy\n"
"  --proofs               prove every update even when d > --proof-max-dim\n"
"  --no-proofs            no compliance proofs\n"
"  --proof-max-dim N      proofs are on by default when d <= N (default %d)\n"
"  --proof-cache DIR      key cache (default $XDG_CACHE_HOME/zkfl or ~/.cache/zkfl)\n"
"  --seed S               seed of partition, sampling, init and rounding (default %d)\n"
"  --threads T            threads (default: all cores)\n"
"  --json                 one JSON object per round, then a summary object\n"
"  --plot FILE.svg        write an SVG chart of accuracy and epsilon per round\n"
"  --show-partition       print each client's sample count and label histogram\n"
"\n"
"Proofs: the rules follow from --bits and the dimension d: |u_i| <= 2^(K-1)-1,\n"
"|u|_2 within the clip (plus rounding), at least one nonzero value and one\n"
"training example; keys are set up once per (K, d) by a local one-party setup\n"
"and cached. A client whose update breaks a rule cannot prove; a client whose\n"
"proof fails verification is rejected; both are named and left out.\n"
"\n"
"DP: the noise multiplier is calibrated (RDP accountant, Opacus's orders) so\n"
"that the planned rounds spend at most epsilon; a round that would exceed it\n"
"is not run. --dp record: each client's training is DP-SGD on Poisson\n"
"batches: one round is epochs x ceil(n/B) steps; each step takes every one\n"
"of the client's n records independently with probability q = B/n (kernel\n"
"randomness; sizes vary around B, 0 included) and divides its noisy sum by\n"
"q n = B, exactly the subsampled Gaussian the accountant analyses; each\n"
"client has its own accountant (a record belongs to one client) and the\n"
"reported epsilon is the largest; example counts are public. The whole\n"
"update is still clipped to --clip, which the proofs enforce. --dp user: one\n"
"Gaussian release per round of the sum of clipped updates, weights uniform;\n"
"fixed-size client sampling is accounted as q = 1, --sample-rate uses Poisson\n"
"sampling and its amplification. User-level noise does not shrink with the\n"
"number of parameters but the signal shrinks with the number of clients (per\n"
"round signal/noise ~ clients / (z sqrt(d))): meaningful with thousands of\n"
"clients.\n"
"Exit status: 0 done, 2 bad options or input, 3 internal failure.\n",
            DEF_CLIENTS, DEF_MODEL, DEF_ROUNDS, DEF_BITS, DEF_CLIP, DEF_EPSILON, DEF_DP_BATCH,
            DEF_DP_LR, DEF_CLIENTS, DEF_ROUNDS, DEF_MODEL, ZKFL_FASHION_MNIST_DIR,
            ZKFL_ML_DEFAULT_BATCH, DEF_DP_BATCH, DEF_LR, DEF_DP_LR, DEF_BITS, DEF_CLIP,
            DEF_EPSILON, DEF_DP_CLIP, DEF_PROOF_MAX_DIM, DEF_SEED);
}

struct opt {
    const char *name;
    int is_flag;
    const char *value;
};

enum {
    O_CLIENTS, O_ROUNDS, O_MODEL, O_DATASET, O_DATA, O_MAX_TRAIN, O_MAX_TEST, O_PARTITION,
    O_EPOCHS, O_BATCH, O_LR, O_STRATEGY, O_MU, O_SERVER_LR, O_SAMPLE_CLIENTS, O_SAMPLE_RATE,
    O_BITS, O_CLIP, O_NO_QUANTIZE, O_EPS, O_DELTA, O_NO_DP, O_NO_PROOFS, O_SEED, O_THREADS,
    O_JSON, O_PLOT, O_SHOW_PARTITION, O_DP_PLAN, O_PROOFS, O_PROOF_MAX_DIM, O_PROOF_CACHE,
    O_DP, O_DP_CLIP, O_COUNT
};

static struct opt opts_template[O_COUNT + 1] = {
    [O_CLIENTS] = {"clients", 0, NULL}, [O_ROUNDS] = {"rounds", 0, NULL},
    [O_MODEL] = {"model", 0, NULL}, [O_DATASET] = {"dataset", 0, NULL},
    [O_DATA] = {"data", 0, NULL}, [O_MAX_TRAIN] = {"max-train", 0, NULL},
    [O_MAX_TEST] = {"max-test", 0, NULL}, [O_PARTITION] = {"partition", 0, NULL},
    [O_EPOCHS] = {"local-epochs", 0, NULL}, [O_BATCH] = {"batch-size", 0, NULL},
    [O_LR] = {"lr", 0, NULL}, [O_STRATEGY] = {"strategy", 0, NULL}, [O_MU] = {"mu", 0, NULL},
    [O_SERVER_LR] = {"server-lr", 0, NULL}, [O_SAMPLE_CLIENTS] = {"sample-clients", 0, NULL},
    [O_SAMPLE_RATE] = {"sample-rate", 0, NULL}, [O_BITS] = {"bits", 0, NULL},
    [O_CLIP] = {"clip", 0, NULL}, [O_NO_QUANTIZE] = {"no-quantize", 1, NULL},
    [O_EPS] = {"dp-epsilon", 0, NULL}, [O_DELTA] = {"dp-delta", 0, NULL},
    [O_NO_DP] = {"no-dp", 1, NULL}, [O_NO_PROOFS] = {"no-proofs", 1, NULL},
    [O_SEED] = {"seed", 0, NULL}, [O_THREADS] = {"threads", 0, NULL},
    [O_JSON] = {"json", 1, NULL}, [O_PLOT] = {"plot", 0, NULL},
    [O_SHOW_PARTITION] = {"show-partition", 1, NULL}, [O_DP_PLAN] = {"dp-plan-rounds", 0, NULL},
    [O_PROOFS] = {"proofs", 1, NULL}, [O_PROOF_MAX_DIM] = {"proof-max-dim", 0, NULL},
    [O_PROOF_CACHE] = {"proof-cache", 0, NULL}, [O_DP] = {"dp", 0, NULL},
    [O_DP_CLIP] = {"dp-clip", 0, NULL},
    [O_COUNT] = {NULL, 0, NULL},
};

static int parse_opts(struct opt *opts, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strncmp(a, "--", 2) != 0)
            return cli_usage_error(CMD, "unexpected argument '%s'", a);
        const char *name = a + 2, *eq = strchr(name, '=');
        size_t len = eq ? (size_t)(eq - name) : strlen(name);
        struct opt *o = NULL;
        for (struct opt *p = opts; p->name != NULL; p++)
            if (strlen(p->name) == len && strncmp(p->name, name, len) == 0)
                o = p;
        if (o == NULL)
            return cli_usage_error(CMD, "unknown option '%s'", a);
        if (o->is_flag) {
            if (eq)
                return cli_usage_error(CMD, "option --%s takes no value", o->name);
            o->value = "1";
        } else if (eq) {
            o->value = eq + 1;
        } else {
            if (i + 1 >= argc)
                return cli_usage_error(CMD, "option --%s needs a value", o->name);
            o->value = argv[++i];
        }
    }
    return CLI_OK;
}

/* Integer option in [lo, hi]; unchanged when absent. */
static int get_u64(const struct opt *o, uint64_t *out, uint64_t lo, uint64_t hi)
{
    if (o->value == NULL)
        return CLI_OK;
    const char *s = o->value;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (*s < '0' || *s > '9' || *end != '\0' || errno != 0 || v < lo || v > hi)
        return cli_usage_error(CMD, "--%s: '%s' is not an integer in [%llu, %llu]", o->name, s,
                               (unsigned long long)lo, (unsigned long long)hi);
    *out = v;
    return CLI_OK;
}

/* Number option in (lo, hi] (lo_open) or [lo, hi]; unchanged when absent. */
static int get_double(const struct opt *o, double *out, double lo, double hi, int lo_open)
{
    if (o->value == NULL)
        return CLI_OK;
    char *end;
    errno = 0;
    double v = strtod(o->value, &end);
    if (end == o->value || *end != '\0' || errno != 0 || !isfinite(v) ||
        (lo_open ? !(v > lo) : !(v >= lo)) || !(v <= hi))
        return cli_usage_error(CMD, "--%s: '%s' is not a number in %s%g, %g]", o->name, o->value,
                               lo_open ? "(" : "[", lo, hi);
    *out = v;
    return CLI_OK;
}

struct data {
    zkfl_dataset train, test;
    uint32_t *pool;    /* training examples the clients share */
    size_t n_pool;
};

static void data_free(struct data *d)
{
    zkfl_dataset_free(&d->train);
    zkfl_dataset_free(&d->test);
    free(d->pool);
}

static int file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static int load_csv(struct data *d, const char *spec, uint64_t seed)
{
    size_t len = strlen(spec);
    char *path = malloc(len + 1), *label = NULL;
    if (path == NULL)
        return CLI_FAIL;
    memcpy(path, spec, len + 1);
    if (!file_exists(path)) {
        char *colon = strrchr(path, ':');
        if (colon != NULL) {
            *colon = '\0';
            label = colon + 1;
        }
    }
    zkfl_csv_options co = {ZKFL_CSV_HEADER_AUTO, label && *label ? label : NULL,
                           ZKFL_CSV_LABELS_SORTED, ','};
    zkfl_dataset all;
    memset(&all, 0, sizeof all);
    int rc = zkfl_dataset_load_csv(&all, path, &co);
    free(path);
    if (rc != 0) {
        fprintf(stderr, "zkfl simulate: %s\n", zkfl_ml_last_error());
        return CLI_USAGE;
    }
    uint32_t *tr = NULL, *te = NULL;
    size_t ntr = 0, nte = 0;
    float *mean = malloc(all.dim * sizeof(float)), *sd = malloc(all.dim * sizeof(float));
    rc = mean && sd ? 0 : ZKFL_ERR_NOMEM;
    if (rc == 0)
        rc = zkfl_ml_split_indices(&tr, &ntr, &te, &nte, all.n, 0.25, seed);
    if (rc == 0)
        rc = zkfl_dataset_fit_standardizer(mean, sd, &all, tr, ntr);
    if (rc == 0)
        rc = zkfl_dataset_apply_standardizer(&all, mean, sd);
    if (rc == 0)
        rc = zkfl_dataset_copy(&d->train, &all, tr, ntr);
    if (rc == 0)
        rc = zkfl_dataset_copy(&d->test, &all, te, nte);
    free(mean);
    free(sd);
    free(tr);
    free(te);
    zkfl_dataset_free(&all);
    if (rc != 0) {
        fprintf(stderr, "zkfl simulate: preparing %s failed: %s\n", spec, zkfl_ml_last_error());
        return rc == ZKFL_ERR_NOMEM ? CLI_FAIL : CLI_USAGE;
    }
    return CLI_OK;
}

static int load_data(struct data *d, const char *dataset, const char *dir, uint64_t max_train,
                     uint64_t max_test, uint64_t seed)
{
    if (strcmp(dataset, "fashion-mnist") == 0) {
        int rc = zkfl_dataset_load_fashion_mnist(&d->train, &d->test, dir, ZKFL_FMNIST_STANDARDIZE);
        if (rc != 0) {
            fprintf(stderr, "zkfl simulate: cannot load Fashion-MNIST: %s\n", zkfl_ml_last_error());
            return CLI_USAGE;
        }
    } else if (strncmp(dataset, "csv:", 4) == 0 && dataset[4] != '\0') {
        int rc = load_csv(d, dataset + 4, seed);
        if (rc != CLI_OK)
            return rc;
    } else {
        return cli_usage_error(CMD, "--dataset: expected fashion-mnist or csv:PATH[:LABEL_COLUMN], "
                               "got '%s'", dataset);
    }
    if (max_test > 0 && max_test < d->test.n) {
        zkfl_dataset small;
        uint32_t *idx = malloc(max_test * sizeof *idx);
        if (idx == NULL)
            return CLI_FAIL;
        for (size_t i = 0; i < max_test; i++)
            idx[i] = (uint32_t)i;
        int rc = zkfl_dataset_copy(&small, &d->test, idx, max_test);
        free(idx);
        if (rc != 0)
            return CLI_FAIL;
        zkfl_dataset_free(&d->test);
        d->test = small;
    }
    d->n_pool = max_train > 0 && max_train < d->train.n ? max_train : d->train.n;
    d->pool = malloc(d->n_pool * sizeof *d->pool);
    if (d->pool == NULL)
        return CLI_FAIL;
    for (size_t i = 0; i < d->n_pool; i++)
        d->pool[i] = (uint32_t)i;
    return CLI_OK;
}

/* Per-round results kept for the chart and the summary. */
struct progress {
    int json;
    uint32_t rounds_planned;
    size_t n;
    float *acc;
    double *eps;
    double t_train, t_encode, t_prove, t_verify, t_aggregate;
    const zkfl_fl_proof_stage *stage;  /* names the reasons of rejections */
};

static void print_stage(const char *name, double t)
{
    if (t < 0)
        printf(" %s -", name);
    else
        printf(" %s %.2fs", name, t);
}

static json_t *stage_json(double t)
{
    return t < 0 ? json_null() : json_real(t);
}

static int on_round(void *ctx, const zkfl_fl_round_report *r)
{
    struct progress *p = ctx;
    p->acc[p->n] = r->test_accuracy;
    p->eps[p->n] = r->epsilon;
    p->n++;
    p->t_train += r->t_train;
    p->t_encode += r->t_encode;
    p->t_aggregate += r->t_aggregate;
    if (r->t_prove > 0)
        p->t_prove += r->t_prove;
    if (r->t_verify > 0)
        p->t_verify += r->t_verify;
    size_t n_why = p->stage ? zkfl_fl_proof_stage_n_rejected(p->stage) : 0;
    if (p->json) {
        json_t *o = json_object();
        json_object_set_new(o, "round", json_integer(r->round));
        json_object_set_new(o, "clients", json_integer((json_int_t)r->clients_sampled));
        json_object_set_new(o, "test_accuracy", json_real(r->test_accuracy));
        json_object_set_new(o, "test_loss", json_real(r->test_loss));
        json_object_set_new(o, "train_loss", isfinite(r->train_loss) ? json_real(r->train_loss)
                                                                     : json_null());
        json_object_set_new(o, "epsilon", r->epsilon < 0 ? json_null() : json_real(r->epsilon));
        json_object_set_new(o, "updates_clipped", json_integer((json_int_t)r->updates_clipped));
        json_object_set_new(o, "mean_update_norm", json_real(r->mean_update_norm));
        json_t *rej = json_array();
        for (uint64_t i = 0; i < r->proofs_rejected; i++)
            json_array_append_new(rej, json_integer(r->rejected_clients[i]));
        json_object_set_new(o, "rejected_clients", rej);
        json_t *why = json_array();
        for (size_t i = 0; i < n_why; i++) {
            uint32_t c;
            const char *reason;
            if (zkfl_fl_proof_stage_rejected(&c, &reason, p->stage, i) == 0) {
                json_t *e = json_object();
                json_object_set_new(e, "client", json_integer(c));
                json_object_set_new(e, "reason", json_string(reason));
                json_array_append_new(why, e);
            }
        }
        json_object_set_new(o, "rejections", why);
        json_t *t = json_object();
        json_object_set_new(t, "train", stage_json(r->t_train));
        json_object_set_new(t, "encode", stage_json(r->t_encode));
        json_object_set_new(t, "prove", stage_json(r->t_prove));
        json_object_set_new(t, "verify", stage_json(r->t_verify));
        json_object_set_new(t, "aggregate", stage_json(r->t_aggregate));
        json_object_set_new(t, "evaluate", stage_json(r->t_eval));
        json_object_set_new(o, "seconds", t);
        char *s = json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(6));
        json_decref(o);
        if (s == NULL)
            return -1;
        puts(s);
        free(s);
        return 0;
    }
    printf("round %3u/%u  acc %.4f  loss %.4f  eps ", r->round, p->rounds_planned,
           r->test_accuracy, r->test_loss);
    if (r->epsilon < 0)
        printf("-");
    else
        printf("%.3f", r->epsilon);
    printf("  clients %zu  |update| %.2f clipped %zu |", r->clients_sampled, r->mean_update_norm,
           r->updates_clipped);
    print_stage("train", r->t_train);
    print_stage("encode", r->t_encode);
    print_stage("prove", r->t_prove);
    print_stage("verify", r->t_verify);
    print_stage("aggregate", r->t_aggregate);
    if (r->proofs_rejected > 0) {
        printf("  rejected clients:");
        for (uint64_t i = 0; i < r->proofs_rejected; i++)
            printf(" %u", r->rejected_clients[i]);
    }
    printf("\n");
    for (size_t i = 0; i < n_why; i++) {
        uint32_t c;
        const char *reason;
        if (zkfl_fl_proof_stage_rejected(&c, &reason, p->stage, i) == 0)
            printf("  client %u rejected: %s\n", c, reason);
    }
    fflush(stdout);
    return 0;
}

/* A self-contained SVG line chart: accuracy (left axis, 0..1) and epsilon
 * (right axis) per round. Written, never parsed. */
static int write_plot(const char *path, const struct progress *p, double eps_budget)
{
    FILE *f = fopen(path, "w");
    if (f == NULL) {
        fprintf(stderr, "zkfl simulate: cannot write %s: %s\n", path, strerror(errno));
        return CLI_USAGE;
    }
    const double W = 640, H = 400, L = 60, R = 60, T = 30, B = 50;
    const double pw = W - L - R, ph = H - T - B;
    size_t n = p->n;
    double emax = eps_budget > 0 ? eps_budget : 0;
    for (size_t i = 0; i < n; i++)
        if (p->eps[i] > emax)
            emax = p->eps[i];
    fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
               "font-family=\"sans-serif\" font-size=\"12\">\n", W, H);
    fprintf(f, "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n");
    fprintf(f, "<text x=\"%.0f\" y=\"18\" text-anchor=\"middle\">zkfl simulate: test accuracy%s per round</text>\n",
            W / 2, emax > 0 ? " and epsilon" : "");
    fprintf(f, "<rect x=\"%.0f\" y=\"%.0f\" width=\"%.0f\" height=\"%.0f\" fill=\"none\" stroke=\"#888\"/>\n",
            L, T, pw, ph);
    for (int k = 0; k <= 10; k += 2) {
        double y = T + ph * (1 - k / 10.0);
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>\n", L, y, L + pw, y);
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" fill=\"#1f77b4\">%.1f</text>\n",
                L - 6, y + 4, k / 10.0);
        if (emax > 0)
            fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" fill=\"#d62728\">%.2f</text>\n", L + pw + 6,
                    y + 4, emax * k / 10.0);
    }
    double xstep = n > 1 ? pw / (double)(n - 1) : 0;
    for (size_t i = 0; i < n; i++)
        if (n <= 20 || i % (n / 10) == 0 || i + 1 == n)
            fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%zu</text>\n",
                    L + xstep * (double)i + (n == 1 ? pw / 2 : 0), T + ph + 16, i + 1);
    fprintf(f, "<text x=\"%.0f\" y=\"%.0f\" text-anchor=\"middle\">round</text>\n", L + pw / 2, H - 12);
    fprintf(f, "<polyline fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"2\" points=\"");
    for (size_t i = 0; i < n; i++)
        fprintf(f, "%.1f,%.1f ", L + xstep * (double)i + (n == 1 ? pw / 2 : 0),
                T + ph * (1 - p->acc[i]));
    fprintf(f, "\"/>\n");
    if (emax > 0 && n > 0 && p->eps[0] >= 0) {
        fprintf(f, "<polyline fill=\"none\" stroke=\"#d62728\" stroke-width=\"2\" "
                   "stroke-dasharray=\"6 3\" points=\"");
        for (size_t i = 0; i < n; i++)
            fprintf(f, "%.1f,%.1f ", L + xstep * (double)i + (n == 1 ? pw / 2 : 0),
                    T + ph * (1 - p->eps[i] / emax));
        fprintf(f, "\"/>\n");
    }
    fprintf(f, "<text x=\"%.0f\" y=\"%.0f\" fill=\"#1f77b4\">accuracy</text>\n", L + 8, T + 16);
    if (emax > 0)
        fprintf(f, "<text x=\"%.0f\" y=\"%.0f\" fill=\"#d62728\">epsilon (dashed)</text>\n", L + 8, T + 32);
    fprintf(f, "</svg>\n");
    if (fclose(f) != 0) {
        fprintf(stderr, "zkfl simulate: writing %s failed\n", path);
        return CLI_FAIL;
    }
    return CLI_OK;
}

static void print_partition(const zkfl_fl_partition *part, const zkfl_dataset *ds)
{
    uint64_t *hist = calloc(part->n_clients * ds->n_classes, sizeof *hist);
    if (hist == NULL || zkfl_fl_partition_histogram(hist, part, ds) != 0) {
        free(hist);
        return;
    }
    for (size_t c = 0; c < part->n_clients; c++) {
        printf("client %zu: %zu examples, labels [", c, part->count[c]);
        for (uint32_t k = 0; k < ds->n_classes; k++)
            printf("%s%llu", k ? " " : "", (unsigned long long)hist[c * ds->n_classes + k]);
        printf("]\n");
    }
    free(hist);
}

/* ---- Compliance proofs (docs/PROTOCOL.md section 6) ------------------------ */

static int mkdir_p(const char *path)
{
    char buf[4096];
    size_t n = strlen(path);
    if (n == 0 || n >= sizeof buf)
        return -1;
    memcpy(buf, path, n + 1);
    for (size_t i = 1; i <= n; i++)
        if (buf[i] == '/' || buf[i] == '\0') {
            char c = buf[i];
            buf[i] = '\0';
            if (mkdir(buf, 0755) != 0 && errno != EEXIST)
                return -1;
            buf[i] = c;
        }
    return 0;
}

/* The proof keys for (bits, dim): from the cache, else the one-off setup,
 * saying what happens on out (stderr with --json) since it takes a while. */
static int proof_keys(zkfl_compliance_key **key, const char *cache, uint32_t bits, size_t dim,
                      int threads, FILE *out)
{
    zkfl_rules *rules = NULL;
    if (zkfl_fl_update_rules(&rules, bits, dim) != 0) {
        fprintf(stderr, "zkfl simulate: %s\n", zkfl_circuits_last_error());
        return CLI_USAGE;
    }
    const zkfl_rules_params *rp = zkfl_rules_get(rules);
    fprintf(out, "  compliance proofs: rules |u_i| <= %llu, |u|^2 <= %llu, >= 1 nonzero value, "
                 ">= 1 example, bound to round, client and model hash\n",
            (unsigned long long)rp->linf_max, (unsigned long long)rp->l2_max);
    if (mkdir_p(cache) != 0) {
        fprintf(stderr, "zkfl simulate: cannot create the key cache %s: %s\n", cache,
                strerror(errno));
        zkfl_rules_free(rules);
        return CLI_USAGE;
    }
    /* A cache hit needs no announcement; a miss runs the setup, minutes for
     * large d, so say so first. */
    uint8_t hash[32];
    char keydir[4200], vk[4300];
    int rc = zkfl_rules_hash(hash, rules);
    zkfl_rules_free(rules);
    if (rc != 0)
        return CLI_FAIL;
    int n = snprintf(keydir, sizeof keydir, "%s/", cache);
    for (int i = 0; i < 32 && n > 0 && (size_t)n + 2 < sizeof keydir; i++)
        n += snprintf(keydir + n, sizeof keydir - (size_t)n, "%02x", hash[i]);
    snprintf(vk, sizeof vk, "%s/compliance.vk", keydir);
    struct stat st;
    if (stat(vk, &st) != 0) {
        fprintf(out, "  compliance proofs: one-off key setup for d = %zu, %u-bit updates (local "
                     "one-party setup, cached in %s)...\n", dim, bits, keydir);
        fflush(out);
    }
    uint64_t t0 = zkfl_now_ns();
    int created = 0;
    rc = zkfl_fl_proof_keys(key, &created, cache, bits, dim, threads);
    if (rc != 0) {
        fprintf(stderr, "zkfl simulate: compliance key setup: %s\n", zkfl_compliance_last_error());
        return rc == ZKFL_ERR_NOMEM || rc == ZKFL_ERR_IO || rc == ZKFL_ERR_RANDOM ? CLI_FAIL
                                                                                : CLI_USAGE;
    }
    fprintf(out, "  compliance proofs: on, keys %s in %.1f s (%zu constraints)\n",
            created ? "set up" : "loaded from the cache", (double)(zkfl_now_ns() - t0) * 1e-9,
            zkfl_compliance_key_n_constraints(*key));
    return CLI_OK;
}

static const char *dp_name(int level)
{
    return level == ZKFL_FL_DP_RECORD ? "record" : level == ZKFL_FL_DP_USER ? "user" : "off";
}

/* The default delta: 1e-5, or the largest power of ten <= 1/(10 n) when the
 * protected unit's population n (records of the largest client for
 * record-level DP, clients for user-level) exceeds 10^4, so delta stays an
 * order of magnitude below 1/n. */
static double default_delta(size_t n)
{
    double d = 1e-5;
    while (d * 10.0 * (double)n > 1.0)
        d /= 10.0;
    return d;
}

static void print_header(const zkfl_fl_config *cfg, const char *dataset, const char *mbuf,
                         size_t dim, const char *ptext, size_t n_train, size_t n_test,
                         const zkfl_fl_partition *part)
{
    printf("zkfl simulate: %zu clients, %s, %s (%zu parameters), partition %s, "
           "%zu train / %zu test examples\n",
           cfg->n_clients, dataset, mbuf, dim, ptext, n_train, n_test);
    printf("  strategy %s, %u rounds, %u local epoch(s), batch %u, lr %g, ",
           zkfl_fl_strategy_name(cfg->server.strategy), cfg->rounds, cfg->train.epochs,
           cfg->train.batch_size, (double)cfg->train.lr);
    if (cfg->quantize)
        printf("%u-bit updates, clip %g\n", cfg->bits, cfg->clip);
    else
        printf("float updates, clip %g\n", cfg->clip);
    uint32_t planned = cfg->dp_planned_rounds ? cfg->dp_planned_rounds : cfg->rounds;
    if (cfg->dp == ZKFL_FL_DP_RECORD) {
        /* Client 0's calibration as an example (all clients of an IID split
         * are within one example of it). */
        zkfl_fl_dp_record_plan plan;
        printf("  record-level DP (DP-SGD at every client): epsilon %g, delta %g over %u rounds, "
               "per-example clip %g", cfg->dp_epsilon, cfg->dp_delta, planned, cfg->dp_record_clip);
        if (zkfl_fl_dp_record_plan_make(&plan, part->count[0], cfg->train.batch_size,
                                        cfg->train.epochs, planned, cfg->dp_epsilon,
                                        cfg->dp_delta) == 0)
            printf("; client 0: q = %.4g, %llu steps per round, noise multiplier %.3f",
                   plan.sampling_rate, (unsigned long long)plan.steps_per_round,
                   plan.noise_multiplier);
        printf("\n");
    } else if (cfg->dp == ZKFL_FL_DP_USER) {
        printf("  user-level DP (DP-FedAvg): epsilon %g, delta %g over %u rounds\n",
               cfg->dp_epsilon, cfg->dp_delta, planned);
    } else {
        printf("  no DP\n");
    }
}

static int print_summary_json(const zkfl_fl_summary *sum, const zkfl_fl_config *cfg, int proofs,
                              const char *mbuf, const char *ptext, double secs,
                              const struct progress *prog)
{
    int dp = cfg->dp != ZKFL_FL_DP_OFF;
    json_t *o = json_object();
    json_object_set_new(o, "summary", json_true());
    json_object_set_new(o, "rounds", json_integer(sum->rounds_run));
    json_object_set_new(o, "test_accuracy", json_real(sum->test_accuracy));
    json_object_set_new(o, "test_loss", json_real(sum->test_loss));
    json_object_set_new(o, "dp", dp ? json_string(dp_name(cfg->dp)) : json_null());
    json_object_set_new(o, "epsilon", dp ? json_real(sum->epsilon >= 0 ? sum->epsilon : 0)
                                         : json_null());
    json_object_set_new(o, "epsilon_budget", dp ? json_real(cfg->dp_epsilon) : json_null());
    json_object_set_new(o, "delta", dp ? json_real(cfg->dp_delta) : json_null());
    json_object_set_new(o, "noise_multiplier", dp ? json_real(sum->noise_multiplier) : json_null());
    json_object_set_new(o, "dp_clip", cfg->dp == ZKFL_FL_DP_RECORD ? json_real(cfg->dp_record_clip)
                                                                   : json_null());
    json_object_set_new(o, "stopped_by_budget", json_boolean(sum->stopped_by_budget));
    json_object_set_new(o, "proofs", json_boolean(proofs));
    json_object_set_new(o, "proofs_verified", json_integer((json_int_t)sum->proofs_verified));
    json_object_set_new(o, "proofs_rejected", json_integer((json_int_t)sum->proofs_rejected));
    json_object_set_new(o, "clients", json_integer((json_int_t)cfg->n_clients));
    json_object_set_new(o, "model", json_string(mbuf));
    json_object_set_new(o, "partition", json_string(ptext));
    json_object_set_new(o, "strategy", json_string(zkfl_fl_strategy_name(cfg->server.strategy)));
    json_object_set_new(o, "bits", cfg->quantize ? json_integer((json_int_t)cfg->bits) : json_null());
    json_object_set_new(o, "clip", json_real(cfg->clip));
    json_object_set_new(o, "batch_size", json_integer(cfg->train.batch_size));
    json_object_set_new(o, "lr", json_real(cfg->train.lr));
    json_object_set_new(o, "seconds", json_real(secs));
    json_t *t = json_object();
    json_object_set_new(t, "train", json_real(prog->t_train));
    json_object_set_new(t, "encode", json_real(prog->t_encode));
    json_object_set_new(t, "prove", proofs ? json_real(prog->t_prove) : json_null());
    json_object_set_new(t, "verify", proofs ? json_real(prog->t_verify) : json_null());
    json_object_set_new(t, "aggregate", json_real(prog->t_aggregate));
    json_object_set_new(o, "stage_seconds", t);
    char *s = json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(6));
    json_decref(o);
    if (s == NULL)
        return CLI_FAIL;
    puts(s);
    free(s);
    return CLI_OK;
}

static void print_summary_text(const zkfl_fl_summary *sum, const zkfl_fl_config *cfg, int proofs,
                               double secs, const struct progress *prog)
{
    printf("summary: %u rounds, test accuracy %.4f, test loss %.4f, ", sum->rounds_run,
           sum->test_accuracy, sum->test_loss);
    if (cfg->dp != ZKFL_FL_DP_OFF)
        printf("%s-level DP epsilon %.3f of %g (delta %g, noise multiplier %.3f)%s, ",
               dp_name(cfg->dp), sum->epsilon < 0 ? 0.0 : sum->epsilon, cfg->dp_epsilon,
               cfg->dp_delta, sum->noise_multiplier,
               sum->stopped_by_budget ? ", stopped by the budget" : "");
    else
        printf("no DP, ");
    if (proofs)
        printf("proofs: %llu verified, %llu rejected, ", (unsigned long long)sum->proofs_verified,
               (unsigned long long)sum->proofs_rejected);
    else
        printf("proofs: off, ");
    printf("%.1f s (train %.1f", secs, prog->t_train);
    if (proofs)
        printf(", prove %.1f, verify %.2f", prog->t_prove, prog->t_verify);
    printf(", encode %.1f, aggregate %.1f)\n", prog->t_encode, prog->t_aggregate);
}

static void default_cache(char *cache, size_t len, const char *opt)
{
    const char *xdg = getenv("XDG_CACHE_HOME");
    if (opt)
        snprintf(cache, len, "%s", opt);
    else if (xdg && *xdg)
        snprintf(cache, len, "%s/zkfl", xdg);
    else
        snprintf(cache, len, "%s/.cache/zkfl", getenv("HOME") ? getenv("HOME") : ".");
}

/* Numeric options into cfg and the loose values; CLI_OK or a usage error. */
struct numbers {
    uint64_t clients, rounds, epochs, batch, proof_max_dim, dp_plan, sample_k, bits, seed,
        threads, max_train, max_test;
    double lr, mu, server_lr, q, clip, eps, delta, dp_clip;
};

static int parse_numbers(struct numbers *v, const struct opt *opts)
{
    int rc;
    if ((rc = get_u64(&opts[O_CLIENTS], &v->clients, 1, 100000)) ||
        (rc = get_u64(&opts[O_ROUNDS], &v->rounds, 1, 1000000)) ||
        (rc = get_u64(&opts[O_EPOCHS], &v->epochs, 1, 10000)) ||
        (rc = get_u64(&opts[O_BATCH], &v->batch, 1, 1u << 20)) ||
        (rc = get_u64(&opts[O_SAMPLE_CLIENTS], &v->sample_k, 1, 100000)) ||
        (rc = get_u64(&opts[O_DP_PLAN], &v->dp_plan, 1, 1000000)) ||
        (rc = get_u64(&opts[O_BITS], &v->bits, 2, 31)) ||
        (rc = get_u64(&opts[O_SEED], &v->seed, 0, UINT64_MAX)) ||
        (rc = get_u64(&opts[O_THREADS], &v->threads, 1, 1024)) ||
        (rc = get_u64(&opts[O_MAX_TRAIN], &v->max_train, 1, UINT32_MAX)) ||
        (rc = get_u64(&opts[O_MAX_TEST], &v->max_test, 1, UINT32_MAX)) ||
        (rc = get_u64(&opts[O_PROOF_MAX_DIM], &v->proof_max_dim, 0, (uint64_t)1 << 26)) ||
        (rc = get_double(&opts[O_LR], &v->lr, 0, 1e6, 1)) ||
        (rc = get_double(&opts[O_MU], &v->mu, 0, 1e6, 1)) ||
        (rc = get_double(&opts[O_SERVER_LR], &v->server_lr, 0, 1e6, 1)) ||
        (rc = get_double(&opts[O_SAMPLE_RATE], &v->q, 0, 1, 1)) ||
        (rc = get_double(&opts[O_CLIP], &v->clip, 0, 1e12, 1)) ||
        (rc = get_double(&opts[O_EPS], &v->eps, 0, 1e6, 1)) ||
        (rc = get_double(&opts[O_DELTA], &v->delta, 0, 1, 1)) ||
        (rc = get_double(&opts[O_DP_CLIP], &v->dp_clip, 0, 1e12, 1)))
        return rc;
    if (!(v->delta < 1))
        return cli_usage_error(CMD, "--dp-delta must be below 1");
    if (v->sample_k > v->clients)
        return cli_usage_error(CMD, "--sample-clients %llu exceeds --clients %llu",
                               (unsigned long long)v->sample_k, (unsigned long long)v->clients);
    if (v->sample_k && v->q > 0)
        return cli_usage_error(CMD, "--sample-clients and --sample-rate exclude each other");
    return CLI_OK;
}

/* The DP level from --dp / --no-dp and the flags that need DP. */
static int parse_dp(int *level, const struct opt *opts)
{
    int dp_flags = opts[O_EPS].value != NULL || opts[O_DELTA].value != NULL ||
                   opts[O_DP_PLAN].value != NULL || opts[O_DP_CLIP].value != NULL ||
                   opts[O_DP].value != NULL;
    if (opts[O_NO_DP].value) {
        if (dp_flags)
            return cli_usage_error(CMD, "--no-dp contradicts --dp, --dp-epsilon, --dp-delta, "
                                   "--dp-clip and --dp-plan-rounds");
        *level = ZKFL_FL_DP_OFF;
        return CLI_OK;
    }
    const char *v = opts[O_DP].value ? opts[O_DP].value : "record";
    if (strcmp(v, "record") == 0)
        *level = ZKFL_FL_DP_RECORD;
    else if (strcmp(v, "user") == 0)
        *level = ZKFL_FL_DP_USER;
    else
        return cli_usage_error(CMD, "--dp: expected record or user (or --no-dp), got '%s'", v);
    if (*level == ZKFL_FL_DP_USER && opts[O_DP_CLIP].value)
        return cli_usage_error(CMD, "--dp-clip is the per-example clip of --dp record; "
                               "user-level DP bounds whole updates with --clip");
    return CLI_OK;
}

int cli_simulate(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        usage(stdout);
        return CLI_OK;
    }
    struct opt opts[O_COUNT + 1];
    memcpy(opts, opts_template, sizeof opts);
    int rc = parse_opts(opts, argc, argv);
    if (rc != CLI_OK)
        return rc;
    int dp = ZKFL_FL_DP_OFF;
    if ((rc = parse_dp(&dp, opts)) != CLI_OK)
        return rc;
    struct numbers v = {DEF_CLIENTS, DEF_ROUNDS, 1, dp == ZKFL_FL_DP_RECORD ? DEF_DP_BATCH
                                                                           : ZKFL_ML_DEFAULT_BATCH,
                        DEF_PROOF_MAX_DIM, 0, 0, DEF_BITS, DEF_SEED, 0, 0, 0,
                        dp == ZKFL_FL_DP_RECORD ? DEF_DP_LR : DEF_LR, 0.01, 0, 0, DEF_CLIP,
                        DEF_EPSILON, 0, DEF_DP_CLIP};
    if ((rc = parse_numbers(&v, opts)) != CLI_OK)
        return rc;
    int quantize = opts[O_NO_QUANTIZE].value == NULL;
    if (!quantize && opts[O_BITS].value)
        return cli_usage_error(CMD, "--no-quantize contradicts --bits");
    if (opts[O_PROOFS].value && opts[O_NO_PROOFS].value)
        return cli_usage_error(CMD, "--proofs contradicts --no-proofs");
    if (opts[O_PROOFS].value && !quantize)
        return cli_usage_error(CMD, "--proofs needs quantized updates (drop --no-quantize)");
    if (opts[O_PROOF_CACHE].value && *opts[O_PROOF_CACHE].value == '\0')
        return cli_usage_error(CMD, "--proof-cache needs a directory");

    zkfl_fl_config cfg;
    memset(&cfg, 0, sizeof cfg);
    if (zkfl_fl_strategy_parse(&cfg.server.strategy,
                               opts[O_STRATEGY].value ? opts[O_STRATEGY].value : "fedavg") != 0)
        return cli_usage_error(CMD, "--strategy: expected fedavg, fedprox, fedadam or fedyogi, got '%s'",
                               opts[O_STRATEGY].value);
    if (opts[O_MU].value && cfg.server.strategy != ZKFL_FL_FEDPROX)
        return cli_usage_error(CMD, "--mu only applies to --strategy fedprox");
    zkfl_fl_partition_spec pspec;
    const char *ptext = opts[O_PARTITION].value ? opts[O_PARTITION].value : "iid";
    if (zkfl_fl_partition_spec_parse(&pspec, ptext) != 0)
        return cli_usage_error(CMD, "--partition: expected iid, dirichlet:ALPHA (ALPHA > 0) or "
                               "shards:K (K >= 1), got '%s'", ptext);
    const char *plot = opts[O_PLOT].value;
    if (plot != NULL && *plot == '\0')
        return cli_usage_error(CMD, "--plot needs a file name");

    struct data d;
    memset(&d, 0, sizeof d);
    const char *dataset = opts[O_DATASET].value ? opts[O_DATASET].value : "fashion-mnist";
    if ((rc = load_data(&d, dataset, opts[O_DATA].value, v.max_train, v.max_test, v.seed)) != CLI_OK) {
        data_free(&d);
        return rc;
    }
    const char *mtext = opts[O_MODEL].value ? opts[O_MODEL].value : DEF_MODEL;
    zkfl_model_spec mspec;
    if (zkfl_model_spec_parse(&mspec, mtext, d.train.channels, d.train.height, d.train.width,
                              d.train.n_classes) != 0) {
        data_free(&d);
        return cli_usage_error(CMD, "--model: '%s' does not fit this dataset (%s)", mtext,
                               zkfl_ml_last_error());
    }
    zkfl_fl_partition part;
    memset(&part, 0, sizeof part);
    rc = zkfl_fl_partition_make(&part, &pspec, &d.train, d.pool, d.n_pool, v.clients, v.seed);
    if (rc != 0) {
        data_free(&d);
        return cli_usage_error(CMD, "cannot partition %zu examples into %llu clients with '%s': %s",
                               d.n_pool, (unsigned long long)v.clients, ptext, zkfl_strerror(rc));
    }
    zkfl_model *model = NULL;
    if (zkfl_model_new(&model, &mspec, v.seed) != 0) {
        fprintf(stderr, "zkfl simulate: %s\n", zkfl_ml_last_error());
        zkfl_fl_partition_free(&part);
        data_free(&d);
        return CLI_FAIL;
    }

    cfg.n_clients = v.clients;
    cfg.rounds = (uint32_t)v.rounds;
    cfg.sampling = v.sample_k ? ZKFL_FL_SAMPLE_FIXED
                              : v.q > 0 ? ZKFL_FL_SAMPLE_POISSON : ZKFL_FL_SAMPLE_ALL;
    cfg.sample_clients = v.sample_k;
    cfg.sample_rate = v.q;
    cfg.train = zkfl_train_config_default();
    cfg.train.epochs = (uint32_t)v.epochs;
    cfg.train.batch_size = (uint32_t)v.batch;
    cfg.train.lr = (float)v.lr;
    uint32_t strategy = cfg.server.strategy;
    cfg.server = zkfl_fl_server_opt_default(strategy);
    if (v.server_lr > 0)
        cfg.server.server_lr = v.server_lr;
    cfg.prox_mu = v.mu;
    cfg.quantize = quantize;
    cfg.bits = (uint32_t)v.bits;
    cfg.clip = v.clip;
    cfg.dp = dp;
    cfg.dp_epsilon = v.eps;
    size_t largest = 0;
    for (size_t c = 0; c < part.n_clients; c++)
        if (part.count[c] > largest)
            largest = part.count[c];
    cfg.dp_delta = opts[O_DELTA].value ? v.delta
                                       : default_delta(dp == ZKFL_FL_DP_USER ? v.clients : largest);
    cfg.dp_planned_rounds = (uint32_t)v.dp_plan;
    cfg.dp_record_clip = v.dp_clip;
    cfg.seed = v.seed;
    cfg.threads = (int)v.threads;

    int json = opts[O_JSON].value != NULL;
    FILE *info = json ? stderr : stdout;  /* setup and notices never mix with the JSON */
    zkfl_compliance_key *key = NULL;
    zkfl_fl_proof_stage *stage = NULL;
    uint64_t *samples = NULL;
    size_t dim = zkfl_model_num_params(model);
    int proofs = quantize && !opts[O_NO_PROOFS].value &&
                 (opts[O_PROOFS].value || dim <= v.proof_max_dim);
    char cache[4096];
    default_cache(cache, sizeof cache, opts[O_PROOF_CACHE].value);
    struct progress prog = {json, (uint32_t)v.rounds, 0, calloc(v.rounds, sizeof(float)),
                            calloc(v.rounds, sizeof(double)), 0, 0, 0, 0, 0, NULL};
    if (prog.acc == NULL || prog.eps == NULL) {
        rc = CLI_FAIL;
        goto out;
    }
    char mbuf[128];
    zkfl_model_spec_format(mbuf, sizeof mbuf, &mspec);
    if (!json) {
        print_header(&cfg, dataset, mbuf, dim, ptext, d.n_pool, d.test.n, &part);
        if (opts[O_SHOW_PARTITION].value)
            print_partition(&part, &d.train);
    }
    if (!proofs) {
        /* Never silently: say why there are no proofs. */
        if (!quantize)
            fprintf(info, "  compliance proofs off: they need quantized updates\n");
        else if (opts[O_NO_PROOFS].value)
            fprintf(info, "  compliance proofs off (--no-proofs)\n");
        else
            fprintf(info, "  compliance proofs off: d = %zu is above --proof-max-dim %llu (proving "
                    "every update would dominate each round); --proofs turns them on\n", dim,
                    (unsigned long long)v.proof_max_dim);
    } else {
        samples = malloc(part.n_clients * sizeof *samples);
        if (samples == NULL) {
            rc = CLI_FAIL;
            goto out;
        }
        for (size_t c = 0; c < part.n_clients; c++)
            samples[c] = part.count[c];
        if ((rc = proof_keys(&key, cache, (uint32_t)v.bits, dim, (int)v.threads, info)) != CLI_OK)
            goto out;
        if (zkfl_fl_proof_stage_new(&stage, key, model, samples, part.n_clients,
                                    (int)v.threads) != 0) {
            rc = CLI_FAIL;
            goto out;
        }
        cfg.check_updates = zkfl_fl_proof_stage_check;
        cfg.check_ctx = stage;
        prog.stage = stage;
    }
    fflush(info);
    uint64_t t0 = zkfl_now_ns();
    zkfl_fl_summary sum;
    rc = zkfl_fl_run(&sum, model, &d.train, &part, &d.test, &cfg, on_round, &prog);
    double secs = (double)(zkfl_now_ns() - t0) * 1e-9;
    if (rc != 0) {
        fprintf(stderr, "zkfl simulate: %s (%s)\n", zkfl_fl_last_error(), zkfl_strerror(rc));
        rc = rc == ZKFL_ERR_INVALID_ARG || rc == ZKFL_ERR_RANGE || rc == ZKFL_ERR_OVERFLOW
                 ? CLI_USAGE : CLI_FAIL;
        goto out;
    }
    if (json)
        rc = print_summary_json(&sum, &cfg, proofs, mbuf, ptext, secs, &prog);
    else
        print_summary_text(&sum, &cfg, proofs, secs, &prog);
    if (rc == CLI_OK && plot != NULL)
        rc = write_plot(plot, &prog, dp ? v.eps : 0);
out:
    zkfl_fl_proof_stage_free(stage);
    zkfl_compliance_key_free(key);
    free(samples);
    free(prog.acc);
    free(prog.eps);
    zkfl_model_free(model);
    zkfl_fl_partition_free(&part);
    data_free(&d);
    return rc;
}
