"""The SIP softphone connector (PJSIP through pjsua2): real calls reach the app behind the same interface
as the simulator. `settings` is plain pydantic and loads without PJSIP; pjsua2 loads only when a phone
starts."""

from __future__ import annotations

from cti_desktop.contacts.sip.settings import CREDENTIAL_NAME, SipSettings, TelephonySettings

__all__ = ["CREDENTIAL_NAME", "SipSettings", "TelephonySettings"]
