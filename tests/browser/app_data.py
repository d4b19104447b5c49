"""A small network for the map's browser tests, loaded through the API: a team of two, an
account (Acme) with an org chart, a client (Globex), people between them, interactions (three
old meetings make a cooling tie) and an event."""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx


@dataclass
class Network:
    ids: dict[str, str] = field(default_factory=dict)  # short name -> id

    def __getitem__(self, name: str) -> str:
        return self.ids[name]


PEOPLE: dict[str, dict[str, Any]] = {
    "sam": {"name": "Sam Team", "is_team": True},
    "tess": {"name": "Tess Team", "is_team": True},
    "alice": {"name": "Alice Ceo", "title": "CEO"},
    "bob": {"name": "Bob Vp", "title": "VP Sales"},
    "carol": {"name": "Carol Lead", "title": "Sales lead"},
    "dan": {"name": "Dan User", "title": "Analyst"},
    "erin": {"name": "Erin Counsel", "title": "Counsel"},
    "frank": {"name": "Frank Friend"},
    "grace": {"name": "Grace Guide"},
    "heidi": {"name": "Heidi Host"},
    "ivan": {"name": "Ivan Buyer", "title": "Buyer"},
}
COMPANIES: dict[str, dict[str, Any]] = {
    "us": {"name": "Us Inc", "domain": "us.test"},
    "acme": {"name": "Acme", "domain": "acme.test", "industry": "Software", "tags": ["prospect"]},
    "globex": {"name": "Globex", "domain": "globex.test", "industry": "Retail", "tags": ["client"]},
}
WORKS_AT = [  # person, company, role
    ("sam", "us", "other"),
    ("tess", "us", "other"),
    ("alice", "acme", "decision_maker"),
    ("bob", "acme", "influencer"),
    ("carol", "acme", "champion"),
    ("dan", "acme", "user"),
    ("erin", "acme", "blocker"),
    ("ivan", "globex", "decision_maker"),
]
RELATIONSHIPS = [  # type, source, target, strength
    ("REPORTS_TO", "bob", "alice", None),
    ("REPORTS_TO", "erin", "alice", None),
    ("REPORTS_TO", "carol", "bob", None),
    ("REPORTS_TO", "dan", "bob", None),
    ("INFLUENCES", "carol", "alice", 0.6),
    ("KNOWS", "sam", "frank", 0.9),
    ("KNOWS", "frank", "bob", 0.7),
    ("KNOWS", "tess", "grace", 0.8),
    ("KNOWS", "grace", "carol", 0.6),
    ("KNOWS", "frank", "heidi", 0.5),
    ("KNOWS", "heidi", "alice", 0.4),
    ("KNOWS", "sam", "tess", 0.9),
    ("KNOWS", "frank", "ivan", 0.8),
    ("KNOWS", "grace", "dan", 0.3),
    ("CLIENT_OF", "globex", "us", None),
]


def load(url: str) -> Network:
    """Loads the network into the API at `url` (one import, then the event); ids by short name."""
    long_ago = datetime.now(UTC) - timedelta(days=200)
    rows: dict[str, list[dict[str, Any]]] = {
        "people": [{"external_id": name, **body} for name, body in PEOPLE.items()],
        "companies": [{"external_id": name, **body} for name, body in COMPANIES.items()],
        "relationships": [
            {
                "type": "WORKS_AT",
                "source_external_id": person,
                "target_external_id": company,
                "properties": {"role": role, "current": True},
            }
            for person, company, role in WORKS_AT
        ],
        "interactions": [  # a strong tie that has gone quiet
            {
                "external_id": f"old-{day}",
                "kind": "meeting",
                "occurred_at": (long_ago + timedelta(days=day)).isoformat(),
                "participant_external_ids": ["tess", "heidi"],
            }
            for day in range(3)
        ],
    }
    for kind, source, target, strength in RELATIONSHIPS:
        row: dict[str, Any] = {
            "type": kind,
            "source_external_id": source,
            "target_external_id": target,
        }
        if strength is not None:
            row["strength"] = strength
        rows["relationships"].append(row)
    net = Network()
    with httpx.Client(base_url=url, timeout=60) as http:
        summary = http.post("/v1/import", json=rows)
        assert summary.status_code == 200 and not summary.json()["errors"], summary.text
        for path in ("/v1/people", "/v1/companies"):
            for item in http.get(path, params={"limit": 200}).json()["items"]:
                net.ids[item["external_id"]] = item["id"]
        attendees = [net[n] for n in ("ivan", "heidi", "carol", "grace")]
        event = http.post("/v1/events", json={"name": "Summit", "attendee_ids": attendees})
        assert event.status_code == 201, event.text
        net.ids["summit"] = event.json()["id"]
    return net
