#!/usr/bin/python3
"""The single-process PyTorch baseline on the CPU (issue 15 §3): conf/mnist.conf's recipe in torch.

Run it through scripts/bench-pytorch.sh, which installs python3-torch, fetches MNIST and exports
the OpenBLAS kernel set the project's launchers use (OPENBLAS_CORETYPE). The recipe, as the
project trains it (docs/config.md; the Java classes named are where each rule lives):

  data        data/mnist IDX files, pixels as value/255 in float32 (data.IdxDataset)
  hold-out    ceil(0.05 * 60000) = 3000 training rows, chosen by the same seeded shuffle as
              train.TrainSetup.splitPositions (a port of java.util.SplittableRandom), so the
              validation rows are the very rows the Trainer holds out
  batches     each epoch a seeded permutation of the 57000 training rows cut into batches of
              the config's size, the last one shorter (train.BatchPlan, same permutation): 56 steps
              per epoch at 1024
  network     784-300-100-10, ReLU hidden layers, linear output, softmax cross-entropy averaged
              over the batch (the driver divides the sums by B once)
  init        He-normal W (std sqrt(2/in)), zero biases (nn.Init; the same scheme, not the
              same bits: the draws come from torch's generator, seeded)
  optimizer   Adam, beta1 0.9, beta2 0.999, eps 1e-8 added after bias correction, no weight
              decay (optim.Adam, which follows PyTorch's formulation)
  schedule    t 0-based: t < W: lr (t+1)/W; then lr * gamma^floor((t-W)/S) (optim.LrSchedules),
              with lr, W (warm-up), S (step size) and gamma read from --config (conf/mnist.conf)
  checks      validation accuracy after every 10th step (global count) and at each epoch's
              end, as the benchmark's time-to-accuracy run does (train.Trainer, validate-every)
  clock       training time only: each check's time is excluded, as the Trainer does

One difference stays: the project keeps a float64 master copy of θ on the driver and Adam's
state in float64; here θ and Adam's state are float32 (torch's usual float32 training).

Figures: time to 97% validation accuracy that holds (the first check >= 97% after which every
later check stays >= 97%) and the first touch; samples/s of each pass; final validation and
test accuracy (the test set is scored once, at the end). Human lines go to stdout, every figure
to the JSON file given by --out.
"""
import argparse
import json
import math
import os
import platform
import struct
import sys
import time

MASK64 = (1 << 64) - 1
GOLDEN_GAMMA = 0x9E3779B97F4A7C15


RECIPE_KEYS = {"epochs": int, "batch-size": int, "lr": float, "warmup-steps": int, "lr-step-size": int,
               "lr-gamma": float, "validation-fraction": float, "seed": int}


def recipe(conf):
    """The recipe keys of a train-job config file (key = value lines; # comments), as typed values."""
    values = {}
    with open(conf) as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if "=" not in line:
                continue
            key, value = (t.strip() for t in line.split("=", 1))
            if key in RECIPE_KEYS:
                values[key] = RECIPE_KEYS[key](value)
            elif key in ("optimizer", "lr-schedule", "hidden", "activation", "precision") and value not in (
                    "adam", "step", "300,100", "relu", "float32"):
                raise SystemExit("bench-pytorch.py: %s sets %s = %s; this baseline trains 784-300-100-10 relu"
                                 " float32 with adam and a step schedule only" % (conf, key, value))
    return values


def parse_args(argv):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--config", default=os.path.join(root, "conf", "mnist.conf"))
    conf = recipe(pre.parse_known_args(argv)[0].config)
    p = argparse.ArgumentParser(
        prog="bench-pytorch.py",
        description="PyTorch CPU baseline with conf/mnist.conf's recipe (see the module doc); the recipe's"
                    " defaults below are read from --config.")
    p.add_argument("--config", default=os.path.join(root, "conf", "mnist.conf"),
                   help="the train-job config whose recipe to follow (default: conf/mnist.conf)")
    p.add_argument("--data", default=None, help="MNIST IDX directory (default: data/mnist of the repo)")
    p.add_argument("--threads", type=int, default=1,
                   help="torch intra-op threads, and OMP_NUM_THREADS and OPENBLAS_NUM_THREADS unless set (default 1)")
    p.add_argument("--epochs", type=int, default=conf.get("epochs", 6), help="passes over the training rows")
    p.add_argument("--batch-size", type=int, default=conf.get("batch-size", 1024))
    p.add_argument("--lr", type=float, default=conf.get("lr", 0.02))
    p.add_argument("--warmup-steps", type=int, default=conf.get("warmup-steps", 40))
    p.add_argument("--lr-step-size", type=int, default=conf.get("lr-step-size", 70))
    p.add_argument("--lr-gamma", type=float, default=conf.get("lr-gamma", 0.3))
    p.add_argument("--validation-fraction", type=float, default=conf.get("validation-fraction", 0.05))
    p.add_argument("--validate-every", type=int, default=10,
                   help="also check validation accuracy every this many steps (0 = epoch ends only; default 10)")
    p.add_argument("--target", type=float, default=0.97, help="the accuracy to reach (default 0.97)")
    p.add_argument("--seed", type=int, default=conf.get("seed", 42))
    p.add_argument("--precision", choices=["float32", "float64"], default="float32")
    p.add_argument("--out", default=None, help="write every figure to this JSON file")
    a = p.parse_args(argv)
    if a.threads < 1:
        p.error("--threads: expected >= 1, found %d" % a.threads)
    if not 0 < a.validation_fraction < 1:
        p.error("--validation-fraction: expected in (0, 1), found %g" % a.validation_fraction)
    return a


# Thread layout before torch loads: OpenMP and OpenBLAS read their variables once, at load time.
ARGS = parse_args(sys.argv[1:])
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, str(ARGS.threads))

import ctypes  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402


# ---- java.util.SplittableRandom, bit for bit (Java 17), for the project's split and batch order

def _mix64(z):
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
    return z ^ (z >> 31)


def _mix32(z):
    z = ((z ^ (z >> 33)) * 0x62A9D9ED799705F5) & MASK64
    return (((z ^ (z >> 28)) * 0xCB24D0A5C88C35B3) & MASK64) >> 32


class SplittableRandom:
    """new SplittableRandom(seed): nextInt() and nextInt(bound) only."""

    def __init__(self, seed):
        self.seed = seed & MASK64

    def next_int(self):
        """A signed 32-bit int, as Java's nextInt()."""
        self.seed = (self.seed + GOLDEN_GAMMA) & MASK64
        r = _mix32(self.seed)
        return r - (1 << 32) if r >= 1 << 31 else r

    def next_int_bound(self, bound):
        """Java 17's RandomSupport.boundedNextInt(rng, bound), bound > 0."""
        r = self.next_int()
        m = bound - 1
        if bound & m == 0:
            return r & m
        u = (r & 0xFFFFFFFF) >> 1
        while True:
            r = u % bound
            if ((u + m - r) & 0xFFFFFFFF) < (1 << 31):  # Java: u + m - r >= 0 as an int
                return r
            u = (self.next_int() & 0xFFFFFFFF) >> 1


def java_shuffle(values, rng):
    """The Fisher-Yates loop of TrainSetup and BatchPlan: i from n-1 down to 1, j = nextInt(i+1)."""
    out = list(values)
    for i in range(len(out) - 1, 0, -1):
        j = rng.next_int_bound(i + 1)
        out[i], out[j] = out[j], out[i]
    return out


def split_positions(n, fraction, seed):
    """train.TrainSetup.splitPositions: [sorted train positions, sorted validation positions]."""
    held = math.ceil(fraction * n)
    order = java_shuffle(range(n), SplittableRandom(seed ^ 0x5DEECE66D))
    return np.array(sorted(order[held:]), dtype=np.int64), np.array(sorted(order[:held]), dtype=np.int64)


def epoch_order(train_positions, seed, epoch):
    """train.BatchPlan.epochOrder: the positions in the order epoch `epoch` (0-based) visits them."""
    rng = SplittableRandom((seed * GOLDEN_GAMMA + epoch) & MASK64)
    return np.array(java_shuffle(train_positions.tolist(), rng), dtype=np.int64)


# ---- data

def read_idx(path):
    """An IDX file as a numpy array of its stored shape (unsigned bytes only, as MNIST's)."""
    with open(path, "rb") as f:
        raw = f.read()
    zero, dtype, ndim = struct.unpack(">HBB", raw[:4])
    if zero != 0 or dtype != 0x08:
        raise ValueError("%s: expected an IDX file of unsigned bytes (magic 0x0000 08), found 0x%04x %02x"
                         % (path, zero, dtype))
    dims = struct.unpack(">" + "I" * ndim, raw[4:4 + 4 * ndim])
    data = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim)
    if data.size != int(np.prod(dims)):
        raise ValueError("%s: header says %s = %d bytes, file holds %d" % (path, dims, np.prod(dims), data.size))
    return data.reshape(dims)


def load_mnist(directory, prefix, dtype):
    """(X (N, 784) as value/255, y (N,) int64) of {prefix}-images/labels, as data.IdxDataset."""
    images = read_idx(os.path.join(directory, prefix + "-images-idx3-ubyte"))
    labels = read_idx(os.path.join(directory, prefix + "-labels-idx1-ubyte"))
    if images.shape[0] != labels.shape[0]:
        raise ValueError("%s: %d images but %d labels" % (prefix, images.shape[0], labels.shape[0]))
    x = images.reshape(images.shape[0], -1).astype(np.float64) / 255.0
    return torch.from_numpy(x.astype(dtype)), torch.from_numpy(labels.astype(np.int64))


# ---- which BLAS does the GEMM

def loaded_blas():
    """What this process loaded for BLAS (from /proc/self/maps) and OpenBLAS's own kernel name."""
    libs = set()
    with open("/proc/self/maps") as f:
        for line in f:
            path = line.split()[-1] if len(line.split()) >= 6 else ""
            name = os.path.basename(path)
            if any(k in name for k in ("blas", "mkl", "dnnl", "lapack", "gomp", "omp")):
                libs.add(os.path.realpath(path))
    info = {"libraries": sorted(libs), "openblas_corename": None, "openblas_config": None,
            "openblas_num_threads": None}
    for lib in sorted(libs):
        try:
            h = ctypes.CDLL(lib, mode=os.RTLD_NOLOAD | os.RTLD_GLOBAL)
            h.openblas_get_corename.restype = ctypes.c_char_p
            h.openblas_get_config.restype = ctypes.c_char_p
            info["openblas_corename"] = h.openblas_get_corename().decode()
            info["openblas_config"] = h.openblas_get_config().decode()
            info["openblas_num_threads"] = h.openblas_get_num_threads()
            info["openblas_library"] = lib
            break
        except (OSError, AttributeError):
            continue
    return info


def build_settings(show):
    """The lines of torch.__config__.show() that say which libraries compute, shortened."""
    keep = []
    for line in show.splitlines():
        line = line.strip().lstrip("- ")
        if line.startswith(("Intel(R) MKL", "OpenMP", "CPU capability")):
            keep.append(line)
        if line.startswith("Build settings:"):
            keep += [kv.strip() for kv in line.split(":", 1)[1].split(",")
                     if kv.strip().startswith(("BLAS_INFO", "LAPACK_INFO", "USE_MKLDNN", "USE_OPENMP"))]
    return keep


def gemm_gflops(dtype):
    """GFLOP/s of nn.Linear(784, 300) on 1024 rows (torch's addmm: the BLAS sgemm/dgemm)."""
    x, lin = torch.randn(1024, 784, dtype=dtype), torch.nn.Linear(784, 300).to(dtype)
    times = []
    with torch.no_grad():
        for i in range(26):
            t = time.perf_counter()
            lin(x)
            if i >= 5:
                times.append(time.perf_counter() - t)
    return 2 * 1024 * 784 * 300 / sorted(times)[len(times) // 2] / 1e9


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            fields = {k.strip(): v for k, v in
                      (l.split(":", 1) for l in f.read().split("\n\n")[0].splitlines() if ":" in l)}
        return "%s (family %s model %s)" % (fields["model name"].strip(), fields["cpu family"].strip(),
                                            fields["model"].strip())
    except (OSError, KeyError):
        return platform.processor() or "unknown"


# ---- the recipe

def lr_at(t, a):
    """optim.LrSchedules, warm-up then step, t 0-based."""
    if t < a.warmup_steps:
        return a.lr * (t + 1) / a.warmup_steps
    return a.lr * a.lr_gamma ** ((t - a.warmup_steps) // a.lr_step_size)


def build_model(dtype):
    """784-300-100-10, ReLU hidden layers; He-normal W, zero b, as nn.Init for the ReLU family."""
    model = torch.nn.Sequential(
        torch.nn.Linear(784, 300), torch.nn.ReLU(),
        torch.nn.Linear(300, 100), torch.nn.ReLU(),
        torch.nn.Linear(100, 10)).to(dtype)
    with torch.no_grad():
        for layer in model:
            if isinstance(layer, torch.nn.Linear):
                # weight is (out, in); std sqrt(2/in) as nn.Init's He-normal
                layer.weight.normal_(0.0, math.sqrt(2.0 / layer.in_features))
                layer.bias.zero_()
    return model


@torch.no_grad()
def accuracy(model, x, y, block=10000):
    correct = 0
    for s in range(0, x.shape[0], block):
        correct += (model(x[s:s + block]).argmax(dim=1) == y[s:s + block]).sum().item()
    return correct / x.shape[0]


def time_to_target(checks, target):
    """(first touch, holds): the first check >= target, and the first one after which all stay >= target."""
    first = next((c for c in checks if c["accuracy"] >= target), None)
    holds = None
    for c in reversed(checks):
        if c["accuracy"] < target:
            break
        holds = c
    return first, holds


def main(a):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    data_dir = a.data or os.path.join(root, "data", "mnist")
    np_dtype, dtype = (np.float32, torch.float32) if a.precision == "float32" else (np.float64, torch.float64)

    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(a.seed)

    x_all, y_all = load_mnist(data_dir, "train", np_dtype)
    x_test, y_test = load_mnist(data_dir, "t10k", np_dtype)
    tr_pos, val_pos = split_positions(x_all.shape[0], a.validation_fraction, a.seed)
    x_tr, y_tr = x_all[tr_pos].contiguous(), y_all[tr_pos].contiguous()
    x_val, y_val = x_all[val_pos].contiguous(), y_all[val_pos].contiguous()
    n = x_tr.shape[0]
    steps_per_epoch = (n + a.batch_size - 1) // a.batch_size
    # Every epoch's order up front (pure Python), so the shuffles stay outside the clock; an
    # order indexes the training rows x_tr, position p of the full set being row searchsorted(p).
    orders = [torch.from_numpy(np.searchsorted(tr_pos, epoch_order(tr_pos, a.seed, e)))
              for e in range(a.epochs)]

    model = build_model(dtype)
    opt = torch.optim.Adam(model.parameters(), lr=lr_at(0, a), betas=(0.9, 0.999), eps=1e-8,
                           weight_decay=0.0)
    loss_fn = torch.nn.CrossEntropyLoss()  # mean over the batch

    blas = loaded_blas()
    load = os.getloadavg()
    header = {
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "cpu": cpu_model(), "cores": os.cpu_count(), "load_average": list(load),
        "python": platform.python_version(), "torch": torch.__version__, "numpy": np.__version__,
        "torch_threads": torch.get_num_threads(), "torch_interop_threads": torch.get_num_interop_threads(),
        "env": {k: os.environ.get(k) for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                                               "OPENBLAS_CORETYPE", "SPARKMLP_OPENBLAS_CORETYPE")},
        "torch_blas_info": torch.__config__.show(),
        "mkldnn_available": torch.backends.mkldnn.is_available(),
        "mkl_available": torch.backends.mkl.is_available(),
        "gemm_gflops": gemm_gflops(dtype),
    }
    print("== PyTorch CPU baseline, conf/mnist.conf's recipe ==")
    print("  date            %s" % header["date"])
    print("  machine         %d cores, %s" % (header["cores"], header["cpu"]))
    print("  load average    %.2f %.2f %.2f (1, 5, 15 min)" % load)
    print("  versions        Python %s, torch %s, numpy %s" % (header["python"], torch.__version__, np.__version__))
    print("  threads         torch %d intra-op, %d inter-op; OMP_NUM_THREADS=%s OPENBLAS_NUM_THREADS=%s"
          % (header["torch_threads"], header["torch_interop_threads"], os.environ["OMP_NUM_THREADS"],
             os.environ["OPENBLAS_NUM_THREADS"]))
    print("  OPENBLAS_CORETYPE %s%s" % (os.environ.get("OPENBLAS_CORETYPE") or "(unset: OpenBLAS detects)",
                                       " (the project's probe)" if os.environ.get("SPARKMLP_OPENBLAS_CORETYPE") else ""))
    print("  BLAS loaded     %s" % (", ".join(blas["libraries"]) or "none found in /proc/self/maps"))
    if blas["openblas_corename"]:
        print("  GEMM back end   OpenBLAS, kernel %s, %s threads (%s)"
              % (blas["openblas_corename"], blas["openblas_num_threads"], blas["openblas_config"]))
    else:
        print("  GEMM back end   not OpenBLAS (no openblas_get_corename in the loaded libraries)")
    print("  torch build     %s" % ", ".join(build_settings(torch.__config__.show())))
    print("  GEMM speed      %.1f GFLOP/s: the first layer's forward, (1024x784)·(784x300), median of 21"
          % header["gemm_gflops"])
    print("  data            %s: %d training rows (%d held out for validation, seed %d), %d test rows"
          % (data_dir, n, x_val.shape[0], a.seed, x_test.shape[0]))
    print("  recipe          784-300-100-10 relu, %s, batch %d (%d steps/epoch), adam lr %g, warm-up %d, "
          "x%g every %d steps, %d epochs" % (a.precision, a.batch_size, steps_per_epoch, a.lr, a.warmup_steps,
                                             a.lr_gamma, a.lr_step_size, a.epochs))
    print("  checks          validation accuracy every %d steps and at epoch ends (not in the clock)"
          % a.validate_every)

    # One warm-up forward/backward outside the clock would favour torch; the clock starts cold,
    # as the project's time to accuracy does (its JIT is cold too).
    checks, passes = [], []
    train_seconds = 0.0  # the clock: training only
    step = 0
    wall0 = time.perf_counter()
    for epoch in range(a.epochs):
        order = orders[epoch]
        model.train()
        epoch_seconds = 0.0
        loss_sum = 0.0
        t0 = time.perf_counter()
        for s in range(steps_per_epoch):
            idx = order[s * a.batch_size:(s + 1) * a.batch_size]
            for g in opt.param_groups:
                g["lr"] = lr_at(step, a)
            xb, yb = x_tr[idx], y_tr[idx]
            opt.zero_grad(set_to_none=False)
            loss = loss_fn(model(xb), yb)
            loss.backward()
            opt.step()
            loss_sum += loss.item() * idx.shape[0]
            step += 1
            epoch_end = s == steps_per_epoch - 1
            if epoch_end or (a.validate_every > 0 and step % a.validate_every == 0):
                t1 = time.perf_counter()
                epoch_seconds += t1 - t0
                train_seconds += t1 - t0
                acc = accuracy(model, x_val, y_val)
                checks.append({"epoch": epoch + 1, "step": step, "seconds": train_seconds,
                               "accuracy": acc, "epoch_end": epoch_end})
                print("    epoch %2d  step %4d  %7.2f s  validation accuracy %.4f%s"
                      % (epoch + 1, step, train_seconds, acc, "  (epoch end)" if epoch_end else ""))
                t0 = time.perf_counter()
        passes.append({"epoch": epoch + 1, "seconds": epoch_seconds, "samples_per_second": n / epoch_seconds,
                       "train_loss": loss_sum / n})
    wall_seconds = time.perf_counter() - wall0

    final_val = checks[-1]["accuracy"]
    test_acc = accuracy(model, x_test, y_test)
    first, holds = time_to_target(checks, a.target)
    sps = sorted(p["samples_per_second"] for p in passes)
    median_sps = sps[len(sps) // 2] if len(sps) % 2 else (sps[len(sps) // 2 - 1] + sps[len(sps) // 2]) / 2

    def fmt(c):
        return ("%.2f s (epoch %d, step %d, %.4f)" % (c["seconds"], c["epoch"], c["step"], c["accuracy"])
                if c else "not reached")

    print("== figures ==")
    print("  time to %g%% validation accuracy, holds   %s" % (100 * a.target, fmt(holds)))
    print("  time to %g%% validation accuracy, first   %s" % (100 * a.target, fmt(first)))
    print("  samples/s per pass                      %s  (median %.0f)"
          % (" ".join("%.0f" % p["samples_per_second"] for p in passes), median_sps))
    print("  training time                           %.2f s (%.2f s wall with the checks)" % (train_seconds, wall_seconds))
    print("  final validation accuracy               %.4f" % final_val)
    print("  test accuracy (once, at the end)        %.4f" % test_acc)
    print("  final train loss (last pass mean)       %.4f" % passes[-1]["train_loss"])
    print("  load average at the end                 %.2f %.2f %.2f" % os.getloadavg())

    if a.out:
        result = dict(header)
        result.update({
            "blas": blas,
            "gemm_backend": ("OpenBLAS %s" % blas["openblas_corename"]) if blas["openblas_corename"] else "not OpenBLAS",
            "config": {k: v for k, v in vars(a).items() if k != "out"} | {"data": data_dir},
            "train_rows": n, "validation_rows": int(x_val.shape[0]), "test_rows": int(x_test.shape[0]),
            "steps_per_epoch": steps_per_epoch, "steps": step,
            "time_to_target_holds": holds, "time_to_target_first": first,
            "samples_per_second_per_pass": [p["samples_per_second"] for p in passes],
            "samples_per_second_median": median_sps,
            "passes": passes, "checks": checks,
            "train_seconds": train_seconds, "wall_seconds_with_checks": wall_seconds,
            "final_validation_accuracy": final_val, "test_accuracy": test_acc,
            "load_average_end": list(os.getloadavg()),
        })
        os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
        with open(a.out, "w") as f:
            json.dump(result, f, indent=2)
        print("  wrote %s" % a.out)


if __name__ == "__main__":
    main(ARGS)
