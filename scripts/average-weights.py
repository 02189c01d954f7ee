#!/usr/bin/env python3
"""Weight averaging of two safetensors files of one architecture: OUT = (1 - w)·A + w·B per tensor.

    scripts/average-weights.py A.safetensors B.safetensors OUT.safetensors [--weight W]

Two fine-tunings of the same weights (here: the default model's base stage before and after its
round-trip phase, docs/training.md) usually lie in one basin, so their average keeps much of what
each learned. Both files must hold the same tensor names, shapes and dtypes (F16 or F32);
the output keeps A's header. Standard library only, like strip-checkpoint.py.
"""
import argparse
import json
import struct
import sys

FORMATS = {"F16": "e", "F32": "f"}


def read(path):
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError as e:
        sys.exit(f"{path}: cannot read ({e.strerror})")
    if len(raw) < 8:
        sys.exit(f"{path}: not a safetensors file (shorter than its 8-byte header length)")
    n = struct.unpack("<Q", raw[:8])[0]
    if n > len(raw) - 8:
        sys.exit(f"{path}: truncated (header of {n} bytes, file of {len(raw)})")
    try:
        header = json.loads(raw[8:8 + n])
    except ValueError:
        sys.exit(f"{path}: the header is not JSON (pickled checkpoints are refused)")
    data = raw[8 + n:]
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        if not 0 <= start <= end <= len(data):
            sys.exit(f"{path}: tensor {name} lies outside the file (truncated?)")
    return raw[:8 + n], header, data


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("a")
    p.add_argument("b")
    p.add_argument("out")
    p.add_argument("--weight", type=float, default=0.5, help="weight of B (0..1, default 0.5)")
    args = p.parse_args()
    if not 0.0 <= args.weight <= 1.0:
        sys.exit("--weight must be in [0, 1]")
    head_a, ha, da = read(args.a)
    _, hb, db = read(args.b)
    names_a = {k for k in ha if k != "__metadata__"}
    names_b = {k for k in hb if k != "__metadata__"}
    if names_a != names_b:
        diff = sorted(names_a ^ names_b)[:3]
        sys.exit(f"{args.b}: other tensors than {args.a} (e.g. {', '.join(diff)})")
    out = bytearray(da)
    w = args.weight
    for name in sorted(names_a):
        ia, ib = ha[name], hb[name]
        if ia["shape"] != ib["shape"] or ia["dtype"] != ib["dtype"]:
            sys.exit(f"{args.b}: tensor {name} is {ib['dtype']} {ib['shape']}, "
                     f"{args.a} has {ia['dtype']} {ia['shape']}")
        sa, ea = ia["data_offsets"]
        sb, eb = ib["data_offsets"]
        code = FORMATS.get(ia["dtype"])
        if code is None:
            sys.exit(f"{args.a}: tensor {name} has dtype {ia['dtype']}; only F16 and F32 are averaged")
        size = struct.calcsize(code)
        xa = struct.unpack(f"<{(ea - sa) // size}{code}", da[sa:ea])
        xb = struct.unpack(f"<{(eb - sb) // size}{code}", db[sb:eb])
        out[sa:ea] = struct.pack(f"<{len(xa)}{code}", *[(1 - w) * x + w * y for x, y in zip(xa, xb)])
    with open(args.out, "wb") as f:
        f.write(head_a)
        f.write(out)
    print(f"{args.out}: {len(names_a)} tensors, {1 - w:g}·A + {w:g}·B")


if __name__ == "__main__":
    main()
