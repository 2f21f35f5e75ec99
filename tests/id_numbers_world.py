"""The demo year with people whose ID numbers could leak: declarations that reached the jury
office, certificates the HR bureau issued for them, an applicant whose username is their ID
number. Shared by the tests of masking and of the recorded reveal (tests/accounts,
tests/applicants)."""

import base64
from datetime import date

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.utils import timezone

from accounts.models import Membership, Organization, Role, User
from accounts.services import create_account
from applicants.models import Declaration
from certificates import services as certificate_services
from certificates.models import Certificate
from fixtures.demo_certificates import EMPLOYER_NAME, PublicizedResults
from fixtures.demo_cycle import resident_id


def signing_key() -> str:
    raw = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    return base64.b64encode(raw).decode()


class IdNumbersWorld:
    """`demo` (the fixture) plus three holders of certificates, all of the demo enterprise:
    their declarations reached the office; the bureau approved their filing and the
    certificates were issued (run the on-commit callbacks with `capture`)."""

    def __init__(self, demo, settings, capture):
        settings.CERTIFICATE_SIGNING_KEY = signing_key()
        settings.CERTIFICATE_RETIRED_PUBLIC_KEYS = []
        settings.CERTIFICATE_ISSUE_CHUNK_SIZE = 50
        self.demo = demo
        users = demo["users"]
        self.plan = demo["plan"]
        self.office = users["office"]
        self.bureau = users["bureau"]
        self.employer = users["employer"]
        self.department = users["department"]
        self.expert = users["expert"]
        self.applicant = users["applicant"]
        self.enterprise = Organization.objects.get(name=EMPLOYER_NAME)
        results = PublicizedResults(demo)
        self.meeting = results.meeting(3, names=["张伟", "王芳", "李娜"])
        now = timezone.now()
        Declaration.objects.filter(jury_candidacies__meeting=self.meeting).update(
            submitted_at=now, recommended_at=now, forwarded_to_office_at=now
        )
        self.declarations = list(
            Declaration.objects.filter(jury_candidacies__meeting=self.meeting).order_by("pk")
        )
        filing = certificate_services.submit_filing(actor=self.office, meeting=self.meeting)
        with capture(execute=True):
            certificate_services.approve_filing(
                filing,
                actor=self.bureau,
                document_number="示人社发〔2027〕12号",
                document_date=timezone.localdate(),
            )
        self.filing = filing
        self.certificates = list(Certificate.objects.filter(filing=filing).order_by("pk"))
        # An account created without a username is named after its ID number.
        self.named_by_number = create_account(
            actor=self.employer,
            organization=self.enterprise,
            role=Role.APPLICANT,
            real_name="赵敏",
            id_number=resident_id("630102", date(1991, 6, 1), 451),
            phone="13912345678",
            email="zhaomin@demo.example",
        )

    @property
    def holders(self) -> list[User]:
        return [declaration.applicant for declaration in self.declarations]

    def membership(self, user) -> Membership:
        return Membership.objects.get(user=user, is_active=True)

    @staticmethod
    def secrets_of_others(viewer) -> dict[str, int]:
        """Every whole ID number and phone number in the database but the viewer's own,
        with whose it is."""
        found = {}
        for person in User.objects.exclude(pk=viewer.pk):
            for value in (person.id_number, person.phone):
                if value and len(value) >= 7:
                    found[value] = person.pk
        for certificate in Certificate.objects.exclude(holder=viewer):
            found[certificate.id_number] = certificate.holder_id
        return found
