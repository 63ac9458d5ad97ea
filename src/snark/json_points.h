/* Internal: snarkjs's JSON encodings of field elements and curve points
 * (ffjavascript's toObject/fromObject), shared by the Groth16 proof,
 * public-input and verification-key codecs. */
#ifndef ZKFL_SNARK_JSON_POINTS_H
#define ZKFL_SNARK_JSON_POINTS_H

#include <jansson.h>
#include <stdarg.h>
#include "zkfl/ec.h"

/* Writes a formatted reason into err (when err != NULL) and returns code. */
int zkfl_json_fail(char *err, size_t err_len, int code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* A decimal string < p (resp. < r). what names the field for messages. */
int zkfl_json_get_fp(zkfl_fp *out, const json_t *v, const char *what, char *err, size_t err_len);
int zkfl_json_get_fr(zkfl_fr *out, const json_t *v, const char *what, char *err, size_t err_len);

/* Projective points as snarkjs writes them: G1 ["x","y","z"] (z optional),
 * G2 [["x0","x1"],["y0","y1"],["z0","z1"]]; z = 0 is infinity, z = 1
 * affine, other z Jacobian. Checked on the curve and (G2) in the subgroup. */
int zkfl_json_get_g1(zkfl_g1_affine *out, const json_t *v, const char *what, char *err, size_t err_len);
int zkfl_json_get_g2(zkfl_g2_affine *out, const json_t *v, const char *what, char *err, size_t err_len);

/* New references (NULL when out of memory), in snarkjs's affine form with
 * z = "1", infinity as ["0","1","0"] / [["0","0"],["1","0"],["0","0"]]. */
json_t *zkfl_json_from_fp(const zkfl_fp *a);
json_t *zkfl_json_from_fr(const zkfl_fr *a);
json_t *zkfl_json_from_g1(const zkfl_g1_affine *p);
json_t *zkfl_json_from_g2(const zkfl_g2_affine *p);
/* ffjavascript's Gt.toObject: [[[c0.c0.c0, c0.c0.c1], ...3], [...3]]. */
json_t *zkfl_json_from_fp12(const zkfl_fp12 *a);
/* The inverse of zkfl_json_from_fp12 (no group membership check). */
int zkfl_json_get_fp12(zkfl_fp12 *out, const json_t *v, const char *what, char *err, size_t err_len);

/* json_dumps with snarkjs's indentation; NULL when out of memory. Steals
 * nothing: the caller still owns (and must decref) root. */
char *zkfl_json_to_text(const json_t *root);

/* Parses len bytes of text; NULL with a message in err on failure. */
json_t *zkfl_json_parse_text(const char *text, size_t len, const char *what, char *err, size_t err_len);

#endif
