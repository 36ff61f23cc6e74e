"""The services of one open workspace, built once and handed to the views (no global registry)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from app.db import Workspace, create_workspace, open_workspace
from app.postgres_roles import Role
from app.services.catalogue.factory_profile import FactoryProfileService
from app.services.workspace.connection import ConnectionHealth

if TYPE_CHECKING:  # imported where first built: ReportLab, requests, Pillow, the pricing engine and the file
    # readers cost start-up time, and the page a workspace opens on needs one or two of them at most
    from app.services.catalogue.io.service import CatalogueFileService
    from app.services.catalogue.products import ProductService
    from app.services.documents.service import DocumentService
    from app.services.pricing.plans import PricingService
    from app.services.shops.service import ShopService
    from app.services.workspace.approvals import ApprovalService


@dataclass
class WorkspaceServices:
    """Everything the views may ask of one workspace."""

    workspace: Workspace
    factory: FactoryProfileService
    #: Who the team database says we are and the team role of that login (None: a workspace file; a role of
    #: None is a login in none of the team's groups). Read once on open, for the status bar.
    team_user: str | None = None
    team_role: Role | None = None

    @cached_property
    def products(self) -> ProductService:
        """Products, their SKUs, pictures and search (built on first use: the factory page, where a workspace
        opens first, needs none of it, and importing it costs ≈ 50 ms of start-up)."""
        from app.services.catalogue.products import ProductService

        return ProductService(self.workspace)

    @cached_property
    def pricing(self) -> PricingService:
        """Costs, channels and prices (built on first use)."""
        from app.services.pricing.plans import PricingService

        return PricingService(self.workspace)

    @cached_property
    def catalogue_files(self) -> CatalogueFileService:
        """CSV/XLSX import and export of the catalogue."""
        from app.services.catalogue.io.service import CatalogueFileService

        return CatalogueFileService(self.workspace)

    @cached_property
    def documents(self) -> DocumentService:
        """Spec sheets, price lists and catalogues (built on first use, like the Print page)."""
        from app.services.documents.service import DocumentService

        return DocumentService(self.workspace)

    @cached_property
    def approvals(self) -> ApprovalService:
        """Approving channels' prices for sales staff (issue #15; built on first use, like the Pricing page)."""
        from app.services.workspace.approvals import ApprovalService

        return ApprovalService(self.workspace)

    @cached_property
    def shops(self) -> ShopService:
        """Saved shops and pushes (built on first use: most sessions never open the Export page)."""
        from app.services.shops.service import ShopService

        return ShopService(self.workspace)

    @cached_property
    def connection(self) -> ConnectionHealth:
        """Whether a team workspace's server is still there (a workspace file's always is)."""
        return ConnectionHealth(self.workspace)

    @property
    def path(self) -> Path:
        return self.workspace.path

    def close(self) -> None:
        self.workspace.close()


def _services_for(workspace: Workspace) -> WorkspaceServices:
    from app.services.catalogue.search import ensure_search_index
    from app.services.workspace import roles
    from app.services.workspace.live import ensure_change_notifications

    role = workspace.role
    # Derived data, (re)built on open when missing: the index and the triggers are the owners' objects on a team
    # database, the scores read costs (a sales login uses what is there and writes nothing).
    if role is roles.Role.OWNER:
        rebuilt = ensure_search_index(workspace.engine)
        rebuilt |= ensure_change_notifications(workspace.engine)  # a team workspace tells its users what others did
        if workspace.is_team and (workspace.migrated_from is not None or rebuilt):
            roles.grant_again(workspace.engine)  # new tables, columns and functions: classified and granted
    elif role is not None and role.may_write:
        ensure_search_index(workspace.engine, rebuild=False)
    services = WorkspaceServices(workspace=workspace, factory=FactoryProfileService(workspace))
    if workspace.is_team:
        from app.postgres_only import login_of

        services.team_user, services.team_role = login_of(workspace.engine)
        _ = services.connection  # listening for a lost server from the first query on
    return services


def open_services(path: Path) -> WorkspaceServices:
    """Open an existing workspace (raises the typed WorkspaceError family)."""
    return _services_for(open_workspace(path))


def open_team_services(url: str, password: str | None = None) -> WorkspaceServices:
    """Open the team workspace at `url` with a password typed for it (None: the keyring's, else libpq's)."""
    workspace = open_workspace(url, password=password)
    try:
        return _services_for(workspace)
    except BaseException:
        workspace.close()
        raise


def new_services(path: Path) -> WorkspaceServices:
    """Create an empty workspace with the default category templates."""
    workspace = create_workspace(path)
    from app.services.catalogue.categories import install_default_categories

    with workspace.session() as session:
        install_default_categories(session)
    return _services_for(workspace)


def demo_services(path: Path) -> WorkspaceServices:
    """Create the demo workspace and open it."""
    from app.services.workspace.demo import create_demo_workspace

    return _services_for(create_demo_workspace(path))
