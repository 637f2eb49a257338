"""The part of start-up that needs no window: validate the settings, open (and upgrade) the store, build
the services and create the demo data on a first run. The app runs it on a thread of its own once its
window is up (see `gui.startup`), so none of it delays the Actions tab."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from cti_desktop.logging_setup import apply_level
from cti_desktop.services.app_services import AppServices, build_services
from cti_desktop.services.demo import create_demo_data_if_empty
from cti_desktop.services.offline_seat import OfflineSeat, cache_path, is_unreachable
from cti_desktop.services.server_options import server_options
from cti_desktop.settings import load_settings
from cti_desktop.store.database import is_postgresql, open_store
from cti_desktop.store.errors import StoreError
from cti_desktop.store.seat_cache import SeatCache

log = logging.getLogger(__name__)


@dataclass
class PreparedServices:
    services: AppServices
    # Problems found in the settings, in words for the user (the window shows them).
    problems: list[str] = field(default_factory=list)


def prepare_services(overrides: dict[str, Any], *, demo_data: bool = True) -> PreparedServices:
    """The app's services on its store; `StoreError` (in words for the user) when the store cannot be
    used. `demo_data=False` (--no-demo) keeps an empty database empty whatever the settings say."""
    loaded = load_settings(overrides)
    settings = loaded.settings
    if not demo_data:
        settings = settings.model_copy(update={"demo_data": False})
    url = settings.resolved_database_url()
    apply_level(settings.log_level)
    options = server_options(settings)
    seat: OfflineSeat | None = None
    if is_postgresql(url):
        cache = SeatCache(cache_path(settings.cache_path, url))
        try:
            engine = open_store(url, options, backups_dir=settings.backups_folder())
        except StoreError as exc:
            if not (is_unreachable(exc) and cache.exists()):
                raise
            # The server is away: serve calls from the seat's copy; editing waits for the next start.
            log.warning("the shared database cannot be reached, working from the seat's copy: %s", exc)
            seat = OfflineSeat(cache, url, server=None, options=options)
            engine = cache.engine()
        else:
            seat = OfflineSeat(cache, url, server=engine, options=options)
    else:
        engine = open_store(url, options, backups_dir=settings.backups_folder())
    services: AppServices | None = None
    try:
        services = build_services(settings, url, engine, options, seat=seat)
        if settings.demo_data and (seat is None or not seat.serving_from_cache):
            create_demo_data_if_empty(services)
    except BaseException:
        if services is not None:
            services.close()
        else:
            engine.dispose()
        raise
    return PreparedServices(services, loaded.problems)
