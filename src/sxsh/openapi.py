"""The API schema as strict as the server: every error answer documented, query parameters that cannot be
null, request bodies without undeclared fields, and text that cannot hold NUL (refused in every request by
``core.middleware``)."""

from typing import Any

ERROR_SCHEMA = {
    "title": "Error", "type": "object", "required": ["message"],
    "properties": {"message": {"type": "string", "description": "Lý do, bằng tiếng Việt"},
                   "detail": {"description": "Chi tiết theo từng trường (lỗi kiểm tra dữ liệu)"}},
}
ERRORS = {
    401: "Cần đăng nhập hoặc mã truy cập hợp lệ (mã hết hạn hoặc đã thu hồi)",
    403: "Không có quyền thực hiện thao tác này",
    404: "Không tìm thấy, hoặc ngoài phạm vi của người gọi",
    413: "Nội dung gửi lên vượt giới hạn kích thước",
    422: "Dữ liệu gửi lên không hợp lệ",
    429: "Quá nhiều yêu cầu; xem tiêu đề Retry-After",
}
NUL_FREE = "^[^\\x00]*$"
METHODS = {"get", "post", "put", "patch", "delete"}


def document(schema: dict[str, Any]) -> dict[str, Any]:
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["Error"] = ERROR_SCHEMA
    bodies: set[str] = set()
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in METHODS:
                continue
            parameters = operation.get("parameters", [])
            for parameter in parameters:
                parameter["schema"] = _not_null(parameter["schema"])
                _nul_free(parameter["schema"])
            codes = {422, 429}  # every request is checked for NUL and counted by the rate limit
            if operation.get("security"):
                codes |= {401, 403}
            if parameters or "{" in path:
                codes.add(404)
            if "requestBody" in operation:
                codes.add(413)
                bodies |= _refs(operation["requestBody"])
                for media in operation["requestBody"].get("content", {}).values():
                    _nul_free(media.get("schema", {}))
            responses = operation.setdefault("responses", {})
            for code in sorted(codes):
                if code not in responses and str(code) not in responses:
                    responses[code] = {"description": ERRORS[code],
                                       "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    seen: set[str] = set()
    while bodies - seen:
        name = (bodies - seen).pop()
        seen.add(name)
        if name in components:
            _nul_free(components[name])
            if components[name].get("type") == "object":  # what a client sends is exactly what is declared
                components[name].setdefault("additionalProperties", False)
            bodies |= _refs(components[name])
    return schema


def _not_null(schema: dict[str, Any]) -> dict[str, Any]:
    """A query parameter is left out, never sent as ``null``: ``anyOf [X, null]`` becomes X."""
    options = [s for s in schema.get("anyOf", []) if s.get("type") != "null"]
    if "anyOf" in schema and len(options) == 1:
        rest = {k: v for k, v in schema.items() if k != "anyOf"}
        return {**options[0], **rest}
    return schema


def _nul_free(schema: Any) -> None:
    """Every free string of a request refuses NUL (strings with an enum, a format or a pattern already say more)."""
    if isinstance(schema, list):
        for item in schema:
            _nul_free(item)
        return
    if not isinstance(schema, dict):
        return
    if schema.get("type") == "string" and not ({"enum", "format", "pattern", "const"} & schema.keys()):
        schema["pattern"] = NUL_FREE
    for key in ("properties", "$defs"):
        for sub in schema.get(key, {}).values():
            _nul_free(sub)
    for key in ("items", "anyOf", "allOf", "oneOf", "additionalProperties"):
        if key in schema:
            _nul_free(schema[key])


def _refs(schema: Any) -> set[str]:
    if isinstance(schema, dict):
        found = {schema["$ref"].rsplit("/", 1)[-1]} if isinstance(schema.get("$ref"), str) else set()
        for value in schema.values():
            found |= _refs(value)
        return found
    if isinstance(schema, list):
        return set().union(*(_refs(v) for v in schema)) if schema else set()
    return set()
