"""Roster's unit of work: the kit's transaction and outbox, plus roster's repositories."""

from __future__ import annotations

from typing import Self

from bastion.outbox import UnitOfWork
from roster.adapters.account_repository import AccountRepository
from roster.adapters.committee_repository import CommitteeRepository
from roster.adapters.member_repository import MemberRepository
from roster.adapters.org_repository import OrgUnitRepository
from roster.adapters.records_repository import RecordsRepository
from roster.adapters.service_repository import ServiceRepository
from roster.adapters.signing_keys import SigningKeys


class RosterUnitOfWork(UnitOfWork):
    org_units: OrgUnitRepository
    members: MemberRepository
    committees: CommitteeRepository
    service: ServiceRepository
    records: RecordsRepository
    accounts: AccountRepository
    signing_keys: SigningKeys

    async def __aenter__(self) -> Self:
        await super().__aenter__()
        self.org_units = OrgUnitRepository(self.session)
        self.members = MemberRepository(self.session)
        self.committees = CommitteeRepository(self.session)
        self.service = ServiceRepository(self.session)
        self.records = RecordsRepository(self.session)
        self.accounts = AccountRepository(self.session)
        self.signing_keys = SigningKeys(self.session)
        return self
