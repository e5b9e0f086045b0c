"""Without PyTorch: the package imports, the copula and fidelity work, the neural samplers explain."""

import subprocess
import sys
import textwrap

import pytest

from smote_core.generative import CTGANSampler, TVAESampler


@pytest.mark.parametrize("cls", [CTGANSampler, TVAESampler])
def test_neural_samplers_name_the_extra_and_the_alternative(small, monkeypatch, cls):
    X, y = small
    monkeypatch.setitem(sys.modules, "torch", None)  # makes `import torch` fail
    with pytest.raises(ValueError, match=r"needs PyTorch.*pip install 'smote-lab\[generative\]'.*gaussian-copula"):
        cls(steps=1).fit_resample(X, y)


def test_package_imports_and_copula_runs_in_a_process_without_torch():
    script = textwrap.dedent(
        """
        import sys

        class NoTorch:  # as if torch were not installed: every import of it fails
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] == "torch":
                    raise ModuleNotFoundError(f"No module named {name!r}")

        sys.meta_path.insert(0, NoTorch())
        from smote_core.datasets import mixed_subscribers
        from smote_core.generative import GaussianCopulaSampler, CTGANSampler, fidelity
        frame = mixed_subscribers(400)
        X, y = frame.drop(columns="churn"), frame["churn"]
        X_res, y_res = GaussianCopulaSampler(random_state=0).fit_resample(X, y)
        report = fidelity(X[y == "yes"], X_res.iloc[len(X):])
        try:
            CTGANSampler().fit_resample(X, y)
        except ValueError as error:
            print("refused:", error)
        print("ok", len(X_res), round(report.out_of_range_share, 3), "torch" in sys.modules)
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "refused: CTGANSampler needs PyTorch" in result.stdout
    assert "ok 720 0.0 False" in result.stdout
