/* The Renyi orders the reference libraries evaluate. The published epsilons
 * depend on the exact list, so these mirror the Python expressions. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "zkfl/dp.h"

int zkfl_dp_orders_standard(struct zkfl_dp_orders *out, enum zkfl_dp_orders_kind kind)
{
    if (out == NULL || (kind != ZKFL_DP_ORDERS_OPACUS && kind != ZKFL_DP_ORDERS_TF_PRIVACY))
        return ZKFL_ERR_INVALID_ARG;
    size_t n = 0;
    /* [1 + x / 10.0 for x in range(1, 100)]: same double rounding as Python. */
    for (int x = 1; x < 100; x++)
        out->alpha[n++] = 1.0 + x / 10.0;
    /* Opacus: list(range(12, 64)); TF Privacy: list(range(11, 64)) + [128, 256, 512]. */
    for (int a = kind == ZKFL_DP_ORDERS_OPACUS ? 12 : 11; a < 64; a++)
        out->alpha[n++] = a;
    if (kind == ZKFL_DP_ORDERS_TF_PRIVACY) {
        out->alpha[n++] = 128;
        out->alpha[n++] = 256;
        out->alpha[n++] = 512;
    }
    out->n = n;
    return ZKFL_OK;
}

int zkfl_dp_orders_parse(struct zkfl_dp_orders *out, const char *text)
{
    if (out == NULL || text == NULL)
        return ZKFL_ERR_INVALID_ARG;
    size_t n = 0;
    const char *p = text;
    for (;;) {
        if (n == ZKFL_DP_MAX_ORDERS)
            return ZKFL_ERR_FORMAT;
        char *end;
        errno = 0;
        double a = strtod(p, &end);
        if (end == p || errno != 0 || !isfinite(a) || !(a > 1.0))
            return ZKFL_ERR_FORMAT;
        out->alpha[n++] = a;
        if (*end == '\0')
            break;
        if (*end != ',')
            return ZKFL_ERR_FORMAT;
        p = end + 1;
    }
    out->n = n;
    return ZKFL_OK;
}
