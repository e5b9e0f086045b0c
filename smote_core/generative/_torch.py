"""PyTorch, imported only when a neural sampler runs, and a seeded, thread-limited session for it."""

from __future__ import annotations

from contextlib import contextmanager

from threadpoolctl import threadpool_limits


def import_torch(name: str):
    """Return the ``torch`` module, or raise a ValueError that says how to get it and what else works."""
    try:
        import torch
    except ImportError as exc:
        raise ValueError(
            f"{name} needs PyTorch, which is not installed: pip install 'smote-lab[generative]' "
            "(or use the technique 'gaussian-copula', GaussianCopulaSampler, which needs no torch)."
        ) from exc
    return torch


@contextmanager
def torch_session(torch, seed: int, n_threads: int | None):
    """Run with torch's global generator seeded and ``n_threads`` threads for torch and for numpy's
    and scikit-learn's thread pools; restore all afterwards, so a fit neither depends on nor changes
    the caller's state.

    The samplers use only operations that are deterministic on the CPU at a fixed thread count
    (dense layers, batch norm, Adam), so the same seed gives the same rows without
    ``torch.use_deterministic_algorithms``, which would cost seconds of imports on first use.
    """
    threads = torch.get_num_threads()
    with torch.random.fork_rng(devices=[]), threadpool_limits(n_threads):
        torch.manual_seed(seed)
        if n_threads is not None:
            torch.set_num_threads(n_threads)
        try:
            yield
        finally:
            torch.set_num_threads(threads)


def activate(torch, raw, spans, tau: float):
    """Squash a network's raw output block by block: tanh for α, Gumbel-softmax samples at
    temperature ``tau`` for modes and categories (their arg-max is a draw from the softmax)."""
    parts = []
    for span in spans:
        block = raw[:, span.start:span.stop]
        if span.activation == "tanh":
            parts.append(torch.tanh(block))
        else:
            parts.append(torch.nn.functional.gumbel_softmax(block, tau=tau))
    return torch.cat(parts, dim=1)
