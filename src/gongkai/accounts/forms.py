from __future__ import annotations

from django import forms


class TokenForm(forms.Form):
    token = forms.CharField(label="验证码", max_length=8, min_length=6,
                            widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                                          "pattern": "[0-9]*", "autofocus": True}),
                            help_text="验证器应用中显示的 6 位数字",
                            error_messages={"required": "请输入验证码", "min_length": "验证码为 6 位数字"})
