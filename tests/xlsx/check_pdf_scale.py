# SPDX-License-Identifier: MIT
"""Every page of a PDF rendered from our workbook prints at 60 % or more of full size: the median
height of its words (pdftotext -bbox) against the largest page median (情况说明 and tables at 100 %).
usage: check_pdf_scale.py FILE.pdf"""
import re
import statistics
import subprocess
import sys

out = subprocess.run(["pdftotext", "-bbox", sys.argv[1], "-"], capture_output=True, text=True, check=True).stdout
medians = []
for page in out.split("<page ")[1:]:
    hs = [float(b) - float(a) for a, b in re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', page)]
    medians.append(statistics.median(hs) if hs else None)
full = max(m for m in medians if m)
small = [(i + 1, round(m / full, 2)) for i, m in enumerate(medians) if m and m < 0.6 * full]
if small:
    print(f"FAIL: pages printed below 60 %: {small}")
    sys.exit(1)
low = min(m for m in medians if m) / full
print(f"pdf_scale: {len(medians)} pages, the smallest at {low:.0%} of full size")
