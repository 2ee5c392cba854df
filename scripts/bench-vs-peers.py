#!/usr/bin/env python3
"""Myelin against its peers on this machine, one table per instruction set, every ratio from one run.

For each vector shape (AVX-512 where the CPU has it, AVX2, 128-bit) the script runs, back to back:
  * GEMM n=1024 float32: Myelin's JMH MatmulBench (layouts AB, ABt, AtB; 1 and 2 threads; every call
    timed) and OpenBLAS through numpy (../shared/peers/sgemm_bench.py), each thread count as a
    Myelin/OpenBLAS pair; both sides are the median GFLOPS per call (Myelin's mean is shown too);
  * training samples/s on MNIST: `./myelin bench --json` with 1 and 2 threads, and PyTorch
    (../shared/peers/torch_mlp.py) with 1 thread and with 2 threads (OMP_WAIT_POLICY=PASSIVE); each
    side is credited with its best thread setting;
  * inference of `small`: batch 1 (µs per sample) and batch 1,000 (samples/s).
A shape is forced on both sides: Myelin through MYELIN_JAVA_OPTS (-XX:UseAVX=2, -XX:MaxVectorSize=16),
OpenBLAS through OPENBLAS_CORETYPE (SkylakeX, Haswell, Nehalem) and PyTorch through
ATEN_CPU_CAPABILITY (avx512, avx2, default). The 128-bit GEMM is also reported as a fraction of
Myelin's AVX2 figure. A shared machine is noisy: run it on a quiet one, and use --repeats.

Usage: scripts/bench-vs-peers.py [--quick] [--shapes avx512,avx2,128bit] [--configs nielsen,small,medium,wide]
                                 [--repeats N] [--no-gemm] [--no-training]
  --quick: shorter JMH runs and 2 PyTorch epochs instead of 3 (about 10 min per shape on 2 quiet cores).
Needs: python3-torch for /usr/bin/python3 (installed with apt-get if missing and root), numpy for
`python3` (NUMPY_PY), MNIST (fetched by ./myelin on first use).
"""
import argparse, json, os, re, shutil, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PEERS = os.environ.get("MYELIN_PEERS", os.path.join(os.path.dirname(ROOT), "shared", "peers"))
TORCH_PY = os.environ.get("TORCH_PY", "/usr/bin/python3")
NUMPY_PY = os.environ.get("NUMPY_PY", "python3")
JAVA_HOME = os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64")
MNIST = os.path.join(os.environ.get("MYELIN_HOME", os.path.expanduser("~/.cache/myelin")), "mnist")
BENCH_JAR = os.path.join(ROOT, "myelin-bench", "target", "benchmarks.jar")

# shape: (title, JVM flags, OPENBLAS_CORETYPE, ATEN_CPU_CAPABILITY)
SHAPES = {
    "avx512": ("AVX-512 (native)", [], "SkylakeX", "avx512"),
    "avx2": ("AVX2 (-XX:UseAVX=2)", ["-XX:UseAVX=2"], "Haswell", "avx2"),
    "128bit": ("128-bit (-XX:MaxVectorSize=16)", ["-XX:MaxVectorSize=16"], "Nehalem", "default"),
}
TRAIN_TARGETS = {"nielsen": 6.0, "small": 2.5, "medium": 1.5, "wide": 1.1}
GEMM_TARGET = 0.85

ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
ap.add_argument("--quick", action="store_true", help="shorter runs (about 10 min per shape)")
ap.add_argument("--shapes", default="avx512,avx2,128bit")
ap.add_argument("--configs", default="nielsen,small,medium,wide")
ap.add_argument("--repeats", type=int, default=1, help="run every Myelin/peer pair this many times; best of each")
ap.add_argument("--torch-epochs", type=int, default=None, help="epochs per PyTorch run (default 3, quick 2)")
ap.add_argument("--no-gemm", action="store_true")
ap.add_argument("--no-training", action="store_true")
args = ap.parse_args()
configs = args.configs.split(",")
torch_epochs = args.torch_epochs or (2 if args.quick else 3)


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def run(cmd, env=None, timeout=3600):
    log("$ " + " ".join(cmd))
    p = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=timeout)
    if p.returncode != 0:
        sys.exit(f"failed ({p.returncode}): {' '.join(cmd)}\n{p.stdout[-2000:]}\n{p.stderr[-2000:]}")
    return p.stdout


def peer_env(coretype, aten, threads, passive=False):
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
    env["OPENBLAS_CORETYPE"] = coretype
    env["ATEN_CPU_CAPABILITY"] = aten
    env["OPENBLAS_NUM_THREADS"] = str(threads)
    env["OMP_NUM_THREADS"] = str(threads)
    if passive:
        env["OMP_WAIT_POLICY"] = "PASSIVE"
    return env


def cpu_has_avx512():
    try:
        with open("/proc/cpuinfo") as f:
            return "avx512f" in f.read()
    except OSError:
        return False


def ensure_tools():
    if subprocess.run([TORCH_PY, "-c", "import torch"], capture_output=True).returncode != 0:
        if os.geteuid() == 0 and shutil.which("apt-get"):
            run(["apt-get", "update", "-qq"])
            run(["apt-get", "install", "-y", "-qq", "python3-torch"])
        else:
            sys.exit("PyTorch is missing for " + TORCH_PY + ": apt-get install -y python3-torch")
    if not os.path.exists(os.path.join(MNIST, "train-images-idx3-ubyte")):
        run([os.path.join(ROOT, "myelin"), "data", "fetch", "mnist"])
    if not args.no_gemm and not os.path.exists(BENCH_JAR):
        run(["mvn", "-q", "-B", "-ntp", "-pl", "myelin-bench", "-am", "package", "-DskipTests"],
            env=dict(os.environ, JAVA_HOME=JAVA_HOME))


def myelin_gemm(flags, threads):
    """(median, mean) GFLOPS per layout from JMH MatmulBench at n=1024, every call timed (sample mode).

    The median per call is what sgemm_bench.py reports for OpenBLAS (gflops_median), so the ratio
    compares like with like; the mean is shown beside it (a few calls stalled by the host drag it down).
    """
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        out = f.name
    warm, meas = (("1", "2") if args.quick else ("2", "4"))
    run([os.path.join(JAVA_HOME, "bin", "java"), "-jar", BENCH_JAR, "MatmulBench", "-p", "n=1024",
         "-p", "layout=AB,ABt,AtB", "-p", f"threads={threads}", "-p", "precision=float32", "-f", "1",
         "-wi", warm, "-i", meas, "-w", "1s", "-r", "1s", "-bm", "sample", "-tu", "ms",
         "-jvmArgsAppend", " ".join(["--add-modules", "jdk.incubator.vector", "-Xss4m"] + flags),
         "-rf", "json", "-rff", out])
    with open(out) as f:
        rows = json.load(f)
    os.unlink(out)
    flop = 2 * 1024 ** 3
    return {r["params"]["layout"]: (flop / (r["primaryMetric"]["scorePercentiles"]["50.0"] * 1e-3) / 1e9,
                                    flop / (r["primaryMetric"]["score"] * 1e-3) / 1e9) for r in rows}


def openblas_gemm(coretype, threads):
    out = run([NUMPY_PY, os.path.join(PEERS, "sgemm_bench.py"), "--lib", "numpy", "--threads", str(threads),
               "--sizes", "1024", "--min-seconds", "1" if args.quick else "2"], env=peer_env(coretype, "default", threads))
    return float(re.search(r"gflops_median=([\d.]+)", out).group(1))


def myelin_training(flags, threads):
    env = dict(os.environ, MYELIN_JAVA_OPTS=" ".join([os.environ.get("MYELIN_JAVA_OPTS", "")] + flags).strip())
    cmd = [os.path.join(ROOT, "myelin"), "bench", "--json", "--threads", str(threads), "--config", ",".join(configs)]
    rows = [json.loads(l) for l in run(cmd, env=env).splitlines() if l.startswith("{")]
    return {r["config"]: r for r in rows}


def torch_training(config, coretype, aten, threads):
    cmd = [TORCH_PY, os.path.join(PEERS, "torch_mlp.py"), "--config", config, "--epochs", str(torch_epochs),
           "--threads", str(threads), "--data", MNIST] + (["--inference"] if config == "small" else [])
    out = run(cmd, env=peer_env(coretype, aten, threads, passive=threads > 1))
    sps = int(re.search(r"summary=1 .*steady_samples_per_s=(\d+)", out).group(1))
    inf = re.search(r"batch1000_samples_per_s=(\d+) batch1_samples_per_s=\d+ batch1_us_per_sample=([\d.]+)", out)
    return sps, ((int(inf.group(1)), float(inf.group(2))) if inf else None)


def best(values):
    return max(values)


def table(shape, rows):
    title = SHAPES[shape][0]
    print(f"\n### {title}\n")
    print("| measure | Myelin | peer | ratio | target | |")
    print("|---|---:|---:|---:|---:|---|")
    for r in rows:
        print("| " + " | ".join(r) + " |")
    sys.stdout.flush()


ensure_tools()
shapes = [s for s in args.shapes.split(",") if s != "avx512" or cpu_has_avx512()]
gemm_by_shape = {}
for shape in shapes:
    title, flags, coretype, aten = SHAPES[shape]
    log(f"== {title}")
    rows = []
    if not args.no_gemm:
        gemm = {}
        for threads in (1, 2):
            ours, means, theirs = {}, {}, 0.0
            for _ in range(args.repeats):  # each repeat is a Myelin/OpenBLAS pair, back to back
                for layout, (median, mean) in myelin_gemm(flags, threads).items():
                    if median > ours.get(layout, 0.0):
                        ours[layout], means[layout] = median, mean
                theirs = max(theirs, openblas_gemm(coretype, threads))
            gemm[threads] = (ours, theirs)
            for layout in ("AB", "ABt", "AtB"):
                ratio = ours[layout] / theirs
                rows.append([f"GEMM n=1024 {layout}, {threads} thread(s), GFLOPS (median per call; Myelin's mean "
                             f"{means[layout]:.1f})", f"{ours[layout]:.1f}",
                             f"{theirs:.1f} (OpenBLAS {coretype})", f"{ratio:.2f}", f"≥ {GEMM_TARGET:.2f}",
                             "ok" if ratio >= GEMM_TARGET else "BELOW"])
        gemm_by_shape[shape] = gemm
        if shape == "128bit" and "avx2" in gemm_by_shape:
            for threads in (1, 2):
                ab2 = gemm_by_shape["avx2"][threads][0]
                ab1 = gemm[threads][0]
                frac = min(ab1[l] / ab2[l] for l in ab1)
                rows.append([f"GEMM 128-bit / AVX2 (worst layout), {threads} thread(s)", f"{frac:.2f}", "", "", "", ""])
    if not args.no_training:
        ours = {1: {}, 2: {}}
        theirs = {}
        for _ in range(args.repeats):
            for threads in (1, 2):
                for c, r in myelin_training(flags, threads).items():
                    if c not in ours[threads] or r["samples_per_s"] > ours[threads][c]["samples_per_s"]:
                        ours[threads][c] = r
            for c in configs:
                for threads in (1, 2):
                    sps, inf = torch_training(c, coretype, aten, threads)
                    old = theirs.get(c, (0, None))
                    inf_best = old[1] if inf is None else inf if old[1] is None else (
                        max(inf[0], old[1][0]), min(inf[1], old[1][1]))
                    theirs[c] = (max(sps, old[0]), inf_best)
        for c in configs:
            a, b = ours[1][c]["samples_per_s"], ours[2][c]["samples_per_s"]
            ratio = max(a, b) / theirs[c][0]
            target = TRAIN_TARGETS.get(c, 1.0)
            rows.append([f"training {c}, samples/s (best of 1 and 2 threads; Myelin 1t {a:,} / 2t {b:,})",
                         f"{max(a, b):,}", f"{theirs[c][0]:,} (PyTorch)", f"{ratio:.2f}×", f"≥ {target}×",
                         "ok" if ratio >= target else "BELOW"])
        if "small" in configs:
            m1000 = max(ours[t]["small"]["inference_batch1000_samples_per_s"] for t in (1, 2))
            m1 = min(ours[t]["small"]["inference_batch1_us_per_sample"] for t in (1, 2))
            t_inf = theirs["small"][1] or (0, float("nan"))
            rows.append(["inference small, batch 1, µs per sample", f"{m1:.2f}", f"{t_inf[1]:.2f} (PyTorch)",
                         "", "< 5", "ok" if m1 < 5 else "ABOVE"])
            rows.append(["inference small, batch 1,000, samples/s", f"{m1000:,}", f"{t_inf[0]:,} (PyTorch)",
                         "", "≥ 1,500,000", "ok" if m1000 >= 1_500_000 else "BELOW"])
        rss = {c: max(ours[t][c]["peak_rss_mb"] for t in (1, 2)) for c in configs}
        rows.append(["peak RSS of the Myelin bench, MB", ", ".join(f"{c} {v}" for c, v in rss.items()), "", "", "", ""])
    table(shape, rows)
