"""SIP outcomes in the words an agent reads."""

from __future__ import annotations

# Why an outbound call did not connect, by final status code.
_FAILED_CALL = {
    404: "not found: there is no such number or extension",
    604: "not found: there is no such number or extension",
    486: "busy",
    600: "busy",
    408: "no answer: the call timed out",
    480: "not available right now",
    603: "declined",
    487: "cancelled",
    403: "refused by the phone system",
    484: "the number is incomplete",
    503: "the phone system is not available",
}


def outbound_failure(number: str, code: int, reason: str) -> str:
    words = _FAILED_CALL.get(code)
    if words is None:
        words = f"failed ({code} {reason})".strip() if code else "failed: the phone system did not answer"
    return f"Call to {number}: {words}."


def registration(code: int, reason: str, active: bool, user: str, registrar: str) -> str:
    if 200 <= code < 300:
        return f"Phone: registered as {user}" if active else "Phone: not registered"
    if code in (401, 403, 407):
        return f"Phone: registration refused ({code}): check the password"
    if code == 404:
        return f"Phone: registration refused (404): {registrar} does not know the user {user}"
    if code in (408, 503) or code == 0 or code >= 700:
        return f"Phone: {registrar} does not answer ({code})"
    return f"Phone: registration refused ({code} {reason})"


def registrar_not_answering(registrar: str) -> str:
    return f"Phone: registrar not answering ({registrar}); still trying"
