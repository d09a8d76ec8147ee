"""Superset's configuration on the native stack (stack/services/superset-service.ts starts it with this file).

Everything that differs per machine comes from the environment the stack sets: the metadata database
(SQLite under the stack directory), the secret key (the stack's secrets file), nothing in this file.
"""

import os

SECRET_KEY = os.environ["SUPERSET_SECRET_KEY"]
SQLALCHEMY_DATABASE_URI = os.environ["SUPERSET_METADATA_URI"]

# KPI datasets are the KPI files of sql/<dialect>/kpis/ with their @from/@to written as Jinja
# ({{ from_dttm }}, {{ to_dttm }}): template processing turns a dashboard's time range into them.
FEATURE_FLAGS = {
    "ENABLE_TEMPLATE_PROCESSING": True,
    "DASHBOARD_RBAC": False,
}

# One local process on 127.0.0.1: no Redis; results and filter state cached in memory.
CACHE_CONFIG = {"CACHE_TYPE": "SimpleCache", "CACHE_DEFAULT_TIMEOUT": 300}
DATA_CACHE_CONFIG = CACHE_CONFIG
FILTER_STATE_CACHE_CONFIG = CACHE_CONFIG
EXPLORE_FORM_DATA_CACHE_CONFIG = CACHE_CONFIG
RATELIMIT_STORAGE_URI = "memory://"

# Served on 127.0.0.1 over plain HTTP: no HTTPS redirect or HSTS.
TALISMAN_ENABLED = False
SESSION_COOKIE_SECURE = False

# The stack's own example data stays out.
SUPERSET_LOAD_EXAMPLES = False
