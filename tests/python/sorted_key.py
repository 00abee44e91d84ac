# Sorting: key functions, reverse, stability, multi-key via tuples,
# sort() vs sorted(), sorting objects by attribute.
words = ["banana", "Apple", "cherry", "apple", "Banana", "fig", "date"]
print(sorted(words))
print(sorted(words, key=lambda w: w.lower()))
print(sorted(words, key=len))
print(sorted(words, key=len, reverse=True))
print(sorted(words, key=lambda w: (len(w), w)))
print(sorted(words, key=lambda w: (-len(w), w.lower())))
records = [("ann", 3), ("bob", 1), ("cid", 3), ("dee", 2), ("eve", 1)]
by_score = sorted(records, key=lambda r: r[1])
print(by_score)
print(sorted(records, key=lambda r: r[1], reverse=True))
two_pass = sorted(records, key=lambda r: r[0], reverse=True)
two_pass.sort(key=lambda r: r[1])
print(two_pass)
nums = [5, -3, 0, 12, -8, 7, -3]
print(sorted(nums), sorted(nums, key=abs), sorted(nums, key=lambda n: (n % 3, n)))
nums.sort(key=lambda n: -n)
print(nums)
print(sorted([3.5, 1, 2.25, -0.5, 2]), sorted([True, False, True]), sorted([(2, "b"), (2, "a"), (1, "z")]))
print(sorted([[3, 1], [2, 9], [3, 0], [2]]))
print(sorted("Mississippi"))
d = {"pear": 3, "apple": 7, "fig": 3, "kiwi": 1}
print(sorted(d), sorted(d, key=d.get), sorted(d.items(), key=lambda kv: kv[1], reverse=True))
print([k for k, v in sorted(d.items(), key=lambda kv: (-kv[1], kv[0]))])

class Emp:
    def __init__(self, name, dept, pay):
        self.name = name
        self.dept = dept
        self.pay = pay

    def __repr__(self):
        return f"{self.name}/{self.dept}/{self.pay}"

staff = [Emp("zed", "ops", 50), Emp("amy", "dev", 70), Emp("bo", "dev", 70), Emp("cy", "ops", 40)]
print(sorted(staff, key=lambda e: e.pay))
print(sorted(staff, key=lambda e: (e.dept, -e.pay, e.name)))
print(max(staff, key=lambda e: e.pay), min(staff, key=lambda e: (e.pay, e.name)))
orig = [3, 1, 2]
new = sorted(orig)
print(orig, new, orig.sort(), orig)
print(sorted([]), sorted(()), sorted(range(3), reverse=True), sorted({3: 0, 1: 0}))
print(list(reversed(sorted([1, 3, 2]))))
try:
    sorted([1, None])
except TypeError as e:
    print("TypeError:", e)
