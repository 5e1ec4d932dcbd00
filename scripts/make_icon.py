#!/usr/bin/env python3
"""Draws the default brand icon (a 256x256 PNG) without any imaging library.

Usage: python3 scripts/make_icon.py OUT.png [#rrggbb]
A customer brand folder brings its own icon.png; this only makes the default one.
"""
import struct
import sys
import zlib


def rgb(hex_colour):
    h = hex_colour.lstrip("#")
    return tuple(int(h[i:i + 2], 16) for i in (0, 2, 4))


def pixel(x, y, n, accent):
    # Rounded tile in the accent colour, with three rising bars: a model getting smaller and faster.
    r = n * 0.18
    cx = min(max(x, r), n - 1 - r)
    cy = min(max(y, r), n - 1 - r)
    if (x - cx) ** 2 + (y - cy) ** 2 > r * r:
        return (0, 0, 0, 0)
    for i, h in enumerate((0.30, 0.48, 0.66)):
        left = n * (0.22 + i * 0.2)
        if left <= x < left + n * 0.14 and n * (0.80 - h) <= y < n * 0.80:
            return (255, 255, 255, 255)
    shade = 1.0 - 0.25 * y / n
    return tuple(int(c * shade) for c in accent) + (255,)


def main():
    out = sys.argv[1]
    accent = rgb(sys.argv[2] if len(sys.argv) > 2 else "#1f6feb")
    n = 256
    raw = bytearray()
    for y in range(n):
        raw.append(0)
        for x in range(n):
            raw.extend(pixel(x, y, n, accent))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", n, n, 8, 6, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(bytes(raw), 9)) + chunk(b"IEND", b"")
    with open(out, "wb") as f:
        f.write(png)


if __name__ == "__main__":
    main()
