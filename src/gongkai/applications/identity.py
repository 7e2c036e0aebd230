"""Checks and masks for identity data: the resident ID (GB 11643-1999), the unified social credit
code (GB 32100-2015), mobile numbers. Masking keeps people's data off lists and public pages."""
from __future__ import annotations

import re

from gongkai.textguard.numbers import credit_code_problem_code, resident_id_problem_code

_RESIDENT_ID_PROBLEMS = {
    "format": "居民身份证号码应为18位，前17位为数字，最后一位为数字或X",
    "date": "居民身份证号码中的出生日期不存在或不合理",
    "checksum": "居民身份证号码校验位不正确，请核对",
}
_CREDIT_CODE_PROBLEMS = {
    "format": "统一社会信用代码应为18位：前8位为数字，其余为数字或大写字母（不含I、O、Z、S、V）",
    "checksum": "统一社会信用代码校验位不正确，请核对",
}


def resident_id_problem(value: str) -> str | None:
    """None if VALUE is a valid 18-digit resident ID (GB 11643-1999: a real birth date, the check
    character of python-stdnum's cn.ric, the same the guard uses); otherwise what is wrong, in Chinese."""
    code = resident_id_problem_code(value)
    return _RESIDENT_ID_PROBLEMS[code] if code else None


def credit_code_problem(value: str) -> str | None:
    """None if VALUE is a valid unified social credit code (GB 32100-2015, python-stdnum's cn.uscc)."""
    v = value.strip()
    code = "format" if re.search(r"[\s-]", v) else credit_code_problem_code(v)
    return _CREDIT_CODE_PROBLEMS[code] if code else None


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


def mask_email(value: str) -> str:
    """zh***@example.com: the first two characters of the mailbox, and the domain."""
    v = value.strip()
    if "@" not in v:
        return "*" * len(v)
    local, domain = v.rsplit("@", 1)
    return f"{local[:2]}***@{domain}"


def mask_address(value: str) -> str:
    """贵州省贵阳市****: the first six characters (province and city), the rest hidden."""
    v = value.strip()
    return v[:6] + "****" if len(v) > 6 else "*" * len(v)


# The masks kept beside the encrypted values (Application.*_masked), by name.
MASKS = {"id": mask_id, "phone": mask_phone, "email": mask_email, "address": mask_address}
