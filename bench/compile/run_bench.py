#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Time `budgetkit compile` against the pandas script, in one run, on the same input.

usage: run_bench.py [--bin PATH] [--work DIR] [--repeat N] [--to FORMAT] [--quick]

Tasks (ledgers made by gen_ledger.py, fixed seed):
  single-10k / single-100k / single-1M: N lines over 20 departments → one workbook of the standard tables
  split-1M-500: 1,000,000 lines over 500 departments → 500 workbooks (budgetkit -j 1 and -j 2)
For each: wall time and CPU time (median of --repeat runs; --split-repeat for budgetkit's
500-workbook runs, pandas's runs once: 7+ minutes), peak RSS (largest of the runs),
and the ratio pandas / budgetkit. The machine is shared: compare within one run.
--to picks budgetkit's output format (default xlsx; json when the xlsx writer cannot
write the tables yet — the script says which it used). --quick skips the 1M tasks.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
PY = "/usr/bin/python3"


def run(cmd):
    """Run cmd under /usr/bin/time; return (wall s, cpu s, peak RSS KB)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        p = subprocess.run(["/usr/bin/time", "-o", tf.name, "-f", "%e %U %S %M"] + cmd,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if p.returncode not in (0,):
            sys.exit("failed (%d): %s\n%s" % (p.returncode, " ".join(cmd), p.stderr[-2000:]))
        wall, user, sys_, rss = tf.read().split()[-4:]
        return float(wall), float(user) + float(sys_), int(rss)


def measure(cmd, repeat, clean):
    walls, cpus, rss = [], [], 0
    for _ in range(repeat):
        clean()
        w, c, r = run(cmd)
        walls.append(w)
        cpus.append(c)
        rss = max(rss, r)
    return statistics.median(walls), statistics.median(cpus), rss


def ledger(work, lines, depts):
    path = os.path.join(work, "ledger-%d-%d.csv" % (lines, depts))
    if not os.path.exists(path):
        subprocess.run([PY, os.path.join(HERE, "gen_ledger.py"), str(lines), str(depts), path], check=True)
    return path


def rm(path):
    if os.path.isdir(path):
        shutil.rmtree(path)
    elif os.path.exists(path):
        os.remove(path)


def pick_format(bk, work, to):
    probe = ledger(work, 10000, 20)
    out = os.path.join(work, "probe." + to)
    p = subprocess.run([bk, "compile", probe, out, "-q"], capture_output=True, text=True)
    rm(out)
    if p.returncode == 0:
        return to
    print("note: budgetkit cannot write %s yet (%s); timing json output instead" % (to, p.stderr.strip()[-200:]))
    return "json"


def pressure():
    """CPU pressure (PSI avg60) and load: the machine is shared, say how busy it was."""
    try:
        some = open("/proc/pressure/cpu").readline().split()[2].split("=")[1]
    except OSError:
        some = "?"
    return "cpu pressure avg60 %s%%, load %s" % (some, " ".join(open("/proc/loadavg").read().split()[:3]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.environ.get("BK_BIN", "build/bin/budgetkit"))
    ap.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "bk-bench-compile"))
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--split-repeat", type=int, default=None, help="repeats of the 500-workbook task (default --repeat)")
    ap.add_argument("--to", default="xlsx")
    ap.add_argument("--quick", action="store_true")
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    bk = os.path.abspath(a.bin)
    fmt = pick_format(bk, a.work, a.to)
    before = pressure()
    pandas = [PY, os.path.join(HERE, "compile_pandas.py")]
    rows = []
    # the process's own size (plugins and libraries loaded, no data): what a 1-line ledger costs
    tiny = os.path.join(a.work, "ledger-1-1.csv")
    with open(ledger(a.work, 10000, 20), encoding="utf-8") as f, open(tiny, "w", encoding="utf-8") as t:
        t.write(f.readline() + f.readline())
    out_t = os.path.join(a.work, "tiny." + fmt)
    base_rss = measure([bk, "compile", tiny, out_t, "-q"], 3, lambda: rm(out_t))[2]
    sizes = [10000, 100000] + ([] if a.quick else [1000000])
    for n in sizes:
        src = ledger(a.work, n, 20)
        mb = os.path.getsize(src) / 1e6
        out_b, out_p = os.path.join(a.work, "bk." + fmt), os.path.join(a.work, "pd.xlsx")
        b = measure([bk, "compile", src, out_b, "-q"], a.repeat, lambda: rm(out_b))
        p = measure(pandas + [src, out_p], a.repeat, lambda: rm(out_p))
        rows.append(("single-%s" % (n if n < 1000000 else "1M"), n, mb, b, p, None))
    sr = a.split_repeat or a.repeat
    if not a.quick:
        src = ledger(a.work, 1000000, 500)
        mb = os.path.getsize(src) / 1e6
        d_b, d_p = os.path.join(a.work, "bk-split"), os.path.join(a.work, "pd-split")
        b1 = measure([bk, "compile", src, d_b, "--split-by", "department", "-j", "1", "--to", fmt, "-q"], sr,
                     lambda: rm(d_b))
        n_out = len(os.listdir(d_b))
        b2 = measure([bk, "compile", src, d_b, "--split-by", "department", "-j", "2", "--to", fmt, "-q"], sr,
                     lambda: rm(d_b))
        p = measure(pandas + [src, d_p, "--split-by", "department"], 1, lambda: rm(d_p))
        rows.append(("split-1M-500 (-j 1)", 1000000, mb, b1, p, n_out))
        rows.append(("split-1M-500 (-j 2)", 1000000, mb, b2, p, n_out))
    print("\nbudgetkit output: %s; pandas output: xlsx (XlsxWriter); repeat %d (500 workbooks: budgetkit %d, pandas 1)"
          % (fmt, a.repeat, sr))
    print("machine: %d CPUs; before: %s; after: %s\n" % (os.cpu_count(), before, pressure()))
    print("budgetkit on a 1-line ledger (the process itself, no data): peak RSS %.1f MB\n" % (base_rss / 1024))
    print("| task | lines | ledger MB | budgetkit wall s | budgetkit cpu s | budgetkit peak RSS MB "
          "| pandas wall s | pandas cpu s | pandas peak RSS MB | wall ratio | cpu ratio | RSS / ledger size "
          "| (RSS − 1-line RSS) / ledger size |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for name, n, mb, b, p, n_out in rows:
        print("| %s | %d | %.1f | %.2f | %.2f | %.1f | %.2f | %.2f | %.1f | %.1f× | %.1f× | %.3f | %.3f |" % (
            name + (" → %d files" % n_out if n_out else ""), n, mb, b[0], b[1], b[2] / 1024, p[0], p[1],
            p[2] / 1024, p[0] / b[0], p[1] / max(b[1], 0.01), b[2] / 1024 / mb, (b[2] - base_rss) / 1024 / mb))
    singles = [r for r in rows if r[0].startswith("single")]
    if len(singles) > 1:
        base = singles[0]
        print("\ngrowth (budgetkit cpu s per 1M lines): " + ", ".join(
            "%s: %.2f" % (r[0], r[3][1] / r[1] * 1e6) for r in singles))
    split = [r for r in rows if r[0].startswith("split")]
    if len(split) == 2:
        print("split -j 2 speed-up over -j 1: wall %.2f×" % (split[0][3][0] / split[1][3][0]))


main()
