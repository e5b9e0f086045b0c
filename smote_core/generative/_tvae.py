"""TVAE (Xu et al., NeurIPS 2019): a variational autoencoder for tables, written from the paper."""

from __future__ import annotations

import numpy as np

from ..parameters import Param
from ._neural import NeuralSampler
from ._torch import BlockLayout

# Bounds of the learned standard deviation of each α output.
SIGMA_RANGE = (0.01, 1.0)
# Default budget of optimiser steps (see docs/generative.md for the measurements behind it).
STEPS = 2000
DECODINGS = ("sample", "argmax")


class TVAESampler(NeuralSampler):
    """Over-sample with a tabular variational autoencoder trained on the data.

    Rows are encoded as for CTGAN (mode-specific normalisation for numbers, one-hot categories). One
    model is trained per class to grow, on that class's rows. The encoder maps a row to a Gaussian
    posterior over a latent vector; the decoder maps a latent vector to ``α ~ N(tanh(·), σ)`` (σ
    learned per output) and softmax modes and categories. Training maximises the evidence lower
    bound. New rows decode standard normal latent vectors; rows that fall outside the class's
    observed ranges or categories are drawn again, not clipped.

    Parameters
    ----------
    sampling_strategy : str, float, dict or callable, default="auto"
        How many rows to generate per class (imbalanced-learn's forms).
    random_state : int, RandomState or None, default=None
        Seed for numpy and torch; the same seed and settings give the same rows.
    steps : int, default=2000
        Optimiser steps per class at most; early stopping may end sooner. A fixed budget of steps
        rather than of epochs, so that a small class gets as many updates as a large one; epochs
        follow as ``steps * rows per step / rows``. On large tables raise it (``losses_`` shows
        whether the distance still falls).
    batch_size : int, default=500
        Rows per step (at most the class's training rows).
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
    decoding : {"argmax", "sample"}, default="argmax"
        How a generated row's modes and categories are read from the decoder's softmax outputs:
        ``"argmax"`` takes the most likely one (as the reference implementation does), ``"sample"``
        draws one from the softmax. α is drawn from ``N(tanh(·), σ)`` either way. "argmax" was
        measured to keep the relations between columns better at the same category coverage
        (docs/generative.md).
    validation_share : float, default=0.1
        Share of the class's rows held out of training for early stopping: every few steps generated
        rows are compared with them (kernel distance plus correlation difference), the closest model
        is kept and training stops when it has not improved for a while. No rows are held out when
        the share gives fewer than 10 (classes under 100 rows at the default): those train on every
        row for all the steps. 0 turns early stopping off.
    n_threads : int or None, default=1
        Torch threads (and numpy/scikit-learn thread pools) during the fit, restored afterwards; None
        keeps the current settings (on a small shared machine more threads were measured far slower).
    progress : callable or None, default=None
        Called every few steps as ``progress(done, total, losses)``: optimiser steps done and in the
        budget over all classes, and the mean losses since the last call (``loss``, ``reconstruction``, ``kl``). When training
        of a class stops early, a last call counts its skipped steps as done.

    Attributes
    ----------
    sampling_strategy_ : dict
        Class -> number of rows generated.
    losses_ : DataFrame
        One row per report: ``model`` (the class), ``step``, ``epoch`` (steps as passes over the
        training rows), the mean losses (``loss``, ``reconstruction``, ``kl``) and ``distance``, the validation distance (NaN
        without held-out rows).
    best_step_ : dict
        Class -> the step whose model generated the rows (the closest to the held-out rows).
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
    >>> vae = TVAESampler(steps=2, batch_size=16, random_state=0).fit(X, y)
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
        "decoding": Param("choice", "'argmax': each mode and category its most likely value; 'sample': drawn "
                                    "from the decoder's probabilities.", options=DECODINGS),
    }

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
        self.validation_share = validation_share
        self.decoding = decoding
        self.n_threads = n_threads
        self.progress = progress

    def _train(self, torch, data, transformer, rng, loop):
        nn, layout = torch.nn, BlockLayout(torch, transformer.spans_)
        n_rows, dim = data.shape
        encoder, width = _mlp(torch, dim, self.compress_dims)
        to_mu, to_logvar = nn.Linear(width, self.embedding_dim), nn.Linear(width, self.embedding_dim)
        body, width = _mlp(torch, self.embedding_dim, self.decompress_dims)
        decoder = nn.Sequential(body, nn.Linear(width, dim))
        log_sigma = nn.Parameter(torch.full((len(layout.alpha),), float(np.log(0.1))))
        modules = nn.ModuleList([encoder, to_mu, to_logvar, decoder])
        optimizer = torch.optim.Adam([*modules.parameters(), log_sigma], lr=self.learning_rate, weight_decay=self.l2scale)
        x_all = torch.from_numpy(data.astype(np.float32))
        targets = torch.from_numpy(layout.targets(data))[:, :, None]
        bounds = tuple(float(np.log(b)) for b in SIGMA_RANGE)
        n = min(self.batch_size, n_rows)

        def step() -> dict:
            index = torch.from_numpy(rng.choice(n_rows, n, replace=False))
            x = x_all[index]
            hidden = encoder(x)
            mu, logvar = to_mu(hidden), to_logvar(hidden)
            z = mu + torch.exp(0.5 * logvar) * torch.randn_like(mu)
            out = decoder(z)
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

        model = _Model(torch, decoder, log_sigma, layout, self.embedding_dim, self.decoding == "sample")
        loop.run(step, model, nn.ModuleList([modules, nn.ParameterList([log_sigma])]), n, rng)
        return model


class _Model:
    """A trained decoder: draws encoded rows of the class from standard normal latent vectors."""

    def __init__(self, torch, decoder, log_sigma, layout, embedding_dim, draw_blocks):
        self.torch, self.decoder, self.log_sigma, self.layout = torch, decoder, log_sigma, layout
        self.embedding_dim, self.draw_blocks = embedding_dim, draw_blocks

    def sample(self, n: int, rng) -> np.ndarray:
        torch, alpha = self.torch, self.layout.alpha
        with torch.no_grad():
            raw = self.decoder(torch.randn(n, self.embedding_dim))
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
