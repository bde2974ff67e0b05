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


STRING = {"type": "string"}
NULLABLE_STRING = {"type": "string", "nullable": True}

LISTING = {
    "type": "object",
    "required": ["name", "identifier", "address", "legal_representative", "other_persons",
                 "main_facts", "decision_number", "authority", "decided_on", "starts_on",
                 "ends_on", "rule_set"],
    "properties": dict.fromkeys((
        "name", "identifier", "address", "legal_representative", "other_persons", "main_facts",
        "decision_number", "authority", "decided_on", "starts_on", "ends_on", "rule_set"), STRING),
}

REFERRAL = {
    "type": "object",
    "required": ["case_number", "employer", "status", "status_label"],
    "properties": {
        "case_number": STRING, "employer": STRING, "employer_uscc": NULLABLE_STRING,
        "status": STRING, "status_label": STRING, "handed_over_at": NULLABLE_STRING,
        "police_unit": NULLABLE_STRING, "police_decision": NULLABLE_STRING,
        "police_case_number": NULLABLE_STRING,
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
                "Listing": LISTING,
                "Referral": REFERRAL,
                "Blacklist": {
                    "type": "object", "required": ["on", "count", "listings"],
                    "properties": {"on": {"type": "string", "format": "date"},
                                   "count": {"type": "integer"},
                                   "listings": {"type": "array",
                                                "items": {"$ref": "#/components/schemas/Listing"}}},
                },
                "Referrals": {
                    "type": "object", "required": ["referrals"],
                    "properties": {"referrals": {"type": "array",
                                                 "items": {"$ref": "#/components/schemas/Referral"}}},
                },
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
            "/blacklist": {
                "get": {
                    "summary": "某一日在失信联合惩戒名单期内的单位（公示字段，身份证号码已遮蔽）",
                    "operationId": "blacklist",
                    "security": [{"bearerToken": []}],
                    "x-scope": "blacklist",
                    "parameters": [{"name": "on", "in": "query", "required": False,
                                    "description": "日期 YYYY-MM-DD，默认今天",
                                    "schema": {"type": "string", "format": "date"}}],
                    "responses": {
                        "200": {"description": "名单", "content": {"application/json": {
                            "schema": {"$ref": "#/components/schemas/Blacklist"}}}},
                        "400": _error("日期格式不正确"),
                        **SECURED_ERRORS,
                    },
                },
            },
            "/referrals": {
                "get": {
                    "summary": "已移送公安机关的案件及公安机关的决定",
                    "operationId": "referrals",
                    "security": [{"bearerToken": []}],
                    "x-scope": "referrals",
                    "responses": {
                        "200": {"description": "移送案件", "content": {"application/json": {
                            "schema": {"$ref": "#/components/schemas/Referrals"}}}},
                        **SECURED_ERRORS,
                    },
                },
            },
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
