"""Packaging beyond what pyproject.toml can say: the Cypher statements (cypher/, one file each,
read by app/db/queries.py) ship inside the package as app/cypher, so an installed relmap (pip
install ., the Docker image) finds them without the source tree."""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["app", "app.*"]), "app.cypher"],
    package_dir={"app.cypher": "cypher"},
    package_data={"app.cypher": ["**/*.cypher"]},
    include_package_data=False,
)
