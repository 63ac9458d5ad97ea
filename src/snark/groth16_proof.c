/* The 128-byte binary proof: compressed A || B || C. */
#include "zkfl/groth16.h"

void zkfl_groth16_proof_to_bytes(uint8_t out[ZKFL_GROTH16_PROOF_BYTES], const zkfl_groth16_proof *p)
{
    zkfl_g1_to_bytes_compressed(out, &p->a);
    zkfl_g2_to_bytes_compressed(out + 32, &p->b);
    zkfl_g1_to_bytes_compressed(out + 96, &p->c);
}

int zkfl_groth16_proof_from_bytes(zkfl_groth16_proof *p, const uint8_t in[ZKFL_GROTH16_PROOF_BYTES])
{
    if (p == NULL || in == NULL)
        return ZKFL_ERR_INVALID_ARG;
    int rc;
    /* The decoders check canonical coordinates, the curve and (B) the subgroup. */
    if ((rc = zkfl_g1_from_bytes_compressed(&p->a, in)) != 0 ||
        (rc = zkfl_g2_from_bytes_compressed(&p->b, in + 32)) != 0 ||
        (rc = zkfl_g1_from_bytes_compressed(&p->c, in + 96)) != 0)
        return rc;
    return 0;
}
