# Ends with an uncaught ValueError raised three calls deep; the harness
# compares stdout, the exit code and the last line of stderr.
def parse(text):
    print("parsing", repr(text))
    return int(text)

def parse_all(items):
    out = []
    for item in items:
        out.append(parse(item))
        print("so far", out)
    return out

def main():
    print("start")
    try:
        parse_all(["1", "oops"])
    except ValueError as e:
        print("handled:", e)
    values = parse_all(["10", "-20"])
    print("sum", sum(values))
    check(values)
    print("not reached")

def check(values):
    if sum(values) < 0:
        raise ValueError(f"bad value: total {sum(values)} is negative")

main()
