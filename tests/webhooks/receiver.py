"""A real HTTP receiver on loopback for webhook deliveries (http.server in a thread)."""

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from app.webhooks.signing import verify


@dataclass
class Received:
    webhook_id: str
    timestamp: str
    signature: str
    body: bytes
    at: float

    @property
    def payload(self) -> dict[str, Any]:
        loaded: dict[str, Any] = json.loads(self.body)
        return loaded

    def verifies(self, secret: str) -> bool:
        return verify(secret, self.webhook_id, self.timestamp, self.body, self.signature)


@dataclass
class Receiver:
    """Records every request; answers `fail_next` of them with 500, each after `delay_s`."""

    port: int = 0
    fail_next: int = 0
    delay_s: float = 0.0
    received: list[Received] = field(default_factory=list)  # answered 2xx
    attempts: list[tuple[str, int]] = field(default_factory=list)  # (webhook-id, status)
    lock: threading.Lock = field(default_factory=threading.Lock)
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    def start(self) -> "Receiver":
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length", "0")))
                if receiver.delay_s:
                    time.sleep(receiver.delay_s)
                with receiver.lock:
                    failing = receiver.fail_next > 0
                    if failing:
                        receiver.fail_next -= 1
                    status = 500 if failing else 204
                    hook_id = self.headers.get("webhook-id", "")
                    receiver.attempts.append((hook_id, status))
                    if not failing:
                        receiver.received.append(
                            Received(
                                hook_id,
                                self.headers.get("webhook-timestamp", ""),
                                self.headers.get("webhook-signature", ""),
                                body,
                                time.time(),
                            )
                        )
                self.send_response(status)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        """Down: connections are refused until start() again (same port)."""
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def ids(self) -> list[str]:
        with self.lock:
            return [r.webhook_id for r in self.received]

    def wait_for(self, count: int, timeout_s: float = 60.0) -> list[Received]:
        """The first `count` distinct deliveries (2xx), waiting for them."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if len(set(self.ids())) >= count:
                break
            time.sleep(0.05)
        with self.lock:
            return list(self.received)
