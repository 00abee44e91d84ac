# Numeric builtins and operators: int/float semantics, floor division and
# modulo with negatives, round (banker's), divmod, pow, conversions, bases.
print(7 // 2, -7 // 2, 7 // -2, -7 // -2, 7 % 3, -7 % 3, 7 % -3, -7 % -3)
print(7 / 2, -7 / 2, 6 / 3, 1 / 3, 2 ** 10, 2 ** -1, (-2) ** 3, -2 ** 2, 10 ** 0)
print(7.5 // 2, -7.5 // 2, 7.5 % 2, -7.5 % 2, 5 % 2.5)
print(divmod(17, 5), divmod(-17, 5), divmod(17, -5), divmod(7.5, 2))
print(abs(-5), abs(3), abs(-2.5), abs(0), abs(-0.0))
print(round(2.5), round(3.5), round(-2.5), round(0.5), round(1.5), round(2.675, 2), round(3.14159, 3))
print(round(1234, -2), round(1250, -2), round(1350, -2), round(-0.4), round(7), round(2.0))
print(pow(2, 8), pow(2, 0.5), pow(3, 4, 5), pow(-2, 3), pow(10, -2), pow(7, 2, 10))
print(int(3.9), int(-3.9), int("42"), int("  -17 "), int("ff", 16), int("0b101", 0), int("777", 8), int(True))
print(float(3), float("2.5"), float("-1e3"), float("  7 "), float("inf"), float("-inf"), float(False))
print(str(10), str(-0.5), str(1e100), str(123456789012345.0), str(0.1), str(100.0), str(1.5e-10))
print(bool(0), bool(1), bool(-1), bool(0.0), bool(""), bool("0"), bool([]), bool([0]), bool(None))
print(hex(255), hex(-255), hex(0), bin(10), bin(-10), bin(0))
print(min(3, 1, 2), max(3, 1, 2), min([4, -4]), max("abc"), min(2.5, 2), max(1, 1.0), max(1.0, 1))
print(sum([1, 2, 3]), sum([0.1] * 10), sum([], 10), sum(range(101)), sum([1.5, 2.5]))
print(1 + 2.0, 3 * 1.0, 10 - 0.5, 2 * True, True + True, 5 // 2.0, 9 ** 0.5)
x_none = None
print(0.1 + 0.2 == 0.3, abs(0.1 + 0.2 - 0.3) < 1e-9, 1 == 1.0, x_none is not None)
print(3 < 5 < 7, 3 < 5 > 7, 1 < 2 == 2, not 0, not 5)
print(5 & 3, 5 | 3, 5 ^ 3, ~5, 1 << 10, 1024 >> 3, -16 >> 2)
print(max(-9223372036854775807, 0), 9223372036854775807, -9223372036854775807 - 1)
print(10 // 3 * 3 + 10 % 3, 2 ** 62, 3 ** 39)
x = 10
x += 5; x -= 3; x *= 2; x //= 5; x **= 3; x %= 7
print(x)
y = 7.0
y /= 2
print(y)
print(int("1_000"), 1_000_000, 0xff, 0o17, 0b1010, 1e3, 2.5e-3)
print(float("nan") == float("nan"), float("inf") > 10 ** 18)
try:
    int("1.0")
except ValueError as e:
    print("ValueError:", e)
try:
    10 // 0
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
try:
    divmod(1, 0)
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
try:
    0.0 ** -1
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
try:
    int("z", 10)
except ValueError as e:
    print("ValueError:", e)
try:
    round("1")
except TypeError as e:
    print("TypeError:", e)
