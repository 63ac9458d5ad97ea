#!/usr/bin/python3
"""One timed local epoch in PyTorch (Debian's python3-torch, CPU) of the same
model, batch, learning rate and momentum as training_bench.c, so
bench/training.sh can compare them side by side. Data sit in memory as float
tensors before the clock starts, as in zkfl; each batch is gathered through a
random permutation. Prints one line in training_bench's format (seconds:
wall time of the epoch; cpu_seconds: process CPU time, all threads).
usage: training_torch.py SPEC THREADS [BATCH] [EXAMPLES] [DATA_DIR]"""
import gzip
import struct
import sys
import time

import numpy as np
import torch
from torch import nn


def load(dir_, prefix):
    with gzip.open(f"{dir_}/{prefix}-images-idx3-ubyte.gz") as f:
        magic, n, r, c = struct.unpack(">IIII", f.read(16))
        assert magic == 0x803
        x = np.frombuffer(f.read(n * r * c), dtype=np.uint8).reshape(n, 1, r, c)
    with gzip.open(f"{dir_}/{prefix}-labels-idx1-ubyte.gz") as f:
        magic, n2 = struct.unpack(">II", f.read(8))
        assert magic == 0x801 and n2 == n
        y = np.frombuffer(f.read(n), dtype=np.uint8)
    return torch.from_numpy(x.astype(np.float32) / 255.0), torch.from_numpy(y.astype(np.int64))


def build(spec):
    if spec == "logreg":
        return nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
    if spec.startswith("mlp"):
        sizes = [256, 128] if spec == "mlp" else [int(v) for v in spec[4:].split(",")]
        layers, prev = [nn.Flatten()], 784
        for h in sizes:
            layers += [nn.Linear(prev, h), nn.ReLU()]
            prev = h
        return nn.Sequential(*layers, nn.Linear(prev, 10))
    if spec.startswith("cnn"):
        c1, c2, fc = (6, 16, 120) if spec == "cnn" else [int(v) for v in spec[4:].split(",")]
        return nn.Sequential(nn.Conv2d(1, c1, 5), nn.ReLU(), nn.MaxPool2d(2),
                             nn.Conv2d(c1, c2, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                             nn.Linear(c2 * 16, fc), nn.ReLU(), nn.Linear(fc, 10))
    raise SystemExit(f"unknown spec {spec}")


def main():
    spec, threads = sys.argv[1], int(sys.argv[2])
    batch = int(sys.argv[3]) if len(sys.argv) > 3 else 64
    examples = int(sys.argv[4]) if len(sys.argv) > 4 else 60000
    dir_ = sys.argv[5] if len(sys.argv) > 5 else "/usr/share/datasets/fashion-mnist"
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    xtr, ytr = load(dir_, "train")
    xte, yte = load(dir_, "t10k")
    xtr, ytr = xtr[:examples].contiguous(), ytr[:examples].contiguous()
    model = build(spec)
    opt = torch.optim.SGD(model.parameters(), lr=0.02, momentum=0.9)
    lossf = nn.CrossEntropyLoss()
    t0 = time.perf_counter()
    c0 = time.process_time()
    perm = torch.randperm(len(xtr))
    total = 0.0
    for s in range(0, len(xtr), batch):
        idx = perm[s:s + batch]
        xb, yb = xtr[idx], ytr[idx]
        opt.zero_grad()
        loss = lossf(model(xb), yb)
        loss.backward()
        opt.step()
        total += loss.item() * len(idx)
    secs = time.perf_counter() - t0
    cpu = time.process_time() - c0
    with torch.no_grad():
        acc = (model(xte).argmax(1) == yte).float().mean().item()
    print(f"torch {spec} threads={threads} batch={batch} examples={len(xtr)} seconds={secs:.3f} "
          f"cpu_seconds={cpu:.3f} loss={total / len(xtr):.4f} test_acc={acc:.4f}")


if __name__ == "__main__":
    main()
