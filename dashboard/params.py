"""The Resample page's parameter form, generated from the registry.

Each technique's sampler is built with the registry's defaults (no optional dependency needed), and
its ``get_params()`` give the fields: the default's type picks the widget, the class docstring's
numpydoc entry gives the help text and, for ``name : {"a", "b"}``, the choices. Parameters that
take objects (a custom SMOTE, a neighbours estimator, an SVM) and the callbacks are left to code.
"""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass
from numbers import Integral, Real

from smote_core import registry
from smote_core.over_sampling import SMOTE

SEED_PARAM = "random_state"
STRATEGY_PARAM = "sampling_strategy"
# set by the page itself (seed widget, progress bar) or fixed by the table (SMOTE-NC reads the dtypes)
_NOT_IN_FORM = {SEED_PARAM, "progress", "categorical_features"}
# neighbour counts within the class being grown: a class needs more rows than this
_SAME_CLASS_NEIGHBOURS = {"k_neighbors", "n_neighbors", "smote.k_neighbors"}
# object parameters offered through the parameters of the object they default to
_NESTED = {"smote": SMOTE}
_CHOICES = re.compile(r"^\s*(\w+)\s*:\s*\{([^}]*)\}", re.MULTILINE)


@dataclass(frozen=True)
class ParamSpec:
    """One field of the form.

    ``kind`` is ``int``, ``float``, ``bool``, ``choice``, ``tuple`` (of ints, typed as ``256, 256``),
    ``text`` or ``strategy`` (1.0 = balance the classes, less = that minority/majority ratio).
    """

    name: str
    kind: str
    default: object
    help: str = ""
    choices: tuple = ()
    minimum: float | None = None
    maximum: float | None = None

    @property
    def label(self) -> str:
        if self.kind == "strategy":
            return "Minority size after resampling, as a share of the majority"
        return self.name


def _doc_entries(cls) -> dict:
    """Parameter name -> (first sentence of its description, choices from ``{...}``), from numpydoc."""
    doc = inspect.getdoc(cls) or ""
    entries = {}
    lines = doc.splitlines()
    for i, line in enumerate(lines):
        match = re.match(r"^(\w+(?:, \w+)*) : (.*)$", line)
        if not match:
            continue
        text = []
        for follow in lines[i + 1:]:
            if not follow.startswith("    "):
                break
            text.append(follow.strip())
        sentence = " ".join(text).split(". ")[0].rstrip(".")
        choices = ()
        braces = _CHOICES.match(line)
        if braces:
            choices = tuple(part.strip().strip("\"'") for part in braces.group(2).split(","))
        for name in match.group(1).split(", "):
            entries[name] = (sentence, choices)
    return entries


def _spec(name: str, default, doc: tuple, smallest_class: int | None) -> ParamSpec | None:
    help_text, choices = doc
    if name == STRATEGY_PARAM:
        return ParamSpec(name, "strategy", 1.0, "1.0 balances the classes ('auto'); 0.5 grows the minority to "
                         "half the majority's size (two classes only).", minimum=0.05, maximum=1.0)
    if isinstance(default, bool):
        return ParamSpec(name, "bool", default, help_text)
    if isinstance(default, str):
        if choices:
            return ParamSpec(name, "choice", default, help_text, choices)
        return ParamSpec(name, "text", default, help_text)
    if isinstance(default, Integral):
        value, maximum = int(default), None
        if name in _SAME_CLASS_NEIGHBOURS and smallest_class is not None:
            maximum = max(1, smallest_class - 1)
            value = min(value, maximum)
            help_text += f" (at most {maximum} here: the smallest class has {smallest_class} rows)"
        return ParamSpec(name, "int", value, help_text, minimum=1 if value >= 1 else 0, maximum=maximum)
    if isinstance(default, Real):
        return ParamSpec(name, "float", float(default), help_text)
    if isinstance(default, tuple) and all(isinstance(v, Integral) for v in default):
        return ParamSpec(name, "tuple", ", ".join(map(str, default)), help_text + " (comma-separated widths)")
    return None


def param_specs(technique_id: str, smallest_class: int | None = None) -> list[ParamSpec]:
    """The form fields of ``technique_id``, in the sampler's parameter order.

    ``smallest_class`` caps same-class neighbour counts so the defaults run on the data at hand.
    """
    entry = registry.get(technique_id)
    sampler = entry.sampler_class(**dict(entry.defaults))
    docs = _doc_entries(type(sampler))
    specs = []
    for name, default in sampler.get_params(deep=False).items():
        if name in _NOT_IN_FORM:
            continue
        if default is None and name in _NESTED:
            inner = _NESTED[name]()
            inner_docs = _doc_entries(_NESTED[name])
            for inner_name, inner_default in inner.get_params(deep=False).items():
                if inner_name in (SEED_PARAM, STRATEGY_PARAM):
                    continue
                spec = _spec(f"{name}.{inner_name}", inner_default, inner_docs.get(inner_name, ("", ())),
                             smallest_class)
                if spec is not None:
                    specs.append(spec)
            continue
        spec = _spec(name, default, docs.get(name, ("", ())), smallest_class)
        if spec is not None:
            specs.append(spec)
    order = {STRATEGY_PARAM: 0}
    return sorted(specs, key=lambda s: order.get(s.name, 1))


def _parse_tuple(name: str, text) -> tuple:
    parts = [p.strip() for p in str(text).split(",") if p.strip()]
    try:
        widths = tuple(int(p) for p in parts)
    except ValueError:
        raise ValueError(f"{name}={text!r}: write whole numbers separated by commas, e.g. 256, 256.") from None
    if not widths or min(widths) < 1:
        raise ValueError(f"{name}={text!r}: give at least one positive width, e.g. 256, 256.")
    return widths


def build_params(technique_id: str, values: dict, seed: int, n_classes: int = 2) -> dict:
    """Turn the form's values into the keyword arguments of :func:`smote_core.registry.make`.

    Nested fields (``smote.k_neighbors``) build the inner sampler with the same seed and strategy;
    a strategy below 1.0 is a minority/majority ratio.

    Raises
    ------
    ValueError
        For a value of the wrong form (a ratio with more than two classes, a bad list of widths).
    """
    specs = {spec.name: spec for spec in param_specs(technique_id)}
    params, nested = {SEED_PARAM: int(seed)}, {}
    for name, value in values.items():
        spec = specs.get(name)
        if spec is None:
            continue
        if spec.kind == "strategy":
            ratio = float(value)
            if ratio >= 1.0:
                value = "auto"
            elif n_classes != 2:
                raise ValueError(f"a ratio of {ratio:g} works with two classes only; this target has {n_classes}: "
                                 "set it back to 1.0 (balance every class).")
            else:
                value = ratio
        elif spec.kind == "tuple":
            value = _parse_tuple(name, value)
        elif spec.kind == "int":
            value = int(value)
        elif spec.kind == "float":
            value = float(value)
        if "." in name:
            outer, inner = name.split(".", 1)
            nested.setdefault(outer, {})[inner] = value
        else:
            params[name] = value
    for outer, inner_values in nested.items():
        defaults = _NESTED[outer]().get_params(deep=False)
        if any(defaults[k] != v for k, v in inner_values.items()):
            params[outer] = _NESTED[outer](sampling_strategy=params.get(STRATEGY_PARAM, "auto"),
                                           random_state=int(seed), **inner_values)
    return params


def default_values(technique_id: str, smallest_class: int | None = None) -> dict:
    """Field name -> default value, as the form shows it."""
    return {spec.name: spec.default for spec in param_specs(technique_id, smallest_class)}


def technique_label(technique_id: str, recommended: str | None = None) -> str:
    """How a technique is listed: its label, with the recommendation and a missing dependency marked."""
    entry = registry.get(technique_id)
    text = entry.label
    if technique_id == recommended:
        text += " (recommended)"
    if not entry.available:
        text += f" (needs {entry.needs}: not installed)"
    return text


def unavailable_message(technique_id: str) -> str | None:
    """What to do when a technique cannot run here (CTGAN/TVAE without PyTorch); None when it can."""
    entry = registry.get(technique_id)
    if entry.available:
        return None
    return (f"{entry.label} needs PyTorch, which is not installed here. To enable CTGAN and TVAE, install the "
            "generative extra: pip install 'smote-lab[generative]' (on Streamlit Community Cloud, add torch to "
            "requirements.txt). The Gaussian copula models the same mixed columns without PyTorch.")
