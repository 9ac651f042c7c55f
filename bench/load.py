"""A bounded loopback load generator: threads with keep-alive ``http.client`` connections.

A fixed number of requests shared by the threads, stopped early at a time cap; the result gives
throughput, latency percentiles and the number of failed requests (anything but 200).
"""

import http.client
import threading
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class LoadResult:
    requests: int
    errors: int
    seconds: float
    latencies: tuple[float, ...]  # seconds, successful requests only

    @property
    def rps(self) -> float:
        return (self.requests - self.errors) / self.seconds if self.seconds else 0.0

    def percentile(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
        return ordered[index]


def run(host: str, port: int, path: str, *, total: int, clients: int, seconds: float,
        headers: dict[str, str] | None = None) -> LoadResult:
    lock = threading.Lock()
    remaining = [total]
    latencies: list[float] = []
    errors = [0]
    deadline = time.perf_counter() + seconds
    sent = [0]

    def take() -> bool:
        with lock:
            if remaining[0] <= 0 or time.perf_counter() > deadline:
                return False
            remaining[0] -= 1
            sent[0] += 1
            return True

    def worker() -> None:
        connection = http.client.HTTPConnection(host, port, timeout=30)
        mine: list[float] = []
        failed = 0
        while take():
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers or {})
                response = connection.getresponse()
                response.read()
                ok = response.status in (200, 204)  # 204: the view beacon
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
            except (OSError, http.client.HTTPException):
                ok = False
                connection.close()
                connection = http.client.HTTPConnection(host, port, timeout=30)
            if ok:
                mine.append(time.perf_counter() - started)
            else:
                failed += 1
        connection.close()
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return LoadResult(requests=sent[0], errors=errors[0], seconds=elapsed, latencies=tuple(latencies))
