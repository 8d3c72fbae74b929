#!/usr/bin/env python3
"""Turns scripts/bench's runs.tsv (and jmh.json) into bench/results-<date>.md, bench/results.md
and bench/README-section.md.  Usage: report.py OUT_DIR BENCH_DIR DATE [--rows N] [--runs R] ..."""
import argparse, csv, json, os, platform, re, shutil, statistics, subprocess

NAMES = {
    "a1": "(a) ours, at-least-once, narrow",
    "a2": "(a) ours, at-least-once, wide",
    "b1": "(b) official 3.0.0-1.16, narrow (maxConcurrentRequests 256)",
    "b2": "(b) official 3.0.0-1.16, wide (maxConcurrentRequests 256)",
    "b0": "(b0) official 3.0.0-1.16, narrow, pure defaults",
    "c1": "(c) Rust ceiling, narrow",
    "c2": "(c) Rust ceiling, wide",
    "d": "(d) ours, exactly-once (WAL), narrow",
    "e1": "(e) ours, CassandraSource read",
    "e2": "(e) official read (CassandraInputFormat)",
}
ORDER = ["a1", "a2", "b1", "b2", "b0", "c1", "c2", "d", "e1", "e2"]


def sh(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=30).stdout + \
            subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=30).stderr
    except Exception:
        return ""


def machine():
    cpu = ""
    mem = ""
    try:
        with open("/proc/cpuinfo") as f:
            m = re.search(r"model name\s*:\s*(.*)", f.read())
            cpu = m.group(1) if m else ""
        with open("/proc/meminfo") as f:
            m = re.search(r"MemTotal:\s*(\d+)", f.read())
            mem = "%.1f GiB" % (int(m.group(1)) / 1024 / 1024) if m else ""
    except OSError:
        pass
    return os.cpu_count(), cpu, mem


def fnum(s):
    try:
        return float(s)
    except (TypeError, ValueError):
        return None


def load(out):
    by = {}
    with open(os.path.join(out, "runs.tsv")) as f:
        for r in csv.DictReader(f, delimiter="\t"):
            by.setdefault(r["variant"], []).append(r)
    return by


def summarize(runs):
    ok = [r for r in runs if r["status"] == "ok" and fnum(r["phase_s"])]
    if not ok:
        reasons = sorted({r["status"] for r in runs})
        return {"status": "; ".join(reasons) or "not run"}
    tput = [int(r["rows"]) / float(r["phase_s"]) for r in ok]
    cpu = [float(r["phase_cpu_s"]) / int(r["rows"]) * 1e6 for r in ok if fnum(r["phase_cpu_s"]) and float(r["phase_cpu_s"]) >= 0]
    pcpu = [(float(r["user_s"]) + float(r["sys_s"])) / int(r["rows"]) * 1e6 for r in ok if fnum(r["user_s"])]
    rss = [int(r["maxrss_kb"]) / 1024 for r in ok if fnum(r["maxrss_kb"])]
    s = {
        "status": "ok" if len(ok) == len(runs) else "%d of %d runs ok (%s)" % (
            len(ok), len(runs), "; ".join(sorted({r['status'] for r in runs if r['status'] != 'ok'}))),
        "n": len(ok),
        "med": statistics.median(tput), "min": min(tput), "max": max(tput),
        "cpu": statistics.median(cpu) if cpu else None,
        "pcpu": statistics.median(pcpu) if pcpu else None,
        "rss": max(rss) if rss else None,
    }
    return s


def table(summ):
    lines = ["| variant | rows/s median | min | max | CPU-s / M rows (phase) | CPU-s / M rows (process) | peak RSS MiB | status |",
             "|---|---:|---:|---:|---:|---:|---:|---|"]
    for v in ORDER:
        if v not in summ:
            continue
        s = summ[v]
        if "med" not in s:
            lines.append("| %s | | | | | | | %s |" % (NAMES[v], s["status"]))
            continue
        f = lambda x, p="%.1f": (p % x) if x is not None else "n/a"
        lines.append("| %s | %s | %s | %s | %s | %s | %s | %s |" % (
            NAMES[v], "{:,.0f}".format(s["med"]), "{:,.0f}".format(s["min"]), "{:,.0f}".format(s["max"]),
            f(s["cpu"]), f(s["pcpu"]), f(s["rss"], "%.0f"), s["status"]))
    return "\n".join(lines)


def ratio(summ, a, b, key, invert=False):
    sa, sb = summ.get(a, {}), summ.get(b, {})
    if sa.get(key) is None or sb.get(key) is None or not sb.get(key):
        return None
    return sa[key] / sb[key]


TARGETS = [
    # name, numerator, denominator, key, comparison, goal
    ("throughput ours / official, narrow", "a1", "b1", "med", ">=", 1.5),
    ("throughput ours / official, wide", "a2", "b2", "med", ">=", 1.5),
    ("CPU per row ours / official, narrow", "a1", "b1", "cpu", "<=", 0.4),
    ("CPU per row ours / official, wide", "a2", "b2", "cpu", "<=", 0.4),
    ("throughput ours / Rust ceiling, narrow", "a1", "c1", "med", ">=", 0.9),
    ("throughput ours / Rust ceiling, wide", "a2", "c2", "med", ">=", 0.9),
    ("CPU per row ours / Rust ceiling, narrow", "a1", "c1", "cpu", "info", None),
    ("throughput exactly-once (WAL) / at-least-once", "d", "a1", "med", ">=", 0.7),
    ("source read ours / official", "e1", "e2", "med", ">=", 1.5),
]


def ratios(summ):
    lines = ["| ratio | value | target | met |", "|---|---:|---:|---|"]
    for name, a, b, key, cmp, goal in TARGETS:
        r = ratio(summ, a, b, key)
        if r is None:
            lines.append("| %s | n/a | %s | not measured |" % (name, ("%s %.1f" % (cmp.replace(">=", "≥").replace("<=", "≤"), goal)) if goal else "—"))
            continue
        met = "—" if goal is None else ("yes" if (r >= goal if cmp == ">=" else r <= goal) else "**no**")
        tgt = "—" if goal is None else "%s %.1f" % ("≥" if cmp == ">=" else "≤", goal)
        lines.append("| %s | %.2f | %s | %s |" % (name, r, tgt, met))
    return "\n".join(lines)


def jmh_table(out):
    p = os.path.join(out, "jmh.json")
    if not os.path.exists(p):
        t = os.path.join(out, "jmh.txt")
        return open(t).read().strip() if os.path.exists(t) else None
    data = json.load(open(p))
    lines = ["| benchmark | rows | batch rows | µs / batch | ns / row | ± µs (99.9%) |", "|---|---|---:|---:|---:|---:|"]
    for b in data:
        rows = int(b.get("params", {}).get("rows", "1"))
        m = b["primaryMetric"]
        score = m["score"]
        unit = m["scoreUnit"]  # us/op
        err = m.get("scoreError", float("nan"))
        shape = b.get("params", {}).get("shape", "")
        lines.append("| %s | %s | %d | %.2f | %.1f | %.2f |" % (b["benchmark"].split(".")[-1], shape, rows, score, score * 1000 / rows, err))
    return "\n".join(lines)


NOTES = """\
Notes on the gaps (what each number is bounded by):

- **Ours vs official, throughput (target ≥ 1.5×).** Client, Flink and the Cassandra node share the
  machine's cores: once the node is saturated, both connectors run at the node's speed and the
  throughput ratio tends to 1 whatever the client costs. The CPU-per-row ratio is the part the
  connector controls; throughput shows the gap only when the server has headroom (more cores,
  or a remote cluster).
- **The official sink's defaults.** Its `maxConcurrentRequests` defaults to `Integer.MAX_VALUE`:
  nothing bounds in-flight writes but the driver's pool, whose queue (256) overflows with
  `BusyPoolException` and fails the job (row b0) as soon as the client outruns the node. Rows
  b1/b2 therefore set `setMaxConcurrentRequests(256)`, the same window ours uses by default.
- **Ours vs official, CPU per row (target ≤ 0.4×).** Phase CPU is the whole JVM (Flink task
  threads, generator, GC, JIT, the native runtime's threads), so a fixed Flink share per row is in
  both numerators; the Flink 1.20 vs 1.16 runtime difference is in it too.
- **Ours vs the Rust ceiling (target ≥ 90%).** The ceiling is the same `Session` + `Writer` fed
  from one Rust thread: the gap is Flink's record handling, the Java-side value encoding into the
  `RowBuffer` and one JNI crossing per 1,000-row batch (see the JMH numbers for that last part).
- **WAL vs at-least-once (target ≥ 70%).** The write-ahead sink keeps records in Flink state and
  writes each checkpoint's records when it completes (every 1 s here), so it adds a state write
  and read per record and writes in bursts; on a bounded job the last interval waits for the
  final checkpoint.
- **Source reads (target ≥ 1.5×).** The official 3.0.0-1.16 release has no FLIP-27
  `CassandraSource` (it first shipped in 3.1.0, which this registry does not serve), so the
  official read measured is its `CassandraInputFormat`, a `NonParallelInput`: one reader, one
  query, the driver's paging. Ours splits the token ring over the readers.
"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out"); ap.add_argument("bench"); ap.add_argument("date")
    ap.add_argument("--rows", default="?"); ap.add_argument("--runs", default="?")
    ap.add_argument("--parallelism", default="?"); ap.add_argument("--commit", default="?")
    ap.add_argument("--jmh-only", action="store_true")
    a = ap.parse_args()

    nproc, cpu, mem = machine()
    java = (sh("java -version 2>&1 | head -1").strip().splitlines() or [""])[0]
    rust = sh("rustc --version").strip().splitlines()[0] if sh("rustc --version").strip() else ""
    jmh = jmh_table(a.out)

    if a.jmh_only:
        body = "# JMH: one JNI crossing plus value encoding (%s)\n\n%s\n" % (a.date, jmh or "not run")
        with open(os.path.join(a.bench, "results-jmh-%s.md" % a.date), "w") as f:
            f.write(body)
        print(body)
        return

    summ = {v: summarize(rs) for v, rs in load(a.out).items()}
    head = """\
Machine: %s cores (`nproc`), %s, %s RAM; the Cassandra node, the client process and nothing else
of the benchmark run at the same time (the node on the same cores).
Versions: %s; %s; ours on Flink 1.20.3, the official connector
`org.apache.flink:flink-connector-cassandra_2.12:3.0.0-1.16` on Flink 1.16.3 (3.2.0-1.19 answers
404 from this machine's Maven registry, so 3.0.0-1.16 is the newest official release measured);
Cassandra 5.0.9 (cassandra-test-server, heap 1 GiB, one node, RF 1); our commit %s.
N = %s rows per run, R = %s runs per variant, taken in turn; Flink parallelism %s; each run in its
own process, the table truncated before each write run.

Rows/s = N / (time from the first record to the end of the job), so JVM and MiniCluster start are
excluded (source reads: from the first row read). CPU "phase" = utime+stime of the whole process
(all threads) over that interval, from /proc/self/stat; "process" = the whole process's CPU from
`/usr/bin/time`, start-up and JIT included. Peak RSS = max resident set (`/usr/bin/time %%M`).
Write runs are checked afterwards with `SELECT count(*)` = N; read runs check their count.
""" % (nproc, cpu, mem, java, rust, a.commit, "{:,}".format(int(a.rows)) if a.rows.isdigit() else a.rows,
       a.runs, a.parallelism)

    if a.rows.isdigit() and int(a.rows) < 100000:
        head = ("> **Smoke run** (N = %s): validates the harness end to end; numbers at this size are dominated by "
                "warm-up and by whatever else the machine runs. Run `scripts/bench` (defaults) for real numbers.\n\n"
                % a.rows) + head
    doc = "# Benchmark results, %s\n\n%s\n## Results\n\n%s\n\n## Ratios and targets\n\n%s\n\n%s\n" % (
        a.date, head, table(summ), ratios(summ), NOTES)
    if jmh:
        doc += "\n## JMH: one JNI crossing plus value encoding, by batch size\n\n" \
               "`RowEncoder` encodes rows into a `RowBuffer`, then one native call parses the buffer " \
               "(no send).\n\n%s\n" % jmh
    dated = os.path.join(a.bench, "results-%s.md" % a.date)
    with open(dated, "w") as f:
        f.write(doc)
    shutil.copyfile(dated, os.path.join(a.bench, "results.md"))

    section = """## Benchmarks

`scripts/bench` (about 20 minutes on 2 cores; `--quick` for a smoke run, `--jmh` adds the JNI
micro-benchmark) starts a real local Cassandra 5.0.9 and runs, in turn and each in its own
process: our sink (at-least-once, narrow and wide rows), the official connector
(3.0.0-1.16 on Flink 1.16), a Rust-only writer using our core directly (the client-side ceiling),
our exactly-once sink and both read paths. Results of %s (N = %s, R = %s, %s cores; full
report: [bench/results.md](bench/results.md)):

%s

%s

%s""" % (a.date, "{:,}".format(int(a.rows)) if a.rows.isdigit() else a.rows, a.runs, nproc,
         table(summ), ratios(summ), NOTES)
    if a.rows.isdigit() and int(a.rows) < 100000:
        section = section.replace("report: [bench/results.md](bench/results.md)):",
                                  "report: [bench/results.md](bench/results.md)); **smoke run, regenerate with `scripts/bench`**:", 1)
    with open(os.path.join(a.bench, "README-section.md"), "w") as f:
        f.write(section)
    print(table(summ))
    print()
    print(ratios(summ))


if __name__ == "__main__":
    main()
