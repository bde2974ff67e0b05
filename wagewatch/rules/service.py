"""What a recorded service (送达) needs to count, by method (民事诉讼法 arts. 87-95 as applied by
行政处罚法 art. 61; S-JI art. 4 for posting at the residence or premises)."""

from __future__ import annotations

from dataclasses import dataclass

#: Methods where someone other than the addressee signs, with their capacity.
SIGNED_BY_OTHERS = frozenset({"family_member", "receiving_person", "entrusted"})

#: Posting without a photo, a video or a scan of the 送达回证 (S-JI art. 4).
MESSAGE_POSTED_NEEDS_FILES = ("张贴送达须上传送达照片/视频（或送达回证扫描件）作为证据，"
                              "或选择本案已上传的送达照片/视频。")


@dataclass(frozen=True)
class ServiceProblem:
    """Why a service record does not yet prove service: the field and a message in Chinese."""

    field: str
    message: str


def service_problem(method: str, *, signer_name: str | None, signer_capacity: str | None,
                    refusal_note: str | None, evidence: str | None,
                    evidence_files: int = 0) -> ServiceProblem | None:
    """None when the record proves service by ``method``; else what is missing.

    ``evidence_files`` counts the photos, videos or 送达回证 scans kept as attachments of kind
    送达照片/视频 for this service. Posting (张贴) counts only with such a file (S-JI art. 4: posted
    at the residence or premises and photographed or filmed; a typed note is not proof); 留置 needs
    the refusal and a witness (typed) or photo/video (a file); signing by a family member, the
    unit's receiving person or an agent names the signer and their capacity; post, public notice
    and electronic service record the slip number, the notice or the address used.
    """
    def blank(value: str | None) -> bool:
        return not (value or "").strip()

    if method == "posted" and evidence_files < 1:
        return ServiceProblem("service_attachments", MESSAGE_POSTED_NEEDS_FILES)
    if method == "left":
        if blank(refusal_note):
            return ServiceProblem("refusal_note", "留置送达须记录受送达人拒收的情况。")
        if blank(evidence) and evidence_files < 1:
            return ServiceProblem("evidence", "留置送达须记录见证人，或上传拍照、录像的证据。")
    if method in SIGNED_BY_OTHERS and (blank(signer_name) or blank(signer_capacity)):
        return ServiceProblem("signer_name", "由他人代收的，须记录代收人姓名及其身份。")
    if method in {"postal", "public_notice", "electronic"} and blank(evidence):
        return ServiceProblem("evidence", {
            "postal": "邮寄送达须记录邮件单号（以回执上注明的收件日期为送达日期）。",
            "public_notice": "公告送达须记录公告的载体和期间。",
            "electronic": "电子送达须记录受送达人同意的电子地址。",
        }[method])
    return None
