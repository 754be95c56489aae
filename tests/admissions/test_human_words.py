"""Only human words reach people: no "FLOW:" prefix, no model, action or
document codes or bare policy ids in the case page's history, and the API's
own errors (DRF's) in Vietnamese."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from apps.admissions import services, steps
from apps.admissions.choices import Action, DocumentCode
from apps.admissions.steps import StepData, take
from apps.members.models import Member
from tests.admissions.conftest import candidate, ready_for_vote
from tests.conftest import PASSWORD, Tree, Users, api_client

D = dt.date


def test_a_workflow_refusal_has_no_internal_prefix(tree: Tree) -> None:
    case = steps.record_certificate(candidate(tree), by="test", on=D(2024, 3, 1))
    with translation.override("vi"), pytest.raises(ValidationError) as exc:
        take(case, Action.OPEN_DOSSIER, StepData(on=D(2024, 2, 28)), "test")
    text = " ".join(exc.value.messages)
    assert "FLOW" not in text and "28/02/2024" in text


def test_the_case_history_names_documents_and_steps_in_words(
    tree: Tree, voters: list[Member], users: Users
) -> None:
    case = ready_for_vote(candidate(tree), voters)
    services.add_document(
        case, by="test", code=DocumentCode.SELF_REVIEW, received_on=D(2024, 5, 12), number="07"
    )
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    assert client.login(username=users.cell_secretary.username, password=PASSWORD)
    with translation.override("vi"):
        page = client.get(reverse("admissions:case", args=[case.pk])).content.decode()
    history = page[page.index("<h2>Lịch sử thay đổi</h2>") :]
    for code in ("document:", "cell_comment", "self_review", "open_dossier", "record_certificate"):
        assert code not in history, code
    assert "2021" in history  # the policy version, with its words


def test_drf_messages_and_json_errors_are_vietnamese(users: Users) -> None:
    client = api_client(users.cell_secretary)
    bad_json = client.post(
        "/api/v1/preflight", "{bad", content_type="application/json", HTTP_ACCEPT_LANGUAGE="vi"
    ).json()
    assert "JSON parse error" not in bad_json["detail"] and "JSON hợp lệ" in bad_json["detail"]
    body = client.post(
        "/api/v1/preflight",
        {
            "vote_on": None,
            "date_of_birth": "01/06/1995",
            "is_citizen": "maybe",
            "vote": {"attendance": ["zz"], "yes": "a", "no": 1},
        },
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="vi",
    ).json()
    text = str(body)
    for english in ("may not be null", "valid boolean", "valid integer", "not a valid choice"):
        assert english not in text, english
    anonymous = Client().get("/api/v1/cases/", HTTP_ACCEPT_LANGUAGE="vi")
    assert anonymous.status_code == 401 and "Chưa xác thực" in anonymous.json()["detail"]
