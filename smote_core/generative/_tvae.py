"""TVAE (Xu et al., NeurIPS 2019): a variational autoencoder for tables, written from the paper."""

from __future__ import annotations

import numpy as np

from ._neural import NeuralSampler, check_positive_int
from ._torch import BlockLayout

# Bounds of the learned standard deviation of each α output.
SIGMA_RANGE = (0.01, 1.0)
# Default budget of optimiser steps (see docs/generative.md for the measurements behind it).
STEPS = 2000
DECODINGS = ("sample", "argmax")


class TVAESampler(NeuralSampler):
    """Over-sample with a tabular variational autoencoder trained on the data.

    Rows are encoded as for CTGAN (mode-specific normalisation for numbers, one-hot categories). The
    encoder maps a row and its label to a Gaussian posterior over a latent vector; the decoder maps a
    latent vector and the label to ``α ~ N(tanh(·), σ)`` (σ learned per output) and softmax modes and
    categories. Training maximises the evidence lower bound. New rows of a class decode standard
    normal latent vectors under that class's label, so every row gets the requested label; rows that
    fall outside the class's observed ranges or categories are drawn again, not clipped.

    Parameters
    ----------
    sampling_strategy : str, float, dict or callable, default="auto"
        How many rows to generate per class (imbalanced-learn's forms).
    random_state : int, RandomState or None, default=None
        Seed for numpy and torch; the same seed and settings give the same rows.
    epochs : int, default=300
        Passes over the training rows.
    batch_size : int, default=500
        Rows per step.
    embedding_dim : int, default=128
        Size of the latent vector.
    compress_dims, decompress_dims : tuple of int, default=(128, 128)
        Hidden layer widths of the encoder and of the decoder.
    learning_rate : float, default=1e-3
        Adam learning rate.
    l2scale : float, default=1e-5
        Adam weight decay.
    loss_factor : float, default=2.0
        Weight of the reconstruction term against the KL term.
    train_on : {"all", "class"}, default="all"
        ``"all"``: one model on every row, the label one-hot fed to encoder and decoder.
        ``"class"``: one model per class to grow, on its rows alone. Measured with
        ``python -m benchmarks.generative`` (300 epochs, one thread; detection ROC-AUC of the
        synthetic minority against held-out minority rows, 0.5 is ideal): on ``subscribers`` (200
        churners among 2,000 rows) "all" 0.84 in 9 s, "class" 0.94 in 1.5 s; on ``customers`` (98
        among 1,000) "all" 0.55 in 7 s, "class" 0.64 in 0.9 s. Much of the gain of "all" is its
        larger number of optimisation steps ("class" with 1,200 epochs on ``subscribers``: 0.80 in
        5 s); its cost grows with the whole dataset, that of "class" with the class only: prefer
        "class" (with more epochs) when the other classes are large.
    n_threads : int or None, default=1
        Torch threads (and numpy/scikit-learn thread pools) during the fit, restored afterwards; None
        keeps the current settings. On this 2-core machine shared with other work, 30 epochs on
        2,000 rows took 6.6 s with one thread and 93 s with torch's default of two.
    progress : callable or None, default=None
        Called after every epoch as ``progress(done, total, losses)``: epochs done and to do over all
        models of the fit, and that epoch's mean ``{"loss", "reconstruction", "kl"}``.

    Attributes
    ----------
    sampling_strategy_ : dict
        Class -> number of rows generated.
    losses_ : DataFrame
        One row per epoch: ``model`` (the class trained on, or "all"), ``epoch``, ``loss``,
        ``reconstruction``, ``kl``.
    provenance_ : DataFrame
        One row per synthetic row; ``parent`` and ``neighbor`` are -1 and ``lam`` NaN.
    """

    _technique = "tvae"

    def __init__(
        self,
        *,
        sampling_strategy="auto",
        random_state=None,
        steps=STEPS,
        batch_size=500,
        embedding_dim=128,
        compress_dims=(128, 128),
        decompress_dims=(128, 128),
        learning_rate=1e-3,
        l2scale=1e-5,
        loss_factor=2.0,
        train_on="class",
        validation_share=0.1,
        decoding="argmax",
        n_threads=1,
        progress=None,
    ):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.steps = steps
        self.batch_size = batch_size
        self.embedding_dim = embedding_dim
        self.compress_dims = compress_dims
        self.decompress_dims = decompress_dims
        self.learning_rate = learning_rate
        self.l2scale = l2scale
        self.loss_factor = loss_factor
        self.train_on = train_on
        self.validation_share = validation_share
        self.decoding = decoding
        self.n_threads = n_threads
        self.progress = progress

    def _check_params(self, X, y):
        super()._check_params(X, y)
        check_positive_int(self.embedding_dim, "embedding_dim")
        if self.decoding not in DECODINGS:
            raise ValueError(f"decoding={self.decoding!r} is not known; use one of {list(DECODINGS)}.")

    def _train(self, torch, data, labels, n_labels, transformer, rng, loop):
        nn, layout = torch.nn, BlockLayout(torch, transformer.spans_)
        n_rows, dim = data.shape
        encoder, width = _mlp(torch, dim + n_labels, self.compress_dims)
        to_mu, to_logvar = nn.Linear(width, self.embedding_dim), nn.Linear(width, self.embedding_dim)
        body, width = _mlp(torch, self.embedding_dim + n_labels, self.decompress_dims)
        decoder = nn.Sequential(body, nn.Linear(width, dim))
        log_sigma = nn.Parameter(torch.full((len(layout.alpha),), float(np.log(0.1))))
        modules = nn.ModuleList([encoder, to_mu, to_logvar, decoder])
        optimizer = torch.optim.Adam([*modules.parameters(), log_sigma], lr=self.learning_rate, weight_decay=self.l2scale)
        x_all = torch.from_numpy(data.astype(np.float32))
        c_all = torch.eye(n_labels)[torch.from_numpy(labels)]
        targets = torch.from_numpy(layout.targets(data))[:, :, None]
        bounds = tuple(float(np.log(b)) for b in SIGMA_RANGE)
        n = min(self.batch_size, n_rows)

        def step() -> dict:
            index = torch.from_numpy(rng.choice(n_rows, n, replace=False))
            x, c = x_all[index], c_all[index]
            hidden = encoder(torch.cat([x, c], dim=1))
            mu, logvar = to_mu(hidden), to_logvar(hidden)
            z = mu + torch.exp(0.5 * logvar) * torch.randn_like(mu)
            out = decoder(torch.cat([z, c], dim=1))
            # negative log-likelihood: Gaussian for α, cross-entropy for modes and categories
            alpha_error = x[:, layout.alpha] - torch.tanh(out[:, layout.alpha])
            recon = (alpha_error**2 / (2 * torch.exp(2 * log_sigma))).sum() + log_sigma.sum() * n
            recon = recon - layout.log_probs(out).gather(2, targets[index]).sum()
            kl = -0.5 * torch.sum(1 + logvar - mu**2 - logvar.exp())
            loss = (self.loss_factor * recon + kl) / n
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            with torch.no_grad():
                log_sigma.clamp_(*bounds)
            return {"loss": loss.item(), "reconstruction": recon.item() / n, "kl": kl.item() / n}

        model = _Model(torch, decoder, log_sigma, layout, self.embedding_dim, n_labels, self.decoding == "sample")
        loop.run(step, model, nn.ModuleList([modules, nn.ParameterList([log_sigma])]), n, rng)
        return model


class _Model:
    """A trained decoder: draws encoded rows of one label from standard normal latent vectors."""

    def __init__(self, torch, decoder, log_sigma, layout, embedding_dim, n_labels, draw_blocks):
        self.torch, self.decoder, self.log_sigma, self.layout = torch, decoder, log_sigma, layout
        self.embedding_dim, self.n_labels, self.draw_blocks = embedding_dim, n_labels, draw_blocks

    def sample(self, label: int, n: int, rng) -> np.ndarray:
        torch, alpha = self.torch, self.layout.alpha
        cond = torch.zeros(n, self.n_labels)
        cond[:, label] = 1.0
        with torch.no_grad():
            raw = self.decoder(torch.cat([torch.randn(n, self.embedding_dim), cond], dim=1))
            rows = self.layout.activate(raw, 1.0, sample=self.draw_blocks)
            sigma = self.log_sigma.exp()
            rows[:, alpha] = (rows[:, alpha] + sigma * torch.randn(n, len(alpha))).clamp(-1.0, 1.0)
        return rows.numpy().astype(np.float64)


def _mlp(torch, in_dim: int, widths):
    """Linear → ReLU per hidden width; returns the stack and its output width."""
    nn = torch.nn
    layers, width = [], in_dim
    for hidden in widths:
        layers += [nn.Linear(width, hidden), nn.ReLU()]
        width = hidden
    return nn.Sequential(*layers), width
