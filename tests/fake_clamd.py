"""A tiny stand-in for ClamAV's daemon, on a real socket in a thread, speaking INSTREAM.

It answers "stream: Eicar-Test-Signature FOUND" when the stream holds the EICAR test string,
"stream: OK" otherwise, or a fixed reply when told to (to play a clamd that errors).
"""

import contextlib
import socket
import struct
import threading

# The EICAR anti-virus test string, in two parts so that this file itself is not flagged.
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def _read_exactly(conn: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = conn.recv(size - len(data))
        if not chunk:
            raise ConnectionError("client went away")
        data += chunk
    return data


class FakeClamd:
    def __init__(self, *, unix_path=None, reply: bytes | None = None):
        if unix_path:
            self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            self._sock.bind(str(unix_path))
            self.address = f"unix://{unix_path}"
        else:
            self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            self._sock.bind(("127.0.0.1", 0))
            self.address = f"tcp://127.0.0.1:{self._sock.getsockname()[1]}"
        self._sock.listen(5)
        self._sock.settimeout(0.2)
        self.reply = reply
        self.connections = 0
        self.commands: list[bytes] = []
        self.streams: list[bytes] = []
        self.chunk_sizes: list[list[int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(timeout=5)
        self._sock.close()

    def _serve(self):
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            with conn:
                conn.settimeout(5)
                with contextlib.suppress(ConnectionError, TimeoutError):  # the client gave up
                    self._answer(conn)

    def _answer(self, conn):
        command = b""
        while not command.endswith(b"\0"):
            command += _read_exactly(conn, 1)
        self.commands.append(command)
        if command != b"zINSTREAM\0":
            conn.sendall(b"UNKNOWN COMMAND\0")
            return
        stream, sizes = b"", []
        while True:
            (size,) = struct.unpack("!L", _read_exactly(conn, 4))
            sizes.append(size)
            if size == 0:
                break
            stream += _read_exactly(conn, size)
        self.streams.append(stream)
        self.chunk_sizes.append(sizes)
        if self.reply is not None:
            conn.sendall(self.reply)
        elif EICAR in stream:
            conn.sendall(b"stream: Eicar-Test-Signature FOUND\0")
        else:
            conn.sendall(b"stream: OK\0")


def unused_tcp_address() -> str:
    """An address where nothing listens (the port was free a moment ago)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"tcp://127.0.0.1:{port}"
