"""Connection and KPI SQL for the notebooks: one place for both of them.

Configuration follows the project's precedence: process environment > .env > the native stack's
.stack/endpoints.env and .stack/secrets.env > the defaults in .env.example (generated from the
variable registry in lib/config/variables.ts). The notebooks log in with the read-only analytics role
and read the KPI SQL from sql/<dialect>/kpis/, never a copy of it.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import pandas as pd

REPO_ROOT = Path(__file__).resolve().parent.parent
DIALECTS = ("mssql", "clickhouse", "postgres")
FUNNEL_STEPS = ("page_view", "product_view", "add_to_cart", "checkout_start", "purchase")
ALL_TIME = (datetime(1970, 1, 1, tzinfo=timezone.utc), datetime(2200, 1, 1, tzinfo=timezone.utc))


class NotebookConfigError(RuntimeError):
    """A configuration problem, said in a sentence that names the variable and what to do."""


def _read_env_file(path: Path, commented: bool = False) -> dict[str, str]:
    values: dict[str, str] = {}
    if not path.is_file():
        return values
    pattern = re.compile(r"^#\s*([A-Z][A-Z0-9_]*)=(.*)$" if commented else r"^([A-Z][A-Z0-9_]*)=(.*)$")
    for line in path.read_text(encoding="utf-8").splitlines():
        match = pattern.match(line.strip())
        if match:
            values[match.group(1)] = match.group(2).strip().strip('"')
    return values


def load_config(root: Path = REPO_ROOT, environ: dict[str, str] | None = None) -> dict[str, str]:
    """Every variable the notebooks use, resolved with the project's precedence."""
    env = dict(os.environ if environ is None else environ)
    dotenv = _read_env_file(root / ".env")
    defaults = _read_env_file(root / ".env.example", commented=True)
    stack_dir = Path(env.get("STACK_DIR") or dotenv.get("STACK_DIR") or defaults.get("STACK_DIR") or ".stack")
    if not stack_dir.is_absolute():
        stack_dir = root / stack_dir
    stack = {**_read_env_file(stack_dir / "secrets.env"), **_read_env_file(stack_dir / "endpoints.env")}
    return {**defaults, **stack, **dotenv, **{k: v for k, v in env.items() if v != ""}}


@dataclass
class Warehouse:
    """A read-only connection to the warehouse, with the KPI queries as DataFrames."""

    dialect: str
    description: str
    _connection: Any

    def kpi_sql(self, name: str) -> str:
        path = REPO_ROOT / "sql" / self.dialect / "kpis" / f"{name}.sql"
        if not path.is_file():
            raise NotebookConfigError(f"There is no KPI {name!r} for {self.dialect}: {path} is missing.")
        sql = path.read_text(encoding="utf-8")
        if self.dialect == "clickhouse":
            return re.sub(r"@(from|to)\b", lambda m: "{" + m.group(1) + ":DateTime64(3, 'UTC')}", sql)
        # psycopg and pymssql both take pyformat parameters; a literal % must be doubled.
        return re.sub(r"@(from|to)\b", r"%(\1)s", sql.replace("%", "%%"))

    def kpi(self, name: str, since: datetime | None = None, until: datetime | None = None) -> pd.DataFrame:
        """Runs sql/<dialect>/kpis/<name>.sql over [since, until) (all time by default)."""
        params = {"from": since or ALL_TIME[0], "to": until or ALL_TIME[1]}
        sql = self.kpi_sql(name)
        if self.dialect == "clickhouse":
            return self._connection.query_df(sql, parameters=params)
        if self.dialect == "mssql":
            params = {key: value.replace(tzinfo=None) for key, value in params.items()}
        with self._connection.cursor() as cursor:
            cursor.execute(sql, params)
            columns = [column[0] for column in cursor.description]
            return pd.DataFrame.from_records(cursor.fetchall(), columns=columns)

    def feedback_rows(self, since: datetime | None = None, until: datetime | None = None) -> pd.DataFrame:
        """Raw feedback rows (feature, rating, ts, comment) in [since, until), for exploration."""
        params = {"from": since or ALL_TIME[0], "to": until or ALL_TIME[1]}
        if self.dialect == "clickhouse":
            sql = "SELECT feature, rating, ts, comment FROM feedback FINAL WHERE ts >= {from:DateTime64(3, 'UTC')} AND ts < {to:DateTime64(3, 'UTC')}"
            return self._connection.query_df(sql, parameters=params)
        if self.dialect == "mssql":
            params = {key: value.replace(tzinfo=None) for key, value in params.items()}
        with self._connection.cursor() as cursor:
            cursor.execute("SELECT feature, rating, ts, comment FROM feedback WHERE ts >= %(from)s AND ts < %(to)s", params)
            return pd.DataFrame.from_records(cursor.fetchall(), columns=["feature", "rating", "ts", "comment"])

    def close(self) -> None:
        self._connection.close()


def _url_parts(url: str, variable: str):
    parsed = urlparse(url)
    if not parsed.hostname:
        raise NotebookConfigError(f"{variable}={url!r} is not a URL with a host; see the README's configuration table.")
    return parsed


def _required(config: dict[str, str], name: str, hint: str) -> str:
    value = config.get(name)
    if not value:
        raise NotebookConfigError(f"{name} is not set: {hint}.")
    return value


def connect(warehouse: str | None = None, config: dict[str, str] | None = None) -> Warehouse:
    """Connects to the warehouse chosen by `warehouse` or WAREHOUSE with the read-only analytics role."""
    config = config or load_config()
    dialect = (warehouse or config.get("WAREHOUSE") or "mssql").strip()
    if dialect not in DIALECTS:
        raise NotebookConfigError(f"WAREHOUSE={dialect!r} is not one of {', '.join(DIALECTS)}.")
    if dialect == "postgres":
        import psycopg

        url = _url_parts(config.get("PG_URL", ""), "PG_URL")
        user = config.get("PG_READER_USER", "warehouse_reader")
        password = _required(
            config,
            "PG_READER_PASSWORD",
            "the read-only role cannot log in. The native stack writes it to .stack/secrets.env (npm run stack:up); "
            "elsewhere set it in .env and run npm run db:migrate",
        )
        database = unquote(url.path.lstrip("/")) or "warehouse"
        connection = psycopg.connect(
            host=url.hostname, port=url.port or 5432, dbname=database, user=user, password=password, autocommit=True
        )
        return Warehouse(dialect, f"PostgreSQL at {url.hostname}:{url.port or 5432}/{database} as {user}", connection)
    if dialect == "mssql":
        import pymssql

        url = _url_parts(config.get("MSSQL_URL", ""), "MSSQL_URL")
        password = _required(
            config, "MSSQL_READER_PASSWORD", "set it in .env and run npm run db:migrate, which creates the read-only login warehouse_reader_login"
        )
        database = unquote(url.path.lstrip("/")) or "warehouse"
        connection = pymssql.connect(
            server=url.hostname, port=str(url.port or 1433), user="warehouse_reader_login", password=password, database=database
        )
        return Warehouse(dialect, f"SQL Server at {url.hostname}:{url.port or 1433}/{database} as warehouse_reader_login", connection)
    url_text = config.get("CLICKHOUSE_URL", "")
    if not url_text:
        raise NotebookConfigError(
            "WAREHOUSE=clickhouse needs CLICKHOUSE_URL: start the native stack's ClickHouse service "
            "(npm run stack:up -- --warehouse clickhouse writes it into .stack/endpoints.env), or point it at a "
            "ClickHouse server (Compose publishes http://127.0.0.1:8123)."
        )
    import clickhouse_connect

    url = _url_parts(url_text, "CLICKHOUSE_URL")
    password = _required(
        config,
        "CLICKHOUSE_READER_PASSWORD",
        "set it in .env (npm run up generates one) and run npm run db:migrate, which creates the read-only user warehouse_reader_user",
    )
    user = "warehouse_reader_user"
    database = config.get("CLICKHOUSE_DATABASE", "warehouse")
    client = clickhouse_connect.get_client(
        host=url.hostname,
        port=url.port or (8443 if url.scheme == "https" else 8123),
        secure=url.scheme == "https",
        username=user,
        password=password,
        database=database,
    )
    return Warehouse(dialect, f"ClickHouse at {url.hostname}:{url.port or 8123}/{database} as {user}", client)


def average_order_value(revenue: Any, orders: int) -> Decimal | None:
    """Revenue / orders rounded half up to the cent, as the KPI report computes it."""
    if not orders:
        return None
    return (Decimal(str(revenue)) / Decimal(orders)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def money(value: Any) -> str:
    """A money amount as the KPI report prints it: two decimals, no exponent."""
    return str(Decimal(str(value)).quantize(Decimal("0.01")))


def parse_time(text: str | None) -> datetime | None:
    """'2025-01-01T00:00:00Z' (or empty for no bound) → an aware UTC datetime."""
    if not text:
        return None
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
