"""Small helpers shared by the forms of the workbench and the application pages."""
from __future__ import annotations


def form_errors_text(form) -> str:
    """A bound form's errors as one Chinese line ("字段：原因；…"), for a message after a redirect."""
    def label(name: str) -> str:
        field = form.fields.get(name)
        return str(field.label) if field is not None and field.label else ""

    return "；".join(f"{label(name)}：{'，'.join(errors)}".lstrip("：") for name, errors in form.errors.items())


# Django's own messages for these codes do not name the field ("确保该变量包含不超过 300 字符"): beside
# the field that is clear enough, but in a summary at the top of the form, in a flash message after a
# redirect, or read alone by a screen reader, it is not. Each becomes a sentence that names the field.
FIELD_MESSAGES = {
    "required": "请填写{label}",
    "max_length": "{label}不能超过 {limit_value} 个字符（现有 {show_value} 个）",
    "min_length": "{label}至少需要 {limit_value} 个字符（现有 {show_value} 个）",
    "max_value": "{label}不能大于 {limit_value}",
    "min_value": "{label}不能小于 {limit_value}",
    "max_digits": "{label}的数字位数不能超过 {max} 位",
    "max_decimal_places": "{label}最多保留 {max} 位小数",
    "max_whole_digits": "{label}的整数部分不能超过 {max} 位",
    "invalid": "{label}的格式不正确",
    "invalid_choice": "{label}的选项无效，请从列表中选择",
    "invalid_list": "{label}的选项无效，请从列表中选择",
    "invalid_pk_value": "{label}的选项无效，请从列表中选择",
    "empty": "{label}：上传的文件是空的",
    "missing": "{label}：没有收到文件",
    "invalid_image": "{label}：请上传有效的图片（PNG、JPEG 等）",
}


def _django_defaults(field, code: str) -> set[str]:
    """Django's own message templates for CODE on FIELD: its class's and its validators' defaults."""
    from django.core import validators

    found = set()
    for cls in type(field).__mro__:
        message = getattr(cls, "default_error_messages", {}).get(code)
        if message is not None:
            found.add(str(message))
    for validator_class in (validators.MaxLengthValidator, validators.MinLengthValidator,
                            validators.MaxValueValidator, validators.MinValueValidator):
        if validator_class.code == code:
            found.add(str(validator_class.message))
    found.update(str(m) for c, m in validators.DecimalValidator.messages.items() if c == code)
    return found


def label_field_errors(form) -> None:
    """Rewrites Django's generic field errors of a cleaned form (see FIELD_MESSAGES) so that each
    names its field; the project's own messages (a field's error_messages) are left as they are."""
    from django.core.exceptions import ValidationError

    for name, errors in getattr(form, "_errors", None).items() if getattr(form, "_errors", None) else ():
        field = form.fields.get(name)
        label = str(field.label or "").strip() if field is not None else ""
        if not label:
            continue
        for i, error in enumerate(errors.data):
            if not isinstance(error, ValidationError) or error.code not in FIELD_MESSAGES:
                continue
            if str(error.message) not in _django_defaults(field, error.code):
                continue  # the project's own message, written for this field
            params = dict(error.params or {})
            try:
                text = FIELD_MESSAGES[error.code].format(label=label, **params)
            except (KeyError, IndexError, ValueError):
                text = f"{label}：{message}"
            errors.data[i] = ValidationError(text, code=error.code)


def install_labelled_errors() -> None:
    """Every form of the project and of the admin gets label_field_errors after full_clean."""
    from django.forms.forms import BaseForm

    if getattr(BaseForm.full_clean, "_gongkai_labelled", False):
        return
    original = BaseForm.full_clean

    def full_clean(self):
        original(self)
        label_field_errors(self)

    full_clean._gongkai_labelled = True
    BaseForm.full_clean = full_clean
