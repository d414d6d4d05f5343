"""The mail carrier for the outbox: one SMTP connection per run, kept for every message of it, each
message rendered just before it goes (one at a time: a run of ten thousand holds one in memory).

The relay's answer decides: 2xx sent; 4xx (and a relay that cannot be reached) try again later; 5xx
never will work, kept with the relay's words for the admins. The standard library's `smtplib` speaks
SMTP, STARTTLS and implicit TLS with certificate checks; nothing more is needed.
"""

import logging
import smtplib
import ssl

from .. import outbox
from .render import message_bytes
from .settings import MailSettings

log = logging.getLogger(__name__)
CONNECTION_ERRORS = (OSError, smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, smtplib.SMTPHeloError)


def _words(code: int, text: bytes | str) -> str:
    text = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return f"{code} {' '.join(text.split())}"


class SmtpTransport(outbox.Transport):
    def __init__(self, settings: MailSettings):
        self.settings = settings
        self.smtp: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        context = ssl.create_default_context(cafile=s.ca_file) if s.security else None
        if s.security == "tls":
            smtp = smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout, context=context)
        else:
            smtp = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
        try:
            smtp.ehlo()
            if s.security == "starttls":
                smtp.starttls(context=context)
                smtp.ehlo()
            if s.username:
                smtp.login(s.username, s.password or "")
        except BaseException:
            smtp.close()
            raise
        return smtp

    def __exit__(self, *exc):
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except (OSError, smtplib.SMTPException):
                self.smtp.close()
            self.smtp = None
        return None

    def _prepare(self, message: outbox.Pending) -> tuple[bytes, bool]:
        payload = message.payload
        return message_bytes(
            self.settings,
            to=message.target,
            name=payload.get("name"),
            template=payload["template"],
            locale=payload.get("locale") or "en",
            context=payload.get("context") or {},
            key=message.idempotency_key,
            unsubscribe=payload.get("unsubscribe"),
        )

    def send(self, message: outbox.Pending) -> outbox.Result:
        return self._deliver(message, *self._prepare(message))

    def send_many(self, messages: list[outbox.Pending]) -> list[outbox.Result]:
        """Render the handful first, then talk to the relay without pauses in between: on a busy host
        a relay answers a steady exchange about twice as fast as one interleaved with rendering (see
        bench/mail.py). A handful at a time keeps memory flat however long the run."""
        made: list = []
        for message in messages:
            try:
                made.append(self._prepare(message))
            except Exception as error:  # a bug in one message's template must not hold up the others
                log.exception("mail %s could not be rendered", message.id)
                made.append(outbox.failed(f"{type(error).__name__}: {error}"))
        results: list[outbox.Result] = []
        stopped = None
        for message, item in zip(messages, made, strict=True):
            if stopped:
                result = outbox.untried(stopped)
            else:
                result = item if isinstance(item, outbox.Result) else self._deliver(message, *item)
            stopped = stopped or (result if result.stop else None)
            results.append(result)
        return results

    def _deliver(self, message: outbox.Pending, data: bytes, international: bool) -> outbox.Result:
        options = ["SMTPUTF8"] if international else []
        for attempt in (1, 2):
            if self.smtp is None:
                try:
                    self.smtp = self._connect()
                except smtplib.SMTPAuthenticationError as error:
                    words = _words(error.smtp_code, error.smtp_error)
                    return outbox.retry(f"the relay refused our sign-in: {words}", stop=True)
                except (*CONNECTION_ERRORS, smtplib.SMTPException) as error:
                    return outbox.retry(f"the relay cannot be reached: {error!r}", stop=True)
                fresh = True
            else:
                fresh = False
            try:
                self.smtp.sendmail(self.settings.sender.addr_spec, [message.target], data, mail_options=options)
                return outbox.SENT
            except smtplib.SMTPRecipientsRefused as error:
                code, text = error.recipients.get(message.target, (550, b"refused"))
                return self._refused(code, text)
            except smtplib.SMTPSenderRefused as error:  # MAIL_FROM not allowed: a setting to fix, then all go
                return outbox.retry(
                    f"the relay refused MAIL_FROM: {_words(error.smtp_code, error.smtp_error)}", stop=True
                )
            except smtplib.SMTPNotSupportedError as error:
                return outbox.failed(f"the relay cannot take this message: {error}")
            except smtplib.SMTPResponseException as error:
                if error.smtp_code == 421 or error.smtp_code < 400:  # the relay is closing the connection
                    self._drop()
                    if attempt == 1 and not fresh:
                        continue
                    return outbox.retry(_words(error.smtp_code, error.smtp_error), stop=True)
                return self._refused(error.smtp_code, error.smtp_error)
            except CONNECTION_ERRORS as error:
                self._drop()
                if attempt == 1 and not fresh:
                    continue  # a kept connection the relay had closed: once more on a new one
                return outbox.retry(f"the relay cannot be reached: {error!r}", stop=True)
        return outbox.retry("the relay keeps closing the connection", stop=True)

    def _refused(self, code: int, text) -> outbox.Result:
        words = _words(code, text)
        return outbox.failed(words) if code >= 500 else outbox.retry(words)

    def _drop(self) -> None:
        if self.smtp is not None:
            self.smtp.close()
            self.smtp = None
