# printf-style % formatting.
print("%s and %s" % ("this", "that"))
print("%d items" % 5, "%i" % -3, "%5d|" % 42, "%-5d|" % 42, "%05d" % 42, "%+d" % 7)
print("%.2f" % 3.14159, "%8.3f|" % 2.5, "%-8.1f|" % 2.25, "%08.2f" % -1.5, "%.0f" % 2.5)
print("%x %X %o %#x %#o" % (255, 255, 8, 255, 8))
print("%e %.2e %g %g" % (12345.678, 0.000123, 0.0001, 1234567.0))
print("%r %s" % ("q", "q"), "%r" % ([1, "a"],), "%s" % [1, "a"])
print("%c%c" % (72, "i"), "100%%" % (), "%s%%" % 50)
print("%(name)s is %(age)d" % {"name": "Bob", "age": 30})
print("%10s|%-10s|" % ("right", "left"))
print("%.3s" % "abcdef", "%5.1s|" % "xyz")
print("%s" % (1,), "%s" % ((1, 2),), "%s %s" % (None, True))
print("%d" % 3.99, "%d" % -3.99, "%s" % 3.0, "%s" % 1e20)
vals = [("alpha", 1, 0.5), ("beta", 22, 12.25), ("gamma", 333, -0.125)]
for name, count, ratio in vals:
    print("%-6s|%4d|%7.3f" % (name, count, ratio))
try:
    print("%d %d" % (1,))
except TypeError as e:
    print("TypeError:", e)
try:
    print("%d" % (1, 2))
except TypeError as e:
    print("TypeError:", e)
try:
    print("%d" % "x")
except TypeError as e:
    print("TypeError:", e)
try:
    print("%(missing)s" % {"k": 1})
except KeyError as e:
    print("KeyError:", e)
msg = "total: %d/%d (%.1f%%)" % (3, 8, 3 / 8 * 100)
print(msg)
s = "x=%s"
s %= 5
print(s)
