"""Every date the API takes in (body or query) is a ``core.dates.Day``/``Moment``: 1900–2100 or 422."""

import types
from datetime import date
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import AfterValidator, BaseModel

from sxsh.api import api
from sxsh.core import dates


def _unchecked(annotation: Any, where: str, seen: set[type]) -> list[str]:
    """Paths of date fields in ``annotation`` that are not range-checked."""
    origin = get_origin(annotation)
    if origin is Annotated:
        base, *metadata = get_args(annotation)
        if isinstance(base, type) and issubclass(base, date):
            checked = any(isinstance(m, AfterValidator) and m.func is dates._pydantic_check for m in metadata)
            return [] if checked else [where]
        return _unchecked(base, where, seen)
    if origin in (Union, types.UnionType, list, tuple, set, dict):
        return [path for arg in get_args(annotation) for path in _unchecked(arg, where, seen)]
    if isinstance(annotation, type) and issubclass(annotation, date):
        return [where]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel) and annotation not in seen:
        seen.add(annotation)
        return [path for name, field in annotation.model_fields.items()
                for path in _unchecked(_annotated(field), f"{where}.{name}", seen)]
    return []


def _annotated(field: Any) -> Any:
    """A field's annotation with the metadata pydantic moved out of ``Annotated`` put back."""
    return Annotated[field.annotation, *field.metadata] if field.metadata else field.annotation


def test_every_api_input_date_is_range_checked() -> None:
    operations = [(path, op) for _prefix, router in api._routers for path, view in router.path_operations.items()
                  for op in view.operations]
    assert len(operations) > 20
    unchecked = [p for path, op in operations for model in op.models
                 for p in _unchecked(model, f"{'/'.join(op.methods)} {path}", set())]
    assert unchecked == []


def test_a_date_out_of_range_in_a_query_is_422(users: dict[str, Any], api_client_for: Any) -> None:
    api_client = api_client_for(users["district"])
    assert api_client.get("/api/assessments/results", {"date_from": "2019-01-01"}).status_code == 200
    response = api_client.get("/api/assessments/results", {"date_from": "0001-01-01"})
    assert response.status_code == 422
    assert "Ngày phải nằm trong khoảng từ năm 1900 đến năm 2100." in str(response.json())
