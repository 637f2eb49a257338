"""The "Flow and data" blocks of docs/flows.md (SE_HttpRequest lives in http.py), one module per job.

Each block gets its controls already resolved (references replaced, templates rendered) and must treat
them as read-only: the executor hands constant controls over without copying them.
"""

from __future__ import annotations

from cti_desktop.flows.blocks import agent_screen, conditions, control, data, formatting, properties
from cti_desktop.flows.registry import BlockRegistry

JOB_MODULES = (control, properties, conditions, data, formatting, agent_screen)


def register(registry: BlockRegistry) -> None:
    for module in JOB_MODULES:
        module.register(registry)
