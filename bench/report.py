#!/usr/bin/env python3
"""Turns scripts/bench's runs.tsv (and jmh.json) into bench/results/<stamp>.md (the report),
<stamp>.svg (the chart) and <stamp>.tsv (the raw runs), and with --readme the README's benchmark
section for that Flink line (between its markers).

Usage: report.py OUT_DIR BENCH_DIR STAMP [--rows N] [--runs R] [--flink 1.20|2] [--readme README] ..."""
import argparse, csv, html, json, os, re, shutil, statistics, subprocess

NAMES = {
    "a1": "(a) ours, at-least-once, narrow",
    "a2": "(a) ours, at-least-once, wide",
    "a3": "(a3) ours, at-least-once, clustered (16 rows per partition), grouping PARTITION",
    "a4": "(a4) ours, at-least-once, clustered (16 rows per partition), grouping REPLICA_SET",
    "a5": "(a5) ours, at-least-once, clustered (16 rows per partition), no grouping",
    "b1": "(b) official 3.0.0-1.16, narrow (maxConcurrentRequests 256)",
    "b2": "(b) official 3.0.0-1.16, wide (maxConcurrentRequests 256)",
    "b0": "(b0) official 3.0.0-1.16, narrow, pure defaults",
    "c1": "(c) Rust ceiling, narrow",
    "c2": "(c) Rust ceiling, wide",
    "c3": "(c3) Rust ceiling, narrow, on a current-thread runtime of its own (--runtime current)",
    "c0": "(c0) reference: the native ceiling when issue 16 was filed (ed49209), narrow",
    "d": "(d) ours, exactly-once (WAL), narrow",
    "e1": "(e) ours, CassandraSource read",
    "e2": "(e) official read (CassandraInputFormat)",
    "f1": "(f) Flink baseline (ours' Flink), discarding sink, narrow",
    "f2": "(f) Flink baseline (ours' Flink), discarding sink, wide",
    "g1": "(f) Flink 1.16 baseline (official's Flink), discarding sink, narrow",
    "g2": "(f) Flink 1.16 baseline (official's Flink), discarding sink, wide",
}
ORDER = ["a1", "a2", "a5", "a3", "a4", "b1", "b2", "b0", "c1", "c2", "c3", "c0", "d", "f1", "f2", "g1", "g2", "e1", "e2"]
# whose Flink-only cost is subtracted to get the connector's own CPU per row
BASELINE = {"a1": "f1", "a2": "f2", "d": "f1", "b1": "g1", "b2": "g2", "b0": "g1"}
NOISY = 0.20  # spread (max - min) / median above this marks a figure as noisy
# The native ceiling of the day issue 16 was filed (rust/examples/write_ceiling.rs at ed49209:
# tokio::spawn per row + semaphore), measured on this machine with 1M narrow rows, 256 in flight
# (issue 16's table). Not re-measured by each run: the target compares against this figure.
TODAYS_CEILING_CPU = 10.2


def sh(cmd):
    try:
        r = subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=30)
        return (r.stdout + r.stderr).strip()
    except Exception:
        return ""


def machine():
    cpu = mem = ""
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


def stats(values):
    if not values:
        return None
    med = statistics.median(values)
    spread = (max(values) - min(values)) / abs(med) if med else None
    return {"med": med, "min": min(values), "max": max(values), "spread": spread, "n": len(values),
            "noisy": spread is not None and spread > NOISY and len(values) > 1}


def summarize(runs):
    ok = [r for r in runs if r["status"] == "ok" and fnum(r["phase_s"])]
    bad = [r for r in runs if r not in ok]
    s = {"runs": len(runs), "ok": len(ok),
         "failures": sorted({"run %s: %s" % (r["run"], r["status"]) for r in bad})}
    if not ok:
        return s
    per_m = lambda r, x: x / int(r["rows"]) * 1e6
    s["tput"] = stats([int(r["rows"]) / float(r["phase_s"]) for r in ok])
    s["cpu"] = stats([per_m(r, float(r["phase_cpu_s"])) for r in ok if (fnum(r["phase_cpu_s"]) or -1) >= 0])
    s["cpu_by_run"] = {r["run"]: per_m(r, float(r["phase_cpu_s"])) for r in ok if (fnum(r["phase_cpu_s"]) or -1) >= 0}
    s["pcpu"] = stats([per_m(r, float(r["user_s"]) + float(r["sys_s"])) for r in ok if fnum(r["user_s"]) is not None])
    s["cass"] = stats([per_m(r, float(r["cass_cpu_s"])) for r in ok if fnum(r.get("cass_cpu_s")) is not None])
    s["other"] = stats([float(r["other_cpu_s"]) / float(r["wall_s"]) for r in ok
                        if fnum(r.get("other_cpu_s")) is not None and fnum(r["wall_s"])])
    s["load"] = stats([float(r["load1"]) for r in ok if fnum(r.get("load1")) is not None])
    rss = [int(r["maxrss_kb"]) / 1024 for r in ok if fnum(r["maxrss_kb"])]
    s["rss"] = max(rss) if rss else None
    return s


def connector_cpu(summ):
    """The connector's own CPU-s per M rows: phase CPU minus its Flink baseline's, paired by
    round (interleaved runs of the same round saw the same machine), median and spread; the
    ceiling has no Flink, its phase CPU is its own."""
    own = {}
    for v, s in summ.items():
        if "cpu" not in s or not s["cpu"]:
            continue
        if v in ("c0", "c1", "c2", "c3"):
            own[v] = s["cpu"]
            continue
        base = BASELINE.get(v)
        if not base or not summ.get(base, {}).get("cpu"):
            continue
        b = summ[base]["cpu_by_run"]
        paired = [c - b[run] for run, c in s["cpu_by_run"].items() if run in b]
        if not paired:  # e.g. b0 ran once: against the baseline's median
            paired = [c - summ[base]["cpu"]["med"] for c in s["cpu_by_run"].values()]
        own[v] = stats(paired)
    return own


def num(x, fmt="%.1f"):
    return "n/a" if x is None else fmt % x


def spread(st):
    if not st or st["spread"] is None:
        return ""
    return "%.0f%%%s" % (100 * st["spread"], " **noisy**" if st["noisy"] else "")


def status_of(s):
    if s["ok"] == s["runs"]:
        return "ok (%d)" % s["ok"]
    return "%d of %d ok; %s" % (s["ok"], s["runs"], "; ".join(s["failures"]))


def table(summ, own):
    lines = ["| variant | rows/s median | spread (max−min)/median | CPU-s / M rows, phase | spread | connector's own CPU-s / M rows | "
             "CPU-s / M rows, process | Cassandra CPU-s / M rows | others' CPU (cores) | peak RSS MiB | runs |",
             "|---|---:|---|---:|---|---:|---:|---:|---:|---:|---|"]
    for v in ORDER:
        if v not in summ:
            continue
        s = summ[v]
        if "tput" not in s:
            lines.append("| %s | | | | | | | | | | %s |" % (NAMES[v], status_of(s)))
            continue
        o = own.get(v)
        lines.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            NAMES[v], "{:,.0f}".format(s["tput"]["med"]), spread(s["tput"]),
            num(s["cpu"]["med"] if s["cpu"] else None), spread(s["cpu"]),
            (num(o["med"]) + (" " + spread(o) if o and o["n"] > 1 else "")) if o else "",
            num(s["pcpu"]["med"] if s["pcpu"] else None),
            num(s["cass"]["med"] if s["cass"] else None),
            num(s["other"]["med"] if s["other"] else None, "%.2f"),
            num(s["rss"], "%.0f"), status_of(s)))
    return "\n".join(lines)


def ratio(a, b):
    if not a or not b or a.get("med") is None or not b.get("med"):
        return None, False
    return a["med"] / b["med"], a["noisy"] or b["noisy"]


def targets(summ, own):
    g = lambda v, k: summ.get(v, {}).get(k)
    ceiling = own.get("c1")
    if own.get("c0"):  # the reference measured in this run
        first = ("Native ceiling CPU per narrow row, c1 / c0 (the reference, same run)", ratio(ceiling, own["c0"]), "<=", 0.5)
    else:
        first = ("Native ceiling CPU per narrow row / today's (%.1f CPU-s / M rows in issue 16; c0 not measured)" % TODAYS_CEILING_CPU,
                 (ceiling["med"] / TODAYS_CEILING_CPU, ceiling["noisy"]) if ceiling else (None, False), "<=", 0.5)
    rows = [first]
    if own.get("c3") and own.get("c0"):  # the runtime question: the same pipeline on a current-thread runtime
        rows.append(("Native ceiling CPU per narrow row on a current-thread runtime, c3 / c0 (not the JNI layer's runtime)",
                     ratio(own["c3"], own["c0"]), "<=", 0.5))
    rows += [
        ("Connector's own CPU per row, ours / official, narrow ((a1-f1) / (b1-g1))", ratio(own.get("a1"), own.get("b1")), "<=", 0.4),
        ("Connector's own CPU per row, ours / official, wide ((a2-f2) / (b2-g2))", ratio(own.get("a2"), own.get("b2")), "<=", 0.4),
        ("Throughput ours / official, narrow", ratio(g("a1", "tput"), g("b1", "tput")), ">=", 1.5),
        ("Throughput ours / official, wide", ratio(g("a2", "tput"), g("b2", "tput")), ">=", 1.5),
        ("Throughput ours / native ceiling, narrow", ratio(g("a1", "tput"), g("c1", "tput")), ">=", 0.9),
        ("Throughput ours / native ceiling, wide", ratio(g("a2", "tput"), g("c2", "tput")), ">=", 0.9),
        ("Throughput write-ahead (d) / at-least-once (a1)", ratio(g("d", "tput"), g("a1", "tput")), ">=", 0.7),
        ("Source read ours / official", ratio(g("e1", "tput"), g("e2", "tput")), ">=", 1.5),
    ]
    lines = ["| target | value | goal | met |", "|---|---:|---:|---|"]
    for name, (value, noisy), cmp, goal in rows:
        gtxt = "%s %.1f" % ("≤" if cmp == "<=" else "≥", goal)
        if value is None:
            lines.append("| %s | n/a | %s | not measured |" % (name, gtxt))
            continue
        met = value <= goal if cmp == "<=" else value >= goal
        lines.append("| %s | %.2f | %s | %s%s |" % (name, value, gtxt, "yes" if met else "**no**",
                                                   " (noisy)" if noisy else ""))
    rss = [summ[v]["rss"] for v in ("c1", "c2", "c3") if summ.get(v, {}).get("rss")]
    if rss:
        m = max(rss)
        lines.append("| Native resident memory of a writer at full window (peak RSS of the whole ceiling process, "
                     "one writer, 256 in flight) | %.0f MiB | ≤ 64 MiB per TaskManager | %s |" % (m, "yes" if m <= 64 else "**no**"))
    else:
        lines.append("| Native resident memory of a writer at full window | n/a | ≤ 64 MiB per TaskManager | not measured |")
    return "\n".join(lines)


def grouping(summ):
    """Batch grouping against no grouping on the same clustered rows (a3, a4 against a5): rows/s,
    the process's phase CPU and the Cassandra node's CPU per M rows, each with its ratio to a5."""
    none = summ.get("a5", {})
    modes = [(v, m) for v, m in (("a3", "PARTITION"), ("a4", "REPLICA_SET")) if summ.get(v, {}).get("tput")]
    if not none.get("tput") or not modes:
        return None
    lines = ["| grouping | rows/s | × none | CPU-s / M rows, phase | × none | Cassandra CPU-s / M rows | × none |",
             "|---|---:|---:|---:|---:|---:|---:|"]

    def cells(s):
        out = []
        for key, fmt in (("tput", "{:,.0f}"), ("cpu", "{:.1f}"), ("cass", "{:.1f}")):
            st = s.get(key)
            r, noisy = ratio(st, none.get(key))
            out.append(fmt.format(st["med"]) + ("*" if st["noisy"] else "") if st else "n/a")
            out.append("n/a" if r is None else "%.2f%s" % (r, " (noisy)" if noisy else ""))
        return out

    for v, mode in [("a5", "NONE")] + modes:
        lines.append("| %s (%s) | %s |" % (mode, v, " | ".join(cells(summ[v]))))
    return "\n".join(lines)


# ---------------------------------------------------------------- chart
def chart(summ, own, title):
    """Two panels, narrow and wide groups: rows/s and the connector's own CPU-s per M rows, bars
    for ours, the official connector and the native ceiling; whiskers span min..max."""
    series = [("ours", "a", "#1f77b4"), ("official", "b", "#ff7f0e"), ("native ceiling", "c", "#2ca02c")]
    panels = [("rows/s (median, min–max)", lambda v: summ.get(v, {}).get("tput"), "{:,.0f}"),
              ("connector's own CPU-s per million rows (phase − Flink baseline; ceiling: all)",
               lambda v: own.get(v), "{:.1f}")]
    W, H, top, bottom, left = 900, 380, 60, 60, 70
    pw = (W - 2 * left) / 2 - 20
    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="12">' % (W, H),
           '<rect width="100%" height="100%" fill="white"/>',
           '<text x="%d" y="22" font-size="15" font-weight="bold">%s</text>' % (left, html.escape(title))]
    for i, (label, _, color) in enumerate(series):
        x = left + i * 150
        out.append('<rect x="%d" y="32" width="12" height="12" fill="%s"/><text x="%d" y="43">%s</text>' % (x, color, x + 16, label))
    for p, (ptitle, get, fmt) in enumerate(panels):
        x0 = left + p * (pw + 60)
        vals = [get(k + n) for _, k, _ in series for n in "12"]
        ymax = max([v["max"] for v in vals if v] + [1e-9]) * 1.15
        ph = H - top - bottom
        out.append('<text x="%d" y="%d" font-weight="bold">%s</text>' % (x0, top - 4, html.escape(ptitle)))
        out.append('<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="black"/>' % (x0, top + ph, x0 + pw, top + ph))
        out.append('<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="black"/>' % (x0, top, x0, top + ph))
        for t in range(5):
            yv = ymax * t / 4
            y = top + ph - ph * t / 4
            out.append('<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#ddd"/>' % (x0, y, x0 + pw, y))
            out.append('<text x="%d" y="%.1f" text-anchor="end" font-size="10">%s</text>' % (x0 - 4, y + 3, fmt.format(yv)))
        gw = pw / 2
        bw = gw / 5
        for gi, (shape, n) in enumerate((("narrow", "1"), ("wide", "2"))):
            gx = x0 + gi * gw
            out.append('<text x="%.1f" y="%d" text-anchor="middle">%s</text>' % (gx + gw / 2, top + ph + 18, shape))
            for si, (label, k, color) in enumerate(series):
                st = get(k + n)
                bx = gx + bw * (si + 1)
                if not st:
                    out.append('<text x="%.1f" y="%d" text-anchor="middle" font-size="9">n/a</text>' % (bx + bw * 0.45, top + ph - 4))
                    continue
                h = ph * max(st["med"], 0) / ymax
                out.append('<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"%s/>' % (
                    bx, top + ph - h, bw * 0.9, h, color, ' fill-opacity="0.45"' if st["noisy"] else ""))
                cx = bx + bw * 0.45
                y1, y2 = top + ph - ph * max(st["min"], 0) / ymax, top + ph - ph * st["max"] / ymax
                out.append('<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="black"/>' % (cx, y1, cx, y2))
                for y in (y1, y2):
                    out.append('<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="black"/>' % (cx - 4, y, cx + 4, y))
                out.append('<text x="%.1f" y="%.1f" text-anchor="middle" font-size="9">%s</text>' % (
                    cx, y2 - 4, fmt.format(st["med"]) + ("*" if st["noisy"] else "")))
    out.append('<text x="%d" y="%d" font-size="10">* noisy: spread over %d%% of the median (pale bar). '
               'Whiskers: min and max over the runs.</text>' % (left, H - 12, NOISY * 100))
    out.append("</svg>")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- JMH
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
        err = m.get("scoreError", float("nan"))
        shape = b.get("params", {}).get("shape", "")
        lines.append("| %s | %s | %d | %.2f | %.1f | %.2f |" % (b["benchmark"].split(".")[-1], shape, rows, score, score * 1000 / rows, err))
    return "\n".join(lines)


METHOD = """\
Rows/s = N / (time from the first record to the end of the job), so JVM and MiniCluster start-up
are excluded (source reads: from the first row read). CPU "phase" = utime+stime of the whole
process (all threads: Flink, GC, JIT, the native runtime) over that interval, from /proc/self/stat;
"process" = the whole process's CPU from `/usr/bin/time`, start-up included. **Connector's own
CPU** = phase CPU − the phase CPU of the Flink baseline (f: the same source, generator and
parallelism into a discarding sink, on the same Flink version) of the same round, median over the
rounds; for the Rust ceilings (c, and c0: the ceiling as it was when issue 16 was filed, commit
ed49209, built from that commit's sources) it is all of their CPU (no Flink). Spread = (max − min) / median over
the runs; a figure whose spread exceeds 20%% is marked **noisy**. Cassandra CPU = the node's
CPU during the run; others' CPU = the machine's busy CPU during the run minus the node's and the
run's own, per second of the run (other helpers' builds and tests on this shared machine).
Write runs are checked afterwards (the table holds exactly N rows), read runs check their count;
a run that timed out, failed or restarted is listed and left out of the figures."""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out"); ap.add_argument("bench"); ap.add_argument("stamp")
    ap.add_argument("--rows", default="?"); ap.add_argument("--runs", default="?")
    ap.add_argument("--parallelism", default="?"); ap.add_argument("--commit", default="?")
    ap.add_argument("--flink", default="1.20"); ap.add_argument("--timeout", default="?")
    ap.add_argument("--duration", type=int, default=0); ap.add_argument("--command", default="scripts/bench")
    ap.add_argument("--note", default="")
    ap.add_argument("--readme"); ap.add_argument("--jmh-only", action="store_true")
    a = ap.parse_args()

    resdir = os.path.join(a.bench, "results")
    os.makedirs(resdir, exist_ok=True)
    nproc, cpu, mem = machine()
    java = (sh("java -version 2>&1 | head -1").splitlines() or [""])[0]
    rust = (sh("rustc --version").splitlines() or [""])[0]
    jmh = jmh_table(a.out)

    if a.jmh_only:
        body = "# JMH: one JNI crossing plus value encoding (%s)\n\n%s\n" % (a.stamp, jmh or "not run")
        with open(os.path.join(resdir, "jmh-%s.md" % a.stamp), "w") as f:
            f.write(body)
        print(body)
        return

    summ = {v: summarize(rs) for v, rs in load(a.out).items()}
    own = connector_cpu(summ)
    rows_txt = "{:,}".format(int(a.rows)) if a.rows.isdigit() else a.rows
    ours_flink = "Flink 2.3.0 (flink-connector-cassandra-native-flink2)" if a.flink == "2" else "Flink 1.20.3"
    smoke = a.rows.isdigit() and int(a.rows) < 100000
    loads = [s["load"]["med"] for s in summ.values() if s.get("load")]
    others = [s["other"]["med"] for s in summ.values() if s.get("other")]
    head = """\
Command: `%s` (%d min); our commit %s.
Machine: %s cores (`nproc`), %s, %s RAM, shared: the Cassandra node, the measured process and
whatever else runs (other work on this machine: see "others' CPU"; 1-minute load average at the
end of the runs: median %s, max %s; others' CPU median %s cores, max %s).
Versions: %s; %s; ours on %s, the official connector
`org.apache.flink:flink-connector-cassandra_2.12:3.0.0-1.16` on Flink 1.16.3 (3.2.0-1.19 answers
404 from this machine's Maven registry, so 3.0.0-1.16 is the newest official release measured);
Cassandra 5.0.9 (cassandra-test-server, heap 1 GiB, one node, RF 1).
N = %s rows per run, R = %s rounds, the variants interleaved within each round; Flink
parallelism %s; each run in its own process with a time limit of %s s and at most 2 restarts;
the table truncated before each write run.""" % (
        a.command, a.duration // 60, a.commit, nproc, cpu, mem,
        num(statistics.median(loads) if loads else None, "%.2f"), num(max(loads) if loads else None, "%.2f"),
        num(statistics.median(others) if others else None, "%.2f"), num(max(others) if others else None, "%.2f"),
        java, rust, ours_flink, rows_txt, a.runs, a.parallelism, a.timeout)
    if a.note:
        head = "> **%s**: the figures below cover the runs done until then.\n\n%s" % (a.note.capitalize(), head)
    if smoke:
        head = ("> **Smoke run** (N = %s): validates the harness end to end; numbers at this size are dominated by "
                "warm-up and by whatever else the machine runs. Run `scripts/bench` (defaults) for real numbers.\n\n"
                % rows_txt) + head

    svg = "%s.svg" % a.stamp
    with open(os.path.join(resdir, svg), "w") as f:
        f.write(chart(summ, own, "scripts/bench %s: ours (%s) vs official (Flink 1.16) vs native ceiling, N = %s, R = %s" % (
            a.stamp, ours_flink.split(" (")[0], rows_txt, a.runs)))
    shutil.copyfile(os.path.join(a.out, "runs.tsv"), os.path.join(resdir, "%s.tsv" % a.stamp))

    tbl, tgt = table(summ, own), targets(summ, own)
    doc = "# Benchmark results, %s\n\n%s\n\n%s\n\n![chart](%s)\n\n## Results\n\n%s\n\n## Targets (issue 16)\n\n%s\n\n" \
          "Raw runs: [%s.tsv](%s.tsv) (one line per run).\n" % (
              a.stamp, head, METHOD.replace("%%", "%"), svg, tbl, tgt, a.stamp, a.stamp)
    grp = grouping(summ)
    if grp:
        doc += "\n## Batch grouping\n\nOurs, at-least-once, on the clustered rows (`bench.clustered`, keyed " \
               "(bucket, id), 16 consecutive ids per bucket; buffers of 1,000 rows): grouping against none, " \
               "medians (* noisy). See docs/performance.md for when each mode helps.\n\n%s\n" % grp
    if jmh:
        doc += "\n## JMH: one JNI crossing plus value encoding, by batch size\n\n" \
               "`RowEncoder` encodes rows into a `RowBuffer`, then one native call parses the buffer " \
               "(no send).\n\n%s\n" % jmh
    with open(os.path.join(resdir, "%s.md" % a.stamp), "w") as f:
        f.write(doc)

    if a.readme:
        marker = "flink2" if a.flink == "2" else "flink1.20"
        begin, end = "<!-- bench:%s begin (scripts/bench writes this part) -->" % marker, "<!-- bench:%s end -->" % marker
        section = "%s\nResults of `%s` on %s, ours on %s (N = %s, R = %s; full report: [bench/results/%s.md](bench/results/%s.md)):\n\n" \
                  "![benchmark chart](bench/results/%s)\n\n%s\n\n%s\n%s" % (
                      begin, a.command, a.stamp, ours_flink, rows_txt, a.runs, a.stamp, a.stamp, svg, tbl, tgt, end)
        text = open(a.readme).read()
        if begin in text and end in text:
            text = text[:text.index(begin)] + section + text[text.index(end) + len(end):]
            with open(a.readme, "w") as f:
                f.write(text)
        else:
            print("report: %s has no %s markers; section not written" % (a.readme, marker))
    print(tbl)
    print()
    print(tgt)


if __name__ == "__main__":
    main()
