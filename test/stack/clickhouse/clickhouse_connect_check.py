"""Drives the native stack's ClickHouse service with clickhouse-connect (the notebooks' and Superset's
client) and prints one JSON object of what it saw. Run by clickhouse-service.int.test.ts."""

import json
import os
from decimal import Decimal

import clickhouse_connect
from clickhouse_connect.driver.exceptions import DatabaseError

url = os.environ["CH_URL"].rstrip("/").rsplit(":", 1)
host, port = url[0].split("//")[1], int(url[1])
database = os.environ["CH_DATABASE"]
seen = {}


def client(user, password, compress):
    return clickhouse_connect.get_client(
        host=host, port=port, username=user, password=password, database=database, compress=compress
    )


def code_of(action):
    try:
        action()
    except DatabaseError as error:
        return getattr(error, "code", None) or str(error)[:200]
    return "not refused"


for compress in (False, True):
    admin = client("default", os.environ["CH_ADMIN_PASSWORD"], compress)
    key = "compressed" if compress else "plain"
    admin.command("CREATE TABLE IF NOT EXISTS py_rows (id UInt32, name String, price Decimal(18, 2)) ENGINE = MergeTree ORDER BY id")
    admin.insert("py_rows", [[i, f"name {i}", Decimal(i) / 4] for i in range(1, 1001)], column_names=["id", "name", "price"])
    seen[key] = {
        "ping": admin.ping(),
        "version": admin.server_version,
        "count": admin.command("SELECT count() FROM py_rows"),
        "sum": str(admin.query("SELECT sum(price) FROM py_rows").result_rows[0][0]),
        "param": admin.query("SELECT {n:UInt32} * 2, {s:String}", parameters={"n": 21, "s": "it's"}).result_rows[0],
        "frame_rows": len(admin.query_df("SELECT number FROM numbers(200000)")),
        "error": code_of(lambda: admin.query("SELECT * FROM no_such_table")),
    }
    admin.command("TRUNCATE TABLE py_rows")

reader = client("warehouse_reader_user", os.environ["CH_READER_PASSWORD"], False)
seen["reader"] = {
    "select": reader.command("SELECT 1"),
    "insert": code_of(lambda: reader.insert("py_rows", [[1, "x", Decimal(1)]], column_names=["id", "name", "price"])),
}
seen["wrong_password"] = code_of(lambda: client("default", "wrong", False).command("SELECT 1"))
print(json.dumps(seen, default=str))
