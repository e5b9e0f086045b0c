"""Contract of the three generative samplers on mixed data: labels, counts, support, dtypes,
provenance, determinism, progress, and clear errors."""

import numpy as np
import pandas as pd
import pytest

from smote_core.generative import CTGANSampler, GaussianCopulaSampler, TVAESampler
from smote_core.generative._training import PATIENCE

_CLASSES = {"ctgan": CTGANSampler, "tvae": TVAESampler, "gaussian-copula": GaussianCopulaSampler}
_SMALL_NETS = {
    "ctgan": {"steps": 2, "batch_size": 50, "embedding_dim": 16, "generator_dim": (32,), "discriminator_dim": (32,)},
    "tvae": {"steps": 2, "batch_size": 50, "embedding_dim": 8, "compress_dims": (32,), "decompress_dims": (32,)},
    "gaussian-copula": {},
}


def make(name, **params):
    """A sampler with small networks and few steps (fast), overridden by ``params``."""
    return _CLASSES[name](**(_SMALL_NETS[name] | params))


FAST = dict.fromkeys(_CLASSES)
NEURAL = ["ctgan", "tvae"]


def _synthetic(X, X_res, y_res):
    return X_res.iloc[len(X):].reset_index(drop=True), np.asarray(y_res)[len(X):]


@pytest.fixture(scope="module", params=list(FAST))
def run(request, small):
    name = request.param
    X, y = small
    sampler = make(name, random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    return name, sampler, X, y, X_res, y_res


def test_every_new_row_has_the_requested_label_and_counts_balance(run):
    _, sampler, X, y, X_res, y_res = run
    assert sampler.sampling_strategy_ == {"yes": 180}
    assert isinstance(y_res, pd.Series) and y_res.name == "churn"
    assert y_res.value_counts().to_dict() == {"yes": 240, "no": 240}
    _, new_labels = _synthetic(X, X_res, y_res)
    assert (new_labels == "yes").all()


def test_originals_first_untouched_and_dtypes_kept(run):
    _, _, X, y, X_res, y_res = run
    pd.testing.assert_frame_equal(X_res.iloc[: len(X)], X)
    assert y_res.iloc[: len(y)].tolist() == y.tolist()
    assert (X_res.dtypes == X.dtypes).all()


def test_categories_seen_in_the_class_and_numbers_in_its_range(run):
    _, _, X, y, X_res, y_res = run
    new, _ = _synthetic(X, X_res, y_res)
    churners = X[y == "yes"]
    for name in ("internet", "contract", "payment", "paperless"):
        assert set(new[name]) <= set(churners[name]), name
    for name in ("age", "tenure_months", "monthly_charge", "total_charges"):
        assert new[name].between(churners[name].min(), churners[name].max()).all(), name


def test_integer_columns_come_back_as_integers(run):
    _, _, X, y, X_res, y_res = run
    new, _ = _synthetic(X, X_res, y_res)
    for name in ("age", "tenure_months"):
        assert new[name].dtype == np.int64
    assert isinstance(new["contract"].dtype, pd.CategoricalDtype)


def test_provenance_marks_rows_drawn_from_a_model(run):
    name, sampler, X, _, _, _ = run
    prov = sampler.provenance_
    assert prov["row"].tolist() == list(range(len(X), len(X) + 180))
    assert (prov["parent"] == -1).all() and (prov["neighbor"] == -1).all() and prov["lam"].isna().all()
    assert (prov["label"] == "yes").all() and set(prov["technique"]) == {name}


def test_same_seed_same_rows_other_seed_other_rows(small):
    X, y = small
    for name in FAST:
        a = make(name, random_state=3).fit_resample(X, y)[0]
        b = make(name, random_state=3).fit_resample(X, y)[0]
        c = make(name, random_state=4).fit_resample(X, y)[0]
        pd.testing.assert_frame_equal(a, b)
        assert not a.iloc[len(X):].equals(c.iloc[len(X):]), name


@pytest.mark.parametrize("name", NEURAL)
def test_progress_reports_optimiser_steps_with_the_losses(small, name):
    X, y = small
    calls = []
    sampler = make(name, steps=80, random_state=0, validation_share=0,
                   progress=lambda done, total, losses: calls.append((done, total, losses)))
    sampler.fit_resample(X, y)
    assert [(done, total) for done, total, _ in calls] == [(2 * i, 80) for i in range(1, 41)]  # 40 reports
    keys = {"ctgan": {"generator", "discriminator", "condition"}, "tvae": {"loss", "reconstruction", "kl"}}[name]
    assert all(set(losses) == keys and all(np.isfinite(list(losses.values()))) for _, _, losses in calls)
    history = sampler.losses_
    assert len(history) == 40 and keys | {"step", "epoch", "distance", "model"} == set(history.columns)
    assert history["step"].tolist() == list(range(2, 81, 2)) and (history["model"] == "yes").all()
    np.testing.assert_allclose(history["epoch"], history["step"] * 50 / 60)  # 50 rows a step, 60 churners
    assert history["distance"].isna().all() and sampler.best_step_ == {"yes": 80}  # nothing held out


@pytest.mark.parametrize("name", NEURAL)
def test_early_stopping_keeps_the_closest_model_and_ends_the_progress_bar(small, name):
    X, y = small  # 60 churners: 10% held out is too few (6 rows) to stop on
    calls = []
    sampler = make(name, steps=400, random_state=0, validation_share=0.2,
                   progress=lambda done, total, losses: calls.append((done, total)))
    sampler.fit_resample(X, y)
    history = sampler.losses_
    assert history["distance"].notna().all()
    kept = sampler.best_step_["yes"]
    assert history.set_index("step").loc[kept, "distance"] == history["distance"].min()
    assert calls[-1] == (400, 400)
    if history["step"].iloc[-1] < 400:  # stopped early: PATIENCE checks without a better distance
        assert (history["step"] > kept).sum() == PATIENCE


def test_too_few_held_out_rows_train_on_every_row(small):
    X, y = small
    sampler = make("tvae", steps=20, random_state=0)  # 10% of 60 churners = 6 rows < MIN_VALIDATION_ROWS
    sampler.fit_resample(X, y)
    assert sampler.losses_["distance"].isna().all() and sampler.best_step_ == {"yes": 20}


@pytest.mark.parametrize("name", list(FAST))
def test_multiclass_dict_strategy_and_one_model_per_class(small, name):
    X, y = small
    y3 = y.where(y == "yes", np.where(X["internet"] == "fiber", "fiber-stay", "other-stay"))
    counts = y3.value_counts()
    wanted = {"yes": 100, "fiber-stay": int(counts["fiber-stay"]) + 30}
    calls = []
    params = {"random_state": 0} | ({"progress": lambda *a: calls.append(a)} if name in NEURAL else {})
    sampler = make(name, sampling_strategy=wanted, **params)
    X_res, y_res = sampler.fit_resample(X, y3)
    new, labels = _synthetic(X, X_res, y_res)
    assert labels.tolist() == ["fiber-stay"] * 30 + ["yes"] * 40  # sorted label order
    assert (new.loc[labels == "fiber-stay", "internet"] == "fiber").all()
    if name in NEURAL:
        assert len(calls) == 2 * 2 and calls[-1][:2] == (4, 4)


def test_numpy_input_gives_numpy_output():
    rng = np.random.RandomState(0)
    X = np.vstack([rng.normal(0, 1, (80, 3)), rng.normal(3, 1, (20, 3))])
    y = np.array([0] * 80 + [1] * 20)
    for name in FAST:
        X_res, y_res = make(name, random_state=0).fit_resample(X, y)
        assert isinstance(X_res, np.ndarray) and X_res.dtype == np.float64 and X_res.shape == (160, 3)
        assert (y_res[100:] == 1).all()
        assert (X_res[100:].min(axis=0) >= X[80:].min(axis=0)).all()


# --- clear errors ------------------------------------------------------------------------------

@pytest.mark.parametrize("name", list(FAST))
def test_missing_values_are_refused_naming_the_column(small, name):
    X, y = small
    X = X.copy()
    X.loc[3, "monthly_charge"] = np.nan
    with pytest.raises(ValueError, match=r"missing values.*monthly_charge.*fill"):
        make(name).fit_resample(X, y)


@pytest.mark.parametrize("name", list(FAST))
def test_a_single_valued_column_is_refused_naming_it(small, name):
    X, y = small
    X = X.assign(country="NL")
    with pytest.raises(ValueError, match=r"\['country'\] hold a single value.*drop"):
        make(name).fit_resample(X, y)


@pytest.mark.parametrize("name", list(FAST))
def test_a_class_too_small_to_learn_from_is_refused(small, name):
    X, y = small
    keep = (y == "no") | (np.arange(len(y)) < 300) & (y == "yes").cumsum().le(1)
    with pytest.raises(ValueError, match=r"class 'yes' has 1 row; .* needs at least \d+ rows"):
        make(name).fit_resample(X[keep], y[keep])


def test_neural_minimum_is_ten_rows(small):
    X, y = small
    keep = (y == "no") | (y == "yes").cumsum().le(9)
    with pytest.raises(ValueError, match=r"class 'yes' has 9 rows; CTGANSampler needs at least 10"):
        make("ctgan").fit_resample(X[keep], y[keep])


@pytest.mark.parametrize(
    "params, message",
    [
        ({"batch_size": 55}, r"batch_size=55 must be a multiple of pac=10"),
        ({"steps": 0}, r"steps=0 must be a positive integer"),
        ({"validation_share": 0.9}, r"validation_share=0.9 must be a number in \[0, 0.5\]"),
        ({"n_threads": 0}, r"n_threads=0 must be a positive integer"),
        ({"progress": "bar"}, r"progress='bar' must be a function"),
    ],
)
def test_bad_parameters_say_what_to_do(small, params, message):
    X, y = small
    with pytest.raises(ValueError, match=message):
        make("ctgan", **params).fit_resample(X, y)


def test_dates_are_refused(small):
    X, y = small
    X = X.assign(signed=pd.date_range("2020-01-01", periods=len(X)))
    with pytest.raises(ValueError, match=r"\['signed'\] hold dates"):
        GaussianCopulaSampler().fit_resample(X, y)


def test_tvae_decoding_must_be_known(small):
    X, y = small
    with pytest.raises(ValueError, match=r"decoding='mode' is not known; use one of \['sample', 'argmax'\]"):
        make("tvae", decoding="mode").fit_resample(X, y)


def test_most_likely_decoding_takes_each_block_arg_max_and_sampling_draws_from_it():
    import torch  # installed by the set-up: this test must not skip quietly

    from smote_core.generative._torch import BlockLayout
    from smote_core.generative._transformer import SOFTMAX, TANH, Span

    layout = BlockLayout(torch, [Span(0, 1, TANH), Span(1, 3, SOFTMAX), Span(4, 2, SOFTMAX)])
    raw = torch.tensor([[0.3, 2.0, 1.0, 0.0, 0.0, 0.5]]).repeat(4000, 1)  # softmax 0.67 / 0.24 / 0.09
    most_likely = layout.activate(raw, 1.0, sample=False)
    assert (most_likely[:, 1:4].argmax(dim=1) == 0).all() and (most_likely[:, 4:6].argmax(dim=1) == 1).all()
    torch.manual_seed(0)
    drawn = layout.activate(raw, 1.0)[:, 1:4].argmax(dim=1)
    shares = torch.bincount(drawn, minlength=3).double() / len(drawn)
    assert torch.allclose(shares, torch.softmax(raw[0, 1:4].double(), dim=0), atol=0.03)
    assert torch.allclose(most_likely[:, 0], torch.tanh(raw[:, 0]))
