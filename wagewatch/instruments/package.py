"""Trim python-docx's default package to what an instrument template uses: its styles and parts.

python-docx starts every document from a package made in Word: 164 styles (350 KB of XML), a
second copy of them for Word 2010 (stylesWithEffects, 438 KB), a thumbnail and a custom XML item.
A generated instrument uses a handful of those styles (6-13) and none of the rest, yet docxtpl
parses, writes and compresses all of it for every document issued. Word and LibreOffice supply the styles a
template lacks when it is opened, so an office that edits the template loses nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

from docx.document import Document
from docx.oxml.ns import qn

#: Relationships (by the end of their type) whose parts an instrument never uses.
UNUSED_PARTS = ("/stylesWithEffects", "/metadata/thumbnail", "/customXml")
#: Where the body, headers, footers and list definitions name a style.
_STYLE_REFERENCES = ("w:pStyle", "w:rStyle", "w:tblStyle", "w:numStyle")
#: Where a style names another style.
_STYLE_LINKS = ("w:basedOn", "w:next", "w:link")


def trim(document: Document) -> None:
    """Leave out the unused parts and every style the document does not reach (the defaults stay,
    with the styles they are based on or linked to); Word's latent-style list goes too."""
    package = document.part.package
    for rels in (package.rels, document.part.rels):
        for r_id, rel in list(rels.items()):
            if rel.reltype.endswith(UNUSED_PARTS):
                del rels[r_id]
    styles = document.styles.element
    latent = styles.find(qn("w:latentStyles"))
    if latent is not None:
        styles.remove(latent)
    by_id = {style.get(qn("w:styleId")): style for style in styles.iterchildren(qn("w:style"))}
    wanted = {style_id for style_id, style in by_id.items() if style.get(qn("w:default")) == "1"}
    wanted |= _referenced(_story_elements(document), _STYLE_REFERENCES)
    pending = list(wanted)
    while pending:
        style = by_id.get(pending.pop())
        if style is None:
            continue  # named but not defined: Word and LibreOffice fall back to Normal
        for linked in _referenced([style], _STYLE_LINKS) - wanted:
            wanted.add(linked)
            pending.append(linked)
    for style_id, style in by_id.items():
        if style_id not in wanted:
            styles.remove(style)


def _story_elements(document: Document) -> list:
    """The body, every header and footer, and the list definitions (whose levels name styles):
    their XML roots."""
    roots = [document.element]
    for rel in document.part.rels.values():
        if rel.reltype.endswith(("/header", "/footer", "/numbering")):
            roots.append(rel.target_part.element)
    return roots


def _referenced(roots: Iterable, tags: tuple[str, ...]) -> set[str]:
    """The style ids named by ``tags`` (w:val) anywhere under ``roots``."""
    names = {qn(tag) for tag in tags}
    return {element.get(qn("w:val")) for root in roots for element in root.iter()
            if element.tag in names and element.get(qn("w:val"))}
