"""The PJSIP thread: it owns the library (endpoint, transport, account, calls) and is the only thread that
calls it. Its callbacks report plain events (`events`) through `report`, which the connector hands to the
asyncio loop with `call_soon_threadsafe`; the loop asks for operations with `submit`, which queues a
function the thread runs between two turns of PJSIP's event polling. So neither Qt nor the store is ever
touched from a PJSIP thread, and no PJSIP object is ever touched from the loop's.

PJSIP runs no threads of its own here (`threadCnt = 0`): this thread polls its events. It is registered
with the library by `libCreate`; any other thread that ever had to call PJSIP would first have to call
`libRegisterThread` (`_registered` does), which is why every operation goes through `submit` instead.
"""

from __future__ import annotations

import concurrent.futures
import itertools
import logging
import queue
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from cti_desktop.compat import pjsua2_digests
from cti_desktop.contacts.sip.events import EngineFailed, SipEvent, Started
from cti_desktop.contacts.sip.settings import SipSettings, split_host_port

log = logging.getLogger(__name__)

T = TypeVar("T")

# How long one poll of PJSIP's events may wait: an operation the agent asks for waits at most this long.
POLL_MS = 5
# PJSIP's log levels (1 errors, 2 warnings, 3 notes, 4 and 5 details, 5 with every SIP message) as the
# app's log levels; PJSIP prints nothing itself, every line goes through `_LogWriter` into the app's log.
_LOG_LEVELS = ((logging.ERROR, 1), (logging.WARNING, 2), (logging.INFO, 3), (logging.DEBUG, 5))
PJSIP_LOGGER = "cti_desktop.pjsip"
_WILDCARDS = ("0.0.0.0", "::", "")  # noqa: S104 - names of the wildcard address, compared only


class SipOperationError(Exception):
    """PJSIP refused an operation; the message is PJSIP's reason."""


class SipSetupError(Exception):
    """The phone's settings cannot work (e.g. TLS without its certificate); the message says why."""


class SipEngine:
    def __init__(
        self,
        settings: SipSettings,
        *,
        report: Callable[[SipEvent], None],
        taking_calls: Callable[[], bool],
        password: str = "",
        auth_user: str = "",
        user_agent: str = "CTI Desktop",
        null_audio: bool = False,
    ) -> None:
        self.settings = settings
        # No sound device at all (tests, benchmarks): PJSIP's null device keeps the media clock going.
        self.null_audio = null_audio
        self._report = report
        self._taking_calls = taking_calls
        self._password = password
        self._auth_user = auth_user
        self._user_agent = user_agent
        self._commands: queue.SimpleQueue[tuple[Callable[[], Any], concurrent.futures.Future[Any]]] = (
            queue.SimpleQueue()
        )
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._keys = itertools.count(1)
        # Only the PJSIP thread reads or changes these.
        self._calls: dict[str, Any] = {}
        self._endpoint: Any = None
        self._account: Any = None

    # -- the loop's side ----------------------------------------------------------------------------

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="cti-sip", daemon=True)
        self._thread.start()

    def submit(self, function: Callable[[], T]) -> concurrent.futures.Future[T]:
        """Run `function` on the PJSIP thread; its result (or SipOperationError) in the future."""
        future: concurrent.futures.Future[T] = concurrent.futures.Future()
        if self._stopping.is_set() or self._thread is None:
            future.set_exception(SipOperationError("the phone is not running"))
            return future
        self._commands.put((function, future))
        return future

    def stop(self, timeout_s: float = 5.0) -> None:
        """Hang up, unregister and shut PJSIP down; returns once its thread has ended (or the time is up)."""
        self._stopping.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout_s)
            if thread.is_alive():
                log.warning("the SIP phone did not stop within %.0f s", timeout_s)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    # -- the PJSIP thread ---------------------------------------------------------------------------

    def _run(self) -> None:
        try:
            import pjsua2  # noqa: F401 - fails here, in words, when the library is missing
        except ImportError as exc:
            self._fail(f"the SIP library (pjsua2-python) is not installed: {exc}")
            return
        try:
            address = self._start_library()
        except Exception as exc:
            self._fail(f"the phone could not start: {_reason(exc)}")
            self._destroy()
            return
        self._registered()
        self.report(Started(address))
        try:
            while not self._stopping.is_set():
                self._endpoint.libHandleEvents(POLL_MS)
                self._run_commands()
        except Exception as exc:  # a defect: say it, and stop rather than spin
            log.exception("the SIP phone stopped")
            self._fail(f"the phone stopped: {_reason(exc)}")
        finally:
            self._shutdown()

    def _start_library(self) -> str:
        import pjsua2 as pj

        from cti_desktop.contacts.sip.call import PhoneAccount

        pjsua2_digests.apply()
        level = pjsip_log_level()
        # Until libInit hands PJSIP the writer, it would print its start-up lines on stdout.
        _silence_until_configured()
        endpoint = pj.Endpoint()
        self._endpoint = endpoint
        endpoint.libCreate()  # registers this thread with PJSIP
        config = pj.EpConfig()
        config.uaConfig.threadCnt = 0  # PJSIP's events are polled here, on this thread only
        config.uaConfig.mainThreadOnly = False
        config.uaConfig.userAgent = self._user_agent
        config.logConfig.level = level
        config.logConfig.consoleLevel = level  # what reaches the writer
        # The app's log stamps the time: PJSIP's lines keep only their sender (the source file).
        config.logConfig.decor = pj.PJ_LOG_HAS_SENDER
        self._log_writer = _LogWriter()
        config.logConfig.writer = self._log_writer
        config.medConfig.noVad = True
        endpoint.libInit(config)
        devices = endpoint.audDevManager()
        if self.null_audio or devices.getDevCount() == 0:
            if not self.null_audio:
                log.warning("no sound device was found: calls connect without audio")
            devices.setNullDev()

        host, port = split_host_port(self.settings.listen)
        transport = pj.TransportConfig()
        transport.port = port
        if host not in _WILDCARDS:
            transport.boundAddress = host
        kind = {
            "udp": pj.PJSIP_TRANSPORT_UDP,
            "tcp": pj.PJSIP_TRANSPORT_TCP,
            "tls": pj.PJSIP_TRANSPORT_TLS,
        }[self.settings.transport]
        if self.settings.transport == "tls":
            problem = self.settings.tls_problem()
            if problem:
                raise SipSetupError(problem)
            transport.tlsConfig.certFile = str(Path(self.settings.tls_certificate).expanduser())
            transport.tlsConfig.privKeyFile = str(Path(self.settings.tls_private_key).expanduser())
            try:
                transport_id = endpoint.transportCreate(kind, transport)
            except pj.Error as exc:
                raise SipSetupError(
                    f"the TLS certificate and private key were refused ({_reason(exc)}): check that "
                    "the key is the certificate's, and not protected by a passphrase"
                ) from exc
        else:
            transport_id = endpoint.transportCreate(kind, transport)
        address = str(endpoint.transportGetInfo(transport_id).localName)
        endpoint.libStart()

        account_config = pj.AccountConfig()
        account_config.idUri = self.settings.account_uri()
        account_config.sipConfig.transportId = transport_id
        media = account_config.mediaConfig.transportConfig
        media.port = 0
        if host not in _WILDCARDS:
            media.boundAddress = host
        registrar = self.settings.registrar_uri()
        if registrar:
            account_config.regConfig.registrarUri = registrar
            user = self._auth_user or self.settings.user
            # SWIG hands the vector out by value: fill a copy, then set it back.
            credentials = account_config.sipConfig.authCreds
            credential = pj.AuthCredInfo("digest", "*", user, 0, self._password)
            credentials.append(credential)
            account_config.sipConfig.authCreds = credentials
        else:
            account_config.regConfig.registerOnAdd = False
        account = PhoneAccount(self)
        account.create(account_config, True)
        self._account = account
        return address

    def _registered(self) -> None:
        """Register the calling thread with PJSIP if it is not (PJSIP asserts on unknown threads)."""
        endpoint = self._endpoint
        if endpoint is not None and not endpoint.libIsThreadRegistered():
            endpoint.libRegisterThread(threading.current_thread().name)

    def _run_commands(self) -> None:
        while True:
            try:
                function, future = self._commands.get_nowait()
            except queue.Empty:
                return
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(function())
            except Exception as exc:
                future.set_exception(SipOperationError(_reason(exc)))

    def _shutdown(self) -> None:
        # Commands that came too late are told so.
        while True:
            try:
                _function, future = self._commands.get_nowait()
            except queue.Empty:
                break
            if future.set_running_or_notify_cancel():
                future.set_exception(SipOperationError("the phone stopped"))
        try:
            if self._endpoint is not None:
                self._endpoint.hangupAllCalls()
                # Let the BYEs (and an unregistration) leave before the library goes.
                for _ in range(20):
                    self._endpoint.libHandleEvents(10)
                if self._account is not None:
                    self._account.shutdown()
        except Exception:
            log.exception("the SIP phone did not close its calls cleanly")
        self._destroy()

    def _destroy(self) -> None:
        self._calls.clear()
        self._account = None
        endpoint, self._endpoint = self._endpoint, None
        if endpoint is not None:
            try:
                endpoint.libDestroy()
            except Exception:
                log.exception("PJSIP did not shut down cleanly")

    def _fail(self, message: str) -> None:
        log.error("%s", message)
        self.report(EngineFailed(message))

    # -- what the callbacks (call.py) use, on the PJSIP thread -----------------------------------------

    def report(self, event: SipEvent) -> None:
        try:
            self._report(event)
        except Exception:
            log.exception("a SIP event could not be handed over: %r", event)

    def taking_calls(self) -> bool:
        return not self._stopping.is_set() and self._taking_calls()

    def new_key(self) -> str:
        return f"sip-{next(self._keys)}"

    def keep(self, key: str, call: Any) -> None:
        self._calls[key] = call

    def forget(self, key: str) -> None:
        self._calls.pop(key, None)

    def endpoint(self) -> Any:
        return self._endpoint

    def hangup_now(self, key: str, code: int) -> None:
        import pjsua2 as pj

        call = self._calls.get(key)
        if call is None:
            return
        param = pj.CallOpParam()
        param.statusCode = code
        call.hangup(param)

    # -- operations, run on the PJSIP thread through `submit` ------------------------------------------

    def _call(self, key: str) -> Any:
        call = self._calls.get(key)
        if call is None:
            raise SipOperationError("the call has ended")
        return call

    def answer(self, key: str, code: int) -> None:
        import pjsua2 as pj

        param = pj.CallOpParam()
        param.statusCode = code
        self._call(key).answer(param)

    def hangup(self, key: str, code: int = 0) -> None:
        self._call(key)
        self.hangup_now(key, code)

    def hold(self, key: str) -> None:
        import pjsua2 as pj

        self._call(key).setHold(pj.CallOpParam(True))

    def resume(self, key: str) -> None:
        import pjsua2 as pj

        param = pj.CallOpParam(True)
        param.opt.flag = pj.PJSUA_CALL_UNHOLD
        self._call(key).reinvite(param)

    def mute(self, key: str, muted: bool) -> None:
        self._call(key).set_muted(muted)

    def dtmf(self, key: str, digits: str) -> None:
        # RFC 4733 telephone events in the RTP stream (PJSIP's default method).
        self._call(key).dialDtmf(digits)

    def transfer(self, key: str, target_uri: str) -> None:
        import pjsua2 as pj

        self._call(key).xfer(target_uri, pj.CallOpParam(True))

    def make_call_as(self, key: str, target_uri: str) -> None:
        """An outbound call under the connector's key for it."""
        import pjsua2 as pj

        from cti_desktop.contacts.sip.call import PhoneCall

        if self._account is None:
            raise SipOperationError("the phone is not running")
        call = PhoneCall(self, self._account, key)
        self.keep(key, call)
        try:
            call.makeCall(target_uri, pj.CallOpParam(True))
        except Exception:
            self.forget(key)
            raise


def _reason(exc: BaseException) -> str:
    """PJSIP's reason for an error (pj.Error carries it in `reason`), else the exception's text."""
    reason = getattr(exc, "reason", "")
    return str(reason or exc)


def pjsip_log_level() -> int:
    """PJSIP's log level for what the app's log records now (its level, or DEBUG under --verbose): PJSIP
    builds no line the log would drop."""
    logger = logging.getLogger(PJSIP_LOGGER)
    for app_level, pjsip_level in reversed(_LOG_LEVELS):
        if logger.isEnabledFor(app_level):
            return pjsip_level
    return 0


def app_log_level(pjsip_level: int) -> int:
    """The app's log level for one of PJSIP's lines."""
    for app_level, level in _LOG_LEVELS:
        if pjsip_level <= level:
            return app_level
    return logging.DEBUG


def _silence_until_configured() -> None:
    """Set PJSIP's log level to 0 before `libCreate`: its first lines (pjlib initialized, the endpoint
    created) are written before `libInit` applies the log configuration, by PJSIP's own writer, which
    prints them on stdout. pjsua2 has no call for it; the wheel's library exports pjlib's."""
    try:
        import ctypes

        from pjsua2 import _pjsua2

        ctypes.CDLL(_pjsua2.__file__).pj_log_set_level(ctypes.c_int(0))
    except (ImportError, OSError, AttributeError) as exc:  # a build that hides pjlib's symbols
        log.debug("PJSIP's start-up log lines could not be silenced: %s", exc)


def _log_writer_class() -> type:
    import pjsua2 as pj

    class LogWriter(pj.LogWriter):  # type: ignore[misc]
        def write(self, entry: Any) -> None:
            logging.getLogger(PJSIP_LOGGER).log(app_log_level(entry.level), "%s", str(entry.msg).strip())

    return LogWriter


def _LogWriter() -> Any:
    """PJSIP's log lines into the app's log (a class made on first use: pjsua2 loads only with the phone)."""
    return _log_writer_class()()
