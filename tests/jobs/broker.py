"""Stop and start "the broker" inside a test: Celery is pointed at a Redis port where nothing listens
(what a stopped Redis looks like to a client), then back at the test's own broker."""

import socket

from mutuals_portal.celery import app as celery_app


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Broker:
    def __init__(self):
        self.url = celery_app.conf.broker_url
        self.down_url = f"redis://127.0.0.1:{closed_port()}/0"

    def stop(self) -> None:
        self._use(self.down_url)

    def start(self) -> None:
        self._use(self.url)

    @staticmethod
    def _use(url: str) -> None:
        celery_app.conf.broker_url = url
        # Connections and producers remember the old broker: start afresh (as tests/conftest.py does).
        celery_app._pool = None
        if "amqp" in celery_app.__dict__:
            celery_app.amqp._producer_pool = None
