"""bench/assign/lap_ref.py: the matrices of bench/assign and the reference.

  lap_ref.py gen FILE ROWS COLS KIND SEED   writes a random matrix (KIND int:
      uniform integers 0..999; real: uniform [0, 1)) as "LAPM", int32 rows,
      int32 cols, rows * cols little-endian float64, row-major
  lap_ref.py time FILE REPEATS              solves it REPEATS times with
      scipy.optimize.linear_sum_assignment and prints: rows cols total
      seconds-of-each-run
"""
import struct
import sys
import time

import numpy as np
from scipy.optimize import linear_sum_assignment


def gen(path, rows, cols, kind, seed):
    rng = np.random.default_rng(seed)
    if kind == "int":
        a = rng.integers(0, 1000, size=(rows, cols)).astype("<f8")
    elif kind == "real":
        a = rng.random((rows, cols)).astype("<f8")
    else:
        raise SystemExit("lap_ref.py: KIND is int or real")
    with open(path, "wb") as f:
        f.write(b"LAPM" + struct.pack("<ii", rows, cols))
        f.write(np.ascontiguousarray(a).tobytes())


def load(path):
    with open(path, "rb") as f:
        head = f.read(12)
        if head[:4] != b"LAPM":
            raise SystemExit(f"lap_ref.py: {path} is not a matrix file")
        rows, cols = struct.unpack("<ii", head[4:])
        a = np.frombuffer(f.read(), dtype="<f8")
    return a.reshape(rows, cols)


def timed(path, repeats):
    a = load(path)
    times = []
    total = 0.0
    for _ in range(repeats):
        t0 = time.perf_counter()
        r, c = linear_sum_assignment(a)
        times.append(time.perf_counter() - t0)
        total = float(a[r, c].sum())
    print(a.shape[0], a.shape[1], repr(total), " ".join(f"{t:.6f}" for t in times))


if __name__ == "__main__":
    if len(sys.argv) == 7 and sys.argv[1] == "gen":
        gen(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], int(sys.argv[6]))
    elif len(sys.argv) == 4 and sys.argv[1] == "time":
        timed(sys.argv[2], int(sys.argv[3]))
    else:
        raise SystemExit(__doc__)
