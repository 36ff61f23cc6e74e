"""Factory Direct (工厂直营): take a factory's own brand online.

Layers, one direction only (see shared/architecture.md):
    main.py -> app.bootstrap -> app.views (Qt) -> app.services (no Qt) -> app.models (no Qt)
                                                   app.db (engine, sessions, migrations; no Qt)
"""

__version__ = "0.1.0"
APP_NAME = "Factory Direct"
APP_NAME_ZH = "工厂直营"
APP_ID = "FactoryDirect"
WORKSPACE_SUFFIX = ".fdw"
