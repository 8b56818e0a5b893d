#!/usr/bin/env python3
"""Writes sine.csv: y = sin(x) at 200 evenly spaced x from -pi to pi, no noise.

Run from this directory: python3 make_sine.py
"""
import math

COUNT = 200
with open("sine.csv", "w", encoding="utf-8") as out:
    out.write("x,y\n")
    for i in range(COUNT):
        x = -math.pi + 2 * math.pi * i / (COUNT - 1)
        out.write(f"{x!r},{math.sin(x)!r}\n")
