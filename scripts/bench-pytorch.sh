#!/usr/bin/env bash
# The single-process PyTorch baseline on the CPU (issue 15 §3): conf/mnist.conf's recipe in torch,
# with the thread layout and the OpenBLAS kernel set the project's launchers use.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/bench-pytorch.sh [--threads N] [--epochs N] [--out FILE] [-- MORE...]

Trains 784-300-100-10 (ReLU, softmax cross-entropy) on MNIST in one PyTorch process on the CPU,
with conf/mnist.conf's recipe, read from it (-- --config FILE for another): float32, pixels/255,
its batch, Adam at its lr (betas 0.9, 0.999, eps 1e-8), its warm-up steps, then its step decay,
epochs and seed (e.g. batch 1024, lr 0.02, 40 warm-up steps, x0.3 every 70 steps); 5% of the training
rows held out by the project's own seeded split, validation accuracy checked every 10 steps and
at each epoch's end. It prints, and writes to FILE as JSON: time to 97% validation accuracy that
holds (the first check at >= 97% after which every later one stays >= 97%) and the first touch,
samples/s of each pass, the final validation and test accuracy (the test set is scored once, at
the end), the load average, and which BLAS library and OpenBLAS kernel did the GEMMs.

  --threads N  torch intra-op threads, and OMP_NUM_THREADS and OPENBLAS_NUM_THREADS (default 1;
               a value of those two set in the environment is kept)
  --epochs N   passes over the training rows (default: conf/mnist.conf's)
  --out FILE   the JSON file (default runs/bench-pytorch-<time>.json)
  -- MORE      passed to scripts/bench-pytorch.py as they are (--help lists them: --lr,
               --batch-size, --validate-every, --seed, --precision, --data, ...)
  -h, --help   this text

Setup: Debian's python3-torch (1.13) for /usr/bin/python3; installed with apt-get when running
as root, else this prints the command and exits 3. MNIST is fetched by scripts/get-data.sh mnist
when data/mnist lacks it.

Kernel: Debian's OpenBLAS 0.3.21 falls back to generic kernels on CPUs newer than itself (Intel
family 6 model 207: Prescott). As the project's launchers do (scripts/_blas-kernel.sh), a value
of OPENBLAS_CORETYPE set in the environment is kept; otherwise the project's probe picks it
(from its per-host cache, see scripts/blas-kernel.sh; it needs the built jar, and builds it with
scripts/setup.sh if missing); SPARKMLP_BLAS_PROBE=off lets OpenBLAS choose by itself.
USAGE
}

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PY=/usr/bin/python3
die() { echo "bench-pytorch: error: $*" >&2; exit 2; }

threads=1 epochs="" out="" extra=()
while (($#)); do
  case $1 in
    --threads) (($# >= 2)) || die "--threads needs a number"; threads=$2; shift ;;
    --threads=*) threads=${1#--threads=} ;;
    --epochs) (($# >= 2)) || die "--epochs needs a number"; epochs=$2; shift ;;
    --epochs=*) epochs=${1#--epochs=} ;;
    --out) (($# >= 2)) || die "--out needs a file"; out=$2; shift ;;
    --out=*) out=${1#--out=} ;;
    -h|--help) usage; exit 0 ;;
    --) shift; extra=("$@"); break ;;
    *) echo "bench-pytorch: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
[[ $threads =~ ^[1-9][0-9]*$ ]] || die "--threads: expected a whole number >= 1, found '$threads'"
[[ -z $epochs || $epochs =~ ^[1-9][0-9]*$ ]] || die "--epochs: expected a whole number >= 1, found '$epochs'"
[[ -n $out ]] || out="$ROOT/runs/bench-pytorch-$(date -u +%Y%m%d-%H%M%S).json"

# 1. PyTorch from Debian (no PyPI here).
if ! "$PY" -c 'import torch, numpy' 2>/dev/null; then
  if ((EUID == 0)); then
    echo "bench-pytorch: installing python3-torch with apt-get (once; it brings numpy)" >&2
    apt-get install -y python3-torch >&2 || { apt-get update >&2 && apt-get install -y python3-torch >&2; }
  else
    echo "bench-pytorch: $PY cannot import torch; install Debian's PyTorch with:" >&2
    echo "  sudo apt-get install -y python3-torch" >&2
    exit 3
  fi
fi

# 2. MNIST (the script checks the MD5s and fetches nothing when the files are there).
if ! compgen -G "$ROOT/data/mnist/t10k-labels-idx1-ubyte" >/dev/null; then
  bash "$ROOT/scripts/get-data.sh" mnist >&2
fi

# 3. The OpenBLAS kernel set, as the project's launchers choose it (kept when already set).
# shellcheck source=scripts/_blas-kernel.sh
source "$ROOT/scripts/_blas-kernel.sh"
if [[ -z ${OPENBLAS_CORETYPE:-} ]]; then
  case ${SPARKMLP_BLAS_PROBE:-on} in
    off|false|0) ;;
    *)
      if [[ -z $(compgen -G "$ROOT/target/sparkmlp-*.jar" || true) \
            || -z $(compgen -G "$ROOT/target/spark-home/jars/*.jar" || true) ]]; then
        bash "$ROOT/scripts/setup.sh" >&2
      fi
      choose_blas_kernel "$(compgen -G "$ROOT/target/sparkmlp-*.jar" | head -n 1):$ROOT/target/spark-home/jars/*"
      ;;
  esac
fi

# 4. The thread layout: one number for torch, OpenMP and OpenBLAS (values set outside are kept).
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-$threads} OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-$threads}

epoch_args=()
[[ -n $epochs ]] && epoch_args=(--epochs "$epochs")
exec "$PY" "$ROOT/scripts/bench-pytorch.py" --threads "$threads" "${epoch_args[@]}" --out "$out" "${extra[@]}"
