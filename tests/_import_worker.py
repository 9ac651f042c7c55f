"""Subprocess for test_reliability: run a large facility import and announce when it is half-way.

Usage: python tests/_import_worker.py ROWS   (DATABASE_URL and DJANGO_SETTINGS_MODULE from the environment)
Prints "HALFWAY" once half of the rows are written (inside the import's transaction), then keeps going slowly.
"""

import io
import sys
import time

import django

django.setup()


from sxsh.accounts.models import User  # noqa: E402
from sxsh.calc import taxcode  # noqa: E402
from sxsh.core import bulk  # noqa: E402
from sxsh.core.request_context import set_request_id  # noqa: E402
from sxsh.directory import importing, services  # noqa: E402
from sxsh.directory.models import Facility  # noqa: E402

rows = int(sys.argv[1])
user = User.objects.get(username="nhap-lieu")
lines = ["Tên cơ sở,Mã số thuế,Địa chỉ,Phường,Ngành VSIC"]
serial = 0
while len(lines) <= rows:
    code = taxcode.with_check_digit(f"06{serial:07d}")
    serial += 1
    if code:
        lines.append(f"Cơ sở bị ngắt {len(lines)},{code},{len(lines)} Hàng Bạc,Hàng Bạc,C10")
preview = importing.preview_from_upload(user, io.BytesIO("\n".join(lines).encode()))
assert preview.is_valid, preview.file_errors or [r.errors for r in preview.rows if r.errors][:3]
services.IMPORT_BATCH = 20  # many batches, so the import can be interrupted between two of them
real_insert = bulk.insert
saved = 0


def announce(objs: list[Facility]) -> None:
    global saved
    real_insert(objs)
    if objs and isinstance(objs[0], Facility):
        saved += len(objs)
        if saved >= rows // 2:
            print("HALFWAY", flush=True)
            time.sleep(0.5)  # give the parent time to kill us mid-transaction


bulk.insert = announce
set_request_id("interrupted-import")
services.import_facilities(acting_user=user, preview=preview)
print("FINISHED", flush=True)
