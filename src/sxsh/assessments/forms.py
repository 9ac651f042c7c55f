from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sxsh.core.forms import CheckedForm
from sxsh.core.roles import Role

from .models import (
    Assessment,
    CauseAnalysis,
    Flow,
    MonitoringSeries,
    MVAnalysis,
    Option,
    ProcessStep,
    WasteStreamCost,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class MonthInput(forms.DateInput):
    input_type = "month"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m", **kwargs)


class MonthField(forms.DateField):
    widget = MonthInput

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(input_formats=["%Y-%m", "%m/%Y", "%Y-%m-%d"], **kwargs)

    def to_python(self, value: Any) -> Any:
        result = super().to_python(value)
        return result.replace(day=1) if result else result


class AssessmentForm(CheckedForm, forms.ModelForm):
    class Meta:
        model = Assessment
        fields = ["title", "kind", "consultant", "team", "start_date", "end_date", "focus_step", "current_step",
                  "notes"]
        widgets = {"start_date": DateInput(), "end_date": DateInput(), "team": forms.Textarea(attrs={"rows": 3}),
                   "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        steps = self.instance.process_steps.all() if self.instance.pk else ProcessStep.objects.none()
        self.fields["focus_step"].queryset = steps  # type: ignore[attr-defined]
        if not self.instance.pk:
            del self.fields["focus_step"]
        if getattr(user, "role", None) == Role.CONSULTANT and not user.is_superuser:
            del self.fields["consultant"]


class FacilityChoiceForm(CheckedForm, forms.Form):
    facility: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Cơ sở"), queryset=None)  # type: ignore[arg-type]

    def __init__(self, *args: Any, facilities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["facility"].queryset = facilities  # type: ignore[attr-defined]


class ProcessStepForm(CheckedForm, forms.ModelForm):
    class Meta:
        model = ProcessStep
        fields = ["order", "name", "description", "consumption_norm"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class FlowForm(CheckedForm, forms.ModelForm):
    class Meta:
        model = Flow
        fields = ["process_step", "direction", "kind", "name", "quantity", "unit", "cost"]

    def __init__(self, *args: Any, assessment: Assessment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["process_step"].queryset = assessment.process_steps.all()  # type: ignore[attr-defined]


class WasteStreamForm(CheckedForm, forms.ModelForm):
    class Meta:
        model = WasteStreamCost
        fields = ["name", "process_step", "quantity", "unit", "purchase_cost", "storage_cost", "handling_cost",
                  "labour_cost", "treatment_cost", "disposal_cost"]

    def __init__(self, *args: Any, assessment: Assessment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["process_step"].queryset = assessment.process_steps.all()  # type: ignore[attr-defined]


class CauseForm(CheckedForm, forms.ModelForm):
    class Meta:
        model = CauseAnalysis
        fields = ["problem", "process_step", "waste_stream", "cause"]
        widgets = {"cause": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, assessment: Assessment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["process_step"].queryset = assessment.process_steps.all()  # type: ignore[attr-defined]
        self.fields["waste_stream"].queryset = assessment.waste_streams.all()  # type: ignore[attr-defined]


class OptionForm(CheckedForm, forms.ModelForm):
    class Meta:
        model = Option
        fields = ["title", "description", "category", "process_step", "screening", "rejection_reason",
                  "investment", "saving_vnd", "opex_change", "lifetime_years", "discount_rate",
                  "saving_kwh", "fuel", "saving_fuel_t", "saving_water_m3", "saving_material_t",
                  "cod_reduction_kg", "bod_reduction_kg", "tss_reduction_kg"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, assessment: Assessment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["process_step"].queryset = assessment.process_steps.all()  # type: ignore[attr-defined]


class ImplementForm(CheckedForm, forms.Form):
    implemented_date = forms.DateField(label=_("Ngày thực hiện"), widget=DateInput())
    actual_investment = forms.DecimalField(label=_("Vốn đầu tư thực tế (đồng)"), min_value=0, max_digits=16,
                                           decimal_places=0, required=False)


class SeriesForm(CheckedForm, forms.ModelForm):
    class Meta:
        model = MonitoringSeries
        fields = ["name", "resource", "unit", "unit_price"]


class ReadingsImportForm(CheckedForm, forms.Form):
    file = forms.FileField(label=_("Tệp CSV hoặc Excel (XLSX)"))


class AnalysisForm(CheckedForm, forms.ModelForm):
    baseline_start = MonthField(label=_("Kỳ cơ sở từ tháng"))
    baseline_end = MonthField(label=_("Kỳ cơ sở đến tháng"))
    reporting_start = MonthField(label=_("Kỳ báo cáo từ tháng"))
    reporting_end = MonthField(label=_("Kỳ báo cáo đến tháng"))

    class Meta:
        model = MVAnalysis
        fields = ["name", "target", "drivers", "baseline_start", "baseline_end", "reporting_start", "reporting_end"]
        widgets = {"drivers": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, facility: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        series = facility.monitoring_series.all()
        self.fields["target"].queryset = series  # type: ignore[attr-defined]
        self.fields["drivers"].queryset = series  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        target = data.get("target")
        if target is not None and target in (data.get("drivers") or []):
            self.add_error("drivers", _("Chuỗi tiêu thụ không thể đồng thời là biến tác động."))
        return data
