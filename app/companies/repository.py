"""Companies in Neo4j: the only module of this domain that runs Cypher."""

from app.common.nodes import NodeKind, NodeRepository, Statements, UniqueKey
from app.companies.schemas import Company
from app.db.database import Database


def domain_key(domain: str | None) -> str | None:
    """What makes two domains the same: letter case and a leading "www." do not count."""
    if not domain:
        return None
    key = domain.strip().lower()
    if key.startswith("www.") and "." in key[4:]:
        key = key[4:]
    return key


COMPANY = NodeKind(
    noun="company",
    model=Company,
    statements=Statements(
        create="create_company",
        get="get_company",
        update="update_company",
        delete="delete_company",
        lock="lock_company",
        list="list_companies",
        search="search_companies",
    ),
    unique=(UniqueKey("domain", "domain_key", domain_key), UniqueKey("external_id", "external_id")),
)
to_company = COMPANY.read
stored = COMPANY.stored  # API fields -> node properties (domain_key for the uniqueness constraint)


class CompaniesRepository(NodeRepository[Company]):
    def __init__(self, db: Database) -> None:
        super().__init__(db, COMPANY)
