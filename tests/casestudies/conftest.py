"""The case-study tests use the shared fixtures of tests/conftest.py (`empty_library`, `world`)."""
