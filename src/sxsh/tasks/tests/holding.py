"""A task kind for the worker tests: it holds while a file exists, so a test can kill its worker mid-task."""

import time
from pathlib import Path

from sxsh.tasks.registry import Output, Run, long_task


@long_task(title="held task")
def hold(run: Run) -> Output:
    flag = Path(run.params["hold"])
    run.progress(10, "holding")
    while flag.exists():
        time.sleep(0.05)
    return "held.txt", b"held"
