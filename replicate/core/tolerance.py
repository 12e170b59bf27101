"""The tolerances with which a recomputed float is compared with a stored one (README, "Tolerances").

Nothing recomputed is compared with stored data bit for bit: another CPU, BLAS, libm or numba target
rounds the last bits differently (numpy's SIMD loops for ``power`` and ``log10`` without AVX-512 differ
from those with it in up to 2e-15 relative, measured on the level table's quadrature nodes). Each
comparison states which of three kinds of tolerance it uses:

* **rounding**: closed forms, quadrature nodes, result files; a few units in the last place grown by the
  arithmetic that follows (this module);
* **solver**: an iterative solver's stopping rule (eigensolver residual, L-BFGS gradient), stated beside
  the canary that uses it (:mod:`replicate.glass.ensemble`, ``tests/glass/test_core_size.py``);
* **statistical**: a sampling error, stated beside the test of a published number.

Figures are compared by what they show: the rendered PNG pixel by pixel, the PDF by its drawing
commands (:mod:`replicate.core.io`).
"""

# Closed forms and quadrature nodes recomputed on another machine: measured differences are at most
# 2.2e-16 (xi nodes) and 2.0e-15 (weights) relative; 1e-12 leaves three decades above that and stays far
# below any change of a formula or a parameter (the closest distinct xi nodes of the level table are
# 6e-9 relative apart, and a changed table parameter moves nodes by far more).
ROUNDING_RTOL = 1e-12

# Result files (data/results JSON and CSV) against a regeneration: every printed value passes through
# iterative solvers (root finders to 1e-13, quadrature), fits and sums over thousands of modes, each
# adding rounding of a few 1e-16; 1e-10 relative is six decades above the differences seen between two
# CPUs (max 3e-14) and six below the smallest published digit any item compares with.
RESULT_RTOL = 1e-10

# A PNG drawn on another machine: Agg's anti-aliased coverage of an edge moved by a last-bit change of a
# coordinate changes a pixel by one grey level (measured: 13 and 2 pixels by 1/255 on two figures), so a
# pixel may differ by at most 2 levels of 255 in any channel; a changed curve, label or tick differs by
# tens of levels over many pixels.
PIXEL_ATOL = 2

# A PDF drawn on another machine: coordinates are written in points (1/72 inch) with a few decimals; a
# last-bit change can flip the last printed decimal. 0.01 pt (3.5 micrometres) is far below a visible change.
PDF_ATOL_PT = 0.01
