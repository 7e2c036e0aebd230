"""Check characters of Chinese identity numbers, from one kept library (python-stdnum) for the
guard and the application form alike, so that both agree on what a valid number is.

- 居民身份证号码 (GB 11643-1999): 17 digits of which 8 are the birth date, then a check character
  (ISO 7064 MOD 11-2, X for 10) — `stdnum.cn.ric`; the 15-digit numbers issued before 1999 have a
  birth date (YYMMDD, 19xx) but no check character.
- 统一社会信用代码 (GB 32100-2015): 18 characters, check character MOD 31 — `stdnum.cn.uscc`.
- bank card numbers: the Luhn check (ISO/IEC 7812) — `stdnum.luhn`.

The place code (the first six digits) is not looked up: a real number whose county has since
been renamed must still be caught by the guard and accepted by the form.
"""
from __future__ import annotations

import datetime as dt

from stdnum import luhn
from stdnum.cn import ric, uscc
from stdnum.exceptions import InvalidChecksum, ValidationError

# Province-level codes (GB/T 2260): the first two digits of every resident ID.
PROVINCES = frozenset({
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
    "71", "81", "82", "83", "91",
})
EARLIEST_BIRTH = dt.date(1900, 1, 1)


def birth_date(value: str) -> dt.date | None:
    """The birth date an 18- or 15-character resident ID holds, or None if it is not a real date."""
    v = value.upper()
    try:
        if len(v) == 18:
            return ric.get_birth_date(v)
        if len(v) == 15:
            return dt.date(1900 + int(v[6:8]), int(v[8:10]), int(v[10:12]))
    except (ValidationError, ValueError):
        return None
    return None


def resident_id_problem_code(value: str, *, today: dt.date | None = None) -> str | None:
    """None for a valid 18-character resident ID, else one of "format", "date", "checksum"."""
    v = value.strip().upper()
    if len(v) != 18 or not v[:17].isascii() or not v[:17].isdigit() or v[17] not in "0123456789X":
        return "format"
    born = birth_date(v)
    if born is None or not EARLIEST_BIRTH <= born <= (today or dt.date.today()):
        return "date"
    if ric.calc_check_digit(v) != v[17]:
        return "checksum"
    return None


def is_resident_id(value: str, *, today: dt.date | None = None) -> bool:
    """A resident ID as the guard sees one: 18 characters with a real birth date and the right check
    character, or 15 digits (the legacy number) with a real birth date; a known province either way."""
    v = value.upper()
    if v[:2] not in PROVINCES:
        return False
    if len(v) == 18:
        return resident_id_problem_code(v, today=today) is None
    if len(v) == 15 and v.isascii() and v.isdigit():
        born = birth_date(v)
        return born is not None and born <= (today or dt.date.today())
    return False


def credit_code_problem_code(value: str) -> str | None:
    """None for a valid unified social credit code, else "format" or "checksum"."""
    try:
        uscc.validate(value.strip().upper())
    except InvalidChecksum:
        return "checksum"
    except ValidationError:
        return "format"
    return None


def is_bank_card(digits: str) -> bool:
    """16 to 19 digits passing the Luhn check."""
    return 16 <= len(digits) <= 19 and digits.isascii() and digits.isdigit() and luhn.is_valid(digits)
