/* Error strings for the single zkfl error convention. */
#include "zkfl/common.h"

const char *zkfl_strerror(int err)
{
    switch (err) {
    case ZKFL_OK: return "success";
    case ZKFL_ERR_INVALID_ARG: return "invalid argument";
    case ZKFL_ERR_NOMEM: return "out of memory";
    case ZKFL_ERR_IO: return "input/output error";
    case ZKFL_ERR_FORMAT: return "malformed input";
    case ZKFL_ERR_NOT_CANONICAL: return "non-canonical encoding (value >= modulus or bad flag bits)";
    case ZKFL_ERR_NOT_ON_CURVE: return "point is not on the curve";
    case ZKFL_ERR_NOT_IN_SUBGROUP: return "point is not in the prime-order subgroup";
    case ZKFL_ERR_RANDOM: return "the operating system's random source failed";
    case ZKFL_ERR_VERIFY: return "verification failed";
    case ZKFL_ERR_UNSATISFIED: return "witness does not satisfy the constraints";
    case ZKFL_ERR_RANGE: return "value out of range";
    case ZKFL_ERR_UNSUPPORTED: return "unsupported input";
    case ZKFL_ERR_NO_SQRT: return "element has no square root";
    case ZKFL_ERR_THREAD: return "could not start a thread";
    case ZKFL_ERR_INTERNAL: return "internal error";
    case ZKFL_ERR_OVERFLOW: return "size or value overflow";
    case ZKFL_ERR_BUDGET: return "privacy budget exceeded";
    default: return "unknown error";
    }
}
