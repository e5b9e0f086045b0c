"""TVAE (Xu et al., NeurIPS 2019): a variational autoencoder for tables, written from the paper."""

from __future__ import annotations

from numbers import Integral

import numpy as np

from ._neural import NeuralSampler
from ._torch import activate

# Bounds of the learned standard deviation of each α output.
SIGMA_RANGE = (0.01, 1.0)


class TVAESampler(NeuralSampler):
    """Over-sample with a tabular variational autoencoder trained on the data.

    Rows are encoded as for CTGAN (mode-specific normalisation for numbers, one-hot categories). The
    encoder maps a row and its label to a Gaussian posterior over a latent vector; the decoder maps a
    latent vector and the label to ``α ~ N(tanh(·), σ)`` (σ learned per output) and softmax modes and
    categories. Training maximises the evidence lower bound. New rows of a class decode standard
    normal latent vectors under that class's label, so every row gets the requested label.

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
    train_on : {"class", "all"}, default="class"
        ``"class"``: one model per class to grow, trained on that class's rows alone. ``"all"``: one
        model on every row, conditioned on the label. Measured on the ``churn`` demo (default
        settings, one thread): <<MEASURED>>
    n_threads : int or None, default=1
        Torch threads during the fit (restored afterwards); None keeps torch's setting.
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
        epochs=300,
        batch_size=500,
        embedding_dim=128,
        compress_dims=(128, 128),
        decompress_dims=(128, 128),
        learning_rate=1e-3,
        l2scale=1e-5,
        loss_factor=2.0,
        train_on="class",
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

    def _check_params(self, X, y):
        super()._check_params(X, y)
        if not isinstance(self.embedding_dim, Integral) or isinstance(self.embedding_dim, bool) or self.embedding_dim < 1:
            raise ValueError(f"embedding_dim={self.embedding_dim!r} must be a positive integer.")

    def _train(self, torch, data, labels, n_labels, transformer, rng, report):
        nn, spans = torch.nn, transformer.spans_
        n_rows, dim = data.shape
        alpha = torch.tensor([s.start for s in spans if s.activation == "tanh"], dtype=torch.long)
        encoder, width = _mlp(torch, dim + n_labels, self.compress_dims)
        to_mu, to_logvar = nn.Linear(width, self.embedding_dim), nn.Linear(width, self.embedding_dim)
        body, width = _mlp(torch, self.embedding_dim + n_labels, self.decompress_dims)
        decoder = nn.Sequential(body, nn.Linear(width, dim))
        sigma = nn.Parameter(torch.full((dim,), 0.1))
        modules = nn.ModuleList([encoder, to_mu, to_logvar, decoder])
        optimizer = torch.optim.Adam(
            [*modules.parameters(), sigma], lr=self.learning_rate, weight_decay=self.l2scale
        )
        x_all = torch.from_numpy(data.astype(np.float32))
        c_all = torch.eye(n_labels)[torch.from_numpy(labels)]
        targets = [x_all[:, s.start:s.stop].argmax(dim=1) for s in spans if s.activation != "tanh"]
        for epoch in range(1, self.epochs + 1):
            order = torch.from_numpy(rng.permutation(n_rows))
            totals = np.zeros(3)
            for index in torch.split(order, self.batch_size):
                x, c = x_all[index], c_all[index]
                hidden = encoder(torch.cat([x, c], dim=1))
                mu, logvar = to_mu(hidden), to_logvar(hidden)
                z = mu + torch.exp(0.5 * logvar) * torch.randn_like(mu)
                out = decoder(torch.cat([z, c], dim=1))
                recon = _reconstruction(torch, out, x, sigma, spans, alpha, [t[index] for t in targets])
                kl = -0.5 * torch.sum(1 + logvar - mu**2 - logvar.exp())
                loss = (self.loss_factor * recon + kl) / len(index)
                optimizer.zero_grad(set_to_none=True)
                loss.backward()
                optimizer.step()
                sigma.data.clamp_(*SIGMA_RANGE)
                totals += (loss.item(), recon.item() / len(index), kl.item() / len(index))
            totals /= len(torch.split(order, self.batch_size))
            report(epoch, dict(zip(("loss", "reconstruction", "kl"), totals.tolist())))
        return _Model(torch, decoder, sigma.detach(), alpha, spans, self.embedding_dim, n_labels)


class _Model:
    """A trained decoder: draws encoded rows of one label from standard normal latent vectors."""

    def __init__(self, torch, decoder, sigma, alpha, spans, embedding_dim, n_labels):
        self.torch, self.decoder, self.sigma, self.alpha = torch, decoder, sigma, alpha
        self.spans, self.embedding_dim, self.n_labels = spans, embedding_dim, n_labels

    def sample(self, label: int, n: int, rng) -> np.ndarray:
        torch = self.torch
        cond = torch.zeros(n, self.n_labels)
        cond[:, label] = 1.0
        with torch.no_grad():
            raw = self.decoder(torch.cat([torch.randn(n, self.embedding_dim), cond], dim=1))
            rows = activate(torch, raw, self.spans, 1.0)
            noisy = rows[:, self.alpha] + self.sigma[self.alpha] * torch.randn(n, len(self.alpha))
            rows[:, self.alpha] = noisy.clamp(-1.0, 1.0)
        return rows.numpy().astype(np.float64)


def _mlp(torch, in_dim: int, widths):
    """Linear → ReLU per hidden width; returns the stack and its output width."""
    nn = torch.nn
    layers, width = [], in_dim
    for hidden in widths:
        layers += [nn.Linear(width, hidden), nn.ReLU()]
        width = hidden
    return nn.Sequential(*layers), width


def _reconstruction(torch, out, x, sigma, spans, alpha, targets):
    """Negative log-likelihood of the batch: Gaussian for α, cross-entropy for modes and categories."""
    s = sigma[alpha]
    loss = (((x[:, alpha] - torch.tanh(out[:, alpha])) ** 2) / (2 * s**2)).sum() + torch.log(s).sum() * len(x)
    softmax_spans = [span for span in spans if span.activation != "tanh"]
    for span, target in zip(softmax_spans, targets):
        loss = loss + torch.nn.functional.cross_entropy(out[:, span.start:span.stop], target, reduction="sum")
    return loss
