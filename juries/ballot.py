"""The arithmetic of the ballot: quorum and the pass threshold, as exact fractions read from
settings ("2/3"), so that 17 of 25 passes and 16 of 25 does not, with no rounding anywhere."""

from dataclasses import dataclass
from fractions import Fraction

from django.conf import settings


def fraction_setting(name: str) -> Fraction:
    return Fraction(str(getattr(settings, name)).strip())


def quorum_needed(seated: int) -> int:
    """The fewest attending experts with which a meeting of `seated` members may vote."""
    fraction = fraction_setting("JURY_QUORUM_FRACTION")
    return -(-seated * fraction.numerator // fraction.denominator)


def has_quorum(attending: int, seated: int) -> bool:
    return seated > 0 and attending >= quorum_needed(seated)


def yes_needed(voters: int) -> int:
    """The fewest "yes" votes that pass a candidate with `voters` entitled attending experts."""
    fraction = fraction_setting("BALLOT_PASS_FRACTION")
    return -(-voters * fraction.numerator // fraction.denominator)


@dataclass(frozen=True)
class Tally:
    voters: int  # attending experts entitled to vote on the candidate
    yes: int
    no: int
    abstain: int

    @property
    def blank(self) -> int:
        return self.voters - self.yes - self.no - self.abstain

    @property
    def passed(self) -> bool:
        # Abstentions and blank papers count against: only "yes" reaches the threshold.
        return self.voters > 0 and self.yes >= yes_needed(self.voters)
