"""Who else pays when the employer does not (S-724 arts. 29, 30, 36): suggested liable parties."""

from __future__ import annotations

from dataclasses import dataclass

from wagewatch.rules.sources import citation


@dataclass(frozen=True)
class ChainLink:
    """One tier of a project's chain: a contractor, its role, and who engaged it."""

    contractor_id: int
    role: str            # subcontractor / labour_subcontractor / team_leader
    engaged_by_id: int


@dataclass(frozen=True)
class SuggestedParty:
    contractor_id: int
    liability: str
    reason: str


def liable_parties(
    employer_id: int, employer_is_individual: bool, general_contractor_id: int | None,
    chain: tuple[ChainLink, ...],
) -> list[SuggestedParty]:
    """Parties liable besides the employer, with the article that makes them so.

    - The employer is a lower tier of the chain: the general contractor pays first (art. 30).
    - The employer is an individual (包工头) engaged by someone: that party pays (art. 36).
    """
    suggestions: list[SuggestedParty] = []
    link = next((link for link in chain if link.contractor_id == employer_id), None)
    if link is None:
        return suggestions
    if (employer_is_individual or link.role == "team_leader") and link.engaged_by_id != employer_id:
        suggestions.append(SuggestedParty(
            link.engaged_by_id, "engaging_party",
            f"工程发包给不具备用工主体资格的个人，由发包方清偿（{citation('S-724 art. 36')}）。"))
    if general_contractor_id and general_contractor_id != employer_id and all(
            s.contractor_id != general_contractor_id for s in suggestions):
        suggestions.append(SuggestedParty(
            general_contractor_id, "general_contractor_first",
            f"用人单位是本项目的分包单位或班组，施工总承包单位应先行清偿（{citation('S-724 art. 30')}）。"))
    return suggestions
