"""Weighted quantiles of a discrete distribution (values with non-negative weights).

The weighted quantile q of values x_k with weights w_k is the smallest x (in sorted order) at which
the cumulative weight reaches q times the total: with x sorted ascending and C_k = w_1 + ... + w_k,
it is x_k for the first k with C_k >= q C_n. Units are those of x (e.g. frequencies in 1/tau).
"""

import numpy as np


def weighted_quantile(x, w, q, kind="stable"):
    """Weighted quantile ``q`` of the values ``x`` with weights ``w``.

    Parameters
    ----------
    x : ndarray of float, shape (M,)
        Values (any unit).
    w : ndarray of float, shape (M,)
        Non-negative weights with a positive sum (any unit).
    q : float
        Quantile, 0 <= q <= 1.
    kind : str
        Sort algorithm of ``numpy.argsort``. It decides the order in which equal values enter the
        cumulative sum, hence only the last bits of that sum when ``x`` has ties.

    Returns
    -------
    float
        The first sorted value at which the cumulative weight reaches ``q`` times the total (unit of x).
    """
    order = np.argsort(x, kind=kind)
    c = np.cumsum(w[order])
    return float(x[order][np.searchsorted(c, q * c[-1])])


def weighted_median(x, w, kind="stable"):
    """Weighted median: :func:`weighted_quantile` with q = 1/2.

    Parameters
    ----------
    x : ndarray of float, shape (M,)
        Values (any unit).
    w : ndarray of float, shape (M,)
        Non-negative weights with a positive sum.
    kind : str
        Sort algorithm of ``numpy.argsort`` (see :func:`weighted_quantile`).

    Returns
    -------
    float
        The weighted median (unit of x).
    """
    return weighted_quantile(x, w, 0.5, kind=kind)
