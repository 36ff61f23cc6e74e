"""The product editor: SPU fields, the category's attributes, the variant matrix and SKUs, images and
evidence, with every edit saved at once and undoable on the app's shared undo stack.

    from app.views.products.editor import ProductEditorDialog
    ProductEditorDialog(services, undo_stack, product_id, parent).show()   # product_id=None: a new product

Modules: `dialog` (the window), `state` (the product being edited and every save), `commands` (undo
commands), `models` (SKU table and image grid models), and one module per tab (`basics`, `attributes`,
`variants`, `images`, `evidence`) plus the `completeness_panel`.
"""

from app.views.products.editor.dialog import (
    ProductEditorDialog,
    ask_about_conflict,
    product_service,
)

__all__ = ["ProductEditorDialog", "ask_about_conflict", "product_service"]
