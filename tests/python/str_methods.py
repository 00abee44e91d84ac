# str methods: split/join/strip/find/replace/case/predicates/padding.
s = "  Hello, World!  "
print(repr(s), len(s))
print(repr(s.strip()), repr(s.lstrip()), repr(s.rstrip()))
print(repr("xxhixx".strip("x")), repr("abcba".strip("ab")))
t = s.strip()
print(t.lower(), t.upper(), t.swapcase(), "hello world".title(), "hello World".capitalize())
print(t.find("o"), t.find("o", 5), t.find("zz"), t.rfind("o"), t.index("W"))
print(t.count("l"), t.count(""), "aaaa".count("aa"))
print(t.replace("l", "L"), t.replace("l", "L", 2), t.replace("", "-")[:8])
print(t.startswith("Hell"), t.startswith(("x", "He")), t.endswith("!"), t.endswith("d"))
print("a,b,,c".split(","), "a,b,,c".split(",", 1), "a b  c\t d\n".split())
print("  lead and trail  ".split(" "), "".split(), "".split(","))
print("x=1=2".rsplit("=", 1), "x=1=2".partition("="), "x=1=2".rpartition("="), "abc".partition("z"))
print("line1\nline2\r\nline3\n".splitlines())
print("-".join(["a", "b", "c"]), "".join([]), ", ".join(str(i) for i in range(4)))
print("abc".isalpha(), "ab1".isalpha(), "123".isdigit(), "12a".isdigit(), "  ".isspace(), "".isspace())
print("abc".islower(), "ABC".isupper(), "Abc".isupper(), "ab12".isalnum(), "ab 12".isalnum())
print(repr("7".zfill(3)), repr("-7".zfill(4)), repr("ab".center(6, "*")), repr("ab".ljust(5) + "|"), repr("ab".rjust(5, ".")))
print("ab" * 3, "ab" + "cd", "b" in "abc", "ac" in "abc", "" in "abc")
print("abc" < "abd", "Z" < "a", "abc" < "ab", "abc" == "abc")
print(str(42), str(-3.5), str(None), str(True), str([1, "a"]))
print(repr("it's"), repr('say "hi"'), repr("both ' and \""), repr("tab\tnew\nback\\"))
print("{} + {} = {}".format(1, 2, 3), "{0}{1}{0}".format("a", "b"), "{name}!".format(name="x"))
print("%s" % "pct")
word = "racecar"
print(word == word[::-1], word[::-1], word.upper()[1:4])
chars = []
for ch in "héllo":
    chars.append(ch)
print(chars, len("héllo"))
print(ord("A"), chr(97), ord("é"), chr(8364))
print("Mississippi".lower().count("ss"), "banana".find("an", 2), "banana".rindex("an"))
try:
    "abc".index("z")
except ValueError as e:
    print("ValueError:", e)
try:
    "abc"[10]
except IndexError as e:
    print("IndexError:", e)
try:
    "abc" + 1
except TypeError as e:
    print("TypeError:", e)
try:
    "a".join([1, 2])
except TypeError as e:
    print("TypeError:", e)
print("CSV: " + ";".join(x.strip().upper() for x in " a , b ,c ".split(",")))
print("a-b_c d".replace("-", " ").replace("_", " ").split())
