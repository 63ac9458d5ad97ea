/* zkfl/dp.h - differential privacy: noise calibration, Renyi-DP accounting,
 * exact discrete samplers and the mechanisms federated learning calls.
 *
 * Conventions: every function returns 0 or a negative zkfl_err; outputs come
 * first. A (epsilon, delta) request that cannot be met is ZKFL_ERR_RANGE; a
 * round that would overspend a budget is ZKFL_ERR_BUDGET.
 *
 * Typical use by a federated simulation given --dp-epsilon E --dp-delta D:
 *
 *     // Once, before training: R rounds, each sampling clients with rate q.
 *     struct zkfl_dp_plan plan;
 *     rc = zkfl_dp_plan_rounds(&plan, E, D, R, q);        // plan.noise_multiplier
 *     zkfl_dp_accountant *acc;
 *     rc = zkfl_dp_accountant_new(&acc, E, D, NULL);      // Opacus orders
 *     for (round = 0; round < R; round++) {
 *         rc = zkfl_dp_accountant_spend(acc, q, plan.noise_multiplier, 1);
 *         if (rc == ZKFL_ERR_BUDGET) break;               // nothing was recorded
 *         // clip each client update to L2 <= C, sum, noise std z*C:
 *         rc = zkfl_dp_fedavg_noisy_sum(sum, updates, n_clients, dim, C,
 *                                       plan.noise_multiplier);
 *         double eps_so_far; zkfl_dp_accountant_epsilon(acc, &eps_so_far, NULL);
 *     }
 *     zkfl_dp_accountant_free(acc);
 *
 * The accounting reproduces Opacus (opacus/accountants/analysis/rdp.py) and
 * TensorFlow Privacy (rdp_accountant / compute_dp_sgd_privacy_lib) to double
 * precision: RDP of the Poisson-subsampled Gaussian (Mironov, Talwar & Zhang
 * 2019) and the conversion of Balle et al. 2020. */
#ifndef ZKFL_DP_H
#define ZKFL_DP_H

#include <stddef.h>
#include <stdint.h>
#include "zkfl/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Gaussian calibration ------------------------------------------------ */

/* Analytic Gaussian mechanism (Balle & Wang 2018, Theorem 8 / Algorithm 1):
 * the smallest sigma with delta(sigma) <= delta where
 *   delta(sigma) = Phi(S/(2 sigma) - eps sigma/S) - e^eps Phi(-S/(2 sigma) - eps sigma/S),
 * found by bisection to ~1e-15 relative and rounded so the result meets the
 * guarantee. Any epsilon > 0 and 0 < delta < 1. */
int zkfl_dp_sigma_analytic(double *sigma, double epsilon, double delta, double sensitivity);
/* delta(sigma) of the formula above (for checks and the CLI). */
int zkfl_dp_analytic_delta(double *delta, double sigma, double epsilon, double sensitivity);
/* Classic Gaussian mechanism (Dwork & Roth, Theorem A.1):
 * sigma = sqrt(2 ln(1.25/delta)) * S / epsilon. Only proven for epsilon < 1:
 * epsilon >= 1 is ZKFL_ERR_RANGE. */
int zkfl_dp_sigma_classic(double *sigma, double epsilon, double delta, double sensitivity);

/* ---- Renyi DP of the Poisson-subsampled Gaussian ------------------------- */

/* Standard order lists.
 * ZKFL_DP_ORDERS_OPACUS: [1 + x/10 for x in 1..99] + [12..63]   (151 orders)
 * ZKFL_DP_ORDERS_TF_PRIVACY: [1 + x/10 for x in 1..99] + [11..63] + [128, 256, 512]
 *   (155 orders; compute_dp_sgd_privacy_lib) */
enum zkfl_dp_orders_kind { ZKFL_DP_ORDERS_OPACUS = 0, ZKFL_DP_ORDERS_TF_PRIVACY = 1 };
#define ZKFL_DP_MAX_ORDERS 256
struct zkfl_dp_orders {
    size_t n;
    double alpha[ZKFL_DP_MAX_ORDERS]; /* each > 1 */
};
int zkfl_dp_orders_standard(struct zkfl_dp_orders *out, enum zkfl_dp_orders_kind kind);
/* Parses a comma-separated list such as "1.5,2,4,8,16" (each order > 1,
 * finite, at most ZKFL_DP_MAX_ORDERS). ZKFL_ERR_FORMAT on bad text. */
int zkfl_dp_orders_parse(struct zkfl_dp_orders *out, const char *text);

/* RDP at order alpha of one step of the Gaussian mechanism with noise
 * multiplier z on a Poisson subsample with rate q (0 <= q <= 1), in nats.
 * Integer orders use the binomial expansion, fractional orders the two-sided
 * series of Mironov et al. 2019, both accumulated in log space. */
int zkfl_dp_rdp_subsampled_gaussian(double *rdp, double q, double z, double alpha);
/* rdp[i] = steps * RDP at orders->alpha[i]. */
int zkfl_dp_rdp_compute(double *rdp, double q, double z, uint64_t steps,
                        const struct zkfl_dp_orders *orders);

enum zkfl_dp_conversion {
    /* Balle et al. 2020 (Opacus, TF Privacy):
     * eps = rdp - (ln delta + ln alpha)/(alpha - 1) + ln((alpha - 1)/alpha) */
    ZKFL_DP_CONVERSION_IMPROVED = 0,
    /* Mironov 2017: eps = rdp + ln(1/delta)/(alpha - 1) */
    ZKFL_DP_CONVERSION_CLASSIC = 1
};
/* The smallest epsilon over the orders, and the order achieving it
 * (best_order may be NULL). */
int zkfl_dp_rdp_to_epsilon(double *epsilon, double *best_order, const double *rdp,
                           const struct zkfl_dp_orders *orders, double delta,
                           enum zkfl_dp_conversion conversion);
/* Epsilon of `steps` compositions of the subsampled Gaussian: compute_rdp then
 * get_privacy_spent in one call. orders NULL means Opacus's orders. */
int zkfl_dp_epsilon(double *epsilon, double *best_order, double q, double z, uint64_t steps,
                    double delta, const struct zkfl_dp_orders *orders,
                    enum zkfl_dp_conversion conversion);
/* The smallest noise multiplier (to ~1e-9 relative, rounded up) whose
 * epsilon after `steps` steps is <= target_epsilon. ZKFL_ERR_RANGE when no
 * z <= 1e6 reaches it. orders NULL means Opacus's orders. */
int zkfl_dp_noise_multiplier(double *z, double q, uint64_t steps, double target_epsilon,
                             double delta, const struct zkfl_dp_orders *orders,
                             enum zkfl_dp_conversion conversion);

/* ---- Accountant and planner ---------------------------------------------- */

/* An accountant keeps the (q, z, steps) history of every mechanism run so
 * far and their composed RDP, against a budget (epsilon, delta). */
typedef struct zkfl_dp_accountant zkfl_dp_accountant;
/* epsilon_budget may be INFINITY for pure bookkeeping. orders NULL: Opacus's. */
int zkfl_dp_accountant_new(zkfl_dp_accountant **out, double epsilon_budget, double delta,
                           const struct zkfl_dp_orders *orders);
void zkfl_dp_accountant_free(zkfl_dp_accountant *acc);
/* Epsilon the accountant would report after additionally running `steps`
 * steps of (q, z); records nothing. */
int zkfl_dp_accountant_peek(const zkfl_dp_accountant *acc, double *epsilon_after,
                            double q, double z, uint64_t steps);
/* Records `steps` steps of (q, z), unless the epsilon after them would exceed
 * the budget: then ZKFL_ERR_BUDGET and the accountant is unchanged. */
int zkfl_dp_accountant_spend(zkfl_dp_accountant *acc, double q, double z, uint64_t steps);
/* Epsilon spent so far (0 before any spend) and its best order (may be NULL). */
int zkfl_dp_accountant_epsilon(const zkfl_dp_accountant *acc, double *epsilon, double *best_order);
/* Number of spend() records and the i-th one. */
size_t zkfl_dp_accountant_history_len(const zkfl_dp_accountant *acc);
int zkfl_dp_accountant_history(const zkfl_dp_accountant *acc, size_t i, double *q, double *z,
                               uint64_t *steps);

/* Calibration of a whole training run: R rounds (or DP-SGD steps) of the
 * Gaussian mechanism on a Poisson sample with rate q. */
struct zkfl_dp_plan {
    double noise_multiplier; /* smallest z meeting (epsilon, delta) */
    double epsilon;          /* epsilon actually reached with that z (<= target) */
    double best_order;
    uint64_t rounds;
    double sampling_rate;
};
int zkfl_dp_plan_rounds(struct zkfl_dp_plan *plan, double epsilon, double delta,
                        uint64_t rounds, double sampling_rate);

/* ---- zCDP (discrete Gaussian) -------------------------------------------- */

/* rho-zCDP -> (epsilon, delta) with the tight conversion of Canonne, Kamath
 * & Steinke 2020 (Proposition 12 / Corollary 13, from (alpha, alpha rho)-RDP):
 *   epsilon = min_{alpha > 1} alpha rho + ln(1 - 1/alpha) - (ln alpha + ln delta)/(alpha - 1),
 * minimised over continuous alpha (the expression is unimodal in alpha). */
int zkfl_dp_zcdp_to_epsilon(double *epsilon, double rho, double delta);
/* Exact (epsilon, delta) curve of the discrete Gaussian N_Z(0, sigma2) with
 * integer L1=L2 sensitivity `sensitivity` in one dimension (CKS 2020,
 * Theorem 7): delta = P[X > eps sigma2/D - D/2] - e^eps P[X > eps sigma2/D + D/2]. */
int zkfl_dp_discrete_gaussian_delta(double *delta, double epsilon, double sigma2,
                                    uint64_t sensitivity);

/* Distributed discrete Gaussian (Kairouz, Liu & Steinke 2021): the sum of n
 * independent N_Z(0, sigma2)^d shares (sigma2 >= 1/4) added to an integer
 * vector sum with L2 sensitivity l2 and L1 sensitivity l1 is close to one
 * discrete Gaussian of variance n sigma2; Proposition 14 of the paper (as in
 * the authors' accounting code, google-research/federated distributed_dp)
 * bounds its RDP at order alpha by the minimum of
 *   (alpha/2) a^2 + tau d,
 *   (alpha/2) (a^2 + 2 b tau + tau^2 d),
 *   (alpha/2) (a + sqrt(d) tau)^2,
 * with a = l2 / sqrt(n sigma2), b = l1 / sqrt(n sigma2) and
 *   tau = 10 * sum_{k=1}^{n-1} exp(-2 pi^2 sigma2 k/(k+1)).
 * Pass l1 = l2 sqrt(d) when no better L1 bound is known. */
int zkfl_dp_ddg_rdp(double *rdp, double alpha, double sigma2, uint64_t n, uint64_t d,
                    double l2, double l1);
/* Epsilon after `rounds` releases (RDP composed, every client in every
 * round: no subsampling amplification is claimed, so this is an upper bound
 * when clients are sampled), converted with the improved conversion over the
 * authors' orders 2..128 and 256. best_order may be NULL. */
int zkfl_dp_ddg_epsilon(double *epsilon, double *best_order, double sigma2, uint64_t n,
                        uint64_t d, double l2, double l1, uint64_t rounds, double delta);
/* The smallest per-party variance (to ~1e-10 relative, rounded up) such that
 * the parties - colluding honest shares of N_Z(0, share_sigma2)^d, summed,
 * keep `rounds` releases within (epsilon, delta) by zkfl_dp_ddg_epsilon.
 * ZKFL_ERR_RANGE if no variance up to 2^40 does. */
int zkfl_dp_ddg_calibrate(double *share_sigma2, double epsilon, double delta, uint64_t parties,
                          uint64_t colluding, uint64_t d, double l2, double l1, uint64_t rounds);
/* Per-party variance for S parties of which up to t collude (and know their
 * own noise): the S - t honest shares must carry the total target_sigma2, so
 * each party adds target_sigma2 / (S - t). */
int zkfl_dp_ddg_share_sigma2(double *share_sigma2, double target_sigma2, uint64_t parties,
                             uint64_t colluding);

/* ---- Exact samplers (Canonne, Kamath & Steinke 2020) --------------------- */

/* These are rejection samplers: the number of iterations, hence the running
 * time, depends on the value drawn (Jin et al. 2022 time such samplers), so
 * they carry the _vartime suffix. Never time one draw in front of an
 * adversary. The vector mechanisms below draw thousands of values per call,
 * so their total time reflects only the aggregate iteration count. */

/* Rational number num/den with den >= 1. */
struct zkfl_dp_rational {
    uint64_t num, den;
};
/* Randomness source for the samplers: bits handed out from a 64-bit pool
 * over a buffer refilled from zkfl_randombytes (refills grow from 4 KiB to
 * 64 KiB: a few system calls per call of the vector samplers, not one per
 * draw). Draws are economical: a fair coin takes 1 bit, a uniform below t
 * about log2 t bits, a Bernoulli(num/den) coin is compared lazily bit by
 * bit (2 bits on average), so a discrete Gaussian takes about 10 bytes.
 * The number of bits consumed depends on the values drawn, like the
 * samplers' running time. Contents are secret (they determine the noise):
 * each word is wiped from the buffer as it is taken into the pool, the
 * rest by zkfl_dp_rng_free. */
typedef struct zkfl_dp_rng zkfl_dp_rng;
int zkfl_dp_rng_new(zkfl_dp_rng **out);
void zkfl_dp_rng_free(zkfl_dp_rng *rng); /* wipes */

/* Bernoulli(exp(-gamma)), gamma = num/den >= 0 (Algorithm 1). */
int zkfl_dp_sample_bernoulli_exp_vartime(int *out, zkfl_dp_rng *rng, struct zkfl_dp_rational gamma);
/* Discrete Laplace with P[x] proportional to exp(-|x| / scale), scale = num/den > 0
 * (Algorithm 2). num, den < 2^32. */
int zkfl_dp_sample_discrete_laplace_vartime(int64_t *out, zkfl_dp_rng *rng,
                                    struct zkfl_dp_rational scale);
/* Discrete Gaussian with P[x] proportional to exp(-x^2 / (2 sigma2)),
 * sigma2 = num/den (Algorithm 3). Requires num <= 2^40, den <= 2^20,
 * sigma2 > 0; otherwise ZKFL_ERR_RANGE. */
int zkfl_dp_sample_discrete_gaussian_vartime(int64_t *out, zkfl_dp_rng *rng,
                                     struct zkfl_dp_rational sigma2);
/* n samples at once (same sigma2). */
int zkfl_dp_sample_discrete_gaussian_vec_vartime(int64_t *out, size_t n, zkfl_dp_rng *rng,
                                         struct zkfl_dp_rational sigma2);
/* The smallest representable rational >= sigma2 within the sampler's limits
 * (den a power of two <= 2^20, num <= 2^40): rounding up only adds noise. */
int zkfl_dp_sigma2_to_rational(struct zkfl_dp_rational *out, double sigma2);

/* ---- Noise for real vectors ---------------------------------------------- */

/* Adds Gaussian noise of standard deviation >= sigma to v[0..n) without
 * floating-point sampling: each coordinate is first rounded to the grid
 * 2^-grid_bits Z, then an exact discrete Gaussian integer with variance
 * (sigma_eff 2^grid_bits)^2 times 2^-grid_bits is added. Both parts are exact
 * multiples of 2^-grid_bits so the double sum is exact (checked: values must
 * stay below 2^(52 - grid_bits) in magnitude, else ZKFL_ERR_RANGE), and the
 * output distribution is a lattice shift of a discrete Gaussian whose support
 * does not depend on the input: the gaps in floating-point Laplace/Gaussian
 * samples that Mironov's 2012 attack reads cannot occur. Rounding to the grid
 * can move a neighbouring sum by up to sqrt(n) 2^-grid_bits in L2, so the
 * caller's L2 sensitivity is inflated by that much: sigma_eff =
 * sigma * (sensitivity + sqrt(n) 2^-grid_bits) / sensitivity.
 * grid_bits in [0, 40]; 20 is a good default. The grid is coarsened when
 * sigma_eff 2^grid_bits would exceed 2^20 (the sampler's range).
 * Accounting note: for a single release the discrete Gaussian with lattice
 * sensitivity Delta satisfies the same (Delta^2 / (2 sigma^2))-zCDP as the
 * continuous one (CKS 2020, Theorem 4); zkfl_dp_epsilon's subsampled-RDP
 * bound is proven for the continuous Gaussian and is applied to this noise
 * as Opacus and TF Privacy apply it to their floating-point samples. */
#define ZKFL_DP_DEFAULT_GRID_BITS 20
int zkfl_dp_add_gaussian_noise(double *v, size_t n, double sigma, double sensitivity,
                               int grid_bits);
/* The same on float vectors (noise added in double, then rounded to float:
 * a post-processing of the private double result). */
int zkfl_dp_add_gaussian_noise_f32(float *v, size_t n, double sigma, double sensitivity,
                                   int grid_bits);

/* ---- Mechanisms for federated learning ----------------------------------- */

/* L2 norm, computed in double. */
double zkfl_dp_l2_norm(const float *v, size_t n);
/* Scales v in place so its L2 norm (computed in double from the stored
 * floats) is <= clip; vectors already within the bound are untouched.
 * Sets *scaled to 1 if v was scaled (scaled may be NULL). */
int zkfl_dp_clip_l2(float *v, size_t n, double clip, int *scaled);

/* DP-SGD (Abadi et al. 2016): sum_out[0..dim) = sum over the rows of
 * clip_C(row) + N(0, (z C)^2) noise per coordinate. rows is n_rows x dim,
 * row-major, and is not modified. z = 0 gives the clipped sum without noise. */
int zkfl_dp_sgd_noisy_sum(float *sum_out, const float *rows, size_t n_rows, size_t dim,
                          double clip, double z);
/* Poisson subsampling, the batches of DP-SGD: each call includes every
 * position of [0, n) independently with the same probability q_s, as the
 * subsampled-Gaussian accounting above assumes (batch sizes vary, 0
 * included). The gaps between included positions are drawn directly, so a
 * call costs O(1 + q n) expected draws, not n. The gap law is exact:
 * P(gap >= k) = exp(-k gamma) with gamma a rational (multiple of 2^-56),
 * sampled with the exact Bernoulli(exp(-x)) coins above (the geometric part
 * of CKS's Algorithm 2), so q_s = 1 - exp(-gamma) exactly. gamma is chosen
 * just below -ln(1 - q): q_s <= q and q - q_s <= gamma 2^-39 + 2^-56
 * (relative ~1e-12 at q = 256/15000). The RDP of the subsampled
 * Gaussian grows with the rate, so accounting with q bounds what runs.
 * q = 1 includes every position. Randomness: its own zkfl_dp_rng
 * (zkfl_randombytes), never a seeded generator - which records are in a
 * batch is part of the mechanism. The running time depends on the batch
 * drawn (hence _vartime); training time reveals batch sizes anyway. */
typedef struct zkfl_dp_poisson zkfl_dp_poisson;
/* 0 < q <= 1; ZKFL_ERR_RANGE for q below ~2^-56. */
int zkfl_dp_poisson_new(zkfl_dp_poisson **out, double q);
void zkfl_dp_poisson_free(zkfl_dp_poisson *p); /* wipes */
/* q_s = 1 - exp(-gamma), the exact inclusion probability (rounded to double). */
double zkfl_dp_poisson_rate(const zkfl_dp_poisson *p);
/* pos (room for n entries) gets the included positions in increasing
 * order, *count how many; n <= 2^32. */
int zkfl_dp_poisson_sample_vartime(uint32_t *pos, size_t *count, zkfl_dp_poisson *p, size_t n);

/* A ready-made per-example hook for zkfl_train_config.per_example_hook
 * (zkfl/ml.h; same signature): clips each of the b gradient rows in place to
 * L2 <= clip, sums them, adds N(0, (z clip)^2) per coordinate and writes the
 * sum divided by expected_batch (b when expected_batch is 0) to batch_grad.
 * Account with q = expected_batch / N and steps = number of batches. The
 * RDP analysis holds for Poisson batches (zkfl_dp_poisson above, through
 * zkfl_train_config.batch_sampler) normalised by the fixed expected_batch
 * = q N: the noisy sum then has sensitivity clip whatever the batch size,
 * and dividing by a constant is post-processing. Dividing by the drawn
 * size b (expected_batch 0) or shuffled fixed-size batches are outside
 * that analysis. */
struct zkfl_dp_sgd_hook_ctx {
    double clip;
    double noise_multiplier;
    double expected_batch;
};
int zkfl_dp_sgd_hook(void *ctx, float *batch_grad, float *grads, size_t b, size_t p);

/* DP-FedAvg with user-level DP (McMahan et al. 2018): the same operation on
 * client updates: each update clipped to L2 <= clip, summed, noise std
 * z * clip per coordinate. Divide by the expected number of clients q N
 * afterwards for the fixed-denominator estimator. */
int zkfl_dp_fedavg_noisy_sum(float *sum_out, const float *updates, size_t n_clients,
                             size_t dim, double clip, double z);

/* Distributed discrete Gaussian share: adds N_Z(0, share_sigma2) to each
 * entry of the integer vector v (e.g. a quantised update before masking for
 * secure aggregation). */
int zkfl_dp_ddg_add_share(int64_t *v, size_t n, double share_sigma2);

#ifdef __cplusplus
}
#endif
#endif
