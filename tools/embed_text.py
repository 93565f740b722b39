#!/usr/bin/env python3
"""Embeds a text file into a C header as a NUL-terminated char array, so that the file (for
example data/schema.sql) is the one place its text lives. An array of bytes rather than a string
literal, because ISO C only promises string literals of 4095 bytes.
Usage: embed_text.py INPUT OUTPUT.h NAME"""
import sys

src, out, name = sys.argv[1], sys.argv[2], sys.argv[3]
with open(src, 'rb') as f:
    data = f.read() + b'\0'
with open(out, 'w', encoding='ascii') as f:
    f.write('/* Generated from %s by tools/embed_text.py; do not edit. */\n' % src.split('/')[-1])
    f.write('static const char %s[] = {\n' % name)
    for i in range(0, len(data), 16):
        f.write('    ' + ', '.join('%d' % (b if b < 128 else b - 256) for b in data[i:i + 16]) + ',\n')
    f.write('};\n')
