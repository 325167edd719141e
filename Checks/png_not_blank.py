#!/usr/bin/env python3
"""Checks that a PNG screenshot is not blank: decodes it (8-bit RGB or RGBA,
no interlacing, as Chromium writes them) and requires that a share of the
pixels differs from the most common colour. usage: png_not_blank.py FILE [MIN_SHARE]"""
import struct
import sys
import zlib
from collections import Counter

path = sys.argv[1]
min_share = float(sys.argv[2]) if len(sys.argv) > 2 else 0.01
data = open(path, "rb").read()
if data[:8] != b"\x89PNG\r\n\x1a\n":
    sys.exit(f"{path}: not a PNG file")
pos, idat, width = 8, b"", 0
while pos < len(data):
    length, kind = struct.unpack(">I4s", data[pos:pos + 8])
    chunk = data[pos + 8:pos + 8 + length]
    if kind == b"IHDR":
        width, height, depth, colour = struct.unpack(">IIBB", chunk[:10])
        if depth != 8 or colour not in (2, 6):
            sys.exit(f"{path}: unsupported PNG (depth {depth}, colour type {colour})")
        bpp = 3 if colour == 2 else 4
    elif kind == b"IDAT":
        idat += chunk
    pos += 12 + length
raw = zlib.decompress(idat)
stride = width * bpp
rows, prev = [], bytearray(stride)
for y in range(height):
    f = raw[y * (stride + 1)]
    line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for x in range(stride):
        a = line[x - bpp] if x >= bpp else 0
        b = prev[x]
        c = prev[x - bpp] if x >= bpp else 0
        if f == 1: line[x] = (line[x] + a) & 255
        elif f == 2: line[x] = (line[x] + b) & 255
        elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    rows.append(bytes(line))
    prev = line
pixels = Counter(row[x:x + 3] for row in rows[::4] for x in range(0, stride, bpp * 4))
share = 1 - pixels.most_common(1)[0][1] / sum(pixels.values())
print(f"{path}: {width}x{height}, {share:.1%} of sampled pixels differ from the background")
sys.exit(0 if share >= min_share else 1)
