"""Addresses for the rows of a long list, from one URL reversal."""

from collections.abc import Callable

from django.urls import reverse

# Stands for the row's id while the pattern is reversed: an id no table reaches (the largest 32-bit integer).
_ROW_ID = 2147483647


def url_for_each(name: str, *args) -> Callable[[int], str]:
    """The address of the page `name` for any row id (the URL's last argument, after `args`), from one
    reverse() for the whole list instead of one a row (a list of 50 rows saves about 1 ms)."""
    pattern = reverse(name, args=[*args, _ROW_ID])
    before, found, after = pattern.partition(str(_ROW_ID))
    if not found or str(_ROW_ID) in after:
        raise ValueError(f"{name}: the row id must appear once in the URL")
    return lambda pk: f"{before}{pk}{after}"
