/* CSV datasets: numeric feature columns plus one label column, in either a
 * plain named-header form or scikit-learn's bundled-data form whose first
 * line is "n_samples,n_features,class names...". The text is copied once
 * into a mutable buffer and split in place; every failure names the file
 * and line. Quoted cells ("a,b" with "" escapes) are accepted; a quoted
 * cell cannot span lines. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ml/ml_internal.h"

#define CSV_MAX_LINE (1u << 20)
#define CSV_MAX_CELLS 100000u

struct cells {
    char **v;
    size_t n, cap;
};

static int cells_push(struct cells *c, char *s)
{
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 64;
        char **v = realloc(c->v, cap * sizeof *v);
        if (v == NULL)
            return -1;
        c->v = v;
        c->cap = cap;
    }
    c->v[c->n++] = s;
    return 0;
}

/* Splits a NUL-terminated line in place. Returns 0, or a negative code
 * with *why set. */
static int split_line(struct cells *out, char *line, char delim, const char **why)
{
    out->n = 0;
    char *p = line;
    for (;;) {
        while (*p == ' ' || *p == '\t')
            p++;
        char *cell = p, *w = p;
        if (*p == '"') {
            p++;
            for (;;) {
                if (*p == '\0') {
                    *why = "unterminated quoted cell";
                    return ZKFL_ERR_FORMAT;
                }
                if (*p == '"') {
                    if (p[1] == '"') {
                        *w++ = '"';
                        p += 2;
                        continue;
                    }
                    p++;
                    break;
                }
                *w++ = *p++;
            }
            while (*p == ' ' || *p == '\t')
                p++;
            if (*p != '\0' && *p != delim) {
                *why = "text after a closing quote";
                return ZKFL_ERR_FORMAT;
            }
        } else {
            while (*p != '\0' && *p != delim)
                p++;
            w = p;
            while (w > cell && (w[-1] == ' ' || w[-1] == '\t'))
                w--;
        }
        int last = *p == '\0';
        *w = '\0';
        if (out->n >= CSV_MAX_CELLS) {
            *why = "too many cells";
            return ZKFL_ERR_FORMAT;
        }
        if (cells_push(out, cell) != 0) {
            *why = "out of memory";
            return ZKFL_ERR_NOMEM;
        }
        if (last)
            return ZKFL_OK;
        p++;
    }
}

/* A finite number filling the whole cell. */
static int parse_number(double *out, const char *s)
{
    if (*s == '\0')
        return -1;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (*end != '\0' || !isfinite(v) || errno == ERANGE)
        return -1;
    *out = v;
    return 0;
}

static int is_uint(const char *s, unsigned long long *v)
{
    if (*s < '0' || *s > '9' || strlen(s) > 12)
        return 0;
    for (const char *p = s; *p; p++)
        if (*p < '0' || *p > '9')
            return 0;
    *v = strtoull(s, NULL, 10);
    return 1;
}

/* Line iterator over the mutable copy: yields NUL-terminated lines without
 * their '\n' / "\r\n", skipping blank ones. */
struct lines {
    char *p, *end;
    size_t lineno;
};

static int next_line(struct lines *it, char **line, const char *name)
{
    while (it->p < it->end) {
        char *s = it->p, *nl = memchr(s, '\n', (size_t)(it->end - s));
        char *e = nl ? nl : it->end;
        it->p = nl ? nl + 1 : it->end;
        it->lineno++;
        if ((size_t)(e - s) > CSV_MAX_LINE)
            return ml_fail(ZKFL_ERR_FORMAT, "%s:%zu: line longer than %u bytes", name, it->lineno,
                           CSV_MAX_LINE);
        if (e > s && e[-1] == '\r')
            e--;
        *e = '\0';
        char *t = s;
        while (*t == ' ' || *t == '\t')
            t++;
        if (*t == '\0')
            continue;
        *line = s;
        return 1;
    }
    return 0;
}

struct label_ref {
    const char *text;
    double num;
    size_t row;
};

static _Thread_local int numeric_labels;

static int cmp_label(const void *a, const void *b)
{
    const struct label_ref *x = a, *y = b;
    int c;
    if (numeric_labels)
        c = x->num < y->num ? -1 : x->num > y->num;
    else
        c = strcmp(x->text, y->text);
    if (c == 0)
        c = x->row < y->row ? -1 : x->row > y->row;
    return c;
}

static int cmp_first_row(const void *a, const void *b)
{
    const struct label_ref *x = a, *y = b;
    return x->row < y->row ? -1 : x->row > y->row;
}

/* Maps label strings to class numbers and fills ds->y / class_names. */
static int map_labels(zkfl_dataset *ds, const char **labels, int order, const char *name)
{
    size_t n = ds->n;
    struct label_ref *refs = malloc(n * sizeof *refs);
    if (refs == NULL)
        return ml_fail(ZKFL_ERR_NOMEM, "%s: out of memory", name);
    int all_numeric = 1;
    for (size_t i = 0; i < n; i++) {
        refs[i].text = labels[i];
        refs[i].row = i;
        if (parse_number(&refs[i].num, labels[i]) != 0)
            all_numeric = 0;
    }
    /* qsort has no context argument; this file is the only user and the
     * flag is set and read within this call. */
    numeric_labels = all_numeric;
    qsort(refs, n, sizeof *refs, cmp_label);
    /* Distinct labels: the first ref of each run (its smallest row). */
    struct label_ref *distinct = malloc(n * sizeof *distinct);
    if (distinct == NULL) {
        free(refs);
        return ml_fail(ZKFL_ERR_NOMEM, "%s: out of memory", name);
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        int same = i > 0 && (all_numeric ? refs[i].num == refs[i - 1].num
                                         : strcmp(refs[i].text, refs[i - 1].text) == 0);
        if (!same)
            distinct[k++] = refs[i];
    }
    free(refs);
    if (k < 2 || k > 65536) {
        free(distinct);
        return ml_fail(ZKFL_ERR_FORMAT, "%s: label column has %zu distinct values (need 2..65536)",
                       name, k);
    }
    if (order == ZKFL_CSV_LABELS_APPEARANCE)
        qsort(distinct, k, sizeof *distinct, cmp_first_row);
    ds->n_classes = (uint32_t)k;
    ds->class_names = calloc(k, sizeof(char *));
    if (ds->class_names == NULL) {
        free(distinct);
        return ml_fail(ZKFL_ERR_NOMEM, "%s: out of memory", name);
    }
    for (size_t c = 0; c < k; c++) {
        ds->class_names[c] = malloc(strlen(distinct[c].text) + 1);
        if (ds->class_names[c] == NULL) {
            free(distinct);
            return ml_fail(ZKFL_ERR_NOMEM, "%s: out of memory", name);
        }
        strcpy(ds->class_names[c], distinct[c].text);
    }
    /* Each row finds its class by binary search when sorted, linear scan
     * otherwise (appearance order; class counts are small). */
    for (size_t i = 0; i < n; i++) {
        double num = 0;
        if (all_numeric)
            parse_number(&num, labels[i]);
        size_t c = 0;
        for (; c < k; c++)
            if (all_numeric ? distinct[c].num == num : strcmp(distinct[c].text, labels[i]) == 0)
                break;
        ds->y[i] = (int32_t)c;
    }
    free(distinct);
    return ZKFL_OK;
}

struct growing {
    float *x;
    const char **labels;
    int32_t *y;
    size_t n, cap, dim;
};

static int grow(struct growing *g)
{
    if (g->n < g->cap)
        return 0;
    size_t cap = g->cap ? g->cap * 2 : 256;
    if (cap > SIZE_MAX / sizeof(float) / g->dim)
        return -1;
    float *x = realloc(g->x, cap * g->dim * sizeof(float));
    if (x == NULL)
        return -1;
    g->x = x;
    const char **l = realloc(g->labels, cap * sizeof *l);
    if (l == NULL)
        return -1;
    g->labels = l;
    int32_t *y = realloc(g->y, cap * sizeof *y);
    if (y == NULL)
        return -1;
    g->y = y;
    g->cap = cap;
    return 0;
}

static int parse(zkfl_dataset *out, char *text, size_t len, const char *name,
                 const zkfl_csv_options *opt)
{
    char delim = opt && opt->delimiter ? opt->delimiter : ',';
    int header = opt ? opt->header : ZKFL_CSV_HEADER_AUTO;
    const char *label_name = opt ? opt->label_column : NULL;
    int order = opt ? opt->label_order : ZKFL_CSV_LABELS_SORTED;
    if (header < ZKFL_CSV_HEADER_AUTO || header > ZKFL_CSV_HEADER_SKLEARN ||
        (order != ZKFL_CSV_LABELS_SORTED && order != ZKFL_CSV_LABELS_APPEARANCE) ||
        delim == '"' || delim == '\n' || delim == '\r')
        return ml_fail(ZKFL_ERR_INVALID_ARG, "%s: bad CSV options", name);
    if (memchr(text, '\0', len) != NULL)
        return ml_fail(ZKFL_ERR_FORMAT, "%s: contains a NUL byte (not a text file)", name);

    struct lines it = {text, text + len, 0};
    struct cells cells = {NULL, 0, 0};
    struct growing g = {NULL, NULL, NULL, 0, 0, 0};
    char **names = NULL;
    const char *why = NULL;
    char *line;
    int rc = next_line(&it, &line, name);
    if (rc <= 0) {
        free(cells.v);
        return rc < 0 ? rc : ml_fail(ZKFL_ERR_FORMAT, "%s: empty file", name);
    }
    size_t header_line = it.lineno;
    if ((rc = split_line(&cells, line, delim, &why)) != 0) {
        rc = ml_fail(rc, "%s:%zu: %s", name, header_line, why);
        goto done;
    }
    unsigned long long sk_n = 0, sk_d = 0;
    int sklearn = 0;
    if (header != ZKFL_CSV_HEADER_NAMES && cells.n >= 2 && is_uint(cells.v[0], &sk_n) &&
        is_uint(cells.v[1], &sk_d)) {
        sklearn = 1;
        for (size_t i = 2; i < cells.n; i++) {
            double v;
            if (parse_number(&v, cells.v[i]) == 0)
                sklearn = 0;
        }
    }
    if (header == ZKFL_CSV_HEADER_SKLEARN && !sklearn) {
        rc = ml_fail(ZKFL_ERR_FORMAT, "%s:%zu: expected a scikit-learn header "
                     "\"n_samples,n_features,class names...\"", name, header_line);
        goto done;
    }
    size_t ncols, label_col;
    size_t n_sk_classes = 0;
    if (sklearn) {
        n_sk_classes = cells.n - 2;
        if (sk_n == 0 || sk_d == 0 || sk_d > CSV_MAX_CELLS || n_sk_classes < 2) {
            rc = ml_fail(ZKFL_ERR_FORMAT, "%s:%zu: scikit-learn header needs n_samples >= 1, "
                         "n_features >= 1 and at least two class names", name, header_line);
            goto done;
        }
        ncols = (size_t)sk_d + 1;
        label_col = ncols - 1;
        if (label_name != NULL && strcmp(label_name, "target") != 0) {
            rc = ml_fail(ZKFL_ERR_FORMAT, "%s: label column '%s' not found (scikit-learn form "
                         "names it 'target')", name, label_name);
            goto done;
        }
        names = calloc(n_sk_classes, sizeof *names);
        if (names == NULL) {
            rc = ml_fail(ZKFL_ERR_NOMEM, "%s: out of memory", name);
            goto done;
        }
        for (size_t i = 0; i < n_sk_classes; i++)
            names[i] = cells.v[i + 2];
    } else {
        ncols = cells.n;
        if (ncols < 2) {
            rc = ml_fail(ZKFL_ERR_FORMAT, "%s:%zu: need at least one feature and one label column",
                         name, header_line);
            goto done;
        }
        label_col = ncols - 1;
        if (label_name != NULL) {
            size_t i = 0;
            while (i < ncols && strcmp(cells.v[i], label_name) != 0)
                i++;
            if (i == ncols) {
                rc = ml_fail(ZKFL_ERR_FORMAT, "%s:%zu: label column '%s' not found in the header",
                             name, header_line, label_name);
                goto done;
            }
            label_col = i;
        }
    }
    g.dim = ncols - 1;
    while ((rc = next_line(&it, &line, name)) == 1) {
        if ((rc = split_line(&cells, line, delim, &why)) != 0) {
            rc = ml_fail(rc, "%s:%zu: %s", name, it.lineno, why);
            goto done;
        }
        if (cells.n != ncols) {
            rc = ml_fail(ZKFL_ERR_FORMAT, "%s:%zu: %zu cells, expected %zu", name, it.lineno,
                         cells.n, ncols);
            goto done;
        }
        if (sklearn && g.n >= sk_n) {
            rc = ml_fail(ZKFL_ERR_FORMAT, "%s:%zu: more rows than the %llu the header declares",
                         name, it.lineno, sk_n);
            goto done;
        }
        if (g.n >= UINT32_MAX || grow(&g) != 0) {
            rc = ml_fail(ZKFL_ERR_NOMEM, "%s:%zu: out of memory", name, it.lineno);
            goto done;
        }
        float *row = g.x + g.n * g.dim;
        for (size_t c = 0, f = 0; c < ncols; c++) {
            if (c == label_col)
                continue;
            double v;
            if (parse_number(&v, cells.v[c]) != 0 || fabs(v) > 3.4e38) {
                rc = ml_fail(ZKFL_ERR_FORMAT, "%s:%zu: column %zu: '%.40s' is not a finite number",
                             name, it.lineno, c + 1, cells.v[c]);
                goto done;
            }
            row[f++] = (float)v;
        }
        const char *lab = cells.v[label_col];
        if (sklearn) {
            unsigned long long t;
            if (!is_uint(lab, &t) || t >= n_sk_classes) {
                rc = ml_fail(ZKFL_ERR_FORMAT, "%s:%zu: target '%.40s' is not a class index below %zu",
                             name, it.lineno, lab, n_sk_classes);
                goto done;
            }
            g.y[g.n] = (int32_t)t;
        } else if (*lab == '\0') {
            rc = ml_fail(ZKFL_ERR_FORMAT, "%s:%zu: empty label", name, it.lineno);
            goto done;
        }
        g.labels[g.n] = lab;
        g.n++;
    }
    if (rc < 0)
        goto done;
    if (g.n == 0) {
        rc = ml_fail(ZKFL_ERR_FORMAT, "%s: no data rows after the header", name);
        goto done;
    }
    if (sklearn && g.n != sk_n) {
        rc = ml_fail(ZKFL_ERR_FORMAT, "%s: %zu rows, the header declares %llu (truncated?)", name,
                     g.n, sk_n);
        goto done;
    }
    memset(out, 0, sizeof *out);
    out->x = g.x;
    out->y = g.y;
    out->n = g.n;
    out->dim = g.dim;
    out->channels = 1;
    out->height = 1;
    out->width = (uint32_t)g.dim;
    g.x = NULL;
    g.y = NULL;
    if (sklearn) {
        out->n_classes = (uint32_t)n_sk_classes;
        out->class_names = calloc(n_sk_classes, sizeof(char *));
        rc = out->class_names ? 0 : ZKFL_ERR_NOMEM;
        for (size_t i = 0; rc == 0 && i < n_sk_classes; i++) {
            out->class_names[i] = malloc(strlen(names[i]) + 1);
            if (out->class_names[i] == NULL)
                rc = ZKFL_ERR_NOMEM;
            else
                strcpy(out->class_names[i], names[i]);
        }
        if (rc != 0)
            rc = ml_fail(rc, "%s: out of memory", name);
    } else {
        rc = map_labels(out, g.labels, order, name);
    }
    if (rc != 0)
        zkfl_dataset_free(out);
done:
    free(g.x);
    free(g.y);
    free(g.labels);
    free(cells.v);
    free(names);
    return rc;
}

int zkfl_dataset_parse_csv(zkfl_dataset *out, const char *text, size_t len, const char *name,
                           const zkfl_csv_options *opt)
{
    if (out == NULL || (text == NULL && len > 0))
        return ml_fail(ZKFL_ERR_INVALID_ARG, "csv: NULL argument");
    memset(out, 0, sizeof *out);
    if (name == NULL)
        name = "<csv>";
    char *copy = malloc(len + 1);
    if (copy == NULL)
        return ml_fail(ZKFL_ERR_NOMEM, "%s: out of memory", name);
    if (len) memcpy(copy, text, len);
    copy[len] = '\0';
    int rc = parse(out, copy, len, name, opt);
    free(copy);
    return rc;
}

int zkfl_dataset_load_csv(zkfl_dataset *out, const char *path, const zkfl_csv_options *opt)
{
    if (out == NULL || path == NULL)
        return ml_fail(ZKFL_ERR_INVALID_ARG, "csv: NULL argument");
    memset(out, 0, sizeof *out);
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return ml_fail(ZKFL_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    while (buf != NULL) {
        len += fread(buf + len, 1, cap - len, f);
        if (len < cap)
            break;
        if (cap >= ((size_t)1 << 32)) {
            free(buf);
            fclose(f);
            return ml_fail(ZKFL_ERR_RANGE, "%s: file larger than 4 GiB", path);
        }
        char *nb = realloc(buf, cap * 2);
        if (nb == NULL) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = nb;
        cap *= 2;
    }
    int err = buf == NULL ? ZKFL_ERR_NOMEM : ferror(f) ? ZKFL_ERR_IO : 0;
    fclose(f);
    if (err != 0) {
        free(buf);
        return ml_fail(err, "%s: %s", path, err == ZKFL_ERR_NOMEM ? "out of memory" : "read error");
    }
    int rc = zkfl_dataset_parse_csv(out, buf, len, path, opt);
    free(buf);
    return rc;
}
