"""The site's benchmark: `make bench` (see bench/run.py)."""
