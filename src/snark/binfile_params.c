/* The parameter list closing every ptau/zkey contribution record. */
#include <string.h>
#include "snark/binfile.h"

int zkfl_read_contribution_params(char name[256], uint8_t *num_iterations_exp,
                                  uint8_t beacon_hash[255], uint8_t *beacon_hash_len,
                                  zkfl_cursor *c)
{
    uint32_t len;
    const uint8_t *p = NULL;
    int err = zkfl_cursor_u32(&len, c);
    if (err) return err;
    if ((err = zkfl_cursor_bytes(&p, c, len)) != 0) return err;
    name[0] = '\0';
    *num_iterations_exp = 0;
    *beacon_hash_len = 0;
    size_t i = 0;
    unsigned last = 0;
    while (i < len) {
        unsigned type = p[i++];
        if (type <= last || type > 3)
            return zkfl_snark_fail(ZKFL_ERR_FORMAT, "%s: section %s: contribution parameter %u is unknown or out of order",
                                   c->bf->name, c->what, type);
        last = type;
        if (i >= len) { i = len + 1; break; }
        if (type == 2) {
            *num_iterations_exp = p[i++];
            continue;
        }
        size_t n = p[i++];
        if (n > len - i) {
            i = len + 1;
            break;
        }
        if (type == 1) {
            memcpy(name, p + i, n);
            name[n] = '\0';
        } else {
            memcpy(beacon_hash, p + i, n);
            *beacon_hash_len = (uint8_t)n;
        }
        i += n;
    }
    if (i != len)
        return zkfl_snark_fail(ZKFL_ERR_FORMAT, "%s: section %s: contribution parameters are truncated",
                               c->bf->name, c->what);
    return 0;
}

void zkfl_write_contribution_params(zkfl_binwriter *w, const char *name, uint32_t type,
                                    uint8_t num_iterations_exp, const uint8_t *beacon_hash,
                                    uint8_t beacon_hash_len)
{
    uint8_t buf[2 + 64 + 2 + 2 + 255];
    size_t n = 0;
    size_t name_len = name != NULL ? strlen(name) : 0;
    if (name_len > 64) name_len = 64;
    if (name_len > 0) {
        buf[n++] = 1;
        buf[n++] = (uint8_t)name_len;
        memcpy(buf + n, name, name_len);
        n += name_len;
    }
    if (type == 1) {
        buf[n++] = 2;
        buf[n++] = num_iterations_exp;
        buf[n++] = 3;
        buf[n++] = beacon_hash_len;
        memcpy(buf + n, beacon_hash, beacon_hash_len);
        n += beacon_hash_len;
    }
    zkfl_binwriter_u32(w, (uint32_t)n);
    zkfl_binwriter_bytes(w, buf, n);
}
