"""`actions|flows history|publish|rollback`, and imports that would replace an unpublished draft."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import Engine

from cti_desktop.cli import main
from cti_desktop.domain.actions import CtiAction
from cti_desktop.store.actions import ActionRepository
from cti_desktop.store.flows import FlowRepository

START = {"actions": [{"id": "0", "type": "SE_Start", "ports": {}}]}


@pytest.fixture
def gift(engine: Engine) -> CtiAction:
    flow = FlowRepository(engine).save("Gift Card", START, source="ctiAction").row
    actions = ActionRepository(engine)
    first = actions.save(CtiAction("Gift", flow_id=flow.id, shortcut="Ctrl+1"), note="first")
    return actions.save(replace(first, shortcut="Ctrl+2"), first, publish=False, note="new key")


def test_history_lists_every_version_as_json(
    gift: CtiAction, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", db_url, "actions", "history", "gift", "--json"]) == 0
    history = json.loads(capsys.readouterr().out)
    assert [(h["version"], h["state"], h["note"]) for h in history] == [
        (2, "draft", "new key"),
        (1, "published", "first"),
    ]
    assert set(history[0]) == {"version", "state", "author", "saved_at", "note"}
    assert main(["--db", db_url, "actions", "history", "Gift"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split() == ["VERSION", "STATE", "AUTHOR", "SAVED", "AT", "NOTE"]
    assert table[1].split()[:2] == ["2", "draft"]


def test_publish_and_rollback(
    gift: CtiAction, engine: Engine, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    actions = ActionRepository(engine)
    assert main(["--db", db_url, "actions", "publish", "Gift"]) == 0
    assert capsys.readouterr().out == "published 'Gift' (version 2)\n"
    assert [a.shortcut for a in actions.published()] == ["Ctrl+2"]
    assert main(["--db", db_url, "actions", "publish", "Gift"]) == 2
    assert "has no draft to publish" in capsys.readouterr().err

    assert main(["--db", db_url, "actions", "rollback", "Gift", "--to", "1"]) == 0
    assert capsys.readouterr().out == "rolled 'Gift' back to version 1 (published as version 3)\n"
    assert [a.shortcut for a in actions.published()] == ["Ctrl+1"]
    assert main(["--db", db_url, "actions", "rollback", "Gift", "--to", "7"]) == 2
    assert capsys.readouterr().err == 'cti-desktop: The action "Gift" has no version 7\n'


def test_publishing_a_version_someone_replaced_says_who_and_when(
    gift: CtiAction, engine: Engine, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    ActionRepository(engine).save(replace(gift, shortcut="Ctrl+3"), gift, publish=False)
    assert main(["--db", db_url, "actions", "publish", "Gift", "--expect-version", "2"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("cti-desktop: 'Gift' changed meanwhile: version 3 was saved by ")
    assert "nothing was published" in err
    assert [a.shortcut for a in ActionRepository(engine).published()] == ["Ctrl+1"]


def test_an_import_over_an_unpublished_draft_is_refused_unless_asked(
    gift: CtiAction, engine: Engine, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    exported = tmp_path / "actions.json"
    assert main(["--db", db_url, "actions", "export", "-o", str(exported)]) == 0
    capsys.readouterr()
    assert main(["--db", db_url, "actions", "import", str(exported)]) == 2
    err = capsys.readouterr().err
    assert "nothing was imported: 'Gift' has a draft that is not published (version 2, saved by" in err
    assert [v.number for v in ActionRepository(engine).history(gift.id or 0)] == [2, 1]
    assert main(["--db", db_url, "actions", "import", "--replace-drafts", str(exported)]) == 0
    assert [v.state for v in ActionRepository(engine).history(gift.id or 0)] == [
        "published",
        "superseded",
        "superseded",
    ]


def test_flow_history_publish_and_rollback(
    engine: Engine, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    flows = FlowRepository(engine)
    flows.save("Greeting", START, source="voiceContact", event="onConnecting")
    flows.save("Greeting", {"actions": []}, publish=False, note="emptied")

    assert main(["--db", db_url, "flows", "history", "Greeting", "--json"]) == 0
    assert [h["state"] for h in json.loads(capsys.readouterr().out)] == ["draft", "published"]
    assert main(["--db", db_url, "flows", "publish", "Greeting"]) == 0
    assert capsys.readouterr().out == "published 'Greeting' (version 2)\n"
    assert main(["--db", db_url, "flows", "rollback", "Greeting", "--to", "1"]) == 0
    published = flows.get_published("Greeting")
    assert published is not None and published.document == START
    assert main(["--db", db_url, "flows", "history", "Nope"]) == 2
    assert "there is no flow named 'Nope'" in capsys.readouterr().err


def test_a_flow_import_over_an_unpublished_draft_is_refused(
    engine: Engine, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    flows = FlowRepository(engine)
    flows.save("Greeting", START)
    flows.save("Greeting", {"actions": []}, publish=False)
    file = tmp_path / "Greeting.json"
    file.write_text(json.dumps(START), encoding="utf-8")
    assert main(["--db", db_url, "flows", "import", str(file)]) == 2
    assert "nothing was imported: 'Greeting' has a draft that is not published" in capsys.readouterr().err
    assert main(["--db", db_url, "flows", "import", "--replace-drafts", str(file)]) == 0
