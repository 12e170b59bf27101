"""Commands that build and check the caches under ``data/cache`` (glass ensembles, soft-potential level
tables); the paper items only read them."""
