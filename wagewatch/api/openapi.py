"""The OpenAPI 3 document of /api/v1, kept beside the views it describes."""

from __future__ import annotations

from typing import Any

ERROR = {"$ref": "#/components/schemas/Error"}


def _error(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": ERROR}}}


SECURED_ERRORS = {
    "401": _error("缺少令牌，或令牌无效、已撤销"),
    "403": _error("令牌无权访问该数据"),
    "429": _error("调用过于频繁（每个客户端每分钟限额）"),
}

REASON = {
    "type": "object",
    "required": ["condition", "source", "met", "text"],
    "properties": {
        "condition": {"type": "string", "description": "条件编号"},
        "source": {"type": "string", "description": "法律依据，如 S-45 art. 5"},
        "met": {"type": "boolean"},
        "text": {"type": "string", "description": "中文说明"},
    },
}

FLAG = {
    "type": "object",
    "required": ["rule", "title", "case_numbers", "as_of", "decided_at", "reasons"],
    "properties": {
        "rule": {"type": "string", "enum": ["blacklist_s45", "police_referral"]},
        "title": {"type": "string"},
        "case_numbers": {"type": "array", "items": {"type": "string"}},
        "as_of": {"type": "string", "format": "date"},
        "decided_at": {"type": "string", "format": "date-time"},
        "reasons": {"type": "array", "items": {"$ref": "#/components/schemas/Reason"}},
    },
}


def openapi_document() -> dict[str, Any]:
    """The API description: paths, parameters, response schemas and the bearer-token scheme."""
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "wagewatch 欠薪监察数据接口",
            "version": "1.0.0",
            "description": "只读接口，供公安案件系统、信用平台等政府系统调用。令牌由系统管理员签发，"
                           "按数据范围授权，可随时撤销；每次调用均记入审计日志。",
        },
        "servers": [{"url": "/api/v1"}],
        "components": {
            "securitySchemes": {"bearerToken": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Error": {"type": "object", "required": ["error", "message", "incident"],
                          "properties": {"error": {"type": "integer"},
                                         "message": {"type": "string"},
                                         "incident": {"type": "string"}}},
                "Reason": REASON,
                "Flag": FLAG,
                "ContractorFlags": {
                    "type": "object", "required": ["uscc", "name", "as_of", "flags"],
                    "properties": {"uscc": {"type": "string"}, "name": {"type": "string"},
                                   "as_of": {"type": "string", "format": "date"},
                                   "flags": {"type": "array",
                                             "items": {"$ref": "#/components/schemas/Flag"}}},
                },
            },
        },
        "paths": {
            "/contractors/{uscc}/flags": {
                "get": {
                    "summary": "按统一社会信用代码查询单位当前的标记及理由",
                    "operationId": "contractorFlags",
                    "security": [{"bearerToken": []}],
                    "x-scope": "flags",
                    "parameters": [{"name": "uscc", "in": "path", "required": True,
                                    "schema": {"type": "string", "minLength": 18,
                                               "maxLength": 18}}],
                    "responses": {
                        "200": {"description": "单位及其当前标记",
                                "content": {"application/json": {"schema": {
                                    "$ref": "#/components/schemas/ContractorFlags"}}}},
                        "404": _error("本机构没有该统一社会信用代码的单位"),
                        **SECURED_ERRORS,
                    },
                },
            },
        },
    }
