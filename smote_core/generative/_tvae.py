"""TVAE (Xu et al., NeurIPS 2019): a variational autoencoder for tables, written from the paper."""

from __future__ import annotations

import numpy as np

from ..parameters import Param
from ._neural import NeuralSampler
from ._torch import BlockLayout

# Bounds of the learned standard deviation of each α output.
SIGMA_RANGE = (0.01, 1.0)


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
        ``"class"``: one model per class to grow, on its rows alone. "all" gave more faithful rows on
        the built-in datasets (``python -m benchmarks.generative`` measures it; see
        docs/performance.md), partly through its larger number of optimisation steps; its cost grows
        with the whole dataset, that of "class" with the class only: prefer "class" (with more
        epochs) when the other classes are large.
    n_threads : int or None, default=1
        Torch threads (and numpy/scikit-learn thread pools) during the fit, restored afterwards; None
        keeps the current settings. One thread is the default because torch's own default (one per
        core) is often much slower where other work shares the cores.
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

    References
    ----------
    .. [1] L. Xu, M. Skoularidou, A. Cuesta-Infante and K. Veeramachaneni, "Modeling Tabular Data
       using Conditional GAN", NeurIPS 2019, where TVAE is the variational autoencoder baseline.

    Examples
    --------
    >>> import pandas as pd
    >>> from smote_core import TVAESampler
    >>> X = pd.DataFrame({"age": range(40), "plan": ["basic", "plus"] * 20})
    >>> y = pd.Series(["stay"] * 28 + ["leave"] * 12, name="outcome")
    >>> vae = TVAESampler(epochs=2, batch_size=16, train_on="class", random_state=0).fit(X, y)
    >>> vae.losses_["model"].unique().tolist()
    ['leave']
    """

    _technique = "tvae"
    _parameter_constraints = {
        **NeuralSampler._parameter_constraints,
        "embedding_dim": Param("int", "Size of the latent vector.", low=1),
        "learning_rate": Param("float", "Adam learning rate.", low=0),
        "l2scale": Param("float", "Adam weight decay.", low=0),
        "loss_factor": Param("float", "Weight of the reconstruction term against the KL term.", low=0),
        "compress_dims": Param("widths", "Hidden layer widths of the encoder."),
        "decompress_dims": Param("widths", "Hidden layer widths of the decoder."),
    }

    def __init__(
        self,
        *,
        sampling_strategy="auto",
        random_state=None,
        epochs=300,
        batch_size=500,
        embedding_dim=128,
        compress_dims=(128, 128),
        decompress_dims=(128, 128),
        learning_rate=1e-3,
        l2scale=1e-5,
        loss_factor=2.0,
        train_on="all",
        n_threads=1,
        progress=None,
    ):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.epochs = epochs
        self.batch_size = batch_size
        self.embedding_dim = embedding_dim
        self.compress_dims = compress_dims
        self.decompress_dims = decompress_dims
        self.learning_rate = learning_rate
        self.l2scale = l2scale
        self.loss_factor = loss_factor
        self.train_on = train_on
        self.n_threads = n_threads
        self.progress = progress

    def _train(self, torch, data, labels, n_labels, transformer, rng, report):
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
        for epoch in range(1, self.epochs + 1):
            totals, order = np.zeros(3), torch.from_numpy(rng.permutation(n_rows))
            batches = torch.split(order, self.batch_size)
            for index in batches:
                x, c = x_all[index], c_all[index]
                hidden = encoder(torch.cat([x, c], dim=1))
                mu, logvar = to_mu(hidden), to_logvar(hidden)
                z = mu + torch.exp(0.5 * logvar) * torch.randn_like(mu)
                out = decoder(torch.cat([z, c], dim=1))
                # negative log-likelihood: Gaussian for α, cross-entropy for modes and categories
                alpha_error = x[:, layout.alpha] - torch.tanh(out[:, layout.alpha])
                recon = (alpha_error**2 / (2 * torch.exp(2 * log_sigma))).sum() + log_sigma.sum() * len(index)
                recon = recon - layout.log_probs(out).gather(2, targets[index]).sum()
                kl = -0.5 * torch.sum(1 + logvar - mu**2 - logvar.exp())
                loss = (self.loss_factor * recon + kl) / len(index)
                optimizer.zero_grad(set_to_none=True)
                loss.backward()
                optimizer.step()
                with torch.no_grad():
                    log_sigma.clamp_(*bounds)
                totals += (loss.item(), recon.item() / len(index), kl.item() / len(index))
            totals /= len(batches)
            report(epoch, dict(zip(("loss", "reconstruction", "kl"), totals.tolist())))
        return _Model(torch, decoder, log_sigma.detach().exp(), layout, self.embedding_dim, n_labels)


class _Model:
    """A trained decoder: draws encoded rows of one label from standard normal latent vectors."""

    def __init__(self, torch, decoder, sigma, layout, embedding_dim, n_labels):
        self.torch, self.decoder, self.sigma, self.layout = torch, decoder, sigma, layout
        self.embedding_dim, self.n_labels = embedding_dim, n_labels

    def sample(self, label: int, n: int, rng) -> np.ndarray:
        torch, alpha = self.torch, self.layout.alpha
        cond = torch.zeros(n, self.n_labels)
        cond[:, label] = 1.0
        with torch.no_grad():
            raw = self.decoder(torch.cat([torch.randn(n, self.embedding_dim), cond], dim=1))
            rows = self.layout.activate(raw, 1.0)
            rows[:, alpha] = (rows[:, alpha] + self.sigma * torch.randn(n, len(alpha))).clamp(-1.0, 1.0)
        return rows.numpy().astype(np.float64)


def _mlp(torch, in_dim: int, widths):
    """Linear → ReLU per hidden width; returns the stack and its output width."""
    nn = torch.nn
    layers, width = [], in_dim
    for hidden in widths:
        layers += [nn.Linear(width, hidden), nn.ReLU()]
        width = hidden
    return nn.Sequential(*layers), width
