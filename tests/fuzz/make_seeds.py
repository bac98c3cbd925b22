#!/usr/bin/python3
"""Writes one small valid input per fuzz target (the seed corpora) into DIR/<target>/."""
import gzip, io, json, os, struct, sys, tarfile, zipfile, zlib
import numpy as np

out = sys.argv[1]
def put(target, name, data):
    os.makedirs(f"{out}/{target}", exist_ok=True)
    open(f"{out}/{target}/{name}", "wb").write(data)

idx = b"\x00\x00\x08\x03" + struct.pack(">III", 3, 4, 4) + bytes(range(48))
put("idx", "raw", idx)
put("idx", "gz", gzip.compress(idx))
put("idx", "labels", b"\x00\x00\x08\x01" + struct.pack(">I", 3) + b"\x00\x01\x02")
cifar = b"".join(bytes([i]) + bytes((i + k) & 0xFF for k in range(3072)) for i in range(2))
put("cifar", "batch", cifar)

def png(w, h, gray=True):
    raw = b"".join(b"\x00" + bytes((x * y) & 0xFF for x in range(w * (1 if gray else 3))) for y in range(h))
    def chunk(t, d): return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
    ihdr = struct.pack(">IIBBBBB", w, h, 8, 0 if gray else 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
put("image", "gray.png", png(5, 4))
put("image", "rgb.png", png(3, 3, False))
bmp_pixels = bytes(4 * 4)  # 2x2 24-bit, rows padded to 4 bytes... keep it simple: 2x2 gray via PNG
z = io.BytesIO()
with zipfile.ZipFile(z, "w") as f:
    f.writestr("set/a/1.png", png(4, 4)); f.writestr("set/b/2.png", png(4, 4))
put("archive", "images.zip", z.getvalue())
t = io.BytesIO()
with tarfile.open(fileobj=t, mode="w:gz") as f:
    for name, data in (("cifar-10-batches-bin/data_batch_1.bin", cifar), ("cifar-10-batches-bin/test_batch.bin", cifar)):
        info = tarfile.TarInfo(name); info.size = len(data); f.addfile(info, io.BytesIO(data))
put("archive", "cifar.tar.gz", t.getvalue())

def mat5(name, arr):  # MATLAB 5 uint8 array, column-major
    def el(t, d):
        pad = (8 - len(d) % 8) % 8
        return struct.pack("<II", t, len(d)) + d + b"\x00" * pad
    flags = el(6, struct.pack("<II", 9, 0))  # mxUINT8_CLASS
    dims = el(5, struct.pack(f"<{arr.ndim}i", *arr.shape))
    body = flags + dims + el(1, name.encode()) + el(2, arr.tobytes(order="F"))
    return struct.pack("<II", 14, len(body)) + body
hdr = b"MATLAB 5.0 MAT-file, fuzz seed".ljust(116, b" ") + b"\x00" * 8 + struct.pack("<H", 0x0100) + b"IM"
x = (np.arange(32 * 32 * 3 * 2) % 251).astype(np.uint8).reshape(32, 32, 3, 2)
put("svhn_mat", "train_32x32.mat", hdr + mat5("X", x))
buf = io.BytesIO(); np.save(buf, np.arange(2 * 4 * 4 * 3, dtype=np.uint8).reshape(2, 4, 4, 3)); put("npy", "nhwc.npy", buf.getvalue())
buf = io.BytesIO(); np.save(buf, np.random.default_rng(0).random((5, 10)).astype(np.float32)); put("npy", "matrix.npy", buf.getvalue())
