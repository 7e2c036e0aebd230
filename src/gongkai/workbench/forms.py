"""Forms of the workbench: they parse and check what staff typed; the services decide the rules."""
from __future__ import annotations

from django import forms
from django.conf import settings

from gongkai.catalog.models import POLICY_KINDS, Attachment, Item, Kind, Revision, ReviewStep
from gongkai.orgs.models import Department, Organisation

from .services import Upload

A = ReviewStep.Action


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one <input type=file multiple> (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RevisionForm(forms.ModelForm):
    """The content of a catalogue entry (第十二条 fields), with attachments to add and to remove."""

    org = forms.ModelChoiceField(label="发布机关", queryset=Organisation.objects.none(), required=False)
    attachments = MultipleFileField(
        label="添加附件", help_text="可多选；限 PDF、DOCX、XLSX、PPTX 和图片（按文件内容判断）",
    )
    remove_attachments = forms.ModelMultipleChoiceField(
        label="删除附件", queryset=Attachment.objects.none(), required=False, widget=forms.CheckboxSelectMultiple,
    )

    video_url = forms.URLField(label="视频解读链接", required=False, max_length=500, assume_scheme="https")
    interprets = forms.TypedChoiceField(
        label="解读对象（政策解读填写）", required=False, coerce=int, empty_value=None,
        help_text="类别为“政策解读”时，选择它所解读的本机关政策文件（谁起草、谁解读）；图解请作为图片附件上传",
    )

    class Meta:
        model = Revision
        fields = ["title", "summary", "body", "created_on", "document_number", "topic", "kind", "validity",
                  "repealed_on", "publisher", "keywords", "department", "video_url", "qa"]
        widgets = {
            "title": forms.TextInput(attrs={"size": 60}),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 14, "class": "wb-html"}),
            "created_on": DATE,
            "repealed_on": DATE,
            "qa": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "body": "可视化编辑，也可切换为 HTML 源码（表格等请在源码中编辑）；从 Word、WPS 粘贴时自动清除多余格式，保存时再清除不安全的内容",
            "keywords": "多个关键词用空格或分号隔开",
            "publisher": "留空则使用本机关名称",
        }

    def __init__(self, *args, org_ids: list[int], revision: Revision | None = None, **kwargs):
        super().__init__(*args, instance=revision, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(org_id__in=org_ids).select_related("org")
        self.fields["department"].empty_label = "（请选择）"
        self.fields["topic"].empty_label = "（请选择）"
        if revision is None and len(org_ids) > 1:
            self.fields["org"].queryset = Organisation.objects.filter(pk__in=org_ids)
            self.fields["org"].required = True
        else:
            del self.fields["org"]  # one agency: nothing to choose
        if revision is not None and revision.pk:
            self.fields["remove_attachments"].queryset = revision.attachments.all()
        else:
            del self.fields["remove_attachments"]
        self.fields["interprets"].choices = [("", "（无）")] + interprets_choices(org_ids, revision)
        if revision is not None and revision.interprets_id:
            self.initial.setdefault("interprets", revision.interprets_id)

    def clean(self):
        cleaned = super().clean()
        department, org = cleaned.get("department"), cleaned.get("org")
        if department is not None and org is not None and department.org_id != org.pk:
            self.add_error("department", "责任处室不属于所选机关")
        return cleaned

    def content(self) -> dict:
        """The content fields as the catalogue services take them (which check the link's rules)."""
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        target = self.cleaned_data.get("interprets")
        data["interprets"] = Item.objects.filter(pk=target).first() if target else None
        return data

    def uploads(self) -> list[Upload]:
        # Read one byte more than the limit, never the whole of a huge upload: the catalogue then
        # refuses it as too large with its own message.
        limit = settings.GONGKAI_MAX_ATTACHMENT_BYTES
        return [Upload(name=f.name, content=f.read(limit + 1)) for f in self.cleaned_data["attachments"]]

    def remove_ids(self) -> list[int]:
        return [a.pk for a in self.cleaned_data.get("remove_attachments") or []]


INTERPRETS_CHOICES = 300


def interprets_choices(org_ids: list[int], revision: Revision | None) -> list[tuple[int, str]]:
    """The documents an interpretation may name: the agency's items other than interpretations,
    policy documents (规章, 行政规范性文件) first, newest first; drafts too (they are drafted together)."""
    qs = (Item.objects.filter(org_id__in=org_ids).exclude(kind=Kind.INTERPRETATION).exclude(status=Item.Status.WITHDRAWN)
          .only("id", "title", "index_number", "kind"))
    policy = list(qs.filter(kind__in=POLICY_KINDS).order_by("-created_at", "-pk")[:INTERPRETS_CHOICES])
    others = list(qs.exclude(kind__in=POLICY_KINDS).order_by("-created_at", "-pk")[:INTERPRETS_CHOICES - len(policy)])
    found = policy + others
    if revision is not None and revision.interprets_id and revision.interprets_id not in {i.pk for i in found}:
        found.append(Item.objects.only("id", "title", "index_number", "kind").get(pk=revision.interprets_id))
    own = revision.item_id if revision is not None else None
    return [(i.pk, f"{i.title}（{i.index_number or '未发布'}）") for i in found if i.pk != own]


class AdvanceForm(forms.Form):
    """One step of the review chain on a revision."""

    action = forms.ChoiceField(choices=[(a, A(a).label) for a in (
        A.SUBMIT, A.DEPT_APPROVE, A.DEPT_RETURN, A.SECRECY_APPROVE, A.SECRECY_RETURN, A.SCHEDULE, A.UNSCHEDULE,
        A.PUBLISH)])
    comment = forms.CharField(label="意见", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    publish_at = forms.DateTimeField(
        label="发布时间（北京时间）", required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(label="撤回理由", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class ItemFilterForm(forms.Form):
    q = forms.CharField(label="关键字", required=False, max_length=100)
    status = forms.ChoiceField(label="公开状态", required=False,
                               choices=[("", "全部")] + list(Item.Status.choices))
    stage = forms.ChoiceField(label="审核环节", required=False,
                              choices=[("", "全部")] + [(s, Revision.Status(s).label) for s in Revision.OPEN_STATUSES])


class RedactForm(forms.Form):
    """保密审查: a text to remove from what is published (a finding, or any selection)."""

    text = forms.CharField(label="要删除的文字", max_length=2000, strip=False)
    mode = forms.ChoiceField(label="删除方式", choices=[("blocks", "以█等长遮盖"), ("label", "替换为“［已删除］”")], initial="blocks")


class OverrideForm(forms.Form):
    reason = forms.CharField(label="放行理由", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
