# The README's two commands. Each does all the set-up it needs on a fresh machine.
.PHONY: setup run cli test bench screenshots

setup:
	@scripts/setup-env.sh

## Start the dashboard on the built-in demo dataset.
run: setup
	.venv/bin/python dashboard/serve.py

## The command line, e.g. make cli ARGS="advise data.csv --target label" (or run .venv/bin/smote-lab).
cli: setup
	.venv/bin/smote-lab $(ARGS)

## Run the whole test suite, browser tests included.
test: setup
	SMOTE_LAB_CHROMIUM="$$(scripts/find-chromium.sh)" SMOTE_LAB_REQUIRE_BROWSER=1 \
		.venv/bin/python -m pytest -n 2 --dist loadfile

## Regenerate the README's screenshots in docs/screenshots (the browser tests, saving their images there;
## `make test` saves them in a temporary folder and leaves the checkout as it was).
screenshots: setup
	SMOTE_LAB_SCREENSHOTS="$(CURDIR)/docs/screenshots" SMOTE_LAB_CHROMIUM="$$(scripts/find-chromium.sh)" \
		SMOTE_LAB_REQUIRE_BROWSER=1 .venv/bin/python -m pytest tests/browser -p no:cacheprovider

## Speed and memory against imbalanced-learn.
bench: setup
	.venv/bin/python -m benchmarks.run
