"""What every REST endpoint shares: bounded pagination."""

from __future__ import annotations

from typing import Any

from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request

# Beyond this offset no list of ours has rows; a larger one would overflow
# the database's LIMIT/OFFSET (a 500) instead of answering an empty page.
MAX_OFFSET = 10**9


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    """`?limit=` and `?offset=` as DRF reads them, bounded: a limit above
    `max_limit` gives `max_limit` rows (a malformed one the default page), an
    offset beyond MAX_OFFSET an empty page — never a database overflow."""

    max_limit = 500

    def get_offset(self, request: Request) -> int:
        return min(super().get_offset(request), MAX_OFFSET)


# Error statuses every operation may answer, and when (issue #11, API contract).
ERROR_RESPONSES: dict[str, str] = {
    "400": "Dữ liệu gửi lên không hợp lệ: mỗi trường sai có thông báo tiếng Việt.",
    "401": "Chưa xác thực: gửi mã truy cập cá nhân trong tiêu đề Authorization: Bearer.",
    "403": "Không có quyền, tài khoản bị khóa hoặc phải đổi mật khẩu trước.",
    "404": "Không có đối tượng này trong phạm vi của người dùng.",
    "429": "Quá nhiều yêu cầu: hãy chờ rồi gửi lại.",
}
ERROR_SCHEMA = {
    "type": "object",
    "description": "Thông báo lỗi: `detail`, hoặc mỗi trường sai kèm danh sách thông báo.",
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": True,
}


def document_error_statuses(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    """drf-spectacular postprocessing hook: every operation documents the
    error statuses it can answer (400 for bodies and query parameters, 401,
    403, 404 where the path names an object or the view looks one up, 429),
    each with the shape of the error body, so a client — and schemathesis in
    CI — meets no undocumented status."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    ref = {"$ref": "#/components/schemas/Error"}
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            responses = operation.setdefault("responses", {})
            for status_code, text in ERROR_RESPONSES.items():
                responses.setdefault(
                    status_code,
                    {"description": text, "content": {"application/json": {"schema": ref}}},
                )
    return result
