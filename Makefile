# SXSH: every target does its own set-up on a fresh machine.
SHELL := /bin/bash
export UV_PYTHON_DOWNLOADS := never
export PYTHONPATH := src
PORT ?= 8000
UV = $(shell scripts/ensure-uv.sh)
MANAGE = $(UV) run --frozen python manage.py
PYTEST_ARGS ?=

.PHONY: run test lint bench soak setup setup-test messages migrate demo clean

setup:
	scripts/system-packages.sh run
	$(UV) sync --frozen
	npm ci --no-audit --no-fund --silent
	mkdir -p var
	$(MAKE) --no-print-directory messages

setup-test:
	scripts/system-packages.sh test
	$(UV) sync --frozen
	npm ci --no-audit --no-fund --silent
	mkdir -p var
	$(MAKE) --no-print-directory messages

## messages: compile the translation catalogues (.po, kept in git) into .mo (built, not kept)
CATALOGUES := $(wildcard src/sxsh/locale/*/LC_MESSAGES/django.po src/sxsh/locale/*/LC_MESSAGES/djangojs.po)
messages: $(CATALOGUES:.po=.mo)
%.mo: %.po
	msgfmt --check-format -o $@ $<

migrate:
	$(MANAGE) migrate --noinput
	$(MANAGE) createcachetable

demo: migrate
	SXSH_DEMO=1 $(MANAGE) load_demo

## run: the app with demo data on http://127.0.0.1:$(PORT), and a worker for its background tasks
run: setup demo
	SXSH_DEMO=1 scripts/serve.sh $(PORT) $(MANAGE)

## test: the whole suite (unit, integration, browser); DATABASE_URL selects PostgreSQL
test: setup-test
	$(UV) run --frozen pytest $(PYTEST_ARGS)

## lint: ruff, mypy, and no missing migrations
lint: setup-test
	$(UV) run --frozen ruff check src tests bench conftest.py
	$(UV) run --frozen lint-imports --no-logo
	$(UV) run --frozen mypy src
	DJANGO_SETTINGS_MODULE=sxsh.settings.test $(MANAGE) makemigrations --check --dry-run

## bench: the benchmarks, one line per figure
bench: setup-test
	$(UV) run --frozen python -m bench

## soak: long reliability runs (city-size data, backup/restore round trip, longer fuzzing)
soak: setup-test
	$(UV) run --frozen python -m bench.soak
	SXSH_FUZZ_EXAMPLES=200 SXSH_HYPOTHESIS_EXAMPLES=300 $(UV) run --frozen pytest tests -o addopts="-p no:cacheprovider" -q

clean:
	rm -rf var .venv node_modules
