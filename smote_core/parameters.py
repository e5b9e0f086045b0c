"""Sampler parameters declared as data: what each one accepts, in one table per sampler class.

Every sampler class holds a ``_parameter_constraints`` table (parameter name -> :class:`Param`),
extended by its subclasses. ``fit_resample`` checks the parameters against it once, before any data
is touched; the dashboard builds its parameter forms from it and the command line describes its
``--param`` options with it. Read a sampler's table with :func:`parameter_table`.

Rules that depend on the data (a class too small for ``k_neighbors``, a ``sampling_strategy`` naming
an unknown class, ``categorical_features`` naming a missing column) are checked by the sampler itself
once it sees the data.
"""

from __future__ import annotations

from dataclasses import dataclass
from numbers import Integral, Real
from typing import Callable

import numpy as np

from ._neighbors import neighbor_count

KINDS = ("int", "float", "choice", "bool", "widths", "neighbors", "strategy", "seed", "columns",
         "object", "callable")


@dataclass(frozen=True)
class Param:
    """What one constructor parameter accepts.

    Attributes
    ----------
    kind : str
        ``"int"``, ``"float"``, ``"choice"`` (one of ``options``), ``"bool"``, ``"widths"`` (a tuple of
        positive integers: layer widths), ``"neighbors"`` (a positive integer or an object with
        ``fit``/``kneighbors``), ``"strategy"`` (imbalanced-learn's ``sampling_strategy`` forms),
        ``"seed"`` (an integer, a ``RandomState`` or None), ``"columns"`` (columns of X, checked
        against the data), ``"object"`` (an object that ``accepts`` approves) or ``"callable"``.
    help : str
        One line on what the parameter does, as a person choosing it needs to read it.
    low, high : float, optional
        Inclusive bounds of an ``int``, ``float`` or ``neighbors`` value.
    options : tuple
        The values a ``choice`` takes.
    none : str, optional
        What ``None`` means, when ``None`` is allowed (e.g. "fit the SVM on every row").
    expect : str
        For ``object``: what to pass, as an error message says it (e.g. "an SVM such as SVC()").
    accepts : callable, optional
        For ``object``: ``accepts(value) -> bool``.
    """

    kind: str
    help: str
    low: float | None = None
    high: float | None = None
    options: tuple = ()
    none: str | None = None
    expect: str = ""
    accepts: Callable | None = None

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"Param kind {self.kind!r} is not known; use one of {list(KINDS)}.")

    def check(self, name: str, value) -> None:
        """Raise a ``ValueError`` that says what to pass when ``value`` does not fit this parameter."""
        if value is None and (self.none is not None or self.kind in ("seed", "callable")):
            return
        if not _CHECKS[self.kind](self, value):
            raise ValueError(f"{name}={value!r} {self.requirement()}.")
        if self.kind == "neighbors":
            neighbor_count(value, name)  # an object's own n_neighbors, with its own message

    def requirement(self) -> str:
        """What the parameter accepts, as the end of a sentence: "must be an integer of at least 2"."""
        text = _REQUIREMENTS[self.kind](self)
        return text + (f", or None ({self.none})" if self.none is not None else "")

    def describe(self) -> str:
        """What the parameter accepts, as a phrase of its own: "an integer of at least 2"."""
        if self.kind == "choice":
            return f"one of {list(self.options)}" + (f", or None ({self.none})" if self.none is not None else "")
        return self.requirement().removeprefix("must be ")


def _is_int(value) -> bool:
    return isinstance(value, Integral) and not isinstance(value, bool)


def _is_number(value) -> bool:
    return isinstance(value, Real) and not isinstance(value, bool) and np.isfinite(value)


def _within(param: Param, value) -> bool:
    return (param.low is None or value >= param.low) and (param.high is None or value <= param.high)


def _bounds(param: Param) -> str:
    if param.low is not None and param.high is not None:
        return f" in [{param.low:g}, {param.high:g}]"
    if param.low is not None:
        return f" of at least {param.low:g}"
    if param.high is not None:
        return f" of at most {param.high:g}"
    return ""


_CHECKS = {
    "int": lambda p, v: _is_int(v) and _within(p, v),
    "float": lambda p, v: _is_number(v) and _within(p, v),
    "choice": lambda p, v: isinstance(v, str) and v in p.options,
    "bool": lambda p, v: isinstance(v, (bool, np.bool_)),
    "widths": lambda p, v: isinstance(v, (tuple, list)) and len(v) > 0 and all(_is_int(w) and w >= 1 for w in v),
    "neighbors": lambda p, v: (hasattr(v, "kneighbors") and hasattr(v, "fit")) or (_is_int(v) and _within(p, v)),
    "strategy": lambda p, v: True,  # its forms depend on y: checked by check_sampling_strategy
    "seed": lambda p, v: _is_int(v) or isinstance(v, np.random.RandomState),
    "columns": lambda p, v: True,  # names or positions of X's columns: checked against X
    "object": lambda p, v: p.accepts is None or bool(p.accepts(v)),
    "callable": lambda p, v: callable(v),
}

def _positive_or_bounded(param: Param) -> str:
    if (param.low, param.high) == (1, None):
        return "a positive integer"
    return ("a positive integer" if param.kind == "neighbors" else "an integer") + _bounds(param)


_REQUIREMENTS = {
    "int": lambda p: "must be " + _positive_or_bounded(p),
    "float": lambda p: "must be a number" + _bounds(p),
    "choice": lambda p: f"is not known; use one of {list(p.options)}",
    "bool": lambda p: "must be True or False",
    "widths": lambda p: "must be a tuple of positive integers (layer widths), e.g. (256, 256)",
    "neighbors": lambda p: ("must be " + _positive_or_bounded(p)
                            + " or an object with fit/kneighbors (e.g. sklearn.neighbors.NearestNeighbors)"),
    "strategy": lambda p: "must be a string such as 'auto', a float, a dict {class: rows wanted} or a callable",
    "seed": lambda p: "must be an integer, a numpy RandomState or None",
    "columns": lambda p: "must name columns of X",
    "object": lambda p: f"must be {p.expect}",
    "callable": lambda p: "must be a function, or None",
}


def parameter_table(sampler) -> dict[str, Param]:
    """Parameter name -> :class:`Param` of a sampler class or instance, in the constructor's order."""
    cls = sampler if isinstance(sampler, type) else type(sampler)
    table = cls._parameter_constraints
    undeclared = [name for name in cls._get_param_names() if name not in table]
    if undeclared:
        raise TypeError(f"{cls.__name__} declares no Param for {undeclared}: add them to its _parameter_constraints.")
    return {name: table[name] for name in cls._get_param_names()}


def check_parameters(sampler) -> None:
    """Check every parameter of ``sampler`` against its table (the first misfit raises).

    Raises
    ------
    ValueError
        Naming the parameter, the value given and what it must be.
    """
    for name, param in parameter_table(sampler).items():
        param.check(name, getattr(sampler, name))
