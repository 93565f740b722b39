#!/usr/bin/env python3
"""Embeds a text file into a C header as a string constant, so that the file (for example
data/schema.sql) is the one place its text lives. Usage: embed_text.py INPUT OUTPUT.h NAME"""
import sys

src, out, name = sys.argv[1], sys.argv[2], sys.argv[3]
with open(src, encoding='utf-8') as f:
    text = f.read()
with open(out, 'w', encoding='utf-8') as f:
    f.write('/* Generated from %s by tools/embed_text.py; do not edit. */\n' % src.split('/')[-1])
    f.write('static const char %s[] =\n' % name)
    for line in text.splitlines():
        esc = line.replace('\\', '\\\\').replace('"', '\\"')
        f.write('    "%s\\n"\n' % esc)
    f.write('    ;\n')
