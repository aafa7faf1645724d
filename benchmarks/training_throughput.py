"""Training-step throughput: course2 (numpy) against the same network in PyTorch (CPU), in one run.

A step is what ``course2.training.train`` does per mini-batch: forward, cost, backward, Adam
update; for PyTorch: zero_grad, forward, loss, backward, ``torch.optim.Adam.step`` (defaults), on
``nn.Sequential(Linear, ReLU, ..., Linear)`` with BCEWithLogitsLoss (sigmoid output) or
CrossEntropyLoss (softmax output, class indices). Hidden layers are ReLU.

Method (see ../shared/PERFORMANCE_NOTES.md): for each network, dtype and thread count, both
implementations are warmed up, then timed in repeats; each repeat times course2 and PyTorch back
to back (alternating which goes first) over enough steps to take ~0.1 s. steps/s come from the
median time per step; the ratio is the median of the per-repeat ratios, which survives other
processes on a shared machine better. numpy's BLAS threads are set with threadpoolctl, torch's
with torch.set_num_threads; numpy's elementwise work (and so course2's Adam update) runs on one
thread. (Splitting it over a second Python thread was tried: at 2 threads the step took the same
time within 3%, probably because OpenBLAS's threads keep the second core busy between products.)
The float64 GEMM peak (numpy matmul of two 2048 x 2048 matrices, best of several) is measured in
the same run, and the big network's step is compared with it, taking a step as 6 x parameters x
batch flops (2 for the forward product, 4 for the two backward products). ``--wait-quiet S``
waits up to S seconds before each repeat for the machine to have no other runnable process;
the "quiet" column says how many repeats got one.

    .venv/bin/python benchmarks/training_throughput.py            # full run, ~4 minutes
    .venv/bin/python benchmarks/training_throughput.py --quick    # fewer repeats

Prints a markdown table and writes it to benchmarks/results/training_throughput.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import threadpoolctl
import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import _cpu  # noqa: E402  (benchmarks/_cpu.py)

from course2 import regularization  # noqa: E402
from course2.network import Network  # noqa: E402
from course2.optimizers import Adam  # noqa: E402

CONFIGS = [
    ((2, 20, 7, 5, 1), 64, "sigmoid", 10.0),
    ((2, 64, 64, 1), 256, "sigmoid", 2.5),
    ((784, 128, 64, 10), 256, "softmax", 1.2),
    ((784, 1024, 1024, 10), 512, "softmax", 1.0),
]
RESULTS = Path(__file__).resolve().parent / "results" / "training_throughput.md"


def make_data(sizes, m, output, dtype, seed=0):
    gen = np.random.default_rng(seed)
    X = np.asfortranarray(gen.standard_normal((sizes[0], m)).astype(dtype))   # as minibatch.shuffled
    if output == "sigmoid":
        labels = (gen.random(m) < 0.5).astype(np.int64)
        Y = np.asfortranarray(labels[None, :].astype(dtype))
    else:
        labels = gen.integers(0, sizes[-1], size=m)
        Y = np.asfortranarray(np.eye(sizes[-1], dtype=dtype)[:, labels])
    return X, Y, labels


class Course2Step:
    """The body of train()'s inner loop: forward, cost, backward, optimizer step."""

    def __init__(self, sizes, m, output, dtype, threads):
        self.net = Network(sizes, "relu", output, rng=0, dtype=dtype)
        self.X, self.Y, _ = make_data(sizes, m, output, dtype)
        self.opt = Adam(alpha=1e-3)
        net = self.net
        self.params, self.grads = net.params, net.grads      # one state array per W[l] and b[l]
        self.decay = [True, False] * net.L

    def __call__(self):
        net, X, Y = self.net, self.X, self.Y
        m = X.shape[1]
        net.forward_unchecked(X, None)
        # what train()'s loop calls: the unchecked penalty (the checked one costs ~1 us of argument checks)
        cost = net.data_cost_unchecked(Y) + regularization._penalty_cost(net.W, 0.0, m, "l2")
        net.backward_unchecked(Y, 0.0, "l2")
        self.opt.step(self.params, self.grads, decay=self.decay)
        return cost


class TorchStep:
    def __init__(self, sizes, m, output, dtype, threads):
        tdtype = torch.float64 if dtype == np.float64 else torch.float32
        torch.manual_seed(0)
        layers = []
        for l, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
            layers.append(torch.nn.Linear(n_in, n_out, dtype=tdtype))
            if l < len(sizes) - 2:
                layers.append(torch.nn.ReLU())
        self.model = torch.nn.Sequential(*layers)
        X, Y, labels = make_data(sizes, m, output, dtype)
        self.X = torch.from_numpy(np.ascontiguousarray(X.T))
        if output == "sigmoid":
            self.target = torch.from_numpy(np.ascontiguousarray(Y.T))
            self.loss_fn = torch.nn.BCEWithLogitsLoss()
        else:
            self.target = torch.from_numpy(labels)
            self.loss_fn = torch.nn.CrossEntropyLoss()
        self.opt = torch.optim.Adam(self.model.parameters(), lr=1e-3)

    def __call__(self):
        self.opt.zero_grad(set_to_none=True)
        loss = self.loss_fn(self.model(self.X), self.target)
        loss.backward()
        self.opt.step()
        return loss


def time_per_call(fn, target_seconds):
    """Seconds per call of fn, timing a batch of calls that lasts about target_seconds."""
    t0 = time.perf_counter()
    fn()
    once = max(time.perf_counter() - t0, 1e-7)
    n = max(1, int(target_seconds / once))
    t0 = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - t0) / n


def wait_quiet(max_seconds):
    return _cpu.wait_quiet(max_seconds)


def procs_running() -> int:
    return _cpu.procs_running()


def compare(ours, theirs, repeats, target_seconds, warmup_seconds, quiet_seconds):
    """Median seconds per step of each, and the median of the per-repeat ratios theirs/ours.

    Each repeat times the two back to back (alternating which goes first), so both see the same
    machine; a ratio of paired samples survives other processes coming and going better than a
    ratio of two medians. Returns also the fraction of repeats that started on a quiet machine."""
    for fn in (ours, theirs):
        end = time.perf_counter() + warmup_seconds
        while time.perf_counter() < end:
            fn()
    t_ours, t_theirs, quiet = [], [], 0
    for r in range(repeats):
        quiet += wait_quiet(quiet_seconds) if quiet_seconds > 0 else procs_running() <= 1
        pair = (ours, theirs) if r % 2 == 0 else (theirs, ours)
        times = {fn: time_per_call(fn, target_seconds) for fn in pair}
        t_ours.append(times[ours])
        t_theirs.append(times[theirs])
    ratio = statistics.median(b / a for a, b in zip(t_ours, t_theirs))
    return statistics.median(t_ours), statistics.median(t_theirs), ratio, quiet / repeats


def gemm_peak(dtype, n=2048, repeats=5):
    gen = np.random.default_rng(1)
    A = gen.standard_normal((n, n)).astype(dtype)
    B = gen.standard_normal((n, n)).astype(dtype)
    C = np.empty((n, n), dtype)
    np.matmul(A, B, out=C)
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        np.matmul(A, B, out=C)
        times.append(time.perf_counter() - t0)
    return 2 * n**3 / min(times)


def n_params(sizes):
    return sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:]))


def blas_description():
    info = [i for i in threadpoolctl.threadpool_info() if i["user_api"] == "blas"]
    parts = [f"{i['internal_api']} {i.get('version')} (kernel {i.get('architecture')}, "
             f"{i.get('threading_layer')})" for i in info]
    env = {k: os.environ[k] for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE") if k in os.environ}
    return "; ".join(parts) + (f"; env {env}" if env else "; OPENBLAS_CORETYPE/L2_SIZE not set")


cpu_name = _cpu.cpu_name


def run(threads_list, dtypes, repeats, target_seconds, warmup_seconds, configs, quiet_seconds):
    rows, peaks = [], {}
    for threads in threads_list:
        torch.set_num_threads(threads)
        with threadpoolctl.threadpool_limits(limits=threads, user_api="blas"):
            peaks[threads] = gemm_peak(np.float64)
            for sizes, m, output, target in configs:
                for dtype in dtypes:
                    ours = Course2Step(sizes, m, output, dtype, threads)
                    theirs = TorchStep(sizes, m, output, dtype, threads)
                    t_ours, t_torch, ratio, quiet = compare(ours, theirs, repeats, target_seconds, warmup_seconds,
                                                            quiet_seconds)
                    peaks[threads] = max(peaks[threads], gemm_peak(np.float64))
                    flops = 6 * n_params(sizes) * m
                    rows.append(dict(threads=threads, sizes=sizes, m=m, dtype=np.dtype(dtype).name,
                                     t_ours=t_ours, t_torch=t_torch, ratio=ratio, target=target, quiet=quiet,
                                     gflops=flops / t_ours / 1e9, peak=peaks[threads] / 1e9))
                    print(_row(rows[-1]), flush=True)
            peaks[threads] = max(peaks[threads], gemm_peak(np.float64))   # again, after the runs
    return rows, peaks


def _rate(seconds):
    rate = 1 / seconds
    return f"{rate:,.0f}" if rate >= 100 else f"{rate:.1f}"


def _row(r):
    big = tuple(r["sizes"]) == CONFIGS[-1][0]
    frac = f"{r['gflops'] / r['peak']:.0%} of {r['peak']:.0f}" if big and r["dtype"] == "float64" else ""
    ok = "yes" if r["ratio"] >= r["target"] else "**no**"
    return (f"| {r['threads']} | {list(r['sizes'])} | {r['m']} | {r['dtype']} | {_rate(r['t_ours'])} | "
            f"{_rate(r['t_torch'])} | {r['ratio']:.2f} | ≥ {r['target']:g} | {ok} | "
            f"{r['gflops']:.1f} | {frac} | {r['quiet']:.0%} |")


HEADER = ("| threads | layer sizes | batch | dtype | course2 steps/s | PyTorch steps/s | ratio | target | met "
          "| course2 GFLOP/s | of float64 GEMM peak (GFLOP/s) | quiet |\n"
          "|---|---|---|---|---|---|---|---|---|---|---|---|")


def _key(r):
    return (r["threads"], tuple(r["sizes"]), r["m"], r["dtype"])


def _fmt_ratio(r):
    return f"{r['ratio']:.2f}"


def _fmt_met(r):
    return "yes" if r["ratio"] >= r["target"] else "**no**"


def _fmt_gflops(r):
    return f"{r['gflops']:.1f}"


def _fmt_peak(r):
    return f"{r['gflops'] / r['peak']:.0%} of {r['peak']:.0f}"


def _fmt_quiet(r):
    return f"{r['quiet']:.0%}"


def combined_table(payloads: dict) -> str:
    """One row per (threads, network, dtype); with both CPUs each cell reads "native / AVX2 (emulated)"."""
    by_mode = {mode: {_key(r): r for r in p["rows"]} for mode, p in payloads.items()}
    keys = list(dict.fromkeys(k for rows in by_mode.values() for k in rows))
    head = HEADER.splitlines()[0]
    lines = [f"Each cell: {' / '.join(_cpu.LABELS[m] for m in payloads)}.", "", head, HEADER.splitlines()[1]]
    for k in keys:
        def cell(get, k=k):
            return " / ".join(get(rows[k]) if k in rows else "–" for rows in by_mode.values())
        r0 = next(rows[k] for rows in by_mode.values() if k in rows)
        big = k[1] == CONFIGS[-1][0] and k[3] == "float64"
        peak = _fmt_peak if big else (lambda r: "")
        lines.append(f"| {k[0]} | {list(k[1])} | {k[2]} | {k[3]} | {cell(lambda r: _rate(r['t_ours']))} | "
                     f"{cell(lambda r: _rate(r['t_torch']))} | {cell(_fmt_ratio)} | ≥ {r0['target']:g} | "
                     f"{cell(_fmt_met)} | {cell(_fmt_gflops)} | {cell(peak)} | {cell(_fmt_quiet)} |")
    return "\n".join(lines)


def measure(args) -> dict:
    repeats, target, warmup = (3, 0.05, 0.1) if args.quick else (9, 0.1, 0.3)
    load_before = _cpu.load_text()
    print(f"[{_cpu.current_mode()}] {_cpu.describe_cpu()}; BLAS: {blas_description()}", flush=True)
    print(HEADER, flush=True)
    rows, peaks = run(args.threads, [np.dtype(d).type for d in args.dtypes], repeats, target, warmup,
                      [CONFIGS[i] for i in args.configs], args.wait_quiet)
    env = (f"{_cpu.describe_cpu()}; {cpu_name()}, {os.cpu_count()} logical CPUs; Python {platform.python_version()}, "
           f"numpy {np.__version__}, torch {torch.__version__} (ATen {torch.backends.cpu.get_cpu_capability()}); "
           f"BLAS: {blas_description()}. "
           f"float64 GEMM peak: " + ", ".join(f"{peaks[t] / 1e9:.0f} GFLOP/s at {t} thread{'s' * (t > 1)}"
                                              for t in args.threads)
           + f". Load average {load_before} before, {_cpu.load_text()} after.")
    for r in rows:
        r["sizes"] = list(r["sizes"])
    return {"mode": _cpu.current_mode(), "environment": env, "rows": rows}


def main(argv=None):
    argv = sys.argv[1:] if argv is None else list(argv)
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="3 repeats of ~0.05 s instead of 9 of ~0.1 s")
    ap.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--dtypes", nargs="+", default=["float64", "float32"])
    ap.add_argument("--configs", type=int, nargs="+", default=list(range(len(CONFIGS))),
                    help="which networks (0-3) to run")
    ap.add_argument("--no-write", action="store_true", help="print only; do not write the results file")
    ap.add_argument("--wait-quiet", type=float, default=0.0, metavar="SECONDS",
                    help="before each timed pair, wait up to SECONDS for no other runnable process")
    _cpu.add_cpu_arguments(ap)
    args = ap.parse_args(argv)
    if _cpu.in_process(args.cpu):
        payloads = {args.cpu: measure(args)}
        if args.json_out:
            Path(args.json_out).write_text(json.dumps(payloads[args.cpu]))
            return
    else:
        payloads = {mode: _cpu.run_mode(Path(__file__), argv, mode) for mode in _cpu.modes_to_run(args.cpu)}
    envs = "\n".join(f"- {p['environment']}" for p in payloads.values())
    text = (f"{combined_table(payloads)}\n\nThe AVX2 column emulates an AVX2-only CPU on this machine "
            f"(benchmarks/_cpu.py): numpy's X86_V3 kernels and OpenBLAS's Haswell kernel, and PyTorch's AVX2 "
            f"kernels (ATEN_CPU_CAPABILITY, MKL_ENABLE_INSTRUCTIONS, ONEDNN_MAX_CPU_ISA), not the slower core "
            f"such CPUs usually have, so its ratios are the figures to compare.\n\n{envs}\n")
    print("\n" + text)
    if not args.no_write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(
            "# Training-step throughput: course2 vs PyTorch (CPU)\n\n"
            "Generated by `benchmarks/training_throughput.py`: one step = forward, cost, backward, Adam; "
            "steps/s from the median of repeats after warm-up; ratio = median over repeats of "
            "(course2 steps/s ÷ PyTorch steps/s), each repeat timing both back to back; quiet = share of "
            "repeats that started with no other runnable process on the machine.\n\n" + text)
        print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
