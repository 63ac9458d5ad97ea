/* Per-thread last-error message of the circuits layer. */
#include <stdarg.h>
#include <stdio.h>
#include "circuits/circuit_internal.h"

static _Thread_local char last_error[512];

const char *zkfl_circuits_last_error(void)
{
    return last_error;
}

void circ_clear_error(void)
{
    last_error[0] = '\0';
}

int circ_fail(int err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(last_error, sizeof last_error, fmt, ap);
    va_end(ap);
    return err;
}
