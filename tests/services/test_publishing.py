"""Draft and publish across seats on PostgreSQL, each person with their own login: a supervisor's draft
never reaches an agent's overlay; publishing reaches it at once (pushed to the agent's seat), and rolling
back brings the old form back. The audit log lists all of it. The supervisor works from another process
(a seat skips the changes its own process made)."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace

from cti_desktop.domain.forms import FormSpec
from cti_desktop.services.actions import ActionService
from cti_desktop.services.app_services import build_services
from cti_desktop.services.audit_log import AuditLog
from cti_desktop.services.changes import Change, ChangeKind
from cti_desktop.services.demo import create_demo_data_if_empty
from cti_desktop.settings import Settings
from cti_desktop.store.audit import AuditFilter
from cti_desktop.store.database import make_engine, open_store
from tests.people_logins import people_of

GIFT_CARD = "Customer Gift Card"


async def _until(predicate: Callable[[], bool], timeout_s: float = 20.0) -> None:
    async def wait() -> None:
        while not predicate():
            await asyncio.sleep(0.02)

    await asyncio.wait_for(wait(), timeout_s)


DRAFT_A_NEW_TITLE = """
import sys
from dataclasses import replace
from cti_desktop.services.actions import ActionService
from cti_desktop.store.database import make_engine
service = ActionService(make_engine(sys.argv[1]))
gift = service.find("Customer Gift Card")
service.save(replace(gift, form=replace(gift.form, title="Gift card (new form)")), gift, publish=False)
"""


def _as_supervisor(url: str, *arguments: str) -> None:
    """In another process, as another seat would: the command line, or `DRAFT_A_NEW_TITLE`."""
    command = (
        ["-c", DRAFT_A_NEW_TITLE, url] if not arguments else ["-m", "cti_desktop", "--db", url, *arguments]
    )
    subprocess.run([sys.executable, *command], check=True, capture_output=True)


def _gift_card_title(titles: list[tuple[str, str]]) -> str:
    return dict(titles)[GIFT_CARD]


def test_a_draft_reaches_agents_only_when_published_and_rollback_brings_the_old_form_back(
    postgres_url: str,
) -> None:
    admin = build_services(Settings(), postgres_url, open_store(postgres_url))
    assert create_demo_data_if_empty(admin)
    admin.close()
    with people_of(postgres_url) as add:
        supervisor_url, agent_url = add("supervisor"), add("agent")
        supervisor_engine = make_engine(supervisor_url)
        supervisor = ActionService(supervisor_engine)
        agent = build_services(Settings(), agent_url, make_engine(agent_url))
        heard: list[Change] = []
        agent.changes.changed.connect(heard.append)

        def overlay_titles() -> list[tuple[str, str]]:
            return [(a.name, a.form.title) for a in agent.overlay.active_actions()]

        published_title = _gift_card_title(overlay_titles())
        gift = supervisor.find(GIFT_CARD)
        assert gift is not None and gift.id is not None

        async def scenario() -> None:
            task = asyncio.create_task(agent.live.run())
            await _until(lambda: agent.live.status.live)
            await asyncio.to_thread(_as_supervisor, supervisor_url)
            await _until(lambda: bool(heard))
            # The agent's seat heard of the draft, and still shows the published form.
            assert _gift_card_title(overlay_titles()) == published_title
            heard.clear()
            await asyncio.to_thread(_as_supervisor, supervisor_url, "actions", "publish", GIFT_CARD)
            await _until(lambda: any(c.concerns(ChangeKind.ACTION, gift.id) for c in heard))
            assert _gift_card_title(overlay_titles()) == "Gift card (new form)"
            heard.clear()
            await asyncio.to_thread(
                _as_supervisor, supervisor_url, "actions", "rollback", GIFT_CARD, "--to", "1"
            )
            await _until(lambda: any(c.concerns(ChangeKind.ACTION, gift.id) for c in heard))
            assert _gift_card_title(overlay_titles()) == published_title
            await agent.live.stop()
            await asyncio.wait_for(task, 10)

        asyncio.run(scenario())
        history = supervisor.history(gift.id)
        assert [(v.number, v.state) for v in history] == [
            (3, "published"),
            (2, "superseded"),
            (1, "superseded"),
        ]
        assert history[1].author == supervisor_engine.url.username
        entries = AuditLog(supervisor_engine).page(AuditFilter(kind="action", row_id=str(gift.id)))
        assert [e.operation for e in entries][:3] == ["published", "published", "changed"]
        agent.close()
        supervisor_engine.dispose()


def test_the_form_a_draft_changes_is_kept_apart_from_the_published_one(postgres_url: str) -> None:
    services = build_services(Settings(), postgres_url, open_store(postgres_url))
    assert create_demo_data_if_empty(services)
    gift = services.actions.find(GIFT_CARD)
    assert gift is not None and gift.id is not None
    services.actions.save(replace(gift, form=FormSpec(title="Only a title")), gift, publish=False)
    published = services.actions.get_published(gift.id)
    assert published is not None and published.form == gift.form
    assert [a.form for a in services.overlay.active_actions() if a.id == gift.id] == [gift.form]
    services.close()
