"""Demo contractors (companies with their listed persons, team leaders) and project sites."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from wagewatch.demo import names
from wagewatch.demo.context import DemoContext, Party
from wagewatch.demo.identifiers import PERSON_BASE, TEAM_LEADER_BASE, id_number, uscc_code
from wagewatch.extensions import db
from wagewatch.models import (
    Contractor, ContractorKind, FundingType, ParticipantRole, PaymentCycle, PersonPosition, Sector,
    WageGuarantee,
)
from wagewatch.rules.liability import ChainLink
from wagewatch.rules.names import normalise_name

FUNDING = (FundingType.GOVERNMENT, FundingType.SOE, FundingType.PRIVATE)
FUNDING_WEIGHTS = (30, 25, 45)
GUARANTEES = (WageGuarantee.DEPOSIT, WageGuarantee.BANK_GUARANTEE, WageGuarantee.NONE,
              WageGuarantee.EXEMPT)
GUARANTEE_WEIGHTS = (50, 25, 20, 5)
CYCLES = (PaymentCycle.MONTHLY, PaymentCycle.HALF_MONTHLY, PaymentCycle.WEEKLY,
          PaymentCycle.QUARTERLY, PaymentCycle.ON_MILESTONE, None)
CYCLE_WEIGHTS = (70, 8, 2, 12, 5, 3)
SUB_SCOPES = ("主体结构", "钢结构", "幕墙", "机电安装", "消防工程", "装饰装修", "室外配套", "桩基工程")
LABOUR_SCOPES = ("木工", "钢筋工", "瓦工", "混凝土", "架子工", "水电安装", "抹灰", "油漆")


@dataclass(frozen=True)
class Site:
    """A project with its owner, general contractor and lower tiers (the subcontracting chain)."""

    id: int
    name: str
    township_id: int
    owner: Party
    general_contractor: Party
    members: tuple[Party, ...]
    chain: tuple[ChainLink, ...]


def _contractor_row(ctx: DemoContext, contractor_id: int, kind: ContractorKind, name: str,
                    short_name: str | None, uscc: str | None, id_no: str | None) -> dict:
    return {
        "id": contractor_id, "office_id": ctx.office_id, "kind": kind, "name": name,
        "short_name": short_name, "normalised_name": normalise_name(name), "uscc": uscc,
        "uscc_warning": None, "id_number": id_no, "address": names.address(ctx.rng),
        "phone": names.phone(ctx.rng), "created_at": ctx.at(ctx.anchor - timedelta(
            days=ctx.rng.randint(400, 1500))), "created_by_id": ctx.handler_ids[0], "version": 1,
    }


def _person(ctx: DemoContext, contractor_id: int, position: PersonPosition, title: str) -> None:
    person_id = ctx.ids.take("contractor_person")
    male = ctx.chance(0.85)
    ctx.batch.add("contractor_person", {
        "id": person_id, "contractor_id": contractor_id, "name": names.person_name(ctx.rng, male),
        "id_number": id_number(PERSON_BASE + person_id, male), "id_number_warning": None,
        "position": position, "title": title})


def add_company(ctx: DemoContext, name: str, short_name: str | None, prefix: str = "91320301",
                head: tuple[PersonPosition, str] | None = None) -> Party:
    """A company with a valid USCC, its legal representative and, often, responsible persons."""
    contractor_id = ctx.ids.take("contractor")
    ctx.batch.add("contractor", _contractor_row(
        ctx, contractor_id, ContractorKind.COMPANY, name, short_name,
        uscc_code(contractor_id, prefix), None))
    position, title = head or (PersonPosition.LEGAL_REPRESENTATIVE,
                               ctx.rng.choice(names.MANAGER_TITLES))
    _person(ctx, contractor_id, position, title)
    if head is None and ctx.chance(0.3):
        _person(ctx, contractor_id, PersonPosition.RESPONSIBLE_MANAGER,
                ctx.rng.choice(("项目经理", "生产经理", "副总经理")))
    if head is None and ctx.chance(0.15):
        _person(ctx, contractor_id, PersonPosition.OTHER_RESPONSIBLE, "财务负责人")
    return Party(contractor_id, name)


def add_team_leader(ctx: DemoContext) -> Party:
    """An individual without employer status (包工头), recorded with an ID number."""
    contractor_id = ctx.ids.take("contractor")
    male = ctx.chance(0.97)
    name = names.person_name(ctx.rng, male)
    ctx.batch.add("contractor", _contractor_row(
        ctx, contractor_id, ContractorKind.INDIVIDUAL, name, None, None,
        id_number(TEAM_LEADER_BASE + contractor_id, male)))
    return Party(contractor_id, name, individual=True)


def public_owners(ctx: DemoContext) -> dict[FundingType, list[Party]]:
    """The district's public owners, reused when an earlier run already registered them."""
    wanted = {name for name, _, _ in names.PUBLIC_OWNERS}
    existing = {name: cid for cid, name in db.session.execute(
        select(Contractor.id, Contractor.name).where(
            Contractor.office_id == ctx.office_id, Contractor.name.in_(wanted)))}
    owners: dict[FundingType, list[Party]] = {FundingType.GOVERNMENT: [], FundingType.SOE: []}
    for name, prefix, funding in names.PUBLIC_OWNERS:
        head = ((PersonPosition.PRINCIPAL, "局长") if prefix.startswith("1")
                else (PersonPosition.LEGAL_REPRESENTATIVE, "董事长"))
        party = (Party(existing[name], name) if name in existing
                 else add_company(ctx, name, None, prefix, head))
        owners[FundingType(funding)].append(party)
    return owners


def add_other_employers(ctx: DemoContext, count: int) -> list[Party]:
    """Employers outside construction (factories, shops, services), without a project chain."""
    return [add_company(ctx, *names.company_name(ctx.rng, construction=False))
            for _ in range(count)]


def add_sites(ctx: DemoContext, count: int, owners: dict[FundingType, list[Party]]) -> list[Site]:
    """Projects in the office's townships with their chains and S-724 duties, some missing."""
    developers = [add_company(ctx, *names.company_name(ctx.rng, True, developer=True))
                  for _ in range(max(1, count // 4))]
    return [_add_site(ctx, owners, developers) for _ in range(count)]


def _add_site(ctx: DemoContext, owners: dict[FundingType, list[Party]],
              developers: list[Party]) -> Site:
    rng = ctx.rng
    funding = ctx.pick("funding", FUNDING, FUNDING_WEIGHTS)
    owner = rng.choice(developers if funding is FundingType.PRIVATE else owners[funding])
    general = add_company(ctx, *names.company_name(rng, construction=True))
    members: list[Party] = []
    chain: list[ChainLink] = []

    def engage(party: Party, role: ParticipantRole, by: Party, scope: str) -> None:
        members.append(party)
        chain.append(ChainLink(party.id, str(role), by.id))
        ctx.batch.add("project_participant", {
            "id": ctx.ids.take("project_participant"), "project_id": project_id,
            "contractor_id": party.id, "role": role, "engaged_by_id": by.id, "scope": scope})

    project_id = ctx.ids.take("project")
    for _ in range(rng.choice((0, 1, 1, 2, 3))):
        engage(add_company(ctx, *names.company_name(rng, True)), ParticipantRole.SUBCONTRACTOR,
               general, rng.choice(SUB_SCOPES))
    upper = [general, *members]
    for _ in range(rng.choice((1, 1, 2))):
        engage(add_company(ctx, *names.company_name(rng, True)),
               ParticipantRole.LABOUR_SUBCONTRACTOR, rng.choice(upper), "劳务作业")
    for _ in range(rng.choice((0, 1, 1, 2))):
        engage(add_team_leader(ctx), ParticipantRole.TEAM_LEADER, rng.choice([general, *members]),
               f"{rng.choice(LABOUR_SCOPES)}班组")
    township_id, township = ctx.townships[rng.randrange(len(ctx.townships))]
    name = names.project_name(rng, township)
    _project_row(ctx, project_id, name, township_id, funding, owner, general, township)
    return Site(project_id, name, township_id, owner, general, tuple(members), tuple(chain))


def _project_row(ctx: DemoContext, project_id: int, name: str, township_id: int,
                 funding: FundingType, owner: Party, general: Party, township: str) -> None:
    rng = ctx.rng
    start = ctx.anchor - timedelta(days=rng.randint(200, 1500))
    end = start + timedelta(days=rng.randint(300, 1100))
    value = Decimal(rng.randrange(500, 80000) * 10000)
    bank, account = names.bank_account(rng) if ctx.chance(0.85) else (None, None)
    guarantee = ctx.choice(GUARANTEES, GUARANTEE_WEIGHTS)
    held = guarantee in {WageGuarantee.DEPOSIT, WageGuarantee.BANK_GUARANTEE}
    officer = ctx.chance(0.85)
    liaison = ctx.chance(0.85)
    ctx.batch.add("project", {
        "id": project_id, "office_id": ctx.office_id, "name": name, "township_id": township_id,
        "sector": Sector.CONSTRUCTION, "funding_type": funding, "owner_id": owner.id,
        "general_contractor_id": general.id, "contract_value_yuan": value,
        "start_on": start, "end_on": end, "wage_account_bank": bank,
        "wage_account_number": account,
        "wage_account_opened_on": ctx.clamp(start + timedelta(days=rng.randint(0, 30)))
        if bank else None,
        "wage_guarantee": guarantee,
        "wage_guarantee_yuan": min(value * Decimal(rng.choice((1, 2, 3))) / 100,
                                   Decimal(3_000_000)).quantize(Decimal("1000")) if held else None,
        "real_name_registration": ctx.chance(0.9),
        "notice_board_checked_on": max(start, ctx.anchor - timedelta(days=rng.randint(0, 120)))
        if ctx.chance(0.8) else None,
        "labour_officer_name": names.person_name(rng, ctx.chance(0.6)) if officer else None,
        "labour_officer_phone": names.phone(rng) if officer else None,
        "payment_cycle": ctx.choice(CYCLES, CYCLE_WEIGHTS),
        "site_liaison_name": names.person_name(rng, ctx.chance(0.7)) if liaison else None,
        "site_liaison_position": rng.choice(names.SITE_LIAISON_POSTS).format(t=township)
        if liaison else None,
        "site_liaison_phone": names.phone(rng) if liaison else None,
        "active": end >= ctx.anchor - timedelta(days=90),
        "created_at": ctx.at(ctx.clamp(start + timedelta(days=rng.randint(0, 30)))),
        "created_by_id": ctx.handler_ids[0], "version": 1,
    })
