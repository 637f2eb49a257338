"""Which telephony connector the app runs: the simulator, or the SIP phone (`[telephony] connector`).

The SIP password comes from the OS credential store (`cti-desktop credentials set sip --kind basic
--secret-stdin`: its user name is the one the registrar challenges, its secret the password), never from
a file. A password that cannot be read leaves the phone running unregistered, saying why.
"""

from __future__ import annotations

import logging
import os

from cti_desktop.contacts.simulator import Simulator
from cti_desktop.contacts.sip.settings import CREDENTIAL_NAME
from cti_desktop.services.credentials import CredentialError, CredentialStore
from cti_desktop.settings import Settings

log = logging.getLogger(__name__)

# Set to 1, the SIP phone uses PJSIP's null sound device (tests, benchmarks, the self-test).
NULL_AUDIO_ENV = "CTI_DESKTOP_NULL_AUDIO"


def build_telephony(settings: Settings, credentials: CredentialStore | None = None) -> Simulator:
    """The connector the settings choose (the SIP phone is started later, on the app's loop)."""
    telephony = settings.telephony
    if telephony.connector != "sip":
        return Simulator(default_country=settings.default_country)
    from cti_desktop.contacts.sip.connector import SipConnector

    sip = telephony.sip
    password, auth_user, problem = "", "", ""
    if sip.registrar:
        try:
            credential = (credentials or CredentialStore()).get(CREDENTIAL_NAME)
        except CredentialError as exc:
            credential, problem = None, f"the SIP password cannot be read: {exc}"
        if credential is not None:
            password, auth_user = credential.secret, credential.username
        elif not problem:
            problem = (
                f"no SIP password is stored: run cti-desktop credentials set {CREDENTIAL_NAME} "
                "--kind basic --secret-stdin"
            )
    phone = SipConnector(
        sip,
        password=password,
        auth_user=auth_user,
        default_country=settings.default_country,
        # Tests and benchmarks never touch the PC's sound device.
        null_audio=os.environ.get(NULL_AUDIO_ENV) == "1",
    )
    if problem:
        log.warning("%s", problem)
        phone.phone_status = f"Phone: {problem}"
    return phone
