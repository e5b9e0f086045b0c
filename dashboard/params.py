"""The Resample page's parameter form, built from each sampler's table of parameters.

Each technique's sampler class declares its parameters as data (read with
:func:`smote_core.parameters.parameter_table`): the kind picks the widget, the bounds its limits,
the options a choice's values and the help text its tooltip. The defaults come from the sampler built
with the registry's defaults (no optional dependency needed). Parameters that take objects (a custom
SMOTE, a neighbours estimator, an SVM), columns and callbacks are left to code; ``None``-default
numbers (SVM-SMOTE's subset, torch threads) are set by the page where it matters.
"""

from __future__ import annotations

from dataclasses import dataclass

from smote_core import registry
from smote_core.candidates import SCALING
from smote_core.over_sampling import SMOTE
from smote_core.parameters import Param, parameter_table

SEED_PARAM = "random_state"
STRATEGY_PARAM = "sampling_strategy"
# neighbour counts within the class being grown: a class needs more rows than this
_SAME_CLASS_NEIGHBOURS = {"k_neighbors", "n_neighbors", "smote.k_neighbors"}
# object parameters offered through the parameters of the object they default to
_NESTED = {"smote": SMOTE}
# The dashboard's own defaults where they differ from the library's: neighbour searches on scaled columns,
# as the advisor's check runs them (the library keeps imbalanced-learn's unscaled search)
PAGE_DEFAULTS = {"neighbor_scaling": SCALING}
# how a choice whose table allows None offers it
NONE_OPTION = "none"
# Above this many rows the dashboard fits SVM-SMOTE's SVM on a stratified subset of this size: SVC's fit
# time grows about with the square of the rows, and a page must answer in seconds.
SVM_SUBSET_ROWS = 10_000


@dataclass(frozen=True)
class ParamSpec:
    """One field of the form.

    ``kind`` is ``int``, ``float``, ``bool``, ``choice``, ``tuple`` (of ints, typed as ``256, 256``),
    or ``strategy`` (1.0 = balance the classes, less = that minority/majority ratio).
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


def _spec(name: str, param: Param, default, smallest_class: int | None) -> ParamSpec | None:
    """The form field of one table entry, or None for what the form leaves to code."""
    if param.kind == "strategy":
        return ParamSpec(name, "strategy", 1.0, "1.0 balances the classes ('auto'); 0.5 grows the minority to "
                         "half the majority's size (two classes only).", minimum=0.05, maximum=1.0)
    if param.kind == "choice" and param.none is not None:  # None is one of the choices, named
        return ParamSpec(name, "choice", NONE_OPTION if default is None else default,
                         f"{param.help} {NONE_OPTION}: {param.none}.", (*param.options, NONE_OPTION))
    if default is None:
        return None
    if param.kind == "bool":
        return ParamSpec(name, "bool", default, param.help)
    if param.kind == "choice":
        return ParamSpec(name, "choice", default, param.help, param.options)
    if param.kind in ("int", "neighbors") and isinstance(default, int):
        return _int_spec(name, param, default, smallest_class)
    if param.kind == "float":
        return ParamSpec(name, "float", float(default), param.help, minimum=_float_or_none(param.low),
                         maximum=_float_or_none(param.high))
    if param.kind == "widths":
        return ParamSpec(name, "tuple", ", ".join(map(str, default)), param.help + " (comma-separated widths)")
    return None


def _float_or_none(value) -> float | None:
    return None if value is None else float(value)


def _int_spec(name: str, param: Param, default: int, smallest_class: int | None) -> ParamSpec:
    value, maximum, help_text = default, param.high, param.help
    if name in _SAME_CLASS_NEIGHBOURS and smallest_class is not None:
        cap = max(1, smallest_class - 1)
        maximum = cap if maximum is None else min(maximum, cap)
        help_text += f" (at most {cap} here: the smallest class has {smallest_class} rows)"
    if maximum is not None:
        value = min(value, int(maximum))
    minimum = param.low if param.low is not None else 0
    return ParamSpec(name, "int", value, help_text, minimum=int(minimum),
                     maximum=None if maximum is None else int(maximum))


def _specs_of(cls, defaults: dict, prefix: str, smallest_class: int | None, skip=()) -> list[ParamSpec]:
    specs = []
    for name, param in parameter_table(cls).items():
        if name in skip:
            continue
        default = defaults[name]
        if default is None and name in _NESTED:
            inner = _NESTED[name]
            specs += _specs_of(inner, inner().get_params(deep=False), f"{name}.", smallest_class,
                               skip=(SEED_PARAM, STRATEGY_PARAM))
            continue
        spec = _spec(prefix + name, param, default, smallest_class)
        if spec is not None:
            specs.append(spec)
    return specs


def param_specs(technique_id: str, smallest_class: int | None = None) -> list[ParamSpec]:
    """The form fields of ``technique_id``, in the sampler's parameter order (the strategy first).

    ``smallest_class`` caps same-class neighbour counts so the defaults run on the data at hand.
    """
    entry = registry.get(technique_id)
    defaults = entry.sampler_class(**dict(entry.defaults)).get_params(deep=False)
    defaults.update({name: value for name, value in PAGE_DEFAULTS.items() if name in defaults})
    specs = _specs_of(entry.sampler_class, defaults, "", smallest_class)
    return sorted(specs, key=lambda s: s.kind != "strategy")


def _parse_tuple(name: str, text) -> tuple:
    parts = [p.strip() for p in str(text).split(",") if p.strip()]
    try:
        widths = tuple(int(p) for p in parts)
    except ValueError:
        raise ValueError(f"{name}={text!r}: write whole numbers separated by commas, e.g. 256, 256.") from None
    if not widths or min(widths) < 1:
        raise ValueError(f"{name}={text!r}: give at least one positive width, e.g. 256, 256.")
    return widths


def build_params(technique_id: str, values: dict, seed: int, n_classes: int = 2, n_rows: int = 0) -> dict:
    """Turn the form's values into the keyword arguments of :func:`smote_core.registry.make`.

    Nested fields (``smote.k_neighbors``) build the inner sampler with the same seed and strategy;
    a strategy below 1.0 is a minority/majority ratio. Above :data:`SVM_SUBSET_ROWS` rows (``n_rows``),
    SVM-SMOTE fits its SVM on a stratified subset (see :func:`svm_subset_note`).

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
        elif spec.kind == "choice" and value == NONE_OPTION and NONE_OPTION in spec.choices:
            value = None
        if "." in name:
            outer, inner = name.split(".", 1)
            nested.setdefault(outer, {})[inner] = value
        else:
            params[name] = value
    if svm_subset_note(technique_id, n_rows):
        params["svm_max_rows"] = SVM_SUBSET_ROWS
    for outer, inner_values in nested.items():
        defaults = _NESTED[outer]().get_params(deep=False)
        if any(defaults[k] != v for k, v in inner_values.items()):
            params[outer] = _NESTED[outer](sampling_strategy=params.get(STRATEGY_PARAM, "auto"),
                                           random_state=int(seed), **inner_values)
    return params


def within_range(spec: ParamSpec, value):
    """``value`` of a number field brought into the field's range (its own type kept)."""
    if spec.maximum is not None and value > spec.maximum:
        value = type(value)(spec.maximum)
    if spec.minimum is not None and value < spec.minimum:
        value = type(value)(spec.minimum)
    return value


def svm_subset_note(technique_id: str, n_rows: int) -> str | None:
    """What the page says when SVM-SMOTE's SVM is fitted on a subset of the rows; None when it is not."""
    if technique_id != "svm-smote" or n_rows <= SVM_SUBSET_ROWS:
        return None
    return (f"The SVM is fitted on a stratified sample of {SVM_SUBSET_ROWS:,} of the {n_rows:,} rows (svm_max_rows) "
            "so that the page answers in seconds; its neighbour searches and the new rows use every row. "
            "Results can differ from imbalanced-learn's, which fits on every row (the library's default).")


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
