"""The embedded default's broker writes each message whole before a worker can see it (kombu's own
file-system transport creates the file, then writes it: a worker that read it in between stopped with
"Unrecoverable error: JSONDecodeError", seen in a test run under load)."""

import json
import os
from pathlib import Path

from kombu import Connection

from mutuals_portal.lib import fs_broker


def test_a_message_file_appears_only_when_complete(tmp_path, monkeypatch):
    folder = str(tmp_path)
    before_rename = []
    real_replace = os.replace

    def replace(src, dst):
        before_rename.append(sorted(os.listdir(folder)))
        json.loads(Path(src).read_bytes())  # the whole message is there before it gets its name
        real_replace(src, dst)

    monkeypatch.setattr(fs_broker.os, "replace", replace)
    options = {"data_folder_in": folder, "data_folder_out": folder, "control_folder": folder, "store_processed": False}
    with Connection(transport=fs_broker.Transport, transport_options=options) as connection:
        queue = connection.SimpleQueue("jobs")
        queue.put({"task": "render", "id": 7})
        message = queue.get(timeout=2)
        message.ack()
        queue.close()

    assert message.payload == {"task": "render", "id": 7}
    assert len(before_rename) == 1
    assert not any(name.endswith(".msg") for name in before_rename[0])  # only the partial file existed


def test_the_embedded_default_s_url_uses_it_and_a_redis_url_does_not(tmp_path):
    options = {"data_folder_in": str(tmp_path), "data_folder_out": str(tmp_path), "control_folder": str(tmp_path)}
    assert Connection("filesystem://", transport_options=options).transport_cls == "filesystem"
    assert type(Connection("filesystem://", transport_options=options).transport) is fs_broker.Transport
    assert type(Connection("redis://127.0.0.1:1/0").transport) is not fs_broker.Transport
