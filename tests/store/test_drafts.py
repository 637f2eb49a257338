from __future__ import annotations

from sqlalchemy import Engine

from cti_desktop.store.drafts import DraftRepository


def test_save_get_update_and_delete(engine: Engine) -> None:
    drafts = DraftRepository(engine)
    assert drafts.get(1, "c-1") is None
    drafts.save(1, "c-1", {"firstName": "Ada"})
    drafts.save(1, "c-1", {"firstName": "Ada", "lastName": "Lovelace"})
    draft = drafts.get(1, "c-1")
    assert draft is not None
    assert draft.values == {"firstName": "Ada", "lastName": "Lovelace"}
    assert len(drafts.all()) == 1
    drafts.delete(1, "c-1")
    assert drafts.get(1, "c-1") is None
    assert drafts.all() == []


def test_drafts_are_kept_per_action_and_contact(engine: Engine) -> None:
    drafts = DraftRepository(engine)
    drafts.save(1, "c-1", {"a": 1})
    drafts.save(1, "c-2", {"a": 2})
    drafts.save(2, "c-1", {"a": 3})
    assert drafts.get(1, "c-2").values == {"a": 2}  # type: ignore[union-attr]
    assert drafts.get(2, "c-1").values == {"a": 3}  # type: ignore[union-attr]
    drafts.delete_for_action(1)
    assert [(d.action_id, d.contact_id) for d in drafts.all()] == [(2, "c-1")]


def test_find_prefers_the_contact_then_a_draft_whose_contact_is_gone(engine: Engine) -> None:
    drafts = DraftRepository(engine)
    drafts.save(1, "old-call", {"firstName": "Ada"})
    drafts.save(1, "other-live-call", {"firstName": "Grace"})
    # The exact contact wins.
    assert drafts.find(1, "other-live-call", ["other-live-call"]).values == {"firstName": "Grace"}  # type: ignore[union-attr]
    # A new contact after a restart: the draft of the contact that no longer exists comes back, never the
    # draft of another contact the agent is still handling.
    found = drafts.find(1, "new-call", ["new-call", "other-live-call"])
    assert found is not None
    assert found.values == {"firstName": "Ada"}
    assert drafts.find(2, "new-call", []) is None
