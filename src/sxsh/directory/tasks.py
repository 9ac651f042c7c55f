"""The directory's background task: a large facility import, checked again and saved by a worker."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sxsh.core.scoping import allows
from sxsh.tasks.registry import Output, Run, TaskError, long_task

from . import importing, services
from .models import Facility


@long_task(title=gettext_lazy("Nhập danh sách cơ sở"), allowed=lambda user: allows(user, Facility, "add"),
           done_url="directory:facility_list")
def import_facilities(run: Run) -> Output:
    """The previewed file (kept under its token) is checked again for the user as they are now, then saved
    all or nothing; the file is removed once saved or refused (a lost worker's retry still finds it)."""
    stored = importing.stored_uploads() / run.params["token"]
    try:
        run.progress(5, _("Đang kiểm tra lại dữ liệu"))
        with stored.open("rb") as handle:
            preview = importing.preview_from_upload(run.user, handle)
        if not preview.is_valid:
            raise TaskError(_("Dữ liệu đã thay đổi kể từ lúc xem trước; vui lòng tải tệp lên lại."))
        run.progress(30, _("Đang lưu %(n)s dòng") % {"n": len(preview.rows)})
        created, updated = services.import_facilities(acting_user=run.user, preview=preview)
    except FileNotFoundError:
        raise TaskError(_("Phiên nhập dữ liệu đã hết hạn, vui lòng tải tệp lên lại.")) from None
    except PermissionDenied:
        raise TaskError(_("Không nhập được dữ liệu; không có dòng nào được lưu.")) from None
    stored.unlink(missing_ok=True)
    run.summary = _("Đã nhập %(c)s cơ sở mới và cập nhật %(u)s cơ sở.") % {"c": created, "u": updated}
    return None
