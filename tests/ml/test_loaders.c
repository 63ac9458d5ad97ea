/* IDX and CSV loaders on good and hostile files (each error must name the
 * file and, for CSV, the line), the real Fashion-MNIST files, and the
 * scikit-learn breast-cancer table. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include "testlib.h"
#include "zkfl/ml.h"

static char dir[] = "/tmp/zkfl_ml_loaders_XXXXXX";

static void path_of(char *out, const char *name)
{
    snprintf(out, 4096, "%s/%s", dir, name);
}

static void write_gz(const char *name, const uint8_t *b, size_t n)
{
    char p[4096];
    path_of(p, name);
    gzFile g = gzopen(p, "wb");
    CHECK(g != NULL);
    if (n) CHECK_EQ_INT(gzwrite(g, b, (unsigned)n), n);
    gzclose(g);
}

static void write_raw(const char *name, const void *b, size_t n)
{
    char p[4096];
    path_of(p, name);
    FILE *f = fopen(p, "wb");
    fwrite(b, 1, n, f);
    fclose(f);
}

static void be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24); p[1] = (uint8_t)(v >> 16); p[2] = (uint8_t)(v >> 8); p[3] = (uint8_t)v;
}

/* IDX image file bytes: n images of r x c, pixel = (i + j) % 256. */
static size_t make_images(uint8_t *buf, uint32_t magic, uint32_t n, uint32_t r, uint32_t c)
{
    be32(buf, magic); be32(buf + 4, n); be32(buf + 8, r); be32(buf + 12, c);
    for (size_t i = 0; i < (size_t)n * r * c; i++)
        buf[16 + i] = (uint8_t)(i % 256);
    return 16 + (size_t)n * r * c;
}

static size_t make_labels(uint8_t *buf, uint32_t magic, uint32_t n)
{
    be32(buf, magic); be32(buf + 4, n);
    for (uint32_t i = 0; i < n; i++)
        buf[8 + i] = (uint8_t)(i % 3);
    return 8 + n;
}

static int idx_fails(const char *img, const char *lab, int want, const char *msg, const char *file)
{
    char pi[4096], pl[4096];
    path_of(pi, img);
    path_of(pl, lab);
    zkfl_dataset ds;
    int rc = zkfl_dataset_load_idx(&ds, pi, pl, 0);
    const char *e = zkfl_ml_last_error();
    int ok = rc == want && strstr(e, msg) != NULL && strstr(e, file) != NULL && ds.x == NULL;
    if (!ok)
        fprintf(stderr, "idx %s/%s: want %d '%s', got %d '%s'\n", img, lab, want, msg, rc, e);
    return ok;
}

static void test_idx(void)
{
    uint8_t *img = malloc(16 + 7 * 6 * 5), lab[64];
    size_t ni = make_images(img, 0x803, 7, 6, 5), nl = make_labels(lab, 0x801, 7);
    write_gz("img.gz", img, ni);
    write_gz("lab.gz", lab, nl);
    write_raw("img.raw", img, ni);
    write_raw("lab.raw", lab, nl);
    char pi[4096], pl[4096];
    zkfl_dataset ds;
    for (int plain = 0; plain < 2; plain++) {
        path_of(pi, plain ? "img.raw" : "img.gz");
        path_of(pl, plain ? "lab.raw" : "lab.gz");
        CHECK_OK(zkfl_dataset_load_idx(&ds, pi, pl, 0));
        CHECK_EQ_INT(ds.n, 7);
        CHECK_EQ_INT(ds.dim, 30);
        CHECK_EQ_INT(ds.height, 6);
        CHECK_EQ_INT(ds.width, 5);
        CHECK_EQ_INT(ds.n_classes, 3);
        CHECK_EQ_INT(ds.y[4], 1);
        CHECK(ds.x[0] == 0.0f && ds.x[200 - 30] == 170.0f / 255.0f);
        zkfl_dataset_free(&ds);
    }
    CHECK_OK(zkfl_dataset_load_idx(&ds, pi, pl, 4));
    CHECK_EQ_INT(ds.n, 4);
    zkfl_dataset_free(&ds);

    /* Truncated gzip stream (cut mid-deflate) and truncated payloads. */
    {
        char p[4096];
        path_of(p, "img.gz");
        FILE *f = fopen(p, "rb");
        uint8_t gz[4096];
        size_t n = fread(gz, 1, sizeof gz, f);
        fclose(f);
        write_raw("img_cut.gz", gz, n / 2);
    }
    CHECK(idx_fails("img_cut.gz", "lab.gz", ZKFL_ERR_FORMAT, "truncated", "img_cut.gz"));
    write_gz("img_short.gz", img, ni - 1);
    CHECK(idx_fails("img_short.gz", "lab.gz", ZKFL_ERR_FORMAT, "truncated image data", "img_short.gz"));
    write_gz("img_hdr.gz", img, 10);
    CHECK(idx_fails("img_hdr.gz", "lab.gz", ZKFL_ERR_FORMAT, "truncated image header", "img_hdr.gz"));
    write_gz("lab_short.gz", lab, nl - 2);
    CHECK(idx_fails("img.gz", "lab_short.gz", ZKFL_ERR_FORMAT, "truncated label data", "lab_short.gz"));
    /* Wrong magic: labels given as images and vice versa. */
    CHECK(idx_fails("lab.gz", "img.gz", ZKFL_ERR_FORMAT, "bad magic", "lab.gz"));
    CHECK(idx_fails("img.gz", "img.gz", ZKFL_ERR_FORMAT, "bad magic", "img.gz"));
    /* Trailing bytes. */
    uint8_t *longer = malloc(ni + 3);
    memcpy(longer, img, ni);
    memset(longer + ni, 0, 3);
    write_gz("img_long.gz", longer, ni + 3);
    CHECK(idx_fails("img_long.gz", "lab.gz", ZKFL_ERR_FORMAT, "trailing", "img_long.gz"));
    free(longer);
    /* Counts that disagree between images and labels. */
    nl = make_labels(lab, 0x801, 6);
    write_gz("lab6.gz", lab, nl);
    CHECK(idx_fails("img.gz", "lab6.gz", ZKFL_ERR_FORMAT, "6 labels but", "lab6.gz"));
    /* Absurd dimensions are rejected before any allocation. */
    uint8_t hdr[16];
    be32(hdr, 0x803); be32(hdr + 4, 5); be32(hdr + 8, 100000); be32(hdr + 12, 100000);
    write_gz("img_big.gz", hdr, 16);
    CHECK(idx_fails("img_big.gz", "lab.gz", ZKFL_ERR_FORMAT, "out of range", "img_big.gz"));
    /* A huge declared count in a short file: truncated, without allocating
     * for the declared size first. */
    be32(hdr + 4, 100000000); be32(hdr + 8, 28); be32(hdr + 12, 28);
    write_gz("img_many.gz", hdr, 16);
    CHECK(idx_fails("img_many.gz", "lab.gz", ZKFL_ERR_FORMAT, "truncated image data", "img_many.gz"));
    uint8_t lhdr[8];
    be32(lhdr, 0x801); be32(lhdr + 4, 100000000);
    write_gz("lab_many.gz", lhdr, 8);
    CHECK(idx_fails("img.gz", "lab_many.gz", ZKFL_ERR_FORMAT, "truncated label data", "lab_many.gz"));
    be32(hdr + 4, 0); be32(hdr + 8, 28); be32(hdr + 12, 28);
    write_gz("img_zero.gz", hdr, 16);
    CHECK(idx_fails("img_zero.gz", "lab.gz", ZKFL_ERR_FORMAT, "count 0", "img_zero.gz"));
    CHECK(idx_fails("missing.gz", "lab.gz", ZKFL_ERR_IO, "cannot open", "missing.gz"));
    free(img);
}

static void test_fashion_mnist(void)
{
    const char *probe = ZKFL_FASHION_MNIST_DIR "/t10k-labels-idx1-ubyte.gz";
    if (access(probe, R_OK) != 0) {
        printf("fashion-mnist not installed (%s): skipped\n", probe);
        return;
    }
    zkfl_dataset tr, te;
    CHECK_OK(zkfl_dataset_load_fashion_mnist(&tr, &te, NULL, 0));
    CHECK_EQ_INT(tr.n, 60000);
    CHECK_EQ_INT(te.n, 10000);
    CHECK_EQ_INT(tr.dim, 784);
    CHECK_EQ_INT(tr.n_classes, 10);
    CHECK(tr.class_names != NULL && strcmp(tr.class_names[9], "Ankle boot") == 0);
    size_t counts[10] = {0}, tcounts[10] = {0};
    for (size_t i = 0; i < tr.n; i++) counts[tr.y[i]]++;
    for (size_t i = 0; i < te.n; i++) tcounts[te.y[i]]++;
    for (int c = 0; c < 10; c++) {
        CHECK_EQ_INT(counts[c], 6000);
        CHECK_EQ_INT(tcounts[c], 1000);
    }
    double sum = 0.0;
    float lo = 1.0f, hi = 0.0f;
    for (size_t i = 0; i < tr.n * tr.dim; i++) {
        sum += tr.x[i];
        if (tr.x[i] < lo) lo = tr.x[i];
        if (tr.x[i] > hi) hi = tr.x[i];
    }
    double mean = sum / (double)(tr.n * tr.dim);
    printf("fashion-mnist train pixel mean %.4f, range [%g, %g]\n", mean, lo, hi);
    CHECK(mean > 0.285 && mean < 0.287);  /* the published training-set mean 0.2860 */
    CHECK(lo == 0.0f && hi == 1.0f);
    zkfl_dataset_free(&tr);
    zkfl_dataset_free(&te);
    /* Standardised test half only. */
    CHECK_OK(zkfl_dataset_load_fashion_mnist(NULL, &te, NULL, ZKFL_FMNIST_STANDARDIZE));
    CHECK(te.n == 10000 && te.x[0] < -0.8f);
    zkfl_dataset_free(&te);
    CHECK_EQ_INT(zkfl_dataset_load_fashion_mnist(&tr, NULL, dir, 0), ZKFL_ERR_IO);
    CHECK(strstr(zkfl_ml_last_error(), "train-images-idx3-ubyte.gz") != NULL);
}

static int csv_fails(const char *text, const zkfl_csv_options *opt, int want, const char *msg)
{
    zkfl_dataset ds;
    int rc = zkfl_dataset_parse_csv(&ds, text, strlen(text), "t.csv", opt);
    const char *e = zkfl_ml_last_error();
    int ok = rc == want && strstr(e, msg) != NULL && strstr(e, "t.csv") != NULL && ds.x == NULL;
    if (!ok)
        fprintf(stderr, "csv: want %d '%s', got %d '%s'\n", want, msg, rc, e);
    return ok;
}

static void test_csv(void)
{
    zkfl_dataset ds;
    zkfl_csv_options opt = {0};
    const char *t1 = "a, b ,kind,c\r\n1,2,dog,3\r\n\r\n4,5.5,cat,-6e1\r\n7,8,\"dog\",9\r\n10,11,ant,12";
    opt.label_column = "kind";
    CHECK_OK(zkfl_dataset_parse_csv(&ds, t1, strlen(t1), "t.csv", &opt));
    CHECK_EQ_INT(ds.n, 4);
    CHECK_EQ_INT(ds.dim, 3);
    CHECK_EQ_INT(ds.n_classes, 3);
    /* Sorted: ant 0, cat 1, dog 2. */
    CHECK(ds.y[0] == 2 && ds.y[1] == 1 && ds.y[2] == 2 && ds.y[3] == 0);
    CHECK(strcmp(ds.class_names[0], "ant") == 0 && strcmp(ds.class_names[2], "dog") == 0);
    CHECK(ds.x[3] == 4.0f && ds.x[4] == 5.5f && ds.x[5] == -60.0f && ds.x[11] == 12.0f);
    zkfl_dataset_free(&ds);
    opt.label_order = ZKFL_CSV_LABELS_APPEARANCE;
    CHECK_OK(zkfl_dataset_parse_csv(&ds, t1, strlen(t1), "t.csv", &opt));
    CHECK(ds.y[0] == 0 && ds.y[1] == 1 && ds.y[2] == 0 && ds.y[3] == 2);
    CHECK(strcmp(ds.class_names[0], "dog") == 0);
    zkfl_dataset_free(&ds);
    /* Numeric labels sort numerically (10 after 9); default label column last. */
    const char *t2 = "x;y;label\n1;2;10\n3;4;9\n5;6;10\n";
    zkfl_csv_options o2 = {ZKFL_CSV_HEADER_NAMES, NULL, ZKFL_CSV_LABELS_SORTED, ';'};
    CHECK_OK(zkfl_dataset_parse_csv(&ds, t2, strlen(t2), "t.csv", &o2));
    CHECK(ds.n == 3 && ds.dim == 2 && ds.y[0] == 1 && ds.y[1] == 0);
    zkfl_dataset_free(&ds);

    memset(&opt, 0, sizeof opt);
    CHECK(csv_fails("a,b,c\n1,2,x\n3,4\n", &opt, ZKFL_ERR_FORMAT, "t.csv:3: 2 cells, expected 3"));
    CHECK(csv_fails("a,b,c\n1,2,x\n3,4,y,5\n", &opt, ZKFL_ERR_FORMAT, "t.csv:3: 4 cells"));
    CHECK(csv_fails("a,b,c\n1,2,x\n3,abc,y\n", &opt, ZKFL_ERR_FORMAT, "t.csv:3: column 2: 'abc'"));
    CHECK(csv_fails("a,b,c\n1,nan,x\n", &opt, ZKFL_ERR_FORMAT, "t.csv:2: column 2"));
    CHECK(csv_fails("a,b,c\n1,,x\n", &opt, ZKFL_ERR_FORMAT, "not a finite number"));
    CHECK(csv_fails("a,b,c\n1,1e999,x\n", &opt, ZKFL_ERR_FORMAT, "not a finite number"));
    CHECK(csv_fails("a,b,c\n1,\"2,x\n", &opt, ZKFL_ERR_FORMAT, "t.csv:2: unterminated"));
    CHECK(csv_fails("", &opt, ZKFL_ERR_FORMAT, "empty file"));
    CHECK(csv_fails("a,b,c\n", &opt, ZKFL_ERR_FORMAT, "no data rows"));
    CHECK(csv_fails("a,b,c\n1,2,x\n3,4,x\n", &opt, ZKFL_ERR_FORMAT, "distinct values"));
    opt.label_column = "missing";
    CHECK(csv_fails("a,b,c\n1,2,x\n", &opt, ZKFL_ERR_FORMAT, "t.csv:1: label column 'missing'"));
    opt.label_column = NULL;
    /* scikit-learn form: counts are checked. */
    CHECK(csv_fails("3,2,no,yes\n1,2,0\n3,4,1\n", &opt, ZKFL_ERR_FORMAT, "2 rows, the header declares 3"));
    CHECK(csv_fails("1,2,no,yes\n1,2,0\n3,4,1\n", &opt, ZKFL_ERR_FORMAT, "t.csv:3: more rows"));
    CHECK(csv_fails("2,2,no,yes\n1,2,0\n3,4,2\n", &opt, ZKFL_ERR_FORMAT, "t.csv:3: target '2'"));
    CHECK(csv_fails("2,2,no,yes\n1,2,0\n3,4\n", &opt, ZKFL_ERR_FORMAT, "t.csv:3: 2 cells, expected 3"));
    opt.header = ZKFL_CSV_HEADER_SKLEARN;
    CHECK(csv_fails("a,b,c\n1,2,0\n", &opt, ZKFL_ERR_FORMAT, "scikit-learn header"));
    const char *sk = "2,2,no,yes\n1,2,1\n3,4,0\n";
    CHECK_OK(zkfl_dataset_parse_csv(&ds, sk, strlen(sk), "t.csv", &opt));
    CHECK(ds.n == 2 && ds.n_classes == 2 && ds.y[0] == 1 && strcmp(ds.class_names[1], "yes") == 0);
    zkfl_dataset_free(&ds);
    /* A NUL byte inside the text is rejected, not silently truncated. */
    zkfl_dataset d2;
    CHECK_EQ_INT(zkfl_dataset_parse_csv(&d2, "a,b\0,c\n1,2,3\n", 13, "t.csv", NULL), ZKFL_ERR_FORMAT);
    /* Files: missing file names the path. */
    char p[4096];
    path_of(p, "none.csv");
    CHECK_EQ_INT(zkfl_dataset_load_csv(&ds, p, NULL), ZKFL_ERR_IO);
    CHECK(strstr(zkfl_ml_last_error(), "none.csv") != NULL);
    write_raw("ragged.csv", "a,b\n1,x\n2\n", 10);
    path_of(p, "ragged.csv");
    CHECK_EQ_INT(zkfl_dataset_load_csv(&ds, p, NULL), ZKFL_ERR_FORMAT);
    CHECK(strstr(zkfl_ml_last_error(), "ragged.csv:3") != NULL);
}

static void test_breast_cancer(void)
{
    const char *path = "/usr/lib/python3/dist-packages/sklearn/datasets/data/breast_cancer.csv";
    if (access(path, R_OK) != 0) {
        printf("python3-sklearn not installed: breast-cancer checks skipped\n");
        return;
    }
    zkfl_dataset ds;
    CHECK_OK(zkfl_dataset_load_csv(&ds, path, NULL));
    CHECK_EQ_INT(ds.n, 569);
    CHECK_EQ_INT(ds.dim, 30);
    CHECK_EQ_INT(ds.n_classes, 2);
    size_t benign = 0;
    for (size_t i = 0; i < ds.n; i++) benign += ds.y[i] == 1;
    CHECK_EQ_INT(benign, 357);  /* 212 malignant, 357 benign */
    CHECK(strcmp(ds.class_names[0], "malignant") == 0);
    CHECK(ds.x[0] == 17.99f && ds.x[29] == 0.1189f);
    /* Split and standardise: fit on train, apply to all rows. */
    uint32_t *tr, *te;
    size_t ntr, nte;
    CHECK_OK(zkfl_ml_split_indices(&tr, &ntr, &te, &nte, ds.n, 0.25, 5));
    CHECK_EQ_INT(nte, 142);
    CHECK_EQ_INT(ntr + nte, 569);
    int *seen = calloc(ds.n, sizeof(int));
    for (size_t i = 0; i < ntr; i++) seen[tr[i]]++;
    for (size_t i = 0; i < nte; i++) seen[te[i]]++;
    int all_once = 1;
    for (size_t i = 0; i < ds.n; i++) all_once &= seen[i] == 1;
    CHECK(all_once);
    free(seen);
    float mean[30], sd[30];
    CHECK_OK(zkfl_dataset_fit_standardizer(mean, sd, &ds, tr, ntr));
    CHECK_OK(zkfl_dataset_apply_standardizer(&ds, mean, sd));
    double m0 = 0.0, v0 = 0.0;
    for (size_t i = 0; i < ntr; i++) m0 += ds.x[tr[i] * 30];
    m0 /= (double)ntr;
    for (size_t i = 0; i < ntr; i++) v0 += (ds.x[tr[i] * 30] - m0) * (ds.x[tr[i] * 30] - m0);
    CHECK(fabs(m0) < 1e-5 && fabs(v0 / (double)ntr - 1.0) < 1e-4);
    free(tr);
    free(te);
    zkfl_dataset_free(&ds);
}

int main(void)
{
    CHECK(mkdtemp(dir) != NULL);
    test_idx();
    test_csv();
    test_fashion_mnist();
    test_breast_cancer();
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CHECK_EQ_INT(system(cmd), 0);
    return zkfl_test_done("ml_loaders");
}
