#!/usr/bin/env python3
"""Independent encoder for docs/MODEL_FORMAT.md: builds the canonical bytes of
a fixed small model from the written format (not from zkfl's code) and prints
its SHA-256. Output committed as vectors/model_hash.txt; test_serialize checks
zkfl_model_hash against it.

Model: logreg, input 1x1x4, 3 classes; parameter i = (i - 7) / 8 (exact in
float32) for i in 0..14 (W[3][4] then b[3])."""
import hashlib
import struct

def encode(kind, shape, classes, hidden, cnn, params):
    out = b"ZKFLMDL1" + struct.pack("<I", 1)
    fields = [kind, *shape, classes, len(hidden)] + hidden + [0] * (8 - len(hidden)) + list(cnn)
    out += struct.pack("<17I", *fields)
    out += struct.pack("<Q", len(params))
    out += struct.pack("<%df" % len(params), *params)
    return out

params = [(i - 7) / 8 for i in range(15)]
blob = encode(1, (1, 1, 4), 3, [], (0, 0, 0), params)
assert len(blob) == 88 + 4 * 15
print("logreg:1x1x4:3:params[i]=(i-7)/8", hashlib.sha256(blob).hexdigest(), blob.hex())
params2 = [((i * 37) % 11 - 5) / 4 for i in range(4 * 3 + 3 + 3 * 2 + 2)]
blob2 = encode(2, (1, 2, 2), 2, [3], (0, 0, 0), params2)
print("mlp:3:1x2x2:2:params[i]=((37i)%11-5)/4", hashlib.sha256(blob2).hexdigest(), blob2.hex())
