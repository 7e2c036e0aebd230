"""Helpers for driving the workbench as staff do: through its pages, with the Django test client."""
from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

# The smallest file that is a PDF by its content (magic bytes), not merely by its name.
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def pdf(name: str = "申报指南.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def form_data(dept, topic=None, **overrides) -> dict:
    data = {
        "title": "关于组织申报2026年度省科技计划项目的通知",
        "summary": "",
        "body": "<p>各有关单位：专利权人须提交证明材料。</p>",
        "created_on": "2026-03-02",
        "document_number": "黔科通〔2026〕12号",
        "topic": topic.pk if topic else "",
        "kind": "notice",
        "validity": "valid",
        "repealed_on": "",
        "publisher": "",
        "keywords": "科技计划 申报",
        "department": dept.pk,
    }
    data.update(overrides)
    return data


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def as_clerk(clerk):
    return client_for(clerk)


@pytest.fixture
def as_head(dept_head):
    return client_for(dept_head)


@pytest.fixture
def as_supervisor(supervisor):
    return client_for(supervisor)


@pytest.fixture
def as_outsider(outsider):
    return client_for(outsider)


def advance(client, revision, action: str, **extra):
    """Presses one review-chain button on the item page; returns the page it lands on."""
    return client.post(reverse("workbench:revision_advance", args=[revision.pk]), {"action": action, **extra},
                       follow=True)


def page_text(response) -> str:
    return response.content.decode()
