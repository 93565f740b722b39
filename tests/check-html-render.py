#!/usr/bin/env python3
"""HTML report check: writes the report of a model with `pcf calc --format html`,
checks that every <svg> element is well-formed XML and that the page holds no script and no
external resource, then renders it with headless Chromium from Debian and checks that the
screenshot is not blank (enough non-white pixels, decoded with zlib/struct only).

Usage: check-html-render.py OUT_DIR LANG COMMAND...   (COMMAND writes the HTML to stdout, e.g.
       `pcf calc MODEL --format html --lang zh` or tests/render_html MODEL zh)
Exit 77 (skipped) when chromium is not installed: `apt-get install -y chromium`."""
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zlib


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def png_pixels(path):
    """Yields (r, g, b) of an 8-bit RGB or RGBA PNG (what Chromium writes)."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail(f"{path} is not a PNG")
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            width, height, depth, ctype = struct.unpack(">IIBB", body[:10])
            if depth != 8 or ctype not in (2, 6):
                fail(f"unexpected PNG format depth={depth} colour type={ctype}")
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw = zlib.decompress(idat)
    stride = width * bpp
    prev = bytearray(stride)
    i = 0
    for _ in range(height):
        ftype = raw[i]
        line = bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if ftype == 1:
                line[x] = (line[x] + a) & 255
            elif ftype == 2:
                line[x] = (line[x] + b) & 255
            elif ftype == 3:
                line[x] = (line[x] + ((a + b) >> 1)) & 255
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pr = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[x] = (line[x] + pr) & 255
        for x in range(0, stride, bpp):
            yield line[x], line[x + 1], line[x + 2]
        prev = line


def main():
    if len(sys.argv) < 4:
        print(__doc__)
        sys.exit(2)
    out_dir, lang = sys.argv[1:3]
    command = sys.argv[3:]
    os.makedirs(out_dir, exist_ok=True)
    html_path = os.path.join(out_dir, f"report-{lang}.html")
    run = subprocess.run(command, capture_output=True)
    if run.returncode != 0:
        fail(f"{command[0]} failed ({run.returncode}): {run.stderr.decode(errors='replace')}")
    html = run.stdout.decode("utf-8")
    open(html_path, "w", encoding="utf-8").write(html)

    # Self-contained: no script, no external resource.
    if re.search(r"<script", html, re.I):
        fail("the report contains a <script>")
    if re.search(r"(src|href)\s*=\s*[\"']?(https?:|//)", html, re.I) or "@import" in html:
        fail("the report refers to an external resource")
    svgs = re.findall(r"<svg\b.*?</svg>", html, re.S)
    if len(svgs) < 3:
        fail(f"expected at least 3 charts, found {len(svgs)} <svg> elements")
    for k, svg in enumerate(svgs):
        try:
            ET.fromstring(svg)
        except ET.ParseError as e:
            fail(f"<svg> number {k + 1} is not well-formed XML: {e}")
    if lang == "zh" and "产品碳足迹报告" not in html:
        fail("the Chinese report has no Chinese title")

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        print("SKIP: chromium is not installed (apt-get install -y chromium)")
        sys.exit(77)
    if lang == "zh" and shutil.which("fc-list"):
        fonts = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout
        if not fonts.strip():
            print("SKIP: no Chinese font, the page would show empty boxes "
                  "(apt-get install -y fonts-wqy-microhei)")
            sys.exit(77)
    png = os.path.join(out_dir, f"report-{lang}.png")
    if os.path.exists(png):
        os.remove(png)
    with tempfile.TemporaryDirectory() as profile:
        cmd = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
               "--no-first-run", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", f"--user-data-dir={profile}", f"--screenshot={png}",
               "--window-size=1200,2000", "--hide-scrollbars",
               "file://" + os.path.abspath(html_path)]
        r = subprocess.run(cmd, capture_output=True, timeout=120)
    if not os.path.exists(png):
        fail(f"chromium wrote no screenshot ({r.returncode}): "
             f"{r.stderr.decode(errors='replace')[-2000:]}")
    total = dark = coloured = 0
    for r_, g, b in png_pixels(png):
        total += 1
        if r_ < 200 or g < 200 or b < 200:
            dark += 1
        if max(r_, g, b) - min(r_, g, b) > 60:
            coloured += 1
    share = dark / total
    print(f"{png}: {total} pixels, {share:.2%} non-white, {coloured / total:.2%} coloured, "
          f"{len(svgs)} charts")
    if share < 0.02:
        fail("the screenshot is (nearly) blank")
    if coloured / total < 0.005:
        fail("the screenshot has no coloured chart pixels")
    sys.exit(0)


if __name__ == "__main__":
    main()
