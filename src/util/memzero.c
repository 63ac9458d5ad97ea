/* The one secret-wiping routine. explicit_bzero where the C library has it;
 * elsewhere a volatile function pointer keeps the compiler from proving the
 * stores dead (the libsodium / OpenSSL idiom). */
#define _DEFAULT_SOURCE
#include <string.h>
#include "zkfl/common.h"

#if !(defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 25)))
static void *(*const volatile zkfl_memset_ptr)(void *, int, size_t) = memset;
#endif

void zkfl_memzero(void *p, size_t n)
{
    if (p == NULL || n == 0)
        return;
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 25))
    explicit_bzero(p, n);
#else
    zkfl_memset_ptr(p, 0, n);
#endif
    __asm__ __volatile__("" : : "r"(p) : "memory");
}
