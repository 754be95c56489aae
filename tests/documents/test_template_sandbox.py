"""Security issue #11, finding 1: a Word template is data, never code. The
attacker's payloads are uploaded, and stored directly (as a version saved
before templates were checked), and printed: no command runs, no setting
leaks, and each refusal names the tag."""

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from docx import Document
from docxtpl import DocxTemplate

from apps.admissions.models import Case
from apps.documents import sandbox, services
from apps.documents.catalogue import BY_CODE, CONTEXT_NAMES, due_forms, sample_context
from apps.documents.models import FormTemplate, GeneratedDocument
from tests.admissions.conftest import candidate, ready_for_vote
from tests.admissions.test_steps import to_probation
from tests.conftest import PASSWORD, Tree, Users

D = dt.date
SECRET_PAYLOAD = (
    "{{ cycler.__init__.__globals__.__builtins__['__import__']('django.conf')"
    ".conf.settings.SECRET_KEY }}"
)


def shell_payload(marker: Path) -> str:
    """The attacker's first template: runs a shell command through lipsum."""
    return "{{ lipsum.__globals__['os'].popen('id > " + str(marker) + "').read() }}"


def docx(*paragraphs: str, title: str = "") -> bytes:
    """A small Word document, as an attacker would write it, with python-docx."""
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.core_properties.title = title
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def upload(users: Users, data: bytes) -> FormTemplate:
    return services.upload_template(
        by=users.administrator, code="9-KNĐ", policy_code="", data=data, file_name="mau.docx"
    )


@pytest.fixture
def admitted(tree: Tree, voters: list[Any]) -> Case:
    return to_probation(ready_for_vote(candidate(tree), voters))


def test_finding_1_uploaded_template_cannot_run_code(
    tree: Tree, users: Users, tmp_path: Path
) -> None:
    marker = tmp_path / "ran"
    for payload in (shell_payload(marker), SECRET_PAYLOAD):
        data = docx("Họ và tên: {{ name }}", payload)
        with translation.override("vi"), pytest.raises(ValidationError) as refused:
            upload(users, data)
        text = " ".join(refused.value.messages)
        assert "Thẻ {{ " in text  # the tag is named…
        assert ("lipsum" in text) or ("cycler" in text)  # …with the name it used
        assert "gạch dưới" in text  # and the underscore names are refused too
        assert settings.SECRET_KEY not in text
    assert not marker.exists()  # the command never ran
    assert not FormTemplate.objects.exists()


def test_finding_1_a_stored_template_with_a_payload_is_refused_at_print(
    admitted: Case, users: Users, tmp_path: Path
) -> None:
    marker = tmp_path / "ran"
    # Stored as an older version would have been, before uploads were checked.
    template = FormTemplate(
        code="9-KNĐ", policy_code="", version=1, uploaded_by=users.administrator
    )
    template.file.save(
        "9-KNĐ-old.docx",
        ContentFile(docx("{{ name }}", shell_payload(marker), SECRET_PAYLOAD)),
        save=True,
    )
    client = Client()
    assert client.login(username=users.commune_staff.username, password=PASSWORD)
    paper = reverse("documents:paper", args=[admitted.pk, "9-KNĐ", 0])
    with translation.override("vi"):
        response = client.get(paper, follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("documents:case", args=[admitted.pk])
    assert "không dùng được" in page and "9-KNĐ · * · v1" in page
    assert settings.SECRET_KEY not in page
    assert not marker.exists()
    bundle = client.get(reverse("documents:bundle", args=[admitted.pk]))
    assert bundle.status_code == 302 and settings.SECRET_KEY.encode() not in bundle.content
    assert not marker.exists()
    assert not GeneratedDocument.objects.filter(case=admitted, code="9-KNĐ").exists()


def test_finding_1_payloads_in_the_document_properties_are_refused_too(
    tree: Tree, users: Users, tmp_path: Path
) -> None:
    marker = tmp_path / "ran"
    with pytest.raises(ValidationError):
        upload(users, docx("{{ name }}", title=shell_payload(marker)))
    assert not marker.exists()


@pytest.mark.parametrize(
    ("tag", "named"),
    [
        ("{{ name.__class__ }}", "__class__"),
        ("{{ name['_x'] }}", "_x"),
        ("{{ name|attr('__class__') }}", "attr"),
        ("{{ name|attr(helper.name) }}", "attr"),
        ("{{ namespace() }}", "namespace"),
        ("{{ range(10) }}", "range"),
        ("{% include 'other.xml' %}", "include"),
        ("{% import 'other.xml' as other %}", "import"),
    ],
)
def test_a_template_may_use_only_the_documented_placeholders(
    tree: Tree, users: Users, tag: str, named: str
) -> None:
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        upload(users, docx("Ông/bà {{ name }}", tag))
    message = refused.value.messages[0]
    assert message.startswith("Thẻ ") and named in message and "tải mẫu lên lại" in message


def test_what_the_check_cannot_see_the_sandbox_refuses_when_printing(
    admitted: Case, users: Users
) -> None:
    """An attribute name computed while rendering passes the check; the
    sandbox refuses to read it, at upload (tried with sample values) and at
    print (a stored version)."""
    tag = "{% set u = '_' %}{{ name[u ~ u ~ 'class' ~ u ~ u] }}"
    with translation.override("vi"), pytest.raises(ValidationError, match="không được phép"):
        upload(users, docx(tag))
    template = FormTemplate(
        code="9-KNĐ", policy_code="", version=1, uploaded_by=users.administrator
    )
    template.file.save("9-KNĐ-old.docx", ContentFile(docx(tag)), save=True)
    form, item, day = next(x for x in due_forms(admitted, D(2026, 11, 23)) if x[0].code == "9-KNĐ")
    with translation.override("vi"), pytest.raises(ValidationError, match="không dùng được"):
        services.render(admitted, form, item, day, by="test")


@pytest.mark.parametrize("tag", ["{{ name * 100000 }}", "{{ 10 ** 100000 }}"])
def test_a_template_cannot_build_huge_values(tree: Tree, users: Users, tag: str) -> None:
    with translation.override("vi"), pytest.raises(ValidationError, match="giới hạn"):
        upload(users, docx(tag))


def test_every_built_in_template_passes_the_check_and_names_only_the_context(
    admitted: Case,
) -> None:
    for code in BY_CODE:
        trial = DocxTemplate(io.BytesIO(services.builtin(code)))
        trial.render(sample_context(), jinja_env=sandbox.environment())
    for form, item, day in due_forms(admitted, D(2026, 11, 23)):
        assert set(services.context(admitted, form, item, day)) <= CONTEXT_NAMES


def test_a_correct_template_with_loops_and_filters_is_accepted(tree: Tree, users: Users) -> None:
    template = upload(
        users,
        docx(
            "{{ name|upper }} — {{ vote.yes }}/{{ vote.official }}",
            "{% set who = helper.name or introducer.name %}{{ who|default('…') }}",
            "{% for part in cell_chain.split(', ') %}{{ loop.index }}. {{ part }} {% endfor %}",
        ),
    )
    assert template.version == 1


def test_the_templates_page_lists_the_placeholders(users: Users) -> None:
    client = Client()
    assert client.login(username=users.administrator.username, password=PASSWORD)
    page = client.get(reverse("documents:templates")).content.decode()
    assert "<code>cell_chain</code>" in page and "<code>vote</code>" in page
