# f-strings: expressions, conversions, format specs (width, align, fill,
# precision, sign, zero padding, thousands separators, bases, percent).
name = "Ada"
n = 42
neg = -7
pi = 3.14159265
big = 1234567.891
print(f"{name} is {n}", f"{n + 1}", f"{name!r}", f"{name!s}", f"{[1, 'a']!r}")
print(f"[{n:5}] [{n:<5}] [{n:^5}] [{n:>5}] [{n:05}] [{neg:05}] [{neg:>5}]")
print(f"[{name:8}] [{name:>8}] [{name:^8}] [{name:*^9}] [{name:-<6}] [{name:.2}]")
print(f"{pi:.2f} {pi:.0f} {pi:08.3f} {-pi:08.3f} {pi:+.1f} {pi: .3f} {pi:10.4f}|")
print(f"{big:,} {big:,.2f} {1234567:,} {-1234567:,} {1000:_} {0.5:.1%} {0.123:%}")
print(f"{255:x} {255:X} {255:#x} {5:b} {5:08b} {8:o} {8:#o} {-255:x} {255:#010x}")
print(f"{1e-5:.2e} {12345.678:e} {12345.678:.3g} {0.0001:g} {100.0:g} {2.5:.0f} {3.5:.0f}")
print(f"{3:.2f} {True} {None} {n:d} {7:3d}| {1.0} {-0.0} {1/3}")
width = 7
prec = 2
print(f"[{pi:{width}.{prec}f}] [{name:>{width}}]")
items = {"apple": 1.5, "kiwi": 0.25, "watermelon": 3.0}
for k, v in items.items():
    print(f"{k:<12}|{v:>8.2f}|{v * 100:6.0f}%")
print(f"{{literal braces}} {{{n}}}")
print(f"{'nested ' + name.upper()}", f"{n if n > 40 else 0}", f"{[x * 2 for x in range(3)]}")
print(f"{n=}", f"{pi=:.2f}", f"{name=!s}")
d = {"k": "v"}
print(f"{d['k']} {d}")
print(f"{'left':<10}|{'right':>10}|{'mid':^10}|")
print(f"{12:>+6} {-12:<6}| {12:=+6} {-3.5:=8.2f}")
print(f"{'x'!r:>5} {3.0!s:>6}")
print("{:>6.2f}|{:<4}|{:^7}|{:,}".format(2.345, "ab", "mid", 9876543))
print("{0:.3f} {1!r} {0:e}".format(1.5, "q"))
print(format(3.14159, ".3f"), format(255, "x"), format("s", ">3"), format(1234, ","))
print(f"{0.1 + 0.2} {0.1 + 0.2:.2f} {1e16} {1e15} {123456789.0} {1.5e-7}")
print(f"{-1:03} {0:+} {1_000_000:>12,}")
