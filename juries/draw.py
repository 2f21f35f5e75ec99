"""The panel draw, as a pure function of a seed and its inputs, so that anyone holding a
PanelDraw record can replay it and get the same panel.

The inputs are plain data (expert ids in ascending order), gathered by the service from the
library with every conflict already removed; this module only chooses. Review groups are
drawn first, in the order given, each from its own pool minus the experts already chosen;
then the chair and vice-chairs are seated ex officio; then the rest of the panel is drawn
from the at-large pool. Changing anything here changes replays: give it a new ALGORITHM name
and keep the old one replayable."""

import random
import secrets
from dataclasses import dataclass

ALGORITHM = "zc-draw-v1"


class DrawImpossible(Exception):
    """Too few conflict-free experts for a slot."""

    def __init__(self, slot: str, available: int, needed: int):
        super().__init__(f"{slot}: {available} available, {needed} needed")
        self.slot = slot
        self.available = available
        self.needed = needed


@dataclass(frozen=True)
class GroupSlot:
    key: str  # the review group's specialty id, as text (JSON object keys are text)
    size: int
    pool: tuple[int, ...]


@dataclass(frozen=True)
class DrawInputs:
    groups: tuple[GroupSlot, ...]
    ex_officio: tuple[int, ...]
    at_large_pool: tuple[int, ...]
    panel_size: int

    def to_json(self) -> dict:
        return {
            "groups": [
                {"key": slot.key, "size": slot.size, "pool": list(slot.pool)}
                for slot in self.groups
            ],
            "ex_officio": list(self.ex_officio),
            "at_large_pool": list(self.at_large_pool),
            "panel_size": self.panel_size,
        }

    @classmethod
    def from_json(cls, data: dict) -> "DrawInputs":
        return cls(
            groups=tuple(
                GroupSlot(key=str(slot["key"]), size=int(slot["size"]), pool=tuple(slot["pool"]))
                for slot in data["groups"]
            ),
            ex_officio=tuple(data["ex_officio"]),
            at_large_pool=tuple(data["at_large_pool"]),
            panel_size=int(data["panel_size"]),
        )


def new_seed() -> str:
    """128 bits from the operating system: nobody picks the seed, and it is recorded."""
    return secrets.token_hex(16)


def _rng(seed: str) -> random.Random:
    return random.Random(int(seed, 16))  # noqa: S311 - replayable by design; the seed is secret-sourced


def draw_panel(seed: str, inputs: DrawInputs) -> dict:
    """{"groups": {key: [ids]}, "ex_officio": [ids], "at_large": [ids]}; raises DrawImpossible."""
    rng = _rng(seed)
    taken: set[int] = set()
    groups = {}
    for slot in inputs.groups:
        pool = sorted(set(slot.pool) - taken)
        if len(pool) < slot.size:
            raise DrawImpossible(slot.key, len(pool), slot.size)
        chosen = rng.sample(pool, slot.size)
        groups[slot.key] = chosen
        taken.update(chosen)
    ex_officio = [expert for expert in inputs.ex_officio if expert not in taken]
    taken.update(ex_officio)
    missing = inputs.panel_size - len(taken)
    at_large = []
    if missing < 0:
        raise DrawImpossible("panel", inputs.panel_size, len(taken))
    if missing:
        pool = sorted(set(inputs.at_large_pool) - taken)
        if len(pool) < missing:
            raise DrawImpossible("at_large", len(pool), missing)
        at_large = rng.sample(pool, missing)
    return {"groups": groups, "ex_officio": ex_officio, "at_large": at_large}


def draw_replacement(seed: str, pool: tuple[int, ...] | list[int]) -> int:
    pool = sorted(set(pool))
    if not pool:
        raise DrawImpossible("replacement", 0, 1)
    return _rng(seed).choice(pool)


def replay(algorithm: str, seed: str, inputs: dict):
    """The result a recorded draw must have had."""
    if algorithm != ALGORITHM:
        raise ValueError(f"unknown draw algorithm {algorithm!r}")
    if "replacement_pool" in inputs:
        return {"replacement": draw_replacement(seed, inputs["replacement_pool"])}
    return draw_panel(seed, DrawInputs.from_json(inputs))
