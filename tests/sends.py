"""The stand-in for Celery's broker that tests use to see what would be queued, without a worker."""


def record_sends(monkeypatch, task: str) -> list:
    """Stand in for the broker: `task`'s .delay (a dotted path) records the id it is given instead of sending
    it, so a test sees what would be queued without a worker. Returns the list the ids go into."""
    sent: list = []
    monkeypatch.setattr(f"{task}.delay", lambda object_id: sent.append(object_id))
    return sent
