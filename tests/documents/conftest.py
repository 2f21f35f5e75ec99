"""Declarations walked through the services from the applicant to the jury's confirmed
result, for the documents printed about them."""

import itertools

import pytest
from django.utils import translation

from accounts.models import Role
from applicants import eligibility
from applicants.models import Achievement, Declaration
from tests.applicants.conftest import World
from tests.factories import AccountFactory
from tests.juries.conftest import JuryWorld

S = Declaration.Status
_numbers = itertools.count(700)


class DocumentsWorld:
    def __init__(self, demo, monkeypatch):
        self.jury = JuryWorld(demo, monkeypatch)
        self.declarations = World(demo)
        self.unit = self.jury.unit  # a unit none of the experts works at: nobody is recused
        self.unit_hr = AccountFactory(
            organization=self.unit,
            role=Role.EMPLOYER_HR,
            username="forms_unit_hr",
            real_name="钱人事",
            email="",
        )
        self.declarations.unit_hr = lambda declaration: self.unit_hr
        self.office = self.declarations.office
        self.bureau = self.declarations.bureau

    def applicant(self, name):
        number = next(_numbers)
        person = self.declarations.new_applicant(f"forms{number}", number, unit=self.unit)
        person.real_name = name
        person.save(update_fields=["real_name"])
        return person

    def declaration(self, name, *, target=S.QUALIFIED, achievement="桥梁检测方法研究"):
        achievements = [
            {"kind": Achievement.Kind.PAPER, "title": achievement, "achieved_on": "2024-05-01"}
        ]
        declaration = self.declarations.create(
            applicant=self.applicant(name), achievements=achievements
        )
        return self.declarations.advance(declaration, target)

    def reviewed(self, *declarations):
        """A confirmed meeting: every expert attended and voted yes on everyone."""
        return self.jury.confirmed(declarations=list(declarations))


@pytest.fixture(autouse=True)
def _only_declaration_checks(monkeypatch):
    """Continuing education and quotas test their checks with the data they need."""
    own = [c for c in eligibility._CHECKS if c.__module__ == "applicants.eligibility_checks"]
    monkeypatch.setattr(eligibility, "_CHECKS", own)


@pytest.fixture
def world(demo, monkeypatch):
    return DocumentsWorld(demo, monkeypatch)


@pytest.fixture(autouse=True)
def _english(client, settings):
    """Assertions read the English documents; tests/documents/test_documents_in_chinese.py
    reads the Chinese ones."""
    settings.LANGUAGE_CODE = "en"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield
