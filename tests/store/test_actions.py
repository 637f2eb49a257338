from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine
from sqlmodel import Session

from cti_desktop.domain.actions import CtiAction, PayloadEntry
from cti_desktop.domain.forms import FormField, FormSpec
from cti_desktop.store.actions import ActionRepository, detach_flow
from cti_desktop.store.models import CtiActionRow, FlowRow


def add_flow(engine: Engine, name: str, source: str = "ctiAction") -> int:
    with Session(engine) as session:
        now = datetime.now(UTC)
        row = FlowRow(name=name, source=source, created_at=now, updated_at=now, published_version=1)
        session.add(row)
        session.commit()
        assert row.id is not None
        return row.id


def test_save_and_read_back_everything(engine: Engine) -> None:
    flow_id = add_flow(engine, "Gift Card")
    repo = ActionRepository(engine)
    form = FormSpec("Gift", "Fill in", (FormField("firstName", label="First name", required=True),))
    saved = repo.save(
        CtiAction(
            "Gift", flow_id=flow_id, order=2, shortcut="Ctrl+1", payload=(PayloadEntry("a", "b"),), form=form
        )
    )
    assert saved.id is not None
    again = repo.get(saved.id)
    assert again == saved
    assert again is not None and again.flow_name == "Gift Card" and again.form == form and not again.broken


def test_list_is_in_overlay_order(engine: Engine) -> None:
    repo = ActionRepository(engine)
    for name, order in (("b", 1), ("c", 0), ("a", 1)):
        repo.save(CtiAction(name, order=order))
    assert [a.name for a in repo.all()] == ["c", "a", "b"]


def test_cti_flows_lists_only_cti_action_flows(engine: Engine) -> None:
    add_flow(engine, "Screen pop", "voiceContact")
    add_flow(engine, "b flow")
    add_flow(engine, "A flow")
    repo = ActionRepository(engine)
    assert [f.name for f in repo.cti_flows()] == ["A flow", "b flow"]
    assert len(repo.flows()) == 3


def test_an_action_whose_flow_changed_source_or_was_deleted_is_broken(engine: Engine) -> None:
    flow_id = add_flow(engine, "Gift Card")
    repo = ActionRepository(engine)
    action = repo.save(CtiAction("Gift", flow_id=flow_id))
    assert action.id is not None
    with Session(engine) as session:
        flow = session.get(FlowRow, flow_id)
        assert flow is not None
        flow.source = "agent"
        session.add(flow)
        session.commit()
    assert "no longer a CTI Action flow" in (repo.get(action.id) or action).broken
    with Session(engine) as session:
        detach_flow(session, flow_id)
        flow = session.get(FlowRow, flow_id)
        session.delete(flow)
        session.commit()
    listed = repo.all()[0]
    assert listed.flow_id is None and "deleted" in listed.broken


def test_an_unreadable_stored_form_shows_as_broken(engine: Engine) -> None:
    with Session(engine) as session:
        now = datetime.now(UTC)
        session.add(
            CtiActionRow(
                name="Odd",
                form={"fields": "nope"},
                title="T",
                created_at=now,
                updated_at=now,
                published_version=1,
            )
        )
        session.commit()
    action = ActionRepository(engine).all()[0]
    assert action.form.title == "T" and "cannot be read" in action.broken


def test_delete_and_duplicate(engine: Engine) -> None:
    repo = ActionRepository(engine)
    original = repo.save(CtiAction("Gift", shortcut="Ctrl+1", payload=(PayloadEntry("a", "b"),)))
    assert original.id is not None
    copy = repo.duplicate(original.id)
    assert copy.name == "Gift (copy)" and copy.shortcut == "" and copy.payload == original.payload
    assert [a.name for a in repo.published()] == ["Gift"], "the copy is a draft until published"
    assert repo.duplicate(original.id).name == "Gift (copy 2)"
    assert repo.delete(original.id) and not repo.delete(original.id)
    assert sorted(repo.names()) == ["Gift (copy 2)", "Gift (copy)"]
