"""A throwaway redis-server on loopback for the figures that need the shared cache or the RQ queue."""

import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def redis_url() -> Iterator[str | None]:
    """Yields ``redis://127.0.0.1:PORT/0`` while a server runs, or None when redis-server is not installed."""
    server = shutil.which("redis-server")
    if server is None:
        yield None
        return
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    with tempfile.TemporaryDirectory() as scratch:
        process = subprocess.Popen([server, "--bind", "127.0.0.1", "--port", str(port), "--save", "",  # noqa: S603  (the Debian binary, fixed arguments)
                                    "--appendonly", "no", "--dir", scratch], stdout=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 20
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.1)
            yield f"redis://127.0.0.1:{port}/0"
        finally:
            process.terminate()
            process.wait(timeout=20)
