/* Runs a libFuzzer target without libFuzzer: every file of the seed corpus
 * directory given as argv[1], then seeded random buffers and single-byte
 * mutations of the seeds. A crash or sanitizer report fails the test. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint64_t state = 0x2545f4914f6cdd1dull;
static uint64_t next(void)
{
    state ^= state << 13; state ^= state >> 7; state ^= state << 17;
    return state;
}

static void run_mutations(const uint8_t *seed, size_t len)
{
    uint8_t *buf = malloc(len + 1);
    if (buf == NULL) return;
    for (int m = 0; m < 200; m++) {
        memcpy(buf, seed, len);
        size_t n = len;
        int kind = (int)(next() % 3);
        if (kind == 0 && n > 0) buf[next() % n] ^= (uint8_t)(1u << (next() % 8));
        else if (kind == 1 && n > 0) n = next() % n;          /* truncate */
        else if (n > 0) buf[next() % n] = (uint8_t)next();
        LLVMFuzzerTestOneInput(buf, n);
    }
    free(buf);
}

int main(int argc, char **argv)
{
    size_t files = 0;
    if (argc > 1) {
        DIR *d = opendir(argv[1]);
        struct dirent *e;
        while (d != NULL && (e = readdir(d)) != NULL) {
            if (e->d_name[0] == '.') continue;
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", argv[1], e->d_name);
            FILE *f = fopen(path, "rb");
            if (f == NULL) continue;
            uint8_t *buf = malloc(1 << 20);
            size_t n = buf ? fread(buf, 1, 1 << 20, f) : 0;
            fclose(f);
            if (buf == NULL) continue;
            LLVMFuzzerTestOneInput(buf, n);
            run_mutations(buf, n);
            free(buf);
            files++;
        }
        if (d) closedir(d);
    }
    uint8_t rnd[4096];
    for (int i = 0; i < 3000; i++) {
        size_t n = next() % sizeof rnd;
        if (i < 600) n = i % 300;     /* every small length, where decoders branch */
        for (size_t j = 0; j < n; j++) rnd[j] = (uint8_t)next();
        LLVMFuzzerTestOneInput(rnd, n);
    }
    printf("fuzz driver: %zu corpus files, 3000 random inputs, no crash\n", files);
    return 0;
}
