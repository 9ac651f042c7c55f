"""SXSH benchmarks: ``python -m bench`` (``make bench``) prints one line per figure.

Every figure is measured against a baseline in the same run and printed as
``bench NAME: VALUE UNIT (ratio R vs BASELINE)``; lines starting with ``#`` give context (the
baseline's own value, the scale, skipped figures). Scale comes from environment variables, see
:mod:`bench.config`.
"""
