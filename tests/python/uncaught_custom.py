# An uncaught user-defined exception raised from another one: stderr ends
# with the final exception's class name and message.
class AppError(Exception):
    pass

class DatabaseError(AppError):
    def __init__(self, table, reason):
        super().__init__(f"{table}: {reason}")
        self.table = table

def query(table):
    rows = {"users": [1, 2, 3]}
    try:
        return rows[table]
    except KeyError as e:
        raise DatabaseError(table, "no such table") from e

print(query("users"))
try:
    query("posts")
except AppError as e:
    print("first failure:", e, "| table:", e.table, "| cause:", repr(e.__cause__))
query("orders")
