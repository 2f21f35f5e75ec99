from juries import draw as drawing
from juries.models import PanelDraw, PanelSeat
from juries.selectors import replay_draw
from juries.services.panel import decline_seat, draw_replacement


def test_recorded_draw_replays_to_the_same_panel(world):
    meeting = world.drawn(
        declarations=[world.declaration(), world.declaration(specialty=world.elec)]
    )
    record = meeting.draws.get(kind=PanelDraw.Kind.INITIAL)

    assert len(record.seed) == 32
    assert replay_draw(record) == record.result
    seated = set(meeting.seats.values_list("expert_id", flat=True))
    drawn = {e for chosen in record.result["groups"].values() for e in chosen}
    drawn |= set(record.result["ex_officio"]) | set(record.result["at_large"])
    assert seated == drawn and len(seated) == 25


def test_another_seed_draws_another_panel_and_a_tampered_record_does_not_replay(world):
    meeting = world.drawn()
    record = meeting.draws.get()
    inputs = drawing.DrawInputs.from_json(record.inputs)

    assert drawing.draw_panel(record.seed, inputs) == record.result
    assert drawing.draw_panel("0" * 31 + "1", inputs) != record.result

    record.result["at_large"][0], record.result["at_large"][1] = (
        record.result["at_large"][1],
        record.result["at_large"][0],
    )
    assert replay_draw(record) != record.result


def test_replacement_draw_is_recorded_and_replays(world):
    world.add_experts(8)
    meeting = world.drawn()
    seat = meeting.seats.filter(basis=PanelSeat.Basis.GROUP).select_related("expert__user").first()
    decline_seat(actor=seat.expert.user, seat=seat, reason="出差")

    new_seat = draw_replacement(actor=world.office, seat=seat)

    assert new_seat.group_id == seat.group_id
    assert new_seat.expert.specialty_id == seat.expert.specialty_id
    assert not meeting.seats.filter(expert=new_seat.expert).exclude(pk=new_seat.pk).exists()
    record = new_seat.draw
    assert record.kind == PanelDraw.Kind.REPLACEMENT and record.replaced_seat == seat
    assert replay_draw(record) == {"replacement": new_seat.expert_id}
