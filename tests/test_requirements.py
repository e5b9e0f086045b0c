"""requirements.txt installs on the oldest Python that ``requires-python`` admits and on the newest released.

pip resolves the file for another Python version from PyPI's wheels (``--dry-run --only-binary=:all:``),
so this needs the network to PyPI, which the machines and CI have. pip evaluates environment markers
against the Python it runs on, not ``--python-version``, so the test first keeps the lines whose markers
hold on the version tested, as pip running on that version would.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

ROOT = Path(__file__).resolve().parents[1]
# the newest Python release; raise it when a new one comes out (the test then says what fails)
NEWEST_PYTHON = "3.15"


def _oldest_admitted() -> str:
    spec = SpecifierSet(tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"])
    return next(f"3.{minor}" for minor in range(6, 30) if f"3.{minor}" in spec)


def test_requires_python_admits_the_newest_release():
    spec = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert NEWEST_PYTHON in SpecifierSet(spec)


def _requirements_for(version: str) -> list[str]:
    """The lines of requirements.txt that pip running on Python ``version`` would install, markers dropped."""
    environment = {"python_version": version, "python_full_version": f"{version}.0"}
    kept = []
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate(environment):
                kept.append(f"{requirement.name}{requirement.specifier}")
    return kept


def test_each_package_is_pinned_once_per_python():
    for version in (_oldest_admitted(), NEWEST_PYTHON):
        names = [line.split("==")[0] for line in _requirements_for(version)]
        assert len(names) == len(set(names)), names


@pytest.mark.parametrize("version", [_oldest_admitted(), NEWEST_PYTHON])
def test_requirements_resolve_for_python(version, tmp_path):
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("\n".join(_requirements_for(version)) + "\n")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--no-input",
         "--python-version", version, "--only-binary=:all:", "--report", str(tmp_path / "report.json"),
         "-r", str(requirements)],
        capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, f"requirements.txt does not install on Python {version}:\n{done.stderr[-3000:]}"
    assert "Would install" in done.stdout
