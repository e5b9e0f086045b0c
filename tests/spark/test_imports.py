"""PySpark is optional: only smote_core.spark imports it, and says which extra to install."""

import subprocess
import sys
import textwrap

import pytest


def test_missing_pyspark_names_the_extra(monkeypatch):
    from smote_core.spark._session import require_pyspark

    monkeypatch.setitem(sys.modules, "pyspark.sql", None)
    with pytest.raises(ImportError, match=r"smote-lab\[spark\]"):
        require_pyspark()


def test_the_library_imports_pyspark_only_in_smote_core_spark():
    script = textwrap.dedent(
        """
        import sys

        class NoSpark:  # as if pyspark were not installed
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] == "pyspark":
                    raise ModuleNotFoundError(f"No module named {name!r}")

        sys.meta_path.insert(0, NoSpark())
        import numpy as np
        import smote_core.cli
        from smote_core import SMOTE
        SMOTE(random_state=0).fit_resample(np.arange(40.0).reshape(20, 2), [0] * 14 + [1] * 6)
        try:
            import smote_core.spark
        except ImportError as error:
            print(error)
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "pip install 'smote-lab[spark]'" in result.stdout
