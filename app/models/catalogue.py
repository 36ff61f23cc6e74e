"""The catalogue: categories with attribute templates, products (SPUs), SKUs and images."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import Any, ClassVar

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.models.types import ExactDecimal, UTCDateTime, utc_now


class AttributeKind(str, Enum):
    """How an attribute is entered and validated."""

    TEXT = "text"
    NUMBER = "number"      # number + unit
    CHOICE = "choice"
    YES_NO = "yes_no"


class ProductStatus(str, Enum):
    """Where a product is on its way to a listing."""

    DRAFT = "draft"
    READY = "ready"
    LISTED = "listed"
    ARCHIVED = "archived"


class ImageRole(str, Enum):
    """What an image is for on a listing."""

    MAIN = "main"
    WHITE_BACKGROUND = "white_background"
    DETAIL = "detail"
    VARIANT = "variant"


class Category(SQLModel, table=True):
    """A product category and, through its attributes, the template a product of it fills in."""

    __tablename__ = "category"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(sa_column=sa.Column(sa.String(60), nullable=False, unique=True))
    name_zh: str = ""
    name_en: str = ""
    #: Whether products of this category need a size chart (apparel, shoes…).
    has_size_chart: bool = False


class AttributeDef(SQLModel, table=True):
    """One attribute of a category's template, e.g. 容量 capacity (number, L), 材质 material (choice)."""

    __tablename__ = "attribute_def"
    __table_args__ = (sa.UniqueConstraint("category_id", "key", name="uq_attribute_def_category_key"),)

    id: int | None = Field(default=None, primary_key=True)
    category_id: int = Field(foreign_key="category.id", ondelete="CASCADE", index=True)
    key: str = Field(max_length=60)
    name_zh: str = ""
    name_en: str = ""
    kind: str = Field(default=AttributeKind.TEXT.value, max_length=20)
    unit: str = ""
    #: For CHOICE: the allowed values as [{"zh": …, "en": …}, …]; for variant axes, suggested values.
    choices: list[dict[str, str]] = Field(default_factory=list, sa_column=sa.Column(sa.JSON, nullable=False))
    required: bool = False
    #: A variant axis (colour, size…) is chosen per SKU instead of per product.
    is_axis: bool = False
    position: int = 0


# Optimistic locking: SQLAlchemy's version_id_col only works with SQLModel when the very same
# Column object is given to the field and to __mapper_args__ (see shared/reference/reliability.md).
_product_version = sa.Column("version", sa.Integer, nullable=False, server_default="1")
_sku_version = sa.Column("version", sa.Integer, nullable=False, server_default="1")


class Product(SQLModel, table=True):
    """A product as a whole (SPU): what the buyer sees before choosing a variant."""

    __tablename__ = "product"
    __mapper_args__: ClassVar[dict[str, Any]] = {"version_id_col": _product_version}

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(sa_column=sa.Column(sa.String(60), nullable=False, unique=True))
    name_zh: str = ""
    name_en: str = ""
    category_id: int | None = Field(default=None, foreign_key="category.id", ondelete="SET NULL", index=True)
    brand: str = ""
    description_zh: str = ""
    description_en: str = ""
    selling_points_zh: list[str] = Field(default_factory=list, sa_column=sa.Column(sa.JSON, nullable=False))
    selling_points_en: list[str] = Field(default_factory=list, sa_column=sa.Column(sa.JSON, nullable=False))
    materials: str = ""
    #: Why this product and not the "four-piece set" everyone launched: the real differentiator.
    differentiator: str = ""
    status: str = Field(default=ProductStatus.DRAFT.value, max_length=20)
    #: Values of the category's non-axis attributes: {key: value}.
    attributes: dict[str, Any] = Field(default_factory=dict, sa_column=sa.Column(sa.JSON, nullable=False))
    #: Variant axes in order: [{"key": "colour", "name_zh": "颜色", "name_en": "Colour", "values": [...]}, …]
    axes: list[dict[str, Any]] = Field(default_factory=list, sa_column=sa.Column(sa.JSON, nullable=False))
    sku_pattern: str = "{product}-{colour}-{size}"
    #: A comparable branded product's price, private, under a generic label ("同类大牌行李箱").
    reference_price: Decimal | None = Field(default=None, sa_column=sa.Column(ExactDecimal, nullable=True))
    reference_label: str = ""
    currency: str = Field(default="CNY", max_length=3)
    version: int = Field(default=1, sa_column=_product_version)
    created_at: datetime = Field(default_factory=utc_now, sa_column=sa.Column(UTCDateTime, nullable=False))
    updated_at: datetime = Field(default_factory=utc_now, sa_column=sa.Column(UTCDateTime, nullable=False))


class Sku(SQLModel, table=True):
    """One variant of a product (colour × size…), with its own barcode, weight and cost."""

    __tablename__ = "sku"
    __mapper_args__: ClassVar[dict[str, Any]] = {"version_id_col": _sku_version}

    id: int | None = Field(default=None, primary_key=True)
    product_id: int = Field(foreign_key="product.id", ondelete="CASCADE", index=True)
    code: str = Field(sa_column=sa.Column(sa.String(80), nullable=False, unique=True))
    #: {axis key: value}, e.g. {"colour": "黑色 Black", "size": "20\""}
    options: dict[str, str] = Field(default_factory=dict, sa_column=sa.Column(sa.JSON, nullable=False))
    gtin: str = Field(default="", max_length=14)
    weight_g: int | None = None
    length_mm: int | None = None
    width_mm: int | None = None
    height_mm: int | None = None
    #: Ex-factory cost per unit (exact decimal, in the product's currency).
    cost: Decimal | None = Field(default=None, sa_column=sa.Column(ExactDecimal, nullable=True))
    position: int = 0
    version: int = Field(default=1, sa_column=_sku_version)


class ProductImage(SQLModel, table=True):
    """An image of a product, kept as a Blob; derived sizes are made on demand."""

    __tablename__ = "product_image"

    id: int | None = Field(default=None, primary_key=True)
    product_id: int = Field(foreign_key="product.id", ondelete="CASCADE", index=True)
    blob_id: int = Field(foreign_key="blob.id", ondelete="RESTRICT")
    sku_id: int | None = Field(default=None, foreign_key="sku.id", ondelete="SET NULL")
    role: str = Field(default=ImageRole.DETAIL.value, max_length=20)
    position: int = 0
    width: int = 0
    height: int = 0
    alt: str = ""
    file_name: str = ""


class ProductCertificate(SQLModel, table=True):
    """A certificate or test report linked to a product as evidence for its claims."""

    __tablename__ = "product_certificate"

    product_id: int = Field(foreign_key="product.id", ondelete="CASCADE", primary_key=True)
    certificate_id: int = Field(foreign_key="certificate.id", ondelete="CASCADE", primary_key=True)
