#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""rss_run.py OUT COMMAND...: run COMMAND (stdin passed through), write its peak RSS
in KiB to OUT, exit with its status. Stands in for /usr/bin/time -v, which CI may lack."""
import resource
import subprocess
import sys

rc = subprocess.call(sys.argv[2:])
with open(sys.argv[1], "w") as f:
    f.write(f"{resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}\n")
sys.exit(rc if rc >= 0 else 128 - rc)
