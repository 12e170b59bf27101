"""The machinery beneath the paper items: paths, input and published-number loading, results with their
provenance, the command-line entry point and its errors, and the registry of items."""
