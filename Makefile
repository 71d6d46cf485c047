# Thin wrappers around dev.py (which also works on Windows without make).
PYTHON ?= python3

.PHONY: run test lint screenshots bench
run:
	$(PYTHON) dev.py run
test:
	$(PYTHON) dev.py test
lint:
	$(PYTHON) dev.py lint
screenshots:
	$(PYTHON) dev.py screenshots
bench:
	$(PYTHON) dev.py bench
