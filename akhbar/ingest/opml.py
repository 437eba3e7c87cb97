"""OPML import and export of feed subscriptions (pure).

`parse_opml` reads every outline that has an `xmlUrl`, at any depth; its category is the
`category` attribute if present, else the titles of the folder outlines around it, joined with
"/". `write_opml` writes OPML 2.0 with one folder outline per category, in the order categories
first appear, so `parse_opml(write_opml(outlines))` gives the outlines back, grouped by category.
"""

from typing import NamedTuple

from lxml import etree

from akhbar.ingest.feeds import ParseError


class OpmlOutline(NamedTuple):
    title: str
    xml_url: str
    html_url: str = ""
    category: str = ""


def parse_opml(text: str | bytes) -> list[OpmlOutline]:
    """Every feed outline of an OPML document; raises ParseError when it is not OPML."""
    root = _parse(text)
    body = root.find("body")
    if root.tag != "opml" or body is None:
        raise ParseError("parse: not an OPML document (no <opml><body>)")
    return list(_outlines(body, []))


def write_opml(outlines: list[OpmlOutline], title: str = "Akhbar") -> str:
    """An OPML 2.0 document listing `outlines`, one folder per category."""
    root = etree.Element("opml", version="2.0")
    etree.SubElement(etree.SubElement(root, "head"), "title").text = title
    body = etree.SubElement(root, "body")
    folders: dict[str, etree._Element] = {}
    for outline in outlines:
        parent = body
        if outline.category:
            if outline.category not in folders:
                folders[outline.category] = _folder(body, outline.category)
            parent = folders[outline.category]
        _feed_outline(parent, outline)
    xml = etree.tostring(root, encoding="unicode", pretty_print=True)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + xml


def _parse(text: str | bytes) -> etree._Element:
    data = text.encode("utf-8") if isinstance(text, str) else text
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise ParseError(f"parse: OPML is not well-formed XML: {error}") from error
    if root is None:
        raise ParseError("parse: empty OPML document")
    return root


def _outlines(element: etree._Element, folders: list[str]):
    for child in element.iterchildren("outline"):
        attributes = {name.lower(): value.strip() for name, value in child.attrib.items()}
        title = attributes.get("title") or attributes.get("text", "")
        if attributes.get("xmlurl"):
            category = attributes.get("category") or "/".join(folders)
            yield OpmlOutline(title, attributes["xmlurl"], attributes.get("htmlurl", ""), category)
        yield from _outlines(child, [*folders, title] if title else folders)


def _folder(body: etree._Element, category: str) -> etree._Element:
    return etree.SubElement(body, "outline", text=category, title=category)


def _feed_outline(parent: etree._Element, outline: OpmlOutline) -> None:
    attributes = {"type": "rss", "text": outline.title, "title": outline.title}
    attributes["xmlUrl"] = outline.xml_url
    if outline.html_url:
        attributes["htmlUrl"] = outline.html_url
    etree.SubElement(parent, "outline", attributes)
