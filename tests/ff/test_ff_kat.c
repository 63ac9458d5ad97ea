/* Known-answer vectors: tests/ff/vectors/noble_cases.txt, produced by
 * `node tests/ff/gen_cases.mjs 20261121 12` from @noble/curves and
 * ffjavascript and committed, so this test needs no node at run time. */
#define FF_CASES_TOWER 1
#include "ff_cases.h"

/* The checker must notice a wrong answer: flip the last digit of the
 * expected output of the first case of each field and re-check. */
static void tamper_checks(const char *text)
{
    static const char *fields[] = { "fp mul ", "fr mul ", "fp2 mul ", "fp6 mul ", "fp12 mul ",
                                     "fp lem ", "fp12 bytes ", "fr sqrt " };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        const char *at = strstr(text, fields[i]);
        CHECK(at != NULL);
        if (at == NULL)
            continue;
        const char *end = strchr(at, '\n');
        size_t n = end != NULL ? (size_t)(end - at) : strlen(at);
        char *line = malloc(n + 1);
        if (line == NULL)
            continue;
        memcpy(line, at, n);
        line[n] = '\0';
        CHECK_EQ_INT(check_case(line), 0);
        char *last = line + n - 1;
        if (*last == 'e') /* "none" */
            strcpy(line + n - 4, "1");
        else
            *last = *last == '1' ? '2' : '1';
        CHECK(check_case(line) != 0);
        free(line);
    }
}

int main(void)
{
    const char *src = zkfl_test_source_dir();
    CHECK(src != NULL);
    if (src == NULL)
        return zkfl_test_done("ff_kat");
    char path[4096];
    snprintf(path, sizeof path, "%s/tests/ff/vectors/noble_cases.txt", src);
    FILE *f = fopen(path, "rb");
    CHECK(f != NULL);
    if (f == NULL) {
        fprintf(stderr, "cannot open %s\n", path);
        return zkfl_test_done("ff_kat");
    }
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = malloc((size_t)len + 1);
    CHECK(text != NULL && fread(text, 1, (size_t)len, f) == (size_t)len);
    fclose(f);
    if (text != NULL) {
        text[len] = '\0';
        tamper_checks(text);
        size_t skipped = 0;
        size_t n = check_cases(text, &skipped);
        printf("%zu known-answer cases\n", n);
        CHECK(n > 400);
        CHECK_EQ_INT(skipped, 0);
        free(text);
    }
    return zkfl_test_done("ff_kat");
}
