#!/usr/bin/env python3
"""Writes a training checkpoint without its AdamW moments (the `adamw.*` tensors): the weights and
the step, a third of the size, so that a run can travel to another machine (the GPU machine takes
64 MiB a call) and go on there. `muse train --resume` starts fresh moments for parameters whose
state is missing. Prints the checkpoint's step.

    scripts/strip-checkpoint.py WORK/base-checkpoint.safetensors OUT.safetensors
"""
import json
import struct
import sys


def main(source, target):
    with open(source, "rb") as f:
        data = f.read()
    if len(data) < 8:
        sys.exit(f"{source}: not a safetensors file (shorter than its header length)")
    (length,) = struct.unpack("<Q", data[:8])
    if 8 + length > len(data):
        sys.exit(f"{source}: the header runs past the end of the file")
    header = json.loads(data[8:8 + length])
    body = data[8 + length:]
    kept, pieces, offset = {}, [], 0
    for name, entry in header.items():
        if name == "__metadata__":
            kept[name] = entry
            continue
        if name.startswith("adamw."):
            continue
        begin, end = entry["data_offsets"]
        pieces.append(body[begin:end])
        kept[name] = dict(entry, data_offsets=[offset, offset + end - begin])
        offset += end - begin
    if "trainer.step" not in kept:
        sys.exit(f"{source}: no trainer.step: not a muse training checkpoint")
    text = json.dumps(kept, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)  # tensors start 8-byte aligned
    with open(target, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(pieces))
    step = header["trainer.step"]
    (value,) = struct.unpack("<q", body[step["data_offsets"][0]:step["data_offsets"][1]])
    print(value)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
