from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sxsh.core.forms import CheckedForm
from sxsh.core.uploads import validate_upload

from . import selectors
from .models import (
    Activity,
    ActivityStatus,
    BudgetLine,
    DocumentType,
    FundingSource,
    Plan,
    PlanOwner,
    Programme,
    ProgressUpdate,
    Stage,
    Target,
    Workstream,
)
from .services import EVIDENCE_KINDS, PLAN_DOCUMENT_KINDS

MAX_EVIDENCE_FILES = 5
MAX_EVIDENCE_LINKS = 10


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class PlanForm(CheckedForm, forms.ModelForm):
    class Meta:
        model = Plan
        fields = ["document_type", "number", "title", "issuer", "issued_on", "period_start", "period_end",
                  "signer_title", "signer_name", "summary", "document", "status"]
        widgets = {"issued_on": DateInput(), "period_start": DateInput(), "period_end": DateInput(),
                   "summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from sxsh.directory.selectors import organisations_for

        self.fields["issuer"].queryset = organisations_for(user, action="view")  # type: ignore[attr-defined]
        self.fields["document_type"].required = False  # a plan (Kế hoạch) unless said otherwise

    def clean_document_type(self) -> str:
        return self.cleaned_data.get("document_type") or DocumentType.PLAN

    def clean_document(self) -> Any:
        document = self.cleaned_data.get("document")
        if document and hasattr(document, "content_type"):  # a new upload
            validate_upload(document, PLAN_DOCUMENT_KINDS)
        return document


class StageForm(CheckedForm, forms.ModelForm):
    class Meta:
        model = Stage
        fields = ["order", "name", "start_date", "end_date", "description"]
        widgets = {"start_date": DateInput(), "end_date": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}


class BudgetLineForm(CheckedForm, forms.ModelForm):
    class Meta:
        model = BudgetLine
        fields = ["year", "source", "amount", "note"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = FundingSource.objects.unscoped("reference data: funding sources").filter(is_active=True)  # type: ignore[attr-defined]


class PlanOwnerForm(CheckedForm, forms.ModelForm):
    """The successor that owns a plan from a date: organisations of the user's scope whose unit exists today."""

    class Meta:
        model = PlanOwner
        fields = ["organisation", "since", "basis", "note"]
        widgets = {"since": DateInput()}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from sxsh.directory.selectors import organisations_for

        today = timezone.localdate()
        self.fields["organisation"].queryset = organisations_for(user).filter(  # type: ignore[attr-defined]
            Q(unit__valid_to__isnull=True) | Q(unit__valid_to__gte=today)).order_by("name")


class WorkstreamForm(CheckedForm, forms.ModelForm):
    class Meta:
        model = Workstream
        fields = ["order", "title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class ActivityForm(CheckedForm, forms.ModelForm):
    programmes = forms.MultipleChoiceField(
        label=_("Chương trình liên kết"), choices=Programme.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Activity
        fields = ["workstream", "order", "title", "description", "responsible", "coordinating", "target_audience",
                  "start_date", "due_date", "budget", "funding_source", "programmes", "weight"]
        widgets = {"start_date": DateInput(), "due_date": DateInput(),
                   "description": forms.Textarea(attrs={"rows": 4}),
                   "coordinating": forms.SelectMultiple(attrs={"size": 8})}

    def __init__(self, *args: Any, user: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisations = selectors.organisations_for_plans(user).order_by("name")
        self.fields["workstream"].queryset = plan.workstreams.order_by("order")  # type: ignore[attr-defined]
        self.fields["responsible"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["coordinating"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["funding_source"].queryset = FundingSource.objects.unscoped("reference data: funding sources").filter(is_active=True)  # type: ignore[attr-defined]

    def clean_programmes(self) -> list[str]:
        return list(self.cleaned_data.get("programmes") or [])


class TargetForm(CheckedForm, forms.ModelForm):
    class Meta:
        model = Target
        fields = ["workstream", "indicator_code", "name", "unit_of_measure", "baseline", "target_value", "target_high",
                  "year", "note"]

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["workstream"].queryset = plan.workstreams.order_by("order")  # type: ignore[attr-defined]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class ProgressUpdateForm(CheckedForm, forms.ModelForm):
    evidence_files = MultipleFileField(
        label=_("Tệp minh chứng"), required=False,
        help_text=_("PDF, Word, Excel, PowerPoint, ảnh PNG/JPEG; tối đa %(n)s tệp.") % {"n": MAX_EVIDENCE_FILES},
    )
    evidence_links = forms.CharField(
        label=_("Liên kết minh chứng"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Mỗi dòng một liên kết: “Tiêu đề | https://…” hoặc chỉ đường dẫn (sự kiện, tài liệu, bài viết)."),
    )

    class Meta:
        model = ProgressUpdate
        fields = ["reported_on", "percent_complete", "status", "narrative", "spent_to_date"]
        widgets = {"reported_on": DateInput(), "narrative": forms.Textarea(attrs={"rows": 5}),
                   "percent_complete": forms.NumberInput(attrs={"min": 0, "max": 100, "step": 1})}

    def clean_evidence_files(self) -> list[Any]:
        files = self.cleaned_data.get("evidence_files") or []
        if len(files) > MAX_EVIDENCE_FILES:
            raise ValidationError(_("Tối đa %(n)s tệp mỗi lần cập nhật.") % {"n": MAX_EVIDENCE_FILES})
        for upload in files:
            try:
                validate_upload(upload, EVIDENCE_KINDS)
            except ValidationError as exc:
                raise ValidationError(f"{upload.name}: {exc.messages[0]}") from exc
        return list(files)

    def clean_evidence_links(self) -> list[tuple[str, str]]:
        raw = self.cleaned_data.get("evidence_links") or ""
        links: list[tuple[str, str]] = []
        validate = URLValidator(schemes=["http", "https"])
        for number, line in enumerate(raw.splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            title, _sep, url = line.rpartition("|")
            url, title = url.strip(), title.strip()
            try:
                validate(url)
            except ValidationError:
                raise ValidationError(
                    _("Dòng %(n)s: đường dẫn không hợp lệ (cần bắt đầu bằng http:// hoặc https://).") % {"n": number}
                ) from None
            links.append((title[:255], url[:500]))
        if len(links) > MAX_EVIDENCE_LINKS:
            raise ValidationError(_("Tối đa %(n)s liên kết mỗi lần cập nhật.") % {"n": MAX_EVIDENCE_LINKS})
        return links

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        status, percent = data.get("status"), data.get("percent_complete")
        if status == ActivityStatus.DONE and percent is not None and percent < 100:
            self.add_error("percent_complete", _("Hoạt động đã hoàn thành thì tiến độ phải là 100%."))
        return data


class ReportForm(CheckedForm, forms.Form):
    """Optional header fields of the PDF progress report."""

    number = forms.CharField(label=_("Số báo cáo"), max_length=50, required=False)
    report_date = forms.DateField(label=_("Ngày báo cáo"), required=False, widget=DateInput())
