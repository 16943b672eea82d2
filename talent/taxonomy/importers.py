"""Readers for further concept schemes: ESCO collection CSV, SKOS XML (ACM CCS), arXiv JSON."""

import csv
import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from talent.core.errors import InvalidInput

SKOS = "{http://www.w3.org/2004/02/skos/core#}"
RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"


@dataclass(slots=True)
class Concept:
    id: str
    label: str
    aliases: list[str] = field(default_factory=list)
    broader: list[str] = field(default_factory=list)
    uri: str = ""
    description: str = ""


@dataclass(slots=True)
class Scheme:
    name: str
    concepts: list[Concept]


def read_scheme(path: Path) -> Scheme:
    """Read a scheme file, recognised by its form."""
    if not path.is_file():
        raise InvalidInput(f"no file at {path}", fields={"file": str(path)})
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return read_esco_csv(path)
    if suffix in {".xml", ".rdf"}:
        return read_skos_xml(path)
    if suffix == ".json":
        return read_arxiv_json(path)
    raise InvalidInput(
        "a scheme file is an ESCO .csv, a SKOS .xml or an arXiv .json", fields={"file": str(path)}
    )


def _esco_key(uri: str) -> str:
    return "esco:" + uri.rstrip("/").rsplit("/", 1)[-1]


def read_esco_csv(path: Path) -> Scheme:
    """An ESCO collection CSV (conceptUri, preferredLabel, altLabels, broaderConceptUri, ...)."""
    concepts = []
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        needed = {"conceptUri", "preferredLabel"}
        if not needed <= set(reader.fieldnames or []):
            raise InvalidInput("not an ESCO collection CSV", fields={"file": str(path)})
        for row in reader:
            uri = row["conceptUri"].strip()
            broader = [b.strip() for b in (row.get("broaderConceptUri") or "").split("|")]
            concepts.append(
                Concept(
                    id=_esco_key(uri),
                    label=row["preferredLabel"].strip(),
                    aliases=[
                        a.strip() for a in (row.get("altLabels") or "").split("\n") if a.strip()
                    ],
                    broader=[_esco_key(b) for b in broader if "/skill/" in b],
                    uri=uri,
                    description=(row.get("description") or "")[:2000],
                )
            )
    return Scheme("esco", concepts)


def read_skos_xml(path: Path) -> Scheme:
    """A SKOS concept scheme in RDF/XML, such as the ACM Computing Classification System."""
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise InvalidInput(f"not well-formed XML: {exc}", fields={"file": str(path)}) from exc
    title = root.find(f"{SKOS}ConceptScheme/{{http://purl.org/dc/elements/1.1/}}title")
    name = "acm-ccs" if title is not None and "ACM" in (title.text or "") else "skos"
    concepts = []
    for node in root.iter(f"{SKOS}Concept"):
        about = node.get(f"{RDF}about", "")
        pref = node.find(f"{SKOS}prefLabel")
        if not about or pref is None or not pref.text:
            continue
        concepts.append(
            Concept(
                id=f"{name}:{about.lstrip('#')}",
                label=pref.text.strip(),
                aliases=[a.text.strip() for a in node.findall(f"{SKOS}altLabel") if a.text],
                broader=[
                    f"{name}:{b.get(f'{RDF}resource', '').lstrip('#')}"
                    for b in node.findall(f"{SKOS}broader")
                ],
                uri=about,
            )
        )
    return Scheme(name, concepts)


def read_arxiv_json(path: Path) -> Scheme:
    """arXiv's groups, archives and categories; categories sit under their archive."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        categories = data["CATEGORIES"]
        archives = data["ARCHIVES"]
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        raise InvalidInput("not an arXiv taxonomy JSON", fields={"file": str(path)}) from exc
    concepts = [
        Concept(id=f"arxiv:{key}", label=value["name"], uri=f"https://arxiv.org/archive/{key}")
        for key, value in archives.items()
        if not value.get("end_date")
    ]
    live_archives = {c.id for c in concepts}
    for key, value in categories.items():
        if not value.get("is_active", True):
            continue
        parent = f"arxiv:{value.get('in_archive')}"
        if parent == f"arxiv:{key}":
            continue  # an archive that is its own only category
        concepts.append(
            Concept(
                id=f"arxiv:{key}",
                label=value["name"],
                aliases=[key],
                broader=[parent] if parent in live_archives else [],
                uri=f"https://arxiv.org/list/{key}",
            )
        )
    return Scheme("arxiv", concepts)
