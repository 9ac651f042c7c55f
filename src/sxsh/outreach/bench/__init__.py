"""Load test of the public portal on loopback (``python -m sxsh.outreach.bench``).

Starts gunicorn on a throw-away SQLite database with the seed article, then

* posts many comments concurrently (each form sent twice, like a double click) and checks that none is
  lost and none duplicated;
* measures the article page's throughput against a minimal Django view served by the same server.

Prints one line per figure: ``bench NAME: VALUE UNIT (ratio R vs BASELINE)``.
"""
