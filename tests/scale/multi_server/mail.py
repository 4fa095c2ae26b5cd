"""An SMTP server inside the test process, for the task workers' emails."""

import asyncio
import contextlib
import email
import threading

from aiosmtpd.controller import Controller

from .processes import free_port


class MailServer:
    """An SMTP server in this process that keeps what it receives.

    It can also hold deliveries, like a mail server that stalls, to catch a worker mid-send.
    """

    def __init__(self):
        self.messages: list[dict] = []
        self.held_deliveries = 0
        self._lock = threading.Lock()
        self._delivering = threading.Event()
        self._delivering.set()
        self.port = free_port()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)

    @contextlib.contextmanager
    def holding_deliveries(self):
        self._delivering.clear()
        try:
            yield
        finally:
            self._delivering.set()

    async def handle_DATA(self, server, session, envelope):
        if not self._delivering.is_set():
            with self._lock:
                self.held_deliveries += 1
            while not self._delivering.is_set():
                await asyncio.sleep(0.05)
            # Never acknowledged in time: as a real server would, it does not deliver it.
            return "451 4.3.0 Try again later"
        with self._lock:
            self.messages.append(
                {
                    "from": envelope.mail_from,
                    "to": list(envelope.rcpt_tos),
                    "content": envelope.content.decode("utf-8", "replace"),
                }
            )
        return "250 Message accepted"

    def received(self) -> list[dict]:
        with self._lock:
            return list(self.messages)

    def received_with_subject(self, subject: str) -> list[dict]:
        return [
            message
            for message in self.received()
            if email.message_from_string(message["content"])["Subject"] == subject
        ]

    def start(self):
        self._controller.start()

    def stop(self):
        self._controller.stop()
