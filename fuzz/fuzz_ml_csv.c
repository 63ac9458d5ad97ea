/* layer: ml */
/* CSV parser on hostile text, in automatic and forced-header modes; an
 * accepted table must be internally consistent. */
#include <stdlib.h>
#include "zkfl/ml.h"

static void check(const zkfl_dataset *ds)
{
    if (ds->n == 0 || ds->dim == 0 || ds->n_classes < 2 || ds->class_names == NULL)
        abort();
    for (size_t i = 0; i < ds->n; i++)
        if (ds->y[i] < 0 || (uint32_t)ds->y[i] >= ds->n_classes)
            abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    zkfl_dataset ds;
    zkfl_csv_options opt = {0};
    for (int mode = 0; mode < 3; mode++) {
        opt.header = mode;
        opt.label_order = mode == 1;
        if (zkfl_dataset_parse_csv(&ds, (const char *)data, size, "fuzz.csv", &opt) == 0) {
            check(&ds);
            zkfl_dataset_free(&ds);
        }
    }
    return 0;
}
