"""The largest upload the default limit allows, through every page, keeps the server under the Cloud bound.

A fresh server of its own (the shared one serves other tests), a CSV just under ``server.maxUploadSize``
(at least 50 MB), and the journey of :mod:`benchmarks.memory`; the peak is the server's ``VmHWM``.
"""

from __future__ import annotations

import pytest

from benchmarks import memory

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_the_largest_allowed_upload_stays_under_the_memory_bound(chromium, tmp_path):
    limit = memory.upload_limit_mb()
    path = tmp_path / "largest.csv"
    path.write_bytes(memory.largest_csv(limit))
    assert 50e6 <= path.stat().st_size <= limit * 1e6
    peak = memory.measure(chromium, path)
    assert peak < memory.BOUND_MIB, f"peak {peak:.0f} MiB over the {memory.BOUND_MIB} MiB bound"
