# Loops: for/while with break, continue, else clauses, nested loops,
# loop variables after the loop, iterating while building.
for i in range(5):
    if i == 3:
        break
else:
    print("not printed")
print("broke at", i)
for i in range(3):
    pass
else:
    print("for-else ran, i =", i)
for item in []:
    print("never")
else:
    print("empty for-else ran")
n = 0
while n < 3:
    n += 1
else:
    print("while-else ran, n =", n)
while True:
    n -= 1
    if n == 1:
        break
else:
    print("not printed")
print("n", n)
odds = []
for v in range(10):
    if v % 2 == 0:
        continue
    odds.append(v)
print(odds)
def find(grid, target):
    for r, row in enumerate(grid):
        for c, val in enumerate(row):
            if val == target:
                return r, c
    return None
grid = [[1, 2, 3], [4, 5, 6]]
print(find(grid, 5), find(grid, 7))
def is_prime(k):
    if k < 2:
        return False
    for d in range(2, k):
        if d * d > k:
            break
        if k % d == 0:
            return False
    return True
print([k for k in range(30) if is_prime(k)])
for outer in range(3):
    for inner in range(3):
        if inner == outer:
            continue
        if inner > outer:
            break
        print(f"({outer},{inner})", end=" ")
print()
queue = [1]
seen = []
while queue:
    cur = queue.pop(0)
    seen.append(cur)
    if cur < 20:
        queue.extend([cur * 2, cur * 3])
print(seen)
total = 0
for ch in "a1b2c3":
    if ch.isdigit():
        total += int(ch)
print(total)
count = 0
for _ in range(3):
    for _ in range(4):
        count += 1
print(count)
x = 100
while x > 1:
    x //= 3
    print("x", x)
for i, ch in enumerate("abc"):
    print(i, ch, end=" | ")
print()
for i in range(10, 0, -4):
    print(i, end=",")
print()
