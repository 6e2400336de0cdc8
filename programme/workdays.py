"""Working days in England and Wales: Monday to Friday, less bank holidays.

Bank holidays come from the govuk-bank-holidays package's own copy of GOV.UK's list
(https://www.gov.uk/bank-holidays.json), read without a network call. Beyond the last year in that
copy, only weekends are skipped: upgrade the package each year.
"""

from datetime import date, timedelta
from functools import lru_cache

from govuk_bank_holidays.bank_holidays import BankHolidays


@lru_cache(maxsize=1)
def bank_holidays() -> frozenset[date]:
    holidays = BankHolidays(use_cached_holidays=True)
    return frozenset(h["date"] for h in holidays.get_holidays(division=BankHolidays.ENGLAND_AND_WALES))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in bank_holidays()


@lru_cache(maxsize=4096)
def add_working_days(start: date, count: int) -> date:
    """The `count`th working day after `start` (the day something arrives is day 0). Kept for the dates
    already asked (a calendar sum, the same for everyone): the queue and the pipeline ask it for every row."""
    day = start
    while count > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (0 if `end` is not after `start`)."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def latest_start_due_by(limit: date, count: int) -> date:
    """The latest day something may arrive and still have its `count`th working day on or before `limit`.
    add_working_days never goes back as the start moves on, so every earlier start is due by `limit` too
    and every later one is not: a query can then select by arrival date instead of computing each due date."""
    start = limit
    while add_working_days(start, count) > limit:
        start -= timedelta(days=1)
    return start
