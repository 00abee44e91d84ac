# The math module: constants, rounding functions, powers/roots/logs, trig,
# integer helpers, errors.
import math
print(math.pi, math.e, math.tau, math.inf, -math.inf)
print(math.floor(2.7), math.floor(-2.7), math.ceil(2.1), math.ceil(-2.1), math.trunc(-2.7), math.trunc(2.7))
print(math.sqrt(16), math.sqrt(2), math.isqrt(17), math.pow(2, 10), math.exp(0), math.exp(1))
print(math.log(math.e), math.log(8, 2), math.log10(1000), math.log2(1024), math.log(1))
print(math.sin(0), math.cos(0), round(math.sin(math.pi / 2), 12), round(math.cos(math.pi), 12))
print(round(math.tan(math.pi / 4), 12), math.atan2(1, 1) * 4 == math.pi, round(math.degrees(math.pi), 9), math.radians(180) == math.pi)
print(math.hypot(3, 4), math.fabs(-3), math.fabs(2), math.copysign(3, -0.0), math.fmod(-7, 3), -7 % 3)
print(math.gcd(12, 18), math.gcd(0, 5), math.gcd(-4, 6), math.factorial(0), math.factorial(10), math.factorial(20))
print(math.comb(5, 2), math.perm(5, 2), math.comb(10, 0), math.prod([1, 2, 3, 4]), math.fsum([0.1] * 10), sum([0.1] * 10))
print(math.isclose(0.1 + 0.2, 0.3), math.isclose(1, 1.1), math.isclose(1, 1.05, rel_tol=0.1))
print(math.isinf(math.inf), math.isnan(math.nan), math.isfinite(1e308), math.isnan(1.0))
print(math.modf(3.25), math.modf(-1.5), math.frexp(8.0), math.ldexp(0.5, 4))
print(isinstance(math.floor(1.5), int), isinstance(math.sqrt(4), float), math.floor(5), math.ceil(5.0))
areas = [round(math.pi * r * r, 2) for r in range(1, 5)]
print(areas)
print(f"{math.pi:.5f} {math.e:.3f} {math.sqrt(2):10.6f}|")
try:
    math.sqrt(-1)
except ValueError as e:
    print("ValueError:", e)
try:
    math.log(0)
except ValueError as e:
    print("ValueError:", e)
try:
    math.factorial(-1)
except ValueError as e:
    print("ValueError:", e)
from math import floor, ceil, sqrt
print(floor(-0.5), ceil(-0.5), sqrt(0.25))
