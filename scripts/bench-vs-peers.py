#!/usr/bin/env python3
"""Myelin against PyTorch on the same MNIST work, on this machine, in one run.

Runs `./myelin bench --json` with 1 and 2 kernel threads, then the peer script
../shared/peers/torch_mlp.py (PyTorch under Debian's /usr/bin/python3) for each config in its two
best variants on a 2-core machine: 1 thread, and 2 threads with OMP_WAIT_POLICY=PASSIVE. Each side
is credited with its best variant, and the ratio Myelin / PyTorch is printed per config, with the
issue's targets. Runs one benchmark at a time (never two at once on 2 cores).

Usage: scripts/bench-vs-peers.py [--configs nielsen,small,medium,wide] [--torch-epochs 3]
Needs: python3-torch (apt-get install python3-torch), MNIST (./myelin data fetch mnist).
"""
import argparse, json, os, re, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PEERS = os.environ.get("MYELIN_PEERS", os.path.join(os.path.dirname(ROOT), "shared", "peers"))
TORCH_PY = os.environ.get("TORCH_PY", "/usr/bin/python3")
TARGETS = {"nielsen": 4.0, "small": 2.5, "medium": 1.5, "wide": 1.0}

ap = argparse.ArgumentParser()
ap.add_argument("--configs", default="nielsen,small,medium,wide")
ap.add_argument("--torch-epochs", type=int, default=3, help="epochs per PyTorch run (steady state = median of epochs 2..N)")
ap.add_argument("--mnist", default=os.path.join(os.environ.get("MYELIN_HOME", os.path.expanduser("~/.cache/myelin")), "mnist"))
args = ap.parse_args()
configs = args.configs.split(",")

def myelin(threads):
    cmd = [os.path.join(ROOT, "myelin"), "bench", "--json", "--threads", str(threads), "--config", ",".join(configs)]
    print("$ " + " ".join(cmd), flush=True)
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    rows = [json.loads(l) for l in out.splitlines() if l.startswith("{")]
    return {r["config"]: r for r in rows}

def torch(config, threads, passive):
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
    if threads == 1:
        env.update(OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
    if passive:
        env["OMP_WAIT_POLICY"] = "PASSIVE"
    cmd = [TORCH_PY, os.path.join(PEERS, "torch_mlp.py"), "--config", config, "--epochs", str(args.torch_epochs),
           "--threads", str(threads), "--data", args.mnist] + (["--inference"] if config == "small" else [])
    print("$ " + ("OMP_WAIT_POLICY=PASSIVE " if passive else "") + " ".join(cmd[1:]), flush=True)
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=1800).stdout
    m = re.search(r"summary=1 .*steady_samples_per_s=(\d+)", out)
    if not m:
        sys.exit("the PyTorch run printed no summary:\n" + out[-2000:])
    inf = re.search(r"batch1000_samples_per_s=(\d+) batch1_samples_per_s=\d+ batch1_us_per_sample=([\d.]+)", out)
    return int(m.group(1)), (int(inf.group(1)), float(inf.group(2))) if inf else None

if not os.path.exists(os.path.join(args.mnist, "train-images-idx3-ubyte")):
    subprocess.run([os.path.join(ROOT, "myelin"), "data", "fetch", "mnist"], check=True)

ours = {1: myelin(1), 2: myelin(2)}
theirs = {}
for c in configs:
    runs = [torch(c, 1, False), torch(c, 2, True)]
    theirs[c] = (max(r[0] for r in runs), max((r[1] for r in runs if r[1]), default=None, key=lambda v: v[0]))

print()
print(f"{'config':8} {'Myelin 1t':>10} {'Myelin 2t':>10} {'PyTorch best':>13} {'ratio':>7} {'target':>7}  GFLOPS(best)")
for c in configs:
    a, b = ours[1][c]["samples_per_s"], ours[2][c]["samples_per_s"]
    best = max(a, b)
    gf = max(ours[1][c]["gflops"], ours[2][c]["gflops"])
    ratio = best / theirs[c][0]
    ok = "ok" if ratio >= TARGETS.get(c, 1) else "BELOW"
    print(f"{c:8} {a:>10,} {b:>10,} {theirs[c][0]:>13,} {ratio:>6.2f}x {TARGETS.get(c, 1):>6.1f}x  {gf:6.1f}  {ok}")
if "small" in configs:
    m = max(ours[1]["small"]["inference_batch1000_samples_per_s"], ours[2]["small"]["inference_batch1000_samples_per_s"])
    u = min(ours[1]["small"]["inference_batch1_us_per_sample"], ours[2]["small"]["inference_batch1_us_per_sample"])
    t = theirs["small"][1]
    print(f"\ninference (small): batch 1,000 Myelin {m:,} samples/s vs PyTorch {t[0]:,}; "
          f"batch 1 Myelin {u} µs vs PyTorch {t[1]} µs per sample" if t else "")
print("peak RSS (MB), Myelin:", {c: max(ours[1][c]["peak_rss_mb"], ours[2][c]["peak_rss_mb"]) for c in configs})
