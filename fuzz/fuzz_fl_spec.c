/* layer: fl */
/* Partition and strategy specifications (the text after --partition and
 * --strategy) on hostile input: an accepted partition spec is usable, and
 * partitioning a small labelled set with it covers every example once. */
#include <stdlib.h>
#include <string.h>
#include "zkfl/fl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 64)
        return 0;
    char text[65];
    memcpy(text, data, size);
    text[size] = '\0';
    uint32_t strategy;
    if (zkfl_fl_strategy_parse(&strategy, text) == 0 && zkfl_fl_strategy_name(strategy)[0] == '?')
        abort();
    zkfl_fl_partition_spec spec;
    if (zkfl_fl_partition_spec_parse(&spec, text) != 0)
        return 0;
    if (spec.kind == ZKFL_FL_PARTITION_DIRICHLET && !(spec.alpha > 0))
        abort();
    if (spec.kind == ZKFL_FL_PARTITION_SHARDS && spec.shards_per_client == 0)
        abort();
    /* 5 classes x 40 examples over 4 clients. */
    zkfl_dataset ds;
    if (zkfl_dataset_alloc(&ds, 200, 1, 5) != 0)
        abort();
    for (size_t i = 0; i < ds.n; i++)
        ds.y[i] = (int32_t)(i % 5);
    zkfl_fl_partition p;
    int rc = zkfl_fl_partition_make(&p, &spec, &ds, NULL, 0, 4, 1);
    if (rc == 0) {
        uint8_t seen[200] = {0};
        size_t total = 0;
        for (size_t c = 0; c < p.n_clients; c++)
            for (size_t i = 0; i < p.count[c]; i++, total++)
                if (p.idx[c][i] >= 200 || seen[p.idx[c][i]]++)
                    abort();
        if (total != 200)
            abort();
        zkfl_fl_partition_free(&p);
    } else if (rc != ZKFL_ERR_RANGE) {
        abort();
    }
    zkfl_dataset_free(&ds);
    return 0;
}
