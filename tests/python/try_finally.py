# finally on return, break, continue, and exceptions; return overriding.
def ret_in_try():
    try:
        return "try"
    finally:
        print("finally runs before return")

print(ret_in_try())

def finally_overrides():
    try:
        return "try"
    finally:
        return "finally"

print(finally_overrides())

def swallow():
    try:
        raise ValueError("lost")
    finally:
        return "swallowed"

print(swallow())

def order():
    log = []
    try:
        log.append("try")
        try:
            log.append("inner try")
            raise KeyError("k")
        except KeyError:
            log.append("inner except")
            raise IndexError("i")
        finally:
            log.append("inner finally")
    except IndexError as e:
        log.append(f"outer except {e}")
    else:
        log.append("else")
    finally:
        log.append("outer finally")
    return log

print(order())

for i in range(5):
    try:
        if i == 1:
            continue
        if i == 3:
            break
        print("body", i)
    finally:
        print("finally", i)

i = 0
while True:
    try:
        i += 1
        if i > 2:
            break
    finally:
        print("while finally", i)
print("after loop", i)

def value_in_finally():
    x = 1
    try:
        return x
    finally:
        x = 2
        print("x changed to", x)

print(value_in_finally())

def nested_returns(n):
    try:
        try:
            if n:
                return "inner"
        finally:
            print("  inner finally", n)
        return "after"
    finally:
        print("  outer finally", n)

print(nested_returns(1))
print(nested_returns(0))

def else_only():
    try:
        v = 10
    except Exception:
        return "except"
    else:
        return f"else {v}"
    finally:
        print("else_only finally")

print(else_only())

def loop_with_finally():
    out = []
    for x in [1, 2, 3]:
        try:
            try:
                if x == 2:
                    raise ValueError(x)
                out.append(x)
            finally:
                out.append(-x)
        except ValueError as e:
            out.append(f"err{e}")
    return out

print(loop_with_finally())
