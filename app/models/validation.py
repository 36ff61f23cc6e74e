"""Validation of user input before any row is built (SQLModel table classes don't validate).

Each check returns `FieldProblem`s: the field, a machine code, and a message in both languages.
The views show them next to the field as the user types; services refuse to save while any exist.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from app.models.bilingual import Bilingual
from app.models.field_limits import MAX_WHOLE, invisible_character
from app.models.gtin import gtin_problem

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
URL = re.compile(r"^https?://[^\s/$.?#].[^\s]*$", re.IGNORECASE)
PHONE = re.compile(r"^[+()\d\s\-]{5,30}$")
CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._\-]{0,59}$")


@dataclass(frozen=True)
class FieldProblem:
    """Why one field's value can't be saved."""

    field: str
    code: str
    message: Bilingual


def _problem(field: str, code: str, zh: str, en: str) -> FieldProblem:
    return FieldProblem(field, code, Bilingual(zh, en))


def check_required(field: str, value: str, label: Bilingual) -> list[FieldProblem]:
    if value.strip():
        return []
    return [_problem(field, "required", f"请填写{label.zh}。", f"{label.en} is required.")]


def check_email(field: str, value: str) -> list[FieldProblem]:
    if not value or EMAIL.match(value.strip()):
        return []
    return [_problem(field, "email", "邮箱格式不对，例如 sales@factory.cn。",
                     "Not an e-mail address, e.g. sales@factory.cn.")]


def check_url(field: str, value: str) -> list[FieldProblem]:
    if not value or URL.match(value.strip()):
        return []
    return [_problem(field, "url", "网址要以 http:// 或 https:// 开头。",
                     "A web address starts with http:// or https://.")]


def check_phone(field: str, value: str) -> list[FieldProblem]:
    if not value or PHONE.match(value.strip()):
        return []
    return [_problem(field, "phone", "电话只能包含数字、空格、+、-、括号。",
                     "A phone number has digits, spaces, +, - and brackets only.")]


def check_non_negative_int(field: str, value: Any, maximum: int = MAX_WHOLE) -> list[FieldProblem]:
    """A whole number from 0 to `maximum`; the cap keeps it inside SQLite's 64-bit integers (2^63 and
    more made the save fail with a traceback)."""
    if value is None or value == "":
        return []
    text = str(value).strip()
    if len(text) > 20:  # int() of a 1,000,000-digit string takes seconds; no allowed number is this long
        return [_too_big(field, maximum)]
    try:
        number = int(text)
    except ValueError:
        return [_problem(field, "integer", "请输入整数。", "Enter a whole number.")]
    if number < 0:
        return [_problem(field, "negative", "不能是负数。", "Can't be negative.")]
    if number > maximum:
        return [_too_big(field, maximum)]
    return []


def _too_big(field: str, maximum: int) -> FieldProblem:
    return _problem(field, "too_big", f"数字太大，最大为 {maximum:,}。", f"Too big: at most {maximum:,}.")


def check_code(field: str, value: str) -> list[FieldProblem]:
    """Product and SKU codes: letters, digits, dot, dash, underscore; platforms choke on anything else.

    An invisible character (pasted from a web page or Excel: U+200B, U+FEFF, a bidi mark) is named, since
    the code looks right on screen and the general rule alone would leave the user puzzled.
    """
    if CODE.fullmatch(value):
        return []
    hidden = invisible_character(value)
    if hidden is not None:
        return [_problem(field, "invisible", f"编码里有看不见的字符 {hidden}，请删除后重新输入。",
                         f"The code holds an invisible character ({hidden}); delete it and type the code again.")]
    return [_problem(field, "code", "编码只能用字母、数字、点、横线和下划线，最长 60 个字符。",
                     "Codes use letters, digits, dot, dash and underscore, up to 60 characters.")]


def check_gtin(field: str, value: str) -> list[FieldProblem]:
    if not value:
        return []
    reason = gtin_problem(value)
    messages = {
        "not_digits": ("条码只能是数字（按文本保存，保留开头的 0）。",
                       "A barcode is digits only (kept as text, leading zeros too)."),
        "bad_length": ("条码应为 8、12、13 或 14 位。", "A barcode has 8, 12, 13 or 14 digits."),
        "bad_check_digit": ("条码校验位不对，请核对最后一位。",
                            "The barcode's check digit is wrong; check the last digit."),
    }
    if reason is None:
        return []
    zh, en = messages[reason]
    return [_problem(field, reason, zh, en)]


def check_date_order(field: str, start: date | None, end: date | None) -> list[FieldProblem]:
    if start is None or end is None or end >= start:
        return []
    return [_problem(field, "date_order", "到期日早于签发日。", "The expiry date is before the issue date.")]


FACTORY_LABELS = {
    "name_zh": Bilingual("工厂中文名称", "The factory's Chinese name"),
}


def validate_factory_profile(values: dict[str, Any]) -> list[FieldProblem]:
    """Everything wrong with a factory profile form, field by field."""
    problems: list[FieldProblem] = []
    problems += check_required("name_zh", str(values.get("name_zh", "")), FACTORY_LABELS["name_zh"])
    problems += check_email("email", str(values.get("email", "")))
    problems += check_url("website", str(values.get("website", "")))
    problems += check_phone("phone", str(values.get("phone", "")))
    for field in ("capacity_per_month", "moq", "lead_time_days"):
        problems += check_non_negative_int(field, values.get(field))
    return problems


def validate_certificate(values: dict[str, Any]) -> list[FieldProblem]:
    """Everything wrong with a certificate form."""
    problems: list[FieldProblem] = []
    problems += check_required("name", str(values.get("name", "")), Bilingual("证书名称", "The certificate's name"))
    problems += check_date_order("expires_on", values.get("issued_on"), values.get("expires_on"))
    return problems
