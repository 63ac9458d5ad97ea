/* The ml layer's error messages: one thread-local buffer, so concurrent
 * clients training on different threads never see each other's errors. */
#include <stdarg.h>
#include <stdio.h>
#include "ml/ml_internal.h"

static _Thread_local char ml_error_text[512];

const char *zkfl_ml_last_error(void)
{
    return ml_error_text;
}

void ml_clear_error(void)
{
    ml_error_text[0] = '\0';
}

int ml_fail(int err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ml_error_text, sizeof ml_error_text, fmt, ap);
    va_end(ap);
    return err;
}
