"""The ``smote-lab`` command line: advise, resample, evaluate, summary, params, dashboard.

Results go to stdout or to the file named with ``-o``; progress, notes about the input and errors go to
stderr. Exit codes: 0 success, 2 bad usage or bad input (one line saying what to fix), 1 an unexpected
failure (one line; ``--debug`` shows the traceback), 130 interrupted.
"""

from __future__ import annotations

import argparse
import ast
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from . import registry
from .candidates import parse, scaled_params
from .crossval import DEFAULT_MAX_ROWS
from .evaluation import compare_table, pivot, verdict
from .metrics import DEFAULT_GOAL, GOALS, METRICS
from .models import DEFAULT_MODEL, MODELS, describe_model
from .formats import read_table
from .io import EncodingError, export_table, split_target, synthetic_mask, to_csv_bytes, write_csv
from .parameters import parameter_table
from .pipeline import weight_params
from .tables import MISSING_CHOICES, feature_columns, handle_missing, weight_column

PROG = "smote-lab"
STDOUT = "-"  # as a file name: standard output
EXIT_OK, EXIT_UNEXPECTED, EXIT_BAD_INPUT, EXIT_INTERRUPTED = 0, 1, 2, 130


class UsageError(Exception):
    """Bad command-line usage (exit code 2)."""


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so every error leaves through one place."""

    def error(self, message):
        raise UsageError(message)


def _say(text: str) -> None:
    print(f"{PROG}: {text}", file=sys.stderr, flush=True)


def _one_line(text) -> str:
    return " ".join(str(text).split())


class Progress:
    """Progress of long work on stderr: a rewritten line on a terminal, a few lines in a log."""

    def __init__(self, what: str, quiet: bool = False):
        self.what, self.quiet = what, quiet
        self.tty = sys.stderr.isatty()
        self.last_tenth = -1

    def __call__(self, done: int, total: int, text="") -> None:
        """Report ``done`` of ``total``; ``text`` is shown when it is a string (a sampler's
        losses are not)."""
        if self.quiet:
            return
        line = f"{self.what}: {done}/{total}" + (f" ({text})" if text and isinstance(text, str) else "")
        if self.tty:
            print("\r\033[K" + line, end="\n" if done == total else "", file=sys.stderr, flush=True)
            return
        tenth = done * 10 // total
        if tenth != self.last_tenth:
            self.last_tenth = tenth
            print(line, file=sys.stderr, flush=True)


def parse_param(text: str) -> tuple[str, object]:
    """``k=v`` -> (k, value): numbers, true/false, none, Python literals; anything else stays text."""
    if "=" not in text:
        raise UsageError(f"--param {text!r} must look like name=value, e.g. --param k_neighbors=3.")
    name, raw = (part.strip() for part in text.split("=", 1))
    if not name.isidentifier():
        raise UsageError(f"--param {text!r}: {name!r} is not a parameter name.")
    words = {"true": True, "false": False, "none": None}
    if raw.lower() in words:
        return name, words[raw.lower()]
    try:
        return name, ast.literal_eval(raw)
    except (ValueError, SyntaxError):
        return name, raw


def _params(items) -> dict:
    return dict(parse_param(item) for item in items or ())


def _answers(items) -> dict:
    answers = {}
    for item in items or ():
        if "=" not in item:
            raise UsageError(f"--answer {item!r} must look like question=answer, e.g. --answer noise=heavily.")
        key, value = (part.strip() for part in item.split("=", 1))
        answers[key] = value
    return answers


class Loaded:
    """A table read for a command: the labelled table (original column order), features and target."""

    def __init__(self, args):
        try:
            frame, problems = read_table(args.data, encoding=args.encoding, delimiter=args.delimiter)
        except EncodingError as exc:
            raise EncodingError(f"{exc} On the command line: add --encoding cp1252 (or --encoding latin-1).") from None
        if frame.attrs.get("encoding_note"):
            problems.insert(0, f"{frame.attrs['encoding_note']} On the command line: --encoding NAME.")
        self.weight = getattr(args, "weight", None)
        if self.weight is not None:
            weight_column(frame, args.target, self.weight)  # checked before any row is dropped
        X, y, more = split_target(frame, args.target)
        weights = [] if self.weight is None else [self.weight]
        _, features, left_out = feature_columns(X.drop(columns=weights), getattr(args, "categorical", None))
        X = X[features + weights]  # the weights go through handle_missing with their rows
        more += left_out
        if args.missing is not None:
            X, y, handled = handle_missing(X, y, args.missing)
            more += handled
        elif X.isna().any(axis=None):
            more.append(f"{int(X.isna().any(axis=1).sum()):,} row(s) have missing feature values: add --missing drop "
                        "(drop those rows) or --missing fill (median / most frequent value) for the samplers "
                        "that need complete rows.")
        for problem in problems + more:
            _say(f"note: {_one_line(problem)}")
        self.target = args.target
        self.X, self.y = X.drop(columns=weights), y
        self.w = None if self.weight is None else X[self.weight]
        # the file's column order, the weights included (the output keeps it)
        self.columns = [c for c in frame.columns if c in X.columns or c == args.target]
        self.table = self.X.copy()
        self.table.insert([c for c in self.columns if c not in weights].index(args.target), args.target, y.to_numpy())

    @property
    def weighted_table(self) -> pd.DataFrame:
        """:attr:`table` with the weight column last, when there is one (the check and Compare take it by name)."""
        return self.table if self.w is None else self.table.assign(**{self.weight: self.w.to_numpy()})


def _advise(loaded: Loaded, args):
    from .advisor import advise

    return advise(loaded.weighted_table, loaded.target, _answers(getattr(args, "answer", None)),
                  categorical=getattr(args, "categorical", None), random_state=args.seed,
                  check=not args.no_check, metric=args.goal, model=args.model,
                  progress=Progress("checking the advice", args.quiet), weight=loaded.weight)


def _auto(advice) -> str:
    """What ``auto`` compares or summarises: the checked recommendation's technique, or, when it is not
    to resample, the technique that scored best in the check (said on stderr)."""
    technique = advice.resampler
    if advice.check is None:
        _say(f"auto: {registry.get(technique).label} ({technique}), the decision tree's answer (not checked on the "
             "data: --no-check)")
    elif advice.resamples:
        _say(f"auto: {registry.get(technique).label} ({technique}), the advisor's checked recommendation")
    else:
        _say(f"auto: the advisor recommends not resampling ({advice.recommended_label}): {advice.reason} "
             f"Using {registry.get(technique).label} ({technique}), the best-scoring technique, as asked.")
    return technique


def _technique(loaded: Loaded, args) -> str | None:
    """The technique id to resample with; with ``auto``, the checked recommendation's, or None when the
    recommendation is not to resample (said on stderr)."""
    if args.technique != "auto":
        registry.get(args.technique)
        return args.technique
    advice = _advise(loaded, args)
    if advice.check is None:
        _say(f"auto: {advice.label}, the decision tree's answer (not checked on the data: --no-check)")
        return advice.runnable_technique
    if advice.resamples:
        _say(f"auto: {advice.recommended_label}, the advisor's checked recommendation: {advice.reason}")
        return advice.resampler
    _say(f"auto: the advisor recommends not resampling ({advice.recommended_label}): {advice.reason} The table "
         "is written unchanged; choose --technique ID to resample all the same.")
    return None


def _fitted(technique: str, loaded: Loaded, args):
    params = {**scaled_params(technique), **_params(args.param)}  # neighbours on scaled columns, as the dashboard
    params.setdefault("random_state", args.seed)
    if "progress" in registry.get(technique).sampler_class._get_param_names():
        params.setdefault("progress", Progress("training", args.quiet))  # the neural models, every few steps
    sampler = registry.make(technique, **params)
    if not args.quiet:
        _say(f"resampling {len(loaded.y):,} rows with {registry.get(technique).label} ...")
    if loaded.w is None:
        X_res, y_res = sampler.fit_resample(loaded.X, loaded.y)
        return sampler, X_res, y_res
    X_res, y_res, w_res = sampler.fit_resample(loaded.X, loaded.y, sample_weight=loaded.w)
    return sampler, X_res.assign(**{loaded.weight: w_res.to_numpy()}), y_res


def cmd_advise(args) -> int:
    if args.save_pipeline and args.no_check:
        raise UsageError("--save-pipeline needs the checked advice; drop --no-check.")
    loaded = Loaded(args)
    advice = _advise(loaded, args)
    print(advice.to_text())
    if args.save_pipeline:
        _save_pipeline(advice, loaded, args.save_pipeline)
    return EXIT_OK


def _save_pipeline(advice, loaded: Loaded, path: str) -> None:
    """Fit the recommended pipeline on the whole table (on the rows' weights, when given) and write it with joblib."""
    import joblib

    X = loaded.X[advice.profile.numeric_columns + advice.profile.categorical_columns]
    pipeline = advice.pipeline()
    if loaded.w is not None and parse(advice.recommended).threshold:
        raise ValueError("the recommendation tunes a decision threshold, and scikit-learn's tuner takes sample "
                         "weights only under metadata routing: fit advice.pipeline() in Python with "
                         "sklearn.set_config(enable_metadata_routing=True) (see docs/weights-and-tables.md), or "
                         "save the pipeline without --weight.")
    pipeline.fit(X, loaded.y, **({} if loaded.w is None else weight_params(pipeline, loaded.w.to_numpy())))
    try:
        joblib.dump(pipeline, path)
    except OSError as exc:
        raise ValueError(f"cannot write {path!r}: {exc.strerror or exc}.") from None
    _say(f"wrote the fitted pipeline ({advice.recommended_label}, {describe_model(advice.model)}) to {path}; "
         f"load it with joblib.load({path!r}) -- from files you trust only: loading a pickle runs its code. "
         f"It expects the columns {list(X.columns)}.")


def cmd_resample(args) -> int:
    if args.engine == "spark":
        if args.provenance:
            raise UsageError("--provenance is for the in-memory engine; with --engine spark the provenance "
                             "is in the output's columns (parent_id, neighbor_id, lam, technique).")
        from .spark._cli import resample_parquet

        print(resample_parquet(args, _params(args.param)))
        return EXIT_OK
    loaded = Loaded(args)
    technique = _technique(loaded, args)
    if technique is None:
        sampler, X_res, y_res = None, loaded.X, loaded.y
        if loaded.w is not None:
            X_res = X_res.assign(**{loaded.weight: loaded.w.to_numpy()})
        synthetic = np.zeros(len(X_res), dtype=bool)
    else:
        sampler, X_res, y_res = _fitted(technique, loaded, args)
        synthetic = synthetic_mask(sampler, len(X_res))
    _write_csv(export_table(loaded.columns, loaded.target, X_res, y_res, synthetic), args.output)
    if args.provenance and sampler is not None:
        _write_csv(sampler.provenance_, args.provenance)
    removed = len(loaded.y) + int(synthetic.sum()) - len(X_res)
    report = (f"wrote {len(X_res):,} rows ({int(synthetic.sum()):,} synthetic"
              + (f", {removed:,} removed by cleaning" if removed else "")
              + f") to {'standard output' if args.output == STDOUT else args.output}"
              + (f"; provenance to {args.provenance}" if args.provenance else ""))
    if args.output == STDOUT:  # the data is on stdout: the report goes with the other messages
        _say(report)
    else:
        print(report)
    return EXIT_OK


def _write_csv(frame: pd.DataFrame, path) -> None:
    """Write ``frame`` as CSV to ``path``, or to standard output when ``path`` is ``-``."""
    if path == STDOUT:
        sys.stdout.flush()
        sys.stdout.buffer.write(to_csv_bytes(frame))
        sys.stdout.buffer.flush()
    else:
        write_csv(frame, path)


def _techniques(loaded: Loaded, args, chosen: str | None = None) -> list:
    wanted = list(args.techniques or [])
    if chosen:
        wanted.insert(0, chosen)
    if "auto" in wanted:
        pick = _auto(_advise(loaded, args))
        wanted = [pick if t == "auto" else t for t in wanted]
    for technique in wanted:
        registry.get(technique)
    return list(dict.fromkeys(wanted))


def _evaluate(loaded: Loaded, args, techniques, leaky=False):
    progress = Progress("evaluate" + (" (leaky)" if leaky else ""), args.quiet)
    params = {t: _params(args.param) for t in techniques[:1]} if getattr(args, "param", None) else None
    return compare_table(loaded.weighted_table, loaded.target, techniques, model=args.model, cv=args.cv,
                         repeats=args.repeats, max_rows=args.max_rows, random_state=args.seed, progress=progress,
                         leaky=leaky, params=params, weight=loaded.weight)


def _table(results: pd.DataFrame) -> str:
    means, errors = pivot(results, "mean"), pivot(results, "se")
    cells = means.map(lambda v: f"{v:.3f}") + " ± " + errors.map(lambda v: f"{v:.3f}")
    cells.columns = cells.columns.map(dict(zip(results["metric"], results["metric_label"])))
    cells.index.name = None
    return cells.to_string()


def cmd_evaluate(args) -> int:
    loaded = Loaded(args)
    techniques = _techniques(loaded, args)
    results = _evaluate(loaded, args, techniques)
    print(f"{results.attrs['protocol_text'].capitalize()}:")
    print(_table(results))
    print("(± is the corrected standard error of the mean over folds, as in the advice)")
    print()
    print(verdict(results, args.goal).text)
    if args.leaky:
        leaky = _evaluate(loaded, args, techniques, leaky=True)
        print()
        print("LEAKY (resampled before splitting; shown only to see the mistake, do not use these scores):")
        print(_table(leaky))
        results = pd.concat([results, leaky[leaky["protocol"] == "leaky"]], ignore_index=True)
    if args.output:
        _write(results.drop(columns="folds"), args.output)
    return EXIT_OK


def _write(frame: pd.DataFrame, path) -> None:
    _write_csv(frame, path)
    if path != STDOUT:
        _say(f"wrote {path}")


def cmd_summary(args) -> int:
    from .summary import summarize

    loaded = Loaded(args)
    advice = _advise(loaded, args)
    technique = _auto(advice) if args.technique == "auto" else args.technique
    registry.get(technique)
    sampler, X_res, _ = _fitted(technique, loaded, args)
    results = None
    if not args.no_evaluate:
        results = _evaluate(loaded, args, _techniques(loaded, args, technique))
    text = summarize(loaded.table, loaded.target, advice=advice, technique=technique, sampler=sampler,
                     resampled=X_res, results=results, metric=args.goal)
    if args.output and args.output != STDOUT:
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise ValueError(f"cannot write {args.output!r}: {exc.strerror or exc}.") from None
        _say(f"wrote {args.output}")
    else:
        print(text, end="")
    return EXIT_OK


def cmd_params(args) -> int:
    """Print a technique's parameters from its table: name, default, what it accepts, what it does."""
    entry = registry.get(args.technique)
    defaults = entry.sampler_class(**dict(entry.defaults)).get_params(deep=False)
    print(f"{entry.label} ({entry.id}); set with --param NAME=VALUE:")
    for name, param in parameter_table(entry.sampler_class).items():
        print(f"  {name} (default {defaults[name]!r}): {param.describe()}.\n      {param.help}")
    return EXIT_OK


def dashboard_command(port: int | None = None) -> list[str]:
    """The command that starts the Streamlit dashboard (installed beside this package): ``dashboard/serve.py``,
    which runs ``streamlit run dashboard/app.py`` with the library loaded before the first visitor."""
    serve = Path(__file__).resolve().parent.parent / "dashboard" / "serve.py"
    if not serve.is_file():
        raise ValueError(f"the dashboard is missing ({serve}); reinstall smote-lab.")
    command = [sys.executable, str(serve)]
    if port is not None:
        command += ["--server.port", str(port)]
    return command


def cmd_dashboard(args) -> int:
    return subprocess.call(dashboard_command(args.port))


def build_parser() -> argparse.ArgumentParser:
    ids = [t.id for t in registry.techniques()]
    parser = _Parser(prog=PROG, description="SMOTE and its relatives for imbalanced tables: advise, resample, "
                                            "evaluate, summarise, or open the dashboard.")
    parser.add_argument("--debug", action="store_true", help="show the traceback of unexpected errors")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    # --debug is accepted after the command too (where the error message suggests adding it)
    debug = argparse.ArgumentParser(add_help=False)
    debug.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                       help="show the traceback of unexpected errors")

    def data_command(name, help_text):
        sub = commands.add_parser(name, help=help_text, description=help_text, parents=[debug])
        sub.add_argument("data", help="CSV, Parquet or Excel (.xlsx) file (resample --engine spark: a Parquet table)")
        sub.add_argument("--target", "-t", required=True, help="name of the column holding the class labels")
        sub.add_argument("--encoding", help="text encoding of a CSV file (default: UTF-8, else cp1252 or latin-1, "
                                            "with a note)")
        sub.add_argument("--delimiter", help="field separator (default: sniffed)")
        sub.add_argument("--missing", choices=MISSING_CHOICES,
                         help="rows with missing feature values: drop them, or fill them (median for numbers, most "
                              "frequent value otherwise); default: leave them (only random-over takes them)")
        sub.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
        sub.add_argument("--quiet", "-q", action="store_true", help="no progress on stderr")
        return sub

    def model_options(sub):
        goals = "; ".join(f"{key}: {text}" for key, text in GOALS.items())
        sub.add_argument("--goal", default=DEFAULT_GOAL, choices=[m.id for m in METRICS], metavar="METRIC",
                         help=f"what the model serves, as the metric the choice is made on ({goals}; default: "
                              f"{DEFAULT_GOAL}, the minority ranked high whatever the threshold)")
        sub.add_argument("--model", default=DEFAULT_MODEL, choices=list(MODELS),
                         help=f"the model you will train (default: {DEFAULT_MODEL}: fast, and the kind resampling "
                              "changes most)")

    def advisor_options(sub):
        sub.add_argument("--answer", action="append", metavar="QUESTION=ANSWER",
                         help="override one of the advisor's answers, e.g. noise=heavily (repeatable)")
        sub.add_argument("--categorical", nargs="+", metavar="COLUMN",
                         help="numeric columns to treat as categorical")
        sub.add_argument("--no-check", action="store_true",
                         help="the decision tree's answer only, without checking it on the data (faster)")
        model_options(sub)

    def weight_option(sub, carried: str):
        sub.add_argument("--weight", metavar="COLUMN",
                         help=f"column of sample weights (survey weights, costs, exposure), left out of the features; "
                              f"{carried}")

    def evaluation_options(sub):
        sub.add_argument("--cv", type=int, default=5, help="stratified folds (default: 5, as the dashboard)")
        sub.add_argument("--repeats", type=int, help="times the folds are drawn (default: as the advice and the "
                                                     "dashboard, 3 to 10, more for smaller tables)")
        sub.add_argument("--max-rows", type=int, default=DEFAULT_MAX_ROWS,
                         help=f"compare on a stratified sample of this many rows (default: {DEFAULT_MAX_ROWS:,}, "
                              "as the advice and the dashboard)")

    sub = data_command("advise", "recommend a technique, with the measured evidence for each answer")
    advisor_options(sub)
    weight_option(sub, "the check trains on them (through resampling) and weights every score; --save-pipeline "
                       "fits on them")
    sub.add_argument("--save-pipeline", metavar="FILE",
                     help="also fit the recommendation as one scikit-learn estimator on the whole table and write it "
                          "with joblib (load pickles from sources you trust only)")
    sub.set_defaults(run=cmd_advise)

    sub = data_command("resample", "resample a CSV and write the result, synthetic rows marked")
    sub.add_argument("--technique", default="auto", choices=["auto", *ids], metavar="auto|ID",
                     help=f"technique id or auto (the advisor's pick); ids: {', '.join(ids)}")
    sub.add_argument("--param", action="append", metavar="NAME=VALUE", help="sampler parameter (repeatable)")
    sub.add_argument("--output", "-o", required=True, help="CSV file to write, or - for standard output")
    sub.add_argument("--provenance", help="also write where each synthetic row came from to this CSV")
    weight_option(sub, "carried to the output (a synthetic row takes its parent's weight, a generative one its "
                       "class's mean); with auto, the check is weighted")
    sub.add_argument("--engine", choices=["memory", "spark"], default="memory",
                     help="memory (default): a CSV read into memory; spark: a Parquet table in Apache Spark, "
                          "written as Parquet (needs the spark extra; see docs/spark.md)")
    sub.add_argument("--master", help="Spark master for --engine spark, e.g. local[*] (default: as spark-submit "
                                      "set it, else local[*])")
    sub.add_argument("--driver-memory", help="Spark driver heap for --engine spark, e.g. 2g")
    sub.add_argument("--id-col", help="--engine spark: column of unique integer ids (default: row_id is added)")
    sub.add_argument("--features", nargs="+", metavar="COLUMN",
                     help="--engine spark: feature columns (default: all but target and id)")
    sub.add_argument("--driver-budget-mb", type=int, default=512,
                     help="--engine spark: MiB the driver may collect for the classes that grow (default: 512)")
    sub.add_argument("--approximate", action="store_true",
                     help="--engine spark, SMOTE: resample a class over the budget in k-means partitions")
    advisor_options(sub)
    sub.set_defaults(run=cmd_resample)

    sub = data_command("evaluate", "compare techniques with leakage-safe cross-validation")
    sub.add_argument("--techniques", nargs="+", default=["auto"], metavar="ID",
                     help="technique ids, or auto (default: auto); the baselines are always included")
    sub.add_argument("--leaky", action="store_true", help="also show the leaky way (resample, then split)")
    sub.add_argument("--output", "-o", help="also write the scores to this CSV (- for standard output)")
    weight_option(sub, "training folds carry them through resampling to the model, and every score is weighted")
    evaluation_options(sub)
    advisor_options(sub)
    sub.set_defaults(run=cmd_evaluate)

    sub = data_command("summary", "write an interview-style Markdown summary of advice, resampling and evaluation")
    sub.add_argument("--technique", default="auto", choices=["auto", *ids], metavar="auto|ID",
                     help="technique id or auto (default)")
    sub.add_argument("--param", action="append", metavar="NAME=VALUE", help="sampler parameter (repeatable)")
    sub.add_argument("--techniques", nargs="+", metavar="ID", help="more techniques to compare")
    sub.add_argument("--no-evaluate", action="store_true", help="skip the cross-validated comparison")
    sub.add_argument("--output", "-o", help="Markdown file to write (default or -: standard output)")
    evaluation_options(sub)
    advisor_options(sub)
    sub.set_defaults(run=cmd_summary)

    sub = commands.add_parser("params", help="list a technique's parameters: default, accepted values, meaning",
                              parents=[debug])
    sub.add_argument("technique", choices=ids, metavar="ID", help=f"technique id: {', '.join(ids)}")
    sub.set_defaults(run=cmd_params)

    sub = commands.add_parser("dashboard", help="start the Streamlit dashboard", parents=[debug])
    sub.add_argument("--port", type=int, help="port to serve on")
    sub.set_defaults(run=cmd_dashboard)
    return parser


def _warning_line(message, category, filename, lineno, file=None, line=None):
    _say(f"warning: {category.__name__}: {_one_line(message)}")


def main(argv=None) -> int:
    """Run the command line; return the exit code."""
    parser = build_parser()
    debug = "--debug" in (sys.argv[1:] if argv is None else argv)
    try:
        args = parser.parse_args(argv)
        if args.command is None:
            raise UsageError(f"choose a command: advise, resample, evaluate, summary, params or dashboard "
                             f"(see {PROG} --help).")
        with warnings.catch_warnings():
            warnings.showwarning = _warning_line
            return args.run(args)
    except UsageError as exc:
        _say(f"error: {_one_line(exc)}")
        return EXIT_BAD_INPUT
    except ValueError as exc:
        if debug:
            raise
        _say(f"error: {_one_line(exc)}")
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        _say("interrupted")
        return EXIT_INTERRUPTED
    except Exception as exc:  # the last line of defence: one line, not a traceback
        if debug:
            raise
        _say(f"unexpected error ({type(exc).__name__}): {_one_line(exc)}; rerun with --debug for the traceback")
        return EXIT_UNEXPECTED


if __name__ == "__main__":
    sys.exit(main())
