"""The demo network, built deterministically: the same seed gives the same people, companies,
edges and interactions; only the calendar moves with `today` (every date is a number of days
before it, so the cadence of each relationship looks the same whatever day it is seeded).

Lumenfield (a revenue-intelligence software company) is "us": its eleven people are the team
(is_team). Around it: clients, prospects (tagged `prospect`), vendors, partners, competitors,
an investor and an analyst firm, each with an org chart (CEO -> VPs -> directors -> managers,
REPORTS_TO, WORKS_AT with title, role, department, since). The team knows people at the
accounts through two years of interactions whose cadence tells a story: warm accounts are
touched every few weeks up to last week, at-risk accounts went quiet months ago (the cooling
answer), prospects are new. Harborline Freight is the prospect the tour targets: nobody on the
team knows anyone there, but a client's champion used to work with its VP of Operations.

The output is the body of POST /v1/import (../shared/API.md) plus an event to create through
POST /v1/events once the people have ids.
"""

import random
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Any

SEED = 20240611
YEARS_OF_HISTORY = 2
EVENT_NAME = "Revenue Leaders Summit"
PREFIX = "demo-"  # every external_id starts with it
OURS = "lumenfield"


class Kind(StrEnum):
    OURS = "ours"
    CLIENT = "client"
    PROSPECT = "prospect"
    VENDOR = "vendor"
    PARTNER = "partner"
    COMPETITOR = "competitor"
    INVESTOR = "investor"
    ANALYST = "analyst"


@dataclass(frozen=True)
class Account:
    key: str
    name: str
    industry: str
    size: int
    location: str
    kind: Kind


ACCOUNTS: tuple[Account, ...] = (
    Account(OURS, "Lumenfield", "Software", 180, "Rotterdam", Kind.OURS),
    # clients
    Account("brightwater", "Brightwater Logistics", "Logistics", 4200, "Rotterdam", Kind.CLIENT),
    Account("quillstone", "Quillstone Health", "Healthcare", 2600, "Boston", Kind.CLIENT),
    Account("copperleaf", "Copperleaf Bank", "Financial services", 9000, "London", Kind.CLIENT),
    Account("northpeak", "Northpeak Outdoor", "Retail", 1300, "Denver", Kind.CLIENT),
    Account("tidewell", "Tidewell Energy", "Energy", 5200, "Oslo", Kind.CLIENT),
    Account("marlowe", "Marlowe & Finch Insurance", "Insurance", 3100, "Dublin", Kind.CLIENT),
    Account("verdant", "Verdant Foods", "Food and beverage", 2200, "Lyon", Kind.CLIENT),
    Account("kestrel", "Kestrel Aerospace", "Manufacturing", 7800, "Toulouse", Kind.CLIENT),
    Account("halcyon", "Halcyon Media", "Media", 900, "New York", Kind.CLIENT),
    Account("fernhill", "Fernhill Learning", "Education", 600, "Manchester", Kind.CLIENT),
    # prospects
    Account("harborline", "Harborline Freight", "Logistics", 3800, "Hamburg", Kind.PROSPECT),
    Account("silvermoss", "Silvermoss Pharma", "Healthcare", 6100, "Basel", Kind.PROSPECT),
    Account(
        "graniteridge", "Granite Ridge Capital", "Financial services", 450, "Chicago", Kind.PROSPECT
    ),
    Account("bluefin", "Bluefin Mobility", "Automotive", 2900, "Gothenburg", Kind.PROSPECT),
    Account("junipergrid", "Juniper Grid", "Energy", 800, "Austin", Kind.PROSPECT),
    Account("oakhurst", "Oakhurst Retail Group", "Retail", 5400, "Leeds", Kind.PROSPECT),
    Account("cindervale", "Cindervale Games", "Media", 350, "Montreal", Kind.PROSPECT),
    Account("meridian", "Meridian Cold Chain", "Logistics", 1700, "Antwerp", Kind.PROSPECT),
    # vendors, partners, competitors, an investor, an analyst firm
    Account("stackwise", "Stackwise Cloud", "Cloud infrastructure", 2400, "Dublin", Kind.VENDOR),
    Account("ledgerlight", "Ledgerlight Payroll", "HR software", 650, "Amsterdam", Kind.VENDOR),
    Account("parcelpoint", "Parcelpoint Events", "Events", 120, "Rotterdam", Kind.VENDOR),
    Account("inkwell", "Inkwell Legal", "Legal services", 90, "London", Kind.VENDOR),
    Account("fathom", "Fathom Consulting Group", "Consulting", 1500, "Frankfurt", Kind.PARTNER),
    Account("brassline", "Brassline Systems", "IT services", 2100, "Warsaw", Kind.PARTNER),
    Account("cobalt", "Cobalt Analytics Partners", "Consulting", 300, "Copenhagen", Kind.PARTNER),
    Account("clearpath", "Clearpath CRM", "Software", 1100, "San Francisco", Kind.COMPETITOR),
    Account("signalforge", "Signalforge", "Software", 400, "Berlin", Kind.COMPETITOR),
    Account("nimbus", "Nimbus Relations", "Software", 250, "Toronto", Kind.COMPETITOR),
    Account("pinecrest", "Pinecrest Data", "Software", 700, "Stockholm", Kind.COMPETITOR),
    Account("redwing", "Redwing Ventures", "Venture capital", 40, "London", Kind.INVESTOR),
    Account("alder", "Alder Research", "Research and advisory", 200, "Boston", Kind.ANALYST),
)

# Company-to-company edges besides each account's own tie to Lumenfield (which Kind gives).
MARKET: tuple[tuple[str, str, str], ...] = (
    ("harborline", "CLIENT_OF", "clearpath"),  # the prospect runs a competitor's product
    ("graniteridge", "CLIENT_OF", "nimbus"),
    ("oakhurst", "CLIENT_OF", "signalforge"),
    ("quillstone", "CLIENT_OF", "clearpath"),  # the at-risk client is trialling one too
    ("harborline", "PARTNER_OF", "brightwater"),
    ("meridian", "COMPETES_WITH", "harborline"),
    ("brightwater", "COMPETES_WITH", "meridian"),
    ("silvermoss", "COMPETES_WITH", "quillstone"),
    ("junipergrid", "COMPETES_WITH", "tidewell"),
    ("clearpath", "COMPETES_WITH", "signalforge"),
    ("clearpath", "COMPETES_WITH", "nimbus"),
    ("signalforge", "COMPETES_WITH", "pinecrest"),
    ("brightwater", "VENDOR_OF", "northpeak"),
    ("brightwater", "VENDOR_OF", "verdant"),
    ("stackwise", "VENDOR_OF", "copperleaf"),
    ("stackwise", "VENDOR_OF", "halcyon"),
    ("stackwise", "VENDOR_OF", "clearpath"),
    ("fathom", "PARTNER_OF", "brightwater"),
    ("fathom", "VENDOR_OF", "harborline"),
    ("brassline", "PARTNER_OF", "kestrel"),
    ("brassline", "VENDOR_OF", "oakhurst"),
    ("cobalt", "PARTNER_OF", "copperleaf"),
    ("redwing", "INVESTED_IN", "bluefin"),
    ("redwing", "INVESTED_IN", "cindervale"),
    ("verdant", "CLIENT_OF", "meridian"),
)

FUNCTIONS = (
    "Operations",
    "Sales",
    "Finance",
    "IT",
    "Marketing",
    "Engineering",
    "Procurement",
    "Customer Success",
    "Product",
    "People",
)
CHIEF = {
    "Finance": "Chief Financial Officer",
    "IT": "Chief Information Officer",
    "Engineering": "Chief Technology Officer",
}


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FIRST = _words(
    "Amara Bastian Chiara Dmitri Elif Farah Gustavo Idris Jolene Kenji Mateo Nadia Oskar Quentin "
    "Soren Talia Umar Vera Wen Ximena Zara Anouk Bruno Camille Darius Esme Greta Ines Kavya Lars "
    "Maren Nikhil Olivia Pavel Rhea Sami Uma Viktor Willa Yara Zoltan Adaeze Benedikt Carmen "
    "Eun-ji Fionn Giulia Hassan Ilse Jamal Keiko Lucien Mira Nils Orla Pilar Rafael Teodor "
    "Valentina Wiktor Yasmin Amir Beatriz Cormac Delphine Emeka Freya Gideon Helena Ivo Jasmin "
    "Kwame Lina Noor Otto Paloma Ravi Sigrid Tariq Ulrike Vikram Wanjiru Xavier Yannick Zeynep "
    "Aurelio Bianca Cyrus Dagny Emil Fatima Hilde Ismael Johanna Kofi Liesel Malik Nora Oren "
    "Petra Rania Stellan Thea Anneke Callum Dalia Ewan Ingrid Joaquin Leila Magnus Niamh Rosalind"
)
LAST = _words(
    "Adeyemi Brennan Carvalho Dalgaard Eklund Fontaine Greaves Holmqvist Ishikawa Jovanovic "
    "Kaplan Lindgren Moreau Nakamura Petrov Quinlan Rasmussen Takahashi Underwood Yilmaz "
    "Zielinski Bianchi Chowdhury Deveraux Esposito Fitzgerald Hollis Iqbal Jaramillo "
    "Kristiansen Lachance Mensah Novak Oyelaran Pellegrini Quintero Rourke Sandoval Thorsen "
    "Urquhart Winslow Yamada Zamora Cardoso Dimitriou Engel Ferreira Gallagher Lindholm Nyberg "
    "Osei Pacheco Renner Sorensen Tanaka Vidal Wexford Yoon Zeller Ahlberg Baptiste Coleridge "
    "Delacroix Eze Falk Gutierrez Huber Ivers Jaeger Kimura Lund Molina Nilsen O'Brien Park "
    "Reyes Strand Toivonen Vogel Weiss Asante Bergstrom Castillo Ekwueme Fischer Hagen Ito "
    "Keller Laine Mwangi Nordin Ortega Pham Rossi Salo Torres Varga Wolff Aalto Bauer Costa "
    "Duarte Farouk Horvath Kaur Meyer Nguyen Otieno Ruiz Tran Abiodun Brookes Dunmore Evensen"
)

SUMMARIES: dict[str, tuple[str, ...]] = {
    "meeting": (
        "Roadmap walkthrough",
        "Workshop with the operations team",
        "Lunch in {city}",
        "Renewal planning",
        "Pilot kickoff",
        "Executive sponsor sync",
    ),
    "call": (
        "Check-in call",
        "Pricing follow-up",
        "Support escalation",
        "Forecasting module demo",
        "Reference call prep",
        "Intro call",
    ),
    "email": (
        "Sent the benchmark report",
        "Follow-up on the proposal",
        "Shared the release notes",
        "Renewal paperwork",
        "Case study draft",
    ),
    "message": (
        "Quick question on API limits",
        "Congrats on the launch",
        "Scheduling the next session",
    ),
    "social": ("Commented on their conference talk", "Shared their hiring post"),
}


class Pattern(StrEnum):
    """The cadence of one relationship over the last two years."""

    WARM = "warm"  # every few weeks, up to the last fortnight
    STEADY = "steady"  # monthly, executive to executive
    COOLING = "cooling"  # close for a year or more, then silence for months
    NEW = "new"  # started in the last quarter
    SPORADIC = "sporadic"  # a handful of touches


KINDS: dict[Pattern, tuple[tuple[str, ...], tuple[int, ...]]] = {
    Pattern.WARM: (("meeting", "call", "email", "message"), (35, 30, 25, 10)),
    Pattern.STEADY: (("meeting", "call", "email"), (50, 30, 20)),
    Pattern.COOLING: (("meeting", "call", "email", "message"), (40, 30, 20, 10)),
    Pattern.NEW: (("call", "meeting", "email"), (40, 30, 30)),
    Pattern.SPORADIC: (("email", "social", "call"), (60, 20, 20)),
}


@dataclass
class Member:
    """A person of the network, before it becomes an import row."""

    ext: str
    name: str
    company: str
    title: str
    department: str
    role: str | None
    level: int  # 0 CEO, 1 VP, 2 director, 3 manager
    manager: str | None
    tags: list[str] = field(default_factory=list)


@dataclass
class Story:
    """The external_ids the tour (README.md) and the seeder's closing lines point at."""

    team_lead: str  # Lumenfield's CEO
    prospect: str  # company
    prospect_decision_maker: str
    bridge: str  # the client champion who used to work with the prospect's VP
    at_risk_client: str  # company
    cooling_champion: str


@dataclass
class Event:
    name: str
    starts_on: date
    location: str
    attendees: list[str]  # external_ids


@dataclass
class Network:
    people: list[dict[str, Any]]
    companies: list[dict[str, Any]]
    relationships: list[dict[str, Any]]
    interactions: list[dict[str, Any]]
    event: Event
    story: Story

    def import_body(self) -> dict[str, list[dict[str, Any]]]:
        return {
            "people": self.people,
            "companies": self.companies,
            "relationships": self.relationships,
            "interactions": self.interactions,
        }


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9-]+", "", ascii_text.lower().replace(" ", "-"))


def domain(account: Account) -> str:
    return f"{account.key}.example"


class _Builder:
    def __init__(self, today: date, seed: int) -> None:
        self.today = today
        self.rng = random.Random(seed)
        self.accounts = {a.key: a for a in ACCOUNTS}
        self.members: dict[str, Member] = {}
        self.by_company: dict[str, list[Member]] = {a.key: [] for a in ACCOUNTS}
        self.used_names: set[str] = set()
        self.relationships: list[dict[str, Any]] = []
        self.edge_keys: set[tuple[str, str, str]] = set()
        self.interactions: list[dict[str, Any]] = []

    # -- people ------------------------------------------------------------------------------

    def name(self) -> str:
        while True:
            full = f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"
            if full not in self.used_names and full.split()[0] != full.split()[1]:
                self.used_names.add(full)
                return full

    def add(
        self,
        company: str,
        title: str,
        department: str,
        role: str | None,
        level: int,
        manager: Member | None,
        name: str | None = None,
        tags: Iterable[str] = (),
    ) -> Member:
        if name is None:
            name = self.name()
        self.used_names.add(name)
        ext = f"{PREFIX}{company}-{len(self.by_company[company]) + 1:02d}"
        tags = list(tags)
        if level <= 1 and company != OURS:
            tags.insert(0, "exec")
        member = Member(
            ext,
            name,
            company,
            title,
            department,
            role,
            level,
            manager.ext if manager else None,
            tags,
        )
        self.members[ext] = member
        self.by_company[company].append(member)
        return member

    def org_chart(self, account: Account, named: dict[str, str]) -> None:
        """CEO, VPs (the first one owns the budget we sell into; at a client, its first director
        is our champion), directors, managers; some accounts have a blocker among directors."""
        rng = self.rng
        analysts = account.kind is Kind.ANALYST
        champions = account.kind is Kind.CLIENT  # people who sell us inside: clients only
        vps = 2 if account.size < 500 else 3 if account.size < 5000 else 4
        wanted = [f for f in FUNCTIONS[1:] if f.lower() in named]  # a named VP's function
        others = [f for f in FUNCTIONS[1:] if f not in wanted]
        functions = ["Operations", *wanted, *rng.sample(others, vps - 1 - len(wanted))]
        if analysts:
            functions = ["Research", "Advisory"]
        ceo = self.add(
            account.key,
            "Chief Executive Officer",
            "Executive",
            "decision_maker",
            0,
            None,
            named.get("ceo"),
        )
        directors: list[Member] = []
        for i, fn in enumerate(functions):
            role = "decision_maker" if i == 0 else "gatekeeper" if fn == "Finance" else "influencer"
            vp = self.add(
                account.key, CHIEF.get(fn, f"VP {fn}"), fn, role, 1, ceo, named.get(fn.lower())
            )
            for j in range(rng.choice((1, 1, 2))):
                if i == 0 and j == 0:
                    role = "champion" if champions else "influencer"
                elif fn == "Procurement":
                    role = "gatekeeper"
                else:
                    role = rng.choice(("influencer", "user", "influencer"))
                title = "Principal Analyst" if analysts else f"Director of {fn}"
                director = self.add(
                    account.key,
                    title,
                    fn,
                    role,
                    2,
                    vp,
                    named.get(f"{fn.lower()}-director" if j == 0 else ""),
                    ["analyst"] if analysts else (),
                )
                directors.append(director)
                for _ in range(rng.choice((0, 1, 1, 2))):
                    role = "champion" if champions and rng.random() < 0.15 else "user"
                    title = "Analyst" if analysts else f"{fn} Manager"
                    self.add(account.key, title, fn, role, 3, director)
        candidates = [d for d in directors if d.role in ("influencer", "user")]
        if candidates and rng.random() < 0.4:
            rng.choice(candidates).role = "blocker"

    def team(self) -> None:
        """Lumenfield: the CEO, sales under the VP of Sales, the rest under the CEO."""
        add = self.add
        ceo = add(OURS, "Chief Executive Officer", "Executive", None, 0, None, "Elena Marchetti")
        vp = add(OURS, "VP Sales", "Sales", None, 1, ceo, "Tomas Lindqvist")
        for name in ("Amara Okafor", "Jonas Achterberg", "Priya Raman", "Diego Santoro"):
            add(OURS, "Account Executive", "Sales", None, 2, vp, name)
        add(OURS, "Solutions Engineer", "Sales", None, 2, vp, "Leona Whitlock")
        for name in ("Hana Iwasaki", "Felix Brandt"):
            add(OURS, "Customer Success Manager", "Customer Success", None, 2, ceo, name)
        add(OURS, "Partnerships Manager", "Partnerships", None, 2, ceo, "Idris Haddad")
        add(OURS, "Marketing Lead", "Marketing", None, 2, ceo, "Saskia Dahl")

    # -- edges -------------------------------------------------------------------------------

    def edge(
        self,
        kind: str,
        source: str,
        target: str,
        strength: float | None = None,
        properties: dict[str, Any] | None = None,
    ) -> bool:
        """Add an edge once (KNOWS, PARTNER_OF, COMPETES_WITH once per unordered pair)."""
        a, b = (
            (min(source, target), max(source, target))
            if kind in ("KNOWS", "PARTNER_OF", "COMPETES_WITH")
            else (source, target)
        )
        if source == target or (kind, a, b) in self.edge_keys:
            return False
        self.edge_keys.add((kind, a, b))
        row: dict[str, Any] = {
            "type": kind,
            "source_external_id": source,
            "target_external_id": target,
        }
        if strength is not None:
            row["strength"] = round(strength, 2)
        if properties:
            row["properties"] = properties
        self.relationships.append(row)
        return True

    def knows(self, a: Member, b: Member, low: float, high: float, how: str) -> bool:
        return self.edge("KNOWS", a.ext, b.ext, self.rng.uniform(low, high), {"context": how})

    def day(self, days_ago: int) -> str:
        return (self.today - timedelta(days=days_ago)).isoformat()

    # -- interactions ------------------------------------------------------------------------

    def cadence(self, pattern: Pattern) -> list[int]:
        """Days ago of each touch, oldest first."""
        rng = self.rng
        horizon = 365 * YEARS_OF_HISTORY
        if pattern is Pattern.SPORADIC:
            return sorted(
                {rng.randint(20, horizon) for _ in range(rng.randint(2, 5))}, reverse=True
            )
        start, end, gap = {
            Pattern.WARM: (rng.randint(240, horizon), rng.randint(1, 14), (12, 32)),
            Pattern.STEADY: (horizon - rng.randint(0, 30), rng.randint(2, 20), (24, 38)),
            Pattern.COOLING: (rng.randint(400, horizon - 30), rng.randint(120, 330), (14, 30)),
            Pattern.NEW: (rng.randint(25, 75), rng.randint(1, 8), (5, 12)),
        }[pattern]
        days = []
        d = start
        while d > end:
            days.append(d)
            d -= rng.randint(*gap)
        days.append(end)
        return days

    def log(
        self,
        kind: str,
        days_ago: int,
        people: list[Member],
        sentiment: float | None,
        summary: str | None = None,
    ) -> None:
        rng = self.rng
        at = datetime.combine(
            self.today - timedelta(days=days_ago),
            time(rng.randint(8, 17), rng.choice((0, 15, 30, 45))),
            tzinfo=UTC,
        )
        city = self.accounts[people[-1].company].location
        row: dict[str, Any] = {
            "external_id": f"{PREFIX}i-{len(self.interactions) + 1:05d}",
            "kind": kind,
            "occurred_at": at.isoformat().replace("+00:00", "Z"),
            "participant_external_ids": [p.ext for p in people],
            "summary": summary or rng.choice(SUMMARIES[kind]).format(city=city),
        }
        if sentiment is not None:
            row["sentiment"] = round(sentiment, 2)
        self.interactions.append(row)

    def tie(self, us: Member, them: Member, pattern: Pattern) -> None:
        """A relationship between a team member and a contact, earned through interactions."""
        rng = self.rng
        kinds, weights = KINDS[pattern]
        days = self.cadence(pattern)
        for i, d in enumerate(days):
            kind = rng.choices(kinds, weights)[0]
            if pattern is Pattern.COOLING and i >= len(days) - 3:
                sentiment: float | None = rng.uniform(-0.5, 0.1)  # it went sour at the end
            elif pattern is Pattern.SPORADIC:
                sentiment = None
            else:
                sentiment = rng.uniform(0.1, 0.8)
            self.log(kind, d, [us, them], sentiment)

    def reviews(self, people: list[Member], until_days_ago: int) -> None:
        """Quarterly business reviews with an account (a group meeting)."""
        d = 365 * YEARS_OF_HISTORY - self.rng.randint(0, 60)
        while d >= until_days_ago:
            self.log("meeting", d, people, self.rng.uniform(0.2, 0.7), "Quarterly business review")
            d -= self.rng.randint(85, 100)


def _pick(
    members: list[Member],
    level: int | None = None,
    role: str | None = None,
    department: str | None = None,
) -> list[Member]:
    return [
        m
        for m in members
        if (level is None or m.level == level)
        and (role is None or m.role == role)
        and (department is None or m.department == department)
    ]


NAMED: dict[str, dict[str, str]] = {  # the people the tour meets by name
    "harborline": {"ceo": "Ingrid Solberg", "operations": "Marcus Feld", "finance": "Yusuf Demir"},
    "brightwater": {"operations-director": "Nadia Kowalczyk"},
    "quillstone": {"operations-director": "Rosa Valdez"},
    "fathom": {"ceo": "Gideon Albrecht"},
}
TO_US = {
    Kind.CLIENT: "CLIENT_OF",
    Kind.VENDOR: "VENDOR_OF",
    Kind.PARTNER: "PARTNER_OF",
    Kind.COMPETITOR: "COMPETES_WITH",
    Kind.INVESTOR: "INVESTED_IN",
}
AT_RISK = ("quillstone", "marlowe", "fernhill")  # clients whose relationships went quiet


def build(today: date, seed: int = SEED) -> Network:
    """The demo network as of `today` (interactions in the two years before it)."""
    b = _Builder(today, seed)
    b.team()
    for account in ACCOUNTS[1:]:
        b.org_chart(account, NAMED.get(account.key, {}))
    _employment(b)
    _market(b)
    _inside(b)
    _careers(b)
    _industry(b)
    _bridges(b)
    _clients(b)
    _others(b)
    staff, team = b.by_company, _team(b)
    outside = [m for m in b.members.values() if m.company != OURS]
    pool = [p for p in outside if p.company not in ("harborline", "redwing")]
    marcus = _named(b, "harborline", "Marcus Feld")
    attendees = [team["Amara"], team["Tomas"], team["Saskia"], marcus, *b.rng.sample(pool, 36)]
    return Network(
        people=[_person_row(m, b.accounts[m.company]) for m in b.members.values()],
        companies=[_company_row(a) for a in ACCOUNTS],
        relationships=b.relationships,
        interactions=b.interactions,
        event=Event(
            EVENT_NAME, today + timedelta(days=24), "Rotterdam Ahoy", [p.ext for p in attendees]
        ),
        story=Story(
            team_lead=team["Elena"].ext,
            prospect=f"{PREFIX}co-harborline",
            prospect_decision_maker=staff["harborline"][0].ext,
            bridge=_named(b, "brightwater", "Nadia Kowalczyk").ext,
            at_risk_client=f"{PREFIX}co-quillstone",
            cooling_champion=_named(b, "quillstone", "Rosa Valdez").ext,
        ),
    )


def _team(b: _Builder) -> dict[str, Member]:
    return {m.name.split()[0]: m for m in b.by_company[OURS]}


def _named(b: _Builder, company: str, name: str) -> Member:
    return next(p for p in b.by_company[company] if p.name == name)


def _employment(b: _Builder) -> None:
    """Everyone's current WORKS_AT (title, role, department, since) and REPORTS_TO."""
    for m in b.members.values():
        props: dict[str, Any] = {
            "title": m.title,
            "department": m.department,
            "since": b.day(b.rng.randint(150, 3600)),
        }
        if m.role:
            props["role"] = m.role
        b.edge("WORKS_AT", m.ext, f"{PREFIX}co-{m.company}", properties=props)
        if m.manager:
            b.edge("REPORTS_TO", m.ext, m.manager)


def _market(b: _Builder) -> None:
    """Each account's tie to Lumenfield (by its kind), and the ties among the others."""
    rng = b.rng
    for account in ACCOUNTS:
        if account.kind in TO_US:
            props: dict[str, Any] = {"since": b.day(rng.randint(200, 1500))}
            if account.kind is Kind.CLIENT:
                props["plan"] = rng.choice(("Growth", "Enterprise", "Enterprise"))
            source, target = f"{PREFIX}co-{account.key}", f"{PREFIX}co-{OURS}"
            b.edge(TO_US[account.kind], source, target, rng.uniform(0.55, 0.9), props)
    for source, kind, target in MARKET:
        b.edge(kind, f"{PREFIX}co-{source}", f"{PREFIX}co-{target}")


def _inside(b: _Builder) -> None:
    """Inside each company: who influences the decision, colleagues beyond the org chart."""
    rng = b.rng
    ours = b.by_company[OURS]
    for i, j in ((0, 1), (1, 2), (1, 3), (0, 6), (6, 7), (2, 8), (0, 9), (9, 10), (1, 6)):
        b.knows(ours[i], ours[j], 0.75, 0.95, "colleagues")
    for key, people in b.by_company.items():
        if key == OURS:
            continue
        dm = _pick(people, 1, "decision_maker")[0]
        b.edge("INFLUENCES", dm.ext, people[0].ext, rng.uniform(0.55, 0.8))
        for champion in _pick(people, role="champion"):
            b.edge("INFLUENCES", champion.ext, dm.ext, rng.uniform(0.6, 0.85))
        for blocker in _pick(people, role="blocker"):
            b.edge("INFLUENCES", blocker.ext, dm.ext, rng.uniform(0.5, 0.75))
        seniors = [p for p in people if 1 <= p.level <= 2]
        for _ in range(2):
            x, y = rng.sample(seniors, 2)
            if x.manager != y.ext and y.manager != x.ext:
                b.knows(x, y, 0.35, 0.7, "colleagues")


def _careers(b: _Builder) -> None:
    """People who used to work elsewhere (an ended WORKS_AT), and still know someone there."""
    rng = b.rng
    outside = [m for m in b.members.values() if m.company not in (OURS, "harborline")]
    for m in rng.sample([p for p in outside if p.level >= 1], 34):
        former = rng.choice([a for a in ACCOUNTS[1:] if a.key != m.company])
        props = {
            "title": f"Senior {m.department} Manager",
            "department": m.department,
            "since": b.day(rng.randint(2400, 4000)),
            "until": b.day(rng.randint(700, 2300)),
            "current": False,
        }
        b.edge("WORKS_AT", m.ext, f"{PREFIX}co-{former.key}", properties=props)
        for old in rng.sample(b.by_company[former.key], 2):
            b.knows(m, old, 0.3, 0.75, f"former colleagues at {former.name}")


def _industry(b: _Builder) -> None:
    """People who know each other across companies, mostly within an industry."""
    rng = b.rng
    outside = [m for m in b.members.values() if m.company != OURS]
    industry = {m.ext: b.accounts[m.company].industry for m in outside}
    for _ in range(110):
        x = rng.choice(outside)
        peers = [
            p for p in outside if p.company != x.company and industry[p.ext] == industry[x.ext]
        ]
        y = rng.choice(peers if peers and rng.random() < 0.6 else outside)
        if y.company != x.company:
            b.knows(x, y, 0.2, 0.7, "industry")


def _bridges(b: _Builder) -> None:
    """The story: nobody on the team knows anyone at Harborline Freight, but a client's
    champion used to work with its VP of Operations, and a partner's CEO knows its CFO. The
    analysts of Alder Research sway decision makers everywhere; the investor sits on boards.
    A competitor's VP is close to the at-risk client's decision maker."""
    rng, staff = b.rng, b.by_company
    marcus = _named(b, "harborline", "Marcus Feld")
    past = {
        "title": "Director of Operations",
        "department": "Operations",
        "since": b.day(2900),
        "until": b.day(760),
        "current": False,
    }
    b.edge("WORKS_AT", marcus.ext, f"{PREFIX}co-brightwater", properties=past)
    nadia = _named(b, "brightwater", "Nadia Kowalczyk")
    b.knows(nadia, marcus, 0.7, 0.8, "former colleagues at Brightwater Logistics")
    yusuf = _named(b, "harborline", "Yusuf Demir")
    b.knows(staff["fathom"][0], yusuf, 0.55, 0.65, "Fathom advised Harborline on its ERP")
    deciders = [
        p
        for p in b.members.values()
        if p.company != OURS and p.level == 1 and p.role == "decision_maker"
    ]
    for analyst in _pick(staff["alder"], 1) + _pick(staff["alder"], 2):
        for target in rng.sample(deciders, 5):
            b.edge("INFLUENCES", analyst.ext, target.ext, rng.uniform(0.5, 0.8))
    for portfolio in ("bluefin", "cindervale"):
        b.edge("INFLUENCES", staff["redwing"][0].ext, staff[portfolio][0].ext, 0.8)
        b.knows(staff["redwing"][0], staff[portfolio][0], 0.7, 0.85, "board member")
    rival = _pick(staff["clearpath"], 1)[0]
    b.knows(rival, _pick(staff["quillstone"], 1, "decision_maker")[0], 0.65, 0.8, "industry")


def _clients(b: _Builder) -> None:
    """An account executive and a customer success manager per client, in touch with its
    decision maker and champion; quarterly reviews; the CEO with a few CEOs. At-risk clients
    went quiet months ago."""
    rng, staff, team = b.rng, b.by_company, _team(b)
    aes = [team[n] for n in ("Amara", "Jonas", "Priya", "Diego")]
    csms = [team["Hana"], team["Felix"]]
    for i, key in enumerate(a.key for a in ACCOUNTS if a.kind is Kind.CLIENT):
        people = staff[key]
        ae = team["Amara"] if key == "brightwater" else aes[i % len(aes)]
        csm = team["Hana"] if key == "quillstone" else csms[i % len(csms)]
        dm = _pick(people, 1, "decision_maker")[0]
        champion = _pick(people, 2, "champion")[0]
        user = rng.choice(_pick(people, 3) or _pick(people, 2))
        if key in AT_RISK:
            b.tie(ae, dm, Pattern.COOLING)
            b.tie(csm, champion, Pattern.COOLING)
            b.tie(csm, user, Pattern.SPORADIC)
            b.reviews([ae, csm, dm, champion], rng.randint(130, 200))
        else:
            b.tie(ae, dm, Pattern.WARM)
            b.tie(csm, champion, Pattern.WARM)
            b.tie(csm, user, rng.choice((Pattern.WARM, Pattern.SPORADIC)))
            b.reviews([ae, csm, dm, champion], rng.randint(5, 40))
        if i % 3 == 0:
            b.tie(team["Elena"], people[0], Pattern.STEADY)


def _others(b: _Builder) -> None:
    """New conversations with prospects (none at Harborline), partners, vendors, the
    investor and the analysts; former colleagues now at competitors."""
    rng, staff, team = b.rng, b.by_company, _team(b)
    aes = [team[n] for n in ("Amara", "Jonas", "Priya", "Diego")]
    prospects = [a.key for a in ACCOUNTS if a.kind is Kind.PROSPECT and a.key != "harborline"]
    for i, key in enumerate(prospects):
        people = staff[key]
        b.tie(aes[i % len(aes)], rng.choice(_pick(people, 1) + _pick(people, 2)), Pattern.NEW)
        if i % 3 == 1:
            it = _pick(people, department="IT") or _pick(people, 2)
            b.tie(team["Leona"], it[0], Pattern.NEW)
    for key in (a.key for a in ACCOUNTS if a.kind is Kind.PARTNER):
        b.tie(team["Idris"], _pick(staff[key], 1)[0], Pattern.WARM)
        b.tie(team["Idris"], rng.choice(_pick(staff[key], 2)), Pattern.SPORADIC)
        b.tie(team["Elena"], staff[key][0], Pattern.SPORADIC)
    for key in (a.key for a in ACCOUNTS if a.kind is Kind.VENDOR):
        owner = rng.choice([team["Felix"], team["Saskia"], team["Elena"]])
        b.tie(owner, rng.choice(_pick(staff[key], 1)), Pattern.SPORADIC)
    b.tie(team["Elena"], staff["redwing"][0], Pattern.STEADY)
    analysts = _pick(staff["alder"], 1) + _pick(staff["alder"], 2)
    b.tie(team["Tomas"], analysts[0], Pattern.SPORADIC)
    b.tie(team["Saskia"], analysts[-1], Pattern.COOLING)
    for key, who in (("clearpath", "Tomas"), ("signalforge", "Jonas"), ("pinecrest", "Leona")):
        old = rng.choice(_pick(staff[key], 1) + _pick(staff[key], 2))
        b.knows(team[who], old, 0.4, 0.6, f"former colleagues at {b.accounts[key].name}")


def _person_row(m: Member, account: Account) -> dict[str, Any]:
    first, last = m.name.split(" ", 1)
    row: dict[str, Any] = {
        "external_id": m.ext,
        "name": m.name,
        "email": f"{slug(first)}.{slug(last)}@{domain(account)}",
        "title": m.title,
        "location": account.location,
        "tags": m.tags,
    }
    if account.kind is Kind.OURS:
        row["is_team"] = True
    return row


def _company_row(account: Account) -> dict[str, Any]:
    tags = [] if account.kind is Kind.OURS else [account.kind.value]
    return {
        "external_id": f"{PREFIX}co-{account.key}",
        "name": account.name,
        "domain": domain(account),
        "industry": account.industry,
        "size": account.size,
        "location": account.location,
        "tags": tags,
    }
