/* zkfl dp - differential-privacy calculators: Gaussian calibration,
 * epsilon of DP-SGD / DP-FedAvg training, and the noise multiplier for a
 * target epsilon. Same numbers as Opacus / TF Privacy (see zkfl/dp.h). */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "zkfl/dp.h"

/* Options are "--name value" or "--name=value"; flags take no value. */
struct dp_opt {
    const char *name;
    int is_flag;
    const char *value; /* set by parse_opts; flags get "1" */
};

static struct dp_opt *find_opt(struct dp_opt *opts, const char *name, size_t len)
{
    for (struct dp_opt *o = opts; o->name != NULL; o++)
        if (strlen(o->name) == len && strncmp(o->name, name, len) == 0)
            return o;
    return NULL;
}

static int parse_opts(const char *cmd, struct dp_opt *opts, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strncmp(a, "--", 2) != 0)
            return cli_usage_error(cmd, "unexpected argument '%s'", a);
        const char *name = a + 2, *eq = strchr(name, '=');
        size_t len = eq ? (size_t)(eq - name) : strlen(name);
        struct dp_opt *o = find_opt(opts, name, len);
        if (o == NULL)
            return cli_usage_error(cmd, "unknown option '%s'", a);
        if (o->is_flag) {
            if (eq)
                return cli_usage_error(cmd, "option --%s takes no value", o->name);
            o->value = "1";
        } else if (eq) {
            o->value = eq + 1;
        } else {
            if (i + 1 >= argc)
                return cli_usage_error(cmd, "option --%s needs a value", o->name);
            o->value = argv[++i];
        }
    }
    return CLI_OK;
}

static int get_double(const char *cmd, const struct dp_opt *o, double *out)
{
    if (o->value == NULL)
        return cli_usage_error(cmd, "missing --%s", o->name);
    char *end;
    errno = 0;
    double v = strtod(o->value, &end);
    if (end == o->value || *end != '\0' || errno != 0 || !isfinite(v))
        return cli_usage_error(cmd, "--%s: '%s' is not a finite number", o->name, o->value);
    *out = v;
    return CLI_OK;
}

static int get_u64(const char *cmd, const struct dp_opt *o, uint64_t *out)
{
    if (o->value == NULL)
        return cli_usage_error(cmd, "missing --%s", o->name);
    const char *s = o->value;
    if (*s < '0' || *s > '9')
        return cli_usage_error(cmd, "--%s: '%s' is not a positive integer", o->name, s);
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (*end != '\0' || errno != 0 || v == 0)
        return cli_usage_error(cmd, "--%s: '%s' is not a positive integer", o->name, s);
    *out = v;
    return CLI_OK;
}

static int check_positive(const char *cmd, const char *name, double v)
{
    if (!(v > 0.0))
        return cli_usage_error(cmd, "--%s must be > 0 (got %g)", name, v);
    return CLI_OK;
}

static int check_delta(const char *cmd, double delta)
{
    if (!(delta > 0.0 && delta < 1.0))
        return cli_usage_error(cmd, "--delta must be in (0, 1) (got %g)", delta);
    return CLI_OK;
}

static int check_rate(const char *cmd, double q)
{
    if (!(q > 0.0 && q <= 1.0))
        return cli_usage_error(cmd, "--sampling-rate must be in (0, 1] (got %g)", q);
    return CLI_OK;
}

static int get_orders(const char *cmd, const struct dp_opt *o, struct zkfl_dp_orders *orders,
                      const char **name)
{
    const char *v = o->value ? o->value : "opacus";
    *name = v;
    if (strcmp(v, "opacus") == 0)
        return zkfl_dp_orders_standard(orders, ZKFL_DP_ORDERS_OPACUS) ? CLI_FAIL : CLI_OK;
    if (strcmp(v, "tf-privacy") == 0)
        return zkfl_dp_orders_standard(orders, ZKFL_DP_ORDERS_TF_PRIVACY) ? CLI_FAIL : CLI_OK;
    *name = "custom";
    if (zkfl_dp_orders_parse(orders, v) != 0)
        return cli_usage_error(cmd, "--orders: expected opacus, tf-privacy or a comma-separated "
                                    "list of orders > 1 (at most %d), got '%s'",
                               ZKFL_DP_MAX_ORDERS, v);
    return CLI_OK;
}

static int get_conversion(const char *cmd, const struct dp_opt *o, enum zkfl_dp_conversion *c)
{
    const char *v = o->value ? o->value : "improved";
    if (strcmp(v, "improved") == 0)
        *c = ZKFL_DP_CONVERSION_IMPROVED;
    else if (strcmp(v, "classic") == 0)
        *c = ZKFL_DP_CONVERSION_CLASSIC;
    else
        return cli_usage_error(cmd, "--conversion: expected improved or classic, got '%s'", v);
    return CLI_OK;
}

/* What 'dp epsilon' and 'dp noise-multiplier' share: T steps at sampling
 * rate Q, accounted with a set of Renyi orders. */
struct dp_schedule {
    double q, delta;
    uint64_t steps;
    struct zkfl_dp_orders orders;
    const char *orders_name;
    enum zkfl_dp_conversion conv;
};

/* opts[0..2]: --delta, --orders, --conversion (both commands list them 4th
 * to 6th and read them in that order), then the check of Q. */
static int get_schedule_rest(const char *cmd, const struct dp_opt opts[3], struct dp_schedule *s)
{
    int rc = get_double(cmd, &opts[0], &s->delta);
    if (rc == 0) rc = get_orders(cmd, &opts[1], &s->orders, &s->orders_name);
    if (rc == 0) rc = get_conversion(cmd, &opts[2], &s->conv);
    if (rc == 0) rc = check_rate(cmd, s->q);
    return rc;
}

static int lib_failure(const char *cmd, int rc)
{
    fprintf(stderr, "zkfl %s: %s\n", cmd, zkfl_strerror(rc));
    return rc == ZKFL_ERR_INVALID_ARG || rc == ZKFL_ERR_RANGE ? CLI_USAGE : CLI_FAIL;
}

static int dp_calibrate(int argc, char **argv)
{
    const char *cmd = "dp calibrate";
    if (cli_wants_help(argc, argv)) {
        printf("usage: zkfl dp calibrate --epsilon E --delta D --sensitivity S\n"
               "                         [--method analytic|classic] [--json]\n\n"
               "Standard deviation of Gaussian noise giving (E, D)-DP for a query with\n"
               "L2 sensitivity S. analytic (default): Balle & Wang 2018, tight for any E.\n"
               "classic: sqrt(2 ln(1.25/D)) S / E, only valid for E < 1.\n");
        return CLI_OK;
    }
    struct dp_opt opts[] = {{"epsilon", 0, NULL}, {"delta", 0, NULL}, {"sensitivity", 0, NULL},
                            {"method", 0, NULL},  {"json", 1, NULL},  {NULL, 0, NULL}};
    int rc = parse_opts(cmd, opts, argc, argv);
    double eps = 0, delta = 0, sens = 0;
    if (rc == 0) rc = get_double(cmd, &opts[0], &eps);
    if (rc == 0) rc = get_double(cmd, &opts[1], &delta);
    if (rc == 0) rc = get_double(cmd, &opts[2], &sens);
    if (rc == 0) rc = check_positive(cmd, "epsilon", eps);
    if (rc == 0) rc = check_delta(cmd, delta);
    if (rc == 0) rc = check_positive(cmd, "sensitivity", sens);
    if (rc != 0)
        return rc;
    const char *method = opts[3].value ? opts[3].value : "analytic";
    double sigma;
    if (strcmp(method, "analytic") == 0) {
        rc = zkfl_dp_sigma_analytic(&sigma, eps, delta, sens);
    } else if (strcmp(method, "classic") == 0) {
        if (eps >= 1.0)
            return cli_usage_error(cmd, "the classic Gaussian mechanism is only proven for "
                                        "epsilon < 1 (got %g); use --method analytic", eps);
        rc = zkfl_dp_sigma_classic(&sigma, eps, delta, sens);
    } else {
        return cli_usage_error(cmd, "--method: expected analytic or classic, got '%s'", method);
    }
    if (rc != 0)
        return lib_failure(cmd, rc);
    if (opts[4].value)
        printf("{\"method\":\"%s\",\"epsilon\":%.17g,\"delta\":%.17g,\"sensitivity\":%.17g,"
               "\"sigma\":%.17g}\n", method, eps, delta, sens, sigma);
    else
        printf("sigma = %.10g (%s Gaussian mechanism, epsilon = %g, delta = %g, sensitivity = %g)\n",
               sigma, method, eps, delta, sens);
    return CLI_OK;
}

static int dp_epsilon(int argc, char **argv)
{
    const char *cmd = "dp epsilon";
    if (cli_wants_help(argc, argv)) {
        printf("usage: zkfl dp epsilon --sampling-rate Q --noise-multiplier Z --steps T --delta D\n"
               "                       [--orders opacus|tf-privacy|LIST]\n"
               "                       [--conversion improved|classic] [--json]\n\n"
               "Epsilon of T steps of the Poisson-subsampled Gaussian mechanism (DP-SGD with\n"
               "batch rate Q, or DP-FedAvg with client rate Q), by Renyi-DP accounting.\n"
               "Orders default to Opacus's; tf-privacy uses compute_dp_sgd_privacy's; LIST is\n"
               "comma-separated, e.g. 1.5,2,4,8. Conversion defaults to the improved bound\n"
               "of Balle et al. 2020 (as Opacus and TF Privacy); classic is Mironov 2017.\n");
        return CLI_OK;
    }
    struct dp_opt opts[] = {{"sampling-rate", 0, NULL}, {"noise-multiplier", 0, NULL},
                            {"steps", 0, NULL},         {"delta", 0, NULL},
                            {"orders", 0, NULL},        {"conversion", 0, NULL},
                            {"json", 1, NULL},          {NULL, 0, NULL}};
    int rc = parse_opts(cmd, opts, argc, argv);
    struct dp_schedule s = {.orders_name = "", .conv = ZKFL_DP_CONVERSION_IMPROVED};
    double z = 0;
    if (rc == 0) rc = get_double(cmd, &opts[0], &s.q);
    if (rc == 0) rc = get_double(cmd, &opts[1], &z);
    if (rc == 0) rc = get_u64(cmd, &opts[2], &s.steps);
    if (rc == 0) rc = get_schedule_rest(cmd, &opts[3], &s);
    if (rc == 0) rc = check_positive(cmd, "noise-multiplier", z);
    if (rc == 0) rc = check_delta(cmd, s.delta);
    if (rc != 0)
        return rc;
    double eps, order;
    rc = zkfl_dp_epsilon(&eps, &order, s.q, z, s.steps, s.delta, &s.orders, s.conv);
    if (rc != 0)
        return lib_failure(cmd, rc);
    const char *conv_name = s.conv == ZKFL_DP_CONVERSION_IMPROVED ? "improved" : "classic";
    if (opts[6].value)
        printf("{\"epsilon\":%.17g,\"best_order\":%.17g,\"delta\":%.17g,\"sampling_rate\":%.17g,"
               "\"noise_multiplier\":%.17g,\"steps\":%llu,\"orders\":\"%s\",\"conversion\":\"%s\"}\n",
               eps, order, s.delta, s.q, z, (unsigned long long)s.steps, s.orders_name, conv_name);
    else
        printf("epsilon = %.12g (best order %g, delta = %g; %llu steps at q = %g, z = %g; "
               "%s orders, %s conversion)\n", eps, order, s.delta, (unsigned long long)s.steps, s.q, z,
               s.orders_name, conv_name);
    return CLI_OK;
}

static int dp_noise_multiplier(int argc, char **argv)
{
    const char *cmd = "dp noise-multiplier";
    if (cli_wants_help(argc, argv)) {
        printf("usage: zkfl dp noise-multiplier --sampling-rate Q --steps T --epsilon E --delta D\n"
               "                                [--orders opacus|tf-privacy|LIST]\n"
               "                                [--conversion improved|classic] [--json]\n\n"
               "Smallest noise multiplier z (to 1e-10 relative, rounded up) such that T steps\n"
               "at sampling rate Q stay within (E, D)-DP; the inverse of 'zkfl dp epsilon'.\n");
        return CLI_OK;
    }
    struct dp_opt opts[] = {{"sampling-rate", 0, NULL}, {"steps", 0, NULL},
                            {"epsilon", 0, NULL},       {"delta", 0, NULL},
                            {"orders", 0, NULL},        {"conversion", 0, NULL},
                            {"json", 1, NULL},          {NULL, 0, NULL}};
    int rc = parse_opts(cmd, opts, argc, argv);
    struct dp_schedule s = {.orders_name = "", .conv = ZKFL_DP_CONVERSION_IMPROVED};
    double eps = 0;
    if (rc == 0) rc = get_double(cmd, &opts[0], &s.q);
    if (rc == 0) rc = get_u64(cmd, &opts[1], &s.steps);
    if (rc == 0) rc = get_double(cmd, &opts[2], &eps);
    if (rc == 0) rc = get_schedule_rest(cmd, &opts[3], &s);
    if (rc == 0) rc = check_positive(cmd, "epsilon", eps);
    if (rc == 0) rc = check_delta(cmd, s.delta);
    if (rc != 0)
        return rc;
    double z, reached, order;
    rc = zkfl_dp_noise_multiplier(&z, s.q, s.steps, eps, s.delta, &s.orders, s.conv);
    if (rc == ZKFL_ERR_RANGE) {
        fprintf(stderr, "zkfl %s: no noise multiplier up to 1e6 reaches epsilon %g\n", cmd, eps);
        return CLI_USAGE;
    }
    if (rc == 0)
        rc = zkfl_dp_epsilon(&reached, &order, s.q, z, s.steps, s.delta, &s.orders, s.conv);
    if (rc != 0)
        return lib_failure(cmd, rc);
    if (opts[6].value)
        printf("{\"noise_multiplier\":%.17g,\"epsilon\":%.17g,\"best_order\":%.17g,"
               "\"target_epsilon\":%.17g,\"delta\":%.17g,\"sampling_rate\":%.17g,\"steps\":%llu,"
               "\"orders\":\"%s\"}\n", z, reached, order, eps, s.delta, s.q,
               (unsigned long long)s.steps, s.orders_name);
    else
        printf("noise multiplier = %.10g (reaches epsilon = %.10g at best order %g)\n", z,
               reached, order);
    return CLI_OK;
}

int cli_dp(int argc, char **argv)
{
    static const struct cli_command cmds[] = {
        {"calibrate", "Gaussian sigma for (epsilon, delta) and a sensitivity", dp_calibrate},
        {"epsilon", "epsilon of subsampled-Gaussian training (RDP accounting)", dp_epsilon},
        {"noise-multiplier", "noise multiplier reaching a target epsilon", dp_noise_multiplier},
        {NULL, NULL, NULL}};
    return cli_dispatch("dp", cmds, argc - 1, argv + 1);
}
