"""PyTorch, imported only when a neural sampler runs, and a seeded, thread-limited session for it."""

from __future__ import annotations

from contextlib import contextmanager

import numpy as np
from threadpoolctl import threadpool_limits

from ._transformer import SOFTMAX, TANH


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


class BlockLayout:
    """The encoded row's blocks as index tensors, so that all softmax blocks are handled at once.

    The softmax blocks (modes and categories) are gathered into one ``(rows, blocks, widest)``
    tensor, shorter blocks padded with -inf; α columns are addressed together.

    Parameters
    ----------
    torch : module
    spans : list of Span
        The transformer's ``spans_``.
    """

    def __init__(self, torch, spans):
        self.torch = torch
        blocks = [span for span in spans if span.activation == SOFTMAX]
        self.starts = [span.start for span in blocks]
        width = max(span.width for span in blocks)
        gather = np.zeros((len(blocks), width), dtype=np.int64)
        valid = np.zeros((len(blocks), width), dtype=bool)
        for b, span in enumerate(blocks):
            gather[b, : span.width] = np.arange(span.start, span.stop)
            valid[b, : span.width] = True
        self.alpha = torch.tensor([span.start for span in spans if span.activation == TANH], dtype=torch.long)
        self.gather = torch.from_numpy(gather.ravel())
        self.valid = torch.from_numpy(valid)
        self.padding = torch.from_numpy(np.where(valid, 0.0, -np.inf).astype(np.float32))
        self.soft_columns = torch.from_numpy(gather[valid])
        self.shape = (len(blocks), width)

    def block_index(self, span) -> int:
        """Position of a softmax ``span`` among the blocks."""
        return self.starts.index(span.start)

    def targets(self, data: np.ndarray) -> np.ndarray:
        """(rows, blocks) index of the chosen mode or category of each block of encoded rows."""
        padded = np.where(self.valid.numpy(), data[:, self.gather.numpy()].reshape(-1, *self.shape), -np.inf)
        return padded.argmax(axis=2)

    def log_probs(self, raw):
        """(rows, blocks, widest) log-softmax of each block's logits (padding: -inf)."""
        logits = self._blocks(raw) + self.padding
        return logits - self.torch.logsumexp(logits, dim=2, keepdim=True)

    def _blocks(self, raw):
        return self.torch.index_select(raw, 1, self.gather).reshape(-1, *self.shape)

    def activate(self, raw, tau: float, sample: bool = True):
        """Squash raw outputs: tanh for α, Gumbel-softmax samples at temperature ``tau`` for the blocks
        (the arg-max of a block is a draw from its softmax); with ``sample=False`` the plain softmax
        (its arg-max is the most likely mode or category)."""
        torch = self.torch
        logits = self._blocks(raw)
        if sample:
            logits = logits - torch.empty_like(logits).exponential_().log()  # + Gumbel noise
        probs = torch.softmax(logits / tau + self.padding, dim=2)
        out = raw.new_zeros(raw.shape).index_copy(1, self.alpha, torch.tanh(raw[:, self.alpha]))
        return out.index_copy(1, self.soft_columns, probs[:, self.valid])
