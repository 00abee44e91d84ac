# A failing assert at module level after output; stdout must be flushed
# before the traceback.
def mean(xs):
    assert xs, "mean of an empty list"
    return sum(xs) / len(xs)
print(mean([1, 2, 3, 4]))
print(mean([2.5]))
for i in range(3):
    print("line", i, end="; ")
print()
print(mean([]))
