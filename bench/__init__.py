"""The benchmark of the full build and of the search, on seeded synthetic data.

    python -m bench --entries N [--seed S] [--keep DIR] [--queries 120] [--no-browser] [--write-docs]

``synthetic`` writes a data folder, ``build_child`` runs the real build in a
child process (so its peak memory is its own), ``queries`` draws a fixed set of
realistic queries and their exhaustive answers, ``browser`` measures them in
headless Chromium, ``report`` prints the numbers and keeps docs/benchmarks.md.
"""
