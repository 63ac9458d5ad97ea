#define _GNU_SOURCE
#include "testlib.h"
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

int zkfl_test_failures = 0;
int zkfl_test_checks = 0;

int zkfl_test_done(const char *name)
{
    printf("%s: %d checks, %d failed\n", name, zkfl_test_checks, zkfl_test_failures);
    return zkfl_test_failures == 0 && zkfl_test_checks > 0 ? 0 : 1;
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

void zkfl_test_rng_seed(zkfl_test_rng *r, uint64_t seed)
{
    for (int i = 0; i < 4; i++) {           /* splitmix64 */
        seed += 0x9e3779b97f4a7c15ull;
        uint64_t z = seed;
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        r->s[i] = z ^ (z >> 31);
    }
}

uint64_t zkfl_test_rng_next(zkfl_test_rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t; s[3] = rotl(s[3], 45);
    return result;
}

void zkfl_test_rng_bytes(zkfl_test_rng *r, uint8_t *out, size_t n)
{
    for (size_t i = 0; i < n; i += 8) {
        uint64_t v = zkfl_test_rng_next(r);
        for (size_t j = 0; j < 8 && i + j < n; j++)
            out[i + j] = (uint8_t)(v >> (8 * j));
    }
}

char *zkfl_test_run(const char *cmd, int *status)
{
    FILE *f = popen(cmd, "r");
    if (f == NULL)
        return NULL;
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    if (buf == NULL) { pclose(f); return NULL; }
    size_t got;
    while ((got = fread(buf + len, 1, cap - len - 1, f)) > 0) {
        len += got;
        if (cap - len < 4096) {
            char *nb = realloc(buf, cap * 2);
            if (nb == NULL) { free(buf); pclose(f); return NULL; }
            buf = nb;
            cap *= 2;
        }
    }
    buf[len] = 0;
    int st = pclose(f);
    if (status)
        *status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return buf;
}

const char *zkfl_test_source_dir(void) { return getenv("ZKFL_SOURCE_DIR"); }
const char *zkfl_test_node_modules(void) { return getenv("ZKFL_NODE_MODULES"); }

int zkfl_test_have_node_package(const char *pkg)
{
    const char *nm = zkfl_test_node_modules();
    if (nm == NULL || system("node --version >/dev/null 2>&1") != 0)
        return 0;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s/package.json", nm, pkg);
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return 0;
    fclose(f);
    return 1;
}
