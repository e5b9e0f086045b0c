"""CTGAN (Xu et al., NeurIPS 2019): a conditional Wasserstein GAN for tables, written from the paper."""

from __future__ import annotations

import numpy as np

from ._conditional import ConditionSampler
from ..parameters import Param
from ._neural import NeuralSampler
from ._torch import BlockLayout

# Gumbel-softmax temperature of the generator's mode and category outputs (the paper's 0.2).
TAU = 0.2
# Weight of the WGAN-GP gradient penalty.
GP_WEIGHT = 10.0
# Default budget of optimiser steps (see docs/generative.md for the measurements behind it).
STEPS = 3000


class CTGANSampler(NeuralSampler):
    """Over-sample with a conditional tabular GAN trained on the data.

    Numeric columns are encoded by mode-specific normalisation (a variational Gaussian mixture per
    column), categorical columns one-hot. One model is trained per class to grow, on that class's
    rows. The generator (residual fully connected layers with batch normalisation; tanh for α,
    Gumbel-softmax for modes and categories) is conditioned, by training-by-sampling, on one category
    of one categorical column, with a cross-entropy term that makes it honour that category:
    categories are drawn by log-frequency in training and by their true frequency when rows are
    generated. The critic judges ``pac`` rows at once (PacGAN) and is trained with the Wasserstein
    loss and a gradient penalty (WGAN-GP). Rows that fall outside the class's observed ranges or
    categories are drawn again, not clipped.

    Parameters
    ----------
    sampling_strategy : str, float, dict or callable, default="auto"
        How many rows to generate per class (imbalanced-learn's forms).
    random_state : int, RandomState or None, default=None
        Seed for numpy and torch; the same seed and settings give the same rows.
    steps : int, default=3000
        Optimiser steps (generator updates) per class at most; early stopping may end sooner. A fixed
        budget of steps rather than of epochs, so that a small class gets as many updates as a large
        one (an epoch of a 100-row class is one step); epochs follow as ``steps * rows per step /
        rows``. On large tables raise it (``losses_`` shows whether the distance still falls).
    batch_size : int, default=500
        Rows per step (at most the class's training rows, rounded up to a multiple of ``pac``); a
        multiple of ``pac``.
    embedding_dim : int, default=128
        Size of the generator's random input.
    generator_dim, discriminator_dim : tuple of int, default=(128, 128)
        Widths of the hidden layers (the paper's 256 learned no better per step here, and is slower).
    generator_lr, discriminator_lr : float, default=1e-3
        Adam learning rates (betas 0.5, 0.9); higher than the paper's 2e-4, which learned a class's
        relations too slowly within the budget (see docs/generative.md).
    generator_decay, discriminator_decay : float, default=1e-6
        Adam weight decay.
    pac : int, default=10
        Rows the critic sees together (PacGAN), against mode collapse.
    discriminator_steps : int, default=1
        Critic updates per generator update.
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
        budget over all classes, and the mean losses since the last call (``generator``, ``discriminator``, ``condition``: the adversarial loss, the critic's loss and the cross-entropy of the conditioned category). When training
        of a class stops early, a last call counts its skipped steps as done.

    Attributes
    ----------
    sampling_strategy_ : dict
        Class -> number of rows generated.
    losses_ : DataFrame
        One row per report: ``model`` (the class), ``step``, ``epoch`` (steps as passes over the
        training rows), the mean losses (``generator``, ``discriminator``, ``condition``: the adversarial loss, the critic's loss and the cross-entropy of the conditioned category) and ``distance``, the validation distance (NaN
        without held-out rows).
    best_step_ : dict
        Class -> the step whose model generated the rows (the closest to the held-out rows).
    provenance_ : DataFrame
        One row per synthetic row; ``parent`` and ``neighbor`` are -1 and ``lam`` NaN.

    Notes
    -----
    Beyond the paper: one model per class (so every row has the class's label and the model sees
    only its rows), early stopping on held-out rows, and rows generated with batch normalisation in
    evaluation mode. Defaults and the measurements behind them: ``docs/generative.md``.

    References
    ----------
    .. [1] L. Xu, M. Skoularidou, A. Cuesta-Infante and K. Veeramachaneni, "Modeling Tabular Data using
       Conditional GAN", Advances in Neural Information Processing Systems 32 (NeurIPS), 2019.

    Examples
    --------
    >>> from smote_core import CTGANSampler, load_dataset
    >>> fraud, column = load_dataset("fraud")
    >>> gan = CTGANSampler(steps=2, batch_size=20, random_state=0)
    >>> X_res, y_res = gan.fit_resample(fraud.drop(columns=column), fraud[column])
    >>> int((y_res == "fraud").sum())
    56
    """

    _technique = "ctgan"
    _parameter_constraints = {
        **NeuralSampler._parameter_constraints,
        "embedding_dim": Param("int", "Size of the generator's random input.", low=1),
        "generator_dim": Param("widths", "Hidden layer widths of the generator."),
        "discriminator_dim": Param("widths", "Hidden layer widths of the critic."),
        "generator_lr": Param("float", "Adam learning rate of the generator.", low=0),
        "discriminator_lr": Param("float", "Adam learning rate of the critic.", low=0),
        "generator_decay": Param("float", "Adam weight decay of the generator.", low=0),
        "discriminator_decay": Param("float", "Adam weight decay of the critic.", low=0),
        "pac": Param("int", "Rows the critic judges together (PacGAN), against mode collapse.", low=1),
        "discriminator_steps": Param("int", "Critic updates per generator update.", low=1),
    }

    def __init__(
        self,
        *,
        sampling_strategy="auto",
        random_state=None,
        steps=STEPS,
        batch_size=500,
        embedding_dim=128,
        generator_dim=(128, 128),
        discriminator_dim=(128, 128),
        generator_lr=1e-3,
        discriminator_lr=1e-3,
        generator_decay=1e-6,
        discriminator_decay=1e-6,
        pac=10,
        discriminator_steps=1,
        validation_share=0.1,
        n_threads=1,
        progress=None,
    ):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.steps = steps
        self.batch_size = batch_size
        self.embedding_dim = embedding_dim
        self.generator_dim = generator_dim
        self.discriminator_dim = discriminator_dim
        self.generator_lr = generator_lr
        self.discriminator_lr = discriminator_lr
        self.generator_decay = generator_decay
        self.discriminator_decay = discriminator_decay
        self.pac = pac
        self.discriminator_steps = discriminator_steps
        self.validation_share = validation_share
        self.n_threads = n_threads
        self.progress = progress

    def _check_params(self, X, y):
        super()._check_params(X, y)
        if self.batch_size % self.pac:
            raise ValueError(
                f"batch_size={self.batch_size} must be a multiple of pac={self.pac} (the critic judges "
                f"groups of pac rows): use e.g. batch_size={self.pac * max(1, round(self.batch_size / self.pac))}."
            )

    def _train(self, torch, data, transformer, rng, loop):
        conditions = ConditionSampler(data, transformer.discrete_spans_)
        layout = BlockLayout(torch, transformer.spans_)
        conditioned_block = torch.tensor([layout.block_index(s) for s in transformer.discrete_spans_], dtype=torch.long)
        pac = self.pac
        n = min(self.batch_size, pac * -(-len(data) // pac))  # no bigger than the data (rounded up to pacs)
        generator, generate = _generator(torch, self.embedding_dim + conditions.dim, self.generator_dim, data.shape[1])
        critic = _critic(torch, (data.shape[1] + conditions.dim) * pac, self.discriminator_dim)

        def judge(rows):
            return critic(rows.reshape(-1, rows.shape[1] * pac))

        adam = torch.optim.Adam
        opt_g = adam(generator.parameters(), lr=self.generator_lr, betas=(0.5, 0.9), weight_decay=self.generator_decay)
        opt_d = adam(critic.parameters(), lr=self.discriminator_lr, betas=(0.5, 0.9), weight_decay=self.discriminator_decay)
        # both rates fall linearly to 0 over the budget of steps, so that the game settles
        decay = [torch.optim.lr_scheduler.LambdaLR(opt, lambda done: 1 - done / self.steps) for opt in (opt_g, opt_d)]
        real_data = torch.from_numpy(data.astype(np.float32))

        def fake_batch(cond):
            raw = generate(torch.cat([torch.randn(n, self.embedding_dim), cond], dim=1))
            return raw, torch.cat([layout.activate(raw, TAU), cond], dim=1)

        def step() -> dict:
            for _ in range(self.discriminator_steps):
                cond_np, rows, _, _ = conditions.train_batch(n, rng)
                cond = torch.from_numpy(cond_np)
                real = torch.cat([real_data[rows], cond], dim=1)
                with torch.no_grad():
                    fake = fake_batch(cond)[1]
                penalty = _gradient_penalty(torch, judge, real, fake, pac)
                loss_d = judge(fake).mean() - judge(real).mean() + GP_WEIGHT * penalty
                opt_d.zero_grad(set_to_none=True)
                loss_d.backward()
                opt_d.step()
            cond_np, _, column, category = conditions.train_batch(n, rng)
            raw, fake = fake_batch(torch.from_numpy(cond_np))
            adversarial = -judge(fake).mean()
            condition = torch.zeros(())
            if conditions.spans:  # cross-entropy of the conditioned column against its category
                log_probs = layout.log_probs(raw)
                picked = log_probs[torch.arange(n), conditioned_block[torch.from_numpy(column)], torch.from_numpy(category)]
                condition = -picked.mean()
            opt_g.zero_grad(set_to_none=True)
            (adversarial + condition).backward()
            opt_g.step()
            for schedule in decay:
                schedule.step()
            return {"generator": adversarial.item(), "discriminator": loss_d.item(), "condition": condition.item()}

        model = _Model(torch, generator, generate, conditions, layout, self.embedding_dim)
        loop.run(step, model, generator, n, rng)
        return model


class _Model:
    """A trained generator and its conditional sampler: draws encoded rows of the class."""

    def __init__(self, torch, modules, generate, conditions, layout, embedding_dim):
        self.torch, self.modules, self.generate = torch, modules, generate
        self.conditions, self.layout, self.embedding_dim = conditions, layout, embedding_dim

    def sample(self, n: int, rng) -> np.ndarray:
        torch = self.torch
        training = self.modules.training
        self.modules.eval()  # batch normalisation with its running statistics
        cond = torch.from_numpy(self.conditions.sample_batch(n, rng))
        with torch.no_grad():
            raw = self.generate(torch.cat([torch.randn(n, self.embedding_dim), cond], dim=1))
            rows = self.layout.activate(raw, TAU)
        self.modules.train(training)
        return rows.numpy().astype(np.float64)


def _generator(torch, in_dim: int, widths, out_dim: int):
    """The paper's generator: residual blocks h ⊕ ReLU(BN(FC(h))), then a linear head.

    Returns the modules (for parameters and train/eval) and the forward function.
    """
    nn = torch.nn
    blocks, width = nn.ModuleList(), in_dim
    for hidden in widths:
        blocks.append(nn.Sequential(nn.Linear(width, hidden), nn.BatchNorm1d(hidden), nn.ReLU()))
        width += hidden
    head = nn.Linear(width, out_dim)
    modules = nn.ModuleList([blocks, head])

    def forward(x):
        for block in blocks:
            x = torch.cat([block(x), x], dim=1)
        return head(x)

    return modules, forward


def _critic(torch, in_dim: int, widths):
    """The paper's critic: FC → LeakyReLU(0.2) → Dropout(0.5) per hidden layer, then one score."""
    nn = torch.nn
    layers, width = [], in_dim
    for hidden in widths:
        layers += [nn.Linear(width, hidden), nn.LeakyReLU(0.2), nn.Dropout(0.5)]
        width = hidden
    return nn.Sequential(*layers, nn.Linear(width, 1))


def _gradient_penalty(torch, judge, real, fake, pac: int):
    """WGAN-GP: (‖∇ critic‖ − 1)² at random points between real and fake pacs."""
    n, dim = real.shape
    alpha = torch.rand(n // pac, 1, 1).expand(n // pac, pac, dim).reshape(n, dim)
    mixed = (alpha * real + (1 - alpha) * fake).requires_grad_(True)
    (gradient,) = torch.autograd.grad(judge(mixed).sum(), mixed, create_graph=True)
    return ((gradient.reshape(-1, pac * dim).norm(2, dim=1) - 1) ** 2).mean()
