"""The date arithmetic of the eligibility rules, exact and without database access
(docs/domain.md, "Eligibility"): when achievements start to count, whole months of social
insurance, and continuous service in a village counted in real days.

One convention throughout: a period covers every day from its first to its last day, both
included, and "N months (years) later" is the same day of the month N months (12·N months)
on, or that month's last day when it is shorter (31 January + 1 month = 28 or 29 February;
29 February + 1 year = 28 February), as the Civil Code counts periods (art. 203)."""

from dataclasses import dataclass
from datetime import date, timedelta

ONE_DAY = timedelta(days=1)
COUNT_FROM_NEXT_YEAR = "next_year"  # from 1 January of the year after the current title
COUNT_FROM_DATE = "date"  # from the day after the current title was obtained
COUNT_FROM_CHOICES = (COUNT_FROM_NEXT_YEAR, COUNT_FROM_DATE)


def add_months(day: date, months: int) -> date:
    """The same day `months` months later, or the last day of that month when it is
    shorter."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    next_month = date(year + month // 12, month % 12 + 1, 1)
    last_day = (next_month - ONE_DAY).day
    return date(year, month, min(day.day, last_day))


def add_years(day: date, years: int) -> date:
    return add_months(day, 12 * years)


def whole_months(first_day: date, last_day: date) -> int:
    """The whole months in the days from `first_day` to `last_day`, both included: 1 January
    to 31 December is 12 months, to 30 December 11."""
    end = last_day + ONE_DAY  # the first day not covered
    if end <= first_day:
        return 0
    months = (end.year - first_day.year) * 12 + end.month - first_day.month
    while months > 0 and add_months(first_day, months) > end:
        months -= 1
    return months


def months_reached_on(first_day: date, months: int) -> date:
    """The last day of the first `months` whole months from `first_day`: the day on which a
    period starting on `first_day` has lasted that long."""
    return add_months(first_day, months) - ONE_DAY


def achievements_count_from(obtained: date, mode: str) -> date:
    """The first day on which an achievement counts for the next title: 1 January of the year
    after the current title ("next_year", Qinghai 2022: "from the year after obtaining the
    current qualification"), or the day after it was obtained ("date")."""
    if mode == COUNT_FROM_NEXT_YEAR:
        return date(obtained.year + 1, 1, 1)
    if mode == COUNT_FROM_DATE:
        return obtained + ONE_DAY
    raise ValueError(f"Achievements count from one of {COUNT_FROM_CHOICES}, not {mode!r}.")


# --- continuous service -------------------------------------------------------------------


@dataclass(frozen=True)
class Stretch:
    """Days of service without a break, from `first_day` to `last_day` included."""

    first_day: date
    last_day: date

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1

    @property
    def whole_years(self) -> int:
        return whole_months(self.first_day, self.last_day) // 12

    def lasts_more_than(self, years: int) -> bool:
        """More than `years` years: the service reaches the day `years` calendar years after
        its first day (1 March 2023 to 1 March 2025, 731 days; to 28 February 2025, 730 days,
        is not more than two years)."""
        return self.last_day >= add_years(self.first_day, years)


@dataclass(frozen=True)
class Gap:
    """Days nobody served between two periods: from `first_day` to `last_day` included."""

    first_day: date
    last_day: date

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1


@dataclass(frozen=True)
class Service:
    """Dated periods of service counted up to a cut-off date: the stretches without a break
    and the gaps between them."""

    stretches: tuple[Stretch, ...]
    gaps: tuple[Gap, ...]
    counted_until: date

    @property
    def longest(self) -> Stretch | None:
        """The longest stretch, the latest one among equals."""
        if not self.stretches:
            return None
        return max(self.stretches, key=lambda stretch: (stretch.days, stretch.first_day))

    @property
    def days(self) -> int:
        return sum(stretch.days for stretch in self.stretches)

    @property
    def whole_years(self) -> int:
        """Whole years served, counted stretch by stretch."""
        return sum(stretch.whole_years for stretch in self.stretches)

    def lasts_more_than(self, years: int) -> bool:
        longest = self.longest
        return longest is not None and longest.lasts_more_than(years)


def continuous_service(periods, counted_until: date) -> Service:
    """The stretches of service in `periods`, (first day, last day or None while it lasts)
    pairs, counted up to `counted_until`. A period continues the one before when it starts at
    the latest on the day after that one ended: a gap of more than one day from one period's
    last day to the next one's first day (a day nobody served) breaks the service. Overlapping
    periods count their days once; days after `counted_until` do not count."""
    clipped = []
    for first_day, last_day in periods:
        last_day = counted_until if last_day is None else min(last_day, counted_until)
        if first_day <= last_day:
            clipped.append((first_day, last_day))
    clipped.sort()
    stretches: list[Stretch] = []
    gaps: list[Gap] = []
    for first_day, last_day in clipped:
        if stretches and first_day <= stretches[-1].last_day + ONE_DAY:
            previous = stretches[-1]
            stretches[-1] = Stretch(previous.first_day, max(previous.last_day, last_day))
            continue
        if stretches:
            gaps.append(Gap(stretches[-1].last_day + ONE_DAY, first_day - ONE_DAY))
        stretches.append(Stretch(first_day, last_day))
    return Service(tuple(stretches), tuple(gaps), counted_until)
