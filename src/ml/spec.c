/* Model specs: validation, canonical defaults, text form ("mlp:256,128"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ml/ml_internal.h"

/* Bounds that keep every size product far from overflow and every model
 * small enough to hold in memory; a spec outside them is rejected. */
#define ML_MAX_UNITS 65536u
#define ML_MAX_SIDE 4096u
#define ML_MAX_CHANNELS 1024u
#define ML_MAX_CLASSES 65536u
#define ML_MAX_PARAMS ((size_t)1 << 28)

int ml_spec_normalize(zkfl_model_spec *out, const zkfl_model_spec *in)
{
    zkfl_model_spec s = *in;
    if (s.channels == 0 || s.height == 0 || s.width == 0 || s.channels > ML_MAX_CHANNELS ||
        s.height > ML_MAX_SIDE || s.width > ML_MAX_SIDE)
        return ml_fail(ZKFL_ERR_INVALID_ARG, "model spec: bad input shape %ux%ux%u",
                       s.channels, s.height, s.width);
    if ((uint64_t)s.channels * s.height * s.width > (1u << 24))
        return ml_fail(ZKFL_ERR_INVALID_ARG, "model spec: input too large");
    if (s.n_classes < 2 || s.n_classes > ML_MAX_CLASSES)
        return ml_fail(ZKFL_ERR_INVALID_ARG, "model spec: class count %u not in [2, %u]",
                       s.n_classes, ML_MAX_CLASSES);
    switch (s.kind) {
    case ZKFL_MODEL_LOGREG:
        if (s.n_hidden != 0 || s.conv1 || s.conv2 || s.fc_hidden)
            return ml_fail(ZKFL_ERR_INVALID_ARG, "model spec: logreg takes no layer sizes");
        break;
    case ZKFL_MODEL_MLP:
        if (s.n_hidden == 0 || s.n_hidden > ZKFL_MLP_MAX_HIDDEN || s.conv1 || s.conv2 || s.fc_hidden)
            return ml_fail(ZKFL_ERR_INVALID_ARG, "model spec: mlp needs 1..%d hidden layers",
                           ZKFL_MLP_MAX_HIDDEN);
        for (uint32_t i = 0; i < s.n_hidden; i++)
            if (s.hidden[i] == 0 || s.hidden[i] > ML_MAX_UNITS)
                return ml_fail(ZKFL_ERR_INVALID_ARG, "model spec: hidden layer %u has %u units",
                               i, s.hidden[i]);
        break;
    case ZKFL_MODEL_CNN:
        if (s.n_hidden != 0)
            return ml_fail(ZKFL_ERR_INVALID_ARG, "model spec: cnn takes no mlp hidden sizes");
        if (s.conv1 == 0) s.conv1 = 6;
        if (s.conv2 == 0) s.conv2 = 16;
        if (s.fc_hidden == 0) s.fc_hidden = 120;
        if (s.conv1 > ML_MAX_CHANNELS || s.conv2 > ML_MAX_CHANNELS || s.fc_hidden > ML_MAX_UNITS)
            return ml_fail(ZKFL_ERR_INVALID_ARG, "model spec: cnn layer too large");
        if (s.height < 16 || s.width < 16)
            return ml_fail(ZKFL_ERR_INVALID_ARG, "model spec: cnn needs images of at least 16x16");
        break;
    default:
        return ml_fail(ZKFL_ERR_INVALID_ARG, "model spec: unknown kind %u", s.kind);
    }
    for (uint32_t i = s.n_hidden; i < ZKFL_MLP_MAX_HIDDEN; i++)
        if (s.hidden[i] != 0)
            return ml_fail(ZKFL_ERR_INVALID_ARG, "model spec: unused hidden size must be 0");
    *out = s;
    return ZKFL_OK;
}

static void add_dense(struct zkfl_model *m, size_t in, size_t out, int relu, size_t *off)
{
    struct ml_layer *l = &m->layers[m->n_layers++];
    memset(l, 0, sizeof *l);
    l->type = ML_DENSE;
    l->relu = relu;
    l->in_size = in;
    l->out_size = out;
    l->w_off = *off;
    l->w_count = in * out;
    l->b_off = l->w_off + l->w_count;
    l->b_count = out;
    l->fan_in = in;
    *off = l->b_off + l->b_count;
}

static void add_conv(struct zkfl_model *m, size_t h, size_t w, size_t c, size_t oc, size_t *off)
{
    struct ml_layer *l = &m->layers[m->n_layers++];
    memset(l, 0, sizeof *l);
    l->type = ML_CONV;
    l->relu = 1;
    l->in_h = h; l->in_w = w; l->in_c = c;
    l->out_h = h - ML_KERNEL + 1; l->out_w = w - ML_KERNEL + 1; l->out_c = oc;
    l->in_size = h * w * c;
    l->out_size = l->out_h * l->out_w * oc;
    l->fan_in = ML_KERNEL * ML_KERNEL * c;
    l->w_off = *off;
    l->w_count = oc * l->fan_in;
    l->b_off = l->w_off + l->w_count;
    l->b_count = oc;
    *off = l->b_off + l->b_count;
}

static void add_pool(struct zkfl_model *m, size_t h, size_t w, size_t c, size_t off)
{
    struct ml_layer *l = &m->layers[m->n_layers++];
    memset(l, 0, sizeof *l);
    l->type = ML_POOL;
    l->in_h = h; l->in_w = w; l->in_c = c;
    l->out_h = h / 2; l->out_w = w / 2; l->out_c = c;
    l->in_size = h * w * c;
    l->out_size = l->out_h * l->out_w * c;
    l->w_off = l->b_off = off;
}

int ml_model_build(struct zkfl_model *m)
{
    const zkfl_model_spec *s = &m->spec;
    size_t off = 0;
    m->n_layers = 0;
    m->in_dim = (size_t)s->channels * s->height * s->width;
    if (s->kind == ZKFL_MODEL_LOGREG) {
        add_dense(m, m->in_dim, s->n_classes, 0, &off);
    } else if (s->kind == ZKFL_MODEL_MLP) {
        size_t in = m->in_dim;
        for (uint32_t i = 0; i < s->n_hidden; i++) {
            add_dense(m, in, s->hidden[i], 1, &off);
            in = s->hidden[i];
        }
        add_dense(m, in, s->n_classes, 0, &off);
    } else {
        add_conv(m, s->height, s->width, s->channels, s->conv1, &off);
        struct ml_layer *c1 = &m->layers[0];
        add_pool(m, c1->out_h, c1->out_w, c1->out_c, off);
        struct ml_layer *p1 = &m->layers[1];
        if (p1->out_h < ML_KERNEL || p1->out_w < ML_KERNEL)
            return ml_fail(ZKFL_ERR_INVALID_ARG, "model spec: image too small for the cnn");
        add_conv(m, p1->out_h, p1->out_w, p1->out_c, s->conv2, &off);
        struct ml_layer *c2 = &m->layers[2];
        if (c2->out_h < 2 || c2->out_w < 2)
            return ml_fail(ZKFL_ERR_INVALID_ARG, "model spec: image too small for the cnn");
        add_pool(m, c2->out_h, c2->out_w, c2->out_c, off);
        add_dense(m, m->layers[3].out_size, s->fc_hidden, 1, &off);
        add_dense(m, s->fc_hidden, s->n_classes, 0, &off);
    }
    if (off == 0 || off > ML_MAX_PARAMS)
        return ml_fail(ZKFL_ERR_INVALID_ARG, "model spec: %zu parameters (limit %zu)", off,
                       (size_t)ML_MAX_PARAMS);
    m->n_params = off;
    return ZKFL_OK;
}

/* Parses "A,B,C" into at most max numbers in [1, limit]. */
static int parse_list(uint32_t *vals, uint32_t *count, const char *p, uint32_t max, uint32_t limit)
{
    *count = 0;
    while (*p) {
        char *end;
        if (*p < '0' || *p > '9')
            return -1;
        unsigned long v = strtoul(p, &end, 10);
        if (end == p || v == 0 || v > limit || *count >= max)
            return -1;
        vals[(*count)++] = (uint32_t)v;
        p = end;
        if (*p == ',')
            p++;
        else if (*p != '\0')
            return -1;
    }
    return *count > 0 ? 0 : -1;
}

int zkfl_model_spec_parse(zkfl_model_spec *out, const char *text, uint32_t channels,
                          uint32_t height, uint32_t width, uint32_t n_classes)
{
    if (out == NULL || text == NULL)
        return ml_fail(ZKFL_ERR_INVALID_ARG, "model spec: NULL argument");
    zkfl_model_spec s;
    memset(&s, 0, sizeof s);
    s.channels = channels;
    s.height = height;
    s.width = width;
    s.n_classes = n_classes;
    const char *colon = strchr(text, ':');
    size_t name_len = colon ? (size_t)(colon - text) : strlen(text);
    if (name_len == 6 && strncmp(text, "logreg", 6) == 0 && colon == NULL) {
        s.kind = ZKFL_MODEL_LOGREG;
    } else if (name_len == 3 && strncmp(text, "mlp", 3) == 0) {
        s.kind = ZKFL_MODEL_MLP;
        if (colon == NULL) {
            s.n_hidden = 2;
            s.hidden[0] = ZKFL_ML_DEFAULT_HIDDEN1;
            s.hidden[1] = ZKFL_ML_DEFAULT_HIDDEN2;
        } else if (parse_list(s.hidden, &s.n_hidden, colon + 1, ZKFL_MLP_MAX_HIDDEN, ML_MAX_UNITS) != 0) {
            return ml_fail(ZKFL_ERR_INVALID_ARG, "model spec '%s': expected mlp:H1,H2,... "
                           "with 1..%d positive sizes", text, ZKFL_MLP_MAX_HIDDEN);
        }
    } else if (name_len == 3 && strncmp(text, "cnn", 3) == 0) {
        s.kind = ZKFL_MODEL_CNN;
        if (colon != NULL) {
            uint32_t v[3], count;
            if (parse_list(v, &count, colon + 1, 3, ML_MAX_UNITS) != 0 || count != 3)
                return ml_fail(ZKFL_ERR_INVALID_ARG, "model spec '%s': expected cnn:C1,C2,FC", text);
            s.conv1 = v[0];
            s.conv2 = v[1];
            s.fc_hidden = v[2];
        }
    } else {
        return ml_fail(ZKFL_ERR_INVALID_ARG, "model spec '%s': expected logreg, mlp[:H1,...] "
                       "or cnn[:C1,C2,FC]", text);
    }
    return ml_spec_normalize(out, &s);
}

int zkfl_model_spec_format(char *buf, size_t buf_len, const zkfl_model_spec *spec)
{
    if (buf == NULL || spec == NULL || buf_len == 0)
        return ml_fail(ZKFL_ERR_INVALID_ARG, "model spec: NULL argument");
    zkfl_model_spec s;
    int rc = ml_spec_normalize(&s, spec);
    if (rc != 0)
        return rc;
    size_t used = 0;
    int w;
    if (s.kind == ZKFL_MODEL_LOGREG) {
        w = snprintf(buf, buf_len, "logreg");
        used = w > 0 ? (size_t)w : 0;
    } else if (s.kind == ZKFL_MODEL_CNN) {
        w = snprintf(buf, buf_len, "cnn:%u,%u,%u", s.conv1, s.conv2, s.fc_hidden);
        used = w > 0 ? (size_t)w : 0;
    } else {
        w = snprintf(buf, buf_len, "mlp:");
        used = w > 0 ? (size_t)w : 0;
        for (uint32_t i = 0; i < s.n_hidden && used < buf_len; i++) {
            w = snprintf(buf + used, buf_len - used, i ? ",%u" : "%u", s.hidden[i]);
            used += w > 0 ? (size_t)w : 0;
        }
    }
    if (used >= buf_len)
        return ml_fail(ZKFL_ERR_RANGE, "model spec: buffer too small");
    return ZKFL_OK;
}
