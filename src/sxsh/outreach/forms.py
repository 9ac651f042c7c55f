import re
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from sxsh.core.captchas import captcha_field
from sxsh.core.formguard import MinimumFillTimeForm
from sxsh.core.forms import CheckedForm
from sxsh.core.uploads import DOCUMENTS, IMAGES, validate_upload

from . import selectors
from .models import Article, Distribution, Document, RecipientKind


def validate_phone(value: str) -> None:
    digits = re.sub(r"[\s.()-]", "", value)
    if value and not re.fullmatch(r"(\+84|0)\d{9,10}", digits):
        raise ValidationError(_("Số điện thoại không hợp lệ (ví dụ: 0912 345 678 hoặc +84 912 345 678)."))


class CommentForm(MinimumFillTimeForm):
    """The seed portal's form (Họ tên, Số điện thoại, Tiêu đề, Nội dung, Mã xác nhận) plus spam guards
    (honeypot, CAPTCHA, and the signed token of ``core.formguard``, whose nonce stops double posts)."""

    plain_text_fields = ("name",)
    name = forms.CharField(label=_("Họ tên"), max_length=100)
    phone = forms.CharField(label=_("Số điện thoại"), max_length=20, required=False, validators=[validate_phone],
                            widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
                            help_text=_("Không hiển thị công khai."))
    email = forms.EmailField(label=_("Thư điện tử"), required=False,
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}),
                             help_text=_("Không bắt buộc, không hiển thị công khai: để báo cho bạn khi có trả lời."))
    title = forms.CharField(label=_("Tiêu đề"), max_length=200)
    body = forms.CharField(label=_("Nội dung"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}))
    captcha = captcha_field(anchor="binh-luan")
    # Honeypot: hidden from people by the stylesheet, left empty by them; bots fill it in.
    website = forms.CharField(label=_("Trang web (để trống)"), required=False,
                              widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("website"))


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


#: The article editor's words (its buttons, headings and link tooltip), given to editor.js as JSON.
EDITOR_LABELS = {
    "body": _("Nội dung bài viết"), "header": _("Kiểu đoạn"), "paragraph": _("Đoạn văn"),
    "header:2": _("Tiêu đề mục"), "header:3": _("Tiêu đề nhỏ"), "header:4": _("Tiêu đề phụ"),
    "bold": _("Đậm"), "italic": _("Nghiêng"), "underline": _("Gạch chân"),
    "list:ordered": _("Danh sách đánh số"), "list:bullet": _("Danh sách gạch đầu dòng"),
    "blockquote": _("Trích dẫn"), "link": _("Liên kết"), "image": _("Chèn ảnh (PNG, JPEG)"),
    "table-insert": _("Chèn bảng 3 × 3"), "table-row": _("Thêm dòng dưới"), "table-column": _("Thêm cột bên phải"),
    "table-delete": _("Xóa bảng"), "clean": _("Bỏ định dạng"),
    "visit": _("Mở liên kết:"), "enter_link": _("Nhập liên kết:"), "edit": _("Sửa"), "remove": _("Bỏ liên kết"),
    "save": _("Lưu"), "uploading": _("Đang tải ảnh lên…"), "upload_failed": _("Không tải được ảnh lên. Hãy thử lại."),
}


class ArticleForm(CheckedForm, forms.ModelForm):
    tag_names = forms.CharField(label=_("Thẻ"), required=False, max_length=500,
                                help_text=_("Cách nhau bởi dấu phẩy, ví dụ: tiết kiệm năng lượng, dệt may"))

    class Meta:
        model = Article
        fields = ["title", "summary", "body", "cover", "category", "author_name", "publish_at", "facility", "unit",
                  "is_illustrative"]
        widgets = {"publish_at": DateTimeInput(),
                   "body": forms.Textarea(attrs={"rows": 16, "data-rich-text": "",
                                                 "data-upload-url": reverse_lazy("outreach:manage_article_image")}),
                   "summary": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "body": _("Tiêu đề mục, đậm, nghiêng, danh sách, trích dẫn, liên kết, bảng và ảnh (PNG, JPEG, tối đa "
                      "5 MB) chèn bằng thanh công cụ; mã độc và script bị loại bỏ khi lưu."),
            "publish_at": _("Để trống để đăng ngay khi xuất bản; chọn thời điểm trong tương lai để hẹn giờ đăng."),
            "facility": _("Dùng cho bài điển hình áp dụng thành công."),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = selectors.units_for_articles(user)  # type: ignore[attr-defined]
        self.fields["facility"].queryset = selectors.distribution_facilities(user)  # type: ignore[attr-defined]
        self.fields["publish_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"]  # type: ignore[attr-defined]
        if self.instance.pk:
            self.initial["tag_names"] = ", ".join(t.name for t in self.instance.tags.all())
        elif getattr(user, "unit_id", None) and not self.initial.get("unit"):
            self.initial["unit"] = user.unit_id  # the new instance's own initial has ``unit: None``

    def clean_cover(self) -> Any:
        cover = self.cleaned_data.get("cover")
        if cover and hasattr(cover, "content_type"):  # a new upload
            validate_upload(cover, IMAGES, max_bytes=5 * 1024 * 1024)
        return cover

    def tag_list(self) -> list[str]:
        return [t.strip() for t in (self.cleaned_data.get("tag_names") or "").split(",") if t.strip()]

    def model_data(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "tag_names"}


class DocumentForm(CheckedForm, forms.ModelForm):
    upload = forms.FileField(label=_("Tệp (PDF, DOCX, XLSX, PPTX)"), required=False)

    class Meta:
        model = Document
        fields = ["title", "kind", "description", "access", "publisher", "issued_on", "unit", "is_illustrative"]
        widgets = {"issued_on": DateInput(), "description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["publisher"].queryset = selectors.publishers_for(user)  # type: ignore[attr-defined]
        self.fields["unit"].queryset = selectors.units_for_articles(user)  # type: ignore[attr-defined]
        self.fields["upload"].required = not self.instance.pk
        if not self.instance.pk and getattr(user, "unit_id", None):
            self.initial.setdefault("unit", user.unit_id)
        self.file_type = ""

    def clean_upload(self) -> Any:
        upload = self.cleaned_data.get("upload")
        if upload:
            max_bytes = int(getattr(settings, "SXSH_DOCUMENT_MAX_BYTES", settings.SXSH_UPLOAD_MAX_BYTES))
            self.file_type = validate_upload(upload, DOCUMENTS, max_bytes=max_bytes).extension
        return upload

    def model_data(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "upload"}


class DistributionForm(CheckedForm, forms.ModelForm):
    recipient_kind = forms.ChoiceField(label=_("Loại nơi nhận"), choices=RecipientKind.choices,
                                       initial=RecipientKind.FACILITY)

    class Meta:
        model = Distribution
        fields = ["document", "recipient_kind", "facility", "ward", "organisation", "copies", "distributed_on",
                  "channel", "note"]
        widgets = {"distributed_on": DateInput()}
        help_texts = {"facility": _("Chỉ điền nơi nhận tương ứng với loại đã chọn.")}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = selectors.distribution_documents(user)  # type: ignore[attr-defined]
        self.fields["facility"].queryset = selectors.distribution_facilities(user)  # type: ignore[attr-defined]
        self.fields["ward"].queryset = selectors.distribution_wards(user)  # type: ignore[attr-defined]
        self.fields["organisation"].queryset = selectors.distribution_organisations(user)  # type: ignore[attr-defined]
        self.fields["copies"].min_value = 1  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("recipient_kind")
        for name in ("facility", "ward", "organisation"):
            if name != kind:
                data[name] = None
        if kind and not data.get(kind):
            self.add_error(kind, _("Chọn nơi nhận."))
        return data

    def _post_clean(self) -> None:
        # The service validates the whole record (recipient, scope) inside its transaction.
        pass

    def model_data(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "recipient_kind"}


class HideForm(CheckedForm, forms.Form):
    reason = forms.CharField(label=_("Lý do ẩn"), max_length=500)


class ReplyForm(CheckedForm, forms.Form):
    reply = forms.CharField(label=_("Trả lời của cơ quan quản lý"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
