/* zkfl/ml.h - the training engine: datasets, models, SGD, per-example
 * gradients, model serialization and hashing.
 *
 * Conventions (on top of common.h):
 * - Errors: every function returns 0 or a negative zkfl_err. On failure a
 *   human-readable message (naming the file, line and what is wrong where it
 *   applies) is stored in a thread-local buffer read by zkfl_ml_last_error().
 * - Randomness: data order and weight initialisation use zkfl_ml_rng, a
 *   seeded xoshiro256** generator. It is NOT cryptographic and must never
 *   be used for keys, masks, DP noise or DP-SGD's batches (a batch_sampler
 *   brings its own randomness); it exists so training runs are
 *   reproducible from a seed.
 * - Threads: `threads` <= 0 means zkfl_default_threads(). Training sets the
 *   OpenBLAS thread count (a process-wide setting) to `threads`; a caller
 *   that trains several clients concurrently on its own threads should pass
 *   threads = 1 to each.
 * - Parameters: a model's parameters are ONE flat float array (see
 *   "Parameter layout" below), so the federated layer averages, clips and
 *   encodes plain float vectors of length zkfl_model_num_params().
 */
#ifndef ZKFL_ML_H
#define ZKFL_ML_H

#include <stddef.h>
#include <stdint.h>
#include "zkfl/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ */
/* Errors                                                              */

/* The message of the last failure of an ml function on this thread ("" if
 * none). Valid until the next ml call on the same thread. */
const char *zkfl_ml_last_error(void);

/* ------------------------------------------------------------------ */
/* Seeded PRNG (xoshiro256**, seeded through splitmix64). Not for secrets. */

typedef struct { uint64_t s[4]; } zkfl_ml_rng;

void zkfl_ml_rng_seed(zkfl_ml_rng *r, uint64_t seed);
uint64_t zkfl_ml_rng_next(zkfl_ml_rng *r);
/* Uniform in [0, bound) without modulo bias; bound >= 1 (0 returns 0). */
uint64_t zkfl_ml_rng_below(zkfl_ml_rng *r, uint64_t bound);
/* Uniform double in [0, 1) with 53 random bits. */
double zkfl_ml_rng_uniform(zkfl_ml_rng *r);
/* Standard normal (Box-Muller). */
double zkfl_ml_rng_normal(zkfl_ml_rng *r);
/* Fisher-Yates shuffle of idx[0..n). */
void zkfl_ml_rng_shuffle(zkfl_ml_rng *r, uint32_t *idx, size_t n);
/* Gamma(shape, 1) (Marsaglia-Tsang), for Dirichlet partitions; shape > 0. */
double zkfl_ml_rng_gamma(zkfl_ml_rng *r, double shape);

/* ------------------------------------------------------------------ */
/* Datasets                                                            */

/* A labelled dataset held in memory. x is n rows of dim floats (row-major);
 * for images a row is the image in height x width x channels order (HWC).
 * Tabular data has channels = 1, height = 1, width = dim. y[i] is in
 * [0, n_classes). class_names (may be NULL) has n_classes strings.
 * Subsets (client partitions, splits) are index lists into a dataset, so
 * nothing is copied: every function taking (ds, idx, n) uses examples
 * idx[0..n) of ds, or all ds->n examples in order when idx is NULL. */
typedef struct {
    float *x;
    int32_t *y;
    size_t n;
    size_t dim;
    uint32_t n_classes;
    uint32_t channels, height, width;
    char **class_names;
} zkfl_dataset;

/* Frees what a loader allocated and zeroes the struct (NULL-safe). */
void zkfl_dataset_free(zkfl_dataset *ds);

/* Allocates an empty dataset of n rows (x, y zeroed) with the given shape. */
int zkfl_dataset_alloc(zkfl_dataset *out, size_t n, size_t dim, uint32_t n_classes);

/* Copies examples idx[0..n) (all when idx is NULL) into a new dataset. */
int zkfl_dataset_copy(zkfl_dataset *out, const zkfl_dataset *ds, const uint32_t *idx, size_t n);

/* Reads one IDX image file and its label file (gzip or plain; zlib detects
 * which). Checks magic numbers (0x00000803 / 0x00000801), dimensions,
 * matching counts and truncation. Pixels are scaled to [0, 1]. max_n > 0
 * keeps only the first max_n examples (the whole file is still checked).
 * n_classes = max label + 1, at least 2 (10 for Fashion-MNIST). */
int zkfl_dataset_load_idx(zkfl_dataset *out, const char *images_path,
                          const char *labels_path, size_t max_n);

/* Fashion-MNIST from dir (default when NULL: /usr/share/datasets/fashion-mnist,
 * Debian's dataset-fashion-mnist): train-{images-idx3,labels-idx1}-ubyte.gz
 * and t10k-... Either output may be NULL to skip that half. */
#define ZKFL_FASHION_MNIST_DIR "/usr/share/datasets/fashion-mnist"
enum { ZKFL_FMNIST_STANDARDIZE = 1 };  /* subtract 0.2860, divide by 0.3530 */
int zkfl_dataset_load_fashion_mnist(zkfl_dataset *train, zkfl_dataset *test,
                                    const char *dir, unsigned flags);

/* CSV loading.
 * header:
 *   ZKFL_CSV_HEADER_AUTO    - sklearn form when line 1 is two unsigned
 *                             integers followed only by non-numeric cells
 *                             (then its counts are enforced); else NAMES.
 *   ZKFL_CSV_HEADER_NAMES   - line 1 holds column names.
 *   ZKFL_CSV_HEADER_SKLEARN - line 1 is "n_samples,n_features,class names...",
 *                             every row is d features then an integer target
 *                             in [0, number of names); columns are named
 *                             "x0".."x<d-1>" and "target".
 * label_column: name of the label column; NULL = the last column.
 * Labels (NAMES form) are strings mapped to classes: ZKFL_CSV_LABELS_SORTED
 * (default) sorts the distinct labels (numerically when every label is a
 * number, else bytewise); ZKFL_CSV_LABELS_APPEARANCE numbers them in order
 * of first appearance. class_names gets the label strings.
 * Every other cell must be a finite number. Empty lines are skipped;
 * ragged rows, non-numeric cells, a missing label column, a wrong sklearn
 * count and lines over 1 MiB are errors naming file and line.
 * opt may be NULL: AUTO header, last column, sorted labels, ','. */
enum { ZKFL_CSV_HEADER_AUTO = 0, ZKFL_CSV_HEADER_NAMES = 1, ZKFL_CSV_HEADER_SKLEARN = 2 };
enum { ZKFL_CSV_LABELS_SORTED = 0, ZKFL_CSV_LABELS_APPEARANCE = 1 };
typedef struct {
    int header;
    const char *label_column;
    int label_order;
    char delimiter;  /* 0 = ',' */
} zkfl_csv_options;
int zkfl_dataset_load_csv(zkfl_dataset *out, const char *path, const zkfl_csv_options *opt);
/* Same, from a memory buffer; `name` is used in error messages. */
int zkfl_dataset_parse_csv(zkfl_dataset *out, const char *text, size_t len,
                           const char *name, const zkfl_csv_options *opt);

/* A seeded random split of [0, n) into train and test index lists (each
 * malloc'd, caller frees): n_test = round(n * test_fraction), 0 < frac < 1. */
int zkfl_ml_split_indices(uint32_t **train_idx, size_t *n_train,
                          uint32_t **test_idx, size_t *n_test,
                          size_t n, double test_fraction, uint64_t seed);

/* Per-feature standardisation: fit mean/std (arrays of ds->dim; std of a
 * constant feature is set to 1) on examples idx[0..n), then apply
 * x = (x - mean) / std to every row of a dataset (train and test alike). */
int zkfl_dataset_fit_standardizer(float *mean, float *std, const zkfl_dataset *ds,
                                  const uint32_t *idx, size_t n);
int zkfl_dataset_apply_standardizer(zkfl_dataset *ds, const float *mean, const float *std);

/* ------------------------------------------------------------------ */
/* Models                                                              */

enum zkfl_model_kind { ZKFL_MODEL_LOGREG = 1, ZKFL_MODEL_MLP = 2, ZKFL_MODEL_CNN = 3 };
#define ZKFL_MLP_MAX_HIDDEN 8

/* Defaults that `zkfl simulate` uses for Fashion-MNIST (the MLP benchmark
 * in docs/PERFORMANCE.md uses the same): mlp 784-256-128-10, batch 64. */
#define ZKFL_ML_DEFAULT_HIDDEN1 256
#define ZKFL_ML_DEFAULT_HIDDEN2 128
#define ZKFL_ML_DEFAULT_BATCH 64

/* What a model is. logreg: softmax regression. mlp: dense layers of
 * hidden[0..n_hidden) units with ReLU, then a dense output layer. cnn
 * (LeNet-style): conv 5x5 valid -> ReLU -> maxpool 2 -> conv 5x5 valid ->
 * ReLU -> maxpool 2 -> dense fc_hidden + ReLU -> dense n_classes; pooling
 * floors odd sizes, so height and width must be >= 16 (28 -> 24, 12, 8, 4).
 * conv1/conv2 are channel counts; 0 in conv1, conv2, fc_hidden means the
 * defaults 6, 16, 120. Unused fields must be 0. */
typedef struct {
    uint32_t kind;
    uint32_t channels, height, width;  /* input shape; tabular: 1, 1, dim */
    uint32_t n_classes;
    uint32_t n_hidden;
    uint32_t hidden[ZKFL_MLP_MAX_HIDDEN];
    uint32_t conv1, conv2, fc_hidden;
} zkfl_model_spec;

/* Parses "logreg", "mlp" (= mlp:256,128), "mlp:H1,H2,...", "cnn",
 * "cnn:C1,C2,FC" for the given input shape and class count. */
int zkfl_model_spec_parse(zkfl_model_spec *out, const char *text,
                          uint32_t channels, uint32_t height, uint32_t width,
                          uint32_t n_classes);
/* Writes the spec as parsable text ("mlp:256,128") into buf. */
int zkfl_model_spec_format(char *buf, size_t buf_len, const zkfl_model_spec *spec);

typedef struct zkfl_model zkfl_model;

/* Creates a model with parameters initialised from seed: He-normal
 * (std sqrt(2/fan_in)) for layers followed by ReLU, Glorot-uniform for the
 * output layer, zero biases. */
int zkfl_model_new(zkfl_model **out, const zkfl_model_spec *spec, uint64_t seed);
int zkfl_model_clone(zkfl_model **out, const zkfl_model *m);
void zkfl_model_free(zkfl_model *m);
const zkfl_model_spec *zkfl_model_get_spec(const zkfl_model *m);

/* Parameter layout: layer by layer from input to output, each layer's
 * weights then its bias. Dense: W[out][in] row-major. Conv: W[out_ch][ky][kx]
 * [in_ch] (matching the HWC activation layout). */
size_t zkfl_model_num_params(const zkfl_model *m);
float *zkfl_model_params(zkfl_model *m);
const float *zkfl_model_params_const(const zkfl_model *m);
/* Copies n = zkfl_model_num_params() floats in; rejects non-finite values. */
int zkfl_model_set_params(zkfl_model *m, const float *params, size_t n);

/* Per-example gradient hook for DP-SGD. Called once per mini-batch with
 * grads = b rows of p floats (the gradient of each example's loss) which it
 * may modify in place (clip); it must write the update direction into
 * batch_grad (p floats), e.g. (sum of clipped rows + noise) / b, or / q n
 * for sampled batches, where b may be 0 or exceed the batch size. */
typedef int (*zkfl_per_example_hook)(void *ctx, float *batch_grad, float *grads,
                                     size_t b, size_t p);

/* Batch sampler for training on sampled instead of shuffled batches
 * (DP-SGD's Poisson batches: fl.h's zkfl_fl_dp_batch_sampler over dp.h's
 * zkfl_dp_poisson). Called once per step: writes the positions (indices
 * into the training list idx[0..n)) of the step's batch to pos, strictly
 * increasing and < n, and their number to *count; any count from 0 to n.
 * pos has room for n entries. Returns 0 or a negative zkfl_err. */
typedef int (*zkfl_batch_sampler)(void *ctx, uint32_t *pos, size_t *count, size_t n);

typedef struct {
    uint32_t epochs;
    uint32_t batch_size;   /* last batch of an epoch may be smaller; with a
                              batch_sampler: sets the steps per epoch */
    float lr;
    float momentum;        /* heavy ball as torch.optim.SGD: v = m v + g; w -= lr v */
    float weight_decay;    /* L2: g += wd * w */
    uint64_t seed;         /* shuffles the index list every epoch */
    int threads;
    float prox_mu;         /* FedProx: g += mu (w - anchor) when mu > 0 */
    const float *prox_anchor; /* num_params floats; required when mu > 0 */
    zkfl_per_example_hook per_example_hook;  /* NULL: plain mini-batch SGD */
    void *hook_ctx;
    zkfl_batch_sampler batch_sampler;  /* NULL: shuffled batches */
    void *sampler_ctx;
} zkfl_train_config;

/* lr 0.02, momentum 0.9, batch 64, 1 epoch, no decay, seed 1, default threads. */
zkfl_train_config zkfl_train_config_default(void);

/* Trains on examples idx[0..n) (all when idx is NULL) for cfg->epochs
 * epochs. Without a batch_sampler an epoch shuffles the examples (seeded
 * by cfg->seed) and visits them in batches of batch_size. With one, an
 * epoch is ceil(n / batch_size) steps, fixed in advance, each on the batch
 * the sampler draws: any size, an empty batch still being a step (the hook
 * gets b = 0; without a hook the gradient is then zero but momentum and
 * decay still apply), an oversized one handled in chunks with buffers grown
 * as needed. Without a hook a step's gradient is the mean over its batch.
 * Momentum starts at zero on every call (each federated round is fresh
 * local training). *mean_loss (may be NULL) gets the mean training loss
 * over the examples of the last epoch (0 when it drew none). */
int zkfl_model_train_epochs(zkfl_model *m, float *mean_loss, const zkfl_dataset *ds,
                            const uint32_t *idx, size_t n, const zkfl_train_config *cfg);

/* Accuracy in [0, 1] and mean cross-entropy over idx[0..n) (either output
 * may be NULL). */
int zkfl_model_evaluate(float *accuracy, float *loss, const zkfl_model *m,
                        const zkfl_dataset *ds, const uint32_t *idx, size_t n, int threads);

/* Predicted class of each example (n int32). */
int zkfl_model_predict(int32_t *labels, const zkfl_model *m, const zkfl_dataset *ds,
                       const uint32_t *idx, size_t n, int threads);

/* Gradient of the MEAN loss over idx[0..n) w.r.t. the parameters
 * (num_params floats); *loss (may be NULL) gets that mean loss. */
int zkfl_model_gradient(float *grad, float *loss, const zkfl_model *m,
                        const zkfl_dataset *ds, const uint32_t *idx, size_t n, int threads);

/* Per-example gradients: grads gets n rows of num_params floats, row i the
 * gradient of example idx[i]'s own loss; losses (may be NULL) n floats.
 * The rows sum to n times zkfl_model_gradient. */
int zkfl_model_per_example_gradients(float *grads, float *losses, const zkfl_model *m,
                                     const zkfl_dataset *ds, const uint32_t *idx,
                                     size_t n, int threads);

/* ------------------------------------------------------------------ */
/* Serialization (format: docs/MODEL_FORMAT.md)                        */

/* Canonical encoding: "ZKFLMDL1", version, spec, parameter count, float32
 * little-endian parameters. *out is malloc'd (caller frees). */
int zkfl_model_serialize(uint8_t **out, size_t *out_len, const zkfl_model *m);
/* Parses and validates an encoding (magic, version, spec sanity, exact
 * length, finite parameters). */
int zkfl_model_deserialize(zkfl_model **out, const uint8_t *buf, size_t len);
int zkfl_model_save(const char *path, const zkfl_model *m);
int zkfl_model_load(zkfl_model **out, const char *path);

/* SHA-256 of the canonical encoding: the value compliance proofs bind to. */
int zkfl_model_hash(uint8_t out[32], const zkfl_model *m);

#ifdef __cplusplus
}
#endif
#endif
