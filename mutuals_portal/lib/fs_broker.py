"""The embedded default's Celery broker (no Redis): kombu's file-system transport, with each message
written whole before a worker can see it.

kombu creates the message file, then locks and writes it; a worker listing the folder in between reads
an empty file and stops with "Unrecoverable error: JSONDecodeError". Here the message is written to a
name the worker never picks up (no dot: kombu reads only "<time>_<id>.<queue>.msg") and renamed into
place, which is atomic on one file system. `install()` (called by mutuals_portal/celery.py) makes the
"filesystem://" broker URL use this transport; a Redis URL is untouched."""

import os
import uuid
from time import monotonic

from kombu.exceptions import ChannelError
from kombu.transport import TRANSPORT_ALIASES, filesystem
from kombu.utils.encoding import str_to_bytes
from kombu.utils.json import dumps


class Channel(filesystem.Channel):
    def _put(self, queue, payload, **kwargs):  # type: ignore[override]  # kombu's own signature
        name = f"{int(round(monotonic() * 1000))}_{uuid.uuid4()}.{queue}.msg"
        final = os.path.join(self.data_folder_out, name)
        partial = os.path.join(self.data_folder_out, f"partial-{uuid.uuid4().hex}")
        try:
            with open(partial, "wb") as f:
                f.write(str_to_bytes(dumps(payload)))
            os.replace(partial, final)
        except OSError as exc:
            raise ChannelError(f"Cannot add file {final!r} to directory") from exc


class Transport(filesystem.Transport):
    Channel = Channel


def install() -> None:
    TRANSPORT_ALIASES["filesystem"] = f"{__name__}:Transport"
