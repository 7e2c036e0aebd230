"""Checks and masks for identity data: the resident ID (GB 11643-1999), the unified social credit
code (GB 32100-2015), mobile numbers. Masking keeps people's data off lists and public pages."""
from __future__ import annotations

import datetime as dt
import re

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def resident_id_problem(value: str) -> str | None:
    """None if VALUE is a valid 18-digit resident ID; otherwise what is wrong, in Chinese."""
    v = value.strip().upper()
    if not re.fullmatch(r"\d{17}[\dX]", v):
        return "居民身份证号码应为18位，前17位为数字，最后一位为数字或X"
    try:
        born = dt.date(int(v[6:10]), int(v[10:12]), int(v[12:14]))
    except ValueError:
        return "居民身份证号码中的出生日期不存在"
    if born < dt.date(1900, 1, 1) or born > dt.date.today():
        return "居民身份证号码中的出生日期不合理"
    check = _ID_CHECK[sum(int(d) * w for d, w in zip(v[:17], _ID_WEIGHTS)) % 11]
    if v[17] != check:
        return "居民身份证号码校验位不正确，请核对"
    return None


_CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_problem(value: str) -> str | None:
    """None if VALUE is a valid unified social credit code (GB 32100-2015, check character)."""
    v = value.strip().upper()
    if len(v) != 18 or any(c not in _CREDIT_CHARS for c in v):
        return "统一社会信用代码应为18位数字或大写字母（不含I、O、Z、S、V）"
    total = sum(_CREDIT_CHARS.index(c) * w for c, w in zip(v[:17], _CREDIT_WEIGHTS))
    if _CREDIT_CHARS[(31 - total % 31) % 31] != v[17]:
        return "统一社会信用代码校验位不正确，请核对"
    return None


def phone_problem(value: str) -> str | None:
    v = re.sub(r"[\s-]", "", value)
    if re.fullmatch(r"1[3-9]\d{9}", v) or re.fullmatch(r"0\d{2,3}\d{7,8}", v):
        return None
    return "请填写11位手机号码或带区号的固定电话"


def mask_id(value: str) -> str:
    """520***********123X: the first three and the last four characters, the rest hidden."""
    v = value.strip()
    if len(v) <= 7:
        return "*" * len(v)
    return v[:3] + "*" * (len(v) - 7) + v[-4:]


def mask_phone(value: str) -> str:
    v = re.sub(r"[\s-]", "", value)
    if len(v) <= 7:
        return "*" * len(v)
    return v[:3] + "*" * (len(v) - 7) + v[-4:]


def mask_name(value: str) -> str:
    """张** for a person's name in lists shown beyond the handling agency."""
    v = value.strip()
    return v[:1] + "*" * (len(v) - 1) if v else ""
