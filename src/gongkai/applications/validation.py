"""What an application must contain (条例第二十九条: the applicant's name or title, identity
document and contact; a description of the information wanted; the form of provision), checked the
same way for the portal form, the API, staff registration and imports."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from gongkai.core.errors import FieldErrors

from .identity import credit_code_problem, phone_problem, resident_id_problem
from .models import ApplicantType, Delivery, IdType, ProvisionForm


def applicant_problems(data: dict) -> dict[str, str]:
    errors: dict[str, str] = {}
    kind = data.get("applicant_type")
    if kind not in ApplicantType.values:
        errors["applicant_type"] = "请选择申请人类型"
        return errors
    if not (data.get("applicant_name") or "").strip():
        errors["applicant_name"] = "请填写申请人姓名" if kind == ApplicantType.NATURAL_PERSON else "请填写单位名称"
    if kind == ApplicantType.NATURAL_PERSON:
        id_type, id_number = data.get("id_type") or "", (data.get("id_number") or "").strip()
        if id_type not in IdType.values:
            errors["id_type"] = "请选择证件类型"
        if not id_number:
            errors["id_number"] = "请填写证件号码"
        elif id_type == IdType.RESIDENT_ID and (problem := resident_id_problem(id_number)):
            errors["id_number"] = problem
    else:
        code = (data.get("credit_code") or "").strip()
        if not code:
            errors["credit_code"] = "请填写统一社会信用代码"
        elif problem := credit_code_problem(code):
            errors["credit_code"] = problem
        if not (data.get("contact_name") or "").strip():
            errors["contact_name"] = "请填写联系人"
    phone = (data.get("phone") or "").strip()
    if not phone:
        errors["phone"] = "请填写联系电话"
    elif problem := phone_problem(phone):
        errors["phone"] = problem
    if not (data.get("subject") or "").strip():
        errors["subject"] = "请描述所需政府信息的名称、文号或者便于查询的其他特征"
    if data.get("provision_form", ProvisionForm.EMAIL) not in ProvisionForm.values:
        errors["provision_form"] = "请选择提供形式"
    delivery = data.get("delivery", Delivery.EMAIL)
    if delivery not in Delivery.values:
        errors["delivery"] = "请选择获取方式"
    if delivery == Delivery.EMAIL and not (data.get("email") or "").strip():
        errors["email"] = "选择电子邮件获取时，请填写电子邮箱"
    if delivery == Delivery.POST and not (data.get("address") or "").strip():
        errors["address"] = "选择邮寄时，请填写通信地址"
    errors.update(contact_format_problems(data))
    return errors


def contact_format_problems(data: dict) -> dict[str, str]:
    """E-mail and postcode, when given, must be usable: a reply sent to a mistyped address is lost."""
    errors: dict[str, str] = {}
    email = (data.get("email") or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = "电子邮箱格式不正确，例如 name@example.com"
    postcode = (data.get("postcode") or "").strip()
    if postcode and not (len(postcode) == 6 and postcode.isascii() and postcode.isdigit()):
        errors["postcode"] = "邮政编码应为6位数字"
    return errors


def application_validate(data: dict) -> dict:
    """Normalised data, or FieldErrors naming every problem at once."""
    errors = applicant_problems(data)
    if errors:
        raise FieldErrors(errors)
    clean = {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items()}
    if clean.get("id_number"):
        clean["id_number"] = clean["id_number"].upper()
    if clean.get("credit_code"):
        clean["credit_code"] = clean["credit_code"].upper()
    return clean
