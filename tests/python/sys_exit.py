# sys and time: sys.maxsize, sys.exit with a code inside finally-bearing
# code; time.time/perf_counter/sleep are only compared, never printed.
import sys
import time

print(sys.maxsize, sys.maxsize > 0)
t0 = time.time()
p0 = time.perf_counter()
m0 = time.monotonic()
time.sleep(0.01)
print(time.time() >= t0, time.perf_counter() - p0 >= 0.009, time.monotonic() >= m0)
print(isinstance(time.time(), float), time.time() > 1.6e9)

def shutdown(code):
    try:
        print("shutting down with", code)
        sys.exit(code)
    finally:
        print("finally still runs")

try:
    sys.exit(5)
except SystemExit as e:
    print("caught SystemExit", e.code, repr(e))
print(issubclass(SystemExit, Exception), issubclass(SystemExit, BaseException))
try:
    shutdown(0)
except BaseException as e:
    print("caught", type(e).__name__, e.code)
shutdown(3)
print("not reached")
