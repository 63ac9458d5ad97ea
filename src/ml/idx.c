/* IDX (MNIST / Fashion-MNIST) files through zlib. Every header field is
 * checked before anything is allocated, and a short read anywhere is a
 * "truncated" error rather than a partially filled dataset. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include "ml/ml_internal.h"

#define IDX_MAGIC_IMAGES 0x00000803u
#define IDX_MAGIC_LABELS 0x00000801u
#define IDX_MAX_SIDE 4096u
#define IDX_MAX_COUNT 100000000u

static int read_exact(struct ml_source *src, uint8_t *buf, size_t len, const char *what)
{
    long long got = src->read(src->ctx, buf, len);
    if (got < 0)
        return ml_fail(ZKFL_ERR_IO, "%s: read error in %s", src->name, what);
    if ((size_t)got != len)
        return ml_fail(ZKFL_ERR_FORMAT, "%s: truncated %s (%lld of %zu bytes)", src->name, what,
                       got, len);
    return ZKFL_OK;
}

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int expect_end(struct ml_source *src)
{
    uint8_t extra;
    long long got = src->read(src->ctx, &extra, 1);
    if (got < 0)
        return ml_fail(ZKFL_ERR_IO, "%s: read error at end of data", src->name);
    if (got != 0)
        return ml_fail(ZKFL_ERR_FORMAT, "%s: trailing bytes after the declared data", src->name);
    return ZKFL_OK;
}

int ml_idx_read_images(float **pixels, size_t *n, uint32_t *declared, uint32_t *rows,
                       uint32_t *cols, struct ml_source *src, size_t max_n)
{
    /* The magic is read on its own first so a wrong kind of file is named
     * as such even when it is shorter than an image header. */
    uint8_t h[16];
    int rc = read_exact(src, h, 4, "image header");
    if (rc != 0)
        return rc;
    if (be32(h) != IDX_MAGIC_IMAGES)
        return ml_fail(ZKFL_ERR_FORMAT, "%s: bad magic 0x%08x (expected 0x%08x, IDX unsigned-byte "
                       "3-d images)", src->name, be32(h), IDX_MAGIC_IMAGES);
    if ((rc = read_exact(src, h + 4, 12, "image header")) != 0)
        return rc;
    uint32_t count = be32(h + 4), r = be32(h + 8), c = be32(h + 12);
    if (count == 0 || count > IDX_MAX_COUNT)
        return ml_fail(ZKFL_ERR_FORMAT, "%s: image count %u out of range", src->name, count);
    if (r == 0 || c == 0 || r > IDX_MAX_SIDE || c > IDX_MAX_SIDE)
        return ml_fail(ZKFL_ERR_FORMAT, "%s: image size %ux%u out of range", src->name, r, c);
    size_t per = (size_t)r * c, keep = count;
    if (max_n > 0 && max_n < keep)
        keep = max_n;
    if (per > SIZE_MAX / sizeof(float) / keep)
        return ml_fail(ZKFL_ERR_OVERFLOW, "%s: %u images of %ux%u do not fit in memory", src->name,
                       count, r, c);
    /* Memory grows with the data actually read, so a header that declares
     * millions of images in a short file fails as truncated, not by
     * allocating for them up front. */
    size_t cap = keep < 1024 ? keep : 1024;
    float *px = malloc(cap * per * sizeof(float));
    uint8_t *buf = malloc(per);
    if (px == NULL || buf == NULL) {
        free(px); free(buf);
        return ml_fail(ZKFL_ERR_NOMEM, "%s: out of memory for %zu images", src->name, cap);
    }
    for (size_t i = 0; i < count && rc == 0; i++) {
        rc = read_exact(src, buf, per, "image data");
        if (rc != 0 || i >= keep)
            continue;
        if (i == cap) {
            size_t grown = cap * 2 < keep ? cap * 2 : keep;
            float *np = realloc(px, grown * per * sizeof(float));
            if (np == NULL) {
                rc = ml_fail(ZKFL_ERR_NOMEM, "%s: out of memory for %zu images", src->name, grown);
                break;
            }
            px = np;
            cap = grown;
        }
        for (size_t j = 0; j < per; j++)
            px[i * per + j] = (float)buf[j] * (1.0f / 255.0f);
    }
    if (rc == 0)
        rc = expect_end(src);
    free(buf);
    if (rc != 0) {
        free(px);
        return rc;
    }
    *pixels = px;
    *n = keep;
    *declared = count;
    *rows = r;
    *cols = c;
    return ZKFL_OK;
}

int ml_idx_read_labels(int32_t **labels, size_t *n, uint32_t *declared, struct ml_source *src,
                       size_t max_n)
{
    uint8_t h[8];
    int rc = read_exact(src, h, 4, "label header");
    if (rc != 0)
        return rc;
    if (be32(h) != IDX_MAGIC_LABELS)
        return ml_fail(ZKFL_ERR_FORMAT, "%s: bad magic 0x%08x (expected 0x%08x, IDX unsigned-byte "
                       "1-d labels)", src->name, be32(h), IDX_MAGIC_LABELS);
    if ((rc = read_exact(src, h + 4, 4, "label header")) != 0)
        return rc;
    uint32_t count = be32(h + 4);
    if (count == 0 || count > IDX_MAX_COUNT)
        return ml_fail(ZKFL_ERR_FORMAT, "%s: label count %u out of range", src->name, count);
    size_t keep = count;
    if (max_n > 0 && max_n < keep)
        keep = max_n;
    /* Read in blocks for the same reason as the images: no allocation
     * proportional to an unverified header count. */
    uint8_t block[4096];
    size_t cap = keep < 4096 ? keep : 4096;
    int32_t *y = malloc(cap * sizeof *y);
    if (y == NULL)
        return ml_fail(ZKFL_ERR_NOMEM, "%s: out of memory", src->name);
    for (size_t done = 0; done < count && rc == 0;) {
        size_t chunk = count - done < sizeof block ? count - done : sizeof block;
        rc = read_exact(src, block, chunk, "label data");
        for (size_t i = 0; rc == 0 && i < chunk && done + i < keep; i++) {
            if (done + i == cap) {
                size_t grown = cap * 2 < keep ? cap * 2 : keep;
                int32_t *ny = realloc(y, grown * sizeof *y);
                if (ny == NULL) {
                    rc = ml_fail(ZKFL_ERR_NOMEM, "%s: out of memory", src->name);
                    break;
                }
                y = ny;
                cap = grown;
            }
            y[done + i] = block[i];
        }
        done += chunk;
    }
    if (rc == 0)
        rc = expect_end(src);
    if (rc != 0) {
        free(y);
        return rc;
    }
    *labels = y;
    *n = keep;
    *declared = count;
    return ZKFL_OK;
}

static long long gz_source_read(void *ctx, uint8_t *buf, size_t len)
{
    size_t done = 0;
    while (done < len) {
        unsigned chunk = len - done > (1u << 30) ? (1u << 30) : (unsigned)(len - done);
        int got = gzread((gzFile)ctx, buf + done, chunk);
        if (got < 0)
            return -1;
        if (got == 0) {
            int err;
            gzerror((gzFile)ctx, &err);
            /* A gzip stream cut short reports Z_BUF_ERROR: that is a
             * truncated file, reported by the caller as such. */
            if (err != Z_OK && err != Z_BUF_ERROR)
                return -1;
            break;
        }
        done += (size_t)got;
    }
    return (long long)done;
}

int zkfl_dataset_load_idx(zkfl_dataset *out, const char *images_path, const char *labels_path,
                          size_t max_n)
{
    if (out == NULL || images_path == NULL || labels_path == NULL)
        return ml_fail(ZKFL_ERR_INVALID_ARG, "idx: NULL argument");
    memset(out, 0, sizeof *out);
    gzFile gi = gzopen(images_path, "rb");
    if (gi == NULL)
        return ml_fail(ZKFL_ERR_IO, "%s: cannot open", images_path);
    gzbuffer(gi, 1 << 17);
    struct ml_source si = {gi, gz_source_read, images_path};
    float *px = NULL;
    size_t n_img = 0, n_lab = 0;
    uint32_t r = 0, c = 0, decl_img = 0, decl_lab = 0;
    int rc = ml_idx_read_images(&px, &n_img, &decl_img, &r, &c, &si, max_n);
    gzclose(gi);
    if (rc != 0)
        return rc;
    gzFile gl = gzopen(labels_path, "rb");
    if (gl == NULL) {
        free(px);
        return ml_fail(ZKFL_ERR_IO, "%s: cannot open", labels_path);
    }
    struct ml_source sl = {gl, gz_source_read, labels_path};
    int32_t *y = NULL;
    rc = ml_idx_read_labels(&y, &n_lab, &decl_lab, &sl, max_n);
    gzclose(gl);
    if (rc != 0) {
        free(px);
        return rc;
    }
    if (decl_lab != decl_img || n_lab != n_img) {
        free(px); free(y);
        return ml_fail(ZKFL_ERR_FORMAT, "%s has %u labels but %s has %u images", labels_path,
                       decl_lab, images_path, decl_img);
    }
    int32_t maxy = 0;
    for (size_t i = 0; i < n_img; i++)
        if (y[i] > maxy) maxy = y[i];
    out->x = px;
    out->y = y;
    out->n = n_img;
    out->dim = (size_t)r * c;
    out->n_classes = (uint32_t)maxy + 1 < 2 ? 2 : (uint32_t)maxy + 1;
    out->channels = 1;
    out->height = r;
    out->width = c;
    return ZKFL_OK;
}

int zkfl_dataset_load_fashion_mnist(zkfl_dataset *train, zkfl_dataset *test, const char *dir,
                                    unsigned flags)
{
    static const char *const names[2][2] = {
        {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"},
        {"t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"}};
    static const char *const classes[10] = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"};
    zkfl_dataset *outs[2] = {train, test};
    if (dir == NULL)
        dir = ZKFL_FASHION_MNIST_DIR;
    if (train) memset(train, 0, sizeof *train);
    if (test) memset(test, 0, sizeof *test);
    for (int k = 0; k < 2; k++) {
        if (outs[k] == NULL)
            continue;
        char img[4096], lab[4096];
        if ((size_t)snprintf(img, sizeof img, "%s/%s", dir, names[k][0]) >= sizeof img ||
            (size_t)snprintf(lab, sizeof lab, "%s/%s", dir, names[k][1]) >= sizeof lab) {
            if (train) zkfl_dataset_free(train);
            return ml_fail(ZKFL_ERR_INVALID_ARG, "fashion-mnist: directory name too long");
        }
        int rc = zkfl_dataset_load_idx(outs[k], img, lab, 0);
        if (rc == 0 && (outs[k]->height != 28 || outs[k]->width != 28 || outs[k]->n_classes != 10))
            rc = ml_fail(ZKFL_ERR_FORMAT, "%s: not Fashion-MNIST (%ux%u images, %u classes)", img,
                         outs[k]->height, outs[k]->width, outs[k]->n_classes);
        if (rc == 0 && (flags & ZKFL_FMNIST_STANDARDIZE)) {
            /* The training set's pixel mean and standard deviation. */
            size_t total = outs[k]->n * outs[k]->dim;
            for (size_t i = 0; i < total; i++)
                outs[k]->x[i] = (outs[k]->x[i] - 0.2860f) / 0.3530f;
        }
        if (rc == 0) {
            outs[k]->class_names = calloc(10, sizeof(char *));
            for (int c = 0; outs[k]->class_names && c < 10; c++) {
                outs[k]->class_names[c] = malloc(strlen(classes[c]) + 1);
                if (outs[k]->class_names[c] == NULL)
                    break;
                strcpy(outs[k]->class_names[c], classes[c]);
            }
            if (outs[k]->class_names == NULL || outs[k]->class_names[9] == NULL)
                rc = ml_fail(ZKFL_ERR_NOMEM, "fashion-mnist: out of memory");
        }
        if (rc != 0) {
            if (train) zkfl_dataset_free(train);
            if (test) zkfl_dataset_free(test);
            return rc;
        }
    }
    return ZKFL_OK;
}
