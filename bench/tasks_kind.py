"""A task kind that does nothing, for measuring the task machinery itself (bench.tasks_bench)."""

from sxsh.tasks.registry import Output, Run, long_task


@long_task(title="bench no-op", allowed=lambda user: True)
def noop(run: Run) -> Output:
    return None
