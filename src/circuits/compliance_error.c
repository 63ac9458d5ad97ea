/* The compliance API's per-thread error message. */
#include <stdarg.h>
#include <stdio.h>
#include "circuits/compliance_internal.h"

static _Thread_local char last_error[768];

const char *zkfl_compliance_last_error(void) { return last_error; }

void compliance_clear_error(void) { last_error[0] = '\0'; }

int compliance_fail(int err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(last_error, sizeof last_error, fmt, ap);
    va_end(ap);
    return err;
}
