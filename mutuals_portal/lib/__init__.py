"""Shared helpers for every app: they import no app (the layer test in tests/test_layers.py)."""
