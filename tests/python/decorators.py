# Decorators written as closures: wrappers, arguments, stacking, class
# method decorators, decorators that register.
registry = {}

def register(name):
    def deco(fn):
        registry[name] = fn
        return fn
    return deco

def trace(fn):
    def wrapper(*args, **kwargs):
        print(f"-> {fn.__name__}{args} {kwargs}")
        result = fn(*args, **kwargs)
        print(f"<- {fn.__name__} = {result!r}")
        return result
    return wrapper

def times(n):
    def deco(fn):
        def wrapper(*args):
            return [fn(*args) for _ in range(n)]
        return wrapper
    return deco

@register("add")
@trace
def add(a, b=1):
    return a + b

@times(3)
def greet(name):
    return "hi " + name

print(add(2), add(2, b=5))
print(greet("bo"))
print(sorted(registry), registry["add"](10, 10))

call_counts = {}

def count_calls(fn):
    call_counts[fn.__name__] = 0
    def wrapper(*args):
        call_counts[fn.__name__] += 1
        return fn(*args)
    return wrapper

@count_calls
def square(x):
    return x * x

print([square(i) for i in range(4)], call_counts)

def bold(fn):
    return lambda *a: "<b>" + fn(*a) + "</b>"

def italic(fn):
    return lambda *a: "<i>" + fn(*a) + "</i>"

@bold
@italic
def text(s):
    return s

print(text("hello"))

class Greeter:
    def __init__(self, greeting):
        self.greeting = greeting

    def __repr__(self):
        return f"Greeter({self.greeting!r})"

    @trace
    def greet(self, who):
        return f"{self.greeting}, {who}"

print(Greeter("Hey").greet("you"))

def validate_positive(fn):
    def wrapper(x):
        if x < 0:
            raise ValueError(f"{fn.__name__} needs x >= 0, got {x}")
        return fn(x)
    return wrapper

@validate_positive
def root(x):
    return x ** 0.5

print(root(9.0))
try:
    root(-4)
except ValueError as e:
    print("ValueError:", e)
