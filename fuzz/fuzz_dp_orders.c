/* layer: dp */
/* Fuzzes the Renyi-order list parser (text from the command line or a
 * config file) and, for accepted lists, the accounting that consumes it. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "zkfl/dp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 8192)
        return 0;
    char *text = malloc(size + 1);
    if (text == NULL)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    struct zkfl_dp_orders orders;
    if (zkfl_dp_orders_parse(&orders, text) == 0) {
        if (orders.n == 0 || orders.n > ZKFL_DP_MAX_ORDERS)
            abort();
        for (size_t i = 0; i < orders.n; i++)
            if (!(orders.alpha[i] > 1.0) || !isfinite(orders.alpha[i]))
                abort();
        /* Keep the accounting cheap: only small lists of moderate orders. */
        int cheap = orders.n <= 8;
        for (size_t i = 0; i < orders.n; i++)
            cheap &= orders.alpha[i] <= 256.0;
        if (cheap) {
            double eps, order;
            if (zkfl_dp_epsilon(&eps, &order, 0.01, 1.1, 100, 1e-5, &orders,
                                ZKFL_DP_CONVERSION_IMPROVED) != 0 || isnan(eps) || eps < 0.0)
                abort();
        }
    }
    free(text);
    return 0;
}
