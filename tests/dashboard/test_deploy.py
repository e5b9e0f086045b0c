"""What Streamlit Community Cloud installs is enough: the app runs every page without torch or dev packages."""

from __future__ import annotations

import os
import site
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# installed here for tests and benchmarks only; the cloud has none of them
ABSENT = ("torch", "imblearn", "hypothesis", "playwright")

_SCRIPT = textwrap.dedent("""
    import importlib.util
    import sys
    assert all(importlib.util.find_spec(name) is None for name in {absent!r})
    from streamlit.testing.v1 import AppTest
    from dashboard import state
    from smote_core import crossval
    crossval.repeats_for = lambda n_rows, n_minority=None, model="logistic": 1  # one drawing of the folds, as in tests/dashboard

    def ok(at):
        assert not at.exception, at.exception
        assert not at.error, [e.value for e in at.error]
        return at

    at = ok(AppTest.from_file({app!r}, default_timeout=120).run())
    at.selectbox(key=state.DEMO).set_value("customers").run()
    assert ok(at).get_by_key("advice_checked_answer").markdown[0].value.startswith("### Recommended: ")
    at.selectbox(key=state.answer_key("neural_size")).set_value("yes").run()
    assert any("pip install 'smote-lab[generative]'" in m.value for m in ok(at).markdown)
    at.switch_page("app_pages/resample.py").run()
    at.session_state[state.TECHNIQUE_FOLLOWS] = False
    at.session_state[state.TECHNIQUE] = "smote-nc"
    at.run()
    at.button(key=state.RESAMPLE_RUN).click().run()
    assert ok(at).session_state[state.RUN].technique == "smote-nc"
    at.switch_page("app_pages/compare.py").run()
    at.button(key=state.COMPARE_RUN).click().run()
    assert any(i.value.startswith("**Verdict on ") for i in ok(at).info)
    at.switch_page("app_pages/summary.py").run()
    assert "## Did it help?" in ok(at).markdown[-1].value
    ok(at).switch_page("app_pages/step_by_step.py").run()
    ok(at)
    leaked = sorted(name for name in {absent!r} if sys.modules.get(name) is not None)
    assert not leaked, leaked
    print("ran without", {absent!r})
""")


def _site_packages_without(absent, into: Path) -> Path:
    """A view of this environment's site-packages (symbolic links) without the ``absent`` packages."""
    view = into / "site-packages"
    view.mkdir()
    for directory in site.getsitepackages():
        for entry in Path(directory).iterdir():
            stem = entry.name.split("-")[0].split(".")[0].lower()
            if stem in absent or stem.startswith(tuple(f"{name}_" for name in absent)) \
                    or (view / entry.name).exists():
                continue
            (view / entry.name).symlink_to(entry)
    return view


def test_every_page_runs_without_torch_or_dev_packages(tmp_path):
    view = _site_packages_without(ABSENT, tmp_path)
    script = _SCRIPT.format(absent=ABSENT, app=str(ROOT / "dashboard" / "app.py"))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(view)]), "PYTHONNOUSERSITE": "1"}
    done = subprocess.run([sys.executable, "-S", "-c", script], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ran without" in done.stdout


def test_requirements_pin_the_runtime_dependencies_without_torch():
    pinned = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"{line!r} is not pinned with =="
            pinned[name.lower()] = version
    assert "torch" not in pinned
    runtime = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    names = {dep.split(">")[0].split("<")[0].split("=")[0].strip().lower() for dep in runtime}
    # threadpoolctl comes with scikit-learn (one of its own requirements)
    assert names - {"threadpoolctl"} <= set(pinned), names - set(pinned)
