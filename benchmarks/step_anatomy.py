"""Where a small network's training step goes, and how much of it a throughput target leaves.

For the networks of ``training_throughput.py`` whose targets are ratios to PyTorch on tiny arrays,
this times, in one process and one run (1 BLAS thread by default, float64):

* the whole step (``training_throughput.Course2Step``: forward, cost, backward, Adam, what
  ``course2.training.train`` runs per mini-batch) and PyTorch's (``TorchStep``), back to back;
* its parts: ``forward_unchecked``, ``data_cost_unchecked``, ``backward_unchecked``, ``Adam.step``;
* **the matrix products alone**: the step's 3L - 1 ``np.dot`` calls (Z[l] = W[l] A[l-1];
  dW[l] = dZ[l] A[l-1].T; dA[l-1] = W[l].T dZ[l]) on the network's own work arrays. No numpy
  implementation of this step can avoid them, so they are a floor under it;
* the step a target allows (PyTorch's step / target) and what is left of it for everything but
  the products (bias adds, activations and their derivatives, the bias reductions, the cost, the
  output layer, Adam's dozen elementwise passes): "left" against "spent now".

    .venv/bin/python benchmarks/step_anatomy.py                 # native and emulated AVX2, ~1 minute
    .venv/bin/python benchmarks/step_anatomy.py --cpu avx2

Prints a markdown table and writes benchmarks/results/step_anatomy.md.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import threadpoolctl
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _cpu  # noqa: E402  (benchmarks/_cpu.py)
import training_throughput as tt  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "step_anatomy.md"
NETWORKS = [c for c in tt.CONFIGS if c[0][0] == 2]          # the two small networks


def products(net, X):
    """A function making the step's matrix products (and nothing else) on the network's work arrays."""
    ws = net._workspaces[X.shape[1]]
    L = net.L
    A_in = [X] + ws.A[:-1]                # A[l-1] for each layer l
    dZ = [ws.dA[l] for l in range(L - 1)] + [ws.dZ_out]
    W, dW = net.W, net.dW

    def run():
        for l in range(L):
            np.dot(W[l], A_in[l], out=ws.Z[l])
        for l in range(L - 1, -1, -1):
            np.dot(dZ[l], A_in[l].T, out=dW[l])
            if l > 0:
                np.dot(W[l].T, dZ[l], out=ws.dA[l - 1])
    return run


def median_time(fn, repeats, target):
    return statistics.median(tt.time_per_call(fn, target) for _ in range(repeats))


def measure_network(sizes, m, output, target_ratio, repeats, target):
    ours = tt.Course2Step(sizes, m, output, np.float64, 1)
    theirs = tt.TorchStep(sizes, m, output, np.float64, 1)
    net, X, Y = ours.net, ours.X, ours.Y
    for _ in range(200):
        ours()
        theirs()
    t_step, t_torch, ratio, quiet = tt.compare(ours, theirs, repeats, target, 0.2, 0.0)
    parts = {
        "forward": lambda: net.forward_unchecked(X, None),
        "cost": lambda: net.data_cost_unchecked(Y),
        "backward": lambda: net.backward_unchecked(Y, 0.0, "l2"),
        "Adam": lambda: ours.opt.step(ours.params, ours.grads, decay=ours.decay),
        "products": products(net, X),
    }
    times = {name: median_time(fn, repeats, target) for name, fn in parts.items()}
    allowed = t_torch / target_ratio
    return dict(sizes=list(sizes), m=m, target=target_ratio, step=t_step, torch=t_torch, ratio=ratio,
                quiet=quiet, allowed=allowed, n_products=3 * net.L - 1, **times)


def measure(args) -> dict:
    print(f"[{_cpu.current_mode()}] {_cpu.describe_cpu()}", flush=True)
    rows = []
    torch.set_num_threads(1)
    with threadpoolctl.threadpool_limits(limits=1, user_api="blas"):
        for sizes, m, output, target_ratio in NETWORKS:
            rows.append(measure_network(sizes, m, output, target_ratio, args.repeats, args.target))
            print(_row(rows[-1]), flush=True)
    return {"mode": _cpu.current_mode(), "environment": f"{_cpu.describe_cpu()}; load {_cpu.load_text()}",
            "rows": rows}


HEADER = ("| layer sizes | batch | step | forward | cost | backward | Adam | the products alone | "
          "everything else | PyTorch step | ratio | target | step allowed | left for everything else |\n"
          "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")


def _us(s):
    return f"{s * 1e6:.1f}"


def _row(r):
    rest, left = r["step"] - r["products"], r["allowed"] - r["products"]
    return (f"| {r['sizes']} | {r['m']} | {_us(r['step'])} | {_us(r['forward'])} | {_us(r['cost'])} | "
            f"{_us(r['backward'])} | {_us(r['Adam'])} | {_us(r['products'])} ({r['n_products']} calls) | "
            f"{_us(rest)} | {_us(r['torch'])} | {r['ratio']:.2f} | ≥ {r['target']:g} | {_us(r['allowed'])} | "
            f"{_us(left)} ({left / rest:.0%} of now) |")


def main(argv=None):
    argv = sys.argv[1:] if argv is None else list(argv)
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=9)
    ap.add_argument("--target", type=float, default=0.1, help="seconds per timed batch of calls")
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--wait-quiet", type=float, default=0.0, help=argparse.SUPPRESS)   # run_all passes it
    _cpu.add_cpu_arguments(ap)
    args = ap.parse_args(argv)
    if _cpu.in_process(args.cpu):
        payloads = {args.cpu: measure(args)}
        if args.json_out:
            Path(args.json_out).write_text(json.dumps(payloads[args.cpu]))
            return
    else:
        payloads = {mode: _cpu.run_mode(Path(__file__), argv, mode) for mode in _cpu.modes_to_run(args.cpu)}
    blocks = []
    for mode, p in payloads.items():
        blocks.append(f"**{_cpu.LABELS[mode]}** ({p['environment']}); microseconds per step, 1 thread, float64:\n\n"
                      + HEADER + "\n" + "\n".join(_row(r) for r in p["rows"]))
    text = "\n\n".join(blocks)
    print("\n" + text)
    if not args.no_write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text("# Anatomy of a small network's training step\n\nGenerated by `benchmarks/step_anatomy.py` "
                           f"({time.strftime('%Y-%m-%d')}). The matrix products are the floor of any numpy "
                           "step; \"left for everything else\" is what a target leaves for the rest.\n\n"
                           + text + "\n")


if __name__ == "__main__":
    main()
