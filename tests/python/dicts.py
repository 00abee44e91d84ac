# Dicts: insertion order, methods, views, missing keys, nesting.
d = {"b": 2, "a": 1}
d["c"] = 3
d["b"] = 20
print(d, len(d))
print(list(d.keys()), list(d.values()), list(d.items()))
for k in d:
    print(k, d[k])
for k, v in d.items():
    print(f"{k}={v}", end=" ")
print()
print(d.get("a"), d.get("zz"), d.get("zz", -1))
print("a" in d, "zz" in d, 1 in d)
print(d.pop("a"), d.pop("zz", "default"))
print(d)
print(d.setdefault("x", []), d.setdefault("b", 99))
d["x"].append(1)
print(d)
d.update({"c": 30, "new": 4})
d.update(k=5)
print(d)
print(d.popitem(), d)
del d["b"]
print(d)
e = dict(a=1, b=2)
f = dict([("x", 1), ("y", 2)])
g = dict(zip("pq", [7, 8]))
print(e, f, g, dict())
print(e == {"b": 2, "a": 1}, e != f)
counts = {}
for ch in "mississippi":
    counts[ch] = counts.get(ch, 0) + 1
print(counts)
print(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
inv = {v: k for k, v in {"one": 1, "two": 2}.items()}
print(inv)
nested = {"outer": {"inner": [1, 2, {"deep": (3, 4)}]}, 5: "five", (1, 2): "tuple key"}
print(nested)
print(nested["outer"]["inner"][2]["deep"][1], nested[(1, 2)])
keys = {1: "int", 1.0: "float", True: "bool"}
print(keys)
try:
    d["missing"]
except KeyError as ex:
    print("KeyError", ex, repr(ex), ex.args)
try:
    {}.popitem()
except KeyError as ex:
    print("KeyError", ex)
c = d.copy()
c["copy"] = True
print(len(d), len(c))
print({**e, **f, "a": 100})
d2 = {"q": 1}
d2.clear()
print(d2, bool(d2), bool({0: 0}))
print(list(reversed({"a": 1, "b": 2, "c": 3})))
print(dict.fromkeys([1, 2, 3], 0))
print({"k": "it's", "k2": 'say "x"'})
